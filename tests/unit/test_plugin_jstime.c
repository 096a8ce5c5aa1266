/*
 * test_plugin_jstime.c — the jstime plugin against a real Node 20 capture
 * (tests/data/jstime/node.txt, made by tests/data/sources/jstime/time.js),
 * Bencher's js_time fixture with the values its test expects
 * (jstime/four.txt), and Node's longer time forms.
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

	peer_check(P, "jstime/four.txt", "expect/jstime/four.txt.json");
	peer_check(P, "jstime/node.txt", "expect/jstime/node.txt.json");
}

static void forms(void)
{
	static const char in[] = "long: 1:02.345 (m:ss.mmm)\n"
				 "longer: 1:02:03.456 (h:mm:ss.mmm)\n"
				 "chrome: 0.08 ms\n"
				 "step: 1.5ms extra data\n"
				 "note: see 12ms\n"
				 "plain text\n";
	struct plugrun run = {0};

	is_int(plug_run_buf(P, in, sizeof in - 1, &run), 0, "forms parse");
	is_near(
	    plug_metric(plug_named(&run, BT_KIND_SAMPLE, "long", 0), "ns/op"),
	    62345000000.0, 0, "m:ss.mmm");
	is_near(
	    plug_metric(plug_named(&run, BT_KIND_SAMPLE, "longer", 0), "ns/op"),
	    3723456000000.0, 0, "h:mm:ss.mmm");
	metric_is(plug_named(&run, BT_KIND_SAMPLE, "chrome", 0), "ns/op",
		  "80000", "a space before ms");
	ok(!plug_named(&run, BT_KIND_SAMPLE, "step", 0),
	   "timeLog with data is not a result");
	ok(!plug_named(&run, BT_KIND_SAMPLE, "note: see 12ms", 0) &&
	       !plug_named(&run, BT_KIND_SAMPLE, "note", 0),
	   "a time inside prose is not a result");
	is_int(plug_count(&run, BT_KIND_SAMPLE), 3, "3 samples");
	plug_free(&run);
}

static void probes(void)
{
	probe_wins("jstime", "jstime/four.txt");
	probe_wins("jstime", "jstime/node.txt");
	probe_not_others("jstime");
	probe_not_captures("jstime");
}

int main(void)
{
	P = plug_load("jstime");
	ok(P != NULL, "jstime.so loads");
	if (!P)
		return tap_done();
	peers();
	forms();
	probes();
	return tap_done();
}
