/*
 * test_plugin_catch2.c — the catch2 plugin on real Catch2 output: the
 * corpus captures (Catch2 2.13.10: console, --benchmark-samples 20,
 * --benchmark-no-analysis, -r xml, a failing run) and the peers' fixtures
 * (github-action-benchmark's and Bencher's, v2.11 and v3 consoles), every
 * benchmark checked against what those projects' tests expect.
 */
#include "peers.h"
#include "probes.h"

static void test_console(const struct bt_plugin *p)
{
	struct plugrun run = {0};
	const struct plugrec *r, *c;

	is_int(plug_run_file(p, plug_data("catch2/console.txt"), &run), 0,
	       "console.txt parses");
	is_int(plug_count(&run, BT_KIND_SAMPLE), 4, "four benchmarks");
	r = plug_named(&run, BT_KIND_SAMPLE, "fib 25", 0);
	is_str(r ? r->suite : "", "Fibonacci", "the test case is the suite");
	metric_is(r, "ns/op", "206242", "fib 25: the mean, 206.242 us");
	stats_are(r, "ns/op", 100, 206242, 50357, "fib 25");
	is_int(r ? r->iterations : 0, 1, "fib 25: iterations per sample");
	r = plug_named(&run, BT_KIND_SAMPLE,
		       "std::string concatenation of the decimal integers 0 "
		       "to 99",
		       0);
	ok(r != NULL, "a name wrapped onto two lines is joined");
	metric_is(r, "ns/op", "1525.76", "wrapped name: its mean");
	stats_are(r, "ns/op", 100, 1525.76, 170.21, "wrapped name");
	c = plug_context_of(&run, "vector push_back 1000");
	label_is(c, "ns/op.mean.low", "1529.01", "context");
	label_is(c, "ns/op.stddev.high", "621.228", "context");
	label_is(c, "ns.estimated", "4537900", "context");
	plug_free(&run);

	plug_run_file(p, plug_data("catch2/console-samples20.txt"), &run);
	r = plug_named(&run, BT_KIND_SAMPLE, "sort 10000 ints", 0);
	stats_are(r, "ns/op", 20, 654572, 37456.6, "--benchmark-samples 20");
	plug_free(&run);

	plug_run_file(p, plug_data("catch2/console-no-analysis.txt"), &run);
	is_int(plug_count(&run, BT_KIND_SAMPLE), 4, "no analysis: four");
	r = plug_named(&run, BT_KIND_SAMPLE, "vector push_back 1000", 0);
	metric_is(r, "ns/op", "1636.55", "no analysis: the mean");
	ok(r && r->summary_only && r->nstats == 0,
	   "no analysis: summary-only, no spread to give");
	plug_free(&run);
}

static void test_xml(const struct bt_plugin *p)
{
	struct plugrun run = {0};
	const struct plugrec *r;

	is_int(plug_run_file(p, plug_data("catch2/out.xml"), &run), 0,
	       "out.xml parses");
	is_int(plug_count(&run, BT_KIND_SAMPLE), 4, "xml: four benchmarks");
	r = plug_named(&run, BT_KIND_SAMPLE, "sort 10000 ints", 0);
	is_str(r ? r->suite : "", "Containers", "xml: test case is the suite");
	metric_is(r, "ns/op", "801127", "xml: mean in ns");
	stats_are(r, "ns/op", 100, 801127, 636427, "xml");
	plug_free(&run);
	plug_run_file(p, plug_data("probe/catch2-junit.xml"), &run);
	is_int(plug_count(&run, BT_KIND_SAMPLE), 0,
	       "junit.xml carries no benchmark results");
	plug_free(&run);
}

/* Nested sections: the same suites from the console and the XML. */
static void test_sections(const struct bt_plugin *p)
{
	static const char *const f[] = {"catch2/sections-console.txt",
					"catch2/sections.xml"};
	struct plugrun run = {0};
	const struct plugrec *r;
	size_t i;

	for (i = 0; i < 2; i++) {
		plug_run_file(p, plug_data(f[i]), &run);
		is_int(plug_count(&run, BT_KIND_SAMPLE), 3, f[i]);
		r = plug_named(&run, BT_KIND_SAMPLE, "reverse sum 1000", 0);
		is_str(r ? r->suite : "", "Vectors reading backwards",
		       "a nested section: test case and sections");
		r = plug_named(&run, BT_KIND_SAMPLE, "fill 1000", 0);
		is_str(r ? r->suite : "", "Vectors writing",
		       "the next section replaces the last");
		ok(r && plug_stats(r, "ns/op") &&
		       plug_stats(r, "ns/op")->n == 20,
		   "--benchmark-samples 20: n = 20");
		plug_free(&run);
	}
}

static void test_failures(const struct bt_plugin *p)
{
	static const char *const files[] = {"catch2/fail-console.txt",
					    "catch2/fail.xml"};
	struct plugrun run = {0};
	const struct plugrec *r;
	size_t i;

	for (i = 0; i < 2; i++) {
		plug_run_file(p, plug_data(files[i]), &run);
		is_int(plug_count(&run, BT_KIND_SAMPLE), 1, files[i]);
		r = plug_named(&run, BT_KIND_FAILURE, "throwing benchmark", 0);
		ok(r && strstr(r->message, "benchmark blew up"),
		   "%s: the throwing benchmark is a failure", files[i]);
		r = plug_nth(&run, BT_KIND_FAILURE, 1);
		ok(r && !strcmp(r->suite, "Fails a check") &&
		       strstr(r->message, "bench_fail.cpp:27"),
		   "%s: the failed REQUIRE fails its test case", files[i]);
		plug_free(&run);
	}
}

static void test_peers(const struct bt_plugin *p)
{
	static const char *const f[] = {"four.txt",
					"issue_351.txt",
					"two.txt",
					"catch2_output_v2.txt",
					"catch2_output_v3.txt",
					"issue16_output.txt"};
	char in[256], ex[256];
	size_t i;

	for (i = 0; i < sizeof f / sizeof f[0]; i++) {
		snprintf(in, sizeof in, "catch2/%s", f[i]);
		snprintf(ex, sizeof ex, "expect/catch2/%s.json", f[i]);
		peer_check(p, in, ex);
	}
}

int main(void)
{
	const struct bt_plugin *p = plug_load("catch2");

	ok(p != NULL, "catch2 plugin loads");
	if (!p)
		return tap_done();
	test_console(p);
	test_xml(p);
	test_sections(p);
	test_failures(p);
	test_peers(p);
	probe_wins("catch2", "catch2/console.txt");
	probe_wins("catch2", "catch2/out.xml");
	probe_wins("catch2", "catch2/catch2_output_v3.txt");
	probe_not_others("catch2");
	probe_not_captures("catch2");
	return tap_done();
}
