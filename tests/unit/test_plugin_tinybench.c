/*
 * test_plugin_tinybench.c — the tinybench plugin on tinybench 6.2.5's real
 * output: the table (checked against the same run's results JSON: the
 * stddev recovered from ± rme % against tinybench's own sd), the results
 * JSON with its retained samples, and the same JSON without them.
 */
#include "peers.h"
#include "probes.h"

/* results.json as a jq value (the caller frees it). */
static jv results(void)
{
	size_t n;
	char *text = plug_slurp(plug_data("tinybench/results.json"), &n);
	jv doc = text ? jv_parse_sized(text, (int)n) : jv_invalid();

	free(text);
	return doc;
}

static double at(jv task, const char *side, const char *key)
{
	jv r = jv_object_get(jv_copy(task), jv_string("result"));
	jv s = jv_object_get(r, jv_string(side));
	jv v = jv_object_get(s, jv_string(key));
	double d = jv_get_kind(v) == JV_KIND_NUMBER ? jv_number_value(v) : NAN;

	jv_free(v);
	return d;
}

static void test_table(const struct bt_plugin *p)
{
	struct plugrun run = {0};
	jv doc = results();
	int i, len = jv_array_length(jv_copy(doc));

	is_int(plug_run_file(p, plug_data("tinybench/console.txt"), &run), 0,
	       "console.txt parses");
	is_int(plug_count(&run, BT_KIND_SAMPLE), 4, "table: four tasks");
	for (i = 0; i < len; i++) {
		jv task = jv_array_get(jv_copy(doc), i);
		jv nm = jv_object_get(jv_copy(task), jv_string("name"));
		const char *name = jv_string_value(nm);
		const struct plugrec *r =
		    plug_named(&run, BT_KIND_SAMPLE, name, 0);
		const struct bt_stats *s = plug_stats(r, "ns/op");
		const struct bt_stats *o = plug_stats(r, "ops/s");
		double sd = at(task, "latency", "sd") * 1e6;
		double mean = at(task, "latency", "mean") * 1e6;

		ok(r && fabs(plug_metric(r, "ns/op") / mean - 1) < 0.001,
		   "%s: ns/op is the mean latency", name);
		ok(s && s->n == at(task, "latency", "samplesCount"),
		   "%s: n = tinybench's samples", name);
		ok(s && fabs(s->stddev / sd - 1) < 0.01,
		   "%s: stddev %g from ± rme %%, tinybench's sd %g", name,
		   s ? s->stddev : 0, sd);
		ok(o && fabs(o->stddev / at(task, "throughput", "sd") - 1) <
			    0.02,
		   "%s: throughput stddev from its ± rme %%", name);
		jv_free(nm);
		jv_free(task);
	}
	jv_free(doc);
	plug_free(&run);
	plug_run_file(p, plug_data("tinybench/fail-console.txt"), &run);
	is_int(plug_count(&run, BT_KIND_SAMPLE), 1, "failing suite: one task");
	ok(plug_named(&run, BT_KIND_FAILURE, "throws", 0) &&
	       !strcmp(plug_named(&run, BT_KIND_FAILURE, "throws", 0)->message,
		       "benchmark blew up"),
	   "the throwing task is a failure with its error");
	plug_free(&run);
}

static void test_json(const struct bt_plugin *p)
{
	struct plugrun run = {0};
	jv doc = results(), task = jv_array_get(jv_copy(doc), 1);
	jv bare = jv_array();
	const struct plugrec *r;
	int i, len = jv_array_length(jv_copy(doc));
	char *text;

	is_int(plug_run_file(p, plug_data("tinybench/results.json"), &run), 0,
	       "results.json parses");
	is_int(plug_count_named(&run, BT_KIND_SAMPLE, "sort 10000 numbers"),
	       (long long)at(task, "latency", "samplesCount"),
	       "retained samples: one sample each");
	r = plug_named(&run, BT_KIND_SAMPLE, "sort 10000 numbers", 0);
	ok(r && !r->summary_only, "a retained sample is a measurement");
	ok(r && fabs(plug_metric(r, "ns/op") -
		     at(task, "latency", "min") * 1e6) < 1e-6,
	   "the samples in ns (sorted: the first is the min)");
	label_is(plug_context_of(&run, "sort 10000 numbers"),
		 "latency.samplesCount", "64", "context");
	plug_free(&run);

	for (i = 0; i < len; i++) { /* the same without samples */
		jv t = jv_array_get(jv_copy(doc), i);
		jv path = JV_ARRAY(jv_string("result"), jv_string("latency"),
				   jv_string("samples"));

		bare = jv_array_append(bare, jv_delpaths(t, JV_ARRAY(path)));
	}
	text = plug_json(jv_copy(bare));
	plug_run_buf(p, text, strlen(text), &run);
	is_int(plug_count(&run, BT_KIND_SAMPLE), 4,
	       "without samples: one summary-only sample per task");
	r = plug_named(&run, BT_KIND_SAMPLE, "sort 10000 numbers", 0);
	stats_are(r, "ns/op", 64, at(task, "latency", "mean") * 1e6,
		  at(task, "latency", "sd") * 1e6, "no samples");
	stats_are(r, "ops/s", 64, at(task, "throughput", "mean"),
		  at(task, "throughput", "sd"), "no samples");
	plug_free(&run);
	free(text);
	jv_free(bare);
	jv_free(task);
	jv_free(doc);
}

/* A real results JSON without samples (retainSamples: false). */
static void test_nosamples(const struct bt_plugin *p)
{
	struct plugrun run = {0};
	const struct plugrec *r;

	is_int(plug_run_file(p, plug_data("tinybench/results-nosamples.json"),
			     &run),
	       0, "results-nosamples.json parses");
	is_int(plug_count(&run, BT_KIND_SAMPLE), 4,
	       "default results: one summary-only sample per task");
	r = plug_named(&run, BT_KIND_SAMPLE, "sort 10000 numbers", 0);
	ok(r && r->summary_only && plug_stats(r, "ns/op") &&
	       plug_stats(r, "ns/op")->n == 64 &&
	       plug_stats(r, "ns/op")->stddev > 0,
	   "its stats: tinybench's samplesCount and sd");
	plug_free(&run);
}

int main(void)
{
	const struct bt_plugin *p = plug_load("tinybench");

	ok(p != NULL, "tinybench plugin loads");
	if (!p)
		return tap_done();
	test_table(p);
	test_json(p);
	test_nosamples(p);
	probe_wins("tinybench", "tinybench/console.txt");
	probe_wins("tinybench", "tinybench/results.json");
	probe_not_others("tinybench");
	probe_not_captures("tinybench");
	return tap_done();
}
