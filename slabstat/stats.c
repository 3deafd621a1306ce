// SPDX-License-Identifier: GPL-2.0
/*
 * The two accountings.
 *
 * Consistent statistics: each CPU's record (struct ss_pcpu::stat) is written
 * only by that CPU inside its CPU lock, one u64 per item published with one
 * store, so a reader on any CPU gets every item whole without stopping or
 * waiting for anyone (a torn record is impossible because no two items have
 * to move together: bytes and magazine hits are derived when read).  An
 * interrupt that finds its CPU's part owned counts in the cache's shared
 * record (struct ss_slabs::stat) under the slab lock.  Summing the records
 * is cheap but is not one instant of the whole machine: the quiesced check
 * (check.c) is what gives that.
 *
 * Atomic totals: cache and module-wide atomic64_t, fed from the records
 * themselves, never once per object on the fast path.  Each record keeps
 * the part of its SS_ALLOC and SS_FREE already added to the totals (struct
 * ss_folded); a fold (ss_stat_fold()) adds what was counted since and
 * moves the mark up.  Its owner folds it off the fast path: when one of
 * the CPU's magazines moves (to or from the depot, filled from or drained
 * to the slabs), for objects that bypass the magazines (ss_count_direct()),
 * when a dead CPU's part is drained or a cache's figures are retired, and
 * the quiesced check folds every record before it compares.  Between two
 * folds a CPU's objects only move between callers and its two magazines,
 * so the totals' live figure lags the statistics' by at most the rounds
 * two magazines hold, per CPU.
 */
#include <linux/export.h>
#include <linux/minmax.h>
#include <linux/string.h>

#include "cpu.h"
#include "internal.h"

const char * const ss_stat_names[SS_NR_STATS] = {
	[SS_ALLOC] = "alloc",
	[SS_FREE] = "free",
	[SS_MAG_MISS] = "mag_miss",
	[SS_DEPOT_GET] = "depot_get",
	[SS_DEPOT_PUT] = "depot_put",
	[SS_SLAB_FILL] = "slab_fill",
	[SS_SLAB_DRAIN] = "slab_drain",
	[SS_SLAB_DIRECT] = "slab_direct",
	[SS_SLAB_GROW] = "slab_grow",
	[SS_SLAB_FREE] = "slab_free",
	[SS_MAG_NEW] = "mag_new",
	[SS_MAG_FAIL] = "mag_fail",
	[SS_ALLOC_FAIL] = "alloc_fail",
	[SS_REAP] = "reap",
	[SS_REFUSED] = "refused",
	[SS_FALLBACK] = "fallback",
	[SS_LIMIT_FAIL] = "limit_fail",
	[SS_LIMIT_OVERRUN] = "overrun",
	[SS_LIMIT_RECLAIM] = "limit_reclaim",
};

const char * const ss_bad_names[SS_NR_BAD] = {
	[SS_BAD_FOREIGN] = "foreign pointer",
	[SS_BAD_WRONG_CACHE] = "object of another cache",
	[SS_BAD_INTERIOR] = "pointer inside an object",
	[SS_BAD_DOUBLE_FREE] = "double free",
};

const char * const ss_drop_names[SS_NR_DROP] = {
	[SS_DROP_HANDOUT] = "at hand-out",
	[SS_DROP_DRAIN] = "at drain",
};

/**
 * ss_stat_own() - take a statistics record to count in
 * @c: the cache
 * @o: filled in; give it back with ss_stat_release()
 *
 * This CPU's record, or in an interrupt that found it owned, the shared
 * one.  Any context.
 */
void ss_stat_own(struct slabstat_cache *c, struct ss_stat_owner *o)
	__acquires(&c->slabs.lock)
{
	if (likely(ss_cpu_trylock(c, &o->pc))) {
		o->stat = o->pc->stat;
		__acquire(&c->slabs.lock);	/* for sparse: one context */
		return;
	}
	o->pc = NULL;
	spin_lock_irqsave(&c->slabs.lock, o->flags);
	o->stat = c->slabs.stat;
}

/**
 * ss_stat_release() - give back what ss_stat_own() took
 * @c: the cache
 * @o: the owner it filled in
 */
void ss_stat_release(struct slabstat_cache *c, struct ss_stat_owner *o)
	__releases(&c->slabs.lock)
{
	if (likely(o->pc)) {
		ss_cpu_unlock(c, o->pc);
		__release(&c->slabs.lock);	/* for sparse: one context */
	} else {
		spin_unlock_irqrestore(&c->slabs.lock, o->flags);
	}
}

/**
 * ss_stat_add() - count an event
 * @c: the cache
 * @item: the statistic
 * @n: how much to add
 *
 * For callers that do not own a record.  Any context.
 */
void ss_stat_add(struct slabstat_cache *c, enum ss_stat_item item, u64 n)
{
	struct ss_stat_owner o;

	ss_stat_own(c, &o);
	ss_stat_inc(o.stat, item, n);
	ss_stat_release(c, &o);
}

/**
 * ss_totals_add() - add objects to the atomic totals
 * @c: the cache
 * @nalloc: objects handed to callers
 * @nfree: objects taken back from callers
 *
 * Only a fold calls it (ss_stat_fold(), and the check's inline one), in the
 * section of the record it folds.
 */
void ss_totals_add(struct slabstat_cache *c, unsigned long nalloc,
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

/* The folded mark of @stat: the cache's shared record's or a CPU part's. */
static struct ss_folded *ss_stat_folded(struct slabstat_cache *c,
					local64_t *stat)
{
	if (stat == c->slabs.stat)
		return &c->slabs.folded;
	return &container_of(stat, struct ss_pcpu, stat[0])->folded;
}

/**
 * ss_stat_fold() - bring the atomic totals up to one statistics record
 * @c: the cache
 * @stat: the record (a CPU part's or the shared one), which the caller
 *	owns: its CPU lock, the remote lock of a dead CPU or a dying cache,
 *	the slab lock for the shared one, or the machine stopped (the check)
 *
 * Adds the allocations and frees counted in @stat since its last fold to
 * the atomic totals and marks them folded.  Off the fast path only.
 */
void ss_stat_fold(struct slabstat_cache *c, local64_t *stat)
{
	struct ss_folded *f = ss_stat_folded(c, stat);
	u64 allocs = local64_read(&stat[SS_ALLOC]);
	u64 frees = local64_read(&stat[SS_FREE]);

	ss_totals_add(c, allocs - f->alloc, frees - f->free);
	f->alloc = allocs;
	f->free = frees;
}

/**
 * ss_count_direct() - count objects that bypassed the magazines
 * @c: the cache
 * @stat: a record the caller owns (ss_stat_owner, its CPU's part, or the
 *	shared record under the slab lock)
 * @item: SS_ALLOC (handed to a caller) or SS_FREE (taken back)
 * @n: how many
 *
 * Both accountings at once, in the caller's section: the record (as misses
 * and direct slab traffic), then the atomic totals by folding the record,
 * so the objects are added to the totals once, here, and no magazine move
 * is waited for.
 */
void ss_count_direct(struct slabstat_cache *c, local64_t *stat,
		     enum ss_stat_item item, unsigned int n)
{
	ss_stat_inc(stat, item, n);
	ss_stat_inc(stat, SS_MAG_MISS, n);
	ss_stat_inc(stat, SS_SLAB_DIRECT, n);
	ss_stat_fold(c, stat);
}

/**
 * ss_stat_sum() - add up every record of a cache
 * @c: the cache
 * @stat: SS_NR_STATS counters, overwritten with the sums
 *
 * Every possible CPU's record and the shared one.  The frees are read
 * first, then a read barrier, so every allocation of an object whose free
 * is counted is counted too: allocs - frees is never negative, even while
 * objects move between CPUs.  Any context; never waits.
 */
void ss_stat_sum(struct slabstat_cache *c, u64 *stat)
{
	unsigned int cpu, i;

	memset(stat, 0, SS_NR_STATS * sizeof(*stat));
	for_each_possible_cpu(cpu)
		stat[SS_FREE] +=
			local64_read(&per_cpu_ptr(c->cpu, cpu)->stat[SS_FREE]);
	stat[SS_FREE] += local64_read(&c->slabs.stat[SS_FREE]);
	/* Pairs with ss_stat_inc(): the allocs read below are as new. */
	smp_rmb();
	for_each_possible_cpu(cpu) {
		struct ss_pcpu *pc = per_cpu_ptr(c->cpu, cpu);

		for (i = 0; i < SS_NR_STATS; i++)
			if (i != SS_FREE)
				stat[i] += local64_read(&pc->stat[i]);
	}
	for (i = 0; i < SS_NR_STATS; i++)
		if (i != SS_FREE)
			stat[i] += local64_read(&c->slabs.stat[i]);
}

/**
 * slabstat_cache_stats() - read one cache's statistics without stopping
 *	the machine
 * @cache: the cache
 * @stats: filled with the sums over all CPUs
 *
 * Every figure is read whole and @live is never negative, but CPUs that
 * keep allocating move on while the records are summed: the sums are not
 * one instant of the whole machine.  Any context; never waits.
 */
void slabstat_cache_stats(struct slabstat_cache *cache,
			  struct slabstat_stats *stats)
{
	u64 s[SS_NR_STATS];

	ss_stat_sum(cache, s);
	stats->allocs = s[SS_ALLOC];
	stats->frees = s[SS_FREE];
	stats->alloc_bytes = s[SS_ALLOC] * cache->size;
	stats->free_bytes = s[SS_FREE] * cache->size;
	stats->live = s[SS_ALLOC] - s[SS_FREE];
	/* A miss read after its operation's count may be newer than it. */
	stats->mag_hits = s[SS_ALLOC] + s[SS_FREE] -
			  min(s[SS_MAG_MISS], s[SS_ALLOC] + s[SS_FREE]);
	stats->mag_misses = s[SS_MAG_MISS];
	stats->depot_gets = s[SS_DEPOT_GET];
	stats->depot_puts = s[SS_DEPOT_PUT];
	stats->slab_grows = s[SS_SLAB_GROW];
	stats->slab_frees = s[SS_SLAB_FREE];
	stats->refused_frees = s[SS_REFUSED];
}
EXPORT_SYMBOL_GPL(slabstat_cache_stats);
