/*
 * webversion.c — the JSON of one version's file in the dashboard's data
 * tree (webversion.h).  Moved out of bt-export.c unchanged when its web
 * tree was split by idea: the file's layout here, the indexes in
 * webindex.c, which runs go where in bt-export.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "results.h"
#include "stats.h"
#include "util.h"
#include "webdata.h"
#include "webversion.h"

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
	{
		const struct {
			const char *key;
			double v;
		} f[] = {{"mean", m.s.mean},	 {"median", m.s.median},
			 {"stddev", m.s.stddev}, {"cv", m.s.cv},
			 {"min", m.s.min},	 {"max", m.s.max},
			 {"p95", m.s.p95},	 {"p99", m.s.p99},
			 {"ci_low", m.ci_low},	 {"ci_high", m.ci_high}};

		buf_addlit(b, "{\"n\":");
		json_int(b, (long long)se->n);
		for (i = 0; i < sizeof f / sizeof *f; i++) {
			buf_addc(b, ',');
			key_num(b, f[i].key, f[i].v);
		}
	}
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

char *web_point_json(const struct run *r)
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

static int cmp_point(const void *a, const void *b)
{
	return strcmp(((const struct web_point *)a)->stamp,
		      ((const struct web_point *)b)->stamp);
}

void web_points_sort(struct web_point *points, size_t n)
{
	qsort(points, n, sizeof *points, cmp_point);
}

void web_version_json(struct buf *b, const char *version, const char *platform,
		      const struct run *r, const struct web_point *points,
		      size_t n)
{
	jv s = jv_copy(r->system), d;
	size_t i;

	buf_addlit(b, "{\"version\":");
	json_str(b, version, strlen(version));
	buf_addlit(b, ",\"platform\":");
	json_str(b, platform, strlen(platform));
	buf_addlit(b, ",\"timestamp\":");
	json_str(b, r->stamp, strlen(r->stamp));
	if (!jv_object_has(jv_copy(s), jv_string("os")))
		s = jv_object_set(s, jv_string("os"), jv_string(r->goos));
	if (!jv_object_has(jv_copy(s), jv_string("arch")))
		s = jv_object_set(s, jv_string("arch"), jv_string(r->goarch));
	d = jv_dump_string(s, JV_PRINT_SORTED);
	buf_addlit(b, ",\"system\":");
	buf_add(b, jv_string_value(d), strlen(jv_string_value(d)));
	jv_free(d);
	buf_addlit(b, ",\"benchmarks\":[");
	for (i = 0; i < r->benches.n; i++) {
		if (i)
			buf_addc(b, ',');
		buf_addlit(b, "\n");
		bench_json(b, r->benches.v[i].value);
	}
	buf_addlit(b, "],\n\"history\":[");
	for (i = 0; i < n; i++) {
		if (i)
			buf_addc(b, ',');
		buf_addlit(b, "\n");
		buf_add(b, points[i].json, strlen(points[i].json));
	}
	buf_addlit(b, "]}");
}

/* docs/web-data.md: names encoded under v/, so no version collides with
 * the page's own files. */
const char *web_version_file(const char *version, const char *records)
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
