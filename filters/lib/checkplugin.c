/*
 * checkplugin.c — `bt-parse --check-plugin FILE.so [SAMPLE…]`.
 *
 * The host trusts a plugin on a few points: it loads with the right ABI, its
 * probe is total (any bytes, a score in 0..100), its parser survives any
 * input, it keeps no global state (two instances interleaved give what one
 * gives alone), and what it emits is a valid record.  Each check runs the
 * plugin in a child process, so a crash is reported as a finding instead of
 * ending the check.  Output is TAP, for people and for `prove`.
 */
#include "checkplugin.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "abi.h"
#include "buf.h"
#include "guard.h"
#include "plugin.h"
#include "proc.h"
#include "record.h"
#include "util.h"

enum { FUZZ_TRUNC = 16, FUZZ_MUTATE = 120, FUZZ_RANDOM = 40 };

static int tap_n, tap_bad;
static FILE *tout; /* where the TAP goes: not fd 1 */

static void tap(int ok, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void tap(int ok, const char *fmt, ...)
{
	va_list ap;

	fprintf(tout, "%sok %d - ", ok ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vfprintf(tout, fmt, ap);
	va_end(ap);
	fputc('\n', tout);
	fflush(tout);
	tap_bad += !ok;
}

/* A small deterministic PRNG (xorshift64*), so a failure can be replayed. */
static unsigned long long rnd(unsigned long long *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

/* --- running the plugin in a child ---------------------------------------- */

struct sink {
	struct buf out; /* serialised records, one per line */
	int errors, invalid;
	const struct bt_plugin *p;
};

static void sink_emit(void *ctx, const struct bt_record *in)
{
	struct sink *s = ctx;
	size_t mark = s->out.len;
	struct bt_record r;

	abi_record(s->p, in, &r);
	if (record_json(&s->out, &r)) {
		s->out.len = mark;
		s->invalid++;
		return;
	}
	buf_addc(&s->out, '\n');
}

static void sink_warn(void *ctx, const char *msg)
{
	(void)ctx;
	(void)msg;
}

static void sink_error(void *ctx, const char *msg)
{
	(void)msg;
	((struct sink *)ctx)->errors++;
}

/* Feed data line by line to one instance; with two instances, alternate. */
static void feed(const struct bt_plugin *p, void **st, int n, const char *data,
		 size_t len)
{
	const char *q = data, *end = data + len, *nl;
	int i;

	while (q < end) {
		nl = memchr(q, '\n', (size_t)(end - q));
		for (i = 0; i < n; i++)
			p->line(st[i], q, (size_t)((nl ? nl : end) - q));
		q = nl ? nl + 1 : end;
	}
	for (i = 0; i < n; i++)
		p->finish(st[i]);
}

enum mode { RUN_ONE, RUN_TWO, RUN_DIR, RUN_PROBE };

/* In a child: run the plugin over data (or the directory path) and write
 * the serialised records of the first instance, then of the second, to fd.
 * Exit status 0, 3 when the plugin reported an error, 4 invalid records. */
static _Noreturn void child(const struct bt_plugin *p, enum mode m,
			    const char *data, size_t len, int fd)
{
	struct sink s[2] = {{{0}, 0, 0, p}, {{0}, 0, 0, p}};
	struct bt_host h[2] = {{&s[0], sink_emit, sink_warn, sink_error, NULL},
			       {&s[1], sink_emit, sink_warn, sink_error, NULL}};
	void *st[2];
	int n = m == RUN_TWO ? 2 : 1, i, score;

	/* a plugin that never returns is a finding: twice the host's limit
	 * on a probe, for a whole parse */
	alarm((unsigned)(2 * plugin_timeout_ms() + 999) / 1000);
	if (m == RUN_PROBE) {
		score = p->probe(data, len);
		if (write(fd, &score, sizeof score) != sizeof score)
			_exit(6);
		_exit(score < 0 || score > 100 ? 5 : 0);
	}
	for (i = 0; i < n; i++)
		st[i] = p->open(&h[i]);
	if (m == RUN_DIR)
		p->read_dir(st[0], data);
	else
		feed(p, st, n, data, len);
	for (i = 0; i < n; i++) {
		p->close(st[i]);
		if (write(fd, s[i].out.p ? s[i].out.p : "", s[i].out.len) < 0)
			_exit(6);
		if (i == 0 && n == 2 && write(fd, "\f", 1) < 0)
			_exit(6);
	}
	_exit(s[0].invalid || s[1].invalid ? 4 : s[0].errors ? 3 : 0);
}

/* Run one case; the child's output lands in out.  Returns the child's exit
 * status, or 128 + the signal that killed it. */
static int run(const struct bt_plugin *p, enum mode m, const char *data,
	       size_t len, struct buf *out)
{
	int fd;
	pid_t pid;

	out->len = 0;
	if ((pid = proc_fork_piped(&fd)) == 0) /* its stdout is not our TAP */
		child(p, m, data, len, fd);
	proc_read_all(fd, out);
	return proc_wait(pid, NULL, NULL);
}

/* --- the checks ----------------------------------------------------------- */

static void check_probe(const struct bt_plugin *p)
{
	unsigned long long seed = 42;
	char junk[4096];
	struct buf out = {0};
	size_t i;
	int k, bad = 0;

	bad |= run(p, RUN_PROBE, "", 0, &out);
	memset(junk, 0, sizeof junk);
	if (!bad)
		bad |= run(p, RUN_PROBE, junk, sizeof junk, &out);
	memset(junk, 0xff, sizeof junk);
	if (!bad)
		bad |= run(p, RUN_PROBE, junk, sizeof junk, &out);
	for (k = 0; k < 32 && !bad; k++) {
		for (i = 0; i < sizeof junk; i++)
			junk[i] = (char)rnd(&seed);
		bad |=
		    run(p, RUN_PROBE, junk, 1 + rnd(&seed) % sizeof junk, &out);
	}
	tap(!bad, "probe accepts any bytes and scores 0..100");
	buf_free(&out);
}

/* Every line of out must decode as a record. */
static int valid_records(const struct buf *out, size_t *count)
{
	struct rec rec = REC_INIT;
	const char *q = out->p, *end = out->p + out->len, *nl;
	char err[256];
	int ok = 1;

	*count = 0;
	while (q && q < end && ok) {
		nl = memchr(q, '\n', (size_t)(end - q));
		if (!nl)
			break;
		ok =
		    rec_decode(&rec, q, (size_t)(nl - q), err, sizeof err) == 0;
		if (!ok)
			fprintf(tout, "# invalid record: %s\n", err);
		q = nl + 1;
		++*count;
	}
	rec_clear(&rec);
	return ok;
}

static char *slurp(const char *path, size_t *len)
{
	struct buf b = {0};
	char tmp[65536];
	ssize_t k;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return NULL;
	while ((k = read(fd, tmp, sizeof tmp)) > 0)
		buf_add(&b, tmp, (size_t)k);
	close(fd);
	*len = b.len;
	return b.p ? b.p : xstrdup("");
}

/* Truncations, mutations and random bytes: none may crash the parser. */
static void check_fuzz(const struct bt_plugin *p, const char *name,
		       const char *data, size_t len)
{
	unsigned long long seed = 7;
	struct buf out = {0};
	char *m = xmalloc(len + 64);
	int k, st, crashes = 0, cases = 0;
	size_t i, n;

	for (k = 1; k <= FUZZ_TRUNC; k++, cases++)
		if ((st = run(p, RUN_ONE, data, len * (size_t)k / FUZZ_TRUNC,
			      &out)) >= 128)
			crashes++;
	for (k = 0; k < FUZZ_MUTATE; k++, cases++) {
		memcpy(m, data, len);
		n = len;
		for (i = 0; i < 1 + rnd(&seed) % 8 && n; i++)
			m[rnd(&seed) % n] = (char)rnd(&seed);
		if (rnd(&seed) % 2 && n)
			n = rnd(&seed) % n;
		if ((st = run(p, RUN_ONE, m, n, &out)) >= 128)
			crashes++;
	}
	for (k = 0; k < FUZZ_RANDOM; k++, cases++) {
		n = rnd(&seed) % (len + 64);
		for (i = 0; i < n; i++)
			m[i] = (char)(rnd(&seed) % 4 ? rnd(&seed) : '\n');
		if ((st = run(p, RUN_ONE, m, n, &out)) >= 128)
			crashes++;
	}
	tap(!crashes,
	    "%s: parser survives %d truncated, mutated and random "
	    "inputs (%d crashed)",
	    name, cases, crashes);
	free(m);
	buf_free(&out);
}

/* A crash, an exit or a time-out: what became of a child, in words. */
static const char *fate(int st, char *buf, size_t n)
{
	if (st == 128 + SIGALRM)
		snprintf(buf, n, "did not return within %d s",
			 (2 * plugin_timeout_ms() + 999) / 1000);
	else if (st >= 128)
		snprintf(buf, n, "crashed (%s)", guard_signame(st - 128));
	else
		snprintf(buf, n, "exited (status %d)", st);
	return buf;
}

/* The probe's score for data (its first 4096 bytes), run in a child; -1
 * when it crashed, exited or hung (a finding, said). */
static int probe_score(const struct bt_plugin *p, const char *path,
		       const char *data, size_t len)
{
	struct buf out = {0};
	char why[64];
	int st = run(p, RUN_PROBE, data, len < 4096 ? len : 4096, &out), s = -1;

	if (out.len == sizeof s)
		memcpy(&s, out.p, sizeof s);
	else
		tap(0, "%s: the probe %s", path, fate(st, why, sizeof why));
	buf_free(&out);
	return s;
}

static void check_sample(const struct bt_plugin *p, const char *path)
{
	struct buf one = {0}, two = {0};
	struct stat sb;
	size_t len = 0, count = 0;
	char *data;
	int st, valid, score, dir = stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);

	if (dir && !p->read_dir) {
		tap(0, "%s: a directory, but the plugin reads no directories",
		    path);
		return;
	}
	data = dir ? xstrdup(path) : slurp(path, &len);
	if (!data) {
		tap(0, "%s: cannot read: %s", path, strerror(errno));
		return;
	}
	if (!dir && (score = probe_score(p, path, data, len)) >= 0)
		tap(score > 0, "%s: the probe claims its own sample (score %d)",
		    path, score);
	st = run(p, dir ? RUN_DIR : RUN_ONE, data, len, &one);
	tap(st < 128, "%s: parses without crashing (status %d)", path, st);
	valid = st != 4 && valid_records(&one, &count);
	tap(valid && count > 0, "%s: emits valid records (%zu)", path, count);
	if (!dir) {
		struct buf want = {0};

		st = run(p, RUN_TWO, data, len, &two);
		buf_add(&want, one.p, one.len);
		buf_addc(&want, '\f');
		buf_add(&want, one.p, one.len);
		tap(st < 128 && two.len == want.len &&
			!memcmp(two.p, want.p, want.len),
		    "%s: two instances interleaved give what one gives alone",
		    path);
		buf_free(&want);
		check_fuzz(p, path, data, len);
	}
	free(data);
	buf_free(&one);
	buf_free(&two);
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Is the capture file name one of plugin name's own (NAME.EXT or
 * NAME-VARIANT.EXT)? */
static int own_capture(const char *file, const char *name)
{
	size_t n = strlen(name);

	return !strncmp(file, name, n) && (file[n] == '.' || file[n] == '-');
}

/* --foreign: the probe scores 0 on every other format's capture in dir. */
static void check_foreign(const struct bt_plugin *p, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL, path[4096];
	size_t n = 0, i, len;
	int score, tried = 0;
	char *data;

	if (!d) {
		tap(0, "%s: other formats' captures: %s", dir, strerror(errno));
		return;
	}
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' && strcmp(e->d_name, "README.md") &&
		    !own_capture(e->d_name, p->name)) {
			names = xreallocarray(names, n + 1, sizeof *names);
			names[n++] = xstrdup(e->d_name);
		}
	closedir(d);
	qsort(names, n, sizeof *names, cmp_name);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		if ((data = slurp(path, &len))) {
			tried++;
			if ((score = probe_score(p, path, data, len)) >= 0)
				tap(score == 0,
				    "%s: another format's capture, not claimed "
				    "(score %d)",
				    path, score);
			free(data);
		}
		free(names[i]);
	}
	free(names);
	if (!tried)
		tap(0, "%s: no other formats' captures to check against", dir);
}

int check_plugin(const char *path, char **samples, int n, FILE *out,
		 const char *foreign)
{
	const struct bt_plugin *p;
	char err[512];
	int i;

	tout = out;
	p = plugin_open_file(path, err, sizeof err);
	tap(p != NULL, "%s loads (ABI %d)%s%s", path, BT_PLUGIN_ABI_VERSION,
	    p ? "" : ": ", p ? "" : err);
	if (!p) {
		fprintf(tout, "1..%d\n", tap_n);
		return EXIT_USAGE;
	}
	fprintf(tout, "# plugin %s: %s\n", p->name,
		p->description ? p->description : "");
	check_probe(p);
	if (n == 0)
		check_fuzz(p, "built-in input",
			   "BenchmarkX 1 2 ns/op\n{\"a\":1}\n"
			   "name,unit,value\nx,ns,1\n",
			   45);
	for (i = 0; i < n; i++)
		check_sample(p, samples[i]);
	if (plugin_is_template(p))
		fprintf(tout,
			"# note: the description starts '%s': the "
			"template, not renamed; plugin directories skip "
			"it\n",
			BT_PLUGIN_TEMPLATE_MARK);
	if (foreign)
		check_foreign(p, foreign);
	fprintf(tout, "1..%d\n", tap_n);
	return tap_bad ? EXIT_FINDING : 0;
}
