/*
 * jmh.c — JMH's JSON results (`java -jar benchmarks.jar -rf json -rff
 * FILE`): an array with one element per benchmark and parameter set.
 *
 * JMH keeps every measurement iteration's score in
 * primaryMetric.rawData (one array per fork), so each becomes one sample:
 * JMH's own statistics (score, scoreError, percentiles) are of exactly
 * those, and bt-cv and bt-compare recompute theirs.  Units: a time per
 * operation (ns/op, us/op, ms/op, s/op; avgt, sample and ss modes) becomes
 * ns/op, scaled exactly; a throughput (ops/s, ops/ms, ops/us, ops/ns;
 * thrpt mode) becomes ops/s and also ns/op = 1e9 / ops/s.  `params` are
 * labels, so two parameter sets are two benchmarks.  The rest — mode,
 * forks, threads, JVM, score and its error, secondary metrics — goes to a
 * context record before the samples.
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

enum { MAX_PARAMS = 32, MAX_CONFIG = 24 };

struct jmh {
	const struct bt_host *host;
	struct jsondoc doc;
};

/* How a score unit maps to ours: a time (shift to ns) or a rate (shift to
 * ops/s); -1 when it is neither. */
static int unit_of(const char *u, int *rate, int *shift)
{
	static const struct {
		const char *u;
		int rate, shift;
	} t[] = {{"ns/op", 0, 0},	 {"us/op", 0, 3},
		 {"\xc2\xb5s/op", 0, 3}, {"ms/op", 0, 6},
		 {"s/op", 0, 9},	 {"ops/ns", 1, 9},
		 {"ops/us", 1, 6},	 {"ops/\xc2\xb5s", 1, 6},
		 {"ops/ms", 1, 3},	 {"ops/s", 1, 0}};
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		if (!strcmp(u, t[i].u)) {
			*rate = t[i].rate;
			*shift = t[i].shift;
			return 0;
		}
	return -1;
}

/* params {"k": "v"} → labels pointing into keys/vals (caller frees). */
static size_t params(jv b, struct bt_label *l, jv *keys, jv *vals)
{
	jv p = jsondoc_get(b, "params");
	size_t n = 0;
	int i, len;

	*keys = jv_array();
	*vals = jv_array();
	if (jv_get_kind(p) == JV_KIND_OBJECT) {
		jv k = jv_keys(jv_copy(p));

		len = jv_array_length(jv_copy(k));
		for (i = 0; i < len && i < MAX_PARAMS; i++) {
			jv key = jv_array_get(jv_copy(k), i);
			jv v = jv_object_get(jv_copy(p), jv_copy(key));

			if (jv_get_kind(v) != JV_KIND_STRING)
				v = jv_dump_string(v, 0);
			*keys = jv_array_append(*keys, key);
			*vals = jv_array_append(*vals, v);
		}
		jv_free(k);
		for (i = 0; i < len && i < MAX_PARAMS; i++, n++) {
			jv key = jv_array_get(jv_copy(*keys), i);
			jv v = jv_array_get(jv_copy(*vals), i);

			l[n].key = bt_cstr(jv_string_value(key));
			l[n].value = bt_cstr(jv_string_value(v));
			jv_free(key);
			jv_free(v);
		}
	}
	jv_free(p);
	return n;
}

/* One configuration entry of b (a scalar as text) into the context. */
static void config(jv b, const char *key, struct bt_label *l, size_t *n,
		   char (*text)[128])
{
	jv v = jsondoc_get(b, key);

	if (jv_get_kind(v) == JV_KIND_STRING)
		snprintf(text[*n], 128, "%s", jv_string_value(v));
	else if (jv_get_kind(v) == JV_KIND_NUMBER) {
		jv d = jv_dump_string(jv_copy(v), 0);

		snprintf(text[*n], 128, "%s", jv_string_value(d));
		jv_free(d);
	} else {
		jv_free(v);
		return;
	}
	l[*n].key = bt_cstr(key);
	l[*n].value = bt_cstr(text[*n]);
	(*n)++;
	jv_free(v);
}

static void emit_context(struct jmh *j, const char *name, jv b, jv pm)
{
	static const char *const keys[] = {"mode",
					   "forks",
					   "threads",
					   "jmhVersion",
					   "jdkVersion",
					   "vmName",
					   "warmupIterations",
					   "warmupTime",
					   "measurementIterations",
					   "measurementTime"};
	static const char *const pkeys[] = {"score", "scoreError", "scoreUnit"};
	char text[MAX_CONFIG][128];
	struct bt_label l[MAX_CONFIG];
	size_t n = 0, i;

	l[n].key = BT_STR("benchmark");
	l[n++].value = bt_cstr(name);
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
		config(b, keys[i], l, &n, text);
	for (i = 0; i < sizeof pkeys / sizeof pkeys[0]; i++)
		config(pm, pkeys[i], l, &n, text);
	plug_labels(j->host, (struct bt_str){0}, l, n);
}

/* One rawData score as a sample. */
static void emit_score(struct jmh *j, struct bt_record *r, jv v, int rate,
		       int shift)
{
	char text[NUMTEXT_MAX];
	struct bt_metric m[2];

	if (jsondoc_metric(v, shift, rate ? "ops/s" : "ns/op", &m[0], text))
		return;
	r->metrics = m;
	r->nmetrics = 1;
	m[0].better = rate ? BT_BETTER_HIGHER : BT_BETTER_LOWER;
	if (rate && m[0].value > 0) {
		m[1] = m[0];
		m[0].unit = BT_STR("ns/op");
		m[0].value = 1e9 / m[1].value;
		m[0].text = BT_STR("");
		m[0].better = BT_BETTER_LOWER;
		r->nmetrics = 2;
	}
	j->host->emit(j->host->ctx, r);
}

static int benchmark(void *st, jv b)
{
	struct jmh *j = st;
	char name[4096], unit[64];
	jv pm = jsondoc_get(b, "primaryMetric"), raw, keys, vals;
	struct bt_label l[MAX_PARAMS];
	struct bt_record r = {0};
	int rate, shift, f, i, nf, ni;

	if (!jsondoc_str(b, "benchmark", name, sizeof name)) {
		j->host->warn(j->host->ctx, "a result without a benchmark "
					    "name; skipped");
		jv_free(pm);
		return 0;
	}
	if (!jsondoc_str(pm, "scoreUnit", unit, sizeof unit) ||
	    unit_of(unit, &rate, &shift)) {
		char msg[256];

		snprintf(msg, sizeof msg,
			 "%.100s: score unit '%s' is not a "
			 "time or rate per operation; skipped",
			 name,
			 jsondoc_str(pm, "scoreUnit", unit, sizeof unit) ? unit
									 : "?");
		j->host->warn(j->host->ctx, msg);
		jv_free(pm);
		return 0;
	}
	r.kind = BT_KIND_SAMPLE;
	r.name = bt_cstr(name);
	r.labels = l;
	r.nlabels = params(b, l, &keys, &vals);
	emit_context(j, name, b, pm);
	raw = jsondoc_get(pm, "rawData");
	nf = jsondoc_len(raw, 0);
	for (f = 0; f < nf; f++) { /* forks */
		jv fork = jv_array_get(jv_copy(raw), f);

		ni = jsondoc_len(fork, 0);
		for (i = 0; i < ni; i++) { /* iterations */
			jv v = jv_array_get(jv_copy(fork), i);

			emit_score(j, &r, v, rate, shift);
			jv_free(v);
		}
		jv_free(fork);
	}
	if (nf == 0) { /* no raw data: JMH's score alone */
		jv score = jsondoc_get(pm, "score");

		emit_score(j, &r, score, rate, shift);
		jv_free(score);
	}
	jv_free(raw);
	jv_free(keys);
	jv_free(vals);
	jv_free(pm);
	return 0;
}

static void *jmh_open(const struct bt_host *host)
{
	struct jmh *j = calloc(1, sizeof *j);

	if (j)
		j->host = host;
	return j;
}

static int jmh_line(void *st, const char *p, size_t n)
{
	struct jmh *j = st;

	return jsondoc_line(&j->doc, j->host, p, n);
}

static int jmh_finish(void *st)
{
	struct jmh *j = st;
	jv doc;
	int r;

	r = jsondoc_finish(&j->doc, "JMH JSON results", JV_KIND_ARRAY,
			   "not an array", j->host, &doc);
	if (r <= 0)
		return r;
	jsondoc_each(doc, benchmark, j);
	jv_free(doc);
	return 0;
}

static void jmh_close(void *st)
{
	struct jmh *j = st;

	if (!j)
		return;
	jsondoc_free(&j->doc);
	free(j);
}

/* An array whose objects name "jmhVersion" or "primaryMetric". */
static int jmh_probe(const char *p, size_t n)
{
	if (jsondoc_opens(p, n) != '[')
		return 0;
	if (memmem(p, n, "\"primaryMetric\"", 15))
		return memmem(p, n, "\"jmhVersion\"", 12) ? 95 : 80;
	if (memmem(p, n, "\"jmhVersion\"", 12) &&
	    memmem(p, n, "\"benchmark\"", 11))
		return 80;
	return 0;
}

static const struct bt_plugin plugin = {
    .abi_version = BT_PLUGIN_ABI_VERSION,
    .name = "jmh",
    .description = "JMH -rf json results: one sample per measurement "
		   "iteration (rawData)",
    .probe = jmh_probe,
    .open = jmh_open,
    .line = jmh_line,
    .finish = jmh_finish,
    .close = jmh_close,
};

EXPORT const struct bt_plugin *bt_plugin_descriptor(void)
{
	return &plugin;
}
