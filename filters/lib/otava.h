/*
 * otava.h — change points as Apache Otava (Hunter) finds them, so that
 * `bt-history changes --method otava` gives the indices Otava gives.
 * Owned by the history helper (issue 17).
 *
 * The one idea: E-divisive (Matteson & James) run in sliding windows of
 * `window` values (step window/2) with a relaxed significance level finds
 * "weak" change points; a merge pass then drops the weakest one at a time
 * (highest p, or, once every p is below max_p, smallest relative change
 * while it is at most min_magnitude) and recomputes its neighbours.  The
 * significance test is Student's pooled two-sample t-test fed population
 * standard deviations (ddof 0), as Otava feeds scipy.  The first pass uses
 * 10 × max_p below 0.05, 2 × max_p below 0.5, else max_p.
 *
 * Pure functions on arrays of doubles; no I/O, no global state.
 */
#ifndef BT_OTAVA_H
#define BT_OTAVA_H

#include <stddef.h>

/* What the t-test says about the values on either side of a change. */
struct otava_stats {
	double mean1, mean2; /* before, after */
	double sd1, sd2;     /* population standard deviations */
	double p;	     /* two-sided p of the pooled t-test; NaN for 0/0 */
};

struct otava_cp {
	size_t index; /* first value of the new segment (0-based) */
	double qhat;  /* E-divisive statistic that proposed it */
	struct otava_stats s;
};

/* The change points of x[0..n) in increasing index, stored in *out
 * (allocated; the caller frees it, NULL when none).  window >= 2.
 * Returns how many. */
size_t otava_changes(const double *x, size_t n, size_t window, double max_p,
		     double min_magnitude, struct otava_cp **out);

/* Otava's test of x[0..n1) against y[0..n2): means, population sds and
 * the pooled t-test's p (1 when n1 + n2 <= 2). */
void otava_ttest(const double *x, size_t n1, const double *y, size_t n2,
		 struct otava_stats *s);

/* max(|mean2/mean1 − 1|, |mean1/mean2 − 1|), a zero mean counting 0. */
double otava_magnitude(const struct otava_stats *s);

#endif
