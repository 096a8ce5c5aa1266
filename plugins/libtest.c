/*
 * libtest.c — the plugin for Rust's libtest benchmark output: what
 * `cargo bench` prints for #[bench] functions (and criterion for
 * `--output-format bencher`):
 *
 *	test tests::fib ... bench:       1,234 ns/iter (+/- 56)
 *	test tests::boom ... FAILED
 *	---- tests::boom stdout ----
 *	thread 'main' panicked at …
 *
 * One sample a bench line (benchline.h reads it: times in ns/op exactly,
 * criterion's custom units such as cycles/iter kept as printed), preceded
 * by a context record holding the (+/- M) spread.  A benchmark that FAILED
 * becomes a failure record whose message is its stdout block, read from
 * the "failures:" section that follows.
 *
 * The selector: libtest's filters are substrings of the test name (`fib`
 * also runs `fib_10` and `m::fib`) unless `--exact` is given, and several
 * filters select their union; so the selector is `--exact NAME…`.  Pass
 * it where the harness gets it: after `--` for cargo
 * (`cargo bench --bench NAME --`), or straight to the bench binary.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "benchline.h"
#include "bt-plugin.h"
#include "plugrec.h"
#include "plugstr.h"

#define EXPORT __attribute__((visibility("default")))

enum { MAX_FAILED = 64, MAX_MESSAGE = 8192 };

struct libtest {
	const struct bt_host *host;
	/* benchmarks that FAILED, waiting for their message */
	struct str failed[MAX_FAILED];
	size_t nfailed;
	int failing; /* collecting the message of failed[0] */
	struct str failmsg;
	size_t samples, unreadable; /* bench lines read and not */
	char why[128];		    /* the last unreadable line's fault */
};

/* "test NAME ... FAILED": wait for the message in the failures block. */
static int test_failed(struct libtest *t, const char *p, size_t n)
{
	struct bt_str name = {p + 5, n - 5 - 11}; /* " ... FAILED" */

	while (name.n && benchline_space(name.s[name.n - 1]))
		name.n--;
	if (name.n == 0)
		return 0;
	if (t->nfailed == MAX_FAILED) {
		plug_failure(t->host, (struct bt_str){0}, name, BT_STR(""), 1);
		return 0;
	}
	return str_set(&t->failed[t->nfailed++], name.s, name.n);
}

/* Emit the failure of failed[i] with message and forget it. */
static void failed_done(struct libtest *t, size_t i, struct bt_str message)
{
	struct str gone = t->failed[i];

	plug_failure(t->host, (struct bt_str){0}, view(&gone), message, 1);
	memmove(&t->failed[i], &t->failed[i + 1],
		(t->nfailed - i - 1) * sizeof t->failed[0]);
	t->nfailed--;
	t->failed[t->nfailed] = gone; /* keep its buffer for reuse */
	t->failed[t->nfailed].n = 0;
}

/* The end of a "---- NAME stdout ----" block. */
static void failmsg_done(struct libtest *t)
{
	size_t n = t->failmsg.n;

	while (n && t->failmsg.s[n - 1] == '\n')
		n--;
	t->failing = 0;
	failed_done(t, 0, (struct bt_str){t->failmsg.s, n});
}

/* "---- NAME stdout ----": start collecting the message of NAME.  1 when
 * it is one, 0 when not, -1 out of memory. */
static int failure_block(struct libtest *t, const char *p, size_t n)
{
	size_t i, nn;

	if (n < 19 || memcmp(p + n - 12, " stdout ----", 12) != 0)
		return 0;
	nn = n - 17;
	for (i = 0; i < t->nfailed; i++)
		if (t->failed[i].n == nn && !memcmp(t->failed[i].s, p + 5, nn))
			break;
	if (i == t->nfailed)
		return 0;
	if (i) { /* bring it to the front */
		struct str s = t->failed[i];

		t->failed[i] = t->failed[0];
		t->failed[0] = s;
	}
	t->failing = 1;
	t->failmsg.n = 0;
	return str_add(&t->failmsg, "", 0) ? -1 : 1;
}

/* A line of a failure's message: 1 taken, 0 the block ended (look at the
 * line again), -1 out of memory. */
static int failure_text(struct libtest *t, const char *p, size_t n)
{
	if (starts(p, n, "failures:") || starts(p, n, "---- ") ||
	    starts(p, n, "test result:")) {
		failmsg_done(t);
		return 0;
	}
	if (t->failmsg.n + n + 1 > MAX_MESSAGE)
		return 1;
	if ((t->failmsg.n || n) &&
	    (str_add(&t->failmsg, p, n) || str_add(&t->failmsg, "\n", 1)))
		return -1;
	return 1;
}

static int lt_line(void *st, const char *p, size_t n)
{
	struct libtest *t = st;
	struct benchline b;
	int r;

	if (n && p[n - 1] == '\r')
		n--;
	if (t->failing && (r = failure_text(t, p, n)))
		goto done;
	r = benchline_parse(p, n, &b, t->why, sizeof t->why);
	if (r > 0) {
		benchline_emit(&b, t->host);
		t->samples++;
		return 0;
	}
	if (r < 0) {
		t->host->warn(t->host->ctx, t->why);
		t->unreadable++;
		return 0;
	}
	if (n > 16 && starts(p, n, "test ") &&
	    !memcmp(p + n - 11, " ... FAILED", 11))
		r = test_failed(t, p, n);
	else if (starts(p, n, "---- "))
		r = failure_block(t, p, n);
done:
	if (r < 0) {
		t->host->error(t->host->ctx, "out of memory");
		return -1;
	}
	return 0;
}

static int lt_finish(void *st)
{
	struct libtest *t = st;
	char msg[200];

	if (t->failing)
		failmsg_done(t);
	while (t->nfailed)
		failed_done(t, 0, BT_STR(""));
	if (t->unreadable && !t->samples) {
		snprintf(msg, sizeof msg,
			 "no bench line could be read (%zu unreadable)",
			 t->unreadable);
		t->host->error(t->host->ctx, msg);
		return -1;
	}
	return 0;
}

static void *lt_open(const struct bt_host *host)
{
	struct libtest *t = calloc(1, sizeof *t);

	if (t)
		t->host = host;
	return t;
}

static void lt_close(void *st)
{
	struct libtest *t = st;
	size_t i;

	if (!t)
		return;
	for (i = 0; i < MAX_FAILED; i++)
		free(t->failed[i].s);
	free(t->failmsg.s);
	free(t);
}

/* Does a line of p[0..n) start with lit? */
static int line_starts(const char *p, size_t n, const char *lit)
{
	size_t i = 0;

	while (i < n) {
		const char *nl = memchr(p + i, '\n', n - i);
		size_t end = nl ? (size_t)(nl - p) : n;

		if (starts(p + i, end - i, lit))
			return 1;
		i = end + 1;
	}
	return 0;
}

/*
 * A bench line wins; libtest's own frame ("running N tests", "test
 * result:") alone is a weak sign (every cargo test prints it).  Output
 * that also shows criterion's console (its warnings, "Benchmarking")
 * scores lower, so the criterion plugin, which reads bench lines too,
 * takes it.
 */
static int lt_probe(const char *p, size_t n)
{
	const char *b = str_find(p, n, " ... bench: ");
	int crit = str_find(p, n, "Criterion.rs") ||
		   line_starts(p, n, "Benchmarking ") ||
		   line_starts(p, n, "Gnuplot not found");

	if (b && line_starts(p, n, "test ") &&
	    (str_find(b, n - (size_t)(b - p), "/iter") ||
	     str_find(b, n - (size_t)(b - p), "/s")))
		return crit ? 50 : 85;
	/* the frame alone (cargo bench of no #[bench]); not when it frames
	 * iai's counts or criterion's results, which run in it too */
	if (line_starts(p, n, "running ") && line_starts(p, n, "test result: "))
		return crit || str_find(p, n, "  Instructions:") ? 0 : 20;
	return 0;
}

/* --exact, then every name: libtest runs the tests named exactly. */
static int lt_selector(const struct bt_str *names, size_t n,
		       const struct bt_host *host)
{
	struct str s = {0};
	size_t i;

	host->arg(host->ctx, "--exact");
	for (i = 0; i < n; i++) {
		if (str_set(&s, names[i].s, names[i].n)) {
			free(s.s);
			host->error(host->ctx, "out of memory");
			return -1;
		}
		host->arg(host->ctx, s.s);
	}
	free(s.s);
	return 0;
}

static const struct bt_plugin plugin = {
    .abi_version = BT_PLUGIN_ABI_VERSION,
    .name = "libtest",
    .description = "Rust libtest #[bench] output (cargo bench: test NAME "
		   "... bench: N ns/iter)",
    .probe = lt_probe,
    .open = lt_open,
    .line = lt_line,
    .finish = lt_finish,
    .close = lt_close,
    .selector = lt_selector,
};

EXPORT const struct bt_plugin *bt_plugin_descriptor(void)
{
	return &plugin;
}
