/*
 * stats.h — the statistics bt-cv and bt-compare judge benchmarks with:
 * pure functions on arrays of doubles, no I/O, no global state.
 *
 * The one idea: benchmark timings are not normal, so centres are medians,
 * intervals are order statistics (binomial, distribution-free) and
 * comparisons are the Mann–Whitney U test — the methods benchstat
 * (golang.org/x/perf) uses, so our p-values and verdicts agree with its.
 *
 * Functions that need the values sorted say so; stats_sort sorts in place.
 * A figure that cannot be computed (too few values, a zero mean) is NaN, and
 * the caller says so plainly rather than printing a fake number.
 */
#ifndef BT_STATS_H
#define BT_STATS_H

#include <stddef.h>

/* Sort x[0..n) ascending in place. */
void stats_sort(double *x, size_t n);

/* Arithmetic mean; NaN for n = 0. */
double stats_mean(const double *x, size_t n);

/* Sample standard deviation (n − 1 in the denominator); NaN for n < 2. */
double stats_stddev(const double *x, size_t n);

/* Coefficient of variation, stddev / mean × 100, in percent, stored in
 * *cv.  Returns 1 when it is defined, 0 when it is not (n < 2 or a mean of
 * 0; *cv is then NaN).  A negative mean divides by |mean|. */
int stats_cv(const double *x, size_t n, double *cv);

/* The same, one value at a time (Welford's update: stable where the sum of
 * squares is not), for filters that do not keep the values. */
struct stats_running {
	double n, mean, m2;
};
void stats_running_add(struct stats_running *r, double x);

/* As stats_cv for the values added so far. */
int stats_running_cv(const struct stats_running *r, double *cv);

/* Percentile p (0..100) of sorted x: Hyndman–Fan type 7, linear
 * interpolation between the closest ranks at h = (n − 1)·p/100 (the
 * default of R, NumPy and spreadsheets).  NaN for n = 0. */
double stats_percentile(const double *sorted, size_t n, double p);

/* Median of sorted x: the middle value, the mean of the two middle ones
 * for even n; NaN for n = 0. */
double stats_median(const double *sorted, size_t n);

/* Geometric mean; NaN when n = 0 or any value is <= 0. */
double stats_geomean(const double *x, size_t n);

/*
 * Distribution-free confidence interval of the median of sorted x at level
 * conf (0.95): the order statistics x(lo) and x(hi) around the median whose
 * binomial(n, 1/2) coverage first reaches conf, widening from the mode
 * towards the larger neighbour (left first on ties); for n > 30 the
 * binomial's normal approximation with continuity correction.  This is
 * benchstat's method.  *lo or *hi is -inf / +inf when the sample is too
 * small to bound that side (n < 6 at 95 %).  Returns the interval's actual
 * confidence (>= conf), NaN for n = 0.
 */
double stats_median_ci(const double *sorted, size_t n, double conf, double *lo,
		       double *hi);

/* The fewest values whose median interval at level conf is bounded on
 * both sides (6 at 95 %), for saying why a smaller sample shows "± ∞";
 * 0 when even 64 are too few. */
size_t stats_median_ci_min_n(double conf);

/*
 * Two-sided Mann–Whitney U test of x[0..n1) against y[0..n2) (need not be
 * sorted).  Exact permutation distribution of U when both samples have at
 * most 50 values and no ties, or at most 25 values with ties (mid-ranks,
 * the exact conditional distribution given the ties); otherwise the normal
 * approximation with tie correction and continuity correction.  Returns the
 * p-value; 1 when all values are equal; NaN when a side is empty.  *u, when
 * not NULL, receives U of the first sample.  Allocates scratch memory and
 * frees it.
 */
double stats_mann_whitney(const double *x, size_t n1, const double *y,
			  size_t n2, double *u);

/* The same, keeping the exact no-ties distribution of the last (n1, n2) in
 * tab (zero-initialised by the caller, freed with stats_utable_free), so
 * thousands of tests of equal sizes compute it once. */
struct stats_utable {
	size_t n1, n2;
	double *cdf; /* P(U <= u), u = 0 .. n1 n2 */
};
double stats_mann_whitney_t(struct stats_utable *tab, const double *x,
			    size_t n1, const double *y, size_t n2, double *u);
void stats_utable_free(struct stats_utable *tab);

/* The smallest two-sided p the U test can give two samples of n each
 * (2 / C(2n, n)): below alpha no difference can ever be significant. */
double stats_utest_min_p(size_t n);

/* Standard normal distribution function. */
double stats_norm_cdf(double z);

/* Quantile p (0 < p < 1) of Student's t distribution with df degrees of
 * freedom (incomplete beta, bisection); NaN outside the domain. */
double stats_t_quantile(double p, double df);

/* Survival function of Student's t with df degrees of freedom, P(T > t);
 * NaN for a NaN t or df <= 0. */
double stats_t_sf(double t, double df);

/* t(0.975, df) as the reports and the web tree have always used it for
 * the mean's 95 % interval: a six-digit table to 30, then the
 * Cornish–Fisher expansion (error < 1e-5 beyond 30); NaN for df 0. */
double stats_t975(size_t df);

/* Student's t confidence interval of the mean at level conf (0.95):
 * mean ± t(1 − (1 − conf)/2, n − 1) · s/√n.  Returns 1, or 0 with NaNs
 * for n < 2. */
int stats_mean_ci(const double *x, size_t n, double conf, double *lo,
		  double *hi);

/*
 * Welch's t-test on summary statistics (a tool's n, mean and standard
 * deviation of each side, n - 1 denominators): the two-sided p of equal
 * means, with the Welch–Satterthwaite degrees of freedom in *df when df
 * is not NULL.  Two sides without spread: 1 when the means are equal, 0
 * when not.  NaN when a side has n < 2 or a value is not finite.
 */
double stats_welch(double n1, double mean1, double sd1, double n2, double mean2,
		   double sd2, double *df);

/* Summary statistics of measurements, as a tool reports them. */
struct stats_moments {
	double n, mean, m2; /* m2: sum of squared deviations, sd² (n - 1) */
};

/* Add a group of n measurements of this mean and standard deviation to
 * acc (zeroed to start): the statistics of all of them together. */
void stats_moments_add(struct stats_moments *acc, double n, double mean,
		       double sd);

/* acc's standard deviation (n - 1); NaN for n < 2. */
double stats_moments_sd(const struct stats_moments *acc);

/* Everything bt-cv reports about one group of values. */
struct stats_summary {
	size_t n;
	double mean, median, stddev, cv, min, max;
	double p50, p95, p99;
	double ci_lo, ci_hi; /* median CI; -inf / +inf when unbounded */
	double ci_level;     /* actual confidence of [ci_lo, ci_hi] */
	int has_stddev;	     /* n >= 2 */
	int has_cv;	     /* n >= 2 and mean != 0 */
};

/* Summarise x[0..n) (n >= 1); sorts x in place.  conf is the wanted
 * confidence level of the median interval (0.95). */
void stats_summarize(double *x, size_t n, double conf, struct stats_summary *s);

/* Variance classes of the coefficient of variation (docs/records.md). */
enum stats_class {
	CLASS_UNKNOWN,	  /* CV undefined */
	CLASS_GOOD,	  /* < 5 % */
	CLASS_ACCEPTABLE, /* 5–10 % */
	CLASS_WARNING,	  /* 10–15 % */
	CLASS_HIGH,	  /* 15–30 % */
	CLASS_VERY_HIGH	  /* > 30 % */
};

enum stats_class stats_classify(double cv);

/* "good", "acceptable", "warning", "high", "very high", "unknown". */
const char *stats_class_name(enum stats_class c);

#endif
