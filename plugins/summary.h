/*
 * summary.h — what the plugins of summary-only tools share: words of a
 * console line, times with a unit suffix, rates turned into times, and the
 * summary statistics of one sample (docs/records.md, "Summary
 * statistics").
 *
 * Catch2's console, benchmark.js, BenchmarkDotNet, JMH and their kin print
 * a mean, a spread and a count instead of measurements.  Such a result is
 * one sample whose metric is the tool's central value, with
 * summary_only = 1 and a struct bt_stats per metric saying how many
 * measurements it stands for and how they spread, so bt-compare can judge
 * it with Welch's t-test.  Header-only (static functions), like the rest
 * of the plugin kit.
 */
#ifndef BT_SUMMARY_H
#define BT_SUMMARY_H

#include <math.h>
#include <string.h>

#include "bt-plugin.h"
#include "numtext.h"

/* The next word of [*p, end) (bytes other than space, tab, '\r') in *w;
 * 0 when there is none.  *p moves past it. */
static int sum_word(const char **p, const char *end, struct bt_str *w)
{
	const char *q = *p;

	while (q < end && (*q == ' ' || *q == '\t' || *q == '\r'))
		q++;
	w->s = q;
	while (q < end && *q != ' ' && *q != '\t' && *q != '\r')
		q++;
	w->n = (size_t)(q - w->s);
	*p = q;
	return w->n > 0;
}

/* p[0..n) without leading and trailing white space. */
static struct bt_str sum_trim(const char *p, size_t n)
{
	struct bt_str s = {p, n};

	while (s.n && strchr(" \t\r", s.s[0]) && s.s[0])
		s.s++, s.n--;
	while (s.n && strchr(" \t\r", s.s[s.n - 1]) && s.s[s.n - 1])
		s.n--;
	return s;
}

static int sum_eq(struct bt_str s, const char *lit)
{
	return s.n == strlen(lit) && memcmp(s.s, lit, s.n) == 0;
}

/* The power of ten that turns a time unit into ns ("us" → 3), or -1 when
 * unit is not one: ns, us, µs, μs, ms, s (and sec, seconds). */
static int sum_time_shift(struct bt_str u)
{
	if (sum_eq(u, "ns"))
		return 0;
	if (sum_eq(u, "us") || sum_eq(u, "\xc2\xb5s") || sum_eq(u, "\xce\xbcs"))
		return 3;
	if (sum_eq(u, "ms"))
		return 6;
	if (sum_eq(u, "s") || sum_eq(u, "sec") || sum_eq(u, "seconds"))
		return 9;
	return -1;
}

/* The number num (a decimal literal, thousands separators ',' removed)
 * scaled by 10^shift into text (NUMTEXT_MAX) and *v; 0, or -1 when it is
 * no number or not finite. */
static int sum_number(struct bt_str num, int shift, char *text, double *v)
{
	char d[NUMTEXT_MAX];
	size_t i, k = 0;

	for (i = 0; i < num.n; i++)
		if (num.s[i] != ',') {
			if (k + 1 >= sizeof d)
				return -1;
			d[k++] = num.s[i];
		}
	if (numtext_shift(d, k, shift, text, v) || !isfinite(*v))
		return -1;
	return 0;
}

/* A time "num unit" in ns; 0 or -1 as sum_number (also for a unit that is
 * not a time). */
static int sum_time(struct bt_str num, struct bt_str unit, char *text,
		    double *v)
{
	int shift = sum_time_shift(unit);

	return shift < 0 ? -1 : sum_number(num, shift, text, v);
}

/* Stats of one metric: n, mean, stddev; the optional ones NaN. */
static struct bt_stats sum_stats(const char *unit, double n, double mean,
				 double stddev)
{
	struct bt_stats s = {bt_cstr(unit), n,	 mean, stddev,
			     NAN,	    NAN, NAN,  NAN};
	return s;
}

/*
 * The standard deviation of n measurements whose mean has a relative
 * margin of error rme (percent, at 95 % confidence), as benchmark.js and
 * tinybench print it: rme = t × stddev / √n / mean × 100, t the 97.5 %
 * quantile of Student's t with n − 1 degrees of freedom: benchmark.js's
 * table up to 30, then 1.96; with exact (tinybench), beyond 30 the
 * Cornish–Fisher expansion of t in the normal quantile (within 1e-4).
 * NaN when rme < 0 or n < 2.
 */
static double sum_rme_sd(double mean, double rme, double n, int exact)
{
	static const double t975[] = {
	    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306,
	    2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120,
	    2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
	    2.060,  2.056, 2.052, 2.048, 2.045, 2.042};
	double t;

	if (!(rme >= 0) || !(n >= 2) || !isfinite(mean))
		return NAN;
	t = n - 1 <= 30 ? t975[(int)n - 2] : 1.96;
	if (exact && n - 1 > 30) {
		double z = 1.959963984540054, v = n - 1, z2 = z * z;

		t = z + (z2 * z + z) / (4 * v) +
		    (5 * z2 * z2 * z + 16 * z2 * z + 3 * z) / (96 * v * v) +
		    (3 * z2 * z2 * z2 * z + 19 * z2 * z2 * z + 17 * z2 * z -
		     15 * z) /
			(384 * v * v * v);
	}
	return rme / 100 * fabs(mean) / t * sqrt(n);
}

/*
 * A rate of ops operations per second with a relative margin of error rme
 * (percent) from n samples: fills m[0] with ns/op = 1e9 / ops and m[1]
 * with ops/s (the rate as printed in ops_text, higher is better), and
 * st[0], st[1] with their stats: the same relative spread for both (the
 * delta method), stderr = stddev / √n.  Returns how many stats entries it
 * filled (0 when rme < 0 or n < 2); ops_text must outlive m.
 */
static size_t sum_rate(double ops, const char *ops_text, double rme, double n,
		       struct bt_metric m[2], struct bt_stats st[2])
{
	double sd = sum_rme_sd(ops, rme, n, 0);

	m[0].unit = BT_STR("ns/op");
	m[0].value = 1e9 / ops;
	m[0].text = BT_STR("");
	m[0].better = BT_BETTER_LOWER;
	m[1].unit = BT_STR("ops/s");
	m[1].value = ops;
	m[1].text = bt_cstr(ops_text);
	m[1].better = BT_BETTER_HIGHER;
	if (isnan(sd) || !(ops > 0))
		return 0;
	st[0] = sum_stats("ns/op", n, m[0].value, sd / ops * m[0].value);
	st[1] = sum_stats("ops/s", n, ops, sd);
	st[0].std_error = st[0].stddev / sqrt(n);
	st[1].std_error = sd / sqrt(n);
	return 2;
}

#endif
