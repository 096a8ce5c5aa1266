/*
 * timep.c — a template benchtrack plugin: the output of POSIX `time -p`.
 *
 * Copy this directory, rename the plugin, and change the parsing; the rest
 * (descriptor, state, emit, probe) is what every plugin needs.  It builds
 * out of tree with only the installed headers and the kit, libbtkit.a
 * (see Makefile and docs/plugins.md).
 *
 * `time -p CMD` prints three lines on stderr, seconds in the POSIX form:
 *
 *	real 0.01
 *	user 0.00
 *	sys 0.00
 *
 * Each "real" line starts one measurement; it becomes a sample named
 * "time" (or the name given in a preceding "# name: NAME" line) with
 * ns/op from real, and cpu-ns/op from user + sys when both follow.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bt/plugin.h>
#include <bt/plugstr.h> /* the kit: starts(), struct str, … */

#define EXPORT __attribute__((visibility("default")))

/* Per-input state: created by open(), handed to every call, freed by
 * close().  No globals: two inputs may be parsed at once. */
struct timep {
	const struct bt_host *host;
	char name[256];
	double real, user, sys;
	int have; /* bit 1 real, 2 user, 4 sys */
};

/* Seconds from the text after a keyword: a number of at most 63 bytes.
 * 0 on success, -1 when it is not one.  Lines are not NUL-terminated:
 * copy before strtod, never read past n. */
static int seconds(const char *p, size_t n, double *v)
{
	char buf[64], *end;

	while (n && (*p == ' ' || *p == '\t'))
		p++, n--;
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\r'))
		n--;
	if (n == 0 || n >= sizeof buf)
		return -1;
	memcpy(buf, p, n);
	buf[n] = '\0';
	*v = strtod(buf, &end);
	return *end || *v < 0 || *v > 1e9 ? -1 : 0;
}

/* Emit the pending measurement, if any.  The record and its strings only
 * need to live during emit(): stack storage is fine. */
static void flush(struct timep *t)
{
	struct bt_metric m[2];
	struct bt_record r = {0};

	if (!(t->have & 1))
		return;
	memset(m, 0, sizeof m);
	m[0].unit = BT_STR("ns/op");
	m[0].value = t->real * 1e9; /* converted: leave text empty */
	m[0].better = BT_BETTER_LOWER;
	r.nmetrics = 1;
	if ((t->have & 6) == 6) {
		m[1].unit = BT_STR("cpu-ns/op");
		m[1].value = (t->user + t->sys) * 1e9;
		m[1].better = BT_BETTER_LOWER;
		r.nmetrics = 2;
	}
	r.kind = BT_KIND_SAMPLE;
	r.name = bt_cstr(t->name[0] ? t->name : "time");
	r.iterations = 1;
	r.metrics = m;
	t->host->emit(t->host->ctx, &r);
	t->have = 0;
}

static void *tp_open(const struct bt_host *host)
{
	struct timep *t = calloc(1, sizeof *t);

	if (t)
		t->host = host;
	return t;
}

static int tp_line(void *st, const char *p, size_t n)
{
	struct timep *t = st;
	double v;

	if (starts(p, n, "# name: ")) {
		flush(t);
		n -= 8;
		if (n >= sizeof t->name)
			n = sizeof t->name - 1;
		memcpy(t->name, p + 8, n);
		t->name[n] = '\0';
	} else if (starts(p, n, "real ") && !seconds(p + 5, n - 5, &v)) {
		flush(t);
		t->real = v;
		t->have = 1;
	} else if (starts(p, n, "user ") && !seconds(p + 5, n - 5, &v)) {
		t->user = v;
		t->have |= 2;
	} else if (starts(p, n, "sys ") && !seconds(p + 4, n - 4, &v)) {
		t->sys = v;
		t->have |= 4;
	}
	/* anything else (the command's own output) is ignored */
	return 0;
}

static int tp_finish(void *st)
{
	flush(st);
	return 0;
}

static void tp_close(void *st)
{
	free(st);
}

/* Cheap, allocation-free, any bytes: a line "real <digit>" and a line
 * "user <digit>" in the head. */
static int tp_probe(const char *p, size_t n)
{
	int real = 0, user = 0;
	size_t i = 0;

	while (i < n) {
		const char *nl = memchr(p + i, '\n', n - i);
		size_t end = nl ? (size_t)(nl - p) : n, k = end - i;

		if (k > 5 && starts(p + i, k, "real ") && p[i + 5] >= '0' &&
		    p[i + 5] <= '9')
			real = 1;
		if (k > 5 && starts(p + i, k, "user ") && p[i + 5] >= '0' &&
		    p[i + 5] <= '9')
			user = 1;
		i = end + 1;
	}
	return real && user ? 60 : 0;
}

static const struct bt_plugin plugin = {
    .abi_version = BT_PLUGIN_ABI_VERSION,
    .name = "timep",
    /* Change this first: a description starting "template:" marks the
     * template as it came, which bt-parse skips in plugin directories. */
    .description = "template: POSIX time -p output",
    .probe = tp_probe,
    .open = tp_open,
    .line = tp_line,
    .finish = tp_finish,
    .close = tp_close,
    /* selector, probe_dir, read_dir: NULL */
};

EXPORT const struct bt_plugin *bt_plugin_descriptor(void)
{
	return &plugin;
}
