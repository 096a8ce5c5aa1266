/*
 * csv.c — benchmark results as CSV, for spreadsheets and shell scripts.
 *
 * The first line is a header naming the columns (case-insensitive):
 * "name" and "value" are required; "unit" (default "ns/op" when absent),
 * "suite", "iterations", "procs" and "better" ("higher"/"lower") are
 * understood; every other column becomes a label of that name.  Each
 * further line is one sample.  Fields follow RFC 4180: separated by commas,
 * optionally in double quotes, a quote inside a quoted field doubled; a
 * quoted field may span lines.  A trailing '\r' (CRLF files) is dropped.
 * Units convert as in customjson (ns, us, ms, s → ns/op exactly; bytes per
 * second → MB/s); others are kept as written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bt-plugin.h"
#include "jsondoc.h"
#include "plugstr.h"

#define EXPORT __attribute__((visibility("default")))

enum { MAX_COLS = 64, MAX_ROW = 1 << 20 };
enum col {
	C_LABEL,
	C_NAME,
	C_VALUE,
	C_UNIT,
	C_SUITE,
	C_ITER,
	C_PROCS,
	C_BETTER
};

struct csv {
	const struct bt_host *host;
	struct str row; /* the record so far (quoted fields may span lines) */
	int ncols;	/* 0 until the header was read */
	enum col col[MAX_COLS];
	char *head[MAX_COLS]; /* header names, for labels */
	long lineno;
};

/* Split s[0..n) in place into fields; unquoted and unescaped.  The number
 * of fields, or -1 while a quoted field is still open. */
static int split(char *s, size_t n, struct bt_str *f, int max)
{
	size_t i = 0, o;
	int k = 0;

	for (;;) {
		char *start = s + i;

		o = 0;
		if (i < n && s[i] == '"') {
			for (i++;; i++) {
				if (i == n)
					return -1;
				if (s[i] == '"') {
					if (i + 1 < n && s[i + 1] == '"')
						i++;
					else
						break;
				}
				start[o++] = s[i];
			}
			i++;
			while (i < n && s[i] != ',') /* junk after the quote */
				i++;
		} else {
			while (i < n && s[i] != ',')
				start[o++] = s[i++];
		}
		if (k < max) {
			f[k].s = start;
			f[k].n = o;
		}
		k++;
		if (i >= n)
			return k < max ? k : max;
		i++; /* the comma */
	}
}

/* 1 when a quote is still open in s[0..n). */
static int open_quote(const char *s, size_t n)
{
	size_t i;
	int in = 0, at_start = 1;

	for (i = 0; i < n; i++) {
		if (s[i] == '"' && (in || at_start))
			in = !in;
		at_start = !in && s[i] == ',';
	}
	return in;
}

static int is(struct bt_str f, const char *w)
{
	return f.n == strlen(w) && !strncasecmp(f.s, w, f.n);
}

static int header(struct csv *c, struct bt_str *f, int nf)
{
	int i, name = 0, value = 0;

	for (i = 0; i < nf; i++) {
		c->col[i] = is(f[i], "name")	     ? C_NAME
			    : is(f[i], "value")	     ? C_VALUE
			    : is(f[i], "unit")	     ? C_UNIT
			    : is(f[i], "suite")	     ? C_SUITE
			    : is(f[i], "iterations") ? C_ITER
			    : is(f[i], "procs")	     ? C_PROCS
			    : is(f[i], "better")     ? C_BETTER
						     : C_LABEL;
		name += c->col[i] == C_NAME;
		value += c->col[i] == C_VALUE;
		c->head[i] = strndup(f[i].s, f[i].n);
		if (!c->head[i])
			return -1;
		c->ncols = i + 1;
	}
	if (name != 1 || value != 1) {
		c->host->error(c->host->ctx,
			       "the CSV header must name one "
			       "\"name\" and one \"value\" column");
		return -1;
	}
	return 0;
}

static long integer(struct bt_str f)
{
	char tmp[24], *end;
	long v;

	if (f.n == 0 || f.n >= sizeof tmp)
		return 0;
	memcpy(tmp, f.s, f.n);
	tmp[f.n] = '\0';
	v = strtol(tmp, &end, 10);
	return *end || v < 0 ? 0 : v;
}

static struct bt_str trim(struct bt_str f)
{
	while (f.n && (*f.s == ' ' || *f.s == '\t'))
		f.s++, f.n--;
	while (f.n && (f.s[f.n - 1] == ' ' || f.s[f.n - 1] == '\t'))
		f.n--;
	return f;
}

static void row(struct csv *c, struct bt_str *f, int nf)
{
	struct bt_label l[MAX_COLS];
	struct bt_record r = {0};
	struct bt_metric m;
	struct bt_str value = {0}, unit = BT_STR("ns/op"), better = {0};
	char text[NUMTEXT_MAX], msg[96];
	int i;

	if (nf == 1 && f[0].n == 0)
		return; /* a blank line */
	for (i = 0; i < nf && i < c->ncols; i++) {
		switch (c->col[i]) {
		case C_NAME:
			r.name = f[i];
			break;
		case C_VALUE:
			value = trim(f[i]);
			break;
		case C_UNIT:
			unit = trim(f[i]);
			break;
		case C_SUITE:
			r.suite = f[i];
			break;
		case C_ITER:
			r.iterations = integer(trim(f[i]));
			break;
		case C_PROCS:
			r.procs = integer(trim(f[i]));
			break;
		case C_BETTER:
			better = trim(f[i]);
			break;
		case C_LABEL:
			if (f[i].n) {
				l[r.nlabels].key = bt_cstr(c->head[i]);
				l[r.nlabels++].value = f[i];
			}
			break;
		}
	}
	if (!r.name.n ||
	    jsondoc_convert(value.s, value.n, unit.s, unit.n, &m, text)) {
		snprintf(msg, sizeof msg,
			 "line %ld: no name or no numeric "
			 "value; skipped",
			 c->lineno);
		c->host->warn(c->host->ctx, msg);
		return;
	}
	m.better = is(better, "higher")	 ? BT_BETTER_HIGHER
		   : is(better, "lower") ? BT_BETTER_LOWER
					 : BT_BETTER_DEFAULT;
	r.kind = BT_KIND_SAMPLE;
	r.metrics = &m;
	r.nmetrics = 1;
	r.labels = l;
	c->host->emit(c->host->ctx, &r);
}

/* A complete record in c->row: the header or a sample. */
static int record(struct csv *c)
{
	struct bt_str f[MAX_COLS];
	int nf = split(c->row.s, c->row.n, f, MAX_COLS);

	c->row.n = 0;
	if (c->ncols == 0)
		return nf == 1 && f[0].n == 0 ? 0 : header(c, f, nf);
	row(c, f, nf);
	return 0;
}

/* --- the ABI -------------------------------------------------------------- */

static void *csv_open(const struct bt_host *host)
{
	struct csv *c = calloc(1, sizeof *c);

	if (c)
		c->host = host;
	return c;
}

static int csv_line(void *st, const char *p, size_t n)
{
	struct csv *c = st;

	c->lineno++;
	if (n && p[n - 1] == '\r')
		n--;
	if (c->row.n + n + 2 > MAX_ROW) {
		c->host->error(c->host->ctx, "a CSV record longer than 1 MB "
					     "(an unclosed quote?)");
		return -1;
	}
	/* a '\n' between lines inside a quoted field */
	if ((c->row.n && str_add(&c->row, "\n", 1)) || str_add(&c->row, p, n)) {
		c->host->error(c->host->ctx, "out of memory");
		return -1;
	}
	if (open_quote(c->row.s, c->row.n))
		return 0;
	return record(c);
}

static int csv_finish(void *st)
{
	struct csv *c = st;

	if (c->row.n) {
		c->host->warn(c->host->ctx, "unclosed quote at the end of "
					    "the input; last record skipped");
		c->row.n = 0;
	}
	return 0;
}

static void csv_close(void *st)
{
	struct csv *c = st;
	int i;

	if (!c)
		return;
	for (i = 0; i < c->ncols; i++)
		free(c->head[i]);
	free(c->row.s);
	free(c);
}

/* A first line of comma-separated names holding name and value. */
static int csv_probe(const char *p, size_t n)
{
	const char *nl = memchr(p, '\n', n);
	size_t len = nl ? (size_t)(nl - p) : n, i, s = 0;
	int name = 0, value = 0, commas = 0;

	for (i = 0; i <= len; i++) {
		if (i < len && p[i] != ',' && p[i] != '\r')
			continue;
		struct bt_str f = {p + s, i - s};

		if (f.n >= 2 && f.s[0] == '"' && f.s[f.n - 1] == '"')
			f.s++, f.n -= 2;
		f = trim(f);
		name += is(f, "name");
		value += is(f, "value");
		commas += i < len && p[i] == ',';
		s = i + 1;
		if (i < len && p[i] == '\r')
			break;
	}
	if (!commas || name != 1 || value != 1)
		return 0;
	return 80;
}

static const struct bt_plugin plugin = {
    .abi_version = BT_PLUGIN_ABI_VERSION,
    .name = "csv",
    .description = "CSV with a header naming name, value and optional "
		   "unit, suite, iterations, procs, better and labels",
    .probe = csv_probe,
    .open = csv_open,
    .line = csv_line,
    .finish = csv_finish,
    .close = csv_close,
};

EXPORT const struct bt_plugin *bt_plugin_descriptor(void)
{
	return &plugin;
}
