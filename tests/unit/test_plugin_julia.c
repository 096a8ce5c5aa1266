/*
 * test_plugin_julia.c — the julia plugin on BenchmarkTools.jl JSON:
 * github-action-benchmark's fixture (TrialEstimates of a nested group),
 * checked against its test's expectations, and a Trial file built from
 * BenchmarkTools' serialisation (tests/data/README.md) for the samples.
 */
#include "peers.h"
#include "probes.h"

static void test_trial(const struct bt_plugin *p)
{
	struct plugrun run = {0};
	const struct plugrec *r;

	is_int(plug_run_file(p, plug_data("julia/trial.json"), &run), 0,
	       "trial.json parses");
	is_int(plug_count_named(&run, BT_KIND_SAMPLE, "sort/100"), 5,
	       "a Trial: one sample per time");
	is_int(plug_count_named(&run, BT_KIND_SAMPLE, "sum"), 3,
	       "a Trial at the top group");
	r = plug_named(&run, BT_KIND_SAMPLE, "sort/100", 4);
	metric_is(r, "ns/op", "1310.1", "the fifth time");
	metric_is(r, "B/op", "896", "memory");
	metric_is(r, "allocs/op", "1", "allocs");
	ok(r && !r->summary_only, "a Trial's time is a measurement");
	label_is(plug_context_of(&run, "sort/100"), "evals", "10", "context");
	plug_free(&run);
	plug_run_file(p, plug_data("julia/julia_output.json"), &run);
	r = plug_named(&run, BT_KIND_SAMPLE, "fib/10", 0);
	ok(r && r->summary_only && r->nstats == 0,
	   "a TrialEstimate: summary-only, no spread");
	plug_free(&run);
}

int main(void)
{
	const struct bt_plugin *p = plug_load("julia");

	ok(p != NULL, "julia plugin loads");
	if (!p)
		return tap_done();
	test_trial(p);
	peer_check(p, "julia/julia_output.json",
		   "expect/julia/julia_output.json.json");
	probe_wins("julia", "julia/julia_output.json");
	probe_wins("julia", "julia/trial.json");
	probe_not_others("julia");
	probe_not_captures("julia");
	return tap_done();
}
