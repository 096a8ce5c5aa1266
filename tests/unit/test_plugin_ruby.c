/*
 * test_plugin_ruby.c — the ruby plugin against Bencher's Ruby Benchmark
 * fixtures (tests/data/ruby/five.txt, two.txt, with the values Bencher's
 * tests expect) and two benchmark-ips outputs built from the gem's README
 * format (ips.txt; ips-nsi.txt with the newer "(T ns/i)" column): no Ruby
 * here to make real ones.
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

	peer_check(P, "ruby/five.txt", "expect/ruby/five.txt.json");
	peer_check(P, "ruby/two.txt", "expect/ruby/two.txt.json");
	is_int(plug_run_file(P, plug_data("ruby/two.txt"), &run), 0, "bmbm");
	metric_is(plug_named(&run, BT_KIND_SAMPLE, "sort!", 0), "cpu-ns/op",
		  "1460000000", "CPU time (total) of the second table");
	is_int(plug_count(&run, BT_KIND_SAMPLE), 2,
	       "the rehearsal's lines are not results");
	plug_free(&run);
}

static void ips(void)
{
	struct plugrun run = {0};
	const struct plugrec *r, *c;

	peer_check(P, "ruby/ips.txt", "expect/ruby/ips.txt.json");
	is_int(plug_run_file(P, plug_data("ruby/ips.txt"), &run), 0, "ips");
	r = plug_named(&run, BT_KIND_SAMPLE, "addition", 0);
	metric_is(r, "ops/s", "36209000", "36.209M i/s, exactly");
	is_near(plug_metric(r, "ns/op"), 1e9 / 36209000, 1e-12,
		"ns/op = 1e9 / rate");
	c = plug_context_of(&run, "addition");
	label_is(c, "ops/s.rme", "2.8", "the ± spread");
	label_is(c, "iterations", "182253000", "iterations behind it");
	label_is(c, "seconds", "5.037433", "and their time");
#if BT_PLUGIN_ABI_VERSION >= 2
	ok(r && r->summary_only && r->nstats == 0,
	   "a mean rate: summary-only, no stats (no count printed)");
#endif
	plug_free(&run);
	is_int(plug_run_file(P, plug_data("ruby/ips-nsi.txt"), &run), 0,
	       "ips with ns/i");
	metric_is(plug_named(&run, BT_KIND_SAMPLE, "slow", 0), "ops/s",
		  "123456", "123.456k i/s");
	metric_is(plug_named(&run, BT_KIND_SAMPLE, "fast", 0), "ops/s",
		  "12345000", "12.345M i/s");
	is_int(plug_count(&run, BT_KIND_SAMPLE), 2,
	       "warm-up and comparison lines are not results");
	plug_free(&run);
}

static void probes(void)
{
	probe_wins("ruby", "ruby/five.txt");
	probe_wins("ruby", "ruby/two.txt");
	probe_wins("ruby", "ruby/ips.txt");
	probe_wins("ruby", "ruby/ips-nsi.txt");
	probe_not_others("ruby");
	probe_not_captures("ruby");
}

int main(void)
{
	P = plug_load("ruby");
	ok(P != NULL, "ruby.so loads");
	if (!P)
		return tap_done();
	peers();
	ips();
	probes();
	return tap_done();
}
