// SPDX-License-Identifier: GPL-2.0
/*
 * Debug caches, quarantine and fault injection.
 *
 * SLABSTAT_POISON: a free object is filled with POISON_FREE bytes ending in
 * POISON_END, and the pattern is verified when the object is handed out
 * again; a difference is a write after free.  SLABSTAT_REDZONE: guard bytes
 * (SS_RZ_BYTE) on both sides of each object, verified when the object is
 * freed; a difference is an overrun.  SLABSTAT_TRACK_CALLER: each object's
 * allocating call site while it is live, and its allocating and freeing
 * ones while it is free (struct ss_track), for the reports below and for
 * /sys/kernel/debug/slabstat_alloc_traces (track.c).  The module parameter
 * "debug" adds them to every cache created while it is set: 1 poison and
 * red zones, 2 call sites, 3 both.  Caches with a constructor are never
 * poisoned: their objects must keep their constructed state.
 *
 * Slot layout of a debug cache, from the object's address:
 *
 *   [-lrz, 0)               left red zone (lrz = SS_RZ rounded to the align)
 *   [0, size)               the object
 *   [size, free_off)        right red zone (at least SS_RZ bytes)
 *   [free_off, free_off+8)  the free word
 *   [track_off, +16)        alloc and free call sites (track_off =
 *                           free_off + 8), SLABSTAT_TRACK_CALLER only
 *
 * The call sites are outside the object, so a tracking cache costs the
 * hit paths of other caches nothing: the flag test they make for poison
 * and red zones covers it.
 *
 * A corrupted object is quarantined: reported, counted, and never reused.
 * It stays "in use" on its slab forever, so the slab is never freed and the
 * corruption cannot spread to another owner of the page.  The check counts
 * quarantined objects apart (live == in use - cached - quarantined).
 *
 * Each kind of corruption is reported in full (cache, offsets, first bad
 * byte, a hex dump around it) once per cache; later ones are only counted.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/fault-inject.h>
#include <linux/kallsyms.h>
#include <linux/kstrtox.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/poison.h>
#include <linux/printk.h>
#include <linux/string.h>

#include "internal.h"
#include "object.h"

/* The "debug" parameter's bits. */
#define SS_DEBUG_CHECK	0x1u	/* poison and red zones */
#define SS_DEBUG_TRACK	0x2u	/* call sites */
#define SS_DEBUG_ALL	(SS_DEBUG_CHECK | SS_DEBUG_TRACK)

static unsigned int debug;

/* The words a bool parameter showed ("Y", "N") or took, as before. */
static const char * const ss_debug_words[][2] = {
	{ "n", "y" }, { "N", "Y" }, { "no", "yes" }, { "off", "on" },
	{ "false", "true" },
};

/* A mask of SS_DEBUG_ALL bits, or a boolean as before ("Y" is 1). */
static int ss_debug_param_set(const char *val, const struct kernel_param *kp)
{
	unsigned int mask, i, on;

	if (!kstrtouint(val, 0, &mask)) {
		if (mask & ~SS_DEBUG_ALL)
			return -EINVAL;
		WRITE_ONCE(debug, mask);
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(ss_debug_words); i++) {
		for (on = 0; on < 2; on++) {
			if (sysfs_streq(val, ss_debug_words[i][on])) {
				WRITE_ONCE(debug, on ? SS_DEBUG_CHECK : 0);
				return 0;
			}
		}
	}
	return -EINVAL;
}

static const struct kernel_param_ops ss_debug_param_ops = {
	.set = ss_debug_param_set,
	.get = param_get_uint,
};

module_param_cb(debug, &ss_debug_param_ops, &debug, 0644);
MODULE_PARM_DESC(debug,
		 "Debug flags of every cache created from now on: 1 poison and red zones, 2 call sites, 3 both (default 0)");

const char * const ss_dbg_names[SS_NR_DBG] = {
	[SS_DBG_POISON] = "write after free",
	[SS_DBG_REDZONE_LEFT] = "overrun before the object",
	[SS_DBG_REDZONE_RIGHT] = "overrun after the object",
	[SS_DBG_FREELIST] = "corrupted free pointer",
};

/**
 * ss_debug_flags() - the debug flags a new cache gets
 * @flags: the flags its creator asked for
 * @ctor: its constructor, or NULL
 *
 * Return: @flags with the module's "debug" parameter applied, and without
 * SLABSTAT_POISON when there is a constructor.
 */
unsigned int ss_debug_flags(unsigned int flags, void (*ctor)(void *))
{
	unsigned int mask = READ_ONCE(debug);

	if (mask & SS_DEBUG_CHECK)
		flags |= SLABSTAT_POISON | SLABSTAT_REDZONE;
	if (mask & SS_DEBUG_TRACK)
		flags |= SLABSTAT_TRACK_CALLER;
	if (ctor)
		flags &= ~SLABSTAT_POISON;
	return flags;
}

static void ss_poison(struct slabstat_cache *c, u8 *obj)
{
	memset(obj, POISON_FREE, c->size - 1);
	obj[c->size - 1] = POISON_END;
}

/**
 * ss_debug_init_obj() - set up a new object's red zones and poison
 * @c: a debug cache
 * @obj: a new object, not yet on any freelist
 */
void ss_debug_init_obj(struct slabstat_cache *c, void *obj)
{
	u8 *p = obj;

	if (c->flags & SLABSTAT_REDZONE) {
		memset(p - c->lrz, SS_RZ_BYTE, c->lrz);
		memset(p + c->size, SS_RZ_BYTE, c->free_off - c->size);
	}
	if (c->flags & SLABSTAT_POISON)
		ss_poison(c, p);
	if (c->flags & SLABSTAT_TRACK_CALLER)
		memset(ss_track_of(c, obj), 0, sizeof(struct ss_track));
}

/* The first byte in [p, p + len) that is not @want, or NULL. */
static u8 *ss_first_bad(u8 *p, size_t len, u8 want)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != want)
			return p + i;
	return NULL;
}

/**
 * ss_site_known() - may a call site be printed with "%pS"?
 * @ip: a call site, or 0
 *
 * "%pS" prints a raw address when kallsyms names nothing there (no
 * kallsyms, or the module is gone); slabstat never prints one.
 *
 * Return: @ip if it names a symbol, else 0 (which "%pS" prints as 0x0).
 */
unsigned long ss_site_known(unsigned long ip)
{
	char buf[KSYM_SYMBOL_LEN];

	if (!ip || !sprint_symbol(buf, ip) || !strncmp(buf, "0x", 2))
		return 0;
	return ip;
}

/**
 * ss_debug_track_report() - log who allocated and last freed an object
 * @c: a SLABSTAT_TRACK_CALLER cache
 * @obj: an object of @c
 * @ip: the call site that is using it now (a free, or 0)
 *
 * One rate-limited pr_err, after a corruption or double-free report.
 */
void ss_debug_track_report(struct slabstat_cache *c, void *obj,
			   unsigned long ip)
{
	struct ss_track *t = ss_track_of(c, obj);
	unsigned long alloc = ss_site_known(READ_ONCE(t->alloc_ip));
	unsigned long freed = ss_site_known(READ_ONCE(t->free_ip));

	pr_err_ratelimited("cache %s: object at slab offset %lu: allocated by %pS, last freed by %pS, now at %pS\n",
			   c->name,
			   (unsigned long)((u8 *)obj - (u8 *)ss_slab_of(c, obj)->base),
			   (void *)alloc, (void *)freed,
			   (void *)ss_site_known(ip));
}

/*
 * Report one corruption of @obj at @bad (expected @want), found by a call
 * at @ip; count it.
 */
static void ss_debug_report(struct slabstat_cache *c, enum ss_dbg_kind kind,
			    u8 *obj, u8 *bad, u8 want, unsigned long ip)
{
	struct ss_slab *slab = ss_slab_of(c, obj);
	u8 *slot = obj - c->lrz, *from, *to;

	atomic_long_inc(&c->dbg[kind]);
	if (test_and_set_bit(kind, &c->dbg_reported))
		return;
	pr_err("cache %s: %s: object at slab offset %lu, byte %ld is 0x%02x, expected 0x%02x\n",
	       c->name, ss_dbg_names[kind], (unsigned long)(obj - (u8 *)slab->base),
	       (long)(bad - obj), *bad, want);
	/* Up to 32 bytes either side of the bad byte, within the slot. */
	from = max(bad - 32, slot);
	to = min(bad + 32, slot + c->stride);
	pr_err("cache %s: bytes from object offset %ld:\n", c->name,
	       (long)(from - obj));
	print_hex_dump(KERN_ERR, KBUILD_MODNAME ": ", DUMP_PREFIX_OFFSET, 16, 1,
		       from, to - from, false);
	if (c->flags & SLABSTAT_TRACK_CALLER)
		ss_debug_track_report(c, obj, ip);
}

/**
 * ss_debug_free_ok() - check a freed object's red zones, then poison it and
 *	record who freed it
 * @c: a debug cache
 * @obj: an object of @c a caller is freeing (already validated)
 * @ip: the caller's call site
 *
 * Return: false if a red zone was overwritten; the caller quarantines it.
 */
bool ss_debug_free_ok(struct slabstat_cache *c, void *obj, unsigned long ip)
{
	u8 *p = obj, *bad;

	if (c->flags & SLABSTAT_REDZONE) {
		bad = ss_first_bad(p - c->lrz, c->lrz, SS_RZ_BYTE);
		if (bad) {
			ss_debug_report(c, SS_DBG_REDZONE_LEFT, p, bad,
					SS_RZ_BYTE, ip);
			return false;
		}
		bad = ss_first_bad(p + c->size, c->free_off - c->size,
				   SS_RZ_BYTE);
		if (bad) {
			ss_debug_report(c, SS_DBG_REDZONE_RIGHT, p, bad,
					SS_RZ_BYTE, ip);
			return false;
		}
	}
	if (c->flags & SLABSTAT_POISON)
		ss_poison(c, p);
	if (c->flags & SLABSTAT_TRACK_CALLER)
		WRITE_ONCE(ss_track_of(c, obj)->free_ip, ip);
	return true;
}

/* Record who is allocating @obj, if @c tracks call sites. */
static void ss_debug_track_alloc(struct slabstat_cache *c, void *obj,
				 unsigned long ip)
{
	struct ss_track *t;

	if (!(c->flags & SLABSTAT_TRACK_CALLER))
		return;
	t = ss_track_of(c, obj);
	WRITE_ONCE(t->free_ip, 0);
	WRITE_ONCE(t->alloc_ip, ip);
}

/**
 * ss_debug_alloc_ok() - verify a free object's poison before handing it out
 *	and record who allocates it
 * @c: a debug cache (poison or call sites)
 * @obj: the object
 * @ip: the caller's call site
 *
 * Return: false if the poison was overwritten; the caller quarantines it.
 */
bool ss_debug_alloc_ok(struct slabstat_cache *c, void *obj, unsigned long ip)
{
	u8 *p = obj, *bad;

	if (!(c->flags & SLABSTAT_POISON)) {
		ss_debug_track_alloc(c, obj, ip);
		return true;
	}
	bad = ss_first_bad(p, c->size - 1, POISON_FREE);
	if (!bad && p[c->size - 1] != POISON_END)
		bad = p + c->size - 1;
	if (bad) {
		ss_debug_report(c, SS_DBG_POISON, p, bad,
				bad == p + c->size - 1 ? POISON_END :
				POISON_FREE, ip);
		return false;
	}
	ss_debug_track_alloc(c, obj, ip);
	return true;
}

/**
 * ss_debug_freelist_report() - report a free word that decodes to no object
 * @c: the cache
 * @obj: the object whose free word is bad
 * @lost: free objects of its slab that could no longer be reached
 *
 * Called after the slab lock is dropped.
 */
void ss_debug_freelist_report(struct slabstat_cache *c, void *obj,
			      unsigned int lost)
{
	u8 *word = (u8 *)obj + c->free_off;

	atomic_long_inc(&c->dbg[SS_DBG_FREELIST]);
	if (test_and_set_bit(SS_DBG_FREELIST, &c->dbg_reported))
		return;
	pr_err("cache %s: %s: object at slab offset %lu, free word at object offset %u; %u free objects quarantined\n",
	       c->name, ss_dbg_names[SS_DBG_FREELIST],
	       (unsigned long)((u8 *)obj - (u8 *)ss_slab_of(c, obj)->base),
	       c->free_off, lost);
	print_hex_dump(KERN_ERR, KBUILD_MODNAME ": ", DUMP_PREFIX_OFFSET, 16, 1,
		       word, sizeof(unsigned long), false);
}

/* Fault injection, as failslab: /sys/kernel/debug/fail_slabstat_{page,magazine} */

#ifdef CONFIG_FAULT_INJECTION
static DECLARE_FAULT_ATTR(ss_fail_page);
static DECLARE_FAULT_ATTR(ss_fail_mag);

/* As fail_page_alloc: __GFP_NOFAIL is never failed. */
bool ss_should_fail_page(unsigned int order, bool nofail)
{
	return !nofail && should_fail(&ss_fail_page, PAGE_SIZE << order);
}

bool ss_should_fail_mag(size_t size)
{
	return should_fail(&ss_fail_mag, size);
}
#endif

#ifdef CONFIG_FAULT_INJECTION_DEBUG_FS
static struct dentry *ss_fail_dirs[2];

void ss_fault_init(void)
{
	/* Injected failures are expected: no stack trace unless asked. */
	ss_fail_page.verbose = 0;
	ss_fail_mag.verbose = 0;
	ss_fail_dirs[0] = fault_create_debugfs_attr("fail_slabstat_page", NULL,
						    &ss_fail_page);
	ss_fail_dirs[1] = fault_create_debugfs_attr("fail_slabstat_magazine",
						    NULL, &ss_fail_mag);
}

void ss_fault_exit(void)
{
	debugfs_remove_recursive(ss_fail_dirs[0]);
	debugfs_remove_recursive(ss_fail_dirs[1]);
}
#else
void ss_fault_init(void)
{
#ifdef CONFIG_FAULT_INJECTION
	ss_fail_page.verbose = 0;
	ss_fail_mag.verbose = 0;
#endif
}

void ss_fault_exit(void)
{
}
#endif

#if defined(SLABSTAT_TEST) && defined(CONFIG_FAULT_INJECTION)
/**
 * slabstat_test_fail() - make the next allocations fail (test builds only)
 * @magazine: false for slab pages, true for magazines
 * @times: how many failures to inject; 0 turns injection off
 *
 * Return: 0, or -EOPNOTSUPP without CONFIG_FAULT_INJECTION.
 */
int slabstat_test_fail(bool magazine, int times)
{
	struct fault_attr *attr = magazine ? &ss_fail_mag : &ss_fail_page;

	attr->verbose = 0;
	attr->interval = 1;
	attr->probability = times ? 100 : 0;
	atomic_set(&attr->times, times);
	return 0;
}
#elif defined(SLABSTAT_TEST)
int slabstat_test_fail(bool magazine, int times)
{
	return -EOPNOTSUPP;
}
#endif
#ifdef SLABSTAT_TEST
EXPORT_SYMBOL_GPL(slabstat_test_fail);
#endif
