/*
 * criterion.c — the plugin for criterion.rs's console output, what
 * `cargo bench` prints for criterion benchmarks, into records.
 *
 * Criterion prints estimates, not measurements: `NAME  time: [low estimate
 * high]` is a confidence interval around a point estimate.  Each result
 * becomes ONE sample holding the point estimate (ns/op, and MB/s or
 * elem/s for a `thrpt:` line), preceded by a context record for that
 * benchmark that keeps the interval, the change against the last run, the
 * verdict and the outliers (docs/records.md, "criterion").  Criterion's
 * `--output-format bencher` lines (`test NAME ... bench: N ns/iter (+/-
 * M)`) are read too, by benchline.h as the libtest plugin reads them.  The
 * measurements themselves are in target/criterion: the criterion-tree
 * plugin reads that.
 *
 * The console form arrives line by line and a result spans several lines
 * (time, thrpt, change, verdict, outliers), so one result is held until the
 * next line that is not part of it.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "benchline.h"
#include "bt-plugin.h"
#include "numtext.h"
#include "plugrec.h"
#include "plugstr.h"
#include "units.h"

#define EXPORT __attribute__((visibility("default")))

/* One [low estimate high] triple converted to a base unit. */
struct est {
	const char *unit; /* "ns/op", "MB/s", "elem/s" */
	int better;
	double val[3];
	char txt[3][NUMTEXT_MAX]; /* exact text, or "" when converted */
	char key[2][32];	  /* "UNIT.low", "UNIT.high" */
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
	size_t results, unreadable; /* results and bench lines read, not */
	char why[128];
	char numbuf[8][NUMTEXT_MAX];
};

/* --- strings -------------------------------------------------------------- */

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static void oom(struct crit *c)
{
	c->host->error(c->host->ctx, "out of memory");
}

/* --- numbers -------------------------------------------------------------- */

/* Convert number p[0..n) in unit u into its exact text and value.  0, or
 * -1 when not a finite number. */
static int convert(const char *p, size_t n, const struct unit_conv *u,
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
	const struct unit_conv *u = NULL, *ui;
	const char *num, *un;
	size_t i = 0, nn, un_n;
	int k;

	for (k = 0; k < 3; k++) {
		nn = token(p, n, &i, &num);
		un_n = token(p, n, &i, &un);
		ui = unit_lookup(un, un_n);
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

/* The text of e's k-th number: as converted exactly, or formatted. */
static struct bt_str est_text(struct crit *c, struct est *e, int k, int slot)
{
	if (e->txt[k][0])
		return bt_cstr(e->txt[k]);
	numtext_double(c->numbuf[slot], e->val[k]);
	return bt_cstr(c->numbuf[slot]);
}

/* The console result collected so far: its context, then its sample. */
static void flush_result(struct crit *c)
{
	struct plug_config cf = {0};
	struct bt_metric m[2];
	struct bt_record r = {0};
	size_t i;

	if (!c->have)
		return;
	c->have = 0;
	c->in_change = 0;
	plug_config_add(&cf, "benchmark", view(&c->name));
	plug_config_add(&cf, "samples", view(&c->nsamples));
	plug_config_add(&cf, "time", view(&c->time));
	if (c->nest > 1)
		plug_config_add(&cf, "thrpt", view(&c->thrpt));
	for (i = 0; i < c->nest; i++) {
		plug_config_add(&cf, c->est[i].key[0],
				est_text(c, &c->est[i], 0, (int)i * 3));
		plug_config_add(&cf, c->est[i].unit,
				est_text(c, &c->est[i], 1, (int)i * 3 + 1));
		plug_config_add(&cf, c->est[i].key[1],
				est_text(c, &c->est[i], 2, (int)i * 3 + 2));
		m[i].unit = bt_cstr(c->est[i].unit);
		m[i].value = c->est[i].val[1];
		m[i].text = bt_cstr(c->est[i].txt[1]);
		m[i].better = c->est[i].better;
	}
	plug_config_add(&cf, "change", view(&c->change));
	plug_config_add(&cf, "change.thrpt", view(&c->change_thrpt));
	plug_config_add(&cf, "verdict", view(&c->verdict));
	plug_config_add(&cf, "outliers", view(&c->outliers));
	plug_context(c->host, &cf);
	c->results++;
	r.kind = BT_KIND_SAMPLE;
	r.name = view(&c->name);
	r.metrics = m;
	r.nmetrics = c->nest;
	c->host->emit(c->host->ctx, &r);
}

/* A criterion benchmark started but printed no result: it panicked (the
 * panic itself went to stderr) or the run was cut short. */
static void running_done(struct crit *c, int failed)
{
	if (failed && c->running.n)
		plug_failure(c->host, (struct bt_str){0}, view(&c->running),
			     BT_STR("started but printed no result"), 1);
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
	const char *t = str_rfind(p, n, "time:");
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
	name.s = str_trim(name.s, &name.n);
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

	q = str_trim(q, &qn);
	if (starts(p, n, "Found ") && str_find(p, n, " outliers among "))
		return str_set(&c->outliers, p, n) ? -1 : 1;
	if (n == 0 || !is_space(p[0]))
		return 0;
	if (starts(q, qn, "change:")) {
		q += 7, qn -= 7;
		q = str_trim(q, &qn);
		c->in_change = qn == 0;
		return qn && str_set(&c->change, q, qn) ? -1 : 1;
	}
	if (starts(q, qn, "time:") && c->in_change) {
		q += 5, qn -= 5;
		q = str_trim(q, &qn);
		return str_set(&c->change, q, qn) ? -1 : 1;
	}
	if (starts(q, qn, "thrpt:")) {
		const char *v = q + 6;
		size_t vn = qn - 6;

		v = str_trim(v, &vn);
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

/* A line that is not part of a console result. */
static int other_line(struct crit *c, const char *p, size_t n)
{
	struct benchline b;
	int r;

	if (n == 0)
		return 0;
	if (starts(p, n, "Benchmarking ")) {
		c->loose.n = 0;
		return benchmarking(c, p, n);
	}
	if ((r = benchline_parse(p, n, &b, c->why, sizeof c->why)) > 0) {
		benchline_emit(&b, c->host);
		c->results++;
		return 0;
	}
	if (r < 0) {
		c->host->warn(c->host->ctx, c->why);
		c->unreadable++;
		return 0;
	}
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
	if (*n && (*p)[*n - 1] == '\r')
		(*n)--;
	return str_decolour(&c->line, p, n);
}

static int crit_line(void *st, const char *p, size_t n)
{
	struct crit *c = st;
	int r;

	if (decolour(c, &p, &n))
		goto nomem;
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

	flush_result(c);
	running_done(c, 1);
	if (c->unreadable && !c->results) {
		char msg[200];

		snprintf(msg, sizeof msg,
			 "no result could be read (%zu unreadable bench lines)",
			 c->unreadable);
		c->host->error(c->host->ctx, msg);
		return -1;
	}
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
	free(c);
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

	while ((t = str_find(t, (size_t)(e - t), "time:   ["))) {
		const char *q = t + 9, *tok;
		size_t i = 0, k;

		t += 9;
		if (!token(q, (size_t)(e - q), &i, &tok))
			continue;
		k = token(q, (size_t)(e - q), &i, &tok);
		if (unit_lookup(tok, k))
			return 1;
	}
	return 0;
}

/*
 * A result line is certain; criterion's own words (its warnings, the
 * plotters notice, "Benchmarking") are good signs.  Bench lines with
 * those signs are criterion's --output-format bencher; bench lines alone
 * are libtest's, which the libtest plugin claims higher.
 */
static int crit_probe(const char *p, size_t n)
{
	int words = line_with(p, n, "Benchmarking ", 0) ||
		    line_with(p, n, "Gnuplot not found", 0) ||
		    str_find(p, n, "Criterion.rs");

	if (result_seen(p, n))
		return 90;
	if (line_with(p, n, "test ", 0) && str_find(p, n, " ... bench: "))
		return words ? 85 : 40;
	if (line_with(p, n, "Benchmarking ", 0) &&
	    (str_find(p, n, ": Warming up for ") ||
	     str_find(p, n, ": Collecting ")))
		return 80;
	return words ? 60 : 0;
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
    .description = "Rust criterion.rs console output (and its "
		   "--output-format bencher lines)",
    .probe = crit_probe,
    .open = crit_open,
    .line = crit_line,
    .finish = crit_finish,
    .close = crit_close,
    .selector = crit_selector,
};

EXPORT const struct bt_plugin *bt_plugin_descriptor(void)
{
	return &plugin;
}
