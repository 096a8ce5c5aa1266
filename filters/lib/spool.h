/*
 * spool.h — a list of inputs read by two processes, the output that of
 * reading them in turn.
 *
 * bt-parse turns each of its inputs into records on its own, and most of
 * them are tool output, parsed by plugins whose guard is made of signals
 * and forks: a thread cannot share that work (bgread.h reads records
 * only), a process can.  On two cores the inputs at the end of the list
 * (about half of the bytes) are read by a forked child, its records and
 * its words spooled into two unnamed temporary files (O_TMPFILE in
 * $TMPDIR, else /tmp), while the parent reads the rest; the parent then
 * copies the child's records to its output and its words to stderr, as
 * GNU parallel --keep-order does.  Stdout, stderr and the exit status are
 * those of reading in turn: each side writes its inputs in their order,
 * and the child's come after the parent's, all of them.
 *
 * Nothing is lost: a child that cannot write its spool (a full disk) or
 * that was killed gives its half back, and the parent reads it in turn,
 * the child's spool and words dropped.  A child whose parent died is
 * killed with it (PR_SET_PDEATHSIG).  With one core (util_cores), fewer
 * than two inputs, or any input that is not a regular file ("-", a
 * directory, an archive member), everything is read in turn.
 *
 * Owner: perf (filters/lib/spool.c).
 */
#ifndef BT_SPOOL_H
#define BT_SPOOL_H

#include <stdio.h>
#include <sys/types.h>

/*
 * One large input is cut in two the same way, at a byte offset: the parent
 * reads the lines before it, the child those from it on.  A plugin's state
 * at a line is made by every line before, so the child reads the parent's
 * part too, its records and warnings dropped (input_opts' from and to),
 * and makes from the cut on exactly what reading in turn makes there: a
 * parser is a function of its lines.  The cut is past the middle, where
 * the two take about as long: the child's part before it costs only the
 * parsing.  When the parent's part fails, reading in turn would have
 * stopped there: the child is killed, nothing of it kept.
 */

struct spool {
	pid_t pid;
	int out, err; /* the child's spools, read back by the parent */
};

/* Where paths[0..n) split (paths_split): the first input of the child's
 * half, about half of their bytes before it; 0 when they are read in
 * turn. */
size_t spool_split(char *const *paths, size_t n);

/* Where the one input path ("-": stdin, from where it is) is cut, in
 * bytes from where its reading starts: about CUT_SHARE of them before it;
 * 0 when it is read by one process (one core, smaller than CUT_MIN, not a
 * regular file, compressed).  Both processes read a regular file with
 * pread(2): stdin is shared, its offset never moved under the other. */
long long spool_cut(const char *path);

/* Fork the child that reads the second half, after out (where records
 * go) is flushed.  In the child: 0, with out's descriptor and stderr on
 * the spools.  In the parent: 1.  -1 when no child or spool could be
 * made (nothing was started: read everything in turn). */
int spool_fork(struct spool *s, FILE *out);

/* The child's end, after its half: status is its exit status, failed
 * true when its records could not all be written (out's flush or error
 * indicator): its half is then given back.  Never returns. */
void spool_child_exit(int status, int failed) __attribute__((noreturn));

/* Return value of spool_finish: the child gave its half back. */
#define SPOOL_REDO (-1)

struct recw;

/* In the parent, after its half: wait for the child, then copy its records
 * to w (a failed write cut back to a whole record, and said once, as
 * recw's own) and its words to stderr.  The child's exit status, or
 * SPOOL_REDO (nothing copied: read the second half in turn). */
int spool_finish(struct spool *s, struct recw *w);

/* In the parent, when the reading stops in its part: the child is killed
 * and waited for, its spools dropped. */
void spool_abandon(struct spool *s);

#endif
