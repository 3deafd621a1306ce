// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/slabstat_alloc_traces: the live objects of every cache
 * that tracks call sites (SLABSTAT_TRACK_CALLER, or the module parameter
 * debug=2), grouped by the call site that allocated them, largest first,
 * as SLUB's alloc_traces: one line per cache and call site,
 *
 *   # cache objects bytes call_site
 *   probe-b 20 1280 leakprobe_keep_twenty+0x2d/0x80 [slabstat_leakprobe]
 *
 * sorted by bytes, then objects.  A call site kallsyms cannot name is
 * printed "?", never as an address.  Live caches and retired entries
 * (destroyed with objects still live) are listed.
 *
 * What a read takes: ss_mutex (no cache is created or destroyed meanwhile)
 * and, for each tracking cache in turn, its slab lock for one pass over its
 * slabs (ss_slab_walk()); an object is live when its free word is clear,
 * and its call site is read from its struct ss_track.  Callers keep
 * allocating and freeing meanwhile: an object that moves during the walk
 * may be counted as it was or as it is.  Exact when the caches are idle.
 */
#include <linux/bits.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/hash.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/sort.h>

#include "internal.h"
#include "object.h"

/* Distinct call sites counted per cache; more are summed as "(others)". */
#define SS_SITES_BITS	8
#define SS_SITES	BIT(SS_SITES_BITS)

struct ss_site {
	struct slabstat_cache *cache;
	unsigned long ip;
	unsigned long objects;
	bool others;			/* the "(others)" row */
};

/* One cache's walk: an open-addressing table of its call sites. */
struct ss_sites {
	struct ss_site *tab;		/* SS_SITES entries */
	unsigned long others;		/* objects of sites that did not fit */
};

static struct dentry *ss_track_dentry;

/* ss_slab_walk() callback: count @obj under its call site if it is live. */
static void ss_track_count(struct slabstat_cache *c, void *obj, void *arg)
{
	struct ss_sites *sites = arg;
	unsigned long ip;
	unsigned int i, n;

	if (ss_obj_link(c, obj) >= 0)	/* free, a round, or quarantined */
		return;
	ip = READ_ONCE(ss_track_of(c, obj)->alloc_ip);
	i = hash_long(ip, SS_SITES_BITS);
	for (n = 0; n < SS_SITES; n++, i = (i + 1) % SS_SITES) {
		struct ss_site *s = &sites->tab[i];

		if (!s->objects) {
			s->ip = ip;
			s->cache = c;
		}
		if (s->ip == ip) {
			s->objects++;
			return;
		}
	}
	sites->others++;
}

/* Largest first: bytes, then objects, then cache name. */
static int ss_site_cmp(const void *a, const void *b)
{
	const struct ss_site *x = a, *y = b;
	u64 bx = (u64)x->objects * x->cache->size;
	u64 by = (u64)y->objects * y->cache->size;

	if (bx != by)
		return bx < by ? 1 : -1;
	if (x->objects != y->objects)
		return x->objects < y->objects ? 1 : -1;
	return strcmp(x->cache->name, y->cache->name);
}

/*
 * Walk @c and append its rows to @rows (room for SS_SITES + 1 more).
 * Return: the rows appended.
 */
static unsigned int ss_track_cache(struct slabstat_cache *c,
				   struct ss_site *rows, struct ss_site *tab)
{
	struct ss_sites sites = { .tab = tab };
	unsigned int i, n = 0;

	memset(tab, 0, SS_SITES * sizeof(*tab));
	ss_slab_walk(c, ss_track_count, &sites);
	for (i = 0; i < SS_SITES; i++)
		if (tab[i].objects)
			rows[n++] = tab[i];
	if (sites.others)
		rows[n++] = (struct ss_site){
			.cache = c, .objects = sites.others, .others = true,
		};
	return n;
}

static int ss_track_show(struct seq_file *m, void *unused)
{
	struct list_head *lists[] = { &ss_caches, &ss_retired_caches };
	struct ss_site *rows, *tab, *r;
	unsigned int i, ncaches = 0, nrows = 0;
	struct slabstat_cache *c;
	int ret = 0;

	seq_puts(m, "# cache objects bytes call_site\n");
	if (mutex_lock_interruptible(&ss_mutex))
		return -EINTR;
	for (i = 0; i < ARRAY_SIZE(lists); i++)
		list_for_each_entry(c, lists[i], list)
			ncaches += !!(c->flags & SLABSTAT_TRACK_CALLER);
	if (!ncaches)
		goto out;
	tab = kvcalloc(SS_SITES, sizeof(*tab), GFP_KERNEL);
	rows = kvcalloc(ncaches * (SS_SITES + 1), sizeof(*rows), GFP_KERNEL);
	if (!tab || !rows) {
		ret = -ENOMEM;
		goto out_free;
	}
	for (i = 0; i < ARRAY_SIZE(lists); i++) {
		list_for_each_entry(c, lists[i], list) {
			if (!(c->flags & SLABSTAT_TRACK_CALLER))
				continue;
			nrows += ss_track_cache(c, rows + nrows, tab);
			cond_resched();
		}
	}
	sort(rows, nrows, sizeof(*rows), ss_site_cmp, NULL);
	for (r = rows; r < rows + nrows; r++) {
		unsigned long ip = ss_site_known(r->ip);

		seq_printf(m, "%s %lu %llu ", r->cache->name, r->objects,
			   (u64)r->objects * r->cache->size);
		if (r->others)
			seq_puts(m, "(others)\n");
		else if (!ip)
			seq_puts(m, "?\n");
		else
			seq_printf(m, "%pS\n", (void *)ip);
	}
out_free:
	kvfree(rows);
	kvfree(tab);
out:
	mutex_unlock(&ss_mutex);
	return ret;
}

static int ss_track_open(struct inode *inode, struct file *file)
{
	return single_open(file, ss_track_show, NULL);
}

/* As slabstat_caches (caches.c): read_iter for in-kernel readers. */
static const struct file_operations ss_track_fops = {
	.owner = THIS_MODULE,
	.open = ss_track_open,
	.read_iter = seq_read_iter,
	.llseek = seq_lseek,
	.release = single_release,
};

/**
 * ss_track_init() - create /sys/kernel/debug/slabstat_alloc_traces
 *
 * Never fails the module: without debugfs the file is not there.
 */
void ss_track_init(void)
{
	ss_track_dentry = debugfs_create_file_unsafe("slabstat_alloc_traces",
						     0400, NULL, NULL,
						     &ss_track_fops);
}

/**
 * ss_track_exit() - remove the file, if ss_track_init() made it
 */
void ss_track_exit(void)
{
	debugfs_remove(ss_track_dentry);
	ss_track_dentry = NULL;
}
