/*
 * results.c — one result file's benchmarks in memory (results.h): the
 * reader bt-export's web tree and bt-report's summaries share.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "bgread.h"
#include "buf.h"
#include "map.h"
#include "record.h"
#include "results.h"
#include "stats.h"
#include "util.h"
/* --- one run's benchmarks ------------------------------------------------- */

char *bt_dup(struct bt_str s)
{
	return xstrndup(s.s ? s.s : "", s.n);
}

static void set_once(char **dst, struct bt_str s)
{
	if (!*dst && s.n)
		*dst = bt_dup(s);
}

static void bench_free(void *p)
{
	struct bench *b = p;
	size_t i;

	for (i = 0; i < b->ns; i++) {
		free(b->s[i].unit);
		free(b->s[i].v);
	}
	free(b->s);
	free(b->suite);
	free(b->name);
	free(b->category);
	free(b->version);
	free(b);
}

void run_free(struct run *r)
{
	if (!r)
		return;
	map_free(&r->benches, bench_free);
	jv_free(r->system);
	free(r->path);
	free(r->version);
	free(r->goos);
	free(r->goarch);
	free(r->commit);
	free(r);
}

/* RFC 3339 of a bt-run "time" (already RFC 3339) or a file name stamp
 * YYYY-MM-DD_HH-MM-SS; 0 when name has none. */
int stamp_from_name(const char *path, char *out, size_t n)
{
	const char *base = strrchr(path, '/');
	int y, mo, d, h, mi, s, len = 0;

	base = base ? base + 1 : path;
	if (sscanf(base, "%4d-%2d-%2d_%2d-%2d-%2d%n", &y, &mo, &d, &h, &mi, &s,
		   &len) != 6 ||
	    len != 19)
		return 0;
	snprintf(out, n, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, h, mi, s);
	return 1;
}

static void utc_stamp(time_t t, char *out, size_t n)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* A context record: the platform from its config, the run's metadata from
 * the fields bt-run writes. */
static void take_context(struct run *run, const struct rec *rec)
{
	size_t i;
	jv keys, v;
	int k, nk;

	for (i = 0; i < rec->r.nlabels; i++) {
		const struct bt_label *l = &rec->r.labels[i];

		if (rec_str_is(l->key, "goos"))
			set_once(&run->goos, l->value);
		else if (rec_str_is(l->key, "goarch"))
			set_once(&run->goarch, l->value);
		else if (rec_str_is(l->key, "cpu") &&
			 !jv_object_has(jv_copy(run->system), jv_string("cpu")))
			run->system = jv_object_set(
			    run->system, jv_string("cpu"),
			    jv_string_sized(l->value.s, (int)l->value.n));
	}
	if (jv_get_kind(rec_json(rec)) != JV_KIND_OBJECT)
		return;
	keys = jv_keys(jv_copy(rec_json(rec)));
	nk = jv_array_length(jv_copy(keys));
	for (k = 0; k < nk; k++) {
		jv key = jv_array_get(jv_copy(keys), k);
		const char *ks = jv_string_value(key);

		if (!strcmp(ks, "bt") || !strcmp(ks, "kind") ||
		    !strcmp(ks, "config") || !strcmp(ks, "labels") ||
		    !strcmp(ks, "suite")) {
			jv_free(key);
			continue;
		}
		v = jv_object_get(jv_copy(rec_json(rec)), jv_copy(key));
		if (!strcmp(ks, "time") && jv_get_kind(v) == JV_KIND_STRING &&
		    !run->stamp[0])
			snprintf(run->stamp, sizeof run->stamp, "%s",
				 jv_string_value(v));
		if (!strcmp(ks, "commit") && jv_get_kind(v) == JV_KIND_STRING &&
		    !run->commit)
			run->commit = xstrdup(jv_string_value(v));
		run->system = jv_object_set(run->system, key, v);
	}
	jv_free(keys);
	v = jv_object_get(jv_copy(rec_json(rec)), jv_string("labels"));
	if (jv_get_kind(v) == JV_KIND_OBJECT) {
		jv ver = jv_object_get(v, jv_string("version"));

		if (jv_get_kind(ver) == JV_KIND_STRING && !run->version)
			run->version = xstrdup(jv_string_value(ver));
		jv_free(ver);
	} else {
		jv_free(v);
	}
}

static struct series *series_for(struct bench *b, struct bt_str unit)
{
	size_t i;

	for (i = 0; i < b->ns; i++)
		if (rec_str_is(unit, b->s[i].unit))
			return &b->s[i];
	b->s = xreallocarray(b->s, b->ns + 1, sizeof *b->s);
	memset(&b->s[b->ns], 0, sizeof *b->s);
	b->s[b->ns].unit = bt_dup(unit);
	return &b->s[b->ns++];
}

static char *category_of(const struct rec *rec)
{
	char buf[256];
	const char *c = rec_label(rec, "category", buf, sizeof buf);
	const char *s, *slash;
	size_t n;

	if (c && *c)
		return xstrdup(c);
	if (!rec->r.suite.n)
		return xstrdup("other");
	s = rec->r.suite.s;
	n = rec->r.suite.n;
	slash = memrchr(s, '/', n);
	if (slash && (size_t)(slash - s) + 1 < n)
		return xstrndup(slash + 1, n - (size_t)(slash - s) - 1);
	return xstrndup(s, n);
}

static void take_sample(struct run *run, const struct rec *rec)
{
	struct buf key = {0};
	struct map_entry *e;
	struct bench *b;
	char buf[256];
	const char *v;
	size_t i;
	int created;

	if ((v = rec_label(rec, "goos", buf, sizeof buf)) && !run->goos)
		run->goos = xstrdup(v);
	if ((v = rec_label(rec, "goarch", buf, sizeof buf)) && !run->goarch)
		run->goarch = xstrdup(v);
	v = rec_label(rec, "version", buf, sizeof buf);
	if (v && !run->version)
		run->version = xstrdup(v);
	if (run->by_version && v)
		json_str(&key, v, strlen(v));
	rec_identity(&key, &rec->r, 0, NULL);
	e = map_get(&run->benches, key.p, key.len, &created);
	buf_free(&key);
	if (created) {
		b = e->value = xcalloc(1, sizeof *b);
		b->suite = bt_dup(rec->r.suite);
		b->name = bt_dup(rec->r.name);
		b->procs = rec->r.procs;
		b->category = category_of(rec);
		b->version = v ? xstrdup(v) : NULL;
	}
	b = e->value;
	for (i = 0; i < rec->r.nmetrics; i++) {
		struct series *s = series_for(b, rec->r.metrics[i].unit);

		if (s->n == s->cap) {
			s->cap = s->cap ? 2 * s->cap : 8;
			s->v = xreallocarray(s->v, s->cap, sizeof *s->v);
		}
		s->v[s->n++] = rec->r.metrics[i].value;
	}
}

int take_record(void *ctx, const struct rec *rec)
{
	if (rec->r.kind == BT_KIND_CONTEXT)
		take_context(ctx, rec);
	else if (rec->r.kind == BT_KIND_SAMPLE)
		take_sample(ctx, rec);
	return 0;
}

struct run *run_new(const char *path)
{
	struct run *r = xcalloc(1, sizeof *r);

	r->path = xstrdup(path);
	r->system = jv_object();
	return r;
}

/* Read one result file into *out (NULL after an input error): its
 * input_read status; with records_only, INPUT_NOT_RECORDS and nothing
 * said when it is not a file of records. */
static int run_read(const char *path, int records_only, struct run **out)
{
	struct run *r = run_new(path);
	struct input_opts o = {
	    .fn = take_record, .ctx = r, .records_only = records_only};
	struct stat st;
	int s = input_read_opts(path, &o);

	*out = NULL;
	if (s) {
		run_free(r);
		return s;
	}
	if (!r->stamp[0] && !stamp_from_name(path, r->stamp, sizeof r->stamp)) {
		if (stat(path, &st) == 0)
			utc_stamp(st.st_mtime, r->stamp, sizeof r->stamp);
		else
			utc_stamp(time(NULL), r->stamp, sizeof r->stamp);
	}
	*out = r;
	return 0;
}

struct run *run_load(const char *path)
{
	struct run *r;

	run_read(path, 0, &r);
	return r;
}

/* The files [at, to) of a list, read into runs[] by load_part. */
struct part {
	const struct paths *files;
	struct run **runs;
	size_t at, to;
};

/* Read p's files in turn; with records_only, stop (p->at left on it) at
 * the first that is not records.  0, or EXIT_USAGE after an error. */
static int load_part(struct part *p, int records_only)
{
	int ret = 0, st;

	for (; p->at < p->to; p->at++) {
		st =
		    run_read(p->files->v[p->at], records_only, &p->runs[p->at]);
		if (st == INPUT_NOT_RECORDS && records_only)
			break;
		if (st)
			ret = EXIT_USAGE;
	}
	return ret;
}

static int load_later(void *arg)
{
	return load_part(arg, 1);
}

int runs_load(const struct paths *files, struct run **runs)
{
	size_t k = paths_split(files);
	struct part first = {files, runs, 0, k};
	struct part later = {files, runs, k, files->n};
	struct bgread *bg = NULL;
	int ret = 0;

	if (k < files->n)
		bg = bgread_run(load_later, &later);
	/* beside the thread, records only: a plugin's guard forks and
	 * signals (bgread.h); the rest in turn once it is done, so that
	 * what each file says comes in the order of the files */
	if (bg) {
		ret |= load_part(&first, 1);
		ret |= bgread_wait(bg);
	}
	ret |= load_part(&first, 0);
	if (bg)
		bgread_end(bg, 1);
	ret |= load_part(&later, 0);
	return ret;
}

/* --- statistics of one series --------------------------------------------- */

const char *class_title(enum stats_class c)
{
	static const char *names[] = {"",	 "Good", "Acceptable",
				      "Warning", "High", "Very High"};

	return c == CLASS_UNKNOWN ? NULL : names[c];
}

void summarize(const struct series *se, struct summ *out)
{
	double *x = xreallocarray(NULL, se->n, sizeof *x), half;

	memcpy(x, se->v, se->n * sizeof *x);
	stats_summarize(x, se->n, 0.95, &out->s);
	free(x);
	half = out->s.has_stddev
		   ? stats_t975(se->n - 1) * out->s.stddev / sqrt((double)se->n)
		   : NAN;
	out->ci_low = out->s.mean - half;
	out->ci_high = out->s.mean + half;
}