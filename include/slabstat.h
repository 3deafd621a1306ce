/* SPDX-License-Identifier: GPL-2.0 */
/*
 * slabstat: a slab allocator with per-CPU magazines and self-checking
 * statistics.  Public interface for other kernel modules.
 *
 * See Documentation/design.rst for the theory and Documentation/debugfs.rst
 * for the report.
 *
 * Contexts: slabstat_alloc(), slabstat_free() and their bulk forms work in
 * process, softirq and hard interrupt context (GFP_ATOMIC) on a stock
 * kernel.  On PREEMPT_RT, as with the kernel's own allocators, not from
 * hard interrupt context (threaded handlers, soft hrtimers, timers and
 * softirqs are fine) and not with preemption or interrupts disabled.
 * Cache creation, destruction, shrinking and setting a memory limit may
 * sleep; they take no CPU hotplug lock, so they may be called under
 * cpus_read_lock() or from a CPU hotplug callback.
 */
#ifndef _SLABSTAT_H
#define _SLABSTAT_H

#include <linux/types.h>
#include <linux/gfp.h>

struct slabstat_cache;

/* Flag values are ABI: other modules are built against them. */
#define SLABSTAT_HWCACHE_ALIGN	0x1u	/* align objects to cache lines */
#define SLABSTAT_POISON		0x2u	/* debug: poison free objects, verify on alloc */
#define SLABSTAT_REDZONE	0x4u	/* debug: guard bytes around each object */
/* debug: record each object's allocating and freeing call site */
#define SLABSTAT_TRACK_CALLER	0x8u

#define SLABSTAT_FLAGS_ALL	(SLABSTAT_HWCACHE_ALIGN | SLABSTAT_POISON | \
				 SLABSTAT_REDZONE | SLABSTAT_TRACK_CALLER)

/* Largest object size slabstat_cache_create() accepts, in bytes. */
#define SLABSTAT_MAX_OBJ_SIZE	8192u
/*
 * Longest cache name, not counting the terminating NUL.  A name is 1 to
 * SLABSTAT_NAME_MAX printable ASCII characters other than space ('!' to
 * '~'), the first not '#'; slabstat_cache_create() refuses anything else
 * with -EINVAL.
 */
#define SLABSTAT_NAME_MAX	31u

/**
 * struct slabstat_stats - one cache's statistics, summed over all CPUs
 * @allocs: objects handed to callers
 * @frees: objects returned by callers
 * @alloc_bytes: bytes handed to callers (@allocs times the object size)
 * @free_bytes: bytes returned by callers
 * @live: @allocs - @frees, objects the callers hold now
 * @mag_hits: allocations and frees served by a per-CPU magazine
 * @mag_misses: allocations and frees that had to leave the per-CPU layer
 * @depot_gets: magazines taken from the depot
 * @depot_puts: magazines given to the depot
 * @slab_grows: slabs taken from the page allocator
 * @slab_frees: slabs given back to the page allocator
 * @refused_frees: bad pointers handed to slabstat_free() and refused
 *
 * Every CPU's part is read consistently (never torn); the sum is not an
 * atomic snapshot of the whole machine while other CPUs keep working.
 */
struct slabstat_stats {
	u64 allocs;
	u64 frees;
	u64 alloc_bytes;
	u64 free_bytes;
	u64 live;
	u64 mag_hits;
	u64 mag_misses;
	u64 depot_gets;
	u64 depot_puts;
	u64 slab_grows;
	u64 slab_frees;
	u64 refused_frees;
};

struct slabstat_cache *slabstat_cache_create(const char *name, unsigned int size,
					     unsigned int align, unsigned int flags,
					     void (*ctor)(void *obj));
void slabstat_cache_destroy(struct slabstat_cache *cache);
void *slabstat_alloc(struct slabstat_cache *cache, gfp_t gfp);
void slabstat_free(struct slabstat_cache *cache, void *obj);
size_t slabstat_alloc_bulk(struct slabstat_cache *cache, gfp_t gfp, size_t nr,
			   void **objs);
void slabstat_free_bulk(struct slabstat_cache *cache, size_t nr, void **objs);
void slabstat_cache_shrink(struct slabstat_cache *cache);
void slabstat_cache_stats(struct slabstat_cache *cache,
			  struct slabstat_stats *stats);
int slabstat_cache_set_limit(struct slabstat_cache *cache, u64 bytes);

#endif /* _SLABSTAT_H */
