/*
 * failed.h — the failed-benchmarks list (_failed_benchmarks.txt): which
 * benchmarks bt-cv found too noisy, for bt-retry to run again.  Its format
 * lives here and only here (documented in docs/records.md).
 *
 * The one idea: every name bt-cv can see must come back byte for byte —
 * tabs, newlines, a NUL, invalid UTF-8, any length — so fields are escaped
 * (\\ \t \n \r \xHH), the file starts with a header naming its version, and
 * a line the reader cannot read is an error with its line number, never a
 * line skipped.
 *
 *   # bt-failed 1: suite<TAB>name<TAB>procs<TAB>cv
 *   example.com/core<TAB>BenchmarkA/a\tb<TAB>2<TAB>16.46
 *   <TAB>BM_Copy<TAB>0<TAB>12.00            (no suite: gbench, criterion…)
 *
 * Version 0 is the list without a header that earlier bt-cv wrote (fields
 * raw, tabs in names already turned into spaces); it is still read.
 *
 * Owner: trust.
 */
#ifndef BT_FAILED_H
#define BT_FAILED_H

#include <stddef.h>
#include <stdio.h>

struct buf;

#define FAILED_VERSION 1

/* One line.  suite and name point into storage the reader owns and reuses:
 * they live until the callback returns (copy what you keep); they may hold
 * NUL bytes, so use the lengths. */
struct failed_entry {
	const char *suite, *name;
	size_t suite_len, name_len;
	long procs; /* 0 when none */
	double cv;  /* percent; NaN when the line gave none */
};

/* Append the header line to b. */
void failed_header(struct buf *b);

/* Append s (n bytes) to b escaped as a field is: printable and safe on a
 * terminal, and unambiguous (also for messages naming a benchmark). */
void failed_escape(struct buf *b, const char *s, size_t n);

/* Append one entry's line (with its '\n') to b. */
void failed_line(struct buf *b, const struct failed_entry *e);

/* Read a list from f, named path in messages, calling fn for each entry in
 * order; fn returns 0 to go on.  A line that cannot be read, or a version
 * newer than FAILED_VERSION, is reported as "prog: path:line: what" and
 * ends the reading with 2 (EXIT_USAGE); entries before it were delivered.
 * Returns 0, 2, or fn's non-zero value. */
int failed_read(FILE *f, const char *path,
		int (*fn)(void *ctx, const struct failed_entry *e), void *ctx);

/* Does this text start like a failed list (its header)? */
int failed_is_list(const char *p, size_t n);

#endif
