/*
 * test_results.c — results.c reads one result file into a run as
 * bt-export's web tree and bt-report's summaries see it: samples of one
 * benchmark gathered into a series per unit in run order, the context's
 * platform, version, time and commit, the stamp of a file name, and the
 * summary with the mean's Student's t interval; paths.c's list.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "paths.h"
#include "results.h"
#include "tap.h"

int main(void)
{
	char dir[] = "/tmp/test_results.XXXXXX", path[64], stamp[32];
	const struct bench *b;
	struct paths p = {0};
	struct summ m;
	struct run *r;
	FILE *f;

	if (!mkdtemp(dir))
		return 2;
	snprintf(path, sizeof path, "%s/2026-01-02_10-00-00.jsonl", dir);
	f = fopen(path, "w");
	fputs("{\"bt\":1,\"kind\":\"context\",\"commit\":\"abc\","
	      "\"labels\":{\"version\":\"go1.22\"},"
	      "\"config\":{\"goos\":\"linux\",\"goarch\":\"amd64\"}}\n",
	      f);
	for (int i = 1; i <= 3; i++)
		fprintf(f,
			"{\"bt\":1,\"kind\":\"sample\",\"suite\":\"s/core\","
			"\"name\":\"BenchmarkA\",\"procs\":2,"
			"\"metrics\":{\"ns/op\":%d,\"B/op\":8}}\n",
			i * 10);
	fclose(f);

	r = run_load(path);
	ok(r != NULL, "run_load reads the file");
	is_int((int)r->benches.n, 1,
	       "three samples of one benchmark: one bench");
	b = r->benches.v[0].value;
	is_str(b->name, "BenchmarkA", "its name");
	is_str(b->category, "core", "category: the suite's last element");
	is_int((int)b->ns, 2, "a series per unit");
	is_str(b->s[0].unit, "ns/op", "units in the order met");
	is_int((int)b->s[0].n, 3, "three values");
	ok(b->s[0].v[0] == 10 && b->s[0].v[2] == 30, "in run order");
	is_str(r->goos, "linux", "goos from the context's config");
	is_str(r->version, "go1.22", "version from the context's labels");
	is_str(r->commit, "abc", "commit from the context");
	is_str(r->stamp, "2026-01-02T10:00:00Z", "time from the file name");
	summarize(&b->s[0], &m);
	is_near(m.s.mean, 20, 1e-12, "mean");
	is_near(m.s.median, 20, 1e-12, "median");
	is_near(m.ci_high - m.s.mean, 4.30265 * 10 / sqrt(3), 1e-9,
		"the mean's interval: t(0.975, 2) s / sqrt(n)");
	ok(class_title(CLASS_UNKNOWN) == NULL, "an unknown class has no title");
	is_str(class_title(CLASS_VERY_HIGH), "Very High", "a class titled");
	run_free(r);
	unlink(path);
	rmdir(dir);

	ok(stamp_from_name("x/2026-01-02_10-00-00_retry1.jsonl", stamp,
			   sizeof stamp) == 1 &&
	       !strcmp(stamp, "2026-01-02T10:00:00Z"),
	   "a stamp read from a retry's name");
	ok(!stamp_from_name("results.jsonl", stamp, sizeof stamp),
	   "no stamp in a plain name");

	paths_add(&p, "a");
	paths_add(&p, "b");
	ok(p.n == 2 && !strcmp(p.v[1], "b"), "paths_add keeps copies in order");
	free(p.v[0]);
	free(p.v[1]);
	free(p.v);
	return tap_done();
}
