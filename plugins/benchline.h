/*
 * benchline.h — one libtest-style bench line:
 *
 *	test NAME ... bench:     1,234 ns/iter (+/- 56) = 789 MB/s
 *
 * Rust's libtest prints it for #[bench] functions and criterion prints the
 * same line for `--output-format bencher`, so the libtest and criterion
 * plugins both read it through this header: the line is one idea, parsed
 * once.  The number carries thousands separators; its unit is a time per
 * iteration (ns, µs, ms, s per iter: converted exactly to ns/op by moving
 * the decimal point) or one of criterion's custom measurements
 * ("cycles/iter", "MS/s"), which has no base unit and is kept as printed.
 * The (+/- M) spread is in the same unit and is converted the same way.
 *
 * Header-only (static inline) so each plugin and its fuzz target compile
 * without a library; allocation-free: the parsed line points into the
 * input and into the struct's own buffers.
 */
#ifndef BT_BENCHLINE_H
#define BT_BENCHLINE_H

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "bt-plugin.h"
#include "numtext.h"
#include "plugstr.h"

/* A parsed bench line.  Strings point into the line or into the struct. */
struct benchline {
	struct bt_str name;
	struct bt_metric m[2]; /* the time (or custom unit), MB/s */
	size_t nm;
	struct bt_str range; /* the (+/- M) spread in m[0]'s unit, or "" */
	char range_key[48];  /* "UNIT.range" */
	char txt[3][NUMTEXT_MAX];
};

static inline int benchline_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* The next blank-separated token of p[0..n) from *i, or length 0. */
static inline size_t benchline_token(const char *p, size_t n, size_t *i,
				     const char **tok)
{
	size_t s;

	while (*i < n && benchline_space(p[*i]))
		(*i)++;
	s = *i;
	while (*i < n && !benchline_space(p[*i]))
		(*i)++;
	*tok = p + s;
	return *i - s;
}

/* The power of ten from a time per iteration unit u[0..n) to ns/op, or -1
 * when u is not one ("cycles/iter", "MS/s"). */
static inline int benchline_time_shift(const char *u, size_t n)
{
	static const struct {
		const char *unit;
		int shift;
	} tu[] = {{"ns/iter", 0},	 {"\xc2\xb5s/iter", 3}, /* µ */
		  {"\xce\xbcs/iter", 3}, /* μ */ {"us/iter", 3},
		  {"ms/iter", 6},	 {"s/iter", 9}};
	size_t i;

	for (i = 0; i < sizeof tu / sizeof tu[0]; i++)
		if (strlen(tu[i].unit) == n && !memcmp(tu[i].unit, u, n))
			return tu[i].shift;
	return -1;
}

/* The number p[0..n) without thousands separators, scaled by 10^shift into
 * out; 0, or -1 when it is not a finite number. */
static inline int benchline_number(const char *p, size_t n, int shift,
				   char out[NUMTEXT_MAX], double *v)
{
	char raw[NUMTEXT_MAX];
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		if (p[i] == ',')
			continue;
		if (o + 1 == sizeof raw)
			return -1;
		raw[o++] = p[i];
	}
	raw[o] = '\0';
	if (!o || numtext_shift(raw, o, shift, out, v) || !isfinite(*v))
		return -1;
	return 0;
}

/*
 * Parse p[0..n).  1 when it is a bench line (b filled), 0 when it is no
 * bench line at all, -1 when it is one that cannot be read (why in err).
 */
static inline int benchline_parse(const char *p, size_t n, struct benchline *b,
				  char *err, size_t errn)
{
	const char *dots, *q, *tok, *unit;
	size_t i = 0, k, qn, un;
	double rv;
	int shift;

	if (n < 5 || memcmp(p, "test ", 5) != 0 ||
	    !(dots = str_find(p + 4, n - 4, " ... bench:")))
		return 0;
	memset(b, 0, sizeof *b);
	b->name.s = p + 4; /* dots may be right there: "test ... bench:" */
	b->name.n = (size_t)(dots - b->name.s);
	while (b->name.n && benchline_space(b->name.s[b->name.n - 1]))
		b->name.n--;
	while (b->name.n && benchline_space(b->name.s[0]))
		b->name.s++, b->name.n--;
	if (b->name.n == 0) {
		snprintf(err, errn, "bench line without a name");
		return -1;
	}
	q = dots + 11;
	qn = (size_t)(p + n - q);
	k = benchline_token(q, qn, &i, &tok);
	un = benchline_token(q, qn, &i, &unit);
	if (!un) {
		snprintf(err, errn, "bench line without a unit");
		return -1;
	}
	shift = benchline_time_shift(unit, un);
	if (benchline_number(tok, k, shift < 0 ? 0 : shift, b->txt[0],
			     &b->m[0].value)) {
		snprintf(err, errn, "bench line without a number");
		return -1;
	}
	b->m[0].text = bt_cstr(b->txt[0]);
	b->m[0].unit = shift < 0 ? (struct bt_str){unit, un} : BT_STR("ns/op");
	b->m[0].better = shift < 0 ? BT_BETTER_DEFAULT : BT_BETTER_LOWER;
	b->nm = 1;
	k = benchline_token(q, qn, &i, &tok);
	if (k == 4 && memcmp(tok, "(+/-", 4) == 0) {
		k = benchline_token(q, qn, &i, &tok);
		if (k && tok[k - 1] == ')')
			k--;
		if (!benchline_number(tok, k, shift < 0 ? 0 : shift, b->txt[1],
				      &rv)) {
			b->range = bt_cstr(b->txt[1]);
			snprintf(b->range_key, sizeof b->range_key,
				 "%.*s.range", (int)b->m[0].unit.n,
				 b->m[0].unit.s);
		}
		k = benchline_token(q, qn, &i, &tok);
	}
	if (k == 1 && tok[0] == '=') {
		k = benchline_token(q, qn, &i, &tok);
		if (!benchline_number(tok, k, 0, b->txt[2], &b->m[1].value) &&
		    benchline_token(q, qn, &i, &unit) == 4 &&
		    !memcmp(unit, "MB/s", 4) &&
		    !(b->m[0].unit.n == 4 &&
		      !memcmp(b->m[0].unit.s, "MB/s", 4))) {
			b->m[1].unit = BT_STR("MB/s");
			b->m[1].text = bt_cstr(b->txt[2]);
			b->m[1].better = BT_BETTER_HIGHER;
			b->nm = 2;
		}
	}
	return 1;
}

/* Emit the line's context (when it has a spread: benchmark, UNIT.range)
 * and its sample through host. */
static inline void benchline_emit(const struct benchline *b,
				  const struct bt_host *host)
{
	struct bt_label l[2];
	struct bt_record r = {0};

	if (b->range.n) {
		l[0] = (struct bt_label){BT_STR("benchmark"), b->name};
		l[1] = (struct bt_label){bt_cstr(b->range_key), b->range};
		r.kind = BT_KIND_CONTEXT;
		r.labels = l;
		r.nlabels = 2;
		host->emit(host->ctx, &r);
		memset(&r, 0, sizeof r);
	}
	r.kind = BT_KIND_SAMPLE;
	r.name = b->name;
	r.metrics = b->m;
	r.nmetrics = b->nm;
	host->emit(host->ctx, &r);
}

#endif
