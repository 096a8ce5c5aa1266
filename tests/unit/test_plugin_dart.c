/*
 * test_plugin_dart.c — the dart plugin against Bencher's benchmark_harness
 * fixtures (tests/data/dart, with the values Bencher's tests expect; no
 * Dart SDK here to make our own) and lines built from benchmark_harness's
 * BenchmarkBase.report() format.
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

	peer_check(P, "dart/one.txt", "expect/dart/one.txt.json");
	peer_check(P, "dart/two.txt", "expect/dart/two.txt.json");
}

static void lines(void)
{
	static const char in[] = "starting\n"
				 "fib(10)(RunTime): 0.3051 us.\n"
				 "Sort 1000(RunTime): 12345.678 us.\r\n"
				 "Odd(RunTime): fast us.\n"
				 "Size(Bytes): 42 B.\n"
				 "done.\n";
	struct plugrun run = {0};

	is_int(plug_run_buf(P, in, sizeof in - 1, &run), 0, "lines parse");
	is_int(plug_count(&run, BT_KIND_SAMPLE), 3, "3 samples");
	metric_is(plug_named(&run, BT_KIND_SAMPLE, "fib(10)", 0), "ns/op",
		  "305.1", "a name with parentheses");
	metric_is(plug_named(&run, BT_KIND_SAMPLE, "Sort 1000", 0), "ns/op",
		  "12345678", "CRLF, exact conversion");
	metric_is(plug_named(&run, BT_KIND_SAMPLE, "Size", 0), "B", "42",
		  "another unit is kept");
#if BT_PLUGIN_ABI_VERSION >= 2
	ok(plug_named(&run, BT_KIND_SAMPLE, "Sort 1000", 0)->summary_only &&
	       plug_named(&run, BT_KIND_SAMPLE, "Sort 1000", 0)->nstats == 0,
	   "a mean without spread or count: summary-only, no stats");
#endif
	is_int(run.warnings, 1, "a score that is no number is warned about");
	plug_free(&run);
	is_int(plug_run_buf(P, "A(RunTime): x us.\n", 18, &run), -1,
	       "only unreadable results: an error, not success");
	plug_free(&run);
}

static void probes(void)
{
	probe_wins("dart", "dart/one.txt");
	probe_wins("dart", "dart/two.txt");
	probe_not_others("dart");
	probe_not_captures("dart");
}

int main(void)
{
	P = plug_load("dart");
	ok(P != NULL, "dart.so loads");
	if (!P)
		return tap_done();
	peers();
	lines();
	probes();
	return tap_done();
}
