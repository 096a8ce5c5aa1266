/*
 * bt-merge — put results together, losing nothing.
 *
 * `bt-merge ORIGINAL RETRY…` is the last step of the retry workflow: where a
 * retry measured a benchmark with less noise (a lower CV on its judged unit)
 * than the original, the retry's samples take the place of the original's;
 * every other record stays where it was.  ORIGINAL is replaced atomically,
 * its old contents kept as ORIGINAL.backup, under a lock, so a crash or
 * kill -9 leaves either the old file or the new one.
 *
 * `bt-merge --union FILE…` merges streams (machines, platforms) to stdout:
 * everything once, in order; a record read twice is written once.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "buf.h"
#include "map.h"
#include "plugin.h"
#include "record.h"
#include "seen.h"
#include "stats.h"
#include "text.h"
#include "util.h"

static const char *format, *output, *unit_opt;
static int union_mode;
/* stdout, taken from fd 1 before a plugin runs (plugins_own_stdout): what
 * a plugin writes there goes to stderr, with no descriptor swapped a call. */
static FILE *rout;

/* One benchmark: the running CV of its judged unit, and for a retry its
 * samples' lines. */
struct bench {
	struct stats_running run;
	char unit[64];
	struct buf lines; /* retry: the samples, one line each */
	double cv;	  /* best retry's CV */
	int replace;	  /* original: take the retry's samples */
	int written;	  /* original: retry samples already placed */
	char *who;	  /* "suite name procs", for messages */
};

static double cv_of(const struct bench *b)
{
	double cv;

	/* too few samples (or a mean of 0) to judge: never better */
	return stats_running_cv(&b->run, &cv) ? cv : INFINITY;
}

static void add_value(struct bench *b, const struct rec *rec)
{
	char tmp[64];
	const char *unit =
	    unit_opt ? unit_opt : rec_time_unit(rec, tmp, sizeof tmp);
	const struct bt_metric *m = unit ? rec_metric(rec, unit) : NULL;

	if (!m)
		return;
	if (!b->unit[0])
		snprintf(b->unit, sizeof b->unit, "%s", unit);
	stats_running_add(&b->run, m->value);
}

static void free_bench(void *p)
{
	struct bench *b = p;

	if (b) {
		buf_free(&b->lines);
		free(b->who);
	}
	free(b);
}

static struct bench *bench_of(struct map *m, const struct rec *rec,
			      struct buf *key)
{
	struct map_entry *e;

	struct bench *b;

	key->len = 0;
	rec_identity(key, &rec->r, 1, NULL); /* labels too: a retry on another
						 cpu is another benchmark */
	e = map_get(m, key->p, key->len, NULL);
	if (!e->value) {
		const struct bt_record *r = &rec->r;
		size_t n = r->suite.n + r->name.n + 32;

		identity_check(rec);
		e->value = b = xcalloc(1, sizeof(struct bench));
		b->who = xmalloc(n);
		snprintf(b->who, n, "%.*s%s%.*s %ld", (int)r->suite.n,
			 r->suite.n ? r->suite.s : "", r->suite.n ? " " : "",
			 (int)r->name.n, r->name.n ? r->name.s : "", r->procs);
	}
	return e->value;
}

/* --- reading a retry: keep its samples per benchmark ---------------------- */

struct reading {
	struct map *m;
	struct buf key, line;
};

/* The record's JSON text: as read, or serialised when a plugin made it. */
static void line_of(const struct rec *rec, struct buf *out)
{
	out->len = 0;
	if (rec->line.n)
		buf_add(out, rec->line.s, rec->line.n);
	else
		record_json(out, &rec->r);
}

static int read_retry(void *ctx, const struct rec *rec)
{
	struct reading *rd = ctx;
	struct bench *b;

	if (rec->r.kind != BT_KIND_SAMPLE)
		return 0;
	b = bench_of(rd->m, rec, &rd->key);
	add_value(b, rec);
	line_of(rec, &rd->line);
	buf_add(&b->lines, rd->line.p, rd->line.len);
	buf_addc(&b->lines, '\n');
	return 0;
}

/* Fold this retry into best: per benchmark, keep the lower CV. */
static void take_better(struct map *best, struct map *retry)
{
	size_t i;

	for (i = 0; i < retry->n; i++) {
		struct bench *r = retry->v[i].value;
		struct map_entry *e =
		    map_get(best, retry->v[i].key, retry->v[i].keylen, NULL);
		struct bench *b = e->value;

		r->cv = cv_of(r);
		if (!b || r->cv < b->cv) {
			free_bench(b);
			e->value = r;
			retry->v[i].value = NULL;
		}
	}
}

/* --- the original --------------------------------------------------------- */

struct pass {
	struct map *orig, *best;
	struct buf key, line;
	struct recw *w;
};

static int scan_original(void *ctx, const struct rec *rec)
{
	struct pass *p = ctx;

	if (rec->r.kind == BT_KIND_SAMPLE)
		add_value(bench_of(p->orig, rec, &p->key), rec);
	return 0;
}

static void decide(struct map *orig, struct map *best, const char *path)
{
	size_t i;

	for (i = 0; i < orig->n; i++) {
		struct bench *o = orig->v[i].value;
		struct map_entry *e =
		    map_find(best, orig->v[i].key, orig->v[i].keylen);
		struct bench *r = e ? e->value : NULL;
		double ocv = cv_of(o);

		if (!r || !(r->cv < ocv))
			continue;
		o->replace = 1;
		/* a file name and a benchmark's as text, never as control */
		fprintf(stderr, "%s: ", progname);
		text_put(stderr, path);
		fputs(": ", stderr);
		text_put(stderr, o->who);
		fprintf(stderr, ": CV of %s %.2f%% -> %.2f%%: retry taken\n",
			o->unit, ocv, r->cv);
	}
}

static int write_merged(void *ctx, const struct rec *rec)
{
	struct pass *p = ctx;
	struct map_entry *e;
	struct bench *o;

	if (rec->r.kind != BT_KIND_SAMPLE) {
		recw_write(p->w, rec);
		return 0;
	}
	o = bench_of(p->orig, rec, &p->key);
	if (!o->replace) {
		recw_write(p->w, rec);
		return 0;
	}
	if (!o->written) {
		e = map_find(p->best, p->key.p, p->key.len);
		recw_raw(p->w, ((struct bench *)e->value)->lines.p,
			 ((struct bench *)e->value)->lines.len);
		o->written = 1;
	}
	return 0;
}

/* Benchmarks only a retry has: appended, so nothing measured is lost. */
static void append_new(struct pass *p)
{
	size_t i;

	for (i = 0; i < p->best->n; i++) {
		struct bench *r = p->best->v[i].value;

		if (!map_find(p->orig, p->best->v[i].key, p->best->v[i].keylen))
			recw_raw(p->w, r->lines.p, r->lines.len);
	}
}

/* Refuse, before anything is read or written, an output that is one of
 * the inputs (the same inode: the same name, a symbolic or a hard link, or
 * the archive an "archive:member" input reads): opening it for writing
 * would truncate what is still to be read.  In place (out NULL), a retry
 * that is the original itself is refused too: it says nothing new. */
static void refuse_output_input(const char *out, char *orig, char **retries,
				int n)
{
	const char *clash;
	int i;

	if (!out) {
		for (i = 0; i < n; i++)
			if (input_clash(orig, &retries[i], 1))
				die(EXIT_USAGE,
				    "%s: a retry is the original itself (%s); "
				    "nothing written",
				    orig, retries[i]);
		return;
	}
	if ((clash = input_clash(out, &orig, 1)) ||
	    (clash = input_clash(out, retries, n)))
		die(EXIT_USAGE,
		    "%s: the output is also an input (%s); nothing written",
		    strcmp(out, "-") ? out : "<stdout>", clash);
}

static int merge(char *orig, char **retries, int n)
{
	struct map best = {0}, orig_map = {0};
	struct pass p = {&orig_map, &best, {0}, {0}, NULL};
	struct atomic_file af = {0};
	int i, st = 0, lock = -1, inplace = !output;
	FILE *out = rout;

	refuse_output_input(output, orig, retries, n);
	for (i = 0; i < n && !st; i++) {
		struct map m = {0};
		struct reading rd = {&m, {0}, {0}};

		st = input_read(retries[i], format, read_retry, &rd);
		take_better(&best, &m);
		map_free(&m, free_bench);
		buf_free(&rd.key);
		buf_free(&rd.line);
	}
	if (st)
		goto done;
	if (inplace) {
		char *target = atomic_target(orig);

		lock = lock_path(target);
		if (lock < 0)
			die(EXIT_USAGE, "%s.lock: %s", target,
			    errno == ELOOP    ? "a symbolic link; refused"
			    : errno == EINVAL ? "not a regular file; refused"
					      : strerror(errno));
		free(target);
	}
	st = input_read(orig, format, scan_original, &p);
	if (st)
		goto done;
	decide(&orig_map, &best, orig);
	if (inplace) {
		if (atomic_open_through(&af, orig))
			die(EXIT_USAGE, "%s: %s", orig, strerror(errno));
		out = af.f;
	} else if (strcmp(output, "-") && !(out = fopen(output, "w"))) {
		die(EXIT_USAGE, "%s: %s", output, strerror(errno));
	}
	p.w = recw_new(out);
	st = input_read(orig, format, write_merged, &p);
	append_new(&p);
	if (recw_flush(p.w) && !st) {
		warnx_("%s: write error: %s", inplace ? orig : output,
		       strerror(errno));
		st = EXIT_FINDING;
	}
	recw_free(p.w);
	if (inplace) {
		if (st)
			atomic_abort(&af);
		else if (atomic_commit(&af, 1))
			die(EXIT_FINDING, "%s: %s", orig, strerror(errno));
	} else if (out != rout && fclose(out)) {
		st = EXIT_FINDING;
	}
done:
	unlock_path(lock);
	map_free(&best, free_bench);
	map_free(&orig_map, free_bench);
	buf_free(&p.key);
	buf_free(&p.line);
	return st;
}

/* --- union ---------------------------------------------------------------- */

struct uni {
	struct seen seen; /* a digest of every line written */
	struct buf line;
	struct recw *w;
};

static int write_once(void *ctx, const struct rec *rec)
{
	struct uni *u = ctx;
	struct bt_str line = rec->line;

	if (!line.n) { /* made by a plugin */
		line_of(rec, &u->line);
		line.s = u->line.p;
		line.n = u->line.len;
	}
	if (seen_add(&u->seen, line.s, line.n))
		recw_write(u->w, rec);
	return 0;
}

static int unite(char **files, int n)
{
	struct uni u = {{0}, {0}, recw_new(rout)};
	int i, st = 0;

	for (i = 0; i < (n ? n : 1); i++)
		if (input_read(n ? files[i] : "-", format, write_once, &u))
			st = EXIT_USAGE;
	if (recw_finish(u.w))
		st = EXIT_FINDING;
	seen_free(&u.seen);
	buf_free(&u.line);
	return st;
}

static void usage(FILE *f, int status)
{
	fprintf(
	    f,
	    "usage: %s [-f NAME] [-u UNIT] [-o OUT] ORIGINAL RETRY...\n"
	    "       %s --union [-f NAME] [FILE...]\n"
	    "Replace each benchmark's samples in ORIGINAL by a retry's when "
	    "the retry's\nCV is lower; ORIGINAL is rewritten atomically and "
	    "kept as ORIGINAL.backup.\n"
	    "  -o, --output OUT  write the merge to OUT ('-' stdout) and "
	    "leave ORIGINAL alone\n"
	    "  -u, --unit UNIT   judge the CV on UNIT (default ns/op, else "
	    "the first metric)\n"
	    "      --union       merge streams to stdout, each record once\n"
	    "  -f, --format NAME read inputs with plugin NAME\n"
	    "  -h, --help        show this help\n"
	    "  -V, --version     show the version\n"
	    "Exit status: 0 success, 1 write failure, 2 usage or input "
	    "error.\n",
	    progname, progname);
	exit(status);
}

int main(int argc, char **argv)
{
	enum { UNION = 256 };
	static const struct option opts[] = {
	    {"output", required_argument, NULL, 'o'},
	    {"unit", required_argument, NULL, 'u'},
	    {"format", required_argument, NULL, 'f'},
	    {"union", no_argument, NULL, UNION},
	    STD_LONG_OPTIONS,
	};
	int c, st;

	util_init(argv[0]);
	while ((c = getopt_long(argc, argv, "o:u:f:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			output = optarg;
			break;
		case 'u':
			unit_opt = optarg;
			break;
		case 'f':
			format = optarg;
			break;
		case UNION:
			union_mode = 1;
			break;
		default: /* -h, -V, unknown */
			std_option(c, usage);
		}
	}
	argc -= optind;
	argv += optind;
	if (union_mode && output) {
		warnx_("--union writes to stdout; -o is for ORIGINAL RETRY...");
		usage(stderr, EXIT_USAGE);
	}
	rout = plugins_own_stdout();
	if (union_mode)
		st = unite(argv, argc);
	else if (argc < 2)
		usage(stderr, EXIT_USAGE);
	else if (!output && !strcmp(argv[0], "-"))
		die(EXIT_USAGE, "ORIGINAL '-' cannot be updated: use -o");
	else
		st = merge(argv[0], argv + 1, argc - 1);
	return fshut(rout, "<stdout>") ? EXIT_FINDING : st;
}
