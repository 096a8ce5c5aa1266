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

int fmt_double(char *out, double d)
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
