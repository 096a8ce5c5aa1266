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
 * it with Welch's t-test.  Part of the kit (common/, libbtkit.a) that
 * every plugin links.
 */
#ifndef BT_SUMMARY_H
#define BT_SUMMARY_H

#include <stddef.h>

#include "bt-plugin.h"
#include "numtext.h"

/* The next word of [*p, end) (bytes other than space, tab, '\r') in *w;
 * 0 when there is none.  *p moves past it. */
int sum_word(const char **p, const char *end, struct bt_str *w);

/* p[0..n) without leading and trailing white space. */
struct bt_str sum_trim(const char *p, size_t n);

int sum_eq(struct bt_str s, const char *lit);

/* The power of ten that turns a time unit into ns ("us" → 3), or -1 when
 * unit is not one: ns, us, µs, μs, ms, s (and sec, seconds). */
int sum_time_shift(struct bt_str u);

/* The number num (a decimal literal, thousands separators ',' removed)
 * scaled by 10^shift into text (NUMTEXT_MAX) and *v; 0, or -1 when it is
 * no number or not finite. */
int sum_number(struct bt_str num, int shift, char *text, double *v);

/* A time "num unit" in ns; 0 or -1 as sum_number (also for a unit that is
 * not a time). */
int sum_time(struct bt_str num, struct bt_str unit, char *text, double *v);

/* Stats of one metric: n, mean, stddev; the optional ones NaN. */
struct bt_stats sum_stats(const char *unit, double n, double mean,
			  double stddev);

/*
 * The standard deviation of n measurements whose mean has a relative
 * margin of error rme (percent, at 95 % confidence), as benchmark.js and
 * tinybench print it: rme = t × stddev / √n / mean × 100, t the 97.5 %
 * quantile of Student's t with n − 1 degrees of freedom: benchmark.js's
 * table up to 30, then 1.96; with exact (tinybench), beyond 30 the
 * Cornish–Fisher expansion of t in the normal quantile (within 1e-4).
 * NaN when rme < 0 or n < 2.
 */
double sum_rme_sd(double mean, double rme, double n, int exact);

/*
 * A rate of ops operations per second with a relative margin of error rme
 * (percent) from n samples: fills m[0] with ns/op = 1e9 / ops and m[1]
 * with ops/s (the rate as printed in ops_text, higher is better), and
 * st[0], st[1] with their stats: the same relative spread for both (the
 * delta method), stderr = stddev / √n.  Returns how many stats entries it
 * filled (0 when rme < 0 or n < 2); ops_text must outlive m.
 */
size_t sum_rate(double ops, const char *ops_text, double rme, double n,
		struct bt_metric m[2], struct bt_stats st[2]);
#endif
