/*
 * histread.h — a history's inputs read (bt-history): files, "-",
 * archives, directories a plugin reads, and results trees, whose record
 * files (*.jsonl, *.jsonl.gz) are read in path order.
 *
 * On two cores, when every input is a regular file, those at the end of
 * the list (about half of the bytes) are read on a second thread into a
 * history of their own (bgread.h) while this one reads the rest, records
 * only, then merged after it (history_merge): the result, and what is
 * said on stderr, are those of reading in turn.  When either thread meets
 * a file that is not records (tool output, read through a plugin, whose
 * guard must not run beside a thread), or the second part has a run id of
 * the first's with another commit or time, the second thread's work is
 * dropped and the rest is read in turn.
 *
 * Owner: perf.
 */
#ifndef BT_HISTREAD_H
#define BT_HISTREAD_H

#include <stddef.h>

#include "series.h"

/* Read args[0..n) ("-" when n is 0) into h.  0, or 2 after an input error
 * (reported). */
int history_read_all(struct history *h, char *const *args, size_t n);

#endif
