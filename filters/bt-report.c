/*
 * bt-report — records in, a report out: a summary table for a pull request
 * or a CI job (--format markdown), the same figures unrounded (csv), or Go
 * benchmark text that benchstat and bt-parse read back (benchfmt).
 *
 * It exists apart from bt-export (the dashboard's data tree) and bt-archive
 * (bundles) because it is one job of its own: a filter from a record stream
 * to text on stdout, nothing written anywhere else.  markdown and csv read
 * the whole stream into one run (results.h) and summarize each series;
 * benchfmt is streamed, one line per sample as it comes.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "map.h"
#include "numfmt.h"
#include "plugin.h"
#include "record.h"
#include "results.h"
#include "stats.h"
#include "text.h"
#include "util.h"

/* --- reports -------------------------------------------------------------- */

/* stdout, taken from fd 1 before a plugin runs (plugins_own_stdout): what
 * a plugin writes there goes to stderr, with no descriptor swapped a call. */
static FILE *rout;

static int report_read(char **args, int nargs, struct run *r)
{
	int i, ret = 0;

	if (nargs == 0)
		return input_read("-", NULL, take_record, r);
	for (i = 0; i < nargs; i++)
		ret |= input_read(args[i], NULL, take_record, r);
	return ret ? EXIT_USAGE : 0;
}

static int any_version(const struct run *r)
{
	size_t i;

	for (i = 0; i < r->benches.n; i++)
		if (((struct bench *)r->benches.v[i].value)->version)
			return 1;
	return 0;
}

static void md_row(const struct bench *b, const struct series *se, int vers)
{
	struct summ m;
	char med[40], mean[40], ci[40], cv[40];
	const char *cls;

	summarize(se, &m);
	cls = class_title(stats_classify(m.s.cv));
	numfmt_report(med, sizeof med, m.s.median, "");
	numfmt_report(mean, sizeof mean, m.s.mean, "");
	numfmt_report(ci, sizeof ci, (m.ci_high - m.ci_low) / 2, "");
	numfmt_report(cv, sizeof cv, m.s.cv, "%");
	fputs("| ", rout);
	if (vers) {
		md_text(rout, b->version ? b->version : "");
		fputs(" | ", rout);
	}
	md_text(rout, b->suite);
	fputs(" | ", rout);
	md_text(rout, b->name);
	if (b->procs > 0)
		fprintf(rout, "-%ld", b->procs);
	fputs(" | ", rout);
	md_text(rout, se->unit);
	fprintf(rout, " | %zu | %s | %s | ± %s | %s | %s |\n", se->n, med, mean,
		ci, cv, cls ? cls : "—");
}

static void report_markdown(const struct run *r)
{
	int vers = any_version(r);
	size_t i, j;

	fputs("## Benchmark summary\n\n", rout);
	fprintf(rout,
		"%s| Suite | Benchmark | Unit | n | Median | Mean | CI 95 %% "
		"(mean) | CV | Variance |\n",
		vers ? "| Version " : "");
	fprintf(rout, "%s|---|---|---|--:|--:|--:|--:|--:|---|\n",
		vers ? "|---" : "");
	for (i = 0; i < r->benches.n; i++) {
		const struct bench *b = r->benches.v[i].value;

		for (j = 0; j < b->ns; j++)
			md_row(b, &b->s[j], vers);
	}
	if (r->benches.n == 0)
		fputs("\n_No samples._\n", rout);
}

static void csv_num(double v)
{
	char out[40];

	fputc(',', rout);
	if (isfinite(v)) {
		fmt_double(out, v);
		fputs(out, rout);
	}
}

static void report_csv(const struct run *r)
{
	size_t i, j;

	fputs("version,suite,name,procs,unit,n,median,mean,stddev,cv,min,max,"
	      "p95,p99,ci_low,ci_high,variance\n",
	      rout);
	for (i = 0; i < r->benches.n; i++) {
		const struct bench *b = r->benches.v[i].value;

		for (j = 0; j < b->ns; j++) {
			struct summ m;
			const char *cls;

			summarize(&b->s[j], &m);
			cls = class_title(stats_classify(m.s.cv));
			text_csv_field(rout, b->version ? b->version : "");
			fputc(',', rout);
			text_csv_field(rout, b->suite);
			fputc(',', rout);
			text_csv_field(rout, b->name);
			fprintf(rout, ",%ld,", b->procs);
			text_csv_field(rout, b->s[j].unit);
			fprintf(rout, ",%zu", b->s[j].n);
			csv_num(m.s.median);
			csv_num(m.s.mean);
			csv_num(m.s.stddev);
			csv_num(m.s.cv);
			csv_num(m.s.min);
			csv_num(m.s.max);
			csv_num(m.s.p95);
			csv_num(m.s.p99);
			csv_num(m.ci_low);
			csv_num(m.ci_high);
			fputc(',', rout);
			text_csv_field(rout, cls ? cls : "");
			fputc('\n', rout);
		}
	}
}

static int report(const char *format, char **args, int nargs)
{
	struct run *r = run_new("-");
	int ret;

	r->by_version = 1;
	ret = report_read(args, nargs, r);
	if (!strcmp(format, "markdown"))
		report_markdown(r);
	else
		report_csv(r);
	run_free(r);
	return ret;
}

/* --- benchfmt: Go benchmark text, streamed -------------------------------- */

/* The configuration benchstat sees in force: key -> value, as printed. */
struct benchfmt {
	struct map conf;
};

static void conf_free(void *p)
{
	free(p);
}

/* Print "key: value" unless it is already in force.  Keys and values are
 * made one line, as the format needs. */
static void conf_set(struct benchfmt *bf, struct bt_str key, struct bt_str val)
{
	struct map_entry *e;
	size_t i;

	if (!key.n || memchr(key.s, ' ', key.n) || memchr(key.s, ':', key.n))
		return;
	e = map_get(&bf->conf, key.s, key.n, NULL);
	if (!e->value && !val.n)
		return; /* nothing in force to clear */
	if (e->value && strlen(e->value) == val.n &&
	    !memcmp(e->value, val.s, val.n))
		return;
	free(e->value);
	e->value = bt_dup(val);
	fwrite(key.s, 1, key.n, rout);
	fputs(": ", rout);
	for (i = 0; i < val.n; i++)
		fputc(val.s[i] == '\n' ? ' ' : val.s[i], rout);
	fputc('\n', rout);
}

/* Where the "-N" that ends name begins (a reader takes it for GOMAXPROCS),
 * or name.n when it ends otherwise. */
static size_t procs_like_end(struct bt_str name)
{
	size_t d = name.n;

	while (d > 0 && name.s[d - 1] >= '0' && name.s[d - 1] <= '9')
		d--;
	return d < name.n && d > 0 && name.s[d - 1] == '-' ? d - 1 : name.n;
}

static void bench_line(const struct bt_record *r)
{
	size_t i, dash = r->procs > 0 ? r->name.n : procs_like_end(r->name);
	char num[40];

	if (r->name.n < 9 || memcmp(r->name.s, "Benchmark", 9))
		fputs("Benchmark", rout);
	for (i = 0; i < r->name.n; i++) {
		char c = r->name.s[i];

		/* blanks would end the name, and a last "-N" without procs
		 * would be read as procs: both become '_' */
		fputc(c == ' ' || c == '\t' || c == '\n' || i == dash ? '_' : c,
		      rout);
	}
	if (r->procs > 0)
		fprintf(rout, "-%ld", r->procs);
	fprintf(rout, "\t%lld",
		(long long)(r->iterations > 0 ? r->iterations : 1));
	for (i = 0; i < r->nmetrics; i++) {
		const struct bt_metric *m = &r->metrics[i];

		if (m->text.n && json_is_number(m->text.s, m->text.n)) {
			fputc('\t', rout);
			fwrite(m->text.s, 1, m->text.n, rout);
		} else {
			fmt_double(num, m->value);
			fprintf(rout, "\t%s", num);
		}
		fputc(' ', rout);
		fwrite(m->unit.s, 1, m->unit.n, rout);
	}
	fputc('\n', rout);
}

static int benchfmt_record(void *ctx, const struct rec *rec)
{
	struct benchfmt *bf = ctx;
	size_t i;

	if (rec->r.kind == BT_KIND_CONTEXT) {
		for (i = 0; i < rec->r.nlabels; i++)
			if (!rec_str_is(rec->r.labels[i].key, "pkg"))
				conf_set(bf, rec->r.labels[i].key,
					 rec->r.labels[i].value);
	} else if (rec->r.kind == BT_KIND_SAMPLE) {
		for (i = 0; i < rec->r.nlabels; i++)
			conf_set(bf, rec->r.labels[i].key,
				 rec->r.labels[i].value);
		conf_set(bf, bt_cstr("pkg"), rec->r.suite);
		bench_line(&rec->r);
	}
	return 0;
}

static int report_benchfmt(char **args, int nargs)
{
	struct benchfmt bf = {0};
	int i, ret = 0;

	if (nargs == 0)
		ret = input_read("-", NULL, benchfmt_record, &bf);
	for (i = 0; i < nargs; i++)
		ret |= input_read(args[i], NULL, benchfmt_record, &bf);
	map_free(&bf.conf, conf_free);
	return ret ? EXIT_USAGE : 0;
}

/* --- main ----------------------------------------------------------------- */

static void usage(FILE *f, int status)
{
	fprintf(
	    f,
	    "usage: %s --format markdown|csv|benchfmt [FILE...]\n"
	    "A report of records (FILEs, or stdin) on stdout.\n"
	    "  -F, --format FORMAT  a summary table (markdown), its figures "
	    "unrounded\n"
	    "                       (csv), or Go benchmark text (benchfmt)\n"
	    "  -h, --help           show this help\n"
	    "  -V, --version        show the version\n"
	    "Exit status: 0 success, 2 usage or input error.\n",
	    progname);
	exit(status);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"format", required_argument, NULL, 'F'},
	    STD_LONG_OPTIONS,
	};
	const char *format = NULL;
	int c, status;

	util_init(argv[0]);
	while ((c = getopt_long(argc, argv, "F:hV", opts, NULL)) != -1) {
		if (c == 'F')
			format = optarg;
		else /* -h, -V, unknown */
			std_option(c, usage);
	}
	argv += optind;
	argc -= optind;
	if (!format)
		usage(stderr, EXIT_USAGE);
	rout = plugins_own_stdout();
	if (!strcmp(format, "benchfmt"))
		status = report_benchfmt(argv, argc);
	else if (!strcmp(format, "markdown") || !strcmp(format, "csv"))
		status = report(format, argv, argc);
	else
		die(EXIT_USAGE,
		    "--format wants markdown, csv or benchfmt, "
		    "not '%s'",
		    format);
	return fshut(rout, "<stdout>") | status;
}
