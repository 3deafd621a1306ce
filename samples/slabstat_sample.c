// SPDX-License-Identifier: GPL-2.0
/*
 * A sample slabstat client: creates caches of a few sizes, churns them from
 * a kthread on every online CPU (single and bulk calls, objects freed on
 * other CPUs than they were allocated on), and keeps some objects live
 * until it is unloaded so the report has something to show.  One cache
 * has a memory limit its churn runs into, so the report shows it at work.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/prandom.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <slabstat.h>

static unsigned int iterations = 20000;
module_param(iterations, uint, 0444);
MODULE_PARM_DESC(iterations, "Operations per CPU per cache (default 20000)");

static unsigned long limit = 192 * 1024;
module_param(limit, ulong, 0444);
MODULE_PARM_DESC(limit,
		 "Memory limit of sample-1000 in bytes (default 196608; 0: none)");

#define SAMPLE_SLOTS	64
#define SAMPLE_KEEP	16

struct sample_cache {
	const char *name;
	unsigned int size;
	unsigned int flags;
	void (*ctor)(void *obj);
	unsigned long *limit;		/* its memory limit, or NULL */
	struct slabstat_cache *cache;
	void *kept[SAMPLE_KEEP];
};

static void sample_ctor(void *obj)
{
	memset(obj, 0x5a, 48);
}

static struct sample_cache sample_caches[] = {
	{ .name = "sample-32", .size = 32 },
	{ .name = "sample-200", .size = 200, .flags = SLABSTAT_HWCACHE_ALIGN },
	{ .name = "sample-1000", .size = 1000, .limit = &limit },
	{ .name = "sample-ctor-48", .size = 48, .ctor = sample_ctor },
};

#define SAMPLE_MAX_THREADS	16

/* Objects each thread leaves for the loading CPU to free. */
static void *sample_handoff[ARRAY_SIZE(sample_caches)][SAMPLE_MAX_THREADS]
			   [SAMPLE_SLOTS / 2];

struct sample_worker {
	struct task_struct *task;
	unsigned int slot;
	struct completion done;
	unsigned long ops;
};

static int sample_churn(void *arg)
{
	struct sample_worker *w = arg;
	void *slots[SAMPLE_SLOTS] = { };
	struct rnd_state rnd;
	unsigned int i, c, s;

	prandom_seed_state(&rnd, w->slot + 1);
	for (c = 0; c < ARRAY_SIZE(sample_caches); c++) {
		struct slabstat_cache *cache = sample_caches[c].cache;

		for (i = 0; i < iterations; i++) {
			u32 r = prandom_u32_state(&rnd);

			s = r % SAMPLE_SLOTS;
			if (r & 0x10000) {
				if (!slots[s])
					slots[s] = slabstat_alloc(cache,
								  GFP_KERNEL);
			} else {
				slabstat_free(cache, slots[s]);
				slots[s] = NULL;
			}
			if ((i & 1023) == 0) {
				void *bulk[32];

				if (slabstat_alloc_bulk(cache, GFP_KERNEL, 32,
							bulk))
					slabstat_free_bulk(cache, 32, bulk);
				cond_resched();
			}
			w->ops++;
		}
		/* Leave half the slots to be freed on another CPU. */
		for (s = 0; s < SAMPLE_SLOTS / 2; s++) {
			sample_handoff[c][w->slot][s] = slots[s];
			slots[s] = NULL;
		}
		for (s = 0; s < SAMPLE_SLOTS; s++) {
			slabstat_free(cache, slots[s]);
			slots[s] = NULL;
		}
	}
	complete(&w->done);
	return 0;
}

/*
 * Allocate the objects kept until unload.  Not __init: with call-site
 * tracking on (debug=2), slabstat_alloc_traces names this function, and
 * an __init one is gone once the module is loaded.
 */
static noinline void sample_keep(struct sample_cache *sc)
{
	unsigned int i;

	for (i = 0; i < SAMPLE_KEEP; i++)
		sc->kept[i] = slabstat_alloc(sc->cache, GFP_KERNEL);
}

static int __init sample_init(void)
{
	unsigned int nr = 0, cpu, c, i, slot;
	struct sample_worker *w;
	unsigned long ops = 0;
	int err;

	for (c = 0; c < ARRAY_SIZE(sample_caches); c++) {
		struct sample_cache *sc = &sample_caches[c];

		sc->cache = slabstat_cache_create(sc->name, sc->size, 0,
						  sc->flags, sc->ctor);
		if (IS_ERR(sc->cache)) {
			err = PTR_ERR(sc->cache);
			pr_err("cannot create cache %s: %d\n", sc->name, err);
			goto out_destroy;
		}
		if (!sc->limit)
			continue;
		err = slabstat_cache_set_limit(sc->cache, *sc->limit);
		if (err) {
			pr_err("cannot limit cache %s to %lu bytes: %d\n",
			       sc->name, *sc->limit, err);
			c++;	/* destroy this one too */
			goto out_destroy;
		}
	}

	nr = min_t(unsigned int, num_online_cpus(), SAMPLE_MAX_THREADS);
	w = kcalloc(nr, sizeof(*w), GFP_KERNEL);
	err = -ENOMEM;
	if (!w)
		goto out_destroy;
	slot = 0;
	for_each_online_cpu(cpu) {
		if (slot == nr)
			break;
		w[slot].slot = slot;
		init_completion(&w[slot].done);
		w[slot].task = kthread_create_on_cpu(sample_churn, &w[slot],
						     cpu, "slabstat_sample/%u");
		if (IS_ERR(w[slot].task))
			complete(&w[slot].done);
		else
			wake_up_process(w[slot].task);
		slot++;
	}
	for (slot = 0; slot < nr; slot++) {
		wait_for_completion(&w[slot].done);
		ops += w[slot].ops;
	}

	/* Free what each thread left, from this CPU. */
	for (c = 0; c < ARRAY_SIZE(sample_caches); c++)
		for (slot = 0; slot < nr; slot++)
			for (i = 0; i < SAMPLE_SLOTS / 2; i++) {
				slabstat_free(sample_caches[c].cache,
					      sample_handoff[c][slot][i]);
				sample_handoff[c][slot][i] = NULL;
			}
	kfree(w);

	for (c = 0; c < ARRAY_SIZE(sample_caches); c++)
		sample_keep(&sample_caches[c]);
	pr_info("churned %u caches on %u CPUs: %lu operations\n",
		(unsigned int)ARRAY_SIZE(sample_caches), nr, ops);
	return 0;

out_destroy:
	while (c-- > 0)
		slabstat_cache_destroy(sample_caches[c].cache);
	return err;
}

static void __exit sample_exit(void)
{
	unsigned int c, i;

	for (c = 0; c < ARRAY_SIZE(sample_caches); c++) {
		for (i = 0; i < SAMPLE_KEEP; i++)
			slabstat_free(sample_caches[c].cache,
				      sample_caches[c].kept[i]);
		slabstat_cache_destroy(sample_caches[c].cache);
	}
}

module_init(sample_init);
module_exit(sample_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("slabstat sample client: churns caches from every CPU");
