/*
 * bt-compare — did it get faster or slower?
 *
 * Two sides of samples — two files (like benchstat), one stream split by a
 * label (--by), or a baseline file against stdin — are grouped by benchmark
 * identity and unit.  Each pair is summarised by its median and the
 * median's confidence interval and tested with the Mann–Whitney U test
 * (stats.h: benchstat's methods, so verdicts agree with benchstat's);
 * pairs of summary-only samples (a tool's mean, stddev and count: see
 * sumstats.h) by Welch's t-test on those statistics instead.  The
 * regression policy (--max-regression, --fail-on-regression) and absolute
 * budgets (--budget FILE) turn the numbers into an exit status for CI.
 *
 * Memory holds the values of every benchmark of both sides: a comparison
 * needs them all before it can say anything.
 */
#include <errno.h>
#include <fnmatch.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "map.h"
#include "record.h"
#include "runid.h"
#include "stats.h"
#include "sumstats.h"
#include "text.h"
#include "util.h"

#define CONFIDENCE 0.95

static double alpha = 0.05, max_regression = 10;
static int fail_on_regression;
static const char *by_label, *baseline_file, *budget_file, *format;
static const char *side_name[2], *name_opt[2]; /* --*-name */
static char *side_value[2]; /* --by: the label's two values (owned) */

/* Values of one unit of one benchmark, per side. */
struct series {
	char *unit; /* owned */
	int better; /* enum bt_better */
	double *v[2];
	size_t n[2], cap[2];
	struct stats_moments mom[2]; /* summary-only samples' stats, pooled */
	size_t nsum[2];		     /* values that came with them */
};

/* One benchmark: its identity for output and its series. */
struct bench {
	char *suite, *name; /* owned */
	long procs;
	char *labels; /* owned JSON object text, or NULL */
	struct series *s;
	size_t ns;
};

static struct map benches;
static struct stats_utable utable; /* exact U distribution, reused */
static struct buf keybuf;

/* The result of comparing one series; see the change record. */
struct cmp {
	struct bench *b;
	struct series *s;
	double c[2], lo[2], hi[2], delta, p;
	int sig;
	const char *verdict, *test;
};

static struct cmp *cmps;
static size_t ncmps;
static int regressions, budget_failures;

static char *dupstr(struct bt_str s)
{
	return xstrndup(s.s ? s.s : "", s.n);
}

/* The label that tells the sides apart and so is no part of a benchmark's
 * identity: --by's, else "version" (bt-collect and bt-run -l version=…
 * label each side with it). */
static const char *identity_skip(void)
{
	return by_label ? by_label : "version";
}

static void labels_json(struct buf *b, const struct bt_record *r)
{
	const char *skip = identity_skip();
	int first = 1;

	for (size_t i = 0; i < r->nlabels; i++) {
		const struct bt_label *l = &r->labels[i];

		if (l->key.n == strlen(skip) &&
		    !memcmp(l->key.s, skip, l->key.n))
			continue;
		buf_addc(b, first ? '{' : ',');
		first = 0;
		json_str(b, l->key.s, l->key.n);
		buf_addc(b, ':');
		json_str(b, l->value.s, l->value.n);
	}
	if (!first)
		buf_addc(b, '}');
}

/* The benchmark of rec, created on first sight.  Caller owns nothing. */
static struct bench *bench_of(const struct rec *rec)
{
	/* the samples of a benchmark come in runs: remember the last one */
	static struct buf raw, last_raw;
	static struct bench *last;
	struct map_entry *e;
	struct bench *b;
	struct buf lj = {0}, swap;

	raw.len = 0;
	rec_raw_identity(&raw, &rec->r);
	if (last && raw.len == last_raw.len &&
	    !memcmp(raw.p, last_raw.p, raw.len))
		return last;
	swap = last_raw, last_raw = raw, raw = swap;
	keybuf.len = 0;
	rec_identity(&keybuf, &rec->r, 1, identity_skip());
	e = map_get(&benches, keybuf.p, keybuf.len, NULL);
	if (e->value)
		return last = e->value;
	last = b = e->value = xcalloc(1, sizeof *b);
	b->suite = dupstr(rec->r.suite);
	b->name = dupstr(rec->r.name);
	b->procs = rec->r.procs;
	labels_json(&lj, &rec->r);
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

/* Which side a record of the --by stream is on: 0, 1, or -1 (no label). */
static int side_by_label(const struct rec *rec)
{
	char val[256];
	const char *v = rec_label(rec, by_label, val, sizeof val);

	if (!v)
		return -1;
	for (int i = 0; i < 2; i++) {
		if (!side_value[i])
			side_value[i] = xstrdup(v);
		if (!strcmp(side_value[i], v))
			return i;
	}
	return -2;
}

struct reading {
	int side; /* 0, 1, or -1 for --by */
};

static struct buf out; /* what goes to stdout */
static void flush_out(void);
static void spill(void);

/* A kind bt-compare does not know passes through as read, ahead of the
 * changes (docs/records.md), when the output is records. */
static void pass_through(const struct rec *rec)
{
	if (format && strcmp(format, "records"))
		return;
	buf_add(&out, rec->line.s, rec->line.n);
	buf_addc(&out, '\n');
	spill();
}

/* --baseline-run/--target-run (docs/records.md: many runs): the run each
 * side takes its samples from, and what runs each side held. */
#define SIDE_BY_RUN (-3)
static const char *run_sel[2];
static struct runid_seen side_runs[2];

/* The side a sample goes to by its run, or -1 to leave it out. */
static int side_of_run(const struct rec *rec, int side)
{
	if (side == SIDE_BY_RUN)
		return runid_match(rec, run_sel[0])   ? 0
		       : runid_match(rec, run_sel[1]) ? 1
						      : -1;
	if (run_sel[side] && !runid_match(rec, run_sel[side]))
		return -1;
	runid_note(&side_runs[side], rec);
	return side;
}

static int read_rec(void *ctx, const struct rec *rec)
{
	struct reading *rd = ctx;
	int side = rd->side;
	struct bench *b;

	if (rec->r.kind == 0 && rec->line.n)
		pass_through(rec);
	if (rec->r.kind != BT_KIND_SAMPLE)
		return 0;
	if (side == SIDE_BY_RUN && (side = side_of_run(rec, side)) < 0)
		return 0;
	if (side < 0) {
		side = side_by_label(rec);
		if (side == -1)
			return 0;
		if (side == -2) {
			warnx_("%s:%ld: a third value of label '%s'; "
			       "bt-compare compares two",
			       rec->file, rec->lineno, by_label);
			return EXIT_USAGE;
		}
	}
	if (side_of_run(rec, side) < 0)
		return 0;
	b = bench_of(rec);
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
	return 0;
}

/* --- comparing ------------------------------------------------------------ */

/* ns/op and its kin (bt-run's user-ns/op, sys-ns/op). */
static int is_time_unit(const char *u)
{
	size_t n = strlen(u);

	return (n >= 5 && !strcmp(u + n - 5, "ns/op")) ||
	       !strcmp(u, "sec/op") || !strcmp(u, "ns") || !strcmp(u, "s");
}

static const char *direction(const struct series *s, double delta)
{
	int t = is_time_unit(s->unit);

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

static void compare_series(struct cmp *c)
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
		c->p = stats_mann_whitney_t(&utable, s->v[0], s->n[0], s->v[1],
					    s->n[1], NULL);
		c->test = "mann-whitney";
	}
	c->sig = c->p <= alpha;
	if (!c->sig && (welch ? isnan(c->p) : min_p(s->n[0], s->n[1]) > alpha))
		c->verdict = "insufficient";
	else if (!c->sig || c->delta == 0)
		c->verdict = "~";
	else if ((c->delta < 0) == lower)
		c->verdict = "improved";
	else if (isnan(c->delta) || fabs(c->delta) > max_regression)
		c->verdict = "regressed", regressions++;
	else
		c->verdict = "neutral";
}

/* -u: the units compared (all when none is given); budgets see every
 * unit whatever -u says. */
static const char **units;
static size_t nunits;

static int unit_compared(const char *unit)
{
	for (size_t i = 0; i < nunits; i++)
		if (!strcmp(units[i], unit))
			return 1;
	return nunits == 0;
}

static void compare_all(void)
{
	for (size_t i = 0; i < benches.n; i++) {
		struct bench *b = benches.v[i].value;

		for (size_t j = 0; j < b->ns; j++) {
			struct cmp *c;

			if (!unit_compared(b->s[j].unit))
				continue;

			cmps = xreallocarray(cmps, ncmps + 1, sizeof *cmps);
			c = &cmps[ncmps++];
			memset(c, 0, sizeof *c);
			c->b = b, c->s = &b->s[j];
			if (c->s->n[0] && c->s->n[1]) {
				compare_series(c);
				continue;
			}
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
}

/* Geometric means of the centers of every compared benchmark of unit. */
struct geo {
	const char *unit;
	double g[2], delta;
	size_t n;
};

static struct geo *geos;
static size_t ngeos;

static void geomeans(void)
{
	double *x[2];

	x[0] = xmalloc((ncmps + 1) * sizeof(double));
	x[1] = xmalloc((ncmps + 1) * sizeof(double));
	for (size_t i = 0; i < ncmps; i++) {
		const char *u = cmps[i].s->unit;
		size_t j, n = 0;

		for (j = 0; j < ngeos; j++)
			if (!strcmp(geos[j].unit, u))
				break;
		if (j < ngeos)
			continue; /* done already */
		for (j = i; j < ncmps; j++)
			if (!strcmp(cmps[j].s->unit, u) && cmps[j].s->n[0] &&
			    cmps[j].s->n[1]) {
				x[0][n] = cmps[j].c[0];
				x[1][n++] = cmps[j].c[1];
			}
		geos = xreallocarray(geos, ngeos + 1, sizeof *geos);
		geos[ngeos].unit = u;
		geos[ngeos].n = n;
		geos[ngeos].g[0] = stats_geomean(x[0], n);
		geos[ngeos].g[1] = stats_geomean(x[1], n);
		geos[ngeos].delta =
		    (geos[ngeos].g[1] / geos[ngeos].g[0] - 1) * 100;
		ngeos++;
	}
	free(x[0]);
	free(x[1]);
}

/* --- budgets -------------------------------------------------------------- */

/* One budget line: [PATTERN] [STAT] METRIC OP LIMIT[SUFFIX]. */
struct budget {
	char *pattern, *stat, *unit; /* owned */
	char op[3];
	double limit;
	long line;
};

static struct budget *budgets;
static size_t nbudgets;

static const char *const stat_words[] = {
    "median", "mean", "min", "max", "p50", "p90", "p95", "p99", NULL,
};

static int is_stat(const char *w)
{
	for (int i = 0; stat_words[i]; i++)
		if (!strcmp(w, stat_words[i]))
			return 1;
	return 0;
}

/* Scale of a limit's suffix for the budget's unit; 0 when unknown. */
static double suffix_scale(const char *sfx, const char *unit)
{
	static const struct {
		const char *s;
		double time, size;
	} t[] = {
	    {"", 1, 1},		 {"ns", 1, 0},		 {"us", 1e3, 0},
	    {"µs", 1e3, 0},	 {"ms", 1e6, 0},	 {"s", 1e9, 0},
	    {"B", 0, 1},	 {"KB", 0, 1e3},	 {"kB", 0, 1e3},
	    {"MB", 0, 1e6},	 {"GB", 0, 1e9},	 {"KiB", 0, 1024},
	    {"MiB", 0, 1048576}, {"GiB", 0, 1073741824}, {"%", 1, 1},
	};
	int timeu = is_time_unit(unit) || strstr(unit, "time");

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (!strcmp(sfx, t[i].s)) {
			if (!*sfx)
				return 1;
			return timeu ? t[i].time : t[i].size;
		}
	return 0;
}

static void budget_line(char *line, long lineno)
{
	char *tok[6], *p, *end;
	int n = 0, opi = -1;
	struct budget bu = {0};
	double scale;

	if ((p = strchr(line, '#')))
		*p = '\0';
	for (p = strtok(line, " \t\r\n"); p && n < 6;
	     p = strtok(NULL, " \t\r\n"))
		tok[n++] = p;
	if (n == 0)
		return;
	for (int i = 0; i < n; i++)
		if (!strcmp(tok[i], "<") || !strcmp(tok[i], "<=") ||
		    !strcmp(tok[i], ">") || !strcmp(tok[i], ">="))
			opi = i;
	if (opi < 1 || opi > 3 || opi != n - 2)
		die(EXIT_USAGE, "%s:%ld: want [PATTERN] [STAT] METRIC OP LIMIT",
		    budget_file, lineno);
	bu.line = lineno;
	snprintf(bu.op, sizeof bu.op, "%s", tok[opi]);
	bu.pattern = xstrdup("*");
	bu.stat = xstrdup("median");
	if (opi == 1) {
		bu.unit = xstrdup(tok[0]);
	} else if (opi == 2 && is_stat(tok[0])) {
		free(bu.stat), bu.stat = xstrdup(tok[0]);
		bu.unit = xstrdup(tok[1]);
	} else if (opi == 2 && is_stat(tok[1]) && !strchr(tok[0], '*')) {
		/* "ns/op p95" */
		free(bu.stat), bu.stat = xstrdup(tok[1]);
		bu.unit = xstrdup(tok[0]);
	} else if (opi == 2) {
		free(bu.pattern), bu.pattern = xstrdup(tok[0]);
		bu.unit = xstrdup(tok[1]);
	} else {
		int si = is_stat(tok[1]) ? 1 : 2;

		free(bu.pattern), bu.pattern = xstrdup(tok[0]);
		free(bu.stat), bu.stat = xstrdup(tok[si]);
		bu.unit = xstrdup(tok[si == 1 ? 2 : 1]);
		if (!is_stat(bu.stat))
			die(EXIT_USAGE, "%s:%ld: '%s' is not a statistic (%s)",
			    budget_file, lineno, bu.stat,
			    "median mean min max p50 p90 p95 p99");
	}
	if (!strcmp(bu.unit, "peak_rss") || !strcmp(bu.unit, "peak-rss")) {
		/* bt-run's peak RSS; "peak" means the largest unless told */
		free(bu.unit), bu.unit = xstrdup("peak-rss-B");
		if (opi == 1)
			free(bu.stat), bu.stat = xstrdup("max");
	}
	if (!strcmp(bu.unit, "max_time_ns")) { /* the seeds' budget field */
		free(bu.unit), bu.unit = xstrdup("ns/op");
		free(bu.stat), bu.stat = xstrdup("max");
	}
	bu.limit = strtod(tok[n - 1], &end);
	if (end == tok[n - 1] || !isfinite(bu.limit))
		die(EXIT_USAGE, "%s:%ld: '%s' is not a number", budget_file,
		    lineno, tok[n - 1]);
	scale = suffix_scale(end, bu.unit);
	if (scale == 0)
		die(EXIT_USAGE, "%s:%ld: unknown suffix '%s' for %s",
		    budget_file, lineno, end, bu.unit);
	bu.limit *= scale;
	budgets = xreallocarray(budgets, nbudgets + 1, sizeof *budgets);
	budgets[nbudgets++] = bu;
}

static void read_budgets(const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	long n = 0;

	if (!f)
		die(EXIT_USAGE, "%s: %s", path, strerror(errno));
	while (getline(&line, &cap, f) > 0)
		budget_line(line, ++n);
	free(line);
	fclose(f);
}

static double stat_of(const char *stat, const double *sorted, size_t n)
{
	if (!strcmp(stat, "mean"))
		return stats_mean(sorted, n);
	if (!strcmp(stat, "min"))
		return n ? sorted[0] : NAN;
	if (!strcmp(stat, "max"))
		return n ? sorted[n - 1] : NAN;
	if (stat[0] == 'p')
		return stats_percentile(sorted, n, atof(stat + 1));
	return stats_median(sorted, n);
}

static int budget_pass(const struct budget *bu, double v)
{
	if (!strcmp(bu->op, "<"))
		return v < bu->limit;
	if (!strcmp(bu->op, "<="))
		return v <= bu->limit;
	if (!strcmp(bu->op, ">"))
		return v > bu->limit;
	return v >= bu->limit;
}

static int name_matches(const char *pat, const struct bench *b)
{
	char full[1024];

	if (!fnmatch(pat, b->name, 0))
		return 1;
	snprintf(full, sizeof full, "%s/%s", b->suite, b->name);
	return !fnmatch(pat, full, 0);
}

/* A budget judged on one benchmark of the target side. */
struct judged {
	const struct budget *bu;
	const struct cmp *c; /* NULL: nothing matched */
	double value;
	int pass;
};

static struct judged *judged;
static size_t njudged;

static void add_judged(const struct budget *bu, const struct cmp *c, double v,
		       int pass)
{
	judged = xreallocarray(judged, njudged + 1, sizeof *judged);
	judged[njudged++] = (struct judged){bu, c, v, pass};
	if (!pass)
		budget_failures++;
}

static void judge_budgets(void)
{
	for (size_t i = 0; i < nbudgets; i++) {
		const struct budget *bu = &budgets[i];
		size_t hits = 0;

		for (size_t j = 0; j < ncmps; j++) {
			const struct cmp *c = &cmps[j];
			double v;

			if (strcmp(c->s->unit, bu->unit) || !c->s->n[1] ||
			    !name_matches(bu->pattern, c->b))
				continue;
			v = stat_of(bu->stat, c->s->v[1], c->s->n[1]);
			add_judged(bu, c, v, budget_pass(bu, v));
			hits++;
		}
		if (!hits) {
			warnx_("%s:%ld: no benchmark of the target matches",
			       budget_file, bu->line);
			add_judged(bu, NULL, NAN, 1);
		}
	}
}

/* --- output --------------------------------------------------------------- */

static void flush_out(void)
{
	if (out.len)
		fwrite(out.p, 1, out.len, stdout);
	out.len = 0;
}

/* Called between records (or JSON array elements): write out what has
 * piled up, so that the output never sits whole in memory. */
static void spill(void)
{
	if (out.len >= 1 << 16)
		flush_out();
}

/* A JSON string, or null for NULL (as add_num writes null for no number). */
static void add_str(const char *s)
{
	if (s)
		json_str(&out, s, strlen(s));
	else
		buf_addlit(&out, "null");
}

static void add_num(double d)
{
	if (isfinite(d))
		json_num(&out, d);
	else
		buf_addlit(&out, "null");
}

/* A side's n: its values, or the measurements behind the summaries
 * Welch's test judged. */
static long long side_n(const struct cmp *c, int i)
{
	if (c->test && !strcmp(c->test, "welch"))
		return (long long)c->s->mom[i].n;
	return (long long)c->s->n[i];
}

static void side_json(const struct cmp *c, int i)
{
	buf_addlit(&out, "{\"n\":");
	json_int(&out, side_n(c, i));
	buf_addlit(&out, ",\"center\":");
	add_num(c->c[i]);
	buf_addlit(&out, ",\"lo\":");
	add_num(c->lo[i]);
	buf_addlit(&out, ",\"hi\":");
	add_num(c->hi[i]);
	buf_addc(&out, '}');
}

/* The fields of a change, without braces: shared by the change record and
 * the JSON document's results. */
static void change_fields(const struct cmp *c)
{
	const struct bench *b = c->b;

	if (*b->suite) {
		buf_addlit(&out, "\"suite\":");
		add_str(b->suite);
		buf_addc(&out, ',');
	}
	buf_addlit(&out, "\"name\":");
	add_str(b->name);
	if (b->procs) {
		buf_addlit(&out, ",\"procs\":");
		json_int(&out, b->procs);
	}
	if (b->labels) {
		buf_addlit(&out, ",\"labels\":");
		buf_add(&out, b->labels, strlen(b->labels));
	}
	buf_addlit(&out, ",\"unit\":");
	add_str(c->s->unit);
	buf_addlit(&out, ",\"better\":");
	add_str(unit_better(c->s->unit, c->s->better) == BT_BETTER_LOWER
		    ? "lower"
		    : "higher");
	buf_addlit(&out, ",\"baseline\":");
	side_json(c, 0);
	buf_addlit(&out, ",\"target\":");
	side_json(c, 1);
	buf_addlit(&out, ",\"delta_percent\":");
	add_num(c->delta);
	buf_addlit(&out, ",\"direction\":");
	add_str(direction(c->s, c->delta));
	buf_addlit(&out, ",\"test\":");
	add_str(c->test);
	buf_addlit(&out, ",\"p_value\":");
	add_num(c->p);
	buf_addlit(&out, ",\"alpha\":");
	add_num(alpha);
	buf_addlit(&out, ",\"confidence\":");
	add_num(CONFIDENCE);
	buf_addlit(&out, ",\"verdict\":");
	add_str(c->verdict);
}

static void geo_fields(const struct geo *g)
{
	buf_addlit(&out, "\"geomean\":true,\"unit\":");
	add_str(g->unit);
	buf_addlit(&out, ",\"n\":");
	json_int(&out, (long long)g->n);
	buf_addlit(&out, ",\"baseline\":{\"center\":");
	add_num(g->g[0]);
	buf_addlit(&out, "},\"target\":{\"center\":");
	add_num(g->g[1]);
	buf_addlit(&out, "},\"delta_percent\":");
	add_num(g->delta);
}

static void judged_fields(const struct judged *j)
{
	buf_addlit(&out, "\"rule\":");
	{
		char r[512];

		snprintf(r, sizeof r, "%s %s %s %s %.17g", j->bu->pattern,
			 j->bu->stat, j->bu->unit, j->bu->op, j->bu->limit);
		add_str(r);
	}
	if (j->c) {
		buf_addlit(&out, ",\"name\":");
		add_str(j->c->b->name);
		if (*j->c->b->suite) {
			buf_addlit(&out, ",\"suite\":");
			add_str(j->c->b->suite);
		}
	}
	buf_addlit(&out, ",\"stat\":");
	add_str(j->bu->stat);
	buf_addlit(&out, ",\"unit\":");
	add_str(j->bu->unit);
	buf_addlit(&out, ",\"op\":");
	add_str(j->bu->op);
	buf_addlit(&out, ",\"limit\":");
	add_num(j->bu->limit);
	buf_addlit(&out, ",\"value\":");
	add_num(j->value);
	buf_addlit(&out, ",\"verdict\":");
	add_str(!j->c ? "no data" : j->pass ? "pass" : "fail");
}

static void write_records(void)
{
	for (size_t i = 0; i < ncmps; i++) {
		buf_addlit(&out, "{\"bt\":1,\"kind\":\"change\",");
		change_fields(&cmps[i]);
		buf_addlit(&out, "}\n");
		spill();
	}
	for (size_t i = 0; i < ngeos; i++) {
		buf_addlit(&out, "{\"bt\":1,\"kind\":\"change\",");
		geo_fields(&geos[i]);
		buf_addlit(&out, "}\n");
		spill();
	}
	for (size_t i = 0; i < njudged; i++) {
		buf_addlit(&out, "{\"bt\":1,\"kind\":\"budget\",");
		judged_fields(&judged[i]);
		buf_addlit(&out, "}\n");
		spill();
	}
	flush_out();
}

/* How a side is named in tables: --*-name, the label's value, the file. */
static const char *side_label(int i)
{
	if (name_opt[i])
		return name_opt[i];
	if (by_label)
		return side_value[i] ? side_value[i] : "";
	return side_name[i];
}

static void side_object(int i)
{
	buf_addc(&out, '{');
	if (name_opt[i]) {
		buf_addlit(&out, "\"name\":");
		add_str(name_opt[i]);
		buf_addc(&out, ',');
	}
	if (by_label) {
		add_str(by_label);
		buf_addc(&out, ':');
		add_str(side_value[i] ? side_value[i] : "");
	} else {
		buf_addlit(&out, "\"file\":");
		add_str(side_name[i]);
	}
	buf_addc(&out, '}');
}

static void write_json(void)
{
	buf_addlit(&out, "{\"baseline\":");
	side_object(0);
	buf_addlit(&out, ",\"target\":");
	side_object(1);
	buf_addlit(&out, ",\"alpha\":");
	add_num(alpha);
	buf_addlit(&out, ",\"max_regression\":");
	add_num(max_regression);
	buf_addlit(&out, ",\"results\":[");
	for (size_t i = 0; i < ncmps; i++) {
		char *full =
		    text_bench_name(NULL, cmps[i].b->name, cmps[i].b->procs);

		buf_add(&out, ",{" + !i, 2 - !i);
		buf_addlit(&out, "\"benchmark\":");
		add_str(full);
		free(full);
		buf_addc(&out, ',');
		change_fields(&cmps[i]);
		buf_addc(&out, '}');
		spill();
	}
	buf_addlit(&out, "],\"geomean\":[");
	for (size_t i = 0; i < ngeos; i++) {
		buf_add(&out, ",{" + !i, 2 - !i);
		geo_fields(&geos[i]);
		buf_addc(&out, '}');
		spill();
	}
	buf_addlit(&out, "],\"budgets\":[");
	for (size_t i = 0; i < njudged; i++) {
		buf_add(&out, ",{" + !i, 2 - !i);
		judged_fields(&judged[i]);
		buf_addc(&out, '}');
		spill();
	}
	buf_addlit(&out, "],\"regressions\":");
	json_int(&out, regressions);
	buf_addlit(&out, ",\"budget_failures\":");
	json_int(&out, budget_failures);
	buf_addlit(&out, "}\n");
	flush_out();
}

/* A number as csv/text show it: shortest round-trip form, or "". */
static const char *num(double d, char *b)
{
	if (!isfinite(d))
		return isinf(d) ? (d < 0 ? "-inf" : "inf") : "";
	fmt_double(b, d);
	return b;
}

static void csv_field(const char *s)
{
	if (strpbrk(s, ",\"\n")) {
		putchar('"');
		for (; *s; s++) {
			if (*s == '"')
				putchar('"');
			putchar(*s);
		}
		putchar('"');
	} else {
		fputs(s, stdout);
	}
}

static void write_csv(void)
{
	char a[40], b[40], c[40], d[40], e[40], f[40], g[40], h[40];

	puts("suite,name,procs,unit,baseline_n,baseline_center,baseline_lo,"
	     "baseline_hi,target_n,target_center,target_lo,target_hi,"
	     "delta_percent,p_value,verdict");
	for (size_t i = 0; i < ncmps; i++) {
		const struct cmp *x = &cmps[i];

		csv_field(x->b->suite);
		putchar(',');
		csv_field(x->b->name);
		printf(",%ld,", x->b->procs);
		csv_field(x->s->unit);
		printf(",%zu,%s,%s,%s,%zu,%s,%s,%s,%s,%s,%s\n", x->s->n[0],
		       num(x->c[0], a), num(x->lo[0], b), num(x->hi[0], c),
		       x->s->n[1], num(x->c[1], d), num(x->lo[1], e),
		       num(x->hi[1], f), num(x->delta, g), num(x->p, h),
		       x->verdict);
	}
	for (size_t i = 0; i < ngeos; i++) {
		printf(",geomean,0,");
		csv_field(geos[i].unit);
		printf(",%zu,%s,,,%zu,%s,,,%s,,\n", geos[i].n,
		       num(geos[i].g[0], a), geos[i].n, num(geos[i].g[1], b),
		       num(geos[i].delta, c));
	}
}

/* v in 4 significant digits, trailing zeros kept as benchstat keeps them,
 * with an SI prefix, time units as time (the unit itself is in the table's
 * title): 118035 ns/op → "118.0µs", 1048576 B/op → "1.049MB", 2 → "2.000". */
static void human(double v, const char *unit, char *o, size_t n)
{
	static const char *const big[] = {"", "k", "M", "G", "T"};
	static const char *const tm[] = {"ns", "µs", "ms", "s"};
	int t =
	    is_time_unit(unit) && strcmp(unit, "s") && strcmp(unit, "sec/op");
	const char *sfx = strchr(unit, '/') ? strchr(unit, '/') : "";
	size_t k = 0, kmax = t ? 3 : 4;
	char u[32];

	while (k < kmax && fabs(v) >= 999.95)
		v /= 1000, k++;
	if (t)
		snprintf(u, sizeof u, "%s", tm[k]);
	else if (k)
		snprintf(u, sizeof u, "%s%.*s", big[k],
			 (int)(strlen(unit) - strlen(sfx)) % 20, unit);
	else
		u[0] = '\0';
	snprintf(o, n, "%#.4g%s", v, u);
}

/* "45.83ns/op ± 22%" like benchstat: the center and the wider side of the
 * interval relative to it; "∞" when unbounded. */
static void center_text(const struct cmp *c, int i, char *o, size_t n)
{
	double ctr = c->c[i], v;
	char h[64];

	if (!c->s->n[i]) {
		snprintf(o, n, "-");
		return;
	}
	human(ctr, c->s->unit, h, sizeof h);
	if (isinf(c->lo[i]) || isinf(c->hi[i]))
		snprintf(o, n, "%s ± ∞", h);
	else if (ctr == 0)
		snprintf(o, n, "%s ± 0%%", h);
	else {
		v = fmax(c->hi[i] / ctr - 1, 1 - c->lo[i] / ctr);
		snprintf(o, n, "%s ± %.0f%%", h, 100 * v);
	}
}

static void delta_text(const struct cmp *c, char *o, size_t n)
{
	if (isnan(c->delta) && !strcmp(c->verdict, "~"))
		snprintf(o, n, "~");
	else if (isnan(c->delta))
		snprintf(o, n, "?");
	else if (!c->sig)
		snprintf(o, n, "~");
	else
		snprintf(o, n, "%+.2f%%", c->delta);
}

/* suite/name-procs, as Go prints it (allocated). */
static char *bench_label(const struct bench *b)
{
	return text_bench_name(b->suite, b->name, b->procs);
}

static const char *verdict_colour(const char *v)
{
	if (!strcmp(v, "improved"))
		return "\033[32m";
	if (!strcmp(v, "regressed"))
		return "\033[31m";
	if (!strcmp(v, "neutral") || !strcmp(v, "insufficient"))
		return "\033[33m";
	return "";
}

static void text_row(const char *cells[6], const int w[6], int colour)
{
	for (int k = 0; k < 6; k++) {
		if (k)
			fputs("  ", stdout);
		if (k == 5 && colour && *verdict_colour(cells[5]))
			fputs(verdict_colour(cells[5]), stdout);
		text_pad(stdout, cells[k], k == 5 ? 0 : w[k], k >= 1 && k <= 4);
		if (k == 5 && colour && *verdict_colour(cells[5]))
			fputs("\033[0m", stdout);
	}
	putchar('\n');
}

/* A table row: benchmark, baseline, target, delta, p, verdict. */
struct row {
	char *name;	     /* allocated */
	char fig[5][160];    /* the other five */
	const char *cell[6]; /* name, then fig's */
};

static void row_of(const struct cmp *c, struct row *r)
{
	r->cell[0] = r->name = bench_label(c->b);
	for (int k = 0; k < 5; k++)
		r->cell[k + 1] = r->fig[k];
	center_text(c, 0, r->fig[0], 160);
	center_text(c, 1, r->fig[1], 160);
	delta_text(c, r->fig[2], 160);
	if (isnan(c->p))
		snprintf(r->fig[3], 160, "-");
	else
		snprintf(r->fig[3], 160, "p=%.3f n=%lld+%lld", c->p,
			 side_n(c, 0), side_n(c, 1));
	snprintf(r->fig[4], 160, "%s", c->verdict);
}

/* A markdown row: the name escaped, the figures as they are. */
static void md_row(const struct row *r)
{
	fputs("| ", stdout);
	md_text(stdout, r->name);
	for (int k = 1; k < 6; k++)
		printf(" | %s", r->cell[k]);
	puts(" |");
}

static void write_unit_table(const char *unit, int md, int colour)
{
	char gb[3][64];
	struct row r;
	int w[6] = {9, 0, 0, 5, 1, 7};
	const char *base = side_label(0), *targ = side_label(1);

	w[1] = text_width(base), w[2] = text_width(targ);
	for (size_t i = 0; i < ncmps; i++) {
		if (strcmp(cmps[i].s->unit, unit))
			continue;
		row_of(&cmps[i], &r);
		for (int k = 0; k < 6; k++)
			if (text_width(r.cell[k]) > w[k])
				w[k] = text_width(r.cell[k]);
		free(r.name);
	}
	if (md) {
		printf("\n**%s** (%s is better)\n\n| benchmark | ", unit,
		       unit_better(unit, 0) == BT_BETTER_LOWER ? "lower"
							       : "higher");
		md_text(stdout, base);
		fputs(" | ", stdout);
		md_text(stdout, targ);
		puts(" | delta | p | verdict |\n|:--|--:|--:|--:|--:|:--|");
	} else {
		const char *h[6] = {"benchmark", base, targ,
				    "delta",	 "p",  "verdict"};

		printf("%s (%s is better)\n", unit,
		       unit_better(unit, 0) == BT_BETTER_LOWER ? "lower"
							       : "higher");
		text_row(h, w, 0);
	}
	for (size_t i = 0; i < ncmps; i++) {
		if (strcmp(cmps[i].s->unit, unit))
			continue;
		row_of(&cmps[i], &r);
		if (md)
			md_row(&r);
		else
			text_row(r.cell, w, colour);
		free(r.name);
	}
	for (size_t i = 0; i < ngeos; i++) {
		if (strcmp(geos[i].unit, unit) || geos[i].n < 2)
			continue;
		if (isnan(geos[i].g[0]) || isnan(geos[i].g[1])) {
			snprintf(gb[0], 64, "n/a (a center <= 0)");
			snprintf(gb[1], 64, "n/a");
		} else {
			human(geos[i].g[0], unit, gb[0], 64);
			human(geos[i].g[1], unit, gb[1], 64);
		}
		if (isfinite(geos[i].delta))
			snprintf(gb[2], 64, "%+.2f%%", geos[i].delta);
		else
			snprintf(gb[2], 64, "?");
		if (md) {
			printf("| geomean | %s | %s | %s | | |\n", gb[0], gb[1],
			       gb[2]);
		} else {
			const char *g[6] = {"geomean", gb[0], gb[1],
					    gb[2],     "",    ""};

			text_row(g, w, 0);
		}
	}
}

static void write_budgets_table(int md)
{
	if (!njudged)
		return;
	printf(md ? "\n**budgets**\n\n| benchmark | rule | value | result "
		    "|\n|:--|:--|--:|:--|\n"
		  : "\nbudgets\n");
	for (size_t i = 0; i < njudged; i++) {
		const struct judged *j = &judged[i];
		char *name = j->c ? bench_label(j->c->b) : xstrdup("(none)");
		char rule[256], v[40];

		snprintf(rule, sizeof rule, "%s %s %s %.6g", j->bu->stat,
			 j->bu->unit, j->bu->op, j->bu->limit);
		snprintf(v, sizeof v, "%.6g", j->value);
		if (md) {
			fputs("| ", stdout);
			md_text(stdout, name);
			fputs(" | ", stdout);
			md_text(stdout, rule);
		} else {
			printf("%s  %s", name, rule);
		}
		printf(md ? " | %s | %s |\n" : "  %s  %s\n", j->c ? v : "-",
		       !j->c	 ? "NO DATA"
		       : j->pass ? "PASS"
				 : "FAIL");
		free(name);
	}
}

/* Say what "± ∞" and "insufficient" mean, as benchstat's footnotes do,
 * under tables that show them. */
static void notes(int md)
{
	int inf = 0, few = 0;

	for (size_t i = 0; i < ncmps; i++) {
		for (int k = 0; k < 2; k++)
			inf |= cmps[i].s->n[k] &&
			       (isinf(cmps[i].lo[k]) || isinf(cmps[i].hi[k]));
		few |= !strcmp(cmps[i].verdict, "insufficient");
	}
	if (inf || few)
		putchar('\n');
	if (inf)
		printf("%s± ∞: fewer than %zu samples, too few for a %g%% "
		       "confidence interval of the median%s\n",
		       md ? "_" : "", stats_median_ci_min_n(CONFIDENCE),
		       100 * CONFIDENCE, md ? "._" : "");
	if (inf && few && md)
		putchar('\n'); /* a paragraph each */
	if (few)
		printf("%sinsufficient: too few samples for any difference to "
		       "reach p ≤ %g%s\n",
		       md ? "_" : "", alpha, md ? "._" : "");
}

static void write_tables(int md)
{
	int colour = !md && use_colour(stdout);
	size_t done = 0;

	if (md) {
		fputs("### Benchmark comparison: ", stdout);
		md_text(stdout, side_label(0));
		fputs(" vs ", stdout);
		md_text(stdout, side_label(1));
		putchar('\n');
	}
	for (size_t i = 0; i < ncmps; i++) {
		size_t j;

		for (j = 0; j < i; j++)
			if (!strcmp(cmps[j].s->unit, cmps[i].s->unit))
				break;
		if (j < i)
			continue;
		if (done++ && !md)
			putchar('\n');
		write_unit_table(cmps[i].s->unit, md, colour);
	}
	notes(md);
	write_budgets_table(md);
	/* the verdict a CI log ends with */
	printf("\n%d regression(s) beyond %g%%, %d budget failure(s); "
	       "alpha %g.\n",
	       regressions, max_regression, budget_failures, alpha);
}

/* --- main ----------------------------------------------------------------- */

static void usage(FILE *f, int status)
{
	fprintf(f,
		"usage: %s [options] BASE TARGET\n"
		"       %s [options] --by LABEL [FILE...]\n"
		"       %s [options] --baseline BASE [TARGET...]\n"
		"  -b, --by LABEL          split one stream on LABEL's two "
		"values\n"
		"  -B, --baseline FILE     compare FILE against TARGET or "
		"stdin\n"
		"  -a, --alpha A           significance level (0.05)\n"
		"  -r, --max-regression P  significant slowdowns beyond P%% "
		"are regressions (10)\n"
		"  -F, --fail-on-regression  exit 1 on a regression or a "
		"failed budget\n"
		"  -u, --unit UNIT         compare only UNIT (repeat for more; "
		"default all)\n"
		"      --budget FILE       absolute limits judged on the "
		"target\n"
		"  -o, --format F          records, text, markdown, csv, "
		"json\n"
		"      --baseline-name N, --target-name N  name the sides in "
		"output\n"
		"      --baseline-run ID, --target-run ID  take a side's samples "
		"from one run\n"
		"                          (run.id or commit); both with one "
		"input: two runs of it\n"
		"  -h, --help              show this help\n"
		"  -V, --version           show the version\n"
		"Exit status: 0 success (whatever changed, without -F), 1 a "
		"regression or\nfailed budget with -F or a write failure, 2 "
		"usage or input error.\n",
		progname, progname, progname);
	exit(status);
}

static double num_arg(const char *s, const char *what)
{
	char *end;
	double d = strtod(s, &end);

	if (end == s || *end || !isfinite(d) || d < 0)
		die(EXIT_USAGE, "%s: '%s' is not a number >= 0", what, s);
	return d;
}

static int read_side(const char *path, int side)
{
	struct reading rd = {side};

	return input_read(path, NULL, read_rec, &rd);
}

static int read_inputs(char **argv, int argc)
{
	int st = 0;

	if (run_sel[0] && run_sel[1] && argc < 2 && !baseline_file &&
	    !by_label) {
		side_name[0] = run_sel[0], side_name[1] = run_sel[1];
		return read_side(argc ? argv[0] : "-", SIDE_BY_RUN);
	}
	if (by_label) {
		side_name[0] = side_name[1] = by_label;
		if (argc == 0)
			return read_side("-", -1);
		for (int i = 0; i < argc && !st; i++)
			st = read_side(argv[i], -1);
		return st;
	}
	if (baseline_file) {
		side_name[0] = baseline_file;
		side_name[1] = argc ? argv[0] : "-";
		if (argc > 1)
			usage(stderr, EXIT_USAGE);
		st = read_side(baseline_file, 0);
		return st ? st : read_side(side_name[1], 1);
	}
	if (argc != 2)
		usage(stderr, EXIT_USAGE);
	side_name[0] = argv[0], side_name[1] = argv[1];
	st = read_side(argv[0], 0);
	return st ? st : read_side(argv[1], 1);
}

int main(int argc, char **argv)
{
	enum { BUDGET = 256, BASE_NAME, TARGET_NAME, BASE_RUN, TARGET_RUN };
	static const struct option opts[] = {
	    {"by", required_argument, NULL, 'b'},
	    {"baseline", required_argument, NULL, 'B'},
	    {"alpha", required_argument, NULL, 'a'},
	    {"max-regression", required_argument, NULL, 'r'},
	    {"fail-on-regression", no_argument, NULL, 'F'},
	    {"budget", required_argument, NULL, BUDGET},
	    {"baseline-name", required_argument, NULL, BASE_NAME},
	    {"target-name", required_argument, NULL, TARGET_NAME},
	    {"baseline-run", required_argument, NULL, BASE_RUN},
	    {"target-run", required_argument, NULL, TARGET_RUN},
	    {"format", required_argument, NULL, 'o'},
	    {"unit", required_argument, NULL, 'u'},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0},
	};
	int c, st;

	util_init(argv[0]);
	while ((c = getopt_long(argc, argv, "b:B:a:r:Fo:u:hV", opts, NULL)) !=
	       -1) {
		switch (c) {
		case 'b':
			by_label = optarg;
			break;
		case 'B':
			baseline_file = optarg;
			break;
		case 'a':
			alpha = num_arg(optarg, "--alpha");
			break;
		case 'r':
			max_regression = num_arg(optarg, "--max-regression");
			break;
		case 'F':
			fail_on_regression = 1;
			break;
		case BUDGET:
			budget_file = optarg;
			break;
		case BASE_NAME:
		case TARGET_NAME:
			name_opt[c == TARGET_NAME] = optarg;
			break;
		case BASE_RUN:
		case TARGET_RUN:
			run_sel[c == TARGET_RUN] = optarg;
			break;
		case 'o':
			format = optarg;
			break;
		case 'u':
			units = xreallocarray(units, nunits + 1, sizeof *units);
			units[nunits++] = optarg;
			break;
		default: /* -h, -V, unknown */
			std_option(c, usage);
		}
	}
	if (format && strcmp(format, "records") && strcmp(format, "text") &&
	    strcmp(format, "markdown") && strcmp(format, "csv") &&
	    strcmp(format, "json"))
		die(EXIT_USAGE,
		    "--format: '%s' is not records, text, "
		    "markdown, csv or json",
		    format);
	if (by_label && baseline_file)
		die(EXIT_USAGE, "--by and --baseline do not go together");
	if (budget_file)
		read_budgets(budget_file);
	st = read_inputs(argv + optind, argc - optind);
	if (st) {
		fshut(stdout, "<stdout>");
		return EXIT_USAGE;
	}
	for (int i = 0; i < 2; i++)
		if (side_runs[i].mixed)
			warnx_("the %s holds samples of more than one run, "
			       "compared as one pool (--%s-run ID takes one)",
			       i ? "target" : "baseline",
			       i ? "target" : "baseline");
	if (by_label && !side_value[1])
		warnx_("label '%s' has fewer than two values: nothing to "
		       "compare",
		       by_label);
	compare_all();
	for (size_t k = 0; k < nunits; k++) {
		size_t i = 0;

		while (i < ncmps && strcmp(cmps[i].s->unit, units[k]))
			i++;
		if (i == ncmps)
			warnx_("-u %s: no sample has that unit", units[k]);
	}
	geomeans();
	judge_budgets();
	if (!format || !strcmp(format, "records"))
		write_records();
	else if (!strcmp(format, "json"))
		write_json();
	else if (!strcmp(format, "csv"))
		write_csv();
	else
		write_tables(!strcmp(format, "markdown"));
	st = fail_on_regression && (regressions || budget_failures)
		 ? EXIT_FINDING
		 : 0;
	stats_utable_free(&utable);
	return fshut(stdout, "<stdout>") ? EXIT_FINDING : st;
}
