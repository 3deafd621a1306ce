// SPDX-License-Identifier: GPL-2.0
/*
 * slabstat_concurrency: every CPU at once.  Kthreads allocate and free with
 * tagged patterns (a corrupted or doubly handed-out object breaks its
 * pattern), pass objects to each other so they are freed on other CPUs, while
 * an hrtimer (hardirq) and a timer (softirq) allocate from the same caches,
 * CPUs go offline and online, the caches are reaped and shrunk, and a reader
 * runs the quiesced check over and over.  At the end every object is
 * accounted for and the check says ok.
 */
#include <kunit/test.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/hrtimer.h>
#include <linux/kthread.h>
#include <linux/prandom.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/timer.h>

#include "ss_test.h"

#define CC_CACHES	3
#define CC_SLOTS	32
#define CC_RING		256
#define CC_STASH	8

/* An object under test: a tag, then bytes derived from it. */
struct cc_obj {
	u32 tag;
	u8 data[];
};

struct cc_ctx {
	struct slabstat_cache *caches[CC_CACHES];
	unsigned int sizes[CC_CACHES];
	atomic_t tags;
	atomic_long_t errors;
	atomic_long_t ops;
	atomic_long_t irq_ops;
	atomic_long_t check_runs;
	atomic_long_t check_bad;
	bool stop;
	/* objects in flight between threads, freed by whoever takes them */
	spinlock_t ring_lock;
	void *ring[CC_RING];
	unsigned int ring_cache[CC_RING];
	unsigned int ring_n;
	/* what the interrupt handlers hold */
	void *hard_stash[CC_STASH];
	void *soft_stash[CC_STASH];
	struct hrtimer hrt;
	struct timer_list timer;
};

static void cc_fill(struct cc_ctx *ctx, unsigned int ci, struct cc_obj *o)
{
	unsigned int i, n = ctx->sizes[ci] - sizeof(*o);

	o->tag = atomic_inc_return(&ctx->tags);
	for (i = 0; i < n; i++)
		o->data[i] = (u8)(o->tag * 31 + i);
}

static void cc_verify_free(struct cc_ctx *ctx, unsigned int ci, void *p)
{
	struct cc_obj *o = p;
	unsigned int i, n = ctx->sizes[ci] - sizeof(*o);

	if (!p)
		return;
	for (i = 0; i < n; i++)
		if (o->data[i] != (u8)(o->tag * 31 + i)) {
			atomic_long_inc(&ctx->errors);
			break;
		}
	slabstat_free(ctx->caches[ci], p);
}

static void *cc_alloc(struct cc_ctx *ctx, unsigned int ci, gfp_t gfp)
{
	void *p = slabstat_alloc(ctx->caches[ci], gfp);

	if (p)
		cc_fill(ctx, ci, p);
	return p;
}

/* Interrupt work: swap one stashed object for a fresh one. */
static void cc_irq_step(struct cc_ctx *ctx, void **stash, unsigned int *pos)
{
	unsigned int s = (*pos)++ % CC_STASH, ci = s % CC_CACHES;

	cc_verify_free(ctx, ci, stash[s]);
	stash[s] = cc_alloc(ctx, ci, GFP_ATOMIC);
	atomic_long_inc(&ctx->irq_ops);
}

static enum hrtimer_restart cc_hrtimer_fn(struct hrtimer *t)
{
	struct cc_ctx *ctx = container_of(t, struct cc_ctx, hrt);
	static unsigned int pos;

	cc_irq_step(ctx, ctx->hard_stash, &pos);
	if (READ_ONCE(ctx->stop))
		return HRTIMER_NORESTART;
	hrtimer_forward_now(t, ns_to_ktime(200 * NSEC_PER_USEC));
	return HRTIMER_RESTART;
}

static void cc_timer_fn(struct timer_list *t)
{
	struct cc_ctx *ctx = from_timer(ctx, t, timer);
	static unsigned int pos;

	cc_irq_step(ctx, ctx->soft_stash, &pos);
	if (!READ_ONCE(ctx->stop))
		mod_timer(&ctx->timer, jiffies + 1);
}

static void cc_ring_put(struct cc_ctx *ctx, unsigned int ci, void *p)
{
	spin_lock(&ctx->ring_lock);
	if (ctx->ring_n < CC_RING) {
		ctx->ring[ctx->ring_n] = p;
		ctx->ring_cache[ctx->ring_n++] = ci;
		p = NULL;
	}
	spin_unlock(&ctx->ring_lock);
	if (p)		/* ring full: free it here */
		cc_verify_free(ctx, ci, p);
}

static void cc_ring_take_one(struct cc_ctx *ctx)
{
	unsigned int ci = 0;
	void *p = NULL;

	spin_lock(&ctx->ring_lock);
	if (ctx->ring_n) {
		p = ctx->ring[--ctx->ring_n];
		ci = ctx->ring_cache[ctx->ring_n];
	}
	spin_unlock(&ctx->ring_lock);
	cc_verify_free(ctx, ci, p);
}

static int cc_worker(void *arg)
{
	struct cc_ctx *ctx = arg;
	void *slots[CC_CACHES][CC_SLOTS] = { };
	struct rnd_state rnd;
	unsigned int ci, s;

	prandom_seed_state(&rnd, (unsigned long)current->pid);
	while (!READ_ONCE(ctx->stop)) {
		u32 r = prandom_u32_state(&rnd);

		ci = r % CC_CACHES;
		s = (r >> 8) % CC_SLOTS;
		switch ((r >> 16) % 8) {
		case 0 ... 2:
			if (!slots[ci][s])
				slots[ci][s] = cc_alloc(ctx, ci, GFP_KERNEL);
			break;
		case 3 ... 4:
			cc_verify_free(ctx, ci, slots[ci][s]);
			slots[ci][s] = NULL;
			break;
		case 5:		/* hand to another thread */
			if (slots[ci][s]) {
				cc_ring_put(ctx, ci, slots[ci][s]);
				slots[ci][s] = NULL;
			}
			break;
		case 6:
			cc_ring_take_one(ctx);
			break;
		case 7: {
			void *bulk[24];
			unsigned int i;

			if (slabstat_alloc_bulk(ctx->caches[ci], GFP_KERNEL,
						ARRAY_SIZE(bulk), bulk)) {
				for (i = 0; i < ARRAY_SIZE(bulk); i++)
					cc_fill(ctx, ci, bulk[i]);
				for (i = 0; i < ARRAY_SIZE(bulk); i++)
					cc_verify_free(ctx, ci, bulk[i]);
			}
			break;
		}
		}
		atomic_long_inc(&ctx->ops);
		cond_resched();
	}
	for (ci = 0; ci < CC_CACHES; ci++)
		for (s = 0; s < CC_SLOTS; s++)
			cc_verify_free(ctx, ci, slots[ci][s]);
	return 0;
}

static int cc_reclaimer(void *arg)
{
	struct cc_ctx *ctx = arg;
	unsigned int n = 0;

	while (!READ_ONCE(ctx->stop)) {
		if (n++ % 4 == 0)
			slabstat_cache_shrink(ctx->caches[n % CC_CACHES]);
		else
			slabstat_test_reap();
		msleep(20);
	}
	return 0;
}

static int cc_reader(void *arg)
{
	struct cc_ctx *ctx = arg;
	struct ss_check_result res;

	while (!READ_ONCE(ctx->stop)) {
		if (slabstat_test_check(NULL, &res) || !res.ok)
			atomic_long_inc(&ctx->check_bad);
		atomic_long_inc(&ctx->check_runs);
		msleep(30);
	}
	return 0;
}

enum cc_extra {
	CC_IRQS = BIT(0),
	CC_HOTPLUG = BIT(1),
	CC_RECLAIM = BIT(2),
	CC_READER = BIT(3),
};

static void cc_run(struct kunit *test, unsigned int extra, unsigned int ms)
{
	struct task_struct *tasks[16 + 2];
	unsigned int nt = 0, i, ci, cpu, ncpu = num_online_cpus();
	struct slabstat_stats st;
	struct cc_ctx *ctx;
	unsigned long end;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	ctx->sizes[0] = 16;
	ctx->sizes[1] = 200;
	ctx->sizes[2] = 1500;
	ctx->caches[0] = ss_test_cache(test, "cc-16", 16, 0, 0, NULL);
	ctx->caches[1] = ss_test_cache(test, "cc-200", 200, 0,
				       SLABSTAT_HWCACHE_ALIGN, NULL);
	ctx->caches[2] = ss_test_cache(test, "cc-1500", 1500, 0, 0, NULL);
	spin_lock_init(&ctx->ring_lock);

	for (i = 0; i < min(ncpu, 16U); i++) {
		/* Unbound: the scheduler moves them between CPUs too. */
		tasks[nt] = kthread_run(cc_worker, ctx, "ss_cc/%u", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(tasks[nt]));
		get_task_struct(tasks[nt++]);
	}
	if (extra & CC_RECLAIM) {
		tasks[nt] = kthread_run(cc_reclaimer, ctx, "ss_cc_reclaim");
		KUNIT_ASSERT_FALSE(test, IS_ERR(tasks[nt]));
		get_task_struct(tasks[nt++]);
	}
	if (extra & CC_READER) {
		tasks[nt] = kthread_run(cc_reader, ctx, "ss_cc_reader");
		KUNIT_ASSERT_FALSE(test, IS_ERR(tasks[nt]));
		get_task_struct(tasks[nt++]);
	}
	if (extra & CC_IRQS) {
		hrtimer_init(&ctx->hrt, CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
		ctx->hrt.function = cc_hrtimer_fn;
		hrtimer_start(&ctx->hrt, ns_to_ktime(200 * NSEC_PER_USEC), HRTIMER_MODE_REL_HARD);
		timer_setup(&ctx->timer, cc_timer_fn, 0);
		mod_timer(&ctx->timer, jiffies + 1);
	}

	end = jiffies + msecs_to_jiffies(ms);
	while (time_before(jiffies, end)) {
		if (extra & CC_HOTPLUG) {
			for_each_online_cpu(cpu) {
				if (cpu == cpumask_first(cpu_online_mask))
					continue;
				KUNIT_EXPECT_EQ(test, remove_cpu(cpu), 0);
				msleep(20);
				KUNIT_EXPECT_EQ(test, add_cpu(cpu), 0);
				break;
			}
		}
		msleep(50);
	}

	WRITE_ONCE(ctx->stop, true);
	if (extra & CC_IRQS) {
		hrtimer_cancel(&ctx->hrt);
		timer_shutdown_sync(&ctx->timer);
	}
	for (i = 0; i < nt; i++) {
		kthread_stop(tasks[i]);
		put_task_struct(tasks[i]);
	}
	while (ctx->ring_n)
		cc_ring_take_one(ctx);
	for (i = 0; i < CC_STASH; i++) {
		cc_verify_free(ctx, i % CC_CACHES, ctx->hard_stash[i]);
		cc_verify_free(ctx, i % CC_CACHES, ctx->soft_stash[i]);
	}

	kunit_info(test, "%ld ops, %ld in interrupts, %ld checks\n",
		   atomic_long_read(&ctx->ops), atomic_long_read(&ctx->irq_ops),
		   atomic_long_read(&ctx->check_runs));
	KUNIT_EXPECT_EQ(test, atomic_long_read(&ctx->errors), 0);
	KUNIT_EXPECT_GT(test, atomic_long_read(&ctx->ops), 1000);
	if (extra & CC_IRQS)
		KUNIT_EXPECT_GT(test, atomic_long_read(&ctx->irq_ops), 10);
	if (extra & CC_READER) {
		KUNIT_EXPECT_GT(test, atomic_long_read(&ctx->check_runs), 0);
		KUNIT_EXPECT_EQ(test, atomic_long_read(&ctx->check_bad), 0);
	}
	for (ci = 0; ci < CC_CACHES; ci++) {
		slabstat_cache_stats(ctx->caches[ci], &st);
		KUNIT_EXPECT_EQ_MSG(test, st.allocs, st.frees, "cache %u", ci);
		KUNIT_EXPECT_EQ(test, st.refused_frees, 0);
		ss_test_expect_check_ok(test, ctx->caches[ci]);
	}
}

static void ss_cc_threads(struct kunit *test)
{
	cc_run(test, 0, 1500);
}

static void ss_cc_interrupts(struct kunit *test)
{
	cc_run(test, CC_IRQS, 1500);
}

static void ss_cc_hotplug(struct kunit *test)
{
	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two CPUs");
	cc_run(test, CC_IRQS | CC_HOTPLUG, 2500);
}

static void ss_cc_reclaim(struct kunit *test)
{
	cc_run(test, CC_RECLAIM, 1500);
}

static void ss_cc_everything(struct kunit *test)
{
	cc_run(test, CC_IRQS | CC_HOTPLUG | CC_RECLAIM | CC_READER, 3000);
}

static struct kunit_case ss_concurrency_cases[] = {
	KUNIT_CASE_SLOW(ss_cc_threads),
	KUNIT_CASE_SLOW(ss_cc_interrupts),
	KUNIT_CASE_SLOW(ss_cc_hotplug),
	KUNIT_CASE_SLOW(ss_cc_reclaim),
	KUNIT_CASE_SLOW(ss_cc_everything),
	{}
};

struct kunit_suite ss_concurrency_suite = {
	.name = "slabstat_concurrency",
	.test_cases = ss_concurrency_cases,
};
