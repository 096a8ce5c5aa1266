/*
 * test_stats.c — the statistics library against values worked out by hand
 * (see the comments), and the U test's behaviour over many seeded trials:
 * an A/A comparison is "significant" no more often than alpha allows, and a
 * real 10 % shift at 2 % noise is found.  Deterministic: our own PRNG.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "tap.h"

/* splitmix64: a tiny, well-mixed generator with a fixed seed. */
static uint64_t rng_state;

static uint64_t rng_next(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in (0, 1). */
static double rng_unif(void)
{
	return ((double)(rng_next() >> 11) + 0.5) / 9007199254740992.0;
}

/* Standard normal (Box–Muller). */
static double rng_norm(void)
{
	return sqrt(-2 * log(rng_unif())) * cos(2 * M_PI * rng_unif());
}

static void test_descriptive(void)
{
	double one[] = {5}, two[] = {1, 3}, same[] = {4, 4, 4, 4};
	double zero[] = {-1, 1}, w[] = {2, 4, 4, 4, 5, 5, 7, 9};
	double ten[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, cv;

	/* n = 1: a mean and a median, no spread. */
	is_near(stats_mean(one, 1), 5, 0, "n=1 mean");
	is_near(stats_median(one, 1), 5, 0, "n=1 median");
	ok(isnan(stats_stddev(one, 1)), "n=1 stddev undefined");
	ok(!stats_cv(one, 1, &cv) && isnan(cv), "n=1 CV undefined");
	is_near(stats_percentile(one, 1, 95), 5, 0, "n=1 p95");

	/* n = 2: s = sqrt(((1-2)^2 + (3-2)^2) / 1) = sqrt 2. */
	is_near(stats_stddev(two, 2), sqrt(2), 1e-15, "n=2 stddev");
	ok(stats_cv(two, 2, &cv), "n=2 CV defined");
	is_near(cv, 70.71067811865476, 1e-12, "n=2 CV");
	is_near(stats_median(two, 2), 2, 0, "n=2 median");

	is_near(stats_stddev(same, 4), 0, 0, "identical stddev 0");
	ok(stats_cv(same, 4, &cv), "identical: CV defined");
	is_near(cv, 0, 0, "identical CV 0");
	ok(!stats_cv(zero, 2, &cv), "zero mean: CV undefined");
	ok(isnan(stats_mean(one, 0)), "n=0 mean undefined");

	/* Sum of squares 32, n-1 = 7: s = sqrt(32/7), CV = s/5*100. */
	is_near(stats_mean(w, 8), 5, 0, "mean");
	is_near(stats_stddev(w, 8), 2.1380899352993952, 1e-14, "stddev");
	stats_cv(w, 8, &cv);
	is_near(cv, 42.761798705987904, 1e-12, "CV");
	is_near(stats_median(w, 8), 4.5, 0, "even median");

	/* Type 7: h = 9p; p95 → 9 + 0.55·1, p99 → 9 + 0.91·1. */
	is_near(stats_percentile(ten, 10, 50), 5.5, 1e-15, "p50");
	is_near(stats_percentile(ten, 10, 95), 9.55, 1e-12, "p95");
	is_near(stats_percentile(ten, 10, 99), 9.91, 1e-12, "p99");
	is_near(stats_percentile(ten, 10, 0), 1, 0, "p0 is the min");
	is_near(stats_percentile(ten, 10, 100), 10, 0, "p100 is the max");

	is_near(stats_geomean((double[]){1, 4, 16}, 3), 4, 1e-12, "geomean");
	ok(isnan(stats_geomean((double[]){1, 0}, 2)), "geomean of a 0");
}

static void test_median_ci(void)
{
	double ten[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
	double five[] = {1, 2, 3, 4, 5}, six[] = {1, 2, 3, 4, 5, 6};
	double one[] = {7}, lo, hi, c;

	/* Binomial(10, 1/2) ×1024: 1 10 45 120 210 252 210 … From the mode
	 * 5 outwards: 252 +210 +210 +120 +120 +45 +45 = 1002 ≥ 0.95·1024,
	 * covering intervals 2..8: order statistics 2 and 9. */
	c = stats_median_ci(ten, 10, 0.95, &lo, &hi);
	is_near(lo, 2, 0, "n=10 CI low is x(2)");
	is_near(hi, 9, 0, "n=10 CI high is x(9)");
	is_near(c, 1002.0 / 1024, 1e-12, "n=10 CI confidence");

	/* ×32: 1 5 10 10 5 1; 10+10+5+5 = 30 < 30.4, needs an end: 31. */
	c = stats_median_ci(five, 5, 0.95, &lo, &hi);
	ok(isinf(lo) && lo < 0, "n=5 CI low unbounded");
	is_near(hi, 5, 0, "n=5 CI high is the max");
	is_near(c, 31.0 / 32, 1e-12, "n=5 CI confidence");

	/* ×64: 20+15+15+6+6 = 62 ≥ 60.8: x(1)..x(6). */
	c = stats_median_ci(six, 6, 0.95, &lo, &hi);
	is_near(lo, 1, 0, "n=6 CI low");
	is_near(hi, 6, 0, "n=6 CI high");
	is_near(c, 62.0 / 64, 1e-12, "n=6 CI confidence");

	stats_median_ci(one, 1, 0.95, &lo, &hi);
	ok(isinf(lo) && isinf(hi), "n=1 CI unbounded both sides");

	/* n = 100, normal approximation: mu 50, sigma 5; 1.96σ = 9.8 →
	 * l1 = 40.2, r1 = 59.8 → orders 40 and 61, coverage
	 * Φ(2.1) − Φ(−2.1) = 0.964; left-biased to 60 it is
	 * Φ(1.9) − Φ(−2.1) = 0.953, still >= 0.95: x(40)..x(60). */
	double h[100];
	for (int i = 0; i < 100; i++)
		h[i] = i + 1;
	stats_median_ci(h, 100, 0.95, &lo, &hi);
	is_near(lo, 40, 0, "n=100 CI low x(40)");
	is_near(hi, 60, 0, "n=100 CI high x(60)");

	is_int(stats_median_ci_min_n(0.95), 6, "95 %: bounded from 6 values");
	is_int(stats_median_ci_min_n(0.99), 8, "99 %: from 8 (×256: 254)");
	is_int(stats_median_ci_min_n(0.5), 2, "50 %: from 2");
}

static void test_utest(void)
{
	double a[] = {1, 2, 3}, b[] = {4, 5, 6}, u;
	double c[] = {1, 2, 2}, d[] = {2, 3, 4};
	double e[] = {1, 2, 3, 4, 5}, f[] = {6, 7, 8, 9, 10};
	double s[] = {3, 3, 3}, x[30], y[30];

	/* Complete separation, 3+3: P(U=0) = 1/C(6,3) = 1/20, two-sided. */
	is_near(stats_mann_whitney(a, 3, b, 3, &u), 0.1, 1e-12, "3+3 p");
	is_near(u, 0, 0, "3+3 U");
	is_near(stats_mann_whitney(b, 3, a, 3, &u), 0.1, 1e-12, "swapped");
	is_near(u, 9, 0, "swapped U");
	is_near(stats_mann_whitney(e, 5, f, 5, NULL), 2.0 / 252, 1e-12,
		"5+5 p = 2/252");
	/* Ties: mid-ranks 1,3,3,3,5,6; x gets {1,3,3}, R = 7, U = 1.  Of
	 * the 20 ways to pick x's three places only the 3 that take 1 and
	 * two of the 2s reach R <= 7: P = 3/20, p = 0.3. */
	is_near(stats_mann_whitney(c, 3, d, 3, &u), 0.3, 1e-12, "ties p");
	is_near(u, 1, 0, "ties U");
	is_near(stats_mann_whitney(s, 3, s, 3, NULL), 1, 0, "all equal");
	is_near(stats_mann_whitney(a, 3, a, 3, NULL), 1, 0, "same sample");
	ok(isnan(stats_mann_whitney(a, 0, b, 3, NULL)), "empty side");

	/* 30+30 with ties (1..30 vs 11..40): normal approximation; U = 200,
	 * tie term 20·(8-2), worked in Python: 0.00022448380595775665. */
	for (int i = 0; i < 30; i++)
		x[i] = i + 1, y[i] = i + 11;
	is_near(stats_mann_whitney(x, 30, y, 30, &u), 0.00022448380595775665,
		1e-12, "normal approximation with ties");
	is_near(u, 200, 0, "30+30 U");
	is_near(stats_utest_min_p(3), 0.1, 1e-15, "min p n=3");
	is_near(stats_utest_min_p(5), 0.007936507936507936, 1e-15, "min p n=5");
}

/* U of the values picked by mask (bit i: pooled value i is in x) against
 * the rest, counting ties as halves: the definition, no ranks. */
static double u_of(const double *v, int n, unsigned mask)
{
	double u = 0;

	for (int i = 0; i < n; i++)
		for (int j = 0; j < n; j++)
			if ((mask >> i & 1) && !(mask >> j & 1))
				u += v[i] > v[j] ? 1 : v[i] == v[j] ? 0.5 : 0;
	return u;
}

/* The exact two-sided p by enumerating every way to split the pooled
 * values into n1 and n - n1: 2 · P(U <= the observed smaller U). */
static double brute_p(const double *v, int n, int n1)
{
	double us = fmin(u_of(v, n, (1u << n1) - 1),
			 n1 * (n - n1) - u_of(v, n, (1u << n1) - 1));
	long hit = 0, all = 0;

	for (unsigned m = 0; m < 1u << n; m++) {
		if (__builtin_popcount(m) != n1)
			continue;
		all++;
		hit += u_of(v, n, m) <= us + 1e-9;
	}
	return fmin(1, 2.0 * (double)hit / (double)all);
}

static void test_utest_brute(void)
{
	/* 8 + 8 distinct values (the fast path), then with ties. */
	double d[16] = {3.1, 4.7, 2.2, 5.9, 3.3, 4.1, 2.8, 6.3,
			5.0, 6.6, 4.4, 7.2, 5.5, 3.9, 6.9, 5.2};
	double t[16] = {3, 4, 2, 5, 3, 4, 2, 6, 5, 6, 4, 7, 5, 3, 6, 5};
	double e[14] = {1, 2, 3, 4, 5, 6, 7, 1.5, 2.5, 3.5, 4.5, 5.5, 8, 9};

	is_near(stats_mann_whitney(d, 8, d + 8, 8, NULL), brute_p(d, 16, 8),
		1e-12, "8+8 without ties = enumeration");
	is_near(stats_mann_whitney(t, 8, t + 8, 8, NULL), brute_p(t, 16, 8),
		1e-12, "8+8 with ties = enumeration");
	is_near(stats_mann_whitney(e, 7, e + 7, 7, NULL), brute_p(e, 14, 7),
		1e-12, "7+7 interleaved = enumeration");
}

/* Fraction of trials where n=10 against n=10 is significant at alpha. */
static double rate(double shift, double noise, double alpha, int trials)
{
	double x[10], y[10];
	int sig = 0;

	for (int t = 0; t < trials; t++) {
		for (int i = 0; i < 10; i++) {
			x[i] = 100 * (1 + noise * rng_norm());
			y[i] = 100 * (1 + shift) * (1 + noise * rng_norm());
		}
		sig += stats_mann_whitney(x, 10, y, 10, NULL) <= alpha;
	}
	return (double)sig / trials;
}

static void test_aa_power(void)
{
	double r;

	rng_state = 20260101;
	r = rate(0, 0.02, 0.05, 1000);
	if (!ok(r <= 0.06, "A/A: significant rate <= alpha + 0.01"))
		diag("rate %g", r);
	r = rate(0, 0.02, 0.01, 1000);
	if (!ok(r <= 0.02, "A/A at alpha 0.01"))
		diag("rate %g", r);
	r = rate(0.10, 0.02, 0.05, 1000);
	if (!ok(r >= 0.95, "power: 10%% shift at 2%% noise found"))
		diag("rate %g", r);
}

static void test_classes(void)
{
	is_str(stats_class_name(stats_classify(0)), "good", "0 good");
	is_str(stats_class_name(stats_classify(4.99)), "good", "4.99 good");
	is_str(stats_class_name(stats_classify(5)), "acceptable", "5");
	is_str(stats_class_name(stats_classify(10)), "acceptable", "10");
	is_str(stats_class_name(stats_classify(10.1)), "warning", "10.1");
	is_str(stats_class_name(stats_classify(15)), "warning", "15");
	is_str(stats_class_name(stats_classify(20)), "high", "20");
	is_str(stats_class_name(stats_classify(30)), "high", "30");
	is_str(stats_class_name(stats_classify(30.5)), "very high", "30.5");
	is_str(stats_class_name(stats_classify(NAN)), "unknown", "NaN");
}

/* t quantiles from published tables (R's qt); the SmallAllocation
 * interval checked against Python statistics.stdev with t(.975, 9). */
static void test_mean_ci(void)
{
	double x[] = {66.93, 55.99, 46.23, 45.41, 44.53,
		      45.33, 43.95, 50.05, 51.11, 45.43};
	double lo, hi, even[] = {1, 2, 3, 4};

	is_near(stats_t_quantile(0.975, 1), 12.7062047, 1e-6, "t(.975, 1)");
	is_near(stats_t_quantile(0.975, 9), 2.26215716, 1e-7, "t(.975, 9)");
	is_near(stats_t_quantile(0.975, 29), 2.04522964, 1e-7, "t(.975, 29)");
	is_near(stats_t_quantile(0.5, 5), 0, 1e-6, "t(.5, 5) = 0");
	is_near(stats_t_quantile(0.025, 9), -2.26215716, 1e-7, "t(.025, 9)");
	ok(isnan(stats_t_quantile(1, 3)), "t(1) is NaN");
	ok(stats_mean_ci(x, 10, 0.95, &lo, &hi), "mean CI of 10 values");
	is_near(lo, 44.350192, 1e-5, "mean CI low");
	is_near(hi, 54.641808, 1e-5, "mean CI high");
	ok(!stats_mean_ci(x, 1, 0.95, &lo, &hi) && isnan(lo), "n = 1: none");
	ok(stats_median(even, 4) == 2.5, "even median is the middle mean");
}

/* Welch's t-test against closed forms (df = 1: Cauchy, p = 1 − 2/π ·
 * atan|t|; df = 2: p = 1 − |t| / √(2 + t²)) and against mpmath at 30
 * digits (t and df by their definitions, p = betainc(df/2, 1/2, 0,
 * df/(df + t²), regularized=True)); pooling against the values of the
 * pooled groups. */
static void test_welch(void)
{
	struct stats_moments acc = {0};
	double df, x[] = {1, 2, 3, 4, 10, 11, 12};

	is_near(stats_welch(2, 0, 1, 2, 1, 1, &df), 1 - 1 / sqrt(3), 1e-12,
		"welch: df = 2 closed form");
	is_near(df, 2, 1e-12, "welch: df 2");
	is_near(stats_welch(2, 1, sqrt(2), 10, 0, 0, &df), 0.5, 1e-12,
		"welch: df = 1 closed form (Cauchy)");
	is_near(stats_welch(13, 15, sqrt(87.5), 11, 12, sqrt(39.0), &df),
		0.359998186932442426, 1e-12, "welch: mpmath p, unequal");
	is_near(df, 20.9846112334299201, 1e-9, "welch: mpmath df");
	is_near(stats_welch(2, 1.0, 0.1, 5, 1.2, 0.5, &df),
		0.435448802497776430, 1e-12, "welch: mpmath p, small n");
	is_near(stats_welch(30, 100, 5, 30, 110, 5, NULL),
		1.634214006268090796e-10, 1e-20, "welch: mpmath p, far apart");
	is_near(
	    stats_welch(93, 698.4415673308148, 25.43, 93, 768.28, 27.97, NULL),
	    8.81119221181634475e-42, 1e-50, "welch: a +10 % change");
	is_near(stats_welch(5, 3, 0, 5, 3, 0, NULL), 1, 0, "no spread, equal");
	is_near(stats_welch(5, 3, 0, 5, 4, 0, NULL), 0, 0, "no spread, apart");
	ok(isnan(stats_welch(1, 3, 1, 5, 4, 1, NULL)), "n = 1: NaN");
	stats_moments_add(&acc, 4, stats_mean(x, 4), stats_stddev(x, 4));
	stats_moments_add(&acc, 3, stats_mean(x + 4, 3),
			  stats_stddev(x + 4, 3));
	is_near(acc.n, 7, 0, "pooled n");
	is_near(acc.mean, stats_mean(x, 7), 1e-12, "pooled mean");
	is_near(stats_moments_sd(&acc), stats_stddev(x, 7), 1e-12,
		"pooled stddev");
}

struct pos {
	double v;
	size_t at;
};

static int by_value_then_place(const void *a, const void *b)
{
	const struct pos *x = a, *y = b;

	if (x->v != y->v)
		return (x->v > y->v) - (x->v < y->v);
	return (x->at > y->at) - (x->at < y->at);
}

/* stats_sort against a stable sort (value, then place): every array of up
 * to 70 values drawn from few (ties, -0 beside 0, some in order already),
 * bit for bit. */
static void test_sort(void)
{
	static const double from[] = {-0.0, 0.0, 1.5, -2, 7.25, 1e-300, 3};
	unsigned long long s = 12345;
	double x[80];
	struct pos p[80];
	size_t n, i;
	int t, bad = 0;

	for (t = 0; t < 20000; t++) {
		n = (size_t)t % 71;
		for (i = 0; i < n; i++) {
			s ^= s << 13, s ^= s >> 7, s ^= s << 17;
			x[i] = t % 5 == 0 ? (double)i : from[s % 7];
			p[i].v = x[i];
			p[i].at = i;
		}
		stats_sort(x, n);
		qsort(p, n, sizeof *p, by_value_then_place);
		for (i = 0; i < n; i++)
			if (memcmp(&x[i], &p[i].v, sizeof x[i]))
				break;
		bad += i < n;
	}
	is_int(bad, 0, "stats_sort sorts as a stable sort does, -0 and 0 too");
}

int main(void)
{
	test_sort();
	test_welch();
	test_mean_ci();
	test_descriptive();
	test_median_ci();
	test_utest();
	test_utest_brute();
	test_aa_power();
	test_classes();
	{
		double xs[] = {1e9 + 1, 1e9 + 2, 1e9 + 3, 1e9 + 5, 1e9 + 8};
		struct stats_running r = {0};
		double a, b;
		size_t k;

		for (k = 0; k < 5; k++)
			stats_running_add(&r, xs[k]);
		ok(stats_running_cv(&r, &a) && stats_cv(xs, 5, &b) &&
		       fabs(a - b) < 1e-6 * b,
		   "running CV = stats_cv, even around 1e9 (no sum of "
		   "squares)");
		r = (struct stats_running){0};
		stats_running_add(&r, 3);
		ok(!stats_running_cv(&r, &a) && isnan(a),
		   "running CV of one value: undefined");
	}
	/* P(T > 2.0) with 10 df = 0.036694017385370 (R: pt(2, 10, lower=F)) */
	is_near(stats_t_sf(2.0, 10), 0.03669401738537, 1e-12, "t sf, df 10");
	is_near(stats_t_sf(0, 3), 0.5, 1e-15, "t sf at 0");
	is_near(stats_t_sf(-1.0, 1), 0.75, 1e-12, "Cauchy: sf(-1) = 3/4");
	/* the reports' t(0.975): the table, then Cornish–Fisher */
	is_near(stats_t975(1), 12.7062, 0, "t975 df 1 from the table");
	is_near(stats_t975(30), 2.04227, 0, "t975 df 30 from the table");
	is_near(stats_t975(100), stats_t_quantile(0.975, 100), 1e-5,
		"t975 beyond 30 within 1e-5 of the quantile");
	ok(isnan(stats_t975(0)), "t975 df 0: NaN");
	return tap_done();
}
