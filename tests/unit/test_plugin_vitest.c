/*
 * test_plugin_vitest.c — the vitest plugin against a real report
 * (tests/data/vitest/math-2.1.9.json: `npx vitest bench --run --outputJson
 * out.json` of tests/data/sources/vitest/math.bench.ts, vitest 2.1.9) and
 * Bencher's js_vitest fixtures with the values its tests expect (their
 * mean: Bencher's default).
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
	const struct plugrec *c;

	peer_check(P, "vitest/two.json", "expect/vitest/two.json.json");
	peer_check(P, "vitest/four.json", "expect/vitest/four.json.json");
	peer_check(P, "vitest/math-2.1.9.json",
		   "expect/vitest/math-2.1.9.json.json");
	is_int(plug_run_file(P, plug_data("vitest/two.json"), &run), 0,
	       "two.json");
	c = plug_context_of(&run, "math.bench.ts > math > add");
	label_is(c, "ns/op.sd", "250000", "sd 0.25 ms");
	label_is(c, "samples", "99", "sampleCount");
	label_is(c, "rme", "25", "rme");
#if BT_PLUGIN_ABI_VERSION >= 2
	{ /* mean 1.0 ms, sd 0.25 ms, sem 0.0251 ms over 99 samples */
		const struct plugrec *r = plug_named(
		    &run, BT_KIND_SAMPLE, "math.bench.ts > math > add", 0);
		const struct bt_stats *st = plug_stats(r, "ns/op");

		stats_are(r, "ns/op", 99, 1e6, 250000, "add");
		is_near(st ? st->std_error : NAN, 25100, 1e-6, "sem in ns");
	}
#endif
	plug_free(&run);
}

/* A report that keeps its samples: one sample each; one that is not
 * vitest's: an error. */
static void samples(void)
{
	static const char in[] =
	    "{\"files\":[{\"filepath\":\"/x/a.bench.ts\",\"groups\":[{"
	    "\"fullName\":\"a.bench.ts\",\"benchmarks\":[{\"name\":\"s\","
	    "\"samples\":[0.001,0.0015,0.002],\"mean\":0.0015,\"hz\":666666}"
	    "]}]}]}\n";
	static const char bad[] = "{\"benchmarks\":[{\"x\":1}]}\n";
	static const char none[] =
	    "{\"files\":[{\"groups\":[{\"fullName\":\"a\",\"benchmarks\":"
	    "[{\"mean\":1}]}]}]}\n";
	struct plugrun run = {0};

	is_int(plug_run_buf(P, in, sizeof in - 1, &run), 0, "samples kept");
	is_int(plug_count_named(&run, BT_KIND_SAMPLE, "a.bench.ts > s"), 3,
	       "one sample per timed sample");
	metric_is(plug_named(&run, BT_KIND_SAMPLE, "a.bench.ts > s", 1),
		  "ns/op", "1500", "0.0015 ms");
	plug_free(&run);
	is_int(plug_run_buf(P, bad, sizeof bad - 1, &run), -1,
	       "not a vitest report: an error");
	plug_free(&run);
	is_int(plug_run_buf(P, none, sizeof none - 1, &run), -1,
	       "no benchmark readable: an error, not success");
	plug_free(&run);
}

static void probes(void)
{
	probe_wins("vitest", "vitest/two.json");
	probe_wins("vitest", "vitest/four.json");
	probe_wins("vitest", "vitest/math-2.1.9.json");
	is_int(plug_probe_file(P, plug_data("probe/mitata-out.json")), 0,
	       "mitata's JSON is not vitest's");
	is_int(plug_probe_file(P, plug_data("pytest/out.json")), 0,
	       "pytest's JSON is not vitest's");
	probe_not_others("vitest");
	probe_not_captures("vitest");
}

int main(void)
{
	P = plug_load("vitest");
	ok(P != NULL, "vitest.so loads");
	if (!P)
		return tap_done();
	peers();
	samples();
	probes();
	return tap_done();
}
