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
 * Header-only and allocation-free so every plugin can include it and the
 * fuzz targets compile a plugin without a library.
 */
#ifndef BT_NUMTEXT_H
#define BT_NUMTEXT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { NUMTEXT_MAX = 64, NUMTEXT_DIGITS = 40 };

static int numtext_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Append c to out[*o] when it fits; 0, or -1 when out is full. */
static int numtext_put(char *out, size_t *o, char c)
{
	if (*o + 1 >= NUMTEXT_MAX)
		return -1;
	out[(*o)++] = c;
	return 0;
}

/* Write the decimal value 0.D × 10^point (D = dig[0..nd), no leading or
 * trailing zeros) as a JSON number into out; 0 or -1. */
static int numtext_write(char *out, int neg, const char *dig, int nd,
			 long point)
{
	size_t o = 0;
	long i;
	int r = 0;

	if (nd == 0) {
		strcpy(out, "0");
		return 0;
	}
	if (neg)
		r |= numtext_put(out, &o, '-');
	if (point > 0 && point <= 21) {
		for (i = 0; i < point; i++)
			r |= numtext_put(out, &o, i < nd ? dig[i] : '0');
		if (nd > point)
			r |= numtext_put(out, &o, '.');
		for (i = point; i < nd; i++)
			r |= numtext_put(out, &o, dig[i]);
	} else if (point <= 0 && point > -7) {
		r |= numtext_put(out, &o, '0');
		r |= numtext_put(out, &o, '.');
		for (i = point; i < 0; i++)
			r |= numtext_put(out, &o, '0');
		for (i = 0; i < nd; i++)
			r |= numtext_put(out, &o, dig[i]);
	} else {
		char e[24];
		size_t k;

		r |= numtext_put(out, &o, dig[0]);
		if (nd > 1)
			r |= numtext_put(out, &o, '.');
		for (i = 1; i < nd; i++)
			r |= numtext_put(out, &o, dig[i]);
		snprintf(e, sizeof e, "e%ld", point - 1);
		for (k = 0; e[k]; k++)
			r |= numtext_put(out, &o, e[k]);
	}
	if (r)
		return -1;
	out[o] = '\0';
	return 0;
}

/* Is p[0..n) a JSON number literal (RFC 8259 grammar)? */
static int numtext_is_json(const char *p, size_t n)
{
	size_t i = 0, d;

	if (i < n && p[i] == '-')
		i++;
	if (i < n && p[i] == '0')
		i++;
	else if (i < n && p[i] >= '1' && p[i] <= '9')
		while (i < n && numtext_digit(p[i]))
			i++;
	else
		return 0;
	if (i < n && p[i] == '.') {
		for (d = ++i; i < n && numtext_digit(p[i]);)
			i++;
		if (i == d)
			return 0;
	}
	if (i < n && (p[i] == 'e' || p[i] == 'E')) {
		i++;
		if (i < n && (p[i] == '+' || p[i] == '-'))
			i++;
		for (d = i; i < n && numtext_digit(p[i]);)
			i++;
		if (i == d)
			return 0;
	}
	return i == n;
}

/* dig[0..*nd) times 1024, in place; -1 when it no longer fits. */
static int numtext_mul1024(char *dig, int *nd, long *point)
{
	char tmp[NUMTEXT_DIGITS + 8];
	int i, k = 0;
	unsigned long carry = 0;

	for (i = *nd; i-- > 0;) {
		unsigned long v = (unsigned long)(dig[i] - '0') * 1024 + carry;

		tmp[k++] = (char)('0' + v % 10);
		carry = v / 10;
	}
	while (carry) {
		tmp[k++] = (char)('0' + carry % 10);
		carry /= 10;
		(*point)++;
	}
	if (k > NUMTEXT_DIGITS)
		return -1;
	for (i = 0; i < k; i++)
		dig[i] = tmp[k - 1 - i];
	*nd = k;
	return 0;
}

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
static int numtext_scale(const char *p, size_t n, int shift, int k1024,
			 char out[NUMTEXT_MAX], double *val)
{
	char dig[NUMTEXT_DIGITS];
	size_t i = 0;
	int nd = 0, neg = 0, seen = 0, dot = 0;
	long point = 0, exp = 0, esign = 1;

	if (shift == 0 && k1024 == 0 && n < NUMTEXT_MAX &&
	    numtext_is_json(p, n)) {
		memcpy(out, p, n);
		out[n] = '\0';
		*val = strtod(out, NULL);
		return 0;
	}
	if (i < n && (p[i] == '-' || p[i] == '+'))
		neg = p[i++] == '-';
	for (; i < n; i++) {
		if (numtext_digit(p[i])) {
			seen = 1;
			if (nd == 0 && p[i] == '0') {
				point -= dot; /* a leading zero */
				continue;
			}
			if (nd == NUMTEXT_DIGITS)
				return -1;
			dig[nd++] = p[i];
			point += !dot;
		} else if (p[i] == '.' && !dot) {
			dot = 1;
		} else {
			break;
		}
	}
	if (!seen)
		return -1;
	if (i < n && (p[i] == 'e' || p[i] == 'E')) {
		i++;
		if (i < n && (p[i] == '-' || p[i] == '+'))
			esign = p[i++] == '-' ? -1 : 1;
		if (i == n || !numtext_digit(p[i]))
			return -1;
		for (; i < n && numtext_digit(p[i]); i++)
			if (exp < 100000)
				exp = exp * 10 + (p[i] - '0');
	}
	if (i != n)
		return -1;
	for (; nd && k1024 > 0; k1024--)
		if (numtext_mul1024(dig, &nd, &point))
			return -1;
	while (nd > 0 && dig[nd - 1] == '0')
		nd--;
	point += esign * exp + shift;
	if (nd && (point > 400 || point < -400))
		return -1; /* beyond double: let the caller refuse it */
	if (numtext_write(out, neg, dig, nd, point))
		return -1;
	*val = strtod(out, NULL);
	return 0;
}

/* numtext_scale by a power of ten only. */
static int numtext_shift(const char *p, size_t n, int shift,
			 char out[NUMTEXT_MAX], double *val)
{
	return numtext_scale(p, n, shift, 0, out, val);
}

#endif
