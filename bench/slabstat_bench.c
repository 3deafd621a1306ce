// SPDX-License-Identifier: GPL-2.0
/*
 * slabstat_bench: slabstat against the kernel's own kmem_cache, side by side
 * in one kernel (make bench; Documentation/benchmarks.rst).
 *
 * Every test runs on a slabstat cache and on a kmem_cache of the same object
 * size and flags, created fresh for the test.  One warm-up pass of each is
 * discarded; then the repetitions alternate: slabstat, kmem_cache, slabstat,
 * kmem_cache, ...  A measurement is ktime_get_ns() around a loop of at least
 * 10^5 objects, with preemption off (so GFP_NOWAIT) where the test runs on
 * one CPU.  The same loop with the allocator calls left out (the baseline)
 * is measured in every repetition too, and its median is subtracted.
 *
 * Per test and size: the median over the repetitions of ns per object (one
 * allocation plus one free), the spread (max - min) / median of each side,
 * and the ratio R = slabstat / kmem_cache of the medians.
 *
 * Results are kept as "key=value" lines and shown in
 * /sys/kernel/debug/slabstat_bench once insmod returns; module_init runs
 * every test, so insmod takes as long as the benchmark.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/prandom.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include <slabstat.h>

/* ------------------------------------------------------------------------
 * Parameters
 */

static char *tests = "all";
module_param(tests, charp, 0444);
MODULE_PARM_DESC(tests,
		 "Comma-separated tests to run, or \"all\": pair, batch10, batch100, batch1000, shuffle1000, bulk64, parallel, remote, check_read, prims");

static unsigned int reps = 9;
module_param(reps, uint, 0444);
MODULE_PARM_DESC(reps, "Timed repetitions per side (5..31; default 9)");

static unsigned int ops = 100000;
module_param(ops, uint, 0444);
MODULE_PARM_DESC(ops,
		 "Objects allocated and freed per measurement, per CPU in parallel (min 100000)");

static int cpu = -1;
module_param(cpu, int, 0444);
MODULE_PARM_DESC(cpu,
		 "CPU of the single-CPU tests and of the remote producer (default: 1, else the first online)");

static char *label = "run";
module_param(label, charp, 0444);
MODULE_PARM_DESC(label, "Free text (no spaces) copied into the results");

static unsigned int sizes[8] = { 64, 256, 1024 };
static unsigned int nr_sizes = 3;
module_param_array(sizes, uint, &nr_sizes, 0444);
MODULE_PARM_DESC(sizes, "Object sizes in bytes (default 64,256,1024)");

static unsigned int check_caches[8] = { 1, 16, 256 };
static unsigned int nr_check_caches = 3;
module_param_array(check_caches, uint, &nr_check_caches, 0444);
MODULE_PARM_DESC(check_caches,
		 "check_read: numbers of slabstat caches, ascending (default 1,16,256)");

static unsigned int check_reps = 10;
module_param(check_reps, uint, 0444);
MODULE_PARM_DESC(check_reps, "check_read: timed reads per case (default 10)");

static unsigned int check_objects[4] = { 10000, 1000000 };
static unsigned int nr_check_objects = 2;
module_param_array(check_objects, uint, &nr_check_objects, 0444);
MODULE_PARM_DESC(check_objects,
		 "check_read: objects in one 64-byte cache, every other one freed (default 10000,1000000)");

#define SSB_MIN_OPS		100000u
#define SSB_MAX_OPS		100000000u
#define SSB_MIN_REPS		5u
#define SSB_MAX_REPS		31u
#define SSB_MAX_BATCH		1000u
#define SSB_BULK		64u
#define SSB_RING		16u	/* bundles per remote ring; power of two */
#define SSB_BUNDLE		32u	/* objects per remote hand-off */
#define SSB_MAX_CHECK_CACHES	1024u
#define SSB_OUT_SIZE		(128 * 1024)
#define SSB_REPORT_SIZE		(1024 * 1024)

/* Both allocators get the same flags; preemption is off around the loops. */
#define SSB_GFP			(GFP_NOWAIT | __GFP_NOWARN)

enum ssb_test {
	SSB_PAIR,
	SSB_BATCH10,
	SSB_BATCH100,
	SSB_BATCH1000,
	SSB_SHUFFLE1000,
	SSB_BULK64,
	SSB_PARALLEL,
	SSB_REMOTE,
	SSB_CHECK_READ,
	SSB_PRIMS,
	SSB_NR_TESTS
};

static const char * const ssb_test_names[SSB_NR_TESTS] = {
	[SSB_PAIR] = "pair",
	[SSB_BATCH10] = "batch10",
	[SSB_BATCH100] = "batch100",
	[SSB_BATCH1000] = "batch1000",
	[SSB_SHUFFLE1000] = "shuffle1000",
	[SSB_BULK64] = "bulk64",
	[SSB_PARALLEL] = "parallel",
	[SSB_REMOTE] = "remote",
	[SSB_CHECK_READ] = "check_read",
	[SSB_PRIMS] = "prims",
};

/* What a measurement calls: nothing (the baseline), slabstat, kmem_cache. */
enum ssb_kind {
	SSB_NONE,
	SSB_SS,
	SSB_KM,
	SSB_NR_KINDS
};

/* ------------------------------------------------------------------------
 * Output: "key=value" lines, kept for the debugfs file
 */

static char *ssb_out;
static size_t ssb_out_len;
static struct dentry *ssb_dentry;

static __printf(1, 2) void ssb_emit(const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	ssb_out_len += vscnprintf(ssb_out + ssb_out_len,
				  SSB_OUT_SIZE - ssb_out_len, fmt, args);
	va_end(args);
}

/* Append " key=I.FFF" for a value kept in thousandths. */
static void ssb_emit_milli(const char *key, u64 milli)
{
	u32 frac;
	u64 whole = div_u64_rem(milli, 1000, &frac);

	ssb_emit(" %s=%llu.%03u", key, whole, frac);
}

static int ssb_results_show(struct seq_file *m, void *v)
{
	seq_write(m, ssb_out, ssb_out_len);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(ssb_results);

/* ------------------------------------------------------------------------
 * Small statistics over the repetitions
 */

static void ssb_sort(u64 *v, unsigned int n)
{
	unsigned int i, j;

	for (i = 1; i < n; i++) {
		u64 x = v[i];

		for (j = i; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

/* Median of @n values; @v is left sorted. */
static u64 ssb_median(u64 *v, unsigned int n)
{
	ssb_sort(v, n);
	if (n & 1)
		return v[n / 2];
	return (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* (max - min) / median in thousandths, of sorted values. */
static u64 ssb_spread(const u64 *sorted, unsigned int n, u64 median)
{
	if (!median)
		return 0;
	return div64_u64((sorted[n - 1] - sorted[0]) * 1000, median);
}

/* Interquartile range / median in thousandths (nearest-rank quartiles). */
static u64 ssb_iqr(const u64 *sorted, unsigned int n, u64 median)
{
	if (!median)
		return 0;
	return div64_u64((sorted[(3 * (n - 1) + 2) / 4] -
			  sorted[(n - 1) / 4]) * 1000, median);
}

/* ------------------------------------------------------------------------
 * The measured loops
 *
 * Each loop body is __always_inline and called with a constant kind, so the
 * compiler makes one copy per allocator (and one without calls, the
 * baseline) with no indirect call inside the timed region.
 */

/**
 * struct ssb_ctx - what one test at one object size works on
 * @ss: the slabstat cache
 * @km: the kmem_cache of the same size and flags
 * @size: the object size
 * @n: objects per measurement (per CPU in parallel)
 * @objs: SSB_MAX_BATCH slots for the single-CPU tests
 * @perm: shuffle1000's order of frees, the same for both allocators
 */
struct ssb_ctx {
	struct slabstat_cache *ss;
	struct kmem_cache *km;
	unsigned int size;
	unsigned long n;
	void **objs;
	const u16 *perm;
};

static __always_inline void *ssb_alloc(struct ssb_ctx *x, enum ssb_kind k)
{
	void *p;

	if (k == SSB_SS)
		return slabstat_alloc(x->ss, SSB_GFP);
	if (k == SSB_KM)
		return kmem_cache_alloc(x->km, SSB_GFP);
	p = x;
	OPTIMIZER_HIDE_VAR(p);
	return p;
}

static __always_inline void ssb_free(struct ssb_ctx *x, enum ssb_kind k,
				     void *p)
{
	if (k == SSB_SS)
		slabstat_free(x->ss, p);
	else if (k == SSB_KM)
		kmem_cache_free(x->km, p);
	else
		barrier_data(p);
}

/* pair: alloc then free, the same object hot.  Return: ns, or -errno. */
static __always_inline s64 ssb_pair_loop(struct ssb_ctx *x, enum ssb_kind k)
{
	unsigned long i, n = x->n;
	u64 t0, t1;
	void *p;

	preempt_disable();
	t0 = ktime_get_ns();
	for (i = 0; i < n; i++) {
		p = ssb_alloc(x, k);
		if (unlikely(!p))
			break;
		ssb_free(x, k, p);
	}
	t1 = ktime_get_ns();
	preempt_enable();
	return i == n ? (s64)(t1 - t0) : -ENOMEM;
}

/* batchN, shuffleN: alloc @nb, free them in FIFO or x->perm order. */
static __always_inline s64 ssb_batch_loop(struct ssb_ctx *x, enum ssb_kind k,
					  unsigned int nb, bool shuffle)
{
	unsigned long r, rounds = x->n / nb;
	void **objs = x->objs;
	unsigned int i;
	u64 t0, t1;
	void *p;

	preempt_disable();
	t0 = ktime_get_ns();
	for (r = 0; r < rounds; r++) {
		for (i = 0; i < nb; i++) {
			p = ssb_alloc(x, k);
			if (unlikely(!p))
				goto fail;
			objs[i] = p;
		}
		if (shuffle) {
			for (i = 0; i < nb; i++)
				ssb_free(x, k, objs[x->perm[i]]);
		} else {
			for (i = 0; i < nb; i++)
				ssb_free(x, k, objs[i]);
		}
	}
	t1 = ktime_get_ns();
	preempt_enable();
	return t1 - t0;

fail:
	while (i--)
		ssb_free(x, k, objs[i]);
	preempt_enable();
	return -ENOMEM;
}

/* bulk64: the bulk calls of each allocator. */
static __always_inline s64 ssb_bulk_loop(struct ssb_ctx *x, enum ssb_kind k)
{
	unsigned long r, rounds = x->n / SSB_BULK;
	void **objs = x->objs;
	u64 t0, t1;
	bool ok = true;

	preempt_disable();
	t0 = ktime_get_ns();
	for (r = 0; r < rounds && ok; r++) {
		if (k == SSB_SS) {
			ok = slabstat_alloc_bulk(x->ss, SSB_GFP, SSB_BULK, objs);
			if (ok)
				slabstat_free_bulk(x->ss, SSB_BULK, objs);
		} else if (k == SSB_KM) {
			ok = kmem_cache_alloc_bulk(x->km, SSB_GFP, SSB_BULK, objs);
			if (ok)
				kmem_cache_free_bulk(x->km, SSB_BULK, objs);
		} else {
			barrier_data(objs);
		}
	}
	t1 = ktime_get_ns();
	preempt_enable();
	return ok ? (s64)(t1 - t0) : -ENOMEM;
}

static __always_inline s64 ssb_single(struct ssb_ctx *x, enum ssb_test t,
				      enum ssb_kind k)
{
	switch (t) {
	case SSB_PAIR:
		return ssb_pair_loop(x, k);
	case SSB_BATCH10:
		return ssb_batch_loop(x, k, 10, false);
	case SSB_BATCH100:
		return ssb_batch_loop(x, k, 100, false);
	case SSB_BATCH1000:
		return ssb_batch_loop(x, k, 1000, false);
	case SSB_SHUFFLE1000:
		return ssb_batch_loop(x, k, 1000, true);
	case SSB_BULK64:
		return ssb_bulk_loop(x, k);
	default:
		return -EINVAL;
	}
}

static noinline s64 ssb_single_none(struct ssb_ctx *x, enum ssb_test t)
{
	return ssb_single(x, t, SSB_NONE);
}

static noinline s64 ssb_single_ss(struct ssb_ctx *x, enum ssb_test t)
{
	return ssb_single(x, t, SSB_SS);
}

static noinline s64 ssb_single_km(struct ssb_ctx *x, enum ssb_test t)
{
	return ssb_single(x, t, SSB_KM);
}

/* ------------------------------------------------------------------------
 * Multi-CPU tests: one kthread bound per CPU, started together
 */

/* One single-producer single-consumer ring of bundles (remote test). */
struct ssb_ring {
	void *slot[SSB_RING][SSB_BUNDLE];
	unsigned int head ____cacheline_aligned;	/* producer writes */
	unsigned int tail ____cacheline_aligned;	/* consumer writes */
};

struct ssb_mt {
	struct ssb_ctx *x;
	enum ssb_test test;
	enum ssb_kind kind;
	unsigned int nthreads;
	atomic_t ready;			/* threads at the start barrier */
	atomic_t left;			/* threads not finished */
	struct completion done;
	bool abort;			/* remote: the producer failed */
	struct ssb_ring *rings;		/* remote: one per consumer */
};

struct ssb_thread {
	struct ssb_mt *mt;
	struct task_struct *task;
	unsigned int index;		/* remote: 0 is the producer */
	s64 ns;				/* elapsed or busy, or -errno */
};

/* A kthread that has done its work waits here for kthread_stop(). */
static void ssb_wait_for_stop(void)
{
	set_current_state(TASK_INTERRUPTIBLE);
	while (!kthread_should_stop()) {
		schedule();
		set_current_state(TASK_INTERRUPTIBLE);
	}
	__set_current_state(TASK_RUNNING);
}

/*
 * remote: the producer allocates bundles of SSB_BUNDLE objects and hands
 * them to the consumers round-robin; each consumer frees its bundles.  Only
 * the time inside the allocator calls is counted (ktime_get_ns() around
 * each bundle), never the waiting: under TCG with more vCPUs than host
 * cores a waiting vCPU can lose its host core for milliseconds.
 */
static __always_inline s64 ssb_producer(struct ssb_thread *th,
					enum ssb_kind k)
{
	struct ssb_mt *mt = th->mt;
	unsigned int i, nc = mt->nthreads - 1;
	unsigned long b, nb = mt->x->n / SSB_BUNDLE;
	u64 busy = 0, t0;

	preempt_disable();
	for (b = 0; b < nb; b++) {
		struct ssb_ring *ring = &mt->rings[b % nc];
		unsigned int head = ring->head;
		void **slot = ring->slot[head % SSB_RING];

		/* Acquire: the consumer is done with the slot it gave back. */
		while (head - smp_load_acquire(&ring->tail) >= SSB_RING)
			cpu_relax();
		t0 = ktime_get_ns();
		for (i = 0; i < SSB_BUNDLE; i++) {
			slot[i] = ssb_alloc(mt->x, k);
			if (unlikely(!slot[i]))
				break;
		}
		busy += ktime_get_ns() - t0;
		if (unlikely(i < SSB_BUNDLE)) {
			while (i--)
				ssb_free(mt->x, k, slot[i]);
			WRITE_ONCE(mt->abort, true);
			break;
		}
		/* Release: the slot is filled before the consumer sees it. */
		smp_store_release(&ring->head, head + 1);
	}
	preempt_enable();
	return b == nb ? (s64)busy : -ENOMEM;
}

static __always_inline s64 ssb_consumer(struct ssb_thread *th,
					enum ssb_kind k)
{
	struct ssb_mt *mt = th->mt;
	unsigned int i, nc = mt->nthreads - 1, j = th->index - 1;
	unsigned long b, nb = mt->x->n / SSB_BUNDLE;
	unsigned long quota = nb / nc + (j < nb % nc);
	struct ssb_ring *ring = &mt->rings[j];
	u64 busy = 0, t0;

	preempt_disable();
	for (b = 0; b < quota; b++) {
		unsigned int tail = ring->tail;
		void **slot = ring->slot[tail % SSB_RING];

		/* Acquire: pairs with the producer's release of head. */
		while (tail == smp_load_acquire(&ring->head)) {
			if (READ_ONCE(mt->abort))
				goto out;
			cpu_relax();
		}
		t0 = ktime_get_ns();
		for (i = 0; i < SSB_BUNDLE; i++)
			ssb_free(mt->x, k, slot[i]);
		busy += ktime_get_ns() - t0;
		/* Release: the slot is emptied before the producer reuses it. */
		smp_store_release(&ring->tail, tail + 1);
	}
out:
	preempt_enable();
	return b == quota ? (s64)busy : -ENOMEM;
}

static __always_inline s64 ssb_mt_body(struct ssb_thread *th, enum ssb_kind k)
{
	struct ssb_mt *mt = th->mt;

	if (mt->test == SSB_PARALLEL)
		return ssb_pair_loop(mt->x, k);
	if (th->index == 0)
		return ssb_producer(th, k);
	return ssb_consumer(th, k);
}

static noinline s64 ssb_mt_none(struct ssb_thread *th)
{
	return ssb_mt_body(th, SSB_NONE);
}

static noinline s64 ssb_mt_ss(struct ssb_thread *th)
{
	return ssb_mt_body(th, SSB_SS);
}

static noinline s64 ssb_mt_km(struct ssb_thread *th)
{
	return ssb_mt_body(th, SSB_KM);
}

static int ssb_mt_thread(void *arg)
{
	struct ssb_thread *th = arg;
	struct ssb_mt *mt = th->mt;

	/* Start barrier: every thread is on its CPU before any starts. */
	atomic_inc(&mt->ready);
	while (atomic_read(&mt->ready) < (int)mt->nthreads)
		cpu_relax();

	if (mt->kind == SSB_SS)
		th->ns = ssb_mt_ss(th);
	else if (mt->kind == SSB_KM)
		th->ns = ssb_mt_km(th);
	else
		th->ns = ssb_mt_none(th);

	if (atomic_dec_and_test(&mt->left))
		complete(&mt->done);
	ssb_wait_for_stop();
	return 0;
}

#define SSB_MAX_CPUS	64
static unsigned int ssb_cpus[SSB_MAX_CPUS];	/* parallel: online CPUs */
static unsigned int ssb_remote_cpus[SSB_MAX_CPUS]; /* producer first */
static unsigned int ssb_nr_cpus;
static unsigned int ssb_cpu;		/* the single-CPU tests' CPU */

/**
 * ssb_mt_run() - one multi-CPU measurement
 * @x: the test's caches
 * @t: SSB_PARALLEL or SSB_REMOTE
 * @k: which allocator, or none (the baseline)
 *
 * One kthread bound to each CPU; they wait at a start barrier until all
 * of them are running.  parallel: the mean of the threads' elapsed times.
 * remote: the sum of the threads' busy times.
 *
 * Return: ns, or -errno.
 */
static s64 ssb_mt_run(struct ssb_ctx *x, enum ssb_test t, enum ssb_kind k)
{
	struct ssb_thread *th;
	struct ssb_mt *mt;
	unsigned int i, n = ssb_nr_cpus;
	u64 sum = 0;
	s64 ret = 0;

	mt = kzalloc(sizeof(*mt), GFP_KERNEL);
	th = kcalloc(n, sizeof(*th), GFP_KERNEL);
	if (!mt || !th) {
		ret = -ENOMEM;
		goto out;
	}
	mt->x = x;
	mt->test = t;
	mt->kind = k;
	mt->nthreads = n;
	atomic_set(&mt->ready, 0);
	atomic_set(&mt->left, n);
	init_completion(&mt->done);
	if (t == SSB_REMOTE) {
		mt->rings = kvcalloc(n - 1, sizeof(*mt->rings), GFP_KERNEL);
		if (!mt->rings) {
			ret = -ENOMEM;
			goto out;
		}
	}

	for (i = 0; i < n; i++) {
		unsigned int c = t == SSB_REMOTE ? ssb_remote_cpus[i] : ssb_cpus[i];

		th[i].mt = mt;
		th[i].index = i;
		th[i].task = kthread_create_on_cpu(ssb_mt_thread, &th[i], c,
						   "ssb_bench/%u");
		if (IS_ERR(th[i].task)) {
			ret = PTR_ERR(th[i].task);
			th[i].task = NULL;
			break;
		}
	}
	if (ret) {
		/* Never woken: kthread_stop() ends them before they run. */
		for (i = 0; i < n; i++)
			if (th[i].task)
				kthread_stop(th[i].task);
		goto out;
	}
	for (i = 0; i < n; i++)
		wake_up_process(th[i].task);
	wait_for_completion(&mt->done);
	for (i = 0; i < n; i++)
		kthread_stop(th[i].task);

	for (i = 0; i < n; i++) {
		if (th[i].ns < 0 && !ret)
			ret = th[i].ns;
		sum += th[i].ns;
	}
	if (ret)
		goto out;
	ret = t == SSB_PARALLEL ? div_u64(sum, n) : sum;
out:
	if (mt && mt->rings) {
		/* After a failure, free what is still in the rings. */
		for (i = 0; i + 1 < n; i++) {
			struct ssb_ring *ring = &mt->rings[i];

			unsigned int j;

			for (; ring->tail != ring->head; ring->tail++)
				for (j = 0; j < SSB_BUNDLE; j++)
					ssb_free(x, k, ring->slot[ring->tail % SSB_RING][j]);
		}
		kvfree(mt->rings);
	}
	kfree(th);
	kfree(mt);
	return ret;
}

/* ------------------------------------------------------------------------
 * One test at one size
 */

static s64 ssb_measure(struct ssb_ctx *x, enum ssb_test t, enum ssb_kind k)
{
	s64 ns;

	if (t == SSB_PARALLEL || t == SSB_REMOTE)
		return ssb_mt_run(x, t, k);
	if (k == SSB_SS)
		ns = ssb_single_ss(x, t);
	else if (k == SSB_KM)
		ns = ssb_single_km(x, t);
	else
		ns = ssb_single_none(x, t);
	/* Between measurements only: let the rest of the system run. */
	cond_resched();
	return ns;
}

/* Objects one measurement allocates and frees (per CPU for parallel). */
static unsigned long ssb_objects(enum ssb_test t, unsigned long n)
{
	switch (t) {
	case SSB_BATCH10:
		return n / 10 * 10;
	case SSB_BATCH100:
		return n / 100 * 100;
	case SSB_BATCH1000:
	case SSB_SHUFFLE1000:
		return n / 1000 * 1000;
	case SSB_BULK64:
		return n / SSB_BULK * SSB_BULK;
	case SSB_REMOTE:
		return n / SSB_BUNDLE * SSB_BUNDLE;
	default:
		return n;
	}
}

static const char * const ssb_kind_keys[SSB_NR_KINDS] = {
	[SSB_NONE] = "base", [SSB_SS] = "ss", [SSB_KM] = "km",
};

/*
 * One test's measurements: ns per measurement, ps per object, and the
 * ratio of each repetition's slabstat and kmem_cache figures (thousandths).
 */
struct ssb_series {
	u64 raw[SSB_NR_KINDS][SSB_MAX_REPS];
	u64 per[SSB_NR_KINDS][SSB_MAX_REPS];
	u64 paired[SSB_MAX_REPS];
};

/**
 * ssb_run_test() - run one test at one object size and report it
 * @t: the test
 * @size: the object size
 * @perm: shuffle1000's order of frees
 * @objs: SSB_MAX_BATCH slots
 * @sr: room for the measurements
 *
 * Creates a slabstat cache and a kmem_cache, measures one warm-up pass of
 * each (discarded), then @reps repetitions of baseline, slabstat and
 * kmem_cache in turn, and appends one "result" line.
 *
 * Return: 0, or -errno (no result line then).
 */
static int ssb_run_test(enum ssb_test t, unsigned int size, u16 *perm,
			void **objs, struct ssb_series *sr)
{
	u64 (*raw)[SSB_MAX_REPS] = sr->raw, (*per)[SSB_MAX_REPS] = sr->per;
	u64 med[SSB_NR_KINDS], spread[SSB_NR_KINDS], iqr[SSB_NR_KINDS];
	u64 base, nobj;
	struct ssb_ctx x = { .size = size, .n = ops, .objs = objs,
			     .perm = perm };
	struct slabstat_stats st;
	char name[SLABSTAT_NAME_MAX + 1];
	unsigned int r, k;
	int ret = 0;
	s64 ns;

	snprintf(name, sizeof(name), "ssb-%s-%u", ssb_test_names[t], size);
	x.ss = slabstat_cache_create(name, size, 0, 0, NULL);
	if (IS_ERR(x.ss))
		return PTR_ERR(x.ss);
	snprintf(name, sizeof(name), "ssbk-%s-%u", ssb_test_names[t], size);
	x.km = kmem_cache_create(name, size, 0, 0, NULL);
	if (!x.km) {
		slabstat_cache_destroy(x.ss);
		return -ENOMEM;
	}

	/* Warm-up pass of each, discarded; then the interleaved reps. */
	for (r = 0; r <= reps && !ret; r++) {
		for (k = 0; k < SSB_NR_KINDS; k++) {
			ns = ssb_measure(&x, t, k);
			if (ns < 0) {
				ret = ns;
				break;
			}
			if (r)
				raw[k][r - 1] = ns;
		}
	}
	if (ret)
		goto out;

	nobj = ssb_objects(t, ops);
	/* The baseline's median, in ns per measurement (sorts a copy). */
	memcpy(per[SSB_NONE], raw[SSB_NONE], sizeof(raw[0]));
	base = ssb_median(per[SSB_NONE], reps);
	/* ps per object; the allocators' after the baseline */
	for (k = 0; k < SSB_NR_KINDS; k++) {
		for (r = 0; r < reps; r++) {
			u64 v = raw[k][r];

			if (k != SSB_NONE)
				v = v > base ? v - base : 0;
			per[k][r] = div64_u64(v * 1000, nobj);
		}
	}
	/* Ratios of the neighbours slabstat, kmem_cache of each rep. */
	for (r = 0; r < reps; r++)
		sr->paired[r] = per[SSB_KM][r] ?
			div64_u64(per[SSB_SS][r] * 1000, per[SSB_KM][r]) : 0;
	for (k = 0; k < SSB_NR_KINDS; k++) {
		med[k] = ssb_median(per[k], reps);
		spread[k] = ssb_spread(per[k], reps, med[k]);
		iqr[k] = ssb_iqr(per[k], reps, med[k]);
	}

	slabstat_cache_stats(x.ss, &st);
	ssb_emit("result label=%s test=%s size=%u reps=%u objects=%llu",
		 label, ssb_test_names[t], size, reps, nobj);
	if (t == SSB_PARALLEL || t == SSB_REMOTE)
		ssb_emit(" cpus=%u", ssb_nr_cpus);
	ssb_emit_milli("ss_ns", med[SSB_SS]);
	ssb_emit_milli("km_ns", med[SSB_KM]);
	ssb_emit_milli("ratio", med[SSB_KM] ?
		       div64_u64(med[SSB_SS] * 1000 + med[SSB_KM] / 2,
				 med[SSB_KM]) : 0);
	ssb_emit_milli("ratio_paired", ssb_median(sr->paired, reps));
	ssb_emit_milli("ss_spread", spread[SSB_SS]);
	ssb_emit_milli("km_spread", spread[SSB_KM]);
	ssb_emit_milli("ss_iqr", iqr[SSB_SS]);
	ssb_emit_milli("km_iqr", iqr[SSB_KM]);
	ssb_emit_milli("base_ns", med[SSB_NONE]);
	ssb_emit(" ss_hits=%llu ss_misses=%llu ss_depot_gets=%llu ss_depot_puts=%llu ss_grows=%llu",
		 st.mag_hits, st.mag_misses, st.depot_gets, st.depot_puts,
		 st.slab_grows);
	for (k = 0; k < SSB_NR_KINDS; k++) {
		ssb_emit(" %s_raw=", ssb_kind_keys[k]);
		for (r = 0; r < reps; r++)
			ssb_emit("%s%llu", r ? "," : "", raw[k][r]);
	}
	ssb_emit("\n");
	pr_info("%s %u: slabstat %llu ps, kmem_cache %llu ps per object\n",
		ssb_test_names[t], size, med[SSB_SS], med[SSB_KM]);
out:
	kmem_cache_destroy(x.km);
	slabstat_cache_destroy(x.ss);
	return ret;
}

/* ------------------------------------------------------------------------
 * prims: what the fast paths' primitives cost on this (emulated) CPU
 */

enum ssb_prim {
	SSB_PRIM_NONE,
	SSB_PRIM_IRQSAVE,	/* local_irq_save + local_irq_restore */
	SSB_PRIM_PREEMPT,	/* preempt_disable + preempt_enable */
	SSB_PRIM_PCPU_CMPXCHG,	/* this_cpu_cmpxchg, 8 bytes */
	SSB_PRIM_CMPXCHG16B,	/* cmpxchg128_local: SLUB's fast path op */
	SSB_PRIM_CMPXCHG16B_LOCK, /* cmpxchg128: SLUB's remote free op */
	SSB_NR_PRIMS
};

static const char * const ssb_prim_names[SSB_NR_PRIMS] = {
	[SSB_PRIM_NONE] = "empty",
	[SSB_PRIM_IRQSAVE] = "irqsave_restore",
	[SSB_PRIM_PREEMPT] = "preempt_off_on",
	[SSB_PRIM_PCPU_CMPXCHG] = "this_cpu_cmpxchg",
	[SSB_PRIM_CMPXCHG16B] = "cmpxchg16b",
	[SSB_PRIM_CMPXCHG16B_LOCK] = "lock_cmpxchg16b",
};

struct ssb_prim_data {
	u64 word;
#ifdef system_has_cmpxchg128
	u128 dword;
#endif
};

static __always_inline void ssb_prim_op(enum ssb_prim p,
					struct ssb_prim_data __percpu *pd)
{
	unsigned long flags;
	u64 old;

	switch (p) {
	case SSB_PRIM_IRQSAVE:
		local_irq_save(flags);
		barrier();
		local_irq_restore(flags);
		break;
	case SSB_PRIM_PREEMPT:
		preempt_disable();
		barrier();
		preempt_enable();
		break;
	case SSB_PRIM_PCPU_CMPXCHG:
		old = this_cpu_read(pd->word);
		this_cpu_cmpxchg(pd->word, old, old + 1);
		break;
#ifdef system_has_cmpxchg128
	case SSB_PRIM_CMPXCHG16B: {
		u128 *d = this_cpu_ptr(&pd->dword);
		u128 o = *d;

		cmpxchg128_local(d, o, o + 1);
		break;
	}
	case SSB_PRIM_CMPXCHG16B_LOCK: {
		u128 *d = this_cpu_ptr(&pd->dword);
		u128 o = *d;

		cmpxchg128(d, o, o + 1);
		break;
	}
#endif
	default:
		barrier();
		break;
	}
}

static __always_inline u64 ssb_prim_loop(enum ssb_prim p,
					 struct ssb_prim_data __percpu *pd)
{
	unsigned long i, n = ops;
	u64 t0, t1;

	preempt_disable();
	t0 = ktime_get_ns();
	for (i = 0; i < n; i++)
		ssb_prim_op(p, pd);
	t1 = ktime_get_ns();
	preempt_enable();
	return t1 - t0;
}

static noinline u64 ssb_prim_run(enum ssb_prim p,
				 struct ssb_prim_data __percpu *pd)
{
	switch (p) {
	case SSB_PRIM_IRQSAVE:
		return ssb_prim_loop(SSB_PRIM_IRQSAVE, pd);
	case SSB_PRIM_PREEMPT:
		return ssb_prim_loop(SSB_PRIM_PREEMPT, pd);
	case SSB_PRIM_PCPU_CMPXCHG:
		return ssb_prim_loop(SSB_PRIM_PCPU_CMPXCHG, pd);
	case SSB_PRIM_CMPXCHG16B:
		return ssb_prim_loop(SSB_PRIM_CMPXCHG16B, pd);
	case SSB_PRIM_CMPXCHG16B_LOCK:
		return ssb_prim_loop(SSB_PRIM_CMPXCHG16B_LOCK, pd);
	default:
		return ssb_prim_loop(SSB_PRIM_NONE, pd);
	}
}

static int ssb_run_prims(void)
{
	u64 (*raw)[SSB_MAX_REPS], base, med, spread;
	struct ssb_prim_data __percpu *pd;
	unsigned int r, p, nprims = SSB_NR_PRIMS;

#ifdef system_has_cmpxchg128
	if (!system_has_cmpxchg128())
		nprims = SSB_PRIM_CMPXCHG16B;
#else
	nprims = SSB_PRIM_CMPXCHG16B;
#endif
	raw = kcalloc(SSB_NR_PRIMS, sizeof(*raw), GFP_KERNEL);
	pd = alloc_percpu(struct ssb_prim_data);
	if (!raw || !pd) {
		kfree(raw);
		free_percpu(pd);
		return -ENOMEM;
	}
	for (r = 0; r <= reps; r++) {
		for (p = 0; p < nprims; p++) {
			u64 ns = ssb_prim_run(p, pd);

			if (r)
				raw[p][r - 1] = ns;
			cond_resched();
		}
	}
	base = ssb_median(raw[SSB_PRIM_NONE], reps);
	for (p = 0; p < nprims; p++) {
		for (r = 0; r < reps; r++) {
			u64 v = raw[p][r];

			if (p != SSB_PRIM_NONE)
				v = v > base ? v - base : 0;
			raw[p][r] = div64_u64(v * 1000, ops);
		}
		med = ssb_median(raw[p], reps);
		spread = ssb_spread(raw[p], reps, med);
		ssb_emit("prim label=%s name=%s reps=%u ops=%u", label,
			 ssb_prim_names[p], reps, ops);
		ssb_emit_milli("ns", med);
		ssb_emit_milli("spread", spread);
		ssb_emit("\n");
	}
	free_percpu(pd);
	kfree(raw);
	return 0;
}

/* ------------------------------------------------------------------------
 * check_read: the quiesced read of /sys/kernel/debug/slabstat
 */

#define SSB_REPORT_PATH	"/sys/kernel/debug/slabstat"

/* Read the whole report into @buf.  Return: its length, or -errno. */
static ssize_t ssb_read_report(char *buf, size_t size)
{
	struct file *f;
	loff_t pos = 0;
	ssize_t n = 0, len = 0;

	f = filp_open(SSB_REPORT_PATH, O_RDONLY, 0);
	if (IS_ERR(f))
		return PTR_ERR(f);
	while (len < size - 1) {
		n = kernel_read(f, buf + len, size - 1 - len, &pos);
		if (n <= 0)
			break;
		len += n;
	}
	filp_close(f, NULL);
	buf[len] = '\0';
	return n < 0 ? n : len;
}

/* The number after @key ("\nquiesce_us: ", "\naudit: us="), or -1. */
static s64 ssb_report_num(const char *report, const char *key)
{
	const char *s = strstr(report, key);
	unsigned long long v;
	char num[24];
	size_t i;

	if (!s)
		return -1;
	s += strlen(key);
	for (i = 0; i < sizeof(num) - 1 && s[i] >= '0' && s[i] <= '9'; i++)
		num[i] = s[i];
	num[i] = '\0';
	if (kstrtoull(num, 10, &v))
		return -1;
	return v;
}

/*
 * @check_reps timed reads (one more first, discarded): the sorted
 * quiesce_us and audit us of each into @quiesce and @audit.  *@ok is
 * cleared if one did not say check: ok.  Return: 0 or -errno.
 */
static int ssb_reads(char *buf, u64 *quiesce, u64 *audit, u64 *wall,
		     u64 *callback, bool *ok)
{
	unsigned int r;

	for (r = 0; r <= check_reps; r++) {
		u64 t0 = ktime_get_ns();
		ssize_t len = ssb_read_report(buf, SSB_REPORT_SIZE);
		u64 t1 = ktime_get_ns();
		s64 q, a, cb;

		if (len < 0)
			return len;
		q = ssb_report_num(buf, "\nquiesce_us: ");
		a = ssb_report_num(buf, "\naudit: us=");
		cb = ssb_report_num(buf, "\nstop: callback_ns=");
		if (q < 0 || a < 0 || cb < 0)
			return -EPROTO;
		if (!strstr(buf, "\ncheck: ok\n"))
			*ok = false;
		if (r) {
			quiesce[r - 1] = q;
			audit[r - 1] = a;
			callback[r - 1] = cb;
			wall[r - 1] = div_u64(t1 - t0, 1000);
		}
	}
	ssb_sort(quiesce, check_reps);
	ssb_sort(audit, check_reps);
	ssb_sort(callback, check_reps);
	ssb_sort(wall, check_reps);
	return 0;
}

/*
 * One 64-byte cache with each count of objects, every other one freed and
 * the magazines drained, so the freed half is on the slabs' freelists: the
 * pause must not grow with the objects, the audit does.
 */
static int ssb_check_objects(void)
{
	u64 quiesce[SSB_MAX_REPS], audit[SSB_MAX_REPS], wall[SSB_MAX_REPS];
	u64 callback[SSB_MAX_REPS];
	struct slabstat_cache *c;
	unsigned int i, k;
	void **objs = NULL;
	int ret = 0;
	char *buf;

	buf = kvmalloc(SSB_REPORT_SIZE, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	for (k = 0; k < nr_check_objects && !ret; k++) {
		unsigned int n = check_objects[k];
		bool ok = true;

		c = slabstat_cache_create("ssb-chk-objs", 64, 0, 0, NULL);
		if (IS_ERR(c)) {
			ret = PTR_ERR(c);
			break;
		}
		objs = vmalloc_array(n, sizeof(void *));
		if (!objs) {
			slabstat_cache_destroy(c);
			ret = -ENOMEM;
			break;
		}
		for (i = 0; i < n; i++) {
			objs[i] = slabstat_alloc(c, GFP_KERNEL);
			if (!objs[i]) {
				ret = -ENOMEM;
				break;
			}
			if (!(i % 1024))
				cond_resched();
		}
		n = i;
		for (i = 0; i < n; i += 2)
			slabstat_free(c, objs[i]);
		slabstat_cache_shrink(c);
		if (!ret)
			ret = ssb_reads(buf, quiesce, audit, wall, callback, &ok);
		if (!ret) {
			ssb_emit("checkobj label=%s objects=%u reps=%u", label, n,
				 check_reps);
			ssb_emit(" quiesce_us_min=%llu quiesce_us=%llu",
				 quiesce[0], quiesce[check_reps / 2]);
			ssb_emit(" audit_us_min=%llu audit_us=%llu",
				 audit[0], audit[check_reps / 2]);
			ssb_emit(" callback_ns_min=%llu", callback[0]);
			ssb_emit(" wall_us_min=%llu check=%s\n", wall[0],
				 ok ? "ok" : "MISMATCH");
			pr_info("check_read %u objects: quiesce %llu us (callback %llu ns), audit %llu us (shortest)\n",
				n, quiesce[0], callback[0], audit[0]);
		}
		for (i = 1; i < n; i += 2)
			slabstat_free(c, objs[i]);
		vfree(objs);
		slabstat_cache_destroy(c);
	}
	kvfree(buf);
	return ret;
}

static int ssb_check_read(void)
{
	u64 quiesce[SSB_MAX_REPS], audit[SSB_MAX_REPS], wall[SSB_MAX_REPS];
	u64 callback[SSB_MAX_REPS];
	struct slabstat_cache **caches;
	unsigned int nr = 0, i;
	void *objs[16];
	char *buf;
	int ret = 0;

	caches = kcalloc(SSB_MAX_CHECK_CACHES, sizeof(*caches), GFP_KERNEL);
	buf = kvmalloc(SSB_REPORT_SIZE, GFP_KERNEL);
	if (!caches || !buf) {
		ret = -ENOMEM;
		goto out;
	}
	for (i = 0; i < nr_check_caches && !ret; i++) {
		unsigned int want = min(check_caches[i], SSB_MAX_CHECK_CACHES);
		bool ok = true;

		/* Each cache gets a slab and loaded magazines to count. */
		while (nr < want) {
			char name[SLABSTAT_NAME_MAX + 1];
			unsigned int j;

			snprintf(name, sizeof(name), "ssb-chk-%u", nr);
			caches[nr] = slabstat_cache_create(name, 128, 0, 0, NULL);
			if (IS_ERR(caches[nr])) {
				ret = PTR_ERR(caches[nr]);
				caches[nr] = NULL;
				goto out;
			}
			for (j = 0; j < ARRAY_SIZE(objs); j++)
				objs[j] = slabstat_alloc(caches[nr], GFP_KERNEL);
			for (j = 0; j < ARRAY_SIZE(objs); j++)
				slabstat_free(caches[nr], objs[j]);
			nr++;
		}
		ret = ssb_reads(buf, quiesce, audit, wall, callback, &ok);
		if (ret)
			break;
		ssb_emit("check label=%s caches=%u reps=%u", label, nr,
			 check_reps);
		ssb_emit(" quiesce_us=%llu", ssb_median(quiesce, check_reps));
		ssb_emit(" quiesce_us_min=%llu quiesce_us_max=%llu",
			 quiesce[0], quiesce[check_reps - 1]);
		ssb_emit(" audit_us=%llu audit_us_min=%llu",
			 ssb_median(audit, check_reps), audit[0]);
		ssb_emit(" callback_ns_min=%llu", callback[0]);
		ssb_emit(" wall_us=%llu", ssb_median(wall, check_reps));
		ssb_emit(" wall_us_min=%llu wall_us_max=%llu check=%s\n",
			 wall[0], wall[check_reps - 1], ok ? "ok" : "MISMATCH");
		pr_info("check_read %u caches: quiesce %llu us (callback %llu ns), audit %llu us (shortest)\n",
			nr, quiesce[0], callback[0], audit[0]);
	}
out:
	if (caches)
		for (i = 0; i < nr; i++)
			slabstat_cache_destroy(caches[i]);
	kvfree(buf);
	kfree(caches);
	return ret;
}

/* ------------------------------------------------------------------------
 * The run
 */

static unsigned long ssb_selected;	/* bit per enum ssb_test */

static int ssb_parse_tests(void)
{
	char *copy, *s, *tok;
	unsigned int t;
	int ret = 0;

	copy = kstrdup(tests, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	s = copy;
	while ((tok = strsep(&s, ",")) && !ret) {
		if (!*tok)
			continue;
		if (!strcmp(tok, "all")) {
			ssb_selected |= BIT(SSB_NR_TESTS) - 1;
			continue;
		}
		for (t = 0; t < SSB_NR_TESTS; t++)
			if (!strcmp(tok, ssb_test_names[t]))
				break;
		if (t == SSB_NR_TESTS) {
			pr_err("unknown test \"%s\"\n", tok);
			ret = -EINVAL;
		} else {
			ssb_selected |= BIT(t);
		}
	}
	kfree(copy);
	return ret;
}

struct ssb_runner {
	struct completion done;
	int err;
};

/* Runs every selected test except check_read, bound to ssb_cpu. */
static int ssb_runner_fn(void *arg)
{
	struct ssb_runner *run = arg;
	struct ssb_series *sr;
	struct rnd_state rnd;
	void **objs;
	u16 *perm;
	unsigned int t, i;
	int ret;

	objs = kcalloc(SSB_MAX_BATCH, sizeof(*objs), GFP_KERNEL);
	perm = kcalloc(SSB_MAX_BATCH, sizeof(*perm), GFP_KERNEL);
	sr = kmalloc(sizeof(*sr), GFP_KERNEL);
	if (!objs || !perm || !sr) {
		run->err = -ENOMEM;
		goto out;
	}
	/* One fixed permutation (Fisher-Yates), the same for both sides. */
	prandom_seed_state(&rnd, 0x51ab57a7);
	for (i = 0; i < SSB_MAX_BATCH; i++)
		perm[i] = i;
	for (i = SSB_MAX_BATCH - 1; i > 0; i--) {
		/* Not inside swap(): it evaluates its arguments twice. */
		unsigned int j = prandom_u32_state(&rnd) % (i + 1);

		swap(perm[i], perm[j]);
	}

	for (t = 0; t < SSB_CHECK_READ; t++) {
		if (!(ssb_selected & BIT(t)))
			continue;
		if ((t == SSB_REMOTE || t == SSB_PARALLEL) && ssb_nr_cpus < 2) {
			ssb_emit("skip label=%s test=%s reason=one_cpu\n",
				 label, ssb_test_names[t]);
			continue;
		}
		for (i = 0; i < nr_sizes; i++) {
			ret = ssb_run_test(t, sizes[i], perm, objs, sr);
			if (ret) {
				ssb_emit("error label=%s test=%s size=%u err=%d\n",
					 label, ssb_test_names[t], sizes[i], ret);
				pr_err("%s %u failed: %d\n", ssb_test_names[t],
				       sizes[i], ret);
				run->err = ret;
			}
		}
	}
	if (ssb_selected & BIT(SSB_PRIMS)) {
		ret = ssb_run_prims();
		if (ret) {
			ssb_emit("error label=%s test=prims err=%d\n", label, ret);
			run->err = ret;
		}
	}
out:
	kfree(sr);
	kfree(perm);
	kfree(objs);
	complete(&run->done);
	ssb_wait_for_stop();
	return 0;
}

static int ssb_pick_cpus(void)
{
	unsigned int c, i, n = 1;

	for_each_online_cpu(c) {
		if (ssb_nr_cpus == ARRAY_SIZE(ssb_cpus))
			break;
		ssb_cpus[ssb_nr_cpus++] = c;
	}
	if (cpu >= 0) {
		if (cpu >= nr_cpu_ids || !cpu_online(cpu)) {
			pr_err("cpu=%d is not online\n", cpu);
			return -EINVAL;
		}
		ssb_cpu = cpu;
	} else {
		ssb_cpu = ssb_nr_cpus > 1 ? ssb_cpus[1] : ssb_cpus[0];
	}
	/* remote: the producer is the single-CPU tests' CPU. */
	ssb_remote_cpus[0] = ssb_cpu;
	for (i = 0; i < ssb_nr_cpus; i++)
		if (ssb_cpus[i] != ssb_cpu && n < ssb_nr_cpus)
			ssb_remote_cpus[n++] = ssb_cpus[i];
	if (n < ssb_nr_cpus)	/* ssb_cpu was beyond SSB_MAX_CPUS */
		ssb_nr_cpus = n;
	return 0;
}

static int __init ssb_init(void)
{
	struct ssb_runner run = { .err = 0 };
	struct task_struct *task;
	ktime_t start = ktime_get();
	int ret;

	if (reps < SSB_MIN_REPS || reps > SSB_MAX_REPS ||
	    check_reps < SSB_MIN_REPS || check_reps > SSB_MAX_REPS) {
		pr_err("reps and check_reps must be %u..%u\n", SSB_MIN_REPS,
		       SSB_MAX_REPS);
		return -EINVAL;
	}
	if (ops < SSB_MIN_OPS || ops > SSB_MAX_OPS) {
		pr_err("ops must be %u..%u\n", SSB_MIN_OPS, SSB_MAX_OPS);
		return -EINVAL;
	}
	if (strchr(label, ' ')) {
		pr_err("label must not contain spaces\n");
		return -EINVAL;
	}
	ret = ssb_parse_tests();
	if (ret)
		return ret;
	ret = ssb_pick_cpus();
	if (ret)
		return ret;
	ssb_out = kvzalloc(SSB_OUT_SIZE, GFP_KERNEL);
	if (!ssb_out)
		return -ENOMEM;

	ssb_emit("bench label=%s init_on_alloc=%d init_on_free=%d",
		 label, want_init_on_alloc(GFP_KERNEL), want_init_on_free());
	ssb_emit(" cpus=%u cpu=%u reps=%u ops=%u hz=%u\n", ssb_nr_cpus,
		 ssb_cpu, reps, ops, HZ);

	init_completion(&run.done);
	task = kthread_create_on_cpu(ssb_runner_fn, &run, ssb_cpu,
				     "ssb_runner/%u");
	if (IS_ERR(task)) {
		kvfree(ssb_out);
		return PTR_ERR(task);
	}
	wake_up_process(task);
	wait_for_completion(&run.done);
	kthread_stop(task);

	/* In insmod's own context: it opens a file by path. */
	if (ssb_selected & BIT(SSB_CHECK_READ)) {
		ret = ssb_check_read();
		if (!ret)
			ret = ssb_check_objects();
		if (ret) {
			ssb_emit("error label=%s test=check_read err=%d\n",
				 label, ret);
			pr_err("check_read failed: %d\n", ret);
		}
	}
	ssb_emit("end label=%s seconds=%lld errors=%d\n", label,
		 ktime_ms_delta(ktime_get(), start) / 1000, run.err || ret);

	ssb_dentry = debugfs_create_file("slabstat_bench", 0400, NULL, NULL,
					 &ssb_results_fops);
	pr_info("done in %lld ms; results in /sys/kernel/debug/slabstat_bench\n",
		ktime_ms_delta(ktime_get(), start));
	return 0;
}

static void __exit ssb_exit(void)
{
	debugfs_remove(ssb_dentry);
	kvfree(ssb_out);
}

module_init(ssb_init);
module_exit(ssb_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("slabstat against kmem_cache: microbenchmarks");
