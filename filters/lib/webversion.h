/*
 * webversion.h — one version's file of the dashboard's data tree
 * (docs/web-data.md): the newest main result of a (platform, version) with
 * every benchmark's series and statistics, and one history point (the
 * medians) per main result of that version.  Its own unit because the
 * file's layout is the page's contract: bt-export decides which runs go in,
 * this unit alone decides what the file says about them.
 *
 * Ownership: functions append to a buf the caller owns, or return what the
 * caller frees, as each says; runs are borrowed.
 */
#ifndef BT_WEBVERSION_H
#define BT_WEBVERSION_H

#include "buf.h"
#include "results.h"

/* One history point of a version: its run's time, for ordering, and the
 * point's JSON text (owned). */
struct web_point {
	char stamp[32];
	char *json;
};

/* The history point of run r: {"timestamp","commit","medians":{"suite
 * name-P":{unit:median}}}.  Caller frees. */
char *web_point_json(const struct run *r);

/* Sort points[0..n) by time, oldest first. */
void web_points_sort(struct web_point *points, size_t n);

/* Append the version file of version on platform to b: the newest run r's
 * time, system (with os and arch from r's goos/goarch when it has none)
 * and benchmarks, then the history points[0..n) in their order. */
void web_version_json(struct buf *b, const char *version, const char *platform,
		      const struct run *r, const struct web_point *points,
		      size_t n);

/* A version's file below its platform directory: "v/STEM.json" (STEM the
 * version's web_name), or, with records set (the path of the result it was
 * made from), the name of that result's copy, "v/STEM.jsonl[.gz]".  Static
 * storage, valid until the next call. */
const char *web_version_file(const char *version, const char *records);

#endif
