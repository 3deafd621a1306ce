// SPDX-License-Identifier: GPL-2.0
/*
 * slabstat_caches: /sys/kernel/debug/slabstat_caches, the file read without
 * stopping anyone.  Its header, a cache's figures against
 * slabstat_cache_stats() and the slab layer, the verdict of the last check
 * (never, ok, MISMATCH, ok again), and that reading it runs no check.
 */
#include <kunit/test.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "ss_test.h"

#define SS_CACHES_HEADER \
	"# name objsize allocs frees live held_bytes slabs depot_cached hits misses check"

/* One row of the file. */
struct ss_caches_line {
	char name[SLABSTAT_NAME_MAX + 1];
	unsigned long long objsize, allocs, frees, live, held, slabs, cached;
	unsigned long long hits, misses;
	char check[16];
};

/* Find @name's row in the file and parse it. */
static void ss_caches_find(struct kunit *test, const char *name,
			   struct ss_caches_line *l)
{
	char *buf = ss_test_read_file(test, "/sys/kernel/debug/slabstat_caches");
	char *line = buf, *end;
	int n;

	KUNIT_ASSERT_EQ(test, strncmp(buf, SS_CACHES_HEADER "\n",
				      strlen(SS_CACHES_HEADER) + 1), 0);
	while ((end = strchr(line, '\n'))) {
		*end = '\0';
		if (!strncmp(line, name, strlen(name)) &&
		    line[strlen(name)] == ' ')
			break;
		line = end + 1;
	}
	KUNIT_ASSERT_NOT_NULL_MSG(test, end, "no row for %s", name);
	n = sscanf(line, "%31s %llu %llu %llu %llu %llu %llu %llu %llu %llu %15s",
		   l->name, &l->objsize, &l->allocs, &l->frees, &l->live,
		   &l->held, &l->slabs, &l->cached, &l->hits, &l->misses,
		   l->check);
	KUNIT_ASSERT_EQ_MSG(test, n, 11, "row: %s", line);
}

struct ss_caches_skew {
	struct slabstat_cache *cache;
};

/* Mend the count even when an assertion ends the test early. */
static void ss_caches_unskew(void *arg)
{
	struct ss_caches_skew *s = arg;

	slabstat_test_skew(s->cache, SS_SKEW_CACHE_ALLOCS, -1);
}

/*
 * An idle cache's row equals slabstat_cache_stats() and the slab layer, and
 * its check column follows the quiesced checks: never before the first,
 * ok, MISMATCH while a count is broken, ok again once it is mended.
 */
static void ss_caches_row(struct kunit *test)
{
	struct ss_check_result res;
	struct ss_caches_skew *skew;
	struct ss_caches_line l;
	struct slabstat_stats st;
	struct slabstat_cache *c;
	void *objs[100];
	unsigned int i;

	c = ss_test_cache(test, "caches-row", 100, 0, 0, NULL);
	for (i = 0; i < ARRAY_SIZE(objs); i++) {
		objs[i] = slabstat_alloc(c, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, objs[i]);
	}
	for (i = 0; i < ARRAY_SIZE(objs); i += 3)
		slabstat_free(c, objs[i]);

	ss_caches_find(test, "caches-row", &l);
	slabstat_cache_stats(c, &st);
	KUNIT_EXPECT_EQ(test, l.objsize, 100);
	KUNIT_EXPECT_EQ(test, l.allocs, 100);
	KUNIT_EXPECT_EQ(test, l.frees, 34);
	KUNIT_EXPECT_EQ(test, l.live, 66);
	KUNIT_EXPECT_EQ(test, l.hits, st.mag_hits);
	KUNIT_EXPECT_EQ(test, l.misses, st.mag_misses);
	KUNIT_EXPECT_EQ(test, l.hits + l.misses, 134);
	KUNIT_EXPECT_EQ(test, l.slabs, READ_ONCE(c->slabs.nr_slabs));
	KUNIT_EXPECT_GT(test, l.slabs, 0);
	KUNIT_EXPECT_EQ(test, l.held, l.slabs * c->slab_bytes);
	KUNIT_EXPECT_EQ(test, l.held, READ_ONCE(c->slabs.nr_pages) * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, l.cached,
			(u64)READ_ONCE(c->depot.nfull) * c->mag_size);
	KUNIT_EXPECT_STREQ(test, l.check, "never");

	ss_test_expect_check_ok(test, c);
	ss_caches_find(test, "caches-row", &l);
	KUNIT_EXPECT_STREQ(test, l.check, "ok");

	skew = kunit_kzalloc(test, sizeof(*skew), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skew);
	skew->cache = c;
	slabstat_test_skew(c, SS_SKEW_CACHE_ALLOCS, 1);
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test,
							   ss_caches_unskew,
							   skew));
	KUNIT_ASSERT_EQ(test, 0, slabstat_test_check(c, &res));
	KUNIT_EXPECT_FALSE(test, res.ok);
	ss_caches_find(test, "caches-row", &l);
	KUNIT_EXPECT_STREQ(test, l.check, "MISMATCH");

	kunit_release_action(test, ss_caches_unskew, skew);
	ss_test_expect_check_ok(test, c);
	ss_caches_find(test, "caches-row", &l);
	KUNIT_EXPECT_STREQ(test, l.check, "ok");

	for (i = 1; i < ARRAY_SIZE(objs); i++)
		if (i % 3)
			slabstat_free(c, objs[i]);
}

/* The "checks: runs=N" of a report read now (that read counts too). */
static unsigned long ss_caches_runs(struct kunit *test)
{
	char *p = strstr(ss_test_read_file(test, "/sys/kernel/debug/slabstat"),
			 "\nchecks: runs=");
	unsigned long runs;
	int n;

	KUNIT_ASSERT_NOT_NULL(test, p);
	n = sscanf(p, "\nchecks: runs=%lu", &runs);
	KUNIT_ASSERT_EQ(test, n, 1);
	return runs;
}

/* Reading the file runs no check: only the report's reads are counted. */
static void ss_caches_no_check(struct kunit *test)
{
	struct ss_caches_line l;
	unsigned long runs;
	unsigned int i;

	ss_test_cache(test, "caches-nocheck", 64, 0, 0, NULL);
	runs = ss_caches_runs(test);
	for (i = 0; i < 20; i++)
		ss_caches_find(test, "caches-nocheck", &l);
	KUNIT_EXPECT_EQ(test, ss_caches_runs(test), runs + 1);
}

static struct kunit_case ss_caches_cases[] = {
	KUNIT_CASE(ss_caches_row),
	KUNIT_CASE(ss_caches_no_check),
	{}
};

/* Its own suite list: no other file of the module needs to change. */
static struct kunit_suite ss_caches_suite = {
	.name = "slabstat_caches",
	.suite_init = ss_test_pause_reaper,
	.suite_exit = ss_test_resume_reaper,
	.test_cases = ss_caches_cases,
};

kunit_test_suites(&ss_caches_suite);
