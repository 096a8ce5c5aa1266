/*
 * bytes.h — short byte strings compared inline.
 *
 * The record reader and writer compare many short strings (a suite, a
 * name, a unit, a label) against the ones before them, and memcmp's call
 * costs more than the comparison.  bytes_eq compares n bytes as a few
 * words, overlapping at the end, and never reads outside either string.
 */
#ifndef BT_BYTES_H
#define BT_BYTES_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* a[0..n) == b[0..n). */
static inline int bytes_eq(const char *a, const char *b, size_t n)
{
	uint64_t x, y;
	uint32_t u, v;

	if (n < 4) /* 0 to 3 bytes: the first, the middle and the last */
		return !n || (a[0] == b[0] && a[n / 2] == b[n / 2] &&
			      a[n - 1] == b[n - 1]);
	if (n < 8) { /* two words that overlap */
		memcpy(&u, a, 4), memcpy(&v, b, 4);
		if (u != v)
			return 0;
		memcpy(&u, a + n - 4, 4), memcpy(&v, b + n - 4, 4);
		return u == v;
	}
	for (; n > 8; a += 8, b += 8, n -= 8) {
		memcpy(&x, a, 8);
		memcpy(&y, b, 8);
		if (x != y)
			return 0;
	}
	memcpy(&x, a + n - 8, 8); /* the last 8, some perhaps again */
	memcpy(&y, b + n - 8, 8);
	return x == y;
}

#endif
