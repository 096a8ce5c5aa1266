/*
 * test_webversion.c — a version's file of the web tree (webversion.h): the
 * names under v/, a run's history point, the points in time order, and the
 * file's layout for a run with one benchmark.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "results.h"
#include "tap.h"
#include "util.h"
#include "webversion.h"

int main(void)
{
	struct web_point pt[3] = {{"2024-03-01T00:00:00Z", "c"},
				  {"2024-01-01T00:00:00Z", "a"},
				  {"2024-02-01T00:00:00Z", "b"}};
	struct run *r = run_new("2024-01-02_03-04-05.jsonl");
	struct buf b = {0};
	char *p;

	util_init("test_webversion");
	is_str(web_version_file("go1.21", NULL), "v/go1.21.json",
	       "a version's file");
	is_str(web_version_file("go1.21", "x/2024.jsonl"), "v/go1.21.jsonl",
	       "its records");
	is_str(web_version_file("a/b", "x.jsonl.gz"), "v/a%2Fb.jsonl.gz",
	       "compressed records, the name encoded");

	web_points_sort(pt, 3);
	ok(!strcmp(pt[0].json, "a") && !strcmp(pt[1].json, "b") &&
	       !strcmp(pt[2].json, "c"),
	   "points in time order");

	snprintf(r->stamp, sizeof r->stamp, "2024-01-02T03:04:05Z");
	r->goos = xstrdup("linux");
	r->goarch = xstrdup("amd64");
	p = web_point_json(r);
	is_str(p,
	       "{\"timestamp\":\"2024-01-02T03:04:05Z\",\"commit\":\"\","
	       "\"medians\":{}}",
	       "a point without benchmarks");
	web_version_json(&b, "go1.21", "linux-amd64", r, pt, 1);
	buf_addc(&b, 0);
	is_str(b.p,
	       "{\"version\":\"go1.21\",\"platform\":\"linux-amd64\","
	       "\"timestamp\":\"2024-01-02T03:04:05Z\","
	       "\"system\":{\"arch\":\"amd64\",\"os\":\"linux\"},"
	       "\"benchmarks\":[],\n\"history\":[\na]}",
	       "the file: os and arch from the run, the points given");
	free(p);
	buf_free(&b);
	run_free(r);
	return tap_done();
}
