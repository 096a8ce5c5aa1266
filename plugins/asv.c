/*
 * asv.c — the plugin for airspeed velocity (asv), Python's benchmark
 * runner, in its two forms:
 *
 *  - a results file, results/MACHINE/COMMIT-ENV.json (format version 2):
 *	{"commit_hash", "env_name", "params": {machine…},
 *	 "result_columns": ["result", "params", "version", "started_at",
 *	                    "duration", "stats_ci_99_a", "stats_ci_99_b",
 *	                    "stats_q_25", "stats_q_75", "stats_number",
 *	                    "stats_repeat", "samples", "profile"],
 *	 "results": {"benchmarks.TimeSuite.time_keys": [[1.12e-05], [], …]}}
 *    Each benchmark's row holds one result per combination of its
 *    parameters.  The unit is not in the file (it is in benchmarks.json),
 *    so it follows asv's naming rule: time_ and timeraw_ benchmarks are
 *    seconds (ns/op here, converted exactly), mem_ and peakmem_ bytes (B),
 *    track_ whatever the benchmark tracks ("value").  When the row keeps
 *    its samples (asv run --record-samples) each is a sample; otherwise
 *    the result (asv's median) is one sample, after a context record with
 *    the statistics asv kept (ci_99_a, ci_99_b, q_25, q_75, number,
 *    repeat).  A null result is a failed benchmark.
 *  - the console of `asv run`:
 *	[ 35.00%] ··· benchmarks.TimeSuite.time_iterkeys      11.1±0.01μs
 *    one sample of the printed time in ns/op, the ± spread in a context;
 *    "failed" is a failure record.  The environment (·· Benchmarking
 *    virtualenv-py3.6) is a label, env.  Values without a time unit
 *    (mem_, track_: "2.42k") are rounded for display and are not read;
 *    read the results file for them.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bt-plugin.h"
#include "jsondoc.h"
#include "plugstr.h"

#define EXPORT __attribute__((visibility("default")))

enum { MAX_NAME = 2048, MAX_COLUMNS = 32, MAX_PARAMS = 16 };

struct asv {
	const struct bt_host *host;
	int mode; /* 0 undecided, 1 console, 2 JSON */
	struct jsondoc doc;
	struct str env;
	char text[2][NUMTEXT_MAX];
};

/* --- the console ---------------------------------------------------------- */

static const char DOTS3[] = "\xc2\xb7\xc2\xb7\xc2\xb7 "; /* "··· " */
static const char DOTS2[] = "\xc2\xb7\xc2\xb7 ";	 /* "·· " */

/* "NUMBER[±ERR]UNIT" p[0..n): the value and spread in ns.  0, or -1 when
 * it is not a time. */
static int console_time(const char *p, size_t n, struct bt_metric *m,
			char text[2][NUMTEXT_MAX], struct bt_str *err)
{
	const char *pm = memmem(p, n, "\xc2\xb1", 2), *u = p + n;
	struct bt_metric e;
	size_t vn;

	while (u > p && !(u[-1] >= '0' && u[-1] <= '9'))
		u--;
	if (u == p || u == p + n)
		return -1;
	vn = pm ? (size_t)(pm - p) : (size_t)(u - p);
	/* a unit kept as written points into the line: not a C string */
	if (jsondoc_convert(p, vn, u, (size_t)(p + n - u), m, text[0]) ||
	    m->unit.n != 5 || memcmp(m->unit.s, "ns/op", 5) != 0)
		return -1;
	m->better = BT_BETTER_LOWER;
	err->n = 0;
	if (pm && !jsondoc_convert(pm + 2, (size_t)(u - pm - 2), u,
				   (size_t)(p + n - u), &e, text[1]))
		*err = e.text;
	return 0;
}

static void console_line(struct asv *a, const char *p, size_t n)
{
	const char *d3 = memmem(p, n, DOTS3, sizeof DOTS3 - 1), *d2, *q, *e;
	struct bt_str name, val, err;
	struct bt_label l[2];
	struct bt_record r = {0};
	struct bt_metric m;

	if (n && p[n - 1] == '\r')
		n--;
	e = p + n;
	if (!d3 && (d2 = memmem(p, n, DOTS2, sizeof DOTS2 - 1)) &&
	    starts(d2 + 5, (size_t)(e - d2 - 5), "Benchmarking ")) {
		q = d2 + 5 + 13;
		if (str_set(&a->env, q, (size_t)(e - q)))
			a->host->warn(a->host->ctx, "out of memory");
		return;
	}
	if (!d3)
		return;
	name.s = d3 + sizeof DOTS3 - 1;
	for (q = name.s; q < e && *q != ' '; q++)
		;
	name.n = (size_t)(q - name.s);
	while (q < e && *q == ' ')
		q++;
	val = (struct bt_str){q, (size_t)(e - q)};
	while (val.n && val.s[val.n - 1] == ' ')
		val.n--;
	if (!name.n || !val.n || starts(name.s, name.n, "Running") ||
	    memchr(val.s, ' ', val.n))
		return;
	l[0] = (struct bt_label){BT_STR("env"), view(&a->env)};
	r.labels = l;
	r.nlabels = a->env.n ? 1 : 0;
	r.name = name;
	if (val.n == 6 && !memcmp(val.s, "failed", 6)) {
		r.kind = BT_KIND_FAILURE;
		r.reason = BT_STR("fail");
		r.message = BT_STR("asv: failed");
		a->host->emit(a->host->ctx, &r);
		return;
	}
	if (console_time(val.s, val.n, &m, a->text, &err))
		return;
	if (err.n) {
		struct bt_label c[2] = {{BT_STR("benchmark"), name},
					{BT_STR("ns/op.err"), err}};
		struct bt_record ctx = {0};

		ctx.kind = BT_KIND_CONTEXT;
		ctx.labels = c;
		ctx.nlabels = 2;
		a->host->emit(a->host->ctx, &ctx);
	}
	r.kind = BT_KIND_SAMPLE;
	r.metrics = &m;
	r.nmetrics = 1;
#if BT_PLUGIN_ABI_VERSION >= 2
	r.summary_only = 1; /* asv prints the median of its repeats */
#endif
	a->host->emit(a->host->ctx, &r);
}

/* --- the results file ----------------------------------------------------- */

/* The unit of a benchmark by asv's naming rule, and its shift. */
static const char *unit_of(const char *name, int *shift)
{
	const char *last = strrchr(name, '.');

	last = last ? last + 1 : name;
	*shift = 0;
	if (!strncmp(last, "time_", 5) || !strncmp(last, "timeraw_", 8)) {
		*shift = 9;
		return "ns/op";
	}
	if (!strncmp(last, "mem_", 4) || !strncmp(last, "peakmem_", 8))
		return "B";
	return "value";
}

/* The index of column name in columns, or -1. */
static int column(jv columns, const char *name)
{
	int i, n = jsondoc_len(columns, 0);

	for (i = 0; i < n; i++) {
		jv c = jv_array_get(jv_copy(columns), i);
		int hit = jv_get_kind(c) == JV_KIND_STRING &&
			  !strcmp(jv_string_value(c), name);

		jv_free(c);
		if (hit)
			return i;
	}
	return -1;
}

/* row[col][k], or null.  Caller owns it. */
static jv cell(jv row, int col, int k)
{
	jv c, v;

	if (col < 0 || col >= jv_array_length(jv_copy(row)))
		return jv_null();
	c = jv_array_get(jv_copy(row), col);
	if (jv_get_kind(c) != JV_KIND_ARRAY) {
		jv_free(c);
		return jv_null();
	}
	v = k < jv_array_length(jv_copy(c)) ? jv_array_get(jv_copy(c), k)
					    : jv_null();
	jv_free(c);
	return v;
}

/* The name of combination k of params (a list of lists of value reprs):
 * "NAME(a, b)", or NAME when unparametrised. */
static void param_name(char *out, size_t outn, const char *name, jv params,
		       int k)
{
	int np = jsondoc_len(params, 0), i, idx[MAX_PARAMS], size[MAX_PARAMS];
	size_t o;

	o = (size_t)snprintf(out, outn, "%s", name);
	if (np == 0 || np > MAX_PARAMS || o >= outn)
		return;
	for (i = np; i-- > 0;) { /* k in mixed radix, the last fastest */
		jv p = jv_array_get(jv_copy(params), i);

		size[i] = jsondoc_len(p, 1);
		if (size[i] < 1)
			size[i] = 1;
		idx[i] = k % size[i];
		k /= size[i];
		jv_free(p);
	}
	for (i = 0; i < np && o < outn; i++) {
		jv p = jv_array_get(jv_copy(params), i);
		jv v = jv_get_kind(p) == JV_KIND_ARRAY
			   ? jv_array_get(jv_copy(p), idx[i])
			   : jv_null();

		o += (size_t)snprintf(out + o, outn - o, "%s%s", i ? ", " : "(",
				      jv_get_kind(v) == JV_KIND_STRING
					  ? jv_string_value(v)
					  : "?");
		jv_free(v);
		jv_free(p);
	}
	if (o < outn)
		snprintf(out + o, outn - o, ")");
}

/* Combination k of benchmark name's row.  1 when it gave a sample. */
static int json_result(struct asv *a, const char *bench, jv row, jv columns,
		       int k, const struct bt_label *env, size_t nenv)
{
	static const char *const stats[] = {"stats_ci_99_a", "stats_ci_99_b",
					    "stats_q_25",    "stats_q_75",
					    "stats_number",  "stats_repeat"};
	char name[MAX_NAME], key[8][32], text[8][NUMTEXT_MAX];
	struct bt_label l[9];
	struct bt_record r = {0};
	struct bt_metric m;
	int shift, got = 0;
	const char *unit = unit_of(bench, &shift);
	int pc = column(columns, "params");
	jv params = pc >= 0 && pc < jv_array_length(jv_copy(row))
			? jv_array_get(jv_copy(row), pc)
			: jv_null();
	jv v, smp;
	size_t i, nl = 1;

	param_name(name, sizeof name, bench, params, k);
	jv_free(params);
	r.name = bt_cstr(name);
	r.labels = env;
	r.nlabels = nenv;
	v = cell(row, column(columns, "result"), k);
	if (jv_get_kind(v) == JV_KIND_NULL) {
		r.kind = BT_KIND_FAILURE;
		r.reason = BT_STR("fail");
		r.message = BT_STR("asv: no result (failed or skipped)");
		a->host->emit(a->host->ctx, &r);
		jv_free(v);
		return 0;
	}
	l[0] = (struct bt_label){BT_STR("benchmark"), bt_cstr(name)};
	for (i = 0; i < sizeof stats / sizeof stats[0]; i++) {
		jv s = cell(row, column(columns, stats[i]), k);
		int count = i >= 4; /* number, repeat: not in the unit */

		if (!jsondoc_metric(s, count ? 0 : shift, unit, &m, text[nl])) {
			snprintf(key[nl], sizeof key[0], "%s%s%s",
				 count ? "" : unit, count ? "" : ".",
				 stats[i] + 6);
			l[nl] = (struct bt_label){bt_cstr(key[nl]), m.text};
			nl++;
		}
		jv_free(s);
	}
	if (nl > 1) {
		struct bt_record c = {0};

		c.kind = BT_KIND_CONTEXT;
		c.labels = l;
		c.nlabels = nl;
		a->host->emit(a->host->ctx, &c);
	}
	r.kind = BT_KIND_SAMPLE;
	r.metrics = &m;
	r.nmetrics = 1;
	smp = cell(row, column(columns, "samples"), k);
	if (jv_get_kind(smp) == JV_KIND_ARRAY) {
		int j, ns = jv_array_length(jv_copy(smp));

		for (j = 0; j < ns; j++) {
			jv x = jv_array_get(jv_copy(smp), j);

			if (!jsondoc_metric(x, shift, unit, &m, a->text[0])) {
				a->host->emit(a->host->ctx, &r);
				got = 1;
			}
			jv_free(x);
		}
	}
	jv_free(smp);
	if (!got && !jsondoc_metric(v, shift, unit, &m, a->text[0])) {
#if BT_PLUGIN_ABI_VERSION >= 2
		r.summary_only = shift != 0; /* a time: the median of repeats */
#endif
		a->host->emit(a->host->ctx, &r);
		got = 1;
	}
	jv_free(v);
	return got;
}

static int json_finish(struct asv *a)
{
	char err[256], msg[320], envname[256];
	jv doc, results, columns;
	struct bt_label env[1];
	int it, seen = 0, read = 0;
	size_t nenv = 0;

	doc = jsondoc_parse(&a->doc, err, sizeof err);
	results = jsondoc_get(doc, "results");
	columns = jsondoc_get(doc, "result_columns");
	if (jv_get_kind(results) != JV_KIND_OBJECT ||
	    jv_get_kind(columns) != JV_KIND_ARRAY) {
		snprintf(msg, sizeof msg, "not an asv results file: %s",
			 jv_is_valid(doc) ? "no \"results\" and "
					    "\"result_columns\" (asv 0.5 and "
					    "later)"
					  : err);
		jv_free(results), jv_free(columns), jv_free(doc);
		a->host->error(a->host->ctx, msg);
		return -1;
	}
	if (jsondoc_str(doc, "env_name", envname, sizeof envname))
		env[nenv++] =
		    (struct bt_label){BT_STR("env"), bt_cstr(envname)};
	for (it = jv_object_iter(results); jv_object_iter_valid(results, it);
	     it = jv_object_iter_next(results, it)) {
		jv k = jv_object_iter_key(results, it);
		jv row = jv_object_iter_value(results, it);
		int c, n = 1;

		if (jv_get_kind(row) == JV_KIND_ARRAY) {
			int rc = column(columns, "result");
			jv rs = rc >= 0 && rc < jv_array_length(jv_copy(row))
				    ? jv_array_get(jv_copy(row), rc)
				    : jv_null();

			n = jsondoc_len(rs, 1);
			jv_free(rs);
			for (c = 0; c < n; c++) {
				read += json_result(a, jv_string_value(k), row,
						    columns, c, env, nenv);
				seen++;
			}
		}
		jv_free(k);
		jv_free(row);
	}
	jv_free(results), jv_free(columns), jv_free(doc);
	if (seen && !read) {
		snprintf(msg, sizeof msg,
			 "none of the %d asv results could be read", seen);
		a->host->error(a->host->ctx, msg);
		return -1;
	}
	return 0;
}

/* --- the ABI -------------------------------------------------------------- */

static int asv_line(void *st, const char *p, size_t n)
{
	struct asv *a = st;
	size_t i = 0;

	if (!a->mode) {
		while (i < n && strchr(" \t\r", p[i]))
			i++;
		if (i == n)
			return 0;
		a->mode = p[i] == '{' ? 2 : 1;
	}
	if (a->mode == 1) {
		console_line(a, p, n);
		return 0;
	}
	return jsondoc_line(&a->doc, a->host, p, n);
}

static int asv_finish(void *st)
{
	struct asv *a = st;

	return a->mode == 2 ? json_finish(a) : 0;
}

static void *asv_open(const struct bt_host *host)
{
	struct asv *a = calloc(1, sizeof *a);

	if (a)
		a->host = host;
	return a;
}

static void asv_close(void *st)
{
	struct asv *a = st;

	if (!a)
		return;
	jsondoc_free(&a->doc);
	free(a->env.s);
	free(a);
}

/* The results file's own keys, or the console's "[ NN.NN%] ··· " lines. */
static int asv_probe(const char *p, size_t n)
{
	size_t i = 0;

	while (i < n && strchr(" \t\r\n", p[i]))
		i++;
	if (i < n && p[i] == '{')
		return memmem(p, n, "\"result_columns\"", 16) &&
			       memmem(p, n, "\"commit_hash\"", 13)
			   ? 90
			   : 0;
	if (memmem(p, n, "%] \xc2\xb7\xc2\xb7\xc2\xb7 ", 10))
		return 85;
	if (memmem(p, n, "\xc2\xb7 Running ", 11) &&
	    memmem(p, n, " total benchmarks (", 19))
		return 70;
	return 0;
}

static const struct bt_plugin plugin = {
    .abi_version = BT_PLUGIN_ABI_VERSION,
    .name = "asv",
    .description = "airspeed velocity (asv): results JSON and asv run "
		   "console",
    .probe = asv_probe,
    .open = asv_open,
    .line = asv_line,
    .finish = asv_finish,
    .close = asv_close,
};

EXPORT const struct bt_plugin *bt_plugin_descriptor(void)
{
	return &plugin;
}
