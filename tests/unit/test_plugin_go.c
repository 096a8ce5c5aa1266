/*
 * test_plugin_go.c — the Go plugin on the real captures in tests/data/go:
 * every result line one sample with its metrics exact, configuration and
 * failures recorded, test2json reassembled, numbers parsed exactly, and
 * the -bench selector escaped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "plugin.h"
#include "record.h"
#include "tap.h"

static const struct bt_plugin *go;

/* What one parse produced: each record as its JSON line, and counts. */
struct got {
	struct buf json;
	int samples, contexts, failures, skips, warnings, errors;
	char first[1024];
	struct buf args;
	double value[64]; /* the first metric's value of the first samples */
	int nvalues;
};

static void emit(void *ctx, const struct bt_record *r)
{
	struct got *g = ctx;
	size_t mark = g->json.len;

	g->samples += r->kind == BT_KIND_SAMPLE;
	g->contexts += r->kind == BT_KIND_CONTEXT;
	g->failures += r->kind == BT_KIND_FAILURE;
	g->skips += r->kind == BT_KIND_SKIP;
	record_json(&g->json, r);
	if (r->kind == BT_KIND_SAMPLE && r->nmetrics && g->nvalues < 64)
		g->value[g->nvalues++] = r->metrics[0].value;
	if (r->kind == BT_KIND_SAMPLE && !g->first[0])
		snprintf(g->first, sizeof g->first, "%.*s",
			 (int)(g->json.len - mark), g->json.p + mark);
	buf_addc(&g->json, '\n');
}

static void warn(void *ctx, const char *msg)
{
	(void)msg;
	((struct got *)ctx)->warnings++;
}

static void error(void *ctx, const char *msg)
{
	(void)msg;
	((struct got *)ctx)->errors++;
}

static void arg(void *ctx, const char *a)
{
	struct got *g = ctx;

	buf_add(&g->args, a, strlen(a));
	buf_addc(&g->args, ' ');
}

static struct got parse_mem(const char *data, size_t len)
{
	struct got g;
	struct bt_host host = {&g, emit, warn, error, arg};
	const char *p = data, *end = data + len, *nl;
	void *st;

	memset(&g, 0, sizeof g);
	st = go->open(&host);
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		go->line(st, p, (size_t)((nl ? nl : end) - p));
		p = nl ? nl + 1 : end;
	}
	go->finish(st);
	go->close(st);
	buf_cstr(&g.json);
	return g;
}

static struct got parse_file(const char *name)
{
	char path[512];
	FILE *f;
	struct buf b = {0};
	char tmp[8192];
	size_t n;
	struct got g;

	snprintf(path, sizeof path, "tests/data/go/%s", name);
	f = fopen(path, "rb");
	if (!f) {
		perror(path);
		exit(1);
	}
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
		buf_add(&b, tmp, n);
	fclose(f);
	g = parse_mem(b.p, b.len);
	buf_free(&b);
	return g;
}

static void done(struct got *g)
{
	buf_free(&g->json);
	buf_free(&g->args);
}

static int count(const char *hay, const char *needle)
{
	int n = 0;

	while ((hay = strstr(hay, needle)))
		n++, hay++;
	return n;
}

static void test_text(void)
{
	struct got g = parse_file("gc-count10.txt");

	is_int(g.samples, 100, "gc-count10: 100 result lines, 100 samples");
	is_int(g.contexts, 2, "gc-count10: two configuration blocks");
	is_int(g.failures + g.warnings + g.errors, 0, "gc-count10: clean");
	is_str(
	    g.first,
	    "{\"bt\":1,\"kind\":\"sample\",\"suite\":\"example.com/perfbench/"
	    "core\",\"name\":\"BenchmarkSmallAllocation\",\"procs\":2,"
	    "\"iterations\":1000000,\"metrics\":{\"ns/op\":66.93,\"B/op\":88,"
	    "\"allocs/op\":2},\"labels\":{\"goos\":\"linux\",\"goarch\":"
	    "\"amd64\",\"cpu\":\"Intel(R) Xeon(R) Processor\"}}",
	    "first sample exact");
	is_int(count(g.json.p, "\"name\":\"BenchmarkSHA256/size=1024B\""), 10,
	       "sub-benchmark names kept whole");
	is_int(count(g.json.p, "\"matches/op\":1"), 10,
	       "custom ReportMetric unit kept");
	is_int(count(g.json.p, "\"MB/s\":"), 30, "MB/s from SetBytes");
	is_int(count(g.json.p, "\"suite\":\"example.com/perfbench/stdlib\""),
	       51, "pkg: becomes the suite (50 samples + context)");
	ok(strstr(g.json.p,
		  "\"config\":{\"goos\":\"linux\",\"goarch\":\"amd64\","
		  "\"pkg\":\"example.com/perfbench/core\",\"cpu\":"
		  "\"Intel(R) Xeon(R) Processor\"}") != NULL,
	   "context holds every configuration line in order");
	done(&g);
}

static void test_json(void)
{
	struct got g = parse_file("gc-count5.json");

	is_int(g.samples, 50, "test2json: 50 samples from split output events");
	is_int(g.contexts, 2, "test2json: two configuration blocks");
	is_int(g.warnings + g.errors, 0, "test2json: clean");
	ok(strstr(g.json.p,
		  "\"iterations\":1325510,\"metrics\":{\"ns/op\":48.65,"
		  "\"B/op\":88,\"allocs/op\":2}") != NULL,
	   "a result line split across two events is whole again");
	done(&g);
}

static void test_failures(void)
{
	struct got g = parse_file("failures.txt");

	is_int(g.samples, 4, "failures.txt: the 4 results that ran");
	is_int(g.failures, 3,
	       "failures.txt: build, benchmark and package failures");
	ok(strstr(g.json.p,
		  "\"kind\":\"failure\",\"suite\":\"example.com/fail/"
		  "broken\",\"reason\":\"build\",\"message\":\"broken/"
		  "broken_test.go:6:2: undefined: undefinedThing\"") != NULL,
	   "build failure with the compiler's message");
	ok(strstr(g.json.p,
		  "\"name\":\"BenchmarkFails\",\"reason\":\"fail\","
		  "\"message\":\"ok_test.go:12: about to fail\\nok_test"
		  ".go:13: boom: deliberate failure\"") != NULL,
	   "benchmark failure with its log lines");
	is_int(count(g.json.p, "noise line"), 0, "--- BENCH log lines ignored");
	is_int(count(g.json.p, "\"ns/op\":0.1556"), 2,
	       "results between logs kept");
	done(&g);
}

/* Skips and failures with their messages, whether the log lines come after
 * the "--- SKIP:" line (plain) or before it (-v, test2json). */
static void test_skip_messages(void)
{
	static const char *files[] = {"skips-v.txt", "skips.json"};
	static const char *want[] = {
	    "\"name\":\"BenchmarkSkipMe\",\"message\":\"s_test.go:9: needs "
	    "the network\"",
	    "\"name\":\"BenchmarkSkipToo\",\"message\":\"s_test.go:10: no "
	    "GPU on this machine\"",
	    "\"name\":\"BenchmarkFails\",\"reason\":\"fail\",\"message\":"
	    "\"s_test.go:11: first\\ns_test.go:11: boom\"",
	    "\"name\":\"BenchmarkSub/x\",\"message\":\"s_test.go:17: no x "
	    "here\""};
	struct got g;
	size_t f, i;

	for (f = 0; f < 2; f++) {
		g = parse_file(files[f]);
		ok(g.samples == 3, "%s: the 3 results", files[f]);
		ok(g.skips == 3, "%s: 3 skips", files[f]);
		ok(g.failures == 2, "%s: the benchmark and the package fail",
		   files[f]);
		for (i = 0; i < 4; i++)
			ok(strstr(g.json.p, want[i]) != NULL,
			   "%s: message %zu on its own benchmark", files[f], i);
		done(&g);
	}
	g = parse_file("skips.txt");
	ok(strstr(g.json.p, want[2]) != NULL,
	   "skips.txt: failure message after its line");
	is_int(g.skips, 0, "skips.txt: plain output shows no skips");
	done(&g);
}

static void test_edge_lines(void)
{
	static const char in[] =
	    "goos: linux\n"
	    "BenchmarkNaN-4 \t 10\t NaN ns/op\n"
	    "BenchmarkNeg-4 \t 10\t -3 delta/op\t 5 ns/op\n"
	    "BenchmarkOdd-4 \t 10\t 5\n"
	    "Benchmark words in a log line\n"
	    "BenchmarkBig-4 \t 10\t 1e+06 ns/op\t 123456789012345678 B/op\n"
	    "BenchmarkHuge-4 \t 6512220000000000000000000000000000\t 5 ns/op\n"
	    "--- SKIP: BenchmarkSkipped\n"
	    "    x_test.go:3: not today\n"
	    "panic: test timed out after 1s\n"
	    "\r\n";
	struct got g = parse_mem(in, sizeof in - 1);

	ok(strstr(g.json.p, "NaN") == NULL && strstr(g.json.p, "nan") == NULL,
	   "NaN never reaches a record");
	ok(strstr(g.json.p, "\"delta/op\":-3,\"ns/op\":5") != NULL,
	   "negative custom metric kept");
	is_int(g.warnings, 1, "a value without a unit is warned about");
	ok(strstr(g.json.p, "\"ns/op\":1e+06,\"B/op\":123456789012345678") !=
	       NULL,
	   "exponent and long integers written as printed");
	ok(strstr(g.json.p, "BenchmarkHuge") == NULL,
	   "an iteration count beyond int64 is not a result (fuzz_plugin_go)");
	is_int(g.skips, 1, "--- SKIP becomes a skip record");
	ok(strstr(g.json.p, "\"reason\":\"timeout\"") != NULL,
	   "test timeout panic becomes a timeout failure");
	done(&g);
}

/* Values parsed by the plugin equal strtod's on the same text. */
static void test_number_exactness(void)
{
	struct buf in = {0};
	unsigned long long s = 1234567;
	char line[128];
	int i, n, bad = 0;
	struct got g;
	struct rec r = REC_INIT;
	char err[256];
	const char *p, *nl;

	for (i = 0; i < 2000; i++) {
		s ^= s << 13, s ^= s >> 7, s ^= s << 17;
		n = snprintf(line, sizeof line,
			     "BenchmarkN%d \t 1\t %llu.%0*llu ns/op\n", i,
			     s % 100000, (int)(s % 12),
			     (s >> 20) % 1000000000000ULL);
		buf_add(&in, line, (size_t)n);
	}
	g = parse_mem(in.p, in.len);
	for (p = g.json.p; (nl = strchr(p, '\n')); p = nl + 1) {
		const struct bt_metric *m;
		const char *t;

		if (rec_decode(&r, p, (size_t)(nl - p), err, sizeof err))
			continue;
		m = rec_metric(&r, "ns/op");
		t = strstr(p, "\"ns/op\":") + 8;
		if (!m || m->value != strtod(t, NULL))
			bad++;
	}
	is_int(g.samples, 2000, "2000 random decimals parsed");
	is_int(bad, 0, "every value equals strtod of its text");
	rec_clear(&r);
	buf_free(&in);
	done(&g);
}

/* The plugin's own value (what bt-compare of Go text uses, no JSON between)
 * is strtod's, on the texts at the edges of parse_number's direct path. */
static void test_number_edges(void)
{
	static const char *const nums[] = {"0",
					   "-0",
					   "+5",
					   "5.",
					   "0.5",
					   "-7.25",
					   "00000000000000000000012.5",
					   "9007199254740992",
					   "9007199254740993",
					   "9007199254740993.0",
					   "1234567890123456789",
					   "12345678901234567890",
					   "0.1",
					   "0.3",
					   "1.7976931348623157",
					   "123456.0000000000000000001",
					   "0.0000000000000000000001",
					   "0.00000000000000000000001",
					   "4.35e-7",
					   "1E3",
					   "99999999999999999999.5",
					   "3.14159265358979"};
	size_t i, n = sizeof nums / sizeof nums[0];
	struct buf in = {0};
	char line[128];
	struct got g;
	int bad = 0;

	for (i = 0; i < n; i++) {
		int k = snprintf(line, sizeof line,
				 "BenchmarkE%zu \t 1\t %s ns/op\n", i, nums[i]);

		buf_add(&in, line, (size_t)k);
	}
	g = parse_mem(in.p, in.len);
	is_int(g.nvalues, (int)n, "every edge number made a sample");
	for (i = 0; i < n && (int)i < g.nvalues; i++) {
		double want = strtod(nums[i], NULL);

		if (memcmp(&g.value[i], &want, sizeof want) && bad++ < 5)
			diag("%s: %.17g, strtod %.17g", nums[i], g.value[i],
			     want);
	}
	is_int(bad, 0, "each equals strtod's, bit for bit (-0 too)");
	buf_free(&in);
	done(&g);
}

/* The two ways a result line is split into tokens (a bit for each byte
 * of white space, for lines up to 256 bytes; token() beyond) agree; a line
 * of more metrics than the plugin keeps is cut at its 64th, never past. */
static void test_long_lines(void)
{
	struct buf in = {0};
	struct got g;
	char pad[400], line[512];
	size_t len[] = {1, 100, 180, 200, 230, 240, 250, 260, 300, 380};
	size_t i, k;
	int n, same = 0;

	for (i = 0; i < sizeof len / sizeof len[0]; i++) {
		memset(pad, 'x', len[i]);
		pad[len[i]] = '\0';
		/* padded columns, tabs and a \r across every 16-byte step */
		n = snprintf(line, sizeof line,
			     "BenchmarkL%s-8 \t\t  %zu\t   \t 7.%zu ns/op \t"
			     "0 B/op\r\n",
			     pad, 1000 + i, i);
		buf_add(&in, line, (size_t)n);
	}
	g = parse_mem(in.p, in.len);
	for (i = 0; i < sizeof len / sizeof len[0]; i++) {
		memset(pad, 'x', len[i]);
		pad[len[i]] = '\0';
		n = snprintf(line, sizeof line,
			     "\"name\":\"BenchmarkL%s\",\"procs\":8,"
			     "\"iterations\":%zu,\"metrics\":{\"ns/op\":7.%zu,"
			     "\"B/op\":0}",
			     pad, 1000 + i, i);
		same += strstr(g.json.p, line) != NULL;
	}
	is_int(same, (int)(sizeof len / sizeof len[0]),
	       "result lines of 30 to 430 bytes split alike");
	done(&g);
	in.len = 0;
	buf_addlit(&in, "BenchmarkMany-2 \t 5");
	for (k = 0; k < 70; k++) {
		n = snprintf(line, sizeof line, "\t%zu u%zu/op", k, k);
		buf_add(&in, line, (size_t)n);
	}
	buf_addc(&in, '\n');
	g = parse_mem(in.p, in.len);
	is_int(g.samples, 1, "a line of 70 metrics is a sample");
	ok(strstr(g.json.p, "\"u63/op\":63}") != NULL &&
	       !strstr(g.json.p, "u64/op"),
	   "its first 64 metrics kept");
	done(&g);
	buf_free(&in);
}

static void test_selector(void)
{
	struct got g;
	struct bt_host host = {&g, emit, warn, error, arg};
	struct bt_str mixed[] = {BT_STR("BenchmarkA"), BT_STR("BenchmarkB.c"),
				 BT_STR("BenchmarkSHA/size=1024B"),
				 BT_STR("BenchmarkQ/a(b)|$x")};
	struct bt_str deep[] = {BT_STR("BenchmarkSHA/size=1024B"),
				BT_STR("BenchmarkSHA/size=64B"),
				BT_STR("BenchmarkQ/a(b)|$x/y")};

	memset(&g, 0, sizeof g);
	go->selector(mixed, 4, &host);
	is_str(buf_cstr(&g.args),
	       "-bench ^(BenchmarkA|BenchmarkB\\.c|BenchmarkSHA|BenchmarkQ)$ ",
	       "selector: mixed depths select on the top level only");
	g.args.len = 0;
	go->selector(deep, 3, &host);
	is_str(buf_cstr(&g.args),
	       "-bench ^(BenchmarkSHA|BenchmarkQ)$/^(size=1024B|size=64B|"
	       "a\\(b\\)\\|\\$x)$ ",
	       "selector: one alternation per shared level, metacharacters "
	       "escaped");
	done(&g);
}

static void test_probe(void)
{
	static const char text[] = "goos: linux\ngoarch: amd64\npkg: x\n";
	static const char gb[] = "Benchmark   Time   CPU   Iterations\n";
	static const char rec[] = "{\"bt\":1,\"kind\":\"sample\"}\n";

	ok(go->probe(text, sizeof text - 1) >= 50, "probe: Go header");
	ok(go->probe(gb, sizeof gb - 1) < 50,
	   "probe: a console table is not Go");
	is_int(go->probe(rec, sizeof rec - 1), 0, "probe: records are not Go");
}

int main(void)
{
	char path[1024], err[512];
	const char *build = getenv("BT_BUILD");

	snprintf(path, sizeof path, "%s/lib/bt/plugins/go.so",
		 build ? build : "build");
	go = plugin_open_file(path, err, sizeof err);
	if (!ok(go != NULL, "go.so loads")) {
		diag("%s", err);
		return tap_done();
	}
	test_text();
	test_json();
	test_failures();
	test_skip_messages();
	test_edge_lines();
	test_number_exactness();
	test_number_edges();
	test_long_lines();
	test_selector();
	test_probe();
	return tap_done();
}
