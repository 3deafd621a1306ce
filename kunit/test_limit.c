// SPDX-License-Identifier: GPL-2.0
/*
 * slabstat_limit: memory limits (slabstat_cache_set_limit(), the module
 * parameter limit_bytes).  A limited cache never holds more than its limit
 * plus one slab, checked at every read of the report; it fails an
 * allocation only when its live objects fill the limit, after giving back
 * what it holds idle (its depot, every CPU's magazines); a lowered limit
 * gives idle memory back at once; GFP_ATOMIC does no sleeping reclaim;
 * __GFP_NOFAIL is never refused but counted as an overrun; and the check
 * says MISMATCH when a planted breach lets a cache grow past its limit.
 * Work is guaranteed by counts; the reaper is paused so every reclaim seen
 * is the limit's own.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/fs.h>
#include <linux/kthread.h>
#include <linux/prandom.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include "ss_test.h"

#define LT_SIZE		256
#define LT_PARAM	"/sys/module/slabstat/parameters/limit_bytes"

static struct ss_check_result *lt_check(struct kunit *test,
					struct slabstat_cache *c)
{
	struct ss_check_result *res = kunit_kzalloc(test, sizeof(*res),
						    GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, res);
	KUNIT_ASSERT_EQ(test, 0, slabstat_test_check(c, res));
	return res;
}

static void lt_unpin(void *unused)
{
	set_cpus_allowed_ptr(current, cpu_possible_mask);
}

/* Keep the test on one CPU, so its magazines are one CPU's.  Return it. */
static unsigned int lt_pin(struct kunit *test)
{
	unsigned int cpu = cpumask_first(cpu_online_mask);

	KUNIT_ASSERT_EQ(test, 0, set_cpus_allowed_ptr(current,
						      cpumask_of(cpu)));
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, lt_unpin,
							   NULL));
	return cpu;
}

static void **lt_array(struct kunit *test, size_t n)
{
	void **objs = kunit_kcalloc(test, n, sizeof(void *), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, objs);
	return objs;
}

/* Allocate into objs[from..max) until NULL.  Return: how many came. */
static size_t lt_fill(struct slabstat_cache *c, void **objs, size_t from,
		      size_t max, gfp_t gfp)
{
	size_t i;

	for (i = from; i < max; i++) {
		objs[i] = slabstat_alloc(c, gfp);
		if (!objs[i])
			break;
		ss_test_fill(objs[i], LT_SIZE, (u8)i);
	}
	return i - from;
}

/* Verify and free objs[from..to); NULL entries are skipped. */
static void lt_free(struct kunit *test, struct slabstat_cache *c, void **objs,
		    size_t from, size_t to)
{
	size_t i;

	for (i = from; i < to; i++) {
		if (!objs[i])
			continue;
		KUNIT_EXPECT_EQ_MSG(test, ss_test_verify(objs[i], LT_SIZE, (u8)i),
				    -1, "object %zu", i);
		slabstat_free(c, objs[i]);
		objs[i] = NULL;
	}
}

/*
 * Free every object of objs[0..n) except those on the first @keep slabs
 * met.  Return: the distinct slabs the kept objects are on.
 */
static size_t lt_keep_slabs(struct kunit *test, struct slabstat_cache *c,
			    void **objs, size_t n, size_t keep)
{
	struct ss_slab **slabs = kunit_kcalloc(test, keep, sizeof(*slabs),
					       GFP_KERNEL);
	size_t i, j, nr = 0;

	KUNIT_ASSERT_NOT_NULL(test, slabs);
	for (i = 0; i < n; i++) {
		struct ss_slab *s;

		if (!objs[i])
			continue;
		s = ss_test_slab(objs[i]);
		for (j = 0; j < nr && slabs[j] != s; j++)
			;
		if (j == nr && nr < keep)
			slabs[nr++] = s;
		if (j == nr)
			lt_free(test, c, objs, i, i + 1);
	}
	return nr;
}

/* Bytes of @n slabs of @c. */
static u64 lt_slabs(struct slabstat_cache *c, u64 n)
{
	return n * c->slab_bytes;
}

/*
 * Field @col of cache @name's row of @report, found by the header row's
 * column names.  Return: false if there is no such row or column.
 */
static bool lt_field(const char *report, const char *name, const char *col,
		     u64 *val)
{
	char *buf = kstrdup(report, GFP_KERNEL), *p = buf, *line;
	char *hdr = NULL, *row = NULL, *tok;
	size_t len = strlen(name);
	int idx = -1, i = 0;
	bool ok = false;

	if (!buf)
		return false;
	while ((line = strsep(&p, "\n"))) {
		if (!strncmp(line, "# name ", 7))
			hdr = line;
		else if (hdr && !row && !strncmp(line, name, len) &&
			 line[len] == ' ')
			row = line;
	}
	while (hdr && (tok = strsep(&hdr, " "))) {
		if (!strcmp(tok, col))
			idx = i - 1;	/* the row has no leading '#' */
		i++;
	}
	for (i = 0; row && idx >= 0 && (tok = strsep(&row, " ")); i++) {
		if (i == idx) {
			ok = !kstrtou64(tok, 10, val);
			break;
		}
	}
	kfree(buf);
	return ok;
}

/* Write @val to the module parameter limit_bytes.  Return: 0 or -errno. */
static int lt_module_limit(const char *val)
{
	return ss_test_write_file(LT_PARAM, val);
}

static void lt_module_limit_off(void *unused)
{
	lt_module_limit("0");
}

/*
 * A cache limited to 1 MiB, churned by a thread on every CPU that keeps
 * most objects live and wants about one and a half times the limit, while
 * the report is read over and over: every read says check: ok (which
 * verifies held <= limit + one slab) and the row's held says so too.  Each
 * NULL is one refused grow.  Then, with the churn over, allocation until
 * NULL: it fails only when the exact live objects plus one slab exceed the
 * limit.
 */
#define LT_LIMIT	(1024 * 1024)

struct lt_churner {
	struct slabstat_cache *c;
	void **slots;
	unsigned int nslots, seed, iters;
	unsigned long fails;
	int bad;
	struct completion done;
	struct completion *tick;	/* one per LT_TICK iterations, and at the end */
};

#define LT_TICK		512

static int lt_churn_fn(void *arg)
{
	struct lt_churner *w = arg;
	struct rnd_state rnd;
	unsigned int i;

	prandom_seed_state(&rnd, w->seed);
	for (i = 0; i < w->iters; i++) {
		u32 r = prandom_u32_state(&rnd);
		unsigned int s = r % w->nslots;

		if (!w->slots[s]) {
			w->slots[s] = slabstat_alloc(w->c, GFP_KERNEL);
			if (w->slots[s])
				ss_test_fill(w->slots[s], LT_SIZE, (u8)s);
			else
				w->fails++;
		} else if (!((r >> 24) & 3)) {
			if (ss_test_verify(w->slots[s], LT_SIZE, (u8)s) >= 0)
				w->bad++;
			slabstat_free(w->c, w->slots[s]);
			w->slots[s] = NULL;
		}
		if (!(i & 255))
			cond_resched();
		if (!((i + 1) % LT_TICK))
			complete(w->tick);
	}
	/* The last tick is the last touch: the reader waits for every one. */
	complete(&w->done);
	complete(w->tick);
	return 0;
}

static void lt_churn_read(struct kunit *test, struct slabstat_cache *c)
{
	char *report = ss_test_read_report(test);
	char *line;
	u64 held = 0, limit = 0;

	KUNIT_EXPECT_TRUE(test, lt_field(report, "lim-churn", "held", &held));
	KUNIT_EXPECT_TRUE(test, lt_field(report, "lim-churn", "limit", &limit));
	KUNIT_EXPECT_EQ(test, limit, LT_LIMIT);
	KUNIT_EXPECT_LE(test, held, LT_LIMIT + c->slab_bytes);
	line = ss_test_report_line(report, "check:");
	KUNIT_ASSERT_NOT_NULL(test, line);
	KUNIT_EXPECT_STREQ(test, line, "check: ok");
}

static void ss_limit_churn(struct kunit *test)
{
	unsigned int nr = num_online_cpus(), i = 0, cpu, reads = 0, ticks = 0;
	size_t cap = 2 * LT_LIMIT / LT_SIZE, got, n;
	unsigned long fails = 0;
	struct ss_check_result *res;
	struct completion tick;
	struct lt_churner *w;
	struct slabstat_cache *c;
	void **objs;

	c = ss_test_cache(test, "lim-churn", LT_SIZE, 0, 0, NULL);
	KUNIT_ASSERT_EQ(test, 0, slabstat_cache_set_limit(c, LT_LIMIT));
	w = kunit_kcalloc(test, nr, sizeof(*w), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, w);
	init_completion(&tick);
	for_each_online_cpu(cpu) {
		struct task_struct *t;

		if (i == nr)
			break;
		w[i].c = c;
		w[i].tick = &tick;
		w[i].nslots = DIV_ROUND_UP(3 * LT_LIMIT / LT_SIZE, 2 * nr);
		w[i].iters = 4 * w[i].nslots;
		w[i].seed = i + 1;
		w[i].slots = lt_array(test, w[i].nslots);
		init_completion(&w[i].done);
		t = kthread_run_on_cpu(lt_churn_fn, &w[i], cpu, "lt_churn/%u");
		KUNIT_ASSERT_FALSE(test, IS_ERR(t));
		i++;
	}
	nr = i;
	for (i = 0; i < nr; i++)
		ticks += w[i].iters / LT_TICK + 1;
	/* Read while they churn, once per LT_TICK of a thread's work. */
	for (;;) {
		lt_churn_read(test, c);
		reads++;
		if (!ticks--)
			break;
		wait_for_completion(&tick);
	}
	for (i = 0; i < nr; i++) {
		wait_for_completion(&w[i].done);
		KUNIT_EXPECT_EQ(test, w[i].bad, 0);
		fails += w[i].fails;
	}
	kunit_info(test, "%u threads, %u report reads, %lu allocations refused\n",
		   nr, reads, fails);
	/* They wanted more than the limit: it must have refused some. */
	KUNIT_EXPECT_GT(test, fails, 0);

	/* Now quiet: fill up; the first NULL comes only when live is full. */
	objs = lt_array(test, cap);
	got = lt_fill(c, objs, 0, cap, GFP_KERNEL);
	KUNIT_ASSERT_LT(test, got, cap);
	res = lt_check(test, c);
	KUNIT_EXPECT_TRUE(test, res->ok);
	KUNIT_EXPECT_LE(test, res->cache_held, LT_LIMIT);
	KUNIT_EXPECT_EQ(test, res->cache_cached, 0);
	n = DIV_ROUND_UP(res->cache_live + res->cache_quarantined,
			 c->objs_per_slab);
	KUNIT_EXPECT_GT(test, lt_slabs(c, n + 1), LT_LIMIT);
	KUNIT_EXPECT_EQ(test, res->cache_limit_fail, fails + 1);

	lt_free(test, c, objs, 0, got);
	for (i = 0; i < nr; i++)
		lt_free(test, c, w[i].slots, 0, w[i].nslots);
	ss_test_expect_check_ok(test, c);
}

/* Free objects handed to another CPU's work, which frees them there. */
struct lt_remote {
	struct slabstat_cache *c;
	void **objs;
	size_t from, to;
};

static long lt_remote_free(void *arg)
{
	struct lt_remote *r = arg;
	size_t i;

	for (i = r->from; i < r->to; i++) {
		slabstat_free(r->c, r->objs[i]);
		r->objs[i] = NULL;
	}
	return 0;
}

/*
 * Fill a cache to its limit of @slabs slabs from this (pinned) CPU, then
 * free @per_cpu objects on every other online CPU, where they stay in its
 * magazines (two magazines' worth) or go on to the depot (more).  Return:
 * the objects freed elsewhere; objs[0..*n) holds the rest.
 */
static size_t lt_idle_elsewhere(struct kunit *test, struct slabstat_cache *c,
				void **objs, size_t cap, size_t *n,
				unsigned int slabs, size_t per_cpu)
{
	unsigned int me = lt_pin(test), cpu;
	struct ss_check_result *res;
	size_t freed = 0;

	KUNIT_ASSERT_EQ(test, 0, slabstat_cache_set_limit(c, lt_slabs(c, slabs)));
	*n = lt_fill(c, objs, 0, cap, GFP_KERNEL);
	res = lt_check(test, c);
	KUNIT_ASSERT_EQ(test, res->cache_held, lt_slabs(c, slabs));
	KUNIT_ASSERT_EQ(test, res->cache_limit_fail, 1);
	for_each_online_cpu(cpu) {
		struct lt_remote r = { .c = c, .objs = objs };

		if (cpu == me || *n - freed < per_cpu)
			continue;
		r.from = *n - freed - per_cpu;
		r.to = *n - freed;
		KUNIT_ASSERT_EQ(test, 0, work_on_cpu(cpu, lt_remote_free, &r));
		freed += per_cpu;
	}
	*n -= freed;
	return freed;
}

/*
 * Reclaim before failure: other CPUs' magazines and the depot hold the
 * only idle objects of a cache at its limit.  Allocating them all back
 * from this CPU succeeds (the depot's by the usual path, the magazines'
 * because the refused grow flushed every CPU), and the report counts the
 * reclaim; one more allocation then fails.
 */
static void ss_limit_reclaim(struct kunit *test)
{
	struct slabstat_cache *c;
	struct ss_check_result *res;
	size_t n, idle, got, cap;
	void **objs;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two CPUs");
	c = ss_test_cache(test, "lim-reclaim", LT_SIZE, 0, 0, NULL);
	cap = 64 * c->objs_per_slab + 1;
	objs = lt_array(test, cap);
	/* Three magazines each: two stay on the CPU, one goes to the depot. */
	idle = lt_idle_elsewhere(test, c, objs, cap, &n, 64, 3 * c->mag_size);
	KUNIT_ASSERT_GT(test, idle, 0);
	res = lt_check(test, c);
	KUNIT_EXPECT_EQ(test, res->cache_cached, idle);
	KUNIT_EXPECT_EQ(test, res->cache_limit_reclaim, 0);

	got = lt_fill(c, objs, n, n + idle, GFP_KERNEL);
	KUNIT_EXPECT_EQ(test, got, idle);
	res = lt_check(test, c);
	KUNIT_EXPECT_TRUE(test, res->ok);
	KUNIT_EXPECT_GE(test, res->cache_limit_reclaim, 1);
	KUNIT_EXPECT_EQ(test, res->cache_limit_fail, 1);
	KUNIT_EXPECT_EQ(test, res->cache_held, lt_slabs(c, 64));
	/* Live objects fill the limit now: the next one fails. */
	KUNIT_EXPECT_NULL(test, slabstat_alloc(c, GFP_KERNEL));
	res = lt_check(test, c);
	KUNIT_EXPECT_EQ(test, res->cache_limit_fail, 2);
	lt_free(test, c, objs, 0, n + got);
}

/*
 * GFP_ATOMIC at the limit: no sleeping reclaim.  With the idle objects in
 * other CPUs' magazines only, an atomic allocation (made with preemption
 * disabled, so a sleep would be a splat) fails and leaves them there; a
 * GFP_KERNEL one then flushes them and succeeds.
 */
static void ss_limit_atomic(struct kunit *test)
{
	struct slabstat_cache *c;
	struct ss_check_result *res;
	size_t n, idle, cap;
	void **objs;
	void *obj;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two CPUs");
	c = ss_test_cache(test, "lim-atomic", LT_SIZE, 0, 0, NULL);
	cap = 16 * c->objs_per_slab + 1;
	objs = lt_array(test, cap);
	/* One magazine each: it stays on its CPU. */
	idle = lt_idle_elsewhere(test, c, objs, cap, &n, 16, c->mag_size);
	KUNIT_ASSERT_GT(test, idle, 0);

#ifndef CONFIG_PREEMPT_RT
	preempt_disable();
#endif
	obj = slabstat_alloc(c, GFP_ATOMIC);
#ifndef CONFIG_PREEMPT_RT
	preempt_enable();
#endif
	KUNIT_EXPECT_NULL(test, obj);
	res = lt_check(test, c);
	KUNIT_EXPECT_EQ(test, res->cache_limit_fail, 2);
	KUNIT_EXPECT_EQ(test, res->cache_cached, idle);
	KUNIT_EXPECT_EQ(test, res->cache_limit_reclaim, 0);

	obj = slabstat_alloc(c, GFP_KERNEL);
	KUNIT_EXPECT_NOT_NULL(test, obj);
	res = lt_check(test, c);
	KUNIT_EXPECT_EQ(test, res->cache_limit_fail, 2);
	KUNIT_EXPECT_EQ(test, res->cache_limit_reclaim, 1);
	KUNIT_EXPECT_TRUE(test, res->ok);
	slabstat_free(c, obj);
	lt_free(test, c, objs, 0, n);
}

/*
 * The module-wide limit across three caches: together they never hold more
 * than it; the report's limits: line shows it; a cache whose grows it
 * refuses gets room from another cache's idle memory.  Bad values are
 * -EINVAL.
 */
static void ss_limit_module(struct kunit *test)
{
	struct slabstat_cache *c[3];
	struct ss_check_result *res;
	size_t n[3] = { }, cap, i, got;
	char val[32], *report, *line;
	u64 base, limit, lbytes = 0, held = 0;
	void **objs[3];
	bool more;
	int fields;

	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test, lt_module_limit_off,
						  NULL));
	KUNIT_EXPECT_EQ(test, lt_module_limit("100"), -EINVAL);
	KUNIT_EXPECT_EQ(test, lt_module_limit("lots"), -EINVAL);
	c[0] = ss_test_cache(test, "lim-mod-0", LT_SIZE, 0, 0, NULL);
	c[1] = ss_test_cache(test, "lim-mod-1", LT_SIZE, 0, 0, NULL);
	c[2] = ss_test_cache(test, "lim-mod-2", LT_SIZE, 0, 0, NULL);
	cap = 48 * c[0]->objs_per_slab;
	for (i = 0; i < 3; i++)
		objs[i] = lt_array(test, cap);

	res = lt_check(test, NULL);
	base = res->module_held;
	limit = base + 48 * PAGE_SIZE;
	snprintf(val, sizeof(val), "%llu", limit);
	KUNIT_ASSERT_EQ(test, 0, lt_module_limit(val));

	/* Round robin, one object each, until every cache is refused. */
	do {
		more = false;
		for (i = 0; i < 3; i++) {
			if (n[i] == cap || (n[i] && !objs[i][n[i] - 1]))
				continue;
			if (lt_fill(c[i], objs[i], n[i], n[i] + 1, GFP_KERNEL))
				more = true;
			n[i]++;
		}
	} while (more);
	for (i = 0; i < 3; i++)
		KUNIT_ASSERT_LT(test, n[i], cap);
	res = lt_check(test, NULL);
	KUNIT_EXPECT_TRUE(test, res->ok);
	KUNIT_EXPECT_LE(test, res->module_held, limit);
	report = ss_test_read_report(test);
	line = ss_test_report_line(report, "limits:");
	KUNIT_ASSERT_NOT_NULL(test, line);
	fields = sscanf(line, "limits: limit_bytes=%llu held=%llu", &lbytes,
			&held);
	KUNIT_EXPECT_EQ(test, fields, 2);
	KUNIT_EXPECT_EQ(test, lbytes, limit);
	KUNIT_EXPECT_LE(test, held, limit);
	KUNIT_EXPECT_NOT_NULL(test, strstr(line, " check=ok"));

	/* Cache 0's objects go back, idle; cache 1 takes their room. */
	lt_free(test, c[0], objs[0], 0, n[0]);
	got = lt_fill(c[1], objs[1], n[1] - 1, cap, GFP_KERNEL);
	KUNIT_EXPECT_GE(test, got, (n[0] - 1) / 2);
	res = lt_check(test, c[0]);
	KUNIT_EXPECT_TRUE(test, res->ok);
	KUNIT_EXPECT_LE(test, res->module_held, limit);
	KUNIT_EXPECT_GE(test, res->cache_limit_reclaim, 1);
	lt_free(test, c[1], objs[1], 0, cap);
	lt_free(test, c[2], objs[2], 0, cap);
}

/*
 * A limit lowered below what the cache holds: what it holds idle goes
 * back at once (only slabs with live objects stay), new slabs are refused
 * while it is over (the free objects on its slabs are still handed out),
 * and once frees bring it under it fills exactly to the limit.  No object
 * is lost.
 */
static void ss_limit_lower(struct kunit *test)
{
	struct slabstat_cache *c;
	struct ss_check_result *res;
	size_t cap, n, kept, got;
	void **objs;

	lt_pin(test);
	c = ss_test_cache(test, "lim-lower", LT_SIZE, 0, 0, NULL);
	cap = 64 * c->objs_per_slab;
	objs = lt_array(test, 2 * cap);
	n = lt_fill(c, objs, 0, cap, GFP_KERNEL);
	KUNIT_ASSERT_EQ(test, n, cap);
	/* Half the slabs' objects back, idle in magazines and the depot. */
	kept = lt_keep_slabs(test, c, objs, n, 32);
	KUNIT_ASSERT_EQ(test, kept, 32);

	KUNIT_ASSERT_EQ(test, 0, slabstat_cache_set_limit(c, lt_slabs(c, 16)));
	res = lt_check(test, c);
	KUNIT_EXPECT_TRUE(test, res->ok);
	KUNIT_EXPECT_EQ(test, res->cache_cached, 0);
	KUNIT_EXPECT_EQ(test, res->cache_held, lt_slabs(c, 32));
	KUNIT_EXPECT_EQ(test, res->cache_limit_reclaim, 1);

	/* Over the limit: only the free objects on its slabs come. */
	got = lt_fill(c, objs, n, 2 * cap, GFP_KERNEL);
	res = lt_check(test, c);
	KUNIT_EXPECT_EQ(test, res->cache_held, lt_slabs(c, 32));
	KUNIT_EXPECT_EQ(test, res->cache_limit_fail, 1);
	KUNIT_EXPECT_EQ(test, res->cache_live, 32 * c->objs_per_slab);
	n += got;

	/* Frees bring it under: 15 slabs; then it fills exactly to 16. */
	KUNIT_ASSERT_EQ(test, lt_keep_slabs(test, c, objs, n, 15), 15);
	slabstat_cache_shrink(c);
	res = lt_check(test, c);
	KUNIT_EXPECT_EQ(test, res->cache_held, lt_slabs(c, 15));
	got = lt_fill(c, objs, n, 2 * cap, GFP_KERNEL);
	res = lt_check(test, c);
	KUNIT_EXPECT_TRUE(test, res->ok);
	KUNIT_EXPECT_EQ(test, res->cache_held, lt_slabs(c, 16));
	KUNIT_EXPECT_EQ(test, res->cache_live, 16 * c->objs_per_slab);
	KUNIT_EXPECT_EQ(test, res->cache_limit_fail, 2);
	n += got;
	lt_free(test, c, objs, 0, n);
	res = lt_check(test, c);
	KUNIT_EXPECT_EQ(test, res->cache_live, 0);
	KUNIT_EXPECT_EQ(test, res->cache_allocs, res->cache_frees);
}

/* A limit set back to 0 limits nothing. */
static void ss_limit_zero(struct kunit *test)
{
	struct slabstat_cache *c;
	struct ss_check_result *res;
	size_t cap, n, got;
	void **objs;

	c = ss_test_cache(test, "lim-zero", LT_SIZE, 0, 0, NULL);
	cap = 16 * c->objs_per_slab;
	objs = lt_array(test, cap);
	KUNIT_ASSERT_EQ(test, 0, slabstat_cache_set_limit(c, lt_slabs(c, 4)));
	n = lt_fill(c, objs, 0, cap, GFP_KERNEL);
	KUNIT_EXPECT_LE(test, n, 4 * c->objs_per_slab);
	KUNIT_ASSERT_EQ(test, 0, slabstat_cache_set_limit(c, 0));
	got = lt_fill(c, objs, n, cap, GFP_KERNEL);
	KUNIT_EXPECT_EQ(test, n + got, cap);
	res = lt_check(test, c);
	KUNIT_EXPECT_TRUE(test, res->ok);
	KUNIT_EXPECT_GE(test, res->cache_held, lt_slabs(c, 16));
	KUNIT_EXPECT_EQ(test, res->cache_limit_fail, 1);
	lt_free(test, c, objs, 0, cap);
}

/*
 * __GFP_NOFAIL at the limit is never refused: each grow past it is an
 * overrun, and the check allows the slabs it added.
 */
static void ss_limit_nofail(struct kunit *test)
{
	struct slabstat_cache *c;
	struct ss_check_result *res;
	size_t cap, n, extra, i;
	void **objs;

	lt_pin(test);
	c = ss_test_cache(test, "lim-nofail", LT_SIZE, 0, 0, NULL);
	extra = 3 * c->objs_per_slab;
	cap = 4 * c->objs_per_slab + extra + 1;
	objs = lt_array(test, cap);
	KUNIT_ASSERT_EQ(test, 0, slabstat_cache_set_limit(c, lt_slabs(c, 4)));
	n = lt_fill(c, objs, 0, cap, GFP_KERNEL);
	KUNIT_ASSERT_EQ(test, n, 4 * c->objs_per_slab);
	for (i = n; i < n + extra; i++) {
		objs[i] = slabstat_alloc(c, GFP_KERNEL | __GFP_NOFAIL);
		KUNIT_ASSERT_NOT_NULL(test, objs[i]);
		ss_test_fill(objs[i], LT_SIZE, (u8)i);
	}
	n += extra;
	res = lt_check(test, c);
	KUNIT_EXPECT_TRUE(test, res->ok);
	KUNIT_EXPECT_EQ(test, res->cache_overrun, 3);
	KUNIT_EXPECT_EQ(test, res->cache_limit_fail, 1);
	KUNIT_EXPECT_EQ(test, res->cache_held, lt_slabs(c, 7));
	lt_free(test, c, objs, 0, n);
	slabstat_cache_shrink(c);
	res = lt_check(test, c);
	KUNIT_EXPECT_TRUE(test, res->ok);
	KUNIT_EXPECT_EQ(test, res->cache_held, 0);
}

/*
 * Bad input: a limit smaller than one slab, a NULL or ERR_PTR cache, a
 * destroyed cache (a retired entry: destroyed with a live object).
 */
static void ss_limit_badinput(struct kunit *test)
{
	struct slabstat_cache *c, *gone;
	void *obj;

	c = ss_test_cache(test, "lim-bad", LT_SIZE, 0, 0, NULL);
	KUNIT_EXPECT_EQ(test, slabstat_cache_set_limit(NULL, 1 << 20), -EINVAL);
	KUNIT_EXPECT_EQ(test, slabstat_cache_set_limit(ERR_PTR(-ENOMEM), 1 << 20),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, slabstat_cache_set_limit(c, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, slabstat_cache_set_limit(c, c->slab_bytes - 1),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, slabstat_cache_set_limit(c, c->slab_bytes), 0);
	KUNIT_EXPECT_EQ(test, slabstat_cache_set_limit(c, U64_MAX), 0);
	KUNIT_EXPECT_EQ(test, slabstat_cache_set_limit(c, 0), 0);

	gone = slabstat_cache_create("lim-gone", LT_SIZE, 0, 0, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, gone);
	obj = slabstat_alloc(gone, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, obj);
	slabstat_cache_destroy(gone);
	KUNIT_EXPECT_EQ(test, slabstat_cache_set_limit(gone, 1 << 20), -EINVAL);
	slabstat_free(gone, obj);
	slabstat_test_flush_retired();
	ss_test_expect_check_ok(test, c);
}

/*
 * set_limit from every CPU at once, while each also allocates and frees:
 * every call succeeds, the check stays ok, and the last limit set holds.
 */
#define LT_SETS		200

struct lt_setter {
	struct slabstat_cache *c;
	unsigned int seed;
	int errors;
	struct completion done;
};

static int lt_set_fn(void *arg)
{
	struct lt_setter *w = arg;
	struct rnd_state rnd;
	void *objs[8];
	unsigned int i, j;

	prandom_seed_state(&rnd, w->seed);
	for (i = 0; i < LT_SETS; i++) {
		u32 r = prandom_u32_state(&rnd) % 33;

		if (slabstat_cache_set_limit(w->c, lt_slabs(w->c, r)))
			w->errors++;
		for (j = 0; j < ARRAY_SIZE(objs); j++)
			objs[j] = slabstat_alloc(w->c, GFP_KERNEL);
		for (j = 0; j < ARRAY_SIZE(objs); j++)
			slabstat_free(w->c, objs[j]);
	}
	complete(&w->done);
	return 0;
}

static void ss_limit_concurrent_set(struct kunit *test)
{
	unsigned int nr = num_online_cpus(), i = 0, cpu;
	struct ss_check_result *res;
	struct slabstat_cache *c;
	struct lt_setter *w;
	size_t cap, n;
	void **objs;

	c = ss_test_cache(test, "lim-sets", LT_SIZE, 0, 0, NULL);
	w = kunit_kcalloc(test, nr, sizeof(*w), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, w);
	for_each_online_cpu(cpu) {
		struct task_struct *t;

		if (i == nr)
			break;
		w[i].c = c;
		w[i].seed = 100 + i;
		init_completion(&w[i].done);
		t = kthread_run_on_cpu(lt_set_fn, &w[i], cpu, "lt_set/%u");
		KUNIT_ASSERT_FALSE(test, IS_ERR(t));
		i++;
	}
	nr = i;
	for (i = 0; i < nr; i++) {
		wait_for_completion(&w[i].done);
		KUNIT_EXPECT_EQ(test, w[i].errors, 0);
	}
	ss_test_expect_check_ok(test, c);

	KUNIT_ASSERT_EQ(test, 0, slabstat_cache_set_limit(c, lt_slabs(c, 8)));
	cap = 16 * c->objs_per_slab;
	objs = lt_array(test, cap);
	n = lt_fill(c, objs, 0, cap, GFP_KERNEL);
	res = lt_check(test, c);
	KUNIT_EXPECT_TRUE(test, res->ok);
	KUNIT_EXPECT_EQ(test, res->cache_held, lt_slabs(c, 8));
	KUNIT_EXPECT_EQ(test, n, 8 * c->objs_per_slab);
	lt_free(test, c, objs, 0, n);
}

static void lt_bypass_off(void *unused)
{
	slabstat_test_limit_bypass(false);
}

/*
 * The check verifies the promise: planted breaches make it say MISMATCH
 * (counted, figure "held"): a cache grown past its limit by a bypass of
 * the enforcement, a page count skewed from its slabs, and all caches
 * grown past the module limit.
 */
static void ss_limit_check_fires(struct kunit *test)
{
	struct ss_check_result *res;
	struct slabstat_cache *c;
	size_t cap, n;
	char val[32];
	void **objs;

	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, lt_bypass_off,
							   NULL));
	c = ss_test_cache(test, "lim-breach", LT_SIZE, 0, 0, NULL);
	cap = 8 * c->objs_per_slab;
	objs = lt_array(test, cap);
	KUNIT_ASSERT_EQ(test, 0, slabstat_cache_set_limit(c, lt_slabs(c, 4)));
	slabstat_test_limit_bypass(true);
	n = lt_fill(c, objs, 0, cap, GFP_KERNEL);
	slabstat_test_limit_bypass(false);
	KUNIT_ASSERT_EQ(test, n, cap);
	res = lt_check(test, c);
	KUNIT_EXPECT_FALSE(test, res->ok);
	KUNIT_EXPECT_EQ(test, res->cache_mismatch, BIT(SS_CFIG_HELD));
	KUNIT_EXPECT_EQ(test, res->global_mismatch, 0);
	lt_free(test, c, objs, 0, n);
	slabstat_cache_shrink(c);
	ss_test_expect_check_ok(test, c);

	/* The page count itself. */
	n = lt_fill(c, objs, 0, 1, GFP_KERNEL);
	KUNIT_ASSERT_EQ(test, n, 1);
	slabstat_test_skew(c, SS_SKEW_PAGES, 1);
	res = lt_check(test, c);
	slabstat_test_skew(c, SS_SKEW_PAGES, -1);
	KUNIT_EXPECT_EQ(test, res->cache_mismatch, BIT(SS_AUDIT_SLABS));
	ss_test_expect_check_ok(test, c);
	lt_free(test, c, objs, 0, n);

	/* The module limit. */
	KUNIT_ASSERT_EQ(test, 0, slabstat_cache_set_limit(c, 0));
	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test, lt_module_limit_off,
						  NULL));
	res = lt_check(test, NULL);
	snprintf(val, sizeof(val), "%llu", res->module_held + PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, 0, lt_module_limit(val));
	slabstat_test_limit_bypass(true);
	n = lt_fill(c, objs, 0, cap, GFP_KERNEL);
	slabstat_test_limit_bypass(false);
	KUNIT_ASSERT_EQ(test, n, cap);
	res = lt_check(test, c);
	KUNIT_EXPECT_EQ(test, res->global_mismatch, BIT(SS_FIG_HELD));
	KUNIT_EXPECT_EQ(test, res->cache_mismatch, 0);
	lt_free(test, c, objs, 0, n);
	slabstat_cache_shrink(c);
	ss_test_expect_check_ok(test, c);
	lt_module_limit("0");
}

/*
 * A limit reached with slabs of the fallback order only: the preferred
 * order fails at every grow, so every slab holds fewer objects than one of
 * the preferred order.  Whether a refused grow leaves room must be judged
 * from the slab lists; objects per slab times slabs would tell a full
 * cache it has room, and its allocation would retry forever.  The fill
 * must end with NULL at the limit, every slab a fallback one.
 */
static void ss_limit_fallback_slabs(struct kunit *test)
{
	struct slabstat_cache *c;
	struct ss_check_result *res;
	size_t n, cap, per, slabs;
	void **objs;

	c = ss_test_cache(test, "lim-fallback", 700, 0, 0, NULL);
	KUNIT_ASSERT_GT(test, c->order, c->min_order);
	if (slabstat_test_fail(false, 0))
		kunit_skip(test, "no CONFIG_FAULT_INJECTION");
	per = c->slab_objs[c->min_order];
	/* Fallback slabs in the pages of four of the preferred order. */
	slabs = 4UL << (c->order - c->min_order);
	cap = 2 * slabs * per + 1;
	objs = lt_array(test, cap);
	lt_pin(test);
	KUNIT_ASSERT_EQ(test, 0, slabstat_cache_set_limit(c, lt_slabs(c, 4)));
	for (n = 0; n < cap; n++) {
		/* If this allocation grows, its preferred order fails. */
		slabstat_test_fail(false, 1);
		objs[n] = slabstat_alloc(c, GFP_KERNEL);
		slabstat_test_fail(false, 0);
		if (!objs[n])
			break;
		ss_test_fill(objs[n], LT_SIZE, (u8)n);
	}
	kunit_info(test, "%zu objects in %lu slabs of order %u", n,
		   c->slabs.nr_slabs, c->min_order);
	KUNIT_EXPECT_LT(test, n, cap);
	KUNIT_EXPECT_GE(test, n, slabs / 2 * per);
	KUNIT_EXPECT_EQ(test, c->slabs.order_fallback, c->slabs.nr_slabs);
	res = lt_check(test, c);
	KUNIT_EXPECT_TRUE(test, res->ok);
	KUNIT_EXPECT_GE(test, res->cache_limit_fail, 1);
	lt_free(test, c, objs, 0, n);
}

static struct kunit_case ss_limit_cases[] = {
	KUNIT_CASE_SLOW(ss_limit_churn),
	KUNIT_CASE(ss_limit_reclaim),
	KUNIT_CASE(ss_limit_atomic),
	KUNIT_CASE(ss_limit_module),
	KUNIT_CASE(ss_limit_lower),
	KUNIT_CASE(ss_limit_zero),
	KUNIT_CASE(ss_limit_nofail),
	KUNIT_CASE(ss_limit_badinput),
	KUNIT_CASE_SLOW(ss_limit_concurrent_set),
	KUNIT_CASE(ss_limit_check_fires),
	KUNIT_CASE(ss_limit_fallback_slabs),
	{}
};

/* Its own suite list, as slabstat_caches: no other file needs to change. */
static struct kunit_suite ss_limit_suite = {
	.name = "slabstat_limit",
	.suite_init = ss_test_pause_reaper,
	.suite_exit = ss_test_resume_reaper,
	.test_cases = ss_limit_cases,
};

kunit_test_suites(&ss_limit_suite);
