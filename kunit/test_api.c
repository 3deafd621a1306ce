// SPDX-License-Identifier: GPL-2.0
/*
 * The public API: create's errors, zeroing, constructors, bulk, destroy with
 * live objects (slabstat_cache), and every kind of bad pointer handed to
 * free (slabstat_badinput).
 */
#include <kunit/test.h>
#include <linux/irq_work.h>
#include <linux/mm.h>
#include <linux/poison.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "ss_test.h"

/* slabstat_cache */

static void ss_cache_create_errors(struct kunit *test)
{
	char longname[SLABSTAT_NAME_MAX + 2];
	struct slabstat_cache *c;
	static const struct {
		const char *name;
		unsigned int size, align, flags;
	} bad[] = {
		{ NULL, 32, 0, 0 },
		{ "", 32, 0, 0 },
		{ "size-zero", 0, 0, 0 },
		{ "size-huge", SLABSTAT_MAX_OBJ_SIZE + 1, 0, 0 },
		{ "size-max", UINT_MAX, 0, 0 },
		{ "align-3", 32, 3, 0 },
		{ "align-96", 32, 96, 0 },
		{ "align-huge", 32, PAGE_SIZE * 2, 0 },
		{ "flag-16", 32, 0, 0x10 },
		{ "flag-high", 32, 0, 0x80000000u },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		c = slabstat_cache_create(bad[i].name, bad[i].size,
					  bad[i].align, bad[i].flags, NULL);
		KUNIT_EXPECT_EQ_MSG(test, PTR_ERR_OR_ZERO(c), -EINVAL,
				    "case %u", i);
		if (!IS_ERR(c))
			slabstat_cache_destroy(c);
	}
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	c = slabstat_cache_create(longname, 32, 0, 0, NULL);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(c), -EINVAL);
	/* The longest legal name works. */
	longname[SLABSTAT_NAME_MAX] = '\0';
	ss_test_cache(test, longname, 32, 0, 0, NULL);

	/* A name in use. */
	ss_test_cache(test, "dup", 32, 0, 0, NULL);
	c = slabstat_cache_create("dup", 64, 0, 0, NULL);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(c), -EEXIST);

	/* Destroying nothing does nothing. */
	slabstat_cache_destroy(NULL);
	slabstat_cache_destroy(ERR_PTR(-EINVAL));
	/* Every legal flag is accepted. */
	ss_test_cache(test, "flags", 32, 0, SLABSTAT_FLAGS_ALL, NULL);
}

/* __GFP_ZERO zeroes a reused object; without it nothing leaks but data. */
static void ss_cache_zero(struct kunit *test)
{
	struct slabstat_cache *c;
	u8 *p, *q;
	unsigned int i;

	c = ss_test_cache(test, "zero", 200, 0, 0, NULL);
	migrate_disable();
	p = slabstat_alloc(c, GFP_ATOMIC);
	if (p) {
		memset(p, 0xab, 200);
		slabstat_free(c, p);
	}
	q = slabstat_alloc(c, GFP_ATOMIC | __GFP_ZERO);
	migrate_enable();
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_PTR_EQ(test, p, q);	/* LIFO on one CPU */
	for (i = 0; i < 200; i++)
		KUNIT_ASSERT_EQ_MSG(test, q[i], 0, "byte %u", i);

	/* The free word never reaches a caller. */
	migrate_disable();
	slabstat_free(c, q);
	p = slabstat_alloc(c, GFP_ATOMIC);
	migrate_enable();
	KUNIT_ASSERT_PTR_EQ(test, p, q);
	KUNIT_EXPECT_EQ(test, *(unsigned long *)p, 0);
	slabstat_free(c, p);
}

/*
 * A reschedule due when slabstat_alloc() is called (GFP_KERNEL) sends it
 * to its cold path: might_alloc() out of line, then the general path.
 * What comes back is still a live object, zeroed for __GFP_ZERO, and the
 * counts stay exact.  need_resched is set with interrupts off, so that no
 * interrupt's return takes the reschedule before the call.
 */
static void ss_cache_alloc_resched(struct kunit *test)
{
	struct slabstat_cache *c;
	unsigned long flags;
	unsigned int i;
	u8 *p;

	c = ss_test_cache(test, "resched", 200, 0, 0, NULL);
	for (i = 0; i < 16; i++) {
		p = slabstat_alloc(c, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, p);
		memset(p, 0xab, 200);
		slabstat_free(c, p);

		local_irq_save(flags);
		set_tsk_need_resched(current);
		set_preempt_need_resched();
		local_irq_restore(flags);
		p = slabstat_alloc(c, GFP_KERNEL | __GFP_ZERO);
		KUNIT_ASSERT_NOT_NULL(test, p);
		KUNIT_EXPECT_PTR_EQ(test, memchr_inv(p, 0, 200), NULL);
		slabstat_free(c, p);
	}
	ss_test_expect_check_ok(test, c);
}

static atomic_t ss_ctor_calls;

static void ss_test_ctor(void *obj)
{
	atomic_inc(&ss_ctor_calls);
	memset(obj, 0x3c, 40);
}

/* A constructor runs once per object made; objects come back constructed. */
static void ss_cache_ctor(struct kunit *test)
{
	struct slabstat_cache *c;
	const unsigned int n = 150;
	unsigned int i, j;
	void **objs;

	objs = kunit_kcalloc(test, n, sizeof(*objs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, objs);
	atomic_set(&ss_ctor_calls, 0);
	c = ss_test_cache(test, "ctor", 40, 0, 0, ss_test_ctor);
	KUNIT_EXPECT_GE(test, c->free_off, 40);	/* free word outside */
	for (i = 0; i < n; i++) {
		objs[i] = slabstat_alloc(c, GFP_KERNEL | __GFP_ZERO);
		KUNIT_ASSERT_NOT_NULL(test, objs[i]);
		for (j = 0; j < 40; j++)
			KUNIT_ASSERT_EQ(test, ((u8 *)objs[i])[j], 0x3c);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&ss_ctor_calls),
			c->slabs.nr_slabs * c->objs_per_slab);
	for (i = 0; i < n; i++)
		slabstat_free(c, objs[i]);
	/* Reuse runs no constructor and keeps the constructed state. */
	j = atomic_read(&ss_ctor_calls);
	for (i = 0; i < n; i++)
		objs[i] = slabstat_alloc(c, GFP_KERNEL);
	KUNIT_EXPECT_EQ(test, atomic_read(&ss_ctor_calls), j);
	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_EQ(test, ((u8 *)objs[i])[0], 0x3c);
		KUNIT_EXPECT_EQ(test, ((u8 *)objs[i])[39], 0x3c);
		slabstat_free(c, objs[i]);
	}
	ss_test_expect_check_ok(test, c);
}

/* The statistics count exactly what the test did. */
static void ss_cache_exact_stats(struct kunit *test)
{
	struct ss_check_result res;
	struct slabstat_stats st;
	struct slabstat_cache *c;
	const unsigned int nobjs = 70, nbulk = 90;
	void **objs, **bulk;
	unsigned int i;

	objs = kunit_kcalloc(test, nobjs + nbulk, sizeof(*objs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, objs);
	bulk = objs + nobjs;
	c = ss_test_cache(test, "exact", 100, 0, 0, NULL);
	for (i = 0; i < nobjs; i++)
		objs[i] = slabstat_alloc(c, GFP_KERNEL);
	KUNIT_ASSERT_EQ(test, slabstat_alloc_bulk(c, GFP_KERNEL,
						  nbulk, bulk),
			nbulk);
	for (i = 0; i < 30; i++)
		slabstat_free(c, objs[i]);
	slabstat_free_bulk(c, 50, bulk);
	slabstat_free(c, NULL);		/* not an object: not counted */

	slabstat_cache_stats(c, &st);
	KUNIT_EXPECT_EQ(test, st.allocs, 160);
	KUNIT_EXPECT_EQ(test, st.frees, 80);
	KUNIT_EXPECT_EQ(test, st.live, 80);
	KUNIT_EXPECT_EQ(test, st.alloc_bytes, 160 * 100);
	KUNIT_EXPECT_EQ(test, st.free_bytes, 80 * 100);
	KUNIT_ASSERT_EQ(test, 0, slabstat_test_check(c, &res));
	KUNIT_EXPECT_TRUE(test, res.ok);
	KUNIT_EXPECT_EQ(test, res.cache_allocs, 160);
	KUNIT_EXPECT_EQ(test, res.cache_frees, 80);
	KUNIT_EXPECT_EQ(test, res.cache_inuse - res.cache_cached, 80);

	for (i = 30; i < nobjs; i++)
		slabstat_free(c, objs[i]);
	slabstat_free_bulk(c, nbulk - 50, bulk + 50);
	slabstat_cache_stats(c, &st);
	KUNIT_EXPECT_EQ(test, st.allocs, 160);
	KUNIT_EXPECT_EQ(test, st.frees, 160);
	ss_test_expect_check_ok(test, c);
}

/* The report's "destroyed:" line of retired entry @name, or NULL. */
static char *ss_destroyed_line(struct kunit *test, const char *name)
{
	char *report = ss_test_read_report(test), prefix[48];

	KUNIT_EXPECT_STREQ(test, ss_test_report_line(report, "check: "),
			   "check: ok");
	snprintf(prefix, sizeof(prefix), "destroyed: %s ", name);
	return ss_test_report_line(report + strlen(report) + 1, prefix);
}

struct ss_irq_free {
	struct irq_work work;
	struct slabstat_cache *cache;
	void *obj;
};

static void ss_irq_free_fn(struct irq_work *work)
{
	struct ss_irq_free *f = container_of(work, struct ss_irq_free, work);

	slabstat_free(f->cache, f->obj);
}

/*
 * Destroy with live objects: the holders keep their memory (KASAN would
 * see a use after free below), the cache stays as a retired entry whose
 * frees are checked, accepted and counted, the check balances throughout,
 * and the last free gives the pages back and frees the entry (through the
 * work item the free queues: the reclaim worker is paused here).
 */
static void ss_cache_destroy_live(struct kunit *test)
{
	struct ss_check_result before, res;
	struct ss_irq_free *irqf;
	struct slabstat_cache *c;
	void *bulk[2], *none[2];
	u8 *live[3];
	unsigned int i;
	char *line;

	KUNIT_ASSERT_EQ(test, 0, slabstat_test_check(NULL, &before));
	c = slabstat_cache_create("destroy-live", 64, 0, 0, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, c);
	for (i = 0; i < ARRAY_SIZE(live); i++) {
		live[i] = slabstat_alloc(c, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, live[i]);
	}
	KUNIT_ASSERT_EQ(test, slabstat_alloc_bulk(c, GFP_KERNEL, 2, bulk), 2);
	for (i = 0; i < 200; i++)
		slabstat_free(c, slabstat_alloc(c, GFP_KERNEL));
	slabstat_cache_destroy(c);

	for (i = 0; i < ARRAY_SIZE(live); i++) {
		memset(live[i], 0x77, 64);
		KUNIT_EXPECT_EQ(test, live[i][63], 0x77);
	}
	KUNIT_ASSERT_EQ(test, 0, slabstat_test_check(c, &res));
	KUNIT_EXPECT_TRUE(test, res.ok);
	KUNIT_EXPECT_TRUE(test, res.cache_dead);
	KUNIT_EXPECT_EQ(test, res.cache_live, 5);
	KUNIT_EXPECT_EQ(test, res.cache_cached, 0);
	KUNIT_EXPECT_EQ(test, res.held, before.held + 1);
	KUNIT_EXPECT_GT(test, res.held_pages, before.held_pages);
	line = ss_destroyed_line(test, "destroy-live");
	KUNIT_ASSERT_NOT_NULL(test, line);
	KUNIT_EXPECT_EQ(test, strncmp(line, "destroyed: destroy-live live=5 ",
				      31), 0);
	/* The name is free again. */
	ss_test_cache(test, "destroy-live", 64, 0, 0, NULL);

	/* Frees to the retired entry are accepted; a double free is not. */
	slabstat_free(c, live[0]);
	slabstat_free_bulk(c, 2, bulk);
	slabstat_free(c, live[0]);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&c->bad[SS_BAD_DOUBLE_FREE]), 1);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&c->bad[SS_BAD_FOREIGN]), 0);
	/* Allocating from it is the caller's bug: refused. */
	KUNIT_EXPECT_NULL(test, slabstat_alloc(c, GFP_KERNEL));
	KUNIT_EXPECT_EQ(test, slabstat_alloc_bulk(c, GFP_KERNEL, 2, none), 0);
	slabstat_test_flush_retired();
	KUNIT_ASSERT_EQ(test, 0, slabstat_test_check(c, &res));
	KUNIT_EXPECT_TRUE(test, res.ok);
	KUNIT_EXPECT_EQ(test, res.cache_live, 2);
	KUNIT_EXPECT_EQ(test, res.cache_inuse, 2);

	/* The last frees, one from an interrupt: pages back, entry freed. */
	irqf = kunit_kzalloc(test, sizeof(*irqf), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, irqf);
	init_irq_work(&irqf->work, ss_irq_free_fn);
	irqf->cache = c;
	irqf->obj = live[1];
	irq_work_queue(&irqf->work);
	irq_work_sync(&irqf->work);
	slabstat_free(c, live[2]);
	slabstat_test_flush_retired();
	/* @c is gone: only its address is compared. */
	KUNIT_EXPECT_EQ(test, slabstat_test_check(c, &res), -ENOENT);
	KUNIT_EXPECT_TRUE(test, res.ok);
	KUNIT_EXPECT_EQ(test, res.held, before.held);
	KUNIT_EXPECT_EQ(test, res.held_pages, before.held_pages);
	KUNIT_EXPECT_EQ(test, res.leaked_pages, before.leaked_pages);
	KUNIT_EXPECT_NULL(test, ss_destroyed_line(test, "destroy-live"));
}

/*
 * A debug cache destroyed with live objects: an overrun found when one of
 * them is freed afterwards quarantines it (its slab stays for good), and
 * the entry is freed when the other comes back.
 */
static void ss_cache_destroy_live_debug(struct kunit *test)
{
	struct ss_check_result before, res;
	struct slabstat_cache *c;
	u8 *bad, *good;

	KUNIT_ASSERT_EQ(test, 0, slabstat_test_check(NULL, &before));
	c = slabstat_cache_create("destroy-live-rz", 40, 0, SLABSTAT_REDZONE,
				  NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, c);
	bad = slabstat_alloc(c, GFP_KERNEL);
	good = slabstat_alloc(c, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, bad);
	KUNIT_ASSERT_NOT_NULL(test, good);
	slabstat_cache_destroy(c);

	bad[40] = 0;				/* the bug: an overrun */
	slabstat_free(c, bad);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&c->dbg[SS_DBG_REDZONE_RIGHT]),
			1);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&c->quarantined), 1);
	slabstat_test_flush_retired();
	KUNIT_ASSERT_EQ(test, 0, slabstat_test_check(c, &res));
	KUNIT_EXPECT_TRUE(test, res.ok);
	KUNIT_EXPECT_EQ(test, res.cache_live, 1);

	slabstat_free(c, good);
	slabstat_test_flush_retired();
	KUNIT_EXPECT_EQ(test, slabstat_test_check(c, &res), -ENOENT);
	KUNIT_EXPECT_TRUE(test, res.ok);
	KUNIT_EXPECT_EQ(test, res.held, before.held);
	KUNIT_EXPECT_EQ(test, res.held_pages, before.held_pages);
	KUNIT_EXPECT_GT(test, res.leaked_pages, before.leaked_pages);
}

static struct kunit_case ss_cache_cases[] = {
	KUNIT_CASE(ss_cache_create_errors),
	KUNIT_CASE(ss_cache_zero),
	KUNIT_CASE(ss_cache_alloc_resched),
	KUNIT_CASE(ss_cache_ctor),
	KUNIT_CASE(ss_cache_exact_stats),
	KUNIT_CASE(ss_cache_destroy_live),
	KUNIT_CASE(ss_cache_destroy_live_debug),
	{}
};

struct kunit_suite ss_cache_suite = {
	.name = "slabstat_cache",
	.suite_init = ss_test_pause_reaper,
	.suite_exit = ss_test_resume_reaper,
	.test_cases = ss_cache_cases,
};

/* slabstat_badinput */

static long ss_bad(struct slabstat_cache *c, enum ss_bad_kind k)
{
	return atomic_long_read(&c->bad[k]);
}

/* Hand out @n objects and expect them all distinct and intact. */
static void ss_expect_no_duplicates(struct kunit *test,
				    struct slabstat_cache *c, unsigned int n)
{
	void **objs = kunit_kcalloc(test, n, sizeof(void *), GFP_KERNEL);
	unsigned int i, j;

	KUNIT_ASSERT_NOT_NULL(test, objs);
	for (i = 0; i < n; i++) {
		objs[i] = slabstat_alloc(c, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, objs[i]);
		for (j = 0; j < i; j++)
			KUNIT_ASSERT_PTR_NE(test, objs[i], objs[j]);
	}
	for (i = 0; i < n; i++)
		slabstat_free(c, objs[i]);
}

static void ss_bad_double_free(struct kunit *test)
{
	struct slabstat_cache *c;
	void *a, *b;

	c = ss_test_cache(test, "double", 64, 0, 0, NULL);
	a = slabstat_alloc(c, GFP_KERNEL);
	b = slabstat_alloc(c, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, a);
	slabstat_free(c, a);
	slabstat_free(c, a);		/* in a magazine now */
	KUNIT_EXPECT_EQ(test, ss_bad(c, SS_BAD_DOUBLE_FREE), 1);
	slabstat_free(c, b);
	slabstat_cache_shrink(c);
	slabstat_free(c, b);		/* on a slab freelist now, or gone */
	KUNIT_EXPECT_GE(test, ss_bad(c, SS_BAD_DOUBLE_FREE) +
			ss_bad(c, SS_BAD_FOREIGN), 2);
	ss_expect_no_duplicates(test, c, 3 * c->mag_size);
	ss_test_expect_check_ok(test, c);
}

/* A double free on a slab freelist, with the slab kept by a live object. */
static void ss_bad_double_free_slab(struct kunit *test)
{
	struct slabstat_cache *c;
	void *keep, *a;

	c = ss_test_cache(test, "double-slab", 64, 0, 0, NULL);
	keep = slabstat_alloc(c, GFP_KERNEL);
	a = slabstat_alloc(c, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_PTR_EQ(test, ss_test_slab(a), ss_test_slab(keep));
	slabstat_free(c, a);
	slabstat_cache_shrink(c);	/* a goes back to its slab */
	slabstat_free(c, a);
	KUNIT_EXPECT_EQ(test, ss_bad(c, SS_BAD_DOUBLE_FREE), 1);
	slabstat_free(c, keep);
	ss_expect_no_duplicates(test, c, 2 * c->objs_per_slab);
	ss_test_expect_check_ok(test, c);
}

/* What a stale pointer writes into a freed object before freeing it again. */
enum ss_stale {
	SS_STALE_HEAD,		/* its first 16 bytes cleared */
	SS_STALE_LIST_DEL,	/* list_del() of a list_head at offset 0 */
	SS_STALE_ALL,		/* every byte written: the free word too */
	SS_STALE_ALL_SHRINK,	/* the same, then the magazines drained */
};

static const struct {
	enum ss_stale how;
	const char *desc;
} ss_stales[] = {
	{ SS_STALE_HEAD, "head" },
	{ SS_STALE_LIST_DEL, "list_del" },
	{ SS_STALE_ALL, "all" },
	{ SS_STALE_ALL_SHRINK, "all_shrink" },
};

static void ss_stale_param_desc(const typeof(ss_stales[0]) *p, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "stale_%s", p->desc);
}

KUNIT_ARRAY_PARAM(ss_stale, ss_stales, ss_stale_param_desc);

/*
 * A double free after the caller wrote into the freed object.  Writes
 * that miss the free word (the object's last word) leave the second free
 * to the cheap test, which refuses it.  Writes over the whole object hide
 * it: the second free is accepted and the object is a round twice, but its
 * free word names only the magazine of the second free, so the other round
 * is dropped when popped (or drained) and counted.  Either way no pointer
 * is live twice among the next 512 allocations, and the check says ok.
 */
static void ss_bad_double_free_stale(struct kunit *test)
{
	const typeof(ss_stales[0]) *p = test->param_value;
	struct slabstat_cache *c;
	bool hidden = p->how >= SS_STALE_ALL;
	long *w;
	void *a;

	c = ss_test_cache(test, "double-stale", 64, 0, 0, NULL);
	a = slabstat_alloc(c, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, a);
	slabstat_free(c, a);
	w = a;
	switch (p->how) {
	case SS_STALE_HEAD:
		memset(a, 0, 16);
		break;
	case SS_STALE_LIST_DEL:
		w[0] = (long)LIST_POISON1;
		w[1] = (long)LIST_POISON2;
		break;
	default:
		memset(a, 0x6b, 64);
		break;
	}
	slabstat_free(c, a);
	KUNIT_EXPECT_EQ(test, ss_bad(c, SS_BAD_DOUBLE_FREE), hidden ? 0 : 1);
	if (p->how == SS_STALE_ALL_SHRINK)
		slabstat_cache_shrink(c);
	ss_expect_no_duplicates(test, c, 512);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&c->dropped[SS_DROP_HANDOUT]),
			p->how == SS_STALE_ALL ? 1 : 0);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&c->dropped[SS_DROP_DRAIN]),
			p->how == SS_STALE_ALL_SHRINK ? 1 : 0);
	ss_test_expect_check_ok(test, c);
}

static void ss_bad_wrong_cache(struct kunit *test)
{
	struct slabstat_cache *a, *b;
	void *obj;

	a = ss_test_cache(test, "wrong-a", 64, 0, 0, NULL);
	b = ss_test_cache(test, "wrong-b", 64, 0, 0, NULL);
	obj = slabstat_alloc(a, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, obj);
	slabstat_free(b, obj);
	/*
	 * The first object of a's slab: b's slabs have the same size and
	 * layout, so the base is right modulo the slab size and only the
	 * slab's owner differs.
	 */
	slabstat_free(b, ss_slab_obj(a, ss_test_slab(obj), 0));
	KUNIT_EXPECT_EQ(test, ss_bad(b, SS_BAD_WRONG_CACHE), 2);
	KUNIT_EXPECT_EQ(test, ss_bad(a, SS_BAD_WRONG_CACHE), 0);
	/* Nothing was lost: it is still a live object of a. */
	slabstat_free(a, obj);
	KUNIT_EXPECT_EQ(test, ss_bad(a, SS_BAD_DOUBLE_FREE), 0);
	ss_test_expect_check_ok(test, a);
}

static void ss_bad_interior(struct kunit *test)
{
	struct slabstat_cache *c;
	struct ss_slab *slab;
	u8 *obj;

	c = ss_test_cache(test, "interior", 96, 0, 0, NULL);
	obj = slabstat_alloc(c, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, obj);
	slabstat_free(c, obj + 1);
	slabstat_free(c, obj + 95);
	slab = ss_test_slab(obj);
	/* The middle of the slab's second slot. */
	slabstat_free(c, (u8 *)slab->base + c->first_off + c->stride * 3 / 2);
	/* The slab's tail, which holds no object, and its last byte. */
	slabstat_free(c, ss_slab_obj(c, slab, slab->objs));
	slabstat_free(c, (u8 *)slab->base + (PAGE_SIZE << slab->order) - 1);
	KUNIT_EXPECT_EQ(test, ss_bad(c, SS_BAD_INTERIOR), 5);
	slabstat_free(c, obj);
	KUNIT_EXPECT_EQ(test, ss_bad(c, SS_BAD_DOUBLE_FREE), 0);
	ss_test_expect_check_ok(test, c);
}

static unsigned long ss_foreign_static;

/*
 * Pointers in no slabstat slab: kmalloc, vmalloc, a page of ours and one the
 * page allocator took back, the stack, a module's static data, the first
 * page, an error pointer and the last address.
 */
static void ss_bad_foreign(struct kunit *test)
{
	struct slabstat_cache *c;
	unsigned long onstack;
	struct page *page, *freed;
	void *km, *vm;

	c = ss_test_cache(test, "foreign", 64, 0, 0, NULL);
	km = kunit_kmalloc(test, 64, GFP_KERNEL);
	vm = vmalloc(PAGE_SIZE);
	page = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, km);
	KUNIT_ASSERT_NOT_NULL(test, vm);
	KUNIT_ASSERT_NOT_NULL(test, page);

	freed = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, freed);
	__free_page(freed);			/* the page allocator has it */

	slabstat_free(c, km);
	slabstat_free(c, vm);
	slabstat_free(c, page_address(page));
	slabstat_free(c, page_address(freed));
	slabstat_free(c, &onstack);
	slabstat_free(c, &ss_foreign_static);	/* a module's static data */
	slabstat_free(c, (void *)0x10);
	slabstat_free(c, ERR_PTR(-ENOMEM));
	slabstat_free(c, (void *)-1UL);
	KUNIT_EXPECT_EQ(test, ss_bad(c, SS_BAD_FOREIGN), 9);
	vfree(vm);
	__free_page(page);
	ss_test_expect_check_ok(test, c);
}

#if defined(CONFIG_X86_64) && defined(CONFIG_SPARSEMEM_VMEMMAP)
/* Is no struct page mapped for @pfn in the memory map? */
static bool ss_memmap_unmapped(unsigned long pfn)
{
	unsigned int level;
	pte_t *pte = lookup_address((unsigned long)pfn_to_page(pfn), &level);

	return !pte || !pte_present(*pte);
}

/*
 * The free path reads a struct page's private word with ss_load_or_zero(),
 * a load that the exception table makes safe where the memory map has a
 * hole (physical memory with a hole, hot-removed memory).  The test VMs'
 * memory maps have none below high_memory (a hole in physical memory still
 * shares the map's huge pages), so the load is tested on the map past the
 * end of memory: 0 and no crash, and the word itself where it is mapped.
 * Then frees of pointers into memory holes, where there are any.
 */
static void ss_bad_memory_hole(struct kunit *test)
{
	unsigned long pfn, end = ((unsigned long)high_memory - PAGE_OFFSET) >>
				 PAGE_SHIFT;
	struct slabstat_cache *c;
	struct page *page;
	unsigned int holes = 0;

	/* Past the end: the first section whose map is unmapped. */
	pfn = ALIGN(end, PAGES_PER_SECTION);
	while (!ss_memmap_unmapped(pfn) && pfn < end + (64UL << (30 - PAGE_SHIFT)))
		pfn += PAGES_PER_SECTION;
	KUNIT_ASSERT_TRUE_MSG(test, ss_memmap_unmapped(pfn),
			      "no unmapped memory map found past the end");
	kunit_info(test, "memory map unmapped at %lu MiB",
		   pfn >> (20 - PAGE_SHIFT));
	KUNIT_EXPECT_EQ(test, ss_load_or_zero(&pfn_to_page(pfn)->private), 0);

	page = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	set_page_private(page, 0x5a5a5a5aUL);
	KUNIT_EXPECT_EQ(test, ss_load_or_zero(&page->private), 0x5a5a5a5aUL);
	set_page_private(page, 0);
	__free_page(page);

	/* Below the end: the middle of sections in a hole, if unmapped. */
	c = ss_test_cache(test, "hole", 64, 0, 0, NULL);
	for (pfn = PAGES_PER_SECTION / 2; pfn < end; pfn += PAGES_PER_SECTION) {
		if (pfn_valid(pfn) || !ss_memmap_unmapped(pfn))
			continue;
		slabstat_free(c, (void *)(PAGE_OFFSET + (pfn << PAGE_SHIFT)));
		holes++;
	}
	kunit_info(test, "%u pointers into unmapped memory map below the end",
		   holes);
	KUNIT_EXPECT_EQ(test, ss_bad(c, SS_BAD_FOREIGN), holes);
	ss_test_expect_check_ok(test, c);
}
#else
static void ss_bad_memory_hole(struct kunit *test)
{
	kunit_skip(test, "the memory map is not virtually mapped on x86-64");
}
#endif

/*
 * slabstat_free_bulk() looks each slab up once per run of objects in it:
 * bad pointers between good ones of the same slab, and a slab of another
 * cache after one of ours, must each still be refused as its kind.
 */
static void ss_bad_bulk(struct kunit *test)
{
	struct slabstat_cache *c, *other;
	void *objs[8], *theirs, *gone;
	struct slabstat_stats st;
	u8 *a, *b;

	c = ss_test_cache(test, "bad-bulk", 64, 0, 0, NULL);
	other = ss_test_cache(test, "bad-bulk-other", 64, 0, 0, NULL);
	a = slabstat_alloc(c, GFP_KERNEL);
	b = slabstat_alloc(c, GFP_KERNEL);
	gone = slabstat_alloc(c, GFP_KERNEL);
	theirs = slabstat_alloc(other, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_ASSERT_NOT_NULL(test, gone);
	KUNIT_ASSERT_NOT_NULL(test, theirs);
	KUNIT_ASSERT_PTR_EQ(test, ss_test_slab(a), ss_test_slab(b));
	slabstat_free(c, gone);

	objs[0] = a;
	objs[1] = a + 8;		/* interior, same slab */
	objs[2] = gone;			/* already free, same slab */
	objs[3] = theirs;		/* another cache's slab */
	objs[4] = NULL;			/* skipped */
	objs[5] = &st;			/* the stack */
	objs[6] = b;
	objs[7] = b;			/* twice in one call */
	slabstat_free_bulk(c, ARRAY_SIZE(objs), objs);

	KUNIT_EXPECT_EQ(test, ss_bad(c, SS_BAD_INTERIOR), 1);
	KUNIT_EXPECT_EQ(test, ss_bad(c, SS_BAD_DOUBLE_FREE), 2);
	KUNIT_EXPECT_EQ(test, ss_bad(c, SS_BAD_WRONG_CACHE), 1);
	KUNIT_EXPECT_EQ(test, ss_bad(c, SS_BAD_FOREIGN), 1);
	slabstat_cache_stats(c, &st);
	KUNIT_EXPECT_EQ(test, st.allocs, 3);
	KUNIT_EXPECT_EQ(test, st.frees, 3);
	slabstat_free(other, theirs);
	ss_test_expect_check_ok(test, c);
	ss_test_expect_check_ok(test, other);
}

/* A run of bad frees leaves every count right. */
static void ss_bad_then_check(struct kunit *test)
{
	struct slabstat_stats st;
	struct slabstat_cache *c;
	void *obj;

	c = ss_test_cache(test, "bad-check", 32, 0, 0, NULL);
	obj = slabstat_alloc(c, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, obj);
	slabstat_free(c, (u8 *)obj + 8);
	slabstat_free(c, obj);
	slabstat_free(c, obj);
	slabstat_cache_stats(c, &st);
	KUNIT_EXPECT_EQ(test, st.allocs, 1);
	KUNIT_EXPECT_EQ(test, st.frees, 1);
	KUNIT_EXPECT_EQ(test, st.refused_frees, 2);
	ss_test_expect_check_ok(test, c);
}

/*
 * Names are one word of the report and of log lines: every name with
 * whitespace, a control or non-ASCII byte, or a leading '#' (the report's
 * header row) is refused; "x\ncheck: ok" would forge a report line.
 */
static void ss_bad_cache_names(struct kunit *test)
{
	static const char * const bad[] = {
		"x\ncheck: ok",	/* newline: a forged report line */
		"\n", "x\r", "a\tb", " ", "a b", "x ",
		"\x1b[31mred",		/* escape sequence */
		"\x01", "x\x7f",	/* other control characters, DEL */
		"caf\xc3\xa9", "\xff", "x\x80", /* not ASCII (UTF-8, bytes) */
		"#", "#name",		/* the report's header row */
	};
	struct slabstat_cache *c;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		c = slabstat_cache_create(bad[i], 32, 0, 0, NULL);
		KUNIT_EXPECT_EQ_MSG(test, PTR_ERR_OR_ZERO(c), -EINVAL,
				    "name %u (%*phN) accepted", i,
				    (int)strlen(bad[i]), bad[i]);
		if (!IS_ERR(c))
			slabstat_cache_destroy(c);
	}
}

/* The edges of what is accepted: every printable non-space character. */
static void ss_good_cache_names(struct kunit *test)
{
	static const char * const good[] = {
		"x", "!", "~", "a#", "x#y", "a-b_c.d:e/f", "[cache]",
		"\"q'", "ABC~{|}", "0123456789",
	};
	char all[SLABSTAT_NAME_MAX + 1];
	unsigned int i, ch;

	for (i = 0; i < ARRAY_SIZE(good); i++)
		ss_test_cache(test, good[i], 32, 0, 0, NULL);
	/* '!' to '~' in names of SLABSTAT_NAME_MAX characters. */
	for (ch = '!'; ch <= '~'; ch += SLABSTAT_NAME_MAX) {
		for (i = 0; i < SLABSTAT_NAME_MAX; i++)
			all[i] = min_t(unsigned int, ch + i, '~');
		all[SLABSTAT_NAME_MAX] = '\0';
		ss_test_cache(test, all, 32, 0, 0, NULL);
	}
}

static struct kunit_case ss_badinput_cases[] = {
	KUNIT_CASE(ss_bad_cache_names),
	KUNIT_CASE(ss_good_cache_names),
	KUNIT_CASE(ss_bad_double_free),
	KUNIT_CASE(ss_bad_double_free_slab),
	KUNIT_CASE_PARAM(ss_bad_double_free_stale, ss_stale_gen_params),
	KUNIT_CASE(ss_bad_wrong_cache),
	KUNIT_CASE(ss_bad_interior),
	KUNIT_CASE(ss_bad_foreign),
	KUNIT_CASE(ss_bad_memory_hole),
	KUNIT_CASE(ss_bad_bulk),
	KUNIT_CASE(ss_bad_then_check),
	{}
};

struct kunit_suite ss_badinput_suite = {
	.name = "slabstat_badinput",
	.suite_init = ss_test_pause_reaper,
	.suite_exit = ss_test_resume_reaper,
	.test_cases = ss_badinput_cases,
};
