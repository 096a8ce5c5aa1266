/*
 * test_plugin_customjson.c — github-action-benchmark's custom JSON and its
 * JSON Lines form, on files a harness made from real hyperfine and
 * pytest-benchmark captures (tests/data/customjson).
 */
#include "probes.h"

static void test_array(const struct bt_plugin *p)
{
	struct plugrun run = {0};
	const struct plugrec *r, *c;

	is_int(
	    plug_run_file(p, plug_data("customjson/from-hyperfine.json"), &run),
	    0, "the custom array parses");
	is_int(plug_count(&run, BT_KIND_SAMPLE), 2, "one sample per entry");
	r = plug_named(&run, BT_KIND_SAMPLE, "sleep 0.01", 0);
	is_str(r ? r->unit[0] : "", "ns/op", "unit s becomes ns/op");
	is_str(r ? r->text[0] : "", "11120867.199999999", "converted exactly");
	is_int(r ? r->better[0] : -1, BT_BETTER_DEFAULT, "no direction given");
	c = plug_context_of(&run, "sleep 0.01");
	is_str(plug_label(c, "range"), "9.156066130264564e-05",
	       "a numeric range kept");
	is_str(plug_label(c, "extra"), "median 0.011107517 s\nruns 10",
	       "extra kept");
	plug_free(&run);
	plug_run_file(p, plug_data("customjson/wrapped.json"), &run);
	r = plug_named(&run, BT_KIND_SAMPLE, "sleep 0.02", 0);
	is_str(r ? r->text[0] : "", "21309345.86", "ms converted exactly");
	is_int(r ? r->better[0] : -1, BT_BETTER_LOWER,
	       "customSmallerIsBetter: lower is better");
	plug_free(&run);
}

static void test_lines(const struct bt_plugin *p)
{
	struct plugrun run = {0};
	const struct plugrec *r;
	static const char mixed[] =
	    "{\"name\":\"a\",\"unit\":\"ops/sec\",\"value\":5}\n"
	    "{\"bt\":1,\"kind\":\"sample\",\"name\":\"x\"}\n"
	    "not json\n"
	    "{\"name\":\"b\",\"unit\":\"us\",\"value\":1.5,\"better\":"
	    "\"higher\",\"iterations\":7,\"labels\":{\"k\":\"v\"}}\n";

	plug_run_file(p, plug_data("customjson/runs.jsonl"), &run);
	is_int(plug_count(&run, BT_KIND_SAMPLE), 20, "JSON Lines: 20 runs");
	r = plug_named(&run, BT_KIND_SAMPLE, "gzip -c /usr/bin/bash", 9);
	is_str(r ? r->text[0] : "", "70042430", "the last run, exactly");
	plug_free(&run);
	plug_run_file(p, plug_data("customjson/from-pytest.jsonl"), &run);
	r = plug_named(&run, BT_KIND_SAMPLE, "test_join", 0);
	is_str(r ? r->unit[0] : "", "ops/sec", "other units kept");
	is_int(r ? r->better[0] : -1, BT_BETTER_HIGHER, "better: higher");
	is_str(r ? r->suite : "", "test_b.py", "suite");
	is_str(plug_label(r, "group") ? plug_label(r, "group") : "", "strings",
	       "labels");
	plug_free(&run);
	is_int(plug_run_buf(p, mixed, sizeof mixed - 1, &run), 0,
	       "bad lines are skipped, not fatal");
	is_int(plug_count(&run, BT_KIND_SAMPLE), 2, "the two entries");
	is_int(run.warnings, 2, "two warnings");
	r = plug_named(&run, BT_KIND_SAMPLE, "b", 0);
	is_str(r ? r->text[0] : "", "1500", "1.5 us is 1500 ns/op");
	is_int(r ? (int)r->iterations : 0, 7, "iterations");
	plug_free(&run);
}

int main(void)
{
	const struct bt_plugin *p = plug_load("customjson");

	if (!ok(p != NULL, "customjson.so loads"))
		return tap_done();
	test_array(p);
	test_lines(p);
	probe_wins("customjson", "customjson/from-hyperfine.json");
	probe_wins("customjson", "customjson/wrapped.json");
	probe_wins("customjson", "customjson/runs.jsonl");
	probe_not_others("customjson");
	return tap_done();
}
