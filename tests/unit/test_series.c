/*
 * test_series.c — series.c: RFC 3339 times, runs found in record lines
 * (top level only, spaces allowed, one parse per run), one series per
 * benchmark and unit, run order by commit_time with its fallbacks, and
 * the median per run.
 */
#include <stdlib.h>

#include "record.h"
#include "series.h"
#include "tap.h"

static void feed(struct history *h, const char *line, const char *file)
{
	struct rec rec = REC_INIT;
	char err[256];

	if (!ok(rec_decode(&rec, line, strlen(line), err, sizeof err) == 0,
		"decodes: %.40s", line))
		diag("%s", err);
	rec.file = file;
	rec.lineno = 1;
	history_add(h, &rec);
	rec_clear(&rec);
}

static const struct hist_series *
series_named(const struct history *h, const char *name, const char *unit)
{
	size_t i;

	for (i = 0; i < h->series.n; i++) {
		const struct hist_series *s = h->series.v[i].value;

		if (!strcmp(s->name, name) && !strcmp(s->unit, unit))
			return s;
	}
	return NULL;
}

#define SAMPLE(name, v, run)                                                   \
	"{\"bt\":1,\"kind\":\"sample\",\"name\":\"" name                       \
	"\",\"metrics\":{\"ns/op\":" v "},\"run\":{\"id\":\"" run              \
	"\",\"commit_time\":\"2026-01-01T00:00:00Z\"}}"

/* history_merge: what a second history read comes after the first's. */
static void merge(void)
{
	struct history a, b, c;
	const struct hist_series *s;

	history_init(&a), history_init(&b), history_init(&c);
	feed(&a, SAMPLE("X", "1", "r1"), "a");
	feed(&a, SAMPLE("X", "2", "r2"), "a");
	feed(&b, SAMPLE("Y", "5", "r3"), "b");
	feed(&b, SAMPLE("X", "3", "r2"), "b");
	feed(&b, SAMPLE("X", "4", "r3"), "b");
	is_int(history_merge(&a, &b), 0, "merged");
	is_int((int)a.nruns, 3, "r2 known, r3 new: three runs");
	s = series_named(&a, "X", "ns/op");
	ok(s && s->n == 4 && s->v[2] == 3 && s->v[3] == 4 && s->run[2] == 1 &&
	       s->run[3] == 2,
	   "X: the second's values after the first's, on the merged runs");
	ok(a.series.n == 2 &&
	       !strcmp(((struct hist_series *)a.series.v[1].value)->name, "Y"),
	   "Y, new, after X");
	feed(&c,
	     "{\"bt\":1,\"kind\":\"sample\",\"name\":\"X\",\"metrics\":"
	     "{\"ns/op\":9},\"run\":{\"id\":\"r1\",\"commit\":\"other\"}}",
	     "c");
	is_int(history_merge(&a, &c), -1,
	       "a run id reused with another commit: -1");
	ok(a.nruns == 3 && s->n == 4, "and nothing merged");
	history_free(&a), history_free(&b), history_free(&c);
}

int main(void)
{
	struct history h;
	const struct hist_series *s;
	struct hist_point *pt;
	size_t n;

	is_near(rfc3339("1970-01-01T00:00:00Z"), 0, 0, "the epoch");
	is_near(rfc3339("2026-12-02T19:00:00.25Z"), 1796238000.25, 1e-6,
		"fractions");
	is_near(rfc3339("2026-12-02T21:00:00+02:00"), 1796238000, 0,
		"an offset");
	ok(isnan(rfc3339("2026-12-02")), "a date alone is not a time");
	ok(isnan(rfc3339("yesterday")), "nor is a word");
	ok(isnan(rfc3339("2026-13-02T00:00:00Z")), "nor month 13");
	ok(isnan(rfc3339("2026-01-01T00:00:00+25:99")),
	   "nor an offset of 25:99");

	history_init(&h);
	/* run b (older commit) appears after run a; a label named "run" and
	 * spaces in the run object */
	feed(&h,
	     "{\"bt\":1,\"kind\":\"sample\",\"name\":\"X\",\"labels\":{\"run\":"
	     "\"no\"},\"metrics\":{\"ns/op\":5,\"B/op\":1},\"run\": {\"id\": "
	     "\"a\", \"commit_time\": \"2026-01-02T00:00:00Z\"}}",
	     "f");
	feed(&h,
	     "{\"bt\":1,\"kind\":\"sample\",\"name\":\"X\",\"labels\":{\"run\":"
	     "\"no\"},\"metrics\":{\"ns/op\":7,\"B/op\":1},\"run\": {\"id\": "
	     "\"a\", \"commit_time\": \"2026-01-02T00:00:00Z\"}}",
	     "f");
	feed(&h,
	     "{\"bt\":1,\"kind\":\"sample\",\"name\":\"X\",\"labels\":{\"run\":"
	     "\"no\"},\"metrics\":{\"ns/op\":3,\"B/"
	     "op\":1},\"run\":{\"id\":\"b\","
	     "\"commit_time\":\"2026-01-01T00:00:00Z\",\"x\":[1,{\"y\":2}]}}",
	     "f");
	is_int(h.nruns, 2, "two runs");
	is_int(h.series.n, 2, "two series: ns/op and B/op");
	is_int(h.errors, 0, "no errors");
	history_order(&h);
	is_str(h.runv[0]->id, "b", "ordered by commit_time: b first");
	is_str(h.runv[0]->json,
	       "{\"id\":\"b\",\"commit_time\":\"2026-01-01T00:00:00Z\","
	       "\"x\":[1,{\"y\":2}]}",
	       "the run object kept as read, unknown members too");
	s = series_named(&h, "X", "ns/op");
	ok(s != NULL, "the ns/op series");
	if (s) {
		is_str(s->labels, "run=no", "its labels for people");
		n = history_points(&h, s, &pt);
		is_int(n, 2, "two points");
		is_near(pt[0].median, 3, 0, "run b: 3");
		is_near(pt[1].median, 6, 0, "run a: the median of 5 and 7");
		is_int(pt[1].n, 2, "from two samples");
		free(pt);
	}
	history_free(&h);

	/* a run without id, and a file's run */
	history_init(&h);
	feed(&h,
	     "{\"bt\":1,\"kind\":\"sample\",\"name\":\"Y\",\"metrics\":{\"ns/"
	     "op\""
	     ":1},\"run\":{\"commit\":\"c\"}}",
	     "g");
	is_int(h.errors, 1, "a run without id is an error");
	feed(&h,
	     "{\"bt\":1,\"kind\":\"sample\",\"name\":\"Y\",\"metrics\":{\"ns/"
	     "op\":2}}",
	     "old.jsonl");
	feed(
	    &h,
	    "{\"bt\":1,\"kind\":\"context\",\"time\":\"2026-01-01T00:00:00Z\"}",
	    "old.jsonl");
	is_int(h.nruns, 1, "a file without run objects is one run");
	history_order(&h);
	is_str(h.runv[0]->id, "old.jsonl", "named by the file");
	is_str(h.runv[0]->time, "2026-01-01T00:00:00Z", "its context's time");
	history_free(&h);
	merge();
	return tap_done();
}
