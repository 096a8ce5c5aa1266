/*
 * stats.c — the statistics behind bt-cv and bt-compare (see stats.h).
 *
 * The U test follows the method of benchstat's statistics package (Go's
 * golang.org/x/perf/benchmath on github.com/aclements/go-moremath/stats),
 * written from its description: U from mid-ranks; the exact permutation
 * distribution of U given the tie structure for small samples, counted
 * here by dynamic programming over the tie groups; the normal
 * approximation with tie and continuity correction for larger ones.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "util.h"

/* ln Γ(x) without lgamma's global signgam: two cores compare at once. */
static double log_gamma(double x)
{
	int sign;

	return lgamma_r(x, &sign);
}

/* Largest samples for which the exact U distribution is used, without and
 * with ties (benchstat's limits). */
enum { UTEST_EXACT = 50, UTEST_TIES_EXACT = 25 };

/* Largest n for which the median interval is summed from the binomial
 * distribution itself rather than its normal approximation. */
enum { CI_EXACT = 30 };

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

void stats_sort(double *x, size_t n)
{
	size_t i;

	size_t j;
	double t;

	for (i = 1; i < n && x[i - 1] <= x[i]; i++)
		; /* already in order, as it often is: nothing to do */
	if (i == n)
		return;
	for (j = 0; j < n && n <= 64; j++)
		if (isnan(x[j]))
			break;
	if (n > 64 || j < n) {
		qsort(x, n, sizeof *x, cmp_double);
		return;
	}
	/* A benchmark's few samples (-count=50): by insertion, stable like
	 * glibc's merge sort, so -0 and 0 keep their order as they did. */
	for (; i < n; i++) {
		for (t = x[i], j = i; j > 0 && x[j - 1] > t; j--)
			x[j] = x[j - 1];
		x[j] = t;
	}
}

double stats_mean(const double *x, size_t n)
{
	double sum = 0;
	size_t i;

	if (n == 0)
		return NAN;
	for (i = 0; i < n; i++)
		sum += x[i];
	return sum / (double)n;
}

/* Two-pass: subtract the mean first, so large values with small spread
 * (ns timings of 1e9) lose no digits. */
double stats_stddev(const double *x, size_t n)
{
	double m, d, ss = 0;
	size_t i;

	if (n < 2)
		return NAN;
	m = stats_mean(x, n);
	for (i = 0; i < n; i++) {
		d = x[i] - m;
		ss += d * d;
	}
	return sqrt(ss / (double)(n - 1));
}

int stats_cv(const double *x, size_t n, double *cv)
{
	double m;

	*cv = NAN;
	if (n < 2)
		return 0;
	m = stats_mean(x, n);
	if (m == 0 || !isfinite(m))
		return 0;
	*cv = stats_stddev(x, n) / fabs(m) * 100;
	return 1;
}

void stats_running_add(struct stats_running *r, double x)
{
	double d = x - r->mean;

	r->n++;
	r->mean += d / r->n;
	r->m2 += d * (x - r->mean);
}

int stats_running_cv(const struct stats_running *r, double *cv)
{
	*cv = NAN;
	if (r->n < 2 || r->mean == 0 || !isfinite(r->mean))
		return 0;
	*cv = sqrt((r->m2 > 0 ? r->m2 : 0) / (r->n - 1)) / fabs(r->mean) * 100;
	return 1;
}

double stats_percentile(const double *sorted, size_t n, double p)
{
	double h, f;
	size_t i;

	if (n == 0)
		return NAN;
	if (p <= 0)
		return sorted[0];
	if (p >= 100)
		return sorted[n - 1];
	h = (double)(n - 1) * p / 100;
	i = (size_t)h;
	f = h - (double)i;
	if (i + 1 >= n)
		return sorted[n - 1];
	if (f == 0)
		return sorted[i];
	return sorted[i] + f * (sorted[i + 1] - sorted[i]);
}

double stats_median(const double *sorted, size_t n)
{
	double m;

	if (n == 0 || n % 2)
		return n ? sorted[n / 2] : NAN;
	/* the mean of the two middle values, as every reader computes it */
	m = (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	return isfinite(m) ? m : stats_percentile(sorted, n, 50);
}

double stats_geomean(const double *x, size_t n)
{
	double s = 0;
	size_t i;

	if (n == 0)
		return NAN;
	for (i = 0; i < n; i++) {
		if (!(x[i] > 0))
			return NAN;
		s += log(x[i]);
	}
	return exp(s / (double)n);
}

double stats_norm_cdf(double z)
{
	return 0.5 * erfc(-z / M_SQRT2);
}

/* Inverse of the standard normal distribution function: Acklam's rational
 * approximation (relative error below 1.2e-9), then Newton steps on
 * stats_norm_cdf, which bring it to the last bit in two or three. */
static double norm_inv(double p)
{
	static const double a[] = {
	    -3.969683028665376e+01, 2.209460984245205e+02,
	    -2.759285104469687e+02, 1.383577518672690e+02,
	    -3.066479806614716e+01, 2.506628277459239e+00};
	static const double b[] = {
	    -5.447609879822406e+01, 1.615962386034320e+02,
	    -1.556989798598866e+02, 6.680131188771972e+01,
	    -1.328068155288572e+01};
	static const double c[] = {
	    -7.784894002430293e-03, -3.223964580411365e-01,
	    -2.400758277161838e+00, -2.549732539343734e+00,
	    4.374664141464968e+00,  2.938163982698783e+00};
	static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
				   2.445134137142996e+00,
				   3.754408661907416e+00};
	double q, r, x, e;
	int i;

	if (!(p > 0 && p < 1))
		return p == 0 ? -INFINITY : p == 1 ? INFINITY : NAN;
	if (p < 0.02425) {
		q = sqrt(-2 * log(p));
		x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) *
			 q +
		     c[5]) /
		    ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
	} else if (p > 1 - 0.02425) {
		q = sqrt(-2 * log(1 - p));
		x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) *
			  q +
		      c[5]) /
		    ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
	} else {
		q = p - 0.5;
		r = q * q;
		x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) *
			 r +
		     a[5]) *
		    q /
		    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) *
			 r +
		     1);
	}
	for (i = 0; i < 3; i++) {
		e = stats_norm_cdf(x) - p;
		x -= e * sqrt(2 * M_PI) * exp(x * x / 2);
	}
	return x;
}

/* Binomial(n, 1/2) probability of k; 0 outside 0..n. */
static double binom_half(long n, long k)
{
	if (k < 0 || k > n)
		return 0;
	return exp(log_gamma((double)n + 1) - log_gamma((double)k + 1) -
		   log_gamma((double)(n - k) + 1) - (double)n * M_LN2);
}

/* Sum binomial intervals outwards from the mode, the larger neighbour
 * first and the left one on a tie, until conf is reached.  [*l, *r) are
 * the binomial intervals summed. */
static double ci_exact(long n, double conf, long *l, long *r)
{
	long x = (long)ceil((double)(n + 1) * 0.5) - 1;
	double acc = binom_half(n, x), lp, rp;

	*l = x;
	*r = x + 1;
	lp = binom_half(n, *l - 1);
	rp = binom_half(n, *r);
	while (acc < conf && (lp > 0 || rp > 0)) {
		if (lp >= rp) {
			acc += lp;
			(*l)--;
			lp = binom_half(n, *l - 1);
		} else {
			acc += rp;
			(*r)++;
			rp = binom_half(n, *r);
		}
	}
	return acc;
}

/* The normal approximation with continuity correction, rounded out to
 * whole binomial intervals, then shrunk by one on the right when that
 * still reaches conf. */
static double ci_normal(long n, double conf, long *l, long *r)
{
	double mu = (double)n / 2, sd = sqrt((double)n) / 2;
	double l1 = mu + sd * norm_inv((1 - conf) / 2), r1 = 2 * mu - l1;
	double c, cb;

	*l = (long)floor(floor(l1 - 0.5) + 0.5) + 1;
	*r = (long)floor(ceil(r1 - 0.5) + 0.5) + 1;
	c = stats_norm_cdf(((double)*r - 0.5 - mu) / sd) -
	    stats_norm_cdf(((double)*l - 0.5 - mu) / sd);
	cb = stats_norm_cdf(((double)*r - 1.5 - mu) / sd) -
	     stats_norm_cdf(((double)*l - 0.5 - mu) / sd);
	if (cb >= conf && cb < c) {
		c = cb;
		(*r)--;
	}
	if (*l <= 0 && *r >= n + 1)
		c = 1;
	return c;
}

double stats_median_ci(const double *sorted, size_t n, double conf, double *lo,
		       double *hi)
{
	long l, r, nn = (long)n;
	double c;

	*lo = -INFINITY;
	*hi = INFINITY;
	if (n == 0)
		return NAN;
	if (conf >= 1)
		return 1;
	c = nn <= CI_EXACT ? ci_exact(nn, conf, &l, &r)
			   : ci_normal(nn, conf, &l, &r);
	/* l and r are 1-based order statistics: x(l) .. x(r). */
	if (l >= 1)
		*lo = sorted[l - 1];
	if (r >= 1 && r <= nn)
		*hi = sorted[r - 1];
	return c;
}

size_t stats_median_ci_min_n(double conf)
{
	double x[64], lo, hi;

	for (size_t n = 1; n <= 64; n++) {
		x[n - 1] = (double)n;
		stats_median_ci(x, n, conf, &lo, &hi);
		if (isfinite(lo) && isfinite(hi))
			return n;
	}
	return 0;
}

/* Exact P(U <= u2 / 2) for the two-sided test, given the tie groups of
 * the merged sample: sizes t[0..ng), n1 values drawn from the first
 * sample.  Counts subsets group by group: state (values of sample 1 chosen
 * so far, 2U so far).  Probabilities, not counts, so nothing overflows.
 * Allocates scratch memory and frees it. */
static double u_cdf_exact(const size_t *t, size_t ng, size_t n1, size_t n2,
			  long u2)
{
	size_t w = (size_t)u2 + 1, g, k, j, before = 0;
	double *cur, *nxt, total, p = 0, *lc;

	cur = xcalloc((n1 + 1) * w, sizeof *cur);
	nxt = xcalloc((n1 + 1) * w, sizeof *nxt);
	lc = xcalloc(n1 + n2 + 2, sizeof *lc);
	for (k = 0; k < n1 + n2 + 2; k++)
		lc[k] = log_gamma((double)k + 1);
	cur[0] = 1;
	for (g = 0; g < ng; g++) {
		memset(nxt, 0, (n1 + 1) * w * sizeof *nxt);
		for (k = 0; k <= n1 && k <= before; k++) {
			size_t ys = before - k; /* sample-2 values so far */

			for (j = 0; j <= t[g] && k + j <= n1; j++) {
				/* j chosen here each beat ys values and tie
				 * with t - j: 2U grows by j(2ys + t - j). */
				size_t add = j * (2 * ys + t[g] - j), v;
				double wt =
				    exp(lc[t[g]] - lc[j] - lc[t[g] - j]);

				if (add >= w)
					continue;
				for (v = 0; v + add < w; v++)
					if (cur[k * w + v] != 0)
						nxt[(k + j) * w + v + add] +=
						    cur[k * w + v] * wt;
			}
		}
		before += t[g];
		memcpy(cur, nxt, (n1 + 1) * w * sizeof *cur);
	}
	for (k = 0; k < w; k++)
		p += cur[n1 * w + k];
	total = exp(lc[n1 + n2] - lc[n1] - lc[n2]);
	free(cur);
	free(nxt);
	free(lc);
	return p / total;
}

/* Exact P(U <= umax) without ties, the fast way: the number of
 * arrangements with U = u is the coefficient of q^u in the Gaussian
 * binomial [n1 + n2 choose n1]_q = prod (1 - q^(n2+i)) / (1 - q^i), i = 1..n1,
 * built one factor at a time on a series truncated at umax (each partial
 * product is itself a Gaussian binomial, so coefficients stay >= 0).
 * O(n1 * umax) instead of the tie programme's O(n * n1 * umax).  Allocates
 * scratch memory and frees it. */
/* Fill t with the cumulative distribution of U for n1 and n2 without ties:
 * t->cdf[u] = P(U <= u).  Counting partitions, O(n1 · n1 n2). */
static void utable_fill(struct stats_utable *t, size_t n1, size_t n2)
{
	size_t umax = n1 * n2, i, u;
	double *c = xcalloc(umax + 1, sizeof *c), total = 1, sum = 0;

	c[0] = 1;
	for (i = 1; i <= n1; i++) {
		for (u = i; u <= umax; u++)
			c[u] += c[u - i];
		for (u = umax; u >= n2 + i && u <= umax; u--)
			c[u] -= c[u - n2 - i];
		total = total * (double)(n2 + i) / (double)i;
	}
	for (u = 0; u <= umax; u++) {
		sum += c[u];
		c[u] = sum / total;
	}
	free(t->cdf);
	t->cdf = c;
	t->n1 = n1;
	t->n2 = n2;
}

/* P(U <= umax) without ties, from the table for (n1, n2), built once. */
static double u_cdf_noties(struct stats_utable *t, size_t n1, size_t n2,
			   size_t umax)
{
	struct stats_utable local = {0, 0, NULL};
	double p;

	if (!t)
		t = &local;
	if (!t->cdf || t->n1 != n1 || t->n2 != n2)
		utable_fill(t, n1, n2);
	p = t->cdf[umax];
	free(local.cdf);
	return p;
}

void stats_utable_free(struct stats_utable *t)
{
	free(t->cdf);
	t->cdf = NULL;
	t->n1 = t->n2 = 0;
}

double stats_mann_whitney(const double *x, size_t n1, const double *y,
			  size_t n2, double *u)
{
	return stats_mann_whitney_t(NULL, x, n1, y, n2, u);
}

double stats_mann_whitney_t(struct stats_utable *tab, const double *x,
			    size_t n1, const double *y, size_t n2, double *u)
{
	size_t n = n1 + n2, i, j, k, ng = 0, *t;
	double *a, *b, r1 = 0, u1, us, tie = 0, p;
	int ties = 0;

	if (u)
		*u = NAN;
	if (n1 == 0 || n2 == 0)
		return NAN;
	a = xmalloc(n1 * sizeof *a);
	b = xmalloc(n2 * sizeof *b);
	t = xmalloc(n * sizeof *t);
	memcpy(a, x, n1 * sizeof *a);
	memcpy(b, y, n2 * sizeof *b);
	stats_sort(a, n1);
	stats_sort(b, n2);
	/* Walk the merged order a group of equal values at a time. */
	for (i = j = 0; i < n1 || j < n2;) {
		double v = i < n1 && (j >= n2 || a[i] <= b[j]) ? a[i] : b[j];
		size_t start = i + j + 1, na = 0, nb = 0;

		while (i < n1 && a[i] == v)
			i++, na++;
		while (j < n2 && b[j] == v)
			j++, nb++;
		k = na + nb;
		r1 += (double)na * ((double)start + (double)(k - 1) / 2);
		t[ng++] = k;
		if (k > 1)
			ties = 1;
		tie += (double)k * (double)k * (double)k - (double)k;
	}
	u1 = r1 - (double)n1 * (double)(n1 + 1) / 2;
	if (u)
		*u = u1;
	us = fmin(u1, (double)n1 * (double)n2 - u1);
	if (ng == 1) {
		p = 1; /* all values equal: no evidence of any difference */
	} else if ((!ties && n1 <= UTEST_EXACT && n2 <= UTEST_EXACT) ||
		   (ties && n1 <= UTEST_TIES_EXACT && n2 <= UTEST_TIES_EXACT)) {
		if (us * 2 == (double)n1 * (double)n2)
			p = 1;
		else if (!ties)
			p = 2 * u_cdf_noties(tab, n1, n2, (size_t)us);
		else
			p = 2 * u_cdf_exact(t, ng, n1, n2, (long)(us * 2));
	} else {
		double nn = (double)n, mu = (double)n1 * (double)n2 / 2;
		double sd = sqrt((double)n1 * (double)n2 *
				 ((nn + 1) - tie / (nn * (nn - 1))) / 12);
		double num = us - mu, z;

		num -= num > 0 ? 0.5 : num < 0 ? -0.5 : 0;
		z = num / sd;
		p = sd > 0 ? 2 * fmin(stats_norm_cdf(z), 1 - stats_norm_cdf(z))
			   : 1;
	}
	free(a);
	free(b);
	free(t);
	return p > 1 ? 1 : p;
}

double stats_utest_min_p(size_t n)
{
	/* 2 / C(2n, n) */
	return 2 * exp(log_gamma((double)n + 1) * 2 - log_gamma(2 * (double)n + 1));
}

/* Continued fraction of the incomplete beta (modified Lentz). */
static double beta_cf(double a, double b, double x)
{
	const double tiny = 1e-300;
	double c = 1, d = 1 - (a + b) * x / (a + 1), h;
	int m;

	if (fabs(d) < tiny)
		d = tiny;
	d = 1 / d;
	h = d;
	for (m = 1; m <= 1000; m++) {
		double aa, del;
		int m2 = 2 * m;

		aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
		d = 1 + aa * d;
		d = fabs(d) < tiny ? tiny : d;
		c = 1 + aa / c;
		c = fabs(c) < tiny ? tiny : c;
		d = 1 / d;
		h *= d * c;
		aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
		d = 1 + aa * d;
		d = fabs(d) < tiny ? tiny : d;
		c = 1 + aa / c;
		c = fabs(c) < tiny ? tiny : c;
		d = 1 / d;
		del = d * c;
		h *= del;
		if (fabs(del - 1) < 1e-16)
			break;
	}
	return h;
}

/* Regularised incomplete beta I_x(a, b). */
static double beta_inc(double a, double b, double x)
{
	double lf;

	if (x <= 0)
		return 0;
	if (x >= 1)
		return 1;
	lf = log_gamma(a + b) - log_gamma(a) - log_gamma(b) + a * log(x) + b * log1p(-x);
	if (x < (a + 1) / (a + b + 2))
		return exp(lf) * beta_cf(a, b, x) / a;
	return 1 - exp(lf) * beta_cf(b, a, 1 - x) / b;
}

/* Student's t distribution function with df degrees of freedom. */
static double t_cdf(double t, double df)
{
	double tail = 0.5 * beta_inc(df / 2, 0.5, df / (df + t * t));

	return t >= 0 ? 1 - tail : tail;
}

double stats_t_sf(double t, double df)
{
	double tail;

	if (isnan(t) || !(df > 0))
		return NAN;
	if (isinf(t))
		return t > 0 ? 0 : 1;
	tail = 0.5 * beta_inc(df / 2, 0.5, df / (df + t * t));
	return t > 0 ? tail : 1 - tail;
}

double stats_welch(double n1, double mean1, double sd1, double n2, double mean2,
		   double sd2, double *df)
{
	double v1 = sd1 * sd1 / n1, v2 = sd2 * sd2 / n2, t, d;

	if (df)
		*df = NAN;
	if (!(n1 >= 2 && n2 >= 2) || !isfinite(mean1) || !isfinite(mean2) ||
	    !isfinite(v1) || !isfinite(v2) || sd1 < 0 || sd2 < 0)
		return NAN;
	if (v1 + v2 == 0)
		return mean1 == mean2 ? 1 : 0;
	t = (mean1 - mean2) / sqrt(v1 + v2);
	d = (v1 + v2) * (v1 + v2) / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1));
	if (df)
		*df = d;
	/* both tails: I_{df/(df+t²)}(df/2, 1/2) */
	return beta_inc(d / 2, 0.5, d / (d + t * t));
}

void stats_moments_add(struct stats_moments *acc, double n, double mean,
		       double sd)
{
	double m2 = n > 1 ? sd * sd * (n - 1) : 0, tot = acc->n + n, delta;

	if (!(n > 0))
		return;
	delta = mean - acc->mean;
	acc->m2 += m2 + delta * delta * acc->n * n / tot;
	acc->mean += delta * n / tot;
	acc->n = tot;
}

double stats_moments_sd(const struct stats_moments *acc)
{
	return acc->n >= 2 ? sqrt(acc->m2 / (acc->n - 1)) : NAN;
}

double stats_t_quantile(double p, double df)
{
	double lo = -1e7, hi = 1e7, mid;
	int i;

	if (!(p > 0 && p < 1) || !(df > 0))
		return NAN;
	for (i = 0; i < 200 && hi - lo > 1e-12 * fmax(1, fabs(lo)); i++) {
		mid = (lo + hi) / 2;
		if (t_cdf(mid, df) < p)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
}

double stats_t975(size_t df)
{
	static const double tab[] = {
	    12.7062, 4.30265, 3.18245, 2.77645, 2.57058, 2.44691,
	    2.36462, 2.306,   2.26216, 2.22814, 2.20099, 2.17881,
	    2.16037, 2.14479, 2.13145, 2.11991, 2.10982, 2.10092,
	    2.09302, 2.08596, 2.07961, 2.07387, 2.06866, 2.0639,
	    2.05954, 2.05553, 2.05183, 2.04841, 2.04523, 2.04227};
	double z = 1.959963984540054, d = (double)df, z3 = z * z * z,
	       z5 = z3 * z * z;

	if (df == 0)
		return NAN;
	if (df <= 30)
		return tab[df - 1];
	return z + (z3 + z) / (4 * d) +
	       (5 * z5 + 16 * z3 + 3 * z) / (96 * d * d);
}

int stats_mean_ci(const double *x, size_t n, double conf, double *lo,
		  double *hi)
{
	double mean = stats_mean(x, n), half;

	*lo = *hi = NAN;
	if (n < 2)
		return 0;
	half = stats_t_quantile(1 - (1 - conf) / 2, (double)(n - 1)) *
	       stats_stddev(x, n) / sqrt((double)n);
	*lo = mean - half;
	*hi = mean + half;
	return 1;
}

void stats_summarize(double *x, size_t n, double conf, struct stats_summary *s)
{
	memset(s, 0, sizeof *s);
	s->n = n;
	stats_sort(x, n);
	s->mean = stats_mean(x, n);
	s->median = stats_median(x, n);
	s->stddev = stats_stddev(x, n);
	s->has_stddev = n >= 2;
	s->has_cv = stats_cv(x, n, &s->cv);
	s->min = n ? x[0] : NAN;
	s->max = n ? x[n - 1] : NAN;
	s->p50 = s->median;
	s->p95 = stats_percentile(x, n, 95);
	s->p99 = stats_percentile(x, n, 99);
	s->ci_level = stats_median_ci(x, n, conf, &s->ci_lo, &s->ci_hi);
}

enum stats_class stats_classify(double cv)
{
	if (isnan(cv))
		return CLASS_UNKNOWN;
	if (cv < 5)
		return CLASS_GOOD;
	if (cv <= 10)
		return CLASS_ACCEPTABLE;
	if (cv <= 15)
		return CLASS_WARNING;
	if (cv <= 30)
		return CLASS_HIGH;
	return CLASS_VERY_HIGH;
}

const char *stats_class_name(enum stats_class c)
{
	static const char *const names[] = {
	    "unknown", "good", "acceptable", "warning", "high", "very high",
	};

	return (size_t)c < sizeof names / sizeof names[0] ? names[c]
							  : "unknown";
}
