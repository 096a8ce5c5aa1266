/*
 * test_plugin_benchmarkjs.c — the benchmarkjs plugin on benchmark.js 2.1.4
 * output: the corpus capture, checked against the same run's own
 * statistics (probe/benchmarkjs-results.json: each benchmark's hz, sample
 * count and standard deviation as benchmark.js computed them), and the
 * peers' fixtures against what their tests expect.
 */
#include "peers.h"
#include "probes.h"

/* The console's stats against benchmark.js's own (results.json): the
 * margin is printed to 2 decimals, so the recovered stddev is within 1 %. */
static void test_against_stats(const struct bt_plugin *p, const char *console,
			       const char *results)
{
	struct plugrun run = {0};
	size_t n, i;
	char *text = plug_slurp(plug_data(results), &n);
	jv doc = text ? jv_parse_sized(text, (int)n) : jv_invalid();
	int len = jv_get_kind(doc) == JV_KIND_ARRAY
		      ? jv_array_length(jv_copy(doc))
		      : 0;

	free(text);
	ok(plug_run_file(p, plug_data(console), &run) == 0, "%s parses",
	   console);
	is_int(plug_count(&run, BT_KIND_SAMPLE), 4, "four benchmarks");
	is_int(len, 4, "results.json has the same four");
	for (i = 0; i < (size_t)len; i++) {
		jv b = jv_array_get(jv_copy(doc), (int)i);
		jv name = jv_object_get(jv_copy(b), jv_string("name"));
		jv hz = jv_object_get(jv_copy(b), jv_string("hz"));
		jv st = jv_object_get(jv_copy(b), jv_string("stats"));
		jv dev = jv_object_get(jv_copy(st), jv_string("deviation"));
		jv smp = jv_object_get(jv_copy(st), jv_string("sample"));
		const char *nm = jv_string_value(name);
		const struct plugrec *r =
		    plug_named(&run, BT_KIND_SAMPLE, nm, 0);
		const struct bt_stats *s = plug_stats(r, "ns/op");
		double want = jv_number_value(dev) * 1e9;

		/* benchmark.js prints hz rounded: 2 decimals below 100 */
		ok(r &&
		       fabs(plug_metric(r, "ops/s") - jv_number_value(hz)) <=
			   (jv_number_value(hz) < 100 ? 0.005 : 0.5) &&
		       plug_metric(r, "ns/op") == 1e9 / plug_metric(r, "ops/s"),
		   "%s: ops/s is hz as printed, ns/op 1e9 / ops/s", nm);
		ok(s && s->n == jv_array_length(jv_copy(smp)),
		   "%s: n is benchmark.js's sample count", nm);
		ok(s && fabs(s->stddev / want - 1) < 0.01,
		   "%s: stddev %g ns, benchmark.js's %g", nm, s ? s->stddev : 0,
		   want);
		jv_free(b), jv_free(name), jv_free(hz), jv_free(st);
		jv_free(dev), jv_free(smp);
	}
	jv_free(doc);
	plug_free(&run);
}

static void test_lines(const struct bt_plugin *p)
{
	struct plugrun run = {0};
	const struct plugrec *r;

	plug_run_file(p, plug_data("benchmarkjs/four.txt"), &run);
	r = plug_named(&run, BT_KIND_SAMPLE, "benchmark with x 2 many things",
		       0);
	ok(r != NULL, "a name with ' x ' in it is kept whole");
	metric_is(r, "ops/s", "50", "the rate, as printed");
	ok(r && plug_metric(r, "ns/op") == 20000000, "ns/op = 1e9 / 50");
	is_int(plug_count_named(&run, BT_KIND_SAMPLE,
				"this x line should be ignored"),
	       0, "a line that is not a result is no sample");
	plug_free(&run);
	plug_run_file(p, plug_data("benchmarkjs/fail-console.txt"), &run);
	is_int(plug_count(&run, BT_KIND_SAMPLE), 1,
	       "a run with an error: the passing benchmark");
	r = plug_nth(&run, BT_KIND_SAMPLE, 0);
	metric_is(r, "ops/s", "10280065", "thousands separators removed");
	ok(r && r->summary_only && plug_stats(r, "ops/s") &&
	       plug_stats(r, "ops/s")->n == 59,
	   "sum 100: summary-only, 59 runs sampled");
	plug_free(&run);
}

static void test_peers(const struct bt_plugin *p)
{
	static const char *const f[] = {"benchmarkjs_output.txt", "four.txt",
					"issue_506.txt"};
	char in[256], ex[256];
	size_t i;

	for (i = 0; i < sizeof f / sizeof f[0]; i++) {
		snprintf(in, sizeof in, "benchmarkjs/%s", f[i]);
		snprintf(ex, sizeof ex, "expect/benchmarkjs/%s.json", f[i]);
		peer_check(p, in, ex);
	}
}

int main(void)
{
	const struct bt_plugin *p = plug_load("benchmarkjs");

	ok(p != NULL, "benchmarkjs plugin loads");
	if (!p)
		return tap_done();
	test_against_stats(p, "benchmarkjs/console.txt",
			   "probe/benchmarkjs-results.json");
	test_against_stats(p, "benchmarkjs/console-run2.txt",
			   "probe/benchmarkjs-results-run2.json");
	test_lines(p);
	test_peers(p);
	probe_wins("benchmarkjs", "benchmarkjs/console.txt");
	probe_wins("benchmarkjs", "benchmarkjs/issue_506.txt");
	probe_not_others("benchmarkjs");
	probe_not_captures("benchmarkjs");
	return tap_done();
}
