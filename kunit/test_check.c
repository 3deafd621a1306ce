// SPDX-License-Identifier: GPL-2.0
/*
 * slabstat_check: the two accountings and the quiesced check.  Each compared
 * figure is broken on purpose and the check must name that figure and only
 * that one; the report text must say so too; a concurrent reader of the
 * statistics must never see a figure torn or a free without its allocation.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/fs.h>
#include <linux/kthread.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "ss_test.h"

static const struct {
	enum ss_skew what;
	unsigned long global;	/* bits of enum ss_figure */
	unsigned long cache;	/* bits of enum ss_cache_figure */
	const char *text;	/* how the report's check line names it */
} ss_skews[] = {
	{ SS_SKEW_ALLOC_OBJECTS, BIT(SS_FIG_ALLOC_OBJECTS), 0, " alloc_objects" },
	{ SS_SKEW_FREE_OBJECTS, BIT(SS_FIG_FREE_OBJECTS), 0, " free_objects" },
	{ SS_SKEW_ALLOC_BYTES, BIT(SS_FIG_ALLOC_BYTES), 0, " alloc_bytes" },
	{ SS_SKEW_FREE_BYTES, BIT(SS_FIG_FREE_BYTES), 0, " free_bytes" },
	{ SS_SKEW_CACHE_ALLOCS, 0, BIT(SS_CFIG_ALLOCS), " skew:allocs" },
	{ SS_SKEW_CACHE_FREES, 0, BIT(SS_CFIG_FREES), " skew:frees" },
	{ SS_SKEW_CACHED, BIT(SS_FIG_LIVE_OBJECTS), BIT(SS_CFIG_LIVE),
	  " live_objects skew:live" },
	{ SS_SKEW_PAGES, 0, BIT(SS_AUDIT_SLABS), " skew:slabs" },
};

static void ss_skew_param_desc(const typeof(ss_skews[0]) *p, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "skew%s", p->text);
}

KUNIT_ARRAY_PARAM(ss_skew, ss_skews, ss_skew_param_desc);

static void ss_churn(struct slabstat_cache *c, unsigned int n)
{
	void *objs[64];
	unsigned int i, k;

	for (k = 0; k < n; k++) {
		for (i = 0; i < ARRAY_SIZE(objs); i++)
			objs[i] = slabstat_alloc(c, GFP_KERNEL);
		for (i = 0; i < ARRAY_SIZE(objs); i += 2)
			slabstat_free(c, objs[i]);
		for (i = 1; i < ARRAY_SIZE(objs); i += 2)
			slabstat_free(c, objs[i]);
	}
}

struct ss_skew_ctx {
	struct slabstat_cache *cache;
	enum ss_skew what;
};

/* Mend the count even when an assertion ends the test early. */
static void ss_skew_undo(void *arg)
{
	struct ss_skew_ctx *ctx = arg;

	slabstat_test_skew(ctx->cache, ctx->what, -1);
}

/*
 * Break one count: the check must name that figure and no other, in the
 * result and in the report, and must say ok again once it is mended.
 */
static void ss_check_skew(struct kunit *test)
{
	const typeof(ss_skews[0]) *p = test->param_value;
	struct ss_check_result res;
	struct ss_skew_ctx *ctx;
	struct slabstat_cache *c;
	char *line, want[96];

	c = ss_test_cache(test, "skew", 64, 0, 0, NULL);
	ss_churn(c, 4);
	ss_test_expect_check_ok(test, c);
	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	ctx->cache = c;
	ctx->what = p->what;

	slabstat_test_skew(c, p->what, 1);
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, ss_skew_undo,
							   ctx));
	KUNIT_ASSERT_EQ(test, 0, slabstat_test_check(c, &res));
	line = ss_test_report_line(ss_test_read_report(test), "check: ");
	kunit_release_action(test, ss_skew_undo, ctx);

	KUNIT_EXPECT_FALSE(test, res.ok);
	KUNIT_EXPECT_EQ(test, res.global_mismatch, p->global);
	KUNIT_EXPECT_EQ(test, res.cache_mismatch, p->cache);
	snprintf(want, sizeof(want), "check: MISMATCH%s", p->text);
	KUNIT_ASSERT_NOT_NULL(test, line);
	KUNIT_EXPECT_STREQ(test, line, want);

	ss_test_expect_check_ok(test, c);
	line = ss_test_report_line(ss_test_read_report(test), "check: ");
	KUNIT_ASSERT_NOT_NULL(test, line);
	KUNIT_EXPECT_STREQ(test, line, "check: ok");
}

/* The fixed head of the report, line by line, with figures that add up. */
static void ss_check_report_format(struct kunit *test)
{
	static const char * const heads[] = {
		"slabstat 1\n", "check: ok\n", "cpus: ", "quiesce_us: ",
		"alloc_objects: consistent=", "free_objects: consistent=",
		"alloc_bytes: consistent=", "free_bytes: consistent=",
		"live_objects: stats=", "\n",
		"# name objsize allocs frees live cached slabs pages check",
	};
	unsigned long long cons, atom, stats, slabs, cached;
	struct slabstat_cache *c;
	char *report, *line, *l;
	unsigned int i;
	int n;

	c = ss_test_cache(test, "format", 128, 0, 0, NULL);
	ss_churn(c, 3);
	report = ss_test_read_report(test);
	line = report;
	for (i = 0; i < ARRAY_SIZE(heads); i++) {
		KUNIT_ASSERT_NOT_NULL_MSG(test, line, "line %u missing", i);
		KUNIT_EXPECT_EQ_MSG(test, strncmp(line, heads[i],
						  strlen(heads[i])), 0,
				    "line %u: want '%s'", i, heads[i]);
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	KUNIT_EXPECT_NULL(test, strstr(report, "ffff"));	/* no pointers */

	l = ss_test_report_line(report, "alloc_objects: ");
	KUNIT_ASSERT_NOT_NULL(test, l);
	n = sscanf(l, "alloc_objects: consistent=%llu atomic=%llu", &cons,
		   &atom);
	KUNIT_EXPECT_EQ(test, n, 2);
	KUNIT_EXPECT_EQ(test, cons, atom);
	KUNIT_EXPECT_GE(test, cons, 3 * 64);
	l = ss_test_report_line(l + strlen(l) + 1, "live_objects: ");
	KUNIT_ASSERT_NOT_NULL(test, l);
	n = sscanf(l, "live_objects: stats=%llu slabs=%llu cached=%llu",
		   &stats, &slabs, &cached);
	KUNIT_EXPECT_EQ(test, n, 3);
	KUNIT_EXPECT_EQ(test, stats, slabs - cached);
	l = ss_test_report_line(l + strlen(l) + 1, "format ");
	KUNIT_ASSERT_NOT_NULL(test, l);
	KUNIT_EXPECT_EQ(test, strncmp(l, "format 128 192 192 0 ", 21), 0);
}

#define SS_LIVE_OPS	20000

struct ss_live_ctx {
	struct slabstat_cache *cache;
	struct completion started;
	atomic_long_t ops;
	bool done;
};

static int ss_live_writer(void *arg)
{
	struct ss_live_ctx *ctx = arg;
	unsigned long i;

	complete(&ctx->started);
	for (i = 0; i < SS_LIVE_OPS; i++) {
		slabstat_free(ctx->cache, slabstat_alloc(ctx->cache, GFP_KERNEL));
		atomic_long_inc(&ctx->ops);
		cond_resched();
	}
	WRITE_ONCE(ctx->done, true);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

/*
 * One CPU allocates and frees an object SS_LIVE_OPS times, never holding
 * more than one; another reads the cache's statistics without stopping it,
 * over and over.  Every figure must be read whole and consistent with the
 * others: bytes are objects times the size, and live never wraps below 0
 * (a free counted without its allocation).  Live may be more than 1: the
 * frees are read before the allocations, so the allocations can be newer.
 */
static void ss_check_live_read(struct kunit *test)
{
	unsigned long reads = 0, torn = 0, wrapped = 0;
	unsigned int reader_cpu, writer_cpu;
	struct ss_live_ctx ctx = { };
	struct slabstat_stats st;
	struct task_struct *t;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two CPUs");
	ctx.cache = ss_test_cache(test, "live", 24, 0, 0, NULL);
	init_completion(&ctx.started);
	reader_cpu = cpumask_first(cpu_online_mask);
	writer_cpu = cpumask_next(reader_cpu, cpu_online_mask);
	/* Reader and writer on different CPUs, or nothing can interleave. */
	KUNIT_ASSERT_EQ(test, 0, set_cpus_allowed_ptr(current,
						      cpumask_of(reader_cpu)));

	t = kthread_create_on_cpu(ss_live_writer, &ctx, writer_cpu,
				  "ss_live/%u");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	get_task_struct(t);
	wake_up_process(t);
	wait_for_completion(&ctx.started);
	/* At least one read, and as many as the writer leaves time for. */
	do {
		slabstat_cache_stats(ctx.cache, &st);
		if (st.alloc_bytes != st.allocs * 24 ||
		    st.free_bytes != st.frees * 24)
			torn++;
		if ((s64)st.live < 0)
			wrapped++;
		reads++;
	} while (!READ_ONCE(ctx.done));
	kthread_stop(t);
	put_task_struct(t);
	set_cpus_allowed_ptr(current, cpu_possible_mask);

	kunit_info(test, "%lu reads during %lu writer operations\n", reads,
		   atomic_long_read(&ctx.ops));
	KUNIT_EXPECT_EQ(test, atomic_long_read(&ctx.ops), SS_LIVE_OPS);
	KUNIT_EXPECT_EQ(test, torn, 0);
	KUNIT_EXPECT_EQ(test, wrapped, 0);
	slabstat_cache_stats(ctx.cache, &st);
	KUNIT_EXPECT_EQ(test, st.allocs, SS_LIVE_OPS);
	KUNIT_EXPECT_EQ(test, st.live, 0);
	ss_test_expect_check_ok(test, ctx.cache);
}

/* The "checks: runs=" count of a report, which is left as it is. */
static unsigned long ss_report_runs(struct kunit *test, const char *report)
{
	const char *line = strstr(report, "\nchecks: runs=");
	unsigned long runs;
	int n;

	KUNIT_ASSERT_NOT_NULL(test, line);
	n = sscanf(line + 1, "checks: runs=%lu", &runs);
	KUNIT_ASSERT_EQ(test, n, 1);
	return runs;
}

/* How many lines of @report start with @prefix. */
static unsigned int ss_report_count(const char *report, const char *prefix)
{
	unsigned int n = 0;
	const char *p;

	for (p = report; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, prefix, strlen(prefix)))
			n++;
	return n;
}

#define SS_MANY_CACHES	300

/*
 * One open runs the check once, however large the report.  A file opened
 * with few caches and read, in small pieces, after 300 more were created
 * (each with a refused free, so a row and a "refused:" line) would outgrow
 * a buffer sized at open; seq_file then ran the check again for every
 * doubling.  Then the whole 300-cache report, read in one piece and in
 * small ones, also costs one check each.
 */
static void ss_check_report_once(struct kunit *test)
{
	struct file *early, *f;
	unsigned long runs;
	unsigned int i;
	char *report;

	runs = ss_report_runs(test, ss_test_read_report(test));
	early = ss_test_open_report(test);
	for (i = 0; i < SS_MANY_CACHES; i++) {
		struct slabstat_cache *c;
		char name[SLABSTAT_NAME_MAX + 1];

		/* SLABSTAT_NAME_MAX characters */
		snprintf(name, sizeof(name), "a-report-of-many-caches-x-%05u",
			 i);
		c = ss_test_cache(test, name, 32, 0, 0, NULL);
		slabstat_free(c, (void *)0x10);		/* refused: a line */
	}
	report = ss_test_read_open_report(test, early, 100);
	KUNIT_EXPECT_EQ(test, ss_report_runs(test, report), runs + 1);

	report = ss_test_read_report(test);
	KUNIT_EXPECT_EQ(test, ss_report_runs(test, report), runs + 2);
	KUNIT_EXPECT_EQ(test, ss_report_count(report, "a-report-of-many-"),
			SS_MANY_CACHES);
	KUNIT_EXPECT_EQ(test,
			ss_report_count(report, "refused: a-report-of-many-"),
			SS_MANY_CACHES);
	/* Larger than the first buffer: formatted again, not checked. */
	KUNIT_EXPECT_GT(test, strlen(report),
			SS_REPORT_GUESS(SS_MANY_CACHES));

	f = ss_test_open_report(test);
	report = ss_test_read_open_report(test, f, 333);
	KUNIT_EXPECT_EQ(test, ss_report_runs(test, report), runs + 3);
	KUNIT_EXPECT_EQ(test, ss_report_count(report, "a-report-of-many-"),
			SS_MANY_CACHES);
	KUNIT_EXPECT_STREQ(test, ss_test_report_line(report, "check: "),
			   "check: ok");
}

static const struct {
	enum ss_plant what;
	enum ss_cache_figure found;	/* the one finding it must make */
	const char *text;		/* how the check line names it */
} ss_plants[] = {
	{ SS_PLANT_DUPLICATE, SS_AUDIT_DUPLICATE, " plant:duplicate" },
	{ SS_PLANT_LIVE_WORD, SS_AUDIT_ROUND, " plant:round" },
	{ SS_PLANT_SHORT, SS_AUDIT_MAGAZINE, " plant:magazine" },
	{ SS_PLANT_INUSE, SS_AUDIT_INUSE, " plant:inuse" },
	{ SS_PLANT_LOOP, SS_AUDIT_LOOP, " plant:loop" },
};

static void ss_plant_param_desc(const typeof(ss_plants[0]) *p, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "plant%s", p->text);
}

KUNIT_ARRAY_PARAM(ss_plant, ss_plants, ss_plant_param_desc);

struct ss_plant_ctx {
	struct slabstat_cache *cache;
	enum ss_plant what;
};

/* Put the breach back even when an assertion ends the test early. */
static void ss_plant_undo(void *arg)
{
	struct ss_plant_ctx *ctx = arg;

	slabstat_test_plant(ctx->cache, ctx->what, true);
}

/*
 * Plant one breach of the object-level audit: the check must say MISMATCH
 * naming that finding and no other (the counts still balance), and ok
 * again once it is put back.  The cache is filled on one CPU so that its
 * depot holds full magazines; for the slab breaches one object is kept and
 * the rest drained back, so that its slab is partial.
 */
static void ss_check_plant(struct kunit *test)
{
	const typeof(ss_plants[0]) *p = test->param_value;
	struct ss_check_result res;
	struct ss_plant_ctx *ctx;
	struct slabstat_cache *c;
	unsigned int i, n;
	char *line, want[96];
	void **objs, *keep = NULL;

	c = ss_test_cache(test, "plant", 64, 0, 0, NULL);
	n = 6 * c->mag_size;
	objs = kunit_kcalloc(test, n, sizeof(void *), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, objs);
	/* On one CPU: its frees fill the depot. */
	i = raw_smp_processor_id();
	KUNIT_ASSERT_EQ(test, 0, set_cpus_allowed_ptr(current, cpumask_of(i)));
	for (i = 0; i < n; i++)
		objs[i] = slabstat_alloc(c, GFP_KERNEL);
	for (i = 0; i < n; i++)
		slabstat_free(c, objs[i]);
	set_cpus_allowed_ptr(current, cpu_possible_mask);
	if (p->what >= SS_PLANT_INUSE) {
		keep = slabstat_alloc(c, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, keep);
		slabstat_cache_shrink(c);
	}
	ss_test_expect_check_ok(test, c);

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	ctx->cache = c;
	ctx->what = p->what;
	KUNIT_ASSERT_EQ(test, 0, slabstat_test_plant(c, p->what, false));
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, ss_plant_undo,
							   ctx));
	KUNIT_ASSERT_EQ(test, 0, slabstat_test_check(c, &res));
	line = ss_test_report_line(ss_test_read_report(test), "check: ");
	kunit_release_action(test, ss_plant_undo, ctx);

	KUNIT_EXPECT_FALSE(test, res.ok);
	KUNIT_EXPECT_EQ(test, res.global_mismatch, 0);
	KUNIT_EXPECT_EQ(test, res.cache_mismatch, BIT(p->found));
	snprintf(want, sizeof(want), "check: MISMATCH%s", p->text);
	KUNIT_ASSERT_NOT_NULL(test, line);
	KUNIT_EXPECT_STREQ(test, line, want);

	ss_test_expect_check_ok(test, c);
	slabstat_free(c, keep);
}

/* The audit's closing line: what it walked, in figures that add up. */
static void ss_check_audit_line(struct kunit *test)
{
	unsigned long long us, caches, slabs, nfree, rounds;
	struct slabstat_cache *c;
	char *line;
	int n;

	c = ss_test_cache(test, "audit-line", 64, 0, 0, NULL);
	ss_churn(c, 3);
	line = ss_test_report_line(ss_test_read_report(test), "audit: ");
	KUNIT_ASSERT_NOT_NULL(test, line);
	n = sscanf(line, "audit: us=%llu caches=%llu slabs=%llu free=%llu rounds=%llu",
		   &us, &caches, &slabs, &nfree, &rounds);
	KUNIT_ASSERT_EQ(test, n, 5);
	KUNIT_EXPECT_GE(test, caches, 1);
	KUNIT_EXPECT_GE(test, slabs, 1);
	/* The 64 objects it held at once, all free: on slabs or rounds. */
	KUNIT_EXPECT_GE(test, nfree + rounds, 64);
}

/*
 * The atomic totals are fed from the statistics records (ss_stat_fold()),
 * never by the hit paths.  The cases below run on one CPU, in a cache of
 * their own, so the records and the totals move only by what they do.
 */
struct ss_fold_view {
	struct slabstat_stats st;	/* the statistics, all records */
	u64 alloc, free;		/* the cache's atomic totals */
};

static void ss_fold_read(struct slabstat_cache *c, struct ss_fold_view *v)
{
	slabstat_cache_stats(c, &v->st);
	v->alloc = atomic64_read(&c->total_alloc);
	v->free = atomic64_read(&c->total_free);
}

/* Run on @cpu only: every operation counts in that CPU's record. */
static void ss_fold_pin(struct kunit *test, unsigned int cpu)
{
	KUNIT_ASSERT_EQ(test, 0, set_cpus_allowed_ptr(current,
						      cpumask_of(cpu)));
}

static void ss_fold_unpin(void)
{
	set_cpus_allowed_ptr(current, cpu_possible_mask);
}

#define SS_FOLD_PAIRS	1000

/*
 * Alloc/free pairs that stay in the loaded magazine run no slow path and
 * leave the atomic totals where they were; the check folds the records and
 * finds them equal to the statistics.
 */
static void ss_check_fold_hits(struct kunit *test)
{
	struct ss_fold_view v0, v;
	struct ss_check_result res;
	struct slabstat_cache *c;
	unsigned int i;
	void *obj;

	c = ss_test_cache(test, "fold_hits", 64, 0, 0, NULL);
	ss_fold_pin(test, cpumask_first(cpu_online_mask));
	/* Load a magazine, then fold everything. */
	obj = slabstat_alloc(c, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, obj);
	slabstat_free(c, obj);
	ss_test_expect_check_ok(test, c);
	ss_fold_read(c, &v0);
	KUNIT_EXPECT_EQ(test, v0.alloc, v0.st.allocs);
	KUNIT_EXPECT_EQ(test, v0.free, v0.st.frees);

	for (i = 0; i < SS_FOLD_PAIRS; i++) {
		obj = slabstat_alloc(c, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, obj);
		slabstat_free(c, obj);
	}
	ss_fold_read(c, &v);
	ss_fold_unpin();
	/* All hits: no magazine moved, nothing was folded. */
	KUNIT_EXPECT_EQ(test, v.st.mag_misses, v0.st.mag_misses);
	KUNIT_EXPECT_EQ(test, v.st.depot_puts, v0.st.depot_puts);
	KUNIT_EXPECT_EQ(test, v.st.allocs, v0.st.allocs + SS_FOLD_PAIRS);
	KUNIT_EXPECT_EQ(test, v.st.frees, v0.st.frees + SS_FOLD_PAIRS);
	KUNIT_EXPECT_EQ(test, v.alloc, v0.alloc);
	KUNIT_EXPECT_EQ(test, v.free, v0.free);

	KUNIT_ASSERT_EQ(test, 0, slabstat_test_check(c, &res));
	KUNIT_EXPECT_TRUE_MSG(test, res.ok, "check failed: global %lx cache %lx",
			      res.global_mismatch, res.cache_mismatch);
	KUNIT_EXPECT_EQ(test, res.cache_allocs, v.st.allocs);
	KUNIT_EXPECT_EQ(test, res.cache_frees, v.st.frees);
	ss_fold_read(c, &v);
	KUNIT_EXPECT_EQ(test, v.alloc, res.cache_allocs);
	KUNIT_EXPECT_EQ(test, v.free, res.cache_frees);
}

/*
 * The totals' live figure lags the statistics' by at most the rounds of the
 * CPU's two magazines.
 */
static void ss_fold_expect_lag(struct kunit *test, struct slabstat_cache *c,
			       const struct ss_fold_view *v)
{
	s64 lag = (s64)(v->st.allocs - v->st.frees) - (s64)(v->alloc - v->free);
	s64 most = 2 * (s64)c->mag_size;

	if (lag < 0)
		lag = -lag;
	KUNIT_EXPECT_LE_MSG(test, lag, most,
			    "allocs %llu frees %llu, totals %llu %llu",
			    v->st.allocs, v->st.frees, v->alloc, v->free);
}

/*
 * Allocate (@alloc) or free @n objects into or from @objs, checking the
 * lag after each; at every depot put the totals must hold everything but
 * the one operation the move was made for.  Return: how many puts.
 */
static unsigned int ss_fold_moves(struct kunit *test, struct slabstat_cache *c,
				  void **objs, unsigned int n, bool alloc)
{
	unsigned int i, moves = 0;
	struct ss_fold_view v;
	u64 puts;

	ss_fold_read(c, &v);
	puts = v.st.depot_puts;
	for (i = 0; i < n; i++) {
		if (alloc) {
			objs[i] = slabstat_alloc(c, GFP_KERNEL);
			KUNIT_ASSERT_NOT_NULL(test, objs[i]);
		} else {
			slabstat_free(c, objs[i]);
		}
		ss_fold_read(c, &v);
		ss_fold_expect_lag(test, c, &v);
		if (v.st.depot_puts == puts)
			continue;
		puts = v.st.depot_puts;
		moves++;
		KUNIT_EXPECT_EQ(test, v.alloc + alloc, v.st.allocs);
		KUNIT_EXPECT_EQ(test, v.free + !alloc, v.st.frees);
	}
	return moves;
}

/*
 * Each time a magazine leaves the CPU for the depot (depot_puts), the CPU's
 * record is folded: the totals hold everything but the one operation the
 * move was made for.  Filling from the slabs folds too: allocating three
 * magazines' worth with no magazine leaving keeps the lag bounded.
 */
static void ss_check_fold_move(struct kunit *test)
{
	unsigned int i, n;
	struct ss_fold_view v;
	struct slabstat_cache *c;
	void **objs;

	c = ss_test_cache(test, "fold_move", 64, 0, 0, NULL);
	n = 3 * c->mag_size;
	objs = kunit_kcalloc(test, n, sizeof(*objs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, objs);
	ss_fold_pin(test, cpumask_first(cpu_online_mask));

	for (i = 0; i < n; i++) {
		objs[i] = slabstat_alloc(c, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, objs[i]);
		ss_fold_read(c, &v);
		ss_fold_expect_lag(test, c, &v);
	}
	ss_test_expect_check_ok(test, c);

	/* Freed: the loaded magazine fills, then the previous one, then moves. */
	KUNIT_EXPECT_GE(test, ss_fold_moves(test, c, objs, n, false), 1);
	/* Allocated again: a full magazine comes from the depot. */
	KUNIT_EXPECT_GE(test, ss_fold_moves(test, c, objs, n, true), 1);
	for (i = 0; i < n; i++)
		slabstat_free(c, objs[i]);
	ss_fold_unpin();
	ss_test_expect_check_ok(test, c);
}

/*
 * A CPU that goes offline has its magazines drained and its record folded
 * by the CPU-dead callback: the totals are up to date before any check.
 */
static void ss_check_fold_dead_cpu(struct kunit *test)
{
	unsigned int cpu = cpumask_last(cpu_online_mask), i;
	struct ss_fold_view v0, v;
	struct slabstat_cache *c;
	void *obj;

	if (num_online_cpus() < 2 || cpu == cpumask_first(cpu_online_mask))
		kunit_skip(test, "needs two CPUs");
	c = ss_test_cache(test, "fold_dead", 64, 0, 0, NULL);
	ss_fold_pin(test, cpu);
	obj = slabstat_alloc(c, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, obj);
	slabstat_free(c, obj);
	ss_test_expect_check_ok(test, c);
	ss_fold_read(c, &v0);
	for (i = 0; i < SS_FOLD_PAIRS; i++) {
		obj = slabstat_alloc(c, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, obj);
		slabstat_free(c, obj);
	}
	ss_fold_unpin();
	ss_fold_read(c, &v);
	KUNIT_EXPECT_EQ(test, v.alloc, v0.alloc);

	if (remove_cpu(cpu))
		kunit_skip(test, "CPU %u did not go offline", cpu);
	ss_fold_read(c, &v);
	KUNIT_EXPECT_EQ(test, add_cpu(cpu), 0);
	KUNIT_EXPECT_EQ(test, v.st.allocs, v0.st.allocs + SS_FOLD_PAIRS);
	KUNIT_EXPECT_EQ(test, v.alloc, v.st.allocs);
	KUNIT_EXPECT_EQ(test, v.free, v.st.frees);
	ss_test_expect_check_ok(test, c);
}

static struct kunit_case ss_check_cases[] = {
	KUNIT_CASE_PARAM(ss_check_plant, ss_plant_gen_params),
	KUNIT_CASE(ss_check_audit_line),
	KUNIT_CASE(ss_check_report_once),
	KUNIT_CASE_PARAM(ss_check_skew, ss_skew_gen_params),
	KUNIT_CASE(ss_check_report_format),
	KUNIT_CASE(ss_check_live_read),
	KUNIT_CASE(ss_check_fold_hits),
	KUNIT_CASE(ss_check_fold_move),
	KUNIT_CASE(ss_check_fold_dead_cpu),
	{}
};

struct kunit_suite ss_check_suite = {
	.name = "slabstat_check",
	.suite_init = ss_test_pause_reaper,
	.suite_exit = ss_test_resume_reaper,
	.test_cases = ss_check_cases,
};
