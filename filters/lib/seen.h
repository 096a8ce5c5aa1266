/*
 * seen.h — a set of byte strings that remembers 16 bytes per member,
 * whatever its length: for `bt-merge --union`, which writes each record
 * once and so must remember every record it wrote.  Keeping the lines
 * themselves made its memory 1.2 times the input (3.5 GB for 2.9 GB of
 * records); a 128-bit digest of each makes it 21 to 43 bytes a record (a
 * table at most three quarters full).
 *
 * Two different strings are taken for the same one only when their digests
 * are equal: for n members about n² / 2^129, never in practice (10^-25 for
 * a billion records).  The digest is fast, not cryptographic: strings made
 * on purpose to collide could be merged, which only matters for input an
 * adversary writes, and results are the user's own.
 */
#ifndef BT_SEEN_H
#define BT_SEEN_H

#include <stddef.h>
#include <stdint.h>

struct seen {
	uint64_t *slots; /* cap pairs; a pair of zeros is empty */
	size_t n, cap;
};

/* Add p[0..n) (any bytes); 1 when it was not in s yet, else 0. */
int seen_add(struct seen *s, const void *p, size_t n);

void seen_free(struct seen *s);

/* The 128-bit digest seen_add keeps (out[1] is never 0). */
void seen_digest(const void *p, size_t n, uint64_t out[2]);

#endif
