/*
 * bt-export — records out of the stream and into the dashboard's data tree
 * (--web, docs/web-data.md).
 *
 * The one idea of --web: a results tree holds many runs per version; the
 * newest main result of each version becomes that version's file, and every
 * main result of it becomes one point of its history.  Which platform and
 * which version a run belongs to is read from its records, never from the
 * path, so a tree that was moved or renamed exports the same.
 *
 * Reports (--format) and archives (--archive, --extract, --verify) were
 * bt-export's once and are tools of their own now, bt-report and
 * bt-archive; those old flags still work: bt-export runs the new tool,
 * found beside its own executable, with the same arguments.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "atomic.h"
#include "buf.h"
#include "extract.h"
#include "map.h"
#include "paths.h"
#include "record.h"
#include "results.h"
#include "stats.h"
#include "text.h"
#include "util.h"
#include "webdata.h"

/* --web --repository URL: the repository a change's commits link to */
static const char *repository;

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

/* Is path, when it is a symbolic link, one to something beneath root (a
 * canonical path)?  A link out of the results tree (to /, to someone's
 * home) would export what was never results; a dangling one is left to
 * stat. */
static int inside(const char *root, const char *path)
{
	char real[PATH_MAX];
	struct stat st;
	size_t n = strlen(root);

	if (lstat(path, &st) || !S_ISLNK(st.st_mode) || !realpath(path, real))
		return 1;
	return !strncmp(real, root, n) && (real[n] == '/' || !real[n]);
}

static int walk(const char *dir, struct paths *out, int depth)
{
	DIR *d;
	struct dirent *e;
	struct stat st;
	static struct stat up[17];  /* the directories walked into */
	static char root[PATH_MAX]; /* the tree's canonical path */
	char *path;
	int ret = 0, i, got;

	/* a link back up (l -> ..) would walk for ever, and one that
	 * nests without end until the stack runs out: both refused */
	if (depth > 16) {
		warnx_("%s: more than 16 directories deep: %s", dir,
		       strerror(ELOOP));
		return EXIT_USAGE;
	}
	if (stat(dir, &up[depth]))
		memset(&up[depth], 0, sizeof up[depth]); /* opendir says why */
	for (i = 0; i < depth; i++)
		if (up[i].st_dev == up[depth].st_dev &&
		    up[i].st_ino == up[depth].st_ino) {
			warnx_("%s: a symbolic link loop: %s", dir,
			       strerror(ELOOP));
			return EXIT_USAGE;
		}
	if (!(d = opendir(dir))) {
		warnx_("%s: %s", dir, strerror(errno));
		return EXIT_USAGE;
	}
	if (depth == 0 && !realpath(dir, root))
		snprintf(root, sizeof root, "%s", dir);
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (asprintf(&path, "%s/%s", dir, e->d_name) < 0)
			die(EXIT_USAGE, "out of memory");
		if (!inside(root, path)) {
			warnx_("%s: a symbolic link out of %s; refused", path,
			       root);
			ret = EXIT_USAGE;
		} else if ((got = !stat(path, &st)) && S_ISDIR(st.st_mode)) {
			ret |= walk(path, out, depth + 1);
		} else if (main_result(e->d_name) && got &&
			   !S_ISREG(st.st_mode)) {
			warnx_("%s: not a regular file; refused", path);
			ret = EXIT_USAGE;
		} else if (main_result(e->d_name))
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

/* Make dir/platform a directory beneath dir, never through a link (a
 * planted platform -> /elsewhere would take every write outside). */
static int platform_dir(const char *dir, const char *platform)
{
	int root = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), fd;

	fd = root < 0 ? -1 : beneath_mkdir(root, platform);
	if (fd >= 0) { /* and its v/, where the version files live */
		int vfd = beneath_mkdir(fd, "v");

		close(fd);
		fd = vfd;
	}
	if (fd < 0)
		warnx_("%s/%s: %s", dir, platform,
		       errno == ELOOP ? "a symbolic link: the web tree is "
					"written only into its own directories"
				      : strerror(errno));
	if (root >= 0)
		close(root);
	if (fd < 0)
		return EXIT_USAGE;
	close(fd);
	return 0;
}

static int export_web(const char *dir, char **args, int nargs)
{
	struct paths files = {0};
	struct map vers = {0};
	struct stat st;
	struct run *r;
	char *lockp;
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
		die(EXIT_USAGE, "%s.lock: %s", lockp,
		    errno == ELOOP    ? "a symbolic link; refused"
		    : errno == EINVAL ? "not a regular file; refused"
				      : strerror(errno));
	remove_stale(dir, 0);
	for (j = 0; j < vers.n && !ret; j++) {
		struct ver *v = vers.v[j].value;

		ret |= platform_dir(dir, v->platform);
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
/* --- main ----------------------------------------------------------------- */

/* Run tool (bt-report, bt-archive), the executable beside this one, with
 * args: how the old flags of bt-export keep working.  Its argv[0] stays
 * ours, so its messages say "bt-export:" as they always did.  Never
 * returns. */
static void run_sibling(const char *tool, char **args)
{
	char self[PATH_MAX], *path, *slash;
	ssize_t k = readlink("/proc/self/exe", self, sizeof self - 1);

	if (k <= 0 || !(slash = memrchr(self, '/', (size_t)k)))
		die(EXIT_USAGE, "cannot find my own executable to run %s: %s",
		    tool, k <= 0 ? strerror(errno) : "no directory");
	*slash = '\0';
	if (asprintf(&path, "%s/%s", self, tool) < 0)
		die(EXIT_USAGE, "out of memory");
	fflush(NULL);
	args[0] = (char *)progname;
	execv(path, args);
	die(EXIT_USAGE, "%s: %s (it does this job now)", path, strerror(errno));
}

static void usage(FILE *f, int status)
{
	fprintf(f,
		"usage: %s --web DIR RESULTS...\n"
		"       %s --format markdown|csv|benchfmt [FILE...]\n"
		"       %s --archive FILE.tar.gz|.tar.xz|.tar|.zip [-n NAME] "
		"[PATH...]\n"
		"       %s --extract ARCHIVE DIR\n"
		"       %s --verify ARCHIVE\n"
		"Export records into the dashboard's data tree.\n"
		"  -w, --web DIR          write the dashboard layout into DIR "
		"from results\n"
		"                         trees or files (docs/web-data.md)\n"
		"  -R, --repository URL   with --web: link change points' "
		"commits to URL\n"
		"The other modes run the tool that does them now:\n"
		"  -F, --format FORMAT    bt-report --format FORMAT [FILE...]\n"
		"  -a, --archive FILE     bt-archive create FILE [-n NAME] "
		"[PATH...]\n"
		"  -n, --name NAME        the member name of stdin in an "
		"archive\n"
		"  -x, --extract ARCHIVE  bt-archive extract ARCHIVE DIR\n"
		"      --verify ARCHIVE   bt-archive verify ARCHIVE\n"
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
	char **args;
	int c, i, modes;

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
	if (modes != 1 || (ext && argc != 1) || (ver && argc))
		usage(stderr, EXIT_USAGE);
	if (web)
		return export_web(web, argv, argc) | fshut(stdout, "<stdout>");
	/* the old flags: the new tool's command line, then the operands */
	args = xcalloc((size_t)argc + 8, sizeof *args);
	i = 0;
	if (format) {
		args[i++] = "bt-report";
		args[i++] = "--format";
		args[i++] = (char *)format;
		args[i++] = "--";
	} else {
		args[i++] = "bt-archive";
		if (arch) {
			args[i++] = "--name";
			args[i++] = (char *)name;
		}
		args[i++] = "--";
		args[i++] = arch ? "create" : ext ? "extract" : "verify";
		args[i++] = (char *)(arch ? arch : ext ? ext : ver);
	}
	memcpy(args + i, argv, (size_t)argc * sizeof *args);
	run_sibling(args[0], args);
}
