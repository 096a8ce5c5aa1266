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
	static const struct peer_bench four[] = {
	    {"default", "ns/op", 7617000000},
	    {"benchmark_1", "ns/op", 12714000000},
	    {"benchmark 2", "ns/op", 9034000000},
	    {"benchmark 3: The Third - timer/timerEnd", "ns/op", 8827000000}};
	/* node.txt, read by hand */
	static const struct peer_bench node[] = {
	    {"default", "ns/op", 22267000},
	    {"loop 10M", "ns/op", 43383000},
	    {"json: stringify", "ns/op", 51557000},
	    {"slow", "ns/op", 1104000000},
	    {"\xc2\xb5 name", "ns/op", 7000}};

	peer_check(P, "jstime/four.txt", four, 4);
	peer_check(P, "jstime/node.txt", node, 5);
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
