/*
 * identity.c — benchmark identity keys (identity.h).  Each field is its
 * length (a size_t's bytes) and its bytes, procs its long's, then the
 * number of labels and the labels sorted by key: no key is the start of
 * another, so a filter may append to one (bt-cv appends the unit).
 */
#include "identity.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "bytes.h"
#include "record.h"
#include "util.h"

static void field(struct buf *b, const char *p, size_t n)
{
	buf_add(b, &n, sizeof n);
	buf_add(b, p, n);
}

static int cmp_label(const void *a, const void *b)
{
	const struct bt_label *x = a, *y = b;
	size_t n = x->key.n < y->key.n ? x->key.n : y->key.n;
	int c = memcmp(x->key.s, y->key.s, n);

	if (c || x->key.n != y->key.n)
		return c ? c : (x->key.n > y->key.n) - (x->key.n < y->key.n);
	n = x->value.n < y->value.n ? x->value.n : y->value.n;
	c = memcmp(x->value.s, y->value.s, n);
	return c ? c : (x->value.n > y->value.n) - (x->value.n < y->value.n);
}

void rec_identity(struct buf *b, const struct bt_record *r, int labels,
		  const char *skip)
{
	struct bt_label small[16], *ls = small;
	size_t i, n = 0;

	field(b, r->suite.s, r->suite.n);
	field(b, r->name.s, r->name.n);
	buf_add(b, &r->procs, sizeof r->procs);
	if (!labels || r->kind == BT_KIND_CONTEXT || !r->nlabels) {
		buf_add(b, &n, sizeof n); /* no labels */
		return;
	}
	if (r->nlabels > 16)
		ls = xreallocarray(NULL, r->nlabels, sizeof *ls);
	for (i = 0; i < r->nlabels; i++)
		if (!skip || !rec_str_is(r->labels[i].key, skip))
			ls[n++] = r->labels[i];
	if (n <= 16) { /* a few: by insertion, no work when in order */
		for (i = 1; i < n; i++) {
			struct bt_label t = ls[i];
			size_t j = i;

			for (; j > 0 && cmp_label(&ls[j - 1], &t) > 0; j--)
				ls[j] = ls[j - 1];
			ls[j] = t;
		}
	} else {
		qsort(ls, n, sizeof *ls, cmp_label);
	}
	buf_add(b, &n, sizeof n); /* how many: the key ends where it says */
	for (i = 0; i < n; i++) {
		field(b, ls[i].key.s, ls[i].key.n);
		field(b, ls[i].value.s, ls[i].value.n);
	}
	if (ls != small)
		free(ls);
}

void rec_raw_labels(struct buf *b, const struct bt_label *ls, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		buf_add(b, &ls[i].key.n, sizeof ls[i].key.n);
		buf_add(b, ls[i].key.s, ls[i].key.n);
		buf_add(b, &ls[i].value.n, sizeof ls[i].value.n);
		buf_add(b, ls[i].value.s, ls[i].value.n);
	}
}

void rec_raw_identity(struct buf *b, const struct bt_record *r)
{
	buf_add(b, &r->procs, sizeof r->procs);
	buf_add(b, &r->suite.n, sizeof r->suite.n);
	buf_add(b, r->suite.s, r->suite.n);
	buf_add(b, &r->name.n, sizeof r->name.n);
	buf_add(b, r->name.s, r->name.n);
	rec_raw_labels(b, r->labels, r->nlabels);
}

/* The field s at *p (below e) as field() wrote it: 1, *p past it. */
static inline int field_at(const char **p, const char *e, struct bt_str s)
{
	size_t n;

	if ((size_t)(e - *p) < sizeof n)
		return 0;
	memcpy(&n, *p, sizeof n);
	if (n != s.n || (size_t)(e - *p) - sizeof n < n ||
	    !bytes_eq(*p + sizeof n, s.s, n))
		return 0;
	*p += sizeof n + n;
	return 1;
}

size_t rec_raw_identity_at(const void *raw, size_t n, const struct bt_record *r)
{
	const char *p = raw, *e = p + n;
	size_t i;

	if (n < sizeof r->procs || memcmp(p, &r->procs, sizeof r->procs))
		return 0;
	p += sizeof r->procs;
	if (!field_at(&p, e, r->suite) || !field_at(&p, e, r->name))
		return 0;
	for (i = 0; i < r->nlabels; i++)
		if (!field_at(&p, e, r->labels[i].key) ||
		    !field_at(&p, e, r->labels[i].value))
			return 0;
	return (size_t)(p - (const char *)raw);
}

static int has_nul(struct bt_str s)
{
	return s.n && memchr(s.s, '\0', s.n) != NULL;
}

const char *identity_nul(const struct bt_record *r)
{
	size_t i;

	if (has_nul(r->suite))
		return "suite";
	if (has_nul(r->name))
		return "name";
	if (r->kind != BT_KIND_CONTEXT)
		for (i = 0; i < r->nlabels; i++)
			if (has_nul(r->labels[i].key) ||
			    has_nul(r->labels[i].value))
				return "a label";
	return NULL;
}

void identity_check(const struct rec *rec)
{
	const char *nul = identity_nul(&rec->r);

	if (nul)
		die(EXIT_USAGE,
		    "%s:%ld: a NUL (\\u0000) in the %s's %s: names are text",
		    rec->file, rec->lineno,
		    kind_name(rec->r.kind) ? kind_name(rec->r.kind) : "record",
		    nul);
}
