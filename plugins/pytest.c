/*
 * pytest.c — pytest-benchmark's JSON (`--benchmark-json`, and the files
 * `--benchmark-save` leaves in .benchmarks/) into records.
 *
 * The document (pytest-benchmark 3.2, as Debian ships it) is
 * {"machine_info", "commit_info", "benchmarks": [...], "datetime",
 * "version"}.  Each benchmark has "name" ("test_sort[10]"), "fullname"
 * ("test_b.py::test_sort[10]"), "group", "params", "extra_info", "options"
 * and "stats": seconds per iteration (min, max, mean, stddev, median, iqr,
 * q1, q3, ld15iqr, hd15iqr), "rounds", "iterations" and, when the run kept
 * them (always with --benchmark-json, with --benchmark-save-data for saved
 * files), "data": one time per round, already divided by the iterations.
 *
 * Records: one context for the document (machine_info and commit_info
 * flattened to dotted keys, datetime, version); per benchmark a context with
 * the stats (times in ns/op), options and extra_info, then one sample per
 * element of "data" (ns/op, iterations = stats.iterations) or, without
 * data, one sample holding the mean (iterations = rounds × iterations).
 * suite is the fullname's file and class part, labels are group and params.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bt-plugin.h"
#include "jsondoc.h"
#include "plugrec.h"

#define EXPORT __attribute__((visibility("default")))

enum { MAX_LABELS = 96, KEYLEN = 128, VALLEN = 512, MAX_NAME = 4096 };

/* Labels built from JSON, their strings held here. */
struct kv {
	size_t n;
	char key[MAX_LABELS][KEYLEN];
	char val[MAX_LABELS][VALLEN];
	struct bt_label l[MAX_LABELS];
};

struct pt {
	const struct bt_host *host;
	struct jsondoc doc;
	struct kv kv, lab;
};

static void kv_add(struct kv *kv, const char *key, const char *val)
{
	if (kv->n == MAX_LABELS)
		return;
	snprintf(kv->key[kv->n], KEYLEN, "%s", key);
	snprintf(kv->val[kv->n], VALLEN, "%s", val);
	kv->l[kv->n].key = bt_cstr(kv->key[kv->n]);
	kv->l[kv->n].value = bt_cstr(kv->val[kv->n]);
	kv->n++;
}

/* v (consumed) as label text: strings as they are, the rest as JSON. */
static void kv_add_jv(struct kv *kv, const char *key, jv v)
{
	if (jv_get_kind(v) != JV_KIND_STRING)
		v = jv_dump_string(v, 0);
	if (jv_get_kind(v) == JV_KIND_STRING)
		kv_add(kv, key, jv_string_value(v));
	jv_free(v);
}

/* Every scalar under v (consumed), keys joined with '.'; nulls left out. */
static void kv_flatten(struct kv *kv, const char *prefix, jv v, int depth)
{
	char key[KEYLEN];
	int i, len;

	if (!jv_is_valid(v) || jv_get_kind(v) == JV_KIND_NULL) {
		jv_free(v);
		return;
	}
	if (jv_get_kind(v) != JV_KIND_OBJECT || depth > 4) {
		kv_add_jv(kv, prefix, v);
		return;
	}
	jv keys = jv_keys_unsorted(jv_copy(v));

	len = jv_array_length(jv_copy(keys));
	for (i = 0; i < len; i++) {
		jv k = jv_array_get(jv_copy(keys), i);

		snprintf(key, sizeof key, "%s%s%s", prefix, *prefix ? "." : "",
			 jv_string_value(k));
		kv_flatten(kv, key, jv_object_get(jv_copy(v), k), depth + 1);
	}
	jv_free(keys);
	jv_free(v);
}

static void emit_context(struct pt *t, struct kv *kv)
{

	plug_labels(t->host, (struct bt_str){0}, kv->l, kv->n);
}

/* The document's own context: where and when it ran. */
static void doc_context(struct pt *t, jv doc)
{
	static const char *const keys[] = {"machine_info", "commit_info",
					   "datetime", "version"};
	size_t i;

	t->kv.n = 0;
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
		kv_flatten(&t->kv, keys[i], jsondoc_get(doc, keys[i]), 0);
	if (t->kv.n)
		emit_context(t, &t->kv);
}

/* The benchmark's context: stats in ns/op, counts, options, extra_info. */
static void bench_context(struct pt *t, jv b, jv stats, const char *name)
{
	static const char *const times[] = {
	    "min", "max", "mean", "stddev",  "median",
	    "iqr", "q1",  "q3",	  "ld15iqr", "hd15iqr"};
	static const char *const rest[] = {
	    "rounds",	       "iterations", "outliers", "iqr_outliers",
	    "stddev_outliers", "ops",	     "total"};
	char text[NUMTEXT_MAX], key[64];
	struct bt_metric m;
	size_t i;

	t->kv.n = 0;
	kv_add(&t->kv, "benchmark", name);
	for (i = 0; i < sizeof times / sizeof times[0]; i++) {
		jv v = jsondoc_get(stats, times[i]);

		snprintf(key, sizeof key, "ns/op.%s", times[i]);
		if (!jsondoc_metric(v, 9, "ns/op", &m, text))
			kv_add(&t->kv, key, text);
		jv_free(v);
	}
	for (i = 0; i < sizeof rest / sizeof rest[0]; i++)
		kv_flatten(&t->kv, rest[i], jsondoc_get(stats, rest[i]), 0);
	kv_flatten(&t->kv, "options", jsondoc_get(b, "options"), 0);
	kv_flatten(&t->kv, "extra_info", jsondoc_get(b, "extra_info"), 0);
	emit_context(t, &t->kv);
}

/* group and params as the samples' labels. */
static void bench_labels(struct pt *t, jv b)
{
	jv g = jsondoc_get(b, "group");

	t->lab.n = 0;
	if (jv_get_kind(g) == JV_KIND_STRING)
		kv_add(&t->lab, "group", jv_string_value(g));
	jv_free(g);
	kv_flatten(&t->lab, "", jsondoc_get(b, "params"), 0);
}

/* suite: fullname without its last "::name" part ("test_b.py"). */
static struct bt_str suite_of(const char *full, const char *name)
{
	struct bt_str s = bt_cstr(full);
	size_t n = strlen(name);

	if (s.n >= n + 2 && !strcmp(full + s.n - n, name) &&
	    !memcmp(full + s.n - n - 2, "::", 2))
		s.n -= n + 2;
	else
		s.n = 0;
	return s;
}

static int64_t count(jv stats, const char *key)
{
	jv v = jsondoc_get(stats, key);
	double d = jv_get_kind(v) == JV_KIND_NUMBER ? jv_number_value(v) : 0;

	jv_free(v);
	return d >= 1 && d < 9e18 ? (int64_t)d : 0;
}

/* One benchmark: its context, then its samples.  1 when it gave a
 * sample, 0 when it was skipped with a warning. */
static int bench(void *st, jv b)
{
	struct pt *t = st;
	char name[MAX_NAME], full[MAX_NAME], text[NUMTEXT_MAX];
	struct bt_record r = {0};
	struct bt_metric m;
	jv stats, data;
	int i, len, got = 0;

	if (!jsondoc_str(b, "name", name, sizeof name)) {
		t->host->warn(t->host->ctx, "a benchmark without a name; "
					    "skipped");
		return 0;
	}
	if (!jsondoc_str(b, "fullname", full, sizeof full))
		full[0] = '\0';
	stats = jsondoc_get(b, "stats");
	data = jsondoc_get(stats, "data");
	bench_context(t, b, stats, name);
	bench_labels(t, b);
	r.kind = BT_KIND_SAMPLE;
	r.name = bt_cstr(name);
	r.suite = suite_of(full, name);
	r.metrics = &m;
	r.nmetrics = 1;
	r.labels = t->lab.l;
	r.nlabels = t->lab.n;
	r.iterations = count(stats, "iterations");
	if (jv_get_kind(data) == JV_KIND_ARRAY) {
		len = jv_array_length(jv_copy(data));
		for (i = 0; i < len; i++) {
			jv v = jv_array_get(jv_copy(data), i);

			if (!jsondoc_metric(v, 9, "ns/op", &m, text)) {
				t->host->emit(t->host->ctx, &r);
				got = 1;
			}
			jv_free(v);
		}
	} else {
		jv v = jsondoc_get(stats, "mean");

		/* every round's iterations; unknown (0) if that overflows */
		if (__builtin_mul_overflow(r.iterations, count(stats, "rounds"),
					   &r.iterations))
			r.iterations = 0;
		if (!jsondoc_metric(v, 9, "ns/op", &m, text)) {
			t->host->emit(t->host->ctx, &r);
			got = 1;
		} else
			t->host->warn(t->host->ctx, "a benchmark without "
						    "data or mean; skipped");
		jv_free(v);
	}
	jv_free(data);
	jv_free(stats);
	return got;
}

/* --- the ABI -------------------------------------------------------------- */

static void *pt_open(const struct bt_host *host)
{
	struct pt *t = calloc(1, sizeof *t);

	if (t)
		t->host = host;
	return t;
}

static int pt_line(void *st, const char *p, size_t n)
{
	struct pt *t = st;

	return jsondoc_line(&t->doc, t->host, p, n);
}

static int pt_finish(void *st)
{
	struct pt *t = st;
	char msg[320];
	jv doc, bs;
	int len, read, r;

	r = jsondoc_finish(&t->doc, "pytest-benchmark JSON", JV_KIND_INVALID,
			   NULL, t->host, &doc);
	if (r <= 0)
		return r;
	bs = jsondoc_array(doc, "benchmarks", "pytest-benchmark JSON", t->host);
	if (!jv_is_valid(bs)) {
		jv_free(doc);
		return -1;
	}
	doc_context(t, doc);
	jv_free(doc);
	len = jsondoc_len(bs, 0);
	read = jsondoc_each(bs, bench, t);
	jv_free(bs);
	if (len > 0 && read == 0) {
		/* every benchmark skipped: not pytest-benchmark's, or broken */
		snprintf(msg, sizeof msg,
			 "not pytest-benchmark JSON: none of its %d benchmarks "
			 "could be read",
			 len);
		t->host->error(t->host->ctx, msg);
		return -1;
	}
	return 0;
}

static void pt_close(void *st)
{
	struct pt *t = st;

	if (!t)
		return;
	jsondoc_free(&t->doc);
	free(t);
}

/* pytest-benchmark opens with machine_info (python_*) and commit_info. */
static int pt_probe(const char *p, size_t n)
{
	int score = 0;

	if (jsondoc_opens(p, n) != '{')
		return 0;
	/* "benchmarks" alone is not pytest's (vitest, mitata and others use
	 * the key too): only with one of pytest-benchmark's own keys. */
	if (!memmem(p, n, "\"machine_info\"", 14) &&
	    !memmem(p, n, "\"commit_info\"", 13) &&
	    !memmem(p, n, "\"python_implementation\"", 23) &&
	    !memmem(p, n, "\"fullname\"", 10))
		return 0;
	if (memmem(p, n, "\"machine_info\"", 14))
		score += 30;
	if (memmem(p, n, "\"commit_info\"", 13))
		score += 20;
	if (memmem(p, n, "\"python_implementation\"", 23))
		score += 20;
	if (memmem(p, n, "\"benchmarks\"", 12))
		score += 10;
	if (memmem(p, n, "\"fullname\"", 10))
		score += 15;
	return score;
}

static const struct bt_plugin plugin = {
    .abi_version = BT_PLUGIN_ABI_VERSION,
    .name = "pytest",
    .description = "pytest-benchmark --benchmark-json: one sample per "
		   "round when saved with data, else the mean",
    .probe = pt_probe,
    .open = pt_open,
    .line = pt_line,
    .finish = pt_finish,
    .close = pt_close,
};

EXPORT const struct bt_plugin *bt_plugin_descriptor(void)
{
	return &plugin;
}
