/*
 * dart.c — the plugin for Dart's benchmark_harness output:
 *
 *	Template(RunTime): 1.0 us.
 *
 * BenchmarkBase.report() prints one such line per benchmark: its name, the
 * metric in parentheses (RunTime: the mean time of one run of the
 * benchmark's exercise(), measured over about two seconds) and the score
 * in microseconds.  Each line becomes one sample, the time in ns/op
 * (converted exactly); a line of another metric or unit keeps the unit as
 * printed.  The harness prints the mean only, no spread and no count, so
 * the sample is that one number.  Any other line (the program's own
 * output) is not part of the format and is left alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bt-plugin.h"
#include "jsondoc.h"
#include "plugstr.h"

#define EXPORT __attribute__((visibility("default")))

struct dart {
	const struct bt_host *host;
	size_t read, unreadable; /* result lines read and not */
};

/*
 * Split "NAME(METRIC): VALUE UNIT." into its parts.  1 when the line has
 * that shape, 0 when not.  The name may hold parentheses itself
 * ("fib(10)(RunTime)"): the metric is the last parenthesised part before
 * "): ".
 */
static int split(const char *p, size_t n, struct bt_str *name,
		 struct bt_str *metric, struct bt_str *value,
		 struct bt_str *unit)
{
	const char *close = str_rfind(p, n, "): "), *open, *sp, *e = p + n;

	while (e > p && (e[-1] == '\r' || e[-1] == ' '))
		e--;
	if (!close || e == p || e[-1] != '.')
		return 0;
	e--; /* the final '.' */
	for (open = close; open > p && open[-1] != '('; open--)
		;
	if (open == p || open - 1 == p)
		return 0;
	*name = (struct bt_str){p, (size_t)(open - 1 - p)};
	*metric = (struct bt_str){open, (size_t)(close - open)};
	value->s = close + 3;
	sp = memchr(value->s, ' ', (size_t)(e - value->s));
	if (!sp || sp == value->s || sp + 1 >= e)
		return 0;
	value->n = (size_t)(sp - value->s);
	*unit = (struct bt_str){sp + 1, (size_t)(e - sp - 1)};
	return metric->n > 0 && !memchr(unit->s, ' ', unit->n);
}

static int dart_line(void *st, const char *p, size_t n)
{
	struct dart *d = st;
	struct bt_str name, metric, value, unit;
	struct bt_record r = {0};
	struct bt_metric m;
	char text[NUMTEXT_MAX];

	if (!split(p, n, &name, &metric, &value, &unit))
		return 0;
	if (jsondoc_convert(value.s, value.n, unit.s, unit.n, &m, text)) {
		d->host->warn(d->host->ctx, "a benchmark_harness line whose "
					    "score is not a number; skipped");
		d->unreadable++;
		return 0;
	}
	r.kind = BT_KIND_SAMPLE;
	r.name = name;
	r.metrics = &m;
	r.nmetrics = 1;
#if BT_PLUGIN_ABI_VERSION >= 2
	r.summary_only = 1; /* the mean of runs it did not print */
#endif
	d->host->emit(d->host->ctx, &r);
	d->read++;
	return 0;
}

static int dart_finish(void *st)
{
	struct dart *d = st;

	if (d->unreadable && !d->read) {
		d->host->error(d->host->ctx,
			       "no benchmark_harness result could "
			       "be read");
		return -1;
	}
	return 0;
}

static void *dart_open(const struct bt_host *host)
{
	struct dart *d = calloc(1, sizeof *d);

	if (d)
		d->host = host;
	return d;
}

static void dart_close(void *st)
{
	free(st);
}

/* Every non-blank line of the head is a "NAME(RunTime): N us." line: the
 * harness prints nothing else, but a program may; one such line is a
 * good sign, a head of nothing else is certain. */
static int dart_probe(const char *p, size_t n)
{
	size_t i = 0, good = 0, other = 0;

	while (i < n) {
		const char *nl = memchr(p + i, '\n', n - i);
		size_t end = nl ? (size_t)(nl - p) : n;
		struct bt_str a, b, c, u;

		if (!nl && end - i < 12)
			break; /* a line cut by the head */
		if (split(p + i, end - i, &a, &b, &c, &u) && b.n == 7 &&
		    !memcmp(b.s, "RunTime", 7))
			good++;
		else if (end > i && !(end - i == 1 && p[i] == '\r'))
			other++;
		i = end + 1;
	}
	if (!good)
		return 0;
	return other ? 50 : 80;
}

static const struct bt_plugin plugin = {
    .abi_version = BT_PLUGIN_ABI_VERSION,
    .name = "dart",
    .description = "Dart benchmark_harness (NAME(RunTime): N us.)",
    .probe = dart_probe,
    .open = dart_open,
    .line = dart_line,
    .finish = dart_finish,
    .close = dart_close,
};

EXPORT const struct bt_plugin *bt_plugin_descriptor(void)
{
	return &plugin;
}
