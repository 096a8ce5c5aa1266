/*
 * test_plugin_criterion_tree.c — the criterion-tree plugin against two
 * real target/criterion trees (criterion 0.3.6), a tree with numbers that
 * overflow a double, symlink loops and files that are symbolic links.  Expected
 * values were read by hand from the JSON files in tests/data/criterion.
 */
#include <math.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plugtest.h"
#include "tap.h"

static const struct bt_plugin *P;

static void directory(void)
{
	struct plugrun run = {0};
	const struct plugrec *r, *c;
	const char *dir = "criterion-tree/target-tree/criterion";
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

	snprintf(path, sizeof path, "%s",
		 plug_data("criterion-tree/fresh-tree"));
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

/* A scratch copy of the test tree at dir/t (dir made here). */
static void copy_tree(char *dir)
{
	char p[4200];

	if (!mkdtemp(dir))
		abort();
	snprintf(p, sizeof p, "cp -R '%s' '%s/t'",
		 plug_data("criterion-tree/target-tree/criterion"), dir);
	if (system(p) != 0)
		abort();
}

/* A tree with a link back up (target/criterion/g/loop -> ..) and a link
 * to itself: an ELOOP error, not a walk that never ends. */
static void loops(void)
{
	char dir[] = "/tmp/test-crittree.XXXXXX", p[4200], q[4200];
	struct plugrun run = {0};

	copy_tree(dir);
	snprintf(p, sizeof p, "%s/t/checksum/loop", dir);
	if (symlink("..", p) != 0)
		abort();
	snprintf(q, sizeof q, "%s/t/self", dir);
	if (symlink("self", q) != 0)
		abort();
	snprintf(p, sizeof p, "%s/t", dir);
	is_int(plug_run_dir(P, p, &run), -1, "a symlink loop is an error");
	is_int(run.errors, 1, "reported once");
	ok(strstr(run.lastmsg, "Too many levels of symbolic links") != NULL,
	   "as ELOOP: %s", run.lastmsg);
	ok(strstr(run.lastmsg, "checksum/loop") != NULL, "naming the link");
	plug_free(&run);
	snprintf(p, sizeof p, "rm -rf '%s'", dir);
	if (system(p) != 0)
		abort();
}

/* Replace dir/rel with a symbolic link to a copy of it at dir/copy: a
 * read through the link would succeed. */
static void relink(const char *dir, const char *rel, const char *copy)
{
	char p[4200], q[4200], cmd[9000];

	snprintf(p, sizeof p, "%s/t/%s", dir, rel);
	snprintf(q, sizeof q, "%s/%s", dir, copy);
	snprintf(cmd, sizeof cmd, "cp '%s' '%s'", p, q);
	if (system(cmd) != 0 || unlink(p) != 0 || symlink(q, p) != 0)
		abort();
}

/* Files of the tree that are symbolic links are not followed: an
 * estimates.json is left out, a benchmark.json or sample.json skips its
 * benchmark, each with a warning naming it; the rest is read. */
static void links(void)
{
	char dir[] = "/tmp/test-critlink.XXXXXX", p[4200], q[4200];
	struct plugrun run = {0};
	const struct plugrec *c;

	copy_tree(dir);
	relink(dir, "checksum/sum/64/new/estimates.json", "est.json");
	snprintf(p, sizeof p, "%s/t", dir);
	is_int(plug_run_dir(P, p, &run), 0, "a linked estimates.json: read");
	is_int(run.warnings, 1, "one warning");
	ok(strstr(run.lastmsg, "checksum/sum/64/new/estimates.json: a "
			       "symbolic link, not followed; its estimates "
			       "left out") != NULL,
	   "naming the link: %s", run.lastmsg);
	is_int(plug_count(&run, BT_KIND_SAMPLE), 80, "every sample kept");
	c = plug_context_of(&run, "checksum/sum/64");
	ok(c && !plug_label(c, "mean"), "no estimate read through the link");
	label_is(c, "change.mean", "-0.10010920550047553",
		 "change/estimates.json still read");
	plug_free(&run);

	relink(dir, "fib 15/new/benchmark.json", "bench.json");
	is_int(plug_run_dir(P, p, &run), 0, "a linked benchmark.json: read");
	is_int(run.warnings, 2, "two warnings: both links");
	ok(strstr(run.lastmsg, "fib 15/new/benchmark.json: a symbolic link, "
			       "not followed; benchmark skipped") != NULL,
	   "naming the link: %s", run.lastmsg);
	is_int(plug_count(&run, BT_KIND_CONTEXT), 3, "its benchmark skipped");
	is_int(plug_count_named(&run, BT_KIND_SAMPLE, "fib 15"), 0,
	       "no sample of it");
	is_int(plug_count(&run, BT_KIND_SAMPLE), 60, "the others' samples");
	plug_free(&run);

	relink(dir, "checksum/sum/4096/new/sample.json", "sample.json");
	relink(dir, "checksum/sum/64/new/sample.json", "sample2.json");
	relink(dir, "vec push 1000/new/sample.json", "sample3.json");
	/* a link that leads nowhere is found and said, not passed over */
	snprintf(q, sizeof q, "%s/t/fib 15/new/benchmark.json", dir);
	if (unlink(q) != 0 || symlink("nowhere", q) != 0)
		abort();
	is_int(plug_run_dir(P, p, &run), -1,
	       "every benchmark linked: no readable benchmark, an error");
	is_int(run.errors, 1, "reported once");
	is_int(run.warnings, 4,
	       "each benchmark's link said, the dangling one too");
	is_int(plug_count(&run, BT_KIND_SAMPLE), 0, "nothing read");
	plug_free(&run);
	snprintf(p, sizeof p, "rm -rf '%s'", dir);
	if (system(p) != 0)
		abort();
}

static void probes(void)
{
	char path[4096];

	snprintf(path, sizeof path, "%s",
		 plug_data("criterion-tree/target-tree/criterion"));
	is_int(P->probe_dir(path), 90, "probe_dir: target/criterion");
	snprintf(path, sizeof path, "%s",
		 plug_data("criterion-tree/target-tree"));
	is_int(P->probe_dir(path), 90, "probe_dir: target/");
	snprintf(path, sizeof path, "%s",
		 plug_data("criterion-tree/target-tree/criterion/fib 15"));
	is_int(P->probe_dir(path), 90, "probe_dir: one benchmark");
	snprintf(path, sizeof path, "%s", plug_data("gbench"));
	is_int(P->probe_dir(path), 0, "probe_dir: not criterion");
	is_int(P->probe_dir(plug_data("criterion/stdout.txt")), 0,
	       "probe_dir: a file");
	is_int(plug_probe_file(P, plug_data("criterion/stdout.txt")), 0,
	       "a stream is never claimed");
}

static void selector(void)
{
	struct plugrun run = {0};
	struct bt_host host = plug_host(&run);
	struct bt_str names[] = {BT_STR("fib 15"), BT_STR("a.b(c)+d")};

	is_int(P->selector(names, 2, &host), 0, "selector");
	is_str(run.nargs ? run.args[0] : NULL, "^(fib 15|a\\.b\\(c\\)\\+d)$",
	       "criterion's anchored alternation");
	plug_free(&run);
}

int main(void)
{
	P = plug_load("criterion-tree");
	ok(P != NULL, "criterion-tree.so loads");
	if (!P)
		return tap_done();
	is_str(P->name, "criterion-tree", "its name");
	directory();
	overflow();
	loops();
	links();
	probes();
	selector();
	return tap_done();
}
