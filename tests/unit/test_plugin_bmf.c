/*
 * test_plugin_bmf.c — the bmf plugin against Bencher's own json adapter
 * fixtures (tests/data/bmf, with the values Bencher's tests expect) and
 * documents built from the Bencher Metric Format's documentation.
 */
#include <math.h>
#include <stdlib.h>

#include "peers.h"
#include "plugtest.h"
#include "probes.h"
#include "tap.h"

static const struct bt_plugin *P;

static void peers(void)
{
	struct plugrun run = {0};
	const struct plugrec *r;

	peer_check(P, "bmf/report_latency.json",
		   "expect/bmf/report_latency.json.json");
	peer_check(P, "bmf/report_bmf_mixed.json",
		   "expect/bmf/report_bmf_mixed.json.json");
	peer_check(P, "bmf/report_dhat.json",
		   "expect/bmf/report_dhat.json.json");
	is_int(plug_run_file(P, plug_data("bmf/report_dhat.json"), &run), 0,
	       "dhat");
	r = plug_named(&run, BT_KIND_SAMPLE, "bench_play_game", 0);
	is_int(r ? r->nmetrics : 0, 6, "six measures, one sample");
	metric_is(r, "Max Bytes", "9", "a measure kept as its slug");
	metric_is(r, "Total Bytes", "662", "Total Bytes");
	metric_is(r, "Total Blocks", "100", "Total Blocks");
	is_str(r && r->nmetrics == 6 ? r->unit[0] : NULL, "Final Blocks",
	       "in the document's order");
	plug_free(&run);
	is_int(plug_run_file(P, plug_data("bmf/report_latency.json"), &run), 0,
	       "latency");
	label_is(plug_context_of(&run, "tests::benchmark_b"), "ns/op.lower",
		 "2275", "lower_value");
	label_is(plug_context_of(&run, "tests::benchmark_b"), "ns/op.upper",
		 "2275", "upper_value");
	plug_free(&run);
}

static void doc(void)
{
	static const char in[] =
	    "{\n  \"bench\": {\n    \"latency\": {\"value\": 88.0, "
	    "\"lower_value\": 87.42, \"upper_value\": 88.88},\n"
	    "    \"throughput\": {\"value\": 5.55e6},\n"
	    "    \"file-size\": {\"value\": 2048}, \"broken\": {\"v\": 1}\n"
	    "  }\n}\n";
	static const char bad[] = "[1, 2]\n";
	static const char none[] = "{\"a\": {\"latency\": {}}}\n";
	struct plugrun run = {0};
	const struct plugrec *r;

	is_int(plug_run_buf(P, in, sizeof in - 1, &run), 0, "a document");
	r = plug_named(&run, BT_KIND_SAMPLE, "bench", 0);
	metric_is(r, "ns/op", "88", "latency is ns/op");
	is_int(r ? r->better[0] : 0, BT_BETTER_LOWER, "lower is better");
	metric_is(r, "ops/s", "5550000", "throughput is ops/s");
	is_int(r ? r->better[1] : 0, BT_BETTER_HIGHER, "higher is better");
	metric_is(r, "file-size", "2048", "file-size kept");
	is_int(run.warnings, 1, "a measure without a value is warned about");
	label_is(plug_context_of(&run, "bench"), "ns/op.lower", "87.42",
		 "lower");
	plug_free(&run);
	is_int(plug_run_buf(P, bad, sizeof bad - 1, &run), -1,
	       "not an object: an error");
	plug_free(&run);
	is_int(plug_run_buf(P, none, sizeof none - 1, &run), -1,
	       "nothing with a value: an error, not success");
	plug_free(&run);
}

static void probes(void)
{
	probe_wins("bmf", "bmf/report_latency.json");
	probe_wins("bmf", "bmf/report_bmf_mixed.json");
	probe_wins("bmf", "bmf/report_dhat.json");
	is_int(plug_probe_file(P, plug_data("vitest/two.json")), 0,
	       "vitest's JSON is not BMF");
	is_int(plug_probe_file(P, plug_data("pytest/out.json")), 0,
	       "pytest's JSON is not BMF");
	is_int(plug_probe_file(P, plug_data("hyperfine/out.json")), 0,
	       "hyperfine's JSON is not BMF");
	probe_not_others("bmf");
	probe_not_captures("bmf");
}

int main(void)
{
	P = plug_load("bmf");
	ok(P != NULL, "bmf.so loads");
	if (!P)
		return tap_done();
	peers();
	doc();
	probes();
	return tap_done();
}
