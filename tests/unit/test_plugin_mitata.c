/*
 * test_plugin_mitata.c — the mitata plugin on mitata 1.0.34's real output:
 * the console (with and without ANSI colours), a failing run, and the
 * JSON, checked against the JSON's own numbers; and the JSON with samples
 * kept (the capture with stats.samples filled in, as `samples: true`
 * writes them).
 */
#include "peers.h"
#include "probes.h"

static jv out_json(void)
{
	size_t n;
	char *text = plug_slurp(plug_data("mitata/out.json"), &n);
	jv doc = text ? jv_parse_sized(text, (int)n) : jv_invalid();

	free(text);
	return doc;
}

static void test_console(const struct bt_plugin *p)
{
	static const char *const f[] = {"mitata/console.txt",
					"mitata/console-nocolor.txt"};
	struct plugrun run = {0};
	const struct plugrec *r;
	size_t i;

	for (i = 0; i < 2; i++) {
		is_int(plug_run_file(p, plug_data(f[i]), &run), 0, f[i]);
		is_int(plug_count(&run, BT_KIND_SAMPLE), 5, "five benchmarks");
		r = plug_named(&run, BT_KIND_SAMPLE, "sort 10000 numbers", 0);
		ok(r && r->summary_only && r->nstats == 0,
		   "%s: summary-only, mitata prints no spread", f[i]);
		plug_free(&run);
	}
	plug_run_file(p, plug_data("mitata/console-nocolor.txt"), &run);
	r = plug_named(&run, BT_KIND_SAMPLE, "JSON.stringify 200 objects", 0);
	metric_is(r, "ns/op", "95380", "95.38 µs/iter");
	label_is(plug_context_of(&run, "JSON.stringify 200 objects"),
		 "ns/op.max", "2410000", "context: 2.41 ms");
	label_is(plug_context_of(&run, "sort 100 numbers"), "ns/op.p99",
		 "14610", "context");
	plug_free(&run);
	plug_run_file(p, plug_data("mitata/console.txt"), &run);
	r = plug_named(&run, BT_KIND_SAMPLE, "Array.join 1000", 0);
	metric_is(r, "ns/op", "97770", "colours stripped");
	plug_free(&run);
	plug_run_file(p, plug_data("mitata/fail-console.txt"), &run);
	is_int(plug_count(&run, BT_KIND_SAMPLE), 1, "failing run: one");
	r = plug_named(&run, BT_KIND_FAILURE, "throws", 0);
	is_str(r ? r->message : "", "benchmark blew up", "the error");
	plug_free(&run);
}

static void test_json(const struct bt_plugin *p)
{
	struct plugrun run = {0};
	jv doc = out_json(), b, runs, st;
	const struct plugrec *r;
	char *text;

	is_int(plug_run_file(p, plug_data("mitata/out.json"), &run), 0,
	       "out.json parses");
	is_int(plug_count(&run, BT_KIND_SAMPLE), 5,
	       "json: five runs (the .args benchmark has two)");
	b = jv_array_get(jv_object_get(jv_copy(doc), jv_string("benchmarks")),
			 1);
	runs = jv_object_get(b, jv_string("runs"));
	st = jv_object_get(jv_array_get(jv_copy(runs), 1), jv_string("stats"));
	r = plug_named(&run, BT_KIND_SAMPLE, "sort 10000 numbers", 0);
	ok(r && plug_metric(r, "ns/op") == jv_number_value(jv_object_get(
					       jv_copy(st), jv_string("avg"))),
	   "json: ns/op is stats.avg");
	ok(r && r->summary_only, "json without samples: summary-only");
	label_is(plug_context_of(&run, "sort 10000 numbers"), "ticks", "276",
		 "context");
	plug_free(&run);
	jv_free(st);
	jv_free(runs);

	/* samples kept: every run gets three */
	doc = jv_setpath(
	    doc,
	    JV_ARRAY(jv_string("benchmarks"), jv_number(0), jv_string("runs"),
		     jv_number(0), jv_string("stats"), jv_string("samples")),
	    JV_ARRAY(jv_number(41097), jv_number(50000.5), jv_number(4258613)));
	text = plug_json(jv_copy(doc));
	plug_run_buf(p, text, strlen(text), &run);
	is_int(plug_count_named(&run, BT_KIND_SAMPLE,
				"JSON.stringify 200 objects"),
	       3, "samples kept: one sample each");
	r = plug_named(&run, BT_KIND_SAMPLE, "JSON.stringify 200 objects", 1);
	metric_is(r, "ns/op", "50000.5", "a sample, in ns");
	ok(r && !r->summary_only, "a sample is a measurement");
	plug_free(&run);
	free(text);
	jv_free(doc);
}

int main(void)
{
	const struct bt_plugin *p = plug_load("mitata");

	ok(p != NULL, "mitata plugin loads");
	if (!p)
		return tap_done();
	test_console(p);
	test_json(p);
	probe_wins("mitata", "mitata/console.txt");
	probe_wins("mitata", "mitata/console-nocolor.txt");
	probe_wins("mitata", "mitata/out.json");
	probe_not_others("mitata");
	probe_not_captures("mitata");
	return tap_done();
}
