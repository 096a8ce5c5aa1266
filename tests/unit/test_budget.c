/*
 * test_budget.c — the budget grammar: every order of pattern, statistic
 * and metric, the operators, suffixes and aliases; and the judgement on
 * known values.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "budget.h"
#include "tap.h"
#include "util.h"

int main(void)
{
	char path[] = "/tmp/test_budget.XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "w");
	struct budgets bs = {0};
	double ten[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

	util_init("test_budget");
	if (!f)
		return 1;
	fputs("# a comment line\n"
	      "BenchmarkSHA256* ns/op p95 < 5ms\n"
	      "B/op <= 2MiB # the rest is a comment\n"
	      "\n"
	      "max_time_ns < 100us\n"
	      "p90 ns/op >= 9.5ns\n"
	      "X* mean MB/s > 1.5\n"
	      "peak_rss < 1GB\n",
	      f);
	fclose(f);
	budgets_read(&bs, path);
	unlink(path);
	is_int((long)bs.n, 6, "six budgets, comments and blank lines skipped");
	if (bs.n != 6)
		return tap_done();
	ok(!strcmp(bs.v[0].pattern, "BenchmarkSHA256*") &&
	       !strcmp(bs.v[0].stat, "p95") && !strcmp(bs.v[0].unit, "ns/op") &&
	       !strcmp(bs.v[0].op, "<") && bs.v[0].limit == 5e6 &&
	       bs.v[0].line == 2,
	   "pattern, metric, stat after it, 5ms as 5e6 ns, line 2");
	ok(!strcmp(bs.v[1].pattern, "*") && !strcmp(bs.v[1].stat, "median") &&
	       bs.v[1].limit == 2097152 && !strcmp(bs.v[1].op, "<="),
	   "defaults: every benchmark, the median; 2MiB in bytes");
	ok(!strcmp(bs.v[2].unit, "ns/op") && !strcmp(bs.v[2].stat, "max") &&
	       bs.v[2].limit == 1e5,
	   "max_time_ns is the max of ns/op");
	ok(!strcmp(bs.v[3].stat, "p90") && bs.v[3].limit == 9.5,
	   "a statistic before the metric");
	ok(!strcmp(bs.v[4].pattern, "X*") && !strcmp(bs.v[4].stat, "mean"),
	   "pattern, stat, metric");
	ok(!strcmp(bs.v[5].unit, "peak-rss-B") &&
	       !strcmp(bs.v[5].stat, "max") && bs.v[5].limit == 1e9,
	   "peak_rss: bt-run's peak-rss-B, its max, 1GB");
	ok(budget_matches(&bs.v[0], "crypto", "BenchmarkSHA256/size=1K") &&
	       !budget_matches(&bs.v[0], "crypto", "BenchmarkMD5"),
	   "a pattern matches the name");
	ok(budget_matches(&bs.v[4], "", "X,y") &&
	       !budget_matches(&bs.v[4], "s", "Y"),
	   "and only what it names");
	is_near(budget_value(&bs.v[1], ten, 10), 5.5, 1e-12, "median of 1..10");
	is_near(budget_value(&bs.v[3], ten, 10), 9.1, 1e-12, "p90 of 1..10");
	is_near(budget_value(&bs.v[4], ten, 10), 5.5, 1e-12, "mean of 1..10");
	is_near(budget_value(&bs.v[2], ten, 10), 10, 0, "max of 1..10");
	ok(isnan(budget_value(&bs.v[2], ten, 0)), "no values: NaN");
	ok(budget_pass(&bs.v[3], 9.5) && !budget_pass(&bs.v[3], 9.4),
	   ">= passes at the limit");
	ok(!budget_pass(&bs.v[0], 5e6) && budget_pass(&bs.v[0], 4.9e6),
	   "< fails at the limit");
	budgets_free(&bs);
	ok(bs.n == 0 && bs.v == NULL, "freed");
	return tap_done();
}
