/*
 * guard.c — crash handlers around calls into plugins; see guard.h.
 *
 * The handlers are installed on first use (a filter reading records never
 * installs them), with SA_ONSTACK on an alternate stack of our own unless
 * one is there already (a sanitizer's), and SA_NODEFER so that jumping out
 * of the handler leaves no signal blocked: sigsetjmp need not save the
 * signal mask, which keeps a guarded call as cheap as a function call.
 */
#include "guard.h"

#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

static const int sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
static const char *const names[] = {"SIGSEGV", "SIGBUS", "SIGFPE", "SIGILL",
				    "SIGABRT"};
#define NSIGS (sizeof sigs / sizeof sigs[0])

static struct sigaction previous[NSIGS];
static sigjmp_buf *volatile armed;
static int installed;

static void on_crash(int sig)
{
	sigjmp_buf *jb = armed;
	size_t i;

	if (jb) {
		armed = NULL;
		siglongjmp(*jb, sig);
	}
	/* Not ours: put the previous handler back; the faulting instruction
	 * runs again and reaches it (abort() raises again by itself). */
	for (i = 0; i < NSIGS; i++)
		if (sigs[i] == sig)
			sigaction(sig, &previous[i], NULL);
}

static void install(void)
{
	static char stack[64 * 1024];
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
	sa.sa_handler = on_crash;
	sa.sa_flags = SA_ONSTACK | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < NSIGS; i++)
		sigaction(sigs[i], &sa, &previous[i]);
}

int guard_call(void (*fn)(void *arg), void *arg)
{
	sigjmp_buf jb;
	int sig;

	if (!installed)
		install();
	sig = sigsetjmp(jb, 0);
	if (sig == 0) {
		armed = &jb;
		fn(arg);
	}
	armed = NULL;
	return sig;
}

void guard_default(void)
{
	size_t i;

	for (i = 0; i < NSIGS; i++)
		signal(sigs[i], SIG_DFL);
}

const char *guard_signame(int sig)
{
	size_t i;

	for (i = 0; i < NSIGS; i++)
		if (sigs[i] == sig)
			return names[i];
	return "a signal";
}
