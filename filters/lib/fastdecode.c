/*
 * fastdecode.c — the fast path of the record decoder: a line our writer
 * wrote, read in one pass.
 *
 * Nearly every line a filter reads was written by record.c, and records of
 * one benchmark follow one another: the same head, the same metric keys,
 * the same labels.  rec_decode (decode.c) tries this reading first and
 * falls back on the general one whenever it declines; decode.c's comment
 * says how the general path reads, this file how the common line is read
 * faster without reading it differently.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "bytes.h"
#include "decode.h"
#include "decodepriv.h"
#include "jsonvalid.h"
#include "record.h"
#include "util.h"

enum { MKEYS = 8 }; /* metric keys the fast path remembers */

enum { HEAD_MAX = 256 };
struct fast_head {
	char text[HEAD_MAX];
	size_t n; /* 0: none */
	size_t kind_at, kind_n, suite_at, suite_n, name_at, name_n;
	long procs;
	int kind;
	unsigned seen, want; /* the decoder's state after it */
};

/* The fast path's copy of the last labels (or config) object it read: its
 * text and where each key and value lies in it.  A stream's records mostly
 * carry the same labels; the same bytes decode the same way. */
struct rec_lcache {
	char *text;
	size_t n, cap; /* text[0..n): the object, braces included */
	size_t *off;   /* 4 a label: key at, key length, value at, length */
	size_t count, offcap;
	int valid;
	/* the metrics object's keys, each as read with its quotes and colon
	 * ("ns/op":), one after the other: key i at mkey + mat[i] */
	char mkey[MKEYS * 32];
	size_t mat[MKEYS + 1], nmkeys;
	/* The head of the last line read on the fast path: its bytes up to
	 * the ',' after its last field of bt, kind, suite, name and procs
	 * (a benchmark's samples share them), and what they decoded to. */
	struct fast_head head;
};

/* The fields in the order the writer writes them ("bt" first): the one
 * after each; FL_N for none. */
static const unsigned char next_field[FL_N] = {[FL_BT] = FL_KIND,
					       [FL_KIND] = FL_SUITE,
					       [FL_SUITE] = FL_NAME,
					       [FL_NAME] = FL_PROCS,
					       [FL_PROCS] = FL_ITERATIONS,
					       [FL_ITERATIONS] = FL_METRICS,
					       [FL_METRICS] = FL_LABELS,
					       [FL_LABELS] = FL_RUN,
					       [FL_REASON] = FL_MESSAGE,
					       [FL_MESSAGE] = FL_N,
					       [FL_CONFIG] = FL_N,
					       [FL_BETTER] = FL_N,
					       [FL_RUN] = FL_N,
					       [FL_SUMMARY_ONLY] = FL_N};
static const char *const field_keys[FL_N] = {
    "\"bt\":",	    "\"kind\":",	"\"name\":",   "\"suite\":",
    "\"reason\":",  "\"message\":",	"\"procs\":",  "\"iterations\":",
    "\"metrics\":", "\"labels\":",	"\"config\":", "\"better\":",
    "\"run\":",	    "\"summary_only\":"};
static const unsigned char field_key_len[FL_N] = {5,  7,  7, 8, 9, 10, 8,
						  13, 10, 9, 9, 9, 6,  15};

/*
 * Nearly every line is one our writer made: no white space, keys and values
 * without escapes, "kind" before the nested objects, "metrics" an object of
 * numbers and "labels" (or "config") one of strings.  rec_decode_fast reads
 * such a line in one pass, checking it as it goes — it accepts a subset of
 * what jsonvalid.h accepts, with the same grammar — and decodes each nested
 * object as it meets it, where the general path validates the line, splits
 * it into members, and splits every nested object again.  Whatever it does
 * not expect (white space, an escape, a duplicate, "better", a field of
 * another type, any error) it declines, and the general path reads the line
 * from the start: errors and rare shapes have one reading, the general one.
 */

enum { FAST_DEPTH = 16, FAST_MEMBERS = 64 };

struct fast {
	const char *p, *end;
};

/* fp->p just after an opening quote: the string, fp->p after its closing
 * quote; -1 for an escape, a control byte, or bytes >= 0x80 that are not
 * valid UTF-8 (the general path decides about those). */
static int fast_str(struct fast *fp, struct bt_str *out)
{
	const char *s = fp->p, *p = s, *end = fp->end;
	int high = 0;
	uint64_t w, m;

	for (;;) {
		while (end - p >= 8) {
			memcpy(&w, p, 8);
			m = JVD_HAS(w, '"') | JVD_HAS(w, '\\') |
			    JVD_LESS(w, 0x20) | (w & JVD_ONES * 0x80);
			if (m) {
				p += __builtin_ctzll(m) / 8;
				break;
			}
			p += 8;
		}
		if (p == end)
			return -1;
		if (*p == '"')
			break;
		if (*p == '\\' || (unsigned char)*p < 0x20)
			return -1;
		high |= (unsigned char)*p >= 0x80;
		p++;
	}
	out->s = s;
	out->n = (size_t)(p - s);
	fp->p = p + 1;
	return high && !utf8_valid(out->s, out->n) ? -1 : 0;
}

/* A key and its colon, at fp->p. */
static int fast_key(struct fast *fp, struct bt_str *key)
{
	if (fp->p == fp->end || *fp->p != '"')
		return -1;
	fp->p++;
	if (fast_str(fp, key) || fp->p == fp->end || *fp->p != ':')
		return -1;
	fp->p++;
	return 0;
}

static const char *fast_digits(const char *p, const char *end)
{
	while (p < end && *p >= '0' && *p <= '9')
		p++;
	return p;
}

/* A number in JSON's grammar at fp->p: its text. */
static int fast_num(struct fast *fp, struct bt_str *out)
{
	const char *p = fp->p, *end = fp->end, *q;

	if (p < end && *p == '-')
		p++;
	if (p < end && *p == '0')
		p++;
	else if ((q = fast_digits(p, end)) == p)
		return -1;
	else
		p = q;
	if (p < end && *p == '.') {
		if ((q = fast_digits(p + 1, end)) == p + 1)
			return -1;
		p = q;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if ((q = fast_digits(p, end)) == p)
			return -1;
		p = q;
	}
	out->s = fp->p;
	out->n = (size_t)(p - fp->p);
	fp->p = p;
	return 0;
}

/* A whole number >= 0 written as at most 15 digits (bt, procs,
 * iterations): exact as a double, as the general path reads it. */
static int fast_int(struct fast *fp, int64_t *out)
{
	const char *p = fp->p, *e = fp->end;
	int64_t v = 0;

	for (; p < e && p - fp->p < 16 && (unsigned char)(*p - '0') < 10; p++)
		v = v * 10 + (*p - '0'); /* one pass: digits and value */
	if (p == fp->p || p - fp->p > 15 || (*fp->p == '0' && p - fp->p > 1) ||
	    (p < e && ((unsigned char)(*p - '0') < 10 || *p == '.' ||
		       *p == 'e' || *p == 'E')))
		return -1;
	*out = v;
	fp->p = p;
	return 0;
}

static int fast_word(struct fast *fp, const char *w, size_t n)
{
	if ((size_t)(fp->end - fp->p) < n || memcmp(fp->p, w, n))
		return -1;
	fp->p += n;
	return 0;
}

/* The value at fp->p, checked and passed over (a field not read). */
static int fast_skip(struct fast *fp, int depth)
{
	struct bt_str s;
	char close, c;

	if (fp->p == fp->end)
		return -1;
	switch (*fp->p) {
	case '"':
		fp->p++;
		return fast_str(fp, &s);
	case 't':
		return fast_word(fp, "true", 4);
	case 'f':
		return fast_word(fp, "false", 5);
	case 'n':
		return fast_word(fp, "null", 4);
	case '{':
	case '[':
		if (depth >= FAST_DEPTH)
			return -1;
		close = *fp->p++ == '{' ? '}' : ']';
		if (fp->p < fp->end && *fp->p == close) {
			fp->p++;
			return 0;
		}
		for (;;) {
			if (close == '}' && fast_key(fp, &s))
				return -1;
			if (fast_skip(fp, depth + 1) || fp->p == fp->end)
				return -1;
			c = *fp->p++;
			if (c == close)
				return 0;
			if (c != ',')
				return -1;
		}
	default:
		return fast_num(fp, &s);
	}
}

/* Metric key i at fp->p when its bytes (quotes and colon) are those of key
 * i of the last metrics object the fast path read: 1, the key set and fp->p
 * past its colon; else 0. */
static int metric_key_again(struct fast *fp, const struct rec *rec, size_t i,
			    struct bt_str *key)
{
	const struct rec_lcache *c = rec->lcache_;
	size_t k;

	if (!c || i >= c->nmkeys)
		return 0;
	k = c->mat[i + 1] - c->mat[i];
	if ((size_t)(fp->end - fp->p) < k ||
	    !bytes_eq(fp->p, c->mkey + c->mat[i], k))
		return 0;
	key->s = fp->p + 1;
	key->n = k - 3;
	fp->p += k;
	return 1;
}

/* Keep the keys of the metrics object just read (rec->ents_[0..n)). */
static void metric_keys_keep(struct rec *rec, size_t n)
{
	struct rec_lcache *c = rec->lcache_;
	size_t i, k;

	if (!c)
		c = rec->lcache_ = xcalloc(1, sizeof *c);
	c->nmkeys = 0;
	c->mat[0] = 0;
	for (i = 0; i < n && i < MKEYS; i++) {
		k = rec->ents_[i].key.n + 3; /* "key": as read, no escapes */
		if (k > 32)
			break;
		memcpy(c->mkey + c->mat[i], rec->ents_[i].key.s - 1, k);
		c->mat[i + 1] = c->mat[i] + k;
		c->nmkeys = i + 1;
	}
}

/* The object at fp->p of numbers (metrics) or of strings (labels, config):
 * its members into rec->ents_ (key, value text), none twice; their number
 * in *count. */
static int fast_obj(struct fast *fp, struct rec *rec, int numbers,
		    size_t *count)
{
	struct rec_ent *e;
	struct bt_str v;
	size_t n = 0, i, again = 0;
	char c;

	if (fp->p == fp->end || *fp->p++ != '{')
		return -1;
	if (fp->p < fp->end && *fp->p == '}') {
		fp->p++;
		*count = 0;
		return 0;
	}
	for (;;) {
		if (n == FAST_MEMBERS)
			return -1;
		if (n == rec->ecap_) {
			rec->ecap_ = rec->ecap_ ? 2 * rec->ecap_ : 16;
			rec->ents_ = xreallocarray(rec->ents_, rec->ecap_,
						   sizeof *rec->ents_);
		}
		e = &rec->ents_[n];
		if (numbers && metric_key_again(fp, rec, n, &e->key))
			again++; /* the bytes of the last metrics' key n */
		else if (fast_key(fp, &e->key))
			return -1;
		if (fp->p == fp->end)
			return -1;
		if (numbers ? fast_num(fp, &v)
			    : (*fp->p++ != '"' || fast_str(fp, &v)))
			return -1;
		e->v = v.s;
		e->vend = v.s + v.n;
		for (i = 0; i < n; i++)
			if (rec_key_eq(rec->ents_[i].key, e->key))
				return -1;
		n++;
		if (fp->p == fp->end)
			return -1;
		c = *fp->p++;
		if (c == '}')
			break;
		if (c != ',')
			return -1;
	}
	*count = n;
	if (numbers && !(again == n && n == rec->lcache_->nmkeys))
		metric_keys_keep(rec, n); /* not the keys it holds */
	return 0;
}

static int fast_metrics(struct fast *fp, struct rec *rec)
{
	struct bt_metric *m;
	size_t i, count;

	if (fast_obj(fp, rec, 1, &count) || count == 0)
		return -1;
	if (count > rec->mcap_) {
		rec->mcap_ = count < 8 ? 8 : count;
		rec->metrics_ = xreallocarray(rec->metrics_, rec->mcap_,
					      sizeof *rec->metrics_);
	}
	for (i = 0; i < count; i++) {
		m = &rec->metrics_[i];
		m->unit = rec->ents_[i].key;
		m->text.s = rec->ents_[i].v;
		m->text.n = (size_t)(rec->ents_[i].vend - rec->ents_[i].v);
		m->value = rec_quick_number(m->text.s, m->text.n);
		m->better = BT_BETTER_DEFAULT;
		if (!isfinite(m->value))
			return -1;
	}
	rec->r.metrics = rec->metrics_;
	rec->r.nmetrics = count;
	return 0;
}

/* n bytes at p are those at k (n from 5 to 16, p holding n): inline. */
static inline int key_is(const char *p, const char *k, size_t n)
{
	uint64_t a, b, c, d;
	uint32_t u, v, w, x;

	if (n <= 8) {
		memcpy(&u, p, 4), memcpy(&v, k, 4);
		memcpy(&w, p + n - 4, 4), memcpy(&x, k + n - 4, 4);
		return u == v && w == x;
	}
	memcpy(&a, p, 8), memcpy(&b, k, 8);
	memcpy(&c, p + n - 8, 8), memcpy(&d, k + n - 8, 8);
	return a == b && c == d;
}

/* The labels object at fp->p when its bytes are those of the last one the
 * fast path read: the labels from the cache; -1 when not. */
static int labels_again(struct fast *fp, struct rec *rec)
{
	const struct rec_lcache *c = rec->lcache_;
	size_t i, n;

	if (!c || !c->valid || (size_t)(fp->end - fp->p) <= c->n ||
	    memcmp(fp->p, c->text, c->n) ||
	    (fp->p[c->n] != ',' && fp->p[c->n] != '}'))
		return -1;
	if (c->count > rec->lcap_) {
		rec->lcap_ = c->count < 8 ? 8 : c->count;
		rec->labels_ = xreallocarray(rec->labels_, rec->lcap_,
					     sizeof *rec->labels_);
	}
	for (i = 0, n = c->count; i < n; i++) {
		rec->labels_[i].key.s = fp->p + c->off[4 * i];
		rec->labels_[i].key.n = c->off[4 * i + 1];
		rec->labels_[i].value.s = fp->p + c->off[4 * i + 2];
		rec->labels_[i].value.n = c->off[4 * i + 3];
	}
	rec->r.labels = rec->labels_;
	rec->r.nlabels = n;
	fp->p += c->n;
	return 0;
}

/* Keep the labels object at at..fp->p, just read, in the cache. */
static void labels_keep(struct rec *rec, const char *at, const char *end)
{
	struct rec_lcache *c = rec->lcache_;
	size_t i, n = (size_t)(end - at), k = rec->r.nlabels;

	if (!c)
		c = rec->lcache_ = xcalloc(1, sizeof *c);
	c->valid = 0;
	if (n > 4096)
		return; /* a cache for the common case only */
	if (n > c->cap)
		c->text = xrealloc(c->text, c->cap = n);
	if (4 * k > c->offcap)
		c->off =
		    xreallocarray(c->off, c->offcap = 4 * k, sizeof *c->off);
	memcpy(c->text, at, n);
	c->n = n;
	for (i = 0; i < k; i++) {
		c->off[4 * i] = (size_t)(rec->labels_[i].key.s - at);
		c->off[4 * i + 1] = rec->labels_[i].key.n;
		c->off[4 * i + 2] = (size_t)(rec->labels_[i].value.s - at);
		c->off[4 * i + 3] = rec->labels_[i].value.n;
	}
	c->count = k;
	c->valid = 1;
}

static int fast_labels(struct fast *fp, struct rec *rec)
{
	size_t i, count;
	const char *at = fp->p;

	if (labels_again(fp, rec) == 0)
		return 0;
	if (fast_obj(fp, rec, 0, &count))
		return -1;
	if (count > rec->lcap_) {
		rec->lcap_ = count < 8 ? 8 : count;
		rec->labels_ = xreallocarray(rec->labels_, rec->lcap_,
					     sizeof *rec->labels_);
	}
	for (i = 0; i < count; i++) {
		rec->labels_[i].key = rec->ents_[i].key;
		rec->labels_[i].value.s = rec->ents_[i].v;
		rec->labels_[i].value.n =
		    (size_t)(rec->ents_[i].vend - rec->ents_[i].v);
	}
	rec->r.labels = rec->labels_;
	rec->r.nlabels = count;
	labels_keep(rec, at, fp->p);
	return 0;
}

/* A known field's value at fp->p, read into rec. */
static int fast_field(struct fast *fp, struct rec *rec, int f)
{
	struct bt_str *s = NULL;
	int64_t v;
	const char *at = fp->p;
	int read;

	switch (f) {
	case FL_BT: /* version 1: a later one's lines go the general way */
		return fast_int(fp, &v) || v != 1;
	case FL_KIND:
		s = &rec->kind;
		break;
	case FL_NAME:
		s = &rec->r.name;
		break;
	case FL_SUITE:
		s = &rec->r.suite;
		break;
	case FL_REASON:
		s = &rec->r.reason;
		break;
	case FL_MESSAGE:
		s = &rec->r.message;
		break;
	case FL_PROCS:
		if (fast_int(fp, &v))
			return -1;
		rec->r.procs = (long)v;
		return 0;
	case FL_ITERATIONS:
		return fast_int(fp, &rec->r.iterations);
	case FL_METRICS:
		return rec->r.kind == BT_KIND_SAMPLE ? fast_metrics(fp, rec)
						     : fast_skip(fp, 1);
	case FL_LABELS:
	case FL_CONFIG:
		read = (f == FL_CONFIG) == (rec->r.kind == BT_KIND_CONTEXT);
		if (read ? fast_labels(fp, rec) : fast_skip(fp, 1))
			return -1;
		if (f == FL_LABELS) {
			rec->labels_at_ = at;
			rec->labels_end_ = fp->p;
		}
		return 0;
	case FL_RUN: /* passed over, its text noted for runid.c */
		if (fast_skip(fp, 1))
			return -1;
		if (*at == '{')
			rec->run_.s = at, rec->run_.n = (size_t)(fp->p - at);
		return 0;
	case FL_SUMMARY_ONLY: /* sumstats.c reads it, when there */
		rec->summary_key_ = 1;
		return fast_skip(fp, 1);
	default: /* FL_BETTER */
		return -1;
	}
	if (fp->p == fp->end || *fp->p++ != '"' || fast_str(fp, s))
		return -1;
	if (f == FL_KIND)
		rec->r.kind = rec_kind_of(rec->kind);
	return 0;
}

/* The fields a line's head may hold (struct fast_head). */
#define HEAD_FIELDS                                                            \
	(1u << FL_BT | 1u << FL_KIND | 1u << FL_SUITE | 1u << FL_NAME |        \
	 1u << FL_PROCS)

/* The line begins with the head the last one had: its fields set as its
 * reading would set them (they point into the line at the same places),
 * fp past it; else 0. */
static int head_again(struct fast *fp, struct rec *rec, unsigned *seen,
		      int *want)
{
	const struct fast_head *h = rec->lcache_ ? &rec->lcache_->head : NULL;
	const char *line = fp->p;

	if (!h || !h->n || (size_t)(fp->end - line) <= h->n ||
	    memcmp(line, h->text, h->n))
		return 0;
	/* a field the head does not hold stays as rec_reset() left it */
	if (h->seen & 1u << FL_KIND)
		rec->kind.s = line + h->kind_at, rec->kind.n = h->kind_n;
	if (h->seen & 1u << FL_SUITE)
		rec->r.suite.s = line + h->suite_at,
		rec->r.suite.n = h->suite_n;
	if (h->seen & 1u << FL_NAME)
		rec->r.name.s = line + h->name_at, rec->r.name.n = h->name_n;
	if (h->seen & 1u << FL_KIND)
		rec->r.kind = h->kind;
	if (h->seen & 1u << FL_PROCS)
		rec->r.procs = h->procs;
	*seen = h->seen;
	*want = (int)h->want;
	fp->p = line + h->n;
	return 1;
}

/* Keep line[0..n) as the head, with what rec read from it. */
static void head_keep(struct rec *rec, const char *line, size_t n,
		      unsigned seen, int want)
{
	struct fast_head *h;

	if (!rec->lcache_)
		rec->lcache_ = xcalloc(1, sizeof *rec->lcache_);
	h = &rec->lcache_->head;
	h->n = 0;
	if (n > HEAD_MAX)
		return;
	memcpy(h->text, line, n);
	if (seen & 1u << FL_KIND) /* the strings it read point into it */
		h->kind_at = (size_t)(rec->kind.s - line),
		h->kind_n = rec->kind.n;
	if (seen & 1u << FL_SUITE)
		h->suite_at = (size_t)(rec->r.suite.s - line),
		h->suite_n = rec->r.suite.n;
	if (seen & 1u << FL_NAME)
		h->name_at = (size_t)(rec->r.name.s - line),
		h->name_n = rec->r.name.n;
	h->procs = rec->r.procs;
	h->kind = rec->r.kind;
	h->seen = seen;
	h->want = (unsigned)want;
	h->n = n;
}

int rec_decode_fast(struct rec *rec, const char *line, size_t len)
{
	struct fast fp = {line, line + len};
	struct bt_str key;
	unsigned seen = 0, head_seen = 0;
	int f, want = FL_BT, head_want = FL_BT, again;
	size_t head_n = 0; /* the head read this time, to keep */
	char c;

	rec_reset(rec, line, len);
	rec->r.name.s = rec->r.suite.s = rec->r.reason.s = "";
	rec->r.message.s = "";
	if (len == 0 || *fp.p != '{')
		return -1;
	again = head_again(&fp, rec, &seen, &want);
	if (!again)
		fp.p++;
	for (;; want = f >= 0 ? next_field[f] : FL_N) {
		/* The field the writer writes next, by its quoted key and colon
		 * (which a key with an escape cannot match); else any key. */
		f = want;
		if (want < FL_N &&
		    (size_t)(fp.end - fp.p) >= field_key_len[want] &&
		    key_is(fp.p, field_keys[want], field_key_len[want]))
			fp.p += field_key_len[want];
		else if (fast_key(&fp, &key))
			return -1;
		else
			f = rec_field_of(key);
		if (f < 0) {
			if (fast_skip(&fp, 1))
				return -1;
		} else {
			if (seen & 1u << f)
				return -1;
			seen |= 1u << f;
			if ((f == FL_METRICS || f == FL_LABELS ||
			     f == FL_CONFIG) &&
			    !(seen & 1u << FL_KIND))
				return -1;
			if (fast_field(&fp, rec, f))
				return -1;
		}
		if (fp.p == fp.end)
			return -1;
		c = *fp.p++;
		if (c == '}')
			break;
		if (c != ',')
			return -1;
		if (!again && f >= 0 && seen == head_seen + (1u << f) &&
		    (HEAD_FIELDS >> f & 1)) { /* the head goes on */
			head_n = (size_t)(fp.p - line);
			head_seen = seen;
			head_want = next_field[f];
		}
	}
	if (fp.p != fp.end || !(seen & 1u << FL_BT) || !(seen & 1u << FL_KIND))
		return -1;
	if (rec->r.kind == BT_KIND_SAMPLE &&
	    (rec->r.name.n == 0 || !(seen & 1u << FL_METRICS)))
		return -1;
	rec->obj_end_ = fp.p - 1;
	if (!again)
		head_keep(rec, line, head_n, head_seen, head_want);
	return 0;
}

void rec_lcache_free(struct rec_lcache *c)
{
	if (!c)
		return;
	free(c->text);
	free(c->off);
	free(c);
}
