/*
 * iai.c — the plugin for iai's and iai-callgrind's (now gungraun's)
 * output: benchmarks run under Valgrind, counting instead of timing.
 *
 *	bench_fibonacci_short                                       iai
 *	  Instructions:                1735 (+1.139138%)
 *	  L1 Accesses:                 2364
 *	rust_iai_callgrind::group::bench_fibonacci short:10 iai-callgrind
 *	  ======= CALLGRIND ===========================================
 *	  Instructions:                1734|1650            (+5.09090%)
 *[+1.04844x] Total read+write:            2362|N/A             (*********)
 *
 * A line at the left margin names a benchmark; the indented "Event: N"
 * lines under it are its counts.  Each benchmark becomes one sample with
 * one metric per count, each its own unit named as Bencher names them:
 * the event in lower case, blanks and '+' as '-' ("instructions",
 * "l1-accesses", "total-read-write", DHAT's "total-bytes"), and Valgrind's
 * "Ge" as "global-bus-events".  Counts are exact and deterministic, so one
 * run is the measurement.  The old value after '|' and the change in
 * parentheses go to a context record as UNIT.old and UNIT.change.  Colour
 * codes (--color always) are removed first; libtest's frame, section
 * rulers, the regression summary and any other text are not counts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bt-plugin.h"
#include "numtext.h"
#include "plugrec.h"
#include "plugstr.h"

#define EXPORT __attribute__((visibility("default")))

enum { MAX_COUNTS = 48, MAX_UNIT = 48 };

/* One count of the benchmark being read. */
struct count {
	char unit[MAX_UNIT];
	char text[NUMTEXT_MAX];
	double value;
	struct str old, change;
};

struct iai {
	const struct bt_host *host;
	struct str line; /* the current line without colour codes */
	struct str name; /* the benchmark whose counts follow */
	struct count c[MAX_COUNTS];
	size_t n;
	size_t read; /* benchmarks emitted */
};

static int space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static int digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The unit of event p[0..n) as Bencher spells it, into out. */
static void unit_of(const char *p, size_t n, char out[MAX_UNIT])
{
	size_t i, o = 0;

	if (n == 2 && !memcmp(p, "Ge", 2)) {
		snprintf(out, MAX_UNIT, "global-bus-events");
		return;
	}
	for (i = 0; i < n && o + 1 < MAX_UNIT; i++) {
		char c = p[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		else if (c == ' ' || c == '+' || c == '/')
			c = '-';
		if (c == '-' && (o == 0 || out[o - 1] == '-'))
			continue;
		out[o++] = c;
	}
	out[o] = '\0';
}

/* Emit the benchmark read so far (its context, then its sample) and
 * start afresh. */
static void flush(struct iai *t)
{
	struct bt_metric m[MAX_COUNTS];
	struct bt_label l[2 * MAX_COUNTS + 1];
	char key[2 * MAX_COUNTS][MAX_UNIT + 8];
	struct bt_record r = {0};
	size_t i, nl = 1;

	if (!t->n) {
		t->name.n = 0;
		return;
	}
	l[0] = (struct bt_label){BT_STR("benchmark"), view(&t->name)};
	for (i = 0; i < t->n; i++) {
		struct count *c = &t->c[i];

		m[i] = (struct bt_metric){bt_cstr(c->unit), c->value,
					  bt_cstr(c->text), BT_BETTER_LOWER};
		if (c->old.n) {
			snprintf(key[nl - 1], sizeof key[0], "%s.old", c->unit);
			l[nl] = (struct bt_label){bt_cstr(key[nl - 1]),
						  view(&c->old)};
			nl++;
		}
		if (c->change.n) {
			snprintf(key[nl - 1], sizeof key[0], "%s.change",
				 c->unit);
			l[nl] = (struct bt_label){bt_cstr(key[nl - 1]),
						  view(&c->change)};
			nl++;
		}
	}
	if (nl > 1)
		plug_labels(t->host, (struct bt_str){0}, l, nl);
	r.kind = BT_KIND_SAMPLE;
	r.name = view(&t->name);
	r.metrics = m;
	r.nmetrics = t->n;
	t->host->emit(t->host->ctx, &r);
	t->read++;
	t->n = 0;
	t->name.n = 0;
}

/*
 * "  Event:   N[|OLD] [(CHANGE)] [[FACTOR]]" under a benchmark: 1 when it
 * is one (kept), 0 when not, -1 out of memory.
 */
static int count_line(struct iai *t, const char *p, size_t n)
{
	const char *colon = memchr(p, ':', n), *v, *e = p + n, *q;
	size_t en, vn;
	struct count *c;
	struct bt_str ev;

	if (!colon || !t->name.n)
		return 0;
	ev.s = p;
	ev.n = (size_t)(colon - p);
	ev.s = str_trim(ev.s, &ev.n);
	for (v = colon + 1; v < e && space(*v); v++)
		;
	for (vn = 0; v + vn < e && digit(v[vn]); vn++)
		;
	if (!ev.n || !vn || (v + vn < e && !space(v[vn]) && v[vn] != '|'))
		return 0;
	for (en = 0; en < ev.n; en++)
		if (!strchr(" +-/", ev.s[en]) && !digit(ev.s[en]) &&
		    !((ev.s[en] | 32) >= 'a' && (ev.s[en] | 32) <= 'z'))
			return 0;
	if (t->n == MAX_COUNTS)
		return 1;
	c = &t->c[t->n];
	if (numtext_shift(v, vn, 0, c->text, &c->value))
		return 0;
	unit_of(ev.s, ev.n, c->unit);
	if (!c->unit[0])
		return 0;
	for (en = 0; en < t->n; en++)
		if (!strcmp(t->c[en].unit, c->unit))
			return 1; /* printed twice: the first one counts */
	c->old.n = c->change.n = 0;
	q = v + vn;
	if (q < e && *q == '|') {
		const char *o = ++q;

		while (q < e && !space(*q))
			q++;
		if (q > o && digit(*o) && str_set(&c->old, o, (size_t)(q - o)))
			return -1;
	}
	while (q < e && space(*q))
		q++;
	if (q < e && *q == '(') {
		const char *close = memchr(q, ')', (size_t)(e - q));

		if (close && close - q > 1 && q[1] != '*' &&
		    str_set(&c->change, q + 1, (size_t)(close - q - 1)))
			return -1;
	}
	t->n++;
	return 1;
}

/* Lines that are neither a benchmark's name nor its counts. */
static int frame(const char *p, size_t n)
{
	static const char *const words[] = {
	    "running ",	     "test result:",	 "Running ",
	    "Regressions:",  "Gungraun result:", "Iai-Callgrind result:",
	    "....",	     "error:",		 "warning:",
	    "Benchmarking ", "Finished ",	 "Compiling "};
	size_t i;

	for (i = 0; i < sizeof words / sizeof words[0]; i++)
		if (starts(p, n, words[i]))
			return 1;
	return 0;
}

static int iai_line(void *st, const char *p, size_t n)
{
	struct iai *t = st;
	const char *s;
	size_t sn;
	int r;

	if (str_decolour(&t->line, &p, &n))
		goto nomem;
	if (n && p[n - 1] == '\r')
		n--;
	sn = n;
	s = str_trim(p, &sn);
	if (!sn)
		return 0;
	if (space(p[0])) {
		if ((r = count_line(t, p, n)) < 0)
			goto nomem;
		return 0;
	}
	flush(t);
	if (!frame(p, n) && str_set(&t->name, s, sn))
		goto nomem;
	return 0;
nomem:
	t->host->error(t->host->ctx, "out of memory");
	return -1;
}

static int iai_finish(void *st)
{
	flush(st);
	return 0;
}

static void *iai_open(const struct bt_host *host)
{
	struct iai *t = calloc(1, sizeof *t);

	if (t)
		t->host = host;
	return t;
}

static void iai_close(void *st)
{
	struct iai *t = st;
	size_t i;

	if (!t)
		return;
	for (i = 0; i < MAX_COUNTS; i++) {
		free(t->c[i].old.s);
		free(t->c[i].change.s);
	}
	free(t->line.s);
	free(t->name.s);
	free(t);
}

/* An indented "Instructions:" count line: iai's first event, always
 * printed.  With one of the cache lines too it is certain. */
static int iai_probe(const char *p, size_t n)
{
	const char *i = memmem(p, n, "  Instructions:", 15);

	if (!i)
		return 0;
	if (memmem(p, n, "  L1 Accesses:", 14) ||
	    memmem(p, n, "  L1 Hits:", 10) ||
	    memmem(p, n, "  Estimated Cycles:", 19))
		return 85;
	return 60;
}

static const struct bt_plugin plugin = {
    .abi_version = BT_PLUGIN_ABI_VERSION,
    .name = "iai",
    .description = "Rust iai and iai-callgrind/gungraun output (instruction "
		   "and cache counts)",
    .probe = iai_probe,
    .open = iai_open,
    .line = iai_line,
    .finish = iai_finish,
    .close = iai_close,
};

EXPORT const struct bt_plugin *bt_plugin_descriptor(void)
{
	return &plugin;
}
