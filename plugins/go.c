/*
 * go.c — the Go plugin: `go test -bench` output, plain or through
 * test2json (`go test -json`), into records.
 *
 * Plain output follows the Go benchmark format (golang.org/design/14313):
 * `key: value` configuration lines, which apply to every result after them;
 * result lines `BenchmarkName-PROCS  N  V unit  V unit …`; and around them
 * the test runner's own words (`--- FAIL:`, `FAIL pkg`, `ok pkg`, `PASS`,
 * compiler errors, log lines), which become failure records or are ignored.
 * test2json wraps the same text in JSON events and may cut one line across
 * several events, so each package's text is reassembled into lines first.
 *
 * The plain path is the hot one (100 MB files): it scans each line once,
 * points into it instead of copying, and writes numbers as printed.
 */
#include <jv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bt-plugin.h"
#include "gotokens.h"
#include "plugstr.h"
#include "jsonvalid.h"

#define EXPORT __attribute__((visibility("default")))

enum { MAX_METRICS = 64, MAX_CONFIG = 64, MAX_MESSAGE = 8192 };

/* What the indented lines after the current line belong to.  P_RUN: a
 * benchmark announced by its bare name (`go test -v`, test2json), whose log
 * lines come before the "--- SKIP:" or "--- FAIL:" line that says what they
 * were. */
enum pending { P_NONE, P_FAIL, P_SKIP, P_LOG, P_BUILD, P_PANIC, P_RUN };

/* Reassembles one test2json package's output into lines. */
struct pkgbuf {
	char *pkg;
	struct str partial;
};

struct go {
	const struct bt_host *host;
	struct str key[MAX_CONFIG], val[MAX_CONFIG];
	size_t nconfig;
	int config_dirty; /* config changed since the last context record */
	int pkg_at;	  /* index of "pkg" in the config, or -1 */
	struct str suite; /* test2json: the event's package */
	enum pending pending;
	struct str pname, pmsg; /* name and message of what is pending */
	struct str running;	/* last bare "BenchmarkX" line (test2json) */
	int json;		/* 1 test2json, 0 plain, -1 not known yet */
	struct pkgbuf *pkgs;
	size_t npkgs;
	struct bt_label labels[MAX_CONFIG];
	size_t nlabels; /* labels_of's, while labels_ok */
	int labels_ok;	/* labels hold the configuration's labels */
	struct bt_metric metrics[MAX_METRICS];
};

/* --- configuration -------------------------------------------------------- */

/* A `key: value` line: key starts lower-case and has no space or upper case. */
static int config_line(const char *p, size_t n, size_t *colon)
{
	size_t i;

	if (n < 2 || !(p[0] >= 'a' && p[0] <= 'z'))
		return 0;
	for (i = 1; i < n && p[i] != ':'; i++)
		if (is_space(p[i]) || (p[i] >= 'A' && p[i] <= 'Z') ||
		    (unsigned char)p[i] < 0x20)
			return 0;
	if (i == n || (i + 1 < n && p[i + 1] != ' ' && p[i + 1] != '\t'))
		return 0;
	*colon = i;
	return 1;
}

static int set_config(struct go *g, const char *p, size_t n, size_t colon)
{
	const char *v = p + colon + 1;
	size_t vn = n - colon - 1, i;

	while (vn && is_space(*v))
		v++, vn--;
	while (vn && is_space(v[vn - 1]))
		vn--;
	for (i = 0; i < g->nconfig; i++)
		if (g->key[i].n == colon && !memcmp(g->key[i].s, p, colon))
			break;
	if (i == MAX_CONFIG) {
		g->host->warn(g->host->ctx, "too many configuration keys; "
					    "line ignored");
		return 0;
	}
	if (i == g->nconfig) {
		if (str_set(&g->key[i], p, colon))
			return -1;
		g->nconfig++;
	} else if (g->val[i].n == vn && !memcmp(g->val[i].s, v, vn)) {
		return 0; /* unchanged */
	}
	if (str_set(&g->val[i], v, vn))
		return -1;
	if (colon == 3 && !memcmp(p, "pkg", 3))
		g->pkg_at = (int)i;
	g->config_dirty = 1;
	g->labels_ok = 0;
	return 0;
}

static struct bt_str suite_of(const struct go *g)
{
	if (g->pkg_at >= 0)
		return view(&g->val[g->pkg_at]);
	return view(&g->suite);
}

/* Labels for a sample: the configuration without pkg (that is the suite);
 * made again only after the configuration changed. */
static size_t labels_of(struct go *g)
{
	size_t i, n = 0;

	if (g->labels_ok)
		return g->nlabels;
	for (i = 0; i < g->nconfig; i++) {
		if ((int)i == g->pkg_at)
			continue;
		g->labels[n].key = view(&g->key[i]);
		g->labels[n].value = view(&g->val[i]);
		n++;
	}
	g->labels_ok = 1;
	return g->nlabels = n;
}

static void emit_context(struct go *g)
{
	struct bt_record r = {0};
	size_t i;

	g->config_dirty = 0;
	g->labels_ok = 0; /* labels is the config now */
	r.kind = BT_KIND_CONTEXT;
	r.suite = suite_of(g);
	for (i = 0; i < g->nconfig; i++) {
		g->labels[i].key = view(&g->key[i]);
		g->labels[i].value = view(&g->val[i]);
	}
	r.labels = g->labels;
	r.nlabels = g->nconfig;
	g->host->emit(g->host->ctx, &r);
}

/* --- failures and skips --------------------------------------------------- */

static void flush_pending(struct go *g)
{
	struct bt_record r;
	enum pending p = g->pending;

	g->pending = P_NONE;
	if (p == P_NONE || p == P_LOG || p == P_BUILD || p == P_RUN)
		return;
	memset(&r, 0, sizeof r);
	r.kind = p == P_SKIP ? BT_KIND_SKIP : BT_KIND_FAILURE;
	r.suite = suite_of(g);
	r.name = view(&g->pname);
	r.reason = p == P_PANIC ? BT_STR("panic") : BT_STR("fail");
	if (p == P_PANIC && g->pmsg.n >= 20 &&
	    !memcmp(g->pmsg.s, "panic: test timed out", 21))
		r.reason = BT_STR("timeout");
	r.message = view(&g->pmsg);
	g->host->emit(g->host->ctx, &r);
}

static int start_pending(struct go *g, enum pending p, const char *name,
			 size_t n)
{
	flush_pending(g);
	g->pending = p;
	g->pmsg.n = 0;
	if (g->pmsg.s)
		g->pmsg.s[0] = '\0';
	return str_set(&g->pname, name, n);
}

/* Add one line to the pending message, within reason. */
static int add_message(struct go *g, const char *p, size_t n)
{
	if (g->pmsg.n >= MAX_MESSAGE)
		return 0;
	if (n > MAX_MESSAGE - g->pmsg.n)
		n = MAX_MESSAGE - g->pmsg.n;
	if (g->pmsg.n && str_add(&g->pmsg, "\n", 1))
		return -1;
	return str_add(&g->pmsg, p, n);
}

/* "--- FAIL: BenchmarkX (0.00s)": the name, without timing or procs. */
static size_t marker_name(const char *p, size_t n)
{
	size_t i = 0;

	while (i < n && !is_space(p[i]))
		i++;
	return i;
}

/* `FAIL<tab>pkg<tab>0.191s` or `FAIL<tab>pkg [build failed]`. */
static int suite_failed(struct go *g, const char *p, size_t n)
{
	struct bt_record r = {0};
	size_t i = 0, s;
	int build;

	while (i < n && is_space(p[i]))
		i++;
	s = i;
	while (i < n && !is_space(p[i]))
		i++;
	if (i == s)
		return 0; /* a bare FAIL: the summary of the line before */
	build = memmem(p + i, n - i, "[build failed]", 14) != NULL;
	r.kind = BT_KIND_FAILURE;
	r.suite.s = p + s;
	r.suite.n = i - s;
	r.reason = build ? BT_STR("build") : BT_STR("fail");
	if (build || memmem(p + i, n - i, "[setup failed]", 14))
		r.message = view(&g->pmsg);
	if (!build && memmem(p + i, n - i, "[setup failed]", 14))
		r.reason = BT_STR("build");
	g->host->emit(g->host->ctx, &r);
	g->pmsg.n = 0;
	return 0;
}

/* --- result lines --------------------------------------------------------- */

/* Split "Name-8" into name and procs. */
static long split_procs(const char *p, size_t *n)
{
	size_t i = *n;
	long procs = 0, mul = 1;

	while (i > 0 && p[i - 1] >= '0' && p[i - 1] <= '9' && *n - i < 9) {
		procs += (p[i - 1] - '0') * mul;
		mul *= 10;
		i--;
	}
	if (i == *n || i < 2 || p[i - 1] != '-' || procs <= 0)
		return 0;
	*n = i - 1;
	return procs;
}

/*
 * A result line.  Returns 1 when it was one (and was emitted or warned
 * about), 0 when the line is something else that starts with "Benchmark".
 */
static int result_line(struct go *g, const char *p, size_t n)
{
	struct bt_record r; /* set field by field below: no memset a line */
	struct cursor c;
	size_t s, k, nm = 0;
	double iters;
	int64_t it;

	cursor_init(&c, p, n);
	s = next_token(&c);
	r.name.s = p + s;
	r.name.n = c.i - s;
	s = next_token(&c);
	if (c.i == s)
		return 0;
	for (it = 0, k = s;
	     k < c.i && k - s < 18 && (unsigned char)(p[k] - '0') < 10; k++)
		it = it * 10 + (p[k] - '0');
	if (k < c.i) { /* not just digits, or more than 18 */
		if (parse_number(p + s, c.i - s, &iters) || iters < 0 ||
		    iters >= 9.2e18 || iters != floor(iters) ||
		    memchr(p + s, '.', c.i - s))
			return 0;
		it = (int64_t)iters;
	}
	while (1) {
		size_t vs = next_token(&c), ve = c.i, us;
		struct bt_metric *m;
		double v;

		if (vs == ve)
			break;
		us = next_token(&c);
		if (us == c.i || parse_number(p + vs, ve - vs, &v)) {
			g->host->warn(g->host->ctx,
				      "malformed result line (a value without "
				      "a unit); skipped");
			return 1;
		}
		if (nm == MAX_METRICS)
			continue;
		m = &g->metrics[nm];
		m->value = v;
		m->text.s = p + vs;
		m->text.n = ve - vs;
		m->unit.s = p + us;
		m->unit.n = c.i - us;
		m->better = BT_BETTER_DEFAULT;
		nm++;
	}
	if (nm == 0)
		return 0;
	flush_pending(g);
	if (g->config_dirty)
		emit_context(g);
	r.kind = BT_KIND_SAMPLE;
	r.procs = split_procs(r.name.s, &r.name.n);
	r.suite = suite_of(g);
	r.iterations = it;
	r.metrics = g->metrics;
	r.nmetrics = nm;
	r.labels = g->labels;
	r.nlabels = labels_of(g);
	r.reason.s = r.message.s = NULL;
	r.reason.n = r.message.n = 0;
	r.summary_only = 0;
	r.stats = NULL;
	r.nstats = 0;
	g->host->emit(g->host->ctx, &r);
	return 1;
}

/* --- one line of plain text ----------------------------------------------- */

static int marker(struct go *g, const char *p, size_t n)
{
	size_t k;

	if (starts(p, n, "--- FAIL: ") || starts(p, n, "--- SKIP: ")) {
		enum pending what = p[4] == 'F' ? P_FAIL : P_SKIP;

		k = marker_name(p + 10, n - 10);
		split_procs(p + 10, &k);
		if (g->pending == P_RUN && g->pname.n == k &&
		    !memcmp(g->pname.s, p + 10, k)) {
			g->pending = what; /* the log so far is its message */
			return 0;
		}
		return start_pending(g, what, p + 10, k);
	}
	/* "--- BENCH:" and "--- PASS:": log lines follow, nothing to keep. */
	return start_pending(g, P_LOG, "", 0);
}

static int text_line(struct go *g, const char *p, size_t n)
{
	size_t colon;

	if (n && p[n - 1] == '\r')
		n--;
	if (n == 0)
		return 0;
	if (is_space(p[0])) { /* indented: belongs to what is pending */
		if (g->pending == P_FAIL || g->pending == P_SKIP ||
		    g->pending == P_RUN) {
			while (n && is_space(*p))
				p++, n--;
			return add_message(g, p, n);
		}
		return 0;
	}
	if (p[0] == 'B' && n >= 9 && !memcmp(p, "Benchmark", 9)) {
		if (result_line(g, p, n))
			return 0;
		/* -v and test2json print the bare name before running it. */
		if (!memchr(p, ' ', n) && !memchr(p, '\t', n))
			return str_set(&g->running, p, n) ||
			       start_pending(g, P_RUN, p, n);
	}
	if (starts(p, n, "--- "))
		return marker(g, p, n);
	if (starts(p, n, "panic: ")) {
		size_t k = g->running.n;

		if (start_pending(g, P_PANIC, g->running.s ? g->running.s : "",
				  k))
			return -1;
		return add_message(g, p, n);
	}
	if (starts(p, n, "FAIL\t") || starts(p, n, "FAIL ")) {
		flush_pending(g);
		return suite_failed(g, p + 4, n - 4);
	}
	if (starts(p, n, "# ")) { /* the compiler's output for a package */
		flush_pending(g);
		g->pending = P_BUILD;
		g->pmsg.n = 0;
		return 0;
	}
	if (g->pending == P_BUILD && !config_line(p, n, &colon))
		return add_message(g, p, n);
	flush_pending(g);
	if (config_line(p, n, &colon))
		return set_config(g, p, n, colon);
	return 0; /* PASS, ok, exit status, log output: nothing to record */
}

/* --- test2json ------------------------------------------------------------ */

static struct pkgbuf *pkgbuf_for(struct go *g, const char *pkg)
{
	struct pkgbuf *np;
	size_t i;

	for (i = 0; i < g->npkgs; i++)
		if (!strcmp(g->pkgs[i].pkg, pkg))
			return &g->pkgs[i];
	np = realloc(g->pkgs, (g->npkgs + 1) * sizeof *np);
	if (!np)
		return NULL;
	g->pkgs = np;
	np = &g->pkgs[g->npkgs];
	memset(np, 0, sizeof *np);
	np->pkg = strdup(pkg);
	if (!np->pkg)
		return NULL;
	g->npkgs++;
	return np;
}

/* Feed an event's Output text: complete lines go to text_line. */
static int json_output(struct go *g, const char *pkg, const char *out, size_t n)
{
	struct pkgbuf *b = pkgbuf_for(g, pkg);
	const char *nl;
	int st = 0;

	if (!b || str_set(&g->suite, pkg, strlen(pkg)))
		return -1;
	while (st == 0 && (nl = memchr(out, '\n', n))) {
		size_t k = (size_t)(nl - out);

		if (b->partial.n) {
			if (str_add(&b->partial, out, k))
				return -1;
			st = text_line(g, b->partial.s, b->partial.n);
			b->partial.n = 0;
		} else {
			st = text_line(g, out, k);
		}
		out += k + 1;
		n -= k + 1;
	}
	if (n && st == 0 && b->partial.n < (64u << 20))
		st = str_add(&b->partial, out, n);
	return st;
}

static const char *jstr(jv obj, const char *key, jv *keep)
{
	*keep = jv_object_get(jv_copy(obj), jv_string(key));
	return jv_get_kind(*keep) == JV_KIND_STRING ? jv_string_value(*keep)
						    : NULL;
}

static int json_line(struct go *g, const char *p, size_t n)
{
	jv ev, a, pk, out, ip;
	const char *action, *pkg, *text;
	int st = 0;

	if (n > 0x7fffffff || json_valid(p, n, NULL, 0))
		ev = jv_invalid();
	else
		ev = jv_parse_sized(p, (int)n);
	if (jv_get_kind(ev) != JV_KIND_OBJECT) {
		jv_free(ev);
		g->host->warn(g->host->ctx, "not a test2json event; skipped");
		return 0;
	}
	action = jstr(ev, "Action", &a);
	pkg = jstr(ev, "Package", &pk);
	text = jstr(ev, "Output", &out);
	if (!pkg)
		pkg = jstr(ev, "ImportPath", &ip);
	else
		ip = jv_invalid();
	if (action && text &&
	    (!strcmp(action, "output") || !strcmp(action, "build-output")))
		st = json_output(g, pkg ? pkg : "", text,
				 (size_t)jv_string_length_bytes(jv_copy(out)));
	jv_free(a);
	jv_free(pk);
	jv_free(out);
	jv_free(ip);
	jv_free(ev);
	return st;
}

/* --- the ABI -------------------------------------------------------------- */

static void *go_open(const struct bt_host *host)
{
	struct go *g = calloc(1, sizeof *g);

	if (!g)
		return NULL;
	g->host = host;
	g->pkg_at = -1;
	g->json = -1;
	return g;
}

static int go_line(void *st, const char *p, size_t n)
{
	struct go *g = st;
	int r;

	if (g->json < 0) {
		size_t i = 0;

		while (i < n && is_space(p[i]))
			i++;
		if (i == n)
			return 0;
		g->json = p[i] == '{';
	}
	r = g->json ? json_line(g, p, n) : text_line(g, p, n);
	if (r)
		g->host->error(g->host->ctx, "out of memory");
	return r;
}

static int go_finish(void *st)
{
	struct go *g = st;
	size_t i;

	for (i = 0; i < g->npkgs; i++) {
		struct pkgbuf *b = &g->pkgs[i];

		if (b->partial.n) {
			str_set(&g->suite, b->pkg, strlen(b->pkg));
			text_line(g, b->partial.s, b->partial.n);
			b->partial.n = 0;
		}
	}
	flush_pending(g);
	if (g->config_dirty)
		emit_context(g);
	return 0;
}

static void go_close(void *st)
{
	struct go *g = st;
	size_t i;

	if (!g)
		return;
	for (i = 0; i < g->nconfig; i++) {
		free(g->key[i].s);
		free(g->val[i].s);
	}
	for (i = 0; i < g->npkgs; i++) {
		free(g->pkgs[i].pkg);
		free(g->pkgs[i].partial.s);
	}
	free(g->pkgs);
	free(g->suite.s);
	free(g->pname.s);
	free(g->pmsg.s);
	free(g->running.s);
	free(g);
}

/* 1 when mark starts a line of p (or p itself). */
static int line_starts(const char *p, size_t n, const char *mark)
{
	char nl[32];
	size_t k = strlen(mark);

	if (n >= k && !memcmp(p, mark, k))
		return 1;
	nl[0] = '\n';
	memcpy(nl + 1, mark, k);
	return memmem(p, n, nl, k + 1) != NULL;
}

/* Score: Go's configuration keys and result lines are unmistakable. */
static int go_probe(const char *p, size_t n)
{
	static const char *const marks[] = {"goos: ", "goarch: ",
					    "pkg: ",  "PASS",
					    "ok  \t", "--- FAIL: Benchmark"};
	size_t i;
	int score = 0;

	if (memmem(p, n, "\"Action\":\"", 10) &&
	    memmem(p, n, "\"Package\":", 10))
		return 90; /* test2json */
	for (i = 0; i < sizeof marks / sizeof marks[0]; i++)
		if (line_starts(p, n, marks[i]))
			score += i < 3 ? 30 : 10;
	if (line_starts(p, n, "Benchmark") && memmem(p, n, " ns/op", 6))
		score += 50;
	if (memmem(p, n, "[build failed]", 14))
		score += 30;
	return score > 100 ? 100 : score;
}

/* The level-th '/'-separated element of name, or 0 when it has none. */
static int element(struct bt_str name, size_t level, struct bt_str *out)
{
	const char *s = name.s, *e = name.s + name.n, *sl;

	for (; level > 0; level--) {
		sl = memchr(s, '/', (size_t)(e - s));
		if (!sl)
			return 0;
		s = sl + 1;
	}
	sl = memchr(s, '/', (size_t)(e - s));
	out->s = s;
	out->n = (size_t)((sl ? sl : e) - s);
	return 1;
}

/* Levels of a name ("A/b/c" has 3). */
static size_t depth(struct bt_str name)
{
	size_t d = 1, k;

	for (k = 0; k < name.n; k++)
		d += name.s[k] == '/';
	return d;
}

/*
 * Go matches -bench level by level, split at '/', and reports a benchmark
 * only when every level of the pattern matched one of its levels: a
 * two-level pattern silently drops top-level benchmarks without
 * sub-benchmarks.  So the pattern has as many levels as the shallowest
 * name, one alternation a level, each element once; deeper names then run
 * with their siblings (a superset, never a miss).
 */
static int go_selector(const struct bt_str *names, size_t n,
		       const struct bt_host *host)
{
	struct str re = {0};
	struct bt_str el, prev;
	size_t level, levels = (size_t)-1, i, j, added;
	int dup;

	for (i = 0; i < n; i++)
		if (depth(names[i]) < levels)
			levels = depth(names[i]);
	str_add(&re, "", 0);
	for (level = 0; n && level < levels; level++) {
		added = 0;
		for (i = 0; i < n; i++) {
			element(names[i], level, &el);
			for (dup = 0, j = 0; j < i && !dup; j++)
				dup = element(names[j], level, &prev) &&
				      prev.n == el.n &&
				      !memcmp(prev.s, el.s, el.n);
			if (dup)
				continue;
			if (added++ == 0)
				str_add(&re, level ? "/^(" : "^(",
					level ? 3 : 2);
			else
				str_add(&re, "|", 1);
			/* what regexp.QuoteMeta escapes */
			str_quote(&re, el.s, el.n, "\\.+*?()|[]{}^$");
		}
		str_add(&re, ")$", 2);
	}
	if (!re.s) {
		host->error(host->ctx, "out of memory");
		return -1;
	}
	host->arg(host->ctx, "-bench");
	host->arg(host->ctx, re.n ? re.s : "^$");
	free(re.s);
	return 0;
}

static const struct bt_plugin plugin = {
    .abi_version = BT_PLUGIN_ABI_VERSION,
    .name = "go",
    .description = "go test -bench output, plain or -json (test2json)",
    .probe = go_probe,
    .open = go_open,
    .line = go_line,
    .finish = go_finish,
    .close = go_close,
    .selector = go_selector,
};

EXPORT const struct bt_plugin *bt_plugin_descriptor(void)
{
	return &plugin;
}
