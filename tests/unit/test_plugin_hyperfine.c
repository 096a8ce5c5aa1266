/*
 * test_plugin_hyperfine.c — the hyperfine plugin on real exports: the
 * corpus capture (hyperfine 1.15, two commands × 10 runs) and fresh runs
 * with -P parameters, failing commands (-i) and -N.
 */
#include "probes.h"

static void test_corpus(const struct bt_plugin *p)
{
	struct plugrun run = {0};
	const struct plugrec *r, *c;

	is_int(plug_run_file(p, plug_data("hyperfine/out.json"), &run), 0,
	       "out.json parses");
	is_int(plug_count(&run, BT_KIND_SAMPLE), 20, "one sample per run");
	is_int(plug_count_named(&run, BT_KIND_SAMPLE, "sleep 0.01"), 10,
	       "10 runs of sleep 0.01");
	is_int(plug_count_named(&run, BT_KIND_SAMPLE, "gzip -c /usr/bin/bash"),
	       10, "10 runs of gzip (the command as hyperfine recorded it)");
	r = plug_named(&run, BT_KIND_SAMPLE, "sleep 0.01", 0);
	is_str(r ? r->unit[0] : "", "ns/op", "unit ns/op");
	is_str(r ? r->text[0] : "", "11314724", "0.011314724 s is 11314724 ns");
	r = plug_named(&run, BT_KIND_SAMPLE, "gzip -c /usr/bin/bash", 9);
	is_str(r ? r->text[0] : "", "70042430", "last gzip run, exactly");
	c = plug_context_of(&run, "sleep 0.01");
	is_str(plug_label(c, "ns/op.mean"), "11120867.199999999", "mean kept");
	is_str(plug_label(c, "ns/op.median"), "11107517", "median kept");
	is_str(plug_label(c, "ns/op.user"), "858999.9999999998", "user kept");
	is_str(plug_label(c, "ns/op.system"), "100599.99999999999",
	       "system kept");
	is_str(plug_label(c, "runs"), "10", "runs counted");
	is_int(plug_count(&run, BT_KIND_FAILURE), 0, "no failures");
	plug_free(&run);
}

static void test_fresh(const struct bt_plugin *p)
{
	struct plugrun run = {0};
	const struct plugrec *r;

	plug_run_file(p, plug_data("hyperfine/fresh-param.json"), &run);
	is_int(plug_count(&run, BT_KIND_SAMPLE), 10, "-P: 2 × 5 runs");
	r = plug_named(&run, BT_KIND_SAMPLE, "sleep 0.02", 0);
	is_str(plug_label(r, "n") ? plug_label(r, "n") : "", "2",
	       "-P parameter becomes a label");
	plug_free(&run);
	plug_run_file(p, plug_data("hyperfine/fresh-fail.json"), &run);
	is_int(plug_count_named(&run, BT_KIND_SAMPLE, "true"), 4,
	       "-i: the passing command has its 4 samples");
	is_int(plug_count_named(&run, BT_KIND_SAMPLE, "sh -c \"exit 3\""), 0,
	       "-i: failed runs are not samples");
	r = plug_nth(&run, BT_KIND_FAILURE, 0);
	is_str(r ? r->reason : "", "exit", "a failure, reason exit");
	ok(r && strstr(r->message, "4 of 4 runs failed") &&
	       strstr(r->message, "run 1 exited 3"),
	   "its message says which runs exited how: %s", r ? r->message : "");
	plug_free(&run);
	plug_run_file(p, plug_data("hyperfine/fresh-nshell.json"), &run);
	is_int(plug_count(&run, BT_KIND_SAMPLE), 3, "-N: 3 samples");
	plug_free(&run);
}

static void test_bad(const struct bt_plugin *p)
{
	struct plugrun run = {0};
	static const char trunc[] = "{\n  \"results\": [\n    {\n";

	is_int(plug_run_buf(p, trunc, sizeof trunc - 1, &run), -1,
	       "a truncated export is an error");
	ok(run.errors == 1 && strstr(run.lastmsg, "invalid JSON"),
	   "with a clear message: %s", run.lastmsg);
	plug_free(&run);
	is_int(plug_run_buf(p, "{\"a\":1}", 7, &run), -1,
	       "JSON without results is an error");
	plug_free(&run);
	is_int(plug_run_buf(p, "", 0, &run), 0, "empty input is no error");
	plug_free(&run);
}

int main(void)
{
	const struct bt_plugin *p = plug_load("hyperfine");

	if (!ok(p != NULL, "hyperfine.so loads"))
		return tap_done();
	test_corpus(p);
	test_fresh(p);
	test_bad(p);
	probe_wins("hyperfine", "hyperfine/out.json");
	probe_wins("hyperfine", "hyperfine/fresh-fail.json");
	probe_not_others("hyperfine");
	return tap_done();
}
