/*
 * test_plugin_criterion.c — the criterion plugin against real captures:
 * criterion 0.3.6 console output (the shared corpus and fresh runs, one
 * with change lines) and its bencher output.  libtest's own output and
 * the target/criterion tree have their plugins and tests
 * (test_plugin_libtest.c, test_plugin_criterion_tree.c).  Expected values were
 * counted by hand from the files in tests/data/criterion.
 */
#include <math.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "peers.h"
#include "plugtest.h"
#include "probes.h"
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

static void probes(void)
{
	static const char *mine[] = {
	    "criterion/stdout.txt",	"criterion/fresh-run1.txt",
	    "criterion/fresh-run2.txt", "criterion/fresh-bencher.txt",
	    "criterion/color.txt",
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
}

/* The peers' criterion fixtures, with the values their tests expect. */
static void peers(void)
{
	struct plugrun run = {0};

	peer_check(P, "criterion/criterion_output.txt",
		   "expect/criterion/criterion_output.txt.json");
	peer_check(P, "criterion/dogfood.txt",
		   "expect/criterion/dogfood.txt.json");
	peer_check(P, "criterion/many.txt", "expect/criterion/many.txt.json");
	peer_check(P, "criterion/failed.txt",
		   "expect/criterion/failed.txt.json");
	is_int(plug_run_file(P, plug_data("criterion/failed.txt"), &run), 0,
	       "failed.txt parses");
	is_int(plug_count(&run, BT_KIND_SAMPLE), 4,
	       "failed.txt: Bencher counts 4 results");
	plug_free(&run);
	probe_wins("criterion", "criterion/criterion_output.txt");
	probe_wins("criterion", "criterion/dogfood.txt");
	probe_wins("criterion", "criterion/many.txt");
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
	truncated();
	probes();
	peers();
	selector();
	return tap_done();
}
