// SPDX-License-Identifier: GPL-2.0
/*
 * The slabstat stress engine.
 *
 * Worker kthreads (unbound, so the scheduler also moves them between CPUs)
 * allocate, free, bulk-allocate and pass objects to each other through a
 * ring, so objects are freed on other CPUs than they were allocated on.
 * Every object carries a tag and bytes derived from it, written at alloc and
 * checked at free: an object handed out twice, or written by someone else,
 * breaks its pattern.  Objects of constructor caches must come out
 * constructed and are handed back constructed.  Optionally an hrtimer
 * (hardirq; on PREEMPT_RT, where slabstat may not be called from hard
 * interrupts, it expires in the soft interrupt thread) and a timer
 * (softirq) allocate from the same caches, CPUs go
 * offline and online, a thread shrinks the caches, and a thread reads the
 * report, which must say "check: ok" every time.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/hrtimer.h>
#include <linux/kthread.h>
#include <linux/prandom.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/timer.h>

#include "engine.h"

#define SST_SLOTS	32
#define SST_RING	256
#define SST_STASH	8
#define SST_MAX_THREADS	16

struct sst_obj {
	u32 tag;
	u8 data[];
};

struct sst_ctx {
	struct sst_cache *caches;
	unsigned int ncaches;
	atomic_t tags;
	atomic_long_t ops, irq_ops, alloc_fail, checks, errors;
	bool stop;
	spinlock_t ring_lock;		/* the ring */
	void *ring[SST_RING];
	unsigned int ring_cache[SST_RING];
	unsigned int ring_n;
	void *hard_stash[SST_STASH];	/* the hrtimer's objects */
	void *soft_stash[SST_STASH];	/* the timer's objects */
	unsigned int hard_pos, soft_pos;
	struct hrtimer hrt;
	struct timer_list timer;
};

static void sst_pattern(struct sst_obj *o, unsigned int size, u32 tag)
{
	unsigned int i;

	o->tag = tag;
	for (i = 0; i < size - sizeof(*o); i++)
		o->data[i] = (u8)(tag * 31 + i);
}

static bool sst_pattern_ok(const struct sst_obj *o, unsigned int size, u32 tag)
{
	unsigned int i;

	if (o->tag != tag)
		return false;
	for (i = 0; i < size - sizeof(*o); i++)
		if (o->data[i] != (u8)(tag * 31 + i))
			return false;
	return true;
}

const struct sst_spec sst_specs[SST_NR_SPECS] = {
	{ "16", 16, 0 },
	{ "200", 200, SLABSTAT_HWCACHE_ALIGN },
	{ "1500", 1500, 0 },
	{ "debug-96", 96, SLABSTAT_POISON | SLABSTAT_REDZONE },
	{ "ctor-64", SST_CTOR_SIZE, 0, true },
};

/**
 * sst_ctor() - constructor for SST_CTOR_SIZE caches: the tag-0 pattern
 * @obj: the new object
 */
void sst_ctor(void *obj)
{
	sst_pattern(obj, SST_CTOR_SIZE, 0);
}

/* An object as its new owner finds it: check, then write our pattern. */
static void sst_take(struct sst_ctx *ctx, unsigned int ci, void *p)
{
	struct sst_cache *sc = &ctx->caches[ci];

	if (sc->ctor && !sst_pattern_ok(p, sc->size, 0))
		atomic_long_inc(&ctx->errors);
	sst_pattern(p, sc->size, atomic_inc_return(&ctx->tags) | 1);
}

static void *sst_alloc(struct sst_ctx *ctx, unsigned int ci, gfp_t gfp)
{
	void *p = slabstat_alloc(ctx->caches[ci].cache, gfp);

	if (p)
		sst_take(ctx, ci, p);
	else
		atomic_long_inc(&ctx->alloc_fail);
	return p;
}

/* Check our pattern, restore the constructed state if any, free. */
static void sst_give(struct sst_ctx *ctx, unsigned int ci, void *p)
{
	struct sst_cache *sc = &ctx->caches[ci];
	struct sst_obj *o = p;

	if (!p)
		return;
	if (!sst_pattern_ok(o, sc->size, o->tag))
		atomic_long_inc(&ctx->errors);
	if (sc->ctor)
		sst_pattern(o, sc->size, 0);
	slabstat_free(sc->cache, p);
}

/* Interrupt work: swap one stashed object for a fresh one. */
static void sst_irq_step(struct sst_ctx *ctx, void **stash, unsigned int *pos)
{
	unsigned int s = (*pos)++ % SST_STASH, ci = s % ctx->ncaches;

	sst_give(ctx, ci, stash[s]);
	stash[s] = sst_alloc(ctx, ci, GFP_ATOMIC);
	atomic_long_inc(&ctx->irq_ops);
}

static enum hrtimer_restart sst_hrtimer_fn(struct hrtimer *t)
{
	struct sst_ctx *ctx = container_of(t, struct sst_ctx, hrt);

	sst_irq_step(ctx, ctx->hard_stash, &ctx->hard_pos);
	if (READ_ONCE(ctx->stop))
		return HRTIMER_NORESTART;
	hrtimer_forward_now(t, ns_to_ktime(200 * NSEC_PER_USEC));
	return HRTIMER_RESTART;
}

static void sst_timer_fn(struct timer_list *t)
{
	struct sst_ctx *ctx = from_timer(ctx, t, timer);

	sst_irq_step(ctx, ctx->soft_stash, &ctx->soft_pos);
	if (!READ_ONCE(ctx->stop))
		mod_timer(&ctx->timer, jiffies + 1);
}

static void sst_ring_put(struct sst_ctx *ctx, unsigned int ci, void *p)
{
	spin_lock(&ctx->ring_lock);
	if (ctx->ring_n < SST_RING) {
		ctx->ring[ctx->ring_n] = p;
		ctx->ring_cache[ctx->ring_n++] = ci;
		p = NULL;
	}
	spin_unlock(&ctx->ring_lock);
	sst_give(ctx, ci, p);		/* ring full: free it here */
}

static void sst_ring_take_one(struct sst_ctx *ctx)
{
	unsigned int ci = 0;
	void *p = NULL;

	spin_lock(&ctx->ring_lock);
	if (ctx->ring_n) {
		p = ctx->ring[--ctx->ring_n];
		ci = ctx->ring_cache[ctx->ring_n];
	}
	spin_unlock(&ctx->ring_lock);
	sst_give(ctx, ci, p);
}

static void sst_bulk(struct sst_ctx *ctx, unsigned int ci)
{
	struct sst_cache *sc = &ctx->caches[ci];
	void *bulk[24];
	unsigned int i;

	if (!slabstat_alloc_bulk(sc->cache, GFP_KERNEL, ARRAY_SIZE(bulk),
				 bulk)) {
		atomic_long_inc(&ctx->alloc_fail);
		return;
	}
	for (i = 0; i < ARRAY_SIZE(bulk); i++)
		sst_take(ctx, ci, bulk[i]);
	for (i = 0; i < ARRAY_SIZE(bulk); i++) {
		if (!sst_pattern_ok(bulk[i], sc->size,
				    ((struct sst_obj *)bulk[i])->tag))
			atomic_long_inc(&ctx->errors);
		if (sc->ctor)
			sst_pattern(bulk[i], sc->size, 0);
	}
	slabstat_free_bulk(sc->cache, ARRAY_SIZE(bulk), bulk);
}

static int sst_worker(void *arg)
{
	struct sst_ctx *ctx = arg;
	void *(*slots)[SST_SLOTS];
	struct rnd_state rnd;
	unsigned int ci, s;

	slots = kcalloc(SST_MAX_CACHES, sizeof(*slots), GFP_KERNEL);
	if (!slots) {
		atomic_long_inc(&ctx->errors);
		return -ENOMEM;
	}
	prandom_seed_state(&rnd, (unsigned long)current->pid);
	while (!READ_ONCE(ctx->stop)) {
		u32 r = prandom_u32_state(&rnd);

		ci = r % ctx->ncaches;
		s = (r >> 8) % SST_SLOTS;
		switch ((r >> 16) % 8) {
		case 0 ... 2:
			if (!slots[ci][s])
				slots[ci][s] = sst_alloc(ctx, ci, GFP_KERNEL);
			break;
		case 3 ... 4:
			sst_give(ctx, ci, slots[ci][s]);
			slots[ci][s] = NULL;
			break;
		case 5:		/* to be freed by another thread */
			if (slots[ci][s]) {
				sst_ring_put(ctx, ci, slots[ci][s]);
				slots[ci][s] = NULL;
			}
			break;
		case 6:
			sst_ring_take_one(ctx);
			break;
		case 7:
			sst_bulk(ctx, ci);
			break;
		}
		atomic_long_inc(&ctx->ops);
		cond_resched();
	}
	for (ci = 0; ci < ctx->ncaches; ci++)
		for (s = 0; s < SST_SLOTS; s++)
			sst_give(ctx, ci, slots[ci][s]);
	kfree(slots);
	return 0;
}

static int sst_shrinker(void *arg)
{
	struct sst_ctx *ctx = arg;
	unsigned int n = 0;

	while (!READ_ONCE(ctx->stop)) {
		slabstat_cache_shrink(ctx->caches[n++ % ctx->ncaches].cache);
		msleep(20);
	}
	return 0;
}

/**
 * sst_read_report_ok() - read /sys/kernel/debug/slabstat
 *
 * Return: 1 if its check line says ok, 0 if not, or a negative errno.
 */
int sst_read_report_ok(void)
{
	static const char want[] = "slabstat 1\ncheck: ok\n";
	char buf[sizeof(want)] = "";
	struct file *f;
	loff_t pos = 0;
	ssize_t n;

	f = filp_open("/sys/kernel/debug/slabstat", O_RDONLY, 0);
	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_read(f, buf, sizeof(buf) - 1, &pos);
	filp_close(f, NULL);
	if (n < 0)
		return n;
	return n == sizeof(want) - 1 && !memcmp(buf, want, n);
}

static int sst_reader(void *arg)
{
	struct sst_ctx *ctx = arg;

	while (!READ_ONCE(ctx->stop)) {
		if (sst_read_report_ok() != 1)
			atomic_long_inc(&ctx->errors);
		atomic_long_inc(&ctx->checks);
		msleep(30);
	}
	return 0;
}

static struct task_struct *sst_start(int (*fn)(void *), struct sst_ctx *ctx,
				     const char *name, unsigned int i)
{
	struct task_struct *t = kthread_run(fn, ctx, "%s/%u", name, i);

	if (!IS_ERR(t))
		get_task_struct(t);
	return t;
}

/* Take one CPU (never the first online one) offline and back. */
static bool sst_hotplug_cycle(unsigned int *next)
{
	unsigned int cpu, n = num_online_cpus();
	int ret;

	if (n < 2)
		return true;
	cpu = cpumask_nth(1 + (*next)++ % (n - 1), cpu_online_mask);
	if (cpu >= nr_cpu_ids)
		return true;
	ret = remove_cpu(cpu);
	if (ret)
		return ret == -EBUSY;	/* someone else is plugging: fine */
	msleep(20);
	return add_cpu(cpu) == 0;
}

/* Has every minimum count of @cfg been reached? */
static bool sst_counts_done(struct sst_ctx *ctx, const struct sst_config *cfg,
			    const struct sst_result *res)
{
	if (atomic_long_read(&ctx->ops) < cfg->min_ops)
		return false;
	if (cfg->irqs && atomic_long_read(&ctx->irq_ops) < cfg->min_irq_ops)
		return false;
	if (cfg->hotplug && num_online_cpus() > 1 &&
	    res->hotplug < cfg->min_hotplug)
		return false;
	if (cfg->reader && atomic_long_read(&ctx->checks) < cfg->min_checks)
		return false;
	return true;
}

/**
 * sst_run() - stress caches for a while
 * @caches: the caches
 * @ncaches: how many, 1 to SST_MAX_CACHES
 * @cfg: what to do
 * @res: what happened
 *
 * Runs for at least @cfg->duration_ms and until the minimum counts of @cfg
 * are reached.  Every object the engine allocated is freed before it
 * returns.
 *
 * Return: 0, or a negative errno if it could not start.
 */
int sst_run(struct sst_cache *caches, unsigned int ncaches,
	    const struct sst_config *cfg, struct sst_result *res)
{
	struct task_struct *tasks[SST_MAX_THREADS + 2];
	unsigned int nt = 0, nthreads, i, next_cpu = 0;
	unsigned long end;
	struct sst_ctx *ctx;
	int ret = 0;

	if (!ncaches || ncaches > SST_MAX_CACHES)
		return -EINVAL;
	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	ctx->caches = caches;
	ctx->ncaches = ncaches;
	spin_lock_init(&ctx->ring_lock);
	memset(res, 0, sizeof(*res));

	nthreads = cfg->threads ?: num_online_cpus();
	nthreads = min(nthreads, SST_MAX_THREADS);
	for (i = 0; i < nthreads + 2; i++) {
		int (*fn)(void *) = sst_worker;

		if (i == nthreads) {
			if (!cfg->shrink)
				continue;
			fn = sst_shrinker;
		} else if (i == nthreads + 1) {
			if (!cfg->reader)
				continue;
			fn = sst_reader;
		}
		tasks[nt] = sst_start(fn, ctx, "slabstat_stress", i);
		if (IS_ERR(tasks[nt])) {
			ret = PTR_ERR(tasks[nt]);
			goto stop;
		}
		nt++;
	}
	if (cfg->irqs) {
		/* Hard interrupt context, except on PREEMPT_RT (see above). */
		hrtimer_init(&ctx->hrt, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
		ctx->hrt.function = sst_hrtimer_fn;
		hrtimer_start(&ctx->hrt, ns_to_ktime(200 * NSEC_PER_USEC),
			      HRTIMER_MODE_REL);
		timer_setup(&ctx->timer, sst_timer_fn, 0);
		mod_timer(&ctx->timer, jiffies + 1);
	}

	end = jiffies + msecs_to_jiffies(cfg->duration_ms);
	while (time_before(jiffies, end) || !sst_counts_done(ctx, cfg, res)) {
		if (cfg->hotplug) {
			if (!sst_hotplug_cycle(&next_cpu))
				atomic_long_inc(&ctx->errors);
			res->hotplug++;
		}
		msleep(50);
	}

stop:
	WRITE_ONCE(ctx->stop, true);
	if (cfg->irqs) {
		hrtimer_cancel(&ctx->hrt);
		timer_shutdown_sync(&ctx->timer);
	}
	for (i = 0; i < nt; i++) {
		kthread_stop(tasks[i]);
		put_task_struct(tasks[i]);
	}
	while (ctx->ring_n)
		sst_ring_take_one(ctx);
	for (i = 0; i < SST_STASH; i++) {
		sst_give(ctx, i % ncaches, ctx->hard_stash[i]);
		sst_give(ctx, i % ncaches, ctx->soft_stash[i]);
	}
	res->ops = atomic_long_read(&ctx->ops);
	res->irq_ops = atomic_long_read(&ctx->irq_ops);
	res->alloc_fail = atomic_long_read(&ctx->alloc_fail);
	res->checks = atomic_long_read(&ctx->checks);
	res->errors = atomic_long_read(&ctx->errors);
	kfree(ctx);
	return ret;
}
