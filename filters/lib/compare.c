/*
 * compare.c — two sides of samples compared, benchmark by benchmark and
 * unit by unit (compare.h): the medians, their intervals, the Mann–Whitney
 * U test, the verdicts, the geometric means and the budgets; and the
 * fields of the change and budget records that say them.
 */
#include "compare.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "budget.h"
#include "buf.h"
#include "record.h"
#include "sumstats.h"
#include "units.h"
#include "util.h"

#define CONFIDENCE CMP_CONFIDENCE

static char *dupstr(struct bt_str s)
{
	return xstrndup(s.s ? s.s : "", s.n);
}

/* The benchmark of rec, created on first sight.  Caller owns nothing. */
static struct bench *bench_of(struct comparison *cp, const struct rec *rec)
{
	/* the samples of a benchmark come in runs: remember the last one */
	struct buf *last_raw = &cp->last_raw_;
	struct map_entry *e;
	struct bench *b;
	struct buf lj = {0};

	if (cp->last_ && rec_raw_identity_at(last_raw->p, last_raw->len,
					     &rec->r) == last_raw->len)
		return cp->last_; /* compared in place, nothing built */
	last_raw->len = 0;
	rec_raw_identity(last_raw, &rec->r);
	cp->key_.len = 0;
	rec_identity(&cp->key_, &rec->r, 1, cp->skip);
	e = map_get(&cp->benches, cp->key_.p, cp->key_.len, NULL);
	if (e->value)
		return cp->last_ = e->value;
	identity_check(rec);
	cp->last_ = b = e->value = xcalloc(1, sizeof *b);
	b->suite = dupstr(rec->r.suite);
	b->name = dupstr(rec->r.name);
	b->procs = rec->r.procs;
	rec_labels_json(&lj, rec->r.labels, rec->r.nlabels, cp->skip);
	if (lj.len)
		b->labels = xstrdup(buf_cstr(&lj));
	buf_free(&lj);
	return b;
}

static struct series *series_of(struct bench *b, const struct bt_metric *m)
{
	struct series *s;

	for (size_t i = 0; i < b->ns; i++)
		if (strlen(b->s[i].unit) == m->unit.n &&
		    !memcmp(b->s[i].unit, m->unit.s, m->unit.n))
			return &b->s[i];
	b->s = xreallocarray(b->s, b->ns + 1, sizeof *b->s);
	s = &b->s[b->ns++];
	memset(s, 0, sizeof *s);
	s->unit = dupstr(m->unit);
	s->better = m->better;
	return s;
}

/* Growth by half (16, 24, 36, 54, …) rather than doubling: the samples
 * held are most of bt-compare's memory, and a benchmark's count is often a
 * little over a power of two (-count=50 kept 64 places, now 54). */
static void add_value(struct series *s, int side, double v)
{
	if (s->n[side] == s->cap[side]) {
		s->cap[side] =
		    s->cap[side] ? s->cap[side] + s->cap[side] / 2 : 16;
		s->v[side] =
		    xreallocarray(s->v[side], s->cap[side], sizeof(double));
	}
	s->v[side][s->n[side]++] = v;
}

const char *cmp_direction(const struct series *s, double delta)
{
	int t = unit_is_time(s->unit);

	if (isnan(delta)) /* no delta: a side missing, or a center of 0 */
		return NULL;
	if (delta == 0)
		return "same";
	if ((delta < 0) == (unit_better(s->unit, s->better) == BT_BETTER_LOWER))
		return t ? "faster" : "better";
	return t ? "slower" : "worse";
}

/* 2 / C(n1 + n2, n1): the smallest p the U test can give. */
static double min_p(size_t n1, size_t n2)
{
	double c = 1;

	for (size_t i = 1; i <= n1; i++)
		c = c * (double)(n2 + i) / (double)i;
	return 2 / c;
}

/* Both sides summary-only with stats: the pooled means, their t
 * intervals, Welch's p. */
static void compare_welch(struct cmp *c)
{
	struct stats_moments *m = c->s->mom;
	double sd[2];

	for (int i = 0; i < 2; i++) {
		double t = stats_t_quantile(1 - (1 - CONFIDENCE) / 2,
					    m[i].n - 1),
		       half =
			   t * (sd[i] = stats_moments_sd(&m[i])) / sqrt(m[i].n);

		c->c[i] = m[i].mean;
		c->lo[i] = m[i].mean - half;
		c->hi[i] = m[i].mean + half;
	}
	c->p = stats_welch(m[0].n, m[0].mean, sd[0], m[1].n, m[1].mean, sd[1],
			   NULL);
	c->test = "welch";
}

long long cmp_side_n(const struct cmp *c, int i)
{
	if (c->test && !strcmp(c->test, "welch"))
		return (long long)c->s->mom[i].n;
	return (long long)c->s->n[i];
}

/* Compare a two-sided series, with ut the U test's table; 1 when it
 * regressed.  Reads cp's settings only: two cores share the series. */
static int compare_series(const struct comparison *cp, struct cmp *c,
			  struct stats_utable *ut)
{
	struct series *s = c->s;
	int lower = unit_better(s->unit, s->better) == BT_BETTER_LOWER;
	int welch = s->nsum[0] == s->n[0] && s->nsum[1] == s->n[1];

	if (welch)
		compare_welch(c);
	for (int i = 0; i < 2 && !welch; i++) {
		stats_sort(s->v[i], s->n[i]);
		c->c[i] = stats_median(s->v[i], s->n[i]);
		stats_median_ci(s->v[i], s->n[i], CONFIDENCE, &c->lo[i],
				&c->hi[i]);
	}
	if (c->c[0] == c->c[1])
		c->delta = 0;
	else if (c->c[0] == 0)
		c->delta = NAN;
	else
		c->delta = (c->c[1] / c->c[0] - 1) * 100;
	if (!welch) {
		c->p = stats_mann_whitney_t(ut, s->v[0], s->n[0], s->v[1],
					    s->n[1], NULL);
		c->test = "mann-whitney";
	}
	c->sig = c->p <= cp->alpha;
	if (!c->sig &&
	    (welch ? isnan(c->p) : min_p(s->n[0], s->n[1]) > cp->alpha))
		c->verdict = "insufficient";
	else if (!c->sig || c->delta == 0)
		c->verdict = "~";
	else if ((c->delta < 0) == lower)
		c->verdict = "improved";
	else if (isnan(c->delta) || fabs(c->delta) > cp->max_regression)
		return c->verdict = "regressed", 1;
	else
		c->verdict = "neutral";
	return 0;
}

/* -u: the units compared (all when none is given); budgets see every
 * unit whatever -u says. */
static int unit_compared(const struct comparison *cp, const char *unit)
{
	for (size_t i = 0; i < cp->nunits; i++)
		if (!strcmp(cp->units[i], unit))
			return 1;
	return cp->nunits == 0;
}

/* One core's share of the series: every step-th from first. */
struct share {
	const struct comparison *cp;
	size_t first, step;
	struct stats_utable ut;
	int regressions;
};

static void *compare_share(void *arg)
{
	struct share *sh = arg;

	for (size_t i = sh->first; i < sh->cp->ncmps; i += sh->step) {
		struct cmp *c = &sh->cp->cmps[i];

		if (c->s->n[0] && c->s->n[1])
			sh->regressions += compare_series(sh->cp, c, &sh->ut);
	}
	stats_utable_free(&sh->ut);
	return NULL;
}

/* The two-sided series compared, on two cores when there are two and
 * enough series to share (the U test is most of bt-compare's time); each
 * result is the same whichever core made it. */
static void compare_two_sided(struct comparison *cp)
{
	struct share sh[2] = {{cp, 0, 2, {0}, 0}, {cp, 1, 2, {0}, 0}};
	pthread_t t;
	int two = cp->ncmps >= 64 && util_cores() > 1 &&
		  !pthread_create(&t, NULL, compare_share, &sh[1]);

	if (!two)
		sh[0].step = 1;
	compare_share(&sh[0]);
	if (two)
		pthread_join(t, NULL);
	cp->regressions += sh[0].regressions + sh[1].regressions;
}

static void compare_all(struct comparison *cp)
{
	for (size_t i = 0; i < cp->benches.n; i++) {
		struct bench *b = cp->benches.v[i].value;

		for (size_t j = 0; j < b->ns; j++) {
			struct cmp *c;

			if (!unit_compared(cp, b->s[j].unit))
				continue;

			cp->cmps = xreallocarray(cp->cmps, cp->ncmps + 1,
						 sizeof *cp->cmps);
			c = &cp->cmps[cp->ncmps++];
			memset(c, 0, sizeof *c);
			c->b = b, c->s = &b->s[j];
			if (c->s->n[0] && c->s->n[1])
				continue; /* compare_two_sided's */
			for (int k = 0; k < 2; k++) {
				stats_sort(c->s->v[k], c->s->n[k]);
				c->c[k] = stats_median(c->s->v[k], c->s->n[k]);
				c->lo[k] = c->hi[k] = NAN;
				if (c->s->n[k]) /* the side it has */
					stats_median_ci(c->s->v[k], c->s->n[k],
							CONFIDENCE, &c->lo[k],
							&c->hi[k]);
			}
			c->delta = c->p = NAN;
			c->verdict = c->s->n[0] ? "removed" : "added";
		}
	}
	compare_two_sided(cp);
}

/* Geometric means of the centers of every compared benchmark, per unit. */
static void geomeans(struct comparison *cp)
{
	const struct cmp *cmps = cp->cmps;
	size_t ncmps = cp->ncmps;
	double *x[2];

	x[0] = xmalloc((ncmps + 1) * sizeof(double));
	x[1] = xmalloc((ncmps + 1) * sizeof(double));
	for (size_t i = 0; i < ncmps; i++) {
		const char *u = cmps[i].s->unit;
		size_t j, n = 0;
		struct geo *g;

		for (j = 0; j < cp->ngeos; j++)
			if (!strcmp(cp->geos[j].unit, u))
				break;
		if (j < cp->ngeos)
			continue; /* done already */
		for (j = i; j < ncmps; j++)
			if (!strcmp(cmps[j].s->unit, u) && cmps[j].s->n[0] &&
			    cmps[j].s->n[1]) {
				x[0][n] = cmps[j].c[0];
				x[1][n++] = cmps[j].c[1];
			}
		cp->geos =
		    xreallocarray(cp->geos, cp->ngeos + 1, sizeof *cp->geos);
		g = &cp->geos[cp->ngeos++];
		g->unit = u;
		g->n = n;
		g->g[0] = stats_geomean(x[0], n);
		g->g[1] = stats_geomean(x[1], n);
		g->delta = (g->g[1] / g->g[0] - 1) * 100;
	}
	free(x[0]);
	free(x[1]);
}

static void add_judged(struct comparison *cp, const struct budget *bu,
		       const struct cmp *c, double v, int pass)
{
	cp->judged =
	    xreallocarray(cp->judged, cp->njudged + 1, sizeof *cp->judged);
	cp->judged[cp->njudged++] = (struct judged){bu, c, v, pass};
	if (!pass)
		cp->budget_failures++;
}

static void judge_budgets(struct comparison *cp, const struct budgets *bs)
{
	for (size_t i = 0; bs && i < bs->n; i++) {
		const struct budget *bu = &bs->v[i];
		size_t hits = 0;

		for (size_t j = 0; j < cp->ncmps; j++) {
			const struct cmp *c = &cp->cmps[j];
			double v;

			if (strcmp(c->s->unit, bu->unit) || !c->s->n[1] ||
			    !budget_matches(bu, c->b->suite, c->b->name))
				continue;
			v = budget_value(bu, c->s->v[1], c->s->n[1]);
			add_judged(cp, bu, c, v, budget_pass(bu, v));
			hits++;
		}
		if (!hits) {
			warnx_("%s:%ld: no benchmark of the target matches",
			       bs->file, bu->line);
			add_judged(cp, bu, NULL, NAN, 1);
		}
	}
}

int cmp_side_by_label(struct comparison *cp, const struct rec *rec)
{
	char val[256];
	const char *v = rec_label(rec, cp->by_label, val, sizeof val);

	if (!v)
		return -1;
	for (int i = 0; i < 2; i++) {
		if (!cp->side_value[i])
			cp->side_value[i] = xstrdup(v);
		if (!strcmp(cp->side_value[i], v))
			return i;
	}
	return -2;
}

void comparison_add(struct comparison *cp, const struct rec *rec, int side)
{
	struct bench *b = bench_of(cp, rec);

	for (size_t i = 0; i < rec->r.nmetrics; i++) {
		const struct bt_metric *m = &rec->r.metrics[i];
		struct bt_stats st;
		struct series *s;

		if (!isfinite(m->value))
			continue;
		add_value(s = series_of(b, m), side, m->value);
		if (sumstats_any(rec) &&
		    sumstats_of(rec, m->unit, &st) == SUMSTATS_FOUND) {
			stats_moments_add(&s->mom[side], st.n, st.mean,
					  st.stddev);
			s->nsum[side]++;
		}
	}
}

/* Move side k of fs into s, whose side k is empty. */
static void move_side(struct series *s, struct series *fs, int k)
{
	if (s->n[k] || s->nsum[k])
		die(EXIT_USAGE, "comparison_merge: side %d on both", k);
	free(s->v[k]);
	s->v[k] = fs->v[k], s->n[k] = fs->n[k], s->cap[k] = fs->cap[k];
	s->mom[k] = fs->mom[k], s->nsum[k] = fs->nsum[k];
	fs->v[k] = NULL, fs->n[k] = fs->cap[k] = fs->nsum[k] = 0;
}

void comparison_merge(struct comparison *cp, struct comparison *from)
{
	for (size_t i = 0; i < from->benches.n; i++) {
		struct map_entry *fe = &from->benches.v[i];
		struct map_entry *e =
		    map_get(&cp->benches, fe->key, fe->keylen, NULL);
		struct bench *b = e->value, *fb = fe->value;

		if (!b) { /* new to cp: moved whole */
			e->value = fb, fe->value = NULL;
			continue;
		}
		for (size_t j = 0; j < fb->ns; j++) {
			struct series *fs = &fb->s[j], *s = NULL;

			for (size_t u = 0; u < b->ns && !s; u++)
				if (!strcmp(b->s[u].unit, fs->unit))
					s = &b->s[u];
			if (!s) {
				b->s = xreallocarray(b->s, b->ns + 1,
						     sizeof *b->s);
				s = &b->s[b->ns++];
				memset(s, 0, sizeof *s);
				s->unit = xstrdup(fs->unit);
				s->better = fs->better;
			}
			for (int k = 0; k < 2; k++)
				if (fs->n[k] || fs->nsum[k])
					move_side(s, fs, k);
		}
	}
	cp->last_ = NULL;
}

void comparison_run(struct comparison *cp, const struct budgets *bs)
{
	compare_all(cp);
	for (size_t k = 0; k < cp->nunits; k++) {
		size_t i = 0;

		while (i < cp->ncmps &&
		       strcmp(cp->cmps[i].s->unit, cp->units[k]))
			i++;
		if (i == cp->ncmps)
			warnx_("-u %s: no sample has that unit", cp->units[k]);
	}
	geomeans(cp);
	judge_budgets(cp, bs);
}

void comparison_free(struct comparison *cp)
{
	for (size_t i = 0; i < cp->benches.n; i++) {
		struct bench *b = cp->benches.v[i].value;

		for (size_t j = 0; b && j < b->ns; j++) {
			free(b->s[j].unit);
			free(b->s[j].v[0]);
			free(b->s[j].v[1]);
		}
		if (b) {
			free(b->s);
			free(b->suite);
			free(b->name);
			free(b->labels);
			free(b);
		}
		cp->benches.v[i].value = NULL;
	}
	map_free(&cp->benches, NULL);
	free(cp->cmps);
	free(cp->geos);
	free(cp->judged);
	free(cp->side_value[0]);
	free(cp->side_value[1]);
	buf_free(&cp->key_);
	buf_free(&cp->raw_);
	buf_free(&cp->last_raw_);
}

/* --- the results as JSON (docs/records.md) -------------------------------- */

static void side_json(struct buf *out, const struct cmp *c, int i)
{
	buf_addlit(out, "{\"n\":");
	json_int(out, cmp_side_n(c, i));
	buf_addlit(out, ",\"center\":");
	json_num(out, c->c[i]);
	buf_addlit(out, ",\"lo\":");
	json_num(out, c->lo[i]);
	buf_addlit(out, ",\"hi\":");
	json_num(out, c->hi[i]);
	buf_addc(out, '}');
}

void cmp_change_json(struct buf *out, const struct comparison *cp,
		     const struct cmp *c)
{
	const struct bench *b = c->b;

	if (*b->suite) {
		buf_addlit(out, "\"suite\":");
		json_cstr(out, b->suite);
		buf_addc(out, ',');
	}
	buf_addlit(out, "\"name\":");
	json_cstr(out, b->name);
	if (b->procs) {
		buf_addlit(out, ",\"procs\":");
		json_int(out, b->procs);
	}
	if (b->labels) {
		buf_addlit(out, ",\"labels\":");
		buf_add(out, b->labels, strlen(b->labels));
	}
	buf_addlit(out, ",\"unit\":");
	json_cstr(out, c->s->unit);
	buf_addlit(out, ",\"better\":");
	json_cstr(out, unit_better(c->s->unit, c->s->better) == BT_BETTER_LOWER
			   ? "lower"
			   : "higher");
	buf_addlit(out, ",\"baseline\":");
	side_json(out, c, 0);
	buf_addlit(out, ",\"target\":");
	side_json(out, c, 1);
	buf_addlit(out, ",\"delta_percent\":");
	json_num(out, c->delta);
	buf_addlit(out, ",\"direction\":");
	json_cstr(out, cmp_direction(c->s, c->delta));
	buf_addlit(out, ",\"test\":");
	json_cstr(out, c->test);
	buf_addlit(out, ",\"p_value\":");
	json_num(out, c->p);
	buf_addlit(out, ",\"alpha\":");
	json_num(out, cp->alpha);
	buf_addlit(out, ",\"confidence\":");
	json_num(out, CMP_CONFIDENCE);
	buf_addlit(out, ",\"verdict\":");
	json_cstr(out, c->verdict);
}

void cmp_geo_json(struct buf *out, const struct geo *g)
{
	buf_addlit(out, "\"geomean\":true,\"unit\":");
	json_cstr(out, g->unit);
	buf_addlit(out, ",\"n\":");
	json_int(out, (long long)g->n);
	buf_addlit(out, ",\"baseline\":{\"center\":");
	json_num(out, g->g[0]);
	buf_addlit(out, "},\"target\":{\"center\":");
	json_num(out, g->g[1]);
	buf_addlit(out, "},\"delta_percent\":");
	json_num(out, g->delta);
}

void cmp_judged_json(struct buf *out, const struct judged *j)
{
	buf_addlit(out, "\"rule\":");
	{
		char r[512];

		snprintf(r, sizeof r, "%s %s %s %s %.17g", j->bu->pattern,
			 j->bu->stat, j->bu->unit, j->bu->op, j->bu->limit);
		json_cstr(out, r);
	}
	if (j->c) {
		buf_addlit(out, ",\"name\":");
		json_cstr(out, j->c->b->name);
		if (*j->c->b->suite) {
			buf_addlit(out, ",\"suite\":");
			json_cstr(out, j->c->b->suite);
		}
	}
	buf_addlit(out, ",\"stat\":");
	json_cstr(out, j->bu->stat);
	buf_addlit(out, ",\"unit\":");
	json_cstr(out, j->bu->unit);
	buf_addlit(out, ",\"op\":");
	json_cstr(out, j->bu->op);
	buf_addlit(out, ",\"limit\":");
	json_num(out, j->bu->limit);
	buf_addlit(out, ",\"value\":");
	json_num(out, j->value);
	buf_addlit(out, ",\"verdict\":");
	json_cstr(out, !j->c ? "no data" : j->pass ? "pass" : "fail");
}
