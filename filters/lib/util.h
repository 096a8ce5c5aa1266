/*
 * util.h — what every benchtrack executable needs: its name in messages,
 * errors in the one format users grep for, checked allocation, and closing
 * stdout with its write error reported (sbase's fshut) instead of exiting 0
 * with output lost.
 *
 * Exit codes are the same in every filter: 0 success, 1 a finding (a
 * regression, a threshold exceeded) or a failed run, 2 usage or input error.
 */
#ifndef BT_UTIL_H
#define BT_UTIL_H

#include <stddef.h>
#include <stdio.h>

enum { EXIT_FINDING = 1, EXIT_USAGE = 2 };

#define BT_VERSION "0.1.0"

/* The program's name as messages show it ("bt-parse"); set by util_init. */
extern const char *progname;

/* Record argv[0]'s base name and make SIGPIPE quietly end the program. */
void util_init(const char *argv0);

/* "prog: message\n" on stderr; die() then exits with status. */
void warnx_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void die(int status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* A thread's messages held, to be said after another thread's (bgread.h:
 * a target read on a second core speaks after the baseline, as if read in
 * turn).  util_hold(h) sends the calling thread's messages into h, until
 * util_hold(NULL); then h->p holds h->n bytes of them, written out or
 * dropped by util_held_say.  die() on a holding thread holds its own
 * message too and, when h->stop is set, sets h->died to its status + 1 and
 * calls stop(stop_arg), which must not return: the other thread ends the
 * program once it has said its own (bgread_wait), as reading in turn
 * would.  Without stop it says what was held and its message, and exits. */
struct util_held {
	FILE *f;
	char *p;
	size_t n;
	int died;
	void (*stop)(void *arg);
	void *stop_arg;
};
void util_hold(struct util_held *h);
void util_held_say(struct util_held *h, int say);

/* Allocation that cannot fail: out of memory ends the program (status 2). */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Flush and close f; on a write error report it (named by name) and return
 * 1, else 0.  Call as `return fshut(stdout, "<stdout>") | status;`. */
int fshut(FILE *f, const char *name);

/* Print "prog version" for --version. */
void print_version(void);

/* The end of every filter's getopt_long table: --help, --version, the
 * terminator (std_option handles the first two). */
// clang-format off
#define STD_LONG_OPTIONS \
	{"help", no_argument, NULL, 'h'}, \
	{"version", no_argument, NULL, 'V'}, \
	{NULL, 0, NULL, 0}
// clang-format on

/* The end of every filter's getopt switch: 'h' (--help) calls
 * usage(stdout, 0), 'V' (--version) prints the version and exits, anything
 * else calls usage(stderr, EXIT_USAGE).  usage must exit; so does this. */
void std_option(int c, void (*usage)(FILE *f, int status));

/* How many cores a filter may use at once: BT_THREADS when it is a
 * number (1 reads and computes in turn), else the cores online, at most
 * 2 (the work that splits here splits in two). */
int util_cores(void);

/* The second core's helper threads, counted process-wide: a thread that
 * is worth starting only on an idle core (ingz.c's inflater) starts when
 * util_helper_take says none runs; one that starts all the same (bgread)
 * is counted with util_helper_add.  util_helper_done when either ends. */
int util_helper_take(void);
void util_helper_add(void);
void util_helper_done(void);

/* True when colour may be used on f: a terminal and NO_COLOR unset. */
int use_colour(FILE *f);

#endif
