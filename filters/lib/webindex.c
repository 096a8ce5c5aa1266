/*
 * webindex.c — the indexes of the dashboard's data tree (webindex.h):
 * index.json per platform, platforms.json at the top.  Moved out of
 * bt-export.c when its web tree was split by idea; the one idea here is
 * that an index is never trusted over the files it indexes: a broken one
 * is said and made again from the version files and platform directories
 * beside it.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"
#include "webindex.h"

/* The array member of the JSON object in path: empty when there is no
 * file yet; when the file is there but broken, empty with *broken set (the
 * caller rebuilds it from the files it indexes). */
static jv load_json(const char *path, const char *member, int *broken)
{
	struct stat st;
	jv v, m;

	*broken = 0;
	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		/* planted: a link would be read through, a fifo would hang */
		warnx_("%s: not a regular file (%s); not read, rebuilt from "
		       "the files beside it",
		       path,
		       S_ISLNK(st.st_mode) ? "a symbolic link"
					   : "a fifo, "
					     "device or directory");
		*broken = 1;
		return jv_array();
	}
	v = jv_load_file(path, 0);
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
	struct stat st;
	jv f, ver, ts, bs, e = jv_null();

	if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return e; /* a planted link or fifo is no version file */
	f = jv_load_file(path, 0);

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

/* a's members sorted by cmp; consumes a. */
static jv sorted(jv a, int (*cmp)(const void *, const void *))
{
	int i, n = jv_array_length(jv_copy(a));
	jv *v = xcalloc((size_t)n + 1, sizeof *v), out = jv_array();

	for (i = 0; i < n; i++)
		v[i] = jv_array_get(jv_copy(a), i);
	jv_free(a);
	qsort(v, (size_t)n, sizeof *v, cmp);
	for (i = 0; i < n; i++)
		out = jv_array_append(out, v[i]);
	free(v);
	return out;
}

jv web_without(jv a, const char *key, const char *val)
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

jv web_index_read(const char *dir, const char *platform)
{
	char *path;
	jv list;
	int broken;

	if (asprintf(&path, "%s/%s/index.json", dir, platform) < 0)
		die(EXIT_USAGE, "out of memory");
	list = load_json(path, "versions", &broken);
	if (broken) {
		jv_free(list);
		list = index_from_files(dir, platform);
	}
	free(path);
	return list;
}

jv web_index_sort(jv entries)
{
	return sorted(entries, cmp_entry);
}

jv web_platform_entry(const char *platform, const char *goos,
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

jv web_platforms_sort(jv plats)
{
	return sorted(plats, cmp_id);
}

/* platforms.json's entries made again from the platform directories of
 * dir ("GOOS-GOARCH", each with its index.json) but those skip names. */
static jv platforms_from_dirs(const char *dir,
			      int (*skip)(void *ctx, const char *platform),
			      void *ctx)
{
	char **names = names_in(dir), *path, *dash, *goos;
	jv plats = jv_array(), list;
	size_t i;

	for (i = 0; names[i]; i++) {
		if (names[i][0] == '.' || !(dash = strchr(names[i], '-')) ||
		    skip(ctx, names[i]))
			continue;
		if (asprintf(&path, "%s/%s/index.json", dir, names[i]) < 0)
			die(EXIT_USAGE, "out of memory");
		if (access(path, F_OK) == 0) {
			list = web_index_read(dir, names[i]);
			goos = xstrndup(names[i], (size_t)(dash - names[i]));
			plats = jv_array_append(
			    plats,
			    web_platform_entry(names[i], goos, dash + 1, list));
			free(goos);
		}
		free(path);
	}
	for (i = 0; names[i]; i++)
		free(names[i]);
	free(names);
	return plats;
}

jv web_platforms_read(const char *dir,
		      int (*skip)(void *ctx, const char *platform), void *ctx)
{
	char *path;
	jv plats;
	int broken;

	if (asprintf(&path, "%s/platforms.json", dir) < 0)
		die(EXIT_USAGE, "out of memory");
	plats = load_json(path, "platforms", &broken);
	if (broken) {
		jv_free(plats);
		plats = platforms_from_dirs(dir, skip, ctx);
	}
	free(path);
	return plats;
}
