/*
 * criterion.c — the Rust plugin: criterion.rs and libtest benchmark output
 * into records.
 *
 * Three inputs, one benchmark vocabulary (criterion's full id,
 * "group/function/value", is the record's name):
 *
 *  - `cargo bench` console output.  Criterion prints estimates, not
 *    measurements: `NAME  time: [low estimate high]` is a confidence
 *    interval around a point estimate.  Each result becomes ONE sample
 *    holding the point estimate (ns/op, and MB/s or elem/s for a `thrpt:`
 *    line), preceded by a context record for that benchmark that keeps the
 *    interval, the change against the last run, the verdict and the
 *    outliers (docs/records.md, "criterion").
 *  - `--output-format bencher` and Rust's own libtest `#[bench]` output:
 *    `test NAME ... bench: N ns/iter (+/- M)`, one sample a line; the
 *    (+/- M) goes into a context record the same way.
 *  - the `target/criterion/` directory: every `new/sample.json` holds the
 *    real measurements (iteration counts and total times), so each one
 *    becomes a sample of time per iteration; `new/estimates.json` and
 *    `change/estimates.json` become the benchmark's context record.
 *
 * The console form arrives line by line and a result spans several lines
 * (time, thrpt, change, verdict, outliers), so one result is held until the
 * next line that is not part of it.
 */
#include <dirent.h>
#include <errno.h>
#include <jv.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bt-plugin.h"
#include "plugstr.h"
#include "jsonvalid.h"
#include "numtext.h"

#define EXPORT __attribute__((visibility("default")))

enum {
	MAX_CONFIG = 64,
	MAX_MESSAGE = 8192,
	MAX_FAILED = 64,
	MAX_DEPTH = 16,
	MAX_FILE = 64 << 20,
	PROBE_ENTRIES = 256,
};

/* One [low estimate high] triple converted to a base unit. */
struct est {
	const char *unit; /* "ns/op", "MB/s", "elem/s" */
	int better;
	double val[3];
	char txt[3][NUMTEXT_MAX]; /* exact text, or "" when converted */
	char key[2][32];	  /* "UNIT.low", "UNIT.high" */
};

/* The context record being built: keys and values point into the state. */
struct config {
	struct bt_label l[MAX_CONFIG];
	size_t n;
};

struct crit {
	const struct bt_host *host;
	struct str line;    /* the current line without colour codes */
	struct str running; /* "Benchmarking NAME" still without a result */
	struct str loose;   /* the last unrecognised line: a long name */
	struct str samples; /* "Collecting N samples" of running */
	/* the console result being collected */
	int have, in_change;
	struct str name, nsamples, time, thrpt, change, change_thrpt, verdict,
	    outliers;
	struct est est[2];
	size_t nest;
	/* libtest: benchmarks that FAILED, waiting for their message */
	struct str failed[MAX_FAILED];
	size_t nfailed;
	int failing; /* collecting the message of failed[0] */
	struct str failmsg;
	char numbuf[8][NUMTEXT_MAX];
};

/* --- strings -------------------------------------------------------------- */

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Trim blanks on both sides of p[0..*n). */
static const char *trim(const char *p, size_t *n)
{
	while (*n && is_space(*p))
		p++, (*n)--;
	while (*n && is_space(p[*n - 1]))
		(*n)--;
	return p;
}

/* The first occurrence of lit in p[0..n), or NULL. */
static const char *find(const char *p, size_t n, const char *lit)
{
	size_t k = strlen(lit), i;

	for (i = 0; k <= n && i <= n - k; i++)
		if (memcmp(p + i, lit, k) == 0)
			return p + i;
	return NULL;
}

/* The last occurrence of lit in p[0..n), or NULL. */
static const char *rfind(const char *p, size_t n, const char *lit)
{
	size_t k = strlen(lit), i;

	if (k > n)
		return NULL;
	for (i = n - k + 1; i-- > 0;)
		if (memcmp(p + i, lit, k) == 0)
			return p + i;
	return NULL;
}

static void oom(struct crit *c)
{
	c->host->error(c->host->ctx, "out of memory");
}

/* --- numbers -------------------------------------------------------------- */

/* Shortest text that reads back as v (for numbers read from JSON). */
static void fmt_double(char buf[NUMTEXT_MAX], double v)
{
	int prec;

	for (prec = 15; prec <= 17; prec++) {
		snprintf(buf, NUMTEXT_MAX, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			return;
	}
}

/* A unit criterion prints and how to reach the base unit from it:
 * × 1024^k1024 × 10^shift, both exact in decimal. */
struct unit {
	const char *name, *base;
	int shift, k1024;
	int better;
};

static const struct unit time_units[] = {
    {"ps", "ns/op", -3, 0, BT_BETTER_LOWER},
    {"ns", "ns/op", 0, 0, BT_BETTER_LOWER},
    {"\xc2\xb5s", "ns/op", 3, 0, BT_BETTER_LOWER}, /* µ MICRO SIGN */
    {"\xce\xbcs", "ns/op", 3, 0, BT_BETTER_LOWER}, /* μ GREEK MU */
    {"us", "ns/op", 3, 0, BT_BETTER_LOWER},
    {"ms", "ns/op", 6, 0, BT_BETTER_LOWER},
    {"s", "ns/op", 9, 0, BT_BETTER_LOWER},
    {"B/s", "MB/s", -6, 0, BT_BETTER_HIGHER},
    {"KiB/s", "MB/s", -6, 1, BT_BETTER_HIGHER},
    {"MiB/s", "MB/s", -6, 2, BT_BETTER_HIGHER},
    {"GiB/s", "MB/s", -6, 3, BT_BETTER_HIGHER},
    {"TiB/s", "MB/s", -6, 4, BT_BETTER_HIGHER},
    {"KB/s", "MB/s", -3, 0, BT_BETTER_HIGHER},
    {"MB/s", "MB/s", 0, 0, BT_BETTER_HIGHER},
    {"GB/s", "MB/s", 3, 0, BT_BETTER_HIGHER},
    {"TB/s", "MB/s", 6, 0, BT_BETTER_HIGHER},
    {"elem/s", "elem/s", 0, 0, BT_BETTER_HIGHER},
    {"Kelem/s", "elem/s", 3, 0, BT_BETTER_HIGHER},
    {"Melem/s", "elem/s", 6, 0, BT_BETTER_HIGHER},
    {"Gelem/s", "elem/s", 9, 0, BT_BETTER_HIGHER},
    {"Telem/s", "elem/s", 12, 0, BT_BETTER_HIGHER},
};

static const struct unit *unit_of(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof time_units / sizeof time_units[0]; i++)
		if (strlen(time_units[i].name) == n &&
		    memcmp(time_units[i].name, p, n) == 0)
			return &time_units[i];
	return NULL;
}

/* Convert number p[0..n) in unit u into its exact text and value.  0, or
 * -1 when not a finite number. */
static int convert(const char *p, size_t n, const struct unit *u,
		   char txt[NUMTEXT_MAX], double *v)
{
	if (numtext_scale(p, n, u->shift, u->k1024, txt, v))
		return -1;
	return isfinite(*v) ? 0 : -1;
}

/* The next blank-separated token of p[0..n) from *i, or length 0. */
static size_t token(const char *p, size_t n, size_t *i, const char **tok)
{
	size_t s;

	while (*i < n && is_space(p[*i]))
		(*i)++;
	s = *i;
	while (*i < n && !is_space(p[*i]))
		(*i)++;
	*tok = p + s;
	return *i - s;
}

/* Parse "[1.59 µs 1.60 µs 1.61 µs]" (p just after '[', up to ']') into e.
 * 0, or -1 when it is not three numbers with one known unit. */
static int parse_triple(const char *p, size_t n, struct est *e)
{
	const struct unit *u = NULL, *ui;
	const char *num, *un;
	size_t i = 0, nn, un_n;
	int k;

	for (k = 0; k < 3; k++) {
		nn = token(p, n, &i, &num);
		un_n = token(p, n, &i, &un);
		ui = unit_of(un, un_n);
		if (!nn || !ui || (u && strcmp(u->base, ui->base) != 0))
			return -1;
		u = ui;
		if (convert(num, nn, ui, e->txt[k], &e->val[k]))
			return -1;
	}
	if (token(p, n, &i, &num))
		return -1;
	e->unit = u->base;
	e->better = u->better;
	snprintf(e->key[0], sizeof e->key[0], "%s.low", u->base);
	snprintf(e->key[1], sizeof e->key[1], "%s.high", u->base);
	return 0;
}

/* The bracketed part of "time:   [ … ]" starting at p: its inside in *in,
 * and what follows it in *rest.  0, or -1 when there is none. */
static int bracket(const char *p, size_t n, struct bt_str *in,
		   struct bt_str *rest)
{
	const char *open = memchr(p, '[', n), *close;

	if (!open)
		return -1;
	close = memchr(open, ']', n - (size_t)(open - p));
	if (!close)
		return -1;
	in->s = open + 1;
	in->n = (size_t)(close - open - 1);
	rest->s = close + 1;
	rest->n = n - (size_t)(close + 1 - p);
	return 0;
}

/* --- emitting ------------------------------------------------------------- */

static void config_add(struct config *cf, const char *key, struct bt_str v)
{
	if (cf->n == MAX_CONFIG || v.n == 0)
		return;
	cf->l[cf->n].key = bt_cstr(key);
	cf->l[cf->n].value = v;
	cf->n++;
}

static void emit_context(struct crit *c, struct config *cf)
{
	struct bt_record r = {0};

	r.kind = BT_KIND_CONTEXT;
	r.labels = cf->l;
	r.nlabels = cf->n;
	c->host->emit(c->host->ctx, &r);
}

/* The text of e's k-th number: as converted exactly, or formatted. */
static struct bt_str est_text(struct crit *c, struct est *e, int k, int slot)
{
	if (e->txt[k][0])
		return bt_cstr(e->txt[k]);
	fmt_double(c->numbuf[slot], e->val[k]);
	return bt_cstr(c->numbuf[slot]);
}

/* The console result collected so far: its context, then its sample. */
static void flush_result(struct crit *c)
{
	struct config cf = {0};
	struct bt_metric m[2];
	struct bt_record r = {0};
	size_t i;

	if (!c->have)
		return;
	c->have = 0;
	c->in_change = 0;
	config_add(&cf, "benchmark", view(&c->name));
	config_add(&cf, "samples", view(&c->nsamples));
	config_add(&cf, "time", view(&c->time));
	if (c->nest > 1)
		config_add(&cf, "thrpt", view(&c->thrpt));
	for (i = 0; i < c->nest; i++) {
		config_add(&cf, c->est[i].key[0],
			   est_text(c, &c->est[i], 0, (int)i * 3));
		config_add(&cf, c->est[i].unit,
			   est_text(c, &c->est[i], 1, (int)i * 3 + 1));
		config_add(&cf, c->est[i].key[1],
			   est_text(c, &c->est[i], 2, (int)i * 3 + 2));
		m[i].unit = bt_cstr(c->est[i].unit);
		m[i].value = c->est[i].val[1];
		m[i].text = bt_cstr(c->est[i].txt[1]);
		m[i].better = c->est[i].better;
	}
	config_add(&cf, "change", view(&c->change));
	config_add(&cf, "change.thrpt", view(&c->change_thrpt));
	config_add(&cf, "verdict", view(&c->verdict));
	config_add(&cf, "outliers", view(&c->outliers));
	emit_context(c, &cf);
	r.kind = BT_KIND_SAMPLE;
	r.name = view(&c->name);
	r.metrics = m;
	r.nmetrics = c->nest;
	c->host->emit(c->host->ctx, &r);
}

static void emit_failure(struct crit *c, struct bt_str name,
			 struct bt_str message)
{
	struct bt_record r = {0};

	r.kind = BT_KIND_FAILURE;
	r.name = name;
	r.reason = find(message.s, message.n, "panicked at") ? BT_STR("panic")
							     : BT_STR("fail");
	r.message = message;
	c->host->emit(c->host->ctx, &r);
}

/* A criterion benchmark started but printed no result: it panicked (the
 * panic itself went to stderr) or the run was cut short. */
static void running_done(struct crit *c, int failed)
{
	if (failed && c->running.n)
		emit_failure(c, view(&c->running),
			     BT_STR("started but printed no result"));
	c->running.n = 0;
	c->samples.n = 0;
}

/* --- console lines -------------------------------------------------------- */

/* "Benchmarking NAME[: PHASE]": track the benchmark that is running. */
static int benchmarking(struct crit *c, const char *p, size_t n)
{
	static const char *phases[] = {"Warming up", "Collecting", "Analyzing",
				       "Profiling",  "Complete",   "Skipping"};
	const char *name = p + 13, *sep = NULL, *ph = NULL;
	size_t nn = n - 13, i, k;

	for (i = nn; i-- > 1 && !sep;)
		for (k = 0; k < sizeof phases / sizeof phases[0]; k++)
			if (name[i - 1] == ':' && name[i] == ' ' &&
			    starts(name + i + 1, nn - i - 1, phases[k])) {
				sep = name + i - 1;
				ph = name + i + 1;
				break;
			}
	if (sep)
		nn = (size_t)(sep - name);
	if (c->running.n &&
	    (c->running.n != nn || memcmp(c->running.s, name, nn) != 0))
		running_done(c, 1);
	if (str_set(&c->running, name, nn))
		return -1;
	if (ph && starts(ph, n - (size_t)(ph - p), "Collecting ")) {
		const char *d = ph + 11;
		size_t dn = 0;

		while (d + dn < p + n && d[dn] >= '0' && d[dn] <= '9')
			dn++;
		if (str_set(&c->samples, d, dn))
			return -1;
	}
	if (ph && (starts(ph, n - (size_t)(ph - p), "Complete") ||
		   starts(ph, n - (size_t)(ph - p), "Skipping")))
		running_done(c, 0);
	return 0;
}

/* "NAME   time:   [a u b u c u]": start a result.  1 when the line is one,
 * 0 when not, -1 out of memory. */
static int time_line(struct crit *c, const char *p, size_t n)
{
	const char *t = rfind(p, n, "time:");
	struct bt_str in, rest, name;
	size_t i;

	if (!t || (t > p && !is_space(t[-1])))
		return 0;
	for (i = (size_t)(t - p) + 5; i < n && is_space(p[i]); i++)
		;
	if (i == n || p[i] != '[' || bracket(p + i, n - i, &in, &rest))
		return 0;
	if (parse_triple(in.s, in.n, &c->est[0]))
		return 0;
	name.s = p;
	name.n = (size_t)(t - p);
	name.s = trim(name.s, &name.n);
	if (name.n == 0)
		name = c->loose.n ? view(&c->loose) : view(&c->running);
	if (name.n == 0) {
		c->host->warn(c->host->ctx,
			      "a result without a benchmark name");
		return 1;
	}
	if (str_set(&c->name, name.s, name.n) ||
	    str_set(&c->time, p + i, (size_t)(rest.s - (p + i))) ||
	    str_set(&c->nsamples, c->samples.s ? c->samples.s : "",
		    c->samples.n))
		return -1;
	c->thrpt.n = c->change.n = c->change_thrpt.n = 0;
	c->verdict.n = c->outliers.n = 0;
	c->nest = 1;
	c->have = 1;
	c->loose.n = 0;
	running_done(c, 0);
	return 1;
}

/* An indented line under a result (thrpt, change, verdict, outlier
 * detail), or "Found N outliers …".  1 when it belonged, -1 out of memory. */
static int continuation(struct crit *c, const char *p, size_t n)
{
	const char *q = p;
	size_t qn = n;
	struct bt_str in, rest;

	q = trim(q, &qn);
	if (starts(p, n, "Found ") && find(p, n, " outliers among "))
		return str_set(&c->outliers, p, n) ? -1 : 1;
	if (n == 0 || !is_space(p[0]))
		return 0;
	if (starts(q, qn, "change:")) {
		q += 7, qn -= 7;
		q = trim(q, &qn);
		c->in_change = qn == 0;
		return qn && str_set(&c->change, q, qn) ? -1 : 1;
	}
	if (starts(q, qn, "time:") && c->in_change) {
		q += 5, qn -= 5;
		q = trim(q, &qn);
		return str_set(&c->change, q, qn) ? -1 : 1;
	}
	if (starts(q, qn, "thrpt:")) {
		const char *v = q + 6;
		size_t vn = qn - 6;

		v = trim(v, &vn);
		if (c->in_change)
			return str_set(&c->change_thrpt, v, vn) ? -1 : 1;
		if (c->nest == 1 && !bracket(v, vn, &in, &rest) &&
		    !parse_triple(in.s, in.n, &c->est[1])) {
			c->nest = 2;
			return str_set(&c->thrpt, v, vn) ? -1 : 1;
		}
		return 1;
	}
	if (c->outliers.n && qn && q[0] >= '0' && q[0] <= '9')
		return str_add(&c->outliers, "; ", 2) ||
			       str_add(&c->outliers, q, qn)
			   ? -1
			   : 1;
	if (qn)
		return str_set(&c->verdict, q, qn) ? -1 : 1;
	return 1;
}

/* --- bencher and libtest lines -------------------------------------------- */

/* Copy the number p[0..n) without thousands separators into out. */
static size_t strip_commas(const char *p, size_t n, char *out, size_t cap)
{
	size_t i, o = 0;

	for (i = 0; i < n && o + 1 < cap; i++)
		if (p[i] != ',')
			out[o++] = p[i];
	out[o] = '\0';
	return o;
}

/* "test NAME ... bench: N ns/iter (+/- M)[ = X MB/s]". */
static int bench_line(struct crit *c, const char *p, size_t n, const char *dots)
{
	struct bt_metric m[2];
	struct bt_record r = {0};
	struct config cf = {0};
	char num[NUMTEXT_MAX], dev[NUMTEXT_MAX], mbs[NUMTEXT_MAX];
	char t[NUMTEXT_MAX], td[NUMTEXT_MAX], tm[NUMTEXT_MAX];
	const char *tok, *q = dots + 11, *e = p + n;
	size_t i = 0, k, len = (size_t)(e - q);
	double v, dv, mv;

	r.name.s = p + 4;
	r.name.n = (size_t)(dots - r.name.s);
	r.name.s = trim(r.name.s, &r.name.n);
	if (r.name.n == 0) {
		c->host->warn(c->host->ctx, "bench line without a name");
		return 0;
	}
	k = token(q, len, &i, &tok);
	k = strip_commas(tok, k, num, sizeof num);
	if (!k || numtext_shift(num, k, 0, t, &v) || !isfinite(v)) {
		c->host->warn(c->host->ctx, "bench line without a number");
		return 0;
	}
	k = token(q, len, &i, &tok);
	if (k != 7 || memcmp(tok, "ns/iter", 7) != 0) {
		c->host->warn(c->host->ctx, "bench line not in ns/iter");
		return 0;
	}
	m[0] =
	    (struct bt_metric){BT_STR("ns/op"), v, bt_cstr(t), BT_BETTER_LOWER};
	r.nmetrics = 1;
	k = token(q, len, &i, &tok);
	if (k == 4 && memcmp(tok, "(+/-", 4) == 0) {
		k = token(q, len, &i, &tok);
		if (k && tok[k - 1] == ')')
			k--;
		k = strip_commas(tok, k, dev, sizeof dev);
		if (k && !numtext_shift(dev, k, 0, td, &dv))
			config_add(&cf, "ns/op.range", bt_cstr(td));
		k = token(q, len, &i, &tok);
	}
	if (k == 1 && tok[0] == '=') {
		k = token(q, len, &i, &tok);
		k = strip_commas(tok, k, mbs, sizeof mbs);
		if (k && !numtext_shift(mbs, k, 0, tm, &mv) && isfinite(mv) &&
		    token(q, len, &i, &tok) == 4 && !memcmp(tok, "MB/s", 4)) {
			m[1] = (struct bt_metric){
			    BT_STR("MB/s"), mv, bt_cstr(tm), BT_BETTER_HIGHER};
			r.nmetrics = 2;
		}
	}
	if (cf.n) {
		struct config full = {0};

		config_add(&full, "benchmark", r.name);
		config_add(&full, "ns/op.range", cf.l[0].value);
		emit_context(c, &full);
	}
	r.kind = BT_KIND_SAMPLE;
	r.metrics = m;
	c->host->emit(c->host->ctx, &r);
	return 0;
}

/* "test NAME ... FAILED": wait for the message in the failures block. */
static int test_failed(struct crit *c, const char *p, size_t n,
		       const char *dots)
{
	struct bt_str name = {p + 4, (size_t)(dots - p - 4)};

	(void)n;
	name.s = trim(name.s, &name.n);
	if (name.n == 0)
		return 0;
	if (c->nfailed == MAX_FAILED) {
		emit_failure(c, name, BT_STR(""));
		return 0;
	}
	return str_set(&c->failed[c->nfailed++], name.s, name.n);
}

/* Emit the failure of failed[i] with message and forget it. */
static void failed_done(struct crit *c, size_t i, struct bt_str message)
{
	struct str gone = c->failed[i];

	emit_failure(c, view(&gone), message);
	memmove(&c->failed[i], &c->failed[i + 1],
		(c->nfailed - i - 1) * sizeof c->failed[0]);
	c->nfailed--;
	c->failed[c->nfailed] = gone; /* keep its buffer for reuse */
	c->failed[c->nfailed].n = 0;
}

/* The end of a "---- NAME stdout ----" block. */
static void failmsg_done(struct crit *c)
{
	size_t n = c->failmsg.n;

	while (n && c->failmsg.s[n - 1] == '\n')
		n--;
	c->failing = 0;
	failed_done(c, 0, (struct bt_str){c->failmsg.s, n});
}

/* "---- NAME stdout ----": start collecting the message of NAME. */
static int failure_block(struct crit *c, const char *p, size_t n)
{
	size_t i, nn;

	if (n < 19 || memcmp(p + n - 12, " stdout ----", 12) != 0)
		return 0;
	nn = n - 17;
	for (i = 0; i < c->nfailed; i++)
		if (c->failed[i].n == nn && !memcmp(c->failed[i].s, p + 5, nn))
			break;
	if (i == c->nfailed)
		return 0;
	if (i) { /* bring it to the front */
		struct str t = c->failed[i];

		c->failed[i] = c->failed[0];
		c->failed[0] = t;
	}
	c->failing = 1;
	c->failmsg.n = 0;
	return str_add(&c->failmsg, "", 0) ? -1 : 1;
}

static int failure_text(struct crit *c, const char *p, size_t n)
{
	if (starts(p, n, "failures:") || starts(p, n, "---- ") ||
	    starts(p, n, "test result:")) {
		failmsg_done(c);
		return 0; /* the line is looked at again */
	}
	if (c->failmsg.n + n + 1 > MAX_MESSAGE)
		return 1;
	if ((c->failmsg.n || n) &&
	    (str_add(&c->failmsg, p, n) || str_add(&c->failmsg, "\n", 1)))
		return -1;
	return 1;
}

/* A line that is not part of a console result. */
static int other_line(struct crit *c, const char *p, size_t n)
{
	const char *dots;
	int r;

	if (n == 0)
		return 0;
	if (starts(p, n, "Benchmarking ")) {
		c->loose.n = 0;
		return benchmarking(c, p, n);
	}
	if (starts(p, n, "test ") && (dots = find(p + 4, n - 4, " ... bench:")))
		return bench_line(c, p, n, dots);
	if (starts(p, n, "test ") && (dots = rfind(p + 4, n - 4, " ... ")) &&
	    n - (size_t)(dots - p) == 11 && !memcmp(dots + 5, "FAILED", 6))
		return test_failed(c, p, n, dots);
	if (starts(p, n, "---- ") && (r = failure_block(c, p, n)))
		return r < 0 ? -1 : 0;
	if ((r = time_line(c, p, n)))
		return r < 0 ? -1 : 0;
	if (!is_space(p[0]))
		return str_set(&c->loose, p, n);
	return 0;
}

/* Copy p[0..n) into c->line without ANSI colour sequences (ESC [ … letter)
 * and without a trailing '\r'. */
static int decolour(struct crit *c, const char **p, size_t *n)
{
	size_t i, s;

	if (*n && (*p)[*n - 1] == '\r')
		(*n)--;
	if (!memchr(*p, '\x1b', *n))
		return 0;
	c->line.n = 0;
	for (i = 0; i < *n;) {
		if ((*p)[i] == '\x1b' && i + 1 < *n && (*p)[i + 1] == '[') {
			for (i += 2;
			     i < *n && !((*p)[i] >= '@' && (*p)[i] <= '~');)
				i++;
			i++;
			continue;
		}
		for (s = i; i < *n && (*p)[i] != '\x1b'; i++)
			;
		if (i == s)
			i++;
		if (str_add(&c->line, *p + s, i - s))
			return -1;
	}
	if (str_add(&c->line, "", 0))
		return -1;
	*p = c->line.s;
	*n = c->line.n;
	return 0;
}

static int crit_line(void *st, const char *p, size_t n)
{
	struct crit *c = st;
	int r;

	if (decolour(c, &p, &n))
		goto nomem;
	if (c->failing) {
		r = failure_text(c, p, n);
		if (r)
			return r < 0 ? (oom(c), -1) : 0;
	}
	if (c->have) {
		r = continuation(c, p, n);
		if (r)
			return r < 0 ? (oom(c), -1) : 0;
		flush_result(c);
	}
	if (other_line(c, p, n))
		goto nomem;
	return 0;
nomem:
	oom(c);
	return -1;
}

static int crit_finish(void *st)
{
	struct crit *c = st;

	if (c->failing)
		failmsg_done(c);
	flush_result(c);
	while (c->nfailed)
		failed_done(c, 0, BT_STR(""));
	running_done(c, 1);
	return 0;
}

static void *crit_open(const struct bt_host *host)
{
	struct crit *c = calloc(1, sizeof *c);

	if (c)
		c->host = host;
	return c;
}

static void crit_close(void *st)
{
	struct crit *c = st;
	size_t i;

	if (!c)
		return;
	free(c->line.s);
	free(c->running.s);
	free(c->loose.s);
	free(c->samples.s);
	free(c->name.s);
	free(c->nsamples.s);
	free(c->time.s);
	free(c->thrpt.s);
	free(c->change.s);
	free(c->change_thrpt.s);
	free(c->verdict.s);
	free(c->outliers.s);
	for (i = 0; i < MAX_FAILED; i++)
		free(c->failed[i].s);
	free(c->failmsg.s);
	free(c);
}

/* --- the target/criterion directory --------------------------------------- */

/* path/name joined into a new string (caller frees), or NULL. */
static char *join(const char *path, const char *name)
{
	size_t a = strlen(path), b = strlen(name);
	char *s = malloc(a + b + 2);

	if (!s)
		return NULL;
	memcpy(s, path, a);
	s[a] = '/';
	memcpy(s + a + 1, name, b + 1);
	return s;
}

static int is_dir(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static int is_file(const char *dir, const char *name)
{
	struct stat sb;
	char *p = join(dir, name);
	int r = p && stat(p, &sb) == 0 && S_ISREG(sb.st_mode);

	free(p);
	return r;
}

/* Read dir/name as one JSON value (the caller owns it); an invalid jv
 * with a message when missing or broken. */
static jv load_json(const char *dir, const char *name)
{
	char *path = join(dir, name), *buf = NULL, err[128];
	FILE *f = path ? fopen(path, "rb") : NULL;
	size_t n = 0, cap = 0, got;
	jv v;

	free(path);
	if (!f)
		return jv_invalid_with_msg(jv_string(strerror(errno)));
	for (;;) {
		if (n + 4096 > cap) {
			char *nb;

			cap = cap ? cap * 2 : 8192;
			if (cap > MAX_FILE || !(nb = realloc(buf, cap))) {
				free(buf);
				fclose(f);
				return jv_invalid_with_msg(
				    jv_string("too large"));
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	fclose(f);
	/* jq 1.6 leaks on some malformed JSON: check it first */
	if (json_valid(buf ? buf : "", n, err, sizeof err))
		v = jv_invalid_with_msg(jv_string(err));
	else
		v = jv_parse_sized(buf, (int)n);
	free(buf);
	return v;
}

/* v[key] as a number, or NAN. */
static double num_at(jv v, const char *key)
{
	jv x;
	double d = NAN;

	if (jv_get_kind(v) != JV_KIND_OBJECT)
		return NAN;
	x = jv_object_get(jv_copy(v), jv_string(key));
	if (jv_get_kind(x) == JV_KIND_NUMBER)
		d = jv_number_value(x);
	jv_free(x);
	return d;
}

/* Keeps the strings a context record made from JSON points to. */
struct texts {
	char num[MAX_CONFIG][NUMTEXT_MAX];
	char key[MAX_CONFIG][48];
	size_t n;
	jv keep[8]; /* strings borrowed from jv values */
	size_t nkeep;
};

static void texts_free(struct texts *t)
{
	size_t i;

	for (i = 0; i < t->nkeep; i++)
		jv_free(t->keep[i]);
}

/* Add key = the number d (skipped when not finite). */
static void add_num(struct config *cf, struct texts *t, const char *key,
		    double d)
{
	if (!isfinite(d) || t->n == MAX_CONFIG)
		return;
	snprintf(t->key[t->n], sizeof t->key[0], "%s", key);
	fmt_double(t->num[t->n], d);
	config_add(cf, t->key[t->n], bt_cstr(t->num[t->n]));
	t->n++;
}

/* Add key = obj[field] when it is a string or a number. */
static void add_field(struct config *cf, struct texts *t, const char *key,
		      jv obj, const char *field)
{
	jv v;

	if (jv_get_kind(obj) != JV_KIND_OBJECT)
		return;
	v = jv_object_get(jv_copy(obj), jv_string(field));
	if (jv_get_kind(v) == JV_KIND_STRING && t->nkeep < 8) {
		config_add(cf, key,
			   (struct bt_str){
			       jv_string_value(v),
			       (size_t)jv_string_length_bytes(jv_copy(v))});
		t->keep[t->nkeep++] = v;
		return;
	}
	if (jv_get_kind(v) == JV_KIND_NUMBER)
		add_num(cf, t, key, jv_number_value(v));
	jv_free(v);
}

/* Each estimate of estimates.json as PREFIX.STAT, .low, .high. */
static void add_estimates(struct config *cf, struct texts *t, jv est,
			  const char *prefix)
{
	static const char *stats[] = {"mean", "median", "std_dev",
				      "median_abs_dev", "slope"};
	char key[48];
	size_t i;

	for (i = 0; i < sizeof stats / sizeof stats[0]; i++) {
		jv s = jv_get_kind(est) == JV_KIND_OBJECT
			   ? jv_object_get(jv_copy(est), jv_string(stats[i]))
			   : jv_null();
		jv ci = jv_get_kind(s) == JV_KIND_OBJECT
			    ? jv_object_get(jv_copy(s),
					    jv_string("confidence_interval"))
			    : jv_null();

		snprintf(key, sizeof key, "%s%s", prefix, stats[i]);
		add_num(cf, t, key, num_at(s, "point_estimate"));
		snprintf(key, sizeof key, "%s%s.low", prefix, stats[i]);
		add_num(cf, t, key, num_at(ci, "lower_bound"));
		snprintf(key, sizeof key, "%s%s.high", prefix, stats[i]);
		add_num(cf, t, key, num_at(ci, "upper_bound"));
		if (i == 0) {
			snprintf(key, sizeof key, "%sconfidence_level", prefix);
			add_num(cf, t, key, num_at(ci, "confidence_level"));
		}
		jv_free(ci);
		jv_free(s);
	}
}

/* The throughput of benchmark.json: bytes or elements per iteration. */
static void throughput(jv bench, double *bytes, double *elems)
{
	jv tp = jv_object_get(jv_copy(bench), jv_string("throughput"));

	*bytes = num_at(tp, "Bytes");
	if (!isfinite(*bytes))
		*bytes = num_at(tp, "BytesDecimal");
	*elems = num_at(tp, "Elements");
	jv_free(tp);
}

/* Add the throughput metric UNIT = v to m[*n] if v is a rate that can be
 * written: none without throughput, or with no time, or when it overflows. */
static void rate(struct bt_metric *m, size_t *n, const char *unit, double v)
{
	if (isfinite(v))
		m[(*n)++] = (struct bt_metric){
		    {unit, strlen(unit)}, v, {0}, BT_BETTER_HIGHER};
}

/* One sample per measurement of sample.json. */
static void emit_samples(struct crit *c, const char *rel, struct bt_str name,
			 jv bench, jv smp)
{
	jv iters = jv_object_get(jv_copy(smp), jv_string("iters"));
	jv times = jv_object_get(jv_copy(smp), jv_string("times"));
	double bytes, elems;
	int i, n;
	char msg[256];

	throughput(bench, &bytes, &elems);
	if (jv_get_kind(iters) != JV_KIND_ARRAY ||
	    jv_get_kind(times) != JV_KIND_ARRAY ||
	    jv_array_length(jv_copy(iters)) !=
		jv_array_length(jv_copy(times))) {
		snprintf(msg, sizeof msg,
			 "%.200s/new/sample.json: no iters and times of one "
			 "length",
			 rel);
		c->host->warn(c->host->ctx, msg);
		n = 0;
	} else {
		n = jv_array_length(jv_copy(iters));
	}
	for (i = 0; i < n; i++) {
		jv it = jv_array_get(jv_copy(iters), i);
		jv tm = jv_array_get(jv_copy(times), i);
		double itv = jv_get_kind(it) == JV_KIND_NUMBER
				 ? jv_number_value(it)
				 : NAN;
		double tv = jv_get_kind(tm) == JV_KIND_NUMBER
				? jv_number_value(tm)
				: NAN;
		struct bt_metric m[2];
		struct bt_record r = {0};

		jv_free(it);
		jv_free(tm);
		if (!(itv >= 1) || !(tv >= 0) || !isfinite(itv) ||
		    !isfinite(tv)) {
			snprintf(msg, sizeof msg,
				 "%.200s/new/sample.json: measurement %d is "
				 "not a time",
				 rel, i + 1);
			c->host->warn(c->host->ctx, msg);
			continue;
		}
		r.kind = BT_KIND_SAMPLE;
		r.name = name;
		if (itv < 9.2e18 && itv == floor(itv))
			r.iterations = (int64_t)itv;
		m[0] = (struct bt_metric){
		    BT_STR("ns/op"), tv / itv, {0}, BT_BETTER_LOWER};
		r.nmetrics = 1;
		if (isfinite(bytes))
			rate(m, &r.nmetrics, "MB/s", bytes * itv / tv * 1e3);
		else
			rate(m, &r.nmetrics, "elem/s", elems * itv / tv * 1e9);
		r.metrics = m;
		c->host->emit(c->host->ctx, &r);
	}
	jv_free(iters);
	jv_free(times);
}

/* Is v (rel/new/name) a JSON object?  If not, say why and skip it. */
static int usable(struct crit *c, const char *rel, const char *name, jv v)
{
	char msg[512];
	jv m;

	if (jv_get_kind(v) == JV_KIND_OBJECT)
		return 1;
	m = jv_is_valid(v) ? jv_string("not a JSON object")
			   : jv_invalid_get_msg(jv_copy(v));
	snprintf(msg, sizeof msg, "%.200s/new/%s: %.200s; benchmark skipped",
		 *rel ? rel : ".", name,
		 jv_get_kind(m) == JV_KIND_STRING ? jv_string_value(m)
						  : "unreadable");
	jv_free(m);
	c->host->warn(c->host->ctx, msg);
	return 0;
}

/* The benchmark whose files are in dir (rel: its path for messages).
 * 1 when it was read, 0 when skipped with a warning. */
static int read_bench(struct crit *c, const char *dir, const char *rel)
{
	char *newdir = join(dir, "new"), *chgdir = join(dir, "change");
	jv bench, est, smp, chg, id;
	struct config cf = {0};
	struct texts *t = calloc(1, sizeof *t);
	struct bt_str name;
	int n, ok = 0;

	if (!newdir || !chgdir || !t) {
		free(newdir), free(chgdir), free(t);
		c->host->warn(c->host->ctx, "out of memory");
		return 0;
	}
	bench = load_json(newdir, "benchmark.json");
	smp = load_json(newdir, "sample.json");
	est = load_json(newdir, "estimates.json");
	chg = load_json(chgdir, "estimates.json");
	if (!usable(c, rel, "benchmark.json", bench) ||
	    !usable(c, rel, "sample.json", smp))
		goto out;
	ok = 1;
	id = jv_object_get(jv_copy(bench), jv_string("full_id"));
	if (jv_get_kind(id) == JV_KIND_STRING)
		name = (struct bt_str){
		    jv_string_value(id),
		    (size_t)jv_string_length_bytes(jv_copy(id))};
	else
		name = bt_cstr(rel);
	config_add(&cf, "benchmark", name);
	add_field(&cf, t, "group", bench, "group_id");
	add_field(&cf, t, "function", bench, "function_id");
	add_field(&cf, t, "value", bench, "value_str");
	{
		double b, e;

		throughput(bench, &b, &e);
		add_num(&cf, t, "throughput.bytes", b);
		add_num(&cf, t, "throughput.elements", e);
	}
	add_field(&cf, t, "sampling_mode", smp, "sampling_mode");
	{
		jv it = jv_object_get(jv_copy(smp), jv_string("iters"));

		n = jv_get_kind(it) == JV_KIND_ARRAY
			? jv_array_length(jv_copy(it))
			: 0;
		jv_free(it);
		add_num(&cf, t, "samples", n);
	}
	add_estimates(&cf, t, est, "");
	add_estimates(&cf, t, chg, "change.");
	emit_context(c, &cf);
	emit_samples(c, rel, name, bench, smp);
	jv_free(id);
out:
	texts_free(t);
	free(t);
	jv_free(bench);
	jv_free(smp);
	jv_free(est);
	jv_free(chg);
	free(newdir);
	free(chgdir);
	return ok;
}

/* A directory that holds a run's files rather than benchmarks. */
static int files_dir(const char *path)
{
	return is_file(path, "benchmark.json") ||
	       is_file(path, "estimates.json") || is_file(path, "sample.json");
}

static int no_dots(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/* Read every benchmark under dir, in name order; the count read. */
static size_t walk(struct crit *c, const char *dir, const char *rel, int depth)
{
	struct dirent **ents;
	size_t found = 0;
	char *newdir = join(dir, "new");
	int i, n;

	if (newdir && is_file(newdir, "benchmark.json")) {
		found += (size_t)read_bench(c, dir, rel);
	}
	free(newdir);
	if (depth == MAX_DEPTH ||
	    (n = scandir(dir, &ents, no_dots, alphasort)) < 0)
		return found;
	for (i = 0; i < n; i++) {
		char *sub = join(dir, ents[i]->d_name);
		char *srel =
		    *rel ? join(rel, ents[i]->d_name) : strdup(ents[i]->d_name);

		if (sub && srel && strcmp(ents[i]->d_name, "report") != 0 &&
		    is_dir(sub) && !files_dir(sub))
			found += walk(c, sub, srel, depth + 1);
		free(sub);
		free(srel);
		free(ents[i]);
	}
	free(ents);
	return found;
}

static int crit_read_dir(void *st, const char *path)
{
	struct crit *c = st;

	if (walk(c, path, "", 0) == 0) {
		c->host->error(c->host->ctx,
			       "no readable criterion benchmark "
			       "(NAME/new/benchmark.json and sample.json)");
		return -1;
	}
	return 0;
}

/* Look for NAME/new/benchmark.json at most depth levels down, visiting at
 * most *budget entries. */
static int has_bench(const char *dir, int depth, int *budget)
{
	DIR *d;
	struct dirent *e;
	char *newdir = join(dir, "new");
	int found = newdir && is_file(newdir, "benchmark.json");

	free(newdir);
	if (found || depth == 0 || !(d = opendir(dir)))
		return found;
	while (!found && --*budget > 0 && (e = readdir(d))) {
		char *sub;

		if (e->d_name[0] == '.' || !strcmp(e->d_name, "report"))
			continue;
		sub = join(dir, e->d_name);
		if (sub && is_dir(sub))
			found = has_bench(sub, depth - 1, budget);
		free(sub);
	}
	closedir(d);
	return found;
}

static int crit_probe_dir(const char *path)
{
	int budget = PROBE_ENTRIES;

	if (!is_dir(path))
		return 0;
	return has_bench(path, 5, &budget) ? 90 : 0;
}

/* --- probe and selector --------------------------------------------------- */

/* Does some line of p[0..n) start with lit (after blanks when indented)? */
static int line_with(const char *p, size_t n, const char *lit, int indented)
{
	size_t i = 0, k;

	while (i < n) {
		const char *nl = memchr(p + i, '\n', n - i);
		size_t end = nl ? (size_t)(nl - p) : n;

		k = i;
		if (indented)
			while (k < end && is_space(p[k]))
				k++;
		if (starts(p + k, end - k, lit))
			return 1;
		i = end + 1;
	}
	return 0;
}

/* A "NAME  time:   [" line with a criterion unit after the first number. */
static int result_seen(const char *p, size_t n)
{
	const char *t = p, *e = p + n;

	while ((t = find(t, (size_t)(e - t), "time:   ["))) {
		const char *q = t + 9, *tok;
		size_t i = 0, k;

		t += 9;
		if (!token(q, (size_t)(e - q), &i, &tok))
			continue;
		k = token(q, (size_t)(e - q), &i, &tok);
		if (unit_of(tok, k))
			return 1;
	}
	return 0;
}

static int crit_probe(const char *p, size_t n)
{
	const char *b;

	if (result_seen(p, n))
		return 90;
	if ((b = find(p, n, " ... bench: ")) &&
	    find(b, n - (size_t)(b - p), " ns/iter (+/- "))
		return 85;
	if (line_with(p, n, "Benchmarking ", 0) &&
	    (find(p, n, ": Warming up for ") || find(p, n, ": Collecting ")))
		return 80;
	if (line_with(p, n, "Gnuplot not found, using plotters backend", 0) ||
	    find(p, n, "Criterion.rs"))
		return 60;
	return 0;
}

/*
 * Criterion takes one positional filter, a regular expression searched in
 * each benchmark's full id; cargo passes `cargo bench REGEX` and
 * `cargo bench -- REGEX` on to it alike.  One argument: ^(A|B|…)$, quoted
 * for the regex crate.
 */
static int crit_selector(const struct bt_str *names, size_t n,
			 const struct bt_host *host)
{
	return select_alternation(names, n, "", "\\.+*?()|[]{}^$#&-~", host);
}

static const struct bt_plugin plugin = {
    .abi_version = BT_PLUGIN_ABI_VERSION,
    .name = "criterion",
    .description = "Rust criterion.rs (console, bencher, target/criterion) "
		   "and libtest bench output",
    .probe = crit_probe,
    .open = crit_open,
    .line = crit_line,
    .finish = crit_finish,
    .close = crit_close,
    .selector = crit_selector,
    .probe_dir = crit_probe_dir,
    .read_dir = crit_read_dir,
};

EXPORT const struct bt_plugin *bt_plugin_descriptor(void)
{
	return &plugin;
}
