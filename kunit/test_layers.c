// SPDX-License-Identifier: GPL-2.0
/*
 * One suite per layer: slabs, per-CPU magazines, depot.  These look at the
 * layers' own bookkeeping through the internal layout (internal.h), on one
 * CPU (migration disabled) where a layer's state is the point.
 */
#include <kunit/test.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/preempt.h>
#include <linux/slab.h>

#include "ss_test.h"

/* slabstat_slab */

static const struct {
	unsigned int size, align, flags;
} ss_layouts[] = {
	{ 1, 0, 0 }, { 8, 0, 0 }, { 24, 0, 0 }, { 64, 0, 0 }, { 100, 16, 0 },
	{ 192, 0, SLABSTAT_HWCACHE_ALIGN }, { 512, 512, 0 }, { 1000, 0, 0 },
	{ 3000, 0, 0 }, { 4096, 4096, 0 }, { SLABSTAT_MAX_OBJ_SIZE, 0, 0 },
};

static void ss_slab_layout(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ss_layouts); i++) {
		unsigned int align = ss_layouts[i].align ?: sizeof(void *);
		struct slabstat_cache *c;
		char name[16];

		snprintf(name, sizeof(name), "layout-%u", i);
		c = ss_test_cache(test, name, ss_layouts[i].size,
				  ss_layouts[i].align, ss_layouts[i].flags,
				  NULL);
		KUNIT_EXPECT_GE(test, c->stride, c->size);
		KUNIT_EXPECT_EQ(test, c->stride % align, 0);
		KUNIT_EXPECT_EQ(test, c->first_off % align, 0);
		KUNIT_EXPECT_EQ(test, c->first_off, c->lrz);
		KUNIT_EXPECT_GE(test, c->objs_per_slab, 1);
		KUNIT_EXPECT_LE(test, c->min_order, c->order);
		KUNIT_EXPECT_LE(test, c->order, SS_MAX_ORDER);
		KUNIT_EXPECT_EQ(test, c->objs_per_slab, c->slab_objs[c->order]);
		KUNIT_EXPECT_GE(test, c->slab_objs[c->min_order], 1);
		if (c->min_order)
			KUNIT_EXPECT_EQ(test, c->slab_objs[c->min_order - 1], 0);
		KUNIT_EXPECT_LE(test, c->first_off +
				(unsigned long)c->objs_per_slab * c->stride,
				c->slab_bytes);
		if (ss_layouts[i].flags & SLABSTAT_HWCACHE_ALIGN)
			KUNIT_EXPECT_EQ(test, c->align % cache_line_size(), 0);
	}
}

/*
 * The header is kept out of the slab: a power-of-two size fills a slab of
 * the lowest order that holds it, with no waste and no fallback order;
 * other sizes prefer an order that wastes at most 1/16 where one exists.
 */
static void ss_slab_orders(struct kunit *test)
{
	static const struct {
		unsigned int size, flags, order, min_order;
	} want[] = {
		{ 8, 0, 0, 0 }, { 64, 0, 0, 0 }, { 256, 0, 0, 0 },
		{ 1024, 0, 0, 0 }, { 2048, 0, 0, 0 }, { 4096, 0, 0, 0 },
		{ 8192, 0, 1, 1 },
		/* 4096 % 700 = 596 (14.6 %), 8192 % 700 = 492 (6.0 %) */
		{ 700, 0, 1, 0 },
		/* a red-zoned 8192 B slot needs more than two pages: */
		/* 16384 % 8232 = 8152 (49.8 %), 32768 % 8232 = 8072 (24.6 %) */
		{ 8192, SLABSTAT_REDZONE, 3, 2 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(want); i++) {
		struct slabstat_cache *c;
		char name[16];

		snprintf(name, sizeof(name), "orders-%u", i);
		c = ss_test_cache(test, name, want[i].size, 0, want[i].flags,
				  NULL);
		KUNIT_EXPECT_EQ_MSG(test, c->order, want[i].order, "size %u",
				    want[i].size);
		KUNIT_EXPECT_EQ_MSG(test, c->min_order, want[i].min_order,
				    "size %u", want[i].size);
		if (!want[i].flags && is_power_of_2(want[i].size))
			KUNIT_EXPECT_EQ(test, (unsigned long)c->objs_per_slab *
					c->stride, c->slab_bytes);
	}
}

/*
 * When the preferred order is not at hand the slab comes at the smallest
 * order that fits.  Its objects are found by the same cheap test as the
 * others' (the page marks carry the order), interior pointers into it are
 * refused, and the report counts the fallback.
 */
static void ss_slab_order_fallback(struct kunit *test)
{
	struct {
		void *objs[64];
		unsigned int n;
	} *r;
	struct slabstat_cache *c;
	struct ss_check_result res;
	struct ss_slab *small, *big;
	unsigned int i;

	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	c = ss_test_cache(test, "order-fb", 700, 0, 0, NULL);
	KUNIT_ASSERT_GT(test, c->order, c->min_order);
	KUNIT_ASSERT_EQ(test, slabstat_test_fail(false, 1), 0);
	/* The first slab: the preferred order fails once, the fallback not. */
	r->objs[0] = slabstat_alloc(c, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r->objs[0]);
	slabstat_test_fail(false, 0);
	small = ss_test_slab(r->objs[0]);
	KUNIT_EXPECT_EQ(test, small->order, c->min_order);
	KUNIT_EXPECT_EQ(test, small->objs, c->slab_objs[c->min_order]);
	KUNIT_EXPECT_EQ(test, c->slabs.order_fallback, 1);
	/* Past the small slab into one of the preferred order. */
	for (r->n = 1; r->n < small->objs + c->objs_per_slab; r->n++) {
		r->objs[r->n] = slabstat_alloc(c, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, r->objs[r->n]);
	}
	big = ss_test_slab(r->objs[r->n - 1]);
	KUNIT_EXPECT_EQ(test, big->order, c->order);
	KUNIT_EXPECT_EQ(test, c->slabs.nr_pages,
			(1UL << c->order) + (1UL << c->min_order));
	/* Interior pointers into either slab, and past the small one's end. */
	slabstat_free(c, (u8 *)r->objs[0] + 1);
	slabstat_free(c, ss_slab_obj(c, small, small->objs));
	slabstat_free(c, (u8 *)ss_slab_obj(c, big, big->objs - 1) + 8);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&c->bad[SS_BAD_INTERIOR]), 3);
	KUNIT_ASSERT_EQ(test, 0, slabstat_test_check(c, &res));
	KUNIT_EXPECT_TRUE(test, res.ok);
	for (i = 0; i < r->n; i++)
		slabstat_free(c, r->objs[i]);
	for (i = 0; i < SS_NR_BAD; i++)
		KUNIT_EXPECT_EQ(test, atomic_long_read(&c->bad[i]),
				i == SS_BAD_INTERIOR ? 3 : 0);
	ss_test_expect_check_ok(test, c);
	slabstat_cache_shrink(c);
	KUNIT_EXPECT_EQ(test, c->slabs.nr_pages, 0);
}

/*
 * __GFP_NOFAIL is honoured: never NULL, whatever fault injection says, and
 * without the page allocator's warnings (order above 1, or no reclaim).
 */
static void ss_slab_nofail(struct kunit *test)
{
	struct slabstat_cache *c, *d;
	void *a, *b, *e;

	c = ss_test_cache(test, "nofail-8k", 8192, 0, 0, NULL);
	d = ss_test_cache(test, "nofail-rz", 8192, 0, SLABSTAT_REDZONE, NULL);
	KUNIT_ASSERT_EQ(test, d->min_order, 2);
	KUNIT_ASSERT_EQ(test, slabstat_test_fail(false, 1000), 0);
	/* Injection is on: a plain allocation fails... */
	KUNIT_EXPECT_NULL(test, slabstat_alloc(c, GFP_KERNEL));
	/* ...and these do not. */
	a = slabstat_alloc(c, GFP_KERNEL | __GFP_NOFAIL);
	b = slabstat_alloc(d, GFP_KERNEL | __GFP_NOFAIL);
	slabstat_test_fail(false, 0);
	KUNIT_EXPECT_NOT_NULL(test, a);
	KUNIT_EXPECT_NOT_NULL(test, b);
	/* Without reclaim __GFP_NOFAIL cannot be kept: refused and counted. */
	e = slabstat_alloc(d, GFP_ATOMIC | __GFP_NOFAIL);
	KUNIT_EXPECT_EQ(test, d->slabs.nofail_bad, 1);
	slabstat_free(c, a);
	slabstat_free(d, b);
	slabstat_free(d, e);
	ss_test_expect_check_ok(test, c);
	ss_test_expect_check_ok(test, d);
}

/* Objects are distinct, aligned, inside a slab, and do not overlap. */
static void ss_slab_objects(struct kunit *test)
{
	const unsigned int n = 300;
	struct slabstat_cache *c;
	void **objs;
	unsigned int i;

	c = ss_test_cache(test, "objects", 72, 32, 0, NULL);
	objs = kunit_kcalloc(test, n, sizeof(*objs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, objs);
	for (i = 0; i < n; i++) {
		objs[i] = slabstat_alloc(c, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, objs[i]);
		KUNIT_EXPECT_EQ(test, (unsigned long)objs[i] % 32, 0);
		KUNIT_EXPECT_PTR_EQ(test, ss_test_slab(objs[i])->cache, c);
		ss_test_fill(objs[i], c->size, i);
	}
	for (i = 0; i < n; i++)
		KUNIT_EXPECT_EQ(test, ss_test_verify(objs[i], c->size, i), -1);
	KUNIT_EXPECT_GE(test, c->slabs.nr_slabs,
			DIV_ROUND_UP(n, c->objs_per_slab));
	for (i = 0; i < n; i++)
		slabstat_free(c, objs[i]);
	ss_test_expect_check_ok(test, c);
}

/* A slab gives its pages back once wholly free and no longer needed. */
static void ss_slab_give_back(struct kunit *test)
{
	struct slabstat_cache *c;
	const unsigned int n = 200;
	unsigned int i;
	void **objs;

	c = ss_test_cache(test, "give-back", 256, 0, 0, NULL);
	objs = kunit_kcalloc(test, n, sizeof(*objs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, objs);
	for (i = 0; i < n; i++) {
		objs[i] = slabstat_alloc(c, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, objs[i]);
	}
	KUNIT_EXPECT_GE(test, c->slabs.nr_slabs,
			DIV_ROUND_UP(n, c->objs_per_slab));
	/* Keep one object: its slab must stay. */
	for (i = 1; i < n; i++)
		slabstat_free(c, objs[i]);
	slabstat_cache_shrink(c);
	KUNIT_EXPECT_EQ(test, c->slabs.nr_slabs, 1);
	KUNIT_EXPECT_EQ(test, c->slabs.inuse, 1);
	KUNIT_EXPECT_EQ(test, c->slabs.nr_free, 0);
	slabstat_free(c, objs[0]);
	slabstat_cache_shrink(c);
	KUNIT_EXPECT_EQ(test, c->slabs.nr_slabs, 0);
	KUNIT_EXPECT_EQ(test, c->slabs.inuse, 0);
	ss_test_expect_check_ok(test, c);
}

/* The check's in-use count is the slab layer's, and the audit agrees. */
static void ss_slab_test_recount(struct kunit *test)
{
	struct ss_check_result res;
	struct slabstat_cache *c;
	void *objs[100];
	unsigned int i;

	c = ss_test_cache(test, "recount", 40, 0, 0, NULL);
	for (i = 0; i < ARRAY_SIZE(objs); i++)
		objs[i] = slabstat_alloc(c, GFP_KERNEL);
	for (i = 0; i < ARRAY_SIZE(objs); i += 2)
		slabstat_free(c, objs[i]);
	KUNIT_ASSERT_EQ(test, 0, slabstat_test_check(c, &res));
	KUNIT_EXPECT_TRUE(test, res.ok);
	KUNIT_EXPECT_EQ(test, res.cache_inuse, c->slabs.inuse);
	KUNIT_EXPECT_EQ(test, res.cache_live, ARRAY_SIZE(objs) / 2);
	KUNIT_EXPECT_EQ(test, res.cache_inuse - res.cache_cached,
			ARRAY_SIZE(objs) / 2);
	for (i = 1; i < ARRAY_SIZE(objs); i += 2)
		slabstat_free(c, objs[i]);
	ss_test_expect_check_ok(test, c);
}

/*
 * While the audit holds slab headers (c->slabs.auditing), giving free slabs
 * back leaves them all; once it is done, they go.
 */
static void ss_slab_audit_holds(struct kunit *test)
{
	struct slabstat_cache *c;
	unsigned long flags, slabs;
	void *objs[40];
	unsigned int i;

	c = ss_test_cache(test, "audit-holds", 256, 0, 0, NULL);
	for (i = 0; i < ARRAY_SIZE(objs); i++) {
		objs[i] = slabstat_alloc(c, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, objs[i]);
	}
	for (i = 0; i < ARRAY_SIZE(objs); i++)
		slabstat_free(c, objs[i]);
	slabs = c->slabs.nr_slabs;
	KUNIT_ASSERT_GE(test, slabs, 2);

	spin_lock_irqsave(&c->slabs.lock, flags);
	c->slabs.auditing = true;
	spin_unlock_irqrestore(&c->slabs.lock, flags);
	slabstat_cache_shrink(c);
	/* Every object is back on its slab, and every slab is kept. */
	KUNIT_EXPECT_EQ(test, c->slabs.nr_slabs, slabs);
	KUNIT_EXPECT_EQ(test, c->slabs.nr_free, slabs);
	KUNIT_EXPECT_EQ(test, c->slabs.inuse, 0);

	spin_lock_irqsave(&c->slabs.lock, flags);
	c->slabs.auditing = false;
	spin_unlock_irqrestore(&c->slabs.lock, flags);
	slabstat_cache_shrink(c);
	KUNIT_EXPECT_EQ(test, c->slabs.nr_slabs, 0);
	ss_test_expect_check_ok(test, c);
}

static struct kunit_case ss_slab_cases[] = {
	KUNIT_CASE(ss_slab_layout),
	KUNIT_CASE(ss_slab_orders),
	KUNIT_CASE(ss_slab_order_fallback),
	KUNIT_CASE(ss_slab_nofail),
	KUNIT_CASE(ss_slab_objects),
	KUNIT_CASE(ss_slab_give_back),
	KUNIT_CASE(ss_slab_test_recount),
	KUNIT_CASE(ss_slab_audit_holds),
	{}
};

struct kunit_suite ss_slab_suite = {
	.name = "slabstat_slab",
	.suite_init = ss_test_pause_reaper,
	.suite_exit = ss_test_resume_reaper,
	.test_cases = ss_slab_cases,
};

/* slabstat_magazine */

/* A warm alloc/free pair is served by the loaded magazine, LIFO. */
static void ss_mag_hit_lifo(struct kunit *test)
{
	struct slabstat_stats before, after;
	struct slabstat_cache *c;
	void *a, *b;

	c = ss_test_cache(test, "mag-hit", 64, 0, 0, NULL);
	migrate_disable();
	a = slabstat_alloc(c, GFP_ATOMIC);	/* warms the magazine */
	slabstat_cache_stats(c, &before);
	slabstat_free(c, a);
	b = slabstat_alloc(c, GFP_ATOMIC);
	slabstat_cache_stats(c, &after);
	migrate_enable();
	KUNIT_EXPECT_NOT_NULL(test, a);
	KUNIT_EXPECT_PTR_EQ(test, a, b);
	KUNIT_EXPECT_EQ(test, after.mag_hits - before.mag_hits, 2);
	KUNIT_EXPECT_EQ(test, after.mag_misses, before.mag_misses);
	KUNIT_EXPECT_EQ(test, after.depot_gets, before.depot_gets);
	slabstat_free(c, b);
	ss_test_expect_check_ok(test, c);
}

/*
 * With a loaded and a previous magazine, going back and forth across a
 * magazine boundary costs no depot trip (Bonwick and Adams, section 3.1):
 * the two magazines swap.  Each iteration below crosses the empty boundary
 * (second alloc) and the full boundary (second free); with one magazine a
 * CPU would visit the depot twice per iteration.
 */
static void ss_mag_boundary(struct kunit *test)
{
	struct slabstat_stats before, after;
	struct slabstat_cache *c;
	void *p1, *p2, *a, *b;
	unsigned int i, full;

	c = ss_test_cache(test, "mag-boundary", 32, 0, 0, NULL);
	p1 = slabstat_alloc(c, GFP_KERNEL);
	p2 = slabstat_alloc(c, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p1);
	KUNIT_ASSERT_NOT_NULL(test, p2);
	slabstat_cache_shrink(c);	/* no magazine on any CPU */

	migrate_disable();
	a = slabstat_alloc(c, GFP_ATOMIC);	/* a fresh, filled magazine */
	b = slabstat_alloc(c, GFP_ATOMIC);
	slabstat_free(c, p1);
	slabstat_free(c, p2);
	full = this_cpu_ptr(c->cpu)->loaded->rounds ==
	       this_cpu_ptr(c->cpu)->loaded->size;
	/* Loaded is full: this free makes loaded a fresh one holding 1. */
	slabstat_free(c, a);
	slabstat_cache_stats(c, &before);
	for (i = 0; i < 4 * c->mag_size; i++) {
		a = slabstat_alloc(c, GFP_ATOMIC);	/* loaded now empty */
		p1 = slabstat_alloc(c, GFP_ATOMIC);	/* crosses empty */
		slabstat_free(c, p1);			/* loaded full again */
		slabstat_free(c, a);			/* crosses full */
	}
	slabstat_cache_stats(c, &after);
	migrate_enable();
	KUNIT_EXPECT_TRUE_MSG(test, full, "loaded magazine not full at start");
	KUNIT_EXPECT_EQ(test, after.depot_gets - before.depot_gets, 0);
	KUNIT_EXPECT_EQ(test, after.depot_puts - before.depot_puts, 0);
	/* Every one of those crossings was a miss served by the swap. */
	KUNIT_EXPECT_GE(test, after.mag_misses - before.mag_misses,
			8 * c->mag_size);
	slabstat_free(c, b);
	ss_test_expect_check_ok(test, c);
}

/* Magazines that fill up go to the depot's full list, and come back. */
static void ss_mag_exchange(struct kunit *test)
{
	struct slabstat_cache *c;
	unsigned int m, i, n;
	void **objs;

	c = ss_test_cache(test, "mag-exchange", 128, 0, 0, NULL);
	m = c->mag_size;
	n = 5 * m;
	objs = kunit_kcalloc(test, n, sizeof(*objs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, objs);
	migrate_disable();
	for (i = 0; i < n; i++)
		objs[i] = slabstat_alloc(c, GFP_ATOMIC);
	for (i = 0; i < n; i++)
		slabstat_free(c, objs[i]);
	migrate_enable();
	/* Two magazines stay on the CPU; the rest must be in the depot. */
	KUNIT_EXPECT_GE(test, c->depot.nfull, 3);
	for (i = 0; i < n; i++) {
		objs[i] = slabstat_alloc(c, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, objs[i]);
	}
	for (i = 0; i < n; i++)
		slabstat_free(c, objs[i]);
	ss_test_expect_check_ok(test, c);
}

/* Bulk calls move whole runs of rounds. */
static void ss_mag_bulk(struct kunit *test)
{
	struct slabstat_stats st;
	struct slabstat_cache *c;
	const unsigned int n = 300;
	unsigned int i, j;
	void **objs;

	c = ss_test_cache(test, "mag-bulk", 48, 0, 0, NULL);
	objs = kunit_kcalloc(test, n, sizeof(*objs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, objs);
	KUNIT_ASSERT_EQ(test, slabstat_alloc_bulk(c, GFP_KERNEL,
						  n, objs),
			n);
	for (i = 0; i < n; i++) {
		KUNIT_ASSERT_NOT_NULL(test, objs[i]);
		ss_test_fill(objs[i], c->size, 7);
	}
	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_EQ(test, ss_test_verify(objs[i], c->size, 7), -1);
		for (j = i + 1; j < n; j++)
			KUNIT_ASSERT_PTR_NE(test, objs[i], objs[j]);
	}
	slabstat_free_bulk(c, n, objs);
	slabstat_cache_stats(c, &st);
	KUNIT_EXPECT_EQ(test, st.allocs, n);
	KUNIT_EXPECT_EQ(test, st.frees, n);
	KUNIT_EXPECT_EQ(test, slabstat_alloc_bulk(c, GFP_KERNEL, 0, objs), 0);
	ss_test_expect_check_ok(test, c);
}

static struct kunit_case ss_magazine_cases[] = {
	KUNIT_CASE(ss_mag_hit_lifo),
	KUNIT_CASE(ss_mag_boundary),
	KUNIT_CASE(ss_mag_exchange),
	KUNIT_CASE(ss_mag_bulk),
	{}
};

struct kunit_suite ss_magazine_suite = {
	.name = "slabstat_magazine",
	.suite_init = ss_test_pause_reaper,
	.suite_exit = ss_test_resume_reaper,
	.test_cases = ss_magazine_cases,
};

/* slabstat_depot */

/*
 * On one CPU, allocate @n objects, then free them all: the frees fill
 * magazines, and all but the CPU's two go to the depot.
 */
static void ss_churn_local(struct kunit *test, struct slabstat_cache *c,
			   unsigned int n)
{
	void **objs = kunit_kcalloc(test, n, sizeof(*objs), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, objs);
	migrate_disable();
	for (i = 0; i < n; i++)
		objs[i] = slabstat_alloc(c, GFP_ATOMIC);
	for (i = 0; i < n; i++)
		slabstat_free(c, objs[i]);
	migrate_enable();
	kunit_kfree(test, objs);
}

/* Leave about @mags full magazines in the depot. */
static void ss_depot_fill(struct kunit *test, struct slabstat_cache *c,
			  unsigned int mags)
{
	ss_churn_local(test, c, (mags + 2) * c->mag_size);
}

/*
 * Reclaim frees only what the depot did not need over a whole interval:
 * the first pass after activity keeps everything, an idle one gives back
 * all of it, rounds to the slabs and free slabs to the page allocator.
 */
static void ss_depot_working_set(struct kunit *test)
{
	struct slabstat_cache *c;
	unsigned int full;

	c = ss_test_cache(test, "depot-ws", 64, 0, 0, NULL);
	ss_depot_fill(test, c, 4);
	full = c->depot.nfull;
	KUNIT_ASSERT_GE(test, full, 4);
	/* Everything was in use this interval: min_full is 0. */
	slabstat_test_reap();
	KUNIT_EXPECT_EQ(test, c->depot.nfull, full);
	/* An idle interval: all of it is excess. */
	slabstat_test_reap();
	KUNIT_EXPECT_EQ(test, c->depot.nfull, 0);
	KUNIT_EXPECT_EQ(test, c->depot.nempty, 0);
	/* The slabs are free now; they go after an idle interval too. */
	KUNIT_EXPECT_GT(test, c->slabs.nr_free, 0);
	slabstat_test_reap();
	KUNIT_EXPECT_EQ(test, c->slabs.nr_free, 0);
	ss_test_expect_check_ok(test, c);
}

/* Magazines taken during the interval lower the working set kept. */
static void ss_depot_partial_ws(struct kunit *test)
{
	struct slabstat_cache *c;
	unsigned int full;

	c = ss_test_cache(test, "depot-partial", 64, 0, 0, NULL);
	ss_depot_fill(test, c, 6);
	slabstat_test_reap();		/* start an interval */
	full = c->depot.nfull;
	KUNIT_ASSERT_GE(test, full, 6);
	/* Take three magazines' worth (and the CPU's own two) and return. */
	ss_churn_local(test, c, 5 * c->mag_size);
	slabstat_test_reap();
	/* About three were needed: only the rest may go. */
	KUNIT_EXPECT_GE(test, c->depot.nfull, 2);
	KUNIT_EXPECT_LT(test, c->depot.nfull, full);
	ss_test_expect_check_ok(test, c);
}

/* slabstat_cache_shrink() empties every CPU, the depot and free slabs. */
static void ss_depot_shrink(struct kunit *test)
{
	struct slabstat_cache *c;
	unsigned int cpu;

	c = ss_test_cache(test, "depot-shrink", 500, 0, 0, NULL);
	ss_depot_fill(test, c, 3);
	slabstat_cache_shrink(c);
	for_each_online_cpu(cpu) {
		struct ss_pcpu *pc = per_cpu_ptr(c->cpu, cpu);

		KUNIT_EXPECT_PTR_EQ(test, pc->loaded, &ss_mag_none);
		KUNIT_EXPECT_NULL(test, pc->prev);
	}
	KUNIT_EXPECT_EQ(test, c->depot.nfull, 0);
	KUNIT_EXPECT_EQ(test, c->depot.nempty, 0);
	KUNIT_EXPECT_EQ(test, c->slabs.nr_slabs, 0);
	ss_test_expect_check_ok(test, c);
}

/* Memory pressure: drop_caches runs the shrinker, which empties the depot. */
static void ss_depot_shrinker(struct kunit *test)
{
	struct slabstat_cache *c;
	struct file *f;
	loff_t pos = 0;

	c = ss_test_cache(test, "depot-shrinker", 64, 0, 0, NULL);
	ss_depot_fill(test, c, 4);
	KUNIT_ASSERT_GE(test, c->depot.nfull, 4);
	f = filp_open("/proc/sys/vm/drop_caches", O_WRONLY, 0);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(f), "open: %ld", PTR_ERR(f));
	KUNIT_EXPECT_EQ(test, kernel_write(f, "2\n", 2, &pos), 2);
	filp_close(f, NULL);
	KUNIT_EXPECT_EQ(test, c->depot.nfull, 0);
	KUNIT_EXPECT_EQ(test, c->depot.nempty, 0);
	KUNIT_EXPECT_EQ(test, c->slabs.nr_free, 0);
	ss_test_expect_check_ok(test, c);
}

static struct kunit_case ss_depot_cases[] = {
	KUNIT_CASE(ss_depot_shrinker),
	KUNIT_CASE(ss_depot_working_set),
	KUNIT_CASE(ss_depot_partial_ws),
	KUNIT_CASE(ss_depot_shrink),
	{}
};

struct kunit_suite ss_depot_suite = {
	.name = "slabstat_depot",
	.suite_init = ss_test_pause_reaper,
	.suite_exit = ss_test_resume_reaper,
	.test_cases = ss_depot_cases,
};
