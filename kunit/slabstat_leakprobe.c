// SPDX-License-Identifier: GPL-2.0
/*
 * slabstat_leakprobe: shows that live slabstat objects are kmemleak objects.
 * Loaded by the kmemleak boot of make check (scripts/guest/kmemleak.sh),
 * never in production: it prints raw addresses for the host to look up in
 * the kmemleak report.
 *
 * At load it leaves SSLP_ORPHANS slabstat objects referenced by nobody (it
 * keeps their addresses XORed, which are no pointers to kmemleak's scan),
 * and SSLP_HOLDERS live slabstat objects, each the only reference to a
 * kmalloc block.  A kmemleak scan must report most orphans and must report
 * no holder and no block.  "Most", not all: kmemleak scans stacks and
 * per-CPU areas, where a stale copy of an address (a spilled register) makes
 * an object look referenced; that is kmemleak's way, not a slabstat leak.
 * Unloading frees everything.  The allocations are made on a kthread that
 * exits at once, so no live stack holds the addresses.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/slab.h>

#include <slabstat.h>

#define SSLP_HIDE	0x5a5a5a5a5a5a5a5aUL
#define SSLP_ORPHANS	32
#define SSLP_HOLDERS	8

static struct slabstat_cache *sslp_cache;
static void *sslp_holder[SSLP_HOLDERS];		/* live, referenced here */
static unsigned long sslp_inner[SSLP_HOLDERS];	/* only in a holder */
static unsigned long sslp_orphan[SSLP_ORPHANS];	/* referenced by none */
static DECLARE_COMPLETION(sslp_done);

/*
 * Everything zeroed: kmemleak scans a holder whole, and whatever an
 * unzeroed object held before could reference an orphan by chance.
 */
static int sslp_thread(void *unused)
{
	unsigned int i;

	for (i = 0; i < SSLP_ORPHANS; i++)
		sslp_orphan[i] = (unsigned long)slabstat_alloc(sslp_cache,
						GFP_KERNEL | __GFP_ZERO) ^ SSLP_HIDE;
	for (i = 0; i < SSLP_HOLDERS; i++) {
		void *inner = kzalloc(48, GFP_KERNEL);

		sslp_holder[i] = slabstat_alloc(sslp_cache,
						GFP_KERNEL | __GFP_ZERO);
		if (sslp_holder[i])
			*(void **)sslp_holder[i] = inner;
		sslp_inner[i] = (unsigned long)inner ^ SSLP_HIDE;
	}
	complete(&sslp_done);
	return 0;
}

static void sslp_free(void)
{
	unsigned int i;

	for (i = 0; i < SSLP_ORPHANS; i++)
		slabstat_free(sslp_cache, (void *)(sslp_orphan[i] ^ SSLP_HIDE));
	for (i = 0; i < SSLP_HOLDERS; i++) {
		kfree((void *)(sslp_inner[i] ^ SSLP_HIDE));
		slabstat_free(sslp_cache, sslp_holder[i]);
	}
	slabstat_cache_destroy(sslp_cache);
}

static int __init sslp_init(void)
{
	struct task_struct *t;
	unsigned int i;

	sslp_cache = slabstat_cache_create("leakprobe", 64, 0, 0, NULL);
	if (IS_ERR(sslp_cache))
		return PTR_ERR(sslp_cache);
	t = kthread_run(sslp_thread, NULL, "slabstat_leakprobe");
	if (IS_ERR(t)) {
		slabstat_cache_destroy(sslp_cache);
		return PTR_ERR(t);
	}
	wait_for_completion(&sslp_done);
	for (i = 0; i < SSLP_HOLDERS; i++) {
		if (!sslp_holder[i] || sslp_inner[i] == SSLP_HIDE)
			goto nomem;
	}
	for (i = 0; i < SSLP_ORPHANS; i++)
		if (sslp_orphan[i] == SSLP_HIDE)
			goto nomem;

	/* Raw addresses on purpose: the host matches them in the report. */
	for (i = 0; i < SSLP_ORPHANS; i++)
		pr_info("probe: unreferenced 0x%08lx\n",
			sslp_orphan[i] ^ SSLP_HIDE);
	for (i = 0; i < SSLP_HOLDERS; i++)
		pr_info("probe: referenced 0x%08lx 0x%08lx\n",
			(unsigned long)sslp_holder[i], sslp_inner[i] ^ SSLP_HIDE);
	return 0;

nomem:
	pr_err("out of memory\n");
	sslp_free();
	return -ENOMEM;
}

static void __exit sslp_exit(void)
{
	sslp_free();
}

module_init(sslp_init);
module_exit(sslp_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("slabstat kmemleak probe for the test harness");
