/*
 * numtext.h — numbers as the tools printed them, scaled exactly.
 *
 * Tools print times in whatever unit reads best ("1.6045 µs", a JSON
 * "time_unit": "us") and benchtrack stores one base unit ("ns/op").  Doing
 * the conversion in binary floating point turns 1.6045 µs into
 * 1604.4999999999998 ns; moving the decimal point in the text instead gives
 * "1604.5", exactly the number the tool meant.  numtext_shift() does that
 * for any JSON-style decimal literal, so a plugin can hand the host a text
 * that reads back as the converted value.  Conversions that are not powers
 * of ten (GiB/s → MB/s) still go through double.
 *
 * Allocation-free; part of the kit (common/, libbtkit.a) that the library
 * and every plugin link.
 */
#ifndef BT_NUMTEXT_H
#define BT_NUMTEXT_H

/* what the header-only kit included, so that plugins written against it
 * still build */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* NUMTEXT_MAX: the size of every number text buffer; NUMTEXT_DIGITS: the
 * most significant digits a literal may have. */
enum { NUMTEXT_MAX = 64, NUMTEXT_DIGITS = 40 };

/* Is p[0..n) a JSON number literal (RFC 8259 grammar)? */
int numtext_is_json(const char *p, size_t n);

/*
 * Scale the decimal literal p[0..n) (an optional sign, digits with an
 * optional '.', an optional exponent; "1,234" is not one: strip separators
 * first) by 1024^k1024 × 10^shift and write it to out (NUMTEXT_MAX bytes)
 * as a JSON number, with its double in *val.  Both factors are exact in
 * decimal, so the text is the exact product.  A JSON literal that is not
 * scaled and fits is copied as it is ("28.560" stays "28.560"); a longer
 * one is written anew ("0E+666…6" as "0").  0 on success, -1
 * when p is not such a literal or has more significant digits than
 * NUMTEXT_DIGITS.
 */
int numtext_scale(const char *p, size_t n, int shift, int k1024,
		  char out[NUMTEXT_MAX], double *val);

/* numtext_scale by a power of ten only. */
int numtext_shift(const char *p, size_t n, int shift, char out[NUMTEXT_MAX],
		  double *val);

/* The shortest of %.15g, %.16g, %.17g that reads back as v, into out: the
 * text of a number a plugin has only as a double (read from JSON). */
void numtext_double(char out[NUMTEXT_MAX], double v);

/* "2.37018G/s", as consoles print rates and counters: the number p[0..n)
 * stops before its SI prefix (k M G T P E: *power 1 … 6; m u n p: -1 … -4;
 * none: 0) and its suffix ("/s" or "%", else ""), into *num_n.  0, or -1
 * when what is left is no number (numtext_shift's literal). */
int numtext_si(const char *p, size_t n, size_t *num_n, int *power,
	       const char **suffix);

#endif
