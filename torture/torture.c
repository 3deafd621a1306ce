// SPDX-License-Identifier: GPL-2.0
/*
 * slabstat torture: stress caches of several sizes, debug and not, from
 * every CPU and from interrupts, while CPUs go offline and online, caches
 * are shrunk, and the report is read over and over.  Meant to run with
 * memory pressure, fault injection and a short reclaim interval set up by
 * the caller (scripts/guest/torture.sh).  Loading it runs the torture and
 * prints one line, "slabstat_torture: result: ... errors=N", which the
 * harness judges (errors must be 0).  The load itself succeeds either way:
 * busybox insmod retries a failed load, which would run the torture again.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/module.h>

#include "engine.h"

static unsigned int duration_s = 10;
module_param(duration_s, uint, 0444);
MODULE_PARM_DESC(duration_s, "How long to run, in seconds (default 10)");

static unsigned int threads;
module_param(threads, uint, 0444);
MODULE_PARM_DESC(threads, "Worker threads (default: one per online CPU, max 16)");

static bool hotplug = true;
module_param(hotplug, bool, 0444);
MODULE_PARM_DESC(hotplug, "Take CPUs offline and online meanwhile (default on)");

static int __init sstt_init(void)
{
	struct sst_config cfg = {
		.threads = threads,
		.duration_ms = duration_s * 1000,
		.irqs = true,
		.hotplug = hotplug,
		.shrink = true,
		.reader = true,
	};
	struct sst_cache caches[SST_NR_SPECS] = { };
	struct slabstat_stats st;
	struct sst_result res;
	long errors;
	unsigned int i;
	int ret = 0;

	for (i = 0; i < SST_NR_SPECS; i++) {
		char name[SLABSTAT_NAME_MAX + 1];

		snprintf(name, sizeof(name), "torture-%s", sst_specs[i].suffix);
		caches[i].size = sst_specs[i].size;
		caches[i].ctor = sst_specs[i].ctor;
		caches[i].cache =
			slabstat_cache_create(name, sst_specs[i].size, 0,
					      sst_specs[i].flags,
					      sst_specs[i].ctor ? sst_ctor : NULL);
		if (IS_ERR(caches[i].cache)) {
			ret = PTR_ERR(caches[i].cache);
			pr_err("result: cannot create %s: %d errors=1\n", name,
			       ret);
			goto out;
		}
	}

	pr_info("running for %u s\n", duration_s);
	ret = sst_run(caches, ARRAY_SIZE(caches), &cfg, &res);
	if (ret) {
		pr_err("result: cannot run: %d errors=1\n", ret);
		goto out;
	}

	/* Every object the torture made must have come back. */
	errors = res.errors;
	for (i = 0; i < ARRAY_SIZE(caches); i++) {
		slabstat_cache_stats(caches[i].cache, &st);
		if (st.allocs != st.frees || st.refused_frees) {
			pr_err("cache torture-%s: allocs=%llu frees=%llu refused=%llu\n",
			       sst_specs[i].suffix, st.allocs, st.frees,
			       st.refused_frees);
			errors++;
		}
	}
	if (sst_read_report_ok() != 1) {
		pr_err("the report does not say check: ok\n");
		errors++;
	}
	pr_info("result: seconds=%u ops=%ld irq_ops=%ld alloc_failures=%ld hotplug_cycles=%ld report_reads=%ld errors=%ld\n",
		duration_s, res.ops, res.irq_ops, res.alloc_fail, res.hotplug,
		res.checks, errors);
out:
	for (i = 0; i < ARRAY_SIZE(caches); i++)
		if (!IS_ERR_OR_NULL(caches[i].cache))
			slabstat_cache_destroy(caches[i].cache);
	return 0;
}

static void __exit sstt_exit(void)
{
}

module_init(sstt_init);
module_exit(sstt_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("slabstat torture test");
