/*
 * guard.c — crash handlers, a clock and fd 1 around calls into plugins; see
 * guard.h.
 *
 * The handlers are installed on first use (a filter reading records never
 * installs them), with SA_ONSTACK on an alternate stack of our own unless
 * one is there already (a sanitizer's), and SA_NODEFER so that jumping out
 * of the handler leaves no signal blocked: sigsetjmp need not save the
 * signal mask, which keeps a guarded call as cheap as a function call.
 *
 * The clock: a POSIX timer on CLOCK_MONOTONIC sends TICK_SIG every quarter
 * of the time limit while plugin code may run (from the first guard_call
 * to guard_idle).  Each call bumps a generation number; a tick that finds
 * the same call running for TICKS ticks in a row jumps out of it, so a
 * call is stopped between one and one and a quarter limits after it began.
 * bt-run's own timeout keeps SIGALRM and ITIMER_REAL; the ticks are
 * SA_RESTART, so the host's reads and writes go on through them.
 */
#include "guard.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

static const int sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
static const char *const names[] = {"SIGSEGV", "SIGBUS", "SIGFPE", "SIGILL",
				    "SIGABRT"};
#define NSIGS	 (sizeof sigs / sizeof sigs[0])
#define TICK_SIG (SIGRTMIN + 3)
enum { TICKS = 4 };

static struct sigaction previous[NSIGS];
static sigjmp_buf *volatile armed;
static int installed;

/* the clock */
static timer_t tick_timer;
static int ticking; /* -1 no timer could be made, 0 stopped, 1 running */
static volatile sig_atomic_t gen, seen, ticks, in_host;

/* fd 1: a close-on-exec copy of the record stream's descriptor, taken at
 * the first guarded call; -1 when there is nothing to swap (fd 1 closed,
 * or the stream moved off it for good); -2 not looked at yet. */
static int stream_fd = -2;
static int inside; /* in guard_call, and not in the host's callback */

/* guard_context's: what is running, for an exit() from it */
static const char *ctx_plugin, *ctx_file;
static const long *ctx_line;

static void on_crash(int sig, siginfo_t *info, void *uc)
{
	sigjmp_buf *jb = armed;
	size_t i;

	(void)uc;
	if (jb) {
		armed = NULL;
		siglongjmp(*jb, sig);
	}
	/* Not ours: put the previous handler back; a faulting instruction
	 * runs again and reaches it.  A signal that was sent, abort()'s
	 * among them, is sent again: glibc's abort() raises a second time
	 * only once SIGABRT's action is the default, which would pass the
	 * previous handler by (a fuzzer's, which saves the input). */
	for (i = 0; i < NSIGS; i++)
		if (sigs[i] == sig)
			sigaction(sig, &previous[i], NULL);
	if (info->si_code <= 0)
		raise(sig);
}

static void on_tick(int sig)
{
	sigjmp_buf *jb = armed;

	(void)sig;
	if (!jb || in_host || gen != seen) {
		seen = gen;
		ticks = 0;
		return;
	}
	if (++ticks < TICKS)
		return;
	armed = NULL;
	siglongjmp(*jb, GUARD_TIMEOUT);
}

/* exit() called from plugin code (not from the host's callback): say so
 * and end with 2, never with the plugin's status as if all went well. */
static void on_exit_call(int status, void *arg)
{
	char at[32] = "";

	(void)arg;
	if (!armed || in_host)
		return;
	armed = NULL;
	if (ctx_line && *ctx_line > 0)
		snprintf(at, sizeof at, "%ld:", *ctx_line);
	warnx_("%s%s%s%splugin %s called exit(%d) in the host's process; "
	       "stopped",
	       ctx_file ? ctx_file : "", ctx_file ? ":" : "", at,
	       ctx_file ? " " : "", ctx_plugin ? ctx_plugin : "code", status);
	_exit(EXIT_USAGE);
}

void guard_context(const char *plugin, const char *file, const long *lineno)
{
	ctx_plugin = plugin;
	ctx_file = file;
	ctx_line = lineno;
}

static void install(void)
{
	static char stack[64 * 1024];
	struct sigevent ev;
	struct sigaction sa;
	stack_t ss;
	size_t i;

	installed = 1;
	if (sigaltstack(NULL, &ss) == 0 && (ss.ss_flags & SS_DISABLE)) {
		ss.ss_sp = stack;
		ss.ss_size = sizeof stack;
		ss.ss_flags = 0;
		sigaltstack(&ss, NULL);
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_crash;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < NSIGS; i++)
		sigaction(sigs[i], &sa, &previous[i]);
	sa.sa_handler = on_tick;
	sa.sa_flags = SA_ONSTACK | SA_NODEFER | SA_RESTART;
	sigaction(TICK_SIG, &sa, NULL);
	memset(&ev, 0, sizeof ev);
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = TICK_SIG;
	ticking = timer_create(CLOCK_MONOTONIC, &ev, &tick_timer) ? -1 : 0;
	on_exit(on_exit_call, NULL);
}

int guard_timeout_ms(void)
{
	static int ms;
	const char *e;
	char *end;
	double s;

	if (ms)
		return ms;
	e = getenv("BT_PLUGIN_TIMEOUT");
	ms = 5000;
	if (e && *e) {
		s = strtod(e, &end);
		if (!*end && s > 0 && s <= 3600)
			ms = s * 1000 < 1 ? 1 : (int)(s * 1000);
	}
	return ms;
}

static void clock_start(void)
{
	long period = guard_timeout_ms() / TICKS;
	struct itimerspec it;

	if (ticking)
		return;
	if (period < 1)
		period = 1;
	it.it_interval.tv_sec = period / 1000;
	it.it_interval.tv_nsec = period % 1000 * 1000000;
	it.it_value = it.it_interval;
	if (timer_settime(tick_timer, 0, &it, NULL) == 0)
		ticking = 1;
}

void guard_idle(void)
{
	struct itimerspec off;

	if (ticking != 1)
		return;
	memset(&off, 0, sizeof off);
	timer_settime(tick_timer, 0, &off, NULL);
	ticking = 0;
}

/* fd 1 to stderr for plugin code: what the host buffered on stdout goes
 * out to the record stream first. */
static void fd1_to_plugin(void)
{
	int null;

	if (stream_fd == -2)
		stream_fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
	if (stream_fd < 0)
		return;
	fflush(stdout);
	if (dup2(STDERR_FILENO, STDOUT_FILENO) >= 0)
		return;
	/* no stderr to send it to: nowhere, but never the records */
	null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (null < 0 || dup2(null, STDOUT_FILENO) < 0)
		die(EXIT_USAGE, "cannot keep plugin code off fd 1: %s",
		    strerror(errno));
	close(null);
}

/* fd 1 back to the record stream: what the plugin left buffered on stdout
 * goes out to stderr first. */
static void fd1_to_host(void)
{
	if (stream_fd < 0)
		return;
	fflush(stdout);
	if (dup2(stream_fd, STDOUT_FILENO) < 0)
		die(EXIT_USAGE, "cannot put the record stream back on fd 1: %s",
		    strerror(errno));
}

int guard_call(void (*fn)(void *arg), void *arg)
{
	sigjmp_buf jb;
	int sig;

	if (!installed)
		install();
	clock_start();
	fd1_to_plugin();
	inside = 1;
	in_host = 0;
	gen++;
	sig = sigsetjmp(jb, 0);
	if (sig == 0) {
		armed = &jb;
		fn(arg);
	}
	armed = NULL;
	inside = 0;
	in_host = 0;
	fd1_to_host();
	return sig;
}

void guard_host_enter(void)
{
	if (!inside)
		return;
	in_host = 1;
	fd1_to_host();
}

void guard_host_leave(void)
{
	if (!inside)
		return;
	fd1_to_plugin();
	gen++; /* the plugin's clock starts again */
	in_host = 0;
}

static FILE *records; /* guard_own_stdout's: the process's record stream */

int guard_stdout_fd(void)
{
	return records ? fileno(records) : STDOUT_FILENO;
}

FILE *guard_own_stdout(void)
{
	int fd;

	if (records)
		return records;
	fflush(stdout);
	if (stream_fd >= 0)
		close(stream_fd);
	stream_fd = -1; /* fd 1 is never the records again: nothing to swap */
	fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
	if (fd < 0)
		return records = stdout; /* no fd 1 to protect */
	if (dup2(STDERR_FILENO, STDOUT_FILENO) < 0 ||
	    !(records = fdopen(fd, "w")))
		die(EXIT_USAGE, "cannot move the record stream off fd 1: %s",
		    strerror(errno));
	return records;
}

void guard_default(void)
{
	size_t i;

	for (i = 0; i < NSIGS; i++)
		signal(sigs[i], SIG_DFL);
	signal(TICK_SIG, SIG_DFL); /* no timer of ours in a child */
}

const char *guard_signame(int sig)
{
	size_t i;

	if (sig == GUARD_TIMEOUT)
		return "a time-out";
	for (i = 0; i < NSIGS; i++)
		if (sigs[i] == sig)
			return names[i];
	return "a signal";
}
