/*
 * otava.c — Apache Otava's change-point detection, reimplemented from its
 * description and checked against its published test vectors
 * (tests/data/history/otava.json, tests/unit/test_otava.c).  Owned by the
 * history helper.  See otava.h for the method.
 *
 * Every choice where Otava's order matters is kept: the E-divisive
 * maximum is the first in (τ, κ) order, the best interval the first of
 * equal q̂, the merge pass takes the first of equal p-values (a NaN p is
 * kept when first, as Python's max() does), and after dropping a point it
 * recomputes the two points that follow it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "otava.h"
#include "stats.h"
#include "util.h"

/* --- the significance test ------------------------------------------------ */

static void moments(const double *x, size_t n, double *mean, double *sd)
{
	double s = 0, ss = 0;
	size_t i;

	for (i = 0; i < n; i++)
		s += x[i];
	*mean = s / n;
	for (i = 0; i < n; i++)
		ss += (x[i] - *mean) * (x[i] - *mean);
	*sd = n >= 2 ? sqrt(ss / n) : 0;
}

void otava_ttest(const double *x, size_t n1, const double *y, size_t n2,
		 struct otava_stats *s)
{
	double df, svar, denom, t;

	moments(x, n1, &s->mean1, &s->sd1);
	moments(y, n2, &s->mean2, &s->sd2);
	if (n1 + n2 <= 2) {
		s->p = 1;
		return;
	}
	df = (double)n1 + n2 - 2;
	svar =
	    ((n1 - 1.0) * s->sd1 * s->sd1 + (n2 - 1.0) * s->sd2 * s->sd2) / df;
	denom = sqrt(svar * (1.0 / n1 + 1.0 / n2));
	t = (s->mean1 - s->mean2) / denom;
	s->p = isnan(t) ? NAN : 2 * stats_t_sf(fabs(t), df);
}

double otava_magnitude(const struct otava_stats *s)
{
	double f = s->mean1 == 0 ? 0 : s->mean2 / s->mean1 - 1;
	double b = s->mean2 == 0 ? 0 : s->mean1 / s->mean2 - 1;

	return fabs(f) > fabs(b) ? fabs(f) : fabs(b);
}

/* --- E-divisive ------------------------------------------------------------
 */

/* The best split τ of x[a..b) (b − a >= 2): the first (τ, κ) maximising
 * Q(τ, κ) = 2/(m+n) Σ|X−Y| − 2m/((m+n)(n−1)) Σ|X−X'| − 2n/((m+n)(m−1))
 * Σ|Y−Y'| over X = x[a..τ), Y = x[τ..κ), a < τ < κ <= b.  O((b−a)³). */
static size_t candidate(const double *x, size_t a, size_t b, double *qhat)
{
	double best = -INFINITY, sx = 0;
	size_t tau, kappa, i, best_tau = a + 1;

	for (tau = a + 1; tau < b; tau++) {
		double sxy = 0, sy = 0;
		size_t n = tau - a;

		for (i = a; i + 1 < tau; i++) /* pairs (i, tau − 1) */
			sx += fabs(x[i] - x[tau - 1]);
		for (kappa = tau + 1; kappa <= b; kappa++) {
			size_t m = kappa - tau;
			double q;

			for (i = a; i < tau; i++)
				sxy += fabs(x[i] - x[kappa - 1]);
			for (i = tau; i + 1 < kappa; i++)
				sy += fabs(x[i] - x[kappa - 1]);
			q = 2.0 / (double)(m + n) * sxy;
			if (n > 1)
				q -= (double)(2 * m) /
				     (double)((m + n) * (n - 1)) * sx;
			if (m > 1)
				q -= (double)(2 * n) /
				     (double)((m + n) * (m - 1)) * sy;
			if (q > best) {
				best = q;
				best_tau = tau;
			}
		}
	}
	*qhat = best;
	return best_tau;
}

static int by_index(const void *a, const void *b)
{
	const struct otava_cp *x = a, *y = b;

	return x->index < y->index ? -1 : x->index > y->index;
}

/* The stats of cps[k] against its neighbours' segments of x[0..n). */
static void restat(const double *x, size_t n, struct otava_cp *cps, size_t ncp,
		   size_t k)
{
	size_t lo = k ? cps[k - 1].index : 0;
	size_t hi = k + 1 < ncp ? cps[k + 1].index : n;
	size_t at = cps[k].index;

	otava_ttest(x + lo, at - lo, x + at, hi - at, &cps[k].s);
}

/* E-divisive on x[0..n) stopping at the first candidate with p > max_p;
 * appends what it finds (indices + base) to *out (size *nout, cap *cap). */
static void divisive(const double *x, size_t n, size_t base, double max_p,
		     struct otava_cp **out, size_t *nout, size_t *cap)
{
	struct otava_cp *cps = NULL;
	size_t ncp = 0, k;

	for (;;) {
		size_t a, b, best_a = 0, best_b = 0, tau = 0;
		double q, bestq = -INFINITY;
		struct otava_cp c;
		int found = 0;

		for (k = 0; k <= ncp; k++) {
			a = k ? cps[k - 1].index : 0;
			b = k < ncp ? cps[k].index : n;
			if (b - a < 2)
				continue;
			size_t t = candidate(x, a, b, &q);
			if (!found || q > bestq) {
				found = 1;
				bestq = q;
				tau = t;
				best_a = a;
				best_b = b;
			}
		}
		if (!found)
			break;
		c.index = tau;
		c.qhat = bestq;
		otava_ttest(x + best_a, tau - best_a, x + tau, best_b - tau,
			    &c.s);
		if (!(c.s.p <= max_p))
			break;
		cps = xreallocarray(cps, ncp + 1, sizeof *cps);
		cps[ncp++] = c;
		qsort(cps, ncp, sizeof *cps, by_index);
	}
	for (k = 0; k < ncp; k++) {
		size_t j;

		cps[k].index += base;
		for (j = 0; j < *nout; j++)
			if ((*out)[j].index == cps[k].index)
				break;
		if (j < *nout)
			continue;
		if (*nout == *cap) {
			*cap = *cap ? 2 * *cap : 16;
			*out = xreallocarray(*out, *cap, sizeof **out);
		}
		(*out)[(*nout)++] = cps[k];
	}
	free(cps);
}

/* Otava's split: windows of `window` values, each starting at the last
 * point found in the one before or half a window on. */
static size_t split(const double *x, size_t n, size_t window, double p,
		    struct otava_cp **out)
{
	size_t start = 0, step = window / 2, ncp = 0, cap = 0, k;

	*out = NULL;
	while (start < n) {
		size_t end = start + window < n ? start + window : n;
		size_t last = 0;
		struct otava_cp *tmp = NULL;
		size_t ntmp = 0, tcap = 0;

		divisive(x + start, end - start, start, p, &tmp, &ntmp, &tcap);
		if (ntmp)
			last = tmp[ntmp - 1].index;
		for (k = 0; k < ntmp; k++) {
			size_t j;

			for (j = 0; j < ncp; j++)
				if ((*out)[j].index == tmp[k].index)
					break;
			if (j < ncp)
				continue;
			if (ncp == cap) {
				cap = cap ? 2 * cap : 16;
				*out = xreallocarray(*out, cap, sizeof **out);
			}
			(*out)[ncp++] = tmp[k];
		}
		free(tmp);
		start = last > start + step ? last : start + step;
	}
	if (ncp)
		qsort(*out, ncp, sizeof **out, by_index);
	for (k = 0; k < ncp; k++)
		restat(x, n, *out, ncp, k);
	return ncp;
}

/* Otava's merge: drop the weakest point until every p is below max_p and
 * every relative change above min_magnitude. */
static size_t merge(const double *x, size_t n, struct otava_cp *cps, size_t ncp,
		    double max_p, double min_magnitude)
{
	while (ncp) {
		size_t w = 0, k;

		for (k = 1; k < ncp; k++)
			if (cps[k].s.p > cps[w].s.p)
				w = k;
		if (cps[w].s.p < max_p) {
			w = 0;
			for (k = 1; k < ncp; k++)
				if (otava_magnitude(&cps[k].s) <
				    otava_magnitude(&cps[w].s))
					w = k;
			if (otava_magnitude(&cps[w].s) > min_magnitude)
				return ncp;
		}
		memmove(cps + w, cps + w + 1, (ncp - w - 1) * sizeof *cps);
		ncp--;
		/* Otava recomputes the point now at w and the one after it. */
		for (k = w; k < w + 2 && k < ncp; k++)
			restat(x, n, cps, ncp, k);
	}
	return 0;
}

size_t otava_changes(const double *x, size_t n, size_t window, double max_p,
		     double min_magnitude, struct otava_cp **out)
{
	double first = max_p < 0.05  ? max_p * 10
		       : max_p < 0.5 ? max_p * 2
				     : max_p;
	size_t ncp;

	if (window < 2)
		window = 2;
	ncp = split(x, n, window, first, out);
	ncp = merge(x, n, *out, ncp, max_p, min_magnitude);
	if (!ncp) {
		free(*out);
		*out = NULL;
	}
	return ncp;
}
