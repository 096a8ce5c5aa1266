/*
 * test_plugin_luau.c — the luau plugin on github-action-benchmark's
 * benchmarkluau fixture (Luau's bench/bench.py output), against its test's
 * expectations, and on lines of the same shape for the other cases.
 */
#include "peers.h"
#include "probes.h"

static void test_lines(const struct bt_plugin *p)
{
	static const char text[] =
	    "SUCCESS: mandel            :    1.5us +/-  1.000% on luau-gc\n"
	    "FAILED: broken\n"
	    "SUCCESS: odd               :   twelve +/- 1% on luau\n"
	    "Total                  |  168.630ms  |  169.690ms  |  ---  | "
	    "luau\n";
	struct plugrun run = {0};
	const struct plugrec *r;

	plug_run_buf(p, text, sizeof text - 1, &run);
	is_int(plug_count(&run, BT_KIND_SAMPLE), 1, "one SUCCESS line reads");
	r = plug_named(&run, BT_KIND_SAMPLE, "mandel", 0);
	metric_is(r, "ns/op", "1500", "1.5us");
	ok(r && r->summary_only && r->nstats == 0,
	   "summary-only: bench.py prints no run count");
	label_is(plug_context_of(&run, "mandel"), "driver", "luau-gc",
		 "context");
	label_is(plug_context_of(&run, "mandel"), "stddev_percent", "1.000",
		 "context");
	ok(plug_named(&run, BT_KIND_FAILURE, "broken", 0) != NULL,
	   "FAILED: a failure");
	is_int(run.warnings, 1, "a SUCCESS line without a time: a warning");
	plug_free(&run);
}

int main(void)
{
	const struct bt_plugin *p = plug_load("luau");

	ok(p != NULL, "luau plugin loads");
	if (!p)
		return tap_done();
	test_lines(p);
	peer_check(p, "luau/benchmarkluau_output.txt",
		   "expect/luau/benchmarkluau_output.txt.json");
	probe_wins("luau", "luau/benchmarkluau_output.txt");
	probe_not_others("luau");
	probe_not_captures("luau");
	return tap_done();
}
