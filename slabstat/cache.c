// SPDX-License-Identifier: GPL-2.0
/*
 * slabstat: a slab allocator with per-CPU magazines and self-checking
 * statistics.  This file holds the caches' life (create, destroy, shrink),
 * the reclaim worker, the shrinker, CPU hotplug and the module's init.
 *
 * Layers
 * ------
 *   caller <-> per-CPU loaded/previous magazines <-> depot <-> slabs <-> pages
 *
 *   slab.c      slabs of 2^order pages cut into objects, with freelists
 *   object.h    a pointer's slab, object starts, free words (inline: the
 *               free path runs them for every object)
 *   cpu.h       the CPU lock: owned section, or PREEMPT_RT's local lock
 *   magazine.c  per-CPU magazines, the depot, alloc/free and their bulk forms
 *   stats.c     per-CPU consistent statistics and the atomic totals
 *   limit.c     memory limits on a cache's and the module's slab pages
 *   check.c     the quiesced check and /sys/kernel/debug/slabstat
 *   debug.c     poison, red zones, call sites, quarantine reports, fault
 *               injection
 *   track.c     live objects by call site (debugfs slabstat_alloc_traces)
 *   trace.h     trace events (tracefs events/slabstat/), created in trace.c
 *
 * Where an object is
 * ------------------
 * Always in exactly one of these places:
 *   FREE-ON-SLAB  on its slab's freelist; free word = next on the freelist
 *   ROUND         in a magazine (a CPU's loaded/previous one, or a full one
 *                 in the depot); free word = SS_LINK_ROUND + the magazine's
 *                 id: it names the one magazine the object may leave from
 *   LIVE          held by a caller; free word cleared
 *   QUARANTINED   found corrupted (debug.c); never used or freed again;
 *                 free word = SS_LINK_QUAR, or unreadable for free objects
 *                 a corrupted free pointer cut off
 * Moves: slab->round (ss_slab_take), round->slab (ss_slab_put, drain),
 * round->live (alloc), live->round (free), and, only when no magazine can be
 * had, slab->live and live->slab directly.  A round leaves its magazine only
 * if its free word names that magazine (ss_obj_claim(), ss_slab_put()): a
 * double free the cheap test missed (the caller wrote over the free word,
 * or two CPUs freed at once) makes one object a round twice, and the copy
 * the word does not name is dropped and counted (dropped:), never handed
 * out, never put on a freelist.  Corruption moves an object to
 * QUARANTINED: at free (red zone), just after a pop (poison), or from the
 * slab (a bad free pointer).  Every move happens inside one
 * lock section and is counted in the same section, so wherever the code can
 * be preempted or sleep the bookkeeping is balanced.
 *
 * A cache destroyed with live objects stays as a retired entry, which owns
 * their slabs and takes their frees straight to the slabs, until the last
 * one is back (see "Retired entries" below).
 *
 * Invariants (checked by the read of the report, check.c)
 * ----------
 * Counts, compared in the stop (O(caches x CPUs)):
 *   allocs - frees (per-CPU statistics)  == objects LIVE
 *   slabs.inuse                          == LIVE + ROUND + QUARANTINED
 *                                           (ROUND: CPU magazines' rounds
 *                                           plus depot full x size)
 *   atomic totals == per-CPU statistics, once every statistics record is
 *                    folded
 * Objects, audited after the stop, each place under its own lock:
 *   every round is an object of the cache whose free word names its
 *   magazine, and no magazine holds an object twice
 *   depot full magazines hold exactly size rounds; empty ones hold none;
 *   the depot's counts match its lists
 *   every freelist is a chain of distinct objects of its slab; each slab's
 *   inuse is its objects minus that chain; each slab is on the list its
 *   freelist and inuse say; nr_slabs, nr_free and slabs.inuse match the
 *   lists
 *
 * Locks, outermost first
 * ----------------------
 *   ss_report_mutex   one report (check) at a time (check.c)
 *   cpu_hotplug_lock  taken by stop_machine() for the report; clients may
 *                   hold it (cpus_read_lock(), a hotplug callback) around
 *                   any slabstat call, and the CPU-dead callback runs under
 *                   its write side.  slabstat takes it nowhere else, and
 *                   never under ss_mutex.
 *   ss_mutex        the cache list's writers, the reclaim worker, the
 *                   retired work, the CPU-dead callback, the report's wait for a preempted
 *                   section (PREEMPT_RT), the report's audit (which waits
 *                   for a work item on each CPU that takes only CPU locks);
 *                   the shrinker takes it with
 *                   trylock only (it may be called from an allocation made
 *                   under ss_mutex)
 *   ss_flush_mutex  the per-CPU flush work items (one flush at a time);
 *                   also taken, with no other slabstat lock, by a grow
 *                   that reclaims before a memory limit refuses it
 *   ss_list_lock    spinlock: the lists ss_caches and ss_retired_caches,
 *                   the record ss_retired, and the writers of the RCU list
 *                   ss_all_caches (every cache from create to its final
 *                   free; ss_obj_classify() reads it); a cache leaves its
 *                   list and its figures enter ss_retired in one section
 *   ss_pcpu.lock    CPU lock (cpu.h): one CPU's magazines, its statistics
 *                   record and that record's folded pair (ss_stat_fold());
 *                   loaded is never NULL, ss_mag_none when there is none;
 *                   a preemption-disabled owned section, or on PREEMPT_RT
 *                   the local lock, which does not nest: nothing under it
 *                   may count through ss_stat_own() (a refusal, a
 *                   quarantine), so slabstat_free_bulk() checks pointers
 *                   under it but refuses them after dropping it
 *   depot.lock      spinlock, irqsave: the depot lists and their counts
 *   slabs.lock      spinlock, irqsave: slab lists, freelists, inuse counts,
 *                   nr_pages, order_fallback, nofail_bad, auditing (set,
 *                   no slab is given back: the audit holds headers), the
 *                   shared (interrupt fallback) statistics record and its folded pair
 *   ss_limit.lock   raw spinlock, irqsave, innermost, taken alone: a
 *                   memory limit's value and excess (limit.c)
 * The slab lock nests inside the depot lock only when the reaper empties a
 * full magazine; the CPU path never holds the two together.  Nothing under
 * ss_mutex waits for cpu_hotplug_lock, and the flush work items take only
 * the CPU lock and what nests inside it.
 *
 * Quiescence (check.c)
 * --------------------
 * The counts are read under stop_machine(); the audit runs afterwards
 * (check.c, ss_audit_caches()), under ss_mutex.  Every section that moves objects or
 * counts them holds a CPU lock, a depot lock, a slab lock or ss_list_lock
 * from start to end.  Without PREEMPT_RT all of them run with preemption
 * disabled (or in an interrupt), so when the stop callback runs no CPU is
 * inside one.  On PREEMPT_RT they are preemptible and the stopper may have
 * interrupted one: the callback then finds its lock held, snapshots
 * nothing, and the check takes and drops that lock (waiting for the holder,
 * with priority inheritance) and stops the machine again.  A snapshot is
 * only ever taken when no such lock is held.  Documentation/design.rst has
 * the argument.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpuhotplug.h>
#include <linux/err.h>
#include <linux/jiffies.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/shrinker.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include "cpu.h"
#include "internal.h"
#include "object.h"
#include "trace.h"

unsigned int reap_interval_ms = 2000;
module_param(reap_interval_ms, uint, 0644);
MODULE_PARM_DESC(reap_interval_ms,
		 "Reclaim worker period in ms (min 10; default 2000)");

static unsigned int magazine_size;
module_param(magazine_size, uint, 0444);
MODULE_PARM_DESC(magazine_size,
		 "Rounds per magazine for new caches (0: by object size; max 512)");

/* Magazines and slabs one reclaim pass may give back per cache. */
#define SS_REAP_BUDGET	64

LIST_HEAD(ss_caches);
LIST_HEAD(ss_retired_caches);
LIST_HEAD(ss_all_caches);
DEFINE_SPINLOCK(ss_list_lock);
DEFINE_MUTEX(ss_mutex);	/* cache list writers, worker, report */
struct ss_totals ss_totals;
struct ss_retired ss_retired;

static struct delayed_work ss_reap_work;
static enum cpuhp_state ss_cpuhp_state;

/* Per-CPU work items that drain one cache's part on their own CPU. */
struct ss_flush_work {
	struct work_struct work;
	struct slabstat_cache *cache;
	unsigned int cpu;		/* the CPU whose part it drains */
	bool queued;
};

static struct ss_flush_work __percpu *ss_flush_works;
static struct workqueue_struct *ss_flush_wq;
static DEFINE_MUTEX(ss_flush_mutex);

/*
 * Rounds per magazine: 32 KiB of objects, at least 8 and at most 64.  A
 * CPU's loaded and previous magazines then hold 64 objects of up to 1 KiB,
 * so that a bulk call or a burst of 64 (NAPI's batch) stays on the CPU
 * without a depot trip, and 64 KiB of larger ones.
 */
static unsigned int ss_mag_size_for(unsigned int size)
{
	if (magazine_size)
		return min(magazine_size, SS_MAG_MAX);
	return clamp(SZ_32K / size, 8u, 64u);
}

/* The inverse of an odd @d modulo 2^64 (Newton's iteration). */
static u64 ss_inverse64(u64 d)
{
	u64 x = d;	/* right in 3 bits: d * d == 1 mod 8 */
	unsigned int i;

	for (i = 0; i < 5; i++)
		x *= 2 - d * x;	/* each step doubles the bits that are right */
	return x;
}

/*
 * Choose the slab orders: the fallback (c->min_order) is the smallest that
 * holds an object; the preferred one (c->order) the smallest from there
 * that wastes at most 1/16 of the slab, or else the one that wastes least.
 * A power-of-two size up to a page wastes nothing at order 0.
 */
static int ss_layout_orders(struct slabstat_cache *c)
{
	unsigned long best_waste = 0, best_bytes = 1;
	unsigned int order;

	c->min_order = SS_MAX_ORDER + 1;
	c->order = SS_MAX_ORDER + 1;
	for (order = 0; order <= SS_MAX_ORDER; order++) {
		unsigned long bytes = PAGE_SIZE << order;
		unsigned long n = 0, waste;

		if (bytes > c->first_off)
			n = (bytes - c->first_off) / c->stride;
		if (n > SS_MAX_OBJS)
			return -EINVAL;
		c->slab_objs[order] = n;
		if (!n)
			continue;
		if (c->min_order > SS_MAX_ORDER)
			c->min_order = order;
		if (c->order <= SS_MAX_ORDER && best_waste * 16 <= best_bytes)
			continue;	/* a lower order is good enough */
		waste = bytes - c->first_off - n * c->stride;
		/* the first, or waste / bytes < best_waste / best_bytes */
		if (c->order > SS_MAX_ORDER ||
		    waste * best_bytes < best_waste * bytes) {
			c->order = order;
			best_waste = waste;
			best_bytes = bytes;
		}
	}
	if (c->min_order > SS_MAX_ORDER)
		return -EINVAL;
	c->slab_bytes = PAGE_SIZE << c->order;
	c->objs_per_slab = c->slab_objs[c->order];
	return 0;
}

/* Lay out slots and slabs; -EINVAL if nothing fits. */
static int ss_layout(struct slabstat_cache *c, unsigned int align)
{
	unsigned int slot;
	int err;

	align = max_t(unsigned int, align, sizeof(void *));
	if (c->flags & SLABSTAT_HWCACHE_ALIGN) {
		unsigned int ralign = cache_line_size();

		while (c->size <= ralign / 2)
			ralign /= 2;
		align = max(align, ralign);
	}
	c->align = align;

	/*
	 * The free word lives inside a free object, except where the object
	 * must keep its contents while free (a constructor's state, a poison
	 * pattern) or is guarded by red zones: then it follows the object
	 * (and its right red zone).  A left red zone is folded into the
	 * first object's offset.  See debug.c for the debug slot layout.
	 */
	if (c->ctor || (c->flags & SS_DEBUG_FLAGS)) {
		unsigned int rz = c->flags & SLABSTAT_REDZONE ? SS_RZ : 0;

		c->lrz = rz ? ALIGN(rz, align) : 0;
		c->free_off = ALIGN(c->size, sizeof(void *)) + rz;
		slot = c->free_off + sizeof(void *);
		if (c->flags & SLABSTAT_TRACK_CALLER) {
			c->track_off = slot;
			slot += sizeof(struct ss_track);
		}
	} else {
		/*
		 * The last word of the object: a stale pointer's first
		 * writes (a list_del(), a header cleared) leave it, so the
		 * cheap test still sees a second free as one.
		 */
		c->lrz = 0;
		slot = max_t(unsigned int, c->size, sizeof(void *));
		c->free_off = ALIGN(slot, sizeof(void *)) - sizeof(void *);
	}
	c->stride = ALIGN(c->lrz + slot, align);
	/* The header is kept apart (struct ss_slab): objects fill the slab. */
	c->first_off = c->lrz;
	err = ss_layout_orders(c);
	if (err)
		return err;
	/* The slot index by one multiply: see ss_slot_of(). */
	c->obj_shift = __ffs(c->stride);
	c->obj_inv = ss_inverse64(c->stride >> c->obj_shift);
	c->slots = c->objs_per_slab;
	/* A debug cache's frees fail slabstat_free()'s hit test: no flag test. */
	c->hit_slots = c->flags & SS_DEBUG_FLAGS ? 0 : c->slots;
	/* Whole words fit in the slot unless red zones follow the object. */
	c->zero_words = c->flags & SLABSTAT_REDZONE ? 0 :
			ALIGN(c->size, sizeof(long)) / sizeof(long);
	c->zero_last = ((long)c->zero_words - 8) * (long)sizeof(long);
	/* What the hit path leaves to ss_hand_out_slow(). */
	c->out_slow = c->ctor || !c->zero_words ||
		      (c->flags & (SLABSTAT_POISON | SLABSTAT_TRACK_CALLER));
	/* slabstat_alloc() zeroing learns out_slow from this: no flag test. */
	c->zero_hit = c->out_slow ? LONG_MIN : c->zero_last;
	c->mag_size = ss_mag_size_for(c->size);
	return 0;
}

static struct slabstat_cache *ss_find(const char *name)
{
	struct slabstat_cache *c;

	lockdep_assert_held(&ss_mutex);
	list_for_each_entry(c, &ss_caches, list)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

/*
 * A name is printed as one word of a report line and of log lines: only
 * printable ASCII other than space (0x21 to 0x7e), and no leading '#', which
 * starts the report's header row.
 */
static bool ss_name_ok(const char *name)
{
	const unsigned char *p;

	if (!name || !*name || *name == '#' ||
	    strnlen(name, SLABSTAT_NAME_MAX + 1) > SLABSTAT_NAME_MAX)
		return false;
	for (p = (const unsigned char *)name; *p; p++)
		if (*p <= ' ' || *p > '~')
			return false;
	return true;
}

/**
 * slabstat_cache_create() - create a cache of fixed-size objects
 * @name: unique name of 1 to %SLABSTAT_NAME_MAX characters, each printable
 *	ASCII other than space ('!' to '~', 0x21 to 0x7e), the first not '#';
 *	anything else (whitespace, control characters, DEL, bytes above 0x7e
 *	such as UTF-8) is -EINVAL
 * @size: object size in bytes, 1 to %SLABSTAT_MAX_OBJ_SIZE
 * @align: minimum alignment, 0 or a power of two no larger than PAGE_SIZE
 * @flags: %SLABSTAT_HWCACHE_ALIGN, %SLABSTAT_POISON, %SLABSTAT_REDZONE,
 *	%SLABSTAT_TRACK_CALLER
 * @ctor: called once on each object when it is first made, or NULL
 *
 * %SLABSTAT_POISON is ignored when @ctor is given: constructed objects keep
 * their state while free.  The module parameter "debug" adds debug flags
 * to every cache created while it is set: 1 poison and red zones, 2 call
 * sites (%SLABSTAT_TRACK_CALLER), 3 both.
 * Process context; may sleep.
 *
 * Return: the cache, or ERR_PTR(-EINVAL) for a bad argument,
 * ERR_PTR(-EEXIST) if @name is in use, ERR_PTR(-ENOMEM).
 */
struct slabstat_cache *slabstat_cache_create(const char *name, unsigned int size,
					     unsigned int align, unsigned int flags,
					     void (*ctor)(void *obj))
{
	struct slabstat_cache *c;
	unsigned int cpu, i;
	int err;

	might_sleep();
	if (!ss_name_ok(name))
		return ERR_PTR(-EINVAL);
	if (!size || size > SLABSTAT_MAX_OBJ_SIZE)
		return ERR_PTR(-EINVAL);
	if ((align && !is_power_of_2(align)) || align > PAGE_SIZE)
		return ERR_PTR(-EINVAL);
	if (flags & ~SLABSTAT_FLAGS_ALL)
		return ERR_PTR(-EINVAL);

	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return ERR_PTR(-ENOMEM);
	strscpy(c->name, name, sizeof(c->name));
	c->size = size;
	c->flags = ss_debug_flags(flags, ctor);
	c->ctor = ctor;
	c->secret = get_random_long();
	/* Random: a page of one cache decodes for another to chance. */
	c->key = get_random_long();
	err = ss_layout(c, align);
	if (err)
		goto out_free;

	err = -ENOMEM;
	c->cpu = alloc_percpu(struct ss_pcpu);
	if (!c->cpu)
		goto out_free;
	for_each_possible_cpu(cpu) {
		struct ss_pcpu *pc = per_cpu_ptr(c->cpu, cpu);

		ss_cpu_lock_init(&pc->lock);
		pc->loaded = &ss_mag_none;
	}
	spin_lock_init(&c->depot.lock);
	INIT_LIST_HEAD(&c->depot.full);
	INIT_LIST_HEAD(&c->depot.empty);
	spin_lock_init(&c->slabs.lock);
	INIT_LIST_HEAD(&c->slabs.partial);
	INIT_LIST_HEAD(&c->slabs.full);
	INIT_LIST_HEAD(&c->slabs.free);
	atomic64_set(&c->total_alloc, 0);
	atomic64_set(&c->total_free, 0);
	for (i = 0; i < SS_NR_BAD; i++)
		atomic_long_set(&c->bad[i], 0);
	for (i = 0; i < SS_NR_DBG; i++)
		atomic_long_set(&c->dbg[i], 0);
	atomic_long_set(&c->quarantined, 0);
	ss_limit_init(&c->limit);
	for (i = 0; i < SS_NR_DROP; i++)
		atomic_long_set(&c->dropped[i], 0);
	atomic_set(&c->mag_ids, 0);

	mutex_lock(&ss_mutex);
	if (ss_find(name)) {
		mutex_unlock(&ss_mutex);
		err = -EEXIST;
		goto out_percpu;
	}
	spin_lock(&ss_list_lock);
	list_add_tail(&c->list, &ss_caches);
	list_add_tail_rcu(&c->all, &ss_all_caches);
	spin_unlock(&ss_list_lock);
	mutex_unlock(&ss_mutex);
	return c;

out_percpu:
	free_percpu(c->cpu);
out_free:
	kfree(c);
	return ERR_PTR(err);
}
EXPORT_SYMBOL_GPL(slabstat_cache_create);

/*
 * Give back up to @max of the depot's magazines and of the free slabs of
 * @c, all of them or (@keep_ws) what the last interval did not need.
 * Process context; may sleep.  Return: the slabs freed.
 */
static unsigned long ss_cache_reap(struct slabstat_cache *c, unsigned long max,
				   bool keep_ws)
{
	unsigned long mags, slabs;

	mags = ss_depot_reap(c, max, keep_ws);
	slabs = ss_slab_release(c, max, keep_ws);
	if (mags || slabs)
		trace_reap(c, mags, slabs, keep_ws);
	return slabs;
}

static void ss_flush_fn(struct work_struct *work)
{
	struct ss_flush_work *fw = container_of(work, struct ss_flush_work,
						work);

	ss_cpu_drain_local(fw->cache, fw->cpu);
}

/*
 * Drain every online CPU's magazines of @c, each by a work item on its own
 * CPU (never an IPI: on PREEMPT_RT the CPU lock sleeps).  No hotplug lock
 * is taken, so callers may hold cpus_read_lock() or run in a hotplug
 * callback: a work item whose CPU went offline runs elsewhere and drains
 * nothing (ss_cpu_drain_local()), since the CPU-dead callback drains a dead
 * CPU.  A CPU whose part holds no magazine is skipped (read without its
 * lock: a shrink is best effort).  Process context; may sleep; the caller
 * holds no slabstat lock, or only ss_mutex (limit.c).
 */
void ss_flush_cpus(struct slabstat_cache *c)
{
	unsigned int cpu;

	mutex_lock(&ss_flush_mutex);
	for_each_online_cpu(cpu) {
		struct ss_flush_work *fw = per_cpu_ptr(ss_flush_works, cpu);
		struct ss_pcpu *pc = per_cpu_ptr(c->cpu, cpu);

		fw->queued = READ_ONCE(pc->loaded) != &ss_mag_none ||
			     READ_ONCE(pc->prev);
		if (!fw->queued)
			continue;
		fw->cache = c;
		queue_work_on(cpu, ss_flush_wq, &fw->work);
	}
	for_each_online_cpu(cpu) {
		struct ss_flush_work *fw = per_cpu_ptr(ss_flush_works, cpu);

		if (fw->queued)
			flush_work(&fw->work);
	}
	mutex_unlock(&ss_flush_mutex);
}

/*
 * Retired entries.  A cache destroyed with live objects cannot be freed:
 * the holders still free to it.  It becomes a retired entry instead: off
 * ss_caches (its name is free again), on ss_retired_caches, marked dead,
 * its CPUs and depot drained.  It owns the slabs of its live objects, whose
 * pages stay recognised, so a free to it is validated as usual (the slab
 * header still names it) and accepted.  No magazine is ever made for it
 * again (ss_cpu_make_room(), ss_alloc_slow()), so every CPU's part stays
 * empty, the hit paths never see it, and its frees go straight to the slabs
 * on the slow path, counted in both accountings in the section that moves
 * them, as any magazine-less free.  The check snapshots retired entries
 * like caches, so it balances throughout.
 *
 * Such a free wakes ss_retired_work from inside its section
 * (ss_retired_freed()); the reclaim worker looks too.  The work gives the
 * entry's free slabs back, and once only quarantined objects remain, waits
 * until every section that could still touch the entry has ended and frees
 * it: its figures enter ss_retired and it leaves the list in one
 * ss_list_lock section.
 */
static void ss_retired_fn(struct work_struct *work);
static DECLARE_WORK(ss_retired_work, ss_retired_fn);

/**
 * ss_retired_kick() - have the retired work look at the retired entries
 *
 * Any context.
 */
void ss_retired_kick(void)
{
	queue_work(system_unbound_wq, &ss_retired_work);
}

/*
 * Wait until no section that moved or counted an object of @c is still in
 * progress.  The free that returned the last object may still be inside
 * its section: without PREEMPT_RT a preemption-disabled section or an
 * interrupt, which a grace period waits for; on PREEMPT_RT a section holds
 * its CPU lock (or the slab lock) to its end, and the lock's own release
 * comes after its RCU read side ends, so take and drop every one of them.
 * With @fold, also fold every statistics record of @c into the atomic
 * totals under its lock.  ss_mutex held.
 */
static void ss_cache_quiesce(struct slabstat_cache *c, bool fold)
{
	unsigned long flags;
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct ss_pcpu *pc = per_cpu_ptr(c->cpu, cpu);

		ss_cpu_lock_remote(pc, &ss_mutex);
		if (fold)
			ss_stat_fold(c, pc->stat);
		ss_cpu_unlock_remote(pc);
	}
	spin_lock_irqsave(&c->slabs.lock, flags);
	if (fold)
		ss_stat_fold(c, c->slabs.stat);
	spin_unlock_irqrestore(&c->slabs.lock, flags);
}

/*
 * The figures of a cache nobody uses any more enter ss_retired, and the
 * cache leaves its list, in one ss_list_lock section, so the check always
 * sees it in exactly one of the two; then it is freed.  Its records are
 * folded first: the module's atomic totals hold all it counted, as
 * ss_retired will.  Slabs still in use (quarantined objects, or live ones
 * at module exit) are left to them.  ss_mutex held.
 */
static void ss_cache_finish(struct slabstat_cache *c)
{
	unsigned long leaked_pages;
	u64 stat[SS_NR_STATS];

	lockdep_assert_held(&ss_mutex);
	ss_slab_destroy(c, &leaked_pages);
	ss_cache_quiesce(c, true);
	spin_lock(&ss_list_lock);
	ss_stat_sum(c, stat);
	ss_retired.caches++;
	ss_retired.alloc_objects += stat[SS_ALLOC];
	ss_retired.free_objects += stat[SS_FREE];
	ss_retired.alloc_bytes += stat[SS_ALLOC] * c->size;
	ss_retired.free_bytes += stat[SS_FREE] * c->size;
	ss_retired.leaked_pages += leaked_pages;
	list_del(&c->list);
	list_del_rcu(&c->all);
	spin_unlock(&ss_list_lock);
	/* ss_obj_classify() may be walking ss_all_caches (RCU). */
	synchronize_rcu();

	if (leaked_pages)
		pr_err("cache %s: %lu quarantined and %llu live objects keep %lu pages for good\n",
		       c->name, atomic_long_read(&c->quarantined),
		       stat[SS_ALLOC] - stat[SS_FREE], leaked_pages);
	free_percpu(c->cpu);
	kfree(c);
}

/* Is every object of retired entry @c back, or quarantined? */
static bool ss_retired_empty(struct slabstat_cache *c)
{
	unsigned long flags;
	bool empty;

	spin_lock_irqsave(&c->slabs.lock, flags);
	empty = c->slabs.inuse == atomic_long_read(&c->quarantined);
	spin_unlock_irqrestore(&c->slabs.lock, flags);
	return empty;
}

/*
 * Give back what retired entries no longer need: their free slabs at once,
 * and each whole entry once all its objects are back.  ss_mutex held.
 */
static void ss_retired_reap(void)
{
	struct slabstat_cache *c, *tmp;
	bool any = false;

	lockdep_assert_held(&ss_mutex);
	list_for_each_entry(c, &ss_retired_caches, list) {
		ss_slab_release(c, ULONG_MAX, false);
		c->finishing = ss_retired_empty(c);
		any |= c->finishing;
	}
	if (!any)
		return;
	/* Only entries found empty before the grace period are done. */
	synchronize_rcu();
	list_for_each_entry_safe(c, tmp, &ss_retired_caches, list) {
		if (!c->finishing)
			continue;
		ss_cache_quiesce(c, false);
		ss_cache_finish(c);
	}
}

static void ss_retired_fn(struct work_struct *work)
{
	mutex_lock(&ss_mutex);
	ss_retired_reap();
	mutex_unlock(&ss_mutex);
}

/*
 * Destroy a cache nobody uses.  ss_mutex held.  No CPU uses the cache any
 * more, so every CPU's part is drained from here (no work item, no hotplug
 * lock).  Without live objects it is freed at once (ss_cache_finish());
 * with live objects it becomes a retired entry (above).
 */
static void ss_cache_free(struct slabstat_cache *c)
{
	unsigned long nr_pages, inuse;
	unsigned int cpu;

	lockdep_assert_held(&ss_mutex);
	/* First: no CPU makes a magazine of it again. */
	WRITE_ONCE(c->dead, true);
	for_each_possible_cpu(cpu)
		ss_cpu_drain_remote(c, cpu);
	ss_cache_reap(c, ULONG_MAX, false);

	/*
	 * Everything is drained: in use on slabs is live or quarantined.  No
	 * CPU uses the cache any more: the counts stand still.
	 */
	nr_pages = READ_ONCE(c->slabs.nr_pages);
	inuse = READ_ONCE(c->slabs.inuse) - atomic_long_read(&c->quarantined);
	if (!inuse) {
		ss_cache_finish(c);
		return;
	}
	spin_lock(&ss_list_lock);
	list_move_tail(&c->list, &ss_retired_caches);
	spin_unlock(&ss_list_lock);
	pr_err("cache %s destroyed with %lu live objects; it keeps their %lu pages until they are freed\n",
	       c->name, inuse, nr_pages);
}

/**
 * slabstat_cache_destroy() - destroy a cache
 * @cache: the cache, or NULL or an ERR_PTR (which do nothing)
 *
 * Drains every CPU and the depot and gives all free memory back.  The
 * caller must have stopped using @cache on every CPU: no call with it may
 * run during or race with this one.  Objects still live are reported by
 * count (one pr_err) and their holders keep them: @cache stays as a retired
 * entry that owns their slabs, and once this call has returned,
 * slabstat_free() and slabstat_free_bulk() of them are checked and accepted
 * as before.  Each slab goes back to the page allocator once wholly free,
 * and the entry is freed, shortly after (by a work item), when its last
 * object is.  After that, or at once if no object was live, any use of
 * @cache is a use after free.  Allocation from a destroyed cache is
 * refused (NULL, counted, one pr_err).  The name may be used again at once.
 * Process context; may sleep; takes no CPU hotplug lock, so it may be
 * called with cpus_read_lock() held or from a CPU hotplug callback.
 */
void slabstat_cache_destroy(struct slabstat_cache *cache)
{
	if (IS_ERR_OR_NULL(cache))
		return;
	might_sleep();
	mutex_lock(&ss_mutex);
	ss_cache_free(cache);
	mutex_unlock(&ss_mutex);
}
EXPORT_SYMBOL_GPL(slabstat_cache_destroy);

/**
 * slabstat_cache_shrink() - give back all memory a cache holds idle
 * @cache: the cache
 *
 * Drains the magazines of every online CPU (by per-CPU work items) and the
 * depot into the slabs and gives every wholly free slab back to the page
 * allocator.  Others may keep using @cache meanwhile.  Process context; may
 * sleep; takes no CPU hotplug lock (see slabstat_cache_destroy()).
 */
void slabstat_cache_shrink(struct slabstat_cache *cache)
{
	might_sleep();
	ss_flush_cpus(cache);
	ss_cache_reap(cache, ULONG_MAX, false);
}
EXPORT_SYMBOL_GPL(slabstat_cache_shrink);

/* The reclaim worker */

static void ss_reap_schedule(unsigned long delay)
{
	queue_delayed_work(system_unbound_wq, &ss_reap_work, delay);
}

/* At most one early pass per this many ms, however many grows ask. */
#define SS_KICK_MS	100
static unsigned long ss_reap_kicked;

/**
 * ss_reap_kick() - run the reclaim worker now: a cache nears its limit
 *
 * Any context.
 */
void ss_reap_kick(void)
{
	unsigned long now = jiffies;

	if (time_before(now, READ_ONCE(ss_reap_kicked) +
			     msecs_to_jiffies(SS_KICK_MS)))
		return;
	WRITE_ONCE(ss_reap_kicked, now);
	mod_delayed_work(system_unbound_wq, &ss_reap_work, 0);
}

/**
 * ss_reap_all() - one reclaim pass over every cache
 *
 * Gives back what each depot and slab list did not need during the last
 * interval (its working set is the fewest magazines and free slabs it held),
 * at most SS_REAP_BUDGET magazines and slabs per cache, or all of it for a
 * cache above 9/10 of its memory limit (ss_limit_near()).
 */
static void ss_reap_all(void)
{
	struct slabstat_cache *c;

	mutex_lock(&ss_mutex);
	list_for_each_entry(c, &ss_caches, list) {
		ss_cache_reap(c, ss_limit_near(c) ? ULONG_MAX : SS_REAP_BUDGET,
			      true);
		cond_resched();
	}
	/* Frees from interrupts that took the fallback woke no work. */
	ss_retired_reap();
	mutex_unlock(&ss_mutex);
}

#ifdef SLABSTAT_TEST
static bool ss_reap_paused;
#else
static const bool ss_reap_paused;
#endif

static void ss_reap_fn(struct work_struct *work)
{
	if (READ_ONCE(ss_reap_paused))
		return;
	ss_reap_all();
	ss_reap_schedule(msecs_to_jiffies(max(READ_ONCE(reap_interval_ms), 10U)));
}

/* The shrinker: memory pressure empties depots and free slabs. */

static unsigned long ss_shrink_count(struct shrinker *s,
				     struct shrink_control *sc)
{
	struct slabstat_cache *c;
	unsigned long n = 0;

	if (!mutex_trylock(&ss_mutex))
		return 0;
	list_for_each_entry(c, &ss_caches, list)
		n += ss_depot_cached(c) +
		     READ_ONCE(c->slabs.nr_free) * c->objs_per_slab;
	mutex_unlock(&ss_mutex);
	return n ? n : SHRINK_EMPTY;
}

static unsigned long ss_shrink_scan(struct shrinker *s,
				    struct shrink_control *sc)
{
	struct slabstat_cache *c;
	unsigned long freed = 0;

	if (!mutex_trylock(&ss_mutex))
		return SHRINK_STOP;
	list_for_each_entry(c, &ss_caches, list) {
		if (freed >= sc->nr_to_scan)
			break;
		freed += ss_cache_reap(c, ULONG_MAX, false) *
			 c->objs_per_slab;
	}
	mutex_unlock(&ss_mutex);
	return freed;
}

#ifdef SLABSTAT_HAVE_SHRINKER_ALLOC	/* 6.7+; see slabstat/Kbuild */
static struct shrinker *ss_shrinker;

static int ss_shrinker_init(void)
{
	ss_shrinker = shrinker_alloc(0, "slabstat");
	if (!ss_shrinker)
		return -ENOMEM;
	ss_shrinker->count_objects = ss_shrink_count;
	ss_shrinker->scan_objects = ss_shrink_scan;
	shrinker_register(ss_shrinker);
	return 0;
}

static void ss_shrinker_exit(void)
{
	shrinker_free(ss_shrinker);
}
#else
static struct shrinker ss_shrinker = {
	.count_objects = ss_shrink_count,
	.scan_objects = ss_shrink_scan,
	.seeks = DEFAULT_SEEKS,
};

static int ss_shrinker_init(void)
{
	return register_shrinker(&ss_shrinker, "slabstat");
}

static void ss_shrinker_exit(void)
{
	unregister_shrinker(&ss_shrinker);
}
#endif

/*
 * CPU hotplug: once a CPU is dead, return its magazines' rounds to the slabs
 * and the magazines to the depot, and fold its statistics record into the
 * atomic totals (ss_cpu_drain()).  The record stays in per-CPU memory, and
 * is summed and folded by the check for every possible CPU.  Runs under the
 * write side of cpu_hotplug_lock, which is outside ss_mutex in the lock
 * order.
 */
static int ss_cpu_dead(unsigned int cpu)
{
	struct slabstat_cache *c;

	mutex_lock(&ss_mutex);
	list_for_each_entry(c, &ss_caches, list)
		ss_cpu_drain_remote(c, cpu);
	mutex_unlock(&ss_mutex);
	return 0;
}

#ifdef SLABSTAT_TEST
/**
 * slabstat_test_reap() - run one reclaim pass now (test builds only)
 *
 * The same pass the reclaim worker makes every reap_interval_ms.
 */
void slabstat_test_reap(void)
{
	ss_reap_all();
}
EXPORT_SYMBOL_GPL(slabstat_test_reap);

/**
 * slabstat_test_pause_reaper() - stop or restart the reclaim worker (test
 *	builds only)
 * @pause: true stops it and waits for a running pass; false restarts it
 *
 * Lets a suite's reaps be its own, so working-set tests are deterministic.
 */
void slabstat_test_pause_reaper(bool pause)
{
	WRITE_ONCE(ss_reap_paused, pause);
	if (pause)
		cancel_delayed_work_sync(&ss_reap_work);
	else
		ss_reap_schedule(0);
}
EXPORT_SYMBOL_GPL(slabstat_test_pause_reaper);

/**
 * slabstat_test_flush_retired() - wait for the retired work (test builds
 *	only)
 *
 * Returns once the work that a free to a retired entry queued has run: a
 * test can see that a free of the last object frees the entry, without the
 * reclaim worker.
 */
void slabstat_test_flush_retired(void)
{
	flush_work(&ss_retired_work);
}
EXPORT_SYMBOL_GPL(slabstat_test_flush_retired);
#endif

static int ss_flush_init(void)
{
	unsigned int cpu;

	ss_flush_works = alloc_percpu(struct ss_flush_work);
	if (!ss_flush_works)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		struct ss_flush_work *fw = per_cpu_ptr(ss_flush_works, cpu);

		INIT_WORK(&fw->work, ss_flush_fn);
		fw->cpu = cpu;
	}
	/* Shrinking may be what frees memory: keep a rescuer. */
	ss_flush_wq = alloc_workqueue("slabstat_flush", WQ_MEM_RECLAIM, 0);
	if (!ss_flush_wq) {
		free_percpu(ss_flush_works);
		return -ENOMEM;
	}
	return 0;
}

static void ss_flush_exit(void)
{
	destroy_workqueue(ss_flush_wq);
	free_percpu(ss_flush_works);
}

static int __init ss_init(void)
{
	int ret;

	ret = ss_flush_init();
	if (ret)
		return ret;
	ret = cpuhp_setup_state_nocalls(CPUHP_BP_PREPARE_DYN, "slabstat:dead",
					NULL, ss_cpu_dead);
	if (ret < 0)
		goto out_flush;
	ss_cpuhp_state = ret;

	ret = ss_shrinker_init();
	if (ret)
		goto out_cpuhp;
	/* Optional: without debugfs only the report is missing. */
	ss_debugfs_init();
	ss_track_init();
	ss_fault_init();

	INIT_DEFERRABLE_WORK(&ss_reap_work, ss_reap_fn);
	ss_reap_schedule(msecs_to_jiffies(max(reap_interval_ms, 10U)));
	pr_info("ready: reap every %u ms\n", reap_interval_ms);
	return 0;

out_cpuhp:
	cpuhp_remove_state_nocalls(ss_cpuhp_state);
out_flush:
	ss_flush_exit();
	return ret;
}

static void __exit ss_exit(void)
{
	struct slabstat_cache *c;

	cancel_delayed_work_sync(&ss_reap_work);
	ss_fault_exit();
	ss_track_exit();
	ss_debugfs_exit();
	ss_shrinker_exit();
	cpuhp_remove_state_nocalls(ss_cpuhp_state);

	/* No client is left to free an object. */
	cancel_work_sync(&ss_retired_work);
	mutex_lock(&ss_mutex);
	while ((c = list_first_entry_or_null(&ss_caches, struct slabstat_cache,
					     list))) {
		pr_err("cache %s still exists at unload; destroying it\n",
		       c->name);
		ss_cache_free(c);
	}
	ss_retired_reap();
	while ((c = list_first_entry_or_null(&ss_retired_caches,
					     struct slabstat_cache, list)))
		ss_cache_finish(c);
	mutex_unlock(&ss_mutex);
	ss_flush_exit();
}

module_init(ss_init);
module_exit(ss_exit);
MODULE_LICENSE("GPL");
MODULE_VERSION(SLABSTAT_VERSION);
MODULE_DESCRIPTION("Slab allocator with per-CPU magazines and self-checking statistics");
