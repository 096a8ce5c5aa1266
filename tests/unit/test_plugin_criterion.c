/*
 * test_plugin_criterion.c — the criterion plugin against real captures:
 * criterion 0.3.6 console output (the shared corpus and fresh runs, one
 * with change lines), its bencher output, Rust libtest #[bench] output,
 * and two target/criterion trees.  Expected values were counted by hand
 * from the files in tests/data/criterion.
 */
#include <math.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plugtest.h"
#include "tap.h"

static const struct bt_plugin *P;

static void console_corpus(void)
{
	struct plugrun run = {0};
	const struct plugrec *r, *c;
	static const char *names[] = {"fib 15", "vec push 1000",
				      "checksum/sum/64", "checksum/sum/4096"};
	size_t i;

	is_int(plug_run_file(P, plug_data("criterion/stdout.txt"), &run), 0,
	       "stdout.txt parses");
	is_int(plug_count(&run, BT_KIND_SAMPLE), 4, "stdout.txt: 4 samples");
	is_int(plug_count(&run, BT_KIND_CONTEXT), 4, "stdout.txt: 4 contexts");
	is_int(plug_count(&run, BT_KIND_FAILURE), 0, "stdout.txt: no failure");
	is_int(run.warnings + run.errors, 0, "stdout.txt: no warning");
	for (i = 0; i < 4; i++) {
		r = plug_nth(&run, BT_KIND_SAMPLE, i);
		is_str(r ? r->name : NULL, names[i], "sample name in order");
	}
	/* each context comes right before its sample */
	ok(run.n == 8 && run.recs[0].kind == BT_KIND_CONTEXT &&
	       run.recs[1].kind == BT_KIND_SAMPLE,
	   "context, then sample");
	r = plug_named(&run, BT_KIND_SAMPLE, "fib 15", 0);
	metric_is(r, "ns/op", "1604.5", "fib 15 (1.6045 µs)");
	is_int(r ? r->nmetrics : 0, 1, "fib 15: only ns/op");
	is_int(r ? r->better[0] : 0, BT_BETTER_LOWER, "ns/op lower is better");
	is_int(r ? r->iterations : -1, 0, "an estimate has no iterations");
	r = plug_named(&run, BT_KIND_SAMPLE, "vec push 1000", 0);
	metric_is(r, "ns/op", "1059.7", "vec push 1000");
	r = plug_named(&run, BT_KIND_SAMPLE, "checksum/sum/64", 0);
	metric_is(r, "ns/op", "7.2193", "checksum/sum/64");
	/* 8.2563 GiB/s = 8.2563 × 1073741824 B/s = 8865.1346214912 MB/s */
	metric_is(r, "MB/s", "8865.1346214912", "checksum/sum/64 thrpt");
	is_int(r ? r->better[1] : 0, BT_BETTER_HIGHER, "MB/s higher is better");
	r = plug_named(&run, BT_KIND_SAMPLE, "checksum/sum/4096", 0);
	metric_is(r, "ns/op", "564.27", "checksum/sum/4096");
	metric_is(r, "MB/s", "7258.9242269696", "checksum/sum/4096 thrpt");

	c = plug_context_of(&run, "fib 15");
	ok(c != NULL, "fib 15 has a context");
	label_is(c, "time",
		 "[1.5955 \xc2\xb5s 1.6045 \xc2\xb5s 1.6159 \xc2\xb5s]",
		 "fib 15 context");
	label_is(c, "ns/op.low", "1595.5", "fib 15 context");
	label_is(c, "ns/op", "1604.5", "fib 15 context");
	label_is(c, "ns/op.high", "1615.9", "fib 15 context");
	label_is(c, "samples", "20", "fib 15 context");
	label_is(c, "outliers",
		 "Found 1 outliers among 20 measurements (5.00%); "
		 "1 (5.00%) high severe",
		 "fib 15 context");
	ok(plug_label(c, "change") == NULL, "fib 15: no change line");
	c = plug_context_of(&run, "checksum/sum/64");
	label_is(c, "MB/s.low", "8780.7385141248", "checksum/sum/64 context");
	label_is(c, "MB/s.high", "8956.9395474432", "checksum/sum/64 context");
	label_is(c, "thrpt", "[8.1777 GiB/s 8.2563 GiB/s 8.3418 GiB/s]",
		 "checksum/sum/64 context");
	c = plug_context_of(&run, "checksum/sum/4096");
	ok(plug_label(c, "outliers") == NULL, "checksum/sum/4096: no outliers");
	plug_free(&run);
}

/* A second run: change lines, a name too long for its column, elements. */
static void console_change(void)
{
	struct plugrun run = {0};
	const struct plugrec *r, *c;

	is_int(plug_run_file(P, plug_data("criterion/fresh-run2.txt"), &run), 0,
	       "fresh-run2.txt parses");
	is_int(plug_count(&run, BT_KIND_SAMPLE), 6, "fresh-run2: 6 samples");
	is_int(plug_count(&run, BT_KIND_FAILURE), 0, "fresh-run2: no failure");
	r = plug_named(&run, BT_KIND_SAMPLE,
		       "a rather long benchmark name that wraps", 0);
	ok(r != NULL, "a long name on its own line is the sample's name");
	metric_is(r, "ns/op", "13.183", "wrapped name");
	c = plug_context_of(&run, "fib 10");
	label_is(c, "change", "[+19.375% +21.341% +23.283%] (p = 0.00 < 0.05)",
		 "fib 10");
	label_is(c, "verdict", "Performance has regressed.", "fib 10");
	c = plug_context_of(&run, "parse/bytes/16");
	label_is(c, "change", "[-37.596% -30.383% -21.796%] (p = 0.00 < 0.05)",
		 "parse/bytes/16 (change block)");
	label_is(c, "change.thrpt", "[+27.870% +43.644% +60.247%]",
		 "parse/bytes/16 (change block)");
	label_is(c, "verdict", "Performance has improved.", "parse/bytes/16");
	r = plug_named(&run, BT_KIND_SAMPLE, "parse/bytes/16", 0);
	metric_is(r, "ns/op", "2.0457",
		  "parse/bytes/16: the change block's "
		  "time line is not the estimate");
	r = plug_named(&run, BT_KIND_SAMPLE, "parse/elems", 0);
	metric_is(r, "ns/op", "28.560",
		  "parse/elems (28.560 ns kept as printed)");
	metric_is(r, "elem/s", "3501400000", "parse/elems 3.5014 Gelem/s");
	c = plug_context_of(&run, "parse/elems");
	label_is(c, "outliers",
		 "Found 1 outliers among 10 measurements (10.00%); "
		 "1 (10.00%) high mild",
		 "parse/elems");
	c = plug_context_of(&run, "sleepy");
	label_is(c, "verdict", "Change within noise threshold.", "sleepy");
	r = plug_named(&run, BT_KIND_SAMPLE, "sleepy", 0);
	metric_is(r, "ns/op", "2124000", "sleepy (2.1240 ms)");
	plug_free(&run);
}

/* `cargo bench -- --color always`: ANSI colour codes around the numbers. */
static void colour(void)
{
	struct plugrun run = {0};
	const struct plugrec *r;

	is_int(plug_run_file(P, plug_data("criterion/color.txt"), &run), 0,
	       "color.txt parses");
	is_int(plug_count(&run, BT_KIND_SAMPLE), 2, "color.txt: 2 samples");
	r = plug_named(&run, BT_KIND_SAMPLE, "fib 10", 0);
	metric_is(r, "ns/op", "230.16", "coloured fib 10");
	r = plug_named(&run, BT_KIND_SAMPLE, "parse/bytes/16", 0);
	metric_is(r, "ns/op", "7.8070", "coloured parse/bytes/16");
	metric_is(r, "MB/s", "2049.4510194688", "coloured 1.9087 GiB/s");
	label_is(plug_context_of(&run, "parse/bytes/16"), "verdict",
		 "Performance has regressed.", "coloured verdict");
	plug_free(&run);
}

static void bencher(void)
{
	struct plugrun run = {0};
	const struct plugrec *r;

	is_int(plug_run_file(P, plug_data("empty/criterion-bencher.txt"), &run),
	       0, "the corpus's empty bencher.txt is no error");
	is_int(run.n, 0, "empty input: no records");
	is_int(run.warnings + run.errors, 0, "empty input: no warning");
	plug_free(&run);

	is_int(plug_run_file(P, plug_data("criterion/fresh-bencher.txt"), &run),
	       0, "fresh-bencher.txt parses");
	is_int(plug_count(&run, BT_KIND_SAMPLE), 6, "bencher: 6 samples");
	r = plug_named(&run, BT_KIND_SAMPLE, "sleepy", 0);
	metric_is(r, "ns/op", "2107199", "bencher sleepy");
	label_is(plug_context_of(&run, "sleepy"), "ns/op.range", "25043",
		 "bencher sleepy (+/- 25043)");
	r = plug_named(&run, BT_KIND_SAMPLE,
		       "a rather long benchmark name that wraps", 0);
	metric_is(r, "ns/op", "18", "bencher name with spaces");
	plug_free(&run);
}

static void libtest(void)
{
	struct plugrun run = {0};
	const struct plugrec *r;

	is_int(plug_run_file(P, plug_data("criterion/libtest.txt"), &run), 0,
	       "libtest.txt parses");
	is_int(plug_count(&run, BT_KIND_SAMPLE), 3, "libtest: 3 samples");
	is_int(plug_count(&run, BT_KIND_FAILURE) +
		   plug_count(&run, BT_KIND_SKIP),
	       0, "libtest: ignored tests are not records");
	r = plug_named(&run, BT_KIND_SAMPLE, "bench_copy", 0);
	metric_is(r, "ns/op", "1201.65", "bench_copy (padded name)");
	metric_is(r, "MB/s", "54567", "bench_copy = 54567 MB/s");
	r = plug_named(&run, BT_KIND_SAMPLE, "bench_fib_20", 0);
	metric_is(r, "ns/op", "18040.63", "bench_fib_20 (18,040.63)");
	label_is(plug_context_of(&run, "bench_fib_20"), "ns/op.range", "664.24",
		 "bench_fib_20");
	plug_free(&run);

	is_int(plug_run_file(P, plug_data("criterion/libtest-fail.txt"), &run),
	       0, "libtest-fail.txt parses");
	is_int(plug_count(&run, BT_KIND_SAMPLE), 3, "libtest-fail: 3 samples");
	is_int(plug_count(&run, BT_KIND_FAILURE), 1, "libtest-fail: 1 failure");
	r = plug_nth(&run, BT_KIND_FAILURE, 0);
	is_str(r ? r->name : NULL, "bench_panics", "the failed bench");
	is_str(r ? r->reason : NULL, "panic", "it panicked");
	ok(r && strncmp(r->message,
			"thread 'main' (13090) panicked at "
			"benches/lt.rs:9:59:\ndeliberate failure\n",
			71) == 0,
	   "its message is the panic");
	ok(r && !strstr(r->message, "failures:"), "message ends at failures:");
	r = plug_named(&run, BT_KIND_SAMPLE, "bench_fib_5", 0);
	metric_is(r, "ns/op", "11.40", "bench_fib_5 (11.40 kept)");
	plug_free(&run);
}

/* Input cut short: a pending result is flushed, a benchmark that started
 * and printed nothing is a failure. */
static void truncated(void)
{
	struct plugrun run = {0};
	size_t n;
	char *buf = plug_slurp(plug_data("criterion/stdout.txt"), &n);
	const char *cut =
	    buf ? strstr(buf, "Benchmarking vec push 1000: Warming") : NULL;
	const struct plugrec *r;

	ok(cut != NULL, "found the cut point");
	if (!cut)
		return;
	cut = strchr(cut, '\n');
	is_int(plug_run_buf(P, buf, (size_t)(cut - buf), &run), 0,
	       "truncated input parses");
	is_int(plug_count(&run, BT_KIND_SAMPLE), 1, "truncated: 1 sample");
	is_int(plug_count(&run, BT_KIND_FAILURE), 1, "truncated: 1 failure");
	r = plug_nth(&run, BT_KIND_FAILURE, 0);
	is_str(r ? r->name : NULL, "vec push 1000", "the unfinished benchmark");
	plug_free(&run);

	cut = strstr(buf, "                        thrpt:  [8.1777");
	is_int(plug_run_buf(P, buf, (size_t)(cut - buf), &run), 0,
	       "cut before a thrpt line");
	r = plug_named(&run, BT_KIND_SAMPLE, "checksum/sum/64", 0);
	ok(r && r->nmetrics == 1, "the pending result is flushed at the end");
	plug_free(&run);
	free(buf);
}

static void directory(void)
{
	struct plugrun run = {0};
	const struct plugrec *r, *c;
	const char *dir = "criterion/target-tree/criterion";
	char path[4096];

	snprintf(path, sizeof path, "%s", plug_data(dir));
	is_int(plug_run_dir(P, path, &run), 0, "target/criterion reads");
	is_int(plug_count(&run, BT_KIND_CONTEXT), 4, "4 benchmarks");
	is_int(plug_count(&run, BT_KIND_SAMPLE), 80, "4 × 20 measurements");
	is_int(plug_count_named(&run, BT_KIND_SAMPLE, "fib 15"), 20,
	       "fib 15: 20 samples");
	is_int(plug_count_named(&run, BT_KIND_SAMPLE, "checksum/sum/64"), 20,
	       "checksum/sum/64: 20 samples (name is full_id)");
	is_int(run.warnings + run.errors, 0, "no warning");
	/* fib 15/new/sample.json: iters[0] = 628, times[0] = 2397385 ns */
	r = plug_named(&run, BT_KIND_SAMPLE, "fib 15", 0);
	is_int(r ? r->iterations : 0, 628, "fib 15 #1 iterations");
	is_near(plug_metric(r, "ns/op"), 2397385.0 / 628, 0, "fib 15 #1 ns/op");
	r = plug_named(&run, BT_KIND_SAMPLE, "fib 15", 19);
	is_int(r ? r->iterations : 0, 12560, "fib 15 #20 iterations");
	is_near(plug_metric(r, "ns/op"), 46015257.0 / 12560, 0,
		"fib 15 #20 ns/op");
	ok(isnan(plug_metric(r, "MB/s")), "fib 15 has no throughput");
	/* checksum/sum/64: Bytes 64; iters[0] 359136, times[0] 2327333 */
	r = plug_named(&run, BT_KIND_SAMPLE, "checksum/sum/64", 0);
	is_near(plug_metric(r, "ns/op"), 2327333.0 / 359136, 0,
		"checksum/sum/64 #1 ns/op");
	is_near(plug_metric(r, "MB/s"), 64 * 359136.0 / 2327333 * 1e3, 1e-9,
		"checksum/sum/64 #1 MB/s");

	c = plug_context_of(&run, "checksum/sum/64");
	label_is(c, "group", "checksum", "checksum/sum/64 context");
	label_is(c, "function", "sum", "checksum/sum/64 context");
	label_is(c, "value", "64", "checksum/sum/64 context");
	label_is(c, "throughput.bytes", "64", "checksum/sum/64 context");
	label_is(c, "samples", "20", "checksum/sum/64 context");
	label_is(c, "mean", "6.4951636298115405", "checksum/sum/64 estimates");
	label_is(c, "mean.low", "6.464490714229256",
		 "checksum/sum/64 estimates");
	label_is(c, "mean.high", "6.529371548753989",
		 "checksum/sum/64 estimates");
	label_is(c, "confidence_level", "0.95", "checksum/sum/64 estimates");
	label_is(c, "slope", "6.54000902689102", "checksum/sum/64 estimates");
	label_is(c, "std_dev", "0.07602903996830697",
		 "checksum/sum/64 estimates");
	label_is(c, "change.mean", "-0.10010920550047553",
		 "checksum/sum/64 change");
	label_is(c, "change.median.high", "-0.09697027545185632",
		 "checksum/sum/64 change");
	c = plug_context_of(&run, "fib 15");
	ok(c && !plug_label(c, "function"), "fib 15: no function id");
	plug_free(&run);

	snprintf(path, sizeof path, "%s", plug_data("criterion/fresh-tree"));
	is_int(plug_run_dir(P, path, &run), 0,
	       "a fresh tree reads from its "
	       "parent directory");
	is_int(plug_count(&run, BT_KIND_CONTEXT), 6,
	       "fresh tree: 6 benchmarks");
	is_int(plug_count(&run, BT_KIND_SAMPLE), 60, "fresh tree: 6 × 10");
	/* parse/elems: Elements 100, iters[0] 163537, times[0] 4584930 */
	r = plug_named(&run, BT_KIND_SAMPLE, "parse/elems", 0);
	is_near(plug_metric(r, "elem/s"), 100 * 163537.0 / 4584930 * 1e9, 1e-3,
		"parse/elems #1 elem/s");
	plug_free(&run);

	snprintf(path, sizeof path, "%s", plug_data("gbench"));
	is_int(plug_run_dir(P, path, &run), -1,
	       "a directory without benchmarks is an error");
	is_int(run.errors, 1, "reported once");
	plug_free(&run);
}

/* Write s to dir/rel. */
static void put(const char *dir, const char *rel, const char *s)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, rel);
	f = fopen(path, "w");
	if (!f || fputs(s, f) < 0 || fclose(f) != 0)
		abort();
}

/* Numbers that overflow a double (found by fuzz_plugin_criterion: an
 * iteration count of 35079E970 gave an infinite MB/s) are not measurements;
 * a throughput that overflows is left out, the time kept. */
static void overflow(void)
{
	char dir[] = "/tmp/test-criterion.XXXXXX", sub[4200];
	struct plugrun run = {0};
	const struct plugrec *r;
	size_t i, k;

	if (!mkdtemp(dir))
		abort();
	snprintf(sub, sizeof sub, "%s/g", dir);
	mkdir(sub, 0700);
	snprintf(sub, sizeof sub, "%s/g/new", dir);
	mkdir(sub, 0700);
	put(dir, "g/new/benchmark.json",
	    "{\"group_id\":\"g\",\"full_id\":\"g\",\"directory_name\":"
	    "\"g\",\"title\":\"g\",\"throughput\":{\"Bytes\":1e300}}");
	put(dir, "g/new/sample.json",
	    "{\"sampling_mode\":\"Linear\",\"iters\":[35079E970,1e10,2],"
	    "\"times\":[2327332.0,1.0,1e999]}");
	is_int(plug_run_dir(P, dir, &run), 0, "overflowing numbers: read");
	is_int(plug_count(&run, BT_KIND_SAMPLE), 1,
	       "one measurement is a time");
	is_int(run.warnings, 2, "the other two are reported");
	r = plug_named(&run, BT_KIND_SAMPLE, "g", 0);
	is_near(plug_metric(r, "ns/op"), 1e-10, 0, "its time per iteration");
	ok(r && r->nmetrics == 1, "no MB/s: 1e300 bytes × 1e10 overflows");
	for (i = 0; i < run.n; i++)
		for (k = 0; k < run.recs[i].nmetrics; k++)
			ok(isfinite(run.recs[i].value[k]), "a finite metric");
	plug_free(&run);
	for (i = 0; i < 4; i++) {
		static const char *rm[] = {"g/new/benchmark.json",
					   "g/new/sample.json", "g/new", "g"};

		snprintf(sub, sizeof sub, "%s/%s", dir, rm[i]);
		remove(sub);
	}
	rmdir(dir);
}

static void probes(void)
{
	static const char *mine[] = {
	    "criterion/stdout.txt",	"criterion/fresh-run1.txt",
	    "criterion/fresh-run2.txt", "criterion/fresh-bencher.txt",
	    "criterion/libtest.txt",	"criterion/libtest-fail.txt",
	};
	static const char *theirs[] = {
	    "gbench/out.json",
	    "gbench/console.txt",
	    "probe/go-gc-count10.txt",
	    "probe/go-gc-count5.json",
	    "probe/go-failures.txt",
	    "probe/hyperfine-out.json",
	    "probe/pytest-out-head4k.json",
	    "probe/records.jsonl",
	    "probe/benchstat.txt",
	};
	char name[256], path[4096];
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
	snprintf(path, sizeof path, "%s",
		 plug_data("criterion/target-tree/criterion"));
	is_int(P->probe_dir(path), 90, "probe_dir: target/criterion");
	snprintf(path, sizeof path, "%s", plug_data("criterion/target-tree"));
	is_int(P->probe_dir(path), 90, "probe_dir: target/");
	snprintf(path, sizeof path, "%s",
		 plug_data("criterion/target-tree/criterion/fib 15"));
	is_int(P->probe_dir(path), 90, "probe_dir: one benchmark");
	snprintf(path, sizeof path, "%s", plug_data("gbench"));
	is_int(P->probe_dir(path), 0, "probe_dir: not criterion");
	is_int(P->probe_dir(plug_data("criterion/stdout.txt")), 0,
	       "probe_dir: a file");
}

static void selector(void)
{
	struct plugrun run = {0};
	struct bt_host host = plug_host(&run);
	struct bt_str names[] = {BT_STR("fib 15"), BT_STR("checksum/sum/64"),
				 BT_STR("a.b(c)+d")};

	is_int(P->selector(names, 3, &host), 0, "selector");
	is_int(run.nargs, 1, "one argument: the filter regex");
	is_str(run.nargs ? run.args[0] : NULL,
	       "^(fib 15|checksum/sum/64|a\\.b\\(c\\)\\+d)$",
	       "anchored alternation, metacharacters escaped");
	plug_free(&run);
}

int main(void)
{
	P = plug_load("criterion");
	ok(P != NULL, "criterion.so loads");
	if (!P)
		return tap_done();
	is_str(P->name, "criterion", "its name");
	console_corpus();
	console_change();
	colour();
	bencher();
	libtest();
	truncated();
	directory();
	overflow();
	probes();
	selector();
	return tap_done();
}
