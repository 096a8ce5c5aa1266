/*
 * samplesw.c — version 2's samples records written from the version-1
 * samples a writer has written; see samples.h and docs/records.md
 * (samples.c reads them).
 *
 * It works on the lines, not on decoded records: it groups only lines
 * whose every byte but the counts and values is the same, so the record it
 * writes stands for those lines exactly, and reads back as them, byte for
 * byte.  The lines given are valid JSON (the writer made them, or
 * rec_decode read them): values are skipped as decode.c skips them.
 */
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "decodepriv.h"
#include "samples.h"
#include "util.h"

enum { MAX_HELD = 1000, MAX_VALS = 1 << 20 }; /* a record's limits */

static int is_num(const char *v)
{
	return *v == '-' || (*v >= '0' && *v <= '9');
}

/* A version-1 sample as our writer writes it, in pieces: its members after
 * {"bt":1,"kind":"sample", and where its count and values are. */
enum { MAX_MEMBERS = 32, MAX_UNITS = SAMPLES_MAX_UNITS };
struct parts {
	const char *mem[MAX_MEMBERS + 1]; /* member i: [mem[i], mem[i+1]-1) */
	size_t klen[MAX_MEMBERS]; /* its key's length, quotes included */
	size_t nmem;
	int iter, metrics;	/* their members, -1 for none */
	const char *iv, *ivend; /* the count */
	const char *val[MAX_UNITS], *vend[MAX_UNITS]; /* the metric values */
	const char *unit[MAX_UNITS], *uend[MAX_UNITS];
	size_t nval;
};

enum { K_OTHER, K_ITER, K_METRICS, K_VERSION2 };

/* What a member of a version-1 sample is to the writer: its count, its
 * metrics, a key version 2 gives a meaning (not to be held), or other. */
static int key_role(struct bt_str k)
{
	static const struct {
		const char *s;
		size_t n;
		int role;
	} keys[] = {
	    {"iterations", 10, K_ITER}, {"metrics", 7, K_METRICS},
	    {"units", 5, K_VERSION2},	{"values", 6, K_VERSION2},
	    {"bt", 2, K_VERSION2},	{"kind", 4, K_VERSION2},
	};
	size_t i;

	for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (k.n == keys[i].n && !memcmp(k.s, keys[i].s, k.n))
			return keys[i].role;
	return K_OTHER;
}

static const char head1[] = "{\"bt\":1,\"kind\":\"sample\",";

/* The metrics object at p (compact, numbers only) into pt; its end, or
 * NULL. */
static const char *metric_parts(const char *p, const char *end,
				struct parts *pt)
{
	if (*p++ != '{')
		return NULL;
	pt->nval = 0;
	while (p < end && *p == '"' && pt->nval < MAX_UNITS) {
		pt->unit[pt->nval] = p;
		p = rec_value_end(p, end);
		pt->uend[pt->nval] = p;
		if (p + 1 >= end || *p != ':' || !is_num(p + 1))
			return NULL;
		pt->val[pt->nval] = ++p;
		p = rec_value_end(p, end);
		pt->vend[pt->nval++] = p;
		if (p < end && *p == '}')
			return pt->nval ? p + 1 : NULL;
		if (p >= end || *p++ != ',')
			return NULL;
	}
	return NULL;
}

/* 1 when line is a sample that can be held, its pieces in pt: written
 * without white space between members, with unique keys, none of them a
 * version-2 member, and unique units written without escapes (the reader
 * refuses a unit twice, and would see "n\u0073" and "ns" as one). */
static int sample_parts(const char *line, size_t len, struct parts *pt)
{
	const char *p = line + sizeof head1 - 1, *end = line + len, *q;
	size_t i, j;

	if (len < sizeof head1 || memcmp(line, head1, sizeof head1 - 1))
		return 0;
	pt->nmem = 0;
	pt->iter = pt->metrics = -1;
	while (p < end && *p == '"' && pt->nmem < MAX_MEMBERS) {
		struct bt_str k = {p + 1, 0};

		pt->mem[pt->nmem] = p;
		q = memchr(p + 1, '"', (size_t)(end - p - 1));
		if (!q || memchr(p + 1, '\\', (size_t)(q - p - 1)) ||
		    q + 1 >= end || q[1] != ':')
			return 0;
		k.n = (size_t)(q - p - 1);
		pt->klen[pt->nmem] = k.n + 2;
		switch (key_role(k)) {
		case K_ITER:
			if (!is_num(q + 2))
				return 0;
			pt->iter = (int)pt->nmem;
			pt->iv = q + 2;
			p = pt->ivend = rec_value_end(q + 2, end);
			break;
		case K_METRICS:
			pt->metrics = (int)pt->nmem;
			p = metric_parts(q + 2, end, pt);
			break;
		case K_OTHER:
			p = rec_value_end(q + 2, end);
			break;
		default:
			return 0;
		}
		if (!p || p >= end)
			return 0;
		pt->nmem++;
		if (*p == '}' && p + 1 == end)
			break;
		if (*p++ != ',')
			return 0;
	}
	if (p >= end || *p != '}' || pt->metrics < 0)
		return 0;
	pt->mem[pt->nmem] = p + 1;
	for (i = 0; i < pt->nmem; i++) /* unique keys, compared as written */
		for (j = i + 1; j < pt->nmem; j++)
			if (pt->klen[i] == pt->klen[j] &&
			    !memcmp(pt->mem[i], pt->mem[j], pt->klen[i]))
				return 0;
	for (i = 0; i < pt->nval; i++) { /* and units, without escapes */
		size_t n = (size_t)(pt->uend[i] - pt->unit[i]);

		if (memchr(pt->unit[i], '\\', n))
			return 0;
		for (j = i + 1; j < pt->nval; j++)
			if ((size_t)(pt->uend[j] - pt->unit[j]) == n &&
			    !memcmp(pt->unit[i], pt->unit[j], n))
				return 0;
	}
	return 1;
}

/* Where pt's count and values are in line, as offsets. */
static void cut_of(const struct parts *pt, const char *line,
		   struct samples_cut *c)
{
	size_t i;

	c->iv = c->ivend = 0;
	if (pt->iter >= 0) {
		c->iv = (size_t)(pt->iv - line);
		c->ivend = (size_t)(pt->ivend - line);
	}
	c->nval = pt->nval;
	for (i = 0; i < pt->nval; i++) {
		c->val[i] = (size_t)(pt->val[i] - line);
		c->vend[i] = (size_t)(pt->vend[i] - line);
	}
}

static int same_cut(const struct samples_cut *a, const struct samples_cut *b)
{
	return a->iv == b->iv && a->ivend == b->ivend && a->nval == b->nval &&
	       !memcmp(a->val, b->val, a->nval * sizeof *a->val) &&
	       !memcmp(a->vend, b->vend, a->nval * sizeof *a->vend);
}

/* The line without its count and metric values: what its group shares
 * (the places they were cut from stay, so the rest cannot be read two
 * ways).  The count comes before the values, as the writer puts them. */
static void shared_part(const char *line, size_t len,
			const struct samples_cut *c, struct buf *key)
{
	size_t i, at = 0;

	key->len = 0;
	if (c->ivend) {
		buf_add(key, line, c->iv);
		at = c->ivend;
	}
	for (i = 0; i < c->nval; i++) {
		buf_add(key, line + at, c->val[i] - at);
		at = c->vend[i];
	}
	buf_add(key, line + at, len - at);
}

/* line, cut at c, is key: what shared_part would make of it, compared in
 * place. */
static int same_shared(const char *line, size_t len,
		       const struct samples_cut *c, const struct buf *key)
{
	const char *k = key->p, *kend = key->p + key->len;
	size_t i, at = 0, n;

	if (c->ivend) {
		if ((size_t)(kend - k) < c->iv || !bytes_eq(k, line, c->iv))
			return 0;
		k += c->iv;
		at = c->ivend;
	}
	for (i = 0; i < c->nval; i++) {
		n = c->val[i] - at;
		if ((size_t)(kend - k) < n || !bytes_eq(k, line + at, n))
			return 0;
		k += n;
		at = c->vend[i];
	}
	n = len - at;
	return (size_t)(kend - k) == n && bytes_eq(k, line + at, n);
}

/* A cut the writer may group by: values after the count, in order. */
static int cut_usable(const struct samples_cut *c, size_t len)
{
	size_t i, at = c->ivend;

	if (c->nval == 0 || c->nval > SAMPLES_MAX_UNITS || c->iv > c->ivend)
		return 0;
	for (i = 0; i < c->nval; i++) {
		if (c->val[i] < at || c->vend[i] <= c->val[i])
			return 0;
		at = c->vend[i];
	}
	return at <= len;
}

int samples_add_cut(struct samples_wr *g, const char *line, size_t len,
		    const struct samples_cut *c, struct buf *out)
{
	struct parts pt;
	struct samples_cut check;
	size_t i;

	if (!cut_usable(c, len)) {
		samples_end(g, out);
		return 0;
	}
	if (g->n && (g->n >= MAX_HELD || g->vals.len >= MAX_VALS ||
		     !same_shared(line, len, c, &g->key)))
		samples_end(g, out);
	if (!g->n) { /* a group's first line: is it one samples_end reads? */
		if (!sample_parts(line, len, &pt))
			return 0;
		cut_of(&pt, line, &check);
		if (!same_cut(c, &check))
			return 0;
		shared_part(line, len, c, &g->key);
		g->first.len = g->iters.len = g->vals.len = 0;
		buf_add(&g->first, line, len);
	}
	if (c->ivend) {
		if (g->n)
			buf_addc(&g->iters, ',');
		buf_add(&g->iters, line + c->iv, c->ivend - c->iv);
	}
	if (g->n)
		buf_addc(&g->vals, ',');
	buf_addc(&g->vals, '[');
	for (i = 0; i < c->nval; i++) {
		if (i)
			buf_addc(&g->vals, ',');
		buf_add(&g->vals, line + c->val[i], c->vend[i] - c->val[i]);
	}
	buf_addc(&g->vals, ']');
	g->n++;
	return 1;
}

int samples_add(struct samples_wr *g, const char *line, size_t len,
		struct buf *out)
{
	struct parts pt;
	struct samples_cut c;

	if (!sample_parts(line, len, &pt)) {
		samples_end(g, out);
		return 0;
	}
	cut_of(&pt, line, &c);
	return samples_add_cut(g, line, len, &c, out);
}

void samples_end(struct samples_wr *g, struct buf *out)
{
	struct parts pt;
	size_t i;
	int units = 0;

	if (g->n == 0)
		return;
	if (g->n == 1 || !sample_parts(g->first.p, g->first.len, &pt)) {
		/* (samples_add_cut held nothing sample_parts does not read) */
		buf_add(out, g->first.p, g->first.len);
		buf_addc(out, '\n');
		g->n = 0;
		return;
	}
	buf_addlit(out, "{\"bt\":2,\"kind\":\"samples\"");
	for (i = 0; i < pt.nmem; i++) {
		const char *m = pt.mem[i];
		size_t mlen = (size_t)(pt.mem[i + 1] - 1 - m);

		if (((int)i == pt.iter || (int)i == pt.metrics) && !units++) {
			size_t j;

			buf_addlit(out, ",\"units\":[");
			for (j = 0; j < pt.nval; j++) {
				if (j)
					buf_addc(out, ',');
				buf_add(out, pt.unit[j],
					(size_t)(pt.uend[j] - pt.unit[j]));
			}
			buf_addc(out, ']');
		}
		buf_addc(out, ',');
		if ((int)i == pt.iter) {
			buf_addlit(out, "\"iterations\":[");
			buf_add(out, g->iters.p, g->iters.len);
			buf_addc(out, ']');
		} else if ((int)i == pt.metrics) {
			buf_addlit(out, "\"values\":[");
			buf_add(out, g->vals.p, g->vals.len);
			buf_addc(out, ']');
		} else {
			buf_add(out, m, mlen);
		}
	}
	buf_addlit(out, "}\n");
	g->n = 0;
}

void samples_wr_free(struct samples_wr *g)
{
	buf_free(&g->first);
	buf_free(&g->key);
	buf_free(&g->iters);
	buf_free(&g->vals);
	memset(g, 0, sizeof *g);
}
