/*
 * opts.h — option arguments read the same way, with the same words, in
 * every filter: numbers, percentages, counts and durations.  A bad
 * argument exits 2 with "prog: --opt wants WHAT, not 'ARG'".
 */
#ifndef BT_OPTS_H
#define BT_OPTS_H

/* A finite number >= 0 ("--alpha wants a number >= 0, not 'x'"). */
double opt_number(const char *arg, const char *opt);

/* A percentage: a finite number >= 0, without or with a trailing '%'. */
double opt_percent(const char *arg, const char *opt);

/* A whole number from min to max. */
long opt_count(const char *arg, const char *opt, long min, long max);

/* A duration in seconds > 0, fractions allowed ("1.5"). */
double opt_seconds(const char *arg, const char *opt);

#endif
