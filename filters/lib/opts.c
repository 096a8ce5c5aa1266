/*
 * opts.c — option arguments (opts.h).
 */
#include "opts.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* arg as a finite double, the rest of it (a suffix) in *end; 0, or -1. */
static int read_finite(const char *arg, double *d, char **end)
{
	errno = 0;
	*d = strtod(arg, end);
	return errno || *end == arg || !isfinite(*d) ? -1 : 0;
}

double opt_number(const char *arg, const char *opt)
{
	char *end;
	double d;

	if (read_finite(arg, &d, &end) || *end || !(d >= 0))
		die(EXIT_USAGE, "%s wants a number >= 0, not '%s'", opt, arg);
	return d;
}

double opt_percent(const char *arg, const char *opt)
{
	char *end;
	double d;

	if (read_finite(arg, &d, &end) || (*end && strcmp(end, "%")) || !(d >= 0))
		die(EXIT_USAGE,
		    "%s wants a percentage (a number >= 0), not '%s'", opt,
		    arg);
	return d;
}

long opt_count(const char *arg, const char *opt, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || end == arg || *end || v < min || v > max)
		die(EXIT_USAGE,
		    "%s wants a whole number from %ld to %ld, not '%s'", opt,
		    min, max, arg);
	return v;
}

double opt_seconds(const char *arg, const char *opt)
{
	char *end;
	double d;

	if (read_finite(arg, &d, &end) || *end || !(d > 0))
		die(EXIT_USAGE, "%s wants seconds > 0, not '%s'", opt, arg);
	return d;
}
