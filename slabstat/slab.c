// SPDX-License-Identifier: GPL-2.0
/*
 * The slab layer: slabs of 2^order pages cut into objects.
 *
 * A slab's header (struct ss_slab) sits at the start of its first page and
 * its objects follow at c->first_off, c->stride apart.  Slabs come from the
 * page allocator as (compound) blocks, which are naturally aligned to their
 * size, so a pointer finds the slab it would be in by masking its address.
 * Whether it is one is told by the head page's private word, which holds the
 * slab's address XORed with the cache's key (c->key, the cache's address
 * XORed with a module secret): the free path compares one word of a struct
 * page and never reads memory slabstat does not own (object.h).
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

#include <linux/err.h>
#include <linux/export.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/random.h>

#include "internal.h"
#include "object.h"

/* Mixed into every cache's key; ss_obj_to_slab() (and the tests) read it. */
unsigned long ss_page_secret __read_mostly;
#ifdef SLABSTAT_TEST
EXPORT_SYMBOL_GPL(ss_page_secret);
#endif

void ss_slab_init_secret(void)
{
	ss_page_secret = get_random_long() | 1;
}

/**
 * ss_slab_grow() - add one free slab to @c
 * @c: the cache
 * @gfp: the caller's allocation flags; may sleep only if they allow it
 *
 * Called with no slabstat lock held.  Runs the constructor on every object.
 *
 * Return: 0, or -ENOMEM.
 */
int ss_slab_grow(struct slabstat_cache *c, gfp_t gfp)
{
	struct ss_slab *s;
	struct page *page;
	unsigned long flags;
	unsigned int i;

	if (ss_should_fail_page(c->order))
		return -ENOMEM;
	gfp &= ~__GFP_ZERO;
	if (c->order)
		gfp |= __GFP_COMP;
	page = alloc_pages(gfp | __GFP_NOWARN, c->order);
	if (!page)
		return -ENOMEM;

	s = page_address(page);
	s->cache = c;
	s->inuse = 0;
	s->freelist = NULL;
	/* Build the freelist back to front so objects go out in address order. */
	for (i = c->objs_per_slab; i-- > 0;) {
		void *obj = ss_slab_obj(c, s, i);

		if (c->ctor)
			c->ctor(obj);
		if (c->flags & SS_DEBUG_FLAGS)
			ss_debug_init_obj(c, obj);
		ss_obj_set_link(c, obj, s->freelist ? i + 2 : SS_LINK_END);
		s->freelist = obj;
	}
	set_page_private(page, (unsigned long)s ^ c->key);

	spin_lock_irqsave(&c->slabs.lock, flags);
	list_add(&s->list, &c->slabs.free);
	c->slabs.nr_slabs++;
	c->slabs.nr_free++;
	spin_unlock_irqrestore(&c->slabs.lock, flags);

	ss_stat_add(c, SS_SLAB_GROW, 1);
	return 0;
}

/* The link that names @next, a free object of @s or NULL. */
static unsigned int ss_link_to(struct slabstat_cache *c, struct ss_slab *s,
			       void *next)
{
	return next ? ss_slot_index(c, (unsigned long)s, next) + 1 :
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
	if (link < 0 || link > c->objs_per_slab)
		return ERR_PTR(-EFAULT);
	return ss_slab_obj(c, s, link - 1);
}

static void ss_slab_free_pages(struct slabstat_cache *c, struct ss_slab *s)
{
	struct page *page = virt_to_page(s);

	set_page_private(page, 0);
	__free_pages(page, c->order);
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
				lost = c->objs_per_slab - s->inuse;
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
	unsigned long flags, n = 0, want;
	struct ss_slab *s, *tmp;

	might_sleep();
	spin_lock_irqsave(&sl->lock, flags);
	want = min(keep_ws ? sl->min_free : sl->nr_free, max);
	sl->min_free = sl->nr_free - want;
	spin_unlock_irqrestore(&sl->lock, flags);

	while (n < want) {
		unsigned long batch = 0;
		LIST_HEAD(victims);

		spin_lock_irqsave(&sl->lock, flags);
		while (batch < SS_RELEASE_BATCH && n + batch < want) {
			s = list_first_entry_or_null(&sl->free, struct ss_slab,
						     list);
			if (!s)
				break;
			list_move(&s->list, &victims);
			batch++;
		}
		sl->nr_free -= batch;
		sl->nr_slabs -= batch;
		sl->min_free = min(sl->min_free, sl->nr_free);
		spin_unlock_irqrestore(&sl->lock, flags);

		list_for_each_entry_safe(s, tmp, &victims, list)
			ss_slab_free_pages(c, s);
		if (!batch)
			break;
		n += batch;
		cond_resched();
	}
	if (n)
		ss_stat_add(c, SS_SLAB_FREE, n);
	return n;
}

/**
 * ss_slab_recount() - count objects in use by walking every freelist
 * @c: the cache
 * @nr_slabs: set to the number of slabs walked
 *
 * Only for the quiesced check: no lock is taken, nothing may run.  A free
 * pointer to no object of the slab, or a list longer than the slab (both
 * corruption), stops the walk there.
 *
 * Return: the objects of @c that are not free on a slab.
 */
unsigned long ss_slab_recount(struct slabstat_cache *c,
			      unsigned long *nr_slabs)
{
	struct list_head *lists[] = {
		&c->slabs.partial, &c->slabs.full, &c->slabs.free,
	};
	unsigned long inuse = 0, slabs = 0;
	struct ss_slab *s;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(lists); i++) {
		list_for_each_entry(s, lists[i], list) {
			unsigned int nfree = 0;
			void *obj;

			for (obj = s->freelist;
			     !IS_ERR_OR_NULL(obj) && nfree < c->objs_per_slab;
			     obj = ss_freelist_next(c, s, obj))
				nfree++;
			inuse += c->objs_per_slab - nfree;
			slabs++;
		}
	}
	*nr_slabs = slabs;
	return inuse;
}

/**
 * ss_slab_destroy() - free every slab of a dying cache that holds no object
 * @c: the cache; its CPUs and depot are already drained
 * @leaked_pages: set to the pages left to live objects
 *
 * Slabs that still hold live objects are left alone: their memory stays
 * valid for the callers that hold them.  Their page private words are
 * cleared so the pages are no longer recognised as slabstat slabs.
 */
void ss_slab_destroy(struct slabstat_cache *c, unsigned long *leaked_pages)
{
	struct ss_slabs *sl = &c->slabs;
	struct ss_slab *s, *tmp;
	unsigned long pages = 0;

	ss_slab_release(c, ULONG_MAX, false);
	list_for_each_entry_safe(s, tmp, &sl->partial, list) {
		set_page_private(virt_to_page(s), 0);
		pages += 1UL << c->order;
	}
	list_for_each_entry_safe(s, tmp, &sl->full, list) {
		set_page_private(virt_to_page(s), 0);
		pages += 1UL << c->order;
	}
	*leaked_pages = pages;
}
