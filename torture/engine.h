/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The slabstat stress engine, shared by the KUnit concurrency suite (short
 * runs) and the torture module (long runs).  It uses only the public API and
 * the debugfs report.
 */
#ifndef _SLABSTAT_ENGINE_H
#define _SLABSTAT_ENGINE_H

#include <linux/types.h>

#include <slabstat.h>

#define SST_MAX_CACHES	8

/* A cache under stress; @size >= 16. */
struct sst_cache {
	struct slabstat_cache *cache;
	unsigned int size;
	bool ctor;		/* created with sst_ctor(): size must be SST_CTOR_SIZE */
};

/*
 * A run lasts at least @duration_ms and until every minimum count is
 * reached: the work a test relies on is guaranteed by counts, not by time.
 */
struct sst_config {
	unsigned int threads;	/* 0: one per online CPU, at most 16 */
	unsigned int duration_ms;
	unsigned long min_ops;	/* operations by the threads */
	unsigned long min_irq_ops;	/* operations in interrupts (@irqs) */
	unsigned int min_hotplug;	/* offline/online cycles (@hotplug) */
	unsigned int min_checks;	/* reports read (@reader) */
	/* an hrtimer (hardirq; PREEMPT_RT: softirq thread), a timer allocate */
	bool irqs;
	bool hotplug;		/* take CPUs offline and online while running */
	bool shrink;		/* a thread calls slabstat_cache_shrink() */
	bool reader;		/* a thread reads the report, which must say ok */
};

struct sst_result {
	long ops;		/* operations by the threads */
	long irq_ops;		/* operations in interrupt handlers */
	long alloc_fail;	/* allocations that returned NULL */
	long hotplug;		/* CPU offline/online cycles */
	long checks;		/* reports read */
	long errors;		/* broken patterns, bad reports, failed hotplug */
};

#define SST_CTOR_SIZE	64
void sst_ctor(void *obj);

/* The caches the torture and the KUnit concurrency suite stress. */
struct sst_spec {
	const char *suffix;	/* the cache is named <prefix>-<suffix> */
	unsigned int size;
	unsigned int flags;
	bool ctor;		/* sst_ctor(), size SST_CTOR_SIZE */
};

#define SST_NR_SPECS	5
extern const struct sst_spec sst_specs[SST_NR_SPECS];

int sst_run(struct sst_cache *caches, unsigned int ncaches,
	    const struct sst_config *cfg, struct sst_result *res);
int sst_read_report_ok(void);

#endif
