/*
 * bt-cv — is this measurement stable?
 *
 * Groups the samples of a record stream by benchmark (suite, name, procs,
 * group labels) and judged unit, and appends one `summary` record per group:
 * n, mean, median, standard deviation, coefficient of variation, extremes,
 * percentiles, the median's confidence interval, the seeds' variance class
 * and whether the CV is within the threshold.  Every input record passes
 * through first, unchanged and in order, so bt-cv sits in the middle of a
 * pipeline; --check turns a CV over the threshold into exit status 1 and
 * --failed writes those benchmarks for bt-retry.
 *
 * Memory holds the values of each group (a median needs them all), never
 * the records themselves.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "atomic.h"
#include "buf.h"
#include "failed.h"
#include "map.h"
#include "numfmt.h"
#include "opts.h"
#include "plugin.h"
#include "record.h"
#include "runid.h"
#include "stats.h"
#include "sumstats.h"
#include "text.h"
#include "util.h"

#define CI_LEVEL 0.95

/* A --threshold-for rule: groups whose label key is value get pct. */
struct rule {
	char *key, *value;
	double pct;
};

static double threshold = 10;
static const char *unit_opt, *failed_path, *run_sel;
static struct rule *rules;
static size_t nrules;
static int summaries_only, stream, check, text;
/* stdout, taken from fd 1 before a plugin runs (plugins_own_stdout): what
 * a plugin writes there goes to stderr, with no descriptor swapped a call. */
static FILE *rout;

/* One benchmark and unit: where it came from and every value seen. */
struct group {
	struct buf id; /* "suite":…,"name":…,"procs":…,"labels":{…}, */
	char *suite, *name, *unit;
	long procs;
	double limit; /* its CV threshold */
	double *v;
	size_t n, cap;
	struct runid_seen runs;	  /* does it mix runs? */
	struct stats_moments mom; /* summary-only samples' stats, pooled */
	size_t nsum;		  /* values that came with them */
};

struct state {
	struct map groups;
	struct recw *w;
	struct buf key;
	struct group *last;  /* the group of the record before, */
	struct buf last_raw; /* its rec_raw_identity and unit */
};

static void group_free(void *p)
{
	struct group *g = p;

	buf_free(&g->id);
	free(g->suite);
	free(g->name);
	free(g->unit);
	free(g->v);
	runid_seen_free(&g->runs);
	free(g);
}

/* The threshold for a record: the first --threshold-for rule whose label
 * it carries, else --threshold. */
static double limit_of(const struct rec *rec)
{
	char val[256];
	size_t i;
	const char *v;

	for (i = 0; i < nrules; i++) {
		v = rec_label(rec, rules[i].key, val, sizeof val);
		if (v && strcmp(v, rules[i].value) == 0)
			return rules[i].pct;
	}
	return threshold;
}

/* The group of rec for unit, made on first sight.  Owned by the map. */
static struct group *group_of(struct state *st, const struct rec *rec,
			      const char *unit)
{
	struct map_entry *e;
	struct group *g;
	size_t k, nu = strlen(unit) + 1;

	/* A benchmark's samples mostly come one after another: a record
	 * field for field the one before (in the same order) is of its group,
	 * found without sorting labels or hashing. */
	if (st->last &&
	    (k = rec_raw_identity_at(st->last_raw.p, st->last_raw.len,
				     &rec->r)) &&
	    st->last_raw.len - k == nu && !memcmp(st->last_raw.p + k, unit, nu))
		return st->last;
	st->last_raw.len = 0;
	rec_raw_identity(&st->last_raw, &rec->r);
	buf_add(&st->last_raw, unit, nu);
	st->key.len = 0;
	rec_identity(&st->key, &rec->r, 1, NULL);
	buf_addc(&st->key, '\x1e');
	buf_add(&st->key, unit, strlen(unit));
	e = map_get(&st->groups, st->key.p, st->key.len, NULL);
	if (e->value)
		return st->last = e->value;
	identity_check(rec);
	g = xcalloc(1, sizeof *g);
	rec_id_json(&g->id, &rec->r, unit, strlen(unit));
	g->suite =
	    xstrndup(rec->r.suite.s ? rec->r.suite.s : "", rec->r.suite.n);
	g->name = xstrndup(rec->r.name.s, rec->r.name.n);
	g->unit = xstrdup(unit);
	g->procs = rec->r.procs;
	g->limit = limit_of(rec);
	e->value = g;
	return st->last = g;
}

static void add_value(struct group *g, double v)
{
	if (g->n == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 16;
		g->v = xreallocarray(g->v, g->cap, sizeof *g->v);
	}
	g->v[g->n++] = v;
}

/* Summarise g into s; its values end up sorted.  1 when it fails. */
static int judge(struct group *g, struct stats_summary *s)
{
	stats_summarize(g->v, g->n, CI_LEVEL, s);
	if (g->nsum == g->n) { /* the tool's own n, mean, stddev and CV */
		s->n = (size_t)g->mom.n;
		s->mean = g->mom.mean;
		s->stddev = stats_moments_sd(&g->mom);
		s->has_stddev = g->mom.n >= 2;
		s->has_cv = s->has_stddev && s->mean != 0;
		s->cv = s->has_cv ? s->stddev / fabs(s->mean) * 100 : NAN;
	}
	return s->has_cv && s->cv > g->limit;
}

static void num_or_null(struct buf *b, const char *name, double d, int ok)
{
	buf_add(b, name, strlen(name));
	if (ok && isfinite(d))
		json_num(b, d);
	else
		buf_addlit(b, "null");
}

/* Append the fields of g's summary record to b (recw_begin's). */
static void summary_json(struct buf *b, struct group *g, int partial)
{
	struct stats_summary s;
	int fail = judge(g, &s);

	buf_add(b, g->id.p, g->id.len);
	buf_addlit(b, "\"n\":");
	json_int(b, (long long)s.n);
	num_or_null(b, ",\"mean\":", s.mean, 1);
	num_or_null(b, ",\"median\":", s.median, 1);
	num_or_null(b, ",\"stddev\":", s.stddev, s.has_stddev);
	num_or_null(b, ",\"cv\":", s.cv, s.has_cv);
	num_or_null(b, ",\"min\":", s.min, 1);
	num_or_null(b, ",\"max\":", s.max, 1);
	num_or_null(b, ",\"p50\":", s.p50, 1);
	num_or_null(b, ",\"p95\":", s.p95, 1);
	num_or_null(b, ",\"p99\":", s.p99, 1);
	num_or_null(b, ",\"ci_lo\":", s.ci_lo, 1);
	num_or_null(b, ",\"ci_hi\":", s.ci_hi, 1);
	num_or_null(b, ",\"ci_level\":", CI_LEVEL, 1);
	num_or_null(b, ",\"ci_confidence\":", s.ci_level, 1);
	buf_addlit(b, ",\"ci_method\":\"binomial order statistics\"");
	buf_addlit(b, ",\"class\":");
	json_str(b, stats_class_name(stats_classify(s.cv)),
		 strlen(stats_class_name(stats_classify(s.cv))));
	num_or_null(b, ",\"threshold\":", g->limit, 1);
	buf_addlit(b, ",\"pass\":");
	if (!s.has_cv)
		buf_addlit(b, "null");
	else if (fail)
		buf_addlit(b, "false");
	else
		buf_addlit(b, "true");
	if (g->nsum == g->n)
		buf_addlit(b, ",\"summary_only\":true");
	if (partial)
		buf_addlit(b, ",\"partial\":true");
}

/* Say which groups mixed runs: never silently. */
static void warn_mixed(struct state *st)
{
	size_t i;

	for (i = 0; i < st->groups.n; i++) {
		struct group *g = st->groups.v[i].value;
		char *name;

		if (!g->runs.mixed)
			continue;
		name = text_bench_name(g->suite, g->name, g->procs);
		warnx_("%s (%s): samples of more than one run judged together "
		       "(--run ID judges one)",
		       name, g->unit);
		free(name);
	}
}

static int on_record(void *ctx, const struct rec *rec)
{
	struct state *st = ctx;
	const struct bt_metric *m;
	struct group *g;
	const char *unit;
	char tmp[128];
	struct bt_stats sum;

	if (!text && !(summaries_only && rec->r.kind == BT_KIND_SAMPLE))
		recw_write(st->w, rec);
	if (rec->r.kind != BT_KIND_SAMPLE)
		return 0;
	unit = unit_opt ? unit_opt : rec_time_unit(rec, tmp, sizeof tmp);
	if (!unit || !(m = rec_metric(rec, unit)))
		return 0;
	if (run_sel && !runid_match(rec, run_sel))
		return 0;
	g = group_of(st, rec, unit);
	runid_note(&g->runs, rec);
	add_value(g, m->value);
	if (sumstats_any(rec) &&
	    sumstats_of(rec, m->unit, &sum) == SUMSTATS_FOUND) {
		stats_moments_add(&g->mom, sum.n, sum.mean, sum.stddev);
		g->nsum++;
	}
	if (stream && !text) {
		summary_json(recw_begin(st->w, "summary"), g, 1);
		recw_end(st->w);
	}
	return 0;
}

static void flush_out(void *ctx)
{
	recw_flush(((struct state *)ctx)->w);
}

/* --- the results ---------------------------------------------------------- */

static int write_summaries(struct state *st)
{
	struct stats_summary s;
	size_t i;
	int failed = 0;

	for (i = 0; i < st->groups.n; i++) {
		struct group *g = st->groups.v[i].value;

		summary_json(recw_begin(st->w, "summary"), g, 0);
		recw_end(st->w);
		failed |= judge(g, &s);
	}
	return failed;
}

/* The failing groups as a failed list (failed.h: every name round-trips). */
static int write_failed(struct state *st)
{
	struct stats_summary s;
	struct buf b = {0};
	size_t i;
	int r;

	failed_header(&b);
	for (i = 0; i < st->groups.n; i++) {
		struct group *g = st->groups.v[i].value;
		struct failed_entry e;

		if (!judge(g, &s))
			continue;
		e.suite = g->suite;
		e.suite_len = strlen(g->suite);
		e.name = g->name;
		e.name_len = strlen(g->name);
		e.procs = g->procs;
		e.cv = s.cv;
		failed_line(&b, &e);
	}
	r = atomic_write(failed_path, b.p, b.len, 0);
	if (r)
		warnx_("%s: %s", failed_path, strerror(errno));
	buf_free(&b);
	return r ? EXIT_USAGE : 0;
}

/* The display name: suite/name-procs, as Go prints it (allocated). */
static char *display(const struct group *g)
{
	return text_bench_name(g->suite, g->name, g->procs);
}

/* Half the interval's width as % of the median, or "∞" when unbounded. */
static void fmt_ci(char *out, size_t n, const struct stats_summary *s)
{
	double w;

	if (!isfinite(s->ci_lo) || !isfinite(s->ci_hi))
		snprintf(out, n, "± ∞");
	else if (s->median == 0)
		snprintf(out, n, "n/a");
	else {
		w = fmax(s->median - s->ci_lo, s->ci_hi - s->median);
		snprintf(out, n, "± %.0f%%", w / fabs(s->median) * 100);
	}
}

static int width_of(struct state *st)
{
	int w = 9, l;

	for (size_t i = 0; i < st->groups.n; i++) {
		char *name = display(st->groups.v[i].value);

		l = text_width(name);
		if (l > w)
			w = l;
		free(name);
	}
	return w;
}

static int write_table(struct state *st)
{
	int colour = use_colour(rout), failed = 0, fail, unbounded = 0;
	int w = width_of(st);
	size_t i;
	char *name, med[40], ci[40], cv[40], p95[40], thr[40];
	struct stats_summary s;

	text_pad(rout, "benchmark", w, 0);
	fprintf(rout, "  %-10s %4s %10s %7s %10s %8s  %-10s %s\n", "unit", "n",
		"median", "ci", "p95", "cv", "class", "result");
	for (i = 0; i < st->groups.n; i++) {
		struct group *g = st->groups.v[i].value;
		const char *res, *on = "", *off = "";

		fail = judge(g, &s);
		failed |= fail;
		numfmt_fig(med, sizeof med, s.median, 1, "");
		fmt_ci(ci, sizeof ci, &s);
		unbounded |= !isfinite(s.ci_lo) || !isfinite(s.ci_hi);
		numfmt_fig(p95, sizeof p95, s.p95, 1, "");
		numfmt_fig(cv, sizeof cv, s.cv, s.has_cv, "%");
		res = !s.has_cv ? "too few" : fail ? "FAIL" : "ok";
		if (colour && s.has_cv) {
			on = fail ? "\033[31m" : "\033[32m";
			off = "\033[0m";
		}
		snprintf(thr, sizeof thr, "(≤ %g%%)", g->limit);
		name = display(g);
		text_pad(rout, name, w, 0);
		free(name);
		fputs("  ", rout);
		text_pad(rout, g->unit, 10, 0);
		fprintf(rout, " %4zu %10s ", s.n, med);
		text_pad(rout, ci, 7, 1); /* "± ∞": 3 columns, 6 bytes */
		fprintf(rout, " %10s %8s  %-10s %s%s%s %s\n", p95, cv,
			stats_class_name(stats_classify(s.cv)), on, res, off,
			thr);
	}
	if (unbounded)
		fprintf(rout,
			"\nci: the median's %g%% confidence interval; ± ∞: "
			"fewer than %zu samples, too few for one\n",
			100 * CI_LEVEL, stats_median_ci_min_n(CI_LEVEL));
	return failed;
}

/* --- options -------------------------------------------------------------- */

/* --threshold-for KEY=VALUE:PCT */
static void add_rule(const char *arg)
{
	const char *eq = strchr(arg, '='), *colon = strrchr(arg, ':');
	struct rule *r;

	if (!eq || eq == arg || !colon || colon < eq)
		die(EXIT_USAGE, "--threshold-for wants KEY=VALUE:PCT, not '%s'",
		    arg);
	rules = xreallocarray(rules, nrules + 1, sizeof *rules);
	r = &rules[nrules++];
	r->key = xstrndup(arg, (size_t)(eq - arg));
	r->value = xstrndup(eq + 1, (size_t)(colon - eq - 1));
	r->pct = opt_percent(colon + 1, "--threshold-for");
}

static void usage(FILE *f, int status)
{
	fprintf(f,
		"usage: %s [-t PCT] [-u UNIT] [--threshold-for "
		"KEY=VALUE:PCT]..."
		"\n             [--summaries-only] [--stream] [--check] "
		"[--failed FILE]\n"
		"             [--format records|text] [FILE...]\n"
		"Append a summary (n, mean, median, stddev, CV, percentiles, "
		"median CI,\nvariance class, pass) per benchmark to the "
		"record stream.\n"
		"  -t, --threshold PCT    largest CV that passes (default 10)\n"
		"      --threshold-for KEY=VALUE:PCT\n"
		"                         another threshold for benchmarks "
		"with that label\n"
		"  -u, --unit UNIT        judge this unit (default ns/op, else "
		"the first)\n"
		"  -s, --summaries-only   drop the samples, keep everything "
		"else\n"
		"      --stream           an updated summary after every "
		"sample\n"
		"  -c, --check            exit 1 when a CV is over its "
		"threshold\n"
		"      --failed FILE      write the failing benchmarks for "
		"bt-retry\n"
		"      --format FORMAT    records (default) or text (a table)\n"
		"      --run ID           judge only the samples of run ID "
		"(its id or commit)\n"
		"  -h, --help             show this help\n"
		"  -V, --version          show the version\n"
		"Exit status: 0 success, 1 with --check when a benchmark "
		"fails, "
		"2 usage or\ninput error.\n",
		progname);
	exit(status);
}

static void parse_options(int argc, char **argv)
{
	enum { FOR = 256, STREAM, FAILED, FORMAT, RUN };
	static const struct option opts[] = {
	    {"threshold", required_argument, NULL, 't'},
	    {"threshold-for", required_argument, NULL, FOR},
	    {"unit", required_argument, NULL, 'u'},
	    {"summaries-only", no_argument, NULL, 's'},
	    {"stream", no_argument, NULL, STREAM},
	    {"check", no_argument, NULL, 'c'},
	    {"failed", required_argument, NULL, FAILED},
	    {"run", required_argument, NULL, RUN},
	    {"format", required_argument, NULL, FORMAT},
	    STD_LONG_OPTIONS,
	};
	int c;

	while ((c = getopt_long(argc, argv, "t:u:schV", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			threshold = opt_percent(optarg, "--threshold");
			break;
		case FOR:
			add_rule(optarg);
			break;
		case 'u':
			unit_opt = optarg;
			break;
		case 's':
			summaries_only = 1;
			break;
		case STREAM:
			stream = 1;
			break;
		case 'c':
			check = 1;
			break;
		case RUN:
			run_sel = optarg;
			break;
		case FAILED:
			failed_path = optarg;
			break;
		case FORMAT:
			if (strcmp(optarg, "text") == 0)
				text = 1;
			else if (strcmp(optarg, "records") == 0)
				text = 0;
			else
				die(EXIT_USAGE,
				    "--format is records or text, "
				    "not '%s'",
				    optarg);
			break;
		default: /* -h, -V, unknown */
			std_option(c, usage);
		}
	}
}

int main(int argc, char **argv)
{
	struct state st = {0};
	struct input_opts in = {0};
	int i, status = 0, failed, r;

	util_init(argv[0]);
	parse_options(argc, argv);
	if (failed_path) { /* the list replaces the file: never an input */
		char *dash = "-";
		const char *clash =
		    optind < argc
			? input_clash(failed_path, argv + optind, argc - optind)
			: input_clash(failed_path, &dash, 1);

		if (clash)
			die(EXIT_USAGE,
			    "--failed %s: it is also an input (%s); nothing "
			    "read or written",
			    failed_path, clash);
	}
	rout = plugins_own_stdout();
	st.w = recw_new(rout);
	buf_grow(&st.key, 256); /* buf_add(…, 0) on an empty buf is UB */
	in.fn = on_record;
	in.ctx = &st;
	in.idle = stream ? flush_out : NULL;
	for (i = optind; i < argc || i == optind; i++) {
		r = input_read_opts(i < argc ? argv[i] : "-", &in);
		if (r)
			status = EXIT_USAGE;
	}
	warn_mixed(&st);
	if (text) {
		recw_flush(st.w);
		failed = write_table(&st);
	} else {
		failed = write_summaries(&st);
	}
	if (failed_path && write_failed(&st))
		status = EXIT_USAGE;
	if (recw_finish(st.w))
		status =
		    EXIT_FINDING; /* as every filter: 1 when output is lost */
	if (!status && check && failed)
		status = EXIT_FINDING;
	map_free(&st.groups, group_free);
	buf_free(&st.key);
	buf_free(&st.last_raw);
	for (i = 0; i < (int)nrules; i++) {
		free(rules[i].key);
		free(rules[i].value);
	}
	free(rules);
	return fshut(rout, "<stdout>") ? EXIT_FINDING : status;
}
