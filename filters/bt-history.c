/*
 * bt-history — benchmark histories: where did each benchmark change, and
 * is the latest run out of line with the ones before it?
 *
 * Reads records (files, stdin, results trees, archives) into one series
 * per benchmark and unit, ordered by run (series.c), then per series:
 *   changes  change points (changepoint.c, or Otava's method: otava.c),
 *            with outliers and drifts, as changepoint/outlier/drift records
 *   check    the latest run against a window of runs before it with one of
 *            Bencher's threshold models (threshold.c), as threshold records
 *   series   one point record per run: the data a trend chart wants
 * and writes records, a text table, markdown or (series) CSV.  Memory
 * holds the values, not the records.
 */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "changepoint.h"
#include "otava.h"
#include "plugin.h"
#include "record.h"
#include "histread.h"
#include "series.h"
#include "stats.h"
#include "table.h"
#include "text.h"
#include "threshold.h"
#include "util.h"

enum cmd { CHANGES, CHECK, SERIES };
enum out { OUT_JSON, OUT_TEXT, OUT_MD, OUT_CSV };

static enum cmd cmd;
static enum out out;
static const char *unit_opt, *order_git, *branch, *start_point, *testbed;
static int method_otava, fail_on_regression, model = -1, sides;
static long window = -1, recent = 1, min_samples = 2;
/* stdout, taken from fd 1 before a plugin runs (plugins_own_stdout): what
 * a plugin writes there goes to stderr, with no descriptor swapped a call. */
static FILE *rout;
static double alpha = NAN, min_change = NAN, boundary = NAN;
static struct cp_opts cpo;

static struct table tab;

static void cell(const char *v)
{
	table_cell(&tab, v);
}

/* --- what the records and rows say ---------------------------------------- */

static char *bench_name(const struct hist_series *s)
{
	char *n = text_bench_name(s->suite, s->name, s->procs), *r;

	if (!*s->labels)
		return n;
	r = xmalloc(strlen(n) + strlen(s->labels) + 4);
	sprintf(r, "%s [%s]", n, s->labels);
	free(n);
	return r;
}

/* A run for people: its commit (12 digits) or id. */
static const char *run_name(const struct hist_run *r)
{
	static char b[2][64];
	static int k;
	const char *s = r->commit ? r->commit : r->id;

	k = !k;
	snprintf(b[k], sizeof b[k], "%.*s", r->commit ? 12 : 40, s);
	return b[k];
}

static const char *num(const char *fmt, double d)
{
	static char b[4][48];
	static int k;

	k = (k + 1) % 4;
	if (isnan(d))
		return "-";
	if (isinf(d))
		return d > 0 ? "inf" : "-inf";
	snprintf(b[k], sizeof b[k], fmt, d);
	return b[k];
}

/* d in the shortest form that reads back the same, or none when it is
 * not finite. */
static const char *exact(double d, const char *none)
{
	static char b[3][40];
	static int k;

	if (!isfinite(d))
		return none;
	k = (k + 1) % 3;
	fmt_double(b[k], d);
	return b[k];
}

static void put_num(struct buf *b, const char *key, double d)
{
	buf_add(b, key, strlen(key));
	json_num(b, d); /* NaN and infinities become null */
}

static void put_run(struct buf *b, const char *key, const struct hist_run *r)
{
	buf_add(b, key, strlen(key));
	history_run_json(b, r);
}

static void put_seg(struct buf *b, const char *key, const struct cp_seg *g)
{
	buf_add(b, key, strlen(key));
	buf_addlit(b, "{\"n\":");
	json_int(b, (long long)g->n);
	put_num(b, ",\"mean\":", g->mean);
	put_num(b, ",\"median\":", g->median);
	buf_addc(b, '}');
}

static const char *verdict(const struct hist_series *s, double delta)
{
	int worse = s->better == BT_BETTER_HIGHER ? delta < 0 : delta > 0;

	return worse ? "regressed" : "improved";
}

/* Records go out through the record writer (-o json); for the tables the
 * same fields are made in scratch and not written. */
static struct recw *writer;
static struct buf scratch;

/* Begin the record kind of series s: its identity members follow. */
static struct buf *begin(const char *kind, const struct hist_series *s)
{
	struct buf *b = &scratch;

	if (out == OUT_JSON)
		b = recw_begin(writer, kind);
	else
		scratch.len = 0;
	buf_add(b, s->id.p, s->id.len);
	return b;
}

static void end(void)
{
	if (out == OUT_JSON)
		recw_end(writer);
}

/* --- changes -------------------------------------------------------------- */

/* Our events, or Otava's change points as events. */
static size_t find_events(const double *y, size_t n, struct cp_event **ev)
{
	struct otava_cp *cps;
	size_t k, ncp, lo, hi;

	if (!method_otava) { /* --window: only the last N runs */
		size_t off =
		    window > 0 && (size_t)window < n ? n - (size_t)window : 0;

		ncp = cp_detect(y + off, n - off, &cpo, ev);
		for (k = 0; k < ncp; k++) {
			(*ev)[k].index += off;
			(*ev)[k].end += off;
			(*ev)[k].prev += off;
		}
		return ncp;
	}
	ncp = otava_changes(y, n, window < 0 ? 50 : (size_t)window,
			    isnan(alpha) ? 0.001 : alpha,
			    isnan(min_change) ? 0 : min_change / 100, &cps);
	*ev = xcalloc(ncp ? ncp : 1, sizeof **ev);
	for (k = 0; k < ncp; k++) {
		struct cp_event *e = &(*ev)[k];
		double *tmp;

		lo = k ? cps[k - 1].index : 0;
		hi = k + 1 < ncp ? cps[k + 1].index : n;
		e->kind = CP_CHANGE;
		e->index = e->end = cps[k].index;
		e->prev = e->index - 1;
		e->p = cps[k].s.p;
		e->before.n = e->index - lo;
		e->after.n = hi - e->index;
		e->before.mean = cps[k].s.mean1;
		e->after.mean = cps[k].s.mean2;
		tmp = xmalloc(n * sizeof *tmp);
		memcpy(tmp, y + lo, e->before.n * sizeof *tmp);
		stats_sort(tmp, e->before.n);
		e->before.median = stats_median(tmp, e->before.n);
		memcpy(tmp, y + e->index, e->after.n * sizeof *tmp);
		stats_sort(tmp, e->after.n);
		e->after.median = stats_median(tmp, e->after.n);
		free(tmp);
		e->delta = cps[k].s.mean1 == 0
			       ? NAN
			       : cps[k].s.mean2 / cps[k].s.mean1 - 1;
	}
	free(cps);
	return ncp;
}

static int changes(const struct history *h, const struct hist_series *s,
		   const struct hist_point *pt, size_t np)
{
	double *y = xmalloc((np ? np : 1) * sizeof *y);
	struct cp_event *ev;
	size_t i, nev;
	int found = 0;

	for (i = 0; i < np; i++)
		y[i] = pt[i].median;
	nev = find_events(y, np, &ev);
	for (i = 0; i < nev; i++) {
		const struct cp_event *e = &ev[i];
		const struct hist_run *r = h->runv[pt[e->index].run];
		const struct hist_run *prev =
		    e->index ? h->runv[pt[e->prev].run] : r;
		const struct hist_run *last = h->runv[pt[e->end].run];
		const char *v = verdict(s, e->delta);
		char range[160];

		struct buf *b;

		if (e->kind == CP_CHANGE) {
			b = begin("changepoint", s);
			buf_addlit(b, "\"index\":");
			json_int(b, (long long)e->index);
			put_run(b, ",\"run\":", r);
			put_run(b, ",\"previous_run\":", prev);
			put_seg(b, ",\"before\":", &e->before);
			put_seg(b, ",\"after\":", &e->after);
			put_num(b, ",\"delta_percent\":", e->delta * 100);
			put_num(b, ",\"p_value\":", e->p);
			buf_addlit(b, ",\"method\":");
			buf_add(b, method_otava ? "\"otava\"" : "\"bt\"",
				method_otava ? 7 : 4);
			if (fail_on_regression && *v == 'r' &&
			    e->index + (size_t)recent >= np)
				found = 1;
			snprintf(range, sizeof range, "%s .. %s",
				 run_name(prev), run_name(r));
		} else if (e->kind == CP_OUTLIER) {
			b = begin("outlier", s);
			buf_addlit(b, "\"index\":");
			json_int(b, (long long)e->index);
			put_run(b, ",\"run\":", r);
			put_num(b, ",\"value\":", e->value);
			put_num(b, ",\"expected\":", e->expected);
			put_num(b, ",\"delta_percent\":", e->delta * 100);
			snprintf(range, sizeof range, "%s", run_name(r));
			v = "outlier";
		} else {
			b = begin("drift", s);
			buf_addlit(b, "\"index\":");
			json_int(b, (long long)e->index);
			buf_addlit(b, ",\"end_index\":");
			json_int(b, (long long)e->end);
			put_run(b, ",\"run\":", r);
			put_run(b, ",\"last_run\":", last);
			put_num(b, ",\"from\":", e->before.median);
			put_num(b, ",\"to\":", e->after.median);
			put_num(b, ",\"delta_percent\":", e->delta * 100);
			snprintf(range, sizeof range, "%s .. %s", run_name(r),
				 run_name(last));
		}
		if (e->kind != CP_OUTLIER) {
			buf_addlit(b, ",\"verdict\":\"");
			buf_add(b, v, strlen(v));
			buf_addc(b, '"');
		}
		end();
		if (out == OUT_JSON)
			continue;
		char *name = bench_name(s);
		cell(name);
		free(name);
		cell(s->unit);
		cell(range);
		cell(num("%+.2f%%", e->delta * 100));
		cell(num("%.2g", e->p));
		cell(e->kind == CP_DRIFT ? "drift" : v);
	}
	free(ev);
	free(y);
	return found;
}

/* --- check ---------------------------------------------------------------- */

static int on_branch(const struct hist_run *r, const char *b)
{
	return r->branch && strcmp(r->branch, b) == 0;
}

static int check(const struct history *h, const struct hist_series *s,
		 const struct hist_point *pt, size_t np)
{
	size_t *idx = xmalloc((np ? np : 1) * sizeof *idx), n = 0, i, nh;
	double *hv, lo = NAN, hi = NAN, value;
	size_t w = window < 0 ? 64 : (size_t)window, own = 0, latest;
	int lower = sides & 1, upper = sides & 2, alert = 0, got;
	const char *v;
	struct buf *b;

	if (!sides) { /* the side where the unit gets worse */
		lower = s->better == BT_BETTER_HIGHER;
		upper = !lower;
	}
	for (i = 0; i < np; i++) /* the runs judged: the branch's */
		if (!branch || on_branch(h->runv[pt[i].run], branch))
			idx[n++] = i;
	if (!n) {
		free(idx);
		return 0;
	}
	latest = idx[--n];
	own = n;
	if (branch && start_point && own < (size_t)min_samples) {
		/* Bencher's start point: the base branch's runs before the
		 * latest, then the branch's own */
		size_t m = 0, *all = xmalloc((np ? np : 1) * sizeof *all);

		for (i = 0; i < latest; i++)
			if (on_branch(h->runv[pt[i].run], start_point) ||
			    on_branch(h->runv[pt[i].run], branch))
				all[m++] = i;
		free(idx);
		idx = all;
		n = m;
	}
	nh = n < w ? n : w;
	hv = xmalloc((nh ? nh : 1) * sizeof *hv);
	for (i = 0; i < nh; i++)
		hv[i] = pt[idx[n - nh + i]].median;
	value = pt[latest].median;
	if (model != TH_STATIC && nh < (size_t)min_samples)
		got = 0;
	else
		got =
		    th_limits(model, boundary, hv, nh, lower, upper, &lo, &hi);
	alert = got && th_alert(value, lo, hi);
	v = !got ? "insufficient" : alert ? "alert" : "pass";
	b = begin("threshold", s);
	buf_addlit(b, "\"model\":\"");
	buf_add(b, th_model_name(model), strlen(th_model_name(model)));
	buf_addlit(b, "\",\"boundary\":");
	json_num(b, boundary);
	buf_addlit(b, ",\"window\":");
	json_int(b, (long long)nh);
	buf_addlit(b, ",\"index\":");
	json_int(b, (long long)latest);
	put_run(b, ",\"run\":", h->runv[pt[latest].run]);
	put_num(b, ",\"lo\":", lo);
	put_num(b, ",\"hi\":", hi);
	put_num(b, ",\"value\":", value);
	buf_addlit(b, ",\"verdict\":\"");
	buf_add(b, v, strlen(v));
	buf_addc(b, '"');
	end();
	if (out != OUT_JSON) {
		char *name = bench_name(s);

		cell(name);
		free(name);
		cell(s->unit);
		cell(run_name(h->runv[pt[latest].run]));
		cell(num("%.6g", value));
		cell(num("%.6g", lo));
		cell(num("%.6g", hi));
		cell(v);
	}
	free(idx);
	free(hv);
	return alert;
}

/* --- series --------------------------------------------------------------- */

static void series(const struct history *h, const struct hist_series *s,
		   const struct hist_point *pt, size_t np)
{
	struct buf *b;
	size_t i;

	for (i = 0; i < np; i++) {
		const struct hist_run *r = h->runv[pt[i].run];

		if (out != OUT_JSON) {
			char *name = bench_name(s), idx[32], n[32];

			snprintf(idx, sizeof idx, "%zu", i);
			snprintf(n, sizeof n, "%zu", pt[i].n);
			cell(name);
			free(name);
			cell(s->unit);
			cell(idx);
			cell(out == OUT_CSV ? r->id : run_name(r));
			if (out == OUT_CSV) {
				cell(r->commit);
				cell(r->commit_time ? r->commit_time : r->time);
			}
			cell(n);
			cell(exact(pt[i].median, ""));
			/* unbounded: "-" for people, an empty CSV field */
			cell(exact(pt[i].ci_lo, out == OUT_CSV ? "" : "-"));
			cell(exact(pt[i].ci_hi, out == OUT_CSV ? "" : "-"));
			continue;
		}
		b = begin("point", s);
		buf_addlit(b, "\"index\":");
		json_int(b, (long long)i);
		put_run(b, ",\"run\":", r);
		buf_addlit(b, ",\"n\":");
		json_int(b, (long long)pt[i].n);
		put_num(b, ",\"median\":", pt[i].median);
		put_num(b, ",\"ci_lo\":", pt[i].ci_lo);
		put_num(b, ",\"ci_hi\":", pt[i].ci_hi);
		end();
	}
}

static void header(void)
{
	static const char *const cols[3][10] = {
	    {"benchmark", "unit", "last good .. first bad", "delta", "p",
	     "verdict"},
	    {"benchmark", "unit", "run", "value", "lo", "hi", "verdict"},
	    {"benchmark", "unit", "index", "run", "n", "median", "ci_lo",
	     "ci_hi"},
	};
	static const char *const csv[] = {
	    "benchmark", "unit", "index",  "run",   "commit",
	    "time",	 "n",	 "median", "ci_lo", "ci_hi"};
	const char *const *c = out == OUT_CSV ? csv : cols[cmd];

	for (tab.ncols = 0; tab.ncols < 10 && c[tab.ncols]; tab.ncols++)
		cell(c[tab.ncols]);
}

/* --- options -------------------------------------------------------------- */

static void usage(FILE *f, int status)
{
	fprintf(
	    f,
	    "usage: %s changes [--method bt|otava] [--window N] [--alpha P]\n"
	    "                  [--min-change PCT] [--fail-on-regression "
	    "[--recent K]]\n"
	    "       %s check --model M [--window N] [--boundary B]\n"
	    "                [--lower|--upper|--both] [--min-samples K]\n"
	    "                [--branch B [--start-point S]]\n"
	    "       %s series\n"
	    "  common: [-o json|text|markdown|csv] [-u UNIT] [--order "
	    "git[=DIR]]\n"
	    "          [--testbed T] [FILE...]\n"
	    "Benchmark histories: one series per benchmark and unit, in "
	    "run order.\n"
	    "  changes  where each series changed (changepoint, outlier, "
	    "drift records)\n"
	    "  check    the latest run against the N before it (threshold "
	    "records);\n"
	    "           models static, percentage, z_score, t_test, "
	    "log_normal, iqr,\n"
	    "           delta_iqr\n"
	    "  series   one point record per benchmark, unit and run\n"
	    "  -h, --help     show this help\n"
	    "  -V, --version  show the version\n"
	    "Exit status: 0 success, 1 a regression (--fail-on-regression) "
	    "or an alert,\n2 usage or input error.  See bt-history(1).\n",
	    progname, progname, progname);
	exit(status);
}

static double number(const char *s, const char *opt)
{
	char *end;
	double d = strtod(s, &end);

	if (!*s || *end || !isfinite(d))
		die(EXIT_USAGE, "%s: not a number: '%s'", opt, s);
	return d;
}

static long count(const char *s, const char *opt, long min)
{
	double d = number(s, opt);

	if (d != floor(d) || d < min || d > 1e9)
		die(EXIT_USAGE, "%s: a whole number >= %ld, not '%s'", opt, min,
		    s);
	return (long)d;
}

static void parse_options(int argc, char **argv)
{
	enum {
		METHOD = 256,
		WINDOW,
		ALPHA,
		MINCH,
		FAIL,
		RECENT,
		MODEL,
		BOUNDARY,
		LOWER,
		UPPER,
		BOTH,
		MINS,
		BRANCH,
		START,
		ORDER,
		MINSEG,
		TESTBED
	};
	static const struct option opts[] = {
	    {"method", required_argument, NULL, METHOD},
	    {"window", required_argument, NULL, WINDOW},
	    {"alpha", required_argument, NULL, ALPHA},
	    {"min-change", required_argument, NULL, MINCH},
	    {"min-segment", required_argument, NULL, MINSEG},
	    {"fail-on-regression", no_argument, NULL, FAIL},
	    {"recent", required_argument, NULL, RECENT},
	    {"model", required_argument, NULL, MODEL},
	    {"boundary", required_argument, NULL, BOUNDARY},
	    {"lower", no_argument, NULL, LOWER},
	    {"upper", no_argument, NULL, UPPER},
	    {"both", no_argument, NULL, BOTH},
	    {"min-samples", required_argument, NULL, MINS},
	    {"branch", required_argument, NULL, BRANCH},
	    {"start-point", required_argument, NULL, START},
	    {"order", required_argument, NULL, ORDER},
	    {"testbed", required_argument, NULL, TESTBED},
	    {"output", required_argument, NULL, 'o'},
	    {"unit", required_argument, NULL, 'u'},
	    STD_LONG_OPTIONS,
	};
	static const char *const outs[] = {"json", "text", "markdown", "csv"};
	const char *sub = argc > 1 ? argv[1] : "";
	int c, i;

	if (strcmp(sub, "changes") == 0)
		cmd = CHANGES;
	else if (strcmp(sub, "check") == 0)
		cmd = CHECK;
	else if (strcmp(sub, "series") == 0)
		cmd = SERIES;
	else if (*sub != '-')
		die(EXIT_USAGE,
		    "%s: a subcommand: changes, check or series "
		    "(%s --help)",
		    *sub ? sub : "no subcommand", progname);
	if (*sub != '-')
		optind = 2;
	cp_defaults(&cpo);
	while ((c = getopt_long(argc, argv, "o:u:hV", opts, NULL)) != -1) {
		switch (c) {
		case METHOD:
			if (strcmp(optarg, "otava") != 0 &&
			    strcmp(optarg, "bt") != 0)
				die(EXIT_USAGE,
				    "--method is bt or otava, not "
				    "'%s'",
				    optarg);
			method_otava = strcmp(optarg, "otava") == 0;
			break;
		case WINDOW:
			window = count(optarg, "--window", 2);
			break;
		case ALPHA:
			alpha = number(optarg, "--alpha");
			if (!(alpha > 0 && alpha < 1))
				die(EXIT_USAGE, "--alpha is in (0, 1)");
			break;
		case MINCH:
			min_change = number(optarg, "--min-change");
			if (min_change < 0)
				die(EXIT_USAGE, "--min-change is >= 0");
			break;
		case MINSEG:
			cpo.min_seg = (size_t)count(optarg, "--min-segment", 1);
			break;
		case FAIL:
			fail_on_regression = 1;
			break;
		case RECENT:
			recent = count(optarg, "--recent", 1);
			break;
		case MODEL:
			if ((model = th_model_parse(optarg)) < 0)
				die(EXIT_USAGE, "--model: no model '%s'",
				    optarg);
			break;
		case BOUNDARY:
			boundary = number(optarg, "--boundary");
			break;
		case LOWER:
		case UPPER:
		case BOTH:
			sides = c == LOWER ? 1 : c == UPPER ? 2 : 3;
			break;
		case MINS:
			min_samples = count(optarg, "--min-samples", 1);
			break;
		case BRANCH:
			branch = optarg;
			break;
		case START:
			start_point = optarg;
			break;
		case TESTBED:
			testbed = optarg;
			break;
		case ORDER:
			if (strncmp(optarg, "git", 3) != 0 ||
			    (optarg[3] && optarg[3] != '='))
				die(EXIT_USAGE, "--order is git or git=DIR");
			order_git = optarg[3] ? optarg + 4 : ".";
			break;
		case 'o':
			for (i = 0; i < 4 && strcmp(optarg, outs[i]); i++)
				;
			if (i == 4 || (i == OUT_CSV && cmd != SERIES))
				die(EXIT_USAGE,
				    "-o is json, text, markdown%s, "
				    "not '%s'",
				    cmd == SERIES ? " or csv" : "", optarg);
			out = (enum out)i;
			break;
		case 'u':
			unit_opt = optarg;
			break;
		default:
			std_option(c, usage);
		}
	}
	if (*sub == '-')
		usage(stderr, EXIT_USAGE);
	if (cmd == CHECK) {
		if (model < 0)
			die(EXIT_USAGE, "check needs --model (static, "
					"percentage, z_score, t_test, "
					"log_normal, iqr, delta_iqr)");
		if (isnan(boundary))
			boundary = th_default_boundary(model);
		if (!th_boundary_ok(model, boundary))
			die(EXIT_USAGE, "--boundary %g does not suit %s%s",
			    boundary, th_model_name(model),
			    model == TH_STATIC ? " (static needs one)" : "");
	}
	if (start_point && !branch)
		die(EXIT_USAGE, "--start-point needs --branch");
	if (!isnan(alpha))
		cpo.alpha = alpha;
	if (!isnan(min_change))
		cpo.min_change = min_change / 100;
}

/* Runs of several machines in one series would compare machines, not
 * commits: say so (a fleet's results are judged per --testbed). */
static void mixed_testbeds(const struct history *h)
{
	const char *first = NULL;
	size_t i;

	for (i = 0; i < h->runs.n; i++) {
		const struct hist_run *r = h->runs.v[i].value;

		if (!r->testbed)
			continue;
		if (!first)
			first = r->testbed;
		else if (strcmp(first, r->testbed) != 0) {
			warnx_("runs of several testbeds (\"%s\", \"%s\", …) "
			       "are in the same series: use --testbed",
			       first, r->testbed);
			return;
		}
	}
}

int main(int argc, char **argv)
{
	struct history h;
	struct hist_point *pt;
	int status, found = 0;
	size_t k, np;

	util_init(argv[0]);
	parse_options(argc, argv);
	rout = plugins_own_stdout();
	history_init(&h);
	h.unit = unit_opt;
	status = history_read_all(&h, argv + optind, (size_t)(argc - optind));
	if (h.errors)
		status = EXIT_USAGE;
	if (testbed && !history_only_testbed(&h, testbed))
		warnx_("no run has testbed \"%s\"", testbed);
	else if (!testbed)
		mixed_testbeds(&h);
	if (order_git) {
		if (history_order_git(&h, order_git))
			status = EXIT_USAGE;
	} else
		history_order(&h);
	writer = recw_new(rout);
	if (out != OUT_JSON)
		header();
	for (k = 0; k < h.series.n; k++) {
		const struct hist_series *s = h.series.v[k].value;

		np = history_points(&h, s, &pt);
		if (cmd == CHANGES)
			found |= changes(&h, s, pt, np);
		else if (cmd == CHECK)
			found |= check(&h, s, pt, np);
		else
			series(&h, s, pt, np);
		free(pt);
	}
	if (out != OUT_JSON)
		table_print(&tab, rout,
			    out == OUT_CSV  ? TABLE_CSV
			    : out == OUT_MD ? TABLE_MARKDOWN
					    : TABLE_TEXT);
	buf_free(&scratch);
	history_free(&h);
	if (recw_finish(writer) | fshut(rout, "<stdout>"))
		return EXIT_FINDING;
	return status ? status : found ? EXIT_FINDING : 0;
}
