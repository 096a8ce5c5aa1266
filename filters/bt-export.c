/*
 * bt-export — results become a page to open and a report to paste.
 *
 *   --web DIR       the dashboard's data (docs/web-data.md): per platform
 *                   and version the newest main result with its statistics
 *                   and the history of every main result, merged into what
 *                   DIR already holds
 *   --format F      markdown or csv summaries, or benchfmt (Go benchmark
 *                   text benchstat reads), on stdout
 *
 * The one idea: a *run* is one input (one main result file); runs are
 * grouped by platform and version, and only one run's values are held at
 * a time while the history keeps just the medians.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "atomic.h"
#include "buf.h"
#include "map.h"
#include "record.h"
#include "stats.h"
#include "util.h"

#define CI_LEVEL 0.95

static const char *format_opt, *input_format;

/* --- one run: the values of every benchmark in one input ---------------- */

struct metric {
	char *unit;
	double *v;
	size_t n, cap;
};

struct bench {
	char *suite, *name, *category;
	char *labels; /* "k=v k=v" of its group labels (reports only) */
	long procs;
	struct metric *m;
	size_t nm;
};

struct run {
	const char *path;
	struct map benches; /* (suite, name, procs) -> struct bench */
	char *goos, *goarch, *version, *timestamp;
	jv system; /* object: cpu, os, arch, cores, host, toolchain, … */
	struct buf key;
	int by_labels; /* group labels are part of the identity (reports) */
};

static void bench_free(void *p)
{
	struct bench *b = p;
	size_t i;

	for (i = 0; i < b->nm; i++) {
		free(b->m[i].unit);
		free(b->m[i].v);
	}
	free(b->m);
	free(b->suite);
	free(b->name);
	free(b->category);
	free(b->labels);
	free(b);
}

static void run_free(struct run *r)
{
	map_free(&r->benches, bench_free);
	free(r->goos);
	free(r->goarch);
	free(r->version);
	free(r->timestamp);
	jv_free(r->system);
	buf_free(&r->key);
}

/* *dst = a copy of s[0..n) unless already set or s is empty. */
static void set_once(char **dst, const char *s, size_t n)
{
	if (!*dst && s && n)
		*dst = xstrndup(s, n);
}

static struct bt_str label(const struct bt_record *r, const char *key)
{
	size_t i, n = strlen(key);

	for (i = 0; i < r->nlabels; i++)
		if (r->labels[i].key.n == n &&
		    !memcmp(r->labels[i].key.s, key, n))
			return r->labels[i].value;
	return (struct bt_str){NULL, 0};
}

/* system[key] = value unless already set. */
static void system_set(struct run *run, const char *key, jv value)
{
	jv old = jv_object_get(jv_copy(run->system), jv_string(key));
	int have = jv_is_valid(old) && jv_get_kind(old) != JV_KIND_NULL &&
		   !(jv_get_kind(old) == JV_KIND_STRING &&
		     jv_string_length_bytes(jv_copy(old)) == 0);

	jv_free(old);
	if (have || (jv_get_kind(value) != JV_KIND_STRING &&
		     jv_get_kind(value) != JV_KIND_NUMBER)) {
		jv_free(value);
		return;
	}
	run->system = jv_object_set(run->system, jv_string(key), value);
}

/* A context record: bt-run's top-level fields, the tool's config lines. */
static void take_context(struct run *run, const struct rec *rec)
{
	static const char *const top[] = {"cpu",    "os",    "arch",
					  "cores",  "host",  "toolchain",
					  "commit", "kernel"};
	struct bt_str s;
	size_t i;

	if (jv_get_kind(rec->json) == JV_KIND_OBJECT) {
		jv t = jv_object_get(jv_copy(rec->json), jv_string("time"));

		if (jv_get_kind(t) == JV_KIND_STRING && !run->timestamp)
			run->timestamp = xstrdup(jv_string_value(t));
		jv_free(t);
		for (i = 0; i < sizeof top / sizeof *top; i++)
			system_set(run, top[i],
				   jv_object_get(jv_copy(rec->json),
						 jv_string(top[i])));
		t = jv_object_get(jv_copy(rec->json), jv_string("os"));
		if (jv_get_kind(t) == JV_KIND_STRING)
			set_once(&run->goos, jv_string_value(t),
				 strlen(jv_string_value(t)));
		jv_free(t);
		t = jv_object_get(jv_copy(rec->json), jv_string("arch"));
		if (jv_get_kind(t) == JV_KIND_STRING)
			set_once(&run->goarch, jv_string_value(t),
				 strlen(jv_string_value(t)));
		jv_free(t);
	}
	/* config lines (a plugin's context, or "config" when decoded) */
	s = label(&rec->r, "goos");
	if (s.n) {
		free(run->goos);
		run->goos = xstrndup(s.s, s.n);
	}
	s = label(&rec->r, "goarch");
	if (s.n) {
		free(run->goarch);
		run->goarch = xstrndup(s.s, s.n);
	}
	s = label(&rec->r, "cpu");
	if (s.n)
		system_set(run, "cpu", jv_string_sized(s.s, (int)s.n));
	s = label(&rec->r, "goos");
	if (s.n)
		system_set(run, "os", jv_string_sized(s.s, (int)s.n));
	s = label(&rec->r, "goarch");
	if (s.n)
		system_set(run, "arch", jv_string_sized(s.s, (int)s.n));
}

/* "k=v k=v" of r's group labels except the platform's; owned by the
 * caller. */
static char *labels_text(const struct bt_record *r)
{
	struct buf b = {0};
	size_t i;

	for (i = 0; i < r->nlabels; i++) {
		const struct bt_label *l = &r->labels[i];

		if ((l->key.n == 4 && !memcmp(l->key.s, "goos", 4)) ||
		    (l->key.n == 6 && !memcmp(l->key.s, "goarch", 6)) ||
		    (l->key.n == 3 && !memcmp(l->key.s, "cpu", 3)))
			continue;
		if (b.len)
			buf_addc(&b, ' ');
		buf_add(&b, l->key.s, l->key.n);
		buf_addc(&b, '=');
		buf_add(&b, l->value.s, l->value.n);
	}
	return xstrdup(b.len ? buf_cstr(&b) : "");
}

/* The benchmark of a sample, created on first sight.  Owned by run. */
static struct bench *bench_of(struct run *run, const struct bt_record *r)
{
	struct map_entry *e;
	struct bench *b;
	struct bt_str cat;
	const char *slash;
	int created;

	run->key.len = 0;
	if (run->by_labels) {
		rec_identity(&run->key, r, 1, NULL);
	} else {
		buf_add(&run->key, r->suite.s, r->suite.n);
		buf_addc(&run->key, '\0');
		buf_add(&run->key, r->name.s, r->name.n);
		buf_add(&run->key, &r->procs, sizeof r->procs);
	}
	e = map_get(&run->benches, run->key.p, run->key.len, &created);
	if (!created)
		return e->value;
	b = xcalloc(1, sizeof *b);
	b->suite = xstrndup(r->suite.s, r->suite.n);
	b->name = xstrndup(r->name.s, r->name.n);
	b->procs = r->procs;
	if (run->by_labels)
		b->labels = labels_text(r);
	cat = label(r, "category");
	if (cat.n) {
		b->category = xstrndup(cat.s, cat.n);
	} else {
		slash = strrchr(b->suite, '/');
		b->category = xstrdup(slash	  ? slash + 1
				      : *b->suite ? b->suite
						  : "other");
	}
	e->value = b;
	return b;
}

static void take_sample(struct run *run, const struct rec *rec)
{
	struct bench *b = bench_of(run, &rec->r);
	struct bt_str s;
	size_t i, j;

	s = label(&rec->r, "version");
	if (s.n && !run->version)
		run->version = xstrndup(s.s, s.n);
	s = label(&rec->r, "goos");
	set_once(&run->goos, s.s, s.n);
	s = label(&rec->r, "goarch");
	set_once(&run->goarch, s.s, s.n);
	s = label(&rec->r, "cpu");
	if (s.n)
		system_set(run, "cpu", jv_string_sized(s.s, (int)s.n));
	for (i = 0; i < rec->r.nmetrics; i++) {
		const struct bt_metric *m = &rec->r.metrics[i];
		struct metric *bm = NULL;

		for (j = 0; j < b->nm && !bm; j++)
			if (strlen(b->m[j].unit) == m->unit.n &&
			    !memcmp(b->m[j].unit, m->unit.s, m->unit.n))
				bm = &b->m[j];
		if (!bm) {
			b->m = xreallocarray(b->m, b->nm + 1, sizeof *b->m);
			bm = memset(&b->m[b->nm++], 0, sizeof *bm);
			bm->unit = xstrndup(m->unit.s, m->unit.n);
		}
		if (bm->n == bm->cap) {
			bm->cap = bm->cap ? bm->cap * 2 : 16;
			bm->v = xreallocarray(bm->v, bm->cap, sizeof *bm->v);
		}
		bm->v[bm->n++] = m->value;
	}
}

static int collect(void *ctx, const struct rec *rec)
{
	struct run *run = ctx;

	if (rec->r.kind == BT_KIND_CONTEXT)
		take_context(run, rec);
	else if (rec->r.kind == BT_KIND_SAMPLE && rec->r.nmetrics)
		take_sample(run, rec);
	return 0;
}

/* "2026-11-22_16-00-00…" -> "2026-11-22T16:00:00Z", or NULL. */
static char *stamp_of_name(const char *path)
{
	const char *base = strrchr(path, '/');
	struct tm tm;
	char out[32];
	const char *end;

	base = base ? base + 1 : path;
	memset(&tm, 0, sizeof tm);
	end = strptime(base, "%Y-%m-%d_%H-%M-%S", &tm);
	if (!end || end - base != 19)
		return NULL;
	strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return xstrdup(out);
}

static char *rfc3339(time_t t)
{
	char out[32];

	strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
	return xstrdup(out);
}

/* The base name of path's directory ("go1.19" for …/go1.19/x.jsonl). */
static char *dir_name(const char *path)
{
	const char *end = strrchr(path, '/'), *start;

	if (!end || end == path)
		return NULL;
	start = end;
	while (start > path && start[-1] != '/')
		start--;
	return end > start ? xstrndup(start, (size_t)(end - start)) : NULL;
}

/* Read path into run.  0, or 2 on an input error (reported). */
static int run_load(struct run *run, const char *path)
{
	struct stat st;
	int ret;

	memset(run, 0, sizeof *run);
	run->path = path;
	run->system = jv_object();
	ret = input_read(path, input_format, collect, run);
	if (ret)
		return ret;
	if (!run->version)
		run->version = dir_name(path);
	if (!run->version) {
		warnx_("%s: no version label and no directory to name the "
		       "version after",
		       path);
		return EXIT_USAGE;
	}
	if (!run->timestamp)
		run->timestamp = stamp_of_name(path);
	if (!run->timestamp)
		run->timestamp =
		    rfc3339(strcmp(path, "-") && !stat(path, &st) ? st.st_mtime
								  : time(NULL));
	if (!run->goos || !run->goarch) {
		warnx_("%s: no platform: the records carry no goos/goarch "
		       "labels and no context os/arch",
		       path);
		return EXIT_USAGE;
	}
	return 0;
}

/* --- statistics into JSON ------------------------------------------------ */

static const char *variance_class(double cv)
{
	if (isnan(cv))
		return NULL;
	if (cv < 5)
		return "Good";
	if (cv < 10)
		return "Acceptable";
	if (cv < 15)
		return "Warning";
	if (cv <= 30)
		return "High";
	return "Very High";
}

static void put_num(struct buf *b, const char *key, double v)
{
	json_str(b, key, strlen(key));
	buf_addc(b, ':');
	json_num(b, v);
	buf_addc(b, ',');
}

/* One unit's summary object; returns its CV (NaN when undefined). */
static double put_metric(struct buf *b, const struct metric *m)
{
	double *s = xmalloc(m->n * sizeof *s), lo, hi, cv;
	size_t i;

	memcpy(s, m->v, m->n * sizeof *s);
	stats_sort(s, m->n);
	stats_cv(s, m->n, &cv);
	stats_mean_ci(s, m->n, CI_LEVEL, &lo, &hi);
	buf_addc(b, '{');
	put_num(b, "n", (double)m->n);
	put_num(b, "mean", stats_mean(s, m->n));
	put_num(b, "median", stats_median(s, m->n));
	put_num(b, "stddev", stats_stddev(s, m->n));
	put_num(b, "cv", cv);
	put_num(b, "min", s[0]);
	put_num(b, "max", s[m->n - 1]);
	put_num(b, "p95", stats_percentile(s, m->n, 95));
	put_num(b, "p99", stats_percentile(s, m->n, 99));
	put_num(b, "ci_low", lo);
	put_num(b, "ci_high", hi);
	buf_addlit(b, "\"samples\":[");
	for (i = 0; i < m->n; i++) {
		if (i)
			buf_addc(b, ',');
		json_num(b, m->v[i]);
	}
	buf_addlit(b, "]}");
	free(s);
	return cv;
}

static void put_bench(struct buf *b, const struct bench *be)
{
	const char *cls = NULL;
	double cv;
	size_t i;

	buf_addlit(b, "{\"name\":");
	json_str(b, be->name, strlen(be->name));
	buf_addlit(b, ",\"suite\":");
	json_str(b, be->suite, strlen(be->suite));
	buf_addlit(b, ",\"procs\":");
	json_int(b, be->procs ? be->procs : 1);
	buf_addlit(b, ",\"category\":");
	json_str(b, be->category, strlen(be->category));
	buf_addlit(b, ",\"metrics\":{");
	for (i = 0; i < be->nm; i++) {
		if (i)
			buf_addc(b, ',');
		json_str(b, be->m[i].unit, strlen(be->m[i].unit));
		buf_addc(b, ':');
		cv = put_metric(b, &be->m[i]);
		if (!strcmp(be->m[i].unit, "ns/op") || (i == 0 && !cls))
			cls = variance_class(cv);
	}
	buf_addc(b, '}');
	if (cls) {
		buf_addlit(b, ",\"variance\":");
		json_str(b, cls, strlen(cls));
	}
	buf_addc(b, '}');
}

/* {"timestamp":…,"commit":…,"medians":{…}} of a run, appended to b. */
static void put_history(struct buf *b, const struct run *run)
{
	jv commit = jv_object_get(jv_copy(run->system), jv_string("commit"));
	size_t i, j;
	char procs[32];

	buf_addlit(b, "{\"timestamp\":");
	json_str(b, run->timestamp, strlen(run->timestamp));
	buf_addlit(b, ",\"commit\":");
	if (jv_get_kind(commit) == JV_KIND_STRING)
		json_str(b, jv_string_value(commit),
			 strlen(jv_string_value(commit)));
	else
		buf_addlit(b, "\"\"");
	jv_free(commit);
	buf_addlit(b, ",\"medians\":{");
	for (i = 0; i < run->benches.n; i++) {
		const struct bench *be = run->benches.v[i].value;
		struct buf k = {0};

		buf_add(&k, be->suite, strlen(be->suite));
		buf_addc(&k, ' ');
		buf_add(&k, be->name, strlen(be->name));
		snprintf(procs, sizeof procs, "-%ld",
			 be->procs ? be->procs : 1);
		buf_add(&k, procs, strlen(procs));
		if (i)
			buf_addc(b, ',');
		json_str(b, k.p, k.len);
		buf_free(&k);
		buf_addlit(b, ":{");
		for (j = 0; j < be->nm; j++) {
			const struct metric *m = &be->m[j];
			double *s = xmalloc(m->n * sizeof *s);

			memcpy(s, m->v, m->n * sizeof *s);
			stats_sort(s, m->n);
			if (j)
				buf_addc(b, ',');
			json_str(b, m->unit, strlen(m->unit));
			buf_addc(b, ':');
			json_num(b, stats_median(s, m->n));
			free(s);
		}
		buf_addc(b, '}');
	}
	buf_addlit(b, "}}");
}

/* --- the web layout ------------------------------------------------------- */

/* One (platform, version): its history so far and its newest run. */
struct version {
	char *platform, *goos, *goarch, *version;
	struct hist {
		char *timestamp;
		struct buf json;
	} * hist;
	size_t nhist;
	struct run *newest;
};

static void version_free(void *p)
{
	struct version *v = p;
	size_t i;

	for (i = 0; i < v->nhist; i++) {
		free(v->hist[i].timestamp);
		buf_free(&v->hist[i].json);
	}
	free(v->hist);
	if (v->newest) {
		run_free(v->newest);
		free(v->newest);
	}
	free(v->platform);
	free(v->goos);
	free(v->goarch);
	free(v->version);
	free(v);
}

/* A name safe as a file name component: no '/', no leading '.'. */
static int safe_name(const char *s)
{
	return *s && *s != '.' && !strchr(s, '/') && strlen(s) < 200;
}

/* File run (loaded) into its version; takes run. */
static int add_run(struct map *versions, struct run *run)
{
	struct buf k = {0};
	struct map_entry *e;
	struct version *v;
	int created;

	if (!safe_name(run->goos) || !safe_name(run->goarch) ||
	    !safe_name(run->version)) {
		warnx_("%s: platform or version '%s-%s/%s' cannot name a file",
		       run->path, run->goos, run->goarch, run->version);
		run_free(run);
		free(run);
		return EXIT_USAGE;
	}
	buf_add(&k, run->goos, strlen(run->goos));
	buf_addc(&k, '-');
	buf_add(&k, run->goarch, strlen(run->goarch));
	buf_addc(&k, '/');
	buf_add(&k, run->version, strlen(run->version));
	e = map_get(versions, k.p, k.len, &created);
	if (created) {
		v = e->value = xcalloc(1, sizeof *v);
		v->platform = xstrndup(k.p, strchr(k.p, '/') - k.p);
		v->goos = xstrdup(run->goos);
		v->goarch = xstrdup(run->goarch);
		v->version = xstrdup(run->version);
	}
	buf_free(&k);
	v = e->value;
	v->hist = xreallocarray(v->hist, v->nhist + 1, sizeof *v->hist);
	memset(&v->hist[v->nhist], 0, sizeof *v->hist);
	v->hist[v->nhist].timestamp = xstrdup(run->timestamp);
	put_history(&v->hist[v->nhist].json, run);
	v->nhist++;
	if (!v->newest || strcmp(run->timestamp, v->newest->timestamp) >= 0) {
		if (v->newest) {
			run_free(v->newest);
			free(v->newest);
		}
		v->newest = run;
	} else {
		run_free(run);
		free(run);
	}
	return 0;
}

static int cmp_hist(const void *a, const void *b)
{
	return strcmp(((const struct hist *)a)->timestamp,
		      ((const struct hist *)b)->timestamp);
}

/* mkdir -p for one level below an existing directory. */
static int make_dir(const char *path)
{
	if (mkdir(path, 0777) && errno != EEXIST) {
		warnx_("%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int write_file(const char *path, const struct buf *b)
{
	if (atomic_write(path, b->p, b->len, 0)) {
		warnx_("%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int write_version(const char *dir, const struct version *v)
{
	const struct run *run = v->newest;
	struct buf b = {0};
	char *path;
	size_t i;
	int ret;

	if (v->nhist)
		qsort(v->hist, v->nhist, sizeof *v->hist, cmp_hist);
	buf_addlit(&b, "{\"version\":");
	json_str(&b, v->version, strlen(v->version));
	buf_addlit(&b, ",\"platform\":");
	json_str(&b, v->platform, strlen(v->platform));
	buf_addlit(&b, ",\"timestamp\":");
	json_str(&b, run->timestamp, strlen(run->timestamp));
	buf_addlit(&b, ",\"system\":");
	{
		jv d = jv_dump_string(jv_copy(run->system), 0);

		buf_add(&b, jv_string_value(d), strlen(jv_string_value(d)));
		jv_free(d);
	}
	buf_addlit(&b, ",\"benchmarks\":[");
	for (i = 0; i < run->benches.n; i++) {
		if (i)
			buf_addlit(&b, ",\n ");
		put_bench(&b, run->benches.v[i].value);
	}
	buf_addlit(&b, "],\n\"history\":[");
	for (i = 0; i < v->nhist; i++) {
		if (i)
			buf_addlit(&b, ",\n ");
		buf_add(&b, v->hist[i].json.p, v->hist[i].json.len);
	}
	buf_addlit(&b, "]}\n");
	if (asprintf(&path, "%s/%s/%s.json", dir, v->platform, v->version) < 0)
		die(EXIT_USAGE, "out of memory");
	ret = write_file(path, &b);
	free(path);
	buf_free(&b);
	return ret;
}

/* The JSON object in path, or an empty object when there is none; NULL
 * (reported) when it is there but not an object. */
static int load_json(const char *path, jv *out)
{
	jv v = jv_load_file(path, 0);

	if (jv_get_kind(v) == JV_KIND_ARRAY) /* the file's values */
		v = jv_array_length(jv_copy(v)) == 1 ? jv_array_get(v, 0)
						     : (jv_free(v), jv_null());
	if (!jv_is_valid(v)) {
		jv_free(v);
		if (access(path, F_OK) == 0) {
			warnx_("%s: not valid JSON; not overwritten", path);
			return -1;
		}
		*out = jv_object();
		return 0;
	}
	if (jv_get_kind(v) != JV_KIND_OBJECT) {
		jv_free(v);
		warnx_("%s: not a JSON object; not overwritten", path);
		return -1;
	}
	*out = v;
	return 0;
}

static int write_jv(const char *path, jv v)
{
	jv s = jv_dump_string(v, 0);
	struct buf b = {0};
	int ret;

	buf_add(&b, jv_string_value(s), strlen(jv_string_value(s)));
	buf_addc(&b, '\n');
	jv_free(s);
	ret = write_file(path, &b);
	buf_free(&b);
	return ret;
}

/* Replace the entry of array arr whose field key equals name by entry (or
 * append it); consumes arr and entry. */
static jv array_put(jv arr, const char *key, const char *name, jv entry)
{
	jv out = jv_array();
	int i, n, found = 0;

	if (jv_get_kind(arr) != JV_KIND_ARRAY) {
		jv_free(arr);
		arr = jv_array();
	}
	n = jv_array_length(jv_copy(arr));
	for (i = 0; i < n; i++) {
		jv e = jv_array_get(jv_copy(arr), i);
		jv k = jv_get_kind(e) == JV_KIND_OBJECT
			   ? jv_object_get(jv_copy(e), jv_string(key))
			   : jv_invalid();

		if (jv_get_kind(k) == JV_KIND_STRING &&
		    !strcmp(jv_string_value(k), name)) {
			jv_free(e);
			e = jv_copy(entry);
			found = 1;
		}
		jv_free(k);
		out = jv_array_append(out, e);
	}
	jv_free(arr);
	if (!found)
		out = jv_array_append(out, jv_copy(entry));
	jv_free(entry);
	return out;
}

/* index.json with this version's entry; returns the version names, oldest
 * first (consumes nothing). */
static int write_index(const char *dir, const struct version *v, jv *names)
{
	char *path;
	jv idx, vs, e;
	int ret = -1, i, n;

	if (asprintf(&path, "%s/%s/index.json", dir, v->platform) < 0)
		die(EXIT_USAGE, "out of memory");
	if (load_json(path, &idx) == 0) {
		e = jv_object();
		e = jv_object_set(e, jv_string("version"),
				  jv_string(v->version));
		e = jv_object_set(e, jv_string("file"),
				  jv_string_fmt("%s.json", v->version));
		e = jv_object_set(e, jv_string("timestamp"),
				  jv_string(v->newest->timestamp));
		e = jv_object_set(e, jv_string("benchmarks"),
				  jv_number((double)v->newest->benches.n));
		vs = array_put(
		    jv_object_get(jv_copy(idx), jv_string("versions")),
		    "version", v->version, e);
		/* order by timestamp */
		{
			jv keyed = jv_array();

			n = jv_array_length(jv_copy(vs));
			for (i = 0; i < n; i++) {
				jv x = jv_array_get(jv_copy(vs), i);
				jv t =
				    jv_get_kind(x) == JV_KIND_OBJECT
					? jv_object_get(jv_copy(x),
							jv_string("timestamp"))
					: jv_null();

				jv_free(x);
				keyed = jv_array_append(keyed, t);
			}
			vs = jv_sort(vs, keyed);
		}
		idx = jv_object_set(idx, jv_string("platform"),
				    jv_string(v->platform));
		idx = jv_object_set(idx, jv_string("versions"), jv_copy(vs));
		*names = jv_array();
		n = jv_array_length(jv_copy(vs));
		for (i = 0; i < n; i++) {
			jv x = jv_array_get(jv_copy(vs), i);

			*names = jv_array_append(
			    *names, jv_get_kind(x) == JV_KIND_OBJECT
					? jv_object_get(x, jv_string("version"))
					: (jv_free(x), jv_null()));
		}
		jv_free(vs);
		ret = write_jv(path, idx);
	}
	free(path);
	return ret;
}

static int write_platforms(const char *dir, const struct version *v, jv names)
{
	char *path;
	jv all, e, now;
	int ret = -1;

	if (asprintf(&path, "%s/platforms.json", dir) < 0)
		die(EXIT_USAGE, "out of memory");
	if (load_json(path, &all) == 0) {
		char *t = rfc3339(time(NULL));

		now = jv_string(t);
		free(t);
		e = jv_object();
		e = jv_object_set(e, jv_string("id"), jv_string(v->platform));
		e = jv_object_set(e, jv_string("goos"), jv_string(v->goos));
		e = jv_object_set(e, jv_string("goarch"), jv_string(v->goarch));
		e = jv_object_set(e, jv_string("versions"), names);
		e = jv_object_set(e, jv_string("updated"), now);
		all = jv_object_set(
		    all, jv_string("platforms"),
		    array_put(
			jv_object_get(jv_copy(all), jv_string("platforms")),
			"id", v->platform, e));
		ret = write_jv(path, all);
	} else {
		jv_free(names);
	}
	free(path);
	return ret;
}

/* Write one version and update index.json and platforms.json under the
 * lock of platforms.json, so concurrent exports take turns. */
static int export_version(const char *dir, const struct version *v)
{
	char *pdir, *lockp;
	jv names;
	int lock, ret = -1;

	if (asprintf(&pdir, "%s/%s", dir, v->platform) < 0 ||
	    asprintf(&lockp, "%s/platforms.json", dir) < 0)
		die(EXIT_USAGE, "out of memory");
	if (make_dir(pdir) == 0 && write_version(dir, v) == 0) {
		lock = lock_path(lockp);
		if (lock < 0)
			warnx_("%s: cannot lock: %s", lockp, strerror(errno));
		else if (write_index(dir, v, &names) == 0)
			ret = write_platforms(dir, v, names);
		if (lock >= 0)
			unlock_path(lock);
	}
	free(pdir);
	free(lockp);
	return ret;
}

/* --- finding the main results in a results tree --------------------------- */

struct paths {
	char **v;
	size_t n, cap;
};

static void paths_add(struct paths *p, char *s)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		p->v = xreallocarray(p->v, p->cap, sizeof *p->v);
	}
	p->v[p->n++] = s;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* 1 for a main result: STAMP.jsonl or .jsonl.gz; 2 for raw output
 * STAMP.txt or .json (used when no records file has that stamp). */
static int main_result(const char *name)
{
	struct tm tm;
	const char *end = strptime(name, "%Y-%m-%d_%H-%M-%S", &tm);

	if (!end || end - name != 19)
		return 0;
	if (!strcmp(end, ".jsonl") || !strcmp(end, ".jsonl.gz"))
		return 1;
	if (!strcmp(end, ".txt") || !strcmp(end, ".json"))
		return 2;
	return 0;
}

/* Add dir's main results to out; the number added. */
static size_t scan_version_dir(const char *dir, struct paths *out)
{
	struct paths all = {0};
	struct dirent *d;
	DIR *dp = opendir(dir);
	size_t i, j, added = 0;
	char *p;

	if (!dp)
		return 0;
	while ((d = readdir(dp)))
		if (main_result(d->d_name))
			paths_add(&all, xstrdup(d->d_name));
	closedir(dp);
	if (all.n)
		qsort(all.v, all.n, sizeof *all.v, cmp_str);
	for (i = 0; i < all.n; i++) {
		int dup = 0;

		if (main_result(all.v[i]) == 2)
			for (j = 0; j < all.n; j++)
				dup |= main_result(all.v[j]) == 1 &&
				       !strncmp(all.v[j], all.v[i], 19);
		if (!dup) {
			if (asprintf(&p, "%s/%s", dir, all.v[i]) < 0)
				die(EXIT_USAGE, "out of memory");
			paths_add(out, p);
			added++;
		}
		free(all.v[i]);
	}
	free(all.v);
	return added;
}

/* A results tree (platform directory of version directories, or one
 * version directory): its main results.  0 when dir is not one. */
static size_t scan_tree(const char *dir, struct paths *out)
{
	struct paths subs = {0};
	struct dirent *d;
	struct stat st;
	DIR *dp;
	size_t i, added = scan_version_dir(dir, out);
	char *p;

	if (added || !(dp = opendir(dir)))
		return added;
	while ((d = readdir(dp))) {
		if (d->d_name[0] == '.')
			continue;
		if (asprintf(&p, "%s/%s", dir, d->d_name) < 0)
			die(EXIT_USAGE, "out of memory");
		if (stat(p, &st) == 0 && S_ISDIR(st.st_mode))
			paths_add(&subs, p);
		else
			free(p);
	}
	closedir(dp);
	if (subs.n)
		qsort(subs.v, subs.n, sizeof *subs.v, cmp_str);
	for (i = 0; i < subs.n; i++) {
		added += scan_version_dir(subs.v[i], out);
		free(subs.v[i]);
	}
	free(subs.v);
	return added;
}

static int web(const char *dir, char **args, int nargs)
{
	struct paths in = {0};
	struct map versions = {0};
	struct stat st;
	size_t i;
	int ret = 0, r;

	for (i = 0; i < (size_t)nargs; i++) {
		if (stat(args[i], &st) == 0 && S_ISDIR(st.st_mode) &&
		    scan_tree(args[i], &in))
			continue;
		paths_add(&in, xstrdup(args[i]));
	}
	if (nargs == 0)
		paths_add(&in, xstrdup("-"));
	for (i = 0; i < in.n; i++) {
		struct run *run = xmalloc(sizeof *run);

		if ((r = run_load(run, in.v[i]))) {
			run_free(run);
			free(run);
			ret = r;
		} else if (run->benches.n == 0) {
			warnx_("%s: no samples", in.v[i]);
			run_free(run);
			free(run);
		} else if ((r = add_run(&versions, run))) {
			ret = r;
		}
	}
	if (ret == 0 && versions.n == 0) {
		warnx_("nothing to export");
		ret = EXIT_USAGE;
	}
	if (ret == 0 && make_dir(dir))
		ret = EXIT_USAGE;
	for (i = 0; ret == 0 && i < versions.n; i++)
		if (export_version(dir, versions.v[i].value))
			ret = EXIT_USAGE;
	map_free(&versions, version_free);
	for (i = 0; i < in.n; i++)
		free(in.v[i]);
	free(in.v);
	return ret;
}

/* --- reports ------------------------------------------------------------- */

/* benchfmt: Go benchmark text, streamed record by record. */
struct gofmt {
	struct buf out, suite;
	int ret;
};

static void go_config(struct gofmt *g, const char *k, size_t kn, const char *v,
		      size_t vn)
{
	size_t i;

	/* a key must be one word of lower-case letters, digits, '-' or '_' */
	if (kn == 0 || !((k[0] >= 'a' && k[0] <= 'z')))
		return;
	for (i = 0; i < kn; i++)
		if (!((k[i] >= 'a' && k[i] <= 'z') ||
		      (k[i] >= '0' && k[i] <= '9') || k[i] == '-' ||
		      k[i] == '_' || (k[i] >= 'A' && k[i] <= 'Z')))
			return;
	if (memchr(v, '\n', vn))
		return;
	buf_add(&g->out, k, kn);
	buf_addlit(&g->out, ": ");
	buf_add(&g->out, v, vn);
	buf_addc(&g->out, '\n');
}

static void go_sample(struct gofmt *g, const struct bt_record *r)
{
	char num[64];
	size_t i;

	if (r->suite.n && (r->suite.n != g->suite.len ||
			   memcmp(r->suite.s, g->suite.p, r->suite.n))) {
		go_config(g, "pkg", 3, r->suite.s, r->suite.n);
		g->suite.len = 0;
		buf_add(&g->suite, r->suite.s, r->suite.n);
	}
	if (r->name.n < 9 || memcmp(r->name.s, "Benchmark", 9))
		buf_addlit(&g->out, "Benchmark");
	for (i = 0; i < r->name.n; i++) /* one field: no blanks */
		buf_addc(&g->out, r->name.s[i] == ' ' || r->name.s[i] == '\t'
				      ? '_'
				      : r->name.s[i]);
	if (r->procs > 0) {
		snprintf(num, sizeof num, "-%ld", r->procs);
		buf_add(&g->out, num, strlen(num));
	}
	snprintf(num, sizeof num, "\t%lld",
		 (long long)(r->iterations > 0 ? r->iterations : 1));
	buf_add(&g->out, num, strlen(num));
	for (i = 0; i < r->nmetrics; i++) {
		const struct bt_metric *m = &r->metrics[i];

		buf_addc(&g->out, '\t');
		if (m->text.n)
			buf_add(&g->out, m->text.s, m->text.n);
		else {
			fmt_double(num, m->value);
			buf_add(&g->out, num, strlen(num));
		}
		buf_addc(&g->out, ' ');
		buf_add(&g->out, m->unit.s, m->unit.n);
	}
	buf_addc(&g->out, '\n');
}

static int go_rec(void *ctx, const struct rec *rec)
{
	struct gofmt *g = ctx;
	size_t i;

	if (rec->r.kind == BT_KIND_CONTEXT) {
		for (i = 0; i < rec->r.nlabels; i++) {
			const struct bt_label *l = &rec->r.labels[i];

			go_config(g, l->key.s, l->key.n, l->value.s,
				  l->value.n);
			if (l->key.n == 3 && !memcmp(l->key.s, "pkg", 3)) {
				g->suite.len = 0;
				buf_add(&g->suite, l->value.s, l->value.n);
			}
		}
	} else if (rec->r.kind == BT_KIND_SAMPLE && rec->r.nmetrics) {
		go_sample(g, &rec->r);
	}
	if (g->out.len > 1 << 16) {
		fwrite(g->out.p, 1, g->out.len, stdout);
		g->out.len = 0;
	}
	return 0;
}

static int benchfmt(char **args, int nargs)
{
	struct gofmt g = {0};
	int i, r;

	for (i = 0; i < nargs || (i == 0 && nargs == 0); i++)
		if ((r = input_read(nargs ? args[i] : "-", input_format, go_rec,
				    &g)))
			g.ret = r;
	if (g.out.len)
		fwrite(g.out.p, 1, g.out.len, stdout);
	buf_free(&g.out);
	buf_free(&g.suite);
	return g.ret;
}

/* A markdown table cell: '|' escaped, no line breaks. */
static void md_cell(const char *s)
{
	for (; *s; s++) {
		if (*s == '|' || *s == '\\' || *s == '*' || *s == '_' ||
		    *s == '`' || *s == '<' || *s == '>' || *s == '[')
			putchar('\\');
		putchar(*s == '\n' || *s == '\r' ? ' ' : *s);
	}
}

/* A CSV field (RFC 4180): quoted when it holds a comma, quote or break. */
static void csv_field(const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, stdout);
		return;
	}
	putchar('"');
	for (; *s; s++) {
		if (*s == '"')
			putchar('"');
		putchar(*s);
	}
	putchar('"');
}

static void print_num(double d)
{
	char num[64];

	if (isnan(d)) {
		fputs("", stdout);
		return;
	}
	fmt_double(num, d);
	fputs(num, stdout);
}

/* One row per benchmark and unit of everything read. */
static int summary(char **args, int nargs, int md)
{
	struct run run;
	char name[64];
	size_t i, j;
	int k, r, ret = 0;

	memset(&run, 0, sizeof run);
	run.system = jv_object();
	run.by_labels = 1;
	for (k = 0; k < nargs || (k == 0 && nargs == 0); k++)
		if ((r = input_read(nargs ? args[k] : "-", input_format,
				    collect, &run)))
			ret = r;
	if (md)
		fputs("| benchmark | suite | labels | unit | n | median | mean "
		      "| 95% CI of mean | CV % | variance |\n"
		      "|---|---|---|---|--:|--:|--:|---|--:|---|\n",
		      stdout);
	else
		fputs("benchmark,suite,labels,unit,n,median,mean,ci_low,"
		      "ci_high,stddev,cv,min,max,variance\n",
		      stdout);
	for (i = 0; i < run.benches.n; i++) {
		const struct bench *b = run.benches.v[i].value;

		for (j = 0; j < b->nm; j++) {
			const struct metric *m = &b->m[j];
			double *s = xmalloc(m->n * sizeof *s), lo, hi, cv;
			const char *cls;

			memcpy(s, m->v, m->n * sizeof *s);
			stats_sort(s, m->n);
			stats_cv(s, m->n, &cv);
			stats_mean_ci(s, m->n, CI_LEVEL, &lo, &hi);
			cls = variance_class(cv);
			snprintf(name, sizeof name, "-%ld", b->procs);
			if (md) {
				fputs("| ", stdout);
				md_cell(b->name);
				if (b->procs)
					fputs(name, stdout);
				fputs(" | ", stdout);
				md_cell(b->suite);
				fputs(" | ", stdout);
				md_cell(b->labels);
				fputs(" | ", stdout);
				md_cell(m->unit);
				printf(" | %zu | ", m->n);
				print_num(stats_median(s, m->n));
				fputs(" | ", stdout);
				print_num(stats_mean(s, m->n));
				fputs(" | ", stdout);
				if (!isnan(lo)) {
					print_num(lo);
					fputs(" – ", stdout);
					print_num(hi);
				}
				if (isnan(cv))
					printf(" | — | — |\n");
				else
					printf(" | %.2f | %s |\n", cv, cls);
			} else {
				struct buf nm = {0};

				buf_add(&nm, b->name, strlen(b->name));
				if (b->procs)
					buf_add(&nm, name, strlen(name));
				csv_field(buf_cstr(&nm));
				buf_free(&nm);
				putchar(',');
				csv_field(b->suite);
				putchar(',');
				csv_field(b->labels);
				putchar(',');
				csv_field(m->unit);
				printf(",%zu,", m->n);
				print_num(stats_median(s, m->n));
				putchar(',');
				print_num(stats_mean(s, m->n));
				putchar(',');
				print_num(lo);
				putchar(',');
				print_num(hi);
				putchar(',');
				print_num(stats_stddev(s, m->n));
				putchar(',');
				print_num(cv);
				putchar(',');
				print_num(s[0]);
				putchar(',');
				print_num(s[m->n - 1]);
				printf(",%s\n", cls ? cls : "");
			}
			free(s);
		}
	}
	run_free(&run);
	return ret;
}

/* --- main ----------------------------------------------------------------- */

static void usage(int status)
{
	fprintf(status ? stderr : stdout,
		"usage: bt-export --web DIR [RESULTS...]\n"
		"       bt-export --format markdown|csv|benchfmt [FILE...]\n"
		"  -w, --web DIR          write the dashboard data into DIR\n"
		"  -F, --format FMT       markdown, csv or benchfmt on stdout\n"
		"  -f, --input-format NAME  parse inputs with plugin NAME\n"
		"  -h, --help             this help\n"
		"  -V, --version          print the version\n");
	exit(status);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"web", required_argument, NULL, 'w'},
	    {"format", required_argument, NULL, 'F'},
	    {"input-format", required_argument, NULL, 'f'},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0}};
	const char *web_dir = NULL;
	int c, ret;

	util_init(argv[0]);
	while ((c = getopt_long(argc, argv, "w:F:f:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'w':
			web_dir = optarg;
			break;
		case 'F':
			format_opt = optarg;
			break;
		case 'f':
			input_format = optarg;
			break;
		case 'h':
			usage(0);
			break;
		case 'V':
			print_version();
			return 0;
		default:
			usage(EXIT_USAGE);
		}
	}
	if (!!web_dir + !!format_opt != 1)
		usage(EXIT_USAGE);
	if (web_dir)
		ret = web(web_dir, argv + optind, argc - optind);
	else if (!strcmp(format_opt, "benchfmt"))
		ret = benchfmt(argv + optind, argc - optind);
	else if (!strcmp(format_opt, "markdown") || !strcmp(format_opt, "md"))
		ret = summary(argv + optind, argc - optind, 1);
	else if (!strcmp(format_opt, "csv"))
		ret = summary(argv + optind, argc - optind, 0);
	else
		die(EXIT_USAGE,
		    "--format: '%s' is not markdown, csv or "
		    "benchfmt",
		    format_opt);
	return fshut(stdout, "<stdout>") | ret;
}
