/*
 * bt-retry — re-run only the benchmarks that were too noisy.
 *
 * Re-running a whole suite because three benchmarks were noisy wastes an
 * hour; the seeds' workflow re-runs just those, with more iterations, until
 * they pass or the attempts run out.  bt-retry reads which benchmarks failed
 * (bt-cv's summaries or its _failed_benchmarks.txt), asks the format's
 * plugin for the arguments that select only them (Go: -bench '^(A|B)$'),
 * and runs the original command with those arguments through bt-run, judging
 * each attempt with bt-cv.  Names travel as argument vectors from start to
 * end: nothing reaches a shell.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "atomic.h"
#include "buf.h"
#include "failed.h"
#include "map.h"
#include "opts.h"
#include "plugin.h"
#include "proc.h"
#include "record.h"
#include "runid.h"
#include "text.h"
#include "util.h"

static const char *format = "go", *keep, *failed_out, *threshold = "10", *count,
		  *unit, *progress_path;
static int max_attempts = 3;
/* --commit, --branch, --testbed for every attempt's bt-run (an attempt is
 * a run of its own: its id and time are its own) */
static struct runid_opts run_source;
static char **labels;
static int nlabels;

/* One benchmark still failing: its identity and last CV.  suite and name
 * are NUL-terminated copies and may hold NULs: compare by length. */
struct failing {
	char *suite, *name;
	size_t suite_len, name_len;
	long procs;
	double cv;
	int alive;		/* still to pass */
	int passed, failed_now; /* what this attempt's summaries said */
};

static struct failing *fails;
static size_t nfails;

static int same(const struct failing *f, const char *suite, size_t sn,
		const char *name, size_t nn, long procs)
{
	return f->procs == procs && f->name_len == nn &&
	       !memcmp(f->name, name, nn) && f->suite_len == sn &&
	       !memcmp(f->suite, suite, sn);
}

static struct failing *find_failing(const char *suite, size_t sn,
				    const char *name, size_t nn, long procs)
{
	size_t i;

	for (i = 0; i < nfails; i++)
		if (same(&fails[i], suite, sn, name, nn, procs))
			return &fails[i];
	return NULL;
}

static void add_failing(const char *suite, size_t sn, const char *name,
			size_t nn, long procs, double cv)
{
	struct failing *f;

	if (find_failing(suite, sn, name, nn, procs))
		return;
	fails = xreallocarray(fails, nfails + 1, sizeof *fails);
	f = &fails[nfails++];
	memset(f, 0, sizeof *f);
	f->suite = xmalloc(sn + 1);
	memcpy(f->suite, suite, sn);
	f->suite[sn] = '\0';
	f->name = xmalloc(nn + 1);
	memcpy(f->name, name, nn);
	f->name[nn] = '\0';
	f->suite_len = sn;
	f->name_len = nn;
	f->procs = procs;
	f->cv = cv;
	f->alive = 1;
}

/* --- what failed ---------------------------------------------------------- */

/* A summary's pass (1 true, 0 false, 2 null: no CV to judge) and CV; -1
 * when rec is no final summary. */
static int summary_pass(const struct rec *rec, double *cv)
{
	jv pass, partial, v;
	int r;

	if (rec->kind.n != 7 || memcmp(rec->kind.s, "summary", 7))
		return -1;
	pass = jv_object_get(jv_copy(rec_json(rec)), jv_string("pass"));
	partial = jv_object_get(jv_copy(rec_json(rec)), jv_string("partial"));
	v = jv_object_get(jv_copy(rec_json(rec)), jv_string("cv"));
	*cv = jv_get_kind(v) == JV_KIND_NUMBER ? jv_number_value(v) : NAN;
	r = jv_get_kind(partial) == JV_KIND_TRUE ? -1
	    : jv_get_kind(pass) == JV_KIND_TRUE	 ? 1
	    : jv_get_kind(pass) == JV_KIND_FALSE ? 0
						 : 2;
	jv_free(pass);
	jv_free(partial);
	jv_free(v);
	return r;
}

/* bt-cv's summaries given as the list: those that did not pass fail. */
static int take_summary(void *ctx, const struct rec *rec)
{
	double cv;

	(void)ctx;
	if (summary_pass(rec, &cv) == 0)
		add_failing(rec->r.suite.s, rec->r.suite.n, rec->r.name.s,
			    rec->r.name.n, rec->r.procs, cv);
	return 0;
}

static int take_entry(void *ctx, const struct failed_entry *e)
{
	(void)ctx;
	add_failing(e->suite, e->suite_len, e->name, e->name_len, e->procs,
		    e->cv);
	return 0;
}

/* The benchmarks to re-run: bt-cv's summaries (records, maybe gzip), or a
 * failed list (failed.h).  A list that cannot be read is an error. */
static int read_failed(const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	int c, st;

	if (!f)
		die(EXIT_USAGE, "%s: %s", path, strerror(errno));
	c = getc(f); /* peeked, nothing skipped: a line may start with a tab */
	if (c == '{' || c == 0x1f) { /* records (maybe gzip): summaries */
		if (f == stdin)
			die(EXIT_USAGE, "records of summaries must come from a "
					"file, not stdin");
		fclose(f);
		return input_read(path, "records", take_summary, NULL);
	}
	if (c != EOF)
		ungetc(c, f);
	st = failed_read(f, path, take_entry, NULL);
	if (f != stdin)
		fclose(f);
	return st;
}

/* --- running the tools ---------------------------------------------------- */

static volatile sig_atomic_t stop_signal, child_pid;

/* SIGINT/SIGTERM: pass it to bt-run's process group (bt-run stops its
 * command's own group and leaves whole records, marked interrupted) and
 * make no further attempt. */
static void on_signal(int sig)
{
	stop_signal = sig;
	if (child_pid > 0)
		proc_kill_group((pid_t)child_pid, sig);
}

static void catch_signals(void)
{
	struct sigaction sa, old;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* SIGHUP too, unless ignored when we started (nohup) */
	if (sigaction(SIGHUP, NULL, &old) == 0 && old.sa_handler != SIG_IGN)
		sigaction(SIGHUP, &sa, NULL);
}

/* Run argv with stdout to out_path (NULL: inherit); its exit status.  A
 * stopping signal is forwarded to it when forward is set (bt-run; bt-cv
 * judging what an interrupted attempt measured is left to finish). */
static int spawn(char **argv, const char *out_path, int forward)
{
	struct proc_opts o = PROC_OPTS_INIT;
	pid_t pid;
	int st;

	o.out_path = out_path;
	o.new_group = 1; /* a terminal's Ctrl-C reaches us, not it: bt-cv
			    judging an attempt finishes, bt-run is told */
	o.pid = forward ? &child_pid : NULL;
	pid = proc_spawn(argv, &o);
	if (pid < 0)
		die(EXIT_USAGE, "fork: %s", strerror(errno));
	if (forward && stop_signal)
		proc_kill_group(pid, (int)stop_signal);
	st = proc_wait(pid, NULL, NULL);
	child_pid = 0;
	if (forward && stop_signal)
		proc_reap_group(pid);
	return st;
}

struct argv {
	char **v;
	int n;
};

static void push(struct argv *a, const char *s)
{
	a->v = xreallocarray(a->v, (size_t)a->n + 2, sizeof *a->v);
	a->v[a->n++] = xstrdup(s);
	a->v[a->n] = NULL;
}

static void free_argv(struct argv *a)
{
	int i;

	for (i = 0; i < a->n; i++)
		free(a->v[i]);
	free(a->v);
	a->v = NULL;
	a->n = 0;
}

static void add_arg(void *ctx, const char *arg)
{
	push(ctx, arg);
}

static void selector_error(void *ctx, const char *msg)
{
	(void)ctx;
	die(EXIT_USAGE, "selector: %s", msg);
}

/* The command of one attempt: bt-run, its options, the original command,
 * the plugin's selector for what still fails, and -count for Go.  No
 * label marks the attempt: labels are part of a benchmark's identity, and
 * samples bt-merge takes from a retry must stay the same benchmark as the
 * original's (the file name, PREFIX_retryN, tells the attempt). */
static void attempt_command(struct argv *a, const struct bt_plugin *p,
			    char **cmd, int attempt)
{
	struct argv sel = {0};
	struct bt_str *names = xcalloc(nfails, sizeof *names);
	struct bt_host host = {&sel, NULL, selector_error, selector_error,
			       add_arg};
	char raw[PATH_MAX], *run = proc_sibling("bt-run");
	const char *src[RUNID_ARGV_MAX];
	size_t i, n = 0;
	int k, nsrc = runid_argv(&run_source, src);

	push(a, run);
	free(run);
	push(a, "-f");
	push(a, format);
	if (progress_path) {
		push(a, "--progress-file");
		push(a, progress_path);
	}
	if (keep) {
		snprintf(raw, sizeof raw, "%s_retry%d.txt", keep, attempt);
		push(a, "--raw");
		push(a, raw);
	}
	for (k = 0; k < nlabels; k++) {
		push(a, "-l");
		push(a, labels[k]);
	}
	for (k = 0; k < nsrc; k++)
		push(a, src[k]);
	push(a, "--");
	for (k = 0; cmd[k]; k++)
		push(a, cmd[k]);
	for (i = 0; i < nfails; i++)
		if (fails[i].alive)
			names[n++] =
			    (struct bt_str){fails[i].name, fails[i].name_len};
	if (p->selector)
		plugin_select(p, names, n, &host);
	for (k = 0; k < sel.n; k++)
		push(a, sel.v[k]);
	if (count && !strcmp(format, "go")) {
		push(a, "-count");
		push(a, count);
	}
	free_argv(&sel);
	free(names);
}

/* Make an empty temporary file under $TMPDIR (else /tmp); its name goes in
 * path, which the caller unlinks. */
static void make_temp(char *path, size_t n, const char *stem)
{
	const char *dir = getenv("TMPDIR");
	int fd;

	snprintf(path, n, "%s/%s.XXXXXX", dir && *dir ? dir : "/tmp", stem);
	fd = mkstemp(path);
	if (fd < 0)
		die(EXIT_USAGE, "%s: %s", path, strerror(errno));
	close(fd);
}

/* One of bt-cv's summaries of an attempt: note whether it passed. */
static int note_summary(void *ctx, const struct rec *rec)
{
	struct failing *f;
	double cv;
	int pass = summary_pass(rec, &cv);

	(void)ctx;
	if (pass < 0)
		return 0;
	f = find_failing(rec->r.suite.s, rec->r.suite.n, rec->r.name.s,
			 rec->r.name.n, rec->r.procs);
	if (!f || !f->alive)
		return 0;
	if (pass == 1) {
		f->passed = 1;
	} else { /* over the threshold, or no CV to judge: not passed */
		f->failed_now = 1;
		if (pass == 0)
			f->cv = cv;
	}
	return 0;
}

/* Judge an attempt with bt-cv; mark what passed. Returns how many fail.
 * A benchmark passes only on a summary that says so: one the attempt did
 * not measure, or measured in no unit bt-cv judged, still fails. */
static size_t judge(const char *records)
{
	char tmp[PATH_MAX];
	char *cv = proc_sibling("bt-cv");
	char *argv[] = {cv,
			"-t",
			(char *)threshold,
			"--summaries-only",
			(char *)records,
			unit ? "-u" : NULL,
			(char *)unit,
			NULL};
	int st;
	size_t i, left = 0;

	make_temp(tmp, sizeof tmp, "bt-retry");
	st = spawn(argv, tmp, 0);
	free(cv);
	if (st != 0) {
		unlink(tmp);
		die(EXIT_USAGE, "bt-cv failed on %s (status %d)", records, st);
	}
	for (i = 0; i < nfails; i++)
		fails[i].passed = fails[i].failed_now = 0;
	st = input_read(tmp, "records", note_summary, NULL);
	unlink(tmp);
	if (st)
		die(EXIT_USAGE, "cannot read bt-cv's summaries of %s", records);
	for (i = 0; i < nfails; i++) {
		if (!fails[i].alive)
			continue;
		if (fails[i].passed && !fails[i].failed_now)
			fails[i].alive = 0;
		else
			left++;
	}
	return left;
}

/* Write what still fails where bt-cv would, atomically; or remove a stale
 * list when nothing does. */
static void write_failed(const char *path, size_t left)
{
	struct buf b = {0};
	size_t i;

	if (!path)
		return;
	if (!left) {
		if (unlink(path) && errno != ENOENT)
			warnx_("%s: %s", path, strerror(errno));
		return;
	}
	failed_header(&b);
	for (i = 0; i < nfails; i++) {
		struct failed_entry e = {fails[i].suite,     fails[i].name,
					 fails[i].suite_len, fails[i].name_len,
					 fails[i].procs,     fails[i].cv};

		if (fails[i].alive)
			failed_line(&b, &e);
	}
	if (atomic_write(path, b.p, b.len, 0))
		die(EXIT_USAGE, "%s: %s", path, strerror(errno));
	buf_free(&b);
}

static void usage(FILE *f, int status)
{
	fprintf(
	    f,
	    "usage: %s [options] FAILED -- COMMAND [ARG...]\n"
	    "Re-run only the benchmarks FAILED names (bt-cv summaries or a "
	    "_failed_benchmarks.txt)\n"
	    "with COMMAND, through bt-run, until bt-cv passes them or the "
	    "attempts run out.\n"
	    "  -f, --format NAME     the plugin that reads COMMAND's output "
	    "and selects (default go)\n"
	    "  -c, --count N         repetitions per attempt (Go: -count N)\n"
	    "  -m, --max N           attempts at most (default 3)\n"
	    "  -t, --threshold PCT   largest CV that passes (default 10)\n"
	    "  -u, --unit UNIT       judge the CV of UNIT (default ns/op)\n"
	    "  -k, --keep PREFIX     keep attempt N as PREFIX_retryN.jsonl "
	    "(raw "
	    "output in\n"
	    "                        PREFIX_retryN.txt) and what still fails "
	    "in\n"
	    "                        PREFIX_failed_benchmarks.txt\n"
	    "      --failed-out FILE where to list what still fails\n"
	    "      --progress-file F bt-run's JSON status of each attempt\n"
	    "  -l, --label KEY=VALUE a label for every record\n"
	    "      --commit C, --branch B, --testbed T  the run identity of "
	    "every attempt\n"
	    "                        (bt-run's options; ids and times are "
	    "each attempt's)\n"
	    "  -h, --help            show this help\n"
	    "  -V, --version         show the version\n"
	    "Without --keep, every attempt's records go to stdout.\n"
	    "Exit status: 0 all pass, 1 some still fail, 2 usage or input "
	    "error,\n"
	    "130, 143 or 129 stopped by SIGINT, SIGTERM or SIGHUP (what did "
	    "not pass is listed).\n",
	    progname);
	exit(status);
}

static long number(const char *s, const char *opt)
{
	return opt_count(s, opt, 1, 100000);
}

static void options(int argc, char **argv)
{
	enum { FAILED_OUT = 256, PROGRESS };
	static const struct option opts[] = {
	    {"format", required_argument, NULL, 'f'},
	    {"count", required_argument, NULL, 'c'},
	    {"max", required_argument, NULL, 'm'},
	    {"threshold", required_argument, NULL, 't'},
	    {"unit", required_argument, NULL, 'u'},
	    {"keep", required_argument, NULL, 'k'},
	    {"failed-out", required_argument, NULL, FAILED_OUT},
	    {"progress-file", required_argument, NULL, PROGRESS},
	    {"label", required_argument, NULL, 'l'},
	    RUNID_SOURCE_OPTIONS,
	    STD_LONG_OPTIONS,
	};
	int c;

	while ((c = getopt_long(argc, argv, "+f:c:m:t:u:k:l:hV", opts, NULL)) !=
	       -1) {
		switch (c) {
		case 'f':
			format = optarg;
			break;
		case 'c':
			number(optarg, "--count");
			count = optarg;
			break;
		case 'm':
			max_attempts = (int)number(optarg, "--max");
			break;
		case 't':
			threshold = optarg;
			break;
		case 'u':
			unit = optarg;
			break;
		case 'k':
			keep = optarg;
			break;
		case FAILED_OUT:
			failed_out = optarg;
			break;
		case PROGRESS:
			progress_path = optarg;
			break;
		case 'l':
			labels = xreallocarray(labels, (size_t)nlabels + 1,
					       sizeof *labels);
			labels[nlabels++] = optarg;
			break;
		default: /* the run's source, -h, -V, unknown */
			if (!runid_option(&run_source, c, optarg))
				std_option(c, usage);
		}
	}
}

/* Copy the attempt's records (when not kept) to stdout through the record
 * writer, line by line as bt-run wrote them. */
static void cat(struct recw *w, const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	while (f && (n = getline(&line, &cap, f)) > 0)
		recw_raw(w, line, (size_t)n);
	free(line);
	if (f)
		fclose(f);
}

int main(int argc, char **argv)
{
	struct plugins *ps;
	const struct bt_plugin *p;
	char path[PATH_MAX], *fout;
	size_t left, i, len;
	int attempt, st;
	struct recw *w;

	util_init(argv[0]);
	options(argc, argv);
	if (argc - optind < 3 || strcmp(argv[optind + 1], "--"))
		usage(stderr, EXIT_USAGE);
	if (read_failed(argv[optind]))
		return EXIT_USAGE;
	ps = plugins_new();
	p = plugins_get(ps, format);
	if (!p)
		die(EXIT_USAGE, "no plugin named '%s'", format);
	if (!p->selector) /* hyperfine, pytest: the whole command again */
		warnx_("plugin %s cannot select benchmarks: each attempt runs "
		       "the whole command, and judges only those listed",
		       format);
	left = nfails;
	len = keep ? strlen(keep) + 32 : 0;
	fout = failed_out ? xstrdup(failed_out) : NULL;
	if (keep && !fout) {
		fout = xmalloc(len);
		snprintf(fout, len, "%s_failed_benchmarks.txt", keep);
	}
	catch_signals();
	w = recw_new(stdout);
	for (attempt = 1; attempt <= max_attempts && left && !stop_signal;
	     attempt++) {
		struct argv cmd = {0};

		if (keep) {
			snprintf(path, sizeof path, "%s_retry%d.jsonl", keep,
				 attempt);
		} else {
			make_temp(path, sizeof path, "bt-retry-run");
		}
		attempt_command(&cmd, p, argv + optind + 2, attempt);
		fprintf(stderr, "%s: attempt %d of %d: %zu benchmark%s\n",
			progname, attempt, max_attempts, left,
			left == 1 ? "" : "s");
		st = spawn(cmd.v, path, 1);
		free_argv(&cmd);
		if (st == EXIT_USAGE)
			die(EXIT_USAGE,
			    "attempt %d: bt-run could not read the "
			    "command's output",
			    attempt);
		if (stop_signal)
			fprintf(stderr, "%s: stopped by signal %d\n", progname,
				(int)stop_signal);
		left = judge(path);
		if (!keep) {
			cat(w, path);
			recw_flush(w); /* out before the next attempt */
			unlink(path);
		}
	}
	for (i = 0; i < nfails; i++)
		if (fails[i].alive) {
			struct buf b = {0};

			/* the list's escapes (NUL, C0, bad UTF-8), then the
			 * terminal's (C1, bidi controls) */
			failed_escape(&b, fails[i].name, fails[i].name_len);
			buf_addc(&b, '\0');
			fprintf(stderr, "%s: still over the threshold: ",
				progname);
			text_put(stderr, b.p);
			fputc('\n', stderr);
			buf_free(&b);
		}
	write_failed(fout, left);
	free(fout);
	for (i = 0; i < nfails; i++) {
		free(fails[i].suite);
		free(fails[i].name);
	}
	free(fails);
	plugins_free(ps);
	st = recw_finish(w) | fshut(stdout, "<stdout>") ? EXIT_FINDING : 0;
	if (stop_signal)
		return 128 + (int)stop_signal;
	return left ? EXIT_FINDING : st;
}
