/*
 * benchmarkdotnet.c — BenchmarkDotNet's JSON exporter (`--exporters json`:
 * `*-report-full.json`, `*-report-brief.json`, and their compressed
 * variants): {"Title", "HostEnvironmentInfo", "Benchmarks": [...]}.
 *
 * The full report keeps every measurement (`Measurements`): the ones of
 * IterationMode Workload and IterationStage Result are those BenchmarkDotNet
 * summarises (overhead removed, outliers out), so each becomes one sample
 * of Nanoseconds / Operations in ns/op.  The brief report has only
 * `Statistics`: one summary-only sample (docs/records.md, "Summary
 * statistics") of its Mean, with N, StandardDeviation, StandardError, Min,
 * Max and Median as stats.  BytesAllocatedPerOperation (MemoryDiagnoser) is
 * B/op on every sample.  A benchmark is named Type.Method in the suite
 * Namespace (BenchmarkDotNet's FullName), its Parameters are labels, and
 * one without Statistics failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bt-plugin.h"
#include "jsondoc.h"
#include "plugrec.h"
#include "plugstr.h"
#include "summary.h"

#define EXPORT __attribute__((visibility("default")))

enum { MAX_PARAMS = 32 };

struct bdn {
	const struct bt_host *host;
	struct jsondoc doc;
};

static double num(jv obj, const char *key)
{
	jv v = jsondoc_get(obj, key);
	double d = jv_get_kind(v) == JV_KIND_NUMBER ? jv_number_value(v) : NAN;

	jv_free(v);
	return d;
}

/* "A=1&B=x" (or "A=1, B=x") → labels pointing into buf. */
static size_t params(char *buf, struct bt_label *l)
{
	size_t n = 0;
	char *p = buf, *end;

	while (*p && n < MAX_PARAMS) {
		char *eq;

		end = p + strcspn(p, "&,");
		eq = memchr(p, '=', (size_t)(end - p));
		if (eq) {
			struct bt_str k = sum_trim(p, (size_t)(eq - p));
			struct bt_str v =
			    sum_trim(eq + 1, (size_t)(end - eq - 1));

			if (k.n) {
				l[n].key = k;
				l[n++].value = v;
			}
		}
		p = *end ? end + 1 : end;
	}
	return n;
}

static void emit_context(struct bdn *d, struct bt_str suite, struct bt_str name,
			 jv st, jv mem)
{
	static const char *const sk[] = {"N",
					 "Mean",
					 "StandardDeviation",
					 "StandardError",
					 "Min",
					 "Median",
					 "Max",
					 "Q1",
					 "Q3"};
	static const char *const mk[] = {"Gen0Collections", "Gen1Collections",
					 "Gen2Collections", "TotalOperations",
					 "BytesAllocatedPerOperation"};
	enum { NS = sizeof sk / sizeof sk[0], NM = sizeof mk / sizeof mk[0] };
	char keys[NS][40], vals[NS + NM][NUMTEXT_MAX];
	struct bt_label l[NS + NM + 1];
	struct bt_metric m;
	size_t n = 0, i;

	l[n].key = BT_STR("benchmark");
	l[n++].value = name;
	for (i = 0; i < NS; i++) {
		jv v = jsondoc_get(st, sk[i]);

		if (!jsondoc_metric(v, 0, "x", &m, vals[n - 1])) {
			snprintf(keys[i], sizeof keys[i], "%s%s",
				 i ? "ns/op." : "", sk[i]);
			l[n].key = bt_cstr(keys[i]);
			l[n].value = m.text;
			n++;
		}
		jv_free(v);
	}
	for (i = 0; i < NM; i++) {
		jv v = jsondoc_get(mem, mk[i]);

		if (!jsondoc_metric(v, 0, "x", &m, vals[n - 1])) {
			l[n].key = bt_cstr(mk[i]);
			l[n].value = m.text;
			n++;
		}
		jv_free(v);
	}
	plug_labels(d->host, suite, l, n);
}

static int benchmark(void *state, jv b)
{
	struct bdn *d = state;
	char ns[1024] = "", type[1024] = "", method[1024] = "", name[2100];
	char par[2048] = "", btext[NUMTEXT_MAX], text[NUMTEXT_MAX];
	jv st = jsondoc_get(b, "Statistics"), mem = jsondoc_get(b, "Memory");
	jv ms = jsondoc_get(b, "Measurements"), bytes;
	struct bt_label l[MAX_PARAMS];
	struct bt_metric m[2];
	struct bt_stats s;
	struct bt_record r = {0};
	int i, len, found = 0, emitted = 0;

	jsondoc_str(b, "Namespace", ns, sizeof ns);
	jsondoc_str(b, "Type", type, sizeof type);
	if (!jsondoc_str(b, "Method", method, sizeof method)) {
		d->host->warn(d->host->ctx, "a benchmark without a Method; "
					    "skipped");
		goto out;
	}
	snprintf(name, sizeof name, "%s%s%s", type, *type ? "." : "", method);
	jsondoc_str(b, "Parameters", par, sizeof par);
	r.suite = bt_cstr(ns);
	r.name = bt_cstr(name);
	r.labels = l;
	r.nlabels = params(par, l);
	if (jv_get_kind(st) != JV_KIND_OBJECT) {
		r.kind = BT_KIND_FAILURE;
		r.reason = BT_STR("fail");
		r.message = BT_STR("no statistics: the benchmark did not run "
				   "to the end");
		d->host->emit(d->host->ctx, &r);
		goto out;
	}
	emit_context(d, r.suite, r.name, st, mem);
	r.kind = BT_KIND_SAMPLE;
	r.metrics = m;
	bytes = jsondoc_get(mem, "BytesAllocatedPerOperation");
	if (!jsondoc_metric(bytes, 0, "B/op", &m[1], btext))
		m[1].better = BT_BETTER_LOWER, found = 1;
	jv_free(bytes);
	len = jsondoc_len(ms, 0);
	for (i = 0; i < len; i++) { /* the full report's measurements */
		jv x = jv_array_get(jv_copy(ms), i);
		char mode[32], stage[32];
		double ops = num(x, "Operations"), t = num(x, "Nanoseconds");

		if (jsondoc_str(x, "IterationMode", mode, sizeof mode) &&
		    jsondoc_str(x, "IterationStage", stage, sizeof stage) &&
		    !strcmp(mode, "Workload") && !strcmp(stage, "Result") &&
		    ops >= 1 && isfinite(t)) {
			m[0] = (struct bt_metric){BT_STR("ns/op"), t / ops,
						  BT_STR(""), BT_BETTER_LOWER};
			r.iterations = (int64_t)ops;
			r.nmetrics = found ? 2 : 1;
			d->host->emit(d->host->ctx, &r);
			emitted++;
		}
		jv_free(x);
	}
	if (!emitted) { /* the brief report: the summary */
		jv mean = jsondoc_get(st, "Mean");

		r.iterations = 0;
		if (!jsondoc_metric(mean, 0, "ns/op", &m[0], text)) {
			m[0].better = BT_BETTER_LOWER;
			r.nmetrics = found ? 2 : 1;
			s = sum_stats("ns/op", num(st, "N"), m[0].value,
				      num(st, "StandardDeviation"));
			s.std_error = num(st, "StandardError");
			s.min = num(st, "Min");
			s.max = num(st, "Max");
			s.median = num(st, "Median");
			r.summary_only = 1;
			r.stats = &s;
			r.nstats = 1;
			d->host->emit(d->host->ctx, &r);
		}
		jv_free(mean);
	}
out:
	jv_free(st), jv_free(mem), jv_free(ms);
	return 0;
}

static void *bdn_open(const struct bt_host *host)
{
	struct bdn *d = calloc(1, sizeof *d);

	if (d)
		d->host = host;
	return d;
}

static int bdn_line(void *st, const char *p, size_t n)
{
	struct bdn *d = st;

	return jsondoc_line(&d->doc, d->host, p, n);
}

static int bdn_finish(void *st)
{
	struct bdn *d = st;
	jv doc, bs;
	int r;

	r = jsondoc_finish(&d->doc, "a BenchmarkDotNet JSON report",
			   JV_KIND_INVALID, NULL, d->host, &doc);
	if (r <= 0)
		return r;
	bs = jsondoc_array(doc, "Benchmarks", "a BenchmarkDotNet JSON report",
			   d->host);
	jv_free(doc);
	if (!jv_is_valid(bs))
		return -1;
	jsondoc_each(bs, benchmark, d);
	jv_free(bs);
	return 0;
}

static void bdn_close(void *st)
{
	struct bdn *d = st;

	if (!d)
		return;
	jsondoc_free(&d->doc);
	free(d);
}

/* An object with BenchmarkDotNet's "HostEnvironmentInfo" and
 * "Benchmarks". */
static int bdn_probe(const char *p, size_t n)
{
	int score = 0;

	if (jsondoc_opens(p, n) != '{')
		return 0;
	if (memmem(p, n, "\"HostEnvironmentInfo\"", 21))
		score += 60;
	if (memmem(p, n, "\"Benchmarks\"", 12))
		score += 20;
	if (memmem(p, n, "\"BenchmarkDotNetVersion\"", 24) ||
	    memmem(p, n, "\"Statistics\"", 12))
		score += 15;
	return score;
}

static const struct bt_plugin plugin = {
    .abi_version = BT_PLUGIN_ABI_VERSION,
    .name = "benchmarkdotnet",
    .description = "BenchmarkDotNet JSON reports: measurements (full) or "
		   "summary-only statistics (brief)",
    .probe = bdn_probe,
    .open = bdn_open,
    .line = bdn_line,
    .finish = bdn_finish,
    .close = bdn_close,
};

EXPORT const struct bt_plugin *bt_plugin_descriptor(void)
{
	return &plugin;
}
