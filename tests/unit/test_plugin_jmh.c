/*
 * test_plugin_jmh.c — the jmh plugin on JMH -rf json results: the peers'
 * fixtures (github-action-benchmark's JMH 1.29 HelloWorld with and without
 * params, Bencher's caffeine run of JMH 1.36 and its s/op variant),
 * every benchmark's mean checked against what their tests expect, and
 * every sample against the file's own rawData.
 */
#include "peers.h"
#include "probes.h"

/* Every rawData score of every benchmark of fixture is a sample, in
 * order, in the unit the file names. */
static void test_raw(const struct bt_plugin *p, const char *fixture)
{
	struct plugrun run = {0};
	size_t n, k = 0, bad = 0, total = 0;
	char *text = plug_slurp(plug_data(fixture), &n);
	jv doc = text ? jv_parse_sized(text, (int)n) : jv_invalid();
	int i, f, it, len = jv_array_length(jv_copy(doc));

	free(text);
	plug_run_file(p, plug_data(fixture), &run);
	for (i = 0; i < len; i++) {
		jv b = jv_array_get(jv_copy(doc), i);
		jv pm = jv_object_get(b, jv_string("primaryMetric"));
		jv u = jv_object_get(jv_copy(pm), jv_string("scoreUnit"));
		jv raw = jv_object_get(pm, jv_string("rawData"));
		int rate = !strncmp(jv_string_value(u), "ops/", 4);
		double scale = !strcmp(jv_string_value(u), "s/op") ? 1e9 : 1;

		for (f = 0; f < jv_array_length(jv_copy(raw)); f++) {
			jv fork = jv_array_get(jv_copy(raw), f);

			for (it = 0; it < jv_array_length(jv_copy(fork));
			     it++) {
				jv v = jv_array_get(jv_copy(fork), it);
				const struct plugrec *r =
				    plug_nth(&run, BT_KIND_SAMPLE, k++);
				double want = jv_number_value(v) * scale;
				double got =
				    plug_metric(r, rate ? "ops/s" : "ns/op");

				bad +=
				    !(fabs(got - want) <= fabs(want) * 1e-12);
				bad += rate && fabs(plug_metric(r, "ns/op") *
							want / 1e9 -
						    1) > 1e-12;
				total++;
				jv_free(v);
			}
			jv_free(fork);
		}
		jv_free(u);
		jv_free(raw);
	}
	ok(total > 0 && bad == 0 && plug_count(&run, BT_KIND_SAMPLE) == total,
	   "%s: one sample per rawData score (%zu), each exact", fixture,
	   total);
	jv_free(doc);
	plug_free(&run);
}

static void test_details(const struct bt_plugin *p)
{
	struct plugrun run = {0};
	const struct plugrec *r;

	plug_run_file(p, plug_data("jmh/jmh_output_2.json"), &run);
	r = plug_nth(&run, BT_KIND_SAMPLE, 0);
	label_is(r, "paramA", "17", "params are labels");
	label_is(plug_context_of(&run,
				 "org.openjdk.jmh.samples."
				 "JMHSample_01_HelloWorld.wellHelloThere"),
		 "mode", "thrpt", "context");
	ok(r && !r->summary_only, "a rawData score is a measurement");
	plug_free(&run);
}

static void test_peers(const struct bt_plugin *p)
{
	static const char *const f[] = {"jmh_output.json", "jmh_output_2.json",
					"six.json", "latency.json",
					"throughput.json"};
	char in[256], ex[256];
	size_t i;

	for (i = 0; i < sizeof f / sizeof f[0]; i++) {
		snprintf(in, sizeof in, "jmh/%s", f[i]);
		snprintf(ex, sizeof ex, "expect/jmh/%s.json", f[i]);
		peer_check(p, in, ex);
		test_raw(p, in);
	}
}

int main(void)
{
	const struct bt_plugin *p = plug_load("jmh");

	ok(p != NULL, "jmh plugin loads");
	if (!p)
		return tap_done();
	test_details(p);
	test_peers(p);
	probe_wins("jmh", "jmh/six.json");
	probe_wins("jmh", "jmh/jmh_output.json");
	probe_not_others("jmh");
	probe_not_captures("jmh");
	return tap_done();
}
