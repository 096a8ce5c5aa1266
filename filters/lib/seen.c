/*
 * seen.c — the digest set of seen.h.
 *
 * The digest runs two lanes over the string 8 bytes at a time; each step
 * (xor a word, multiply by an odd constant, rotate) is a bijection of the
 * lane's state, so two strings of the same length that differ in one word
 * never meet in a lane; the length is mixed in first, and the tail is
 * padded with zeros.  The lanes' constants differ, and each ends with
 * MurmurHash3's finaliser so that every bit of the state reaches every bit
 * of the digest.  The set is open addressing with linear probing, kept at
 * most three quarters full.
 */
#include "seen.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

static uint64_t rotl(uint64_t x, int r)
{
	return x << r | x >> (64 - r);
}

static uint64_t fmix64(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	k *= 0xc4ceb9fe1a85ec53ULL;
	k ^= k >> 33;
	return k;
}

void seen_digest(const void *p, size_t n, uint64_t out[2])
{
	const unsigned char *s = p;
	uint64_t a = 0x243f6a8885a308d3ULL ^ n, b = 0x13198a2e03707344ULL + n;
	uint64_t w;
	size_t i;

	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		a = rotl((a ^ w) * 0x9e3779b97f4a7c15ULL, 31);
		b = rotl((b ^ w) * 0xc2b2ae3d27d4eb4fULL, 27);
	}
	if (i < n) {
		w = 0;
		memcpy(&w, s + i, n - i);
		a = rotl((a ^ w) * 0x9e3779b97f4a7c15ULL, 31);
		b = rotl((b ^ w) * 0xc2b2ae3d27d4eb4fULL, 27);
	}
	out[0] = fmix64(a ^ rotl(b, 17));
	out[1] = fmix64(b ^ rotl(a, 41)) | 1;
}

/* The slot of digest d in s: where it is, or the empty one it would go. */
static uint64_t *slot(const struct seen *s, const uint64_t d[2])
{
	size_t i = (size_t)d[0] & (s->cap - 1);
	uint64_t *e;

	for (;; i = (i + 1) & (s->cap - 1)) {
		e = &s->slots[2 * i];
		if ((e[0] == d[0] && e[1] == d[1]) || (!e[0] && !e[1]))
			return e;
	}
}

static void grow(struct seen *s)
{
	struct seen bigger = {NULL, s->n, s->cap ? 2 * s->cap : 1024};
	size_t i;

	bigger.slots = xcalloc(bigger.cap, 2 * sizeof *bigger.slots);
	for (i = 0; i < s->cap; i++)
		if (s->slots[2 * i + 1])
			memcpy(slot(&bigger, &s->slots[2 * i]),
			       &s->slots[2 * i], 2 * sizeof *s->slots);
	free(s->slots);
	*s = bigger;
}

int seen_add(struct seen *s, const void *p, size_t n)
{
	uint64_t d[2], *e;

	if ((s->n + 1) * 4 > s->cap * 3)
		grow(s);
	seen_digest(p, n, d);
	e = slot(s, d);
	if (e[1])
		return 0;
	e[0] = d[0];
	e[1] = d[1];
	s->n++;
	return 1;
}

void seen_free(struct seen *s)
{
	free(s->slots);
	memset(s, 0, sizeof *s);
}
