/*
 * guard.h — calling into a plugin so that its crash, its hang and its
 * printing are the plugin's, not the host's.
 *
 * A plugin is code someone else wrote, loaded into the filter's process.
 * When it dereferences NULL, divides by zero, overflows its stack or fails
 * an assert(), the host should say which plugin crashed, where in which
 * input, keep every record already made, and go on with the other plugins
 * and inputs where it can — not die with a bare "Segmentation fault" and a
 * half-written output.  guard_call runs a function with handlers for the
 * crash signals armed (on an alternate stack, so stack overflow is caught
 * too); a crash jumps back out of it and is returned as its signal number.
 *
 * The same call has a time limit (BT_PLUGIN_TIMEOUT seconds, 5 by
 * default): a function that has not returned by then is jumped out of, and
 * the call returns GUARD_TIMEOUT.  The clock is a periodic timer signal that
 * runs only while plugin code may run; a call costs no system call for it.
 *
 * And while the function runs, fd 1 is not the record stream: unless the
 * program moved its records off fd 1 for good (guard_own_stdout), fd 1 is
 * made a copy of stderr for the call (what the host had buffered on stdout
 * is flushed first) and put back after it, so a plugin's printf, puts or
 * write(1, …) lands on stderr, never among the records — in every filter,
 * without the filter doing anything.
 *
 * What a crashed or late plugin leaves behind (its state, memory it
 * allocated, a lock it held) is abandoned, never touched again.  A crash
 * outside guard_call is handled as if the guard were not there (by the
 * previous handler: the default, or a sanitizer's report).
 */
#ifndef BT_GUARD_H
#define BT_GUARD_H

#include <stdio.h>

/* What guard_call returns for a function that ran past the time limit. */
#define GUARD_TIMEOUT (-1)

/* Run fn(arg) as plugin code; 0 when it returned, GUARD_TIMEOUT when it
 * had not within guard_timeout_ms(), else the signal it crashed with
 * (SIGSEGV, SIGBUS, SIGFPE, SIGILL or SIGABRT).  Not reentrant: fn must not
 * call guard_call. */
int guard_call(void (*fn)(void *arg), void *arg);

/* Host code that plugin code calls back (its host->emit, ->warn, ->error)
 * runs between these two: fd 1 is the record stream again, and the time it
 * takes (a slow reader of our output) is not counted against the plugin.
 * Outside guard_call they do nothing. */
void guard_host_enter(void);
void guard_host_leave(void);

/* Name what guard_call runs from now on, for the one message the guard
 * prints itself: plugin code that calls exit() ends the program with
 * "prog: FILE:LINE: plugin NAME called exit(STATUS) ...", exit 2, instead
 * of quietly with the plugin's status.  The strings and *lineno are
 * borrowed and must live until the next call; NULLs forget. */
void guard_context(const char *plugin, const char *file, const long *lineno);

/* Stop the clock until the next guard_call: no plugin code will run for a
 * while (the end of an input).  Cheap to call when it is stopped. */
void guard_idle(void);

/* The time limit in milliseconds: BT_PLUGIN_TIMEOUT seconds (a positive
 * number up to 3600), 5 s when unset or not such a number. */
int guard_timeout_ms(void);

/* Keep plugin code off the record stream for good: the first call moves
 * the process's fd 1 to a new close-on-exec descriptor and returns a stream
 * on it, and makes fd 1 (and so stdout and printf) a copy of stderr; later
 * calls return the same stream.  A host that calls this writes its records
 * (and every other output) to what it returns, never to stdout; guard_call
 * then has nothing to swap.  Returns stdout when fd 1 is closed. */
FILE *guard_own_stdout(void);

/* The descriptor of the program's stdout: fd 1, or the one
 * guard_own_stdout moved it to (what "-" as an output names). */
int guard_stdout_fd(void);

/* In a child process that runs plugin code unguarded: the crash signals
 * back to their default action (not ours, not a sanitizer's report), so a
 * crash ends the child by that signal and the parent can name it. */
void guard_default(void);

/* "SIGSEGV" for a signal guard_call returned. */
const char *guard_signame(int sig);

#endif
