// SPDX-License-Identifier: GPL-2.0
/*
 * The slab layer: slabs of 2^order pages cut into objects.
 *
 * A slab's header (struct ss_slab) sits at the start of its first page and
 * its objects follow at c->first_off, c->stride apart.  Slabs come from the
 * page allocator as (compound) blocks, which are naturally aligned to their
 * size, so an object known to be ours finds its slab by masking its address.
 * A pointer of unknown origin is first checked through its head page: the
 * head page's private word holds the slab's address encoded with a module
 * secret, so a foreign page is recognised without reading its memory.
 *
 * Every free object holds a "free word" at c->free_off: the next free object
 * on its slab's freelist (NULL at the end) or SS_IN_MAG while it is a round in
 * a magazine, stored as next ^ secret ^ swab(address of the word).  An object
 * handed to a caller has its free word cleared, so a free word that decodes
 * to a legal value marks an object that is already free.
 *
 * Locking: everything in struct ss_slabs and struct ss_slab is under
 * c->slabs.lock, taken with interrupts off (the CPU layer calls in here with
 * its local lock held).  The slab lock nests inside the local lock and is
 * never held together with the depot lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/export.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/swab.h>

#include "internal.h"

static unsigned long ss_page_secret __read_mostly;

void ss_slab_init_secret(void)
{
	ss_page_secret = get_random_long() | 1;
}

static inline void *ss_slab_obj(struct slabstat_cache *c, struct ss_slab *s,
				unsigned int idx)
{
	return (char *)s + c->first_off + idx * c->stride;
}

static inline unsigned long *ss_free_word(struct slabstat_cache *c, void *obj)
{
	return (unsigned long *)((char *)obj + c->free_off);
}

static inline unsigned long ss_encode(struct slabstat_cache *c, void *obj,
				      void *next)
{
	unsigned long addr = (unsigned long)ss_free_word(c, obj);

	return (unsigned long)next ^ c->secret ^ swab(addr);
}

/**
 * ss_obj_mark_free() - write an object's free word
 * @c: the cache
 * @obj: a free object of @c
 * @next: the next object on its slab freelist, NULL, or SS_IN_MAG
 */
void ss_obj_mark_free(struct slabstat_cache *c, void *obj, void *next)
{
	*ss_free_word(c, obj) = ss_encode(c, obj, next);
}

static inline void *ss_obj_next(struct slabstat_cache *c, void *obj)
{
	return (void *)ss_encode(c, obj, (void *)*ss_free_word(c, obj));
}

/* Is @p the start of an object slot of slab @s? */
static bool ss_slab_has_obj(struct slabstat_cache *c, struct ss_slab *s,
			    const void *p)
{
	unsigned long off = (unsigned long)p - (unsigned long)s;
	u32 idx;

	if (off < c->first_off)
		return false;
	off -= c->first_off;
	if (off >= (unsigned long)c->objs_per_slab * c->stride)
		return false;
	idx = reciprocal_divide(off, c->recip);
	return idx * c->stride == off;
}

/**
 * ss_obj_is_free() - does @obj's free word say it is free?
 * @c: the cache
 * @slab: @obj's slab
 * @obj: an object slot of @slab
 *
 * A caller's data decodes to a legal free word only by chance (about one in
 * 2^48 for a random word), so this is the cheap double-free test.
 *
 * Return: true if @obj is free (on its slab's freelist or in a magazine)
 * or quarantined: either way not a caller's to free.
 */
bool ss_obj_is_free(struct slabstat_cache *c, struct ss_slab *slab, void *obj)
{
	void *next = ss_obj_next(c, obj);

	return !next || next == SS_IN_MAG || next == SS_QUARANTINED ||
	       ss_slab_has_obj(c, slab, next);
}

/**
 * ss_obj_to_slab() - find the slabstat slab holding a pointer
 * @obj: any pointer
 *
 * Return: the slab header, or NULL when @obj is not inside a slabstat slab.
 * Reads only the struct page of @obj, never memory @obj points at, unless
 * that page is a slabstat slab.
 */
struct ss_slab *ss_obj_to_slab(const void *obj)
{
	struct page *page;
	void *base;

	if (!virt_addr_valid(obj))
		return NULL;
	page = compound_head(virt_to_page(obj));
	base = page_address(page);
	if ((page_private(page) ^ ss_page_secret) != (unsigned long)base)
		return NULL;
	return base;
}

#ifdef SLABSTAT_TEST
EXPORT_SYMBOL_GPL(ss_obj_to_slab);
#endif

/**
 * ss_obj_check() - may @obj be freed to @c?
 * @c: the cache
 * @obj: the pointer a caller hands back
 *
 * Return: SS_NR_BAD when @obj is a live object of @c, else the fault.
 */
enum ss_bad_kind ss_obj_check(struct slabstat_cache *c, void *obj)
{
	struct ss_slab *slab = ss_obj_to_slab(obj);

	if (unlikely(!slab))
		return SS_BAD_FOREIGN;
	if (unlikely(slab->cache != c))
		return SS_BAD_WRONG_CACHE;
	if (unlikely(!ss_slab_has_obj(c, slab, obj)))
		return SS_BAD_INTERIOR;
	if (unlikely(ss_obj_is_free(c, slab, obj)))
		return SS_BAD_DOUBLE_FREE;
	return SS_NR_BAD;
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
		ss_obj_mark_free(c, obj, s->freelist);
		s->freelist = obj;
	}
	set_page_private(page, (unsigned long)s ^ ss_page_secret);

	spin_lock_irqsave(&c->slabs.lock, flags);
	list_add(&s->list, &c->slabs.free);
	c->slabs.nr_slabs++;
	c->slabs.nr_free++;
	spin_unlock_irqrestore(&c->slabs.lock, flags);

	ss_stat_add(c, SS_SLAB_GROW, 1);
	return 0;
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
 *
 * Prefers partial slabs, then free ones.  The objects' free words are set
 * to SS_IN_MAG: they stay free until the caller hands them out.  Every free
 * pointer is validated before it is followed; a bad one quarantines the
 * slab's unreachable free objects.  Interrupts must be off.
 *
 * Return: how many were taken; 0 when a new slab is needed.
 */
unsigned int ss_slab_take(struct slabstat_cache *c, void **objs,
			  unsigned int nr)
{
	struct ss_slabs *sl = &c->slabs;
	unsigned int got = 0, lost = 0;
	void *bad = NULL;

	lockdep_assert_irqs_disabled();
	spin_lock(&sl->lock);
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
			void *next = ss_obj_next(c, obj);

			if (unlikely(next && !ss_slab_has_obj(c, s, next))) {
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
			ss_obj_mark_free(c, obj, SS_IN_MAG);
			objs[got++] = obj;
			s->inuse++;
			sl->inuse++;
		}
		if (!s->freelist)
			list_move(&s->list, &sl->full);
	}
	spin_unlock(&sl->lock);
	if (unlikely(bad))
		ss_debug_freelist_report(c, bad, lost);
	return got;
}

/**
 * ss_slab_put() - give free objects back to their slabs
 * @c: the cache
 * @objs: objects of @c, already marked free
 * @nr: how many
 *
 * A slab whose every object is free moves to the free list; the reclaim
 * worker, the shrinker and slabstat_cache_shrink() give such slabs back to
 * the page allocator.  Interrupts must be off.
 */
void ss_slab_put(struct slabstat_cache *c, void **objs, unsigned int nr)
{
	struct ss_slabs *sl = &c->slabs;
	unsigned int i;

	lockdep_assert_irqs_disabled();
	spin_lock(&sl->lock);
	for (i = 0; i < nr; i++) {
		struct ss_slab *s = ss_slab_of(c, objs[i]);

		if (!s->freelist)
			list_move(&s->list, &sl->partial);
		ss_obj_mark_free(c, objs[i], s->freelist);
		s->freelist = objs[i];
		s->inuse--;
		sl->inuse--;
		if (!s->inuse) {
			list_move(&s->list, &sl->free);
			sl->nr_free++;
		}
	}
	spin_unlock(&sl->lock);
}

/**
 * ss_slab_release() - give wholly free slabs back to the page allocator
 * @c: the cache
 * @max: at most this many slabs
 * @keep_ws: keep the working set (the fewest free slabs seen since the last
 *	call); false gives back every free slab
 *
 * Return: the number of slabs freed.
 */
unsigned long ss_slab_release(struct slabstat_cache *c, unsigned long max,
			      bool keep_ws)
{
	struct ss_slabs *sl = &c->slabs;
	unsigned long flags, n = 0, want;
	LIST_HEAD(victims);
	struct ss_slab *s, *tmp;

	spin_lock_irqsave(&sl->lock, flags);
	want = keep_ws ? sl->min_free : sl->nr_free;
	want = min(want, max);
	while (n < want) {
		s = list_first_entry(&sl->free, struct ss_slab, list);
		list_move(&s->list, &victims);
		n++;
	}
	sl->nr_free -= n;
	sl->nr_slabs -= n;
	sl->min_free = sl->nr_free;
	spin_unlock_irqrestore(&sl->lock, flags);

	list_for_each_entry_safe(s, tmp, &victims, list)
		ss_slab_free_pages(c, s);
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
			     obj && nfree < c->objs_per_slab &&
			     ss_slab_has_obj(c, s, obj);
			     obj = ss_obj_next(c, obj))
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
