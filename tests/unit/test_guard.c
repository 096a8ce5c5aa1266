/*
 * test_guard.c — guard_call turns a crash in the called function into its
 * signal number, again and again, including a stack overflow; a function
 * that returns is not disturbed; a crash outside the guard still reaches
 * the handler that was there before (the default: killed by SIGSEGV; a
 * sanitizer's: its report and exit status).  A function that blocks or
 * spins is stopped after the time limit (BT_PLUGIN_TIMEOUT, 0.2 s here),
 * but not for time spent in the host's callback; while it runs, fd 1 is
 * stderr, and what it printed never reaches the stream fd 1 was.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
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

static void on_abrt(int sig)
{
	(void)sig;
	_exit(42);
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

static void blocks(void *arg)
{
	(void)arg;
	for (;;)
		pause();
}

static void spins(void *arg)
{
	(void)arg;
	for (volatile int i = 0;; i++)
		;
}

/* a plugin whose host callback takes 0.5 s, longer than the limit */
static void slow_host(void *arg)
{
	struct timespec half = {0, 500000000};

	guard_host_enter();
	nanosleep(&half, NULL);
	guard_host_leave();
	*(int *)arg = 7;
}

/* a plugin that prints, and a host callback between its prints */
static void prints(void *arg)
{
	(void)arg;
	printf("forged\n"); /* left in stdio's buffer */
	(void)!write(1, "forged\n", 7);
	guard_host_enter();
	printf("host\n");
	guard_host_leave();
	puts("forged");
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void)
{
	int v = 0, i, st, again = 0;
	pid_t pid;
	double t0;
	int fds[2], err[2];
	char got[256];
	ssize_t k;

	setenv("BT_PLUGIN_TIMEOUT", "0.2", 1);
	/* abort() outside the guard, once guard_call has run: the handler
	 * that was there before it runs (a fuzzer's, which saves the input;
	 * glibc's abort() raises a second time only with SIGABRT's default).
	 * In a child forked before this process's first call: the guard puts
	 * its handlers in at its first call, over on_abrt. */
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		signal(SIGABRT, on_abrt);
		if (guard_call(sets, &v) != 0)
			_exit(1);
		abort();
	}
	waitpid(pid, &st, 0);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 42,
	   "abort() outside the guard reaches the handler before it "
	   "(status %#x)",
	   st);

	/* fd 1 while it runs, in a child whose fd 1 and 2 are pipes (first:
	 * the guard looks at fd 1 on its first call) */
	fflush(stdout);
	if (pipe(fds) || pipe(err))
		return 1;
	pid = fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		dup2(err[1], 2);
		close(fds[0]);
		close(err[0]);
		printf("before\n");
		guard_call(prints, NULL);
		printf("after\n");
		fflush(stdout);
		_exit(0);
	}
	close(fds[1]);
	close(err[1]);
	waitpid(pid, &st, 0);
	k = read(fds[0], got, sizeof got - 1);
	got[k > 0 ? k : 0] = '\0';
	is_str(got, "before\nhost\nafter\n",
	       "fd 1: the host's output only, in its order");
	k = read(err[0], got, sizeof got - 1);
	got[k > 0 ? k : 0] = '\0';
	is_str(got, "forged\nforged\nforged\n",
	       "what the function printed went to stderr");
	close(fds[0]);
	close(err[0]);

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

	is_int(guard_timeout_ms(), 200, "the limit: BT_PLUGIN_TIMEOUT");
	t0 = now();
	is_int(guard_call(blocks, NULL), GUARD_TIMEOUT,
	       "a function that blocks: GUARD_TIMEOUT");
	ok(now() - t0 >= 0.2 && now() - t0 < 1, "after the limit (%.2f s)",
	   now() - t0);
	t0 = now();
	is_int(guard_call(spins, NULL), GUARD_TIMEOUT,
	       "a function that spins: GUARD_TIMEOUT");
	ok(now() - t0 < 1, "after the limit (%.2f s)", now() - t0);
	v = 0;
	is_int(guard_call(slow_host, &v), 0,
	       "0.5 s in the host's callback is not the plugin's time");
	is_int(v, 7, "and it ran to its end");
	is_int(guard_call(segv, NULL), SIGSEGV, "a crash after time-outs");
	is_int(guard_call(sets, &v), 0, "and a call after them returns");
	guard_idle();
	guard_idle();
	is_int(guard_call(sets, &v), 0, "and after guard_idle");

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
