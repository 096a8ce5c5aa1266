/*
 * test_plugin_csv.c — the CSV plugin on files made from real captures:
 * hyperfine runs, pytest-benchmark medians with CRLF line ends, and RFC
 * 4180 quoting (doubled quotes, a field across lines).
 */
#include "probes.h"

int main(void)
{
	const struct bt_plugin *p = plug_load("csv");
	struct plugrun run = {0};
	const struct plugrec *r;
	static const char nohead[] = "name,unit\nx,ns\n";
	static const char procs[] = "name,value,unit,procs,better\n"
				    "a, 12.5 ,ops/s,4,higher\n"
				    "b,fast,ops/s,4,higher\n"
				    "\"c,1,ops/s,4,higher\n";

	if (!ok(p != NULL, "csv.so loads"))
		return tap_done();
	is_int(plug_run_file(p, plug_data("csv/hyperfine-runs.csv"), &run), 0,
	       "hyperfine-runs.csv parses");
	is_int(plug_count(&run, BT_KIND_SAMPLE), 20, "20 samples");
	r = plug_named(&run, BT_KIND_SAMPLE, "sleep 0.01", 0);
	is_str(r ? r->text[0] : "", "11314724", "s → ns/op exactly");
	plug_free(&run);
	plug_run_file(p, plug_data("csv/pytest-medians-crlf.csv"), &run);
	is_int(plug_count(&run, BT_KIND_SAMPLE), 4, "CRLF: 4 samples");
	r = plug_named(&run, BT_KIND_SAMPLE, "test_sort[10]", 0);
	is_str(r ? r->suite : "", "test_b.py", "suite column");
	is_int(r ? (int)r->iterations : 0, 24, "iterations column");
	is_str(r ? r->text[0] : "", "208.2500335139533", "us → ns/op");
	is_int(r ? r->better[0] : -1, BT_BETTER_LOWER, "better column");
	is_int(r ? (int)r->nlabels : -1, 0, "an empty label is left out");
	r = plug_named(&run, BT_KIND_SAMPLE, "test_join", 0);
	is_str(plug_label(r, "group") ? plug_label(r, "group") : "", "strings",
	       "other columns are labels");
	plug_free(&run);
	plug_run_file(p, plug_data("csv/quoting.csv"), &run);
	r = plug_named(&run, BT_KIND_SAMPLE, "say \"hi\"", 0);
	ok(r != NULL, "doubled quotes");
	is_str(plug_label(r, "note") ? plug_label(r, "note") : "", "two\nlines",
	       "a quoted field across lines");
	r = plug_named(&run, BT_KIND_SAMPLE, "plain", 0);
	is_str(r ? r->unit[0] : "", "MB/s", "KiB/s → MB/s");
	is_str(r ? r->text[0] : "", "2.097152", "exactly");
	plug_free(&run);
	is_int(plug_run_buf(p, nohead, sizeof nohead - 1, &run), -1,
	       "a header without value is an error");
	plug_free(&run);
	/* procs, a padded value, better; a row without a number is skipped
	 * with a warning, and an unclosed quote at the end too. */
	is_int(plug_run_buf(p, procs, sizeof procs - 1, &run), 0,
	       "procs, better, a bad row and an unclosed quote parse");
	is_int(plug_count(&run, BT_KIND_SAMPLE), 1, "one good row");
	r = plug_named(&run, BT_KIND_SAMPLE, "a", 0);
	is_int(r ? (int)r->procs : 0, 4, "procs column");
	is_str(r ? r->text[0] : "", "12.5", "a value padded with spaces");
	is_int(r ? r->better[0] : -1, BT_BETTER_HIGHER, "better column");
	is_int(run.warnings, 2, "the bad row and the unclosed quote warned");
	plug_free(&run);
	probe_wins("csv", "csv/hyperfine-runs.csv");
	probe_wins("csv", "csv/pytest-medians-crlf.csv");
	probe_not_others("csv");
	return tap_done();
}
