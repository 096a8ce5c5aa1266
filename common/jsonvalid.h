/*
 * jsonvalid.h — a strict JSON validator, run before text is handed to
 * libjq's parser.
 *
 * Why: jq 1.6 leaks memory on some malformed input ("Expected separator
 * between values" after a string), echoes the whole input in its messages,
 * and accepts things JSON does not (nan, NUL bytes).  Checking first costs
 * one allocation-free pass and gives every filter and plugin the same short,
 * exact error: what was expected and at which column.  It refuses what jq
 * refuses, so that what passes here parses there (a high surrogate escape
 * must be followed by a low one).
 *
 * Part of the kit (common/, libbtkit.a) that the library and every plugin
 * link.  Nesting deeper than JSONVALID_DEPTH is refused.
 */
#ifndef BT_JSONVALID_H
#define BT_JSONVALID_H

/* what the header-only kit included, so that plugins written against it
 * still build */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define JSONVALID_DEPTH 64

/* Word-at-a-time byte tests on a uint64_t w (the string scan here and the
 * line splitter in filters/lib/buf.c use them). */
#define JVD_ONES 0x0101010101010101ULL
/* Non-zero when a byte of w is below c (c <= 128; exact for any w). */
#define JVD_LESS(w, c) (((w)-JVD_ONES * (c)) & ~(w)&JVD_ONES * 0x80)
/* Non-zero when a byte of w is c. */
#define JVD_HAS(w, c) JVD_LESS((w) ^ (JVD_ONES * (c)), 1)

/*
 * 0 when s[0..n) is exactly one JSON value (with surrounding white space);
 * else -1 and a message such as "invalid JSON at column 12: expected ','
 * or '}'" in err (size errn; err may be NULL).  Allocates nothing.
 */
int json_valid(const char *s, size_t n, char *err, size_t errn);

/* The end of the one JSON value at the start of s[0..n) (after white
 * space), checked as json_valid checks it, or NULL when there is none: for
 * a reader that checks a line piece by piece (samples.c). */
const char *json_value_end(const char *s, size_t n);

#endif
