// SPDX-License-Identifier: GPL-2.0
/*
 * The slab layer: slabs of 2^order pages cut into objects.
 *
 * A slab's objects fill its pages from the first byte (after a left red
 * zone), c->stride apart; its header (struct ss_slab) is allocated apart
 * and found through any of its pages' index word, so power-of-two sizes
 * fit exactly.  A cache prefers slabs of c->order pages and, when the page
 * allocator has no such block at hand, takes the smallest order that holds
 * an object (c->min_order), as SLUB does with its oo/min.  Slabs are plain
 * (not compound) blocks, and every page of one carries a mark in its
 * private word (ss_page_mark()): the slab's slot zero XORed with the
 * cache's random key.  The free path reads that one word of a struct page
 * and never reads memory slabstat does not own (object.h).
 *
 * Every free object holds a "free word" at c->free_off: a tag and a link,
 * the next free object on its slab's freelist as its index plus one
 * (SS_LINK_END at the end), SS_LINK_ROUND and its magazine's id while it is
 * a round in a magazine, or SS_LINK_QUAR when quarantined, stored as
 * (tag | link) ^ secret ^ swab(address of the word).  An object handed to a
 * caller has its free word cleared, so a free word that decodes to the tag
 * marks an object that is already free.  A round leaves its magazine, to a
 * caller or to its slab, only if its word names that magazine: of the
 * places a double free may have put one object in, only one can give it
 * out (object.h, ss_obj_claim()).
 *
 * Locking: everything in struct ss_slabs and struct ss_slab is under
 * c->slabs.lock, taken with interrupts saved off (interrupts take it, in the
 * fallback).  It nests inside the CPU lock and inside the depot lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/err.h>
#include <linux/export.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>

#include "internal.h"
#include "object.h"
#include "trace.h"

/* The flags of the header allocation: the caller's, as far as kmalloc goes. */
#define SS_HDR_GFP	(__GFP_RECLAIM | __GFP_IO | __GFP_FS | __GFP_HIGH | \
			 __GFP_NOFAIL | __GFP_NORETRY | __GFP_RETRY_MAYFAIL | \
			 __GFP_NOMEMALLOC | __GFP_MEMALLOC | __GFP_NOWARN)

/*
 * The pages of a new slab.  The preferred order is asked for only where it
 * is at hand: no reclaim, no retry, no warning, never __GFP_NOFAIL, so it
 * neither compacts memory nor wakes the OOM killer.  Then the smallest
 * order that fits, as the caller asked.  __GFP_NOFAIL is honoured: the page
 * allocator supports it up to order 1, and above that the allocation is
 * retried here until it succeeds.  Injected faults spare __GFP_NOFAIL, as
 * the kernel's own fault injection does.
 */
static struct page *ss_slab_pages(struct slabstat_cache *c, gfp_t gfp,
				  unsigned int *order)
{
	bool nofail = gfp & __GFP_NOFAIL;
	struct page *page;

	if (c->order > c->min_order) {
		gfp_t try = (gfp | __GFP_NOWARN | __GFP_NORETRY |
			     __GFP_NOMEMALLOC) & ~(__GFP_RECLAIM | __GFP_NOFAIL);

		*order = c->order;
		if (!ss_should_fail_page(*order, false)) {
			page = alloc_pages(try, *order);
			if (page)
				return page;
		}
	}
	*order = c->min_order;
	if (ss_should_fail_page(*order, nofail))
		return NULL;
	if (!nofail || *order <= 1)
		return alloc_pages(gfp | __GFP_NOWARN, *order);
	gfp = (gfp & ~__GFP_NOFAIL) | __GFP_RETRY_MAYFAIL | __GFP_NOWARN;
	while (!(page = alloc_pages(gfp, *order)))
		memalloc_retry_wait(gfp);
	return page;
}

/*
 * __GFP_NOFAIL needs __GFP_DIRECT_RECLAIM (the page allocator warns and
 * may fail without it): refuse the flag, count it, log it, and go on as if
 * it had not been given.
 */
static gfp_t ss_slab_gfp(struct slabstat_cache *c, gfp_t gfp)
{
	unsigned long flags;

	gfp &= ~__GFP_ZERO;
	if (likely(!(gfp & __GFP_NOFAIL)) || (gfp & __GFP_DIRECT_RECLAIM))
		return gfp;
	spin_lock_irqsave(&c->slabs.lock, flags);
	c->slabs.nofail_bad++;
	spin_unlock_irqrestore(&c->slabs.lock, flags);
	pr_err_ratelimited("cache %s: __GFP_NOFAIL without __GFP_DIRECT_RECLAIM ignored\n",
			   c->name);
	return gfp & ~__GFP_NOFAIL;
}

/**
 * ss_slab_grow() - add one free slab to @c
 * @c: the cache
 * @gfp: the caller's allocation flags; may sleep only if they allow it
 *
 * Called with no slabstat lock held.  Runs the constructor on every object.
 * Never fails with __GFP_NOFAIL (and __GFP_DIRECT_RECLAIM).  A memory
 * limit may refuse the slab, after giving idle memory back
 * (ss_limit_grow()); that may leave free objects on the slabs instead of
 * a new slab, and the caller takes them as it would a new slab's.  The
 * limit is charged for a slab of the preferred order, and what a fallback
 * slab does not take is given back.
 *
 * Return: 0 (a slab was added, or objects are free on the slabs), or
 * -ENOMEM.
 */
int ss_slab_grow(struct slabstat_cache *c, gfp_t gfp)
{
	struct ss_slab *s;
	struct page *page;
	unsigned long flags, addr;
	unsigned int i, order;
	int err;

	gfp = ss_slab_gfp(c, gfp);
	err = ss_limit_grow(c, gfp, 1UL << c->order);
	if (err)
		return min(err, 0);	/* > 0: objects are free on the slabs */
	s = kmalloc(sizeof(*s), gfp & SS_HDR_GFP);
	if (!s) {
		ss_limit_uncharge(c, 1UL << c->order);
		return -ENOMEM;
	}
	page = ss_slab_pages(c, gfp, &order);
	if (!page) {
		ss_limit_uncharge(c, 1UL << c->order);
		kfree(s);
		return -ENOMEM;
	}
	if (order < c->order)
		ss_limit_uncharge(c, (1UL << c->order) - (1UL << order));

	addr = (unsigned long)page_address(page);
	s->cache = c;
	s->base = (void *)addr;
	s->order = order;
	s->objs = c->slab_objs[order];
	s->inuse = 0;
	s->freelist = NULL;
	/* Build the freelist back to front so objects go out in address order. */
	for (i = s->objs; i-- > 0;) {
		void *obj = ss_slab_obj(c, s, i);

		if (c->ctor)
			c->ctor(obj);
		if (c->flags & SS_DEBUG_FLAGS)
			ss_debug_init_obj(c, obj);
		ss_obj_set_link(c, obj, s->freelist ? i + 2 : SS_LINK_END);
		s->freelist = obj;
	}
	for (i = 0; i < 1U << order; i++) {
		nth_page(page, i)->index = (unsigned long)s;
		set_page_private(nth_page(page, i), ss_page_mark(c, s));
	}

	spin_lock_irqsave(&c->slabs.lock, flags);
	list_add(&s->list, &c->slabs.free);
	c->slabs.nr_slabs++;
	c->slabs.nr_free++;
	c->slabs.nr_pages += 1UL << order;
	if (order < c->order)
		c->slabs.order_fallback++;
	spin_unlock_irqrestore(&c->slabs.lock, flags);

	ss_stat_add(c, SS_SLAB_GROW, 1);
	trace_slab_grow(c, 1, 1UL << order);
	return 0;
}

/* The link that names @next, a free object of @s or NULL. */
static unsigned int ss_link_to(struct slabstat_cache *c, struct ss_slab *s,
			       void *next)
{
	return next ? ss_slot_index(c, (unsigned long)s->base, next) + 1 :
		      SS_LINK_END;
}

/*
 * The next object on @s's freelist after @obj, NULL at the end, or
 * ERR_PTR(-EFAULT) when @obj's free word is corrupted (no tag, or a link
 * that names no object of @s).
 */
static void *ss_freelist_next(struct slabstat_cache *c, struct ss_slab *s,
			      void *obj)
{
	int link = ss_obj_link(c, obj);

	if (link == SS_LINK_END)
		return NULL;
	if (link < 0 || link > s->objs)
		return ERR_PTR(-EFAULT);
	return ss_slab_obj(c, s, link - 1);
}

/* Take the marks off @s's pages: they are no longer a slab of any cache. */
static void ss_slab_unmark(struct ss_slab *s)
{
	struct page *page = virt_to_page(s->base);
	unsigned int i;

	for (i = 0; i < 1U << s->order; i++) {
		set_page_private(nth_page(page, i), 0);
		nth_page(page, i)->index = 0;
	}
}

static void ss_slab_free_pages(struct ss_slab *s)
{
	struct page *page = virt_to_page(s->base);

	ss_slab_unmark(s);
	__free_pages(page, s->order);
	kfree(s);
}

/**
 * ss_slab_take() - take up to @nr free objects from the slab layer
 * @c: the cache
 * @objs: where to store them
 * @nr: how many are wanted
 * @fallback: they go straight to a caller from an interrupt that found its
 *	CPU's part owned: count them in the shared record and the atomic
 *	totals, in this section
 * @mark: the mark of the magazine they go to (struct ss_mag::mark), which
 *	their free words then name; 0: they go straight to a caller, and
 *	their free words are cleared
 *
 * Prefers partial slabs, then free ones.  Every free pointer is validated
 * before it is followed; a bad one quarantines the slab's unreachable free
 * objects.  Any context.
 *
 * Return: how many were taken; 0 when a new slab is needed.
 */
unsigned int ss_slab_take(struct slabstat_cache *c, void **objs,
			  unsigned int nr, bool fallback, unsigned long mark)
{
	struct ss_slabs *sl = &c->slabs;
	unsigned int got = 0, lost = 0;
	unsigned long flags;
	void *bad = NULL;

	spin_lock_irqsave(&sl->lock, flags);
	while (got < nr) {
		struct ss_slab *s;

		s = list_first_entry_or_null(&sl->partial, struct ss_slab, list);
		if (!s) {
			s = list_first_entry_or_null(&sl->free, struct ss_slab,
						     list);
			if (!s)
				break;
			list_move(&s->list, &sl->partial);
			sl->nr_free--;
			sl->min_free = min(sl->min_free, sl->nr_free);
		}
		while (got < nr && s->freelist) {
			void *obj = s->freelist;
			void *next = ss_freelist_next(c, s, obj);

			if (IS_ERR(next)) {
				/* obj and the rest of the list are lost */
				lost = s->objs - s->inuse;
				s->inuse += lost;
				sl->inuse += lost;
				atomic_long_add(lost, &c->quarantined);
				s->freelist = NULL;
				bad = obj;
				break;
			}
			s->freelist = next;
			if (mark)
				ss_obj_set_round(c, obj, mark);
			else
				*ss_free_word(c, obj) = 0;
			objs[got++] = obj;
			s->inuse++;
			sl->inuse++;
		}
		if (!s->freelist)
			list_move(&s->list, &sl->full);
	}
	if (fallback && got) {
		ss_count_direct(c, sl->stat, SS_ALLOC, got);
		ss_stat_inc(sl->stat, SS_FALLBACK, 1);
	}
	spin_unlock_irqrestore(&sl->lock, flags);
	if (unlikely(bad))
		ss_debug_freelist_report(c, bad, lost);
	return got;
}

/*
 * May @obj go on its slab's freelist?  From a magazine (@mark set) only if
 * its free word names that magazine; from a caller (@mark 0) only if it
 * does not mark a free object already (a bulk free's pending mark aside).
 * Slab lock held: a second put of the same object finds the word the first
 * one wrote.
 */
static bool ss_slab_put_ok(struct slabstat_cache *c, void *obj,
			   unsigned long mark)
{
	unsigned long *w = ss_free_word(c, obj);
	int link;

	if (mark)
		return (*w ^ swab((unsigned long)w)) == mark;
	link = ss_obj_link(c, obj);
	return link < 0 || link == SS_LINK_PENDING;
}

/* Count what ss_slab_put() turned away, in its section; slab lock held. */
static void ss_slab_put_refused(struct slabstat_cache *c, unsigned int n,
				unsigned long mark)
{
	if (mark) {
		/* Its extra free was counted: count an allocation too. */
		atomic_long_add(n, &c->dropped[SS_DROP_DRAIN]);
		ss_count_direct(c, c->slabs.stat, SS_ALLOC, n);
	} else {
		atomic_long_add(n, &c->bad[SS_BAD_DOUBLE_FREE]);
		ss_stat_inc(c->slabs.stat, SS_REFUSED, n);
	}
}

/**
 * ss_slab_put() - give free objects back to their slabs
 * @c: the cache
 * @objs: objects of @c
 * @nr: how many
 * @fallback: they come straight from a caller in an interrupt that found
 *	its CPU's part owned: count them in the shared record and the atomic
 *	totals, in this section
 * @mark: the mark of the magazine they come from; 0: from a caller
 *
 * An object whose free word says it may not go back (ss_slab_put_ok()) is
 * left out and counted: a duplicate round is dropped, a second free of an
 * object is refused.  A slab whose every object is free moves to the free
 * list; the reclaim worker, the shrinker and slabstat_cache_shrink() give
 * such slabs back to the page allocator.  Any context.
 *
 * Return: how many went back.
 */
unsigned int ss_slab_put(struct slabstat_cache *c, void **objs,
			 unsigned int nr, bool fallback, unsigned long mark)
{
	struct ss_slabs *sl = &c->slabs;
	unsigned int i, put = 0;
	unsigned long flags;

	spin_lock_irqsave(&sl->lock, flags);
	for (i = 0; i < nr; i++) {
		struct ss_slab *s = ss_slab_of(c, objs[i]);

		if (unlikely(!ss_slab_put_ok(c, objs[i], mark)))
			continue;
		put++;
		if (!s->freelist)
			list_move(&s->list, &sl->partial);
		ss_obj_set_link(c, objs[i], ss_link_to(c, s, s->freelist));
		s->freelist = objs[i];
		s->inuse--;
		sl->inuse--;
		if (!s->inuse) {
			list_move(&s->list, &sl->free);
			sl->nr_free++;
		}
	}
	if (unlikely(put < nr))
		ss_slab_put_refused(c, nr - put, mark);
	if (fallback && put) {
		ss_count_direct(c, sl->stat, SS_FREE, put);
		ss_stat_inc(sl->stat, SS_FALLBACK, 1);
	}
	spin_unlock_irqrestore(&sl->lock, flags);
	if (unlikely(put < nr))
		pr_err_ratelimited("cache %s: %s %u object(s) already free\n",
				   c->name, mark ? "dropped" : "refused",
				   nr - put);
	return put;
}

/* Slabs moved off the free list in one section of ss_slab_release(). */
#define SS_RELEASE_BATCH	16

/**
 * ss_slab_release() - give wholly free slabs back to the page allocator
 * @c: the cache
 * @max: at most this many slabs
 * @keep_ws: keep the working set (the fewest free slabs seen since the last
 *	call); false gives back every free slab
 *
 * Works in batches of SS_RELEASE_BATCH slabs per slab-lock section and
 * yields between them.  Process context; may sleep.
 *
 * Return: the number of slabs freed.
 */
unsigned long ss_slab_release(struct slabstat_cache *c, unsigned long max,
			      bool keep_ws)
{
	struct ss_slabs *sl = &c->slabs;
	unsigned long flags, n = 0, want, freed_pages = 0;
	struct ss_slab *s, *tmp;

	might_sleep();
	spin_lock_irqsave(&sl->lock, flags);
	want = min(keep_ws ? sl->min_free : sl->nr_free, max);
	sl->min_free = sl->nr_free - want;
	spin_unlock_irqrestore(&sl->lock, flags);

	while (n < want) {
		unsigned long batch = 0, pages = 0;
		LIST_HEAD(victims);

		spin_lock_irqsave(&sl->lock, flags);
		while (batch < SS_RELEASE_BATCH && n + batch < want) {
			/* The audit's walk holds headers: it frees them later. */
			if (sl->auditing)
				break;
			s = list_first_entry_or_null(&sl->free, struct ss_slab,
						     list);
			if (!s)
				break;
			list_move(&s->list, &victims);
			pages += 1UL << s->order;
			batch++;
		}
		sl->nr_free -= batch;
		sl->nr_slabs -= batch;
		sl->nr_pages -= pages;
		sl->min_free = min(sl->min_free, sl->nr_free);
		spin_unlock_irqrestore(&sl->lock, flags);

		list_for_each_entry_safe(s, tmp, &victims, list)
			ss_slab_free_pages(s);
		if (!batch)
			break;
		ss_limit_uncharge(c, pages);
		freed_pages += pages;
		n += batch;
		cond_resched();
	}
	if (n) {
		ss_stat_add(c, SS_SLAB_FREE, n);
		trace_slab_free(c, n, freed_pages);
	}
	return n;
}

/*
 * The audit (check.c): every slab's freelist and counts, outside the stop,
 * with only this cache's slab lock held, a chunk of slabs at a time.
 */

/*
 * One list of the audit: count its slabs and their inuse into *@n and
 * *@inuse, store them in @slabs (room for @cap), and check each is on the
 * list its freelist and inuse say.  Slab lock held.
 */
static void ss_slab_audit_list(struct slabstat_cache *c, struct list_head *h,
			       struct ss_slab **slabs, unsigned long cap,
			       unsigned long *n, unsigned long *inuse,
			       unsigned long *pages, struct ss_audit *a)
{
	struct ss_slab *s;
	unsigned long k = 0;

	list_for_each_entry(s, h, list) {
		bool wrong;

		if (h == &c->slabs.full)
			wrong = s->freelist;
		else if (h == &c->slabs.free)
			wrong = !s->freelist || s->inuse;
		else
			wrong = !s->freelist || !s->inuse;
		if (wrong)
			__set_bit(SS_AUDIT_LIST, &a->breach);
		if (*n < cap)
			slabs[*n] = s;
		(*n)++;
		*inuse += s->inuse;
		*pages += 1UL << s->order;
		k++;
	}
	if (h == &c->slabs.free && k != c->slabs.nr_free)
		__set_bit(SS_AUDIT_SLABS, &a->breach);
}

/**
 * ss_slab_audit_lists() - audit @c's slab lists and collect its slabs
 * @c: the cache
 * @slabs: where to store the slabs, for ss_slab_audit()
 * @cap: room in @slabs
 * @a: the cache's audit: list breaches are set here
 *
 * One slab-lock section of O(slabs): the lists against nr_slabs, nr_free,
 * nr_pages and inuse, each slab's list against its freelist and inuse.
 * When the slabs fit in @cap, no slab is given back until ss_slab_audit()
 * has walked them (the headers stay valid).
 *
 * Return: the number of slabs; more than @cap means nothing was checked
 * and the caller must try again with more room.
 */
long ss_slab_audit_lists(struct slabstat_cache *c, struct ss_slab **slabs,
			 unsigned long cap, struct ss_audit *a)
{
	struct list_head *lists[] = {
		&c->slabs.partial, &c->slabs.full, &c->slabs.free,
	};
	unsigned long flags, n = 0, inuse = 0, pages = 0, breach = 0;
	struct ss_audit tmp = { };
	unsigned int i;

	spin_lock_irqsave(&c->slabs.lock, flags);
	for (i = 0; i < ARRAY_SIZE(lists); i++)
		ss_slab_audit_list(c, lists[i], slabs, cap, &n, &inuse, &pages,
				   &tmp);
	if (n != c->slabs.nr_slabs || pages != c->slabs.nr_pages)
		__set_bit(SS_AUDIT_SLABS, &tmp.breach);
	if (n <= cap)
		c->slabs.auditing = true;
	if (inuse != c->slabs.inuse)
		__set_bit(SS_AUDIT_INUSE, &tmp.breach);
	breach = tmp.breach;
	spin_unlock_irqrestore(&c->slabs.lock, flags);
	if (n <= cap)
		a->breach |= breach;
	return n;
}

/*
 * Walk @s's freelist, marking each object in @seen (a bitmap of the
 * slab's objects).  Return: the free objects, or -1 with a breach set.
 */
static long ss_slab_audit_one(struct slabstat_cache *c, struct ss_slab *s,
			      unsigned long *seen, struct ss_audit *a)
{
	unsigned int objs = ss_slab_objs(c, s);
	long nfree = 0;
	void *obj;

	bitmap_zero(seen, objs);
	for (obj = s->freelist; obj; obj = ss_freelist_next(c, s, obj)) {
		unsigned long idx;

		if (IS_ERR(obj)) {
			__set_bit(SS_AUDIT_FREELIST, &a->breach);
			return -1;
		}
		idx = ss_slot_index(c, (unsigned long)s->base, obj);
		if (idx >= objs || ss_slab_obj(c, s, idx) != obj) {
			__set_bit(SS_AUDIT_FREELIST, &a->breach);
			return -1;
		}
		if (__test_and_set_bit(idx, seen)) {
			__set_bit(SS_AUDIT_LOOP, &a->breach);
			return -1;
		}
		nfree++;
	}
	if (s->inuse != objs - nfree)
		__set_bit(SS_AUDIT_INUSE, &a->breach);
	return nfree;
}

/* Slabs audited per slab-lock section of ss_slab_audit(). */
#define SS_AUDIT_SLAB_CHUNK	32

/**
 * ss_slab_audit() - walk every freelist of the slabs ss_slab_audit_lists()
 *	collected
 * @c: the cache
 * @slabs: the slabs
 * @nr: how many
 * @seen: a bitmap of at least objs_per_slab bits
 * @a: the cache's audit
 *
 * SS_AUDIT_SLAB_CHUNK slabs per slab-lock section, yielding between them.
 * No slab is given back meanwhile (c->slabs.auditing, set by
 * ss_slab_audit_lists(), cleared here): the walk holds their headers.
 * Process context; may sleep.
 */
void ss_slab_audit(struct slabstat_cache *c, struct ss_slab **slabs,
		   unsigned long nr, unsigned long *seen, struct ss_audit *a)
{
	unsigned long flags, i = 0;

	while (i < nr) {
		unsigned long end = min(nr, i + SS_AUDIT_SLAB_CHUNK);

		spin_lock_irqsave(&c->slabs.lock, flags);
		for (; i < end; i++) {
			long nfree;

			nfree = ss_slab_audit_one(c, slabs[i], seen, a);
			a->slabs++;
			if (nfree > 0)
				a->free_objs += nfree;
		}
		spin_unlock_irqrestore(&c->slabs.lock, flags);
		cond_resched();
	}
	spin_lock_irqsave(&c->slabs.lock, flags);
	c->slabs.auditing = false;
	spin_unlock_irqrestore(&c->slabs.lock, flags);
}

/**
 * ss_slab_destroy() - free every slab of a dying cache that holds no object
 * @c: the cache; its CPUs and depot are already drained
 * @leaked_pages: set to the pages left to live objects
 *
 * Slabs that still hold live objects are left alone: their memory stays
 * valid for the callers that hold them.  Their pages' marks are cleared so
 * they are no longer recognised as slabstat slabs, and their headers freed.
 */
void ss_slab_destroy(struct slabstat_cache *c, unsigned long *leaked_pages)
{
	struct ss_slabs *sl = &c->slabs;
	struct ss_slab *s, *tmp;
	unsigned long pages = 0;

	ss_slab_release(c, ULONG_MAX, false);
	list_for_each_entry_safe(s, tmp, &sl->partial, list) {
		ss_slab_unmark(s);
		list_del(&s->list);
		pages += 1UL << s->order;
		kfree(s);
	}
	list_for_each_entry_safe(s, tmp, &sl->full, list) {
		ss_slab_unmark(s);
		list_del(&s->list);
		pages += 1UL << s->order;
		kfree(s);
	}
	*leaked_pages = pages;
}

/**
 * ss_slab_walk() - visit every object slot of the slabs that hold objects
 * @c: the cache
 * @fn: called for each slot of each partial or full slab, whatever the
 *	object's state; must not sleep or take a slabstat lock
 * @arg: passed to @fn
 *
 * Under the slab lock for the whole walk, so no slab goes away meanwhile
 * (interrupts stay off that long without PREEMPT_RT: for debug files of
 * debug caches, not for the hot paths).  Objects keep moving to and from
 * callers and magazines meanwhile.  Process context.
 */
void ss_slab_walk(struct slabstat_cache *c,
		  void (*fn)(struct slabstat_cache *c, void *obj, void *arg),
		  void *arg)
{
	struct list_head *lists[] = { &c->slabs.partial, &c->slabs.full };
	unsigned long flags;
	struct ss_slab *s;
	unsigned int i, idx;

	spin_lock_irqsave(&c->slabs.lock, flags);
	for (i = 0; i < ARRAY_SIZE(lists); i++)
		list_for_each_entry(s, lists[i], list)
			for (idx = 0; idx < s->objs; idx++)
				fn(c, ss_slab_obj(c, s, idx), arg);
	spin_unlock_irqrestore(&c->slabs.lock, flags);
}
