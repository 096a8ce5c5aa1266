/*
 * gbench.c — the Google Benchmark plugin: `--benchmark_format=json` (or
 * `--benchmark_out=FILE`) and the console table, into records.
 *
 * Google Benchmark reports one row per run of a benchmark: with
 * --benchmark_repetitions=N, N "iteration" rows and then "aggregate" rows
 * (mean, median, stddev, cv) computed from them.  The iteration rows are
 * the measurements and become samples; aggregates are statistics of those
 * samples, which bt-cv and bt-compare compute themselves, so they are
 * counted and dropped (docs/records.md, "Google Benchmark").  Wall-clock
 * time becomes "ns/op" and CPU time "cpu-ns/op", whatever time_unit the
 * benchmark chose; counters are kept as metrics.
 *
 * The JSON is pretty-printed over many lines and may be long, so it is not
 * parsed as one value: the kit's streaming tokenizer (jsonstream.h) walks
 * it line by line, this file holding one benchmark row at a time, and
 * keeps each number's text so a value is written exactly as Google
 * Benchmark printed it.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bt-plugin.h"
#include "jsonstream.h"
#include "plugrec.h"
#include "plugstr.h"
#include "summary.h"
#include "numtext.h"
#include "units.h"

#define EXPORT __attribute__((visibility("default")))

enum {
	MAX_KEY = JS_MAX_KEY,
	MAX_COUNTERS = 32,
	MAX_CONFIG = 32,
	MAX_NESTED = 4096,
	MAX_METRICS = MAX_COUNTERS + 2,
};

/* A user counter or other numeric field of a row. */
struct counter {
	char key[MAX_KEY];
	struct str num;
};

/* One benchmark row as read from the JSON. */
struct row {
	struct str name, run_type, time_unit, label, error_message, real, cpu,
	    iterations;
	int error;
	struct counter c[MAX_COUNTERS];
	size_t nc;
};

struct gb {
	const struct bt_host *host;
	int mode; /* 0 not known yet, 'j' JSON, 'c' console */
	/* JSON */
	struct jstream js;
	int closing; /* place() of the container being closed */
	struct row row;
	struct str nested; /* a context value that is an array or object */
	/* context, JSON and console */
	struct str ckey[MAX_CONFIG], cval[MAX_CONFIG];
	size_t nconfig;
	int context_done;
	/* counts */
	long samples, aggregates;
	struct str line; /* console: the current line, decoloured */
};

/* --- strings -------------------------------------------------------------- */

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* A key, cut to MAX_KEY - 1 bytes. */
static void key_copy(char dst[MAX_KEY], const char *src)
{
	size_t n = strlen(src);

	if (n >= MAX_KEY)
		n = MAX_KEY - 1;
	memmove(dst, src, n);
	dst[n] = '\0';
}

/* --- records -------------------------------------------------------------- */

/* Remember one configuration line (a repeated key gets its value joined). */
static int config_add(struct gb *g, const char *key, const char *v, size_t n)
{
	size_t i;

	for (i = 0; i < g->nconfig; i++)
		if (strcmp(g->ckey[i].s, key) == 0)
			return str_add(&g->cval[i], "; ", 2) ||
			       str_add(&g->cval[i], v, n);
	if (g->nconfig == MAX_CONFIG)
		return 0;
	g->ckey[g->nconfig].n = g->cval[g->nconfig].n = 0;
	if (str_add(&g->ckey[g->nconfig], key, strlen(key)) ||
	    str_add(&g->cval[g->nconfig], v, n))
		return -1;
	g->nconfig++;
	return 0;
}

static void emit_context(struct gb *g)
{
	struct bt_label l[MAX_CONFIG];
	size_t i;

	if (g->context_done || g->nconfig == 0)
		return;
	g->context_done = 1;
	for (i = 0; i < g->nconfig; i++) {
		l[i].key = view(&g->ckey[i]);
		l[i].value = view(&g->cval[i]);
	}
	plug_labels(g->host, (struct bt_str){0}, l, g->nconfig);
}

/* A metric from number text p[0..n) scaled by 1024^k × 10^shift; its text
 * goes to buf.  0, or -1 when p is not a finite number. */
static int metric(struct bt_metric *m, const char *unit, int better,
		  const char *p, size_t n, int shift, int k1024,
		  char buf[NUMTEXT_MAX])
{
	double v;

	if (numtext_scale(p, n, shift, k1024, buf, &v) || !isfinite(v))
		return -1;
	m->unit = bt_cstr(unit);
	m->value = v;
	m->text = bt_cstr(buf);
	m->better = better;
	return 0;
}

/* --- JSON rows ------------------------------------------------------------ */

/* The fields of a row that are not counters. */
static int row_field(const char *key)
{
	static const char *skip[] = {
	    "family_index",
	    "per_family_instance_index",
	    "run_name",
	    "repetitions",
	    "repetition_index",
	    "threads",
	    "aggregate_name",
	    "aggregate_unit",
	    "big_o",
	    "rms",
	    "complexity_n",
	    "error_occurred",
	    "skipped",
	    "name",
	    "run_type",
	    "time_unit",
	    "label",
	    "error_message",
	    "skip_message",
	    "real_time",
	    "cpu_time",
	    "iterations",
	    "real_accumulated_time",
	    "cpu_accumulated_time",
	};
	size_t i;

	for (i = 0; i < sizeof skip / sizeof skip[0]; i++)
		if (strcmp(key, skip[i]) == 0)
			return 1;
	return 0;
}

/* The row is complete: a sample, a failure, or an aggregate to drop. */
static void row_done(struct gb *g)
{
	struct row *w = &g->row;
	struct bt_metric m[MAX_METRICS];
	char buf[MAX_METRICS][NUMTEXT_MAX];
	struct bt_label label;
	struct bt_record r = {0};
	int shift = unit_time_shift(w->time_unit.s ? w->time_unit.s : "ns",
				    w->time_unit.n ? w->time_unit.n : 2);
	size_t i, nm = 0;
	double it;
	char itbuf[NUMTEXT_MAX];
	char msg[256];

	if (w->name.n == 0)
		return;
	if (w->error) {
		plug_failure(g->host, (struct bt_str){0}, view(&w->name),
			     view(&w->error_message), 0);
		return;
	}
	if (w->run_type.n == 9 && !memcmp(w->run_type.s, "aggregate", 9)) {
		g->aggregates++;
		return;
	}
	if (shift < 0) {
		snprintf(msg, sizeof msg, "%.100s: unknown time_unit '%.20s'",
			 w->name.s, w->time_unit.s);
		g->host->warn(g->host->ctx, msg);
		return;
	}
	if (w->real.n && !metric(&m[nm], "ns/op", BT_BETTER_LOWER, w->real.s,
				 w->real.n, shift, 0, buf[nm]))
		nm++;
	if (w->cpu.n && !metric(&m[nm], "cpu-ns/op", BT_BETTER_LOWER, w->cpu.s,
				w->cpu.n, shift, 0, buf[nm]))
		nm++;
	for (i = 0; i < w->nc; i++) {
		struct counter *c = &w->c[i];
		int ok;

		if (strcmp(c->key, "bytes_per_second") == 0)
			ok = !metric(&m[nm], "MB/s", BT_BETTER_HIGHER, c->num.s,
				     c->num.n, -6, 0, buf[nm]);
		else if (strcmp(c->key, "items_per_second") == 0)
			ok = !metric(&m[nm], "items/s", BT_BETTER_HIGHER,
				     c->num.s, c->num.n, 0, 0, buf[nm]);
		else
			ok = !metric(&m[nm], c->key, BT_BETTER_DEFAULT,
				     c->num.s, c->num.n, 0, 0, buf[nm]);
		nm += ok;
	}
	if (nm == 0) {
		snprintf(msg, sizeof msg, "%.100s: a row without times",
			 w->name.s);
		g->host->warn(g->host->ctx, msg);
		return;
	}
	r.kind = BT_KIND_SAMPLE;
	r.name = view(&w->name);
	r.metrics = m;
	r.nmetrics = nm;
	if (w->iterations.n &&
	    !numtext_shift(w->iterations.s, w->iterations.n, 0, itbuf, &it) &&
	    it >= 1 && it < 9.2e18)
		r.iterations = (int64_t)it;
	if (w->label.n) {
		label.key = BT_STR("label");
		label.value = view(&w->label);
		r.labels = &label;
		r.nlabels = 1;
	}
	g->samples++;
	g->host->emit(g->host->ctx, &r);
}

static void row_clear(struct row *w)
{
	w->name.n = w->run_type.n = w->time_unit.n = w->label.n = 0;
	w->error_message.n = w->real.n = w->cpu.n = w->iterations.n = 0;
	w->error = 0;
	w->nc = 0;
}

/* A scalar member key = value of the row (value: decoded string, or the
 * literal's text).  0, or -1 out of memory. */
static int row_value(struct gb *g, const char *key, int string, const char *v,
		     size_t n)
{
	struct row *w = &g->row;
	struct str *dst = NULL;

	if (!strcmp(key, "name"))
		dst = &w->name;
	else if (!strcmp(key, "run_type"))
		dst = &w->run_type;
	else if (!strcmp(key, "time_unit"))
		dst = &w->time_unit;
	else if (!strcmp(key, "label"))
		dst = &w->label;
	else if (!strcmp(key, "error_message"))
		dst = &w->error_message;
	else if (!strcmp(key, "real_time") && !string)
		dst = &w->real;
	else if (!strcmp(key, "cpu_time") && !string)
		dst = &w->cpu;
	else if (!strcmp(key, "iterations") && !string)
		dst = &w->iterations;
	if (dst)
		return str_set(dst, v, n);
	if (!strcmp(key, "error_occurred"))
		w->error = n == 4 && !memcmp(v, "true", 4);
	else if (!string && key[0] && !row_field(key) && w->nc < MAX_COUNTERS &&
		 n && v[0] != 't' && v[0] != 'f' && v[0] != 'n') {
		key_copy(w->c[w->nc].key, key);
		if (str_set(&w->c[w->nc].num, v, n))
			return -1;
		w->nc++;
	}
	return 0;
}

/* --- the JSON document's meaning (jsonstream.h reads it) ---------------- */

/* Where a token at the current depth is: 'c' a member of "context", 'C'
 * inside a nested value of the context, 'r' a member of a benchmark row,
 * 0 elsewhere. */
static int place(const struct jstream *js)
{
	if (js->depth < 2 || js->st[0].type != '{')
		return 0;
	if (!strcmp(js->st[0].key, "context"))
		return js->depth == 2 && js->st[1].type == '{'	? 'c'
		       : js->depth > 2 && js->st[1].type == '{' ? 'C'
								: 0;
	if (!strcmp(js->st[0].key, "benchmarks") && js->st[1].type == '[' &&
	    js->depth == 3 && js->st[2].type == '{')
		return 'r';
	return 0;
}

/* Append the text of a token to the nested context value. */
static int nested_add(struct gb *g, const char *p, size_t n)
{
	if (g->nested.n + n > MAX_NESTED)
		return 0;
	return str_add(&g->nested, p, n);
}

/* A separator before a value inside a nested context value. */
static int nested_sep(struct gb *g)
{
	const struct js_frame *f = &g->js.st[g->js.depth - 1];

	if (place(&g->js) != 'C' || f->first)
		return 0;
	return nested_add(g, ",", 1);
}

/* A scalar value: string (decoded) or literal. */
static int on_scalar(void *ctx, const struct jstream *js, int string,
		     const char *v, size_t n)
{
	struct gb *g = ctx;
	const struct js_frame *f = js->depth ? &js->st[js->depth - 1] : NULL;
	int where = f ? place(js) : 0;

	if (where == 'c')
		return config_add(g, f->key, v, n);
	if (where == 'r')
		return row_value(g, f->key, string, v, n);
	if (where == 'C') {
		if (nested_sep(g))
			return -1;
		if (f->type == '{' && (nested_add(g, "\"", 1) ||
				       nested_add(g, f->key, strlen(f->key)) ||
				       nested_add(g, "\":", 2)))
			return -1;
		if (string)
			return nested_add(g, "\"", 1) || nested_add(g, v, n) ||
			       nested_add(g, "\"", 1);
		return nested_add(g, v, n);
	}
	return 0;
}

/* '{' or '[' opens a container: before it is pushed (after 0), and
 * after. */
static int on_open(void *ctx, const struct jstream *js, char type, int after)
{
	struct gb *g = ctx;

	if (!after) {
		if (js->depth && place(js) == 'C') {
			const struct js_frame *up = &js->st[js->depth - 1];

			if (nested_sep(g) ||
			    (up->type == '{' &&
			     (nested_add(g, "\"", 1) ||
			      nested_add(g, up->key, strlen(up->key)) ||
			      nested_add(g, "\":", 2))))
				return -1;
		}
		if (js->depth == 2 && place(js) == 'c')
			g->nested.n = 0;
		return 0;
	}
	if (place(js) == 'r' && js->depth == 3)
		row_clear(&g->row);
	if (place(js) == 'C' && nested_add(g, type == '{' ? "{" : "[", 1))
		return -1;
	return 0;
}

/* '}' or ']' closes the innermost container: before it is popped (after
 * 0), and after. */
static int on_close(void *ctx, const struct jstream *js, char c, int after)
{
	struct gb *g = ctx;
	const struct js_frame *f;

	if (!after) {
		g->closing = place(js);
		if (g->closing == 'C' && nested_add(g, c == '}' ? "}" : "]", 1))
			return -1;
		if (g->closing == 'r')
			row_done(g);
		return 0;
	}
	f = js->depth ? &js->st[js->depth - 1] : NULL;
	if (g->closing == 'C' && js->depth == 2 && f &&
	    config_add(g, f->key, g->nested.s ? g->nested.s : "", g->nested.n))
		return -1;
	if (js->depth == 1 && !strcmp(js->st[0].key, "context"))
		emit_context(g);
	return 0;
}

/* Another document: a second run. */
static void on_again(void *ctx)
{
	struct gb *g = ctx;

	g->context_done = 0;
	g->nconfig = 0;
}

static void on_error(void *ctx, const char *msg)
{
	struct gb *g = ctx;

	g->host->error(g->host->ctx, msg);
}

static const struct js_events json_events = {on_scalar, on_open, on_close,
					     on_again, on_error};

/* --- the console table ---------------------------------------------------- */

/* The blank-separated tokens of p[0..n), at most max. */
static size_t tokens(const char *p, size_t n, struct bt_str *t, size_t max)
{
	const char *end = p + n;
	size_t k = 0;

	while (k < max && sum_word(&p, end, &t[k]))
		k++;
	return k;
}

static int is_number(struct bt_str t)
{
	char buf[NUMTEXT_MAX];
	double v;

	return t.n && !numtext_shift(t.s, t.n, 0, buf, &v);
}

static int is_integer(struct bt_str t)
{
	size_t i;

	for (i = 0; i < t.n; i++)
		if (t.s[i] < '0' || t.s[i] > '9')
			return 0;
	return t.n > 0;
}

/* A console counter "key=value" into m.  0, or -1 when not one. */
static int console_counter(struct bt_str t, struct bt_metric *m,
			   char unit[MAX_KEY], char buf[NUMTEXT_MAX])
{
	const char *eq = memchr(t.s, '=', t.n), *suffix;
	struct bt_str key, num, val;
	int power;

	if (!eq || eq == t.s || memchr(t.s, '\0', (size_t)(eq - t.s)))
		return -1; /* no key, or one a unit cannot hold */
	key.s = t.s;
	key.n = (size_t)(eq - t.s);
	val.s = eq + 1;
	val.n = t.n - key.n - 1;
	num.s = val.s;
	if (numtext_si(val.s, val.n, &num.n, &power, &suffix) ||
	    !strcmp(suffix, "%"))
		return -1;
	if (key.n == 16 && !memcmp(key.s, "bytes_per_second", 16))
		return metric(m, "MB/s", BT_BETTER_HIGHER, num.s, num.n,
			      power < 0 ? 3 * power - 6 : -6,
			      power > 0 ? power : 0, buf);
	if (key.n == 16 && !memcmp(key.s, "items_per_second", 16))
		return metric(m, "items/s", BT_BETTER_HIGHER, num.s, num.n,
			      3 * power, 0, buf);
	snprintf(unit, MAX_KEY, "%.*s%s", (int)(key.n < 100 ? key.n : 100),
		 key.s, suffix);
	return metric(m, unit, BT_BETTER_DEFAULT, num.s, num.n, 3 * power, 0,
		      buf);
}

/* Name ends like an aggregate row Google Benchmark adds after repetitions. */
static int aggregate_name(struct bt_str name)
{
	return str_ends(name.s, name.n, "_mean") ||
	       str_ends(name.s, name.n, "_median") ||
	       str_ends(name.s, name.n, "_stddev") ||
	       str_ends(name.s, name.n, "_cv");
}

enum { MAX_TOKENS = MAX_COUNTERS + 16 };

/* "NAME  T unit  C unit  ITERS [k=v …] [label]": a sample. 1 when the line
 * is a row, 0 when not. */
static int console_row(struct gb *g, const char *p, size_t n)
{
	struct bt_str t[MAX_TOKENS], name, label = {0};
	struct bt_metric m[MAX_METRICS];
	char buf[MAX_METRICS][NUMTEXT_MAX], units[MAX_METRICS][MAX_KEY];
	struct bt_label lab;
	struct bt_record r = {0};
	size_t k = tokens(p, n, t, MAX_TOKENS), i, j, nm = 0;
	int rs, cs;
	double it;
	char itbuf[NUMTEXT_MAX];

	for (i = 1; i + 4 < k; i++)
		if (is_number(t[i]) && is_number(t[i + 2]) &&
		    is_integer(t[i + 4]))
			break;
	if (i + 4 >= k)
		return 0;
	name.s = p;
	name.n = (size_t)(t[i].s - p);
	name.s = str_trim(name.s, &name.n);
	if (t[i + 1].n == 1 && t[i + 1].s[0] == '%') {
		g->aggregates++; /* the cv aggregate */
		return 1;
	}
	rs = unit_time_shift(t[i + 1].s, t[i + 1].n);
	cs = unit_time_shift(t[i + 3].s, t[i + 3].n);
	if (rs < 0 || cs < 0)
		return 0;
	emit_context(g);
	if (aggregate_name(name)) {
		g->aggregates++;
		return 1;
	}
	if (metric(&m[nm], "ns/op", BT_BETTER_LOWER, t[i].s, t[i].n, rs, 0,
		   buf[nm]) == 0)
		nm++;
	if (metric(&m[nm], "cpu-ns/op", BT_BETTER_LOWER, t[i + 2].s, t[i + 2].n,
		   cs, 0, buf[nm]) == 0)
		nm++;
	for (j = i + 5; j < k; j++) {
		if (nm < MAX_METRICS &&
		    !console_counter(t[j], &m[nm], units[nm], buf[nm])) {
			nm++;
			continue;
		}
		/* the label: the rest of the line */
		label.s = t[j].s;
		label.n = (size_t)(p + n - t[j].s);
		label.s = str_trim(label.s, &label.n);
		break;
	}
	if (nm == 0) {
		g->host->warn(g->host->ctx,
			      "a result row without usable times");
		return 1;
	}
	r.kind = BT_KIND_SAMPLE;
	r.name = name;
	r.metrics = m;
	r.nmetrics = nm;
	if (!numtext_shift(t[i + 4].s, t[i + 4].n, 0, itbuf, &it) && it >= 1 &&
	    it < 9.2e18)
		r.iterations = (int64_t)it;
	if (label.n) {
		lab.key = BT_STR("label");
		lab.value = label;
		r.labels = &lab;
		r.nlabels = 1;
	}
	g->samples++;
	g->host->emit(g->host->ctx, &r);
	return 1;
}

/* The lines before the table: date, executable, CPU, caches, load. */
static int console_header(struct gb *g, const char *p, size_t n)
{
	size_t vn;
	const char *v;

	if (g->context_done)
		return 0;
	if (starts(p, n, "Running "))
		return config_add(g, "executable", p + 8, n - 8);
	if (starts(p, n, "Run on "))
		return config_add(g, "run_on", p + 7, n - 7);
	if (starts(p, n, "Load Average: "))
		return config_add(g, "load_avg", p + 14, n - 14);
	if (starts(p, n, "***WARNING*** "))
		return config_add(g, "warning", p + 14, n - 14);
	if (starts(p, n, "CPU Caches:"))
		return 0;
	if (n && (p[0] == ' ' || p[0] == '\t')) {
		vn = n;
		v = str_trim(p, &vn);
		return config_add(g, "caches", v, vn);
	}
	if (g->nconfig == 0 && n >= 10 && p[4] == '-' && p[7] == '-' &&
	    p[0] >= '0' && p[0] <= '9')
		return config_add(g, "date", p, n);
	return 0;
}

static int console_line(struct gb *g, const char *p, size_t n)
{
	const char *err;
	size_t vn;

	if (str_decolour(&g->line, &p, &n))
		return -1;
	while (n && is_space(p[n - 1]))
		n--;
	if (n == 0 || (p[0] == '-' && n > 10 && p[1] == '-'))
		return 0;
	if (starts(p, n, "Benchmark ") && str_find(p, n, " Iterations")) {
		emit_context(g);
		return 0;
	}
	if ((err = str_find(p, n, " ERROR OCCURRED: ")) && err > p) {
		struct bt_str name = {p, (size_t)(err - p)}, msg;

		name.s = str_trim(name.s, &name.n);
		msg.s = err + 17;
		vn = n - (size_t)(msg.s - p);
		msg.n = vn;
		if (msg.n >= 2 && msg.s[0] == '\'' && msg.s[msg.n - 1] == '\'')
			msg.s++, msg.n -= 2;
		emit_context(g);
		plug_failure(g->host, (struct bt_str){0}, name, msg, 0);
		return 0;
	}
	if (console_row(g, p, n))
		return 0;
	return console_header(g, p, n);
}

/* --- the plugin ----------------------------------------------------------- */

static int gb_line(void *st, const char *p, size_t n)
{
	struct gb *g = st;
	size_t i = 0;

	if (!g->mode) {
		while (i < n && is_space(p[i]))
			i++;
		if (i == n)
			return 0;
		g->mode = p[i] == '{' || p[i] == '[' ? 'j' : 'c';
	}
	if (g->mode == 'j')
		return js_line(&g->js, p, n);
	if (console_line(g, p, n)) {
		g->host->error(g->host->ctx, "out of memory");
		return -1;
	}
	return 0;
}

static int gb_finish(void *st)
{
	struct gb *g = st;

	if (g->mode == 'j' && !g->js.dead && g->js.depth) {
		g->host->error(g->host->ctx, "the JSON ends early");
		return -1;
	}
	emit_context(g);
	if (g->aggregates && !g->samples)
		g->host->warn(g->host->ctx,
			      "only aggregate rows (mean, median, stddev), "
			      "which are not samples: run without "
			      "--benchmark_report_aggregates_only");
	return 0;
}

static void *gb_open(const struct bt_host *host)
{
	struct gb *g = calloc(1, sizeof *g);

	if (g) {
		g->host = host;
		js_init(&g->js, "Google Benchmark JSON", &json_events, g);
	}
	return g;
}

static void gb_close(void *st)
{
	struct gb *g = st;
	struct row *w;
	size_t i;

	if (!g)
		return;
	w = &g->row;
	free(w->name.s), free(w->run_type.s), free(w->time_unit.s);
	free(w->label.s), free(w->error_message.s), free(w->real.s);
	free(w->cpu.s), free(w->iterations.s);
	for (i = 0; i < MAX_COUNTERS; i++)
		free(w->c[i].num.s);
	for (i = 0; i < MAX_CONFIG; i++)
		free(g->ckey[i].s), free(g->cval[i].s);
	js_free(&g->js);
	free(g->nested.s);
	free(g->line.s);
	free(g);
}

/* --- probe and selector --------------------------------------------------- */

static int gb_probe(const char *p, size_t n)
{
	size_t i = 0;

	while (i < n && is_space(p[i]))
		i++;
	if (i < n && p[i] == '{') {
		if (str_find(p, n, "\"bt\"") && str_find(p, n, "\"kind\""))
			return 0;
		if (str_find(p, n, "\"context\"") &&
		    (str_find(p, n, "\"library_build_type\"") ||
		     str_find(p, n, "\"mhz_per_cpu\"") ||
		     str_find(p, n, "\"cpu_scaling_enabled\"") ||
		     str_find(p, n, "\"run_type\"")))
			return 95;
		return 0;
	}
	for (i = 0; i < n;) {
		const char *nl = memchr(p + i, '\n', n - i);
		size_t end = nl ? (size_t)(nl - p) : n;

		if (starts(p + i, end - i, "Benchmark ") &&
		    str_find(p + i, end - i, " Time ") &&
		    str_find(p + i, end - i, " CPU ") &&
		    str_find(p + i, end - i, " Iterations"))
			return 95;
		i = end + 1;
	}
	if (str_find(p, n, "Run on (") && str_find(p, n, "CPU Caches:"))
		return 70;
	return 0;
}

/* --benchmark_filter takes a regular expression (std::regex) searched in
 * the full name: one argument, --benchmark_filter=^(A|B|…)$. */
static int gb_selector(const struct bt_str *names, size_t n,
		       const struct bt_host *host)
{
	return select_alternation(
	    names, n, "--benchmark_filter=", "\\.[]()*+?{}|^$", host);
}

static const struct bt_plugin plugin = {
    .abi_version = BT_PLUGIN_ABI_VERSION,
    .name = "gbench",
    .description = "Google Benchmark JSON (--benchmark_format=json) and "
		   "console output",
    .probe = gb_probe,
    .open = gb_open,
    .line = gb_line,
    .finish = gb_finish,
    .close = gb_close,
    .selector = gb_selector,
};

EXPORT const struct bt_plugin *bt_plugin_descriptor(void)
{
	return &plugin;
}
