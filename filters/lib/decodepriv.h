/*
 * decodepriv.h — what decode.c shares with fastdecode.c and samples.c, and
 * no one else.
 *
 * The record decoder is two readings of one grammar: the general path
 * (decode.c) and the fast path for the lines our writer writes
 * (fastdecode.c), which declines whatever it does not expect.  They must
 * read a line the same way, so they share the field table, the number
 * conversion and the reset of struct rec, here.  samples.c, which reads
 * version 2's samples records as the lines they stand for, skips values
 * the way decode.c does.
 */
#ifndef BT_DECODEPRIV_H
#define BT_DECODEPRIV_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "record.h"

/* A member of a JSON object: its key (decoded) and its value's text. */
struct rec_ent {
	struct bt_str key;
	const char *v, *vend;
	size_t pos;
	int drop;
};

/* The top-level fields a record's meaning rests on. */
enum field {
	FL_BT,
	FL_KIND,
	FL_NAME,
	FL_SUITE,
	FL_REASON,
	FL_MESSAGE,
	FL_PROCS,
	FL_ITERATIONS,
	FL_METRICS,
	FL_LABELS,
	FL_CONFIG,
	FL_BETTER,
	FL_RUN,
	FL_SUMMARY_ONLY,
	FL_N
};

/* The kind named by s (BT_KIND_*); 0 for none of ours. */
int rec_kind_of(struct bt_str s);
/* The field key k names (FL_*); -1 for none of ours. */
int rec_field_of(struct bt_str k);
static inline int rec_key_eq(struct bt_str a, struct bt_str b)
{
	return a.n == b.n && memcmp(a.s, b.s, a.n) == 0;
}
/* The value of the JSON number s[0..n), exactly as strtod reads it. */
double rec_number(const char *s, size_t n);
extern const double rec_pow10[23]; /* 1e0 to 1e22, each exact */

/* rec_number of a number in JSON's grammar (valid JSON): a
 * plain decimal of at most 15 digits directly, the same double; anything
 * else through rec_number. */
static inline double rec_quick_number(const char *s, size_t n)
{
	const char *p = s, *e = s + n, *f;
	uint64_t mant = 0;
	size_t nd, frac = 0;
	int neg = *p == '-';
	double d;

	p += neg;
	for (f = p; p < e && (unsigned char)(*p - '0') < 10; p++)
		mant = mant * 10 + (uint64_t)(*p - '0');
	nd = (size_t)(p - f);
	if (p < e && *p == '.') {
		for (f = ++p; p < e && (unsigned char)(*p - '0') < 10; p++)
			mant = mant * 10 + (uint64_t)(*p - '0');
		frac = (size_t)(p - f);
	}
	if (p != e || nd + frac > 15)
		return rec_number(s, n);
	d = (double)mant / rec_pow10[frac];
	return neg ? -d : d;
}

/* The value v[0..n) as "procs" and "iterations" are read: a whole number
 * >= 0, or null (0); -1 for anything else. */
int rec_whole(const char *v, size_t n, int64_t *out);

/* p at a value (or white space before it) of valid JSON ending at end:
 * just past the value (samples.c reads with it). */
const char *rec_value_end(const char *p, const char *end);

/* fastdecode.c's: the cache of the last line's head, labels, metric keys. */
void rec_lcache_free(struct rec_lcache *c);

#endif
