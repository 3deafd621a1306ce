// SPDX-License-Identifier: GPL-2.0
/*
 * The per-CPU magazine layer and the depot.
 *
 * Each CPU holds a loaded and a previous magazine per cache (Bonwick and
 * Adams).  Allocation pops from the loaded magazine, free pushes to it.  When
 * the loaded one runs empty (alloc) or full (free) and the previous one can
 * serve, the two swap; only when neither can does the CPU go to the depot,
 * so a CPU visits the depot at most once per magazine-size operations.
 *
 * All of a CPU's part of a cache (struct ss_pcpu) is protected by its local
 * lock, taken with local_lock_irqsave(): the fast path costs an interrupt
 * disable and no atomic instruction, and an interrupt handler that allocates
 * can never see a magazine half-pushed.  The depot lock and the slab lock
 * nest inside it, never inside each other.
 *
 * The global atomic totals are fed from the magazines, not the callers: a
 * magazine counts its own pops and pushes and folds them into the atomics
 * (ss_mag_fold()) when it leaves its CPU or is drained, and the check folds
 * what the loaded magazines still carry.  Objects that bypass magazines (no
 * memory for one) are added to the atomics directly, on the slow path.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/kmemleak.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "internal.h"
#include "object.h"

static void ss_totals_add(struct slabstat_cache *c, unsigned long nalloc,
			  unsigned long nfree)
{
	if (nalloc) {
		atomic64_add(nalloc, &c->total_alloc);
		atomic64_add(nalloc, &ss_totals.alloc_objects);
		atomic64_add((u64)nalloc * c->size, &ss_totals.alloc_bytes);
	}
	if (nfree) {
		atomic64_add(nfree, &c->total_free);
		atomic64_add(nfree, &ss_totals.free_objects);
		atomic64_add((u64)nfree * c->size, &ss_totals.free_bytes);
	}
}

/**
 * ss_mag_fold() - move a magazine's counted traffic into the atomic totals
 * @c: the cache
 * @m: a magazine the caller owns (its CPU's local lock, or quiesced)
 */
void ss_mag_fold(struct slabstat_cache *c, struct ss_mag *m)
{
	ss_totals_add(c, m->nalloc, m->nfree);
	m->nalloc = 0;
	m->nfree = 0;
}

static struct ss_mag *ss_mag_new(struct slabstat_cache *c, gfp_t gfp)
{
	struct ss_mag *m;

	if (ss_should_fail_mag(struct_size(m, objs, c->mag_size)))
		return NULL;
	gfp &= ~__GFP_ZERO;
	m = kmalloc(struct_size(m, objs, c->mag_size), gfp | __GFP_NOWARN);
	if (!m)
		return NULL;
	m->size = c->mag_size;
	m->rounds = 0;
	m->nalloc = 0;
	m->nfree = 0;
	INIT_LIST_HEAD(&m->list);
	return m;
}

/*
 * kmemleak scans magazines (they are kmalloc'd): a slot a round has left must
 * not keep pointing at it, or an object its caller leaks would still look
 * referenced.  Only kmemleak kernels pay for the clearing.
 */
static __always_inline void ss_mag_forget(struct ss_mag *m, unsigned int from,
					  unsigned int n)
{
#ifdef CONFIG_DEBUG_KMEMLEAK
	memset(&m->objs[from], 0, n * sizeof(void *));
#endif
}

/* Depot operations.  Called with interrupts off. */

static struct ss_mag *ss_depot_get(struct slabstat_cache *c, bool full)
{
	struct ss_depot *d = &c->depot;
	struct ss_mag *m;

	spin_lock(&d->lock);
	m = list_first_entry_or_null(full ? &d->full : &d->empty,
				     struct ss_mag, list);
	if (m) {
		list_del(&m->list);
		if (full) {
			d->nfull--;
			d->min_full = min(d->min_full, d->nfull);
		} else {
			d->nempty--;
			d->min_empty = min(d->min_empty, d->nempty);
		}
	}
	spin_unlock(&d->lock);
	return m;
}

/* @m must be full or empty; it is folded as it leaves its CPU. */
static void ss_depot_put(struct slabstat_cache *c, struct ss_mag *m)
{
	struct ss_depot *d = &c->depot;

	ss_mag_fold(c, m);
	spin_lock(&d->lock);
	if (m->rounds) {
		list_add(&m->list, &d->full);
		d->nfull++;
	} else {
		list_add(&m->list, &d->empty);
		d->nempty++;
	}
	spin_unlock(&d->lock);
}

/* Empty @m into the slab layer.  Interrupts off. */
static void ss_mag_drain(struct slabstat_cache *c, struct ss_mag *m)
{
	ss_mag_fold(c, m);
	if (m->rounds)
		ss_slab_put(c, m->objs, m->rounds);
	ss_mag_forget(m, 0, m->rounds);
	m->rounds = 0;
}

#ifdef SLABSTAT_TEST
static bool ss_test_widen;

/**
 * slabstat_test_widen_window() - delay between two paired counter updates
 *	(test builds only)
 * @widen: true adds 1 us between the object and byte counts of an alloc
 *
 * Makes a torn read likely if the readers' seqcount protocol were broken.
 */
void slabstat_test_widen_window(bool widen)
{
	WRITE_ONCE(ss_test_widen, widen);
}
EXPORT_SYMBOL_GPL(slabstat_test_widen_window);

static inline void ss_test_window(void)
{
	if (unlikely(READ_ONCE(ss_test_widen)))
		ndelay(1000);
}
#else
static inline void ss_test_window(void)
{
}
#endif

/*
 * SLABSTAT_NO_STATS=y builds a module without the per-object counting of
 * either accounting, only to measure what the counting costs (make bench,
 * stats_tax).  Its check reports a mismatch by design; never ship it.
 */
static __always_inline void ss_mag_count(unsigned long *field,
					 unsigned long n)
{
#ifndef SLABSTAT_NO_STATS
	*field += n;
#endif
}

/*
 * Count @n objects handed to callers (@item SS_ALLOC) or taken back from
 * them (SS_FREE), with their bytes, in one seqcount section: a reader never
 * sees the objects without their bytes.
 */
static inline void ss_stat_objs_locked(struct slabstat_cache *c,
				       struct ss_pcpu *pc,
				       enum ss_stat_item item, unsigned int n,
				       bool hit)
{
	BUILD_BUG_ON(SS_ALLOC_BYTES - SS_ALLOC != 2 ||
		     SS_FREE_BYTES - SS_FREE != 2);
#ifndef SLABSTAT_NO_STATS
	write_seqcount_begin(&pc->seq);
	pc->stat[item] += n;
	ss_test_window();
	pc->stat[item + 2] += (u64)n * c->size;
	pc->stat[hit ? SS_MAG_HIT : SS_MAG_MISS] += n;
	write_seqcount_end(&pc->seq);
#endif
}

static inline void ss_stat_alloc_locked(struct slabstat_cache *c,
					struct ss_pcpu *pc, unsigned int n,
					bool hit)
{
	ss_stat_objs_locked(c, pc, SS_ALLOC, n, hit);
}

static inline void ss_stat_free_locked(struct slabstat_cache *c,
				       struct ss_pcpu *pc, unsigned int n,
				       bool hit)
{
	ss_stat_objs_locked(c, pc, SS_FREE, n, hit);
}

/* Handing out and taking back */

/* slabstat_alloc() tries again: the object it found was quarantined. */
#define SS_RETRY	ERR_PTR(-EAGAIN)

static void ss_refuse(struct slabstat_cache *c, void *obj,
		      enum ss_bad_kind why)
{
	atomic_long_inc(&c->bad[why]);
	ss_stat_add(c, SS_REFUSED, 1);
	pr_err_ratelimited("cache %s: refused free: %s\n", c->name,
			   ss_bad_names[why]);
}

/*
 * Take a corrupted object out of use for good.  It counts as freed (by its
 * caller, or just after a magazine handed it out), on both accountings.
 */
static void ss_quarantine(struct slabstat_cache *c, void *obj)
{
	unsigned long flags;

	ss_obj_mark_free(c, obj, SS_QUARANTINED);
	/* One section: the check never sees it half moved. */
	local_lock_irqsave(&c->cpu->lock, flags);
	atomic_long_inc(&c->quarantined);
	ss_stat_free_locked(c, this_cpu_ptr(c->cpu), 1, false);
	ss_totals_add(c, 0, 1);
	local_unlock_irqrestore(&c->cpu->lock, flags);
}

/*
 * Make a free object fit to hand to a caller.  Return: @obj, or SS_RETRY
 * when a debug cache found it corrupted and quarantined it.
 */
static __always_inline void *ss_hand_out(struct slabstat_cache *c, void *obj,
					 gfp_t gfp)
{
	if (unlikely(c->flags & SLABSTAT_POISON) && !ss_debug_alloc_ok(c, obj)) {
		ss_quarantine(c, obj);
		return SS_RETRY;
	}
	if (!c->ctor && want_init_on_alloc(gfp))
		memset(obj, 0, c->size);
	/* Clear the free word: it marks free objects and holds a secret. */
	*(unsigned long *)((char *)obj + c->free_off) = 0;
	kmemleak_alloc(obj, c->size, 1, gfp);
	return obj;
}

/* Validate @obj and mark it free.  Return: false if refused or quarantined. */
static __always_inline bool ss_take_back(struct slabstat_cache *c, void *obj)
{
	enum ss_bad_kind why = ss_obj_check(c, obj);

	if (unlikely(why != SS_NR_BAD)) {
		ss_refuse(c, obj, why);
		return false;
	}
	kmemleak_free(obj);
	if (unlikely(c->flags & SS_DEBUG_FLAGS) && !ss_debug_free_ok(c, obj)) {
		ss_quarantine(c, obj);
		return false;
	}
	if (!c->ctor && !(c->flags & SLABSTAT_POISON) && want_init_on_free())
		memset(obj, 0, c->size);
	ss_obj_mark_free(c, obj, SS_IN_MAG);
	return true;
}

/*
 * Load @m: the loaded magazine becomes the previous one, and the previous
 * one, full or empty, goes to the depot.  Local lock held.
 */
static void ss_mag_rotate(struct slabstat_cache *c, struct ss_pcpu *pc,
			  struct ss_mag *m)
{
	if (pc->prev) {
		ss_depot_put(c, pc->prev);
		ss_stat_add_locked(pc, SS_DEPOT_PUT, 1);
	}
	pc->prev = pc->loaded;
	pc->loaded = m;
}

/*
 * Make pc->loaded a magazine with at least one round.  Called and returns
 * with the local lock held; returns false when memory must be found first.
 * *need_mag is set when the CPU has no magazine to fill.
 */
static bool ss_refill_locked(struct slabstat_cache *c, struct ss_pcpu *pc,
			     bool *need_mag)
{
	struct ss_mag *m;

	*need_mag = false;
	if (pc->prev && pc->prev->rounds) {
		swap(pc->loaded, pc->prev);
		return true;
	}
	m = ss_depot_get(c, true);
	if (m) {
		/* prev is empty here: the depot takes it back. */
		ss_stat_add_locked(pc, SS_DEPOT_GET, 1);
		ss_mag_rotate(c, pc, m);
		return true;
	}
	/* No full magazine anywhere: fill an empty one from the slabs. */
	if (!pc->loaded) {
		swap(pc->loaded, pc->prev);
		if (!pc->loaded) {
			pc->loaded = ss_depot_get(c, false);
			if (pc->loaded)
				ss_stat_add_locked(pc, SS_DEPOT_GET, 1);
		}
		if (!pc->loaded) {
			*need_mag = true;
			return false;
		}
	}
	m = pc->loaded;
	m->rounds = ss_slab_take(c, m->objs, m->size);
	ss_stat_add_locked(pc, SS_SLAB_FILL, m->rounds);
	return m->rounds;
}

/* Out of line and cold: the fast path stays small (and canary-free). */
static noinline __cold void *ss_alloc_slow(struct slabstat_cache *c, gfp_t gfp,
					   unsigned long flags)
{
	struct ss_pcpu *pc;
	void *obj;
	bool need_mag;

	for (;;) {
		struct ss_mag *m;

		pc = this_cpu_ptr(c->cpu);
		if (pc->loaded && pc->loaded->rounds)
			break;
		if (ss_refill_locked(c, pc, &need_mag))
			break;
		local_unlock_irqrestore(&c->cpu->lock, flags);

		if (need_mag) {
			m = ss_mag_new(c, gfp);
			local_lock_irqsave(&c->cpu->lock, flags);
			pc = this_cpu_ptr(c->cpu);
			if (!m) {
				ss_stat_add_locked(pc, SS_MAG_FAIL, 1);
				goto direct;
			}
			ss_stat_add_locked(pc, SS_MAG_NEW, 1);
			if (!pc->loaded)
				pc->loaded = m;
			else if (!pc->prev)
				pc->prev = m;
			else
				ss_depot_put(c, m);
			continue;
		}
		if (ss_slab_grow(c, gfp))
			goto fail;
		local_lock_irqsave(&c->cpu->lock, flags);
	}

	obj = pc->loaded->objs[--pc->loaded->rounds];
	ss_mag_forget(pc->loaded, pc->loaded->rounds, 1);
	ss_mag_count(&pc->loaded->nalloc, 1);
	ss_stat_alloc_locked(c, pc, 1, false);
	local_unlock_irqrestore(&c->cpu->lock, flags);
	return ss_hand_out(c, obj, gfp);

direct:
	/* No magazine to be had: take one object straight from a slab. */
	while (!ss_slab_take(c, &obj, 1)) {
		local_unlock_irqrestore(&c->cpu->lock, flags);
		if (ss_slab_grow(c, gfp))
			goto fail;
		local_lock_irqsave(&c->cpu->lock, flags);
	}
	pc = this_cpu_ptr(c->cpu);
	ss_stat_alloc_locked(c, pc, 1, false);
	ss_stat_add_locked(pc, SS_SLAB_DIRECT, 1);
	ss_totals_add(c, 1, 0);
	local_unlock_irqrestore(&c->cpu->lock, flags);
	return ss_hand_out(c, obj, gfp);

fail:
	ss_stat_add(c, SS_ALLOC_FAIL, 1);
	return NULL;
}

static __always_inline void *ss_alloc_one(struct slabstat_cache *cache,
					  gfp_t gfp)
{
	struct ss_pcpu *pc;
	unsigned long flags;
	struct ss_mag *m;
	void *obj;

	local_lock_irqsave(&cache->cpu->lock, flags);
	pc = this_cpu_ptr(cache->cpu);
	m = pc->loaded;
	if (unlikely(!m || !m->rounds))
		return ss_alloc_slow(cache, gfp, flags);
	obj = m->objs[--m->rounds];
	ss_mag_forget(m, m->rounds, 1);
	ss_mag_count(&m->nalloc, 1);
	ss_stat_alloc_locked(cache, pc, 1, true);
	local_unlock_irqrestore(&cache->cpu->lock, flags);
	return ss_hand_out(cache, obj, gfp);
}

/**
 * slabstat_alloc() - allocate an object
 * @cache: the cache
 * @gfp: allocation flags, as for kmem_cache_alloc()
 *
 * Sleeps only if @gfp allows.  Usable from process, softirq and hardirq
 * context (with GFP_ATOMIC).  Honours __GFP_ZERO and init_on_alloc, except in
 * caches with a constructor, whose objects are always handed out in their
 * constructed state.
 *
 * Return: the object, or NULL if no memory could be had.
 */
void *slabstat_alloc(struct slabstat_cache *cache, gfp_t gfp)
{
	void *obj;

	might_alloc(gfp);
	do {
		obj = ss_alloc_one(cache, gfp);
	} while (unlikely(obj == SS_RETRY));
	return obj;
}
EXPORT_SYMBOL_GPL(slabstat_alloc);

/*
 * Make room in pc->loaded for at least one round.  Local lock held; never
 * sleeps.  Return: false when no empty magazine could be had.
 */
static bool ss_make_room_locked(struct slabstat_cache *c, struct ss_pcpu *pc)
{
	struct ss_mag *m;

	if (pc->prev && pc->prev->rounds < pc->prev->size) {
		swap(pc->loaded, pc->prev);
		return true;
	}
	m = ss_depot_get(c, false);
	if (m) {
		ss_stat_add_locked(pc, SS_DEPOT_GET, 1);
	} else {
		/* Never dip into reserves for a cache: fall back instead. */
		m = ss_mag_new(c, GFP_NOWAIT);
		if (!m) {
			ss_stat_add_locked(pc, SS_MAG_FAIL, 1);
			return false;
		}
		ss_stat_add_locked(pc, SS_MAG_NEW, 1);
	}
	/* prev is full here (or loaded is NULL): the depot takes it. */
	ss_mag_rotate(c, pc, m);
	return true;
}

/**
 * slabstat_free() - return an object to its cache
 * @cache: the cache the object was allocated from
 * @obj: the object, or NULL (which does nothing)
 *
 * A pointer that is not a live object of @cache (foreign, interior, already
 * free, or another cache's) is refused: it is counted in the report, logged
 * once with pr_err (rate-limited), and never put on a freelist.
 */
void slabstat_free(struct slabstat_cache *cache, void *obj)
{
	struct ss_pcpu *pc;
	unsigned long flags;
	struct ss_mag *m;

	if (unlikely(!obj))
		return;
	if (unlikely(!ss_take_back(cache, obj)))
		return;

	local_lock_irqsave(&cache->cpu->lock, flags);
	pc = this_cpu_ptr(cache->cpu);
	m = pc->loaded;
	if (likely(m && m->rounds < m->size)) {
		ss_stat_free_locked(cache, pc, 1, true);
	} else if (ss_make_room_locked(cache, pc)) {
		m = pc->loaded;
		ss_stat_free_locked(cache, pc, 1, false);
	} else {
		ss_slab_put(cache, &obj, 1);
		ss_stat_free_locked(cache, pc, 1, false);
		ss_stat_add_locked(pc, SS_SLAB_DIRECT, 1);
		ss_totals_add(cache, 0, 1);
		local_unlock_irqrestore(&cache->cpu->lock, flags);
		return;
	}
	m->objs[m->rounds++] = obj;
	ss_mag_count(&m->nfree, 1);
	local_unlock_irqrestore(&cache->cpu->lock, flags);
}
EXPORT_SYMBOL_GPL(slabstat_free);

/*
 * Push @n objects, already checked and marked free, into this CPU's
 * magazines; what finds no magazine goes straight to the slabs.
 */
static void ss_push_batch(struct slabstat_cache *c, void **objs,
			  unsigned int n)
{
	unsigned long flags;
	unsigned int done = 0;

	local_lock_irqsave(&c->cpu->lock, flags);
	while (done < n) {
		struct ss_pcpu *pc = this_cpu_ptr(c->cpu);
		struct ss_mag *m = pc->loaded;
		bool hit = true;
		unsigned int k;

		if (!m || m->rounds == m->size) {
			hit = false;
			if (!ss_make_room_locked(c, pc)) {
				k = n - done;
				ss_slab_put(c, objs + done, k);
				ss_stat_free_locked(c, pc, k, false);
				ss_stat_add_locked(pc, SS_SLAB_DIRECT, k);
				ss_totals_add(c, 0, k);
				local_unlock_irqrestore(&c->cpu->lock, flags);
				return;
			}
			m = pc->loaded;
		}
		k = min(n - done, m->size - m->rounds);
		memcpy(m->objs + m->rounds, objs + done, k * sizeof(void *));
		m->rounds += k;
		ss_mag_count(&m->nfree, k);
		ss_stat_free_locked(c, pc, k, hit);
		done += k;
	}
	local_unlock_irqrestore(&c->cpu->lock, flags);
}

/**
 * slabstat_alloc_bulk() - allocate several objects at once
 * @cache: the cache
 * @gfp: allocation flags, as for slabstat_alloc()
 * @nr: how many objects
 * @objs: array of at least @nr pointers to fill
 *
 * All or nothing.  Cheaper per object than a loop of slabstat_alloc(): the
 * local lock is taken once per magazine, not once per object.  A failed
 * call hands back what it had taken, so those objects count as allocated
 * and freed.
 *
 * Return: @nr, or 0 on failure (then @objs holds nothing of value).
 */
size_t slabstat_alloc_bulk(struct slabstat_cache *cache, gfp_t gfp, size_t nr,
			   void **objs)
{
	size_t done = 0, quarantined = 0, i;
	unsigned long flags;
	bool need_mag;

	might_alloc(gfp);
	local_lock_irqsave(&cache->cpu->lock, flags);
	while (done < nr) {
		struct ss_pcpu *pc = this_cpu_ptr(cache->cpu);
		struct ss_mag *m = pc->loaded;
		unsigned int n;

		if (m && m->rounds) {
			n = min_t(size_t, m->rounds, nr - done);
			m->rounds -= n;
			memcpy(objs + done, m->objs + m->rounds,
			       n * sizeof(void *));
			ss_mag_forget(m, m->rounds, n);
			ss_mag_count(&m->nalloc, n);
			ss_stat_alloc_locked(cache, pc, n, true);
			done += n;
			continue;
		}
		if (ss_refill_locked(cache, pc, &need_mag))
			continue;
		/* Straight from the slabs into @objs, counted directly. */
		n = ss_slab_take(cache, objs + done, nr - done);
		if (n) {
			ss_stat_alloc_locked(cache, pc, n, false);
			ss_stat_add_locked(pc, SS_SLAB_DIRECT, n);
			ss_totals_add(cache, n, 0);
			done += n;
			continue;
		}
		local_unlock_irqrestore(&cache->cpu->lock, flags);
		if (ss_slab_grow(cache, gfp)) {
			ss_stat_add(cache, SS_ALLOC_FAIL, 1);
			/* Not handed out yet: still free, straight back. */
			ss_push_batch(cache, objs, done);
			return 0;
		}
		local_lock_irqsave(&cache->cpu->lock, flags);
	}
	local_unlock_irqrestore(&cache->cpu->lock, flags);

	for (i = 0; i < nr; i++) {
		if (ss_hand_out(cache, objs[i], gfp) == SS_RETRY) {
			objs[i] = NULL;
			quarantined++;
		}
	}
	/* A debug cache quarantined some: replace them. */
	for (i = 0; quarantined && i < nr; i++) {
		if (objs[i])
			continue;
		objs[i] = slabstat_alloc(cache, gfp);
		if (!objs[i]) {
			slabstat_free_bulk(cache, nr, objs);
			return 0;
		}
		quarantined--;
	}
	return nr;
}
EXPORT_SYMBOL_GPL(slabstat_alloc_bulk);

#define SS_BULK_BATCH	16

/**
 * slabstat_free_bulk() - free several objects at once
 * @cache: the cache they came from
 * @nr: how many
 * @objs: the objects; NULL entries are skipped
 *
 * Each pointer is checked as by slabstat_free(); bad ones are refused and
 * the rest are freed.  The local lock is taken once per batch of objects.
 */
void slabstat_free_bulk(struct slabstat_cache *cache, size_t nr, void **objs)
{
	void *batch[SS_BULK_BATCH];
	size_t i = 0;

	while (i < nr) {
		unsigned int n = 0;

		/* Check outside the lock: a refusal is logged. */
		while (i < nr && n < SS_BULK_BATCH) {
			void *obj = objs[i++];

			if (obj && ss_take_back(cache, obj))
				batch[n++] = obj;
		}
		if (n)
			ss_push_batch(cache, batch, n);
	}
}
EXPORT_SYMBOL_GPL(slabstat_free_bulk);

/**
 * ss_cpu_drain() - empty one CPU's magazines of a cache into the slabs
 * @c: the cache
 * @pc: the CPU's part; its CPU is dead, or this is that CPU with its
 *	local lock held, or the cache is being destroyed
 *
 * The magazines themselves go to the depot's empty list.
 */
void ss_cpu_drain(struct slabstat_cache *c, struct ss_pcpu *pc)
{
	struct ss_mag *mags[2] = { pc->loaded, pc->prev };
	unsigned long flags;
	unsigned int i;

	local_irq_save(flags);
	for (i = 0; i < ARRAY_SIZE(mags); i++) {
		if (!mags[i])
			continue;
		if (mags[i]->rounds)
			ss_stat_add_locked(pc, SS_SLAB_DRAIN, mags[i]->rounds);
		ss_mag_drain(c, mags[i]);
		ss_depot_put(c, mags[i]);
	}
	pc->loaded = NULL;
	pc->prev = NULL;
	local_irq_restore(flags);
}

/**
 * ss_cpu_drain_local() - drain this CPU's magazines of a cache
 * @cache: the cache
 *
 * For on_each_cpu(): runs on each CPU with interrupts off.
 */
void ss_cpu_drain_local(void *cache)
{
	struct slabstat_cache *c = cache;
	unsigned long flags;

	local_lock_irqsave(&c->cpu->lock, flags);
	ss_cpu_drain(c, this_cpu_ptr(c->cpu));
	local_unlock_irqrestore(&c->cpu->lock, flags);
}

/**
 * ss_depot_reap() - give the depot's unneeded magazines back
 * @c: the cache
 * @max: at most this many magazines
 * @keep_ws: keep the working set (the fewest magazines each list held since
 *	the last reap); false empties the depot
 *
 * Full magazines are emptied into the slabs; the magazines are freed.
 *
 * Return: the number of magazines freed.
 */
unsigned long ss_depot_reap(struct slabstat_cache *c, unsigned long max,
			    bool keep_ws)
{
	struct ss_depot *d = &c->depot;
	unsigned long flags, nf, ne, n, drained = 0;

	spin_lock_irqsave(&d->lock, flags);
	nf = min_t(unsigned long, keep_ws ? d->min_full : d->nfull, max);
	ne = min_t(unsigned long, keep_ws ? d->min_empty : d->nempty, max - nf);
	spin_unlock_irqrestore(&d->lock, flags);

	/*
	 * One magazine at a time, unlinked and emptied in one section with
	 * interrupts off: its rounds are never out of every count while the
	 * check could stop the machine.  The depot and slab locks are taken
	 * one after the other, never nested.
	 */
	for (n = 0; n < nf + ne; n++) {
		struct ss_mag *m;

		local_irq_save(flags);
		spin_lock(&d->lock);
		m = list_first_entry_or_null(n < nf ? &d->full : &d->empty,
					     struct ss_mag, list);
		if (m) {
			list_del(&m->list);
			if (n < nf)
				d->nfull--;
			else
				d->nempty--;
		}
		spin_unlock(&d->lock);
		if (m && m->rounds) {
			drained += m->rounds;
			ss_mag_drain(c, m);
		}
		local_irq_restore(flags);
		if (!m)
			break;
		kfree(m);
	}

	spin_lock_irqsave(&d->lock, flags);
	d->min_full = d->nfull;
	d->min_empty = d->nempty;
	spin_unlock_irqrestore(&d->lock, flags);
	if (drained)
		ss_stat_add(c, SS_SLAB_DRAIN, drained);
	if (n)
		ss_stat_add(c, SS_REAP, n);
	return n;
}

/**
 * ss_depot_cached() - objects held in the depot's full magazines
 * @c: the cache
 *
 * Return: an estimate (no lock) for the shrinker.
 */
unsigned long ss_depot_cached(struct slabstat_cache *c)
{
	return (unsigned long)READ_ONCE(c->depot.nfull) * c->mag_size;
}
