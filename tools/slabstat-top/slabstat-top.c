// SPDX-License-Identifier: GPL-2.0
/*
 * slabstat-top: a live view of slabstat's caches.
 *
 * Reads /sys/kernel/debug/slabstat_caches, which the kernel fills without
 * stopping anyone, once per refresh, and shows per cache the live objects,
 * the memory held in slabs, alloc and free rates (per second, from the
 * difference between two reads), the magazine hit rate and the verdict of
 * the last quiesced check.  Only with -c does it also read the report,
 * /sys/kernel/debug/slabstat, whose every read stops the machine to check
 * the figures: that refreshes the check column and gives the global verdict.
 *
 * Columns are found by the names in the file's "# name ..." header, so new
 * columns in the file do not break the tool.  Documentation/observability.rst
 * describes the file and the tool.
 *
 * Exit status: 0 ok, 1 usage or read error, 2 debugfs not mounted,
 * 3 slabstat not loaded.
 */
#include <errno.h>
#include <linux/magic.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/vfs.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define DEBUGFS		"/sys/kernel/debug"
#define CACHES_FILE	DEBUGFS "/slabstat_caches"
#define REPORT_FILE	DEBUGFS "/slabstat"

#define EXIT_NODEBUGFS	2
#define EXIT_NOMODULE	3

#define NAME_MAX_LEN	31	/* SLABSTAT_NAME_MAX */
#define MAX_COLS	64

struct cache {
	char name[NAME_MAX_LEN + 1];
	char check[16];
	unsigned long long objsize, allocs, frees, live, held, hits, misses;
	double alloc_rate, free_rate;	/* per second; < 0: not known yet */
};

/* The file's columns the tool needs, besides name and check. */
static const struct {
	const char *name;
	size_t off;
} fields[] = {
	{ "objsize", offsetof(struct cache, objsize) },
	{ "allocs", offsetof(struct cache, allocs) },
	{ "frees", offsetof(struct cache, frees) },
	{ "live", offsetof(struct cache, live) },
	{ "held_bytes", offsetof(struct cache, held) },
	{ "hits", offsetof(struct cache, hits) },
	{ "misses", offsetof(struct cache, misses) },
};

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define NR_FIELDS	ARRAY_SIZE(fields)

struct sample {
	struct cache *caches;
	int nr;
	struct timespec when;
	char check[320];		/* the report's check line, with -c */
};

enum sort_key { SORT_LIVE, SORT_HELD, SORT_ALLOCS, SORT_RATE, SORT_NAME };

static const char * const sort_names[] = {
	[SORT_LIVE] = "live", [SORT_HELD] = "held", [SORT_ALLOCS] = "allocs",
	[SORT_RATE] = "rate", [SORT_NAME] = "name",
};

static enum sort_key sort_by = SORT_HELD;
static struct termios saved_tty;
static int tty_raw;

static void print_usage(FILE *f)
{
	fprintf(f,
		"usage: slabstat-top [-o | -n N] [-d SECS] [-s KEY] [-c]\n"
		"  -o       print once and exit (batch mode, same as -n 1)\n"
		"  -n N     print N times and exit (batch mode)\n"
		"  -d SECS  seconds between refreshes (default 1)\n"
		"  -s KEY   sort by live, held (default), allocs, rate or name\n"
		"  -c       read %s too before each refresh:\n"
		"           a quiesced check (it stops the machine briefly)\n"
		"           that refreshes the CHECK column\n"
		"Live mode keys: l h a r n sort as -s does, q quits.\n"
		"Exit status: 0 ok, 1 error, 2 debugfs not mounted,\n"
		"3 slabstat not loaded.\n", REPORT_FILE);
}

/*
 * Why a file cannot be opened, said plainly, and the exit status.  Without
 * debugfs mounted, /sys/kernel/debug is an empty directory of sysfs: its
 * file system type tells.
 */
static void die_open(const char *path, int err)
{
	struct statfs fs;

	if (statfs(DEBUGFS, &fs) || fs.f_type != DEBUGFS_MAGIC) {
		fprintf(stderr,
			"slabstat-top: debugfs is not mounted on %s\n"
			"  mount it with: mount -t debugfs none %s\n",
			DEBUGFS, DEBUGFS);
		exit(EXIT_NODEBUGFS);
	}
	if (err == ENOENT && access("/sys/module/slabstat", F_OK)) {
		fprintf(stderr,
			"slabstat-top: slabstat is not loaded (no %s)\n"
			"  load it with: modprobe slabstat (or insmod slabstat.ko)\n",
			path);
		exit(EXIT_NOMODULE);
	}
	if (err == ENOENT) {
		fprintf(stderr,
			"slabstat-top: slabstat is loaded but has no %s\n"
			"  (a version without it, or debugfs failed for it)\n",
			path);
		exit(EXIT_NOMODULE);
	}
	fprintf(stderr, "slabstat-top: %s: %s%s\n", path, strerror(err),
		err == EACCES ? " (debugfs needs root)" : "");
	exit(1);
}

static FILE *open_debugfs(const char *path)
{
	FILE *f = fopen(path, "r");

	if (!f)
		die_open(path, errno);
	return f;
}

/* Read the report (a quiesced check); keep its "check: ..." line. */
static void read_report(struct sample *s)
{
	FILE *f = open_debugfs(REPORT_FILE);
	char line[4096];
	int n = 0;

	snprintf(s->check, sizeof(s->check), "check: (no verdict)");
	while (fgets(line, sizeof(line), f))
		if (++n == 2) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(s->check, sizeof(s->check), "%.*s",
				 (int)sizeof(s->check) - 1, line);
		}
	if (ferror(f)) {
		fprintf(stderr, "slabstat-top: reading %s: %s\n", REPORT_FILE,
			strerror(errno));
		exit(1);
	}
	fclose(f);
}

/* Map the header's columns to fields; -1: a column the tool ignores. */
static int parse_header(char *line, int *col_field, int *check_col)
{
	char *tok, *save;
	int col = 0, seen = 0;
	size_t i;

	*check_col = -1;
	if (strncmp(line, "# name ", 7))
		return -1;
	strtok_r(line + 2, "\n ", &save);	/* "name": column 0 */
	while ((tok = strtok_r(NULL, "\n ", &save)) && ++col < MAX_COLS) {
		col_field[col] = -1;
		if (!strcmp(tok, "check"))
			*check_col = col;
		for (i = 0; i < NR_FIELDS; i++)
			if (!strcmp(tok, fields[i].name)) {
				col_field[col] = i;
				seen++;
			}
	}
	return seen == NR_FIELDS && *check_col > 0 ? 0 : -1;
}

static unsigned long long *field_of(struct cache *c, int i)
{
	return (unsigned long long *)((char *)c + fields[i].off);
}

static void parse_row(char *line, const int *col_field, int check_col,
		      struct cache *c)
{
	char *tok, *save;
	int col = 0;

	memset(c, 0, sizeof(*c));
	c->alloc_rate = -1;
	c->free_rate = -1;
	tok = strtok_r(line, "\n ", &save);
	snprintf(c->name, sizeof(c->name), "%s", tok ? tok : "?");
	while ((tok = strtok_r(NULL, "\n ", &save)) && ++col < MAX_COLS) {
		if (col == check_col)
			snprintf(c->check, sizeof(c->check), "%s", tok);
		else if (col_field[col] >= 0)
			*field_of(c, col_field[col]) = strtoull(tok, NULL, 10);
	}
}

/* One read of slabstat_caches. */
static void take_sample(struct sample *s)
{
	int col_field[MAX_COLS], check_col;
	char line[1024];
	FILE *f;

	f = open_debugfs(CACHES_FILE);
	clock_gettime(CLOCK_MONOTONIC, &s->when);
	s->nr = 0;
	if (!fgets(line, sizeof(line), f) ||
	    parse_header(line, col_field, &check_col)) {
		fprintf(stderr, "slabstat-top: %s: unexpected header\n",
			CACHES_FILE);
		exit(1);
	}
	while (fgets(line, sizeof(line), f)) {
		s->caches = realloc(s->caches, (s->nr + 1) * sizeof(*s->caches));
		if (!s->caches) {
			perror("slabstat-top");
			exit(1);
		}
		parse_row(line, col_field, check_col, &s->caches[s->nr++]);
	}
	fclose(f);
}

/* Rates from the previous sample, for caches it had too. */
static void set_rates(struct sample *s, const struct sample *prev)
{
	double dt = (s->when.tv_sec - prev->when.tv_sec) +
		    (s->when.tv_nsec - prev->when.tv_nsec) / 1e9;
	int i, j;

	if (dt <= 0)
		return;
	for (i = 0; i < s->nr; i++)
		for (j = 0; j < prev->nr; j++) {
			struct cache *c = &s->caches[i];
			const struct cache *p = &prev->caches[j];

			if (strcmp(c->name, p->name) || c->allocs < p->allocs ||
			    c->frees < p->frees)
				continue;
			c->alloc_rate = (c->allocs - p->allocs) / dt;
			c->free_rate = (c->frees - p->frees) / dt;
		}
}

static int cmp_u64(unsigned long long a, unsigned long long b)
{
	return a < b ? 1 : a > b ? -1 : 0;	/* larger first */
}

static int cmp_cache(const void *pa, const void *pb)
{
	const struct cache *a = pa, *b = pb;
	int r = 0;

	switch (sort_by) {
	case SORT_LIVE:
		r = cmp_u64(a->live, b->live);
		break;
	case SORT_HELD:
		r = cmp_u64(a->held, b->held);
		break;
	case SORT_ALLOCS:
		r = cmp_u64(a->allocs, b->allocs);
		break;
	case SORT_RATE:
		r = a->alloc_rate < b->alloc_rate ? 1 :
		    a->alloc_rate > b->alloc_rate ? -1 : 0;
		break;
	case SORT_NAME:
		break;
	}
	return r ? r : strcmp(a->name, b->name);
}

static void print_rate(double rate)
{
	if (rate < 0)
		printf(" %9s", "-");
	else
		printf(" %9.0f", rate);
}

/* One screen (or one batch block); at most @rows cache lines if > 0. */
static void show(struct sample *s, int check_now, int rows)
{
	unsigned long long live = 0, held = 0;
	int i, ok = 0, bad = 0, never = 0;

	qsort(s->caches, s->nr, sizeof(*s->caches), cmp_cache);
	for (i = 0; i < s->nr; i++) {
		live += s->caches[i].live;
		held += s->caches[i].held;
		ok += !strcmp(s->caches[i].check, "ok");
		bad += !strcmp(s->caches[i].check, "MISMATCH");
		never += !strcmp(s->caches[i].check, "never");
	}
	printf("slabstat-top: %d caches, %llu live objects, %llu KiB held, sorted by %s\n",
	       s->nr, live, held / 1024, sort_names[sort_by]);
	if (check_now)
		printf("quiesced %s\n", s->check);
	else
		printf("last checks: %d ok, %d MISMATCH, %d never (-c checks now)\n",
		       ok, bad, never);
	printf("%-20s %7s %10s %10s %12s %12s %9s %9s %6s %s\n", "NAME",
	       "OBJSIZE", "LIVE", "HELD_KIB", "ALLOCS", "FREES", "ALLOC/S",
	       "FREE/S", "HIT%", "CHECK");
	for (i = 0; i < s->nr && (rows <= 0 || i < rows); i++) {
		const struct cache *c = &s->caches[i];
		unsigned long long ops = c->hits + c->misses;

		printf("%-20s %7llu %10llu %10llu %12llu %12llu", c->name,
		       c->objsize, c->live, c->held / 1024, c->allocs,
		       c->frees);
		print_rate(c->alloc_rate);
		print_rate(c->free_rate);
		if (ops)
			printf(" %6.1f", 100.0 * c->hits / ops);
		else
			printf(" %6s", "-");
		printf(" %s\n", c->check);
	}
	if (i < s->nr)
		printf("... %d more\n", s->nr - i);
}

static void tty_restore(void)
{
	if (tty_raw)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
	tty_raw = 0;
}

/* Ctrl-C in live mode: give the terminal back, then go. */
static void on_signal(int sig)
{
	tty_restore();
	_exit(128 + sig);
}

static void tty_setup(void)
{
	struct termios t;

	if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved_tty))
		return;
	t = saved_tty;
	t.c_lflag &= ~(ICANON | ECHO);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	if (tcsetattr(STDIN_FILENO, TCSANOW, &t))
		return;
	tty_raw = 1;
	atexit(tty_restore);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
}

static int term_rows(void)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) || ws.ws_row < 6)
		return 0;
	return ws.ws_row - 5;
}

/* Live mode: the whole screen again. */
static void draw(struct sample *s, int check_now)
{
	printf("\033[H\033[2J");
	show(s, check_now, term_rows());
	printf("keys: l live, h held, a allocs, r rate, n name, q quit\n");
	fflush(stdout);
}

/* Wait @secs, redrawing @s sorted anew on l h a r n: 1 on q, else 0. */
static int wait_key(double secs, struct sample *s, int check_now)
{
	static const char keys[] = "lharn";	/* in enum sort_key order */
	const char *k;
	struct timespec end, now;
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
	char key;

	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += (time_t)secs;
	end.tv_nsec += (long)((secs - (time_t)secs) * 1e9);
	for (;;) {
		long ms;

		clock_gettime(CLOCK_MONOTONIC, &now);
		ms = (end.tv_sec - now.tv_sec) * 1000 +
		     (end.tv_nsec - now.tv_nsec) / 1000000;
		if (ms <= 0)
			return 0;
		if (!tty_raw || poll(&p, 1, ms) <= 0) {
			if (!tty_raw)
				poll(NULL, 0, ms);
			continue;
		}
		if (read(STDIN_FILENO, &key, 1) != 1 || key == 'q')
			return 1;
		k = key ? strchr(keys, key) : NULL;
		if (k) {
			sort_by = k - keys;
			draw(s, check_now);
		}
	}
}

int main(int argc, char **argv)
{
	struct sample cur = { 0 }, prev = { 0 }, tmp;
	int opt, count = 0, check_now = 0, i;
	double delay = 1;
	char *end;

	while ((opt = getopt(argc, argv, "on:d:s:ch")) != -1) {
		switch (opt) {
		case 'o':
			count = 1;
			break;
		case 'n':
			count = strtol(optarg, &end, 10);
			if (*end || count < 1) {
				fprintf(stderr, "slabstat-top: -n wants a count >= 1\n");
				return 1;
			}
			break;
		case 'd':
			delay = strtod(optarg, &end);
			if (*end || delay <= 0) {
				fprintf(stderr, "slabstat-top: -d wants seconds > 0\n");
				return 1;
			}
			break;
		case 's':
			for (i = 0; i <= SORT_NAME; i++)
				if (!strcmp(optarg, sort_names[i]))
					break;
			if (i > SORT_NAME) {
				fprintf(stderr,
					"slabstat-top: -s wants live, held, allocs, rate or name\n");
				return 1;
			}
			sort_by = i;
			break;
		case 'c':
			check_now = 1;
			break;
		case 'h':
			print_usage(stdout);
			return 0;
		default:
			print_usage(stderr);
			return 1;
		}
	}
	if (optind < argc) {
		print_usage(stderr);
		return 1;
	}
	if (!count)
		tty_setup();

	for (i = 0; !count || i < count; i++) {
		if (check_now)
			read_report(&cur);
		take_sample(&cur);
		if (i)
			set_rates(&cur, &prev);
		if (count) {
			if (i)
				printf("\n");
			show(&cur, check_now, 0);
			fflush(stdout);
		} else {
			draw(&cur, check_now);
		}
		tmp = prev;
		prev = cur;
		cur = tmp;
		if (count && i + 1 == count)
			break;
		if (count)
			poll(NULL, 0, (int)(delay * 1000));
		else if (wait_key(delay, &prev, check_now))
			break;
	}
	free(cur.caches);
	free(prev.caches);
	return 0;
}
