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
 * A record as our writer writes it is opened in one pass
 * (samplescompact.c); here is the general reading of any other, on valid
 * JSON (json_valid or rec_decode has checked it): values are skipped as
 * decode.c skips them.
 */
#include "samples.h"

#include <jv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decodepriv.h"
#include "samplespriv.h"
#include "jsonvalid.h"
#include "record.h"
#include "util.h"

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
const struct bt_str *samples_repeated(const char *base, size_t step, size_t n)
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

int samples_role(struct bt_str k)
{
	static const char *const names[M_ROLES] = {
	    [M_BT] = "bt",	   [M_KIND] = "kind",
	    [M_UNITS] = "units",   [M_ITER] = "iterations",
	    [M_VALUES] = "values", [M_METRICS] = "metrics",
	    [M_LABELS] = "labels", [M_BETTER] = "better",
	};
	int r;

	for (r = M_BT; r < M_ROLES; r++)
		if (rec_str_is(k, names[r]))
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
		m->role = samples_role(m->name);
		p = ws(m->vend, end);
		if (p < end && *p == ',')
			p = ws(p + 1, end);
	}
}

/* "better": which way each unit goes, as decode.c reads it for a sample's
 * metrics (the last of duplicate keys; a value not a string says
 * nothing).  -1 when it is there and not an object. */
int samples_better(struct samples_rd *s, const struct samples_member *b)
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

/* Sample i's value j, p[0..e), as a metric: 0, or -1 when it is not a
 * finite number (err, size n, says so). */
int samples_value(struct samples_rd *s, size_t i, const char *p, const char *e,
		  char *err, size_t n)
{
	struct samples_num *x = samples_num_add(&s->num, &s->nnum, &s->ncap);
	const struct samples_unit *u = &s->units[(s->nnum - 1) % s->nunits];

	x->s = p, x->n = (size_t)(e - p);
	x->v = rec_quick_number(p, x->n);
	if (isfinite(x->v))
		return 0;
	snprintf(err, n, "sample %zu: metric \"%.*s\" is not a finite number",
		 i + 1, (int)(u->name.n > 64 ? 64 : u->name.n), u->name.s);
	return -1;
}

/* Sample i's count, p[0..e): 0, or -1 when it is not a whole number. */
int samples_count(struct samples_rd *s, size_t i, const char *p, const char *e,
		  char *err, size_t n)
{
	struct samples_num *x = samples_num_add(&s->its, &s->nits, &s->icap);

	x->s = p, x->n = (size_t)(e - p);
	if (is_num(p) && rec_whole(p, x->n, &x->i) == 0)
		return 0;
	snprintf(err, n, "sample %zu: \"iterations\" is not a whole number",
		 i + 1);
	return -1;
}

static const char *element_end(const char *p, const char *end);
static const char *next_element(const char *p, const char *end);

/* Every sample's numbers off the arrays at vals and iter (valid JSON, its
 * shape checked by check()): all are checked before any sample is read,
 * so a broken record gives none.  0, or -1 with the reason in err. */
static int read_numbers(struct samples_rd *s, const char *vals,
			const char *iter, char *err, size_t n)
{
	const char *p = ws(vals + 1, s->end), *q, *e;
	size_t i, j;

	for (i = 0; i < s->count; i++, p = next_element(q + 1, s->end)) {
		for (j = 0, q = ws(p + 1, s->end); *q != ']'; j++) {
			if (j == s->nunits || !is_num(q)) {
				snprintf(
				    err, n,
				    j == s->nunits
					? "sample %zu has more values than "
					  "units"
					: "sample %zu: value %zu is not a "
					  "number",
				    i + 1, j + 1);
				return -1;
			}
			e = element_end(q, s->end);
			if (samples_value(s, i, q, e, err, n))
				return -1;
			q = next_element(e, s->end);
		}
		if (j < s->nunits) {
			snprintf(err, n,
				 "sample %zu has fewer values than units",
				 i + 1);
			return -1;
		}
	}
	for (i = 0, p = iter ? ws(iter + 1, s->end) : NULL; p && i < s->count;
	     i++, p = next_element(e, s->end)) {
		e = element_end(p, s->end);
		if (samples_count(s, i, p, e, err, n))
			return -1;
	}
	return 1;
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
	if ((dup = samples_repeated((const char *)&s->m->name, sizeof *s->m,
				    s->nm)))
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
	if ((dup = samples_repeated((const char *)&s->units->name,
				    sizeof *s->units, s->nunits)))
		return fail_twice(err, n, "unit", dup);
	if (samples_better(s, better))
		return fail(err, n, "\"better\" is not an object");
	s->count = nv;
	return read_numbers(s, vals->v,
			    iter && *iter->v == '[' ? iter->v : NULL, err, n);
}

/* s emptied for reading line[0..len). */
void samples_begin(struct samples_rd *s, const char *line, size_t len)
{
	drop_names(s);
	s->end = line + len;
	s->index = s->count = s->nnum = s->nits = 0;
	s->labels = NULL;
}

int samples_open(struct samples_rd *s, const char *line, size_t len, char *err,
		 size_t n)
{
	const char *p;

	samples_begin(s, line, len);
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

/* "metrics":{unit:value,…} of the sample being written, each value's
 * place noted in its unit. */
static void put_values(struct samples_rd *s, struct buf *out)
{
	const struct samples_num *row = &s->num[s->index * s->nunits];
	size_t j;

	buf_addlit(out, "\"metrics\":{");
	for (j = 0; j < s->nunits; j++) {
		struct samples_unit *u = &s->units[j];

		if (j)
			buf_addc(out, ',');
		buf_add(out, u->s, (size_t)(u->e - u->s));
		buf_addc(out, ':');
		u->at = out->len;
		u->n = row[j].n;
		buf_add(out, row[j].s, u->n);
	}
	buf_addc(out, '}');
}

/* The next sample's line into out; its count's text in *it (empty when
 * none). */
static void put_line(struct samples_rd *s, struct buf *out, struct bt_str *it)
{
	size_t i;
	int first = 1;

	out->len = 0;
	it->s = "", it->n = 0;
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
			put_values(s, out);
		} else if (m->role == M_ITER && s->nits) {
			buf_add(out, m->k, (size_t)(m->kend - m->k));
			buf_addc(out, ':');
			it->s = s->its[s->index].s, it->n = s->its[s->index].n;
			s->it_off = out->len;
			buf_add(out, it->s, it->n);
		} else {
			buf_add(out, m->k, (size_t)(m->kend - m->k));
			buf_addc(out, ':');
			buf_add(out, m->v, (size_t)(m->vend - m->v));
		}
	}
	buf_addc(out, '}');
	s->index++;
}

int samples_next(struct samples_rd *s, struct buf *out)
{
	struct bt_str it;

	if (s->index == s->count)
		return 0;
	put_line(s, out, &it);
	return 1;
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

/* The places rec_decode noted in the first sample's line (the labels,
 * the end, the run), and the slot each comes after: in sample i's line
 * each is where it was, moved by what the slots before it grew. */
enum { P_LABELS, P_LABELS_END, P_END, P_RUN, P_N };
static void note_places(struct samples_rd *s, const struct rec *rec,
			size_t nslots)
{
	size_t j, k;

	s->first[P_LABELS] = rec->labels_at_;
	s->first[P_LABELS_END] = rec->labels_end_;
	s->first[P_END] = rec->obj_end_;
	s->first[P_RUN] = rec->run_.n ? rec->run_.s : NULL;
	for (j = 0; j < P_N; j++) {
		const char *p = s->first[j];

		if (!p || p < s->a.p || p > s->a.p + s->a.len) {
			s->firstk[j] = (size_t)-1; /* not in the line */
			continue;
		}
		for (k = 0; k < nslots && s->slots[k].at < (size_t)(p - s->a.p);
		     k++)
			;
		s->firstk[j] = k;
	}
}

static const char *place(const struct samples_rd *s, int j,
			 const ptrdiff_t *shift)
{
	if (s->firstk[j] == (size_t)-1)
		return s->first[j];
	return s->b.p + ((s->first[j] - s->a.p) + shift[s->firstk[j]]);
}

/* rec, which holds the first sample, made the next one: its line is the
 * first's with this sample's count and values in their places, and what
 * the line says besides is the first's. */
static void as_next_sample(struct samples_rd *s, struct rec *rec, size_t nslots)
{
	const struct samples_num *row = &s->num[s->index * s->nunits];
	const struct samples_num *it = s->nits ? &s->its[s->index] : NULL;
	ptrdiff_t shift[SAMPLES_MAX_UNITS + 2];
	size_t k, at = 0;

	s->b.len = 0;
	shift[0] = 0;
	for (k = 0; k < nslots; k++) {
		const struct slot *sl = &s->slots[k];
		const struct samples_num *t =
		    sl->unit < 0 ? it : &row[sl->unit];

		buf_add(&s->b, s->a.p + at, sl->at - at);
		if (sl->unit >= 0)
			s->units[sl->unit].bat = s->b.len;
		buf_add(&s->b, t->s, t->n);
		at = sl->at + sl->n;
		shift[k + 1] = (ptrdiff_t)s->b.len - (ptrdiff_t)at;
	}
	buf_add(&s->b, s->a.p + at, s->a.len - at);
	for (k = 0; k < s->nunits; k++) {
		struct bt_metric *m = &rec->metrics_[k];

		m->text.s = s->b.p + s->units[k].bat;
		m->text.n = row[k].n;
		m->value = row[k].v;
	}
	if (rec->json_made_)
		jv_free(rec->json_);
	rec->json_made_ = 0;
	rec->r.iterations = it ? it->i : 0;
	rec->labels_at_ = place(s, P_LABELS, shift);
	rec->labels_end_ = place(s, P_LABELS_END, shift);
	rec->obj_end_ = place(s, P_END, shift);
	if (rec->run_.n)
		rec->run_.s = place(s, P_RUN, shift);
	rec->line.s = s->b.p;
	rec->line.n = s->b.len;
	s->index++;
}

/* The first sample: its line written, and decoded as any line is. */
static int as_first_sample(struct samples_rd *s, struct rec *rec,
			   struct bt_str *it, char *err, size_t n)
{
	char why[400];

	put_line(s, &s->a, it);
	if (rec_decode(rec, s->a.p, s->a.len, why, sizeof why)) {
		snprintf(err, n, "sample %zu: %s", s->index, why);
		return -1;
	}
	return 0;
}

int samples_read(struct samples_rd *s, struct rec *rec, const char *line,
		 size_t len, int (*fn)(void *ctx, const struct rec *rec),
		 void *ctx, int *ret, char *err, size_t n)
{
	struct bt_str it;
	size_t nslots;
	int st, fast = len >= sizeof samples_head2 &&
		       !memcmp(line, samples_head2, sizeof samples_head2 - 1);

	*ret = 0;
	if (fast && samples_open_compact(s, line, len)) {
		st = 1;
	} else {
		if (fast ? json_valid(line, len, err, n)
			 : rec_decode(rec, line, len, err, n))
			return -1;
		if (!fast &&
		    (rec->r.kind != 0 || !rec_str_is(rec->kind, "samples"))) {
			*ret = fn(ctx, rec);
			return 0;
		}
		if ((st = samples_open(s, line, len, err, n)) < 0)
			return -1;
	}
	if (st == 0) { /* the last "bt" is not 2: version 1's kind */
		if (fast && rec_decode(rec, line, len, err, n))
			return -1;
		*ret = fn(ctx, rec);
		return 0;
	}
	if (as_first_sample(s, rec, &it, err, n))
		return -1;
	if ((*ret = fn(ctx, rec)) || s->index == s->count)
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
	note_places(s, rec, nslots);
	while (s->index < s->count) {
		as_next_sample(s, rec, nslots);
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
	free(s->num);
	free(s->its);
	buf_free(&s->a);
	buf_free(&s->b);
	memset(s, 0, sizeof *s);
}
