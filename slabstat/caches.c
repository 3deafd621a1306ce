// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/slabstat_caches: one line per cache, read without
 * stopping anyone.
 *
 * The report (check.c) stops the machine on every read.  This file is the
 * cheap view for tools that poll (tools/slabstat-top): per cache, the
 * consistent statistics summed as slabstat_cache_stats() sums them (frees
 * first, so live is never negative), the slabs the cache holds, the rounds
 * in its depot's full magazines, and the verdict of the last quiesced check
 * (ok, MISMATCH, or never), which the check keeps in the cache.
 *
 * What a read takes: ss_mutex, to walk the cache list with every cache
 * alive (no destroy can run meanwhile), and nothing else.  ss_mutex is no
 * lock of the alloc and free paths (those take the CPU lock, the depot
 * lock and the slab lock); it keeps cache creation and destruction, the
 * reclaim worker and the CPU-dead callback waiting for one walk, and the
 * shrinker, which only trylocks it, skips a round.  ss_list_lock is not
 * used: on PREEMPT_RT a reader preempted while holding it would make the
 * check stop the machine again (check.c).  Every figure is read without a
 * lock: per-CPU statistics whole (stats.c), slab and depot counts with
 * READ_ONCE().  The figures of one line are therefore not one instant, and
 * two lines are not the same instant: exact only when the cache is idle.
 */
#include <linux/build_bug.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/seq_file.h>

#include "internal.h"

/* The numeric columns, in the order the file shows them. */
enum ss_caches_col {
	SS_COL_OBJSIZE,
	SS_COL_ALLOCS,
	SS_COL_FREES,
	SS_COL_LIVE,
	SS_COL_HELD_BYTES,
	SS_COL_SLABS,
	SS_COL_DEPOT_CACHED,
	SS_COL_HITS,
	SS_COL_MISSES,
	SS_NR_COLS
};

static const char * const ss_col_names[] = {
	[SS_COL_OBJSIZE] = "objsize",
	[SS_COL_ALLOCS] = "allocs",
	[SS_COL_FREES] = "frees",
	[SS_COL_LIVE] = "live",
	[SS_COL_HELD_BYTES] = "held_bytes",
	[SS_COL_SLABS] = "slabs",
	[SS_COL_DEPOT_CACHED] = "depot_cached",
	[SS_COL_HITS] = "hits",
	[SS_COL_MISSES] = "misses",
};

static_assert(ARRAY_SIZE(ss_col_names) == SS_NR_COLS);

static const char * const ss_check_names[] = {
	[SS_CHECK_NEVER] = "never",
	[SS_CHECK_OK] = "ok",
	[SS_CHECK_MISMATCH] = "MISMATCH",
};

static struct dentry *ss_caches_dentry;

/* One cache's figures, without stopping or waiting for anyone. */
static void ss_caches_row(struct slabstat_cache *c, u64 *v)
{
	struct slabstat_stats st;
	unsigned long slabs = READ_ONCE(c->slabs.nr_slabs);

	slabstat_cache_stats(c, &st);
	v[SS_COL_OBJSIZE] = c->size;
	v[SS_COL_ALLOCS] = st.allocs;
	v[SS_COL_FREES] = st.frees;
	v[SS_COL_LIVE] = st.live;
	v[SS_COL_HELD_BYTES] = (u64)READ_ONCE(c->slabs.nr_pages) << PAGE_SHIFT;
	v[SS_COL_SLABS] = slabs;
	v[SS_COL_DEPOT_CACHED] = ss_depot_cached(c);
	v[SS_COL_HITS] = st.mag_hits;
	v[SS_COL_MISSES] = st.mag_misses;
}

static int ss_caches_show(struct seq_file *m, void *unused)
{
	struct slabstat_cache *c;
	u64 v[SS_NR_COLS];
	unsigned int i, check;

	seq_puts(m, "# name");
	for (i = 0; i < SS_NR_COLS; i++)
		seq_printf(m, " %s", ss_col_names[i]);
	seq_puts(m, " check\n");

	if (mutex_lock_interruptible(&ss_mutex))
		return -EINTR;
	list_for_each_entry(c, &ss_caches, list) {
		ss_caches_row(c, v);
		check = READ_ONCE(c->last_check);
		seq_puts(m, c->name);
		for (i = 0; i < SS_NR_COLS; i++)
			seq_printf(m, " %llu", v[i]);
		seq_printf(m, " %s\n", check < ARRAY_SIZE(ss_check_names) ?
			   ss_check_names[check] : "?");
	}
	mutex_unlock(&ss_mutex);
	return 0;
}

static int ss_caches_open(struct inode *inode, struct file *file)
{
	return single_open(file, ss_caches_show, NULL);
}

/*
 * read_iter, so that in-kernel readers (the KUnit suite) can read it, as
 * the report; hence the _unsafe create, for the reason given in check.c:
 * .owner pins the module while the file is open, and the file goes away
 * only at module exit.
 */
static const struct file_operations ss_caches_fops = {
	.owner = THIS_MODULE,
	.open = ss_caches_open,
	.read_iter = seq_read_iter,
	.llseek = seq_lseek,
	.release = single_release,
};

/**
 * ss_caches_init() - create /sys/kernel/debug/slabstat_caches
 *
 * Never fails the module: without debugfs (not built in, or turned off at
 * boot) the file is simply not there.
 */
void ss_caches_init(void)
{
	ss_caches_dentry = debugfs_create_file_unsafe("slabstat_caches", 0400,
						      NULL, NULL,
						      &ss_caches_fops);
}

/**
 * ss_caches_exit() - remove the file, if ss_caches_init() made it
 */
void ss_caches_exit(void)
{
	debugfs_remove(ss_caches_dentry);
	ss_caches_dentry = NULL;
}
