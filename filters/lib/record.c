/*
 * record.c — the record writer; see record.h and docs/records.md (decode.c
 * reads record lines, recview.c looks at them).
 *
 * Records are not written with jv_dump_string: they are appended to a
 * buffer with buf.h's JSON writer, flushed on record boundaries only, so a
 * failed write can be cut back to the last whole record.
 */
#include "record.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "bytes.h"
#include "jsonvalid.h"
#include "samples.h"
#include "util.h"

/* --- writing -------------------------------------------------------------- */

enum { FLUSH_AT = 1 << 16 };

/* Text the writer made for the last record and the fields it made it from:
 * the records of a stream mostly share their kind and suite, their units
 * and their labels (a run's goos, goarch, cpu), and comparing fields is
 * cheaper than escaping them again.  from holds the fields' bytes one after
 * the other, len[0..nlen) their lengths; json what they made; at, for the
 * metrics, where in json each metric's key begins (at[nmetrics]: what
 * follows the last value). */
struct seg_cache {
	struct buf from, json;
	size_t *len, nlen, lencap;
	size_t *at, atcap;
	int valid;
};

struct recw {
	int fd;
	struct buf out;
	struct bt_label *labels; /* owned copies */
	size_t nlabels;
	int failed;
	struct seg_cache head, units, cache; /* cache: the labels */
	char *run;		  /* recw_run's object text, or NULL */
	struct samples_wr *group; /* version 2 (recw_format), or NULL */
	struct buf held;	  /* the line being given to it */
};

struct recw *recw_new(FILE *f)
{
	struct recw *w = xcalloc(1, sizeof *w);

	fflush(f);
	w->fd = fileno(f);
	return w;
}

void recw_label(struct recw *w, const char *key, const char *value)
{
	size_t i;

	w->cache.valid = 0;
	for (i = 0; i < w->nlabels; i++) {
		if (rec_str_is(w->labels[i].key, key)) {
			free((char *)w->labels[i].value.s);
			w->labels[i].value.s = xstrdup(value);
			w->labels[i].value.n = strlen(value);
			return;
		}
	}
	w->labels = xreallocarray(w->labels, w->nlabels + 1, sizeof *w->labels);
	w->labels[w->nlabels].key.s = xstrdup(key);
	w->labels[w->nlabels].key.n = strlen(key);
	w->labels[w->nlabels].value.s = xstrdup(value);
	w->labels[w->nlabels].value.n = strlen(value);
	w->nlabels++;
}

void recw_run(struct recw *w, const char *run_json)
{
	free(w->run);
	w->run = run_json ? xstrdup(run_json) : NULL;
}

/* b ends in a sample's closing '}': put w's "run" before it. */
static void put_run(struct buf *b, const struct recw *w)
{
	if (!w->run || !b->len || b->p[b->len - 1] != '}')
		return;
	b->len--;
	buf_addlit(b, ",\"run\":");
	buf_add(b, w->run, strlen(w->run));
	buf_addc(b, '}');
}

/* Does the sample read as rec carry a "run" member of its own? */
static int has_run(const struct rec *rec)
{
	jv j;
	int r;

	if (!memmem(rec->line.s, rec->line.n, "\"run\"", 5))
		return 0;
	j = rec_json(rec);
	r = jv_get_kind(j) == JV_KIND_OBJECT &&
	    jv_object_has(jv_copy(j), jv_string("run"));
	return r;
}

void recw_format(struct recw *w, int version)
{
	if (version >= 2 && !w->group)
		w->group = xcalloc(1, sizeof *w->group);
}

/* Write p[0..n), whole records, to w's descriptor. */
static int write_all(struct recw *w, const char *p, size_t n)
{
	size_t done = 0;
	ssize_t k;
	off_t start = lseek(w->fd, 0, SEEK_CUR);

	while (done < n) {
		k = write(w->fd, p + done, n - done);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			int err = k < 0 ? errno : ENOSPC;
			struct stat st;

			/* Never leave half a record in a file: cut back. */
			if (start >= 0 && fstat(w->fd, &st) == 0 &&
			    S_ISREG(st.st_mode) && ftruncate(w->fd, start) == 0)
				lseek(w->fd, start, SEEK_SET);
			w->failed = 1;
			errno = err;
			return -1;
		}
		done += (size_t)k;
	}
	return w->failed ? -1 : 0;
}

/* Write out what w holds (not the samples its group holds). */
static int write_out(struct recw *w)
{
	int st = write_all(w, w->out.p, w->out.len);

	w->out.len = 0;
	return st;
}

int recw_flush(struct recw *w)
{
	if (w->group)
		samples_end(w->group, &w->out);
	return write_out(w);
}

/* Version 2: the line just written (from at; from its line's start when
 * cut is NULL) goes to w's group, which may hold it, after what it gives
 * back to be written before it.  cut: where its count and values are. */
static void group_line(struct recw *w, size_t at, struct samples_cut *cut)
{
	size_t i;
	int held;

	if (!cut) {
		char *nl =
		    w->out.len ? memrchr(w->out.p, '\n', w->out.len) : NULL;

		at = nl ? (size_t)(nl - w->out.p) + 1 : 0;
	}
	w->held.len = 0;
	buf_add(&w->held, w->out.p + at, w->out.len - at);
	w->out.len = at;
	if (cut) {
		cut->iv -= cut->ivend ? at : 0;
		cut->ivend -= cut->ivend ? at : 0;
		for (i = 0; i < cut->nval && i < SAMPLES_MAX_UNITS; i++)
			cut->val[i] -= at, cut->vend[i] -= at;
		held = samples_add_cut(w->group, w->held.p, w->held.len, cut,
				       &w->out);
	} else {
		held = samples_add(w->group, w->held.p, w->held.len, &w->out);
	}
	if (!held) {
		buf_add(&w->out, w->held.p, w->held.len);
		buf_addc(&w->out, '\n');
	}
}

/* A record is written: flush when the buffer is full. */
static void ended(struct recw *w)
{
	if (w->out.len >= FLUSH_AT && !w->failed)
		write_out(w);
	else if (w->failed)
		w->out.len = 0;
}

/* End one record: newline (or to the group), and flush when full. */
static void end_record(struct recw *w)
{
	if (w->group)
		group_line(w, 0, NULL);
	else
		buf_addc(&w->out, '\n');
	ended(w);
}

static void put_key(struct buf *b, const char *key)
{
	buf_addc(b, ',');
	json_str(b, key, strlen(key));
	buf_addc(b, ':');
}

/* A field named by a literal: its key (",\"name\":") is one fixed copy. */
#define KEY(lit) ",\"" lit "\":"
#define put_strfield(b, lit, s)                                                \
	put_str_key((b), KEY(lit), sizeof KEY(lit) - 1, (s))

static void put_str_key(struct buf *b, const char *key, size_t kn,
			struct bt_str s)
{
	if (s.n == 0)
		return;
	buf_add(b, key, kn);
	json_str(b, s.s, s.n);
}

/* --- what a cache was made from ------------------------------------------ */

/* A walk along a cache's from, field by field: ok while every field
 * offered so far is the one it holds there. */
struct same {
	const struct seg_cache *c;
	const char *p;
	size_t i;
	int ok;
};

static struct same same_begin(const struct seg_cache *c)
{
	struct same k = {c, c->from.p, 0, c->valid};

	return k;
}

/* A field's length in len[] with a tag of 8 bits above it (the kind
 * beside the suite, a direction beside its unit: one comparison for both);
 * no string in memory reaches 2^56 bytes. */
#define TAGGED(n, tag) ((n) | (size_t)(unsigned char)(tag) << 56)

static inline void same_field(struct same *k, int tag, const char *s, size_t n)
{
	if (k->ok && k->i < k->c->nlen && k->c->len[k->i] == TAGGED(n, tag) &&
	    bytes_eq(k->p, s, n)) {
		k->p += n; /* within from: its fields are len's lengths */
		k->i++;
	} else {
		k->ok = 0;
	}
}

/* Every field was the same, and there were no more. */
static int same_end(const struct same *k)
{
	return k->ok && k->i == k->c->nlen;
}

/* Begin filling c->from anew. */
static void from_clear(struct seg_cache *c)
{
	c->from.len = 0;
	c->nlen = 0;
}

static void from_field(struct seg_cache *c, int tag, const char *s, size_t n)
{
	if (c->nlen == c->lencap) {
		c->lencap = c->lencap ? 2 * c->lencap : 16;
		c->len = xreallocarray(c->len, c->lencap, sizeof *c->len);
	}
	c->len[c->nlen++] = TAGGED(n, tag);
	buf_add(&c->from, s, n);
}

/* Remember that b[start..] was made from c->from (already filled). */
static void cache_keep(struct seg_cache *c, const struct buf *b, size_t start)
{
	c->json.len = 0;
	buf_add(&c->json, b->p + start, b->len - start);
	c->valid = 1;
}

/* --- the pieces of a record ----------------------------------------------- */

/* {"bt":1,"kind":"KIND", the suite, the name and the procs (a
 * benchmark's samples share them all); through c (may be NULL). */
static void put_head(struct buf *b, const struct bt_record *r, const char *kind,
		     struct seg_cache *c)
{
	size_t start = b->len;
	long procs = r->procs > 0 ? r->procs : 0;

	if (c) {
		struct same m = same_begin(c);

		same_field(&m, r->kind, r->suite.s, r->suite.n);
		same_field(&m, 0, r->name.s, r->name.n);
		same_field(&m, 0, (const char *)&procs, sizeof procs);
		if (same_end(&m)) {
			buf_add(b, c->json.p, c->json.len);
			return;
		}
	}
	buf_addlit(b, "{\"bt\":");
	json_int(b, BT_FORMAT_VERSION);
	buf_addlit(b, ",\"kind\":");
	json_str(b, kind, strlen(kind));
	put_strfield(b, "suite", r->suite);
	put_strfield(b, "name", r->name);
	if (procs) {
		buf_addlit(b, KEY("procs"));
		json_int(b, procs);
	}
	if (!c)
		return;
	from_clear(c);
	from_field(c, r->kind, r->suite.s, r->suite.n);
	from_field(c, 0, r->name.s, r->name.n);
	from_field(c, 0, (const char *)&procs, sizeof procs);
	cache_keep(c, b, start);
}

/* 1 for the commonest JSON numbers a tool prints, "7.29" and "0": digits
 * (no leading zero before another) and perhaps a point and digits; 0 for
 * anything else, which json_is_number then judges. */
static inline int plain_number(const char *s, size_t n)
{
	size_t i = 0, f;

	while (i < n && (unsigned char)(s[i] - '0') < 10)
		i++;
	if (i == 0 || (s[0] == '0' && i > 1))
		return 0;
	if (i == n)
		return 1;
	if (s[i] != '.')
		return 0;
	for (f = ++i; i < n && (unsigned char)(s[i] - '0') < 10;)
		i++;
	return i == n && i > f;
}

/* Inline: three a record, and the call cost as much as the copy. */
static inline __attribute__((always_inline)) void
put_metric_value(struct buf *b, const struct bt_metric *m)
{
	if (m->text.n && (plain_number(m->text.s, m->text.n) ||
			  json_is_number(m->text.s, m->text.n)))
		buf_add(b, m->text.s, m->text.n);
	else
		json_num(b, m->value);
}

static int better_of(const struct bt_metric *m)
{
	return m->better == BT_BETTER_LOWER || m->better == BT_BETTER_HIGHER
		   ? m->better
		   : 0;
}

/* The "metrics" and "better" members without the values: piece i (from
 * at[i] to at[i + 1]) goes before value i, piece nmetrics after the last
 * (the whole member when there is none).  at: nmetrics + 1 places. */
static void metric_keys(struct buf *b, const struct bt_record *r, size_t *at)
{
	size_t i, nb = 0, start = b->len;

	buf_addlit(b, ",\"metrics\":{");
	for (i = 0; i < r->nmetrics; i++) {
		if (i) {
			at[i] = b->len - start;
			buf_addc(b, ',');
		}
		json_str(b, r->metrics[i].unit.s, r->metrics[i].unit.n);
		buf_addc(b, ':');
	}
	at[0] = 0;
	at[r->nmetrics] = r->nmetrics ? b->len - start : 0;
	buf_addc(b, '}');
	for (i = 0; i < r->nmetrics; i++) {
		int d = better_of(&r->metrics[i]);

		if (!d)
			continue;
		if (nb++)
			buf_addc(b, ',');
		else
			buf_addlit(b, ",\"better\":{");
		json_str(b, r->metrics[i].unit.s, r->metrics[i].unit.n);
		if (d == BT_BETTER_LOWER)
			buf_addlit(b, ":\"lower\"");
		else
			buf_addlit(b, ":\"higher\"");
	}
	if (nb)
		buf_addc(b, '}');
}

/* "metrics" (and "better"): the keys made once for a run of records with
 * the same units (and directions), through c (may be NULL). */
static void put_metrics(struct buf *b, const struct bt_record *r,
			struct seg_cache *c, struct samples_cut *cut)
{
	size_t i, n = r->nmetrics, small[9], *at = small;
	const char *keys;

	if (c) {
		struct same m = same_begin(c);

		for (i = 0; i < n && m.ok; i++)
			same_field(&m, better_of(&r->metrics[i]),
				   r->metrics[i].unit.s, r->metrics[i].unit.n);
		if (!same_end(&m)) {
			size_t start = b->len;

			if (c->atcap < n + 1) {
				c->atcap = n + 1;
				c->at = xreallocarray(c->at, c->atcap,
						      sizeof *c->at);
			}
			metric_keys(b, r, c->at);
			from_clear(c);
			for (i = 0; i < n; i++)
				from_field(c, better_of(&r->metrics[i]),
					   r->metrics[i].unit.s,
					   r->metrics[i].unit.n);
			cache_keep(c, b, start);
			b->len = start;
		}
		keys = c->json.p, at = c->at;
	} else {
		struct buf tmp = {0};

		if (n + 1 > sizeof small / sizeof small[0])
			at = xreallocarray(NULL, n + 1, sizeof *at);
		metric_keys(&tmp, r, at);
		keys = tmp.p;
		for (i = 0; i < n; i++) {
			buf_add(b, keys + at[i], at[i + 1] - at[i]);
			put_metric_value(b, &r->metrics[i]);
		}
		buf_add(b, keys + at[n], tmp.len - at[n]);
		if (at != small)
			free(at);
		buf_free(&tmp);
		return;
	}
	if (cut)
		cut->nval = n;
	for (i = 0; i < n; i++) {
		buf_add(b, keys + at[i], at[i + 1] - at[i]);
		if (cut && i < SAMPLES_MAX_UNITS)
			cut->val[i] = b->len;
		put_metric_value(b, &r->metrics[i]);
		if (cut && i < SAMPLES_MAX_UNITS)
			cut->vend[i] = b->len;
	}
	buf_add(b, keys + at[n], c->json.len - at[n]);
}

/* One statistic of a "stats" entry, when the tool gave it. */
#define put_stat(b, lit, v)                                                    \
	put_stat_key((b), KEY(lit), sizeof KEY(lit) - 1, (v))

static void put_stat_key(struct buf *b, const char *key, size_t kn, double v)
{
	if (!isfinite(v))
		return;
	buf_add(b, key, kn);
	json_num(b, v);
}

/* "summary_only": true and "stats" (docs/records.md, "Summary
 * statistics"): an entry without a finite n, mean and stddev is left out. */
static void put_summary(struct buf *b, const struct bt_record *r)
{
	size_t i, k = 0;

	if (!r->summary_only)
		return;
	buf_addlit(b, ",\"summary_only\":true");
	for (i = 0; i < r->nstats; i++) {
		const struct bt_stats *st = &r->stats[i];

		if (!st->unit.n || !isfinite(st->n) || st->n < 1 ||
		    !isfinite(st->mean) || !isfinite(st->stddev))
			continue;
		if (k++)
			buf_addc(b, ',');
		else
			buf_addlit(b, ",\"stats\":{");
		json_str(b, st->unit.s, st->unit.n);
		buf_addlit(b, ":{\"n\":");
		json_num(b, st->n);
		put_stat(b, "mean", st->mean);
		put_stat(b, "stddev", st->stddev);
		put_stat(b, "stderr", st->std_error);
		put_stat(b, "min", st->min);
		put_stat(b, "max", st->max);
		put_stat(b, "median", st->median);
		buf_addc(b, '}');
	}
	if (k)
		buf_addc(b, '}');
}

static int label_in(const struct bt_label *ls, size_t n, struct bt_str key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ls[i].key.n == key.n &&
		    memcmp(ls[i].key.s, key.s, key.n) == 0)
			return 1;
	return 0;
}

/* An object of labels: the record's (the last of equal keys wins) and then
 * the writer's, which win over the record's. */
static void put_labels(struct buf *b, const char *key,
		       const struct bt_label *ls, size_t n,
		       const struct recw *w)
{
	size_t i, count = 0;

	for (i = 0; i < n + w->nlabels; i++) {
		const struct bt_label *l = i < n ? &ls[i] : &w->labels[i - n];

		if (i < n && (label_in(ls + i + 1, n - i - 1, l->key) ||
			      label_in(w->labels, w->nlabels, l->key)))
			continue;
		if (count++ == 0)
			put_key(b, key), buf_addc(b, '{');
		else
			buf_addc(b, ',');
		json_str(b, l->key.s, l->key.n);
		buf_addc(b, ':');
		json_str(b, l->value.s, l->value.n);
	}
	if (count)
		buf_addc(b, '}');
}

/* put_labels through the cache: labels equal to the last record's are
 * copied as they were written then. */
static void put_labels_cached(struct buf *b, const struct bt_label *ls,
			      size_t n, struct recw *w)
{
	struct seg_cache *c = &w->cache;
	struct same m = same_begin(c);
	size_t i, start;

	for (i = 0; i < n && m.ok; i++) {
		same_field(&m, 0, ls[i].key.s, ls[i].key.n);
		same_field(&m, 0, ls[i].value.s, ls[i].value.n);
	}
	if (same_end(&m)) {
		buf_add(b, c->json.p, c->json.len);
		return;
	}
	start = b->len;
	put_labels(b, "labels", ls, n, w);
	from_clear(c);
	for (i = 0; i < n; i++) {
		from_field(c, 0, ls[i].key.s, ls[i].key.n);
		from_field(c, 0, ls[i].value.s, ls[i].value.n);
	}
	cache_keep(c, b, start);
}

/* 1 when the record may be written: finite metrics, at least one. */
static int valid_sample(const struct bt_record *r)
{
	size_t i;

	if (r->nmetrics == 0 || r->name.n == 0)
		return 0;
	for (i = 0; i < r->nmetrics; i++)
		if (!isfinite(r->metrics[i].value) || r->metrics[i].unit.n == 0)
			return 0;
	return 1;
}

/* Append r as JSON (no newline) with the writer's labels w (may be empty);
 * 0, or -1 when r is not a record that may be written.  With cache, the
 * pieces that repeat from record to record go through w's caches. */
static int put_record(struct buf *b, const struct bt_record *r, struct recw *w,
		      int cache, struct samples_cut *cut)
{
	const char *kind = kind_name(r->kind);
	static const struct bt_label none[1];

	if (!kind || (r->kind == BT_KIND_SAMPLE && !valid_sample(r)))
		return -1;
	put_head(b, r, kind, cache ? &w->head : NULL);
	if (cut)
		cut->iv = cut->ivend = cut->nval = 0;
	if (r->iterations > 0) {
		buf_addlit(b, KEY("iterations"));
		if (cut)
			cut->iv = b->len;
		json_int(b, (long long)r->iterations);
		if (cut)
			cut->ivend = b->len;
	}
	if (r->kind == BT_KIND_SAMPLE) {
		put_metrics(b, r, cache ? &w->units : NULL, cut);
		put_summary(b, r);
	}
	if (r->kind == BT_KIND_FAILURE)
		put_strfield(b, "reason", r->reason);
	put_strfield(b, "message", r->message);
	if (r->kind == BT_KIND_CONTEXT) {
		put_labels(b, "config", r->labels, r->nlabels,
			   &(struct recw){0});
		put_labels(b, "labels", none, 0, w);
	} else if (cache) {
		put_labels_cached(b, r->labels, r->nlabels, w);
	} else {
		put_labels(b, "labels", r->labels, r->nlabels, w);
	}
	buf_addc(b, '}');
	return 0;
}

int record_json(struct buf *b, const struct bt_record *r)
{
	return put_record(b, r, &(struct recw){0}, 0, NULL);
}

void recw_record(struct recw *w, const struct bt_record *r)
{
	size_t mark = w->out.len;
	struct samples_cut cut, *c = w->group ? &cut : NULL;

	if (put_record(&w->out, r, w, 1, c)) {
		w->out.len = mark; /* never write a broken record */
		return;
	}
	if (r->kind != BT_KIND_SAMPLE) {
		end_record(w);
		return;
	}
	put_run(&w->out, w);
	if (c)
		group_line(w, mark, c);
	else
		buf_addc(&w->out, '\n');
	ended(w);
}

void recw_write(struct recw *w, const struct rec *rec)
{
	if (w->run && rec->line.n && rec->r.kind == BT_KIND_SAMPLE &&
	    !has_run(rec)) {
		size_t mark = w->out.len;

		if (w->nlabels)
			rec_line_labels(rec, &w->out, w->labels, w->nlabels);
		else
			buf_add(&w->out, rec->line.s, rec->line.n);
		while (w->out.len > mark &&
		       strchr(" \t\r", w->out.p[w->out.len - 1]))
			w->out.len--;
		put_run(&w->out, w);
		end_record(w);
	} else if (rec->line.n && (!w->nlabels || rec->r.kind == 0)) {
		buf_add(&w->out, rec->line.s, rec->line.n);
		end_record(w);
	} else if (rec->line.n) {
		rec_line_labels(rec, &w->out, w->labels, w->nlabels);
		end_record(w);
	} else {
		recw_record(w, &rec->r);
	}
}

void recw_raw(struct recw *w, const char *p, size_t n)
{
	if (n == 0 || w->failed)
		return;
	if (w->group)
		samples_end(w->group, &w->out);
	if (n >= FLUSH_AT) { /* spool.c's copies: not through w's buffer */
		if (!write_out(w))
			write_all(w, p, n);
		return;
	}
	buf_add(&w->out, p, n);
	if (w->out.len >= FLUSH_AT)
		write_out(w);
}

struct buf *recw_begin(struct recw *w, const char *kind)
{
	rec_json_begin(&w->out, kind);
	return &w->out;
}

void recw_end(struct recw *w)
{
	buf_addc(&w->out, '}');
	end_record(w);
}

struct buf *recw_piece(struct recw *w)
{
	if (w->group)
		samples_end(w->group, &w->out);
	return &w->out;
}

void recw_piece_end(struct recw *w)
{
	if (w->failed)
		w->out.len = 0;
	else if (w->out.len >= FLUSH_AT)
		write_out(w);
}

void recw_json(struct recw *w, jv obj)
{
	jv s = jv_dump_string(obj, 0);

	buf_add(&w->out, jv_string_value(s),
		(size_t)jv_string_length_bytes(jv_copy(s)));
	jv_free(s);
	end_record(w);
}

int recw_finish(struct recw *w)
{
	int r = recw_flush(w);

	if (r && errno != EPIPE)
		warnx_("<stdout>: write error: %s", strerror(errno));
	recw_free(w);
	return r;
}

static void seg_free(struct seg_cache *c)
{
	buf_free(&c->from);
	buf_free(&c->json);
	free(c->len);
	free(c->at);
}

void recw_free(struct recw *w)
{
	size_t i;

	if (!w)
		return;
	for (i = 0; i < w->nlabels; i++) {
		free((char *)w->labels[i].key.s);
		free((char *)w->labels[i].value.s);
	}
	free(w->labels);
	free(w->run);
	if (w->group)
		samples_wr_free(w->group);
	free(w->group);
	buf_free(&w->held);
	buf_free(&w->out);
	seg_free(&w->head);
	seg_free(&w->units);
	seg_free(&w->cache);
	free(w);
}
