/*
 * samplescompact.c — a version-2 samples record as our writer writes it
 * (samplesw.c), read in one pass; samples.c reads every other, and is
 * what this must agree with (samplespriv.h, test_samples).
 *
 * Such a record — compact, keys and units without escapes, units before
 * values, numbers only in the arrays — is read and checked at once: what
 * json_valid checks of it (the arrays by a strict number scanner that
 * converts as it scans, every other member by json_value_end) and what
 * samples.c's check() and read_numbers() do.  Anything else, broken or only
 * written otherwise, is left to the general reading, which says what is
 * wrong.
 */
#include <stdint.h>
#include <string.h>

#include "decodepriv.h"
#include "jsonvalid.h"
#include "samplespriv.h"
#include "util.h"

/* The end of the string at p, which has no escapes and no control bytes
 * (other bytes json_value_end checks), or NULL. */
static const char *plain_string_end(const char *p, const char *end)
{
	const char *q;

	if (p >= end || *p != '"')
		return NULL;
	for (q = p + 1; q < end; q++) {
		unsigned char c = (unsigned char)*q;

		if (c == '"')
			return q + 1;
		if (c == '\\' || c < 0x20)
			return NULL;
		if (c >= 0x80) {
			const char *e = json_value_end(p, (size_t)(end - p));

			return e && !memchr(p, '\\', (size_t)(e - p)) ? e
								      : NULL;
		}
	}
	return NULL;
}

/* A number read while checked: its digits, when a plain decimal of at
 * most 15 of them (what rec_quick_number converts directly). */
struct scanned {
	uint64_t mant;
	size_t frac;
	int neg, plain;
};

/* The end of the JSON number at p, or NULL; what it is in *sc. */
static const char *number_end(const char *p, const char *end,
			      struct scanned *sc)
{
#define DIGIT(q) ((q) < end && (unsigned char)(*(q) - '0') < 10)
	const char *f;
	size_t nd;

	sc->mant = 0, sc->frac = 0;
	sc->neg = p < end && *p == '-';
	p += sc->neg;
	f = p;
	if (p < end && *p == '0')
		p++;
	else if (DIGIT(p))
		while (DIGIT(p))
			sc->mant = sc->mant * 10 + (uint64_t)(*p++ - '0');
	else
		return NULL;
	nd = (size_t)(p - f);
	if (p < end && *p == '.') {
		if (p++, !DIGIT(p))
			return NULL;
		for (f = p; DIGIT(p); p++)
			sc->mant = sc->mant * 10 + (uint64_t)(*p - '0');
		sc->frac = (size_t)(p - f);
	}
	sc->plain = nd + sc->frac <= 15;
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		p += p < end && (*p == '+' || *p == '-');
		if (!DIGIT(p))
			return NULL;
		while (DIGIT(p))
			p++;
		sc->plain = 0;
	}
	return p;
#undef DIGIT
}

/* The array at p: each element through add (with what number_end read
 * of it, when numbers); the array's end, or NULL. */
typedef int (*compact_add)(struct samples_rd *s, const char *p, const char *e,
			   const struct scanned *sc);
static const char *compact_array(struct samples_rd *s, const char *p,
				 int strings, compact_add add)
{
	const char *end = s->end, *e;
	struct scanned sc;

	if (p >= end || *p++ != '[' || p >= end || *p == ']')
		return NULL;
	for (;;) {
		e = strings ? plain_string_end(p, end)
			    : number_end(p, end, &sc);
		if (!e || e >= end || add(s, p, e, &sc))
			return NULL;
		if (*e == ']')
			return e + 1;
		if (*e != ',')
			return NULL;
		p = e + 1;
	}
}

static int compact_unit(struct samples_rd *s, const char *p, const char *e,
			const struct scanned *sc)
{
	struct samples_unit *u;

	(void)sc;
	if (s->nunits == s->ucap) {
		s->ucap = s->ucap ? 2 * s->ucap : 16;
		s->units = xreallocarray(s->units, s->ucap, sizeof *s->units);
	}
	u = &s->units[s->nunits++];
	u->s = p, u->e = e;
	u->name.s = p + 1, u->name.n = (size_t)(e - p - 2);
	u->owned = 0;
	u->better = BT_BETTER_DEFAULT;
	return 0;
}

/* A count or a value: what number_end read, when it can say (a plain
 * decimal), else as the general reading converts it. */
static int compact_count(struct samples_rd *s, const char *p, const char *e,
			 const struct scanned *sc)
{
	struct samples_num *x;
	char err[8];

	if (sc->neg || sc->frac || !sc->plain)
		return samples_count(s, s->nits, p, e, err, sizeof err);
	x = samples_num_add(&s->its, &s->nits, &s->icap);
	x->s = p, x->n = (size_t)(e - p);
	x->i = (int64_t)sc->mant;
	return 0;
}

static int compact_value(struct samples_rd *s, const char *p, const char *e,
			 const struct scanned *sc)
{
	struct samples_num *x;
	char err[8];

	if (!sc->plain)
		return samples_value(s, 0, p, e, err, sizeof err);
	x = samples_num_add(&s->num, &s->nnum, &s->ncap);
	x->s = p, x->n = (size_t)(e - p);
	x->v = (double)sc->mant / rec_pow10[sc->frac];
	x->v = sc->neg ? -x->v : x->v;
	return 0;
}

/* The rows of values at p, each as long as units; the end or NULL. */
static const char *compact_values(struct samples_rd *s, const char *p)
{
	const char *end = s->end;

	if (!s->nunits || p >= end || *p++ != '[')
		return NULL;
	for (;;) {
		size_t had = s->nnum;

		p = compact_array(s, p, 0, compact_value);
		if (!p || p >= end || s->nnum - had != s->nunits)
			return NULL;
		s->count++;
		if (*p == ']')
			return p + 1;
		if (*p++ != ',')
			return NULL;
	}
}

static void add_member(struct samples_rd *s, const char *k, const char *kend,
		       const char *v, const char *vend, int role)
{
	struct samples_member *m;

	if (s->nm == s->mcap) {
		s->mcap = s->mcap ? 2 * s->mcap : 16;
		s->m = xreallocarray(s->m, s->mcap, sizeof *s->m);
	}
	m = &s->m[s->nm++];
	m->k = k, m->kend = kend, m->v = v, m->vend = vend;
	m->name.s = k + 1, m->name.n = (size_t)(kend - k - 2);
	m->owned = 0;
	m->role = role;
}

/* Open line[0..len), which begins with samples_head2, the compact way: 1, or 0
 * when it must be read the general way. */
int samples_open_compact(struct samples_rd *s, const char *line, size_t len)
{
	const char *p = line + sizeof samples_head2 - 1, *end = line + len, *k,
		   *v, *e;
	const struct samples_member *better = NULL;
	int seen[M_ROLES] = {0}, role;
	size_t i;

	samples_begin(s, line, len);
	seen[M_BT] = seen[M_KIND] = 1;
	add_member(s, line + 1, line + 5, line + 6, line + 7, M_BT);
	add_member(s, line + 8, line + 14, line + 15, line + 24, M_KIND);
	for (;; p = e + 1) {
		k = p;
		if (!(v = plain_string_end(k, end)) || v >= end || *v++ != ':')
			return 0;
		role =
		    samples_role((struct bt_str){k + 1, (size_t)(v - k - 3)});
		if (role != M_OTHER && seen[role]++)
			return 0;
		switch (role) {
		case M_UNITS:
			e = compact_array(s, v, 1, compact_unit);
			break;
		case M_ITER:
			e = compact_array(s, v, 0, compact_count);
			break;
		case M_VALUES:
			e = compact_values(s, v);
			break;
		case M_OTHER:
		case M_LABELS:
		case M_BETTER:
			e = v<end && * v> ' '
				? json_value_end(v, (size_t)(end - v))
				: NULL;
			break;
		default: /* "bt" or "kind" again, "metrics" */
			return 0;
		}
		if (!e || e >= end)
			return 0;
		add_member(s, k, v - 1, v, e, role);
		if (*e == '}' && e + 1 == end)
			break;
		if (*e != ',')
			return 0;
	}
	if (!seen[M_VALUES] || (seen[M_ITER] && s->nits != s->count) ||
	    samples_repeated((const char *)&s->m->name, sizeof *s->m, s->nm) ||
	    samples_repeated((const char *)&s->units->name, sizeof *s->units,
			     s->nunits))
		return 0;
	for (i = 0; i < s->nm; i++) {
		s->labels = s->m[i].role == M_LABELS ? &s->m[i] : s->labels;
		better = s->m[i].role == M_BETTER ? &s->m[i] : better;
	}
	return samples_better(s, better) == 0;
}
