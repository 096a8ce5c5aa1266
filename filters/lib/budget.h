/*
 * budget.h — absolute limits on benchmarks (bt-compare --budget FILE): the
 * grammar of a budget file and the judgement of one benchmark's values.
 *
 * A line is [PATTERN] [STAT] METRIC OP LIMIT[SUFFIX], '#' starts a
 * comment: "BenchmarkSHA256* ns/op p95 < 5ms", "B/op < 2MiB",
 * "max_time_ns < 100us".  PATTERN is an fnmatch(3) glob on the name or on
 * suite/name (default "*"), STAT one of median mean min max p50 p90 p95
 * p99 (default median), OP one of < <= > >=, SUFFIX a time (ns us µs ms s)
 * for time units or a size (B KB kB MB GB KiB MiB GiB) for others.
 * Aliases: METRIC peak_rss is bt-run's peak-rss-B, judged by max unless a
 * STAT is given; max_time_ns is max ns/op (the seeds' budget field).
 *
 * Ownership: budgets_read fills a struct budgets the caller owns and frees
 * with budgets_free; everything in it is owned by it.
 */
#ifndef BT_BUDGET_H
#define BT_BUDGET_H

#include <stddef.h>

/* One budget line. */
struct budget {
	char *pattern, *stat, *unit; /* owned */
	char op[3];
	double limit; /* in the metric's unit, the suffix applied */
	long line;    /* in the file, for messages */
};

struct budgets {
	struct budget *v;
	size_t n;
	const char *file; /* borrowed: the path read */
};

/* Read every budget of path into bs (appending).  A line that does not
 * follow the grammar, or a file that cannot be read, exits 2 with
 * "prog: file:line: what is wrong". */
void budgets_read(struct budgets *bs, const char *path);
void budgets_free(struct budgets *bs);

/* 1 when the budget applies to the benchmark suite/name (suite may be ""). */
int budget_matches(const struct budget *bu, const char *suite,
		   const char *name);

/* The budget's statistic of sorted[0..n) (NAN when n is 0). */
double budget_value(const struct budget *bu, const double *sorted, size_t n);

/* 1 when v keeps within the budget. */
int budget_pass(const struct budget *bu, double v);

#endif
