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
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "atomic.h"
#include "buf.h"
#include "map.h"
#include "opts.h"
#include "plugin.h"
#include "record.h"
#include "util.h"

static const char *format = "go", *keep, *failed_out, *threshold = "10", *count,
		  *unit, *progress_path;
static int max_attempts = 3;
static char **labels;
static int nlabels;

/* One benchmark still failing: its identity and last CV. */
struct failing {
	char *suite, *name, *line; /* line: as _failed_benchmarks.txt */
	long procs;
	int alive;
};

static struct failing *fails;
static size_t nfails;

static void add_failing(const char *suite, size_t sn, const char *name,
			size_t nn, long procs, const char *line)
{
	size_t i;

	for (i = 0; i < nfails; i++)
		if (!strncmp(fails[i].name, name, nn) && !fails[i].name[nn] &&
		    !strncmp(fails[i].suite, suite, sn) &&
		    !fails[i].suite[sn] && fails[i].procs == procs)
			return;
	fails = xreallocarray(fails, nfails + 1, sizeof *fails);
	fails[nfails].suite = xstrndup(suite, sn);
	fails[nfails].name = xstrndup(name, nn);
	fails[nfails].line = xstrdup(line);
	fails[nfails].procs = procs;
	fails[nfails].alive = 1;
	nfails++;
}

/* --- what failed ---------------------------------------------------------- */

static int take_summary(void *ctx, const struct rec *rec)
{
	jv pass, partial;
	char line[1024];

	(void)ctx;
	if (rec->kind.n != 7 || memcmp(rec->kind.s, "summary", 7))
		return 0;
	pass = jv_object_get(jv_copy(rec_json(rec)), jv_string("pass"));
	partial = jv_object_get(jv_copy(rec_json(rec)), jv_string("partial"));
	if (jv_get_kind(pass) == JV_KIND_FALSE &&
	    jv_get_kind(partial) != JV_KIND_TRUE) {
		snprintf(line, sizeof line, "%.*s\t%.*s\t%ld\t",
			 (int)rec->r.suite.n, rec->r.suite.s,
			 (int)rec->r.name.n, rec->r.name.s, rec->r.procs);
		add_failing(rec->r.suite.s, rec->r.suite.n, rec->r.name.s,
			    rec->r.name.n, rec->r.procs, line);
	}
	jv_free(pass);
	jv_free(partial);
	return 0;
}

/* Lines "suite<TAB>name<TAB>procs<TAB>cv" (bt-cv --failed). */
static int read_failed_list(const char *path, FILE *f)
{
	char *line = NULL, *t1, *t2, *t3;
	size_t cap = 0;
	long lineno = 0;
	ssize_t n;

	while ((n = getline(&line, &cap, f)) > 0) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (!*line)
			continue;
		t1 = strchr(line, '\t');
		t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
		t3 = t2 ? strchr(t2 + 1, '\t') : NULL;
		if (!t3) {
			warnx_("%s:%ld: not a failed-benchmarks line "
			       "(suite, name, procs, CV separated by tabs)",
			       path, lineno);
			free(line);
			return EXIT_USAGE;
		}
		add_failing(line, (size_t)(t1 - line), t1 + 1,
			    (size_t)(t2 - t1 - 1), strtol(t2 + 1, NULL, 10),
			    line);
	}
	free(line);
	return 0;
}

static int read_failed(const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	int c, st;

	if (!f)
		die(EXIT_USAGE, "%s: %s", path, strerror(errno));
	while ((c = getc(f)) == ' ' || c == '\n' || c == '\t')
		;
	if (c == '{' || c == 0x1f) { /* records (maybe gzip): summaries */
		if (f == stdin)
			die(EXIT_USAGE, "records of summaries must come from a "
					"file, not stdin");
		fclose(f);
		return input_read(path, "records", take_summary, NULL);
	}
	if (c != EOF)
		ungetc(c, f);
	st = read_failed_list(path, f);
	if (f != stdin)
		fclose(f);
	return st;
}

/* --- running the tools ---------------------------------------------------- */

/* The path of tool beside this executable, else its bare name (PATH). */
static char *tool(const char *name)
{
	char exe[PATH_MAX], *slash;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	size_t len;
	char *p;

	if (n > 0) {
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			len = strlen(exe) + strlen(name) + 2;
			p = xmalloc(len);
			snprintf(p, len, "%s/%s", exe, name);
			if (access(p, X_OK) == 0)
				return p;
			free(p);
		}
	}
	return xstrdup(name);
}

static volatile sig_atomic_t stop_signal, child_pid;

/* SIGINT/SIGTERM: pass it to the child (bt-run stops its command and
 * leaves whole records) and make no further attempt. */
static void on_signal(int sig)
{
	stop_signal = sig;
	if (child_pid > 0)
		kill((pid_t)child_pid, sig);
}

static void catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/* Run argv with stdout to out_path (NULL: inherit); its exit status.  A
 * stopping signal is forwarded to it when forward is set (bt-run; bt-cv
 * judging what an interrupted attempt measured is left to finish). */
static int spawn(char **argv, const char *out_path, int forward)
{
	pid_t pid = fork();
	int st, fd;

	if (pid < 0)
		die(EXIT_USAGE, "fork: %s", strerror(errno));
	if (pid == 0) {
		if (out_path) {
			fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
			if (fd < 0 || dup2(fd, 1) < 0)
				_exit(126);
		}
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		execvp(argv[0], argv);
		fprintf(stderr, "%s: %s: %s\n", progname, argv[0],
			strerror(errno));
		_exit(127);
	}
	if (forward) {
		child_pid = (sig_atomic_t)pid;
		if (stop_signal)
			kill(pid, (int)stop_signal);
	}
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	child_pid = 0;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
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
	char raw[PATH_MAX], *run = tool("bt-run");
	size_t i, n = 0;
	int k;

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
	push(a, "--");
	for (k = 0; cmd[k]; k++)
		push(a, cmd[k]);
	for (i = 0; i < nfails; i++)
		if (fails[i].alive)
			names[n++] = bt_cstr(fails[i].name);
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

struct probe {
	const struct failing *f;
	int found;
};

static int find_sample(void *ctx, const struct rec *rec)
{
	struct probe *p = ctx;

	if (rec->r.kind == BT_KIND_SAMPLE && rec->r.procs == p->f->procs &&
	    rec->r.name.n == strlen(p->f->name) &&
	    !memcmp(rec->r.name.s, p->f->name, rec->r.name.n) &&
	    rec->r.suite.n == strlen(p->f->suite) &&
	    !memcmp(rec->r.suite.s, p->f->suite, rec->r.suite.n))
		p->found = 1;
	return p->found;
}

/* Did the attempt's records measure f at all? */
static int measured(const char *records, const struct failing *f)
{
	struct probe p = {f, 0};

	input_read(records, "records", find_sample, &p);
	return p.found;
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

/* Judge an attempt with bt-cv; mark what passed. Returns how many fail. */
static size_t judge(const char *records)
{
	char tmp[PATH_MAX];
	char *cv = tool("bt-cv");
	char *argv[] = {cv,
			"-t",
			(char *)threshold,
			"--failed",
			tmp,
			"--summaries-only",
			(char *)records,
			unit ? "-u" : NULL,
			(char *)unit,
			NULL};
	int st;
	size_t i, left = 0;
	struct failing *before = fails;
	size_t nbefore = nfails;

	make_temp(tmp, sizeof tmp, "bt-retry");
	st = spawn(argv, "/dev/null", 0);
	free(cv);
	if (st != 0) {
		unlink(tmp);
		die(EXIT_USAGE, "bt-cv failed on %s (status %d)", records, st);
	}
	/* Read the still-failing list into a fresh set, then intersect. */
	fails = NULL;
	nfails = 0;
	read_failed(tmp);
	unlink(tmp);
	for (i = 0; i < nbefore; i++) {
		size_t j;
		int still = 0;

		if (!before[i].alive)
			continue;
		for (j = 0; j < nfails && !still; j++)
			still = !strcmp(fails[j].name, before[i].name) &&
				!strcmp(fails[j].suite, before[i].suite) &&
				fails[j].procs == before[i].procs;
		/* A benchmark the attempt did not measure still fails. */
		if (still || !measured(records, &before[i]))
			left++;
		else
			before[i].alive = 0;
		if (still) {
			free(before[i].line);
			before[i].line = xstrdup(fails[j - 1].line);
		}
	}
	for (i = 0; i < nfails; i++) {
		free(fails[i].suite);
		free(fails[i].name);
		free(fails[i].line);
	}
	free(fails);
	fails = before;
	nfails = nbefore;
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
	for (i = 0; i < nfails; i++) {
		if (!fails[i].alive)
			continue;
		buf_add(&b, fails[i].line, strlen(fails[i].line));
		buf_addc(&b, '\n');
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
	    "  -h, --help            show this help\n"
	    "  -V, --version         show the version\n"
	    "Without --keep, every attempt's records go to stdout.\n"
	    "Exit status: 0 all pass, 1 some still fail, 2 usage or input "
	    "error.\n",
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
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0},
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
		default: /* -h, -V, unknown */
			std_option(c, usage);
		}
	}
}

/* Copy a file to stdout (the attempt's records when not kept). */
static void cat(const char *path)
{
	char buf[65536];
	size_t n;
	FILE *f = fopen(path, "r");

	while (f && (n = fread(buf, 1, sizeof buf, f)) > 0)
		fwrite(buf, 1, n, stdout);
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
	if (!p->selector)
		die(EXIT_USAGE, "plugin %s cannot select benchmarks", format);
	left = nfails;
	len = keep ? strlen(keep) + 32 : 0;
	fout = failed_out ? xstrdup(failed_out) : NULL;
	if (keep && !fout) {
		fout = xmalloc(len);
		snprintf(fout, len, "%s_failed_benchmarks.txt", keep);
	}
	catch_signals();
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
			fflush(stdout);
			cat(path);
			unlink(path);
		}
	}
	for (i = 0; i < nfails; i++)
		if (fails[i].alive)
			fprintf(stderr, "%s: still over the threshold: %s\n",
				progname, fails[i].name);
	write_failed(fout, left);
	free(fout);
	for (i = 0; i < nfails; i++) {
		free(fails[i].suite);
		free(fails[i].name);
		free(fails[i].line);
	}
	free(fails);
	plugins_free(ps);
	st = fshut(stdout, "<stdout>") ? EXIT_FINDING : 0;
	return left || stop_signal ? EXIT_FINDING : st;
}
