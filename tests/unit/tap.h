/*
 * tap.h — a tiny Test Anything Protocol producer for the C unit tests, so
 * `prove` runs them beside the shell tests and one summary line ends the
 * run.  Header-only: a test file includes it, calls the checks, and ends
 * main() with `return tap_done();`.
 */
#ifndef BT_TAP_H
#define BT_TAP_H

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

static inline int tap_vok(int cond, const char *fmt, va_list ap)
{
	tap_n++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - ", cond ? "" : "not ", tap_n);
	vprintf(fmt, ap);
	putchar('\n');
	fflush(stdout);
	return cond;
}

__attribute__((format(printf, 2, 3))) static inline int ok(int cond,
							   const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = tap_vok(cond, fmt, ap);
	va_end(ap);
	return r;
}

/* A diagnostic line, shown by prove -v and on failure. */
__attribute__((format(printf, 1, 2))) static inline void diag(const char *fmt,
							      ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("# ");
	vprintf(fmt, ap);
	putchar('\n');
	va_end(ap);
}

#define is_int(got, want, name)                                                \
	do {                                                                   \
		long long g_ = (got), w_ = (want);                             \
		if (!ok(g_ == w_, "%s", name))                                 \
			diag("got %lld, want %lld", g_, w_);                   \
	} while (0)

#define is_str(got, want, name)                                                \
	do {                                                                   \
		const char *g_ = (got), *w_ = (want);                          \
		if (!ok(g_ && w_ && strcmp(g_, w_) == 0, "%s", name))          \
			diag("got '%s', want '%s'", g_ ? g_ : "(null)",        \
			     w_ ? w_ : "(null)");                              \
	} while (0)

/* |got - want| <= tol, or both NaN. */
#define is_near(got, want, tol, name)                                          \
	do {                                                                   \
		double g_ = (got), w_ = (want);                                \
		int c_ = (isnan(g_) && isnan(w_)) || fabs(g_ - w_) <= (tol);   \
		if (!ok(c_, "%s", name))                                       \
			diag("got %.17g, want %.17g", g_, w_);                 \
	} while (0)

static inline int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
