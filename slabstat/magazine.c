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
 * All of a CPU's part of a cache (struct ss_pcpu) is protected by its CPU
 * lock (cpu.h): a preemption-disabled section marked owned, or on
 * PREEMPT_RT the local lock.  The fast path disables no interrupt and uses
 * no atomic instruction.  An interrupt handler that finds its CPU's part
 * owned never touches it: it takes the fallback, straight to the slab layer
 * under the slab lock, counted in the cache's shared record (SS_FALLBACK).
 * The depot lock and the slab lock nest inside the CPU lock; the slab lock
 * also nests inside the depot lock (reaping a full magazine).  Both are
 * taken with interrupts saved off, because interrupts take them too.
 *
 * The hit paths count each object once, in the CPU's statistics record.
 * The global atomic totals are fed from that record, not the callers: its
 * owner folds what it counted since its last fold into the atomics
 * (ss_stat_fold()) whenever one of the CPU's magazines moves (to or from
 * the depot, filled from the slabs, drained), and the check folds every
 * record.  Objects that bypass magazines (no memory for one) fold the
 * record at once (ss_count_direct()), on the slow path.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kmemleak.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>

#include "cpu.h"
#include "internal.h"
#include "object.h"
#include "trace.h"

struct ss_mag ss_mag_none = { .list = LIST_HEAD_INIT(ss_mag_none.list) };
#ifdef SLABSTAT_TEST
EXPORT_SYMBOL_GPL(ss_mag_none);
#endif

static struct ss_mag *ss_mag_new(struct slabstat_cache *c, gfp_t gfp)
{
	struct ss_mag *m;

	if (ss_should_fail_mag(struct_size(m, objs, c->mag_size)))
		return NULL;
	/* A magazine is optional: without one the CPU goes to the slabs. */
	gfp &= ~(__GFP_ZERO | __GFP_NOFAIL);
	m = kmalloc(struct_size(m, objs, c->mag_size), gfp | __GFP_NOWARN);
	if (!m)
		return NULL;
	m->size = c->mag_size;
	m->mark = ss_mag_mark(c, atomic_inc_return(&c->mag_ids));
	m->rounds = 0;
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

/* Depot operations.  Any context; the CPU lock may be held. */

static struct ss_mag *ss_depot_get(struct slabstat_cache *c, bool full)
{
	struct ss_depot *d = &c->depot;
	unsigned long flags;
	struct ss_mag *m;

	spin_lock_irqsave(&d->lock, flags);
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
	spin_unlock_irqrestore(&d->lock, flags);
	if (m)
		trace_depot_get(c, m->rounds);
	return m;
}

/*
 * @m must be full or empty.  A magazine leaving its CPU: the caller folds
 * that CPU's record in the same section.
 */
static void ss_depot_put(struct slabstat_cache *c, struct ss_mag *m)
{
	struct ss_depot *d = &c->depot;
	unsigned long flags;

	trace_depot_put(c, m->rounds);
	spin_lock_irqsave(&d->lock, flags);
	if (m->rounds) {
		list_add(&m->list, &d->full);
		d->nfull++;
	} else {
		list_add(&m->list, &d->empty);
		d->nempty++;
	}
	spin_unlock_irqrestore(&d->lock, flags);
}

/* Empty @m, which the caller owns, into the slab layer. */
static void ss_mag_drain(struct slabstat_cache *c, struct ss_mag *m)
{
	if (m->rounds)
		ss_slab_put(c, m->objs, m->rounds, false, m->mark);
	ss_mag_forget(m, 0, m->rounds);
	m->rounds = 0;
}

#ifdef SLABSTAT_TEST
static void (*ss_test_hook)(struct slabstat_cache *c);

/**
 * slabstat_test_section_hook() - run a function inside every CPU section
 *	(test builds only)
 * @hook: called with the CPU's part owned, just before it is released; NULL
 *	removes it
 *
 * Lets a test make an interrupt arrive while its CPU is inside the fast
 * path, which is otherwise a matter of luck.
 */
void slabstat_test_section_hook(void (*hook)(struct slabstat_cache *c))
{
	WRITE_ONCE(ss_test_hook, hook);
}
EXPORT_SYMBOL_GPL(slabstat_test_section_hook);

void ss_test_in_section(struct slabstat_cache *c)
{
	void (*hook)(struct slabstat_cache *c) = READ_ONCE(ss_test_hook);

	if (unlikely(hook))
		hook(c);
}
#endif

/*
 * Count @n objects handed to callers (@item SS_ALLOC) or taken back from
 * them (SS_FREE) on the owned record @stat; @hit says the loaded magazine
 * served them.  The one count per operation of the hit paths: the atomic
 * totals get it when the record is folded.
 *
 * SLABSTAT_NO_STATS=y builds a module without this per-object counting,
 * only to measure what the counting costs (make bench, stats_tax).  Its
 * check reports a mismatch by design; never ship it.
 */
static __always_inline void ss_stat_objs(local64_t *stat,
					 enum ss_stat_item item,
					 unsigned int n, bool hit)
{
#ifndef SLABSTAT_NO_STATS
	ss_stat_inc(stat, item, n);
	if (!hit)
		ss_stat_inc(stat, SS_MAG_MISS, n);
#endif
}

/* Handing out and taking back */

/*
 * might_alloc() for the hit paths.  Without lockdep and the atomic-sleep
 * checks it is only might_resched(), a voluntary preemption point, which
 * with preemptible RCU does nothing unless should_resched(0) (see
 * __cond_resched()).  That test is one per-CPU load: make it inline, and
 * leave the call to a cold path, so that the hit path saves no register
 * for it.  Kernels with those checks (the test kernels) run them inline on
 * every call, and take the same cold path.
 * Return: true when a reschedule is due; the caller then calls
 * might_alloc() out of line.
 */
static __always_inline bool ss_might_alloc_due(gfp_t gfp)
{
	bool due = gfpflags_allow_blocking(gfp) && should_resched(0);

	if (IS_ENABLED(CONFIG_LOCKDEP) ||
	    IS_ENABLED(CONFIG_DEBUG_ATOMIC_SLEEP) ||
	    !IS_ENABLED(CONFIG_PREEMPT_RCU))
		might_alloc(gfp);
	return due;
}

/* slabstat_alloc() tries again: the object it found was quarantined. */
#define SS_RETRY	ERR_PTR(-EAGAIN)

/*
 * The hit paths share one page of text, which slabstat_alloc() starts: on
 * silicon one iTLB entry; under TCG, where make bench runs, a branch to
 * another page is not chained to its target and costs a hash lookup.
 */
void *slabstat_alloc(struct slabstat_cache *cache, gfp_t gfp)
	__section(".text.slabstat_hot") __aligned(PAGE_SIZE);
void slabstat_free(struct slabstat_cache *cache, void *obj)
	__section(".text.slabstat_hot");

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
 * caller, or just after a magazine handed it out), on both accountings, in
 * the same section as the quarantine count: the check never sees it half
 * moved.
 */
static void ss_quarantine(struct slabstat_cache *c, void *obj)
{
	struct ss_stat_owner o;

	ss_stat_own(c, &o);
	atomic_long_inc(&c->quarantined);
	ss_count_direct(c, o.stat, SS_FREE, 1);
	ss_obj_set_link(c, obj, SS_LINK_QUAR);
	ss_retired_freed(c);
	ss_stat_release(c, &o);
}

/*
 * Zero an object for init_on_alloc or __GFP_ZERO, in a cache without red
 * zones: its size rounded up to whole words (still inside the slot), inline,
 * no call.  From eight words up, in blocks of eight (of sixteen from
 * sixteen words up), the last block ending with the object and overlapping
 * the one before it where the size is not a multiple: no loop for the
 * remainder, and none at all for 64 or 128 bytes.  The stores are
 * WRITE_ONCE() so that the compiler keeps them stores rather than calling
 * memset().
 */
static __always_inline void ss_zero_words(unsigned long *p)
{
	WRITE_ONCE(p[0], 0);
	WRITE_ONCE(p[1], 0);
	WRITE_ONCE(p[2], 0);
	WRITE_ONCE(p[3], 0);
	WRITE_ONCE(p[4], 0);
	WRITE_ONCE(p[5], 0);
	WRITE_ONCE(p[6], 0);
	WRITE_ONCE(p[7], 0);
}

/*
 * ss_zero() with the offset of the last block of eight given as @off; an
 * @off below -8 words (c->zero_hit of a cache whose hand-out is slow)
 * zeroes nothing.  Return: false for such an @off.
 */
static __always_inline bool ss_zero_at(struct slabstat_cache *c, void *obj,
				       long off)
{
	unsigned long *p = obj, *last;

	if (likely(off >= 0)) {
		last = (unsigned long *)((char *)obj + off);
		if (p < last) {
			if (off >= 8 * sizeof(long)) {
				/* Sixteen words up: the last sixteen end at last + 8. */
				last -= 8;
				for (; p < last; p += 16) {
					ss_zero_words(p);
					ss_zero_words(p + 8);
				}
				ss_zero_words(last);
				ss_zero_words(last + 8);
				return true;
			}
			ss_zero_words(p);
		}
		ss_zero_words(last);
		return true;
	}
	if (unlikely(off < -8 * (long)sizeof(long)))
		return false;
	/* Under eight words: one at a time. */
	last = p + c->zero_words;
	do {
		WRITE_ONCE(*p, 0);
	} while (++p < last);
	return true;
}

static __always_inline void ss_zero(struct slabstat_cache *c, void *obj)
{
	ss_zero_at(c, obj, c->zero_last);
}

/* Zero an object of any cache (red zones: memset() of the object only). */
static void ss_zero_any(struct slabstat_cache *c, void *obj)
{
	if (c->zero_words)
		ss_zero(c, obj);
	else
		memset(obj, 0, c->size);
}

/*
 * The call site of the exported function's caller: @ip from an out-of-line
 * slow path, which got it from the exported function, or 0 from code
 * inlined into the exported function, where _RET_IP_ is that caller.  Only
 * evaluated where it is used (a debug branch, an enabled trace event), so
 * the hit paths never load it.
 */
#define SS_CALLER(ip)	((ip) ?: _RET_IP_)

/*
 * Make a claimed object (its free word already cleared) fit to hand to a
 * caller, who called the exported function at @ip, in a cache whose
 * out_slow says the hit path cannot: a constructor, poison or call-site
 * tracking, or red zones.
 * Return: @obj, or SS_RETRY when a debug cache found it corrupted and
 * quarantined it.
 */
static noinline __cold void *ss_hand_out_slow(struct slabstat_cache *c,
					      void *obj, gfp_t gfp,
					      unsigned long ip)
{
	if ((c->flags & (SLABSTAT_POISON | SLABSTAT_TRACK_CALLER)) &&
	    !ss_debug_alloc_ok(c, obj, ip)) {
		ss_quarantine(c, obj);
		return SS_RETRY;
	}
	if (!c->ctor && want_init_on_alloc(gfp))
		ss_zero_any(c, obj);
	kmemleak_alloc(obj, c->size, 1, gfp);
	trace_alloc(c, obj, ip, gfp);
	return obj;
}

/*
 * The same for any cache, inline: the caller called the exported function
 * at @ip (SS_CALLER()).  slabstat_alloc() has its own copy of the plain
 * case, which leaves an enabled event to ss_hand_out_slow().
 */
static __always_inline void *ss_hand_out(struct slabstat_cache *c, void *obj,
					 gfp_t gfp, unsigned long ip)
{
	if (unlikely(c->out_slow))
		return ss_hand_out_slow(c, obj, gfp, SS_CALLER(ip));
	if (want_init_on_alloc(gfp))
		ss_zero(c, obj);
	kmemleak_alloc(obj, c->size, 1, gfp);
	trace_alloc(c, obj, SS_CALLER(ip), gfp);
	return obj;
}

/*
 * Find the cache whose mark the page of @obj carries, among the caches that
 * exist, live or retired (ss_all_caches, under RCU: any context).  Cold:
 * the page is looked at the careful way (virt_addr_valid()).  A page of a
 * slab of cache @it decodes with @it's key to a slot zero less than two
 * slabs of the preferred order below the page's end (ss_page_mark()); any
 * other page does so by a chance of at most 2^-48 per cache.  Sets @slot0 to
 * the decoded slot zero.  Return: the page, or NULL.
 */
static struct page *ss_obj_owner(const void *obj,
				 struct slabstat_cache **owner,
				 unsigned long *slot0)
{
	struct slabstat_cache *it;
	unsigned long addr;
	struct page *page;

	*owner = NULL;
	if (!virt_addr_valid(obj))
		return NULL;
	page = virt_to_page(obj);
	addr = (unsigned long)page_address(page);
	rcu_read_lock();
	list_for_each_entry_rcu(it, &ss_all_caches, all) {
		*slot0 = page_private(page) ^ it->key;
		if (addr + it->first_off - *slot0 <
		    2 * (PAGE_SIZE << it->order)) {
			*owner = it;
			break;
		}
	}
	rcu_read_unlock();
	return *owner ? page : NULL;
}

/**
 * ss_obj_to_slab() - find the slabstat slab holding a pointer, any cache
 * @obj: any pointer
 * @cache: set to the owning cache, or NULL
 *
 * For the tests and the debug reports: the header of the slab @obj is in,
 * which stays valid only while the slab holds an object the caller knows
 * to be live.
 *
 * Return: the slab's header, or NULL when @obj is in no slabstat slab.
 */
struct ss_slab *ss_obj_to_slab(const void *obj, struct slabstat_cache **cache)
{
	unsigned long slot0;
	struct page *page;

	page = ss_obj_owner(obj, cache, &slot0);
	if (!page)
		return NULL;
	return (struct ss_slab *)page->index;
}

#ifdef SLABSTAT_TEST
EXPORT_SYMBOL_GPL(ss_obj_to_slab);
#endif

/**
 * ss_obj_classify() - why ss_obj_ok() refused a pointer
 * @c: the cache it was freed to
 * @obj: the pointer
 *
 * A slab of another cache is only believed when that cache exists.  The
 * slab's header is not read: the page's mark says where its slots are.
 *
 * Return: the fault.
 */
enum ss_bad_kind ss_obj_classify(struct slabstat_cache *c, void *obj)
{
	struct slabstat_cache *owner;
	unsigned long slot0;

	if (!ss_obj_owner(obj, &owner, &slot0))
		return SS_BAD_FOREIGN;
	if (owner != c)
		return SS_BAD_WRONG_CACHE;
	if (ss_slot_of(c, slot0, obj) >= c->slots)
		return SS_BAD_INTERIOR;
	/* ss_obj_ok() refused a slot of @c: its free word says free. */
	return SS_BAD_DOUBLE_FREE;
}

/*
 * @obj, freed from @ip, failed the cheap test: say why, count it, log it.
 */
static noinline __cold void ss_refuse_obj(struct slabstat_cache *c, void *obj,
					  unsigned long ip)
{
	enum ss_bad_kind why;

	/* NULL fails the cheap test too: slabstat_free() does not test it. */
	if (!obj)
		return;
	why = ss_obj_classify(c, obj);

	trace_refuse(c, obj, ip, why);
	ss_refuse(c, obj, why);
	if (why == SS_BAD_DOUBLE_FREE && (c->flags & SLABSTAT_TRACK_CALLER))
		ss_debug_track_report(c, obj, ip);
}

/*
 * Make @obj, which passed the cheap test, ready to be free: freed by a
 * caller of the exported function at @ip (SS_CALLER()).  Its free word is
 * written by the push or the slab put that follows.  Return: false if
 * quarantined.
 */
static __always_inline bool ss_take_back_rest(struct slabstat_cache *c,
					      void *obj, unsigned long ip)
{
	kmemleak_free(obj);
	if (unlikely(c->flags & SS_DEBUG_FLAGS) &&
	    !ss_debug_free_ok(c, obj, SS_CALLER(ip))) {
		ss_quarantine(c, obj);
		return false;
	}
	trace_free(c, obj, SS_CALLER(ip));
	if (want_init_on_free() && !c->ctor && !(c->flags & SLABSTAT_POISON))
		ss_zero_any(c, obj);
	return true;
}

/*
 * Validate @obj and make it ready to be free, as ss_take_back_rest().  @w
 * is the page the caller's previous object was found in (w->page 0: none).
 * Return: false if refused or quarantined.
 */
static __always_inline bool ss_take_back(struct slabstat_cache *c, void *obj,
					 struct ss_where *w, unsigned long ip)
{
	if (unlikely(!ss_obj_ok(c, obj, w))) {
		ss_refuse_obj(c, obj, SS_CALLER(ip));
		return false;
	}
	return ss_take_back_rest(c, obj, ip);
}

/* Duplicate rounds dropped: count them, say so. */
static noinline __cold void ss_drop(struct slabstat_cache *c,
				    enum ss_drop_kind why, unsigned int n)
{
	atomic_long_add(n, &c->dropped[why]);
	pr_err_ratelimited("cache %s: dropped %u duplicate round(s) %s\n",
			   c->name, n, ss_drop_names[why]);
}

/*
 * Pop a round off the loaded magazine, which has one, and claim it.  CPU
 * lock held.  Return: the object, or NULL when it was a duplicate round
 * (ss_obj_claim()): dropped, counted as an allocation that reached no
 * caller, which balances the extra free that put it there.
 */
static __always_inline bool ss_cpu_pop(struct slabstat_cache *c,
				       struct ss_pcpu *pc, void **objp,
				       bool hit)
{
	struct ss_mag *m = pc->loaded;
	void *obj = m->objs[--m->rounds];

	ss_mag_forget(m, m->rounds, 1);
	ss_stat_objs(pc->stat, SS_ALLOC, 1, hit);
	*objp = obj;
	return likely(ss_obj_claim(c, obj, m->mark));
}

/*
 * Push @obj, whose free word is @w, as a round on the loaded magazine,
 * which has room.  CPU lock held.
 */
static __always_inline void ss_cpu_push_word(struct slabstat_cache *c,
					     struct ss_pcpu *pc, void *obj,
					     unsigned long *w, bool hit)
{
	struct ss_mag *m = pc->loaded;

	/* Before the free word's store, which could alias them for gcc. */
	m->objs[m->rounds++] = obj;
	ss_word_set_round(w, m->mark);
	ss_stat_objs(pc->stat, SS_FREE, 1, hit);
}

static __always_inline void ss_cpu_push(struct slabstat_cache *c,
					struct ss_pcpu *pc, void *obj,
					bool hit)
{
	ss_cpu_push_word(c, pc, obj, ss_free_word(c, obj), hit);
}

/*
 * Load @m: the loaded magazine becomes the previous one, and the previous
 * one, full or empty, goes to the depot.  The magazines moved: the CPU's
 * record is folded.  CPU lock held.
 */
static void ss_cpu_rotate(struct slabstat_cache *c, struct ss_pcpu *pc,
			  struct ss_mag *m)
{
	if (pc->prev) {
		ss_depot_put(c, pc->prev);
		ss_stat_inc(pc->stat, SS_DEPOT_PUT, 1);
	}
	pc->prev = ss_mag_real(pc->loaded);
	pc->loaded = m;
	ss_stat_fold(c, pc->stat);
}

/* Swap the loaded and the previous magazine, which is a real one. */
static void ss_cpu_swap(struct ss_pcpu *pc)
{
	struct ss_mag *m = pc->prev;

	pc->prev = ss_mag_real(pc->loaded);
	pc->loaded = m;
}

/*
 * Make pc->loaded a magazine with at least one round.  CPU lock held;
 * never sleeps.  Return: false when memory must be found first; then
 * *need_mag says the CPU has no magazine to fill (else: no free object).
 */
static bool ss_cpu_refill(struct slabstat_cache *c, struct ss_pcpu *pc,
			  bool *need_mag)
{
	struct ss_mag *m;

	*need_mag = false;
	if (pc->prev && pc->prev->rounds) {
		ss_cpu_swap(pc);
		return true;
	}
	m = ss_depot_get(c, true);
	if (m) {
		/* prev is empty here: the depot takes it back. */
		ss_stat_inc(pc->stat, SS_DEPOT_GET, 1);
		ss_cpu_rotate(c, pc, m);
		return true;
	}
	/* No full magazine anywhere: fill an empty one from the slabs. */
	if (pc->loaded == &ss_mag_none) {
		m = pc->prev;
		if (m) {
			pc->prev = NULL;
		} else {
			m = ss_depot_get(c, false);
			if (!m) {
				*need_mag = true;
				return false;
			}
			ss_stat_inc(pc->stat, SS_DEPOT_GET, 1);
		}
		pc->loaded = m;
	}
	m = pc->loaded;
	m->rounds = ss_slab_take(c, m->objs, m->size, false, m->mark);
	ss_stat_inc(pc->stat, SS_SLAB_FILL, m->rounds);
	/*
	 * Rounds came in without a magazine leaving: fold too, or a CPU that
	 * only ever refills its loaded magazine would never feed the totals.
	 */
	ss_stat_fold(c, pc->stat);
	return m->rounds;
}

/*
 * An interrupt found its CPU's part owned (never on PREEMPT_RT): one object
 * straight from a slab, counted in the cache's shared record.
 */
static noinline __cold void *ss_alloc_fallback(struct slabstat_cache *c,
					       gfp_t gfp, unsigned long ip)
{
	void *obj;

	while (!ss_slab_take(c, &obj, 1, true, 0)) {
		if (ss_slab_grow(c, gfp)) {
			ss_stat_add(c, SS_ALLOC_FAIL, 1);
			return NULL;
		}
	}
	return ss_hand_out(c, obj, gfp, ip);
}

/*
 * Allocation from a destroyed cache (a retired entry) is the caller's bug:
 * refused, counted on @stat (a record the caller owns) and logged.
 */
static noinline __cold void ss_alloc_dead(struct slabstat_cache *c,
					  local64_t *stat)
{
	ss_stat_inc(stat, SS_ALLOC_FAIL, 1);
	pr_err_ratelimited("cache %s: allocation after destroy refused\n",
			   c->name);
}

/*
 * Give a new magazine to this CPU: loaded or previous if either is
 * missing, else the depot's.  CPU lock held.
 */
static void ss_cpu_adopt(struct slabstat_cache *c, struct ss_pcpu *pc,
			 struct ss_mag *m)
{
	ss_stat_inc(pc->stat, SS_MAG_NEW, 1);
	if (pc->loaded == &ss_mag_none)
		pc->loaded = m;
	else if (!pc->prev)
		pc->prev = m;
	else
		ss_depot_put(c, m);
}

/*
 * ss_cpu_pop() found a duplicate round on @pc, which the caller holds: let
 * go and say so.  Return: SS_RETRY.
 */
static void *ss_pop_dropped(struct slabstat_cache *c, struct ss_pcpu *pc)
{
	ss_cpu_unlock(c, pc);
	ss_drop(c, SS_DROP_HANDOUT, 1);
	return SS_RETRY;
}

/*
 * Pop a round of the loaded magazine, which has one, release the CPU lock
 * (@pc) and hand the round out, for a caller of the exported function at
 * @ip.  @hit: counted as a magazine hit.  The general path's; the hit path
 * of slabstat_alloc() has its own copy that calls nothing.
 * Return: the object, or SS_RETRY when it was a duplicate round (dropped)
 * or a debug cache quarantined it.
 */
static __always_inline void *ss_pop_hand_out(struct slabstat_cache *c,
					     struct ss_pcpu *pc, gfp_t gfp,
					     unsigned long ip, bool hit)
{
	void *obj;

	if (unlikely(!ss_cpu_pop(c, pc, &obj, hit)))
		return ss_pop_dropped(c, pc);
	ss_cpu_unlock(c, pc);
	return ss_hand_out(c, obj, gfp, ip);
}

/*
 * Out of line and cold: the fast path stays small (and canary-free).
 * Called with the CPU lock held (@pc); returns with it released.  Sleeps
 * only where @gfp allows, with the lock released.
 */
static noinline __cold void *ss_alloc_slow(struct slabstat_cache *c,
					   struct ss_pcpu *pc, gfp_t gfp,
					   unsigned long ip)
{
	struct ss_mag *m;
	bool need_mag;
	void *obj;

	/* A destroyed cache has no magazine, so its allocations come here. */
	if (unlikely(READ_ONCE(c->dead))) {
		ss_alloc_dead(c, pc->stat);
		ss_cpu_unlock(c, pc);
		return NULL;
	}
	while (!pc->loaded->rounds &&
	       !ss_cpu_refill(c, pc, &need_mag)) {
		ss_cpu_unlock(c, pc);
		if (need_mag) {
			m = ss_mag_new(c, gfp);
			if (unlikely(!ss_cpu_trylock(c, &pc))) {
				kfree(m);
				return ss_alloc_fallback(c, gfp, ip);
			}
			if (m) {
				ss_cpu_adopt(c, pc, m);
				continue;
			}
			ss_stat_inc(pc->stat, SS_MAG_FAIL, 1);
			goto direct;
		}
		if (ss_slab_grow(c, gfp))
			goto fail;
		if (unlikely(!ss_cpu_trylock(c, &pc)))
			return ss_alloc_fallback(c, gfp, ip);
	}
	return ss_pop_hand_out(c, pc, gfp, ip, false);

direct:
	/* No magazine to be had: take one object straight from a slab. */
	while (!ss_slab_take(c, &obj, 1, false, 0)) {
		ss_cpu_unlock(c, pc);
		if (ss_slab_grow(c, gfp))
			goto fail;
		if (unlikely(!ss_cpu_trylock(c, &pc)))
			return ss_alloc_fallback(c, gfp, ip);
	}
	ss_count_direct(c, pc->stat, SS_ALLOC, 1);
	ss_cpu_unlock(c, pc);
	return ss_hand_out(c, obj, gfp, ip);

fail:
	ss_stat_add(c, SS_ALLOC_FAIL, 1);
	return NULL;
}

/*
 * One try at an allocation, by the general path; the caller called the
 * exported function at @ip.  Return: the object, NULL, or SS_RETRY.
 */
static void *ss_alloc_one(struct slabstat_cache *c, gfp_t gfp,
			  unsigned long ip)
{
	struct ss_pcpu *pc;
	struct ss_mag *m;

	if (unlikely(!ss_cpu_trylock(c, &pc)))
		return ss_alloc_fallback(c, gfp, ip);
	m = pc->loaded;
	if (unlikely(!m->rounds))
		return ss_alloc_slow(c, pc, gfp, ip);
	return ss_pop_hand_out(c, pc, gfp, ip, true);
}

/*
 * Where slabstat_alloc() goes when its hit path cannot finish: @obj is what
 * it got so far (SS_RETRY: nothing yet), and @pc, if not NULL, the CPU part
 * it holds with an empty loaded magazine.  Tries until an object or NULL.
 */
static noinline __cold void *ss_alloc_miss(struct slabstat_cache *c,
					   struct ss_pcpu *pc, void *obj,
					   gfp_t gfp, unsigned long ip)
{
	if (pc)
		obj = ss_alloc_slow(c, pc, gfp, ip);
	else if (obj != SS_RETRY)
		obj = ss_hand_out_slow(c, obj, gfp, ip);
	while (obj == SS_RETRY)
		obj = ss_alloc_one(c, gfp, ip);
	return obj;
}

/* slabstat_alloc() with a reschedule due: take it, then the general path. */
static noinline __cold void *ss_alloc_resched(struct slabstat_cache *c,
					      gfp_t gfp, unsigned long ip)
{
	might_alloc(gfp);
	return ss_alloc_miss(c, NULL, SS_RETRY, gfp, ip);
}

/*
 * slabstat_alloc() popped a duplicate round from @pc, which it holds:
 * ss_pop_dropped(), then the general path.
 */
static noinline __cold void *ss_alloc_dropped(struct slabstat_cache *c,
					      struct ss_pcpu *pc, gfp_t gfp,
					      unsigned long ip)
{
	return ss_alloc_miss(c, NULL, ss_pop_dropped(c, pc), gfp, ip);
}

/**
 * slabstat_alloc() - allocate an object
 * @cache: the cache
 * @gfp: allocation flags, as for kmem_cache_alloc()
 *
 * Sleeps only if @gfp allows.  Usable from process, softirq and hardirq
 * context (with GFP_ATOMIC).  On PREEMPT_RT, as with the kernel's own
 * allocators: not from hard interrupt context and not with preemption or
 * interrupts disabled.  Honours __GFP_ZERO and init_on_alloc, except in
 * caches with a constructor, whose objects are always handed out in their
 * constructed state.
 *
 * Return: the object, or NULL if no memory could be had.
 */
void *slabstat_alloc(struct slabstat_cache *cache, gfp_t gfp)
{
	struct ss_pcpu *pc;
	struct ss_mag *m;
	void *obj;

	if (unlikely(ss_might_alloc_due(gfp)))
		return ss_alloc_resched(cache, gfp, _RET_IP_);
	/* The hit path: a round of the loaded magazine, for a plain cache. */
	if (unlikely(!ss_cpu_trylock(cache, &pc)))
		return ss_alloc_miss(cache, NULL, SS_RETRY, gfp, _RET_IP_);
	m = pc->loaded;
	if (unlikely(!m->rounds))
		return ss_alloc_miss(cache, pc, SS_RETRY, gfp, _RET_IP_);
	if (unlikely(!ss_cpu_pop(cache, pc, &obj, true)))
		return ss_alloc_dropped(cache, pc, gfp, _RET_IP_);
	ss_cpu_unlock(cache, pc);
	/*
	 * The hit path calls nothing: all but the plain case is cold.  When
	 * zeroing, c->zero_hit says out_slow too.
	 */
	if (unlikely(trace_alloc_enabled()))
		return ss_alloc_miss(cache, NULL, obj, gfp, _RET_IP_);
	if (want_init_on_alloc(gfp)) {
		if (unlikely(!ss_zero_at(cache, obj, cache->zero_hit)))
			return ss_alloc_miss(cache, NULL, obj, gfp, _RET_IP_);
	} else if (unlikely(cache->out_slow)) {
		return ss_alloc_miss(cache, NULL, obj, gfp, _RET_IP_);
	}
	kmemleak_alloc(obj, cache->size, 1, gfp);
	return obj;
}
EXPORT_SYMBOL_GPL(slabstat_alloc);

/*
 * Make room in pc->loaded for at least one round.  CPU lock held; never
 * sleeps.  Return: false when no empty magazine could be had, or @c is
 * destroyed.
 */
static bool ss_cpu_make_room(struct slabstat_cache *c, struct ss_pcpu *pc)
{
	struct ss_mag *m;

	/* A destroyed cache gets no magazine: its frees go to the slabs. */
	if (unlikely(READ_ONCE(c->dead)))
		return false;
	if (pc->prev && pc->prev->rounds < pc->prev->size) {
		ss_cpu_swap(pc);
		return true;
	}
	m = ss_depot_get(c, false);
	if (m) {
		ss_stat_inc(pc->stat, SS_DEPOT_GET, 1);
	} else {
		/* Never dip into reserves for a cache: fall back instead. */
		m = ss_mag_new(c, GFP_NOWAIT);
		if (!m) {
			ss_stat_inc(pc->stat, SS_MAG_FAIL, 1);
			return false;
		}
		ss_stat_inc(pc->stat, SS_MAG_NEW, 1);
	}
	/* prev is full here (or loaded is NULL): the depot takes it. */
	ss_cpu_rotate(c, pc, m);
	return true;
}

/* The loaded magazine is full or missing.  Releases the CPU lock. */
static noinline __cold void ss_free_slow(struct slabstat_cache *c,
					 struct ss_pcpu *pc, void *obj)
{
	if (ss_cpu_make_room(c, pc)) {
		ss_cpu_push(c, pc, obj, false);
	} else if (ss_slab_put(c, &obj, 1, false, 0)) {
		ss_count_direct(c, pc->stat, SS_FREE, 1);
		ss_retired_freed(c);
	}
	ss_cpu_unlock(c, pc);
}

/* An interrupt found its CPU's part owned: straight to the slab. */
static noinline __cold void ss_free_fallback(struct slabstat_cache *c,
					     void *obj)
{
	ss_slab_put(c, &obj, 1, true, 0);
}

/*
 * Put @obj, ready to be free (its free word @w), in this CPU's loaded
 * magazine, or where the slow paths find room.
 */
static __always_inline void ss_free_put(struct slabstat_cache *c, void *obj,
					unsigned long *w)
{
	struct ss_pcpu *pc;
	struct ss_mag *m;

	if (unlikely(!ss_cpu_trylock(c, &pc))) {
		ss_free_fallback(c, obj);
		return;
	}
	m = pc->loaded;
	if (unlikely(m->rounds == m->size)) {
		ss_free_slow(c, pc, obj);
		return;
	}
	ss_cpu_push_word(c, pc, obj, w, true);
	ss_cpu_unlock(c, pc);
}

/*
 * A free the hit path leaves to the general one: a debug cache, an enabled
 * free event, or init_on_free.  @obj passed the cheap test; its caller
 * called slabstat_free() at @ip.
 */
static noinline __cold void ss_free_cold(struct slabstat_cache *c, void *obj,
					 unsigned long ip)
{
	if (ss_take_back_rest(c, obj, ip))
		ss_free_put(c, obj, ss_free_word(c, obj));
}

/*
 * @obj failed slabstat_free()'s hit test: a debug cache's object (which
 * always does), or a pointer to refuse.
 */
static noinline __cold void ss_free_other(struct slabstat_cache *c, void *obj,
					  unsigned long ip)
{
	struct ss_where w = SS_WHERE_INIT;

	if ((c->flags & SS_DEBUG_FLAGS) && obj && ss_obj_ok(c, obj, &w))
		ss_free_cold(c, obj, ip);
	else
		ss_refuse_obj(c, obj, ip);
}

/**
 * slabstat_free() - return an object to its cache
 * @cache: the cache the object was allocated from
 * @obj: the object, or NULL (which does nothing)
 *
 * A pointer that is not a live object of @cache (foreign, interior, already
 * free, or another cache's) is refused: it is counted in the report, logged
 * once with pr_err (rate-limited), and never put on a freelist.  Contexts
 * as for slabstat_alloc().
 */
void slabstat_free(struct slabstat_cache *cache, void *obj)
{
	unsigned long *w;

	/* NULL (a no-op) is in no slab: the refusal ignores it. */
	if (unlikely(!ss_obj_ok_one(cache, obj, &w))) {
		ss_free_other(cache, obj, _RET_IP_);
		return;
	}
	/* The hit path calls nothing: all but the plain case is cold. */
	if (unlikely(want_init_on_free() || trace_free_enabled())) {
		ss_free_cold(cache, obj, _RET_IP_);
		return;
	}
	kmemleak_free(obj);
	ss_free_put(cache, obj, w);
}
EXPORT_SYMBOL_GPL(slabstat_free);

/* Push @n objects as rounds of @m, which has room.  CPU lock held. */
static void ss_mag_fill(struct slabstat_cache *c, struct ss_mag *m,
			void **objs, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		ss_obj_set_round(c, objs[i], m->mark);
		m->objs[m->rounds++] = objs[i];
	}
}

/*
 * Push @n objects, already checked (ss_take_back()), into this CPU's
 * magazines; what finds no magazine goes straight to the slabs.
 */
static void ss_push_batch(struct slabstat_cache *c, void **objs,
			  unsigned int n)
{
	unsigned int done = 0;
	struct ss_pcpu *pc;

	if (unlikely(!ss_cpu_trylock(c, &pc))) {
		ss_slab_put(c, objs, n, true, 0);
		return;
	}
	while (done < n) {
		struct ss_mag *m = pc->loaded;
		bool hit = true;
		unsigned int k;

		if (m->rounds == m->size) {
			hit = false;
			if (!ss_cpu_make_room(c, pc)) {
				k = ss_slab_put(c, objs + done, n - done,
						false, 0);
				if (k)
					ss_count_direct(c, pc->stat, SS_FREE,
							k);
				ss_retired_freed(c);
				break;
			}
			m = pc->loaded;
		}
		k = min(n - done, m->size - m->rounds);
		ss_mag_fill(c, m, objs + done, k);
		ss_stat_objs(pc->stat, SS_FREE, k, hit);
		done += k;
	}
	ss_cpu_unlock(c, pc);
}

/*
 * Pop up to @n rounds of @m into @objs, claiming each; duplicates are
 * dropped (counted in *@dropped) and counted as allocations.  CPU lock
 * held.  Return: how many were stored.
 */
static unsigned int ss_mag_take(struct slabstat_cache *c, struct ss_pcpu *pc,
				struct ss_mag *m, void **objs, unsigned int n,
				unsigned int *dropped)
{
	void **top = &m->objs[m->rounds], **end = top - n;
	unsigned int free_off = c->free_off, got = 0;
	unsigned long mark = m->mark;

	/*
	 * ss_obj_claim() with locals: the stores to @objs could alias the
	 * magazine's and the cache's fields otherwise.
	 */
	while (top > end) {
		void *obj = *--top;
		unsigned long *w = (unsigned long *)((char *)obj + free_off);

		if (likely((*w ^ swab((unsigned long)w)) == mark)) {
			*w = 0;
			objs[got++] = obj;
		} else {
			(*dropped)++;
		}
	}
	m->rounds -= n;
	ss_mag_forget(m, m->rounds, n);
	ss_stat_objs(pc->stat, SS_ALLOC, n, true);
	return got;
}

/*
 * Take up to @nr objects into @objs from this CPU's part (@pc, owned) or,
 * with @pc NULL (an interrupt that found its part owned), from the slabs.
 * *@dropped counts duplicate rounds dropped.  Return: how many; 0 when a
 * slab must be grown.
 */
static size_t ss_take_batch(struct slabstat_cache *c, struct ss_pcpu *pc,
			    void **objs, size_t nr, unsigned int *dropped)
{
	size_t done = 0;
	bool need_mag;

	if (!pc)
		return ss_slab_take(c, objs, nr, true, 0);
	while (done < nr) {
		struct ss_mag *m = pc->loaded;
		unsigned int n;

		if (m->rounds) {
			n = min_t(size_t, m->rounds, nr - done);
			done += ss_mag_take(c, pc, m, objs + done, n, dropped);
			continue;
		}
		if (ss_cpu_refill(c, pc, &need_mag))
			continue;
		/* Straight from the slabs into @objs, counted directly. */
		n = ss_slab_take(c, objs + done, nr - done, false, 0);
		if (!n)
			break;
		ss_count_direct(c, pc->stat, SS_ALLOC, n);
		done += n;
	}
	return done;
}

/**
 * slabstat_alloc_bulk() - allocate several objects at once
 * @cache: the cache
 * @gfp: allocation flags, as for slabstat_alloc()
 * @nr: how many objects
 * @objs: array of at least @nr pointers to fill
 *
 * All or nothing.  Cheaper per object than a loop of slabstat_alloc(): the
 * CPU lock is taken once per slab grown, not once per object.  Contexts as
 * for slabstat_alloc().  A failed
 * call hands back what it had taken, so those objects count as allocated
 * and freed.
 *
 * Return: @nr, or 0 on failure (then @objs holds nothing of value).
 */
size_t slabstat_alloc_bulk(struct slabstat_cache *cache, gfp_t gfp, size_t nr,
			   void **objs)
{
	size_t done = 0, quarantined = 0, i;
	unsigned int dropped = 0;
	struct ss_stat_owner o;
	struct ss_pcpu *pc;

	might_alloc(gfp);
	if (unlikely(READ_ONCE(cache->dead))) {
		ss_stat_own(cache, &o);
		ss_alloc_dead(cache, o.stat);
		ss_stat_release(cache, &o);
		return 0;
	}
	for (;;) {
		if (!ss_cpu_trylock(cache, &pc))
			pc = NULL;
		done += ss_take_batch(cache, pc, objs + done, nr - done,
				      &dropped);
		if (pc)
			ss_cpu_unlock(cache, pc);
		if (unlikely(dropped)) {
			ss_drop(cache, SS_DROP_HANDOUT, dropped);
			dropped = 0;
		}
		if (done == nr)
			break;
		if (ss_slab_grow(cache, gfp)) {
			ss_stat_add(cache, SS_ALLOC_FAIL, 1);
			/*
			 * Not handed out yet: still free, straight back.  The
			 * statistics count them allocated and freed, and so do
			 * the events, so that both stay equal.
			 */
			for (i = 0; i < done; i++) {
				trace_alloc(cache, objs[i], _RET_IP_, gfp);
				trace_free(cache, objs[i], _RET_IP_);
			}
			ss_push_batch(cache, objs, done);
			return 0;
		}
	}

	/* A plain cache, no event: only zeroing, with no test per object. */
	if (likely(!cache->out_slow && !trace_alloc_enabled())) {
		if (want_init_on_alloc(gfp))
			for (i = 0; i < nr; i++)
				ss_zero(cache, objs[i]);
		for (i = 0; i < nr; i++)
			kmemleak_alloc(objs[i], cache->size, 1, gfp);
		return nr;
	}
	for (i = 0; i < nr; i++) {
		if (ss_hand_out(cache, objs[i], gfp, 0) == SS_RETRY) {
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

/*
 * slabstat_free_bulk() for any cache: each pointer checked outside the CPU
 * lock (a refusal is logged, a debug check may be long), then pushed in
 * batches; the caller called slabstat_free_bulk() at @ip.
 */
static noinline void ss_free_bulk_checked(struct slabstat_cache *cache,
					  size_t nr, void **objs,
					  unsigned long ip)
{
	void *batch[SS_BULK_BATCH];
	struct ss_where w = SS_WHERE_INIT;
	size_t i = 0;

	while (i < nr) {
		unsigned int n = 0;

		while (i < nr && n < SS_BULK_BATCH) {
			void *obj = objs[i++];

			if (!obj || !ss_take_back(cache, obj, &w, ip))
				continue;
			/* Free from here on: the same pointer again is refused. */
			ss_obj_set_link(cache, obj, SS_LINK_PENDING);
			batch[n++] = obj;
		}
		if (n)
			ss_push_batch(cache, batch, n);
	}
}

/*
 * Check @n objects of a plain cache and make them rounds of @m, which has
 * room for all of them: ss_obj_ok() and ss_obj_set_round() for each, with
 * the cache's and the magazine's words in locals.  A store to an object may
 * alias those fields for gcc, which would load each of them again for every
 * object.  @where carries the page looked up last, as in ss_obj_slot(),
 * whose page lookup this repeats on values: a change to the free test
 * changes both (ss_bad_bulk fails if they part).  CPU lock held.  Stops at
 * the first object ss_obj_ok() would refuse.  Return: how many were pushed.
 */
static __always_inline unsigned int ss_mag_push_checked(struct slabstat_cache *c,
							struct ss_mag *m,
							void **objs,
							unsigned int n,
							struct ss_where *where)
{
	const unsigned long key = c->key, inv = c->obj_inv, slots = c->slots;
	const unsigned int free_off = c->free_off, shift = c->obj_shift;
	const unsigned long mark = m->mark;
	unsigned long page = where->page, slot0 = where->slot0, priv;
	void **top = &m->objs[m->rounds], **dst = top, **end = objs + n;

	for (; objs < end; objs++) {
		void *obj = *objs;
		unsigned long addr = (unsigned long)obj & PAGE_MASK, *w;

		if (addr != page) {
			/* ss_page_slot0() on the key in a register. */
			if (unlikely(!ss_page_private(addr, &priv)))
				break;
			slot0 = priv ^ key;
			page = addr;
		}
		if (unlikely(ss_slot_at(inv, shift, slot0, obj) >= slots))
			break;
		w = ss_free_word_at(obj, free_off);
		if (unlikely(ss_word_free_for(mark, w)))
			break;
		kmemleak_free(obj);
		ss_word_set_round(w, mark);
		*dst++ = obj;
	}
	m->rounds += dst - top;
	where->page = page;
	where->slot0 = slot0;
	return dst - top;
}

/*
 * The plain case of slabstat_free_bulk(), this CPU's part held (@pc): each
 * object checked and pushed in one pass, its free word written once.  Stops
 * at the first object it cannot take: one to refuse (the refusal must run
 * without the CPU lock, *@refuse set) or one that finds no magazine.
 * Return: how many of @objs were taken.
 */
static size_t ss_free_bulk_held(struct slabstat_cache *c, struct ss_pcpu *pc,
				size_t nr, void **objs, bool *refuse)
{
	struct ss_where where = SS_WHERE_INIT;
	bool hit = true;
	size_t i = 0;

	*refuse = false;
	while (i < nr) {
		struct ss_mag *m = pc->loaded;
		unsigned int n, k;

		if (unlikely(m->rounds == m->size)) {
			/* The rest goes into magazines the depot gave: misses. */
			hit = false;
			if (!ss_cpu_make_room(c, pc))
				break;
			m = pc->loaded;
		}
		n = min_t(size_t, nr - i, m->size - m->rounds);
		k = ss_mag_push_checked(c, m, objs + i, n, &where);
		if (k)
			ss_stat_objs(pc->stat, SS_FREE, k, hit);
		i += k;
		if (unlikely(k < n)) {
			*refuse = true;
			break;
		}
	}
	return i;
}

/**
 * slabstat_free_bulk() - free several objects at once
 * @cache: the cache they came from
 * @nr: how many
 * @objs: the objects; NULL entries are skipped
 *
 * Each pointer is checked as by slabstat_free(); bad ones are refused and
 * the rest are freed.  The CPU lock is taken once for the whole array in a
 * plain cache, once per batch of objects in a debug one.
 */
void slabstat_free_bulk(struct slabstat_cache *cache, size_t nr, void **objs)
{
	struct ss_pcpu *pc;
	bool refuse;
	size_t i = 0;

	if (unlikely((cache->flags & SS_DEBUG_FLAGS) || want_init_on_free() ||
		     trace_free_enabled())) {
		ss_free_bulk_checked(cache, nr, objs, _RET_IP_);
		return;
	}
	while (i < nr) {
		if (unlikely(!ss_cpu_trylock(cache, &pc)))
			break;
		i += ss_free_bulk_held(cache, pc, nr - i, objs + i, &refuse);
		ss_cpu_unlock(cache, pc);
		if (i == nr)
			return;
		if (!refuse)
			break;
		/* NULL too: the refusal ignores it. */
		ss_refuse_obj(cache, objs[i], _RET_IP_);
		i++;
	}
	/* No magazine to be had, or an interrupt: the general path. */
	if (i < nr)
		ss_free_bulk_checked(cache, nr - i, objs + i, _RET_IP_);
}
EXPORT_SYMBOL_GPL(slabstat_free_bulk);

/**
 * ss_cpu_drain() - empty one CPU's magazines of a cache into the slabs
 * @c: the cache
 * @pc: the CPU's part, which the caller owns: its CPU lock (ss_cpu_flush()
 *	on that CPU), or the remote lock of a dead CPU or a dying cache
 *
 * The magazines themselves go to the depot's empty list, and the CPU's
 * statistics record is folded into the atomic totals.
 */
void ss_cpu_drain(struct slabstat_cache *c, struct ss_pcpu *pc)
{
	struct ss_mag *mags[2] = { ss_mag_real(pc->loaded), pc->prev };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(mags); i++) {
		if (!mags[i])
			continue;
		if (mags[i]->rounds)
			ss_stat_inc(pc->stat, SS_SLAB_DRAIN, mags[i]->rounds);
		ss_mag_drain(c, mags[i]);
		ss_depot_put(c, mags[i]);
	}
	pc->loaded = &ss_mag_none;
	pc->prev = NULL;
	ss_stat_fold(c, pc->stat);
}

/**
 * ss_cpu_drain_local() - drain this CPU's magazines of a cache
 * @c: the cache
 * @cpu: the CPU the caller was meant to run on
 *
 * Task context (a per-CPU work item).  If @cpu went offline and the work
 * item runs elsewhere, nothing is drained: the CPU-dead callback drains
 * @cpu's part.
 */
void ss_cpu_drain_local(struct slabstat_cache *c, unsigned int cpu)
{
	struct ss_pcpu *pc;

	/* A task always gets its CPU's part. */
	if (WARN_ON_ONCE(!ss_cpu_trylock(c, &pc)))
		return;
	if (pc == per_cpu_ptr(c->cpu, cpu))
		ss_cpu_drain(c, pc);
	ss_cpu_unlock(c, pc);
}

/**
 * ss_cpu_drain_remote() - drain another CPU's magazines of a cache
 * @c: the cache
 * @cpu: a CPU that is dead, or that no longer uses @c (a dying cache)
 *
 * ss_mutex held (lockdep is told the remote lock nests in it).
 */
void ss_cpu_drain_remote(struct slabstat_cache *c, unsigned int cpu)
{
	struct ss_pcpu *pc = per_cpu_ptr(c->cpu, cpu);

	ss_cpu_lock_remote(pc, &ss_mutex);
	ss_cpu_drain(c, pc);
	ss_cpu_unlock_remote(pc);
}

/**
 * ss_depot_reap() - give the depot's unneeded magazines back
 * @c: the cache
 * @max: at most this many magazines
 * @keep_ws: keep the working set (the fewest magazines each list held since
 *	the last reap); false empties the depot
 *
 * Full magazines are emptied into the slabs; the magazines are freed, one
 * at a time, yielding between them.  Process context; may sleep.
 *
 * Return: the number of magazines freed.
 */
unsigned long ss_depot_reap(struct slabstat_cache *c, unsigned long max,
			    bool keep_ws)
{
	struct ss_depot *d = &c->depot;
	unsigned long flags, nf, ne, n, drained = 0;

	might_sleep();
	spin_lock_irqsave(&d->lock, flags);
	nf = min_t(unsigned long, keep_ws ? d->min_full : d->nfull, max);
	ne = min_t(unsigned long, keep_ws ? d->min_empty : d->nempty, max - nf);
	spin_unlock_irqrestore(&d->lock, flags);

	/*
	 * One magazine at a time, unlinked and emptied under the depot lock
	 * (the slab lock nests inside it): its rounds are never out of every
	 * count while the check could look.
	 */
	for (n = 0; n < nf + ne; n++) {
		struct ss_mag *m;

		spin_lock_irqsave(&d->lock, flags);
		m = list_first_entry_or_null(n < nf ? &d->full : &d->empty,
					     struct ss_mag, list);
		if (m) {
			list_del(&m->list);
			if (n < nf)
				d->nfull--;
			else
				d->nempty--;
			if (m->rounds) {
				drained += m->rounds;
				ss_mag_drain(c, m);
			}
		}
		spin_unlock_irqrestore(&d->lock, flags);
		if (!m)
			break;
		kfree(m);
		cond_resched();
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

/**
 * ss_depot_drain() - empty the depot's full magazines into the slabs
 * @c: the cache
 *
 * Each full magazine the depot held at the start is emptied under the
 * depot lock (the slab lock nests inside it) and stays in the depot, on the
 * empty list: only its rounds go back, nothing is freed or allocated, so
 * this works in any context.  A memory limit's reclaim (limit.c).
 *
 * Return: the rounds given back to the slabs.
 */
unsigned long ss_depot_drain(struct slabstat_cache *c)
{
	struct ss_depot *d = &c->depot;
	unsigned long flags, drained = 0, n;
	struct ss_mag *m;

	for (n = READ_ONCE(d->nfull); n; n--) {
		spin_lock_irqsave(&d->lock, flags);
		m = list_first_entry_or_null(&d->full, struct ss_mag, list);
		if (m) {
			drained += m->rounds;
			ss_mag_drain(c, m);
			list_move(&m->list, &d->empty);
			d->nfull--;
			d->nempty++;
			d->min_full = min(d->min_full, d->nfull);
		}
		spin_unlock_irqrestore(&d->lock, flags);
		if (!m)
			break;
	}
	if (drained)
		ss_stat_add(c, SS_SLAB_DRAIN, drained);
	return drained;
}

/* The audit (check.c): magazines and their rounds. */

static int ss_ptr_cmp(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a;
	unsigned long y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

/* What is wrong with round @obj of @m, as a breach bit, or -1: nothing. */
static int ss_round_audit(struct slabstat_cache *c, struct ss_mag *m,
			  void *obj)
{
	struct ss_where where = SS_WHERE_INIT;
	unsigned long *w, v;

	if (!ss_obj_slot(c, obj, &where))
		return SS_AUDIT_STRAY;
	w = ss_free_word(c, obj);
	v = *w ^ swab((unsigned long)w);
	if (v == m->mark)
		return -1;
	/* A round of another magazine: a double free put it in both. */
	v ^= c->secret;
	if ((v & ~SS_LINK_MASK) == SS_FREE_TAG && (v & SS_LINK_ROUND))
		return SS_AUDIT_DUPLICATE;
	return SS_AUDIT_ROUND;
}

/**
 * ss_mag_audit() - audit one magazine
 * @c: the cache
 * @m: a magazine the caller owns (its CPU's lock, or the depot lock)
 * @want: the rounds it must hold (a depot magazine: size or 0), or
 *	UINT_MAX for at most its size (a CPU's)
 * @buf: room for SS_MAG_MAX pointers
 * @a: the cache's audit
 *
 * Every round must be an object of @c whose free word names @m, and no
 * object may be in @m twice.  Breaches are set atomically: CPUs audit
 * their own magazines in parallel.
 */
void ss_mag_audit(struct slabstat_cache *c, struct ss_mag *m,
		  unsigned int want, void **buf, struct ss_audit *a)
{
	unsigned int i, n = min(m->rounds, m->size);
	int bad;

	if (m->rounds > m->size || (want != UINT_MAX && m->rounds != want))
		set_bit(SS_AUDIT_MAGAZINE, &a->breach);
	for (i = 0; i < n; i++) {
		bad = ss_round_audit(c, m, m->objs[i]);
		if (bad >= 0)
			set_bit(bad, &a->breach);
	}
	memcpy(buf, m->objs, n * sizeof(void *));
	sort(buf, n, sizeof(void *), ss_ptr_cmp, NULL);
	for (i = 1; i < n; i++)
		if (buf[i] == buf[i - 1])
			set_bit(SS_AUDIT_DUPLICATE, &a->breach);
	atomic_long_add(n, &a->rounds);
}

/**
 * ss_depot_audit() - audit the depot: its counts, every magazine, every
 *	round
 * @c: the cache
 * @buf: room for SS_MAG_MAX pointers
 * @a: the cache's audit
 *
 * Holds the depot lock throughout: its rounds are bounded by the depot's
 * working set, which reclaim trims.
 */
void ss_depot_audit(struct slabstat_cache *c, void **buf, struct ss_audit *a)
{
	struct ss_depot *d = &c->depot;
	unsigned long flags, nfull = 0, nempty = 0;
	struct ss_mag *m;

	spin_lock_irqsave(&d->lock, flags);
	list_for_each_entry(m, &d->full, list) {
		ss_mag_audit(c, m, m->size, buf, a);
		nfull++;
	}
	list_for_each_entry(m, &d->empty, list) {
		ss_mag_audit(c, m, 0, buf, a);
		nempty++;
	}
	if (nfull != d->nfull || nempty != d->nempty)
		set_bit(SS_AUDIT_DEPOT, &a->breach);
	spin_unlock_irqrestore(&d->lock, flags);
}
