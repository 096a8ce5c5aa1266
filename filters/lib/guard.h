/*
 * guard.h — calling into a plugin so that its crash is the plugin's, not
 * the host's.
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
 * What a crashed plugin leaves behind (its state, memory it allocated) is
 * abandoned, never touched again.  A crash outside guard_call is handled as
 * if the guard were not there (by the previous handler: the default, or a
 * sanitizer's report).
 */
#ifndef BT_GUARD_H
#define BT_GUARD_H

/* Run fn(arg); 0 when it returned, else the signal it crashed with
 * (SIGSEGV, SIGBUS, SIGFPE, SIGILL or SIGABRT).  Not reentrant: fn must not
 * call guard_call. */
int guard_call(void (*fn)(void *arg), void *arg);

/* In a child process that runs plugin code unguarded: the crash signals
 * back to their default action (not ours, not a sanitizer's report), so a
 * crash ends the child by that signal and the parent can name it. */
void guard_default(void);

/* "SIGSEGV" for a signal guard_call returned. */
const char *guard_signame(int sig);

#endif
