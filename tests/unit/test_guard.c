/*
 * test_guard.c — guard_call turns a crash in the called function into its
 * signal number, again and again, including a stack overflow; a function
 * that returns is not disturbed; a crash outside the guard still reaches
 * the handler that was there before (the default: killed by SIGSEGV; a
 * sanitizer's: its report and exit status).
 */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guard.h"
#include "tap.h"

static void segv(void *arg)
{
	volatile uintptr_t nowhere = 8; /* not NULL: UBSan would stop first */

	(void)arg;
	*(volatile int *)nowhere = 1;
}

static void fpe(void *arg)
{
	volatile int zero = 0;

#ifdef __SANITIZE_ADDRESS__ /* UBSan would stop at the division first */
	raise(SIGFPE);
#endif
	*(int *)arg = 100 / zero;
}

static void do_abort(void *arg)
{
	(void)arg;
	abort();
}

static int deep(volatile char *p, unsigned long n)
{
	volatile char pad[512];

	pad[0] = *p;
	return n ? deep(pad, n - 1) + pad[1] : 0;
}

static void overflow(void *arg)
{
	*(int *)arg = deep((volatile char *)arg, (unsigned long)-1);
}

static void sets(void *arg)
{
	*(int *)arg = 42;
}

int main(void)
{
	int v = 0, i, st, again = 0;
	pid_t pid;

	is_int(guard_call(sets, &v), 0, "a function that returns: 0");
	is_int(v, 42, "and it ran");
	is_int(guard_call(segv, NULL), SIGSEGV, "a wild pointer: SIGSEGV");
	is_str(guard_signame(SIGSEGV), "SIGSEGV", "named");
	is_int(guard_call(fpe, &v), SIGFPE, "division by zero: SIGFPE");
	is_int(guard_call(do_abort, NULL), SIGABRT, "abort(): SIGABRT");
	is_int(guard_call(overflow, &v), SIGSEGV, "stack overflow: SIGSEGV");
	for (i = 0; i < 100; i++)
		again += guard_call(segv, NULL) == SIGSEGV;
	is_int(again, 100, "a hundred crashes in a row, each caught");
	v = 0;
	is_int(guard_call(sets, &v), 0, "and a call after them returns");
	is_int(v, 42, "and runs");

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 2); /* a sanitizer's report is expected here */
		segv(NULL);    /* not guarded: the previous handler */
		_exit(0);
	}
	waitpid(pid, &st, 0);
	ok(!(WIFEXITED(st) && WEXITSTATUS(st) == 0) &&
	       !(WIFSIGNALED(st) && WTERMSIG(st) != SIGSEGV),
	   "a crash outside the guard is not swallowed (status %#x)", st);

	/* guard_default in a child: a crash ends it by the signal itself, as
	 * a parent naming the plugin's crash needs (a sanitizer's handler
	 * would make it exit 1) */
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		guard_default();
		segv(NULL);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV,
	   "after guard_default a crash ends the child by SIGSEGV (status %#x)",
	   st);
	return tap_done();
}
