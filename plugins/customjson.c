/*
 * customjson.c — the simplest way for a user's own harness to join: the
 * custom format of github-action-benchmark, and the same entries as JSON
 * Lines.
 *
 * github-action-benchmark's "customBiggerIsBetter" / "customSmallerIsBetter"
 * tools read a JSON array of entries {"name", "unit", "value", "range"?,
 * "extra"?}; the direction lives in the workflow's `tool:` setting, not in
 * the file.  This plugin reads:
 *
 *   - that array, as the action's users write it;
 *   - the array wrapped as {"tool": "customBiggerIsBetter", "benchmarks":
 *     [...]}, so a file can carry the direction the workflow declared;
 *   - JSON Lines, one entry per line (the form for streaming harnesses).
 *
 * Entries may also carry "suite" (string), "labels" (object of strings),
 * "iterations" (integer) and "better" ("higher" or "lower"; overrides the
 * wrapper's tool).  Each entry becomes one sample; a time unit (ns, us, µs,
 * ms, s, optionally "/op", "/iter") is converted exactly to ns/op, bytes per
 * second to MB/s, any other unit ("ops/sec") is kept as written.  "range"
 * and "extra" go to a context record for the benchmark before its sample.
 * benchtrack's own records ({"bt":…}) are not entries and are refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bt-plugin.h"
#include "jsondoc.h"

#define EXPORT __attribute__((visibility("default")))

enum { MAX_LABELS = 64, LABLEN = 512, MAX_NAME = 4096 };
enum mode { M_UNKNOWN, M_LINES, M_DOC };

struct cj {
	const struct bt_host *host;
	enum mode mode;
	struct jsondoc doc;
	char key[MAX_LABELS][LABLEN / 4], val[MAX_LABELS][LABLEN];
	struct bt_label l[MAX_LABELS];
};

/* "higher"/"bigger" or "lower"/"smaller" (v consumed); def otherwise. */
static int better_of(jv v, int def)
{
	int b = def;

	if (jv_get_kind(v) == JV_KIND_STRING) {
		const char *s = jv_string_value(v);

		if (!strcmp(s, "higher") || !strcmp(s, "bigger"))
			b = BT_BETTER_HIGHER;
		else if (!strcmp(s, "lower") || !strcmp(s, "smaller"))
			b = BT_BETTER_LOWER;
	}
	jv_free(v);
	return b;
}

/* "labels": {"k": "v"} into c->l; the count. */
static size_t labels_of(struct cj *c, jv e)
{
	jv obj = jsondoc_get(e, "labels");
	size_t n = 0;
	int i, len;

	if (jv_get_kind(obj) != JV_KIND_OBJECT) {
		jv_free(obj);
		return 0;
	}
	jv keys = jv_keys_unsorted(jv_copy(obj));

	len = jv_array_length(jv_copy(keys));
	for (i = 0; i < len && n < MAX_LABELS; i++) {
		jv k = jv_array_get(jv_copy(keys), i);
		jv v = jv_object_get(jv_copy(obj), jv_copy(k));

		if (jv_get_kind(v) != JV_KIND_STRING)
			v = jv_dump_string(v, 0);
		snprintf(c->key[n], sizeof c->key[n], "%s", jv_string_value(k));
		snprintf(c->val[n], sizeof c->val[n], "%s", jv_string_value(v));
		c->l[n].key = bt_cstr(c->key[n]);
		c->l[n].value = bt_cstr(c->val[n]);
		n++;
		jv_free(k);
		jv_free(v);
	}
	jv_free(keys);
	jv_free(obj);
	return n;
}

/* e[key] as text when it is a string or a number ("range" is either). */
static const char *scalar_str(jv e, const char *key, char *out, size_t n)
{
	jv v = jsondoc_get(e, key);
	const char *r = NULL;

	if (jv_get_kind(v) == JV_KIND_NUMBER)
		v = jv_dump_string(v, 0);
	if (jv_get_kind(v) == JV_KIND_STRING) {
		snprintf(out, n, "%s", jv_string_value(v));
		r = out;
	}
	jv_free(v);
	return r;
}

/* range and extra, when the entry has them, as a context record. */
static void entry_context(struct cj *c, jv e, const char *name)
{
	struct bt_label l[3];
	struct bt_record r = {0};
	char range[LABLEN], extra[LABLEN];

	l[0].key = BT_STR("benchmark");
	l[0].value = bt_cstr(name);
	r.nlabels = 1;
	if (scalar_str(e, "range", range, sizeof range)) {
		l[r.nlabels].key = BT_STR("range");
		l[r.nlabels++].value = bt_cstr(range);
	}
	if (jsondoc_str(e, "extra", extra, sizeof extra)) {
		l[r.nlabels].key = BT_STR("extra");
		l[r.nlabels++].value = bt_cstr(extra);
	}
	if (r.nlabels == 1)
		return;
	r.kind = BT_KIND_CONTEXT;
	r.labels = l;
	c->host->emit(c->host->ctx, &r);
}

/* One entry (not consumed).  0, or -1 with why in err. */
static int entry(struct cj *c, jv e, int better, const char **err)
{
	char name[MAX_NAME], unit[128], suite[MAX_NAME], raw[NUMTEXT_MAX],
	    text[NUMTEXT_MAX];
	struct bt_record r = {0};
	struct bt_metric m;
	jv v;
	int bad;

	if (jv_get_kind(e) != JV_KIND_OBJECT)
		return *err = "an entry that is not an object", -1;
	if (!jsondoc_str(e, "name", name, sizeof name))
		return *err = "an entry without a \"name\" string", -1;
	if (!jsondoc_str(e, "unit", unit, sizeof unit))
		return *err = "an entry without a \"unit\" string", -1;
	v = jsondoc_get(e, "value");
	bad = jsondoc_numtext(v, raw) ||
	      jsondoc_convert(raw, strlen(raw), unit, strlen(unit), &m, text);
	jv_free(v);
	if (bad)
		return *err = "an entry whose \"value\" is not a finite number",
		       -1;
	m.better = better_of(jsondoc_get(e, "better"), better);
	entry_context(c, e, name);
	r.kind = BT_KIND_SAMPLE;
	r.name = bt_cstr(name);
	if (jsondoc_str(e, "suite", suite, sizeof suite))
		r.suite = bt_cstr(suite);
	v = jsondoc_get(e, "iterations");
	if (jv_get_kind(v) == JV_KIND_NUMBER && jv_number_value(v) >= 1 &&
	    jv_number_value(v) < 9e18)
		r.iterations = (int64_t)jv_number_value(v);
	jv_free(v);
	r.metrics = &m;
	r.nmetrics = 1;
	r.labels = c->l;
	r.nlabels = labels_of(c, e);
	c->host->emit(c->host->ctx, &r);
	return 0;
}

/* An array of entries (not consumed): bad entries are warned about. */
static void entries(struct cj *c, jv a, int better)
{
	const char *err;
	char msg[128];
	int i, len = jv_array_length(jv_copy(a));

	for (i = 0; i < len; i++) {
		jv e = jv_array_get(jv_copy(a), i);

		if (entry(c, e, better, &err)) {
			snprintf(msg, sizeof msg, "entry %d: %s; skipped",
				 i + 1, err);
			c->host->warn(c->host->ctx, msg);
		}
		jv_free(e);
	}
}

/* A whole value (consumed): an array, a wrapper, or one entry. */
static int value(struct cj *c, jv v, const char **err)
{
	jv bs = jsondoc_get(v, "benchmarks"), bt = jsondoc_get(v, "bt");
	int r = 0, better = BT_BETTER_DEFAULT;
	char tool[64];

	if (jv_get_kind(v) == JV_KIND_ARRAY) {
		entries(c, v, better);
	} else if (jv_is_valid(bt)) {
		*err = "a benchtrack record, not an entry (use bt-merge)";
		r = -1;
	} else if (jv_get_kind(bs) == JV_KIND_ARRAY) {
		if (jsondoc_str(v, "tool", tool, sizeof tool))
			better = !strcmp(tool, "customBiggerIsBetter")
				     ? BT_BETTER_HIGHER
				 : !strcmp(tool, "customSmallerIsBetter")
				     ? BT_BETTER_LOWER
				     : BT_BETTER_DEFAULT;
		entries(c, bs, better);
	} else {
		r = entry(c, v, better, err);
	}
	jv_free(bs);
	jv_free(bt);
	jv_free(v);
	return r;
}

/* --- the ABI -------------------------------------------------------------- */

static void *cj_open(const struct bt_host *host)
{
	struct cj *c = calloc(1, sizeof *c);

	if (c)
		c->host = host;
	return c;
}

/* A line of JSON Lines: one entry (or array) per line. */
static int lines_line(struct cj *c, const char *p, size_t n)
{
	char err[256], msg[320];
	const char *why = NULL;
	jv v = jsondoc_parse_text(p, n, err, sizeof err);

	if (!jv_is_valid(v)) {
		jv_free(v);
		snprintf(msg, sizeof msg, "not a JSON entry: %s; skipped", err);
		c->host->warn(c->host->ctx, msg);
		return 0;
	}
	if (value(c, v, &why)) {
		snprintf(msg, sizeof msg, "%s; skipped", why);
		c->host->warn(c->host->ctx, msg);
	}
	return 0;
}

static int cj_line(void *st, const char *p, size_t n)
{
	struct cj *c = st;
	char err[8];
	size_t i = 0;

	if (c->mode == M_UNKNOWN) {
		while (i < n && strchr(" \t\r", p[i]) && p[i])
			i++;
		if (i == n)
			return 0;
		/* A line that is a whole object starts JSON Lines; anything
		 * else is the start of one document. */
		c->mode = p[i] == '{' && !json_valid(p, n, err, sizeof err)
			      ? M_LINES
			      : M_DOC;
	}
	if (c->mode == M_LINES) {
		for (i = 0; i < n && strchr(" \t\r", p[i]) && p[i]; i++)
			;
		return i == n ? 0 : lines_line(c, p, n);
	}
	return jsondoc_line(&c->doc, c->host, p, n);
}

static int cj_finish(void *st)
{
	struct cj *c = st;
	char err[256], msg[320];
	const char *why = NULL;
	jv v;

	if (c->mode != M_DOC || jsondoc_blank(&c->doc))
		return 0;
	v = jsondoc_parse(&c->doc, err, sizeof err);
	if (!jv_is_valid(v)) {
		jv_free(v);
		snprintf(msg, sizeof msg, "not custom benchmark JSON: %s", err);
		c->host->error(c->host->ctx, msg);
		return -1;
	}
	if (value(c, v, &why)) {
		snprintf(msg, sizeof msg, "not custom benchmark JSON: %s", why);
		c->host->error(c->host->ctx, msg);
		return -1;
	}
	return 0;
}

static void cj_close(void *st)
{
	struct cj *c = st;

	if (!c)
		return;
	jsondoc_free(&c->doc);
	free(c);
}

/* Entries name "name", "unit" and "value"; benchtrack records start with
 * {"bt": and are never ours. */
static int cj_probe(const char *p, size_t n)
{
	size_t i = 0;
	int keys;

	while (i < n && p[i] && strchr(" \t\r\n", p[i]))
		i++;
	if (i == n || (p[i] != '[' && p[i] != '{'))
		return 0;
	if (n - i >= 5 && !memcmp(p + i, "{\"bt\"", 5))
		return 0;
	keys = !!memmem(p, n, "\"name\"", 6) + !!memmem(p, n, "\"unit\"", 6) +
	       !!memmem(p, n, "\"value\"", 7);
	if (keys < 3)
		return 0;
	if (memmem(p, n, "\"customBiggerIsBetter\"", 22) ||
	    memmem(p, n, "\"customSmallerIsBetter\"", 23))
		return 90;
	return 70;
}

static const struct bt_plugin plugin = {
    .abi_version = BT_PLUGIN_ABI_VERSION,
    .name = "customjson",
    .description = "github-action-benchmark custom JSON "
		   "([{name,unit,value}]) and its JSON Lines form",
    .probe = cj_probe,
    .open = cj_open,
    .line = cj_line,
    .finish = cj_finish,
    .close = cj_close,
};

EXPORT const struct bt_plugin *bt_plugin_descriptor(void)
{
	return &plugin;
}
