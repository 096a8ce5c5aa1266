/*
 * refdecode.h — the reference decode.c must agree with: the jq-based record
 * decoder benchtrack used before decode.c (from git history, renamed ref_).
 * tests/unit/test_record.c runs both over every record file in tests/ and
 * tests/fuzz/fuzz_records.c over every input it makes; ref_differs says
 * where the two disagree.
 *
 * Known and wanted differences, not compared: the old decoder could not
 * apply "better" to a unit of 256 bytes or more or with a NUL in it, and
 * kept no metric text.
 */
#ifndef BT_REFDECODE_H
#define BT_REFDECODE_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "jsonvalid.h"
#include "record.h"
#include "util.h"

struct refrec {
	struct bt_record r;
	struct bt_str kind;
	jv json;
	struct bt_metric *metrics_;
	struct bt_label *labels_;
	size_t mcap_, lcap_;
};

static inline int ref_kind_of(const char *s, size_t n)
{
	size_t i;

	for (i = 1; kind_name((int)i); i++)
		if (strlen(kind_name((int)i)) == n &&
		    memcmp(kind_name((int)i), s, n) == 0)
			return (int)i;
	return 0;
}

/* --- decoding ------------------------------------------------------------- */

/* A borrowed view of the string field key of obj; empty when absent.  The
 * bytes stay valid while obj does (the object holds a reference). */
static inline struct bt_str ref_str_field(jv obj, const char *key, int *bad)
{
	jv v = jv_object_get(jv_copy(obj), jv_string(key));
	struct bt_str s = {"", 0};

	if (jv_get_kind(v) == JV_KIND_STRING) {
		s.s = jv_string_value(v);
		s.n = (size_t)jv_string_length_bytes(jv_copy(v));
	} else if (jv_get_kind(v) != JV_KIND_INVALID &&
		   jv_get_kind(v) != JV_KIND_NULL) {
		*bad = 1;
	}
	jv_free(v);
	return s;
}

static inline struct bt_str ref_key_view(jv k)
{
	struct bt_str s = {jv_string_value(k),
			   (size_t)jv_string_length_bytes(jv_copy(k))};
	return s;
}

static inline int ref_decode_better(struct refrec *rec, jv obj)
{
	jv b = jv_object_get(jv_copy(obj), jv_string("better"));
	size_t i;
	int bad = 0;

	if (jv_get_kind(b) == JV_KIND_OBJECT) {
		for (i = 0; i < rec->r.nmetrics; i++) {
			char unit[256];
			struct bt_metric *m = &rec->metrics_[i];
			jv d;

			if (m->unit.n >= sizeof unit)
				continue;
			memcpy(unit, m->unit.s, m->unit.n);
			unit[m->unit.n] = '\0';
			d = jv_object_get(jv_copy(b), jv_string(unit));
			if (jv_get_kind(d) == JV_KIND_STRING) {
				const char *v = jv_string_value(d);
				m->better = strcmp(v, "higher") == 0
						? BT_BETTER_HIGHER
					    : strcmp(v, "lower") == 0
						? BT_BETTER_LOWER
						: BT_BETTER_DEFAULT;
			}
			jv_free(d);
		}
	} else if (jv_get_kind(b) != JV_KIND_INVALID) {
		bad = 1;
	}
	jv_free(b);
	return bad ? -1 : 0;
}

/* Fill rec's metric array from the "metrics" object.  -1 with err set. */
static inline int ref_decode_metrics(struct refrec *rec, jv obj, char *err,
				     size_t n)
{
	jv ms = jv_object_get(jv_copy(obj), jv_string("metrics"));
	int it, count;

	if (jv_get_kind(ms) != JV_KIND_OBJECT) {
		jv_free(ms);
		snprintf(err, n, "sample has no \"metrics\" object");
		return -1;
	}
	count = jv_object_length(jv_copy(ms));
	if ((size_t)count > rec->mcap_) {
		rec->mcap_ = (size_t)count;
		rec->metrics_ = xreallocarray(rec->metrics_, rec->mcap_,
					      sizeof *rec->metrics_);
	}
	rec->r.metrics = rec->metrics_;
	rec->r.nmetrics = 0;
	for (it = jv_object_iter(ms); jv_object_iter_valid(ms, it);
	     it = jv_object_iter_next(ms, it)) {
		jv k = jv_object_iter_key(ms, it);
		jv v = jv_object_iter_value(ms, it);
		struct bt_metric *m = &rec->metrics_[rec->r.nmetrics];
		int ok = jv_get_kind(v) == JV_KIND_NUMBER &&
			 isfinite(jv_number_value(v));

		if (ok) {
			memset(m, 0, sizeof *m);
			m->unit = ref_key_view(k);
			m->value = jv_number_value(v);
			rec->r.nmetrics++;
		} else {
			snprintf(err, n,
				 "metric \"%.64s\" is not a finite number",
				 jv_string_value(k));
		}
		jv_free(k);
		jv_free(v);
		if (!ok) {
			jv_free(ms);
			return -1;
		}
	}
	jv_free(ms); /* rec->json still holds the keys */
	if (rec->r.nmetrics == 0) {
		snprintf(err, n, "sample has no metrics");
		return -1;
	}
	return ref_decode_better(rec, obj);
}

/* Fill rec's label array from the object field key (string values only). */
static inline int ref_decode_labels(struct refrec *rec, jv obj, const char *key)
{
	jv ls = jv_object_get(jv_copy(obj), jv_string(key));
	int it, count, bad = 0;

	rec->r.nlabels = 0;
	if (jv_get_kind(ls) != JV_KIND_OBJECT) {
		bad = jv_get_kind(ls) != JV_KIND_INVALID &&
		      jv_get_kind(ls) != JV_KIND_NULL;
		jv_free(ls);
		return bad ? -1 : 0;
	}
	count = jv_object_length(jv_copy(ls));
	if ((size_t)count > rec->lcap_) {
		rec->lcap_ = (size_t)count;
		rec->labels_ = xreallocarray(rec->labels_, rec->lcap_,
					     sizeof *rec->labels_);
	}
	rec->r.labels = rec->labels_;
	for (it = jv_object_iter(ls); jv_object_iter_valid(ls, it);
	     it = jv_object_iter_next(ls, it)) {
		jv k = jv_object_iter_key(ls, it);
		jv v = jv_object_iter_value(ls, it);

		if (jv_get_kind(v) == JV_KIND_STRING) {
			struct bt_label *l = &rec->labels_[rec->r.nlabels++];
			l->key = ref_key_view(k);
			l->value = ref_key_view(v);
		} else {
			bad = 1;
		}
		jv_free(k);
		jv_free(v);
	}
	jv_free(ls);
	return bad ? -1 : 0;
}

static inline int ref_decode_int(jv obj, const char *key, int64_t *out)
{
	jv v = jv_object_get(jv_copy(obj), jv_string(key));
	int bad = 0;
	double d;

	*out = 0;
	if (jv_get_kind(v) == JV_KIND_NUMBER) {
		d = jv_number_value(v);
		if (d >= 0 && d < 9.2e18 && d == floor(d))
			*out = (int64_t)d;
		else
			bad = 1;
	} else if (jv_get_kind(v) != JV_KIND_INVALID &&
		   jv_get_kind(v) != JV_KIND_NULL) {
		bad = 1;
	}
	jv_free(v);
	return bad ? -1 : 0;
}

/* Copy jq's parse error into err, without the echo of the whole line. */
static inline void ref_parse_error(jv bad, char *err, size_t n)
{
	jv msg = jv_invalid_get_msg(bad);
	const char *s = jv_get_kind(msg) == JV_KIND_STRING
			    ? jv_string_value(msg)
			    : "not JSON";
	const char *cut = strstr(s, " (while parsing");
	int len = cut ? (int)(cut - s) : (int)strlen(s);

	snprintf(err, n, "invalid JSON: %.*s", len > 200 ? 200 : len, s);
	jv_free(msg);
}

static inline int ref_decode_kind(struct refrec *rec, int own_iterations,
				  char *err, size_t n)
{
	jv obj = rec->json;
	int64_t procs;
	int bad = 0;

	rec->r.name = ref_str_field(obj, "name", &bad);
	rec->r.suite = ref_str_field(obj, "suite", &bad);
	rec->r.reason = ref_str_field(obj, "reason", &bad);
	rec->r.message = ref_str_field(obj, "message", &bad);
	if (bad) {
		snprintf(err, n,
			 "a name, suite, reason or message is not a string");
		return -1;
	}
	if (ref_decode_int(obj, "procs", &procs) ||
	    (own_iterations &&
	     ref_decode_int(obj, "iterations", &rec->r.iterations))) {
		snprintf(err, n,
			 "\"procs\" or \"iterations\" is not a whole number");
		return -1;
	}
	rec->r.procs = (long)procs;
	switch (rec->r.kind) {
	case BT_KIND_SAMPLE:
		if (rec->r.name.n == 0) {
			snprintf(err, n, "sample has no \"name\"");
			return -1;
		}
		if (ref_decode_metrics(rec, obj, err, n))
			return -1;
		break;
	case BT_KIND_CONTEXT:
		if (ref_decode_labels(rec, obj, "config")) {
			snprintf(err, n,
				 "\"config\" is not an object of strings");
			return -1;
		}
		return 0;
	default:
		break;
	}
	if (ref_decode_labels(rec, obj, "labels")) {
		snprintf(err, n, "\"labels\" is not an object of strings");
		return -1;
	}
	return 0;
}

static inline int ref_decode(struct refrec *rec, const char *line, size_t len,
			     char *err, size_t n)
{
	jv obj, v;
	double ver;

	jv_free(rec->json);
	memset(&rec->r, 0, sizeof rec->r);
	rec->r.metrics = rec->metrics_;
	rec->kind.s = "";
	rec->kind.n = 0;
	if (len > 0x7fffffff) {
		rec->json = jv_invalid();
		snprintf(err, n, "line too long");
		return -1;
	}
	if (json_valid(line, len, err, n)) {
		rec->json = jv_invalid();
		return -1;
	}
	obj = rec->json = jv_parse_sized(line, (int)len);
	if (!jv_is_valid(obj)) {
		ref_parse_error(jv_copy(obj), err, n);
		return -1;
	}
	if (jv_get_kind(obj) != JV_KIND_OBJECT) {
		snprintf(err, n, "a record must be a JSON object");
		return -1;
	}
	v = jv_object_get(jv_copy(obj), jv_string("bt"));
	ver = jv_get_kind(v) == JV_KIND_NUMBER ? jv_number_value(v) : -1;
	jv_free(v);
	if (!(ver >= 1) || ver != floor(ver)) {
		snprintf(err, n, "not a benchtrack record (no \"bt\" version)");
		return -1;
	}
	if (ver > BT_FORMAT_READ) {
		snprintf(err, n,
			 "record format version %.0f is newer than this %s "
			 "reads (%d)",
			 ver > 1e9 ? 1e9 : ver, progname, BT_FORMAT_READ);
		return -1;
	}
	v = jv_object_get(jv_copy(obj), jv_string("kind"));
	if (jv_get_kind(v) != JV_KIND_STRING) {
		jv_free(v);
		snprintf(err, n, "record has no \"kind\" string");
		return -1;
	}
	rec->kind = ref_key_view(v);
	jv_free(v); /* the object still holds the string */
	rec->r.kind = ref_kind_of(rec->kind.s, rec->kind.n);
	rec->r.metrics = rec->metrics_;
	rec->r.labels = rec->labels_;
	/* version 2's samples records: their iterations are their samples' */
	return ref_decode_kind(rec,
			       !(ver >= 2 && rec->kind.n == 7 &&
				 !memcmp(rec->kind.s, "samples", 7)),
			       err, n);
}

static inline void ref_clear(struct refrec *rec)
{
	jv_free(rec->json);
	rec->json = jv_invalid();
	free(rec->metrics_);
	free(rec->labels_);
	rec->metrics_ = NULL;
	rec->labels_ = NULL;
	rec->mcap_ = rec->lcap_ = 0;
}

static inline int ref_str_eq(struct bt_str a, struct bt_str b)
{
	return a.n == b.n && memcmp(a.s, b.s, a.n) == 0;
}

/* NULL when what the decoder noted of the line — the top-level "run"
 * object's text, whether there is a "summary_only" — is what jq reads
 * there, else what differs. */
static inline const char *ref_noted_differs(const struct rec *rec,
					    const struct refrec *ref)
{
	struct bt_str t = rec_run_text(rec);
	jv run = jv_object_get(jv_copy(ref->json), jv_string("run"));
	jv so = jv_object_get(jv_copy(ref->json), jv_string("summary_only"));
	const char *why = NULL;

	if (jv_get_kind(run) == JV_KIND_OBJECT) {
		jv mine = t.n ? jv_parse_sized(t.s, (int)t.n) : jv_invalid();

		if (!t.n || !jv_equal(mine, jv_copy(run)))
			why = "the run object";
	} else if (t.n) {
		why = "a run object where jq has none";
	}
	if (!why && rec_has_summary_only(rec) != jv_is_valid(so))
		why = "summary_only there or not";
	jv_free(run);
	jv_free(so);
	return why;
}

/* NULL when rec (rec_decode returned rc) and ref (ref_decode returned
 * refrc) hold the same record, else what differs. */
static inline const char *ref_differs(const struct rec *rec, int rc,
				      const struct refrec *ref, int refrc)
{
	const struct bt_record *a = &rec->r, *b = &ref->r;
	size_t i;

	if ((rc == 0) != (refrc == 0))
		return rc ? "refused, jq accepts" : "accepted, jq refuses";
	if (rc)
		return NULL;
	if (!ref_str_eq(rec->kind, ref->kind) || a->kind != b->kind)
		return "kind";
	if (!ref_str_eq(a->name, b->name) || !ref_str_eq(a->suite, b->suite) ||
	    !ref_str_eq(a->reason, b->reason) ||
	    !ref_str_eq(a->message, b->message))
		return "name, suite, reason or message";
	if (a->procs != b->procs || a->iterations != b->iterations)
		return "procs or iterations";
	if (a->nmetrics != b->nmetrics || a->nlabels != b->nlabels)
		return "number of metrics or labels";
	for (i = 0; i < a->nmetrics; i++) {
		const struct bt_metric *x = &a->metrics[i], *y = &b->metrics[i];

		if (!ref_str_eq(x->unit, y->unit) ||
		    memcmp(&x->value, &y->value, sizeof x->value))
			return "a metric";
		if (x->unit.n < 256 && !memchr(x->unit.s, 0, x->unit.n) &&
		    x->better != y->better)
			return "a metric's better";
	}
	for (i = 0; i < a->nlabels; i++)
		if (!ref_str_eq(a->labels[i].key, b->labels[i].key) ||
		    !ref_str_eq(a->labels[i].value, b->labels[i].value))
			return "a label";
	return ref_noted_differs(rec, ref);
}

/* Where p is in rec's line (-1 when it is not there): two records decoded
 * from the same text, in two places, have their pieces at the same offsets. */
static inline long ref_off(const struct rec *rec, const char *p)
{
	return p && p >= rec->line.s && p <= rec->line.s + rec->line.n
		   ? (long)(p - rec->line.s)
		   : -1;
}

/* NULL when f and g, each decoded from its line, hold the same record —
 * every field, and every place in the line the writer uses (metric texts,
 * the labels' place, the object's end, the run) — else what differs. */
static inline const char *recs_differ(const struct rec *f, const struct rec *g)
{
	const struct bt_record *a = &f->r, *b = &g->r;
	size_t i;

	if (!ref_str_eq(f->line, g->line))
		return "the line";
	if (!ref_str_eq(f->kind, g->kind) || a->kind != b->kind)
		return "kind";
	if (!ref_str_eq(a->name, b->name) || !ref_str_eq(a->suite, b->suite) ||
	    !ref_str_eq(a->reason, b->reason) ||
	    !ref_str_eq(a->message, b->message))
		return "name, suite, reason or message";
	if (a->procs != b->procs || a->iterations != b->iterations)
		return "procs or iterations";
	if (a->nmetrics != b->nmetrics || a->nlabels != b->nlabels)
		return "number of metrics or labels";
	for (i = 0; i < a->nmetrics; i++) {
		const struct bt_metric *x = &a->metrics[i], *y = &b->metrics[i];

		if (!ref_str_eq(x->unit, y->unit) ||
		    ref_off(f, x->text.s) != ref_off(g, y->text.s) ||
		    x->text.n != y->text.n ||
		    memcmp(&x->value, &y->value, sizeof x->value) ||
		    x->better != y->better)
			return "a metric";
	}
	for (i = 0; i < a->nlabels; i++)
		if (!ref_str_eq(a->labels[i].key, b->labels[i].key) ||
		    !ref_str_eq(a->labels[i].value, b->labels[i].value))
			return "a label";
	if (ref_off(f, f->labels_at_) != ref_off(g, g->labels_at_) ||
	    ref_off(f, f->labels_end_) != ref_off(g, g->labels_end_) ||
	    ref_off(f, f->obj_end_) != ref_off(g, g->obj_end_))
		return "the labels' place or the object's end";
	if (ref_off(f, rec_run_text(f).s) != ref_off(g, rec_run_text(g).s) ||
	    rec_run_text(f).n != rec_run_text(g).n)
		return "the run's place";
	if (rec_has_summary_only(f) != rec_has_summary_only(g))
		return "summary_only there or not";
	return NULL;
}

/* NULL when the fast path (decode.h) declines line or decodes it exactly as
 * the general path does (recs_differ), else what differs.  *fast is set to
 * 1 when the fast path took the line. */
static inline const char *fast_differs(const char *line, size_t len, int *fast)
{
	static struct rec f = REC_INIT, g = REC_INIT;
	char err[256];

	*fast = rec_decode_fast(&f, line, len) == 0;
	if (!*fast)
		return NULL;
	if (rec_decode_general(&g, line, len, err, sizeof err))
		return "fast path accepts, general path refuses";
	return recs_differ(&f, &g);
}

#endif
