/*
 * test_samples.c — version 2's samples records (samples.h, docs/records.md
 * "Version 2"): what the writer groups reads back as the lines it was
 * given, byte for byte, on every record file of the test corpus; every
 * sample read is what rec_decode makes of its line, field for field and
 * place for place (refdecode.h: recs_differ); the writer's two ways of
 * grouping (record.c's, samples_add's) write the same; and every broken
 * samples record is refused with its reason.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "record.h"
#include "samples.h"
#include "tap.h"
#include "refdecode.h" /* after record.h */

/* What the reading handed over: the lines, how many, and the first way a
 * sample differed from its line decoded afresh. */
struct got {
	struct buf lines;
	long n;
	int stop_at; /* fn returns 1 at this sample (0: never) */
	const char *why;
	char at[200];
};

static int take(void *ctx, const struct rec *rec)
{
	static struct rec fresh = REC_INIT;
	struct got *g = ctx;
	const char *why = NULL;
	char err[256];

	buf_add(&g->lines, rec->line.s, rec->line.n);
	buf_addc(&g->lines, '\n');
	g->n++;
	if (rec_decode(&fresh, rec->line.s, rec->line.n, err, sizeof err))
		why = "its line does not decode";
	else
		why = recs_differ(rec, &fresh);
	if (why && !g->why) {
		g->why = why;
		snprintf(g->at, sizeof g->at, "%.*s",
			 rec->line.n > 150 ? 150 : (int)rec->line.n,
			 rec->line.s);
	}
	return g->stop_at && g->n == g->stop_at;
}

/* Read text[0..len) line by line as input.c does; 0, or -1 at the first
 * broken line with its reason in err. */
static int read_text(const char *text, size_t len, struct got *g, char *err,
		     size_t n)
{
	static struct samples_rd s;
	static struct rec rec = REC_INIT;
	const char *p = text, *end = text + len;
	int ret = 0;

	while (p < end && !ret) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (samples_read(&s, &rec, p, l, take, g, &ret, err, n))
			return -1;
		p += l + 1;
	}
	return 0;
}

/* The lines of text, each grouped by samples_add, into out. */
static void group_lines(const char *text, size_t len, struct buf *out)
{
	struct samples_wr w = {0};
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (!samples_add(&w, p, l, out)) {
			buf_add(out, p, l);
			buf_addc(out, '\n');
		}
		p += l + 1;
	}
	samples_end(&w, out);
	samples_wr_free(&w);
}

/* A writer on a file of its own (it writes to a descriptor), and what it
 * wrote into out. */
static struct recw *writer(int v, FILE **f)
{
	struct recw *w;

	*f = tmpfile();
	w = recw_new(*f);
	recw_format(w, v);
	return w;
}

static void written(struct recw *w, FILE *f, struct buf *out)
{
	char chunk[65536];
	size_t n;

	recw_flush(w);
	recw_free(w);
	rewind(f);
	out->len = 0;
	while ((n = fread(chunk, 1, sizeof chunk, f)))
		buf_add(out, chunk, n);
	fclose(f);
}

/* Every record of text written by a writer of version v, into out. */
static void rewrite(const char *text, size_t len, int v, struct buf *out)
{
	static struct rec rec = REC_INIT;
	const char *p = text, *end = text + len;
	FILE *f;
	struct recw *w = writer(v, &f);
	char err[256];

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (rec_decode(&rec, p, l, err, sizeof err) == 0)
			recw_write(w, &rec);
		p += l + 1;
	}
	written(w, f, out);
}

static long count_of(const struct buf *b, const char *what)
{
	const char *p = b->p, *end = b->p + b->len;
	size_t wn = strlen(what);
	long n = 0;

	while (p && p < end) {
		if ((size_t)(end - p) >= wn && !memcmp(p, what, wn))
			n++;
		p = memchr(p, '\n', (size_t)(end - p));
		p = p ? p + 1 : NULL;
	}
	return n;
}

static const char head2[] = "{\"bt\":2,\"kind\":\"samples\"";

/* What the corpus's files gave: counts, and the ways they failed. */
struct tally {
	struct buf v1, v2, grouped, spaced, text;
	long records, samples, differ, unequal, general;
};

/* a and b hold the same bytes */
static int same(const struct buf *a, const struct buf *b)
{
	return a->len == b->len && (!a->len || !memcmp(a->p, b->p, a->len));
}

/* One record file (corpus_each): what a filter reads of it (version 2
 * expanded, up to a broken line) rewritten as version 2 reads back as it,
 * by both writers alike, the compact way and the general way, every
 * sample as its line decodes. */
static void file_round_trip(void *ctx, const char *path, const struct buf *file)
{
	struct tally *t = ctx;
	struct got got = {0};
	char err[256];
	const char *q, *e, *nl;

	(void)read_text(file->p, file->len, &got, err, sizeof err);
	t->text.len = 0;
	buf_add(&t->text, got.lines.p, got.lines.len);
	rewrite(t->text.p, t->text.len, 1, &t->v1);
	rewrite(t->text.p, t->text.len, 2, &t->v2);
	t->grouped.len = 0;
	group_lines(t->v1.p, t->v1.len, &t->grouped);
	t->records += count_of(&t->v2, head2);
	got.lines.len = 0, got.n = 0, got.why = NULL;
	if ((read_text(t->v2.p, t->v2.len, &got, err, sizeof err) ||
	     !same(&got.lines, &t->v1)) &&
	    t->unequal++ < 3)
		diag("%s: version 2 reads back as other lines", path);
	if (!same(&t->grouped, &t->v2) && t->unequal++ < 3)
		diag("%s: samples_add groups otherwise than the writer", path);
	/* the general reading: each samples record after a space */
	t->spaced.len = 0;
	for (q = t->v2.p, e = q + t->v2.len; q && q < e; q = nl + 1) {
		nl = memchr(q, '\n', (size_t)(e - q));
		if (!strncmp(q, head2, sizeof head2 - 1))
			buf_addc(&t->spaced, ' ');
		buf_add(&t->spaced, q, (size_t)(nl - q) + 1);
	}
	got.lines.len = 0;
	if ((read_text(t->spaced.p, t->spaced.len, &got, err, sizeof err) ||
	     !same(&got.lines, &t->v1)) &&
	    t->general++ < 3)
		diag("%s: the general reading differs", path);
	t->samples += got.n;
	if (got.why && t->differ++ < 3)
		diag("%s: %s: %s", path, got.why, got.at);
	buf_free(&got.lines);
}

static void test_corpus(void)
{
	struct tally t = {0};
	int files = corpus_each(file_round_trip, &t);

	ok(files > 30 && t.records > 50,
	   "record files rewritten as version 2 (%d files, %ld samples "
	   "records)",
	   files, t.records);
	is_int(t.unequal, 0,
	       "version 2 reads back as version 1, byte for byte, written "
	       "either way");
	is_int(t.general, 0,
	       "read the general way (not as our writer writes them), the "
	       "same lines");
	ok(t.differ == 0,
	   "every sample read (%ld) is what its line decodes to, field for "
	   "field and place for place",
	   t.samples);
	buf_free(&t.text);
	buf_free(&t.v1);
	buf_free(&t.v2);
	buf_free(&t.grouped);
	buf_free(&t.spaced);
}

/* Read one line; 0 or -1 (err set), the lines in got. */
static int read1(const char *line, struct got *got, char *err)
{
	int rc;

	got->lines.len = 0;
	got->n = 0;
	got->why = NULL;
	rc = read_text(line, strlen(line), got, err, 256);
	buf_addc(&got->lines, '\0'); /* a string, for is_str */
	got->lines.len--;
	return rc;
}

static void test_reading(void)
{
	struct got got = {0};
	char err[256];

	ok(read1("{\"bt\":2,\"kind\":\"samples\",\"name\":\"a\",\"procs\":2,"
		 "\"units\":[\"ns/op\",\"B/op\"],\"iterations\":[10,20],"
		 "\"values\":[[1.5,0],[2.50,8]],\"labels\":{\"k\":\"v\"}}",
		 &got, err) == 0 &&
	       got.n == 2 && !got.why,
	   "a samples record reads as its two samples");
	is_str(got.lines.p,
	       "{\"bt\":1,\"kind\":\"sample\",\"name\":\"a\",\"procs\":2,"
	       "\"iterations\":10,\"metrics\":{\"ns/op\":1.5,\"B/op\":0},"
	       "\"labels\":{\"k\":\"v\"}}\n"
	       "{\"bt\":1,\"kind\":\"sample\",\"name\":\"a\",\"procs\":2,"
	       "\"iterations\":20,\"metrics\":{\"ns/op\":2.50,\"B/op\":8},"
	       "\"labels\":{\"k\":\"v\"}}\n",
	       "the lines docs/records.md says it stands for, numbers as "
	       "written");

	ok(read1("{ \"bt\" : 2, \"kind\":\"samples\", \"name\":\"a\", "
		 "\"units\": [\"n\\u0073/op\"], \"values\": [ [1] , [ 2 ] ] }",
		 &got, err) == 0 &&
	       got.n == 2 && !got.why,
	   "white space and escapes: read the general way");
	is_str(got.lines.p,
	       "{\"bt\":1,\"kind\":\"sample\",\"name\":\"a\","
	       "\"metrics\":{\"n\\u0073/op\":1}}\n"
	       "{\"bt\":1,\"kind\":\"sample\",\"name\":\"a\","
	       "\"metrics\":{\"n\\u0073/op\":2}}\n",
	       "its samples' lines are compact, the unit as written");

	ok(read1("{\"bt\":1,\"kind\":\"samples\",\"units\":[1]}", &got, err) ==
		   0 &&
	       got.n == 1,
	   "a \"bt\":1 samples record is a kind version 1 does not know, "
	   "passed on");
	ok(read1("{\"bt\":2,\"kind\":\"samples\",\"bt\":1,\"units\":[1]}", &got,
		 err) == 0 &&
	       got.n == 1,
	   "so is one whose last \"bt\" is 1 (as jq reads it)");
	ok(read1("{\"bt\":2,\"kind\":\"sample\",\"name\":\"a\","
		 "\"metrics\":{\"x\":1}}",
		 &got, err) == 0 &&
	       got.n == 1 && !got.why,
	   "a version-2 sample is a sample");

	ok(read1("{\"bt\":2,\"kind\":\"samples\",\"name\":\"a\","
		 "\"units\":[\"x\",\"y\"],"
		 "\"iterations\":[0,12345678901234567,1e3,7],"
		 "\"values\":[[1.5e3,-0.25],[12345678901234567,1E+2],"
		 "[0.1,-0],[9007199254740993,2.2250738585072014e-308]]}",
		 &got, err) == 0 &&
	       got.n == 4 && !got.why,
	   "numbers of every form read as their lines decode them");
	{
		static const char *const bad_nums[] = {
		    "1.", ".5", "01", "1e", "-", "1.e5", "+1", "0x1"};
		size_t i;
		int refused = 0;

		for (i = 0; i < sizeof bad_nums / sizeof bad_nums[0]; i++) {
			char line[200];

			snprintf(line, sizeof line,
				 "{\"bt\":2,\"kind\":\"samples\","
				 "\"name\":\"a\",\"units\":[\"x\"],"
				 "\"values\":[[1],[%s]]}",
				 bad_nums[i]);
			refused += read1(line, &got, err) == -1 && got.n == 0 &&
				   strstr(err, "invalid JSON") != NULL;
		}
		is_int(refused, (long long)i,
		       "what is not a JSON number is invalid JSON");
	}

	got.stop_at = 2;
	ok(read1("{\"bt\":2,\"kind\":\"samples\",\"name\":\"a\","
		 "\"units\":[\"x\"],\"values\":[[1],[2],[3]]}",
		 &got, err) == 0 &&
	       got.n == 2,
	   "a filter that stops reading stops within a samples record");
	got.stop_at = 0;
	buf_free(&got.lines);
}

static void test_refusals(void)
{
	static const struct {
		const char *line, *why;
	} bad[] = {
	    {"{\"bt\":2,\"kind\":\"samples\",\"name\":\"a\",\"units\":[\"x\"],"
	     "\"values\":[[1]],\"metrics\":{\"x\":1}}",
	     "no \"metrics\""},
	    {"{\"bt\":2,\"kind\":\"samples\",\"name\":\"a\",\"name\":\"b\","
	     "\"units\":[\"x\"],\"values\":[[1]]}",
	     "member \"name\" appears twice"},
	    {"{\"bt\":2,\"kind\":\"samples\",\"name\":\"a\",\"units\":\"x\","
	     "\"values\":[[1]]}",
	     "\"units\" is not an array"},
	    {"{\"bt\":2,\"kind\":\"samples\",\"name\":\"a\",\"units\":[],"
	     "\"values\":[[1]]}",
	     "\"units\" is not an array"},
	    {"{\"bt\":2,\"kind\":\"samples\",\"name\":\"a\",\"units\":[1],"
	     "\"values\":[[1]]}",
	     "\"units\" is not an array"},
	    {"{\"bt\":2,\"kind\":\"samples\",\"name\":\"a\",\"values\":[[1]]}",
	     "\"units\" is not an array"},
	    {"{\"bt\":2,\"kind\":\"samples\",\"name\":\"a\","
	     "\"units\":[\"x\",\"\\u0078\"],\"values\":[[1,2]]}",
	     "unit \"x\" appears twice"},
	    {"{\"bt\":2,\"kind\":\"samples\",\"name\":\"a\",\"units\":[\"x\"],"
	     "\"values\":[1]}",
	     "\"values\" is not an array"},
	    {"{\"bt\":2,\"kind\":\"samples\",\"name\":\"a\",\"units\":[\"x\"],"
	     "\"values\":[]}",
	     "\"values\" is not an array"},
	    {"{\"bt\":2,\"kind\":\"samples\",\"name\":\"a\",\"units\":[\"x\"]}",
	     "\"values\" is not an array"},
	    {"{\"bt\":2,\"kind\":\"samples\",\"name\":\"a\","
	     "\"units\":[\"x\",\"y\"],\"values\":[[1,2],[3]]}",
	     "sample 2 has fewer values than units"},
	    {"{\"bt\":2,\"kind\":\"samples\",\"name\":\"a\",\"units\":[\"x\"],"
	     "\"values\":[[1,2]]}",
	     "sample 1 has more values than units"},
	    {"{\"bt\":2,\"kind\":\"samples\",\"name\":\"a\",\"units\":[\"x\"],"
	     "\"values\":[[1],[\"2\"]]}",
	     "sample 2: value 1 is not a number"},
	    {"{\"bt\":2,\"kind\":\"samples\",\"name\":\"a\",\"units\":[\"x\"],"
	     "\"values\":[[null]]}",
	     "sample 1: value 1 is not a number"},
	    {"{\"bt\":2,\"kind\":\"samples\",\"name\":\"a\",\"units\":[\"x\"],"
	     "\"values\":[[1],[1e400]]}",
	     "sample 2: metric \"x\" is not a finite number"},
	    {"{\"bt\":2,\"kind\":\"samples\",\"name\":\"a\",\"units\":[\"x\"],"
	     "\"values\":[[1e400]]}",
	     "sample 1: metric \"x\" is not a finite number"},
	    {"{\"bt\":2,\"kind\":\"samples\",\"name\":\"a\",\"units\":[\"x\"],"
	     "\"iterations\":[1],\"values\":[[1],[2]]}",
	     "\"iterations\" is not an array as long as \"values\""},
	    {"{\"bt\":2,\"kind\":\"samples\",\"name\":\"a\",\"units\":[\"x\"],"
	     "\"iterations\":[1,2.5],\"values\":[[1],[2]]}",
	     "sample 2: \"iterations\" is not a whole number"},
	    {"{\"bt\":2,\"kind\":\"samples\",\"name\":\"a\",\"units\":[\"x\"],"
	     "\"values\":[[1]],\"better\":3}",
	     "\"better\" is not an object"},
	    {"{\"bt\":2,\"kind\":\"samples\",\"units\":[\"x\"],"
	     "\"values\":[[1]]}",
	     "sample 1: sample has no \"name\""},
	    {"{\"bt\":2,\"kind\":\"samples\",\"name\":\"a\",\"units\":[\"x\"],"
	     "\"values\":[[1],[2]",
	     "invalid JSON"},
	};
	struct got got = {0};
	char err[256];
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int rc;

		err[0] = '\0';
		rc = read1(bad[i].line, &got, err);
		if (!ok(rc == -1 && strstr(err, bad[i].why) && got.n == 0,
			"refused: %s, none of its samples read", bad[i].why))
			diag("rc %d, %ld read, err: %s", rc, got.n, err);
	}
	buf_free(&got.lines);
}

/* n plugin-made samples of one benchmark through a writer of version v,
 * with big values when big. */
static void write_made(int v, int n, int big, struct buf *out)
{
	struct bt_metric m[SAMPLES_MAX_UNITS];
	char name[SAMPLES_MAX_UNITS][24];
	FILE *f;
	struct recw *w = writer(v, &f);
	struct bt_record r = {.kind = BT_KIND_SAMPLE,
			      .name = BT_STR("BenchmarkA"),
			      .procs = 4,
			      .metrics = m,
			      .nmetrics = big ? SAMPLES_MAX_UNITS : 2};
	int i;
	size_t j;

	for (j = 0; j < r.nmetrics; j++) {
		snprintf(name[j], sizeof name[j], "u%zu", j);
		m[j] =
		    (struct bt_metric){{name[j], strlen(name[j])}, 0, {0}, 0};
	}
	for (i = 0; i < n; i++) {
		r.iterations = 1000 + i;
		for (j = 0; j < r.nmetrics; j++)
			m[j].value = big ? 1.0 / (i + 3 + (double)j) : i + 0.5;
		recw_record(w, &r);
	}
	written(w, f, out);
}

static void test_writer(void)
{
	static const char twice[] =
	    "{\"bt\":1,\"kind\":\"sample\",\"name\":\"a\","
	    "\"metrics\":{\"x\":1,\"x\":2}}\n"
	    "{\"bt\":1,\"kind\":\"sample\",\"name\":\"a\","
	    "\"metrics\":{\"x\":1,\"x\":2}}\n";
	struct buf v1 = {0}, v2 = {0};
	struct got got = {0};
	char err[256];

	write_made(2, 2500, 0, &v2);
	write_made(1, 2500, 0, &v1);
	is_int(count_of(&v2, head2), 3,
	       "2,500 samples are written as three samples records (1,000 "
	       "samples at most)");
	ok(read_text(v2.p, v2.len, &got, err, sizeof err) == 0 &&
	       got.n == 2500 && got.lines.len == v1.len &&
	       !memcmp(got.lines.p, v1.p, v1.len) && !got.why,
	   "and read back as the 2,500 samples a version-1 writer writes");

	write_made(2, 1000, 1, &v2);
	write_made(1, 1000, 1, &v1);
	ok(count_of(&v2, head2) > 1 && v2.len < v1.len,
	   "64 units of long values: a record holds at most 1 MiB of values "
	   "(%ld records)",
	   count_of(&v2, head2));
	got.lines.len = 0;
	got.n = 0;
	ok(read_text(v2.p, v2.len, &got, err, sizeof err) == 0 &&
	       got.n == 1000 && got.lines.len == v1.len &&
	       !memcmp(got.lines.p, v1.p, v1.len) && !got.why,
	   "and they read back as the samples written");

	write_made(2, 1, 0, &v2);
	write_made(1, 1, 0, &v1);
	ok(v2.len == v1.len && !memcmp(v2.p, v1.p, v1.len),
	   "a sample alone is written as version 1");

	v1.len = 0;
	group_lines(twice, strlen(twice), &v1);
	ok(count_of(&v1, head2) == 0,
	   "samples that repeat a unit are not grouped");
	buf_free(&v1);
	buf_free(&v2);
	buf_free(&got.lines);
}

int main(void)
{
	test_reading();
	test_refusals();
	test_writer();
	test_corpus();
	return tap_done();
}
