/*
 * test_threshold.c — threshold.c against Bencher's vectors
 * (tests/data/history/bencher.json): each model's limits, its pass and
 * alert values, plus the unit-level figures given there.
 */
#include <jv.h>
#include <stdlib.h>

#include "tap.h"
#include "threshold.h"

static const char *data(const char *rel)
{
	static char path[4096];
	const char *dir = getenv("BT_TESTS");

	snprintf(path, sizeof path, "%s/data/%s", dir ? dir : "tests", rel);
	return path;
}

static double num(jv o, const char *k)
{
	jv v = jv_object_get(jv_copy(o), jv_string(k));
	double d = jv_get_kind(v) == JV_KIND_NUMBER ? jv_number_value(v) : NAN;

	jv_free(v);
	return d;
}

static void test_vectors(void)
{
	jv all = jv_load_file(data("history/bencher.json"), 0), doc, vecs;
	int i, nv;

	if (!ok(jv_is_valid(all), "bencher.json loads")) {
		jv_free(all);
		return;
	}
	doc = jv_array_get(all, 0);
	vecs = jv_object_get(jv_copy(doc), jv_string("vectors"));
	nv = jv_array_length(jv_copy(vecs));
	is_int(nv, 8, "8 vectors");
	for (i = 0; i < nv; i++) {
		jv v = jv_array_get(jv_copy(vecs), i);
		jv hist = jv_object_get(jv_copy(v), jv_string("history"));
		jv mj = jv_object_get(jv_copy(v), jv_string("model"));
		jv sj = jv_object_get(jv_copy(v), jv_string("side"));
		const char *side = jv_string_value(sj);
		int model = th_model_parse(jv_string_value(mj));
		size_t n = (size_t)jv_array_length(jv_copy(hist)), k;
		double *h = malloc(n * sizeof *h), lo, hi;
		double wlo = num(v, "lo"), whi = num(v, "hi");
		char what[128];
		int lower = strcmp(side, "upper") != 0;
		int upper = strcmp(side, "lower") != 0;
		int got;

		for (k = 0; k < n; k++)
			h[k] = jv_number_value(
			    jv_array_get(jv_copy(hist), (int)k));
		got = th_limits(model, num(v, "boundary"), h, n, lower, upper,
				&lo, &hi);
		snprintf(what, sizeof what, "%s %g", jv_string_value(mj),
			 num(v, "boundary"));
		ok(got, "%s: limits computed", what);
		is_near(lo, wlo, 1e-9 * fmax(1, fabs(wlo)), "lower limit");
		is_near(hi, whi, 1e-9 * fmax(1, fabs(whi)), "upper limit");
		ok(!th_alert(num(v, "pass"), lo, hi), "%s: %g passes", what,
		   num(v, "pass"));
		ok(th_alert(num(v, "alert"), lo, hi), "%s: %g alerts", what,
		   num(v, "alert"));
		free(h);
		jv_free(hist);
		jv_free(mj);
		jv_free(sj);
		jv_free(v);
	}
	jv_free(vecs);
	jv_free(doc);
}

static void test_edges(void)
{
	double h[] = {5, 5, 5, 5}, g[] = {1, 2, -3}, lo, hi;

	is_near(th_norm_quantile(0.85), 1.0364333894937896, 1e-13,
		"z quantile 0.85 (bencher unit test)");
	is_near(th_norm_quantile(0.5), 0, 1e-15, "z quantile 0.5");
	ok(!th_limits(TH_Z_SCORE, 0.99, h, 4, 1, 1, &lo, &hi),
	   "z_score: a constant history gives no limits");
	ok(isnan(lo) && isnan(hi), "and the limits are NaN");
	ok(!th_limits(TH_T_TEST, 0.99, h, 1, 1, 1, &lo, &hi),
	   "t_test: one value gives no limits");
	ok(!th_limits(TH_LOG_NORMAL, 0.99, g, 3, 1, 1, &lo, &hi),
	   "log_normal: a negative value gives no limits");
	ok(th_limits(TH_IQR, 1.5, (double[]){1, 2, 3}, 3, 1, 1, &lo, &hi) &&
	       lo == 0.5 && hi == 3.5,
	   "iqr 1..3 x1.5: Q1 1.5, Q3 2.5: 0.5 / 3.5");
	ok(th_limits(TH_STATIC, 7, NULL, 0, 0, 1, &lo, &hi) && isnan(lo) &&
	       hi == 7,
	   "static needs no history; only the upper side set");
	ok(!th_alert(7, lo, hi) && th_alert(7.5, lo, hi),
	   "equal passes, above alerts");
	is_int(th_model_parse("delta_iqr"), TH_DELTA_IQR, "model names");
	is_int(th_model_parse("zscore"), -1, "unknown model");
	ok(!th_boundary_ok(TH_T_TEST, 1.0) && th_boundary_ok(TH_T_TEST, 0.5),
	   "cdf boundary in [0.5, 1)");
}

int main(void)
{
	test_vectors();
	test_edges();
	return tap_done();
}
