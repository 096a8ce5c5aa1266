/*
 * test_otava.c — otava.c against Apache Otava's own test vectors
 * (tests/data/history/otava.json, transcribed from apache/otava's tests):
 * every vector's change-point indices exactly, plus the t-test's p-value
 * against known values of Student's t.
 */
#include <jv.h>
#include <stdlib.h>

#include "otava.h"
#include "stats.h"
#include "tap.h"

static const char *data(const char *rel)
{
	static char path[4096];
	const char *dir = getenv("BT_TESTS");

	snprintf(path, sizeof path, "%s/data/%s", dir ? dir : "tests", rel);
	return path;
}

static double *doubles(jv a, size_t *n)
{
	double *x;
	int i;

	*n = (size_t)jv_array_length(jv_copy(a));
	x = malloc((*n ? *n : 1) * sizeof *x);
	for (i = 0; i < (int)*n; i++)
		x[i] = jv_number_value(jv_array_get(jv_copy(a), i));
	jv_free(a);
	return x;
}

static void test_vectors(void)
{
	jv all = jv_load_file(data("history/otava.json"), 0);
	jv doc, vecs;
	int i, nv;

	if (!ok(jv_is_valid(all), "otava.json loads")) {
		jv_free(all);
		return;
	}
	doc = jv_array_get(all, 0);
	vecs = jv_object_get(jv_copy(doc), jv_string("vectors"));
	nv = jv_array_length(jv_copy(vecs));
	is_int(nv, 17, "17 vectors");
	for (i = 0; i < nv; i++) {
		jv v = jv_array_get(jv_copy(vecs), i);
		jv name = jv_object_get(jv_copy(v), jv_string("series"));
		jv id = jv_object_get(jv_copy(v), jv_string("id"));
		jv series = jv_object_get(
		    jv_object_get(jv_copy(doc), jv_string("series")), name);
		size_t n, ne, ncp, k;
		double *x = doubles(series, &n);
		double *want = doubles(
		    jv_object_get(jv_copy(v), jv_string("expected")), &ne);
		double w = jv_number_value(
		    jv_object_get(jv_copy(v), jv_string("window")));
		double p =
		    jv_number_value(jv_object_get(jv_copy(v), jv_string("p")));
		double m = jv_number_value(
		    jv_object_get(jv_copy(v), jv_string("min_magnitude")));
		struct otava_cp *cps;
		char got[2048] = "", exp[2048] = "";

		ncp = otava_changes(x, n, (size_t)w, p, m, &cps);
		for (k = 0; k < ncp; k++)
			snprintf(got + strlen(got), sizeof got - strlen(got),
				 "%s%zu", k ? "," : "", cps[k].index);
		for (k = 0; k < ne; k++)
			snprintf(exp + strlen(exp), sizeof exp - strlen(exp),
				 "%s%g", k ? "," : "", want[k]);
		is_str(got, exp, jv_string_value(id));
		free(cps);
		free(x);
		free(want);
		jv_free(id);
		jv_free(v);
	}
	jv_free(vecs);
	jv_free(doc);
}

static void test_t(void)
{
	struct otava_stats s;
	double a[] = {1, 2, 3, 4}, b[] = {3, 4, 5, 6};

	/* population sds sqrt(1.25) each, fed as sample sds: pooled var
	 * (3 · 1.25 + 3 · 1.25) / 6, t = −2 / sqrt(1.25 · (1/4 + 1/4)) */
	otava_ttest(a, 4, b, 4, &s);
	is_near(s.sd1, sqrt(1.25), 1e-15, "population sd (ddof 0)");
	is_near(s.p, 2 * stats_t_sf(2 / sqrt(0.625), 6), 1e-15,
		"pooled t-test p");
	otava_ttest(a, 1, b, 1, &s);
	is_near(s.p, 1, 0, "two values: p 1");
	is_near(otava_magnitude(&s), 2, 1e-15,
		"magnitude max(|3/1-1|, |1/3-1|)");
}

int main(void)
{
	test_vectors();
	test_t();
	return tap_done();
}
