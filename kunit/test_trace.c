// SPDX-License-Identifier: GPL-2.0
/*
 * slabstat_trace: the trace events.  Probes attached to slabstat:alloc and
 * slabstat:free while the stress engine churns a cache from every CPU and
 * from interrupts count exactly the objects the cache's statistics count,
 * each event names its cache, and call_site is the caller of the exported
 * function, for single and bulk calls.
 */
#include <kunit/test.h>
#include <linux/kallsyms.h>
#include <linux/string.h>

#include "ss_test.h"
#include "../torture/engine.h"

struct ss_trace_count {
	struct slabstat_cache *cache;
	atomic_long_t allocs, frees;	/* events of @cache */
	atomic_long_t bad_name;		/* events whose name is not @cache's */
	unsigned long last_site;	/* call_site of the last event */
};

static void ss_trace_alloc_probe(void *data, struct slabstat_cache *c,
				 const void *obj, unsigned long call_site,
				 gfp_t gfp)
{
	struct ss_trace_count *n = data;

	if (c != n->cache)
		return;
	atomic_long_inc(&n->allocs);
	if (strcmp(c->name, n->cache->name))
		atomic_long_inc(&n->bad_name);
	WRITE_ONCE(n->last_site, call_site);
}

static void ss_trace_free_probe(void *data, struct slabstat_cache *c,
				const void *obj, unsigned long call_site)
{
	struct ss_trace_count *n = data;

	if (c != n->cache)
		return;
	atomic_long_inc(&n->frees);
	WRITE_ONCE(n->last_site, call_site);
}

static void ss_trace_attach(struct kunit *test, struct ss_trace_count *n)
{
	KUNIT_ASSERT_EQ(test, 0, slabstat_test_trace_alloc(ss_trace_alloc_probe,
							   n, true));
	KUNIT_ASSERT_EQ(test, 0, slabstat_test_trace_free(ss_trace_free_probe,
							  n, true));
}

static void ss_trace_detach(struct kunit *test, struct ss_trace_count *n)
{
	KUNIT_EXPECT_EQ(test, 0, slabstat_test_trace_alloc(ss_trace_alloc_probe,
							   n, false));
	KUNIT_EXPECT_EQ(test, 0, slabstat_test_trace_free(ss_trace_free_probe,
							  n, false));
}

/*
 * Every CPU churns the cache (single and bulk calls, objects passed between
 * CPUs), an hrtimer and a timer allocate from it: the events counted equal
 * the statistics' allocs and frees exactly.  The cache is new, so its
 * statistics start at zero; the run is over (threads and timers stopped)
 * before they are read and the probes detached.
 */
static void ss_trace_counts_match(struct kunit *test)
{
	struct sst_config cfg = {
		.min_ops = 3000, .irqs = true, .min_irq_ops = 200,
	};
	struct ss_trace_count n = {};
	struct sst_cache sc = { .size = 64 };
	struct slabstat_stats st;
	struct sst_result res;

	sc.cache = ss_test_cache(test, "trace-churn", sc.size, 0, 0, NULL);
	n.cache = sc.cache;
	ss_trace_attach(test, &n);
	KUNIT_EXPECT_EQ(test, 0, sst_run(&sc, 1, &cfg, &res));
	slabstat_cache_stats(sc.cache, &st);
	ss_trace_detach(test, &n);

	kunit_info(test, "%ld ops, %ld in interrupts: %lld alloc and %lld free events\n",
		   res.ops, res.irq_ops, (long long)atomic_long_read(&n.allocs),
		   (long long)atomic_long_read(&n.frees));
	KUNIT_EXPECT_EQ(test, res.errors, 0);
	KUNIT_EXPECT_GE(test, res.ops, cfg.min_ops);
	KUNIT_EXPECT_GT(test, st.allocs, 0);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&n.allocs), st.allocs);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&n.frees), st.frees);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&n.bad_name), 0);
}

/*
 * Each of these is the call site its events must name.  The barrier after
 * each call keeps the compiler from making it a tail call, whose return
 * address would be our caller's.
 */
static noinline void *ss_trace_site_alloc(struct slabstat_cache *c)
{
	void *p = slabstat_alloc(c, GFP_KERNEL);

	barrier();
	return p;
}

static noinline void ss_trace_site_free(struct slabstat_cache *c, void *p)
{
	slabstat_free(c, p);
	barrier();
}

static noinline size_t ss_trace_site_alloc_bulk(struct slabstat_cache *c,
						void **objs, size_t nr)
{
	size_t n = slabstat_alloc_bulk(c, GFP_KERNEL, nr, objs);

	barrier();
	return n;
}

static noinline void ss_trace_site_free_bulk(struct slabstat_cache *c,
					     void **objs, size_t nr)
{
	slabstat_free_bulk(c, nr, objs);
	barrier();
}

/*
 * @site is in function @fn: "%ps" prints "fn [slabstat_test]", or
 * "fn.constprop.0 [slabstat_test]" for a clone the compiler made of it.
 */
static void ss_trace_expect_site(struct kunit *test, unsigned long site,
				 const char *fn)
{
	char sym[KSYM_SYMBOL_LEN];
	size_t len = strlen(fn);

	snprintf(sym, sizeof(sym), "%ps", (void *)site);
	KUNIT_EXPECT_TRUE_MSG(test, !strncmp(sym, fn, len) &&
			      (sym[len] == ' ' || sym[len] == '.' || !sym[len]),
			      "call_site %s, want %s", sym, fn);
}

/*
 * call_site is the caller of the exported function, through the inlined
 * layers below it, on the hit path and on the slow paths (the first
 * allocation of a new cache grows a slab and makes a magazine).
 */
static void ss_trace_call_site(struct kunit *test)
{
	struct ss_trace_count n = {};
	void *objs[40], *p;
	unsigned int round;

	n.cache = ss_test_cache(test, "trace-site", 96, 0, 0, NULL);
	ss_trace_attach(test, &n);
	for (round = 0; round < 2; round++) {
		p = ss_trace_site_alloc(n.cache);
		KUNIT_EXPECT_NOT_NULL(test, p);
		ss_trace_expect_site(test, READ_ONCE(n.last_site),
				     "ss_trace_site_alloc");
		ss_trace_site_free(n.cache, p);
		ss_trace_expect_site(test, READ_ONCE(n.last_site),
				     "ss_trace_site_free");
		KUNIT_EXPECT_EQ(test, ARRAY_SIZE(objs),
				ss_trace_site_alloc_bulk(n.cache, objs,
							 ARRAY_SIZE(objs)));
		ss_trace_expect_site(test, READ_ONCE(n.last_site),
				     "ss_trace_site_alloc_bulk");
		ss_trace_site_free_bulk(n.cache, objs, ARRAY_SIZE(objs));
		ss_trace_expect_site(test, READ_ONCE(n.last_site),
				     "ss_trace_site_free_bulk");
	}
	ss_trace_detach(test, &n);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&n.allocs),
			2 * (1 + ARRAY_SIZE(objs)));
	KUNIT_EXPECT_EQ(test, atomic_long_read(&n.frees),
			2 * (1 + ARRAY_SIZE(objs)));
}

static struct kunit_case ss_trace_cases[] = {
	KUNIT_CASE(ss_trace_counts_match),
	KUNIT_CASE(ss_trace_call_site),
	{}
};

struct kunit_suite ss_trace_suite = {
	.name = "slabstat_trace",
	.test_cases = ss_trace_cases,
};
