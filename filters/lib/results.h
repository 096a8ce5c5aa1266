/*
 * results.h — one result file's benchmarks, read into memory: per
 * benchmark (identity) a series of values per unit, in run order, and what
 * its context records say (platform, version, time, commit, system).
 * bt-export's web tree and bt-report's summaries are both made from it;
 * it lives here so that both read a run, and summarize a series, the same
 * way.  (Moved out of bt-export.c unchanged when that file was split.)
 *
 * Ownership: a struct run owns every string, bench and series in it;
 * run_free frees them all.
 */
#ifndef BT_RESULTS_H
#define BT_RESULTS_H

#include <stddef.h>

#include "map.h"
#include "paths.h"
#include "record.h"
#include "stats.h"

struct series {
	char *unit;
	double *v; /* in run order */
	size_t n, cap;
};

struct bench {
	char *suite, *name, *category, *version;
	long procs;
	struct series *s;
	size_t ns;
};

/* Everything one result file says.  Owns all its strings and benches. */
struct run {
	char *path;
	char *version, *goos, *goarch, *commit;
	char stamp[32];	    /* RFC 3339 UTC, "" until known */
	jv system;	    /* object: the context's metadata */
	struct map benches; /* identity -> struct bench * */
	int by_version;	    /* reports: keep versions apart */
};

struct summ {
	struct stats_summary s;
	double ci_low, ci_high; /* the mean's 95 % interval (Student's t) */
};

/* A new string of s (caller frees). */
char *bt_dup(struct bt_str s);
/* RFC 3339 of the stamp YYYY-MM-DD_HH-MM-SS that starts path's base name,
 * into out; 0 when it has none. */
int stamp_from_name(const char *path, char *out, size_t n);

/* An empty run of path (caller frees with run_free). */
struct run *run_new(const char *path);
/* Read one result file into a new run (caller frees with run_free); NULL
 * after an input error (reported). */
struct run *run_load(const char *path);
/* Read each of files->v[i] into runs[i] (NULL after an input error,
 * reported): on two cores the second half (paths_split) on a thread while
 * this one reads the first, what each file says coming in the order of the
 * files either way.  0, or EXIT_USAGE after an input error. */
int runs_load(const struct paths *files, struct run **runs);
void run_free(struct run *r);
/* input_read's callback: add a context or sample record to the run ctx. */
int take_record(void *ctx, const struct rec *rec);

/* The variance class's title ("Good" … "Very High"), NULL when unknown. */
const char *class_title(enum stats_class c);
/* The summary of one series, with the mean's 95 % interval. */
void summarize(const struct series *se, struct summ *out);

#endif
