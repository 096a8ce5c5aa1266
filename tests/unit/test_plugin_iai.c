/*
 * test_plugin_iai.c — the iai plugin against Bencher's iai and
 * iai-callgrind (gungraun) stdout fixtures (tests/data/iai: real output of
 * those tools; none can be built here without crates.io), every count
 * checked against the value Bencher's tests expect (tests/data/expect/iai,
 * copied from shared/corpus/peers/bencher/expect/rust).
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
	peer_check(P, "iai/ansi-escapes.txt",
		   "expect/iai/ansi-escapes.txt.json");
	peer_check(P, "iai/change.txt", "expect/iai/change.txt.json");
	peer_check(P, "iai/delta.txt", "expect/iai/delta.txt.json");
	peer_check(P, "iai/delta_with_inf.txt",
		   "expect/iai/delta_with_inf.txt.json");
	peer_check(P, "iai/dhat-then-callgrind.txt",
		   "expect/iai/dhat-then-callgrind.txt.json");
	peer_check(P, "iai/two.txt", "expect/iai/two.txt.json");
	peer_check(P, "iai/with-dhat-and-global-bus-events.txt",
		   "expect/iai/with-dhat-and-global-bus-events.txt.json");
	peer_check(P, "iai/with-dhat.txt", "expect/iai/with-dhat.txt.json");
	peer_check(P, "iai/with-ge.txt", "expect/iai/with-ge.txt.json");
	peer_check(P, "iai/with-gungraun-summary.txt",
		   "expect/iai/with-gungraun-summary.txt.json");
	peer_check(P, "iai/with-summary-and-regressions.txt",
		   "expect/iai/with-summary-and-regressions.txt.json");
	peer_check(P, "iai/without-cachesim.txt",
		   "expect/iai/without-cachesim.txt.json");
	peer_check(P, "iai/without-optional-metrics.txt",
		   "expect/iai/without-optional-metrics.txt.json");
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
	probe_not_captures("iai");
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
