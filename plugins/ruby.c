/*
 * ruby.c — the plugin for Ruby's benchmark output: the standard library's
 * Benchmark (bm, bmbm) and the benchmark-ips gem.
 *
 * Benchmark prints one report line per block, times in seconds:
 *
 *	              user     system      total        real
 *	sort!     1.460000   0.000000   1.460000 (  1.460465)
 *
 * Each line becomes one sample of one run of the block: the real (wall)
 * time in ns/op and the CPU time (total = user + system) in cpu-ns/op,
 * both converted exactly.  bmbm first prints a rehearsal (between
 * "Rehearsal ---" and "--- total: Xsec"), whose lines are warm-up and not
 * results; the second table is.  The label is as printed, trimmed
 * ("for:", and ">total:" for a report's extra rows).
 *
 * benchmark-ips prints, under "Calculating ---":
 *
 *	            addition     36.209M (± 2.8%) i/s   (27.62 ns/i) - 182.253M
 *in   5.037433s
 *
 * a mean rate over the runs it timed, with its relative spread; the runs
 * themselves are not printed.  Such a line becomes one sample with the
 * rate as ops/s and its inverse as ns/op (1e9 / rate), and a context
 * record keeping the spread (ops/s.rme, percent) and the iterations and
 * time behind it.  The name may stand alone on the line before when it
 * is long.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bt-plugin.h"
#include "numtext.h"
#include "plugstr.h"

#define EXPORT __attribute__((visibility("default")))

struct ruby {
	const struct bt_host *host;
	int rehearsal;	    /* inside bmbm's rehearsal table */
	int ips;	    /* inside benchmark-ips's "Calculating" section */
	struct str pending; /* an ips name alone on its line */
	char numbuf[4][NUMTEXT_MAX];
};

static int space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static int digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The token of non-blanks ending at p[*e) going left; its start in *s. */
static int token_left(const char *p, size_t *e, size_t *s)
{
	while (*e && space(p[*e - 1]))
		(*e)--;
	*s = *e;
	while (*s && !space(p[*s - 1]))
		(*s)--;
	return *s < *e;
}

/* p[0..n) is a plain decimal ("1.460465")? */
static int decimal(const char *p, size_t n)
{
	size_t i, dots = 0;

	if (!n || !digit(p[0]) || !digit(p[n - 1]))
		return 0;
	for (i = 0; i < n; i++)
		if (p[i] == '.')
			dots++;
		else if (!digit(p[i]))
			return 0;
	return dots <= 1;
}

/* --- Benchmark ------------------------------------------------------------ */

/* "LABEL user system total ( real)": 1 when it is one and was emitted. */
static int bm_line(struct ruby *r, const char *p, size_t n)
{
	size_t e = n, s, open, k;
	const char *num[4];
	size_t len[4];
	struct bt_record rec = {0};
	struct bt_metric m[2];
	struct bt_str label;

	while (e && space(p[e - 1]))
		e--;
	if (!e || p[e - 1] != ')')
		return 0;
	for (open = e - 1; open > 0 && p[open - 1] != '('; open--)
		;
	if (!open)
		return 0;
	s = open;
	len[3] = e - 1 - s;
	num[3] = str_trim(p + s, &len[3]);
	if (!decimal(num[3], len[3]))
		return 0;
	e = open - 1;
	for (k = 3; k-- > 0;) {
		if (!token_left(p, &e, &s) || !decimal(p + s, e - s))
			return 0;
		num[k] = p + s;
		len[k] = e - s;
		e = s;
	}
	label.s = p;
	label.n = e;
	label.s = str_trim(label.s, &label.n);
	if (numtext_shift(num[3], len[3], 9, r->numbuf[0], &m[0].value) ||
	    numtext_shift(num[2], len[2], 9, r->numbuf[1], &m[1].value))
		return 0;
	m[0].unit = BT_STR("ns/op");
	m[0].text = bt_cstr(r->numbuf[0]);
	m[0].better = BT_BETTER_LOWER;
	m[1].unit = BT_STR("cpu-ns/op");
	m[1].text = bt_cstr(r->numbuf[1]);
	m[1].better = BT_BETTER_LOWER;
	if (r->rehearsal)
		return 1; /* warm-up: not a result */
	if (!label.n) {
		r->host->warn(r->host->ctx,
			      "a report without a label; skipped");
		return 1;
	}
	rec.kind = BT_KIND_SAMPLE;
	rec.name = label;
	rec.metrics = m;
	rec.nmetrics = 2;
	r->host->emit(r->host->ctx, &rec);
	return 1;
}

/* --- benchmark-ips -------------------------------------------------------- */

/* "36.209M" (k, M, B, T: 10^3 … 10^12, as benchmark-ips scales) into out;
 * 0, or -1 when not such a number. */
static int scaled(const char *p, size_t n, char out[NUMTEXT_MAX], double *v)
{
	int shift = 0;

	if (n && strchr("kMBT", p[n - 1])) {
		shift = p[n - 1] == 'k'	  ? 3
			: p[n - 1] == 'M' ? 6
			: p[n - 1] == 'B' ? 9
					  : 12;
		n--;
	}
	if (!decimal(p, n) || numtext_shift(p, n, shift, out, v))
		return -1;
	return 0;
}

/*
 * "NAME RATE (± X%) i/s [(T ns/i)] - ITERS in SECONDSs": 1 when it is one
 * (emitted), 0 when not.  name may be given (the line before), else it
 * is the start of the line.
 */
static int ips_line(struct ruby *r, const char *p, size_t n)
{
	const char *pm = NULL, *q, *e = p + n;
	size_t i, nn, rn, pn, in = 0, sn = 0;
	const char *rate, *pct, *iters = NULL, *secs = NULL;
	struct bt_label l[4];
	struct bt_record rec = {0};
	struct bt_metric m[2];
	struct bt_str name;
	double ops, spread;
	char sbuf[NUMTEXT_MAX];

	for (i = 0; i + 4 <= n; i++)
		if (!memcmp(p + i, "(\xc2\xb1 ", 4)) { /* "(± " */
			pm = p + i;
			break;
		}
	if (!pm)
		return 0;
	/* the rate: the token before "(±" */
	i = (size_t)(pm - p);
	if (!token_left(p, &i, &nn))
		return 0;
	rate = p + nn;
	rn = i - nn;
	name.s = p;
	name.n = nn;
	name.s = str_trim(name.s, &name.n);
	if (!name.n)
		name = view(&r->pending);
	if (!name.n)
		return 0;
	pct = pm + 4;
	for (q = pct; q < e && (digit(*q) || *q == '.'); q++)
		;
	pn = (size_t)(q - pct);
	if (q + 6 > e || memcmp(q, "%) i/s", 6) != 0)
		return 0;
	if (scaled(rate, rn, r->numbuf[0], &ops) || !(ops > 0))
		return 0;
	/* " - ITERS in SECONDSs" */
	for (q += 6; q + 3 < e && memcmp(q, " - ", 3); q++)
		;
	if (q + 3 < e) {
		iters = q + 3;
		while (iters < e && space(*iters))
			iters++;
		for (in = 0; iters + in < e && !space(iters[in]); in++)
			;
		q = iters + in;
		if (q + 4 <= e && !memcmp(q, " in ", 4)) {
			secs = q + 4;
			while (secs < e && space(*secs))
				secs++;
			sn = (size_t)(e - secs);
			secs = str_trim(secs, &sn);
			if (sn && secs[sn - 1] == 's')
				sn--;
		}
	}
	m[0] = (struct bt_metric){BT_STR("ns/op"), 1e9 / ops, BT_STR(""),
				  BT_BETTER_LOWER};
	m[1] = (struct bt_metric){BT_STR("ops/s"), ops, bt_cstr(r->numbuf[0]),
				  BT_BETTER_HIGHER};
	l[0] = (struct bt_label){BT_STR("benchmark"), name};
	rec.nlabels = 1;
	if (pn && !numtext_shift(pct, pn, 0, sbuf, &spread))
		l[rec.nlabels++] =
		    (struct bt_label){BT_STR("ops/s.rme"), {pct, pn}};
	if (iters && !scaled(iters, in, r->numbuf[1], &spread))
		l[rec.nlabels++] = (struct bt_label){BT_STR("iterations"),
						     bt_cstr(r->numbuf[1])};
	if (secs && decimal(secs, sn))
		l[rec.nlabels++] =
		    (struct bt_label){BT_STR("seconds"), {secs, sn}};
	rec.kind = BT_KIND_CONTEXT;
	rec.labels = l;
	r->host->emit(r->host->ctx, &rec);
	memset(&rec, 0, sizeof rec);
	rec.kind = BT_KIND_SAMPLE;
	rec.name = name;
	rec.metrics = m;
	rec.nmetrics = 2;
#if BT_PLUGIN_ABI_VERSION >= 2
	rec.summary_only = 1; /* a mean rate; no count to judge it by */
#endif
	r->host->emit(r->host->ctx, &rec);
	r->pending.n = 0;
	return 1;
}

/* --- the ABI -------------------------------------------------------------- */

static int ruby_line(void *st, const char *p, size_t n)
{
	struct ruby *r = st;
	const char *t;
	size_t tn = n;

	t = str_trim(p, &tn);
	if (starts(t, tn, "Rehearsal ---")) {
		r->rehearsal = 1;
		return 0;
	}
	if (r->rehearsal && starts(t, tn, "---") && tn > 3 &&
	    memmem(t, tn, " total: ", 8)) {
		r->rehearsal = 0;
		return 0;
	}
	if (starts(t, tn, "Calculating ---")) {
		r->ips = 1;
		return 0;
	}
	if (starts(t, tn, "Warming up ---") || starts(t, tn, "Comparison:")) {
		r->ips = 0;
		return 0;
	}
	if (r->ips) {
		if (ips_line(r, p, n))
			return 0;
		/* a long name stands alone; the numbers follow */
		if (tn && !memchr(t, ' ', tn) && str_set(&r->pending, t, tn)) {
			r->host->error(r->host->ctx, "out of memory");
			return -1;
		}
		return 0;
	}
	bm_line(r, p, n);
	return 0;
}

static int ruby_finish(void *st)
{
	(void)st;
	return 0;
}

static void *ruby_open(const struct bt_host *host)
{
	struct ruby *r = calloc(1, sizeof *r);

	if (r)
		r->host = host;
	return r;
}

static void ruby_close(void *st)
{
	struct ruby *r = st;

	if (r)
		free(r->pending.s);
	free(r);
}

/* Benchmark's header ("user     system      total        real") or
 * benchmark-ips's section titles. */
static int ruby_probe(const char *p, size_t n)
{
	const char *h =
	    memmem(p, n, "user     system      total        real", 38);

	if (h)
		return 80;
	if (memmem(p, n, "Calculating -----", 17) ||
	    (memmem(p, n, "Warming up -----", 16) &&
	     memmem(p, n, " i/100ms", 8)))
		return 80;
	if (memmem(p, n, "Rehearsal -----", 15))
		return 60;
	return 0;
}

static const struct bt_plugin plugin = {
    .abi_version = BT_PLUGIN_ABI_VERSION,
    .name = "ruby",
    .description = "Ruby Benchmark (bm, bmbm) and benchmark-ips output",
    .probe = ruby_probe,
    .open = ruby_open,
    .line = ruby_line,
    .finish = ruby_finish,
    .close = ruby_close,
};

EXPORT const struct bt_plugin *bt_plugin_descriptor(void)
{
	return &plugin;
}
