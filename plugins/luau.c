/*
 * luau.c — the lines Luau's benchmark runner (bench/bench.py, what
 * github-action-benchmark calls benchmarkluau) prints per test:
 *
 *	SUCCESS: NAME   :   15.041ms +/-  0.636% on luau
 *
 * bench.py runs each test several times and prints the mean and the
 * standard deviation in percent of it, but not how many runs: a test is
 * one summary-only sample (docs/records.md, "Summary statistics") of the
 * mean in ns/op, without stats (no count to weigh a spread by); the
 * relative spread and the driver go to a context record.  The RESULTS
 * table that follows repeats the same numbers (and the minimum) and is not
 * read; a "FAILED: NAME" line is a failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bt-plugin.h"
#include "plugrec.h"
#include "plugstr.h"
#include "summary.h"

#define EXPORT __attribute__((visibility("default")))

struct lu {
	const struct bt_host *host;
};

/* The parts of a SUCCESS line; 0 when p is not one. */
struct result {
	struct bt_str name, num, unit, pct, driver;
};

static int parse(const char *p, size_t n, struct result *r)
{
	const char *colon, *q, *e = p + n, *u;
	struct bt_str w;

	if (!starts(p, n, "SUCCESS:"))
		return 0;
	p += 8, n -= 8;
	colon = memchr(p, ':', n);
	if (!colon)
		return 0;
	r->name = sum_trim(p, (size_t)(colon - p));
	q = colon + 1;
	if (!r->name.n || !sum_word(&q, e, &w))
		return 0;
	for (u = w.s; u < w.s + w.n && (strchr("0123456789.", *u) && *u); u++)
		;
	r->num.s = w.s, r->num.n = (size_t)(u - w.s);
	r->unit.s = u, r->unit.n = (size_t)(w.s + w.n - u);
	if (!sum_word(&q, e, &w) || !sum_eq(w, "+/-") || !sum_word(&q, e, &w) ||
	    w.n < 2 || w.s[w.n - 1] != '%')
		return 0;
	r->pct.s = w.s, r->pct.n = w.n - 1;
	r->driver.n = 0;
	if (sum_word(&q, e, &w) && sum_eq(w, "on"))
		sum_word(&q, e, &r->driver);
	return r->num.n > 0;
}

static void *lu_open(const struct bt_host *host)
{
	struct lu *l = calloc(1, sizeof *l);

	if (l)
		l->host = host;
	return l;
}

static int lu_line(void *st, const char *p, size_t n)
{
	struct lu *l = st;
	struct result res;
	struct bt_record r = {0};
	struct bt_metric m = {BT_STR("ns/op"), 0, {"", 0}, BT_BETTER_LOWER};
	struct bt_label c[3];
	char text[NUMTEXT_MAX], pct[NUMTEXT_MAX];
	double v;

	if (starts(p, n,
		   "FAILED:")) { /* "FAILED: NAME" or "FAILED: NAME : why" */
		const char *colon = memchr(p + 7, ':', n - 7);

		r.kind = BT_KIND_FAILURE;
		r.name =
		    sum_trim(p + 7, (size_t)((colon ? colon : p + n) - p - 7));
		r.reason = BT_STR("fail");
		r.message = sum_trim(p, n);
		if (r.name.n)
			l->host->emit(l->host->ctx, &r);
		return 0;
	}
	if (!parse(p, n, &res)) {
		if (starts(p, n, "SUCCESS:"))
			l->host->warn(l->host->ctx,
				      "a SUCCESS line not of the "
				      "shape 'NAME : TIME +/- P%'; "
				      "skipped");
		return 0;
	}
	if (sum_time(res.num, res.unit, text, &v) ||
	    sum_number(res.pct, 0, pct, &(double){0})) {
		l->host->warn(l->host->ctx,
			      "a SUCCESS line whose time is not a "
			      "number of ns, us, ms or s; skipped");
		return 0;
	}
	c[0].key = BT_STR("benchmark");
	c[0].value = res.name;
	c[1].key = BT_STR("stddev_percent");
	c[1].value = bt_cstr(pct);
	c[2].key = BT_STR("driver");
	c[2].value = res.driver;
	plug_labels(l->host, (struct bt_str){0}, c, res.driver.n ? 3 : 2);
	m.value = v;
	m.text = bt_cstr(text);
	r.kind = BT_KIND_SAMPLE;
	r.name = res.name;
	r.metrics = &m;
	r.nmetrics = 1;
	r.summary_only = 1;
	l->host->emit(l->host->ctx, &r);
	return 0;
}

static int lu_finish(void *st)
{
	(void)st;
	return 0;
}

static void lu_close(void *st)
{
	free(st);
}

/* SUCCESS lines of the runner's shape, or its RESULTS banner. */
static int lu_probe(const char *p, size_t n)
{
	const char *q = p, *end = p + n, *nl;
	struct result r;
	int hits = 0;

	while (q < end && (nl = memchr(q, '\n', (size_t)(end - q)))) {
		hits += parse(q, (size_t)(nl - q), &r);
		q = nl + 1;
	}
	if (!hits)
		return 0;
	return hits >= 2 || memmem(p, n, "=RESULTS=", 9) ? 90 : 70;
}

static const struct bt_plugin plugin = {
    .abi_version = BT_PLUGIN_ABI_VERSION,
    .name = "luau",
    .description = "Luau's bench.py 'SUCCESS: NAME : 15.0ms +/- 0.6% on "
		   "luau' lines",
    .probe = lu_probe,
    .open = lu_open,
    .line = lu_line,
    .finish = lu_finish,
    .close = lu_close,
};

EXPORT const struct bt_plugin *bt_plugin_descriptor(void)
{
	return &plugin;
}
