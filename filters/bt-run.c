/*
 * bt-run — run a benchmark command and write its records as they happen.
 *
 * `bt-run -- go test -bench . ./...` starts the command (an argument vector,
 * never a shell), reads its output through a pipe and hands it line by line
 * to the plugin that reads it, so each result becomes a record the moment
 * the tool prints it.  First comes a context record saying where and how the
 * run happened.  With `-f time` there is no parser: bt-run times each run of
 * the command itself (wall, user and system time, peak RSS), as hyperfine
 * does.  Whatever happens to the command — failure, timeout, Ctrl-C — the
 * records written are whole and the raw output is kept.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "atomic.h"
#include "buf.h"
#include "context.h"
#include "map.h"
#include "opts.h"
#include "plugin.h"
#include "proc.h"
#include "record.h"
#include "runid.h"
#include "stats.h"
#include "text.h"
#include "util.h"

static const char *format, *raw_path, *progress_path, *bench_name,
    *toolchain; /* --toolchain: recorded as given, never run */
static int runs = 1, warmup, merge_stderr = 1;
static double timeout_s;
static jv labels;		   /* object of --label pairs */
static struct runid_opts run_opts; /* --commit, --branch, … */
static jv run_id;		   /* the run object every sample carries */
static const char **label_args;	   /* the --label arguments, in order */
static size_t nlabel_args;

static struct recw *out;
static volatile sig_atomic_t child_pgid, stop_signal, timed_out;

/* --- progress ------------------------------------------------------------- */

struct progress {
	double start;	   /* monotonic seconds */
	double last_write; /* of the progress file */
	long results;	   /* samples so far */
	char current[256]; /* benchmark being measured */
	/* its running mean and variance */
	struct stats_running run;
	struct map suites;  /* suite → results (long, boxed) */
	struct map benches; /* suite \x1f name → results (long, boxed) */
	const char *state;
	int tty;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double live_cv(const struct progress *p)
{
	double cv;

	return stats_running_cv(&p->run, &cv) ? cv : NAN;
}

/* Results per benchmark, grouped by suite: {suite: {name: n}}.  Returns a
 * new jv the caller owns. */
static jv bench_counts(const struct progress *p)
{
	jv o = jv_object(), s;
	const char *key, *sep;
	size_t i;

	for (i = 0; i < p->benches.n; i++) {
		key = p->benches.v[i].key;
		sep = memchr(key, '\x1f', p->benches.v[i].keylen);
		if (!sep)
			continue;
		s = jv_object_get(jv_copy(o),
				  jv_string_sized(key, (int)(sep - key)));
		if (jv_get_kind(s) != JV_KIND_OBJECT) {
			jv_free(s);
			s = jv_object();
		}
		s = jv_object_set(
		    s,
		    jv_string_sized(sep + 1, (int)(p->benches.v[i].keylen -
						   (size_t)(sep - key) - 1)),
		    jv_number((double)*(long *)p->benches.v[i].value));
		o = jv_object_set(o, jv_string_sized(key, (int)(sep - key)), s);
	}
	return o;
}

static void progress_file(struct progress *p, int force)
{
	jv o, s;
	double t = now_s();
	size_t i;

	if (!progress_path || (!force && t - p->last_write < 0.25))
		return;
	s = jv_object();
	p->last_write = t;
	for (i = 0; i < p->suites.n; i++)
		s = jv_object_set(
		    s, jv_string(p->suites.v[i].key),
		    jv_number((double)*(long *)p->suites.v[i].value));
	o = jv_object_set(jv_object(), jv_string("state"), jv_string(p->state));
	o = jv_object_set(o, jv_string("elapsed_s"),
			  jv_number(round((t - p->start) * 10) / 10));
	o = jv_object_set(o, jv_string("results"),
			  jv_number((double)p->results));
	o = jv_object_set(
	    o, jv_string("current"),
	    jv_object_set(jv_object_set(jv_object(), jv_string("name"),
					jv_string(p->current)),
			  jv_string("samples"), jv_number(p->run.n)));
	if (!isnan(live_cv(p)))
		o = jv_object_set(o, jv_string("current_cv"),
				  jv_number(round(live_cv(p) * 100) / 100));
	o = jv_object_set(o, jv_string("suites"), s);
	o = jv_object_set(o, jv_string("benchmarks"), bench_counts(p));
	if (jv_object_length(jv_copy(labels)))
		o = jv_object_set(o, jv_string("labels"), jv_copy(labels));
	o = jv_dump_string(o, JV_PRINT_INDENT_FLAGS(2));
	if (atomic_write(progress_path, jv_string_value(o),
			 (size_t)jv_string_length_bytes(jv_copy(o)), 0))
		warnx_("%s: %s", progress_path, strerror(errno));
	jv_free(o);
}

static void progress_sample(struct progress *p, const struct rec *rec)
{
	char name[256], tmp[64], key[512];
	const char *unit = rec_time_unit(rec, tmp, sizeof tmp);
	const struct bt_metric *m = unit ? rec_metric(rec, unit) : NULL;
	struct map_entry *e;

	snprintf(name, sizeof name, "%.*s", (int)rec->r.name.n, rec->r.name.s);
	if (strcmp(name, p->current)) {
		snprintf(p->current, sizeof p->current, "%s", name);
		p->run = (struct stats_running){0};
	}
	if (m)
		stats_running_add(&p->run, m->value);
	p->results++;
	e = map_get(&p->suites, rec->r.suite.s, rec->r.suite.n, NULL);
	if (!e->value)
		e->value = xcalloc(1, sizeof(long));
	++*(long *)e->value;
	snprintf(key, sizeof key, "%.*s\x1f%s", (int)rec->r.suite.n,
		 rec->r.suite.s, name);
	e = map_get(&p->benches, key, strlen(key), NULL);
	if (!e->value)
		e->value = xcalloc(1, sizeof(long));
	++*(long *)e->value;
	if (p->tty) {
		double cv = live_cv(p);
		char shown[61];

		memcpy(shown, p->current, sizeof shown - 1);
		shown[sizeof shown - 1] = '\0';
		fprintf(stderr, "\r\033[K%s: %ld results, %.0fs, ", progname,
			p->results, now_s() - p->start);
		text_put(stderr, shown); /* a name, never control */
		if (!isnan(cv))
			fprintf(stderr, " CV %.1f%%", cv);
	}
	progress_file(p, 0);
}

/* --- one run -------------------------------------------------------------- */

struct run {
	struct progress *prog;
	FILE *raw;
	int record; /* write records (not a warmup run) */
};

static void flush_out(void *ctx)
{
	(void)ctx;
	recw_flush(out);
}

static void tap_raw(void *ctx, const void *p, size_t n)
{
	struct run *r = ctx;

	if (r->raw && fwrite(p, 1, n, r->raw) != n)
		warnx_("%s: write error: %s", raw_path, strerror(errno));
}

static int on_record(void *ctx, const struct rec *rec)
{
	struct run *r = ctx;

	if (!r->record)
		return 0;
	recw_write(out, rec);
	if (rec->r.kind == BT_KIND_SAMPLE)
		progress_sample(r->prog, rec);
	return 0;
}

/* Seconds a stopped command's group gets before SIGKILL: a process of it
 * that ignores the signal (a job a shell started with '&' ignores SIGINT)
 * would keep the pipe open and bt-run waiting. */
#define GRACE_S 2

/* SIGHUP (the terminal or the ssh session gone) as SIGINT and SIGTERM,
 * unless it was ignored when we started (nohup): then it stays ignored. */
static void catch_hangup(const struct sigaction *sa)
{
	struct sigaction old;

	if (sigaction(SIGHUP, NULL, &old) == 0 && old.sa_handler != SIG_IGN)
		sigaction(SIGHUP, sa, NULL);
}

/* SIGINT/SIGTERM/SIGHUP: pass it to the command's group; SIGALRM: the timeout,
 * SIGTERM to the group; either way SIGKILL after the grace. */
static void on_signal(int sig)
{
	if (sig == SIGALRM && (timed_out || stop_signal)) { /* grace over */
		if (child_pgid > 0)
			kill(-child_pgid, SIGKILL);
		return;
	}
	if (sig == SIGALRM)
		timed_out = 1;
	else
		stop_signal = sig;
	if (child_pgid > 0)
		kill(-child_pgid, sig == SIGALRM ? SIGTERM : sig);
	alarm(GRACE_S); /* async-signal-safe, unlike setitimer */
}

static void arm_timeout(void)
{
	struct itimerval it = {{0, 0}, {0, 0}};

	it.it_value.tv_sec = (time_t)timeout_s;
	it.it_value.tv_usec =
	    (suseconds_t)((timeout_s - floor(timeout_s)) * 1e6);
	setitimer(ITIMER_REAL, &it, NULL);
}

static void disarm_timeout(void)
{
	struct itimerval it = {{0, 0}, {0, 0}};

	setitimer(ITIMER_REAL, &it, NULL);
}

/* Start cmd in its own process group with stdout (and stderr unless kept
 * apart) on a pipe, or on /dev/null for timing runs.  Returns the pid. */
static pid_t start(char **cmd, int *rfd, int timing, int errfd)
{
	struct proc_opts o = PROC_OPTS_INIT;
	int fds[2] = {-1, -1};
	pid_t pid;

	if (!timing && pipe2(fds, O_CLOEXEC))
		die(EXIT_USAGE, "pipe: %s", strerror(errno));
	o.out = timing ? PROC_NULL : fds[1];
	if (timing || merge_stderr)
		o.err = o.out;
	else if (errfd >= 0)
		o.err = errfd;
	o.new_group = 1;
	o.pid = &child_pgid;
	pid = proc_spawn(cmd, &o);
	if (pid < 0)
		die(EXIT_USAGE, "fork: %s", strerror(errno));
	if (stop_signal) /* came before the child could be killed by it */
		proc_kill_group(pid, (int)stop_signal);
	if (!timing)
		close(fds[1]);
	*rfd = fds[0];
	if (timeout_s > 0)
		arm_timeout();
	return pid;
}

/* Wait for pid; its status and rusage land in the arguments.  A run that
 * was stopped leaves nothing of its process group behind. */
static void finish(pid_t pid, int *status, struct rusage *ru)
{
	proc_wait(pid, status, ru);
	disarm_timeout();
	child_pgid = 0;
	if (stop_signal || timed_out)
		proc_reap_group(pid);
}

static void failure(char **cmd, const char *reason, const char *fmt, double v)
{
	char msg[256];
	struct bt_record r = {0};

	snprintf(msg, sizeof msg, fmt, v);
	r.kind = BT_KIND_FAILURE;
	r.name = bench_name ? bt_cstr(bench_name) : bt_cstr(cmd[0]);
	r.reason = bt_cstr(reason);
	r.message = bt_cstr(msg);
	recw_record(out, &r);
}

static int interrupted; /* the interrupted failure was written */

/* The failure record of a run stopped by SIGINT or SIGTERM, once. */
static void mark_interrupted(char **cmd)
{
	if (interrupted++)
		return;
	failure(cmd, "interrupted", "stopped by signal %.0f",
		(double)stop_signal);
}

/* Report how the command ended; 0 when it succeeded. */
static int judge(char **cmd, int status)
{
	if (stop_signal) { /* whatever the command did with the signal */
		mark_interrupted(cmd);
		return EXIT_FINDING;
	}
	if (timed_out) {
		failure(cmd, "timeout", "killed after %g s", timeout_s);
		return EXIT_FINDING;
	}
	if (WIFSIGNALED(status)) {
		failure(cmd, "exit", "killed by signal %.0f",
			(double)WTERMSIG(status));
		return EXIT_FINDING;
	}
	if (WEXITSTATUS(status)) {
		failure(cmd, "exit", "exited with status %.0f",
			(double)WEXITSTATUS(status));
		return EXIT_FINDING;
	}
	return 0;
}

static int parse_run(char **cmd, struct run *r, int errfd)
{
	struct input_opts in = {0};
	struct rusage ru;
	int fd, status, st;
	pid_t pid = start(cmd, &fd, 0, errfd);

	in.format = format;
	in.fn = on_record;
	in.ctx = r;
	in.idle = flush_out;
	in.tap = tap_raw;
	st = input_read_fd(fd, cmd[0], &in);
	if (st) { /* keep the raw output whole: read the rest unparsed */
		char buf[65536];
		ssize_t k;

		while ((k = read(fd, buf, sizeof buf)) > 0 ||
		       (k < 0 && errno == EINTR))
			if (k > 0)
				tap_raw(r, buf, (size_t)k);
	}
	close(fd);
	finish(pid, &status, &ru);
	if (!r->record)
		return 0;
	if (st == EXIT_USAGE)
		warnx_("%s: output not understood; raw output kept%s%s", cmd[0],
		       raw_path ? " in " : "", raw_path ? raw_path : "");
	status = judge(cmd, status);
	return st ? EXIT_USAGE : status;
}

static double tv_ns(struct timeval tv)
{
	return (double)tv.tv_sec * 1e9 + (double)tv.tv_usec * 1e3;
}

static int time_run(char **cmd, struct run *r, const char *name)
{
	struct rusage ru;
	int fd, status, st;
	double t0 = now_s(), wall;
	pid_t pid = start(cmd, &fd, 1, -1);
	char w[32], u[32], s[32], k[32];
	struct bt_metric m[4] = {
	    {BT_STR("ns/op"), 0, {w, 0}, 0},
	    {BT_STR("user-ns/op"), 0, {u, 0}, 0},
	    {BT_STR("sys-ns/op"), 0, {s, 0}, 0},
	    {BT_STR("peak-rss-B"), 0, {k, 0}, 0},
	};
	struct bt_record rec = {0};
	struct rec view = REC_INIT;

	finish(pid, &status, &ru);
	wall = (now_s() - t0) * 1e9;
	st = judge(cmd, status);
	if (!r->record || st)
		return r->record ? st : 0;
	m[0].value = round(wall);
	m[1].value = tv_ns(ru.ru_utime);
	m[2].value = tv_ns(ru.ru_stime);
	m[3].value = (double)ru.ru_maxrss * 1024;
	rec.kind = BT_KIND_SAMPLE;
	rec.name = bt_cstr(name);
	rec.iterations = 1;
	rec.metrics = m;
	rec.nmetrics = 4;
	recw_record(out, &rec);
	view.r = rec;
	progress_sample(r->prog, &view);
	recw_flush(out);
	return 0;
}

/* --- main ----------------------------------------------------------------- */

static void usage(FILE *f, int status)
{
	fprintf(
	    f,
	    "usage: %s [options] -- COMMAND [ARG...]\n"
	    "Run a benchmark command and write its results as records.\n"
	    "  -f, --format NAME      parse with plugin NAME ('time': no "
	    "parser, time each run)\n"
	    "  -l, --label KEY=VALUE  add a group label to every record\n"
	    "  -n, --runs N           run the command N times (default 1)\n"
	    "  -w, --warmup K         first run it K times unrecorded\n"
	    "      --name NAME        benchmark name for -f time (default: "
	    "the command)\n"
	    "      --raw FILE         keep the command's output byte for "
	    "byte\n"
	    "      --timeout SECS     kill a run that takes longer\n"
	    "      --progress-file F  keep a JSON status in F, updated "
	    "atomically\n"
	    "      --toolchain TEXT   the toolchain, as given (never run)\n"
	    "      --no-merge-stderr  do not parse the command's stderr with "
	    "its stdout;\n"
	    "                         with --raw, keep it in FILE.stderr\n"
	    "      --commit C, --branch B, --testbed T, --run-id ID, --time "
	    "T\n"
	    "                         the run's identity on every sample "
	    "(default: $BT_COMMIT,\n"
	    "                         $BT_BRANCH, $BT_TESTBED, git, the "
	    "host, now)\n"
	    "  -h, --help             show this help\n"
	    "  -V, --version          show the version\n"
	    "Exit status: 0 success, 1 the command failed or timed out, 2 "
	    "usage or input error,\n"
	    "130, 143 or 129 stopped by SIGINT, SIGTERM or SIGHUP (the "
	    "records so far kept).\n",
	    progname);
	exit(status);
}

static void add_label(const char *arg)
{
	const char *eq = strchr(arg, '=');
	char *key;

	if (!eq || eq == arg)
		die(EXIT_USAGE, "--label wants KEY=VALUE, not '%s'", arg);
	key = xstrndup(arg, (size_t)(eq - arg));
	labels = jv_object_set(labels, jv_string(key), jv_string(eq + 1));
	free(key);
	/* given to the writer, in order, once it exists (after the options:
	 * see main) */
	label_args =
	    xreallocarray(label_args, nlabel_args + 1, sizeof *label_args);
	label_args[nlabel_args++] = arg;
}

static void apply_labels(void)
{
	size_t i;
	char *key;

	for (i = 0; i < nlabel_args; i++) {
		key = xstrndup(
		    label_args[i],
		    (size_t)(strchr(label_args[i], '=') - label_args[i]));
		recw_label(out, key, strchr(label_args[i], '=') + 1);
		free(key);
	}
	free(label_args);
}

static long number(const char *s, const char *opt)
{
	return opt_count(s, opt, 0, 1000000);
}

static void options(int argc, char **argv)
{
	enum { RAW = 256, PROGRESS, TIMEOUT, NAME, TOOLCHAIN, NOMERGE };
	static const struct option opts[] = {
	    {"format", required_argument, NULL, 'f'},
	    {"label", required_argument, NULL, 'l'},
	    {"runs", required_argument, NULL, 'n'},
	    {"warmup", required_argument, NULL, 'w'},
	    {"raw", required_argument, NULL, RAW},
	    {"progress-file", required_argument, NULL, PROGRESS},
	    {"timeout", required_argument, NULL, TIMEOUT},
	    {"name", required_argument, NULL, NAME},
	    {"toolchain", required_argument, NULL, TOOLCHAIN},
	    {"no-merge-stderr", no_argument, NULL, NOMERGE},
	    RUNID_LONG_OPTIONS,
	    STD_LONG_OPTIONS,
	};
	const char *tc;
	int c;

	while ((c = getopt_long(argc, argv, "+f:l:n:w:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			format = optarg;
			break;
		case 'l':
			add_label(optarg);
			break;
		case 'n':
			runs = (int)number(optarg, "--runs");
			break;
		case 'w':
			warmup = (int)number(optarg, "--warmup");
			break;
		case RAW:
			raw_path = optarg;
			break;
		case PROGRESS:
			progress_path = optarg;
			break;
		case TIMEOUT:
			timeout_s = opt_seconds(optarg, "--timeout");
			break;
		case NAME:
			bench_name = optarg;
			break;
		case TOOLCHAIN:
			/* a name, one line: never a command for a shell */
			for (tc = optarg; *tc; tc++)
				if ((unsigned char)*tc < 0x20 || *tc == 0x7f)
					die(EXIT_USAGE,
					    "--toolchain: a control character "
					    "(0x%02x) in the toolchain's name",
					    (unsigned)(unsigned char)*tc);
			toolchain = optarg;
			break;
		case NOMERGE:
			merge_stderr = 0;
			break;
		default: /* the run's identity, -h, -V, unknown */
			if (!runid_option(&run_opts, c, optarg))
				std_option(c, usage);
		}
	}
}

/* A timing run's name: --name, or the command line. */
static char *command_name(char **cmd)
{
	struct buf b = {0};
	int i;

	if (bench_name)
		return xstrdup(bench_name);
	for (i = 0; cmd[i]; i++) {
		if (i)
			buf_addc(&b, ' ');
		buf_add(&b, cmd[i], strlen(cmd[i]));
	}
	return buf_cstr(&b);
}

int main(int argc, char **argv)
{
	struct progress prog = {0};
	struct run r = {&prog, NULL, 1};
	struct sigaction sa;
	int i, st = 0, timing, errfd = -1;
	char **cmd, *name, errpath[4096];

	util_init(argv[0]);
	labels = jv_object();
	options(argc, argv);
	/* the plugin parses in this process: keep fd 1 away from it */
	out = recw_new(plugins_own_stdout());
	apply_labels();
	if (optind >= argc)
		usage(stderr, EXIT_USAGE);
	cmd = argv + optind;
	timing = format && !strcmp(format, "time");
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGALRM, &sa, NULL);
	catch_hangup(&sa);
	if (raw_path) {
		r.raw = fopen(raw_path, "we");
		if (!r.raw)
			die(EXIT_USAGE, "%s: %s", raw_path, strerror(errno));
	}
	if (raw_path && !merge_stderr) {
		snprintf(errpath, sizeof errpath, "%s.stderr", raw_path);
		errfd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
			     0644);
		if (errfd < 0)
			die(EXIT_USAGE, "%s: %s", errpath, strerror(errno));
	}
	run_id = runid_make(&run_opts);
	{
		jv text = jv_dump_string(jv_copy(run_id), 0);

		recw_run(out, jv_string_value(text));
		jv_free(text);
	}
	prog.start = now_s();
	prog.state = "running";
	prog.tty = isatty(2);
	recw_json(out, context_make(cmd, toolchain, labels, run_id));
	recw_flush(out);
	name = command_name(cmd);
	for (i = 0; i < warmup + runs && !stop_signal; i++) {
		r.record = i >= warmup;
		int one = timing ? time_run(cmd, &r, name)
				 : parse_run(cmd, &r, errfd);

		if (one > st)
			st = one; /* 2 (input) over 1 (the command failed) */
	}
	if (stop_signal) { /* kept and marked, never "done" */
		mark_interrupted(cmd);
		st = 128 + (int)stop_signal;
	}
	if (prog.tty && prog.results)
		fputc('\n', stderr);
	prog.state = stop_signal ? "interrupted" : st ? "failed" : "done";
	progress_file(&prog, 1);
	if (recw_finish(out))
		st = EXIT_FINDING;
	if (r.raw && fclose(r.raw))
		warnx_("%s: write error", raw_path);
	if (errfd >= 0)
		close(errfd);
	free(name);
	jv_free(labels);
	jv_free(run_id);
	map_free(&prog.suites, free);
	map_free(&prog.benches, free);
	if (fshut(plugins_own_stdout(), "<stdout>") && !stop_signal)
		return EXIT_FINDING;
	return st;
}
