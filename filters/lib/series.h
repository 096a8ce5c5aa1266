/*
 * series.h — a record stream as benchmark histories: one series per
 * benchmark (suite, name, procs, labels) and unit, its values grouped by
 * run and the runs put in order (bt-history).  Owned by the history helper
 * (issue 17).
 *
 * The one idea: memory holds the values, not the records.  Each sample
 * becomes (run number, value) pairs in its series; a run's metadata is
 * kept once per run.  A run is the sample's `run` object (docs/records.md;
 * `id` required), or, for results without one, the input file: its
 * samples are one run named by the file, with the time and commit of a
 * context record of that file when it has them.
 *
 * Runs are ordered by run.commit_time when every run has one, else by
 * run.time when every run has one, else in the order they first appear
 * (a warning says which runs made the fallback necessary); ties by time,
 * then appearance.  history_order_git orders by `git rev-list
 * --first-parent HEAD` of a repository instead.
 */
#ifndef BT_SERIES_H
#define BT_SERIES_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "map.h"
#include "record.h"

struct hist_run {
	char *id;
	char *json; /* the run object as read; NULL for a file's run */
	char *commit, *commit_time, *time, *branch, *testbed; /* NULL: absent */
	double t_commit, t_time; /* epoch seconds; NaN when absent */
	size_t seen;		 /* order of first appearance */
	size_t pos;		 /* place after ordering */
	int file_run;		 /* made for results without run */
	int dropped;		 /* not on the git history */
};

struct hist_series {
	struct buf id; /* identity members and "unit", each ending in ',' */
	char *suite, *name, *unit;
	char *labels; /* "k=v,k=v" for people; "" when none */
	long procs;
	int better; /* enum bt_better */
	uint32_t *run;
	double *v;
	size_t n, cap;
};

/* One run of a series: the median of its samples. */
struct hist_point {
	size_t run; /* index into h->runv */
	size_t n;
	double median, ci_lo, ci_hi; /* 95 % median interval; ±inf when the
					samples cannot bound it */
};

struct history {
	struct map runs, series; /* values: struct hist_run *, hist_series * */
	struct hist_run **runv;	 /* in order once history_order has run */
	size_t nruns;
	const char *unit; /* only this unit, when set */
	int errors;	  /* input problems reported (exit 2) */
	/* private */
	struct buf key, span;
	struct hist_run *last;
};

void history_init(struct history *h);
void history_free(struct history *h);

/* Take in one record (a rec_fn: ctx is the struct history). */
int history_add(void *ctx, const struct rec *rec);

/* Leave out the runs whose run.testbed is not testbed; returns how many
 * runs are left. */
size_t history_only_testbed(struct history *h, const char *testbed);

/* Put the runs in order (see above); warns on stderr when it falls back. */
void history_order(struct history *h);

/* Order by the first-parent history of the git repository dir: runs
 * whose commit is not on it are dropped with a warning.  0, or 2 when git
 * could not be run. */
int history_order_git(struct history *h, const char *dir);

/* The points of s in run order, in *out (allocated, the caller frees).
 * Returns how many. */
size_t history_points(const struct history *h, const struct hist_series *s,
		      struct hist_point **out);

/* A run as JSON (its object as read, or one made for a file's run),
 * appended to b. */
void history_run_json(struct buf *b, const struct hist_run *r);

/*
 * Add what from holds (the records read after h's, by another thread) to
 * h, as if h had read them itself: from's runs and series come after h's,
 * a series' values after h's values of it.  from is left to history_free.
 * -1, and h untouched, when a run of from has the id of one of h's with
 * another commit or time: reading in turn says so for each of its
 * samples, so read them in turn.
 */
int history_merge(struct history *h, struct history *from);

/* Seconds since the epoch of an RFC 3339 time; NaN when s is not one. */
double rfc3339(const char *s);

#endif
