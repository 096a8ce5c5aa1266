/*
 * bmf.c — the plugin for the Bencher Metric Format, the JSON any harness
 * can write for Bencher (`bencher run --adapter json`):
 *
 *	{"BENCHMARK": {"MEASURE": {"value": 3247.0,
 *	                           "lower_value": 1044.0, "upper_value":
 *5450.0}}}
 *
 * Each benchmark becomes one sample holding one metric per measure, in
 * the document's order.  Bencher's built-in measures map to benchtrack's
 * units: "latency" (nanoseconds) is ns/op, "throughput" (operations per
 * second) is ops/s; any other measure ("file-size", "instructions",
 * "Total Bytes") is kept as its slug.  lower_value and upper_value (both
 * optional) go to a context record for the benchmark as MEASURE.lower and
 * MEASURE.upper in the metric's unit.  Numbers are kept as written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bt-plugin.h"
#include "jsondoc.h"
#include "plugrec.h"

#define EXPORT __attribute__((visibility("default")))

enum { MAX_METRICS = 64, MAX_KEY = 256 };

struct bmf {
	const struct bt_host *host;
	struct jsondoc doc;
};

/* The unit of measure slug s and its direction. */
static const char *unit_of(const char *s, int *better)
{
	*better = BT_BETTER_DEFAULT;
	if (!strcmp(s, "latency")) {
		*better = BT_BETTER_LOWER;
		return "ns/op";
	}
	if (!strcmp(s, "throughput")) {
		*better = BT_BETTER_HIGHER;
		return "ops/s";
	}
	return s;
}

/* The metrics of one benchmark (an object of measures): its context,
 * then its sample.  1 when it gave a sample. */
static int bench(struct bmf *b, const char *name, jv measures)
{
	struct bt_metric m[MAX_METRICS];
	char text[MAX_METRICS][NUMTEXT_MAX], lim[2 * MAX_METRICS][NUMTEXT_MAX];
	char key[2 * MAX_METRICS][MAX_KEY + 8];
	jv slug[MAX_METRICS];
	struct bt_label l[2 * MAX_METRICS + 1];
	struct bt_record r = {0};
	size_t n = 0, nl = 1, i;
	char msg[MAX_KEY + 64];
	int it;

	if (jv_get_kind(measures) != JV_KIND_OBJECT) {
		snprintf(msg, sizeof msg,
			 "%.200s: not an object of measures; "
			 "skipped",
			 name);
		b->host->warn(b->host->ctx, msg);
		return 0;
	}
	l[0] = (struct bt_label){BT_STR("benchmark"), bt_cstr(name)};
	for (it = jv_object_iter(measures);
	     jv_object_iter_valid(measures, it) && n < MAX_METRICS;
	     it = jv_object_iter_next(measures, it)) {
		jv k = jv_object_iter_key(measures, it);
		jv v = jv_object_iter_value(measures, it);
		jv val = jsondoc_get(v, "value");
		const char *u;
		int better, side;

		if (jv_get_kind(k) != JV_KIND_STRING ||
		    !jv_string_length_bytes(jv_copy(k)) ||
		    jsondoc_numtext(val, text[n])) {
			snprintf(msg, sizeof msg,
				 "%.200s: a measure without a value; skipped",
				 name);
			b->host->warn(b->host->ctx, msg);
			jv_free(k), jv_free(v), jv_free(val);
			continue;
		}
		u = unit_of(jv_string_value(k), &better);
		for (i = 0; i < n && strcmp(m[i].unit.s, u); i++)
			;
		if (i < n) { /* "latency" and "ns/op" are one unit */
			jv_free(k), jv_free(v), jv_free(val);
			continue;
		}
		m[n] = (struct bt_metric){bt_cstr(u), jv_number_value(val),
					  bt_cstr(text[n]), better};
		for (side = 0; side < 2; side++) {
			jv x = jsondoc_get(v, side ? "upper_value"
						   : "lower_value");

			if (!jsondoc_numtext(x, lim[nl - 1])) {
				snprintf(key[nl - 1], sizeof key[0], "%.*s.%s",
					 MAX_KEY, u, side ? "upper" : "lower");
				l[nl] = (struct bt_label){bt_cstr(key[nl - 1]),
							  bt_cstr(lim[nl - 1])};
				nl++;
			}
			jv_free(x);
		}
		slug[n++] = k; /* m[n].unit may point into it */
		jv_free(v);
		jv_free(val);
	}
	if (nl > 1) {
		plug_labels(b->host, (struct bt_str){0}, l, nl);
	}
	if (n) {
		r.kind = BT_KIND_SAMPLE;
		r.name = bt_cstr(name);
		r.metrics = m;
		r.nmetrics = n;
		b->host->emit(b->host->ctx, &r);
	}
	for (i = 0; i < n; i++)
		jv_free(slug[i]);
	return n > 0;
}

static int bmf_finish(void *st)
{
	struct bmf *b = st;
	char msg[320];
	int it, seen = 0, read = 0, r;
	jv doc;

	r = jsondoc_finish(&b->doc, "Bencher Metric Format", JV_KIND_OBJECT,
			   "not a JSON object", b->host, &doc);
	if (r <= 0)
		return r;
	for (it = jv_object_iter(doc); jv_object_iter_valid(doc, it);
	     it = jv_object_iter_next(doc, it)) {
		jv k = jv_object_iter_key(doc, it);
		jv v = jv_object_iter_value(doc, it);

		seen++;
		if (jv_string_length_bytes(jv_copy(k)))
			read += bench(b, jv_string_value(k), v);
		else
			b->host->warn(b->host->ctx, "a benchmark without a "
						    "name; skipped");
		jv_free(k);
		jv_free(v);
	}
	jv_free(doc);
	if (seen && !read) {
		snprintf(msg, sizeof msg,
			 "not Bencher Metric Format: none of its %d benchmarks "
			 "has a measure with a value",
			 seen);
		b->host->error(b->host->ctx, msg);
		return -1;
	}
	return 0;
}

static int bmf_line(void *st, const char *p, size_t n)
{
	struct bmf *b = st;

	return jsondoc_line(&b->doc, b->host, p, n);
}

static void *bmf_open(const struct bt_host *host)
{
	struct bmf *b = calloc(1, sizeof *b);

	if (b)
		b->host = host;
	return b;
}

static void bmf_close(void *st)
{
	struct bmf *b = st;

	if (b)
		jsondoc_free(&b->doc);
	free(b);
}

/* Skip blanks; then expect c.  The index after it, or 0. */
static size_t expect(const char *p, size_t n, size_t i, char c)
{
	while (i < n && strchr(" \t\r\n", p[i]))
		i++;
	return i < n && p[i] == c ? i + 1 : 0;
}

/* Skip a JSON string starting after its opening quote; the index after
 * the closing quote, or 0. */
static size_t string_end(const char *p, size_t n, size_t i)
{
	for (; i < n; i++)
		if (p[i] == '\\')
			i++;
		else if (p[i] == '"')
			return i + 1;
	return 0;
}

/* The head opens {"NAME": {"MEASURE": {... "value" ...: BMF's shape, three
 * objects deep, which no other format here has. */
static int bmf_probe(const char *p, size_t n)
{
	size_t i = 0;
	int depth;

	for (depth = 0; depth < 3; depth++) {
		if (!(i = expect(p, n, i, '{')))
			return 0;
		if (depth == 2)
			break;
		if (!(i = expect(p, n, i, '"')) || !(i = string_end(p, n, i)) ||
		    !(i = expect(p, n, i, ':')))
			return 0;
	}
	{
		const char *q = p + i;
		size_t left = n - i, k = left < 200 ? left : 200;

		return memmem(q, k, "\"value\"", 7) ? 85 : 0;
	}
}

static const struct bt_plugin plugin = {
    .abi_version = BT_PLUGIN_ABI_VERSION,
    .name = "bmf",
    .description = "Bencher Metric Format JSON (benchmark -> measure -> "
		   "value, lower_value, upper_value)",
    .probe = bmf_probe,
    .open = bmf_open,
    .line = bmf_line,
    .finish = bmf_finish,
    .close = bmf_close,
};

EXPORT const struct bt_plugin *bt_plugin_descriptor(void)
{
	return &plugin;
}
