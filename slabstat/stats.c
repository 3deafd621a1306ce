// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU consistent statistics.
 *
 * Each CPU's record (struct ss_pcpu::stat) is written only by that CPU,
 * under its local lock, inside a seqcount write section; so a reader on any
 * CPU gets each CPU's record whole (never one field before an update and
 * its twin after it) without stopping anyone, as the Go runtime's
 * consistentHeapStats does with its per-P generation counts.  Summing the
 * records is cheap but is not one instant of the whole machine: the
 * quiesced check (check.c) is what gives that.
 */
#include <linux/export.h>
#include <linux/string.h>

#include "internal.h"

const char * const ss_stat_names[SS_NR_STATS] = {
	[SS_ALLOC] = "alloc",
	[SS_FREE] = "free",
	[SS_ALLOC_BYTES] = "alloc_bytes",
	[SS_FREE_BYTES] = "free_bytes",
	[SS_MAG_HIT] = "mag_hit",
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
};

const char * const ss_bad_names[SS_NR_BAD] = {
	[SS_BAD_FOREIGN] = "foreign pointer",
	[SS_BAD_WRONG_CACHE] = "object of another cache",
	[SS_BAD_INTERIOR] = "pointer inside an object",
	[SS_BAD_DOUBLE_FREE] = "double free",
};

/**
 * ss_stat_add() - count an event on this CPU
 * @c: the cache
 * @item: the statistic
 * @n: how much to add
 *
 * For callers that do not hold the local lock; any context.
 */
void ss_stat_add(struct slabstat_cache *c, enum ss_stat_item item, u64 n)
{
	unsigned long flags;

	local_lock_irqsave(&c->cpu->lock, flags);
	ss_stat_add_locked(this_cpu_ptr(c->cpu), item, n);
	local_unlock_irqrestore(&c->cpu->lock, flags);
}

/**
 * ss_stat_read_cpu() - copy one CPU's record, untorn
 * @pc: the CPU's part of a cache
 * @stat: SS_NR_STATS counters to fill
 */
void ss_stat_read_cpu(struct ss_pcpu *pc, u64 *stat)
{
	unsigned int seq;

	do {
		seq = read_seqcount_begin(&pc->seq);
		memcpy(stat, pc->stat, sizeof(pc->stat));
	} while (read_seqcount_retry(&pc->seq, seq));
}

/**
 * ss_stat_sum() - add up every possible CPU's record of a cache
 * @c: the cache
 * @stat: SS_NR_STATS counters, overwritten with the sums
 */
void ss_stat_sum(struct slabstat_cache *c, u64 *stat)
{
	u64 one[SS_NR_STATS];
	unsigned int cpu, i;

	memset(stat, 0, sizeof(one));
	for_each_possible_cpu(cpu) {
		ss_stat_read_cpu(per_cpu_ptr(c->cpu, cpu), one);
		for (i = 0; i < SS_NR_STATS; i++)
			stat[i] += one[i];
	}
}

/**
 * slabstat_cache_stats() - read one cache's statistics without stopping
 *	the machine
 * @cache: the cache
 * @stats: filled with the sums over all CPUs
 *
 * Each CPU's record is read consistently (two fields it updates together are
 * never seen half-updated), but CPUs that keep allocating move on while the
 * records are summed.  Any context; does not sleep.
 */
void slabstat_cache_stats(struct slabstat_cache *cache,
			  struct slabstat_stats *stats)
{
	u64 s[SS_NR_STATS];

	ss_stat_sum(cache, s);
	stats->allocs = s[SS_ALLOC];
	stats->frees = s[SS_FREE];
	stats->alloc_bytes = s[SS_ALLOC_BYTES];
	stats->free_bytes = s[SS_FREE_BYTES];
	stats->live = s[SS_ALLOC] - s[SS_FREE];
	stats->mag_hits = s[SS_MAG_HIT];
	stats->mag_misses = s[SS_MAG_MISS];
	stats->depot_gets = s[SS_DEPOT_GET];
	stats->depot_puts = s[SS_DEPOT_PUT];
	stats->slab_grows = s[SS_SLAB_GROW];
	stats->slab_frees = s[SS_SLAB_FREE];
	stats->refused_frees = s[SS_REFUSED];
}
EXPORT_SYMBOL_GPL(slabstat_cache_stats);
