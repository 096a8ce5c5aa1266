/*
 * catch2.c — Catch2's benchmark results (BENCHMARK in a TEST_CASE): the
 * console reporter's table and the XML reporter (`-r xml`).
 *
 * Catch2 (v2 and v3) measures `samples` samples of `iterations` calls each
 * and prints, per benchmark, the mean and standard deviation of the
 * samples with their bootstrap bounds; it never prints the samples.  So a
 * benchmark is one summary-only sample (docs/records.md, "Summary
 * statistics"): ns/op = the mean, stats n = samples, stddev as printed.
 * The console table is three lines per benchmark —
 *
 *	NAME (may wrap onto lines before)   SAMPLES  ITERATIONS  ESTIMATED UNIT
 *	                                    MEAN UNIT  LOW UNIT  HIGH UNIT
 *	                                    STDDEV UNIT LOW UNIT HIGH UNIT
 *
 * — or one (`--benchmark-no-analysis`: SAMPLES ITERATIONS MEAN, no spread).
 * The test case and its sections, printed between dashed lines above each
 * table, become the suite.  The XML reporter's <BenchmarkResults> carries
 * the same numbers in ns.  A benchmark that threw is a failure, as is a
 * test case that failed an assertion.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bt-plugin.h"
#include "numtext.h"
#include "plugrec.h"
#include "plugstr.h"
#include "summary.h"

#define EXPORT __attribute__((visibility("default")))

enum mode { M_UNKNOWN, M_CONSOLE, M_XML };

/* Where the console reader is. */
enum where {
	W_TEXT,	   /* anything else */
	W_TITLE,   /* between the dashed lines: test case, sections */
	W_HEAD,	   /* the table's column names */
	W_ROWS,	   /* benchmark rows */
	W_FAILURE, /* the lines of an assertion failure */
};

struct bench {
	struct str name;
	char samples[NUMTEXT_MAX], iters[NUMTEXT_MAX], est[NUMTEXT_MAX];
	char val[6][NUMTEXT_MAX]; /* mean, low, high, stddev, low, high */
	double v[6];
	int nval; /* values read: 3 after the mean line, 6 after stddev */
	int open; /* a row started */
};

struct c2 {
	const struct bt_host *host;
	enum mode mode;
	enum where at;
	int analysis; /* the table has mean and std dev lines */
	struct str suite, msg;
	struct bench b;
	int xml_failed;	 /* the XML test case had a failed assertion */
	size_t sect[16]; /* XML: the suite's length before each section */
	int nsect;
};

/* The context of a benchmark (what the sample cannot hold) and its
 * summary-only sample. */
static void emit_bench(struct c2 *c)
{
	static const char *const keys[6] = {
	    "ns/op.mean",   "ns/op.mean.low",	"ns/op.mean.high",
	    "ns/op.stddev", "ns/op.stddev.low", "ns/op.stddev.high"};
	struct bench *b = &c->b;
	struct bt_label l[10];
	struct bt_record r = {0};
	struct bt_metric m = {BT_STR("ns/op"), 0, {"", 0}, BT_BETTER_LOWER};
	struct bt_stats st;
	size_t n = 0;
	int i;

	b->open = 0;
	if (b->nval < 1) /* the mean is all a sample needs */
		return;
	l[n].key = BT_STR("benchmark");
	l[n++].value = view(&b->name);
	l[n].key = BT_STR("samples");
	l[n++].value = bt_cstr(b->samples);
	l[n].key = BT_STR("iterations");
	l[n++].value = bt_cstr(b->iters);
	if (*b->est) {
		l[n].key = BT_STR("ns.estimated");
		l[n++].value = bt_cstr(b->est);
	}
	for (i = 0; i < b->nval; i++) {
		l[n].key = bt_cstr(keys[i]);
		l[n++].value = bt_cstr(b->val[i]);
	}
	plug_labels(c->host, view(&c->suite), l, n);

	r.kind = BT_KIND_SAMPLE;
	r.suite = view(&c->suite);
	r.name = view(&b->name);
	r.iterations = strtoll(b->iters, NULL, 10);
	m.value = b->v[0];
	m.text = bt_cstr(b->val[0]);
	r.metrics = &m;
	r.nmetrics = 1;
	r.summary_only = 1;
	if (b->nval >= 4) {
		st = sum_stats("ns/op", strtod(b->samples, NULL), b->v[0],
			       b->v[3]);
		r.stats = &st;
		r.nstats = 1;
	}
	c->host->emit(c->host->ctx, &r);
}

/* --- the console reporter ------------------------------------------------- */

static int all_of(const char *p, size_t n, char ch)
{
	size_t i;

	if (n < 20)
		return 0;
	for (i = 0; i < n; i++)
		if (p[i] != ch && !(p[i] == '\r' && i == n - 1))
			return 0;
	return 1;
}

static int is_count(struct bt_str w)
{
	size_t i;

	for (i = 0; i < w.n; i++)
		if (w.s[i] < '0' || w.s[i] > '9')
			return 0;
	return w.n > 0 && w.n < 20;
}

/* Split a row's first line: NAME SAMPLES ITERATIONS NUMBER UNIT.  1 when
 * it is one (the name part in *name, may be empty), 0 when not. */
static int row_head(struct c2 *c, const char *p, size_t n, struct bt_str *name)
{
	struct bt_str w[64];
	const char *q = p, *end = p + n;
	size_t k = 0;
	char text[NUMTEXT_MAX];
	double v;

	while (k < 64 && sum_word(&q, end, &w[k]))
		k++;
	if (k < 4 || k == 64 || !is_count(w[k - 4]) || !is_count(w[k - 3]) ||
	    sum_time(w[k - 2], w[k - 1], text, &v))
		return 0;
	*name = sum_trim(p, (size_t)(w[k - 4].s - p));
	snprintf(c->b.samples, sizeof c->b.samples, "%.*s", (int)w[k - 4].n,
		 w[k - 4].s);
	snprintf(c->b.iters, sizeof c->b.iters, "%.*s", (int)w[k - 3].n,
		 w[k - 3].s);
	*c->b.est = '\0';
	c->b.nval = 0;
	if (c->analysis) {
		snprintf(c->b.est, sizeof c->b.est, "%s", text);
	} else {
		snprintf(c->b.val[0], sizeof c->b.val[0], "%s", text);
		c->b.v[0] = v;
		c->b.nval = 1;
	}
	return 1;
}

/* A line of three times (mean or std dev, low, high) into b.val[at..).
 * Words before them continue the name (Catch2 v2.11 wraps a long name
 * onto the mean line). */
static int row_values(struct bench *b, const char *p, size_t n, int at)
{
	struct bt_str w[64], pre;
	const char *q = p, *end = p + n;
	int k = 0, i;

	while (k < 64 && sum_word(&q, end, &w[k]))
		k++;
	if (k < 6 || k == 64)
		return 0;
	for (i = 0; i < 3; i++)
		if (sum_time(w[k - 6 + 2 * i], w[k - 5 + 2 * i], b->val[at + i],
			     &b->v[at + i]))
			return 0;
	pre = sum_trim(p, (size_t)(w[k - 6].s - p));
	if (pre.n) {
		str_add(&b->name, " ", b->name.n ? 1 : 0);
		str_add(&b->name, pre.s, pre.n);
	}
	b->nval = at + 3;
	return 1;
}

/* "NAME   Benchmark failed (message)": a failure of that benchmark. */
static int row_failed(struct c2 *c, const char *p, size_t n)
{
	const char *f = memmem(p, n, "Benchmark failed", 16);
	struct bt_str name, msg;

	if (!f)
		return 0;
	name = sum_trim(p, (size_t)(f - p));
	if (c->b.open && c->b.nval == 0 && c->b.name.n) {
		/* the name wrapped onto the lines before */
		if (name.n)
			str_add(&c->b.name, " ", 1);
		str_add(&c->b.name, name.s, name.n);
		name = view(&c->b.name);
	}
	msg = sum_trim(f, (size_t)(p + n - f));
	plug_failure(c->host, view(&c->suite), name, msg, 0);
	c->b.open = 0;
	c->b.name.n = 0;
	return 1;
}

static int console_row(struct c2 *c, const char *p, size_t n)
{
	struct bench *b = &c->b;
	struct bt_str name;

	if (sum_trim(p, n).n == 0)
		return 0;
	if (b->open && c->analysis && b->nval == 0 && b->samples[0] &&
	    row_values(b, p, n, 0))
		return 0;
	if (b->open && c->analysis && b->nval == 3 && row_values(b, p, n, 3)) {
		emit_bench(c);
		b->name.n = 0;
		return 0;
	}
	if (row_failed(c, p, n))
		return 0;
	if (b->open && b->nval > 0)
		emit_bench(c), b->name.n = 0;
	if (!b->open) {
		b->name.n = 0;
		b->samples[0] = '\0';
	}
	if (row_head(c, p, n, &name)) {
		if (b->open && b->name.n && name.n)
			str_add(&b->name, " ", 1);
		str_add(&b->name, name.s, name.n);
		b->open = 1;
		if (!c->analysis)
			emit_bench(c), b->name.n = 0;
		return 0;
	}
	/* a name too long for its column: the rest follows */
	name = sum_trim(p, n);
	if (b->name.n)
		str_add(&b->name, " ", 1);
	str_add(&b->name, name.s, name.n);
	b->open = 1;
	b->samples[0] = '\0';
	b->nval = 0;
	return 0;
}

/* The end of a block: a benchmark still open, an assertion failure. */
static void console_flush(struct c2 *c)
{
	if (c->b.open && c->b.nval > 0)
		emit_bench(c);
	c->b.open = 0;
	c->b.name.n = 0;
	if (c->at == W_FAILURE && c->msg.n)
		plug_failure(c->host, view(&c->suite), BT_STR(""),
			     view(&c->msg), 0);
	c->msg.n = 0;
}

static int console_line(struct c2 *c, const char *p, size_t n)
{
	struct bt_str t = sum_trim(p, n);

	if (all_of(p, n, '-')) {
		console_flush(c);
		if (c->at == W_HEAD) {
			c->at = W_ROWS;
		} else if (c->at == W_TITLE) {
			c->at = W_TEXT;
		} else {
			c->at = W_TITLE;
			c->suite.n = 0;
		}
		return 0;
	}
	if (all_of(p, n, '=') || all_of(p, n, '.') || all_of(p, n, '~')) {
		console_flush(c);
		c->at = W_TEXT;
		return 0;
	}
	switch (c->at) {
	case W_TITLE:
		if (t.n && c->suite.n)
			str_add(&c->suite, " ", 1);
		str_add(&c->suite, t.s, t.n);
		return 0;
	case W_HEAD:
		return 0;
	case W_FAILURE:
		if (t.n == 0) {
			console_flush(c);
			c->at = W_TEXT;
		} else {
			str_add(&c->msg, "\n", c->msg.n ? 1 : 0);
			str_add(&c->msg, t.s, t.n);
		}
		return 0;
	default:
		break;
	}
	if (starts(t.s, t.n, "benchmark name")) {
		console_flush(c);
		c->at = W_HEAD;
		c->analysis = !(t.n >= 4 && !memcmp(t.s + t.n - 4, "mean", 4));
		return 0;
	}
	if (t.n > 9 && !memcmp(t.s + t.n - 9, ": FAILED:", 9) &&
	    c->at != W_ROWS) {
		console_flush(c);
		c->at = W_FAILURE;
		str_set(&c->msg, t.s, t.n);
		return 0;
	}
	if (c->at == W_ROWS)
		return console_row(c, p, n);
	return 0;
}

/* --- the XML reporter ----------------------------------------------------- */

/* The value of attribute attr in the element on p[0..n), entities
 * decoded, appended to out; 0, or -1 when it is not there. */
static int xml_attr(const char *p, size_t n, const char *attr, struct str *out)
{
	char key[64];
	const char *a, *q, *end = p + n;
	int k = snprintf(key, sizeof key, " %s=\"", attr);

	out->n = 0;
	str_add(out, "", 0);
	a = memmem(p, n, key, (size_t)k);
	if (!a)
		return -1;
	for (q = a + k; q < end && *q != '"'; q++) {
		static const char *const ent[][2] = {{"&quot;", "\""},
						     {"&amp;", "&"},
						     {"&lt;", "<"},
						     {"&gt;", ">"},
						     {"&apos;", "'"}};
		size_t e;

		for (e = 0; e < 5; e++)
			if (starts(q, (size_t)(end - q), ent[e][0]))
				break;
		if (e < 5) {
			str_add(out, ent[e][1], 1);
			q += strlen(ent[e][0]) - 1;
		} else {
			str_add(out, q, 1);
		}
	}
	return q < end ? 0 : -1;
}

/* A number attribute (ns) into b.val[i]. */
static void xml_num(struct c2 *c, const char *p, size_t n, const char *attr,
		    int i)
{
	struct str v = {0};

	if (!xml_attr(p, n, attr, &v) &&
	    !sum_number((struct bt_str){v.s, v.n}, 0, c->b.val[i], &c->b.v[i]))
		c->b.nval = c->b.nval > i + 1 ? c->b.nval : i + 1;
	free(v.s);
}

static int xml_line(struct c2 *c, const char *p, size_t n)
{
	struct bt_str t = sum_trim(p, n);
	struct str v = {0};

	if (starts(t.s, t.n, "<TestCase ")) {
		xml_attr(t.s, t.n, "name", &c->suite);
		c->xml_failed = 0;
		c->nsect = 0;
	} else if (starts(t.s, t.n, "<Section ")) {
		if (c->nsect < 16)
			c->sect[c->nsect] = c->suite.n;
		c->nsect++;
		if (!xml_attr(t.s, t.n, "name", &v) && v.n) {
			str_add(&c->suite, " ", c->suite.n ? 1 : 0);
			str_add(&c->suite, v.s, v.n);
		}
	} else if (starts(t.s, t.n, "</Section>")) {
		if (c->nsect > 0 && --c->nsect < 16)
			c->suite.n = c->sect[c->nsect];
		if (c->suite.s)
			c->suite.s[c->suite.n] = '\0';
	} else if (starts(t.s, t.n, "<BenchmarkResults ")) {
		memset(c->b.val, 0, sizeof c->b.val);
		c->b.nval = 0;
		xml_attr(t.s, t.n, "name", &c->b.name);
		xml_attr(t.s, t.n, "samples", &v);
		snprintf(c->b.samples, sizeof c->b.samples, "%s", v.s);
		xml_attr(t.s, t.n, "iterations", &v);
		snprintf(c->b.iters, sizeof c->b.iters, "%s", v.s);
		xml_attr(t.s, t.n, "estimatedDuration", &v);
		snprintf(c->b.est, sizeof c->b.est, "%s", v.s);
		c->b.open = 1;
	} else if (c->b.open && starts(t.s, t.n, "<mean ")) {
		xml_num(c, t.s, t.n, "value", 0);
		xml_num(c, t.s, t.n, "lowerBound", 1);
		xml_num(c, t.s, t.n, "upperBound", 2);
	} else if (c->b.open && c->b.nval >= 3 &&
		   starts(t.s, t.n, "<standardDeviation ")) {
		xml_num(c, t.s, t.n, "value", 3);
		xml_num(c, t.s, t.n, "lowerBound", 4);
		xml_num(c, t.s, t.n, "upperBound", 5);
	} else if (c->b.open && starts(t.s, t.n, "<failed ")) {
		xml_attr(t.s, t.n, "message", &v);
		plug_failure(c->host, view(&c->suite), view(&c->b.name),
			     view(&v), 0);
		c->b.open = 0;
	} else if (starts(t.s, t.n, "</BenchmarkResults>")) {
		if (c->b.open)
			emit_bench(c);
		c->b.open = 0;
	} else if (starts(t.s, t.n, "<Expression success=\"false\"")) {
		c->xml_failed = 1;
		xml_attr(t.s, t.n, "filename", &v);
		str_set(&c->msg, v.s, v.n);
		xml_attr(t.s, t.n, "line", &v);
		str_add(&c->msg, ":", 1);
		str_add(&c->msg, v.s, v.n);
		str_add(&c->msg, ": FAILED", 8);
	} else if (starts(t.s, t.n, "<OverallResult success=\"false\"")) {
		plug_failure(c->host, view(&c->suite), BT_STR(""),
			     c->xml_failed ? view(&c->msg)
					   : BT_STR("test case failed"),
			     0);
	}
	free(v.s);
	return 0;
}

/* --- the ABI -------------------------------------------------------------- */

static void *c2_open(const struct bt_host *host)
{
	struct c2 *c = calloc(1, sizeof *c);

	if (c)
		c->host = host;
	return c;
}

static int c2_line(void *st, const char *p, size_t n)
{
	struct c2 *c = st;
	struct bt_str t = sum_trim(p, n);

	if (c->mode == M_UNKNOWN && t.n)
		c->mode = t.s[0] == '<' ? M_XML : M_CONSOLE;
	if (c->mode == M_XML)
		return xml_line(c, p, n);
	if (c->mode == M_CONSOLE)
		return console_line(c, p, n);
	return 0;
}

static int c2_finish(void *st)
{
	struct c2 *c = st;

	if (c->mode == M_CONSOLE)
		console_flush(c);
	return 0;
}

static void c2_close(void *st)
{
	struct c2 *c = st;

	if (!c)
		return;
	free(c->suite.s);
	free(c->msg.s);
	free(c->b.name.s);
	free(c);
}

/* Catch2's banner, its table header, or its XML root element. */
static int c2_probe(const char *p, size_t n)
{
	int score = 0;

	if (memmem(p, n, "<Catch name=", 12) ||
	    memmem(p, n, "<Catch2TestRun", 14))
		return memmem(p, n, "<TestCase ", 10) ? 90 : 70;
	if (memmem(p, n, " is a Catch", 11) &&
	    memmem(p, n, " host application.", 18))
		score += 60;
	if (memmem(p, n, "benchmark name", 14) && memmem(p, n, "samples", 7) &&
	    memmem(p, n, "iterations", 10))
		score += 30;
	return score;
}

static const struct bt_plugin plugin = {
    .abi_version = BT_PLUGIN_ABI_VERSION,
    .name = "catch2",
    .description = "Catch2 benchmarks: console table or -r xml (summary-only "
		   "samples: mean, std dev, sample count)",
    .probe = c2_probe,
    .open = c2_open,
    .line = c2_line,
    .finish = c2_finish,
    .close = c2_close,
};

EXPORT const struct bt_plugin *bt_plugin_descriptor(void)
{
	return &plugin;
}
