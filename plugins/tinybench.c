/*
 * tinybench.c — tinybench's results: the table its README prints
 * (`console.table(bench.table())`) and the tasks' results as JSON
 * (`JSON.stringify(bench.tasks.map(t => ({name: t.name, result:
 * t.result})))`).
 *
 * The JSON keeps the measurements when the bench was made with
 * `retainSamples: true` (`result.latency.samples`, in ms): each becomes one
 * sample in ns/op, and tinybench's statistics go to a context record.
 * Without them, and always in the table, tinybench gives a mean, a spread
 * and a count: one summary-only sample (docs/records.md, "Summary
 * statistics") with ns/op = the mean latency, ops/s = the mean throughput
 * and their stats (the JSON's sd, or the table's ± rme % turned back into
 * a standard deviation; summary.h).  An errored task is a failure.
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

enum { MAX_COLS = 16 };

/* What a table column holds. */
enum col {
	C_OTHER,
	C_NAME,
	C_LAT,	   /* "Latency avg (ns)": mean ± rme % (tinybench 3+) */
	C_THR,	   /* "Throughput avg (ops/s)": mean ± rme % */
	C_SAMPLES, /* "Samples" */
	C_OPS,	   /* "ops/sec" (tinybench 2) */
	C_AVG,	   /* "Average Time (ns)" (tinybench 2) */
	C_MARGIN,  /* "Margin": ±rme % of the mean (tinybench 2) */
	C_ERROR,   /* "Error" */
};

struct tb {
	const struct bt_host *host;
	int json; /* decided by the first non-blank byte */
	int decided;
	struct jsondoc doc;
	enum col cols[MAX_COLS];
	int ncols, shift; /* the latency column's unit as a power of ten */
};

/* --- the table ------------------------------------------------------------ */

/* The cells of a "│ a │ b │" row, trimmed, quotes removed; -1 when p is
 * not such a row. */
static int cells(const char *p, size_t n, struct bt_str *c, int max)
{
	static const char bar[] = "\xe2\x94\x82"; /* │ */
	const char *q, *end = p + n, *next;
	int k = 0;

	q = memmem(p, n, bar, 3);
	if (!q)
		return -1;
	q += 3;
	while (q < end && k < max &&
	       (next = memmem(q, (size_t)(end - q), bar, 3))) {
		struct bt_str s = sum_trim(q, (size_t)(next - q));

		if (s.n >= 2 && s.s[0] == '\'' && s.s[s.n - 1] == '\'')
			s.s++, s.n -= 2;
		c[k++] = s;
		q = next + 3;
	}
	return k;
}

static int has(struct bt_str s, const char *lit)
{
	return memmem(s.s, s.n, lit, strlen(lit)) != NULL;
}

/* A header row: which column is what, and the latency's unit. */
static void header(struct tb *t, const struct bt_str *c, int k)
{
	int i;

	t->ncols = k;
	t->shift = 0;
	for (i = 0; i < k; i++) {
		enum col what = C_OTHER;

		if (has(c[i], "Task name") || has(c[i], "Task Name"))
			what = C_NAME;
		else if (has(c[i], "Latency avg") || has(c[i], "Average Time"))
			what = has(c[i], "Latency") ? C_LAT : C_AVG;
		else if (has(c[i], "Throughput avg"))
			what = C_THR;
		else if (has(c[i], "Samples"))
			what = C_SAMPLES;
		else if (has(c[i], "ops/sec"))
			what = C_OPS;
		else if (has(c[i], "Margin"))
			what = C_MARGIN;
		else if (has(c[i], "Error"))
			what = C_ERROR;
		if (what == C_LAT || what == C_AVG)
			t->shift = has(c[i], "(ms)")   ? 6
				   : has(c[i], "(us)") ? 3
				   : has(c[i], "(s)")  ? 9
						       : 0;
		t->cols[i] = what;
	}
}

/* "MEAN ± RME%" (or "±RME%" alone) → its two numbers; 0 or -1. */
static int mean_rme(struct bt_str c, int shift, char *text, double *mean,
		    double *rme)
{
	const char *pm = memmem(c.s, c.n, "\xc2\xb1", 2);
	struct bt_str a, b;
	char tmp[NUMTEXT_MAX];

	if (!pm)
		return -1;
	a = sum_trim(c.s, (size_t)(pm - c.s));
	b = sum_trim(pm + 2, (size_t)(c.s + c.n - pm - 2));
	if (b.n && b.s[b.n - 1] == '%')
		b.n--;
	if (sum_number(b, 0, tmp, rme))
		return -1;
	return a.n ? sum_number(a, shift, text, mean) : 0;
}

static void table_row(struct tb *t, const struct bt_str *c, int k)
{
	struct bt_str name = {"", 0}, err = {"", 0};
	char lat[NUMTEXT_MAX], thr[NUMTEXT_MAX], ops[NUMTEXT_MAX];
	double lmean = NAN, lrme = NAN, tmean = NAN, trme = NAN, n = NAN, x;
	struct bt_metric m[2];
	struct bt_stats st[2];
	struct bt_record r = {0};
	size_t nm = 0, ns = 0;
	int i;

	*lat = *thr = *ops = '\0';
	for (i = 0; i < k && i < t->ncols; i++) {
		switch (t->cols[i]) {
		case C_NAME:
			name = c[i];
			break;
		case C_LAT:
			mean_rme(c[i], t->shift, lat, &lmean, &lrme);
			break;
		case C_THR:
			mean_rme(c[i], 0, thr, &tmean, &trme);
			break;
		case C_SAMPLES:
			n = strtod(c[i].s, NULL);
			break;
		case C_OPS:
			sum_number(c[i], 0, thr, &tmean);
			break;
		case C_AVG:
			sum_number(c[i], t->shift, lat, &lmean);
			break;
		case C_MARGIN:
			mean_rme(c[i], 0, ops, &x, &lrme), trme = lrme;
			break;
		case C_ERROR:
			err = c[i];
			break;
		default:
			break;
		}
	}
	if (!name.n)
		return;
	if (err.n && !*lat) {
		plug_failure(t->host, (struct bt_str){0}, name, err, 0);
		return;
	}
	if (*lat) {
		m[nm++] = (struct bt_metric){BT_STR("ns/op"), lmean,
					     bt_cstr(lat), BT_BETTER_LOWER};
		if (!isnan(sum_rme_sd(lmean, lrme, n, 1)))
			st[ns++] = sum_stats("ns/op", n, lmean,
					     sum_rme_sd(lmean, lrme, n, 1));
	}
	if (*thr) {
		m[nm++] = (struct bt_metric){BT_STR("ops/s"), tmean,
					     bt_cstr(thr), BT_BETTER_HIGHER};
		if (!isnan(sum_rme_sd(tmean, trme, n, 1)))
			st[ns++] = sum_stats("ops/s", n, tmean,
					     sum_rme_sd(tmean, trme, n, 1));
	}
	if (!nm)
		return;
	r.kind = BT_KIND_SAMPLE;
	r.name = name;
	r.metrics = m;
	r.nmetrics = nm;
	r.summary_only = 1;
	r.stats = st;
	r.nstats = ns;
	t->host->emit(t->host->ctx, &r);
}

static int table_line(struct tb *t, const char *p, size_t n)
{
	struct bt_str c[MAX_COLS];
	int k = cells(p, n, c, MAX_COLS), i;

	if (k <= 0)
		return 0;
	for (i = 0; i < k; i++)
		if (has(c[i], "Task name") || has(c[i], "Task Name")) {
			header(t, c, k);
			return 0;
		}
	if (t->ncols)
		table_row(t, c, k);
	return 0;
}

/* --- the results JSON ----------------------------------------------------- */

static double num(jv obj, const char *key)
{
	jv v = jsondoc_get(obj, key);
	double d = jv_get_kind(v) == JV_KIND_NUMBER ? jv_number_value(v) : NAN;

	jv_free(v);
	return d;
}

/* The context of a task: tinybench's statistics of latency (in ns) and
 * throughput. */
static void emit_context(struct tb *t, struct bt_str name, jv lat, jv thr)
{
	static const char *const keys[] = {
	    "mean", "sd", "p50", "p99", "min", "max", "rme", "samplesCount"};
	enum { NK = sizeof keys / sizeof keys[0] };
	char k[2 * NK][40], v[2 * NK][NUMTEXT_MAX];
	struct bt_label l[2 * NK + 1];
	struct bt_metric m;
	size_t n = 0, i, side;

	l[n].key = BT_STR("benchmark");
	l[n++].value = name;
	for (side = 0; side < 2; side++)
		for (i = 0; i < NK; i++) {
			jv x = jsondoc_get(side ? thr : lat, keys[i]);
			int scaled = !side && i < 6;

			if (!jsondoc_metric(x, scaled ? 6 : 0, "x", &m,
					    v[n - 1])) {
				snprintf(k[n - 1], sizeof k[0], "%s.%s",
					 side	  ? "ops/s"
					 : scaled ? "ns/op"
						  : "latency",
					 keys[i]);
				l[n].key = bt_cstr(k[n - 1]);
				l[n].value = m.text;
				n++;
			}
			jv_free(x);
		}
	plug_labels(t->host, (struct bt_str){0}, l, n);
}

static int json_task(void *tbp, jv task)
{
	struct tb *t = tbp;
	char name[4096], text[NUMTEXT_MAX], state[32];
	jv res = jsondoc_get(task, "result");
	jv lat = jsondoc_get(res, "latency"),
	   thr = jsondoc_get(res, "throughput");
	jv smp = jsondoc_get(lat, "samples");
	struct bt_record r = {0};
	struct bt_metric m[2];
	struct bt_stats st[2];
	int i, len;

	if (!jsondoc_str(task, "name", name, sizeof name))
		goto out;
	if (!jsondoc_str(res, "state", state, sizeof state))
		*state = '\0';
	if (!strcmp(state, "errored") || (!*state && jv_is_valid(res) &&
					  jv_get_kind(lat) != JV_KIND_OBJECT)) {
		char msg[1024];

		if (!jsondoc_str(task, "error", msg, sizeof msg) &&
		    !jsondoc_str(res, "error", msg, sizeof msg))
			snprintf(msg, sizeof msg, "errored");
		plug_failure(t->host, (struct bt_str){0}, bt_cstr(name),
			     bt_cstr(msg), 0);
		goto out;
	}
	if (jv_get_kind(lat) != JV_KIND_OBJECT)
		goto out;
	emit_context(t, bt_cstr(name), lat, thr);
	r.kind = BT_KIND_SAMPLE;
	r.name = bt_cstr(name);
	r.metrics = m;
	len = jsondoc_len(smp, 0);
	for (i = 0; i < len; i++) { /* the measurements */
		jv x = jv_array_get(jv_copy(smp), i);

		r.nmetrics = !jsondoc_metric(x, 6, "ns/op", &m[0], text);
		m[0].better = BT_BETTER_LOWER;
		if (r.nmetrics)
			t->host->emit(t->host->ctx, &r);
		jv_free(x);
	}
	if (len == 0) { /* no samples kept: the summary */
		char ttext[NUMTEXT_MAX];
		jv mean = jsondoc_get(lat, "mean"),
		   tm = jsondoc_get(thr, "mean");
		double n = num(lat, "samplesCount");

		r.nmetrics = 0;
		if (!jsondoc_metric(mean, 6, "ns/op", &m[0], text)) {
			m[0].better = BT_BETTER_LOWER;
			st[r.nstats++] = sum_stats("ns/op", n, m[0].value,
						   num(lat, "sd") * 1e6);
			r.nmetrics++;
		}
		if (!jsondoc_metric(tm, 0, "ops/s", &m[r.nmetrics], ttext)) {
			m[r.nmetrics++].better = BT_BETTER_HIGHER;
			st[r.nstats++] =
			    sum_stats("ops/s", num(thr, "samplesCount"),
				      num(thr, "mean"), num(thr, "sd"));
		}
		r.summary_only = 1;
		r.stats = st;
		if (r.nmetrics)
			t->host->emit(t->host->ctx, &r);
		jv_free(mean);
		jv_free(tm);
	}
out:
	jv_free(res), jv_free(lat), jv_free(thr), jv_free(smp);
	return 0;
}

static int json_finish(struct tb *t)
{
	jv doc;
	int r;

	r = jsondoc_finish(&t->doc, "tinybench results JSON", JV_KIND_ARRAY,
			   "not an array of tasks", t->host, &doc);
	if (r <= 0)
		return r;
	jsondoc_each(doc, json_task, t);
	jv_free(doc);
	return 0;
}

/* --- the ABI -------------------------------------------------------------- */

static void *tb_open(const struct bt_host *host)
{
	struct tb *t = calloc(1, sizeof *t);

	if (t)
		t->host = host;
	return t;
}

static int tb_line(void *st, const char *p, size_t n)
{
	struct tb *t = st;
	struct bt_str s = sum_trim(p, n);

	if (!t->decided && s.n) {
		t->decided = 1;
		t->json = s.s[0] == '[' || s.s[0] == '{';
	}
	if (t->json && jsondoc_add(&t->doc, p, n)) {
		t->host->error(t->host->ctx, "out of memory");
		return -1;
	}
	return t->json ? 0 : table_line(t, p, n);
}

static int tb_finish(void *st)
{
	struct tb *t = st;

	return t->json ? json_finish(t) : 0;
}

static void tb_close(void *st)
{
	struct tb *t = st;

	if (!t)
		return;
	jsondoc_free(&t->doc);
	free(t);
}

/* The table's header (console.table's "(index)" column and tinybench's
 * names), or the results JSON's task shape. */
static int tb_probe(const char *p, size_t n)
{
	if (memmem(p, n, "\xe2\x94\x82 (index)", 11) &&
	    (memmem(p, n, "Task name", 9) || memmem(p, n, "Task Name", 9)))
		return memmem(p, n, "Latency avg", 11) ||
			       memmem(p, n, "Average Time", 12)
			   ? 90
			   : 60;
	if (n && p[0] == '[' && memmem(p, n, "\"result\":{", 10) &&
	    memmem(p, n, "\"latency\":{", 11))
		return 85;
	return 0;
}

static const struct bt_plugin plugin = {
    .abi_version = BT_PLUGIN_ABI_VERSION,
    .name = "tinybench",
    .description = "tinybench: console.table(bench.table()) or the tasks' "
		   "results JSON (samples when retained)",
    .probe = tb_probe,
    .open = tb_open,
    .line = tb_line,
    .finish = tb_finish,
    .close = tb_close,
};

EXPORT const struct bt_plugin *bt_plugin_descriptor(void)
{
	return &plugin;
}
