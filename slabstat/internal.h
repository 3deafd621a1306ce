/* SPDX-License-Identifier: GPL-2.0 */
/*
 * slabstat internals shared by the module's files and, in test builds, by the
 * KUnit suites.  The theory (layers, object states, invariants, lock order)
 * is written at the top of cache.c and in Documentation/design.rst.
 */
#ifndef _SLABSTAT_INTERNAL_H
#define _SLABSTAT_INTERNAL_H

#include <linux/atomic.h>
#include <linux/cache.h>
#include <linux/list.h>
#include <asm/local64.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/spinlock.h>
/* After spinlock.h: on PREEMPT_RT a local lock is a spinlock_t. */
#include <linux/local_lock.h>
#include <linux/types.h>

#include <slabstat.h>

struct ss_audit;

/*
 * Per-CPU consistent statistics.  Each item is one u64 in the owning CPU's
 * record, written only by that CPU inside its CPU lock (struct ss_cpu_lock)
 * with WRITE_ONCE(), so a reader on any CPU reads every item whole without
 * stopping or waiting for anyone.  Figures that would have to move together
 * are derived instead of stored: bytes are objects times the object size,
 * magazine hits are allocations plus frees minus misses.  What an interrupt
 * does while its CPU's part is owned is counted in the cache's shared record
 * (struct ss_slabs::stat) instead.  ss_stat_names[] in stats.c names them in
 * this order.
 */
enum ss_stat_item {
	SS_ALLOC,		/* objects handed to callers */
	SS_FREE,		/* objects returned by callers */
	SS_MAG_MISS,		/* of those, not served by the loaded magazine */
	SS_DEPOT_GET,		/* magazines taken from the depot */
	SS_DEPOT_PUT,		/* magazines given to the depot */
	SS_SLAB_FILL,		/* objects moved from slabs to the CPU layer */
	SS_SLAB_DRAIN,		/* objects moved from magazines back to slabs */
	SS_SLAB_DIRECT,		/* alloc/free that bypassed magazines */
	SS_SLAB_GROW,		/* slabs taken from the page allocator */
	SS_SLAB_FREE,		/* slabs given back to the page allocator */
	SS_MAG_NEW,		/* magazines allocated */
	SS_MAG_FAIL,		/* magazine allocations that failed */
	SS_ALLOC_FAIL,		/* slabstat_alloc() calls that returned NULL */
	SS_REAP,		/* magazines and slabs given back by reclaim */
	SS_REFUSED,		/* bad pointers refused by slabstat_free() */
	SS_FALLBACK,		/* interrupt found its CPU's part owned */
	SS_LIMIT_FAIL,		/* slab grows a memory limit refused */
	SS_LIMIT_OVERRUN,	/* __GFP_NOFAIL grows let past a limit */
	SS_LIMIT_RECLAIM,	/* slabs given back to make room under a limit */
	SS_NR_STATS
};

extern const char * const ss_stat_names[SS_NR_STATS];

/* Kinds of bad pointers slabstat_free() refuses; ss_bad_names[] names them. */
enum ss_bad_kind {
	SS_BAD_FOREIGN,		/* not inside any slabstat slab */
	SS_BAD_WRONG_CACHE,	/* an object of another slabstat cache */
	SS_BAD_INTERIOR,	/* inside a slab but not at an object's start */
	SS_BAD_DOUBLE_FREE,	/* the object is already free */
	SS_NR_BAD
};

extern const char * const ss_bad_names[SS_NR_BAD];

/* Kinds of corruption debug caches detect; ss_dbg_names[] names them. */
enum ss_dbg_kind {
	SS_DBG_POISON,		/* a free object was written */
	SS_DBG_REDZONE_LEFT,	/* the guard bytes before an object */
	SS_DBG_REDZONE_RIGHT,	/* the guard bytes after an object */
	SS_DBG_FREELIST,	/* a free word that decodes to no object */
	SS_NR_DBG
};

extern const char * const ss_dbg_names[SS_NR_DBG];

/*
 * Rounds dropped because their free word did not name the magazine they
 * were in: a duplicate a double free put there (the cheap test missed it,
 * or two frees raced).  Each is counted as an allocation that reached no
 * caller, which balances the extra free.  ss_drop_names[] names them.
 */
enum ss_drop_kind {
	SS_DROP_HANDOUT,	/* found when popped for a caller */
	SS_DROP_DRAIN,		/* found when a magazine was emptied to slabs */
	SS_NR_DROP
};

extern const char * const ss_drop_names[SS_NR_DROP];

#define SS_MAG_MAX	512	/* rounds per magazine, at most */
#define SS_RZ		16	/* red zone bytes on each side, at least */
#define SS_RZ_BYTE	0xbb	/* what a red zone holds */
#define SS_DEBUG_FLAGS	(SLABSTAT_POISON | SLABSTAT_REDZONE | \
			 SLABSTAT_TRACK_CALLER)

/*
 * Call sites of a SLABSTAT_TRACK_CALLER cache's object, after its free word
 * (c->track_off; debug.c has the slot layout): who allocated it last, and,
 * while it is free, who freed it (0 while it is live).  Written by the
 * context that hands the object out or takes it back, outside any lock;
 * read with READ_ONCE() by the call-site file (track.c) and the reports.
 */
struct ss_track {
	unsigned long alloc_ip;
	unsigned long free_ip;
};

/*
 * A magazine: a stack of object pointers ("rounds").  While it is loaded on
 * a CPU it belongs to that CPU (protected by the CPU's local lock); in the
 * depot it is on one of the depot's lists (depot lock).  It counts nothing:
 * its CPU's statistics record does, and feeds the atomic totals when the
 * magazine moves (ss_stat_fold()).
 */
struct ss_mag {
	struct list_head list;		/* depot list; depot lock */
	unsigned int rounds;		/* objects held now */
	unsigned int size;		/* capacity */
	unsigned long mark;		/* its rounds' free word; fixed */
	void *objs[];
};

/*
 * The loaded magazine of a CPU that has none: no round and no room, so each
 * hit path misses on the one test it makes anyway, with no NULL test.
 * Never written.
 */
extern struct ss_mag ss_mag_none;

/* @m, or NULL for ss_mag_none. */
static inline struct ss_mag *ss_mag_real(struct ss_mag *m)
{
	return m == &ss_mag_none ? NULL : m;
}

/*
 * The lock of one CPU's part of a cache (see cpu.h).  Without PREEMPT_RT it
 * is the owner flag of a preemption-disabled section, the semantics of the
 * kernel's local_trylock_t (6.15+): an interrupt that finds its CPU's part
 * owned does not wait, it takes the fallback.  No interrupt is disabled and
 * no atomic instruction is used.  On PREEMPT_RT it is the real local lock, a
 * per-CPU sleeping spinlock taken with migration disabled.
 */
struct ss_cpu_lock {
#ifdef CONFIG_PREEMPT_RT
	local_lock_t llock;
#else
	unsigned int owned;		/* a context of this CPU is inside */
#ifdef CONFIG_DEBUG_LOCK_ALLOC
	struct lockdep_map dep_map;
#endif
#endif
};

/*
 * What of a statistics record's SS_ALLOC and SS_FREE the atomic totals
 * already hold: the values they had at its last fold (ss_stat_fold()).
 * Read and written by the record's owner only.
 */
struct ss_folded {
	u64 alloc;
	u64 free;
};

/*
 * One CPU's part of a cache.  Everything here is under @lock.  The hit
 * paths' fields first; @folded only on the slow paths.  @loaded is never
 * NULL: a CPU without a loaded magazine has &ss_mag_none.
 */
struct ss_pcpu {
	struct ss_cpu_lock lock;
	struct ss_mag *loaded;		/* alloc pops, free pushes here */
	struct ss_mag *prev;		/* the previous loaded magazine, or NULL */
	local64_t stat[SS_NR_STATS];	/* written by the owner only */
	struct ss_folded folded;	/* of @stat, in the atomic totals */
};

/* The depot: full and empty magazines shared by all CPUs. */
struct ss_depot {
	spinlock_t lock;		/* everything below */
	struct list_head full;		/* magazines with size rounds */
	struct list_head empty;		/* magazines with 0 rounds */
	unsigned int nfull;
	unsigned int nempty;
	/* working set: the fewest magazines each list held this interval */
	unsigned int min_full;
	unsigned int min_empty;
};

/* Orders a slab may have: up to PAGE_ALLOC_COSTLY_ORDER. */
#define SS_MAX_ORDER	3

/*
 * Slab header, kept outside the slab so that objects fill its pages (a
 * power-of-two size wastes nothing); the slab's first struct page points to
 * it (page->index).  Everything below the first three fields is under the
 * cache's slab lock (struct ss_slabs::lock); those three are fixed for the
 * slab's life.
 */
struct ss_slab {
	struct slabstat_cache *cache;	/* owner */
	void *base;			/* the slab's first byte */
	unsigned short objs;		/* object slots: c->slab_objs[order] */
	unsigned char order;		/* 2^order pages */
	struct list_head list;		/* partial, full or free list */
	void *freelist;			/* first free object, or NULL */
	unsigned int inuse;		/* objects not on @freelist */
};

/* The slab layer of one cache. */
struct ss_slabs {
	spinlock_t lock;		/* this struct and every slab header */
	struct list_head partial;	/* some objects free */
	struct list_head full;		/* no object free */
	struct list_head free;		/* every object free */
	unsigned long nr_slabs;		/* on any list */
	unsigned long nr_free;		/* on the free list */
	unsigned long nr_pages;		/* pages of all slabs on any list */
	unsigned long order_fallback;	/* slabs grown below c->order */
	unsigned long nofail_bad;	/* __GFP_NOFAIL without reclaim */
	/* the audit holds pointers to slab headers: none is given back */
	bool auditing;
	unsigned long min_free;		/* fewest free slabs this interval */
	unsigned long inuse;		/* objects not free on a slab */
	/* statistics of interrupts whose CPU's part was owned (fallback) */
	local64_t stat[SS_NR_STATS];
	struct ss_folded folded;	/* of @stat, in the atomic totals */
};

/*
 * A memory limit on the slab pages of one cache or of the whole module
 * (limit.c).  @charged is the O(1) gauge a grow consults: it is raised
 * before the pages are allocated and lowered after they are freed, so it is
 * never below the pages really held.  @excess is what the quiesced check
 * allows above the limit (and its slack of one slab per cache): pages held
 * when the limit was lowered below them, and __GFP_NOFAIL overruns; it only
 * shrinks as pages go back.
 */
struct ss_limit {
	raw_spinlock_t lock;		/* writers of the three below */
	u64 bytes;			/* as set; 0: no limit */
	unsigned long pages;		/* @bytes in whole pages; READ_ONCE */
	unsigned long excess;		/* pages allowed over @pages; READ_ONCE */
	atomic_long_t charged;		/* pages held or being added */
};

struct slabstat_cache {
	/* Set at create, read-only after; the hit paths' fields first. */
	struct ss_pcpu __percpu *cpu;
	unsigned long key;		/* random: mixed into slab pages' marks */
	unsigned long secret;		/* encodes free words */
	u64 obj_inv;			/* inverse of stride's odd part mod 2^64 */
	unsigned long slots;		/* objs_per_slab, for ss_slot_of() */
	unsigned long hit_slots;	/* slots, or 0: a debug cache's */
	unsigned int size;		/* requested object size */
	unsigned int flags;
	unsigned int free_off;		/* the free word's offset from the object */
	unsigned int first_off;		/* first object's offset in a slab */
	unsigned int objs_per_slab;	/* in a slab of the preferred order */
	u16 slab_objs[SS_MAX_ORDER + 1];	/* object slots by slab order */
	u8 obj_shift;			/* stride = odd part << obj_shift */
	unsigned int zero_words;	/* words ss_zero() clears; 0: memset */
	long zero_last;			/* bytes to the last 8 of them, or < 0 */
	long zero_hit;			/* zero_last, or LONG_MIN if out_slow */
	bool out_slow;			/* hand-out needs more than zeroing */
	void (*ctor)(void *obj);
	unsigned int stride;		/* distance between objects */
	unsigned int align;
	unsigned int lrz;		/* left red zone bytes, or 0 */
	unsigned int track_off;		/* struct ss_track's offset, or 0 */
	unsigned int order;		/* preferred slab order (2^order pages) */
	unsigned int min_order;		/* the fallback: smallest that fits */
	unsigned int mag_size;		/* rounds per magazine */
	unsigned long slab_bytes;	/* of a slab of the preferred order */
	char name[SLABSTAT_NAME_MAX + 1];

	/*
	 * ss_caches, or once destroyed with live objects ss_retired_caches;
	 * ss_mutex and ss_list_lock to change, either to read.
	 */
	struct list_head list;
	/* ss_all_caches (RCU), from create to the final free; ss_list_lock */
	struct list_head all;
	/*
	 * Destroyed: a retired entry (cache.c).  Set once, at destroy, before
	 * its CPUs are drained; read anywhere, only on slow paths.
	 */
	bool dead;
	bool finishing;			/* retired, empty, to be freed; ss_mutex */

	/* Batched totals of this cache; see ss_stat_fold(). */
	atomic64_t total_alloc;
	atomic64_t total_free;
	atomic_long_t bad[SS_NR_BAD];
	atomic_long_t dbg[SS_NR_DBG];	/* corruptions found, by kind */
	unsigned long dbg_reported;	/* kinds reported in full; atomic bitops */
	atomic_long_t quarantined;	/* objects never to be used again */
	atomic_long_t dropped[SS_NR_DROP];	/* duplicate rounds, by kind */
	atomic_t mag_ids;		/* the last magazine id given */
	unsigned int last_check;	/* enum ss_check_state; after the audit */
	struct ss_limit limit;		/* slabstat_cache_set_limit() */

	struct ss_depot depot ____cacheline_aligned_in_smp;
	struct ss_slabs slabs ____cacheline_aligned_in_smp;
#ifdef SLABSTAT_TEST
	long test_cached_skew;		/* added to the counted cached */
#endif
};

/* The module-wide limit (limit_bytes) and what it has refused. */
struct ss_module_limit {
	struct ss_limit limit;
	atomic_long_t fails;		/* grows it or a cache's limit refused */
	atomic_long_t overruns;		/* __GFP_NOFAIL grows let past one */
};

/* Module-wide batched totals (the "atomic" side of the check). */
struct ss_totals {
	atomic64_t alloc_objects;
	atomic64_t free_objects;
	atomic64_t alloc_bytes;
	atomic64_t free_bytes;
};

/*
 * Final consistent statistics of destroyed caches that are gone; ss_list_lock.
 * A cache destroyed with live objects is a retired entry on
 * ss_retired_caches until its last object is freed; the check counts it
 * as a cache until then.  It leaves that list and enters this record in
 * one ss_list_lock section.
 */
struct ss_retired {
	u64 caches;
	u64 alloc_objects;
	u64 free_objects;
	u64 alloc_bytes;
	u64 free_bytes;
	u64 leaked_pages;		/* left for good to quarantined objects */
};

extern struct ss_totals ss_totals;
extern struct ss_module_limit ss_module_limit;
extern struct ss_retired ss_retired;
extern struct list_head ss_caches;
extern struct list_head ss_retired_caches;
extern struct list_head ss_all_caches;
extern spinlock_t ss_list_lock;
extern struct mutex ss_mutex;
extern unsigned int reap_interval_ms;

/* cache.c: retired entries, per-CPU flushes, the reclaim worker */
void ss_retired_kick(void);
void ss_flush_cpus(struct slabstat_cache *c);
void ss_reap_kick(void);

/* limit.c: memory limits */
void ss_limit_init(struct ss_limit *l);
int ss_limit_grow(struct slabstat_cache *c, gfp_t gfp, unsigned long pages);
void ss_limit_uncharge(struct slabstat_cache *c, unsigned long pages);
bool ss_limit_near(struct slabstat_cache *c);

/*
 * An object went back to @c outside the magazines.  If @c is a retired
 * entry, let the retired work see whether it was the last one.  Called
 * inside the section that moved the object: the work frees @c only after
 * every such section has ended.
 */
static inline void ss_retired_freed(struct slabstat_cache *c)
{
	if (unlikely(READ_ONCE(c->dead)))
		ss_retired_kick();
}

/* slab.c: the slab layer */
int ss_slab_grow(struct slabstat_cache *c, gfp_t gfp);
unsigned int ss_slab_take(struct slabstat_cache *c, void **objs,
			  unsigned int nr, bool fallback, unsigned long mark);
unsigned int ss_slab_put(struct slabstat_cache *c, void **objs,
			 unsigned int nr, bool fallback, unsigned long mark);
unsigned long ss_slab_release(struct slabstat_cache *c, unsigned long max,
			      bool keep_ws);
void ss_slab_destroy(struct slabstat_cache *c, unsigned long *leaked_pages);
void ss_slab_walk(struct slabstat_cache *c,
		  void (*fn)(struct slabstat_cache *c, void *obj, void *arg),
		  void *arg);
long ss_slab_audit_lists(struct slabstat_cache *c, struct ss_slab **slabs,
			 unsigned long cap, struct ss_audit *a);
void ss_slab_audit(struct slabstat_cache *c, struct ss_slab **slabs,
		   unsigned long nr, unsigned long *seen, struct ss_audit *a);

/* debug.c: debug caches, fault injection */
unsigned int ss_debug_flags(unsigned int flags, void (*ctor)(void *));
void ss_debug_init_obj(struct slabstat_cache *c, void *obj);
bool ss_debug_free_ok(struct slabstat_cache *c, void *obj, unsigned long ip);
bool ss_debug_alloc_ok(struct slabstat_cache *c, void *obj, unsigned long ip);
void ss_debug_track_report(struct slabstat_cache *c, void *obj,
			   unsigned long ip);
unsigned long ss_site_known(unsigned long ip);

static inline struct ss_track *ss_track_of(struct slabstat_cache *c,
					   void *obj)
{
	return (struct ss_track *)((char *)obj + c->track_off);
}

void ss_debug_freelist_report(struct slabstat_cache *c, void *obj,
			      unsigned int lost);
void ss_fault_init(void);
void ss_fault_exit(void);
#ifdef CONFIG_FAULT_INJECTION
bool ss_should_fail_page(unsigned int order, bool nofail);
bool ss_should_fail_mag(size_t size);
#else
static inline bool ss_should_fail_page(unsigned int order, bool nofail)
{
	return false;
}

static inline bool ss_should_fail_mag(size_t size)
{
	return false;
}
#endif

/* magazine.c: the per-CPU layer and the depot */
void ss_cpu_drain(struct slabstat_cache *c, struct ss_pcpu *pc);
void ss_cpu_drain_local(struct slabstat_cache *c, unsigned int cpu);
void ss_cpu_drain_remote(struct slabstat_cache *c, unsigned int cpu);
unsigned long ss_depot_reap(struct slabstat_cache *c, unsigned long max,
			    bool keep_ws);
unsigned long ss_depot_cached(struct slabstat_cache *c);
unsigned long ss_depot_drain(struct slabstat_cache *c);
void ss_mag_audit(struct slabstat_cache *c, struct ss_mag *m,
		  unsigned int want, void **buf, struct ss_audit *a);
void ss_depot_audit(struct slabstat_cache *c, void **buf, struct ss_audit *a);

/* stats.c: the per-CPU statistics */

/*
 * Count on a record the caller owns: its CPU's part under the CPU lock, or
 * the shared record under the slab lock.  One writer per record, and a
 * local64_t add is one untorn instruction on x86 (never an atomic one), so
 * readers on other CPUs need no lock.  Frees are ordered after every
 * earlier store, so a reader that reads the frees first (ss_stat_sum())
 * never sees a free without its allocation.
 */
static __always_inline void ss_stat_inc(local64_t *stat,
					enum ss_stat_item item, u64 n)
{
	if (item == SS_FREE)
		/* Pairs with the smp_rmb() after the frees in ss_stat_sum(). */
		smp_wmb();
	local64_add(n, &stat[item]);
}

/*
 * A record to count in, owned: this CPU's part (CPU lock), or, for an
 * interrupt that found that part owned, the shared record (slab lock).
 */
struct ss_stat_owner {
	local64_t *stat;
	struct ss_pcpu *pc;		/* NULL: the shared record */
	unsigned long flags;		/* the slab lock's saved flags */
};

void ss_stat_own(struct slabstat_cache *c, struct ss_stat_owner *o)
	__acquires(&c->slabs.lock);
void ss_stat_release(struct slabstat_cache *c, struct ss_stat_owner *o)
	__releases(&c->slabs.lock);
void ss_stat_add(struct slabstat_cache *c, enum ss_stat_item item, u64 n);
void ss_stat_sum(struct slabstat_cache *c, u64 *stat);
void ss_stat_fold(struct slabstat_cache *c, local64_t *stat);
void ss_totals_add(struct slabstat_cache *c, unsigned long nalloc,
		   unsigned long nfree);
void ss_count_direct(struct slabstat_cache *c, local64_t *stat,
		     enum ss_stat_item item, unsigned int n);

/* check.c: the quiesced check and the debugfs report */

/*
 * The first buffer a report of @nr caches gets: the fixed lines, then a
 * row per cache.  Caches with refused:, corrupted: or destroyed: lines
 * may need more; the report is then formatted again into a larger one.
 */
#define SS_REPORT_GUESS(nr)	(2048 + (size_t)(nr) * 128)
void ss_debugfs_init(void);
void ss_debugfs_exit(void);

/* The last quiesced check's verdict on one cache (slabstat_caches shows it). */
enum ss_check_state {
	SS_CHECK_NEVER,			/* no check since the cache was created */
	SS_CHECK_OK,
	SS_CHECK_MISMATCH,
};

/* caches.c: /sys/kernel/debug/slabstat_caches, read without stopping */
void ss_caches_init(void);
void ss_caches_exit(void);

/* track.c: /sys/kernel/debug/slabstat_alloc_traces, live objects by caller */
void ss_track_init(void);
void ss_track_exit(void);

#ifdef SLABSTAT_TEST
/* Test hooks; see check.c.  Not built into a normal module. */
enum ss_skew {
	SS_SKEW_ALLOC_OBJECTS,		/* global atomic alloc objects */
	SS_SKEW_FREE_OBJECTS,		/* global atomic free objects */
	SS_SKEW_ALLOC_BYTES,		/* global atomic alloc bytes */
	SS_SKEW_FREE_BYTES,		/* global atomic free bytes */
	SS_SKEW_CACHE_ALLOCS,		/* the cache's atomic alloc total */
	SS_SKEW_CACHE_FREES,		/* the cache's atomic free total */
	SS_SKEW_CACHED,			/* the cache's counted cached rounds */
	SS_SKEW_PAGES,			/* the slab layer's page count */
	SS_NR_SKEW
};

/* What one quiesced check found, for tests. */
struct ss_check_result {
	bool ok;
	unsigned long global_mismatch;	/* bit per ss_figure */
	unsigned long cache_mismatch;	/* bit per ss_cache_figure, @cache */
	u64 cache_allocs;
	u64 cache_frees;
	u64 cache_live;
	u64 cache_cached;
	u64 cache_inuse;
	u64 cache_quarantined;
	u64 cache_fallback;		/* interrupt fallbacks (SS_FALLBACK) */
	bool cache_dead;		/* @cache is a retired entry */
	u64 held;			/* retired entries holding objects */
	u64 held_pages;			/* the pages they hold */
	u64 leaked_pages;		/* ss_retired.leaked_pages */
	u64 cache_held;			/* bytes of @cache's slab pages */
	u64 cache_limit_fail;		/* SS_LIMIT_FAIL */
	u64 cache_overrun;		/* SS_LIMIT_OVERRUN */
	u64 cache_limit_reclaim;	/* SS_LIMIT_RECLAIM */
	u64 module_held;		/* bytes of every slab page */
};

void slabstat_test_skew(struct slabstat_cache *c, enum ss_skew what,
			long delta);
int slabstat_test_check(struct slabstat_cache *c,
			struct ss_check_result *res);
void slabstat_test_reap(void);
void slabstat_test_pause_reaper(bool pause);
void slabstat_test_section_hook(void (*hook)(struct slabstat_cache *c));
int slabstat_test_fail(bool magazine, int times);
void slabstat_test_flush_retired(void);
void slabstat_test_limit_bypass(bool bypass);

/* Probes on slabstat:alloc and slabstat:free (trace.c). */
typedef void (*ss_alloc_probe_t)(void *data, struct slabstat_cache *c,
				 const void *obj, unsigned long call_site,
				 gfp_t gfp);
typedef void (*ss_free_probe_t)(void *data, struct slabstat_cache *c,
				const void *obj, unsigned long call_site);
int slabstat_test_trace_alloc(ss_alloc_probe_t probe, void *data, bool on);
int slabstat_test_trace_free(ss_free_probe_t probe, void *data, bool on);

/* Breaches slabstat_test_plant() makes, each for one audit finding. */
enum ss_plant {
	SS_PLANT_DUPLICATE,	/* a depot round copied over one of another */
	SS_PLANT_LIVE_WORD,	/* a depot round whose free word says live */
	SS_PLANT_SHORT,		/* a full depot magazine short of a round */
	SS_PLANT_INUSE,		/* a partial slab's inuse one too many */
	SS_PLANT_LOOP,		/* a partial slab's freelist looping to its head */
	SS_NR_PLANT
};

int slabstat_test_plant(struct slabstat_cache *c, enum ss_plant what,
			bool undo);
#endif

/* Figures the check compares; ss_figure_names[] names them. */
enum ss_figure {
	SS_FIG_ALLOC_OBJECTS,
	SS_FIG_FREE_OBJECTS,
	SS_FIG_ALLOC_BYTES,
	SS_FIG_FREE_BYTES,
	SS_FIG_LIVE_OBJECTS,
	SS_FIG_HELD,			/* all slab pages within the module limit */
	SS_NR_FIG
};

/*
 * What the check can find wrong with one cache: its counts (first three,
 * compared in the stop), then what the object-level audit finds outside
 * the stop.  ss_cache_figure_names[] (check.c) names them.
 */
enum ss_cache_figure {
	SS_CFIG_ALLOCS,
	SS_CFIG_FREES,
	SS_CFIG_LIVE,
	SS_CFIG_HELD,			/* slab pages within the limit */
	SS_AUDIT_DUPLICATE,	/* one object twice in magazines */
	SS_AUDIT_STRAY,		/* a round that is no object of the cache */
	SS_AUDIT_ROUND,		/* a round whose free word does not say so */
	SS_AUDIT_MAGAZINE,	/* a depot magazine neither full nor empty */
	SS_AUDIT_DEPOT,		/* depot counts differ from its lists */
	SS_AUDIT_INUSE,		/* a slab's or the cache's inuse count */
	SS_AUDIT_SLABS,		/* slab counts differ from the lists */
	SS_AUDIT_LIST,		/* a slab on the wrong list */
	SS_AUDIT_FREELIST,	/* a free word on a freelist naming no object */
	SS_AUDIT_LOOP,		/* a freelist that visits an object twice */
	SS_NR_CFIG
};

/* What one cache's audit walked, and found (bits of enum ss_cache_figure). */
struct ss_audit {
	unsigned long breach;		/* set_bit(): CPUs audit in parallel */
	atomic_long_t rounds;		/* rounds looked at */
	unsigned long free_objs;	/* objects found free on slabs */
	unsigned long slabs;		/* slabs walked */
};

#endif /* _SLABSTAT_INTERNAL_H */
