/*
 * samplespriv.h — what samples.c (the general reading of version 2's
 * samples records) shares with samplescompact.c (the one-pass reading of
 * the records our writer writes), and no one else.  Two readings of one
 * record must fill struct samples_rd alike: they share its parts and the
 * checks of its numbers, here.
 */
#ifndef BT_SAMPLESPRIV_H
#define BT_SAMPLESPRIV_H

#include <stddef.h>
#include <stdint.h>

#include "record.h"
#include "samples.h"
#include "util.h"

enum role {
	M_OTHER,
	M_BT,
	M_KIND,
	M_UNITS,
	M_ITER,
	M_VALUES,
	M_METRICS,
	M_LABELS,
	M_BETTER,
	M_ROLES
};

struct samples_member {
	const char *k, *kend; /* the key, quotes included */
	const char *v, *vend; /* the value */
	struct bt_str name;   /* the key decoded (owned when it had escapes) */
	int role, owned;
};

/* A unit: as written, decoded, and which way is better. */
struct samples_unit {
	const char *s, *e;
	struct bt_str name;
	int owned, better;
	size_t at, n; /* its value's place in the first sample's line */
	size_t bat;   /* and in the line being made */
};

/* A sample's number: its text in the record, and what it is. */
struct samples_num {
	const char *s;
	size_t n;
	double v;  /* a value */
	int64_t i; /* a count */
};

/* The beginning of a samples record as our writer writes it. */
static const char samples_head2[] = "{\"bt\":2,\"kind\":\"samples\",";

/* s emptied for reading line[0..len). */
void samples_begin(struct samples_rd *s, const char *line, size_t len);
/* The member key k names (M_*). */
int samples_role(struct bt_str k);
/* Of the n names at base, step bytes apart: one that appears twice, or
 * NULL. */
const struct bt_str *samples_repeated(const char *base, size_t step, size_t n);
/* "better" (the member b, or NULL) into the units; -1 when not an
 * object. */
int samples_better(struct samples_rd *s, const struct samples_member *b);
/* Room for one more number in *a (size *n, room for *cap). */
static inline struct samples_num *samples_num_add(struct samples_num **a,
						  size_t *n, size_t *cap)
{
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 64;
		*a = xreallocarray(*a, *cap, sizeof **a);
	}
	return &(*a)[(*n)++];
}
/* Sample i's next value or its count, p[0..e): 0, or -1 when it is not a
 * finite number, or not a whole one (err, size n, says so). */
int samples_value(struct samples_rd *s, size_t i, const char *p, const char *e,
		  char *err, size_t n);
int samples_count(struct samples_rd *s, size_t i, const char *p, const char *e,
		  char *err, size_t n);

/* Open line[0..len), which begins with samples_head2, in one pass: 1, or
 * 0 when it must be read the general way (samplescompact.c). */
int samples_open_compact(struct samples_rd *s, const char *line, size_t len);

#endif
