/*
 * gotokens.h — the scanner under the Go plugin's hot path: the white-space
 * separated tokens of a result line and its decimal numbers, read exactly.
 *
 *	BenchmarkDecode-8   	  123456	      9524 ns/op	  1024 B/op
 *
 * A result line is nine or more tokens, most of them column padding and
 * short numbers, and a 100 MB file has a million such lines: the tokens
 * are found a machine word at a time (and, for a line of at most 256
 * bytes, from an SSE2 bitmap of its white space), the numbers computed
 * directly when their digits make an exact integer, else by strtod.  White
 * space is ' ', '\t' and '\r', as Go's format says.
 *
 * Header-only (static inline, like benchline.h) so go.c and its fuzz
 * target inline it; go.c is its one user.
 */
#ifndef BT_GOTOKENS_H
#define BT_GOTOKENS_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "jsonvalid.h"

static inline int is_space(char c)
{
	/* one test: bits 9, 13 and 32 of the mask are '\t', '\r' and ' ' */
	unsigned char u = (unsigned char)c;

	return u <= ' ' &&
	       ((1ULL << ' ' | 1ULL << '\t' | 1ULL << '\r') >> u) & 1;
}

static const double pow10_exact[] = {
    1e0,  1e1,	1e2,  1e3,  1e4,  1e5,	1e6,  1e7,  1e8,  1e9,	1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/*
 * Parse a decimal number token exactly as strtod would.  Plain decimals
 * (digits, an optional '.' and digits) whose digits make an integer below
 * 2^53 with at most 22 after the point are computed directly (an exact
 * integer divided by an exact power of ten is correctly rounded); anything
 * else goes through strtod.  0 on success, -1 when the token is not a
 * number.
 */
static inline __attribute__((always_inline)) int
parse_number(const char *p, size_t n, double *out)
{
	const char *q = p, *e = p + n, *s, *f;
	unsigned long long mant = 0;
	size_t ni, nf = 0;
	int neg = 0;
	char tmp[64];
	char *end;

	if (q < e && (*q == '-' || *q == '+'))
		neg = *q++ == '-';
	for (s = q; q < e && (unsigned char)(*q - '0') < 10; q++)
		mant = mant * 10 + (unsigned)(*q - '0');
	ni = (size_t)(q - s);
	if (q < e && *q == '.') {
		for (f = ++q; q < e && (unsigned char)(*q - '0') < 10; q++)
			mant = mant * 10 + (unsigned)(*q - '0');
		nf = (size_t)(q - f);
	}
	if (q == e && ni + nf > 0 && ni + nf <= 19 && nf <= 22 &&
	    mant <= (1ULL << 53)) {
		*out = (double)mant / pow10_exact[nf];
		if (neg)
			*out = -*out;
		return 0;
	}
	if (n >= sizeof tmp)
		return -1;
	memcpy(tmp, p, n);
	tmp[n] = '\0';
	*out = strtod(tmp, &end);
	if (end != tmp + n || end == tmp)
		return -1;
	return 0;
}

/* 0x80 in each byte of w that is zero, exactly (no borrow between bytes). */
static inline uint64_t zero_bytes(uint64_t w)
{
	const uint64_t lo7 = JVD_ONES * 0x7f;

	return ~(((w & lo7) + lo7) | w | lo7);
}

/* The next token of p[*i..n): skip white space, return where it starts and
 * set *i to where it ends.  Inline: called nine times a result line. */
static inline __attribute__((always_inline)) size_t token(const char *p,
							  size_t n, size_t *i)
{
	size_t k = *i, s;
	uint64_t w, m;

	while (k < n && is_space(p[k])) {
		k++;
		/* the padding of a right-aligned column, a word at once */
		while (k + 8 <= n && is_space(p[k]) && is_space(p[k + 1])) {
			memcpy(&w, p + k, 8);
			m = zero_bytes(w ^ (JVD_ONES * ' ')) |
			    zero_bytes(w ^ (JVD_ONES * '\t')) |
			    zero_bytes(w ^ (JVD_ONES * '\r'));
			m = ~m & JVD_ONES * 0x80; /* the bytes not space */
			if (m) {
				k += (size_t)__builtin_ctzll(m) / 8;
				break;
			}
			k += 8;
		}
	}
	s = k;
	while (k + 8 <= n) { /* a word at once to the first byte <= ' ' */
		memcpy(&w, p + k, 8);
		m = JVD_LESS(w, 0x21);
		if (m) {
			k += (size_t)__builtin_ctzll(m) / 8;
			break;
		}
		k += 8;
	}
	while (k < n && (unsigned char)p[k] > ' ') /* the common case */
		k++;
	while (k < n && !is_space(p[k]))
		k++;
	*i = k;
	return s;
}

/*
 * The tokens of a line.  A line of at most 256 bytes is looked at once: a
 * bit for every byte that is white space (SSE2 compares 16 bytes at a
 * time), and where a token starts or ends is where that bit changes, found
 * a bit scan each.  Longer lines, and builds without SSE2, go through
 * token().
 */
enum { SHORT_LINE = 256 };

struct cursor {
	const char *p;
	size_t n, i;
	int bits;	/* the tokens are in start[], end[] */
	size_t t, ntok; /* the next of ntok tokens */
	uint16_t start[SHORT_LINE / 2 + 1], end[SHORT_LINE / 2 + 1];
};

static inline void cursor_init(struct cursor *c, const char *p, size_t n)
{
	c->p = p, c->n = n, c->i = 0, c->bits = 0;
#ifdef __SSE2__
	if (n <= SHORT_LINE) {
		const __m128i sp = _mm_set1_epi8(' '),
			      tab = _mm_set1_epi8('\t'),
			      cr = _mm_set1_epi8('\r');
		/* bit k % 64 of space[k / 64]: p[k] is white space, and so is
		 * every place from n on */
		uint64_t space[SHORT_LINE / 64 + 1], before = 1, st, en;
		unsigned char tail[16];
		size_t k, w, ns = 0, ne = 0;

		memset(space, 0xff, sizeof space);
		for (k = 0; k < n; k += 16) {
			__m128i v, m;
			uint64_t bits;

			if (n - k >= 16) {
				v = _mm_loadu_si128((const __m128i *)(p + k));
			} else { /* never a byte past the line's end */
				memset(tail, ' ', sizeof tail);
				memcpy(tail, p + k, n - k);
				v = _mm_loadu_si128((const __m128i *)tail);
			}
			m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, sp),
						      _mm_cmpeq_epi8(v, tab)),
					 _mm_cmpeq_epi8(v, cr));
			bits = (uint64_t)(unsigned)_mm_movemask_epi8(m);
			space[k / 64] &= ~(0xffffULL << (k % 64));
			space[k / 64] |= bits << (k % 64);
		}
		for (w = 0; w <= n / 64; w++) {
			uint64_t prev =
			    space[w] << 1 | before; /* bit k: k - 1 */

			st = ~space[w] & prev; /* not space after space */
			en = space[w] & ~prev; /* space after not space */
			before = space[w] >> 63;
			for (; st; st &= st - 1)
				c->start[ns++] =
				    (uint16_t)(w * 64 +
					       (size_t)__builtin_ctzll(st));
			for (; en; en &= en - 1)
				c->end[ne++] =
				    (uint16_t)(w * 64 +
					       (size_t)__builtin_ctzll(en));
		}
		c->t = 0;
		c->ntok = ns; /* == ne: past n is space, so every token ends */
		c->bits = 1;
	}
#endif
}

/* The next token: returns where it starts, c->i is where it ends (both n
 * when there is none left). */
static inline size_t next_token(struct cursor *c)
{
	if (!c->bits)
		return token(c->p, c->n, &c->i);
	if (c->t == c->ntok)
		return c->i = c->n;
	c->i = c->end[c->t];
	return c->start[c->t++];
}

#endif
