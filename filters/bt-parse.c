/*
 * bt-parse — turn any benchmark tool's output into benchtrack records.
 *
 * The front door of every pipeline: `go test -bench . | bt-parse`.  Each
 * input is recognised on its own (a record stream passes through unchanged,
 * so bt-parse is idempotent; anything else goes to the plugin that claims
 * it) and the records are written to stdout as they are made.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "opts.h"
#include "plugin.h"
#include "proc.h"
#include "record.h"
#include "runid.h"
#include "spool.h"
#include "util.h"

static const char *format;
static struct recw *out;
static FILE *rout; /* the record stream: fd 1 moved away from plugin code */

static void usage(FILE *f, int status)
{
	fprintf(
	    f,
	    "usage: %s [-v] [-f NAME|FILE.so] [-l KEY=VALUE]... [FILE...]\n"
	    "       %s --list-plugins\n"
	    "       %s -f NAME --selector BENCHMARK...\n"
	    "       %s --check-plugin FILE.so [--foreign[=DIR]] [SAMPLE...]\n"
	    "Parse benchmark output (or records) from FILEs or stdin into "
	    "records on stdout.\n"
	    "  -f, --format NAME      use plugin NAME (or the plugin file "
	    "./FILE.so)\n"
	    "                         instead of detecting the format\n"
	    "  -l, --label KEY=VALUE  add a group label to every record\n"
	    "      --format-version N write record format N: 1 (default), or "
	    "2, which\n"
	    "                         writes a benchmark's samples as one "
	    "record\n"
	    "      --run              stamp every sample with its run "
	    "(docs/records.md):\n"
	    "                         from git here, the host and now\n"
	    "      --commit C, --branch B, --testbed T, --run-id ID, --time "
	    "T\n"
	    "                         stamp the run with these (also "
	    "$BT_COMMIT,\n"
	    "                         $BT_BRANCH, $BT_TESTBED)\n"
	    "      --list-plugins     list the plugins found: name, ABI, "
	    "path\n"
	    "      --selector         print the arguments that make the "
	    "tool run only\n"
	    "                         the named benchmarks, one per line\n"
	    "      --check-plugin     load a plugin and check it as the "
	    "host relies on it\n"
	    "      --foreign[=DIR]    and that its probe claims none of "
	    "the other formats'\n"
	    "                         captures in DIR (default: the "
	    "installed ones)\n"
	    "  -v, --verbose          say which plugin detection chose, "
	    "and every score\n"
	    "  -h, --help             show this help\n"
	    "  -V, --version          show the version\n"
	    "Exit status: 0 success, 2 usage or input error.\n",
	    progname, progname, progname, progname);
	exit(status);
}

static void flush_out(void *ctx)
{
	(void)ctx;
	recw_flush(out);
}

static int write_record(void *ctx, const struct rec *rec)
{
	(void)ctx;
	recw_write(out, rec);
	return 0;
}

/* --list-plugins: the widest name and path first, then aligned rows. */
static void list_width(void *ctx, const struct bt_plugin *p, const char *path)
{
	int *w = ctx;

	if ((int)strlen(p->name) > w[0])
		w[0] = (int)strlen(p->name);
	if ((int)strlen(path) > w[1])
		w[1] = (int)strlen(path);
}

static void list_one(void *ctx, const struct bt_plugin *p, const char *path)
{
	const int *w = ctx;

	fprintf(rout, "%-*s  %u  %-*s  %s\n", w[0], p->name, p->abi_version,
		w[1], path, p->description ? p->description : "");
}

static void print_arg(void *ctx, const char *arg)
{
	(void)ctx;
	fprintf(rout, "%s\n", arg);
}

static void selector_error(void *ctx, const char *msg)
{
	*(int *)ctx = 1;
	warnx_("%s", msg);
}

/* --selector: the plugin's arguments for the benchmarks named in argv. */
static int selector(struct plugins *ps, char **names, int n)
{
	const struct bt_plugin *p;
	struct bt_str *v;
	int failed = 0, i;
	struct bt_host host = {&failed, NULL, selector_error, selector_error,
			       print_arg};

	if (!format)
		die(EXIT_USAGE, "--selector needs -f NAME");
	p = plugins_get(ps, format);
	if (!p)
		die(EXIT_USAGE, "no plugin named '%s'", format);
	if (!p->selector)
		die(EXIT_USAGE, "plugin %s cannot select benchmarks", p->name);
	v = xcalloc((size_t)n, sizeof *v);
	for (i = 0; i < n; i++)
		v[i] = bt_cstr(names[i]);
	host.ctx = &failed;
	if (plugin_select(p, v, (size_t)n, &host))
		failed = 1;
	free(v);
	return failed ? EXIT_USAGE : 0;
}

/* The installed captures of other formats: ../share/bt/captures beside
 * the executable (an installed tree, wherever it was copied), else the
 * data directory compiled in. */
static const char *captures_dir(char *buf, size_t n)
{
	char *dir = proc_self_dir();

	if (dir) {
		snprintf(buf, n, "%s/../share/bt/captures", dir);
		free(dir);
		if (access(buf, R_OK) == 0)
			return buf;
	}
	snprintf(buf, n, "%s/captures", BT_DATADIR);
	return buf;
}

static int parse_label(const char *arg)
{
	const char *eq = strchr(arg, '=');
	char *key;

	if (!eq || eq == arg)
		die(EXIT_USAGE, "--label wants KEY=VALUE, not '%s'", arg);
	key = xstrndup(arg, (size_t)(eq - arg));
	recw_label(out, key, eq + 1);
	free(key);
	return 0;
}

#include "checkplugin.h"

/* Each input in turn, its records written as they are made and the last
 * of its samples ended with it (version 2 groups no samples across two
 * inputs).  0, or EXIT_USAGE when any could not be read. */
static int read_inputs(char *const *paths, size_t n, struct input_opts *in)
{
	int status = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (input_read_opts(paths[i], in))
			status = EXIT_USAGE;
		recw_flush(out);
	}
	return status;
}

/* The inputs, on two cores the second half by a child process into a
 * spool, copied out after the first half (spool.h): the bytes, words and
 * status of read_inputs on them all. */
static int read_all(char *const *paths, size_t n, struct input_opts *in)
{
	struct spool sp;
	size_t k = spool_split(paths, n);
	int status, st;

	if (!k || (st = spool_fork(&sp, rout)) < 0)
		return read_inputs(paths, n, in);
	if (st == 0) { /* the child */
		status = read_inputs(paths + k, n - k, in);
		spool_child_exit(status, recw_flush(out) || fflush(rout) ||
					     ferror(rout));
	}
	status = read_inputs(paths, k, in);
	if ((st = spool_finish(&sp, out)) == SPOOL_REDO)
		st = read_inputs(paths + k, n - k, in);
	return st ? st : status;
}

/* One large input read by two processes, the child from the byte cut on
 * (spool.h): the bytes, words and status of reading it in turn. */
static int read_cut(char *path, long long cut, struct input_opts *in)
{
	struct spool sp;
	struct input_opts part = *in;
	int status, st;

	if ((st = spool_fork(&sp, rout)) < 0)
		return read_inputs(&path, 1, in);
	if (st == 0) { /* the child */
		/* the parent says what detection chose */
		plugins_verbose(in->plugins, 0);
		part.from = cut;
		status = read_inputs(&path, 1, &part);
		spool_child_exit(status, recw_flush(out) || fflush(rout) ||
					     ferror(rout));
	}
	part.to = cut;
	if ((status = read_inputs(&path, 1, &part))) {
		spool_abandon(&sp); /* in turn, the reading stopped there */
		return status;
	}
	if ((st = spool_finish(&sp, out)) == SPOOL_REDO) {
		plugins_verbose(in->plugins, 0);
		part.to = 0, part.from = cut;
		st = read_inputs(&path, 1, &part);
	}
	/* stdin at its end, as reading in turn leaves it (the parts never
	 * moved it: inputpriv.h) */
	if (strcmp(path, "-") == 0)
		lseek(STDIN_FILENO, 0, SEEK_END);
	return st;
}

/* Stamp samples with their run when asked: an option, --run, or the CI
 * environment.  Never by default: bt-parse reads output after the fact,
 * and the git of the working directory is not known to be what ran. */
static void stamp_run(const struct runid_opts *o, int asked)
{
	jv run, text;

	if (!asked && !o->id && !o->commit && !o->branch && !o->testbed &&
	    !o->time && !getenv("BT_COMMIT") && !getenv("BT_BRANCH") &&
	    !getenv("BT_TESTBED"))
		return;
	run = runid_make(o);
	text = jv_dump_string(run, 0);
	recw_run(out, jv_string_value(text));
	jv_free(text);
}

int main(int argc, char **argv)
{
	enum { LIST = 256, SELECT, CHECK, FOREIGN, RUN, VERSION2 };
	static const struct option opts[] = {
	    {"format", required_argument, NULL, 'f'},
	    {"label", required_argument, NULL, 'l'},
	    {"list-plugins", no_argument, NULL, LIST},
	    {"selector", no_argument, NULL, SELECT},
	    {"check-plugin", required_argument, NULL, CHECK},
	    {"run", no_argument, NULL, RUN},
	    {"format-version", required_argument, NULL, VERSION2},
	    {"verbose", no_argument, NULL, 'v'},
	    {"foreign", optional_argument, NULL, FOREIGN},
	    RUNID_LONG_OPTIONS,
	    STD_LONG_OPTIONS,
	};
	struct input_opts in = {0};
	struct plugins *ps;
	const char *check = NULL, *foreign = NULL;
	char capdir[4096 + 64];
	struct runid_opts ro = {0};
	int c, i, status = 0, list = 0, sel = 0, verbose = 0, nlabels = 0,
		  run = 0, version = 1;
	long long cut;
	char *stdin_only[] = {"-"};
	char **labels = xcalloc((size_t)argc, sizeof *labels);

	util_init(argv[0]);
	while ((c = getopt_long(argc, argv, "f:l:vhV", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			format = optarg;
			break;
		case 'l':
			labels[nlabels++] = optarg;
			break;
		case LIST:
			list = 1;
			break;
		case SELECT:
			sel = 1;
			break;
		case CHECK:
			check = optarg;
			break;
		case RUN:
			run = 1;
			break;
		case VERSION2:
			version = (int)opt_count(optarg, "--format-version", 1,
						 BT_FORMAT_READ);
			break;
		case 'v':
			verbose = 1;
			break;
		case FOREIGN:
			foreign = optarg ? optarg
					 : captures_dir(capdir, sizeof capdir);
			break;
		default: /* the run's identity, -h, -V, unknown */
			if (!runid_option(&ro, c, optarg))
				std_option(c, usage);
		}
	}
	argc -= optind;
	argv += optind;
	/* Options read (--help and --version print to stdout): from here on
	 * plugin code may run, and fd 1 is not where records go. */
	rout = plugins_own_stdout();
	out = recw_new(rout);
	recw_format(out, version);
	for (i = 0; i < nlabels; i++)
		parse_label(labels[i]);
	free(labels);
	if (check)
		return check_plugin(check, argv, argc, rout, foreign) |
		       fshut(rout, "<stdout>");
	ps = plugins_new();
	plugins_verbose(ps, verbose);
	if (list) {
		int w[2] = {0, 0};

		plugins_each(ps, list_width, w);
		plugins_each(ps, list_one, w);
	} else if (sel)
		status = selector(ps, argv, argc);
	if (list || sel) {
		plugins_free(ps);
		recw_free(out);
		return status | fshut(rout, "<stdout>");
	}
	stamp_run(&ro, run);
	in.format = format;
	in.fn = write_record;
	in.idle = flush_out;
	in.plugins = ps;
	if (!argc)
		argv = stdin_only, argc = 1;
	if (argc == 1 && version == 1 && (cut = spool_cut(argv[0])))
		status = read_cut(argv[0], cut, &in);
	else
		status = read_all(argv, (size_t)argc, &in);
	if (recw_finish(out))
		status = EXIT_FINDING;
	plugins_free(ps);
	return fshut(rout, "<stdout>") ? 1 : status;
}

/* --check-plugin lives in the library (checkplugin.c) so tests reach it. */
