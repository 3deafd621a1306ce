/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers shared by the slabstat KUnit suites. */
#ifndef _SS_TEST_H
#define _SS_TEST_H

#include <kunit/test.h>
#include <linux/err.h>
#include <linux/fs.h>

#include "internal.h"
#include "object.h"

/* The slab header of an object known to be in a slabstat slab. */
static inline struct ss_slab *ss_test_slab(const void *obj)
{
	struct slabstat_cache *owner;

	return ss_obj_to_slab(obj, &owner);
}

/* The first byte of the slab holding @obj. */
static inline u8 *ss_test_base(const void *obj)
{
	return ss_test_slab(obj)->base;
}

/* Create a cache that is destroyed when the test ends, pass or fail. */
struct slabstat_cache *ss_test_cache(struct kunit *test, const char *name,
				     unsigned int size, unsigned int align,
				     unsigned int flags, void (*ctor)(void *));

/* Fill an object with a pattern derived from its address and a tag. */
void ss_test_fill(void *obj, unsigned int size, u8 tag);
/* Return the offset of the first byte that breaks the pattern, or -1. */
int ss_test_verify(const void *obj, unsigned int size, u8 tag);

/* Run the quiesced check and expect it to say ok. */
void ss_test_expect_check_ok(struct kunit *test, struct slabstat_cache *c);

/* Read all of a small file into a test-managed, NUL-terminated buffer. */
char *ss_test_read_file(struct kunit *test, const char *path);
/* Write @val to the file at @path (a module parameter): 0 or -errno. */
int ss_test_write_file(const char *path, const char *val);

/* Read all of the report (one open) into a test-managed buffer. */
char *ss_test_read_report(struct kunit *test);
/* Open the report; closed when the test ends. */
struct file *ss_test_open_report(struct kunit *test);
/* Read all of an open report, @chunk bytes per read at most. */
char *ss_test_read_open_report(struct kunit *test, struct file *f,
			       size_t chunk);
/* The line of @report that starts with @prefix, NUL-terminated, or NULL. */
char *ss_test_report_line(char *report, const char *prefix);

/* suite_init/suite_exit for suites whose reaps must be their own. */
int ss_test_pause_reaper(struct kunit_suite *suite);
void ss_test_resume_reaper(struct kunit_suite *suite);

extern struct kunit_suite ss_slab_suite, ss_magazine_suite, ss_depot_suite;
extern struct kunit_suite ss_cache_suite, ss_badinput_suite;
extern struct kunit_suite ss_check_suite, ss_concurrency_suite;
extern struct kunit_suite ss_debug_suite, ss_trace_suite, ss_track_suite;

#endif
