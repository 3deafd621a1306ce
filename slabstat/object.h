/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Objects and their slabs: finding a pointer's slab, telling an object's
 * start from an interior pointer, and reading and writing free words.
 * Inline, because slabstat_free() runs all of it for every object; see
 * slab.c for the theory (page private cookie, encoded free words).
 */
#ifndef _SLABSTAT_OBJECT_H
#define _SLABSTAT_OBJECT_H

#include <linux/mm.h>
#include <linux/reciprocal_div.h>
#include <linux/swab.h>

#include "internal.h"

extern unsigned long ss_page_secret;

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
static inline void ss_obj_mark_free(struct slabstat_cache *c, void *obj,
				    void *next)
{
	*ss_free_word(c, obj) = ss_encode(c, obj, next);
}

static inline void *ss_obj_next(struct slabstat_cache *c, void *obj)
{
	return (void *)ss_encode(c, obj, (void *)*ss_free_word(c, obj));
}

/* Is @p the start of an object slot of slab @s? */
static inline bool ss_slab_has_obj(struct slabstat_cache *c,
				   struct ss_slab *s, const void *p)
{
	unsigned long off = (unsigned long)p - (unsigned long)s;
	u32 idx;

	if (off < c->first_off)
		return false;
	off -= c->first_off;
	if (off >= (unsigned long)c->objs_per_slab * c->stride)
		return false;
	if (c->stride_pow2)
		return !(off & (c->stride - 1));
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
static inline bool ss_obj_is_free(struct slabstat_cache *c, struct ss_slab *slab,
				  void *obj)
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
static inline struct ss_slab *ss_obj_to_slab(const void *obj)
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

/**
 * ss_obj_check() - may @obj be freed to @c?
 * @c: the cache
 * @obj: the pointer a caller hands back
 *
 * Return: SS_NR_BAD when @obj is a live object of @c, else the fault.
 */
static inline enum ss_bad_kind ss_obj_check(struct slabstat_cache *c,
					    void *obj)
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

#endif /* _SLABSTAT_OBJECT_H */
