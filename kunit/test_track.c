// SPDX-License-Identifier: GPL-2.0
/*
 * slabstat_track: call-site tracking (SLABSTAT_TRACK_CALLER, debug=2) and
 * /sys/kernel/debug/slabstat_alloc_traces.  Two functions keep 10 and 20
 * objects live: the file names both, with their counts and bytes, the
 * larger first, and no raw address; once they are freed, neither.  A freed
 * object remembers who allocated and who freed it; the module parameter
 * turns tracking on for new caches; caches that do not track keep their
 * layout.
 */
#include <kunit/test.h>
#include <linux/fs.h>
#include <linux/kallsyms.h>
#include <linux/string.h>

#include "ss_test.h"

#define SS_TRACES	"/sys/kernel/debug/slabstat_alloc_traces"
#define SS_DEBUG_PARAM	"/sys/module/slabstat/parameters/debug"

/*
 * The offset in @buf of the line "<cache> <objects> <bytes> <fn>+...", or
 * -1.  Any line of @cache naming @fn counts, whatever its figures, which
 * are then checked.
 */
static long ss_track_find(struct kunit *test, char *buf, const char *cache,
			  const char *fn, unsigned long objects,
			  unsigned long long bytes)
{
	char *line = buf, *end;

	for (; *line; line = end + 1) {
		char name[SLABSTAT_NAME_MAX + 1], site[KSYM_NAME_LEN];
		unsigned long long b;
		unsigned long n;

		end = strchrnul(line, '\n');
		if (sscanf(line, "%31s %lu %llu %127[^\n +]", name, &n, &b,
			   site) != 4 || strcmp(name, cache) || strcmp(site, fn)) {
			if (!*end)
				break;
			continue;
		}
		KUNIT_EXPECT_EQ_MSG(test, n, objects, "%s", fn);
		KUNIT_EXPECT_EQ_MSG(test, b, bytes, "%s", fn);
		return line - buf;
	}
	return -1;
}

/* Does any line of @buf belong to @cache? */
static bool ss_track_has_cache(char *buf, const char *cache)
{
	size_t len = strlen(cache);
	char *line;

	for (line = buf; line; line = strchr(line, '\n')) {
		if (*line == '\n')
			line++;
		if (!strncmp(line, cache, len) && line[len] == ' ')
			return true;
	}
	return false;
}

/*
 * The two call sites.  noinline and a barrier after each call: the call
 * site is inside each function, never folded into its caller.
 */
static noinline void ss_track_keep_ten(struct slabstat_cache *c, void **objs)
{
	unsigned int i;

	for (i = 0; i < 10; i++) {
		objs[i] = slabstat_alloc(c, GFP_KERNEL);
		barrier();
	}
}

static noinline void ss_track_keep_twenty(struct slabstat_cache *c,
					  void **objs)
{
	unsigned int i;

	for (i = 0; i < 20; i++) {
		objs[i] = slabstat_alloc(c, GFP_KERNEL);
		barrier();
	}
}

static void ss_track_two_sites(struct kunit *test)
{
	struct slabstat_cache *c;
	void *ten[10], *twenty[20];
	long at_ten, at_twenty;
	unsigned int i;
	char *buf;

	c = ss_test_cache(test, "track-sites", 64, 0, SLABSTAT_TRACK_CALLER,
			  NULL);
	ss_track_keep_ten(c, ten);
	ss_track_keep_twenty(c, twenty);
	for (i = 0; i < 10; i++)
		KUNIT_ASSERT_NOT_NULL(test, ten[i]);
	for (i = 0; i < 20; i++)
		KUNIT_ASSERT_NOT_NULL(test, twenty[i]);
	/* Churn that ends with nothing live adds no line. */
	for (i = 0; i < 200; i++)
		slabstat_free(c, slabstat_alloc(c, GFP_KERNEL));

	buf = ss_test_read_file(test, SS_TRACES);
	KUNIT_EXPECT_EQ(test, strncmp(buf, "# cache objects bytes call_site\n",
				      32), 0);
	at_twenty = ss_track_find(test, buf, "track-sites",
				  "ss_track_keep_twenty", 20, 20 * 64);
	at_ten = ss_track_find(test, buf, "track-sites", "ss_track_keep_ten",
			       10, 10 * 64);
	KUNIT_EXPECT_GE_MSG(test, at_twenty, 0, "file:\n%s", buf);
	KUNIT_EXPECT_GE_MSG(test, at_ten, 0, "file:\n%s", buf);
	KUNIT_EXPECT_LT(test, at_twenty, at_ten);	/* largest first */
	KUNIT_EXPECT_NULL_MSG(test, strstr(buf, "0xf"), "file:\n%s", buf);

	slabstat_free_bulk(c, ARRAY_SIZE(ten), ten);
	slabstat_free_bulk(c, ARRAY_SIZE(twenty), twenty);
	buf = ss_test_read_file(test, SS_TRACES);
	KUNIT_EXPECT_FALSE_MSG(test, ss_track_has_cache(buf, "track-sites"),
			       "file:\n%s", buf);
}

/* @site is in function @fn, or in a clone of it (fn.constprop.0). */
static void ss_track_expect_fn(struct kunit *test, unsigned long site,
			       const char *fn)
{
	char sym[KSYM_SYMBOL_LEN];
	size_t len = strlen(fn);

	snprintf(sym, sizeof(sym), "%ps", (void *)site);
	KUNIT_EXPECT_TRUE_MSG(test, !strncmp(sym, fn, len) &&
			      (sym[len] == ' ' || sym[len] == '.' || !sym[len]),
			      "site %s, want %s", sym, fn);
}

static noinline void *ss_track_alloc_here(struct slabstat_cache *c)
{
	void *p = slabstat_alloc(c, GFP_KERNEL);

	barrier();
	return p;
}

static noinline void ss_track_free_here(struct slabstat_cache *c, void *p)
{
	slabstat_free(c, p);
	barrier();
}

/*
 * A live object knows who allocated it; a freed one who allocated and who
 * freed it; a double free of it is refused and counted (its report names
 * both).  With poison and red zones too, the same.
 */
static void ss_track_free_site(struct kunit *test)
{
	static const unsigned int flags[] = {
		SLABSTAT_TRACK_CALLER,
		SLABSTAT_TRACK_CALLER | SLABSTAT_POISON | SLABSTAT_REDZONE,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(flags); i++) {
		struct slabstat_cache *c;
		struct ss_track *t;
		void *p;

		c = ss_test_cache(test, i ? "track-free-dbg" : "track-free",
				  100, 0, flags[i], NULL);
		p = ss_track_alloc_here(c);
		KUNIT_ASSERT_NOT_NULL(test, p);
		t = ss_track_of(c, p);
		ss_track_expect_fn(test, t->alloc_ip, "ss_track_alloc_here");
		KUNIT_EXPECT_EQ(test, t->free_ip, 0);
		ss_track_free_here(c, p);
		ss_track_expect_fn(test, t->alloc_ip, "ss_track_alloc_here");
		ss_track_expect_fn(test, t->free_ip, "ss_track_free_here");

		slabstat_free(c, p);
		KUNIT_EXPECT_EQ(test,
				atomic_long_read(&c->bad[SS_BAD_DOUBLE_FREE]), 1);
		ss_track_expect_fn(test, t->free_ip, "ss_track_free_here");
		ss_test_expect_check_ok(test, c);
	}
}

/* Write @val to the module parameter "debug"; return its errno or 0. */
static int ss_track_set_debug(const char *val)
{
	return ss_test_write_file(SS_DEBUG_PARAM, val);
}

static void ss_track_debug_off(void *unused)
{
	ss_track_set_debug("0");
}

/*
 * debug=2 tracks call sites in every cache created while it is set, 1 (or
 * "Y", as when it was a bool) poisons and red-zones, 3 both; anything else
 * is refused.  A cache that does not track has no room for it.
 */
static void ss_track_debug_param(struct kunit *test)
{
	static const struct {
		const char *val;
		unsigned int flags;
	} cases[] = {
		{ "2", SLABSTAT_TRACK_CALLER },
		{ "1", SLABSTAT_POISON | SLABSTAT_REDZONE },
		{ "Y", SLABSTAT_POISON | SLABSTAT_REDZONE },
		{ "3", SS_DEBUG_FLAGS },
		{ "0", 0 },
	};
	struct slabstat_cache *c;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test,
							   ss_track_debug_off,
							   NULL));
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		char name[SLABSTAT_NAME_MAX + 1];

		KUNIT_ASSERT_EQ(test, 0, ss_track_set_debug(cases[i].val));
		snprintf(name, sizeof(name), "track-param-%u", i);
		c = ss_test_cache(test, name, 64, 0, 0, NULL);
		KUNIT_EXPECT_EQ_MSG(test, c->flags & SS_DEBUG_FLAGS,
				    cases[i].flags, "debug=%s", cases[i].val);
		KUNIT_EXPECT_EQ(test, !!c->track_off,
				!!(cases[i].flags & SLABSTAT_TRACK_CALLER));
	}
	KUNIT_EXPECT_EQ(test, -EINVAL, ss_track_set_debug("4"));
	KUNIT_EXPECT_EQ(test, -EINVAL, ss_track_set_debug("track"));
	/* debug=0: a 64-byte object takes 64 bytes, as before. */
	KUNIT_EXPECT_EQ(test, c->stride, 64);
}

static struct kunit_case ss_track_cases[] = {
	KUNIT_CASE(ss_track_two_sites),
	KUNIT_CASE(ss_track_free_site),
	KUNIT_CASE(ss_track_debug_param),
	{}
};

struct kunit_suite ss_track_suite = {
	.name = "slabstat_track",
	.test_cases = ss_track_cases,
};
