/*
 * jstime.c — the plugin for JavaScript's console.time / console.timeEnd
 * lines:
 *
 *	loop 10M: 43.383ms                    Node (and Deno, Bun)
 *	slow: 1.104s                          Node, 1 s and more
 *	long: 1:02.345 (m:ss.mmm)             Node, 1 min and more
 *	default: 7617ms - timer ended         Firefox's console
 *
 * The label is everything before the last ": " ahead of the time, so a
 * label may hold ": " itself.  Each line becomes one sample of one timed
 * run, in ns/op (converted exactly where the time is a plain number of ms
 * or s).  Lines of anything else (the program's own console.log) are not
 * part of the format and are left alone; console.timeLog lines that carry
 * extra data after the time are left alone too (they are progress, not a
 * result).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bt-plugin.h"
#include "numtext.h"

#define EXPORT __attribute__((visibility("default")))

struct jstime {
	const struct bt_host *host;
};

static int digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Does p[0..n) end with lit?  Then cut it off. */
static int cut_suffix(const char *p, size_t *n, const char *lit)
{
	size_t k = strlen(lit);

	if (*n < k || memcmp(p + *n - k, lit, k) != 0)
		return 0;
	*n -= k;
	return 1;
}

/* The digits p[0..n) as a number, or -1 when empty or not digits. */
static double whole(const char *p, size_t n)
{
	double v = 0;
	size_t i;

	if (n == 0 || n > 6)
		return -1;
	for (i = 0; i < n; i++) {
		if (!digit(p[i]))
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

/* Node's "H:MM:SS.mmm" or "M:SS.mmm" in p[0..n) as ns; -1 when not. */
static double clock_ns(const char *p, size_t n)
{
	const char *c1 = memchr(p, ':', n), *c2, *sec;
	double h = 0, mi, ns;
	char out[NUMTEXT_MAX];

	if (!c1)
		return -1;
	c2 = memchr(c1 + 1, ':', (size_t)(p + n - c1 - 1));
	if (c2) {
		h = whole(p, (size_t)(c1 - p));
		mi = whole(c1 + 1, (size_t)(c2 - c1 - 1));
		sec = c2 + 1;
	} else {
		mi = whole(p, (size_t)(c1 - p));
		sec = c1 + 1;
	}
	if (h < 0 || mi < 0 || sec == p + n || !digit(*sec) ||
	    memchr(sec, ':', (size_t)(p + n - sec)) ||
	    numtext_shift(sec, (size_t)(p + n - sec), 9, out, &ns))
		return -1;
	return h * 3600e9 + mi * 60e9 + ns;
}

/*
 * Split a console.time line into label and time.  1 when it is one (m
 * filled, its text in text), 0 when not.
 */
static int parse(const char *p, size_t n, struct bt_str *label,
		 struct bt_metric *m, char text[NUMTEXT_MAX])
{
	const char *t = NULL;
	size_t i, tn;
	int shift = -1;

	if (n && p[n - 1] == '\r')
		n--;
	cut_suffix(p, &n, " - timer ended");
	if (!cut_suffix(p, &n, " (m:ss.mmm)") &&
	    !cut_suffix(p, &n, " (h:mm:ss.mmm)")) {
		if (cut_suffix(p, &n, "ms"))
			shift = 6;
		else if (cut_suffix(p, &n, "s"))
			shift = 9;
		else
			return 0;
		if (n && p[n - 1] == ' ') /* Chrome: "0.08 ms" */
			n--;
	}
	for (i = n; i >= 2; i--)
		if (p[i - 2] == ':' && p[i - 1] == ' ') {
			t = p + i;
			break;
		}
	if (!t || i - 2 == 0)
		return 0;
	tn = (size_t)(p + n - t);
	*label = (struct bt_str){p, i - 2};
	m->unit = BT_STR("ns/op");
	m->better = BT_BETTER_LOWER;
	m->text = BT_STR("");
	if (shift < 0) {
		m->value = clock_ns(t, tn);
		return m->value >= 0;
	}
	if (!tn || !digit(t[0]) || !digit(t[tn - 1]) ||
	    numtext_shift(t, tn, shift, text, &m->value) || !isfinite(m->value))
		return 0;
	m->text = bt_cstr(text);
	return 1;
}

static int jt_line(void *st, const char *p, size_t n)
{
	struct jstime *j = st;
	struct bt_record r = {0};
	struct bt_metric m;
	char text[NUMTEXT_MAX];

	if (!parse(p, n, &r.name, &m, text))
		return 0;
	r.kind = BT_KIND_SAMPLE;
	r.metrics = &m;
	r.nmetrics = 1;
	j->host->emit(j->host->ctx, &r);
	return 0;
}

static int jt_finish(void *st)
{
	(void)st;
	return 0;
}

static void *jt_open(const struct bt_host *host)
{
	struct jstime *j = calloc(1, sizeof *j);

	if (j)
		j->host = host;
	return j;
}

static void jt_close(void *st)
{
	free(st);
}

/*
 * console.time lines are short and loose ("x: 1ms" could be anyone's), so
 * the score rests on how much of the head they make up: most lines → 60,
 * some → 30.  Firefox's " - timer ended" is its own sign.
 */
static int jt_probe(const char *p, size_t n)
{
	size_t i = 0, good = 0, lines = 0, ended = 0;

	while (i < n) {
		const char *nl = memchr(p + i, '\n', n - i);
		size_t end = nl ? (size_t)(nl - p) : n;
		struct bt_str l;
		struct bt_metric m;
		char text[NUMTEXT_MAX];

		if (!nl && i > 0)
			break; /* a line cut by the head */
		if (end > i) {
			lines++;
			if (parse(p + i, end - i, &l, &m, text)) {
				good++;
				ended +=
				    end - i > 14 &&
				    !memcmp(p + end - 14, " - timer ended", 14);
			}
		}
		i = end + 1;
	}
	if (!good || p[0] == '{' || p[0] == '[')
		return 0;
	if (ended == good)
		return 70;
	return good * 2 > lines ? 60 : 30;
}

static const struct bt_plugin plugin = {
    .abi_version = BT_PLUGIN_ABI_VERSION,
    .name = "jstime",
    .description = "JavaScript console.time / timeEnd lines (LABEL: 1.23ms)",
    .probe = jt_probe,
    .open = jt_open,
    .line = jt_line,
    .finish = jt_finish,
    .close = jt_close,
};

EXPORT const struct bt_plugin *bt_plugin_descriptor(void)
{
	return &plugin;
}
