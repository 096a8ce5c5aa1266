/*
 * plugtest.h — load a built plugin and collect what it emits, for the
 * plugin unit tests.
 *
 * A test dlopen()s "$BT_BUILD/lib/bt/plugins/NAME.so" exactly as the host
 * does, drives open/line/finish/close (or read_dir) over a capture in
 * tests/data, and gets back every record as a deep copy it can look at
 * after the plugin's strings are gone.  Header-only; everything here is
 * owned by the struct plugrun and freed by plug_free().
 */
#ifndef BT_PLUGTEST_H
#define BT_PLUGTEST_H

#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jq.h>

#include "bt-plugin.h"
#include "tap.h"

enum { PLUG_MAX_METRICS = 16, PLUG_MAX_LABELS = 96 };

/* One emitted record, copied: every string NUL-terminated and owned. */
struct plugrec {
	int kind;
	char *name, *suite, *reason, *message;
	long procs;
	long long iterations;
	size_t nmetrics, nlabels;
	char *unit[PLUG_MAX_METRICS], *text[PLUG_MAX_METRICS];
	double value[PLUG_MAX_METRICS];
	int better[PLUG_MAX_METRICS];
	char *key[PLUG_MAX_LABELS], *val[PLUG_MAX_LABELS];
	int summary_only; /* ABI 2: the summary statistics, copied */
	size_t nstats;
	char *sunit[PLUG_MAX_METRICS];
	struct bt_stats stats[PLUG_MAX_METRICS]; /* unit: see sunit */
};

/* The records and messages of one run. */
struct plugrun {
	struct plugrec *recs;
	size_t n, cap;
	int warnings, errors;
	char lastmsg[512];
	char **args; /* selector() output */
	size_t nargs;
};

static inline char *plug_dup(struct bt_str s)
{
	char *p = malloc(s.n + 1);

	if (!p)
		abort();
	if (s.n)
		memcpy(p, s.s, s.n);
	p[s.n] = '\0';
	return p;
}

static inline void plug_emit(void *ctx, const struct bt_record *r)
{
	struct plugrun *run = ctx;
	struct plugrec *c;
	size_t i;

	if (run->n == run->cap) {
		run->cap = run->cap ? run->cap * 2 : 64;
		run->recs = realloc(run->recs, run->cap * sizeof *run->recs);
		if (!run->recs)
			abort();
	}
	c = &run->recs[run->n++];
	memset(c, 0, sizeof *c);
	c->kind = r->kind;
	c->name = plug_dup(r->name);
	c->suite = plug_dup(r->suite);
	c->reason = plug_dup(r->reason);
	c->message = plug_dup(r->message);
	c->procs = r->procs;
	c->iterations = (long long)r->iterations;
	for (i = 0; i < r->nmetrics && i < PLUG_MAX_METRICS; i++) {
		c->unit[i] = plug_dup(r->metrics[i].unit);
		c->text[i] = plug_dup(r->metrics[i].text);
		c->value[i] = r->metrics[i].value;
		c->better[i] = r->metrics[i].better;
	}
	c->nmetrics = i;
	for (i = 0; i < r->nlabels && i < PLUG_MAX_LABELS; i++) {
		c->key[i] = plug_dup(r->labels[i].key);
		c->val[i] = plug_dup(r->labels[i].value);
	}
	c->nlabels = i;
	c->summary_only = r->summary_only;
	for (i = 0; i < r->nstats && i < PLUG_MAX_METRICS; i++) {
		c->sunit[i] = plug_dup(r->stats[i].unit);
		c->stats[i] = r->stats[i];
		c->stats[i].unit = bt_cstr(c->sunit[i]);
	}
	c->nstats = i;
}

static inline void plug_warn(void *ctx, const char *msg)
{
	struct plugrun *run = ctx;

	run->warnings++;
	snprintf(run->lastmsg, sizeof run->lastmsg, "%s", msg);
}

static inline void plug_error(void *ctx, const char *msg)
{
	struct plugrun *run = ctx;

	run->errors++;
	snprintf(run->lastmsg, sizeof run->lastmsg, "%s", msg);
}

static inline void plug_arg(void *ctx, const char *arg)
{
	struct plugrun *run = ctx;

	run->args = realloc(run->args, (run->nargs + 1) * sizeof *run->args);
	if (!run->args)
		abort();
	run->args[run->nargs++] = plug_dup(bt_cstr(arg));
}

/* The plugin NAME from $BT_BUILD (or build/), or NULL with a message. */
static inline const struct bt_plugin *plug_load(const char *name)
{
	const char *dir = getenv("BT_BUILD");
	char path[4096];
	bt_plugin_descriptor_fn fn;
	const struct bt_plugin *p;
	void *h;

	snprintf(path, sizeof path, "%s/lib/bt/plugins/%s.so",
		 dir ? dir : "build", name);
	h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		fprintf(stderr, "plugtest: %s\n", dlerror());
		return NULL;
	}
	fn = (bt_plugin_descriptor_fn)dlsym(h, BT_PLUGIN_SYMBOL);
	p = fn ? fn() : NULL;
	if (!p || p->abi_version != BT_PLUGIN_ABI_VERSION)
		return NULL;
	return p;
}

static inline struct bt_host plug_host(struct plugrun *run)
{
	struct bt_host h = {run, plug_emit, plug_warn, plug_error, plug_arg};
	return h;
}

/* The JSON text of v, malloc'd (the caller frees it); consumes v. */
static inline char *plug_json(jv v)
{
	jv s = jv_dump_string(v, 0);
	char *text = strdup(jv_string_value(s));

	jv_free(s);
	return text;
}

/* Feed the bytes buf[0..n) to p line by line.  Returns what the last call
 * to line() or finish() returned (0 or -1); records land in run. */

static inline int plug_run_buf(const struct bt_plugin *p, const char *buf,
			       size_t n, struct plugrun *run)
{
	struct bt_host host = plug_host(run);
	void *st = p->open(&host);
	size_t i = 0;
	int r = 0;

	if (!st)
		return -1;
	while (i < n && r == 0) {
		const char *nl = memchr(buf + i, '\n', n - i);
		size_t end = nl ? (size_t)(nl - buf) : n;

		r = p->line(st, buf + i, end - i);
		i = end + 1;
	}
	if (r == 0)
		r = p->finish(st);
	p->close(st);
	return r;
}

/* The whole of file path (malloc'd, caller frees), its size in *n. */
static inline char *plug_slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, got;

	*n = 0;
	if (!f) {
		perror(path);
		return NULL;
	}
	do {
		if (*n + 4096 > cap) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap);
			if (!buf)
				abort();
		}
		got = fread(buf + *n, 1, cap - *n, f);
		*n += got;
	} while (got);
	fclose(f);
	return buf;
}

/* Run p over the file path; -2 when it cannot be read. */
static inline int plug_run_file(const struct bt_plugin *p, const char *path,
				struct plugrun *run)
{
	size_t n;
	char *buf = plug_slurp(path, &n);
	int r;

	if (!buf)
		return -2;
	r = plug_run_buf(p, buf, n, run);
	free(buf);
	return r;
}

/* Run p's read_dir over the directory path. */
static inline int plug_run_dir(const struct bt_plugin *p, const char *path,
			       struct plugrun *run)
{
	struct bt_host host = plug_host(run);
	void *st = p->open(&host);
	int r;

	if (!st || !p->read_dir)
		return -1;
	r = p->read_dir(st, path);
	p->close(st);
	return r;
}

/* p's probe over the first 4096 bytes of path, as the host calls it. */
static inline int plug_probe_file(const struct bt_plugin *p, const char *path)
{
	size_t n;
	char *buf = plug_slurp(path, &n);
	int r;

	if (!buf)
		return -1;
	r = p->probe(buf, n < 4096 ? n : 4096);
	free(buf);
	return r;
}

static inline size_t plug_count(const struct plugrun *run, int kind)
{
	size_t i, c = 0;

	for (i = 0; i < run->n; i++)
		c += run->recs[i].kind == kind;
	return c;
}

/* The k-th (0-based) record of kind, or NULL. */
static inline const struct plugrec *plug_nth(const struct plugrun *run,
					     int kind, size_t k)
{
	size_t i;

	for (i = 0; i < run->n; i++)
		if (run->recs[i].kind == kind && k-- == 0)
			return &run->recs[i];
	return NULL;
}

/* The number of records of kind named name. */
static inline size_t plug_count_named(const struct plugrun *run, int kind,
				      const char *name)
{
	size_t i, c = 0;

	for (i = 0; i < run->n; i++)
		c += run->recs[i].kind == kind &&
		     strcmp(run->recs[i].name, name) == 0;
	return c;
}

/* The k-th record of kind named name, or NULL. */
static inline const struct plugrec *
plug_named(const struct plugrun *run, int kind, const char *name, size_t k)
{
	size_t i;

	for (i = 0; i < run->n; i++)
		if (run->recs[i].kind == kind &&
		    strcmp(run->recs[i].name, name) == 0 && k-- == 0)
			return &run->recs[i];
	return NULL;
}

/* The index of unit among r's metrics, or -1. */
static inline int plug_metric_at(const struct plugrec *r, const char *unit)
{
	size_t i;

	for (i = 0; r && i < r->nmetrics; i++)
		if (strcmp(r->unit[i], unit) == 0)
			return (int)i;
	return -1;
}

/* r's value for unit, or NaN when it has none. */
static inline double plug_metric(const struct plugrec *r, const char *unit)
{
	int i = plug_metric_at(r, unit);

	return i < 0 ? NAN : r->value[i];
}

/* r's text for unit ("" when converted), or NULL when it has none. */
static inline const char *plug_text(const struct plugrec *r, const char *unit)
{
	int i = plug_metric_at(r, unit);

	return i < 0 ? NULL : r->text[i];
}

/* The value of label (or config) key in r, the last one when repeated;
 * NULL when absent. */
static inline const char *plug_label(const struct plugrec *r, const char *key)
{
	size_t i;
	const char *v = NULL;

	for (i = 0; r && i < r->nlabels; i++)
		if (strcmp(r->key[i], key) == 0)
			v = r->val[i];
	return v;
}

/* The context record whose "benchmark" key is name, or NULL. */
static inline const struct plugrec *plug_context_of(const struct plugrun *run,
						    const char *name)
{
	size_t i;
	const char *b;

	for (i = 0; i < run->n; i++)
		if (run->recs[i].kind == BT_KIND_CONTEXT &&
		    (b = plug_label(&run->recs[i], "benchmark")) &&
		    strcmp(b, name) == 0)
			return &run->recs[i];
	return NULL;
}

static inline void plug_free(struct plugrun *run)
{
	size_t i, k;

	for (i = 0; i < run->n; i++) {
		struct plugrec *c = &run->recs[i];

		free(c->name), free(c->suite), free(c->reason);
		free(c->message);
		for (k = 0; k < c->nmetrics; k++)
			free(c->unit[k]), free(c->text[k]);
		for (k = 0; k < c->nlabels; k++)
			free(c->key[k]), free(c->val[k]);
		for (k = 0; k < c->nstats; k++)
			free(c->sunit[k]);
	}
	for (i = 0; i < run->nargs; i++)
		free(run->args[i]);
	free(run->args);
	free(run->recs);
	memset(run, 0, sizeof *run);
}

/* Path of a file in tests/data, from $BT_TESTS (or tests/). */
static inline const char *plug_data(const char *rel)
{
	static char path[4096];
	const char *dir = getenv("BT_TESTS");

	snprintf(path, sizeof path, "%s/data/%s", dir ? dir : "tests", rel);
	return path;
}

/* Test: r has unit with exactly this text and the value that text reads
 * as. */
static inline void metric_is(const struct plugrec *r, const char *unit,
			     const char *text, const char *what)
{
	char name[256];

	snprintf(name, sizeof name, "%s: %s text", what, unit);
	is_str(plug_text(r, unit), text, name);
	snprintf(name, sizeof name, "%s: %s value", what, unit);
	is_near(plug_metric(r, unit), strtod(text, NULL), 0, name);
}

/* r's summary statistics of unit, or NULL. */
static inline const struct bt_stats *plug_stats(const struct plugrec *r,
					 const char *unit)
{
	size_t i;

	for (i = 0; r && i < r->nstats; i++)
		if (strcmp(r->sunit[i], unit) == 0)
			return &r->stats[i];
	return NULL;
}

/* Test: r is summary-only with stats of unit n, mean and stddev (within a
 * relative 1e-9: they may have been computed). */
static inline void stats_are(const struct plugrec *r, const char *unit, double n,
		      double mean, double stddev, const char *what)
{
	const struct bt_stats *s = plug_stats(r, unit);
	char name[256];

	snprintf(name, sizeof name, "%s: summary-only, %s stats", what, unit);
	ok(r && r->summary_only && s, "%s", name);
	snprintf(name, sizeof name, "%s: %s n", what, unit);
	is_near(s ? s->n : NAN, n, 0, name);
	snprintf(name, sizeof name, "%s: %s mean", what, unit);
	is_near(s ? s->mean : NAN, mean, fabs(mean) * 1e-9, name);
	snprintf(name, sizeof name, "%s: %s stddev", what, unit);
	is_near(s ? s->stddev : NAN, stddev, fabs(stddev) * 1e-9, name);
}

/* Test: r's label key is want. */
static inline void label_is(const struct plugrec *r, const char *key,
			    const char *want, const char *what)
{
	char name[256];

	snprintf(name, sizeof name, "%s: %s", what, key);
	is_str(plug_label(r, key), want, name);
}

#endif
