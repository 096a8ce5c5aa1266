/*
 * test_plugin_asv.c — the asv plugin against Bencher's asv console fixture
 * (tests/data/asv/six.txt, with the values Bencher's tests expect) and a
 * results file built from asv's documented results format, version 2
 * (tests/data/asv/4238c44d-virtualenv-py3.11.json: asv cannot be
 * installed here, PyPI being out of reach).
 */
#include <math.h>
#include <stdlib.h>

#include "peers.h"
#include "plugtest.h"
#include "probes.h"
#include "tap.h"

static const struct bt_plugin *P;

static void console(void)
{
	struct plugrun run = {0};
	const struct plugrec *r;

	peer_check(P, "asv/six.txt", "expect/asv/six.txt.json");
	is_int(plug_run_file(P, plug_data("asv/six.txt"), &run), 0, "six.txt");
	is_int(plug_count(&run, BT_KIND_FAILURE), 2, "two failed");
	r = plug_nth(&run, BT_KIND_FAILURE, 0);
	is_str(r ? r->name : NULL, "benchmarks.TimeSuite.time_iterkeys3",
	       "the first failure");
	r = plug_named(&run, BT_KIND_SAMPLE, "benchmarks.TimeSuite.time_keys3",
		       0);
	label_is(r, "env", "virtualenv-py3.6", "the environment as a label");
	label_is(plug_context_of(&run, "benchmarks.TimeSuite.time_keys3"),
		 "ns/op.err", "500", "9.07±0.5μs: the spread");
	plug_free(&run);
}

static void results(void)
{
	const char *f = "asv/4238c44d-virtualenv-py3.11.json";
	struct plugrun run = {0};
	const struct plugrec *c;

	peer_check(P, f, "expect/asv/4238c44d-virtualenv-py3.11.json.json");
	is_int(plug_run_file(P, plug_data(f), &run), 0, "results file");
	is_int(plug_count_named(&run, BT_KIND_SAMPLE,
				"benchmarks.TimeSuite.time_sampled"),
	       4, "recorded samples: one sample each");
	is_int(plug_count(&run, BT_KIND_FAILURE), 2,
	       "null results are failures");
	ok(plug_named(&run, BT_KIND_FAILURE,
		      "benchmarks.TimeSuite.time_range(10, 'tuple')",
		      0) != NULL,
	   "naming the parameter combination");
	c = plug_context_of(&run, "benchmarks.TimeSuite.time_keys");
	label_is(c, "ns/op.q_25", "11100", "q_25 in ns");
	label_is(c, "ns/op.ci_99_b", "11500", "ci_99_b in ns");
	label_is(c, "number", "1000", "number");
	label_is(c, "repeat", "10", "repeat");
#if BT_PLUGIN_ABI_VERSION >= 2
	{
		const struct plugrec *k = plug_named(
		    &run, BT_KIND_SAMPLE, "benchmarks.TimeSuite.time_keys", 0);
		const struct plugrec *s =
		    plug_named(&run, BT_KIND_SAMPLE,
			       "benchmarks.TimeSuite.time_sampled", 0);
		const struct plugrec *t =
		    plug_named(&run, BT_KIND_SAMPLE,
			       "benchmarks.TrackSuite.track_items", 0);

		ok(k && k->summary_only, "a median of repeats: summary-only");
		ok(s && !s->summary_only, "recorded samples are not");
		ok(t && !t->summary_only, "a tracked value is not");
	}
#endif
	metric_is(
	    plug_named(&run, BT_KIND_SAMPLE, "benchmarks.MemSuite.mem_list", 0),
	    "B", "2420", "mem_ in bytes");
	label_is(
	    plug_named(&run, BT_KIND_SAMPLE, "benchmarks.MemSuite.mem_list", 0),
	    "env", "virtualenv-py3.11", "env_name as a label");
	plug_free(&run);
}

static void bad(void)
{
	static const char notasv[] = "{\"results\": [1]}\n";
	static const char none[] =
	    "{\"commit_hash\": \"x\", \"result_columns\": [\"result\"], "
	    "\"results\": {\"a.time_x\": [[null]]}}\n";
	struct plugrun run = {0};

	is_int(plug_run_buf(P, notasv, sizeof notasv - 1, &run), -1,
	       "not a results file: an error");
	plug_free(&run);
	is_int(plug_run_buf(P, none, sizeof none - 1, &run), -1,
	       "no result readable: an error, not success");
	plug_free(&run);
}

static void probes(void)
{
	probe_wins("asv", "asv/six.txt");
	probe_wins("asv", "asv/4238c44d-virtualenv-py3.11.json");
	probe_not_others("asv");
	probe_not_captures("asv");
}

int main(void)
{
	P = plug_load("asv");
	ok(P != NULL, "asv.so loads");
	if (!P)
		return tap_done();
	console();
	results();
	bad();
	probes();
	return tap_done();
}
