/*
 * test_plugin_gbench.c — the Google Benchmark plugin against real output
 * of Google Benchmark 1.7.1: the shared corpus (JSON and console) and
 * fresh runs of tests/data/sources/gbench.cc (time units us and ms, user
 * counters, a label, threads, an error, --benchmark_repetitions=3 and
 * --benchmark_report_aggregates_only).  Expected values were read off the
 * files by hand.
 */
#include <stdlib.h>

#include "plugtest.h"
#include "tap.h"

static const struct bt_plugin *P;

static void json_corpus(void)
{
	struct plugrun run = {0};
	const struct plugrec *r, *c;
	static const char *names[] = {"BM_StringCopy", "BM_VectorSort/8",
				      "BM_VectorSort/64", "BM_VectorSort/512",
				      "BM_Counters"};
	size_t i;

	is_int(plug_run_file(P, plug_data("gbench/out.json"), &run), 0,
	       "out.json parses");
	is_int(plug_count(&run, BT_KIND_SAMPLE), 5, "out.json: 5 samples");
	is_int(plug_count(&run, BT_KIND_CONTEXT), 1, "out.json: 1 context");
	is_int(run.warnings + run.errors, 0, "out.json: no warning");
	ok(run.n && run.recs[0].kind == BT_KIND_CONTEXT, "context first");
	for (i = 0; i < 5; i++) {
		r = plug_nth(&run, BT_KIND_SAMPLE, i);
		is_str(r ? r->name : NULL, names[i], "sample name in order");
	}
	r = plug_named(&run, BT_KIND_SAMPLE, "BM_StringCopy", 0);
	metric_is(r, "ns/op", "1.5106275067069063e+01", "BM_StringCopy");
	metric_is(r, "cpu-ns/op", "1.5098476867908502e+01", "BM_StringCopy");
	is_int(r ? r->iterations : 0, 4689416, "BM_StringCopy iterations");
	is_int(r ? r->nmetrics : 0, 2, "BM_StringCopy: real and cpu time");
	r = plug_named(&run, BT_KIND_SAMPLE, "BM_VectorSort/512", 0);
	metric_is(r, "ns/op", "3.5335899197288459e+03", "BM_VectorSort/512");
	is_int(r ? r->iterations : 0, 19718, "BM_VectorSort/512 iterations");
	r = plug_named(&run, BT_KIND_SAMPLE, "BM_Counters", 0);
	/* bytes_per_second 2.4841014105640244e+09 B/s */
	metric_is(r, "MB/s", "2484.1014105640244", "BM_Counters bytes/s");
	metric_is(r, "items", "7.8249194432766769e+10", "BM_Counters counter");
	is_int(r ? r->nmetrics : 0, 4, "BM_Counters: 2 times, 2 counters");

	c = plug_nth(&run, BT_KIND_CONTEXT, 0);
	label_is(c, "host_name", "vm", "context");
	label_is(c, "executable", "./gb", "context");
	label_is(c, "num_cpus", "2", "context");
	label_is(c, "cpu_scaling_enabled", "false", "context");
	label_is(c, "load_avg", "[0.560059,0.255859,0.0942383]", "context");
	label_is(c, "library_build_type", "debug", "context");
	ok(c && plug_label(c, "caches") &&
	       strncmp(plug_label(c, "caches"),
		       "[{\"type\":\"Data\",\"level\":1,\"size\":49152,",
		       39) == 0,
	   "context: caches as compact JSON");
	plug_free(&run);
}

static void console_corpus(void)
{
	struct plugrun run = {0};
	const struct plugrec *r, *c;

	is_int(plug_run_file(P, plug_data("gbench/console.txt"), &run), 0,
	       "console.txt parses");
	is_int(plug_count(&run, BT_KIND_SAMPLE), 5, "console: 5 samples");
	is_int(plug_count(&run, BT_KIND_CONTEXT), 1, "console: 1 context");
	is_int(run.warnings + run.errors, 0, "console: no warning");
	r = plug_named(&run, BT_KIND_SAMPLE, "BM_StringCopy", 0);
	metric_is(r, "ns/op", "14.8", "console BM_StringCopy");
	metric_is(r, "cpu-ns/op", "14.8", "console BM_StringCopy");
	is_int(r ? r->iterations : 0, 4791645, "console iterations");
	r = plug_named(&run, BT_KIND_SAMPLE, "BM_VectorSort/512", 0);
	metric_is(r, "ns/op", "3445", "console BM_VectorSort/512");
	metric_is(r, "cpu-ns/op", "3451", "console BM_VectorSort/512");
	r = plug_named(&run, BT_KIND_SAMPLE, "BM_Counters", 0);
	/* bytes_per_second=2.37018G/s is binary: 2.37018 × 2^30 B/s */
	metric_is(r, "MB/s", "2544.96139640832", "console bytes_per_second");
	/* items=80.1664G/s is a decimal rate counter */
	metric_is(r, "items/s", "80166400000", "console rate counter");
	c = plug_nth(&run, BT_KIND_CONTEXT, 0);
	label_is(c, "date", "2026-11-22T15:47:08+00:00", "console context");
	label_is(c, "executable", "./gb", "console context");
	label_is(c, "run_on", "(2 X 2600 MHz CPU s)", "console context");
	label_is(c, "load_avg", "0.56, 0.26, 0.09", "console context");
	label_is(c, "caches",
		 "L1 Data 48 KiB (x2); L1 Instruction 64 KiB (x2); "
		 "L2 Unified 2048 KiB (x2); L3 Unified 491520 KiB (x1)",
		 "console context");
	label_is(c, "warning",
		 "Library was built as DEBUG. Timings may be affected.",
		 "console context");
	plug_free(&run);
}

/* Microseconds, milliseconds, a label, threads, an error. */
static void fresh(void)
{
	struct plugrun run = {0};
	const struct plugrec *r;

	is_int(plug_run_file(P, plug_data("gbench/fresh.json"), &run), 0,
	       "fresh.json parses");
	is_int(plug_count(&run, BT_KIND_SAMPLE), 6, "fresh.json: 6 samples");
	is_int(plug_count(&run, BT_KIND_FAILURE), 1, "fresh.json: 1 failure");
	r = plug_nth(&run, BT_KIND_FAILURE, 0);
	is_str(r ? r->name : NULL, "BM_Fail", "the failed benchmark");
	is_str(r ? r->message : NULL, "deliberate failure", "its message");
	r = plug_named(&run, BT_KIND_SAMPLE, "BM_Sleep/real_time", 0);
	metric_is(r, "ns/op", "279428.14851332224", "us → ns");
	metric_is(r, "cpu-ns/op", "20163.079207920909", "us → ns (cpu)");
	metric_is(r, "bytes", "1.2300000000000000e+02", "user counter");
	metric_is(r, "ops", "3.5787375227600705e+03", "rate counter");
	label_is(r, "label", "sleepy", "SetLabel");
	r = plug_named(&run, BT_KIND_SAMPLE, "BM_Sleep/threads:2", 0);
	metric_is(r, "ns/op", "152672.77298851639", "ms → ns");
	is_int(r ? r->iterations : 0, 2436, "threads:2 iterations");
	r = plug_named(&run, BT_KIND_SAMPLE, "BM_Sort/8", 0);
	metric_is(r, "MB/s", "724.87002685102224", "bytes_per_second");
	metric_is(r, "items/s", "1.8121750671275556e+08", "items_per_second");
	plug_free(&run);

	is_int(plug_run_file(P, plug_data("gbench/fresh.txt"), &run), 0,
	       "fresh.txt parses");
	is_int(plug_count(&run, BT_KIND_SAMPLE), 6, "fresh.txt: 6 samples");
	is_int(plug_count(&run, BT_KIND_FAILURE), 1, "fresh.txt: 1 failure");
	r = plug_nth(&run, BT_KIND_FAILURE, 0);
	is_str(r ? r->name : NULL, "BM_Fail", "console: the failed benchmark");
	is_str(r ? r->message : NULL, "deliberate failure", "console: message");
	r = plug_named(&run, BT_KIND_SAMPLE, "BM_Sleep/real_time", 0);
	metric_is(r, "ns/op", "289000", "console 289 us");
	metric_is(r, "cpu-ns/op", "19500", "console 19.5 us");
	metric_is(r, "ops/s", "3458.38", "console 3.45838k/s");
	metric_is(r, "bytes", "123", "console bytes=123");
	label_is(r, "label", "sleepy", "console label");
	r = plug_named(&run, BT_KIND_SAMPLE, "BM_Sleep/threads:2", 0);
	metric_is(r, "ns/op", "142000", "console 0.142 ms");
	r = plug_named(&run, BT_KIND_SAMPLE, "BM_Sort/8", 0);
	metric_is(r, "MB/s", "767.611109376", "console 732.051M/s (binary)");
	metric_is(r, "items/s", "191903000", "console 191.903M/s");
	plug_free(&run);
}

/* --benchmark_color=true: ANSI colour codes between the columns. */
static void colour(void)
{
	struct plugrun run = {0};
	const struct plugrec *r;

	is_int(plug_run_file(P, plug_data("gbench/color.txt"), &run), 0,
	       "color.txt parses");
	is_int(plug_count(&run, BT_KIND_SAMPLE), 3, "color.txt: 3 samples");
	is_int(plug_count(&run, BT_KIND_FAILURE), 1, "color.txt: 1 failure");
	r = plug_named(&run, BT_KIND_SAMPLE, "BM_Sort/64", 0);
	metric_is(r, "ns/op", "536", "coloured BM_Sort/64");
	metric_is(r, "cpu-ns/op", "124", "coloured BM_Sort/64");
	is_int(r ? r->iterations : 0, 114043, "coloured iterations");
	metric_is(r, "items/s", "514373000", "coloured items_per_second");
	plug_free(&run);
}

/* --benchmark_repetitions=3: repetitions are samples, aggregates are not. */
static void repetitions(void)
{
	struct plugrun run = {0};
	const struct plugrec *r;

	is_int(plug_run_file(P, plug_data("gbench/rep3.json"), &run), 0,
	       "rep3.json parses");
	is_int(plug_count(&run, BT_KIND_SAMPLE), 6, "rep3.json: 2 × 3 samples");
	is_int(plug_count_named(&run, BT_KIND_SAMPLE, "BM_StringCopy"), 3,
	       "3 repetitions of BM_StringCopy");
	is_int(plug_count_named(&run, BT_KIND_SAMPLE, "BM_StringCopy_mean"), 0,
	       "no mean aggregate sample");
	r = plug_named(&run, BT_KIND_SAMPLE, "BM_StringCopy", 1);
	metric_is(r, "ns/op", "7.2064261181961795e+00", "repetition 2");
	r = plug_named(&run, BT_KIND_SAMPLE, "BM_Sleep/real_time", 2);
	metric_is(r, "ns/op", "303431.96629197911", "repetition 3 in us");
	is_int(run.warnings, 0, "no warning when repetitions are present");
	plug_free(&run);

	is_int(plug_run_file(P, plug_data("gbench/rep3.txt"), &run), 0,
	       "rep3.txt parses");
	is_int(plug_count(&run, BT_KIND_SAMPLE), 6, "rep3.txt: 2 × 3 samples");
	is_int(plug_count(&run, BT_KIND_CONTEXT), 0,
	       "rep3.txt: no context (the header went to stderr)");
	r = plug_named(&run, BT_KIND_SAMPLE, "BM_StringCopy", 0);
	metric_is(r, "ns/op", "5.46", "console repetition 1");
	r = plug_named(&run, BT_KIND_SAMPLE, "BM_Sleep/real_time", 2);
	metric_is(r, "ns/op", "315000", "console repetition 3");
	plug_free(&run);

	is_int(plug_run_file(P, plug_data("gbench/aggonly.json"), &run), 0,
	       "aggregates only parses");
	is_int(plug_count(&run, BT_KIND_SAMPLE), 0,
	       "aggregates only: 0 samples");
	is_int(run.warnings, 1, "aggregates only: a warning says why");
	plug_free(&run);
}

/* Cut JSON: what was complete is emitted, then an error. */
static void truncated(void)
{
	struct plugrun run = {0};
	size_t n;
	char *buf = plug_slurp(plug_data("gbench/out.json"), &n);
	const char *cut = buf ? strstr(buf, "\"BM_VectorSort/64\"") : NULL;

	ok(cut != NULL, "found the cut point");
	if (!cut)
		return;
	is_int(plug_run_buf(P, buf, (size_t)(cut - buf), &run), -1,
	       "truncated JSON is an error");
	is_int(run.errors, 1, "reported once");
	is_int(plug_count(&run, BT_KIND_SAMPLE), 2,
	       "the two complete rows before the cut");
	plug_free(&run);
	is_int(plug_run_buf(P, "{\"context\": {\"x\": [1,}", 22, &run), -1,
	       "bad JSON is an error");
	plug_free(&run);
	free(buf);
}

/* JSON escapes in names, decoded to UTF-8 of 2 to 4 bytes (a surrogate
 * pair is one code point); an unknown time_unit refused with a warning;
 * ms and us scaled to ns. */
static void escapes(void)
{
	static const char doc[] =
	    "{\"context\": {},\n"
	    " \"benchmarks\": [\n"
	    "  {\"name\": "
	    "\"A\\u00e9\\u4e2d\\ud83d\\ude00\\t\\\"q\\\"\\/\\\\\", "
	    "\"run_type\": \"iteration\", \"iterations\": 10, "
	    "\"real_time\": 1.5, \"cpu_time\": 1.5, \"time_unit\": \"us\"},\n"
	    "  {\"name\": \"B\", \"run_type\": \"iteration\", "
	    "\"iterations\": 10, \"real_time\": 2, \"cpu_time\": 2, "
	    "\"time_unit\": \"fortnights\"},\n"
	    "  {\"name\": \"C\", \"run_type\": \"iteration\", "
	    "\"iterations\": 10, \"real_time\": 3, \"cpu_time\": 3, "
	    "\"time_unit\": \"ms\"}\n"
	    " ]}\n";
	struct plugrun run = {0};
	const struct plugrec *r;

	is_int(plug_run_buf(P, doc, sizeof doc - 1, &run), 0, "escapes parse");
	r = plug_nth(&run, BT_KIND_SAMPLE, 0);
	is_str(r ? r->name : NULL,
	       "A\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80\t\"q\"/\\",
	       "\\u of 2, 3 and 4 UTF-8 bytes, \\t \\\" \\/ \\\\ decoded");
	metric_is(r, "ns/op", "1500", "us → ns");
	ok(!plug_named(&run, BT_KIND_SAMPLE, "B", 0),
	   "unknown time_unit: no sample");
	is_int(run.warnings, 1, "and a warning");
	metric_is(plug_named(&run, BT_KIND_SAMPLE, "C", 0), "ns/op", "3000000",
		  "ms → ns");
	plug_free(&run);
}

static void probes(void)
{
	static const char *mine[] = {
	    "gbench/out.json",	   "gbench/console.txt", "gbench/fresh.json",
	    "gbench/fresh.txt",	   "gbench/rep3.json",	 "gbench/rep3.txt",
	    "gbench/aggonly.json",
	};
	static const char *theirs[] = {
	    "criterion/stdout.txt",	   "criterion/libtest.txt",
	    "criterion/fresh-bencher.txt", "probe/go-gc-count10.txt",
	    "probe/go-gc-count5.json",	   "probe/go-failures.txt",
	    "probe/hyperfine-out.json",	   "probe/pytest-out-head4k.json",
	    "probe/records.jsonl",	   "probe/benchstat.txt",
	};
	char name[256];
	size_t i;

	for (i = 0; i < sizeof mine / sizeof mine[0]; i++) {
		snprintf(name, sizeof name, "probe claims %s", mine[i]);
		ok(plug_probe_file(P, plug_data(mine[i])) >= 80, "%s", name);
	}
	for (i = 0; i < sizeof theirs / sizeof theirs[0]; i++) {
		snprintf(name, sizeof name, "probe leaves %s", theirs[i]);
		is_int(plug_probe_file(P, plug_data(theirs[i])), 0, name);
	}
	is_int(P->probe("", 0), 0, "probe of nothing");
	ok(P->probe_dir == NULL && P->read_dir == NULL, "no directory input");
}

static void selector(void)
{
	struct plugrun run = {0};
	struct bt_host host = plug_host(&run);
	struct bt_str names[] = {BT_STR("BM_VectorSort/8"),
				 BT_STR("BM_Sleep/real_time"),
				 BT_STR("BM_x<int>.f(2)")};

	is_int(P->selector(names, 3, &host), 0, "selector");
	is_int(run.nargs, 1, "one argument");
	is_str(run.nargs ? run.args[0] : NULL,
	       "--benchmark_filter=^(BM_VectorSort/8|BM_Sleep/real_time|"
	       "BM_x<int>\\.f\\(2\\))$",
	       "anchored alternation, metacharacters escaped");
	plug_free(&run);
}

int main(void)
{
	P = plug_load("gbench");
	ok(P != NULL, "gbench.so loads");
	if (!P)
		return tap_done();
	is_str(P->name, "gbench", "its name");
	json_corpus();
	console_corpus();
	fresh();
	colour();
	repetitions();
	truncated();
	escapes();
	probes();
	selector();
	return tap_done();
}
