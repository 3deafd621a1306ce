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

#include <linux/bitmap.h>
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
			/* Not ours from here on (ss_slab_audit()). */
			set_page_private(virt_to_page(s), 0);
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

/*
 * The audit (check.c): every slab's freelist and counts, outside the stop,
 * with only this cache's slab lock held, a chunk of slabs at a time.
 */

/* Is @s still a slab of @c?  Slab lock held (ss_slab_release()). */
static bool ss_slab_is_ours(struct slabstat_cache *c, struct ss_slab *s)
{
	return page_private(virt_to_page(s)) == ((unsigned long)s ^ c->key);
}

/*
 * One list of the audit: count its slabs and their inuse into *@n and
 * *@inuse, store them in @slabs (room for @cap), and check each is on the
 * list its freelist and inuse say.  Slab lock held.
 */
static void ss_slab_audit_list(struct slabstat_cache *c, struct list_head *h,
			       struct ss_slab **slabs, unsigned long cap,
			       unsigned long *n, unsigned long *inuse,
			       struct ss_audit *a)
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
 * One slab-lock section of O(slabs): the lists against nr_slabs, nr_free
 * and inuse, each slab's list against its freelist and inuse.
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
	unsigned long flags, n = 0, inuse = 0, breach = 0;
	struct ss_audit tmp = { };
	unsigned int i;

	spin_lock_irqsave(&c->slabs.lock, flags);
	for (i = 0; i < ARRAY_SIZE(lists); i++)
		ss_slab_audit_list(c, lists[i], slabs, cap, &n, &inuse, &tmp);
	if (n != c->slabs.nr_slabs)
		__set_bit(SS_AUDIT_SLABS, &tmp.breach);
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
		u32 idx;

		if (IS_ERR(obj)) {
			__set_bit(SS_AUDIT_FREELIST, &a->breach);
			return -1;
		}
		idx = ss_slot_index(c, (unsigned long)s, obj);
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
 * A slab given back meanwhile is skipped: ss_slab_release() clears a
 * slab's page private word inside the section that takes it off its list.
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

			if (!ss_slab_is_ours(c, slabs[i]))
				continue;
			nfree = ss_slab_audit_one(c, slabs[i], seen, a);
			a->slabs++;
			if (nfree > 0)
				a->free_objs += nfree;
		}
		spin_unlock_irqrestore(&c->slabs.lock, flags);
		cond_resched();
	}
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
