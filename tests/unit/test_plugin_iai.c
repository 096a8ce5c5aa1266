/*
 * test_plugin_iai.c — the iai plugin against Bencher's iai and
 * iai-callgrind (gungraun) stdout fixtures (tests/data/iai: real output of
 * those tools; none can be built here without crates.io), every count
 * checked against the value Bencher's tests expect (the tables below are
 * shared/corpus/peers/bencher/expect/rust/iai and gungraun, one JSON file each).
 */
#include <math.h>
#include <stdlib.h>

#include "peers.h"
#include "plugtest.h"
#include "probes.h"
#include "tap.h"

static const struct bt_plugin *P;

static const struct peer_bench ansi_escapes[] = {
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "instructions", 1734},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "l1-hits", 2359},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "l2-hits", 0},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "ram-hits", 3},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "total-read-write", 2362},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "estimated-cycles", 2464},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "instructions", 26214734},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "l1-hits", 35638619},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "l2-hits", 0},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "ram-hits", 3},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "total-read-write", 35638622},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "estimated-cycles", 35638724},
};

static const struct peer_bench delta[] = {
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "instructions", 1734},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "l1-hits", 2359},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "l2-hits", 0},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "ram-hits", 3},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "total-read-write", 2362},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "estimated-cycles", 2464},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "instructions", 26214734},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "l1-hits", 35638619},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "l2-hits", 0},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "ram-hits", 3},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "total-read-write", 35638622},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "estimated-cycles", 35638724},
};

static const struct peer_bench delta_with_inf[] = {
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "instructions", 1734},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "l1-hits", 2359},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "l2-hits", 0},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "ram-hits", 3},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "total-read-write", 0},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "estimated-cycles", 2464},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "instructions", 26214734},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "l1-hits", 35638619},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "l2-hits", 0},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "ram-hits", 3},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "total-read-write", 35638622},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "estimated-cycles", 35638724},
};

static const struct peer_bench dhat_then_callgrind[] = {
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "instructions", 1734},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "l1-hits", 2359},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "l2-hits", 0},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "ram-hits", 3},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "total-read-write", 2362},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "estimated-cycles", 2464},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "total-bytes", 29499},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "total-blocks", 2806},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "at-t-gmax-bytes", 378},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "at-t-gmax-blocks", 34},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "at-t-end-bytes", 0},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "at-t-end-blocks", 0},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "reads-bytes", 57725},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "writes-bytes", 73810},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "instructions", 26214734},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "l1-hits", 35638619},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "l2-hits", 0},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "ram-hits", 3},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "total-read-write", 35638622},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "estimated-cycles", 35638724},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "total-bytes", 26294939},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "total-blocks", 2328086},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "at-t-gmax-bytes", 933718},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "at-t-gmax-blocks", 18344},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "at-t-end-bytes", 0},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "at-t-end-blocks", 0},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "reads-bytes", 47577425},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "writes-bytes", 37733810},
};

static const struct peer_bench with_dhat_and_global_bus_events[] = {
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "instructions", 1734},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "l1-hits", 2359},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "l2-hits", 0},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "ram-hits", 3},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "total-read-write", 2362},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "estimated-cycles", 2464},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "global-bus-events", 2},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "total-bytes", 29499},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "total-blocks", 2806},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "at-t-gmax-bytes", 378},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "at-t-gmax-blocks", 34},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "at-t-end-bytes", 0},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "at-t-end-blocks", 0},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "reads-bytes", 57725},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "writes-bytes", 73810},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "instructions", 26214734},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "l1-hits", 35638619},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "l2-hits", 0},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "ram-hits", 3},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "total-read-write", 35638622},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "estimated-cycles", 35638724},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "global-bus-events", 10},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "total-bytes", 26294939},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "total-blocks", 2328086},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "at-t-gmax-bytes", 933718},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "at-t-gmax-blocks", 18344},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "at-t-end-bytes", 0},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "at-t-end-blocks", 0},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "reads-bytes", 47577425},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "writes-bytes", 37733810},
};

static const struct peer_bench with_dhat[] = {
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "instructions", 1734},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "l1-hits", 2359},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "l2-hits", 0},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "ram-hits", 3},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "total-read-write", 2362},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "estimated-cycles", 2464},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "total-bytes", 29499},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "total-blocks", 2806},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "at-t-gmax-bytes", 378},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "at-t-gmax-blocks", 34},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "at-t-end-bytes", 0},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "at-t-end-blocks", 0},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "reads-bytes", 57725},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "writes-bytes", 73810},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "instructions", 26214734},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "l1-hits", 35638619},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "l2-hits", 0},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "ram-hits", 3},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "total-read-write", 35638622},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "estimated-cycles", 35638724},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "total-bytes", 26294939},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "total-blocks", 2328086},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "at-t-gmax-bytes", 933718},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "at-t-gmax-blocks", 18344},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "at-t-end-bytes", 0},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "at-t-end-blocks", 0},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "reads-bytes", 47577425},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "writes-bytes", 37733810},
};

static const struct peer_bench with_ge[] = {
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "instructions", 1734},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "l1-hits", 2359},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "l2-hits", 0},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "ram-hits", 3},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "total-read-write", 2362},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "estimated-cycles", 2464},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "global-bus-events", 2},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "instructions", 26214734},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "l1-hits", 35638619},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "l2-hits", 0},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "ram-hits", 3},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "total-read-write", 35638622},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "estimated-cycles", 35638724},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "global-bus-events", 10},
};

static const struct peer_bench with_gungraun_summary[] = {
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "instructions", 1734},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "l1-hits", 2359},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "l2-hits", 0},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "ram-hits", 3},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "total-read-write", 2362},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "estimated-cycles", 2464},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "instructions", 26214734},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "l1-hits", 35638619},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "l2-hits", 0},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "ram-hits", 3},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "total-read-write", 35638622},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "estimated-cycles", 35638724},
};

static const struct peer_bench with_summary_and_regressions[] = {
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "instructions", 1734},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "l1-hits", 2359},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "l2-hits", 0},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "ram-hits", 3},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "total-read-write", 2362},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "estimated-cycles", 2464},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "instructions", 26214734},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "l1-hits", 35638619},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "l2-hits", 0},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "ram-hits", 3},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "total-read-write", 35638622},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "estimated-cycles", 35638724},
};

static const struct peer_bench without_cachesim[] = {
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "instructions", 1734},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "instructions", 26214734},
};

static const struct peer_bench without_optional_metrics[] = {
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "instructions", 1734},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "l1-hits", 2359},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "l2-hits", 0},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "ram-hits", 3},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "total-read-write", 2362},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10",
     "estimated-cycles", 2464},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "instructions", 26214734},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "l1-hits", 35638619},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "l2-hits", 0},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "ram-hits", 3},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "total-read-write", 35638622},
    {"rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci long:30",
     "estimated-cycles", 35638724},
};

static const struct peer_bench change[] = {
    {"iai_benchmark_short", "instructions", 1243},
    {"iai_benchmark_short", "l1-accesses", 1580},
    {"iai_benchmark_short", "l2-accesses", 1},
    {"iai_benchmark_short", "ram-accesses", 2},
    {"iai_benchmark_short", "estimated-cycles", 1655},
    {"iai_benchmark_long", "instructions", 18454953},
    {"iai_benchmark_long", "l1-accesses", 23447195},
    {"iai_benchmark_long", "l2-accesses", 6},
    {"iai_benchmark_long", "ram-accesses", 2},
    {"iai_benchmark_long", "estimated-cycles", 23447295},
};

static const struct peer_bench two[] = {
    {"bench_fibonacci_short", "instructions", 1735},
    {"bench_fibonacci_short", "l1-accesses", 2364},
    {"bench_fibonacci_short", "l2-accesses", 1},
    {"bench_fibonacci_short", "ram-accesses", 1},
    {"bench_fibonacci_short", "estimated-cycles", 2404},
    {"bench_fibonacci_long", "instructions", 26214735},
    {"bench_fibonacci_long", "l1-accesses", 35638623},
    {"bench_fibonacci_long", "l2-accesses", 2},
    {"bench_fibonacci_long", "ram-accesses", 1},
    {"bench_fibonacci_long", "estimated-cycles", 35638668},
};

static void peers(void)
{
	peer_check(P, "iai/ansi-escapes.txt", ansi_escapes,
		   sizeof ansi_escapes / sizeof ansi_escapes[0]);
	peer_check(P, "iai/delta.txt", delta, sizeof delta / sizeof delta[0]);
	peer_check(P, "iai/delta_with_inf.txt", delta_with_inf,
		   sizeof delta_with_inf / sizeof delta_with_inf[0]);
	peer_check(P, "iai/dhat-then-callgrind.txt", dhat_then_callgrind,
		   sizeof dhat_then_callgrind / sizeof dhat_then_callgrind[0]);
	peer_check(P, "iai/with-dhat-and-global-bus-events.txt",
		   with_dhat_and_global_bus_events,
		   sizeof with_dhat_and_global_bus_events /
		       sizeof with_dhat_and_global_bus_events[0]);
	peer_check(P, "iai/with-dhat.txt", with_dhat,
		   sizeof with_dhat / sizeof with_dhat[0]);
	peer_check(P, "iai/with-ge.txt", with_ge,
		   sizeof with_ge / sizeof with_ge[0]);
	peer_check(P, "iai/with-gungraun-summary.txt", with_gungraun_summary,
		   sizeof with_gungraun_summary /
		       sizeof with_gungraun_summary[0]);
	peer_check(P, "iai/with-summary-and-regressions.txt",
		   with_summary_and_regressions,
		   sizeof with_summary_and_regressions /
		       sizeof with_summary_and_regressions[0]);
	peer_check(P, "iai/without-cachesim.txt", without_cachesim,
		   sizeof without_cachesim / sizeof without_cachesim[0]);
	peer_check(P, "iai/without-optional-metrics.txt",
		   without_optional_metrics,
		   sizeof without_optional_metrics /
		       sizeof without_optional_metrics[0]);
	peer_check(P, "iai/change.txt", change,
		   sizeof change / sizeof change[0]);
	peer_check(P, "iai/two.txt", two, sizeof two / sizeof two[0]);
}

/* The old value and the change, and what is not a count. */
static void details(void)
{
	struct plugrun run = {0};
	const struct plugrec *c, *r;

	is_int(plug_run_file(P, plug_data("iai/delta.txt"), &run), 0, "delta");
	c = plug_context_of(
	    &run, "rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci "
		  "short:10");
	label_is(c, "instructions.old", "1650", "the old count after |");
	label_is(c, "instructions.change", "+5.09090%", "the change");
	label_is(c, "l2-hits.change", "No change", "no change");
	plug_free(&run);
	is_int(plug_run_file(P, plug_data("iai/change.txt"), &run), 0,
	       "change");
	label_is(plug_context_of(&run, "iai_benchmark_short"),
		 "l2-accesses.change", "-50.00000%", "iai's change");
	plug_free(&run);
	is_int(plug_run_file(
		   P, plug_data("iai/with-summary-and-regressions.txt"), &run),
	       0, "regressions");
	is_int(plug_count(&run, BT_KIND_SAMPLE), 2,
	       "the regression summary is no benchmark");
	r = plug_nth(&run, BT_KIND_SAMPLE, 1);
	is_int(r ? r->nmetrics : 0, 6, "six counts");
	plug_free(&run);
}

static void probes(void)
{
	probe_wins("iai", "iai/two.txt");
	probe_wins("iai", "iai/change.txt");
	probe_wins("iai", "iai/ansi-escapes.txt");
	probe_wins("iai", "iai/delta.txt");
	probe_wins("iai", "iai/dhat-then-callgrind.txt");
	probe_wins("iai", "iai/without-cachesim.txt");
	probe_not_others("iai");
}

int main(void)
{
	P = plug_load("iai");
	ok(P != NULL, "iai.so loads");
	if (!P)
		return tap_done();
	peers();
	details();
	probes();
	return tap_done();
}
