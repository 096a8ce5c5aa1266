/*
 * compare.h — did it get faster or slower: the comparison bt-compare
 * writes out, as data.
 *
 * Samples are added side by side (0 the baseline, 1 the target) and
 * grouped by benchmark identity (identity.h, without the label that tells
 * the sides apart) and unit.  comparison_run then summarises each pair by
 * its median and the median's 95% confidence interval, tests it with the
 * Mann–Whitney U test (stats.h: benchstat's methods) — or, when both sides
 * are summary-only samples with the tools' stats (sumstats.h), by the pooled
 * means, their t intervals and Welch's t-test — gives it a verdict
 * under the regression policy, and adds the geometric means per unit and
 * the budgets judged on the target side.
 *
 * Ownership: struct comparison owns everything it holds (the benchmarks,
 * their values, the results); comparison_free frees it.  Results point
 * into it and into the struct budgets given to comparison_run, which must
 * outlive them.
 */
#ifndef BT_COMPARE_H
#define BT_COMPARE_H

#include <stddef.h>

#include "buf.h"
#include "map.h"
#include "stats.h"

struct rec;
struct budget;
struct budgets;

#define CMP_CONFIDENCE 0.95

/* Values of one unit of one benchmark, per side. */
struct series {
	char *unit; /* owned */
	int better; /* enum bt_better, as the samples declared it */
	double *v[2];
	size_t n[2], cap[2];
	struct stats_moments mom[2]; /* summary-only samples' stats, pooled */
	size_t nsum[2];		     /* values that came with them */
};

/* One benchmark: its identity for output and its series. */
struct bench {
	char *suite, *name; /* owned; "" when absent */
	long procs;
	char *labels; /* owned JSON object text, or NULL */
	struct series *s;
	size_t ns;
};

/* The result of comparing one series; see the change record
 * (docs/records.md). */
struct cmp {
	struct bench *b;
	struct series *s;
	double c[2], lo[2], hi[2], delta, p; /* centers, intervals */
	int sig;
	const char *verdict; /* improved regressed neutral ~ insufficient
				added removed */
	const char *test;    /* "mann-whitney", "welch"; NULL: one side */
};

/* The geometric mean of the centers of every benchmark of one unit. */
struct geo {
	const char *unit;
	double g[2], delta;
	size_t n;
};

/* A budget judged on one benchmark of the target side. */
struct judged {
	const struct budget *bu;
	const struct cmp *c; /* NULL: nothing matched */
	double value;
	int pass;
};

struct comparison {
	/* settings, set before adding samples */
	double alpha, max_regression; /* 0.05, 10 */
	const char *skip;	      /* the label that tells the sides apart */
	const char *by_label;	      /* --by: the sides are its two values */
	const char **units;	      /* -u: compare only these (n 0: all) */
	size_t nunits;

	char *side_value[2]; /* --by: the label's values, as first seen */

	/* results, after comparison_run */
	struct cmp *cmps;
	size_t ncmps;
	struct geo *geos;
	size_t ngeos;
	struct judged *judged;
	size_t njudged;
	int regressions, budget_failures;

	/* private */
	struct map benches;
	struct buf key_, raw_, last_raw_;
	struct bench *last_;
};

/* Add rec's finite metrics to side 0 or 1 of its benchmark.  Exits 2 for a
 * name holding a NUL (identity_check). */
void comparison_add(struct comparison *cp, const struct rec *rec, int side);

/* Move what from holds into cp, as if from's samples had been added to cp
 * after cp's own (benchmarks and units new to cp come after cp's, in
 * from's order).  A side that from holds values of must have none in cp
 * (bt-compare: cp read the baseline, from the target).  from is left
 * empty, to be freed; its settings must be cp's. */
void comparison_merge(struct comparison *cp, struct comparison *from);

/* Which side a sample is on when the sides are by_label's two values: 0
 * or 1 (the first value seen is 0), -1 for a sample without the label, -2
 * for a third value. */
int cmp_side_by_label(struct comparison *cp, const struct rec *rec);

/* Compare every series, then the geometric means, then judge budgets bs
 * (may be NULL) on the target side; warns of -u units no sample has and
 * of budgets nothing matched. */
void comparison_run(struct comparison *cp, const struct budgets *bs);

/* "faster"/"slower" for times, "better"/"worse" for the rest, "same" for
 * a delta of 0; NULL when there is no delta. */
const char *cmp_direction(const struct series *s, double delta);

/* A side's n: its values, or the measurements behind the summaries
 * Welch's test judged. */
long long cmp_side_n(const struct cmp *c, int i);

/* The fields, without braces, of the change record of c (cp's alpha), of
 * a geometric mean's change record and of a budget record (docs/records.md),
 * appended to b: what bt-compare writes as records (after rec_json_begin)
 * and as the elements of its JSON document. */
void cmp_change_json(struct buf *b, const struct comparison *cp,
		     const struct cmp *c);
void cmp_geo_json(struct buf *b, const struct geo *g);
void cmp_judged_json(struct buf *b, const struct judged *j);

void comparison_free(struct comparison *cp);

#endif
