/*
 * bgread.h — one input read on a second core while this one reads another.
 *
 * bt-compare reads a baseline and a target, most often two files of
 * records, and a core decodes records at a few hundred MB/s: on two
 * cores the two can be read at once.  bgread reads one input on a thread
 * of its own, calling the callback there, while the caller reads the
 * other.  What the thread says (a bad line, a read error) is held, and
 * said or dropped when the caller is done with it, so stderr comes in the
 * order a reading in turn gives: the baseline's words, then the target's,
 * and none of the target's when the baseline's error would have stopped
 * before it.  bt-history reads the second half of a results tree's files
 * so while it reads the first (histread.c).
 *
 * Only records (gzipped or not) are read so, from a regular file or, for
 * bgread_start, a pipe (bash's <(bt-parse …), or stdin): tool output goes
 * through plugins, whose guard is made of signals and forks (the
 * process's, not a thread's); directories and archives stay with the
 * caller too.  A pipe that is not records is kept as far as it was read
 * (bgread_rest), for the caller to read in turn.  With one core (util_cores:
 * BT_THREADS=1, or one online) everything is read in turn.
 *
 * Owner: perf (filters/lib/bgread.c).
 */
#ifndef BT_BGREAD_H
#define BT_BGREAD_H

#include "record.h"

struct bgread;

/* Start reading path on a new thread, fn(ctx, rec) called there for each
 * record (ctx is the thread's alone until bgread_wait).  NULL when it
 * cannot be (util_cores() is 1, or no thread could be made): read
 * it in turn. */
struct bgread *bgread_start(const char *path, rec_fn fn, void *ctx);

/* The same for the files paths[0..n), read in that order (a results
 * tree's second half: bt-history); paths are copied. */
struct bgread *bgread_start_paths(char *const *paths, size_t n, rec_fn fn,
				  void *ctx);

/* Run work(arg) on a new thread, its words held as a reading's are (and
 * its die() ends the program from bgread_wait, as above).  NULL when it
 * cannot be (one core, or no thread could be made): call work in turn.
 * bt-export reads a results tree's second half so (results.c). */
struct bgread *bgread_run(int (*work)(void *arg), void *arg);

/* Wait for the reading (or work) to end.  Returns input_read's status (the
 * first that was not 0, of a list), or INPUT_NOT_RECORDS when a path was not a
 * file of records (the reading stopped there: read them all in turn, what
 * fn was given thrown away).  When the thread died (a die() there: out of
 * memory, a fatal input), what it held is said and the program ends with
 * its status, as reading in turn would have once here.  bgread_run's
 * work: its value.  Until then no other thread may fork (a plugin's guard
 * does): read only records meanwhile. */
int bgread_wait(struct bgread *bg);

/* After bgread_wait gave INPUT_NOT_RECORDS for bgread_start's pipe: what
 * was read of it, for input_read_rest (record.h), the caller's to free;
 * NULL when the input was no pipe (read it again by its path). */
struct input_rest *bgread_rest(struct bgread *bg);

/* Instead of bgread_wait and bgread_end, when the caller no longer wants
 * the reading (the baseline read beside it was bad) and the program is to
 * end: a pipe may never end, so the thread is not waited for; it runs on
 * until the program ends, what it says is dropped, and the ctx its fn was
 * given must stay valid until then (static, never freed). */
void bgread_abandon(struct bgread *bg);

/* After bgread_wait: what the thread said goes to stderr when say is 1,
 * else it is dropped; bg is freed. */
void bgread_end(struct bgread *bg, int say);

#endif
