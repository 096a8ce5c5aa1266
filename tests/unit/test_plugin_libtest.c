/*
 * test_plugin_libtest.c — the libtest plugin against real `cargo bench`
 * output of #[bench] functions (tests/data/criterion/libtest*.txt, made
 * here), github-action-benchmark's and Bencher's cargo fixtures with the
 * values their tests expect (tests/data/libtest/gab, bencher), every
 * libtest-style unit, and the --exact selector.
 */
#include <math.h>
#include <stdlib.h>

#include "peers.h"
#include "plugtest.h"
#include "probes.h"
#include "tap.h"

static const struct bt_plugin *P;

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

/* The peers' fixtures, with the values their own tests expect. */
static void peers(void)
{
	struct plugrun run = {0};
	const struct plugrec *r;

	peer_check(P, "libtest/failed.txt", "expect/libtest/failed.txt.json");
	peer_check(P, "libtest/ignore.txt", "expect/libtest/ignore.txt.json");
	peer_check(P, "libtest/issue_390.txt",
		   "expect/libtest/issue_390.txt.json");
	peer_check(P, "libtest/many.txt", "expect/libtest/many.txt.json");
	peer_check(P, "libtest/multi_target.txt",
		   "expect/libtest/multi_target.txt.json");
	peer_check(P, "libtest/one.txt", "expect/libtest/one.txt.json");
	peer_check(P, "empty/zero.txt", "expect/libtest/zero.txt.json");
	peer_check(P, "libtest/cargo_output.txt",
		   "expect/libtest/cargo_output.txt.json");
	peer_check(P, "libtest/cargo_output2.txt",
		   "expect/libtest/cargo_output2.txt.json");
	peer_check(P, "libtest/cargo_output3.txt",
		   "expect/libtest/cargo_output3.txt.json");
	peer_check(P, "libtest/cargo_output_units.txt",
		   "expect/libtest/cargo_output_units.txt.json");

	/* the spread in the benchmark's unit: Bencher's lower/upper are
	 * value ∓ it */
	is_int(plug_run_file(P, plug_data("libtest/many.txt"), &run), 0,
	       "many.txt");
	label_is(plug_context_of(&run, "tests::benchmark"), "ns/op.range",
		 "975", "3,161 ns/iter (+/- 975)");
	label_is(plug_context_of(&run, "tests::two_digit"), "ns/op.range",
		 "22000000", "22 ms/iter (+/- 22)");
	r = plug_named(&run, BT_KIND_SAMPLE, "tests::one_digit", 0);
	metric_is(r, "ns/op", "1000", "1 μs/iter (Greek mu)");
	is_int(run.warnings + run.errors, 0, "no warning");
	plug_free(&run);
	is_int(
	    plug_run_file(P, plug_data("libtest/cargo_output_units.txt"), &run),
	    0, "custom units");
	r = plug_named(&run, BT_KIND_SAMPLE, "cmov", 0);
	metric_is(r, "cycles/iter", "2835", "cycles/iter kept as printed");
	label_is(plug_context_of(&run, "upload"), "MS/s.range", "420",
		 "MS/s (+/- 420)");
	is_int(run.warnings + run.errors, 0, "no warning");
	plug_free(&run);

	/* failed.txt: the FAILED benchmark's panic */
	is_int(plug_run_file(P, plug_data("libtest/failed.txt"), &run), 0,
	       "failed.txt");
	r = plug_nth(&run, BT_KIND_FAILURE, 0);
	is_str(r ? r->name : NULL, "tests::benchmark_b", "the failure");
	is_str(r ? r->reason : NULL, "panic", "a panic");
	plug_free(&run);
}

/* Every time unit, and lines that cannot be read. */
static void units(void)
{
	static const char in[] =
	    "test a ... bench: 1,234.5 ns/iter (+/- 6)\n"
	    "test b ... bench: 1.5 \xc2\xb5s/iter (+/- 0.25)\n"
	    "test c ... bench: 1.5 us/iter (+/- 1)\n"
	    "test d ... bench: 2.25 ms/iter (+/- 0.5)\n"
	    "test e ... bench: 3 s/iter (+/- 1)\n";
	static const char bad[] = "test a ... bench: lots ns/iter\n"
				  "test b ... bench:\n";
	struct plugrun run = {0};

	is_int(plug_run_buf(P, in, sizeof in - 1, &run), 0, "units");
	metric_is(plug_named(&run, BT_KIND_SAMPLE, "a", 0), "ns/op", "1234.5",
		  "ns/iter");
	metric_is(plug_named(&run, BT_KIND_SAMPLE, "b", 0), "ns/op", "1500",
		  "µs/iter");
	label_is(plug_context_of(&run, "b"), "ns/op.range", "250",
		 "µs/iter spread");
	metric_is(plug_named(&run, BT_KIND_SAMPLE, "c", 0), "ns/op", "1500",
		  "us/iter");
	metric_is(plug_named(&run, BT_KIND_SAMPLE, "d", 0), "ns/op", "2250000",
		  "ms/iter");
	metric_is(plug_named(&run, BT_KIND_SAMPLE, "e", 0), "ns/op",
		  "3000000000", "s/iter");
	plug_free(&run);
	is_int(plug_run_buf(P, bad, sizeof bad - 1, &run), -1,
	       "only unreadable bench lines: an error, not success");
	is_int(run.warnings, 2, "each line warned about");
	is_int(run.errors, 1, "and the input refused");
	plug_free(&run);
}

static void probes(void)
{
	static const char *mine[] = {
	    "criterion/libtest.txt",
	    "criterion/libtest-fail.txt",
	    "libtest/many.txt",
	    "libtest/failed.txt",
	    "libtest/issue_390.txt",
	    "libtest/cargo_output.txt",
	    "libtest/cargo_output_units.txt",
	    "libtest/cargo_output2.txt",
	};
	size_t i;

	for (i = 0; i < sizeof mine / sizeof mine[0]; i++)
		probe_wins("libtest", mine[i]);
	ok(plug_probe_file(P, plug_data("criterion/stdout.txt")) <
	       plug_probe_file(plug_load("criterion"),
			       plug_data("criterion/stdout.txt")),
	   "criterion's console is criterion's");
	ok(plug_probe_file(P, plug_data("criterion/fresh-bencher.txt")) <
	       plug_probe_file(plug_load("criterion"),
			       plug_data("criterion/fresh-bencher.txt")),
	   "criterion's bencher lines are criterion's");
	probe_not_others("libtest");
	probe_not_captures("libtest");
}

/*
 * libtest's filters are substrings (`fib` runs fib, fib_10, a_fib and
 * m::fib: tests/data/sources/libtest/exact.rs shows it) unless --exact is
 * given; several filters select their union.  So: --exact, then each name.
 */
static void selector(void)
{
	struct plugrun run = {0};
	struct bt_host host = plug_host(&run);
	struct bt_str names[] = {BT_STR("fib"), BT_STR("m::fib"),
				 BT_STR("a (b)*")};

	is_int(P->selector(names, 3, &host), 0, "selector");
	is_int(run.nargs, 4, "--exact and three names");
	is_str(run.nargs > 0 ? run.args[0] : NULL, "--exact", "--exact first");
	is_str(run.nargs > 1 ? run.args[1] : NULL, "fib", "a name as it is");
	is_str(run.nargs > 2 ? run.args[2] : NULL, "m::fib", "a path");
	is_str(run.nargs > 3 ? run.args[3] : NULL, "a (b)*",
	       "no quoting: not a pattern");
	plug_free(&run);
}

int main(void)
{
	P = plug_load("libtest");
	ok(P != NULL, "libtest.so loads");
	if (!P)
		return tap_done();
	is_str(P->name, "libtest", "its name");
	libtest();
	peers();
	units();
	probes();
	selector();
	return tap_done();
}
