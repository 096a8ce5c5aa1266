/*
 * sumstats.h — the summary statistics of a summary-only sample
 * (docs/records.md, "Summary statistics"), for the filters that judge
 * samples: bt-compare (Welch's t-test) and bt-cv (the tool's CV).
 * Owned by fmtA (issue 20).
 *
 * A sample made by a plugin carries them in rec.r (ABI 2); one read back
 * from JSON carries them in its line, which is parsed only when it names
 * "summary_only" (decode.c does not decode them: they are rare).
 */
#ifndef BT_SUMSTATS_H
#define BT_SUMSTATS_H

#include "record.h"

enum {
	SUMSTATS_NONE = 0,  /* a sample that is one measurement */
	SUMSTATS_BARE = 1,  /* summary-only, no stats for the unit */
	SUMSTATS_FOUND = 2, /* summary-only, *out filled */
};

/* 1 when rec may be summary-only (cheap: a flag, or the line naming
 * "summary_only"), so a filter asks sumstats_of only then. */
int sumstats_any(const struct rec *rec);

/* What rec says of the measurements behind its metric of unit: one of the
 * values above; *out (n, mean, stddev; the optional members NaN) when
 * SUMSTATS_FOUND.  out->unit is not set.  Borrows rec. */
int sumstats_of(const struct rec *rec, struct bt_str unit,
		struct bt_stats *out);

#endif
