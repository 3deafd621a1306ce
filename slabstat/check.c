// SPDX-License-Identifier: GPL-2.0
/*
 * The quiesced check and /sys/kernel/debug/slabstat.
 *
 * Every object is counted twice: by the per-CPU consistent statistics, one
 * increment per object in the CPU's own record, and by the global atomic
 * totals, which each record's owner feeds in batches, off the fast path,
 * with what the record counted since it last did (ss_stat_fold(), when a
 * magazine moves; stats.c).  The idea is the Go runtime's: count the same
 * allocations twice, and with the world stopped, flush the caches and
 * compare.
 *
 * An open of the debugfs file quiesces the allocator (stop_machine(), and on
 * PREEMPT_RT again until no section is found in progress; see the theory
 * comment in cache.c), folds what every statistics record (each CPU's and
 * the shared one) counted since its last fold into the atomics, and reads
 * the counts the check compares: per cache and
 * per CPU, never per object, so the stop is bounded by caches times CPUs,
 * and per CPU only the two object counts of each cache, so the bound is a
 * few loads.  With the allocator running again it compares, reads the
 * event counters the report only shows (hits, misses, grows, ...), and
 * audits every object, cache by cache (ss_audit_caches()): each CPU checks
 * its own magazines in its own section, the depot is walked under its
 * lock, every slab's freelist under the slab lock a chunk of slabs at a
 * time.  Then it formats the whole report, which the reads of that open
 * file are served from.  A difference is reported (report line, one
 * pr_err) and counted, never fatal.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/seq_buf.h>
#include <linux/slab.h>
#include <linux/stop_machine.h>
#include <linux/string.h>
#include <linux/uio.h>
#include <linux/workqueue.h>

#include "cpu.h"
#include "internal.h"
#include "object.h"

static const char * const ss_figure_names[SS_NR_FIG] = {
	[SS_FIG_ALLOC_OBJECTS] = "alloc_objects",
	[SS_FIG_FREE_OBJECTS] = "free_objects",
	[SS_FIG_ALLOC_BYTES] = "alloc_bytes",
	[SS_FIG_FREE_BYTES] = "free_bytes",
	[SS_FIG_LIVE_OBJECTS] = "live_objects",
	[SS_FIG_HELD] = "held",
};

static const char * const ss_cache_figure_names[SS_NR_CFIG] = {
	[SS_CFIG_ALLOCS] = "allocs",
	[SS_CFIG_FREES] = "frees",
	[SS_CFIG_LIVE] = "live",
	[SS_CFIG_HELD] = "held",
	[SS_AUDIT_DUPLICATE] = "duplicate",
	[SS_AUDIT_STRAY] = "stray",
	[SS_AUDIT_ROUND] = "round",
	[SS_AUDIT_MAGAZINE] = "magazine",
	[SS_AUDIT_DEPOT] = "depot",
	[SS_AUDIT_INUSE] = "inuse",
	[SS_AUDIT_SLABS] = "slabs",
	[SS_AUDIT_LIST] = "list",
	[SS_AUDIT_FREELIST] = "freelist",
	[SS_AUDIT_LOOP] = "loop",
};

/*
 * One cache as the stopped machine saw it, but for the event counters the
 * check does not compare, read after the stop (ss_snap_events()): the
 * statistics items other than SS_ALLOC and SS_FREE, hits, order_fallback,
 * nofail_bad, bad, dbg and dropped.
 */
struct ss_cache_snap {
	struct slabstat_cache *cache;	/* see ss_snap_find() */
	unsigned long secret;		/* tells a new cache at that address */
	char name[SLABSTAT_NAME_MAX + 1];
	unsigned int size, stride, align, mag_size, order, min_order;
	unsigned int objs_per_slab;
	u64 stat[SS_NR_STATS];		/* SS_ALLOC, SS_FREE: at the stop */
	u64 hits;			/* after the stop, as the rest of stat[] */
	u64 atomic_alloc, atomic_free;
	u64 inuse;			/* objects not free on a slab */
	u64 cached;			/* rounds in all magazines */
	u64 slabs;
	u64 pages;			/* recounted from the slab lists */
	u64 nr_pages;			/* the slab layer's count */
	u64 order_fallback, nofail_bad;	/* after the stop */
	u64 depot_full, depot_empty;
	u64 bad[SS_NR_BAD];		/* after the stop */
	u64 dbg[SS_NR_DBG];		/* after the stop */
	u64 quarantined;
	u64 limit_bytes, limit_pages, excess;	/* struct ss_limit */
	u64 dropped[SS_NR_DROP];	/* after the stop */
	unsigned long mismatch;		/* bit per enum ss_cache_figure */
	bool dead;			/* a retired entry */
	bool audited;			/* still there for the audit */
	struct ss_audit audit;		/* what the audit walked and found */
};

struct ss_snap {
	unsigned int cap, nr;
	bool overflow;			/* more caches than @cap: run again */
	spinlock_t *busy;		/* a section was in progress: wait, again */
	struct slabstat_cache *busy_cache;	/* whose lock @busy is */
	u64 cons[SS_FIG_LIVE_OBJECTS];	/* consistent side, retired included */
	u64 atom[SS_FIG_LIVE_OBJECTS];	/* atomic side */
	u64 live_stats, live_slabs, cached;
	unsigned long mismatch;		/* bit per enum ss_figure */
	bool cache_mismatch;
	u64 quiesce_ns;
	u64 callback_ns;		/* of that, the stop callback's own work */
	u64 audit_ns;			/* the object-level audit, after the stop */
	/* what the audit walked, all caches */
	u64 audit_caches, audit_slabs, audit_free, audit_rounds;
	unsigned int cpus;		/* online at the check */
	/* the check counters, this check included */
	unsigned long runs, mismatches, waited;
	struct ss_retired retired;	/* caches that are gone */
	/* retired entries, which still hold objects */
	u64 held, held_pages, held_allocs, held_frees;
	/* the module limit, and every slab page (leaked ones included) */
	u64 mlimit_bytes, mlimit_pages, mexcess;
	u64 all_pages, slack_pages;	/* slack: one slab per cache */
	unsigned long limit_fails, overruns;
	struct ss_cache_snap caches[];
};

static atomic_long_t ss_checks_run = ATOMIC_LONG_INIT(0);
static atomic_long_t ss_checks_failed = ATOMIC_LONG_INIT(0);
static atomic_long_t ss_checks_waited = ATOMIC_LONG_INIT(0);

/* Stops that found a section in progress, before one read gives up. */
#define SS_QUIESCE_TRIES	1000
static DEFINE_MUTEX(ss_report_mutex);
static struct dentry *ss_debugfs;

/* The caches the check sees: live ones, then retired entries. */
static struct list_head * const ss_lists[] = {
	&ss_caches, &ss_retired_caches,
};

/*
 * Compare one cache's figures, as the stop read them.  After the stop: the
 * snapshot only is read, so this costs the stop nothing.
 */
static void ss_cache_compare(struct ss_cache_snap *cs)
{
	u64 live = cs->stat[SS_ALLOC] - cs->stat[SS_FREE];

	if (cs->stat[SS_ALLOC] != cs->atomic_alloc)
		cs->mismatch |= BIT(SS_CFIG_ALLOCS);
	if (cs->stat[SS_FREE] != cs->atomic_free)
		cs->mismatch |= BIT(SS_CFIG_FREES);
	if (live != cs->inuse - cs->quarantined - cs->cached)
		cs->mismatch |= BIT(SS_CFIG_LIVE);
	/* The limit's promise: one slab of the preferred order over at most. */
	if (cs->limit_pages &&
	    cs->nr_pages > cs->limit_pages + (1UL << cs->order) + cs->excess)
		cs->mismatch |= BIT(SS_CFIG_HELD);
}

/*
 * Snapshot one cache; nothing can move in it (ss_quiesced()).  What the
 * check compares, and the counts and fixed layout of the cache's row:
 * per CPU its two object counts (folded into the atomic totals first, as
 * the shared record's) and its two magazines, per cache a few
 * words, never per object or per magazine in the depot.  That full depot
 * magazines hold size rounds is the audit's to prove.  The counters of
 * events the check does not compare (the other statistics items, a load
 * per item per CPU, and the refused, corrupted and dropped objects) are
 * read after the stop (ss_snap_events()).
 */
/*
 * ss_stat_fold() of one record, inline for the stop: its allocs @a and frees
 * @f are read once; what they hold beyond @fo goes to @pa and @pf, which
 * the caller adds to the totals once per cache.
 */
static __always_inline void ss_snap_fold(local64_t *stat, struct ss_folded *fo,
					 u64 *a, u64 *f, u64 *pa, u64 *pf)
{
	*a = local64_read(&stat[SS_ALLOC]);
	*f = local64_read(&stat[SS_FREE]);
	*pa += *a - fo->alloc;
	*pf += *f - fo->free;
	fo->alloc = *a;
	fo->free = *f;
}

static void ss_snap_cache(struct slabstat_cache *c, struct ss_cache_snap *cs)
{
	u64 alloc = 0, free = 0, cached = 0, pa = 0, pf = 0, a, f;
	unsigned int cpu, owned = 0;

	/* for_each_possible_cpu() would call _find_next_bit() per CPU. */
	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		struct ss_pcpu *pc;
		struct ss_mag *m;

		if (!cpu_possible(cpu))
			continue;
		pc = per_cpu_ptr(c->cpu, cpu);
#ifndef CONFIG_PREEMPT_RT
		owned |= pc->lock.owned;
#endif
		/* ss_mag_none holds no round. */
		cached += pc->loaded->rounds;
		m = pc->prev;
		if (m)
			cached += m->rounds;
		/* Every possible CPU: a dead one's record is folded too. */
		ss_snap_fold(pc->stat, &pc->folded, &a, &f, &pa, &pf);
		alloc += a;
		free += f;
	}
	/* No section runs while the machine is stopped. */
	WARN_ON_ONCE(owned);
	/*
	 * The shared record only counts objects through ss_count_direct(),
	 * which folds it at once: it is read, not folded, so an object
	 * counted there and not folded is a mismatch.
	 */
	cs->stat[SS_ALLOC] = alloc + local64_read(&c->slabs.stat[SS_ALLOC]);
	cs->stat[SS_FREE] = free + local64_read(&c->slabs.stat[SS_FREE]);
	if (pa | pf)
		ss_totals_add(c, pa, pf);

	cs->cache = c;
	cs->secret = c->secret;
	cs->dead = c->dead;
	memcpy(cs->name, c->name, sizeof(cs->name));
	cs->size = c->size;
	cs->stride = c->stride;
	cs->align = c->align;
	cs->mag_size = c->mag_size;
	cs->order = c->order;
	cs->min_order = c->min_order;
	cs->objs_per_slab = c->objs_per_slab;
	cs->depot_full = c->depot.nfull;
	cs->depot_empty = c->depot.nempty;
	cs->cached = cached + cs->depot_full * c->mag_size;
#ifdef SLABSTAT_TEST
	cs->cached += c->test_cached_skew;
#endif
	cs->inuse = c->slabs.inuse;
	cs->slabs = c->slabs.nr_slabs;
	cs->pages = c->slabs.nr_pages;
	cs->nr_pages = c->slabs.nr_pages;
	cs->atomic_alloc = atomic64_read(&c->total_alloc);
	cs->atomic_free = atomic64_read(&c->total_free);
	cs->quarantined = atomic_long_read(&c->quarantined);
	cs->limit_bytes = c->limit.bytes;
	cs->limit_pages = c->limit.pages;
	cs->excess = c->limit.excess;
}

#ifdef CONFIG_PREEMPT_RT
/* Does a task (one the stopper preempted) own this PREEMPT_RT spinlock? */
static bool ss_rt_held(spinlock_t *lock)
{
	return rt_mutex_base_is_locked(&lock->lock);
}
#else
static bool ss_rt_held(spinlock_t *lock)
{
	return false;
}
#endif

/*
 * Is a section of @c in progress?  Every section that moves objects of @c or
 * counts them holds one of its CPU locks, its depot lock or its slab lock
 * from start to end.  Without PREEMPT_RT a stopped CPU cannot be inside one
 * (they run with preemption disabled), so finding one is a bug, which
 * ss_snap_cache() warns about.  On PREEMPT_RT the stopper may have
 * preempted a task inside one: its lock is still held, and the check must
 * wait for it (ss_check_run()).
 *
 * Return: a held lock, or NULL.
 */
#ifdef CONFIG_PREEMPT_RT
static spinlock_t *ss_busy_lock(struct slabstat_cache *c)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct ss_pcpu *pc = per_cpu_ptr(c->cpu, cpu);

		if (ss_rt_held(&pc->lock.llock))
			return &pc->lock.llock;
	}
	if (ss_rt_held(&c->depot.lock))
		return &c->depot.lock;
	if (ss_rt_held(&c->slabs.lock))
		return &c->slabs.lock;
	return NULL;
}
#else
static spinlock_t *ss_busy_lock(struct slabstat_cache *c)
{
	return NULL;
}
#endif

/*
 * stop_machine() callback: every CPU is in its stopper with interrupts off.
 * If no section is in progress anywhere, snapshot every cache and the
 * totals; else name a lock to wait for and snapshot nothing.
 */
static int ss_quiesced(void *arg)
{
	struct ss_snap *snap = arg;
	struct slabstat_cache *c;
	unsigned int l;
	u64 t0 = ktime_get_ns();

	if (ss_rt_held(&ss_list_lock)) {
		snap->busy = &ss_list_lock;
		return 0;
	}
	/*
	 * One pass: a snapshot abandoned half way (a section in progress on
	 * PREEMPT_RT, more caches than room) is thrown away.  Its folds stay
	 * done: a fold is accounting-neutral whenever nobody else owns the
	 * record, and here nobody does (ss_busy_lock() found none held).
	 */
	for (l = 0; l < ARRAY_SIZE(ss_lists); l++) {
		list_for_each_entry(c, ss_lists[l], list) {
			snap->busy = ss_busy_lock(c);
			if (snap->busy) {
				snap->busy_cache = c;
				return 0;
			}
			if (snap->nr == snap->cap) {
				/* Created since the snapshot was sized. */
				snap->overflow = true;
				return 0;
			}
			ss_snap_cache(c, &snap->caches[snap->nr++]);
		}
	}
	snap->retired = ss_retired;
	snap->mlimit_bytes = ss_module_limit.limit.bytes;
	snap->mlimit_pages = ss_module_limit.limit.pages;
	snap->mexcess = ss_module_limit.limit.excess;
	snap->limit_fails = atomic_long_read(&ss_module_limit.fails);
	snap->overruns = atomic_long_read(&ss_module_limit.overruns);
	/* Read after every statistics record was folded. */
	snap->atom[SS_FIG_ALLOC_OBJECTS] = atomic64_read(&ss_totals.alloc_objects);
	snap->atom[SS_FIG_FREE_OBJECTS] = atomic64_read(&ss_totals.free_objects);
	snap->atom[SS_FIG_ALLOC_BYTES] = atomic64_read(&ss_totals.alloc_bytes);
	snap->atom[SS_FIG_FREE_BYTES] = atomic64_read(&ss_totals.free_bytes);
	snap->callback_ns = ktime_get_ns() - t0;
	return 0;
}

/*
 * Wait for the section the stopper interrupted (PREEMPT_RT): take and drop
 * its lock, which sleeps until the holder is done and lends it our
 * priority.  ss_mutex keeps the cache from being destroyed meanwhile.
 */
static void ss_wait_busy(struct ss_snap *snap)
{
	struct slabstat_cache *c;
	unsigned int l;

	if (snap->busy == &ss_list_lock) {
		spin_lock(&ss_list_lock);
		spin_unlock(&ss_list_lock);
		return;
	}
	mutex_lock(&ss_mutex);
	for (l = 0; l < ARRAY_SIZE(ss_lists); l++) {
		list_for_each_entry(c, ss_lists[l], list) {
			if (c != snap->busy_cache)
				continue;
			spin_lock_nest_lock(snap->busy, &ss_mutex);
			spin_unlock(snap->busy);
			break;
		}
	}
	mutex_unlock(&ss_mutex);
}

/*
 * The object-level audit, after the stop, with the allocator running.
 *
 * Every place an object can be is looked at under the lock that owns it,
 * so each verdict is about a consistent state of that place: each CPU's
 * magazines by a work item on that CPU in its own section, the depot under
 * the depot lock, each slab under the slab lock.  A round is checked
 * against its own magazine only (its free word must name that magazine),
 * so an object that moved between two places while the audit went from one
 * to the other is never taken for a duplicate.  ss_mutex is held
 * throughout: no cache is created, destroyed or reaped meanwhile.
 */
struct ss_audit_item {
	struct slabstat_cache *cache;
	struct ss_cache_snap *cs;
};

struct ss_audit_cpu {
	struct work_struct work;
	struct ss_audit_item *items;
	unsigned int nr, cpu;
	bool queued, failed;
};

/* One CPU's magazines of every cache, on that CPU. */
static void ss_audit_cpu_fn(struct work_struct *work)
{
	struct ss_audit_cpu *ac = container_of(work, struct ss_audit_cpu, work);
	unsigned int i;
	void **buf;

	buf = kmalloc_array(SS_MAG_MAX, sizeof(void *), GFP_KERNEL);
	if (!buf) {
		ac->failed = true;
		return;
	}
	for (i = 0; i < ac->nr; i++) {
		struct slabstat_cache *c = ac->items[i].cache;
		struct ss_audit *a = &ac->items[i].cs->audit;
		struct ss_pcpu *pc;

		/* A task always gets its CPU's part. */
		if (WARN_ON_ONCE(!ss_cpu_trylock(c, &pc)))
			continue;
		/* Moved off a CPU going offline: the dead callback drains it. */
		if (pc == per_cpu_ptr(c->cpu, ac->cpu)) {
			if (ss_mag_real(pc->loaded))
				ss_mag_audit(c, pc->loaded, UINT_MAX, buf, a);
			if (pc->prev)
				ss_mag_audit(c, pc->prev, UINT_MAX, buf, a);
		}
		ss_cpu_unlock(c, pc);
		cond_resched();
	}
	kfree(buf);
}

/* Every online CPU audits its own magazines.  Return: 0 or -ENOMEM. */
static int ss_audit_cpus(struct ss_audit_item *items, unsigned int nr)
{
	struct ss_audit_cpu *acs;
	unsigned int cpu;
	int ret = 0;

	acs = kcalloc(nr_cpu_ids, sizeof(*acs), GFP_KERNEL);
	if (!acs)
		return -ENOMEM;
	for_each_online_cpu(cpu) {
		struct ss_audit_cpu *ac = &acs[cpu];

		INIT_WORK(&ac->work, ss_audit_cpu_fn);
		ac->items = items;
		ac->nr = nr;
		ac->cpu = cpu;
		ac->queued = true;
		queue_work_on(cpu, system_highpri_wq, &ac->work);
	}
	for_each_possible_cpu(cpu) {
		if (!acs[cpu].queued)
			continue;
		flush_work(&acs[cpu].work);
		if (acs[cpu].failed)
			ret = -ENOMEM;
	}
	kfree(acs);
	return ret;
}

/* The depot and every slab of one cache.  Return: 0 or -ENOMEM. */
static int ss_audit_cache(struct slabstat_cache *c, struct ss_cache_snap *cs,
			  void **buf, unsigned long *seen)
{
	unsigned long cap = READ_ONCE(c->slabs.nr_slabs) + 16;
	struct ss_audit *a = &cs->audit;
	struct ss_slab **slabs;
	unsigned int tries;
	long n;

	ss_depot_audit(c, buf, a);
	for (tries = 0; tries < 8; tries++) {
		slabs = kvmalloc_array(cap, sizeof(*slabs), GFP_KERNEL);
		if (!slabs)
			return -ENOMEM;
		n = ss_slab_audit_lists(c, slabs, cap, a);
		if (n <= cap)
			ss_slab_audit(c, slabs, n, seen, a);
		kvfree(slabs);
		if (n <= cap)
			break;
		/* Grown since: more room. */
		cap = n + n / 4 + 16;
	}
	cs->mismatch |= a->breach;
	cs->audited = tries < 8;
	return 0;
}

/*
 * The snapshot entry of @c, looked for from *@hint on (list order).  The
 * caller holds ss_mutex, and @c is on a cache list: an entry's cache
 * pointer is dereferenced only once it was found this way, since the cache
 * may have been destroyed after the stop, and another created at its
 * address (the random secret tells them apart).
 */
static struct ss_cache_snap *ss_snap_find(struct ss_snap *snap,
					  struct slabstat_cache *c,
					  unsigned int *hint)
{
	unsigned int i, k;

	for (k = 0; k < snap->nr; k++) {
		i = (*hint + k) % snap->nr;
		if (snap->caches[i].cache == c &&
		    snap->caches[i].secret == c->secret) {
			*hint = i + 1;
			return &snap->caches[i];
		}
	}
	return NULL;
}

/*
 * The event counters the stop did not read: the statistics items but the
 * two object counts, summed as slabstat_cache_stats() does, and the
 * refused, corrupted and dropped objects.  Without stopping anyone, a
 * moment after the stop.  ss_mutex held, @c found on a list.
 */
static void ss_snap_events(struct slabstat_cache *c, struct ss_cache_snap *cs)
{
	u64 stat[SS_NR_STATS], ops;
	unsigned long flags;
	unsigned int i;

	ss_stat_sum(c, stat);
	for (i = 0; i < SS_NR_STATS; i++)
		if (i != SS_ALLOC && i != SS_FREE)
			cs->stat[i] = stat[i];
	/* Hits from the same read; a miss may be newer than its count. */
	ops = stat[SS_ALLOC] + stat[SS_FREE];
	cs->hits = ops - min(stat[SS_MAG_MISS], ops);
	for (i = 0; i < SS_NR_BAD; i++)
		cs->bad[i] = atomic_long_read(&c->bad[i]);
	for (i = 0; i < SS_NR_DBG; i++)
		cs->dbg[i] = atomic_long_read(&c->dbg[i]);
	for (i = 0; i < SS_NR_DROP; i++)
		cs->dropped[i] = atomic_long_read(&c->dropped[i]);
	spin_lock_irqsave(&c->slabs.lock, flags);
	cs->order_fallback = c->slabs.order_fallback;
	cs->nofail_bad = c->slabs.nofail_bad;
	spin_unlock_irqrestore(&c->slabs.lock, flags);
}

/**
 * ss_audit_caches() - audit every object of every cache the stop saw
 * @snap: the snapshot; each cache's breaches are added to its mismatch
 *
 * Process context, after the stop; takes ss_mutex.  Compares each cache's
 * counts, reads the event counters the stop left (ss_snap_events()),
 * audits, and keeps each cache's verdict.  Caches created
 * since the stop are not audited, destroyed ones are skipped (their
 * statistics after the stop stay 0).  A cache whose slabs outgrew the room
 * for them eight times in a row is left unaudited (``audited`` 0 in its
 * row).
 *
 * Return: 0, or -ENOMEM.
 */
static int ss_audit_caches(struct ss_snap *snap)
{
	struct ss_audit_item *items;
	unsigned int nr = 0, hint = 0, i, l;
	struct slabstat_cache *c;
	unsigned long *seen;
	void **buf;
	int ret = -ENOMEM;
	u64 t0;

	items = kvmalloc_array(max(snap->nr, 1U), sizeof(*items), GFP_KERNEL);
	buf = kmalloc_array(SS_MAG_MAX, sizeof(void *), GFP_KERNEL);
	seen = bitmap_zalloc(SS_MAX_OBJS, GFP_KERNEL);
	if (!items || !buf || !seen)
		goto out;

	for (i = 0; i < snap->nr; i++)
		ss_cache_compare(&snap->caches[i]);
	mutex_lock(&ss_mutex);
	for (l = 0; l < ARRAY_SIZE(ss_lists); l++) {
		list_for_each_entry(c, ss_lists[l], list) {
			struct ss_cache_snap *cs = ss_snap_find(snap, c, &hint);

			if (cs && nr < snap->nr) {
				items[nr].cache = c;
				items[nr++].cs = cs;
			}
		}
	}
	for (i = 0; i < nr; i++)
		ss_snap_events(items[i].cache, items[i].cs);
	t0 = ktime_get_ns();
	ret = ss_audit_cpus(items, nr);
	for (i = 0; i < nr && !ret; i++) {
		ret = ss_audit_cache(items[i].cache, items[i].cs, buf, seen);
		cond_resched();
	}
	snap->audit_ns = ktime_get_ns() - t0;
	/* Each cache's verdict, for slabstat_caches (caches.c). */
	for (i = 0; i < nr && !ret; i++)
		WRITE_ONCE(items[i].cache->last_check,
			   items[i].cs->mismatch ? SS_CHECK_MISMATCH :
						   SS_CHECK_OK);
	mutex_unlock(&ss_mutex);
out:
	bitmap_free(seen);
	kfree(buf);
	kvfree(items);
	return ret;
}

/* Compare the two accountings and the slab counts. */
static void ss_snap_compare(struct ss_snap *snap)
{
	unsigned int i, f;

	snap->cons[SS_FIG_ALLOC_OBJECTS] = snap->retired.alloc_objects;
	snap->cons[SS_FIG_FREE_OBJECTS] = snap->retired.free_objects;
	snap->cons[SS_FIG_ALLOC_BYTES] = snap->retired.alloc_bytes;
	snap->cons[SS_FIG_FREE_BYTES] = snap->retired.free_bytes;
	snap->live_slabs = 0;
	snap->cached = 0;
	snap->all_pages = snap->retired.leaked_pages;
	snap->slack_pages = 0;

	for (i = 0; i < snap->nr; i++) {
		struct ss_cache_snap *cs = &snap->caches[i];

		snap->cons[SS_FIG_ALLOC_OBJECTS] += cs->stat[SS_ALLOC];
		snap->cons[SS_FIG_FREE_OBJECTS] += cs->stat[SS_FREE];
		snap->cons[SS_FIG_ALLOC_BYTES] += cs->stat[SS_ALLOC] * cs->size;
		snap->cons[SS_FIG_FREE_BYTES] += cs->stat[SS_FREE] * cs->size;
		snap->live_slabs += cs->inuse - cs->quarantined;
		snap->cached += cs->cached;
		snap->all_pages += cs->nr_pages;
		snap->slack_pages += 1UL << cs->order;
		snap->audit_caches += cs->audited;
		snap->audit_slabs += cs->audit.slabs;
		snap->audit_free += cs->audit.free_objs;
		snap->audit_rounds += atomic_long_read(&cs->audit.rounds);
		if (cs->mismatch)
			snap->cache_mismatch = true;
		if (cs->dead) {
			snap->held++;
			snap->held_pages += cs->pages;
			snap->held_allocs += cs->stat[SS_ALLOC];
			snap->held_frees += cs->stat[SS_FREE];
		}
	}
	snap->live_stats = snap->cons[SS_FIG_ALLOC_OBJECTS] -
			   snap->cons[SS_FIG_FREE_OBJECTS];
	for (f = 0; f < SS_FIG_LIVE_OBJECTS; f++)
		if (snap->cons[f] != snap->atom[f])
			snap->mismatch |= BIT(f);
	if (snap->live_stats != snap->live_slabs - snap->cached)
		snap->mismatch |= BIT(SS_FIG_LIVE_OBJECTS);
	if (snap->mlimit_pages && snap->all_pages >
	    snap->mlimit_pages + snap->slack_pages + snap->mexcess)
		snap->mismatch |= BIT(SS_FIG_HELD);
}

/* Format what differs: figure names, each after a space. */
static void ss_format_mismatch(char *buf, size_t size, struct ss_snap *snap)
{
	unsigned int i, f;
	size_t len = 0;

	buf[0] = '\0';
	for (f = 0; f < SS_NR_FIG; f++)
		if (snap->mismatch & BIT(f))
			len += scnprintf(buf + len, size - len, " %s",
					 ss_figure_names[f]);
	for (i = 0; i < snap->nr; i++)
		for (f = 0; f < SS_NR_CFIG; f++)
			if (snap->caches[i].mismatch & BIT(f))
				len += scnprintf(buf + len, size - len,
						 " %s:%s", snap->caches[i].name,
						 ss_cache_figure_names[f]);
}

/* Room for the caches that exist now and a few created meanwhile. */
static struct ss_snap *ss_snap_alloc(unsigned int extra)
{
	struct slabstat_cache *c;
	struct ss_snap *snap;
	unsigned int n = 0, l;

	spin_lock(&ss_list_lock);
	for (l = 0; l < ARRAY_SIZE(ss_lists); l++)
		list_for_each_entry(c, ss_lists[l], list)
			n++;
	spin_unlock(&ss_list_lock);
	n += extra;
	snap = kvzalloc(struct_size(snap, caches, n), GFP_KERNEL);
	if (snap)
		snap->cap = n;
	return snap;
}

/**
 * ss_check_run() - quiesce, snapshot, audit, compare
 *
 * Stops the machine until a stop finds no section in progress (always the
 * first on a kernel without PREEMPT_RT), waiting for the interrupted one
 * between two stops.  The cache list may change between the stops; the
 * snapshot is sized again when it grew.  Then, with the machine running,
 * the audit (ss_audit_caches()).
 *
 * Return: the snapshot (kvfree() it), or an ERR_PTR: -ENOMEM, or -EBUSY
 * when SS_QUIESCE_TRIES stops all found a section in progress.
 */
static struct ss_snap *ss_check_run(void)
{
	unsigned int extra = 8, tries = 0;
	struct ss_snap *snap;
	int err;
	u64 t0;

	for (;;) {
		snap = ss_snap_alloc(extra);
		if (!snap)
			return ERR_PTR(-ENOMEM);
		t0 = ktime_get_ns();
		stop_machine(ss_quiesced, snap, NULL);
		snap->quiesce_ns = ktime_get_ns() - t0;
		if (!snap->overflow && !snap->busy)
			break;
		if (snap->overflow) {
			extra *= 2;
		} else {
			atomic_long_inc(&ss_checks_waited);
			if (++tries == SS_QUIESCE_TRIES) {
				kvfree(snap);
				pr_err_ratelimited("check: no quiescent moment in %u stops\n",
						   tries);
				return ERR_PTR(-EBUSY);
			}
			ss_wait_busy(snap);
		}
		kvfree(snap);
	}

	err = ss_audit_caches(snap);
	if (err) {
		kvfree(snap);
		return ERR_PTR(err);
	}
	ss_snap_compare(snap);
	snap->cpus = num_online_cpus();
	snap->runs = atomic_long_inc_return(&ss_checks_run);
	if (snap->mismatch || snap->cache_mismatch) {
		char buf[256];

		atomic_long_inc(&ss_checks_failed);
		ss_format_mismatch(buf, sizeof(buf), snap);
		pr_err_ratelimited("check: MISMATCH%s\n", buf);
	}
	snap->mismatches = atomic_long_read(&ss_checks_failed);
	snap->waited = atomic_long_read(&ss_checks_waited);
	return snap;
}

static void ss_format_cache(struct seq_buf *m, struct ss_cache_snap *cs)
{
	u64 live = cs->stat[SS_ALLOC] - cs->stat[SS_FREE];
	u64 bad = 0, dropped = 0;
	unsigned int i;

	for (i = 0; i < SS_NR_BAD; i++)
		bad += cs->bad[i];
	for (i = 0; i < SS_NR_DROP; i++)
		dropped += cs->dropped[i];
	seq_buf_printf(m, "%s %u %llu %llu %llu %llu %llu %llu %s",
		       cs->name, cs->size, cs->stat[SS_ALLOC], cs->stat[SS_FREE],
		       live, cs->cached, cs->slabs, cs->pages,
		       cs->mismatch ? "MISMATCH" : "ok");
	seq_buf_printf(m, " %u %u %u %u %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu",
		       cs->stride, cs->align, cs->objs_per_slab, cs->mag_size,
		       cs->hits, cs->stat[SS_MAG_MISS],
		       cs->depot_full, cs->depot_empty, cs->stat[SS_SLAB_GROW],
		       cs->stat[SS_SLAB_FREE], cs->stat[SS_REAP],
		       cs->stat[SS_ALLOC_FAIL], bad, cs->quarantined,
		       cs->stat[SS_FALLBACK]);
	seq_buf_printf(m, " %u %u %llu %llu", cs->order, cs->min_order,
		       cs->order_fallback, cs->nofail_bad);
	seq_buf_printf(m, " %llu %llu %llu %llu %llu", cs->limit_bytes,
		       cs->nr_pages << PAGE_SHIFT, cs->stat[SS_LIMIT_FAIL],
		       cs->stat[SS_LIMIT_OVERRUN], cs->stat[SS_LIMIT_RECLAIM]);
	seq_buf_printf(m, " %llu %lu %lu %lu\n", dropped, cs->audit.slabs,
		       cs->audit.free_objs, atomic_long_read(&cs->audit.rounds));
}

/* Format the report of @snap; the caller checks @m for overflow. */
static void ss_format_report(struct seq_buf *m, struct ss_snap *snap)
{
	static const char * const cons_names[] = {
		"alloc_objects", "free_objects", "alloc_bytes", "free_bytes",
	};
	unsigned int i, f;

	seq_buf_printf(m, "slabstat 1\n");
	if (snap->mismatch || snap->cache_mismatch) {
		char buf[256];

		ss_format_mismatch(buf, sizeof(buf), snap);
		seq_buf_printf(m, "check: MISMATCH%s\n", buf);
	} else {
		seq_buf_printf(m, "check: ok\n");
	}
	seq_buf_printf(m, "cpus: %u\n", snap->cpus);
	seq_buf_printf(m, "quiesce_us: %llu\n", div_u64(snap->quiesce_ns, 1000));
	for (f = 0; f < ARRAY_SIZE(cons_names); f++)
		seq_buf_printf(m, "%s: consistent=%llu atomic=%llu\n", cons_names[f],
			       snap->cons[f], snap->atom[f]);
	seq_buf_printf(m, "live_objects: stats=%llu slabs=%llu cached=%llu\n",
		       snap->live_stats, snap->live_slabs, snap->cached);

	seq_buf_printf(m,
		       "\n# name objsize allocs frees live cached slabs pages check stride align objs_per_slab magsize hits misses depot_full depot_empty grows slab_frees reaped alloc_fail refused quarantined fallback order min_order order_fallback nofail_bad limit held limit_fail overrun limit_reclaim dropped audit_slabs audit_free audit_rounds\n");
	for (i = 0; i < snap->nr; i++)
		if (!snap->caches[i].dead)
			ss_format_cache(m, &snap->caches[i]);

	seq_buf_printf(m, "\n");
	seq_buf_printf(m, "checks: runs=%lu mismatches=%lu waited=%lu\n",
		       snap->runs, snap->mismatches, snap->waited);
	seq_buf_printf(m, "stop: callback_ns=%llu\n", snap->callback_ns);
	seq_buf_printf(m, "audit: us=%llu caches=%llu slabs=%llu free=%llu rounds=%llu\n",
		       div_u64(snap->audit_ns, 1000), snap->audit_caches,
		       snap->audit_slabs, snap->audit_free, snap->audit_rounds);
	seq_buf_printf(m,
		       "limits: limit_bytes=%llu held=%llu limit_fail=%lu overrun=%lu check=%s\n",
		       snap->mlimit_bytes, snap->all_pages << PAGE_SHIFT,
		       snap->limit_fails, snap->overruns,
		       snap->mismatch & BIT(SS_FIG_HELD) ? "MISMATCH" : "ok");
	seq_buf_printf(m,
		       "retired: caches=%llu allocs=%llu frees=%llu live=%llu leaked_pages=%llu held=%llu held_pages=%llu\n",
		       snap->retired.caches + snap->held,
		       snap->retired.alloc_objects + snap->held_allocs,
		       snap->retired.free_objects + snap->held_frees,
		       snap->held_allocs - snap->held_frees,
		       snap->retired.leaked_pages, snap->held, snap->held_pages);
	for (i = 0; i < snap->nr; i++) {
		struct ss_cache_snap *cs = &snap->caches[i];

		if (!cs->dead)
			continue;
		seq_buf_printf(m,
			       "destroyed: %s live=%llu slabs=%llu pages=%llu alloc_fail=%llu check=%s\n",
			       cs->name, cs->stat[SS_ALLOC] - cs->stat[SS_FREE],
			       cs->slabs, cs->pages,
			       cs->stat[SS_ALLOC_FAIL],
			       cs->mismatch ? "MISMATCH" : "ok");
	}
	for (i = 0; i < snap->nr; i++) {
		struct ss_cache_snap *cs = &snap->caches[i];

		if (!(cs->bad[0] | cs->bad[1] | cs->bad[2] | cs->bad[3]))
			continue;
		seq_buf_printf(m,
			       "refused: %s foreign=%llu wrong_cache=%llu interior=%llu double_free=%llu\n",
			       cs->name, cs->bad[SS_BAD_FOREIGN],
			       cs->bad[SS_BAD_WRONG_CACHE],
			       cs->bad[SS_BAD_INTERIOR],
			       cs->bad[SS_BAD_DOUBLE_FREE]);
	}
	for (i = 0; i < snap->nr; i++) {
		struct ss_cache_snap *cs = &snap->caches[i];

		if (!(cs->dbg[0] | cs->dbg[1] | cs->dbg[2] | cs->dbg[3] |
		      cs->quarantined))
			continue;
		seq_buf_printf(m,
			       "corrupted: %s write_after_free=%llu overrun_before=%llu overrun_after=%llu free_pointer=%llu quarantined=%llu\n",
			       cs->name, cs->dbg[SS_DBG_POISON],
			       cs->dbg[SS_DBG_REDZONE_LEFT],
			       cs->dbg[SS_DBG_REDZONE_RIGHT],
			       cs->dbg[SS_DBG_FREELIST], cs->quarantined);
	}
	for (i = 0; i < snap->nr; i++) {
		struct ss_cache_snap *cs = &snap->caches[i];

		if (!(cs->dropped[SS_DROP_HANDOUT] | cs->dropped[SS_DROP_DRAIN]))
			continue;
		seq_buf_printf(m, "dropped: %s handout=%llu drain=%llu\n",
			       cs->name, cs->dropped[SS_DROP_HANDOUT],
			       cs->dropped[SS_DROP_DRAIN]);
	}
}

/* The report's text, made once per open; reads are served from it. */
struct ss_report {
	size_t len;
	char text[];
};

/*
 * One open runs the check once and formats the whole report into a buffer,
 * however large; every read of this open file is served from that text.
 * (seq_file would run the show again, and so the check, whenever the text
 * outgrew its buffer.)  A first buffer that is too small is only formatted
 * again, larger, from the same snapshot.
 */
static int ss_report_open(struct inode *inode, struct file *file)
{
	struct ss_report *r = NULL;
	struct ss_snap *snap;
	struct seq_buf m;
	size_t size;

	mutex_lock(&ss_report_mutex);
	snap = ss_check_run();
	mutex_unlock(&ss_report_mutex);
	if (IS_ERR(snap))
		return PTR_ERR(snap);
	size = SS_REPORT_GUESS(snap->nr);
	for (;;) {
		r = kvmalloc(struct_size(r, text, size), GFP_KERNEL);
		if (!r)
			break;
		seq_buf_init(&m, r->text, size);
		ss_format_report(&m, snap);
		if (!seq_buf_has_overflowed(&m))
			break;
		kvfree(r);
		size *= 2;
	}
	kvfree(snap);
	if (!r)
		return -ENOMEM;
	r->len = seq_buf_used(&m);
	file->private_data = r;
	return 0;
}

static ssize_t ss_report_read(struct kiocb *iocb, struct iov_iter *to)
{
	struct ss_report *r = iocb->ki_filp->private_data;
	loff_t pos = iocb->ki_pos;
	size_t n;

	if (pos < 0)
		return -EINVAL;
	if (pos >= r->len || !iov_iter_count(to))
		return 0;
	n = copy_to_iter(r->text + pos, r->len - pos, to);
	if (!n)
		return -EFAULT;
	iocb->ki_pos = pos + n;
	return n;
}

static loff_t ss_report_llseek(struct file *file, loff_t offset, int whence)
{
	struct ss_report *r = file->private_data;

	return fixed_size_llseek(file, offset, whence, r->len);
}

static int ss_report_release(struct inode *inode, struct file *file)
{
	kvfree(file->private_data);
	return 0;
}

/*
 * read_iter, so in-kernel readers (kernel_read(), the KUnit suites) can read
 * it too.  The debugfs proxy forwards only .read, hence the _unsafe create:
 * .owner pins the module while the file is open, and the file goes away only
 * at module exit, so there is no removal race for the proxy to guard.
 */
static const struct file_operations ss_report_fops = {
	.owner = THIS_MODULE,
	.open = ss_report_open,
	.read_iter = ss_report_read,
	.llseek = ss_report_llseek,
	.release = ss_report_release,
};

/**
 * ss_debugfs_init() - create /sys/kernel/debug/slabstat, if debugfs can
 *
 * Without debugfs (CONFIG_DEBUG_FS=n, or booted with debugfs=off) the
 * allocator works the same and only the report is missing; that is said
 * once in the log.  Its check can still run: slabstat_test_check() in test
 * builds.
 */
void ss_debugfs_init(void)
{
	ss_debugfs = debugfs_create_file_unsafe("slabstat", 0400, NULL, NULL,
						&ss_report_fops);
	if (IS_ERR(ss_debugfs))
		pr_warn("debugfs unavailable (%pe): no report at /sys/kernel/debug/slabstat; the allocator works without it\n",
			ss_debugfs);
	else
		ss_caches_init();	/* never fatal; see caches.c */
}

void ss_debugfs_exit(void)
{
	ss_caches_exit();
	debugfs_remove(ss_debugfs);
}

#ifdef SLABSTAT_TEST
/**
 * slabstat_test_skew() - break one count on purpose (test builds only)
 * @c: the cache
 * @what: which count
 * @delta: how much to add; the test adds -@delta to undo it
 */
void slabstat_test_skew(struct slabstat_cache *c, enum ss_skew what, long delta)
{
	switch (what) {
	case SS_SKEW_ALLOC_OBJECTS:
		atomic64_add(delta, &ss_totals.alloc_objects);
		break;
	case SS_SKEW_FREE_OBJECTS:
		atomic64_add(delta, &ss_totals.free_objects);
		break;
	case SS_SKEW_ALLOC_BYTES:
		atomic64_add(delta, &ss_totals.alloc_bytes);
		break;
	case SS_SKEW_FREE_BYTES:
		atomic64_add(delta, &ss_totals.free_bytes);
		break;
	case SS_SKEW_CACHE_ALLOCS:
		atomic64_add(delta, &c->total_alloc);
		break;
	case SS_SKEW_CACHE_FREES:
		atomic64_add(delta, &c->total_free);
		break;
	case SS_SKEW_CACHED:
		mutex_lock(&ss_mutex);
		c->test_cached_skew += delta;
		mutex_unlock(&ss_mutex);
		break;
	case SS_SKEW_PAGES: {
		unsigned long flags;

		spin_lock_irqsave(&c->slabs.lock, flags);
		c->slabs.nr_pages += delta;
		spin_unlock_irqrestore(&c->slabs.lock, flags);
		break;
	}
	default:
		break;
	}
}
EXPORT_SYMBOL_GPL(slabstat_test_skew);

/**
 * slabstat_test_check() - run the quiesced check (test builds only)
 * @c: the cache whose figures to return, or NULL
 * @res: what the check found
 *
 * Return: 0, -ENOMEM, or -ENOENT when @c was not seen.
 */
int slabstat_test_check(struct slabstat_cache *c, struct ss_check_result *res)
{
	struct ss_snap *snap;
	unsigned int i;
	int ret = c ? -ENOENT : 0;

	mutex_lock(&ss_report_mutex);
	snap = ss_check_run();
	mutex_unlock(&ss_report_mutex);
	if (IS_ERR(snap))
		return PTR_ERR(snap);
	memset(res, 0, sizeof(*res));
	res->global_mismatch = snap->mismatch;
	res->ok = !snap->mismatch && !snap->cache_mismatch;
	for (i = 0; i < snap->nr; i++) {
		struct ss_cache_snap *cs = &snap->caches[i];

		if (cs->cache != c)
			continue;
		res->cache_mismatch = cs->mismatch;
		res->cache_allocs = cs->stat[SS_ALLOC];
		res->cache_frees = cs->stat[SS_FREE];
		res->cache_live = cs->stat[SS_ALLOC] - cs->stat[SS_FREE];
		res->cache_cached = cs->cached;
		res->cache_inuse = cs->inuse;
		res->cache_quarantined = cs->quarantined;
		res->cache_fallback = cs->stat[SS_FALLBACK];
		res->cache_dead = cs->dead;
		res->cache_held = cs->nr_pages << PAGE_SHIFT;
		res->cache_limit_fail = cs->stat[SS_LIMIT_FAIL];
		res->cache_overrun = cs->stat[SS_LIMIT_OVERRUN];
		res->cache_limit_reclaim = cs->stat[SS_LIMIT_RECLAIM];
		ret = 0;
	}
	res->held = snap->held;
	res->held_pages = snap->held_pages;
	res->leaked_pages = snap->retired.leaked_pages;
	res->module_held = snap->all_pages << PAGE_SHIFT;
	kvfree(snap);
	return ret;
}
EXPORT_SYMBOL_GPL(slabstat_test_check);

/* What slabstat_test_plant() changed, to put back. */
static struct {
	void **slot;			/* a magazine slot, and what it held */
	void *obj;
	unsigned long *word;		/* a free word, and what it held */
	unsigned long old;
	struct ss_mag *mag;		/* a magazine made short */
	struct ss_slab *slab;		/* a slab whose inuse was raised */
} ss_planted;

static int ss_plant_depot(struct slabstat_cache *c, enum ss_plant what)
{
	struct ss_mag *m1, *m2;

	m1 = list_first_entry_or_null(&c->depot.full, struct ss_mag, list);
	if (!m1 || m1->list.next == &c->depot.full)
		return -ENOENT;
	m2 = list_next_entry(m1, list);
	switch (what) {
	case SS_PLANT_DUPLICATE:
		ss_planted.slot = &m2->objs[0];
		ss_planted.obj = m2->objs[0];
		m2->objs[0] = m1->objs[0];
		break;
	case SS_PLANT_LIVE_WORD:
		ss_planted.word = ss_free_word(c, m1->objs[0]);
		ss_planted.old = *ss_planted.word;
		*ss_planted.word = 0;
		break;
	default:
		ss_planted.mag = m1;
		m1->rounds--;
		break;
	}
	return 0;
}

static int ss_plant_slab(struct slabstat_cache *c, enum ss_plant what)
{
	struct ss_slab *s;
	void *obj, *last = NULL;

	s = list_first_entry_or_null(&c->slabs.partial, struct ss_slab, list);
	if (!s || !s->freelist)
		return -ENOENT;
	if (what == SS_PLANT_INUSE) {
		ss_planted.slab = s;
		s->inuse++;
		return 0;
	}
	for (obj = s->freelist; obj && !IS_ERR(obj);
	     obj = ss_obj_link(c, obj) > 0 ?
		   ss_slab_obj(c, s, ss_obj_link(c, obj) - 1) : NULL)
		last = obj;
	if (!last || last == s->freelist)
		return -ENOENT;
	ss_planted.word = ss_free_word(c, last);
	ss_planted.old = *ss_planted.word;
	ss_obj_set_link(c, last,
			ss_slot_index(c, (unsigned long)s->base, s->freelist) + 1);
	return 0;
}

static void ss_plant_undo(enum ss_plant what)
{
	switch (what) {
	case SS_PLANT_DUPLICATE:
		*ss_planted.slot = ss_planted.obj;
		break;
	case SS_PLANT_LIVE_WORD:
	case SS_PLANT_LOOP:
		*ss_planted.word = ss_planted.old;
		break;
	case SS_PLANT_SHORT:
		ss_planted.mag->rounds++;
		break;
	default:
		ss_planted.slab->inuse--;
		break;
	}
}

/**
 * slabstat_test_plant() - make one breach the audit must find (test
 *	builds only)
 * @c: an idle cache: nothing may allocate from it or free to it until the
 *	breach is undone
 * @what: which breach
 * @undo: false plants it, true puts back what the last plant changed
 *
 * The depot breaches need two full magazines in the depot, the slab ones a
 * partial slab with two free objects.
 *
 * Return: 0, or -ENOENT when @c has no place for the breach.
 */
int slabstat_test_plant(struct slabstat_cache *c, enum ss_plant what,
			bool undo)
{
	spinlock_t *lock = what <= SS_PLANT_SHORT ? &c->depot.lock :
			   &c->slabs.lock;
	unsigned long flags;
	int ret = 0;

	spin_lock_irqsave(lock, flags);
	if (undo)
		ss_plant_undo(what);
	else if (what <= SS_PLANT_SHORT)
		ret = ss_plant_depot(c, what);
	else
		ret = ss_plant_slab(c, what);
	spin_unlock_irqrestore(lock, flags);
	return ret;
}
EXPORT_SYMBOL_GPL(slabstat_test_plant);
#endif
