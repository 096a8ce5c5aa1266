/*
 * decode.c — a record line into struct rec, without building a jq value.
 *
 * Reading records is what most filters spend their time on.  Parsing each
 * line with libjq builds an object (a hash table, a string for every key and
 * value) only for the filter to look up a dozen fields: about 40 MB/s.  This
 * reads the fields straight off the line once jsonvalid.h has checked it,
 * and reads them as jq does: the last of duplicate keys wins, at the place
 * of the first; escapes are decoded and invalid UTF-8 becomes U+FFFD the way
 * jq replaces it; numbers are converted as strtod does.  What jq would
 * refuse is refused (jsonvalid.h checks for it), so a filter sees the same
 * records either way — tests/unit/test_record.c and tests/fuzz/fuzz_records.c
 * compare the two on every input.
 *
 * Strings without escapes point into the line; decoded ones live in the
 * rec's arena until the next line.  A metric keeps the exact text of its
 * number.  The jq value is still there for the callers that want one
 * (rec_json), made on first use.  rec_decode tries the fast path for the
 * lines our writer writes first (fastdecode.c); this is the general path,
 * every other line's reading and every error's.
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

enum { F_ESC = 1, F_HIGH = 2 }; /* a string has escapes, bytes >= 0x80 */

/* A piece of the arena: decoded strings, kept until the next line. */
struct rec_chunk {
	struct rec_chunk *next;
	size_t cap, used;
	char data[];
};

static const char *const kinds[] = {
    [BT_KIND_SAMPLE] = "sample",
    [BT_KIND_CONTEXT] = "context",
    [BT_KIND_FAILURE] = "failure",
    [BT_KIND_SKIP] = "skip",
};

const char *kind_name(int kind)
{
	if (kind <= 0 || kind >= (int)(sizeof kinds / sizeof kinds[0]))
		return NULL;
	return kinds[kind];
}

int rec_kind_of(struct bt_str s)
{
	size_t i;

	for (i = 1; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strlen(kinds[i]) == s.n && bytes_eq(kinds[i], s.s, s.n))
			return (int)i;
	return 0;
}

/* --- the arena ------------------------------------------------------------ */

/* n bytes that stay put until the next rec_decode. */
static char *arena_alloc(struct rec *rec, size_t n)
{
	struct rec_chunk *c = rec->cur_, **next;
	size_t cap;

	while (c && c->cap - c->used < n) {
		c = c->next;
		if (c)
			c->used = 0;
	}
	if (!c) {
		cap = n > 65536 ? n : 65536;
		c = xmalloc(sizeof *c + cap);
		c->cap = cap;
		c->used = 0;
		c->next = NULL;
		for (next = &rec->arena_; *next; next = &(*next)->next)
			;
		*next = c;
	}
	rec->cur_ = c;
	c->used += n;
	return c->data + c->used - n;
}

static void arena_reset(struct rec *rec)
{
	rec->cur_ = rec->arena_;
	if (rec->cur_)
		rec->cur_->used = 0;
}

/* --- scanning text jsonvalid.h has checked -------------------------------- */

static const unsigned char scalar[256] = {
    ['-'] = 1, ['+'] = 1, ['.'] = 1, ['0'] = 1, ['1'] = 1, ['2'] = 1,
    ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1,
    ['9'] = 1, ['e'] = 1, ['E'] = 1, ['a'] = 1, ['f'] = 1, ['l'] = 1,
    ['n'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1,
};

static const char *skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	return p;
}

/* The end of the line being read (rec_decode, rec_line_labels): str_end
 * reads 8 bytes at a time up to it. */
static _Thread_local const char *scan_end; /* one per reading thread */

/* p just after a string's opening quote: its closing quote.  Eight bytes
 * at a time while the line lasts: the lowest byte flagged is the first
 * quote or backslash (a flag above it may be false, never one below). */
static const char *str_end(const char *p, unsigned *flags)
{
	uint64_t w, m;

	for (;;) {
		if (scan_end - p >= 8) {
			memcpy(&w, p, 8);
			m = JVD_HAS(w, '"') | JVD_HAS(w, '\\');
			if (w & JVD_ONES *
				    0x80) /* perhaps past the quote: a check */
				*flags |= F_HIGH;
			if (!m) {
				p += 8;
				continue;
			}
			p += __builtin_ctzll(m) / 8;
		}
		if (*p == '"')
			return p;
		if (*p == '\\') {
			*flags |= F_ESC;
			p += 2;
			continue;
		}
		if ((unsigned char)*p >= 0x80)
			*flags |= F_HIGH;
		p++;
	}
}

/* p at a value: the end of it. */
static const char *skip_value(const char *p)
{
	int depth = 0;
	unsigned f;

	do {
		p = skip_ws(p);
		switch (*p) {
		case '"':
			p = str_end(p + 1, &f) + 1;
			break;
		case '{':
		case '[':
			depth++, p++;
			break;
		case '}':
		case ']':
			depth--, p++;
			break;
		case ',':
		case ':':
			p++;
			break;
		default:
			while (scalar[(unsigned char)*p])
				p++;
		}
	} while (depth > 0);
	return p;
}

const char *rec_value_end(const char *p, const char *end)
{
	scan_end = end;
	return skip_value(p);
}

/* --- strings, as jq reads them -------------------------------------------- */

static long hex4(const char *p)
{
	long v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = p[i];

		v = v << 4 | (c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
	}
	return v;
}

/* Decode escapes of raw[0..n) into o (n bytes are enough); its length. */
static size_t unescape(char *o, const char *raw, size_t n)
{
	const char *p = raw, *end = raw + n;
	char *start = o;
	long cp, lo;

	while (p < end) {
		if (*p != '\\') {
			*o++ = *p++;
			continue;
		}
		p++;
		switch (*p++) {
		case 'b':
			*o++ = '\b';
			break;
		case 'f':
			*o++ = '\f';
			break;
		case 'n':
			*o++ = '\n';
			break;
		case 'r':
			*o++ = '\r';
			break;
		case 't':
			*o++ = '\t';
			break;
		case 'u':
			cp = hex4(p);
			p += 4;
			if (cp >= 0xd800 &&
			    cp <= 0xdbff) { /* checked: a pair */
				lo = hex4(p + 2);
				p += 6;
				cp = 0x10000 +
				     ((cp - 0xd800) << 10 | (lo - 0xdc00));
			}
			o += utf8_encode(
			    o, cp); /* a lone low surrogate too, as jq */
			break;
		default:
			*o++ = p[-1]; /* " \ / */
		}
	}
	return (size_t)(o - start);
}

/* The string whose text between the quotes is raw[0..n), as jq reads it:
 * escapes decoded, then invalid UTF-8 replaced sequence by sequence. */
static struct bt_str str_value(struct rec *rec, const char *raw, size_t n,
			       unsigned flags)
{
	struct bt_str s = {raw, n};
	const unsigned char *p, *end;
	char *o;
	long cp;

	if (flags & F_ESC) {
		o = arena_alloc(rec, n);
		s.n = unescape(o, raw, n);
		s.s = o;
	}
	if (!(flags & (F_ESC | F_HIGH)) || utf8_valid(s.s, s.n))
		return s;
	o = arena_alloc(rec, 3 * s.n);
	p = (const unsigned char *)s.s;
	end = p + s.n;
	s.s = o;
	while (p < end) {
		p += utf8_next(p, end, &cp);
		o += utf8_encode(o, cp < 0 ? 0xfffd : cp);
	}
	s.n = (size_t)(o - s.s);
	return s;
}

/* p at a string value's opening quote: its value. */
static struct bt_str string_at(struct rec *rec, const char *p)
{
	unsigned f = 0;
	const char *e = str_end(p + 1, &f);

	return str_value(rec, p + 1, (size_t)(e - p - 1), f);
}

/* --- numbers -------------------------------------------------------------- */

const double rec_pow10[23] = {1e0,  1e1,  1e2,	1e3,  1e4,  1e5,  1e6,	1e7,
			      1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
			      1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* The value of the JSON number s[0..n), exactly as strtod reads it: with at
 * most 15 significant digits and a power of ten up to 22 the quotient or
 * product of two exact doubles is correctly rounded; else strtod. */
double rec_number(const char *s, size_t n)
{
	uint64_t mant = 0;
	size_t i = 0;
	int neg = 0, sig = 0, frac = 0, e = 0, eneg = 0, dot = 0;
	char small[64], *tmp;
	double d;

	if (s[i] == '-')
		neg = 1, i++;
	for (; i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.'); i++) {
		if (s[i] == '.') {
			dot = 1;
			continue;
		}
		if (sig || s[i] != '0')
			sig++;
		if (sig <= 15)
			mant = mant * 10 + (uint64_t)(s[i] - '0');
		frac += dot;
	}
	if (i < n) { /* e, E */
		i++;
		if (s[i] == '-' || s[i] == '+')
			eneg = s[i++] == '-';
		for (; i < n && e < 10000; i++)
			e = e * 10 + (s[i] - '0');
	}
	e = (eneg ? -e : e) - frac;
	if (sig <= 15 && e >= -22 && e <= 22) {
		d = e < 0 ? (double)mant / rec_pow10[-e]
			  : (double)mant * rec_pow10[e];
		return neg ? -d : d;
	}
	tmp = n < sizeof small ? small : xmalloc(n + 1);
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	d = strtod(tmp, NULL);
	if (tmp != small)
		free(tmp);
	return d;
}

/* --- objects -------------------------------------------------------------- */

static int key_cmp(struct bt_str a, struct bt_str b)
{
	int c = memcmp(a.s, b.s, a.n < b.n ? a.n : b.n);

	return c ? c : (a.n > b.n) - (a.n < b.n);
}

/* Order of keys, then of places: for qsort of struct rec_ent pointers. */
static int ent_cmp(const void *a, const void *b)
{
	const struct rec_ent *x = *(struct rec_ent *const *)a;
	const struct rec_ent *y = *(struct rec_ent *const *)b;
	int c = key_cmp(x->key, y->key);

	return c ? c : (x->pos > y->pos) - (x->pos < y->pos);
}

/* Order of keys: for qsort and bsearch of struct rec_ent. */
static int ent_key_cmp(const void *a, const void *b)
{
	return key_cmp(((const struct rec_ent *)a)->key,
		       ((const struct rec_ent *)b)->key);
}

/* Of duplicate keys keep one, at the first's place with the last's value,
 * as a jq object does; the number left. */
static size_t dedupe(struct rec_ent *e, size_t n)
{
	struct rec_ent **ix;
	size_t i, j, k;

	if (n <= 16) {
		for (i = 0; i < n; i++)
			for (j = i + 1; j < n && !e[i].drop; j++)
				if (!e[j].drop &&
				    rec_key_eq(e[i].key, e[j].key)) {
					e[i].v = e[j].v, e[i].vend = e[j].vend;
					e[j].drop = 1;
				}
	} else {
		ix = xreallocarray(NULL, n, sizeof *ix);
		for (i = 0; i < n; i++)
			ix[i] = &e[i];
		qsort(ix, n, sizeof *ix, ent_cmp);
		for (i = 0; i < n; i = j) {
			for (j = i + 1;
			     j < n && rec_key_eq(ix[i]->key, ix[j]->key); j++)
				ix[j]->drop = 1;
			ix[i]->v = ix[j - 1]->v, ix[i]->vend = ix[j - 1]->vend;
		}
		free(ix);
	}
	for (i = k = 0; i < n; i++)
		if (!e[i].drop)
			e[k++] = e[i];
	return k;
}

/* The members of the object at p, deduplicated, into rec->ents_; their
 * number. */
static size_t members(struct rec *rec, const char *p)
{
	size_t n = 0;
	unsigned f;
	const char *k;

	p = skip_ws(p + 1);
	while (*p == '"') {
		if (n == rec->ecap_) {
			rec->ecap_ = rec->ecap_ ? 2 * rec->ecap_ : 16;
			rec->ents_ = xreallocarray(rec->ents_, rec->ecap_,
						   sizeof *rec->ents_);
		}
		f = 0;
		k = str_end(p + 1, &f);
		rec->ents_[n].key =
		    str_value(rec, p + 1, (size_t)(k - p - 1), f);
		rec->ents_[n].v = skip_ws(skip_ws(k + 1) + 1);
		rec->ents_[n].vend = p = skip_value(rec->ents_[n].v);
		rec->ents_[n].pos = n;
		rec->ents_[n].drop = 0;
		n++;
		p = skip_ws(p);
		if (*p == ',')
			p = skip_ws(p + 1);
	}
	return dedupe(rec->ents_, n);
}

/* --- the record's fields -------------------------------------------------- */

static const char *const field_names[FL_N] = {
    "bt",      "kind",	 "name",       "suite",	       "reason",
    "message", "procs",	 "iterations", "metrics",      "labels",
    "config",  "better", "run",	       "summary_only",
};

static const size_t field_len[FL_N] = {2,  4, 4, 5, 6, 7, 5,
				       10, 7, 6, 6, 6, 3, 12};

/* The field key names; -1 for none of ours. */
int rec_field_of(struct bt_str k)
{
	int f;

	for (f = 0; f < FL_N; f++)
		if (field_len[f] == k.n &&
		    memcmp(field_names[f], k.s, k.n) == 0)
			return f;
	return -1;
}

/* Find the fields of the object at p (the last of duplicates) in at. */
static void fields(struct rec *rec, const char *p, const char *at[FL_N])
{
	size_t i, n = members(rec, p);
	int f;

	memset(at, 0, FL_N * sizeof *at);
	for (i = 0; i < n; i++)
		if ((f = rec_field_of(rec->ents_[i].key)) >= 0) {
			at[f] = rec->ents_[i].v;
			if (f == FL_LABELS)
				rec->labels_end_ = rec->ents_[i].vend;
			if (f == FL_RUN && *at[f] == '{')
				rec->run_.s = at[f],
				rec->run_.n =
				    (size_t)(rec->ents_[i].vend - at[f]);
		}
	rec->labels_at_ = at[FL_LABELS];
	rec->summary_key_ = at[FL_SUMMARY_ONLY] != NULL;
}

/* A string field: its value, "" when absent or null; -1 for another type. */
static int str_field(struct rec *rec, const char *v, struct bt_str *out)
{
	out->s = "";
	out->n = 0;
	if (!v || *v == 'n')
		return 0;
	if (*v != '"')
		return -1;
	*out = string_at(rec, v);
	return 0;
}

int rec_whole(const char *v, size_t n, int64_t *out)
{
	double d;

	*out = 0;
	if (*v == 'n')
		return 0;
	if (*v != '-' && !(*v >= '0' && *v <= '9'))
		return -1;
	d = rec_number(v, n);
	if (!(d >= 0 && d < 9.2e18 && d == floor(d)))
		return -1;
	*out = (int64_t)d;
	return 0;
}

/* A whole number >= 0 (procs, iterations): 0 when absent or null. */
static int int_field(const char *v, int64_t *out)
{
	*out = 0;
	return v ? rec_whole(v, (size_t)(skip_value(v) - v), out) : 0;
}

static int is_number(const char *v)
{
	return *v == '-' || (*v >= '0' && *v <= '9');
}

/* "better": {"unit": "higher"|"lower"} for the metrics named. */
static int decode_better(struct rec *rec, const char *v, char *err, size_t n)
{
	struct rec_ent want = {0}, *e;
	struct bt_metric *m;
	struct bt_str s;
	size_t i, nb;

	if (!v)
		return 0;
	if (*v != '{') {
		snprintf(err, n, "\"better\" is not an object");
		return -1;
	}
	nb = members(rec, v); /* keys now unique */
	qsort(rec->ents_, nb, sizeof *rec->ents_, ent_key_cmp);
	for (i = 0; i < rec->r.nmetrics; i++) {
		m = &rec->metrics_[i];
		want.key = m->unit;
		e = bsearch(&want, rec->ents_, nb, sizeof *e, ent_key_cmp);
		if (!e || *e->v != '"')
			continue;
		s = string_at(rec, e->v);
		m->better = rec_str_is(s, "higher")  ? BT_BETTER_HIGHER
			    : rec_str_is(s, "lower") ? BT_BETTER_LOWER
						     : BT_BETTER_DEFAULT;
	}
	return 0;
}

static int decode_metrics(struct rec *rec, const char *v, char *err, size_t n)
{
	struct bt_metric *m;
	size_t i, count;

	if (!v || *v != '{') {
		snprintf(err, n, "sample has no \"metrics\" object");
		return -1;
	}
	count = members(rec, v);
	if (count > rec->mcap_) {
		rec->mcap_ = count;
		rec->metrics_ = xreallocarray(rec->metrics_, rec->mcap_,
					      sizeof *rec->metrics_);
	}
	rec->r.metrics = rec->metrics_;
	for (i = 0; i < count; i++) {
		const struct rec_ent *e = &rec->ents_[i];

		m = &rec->metrics_[i];
		memset(m, 0, sizeof *m);
		m->unit = e->key;
		if (is_number(e->v)) {
			m->text.s = e->v;
			m->text.n = (size_t)(e->vend - e->v);
			m->value = rec_number(m->text.s, m->text.n);
		}
		if (!is_number(e->v) || !isfinite(m->value)) {
			snprintf(
			    err, n, "metric \"%.*s\" is not a finite number",
			    (int)(e->key.n > 64 ? 64 : e->key.n), e->key.s);
			return -1;
		}
	}
	rec->r.nmetrics = count;
	if (count == 0) {
		snprintf(err, n, "sample has no metrics");
		return -1;
	}
	return 0;
}

/* Labels (or a context's config): an object of strings. */
static int decode_labels(struct rec *rec, const char *v)
{
	size_t i, count;

	rec->r.nlabels = 0;
	if (!v || *v == 'n')
		return 0;
	if (*v != '{')
		return -1;
	count = members(rec, v);
	if (count > rec->lcap_) {
		rec->lcap_ = count;
		rec->labels_ = xreallocarray(rec->labels_, rec->lcap_,
					     sizeof *rec->labels_);
	}
	rec->r.labels = rec->labels_;
	for (i = 0; i < count; i++) {
		if (*rec->ents_[i].v != '"')
			return -1;
		rec->labels_[i].key = rec->ents_[i].key;
		rec->labels_[i].value = string_at(rec, rec->ents_[i].v);
	}
	rec->r.nlabels = count;
	return 0;
}

/* name, suite, reason, message, procs, iterations, then what the kind has. */
static int decode_kind(struct rec *rec, const char *at[FL_N], char *err,
		       size_t n)
{
	int64_t procs;

	if (str_field(rec, at[FL_NAME], &rec->r.name) ||
	    str_field(rec, at[FL_SUITE], &rec->r.suite) ||
	    str_field(rec, at[FL_REASON], &rec->r.reason) ||
	    str_field(rec, at[FL_MESSAGE], &rec->r.message)) {
		snprintf(err, n,
			 "a name, suite, reason or message is not a string");
		return -1;
	}
	if (int_field(at[FL_PROCS], &procs) ||
	    int_field(at[FL_ITERATIONS], &rec->r.iterations)) {
		snprintf(err, n,
			 "\"procs\" or \"iterations\" is not a whole number");
		return -1;
	}
	rec->r.procs = (long)procs;
	if (rec->r.kind == BT_KIND_SAMPLE) {
		if (rec->r.name.n == 0) {
			snprintf(err, n, "sample has no \"name\"");
			return -1;
		}
		if (decode_metrics(rec, at[FL_METRICS], err, n) ||
		    decode_better(rec, at[FL_BETTER], err, n))
			return -1;
	} else if (rec->r.kind == BT_KIND_CONTEXT) {
		if (decode_labels(rec, at[FL_CONFIG])) {
			snprintf(err, n,
				 "\"config\" is not an object of strings");
			return -1;
		}
		return 0;
	}
	if (decode_labels(rec, at[FL_LABELS])) {
		snprintf(err, n, "\"labels\" is not an object of strings");
		return -1;
	}
	return 0;
}

/* "bt": a whole number, at least 1, at most what this build reads; the
 * version, or -1. */
static int check_version(const char *v, char *err, size_t n)
{
	double ver =
	    v && is_number(v) ? rec_number(v, (size_t)(skip_value(v) - v)) : -1;

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
	return (int)ver;
}

void rec_reset(struct rec *rec, const char *line, size_t len)
{
	if (rec->json_made_)
		jv_free(rec->json_);
	rec->json_made_ = 0;
	arena_reset(rec);
	memset(&rec->r, 0, sizeof rec->r);
	rec->r.metrics = rec->metrics_;
	rec->r.labels = rec->labels_;
	rec->kind.s = "";
	rec->kind.n = 0;
	rec->line.s = line;
	rec->line.n = len;
	rec->labels_at_ = rec->labels_end_ = NULL;
	rec->obj_end_ = NULL;
	rec->run_.s = "";
	rec->run_.n = 0;
	rec->summary_key_ = 0;
}

int rec_decode(struct rec *rec, const char *line, size_t len, char *err,
	       size_t n)
{
	if (len <= 0x7fffffff && rec_decode_fast(rec, line, len) == 0)
		return 0;
	return rec_decode_general(rec, line, len, err, n);
}

int rec_decode_general(struct rec *rec, const char *line, size_t len, char *err,
		       size_t n)
{
	const char *at[FL_N], *p;
	int ver;

	rec_reset(rec, line, len);
	scan_end = line + len;
	if (len > 0x7fffffff) {
		snprintf(err, n, "line too long");
		return -1;
	}
	if (json_valid(line, len, err, n))
		return -1;
	p = skip_ws(line);
	if (*p != '{') {
		snprintf(err, n, "a record must be a JSON object");
		return -1;
	}
	rec->obj_end_ = skip_value(p) - 1;
	fields(rec, p, at);
	if ((ver = check_version(at[FL_BT], err, n)) < 0)
		return -1;
	if (!at[FL_KIND] || *at[FL_KIND] != '"') {
		snprintf(err, n, "record has no \"kind\" string");
		return -1;
	}
	rec->kind = string_at(rec, at[FL_KIND]);
	rec->r.kind = rec_kind_of(rec->kind);
	if (ver >= 2 && rec_str_is(rec->kind, "samples"))
		at[FL_ITERATIONS] = NULL; /* its samples' (samples.c) */
	return decode_kind(rec, at, err, n);
}

struct bt_str rec_run_text(const struct rec *rec)
{
	struct bt_str none = {"", 0};

	return rec->line.n ? rec->run_ : none;
}

int rec_has_summary_only(const struct rec *rec)
{
	return rec->line.n && rec->summary_key_;
}

jv rec_json(const struct rec *rec)
{
	struct rec *r = (struct rec *)rec; /* the cache is not the record */

	if (!r->json_made_) {
		r->json_ = rec->line.n
			       ? jv_parse_sized(rec->line.s, (int)rec->line.n)
			       : jv_invalid();
		r->json_made_ = 1;
	}
	return r->json_;
}

void rec_clear(struct rec *rec)
{
	struct rec_chunk *c, *next;

	if (rec->json_made_)
		jv_free(rec->json_);
	rec->json_made_ = 0;
	for (c = rec->arena_; c; c = next) {
		next = c->next;
		free(c);
	}
	rec->arena_ = rec->cur_ = NULL;
	free(rec->metrics_);
	free(rec->labels_);
	free(rec->ents_);
	rec_lcache_free(rec->lcache_);
	rec->lcache_ = NULL;
	rec->metrics_ = NULL;
	rec->labels_ = NULL;
	rec->ents_ = NULL;
	rec->mcap_ = rec->lcap_ = rec->ecap_ = 0;
}

/* --- the line with labels added ------------------------------------------- */

static int added(struct bt_str key, const struct bt_label *add, size_t nadd)
{
	size_t i;

	for (i = 0; i < nadd; i++)
		if (rec_key_eq(key, add[i].key))
			return 1;
	return 0;
}

void rec_line_labels(const struct rec *crec, struct buf *b,
		     const struct bt_label *add, size_t nadd)
{
	struct rec *rec = (struct rec *)crec; /* members() reuses its storage */
	const char *line = rec->line.s, *cut, *rest;
	size_t i, n = 0, k;
	int first = 1;

	scan_end = line + rec->line.n;
	if (rec->labels_at_ && *rec->labels_at_ == '{') {
		cut = rec->labels_at_, rest = rec->labels_end_;
		n = members(rec, rec->labels_at_);
	} else if (rec->labels_at_) { /* null */
		cut = rec->labels_at_, rest = rec->labels_end_;
	} else {
		cut = rest = rec->obj_end_;
	}
	buf_add(b, line, (size_t)(cut - line));
	if (!rec->labels_at_)
		buf_addlit(b, ",\"labels\":");
	buf_addc(b, '{');
	for (i = 0; i < n; i++) {
		const struct rec_ent *e = &rec->ents_[i];

		if (added(e->key, add, nadd))
			continue;
		if (!first)
			buf_addc(b, ',');
		first = 0;
		json_str(b, e->key.s, e->key.n);
		buf_addc(b, ':');
		buf_add(b, e->v, (size_t)(e->vend - e->v));
	}
	for (k = 0; k < nadd; k++) {
		if (!first)
			buf_addc(b, ',');
		first = 0;
		json_str(b, add[k].key.s, add[k].key.n);
		buf_addc(b, ':');
		json_str(b, add[k].value.s, add[k].value.n);
	}
	buf_addc(b, '}');
	buf_add(b, rest, (size_t)(line + rec->line.n - rest));
}
