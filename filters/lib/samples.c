/*
 * samples.c — version 2's samples records read as the version-1 samples
 * they stand for; see samples.h and docs/records.md (samplesw.c writes
 * them).
 *
 * A samples record's sample is defined as a line: the record's members in
 * order, with the sample's count and values in place of the arrays.  So a
 * filter is handed exactly that line, and the sample decoded from it.  The
 * decoding is not done again for each line: rec_decode has read the record
 * (its name, suite, procs, labels: what its samples share), and each sample
 * only adds its count and its metrics, read off the arrays while its line
 * is written.  tests/unit/test_samples.c and tests/fuzz/fuzz_samples.c
 * check that the two readings agree, field for field, on every sample.
 * The lines are valid JSON (rec_decode read them): values are skipped as
 * decode.c skips them.
 */
#include "samples.h"

#include <jv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decodepriv.h"
#include "jsonvalid.h"
#include "record.h"
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
	size_t at, n;	   /* its value's place in the line being written */
	struct bt_str val; /* its value in the sample being read */
	size_t bat;	   /* and its place in the line made of it */
};

static const char *ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	return p;
}

static int is_num(const char *v)
{
	return *v == '-' || (*v >= '0' && *v <= '9');
}

static int lit_is(struct bt_str s, const char *lit)
{
	return s.n == strlen(lit) && memcmp(s.s, lit, s.n) == 0;
}

/* The JSON string s..e decoded; escapes are rare, jq reads them.  *owned
 * is set when the result was allocated. */
static struct bt_str string_of(const char *s, const char *e, int *owned)
{
	struct bt_str r = {s + 1, (size_t)(e - s - 2)};
	jv j;

	*owned = 0;
	if (!memchr(r.s, '\\', r.n))
		return r;
	j = jv_parse_sized(s, (int)(e - s));
	if (jv_get_kind(j) == JV_KIND_STRING) {
		r.n = (size_t)jv_string_length_bytes(jv_copy(j));
		r.s = memcpy(xmalloc(r.n + 1), jv_string_value(j), r.n);
		*owned = 1;
	}
	jv_free(j);
	return r;
}

static int str_cmp(const struct bt_str *x, const struct bt_str *y)
{
	int c = memcmp(x->s, y->s, x->n < y->n ? x->n : y->n);

	return c ? c : (x->n > y->n) - (x->n < y->n);
}

static int name_cmp(const void *a, const void *b)
{
	return str_cmp(*(const struct bt_str *const *)a,
		       *(const struct bt_str *const *)b);
}

/* Of the n names at base, step bytes apart: one that appears twice, or
 * NULL. */
static const struct bt_str *repeated(const char *base, size_t step, size_t n)
{
	const struct bt_str **ix, *r = NULL;
	size_t i;

	if (n < 2)
		return NULL;
	if (n <= 16) {
		for (i = 0; i < n && !r; i++)
			for (size_t j = i + 1; j < n && !r; j++)
				if (!str_cmp((const void *)(base + i * step),
					     (const void *)(base + j * step)))
					r = (const void *)(base + i * step);
		return r;
	}
	ix = xreallocarray(NULL, n, sizeof *ix);
	for (i = 0; i < n; i++)
		ix[i] = (const struct bt_str *)(const void *)(base + i * step);
	qsort(ix, n, sizeof *ix, name_cmp);
	for (i = 1; i < n && !r; i++)
		if (!str_cmp(ix[i - 1], ix[i]))
			r = ix[i];
	free(ix);
	return r;
}

enum { NONE = -1 };

/* The elements of the array at a: how many, each starting with want
 * (0: any); NONE when one does not. */
static size_t elements(const char *a, const char *end, char want)
{
	const char *p = ws(a + 1, end);
	size_t n = 0;

	if (*p == ']')
		return 0;
	for (;;) {
		if (want && *p != want)
			return (size_t)NONE;
		n++;
		p = ws(rec_value_end(p, end), end);
		if (*p != ',')
			return n;
		p = ws(p + 1, end);
	}
}

static int role_of(struct bt_str k)
{
	static const char *const names[M_ROLES] = {
	    [M_BT] = "bt",	   [M_KIND] = "kind",
	    [M_UNITS] = "units",   [M_ITER] = "iterations",
	    [M_VALUES] = "values", [M_METRICS] = "metrics",
	    [M_LABELS] = "labels", [M_BETTER] = "better",
	};
	int r;

	for (r = M_BT; r < M_ROLES; r++)
		if (lit_is(k, names[r]))
			return r;
	return M_OTHER;
}

static void drop_names(struct samples_rd *s)
{
	size_t i;

	for (i = 0; i < s->nm; i++)
		if (s->m[i].owned)
			free((char *)s->m[i].name.s);
	for (i = 0; i < s->nunits; i++)
		if (s->units[i].owned)
			free((char *)s->units[i].name.s);
	s->nm = s->nunits = 0;
}

/* The members of the object at p into s->m. */
static void read_members(struct samples_rd *s, const char *p)
{
	const char *end = s->end;

	p = ws(p + 1, end);
	while (p < end && *p == '"') {
		struct samples_member *m;

		if (s->nm == s->mcap) {
			s->mcap = s->mcap ? 2 * s->mcap : 16;
			s->m = xreallocarray(s->m, s->mcap, sizeof *s->m);
		}
		m = &s->m[s->nm++];
		m->k = p;
		m->kend = rec_value_end(p, end);
		m->v = ws(ws(m->kend, end) + 1, end);
		m->vend = rec_value_end(m->v, end);
		m->name = string_of(m->k, m->kend, &m->owned);
		m->role = role_of(m->name);
		p = ws(m->vend, end);
		if (p < end && *p == ',')
			p = ws(p + 1, end);
	}
}

/* "better": which way each unit goes, as decode.c reads it for a sample's
 * metrics (the last of duplicate keys; a value not a string says
 * nothing).  -1 when it is there and not an object. */
static int read_better(struct samples_rd *s, const struct samples_member *b)
{
	jv o, v;
	size_t i;

	if (!b)
		return 0;
	o = jv_parse_sized(b->v, (int)(b->vend - b->v));
	if (jv_get_kind(o) != JV_KIND_OBJECT) {
		jv_free(o);
		return -1;
	}
	for (i = 0; i < s->nunits; i++) {
		struct samples_unit *u = &s->units[i];

		v = jv_object_get(jv_copy(o),
				  jv_string_sized(u->name.s, (int)u->name.n));
		if (jv_get_kind(v) == JV_KIND_STRING)
			u->better = !strcmp(jv_string_value(v), "higher")
					? BT_BETTER_HIGHER
				    : !strcmp(jv_string_value(v), "lower")
					? BT_BETTER_LOWER
					: BT_BETTER_DEFAULT;
		jv_free(v);
	}
	jv_free(o);
	return 0;
}

/* The units' strings into s->units. */
static void read_units(struct samples_rd *s, const char *a)
{
	const char *p = ws(a + 1, s->end);
	struct samples_unit *u;

	while (*p == '"') {
		if (s->nunits == s->ucap) {
			s->ucap = s->ucap ? 2 * s->ucap : 16;
			s->units =
			    xreallocarray(s->units, s->ucap, sizeof *s->units);
		}
		u = &s->units[s->nunits++];
		u->s = p;
		u->e = p = rec_value_end(p, s->end);
		u->name = string_of(u->s, u->e, &u->owned);
		u->better = BT_BETTER_DEFAULT;
		p = ws(p, s->end);
		if (*p == ',')
			p = ws(p + 1, s->end);
	}
}

static int fail(char *err, size_t n, const char *what)
{
	snprintf(err, n, "%s", what);
	return -1;
}

static int fail_twice(char *err, size_t n, const char *what,
		      const struct bt_str *dup)
{
	snprintf(err, n, "%s \"%.*s\" appears twice in a samples record", what,
		 (int)(dup->n > 64 ? 64 : dup->n), dup->s);
	return -1;
}

/* Check the record's members; 1, 0 or -1 as samples_open. */
static int check(struct samples_rd *s, char *err, size_t n)
{
	const struct samples_member *m, *units = NULL, *vals = NULL,
					*iter = NULL, *better = NULL;
	const struct bt_str *dup;
	size_t i, nu, nv;

	for (i = s->nm; i-- > 0;) /* the last "bt", as jq reads it */
		if (s->m[i].role == M_BT) {
			m = &s->m[i];
			if (!is_num(m->v) ||
			    rec_number(m->v, (size_t)(m->vend - m->v)) != 2)
				return 0; /* version 1's unknown kind */
			break;
		}
	for (i = 0; i < s->nm; i++) {
		m = &s->m[i];
		if (m->role == M_METRICS)
			return fail(err, n,
				    "a samples record has no \"metrics\" "
				    "(its \"values\" are its metrics)");
		units = m->role == M_UNITS ? m : units;
		vals = m->role == M_VALUES ? m : vals;
		iter = m->role == M_ITER ? m : iter;
		better = m->role == M_BETTER ? m : better;
		s->labels = m->role == M_LABELS ? &s->m[i] : s->labels;
	}
	if ((dup = repeated((const char *)&s->m->name, sizeof *s->m, s->nm)))
		return fail_twice(err, n, "member", dup);
	nu = units && *units->v == '[' ? elements(units->v, s->end, '"') : 0;
	if (nu == 0 || nu == (size_t)NONE)
		return fail(err, n,
			    "\"units\" is not an array of one or more strings");
	nv = vals && *vals->v == '[' ? elements(vals->v, s->end, '[') : 0;
	if (nv == 0 || nv == (size_t)NONE)
		return fail(err, n,
			    "\"values\" is not an array of one or "
			    "more samples (arrays of numbers)");
	if (iter && *iter->v != 'n' &&
	    (*iter->v != '[' || elements(iter->v, s->end, 0) != nv))
		return fail(err, n,
			    "\"iterations\" is not an array as long as "
			    "\"values\"");
	read_units(s, units->v);
	if ((dup = repeated((const char *)&s->units->name, sizeof *s->units,
			    s->nunits)))
		return fail_twice(err, n, "unit", dup);
	if (read_better(s, better))
		return fail(err, n, "\"better\" is not an object");
	s->count = nv;
	s->vals = ws(vals->v + 1, s->end);
	s->iter = iter && *iter->v == '[' ? ws(iter->v + 1, s->end) : NULL;
	return 1;
}

int samples_open(struct samples_rd *s, const char *line, size_t len, char *err,
		 size_t n)
{
	const char *p;

	drop_names(s);
	s->end = line + len;
	s->index = s->count = 0;
	s->labels = NULL;
	p = ws(line, s->end);
	if (p == s->end || *p != '{')
		return 0;
	read_members(s, p);
	return check(s, err, n);
}

/* Just past the element at p: a number or null is a run of bytes that
 * ends at ',', ']' or white space; anything else is skipped as JSON. */
static const char *element_end(const char *p, const char *end)
{
	if (!is_num(p) && *p != 'n')
		return rec_value_end(p, end);
	while (p < end && *p != ',' && *p != ']' && *p != ' ' && *p != '\t' &&
	       *p != '\r' && *p != '\n')
		p++;
	return p;
}

/* p just past an element: the next one (or the ']'). */
static const char *next_element(const char *p, const char *end)
{
	p = ws(p, end);
	return *p == ',' ? ws(p + 1, end) : p;
}

/* "metrics":{unit:value,…} from the row of values at s->vals, each value's
 * place noted in its unit. */
static int put_values(struct samples_rd *s, struct buf *out, char *err,
		      size_t n)
{
	const char *p = ws(s->vals + 1, s->end), *e;
	size_t j;

	buf_addlit(out, "\"metrics\":{");
	for (j = 0; *p != ']'; j++) {
		struct samples_unit *u = &s->units[j];

		if (j == s->nunits || !is_num(p)) {
			snprintf(err, n,
				 j == s->nunits
				     ? "sample %zu has more values than units"
				     : "sample %zu: value %zu is not a number",
				 s->index + 1, j + 1);
			return -1;
		}
		e = element_end(p, s->end);
		if (j)
			buf_addc(out, ',');
		buf_add(out, u->s, (size_t)(u->e - u->s));
		buf_addc(out, ':');
		u->at = out->len;
		u->n = (size_t)(e - p);
		buf_add(out, p, u->n);
		p = next_element(e, s->end);
	}
	if (j < s->nunits) {
		snprintf(err, n, "sample %zu has fewer values than units",
			 s->index + 1);
		return -1;
	}
	buf_addc(out, '}');
	s->vals = next_element(p + 1, s->end);
	return 0;
}

/* The next sample's line into out; its count's text in *it (empty when
 * none), the labels' place in *lab (start, end; 0 when none). */
static int put_line(struct samples_rd *s, struct buf *out, struct bt_str *it,
		    size_t lab[2], char *err, size_t n)
{
	size_t i;
	int first = 1;

	out->len = 0;
	it->s = "", it->n = 0;
	lab[0] = lab[1] = 0;
	buf_addc(out, '{');
	for (i = 0; i < s->nm; i++) {
		const struct samples_member *m = &s->m[i];

		if (m->role == M_UNITS)
			continue;
		if (!first)
			buf_addc(out, ',');
		first = 0;
		if (m->role == M_BT) {
			buf_addlit(out, "\"bt\":1");
		} else if (m->role == M_KIND) {
			buf_addlit(out, "\"kind\":\"sample\"");
		} else if (m->role == M_VALUES) {
			if (put_values(s, out, err, n))
				return -1;
		} else if (m->role == M_ITER && s->iter) {
			const char *e = element_end(s->iter, s->end);

			buf_add(out, m->k, (size_t)(m->kend - m->k));
			buf_addc(out, ':');
			it->s = s->iter, it->n = (size_t)(e - s->iter);
			s->it_off = out->len;
			buf_add(out, it->s, it->n);
			s->iter = next_element(e, s->end);
		} else {
			buf_add(out, m->k, (size_t)(m->kend - m->k));
			buf_addc(out, ':');
			if (m == s->labels)
				lab[0] = out->len;
			buf_add(out, m->v, (size_t)(m->vend - m->v));
			if (m == s->labels)
				lab[1] = out->len;
		}
	}
	buf_addc(out, '}');
	s->index++;
	return 0;
}

int samples_next(struct samples_rd *s, struct buf *out, char *err, size_t n)
{
	struct bt_str it;
	size_t lab[2];

	if (s->index == s->count)
		return 0;
	return put_line(s, out, &it, lab, err, n) ? -1 : 1;
}

/* The place of one sample's own text in a line: its count or a value. */
struct slot {
	size_t at, n;
	int unit; /* -1: the count */
};

static int slot_cmp(const void *a, const void *b)
{
	const struct slot *x = a, *y = b;

	return (x->at > y->at) - (x->at < y->at);
}

/* The slots of the first sample's line, s->a, in order of place; their
 * number.  put_line noted where its count and values went. */
static size_t first_slots(struct samples_rd *s, struct bt_str it)
{
	size_t j, k = 0;

	if (s->nunits + 1 > s->scap) {
		s->scap = s->nunits + 1;
		s->slots = xreallocarray(s->slots, s->scap, sizeof *s->slots);
	}
	if (it.n) {
		s->slots[k].at = s->it_off;
		s->slots[k].n = it.n;
		s->slots[k++].unit = -1;
	}
	for (j = 0; j < s->nunits; j++) {
		s->slots[k].at = s->units[j].at;
		s->slots[k].n = s->units[j].n;
		s->slots[k++].unit = (int)j;
	}
	qsort(s->slots, k, sizeof *s->slots, slot_cmp);
	return k;
}

/* The next sample's count and values off the arrays, into it and the
 * units' val. */
static int next_texts(struct samples_rd *s, struct bt_str *it, char *err,
		      size_t n)
{
	const char *p = ws(s->vals + 1, s->end), *e;
	size_t j;

	it->n = 0;
	if (s->iter) {
		e = element_end(s->iter, s->end);
		it->s = s->iter, it->n = (size_t)(e - s->iter);
		s->iter = next_element(e, s->end);
	}
	for (j = 0; *p != ']'; j++) {
		if (j == s->nunits || !is_num(p)) {
			snprintf(err, n,
				 j == s->nunits
				     ? "sample %zu has more values than units"
				     : "sample %zu: value %zu is not a number",
				 s->index + 1, j + 1);
			return -1;
		}
		e = element_end(p, s->end);
		s->units[j].val.s = p;
		s->units[j].val.n = (size_t)(e - p);
		p = next_element(e, s->end);
	}
	if (j < s->nunits) {
		snprintf(err, n, "sample %zu has fewer values than units",
			 s->index + 1);
		return -1;
	}
	s->vals = next_element(p + 1, s->end);
	return 0;
}

/* p, a place in the first sample's line, in the line being made. */
static const char *moved(const struct samples_rd *s, const char *p,
			 const ptrdiff_t *shift, size_t nslots)
{
	size_t k, off;

	if (!p || p < s->a.p || p > s->a.p + s->a.len)
		return p;
	off = (size_t)(p - s->a.p);
	for (k = 0; k < nslots && s->slots[k].at < off; k++)
		;
	return s->b.p + ((ptrdiff_t)off + shift[k]);
}

/* rec, which holds the first sample, made the next one: its line is the
 * first's with this sample's count and values in their places, and what
 * the line says besides is the first's. */
static int as_next_sample(struct samples_rd *s, struct rec *rec, size_t nslots,
			  char *err, size_t n)
{
	struct bt_str it;
	size_t k, at = 0;
	ptrdiff_t shift[SAMPLES_MAX_UNITS + 2];
	int64_t iters = 0;

	if (next_texts(s, &it, err, n))
		return -1;
	s->index++;
	s->b.len = 0;
	shift[0] = 0;
	for (k = 0; k < nslots; k++) {
		const struct slot *sl = &s->slots[k];
		struct bt_str t = sl->unit < 0 ? it : s->units[sl->unit].val;

		buf_add(&s->b, s->a.p + at, sl->at - at);
		if (sl->unit >= 0)
			s->units[sl->unit].bat = s->b.len;
		buf_add(&s->b, t.s, t.n);
		at = sl->at + sl->n;
		shift[k + 1] = (ptrdiff_t)s->b.len - (ptrdiff_t)at;
	}
	buf_add(&s->b, s->a.p + at, s->a.len - at);
	if (it.n && rec_whole(it.s, it.n, &iters)) {
		snprintf(err, n,
			 "sample %zu: \"iterations\" is not a whole number",
			 s->index);
		return -1;
	}
	for (k = 0; k < s->nunits; k++) {
		struct bt_metric *m = &rec->metrics_[k];

		m->text.s = s->b.p + s->units[k].bat;
		m->text.n = s->units[k].val.n;
		m->value = rec_quick_number(m->text.s, m->text.n);
		if (!isfinite(m->value)) {
			snprintf(err, n,
				 "sample %zu: metric \"%.*s\" is not a finite "
				 "number",
				 s->index,
				 (int)(m->unit.n > 64 ? 64 : m->unit.n),
				 m->unit.s);
			return -1;
		}
	}
	if (rec->json_made_)
		jv_free(rec->json_);
	rec->json_made_ = 0;
	rec->r.iterations = iters;
	rec->labels_at_ = moved(s, s->first[0], shift, nslots);
	rec->labels_end_ = moved(s, s->first[1], shift, nslots);
	rec->obj_end_ = moved(s, s->first[2], shift, nslots);
	rec->run_.s = rec->run_.n ? moved(s, s->first[3], shift, nslots) : "";
	rec->line.s = s->b.p;
	rec->line.n = s->b.len;
	return 0;
}

/* The first sample: its line written, and decoded as any line is. */
static int as_first_sample(struct samples_rd *s, struct rec *rec,
			   struct bt_str *it, char *err, size_t n)
{
	char why[400];
	size_t lab[2];

	if (put_line(s, &s->a, it, lab, err, n))
		return -1;
	if (rec_decode(rec, s->a.p, s->a.len, why, sizeof why)) {
		snprintf(err, n, "sample 1: %s", why);
		return -1;
	}
	return 0;
}

static const char head2[] = "{\"bt\":2,\"kind\":\"samples\",";

int samples_read(struct samples_rd *s, struct rec *rec, const char *line,
		 size_t len, int (*fn)(void *ctx, const struct rec *rec),
		 void *ctx, int *ret, char *err, size_t n)
{
	struct bt_str it;
	size_t nslots;
	int st, fast = len >= sizeof head2 &&
		       !memcmp(line, head2, sizeof head2 - 1);

	*ret = 0;
	if (fast) {
		if (json_valid(line, len, err, n))
			return -1;
	} else if (rec_decode(rec, line, len, err, n)) {
		return -1;
	} else if (rec->r.kind != 0 || !lit_is(rec->kind, "samples")) {
		*ret = fn(ctx, rec);
		return 0;
	}
	if ((st = samples_open(s, line, len, err, n)) < 0)
		return -1;
	if (st == 0) { /* the last "bt" is not 2: version 1's kind */
		if (fast && rec_decode(rec, line, len, err, n))
			return -1;
		*ret = fn(ctx, rec);
		return 0;
	}
	if (as_first_sample(s, rec, &it, err, n))
		return -1;
	if ((*ret = fn(ctx, rec)))
		return 0;
	if (rec->r.nmetrics != s->nunits || rec->r.metrics != rec->metrics_ ||
	    s->nunits > SAMPLES_MAX_UNITS) {
		/* (not seen: a line read another way) each line decoded */
		while (s->index < s->count) {
			if (as_first_sample(s, rec, &it, err, n))
				return -1;
			if ((*ret = fn(ctx, rec)))
				return 0;
		}
		return 0;
	}
	nslots = first_slots(s, it);
	s->first[0] = rec->labels_at_;
	s->first[1] = rec->labels_end_;
	s->first[2] = rec->obj_end_;
	s->first[3] = rec->run_.s;
	while (s->index < s->count) {
		if (as_next_sample(s, rec, nslots, err, n))
			return -1;
		if ((*ret = fn(ctx, rec)))
			return 0;
	}
	return 0;
}

void samples_rd_free(struct samples_rd *s)
{
	drop_names(s);
	free(s->m);
	free(s->units);
	free(s->slots);
	buf_free(&s->a);
	buf_free(&s->b);
	memset(s, 0, sizeof *s);
}
