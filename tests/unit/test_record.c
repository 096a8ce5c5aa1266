/*
 * test_record.c — the record library: JSON writing (escaping, numbers that
 * round-trip), decoding record lines, and the writer's label merging.
 * decode.c is checked against the jq-based decoder it replaced
 * (refdecode.h) on every record file in tests/ and on generated lines, and
 * its fast path against its general path on the same lines.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "record.h"
#include "refdecode.h"
#include "corpus.h"
#include "tap.h"

static const char *str_json(const char *s, size_t n)
{
	static struct buf b;

	b.len = 0;
	json_str(&b, s, n);
	return buf_cstr(&b);
}

static void test_strings(void)
{
	is_str(str_json("plain", 5), "\"plain\"", "plain string");
	is_str(str_json("a\"b\\c", 5), "\"a\\\"b\\\\c\"",
	       "quote and backslash");
	is_str(str_json("t\tn\nr\r\x01", 7), "\"t\\tn\\nr\\r\\u0001\"",
	       "control characters");
	is_str(str_json("\xc2\xb5s", 3), "\"\xc2\xb5s\"", "UTF-8 kept (µs)");
	is_str(str_json("a\xff"
			"b",
			3),
	       "\"a\xef\xbf\xbd"
	       "b\"",
	       "invalid UTF-8 replaced by U+FFFD");
	is_str(str_json("\xed\xa0\x80", 3),
	       "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"", "surrogate refused");
	is_str(str_json("n\0ul", 4), "\"n\\u0000ul\"", "NUL escaped");
	ok(utf8_valid("\xe2\x82\xac", 3) && !utf8_valid("\xe2\x82", 2),
	   "utf8_valid");
}

/* json_str byte by byte, for strings of the bytes random_str uses. */
static const char *ref_json(const unsigned char *p, size_t n)
{
	static char out[512];
	size_t i, o = 0;

	out[o++] = '"';
	for (i = 0; i < n; i++) {
		unsigned c = p[i];

		if (c == 0xc3 && i + 1 < n && p[i + 1] == 0xa9)
			o += (size_t)sprintf(out + o, "\xc3\xa9"), i++;
		else if (c >= 0x80)
			o += (size_t)sprintf(out + o, "\xef\xbf\xbd");
		else if (c == '"' || c == '\\')
			o += (size_t)sprintf(out + o, "\\%c", c);
		else if (c == '\n' || c == '\t' || c == '\r')
			o += (size_t)sprintf(out + o, "\\%c",
					     c == '\n'	 ? 'n'
					     : c == '\t' ? 't'
							 : 'r');
		else if (c < 0x20)
			o += (size_t)sprintf(out + o, "\\u%04x", c);
		else
			out[o++] = (char)c;
	}
	out[o++] = '"';
	out[o] = '\0';
	return out;
}

/* json_str checks 8 bytes at a time: every special byte at every place of
 * strings up to 40 bytes long is found. */
static void test_strings_wordwise(void)
{
	static const unsigned char alphabet[] =
	    "aZ~ \x7f\"\\\n\t\x01\x1f\xc3\xa9\xff";
	unsigned long long s = 1;
	unsigned char str[40];
	int i, bad = 0;
	size_t n, k;

	for (i = 0; i < 200000; i++) {
		s ^= s << 13, s ^= s >> 7, s ^= s << 17;
		n = s % 41;
		for (k = 0; k < n; k++) /* mostly plain, some special */
			str[k] = (s >> (k % 48)) % 5
				     ? (unsigned char)('a' + k % 26)
				     : alphabet[(s >> (k % 40)) %
						(sizeof alphabet - 1)];
		if (strcmp(str_json((const char *)str, n), ref_json(str, n)) &&
		    bad++ < 3)
			diag("got %s, want %s", str_json((const char *)str, n),
			     ref_json(str, n));
	}
	is_int(bad, 0, "200000 strings escaped as byte by byte");
}

static void test_numbers(void)
{
	char out[32];
	unsigned long long s = 88172645463325252ULL;
	int i, bad = 0;

	{
		struct buf b = {0};

		json_int(&b, 0);
		buf_addc(&b, ' ');
		json_int(&b, -5);
		buf_addc(&b, ' ');
		json_int(&b, -9223372036854775807LL - 1);
		buf_addc(&b, ' ');
		json_int(&b, 9223372036854775807LL);
		is_str(buf_cstr(&b),
		       "0 -5 -9223372036854775808 9223372036854775807",
		       "json_int to the ends of long long");
		buf_free(&b);
	}
	fmt_double(out, 66.93);
	is_str(out, "66.93", "66.93 shortest");
	fmt_double(out, 0.1 + 0.2);
	is_str(out, "0.30000000000000004", "0.1+0.2 needs 17 digits");
	fmt_double(out, 1048600);
	is_str(out, "1048600", "integers without exponent");
	fmt_double(out, 1e300);
	ok(strtod(out, NULL) == 1e300, "1e300 round-trips (%s)", out);
	for (i = 0; i < 100000; i++) {
		double d;

		s ^= s << 13, s ^= s >> 7, s ^= s << 17;
		memcpy(&d, &s, sizeof d);
		if (!isfinite(d))
			continue;
		fmt_double(out, d);
		if (strtod(out, NULL) != d || !json_is_number(out, strlen(out)))
			bad++;
	}
	is_int(bad, 0, "100000 random doubles round-trip as JSON numbers");
	ok(json_is_number("-0.5e+10", 8) && json_is_number("0", 1),
	   "JSON numbers accepted");
	ok(!json_is_number("01", 2) && !json_is_number(".5", 2) &&
	       !json_is_number("1.", 2) && !json_is_number("NaN", 3) &&
	       !json_is_number("+1", 2) && !json_is_number("", 0),
	   "non-JSON numbers refused");
}

static int decode(struct rec *r, const char *line, char *err)
{
	return rec_decode(r, line, strlen(line), err, 256);
}

static void test_decode(void)
{
	struct rec r = REC_INIT;
	char err[256], buf[64];
	const struct bt_metric *m;

	ok(decode(&r,
		  "{\"bt\":1,\"kind\":\"sample\",\"suite\":\"p\",\"name\":"
		  "\"BenchmarkX/a=1\",\"procs\":8,\"iterations\":100,"
		  "\"metrics\":{\"ns/op\":12.5,\"MB/s\":3},\"better\":"
		  "{\"MB/s\":\"higher\"},\"labels\":{\"goos\":\"linux\"}}",
		  err) == 0,
	   "sample decodes");
	is_int(r.r.kind, BT_KIND_SAMPLE, "kind sample");
	is_int(r.r.procs, 8, "procs");
	is_int(r.r.iterations, 100, "iterations");
	is_int(r.r.nmetrics, 2, "two metrics");
	m = rec_metric(&r, "ns/op");
	ok(m && m->value == 12.5, "ns/op value");
	m = rec_metric(&r, "MB/s");
	ok(m && m->better == BT_BETTER_HIGHER, "declared direction read");
	is_str(rec_label(&r, "goos", buf, sizeof buf), "linux", "label");
	is_str(rec_time_unit(&r, buf, sizeof buf), "ns/op", "time unit");

	ok(decode(&r, "{\"bt\":1,\"kind\":\"weird\",\"x\":[1,2]}", err) == 0 &&
	       r.r.kind == 0 && r.kind.n == 5,
	   "unknown kind decodes as kind 0");
	ok(decode(&r, "{\"bt\":3,\"kind\":\"sample\"}", err) &&
	       strstr(err, "newer"),
	   "newer format version refused: %s", err);
	ok(decode(&r, "{\"kind\":\"sample\"}", err) && strstr(err, "\"bt\""),
	   "missing version refused: %s", err);
	ok(decode(&r,
		  "{\"bt\":1,\"kind\":\"sample\",\"name\":\"x\",\"metrics\":"
		  "{\"ns/op\":nan}}",
		  err) != 0,
	   "NaN metric refused: %s", err);
	ok(decode(&r,
		  "{\"bt\":1,\"kind\":\"sample\",\"name\":\"x\",\"metrics\":"
		  "{\"ns/op\":1e400}}",
		  err) != 0,
	   "out-of-range metric refused: %s", err);
	ok(decode(&r, "{\"bt\":1,\"kind\":\"sample\",\"name\":\"x\",\"metr",
		  err) &&
	       strstr(err, "invalid JSON") && strlen(err) < 250,
	   "truncated line refused briefly: %s", err);
	ok(decode(&r, "[1,2]", err) != 0, "non-object refused");
	{ /* the message quotes the unit, which is not NUL-terminated: a
	   * line in a buffer of its exact size must not be read past */
		static const char bad[] =
		    "{\"bt\":1,\"kind\":\"sample\","
		    "\"name\":\"x\",\"metrics\":{\"u\":\"v\"}}";
		char *exact = malloc(sizeof bad - 1);

		memcpy(exact, bad, sizeof bad - 1);
		ok(rec_decode(&r, exact, sizeof bad - 1, err, sizeof err) &&
		       !strcmp(err, "metric \"u\" is not a finite number"),
		   "a bad metric is named within its line: %s", err);
		free(exact);
	}
	ok(decode(
	       &r,
	       "{\"bt\":1,\"kind\":\"sample\",\"name\":\"x\",\"metrics\":{}}",
	       err) != 0,
	   "sample without metrics refused");
	rec_clear(&r);
}

/* Write through a recw into a temporary file and read it back. */
static char *written(void (*fill)(struct recw *))
{
	FILE *f = tmpfile();
	struct recw *w = recw_new(f);
	static char out[4096];
	size_t n;

	fill(w);
	recw_flush(w);
	recw_free(w);
	rewind(f);
	n = fread(out, 1, sizeof out - 1, f);
	out[n] = '\0';
	fclose(f);
	return out;
}

static void fill_sample(struct recw *w)
{
	struct bt_metric m[2] = {
	    {BT_STR("ns/op"), 66.93, BT_STR("66.93"), 0},
	    {BT_STR("x/s"), 1.0 / 3, {"", 0}, BT_BETTER_LOWER},
	};
	struct bt_label l[2] = {{BT_STR("goos"), BT_STR("linux")},
				{BT_STR("version"), BT_STR("old")}};
	struct bt_record r = {.kind = BT_KIND_SAMPLE,
			      .name = BT_STR("BenchmarkA"),
			      .suite = BT_STR("p"),
			      .procs = 2,
			      .iterations = 10,
			      .metrics = m,
			      .nmetrics = 2,
			      .labels = l,
			      .nlabels = 2};

	recw_label(w, "version", "go1.19");
	recw_record(w, &r);
	m[0].value = NAN;
	recw_record(w, &r); /* must not be written */
}

/* A summary-only sample: stats written after the metrics; an entry
 * without n, mean and stddev is left out; unknown optional ones too. */
static void fill_summary(struct recw *w)
{
	struct bt_metric m = {BT_STR("ns/op"), 23.31, BT_STR("23.31"), 0};
	struct bt_stats st[2] = {
	    {BT_STR("ns/op"), 94, 23.31, 0.5, 0.05, NAN, NAN, NAN},
	    {BT_STR("ops/s"), 94, NAN, 1, NAN, NAN, NAN, NAN},
	};
	struct bt_record r = {.kind = BT_KIND_SAMPLE,
			      .name = BT_STR("a"),
			      .metrics = &m,
			      .nmetrics = 1,
			      .summary_only = 1,
			      .stats = st,
			      .nstats = 2};

	recw_record(w, &r);
	r.summary_only = 0; /* stats without summary_only: not written */
	recw_record(w, &r);
}

static void fill_passthrough(struct recw *w)
{
	struct rec r = REC_INIT;
	char err[256];
	const char *line =
	    "{\"bt\":1,\"kind\":\"sample\",\"name\":\"x\",\"extra\":"
	    "{\"keep\":[1,2.50]},\"metrics\":{\"ns/op\":1.10}}";

	rec_decode(&r, line, strlen(line), err, sizeof err);
	recw_write(w, &r);
	line = "{\"bt\":1,\"kind\":\"future\",\"z\":1}";
	rec_decode(&r, line, strlen(line), err, sizeof err);
	recw_label(w, "v", "1");
	recw_write(w, &r);
	rec_clear(&r);
}

/* Records and a document made in the writer's own buffer. */
static void fill_made(struct recw *w)
{
	struct buf *b = recw_begin(w, "change");

	buf_addlit(b, "\"name\":\"a\"");
	recw_end(w);
	b = recw_piece(w);
	buf_addlit(b, "{\"results\":[");
	recw_piece_end(w);
	buf_addlit(recw_piece(w), "]}\n");
	recw_piece_end(w);
}

static void test_writer(void)
{
	is_str(written(fill_sample),
	       "{\"bt\":1,\"kind\":\"sample\",\"suite\":\"p\",\"name\":"
	       "\"BenchmarkA\","
	       "\"procs\":2,\"iterations\":10,\"metrics\":{\"ns/op\":66.93,"
	       "\"x/s\":0.3333333333333333},\"better\":{\"x/s\":\"lower\"},"
	       "\"labels\":{\"goos\":\"linux\",\"version\":\"go1.19\"}}\n",
	       "sample serialised; writer labels win; NaN record dropped");
	is_str(written(fill_summary),
	       "{\"bt\":1,\"kind\":\"sample\",\"name\":\"a\",\"metrics\":"
	       "{\"ns/op\":23.31},\"summary_only\":true,\"stats\":{\"ns/op\":"
	       "{\"n\":94,\"mean\":23.31,\"stddev\":0.5,\"stderr\":0.05}}}\n"
	       "{\"bt\":1,\"kind\":\"sample\",\"name\":\"a\",\"metrics\":"
	       "{\"ns/op\":23.31}}\n",
	       "summary-only sample: summary_only and complete stats entries");
	is_str(
	    written(fill_passthrough),
	    "{\"bt\":1,\"kind\":\"sample\",\"name\":\"x\",\"extra\":{\"keep\":"
	    "[1,2.50]},\"metrics\":{\"ns/op\":1.10}}\n"
	    "{\"bt\":1,\"kind\":\"future\",\"z\":1}\n",
	    "records pass through byte for byte, unknown kinds too");
	is_str(written(fill_made),
	       "{\"bt\":1,\"kind\":\"change\",\"name\":\"a\"}\n"
	       "{\"results\":[]}\n",
	       "a record made field by field, a document piece by piece");
	{
		struct bt_label l = {BT_STR("cpu"), BT_STR("a\"b")};
		struct bt_record r = {.kind = BT_KIND_SAMPLE,
				      .name = BT_STR("B"),
				      .procs = 4,
				      .labels = &l,
				      .nlabels = 1};
		struct buf b = {0};

		rec_id_json(&b, &r, "ns/op", 5);
		buf_addc(&b, 0);
		is_str(b.p,
		       "\"name\":\"B\",\"procs\":4,\"labels\":{\"cpu\":"
		       "\"a\\\"b\"},\"unit\":\"ns/op\",",
		       "a benchmark's identity members, no suite");
		buf_free(&b);
	}
	is_int(unit_better("MB/s", 0), BT_BETTER_HIGHER, "MB/s higher");
	is_int(unit_better("ns/op", 0), BT_BETTER_LOWER, "ns/op lower");
	is_int(unit_better("matches/op", BT_BETTER_HIGHER), BT_BETTER_HIGHER,
	       "declared direction wins");
}

/* The whole contents of f. */
static void slurp(FILE *f, struct buf *b)
{
	char tmp[8192];
	size_t n;

	rewind(f);
	b->len = 0;
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
		buf_add(b, tmp, n);
}

/* The writer's caches (head, metric keys, labels) against a fresh writer
 * for every record: 20000 records, each drawn anew, or as the one before,
 * or as the one before with one choice changed (a near neighbour of a
 * string: one byte apart at the start, middle or end, at each length the
 * comparison treats its own way) — kinds, suites, names, procs, units,
 * directions, labels (duplicate keys, escapes, invalid UTF-8), the writer's own
 * labels changing midway — written byte for byte the same. */
static void test_writer_cache(void)
{
	static const char *const suites[] = {"",
					     "p",
					     "q",
					     "p\"x",
					     "p\xff",
					     "pkg/a",
					     "pkg/b",
					     "qkg/a",
					     "pXg/a",
					     "example.com/big/pkg1",
					     "example.com/big/pkg2",
					     "example.com/bXg/pkg1"};
	static const char *const units[] = {
	    "ns/op", "B/op",  "allocs/op", "ns/op\n", "MB/s",
	    "B/op",  "ns/ap", "ms/op",	   "B/oq",    "aB/op"};
	static const char *const keys[] = {"goos", "cpu", "goos", "k\\",
					   "gOos", "cpv", "goo"};
	static const char *const vals[] = {"linux",
					   "Intel(R)",
					   "a\tb",
					   "",
					   "lInux",
					   "Intel(S)",
					   "aXb",
					   "abcdefghijklmnop",
					   "abcdefghijklmnoq",
					   "abcdefgXijklmnop",
					   "bbcdefghijklmnop",
					   "linuy"};
	static const int kinds[] = {BT_KIND_SAMPLE,  BT_KIND_SAMPLE,
				    BT_KIND_SAMPLE,  BT_KIND_CONTEXT,
				    BT_KIND_FAILURE, BT_KIND_SKIP};
	static const char *const names[] = {
	    "BenchmarkX",	 "BenchmarkY",	       "AenchmarkX",
	    "BenchXmarkX",	 "BenchmarkX\t",       "B",
	    "Benchmark\"X",	 "BenchmarkX/size=64", "BenchmarkX/size=65",
	    "BenchmarkX/sizf=64"};
	static const long procs[] = {0, 1, 2, -1, 8};
	/* the choices: kind, suite, nmetrics, nlabels, 4 × (unit, better),
	 * 4 × (key, value), name, procs */
	enum {
		C_KIND,
		C_SUITE,
		C_NM,
		C_NL,
		C_M = 4,
		C_L = 12,
		C_NAME = 20,
		C_PROCS,
		NC
	};
	static const size_t range[NC] = {6, 12, 4,  5, 10, 3, 10, 3, 10, 3,  10,
					 3, 7,	12, 7, 12, 7, 12, 7, 12, 10, 5};
	size_t c[NC] = {0};
	unsigned long long s = 88172645463325252ULL;
	FILE *fa = tmpfile(), *fb = tmpfile();
	struct recw *w = recw_new(fa), *fresh;
	struct buf a = {0}, b = {0};
	int i, j, alike = 0, near = 0, lines = 0;
	size_t k;

#define RND() (s ^= s << 13, s ^= s >> 7, s ^= s << 17, s)
	for (i = 0; i < 20000; i++) {
		struct bt_metric m[5];
		struct bt_label l[4];
		struct bt_record r = {0};
		unsigned how = (unsigned)(RND() % 4);

		if (how == 0 || i == 0) /* anew */
			for (j = 0; j < NC; j++)
				c[j] = RND() % range[j];
		else if (how == 1) /* one choice changed */
			j = (int)(RND() % NC), c[j] = RND() % range[j], near++;
		else
			alike++;
		r.kind = kinds[c[C_KIND]];
		r.suite = bt_cstr(suites[c[C_SUITE]]);
		r.name = bt_cstr(names[c[C_NAME]]);
		r.procs = procs[c[C_PROCS]];
		r.iterations = (int64_t)(RND() % 1000);
		r.nmetrics = c[C_NM] + (r.kind == BT_KIND_SAMPLE);
		for (k = 0; k < r.nmetrics; k++) {
			m[k].unit = bt_cstr(units[c[C_M + 2 * (k % 4)]]);
			m[k].better = (int)c[C_M + 2 * (k % 4) + 1];
			m[k].value = (double)(RND() % 1000) / 8;
			m[k].text = RND() % 2 ? BT_STR("1.50") : BT_STR("");
		}
		r.metrics = m;
		r.nlabels = c[C_NL];
		for (k = 0; k < r.nlabels; k++) {
			l[k].key = bt_cstr(keys[c[C_L + 2 * k]]);
			l[k].value = bt_cstr(vals[c[C_L + 2 * k + 1]]);
		}
		r.labels = l;
		if (r.kind == BT_KIND_FAILURE)
			r.reason = BT_STR("fail");
		if (i == 7000)
			recw_label(w, "version", "go1.19");
		if (i == 14000)
			recw_label(w, "goos", "plan9");
		fresh = recw_new(fb);
		if (i >= 7000)
			recw_label(fresh, "version", "go1.19");
		if (i >= 14000)
			recw_label(fresh, "goos", "plan9");
		recw_record(w, &r);
		recw_record(fresh, &r);
		recw_flush(w);
		recw_flush(fresh);
		recw_free(fresh);
	}
#undef RND
	recw_free(w);
	slurp(fa, &a);
	slurp(fb, &b);
	for (k = 0; k < a.len; k++)
		lines += a.p[k] == '\n';
	ok(a.len == b.len && !memcmp(a.p, b.p, a.len),
	   "one writer's %d records equal a fresh writer's each", lines);
	ok(alike > 8000 && near > 4000 && lines == 20000,
	   "%d records as the one before, %d one choice apart", alike, near);
	fclose(fa);
	fclose(fb);
	buf_free(&a);
	buf_free(&b);
}

static void test_full_disk(void)
{
	FILE *f = fopen("/dev/full", "w");
	struct recw *w;
	int i, r;

	if (!f) {
		ok(1, "# skip no /dev/full");
		return;
	}
	w = recw_new(f);
	for (i = 0; i < 5000; i++)
		recw_json(w, jv_parse("{\"bt\":1,\"kind\":\"x\",\"pad\":"
				      "\"................................\"}"));
	r = recw_flush(w);
	ok(r == -1, "a full disk is reported by recw_flush");
	recw_free(w);
	fclose(f);
}

/* Lines the fast path (fastdecode.c) took, of those agrees() saw. */
static int fast_lines;

/* Decode line every way; 1 when decode.c and the jq reference agree, and
 * the fast path (fastdecode.c), when it takes the line, with its general path.
 */
static int agrees(const char *line, size_t len, const char **why)
{
	static struct rec r = REC_INIT;
	static struct refrec ref;
	char err[256], referr[256];
	int rc = rec_decode(&r, line, len, err, sizeof err);
	int refrc = ref_decode(&ref, line, len, referr, sizeof referr);
	int fast = 0;

	*why = ref_differs(&r, rc, &ref, refrc);
	if (!*why)
		*why = fast_differs(line, len, &fast);
	fast_lines += fast;
	return *why == NULL;
}

/* The lines of one record file that differ (corpus_each). */
struct agreement {
	int lines, bad;
};

static void file_agrees(void *ctx, const char *path, const struct buf *text)
{
	struct agreement *a = ctx;
	const char *p = text->p, *end = p + text->len, *nl, *why;
	size_t n;

	for (; p && p < end; p = nl ? nl + 1 : NULL) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = (size_t)((nl ? nl : end) - p);
		a->lines++;
		if (!agrees(p, n, &why) && a->bad++ < 5)
			diag("%s: %s: %.*s", path, why, n > 200 ? 200 : (int)n,
			     p);
	}
}

/* Every line of every record file under tests/: the number that differ. */
static int disagreements_in_files(int *lines)
{
	struct agreement a = {0, 0};

	corpus_each(file_agrees, &a);
	*lines = a.lines;
	return a.bad;
}

/* Pieces records are made of, the awkward ones jq has opinions on. */
static const char *const keys[] = {
    "\"bt\"",	      "\"kind\"",	"\"name\"",    "\"suite\"",
    "\"procs\"",      "\"iterations\"", "\"metrics\"", "\"labels\"",
    "\"better\"",     "\"config\"",	"\"message\"", "\"reason\"",
    "\"k\\u0069nd\"", "\"x\"",		"\"run\"",     "\"summary_only\"",
    "\"r\\u0075n\""};
static const char *const values[] = {
    "1",
    "2",
    "1.0",
    "1e0",
    "0",
    "-1",
    "1.5",
    "1e400",
    "-0",
    "2.50",
    "123456789012345678",
    "0.1",
    "1E+2",
    "4e-400",
    "9.3e18",
    "null",
    "true",
    "\"sample\"",
    "\"context\"",
    "\"skip\"",
    "\"failure\"",
    "\"s\\u0061mple\"",
    "\"a\\u00e9\\ud83d\\ude00\\n\\\"\\\\\\/\"",
    "\"lone \\udc00\"",
    "\"nul \\u0000 in\"",
    "\"raw \xff\xfe\"",
    "\"cut \xe2\x82\"",
    "\"overlong \xc0\xaf\"",
    "\"sur \xed\xa0\x80\"",
    "\"big \xf4\x90\x80\x80\"",
    "\"ok \xe2\x82\xac\"",
    "\"\"",
    "[1,{}]",
    "{\"ns/op\":12.5,\"B/op\":0}",
    "{\"ns/op\":1,\"ns/op\":2}",
    "{\"x\":\"higher\",\"ns/op\":\"lower\",\"x\":\"lower\"}",
    "{\"goos\":\"linux\",\"goos\":\"plan9\",\"n\":\"\\u00e9\"}",
    "{\"a\":1}",
    "{ }",
    "{\"MB/s\":\"higher\"}",
    "{\"x\":7e1}"};

static unsigned rnd(unsigned long long *s)
{
	*s ^= *s << 13, *s ^= *s >> 7, *s ^= *s << 17;
	return (unsigned)(*s >> 11);
}

/* Append one of the n strings in from, at random. */
static void add_any(struct buf *b, const char *const *from, size_t n,
		    unsigned long long *s)
{
	const char *x = from[rnd(s) % n];

	buf_add(b, x, strlen(x));
}
/* A random object of up to 24 members from keys and values; half of them
 * without white space, as the writer writes (fastdecode.c's fast path). */
static void random_line(struct buf *b, unsigned long long *s)
{
	unsigned i, n = rnd(s) % 25, compact = rnd(s) % 2;

	b->len = 0;
	buf_addlit(b, "{\"bt\":1,\"kind\":\"sample\",\"name\":\"n\"");
	for (i = 0; i < n; i++) {
		if (compact)
			buf_addc(b, ',');
		else if (i % 3)
			buf_addlit(b, ", ");
		else
			buf_addlit(b, ",\n\t");
		add_any(b, keys, sizeof keys / sizeof keys[0], s);
		if (compact)
			buf_addc(b, ':');
		else
			buf_addlit(b, " : ");
		add_any(b, values, sizeof values / sizeof values[0], s);
	}
	buf_addc(b, '}');
}

static const char *const nums[] = {
    "1",      "0",   "-0",   "12.5", "1e400", "4e-400", "123456789012345678",
    "9.3e18", "0.1", "1E+2", "2.50", "-1",    "01",	"1.",
    "7e1"};
static const char *const strs[] = {"\"linux\"",
				   "\"a b/c=d-8\"",
				   "\"ok \xe2\x82\xac\"",
				   "\"\"",
				   "\"raw \xff\"",
				   "\"esc\\n\"",
				   "\"cut \xe2\x82\"",
				   "null",
				   "1"};
static const char *const kinds_[] = {"\"sample\"", "\"context\"", "\"failure\"",
				     "\"skip\"", "\"summary\""};
static const char *const extras[] = {
    ",\"run\":{\"id\":\"r1\",\"commit\":\"abc\"}",
    ",\"run\":\"r1\"",
    ",\"run\":{}",
    ",\"x\":[1,{},true,null]",
    ",\"stats\":{\"ns/op\":{\"n\":5,\"mean\":1.5}}",
    ",\"better\":{}",
    ",\"summary_only\":true",
    ",\"labels\":{}",
    ",\"x\":fals",
    ""};

/* An object of the common shape (the fast path's), the writer's way,
 * with awkward values and fields now and then; half begin with the head
 * of the line before (decode.c keeps it), a third of those one byte off. */
static void common_line(struct buf *b, unsigned long long *s)
{
	static const char *const fields[] = {"suite", "name", "reason"};
	static const char marks[] = "\"a1,\\}:{-";
	static struct buf last; /* the labels object of the line before */
	static struct buf head; /* the line before's, up to its metrics */
	unsigned i, n;
	size_t at;

	b->len = 0;
	if (head.len && rnd(s) % 2) { /* its head, perhaps one byte off */
		buf_add(b, head.p, head.len);
		if (rnd(s) % 3 == 0)
			b->p[rnd(s) % b->len] =
			    marks[rnd(s) % (sizeof marks - 1)];
	} else {
		buf_addlit(b, "{\"bt\":1,\"kind\":");
		add_any(b, kinds_, rnd(s) % 3 ? 1 : 5, s);
		for (i = 0; i < 3; i++) {
			if (i == 2 && rnd(s) % 4)
				break; /* seldom a reason: procs in the head */
			buf_addlit(b, ",\"");
			buf_add(b, fields[i], strlen(fields[i]));
			buf_addlit(b, "\":");
			add_any(b, strs, rnd(s) % 2 ? 2 : 9, s);
		}
		buf_addlit(b, ",\"procs\":");
		add_any(b, nums, rnd(s) % 2 ? 2 : 15, s);
	}
	head.len = 0;
	buf_add(&head, b->p, b->len);
	buf_addlit(b, ",\"metrics\":{");
	for (i = 0, n = rnd(s) % 4; i < n; i++) {
		/* units of a few lengths, one letter of each varied: the
		 * fast path's memory of the last keys meets near misses */
		static const char *const units[] = {
		    ",\"ns/op\":", ",\"B/op\":", ",\"allocs/op\":", ",\"ns\":"};
		const char *u = units[rnd(s) % 4];

		buf_add(b, u + !i, strlen(u) - !i);
		b->p[b->len - 3] = (char)('a' + rnd(s) % 6);
		add_any(b, nums, rnd(s) % 2 ? 4 : 15, s);
	}
	buf_addlit(b, "},\"labels\":");
	at = b->len;
	if (last.len && rnd(s) % 2) { /* the labels of the line before */
		buf_add(b, last.p, last.len);
	} else {
		buf_addc(b, '{');
		for (i = 0, n = rnd(s) % 4; i < n; i++) {
			buf_add(b, ",\"goos\":" + !i,
				strlen(",\"goos\":") - !i);
			b->p[b->len - 3] = (char)('a' + rnd(s) % 6);
			add_any(b, strs, rnd(s) % 2 ? 3 : 9, s);
		}
		buf_addc(b, '}');
		if (rnd(s) % 8 == 0) /* or a prefix of them, or more */
			b->len = at + rnd(s) % (b->len - at + 1);
	}
	last.len = 0;
	buf_add(&last, b->p + at, b->len - at);
	add_any(b, extras, sizeof extras / sizeof extras[0], s);
	buf_addc(b, '}');
}

/* More than 16 members, duplicates among them: decode.c sorts these. */
static void many_members(struct buf *b, unsigned long long *s)
{
	char m[64];
	unsigned i;

	b->len = 0;
	buf_addlit(
	    b, "{\"bt\":1,\"kind\":\"sample\",\"name\":\"m\",\"metrics\":{");
	for (i = 0; i < 40; i++)
		buf_add(b, m,
			(size_t)snprintf(m, sizeof m, "%s\"u%u\":%u",
					 i ? "," : "", rnd(s) % 25, i));
	buf_addlit(b, "},\"labels\":{");
	for (i = 0; i < 40; i++)
		buf_add(b, m,
			(size_t)snprintf(m, sizeof m, "%s\"l%u\":\"%u\"",
					 i ? "," : "", rnd(s) % 25, i));
	buf_addlit(b, "}}");
}

/* fastdecode.c's head of the line before: what a line's head does not hold
 * (a field after another field, or none) is never taken from it. */
static void test_head_again(void)
{
	static const char *const lines[] = {
	    "{\"bt\":1,\"kind\":\"sample\",\"name\":\"a\",\"iterations\":5,"
	    "\"procs\":4,"
	    "\"metrics\":{\"ns/op\":1}}",
	    "{\"bt\":1,\"kind\":\"sample\",\"name\":\"a\",\"iterations\":5,"
	    "\"metrics\":{\"ns/op\":1}}",
	    "{\"bt\":1,\"x\":0,\"kind\":\"sample\",\"name\":\"a\",\"suite\":"
	    "\"s\","
	    "\"metrics\":{\"ns/op\":1}}",
	    "{\"bt\":1,\"x\":0,\"kind\":\"context\",\"config\":{}}",
	    "{\"bt\":1,\"kind\":\"coe\"}",
	    "{\"bt\":1,\"kind\":\"coe\",\"name\":\"b\"}",
	    "{\"bt\":1,\"name\":\"c\",\"run\":{},\"kind\":\"sample\","
	    "\"metrics\":{\"ns/op\":2}}",
	    "{\"bt\":1,\"name\":\"c\",\"run\":{},\"kind\":\"skip\"}",
	    "{\"bt\":1,\"kind\":\"sample\",\"name\":\"a\",\"iterations\":5,"
	    "\"procs\":4,"
	    "\"metrics\":{\"ns/op\":1}}",
	    "{\"bt\":1,\"kind\":\"sample\",\"name\":\"a\",\"iterations\":5}"};
	const char *why;
	size_t i, j;
	int bad = 0;

	for (i = 0; i < sizeof lines / sizeof lines[0]; i++)
		for (j = 0; j < sizeof lines / sizeof lines[0]; j++) {
			/* j read after i, i after j (agrees keeps its rec) */
			if (!agrees(lines[j], strlen(lines[j]), &why) ||
			    !agrees(lines[i], strlen(lines[i]), &why)) {
				if (bad++ < 5)
					diag("%s after %s: %s", lines[j],
					     lines[i], why);
			}
		}
	is_int(bad, 0, "a line read after any other decodes as jq reads it");
}

static void test_reference(void)
{
	unsigned long long s = 0x9e3779b97f4a7c15ULL;
	struct buf b = {0};
	const char *why = NULL;
	int i, lines = 0, bad = disagreements_in_files(&lines);

	ok(lines > 100, "record files found (%d lines)", lines);
	is_int(bad, 0,
	       "decode.c agrees with jq on every record file in tests/");
	ok(fast_lines > lines / 2, "the fast path took %d of them", fast_lines);
	fast_lines = 0;
	for (i = bad = 0; i < 50000; i++) {
		if (i % 10 == 0)
			many_members(&b, &s);
		else if (i % 2)
			random_line(&b, &s);
		else
			common_line(&b, &s);
		if (!agrees(b.p, b.len, &why) && bad++ < 5)
			diag("%s: %s", why, buf_cstr(&b));
	}
	is_int(bad, 0, "decode.c agrees with jq on 50000 generated lines");
	ok(fast_lines > 500, "the fast path took %d of them", fast_lines);
	buf_free(&b);
}

int main(void)
{
	test_strings();
	test_strings_wordwise();
	test_numbers();
	test_decode();
	test_head_again();
	test_reference();
	test_writer();
	test_writer_cache();
	test_full_disk();
	return tap_done();
}
