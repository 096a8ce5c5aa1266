/*
 * julia.c — BenchmarkTools.jl results saved as JSON
 * (`BenchmarkTools.save("out.json", results)`): [{"Julia": v,
 * "BenchmarkTools": v}, [VALUE, …]], every VALUE a tagged pair [TYPE,
 * {fields}].
 *
 * A "BenchmarkGroup" holds named values in "data"; the names from the
 * root down, joined with "/", name a benchmark ("fib/10").  A "Trial"
 * (what `run` returns) keeps every sample's time in "times" (ns): each
 * becomes one sample in ns/op.  A "TrialEstimate" (`median(trial)`,
 * `minimum(trial)`: what github-action-benchmark's examples save) is one
 * number for many samples it does not keep and no spread: one
 * summary-only sample (docs/records.md, "Summary statistics") without
 * stats.  memory (B per evaluation) and allocs are B/op and allocs/op;
 * gctime and the parameters (samples, evals, …) go to a context record.
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

enum { MAX_DEPTH = 32 };

struct jl {
	const struct bt_host *host;
	struct jsondoc doc;
	struct str name;
};

/* The type tag and fields of a tagged pair [TYPE, {…}]; 0 when v is not
 * one.  *fields is the caller's. */
static int tagged(jv v, char *type, size_t n, jv *fields)
{
	jv t;

	if (jv_get_kind(v) != JV_KIND_ARRAY || jv_array_length(jv_copy(v)) != 2)
		return 0;
	t = jv_array_get(jv_copy(v), 0);
	if (jv_get_kind(t) != JV_KIND_STRING) {
		jv_free(t);
		return 0;
	}
	snprintf(type, n, "%s", jv_string_value(t));
	jv_free(t);
	*fields = jv_array_get(jv_copy(v), 1);
	if (jv_get_kind(*fields) != JV_KIND_OBJECT) {
		jv_free(*fields);
		return 0;
	}
	return 1;
}

static void emit_context(struct jl *j, jv f)
{
	static const char *const pk[] = {"samples", "evals",	"seconds",
					 "gctrial", "gcsample", "overhead"};
	enum { NP = sizeof pk / sizeof pk[0] };
	char v[NP + 1][NUMTEXT_MAX];
	struct bt_label l[NP + 2];
	struct bt_metric m;
	jv p = jsondoc_get(f, "params"), gc = jsondoc_get(f, "gctime"), pf;
	char type[32];
	size_t n = 0, i;

	l[n].key = BT_STR("benchmark");
	l[n++].value = view(&j->name);
	if (!jsondoc_metric(gc, 0, "x", &m, v[NP])) {
		l[n].key = BT_STR("ns.gctime");
		l[n++].value = m.text;
	}
	if (tagged(p, type, sizeof type, &pf)) {
		for (i = 0; i < NP; i++) {
			jv x = jsondoc_get(pf, pk[i]);

			if (jv_get_kind(x) == JV_KIND_TRUE ||
			    jv_get_kind(x) == JV_KIND_FALSE) {
				l[n].key = bt_cstr(pk[i]);
				l[n++].value = jv_get_kind(x) == JV_KIND_TRUE
						   ? BT_STR("true")
						   : BT_STR("false");
			} else if (!jsondoc_metric(x, 0, "x", &m, v[i])) {
				l[n].key = bt_cstr(pk[i]);
				l[n++].value = m.text;
			}
			jv_free(x);
		}
		jv_free(pf);
	}
	plug_labels(j->host, (struct bt_str){0}, l, n);
	jv_free(p), jv_free(gc);
}

/* A Trial or TrialEstimate named j->name. */
static void trial(struct jl *j, jv f, int estimate)
{
	char tt[NUMTEXT_MAX], mt[NUMTEXT_MAX], at[NUMTEXT_MAX];
	jv times = jsondoc_get(f, "times"), mem = jsondoc_get(f, "memory"),
	   al = jsondoc_get(f, "allocs");
	struct bt_metric m[3];
	struct bt_record r = {0};
	size_t extra = 0;
	int i, len;

	emit_context(j, f);
	r.kind = BT_KIND_SAMPLE;
	r.name = view(&j->name);
	r.metrics = m;
	if (!jsondoc_metric(mem, 0, "B/op", &m[1], mt))
		m[1].better = BT_BETTER_LOWER, extra++;
	if (!jsondoc_metric(al, 0, "allocs/op", &m[1 + extra], at))
		m[1 + extra].better = BT_BETTER_LOWER, extra++;
	if (estimate) {
		jv t = jsondoc_get(f, "time");

		if (!jsondoc_metric(t, 0, "ns/op", &m[0], tt)) {
			m[0].better = BT_BETTER_LOWER;
			r.nmetrics = 1 + extra;
			r.summary_only = 1;
			j->host->emit(j->host->ctx, &r);
		}
		jv_free(t);
	}
	len = estimate ? 0 : jsondoc_len(times, 0);
	for (i = 0; i < len; i++) {
		jv t = jv_array_get(jv_copy(times), i);

		if (!jsondoc_metric(t, 0, "ns/op", &m[0], tt)) {
			m[0].better = BT_BETTER_LOWER;
			r.nmetrics = 1 + extra;
			j->host->emit(j->host->ctx, &r);
		}
		jv_free(t);
	}
	jv_free(times), jv_free(mem), jv_free(al);
}

/* Walk a value at depth, j->name its path. */
static void walk(struct jl *j, jv v, int depth)
{
	char type[64];
	jv f, data, keys;
	int i, len;
	size_t at;

	if (depth > MAX_DEPTH || !tagged(v, type, sizeof type, &f))
		return;
	if (!strcmp(type, "Trial") || !strcmp(type, "TrialEstimate")) {
		if (j->name.n)
			trial(j, f, type[5] == 'E');
		jv_free(f);
		return;
	}
	if (strcmp(type, "BenchmarkGroup")) {
		jv_free(f);
		return;
	}
	data = jsondoc_get(f, "data");
	jv_free(f);
	if (jv_get_kind(data) != JV_KIND_OBJECT) {
		jv_free(data);
		return;
	}
	keys = jv_keys(jv_copy(data)); /* in sorted order: a Dict has none */
	len = jv_array_length(jv_copy(keys));
	for (i = 0; i < len; i++) {
		jv k = jv_array_get(jv_copy(keys), i);
		jv child = jv_object_get(jv_copy(data), jv_copy(k));

		at = j->name.n;
		if (at)
			str_add(&j->name, "/", 1);
		str_add(&j->name, jv_string_value(k),
			(size_t)jv_string_length_bytes(jv_copy(k)));
		walk(j, child, depth + 1);
		j->name.n = at;
		if (j->name.s)
			j->name.s[at] = '\0';
		jv_free(child);
		jv_free(k);
	}
	jv_free(keys);
	jv_free(data);
}

static void *jl_open(const struct bt_host *host)
{
	struct jl *j = calloc(1, sizeof *j);

	if (j)
		j->host = host;
	return j;
}

static int jl_line(void *st, const char *p, size_t n)
{
	struct jl *j = st;

	return jsondoc_line(&j->doc, j->host, p, n);
}

static int jl_finish(void *st)
{
	struct jl *j = st;
	char err[256], msg[320];
	jv doc, vals;
	int i, len;

	if (jsondoc_blank(&j->doc))
		return 0;
	doc = jsondoc_parse(&j->doc, err, sizeof err);
	vals = jv_get_kind(doc) == JV_KIND_ARRAY &&
		       jv_array_length(jv_copy(doc)) == 2
		   ? jv_array_get(jv_copy(doc), 1)
		   : jv_invalid();
	if (jv_get_kind(vals) != JV_KIND_ARRAY) {
		snprintf(msg, sizeof msg, "not BenchmarkTools.jl JSON: %s",
			 jv_is_valid(doc) ? "not [versions, values]" : err);
		jv_free(doc), jv_free(vals);
		j->host->error(j->host->ctx, msg);
		return -1;
	}
	len = jv_array_length(jv_copy(vals));
	for (i = 0; i < len; i++) {
		jv v = jv_array_get(jv_copy(vals), i);

		str_set(&j->name, "", 0);
		walk(j, v, 0);
		jv_free(v);
	}
	jv_free(vals);
	jv_free(doc);
	return 0;
}

static void jl_close(void *st)
{
	struct jl *j = st;

	if (!j)
		return;
	jsondoc_free(&j->doc);
	free(j->name.s);
	free(j);
}

/* BenchmarkTools' version header and its tagged values. */
static int jl_probe(const char *p, size_t n)
{
	if (jsondoc_opens(p, n) != '[' ||
	    !memmem(p, n, "\"BenchmarkTools\"", 16))
		return 0;
	return memmem(p, n, "\"BenchmarkGroup\"", 16) ||
		       memmem(p, n, "\"Trial", 6)
		   ? 95
		   : 70;
}

static const struct bt_plugin plugin = {
    .abi_version = BT_PLUGIN_ABI_VERSION,
    .name = "julia",
    .description = "BenchmarkTools.jl JSON (BenchmarkTools.save): a Trial's "
		   "times, or a TrialEstimate",
    .probe = jl_probe,
    .open = jl_open,
    .line = jl_line,
    .finish = jl_finish,
    .close = jl_close,
};

EXPORT const struct bt_plugin *bt_plugin_descriptor(void)
{
	return &plugin;
}
