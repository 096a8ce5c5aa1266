/*
 * numtext.c — decimal scaling on the digits themselves (numtext.h): the
 * literal is read into its digits and decimal point, multiplied by 1024 in
 * decimal where asked, and written back with the point moved.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "numtext.h"

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

int numtext_is_json(const char *p, size_t n)
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

int numtext_scale(const char *p, size_t n, int shift, int k1024,
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

int numtext_shift(const char *p, size_t n, int shift, char out[NUMTEXT_MAX],
		  double *val)
{
	return numtext_scale(p, n, shift, 0, out, val);
}

void numtext_double(char out[NUMTEXT_MAX], double v)
{
	int prec;

	for (prec = 15; prec <= 17; prec++) {
		snprintf(out, NUMTEXT_MAX, "%.*g", prec, v);
		if (strtod(out, NULL) == v)
			return;
	}
}

int numtext_si(const char *p, size_t n, size_t *num_n, int *power,
	       const char **suffix)
{
	static const char big[] = "kMGTPE", small[] = "munp";
	const char *hit;
	char buf[NUMTEXT_MAX];
	double v;

	*suffix = "";
	if (n >= 2 && !memcmp(p + n - 2, "/s", 2))
		*suffix = "/s", n -= 2;
	else if (n >= 1 && p[n - 1] == '%')
		*suffix = "%", n -= 1;
	*power = 0;
	if (n && (hit = memchr(big, p[n - 1], 6)))
		*power = (int)(hit - big) + 1, n--;
	else if (n && (hit = memchr(small, p[n - 1], 4)))
		*power = -((int)(hit - small) + 1), n--;
	*num_n = n;
	return n && !numtext_shift(p, n, 0, buf, &v) ? 0 : -1;
}
