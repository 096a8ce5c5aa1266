/*
 * criterion-tree.c — the plugin for criterion.rs's `target/criterion/`
 * directory: the measurements criterion keeps, where its console prints
 * only estimates.
 *
 * Every benchmark directory holds new/benchmark.json (its ids and
 * throughput), new/sample.json (the real measurements: iteration counts
 * and total times), new/estimates.json and, after a second run,
 * change/estimates.json.  Each measurement becomes a sample of time per
 * iteration (and MB/s or elem/s when the benchmark declared a
 * throughput); the estimates become the benchmark's context record
 * (docs/records.md, "criterion-tree").  A benchmark's name is criterion's
 * full id, "group/function/value", as in the console plugin.
 *
 * The walk follows symbolic links to directories (cargo's target/ often is
 * one) but remembers the directories on its way down: a link back to one
 * of them is a loop, reported as ELOOP instead of being walked again.  A
 * file that is a link is never followed (O_NOFOLLOW: it could lead
 * anywhere); like a fifo, it is refused by name.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jv.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bt-plugin.h"
#include "jsondoc.h"
#include "jsonvalid.h"
#include "numtext.h"
#include "plugrec.h"
#include "plugstr.h"

#define EXPORT __attribute__((visibility("default")))

enum {
	MAX_CONFIG = 64,
	MAX_DEPTH = 16,
	MAX_FILE = 64 << 20,
	PROBE_ENTRIES = 256,
};

/* A directory on the walk's current path, by identity. */
struct seen_dir {
	dev_t dev;
	ino_t ino;
};

struct tree {
	const struct bt_host *host;
	struct seen_dir path[MAX_DEPTH + 1]; /* the directories walked into */
	int loop;			     /* a symlink loop was found */
};

/* path/name joined into a new string (caller frees), or NULL. */
static char *join(const char *path, const char *name)
{
	size_t a = strlen(path), b = strlen(name);
	char *s = malloc(a + b + 2);

	if (!s)
		return NULL;
	memcpy(s, path, a);
	s[a] = '/';
	memcpy(s + a + 1, name, b + 1);
	return s;
}

static int is_dir(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* Is dir/name a file of the tree: a regular file, or a symbolic link in
 * one's place (lstat: the link is not followed here, and load_json
 * refuses it by name, so a benchmark whose file is a link is said to be
 * skipped instead of being read through the link or passed over). */
static int is_file(const char *dir, const char *name)
{
	struct stat sb;
	char *p = join(dir, name);
	int r = p && lstat(p, &sb) == 0 &&
		(S_ISREG(sb.st_mode) || S_ISLNK(sb.st_mode));

	free(p);
	return r;
}

/* Read dir/name as one JSON value (the caller owns it); an invalid jv
 * with a message when missing, not a regular file (a fifo, a symbolic
 * link: never followed, it could lead anywhere) or broken. */
static jv load_json(const char *dir, const char *name)
{
	char *path = join(dir, name), *buf = NULL, err[128];
	/* O_NONBLOCK: a fifo planted in the tree must not hang the read */
	int fd =
	    path ? open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC)
		 : -1;
	int e = errno;
	struct stat sb;
	size_t n = 0, cap = 0, got;
	FILE *f = NULL;
	jv v;

	/* ELOOP from O_NOFOLLOW: name is a link (or a directory on the way
	 * loops, said as such) */
	if (fd < 0 && e == ELOOP && path && lstat(path, &sb) == 0 &&
	    S_ISLNK(sb.st_mode)) {
		free(path);
		return jv_invalid_with_msg(
		    jv_string("a symbolic link, not followed"));
	}
	free(path);
	if (fd >= 0 && (fstat(fd, &sb) || !S_ISREG(sb.st_mode))) {
		close(fd);
		return jv_invalid_with_msg(jv_string("not a regular file"));
	}
	if (fd < 0 || !(f = fdopen(fd, "rb"))) {
		if (fd >= 0) {
			e = errno; /* fdopen's */
			close(fd);
		}
		return jv_invalid_with_msg(jv_string(strerror(e)));
	}
	for (;;) {
		if (n + 4096 > cap) {
			char *nb;

			cap = cap ? cap * 2 : 8192;
			if (cap > MAX_FILE || !(nb = realloc(buf, cap))) {
				free(buf);
				fclose(f);
				return jv_invalid_with_msg(
				    jv_string("too large"));
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	fclose(f);
	/* jq 1.6 leaks on some malformed JSON: check it first */
	if (json_valid(buf ? buf : "", n, err, sizeof err))
		v = jv_invalid_with_msg(jv_string(err));
	else
		v = jv_parse_sized(buf, (int)n);
	free(buf);
	return v;
}

/* v[key] as a number, or NAN. */
static double num_at(jv v, const char *key)
{
	jv x;
	double d = NAN;

	if (jv_get_kind(v) != JV_KIND_OBJECT)
		return NAN;
	x = jv_object_get(jv_copy(v), jv_string(key));
	if (jv_get_kind(x) == JV_KIND_NUMBER)
		d = jv_number_value(x);
	jv_free(x);
	return d;
}

/* Keeps the strings a context record made from JSON points to. */
struct texts {
	char num[MAX_CONFIG][NUMTEXT_MAX];
	char key[MAX_CONFIG][48];
	size_t n;
	jv keep[8]; /* strings borrowed from jv values */
	size_t nkeep;
};

static void texts_free(struct texts *t)
{
	size_t i;

	for (i = 0; i < t->nkeep; i++)
		jv_free(t->keep[i]);
}

/* Add key = the number d (skipped when not finite). */
static void add_num(struct plug_config *cf, struct texts *t, const char *key,
		    double d)
{
	if (!isfinite(d) || t->n == MAX_CONFIG)
		return;
	snprintf(t->key[t->n], sizeof t->key[0], "%s", key);
	numtext_double(t->num[t->n], d);
	plug_config_add(cf, t->key[t->n], bt_cstr(t->num[t->n]));
	t->n++;
}

/* Add key = obj[field] when it is a string or a number. */
static void add_field(struct plug_config *cf, struct texts *t, const char *key,
		      jv obj, const char *field)
{
	jv v;

	if (jv_get_kind(obj) != JV_KIND_OBJECT)
		return;
	v = jv_object_get(jv_copy(obj), jv_string(field));
	if (jv_get_kind(v) == JV_KIND_STRING && t->nkeep < 8) {
		plug_config_add(cf, key,
				(struct bt_str){jv_string_value(v),
						(size_t)jv_string_length_bytes(
						    jv_copy(v))});
		t->keep[t->nkeep++] = v;
		return;
	}
	if (jv_get_kind(v) == JV_KIND_NUMBER)
		add_num(cf, t, key, jv_number_value(v));
	jv_free(v);
}

/* Each estimate of estimates.json as PREFIX.STAT, .low, .high. */
static void add_estimates(struct plug_config *cf, struct texts *t, jv est,
			  const char *prefix)
{
	static const char *stats[] = {"mean", "median", "std_dev",
				      "median_abs_dev", "slope"};
	char key[48];
	size_t i;

	for (i = 0; i < sizeof stats / sizeof stats[0]; i++) {
		jv s = jv_get_kind(est) == JV_KIND_OBJECT
			   ? jv_object_get(jv_copy(est), jv_string(stats[i]))
			   : jv_null();
		jv ci = jv_get_kind(s) == JV_KIND_OBJECT
			    ? jv_object_get(jv_copy(s),
					    jv_string("confidence_interval"))
			    : jv_null();

		snprintf(key, sizeof key, "%s%s", prefix, stats[i]);
		add_num(cf, t, key, num_at(s, "point_estimate"));
		snprintf(key, sizeof key, "%s%s.low", prefix, stats[i]);
		add_num(cf, t, key, num_at(ci, "lower_bound"));
		snprintf(key, sizeof key, "%s%s.high", prefix, stats[i]);
		add_num(cf, t, key, num_at(ci, "upper_bound"));
		if (i == 0) {
			snprintf(key, sizeof key, "%sconfidence_level", prefix);
			add_num(cf, t, key, num_at(ci, "confidence_level"));
		}
		jv_free(ci);
		jv_free(s);
	}
}

/* The throughput of benchmark.json: bytes or elements per iteration. */
static void throughput(jv bench, double *bytes, double *elems)
{
	jv tp = jv_object_get(jv_copy(bench), jv_string("throughput"));

	*bytes = num_at(tp, "Bytes");
	if (!isfinite(*bytes))
		*bytes = num_at(tp, "BytesDecimal");
	*elems = num_at(tp, "Elements");
	jv_free(tp);
}

/* Add the throughput metric UNIT = v to m[*n] if v is a rate that can be
 * written: none without throughput, or with no time, or when it overflows. */
static void rate(struct bt_metric *m, size_t *n, const char *unit, double v)
{
	if (isfinite(v))
		m[(*n)++] = (struct bt_metric){
		    {unit, strlen(unit)}, v, {0}, BT_BETTER_HIGHER};
}

/* One sample per measurement of sample.json. */
static void emit_samples(struct tree *c, const char *rel, struct bt_str name,
			 jv bench, jv smp)
{
	jv iters = jv_object_get(jv_copy(smp), jv_string("iters"));
	jv times = jv_object_get(jv_copy(smp), jv_string("times"));
	double bytes, elems;
	int i, n;
	char msg[256];

	throughput(bench, &bytes, &elems);
	if (jv_get_kind(iters) != JV_KIND_ARRAY ||
	    jv_get_kind(times) != JV_KIND_ARRAY ||
	    jv_array_length(jv_copy(iters)) !=
		jv_array_length(jv_copy(times))) {
		snprintf(msg, sizeof msg,
			 "%.200s/new/sample.json: no iters and times of one "
			 "length",
			 rel);
		c->host->warn(c->host->ctx, msg);
		n = 0;
	} else {
		n = jv_array_length(jv_copy(iters));
	}
	for (i = 0; i < n; i++) {
		jv it = jv_array_get(jv_copy(iters), i);
		jv tm = jv_array_get(jv_copy(times), i);
		double itv = jv_get_kind(it) == JV_KIND_NUMBER
				 ? jv_number_value(it)
				 : NAN;
		double tv = jv_get_kind(tm) == JV_KIND_NUMBER
				? jv_number_value(tm)
				: NAN;
		struct bt_metric m[2];
		struct bt_record r = {0};

		jv_free(it);
		jv_free(tm);
		if (!(itv >= 1) || !(tv >= 0) || !isfinite(itv) ||
		    !isfinite(tv)) {
			snprintf(msg, sizeof msg,
				 "%.200s/new/sample.json: measurement %d is "
				 "not a time",
				 rel, i + 1);
			c->host->warn(c->host->ctx, msg);
			continue;
		}
		r.kind = BT_KIND_SAMPLE;
		r.name = name;
		if (itv < 9.2e18 && itv == floor(itv))
			r.iterations = (int64_t)itv;
		m[0] = (struct bt_metric){
		    BT_STR("ns/op"), tv / itv, {0}, BT_BETTER_LOWER};
		r.nmetrics = 1;
		if (isfinite(bytes))
			rate(m, &r.nmetrics, "MB/s", bytes * itv / tv * 1e3);
		else
			rate(m, &r.nmetrics, "elem/s", elems * itv / tv * 1e9);
		r.metrics = m;
		c->host->emit(c->host->ctx, &r);
	}
	jv_free(iters);
	jv_free(times);
}

/* Is v (rel/sub/name) a JSON object?  If not, say why and what follows
 * (then: "benchmark skipped"). */
static int usable(struct tree *c, const char *rel, const char *sub,
		  const char *name, jv v, const char *then)
{
	char msg[512];
	jv m;

	if (jv_get_kind(v) == JV_KIND_OBJECT)
		return 1;
	m = jv_is_valid(v) ? jv_string("not a JSON object")
			   : jv_invalid_get_msg(jv_copy(v));
	snprintf(msg, sizeof msg, "%.200s/%s/%s: %.200s; %s", *rel ? rel : ".",
		 sub, name,
		 jv_get_kind(m) == JV_KIND_STRING ? jv_string_value(m)
						  : "unreadable",
		 then);
	jv_free(m);
	c->host->warn(c->host->ctx, msg);
	return 0;
}

/* Is there anything named dir/name (lstat)? */
static int exists(const char *dir, const char *name)
{
	struct stat sb;
	char *p = join(dir, name);
	int r = p && lstat(p, &sb) == 0;

	free(p);
	return r;
}

/* The benchmark whose files are in dir (rel: its path for messages).
 * 1 when it was read, 0 when skipped with a warning. */
static int read_bench(struct tree *c, const char *dir, const char *rel)
{
	char *newdir = join(dir, "new"), *chgdir = join(dir, "change");
	jv bench, est, smp, chg, id;
	struct plug_config cf = {0};
	struct texts *t = calloc(1, sizeof *t);
	struct bt_str name;
	int n, ok = 0;

	if (!newdir || !chgdir || !t) {
		free(newdir), free(chgdir), free(t);
		c->host->warn(c->host->ctx, "out of memory");
		return 0;
	}
	bench = load_json(newdir, "benchmark.json");
	smp = load_json(newdir, "sample.json");
	est = load_json(newdir, "estimates.json");
	chg = load_json(chgdir, "estimates.json");
	if (!usable(c, rel, "new", "benchmark.json", bench,
		    "benchmark skipped") ||
	    !usable(c, rel, "new", "sample.json", smp, "benchmark skipped"))
		goto out;
	ok = 1;
	/* the estimates only describe the samples: one that is there but
	 * cannot be read (a link, a fifo, broken) is said and left out; one
	 * missing (change/ before a second run) is no news */
	if (exists(newdir, "estimates.json"))
		usable(c, rel, "new", "estimates.json", est,
		       "its estimates left out");
	if (exists(chgdir, "estimates.json"))
		usable(c, rel, "change", "estimates.json", chg,
		       "its change estimates left out");
	id = jv_object_get(jv_copy(bench), jv_string("full_id"));
	if (jv_get_kind(id) == JV_KIND_STRING)
		name = (struct bt_str){
		    jv_string_value(id),
		    (size_t)jv_string_length_bytes(jv_copy(id))};
	else
		name = bt_cstr(rel);
	plug_config_add(&cf, "benchmark", name);
	add_field(&cf, t, "group", bench, "group_id");
	add_field(&cf, t, "function", bench, "function_id");
	add_field(&cf, t, "value", bench, "value_str");
	{
		double b, e;

		throughput(bench, &b, &e);
		add_num(&cf, t, "throughput.bytes", b);
		add_num(&cf, t, "throughput.elements", e);
	}
	add_field(&cf, t, "sampling_mode", smp, "sampling_mode");
	{
		jv it = jv_object_get(jv_copy(smp), jv_string("iters"));

		n = jsondoc_len(it, 0);
		jv_free(it);
		add_num(&cf, t, "samples", n);
	}
	add_estimates(&cf, t, est, "");
	add_estimates(&cf, t, chg, "change.");
	plug_context(c->host, &cf);
	emit_samples(c, rel, name, bench, smp);
	jv_free(id);
out:
	texts_free(t);
	free(t);
	jv_free(bench);
	jv_free(smp);
	jv_free(est);
	jv_free(chg);
	free(newdir);
	free(chgdir);
	return ok;
}

/* A directory that holds a run's files rather than benchmarks. */
static int files_dir(const char *path)
{
	return is_file(path, "benchmark.json") ||
	       is_file(path, "estimates.json") || is_file(path, "sample.json");
}

static int no_dots(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/* Is dir one of the directories on the current path (a symlink loop)?
 * Otherwise remember it at depth.  1 on a loop, reported once. */
static int looped(struct tree *c, const char *dir, const char *rel, int depth)
{
	struct stat sb;
	char msg[512];
	int i;

	if (stat(dir, &sb) != 0)
		return 0;
	for (i = 0; i < depth; i++)
		if (c->path[i].dev == sb.st_dev && c->path[i].ino == sb.st_ino)
			break;
	if (i == depth) {
		c->path[depth] = (struct seen_dir){sb.st_dev, sb.st_ino};
		return 0;
	}
	if (!c->loop) {
		snprintf(msg, sizeof msg,
			 "%.400s: %s (a link back up the tree)",
			 *rel ? rel : ".", strerror(ELOOP));
		c->host->error(c->host->ctx, msg);
	}
	c->loop = 1;
	return 1;
}

/* Read every benchmark under dir, in name order; the count read.  Stops
 * at a symlink loop (c->loop). */
static size_t walk(struct tree *c, const char *dir, const char *rel, int depth)
{
	struct dirent **ents;
	size_t found = 0;
	char *newdir;
	int i, n;

	if (c->loop || looped(c, dir, rel, depth))
		return 0;
	newdir = join(dir, "new");
	if (newdir && is_file(newdir, "benchmark.json"))
		found += (size_t)read_bench(c, dir, rel);
	free(newdir);
	if (depth == MAX_DEPTH ||
	    (n = scandir(dir, &ents, no_dots, alphasort)) < 0)
		return found;
	for (i = 0; i < n; i++) {
		char *sub = join(dir, ents[i]->d_name);
		char *srel =
		    *rel ? join(rel, ents[i]->d_name) : strdup(ents[i]->d_name);

		if (!c->loop && sub && srel &&
		    strcmp(ents[i]->d_name, "report") != 0 && is_dir(sub) &&
		    !files_dir(sub))
			found += walk(c, sub, srel, depth + 1);
		free(sub);
		free(srel);
		free(ents[i]);
	}
	free(ents);
	return found;
}

static int tree_read_dir(void *st, const char *path)
{
	struct tree *c = st;
	size_t found = walk(c, path, "", 0);

	if (c->loop)
		return -1;
	if (found == 0) {
		c->host->error(c->host->ctx,
			       "no readable criterion benchmark "
			       "(NAME/new/benchmark.json and sample.json)");
		return -1;
	}
	return 0;
}

/* Look for NAME/new/benchmark.json at most depth levels down, visiting at
 * most *budget entries. */
static int has_bench(const char *dir, int depth, int *budget)
{
	DIR *d;
	struct dirent *e;
	char *newdir = join(dir, "new");
	int found = newdir && is_file(newdir, "benchmark.json");

	free(newdir);
	if (found || depth == 0 || !(d = opendir(dir)))
		return found;
	while (!found && --*budget > 0 && (e = readdir(d))) {
		char *sub;

		if (e->d_name[0] == '.' || !strcmp(e->d_name, "report"))
			continue;
		sub = join(dir, e->d_name);
		if (sub && is_dir(sub))
			found = has_bench(sub, depth - 1, budget);
		free(sub);
	}
	closedir(d);
	return found;
}

static int tree_probe_dir(const char *path)
{
	int budget = PROBE_ENTRIES;

	if (!is_dir(path))
		return 0;
	return has_bench(path, 5, &budget) ? 90 : 0;
}

/* A stream is not this format: the probe never claims one. */
static int tree_probe(const char *p, size_t n)
{
	(void)p;
	(void)n;
	return 0;
}

static int tree_line(void *st, const char *p, size_t n)
{
	struct tree *c = st;

	(void)p;
	(void)n;
	c->host->error(c->host->ctx,
		       "criterion-tree reads a directory (target/criterion), "
		       "not a stream; for cargo bench's console output use "
		       "-f criterion");
	return -1;
}

static int tree_finish(void *st)
{
	(void)st;
	return 0;
}

static void *tree_open(const struct bt_host *host)
{
	struct tree *c = calloc(1, sizeof *c);

	if (c)
		c->host = host;
	return c;
}

static void tree_close(void *st)
{
	free(st);
}

/*
 * Criterion takes one positional filter, a regular expression searched in
 * each benchmark's full id; cargo passes `cargo bench REGEX` and
 * `cargo bench -- REGEX` on to it alike.  One argument: ^(A|B|…)$, quoted
 * for the regex crate.
 */
static int tree_selector(const struct bt_str *names, size_t n,
			 const struct bt_host *host)
{
	return select_alternation(names, n, "", "\\.+*?()|[]{}^$#&-~", host);
}

static const struct bt_plugin plugin = {
    .abi_version = BT_PLUGIN_ABI_VERSION,
    .name = "criterion-tree",
    .description = "Rust criterion.rs target/criterion directory (every "
		   "measurement of new/sample.json)",
    .probe = tree_probe,
    .open = tree_open,
    .line = tree_line,
    .finish = tree_finish,
    .close = tree_close,
    .selector = tree_selector,
    .probe_dir = tree_probe_dir,
    .read_dir = tree_read_dir,
};

EXPORT const struct bt_plugin *bt_plugin_descriptor(void)
{
	return &plugin;
}
