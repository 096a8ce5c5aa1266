/*
 * runid.h — run identity (docs/records.md, "Run identity"): the `run`
 * object bt-run and bt-parse stamp on samples, and how filters pick the
 * samples of one run.
 *
 * The one idea: say only what is known.  A member comes from an option,
 * else the environment (CI), else git in the working directory, and is
 * left out when none of them knows it; a dirty tree or a detached HEAD is
 * said (`dirty`, `detached`), never hidden behind a commit or a branch.
 *
 * Owner: trust.
 */
#ifndef BT_RUNID_H
#define BT_RUNID_H

#include <jv.h>
#include <stddef.h>

#include "record.h"

/* What the user gave (options; NULL when not given). */
struct runid_opts {
	const char *id, *commit, *branch, *testbed, *time;
};

/* The options that say a run's identity (--commit, --branch, --testbed,
 * --run-id, --time), for the getopt_long table of every filter that makes
 * a run (bt-run, bt-parse): RUNID_LONG_OPTIONS among its entries, then
 * runid_option in its loop.  Their values are above any short option.
 * A filter that runs bt-run for new runs (bt-retry) takes only the source
 * options, RUNID_SOURCE_OPTIONS, and passes them on with runid_argv: each
 * run has its own id and time. */
enum {
	RUNID_OPT_COMMIT = 0x1000,
	RUNID_OPT_BRANCH,
	RUNID_OPT_TESTBED,
	RUNID_OPT_ID,
	RUNID_OPT_TIME
};
// clang-format off
#define RUNID_SOURCE_OPTIONS \
	{"commit", required_argument, NULL, RUNID_OPT_COMMIT}, \
	{"branch", required_argument, NULL, RUNID_OPT_BRANCH}, \
	{"testbed", required_argument, NULL, RUNID_OPT_TESTBED}
#define RUNID_LONG_OPTIONS RUNID_SOURCE_OPTIONS, \
	{"run-id", required_argument, NULL, RUNID_OPT_ID}, \
	{"time", required_argument, NULL, RUNID_OPT_TIME}
// clang-format on

/* When getopt's c is one of RUNID_LONG_OPTIONS: its argument into o, 1;
 * else 0 (o untouched). */
int runid_option(struct runid_opts *o, int c, const char *arg);

/* The source options given in o (--commit C, --branch B, --testbed T, in
 * that order, those set) as arguments for another run's command line, in
 * out; returns how many (at most RUNID_ARGV_MAX).  --run-id and --time are
 * never passed on. */
enum { RUNID_ARGV_MAX = 6 };
int runid_argv(const struct runid_opts *o, const char *out[RUNID_ARGV_MAX]);

/* The run object for a run starting now: the options, the environment
 * (BT_COMMIT, BT_BRANCH, BT_TESTBED), git, the host.  Makes an id when
 * none is given.  Bad options (a time that is not RFC 3339 UTC, control
 * characters, a commit starting with '-') end the program with status 2.
 * Returns a new jv object the caller owns. */
jv runid_make(const struct runid_opts *o);

/* 1 when s is an RFC 3339 time in UTC (2026-12-02T19:00:00Z, fractional
 * seconds allowed), else 0. */
int runid_valid_time(const char *s);

/* Go's name for this machine's architecture (x86_64 → amd64). */
const char *runid_goarch(const char *machine);

/* Does the sample rec belong to the run sel names: its run.id is sel, or
 * its run.commit is sel or starts with sel (at least 7 characters)?
 * 0 for a sample without run. */
int runid_match(const struct rec *rec, const char *sel);

/* The sample's run.id copied into buf (size n), or NULL when it has none.
 * Cheap for a sample without "run" (no JSON parse). */
const char *runid_of(const struct rec *rec, char *buf, size_t n);

/* Which runs a set of samples came from: enough to say it mixes runs. */
struct runid_seen {
	char *first; /* the first sample's run object as written, "" for
			none (owned) */
	int mixed;   /* a sample of another run was seen */
};

/* Note rec's run in s (a sample; others are ignored).  Runs are told
 * apart by their object's bytes, without parsing: the same run written by
 * different tools in different layouts counts as two. */
void runid_note(struct runid_seen *s, const struct rec *rec);

/* Free what s holds (s itself is the caller's). */
void runid_seen_free(struct runid_seen *s);

#endif
