/*
 * buf.c — growable buffers and JSON writing; see buf.h.
 */
#include "buf.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonvalid.h"
#include "util.h"

void buf_grow(struct buf *b, size_t more)
{
	size_t cap = b->cap ? b->cap : 256;

	if (b->cap - b->len >= more && b->p)
		return;
	while (cap - b->len < more) {
		if (cap > (size_t)-1 / 2)
			die(EXIT_USAGE, "out of memory");
		cap *= 2;
	}
	b->p = xrealloc(b->p, cap);
	b->cap = cap;
}

void buf_free(struct buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

char *buf_cstr(struct buf *b)
{
	buf_addc(b, '\0');
	b->len--;
	return b->p;
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	long cp;
	size_t len = utf8_next(s, s + n, &cp);

	return cp < 0 ? 0 : len;
}

int utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;

	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		k = utf8_seq(p + i, n - i);
		if (!k)
			return 0;
		i += k;
	}
	return 1;
}

static const char hex[] = "0123456789abcdef";

/* 1 for the bytes json_str copies as they are. */
static const unsigned char plain[256] = {
#define R16(v) v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v
    R16(0), R16(0), /* controls */
    1,	    1,	    0,	    1,	    1,	    1,	    1,	    1,
    1,	    1,	    1,	    1,	    1,	    1,	    1,	    1, /* '"' */
    R16(1), R16(1), 1,	    1,	    1,	    1,	    1,	    1,
    1,	    1,	    1,	    1,	    1,	    1,	    0,	    1,
    1,	    1, /* '\\' */
    R16(1), R16(1), R16(0), R16(0), R16(0), R16(0), R16(0), R16(0),
    R16(0), R16(0),
#undef R16
};

/* 1 when the 8 bytes at p are all plain: none below 0x20, above 0x7f, '"'
 * or '\\' (most of a benchmark name is checked this way, a word at once;
 * the word tests are jsonvalid.h's). */
static int plain8(const unsigned char *p)
{
	uint64_t w;

	memcpy(&w, p, 8);
	return !((w & JVD_ONES * 0x80) | JVD_LESS(w, 0x20) | JVD_HAS(w, '"') |
		 JVD_HAS(w, '\\'));
}

void json_str(struct buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, start, k;
	char *o;

	while (i + 8 <= n && plain8(p + i))
		i += 8;
	while (i < n && plain[p[i]])
		i++;
	if (b->cap - b->len < n + 2 || !b->p)
		buf_grow(b, n + 2);
	if (i == n) { /* nearly every string: nothing to escape, one copy */
		o = b->p + b->len;
		o[0] = '"';
		buf_copy(o + 1, s, n);
		o[n + 1] = '"';
		b->len += n + 2;
		return;
	}
	buf_addc(b, '"');
	buf_add(b, s, i);
	while (i < n) {
		start = i;
		while (i + 8 <= n && plain8(p + i))
			i += 8;
		while (i < n && plain[p[i]])
			i++;
		buf_add(b, p + start, i - start);
		if (i == n)
			break;
		if (p[i] >= 0x80) {
			k = utf8_seq(p + i, n - i);
			if (k) {
				buf_add(b, p + i, k);
				i += k;
			} else {
				buf_addlit(b, "\xef\xbf\xbd"); /* U+FFFD */
				i++;
			}
			continue;
		}
		buf_addc(b, '\\');
		switch (p[i]) {
		case '"':
		case '\\':
			buf_addc(b, (char)p[i]);
			break;
		case '\n':
			buf_addc(b, 'n');
			break;
		case '\t':
			buf_addc(b, 't');
			break;
		case '\r':
			buf_addc(b, 'r');
			break;
		default:
			buf_addlit(b, "u00");
			buf_addc(b, hex[p[i] >> 4]);
			buf_addc(b, hex[p[i] & 15]);
		}
		i++;
	}
	buf_addc(b, '"');
}

int fmt_double_libc(char *out, double d)
{
	int prec, n = 0;

	if (d == 0)
		return sprintf(out, signbit(d) ? "-0" : "0");
	if (fabs(d) < 9007199254740992.0 && d == (double)(long long)d)
		return sprintf(out, "%lld", (long long)d);
	for (prec = 15; prec <= 17; prec++) {
		n = snprintf(out, 32, "%.*g", prec, d);
		if (strtod(out, NULL) == d)
			break;
	}
	return n;
}

/*
 * fmt_double_libc's text without snprintf or strtod, for the doubles a
 * filter computes (means, deviations: from 1e-6 up to 2^53, not whole).
 * d = m / 2^s exactly (m of 53 bits); its p significant digits are
 * q = round(m * 10^k / 2^s), k = p - 1 - x for its decimal exponent x,
 * in 128-bit integers, exactly, ties to even as printf rounds.  q / 10^k
 * reads back as d when it is nearer to d than half its spacing m + 1 and
 * m - 1 are: 2 |q 2^s - m 10^k| < 10^k (a tie reads back as the even m).
 * Then q is written as %.pg writes it.  0 when it wrote nothing (d out of
 * range, or the power of two whose lower neighbour is nearer): the caller
 * uses fmt_double_libc.
 */
typedef unsigned __int128 u128;

static const uint64_t p10[20] = {1ULL,
				 10ULL,
				 100ULL,
				 1000ULL,
				 10000ULL,
				 100000ULL,
				 1000000ULL,
				 10000000ULL,
				 100000000ULL,
				 1000000000ULL,
				 10000000000ULL,
				 100000000000ULL,
				 1000000000000ULL,
				 10000000000000ULL,
				 100000000000000ULL,
				 1000000000000000ULL,
				 10000000000000000ULL,
				 100000000000000000ULL,
				 1000000000000000000ULL,
				 10000000000000000000ULL};

static u128 pow10_128(int k) /* k <= 38 */
{
	return k < 20 ? (u128)p10[k] : (u128)p10[19] * p10[k - 19];
}

/* d's p digits and decimal exponent; 1 when they read back as d, 0 when
 * not, -1 when out of range. */
static int digits_of(uint64_t m, int s, double d, int p, uint64_t *q, int *x)
{
	int k, tries;
	u128 prod, r, half, tenk, diff;

	*x = (int)floor(log10(d));
	for (tries = 0; tries < 3; tries++) {
		k = p - 1 - *x;
		if (k < 0 || k > 21) /* m 10^k below 2^126 */
			return -1;
		tenk = pow10_128(k);
		prod = (u128)m * tenk;
		*q = (uint64_t)(prod >> s); /* 10^x <= d exactly, or not */
		if (*q >= p10[p]) {
			++*x;
			continue;
		}
		if (*q < p10[p - 1]) {
			--*x;
			continue;
		}
		r = prod & (((u128)1 << s) - 1);
		half = (u128)1 << (s - 1);
		if (r > half || (r == half && (*q & 1)))
			++*q, diff = ((u128)1 << s) - r;
		else
			diff = r;
		if (*q ==
		    p10[p]) /* rounded up to 10^p: %g's exponent is one more */
			*q = p10[p - 1], ++*x;
		return 2 * diff < tenk || (2 * diff == tenk && !(m & 1));
	}
	return -1;
}

static int fmt_fast(char *out, double d)
{
	char dig[20], *o = out;
	uint64_t m, q;
	int e, s, x, p, ok = 0, nd, i;
	double a = fabs(d), f = frexp(a, &e);

	if (!(a >= 1e-6 && a < 9007199254740992.0))
		return 0;
	m = (uint64_t)ldexp(f, 53);
	s = 53 - e; /* a = m / 2^s; s from 1 (a < 2^53) to 73 (a >= 1e-6) */
	if (m == 1ULL << 52 || s < 1 || s > 100)
		return 0;
	for (p = 15; p <= 17 && !ok; p++) {
		ok = digits_of(m, s, a, p, &q, &x);
		if (ok < 0)
			return 0;
	}
	if (!ok)
		return 0;
	p--;
	for (i = p - 1; i >= 0; i--, q /= 10)
		dig[i] = (char)('0' + q % 10);
	for (nd = p; nd > 1 && dig[nd - 1] == '0'; nd--)
		;
	if (d < 0)
		*o++ = '-';
	if (x < -4 || x >= p) { /* d.ddde-XX, as %g: two exponent digits */
		*o++ = dig[0];
		if (nd > 1) {
			*o++ = '.';
			memcpy(o, dig + 1, (size_t)nd - 1);
			o += nd - 1;
		}
		*o++ = 'e';
		*o++ = x < 0 ? '-' : '+';
		i = x < 0 ? -x : x;
		if (i >= 100)
			*o++ = (char)('0' + i / 100);
		*o++ = (char)('0' + i / 10 % 10);
		*o++ = (char)('0' + i % 10);
	} else if (x >= 0) {
		memcpy(o, dig, (size_t)x + 1);
		o += x + 1;
		if (nd > x + 1) {
			*o++ = '.';
			memcpy(o, dig + x + 1, (size_t)(nd - x - 1));
			o += nd - x - 1;
		}
	} else {
		*o++ = '0';
		*o++ = '.';
		for (i = x + 1; i < 0; i++)
			*o++ = '0';
		memcpy(o, dig, (size_t)nd);
		o += nd;
	}
	*o = '\0';
	return (int)(o - out);
}

int fmt_double(char *out, double d)
{
	int n;

	if (d == 0)
		return sprintf(out, signbit(d) ? "-0" : "0");
	if (fabs(d) < 9007199254740992.0 && d == (double)(long long)d) {
		char tmp[24], *e = tmp + sizeof tmp, *p = e;
		long long v = (long long)d;
		unsigned long long u =
		    v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v;

		do
			*--p = (char)('0' + u % 10);
		while (u /= 10);
		if (v < 0)
			*--p = '-';
		memcpy(out, p, (size_t)(e - p));
		out[e - p] = '\0';
		return (int)(e - p);
	}
	if (isfinite(d) && (n = fmt_fast(out, d)) > 0)
		return n;
	return fmt_double_libc(out, d);
}

void json_num(struct buf *b, double d)
{
	char tmp[32];
	int n;

	if (!isfinite(d)) {
		buf_addlit(b, "null");
		return;
	}
	n = fmt_double(tmp, d);
	buf_add(b, tmp, (size_t)n);
}

void json_int(struct buf *b, long long v)
{
	static const char pairs[] = "00010203040506070809"
				    "10111213141516171819"
				    "20212223242526272829"
				    "30313233343536373839"
				    "40414243444546474849"
				    "50515253545556575859"
				    "60616263646566676869"
				    "70717273747576777879"
				    "80818283848586878889"
				    "90919293949596979899";
	unsigned long long u =
	    v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v;
	char tmp[24], *e = tmp + sizeof tmp, *p = e;

	for (; u >= 100; u /= 100) /* two digits a step, from the right */
		p -= 2, memcpy(p, pairs + u % 100 * 2, 2);
	if (u >= 10)
		p -= 2, memcpy(p, pairs + u * 2, 2);
	else
		*--p = (char)('0' + u);
	if (v < 0)
		*--p = '-';
	buf_add(b, p, (size_t)(e - p));
}

static size_t digits(const char *s, size_t i, size_t n)
{
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	return i;
}

int json_is_number(const char *s, size_t n)
{
	size_t i = 0, j;

	if (i < n && s[i] == '-')
		i++;
	if (i < n && s[i] == '0')
		i++;
	else if (i < n && s[i] >= '1' && s[i] <= '9')
		i = digits(s, i, n);
	else
		return 0;
	if (i < n && s[i] == '.') {
		j = digits(s, i + 1, n);
		if (j == i + 1)
			return 0;
		i = j;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		j = digits(s, i, n);
		if (j == i)
			return 0;
		i = j;
	}
	return i == n;
}

void json_cstr(struct buf *b, const char *s)
{
	if (s)
		json_str(b, s, strlen(s));
	else
		buf_addlit(b, "null");
}
