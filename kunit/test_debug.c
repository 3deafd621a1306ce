// SPDX-License-Identifier: GPL-2.0
/*
 * slabstat_debug: every detector commits its bug on purpose and must see it.
 * Poison (write after free), red zones (overruns on either side), hardened
 * free pointers (a corrupted free word), double free in a debug cache, and
 * fault injection in the slab and magazine allocations.  Each checks its
 * counter, the quarantine, and that the accounting still balances: the
 * reports are pr_err, never WARN.
 */
#include <kunit/test.h>
#include <linux/poison.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "ss_test.h"

static long ss_dbg(struct slabstat_cache *c, enum ss_dbg_kind k)
{
	return atomic_long_read(&c->dbg[k]);
}

/* Allocate @n objects; none may be @bad.  Free them again. */
static void ss_expect_never(struct kunit *test, struct slabstat_cache *c,
			    void *bad, unsigned int n)
{
	void **objs = kunit_kcalloc(test, n, sizeof(void *), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, objs);
	for (i = 0; i < n; i++) {
		objs[i] = slabstat_alloc(c, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, objs[i]);
		KUNIT_EXPECT_PTR_NE(test, objs[i], bad);
	}
	for (i = 0; i < n; i++)
		slabstat_free(c, objs[i]);
}

/* A free object is poisoned; a write after free is caught at reuse. */
static void ss_debug_poison(struct kunit *test)
{
	struct slabstat_cache *c;
	u8 *obj, *again;
	unsigned int i;

	c = ss_test_cache(test, "dbg-poison", 100, 0, SLABSTAT_POISON, NULL);
	KUNIT_EXPECT_GE(test, c->free_off, 100);	/* free word outside */
	migrate_disable();
	obj = slabstat_alloc(c, GFP_ATOMIC);
	if (obj)
		slabstat_free(c, obj);
	migrate_enable();
	KUNIT_ASSERT_NOT_NULL(test, obj);
	for (i = 0; i < 99; i++)
		KUNIT_ASSERT_EQ(test, obj[i], POISON_FREE);
	KUNIT_EXPECT_EQ(test, obj[99], POISON_END);

	obj[42] = 0x42;				/* the bug: write after free */
	migrate_disable();
	again = slabstat_alloc(c, GFP_ATOMIC);	/* LIFO would give obj */
	migrate_enable();
	KUNIT_ASSERT_NOT_NULL(test, again);
	KUNIT_EXPECT_PTR_NE(test, again, obj);
	KUNIT_EXPECT_EQ(test, ss_dbg(c, SS_DBG_POISON), 1);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&c->quarantined), 1);
	KUNIT_EXPECT_TRUE(test, test_bit(SS_DBG_POISON, &c->dbg_reported));
	slabstat_free(c, again);
	/* Quarantined for good, and a double free of it is refused. */
	slabstat_free(c, obj);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&c->bad[SS_BAD_DOUBLE_FREE]), 1);
	ss_expect_never(test, c, obj, 3 * c->objs_per_slab);
	ss_test_expect_check_ok(test, c);
}

/* One byte past the end, and one before the start, are overruns. */
static void ss_debug_redzone(struct kunit *test)
{
	struct slabstat_cache *c;
	u8 *right, *left, *ok;

	c = ss_test_cache(test, "dbg-redzone", 30, 0, SLABSTAT_REDZONE, NULL);
	KUNIT_EXPECT_GE(test, c->lrz, SS_RZ);
	KUNIT_EXPECT_GE(test, c->free_off - c->size, SS_RZ);
	right = slabstat_alloc(c, GFP_KERNEL);
	left = slabstat_alloc(c, GFP_KERNEL);
	ok = slabstat_alloc(c, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, right);
	KUNIT_ASSERT_NOT_NULL(test, left);
	KUNIT_ASSERT_NOT_NULL(test, ok);
	memset(ok, 0x11, 30);			/* a full, legal write */

	right[30] = 0;				/* the bugs */
	left[-1] = 0;
	slabstat_free(c, right);
	slabstat_free(c, left);
	slabstat_free(c, ok);
	KUNIT_EXPECT_EQ(test, ss_dbg(c, SS_DBG_REDZONE_RIGHT), 1);
	KUNIT_EXPECT_EQ(test, ss_dbg(c, SS_DBG_REDZONE_LEFT), 1);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&c->quarantined), 2);
	ss_expect_never(test, c, right, 2 * c->objs_per_slab);
	ss_expect_never(test, c, left, 2 * c->objs_per_slab);
	ss_test_expect_check_ok(test, c);
}

/*
 * A write after free into a free object's free word (not a debug cache:
 * the word is inside the object) must not steer the allocator: the bad
 * pointer is caught when followed and the slab's free objects quarantined.
 */
static void ss_debug_free_pointer(struct kunit *test)
{
	struct slabstat_cache *c;
	struct ss_slab *slab;
	unsigned long *head;
	void *keep, *obj;
	unsigned int i;

	c = ss_test_cache(test, "dbg-freeptr", 64, 0, 0, NULL);
	keep = slabstat_alloc(c, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, keep);
	slabstat_cache_shrink(c);		/* the rest back on the slab */
	slab = ss_test_slab(keep);
	KUNIT_ASSERT_NOT_NULL(test, slab);
	KUNIT_ASSERT_NOT_NULL(test, slab->freelist);
	/* The object's last word: a stale pointer's first writes miss it. */
	KUNIT_EXPECT_EQ(test, c->free_off, c->size - sizeof(void *));
	head = (unsigned long *)((u8 *)slab->freelist + c->free_off);
	/* Free words are stored encoded, never as plain pointers. */
	for (i = 0; i < c->objs_per_slab; i++) {
		unsigned long w = *(unsigned long *)((u8 *)ss_slab_obj(c, slab, i) +
						     c->free_off);
		unsigned long base = (unsigned long)slab->base;

		KUNIT_EXPECT_FALSE(test, w >= base && w < base + c->slab_bytes);
	}

	*head = 0x4141414141414141UL;		/* the bug */
	obj = slabstat_alloc(c, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, obj);
	KUNIT_EXPECT_EQ(test, ss_dbg(c, SS_DBG_FREELIST), 1);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&c->quarantined),
			c->objs_per_slab - 1);
	KUNIT_EXPECT_PTR_NE(test, ss_test_slab(obj), slab);
	slabstat_free(c, obj);
	slabstat_free(c, keep);
	ss_test_expect_check_ok(test, c);
}

/* The module's debug caches catch double and wrong-cache frees as well. */
static void ss_debug_double_free(struct kunit *test)
{
	struct slabstat_cache *c, *other;
	void *obj;

	c = ss_test_cache(test, "dbg-double", 48, 0, SS_DEBUG_FLAGS, NULL);
	other = ss_test_cache(test, "dbg-other", 48, 0, SS_DEBUG_FLAGS, NULL);
	obj = slabstat_alloc(c, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, obj);
	slabstat_free(other, obj);
	slabstat_free(c, obj);
	slabstat_free(c, obj);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&other->bad[SS_BAD_WRONG_CACHE]),
			1);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&c->bad[SS_BAD_DOUBLE_FREE]), 1);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&c->quarantined), 0);
	ss_test_expect_check_ok(test, c);
}

static void ss_fail_off(void *unused)
{
	slabstat_test_fail(false, 0);
	slabstat_test_fail(true, 0);
}

/* No slab pages to be had: NULL, 0 from bulk, and nothing out of balance. */
static void ss_debug_fail_pages(struct kunit *test)
{
	struct slabstat_stats st;
	struct slabstat_cache *c;
	unsigned int n, got;
	void **objs, *one;

	c = ss_test_cache(test, "fail-pages", 128, 0, 0, NULL);
	n = 2 * c->objs_per_slab;
	objs = kunit_kcalloc(test, n, sizeof(void *), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, objs);
	one = slabstat_alloc(c, GFP_KERNEL);	/* one slab exists */
	KUNIT_ASSERT_NOT_NULL(test, one);

	if (slabstat_test_fail(false, 1000))
		kunit_skip(test, "no CONFIG_FAULT_INJECTION");
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, ss_fail_off,
							   NULL));
	/* Needs a second slab: all or nothing, so nothing. */
	KUNIT_EXPECT_EQ(test, slabstat_alloc_bulk(c, GFP_KERNEL, n, objs), 0);
	/*
	 * What the first slab holds can still be had, then nothing.  On one
	 * CPU: the first refill moves the slab's free objects into this CPU's
	 * magazine, where a migrated task would not find them.
	 */
	slabstat_cache_shrink(c);
	migrate_disable();
	for (got = 0; got < n; got++) {
		objs[got] = slabstat_alloc(c, GFP_KERNEL);
		if (!objs[got])
			break;
	}
	migrate_enable();
	KUNIT_EXPECT_EQ(test, got, c->objs_per_slab - 1);
	slabstat_free_bulk(c, got, objs);
	kunit_release_action(test, ss_fail_off, NULL);

	slabstat_free(c, one);
	slabstat_cache_stats(c, &st);
	KUNIT_EXPECT_EQ(test, st.allocs, st.frees);
	KUNIT_EXPECT_GT(test, st.allocs, 1);	/* the bulk's partial take */
	ss_test_expect_check_ok(test, c);
	KUNIT_EXPECT_EQ(test, slabstat_alloc_bulk(c, GFP_KERNEL, n, objs), n);
	slabstat_free_bulk(c, n, objs);
	ss_test_expect_check_ok(test, c);
}

/* No magazines to be had: objects go straight between slabs and callers. */
static void ss_debug_fail_magazines(struct kunit *test)
{
	struct slabstat_stats st;
	struct slabstat_cache *c;
	void *objs[40];
	unsigned int i;

	c = ss_test_cache(test, "fail-mags", 64, 0, 0, NULL);
	if (slabstat_test_fail(true, 100000))
		kunit_skip(test, "no CONFIG_FAULT_INJECTION");
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, ss_fail_off,
							   NULL));
	for (i = 0; i < ARRAY_SIZE(objs); i++) {
		objs[i] = slabstat_alloc(c, GFP_KERNEL);
		KUNIT_EXPECT_NOT_NULL(test, objs[i]);
	}
	for (i = 0; i < ARRAY_SIZE(objs); i++)
		slabstat_free(c, objs[i]);
	KUNIT_EXPECT_EQ(test, slabstat_alloc_bulk(c, GFP_KERNEL, 20, objs), 20);
	slabstat_free_bulk(c, 20, objs);
	kunit_release_action(test, ss_fail_off, NULL);

	slabstat_cache_stats(c, &st);
	KUNIT_EXPECT_EQ(test, st.allocs, ARRAY_SIZE(objs) + 20);
	KUNIT_EXPECT_EQ(test, st.frees, ARRAY_SIZE(objs) + 20);
	KUNIT_EXPECT_EQ(test, st.mag_hits, 0);
	ss_test_expect_check_ok(test, c);
}

static struct kunit_case ss_debug_cases[] = {
	KUNIT_CASE(ss_debug_poison),
	KUNIT_CASE(ss_debug_redzone),
	KUNIT_CASE(ss_debug_free_pointer),
	KUNIT_CASE(ss_debug_double_free),
	KUNIT_CASE(ss_debug_fail_pages),
	KUNIT_CASE(ss_debug_fail_magazines),
	{}
};

struct kunit_suite ss_debug_suite = {
	.name = "slabstat_debug",
	.suite_init = ss_test_pause_reaper,
	.suite_exit = ss_test_resume_reaper,
	.test_cases = ss_debug_cases,
};
