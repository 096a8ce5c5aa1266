/*
 * utf8.h — UTF-8 read and written by one pair of functions, for the
 * library (decoding records, showing names) and for plugins (turning a
 * tool's escapes into text).  Part of the kit (common/, libbtkit.a);
 * nothing allocates.
 */
#ifndef BT_UTF8_H
#define BT_UTF8_H

#include <stddef.h>

/* The UTF-8 sequence at p (p < end) as jq reads it: the bytes it takes, and
 * its code point in *cp, or -1 when they are not valid UTF-8 (jq then puts
 * one U+FFFD for them). */
size_t utf8_next(const unsigned char *p, const unsigned char *end, long *cp);

/* Code point cp (at most 0x10FFFF) as UTF-8 in o: the bytes written, 1 to
 * 4. */
size_t utf8_encode(char o[4], unsigned long cp);

#endif
