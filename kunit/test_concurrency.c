// SPDX-License-Identifier: GPL-2.0
/*
 * slabstat_concurrency: short runs of the stress engine (torture/engine.c)
 * on every CPU at once: kthreads allocating and freeing with tagged patterns
 * and passing objects between CPUs, an hrtimer (hardirq) and a timer
 * (softirq) allocating from the same caches, CPUs going offline and online,
 * caches shrunk, and the report read over and over, every read required to
 * say ok.  The work is guaranteed by counts (sst_config's minimums), never
 * by time.  At the end every object is accounted for and the check says ok.
 */
#include <kunit/test.h>
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/irq_work.h>
#include <linux/kthread.h>
#include <linux/moduleparam.h>
#include <linux/sched/task.h>

#include "ss_test.h"
#include "../torture/engine.h"

static void cc_run(struct kunit *test, struct sst_config cfg)
{
	struct sst_cache caches[SST_NR_SPECS];
	struct slabstat_stats st;
	struct sst_result res;
	unsigned int i;

	for (i = 0; i < SST_NR_SPECS; i++) {
		char name[SLABSTAT_NAME_MAX + 1];

		snprintf(name, sizeof(name), "cc-%s", sst_specs[i].suffix);
		caches[i].size = sst_specs[i].size;
		caches[i].ctor = sst_specs[i].ctor;
		caches[i].cache = ss_test_cache(test, name, sst_specs[i].size, 0,
						sst_specs[i].flags,
						sst_specs[i].ctor ? sst_ctor :
						NULL);
	}
	KUNIT_ASSERT_EQ(test, 0, sst_run(caches, ARRAY_SIZE(caches), &cfg,
					 &res));
	kunit_info(test, "%ld ops, %ld in interrupts, %ld hotplug cycles, %ld reports\n",
		   res.ops, res.irq_ops, res.hotplug, res.checks);
	KUNIT_EXPECT_EQ(test, res.errors, 0);
	KUNIT_EXPECT_GE(test, res.ops, cfg.min_ops);
	KUNIT_EXPECT_EQ(test, res.alloc_fail, 0);
	if (cfg.irqs)
		KUNIT_EXPECT_GE(test, res.irq_ops, cfg.min_irq_ops);
	if (cfg.reader)
		KUNIT_EXPECT_GE(test, res.checks, cfg.min_checks);
	if (cfg.hotplug && num_online_cpus() > 1)
		KUNIT_EXPECT_GE(test, res.hotplug, cfg.min_hotplug);
	for (i = 0; i < ARRAY_SIZE(caches); i++) {
		slabstat_cache_stats(caches[i].cache, &st);
		KUNIT_EXPECT_EQ_MSG(test, st.allocs, st.frees, "cc-%s",
				    sst_specs[i].suffix);
		KUNIT_EXPECT_EQ(test, st.refused_frees, 0);
		KUNIT_EXPECT_EQ(test, atomic_long_read(&caches[i].cache->quarantined), 0);
		ss_test_expect_check_ok(test, caches[i].cache);
	}
}

/* Minimum work of every case; the kmemleak boot runs them too (slowly). */
#define CC_OPS		3000
#define CC_IRQ_OPS	200
#define CC_CHECKS	5

static void ss_cc_threads(struct kunit *test)
{
	cc_run(test, (struct sst_config){
		.min_ops = CC_OPS, .reader = true, .min_checks = CC_CHECKS,
	});
}

static void ss_cc_interrupts(struct kunit *test)
{
	struct sst_config cfg = {
		.min_ops = CC_OPS, .irqs = true, .min_irq_ops = CC_IRQ_OPS,
		.reader = true, .min_checks = CC_CHECKS,
	};

	cc_run(test, cfg);
}

static void ss_cc_hotplug(struct kunit *test)
{
	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two CPUs");
	struct sst_config cfg = {
		.min_ops = CC_OPS, .irqs = true, .min_irq_ops = CC_IRQ_OPS,
		.hotplug = true, .min_hotplug = 5,
		.reader = true, .min_checks = CC_CHECKS,
	};

	cc_run(test, cfg);
}

static void ss_cc_shrink(struct kunit *test)
{
	cc_run(test, (struct sst_config){
		.min_ops = CC_OPS, .shrink = true,
		.reader = true, .min_checks = CC_CHECKS,
	});
}

static void ss_cc_everything(struct kunit *test)
{
	struct sst_config cfg = {
		.min_ops = 2 * CC_OPS, .irqs = true, .min_irq_ops = CC_IRQ_OPS,
		.hotplug = num_online_cpus() > 1, .min_hotplug = 5,
		.shrink = true, .reader = true, .min_checks = 2 * CC_CHECKS,
	};

	cc_run(test, cfg);
}

/*
 * An interrupt inside the fast path.  A test hook, run inside every CPU
 * section of the test's cache, queues an irq_work (a self-interrupt, in
 * hard interrupt context without PREEMPT_RT) and waits for it in the
 * section; the handler allocates one object and frees the one it kept from
 * its previous run.  It must find its CPU's part owned and take the
 * fallback every time, and everything it did must be counted.
 */
#define CC_IRQ_ROUNDS	200

struct cc_irq_ctx {
	struct irq_work work;
	struct slabstat_cache *cache;
	void *held;			/* the handler's object between runs */
	bool armed, ran;
	unsigned long runs, owned, alloc_fail;
};

static struct cc_irq_ctx cc_irq;

static void cc_irq_fn(struct irq_work *work)
{
	void *p;

#ifndef CONFIG_PREEMPT_RT
	if (this_cpu_ptr(cc_irq.cache->cpu)->lock.owned)
		cc_irq.owned++;
#endif
	p = slabstat_alloc(cc_irq.cache, GFP_ATOMIC);
	if (!p)
		cc_irq.alloc_fail++;
	slabstat_free(cc_irq.cache, cc_irq.held);
	cc_irq.held = p;
	cc_irq.runs++;
	WRITE_ONCE(cc_irq.ran, true);
}

static void cc_irq_hook(struct slabstat_cache *c)
{
	if (c != cc_irq.cache || !READ_ONCE(cc_irq.armed))
		return;
	WRITE_ONCE(cc_irq.armed, false);
	WRITE_ONCE(cc_irq.ran, false);
	irq_work_queue(&cc_irq.work);
	/*
	 * Interrupts are on in the section, so the self-interrupt arrives
	 * here, however late (a vCPU the host does not run for a while): wait
	 * for it, not for a time, or a late one would run after the section
	 * and miss the fallback the test counts.
	 */
	while (!READ_ONCE(cc_irq.ran))
		cpu_relax();
}

static void ss_cc_irq_in_section(struct kunit *test)
{
	struct ss_check_result res;
	unsigned int i;

	if (IS_ENABLED(CONFIG_PREEMPT_RT))
		kunit_skip(test, "PREEMPT_RT: no calls from hard interrupts, no fallback");
	/* The hook waits for a self-interrupt: without one it never comes. */
	if (!arch_irq_work_has_interrupt())
		kunit_skip(test, "irq_work has no self-interrupt here");
	memset(&cc_irq, 0, sizeof(cc_irq));
	init_irq_work(&cc_irq.work, cc_irq_fn);
	cc_irq.cache = ss_test_cache(test, "cc-irq", 64, 0, 0, NULL);
	slabstat_test_section_hook(cc_irq_hook);
	for (i = 0; i < CC_IRQ_ROUNDS; i++) {
		void *p;

		WRITE_ONCE(cc_irq.armed, true);
		p = slabstat_alloc(cc_irq.cache, GFP_KERNEL);
		KUNIT_EXPECT_NOT_NULL(test, p);
		slabstat_free(cc_irq.cache, p);
	}
	slabstat_test_section_hook(NULL);
	irq_work_sync(&cc_irq.work);
	slabstat_free(cc_irq.cache, cc_irq.held);

	KUNIT_EXPECT_EQ(test, cc_irq.runs, CC_IRQ_ROUNDS);
	KUNIT_EXPECT_EQ(test, cc_irq.owned, cc_irq.runs);
	KUNIT_EXPECT_EQ(test, cc_irq.alloc_fail, 0);
	KUNIT_ASSERT_EQ(test, 0, slabstat_test_check(cc_irq.cache, &res));
	KUNIT_EXPECT_TRUE(test, res.ok);
	/* Every alloc, and every free but the first (of NULL), fell back. */
	KUNIT_EXPECT_EQ(test, res.cache_fallback, 2 * cc_irq.runs - 1);
	KUNIT_EXPECT_EQ(test, res.cache_live, 0);
}

/*
 * A client that creates, uses, shrinks and destroys caches with
 * cpus_read_lock() held and from CPU hotplug callbacks, while a thread
 * reads the report and CPUs go offline and online.  Lockdep (the harness
 * fails on any report) must find no lock order problem; every read says
 * ok.
 */
#define CC_LOCKED_ROUNDS	40
#define CC_LOCKED_CYCLES	4

struct cc_locked_ctx {
	atomic_long_t reads, bad_reads, cycles, hotplug_errors;
	bool stop;
};

static struct slabstat_cache *cc_hp_cache[NR_CPUS];
static atomic_t cc_hp_errors;

static void cc_use(struct slabstat_cache *c)
{
	void *objs[16];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(objs); i++)
		objs[i] = slabstat_alloc(c, GFP_KERNEL);
	for (i = 0; i < ARRAY_SIZE(objs); i++)
		slabstat_free(c, objs[i]);
}

static int cc_hp_online(unsigned int cpu)
{
	char name[SLABSTAT_NAME_MAX + 1];
	struct slabstat_cache *c;

	snprintf(name, sizeof(name), "cc-hp-%u", cpu);
	c = slabstat_cache_create(name, 48, 0, 0, NULL);
	if (IS_ERR(c)) {
		atomic_inc(&cc_hp_errors);
		return 0;
	}
	cc_use(c);
	cc_hp_cache[cpu] = c;
	return 0;
}

static int cc_hp_offline(unsigned int cpu)
{
	slabstat_cache_shrink(cc_hp_cache[cpu]);
	slabstat_cache_destroy(cc_hp_cache[cpu]);
	cc_hp_cache[cpu] = NULL;
	return 0;
}

static int cc_locked_reader(void *arg)
{
	struct cc_locked_ctx *ctx = arg;

	while (!READ_ONCE(ctx->stop)) {
		if (sst_read_report_ok() != 1)
			atomic_long_inc(&ctx->bad_reads);
		atomic_long_inc(&ctx->reads);
		usleep_range(5000, 10000);
	}
	return 0;
}

static int cc_locked_plugger(void *arg)
{
	struct cc_locked_ctx *ctx = arg;
	unsigned int cpu = cpumask_last(cpu_online_mask);

	while (!READ_ONCE(ctx->stop)) {
		if (remove_cpu(cpu) || add_cpu(cpu))
			atomic_long_inc(&ctx->hotplug_errors);
		atomic_long_inc(&ctx->cycles);
		usleep_range(10000, 20000);
	}
	return 0;
}

static void ss_cc_cpus_locked(struct kunit *test)
{
	struct task_struct *reader, *plugger;
	struct cc_locked_ctx ctx = { };
	unsigned int i;
	int state;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two CPUs");
	atomic_set(&cc_hp_errors, 0);
	state = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "slabstat_test:cc",
				  cc_hp_online, cc_hp_offline);
	KUNIT_ASSERT_GE(test, state, 0);
	reader = kthread_run(cc_locked_reader, &ctx, "cc_reader");
	KUNIT_ASSERT_FALSE(test, IS_ERR(reader));
	get_task_struct(reader);
	plugger = kthread_run(cc_locked_plugger, &ctx, "cc_plugger");
	KUNIT_ASSERT_FALSE(test, IS_ERR(plugger));
	get_task_struct(plugger);

	for (i = 0; i < CC_LOCKED_ROUNDS ||
	     atomic_long_read(&ctx.cycles) < CC_LOCKED_CYCLES ||
	     atomic_long_read(&ctx.reads) < CC_LOCKED_ROUNDS; i++) {
		struct slabstat_cache *c;

		cpus_read_lock();
		c = slabstat_cache_create("cc-locked", 64, 0, 0, NULL);
		if (!IS_ERR(c)) {
			cc_use(c);
			slabstat_cache_shrink(c);
			slabstat_cache_destroy(c);
		}
		cpus_read_unlock();
		KUNIT_ASSERT_FALSE(test, IS_ERR(c));
		usleep_range(1000, 2000);
	}

	WRITE_ONCE(ctx.stop, true);
	kthread_stop(plugger);
	put_task_struct(plugger);
	kthread_stop(reader);
	put_task_struct(reader);
	cpuhp_remove_state(state);
	kunit_info(test, "%u rounds, %ld hotplug cycles, %ld reads\n", i,
		   atomic_long_read(&ctx.cycles), atomic_long_read(&ctx.reads));
	KUNIT_EXPECT_EQ(test, atomic_long_read(&ctx.bad_reads), 0);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&ctx.hotplug_errors), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&cc_hp_errors), 0);
	KUNIT_EXPECT_EQ(test, sst_read_report_ok(), 1);
}

/*
 * Racing double frees: two threads on two CPUs free the same object at the
 * same moment, then each allocates SS_RACE_LIVE objects at the same moment;
 * every pointer one thread holds is compared with every pointer the other
 * holds, race_pairs times.  The cheap test refuses the second free unless
 * the two frees overlap; when both are accepted the object is a round in both CPUs'
 * magazines, and its free word names only the magazine of the later push,
 * so the other round must be dropped, never handed out.
 */
#define SS_RACE_LIVE	4

/*
 * 100000 pairs take about 100 s on the debug kernel under TCG and more
 * than KUnit's 300 s per case with kmemleak on: the default keeps every
 * boot of make check under the hung-task limit (120 s); the measurement
 * is made with race_pairs=100000.
 */
static unsigned int race_pairs = 20000;
module_param(race_pairs, uint, 0444);
MODULE_PARM_DESC(race_pairs,
		 "ss_cc_double_free_race: racing pairs of frees (default 20000)");

struct ss_race {
	struct slabstat_cache *cache;
	void *obj;			/* the object both free */
	void *live[2][SS_RACE_LIVE];	/* what each then holds */
	atomic_t arrive;		/* the two threads' meeting point */
	unsigned long dup;		/* pointers live twice */
	unsigned long both;		/* pairs where both frees were accepted */
	struct completion done[2];
};

/* Meet the other thread: both arrive at phase @phase before either leaves. */
static void ss_race_meet(struct ss_race *r, int phase)
{
	atomic_inc(&r->arrive);
	while (atomic_read(&r->arrive) < 2 * phase)
		cpu_relax();
}

static int ss_race_fn(void *arg, int me)
{
	struct ss_race *r = arg;
	unsigned long refused = 0;
	unsigned int i;
	int phase = 0, j, k;

	for (i = 0; i < race_pairs; i++) {
		if (!me) {
			r->obj = slabstat_alloc(r->cache, GFP_KERNEL);
			refused = atomic_long_read(&r->cache->bad[SS_BAD_DOUBLE_FREE]);
		}
		ss_race_meet(r, ++phase);
		slabstat_free(r->cache, r->obj);
		ss_race_meet(r, ++phase);
		for (j = 0; j < SS_RACE_LIVE; j++)
			r->live[me][j] = slabstat_alloc(r->cache, GFP_KERNEL);
		ss_race_meet(r, ++phase);
		if (!me) {
			if (atomic_long_read(&r->cache->bad[SS_BAD_DOUBLE_FREE]) ==
			    refused)
				r->both++;
			for (j = 0; j < SS_RACE_LIVE; j++)
				for (k = 0; k < SS_RACE_LIVE; k++)
					if (r->live[0][j] == r->live[1][k])
						r->dup++;
		}
		ss_race_meet(r, ++phase);
		for (j = 0; j < SS_RACE_LIVE; j++)
			slabstat_free(r->cache, r->live[me][j]);
		if (!(i % 64))
			cond_resched();
	}
	complete(&r->done[me]);
	return 0;
}

static int ss_race_fn0(void *arg)
{
	return ss_race_fn(arg, 0);
}

static int ss_race_fn1(void *arg)
{
	return ss_race_fn(arg, 1);
}

static void ss_cc_double_free_race(struct kunit *test)
{
	struct task_struct *t[2];
	unsigned int cpu[2];
	long dropped, bad;
	struct ss_race *r;
	int i;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two CPUs");
	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	r->cache = ss_test_cache(test, "race", 64, 0, 0, NULL);
	cpu[0] = cpumask_first(cpu_online_mask);
	cpu[1] = cpumask_next(cpu[0], cpu_online_mask);
	for (i = 0; i < 2; i++) {
		init_completion(&r->done[i]);
		t[i] = kthread_create_on_cpu(i ? ss_race_fn1 : ss_race_fn0, r,
					     cpu[i], "ss_race/%u");
		KUNIT_ASSERT_FALSE(test, IS_ERR(t[i]));
	}
	wake_up_process(t[0]);
	wake_up_process(t[1]);
	wait_for_completion(&r->done[0]);
	wait_for_completion(&r->done[1]);

	/* Drop the duplicates still in magazines. */
	slabstat_cache_shrink(r->cache);
	dropped = atomic_long_read(&r->cache->dropped[SS_DROP_HANDOUT]) +
		  atomic_long_read(&r->cache->dropped[SS_DROP_DRAIN]);
	bad = atomic_long_read(&r->cache->bad[SS_BAD_DOUBLE_FREE]);
	kunit_info(test, "%u racing pairs: %ld second frees refused, %lu both accepted, %ld duplicate rounds dropped, %lu pointers live twice\n",
		   race_pairs, bad, r->both, dropped, r->dup);
	KUNIT_EXPECT_EQ(test, r->dup, 0);
	KUNIT_EXPECT_EQ(test, bad + (long)r->both, (long)race_pairs);
	KUNIT_EXPECT_EQ(test, dropped, (long)r->both);
	ss_test_expect_check_ok(test, r->cache);
}

static struct kunit_case ss_concurrency_cases[] = {
	KUNIT_CASE_SLOW(ss_cc_double_free_race),
	KUNIT_CASE(ss_cc_irq_in_section),
	KUNIT_CASE_SLOW(ss_cc_cpus_locked),
	KUNIT_CASE_SLOW(ss_cc_threads),
	KUNIT_CASE_SLOW(ss_cc_interrupts),
	KUNIT_CASE_SLOW(ss_cc_hotplug),
	KUNIT_CASE_SLOW(ss_cc_shrink),
	KUNIT_CASE_SLOW(ss_cc_everything),
	{}
};

struct kunit_suite ss_concurrency_suite = {
	.name = "slabstat_concurrency",
	.test_cases = ss_concurrency_cases,
};
