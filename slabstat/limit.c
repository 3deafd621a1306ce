// SPDX-License-Identifier: GPL-2.0
/*
 * Memory limits: a cap on the slab pages a cache holds from the page
 * allocator (slabstat_cache_set_limit()), and one on all caches together
 * (the module parameter limit_bytes).  A limit is a promise about RAM: a
 * cache never holds more than its limit plus one slab, all caches together
 * never more than the module limit plus one slab per cache, except where
 * the caller asked for it (a limit lowered below what is held, which only
 * frees bring down, and __GFP_NOFAIL, which is never refused).
 *
 * The gauge.  Every limit keeps @charged, the pages held or being added,
 * an atomic_long_t: ss_slab_grow() charges a slab's pages to its cache and
 * to the module before it allocates them (ss_limit_grow()), and
 * ss_slab_release() uncharges them after it has freed them, so @charged is
 * never below the pages really held, and consulting a limit is O(1) on the
 * slow path where a cache grows.  The hit paths never look at it.  A charge
 * is one atomic add and a compare, undone if it crossed the limit: two CPUs
 * that grow at once can both be refused, never both let through.
 *
 * Reclaim before failure.  A grow that would cross a limit first uses
 * what the cache holds idle, cheapest first, and charges again after each
 * step: objects free on its slabs (a free slab's included), which the
 * caller then takes instead of a new slab; its depot's full magazines,
 * emptied into the slabs; then, only when @gfp may sleep, every CPU's
 * magazines of the cache (ss_flush_cpus(): a work item on each CPU); and
 * for the module limit, every other cache's magazines, depot and free
 * slabs, given back to the page allocator.  A grow that found room after
 * a step counts one SS_LIMIT_RECLAIM; so does a cache that gave slabs back
 * to another's module limit or to a limit lowered below its use.  A grow
 * that is still refused fails (SS_LIMIT_FAIL), or with __GFP_NOFAIL goes
 * ahead and is counted as an overrun (SS_LIMIT_OVERRUN).  The flush is not
 * skipped on the word of the alloc - free atomic totals: they lag live
 * objects by up to two magazines per CPU, more than a slab holds, so they
 * cannot prove the magazines empty (Documentation/design.rst).
 *
 * Early reclaim.  A grow that leaves a cache (or the module) above 9/10 of
 * its limit kicks the reclaim worker, at most once per SS_KICK_MS, and the
 * worker trims such caches to their working set without its usual budget.
 *
 * The check.  The quiesced check verifies that each cache's page count
 * matches its slabs and that held <= limit + one slab + @excess, where
 * @excess is what the caller allowed: the pages held when a limit was set
 * below them, and overruns.  @excess only shrinks as pages are uncharged,
 * and every change to it, to @pages and an overrun's charge are made under
 * @lock, a raw spinlock: no stop of the machine falls inside one.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/jiffies.h>
#include <linux/kstrtox.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/sysfs.h>

#include "internal.h"

struct ss_module_limit ss_module_limit = {
	.limit.lock = __RAW_SPIN_LOCK_UNLOCKED(ss_module_limit.limit.lock),
};

#ifdef SLABSTAT_TEST
static bool ss_limit_bypassed;
#else
static const bool ss_limit_bypassed;
#endif

/* Reclaim steps of a refused grow, cheapest first. */
enum ss_limit_step {
	SS_STEP_DEPOT,		/* this cache's depot's full magazines */
	SS_STEP_CPUS,		/* every CPU's magazines of it (may sleep) */
	SS_STEP_OTHERS,		/* every other cache (module limit; may sleep) */
	SS_NR_STEPS
};

void ss_limit_init(struct ss_limit *l)
{
	raw_spin_lock_init(&l->lock);
	l->bytes = 0;
	l->pages = 0;
	l->excess = 0;
	atomic_long_set(&l->charged, 0);
}

/* Charge @pages to @l.  Return: false, with nothing charged, if it refuses. */
static bool ss_limit_try(struct ss_limit *l, unsigned long pages)
{
	/* Fully ordered: pairs with the smp_mb() in ss_limit_store(). */
	long charged = atomic_long_add_return(pages, &l->charged);
	unsigned long max = READ_ONCE(l->pages);

	if (!max || charged <= max || READ_ONCE(ss_limit_bypassed))
		return true;
	atomic_long_sub(pages, &l->charged);
	return false;
}

/* Charge @pages to @c and the module.  Return: the limit that refused. */
static struct ss_limit *ss_limit_charge(struct slabstat_cache *c,
					unsigned long pages)
{
	if (!ss_limit_try(&c->limit, pages))
		return &c->limit;
	if (!ss_limit_try(&ss_module_limit.limit, pages)) {
		atomic_long_sub(pages, &c->limit.charged);
		return &ss_module_limit.limit;
	}
	return NULL;
}

/* Charge @pages past @l: an overrun, which the check then allows. */
static void ss_limit_force(struct ss_limit *l, unsigned long pages)
{
	unsigned long flags;
	long over;

	raw_spin_lock_irqsave(&l->lock, flags);
	over = atomic_long_add_return(pages, &l->charged) - l->pages;
	if (l->pages && over > (long)l->excess)
		WRITE_ONCE(l->excess, over);
	raw_spin_unlock_irqrestore(&l->lock, flags);
}

/* Pages of @l were uncharged: shrink what the check allows over it. */
static void ss_limit_tighten(struct ss_limit *l)
{
	unsigned long flags;
	long over;

	if (!READ_ONCE(l->excess))
		return;
	raw_spin_lock_irqsave(&l->lock, flags);
	over = atomic_long_read(&l->charged) - l->pages;
	WRITE_ONCE(l->excess, min_t(unsigned long, l->excess, max(over, 0L)));
	raw_spin_unlock_irqrestore(&l->lock, flags);
}

/*
 * Set @l to @bytes.  Pages already charged above the new limit (and those
 * of grows that saw the old one) become its excess.
 */
static void ss_limit_store(struct ss_limit *l, u64 bytes)
{
	unsigned long flags, pages = bytes >> PAGE_SHIFT;
	long over;

	raw_spin_lock_irqsave(&l->lock, flags);
	l->bytes = bytes;
	WRITE_ONCE(l->pages, pages);
	/* A grow that did not see the new limit is charged by now. */
	smp_mb();
	over = atomic_long_read(&l->charged) - pages;
	WRITE_ONCE(l->excess, pages && over > 0 ? over : 0);
	raw_spin_unlock_irqrestore(&l->lock, flags);
}

static bool ss_limit_is_near(struct ss_limit *l)
{
	unsigned long max = READ_ONCE(l->pages);

	return max && atomic_long_read(&l->charged) > max - max / 10;
}

/**
 * ss_limit_near() - is a cache, or the module, above 9/10 of its limit?
 * @c: the cache
 *
 * The reclaim worker then trims @c to its working set without its budget.
 * Any context; O(1).
 */
bool ss_limit_near(struct slabstat_cache *c)
{
	return ss_limit_is_near(&c->limit) ||
	       ss_limit_is_near(&ss_module_limit.limit);
}

/**
 * ss_limit_uncharge() - pages of a cache went back to the page allocator
 * @c: the cache
 * @pages: how many
 *
 * Called after they are freed (or were never allocated).  Any context.
 */
void ss_limit_uncharge(struct slabstat_cache *c, unsigned long pages)
{
	atomic_long_sub(pages, &c->limit.charged);
	atomic_long_sub(pages, &ss_module_limit.limit.charged);
	ss_limit_tighten(&c->limit);
	ss_limit_tighten(&ss_module_limit.limit);
}

/*
 * Are objects of @c free on its slabs (a free slab included)?  Then a
 * refused grow is not needed: its caller takes them instead.  Read without
 * the slab lock; a wrong answer costs the caller one more try.
 */
static bool ss_limit_slab_room(struct slabstat_cache *c)
{
	/* Slabs of two orders: count lists, not objects per slab. */
	return !list_empty(&c->slabs.partial) || !list_empty(&c->slabs.free);
}

/*
 * Everything @c holds idle: every CPU's magazines, the depot, the free
 * slabs.  Process context; may sleep.  Return: the slabs given back.
 */
static unsigned long ss_limit_shrink(struct slabstat_cache *c)
{
	unsigned long n;

	ss_flush_cpus(c);
	ss_depot_reap(c, ULONG_MAX, false);
	n = ss_slab_release(c, ULONG_MAX, false);
	if (n)
		ss_stat_add(c, SS_LIMIT_RECLAIM, 1);
	return n;
}

/* Every cache but @self gives back what it holds idle.  May sleep. */
static void ss_limit_reclaim_others(struct slabstat_cache *self)
{
	struct slabstat_cache *c;

	/* As the shrinker: a client may allocate while ss_mutex is held. */
	if (!mutex_trylock(&ss_mutex))
		return;
	list_for_each_entry(c, &ss_caches, list)
		if (c != self)
			ss_limit_shrink(c);
	mutex_unlock(&ss_mutex);
}

/*
 * One reclaim step for a grow of @c that @over refused.  The rounds of
 * @c's magazines go back to its slabs, where the caller will find them.
 */
static void ss_limit_step(struct slabstat_cache *c, gfp_t gfp,
			  struct ss_limit *over, enum ss_limit_step step)
{
	bool may_sleep = gfpflags_allow_blocking(gfp);

	switch (step) {
	case SS_STEP_DEPOT:
		ss_depot_drain(c);
		break;
	case SS_STEP_CPUS:
		if (!may_sleep)
			break;
		ss_flush_cpus(c);
		ss_depot_drain(c);
		break;
	case SS_STEP_OTHERS:
		if (may_sleep && over == &ss_module_limit.limit)
			ss_limit_reclaim_others(c);
		break;
	default:
		break;
	}
}

/* No room after every step: fail, or let __GFP_NOFAIL through. */
static int ss_limit_refuse(struct slabstat_cache *c, gfp_t gfp,
			   unsigned long pages)
{
	if (gfp & __GFP_NOFAIL) {
		ss_limit_force(&c->limit, pages);
		ss_limit_force(&ss_module_limit.limit, pages);
		ss_stat_add(c, SS_LIMIT_OVERRUN, 1);
		atomic_long_inc(&ss_module_limit.overruns);
		return 0;
	}
	ss_stat_add(c, SS_LIMIT_FAIL, 1);
	atomic_long_inc(&ss_module_limit.fails);
	return -ENOMEM;
}

/**
 * ss_limit_grow() - may a cache add @pages of slab, under its limits?
 * @c: the cache
 * @gfp: the caller's allocation flags; reclaim sleeps only if they allow
 * @pages: the pages about to be allocated
 *
 * Charges @pages to @c and to the module.  If a limit would be crossed,
 * objects free on @c's slabs are used instead, and idle memory is given
 * back first (see the top of this file).  When 0 is returned the caller
 * allocates the pages and, if that fails, uncharges them
 * (ss_limit_uncharge()).  Called from ss_slab_grow() with no slabstat lock
 * held; any context.
 *
 * Return: 0 (charged), 1 (nothing charged: objects are free on the slabs
 * now, take those), or -ENOMEM (refused, counted as a limit failure).
 */
int ss_limit_grow(struct slabstat_cache *c, gfp_t gfp, unsigned long pages)
{
	struct ss_limit *over;
	unsigned int step;

	for (step = 0; (over = ss_limit_charge(c, pages)); step++) {
		if (ss_limit_slab_room(c)) {
			if (step)	/* room made by a reclaim step */
				ss_stat_add(c, SS_LIMIT_RECLAIM, 1);
			return 1;
		}
		if (step == SS_NR_STEPS)
			return ss_limit_refuse(c, gfp, pages);
		ss_limit_step(c, gfp, over, step);
	}
	if (step)
		ss_stat_add(c, SS_LIMIT_RECLAIM, 1);
	if (ss_limit_near(c))
		ss_reap_kick();
	return 0;
}

/**
 * slabstat_cache_set_limit() - limit the memory a cache holds
 * @cache: the cache
 * @bytes: the most its slab pages may take, in bytes; 0 for no limit
 *
 * The cache never holds more than @bytes plus one slab from the page
 * allocator.  A grow that would cross the limit first gives back what the
 * cache holds idle (its free slabs, its depot and, when the caller's gfp
 * may sleep, every CPU's magazines), and fails only when live objects fill
 * the limit; __GFP_NOFAIL allocations are never refused but counted as
 * overruns.  A limit below what the cache holds now gives back everything
 * idle at once; new slabs are then refused until frees bring the cache
 * under it.  The limit is counted in whole pages (@bytes rounded down).
 * The module parameter limit_bytes limits all caches together the same
 * way.  Process context; may sleep; serialised with other calls and with
 * slabstat_cache_destroy().
 *
 * Return: 0, or -EINVAL if @cache is NULL, an ERR_PTR or destroyed, or if
 * @bytes is not 0 and smaller than one slab of @cache.
 */
int slabstat_cache_set_limit(struct slabstat_cache *cache, u64 bytes)
{
	int err = 0;

	if (IS_ERR_OR_NULL(cache))
		return -EINVAL;
	might_sleep();
	if (bytes && bytes < cache->slab_bytes)
		return -EINVAL;
	mutex_lock(&ss_mutex);
	if (READ_ONCE(cache->dead)) {
		err = -EINVAL;
	} else {
		ss_limit_store(&cache->limit, bytes);
		if (bytes && atomic_long_read(&cache->limit.charged) >
			     bytes >> PAGE_SHIFT)
			ss_limit_shrink(cache);
	}
	mutex_unlock(&ss_mutex);
	return err;
}
EXPORT_SYMBOL_GPL(slabstat_cache_set_limit);

/* limit_bytes: the module-wide limit, writable at run time. */
static int ss_limit_param_set(const char *val, const struct kernel_param *kp)
{
	struct ss_limit *l = &ss_module_limit.limit;
	struct slabstat_cache *c;
	u64 bytes;
	int err;

	err = kstrtou64(val, 0, &bytes);
	if (err)
		return err;
	if (bytes && bytes < PAGE_SIZE)
		return -EINVAL;
	mutex_lock(&ss_mutex);
	ss_limit_store(l, bytes);
	/* Lowered below use: every cache gives back what it holds idle. */
	list_for_each_entry(c, &ss_caches, list) {
		if (!bytes || atomic_long_read(&l->charged) <= bytes >> PAGE_SHIFT)
			break;
		ss_limit_shrink(c);
	}
	mutex_unlock(&ss_mutex);
	return 0;
}

static int ss_limit_param_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%llu\n", READ_ONCE(ss_module_limit.limit.bytes));
}

static const struct kernel_param_ops ss_limit_param_ops = {
	.set = ss_limit_param_set,
	.get = ss_limit_param_get,
};

module_param_cb(limit_bytes, &ss_limit_param_ops, NULL, 0644);
MODULE_PARM_DESC(limit_bytes,
		 "Most bytes of slab pages all caches together may hold (0: no limit; else at least a page)");

#ifdef SLABSTAT_TEST
/**
 * slabstat_test_limit_bypass() - let grows past every limit (test builds
 *	only)
 * @bypass: true: charge but never refuse; false: enforce again
 *
 * A planted breach: the check must then say MISMATCH (held).
 */
void slabstat_test_limit_bypass(bool bypass)
{
	WRITE_ONCE(ss_limit_bypassed, bypass);
}
EXPORT_SYMBOL_GPL(slabstat_test_limit_bypass);
#endif
