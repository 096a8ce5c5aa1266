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
 * The comparison itself is compare.c's, the budget grammar budget.c's;
 * this file reads the sides, and writes the result as records, a JSON
 * document, csv, or text and markdown tables.  Memory holds the values of
 * every benchmark of both sides: a comparison needs them all before it can
 * say anything.
 */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bgread.h"
#include "budget.h"
#include "buf.h"
#include "compare.h"
#include "numfmt.h"
#include "opts.h"
#include "plugin.h"
#include "record.h"
#include "runid.h"
#include "stats.h"
#include "text.h"
#include "util.h"

static struct comparison cmp = {.alpha = 0.05, .max_regression = 10};

/* The command line, and how the sides are named. */
static struct options {
	int fail_on_regression;
	const char *by_label, *baseline_file, *budget_file, *format;
	const char *side_name[2], *name_opt[2]; /* files; --*-name */
} opt;

/* Records and the JSON document go to stdout through the record writer w:
 * each record (or piece of the document) is made in out, the writer's own
 * buffer (recw_begin, recw_piece), and handed over by recw_end or
 * recw_piece_end; the output never sits whole in memory. */
static struct recw *w;
static struct buf *out;
/* stdout, taken from fd 1 before a plugin runs (plugins_own_stdout): what
 * a plugin writes there goes to stderr, with no descriptor swapped a call
 * (two dup2 a line of Go text, 1.8 s of 3.1 for two 89 MB files). */
static FILE *rout;

/* Where a side's records go: its side (0, 1, -1 for --by, SIDE_BY_RUN),
 * the comparison, and, for the target read on a thread of its own, its
 * own comparison and the lines it passes through, held. */
struct reading {
	int side;
	struct comparison *cp;
	struct buf *held;
};

/* A kind bt-compare does not know passes through as read (its line, as
 * recw_write gives it), ahead of the changes (docs/records.md), when the
 * output is records. */
static void pass_through(const struct reading *rd, const struct rec *rec)
{
	if (opt.format && strcmp(opt.format, "records"))
		return;
	if (!rd->held) {
		recw_write(w, rec);
	} else {
		buf_add(rd->held, rec->line.s, rec->line.n);
		buf_addc(rd->held, '\n');
	}
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
	const struct reading *rd = ctx;
	int side = rd->side;

	if (rec->r.kind == 0 && rec->line.n)
		pass_through(rd, rec);
	if (rec->r.kind != BT_KIND_SAMPLE)
		return 0;
	if (side == SIDE_BY_RUN && (side = side_of_run(rec, side)) < 0)
		return 0;
	if (side < 0) {
		side = cmp_side_by_label(rd->cp, rec);
		if (side == -1)
			return 0;
		if (side == -2) {
			warnx_("%s:%ld: a third value of label '%s'; "
			       "bt-compare compares two",
			       rec->file, rec->lineno, opt.by_label);
			return EXIT_USAGE;
		}
	}
	if (side_of_run(rec, side) < 0)
		return 0;
	comparison_add(rd->cp, rec, side);
	return 0;
}

static struct budgets budgets; /* --budget FILE's */

/* --- output --------------------------------------------------------------- */

static void write_records(void)
{
	for (size_t i = 0; i < cmp.ncmps; i++) {
		out = recw_begin(w, "change");
		cmp_change_json(out, &cmp, &cmp.cmps[i]);
		recw_end(w);
	}
	for (size_t i = 0; i < cmp.ngeos; i++) {
		out = recw_begin(w, "change");
		cmp_geo_json(out, &cmp.geos[i]);
		recw_end(w);
	}
	for (size_t i = 0; i < cmp.njudged; i++) {
		out = recw_begin(w, "budget");
		cmp_judged_json(out, &cmp.judged[i]);
		recw_end(w);
	}
}

/* How a side is named in tables: --*-name, the label's value, the file. */
static const char *side_label(int i)
{
	if (opt.name_opt[i])
		return opt.name_opt[i];
	if (opt.by_label)
		return cmp.side_value[i] ? cmp.side_value[i] : "";
	return opt.side_name[i];
}

static void side_object(int i)
{
	buf_addc(out, '{');
	if (opt.name_opt[i]) {
		buf_addlit(out, "\"name\":");
		json_cstr(out, opt.name_opt[i]);
		buf_addc(out, ',');
	}
	if (opt.by_label) {
		json_cstr(out, opt.by_label);
		buf_addc(out, ':');
		json_cstr(out, cmp.side_value[i] ? cmp.side_value[i] : "");
	} else {
		buf_addlit(out, "\"file\":");
		json_cstr(out, opt.side_name[i]);
	}
	buf_addc(out, '}');
}

static void write_json(void)
{
	out = recw_piece(w);
	buf_addlit(out, "{\"baseline\":");
	side_object(0);
	buf_addlit(out, ",\"target\":");
	side_object(1);
	buf_addlit(out, ",\"alpha\":");
	json_num(out, cmp.alpha);
	buf_addlit(out, ",\"max_regression\":");
	json_num(out, cmp.max_regression);
	buf_addlit(out, ",\"results\":[");
	for (size_t i = 0; i < cmp.ncmps; i++) {
		char *full = text_bench_name(NULL, cmp.cmps[i].b->name,
					     cmp.cmps[i].b->procs);

		buf_add(out, &",{"[!i], 2 - !i);
		buf_addlit(out, "\"benchmark\":");
		json_cstr(out, full);
		free(full);
		buf_addc(out, ',');
		cmp_change_json(out, &cmp, &cmp.cmps[i]);
		buf_addc(out, '}');
		recw_piece_end(w);
	}
	buf_addlit(out, "],\"geomean\":[");
	for (size_t i = 0; i < cmp.ngeos; i++) {
		buf_add(out, &",{"[!i], 2 - !i);
		cmp_geo_json(out, &cmp.geos[i]);
		buf_addc(out, '}');
		recw_piece_end(w);
	}
	buf_addlit(out, "],\"budgets\":[");
	for (size_t i = 0; i < cmp.njudged; i++) {
		buf_add(out, &",{"[!i], 2 - !i);
		cmp_judged_json(out, &cmp.judged[i]);
		buf_addc(out, '}');
		recw_piece_end(w);
	}
	buf_addlit(out, "],\"regressions\":");
	json_int(out, cmp.regressions);
	buf_addlit(out, ",\"budget_failures\":");
	json_int(out, cmp.budget_failures);
	buf_addlit(out, "}\n");
	recw_piece_end(w);
}

static void write_csv(void)
{
	char a[40], b[40], c[40], d[40], e[40], f[40], g[40], h[40];

	fputs("suite,name,procs,unit,baseline_n,baseline_center,baseline_lo,"
	      "baseline_hi,target_n,target_center,target_lo,target_hi,"
	      "delta_percent,p_value,verdict\n",
	      rout);
	for (size_t i = 0; i < cmp.ncmps; i++) {
		const struct cmp *x = &cmp.cmps[i];

		text_csv_field(rout, x->b->suite);
		fputc(',', rout);
		text_csv_field(rout, x->b->name);
		fprintf(rout, ",%ld,", x->b->procs);
		text_csv_field(rout, x->s->unit);
		fprintf(
		    rout, ",%zu,%s,%s,%s,%zu,%s,%s,%s,%s,%s,%s\n", x->s->n[0],
		    numfmt_shortest(a, x->c[0]), numfmt_shortest(b, x->lo[0]),
		    numfmt_shortest(c, x->hi[0]), x->s->n[1],
		    numfmt_shortest(d, x->c[1]), numfmt_shortest(e, x->lo[1]),
		    numfmt_shortest(f, x->hi[1]), numfmt_shortest(g, x->delta),
		    numfmt_shortest(h, x->p), x->verdict);
	}
	for (size_t i = 0; i < cmp.ngeos; i++) {
		fprintf(rout, ",geomean,0,");
		text_csv_field(rout, cmp.geos[i].unit);
		fprintf(rout, ",%zu,%s,,,%zu,%s,,,%s,,\n", cmp.geos[i].n,
			numfmt_shortest(a, cmp.geos[i].g[0]), cmp.geos[i].n,
			numfmt_shortest(b, cmp.geos[i].g[1]),
			numfmt_shortest(c, cmp.geos[i].delta));
	}
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
	numfmt_sig4(h, sizeof h, ctr, c->s->unit);
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
			fputs("  ", rout);
		if (k == 5 && colour && *verdict_colour(cells[5]))
			fputs(verdict_colour(cells[5]), rout);
		text_pad(rout, cells[k], k == 5 ? 0 : w[k], k >= 1 && k <= 4);
		if (k == 5 && colour && *verdict_colour(cells[5]))
			fputs("\033[0m", rout);
	}
	fputc('\n', rout);
}

/* A table row: benchmark, baseline, target, delta, p, verdict. */
struct row {
	char *name;	     /* allocated */
	char fig[5][160];    /* the other five */
	const char *cell[6]; /* name, then fig's */
};

static void row_of(const struct cmp *c, struct row *r)
{
	r->cell[0] = r->name =
	    text_bench_name(c->b->suite, c->b->name, c->b->procs);
	for (int k = 0; k < 5; k++)
		r->cell[k + 1] = r->fig[k];
	center_text(c, 0, r->fig[0], 160);
	center_text(c, 1, r->fig[1], 160);
	delta_text(c, r->fig[2], 160);
	if (isnan(c->p))
		snprintf(r->fig[3], 160, "-");
	else
		snprintf(r->fig[3], 160, "p=%.3f n=%lld+%lld", c->p,
			 cmp_side_n(c, 0), cmp_side_n(c, 1));
	snprintf(r->fig[4], 160, "%s", c->verdict);
}

/* A markdown row: the name escaped, the figures as they are. */
static void md_row(const struct row *r)
{
	fputs("| ", rout);
	md_text(rout, r->name);
	for (int k = 1; k < 6; k++)
		fprintf(rout, " | %s", r->cell[k]);
	fputs(" |\n", rout);
}

static void write_unit_table(const char *unit, int md, int colour)
{
	char gb[3][64];
	struct row r;
	int w[6] = {9, 0, 0, 5, 1, 7};
	const char *base = side_label(0), *targ = side_label(1);
	const char *better =
	    unit_better(unit, 0) == BT_BETTER_LOWER ? "lower" : "higher";

	w[1] = text_width(base), w[2] = text_width(targ);
	for (size_t i = 0; i < cmp.ncmps; i++) {
		if (strcmp(cmp.cmps[i].s->unit, unit))
			continue;
		row_of(&cmp.cmps[i], &r);
		for (int k = 0; k < 6; k++)
			if (text_width(r.cell[k]) > w[k])
				w[k] = text_width(r.cell[k]);
		free(r.name);
	}
	if (md) {
		fputs("\n**", rout);
		md_text(rout, unit);
		fprintf(rout, "** (%s is better)\n\n| benchmark | ", better);
		md_text(rout, base);
		fputs(" | ", rout);
		md_text(rout, targ);
		fputs(" | delta | p | verdict |\n|:--|--:|--:|--:|--:|:--|\n",
		      rout);
	} else {
		const char *h[6] = {"benchmark", base, targ,
				    "delta",	 "p",  "verdict"};

		text_put(rout, unit);
		fprintf(rout, " (%s is better)\n", better);
		text_row(h, w, 0);
	}
	for (size_t i = 0; i < cmp.ncmps; i++) {
		if (strcmp(cmp.cmps[i].s->unit, unit))
			continue;
		row_of(&cmp.cmps[i], &r);
		if (md)
			md_row(&r);
		else
			text_row(r.cell, w, colour);
		free(r.name);
	}
	for (size_t i = 0; i < cmp.ngeos; i++) {
		if (strcmp(cmp.geos[i].unit, unit) || cmp.geos[i].n < 2)
			continue;
		if (isnan(cmp.geos[i].g[0]) || isnan(cmp.geos[i].g[1])) {
			snprintf(gb[0], 64, "n/a (a center <= 0)");
			snprintf(gb[1], 64, "n/a");
		} else {
			numfmt_sig4(gb[0], 64, cmp.geos[i].g[0], unit);
			numfmt_sig4(gb[1], 64, cmp.geos[i].g[1], unit);
		}
		if (isfinite(cmp.geos[i].delta))
			snprintf(gb[2], 64, "%+.2f%%", cmp.geos[i].delta);
		else
			snprintf(gb[2], 64, "?");
		if (md) {
			fprintf(rout, "| geomean | %s | %s | %s | | |\n", gb[0],
				gb[1], gb[2]);
		} else {
			const char *g[6] = {"geomean", gb[0], gb[1],
					    gb[2],     "",    ""};

			text_row(g, w, 0);
		}
	}
}

static void write_budgets_table(int md)
{
	if (!cmp.njudged)
		return;
	fprintf(rout,
		md ? "\n**budgets**\n\n| benchmark | rule | value | result "
		     "|\n|:--|:--|--:|:--|\n"
		   : "\nbudgets\n");
	for (size_t i = 0; i < cmp.njudged; i++) {
		const struct judged *j = &cmp.judged[i];
		char *name =
		    j->c ? text_bench_name(j->c->b->suite, j->c->b->name,
					   j->c->b->procs)
			 : xstrdup("(none)");
		char rule[256], v[40];

		snprintf(rule, sizeof rule, "%s %s %s %.6g", j->bu->stat,
			 j->bu->unit, j->bu->op, j->bu->limit);
		snprintf(v, sizeof v, "%.6g", j->value);
		if (md) {
			fputs("| ", rout);
			md_text(rout, name);
			fputs(" | ", rout);
			md_text(rout, rule);
		} else {
			text_put(rout, name), fputs("  ", rout);
			text_put(rout, rule);
		}
		fprintf(rout, md ? " | %s | %s |\n" : "  %s  %s\n",
			j->c ? v : "-",
			!j->c	  ? "NO DATA"
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

	for (size_t i = 0; i < cmp.ncmps; i++) {
		for (int k = 0; k < 2; k++)
			inf |=
			    cmp.cmps[i].s->n[k] && (isinf(cmp.cmps[i].lo[k]) ||
						    isinf(cmp.cmps[i].hi[k]));
		few |= !strcmp(cmp.cmps[i].verdict, "insufficient");
	}
	if (inf || few)
		fputc('\n', rout);
	if (inf)
		fprintf(rout,
			"%s± ∞: fewer than %zu samples, too few for a %g%% "
			"confidence interval of the median%s\n",
			md ? "_" : "", stats_median_ci_min_n(CMP_CONFIDENCE),
			100 * CMP_CONFIDENCE, md ? "._" : "");
	if (inf && few && md)
		fputc('\n', rout); /* a paragraph each */
	if (few)
		fprintf(rout,
			"%sinsufficient: too few samples for any difference to "
			"reach p ≤ %g%s\n",
			md ? "_" : "", cmp.alpha, md ? "._" : "");
}

static void write_tables(int md)
{
	int colour = !md && use_colour(rout);
	size_t done = 0;

	if (md) {
		fputs("### Benchmark comparison: ", rout);
		md_text(rout, side_label(0));
		fputs(" vs ", rout);
		md_text(rout, side_label(1));
		fputc('\n', rout);
	}
	for (size_t i = 0; i < cmp.ncmps; i++) {
		size_t j;

		for (j = 0; j < i; j++)
			if (!strcmp(cmp.cmps[j].s->unit, cmp.cmps[i].s->unit))
				break;
		if (j < i)
			continue;
		if (done++ && !md)
			fputc('\n', rout);
		write_unit_table(cmp.cmps[i].s->unit, md, colour);
	}
	notes(md);
	write_budgets_table(md);
	/* the verdict a CI log ends with */
	fprintf(rout,
		"\n%d regression(s) beyond %g%%, %d budget failure(s); "
		"alpha %g.\n",
		cmp.regressions, cmp.max_regression, cmp.budget_failures,
		cmp.alpha);
}

/* --- main ----------------------------------------------------------------- */

static void usage(FILE *f, int status)
{
	fprintf(
	    f,
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

/* One side's records.  With rest (input_opts): records only, from a file
 * or a pipe, else INPUT_NOT_RECORDS (what was read of a pipe in *rest). */
static int read_side_as(const char *path, int side, struct input_rest **rest)
{
	struct reading rd = {side, &cmp, NULL};
	struct input_opts o = {.fn = read_rec,
			       .ctx = &rd,
			       .records_only = rest != NULL,
			       .rest = rest};

	return input_read_opts(path, &o);
}

/* One side read in turn: from rest when a records-only reading kept the
 * start of its pipe, else from path. */
static int read_side(const char *path, int side, struct input_rest *rest)
{
	struct reading rd = {side, &cmp, NULL};
	struct input_opts o = {.fn = read_rec, .ctx = &rd};

	return rest ? input_read_rest(rest, &o) : input_read_opts(path, &o);
}

/* The baseline here and, when the target is records (a file, or a pipe
 * such as <(bt-parse new.txt)), the target on a second core at the same
 * time (bgread.h), its records then added as if read after the
 * baseline's: the same output, sooner.  A baseline that is not records is
 * read once the target's thread has ended (its plugin's guard forks); a
 * pipe either side that is not records is read on from where that
 * reading stopped. */
static int read_both(const char *base, const char *target)
{
	/* static: a thread left reading (bgread_abandon) may use them */
	static struct comparison tc;
	static struct buf passed;
	static struct reading rd = {1, &tc, &passed};
	struct input_rest *brest = NULL, *trest = NULL;
	struct bgread *bg;
	int st, tst;

	tc.skip = cmp.skip;
	bg = input_same_pipe(base, target)
		 ? NULL
		 : bgread_start(target, read_rec, &rd);
	st = bg ? read_side_as(base, 0, &brest) : read_side(base, 0, NULL);
	if (bg && st && st != INPUT_NOT_RECORDS) {
		/* a bad baseline: the end, the target unread, as in turn (and
		 * its pipe may never end) */
		bgread_abandon(bg);
		return st;
	}
	tst = bg ? bgread_wait(bg) : INPUT_NOT_RECORDS;
	if (st == INPUT_NOT_RECORDS)
		st = read_side(base, 0, brest);
	if (bg) {
		trest = bgread_rest(bg);
		bgread_end(bg, !st);
	}
	if (!st && tst != INPUT_NOT_RECORDS) {
		recw_raw(w, passed.p, passed.len);
		comparison_merge(&cmp, &tc);
		st = tst;
	} else if (!st) {
		st = read_side(target, 1, trest);
	} else {
		input_rest_free(trest); /* a bad baseline: the target unread */
	}
	buf_free(&passed);
	comparison_free(&tc);
	return st;
}

static int read_inputs(char **argv, int argc)
{
	int st = 0;

	if (run_sel[0] && run_sel[1] && argc < 2 && !opt.baseline_file &&
	    !opt.by_label) {
		opt.side_name[0] = run_sel[0], opt.side_name[1] = run_sel[1];
		return read_side(argc ? argv[0] : "-", SIDE_BY_RUN, NULL);
	}
	if (opt.by_label) {
		opt.side_name[0] = opt.side_name[1] = opt.by_label;
		if (argc == 0)
			return read_side("-", -1, NULL);
		for (int i = 0; i < argc && !st; i++)
			st = read_side(argv[i], -1, NULL);
		return st;
	}
	if (opt.baseline_file) {
		opt.side_name[0] = opt.baseline_file;
		opt.side_name[1] = argc ? argv[0] : "-";
		if (argc > 1)
			usage(stderr, EXIT_USAGE);
		return read_both(opt.baseline_file, opt.side_name[1]);
	}
	if (argc != 2)
		usage(stderr, EXIT_USAGE);
	opt.side_name[0] = argv[0], opt.side_name[1] = argv[1];
	return read_both(argv[0], argv[1]);
}

/* The command line into opt and cmp's settings; exits 2 on a bad one. */
static void options(int argc, char **argv)
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
	    STD_LONG_OPTIONS,
	};
	int c;

	while ((c = getopt_long(argc, argv, "b:B:a:r:Fo:u:hV", opts, NULL)) !=
	       -1) {
		switch (c) {
		case 'b':
			opt.by_label = optarg;
			break;
		case 'B':
			opt.baseline_file = optarg;
			break;
		case 'a':
			cmp.alpha = opt_number(optarg, "--alpha");
			break;
		case 'r':
			cmp.max_regression =
			    opt_number(optarg, "--max-regression");
			break;
		case 'F':
			opt.fail_on_regression = 1;
			break;
		case BUDGET:
			opt.budget_file = optarg;
			break;
		case BASE_NAME:
		case TARGET_NAME:
			opt.name_opt[c == TARGET_NAME] = optarg;
			break;
		case BASE_RUN:
		case TARGET_RUN:
			run_sel[c == TARGET_RUN] = optarg;
			break;
		case 'o':
			opt.format = optarg;
			break;
		case 'u':
			cmp.units = xreallocarray(cmp.units, cmp.nunits + 1,
						  sizeof *cmp.units);
			cmp.units[cmp.nunits++] = optarg;
			break;
		default: /* -h, -V, unknown */
			std_option(c, usage);
		}
	}
	if (opt.format && strcmp(opt.format, "records") &&
	    strcmp(opt.format, "text") && strcmp(opt.format, "markdown") &&
	    strcmp(opt.format, "csv") && strcmp(opt.format, "json"))
		die(EXIT_USAGE,
		    "--format: '%s' is not records, text, "
		    "markdown, csv or json",
		    opt.format);
	if (opt.by_label && opt.baseline_file)
		die(EXIT_USAGE, "--by and --baseline do not go together");
	/* the label that tells the sides apart is no part of a benchmark's
	 * identity: --by's, else "version" (bt-collect and bt-run -l
	 * version=… label each side with it) */
	cmp.skip = opt.by_label ? opt.by_label : "version";
	cmp.by_label = opt.by_label;
}

/* The comparison in the format asked for. */
static void write_output(void)
{
	if (!opt.format || !strcmp(opt.format, "records"))
		write_records();
	else if (!strcmp(opt.format, "json"))
		write_json();
	else if (!strcmp(opt.format, "csv"))
		write_csv();
	else
		write_tables(!strcmp(opt.format, "markdown"));
}

int main(int argc, char **argv)
{
	int st;

	util_init(argv[0]);
	options(argc, argv); /* --help and --version: on stdout */
	rout = plugins_own_stdout();
	w = recw_new(rout);
	if (opt.budget_file)
		budgets_read(&budgets, opt.budget_file);
	st = read_inputs(argv + optind, argc - optind);
	if (st) {
		recw_finish(w);
		fshut(rout, "<stdout>");
		return EXIT_USAGE;
	}
	for (int i = 0; i < 2; i++)
		if (side_runs[i].mixed)
			warnx_("the %s holds samples of more than one run, "
			       "compared as one pool (--%s-run ID takes one)",
			       i ? "target" : "baseline",
			       i ? "target" : "baseline");
	if (opt.by_label && !cmp.side_value[1])
		warnx_("label '%s' has fewer than two values: nothing to "
		       "compare",
		       opt.by_label);
	comparison_run(&cmp, &budgets);
	write_output();
	st = opt.fail_on_regression && (cmp.regressions || cmp.budget_failures)
		 ? EXIT_FINDING
		 : 0;
	comparison_free(&cmp);
	budgets_free(&budgets);
	if (recw_finish(w))
		return EXIT_FINDING; /* reported */
	return fshut(rout, "<stdout>") ? EXIT_FINDING : st;
}
