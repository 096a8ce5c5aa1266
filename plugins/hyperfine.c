/*
 * hyperfine.c — hyperfine's `--export-json` file into records.
 *
 * hyperfine (1.15, as Debian ships it) writes one JSON document:
 * {"results": [{"command", "mean", "stddev", "median", "user", "system",
 * "min", "max", "times": [...], "exit_codes": [...], "parameters"?}]}.
 * Every element of "times" is one timed run of the command, so each becomes
 * one sample named by the command, in ns/op (seconds shifted exactly).
 * hyperfine's summary (mean, stddev, median, min, max, and user/system,
 * which it only records as means over the runs) goes to a context record
 * for the same benchmark, as the criterion plugin does.  A run that exited
 * non-zero (or was killed: exit code null) is not a sample: the command gets
 * one failure record, reason "exit", saying which runs failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bt-plugin.h"
#include "jsondoc.h"
#include "plugrec.h"

#define EXPORT __attribute__((visibility("default")))

enum { MAX_PARAMS = 32, MAX_CONFIG = 16, MAX_NAME = 4096 };

static const char *const summary[] = {"mean", "stddev", "median", "min",
				      "max",  "user",	"system"};
enum { NSUMMARY = sizeof summary / sizeof summary[0] };

struct hf {
	const struct bt_host *host;
	struct jsondoc doc;
};

/* parameters {"name": "value"} (hyperfine -P/-L) → labels.  The label
 * strings point into keys/vals, which the caller frees with jv_free. */
static size_t params(jv res, struct bt_label *l, jv *keys, jv *vals)
{
	jv p = jsondoc_get(res, "parameters");
	size_t n = 0;
	int i, len;

	*keys = jv_array();
	*vals = jv_array();
	if (jv_get_kind(p) != JV_KIND_OBJECT) {
		jv_free(p);
		return 0;
	}
	jv k = jv_keys(jv_copy(p));

	len = jv_array_length(jv_copy(k));
	for (i = 0; i < len && n < MAX_PARAMS; i++) {
		jv key = jv_array_get(jv_copy(k), i);
		jv v = jv_object_get(jv_copy(p), jv_copy(key));

		if (jv_get_kind(v) != JV_KIND_STRING)
			v = jv_dump_string(v, 0);
		*keys = jv_array_append(*keys, key);
		*vals = jv_array_append(*vals, v);
	}
	for (i = 0; i < len && n < MAX_PARAMS; i++, n++) {
		jv key = jv_array_get(jv_copy(*keys), i);
		jv v = jv_array_get(jv_copy(*vals), i);

		/* the arrays keep the strings alive after these are freed */
		l[n].key = bt_cstr(jv_string_value(key));
		l[n].value = bt_cstr(jv_string_value(v));
		jv_free(key);
		jv_free(v);
	}
	jv_free(k);
	jv_free(p);
	return n;
}

/* The context record: the benchmark and hyperfine's summary, in ns/op. */
static void emit_summary(struct hf *h, jv res, struct bt_str name, int runs)
{
	struct bt_label l[MAX_CONFIG];
	char text[NSUMMARY][NUMTEXT_MAX], keys[NSUMMARY][32], nruns[32];
	struct bt_metric m;
	size_t n = 0, i;

	l[n].key = BT_STR("benchmark");
	l[n++].value = name;
	snprintf(nruns, sizeof nruns, "%d", runs);
	l[n].key = BT_STR("runs");
	l[n++].value = bt_cstr(nruns);
	for (i = 0; i < NSUMMARY; i++) {
		jv v = jsondoc_get(res, summary[i]);

		if (!jsondoc_metric(v, 9, "ns/op", &m, text[i])) {
			snprintf(keys[i], sizeof keys[i], "ns/op.%s",
				 summary[i]);
			l[n].key = bt_cstr(keys[i]);
			l[n++].value = m.text;
		}
		jv_free(v);
	}
	plug_labels(h->host, (struct bt_str){0}, l, n);
}

/* The failure record for a command some of whose runs exited non-zero. */
static void emit_exits(struct hf *h, struct bt_str name, const char *msg)
{
	struct bt_record r = {0};

	r.kind = BT_KIND_FAILURE;
	r.name = name;
	r.reason = BT_STR("exit");
	r.message = bt_cstr(msg);
	h->host->emit(h->host->ctx, &r);
}

/* Note run i's exit code in msg when it is not 0; 1 when it failed. */
static int run_failed(jv codes, int i, char *msg, size_t msgn)
{
	jv c = jv_array_get(jv_copy(codes), i);
	size_t k = strlen(msg);
	int failed = 1;

	if (jv_get_kind(c) == JV_KIND_NUMBER && jv_number_value(c) == 0)
		failed = 0;
	else if (k + 48 < msgn && jv_get_kind(c) == JV_KIND_NUMBER)
		snprintf(msg + k, msgn - k, "%srun %d exited %.0f",
			 k ? "; " : "", i + 1, jv_number_value(c));
	else if (k + 48 < msgn)
		snprintf(msg + k, msgn - k, "%srun %d was killed by a signal",
			 k ? "; " : "", i + 1);
	jv_free(c);
	return failed;
}

/* One element of "results": its context, samples and failure. */
static int result(void *st, jv res)
{
	struct hf *h = st;
	struct bt_label l[MAX_PARAMS];
	char name[MAX_NAME], text[NUMTEXT_MAX], msg[1024] = "";
	struct bt_record r = {0};
	struct bt_metric m;
	jv times, codes, keys, vals;
	int i, len, ncodes, bad = 0;

	if (!jsondoc_str(res, "command", name, sizeof name)) {
		h->host->warn(h->host->ctx, "a result without a command; "
					    "skipped");
		return 0;
	}
	times = jsondoc_get(res, "times");
	codes = jsondoc_get(res, "exit_codes");
	len = jsondoc_len(times, 0);
	ncodes = jsondoc_len(codes, 0);
	emit_summary(h, res, bt_cstr(name), len);
	r.kind = BT_KIND_SAMPLE;
	r.name = bt_cstr(name);
	r.metrics = &m;
	r.nmetrics = 1;
	r.labels = l;
	r.nlabels = params(res, l, &keys, &vals);
	for (i = 0; i < len; i++) {
		jv t = jv_array_get(jv_copy(times), i);

		if (i < ncodes && run_failed(codes, i, msg, sizeof msg))
			bad++;
		else if (jsondoc_metric(t, 9, "ns/op", &m, text))
			h->host->warn(h->host->ctx, "a time that is not a "
						    "number; skipped");
		else
			h->host->emit(h->host->ctx, &r);
		jv_free(t);
	}
	if (bad) {
		char all[1200];

		snprintf(all, sizeof all, "%d of %d runs failed: %s", bad, len,
			 msg);
		emit_exits(h, bt_cstr(name), all);
	}
	jv_free(times);
	jv_free(codes);
	jv_free(keys);
	jv_free(vals);
	return 0;
}

/* --- the ABI -------------------------------------------------------------- */

static void *hf_open(const struct bt_host *host)
{
	struct hf *h = calloc(1, sizeof *h);

	if (h)
		h->host = host;
	return h;
}

static int hf_line(void *st, const char *p, size_t n)
{
	struct hf *h = st;

	return jsondoc_line(&h->doc, h->host, p, n);
}

static int hf_finish(void *st)
{
	struct hf *h = st;
	jv doc, res;
	int r;

	r = jsondoc_finish(&h->doc, "a hyperfine JSON export", JV_KIND_INVALID,
			   NULL, h->host, &doc);
	if (r <= 0)
		return r;
	res = jsondoc_array(doc, "results", "a hyperfine JSON export", h->host);
	jv_free(doc);
	if (!jv_is_valid(res))
		return -1;
	jsondoc_each(res, result, h);
	jv_free(res);
	return 0;
}

static void hf_close(void *st)
{
	struct hf *h = st;

	if (!h)
		return;
	jsondoc_free(&h->doc);
	free(h);
}

/* hyperfine's export opens with "results" and names "command", "times". */
static int hf_probe(const char *p, size_t n)
{
	int score = 0;

	if (jsondoc_opens(p, n) != '{')
		return 0;
	if (!memmem(p, n, "\"results\"", 9))
		return 0; /* "command" and "stddev" alone are pytest-benchmark's
			     too */
	score += 40;
	if (memmem(p, n, "\"command\"", 9))
		score += 30;
	if (memmem(p, n, "\"times\"", 7) || memmem(p, n, "\"stddev\"", 8))
		score += 20;
	return score;
}

static const struct bt_plugin plugin = {
    .abi_version = BT_PLUGIN_ABI_VERSION,
    .name = "hyperfine",
    .description = "hyperfine --export-json: one sample per timed run",
    .probe = hf_probe,
    .open = hf_open,
    .line = hf_line,
    .finish = hf_finish,
    .close = hf_close,
};

EXPORT const struct bt_plugin *bt_plugin_descriptor(void)
{
	return &plugin;
}
