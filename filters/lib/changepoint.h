/*
 * changepoint.h — benchtrack's own change-point method for benchmark
 * histories (`bt-history changes`, the default).  Owned by the history
 * helper (issue 17); docs/history.md explains the method and its defaults.
 *
 * The one idea: a benchmark history is a level plus noise that sometimes
 * steps, sometimes creeps and sometimes has one bad run.  So: estimate the
 * noise robustly (from successive differences, which a step barely
 * moves), set aside single-run outliers, cut the rest by binary
 * segmentation with a penalised squared-error cost, fold staircases that
 * a straight line explains better into a drift, and keep only the cuts
 * whose segment medians differ significantly (a z test on the medians
 * with the robust noise) and by at least the minimum relative change.
 *
 * Pure functions on arrays of doubles; no I/O, no global state.
 */
#ifndef BT_CHANGEPOINT_H
#define BT_CHANGEPOINT_H

#include <stddef.h>

struct cp_opts {
	double alpha;	   /* significance of a change (0.001) */
	double min_change; /* smallest relative change kept, a fraction */
	double penalty;	   /* segmentation penalty per cut, × σ² log n */
	size_t min_seg;	   /* fewest runs in a segment (3) */
	double outlier;	   /* an outlier is this many σ from both sides */
};

/* The defaults (docs/history.md says why). */
void cp_defaults(struct cp_opts *o);

enum cp_kind { CP_CHANGE, CP_OUTLIER, CP_DRIFT };

struct cp_seg {
	size_t n;
	double mean, median;
};

struct cp_event {
	enum cp_kind kind;
	size_t index; /* change: first of the new segment; outlier: the run;
			 drift: its first run */
	size_t end;   /* drift: its last run (inclusive); else index */
	size_t prev;  /* change: the last run before it that is not an
			 outlier */
	struct cp_seg before, after; /* change: the segments either side;
					drift: its first and last level
					(fitted) */
	double value;		     /* outlier: its value */
	double expected;	     /* outlier: the level around it */
	double delta;		     /* relative change, a fraction */
	double p;		     /* change: two-sided p; else NaN */
};

/* The events of y[0..n) in increasing index, in *out (allocated; the
 * caller frees it).  Returns how many.  O(n log n) for the segmentation,
 * O(n) for the rest in the usual case. */
size_t cp_detect(const double *y, size_t n, const struct cp_opts *o,
		 struct cp_event **out);

/* The robust noise scale of y: 1.4826 · MAD of successive differences /
 * √2; falls back to the MAD of the values, then 0. */
double cp_noise(const double *y, size_t n);

/* How much wider the long-run noise of y is than cp_noise says: for
 * noise with lag-1 correlation φ (estimated robustly from successive
 * differences), √(1+φ)/(1−φ); 1 for independent noise. */
double cp_longrun(const double *y, size_t n);

#endif
