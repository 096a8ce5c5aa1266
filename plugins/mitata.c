/*
 * mitata.c — mitata's results: its console layout (`await run()`, with or
 * without ANSI colours) and its JSON (`await run({format: 'json'})` or
 * `{format: {json: {samples, debug}}}`).
 *
 * mitata prints, per benchmark, the mean time per iteration, min … max and
 * percentiles, and a histogram; it keeps no standard deviation.  The JSON
 * holds the measurements with `samples: true` (`runs[].stats.samples`, ns):
 * each becomes one sample in ns/op.  Otherwise, and on the console, a
 * benchmark is one summary-only sample (docs/records.md, "Summary
 * statistics") of the mean without stats: mitata gives no spread to judge
 * it by.  Its min, max and percentiles go to a context record.  A
 * benchmark that threw (`NAME  error: message`) is a failure.
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

struct mi {
	const struct bt_host *host;
	int json, decided;
	struct jsondoc doc;
	struct str line, name;
	char avg[NUMTEXT_MAX], p75[NUMTEXT_MAX];
	double avgv;
	int open; /* a benchmark's first line was read */
};

/* A summary-only sample of the mean, no stats. */
static void emit_mean(struct mi *m, struct bt_str name, const char *text,
		      double v)
{
	struct bt_metric mt = {BT_STR("ns/op"), v, bt_cstr(text),
			       BT_BETTER_LOWER};
	struct bt_record r = {0};

	r.kind = BT_KIND_SAMPLE;
	r.name = name;
	r.metrics = &mt;
	r.nmetrics = 1;
	r.summary_only = 1;
	m->host->emit(m->host->ctx, &r);
}

static void emit_context(struct mi *m, struct bt_str name,
			 const struct bt_label *l, size_t n)
{
	struct bt_label all[12];
	size_t i;

	all[0].key = BT_STR("benchmark");
	all[0].value = name;
	for (i = 0; i < n && i < 11; i++)
		all[i + 1] = l[i];
	plug_labels(m->host, (struct bt_str){0}, all, i + 1);
}

/* --- the console ---------------------------------------------------------- */

/* p[0..n) without ANSI escape sequences (ESC [ … letter), into s. */
static void strip_ansi(struct str *s, const char *p, size_t n)
{
	size_t i = 0, k;

	s->n = 0;
	str_add(s, "", 0);
	while (i < n) {
		if (p[i] == '\x1b' && i + 1 < n && p[i + 1] == '[') {
			for (k = i + 2;
			     k < n && !((p[k] >= 'A' && p[k] <= 'Z') ||
					(p[k] >= 'a' && p[k] <= 'z'));
			     k++)
				;
			i = k + 1;
			continue;
		}
		str_add(s, p + i, 1);
		i++;
	}
}

/* "NAME   AVG UNIT/iter   P75 UNIT  histogram": 1 when it is one. */
static int first_line(struct mi *m, const char *p, size_t n)
{
	const char *it = memmem(p, n, "/iter", 5), *q, *e = p + n;
	struct bt_str w[3], unit;
	char tmp[NUMTEXT_MAX];

	if (!it)
		return 0;
	/* the unit ends at "/iter"; the number before it */
	q = it;
	while (q > p && q[-1] != ' ')
		q--;
	unit.s = q, unit.n = (size_t)(it - q);
	while (q > p && q[-1] == ' ')
		q--;
	w[0].n = 0;
	{
		const char *ne = q;

		while (q > p && q[-1] != ' ')
			q--;
		w[0].s = q, w[0].n = (size_t)(ne - q);
	}
	if (sum_time(w[0], unit, m->avg, &m->avgv))
		return 0;
	str_set(&m->name, p, (size_t)(q - p));
	{
		struct bt_str t = sum_trim(m->name.s, m->name.n);

		memmove(m->name.s, t.s, t.n);
		m->name.n = t.n;
		m->name.s[t.n] = '\0';
	}
	*m->p75 = '\0';
	q = it + 5;
	if (sum_word(&q, e, &w[1]) && sum_word(&q, e, &w[2]) &&
	    !sum_time(w[1], w[2], tmp, &(double){0}))
		snprintf(m->p75, sizeof m->p75, "%s", tmp);
	return m->name.n > 0;
}

/* "(MIN UNIT … MAX UNIT) P99 UNIT": the context, then the sample. */
static void second_line(struct mi *m, const char *p, size_t n)
{
	struct bt_str w[8];
	const char *q = p, *e = p + n;
	char v[3][NUMTEXT_MAX];
	struct bt_label l[4];
	size_t k = 0, nl = 0;
	double x;

	while (k < 8 && sum_word(&q, e, &w[k]))
		k++;
	if (k >= 7 && w[0].n > 1 && w[0].s[0] == '(') {
		w[0].s++, w[0].n--;
		if (w[4].n && w[4].s[w[4].n - 1] == ')')
			w[4].n--;
		if (!sum_time(w[0], w[1], v[0], &x)) {
			l[nl].key = BT_STR("ns/op.min");
			l[nl++].value = bt_cstr(v[0]);
		}
		if (!sum_time(w[3], w[4], v[1], &x)) {
			l[nl].key = BT_STR("ns/op.max");
			l[nl++].value = bt_cstr(v[1]);
		}
		if (*m->p75) {
			l[nl].key = BT_STR("ns/op.p75");
			l[nl++].value = bt_cstr(m->p75);
		}
		if (!sum_time(w[5], w[6], v[2], &x)) {
			l[nl].key = BT_STR("ns/op.p99");
			l[nl++].value = bt_cstr(v[2]);
		}
	}
	emit_context(m, view(&m->name), l, nl);
	emit_mean(m, view(&m->name), m->avg, m->avgv);
	m->open = 0;
}

static int console_line(struct mi *m, const char *p, size_t n)
{
	const char *err;
	struct bt_str s;

	strip_ansi(&m->line, p, n);
	p = m->line.s;
	n = m->line.n;
	s = sum_trim(p, n);
	if (m->open && s.n && s.s[0] == '(') {
		second_line(m, p, n);
		return 0;
	}
	if (m->open) /* no min … max line: the mean alone */
		emit_context(m, view(&m->name), NULL, 0),
		    emit_mean(m, view(&m->name), m->avg, m->avgv);
	m->open = 0;
	if (s.n && s.s[0] != '(' && (err = memmem(p, n, " error: ", 8))) {
		struct bt_str name = sum_trim(p, (size_t)(err - p));

		if (name.n)
			plug_failure(
			    m->host, (struct bt_str){0}, name,
			    sum_trim(err + 8, (size_t)(p + n - err - 8)), 0);
		return 0;
	}
	if (s.n && s.s[0] != '(' && first_line(m, p, n))
		m->open = 1;
	return 0;
}

/* --- the JSON ------------------------------------------------------------- */

static void json_run(struct mi *m, jv run)
{
	static const char *const keys[] = {"min", "max", "p25", "p50",
					   "p75", "p99", "p999"};
	enum { NK = sizeof keys / sizeof keys[0] };
	char name[4096], text[NUMTEXT_MAX], v[NK + 1][NUMTEXT_MAX];
	jv st = jsondoc_get(run, "stats"), smp = jsondoc_get(st, "samples");
	jv avg = jsondoc_get(st, "avg"), ticks = jsondoc_get(st, "ticks");
	struct bt_label l[NK + 1];
	struct bt_metric mt;
	struct bt_record r = {0};
	size_t nl = 0, i;
	int k, len;
	char msg[1024] = "";

	if (!jsondoc_str(run, "name", name, sizeof name))
		goto out;
	if (jsondoc_str(run, "error", msg, sizeof msg) ||
	    jv_get_kind(st) != JV_KIND_OBJECT) {
		if (!*msg)
			snprintf(msg, sizeof msg, "no results");
		plug_failure(m->host, (struct bt_str){0}, bt_cstr(name),
			     bt_cstr(msg), 0);
		goto out;
	}
	for (i = 0; i < NK; i++) {
		jv x = jsondoc_get(st, keys[i]);
		static const char *const ctx[] = {
		    "ns/op.min", "ns/op.max", "ns/op.p25", "ns/op.p50",
		    "ns/op.p75", "ns/op.p99", "ns/op.p999"};

		if (!jsondoc_metric(x, 0, "ns/op", &mt, v[nl])) {
			l[nl].key = bt_cstr(ctx[i]);
			l[nl].value = bt_cstr(v[nl]);
			nl++;
		}
		jv_free(x);
	}
	if (!jsondoc_metric(ticks, 0, "x", &mt, v[nl])) {
		l[nl].key = BT_STR("ticks");
		l[nl].value = bt_cstr(v[nl]);
		nl++;
	}
	emit_context(m, bt_cstr(name), l, nl);
	len = jsondoc_len(smp, 0);
	r.kind = BT_KIND_SAMPLE;
	r.name = bt_cstr(name);
	r.metrics = &mt;
	for (k = 0; k < len; k++) {
		jv x = jv_array_get(jv_copy(smp), k);

		r.nmetrics = !jsondoc_metric(x, 0, "ns/op", &mt, text);
		mt.better = BT_BETTER_LOWER;
		if (r.nmetrics)
			m->host->emit(m->host->ctx, &r);
		jv_free(x);
	}
	if (len == 0 && !jsondoc_metric(avg, 0, "ns/op", &mt, text))
		emit_mean(m, bt_cstr(name), text, mt.value);
out:
	jv_free(st), jv_free(smp), jv_free(avg), jv_free(ticks);
}

static int json_finish(struct mi *m)
{
	char err[256], msg[320];
	jv doc, b;
	int i, k, nb, nr;

	if (jsondoc_blank(&m->doc))
		return 0;
	doc = jsondoc_parse(&m->doc, err, sizeof err);
	b = jsondoc_get(doc, "benchmarks");
	if (jv_get_kind(b) != JV_KIND_ARRAY) {
		snprintf(msg, sizeof msg, "not mitata JSON: %s",
			 jv_is_valid(doc) ? "no \"benchmarks\" array" : err);
		jv_free(doc), jv_free(b);
		m->host->error(m->host->ctx, msg);
		return -1;
	}
	nb = jv_array_length(jv_copy(b));
	for (i = 0; i < nb; i++) {
		jv one = jv_array_get(jv_copy(b), i);
		jv runs = jsondoc_get(one, "runs");

		nr = jsondoc_len(runs, 0);
		for (k = 0; k < nr; k++) {
			jv run = jv_array_get(jv_copy(runs), k);

			json_run(m, run);
			jv_free(run);
		}
		jv_free(runs);
		jv_free(one);
	}
	jv_free(b);
	jv_free(doc);
	return 0;
}

/* --- the ABI -------------------------------------------------------------- */

static void *mi_open(const struct bt_host *host)
{
	struct mi *m = calloc(1, sizeof *m);

	if (m)
		m->host = host;
	return m;
}

static int mi_line(void *st, const char *p, size_t n)
{
	struct mi *m = st;
	struct bt_str s = sum_trim(p, n);

	if (!m->decided && s.n) {
		m->decided = 1;
		m->json = s.s[0] == '{';
	}
	if (m->json && jsondoc_add(&m->doc, p, n)) {
		m->host->error(m->host->ctx, "out of memory");
		return -1;
	}
	return m->json ? 0 : console_line(m, p, n);
}

static int mi_finish(void *st)
{
	struct mi *m = st;

	if (m->json)
		return json_finish(m);
	if (m->open)
		emit_context(m, view(&m->name), NULL, 0),
		    emit_mean(m, view(&m->name), m->avg, m->avgv);
	m->open = 0;
	return 0;
}

static void mi_close(void *st)
{
	struct mi *m = st;

	if (!m)
		return;
	jsondoc_free(&m->doc);
	free(m->line.s);
	free(m->name.s);
	free(m);
}

/* mitata's header lines and column titles, or its JSON's layout. */
static int mi_probe(const char *p, size_t n)
{
	int score = 0;

	if (n && p[0] == '{')
		return memmem(p, n, "\"layout\":", 9) &&
			       memmem(p, n, "\"benchmarks\":", 13) &&
			       memmem(p, n, "\"runs\":", 7)
			   ? 90
			   : 0;
	if (memmem(p, n, "clk: ~", 6))
		score += 30;
	if (memmem(p, n, "runtime: ", 9))
		score += 10;
	if (memmem(p, n, "avg (min \xe2\x80\xa6 max)", 17))
		score += 50;
	if (score && memmem(p, n, "/iter", 5))
		score +=
		    5; /* only beside mitata's own marks: libtest says it too */
	return score > 90 ? 90 : score;
}

static const struct bt_plugin plugin = {
    .abi_version = BT_PLUGIN_ABI_VERSION,
    .name = "mitata",
    .description = "mitata: its console layout or JSON (samples when kept)",
    .probe = mi_probe,
    .open = mi_open,
    .line = mi_line,
    .finish = mi_finish,
    .close = mi_close,
};

EXPORT const struct bt_plugin *bt_plugin_descriptor(void)
{
	return &plugin;
}
