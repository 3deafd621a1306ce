// SPDX-License-Identifier: GPL-2.0
/*
 * slabstat_concurrency: short runs of the stress engine (torture/engine.c)
 * on every CPU at once: kthreads allocating and freeing with tagged patterns
 * and passing objects between CPUs, an hrtimer (hardirq) and a timer
 * (softirq) allocating from the same caches, CPUs going offline and online,
 * caches shrunk, and the report read over and over.  At the end every object
 * is accounted for and the check says ok.
 */
#include <kunit/test.h>
#include <linux/cpumask.h>

#include "ss_test.h"
#include "../torture/engine.h"

static void cc_run(struct kunit *test, struct sst_config cfg)
{
	struct sst_cache caches[SST_NR_SPECS];
	struct slabstat_stats st;
	struct sst_result res;
	unsigned int i;

	for (i = 0; i < SST_NR_SPECS; i++) {
		char name[SLABSTAT_NAME_MAX + 1];

		snprintf(name, sizeof(name), "cc-%s", sst_specs[i].suffix);
		caches[i].size = sst_specs[i].size;
		caches[i].ctor = sst_specs[i].ctor;
		caches[i].cache = ss_test_cache(test, name, sst_specs[i].size, 0,
						sst_specs[i].flags,
						sst_specs[i].ctor ? sst_ctor :
						NULL);
	}
	KUNIT_ASSERT_EQ(test, 0, sst_run(caches, ARRAY_SIZE(caches), &cfg,
					 &res));
	kunit_info(test, "%ld ops, %ld in interrupts, %ld hotplug cycles, %ld reports\n",
		   res.ops, res.irq_ops, res.hotplug, res.checks);
	KUNIT_EXPECT_EQ(test, res.errors, 0);
	KUNIT_EXPECT_GT(test, res.ops, 1000);
	KUNIT_EXPECT_EQ(test, res.alloc_fail, 0);
	if (cfg.irqs)
		KUNIT_EXPECT_GT(test, res.irq_ops, 10);
	if (cfg.reader)
		KUNIT_EXPECT_GT(test, res.checks, 0);
	for (i = 0; i < ARRAY_SIZE(caches); i++) {
		slabstat_cache_stats(caches[i].cache, &st);
		KUNIT_EXPECT_EQ_MSG(test, st.allocs, st.frees, "cc-%s",
				    sst_specs[i].suffix);
		KUNIT_EXPECT_EQ(test, st.refused_frees, 0);
		KUNIT_EXPECT_EQ(test, atomic_long_read(&caches[i].cache->quarantined), 0);
		ss_test_expect_check_ok(test, caches[i].cache);
	}
}

static void ss_cc_threads(struct kunit *test)
{
	cc_run(test, (struct sst_config){ .duration_ms = 1500 });
}

static void ss_cc_interrupts(struct kunit *test)
{
	cc_run(test, (struct sst_config){ .duration_ms = 1500, .irqs = true });
}

static void ss_cc_hotplug(struct kunit *test)
{
	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two CPUs");
	struct sst_config cfg = {
		.duration_ms = 2500, .irqs = true, .hotplug = true,
	};

	cc_run(test, cfg);
}

static void ss_cc_shrink(struct kunit *test)
{
	cc_run(test, (struct sst_config){ .duration_ms = 1500, .shrink = true });
}

static void ss_cc_everything(struct kunit *test)
{
	struct sst_config cfg = {
		.duration_ms = 3000, .irqs = true,
		.hotplug = num_online_cpus() > 1, .shrink = true,
		.reader = true,
	};

	cc_run(test, cfg);
}

static struct kunit_case ss_concurrency_cases[] = {
	KUNIT_CASE_SLOW(ss_cc_threads),
	KUNIT_CASE_SLOW(ss_cc_interrupts),
	KUNIT_CASE_SLOW(ss_cc_hotplug),
	KUNIT_CASE_SLOW(ss_cc_shrink),
	KUNIT_CASE_SLOW(ss_cc_everything),
	{}
};

struct kunit_suite ss_concurrency_suite = {
	.name = "slabstat_concurrency",
	.test_cases = ss_concurrency_cases,
};
