/*
 * bt-export — records out of the stream and into what people keep or look
 * at: the dashboard's data tree (--web, docs/web-data.md), a summary report
 * for a pull request or a CI job (--format markdown|csv), Go benchmark text
 * that benchstat reads (--format benchfmt), and archives with a manifest
 * (--archive, --extract).
 *
 * The one idea of --web: a results tree holds many runs per version; the
 * newest main result of each version becomes that version's file, and every
 * main result of it becomes one point of its history.  Which platform and
 * which version a run belongs to is read from its records, never from the
 * path, so a tree that was moved or renamed exports the same.
 */
#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "atomic.h"
#include "buf.h"
#include "map.h"
#include "record.h"
#include "sha256.h"
#include "stats.h"
#include "text.h"
#include "util.h"
#include "webdata.h"

/* --web --repository URL: the repository a change's commits link to */
static const char *repository;

/* --- one run's benchmarks ------------------------------------------------- */

struct series {
	char *unit;
	double *v; /* in run order */
	size_t n, cap;
};

struct bench {
	char *suite, *name, *category, *version;
	long procs;
	struct series *s;
	size_t ns;
};

/* Everything one result file says.  Owns all its strings and benches. */
struct run {
	char *path;
	char *version, *goos, *goarch, *commit;
	char stamp[32];	    /* RFC 3339 UTC, "" until known */
	jv system;	    /* object: the context's metadata */
	struct map benches; /* identity -> struct bench * */
	int by_version;	    /* reports: keep versions apart */
};

static char *bt_dup(struct bt_str s)
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

static void run_free(struct run *r)
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

static int str_is(struct bt_str s, const char *c)
{
	return s.n == strlen(c) && !memcmp(s.s, c, s.n);
}

/* RFC 3339 of a bt-run "time" (already RFC 3339) or a file name stamp
 * YYYY-MM-DD_HH-MM-SS; 0 when name has none. */
static int stamp_from_name(const char *path, char *out, size_t n)
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

		if (str_is(l->key, "goos"))
			set_once(&run->goos, l->value);
		else if (str_is(l->key, "goarch"))
			set_once(&run->goarch, l->value);
		else if (str_is(l->key, "cpu") &&
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
		if (str_is(unit, b->s[i].unit))
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

static int take_record(void *ctx, const struct rec *rec)
{
	if (rec->r.kind == BT_KIND_CONTEXT)
		take_context(ctx, rec);
	else if (rec->r.kind == BT_KIND_SAMPLE)
		take_sample(ctx, rec);
	return 0;
}

static struct run *run_new(const char *path)
{
	struct run *r = xcalloc(1, sizeof *r);

	r->path = xstrdup(path);
	r->system = jv_object();
	return r;
}

/* Read one result file into a new run (caller frees with run_free); NULL
 * after an input error (reported). */
static struct run *run_load(const char *path)
{
	struct run *r = run_new(path);
	struct stat st;

	if (input_read(path, NULL, take_record, r)) {
		run_free(r);
		return NULL;
	}
	if (!r->stamp[0] && !stamp_from_name(path, r->stamp, sizeof r->stamp)) {
		if (stat(path, &st) == 0)
			utc_stamp(st.st_mtime, r->stamp, sizeof r->stamp);
		else
			utc_stamp(time(NULL), r->stamp, sizeof r->stamp);
	}
	return r;
}

/* --- statistics of one series --------------------------------------------- */

/* Student's t quantile t(0.975, df): exact table to 30, then the
 * Cornish–Fisher expansion (error < 1e-5 beyond 30). */
static double t975(size_t df)
{
	static const double tab[] = {
	    12.7062, 4.30265, 3.18245, 2.77645, 2.57058, 2.44691,
	    2.36462, 2.306,   2.26216, 2.22814, 2.20099, 2.17881,
	    2.16037, 2.14479, 2.13145, 2.11991, 2.10982, 2.10092,
	    2.09302, 2.08596, 2.07961, 2.07387, 2.06866, 2.0639,
	    2.05954, 2.05553, 2.05183, 2.04841, 2.04523, 2.04227};
	double z = 1.959963984540054, d = (double)df, z3 = z * z * z,
	       z5 = z3 * z * z;

	if (df == 0)
		return NAN;
	if (df <= 30)
		return tab[df - 1];
	return z + (z3 + z) / (4 * d) +
	       (5 * z5 + 16 * z3 + 3 * z) / (96 * d * d);
}

static const char *class_title(enum stats_class c)
{
	static const char *names[] = {"",	 "Good", "Acceptable",
				      "Warning", "High", "Very High"};

	return c == CLASS_UNKNOWN ? NULL : names[c];
}

struct summ {
	struct stats_summary s;
	double ci_low, ci_high; /* the mean's 95 % interval (Student's t) */
};

static void summarize(const struct series *se, struct summ *out)
{
	double *x = xreallocarray(NULL, se->n, sizeof *x), half;

	memcpy(x, se->v, se->n * sizeof *x);
	stats_summarize(x, se->n, 0.95, &out->s);
	free(x);
	half = out->s.has_stddev
		   ? t975(se->n - 1) * out->s.stddev / sqrt((double)se->n)
		   : NAN;
	out->ci_low = out->s.mean - half;
	out->ci_high = out->s.mean + half;
}

static void key_num(struct buf *b, const char *key, double v)
{
	json_str(b, key, strlen(key));
	buf_addc(b, ':');
	json_num(b, v);
}

static void series_json(struct buf *b, const struct series *se)
{
	struct summ m;
	size_t i;

	summarize(se, &m);
	buf_addlit(b, "{\"n\":");
	json_int(b, (long long)se->n);
	buf_addc(b, ',');
	key_num(b, "mean", m.s.mean);
	buf_addc(b, ',');
	key_num(b, "median", m.s.median);
	buf_addc(b, ',');
	key_num(b, "stddev", m.s.stddev);
	buf_addc(b, ',');
	key_num(b, "cv", m.s.cv);
	buf_addc(b, ',');
	key_num(b, "min", m.s.min);
	buf_addc(b, ',');
	key_num(b, "max", m.s.max);
	buf_addc(b, ',');
	key_num(b, "p95", m.s.p95);
	buf_addc(b, ',');
	key_num(b, "p99", m.s.p99);
	buf_addc(b, ',');
	key_num(b, "ci_low", m.ci_low);
	buf_addc(b, ',');
	key_num(b, "ci_high", m.ci_high);
	buf_addlit(b, ",\"samples\":[");
	for (i = 0; i < se->n; i++) {
		if (i)
			buf_addc(b, ',');
		json_num(b, se->v[i]);
	}
	buf_addlit(b, "]}");
}

static const struct series *time_series(const struct bench *b)
{
	size_t i;

	for (i = 0; i < b->ns; i++)
		if (!strcmp(b->s[i].unit, "ns/op"))
			return &b->s[i];
	return b->ns ? &b->s[0] : NULL;
}

static long procs_of(const struct bench *b)
{
	return b->procs > 0 ? b->procs : 1;
}

static void bench_json(struct buf *b, const struct bench *be)
{
	const struct series *t = time_series(be);
	const char *cls;
	double cv, *x;
	size_t i;

	buf_addlit(b, "{\"name\":");
	json_str(b, be->name, strlen(be->name));
	buf_addlit(b, ",\"suite\":");
	json_str(b, be->suite, strlen(be->suite));
	buf_addlit(b, ",\"procs\":");
	json_int(b, procs_of(be));
	buf_addlit(b, ",\"category\":");
	json_str(b, be->category, strlen(be->category));
	buf_addlit(b, ",\"metrics\":{");
	for (i = 0; i < be->ns; i++) {
		if (i)
			buf_addc(b, ',');
		json_str(b, be->s[i].unit, strlen(be->s[i].unit));
		buf_addc(b, ':');
		series_json(b, &be->s[i]);
	}
	buf_addc(b, '}');
	if (t) {
		x = xreallocarray(NULL, t->n, sizeof *x);
		memcpy(x, t->v, t->n * sizeof *x);
		stats_cv(x, t->n, &cv);
		free(x);
		if ((cls = class_title(stats_classify(cv)))) {
			buf_addlit(b, ",\"variance\":");
			json_str(b, cls, strlen(cls));
		}
	}
	buf_addc(b, '}');
}

/* History point: {"timestamp","commit","medians":{"suite name-P":{u:m}}}. */
static char *history_json(const struct run *r)
{
	struct buf b = {0};
	size_t i, j;
	char key[64];

	buf_addlit(&b, "{\"timestamp\":");
	json_str(&b, r->stamp, strlen(r->stamp));
	buf_addlit(&b, ",\"commit\":");
	json_str(&b, r->commit ? r->commit : "",
		 r->commit ? strlen(r->commit) : 0);
	buf_addlit(&b, ",\"medians\":{");
	for (i = 0; i < r->benches.n; i++) {
		const struct bench *be = r->benches.v[i].value;
		struct buf k = {0};

		if (i)
			buf_addc(&b, ',');
		buf_add(&k, be->suite, strlen(be->suite));
		buf_addc(&k, ' ');
		buf_add(&k, be->name, strlen(be->name));
		snprintf(key, sizeof key, "-%ld", procs_of(be));
		buf_add(&k, key, strlen(key));
		json_str(&b, k.p, k.len);
		buf_free(&k);
		buf_addlit(&b, ":{");
		for (j = 0; j < be->ns; j++) {
			struct summ m;

			summarize(&be->s[j], &m);
			if (j)
				buf_addc(&b, ',');
			key_num(&b, be->s[j].unit, m.s.median);
		}
		buf_addc(&b, '}');
	}
	buf_addlit(&b, "}}");
	return buf_cstr(&b);
}

/* --- the web layout ------------------------------------------------------- */

struct paths {
	char **v;
	size_t n;
};

struct hist {
	char stamp[32];
	char *json;
};

/* One (platform, version): its newest run and every run's history point. */
struct ver {
	char *platform, *version;
	struct run *newest;
	struct hist *h;
	size_t nh;
	struct paths *files; /* every main result of it, for bt-history */
};

static void ver_free(void *p)
{
	struct ver *v = p;
	size_t i;

	for (i = 0; i < v->nh; i++)
		free(v->h[i].json);
	free(v->h);
	for (i = 0; i < v->files->n; i++)
		free(v->files->v[i]);
	free(v->files->v);
	free(v->files);
	run_free(v->newest);
	free(v->platform);
	free(v->version);
	free(v);
}

/* A main result: YYYY-MM-DD_HH-MM-SS.jsonl[.gz], nothing after the stamp
 * (so _retryN, _rerun… and _failed_benchmarks files are left out). */
static int main_result(const char *name)
{
	char stamp[32];

	if (!stamp_from_name(name, stamp, sizeof stamp))
		return 0;
	return !strcmp(name + 19, ".jsonl") || !strcmp(name + 19, ".jsonl.gz");
}

static void paths_add(struct paths *p, const char *s)
{
	p->v = xreallocarray(p->v, p->n + 1, sizeof *p->v);
	p->v[p->n++] = xstrdup(s);
}

static int walk(const char *dir, struct paths *out, int depth)
{
	DIR *d;
	struct dirent *e;
	struct stat st;
	char *path;
	int ret = 0;

	if (depth > 16)
		return 0;
	if (!(d = opendir(dir))) {
		warnx_("%s: %s", dir, strerror(errno));
		return EXIT_USAGE;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (asprintf(&path, "%s/%s", dir, e->d_name) < 0)
			die(EXIT_USAGE, "out of memory");
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			ret |= walk(path, out, depth + 1);
		else if (main_result(e->d_name))
			paths_add(out, path);
		free(path);
	}
	closedir(d);
	return ret;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *parent_name(const char *path)
{
	const char *end = strrchr(path, '/'), *start;

	if (!end)
		return NULL;
	for (start = end; start > path && start[-1] != '/'; start--)
		;
	return start < end ? xstrndup(start, (size_t)(end - start)) : NULL;
}

/* A safe file name: not empty, no '/', not starting with '.'. */
static int safe_name(const char *s)
{
	return *s && *s != '.' && !strchr(s, '/');
}

/* Without goos/goarch labels, the os and arch bt-run's context states. */
static void platform_from_system(struct run *r)
{
	jv os = jv_object_get(jv_copy(r->system), jv_string("os"));
	jv arch = jv_object_get(jv_copy(r->system), jv_string("arch"));

	if (!r->goos && jv_get_kind(os) == JV_KIND_STRING)
		r->goos = xstrdup(jv_string_value(os));
	if (!r->goarch && jv_get_kind(arch) == JV_KIND_STRING)
		r->goarch = xstrdup(jv_string_value(arch));
	jv_free(os);
	jv_free(arch);
}

static int add_run(struct map *vers, struct run *r)
{
	struct map_entry *e;
	struct buf key = {0};
	struct ver *v;
	char *platform;

	platform_from_system(r);
	if (!r->goos || !r->goarch) {
		warnx_("%s: cannot tell the platform: no goos/goarch in its "
		       "records",
		       r->path);
		return EXIT_USAGE;
	}
	if (!r->version) {
		char *p = parent_name(r->path);

		if (p && !strncmp(p, "go", 2))
			r->version = p;
		else
			free(p);
	}
	if (!r->version) {
		warnx_("%s: cannot tell the version: no version label "
		       "(bt-parse -l version=NAME) and no go* directory",
		       r->path);
		return EXIT_USAGE;
	}
	if (asprintf(&platform, "%s-%s", r->goos, r->goarch) < 0)
		die(EXIT_USAGE, "out of memory");
	/* the version only names files through its encoded stem (web_name) */
	if (!safe_name(platform) || !*r->version) {
		warnx_("%s: '%s' or '%s' is no file name", r->path, platform,
		       r->version);
		free(platform);
		return EXIT_USAGE;
	}
	buf_add(&key, platform, strlen(platform) + 1);
	buf_add(&key, r->version, strlen(r->version));
	e = map_get(vers, key.p, key.len, NULL);
	buf_free(&key);
	if (!e->value) {
		v = e->value = xcalloc(1, sizeof *v);
		v->platform = platform;
		v->version = xstrdup(r->version);
		v->files = xcalloc(1, sizeof *v->files);
	} else {
		free(platform);
	}
	v = e->value;
	v->h = xreallocarray(v->h, v->nh + 1, sizeof *v->h);
	snprintf(v->h[v->nh].stamp, sizeof v->h[v->nh].stamp, "%s", r->stamp);
	v->h[v->nh++].json = history_json(r);
	paths_add(v->files, r->path);
	if (!v->newest || strcmp(r->stamp, v->newest->stamp) >= 0) {
		run_free(v->newest);
		v->newest = r;
	} else {
		run_free(r);
	}
	return 0;
}

static int cmp_hist(const void *a, const void *b)
{
	return strcmp(((const struct hist *)a)->stamp,
		      ((const struct hist *)b)->stamp);
}

static int write_file(const char *path, struct buf *b)
{
	buf_addc(b, '\n');
	if (atomic_write(path, b->p, b->len, 0)) {
		warnx_("%s: %s", path, strerror(errno));
		return EXIT_USAGE;
	}
	return 0;
}

/* A version's file below its platform directory (docs/web-data.md: names
 * encoded under v/, so no version collides with the page's own files): its
 * JSON, or with records set the copy of that records file.  Static
 * storage, valid until the next call. */
static const char *version_file(const char *version, const char *records)
{
	static char path[4096];
	char *stem = web_name(version);
	size_t n = records ? strlen(records) : 0;

	snprintf(path, sizeof path, "v/%s%s", stem,
		 !records				    ? ".json"
		 : n > 3 && !strcmp(records + n - 3, ".gz") ? ".jsonl.gz"
							    : ".jsonl");
	free(stem);
	return path;
}

static int write_version(const char *dir, struct ver *v)
{
	const struct run *r = v->newest;
	struct buf b = {0};
	char *path;
	size_t i;
	int ret;

	qsort(v->h, v->nh, sizeof *v->h, cmp_hist);
	buf_addlit(&b, "{\"version\":");
	json_str(&b, v->version, strlen(v->version));
	buf_addlit(&b, ",\"platform\":");
	json_str(&b, v->platform, strlen(v->platform));
	buf_addlit(&b, ",\"timestamp\":");
	json_str(&b, r->stamp, strlen(r->stamp));
	{
		jv s = jv_copy(r->system);
		jv d;

		if (!jv_object_has(jv_copy(s), jv_string("os")))
			s = jv_object_set(s, jv_string("os"),
					  jv_string(r->goos));
		if (!jv_object_has(jv_copy(s), jv_string("arch")))
			s = jv_object_set(s, jv_string("arch"),
					  jv_string(r->goarch));
		d = jv_dump_string(s, JV_PRINT_SORTED);
		buf_addlit(&b, ",\"system\":");
		buf_add(&b, jv_string_value(d), strlen(jv_string_value(d)));
		jv_free(d);
	}
	buf_addlit(&b, ",\"benchmarks\":[");
	for (i = 0; i < r->benches.n; i++) {
		if (i)
			buf_addc(&b, ',');
		buf_addlit(&b, "\n");
		bench_json(&b, r->benches.v[i].value);
	}
	buf_addlit(&b, "],\n\"history\":[");
	for (i = 0; i < v->nh; i++) {
		if (i)
			buf_addc(&b, ',');
		buf_addlit(&b, "\n");
		buf_add(&b, v->h[i].json, strlen(v->h[i].json));
	}
	buf_addlit(&b, "]}");
	if (asprintf(&path, "%s/%s/%s", dir, v->platform,
		     version_file(v->version, NULL)) < 0)
		die(EXIT_USAGE, "out of memory");
	ret = write_file(path, &b);
	free(path);
	buf_free(&b);
	/* the records behind it, for the page's download and bt-compare */
	if (asprintf(&path, "%s/%s/%s", dir, v->platform,
		     version_file(v->version, r->path)) < 0)
		die(EXIT_USAGE, "out of memory");
	ret |= ret ? 0 : web_copy(r->path, path);
	free(path);
	return ret;
}

/* The array member of the JSON object in path: empty when there is no
 * file yet; when the file is there but broken, empty with *broken set (the
 * caller rebuilds it from the files it indexes). */
static jv load_json(const char *path, const char *member, int *broken)
{
	jv v = jv_load_file(path, 0), m;

	*broken = 0;
	if (!jv_is_valid(v)) {
		if (access(path, F_OK) == 0) {
			jv msg = jv_invalid_get_msg(v);

			warnx_("%s: not JSON (%s); rebuilt from the files "
			       "beside it",
			       path,
			       jv_get_kind(msg) == JV_KIND_STRING
				   ? jv_string_value(msg)
				   : "unreadable");
			jv_free(msg);
			*broken = 1;
		} else {
			jv_free(v);
		}
		return jv_array();
	}
	/* jv_load_file gives an array of the file's values. */
	m = jv_array_length(jv_copy(v)) > 0 ? jv_array_get(v, 0)
					    : (jv_free(v), jv_object());
	if (jv_get_kind(m) == JV_KIND_OBJECT)
		m = jv_object_get(m, jv_string(member));
	if (jv_get_kind(m) != JV_KIND_ARRAY) {
		warnx_("%s: no %s list; rebuilt from the files beside it", path,
		       member);
		jv_free(m);
		*broken = 1;
		return jv_array();
	}
	return m;
}

/* The names in dir (sorted), for rebuilding an index; NULL-terminated,
 * caller frees. */
static char **names_in(const char *dir)
{
	struct dirent **ents;
	char **v;
	int i, n = scandir(dir, &ents, NULL, alphasort);

	v = xcalloc(n > 0 ? (size_t)n + 1 : 1, sizeof *v);
	for (i = 0; i < n; i++) {
		v[i] = xstrdup(ents[i]->d_name);
		free(ents[i]);
	}
	if (n > 0)
		free(ents);
	return v;
}

/* "v/NAME" of a version file found in a platform's v/ directory. */
static const char *file_in_v(const char *name)
{
	static char out[4096];

	snprintf(out, sizeof out, "v/%s", name);
	return out;
}

/* "v/STEM.jsonl[.gz]": the records copy beside the version file path
 * (named STEM.json); the plain name when neither is there yet. */
static const char *records_beside(const char *path, const char *name)
{
	static char out[4096];
	char *gz;
	size_t n = strlen(name) - 5;

	if (asprintf(&gz, "%.*s.jsonl.gz", (int)(strlen(path) - 5), path) < 0)
		die(EXIT_USAGE, "out of memory");
	snprintf(out, sizeof out, "v/%.*s%s", (int)n, name,
		 access(gz, F_OK) == 0 ? ".jsonl.gz" : ".jsonl");
	free(gz);
	return out;
}

/* The index entry of the version file path (named name), or null when it
 * is not one: a version file names its version and time and holds its
 * benchmarks. */
static jv entry_of_file(const char *path, const char *name)
{
	jv f = jv_load_file(path, 0), ver, ts, bs, e = jv_null();

	f = jv_is_valid(f) && jv_array_length(jv_copy(f)) > 0
		? jv_array_get(f, 0)
		: (jv_free(f), jv_object());
	if (jv_get_kind(f) != JV_KIND_OBJECT)
		f = (jv_free(f), jv_object());
	ver = jv_object_get(jv_copy(f), jv_string("version"));
	ts = jv_object_get(jv_copy(f), jv_string("timestamp"));
	bs = jv_object_get(f, jv_string("benchmarks"));
	if (jv_get_kind(ver) == JV_KIND_STRING &&
	    jv_get_kind(ts) == JV_KIND_STRING &&
	    jv_get_kind(bs) == JV_KIND_ARRAY)
		e = JV_OBJECT(jv_string("version"), jv_copy(ver),
			      jv_string("file"), jv_string(file_in_v(name)),
			      jv_string("records"),
			      jv_string(records_beside(path, name)),
			      jv_string("timestamp"), jv_copy(ts),
			      jv_string("benchmarks"),
			      jv_number(jv_array_length(jv_copy(bs))));
	jv_free(ver), jv_free(ts), jv_free(bs);
	return e;
}

/* index.json's entries made again from the version files of
 * dir/platform. */
static jv index_from_files(const char *dir, const char *platform)
{
	char *pdir, *path, **names;
	jv list = jv_array();
	size_t i, n;

	if (asprintf(&pdir, "%s/%s/v", dir, platform) < 0)
		die(EXIT_USAGE, "out of memory");
	names = names_in(pdir);
	for (i = 0; names[i]; i++) {
		jv e;

		n = strlen(names[i]);
		if (n < 6 || strcmp(names[i] + n - 5, ".json"))
			continue;
		if (asprintf(&path, "%s/%s", pdir, names[i]) < 0)
			die(EXIT_USAGE, "out of memory");
		e = entry_of_file(path, names[i]);
		if (jv_get_kind(e) == JV_KIND_OBJECT)
			list = jv_array_append(list, e);
		else
			warnx_("%s: not a version file; left out of the "
			       "index",
			       path);
		free(path);
	}
	for (i = 0; names[i]; i++)
		free(names[i]);
	free(names);
	free(pdir);
	return list;
}

static int cmp_entry(const void *a, const void *b)
{
	jv x = *(const jv *)a, y = *(const jv *)b;
	jv tx = jv_object_get(jv_copy(x), jv_string("timestamp"));
	jv ty = jv_object_get(jv_copy(y), jv_string("timestamp"));
	jv vx = jv_object_get(jv_copy(x), jv_string("version"));
	jv vy = jv_object_get(jv_copy(y), jv_string("version"));
	int c = jv_cmp(tx, ty);

	if (c == 0)
		c = jv_cmp(vx, vy);
	else
		jv_free(vx), jv_free(vy);
	return c;
}

static jv sort_entries(jv a)
{
	int i, n = jv_array_length(jv_copy(a));
	jv *v = xcalloc((size_t)n + 1, sizeof *v), out = jv_array();

	for (i = 0; i < n; i++)
		v[i] = jv_array_get(jv_copy(a), i);
	jv_free(a);
	qsort(v, (size_t)n, sizeof *v, cmp_entry);
	for (i = 0; i < n; i++)
		out = jv_array_append(out, v[i]);
	free(v);
	return out;
}

/* Entries of a whose field key is not equal to val. */
static jv without(jv a, const char *key, const char *val)
{
	jv out = jv_array();
	int i, n = jv_array_length(jv_copy(a));

	for (i = 0; i < n; i++) {
		jv e = jv_array_get(jv_copy(a), i);
		jv k = jv_get_kind(e) == JV_KIND_OBJECT
			   ? jv_object_get(jv_copy(e), jv_string(key))
			   : jv_null();
		int same = jv_get_kind(k) == JV_KIND_STRING &&
			   !strcmp(jv_string_value(k), val);

		jv_free(k);
		if (same || jv_get_kind(e) != JV_KIND_OBJECT)
			jv_free(e);
		else
			out = jv_array_append(out, e);
	}
	jv_free(a);
	return out;
}

static int write_jv(const char *path, jv v)
{
	jv d = jv_dump_string(v, JV_PRINT_SORTED);
	struct buf b = {0};
	int ret;

	buf_add(&b, jv_string_value(d), strlen(jv_string_value(d)));
	jv_free(d);
	ret = write_file(path, &b);
	buf_free(&b);
	return ret;
}

/* Merge this export's versions of platform into its index.json; returns
 * the merged, time-ordered entries (caller frees). */
static jv update_index(const char *dir, const char *platform, struct map *vers,
		       int *ret)
{
	struct paths files = {0};
	char *path, *pdir, file[4096];
	jv list, doc;
	size_t i, j;
	int broken, hist;

	if (asprintf(&path, "%s/%s/index.json", dir, platform) < 0)
		die(EXIT_USAGE, "out of memory");
	list = load_json(path, "versions", &broken);
	if (broken) {
		jv_free(list);
		list = index_from_files(dir, platform);
	}
	for (i = 0; i < vers->n; i++) {
		const struct ver *v = vers->v[i].value;

		if (strcmp(v->platform, platform))
			continue;
		list = without(list, "version", v->version);
		snprintf(file, sizeof file, "%s",
			 version_file(v->version, NULL));
		list = jv_array_append(
		    list,
		    JV_OBJECT(
			jv_string("version"), jv_string(v->version),
			jv_string("file"), jv_string(file),
			jv_string("records"),
			jv_string(version_file(v->version, v->newest->path)),
			jv_string("timestamp"), jv_string(v->newest->stamp),
			jv_string("benchmarks"),
			jv_number((double)v->newest->benches.n)));
		for (j = 0; j < v->files->n; j++)
			paths_add(&files, v->files->v[j]);
	}
	list = sort_entries(list);
	if (asprintf(&pdir, "%s/%s", dir, platform) < 0)
		die(EXIT_USAGE, "out of memory");
	doc = JV_OBJECT(jv_string("platform"), jv_string(platform),
			jv_string("versions"), jv_copy(list),
			jv_string("compare"), web_compare(pdir, list, ret));
	/* bt-history failing is said, not fatal: the page works without it */
	hist = web_history(pdir, files.v, files.n);
	snprintf(file, sizeof file, "%s/history/index.json", pdir);
	if (hist > 0 || access(file, F_OK) == 0)
		doc = jv_object_set(doc, jv_string("history"),
				    jv_string("history/index.json"));
	if (repository)
		doc = jv_object_set(doc, jv_string("repository"),
				    jv_string(repository));
	*ret |= write_jv(path, doc);
	for (j = 0; j < files.n; j++)
		free(files.v[j]);
	free(files.v);
	free(pdir);
	free(path);
	return list;
}

static jv platform_entry(const char *platform, const char *goos,
			 const char *goarch, jv list)
{
	jv names = jv_array(), last = jv_null();
	int i, n = jv_array_length(jv_copy(list));

	for (i = 0; i < n; i++) {
		jv e = jv_array_get(jv_copy(list), i);

		names = jv_array_append(
		    names, jv_object_get(jv_copy(e), jv_string("version")));
		jv_free(last);
		last = jv_object_get(e, jv_string("timestamp"));
	}
	jv_free(list);
	return JV_OBJECT(
	    jv_string("id"), jv_string(platform), jv_string("goos"),
	    jv_string(goos), jv_string("goarch"), jv_string(goarch),
	    jv_string("versions"), names, jv_string("updated"), last);
}

static int cmp_id(const void *a, const void *b)
{
	jv x = jv_object_get(jv_copy(*(const jv *)a), jv_string("id"));
	jv y = jv_object_get(jv_copy(*(const jv *)b), jv_string("id"));

	return jv_cmp(x, y);
}

/* Does this export write platform? */
static int exported(const struct map *vers, const char *platform)
{
	for (size_t i = 0; i < vers->n; i++)
		if (!strcmp(((struct ver *)vers->v[i].value)->platform,
			    platform))
			return 1;
	return 0;
}

/* platforms.json's entries made again from the platform directories of
 * dir ("GOOS-GOARCH", each with its index.json) but those of this export,
 * which are made anew. */
static jv platforms_from_dirs(const char *dir, const struct map *vers)
{
	char **names = names_in(dir), *path, *dash, *goos;
	jv plats = jv_array(), list;
	size_t i;
	int broken;

	for (i = 0; names[i]; i++) {
		if (names[i][0] == '.' || !(dash = strchr(names[i], '-')) ||
		    exported(vers, names[i]))
			continue;
		if (asprintf(&path, "%s/%s/index.json", dir, names[i]) < 0)
			die(EXIT_USAGE, "out of memory");
		if (access(path, F_OK) == 0) {
			list = load_json(path, "versions", &broken);
			if (broken) {
				jv_free(list);
				list = index_from_files(dir, names[i]);
			}
			goos = xstrndup(names[i], (size_t)(dash - names[i]));
			plats = jv_array_append(
			    plats,
			    platform_entry(names[i], goos, dash + 1, list));
			free(goos);
		}
		free(path);
	}
	for (i = 0; names[i]; i++)
		free(names[i]);
	free(names);
	return plats;
}

static int write_platforms(const char *dir, struct map *vers)
{
	char *path;
	jv plats, *v;
	size_t i, j;
	int ret = 0, n, broken;

	if (asprintf(&path, "%s/platforms.json", dir) < 0)
		die(EXIT_USAGE, "out of memory");
	plats = load_json(path, "platforms", &broken);
	if (broken) {
		jv_free(plats);
		plats = platforms_from_dirs(dir, vers);
	}
	for (i = 0; i < vers->n; i++) {
		const struct ver *ve = vers->v[i].value;

		for (j = 0; j < i; j++)
			if (!strcmp(((struct ver *)vers->v[j].value)->platform,
				    ve->platform))
				break;
		if (j < i)
			continue;
		plats = without(plats, "id", ve->platform);
		plats = jv_array_append(
		    plats,
		    platform_entry(
			ve->platform, ve->newest->goos, ve->newest->goarch,
			update_index(dir, ve->platform, vers, &ret)));
	}
	n = jv_array_length(jv_copy(plats));
	v = xcalloc((size_t)n + 1, sizeof *v);
	for (j = 0; j < (size_t)n; j++)
		v[j] = jv_array_get(jv_copy(plats), (int)j);
	jv_free(plats);
	qsort(v, (size_t)n, sizeof *v, cmp_id);
	plats = jv_array();
	for (j = 0; j < (size_t)n; j++)
		plats = jv_array_append(plats, v[j]);
	free(v);
	ret |= write_jv(path, JV_OBJECT(jv_string("platforms"), plats));
	free(path);
	return ret;
}

/* Remove what an export killed in the middle left behind in dir and its
 * platform directories: temporaries of atomic.c ("NAME.json.tmp.XXXXXX"),
 * never renamed into place.  Called with the lock held, so none is live. */
static void remove_stale(const char *dir, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char *path;

	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (asprintf(&path, "%s/%s", dir, e->d_name) < 0)
			die(EXIT_USAGE, "out of memory");
		if (strstr(e->d_name, ".json.tmp.") ||
		    strstr(e->d_name, ".jsonl.tmp.") ||
		    strstr(e->d_name, ".jsonl.gz.tmp."))
			unlink(path);
		else if (depth < 2 && e->d_type == DT_DIR)
			remove_stale(path, depth + 1);
		free(path);
	}
	if (d)
		closedir(d);
}

static int make_dir(const char *path)
{
	if (mkdir(path, 0755) && errno != EEXIST) {
		warnx_("%s: %s", path, strerror(errno));
		return EXIT_USAGE;
	}
	return 0;
}

static int export_web(const char *dir, char **args, int nargs)
{
	struct paths files = {0};
	struct map vers = {0};
	struct stat st;
	struct run *r;
	char *lockp, *pdir;
	int i, ret = 0, lock;
	size_t j;

	if (nargs == 0)
		die(EXIT_USAGE, "--web DIR wants a results tree or files");
	for (i = 0; i < nargs; i++) {
		size_t from = files.n;

		if (stat(args[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			ret |= walk(args[i], &files, 0);
			qsort(files.v + from, files.n - from, sizeof *files.v,
			      cmp_str);
			if (files.n == from)
				warnx_("%s: no main result "
				       "(YYYY-MM-DD_HH-MM-SS.jsonl) in it",
				       args[i]);
		} else {
			paths_add(&files, args[i]);
		}
	}
	for (j = 0; j < files.n; j++) {
		if ((r = run_load(files.v[j])) == NULL)
			ret = EXIT_USAGE;
		else if (add_run(&vers, r))
			ret = EXIT_USAGE, run_free(r);
		free(files.v[j]);
	}
	free(files.v);
	if (ret || vers.n == 0) {
		map_free(&vers, ver_free);
		if (!ret)
			warnx_("nothing to export");
		return EXIT_USAGE;
	}
	if (make_dir(dir))
		return EXIT_USAGE;
	if (asprintf(&lockp, "%s/platforms.json", dir) < 0)
		die(EXIT_USAGE, "out of memory");
	if ((lock = lock_path(lockp)) < 0)
		die(EXIT_USAGE, "%s: cannot lock: %s", lockp, strerror(errno));
	remove_stale(dir, 0);
	for (j = 0; j < vers.n && !ret; j++) {
		struct ver *v = vers.v[j].value;

		if (asprintf(&pdir, "%s/%s", dir, v->platform) < 0)
			die(EXIT_USAGE, "out of memory");
		ret |= make_dir(pdir);
		free(pdir);
		if (asprintf(&pdir, "%s/%s/v", dir, v->platform) < 0)
			die(EXIT_USAGE, "out of memory");
		ret |= ret ? 0 : make_dir(pdir);
		free(pdir);
		if (!ret)
			ret |= write_version(dir, v);
	}
	if (!ret)
		ret |= write_platforms(dir, &vers);
	unlock_path(lock);
	free(lockp);
	map_free(&vers, ver_free);
	return ret;
}

/* --- reports -------------------------------------------------------------- */

static int report_read(char **args, int nargs, struct run *r)
{
	int i, ret = 0;

	if (nargs == 0)
		return input_read("-", NULL, take_record, r);
	for (i = 0; i < nargs; i++)
		ret |= input_read(args[i], NULL, take_record, r);
	return ret ? EXIT_USAGE : 0;
}

static int any_version(const struct run *r)
{
	size_t i;

	for (i = 0; i < r->benches.n; i++)
		if (((struct bench *)r->benches.v[i].value)->version)
			return 1;
	return 0;
}

/* Six significant digits for a reader, but no exponent on the large
 * values benchmarks have (1254333 ns/op, not 1.25433e+06). */
static void fmt_g(char *out, size_t n, double v, const char *suffix)
{
	if (isfinite(v) && fabs(v) >= 1e6 && fabs(v) < 1e15)
		snprintf(out, n, "%.0f%s", v, suffix);
	else if (isfinite(v))
		snprintf(out, n, "%.6g%s", v, suffix);
	else
		snprintf(out, n, "—");
}

static void md_row(const struct bench *b, const struct series *se, int vers)
{
	struct summ m;
	char med[40], mean[40], ci[40], cv[40];
	const char *cls;

	summarize(se, &m);
	cls = class_title(stats_classify(m.s.cv));
	fmt_g(med, sizeof med, m.s.median, "");
	fmt_g(mean, sizeof mean, m.s.mean, "");
	fmt_g(ci, sizeof ci, (m.ci_high - m.ci_low) / 2, "");
	fmt_g(cv, sizeof cv, m.s.cv, "%");
	fputs("| ", stdout);
	if (vers) {
		md_text(stdout, b->version ? b->version : "");
		fputs(" | ", stdout);
	}
	md_text(stdout, b->suite);
	fputs(" | ", stdout);
	md_text(stdout, b->name);
	if (b->procs > 0)
		printf("-%ld", b->procs);
	fputs(" | ", stdout);
	md_text(stdout, se->unit);
	printf(" | %zu | %s | %s | ± %s | %s | %s |\n", se->n, med, mean, ci,
	       cv, cls ? cls : "—");
}

static void report_markdown(const struct run *r)
{
	int vers = any_version(r);
	size_t i, j;

	puts("## Benchmark summary\n");
	printf("%s| Suite | Benchmark | Unit | n | Median | Mean | CI 95 %% "
	       "(mean) | CV | Variance |\n",
	       vers ? "| Version " : "");
	printf("%s|---|---|---|--:|--:|--:|--:|--:|---|\n", vers ? "|---" : "");
	for (i = 0; i < r->benches.n; i++) {
		const struct bench *b = r->benches.v[i].value;

		for (j = 0; j < b->ns; j++)
			md_row(b, &b->s[j], vers);
	}
	if (r->benches.n == 0)
		puts("\n_No samples._");
}

/* A CSV field, quoted when it must be (RFC 4180). */
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

static void csv_num(double v)
{
	char out[40];

	putchar(',');
	if (isfinite(v)) {
		fmt_double(out, v);
		fputs(out, stdout);
	}
}

static void report_csv(const struct run *r)
{
	size_t i, j;

	puts("version,suite,name,procs,unit,n,median,mean,stddev,cv,min,max,"
	     "p95,p99,ci_low,ci_high,variance");
	for (i = 0; i < r->benches.n; i++) {
		const struct bench *b = r->benches.v[i].value;

		for (j = 0; j < b->ns; j++) {
			struct summ m;
			const char *cls;

			summarize(&b->s[j], &m);
			cls = class_title(stats_classify(m.s.cv));
			csv_field(b->version ? b->version : "");
			putchar(',');
			csv_field(b->suite);
			putchar(',');
			csv_field(b->name);
			printf(",%ld,", b->procs);
			csv_field(b->s[j].unit);
			printf(",%zu", b->s[j].n);
			csv_num(m.s.median);
			csv_num(m.s.mean);
			csv_num(m.s.stddev);
			csv_num(m.s.cv);
			csv_num(m.s.min);
			csv_num(m.s.max);
			csv_num(m.s.p95);
			csv_num(m.s.p99);
			csv_num(m.ci_low);
			csv_num(m.ci_high);
			putchar(',');
			csv_field(cls ? cls : "");
			putchar('\n');
		}
	}
}

static int report(const char *format, char **args, int nargs)
{
	struct run *r = run_new("-");
	int ret;

	r->by_version = 1;
	ret = report_read(args, nargs, r);
	if (!strcmp(format, "markdown"))
		report_markdown(r);
	else
		report_csv(r);
	run_free(r);
	return ret;
}

/* --- benchfmt: Go benchmark text, streamed -------------------------------- */

/* The configuration benchstat sees in force: key -> value, as printed. */
struct benchfmt {
	struct map conf;
};

static void conf_free(void *p)
{
	free(p);
}

/* Print "key: value" unless it is already in force.  Keys and values are
 * made one line, as the format needs. */
static void conf_set(struct benchfmt *bf, struct bt_str key, struct bt_str val)
{
	struct map_entry *e;
	size_t i;

	if (!key.n || memchr(key.s, ' ', key.n) || memchr(key.s, ':', key.n))
		return;
	e = map_get(&bf->conf, key.s, key.n, NULL);
	if (!e->value && !val.n)
		return; /* nothing in force to clear */
	if (e->value && strlen(e->value) == val.n &&
	    !memcmp(e->value, val.s, val.n))
		return;
	free(e->value);
	e->value = bt_dup(val);
	fwrite(key.s, 1, key.n, stdout);
	fputs(": ", stdout);
	for (i = 0; i < val.n; i++)
		putchar(val.s[i] == '\n' ? ' ' : val.s[i]);
	putchar('\n');
}

/* Where the "-N" that ends name begins (a reader takes it for GOMAXPROCS),
 * or name.n when it ends otherwise. */
static size_t procs_like_end(struct bt_str name)
{
	size_t d = name.n;

	while (d > 0 && name.s[d - 1] >= '0' && name.s[d - 1] <= '9')
		d--;
	return d < name.n && d > 0 && name.s[d - 1] == '-' ? d - 1 : name.n;
}

static void bench_line(const struct bt_record *r)
{
	size_t i, dash = r->procs > 0 ? r->name.n : procs_like_end(r->name);
	char num[40];

	if (r->name.n < 9 || memcmp(r->name.s, "Benchmark", 9))
		fputs("Benchmark", stdout);
	for (i = 0; i < r->name.n; i++) {
		char c = r->name.s[i];

		/* blanks would end the name, and a last "-N" without procs
		 * would be read as procs: both become '_' */
		putchar(c == ' ' || c == '\t' || c == '\n' || i == dash ? '_'
									: c);
	}
	if (r->procs > 0)
		printf("-%ld", r->procs);
	printf("\t%lld", (long long)(r->iterations > 0 ? r->iterations : 1));
	for (i = 0; i < r->nmetrics; i++) {
		const struct bt_metric *m = &r->metrics[i];

		if (m->text.n && json_is_number(m->text.s, m->text.n)) {
			putchar('\t');
			fwrite(m->text.s, 1, m->text.n, stdout);
		} else {
			fmt_double(num, m->value);
			printf("\t%s", num);
		}
		putchar(' ');
		fwrite(m->unit.s, 1, m->unit.n, stdout);
	}
	putchar('\n');
}

static int benchfmt_record(void *ctx, const struct rec *rec)
{
	struct benchfmt *bf = ctx;
	size_t i;

	if (rec->r.kind == BT_KIND_CONTEXT) {
		for (i = 0; i < rec->r.nlabels; i++)
			if (!str_is(rec->r.labels[i].key, "pkg"))
				conf_set(bf, rec->r.labels[i].key,
					 rec->r.labels[i].value);
	} else if (rec->r.kind == BT_KIND_SAMPLE) {
		for (i = 0; i < rec->r.nlabels; i++)
			conf_set(bf, rec->r.labels[i].key,
				 rec->r.labels[i].value);
		conf_set(bf, bt_cstr("pkg"), rec->r.suite);
		bench_line(&rec->r);
	}
	return 0;
}

static int report_benchfmt(char **args, int nargs)
{
	struct benchfmt bf = {0};
	int i, ret = 0;

	if (nargs == 0)
		ret = input_read("-", NULL, benchfmt_record, &bf);
	for (i = 0; i < nargs; i++)
		ret |= input_read(args[i], NULL, benchfmt_record, &bf);
	map_free(&bf.conf, conf_free);
	return ret ? EXIT_USAGE : 0;
}

/* --- archives ------------------------------------------------------------- */

/* What the manifest says of one member. */
struct member {
	char *path;
	long long size;
	unsigned long crc;
	char sha[65];
};

struct archive_out {
	struct archive *a;
	const char *file;
	struct member *m;
	size_t n;
	struct atomic_file af; /* the archive is written to af.tmp */
};

static int ar_fail(struct archive *a, const char *file)
{
	int e = archive_errno(a);
	const char *msg = archive_error_string(a);

	/* libarchive says "Write error"; the system says why */
	if (e > 0 && (!msg || !strstr(msg, strerror(e))))
		warnx_("%s: %s: %s", file, msg ? msg : "archive error",
		       strerror(e));
	else
		warnx_("%s: %s", file, msg ? msg : "archive error");
	return EXIT_USAGE;
}

/* A writer for file, its format chosen by suffix; NULL when the suffix is
 * none we know (reported). */
/* A writer for the archive file, into a temporary beside it (o->af) that
 * replaces it only once complete: a killed export leaves the old archive,
 * or none, never half of one. */
static struct archive *ar_writer(struct archive_out *o)
{
	const char *file = o->file;
	struct archive *a = archive_write_new();
	size_t n = strlen(file);
	int r;

#define ENDS(s) (n >= sizeof(s) - 1 && !strcmp(file + n - (sizeof(s) - 1), s))
	if (ENDS(".tar.gz") || ENDS(".tgz"))
		r = archive_write_set_format_pax_restricted(a) ||
		    archive_write_add_filter_gzip(a);
	else if (ENDS(".tar.xz"))
		r = archive_write_set_format_pax_restricted(a) ||
		    archive_write_add_filter_xz(a);
	else if (ENDS(".tar"))
		r = archive_write_set_format_pax_restricted(a);
	else if (ENDS(".zip"))
		r = archive_write_set_format_zip(a);
	else {
		warnx_("%s: unknown archive suffix (.tar.gz, .tar.xz, .tar, "
		       ".zip)",
		       file);
		archive_write_free(a);
		return NULL;
	}
#undef ENDS
	if (!r && atomic_open(&o->af, file)) {
		warnx_("%s: %s", file, strerror(errno));
		archive_write_free(a);
		return NULL;
	}
	if (r || archive_write_open_fd(a, fileno(o->af.f))) {
		ar_fail(a, file);
		archive_write_free(a);
		atomic_abort(&o->af);
		return NULL;
	}
	return a;
}

/* Append fd's n bytes as member name, noting size and CRC-32. */
static int ar_add_fd(struct archive_out *o, int fd, const char *name,
		     const struct stat *st)
{
	struct archive_entry *e = archive_entry_new();
	static char chunk[1 << 16];
	unsigned long crc = crc32(0, NULL, 0);
	long long total = 0;
	struct sha256 sha;
	ssize_t k;
	int ret = 0;

	sha256_init(&sha);

	archive_entry_set_pathname(e, name);
	archive_entry_set_size(e, st->st_size);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, st->st_mode & 0777);
	archive_entry_set_mtime(e, st->st_mtime, 0);
	if (archive_write_header(o->a, e)) {
		archive_entry_free(e);
		return ar_fail(o->a, o->file);
	}
	archive_entry_free(e);
	while ((k = read(fd, chunk, sizeof chunk)) > 0 &&
	       total + k <= st->st_size) {
		crc = crc32(crc, (unsigned char *)chunk, (uInt)k);
		sha256_update(&sha, chunk, (size_t)k);
		total += k;
		if (archive_write_data(o->a, chunk, (size_t)k) != k)
			return ar_fail(o->a, o->file);
	}
	if (k < 0 || total != st->st_size) {
		warnx_("%s: %s", name,
		       k < 0 ? strerror(errno) : "changed while archived");
		ret = EXIT_USAGE;
	}
	o->m = xreallocarray(o->m, o->n + 1, sizeof *o->m);
	o->m[o->n].path = xstrdup(name);
	o->m[o->n].size = total;
	o->m[o->n].crc = crc;
	sha256_hex(&sha, o->m[o->n++].sha);
	return ret;
}

/* The member name of a path: without leading "/" and "./". */
static const char *member_name(const char *path)
{
	for (;;) {
		if (*path == '/')
			path++;
		else if (!strncmp(path, "./", 2))
			path += 2;
		else
			return path;
	}
}

static int ar_add_path(struct archive_out *o, const char *path)
{
	struct stat st;
	int fd, ret;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 || fstat(fd, &st)) {
		warnx_("%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return EXIT_USAGE;
	}
	if (strstr(path, "/../") || !strncmp(path, "../", 3)) {
		warnx_("%s: a path with '..' makes a hostile archive; give it "
		       "without",
		       path);
		close(fd);
		return EXIT_USAGE;
	}
	ret = ar_add_fd(o, fd, member_name(path), &st);
	close(fd);
	return ret;
}

static void list_tree(const char *dir, struct paths *out)
{
	struct dirent **ents;
	struct stat st;
	char *path;
	int i, n = scandir(dir, &ents, NULL, alphasort);

	if (n < 0) {
		paths_add(out, dir); /* reported when opened */
		return;
	}
	for (i = 0; i < n; i++) {
		if (strcmp(ents[i]->d_name, ".") &&
		    strcmp(ents[i]->d_name, "..")) {
			if (asprintf(&path, "%s/%s", dir, ents[i]->d_name) < 0)
				die(EXIT_USAGE, "out of memory");
			if (lstat(path, &st))
				paths_add(out, path); /* reported when opened */
			else if (S_ISDIR(st.st_mode))
				list_tree(path, out);
			else if (S_ISREG(st.st_mode) &&
				 !atomic_scratch(ents[i]->d_name,
						 (long long)st.st_size))
				paths_add(out, path);
			free(path);
		}
		free(ents[i]);
	}
	free(ents);
}

/* Standard input as one member: spooled to a temporary file first, since a
 * tar header states the size before the data. */
static int ar_add_stdin(struct archive_out *o, const char *name)
{
	FILE *tmp = tmpfile();
	static char chunk[1 << 16];
	struct stat st;
	size_t k;
	int ret;

	if (!tmp)
		die(EXIT_USAGE, "temporary file: %s", strerror(errno));
	while ((k = fread(chunk, 1, sizeof chunk, stdin)) > 0)
		if (fwrite(chunk, 1, k, tmp) != k)
			die(EXIT_USAGE, "temporary file: %s", strerror(errno));
	if (ferror(stdin) || fflush(tmp))
		die(EXIT_USAGE, "<stdin>: %s", strerror(errno));
	rewind(tmp);
	fstat(fileno(tmp), &st);
	st.st_mode = 0644;
	st.st_mtime = time(NULL);
	ret = ar_add_fd(o, fileno(tmp), name, &st);
	fclose(tmp);
	return ret;
}

#define MANIFEST "MANIFEST.json"

/* The manifest, the last member: every other member, its size, CRC-32
 * and SHA-256. */
static int ar_manifest(struct archive_out *o)
{
	struct buf b = {0};
	struct archive_entry *e = archive_entry_new();
	char crc[16];
	size_t i;
	int ret = 0;

	buf_addlit(&b, "{\"bt_archive\":1,\"checksums\":[\"crc32\",\"sha256\"],"
		       "\"files\":[");
	for (i = 0; i < o->n; i++) {
		if (i)
			buf_addc(&b, ',');
		buf_addc(&b, '\n');
		buf_addlit(&b, "{\"path\":");
		json_str(&b, o->m[i].path, strlen(o->m[i].path));
		buf_addlit(&b, ",\"size\":");
		json_int(&b, o->m[i].size);
		snprintf(crc, sizeof crc, "%08lx", o->m[i].crc);
		buf_addlit(&b, ",\"crc32\":");
		json_str(&b, crc, 8);
		buf_addlit(&b, ",\"sha256\":");
		json_str(&b, o->m[i].sha, 64);
		buf_addc(&b, '}');
	}
	buf_addlit(&b, "]}\n");
	archive_entry_set_pathname(e, MANIFEST);
	archive_entry_set_size(e, (la_int64_t)b.len);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_mtime(e, time(NULL), 0);
	if (archive_write_header(o->a, e) ||
	    archive_write_data(o->a, b.p, b.len) != (la_ssize_t)b.len)
		ret = ar_fail(o->a, o->file);
	archive_entry_free(e);
	buf_free(&b);
	return ret;
}

/* 1 when path is the archive being written, or the one it replaces (an
 * archive kept inside the tree it bundles is not bundled into itself). */
static int is_the_archive(const struct archive_out *o, const char *path)
{
	struct stat p, a;

	if (stat(path, &p))
		return 0;
	return (fstat(fileno(o->af.f), &a) == 0 && p.st_dev == a.st_dev &&
		p.st_ino == a.st_ino) ||
	       (stat(o->file, &a) == 0 && p.st_dev == a.st_dev &&
		p.st_ino == a.st_ino);
}

static int make_archive(const char *file, const char *stdin_name, char **args,
			int nargs)
{
	struct archive_out o = {NULL, file, NULL, 0, {0}};
	struct paths list = {0};
	struct stat st;
	size_t j;
	int i, ret = 0;

	if (!(o.a = ar_writer(&o)))
		return EXIT_USAGE;
	for (i = 0; i < nargs; i++) {
		if (!strcmp(args[i], "-"))
			paths_add(&list, "-");
		else if (stat(args[i], &st) == 0 && S_ISDIR(st.st_mode))
			list_tree(args[i], &list);
		else
			paths_add(&list, args[i]);
	}
	if (nargs == 0)
		paths_add(&list, "-");
	for (j = 0; j < list.n; j++) {
		if (!ret && !strcmp(list.v[j], "-"))
			ret = ar_add_stdin(&o, stdin_name);
		else if (!ret && !is_the_archive(&o, list.v[j]))
			ret = ar_add_path(&o, list.v[j]);
		free(list.v[j]);
	}
	free(list.v);
	if (!ret)
		ret = ar_manifest(&o);
	if (archive_write_close(o.a) && !ret)
		ret = ar_fail(o.a, file);
	archive_write_free(o.a);
	for (j = 0; j < o.n; j++)
		free(o.m[j].path);
	free(o.m);
	if (ret) {
		atomic_abort(&o.af); /* never leave half an archive */
	} else if (atomic_commit(&o.af, 0)) {
		warnx_("%s: %s", file, strerror(errno));
		ret = EXIT_USAGE;
	}
	return ret;
}

/* --- extracting and verifying --------------------------------------------- */

static struct archive *ar_reader(const char *file)
{
	struct archive *a = archive_read_new();

	archive_read_support_filter_all(a);
	archive_read_support_format_all(a);
	if (archive_read_open_filename(a, file, 1 << 16)) {
		ar_fail(a, file);
		archive_read_free(a);
		return NULL;
	}
	return a;
}

/* Why path (a member's name or a link's target, relative to from's
 * directory) would land outside the target, or NULL when it stays in. */
static const char *escapes(const char *from, const char *path)
{
	const char *p;
	int depth = 0;

	if (*path == '/')
		return "absolute path";
	for (p = from; p && (p = strchr(p, '/')); p++)
		depth++; /* the link's own directory depth */
	for (p = path; *p;) {
		size_t n = strcspn(p, "/");

		if (n == 2 && !strncmp(p, "..", 2)) {
			if (--depth < 0)
				return "'..' leads outside";
		} else if (n && !(n == 1 && *p == '.')) {
			depth++;
		}
		p += n;
		while (*p == '/')
			p++;
	}
	return NULL;
}

/* Why entry e may not be extracted, or NULL. */
static const char *hostile(struct archive_entry *e)
{
	const char *name = archive_entry_pathname(e), *t, *why;

	if (!name || !*name)
		return "member without a name";
	if ((why = escapes(NULL, name)))
		return why;
	if (strstr(name, "/../") || !strncmp(name, "../", 3) ||
	    (strlen(name) >= 3 && !strcmp(name + strlen(name) - 3, "/..")) ||
	    !strcmp(name, ".."))
		return "'..' in path";
	if ((t = archive_entry_symlink(e)) && escapes(name, t))
		return "symbolic link pointing outside";
	if ((t = archive_entry_hardlink(e)) && escapes(NULL, t))
		return "hard link pointing outside";
	return NULL;
}

/* Check every member before writing any, so a hostile archive leaves the
 * target as it was. */
static int ar_check(const char *file)
{
	struct archive *a = ar_reader(file);
	struct archive_entry *e;
	const char *why;
	int r, ret = 0;

	if (!a)
		return EXIT_USAGE;
	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK)
		if ((why = hostile(e))) {
			warnx_("%s: %s: refused: %s", file,
			       archive_entry_pathname(e), why);
			ret = EXIT_USAGE;
		}
	if (r != ARCHIVE_EOF)
		ret = ar_fail(a, file);
	archive_read_free(a);
	return ret;
}

/* Write member e of a to disk. */
static int copy_member(struct archive *a, struct archive_entry *e,
		       struct archive *disk, const char *file)
{
	const void *p;
	size_t n;
	la_int64_t off;
	int r;

	if (archive_write_header(disk, e) != ARCHIVE_OK)
		return ar_fail(disk, file);
	while ((r = archive_read_data_block(a, &p, &n, &off)) == ARCHIVE_OK)
		if (archive_write_data_block(disk, p, n, off) != ARCHIVE_OK)
			return ar_fail(disk, file);
	if (r != ARCHIVE_EOF)
		return ar_fail(a, file);
	if (archive_write_finish_entry(disk) != ARCHIVE_OK)
		return ar_fail(disk, file);
	return 0;
}

static int extract(const char *file, const char *dir)
{
	struct archive *a, *disk;
	struct archive_entry *e;
	int r, ret = 0, here;

	if (ar_check(file))
		return EXIT_USAGE;
	if (make_dir(dir) || !(a = ar_reader(file)))
		return EXIT_USAGE;
	if ((here = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
	    chdir(dir)) {
		warnx_("%s: %s", dir, strerror(errno));
		archive_read_free(a);
		return EXIT_USAGE;
	}
	disk = archive_write_disk_new();
	archive_write_disk_set_options(
	    disk, ARCHIVE_EXTRACT_SECURE_NODOTDOT |
		      ARCHIVE_EXTRACT_SECURE_SYMLINKS |
		      ARCHIVE_EXTRACT_SECURE_NOABSOLUTEPATHS |
		      ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_PERM);
	while (!ret && (r = archive_read_next_header(a, &e)) == ARCHIVE_OK)
		ret = copy_member(a, e, disk, file);
	if (!ret && r != ARCHIVE_EOF)
		ret = ar_fail(a, file);
	archive_write_free(disk);
	archive_read_free(a);
	if (fchdir(here))
		ret = EXIT_USAGE;
	close(here);
	return ret;
}

/* --verify, reading: every member of a into seen (name -> its size and
 * checksums), the manifest's bytes into man.  0, or the error reported. */
static int read_members(struct archive *a, const char *file, struct map *seen,
			struct buf *man)
{
	struct archive_entry *e;
	const void *p;
	size_t n;
	la_int64_t off;
	int r;

	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
		const char *name = archive_entry_pathname(e);
		struct member *m = xcalloc(1, sizeof *m);
		int is_man = !strcmp(name, MANIFEST);
		struct sha256 sha;

		sha256_init(&sha);
		m->crc = crc32(0, NULL, 0);
		while ((r = archive_read_data_block(a, &p, &n, &off)) ==
		       ARCHIVE_OK) {
			m->crc = crc32(m->crc, p, (uInt)n);
			sha256_update(&sha, p, n);
			m->size += (long long)n;
			if (is_man)
				buf_add(man, p, n);
		}
		sha256_hex(&sha, m->sha);
		map_get(seen, name, strlen(name), NULL)->value = m;
		if (r != ARCHIVE_EOF)
			break;
	}
	return r == ARCHIVE_EOF ? 0 : ar_fail(a, file);
}

/* --verify, one manifest entry f against the member it names, which is
 * marked checked (its path set).  0, or EXIT_FINDING reported. */
static int check_entry(const char *file, jv f, struct map *seen)
{
	jv path = jv_object_get(jv_copy(f), jv_string("path"));
	jv size = jv_object_get(jv_copy(f), jv_string("size"));
	jv crc = jv_object_get(jv_copy(f), jv_string("crc32"));
	jv sha = jv_object_get(f, jv_string("sha256"));
	const char *ps =
	    jv_get_kind(path) == JV_KIND_STRING ? jv_string_value(path) : "";
	struct map_entry *me = map_find(seen, ps, strlen(ps));
	struct member *m = me ? me->value : NULL;
	char hex[16];
	int ret = 0;

	if (m)
		snprintf(hex, sizeof hex, "%08lx", m->crc);
	if (!m) {
		warnx_("%s: %s: in the manifest, not in the archive", file, ps);
		ret = EXIT_FINDING;
	} else if (jv_get_kind(size) != JV_KIND_NUMBER ||
		   jv_number_value(size) != (double)m->size ||
		   jv_get_kind(crc) != JV_KIND_STRING ||
		   strcmp(jv_string_value(crc), hex) ||
		   (jv_get_kind(sha) == JV_KIND_STRING &&
		    strcmp(jv_string_value(sha), m->sha))) {
		warnx_("%s: %s: size, CRC-32 or SHA-256 differs from the "
		       "manifest",
		       file, ps);
		ret = EXIT_FINDING;
	} else {
		m->path = xstrdup(ps);
	}
	jv_free(path);
	jv_free(size);
	jv_free(crc);
	jv_free(sha);
	return ret;
}

static void member_free(void *p)
{
	struct member *m = p;

	free(m->path);
	free(m);
}

/* --verify: every member's size and checksums against the manifest, and
 * no member the manifest does not list. */
static int verify(const char *file)
{
	struct archive *a = ar_reader(file);
	struct map seen = {0};
	struct buf man = {0};
	int ret, i, nf;
	size_t j;
	jv files;

	if (!a)
		return EXIT_USAGE;
	ret = read_members(a, file, &seen, &man);
	archive_read_free(a);
	files = jv_parse_sized(man.p ? man.p : "", (int)man.len);
	if (!ret && jv_get_kind(files) == JV_KIND_OBJECT)
		files = jv_object_get(files, jv_string("files"));
	if (!ret && jv_get_kind(files) != JV_KIND_ARRAY) {
		warnx_("%s: no readable %s", file, MANIFEST);
		ret = EXIT_USAGE;
	}
	nf = ret ? 0 : jv_array_length(jv_copy(files));
	for (i = 0; i < nf; i++)
		ret |=
		    check_entry(file, jv_array_get(jv_copy(files), i), &seen);
	for (j = 0; !ret && j < seen.n; j++) {
		struct member *m = seen.v[j].value;

		if (!m->path && strcmp(seen.v[j].key, MANIFEST)) {
			warnx_("%s: %s: not in the manifest", file,
			       seen.v[j].key);
			ret = EXIT_FINDING;
		}
	}
	jv_free(files);
	buf_free(&man);
	map_free(&seen, member_free);
	if (!ret)
		printf("%s: %d files match the manifest\n", file, nf);
	return ret;
}

/* --- main ----------------------------------------------------------------- */

static void usage(FILE *f, int status)
{
	fprintf(f,
		"usage: %s --web DIR RESULTS...\n"
		"       %s --format markdown|csv|benchfmt [FILE...]\n"
		"       %s --archive FILE.tar.gz|.tar.xz|.tar|.zip [-n NAME] "
		"[PATH...]\n"
		"       %s --extract ARCHIVE DIR\n"
		"       %s --verify ARCHIVE\n"
		"Export records: the dashboard's data, reports, archives.\n"
		"  -w, --web DIR          write the dashboard layout into DIR "
		"from results\n"
		"                         trees or files (docs/web-data.md)\n"
		"  -R, --repository URL   with --web: link change points' "
		"commits to URL\n"
		"  -F, --format FORMAT    a summary report (markdown, csv) or "
		"Go benchmark\n"
		"                         text (benchfmt) on stdout\n"
		"  -a, --archive FILE     bundle PATHs (or stdin) with a "
		"MANIFEST.json\n"
		"  -n, --name NAME        the member name of stdin in an "
		"archive\n"
		"                         (records.jsonl)\n"
		"  -x, --extract ARCHIVE  unpack into DIR, refusing members "
		"that escape it\n"
		"      --verify ARCHIVE   check members against the manifest\n"
		"  -h, --help             show this help\n"
		"  -V, --version          show the version\n"
		"Exit status: 0 success, 1 a manifest mismatch, 2 usage or "
		"input error.\n",
		progname, progname, progname, progname, progname);
	exit(status);
}

int main(int argc, char **argv)
{
	enum { VERIFY = 256 };
	static const struct option opts[] = {
	    {"web", required_argument, NULL, 'w'},
	    {"format", required_argument, NULL, 'F'},
	    {"archive", required_argument, NULL, 'a'},
	    {"name", required_argument, NULL, 'n'},
	    {"extract", required_argument, NULL, 'x'},
	    {"verify", required_argument, NULL, VERIFY},
	    {"repository", required_argument, NULL, 'R'},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0},
	};
	const char *web = NULL, *format = NULL, *arch = NULL, *ext = NULL,
		   *ver = NULL, *name = "records.jsonl";
	int c, status, modes;

	util_init(argv[0]);
	while ((c = getopt_long(argc, argv, "w:F:a:n:x:R:hV", opts, NULL)) !=
	       -1) {
		switch (c) {
		case 'w':
			web = optarg;
			break;
		case 'F':
			format = optarg;
			break;
		case 'a':
			arch = optarg;
			break;
		case 'n':
			name = optarg;
			break;
		case 'x':
			ext = optarg;
			break;
		case VERIFY:
			ver = optarg;
			break;
		case 'R':
			repository = optarg;
			break;
		default: /* -h, -V, unknown */
			std_option(c, usage);
		}
	}
	argv += optind;
	argc -= optind;
	modes = !!web + !!format + !!arch + !!ext + !!ver;
	if (modes != 1)
		usage(stderr, EXIT_USAGE);
	if (web)
		status = export_web(web, argv, argc);
	else if (arch)
		status = make_archive(arch, name, argv, argc);
	else if (ext) {
		if (argc != 1)
			usage(stderr, EXIT_USAGE);
		status = extract(ext, argv[0]);
	} else if (ver)
		status = argc ? (usage(stderr, EXIT_USAGE), 2) : verify(ver);
	else if (!strcmp(format, "benchfmt"))
		status = report_benchfmt(argv, argc);
	else if (!strcmp(format, "markdown") || !strcmp(format, "csv"))
		status = report(format, argv, argc);
	else
		die(EXIT_USAGE,
		    "--format wants markdown, csv or benchfmt, "
		    "not '%s'",
		    format);
	return fshut(stdout, "<stdout>") | status;
}
