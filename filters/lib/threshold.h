/*
 * threshold.h — Bencher's threshold models: limits for the next value of a
 * benchmark from the values before it (`bt-history check`).  Owned by the
 * history helper (issue 17).
 *
 * The one idea: each model turns a window of past values into a lower and
 * an upper limit, and a value strictly outside a limit that is set is an
 * alert (equal passes).  The formulas are Bencher's (bencher_boundary):
 *   static      the boundary itself is the limit
 *   percentage  mean · (1 ± boundary), boundary a fraction (0.10)
 *   z_score     upper = the normal(mean, sd) quantile at boundary
 *   t_test      upper = Student's t quantile at boundary, df n − 1, scale
 *               sd·√(1 + 1/n): a prediction interval for one new value
 *   log_normal  upper = exp(μ + σ·z(boundary)), μ and σ of ln(values)
 *   iqr         median ± boundary · (Q3 − Q1)
 *   delta_iqr   median ± median · boundary · IQR of the sorted relative
 *               changes |v[i+1] − v[i]| / v[i]
 * sd is with n − 1; the lower limit of z_score, t_test and log_normal is
 * the upper quantile reflected about the baseline (the mean, exp(μ) for
 * log_normal): 2·baseline − upper.  Quartiles interpolate linearly at rank
 * p·(n − 1).  A cdf boundary lies in [0.5, 1).
 *
 * Pure functions; no I/O, no global state.
 */
#ifndef BT_THRESHOLD_H
#define BT_THRESHOLD_H

#include <stddef.h>

enum th_model {
	TH_STATIC,
	TH_PERCENTAGE,
	TH_Z_SCORE,
	TH_T_TEST,
	TH_LOG_NORMAL,
	TH_IQR,
	TH_DELTA_IQR,
	TH_NMODELS
};

/* The model called name ("t_test"), or -1. */
int th_model_parse(const char *name);
const char *th_model_name(int model);

/* The boundary a model uses when none is given: 0.99 for the cdf models,
 * 0.10 for percentage, 3 for iqr and delta_iqr; NaN for static (which
 * needs one). */
double th_default_boundary(int model);

/* Whether boundary b is valid for the model (cdf models: 0.5 <= b < 1;
 * percentage, iqr, delta_iqr: b >= 0; static: finite). */
int th_boundary_ok(int model, double b);

/* The limits for the value after h[0..n) (oldest first): *lo when lower
 * is set, *hi when upper is (NaN otherwise).  Returns 1, or 0 when the
 * history cannot give them (too few values, zero spread, a non-positive
 * value for log_normal, a zero median for delta_iqr); the limits are then
 * NaN. */
int th_limits(int model, double boundary, const double *h, size_t n, int lower,
	      int upper, double *lo, double *hi);

/* 1 when v is strictly outside a limit that is set (not NaN). */
int th_alert(double v, double lo, double hi);

/* Standard normal quantile (Newton on erfc from a rational start). */
double th_norm_quantile(double p);

#endif
