/*
 * benchmarkjs.c — benchmark.js result lines, `String(event.target)` of
 * each cycle as its README prints them:
 *
 *	NAME x 1,234.5 ops/sec ±1.23% (90 runs sampled)
 *
 * benchmark.js times `runs` samples and prints their mean as a rate, the
 * relative margin of error at 95 % (±rme) and the sample count, never the
 * samples: each line is one summary-only sample (docs/records.md, "Summary
 * statistics") with ns/op = 1e9 / rate and the rate itself as ops/s, and
 * the standard deviation recovered from the margin exactly as benchmark.js
 * made it (rme = t × stddev / √n / mean × 100; summary.h).  The name may
 * itself contain " x ", so the line is read from its end.  Other lines
 * ("Fastest is …", a harness's own output) are not results.
 */
#include <stdlib.h>
#include <string.h>

#include "bt-plugin.h"
#include "plugstr.h"
#include "summary.h"

#define EXPORT __attribute__((visibility("default")))

struct bjs {
	const struct bt_host *host;
};

/* The parts of a result line; 0 when p[0..n) is not one. */
struct result {
	struct bt_str name, rate, rme, runs;
};

/* Move *e back over white space; *e is an end pointer. */
static void back_space(const char *p, const char **e)
{
	while (*e > p &&
	       ((*e)[-1] == ' ' || (*e)[-1] == '\t' || (*e)[-1] == '\r'))
		(*e)--;
}

/* Strip the literal lit from the end of [p, *e); 0 when it is not there. */
static int back_lit(const char *p, const char **e, const char *lit)
{
	size_t k = strlen(lit);

	if ((size_t)(*e - p) < k || memcmp(*e - k, lit, k))
		return 0;
	*e -= k;
	return 1;
}

/* The word before *e of the characters in set, as w; 0 when empty. */
static int back_word(const char *p, const char **e, const char *set,
		     struct bt_str *w)
{
	const char *q = *e;

	while (q > p && q[-1] && strchr(set, q[-1]))
		q--;
	w->s = q;
	w->n = (size_t)(*e - q);
	*e = q;
	return w->n > 0;
}

static int parse_result(const char *p, size_t n, struct result *r)
{
	const char *e = p + n;

	back_space(p, &e);
	if (!back_lit(p, &e, "sampled)"))
		return 0;
	back_space(p, &e);
	if (!back_lit(p, &e, "runs") && !back_lit(p, &e, "run"))
		return 0;
	back_space(p, &e);
	if (!back_word(p, &e, "0123456789", &r->runs) || e == p || e[-1] != '(')
		return 0;
	e--;
	back_space(p, &e);
	if (!back_lit(p, &e, "%") ||
	    !back_word(p, &e, "0123456789.", &r->rme) ||
	    !(back_lit(p, &e, "\xc2\xb1") || back_lit(p, &e, "+/-")))
		return 0;
	back_space(p, &e);
	if (!back_lit(p, &e, "ops/sec"))
		return 0;
	back_space(p, &e);
	if (!back_word(p, &e, "0123456789.,", &r->rate) ||
	    !back_lit(p, &e, " x "))
		return 0;
	r->name = sum_trim(p, (size_t)(e - p));
	return r->name.n > 0;
}

static void *bjs_open(const struct bt_host *host)
{
	struct bjs *b = calloc(1, sizeof *b);

	if (b)
		b->host = host;
	return b;
}

static int bjs_line(void *st, const char *p, size_t n)
{
	struct bjs *b = st;
	struct result res;
	struct bt_record r = {0};
	struct bt_metric m[2];
	struct bt_stats s[2];
	char rate[NUMTEXT_MAX], rme[NUMTEXT_MAX];
	double ops, pct;

	if (!parse_result(p, n, &res))
		return 0;
	if (sum_number(res.rate, 0, rate, &ops) ||
	    sum_number(res.rme, 0, rme, &pct) || !(ops > 0)) {
		b->host->warn(b->host->ctx, "a result whose rate is not a "
					    "positive number; skipped");
		return 0;
	}
	r.kind = BT_KIND_SAMPLE;
	r.name = res.name;
	r.metrics = m;
	r.nmetrics = 2;
	r.summary_only = 1;
	r.stats = s;
	r.nstats = sum_rate(ops, rate, pct, strtod(res.runs.s, NULL), m, s);
	b->host->emit(b->host->ctx, &r);
	return 0;
}

static int bjs_finish(void *st)
{
	(void)st;
	return 0;
}

static void bjs_close(void *st)
{
	free(st);
}

/* Lines of the result shape; "Fastest is" as benchmark.js suites print. */
static int bjs_probe(const char *p, size_t n)
{
	const char *q = p, *end = p + n, *nl;
	struct result r;
	int hits = 0, lines = 0;

	if (n >= 6 && !memcmp(p, "{\"bt\":", 6))
		return 0;
	while (q < end && lines < 64) {
		nl = memchr(q, '\n', (size_t)(end - q));
		if (!nl) /* the head may end inside a line */
			break;
		hits += parse_result(q, (size_t)(nl - q), &r);
		lines++;
		q = nl + 1;
	}
	if (hits == 0)
		return 0;
	return hits >= 2 || memmem(p, n, "\nFastest is ", 12) ? 85 : 70;
}

static const struct bt_plugin plugin = {
    .abi_version = BT_PLUGIN_ABI_VERSION,
    .name = "benchmarkjs",
    .description = "benchmark.js 'x N ops/sec ±R% (N runs sampled)' lines "
		   "(summary-only samples)",
    .probe = bjs_probe,
    .open = bjs_open,
    .line = bjs_line,
    .finish = bjs_finish,
    .close = bjs_close,
};

EXPORT const struct bt_plugin *bt_plugin_descriptor(void)
{
	return &plugin;
}
