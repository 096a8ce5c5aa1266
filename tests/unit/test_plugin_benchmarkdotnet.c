/*
 * test_plugin_benchmarkdotnet.c — the benchmarkdotnet plugin on
 * BenchmarkDotNet JSON reports: the peers' fixtures (github-action-
 * benchmark's brief report, Bencher's brief, full with MemoryDiagnoser,
 * and a minimal one with a null Namespace), every benchmark against what
 * their tests expect (Bencher names Namespace.Method, without the class),
 * the full report's samples against its own Statistics.
 */
#include "peers.h"
#include "probes.h"

static void test_full(const struct bt_plugin *p)
{
	struct plugrun run = {0};
	const struct plugrec *r;
	double sum = 0;
	size_t i, n;

	is_int(plug_run_file(p, plug_data("benchmarkdotnet/memory.json"), &run),
	       0, "memory.json parses");
	n = plug_count_named(&run, BT_KIND_SAMPLE, "Memory.AllocEmptyList");
	is_int(n, 3, "full report: one sample per Workload Result");
	for (i = 0; i < n; i++)
		sum += plug_metric(plug_named(&run, BT_KIND_SAMPLE,
					      "Memory.AllocEmptyList", i),
				   "ns/op");
	label_is(plug_context_of(&run, "Memory.AllocEmptyList"), "N", "3",
		 "context: Statistics.N");
	is_near(
	    sum / 3,
	    strtod(plug_label(plug_context_of(&run, "Memory.AllocEmptyList"),
			      "ns/op.Mean"),
		   NULL),
	    1e-9, "the samples' mean is BenchmarkDotNet's Mean");
	r = plug_named(&run, BT_KIND_SAMPLE, "Memory.AllocEmptyList", 0);
	is_str(r ? r->suite : "", "BenchmarkDotNet.Samples",
	       "Namespace: suite");
	metric_is(r, "B/op", "368", "BytesAllocatedPerOperation");
	is_int(r ? r->iterations : 0, 8388608, "Operations: iterations");
	ok(r && !r->summary_only, "a measurement, not a summary");
	plug_free(&run);
}

static void test_brief(const struct bt_plugin *p)
{
	struct plugrun run = {0};
	const struct plugrec *r;

	plug_run_file(p, plug_data("benchmarkdotnet/two.json"), &run);
	r = plug_named(&run, BT_KIND_SAMPLE, "IntroJsonExport.Sleep10", 0);
	stats_are(r, "ns/op", 20, 10362283.085796878, 45702.118369205156,
		  "brief report");
	ok(r && r->stats[0].std_error > 0 && r->stats[0].min > 0,
	   "brief: stderr and min kept");
	plug_free(&run);
}

static void test_peers(const struct bt_plugin *p)
{
	static const char *const counts[] = {"gen0-collects", "gen1-collects",
					     "gen2-collects",
					     "total-operations", NULL};
	static const char *const f[] = {"benchmarkdotnet.json", "two.json",
					"memory.json", "null_namespace.json"};
	char in[256], ex[256];
	size_t i;

	peer_skip_units = counts; /* Memory's totals: in the context */
	for (i = 0; i < sizeof f / sizeof f[0]; i++) {
		snprintf(in, sizeof in, "benchmarkdotnet/%s", f[i]);
		snprintf(ex, sizeof ex, "expect/benchmarkdotnet/%s.json", f[i]);
		peer_no_class = i > 0; /* the Bencher ones */
		peer_check(p, in, ex);
	}
}

int main(void)
{
	const struct bt_plugin *p = plug_load("benchmarkdotnet");

	ok(p != NULL, "benchmarkdotnet plugin loads");
	if (!p)
		return tap_done();
	test_full(p);
	test_brief(p);
	test_peers(p);
	probe_wins("benchmarkdotnet", "benchmarkdotnet/two.json");
	probe_wins("benchmarkdotnet", "benchmarkdotnet/memory.json");
	probe_not_others("benchmarkdotnet");
	probe_not_captures("benchmarkdotnet");
	return tap_done();
}
