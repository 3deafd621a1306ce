/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Objects and their slabs: finding a pointer's slab, telling an object's
 * start from an interior pointer, and reading and writing free words.
 * Inline, because slabstat_free() runs the cheap test for every object; see
 * slab.c for the theory (page private key, tagged free words).
 */
#ifndef _SLABSTAT_OBJECT_H
#define _SLABSTAT_OBJECT_H

#include <linux/bitops.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/rcupdate.h>
#include <linux/swab.h>
#include <linux/uaccess.h>
#ifdef CONFIG_X86_64
#include <asm/asm.h>
#include <asm/extable_fixup_types.h>
#endif

#include "internal.h"

/*
 * A free word holds (SS_FREE_TAG | link) ^ c->secret ^ swab(its address).
 * The link is the next object on the slab's freelist as its index plus one
 * (SS_LINK_END: none), SS_LINK_QUAR for a quarantined object, or, for a
 * round in a magazine, SS_LINK_ROUND plus the magazine's 15-bit id: the word
 * names the one magazine the object may leave from (ss_mag_mark()).  A live
 * object's free word is cleared, so a word whose upper 48 bits decode to the
 * tag marks a free object; a caller's data does so by chance about once in
 * 2^48.
 */
#define SS_FREE_TAG	(0x51ab57a75eedUL << 16)
#define SS_LINK_MASK	0xffffUL
#define SS_LINK_END	0x0000u		/* last on its slab's freelist */
#define SS_LINK_QUAR	0x7fffu		/* quarantined */
#define SS_LINK_PENDING	0x7ffeu		/* checked by a bulk free, not yet put */
#define SS_LINK_ROUND	0x8000u		/* a round: plus its magazine's id */
#define SS_MAG_ID_MASK	0x7fffu
/* Every index plus one must stay below SS_LINK_PENDING. */
#define SS_MAX_OBJS	0x7ff0u

/* Objects in slab @s: the one place that says so. */
static inline unsigned int ss_slab_objs(struct slabstat_cache *c,
					struct ss_slab *s)
{
	return s->objs;
}

static inline void *ss_slab_obj(struct slabstat_cache *c, struct ss_slab *s,
				unsigned int idx)
{
	return (char *)s->base + c->first_off + idx * c->stride;
}

/*
 * Every page of a slab carries a mark in its private word: the slab's slot
 * zero XORed with its cache's random key.  Slot zero is where object 0
 * would start if the slab held c->slots objects and ended where its own
 * last object ends: a slab of the preferred order starts its objects
 * there, a smaller (fallback) slab's objects are the last of those slots.
 * So an object's slot index counted from slot zero is below c->slots
 * exactly when it starts an object of that slab, whatever the slab's
 * order (ss_slot_of()), and the private word of a page that is not @c's
 * decodes to a random slot zero that no pointer in the page matches but
 * by a chance of about 2^-48.  Every page's index word points to the slab's
 * header.  Slabs need no alignment beyond a page.
 */
static inline unsigned long ss_slab_slot0(struct slabstat_cache *c,
					  struct ss_slab *s)
{
	return (unsigned long)s->base + c->first_off -
	       (c->slots - s->objs) * c->stride;
}

static inline unsigned long ss_page_mark(struct slabstat_cache *c,
					 struct ss_slab *s)
{
	return ss_slab_slot0(c, s) ^ c->key;
}

/*
 * The index of the slot @p starts, counted from slot zero @slot0, or a
 * number >= c->slots when @p is not the start of one of them (a header, an
 * interior pointer, the tail, or a page of another cache).  One multiply:
 * the stride is 2^shift times an odd number whose inverse mod 2^64 is
 * c->obj_inv, so an offset that is a multiple of the stride gives its
 * quotient, and any other offset, of any size, gives at least 2^64 / stride
 * (the rotation moves stray low bits to the top).  ss_slot_at() takes the
 * cache's two words as values, for a batch that keeps them in registers.
 */
static __always_inline unsigned long ss_slot_at(unsigned long inv,
						unsigned int shift,
						unsigned long slot0,
						const void *p)
{
	return ror64(((unsigned long)p - slot0) * inv, shift);
}

static __always_inline unsigned long ss_slot_of(struct slabstat_cache *c,
						unsigned long slot0,
						const void *p)
{
	return ss_slot_at(c->obj_inv, c->obj_shift, slot0, p);
}

/*
 * The header of the slab holding @obj, an object (or free object) of @c.
 * Only for pointers already known to be in a slab of @c.
 */
static inline struct ss_slab *ss_slab_of(struct slabstat_cache *c,
					 const void *obj)
{
	return (struct ss_slab *)virt_to_page(obj)->index;
}

/* The free word of @obj, at @free_off (c->free_off) into it. */
static __always_inline unsigned long *ss_free_word_at(void *obj,
						      unsigned int free_off)
{
	return (unsigned long *)((char *)obj + free_off);
}

static inline unsigned long *ss_free_word(struct slabstat_cache *c, void *obj)
{
	return ss_free_word_at(obj, c->free_off);
}

static __always_inline unsigned long ss_word_key(struct slabstat_cache *c,
						 unsigned long *word)
{
	return c->secret ^ swab((unsigned long)word);
}

/* Write @obj's free word: it is free, with this link. */
static inline void ss_obj_set_link(struct slabstat_cache *c, void *obj,
				   unsigned int link)
{
	unsigned long *w = ss_free_word(c, obj);

	*w = (SS_FREE_TAG | link) ^ ss_word_key(c, w);
}

/*
 * Decode the free word @w.  Return: its link, or -1 when the word does not
 * mark a free object (a live object's, or corrupted).
 */
static __always_inline int ss_word_link(struct slabstat_cache *c,
					unsigned long *w)
{
	unsigned long v = *w ^ ss_word_key(c, w);

	if ((v & ~SS_LINK_MASK) != SS_FREE_TAG)
		return -1;
	return v & SS_LINK_MASK;
}

static __always_inline int ss_obj_link(struct slabstat_cache *c, void *obj)
{
	return ss_word_link(c, ss_free_word(c, obj));
}

/*
 * The free word of a round of the magazine with id @id, before the
 * address is mixed in: what struct ss_mag::mark holds.
 */
static inline unsigned long ss_mag_mark(struct slabstat_cache *c,
					unsigned int id)
{
	return (SS_FREE_TAG | SS_LINK_ROUND | (id & SS_MAG_ID_MASK)) ^
	       c->secret;
}

/*
 * Does the free word @w say free (ss_word_link() >= 0)?  Tested against
 * @mark, any magazine mark of the cache, instead of the cache's secret:
 * every free word of a cache, whatever its link, has the upper 48 bits of
 * each of its marks.  A batch keeps one word in a register instead of two.
 */
static __always_inline bool ss_word_free_for(unsigned long mark,
					     unsigned long *w)
{
	return !((*w ^ swab((unsigned long)w) ^ mark) & ~SS_LINK_MASK);
}

/* Make the object whose free word is @w a round of the magazine @mark. */
static __always_inline void ss_word_set_round(unsigned long *w,
					      unsigned long mark)
{
	*w = mark ^ swab((unsigned long)w);
}

/* Make @obj a round of the magazine whose mark is @mark. */
static __always_inline void ss_obj_set_round(struct slabstat_cache *c,
					     void *obj, unsigned long mark)
{
	ss_word_set_round(ss_free_word(c, obj), mark);
}

/*
 * Claim a round for a caller: only if its free word names the magazine
 * whose mark is @mark is it cleared (the object is live from here on).
 * Run by the magazine's owner, so of all the places a double free may have
 * put the same object in, only the one its word names can hand it out.
 *
 * Return: true if claimed; false means it is no round of this magazine
 * (a duplicate that a double free the cheap test missed put here).
 */
static __always_inline bool ss_obj_claim(struct slabstat_cache *c, void *obj,
					 unsigned long mark)
{
	unsigned long *w = ss_free_word(c, obj);

	if (unlikely((*w ^ swab((unsigned long)w)) != mark))
		return false;
	*w = 0;
	return true;
}

/*
 * The index of the object slot @p points at in the slab that starts at
 * @base, or a number >= the slab's object count when @p is not the start of
 * one of its slots: ss_slot_of() from the slab's first object.
 */
static __always_inline unsigned long ss_slot_index(struct slabstat_cache *c,
						   unsigned long base,
						   const void *p)
{
	return ss_slot_of(c, base + c->first_off, p);
}

/*
 * pfn_valid(), always inline, for kernels without a virtually mapped
 * memory map.  The PFN comes from a direct-map offset, so its upper bits
 * are clear.
 */
static __always_inline bool ss_pfn_valid(unsigned long pfn)
{
#if defined(CONFIG_SPARSEMEM) && !defined(CONFIG_HAVE_ARCH_PFN_VALID)
	struct mem_section *ms;
	bool ok;

	if (pfn_to_section_nr(pfn) >= NR_MEM_SECTIONS)
		return false;
	ms = __pfn_to_section(pfn);
	/* As in pfn_valid(): memory hot-remove frees ->usage after sched RCU. */
	rcu_read_lock_sched_notrace();
	ok = valid_section(ms) &&
	     (early_section(ms) || pfn_section_valid(ms, pfn));
	rcu_read_unlock_sched_notrace();
	return ok;
#else
	return pfn_valid(pfn);
#endif
}

#if defined(CONFIG_X86_64) && defined(CONFIG_SPARSEMEM_VMEMMAP)
/*
 * Load the word at @p, or 0 if that faults: __get_kernel_nofault() without
 * the branch.  The exception table resumes after the load with the
 * register cleared, so no instruction is spent on the fault's possibility.
 * Only for addresses where a fault is a missing mapping (the memory map).
 */
static __always_inline unsigned long ss_load_or_zero(const unsigned long *p)
{
	unsigned long v;

	asm volatile("1:	movq %1, %0\n"
		     "2:\n"
		     _ASM_EXTABLE_TYPE_REG(1b, 2b, EX_TYPE_ZERO_REG, "%0")
		     : "=r" (v)
		     : "m" (*p));
	return v;
}
#endif

/*
 * The private word of the struct page of direct-map address @addr (page
 * aligned), for a pointer of any value.  The direct map's bounds first: the
 * address of the struct page is then inside the memory map.  With a
 * virtually mapped memory map, the word is read with one load that may
 * fault, where a hole in physical memory left the map unpopulated; the
 * exception table turns the fault into a refusal, as mm/maccess.c's
 * copy_from_kernel_nofault() does, and as dump_page() relies on for a
 * struct page it cannot trust.  This costs nothing when the load does not
 * fault, where pfn_valid() costs a walk of the section table under sched
 * RCU on every free.  Other memory models ask pfn_valid().
 *
 * Return: true and the word in @priv, or false when @addr has no struct
 * page (on x86-64 a hole in the memory map gives true and a word of 0,
 * which no cache's mark matches).
 */
static __always_inline bool ss_page_private(unsigned long addr,
					    unsigned long *priv)
{
	unsigned long off = addr - PAGE_OFFSET;
	struct page *page;

	if (unlikely(off >= (unsigned long)high_memory - PAGE_OFFSET))
		return false;
#if defined(CONFIG_X86_64) && defined(CONFIG_SPARSEMEM_VMEMMAP)
	/* @off is page aligned: one shift when struct page is 2^n bytes. */
	if (is_power_of_2(sizeof(struct page)))
		page = (void *)vmemmap +
		       (off >> (PAGE_SHIFT - ilog2(sizeof(struct page))));
	else
		page = vmemmap + (off >> PAGE_SHIFT);
	*priv = ss_load_or_zero(&page->private);
	return true;
#elif defined(CONFIG_SPARSEMEM_VMEMMAP)
	page = vmemmap + (off >> PAGE_SHIFT);
	__get_kernel_nofault(priv, &page->private, unsigned long, nopage);
	return true;
nopage:
	return false;
#else
	if (unlikely(!ss_pfn_valid(off >> PAGE_SHIFT)))
		return false;
	page = pfn_to_page(off >> PAGE_SHIFT);
	*priv = page_private(page);
	return true;
#endif
}

/*
 * The slot zero of the page of a batch's objects looked up last, so that
 * the next object in the same page needs no lookup.  Start with
 * SS_WHERE_INIT: its @page is no page's address.
 */
struct ss_where {
	unsigned long page;		/* page address looked up last */
	unsigned long slot0;		/* its mark, decoded for the cache */
};

#define SS_WHERE_INIT	{ .page = 1 }

/*
 * The slot zero that the mark of the page at @addr gives for cache @c: the
 * real one if the page is @c's, else a random number (ss_page_mark()).
 * Return: false when @addr is no direct-map page with a struct page.
 */
static __always_inline bool ss_page_slot0(struct slabstat_cache *c,
					  unsigned long addr,
					  unsigned long *slot0)
{
	unsigned long priv;

	if (unlikely(!ss_page_private(addr, &priv)))
		return false;
	*slot0 = priv ^ c->key;
	return true;
}

/*
 * The cheap test of every free: is @obj a live object of @c?  The mark of
 * the page @obj starts in, decoded with @c's key, gives a slot zero; @obj
 * must start one of the c->slots slots from there (which proves the page
 * is @c's), then its free word must not say free.  Reads only a struct
 * page until the page is known to be @c's.
 *
 * Return: true if @obj may be freed to @c; false means refuse it, and
 * ss_obj_classify() says why.  ss_obj_slot() is the test without the free
 * word: is @obj the start of an object slot of a slab of @c?
 */
static __always_inline bool ss_obj_slot(struct slabstat_cache *c, void *obj,
					struct ss_where *w)
{
	unsigned long addr = (unsigned long)obj & PAGE_MASK;

	/* A batch's objects share pages: each page is looked up once. */
	if (addr != w->page) {
		if (unlikely(!ss_page_slot0(c, addr, &w->slot0)))
			return false;
		w->page = addr;
	}
	return likely(ss_slot_of(c, w->slot0, obj) < c->slots);
}

static __always_inline bool ss_obj_ok(struct slabstat_cache *c, void *obj,
				      struct ss_where *w)
{
	if (unlikely(!ss_obj_slot(c, obj, w)))
		return false;
	return likely(ss_obj_link(c, obj) < 0);
}

/*
 * The cheap test for a single object (slabstat_free()): ss_obj_ok() with
 * no batch to share page lookups with, and against c->hit_slots, so that a
 * debug cache's object fails it too and goes the cold way.  Sets @wp to
 * @obj's free word when it returns true.
 */
static __always_inline bool ss_obj_ok_one(struct slabstat_cache *c, void *obj,
					  unsigned long **wp)
{
	unsigned long slot0;

	if (unlikely(!ss_page_slot0(c, (unsigned long)obj & PAGE_MASK,
				    &slot0)))
		return false;
	if (unlikely(ss_slot_of(c, slot0, obj) >= c->hit_slots))
		return false;
	*wp = ss_free_word(c, obj);
	return likely(ss_word_link(c, *wp) < 0);
}

struct ss_slab *ss_obj_to_slab(const void *obj,
			       struct slabstat_cache **cache);
enum ss_bad_kind ss_obj_classify(struct slabstat_cache *c, void *obj);

#endif /* _SLABSTAT_OBJECT_H */
