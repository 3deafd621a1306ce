// SPDX-License-Identifier: GPL-2.0
/* Shared helpers and the module's suite list. */
#include <kunit/test.h>
#include <linux/fs.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/string.h>

#include "ss_test.h"

static void ss_test_destroy_action(void *cache)
{
	slabstat_cache_destroy(cache);
}

struct slabstat_cache *ss_test_cache(struct kunit *test, const char *name,
				     unsigned int size, unsigned int align,
				     unsigned int flags, void (*ctor)(void *))
{
	struct slabstat_cache *c;

	c = slabstat_cache_create(name, size, align, flags, ctor);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, c);
	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test, ss_test_destroy_action,
						  c));
	return c;
}

static inline u8 ss_test_byte(const void *obj, unsigned int i, u8 tag)
{
	unsigned long a = (unsigned long)obj;

	return (u8)((a >> 3) ^ (a >> 11) ^ i ^ tag);
}

void ss_test_fill(void *obj, unsigned int size, u8 tag)
{
	unsigned int i;
	u8 *p = obj;

	for (i = 0; i < size; i++)
		p[i] = ss_test_byte(obj, i, tag);
}

int ss_test_verify(const void *obj, unsigned int size, u8 tag)
{
	const u8 *p = obj;
	unsigned int i;

	for (i = 0; i < size; i++)
		if (p[i] != ss_test_byte(obj, i, tag))
			return i;
	return -1;
}

void ss_test_expect_check_ok(struct kunit *test, struct slabstat_cache *c)
{
	struct ss_check_result res;

	KUNIT_ASSERT_EQ(test, 0, slabstat_test_check(c, &res));
	KUNIT_EXPECT_TRUE_MSG(test, res.ok,
			      "check failed: global %lx cache %lx",
			      res.global_mismatch, res.cache_mismatch);
}

static void ss_test_kvfree(void *p)
{
	kvfree(p);
}

#define SS_TEST_REPORT_MAX	(512 * 1024)

/*
 * Read all of an open report, in reads of at most @chunk bytes, into a
 * test-managed, NUL-terminated buffer.
 */
char *ss_test_read_open_report(struct kunit *test, struct file *f,
			       size_t chunk)
{
	size_t len = 0;
	loff_t pos = 0;
	ssize_t n;
	char *buf;

	buf = kvzalloc(SS_TEST_REPORT_MAX, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, ss_test_kvfree,
							   buf));
	do {
		n = kernel_read(f, buf + len,
				min(chunk, SS_TEST_REPORT_MAX - 1 - len), &pos);
		KUNIT_ASSERT_GE_MSG(test, n, 0, "read at %zu", len);
		len += n;
	} while (n > 0 && len < SS_TEST_REPORT_MAX - 1);
	KUNIT_ASSERT_LT(test, len, SS_TEST_REPORT_MAX - 1);
	KUNIT_ASSERT_GT(test, len, 0);
	return buf;
}

static void ss_test_close(void *f)
{
	filp_close(f, NULL);
}

/* Open the report; it is closed when the test ends, pass or fail. */
struct file *ss_test_open_report(struct kunit *test)
{
	struct file *f;

	f = filp_open("/sys/kernel/debug/slabstat", O_RDONLY, 0);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(f), "open: %ld", PTR_ERR(f));
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, ss_test_close,
							   f));
	return f;
}

/* Open the report, read all of it, close it. */
char *ss_test_read_report(struct kunit *test)
{
	struct file *f = ss_test_open_report(test);
	char *buf;

	buf = ss_test_read_open_report(test, f, SIZE_MAX);
	kunit_release_action(test, ss_test_close, f);
	return buf;
}

/* Return the line that starts with @prefix, NUL-terminated, or NULL. */
char *ss_test_report_line(char *report, const char *prefix)
{
	char *line = report;

	while (line && *line) {
		char *end = strchr(line, '\n');

		if (!strncmp(line, prefix, strlen(prefix))) {
			if (end)
				*end = '\0';
			return line;
		}
		line = end ? end + 1 : NULL;
	}
	return NULL;
}

int ss_test_pause_reaper(struct kunit_suite *suite)
{
	slabstat_test_pause_reaper(true);
	return 0;
}

void ss_test_resume_reaper(struct kunit_suite *suite)
{
	slabstat_test_pause_reaper(false);
}

kunit_test_suites(&ss_slab_suite, &ss_magazine_suite, &ss_depot_suite,
		  &ss_cache_suite, &ss_badinput_suite, &ss_check_suite,
		  &ss_concurrency_suite, &ss_debug_suite, &ss_trace_suite,
		  &ss_track_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("slabstat KUnit suites");

/* Read all of a small file into a kunit-managed, NUL-terminated buffer. */
char *ss_test_read_file(struct kunit *test, const char *path)
{
	const size_t size = 64 * 1024;
	struct file *f;
	loff_t pos = 0;
	ssize_t n;
	char *buf;

	buf = kunit_kzalloc(test, size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	f = filp_open(path, O_RDONLY, 0);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(f), "open %s: %ld", path,
			       PTR_ERR(f));
	n = kernel_read(f, buf, size - 1, &pos);
	filp_close(f, NULL);
	KUNIT_ASSERT_GT(test, n, 0);
	return buf;
}

/* Write @val to the file at @path (a module parameter).  Return: 0 or -errno. */
int ss_test_write_file(const char *path, const char *val)
{
	struct file *f = filp_open(path, O_WRONLY, 0);
	loff_t pos = 0;
	ssize_t n;

	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_write(f, val, strlen(val), &pos);
	filp_close(f, NULL);
	return n < 0 ? n : 0;
}
