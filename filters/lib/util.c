/*
 * util.c — messages, checked allocation and fshut; see util.h.
 */
#include "util.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "text.h"

const char *progname = "bt";

void util_init(const char *argv0)
{
	const char *slash;

	if (argv0 && *argv0) {
		slash = strrchr(argv0, '/');
		progname = slash ? slash + 1 : argv0;
	}
	/* Writing to a closed pipe ends the program quietly, as cat does. */
	signal(SIGPIPE, SIG_DFL);
}

/* Where the calling thread's messages go when not to stderr. */
static _Thread_local struct util_held *held;

void util_hold(struct util_held *h)
{
	if (held) {
		fclose(held->f);
		held->f = NULL;
	}
	held = NULL;
	if (h) {
		h->p = NULL, h->n = 0;
		if ((h->f = open_memstream(&h->p, &h->n)))
			held = h; /* else said at once, on stderr */
	}
}

void util_held_say(struct util_held *h, int say)
{
	if (say && h->n)
		fwrite(h->p, 1, h->n, stderr);
	free(h->p);
	h->p = NULL, h->n = 0;
}

/* "prog: message\n", the message as text_put shows it: a name in it (a
 * file's, an archive member's, a benchmark's) never reaches a terminal as
 * control characters, whichever message carries it.  Made whole first and
 * written at once: unbuffered stderr would take a write(2) a byte (20 s
 * under strace for 1,800 warnings), and two processes' lines would mix. */
static void vwarn(const char *fmt, va_list ap)
{
	char small[1024], *msg = small, *line = NULL;
	size_t len = 0;
	FILE *f, *mem, *to;
	va_list again;
	int n;

	va_copy(again, ap);
	n = vsnprintf(small, sizeof small, fmt, ap);
	if (n >= (int)sizeof small && (msg = malloc((size_t)n + 1)))
		vsnprintf(msg, (size_t)n + 1, fmt, again);
	else
		msg = small; /* cut, rather than nothing */
	va_end(again);
	to = held ? held->f : stderr;
	mem = open_memstream(&line, &len);
	f = mem ? mem : to; /* no memory: said all the same */
	fprintf(f, "%s: ", progname);
	text_put(f, msg);
	fputc('\n', f);
	if (mem) {
		if (fclose(mem) == 0)
			fwrite(line, 1, len, to);
		free(line);
	}
	if (msg != small)
		free(msg);
}

void warnx_(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
}

void die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	if (held) { /* said now, the last words with it */
		struct util_held *h = held;

		util_hold(NULL);
		if (h->stop) { /* or once the other thread has spoken */
			h->died = status + 1;
			h->stop(h->stop_arg);
		}
		util_held_say(h, 1);
	}
	exit(status);
}

static void *checked(void *p)
{
	if (!p)
		die(EXIT_USAGE, "out of memory");
	return p;
}

void *xmalloc(size_t n)
{
	return checked(malloc(n ? n : 1));
}

void *xcalloc(size_t n, size_t size)
{
	return checked(calloc(n ? n : 1, size ? size : 1));
}

void *xrealloc(void *p, size_t n)
{
	return checked(realloc(p, n ? n : 1));
}

void *xreallocarray(void *p, size_t n, size_t size)
{
	if (size && n > (size_t)-1 / size)
		die(EXIT_USAGE, "out of memory");
	return xrealloc(p, n * size);
}

char *xstrdup(const char *s)
{
	return checked(strdup(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

int fshut(FILE *f, const char *name)
{
	int bad = fflush(f) != 0 || ferror(f);
	int err = errno;

	if (fclose(f) != 0 && !bad) {
		bad = 1;
		err = errno;
	}
	if (!bad)
		return 0;
	/* A reader that went away (| head) is not an error worth reporting. */
	if (err == EPIPE)
		return 0;
	warnx_("%s: write error: %s", name, strerror(err));
	return 1;
}

void print_version(void)
{
	printf("%s (benchtrack) %s\n", progname, BT_VERSION);
}

void std_option(int c, void (*usage)(FILE *f, int status))
{
	if (c == 'h')
		usage(stdout, 0);
	if (c == 'V') {
		print_version();
		exit(fshut(stdout, "<stdout>"));
	}
	usage(stderr, EXIT_USAGE);
	exit(EXIT_USAGE); /* not reached */
}

int use_colour(FILE *f)
{
	const char *nc = getenv("NO_COLOR");

	if (nc && *nc)
		return 0;
	return isatty(fileno(f));
}

int util_cores(void)
{
	const char *env = getenv("BT_THREADS");
	long n;

	if (env && *env) {
		n = strtol(env, NULL, 10);
		return n < 1 ? 1 : n > 2 ? 2 : (int)n;
	}
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 2 ? 1 : 2;
}

static atomic_int helpers;

int util_helper_take(void)
{
	int none = 0;

	return atomic_compare_exchange_strong(&helpers, &none, 1);
}

void util_helper_add(void)
{
	atomic_fetch_add(&helpers, 1);
}

void util_helper_done(void)
{
	atomic_fetch_sub(&helpers, 1);
}
