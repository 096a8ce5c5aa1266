/*
 * test_plugin_pytest.c — the pytest-benchmark plugin on real JSON: the
 * corpus capture (3.2.2, two benchmarks with per-round data), a fresh run
 * with params and a group, and a --benchmark-save file without data.
 */
#include "probes.h"

static void test_corpus(const struct bt_plugin *p)
{
	struct plugrun run = {0};
	const struct plugrec *r, *c;

	is_int(plug_run_file(p, plug_data("pytest/out.json"), &run), 0,
	       "out.json parses");
	is_int(plug_count_named(&run, BT_KIND_SAMPLE, "test_fib"), 10109,
	       "test_fib: one sample per round (10109)");
	is_int(plug_count_named(&run, BT_KIND_SAMPLE, "test_sort"), 21122,
	       "test_sort: one sample per round (21122)");
	r = plug_named(&run, BT_KIND_SAMPLE, "test_fib", 0);
	is_str(r ? r->suite : "", "test_b.py", "suite is the file");
	is_str(r ? r->unit[0] : "", "ns/op", "unit ns/op");
	is_str(r ? r->text[0] : "", "11829.999948531622",
	       "1.1829999948531622e-05 s is 11829.999948531622 ns");
	is_int(r ? r->iterations : 0, 1, "iterations from stats");
	c = plug_context_of(&run, "test_fib");
	is_str(plug_label(c, "ns/op.median"), "11578.999874473084",
	       "median kept in ns/op");
	is_str(plug_label(c, "rounds"), "10109", "rounds kept");
	is_str(plug_label(c, "options.timer"), "perf_counter", "options kept");
	c = plug_nth(&run, BT_KIND_CONTEXT, 0);
	is_str(plug_label(c, "machine_info.cpu.brand"),
	       "Intel(R) Xeon(R) Processor", "machine_info flattened");
	is_str(plug_label(c, "version"), "3.2.2", "version kept");
	plug_free(&run);
}

static void test_fresh(const struct bt_plugin *p)
{
	struct plugrun run = {0};
	const struct plugrec *r;

	plug_run_file(p, plug_data("pytest/fresh-data.json"), &run);
	is_int(plug_count(&run, BT_KIND_SAMPLE), 877 + 3932 + 3560 + 1024,
	       "fresh: every round of four benchmarks");
	r = plug_named(&run, BT_KIND_SAMPLE, "test_sort[100]", 0);
	is_str(plug_label(r, "size") ? plug_label(r, "size") : "", "100",
	       "params become labels");
	r = plug_named(&run, BT_KIND_SAMPLE, "test_join", 0);
	is_str(plug_label(r, "group") ? plug_label(r, "group") : "", "strings",
	       "the group becomes a label");
	is_str(
	    plug_label(plug_context_of(&run, "test_join"), "extra_info.kind"),
	    "join", "extra_info kept in the context");
	plug_free(&run);
	plug_run_file(p, plug_data("pytest/fresh-saved-nodata.json"), &run);
	is_int(plug_count(&run, BT_KIND_SAMPLE), 4, "no data: one sample each");
	r = plug_named(&run, BT_KIND_SAMPLE, "test_fib", 0);
	is_str(r ? r->text[0] : "", "9869.512384847482", "no data: the mean");
	is_int(r ? r->iterations : 0, 1050, "no data: rounds × iterations");
	r = plug_named(&run, BT_KIND_SAMPLE, "test_sort[10]", 0);
	is_int(r ? r->iterations : 0, 3672 * 30, "rounds × iterations (30)");
	plug_free(&run);
}

static void test_bad(const struct bt_plugin *p)
{
	struct plugrun run = {0};
	static const char t[] = "{\"benchmarks\": [{\"name\": \"x\", \"stats\"";

	is_int(plug_run_buf(p, t, sizeof t - 1, &run), -1, "truncated: error");
	ok(strstr(run.lastmsg, "not pytest-benchmark JSON") != NULL,
	   "a clear message: %s", run.lastmsg);
	plug_free(&run);
}

/* Rounds × iterations beyond int64 (found by fuzz_plugin_pytest: signed
 * overflow) leave the iteration count unknown, the mean kept. */
static void test_overflow(const struct bt_plugin *p)
{
	struct plugrun run = {0};
	const struct plugrec *r;
	static const char t[] =
	    "{\"benchmarks\": [{\"name\": \"big\", \"fullname\": "
	    "\"t.py::big\", \"stats\": {\"mean\": 0.5, \"rounds\": 20, "
	    "\"iterations\": 3672784915493128192}}]}\n";

	is_int(plug_run_buf(p, t, sizeof t - 1, &run), 0, "overflow: parses");
	r = plug_named(&run, BT_KIND_SAMPLE, "big", 0);
	is_int(r ? r->iterations : -1, 0, "rounds × iterations overflows: 0");
	is_str(r ? r->text[0] : "", "500000000", "the mean kept");
	plug_free(&run);
}

/* Issue 20: other tools' JSON with a "benchmarks" key is not pytest's
 * (mitata's from shared/corpus/formats, vitest's from Bencher's fixtures),
 * and a document none of whose benchmarks can be read is refused. */
static void test_not_pytest(const struct bt_plugin *p)
{
	struct plugrun run = {0};

	is_int(plug_probe_file(p, plug_data("probe/mitata-out.json")), 0,
	       "mitata's JSON is not claimed");
	is_int(plug_probe_file(p, plug_data("probe/vitest-two.json")), 0,
	       "vitest's JSON is not claimed");
	is_int(plug_run_file(p, plug_data("probe/mitata-out.json"), &run), -1,
	       "mitata's JSON forced through -f pytest: an error");
	is_int(plug_count(&run, BT_KIND_SAMPLE), 0, "no sample");
	ok(strstr(run.lastmsg, "none of its 4 benchmarks") != NULL,
	   "saying none could be read: %s", run.lastmsg);
	plug_free(&run);
}

int main(void)
{
	const struct bt_plugin *p = plug_load("pytest");

	if (!ok(p != NULL, "pytest.so loads"))
		return tap_done();
	test_corpus(p);
	test_fresh(p);
	test_bad(p);
	test_overflow(p);
	test_not_pytest(p);
	probe_wins("pytest", "pytest/out.json");
	probe_wins("pytest", "pytest/fresh-saved-nodata.json");
	probe_wins("pytest", "probe/pytest-out-head4k.json");
	probe_not_others("pytest");
	return tap_done();
}
