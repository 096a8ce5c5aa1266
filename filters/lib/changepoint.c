/*
 * changepoint.c — benchtrack's change-point method (changepoint.h).
 * Owned by the history helper; docs/history.md describes the method and
 * how its defaults were chosen.
 *
 * Everything works on the series standardised by its robust noise scale
 * σ (z = (y − median) / σ), so the penalty and the tests need no units and
 * prefix sums of huge values (a GDP, 1e15) lose no precision.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "changepoint.h"
#include "stats.h"
#include "util.h"

#define NEAR	   3	/* runs either side an outlier is compared with */
#define KINK	   5	/* runs after a drift that show whether it goes on */
#define LOCAL	   30	/* runs either side of a change its test looks at */
#define PHI_MAX	   0.95 /* the largest serial correlation believed */
#define LONG_MIN_N 40	/* fewer runs cannot tell correlation from steps */
#define DRIFT	   2.5	/* a line may cost this × log n more than a step */

void cp_defaults(struct cp_opts *o)
{
	o->alpha = 0.001;
	o->min_change = 0.01;
	o->penalty = 3;
	o->min_seg = 3;
	o->outlier = 5;
}

/* Median of x[0..n), copied (x is left alone). */
static double median_of(const double *x, size_t n)
{
	double *t, m;

	if (!n)
		return NAN;
	t = xmalloc(n * sizeof *t);
	memcpy(t, x, n * sizeof *t);
	stats_sort(t, n);
	m = stats_median(t, n);
	free(t);
	return m;
}

static double mad(double *x, size_t n)
{
	double m;
	size_t i;

	stats_sort(x, n);
	m = stats_median(x, n);
	for (i = 0; i < n; i++)
		x[i] = fabs(x[i] - m);
	stats_sort(x, n);
	return stats_median(x, n);
}

double cp_noise(const double *y, size_t n)
{
	double *d, s = 0;
	size_t i;

	if (n < 2)
		return 0;
	d = xmalloc(n * sizeof *d);
	for (i = 0; i + 1 < n; i++)
		d[i] = y[i + 1] - y[i];
	s = 1.4826 * mad(d, n - 1) / M_SQRT2;
	if (!(s > 0)) { /* most differences 0: quantised values */
		for (i = 0; i + 1 < n; i++)
			s += d[i];
		s = 1.2533 * s / (double)(n - 1) / M_SQRT2;
	}
	if (!(s > 0)) {
		memcpy(d, y, n * sizeof *d);
		s = 1.4826 * mad(d, n);
	}
	free(d);
	return s > 0 && isfinite(s) ? s : 0;
}

/* --- prefix sums: O(1) cost of any segment ------------------------------- */

struct sums {
	double *s, *s2, *st, *t2; /* Σz, Σz², Σtz, Σt² over [0, i) */
};

static void sums_make(struct sums *p, const double *z, size_t m)
{
	size_t i;

	p->s = xcalloc(m + 1, sizeof *p->s);
	p->s2 = xcalloc(m + 1, sizeof *p->s2);
	p->st = xcalloc(m + 1, sizeof *p->st);
	p->t2 = xcalloc(m + 1, sizeof *p->t2);
	for (i = 0; i < m; i++) {
		p->s[i + 1] = p->s[i] + z[i];
		p->s2[i + 1] = p->s2[i] + z[i] * z[i];
		p->st[i + 1] = p->st[i] + (double)i * z[i];
		p->t2[i + 1] = p->t2[i] + (double)i * i;
	}
}

static void sums_free(struct sums *p)
{
	free(p->s);
	free(p->s2);
	free(p->st);
	free(p->t2);
}

/* Squared error of [a, b) about its mean. */
static double cost_mean(const struct sums *p, size_t a, size_t b)
{
	double n = (double)(b - a), s = p->s[b] - p->s[a];
	double c = p->s2[b] - p->s2[a] - s * s / n;

	return c > 0 ? c : 0;
}

/* Squared error of [a, b) about its least-squares line; *slope set. */
static double cost_line(const struct sums *p, size_t a, size_t b, double *slope)
{
	double n = (double)(b - a), sz = p->s[b] - p->s[a];
	double st = (double)(a + b - 1) * n / 2; /* Σt */
	double stt = p->t2[b] - p->t2[a] - st * st / n;
	double stz = p->st[b] - p->st[a] - st * sz / n;
	double c;

	*slope = stt > 0 ? stz / stt : 0;
	c = cost_mean(p, a, b) - (stt > 0 ? stz * stz / stt : 0);
	return c > 0 ? c : 0;
}

/* --- segmentation ----------------------------------------------------------
 */

struct seg {
	size_t a, b; /* [a, b) in the cleaned series */
	int line;    /* a straight line explains it (a drift candidate) */
};

static int by_start(const void *x, const void *y)
{
	const struct seg *s = x, *t = y;

	return s->a < t->a ? -1 : s->a > t->a;
}

/* Binary segmentation of z[0..m) with a squared-error cost: split [a, b)
 * where it gains most while the gain beats pen.  Returns the segments in
 * order, in *out. */
static size_t binseg(const struct sums *p, size_t m, size_t min_seg, double pen,
		     struct seg **out)
{
	struct seg *v = xmalloc(sizeof *v), *todo = xmalloc(sizeof *todo);
	size_t nv = 0, cv = 1, nt = 1, ct = 1;

	todo[0].a = 0;
	todo[0].b = m;
	while (nt) {
		struct seg s = todo[--nt];
		double whole = cost_mean(p, s.a, s.b), best = 0;
		size_t k, at = 0;

		for (k = s.a + min_seg; k + min_seg <= s.b; k++) {
			double g =
			    whole - cost_mean(p, s.a, k) - cost_mean(p, k, s.b);

			if (g > best) {
				best = g;
				at = k;
			}
		}
		if (at && best > pen) {
			if (nt + 2 > ct) {
				ct = 2 * ct + 2;
				todo = xreallocarray(todo, ct, sizeof *todo);
			}
			todo[nt++] = (struct seg){s.a, at, 0};
			todo[nt++] = (struct seg){at, s.b, 0};
			continue;
		}
		if (nv == cv) {
			cv *= 2;
			v = xreallocarray(v, cv, sizeof *v);
		}
		v[nv++] = s;
	}
	free(todo);
	qsort(v, nv, sizeof *v, by_start);
	*out = v;
	return nv;
}

static double seg_cost(const struct sums *p, const struct seg *s)
{
	double slope;

	return s->line ? cost_line(p, s->a, s->b, &slope)
		       : cost_mean(p, s->a, s->b);
}

/* Fold neighbours that one straight line explains about as well as the
 * step between them (a staircase cut out of a drift). */
static size_t fold_lines(const struct sums *p, struct seg *v, size_t nv,
			 double slack)
{
	while (nv > 1) {
		double best = INFINITY, slope;
		size_t j, at = 0;

		for (j = 0; j + 1 < nv; j++) {
			double x = cost_line(p, v[j].a, v[j + 1].b, &slope) -
				   seg_cost(p, &v[j]) - seg_cost(p, &v[j + 1]);

			if (x < best) {
				best = x;
				at = j;
			}
		}
		if (best >= slack)
			break;
		v[at].b = v[at + 1].b;
		v[at].line = 1;
		memmove(v + at + 1, v + at + 2, (nv - at - 2) * sizeof *v);
		nv--;
	}
	return nv;
}

/* --- the test of a change --------------------------------------------------
 */

/* Least-squares line of z over [a, b): its value at t and that value's
 * variance factor (× σ²). */
static double line_at(const double *z, size_t a, size_t b, double t,
		      double *var)
{
	double n = (double)(b - a), tm = (double)(a + b - 1) / 2, sz = 0,
	       stz = 0, stt = 0;
	size_t i;

	for (i = a; i < b; i++) {
		sz += z[i];
		stz += ((double)i - tm) * z[i];
		stt += ((double)i - tm) * ((double)i - tm);
	}
	*var = 1 / n + (stt > 0 ? (t - tm) * (t - tm) / stt : 0);
	return sz / n + (stt > 0 ? stz / stt * (t - tm) : 0);
}

/* The test of the cut between v[j] and v[j+1], on z (σ = 1), looking at
 * most LOCAL runs each side: a z test of the medians when both sides are
 * level, of the jump between their fitted lines at the cut when one
 * drifts (a change of slope is not a change).  *rel is the relative
 * change in y's units (mid and sigma map z back to y). */
static double cut_test(const double *z, const double *y, const struct seg *v,
		       size_t j, double mid, double sigma, double *rel)
{
	size_t c = v[j + 1].a;
	size_t a = c - v[j].a > LOCAL ? c - LOCAL : v[j].a;
	size_t b = v[j + 1].b - c > LOCAL ? c + LOCAL : v[j + 1].b;
	double y1, y2, d, se;

	if ((v[j].line || v[j + 1].line) && c - a >= 3 && b - c >= 3) {
		double v1, v2, l1 = line_at(z, a, c, (double)c - 0.5, &v1);
		double l2 = line_at(z, c, b, (double)c - 0.5, &v2);

		d = l2 - l1;
		se = sqrt(v1 + v2);
		y1 = mid + sigma * l1;
		y2 = mid + sigma * l2;
	} else {
		double m1 = median_of(z + a, c - a),
		       m2 = median_of(z + c, b - c);

		d = m2 - m1;
		se = 1.2533 * sqrt(1.0 / (c - a) + 1.0 / (b - c));
		y1 = median_of(y + a, c - a);
		y2 = median_of(y + c, b - c);
	}
	*rel = y1 == 0 ? (y2 == 0 ? 0 : INFINITY) : fabs(y2 / y1 - 1);
	return 2 * stats_norm_cdf(-fabs(d) / se);
}

/* Drop the weakest cut while one fails the test or the minimum change. */
static size_t prune(const double *z, const double *y, struct seg *v, size_t nv,
		    double mid, double sigma, const struct cp_opts *o)
{
	while (nv > 1) {
		double worst = -1, rel;
		size_t j, at = 0;

		for (j = 0; j + 1 < nv; j++) {
			double p = cut_test(z, y, v, j, mid, sigma, &rel);
			/* how far it is from passing: failures rank first */
			double bad = p > o->alpha	   ? 2 + p
				     : rel < o->min_change ? 1 + (1 - rel)
							   : -1;

			if (bad > worst) {
				worst = bad;
				at = j;
			}
		}
		if (worst < 0)
			break;
		v[at].b = v[at + 1].b;
		v[at].line = v[at].line || v[at + 1].line;
		memmove(v + at + 1, v + at + 2, (nv - at - 2) * sizeof *v);
		nv--;
	}
	return nv;
}

/* Robust scale: the MAD of x (copied), normal-consistent. */
static double rscale(const double *x, size_t n)
{
	double *t = xmalloc(n * sizeof *t), s;

	memcpy(t, x, n * sizeof *t);
	s = 1.4826 * mad(t, n);
	free(t);
	return s;
}

double cp_longrun(const double *y, size_t n)
{
	double *u, *w, su, sw, r, phi;
	size_t i;

	if (n < LONG_MIN_N)
		return 1;
	u = xmalloc(n * sizeof *u);
	w = xmalloc(n * sizeof *w);
	/* Gnanadesikan–Kettenring correlation of successive differences
	 * d[t], d[t+1]: −1/2 for independent noise, 0 for a random walk */
	for (i = 0; i + 2 < n; i++) {
		double d0 = y[i + 1] - y[i], d1 = y[i + 2] - y[i + 1];

		u[i] = d0 + d1;
		w[i] = d0 - d1;
	}
	su = rscale(u, n - 2);
	sw = rscale(w, n - 2);
	if (!(su > 0 && sw > 0)) { /* quantised: most differences 0 */
		su = sw = 0;
		for (i = 0; i + 2 < n; i++) {
			su += u[i] * u[i];
			sw += w[i] * w[i];
		}
		su = sqrt(su);
		sw = sqrt(sw);
	}
	free(u);
	free(w);
	if (!(su + sw > 0))
		return 1;
	r = (su * su - sw * sw) / (su * su + sw * sw);
	phi = 1 + 2 * r; /* the AR(1) coefficient that gives that */
	phi = phi < 0 ? 0 : phi > PHI_MAX ? PHI_MAX : phi;
	return sqrt(1 + phi) / (1 - phi);
}

/* --- putting it together ---------------------------------------------------
 */

static void seg_stats(const double *y, size_t a, size_t b, struct cp_seg *g)
{
	size_t i;
	double s = 0;

	for (i = a; i < b; i++)
		s += y[i];
	g->n = b - a;
	g->mean = s / (double)(b - a);
	g->median = median_of(y + a, b - a);
}

static struct cp_event *push(struct cp_event **ev, size_t *n, size_t *cap)
{
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 8;
		*ev = xreallocarray(*ev, *cap, sizeof **ev);
	}
	memset(&(*ev)[*n], 0, sizeof **ev);
	(*ev)[*n].p = NAN;
	return &(*ev)[(*n)++];
}

/* Mark single-run outliers of y (σ the noise): a run further than
 * o->outlier σ, in the same direction, from the medians of the NEAR runs
 * before and after it.  The first and last runs are never outliers (one
 * side is missing: a change and an outlier look the same there). */
static size_t outliers(const double *y, size_t n, double sigma,
		       const struct cp_opts *o, char *out, struct cp_event **ev,
		       size_t *nev, size_t *cap)
{
	size_t i, k = 0;

	for (i = 1; i + 1 < n; i++) {
		size_t a = i > NEAR ? i - NEAR : 0;
		size_t b = i + 1 + NEAR < n ? i + 1 + NEAR : n;
		double l = median_of(y + a, i - a),
		       r = median_of(y + i + 1, b - i - 1);
		double dl = y[i] - l, dr = y[i] - r, lvl = (l + r) / 2;
		double d = fmin(fabs(dl), fabs(dr));
		struct cp_event *e;

		if (dl * dr <= 0 || d <= o->outlier * sigma ||
		    (lvl != 0 && d / fabs(lvl) < o->min_change))
			continue;
		out[i] = 1;
		k++;
		e = push(ev, nev, cap);
		e->kind = CP_OUTLIER;
		e->index = e->end = e->prev = i;
		e->value = y[i];
		e->expected = lvl;
		e->delta = lvl == 0 ? NAN : y[i] / lvl - 1;
	}
	return k;
}

/* Whether the runs of [a, b) nearest to the drifting segment d (at most
 * KINK of them) lie on d's line carried on: no significant jump. */
static int continues(const double *z, const struct seg *d, size_t a, size_t b,
		     double alpha)
{
	size_t k = b - a < KINK ? b - a : KINK;
	size_t s = a >= d->b ? a : b - k; /* the side next to d */
	double t = (double)s + (double)(k - 1) / 2, var, l, m;

	l = line_at(z, d->a, d->b, t, &var);
	m = median_of(z + s, k);
	return 2 * stats_norm_cdf(-fabs(m - l) /
				  sqrt(1.2533 * 1.2533 / (double)k + var)) >
	       alpha;
}

/* Whether z[a..b) drifts: its least-squares line has a significant slope
 * (σ = 1) and changes by at least the minimum; the event in *e. */
/* Where in [a, b) the drift happens: the knots a' < b' of the continuous
 * level – ramp – level shape that fits z best (least squares, knots on a
 * grid of about 60 steps), and its two levels. */
static void ramp(const struct sums *p, size_t a, size_t b, size_t *ra,
		 size_t *rb, double *l1, double *l2)
{
	size_t len = b - a, step = len / 60 ? len / 60 : 1, x, y;
	double n = (double)len, sz = p->s[b] - p->s[a];
	double szz = p->s2[b] - p->s2[a] - sz * sz / n, best = INFINITY;

	*ra = a;
	*rb = b;
	*l1 = *l2 = sz / n;
	for (x = a; x + 2 <= b; x += step)
		for (y = x + 2; y <= b; y += step) {
			double m = (double)(y - x), L = m; /* ramp x..y−1 */
			double st = (double)(x + y - 1) * m / 2;
			double stt = p->t2[y] - p->t2[x];
			double g = (double)(b - y) + (st - x * m) / L;
			double gg =
			    (double)(b - y) +
			    (stt - 2 * x * st + (double)x * x * m) / (L * L);
			double gz =
			    p->s[b] - p->s[y] +
			    (p->st[y] - p->st[x] - x * (p->s[y] - p->s[x])) / L;
			double sgg = gg - g * g / n, sgz = gz - g * sz / n;
			double rss = sgg > 0 ? szz - sgz * sgz / sgg : szz;

			if (sgg > 0 && rss < best) {
				best = rss;
				*ra = x;
				*rb = y;
				*l2 = sgz / sgg; /* the rise, for now */
				*l1 = (sz - *l2 * g) / n;
				*l2 += *l1;
			}
		}
}

static int drift(const struct sums *ps, size_t a, size_t b, double mid,
		 double sigma, const struct cp_opts *o, struct cp_event *e,
		 size_t *ra, size_t *rb)
{
	double l1, l2;

	size_t len = b - a;
	double stt = (double)len * ((double)len * len - 1) / 12, slope, p;
	double zm, tm, lo, hi;

	if (len < 2 * (o->min_seg ? o->min_seg : 1))
		return 0;
	cost_line(ps, a, b, &slope);
	p = 2 * stats_norm_cdf(-fabs(slope) * sqrt(stt));
	/* the line's values at the ends, back in y's units */
	zm = (ps->s[b] - ps->s[a]) / (double)len;
	tm = (double)(a + b - 1) / 2;
	lo = mid + sigma * (zm + slope * ((double)a - tm));
	hi = mid + sigma * (zm + slope * ((double)(b - 1) - tm));
	if (p > o->alpha || lo == 0 || fabs(hi / lo - 1) < o->min_change)
		return 0;
	/* report the ramp within the segment, and its levels */
	ramp(ps, a, b, ra, rb, &l1, &l2);
	if (*rb - *ra >= 2 && mid + sigma * l1 != 0) {
		lo = mid + sigma * l1;
		hi = mid + sigma * l2;
	} else {
		*ra = a;
		*rb = b;
	}
	memset(e, 0, sizeof *e);
	e->kind = CP_DRIFT;
	e->before.n = e->after.n = *rb - *ra;
	e->before.mean = e->before.median = lo;
	e->after.mean = e->after.median = hi;
	e->delta = hi / lo - 1;
	e->p = p;
	return 1;
}

static int by_event(const void *x, const void *y)
{
	const struct cp_event *a = x, *b = y;

	return a->index < b->index ? -1 : a->index > b->index;
}

size_t cp_detect(const double *y, size_t n, const struct cp_opts *o,
		 struct cp_event **out)
{
	struct cp_event *ev = NULL;
	size_t nev = 0, cap = 0, m = 0, i, j, nv;
	double sigma = cp_noise(y, n), mid, pen;
	int *dir;
	char *drop;
	size_t *idx;
	double *z, *yc;
	struct sums ps;
	struct seg *v;

	*out = NULL;
	if (n < 2 || sigma == 0) /* too short, or constant */
		return 0;
	drop = xcalloc(n, 1);
	outliers(y, n, sigma, o, drop, &ev, &nev, &cap);
	idx = xmalloc(n * sizeof *idx);
	yc = xmalloc(n * sizeof *yc);
	z = xmalloc(n * sizeof *z);
	for (i = 0; i < n; i++)
		if (!drop[i]) {
			idx[m] = i;
			yc[m++] = y[i];
		}
	mid = median_of(yc, m);
	/* the noise again without the outliers (they are big differences) */
	if (m < n && cp_noise(yc, m) > 0)
		sigma = cp_noise(yc, m);
	pen = o->penalty * log((double)(m > 2 ? m : 2));
	/* Serially correlated noise (a history that moves in slow waves)
	 * makes any two stretches differ: widen σ to the long-run scale. */
	sigma *= cp_longrun(yc, m);
	for (j = 0; j < m; j++)
		z[j] = (yc[j] - mid) / sigma;
	sums_make(&ps, z, m);
	nv = binseg(&ps, m, o->min_seg ? o->min_seg : 1, pen, &v);
	nv = fold_lines(&ps, v, nv, DRIFT * log((double)(m > 2 ? m : 2)));
	nv = prune(z, yc, v, nv, mid, sigma, o);
	dir = xcalloc(nv, sizeof *dir);
	for (j = 0; j < nv; j++) {
		struct cp_event d;
		size_t ra, rb;

		if (!drift(&ps, v[j].a, v[j].b, mid, sigma, o, &d, &ra, &rb))
			continue;
		dir[j] = d.delta > 0 ? 1 : -1;
		d.index = d.prev = idx[ra];
		d.end = idx[rb - 1];
		*push(&ev, &nev, &cap) = d;
	}
	for (j = 1; j < nv; j++) { /* a change from v[j-1] to v[j] */
		struct cp_event *e, c = {0};
		double rel;
		int sign;

		c.kind = CP_CHANGE;
		c.index = c.end = idx[v[j].a];
		c.prev = idx[v[j].a - 1];
		seg_stats(yc, v[j - 1].a, v[j - 1].b, &c.before);
		seg_stats(yc, v[j].a, v[j].b, &c.after);
		c.p = cut_test(z, yc, v, j - 1, mid, sigma, &rel);
		c.delta = c.before.median == 0
			      ? NAN
			      : c.after.median / c.before.median - 1;
		/* a step that goes on the way a drift beside it goes is the
		 * drift's start or end, not a change of its own */
		sign = c.delta > 0 ? 1 : -1;
		if ((v[j - 1].line && dir[j - 1] == sign &&
		     continues(z, &v[j - 1], v[j].a, v[j].b, o->alpha)) ||
		    (v[j].line && dir[j] == sign &&
		     continues(z, &v[j], v[j - 1].a, v[j - 1].b, o->alpha)))
			continue;
		e = push(&ev, &nev, &cap);
		*e = c;
	}
	free(dir);
	if (nev)
		qsort(ev, nev, sizeof *ev, by_event);
	sums_free(&ps);
	free(v);
	free(drop);
	free(idx);
	free(yc);
	free(z);
	*out = ev;
	return nev;
}
