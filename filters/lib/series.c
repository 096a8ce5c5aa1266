/*
 * series.c — benchmark histories from a record stream (series.h).  Owned
 * by the history helper.
 *
 * A sample's `run` object is found by scanning the top level of its line
 * (no full parse of 1.5 million records), and parsed only when its bytes
 * differ from the last one seen: a run's samples come together.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "proc.h"
#include "series.h"
#include "stats.h"
#include "util.h"

void history_init(struct history *h)
{
	memset(h, 0, sizeof *h);
}

static void run_free(void *p)
{
	struct hist_run *r = p;

	if (!r) /* moved by history_merge */
		return;
	free(r->id);
	free(r->json);
	free(r->commit);
	free(r->commit_time);
	free(r->time);
	free(r->branch);
	free(r->testbed);
	free(r);
}

static void series_free(void *p)
{
	struct hist_series *s = p;

	if (!s)
		return;
	buf_free(&s->id);
	free(s->suite);
	free(s->name);
	free(s->unit);
	free(s->labels);
	free(s->run);
	free(s->v);
	free(s);
}

void history_free(struct history *h)
{
	map_free(&h->runs, run_free);
	map_free(&h->series, series_free);
	free(h->runv);
	buf_free(&h->key);
	buf_free(&h->span);
}

/* --- RFC 3339 ------------------------------------------------------------- */

double rfc3339(const char *s)
{
	struct tm tm = {0};
	int y, mo, d, hh, mm, ss, n = 0, oh, om;
	double frac = 0, off = 0;
	const char *p;

	if (!s ||
	    sscanf(s, "%4d-%2d-%2d%*1[Tt ]%2d:%2d:%2d%n", &y, &mo, &d, &hh, &mm,
		   &ss, &n) != 6 ||
	    n != 19)
		return NAN;
	p = s + n;
	if (*p == '.') {
		double scale = 0.1;

		for (p++; *p >= '0' && *p <= '9'; p++, scale /= 10)
			frac += (*p - '0') * scale;
	}
	if (*p == 'Z' || *p == 'z')
		p++;
	else if ((*p == '+' || *p == '-') &&
		 sscanf(p + 1, "%2d:%2d", &oh, &om) == 2 && strlen(p) == 6 &&
		 oh <= 23 && om <= 59 && oh >= 0 && om >= 0) {
		off = (oh * 3600.0 + om * 60.0) * (*p == '+' ? 1 : -1);
		p += 6;
	} else
		return NAN;
	if (*p || mo < 1 || mo > 12 || d < 1 || d > 31 || hh > 23 || mm > 59 ||
	    ss > 60)
		return NAN;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = hh;
	tm.tm_min = mm;
	tm.tm_sec = ss;
	return (double)timegm(&tm) + frac - off;
}

/* --- finding "run" in a line --------------------------------------------- */

static const char *skip_ws(const char *p, const char *e)
{
	while (p < e && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	return p;
}

static const char *skip_string(const char *p, const char *e)
{
	for (p++; p < e; p++) {
		if (*p == '\\')
			p++;
		else if (*p == '"')
			return p + 1;
	}
	return e;
}

/* The end of the JSON value at p (a valid line: decode.c checked it). */
static const char *skip_value(const char *p, const char *e)
{
	int depth = 0;

	if (p < e && *p == '"')
		return skip_string(p, e);
	for (; p < e; p++) {
		if (*p == '"')
			p = skip_string(p, e) - 1;
		else if (*p == '{' || *p == '[')
			depth++;
		else if (*p == '}' || *p == ']') {
			if (--depth <= 0)
				return depth < 0 ? p : p + 1;
		} else if (depth == 0 && (*p == ',' || *p == ' '))
			return p;
	}
	return e;
}

/* The value of top-level member key of the object in line, or 0. */
static int member(const char *line, size_t len, const char *key,
		  const char **vs, const char **ve)
{
	const char *p = line, *e = line + len;
	size_t kn = strlen(key);

	p = skip_ws(p, e);
	if (p == e || *p != '{')
		return 0;
	p++;
	while (p < e) {
		const char *ks, *kend;

		p = skip_ws(p, e);
		if (p == e || *p != '"')
			return 0;
		ks = p + 1;
		p = skip_string(p, e);
		kend = p - 1;
		p = skip_ws(p, e);
		if (p == e || *p != ':')
			return 0;
		p = skip_ws(p + 1, e);
		*vs = p;
		p = skip_value(p, e);
		*ve = p;
		if ((size_t)(kend - ks) == kn && memcmp(ks, key, kn) == 0)
			return 1;
		p = skip_ws(p, e);
		if (p == e || *p != ',')
			return 0;
		p++;
	}
	return 0;
}

/* --- runs ----------------------------------------------------------------- */

static char *str_member(jv o, const char *k, int *bad)
{
	jv v = jv_object_get(jv_copy(o), jv_string(k));
	char *s = NULL;

	if (jv_get_kind(v) == JV_KIND_STRING)
		s = xstrdup(jv_string_value(v));
	else if (jv_get_kind(v) != JV_KIND_NULL && jv_is_valid(v))
		*bad = 1;
	jv_free(v);
	return s;
}

static struct hist_run *run_new(struct history *h, const char *key, size_t n,
				int *created)
{
	struct map_entry *e = map_get(&h->runs, key, n, created);

	if (!e->value) {
		struct hist_run *r = xcalloc(1, sizeof *r);

		r->seen = h->nruns++;
		r->t_commit = r->t_time = NAN;
		e->value = r;
	}
	return e->value;
}

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* The run of a sample whose line holds run object [vs, ve); NULL after
 * reporting a problem. */
static struct hist_run *run_of(struct history *h, const struct rec *rec,
			       const char *vs, const char *ve)
{
	jv o = jv_parse_sized(vs, (int)(ve - vs));
	struct hist_run *r;
	char *id, *commit, *ct, *t, *br, *tb;
	int bad = 0, created = 0;

	if (jv_get_kind(o) != JV_KIND_OBJECT) {
		warnx_("%s:%ld: \"run\" is not an object", rec->file,
		       rec->lineno);
		jv_free(o);
		return NULL;
	}
	id = str_member(o, "id", &bad);
	commit = str_member(o, "commit", &bad);
	ct = str_member(o, "commit_time", &bad);
	t = str_member(o, "time", &bad);
	br = str_member(o, "branch", &bad);
	tb = str_member(o, "testbed", &bad);
	jv_free(o);
	if (!id || bad) {
		warnx_("%s:%ld: %s", rec->file, rec->lineno,
		       bad ? "a member of \"run\" is not a string"
			   : "\"run\" has no \"id\" (sample left out)");
		free(id), free(commit), free(ct), free(t), free(br), free(tb);
		return NULL;
	}
	h->key.len = 0;
	buf_addlit(&h->key, "r\x1f");
	buf_add(&h->key, id, strlen(id));
	r = run_new(h, h->key.p, h->key.len, &created);
	if (created) {
		r->id = id;
		r->json = xstrndup(vs, (size_t)(ve - vs));
		r->commit = commit;
		r->commit_time = ct;
		r->time = t;
		r->branch = br;
		r->testbed = tb;
		r->t_commit = rfc3339(ct);
		r->t_time = rfc3339(t);
		if ((ct && isnan(r->t_commit)) || (t && isnan(r->t_time)))
			warnx_("%s:%ld: run \"%s\": a time that is not RFC "
			       "3339 (not used for ordering)",
			       rec->file, rec->lineno, id);
		return r;
	}
	if (!same(commit, r->commit) || !same(ct, r->commit_time) ||
	    !same(t, r->time)) {
		warnx_("%s:%ld: run id \"%s\" is used by two runs (another "
		       "commit or time); the sample is left out",
		       rec->file, rec->lineno, id);
		r = NULL;
	}
	free(id), free(commit), free(ct), free(t), free(br), free(tb);
	return r;
}

/* The run standing for a file's samples without a run object. */
static struct hist_run *file_run(struct history *h, const char *file)
{
	struct hist_run *r;
	int created = 0;

	h->key.len = 0;
	buf_addlit(&h->key, "f\x1f");
	buf_add(&h->key, file, strlen(file));
	r = run_new(h, h->key.p, h->key.len, &created);
	if (created) {
		r->id = xstrdup(file);
		r->file_run = 1;
	}
	return r;
}

/* A context record gives a file's run its time and commit. */
static void take_context(struct history *h, const struct rec *rec)
{
	jv o = rec_json(rec);
	struct hist_run *r;
	int bad = 0;
	char *t, *c;

	if (jv_get_kind(o) != JV_KIND_OBJECT)
		return;
	if (jv_object_has(jv_copy(o), jv_string("run")))
		return; /* a stamped run's context: its samples say the run */
	t = str_member(o, "time", &bad);
	c = str_member(o, "commit", &bad);
	if (t || c) {
		r = file_run(h, rec->file);
		if (t && !r->time) {
			r->time = t;
			r->t_time = rfc3339(t);
			t = NULL;
		}
		if (c && !r->commit) {
			r->commit = c;
			c = NULL;
		}
	}
	free(t);
	free(c);
}

/* --- series --------------------------------------------------------------- */

static char *labels_text(const struct bt_record *r)
{
	struct buf b = {0};
	size_t i;

	for (i = 0; i < r->nlabels; i++) {
		if (i)
			buf_addc(&b, ',');
		buf_add(&b, r->labels[i].key.s, r->labels[i].key.n);
		buf_addc(&b, '=');
		buf_add(&b, r->labels[i].value.s, r->labels[i].value.n);
	}
	buf_addc(&b, 0);
	return b.p;
}

static void add_value(struct history *h, const struct rec *rec,
		      const struct bt_metric *m, uint32_t run)
{
	struct map_entry *e;
	struct hist_series *s;
	char unit[256];
	size_t un = m->unit.n < sizeof unit - 1 ? m->unit.n : sizeof unit - 1;

	memcpy(unit, m->unit.s, un);
	unit[un] = 0;
	if (h->unit && strcmp(h->unit, unit) != 0)
		return;
	h->key.len = 0;
	rec_identity(&h->key, &rec->r, 1, NULL);
	buf_addc(&h->key, '\x1e');
	buf_add(&h->key, unit, un);
	e = map_get(&h->series, h->key.p, h->key.len, NULL);
	if (!e->value) {
		s = xcalloc(1, sizeof *s);
		rec_id_json(&s->id, &rec->r, unit, un);
		s->suite = xstrndup(rec->r.suite.s ? rec->r.suite.s : "",
				    rec->r.suite.n);
		s->name = xstrndup(rec->r.name.s, rec->r.name.n);
		s->unit = xstrdup(unit);
		s->labels = labels_text(&rec->r);
		s->procs = rec->r.procs;
		s->better = unit_better(unit, m->better);
		e->value = s;
	}
	s = e->value;
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 8;
		s->run = xreallocarray(s->run, s->cap, sizeof *s->run);
		s->v = xreallocarray(s->v, s->cap, sizeof *s->v);
	}
	s->run[s->n] = run;
	s->v[s->n++] = m->value;
}

int history_add(void *ctx, const struct rec *rec)
{
	struct history *h = ctx;
	struct hist_run *r;
	const char *vs, *ve;
	size_t i;

	if (rec->r.kind == BT_KIND_CONTEXT) {
		take_context(h, rec);
		return 0;
	}
	if (rec->r.kind != BT_KIND_SAMPLE)
		return 0;
	if (rec->line.n && member(rec->line.s, rec->line.n, "run", &vs, &ve)) {
		size_t n = (size_t)(ve - vs);

		if (h->last && h->span.len == n &&
		    memcmp(h->span.p, vs, n) == 0)
			r = h->last;
		else {
			r = run_of(h, rec, vs, ve);
			if (!r) {
				h->errors++;
				return 0;
			}
			h->last = r;
			h->span.len = 0;
			buf_add(&h->span, vs, n);
		}
	} else
		r = file_run(h, rec->file);
	if (h->nruns > UINT32_MAX)
		die(EXIT_USAGE, "more than %u runs", UINT32_MAX);
	/* the run's number is its first-appearance order until ordered */
	for (i = 0; i < rec->r.nmetrics; i++)
		add_value(h, rec, &rec->r.metrics[i], (uint32_t)r->seen);
	return 0;
}

/* --- ordering ------------------------------------------------------------- */

static int field; /* 0 commit_time, 1 time, 2 appearance: for qsort only */

static int cmp_run(const void *a, const void *b)
{
	const struct hist_run *x = *(struct hist_run *const *)a;
	const struct hist_run *y = *(struct hist_run *const *)b;

	if (field == 0 && x->t_commit != y->t_commit)
		return x->t_commit < y->t_commit ? -1 : 1;
	if (field <= 1 && !isnan(x->t_time) && !isnan(y->t_time) &&
	    x->t_time != y->t_time)
		return x->t_time < y->t_time ? -1 : 1;
	return x->seen < y->seen ? -1 : x->seen > y->seen;
}

/* The runs by first appearance, so that sample run numbers index it. */
static void runs_by_seen(struct history *h)
{
	size_t i;

	free(h->runv);
	h->runv = xreallocarray(NULL, h->nruns ? h->nruns : 1, sizeof *h->runv);
	for (i = 0; i < h->runs.n; i++) {
		struct hist_run *r = h->runs.v[i].value;

		h->runv[r->seen] = r;
	}
}

static void sort_runs(struct history *h, int by)
{
	uint32_t *to;
	size_t i, j;

	runs_by_seen(h);
	field = by;
	/* where the run first seen as i ends up */
	qsort(h->runv, h->nruns, sizeof *h->runv, cmp_run);
	to = xreallocarray(NULL, h->nruns ? h->nruns : 1, sizeof *to);
	for (i = 0; i < h->nruns; i++) {
		to[h->runv[i]->seen] = (uint32_t)i;
		h->runv[i]->pos = i;
	}
	for (i = 0; i < h->series.n; i++) {
		struct hist_series *s = h->series.v[i].value;

		for (j = 0; j < s->n; j++)
			s->run[j] = to[s->run[j]];
	}
	free(to);
}

void history_order(struct history *h)
{
	size_t i, no_ct = 0, no_t = 0;
	const char *first_ct = NULL, *first_t = NULL;
	int by;

	for (i = 0; i < h->runs.n; i++) {
		struct hist_run *r = h->runs.v[i].value;

		if (isnan(r->t_commit) && !no_ct++)
			first_ct = r->id;
		if (isnan(r->t_time) && !no_t++)
			first_t = r->id;
	}
	by = !no_ct ? 0 : !no_t ? 1 : 2;
	if (no_ct && no_ct < h->nruns)
		warnx_("%zu of %zu runs have no commit_time (first: \"%s\"): "
		       "ordering by %s",
		       no_ct, h->nruns, first_ct,
		       by == 1 ? "run time" : "order of appearance");
	else if (by == 2 && no_t < h->nruns)
		warnx_("%zu of %zu runs have no time (first: \"%s\"): "
		       "ordering by order of appearance",
		       no_t, h->nruns, first_t);
	sort_runs(h, by);
}

size_t history_only_testbed(struct history *h, const char *testbed)
{
	size_t i, left = 0;

	for (i = 0; i < h->runs.n; i++) {
		struct hist_run *r = h->runs.v[i].value;

		if (!r->testbed || strcmp(r->testbed, testbed) != 0)
			r->dropped = 1;
		left += !r->dropped;
	}
	return left;
}

/* --- git order ------------------------------------------------------------ */

struct rev {
	const char *hash;
	size_t rank; /* 0 for the oldest commit */
};

static int cmp_rev(const void *a, const void *b)
{
	return strcmp(((const struct rev *)a)->hash,
		      ((const struct rev *)b)->hash);
}

/* The first-parent commits of dir, newest first, one per line. */
static char *git_rev_list(const char *dir)
{
	char *argv[] = {"git",	"-C", (char *)dir, "rev-list", "--first-parent",
			"HEAD", NULL};
	struct buf b = {0};

	if (proc_output(argv, NULL, &b) != 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_cstr(&b);
}

int history_order_git(struct history *h, const char *dir)
{
	char *text = git_rev_list(dir), *p;
	struct rev *rv = NULL;
	size_t nh = 0, cap = 0, i, dropped = 0;

	if (!text) {
		warnx_("%s: git rev-list --first-parent HEAD failed", dir);
		return EXIT_USAGE;
	}
	for (p = strtok(text, "\n"); p; p = strtok(NULL, "\n")) {
		if (nh == cap) {
			cap = cap ? 2 * cap : 256;
			rv = xreallocarray(rv, cap, sizeof *rv);
		}
		rv[nh++].hash = p;
	}
	for (i = 0; i < nh; i++) /* rev-list prints the newest first */
		rv[i].rank = nh - 1 - i;
	qsort(rv, nh, sizeof *rv, cmp_rev);
	for (i = 0; i < h->runs.n; i++) {
		struct hist_run *r = h->runs.v[i].value;
		size_t lo = 0, hi = nh, cl = r->commit ? strlen(r->commit) : 0;

		/* a commit may be abbreviated (4 hex digits or more) */
		while (cl >= 4 && lo < hi) {
			size_t mid = (lo + hi) / 2;

			if (strncmp(rv[mid].hash, r->commit, cl) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (cl >= 4 && lo < nh &&
		    strncmp(rv[lo].hash, r->commit, cl) == 0)
			r->t_commit = (double)rv[lo].rank;
		else {
			r->t_commit = INFINITY;
			r->dropped = 1;
			dropped++;
		}
	}
	if (dropped)
		warnx_("%zu of %zu runs have no commit on the first-parent "
		       "history of %s: left out",
		       dropped, h->nruns, dir);
	sort_runs(h, 0);
	free(rv);
	free(text);
	return 0;
}

/* --- points --------------------------------------------------------------- */

struct pair {
	uint32_t run;
	double v;
};

static int cmp_pair(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;

	if (x->run != y->run)
		return x->run < y->run ? -1 : 1;
	return x->v < y->v ? -1 : x->v > y->v;
}

size_t history_points(const struct history *h, const struct hist_series *s,
		      struct hist_point **out)
{
	struct pair *p = xreallocarray(NULL, s->n ? s->n : 1, sizeof *p);
	double *v = xreallocarray(NULL, s->n ? s->n : 1, sizeof *v);
	size_t i, j, np = 0;

	for (i = 0; i < s->n; i++) {
		p[i].run = s->run[i];
		p[i].v = s->v[i];
	}
	qsort(p, s->n, sizeof *p, cmp_pair);
	*out = xreallocarray(NULL, s->n ? s->n : 1, sizeof **out);
	for (i = 0; i < s->n; i = j) {
		struct hist_point *pt = &(*out)[np];
		size_t k;

		for (j = i; j < s->n && p[j].run == p[i].run; j++)
			v[j - i] = p[j].v;
		if (h->runv[p[i].run]->dropped)
			continue;
		k = j - i;
		pt->run = p[i].run;
		pt->n = k;
		pt->median = stats_median(v, k);
		stats_median_ci(v, k, 0.95, &pt->ci_lo, &pt->ci_hi);
		np++;
	}
	free(p);
	free(v);
	return np;
}

void history_run_json(struct buf *b, const struct hist_run *r)
{
	if (r->json) {
		buf_add(b, r->json, strlen(r->json));
		return;
	}
	buf_addlit(b, "{\"id\":");
	json_str(b, r->id, strlen(r->id));
	if (r->commit) {
		buf_addlit(b, ",\"commit\":");
		json_str(b, r->commit, strlen(r->commit));
	}
	if (r->time) {
		buf_addlit(b, ",\"time\":");
		json_str(b, r->time, strlen(r->time));
	}
	buf_addc(b, '}');
}

/* --- merging: what a second core read --------------------------------------
 */

/* 1 when a run of from has the id of a run of h but another commit or time:
 * read in turn, its samples would have been left out with a message each. */
static int clash(const struct history *h, const struct history *from)
{
	size_t i;

	for (i = 0; i < from->runs.n; i++) {
		const struct map_entry *fe = &from->runs.v[i];
		const struct map_entry *e =
		    map_find(&h->runs, fe->key, fe->keylen);
		const struct hist_run *a = e ? e->value : NULL, *b = fe->value;

		if (a && !b->file_run &&
		    (!same(a->commit, b->commit) ||
		     !same(a->commit_time, b->commit_time) ||
		     !same(a->time, b->time)))
			return 1;
	}
	return 0;
}

/* Move from's runs into h (those it knows already stay h's, a file's run
 * taking a time and commit h's lacks); to[i] is where from's run i went. */
static uint32_t *merge_runs(struct history *h, struct history *from)
{
	uint32_t *to =
	    xreallocarray(NULL, from->nruns ? from->nruns : 1, sizeof *to);
	size_t i;

	for (i = 0; i < from->runs.n; i++) {
		struct map_entry *fe = &from->runs.v[i];
		struct map_entry *e =
		    map_get(&h->runs, fe->key, fe->keylen, NULL);
		struct hist_run *a = e->value, *b = fe->value;

		if (!a) {
			to[b->seen] = (uint32_t)h->nruns;
			b->seen = h->nruns++;
			e->value = b, fe->value = NULL;
			continue;
		}
		to[b->seen] = (uint32_t)a->seen;
		if (b->file_run && b->time && !a->time) /* as take_context */
			a->time = b->time, a->t_time = b->t_time,
			b->time = NULL;
		if (b->file_run && b->commit && !a->commit)
			a->commit = b->commit, b->commit = NULL;
	}
	return to;
}

int history_merge(struct history *h, struct history *from)
{
	uint32_t *to;
	size_t i, j;

	if (clash(h, from))
		return -1;
	to = merge_runs(h, from);
	for (i = 0; i < from->series.n; i++) {
		struct map_entry *fe = &from->series.v[i];
		struct map_entry *e =
		    map_get(&h->series, fe->key, fe->keylen, NULL);
		struct hist_series *a = e->value, *b = fe->value;

		for (j = 0; j < b->n; j++)
			b->run[j] = to[b->run[j]];
		if (!a) { /* new to h: moved whole, after h's own */
			e->value = b, fe->value = NULL;
			continue;
		}
		if (a->n + b->n > a->cap) {
			a->cap = a->n + b->n;
			a->run = xreallocarray(a->run, a->cap, sizeof *a->run);
			a->v = xreallocarray(a->v, a->cap, sizeof *a->v);
		}
		memcpy(a->run + a->n, b->run, b->n * sizeof *b->run);
		memcpy(a->v + a->n, b->v, b->n * sizeof *b->v);
		a->n += b->n;
	}
	free(to);
	h->errors += from->errors;
	h->last = NULL; /* its span may be a run now moved */
	return 0;
}
