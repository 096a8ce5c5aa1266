/*
 * vitest.c — the plugin for vitest bench's JSON report
 * (`vitest bench --run --outputJson FILE`):
 *
 *	{"files": [{"filepath", "groups": [{"fullName": "math.bench.ts > math",
 *	  "benchmarks": [{"name": "add", "mean", "sd", "hz", "sampleCount",
 *	                  "samples": [...], "min", "max", "median", …}]}]}]}
 *
 * Times are in milliseconds (tinybench's, which vitest runs).  A
 * benchmark's name is its group's fullName and its own, joined by " > "
 * as vitest prints them ("math.bench.ts > math > add").  When the report
 * keeps the timed samples, each becomes a sample in ns/op; when it keeps
 * only the summary (vitest empties "samples" unless asked), the benchmark
 * becomes one sample of its mean, with hz as ops/s, marked summary-only
 * with its statistics (n = sampleCount, mean, sd) so that bt-compare
 * judges it by Welch's test (plugin ABI 2).  Either way a context record
 * first keeps the summary (ns/op.mean, .sd, .min, .max, .median, the
 * percentiles, rme, samples = sampleCount).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bt-plugin.h"
#include "jsondoc.h"
#include "plugrec.h"

#define EXPORT __attribute__((visibility("default")))

enum { MAX_NAME = 4096, MAX_CONFIG = 24 };

struct vitest {
	const struct bt_host *host;
	struct jsondoc doc;
};

/* The summary of benchmark b in a context record for name. */
static void summary(struct vitest *v, jv b, const char *name)
{
	static const char *const ms[] = {"mean",   "sd",  "min", "max",
					 "median", "p75", "p99", "p995",
					 "p999",   "moe", "sem"};
	static const char *const keys[] = {
	    "ns/op.mean",   "ns/op.sd",	 "ns/op.min", "ns/op.max",
	    "ns/op.median", "ns/op.p75", "ns/op.p99", "ns/op.p995",
	    "ns/op.p999",   "ns/op.moe", "ns/op.sem"};
	static const char *const plain[] = {"rme", "sampleCount", "hz",
					    "totalTime", "rank"};
	static const char *const pkeys[] = {"rme", "samples", "ops/s",
					    "total_ms", "rank"};
	char text[MAX_CONFIG][NUMTEXT_MAX];
	struct bt_label l[MAX_CONFIG];
	struct bt_metric m;
	size_t i, n = 0;

	l[n++] = (struct bt_label){BT_STR("benchmark"), bt_cstr(name)};
	for (i = 0; i < sizeof ms / sizeof ms[0]; i++) {
		jv x = jsondoc_get(b, ms[i]);

		if (!jsondoc_metric(x, 6, "ns/op", &m, text[n]))
			l[n++] = (struct bt_label){bt_cstr(keys[i]), m.text};
		jv_free(x);
	}
	for (i = 0; i < sizeof plain / sizeof plain[0]; i++) {
		jv x = jsondoc_get(b, plain[i]);

		if (!jsondoc_numtext(x, text[n])) {
			l[n] = (struct bt_label){bt_cstr(pkeys[i]),
						 bt_cstr(text[n])};
			n++;
		}
		jv_free(x);
	}
	plug_labels(v->host, (struct bt_str){0}, l, n);
}

#if BT_PLUGIN_ABI_VERSION >= 2
/* b's number in ms as ns, or NaN. */
static double ms_at(jv b, const char *key)
{
	jv x = jsondoc_get(b, key);
	double d =
	    jv_get_kind(x) == JV_KIND_NUMBER ? jv_number_value(x) * 1e6 : NAN;

	jv_free(x);
	return d;
}

/* The summary statistics of a benchmark whose samples the report dropped
 * (docs/records.md, "Summary statistics"): sampleCount, the mean, sd (n - 1,
 * as tinybench computes it), sem, min, max, median, in ns.  1 when it has
 * n, mean and sd. */
static int summary_stats(jv b, double mean, struct bt_stats *s)
{
	jv n = jsondoc_get(b, "sampleCount");

	s->unit = BT_STR("ns/op");
	s->n = jv_get_kind(n) == JV_KIND_NUMBER ? jv_number_value(n) : NAN;
	jv_free(n);
	s->mean = mean;
	s->stddev = ms_at(b, "sd");
	s->std_error = ms_at(b, "sem");
	s->min = ms_at(b, "min");
	s->max = ms_at(b, "max");
	s->median = ms_at(b, "median");
	return s->n >= 1 && isfinite(s->n) && isfinite(s->stddev);
}
#endif

/* One benchmark of a group named group.  1 when it gave a sample. */
static int bench(struct vitest *v, const char *group, jv b)
{
	char name[2 * MAX_NAME + 4], own[MAX_NAME], text[2][NUMTEXT_MAX];
	struct bt_record r = {0};
	struct bt_metric m[2];
	jv samples, x;
	int i, len, got = 0;

	if (!jsondoc_str(b, "name", own, sizeof own) || !own[0]) {
		v->host->warn(v->host->ctx, "a benchmark without a name; "
					    "skipped");
		return 0;
	}
	snprintf(name, sizeof name, "%s%s%s", group, *group ? " > " : "", own);
	summary(v, b, name);
	r.kind = BT_KIND_SAMPLE;
	r.name = bt_cstr(name);
	r.metrics = m;
	samples = jsondoc_get(b, "samples");
	len = jsondoc_len(samples, 0);
	for (i = 0; i < len; i++) {
		x = jv_array_get(jv_copy(samples), i);
		if (!jsondoc_metric(x, 6, "ns/op", &m[0], text[0])) {
			m[0].better = BT_BETTER_LOWER;
			r.nmetrics = 1;
			v->host->emit(v->host->ctx, &r);
			got = 1;
		}
		jv_free(x);
	}
	jv_free(samples);
	if (got)
		return 1;
	x = jsondoc_get(b, "mean");
	if (!jsondoc_metric(x, 6, "ns/op", &m[0], text[0])) {
		jv hz = jsondoc_get(b, "hz");
#if BT_PLUGIN_ABI_VERSION >= 2
		struct bt_stats stats;

		if (summary_stats(b, m[0].value, &stats)) {
			r.summary_only = 1;
			r.stats = &stats;
			r.nstats = 1;
		}
#endif

		m[0].better = BT_BETTER_LOWER;
		r.nmetrics = 1;
		if (!jsondoc_metric(hz, 0, "ops/s", &m[1], text[1])) {
			m[1].better = BT_BETTER_HIGHER;
			r.nmetrics = 2;
		}
		jv_free(hz);
		v->host->emit(v->host->ctx, &r);
		got = 1;
	} else {
		v->host->warn(v->host->ctx, "a benchmark without samples or "
					    "mean; skipped");
	}
	jv_free(x);
	return got;
}

/* Every benchmark of the document; the number that gave a sample, and in
 * *seen the number there were. */
static int walk(struct vitest *v, jv files, int *seen)
{
	char group[MAX_NAME];
	int f, g, k, nf, ng, nb, read = 0;

	nf = jv_array_length(jv_copy(files));
	for (f = 0; f < nf; f++) {
		jv file = jv_array_get(jv_copy(files), f);
		jv groups = jsondoc_get(file, "groups");

		ng = jsondoc_len(groups, 0);
		for (g = 0; g < ng; g++) {
			jv grp = jv_array_get(jv_copy(groups), g);
			jv bs = jsondoc_get(grp, "benchmarks");

			if (!jsondoc_str(grp, "fullName", group, sizeof group))
				group[0] = '\0';
			nb = jsondoc_len(bs, 0);
			for (k = 0; k < nb; k++) {
				jv b = jv_array_get(jv_copy(bs), k);

				read += bench(v, group, b);
				(*seen)++;
				jv_free(b);
			}
			jv_free(bs);
			jv_free(grp);
		}
		jv_free(groups);
		jv_free(file);
	}
	return read;
}

static int vt_finish(void *st)
{
	struct vitest *v = st;
	char msg[320];
	int seen = 0, read, r;
	jv doc, files;

	r = jsondoc_finish(&v->doc, "a vitest bench report", JV_KIND_INVALID,
			   NULL, v->host, &doc);
	if (r <= 0)
		return r;
	files = jsondoc_get(doc, "files");
	if (jv_get_kind(files) != JV_KIND_ARRAY) {
		jv_free(files);
		jv_free(doc);
		v->host->error(v->host->ctx,
			       "not a vitest bench report: no \"files\" array");
		return -1;
	}
	read = walk(v, files, &seen);
	jv_free(files);
	jv_free(doc);
	if (seen && !read) {
		snprintf(msg, sizeof msg,
			 "none of the report's %d benchmarks could be read",
			 seen);
		v->host->error(v->host->ctx, msg);
		return -1;
	}
	return 0;
}

static int vt_line(void *st, const char *p, size_t n)
{
	struct vitest *v = st;

	return jsondoc_line(&v->doc, v->host, p, n);
}

static void *vt_open(const struct bt_host *host)
{
	struct vitest *v = calloc(1, sizeof *v);

	if (v)
		v->host = host;
	return v;
}

static void vt_close(void *st)
{
	struct vitest *v = st;

	if (v)
		jsondoc_free(&v->doc);
	free(v);
}

/* A JSON object with "files", then "groups" with "fullName" and
 * "benchmarks": vitest's shape, its keys in its order. */
static int vt_probe(const char *p, size_t n)
{
	size_t i = 0;
	const char *f, *g;

	while (i < n && strchr(" \t\r\n", p[i]))
		i++;
	if (i == n || p[i] != '{')
		return 0;
	f = memmem(p, n, "\"files\"", 7);
	g = f ? memmem(f, n - (size_t)(f - p), "\"groups\"", 8) : NULL;
	if (!g || !memmem(g, n - (size_t)(g - p), "\"fullName\"", 10))
		return 0;
	if (memmem(g, n - (size_t)(g - p), "\"benchmarks\"", 12))
		return 90;
	return 60;
}

static const struct bt_plugin plugin = {
    .abi_version = BT_PLUGIN_ABI_VERSION,
    .name = "vitest",
    .description = "vitest bench --outputJson report",
    .probe = vt_probe,
    .open = vt_open,
    .line = vt_line,
    .finish = vt_finish,
    .close = vt_close,
};

EXPORT const struct bt_plugin *bt_plugin_descriptor(void)
{
	return &plugin;
}
