/*
 * threshold.c — Bencher's threshold models (threshold.h), checked against
 * the vectors of tests/data/history/bencher.json in test_threshold.c.
 * Owned by the history helper.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "threshold.h"
#include "util.h"

static const char *const names[TH_NMODELS] = {
    "static",	  "percentage", "z_score",  "t_test",
    "log_normal", "iqr",	"delta_iqr"};

int th_model_parse(const char *name)
{
	int i;

	for (i = 0; i < TH_NMODELS; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

const char *th_model_name(int model)
{
	return model >= 0 && model < TH_NMODELS ? names[model] : "?";
}

double th_default_boundary(int model)
{
	switch (model) {
	case TH_PERCENTAGE:
		return 0.10;
	case TH_Z_SCORE:
	case TH_T_TEST:
	case TH_LOG_NORMAL:
		return 0.99;
	case TH_IQR:
	case TH_DELTA_IQR:
		return 3;
	}
	return NAN;
}

int th_boundary_ok(int model, double b)
{
	switch (model) {
	case TH_STATIC:
		return isfinite(b);
	case TH_Z_SCORE:
	case TH_T_TEST:
	case TH_LOG_NORMAL:
		return b >= 0.5 && b < 1;
	}
	return isfinite(b) && b >= 0;
}

double th_norm_quantile(double p)
{
	double x, t;
	int i;

	if (!(p > 0 && p < 1))
		return p == 0 ? -INFINITY : p == 1 ? INFINITY : NAN;
	if (p < 0.5)
		return -th_norm_quantile(1 - p);
	/* Abramowitz & Stegun 26.2.23 (error < 4.5e-4), then Newton. */
	t = sqrt(-2 * log(1 - p));
	x = t -
	    (2.515517 + 0.802853 * t + 0.010328 * t * t) /
		(1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t);
	for (i = 0; i < 8; i++) {
		double e = 0.5 * erfc(-x / M_SQRT2) - p;

		x -= e * sqrt(2 * M_PI) * exp(x * x / 2);
	}
	return x;
}

static double mean_of(const double *x, size_t n)
{
	double s = 0;
	size_t i;

	for (i = 0; i < n; i++)
		s += x[i];
	return s / n;
}

/* Sample sd about m; 0 when it is not usable (n < 2, zero, not finite). */
static double sd_of(const double *x, size_t n, double m)
{
	double s = 0;
	size_t i;

	if (n < 2)
		return 0;
	for (i = 0; i < n; i++)
		s += (x[i] - m) * (x[i] - m);
	s = sqrt(s / (n - 1));
	return isfinite(s) ? s : 0;
}

/* Bencher's percentile of sorted x: linear at rank p·(n − 1). */
static double pct(const double *s, size_t n, double p)
{
	double rank = p * (n - 1), f = floor(rank);
	size_t i = (size_t)f;

	if (n == 1)
		return s[0];
	return s[i] + (s[i + 1] - s[i]) * (rank - f);
}

/* Q1, Q2, Q3 of x[0..n) (n >= 1; copies). */
static int quartiles(const double *x, size_t n, double q[3])
{
	double *s = xmalloc(n * sizeof *s);

	memcpy(s, x, n * sizeof *s);
	stats_sort(s, n);
	q[0] = pct(s, n, 0.25);
	q[1] = pct(s, n, 0.5);
	q[2] = pct(s, n, 0.75);
	free(s);
	return isfinite(q[0]) && isfinite(q[1]) && isfinite(q[2]);
}

/* The upper quantile and baseline of the cdf models; 0 when undefined. */
static int cdf_upper(int model, double b, const double *h, size_t n,
		     double *base, double *up)
{
	double m, sd;

	if (model == TH_LOG_NORMAL) {
		double *l = xmalloc(n * sizeof *l);
		size_t i;

		for (i = 0; i < n; i++) {
			if (!(h[i] > 0)) {
				free(l);
				return 0;
			}
			l[i] = log(h[i]);
		}
		m = mean_of(l, n);
		sd = sd_of(l, n, m);
		free(l);
		if (sd == 0)
			return 0;
		*base = exp(m);
		*up = exp(m + sd * th_norm_quantile(b));
		return isfinite(*up);
	}
	m = mean_of(h, n);
	sd = sd_of(h, n, m);
	if (sd == 0 || !isfinite(m))
		return 0;
	*base = m;
	if (model == TH_Z_SCORE)
		*up = m + sd * th_norm_quantile(b);
	else
		*up = m + sd * sqrt(1 + 1.0 / n) *
			      stats_t_quantile(b, (double)n - 1);
	return isfinite(*up);
}

int th_limits(int model, double b, const double *h, size_t n, int lower,
	      int upper, double *lo, double *hi)
{
	double l = NAN, u = NAN, base = NAN, up = NAN, q[3], dq[3];

	*lo = *hi = NAN;
	if (model != TH_STATIC && n == 0)
		return 0;
	switch (model) {
	case TH_STATIC:
		l = u = b;
		break;
	case TH_PERCENTAGE:
		base = mean_of(h, n);
		l = base - base * b;
		u = base + base * b;
		break;
	case TH_Z_SCORE:
	case TH_T_TEST:
	case TH_LOG_NORMAL:
		if (!cdf_upper(model, b, h, n, &base, &up))
			return 0;
		l = base * 2 - up;
		u = up;
		break;
	case TH_IQR:
		if (!quartiles(h, n, q))
			return 0;
		l = q[1] - (q[2] - q[0]) * b;
		u = q[1] + (q[2] - q[0]) * b;
		break;
	case TH_DELTA_IQR: {
		double *d;
		size_t i;
		int good;

		if (n < 2 || !quartiles(h, n, q))
			return 0;
		d = xmalloc((n - 1) * sizeof *d);
		for (i = 0; i + 1 < n; i++)
			d[i] = fabs((h[i + 1] - h[i]) / h[i]);
		good = quartiles(d, n - 1, dq);
		free(d);
		if (!good)
			return 0;
		l = q[1] - q[1] * ((dq[2] - dq[0]) * b);
		u = q[1] + q[1] * ((dq[2] - dq[0]) * b);
		break;
	}
	default:
		return 0;
	}
	if (!isfinite(l) || !isfinite(u))
		return 0;
	if (lower)
		*lo = l;
	if (upper)
		*hi = u;
	return 1;
}

int th_alert(double v, double lo, double hi)
{
	return (!isnan(lo) && v < lo) || (!isnan(hi) && v > hi);
}
