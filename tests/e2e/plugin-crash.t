#!/bin/sh
# plugin-crash.t — a plugin that crashes is the plugin's problem: the host
# names it, where it crashed (file:line while parsing), keeps every whole
# record made before, and goes on with the other plugins and inputs.
# Plugins built here from the installed header: one that crashes when it
# is loaded, one whose probe overflows its stack, one that crashes (NULL,
# abort(), division by zero) on chosen lines of its own format.
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/plugin-crash
d=$BT_TESTS/data/go/gc-count10.txt
mkdir -p "$t/p"
if ! command -v cc >/dev/null 2>&1; then
	skip "no C compiler"
	done_testing
	exit 0
fi
build() { # NAME: plugin NAME from the C on stdin
	cat >"$t/$1.c"
	cc -shared -fPIC -O0 -I"$BT_INST/include" -o "$t/p/$1.so" "$t/$1.c"
}

build crashdesc <<'C'
#include <bt/plugin.h>
__attribute__((visibility("default"))) const struct bt_plugin *bt_plugin_descriptor(void)
{
	return *(const struct bt_plugin *volatile *)0;
}
C

build crashprobe <<'C'
#include <stddef.h>
#include <bt/plugin.h>
static int deep(volatile const char *p, size_t n) /* never ends */
{
	volatile char pad[256];
	pad[0] = p[0];
	return deep(p, n + pad[0]) + 1;
}
static int probe(const char *p, size_t n) { return deep(p, n); }
static void *op(const struct bt_host *h) { return (void *)h; }
static int line(void *st, const char *p, size_t n) { (void)st, (void)p, (void)n; return 0; }
static int fin(void *st) { (void)st; return 0; }
static void cl(void *st) { (void)st; }
static const struct bt_plugin pl = {.abi_version = BT_PLUGIN_ABI_VERSION, .name = "crashprobe",
	.probe = probe, .open = op, .line = line, .finish = fin, .close = cl};
__attribute__((visibility("default"))) const struct bt_plugin *bt_plugin_descriptor(void) { return &pl; }
C

# The format "CRASH-FORMAT": "ok N" is a sample; "segv", "abort", "fpe" crash.
build crashline <<'C'
#include <stdlib.h>
#include <string.h>
#include <bt/plugin.h>
static int is(const char *p, size_t n, const char *w) { return n == strlen(w) && !memcmp(p, w, n); }
static int probe(const char *p, size_t n) { return n >= 12 && !memcmp(p, "CRASH-FORMAT", 12) ? 100 : 0; }
static void *op(const struct bt_host *h) { return (void *)h; }
static int line(void *st, const char *p, size_t n)
{
	const struct bt_host *h = st;
	struct bt_metric m = {BT_STR("ns/op"), 0, {p + 3, n - 3}, 0};
	struct bt_record r = {.kind = BT_KIND_SAMPLE, .name = BT_STR("BenchmarkOk"), .iterations = 1,
		.metrics = &m, .nmetrics = 1};
	volatile int zero = 0;
	if (n > 3 && !memcmp(p, "ok ", 3)) {
		m.value = atof(p + 3);
		h->emit(h->ctx, &r);
	} else if (is(p, n, "segv")) {
		*(volatile int *)0 = 1;
	} else if (is(p, n, "abort")) {
		abort();
	} else if (is(p, n, "fpe")) {
		return 100 / zero; /* not 1 / x: gcc makes that a compare */
	}
	return 0;
}
static int fin(void *st) { (void)st; return 0; }
static void cl(void *st) { (void)st; }
static int sel(const struct bt_str *names, size_t n, const struct bt_host *h)
{
	if (n && is(names[0].s, names[0].n, "segv"))
		*(volatile int *)0 = 1;
	h->arg(h->ctx, "-run");
	return 0;
}
static const struct bt_plugin pl = {.abi_version = BT_PLUGIN_ABI_VERSION, .name = "crashline",
	.probe = probe, .open = op, .line = line, .finish = fin, .close = cl, .selector = sel};
__attribute__((visibility("default"))) const struct bt_plugin *bt_plugin_descriptor(void) { return &pl; }
C
ok "$([ -f "$t/p/crashdesc.so" ] && [ -f "$t/p/crashprobe.so" ] && [ -f "$t/p/crashline.so" ]; echo $?)" \
	"the crashing plugins build"
export BT_PLUGIN_PATH=$t/p

# Detection loads and probes every plugin: the two broken ones are named
# and skipped, the Go input is parsed as without them.
bt-parse "$d" >"$t/go.jsonl" 2>"$t/go.err"
is $? 0 "plugins crashing when loaded or probed do not stop bt-parse"
is "$(grep -c '"kind":"sample"' "$t/go.jsonl")" 100 "the Go input is parsed in full"
grep -q "^bt-parse: $t/p/crashdesc.so: crashed (SIGSEGV) in bt_plugin_descriptor(); skipped$" "$t/go.err"
ok $? "a crash while loading is named with the plugin's path"
grep -q "^bt-parse: $t/p/crashprobe.so: crashed (SIGSEGV) in its probe; skipped$" "$t/go.err"
ok $? "a probe overflowing its stack is named and skipped"
bt-parse --list-plugins >"$t/list" 2>/dev/null
grep -q '^go ' "$t/list" && grep -q '^crashline ' "$t/list" && ! grep -q '^crashdesc ' "$t/list"
ok $? "--list-plugins lists the others, not the one that crashes when loaded"

# --check-plugin reports a crashing probe as a finding, not by dying.
bt-parse --check-plugin "$t/p/crashprobe.so" "$d" >"$t/check" 2>&1
st=$?
ok $((st == 0 || st > 2)) "--check-plugin on a crashing probe: exit $st (a finding)"
grep -q "^not ok .*$d: the probe crashed (SIGSEGV)" "$t/check"
ok $? "--check-plugin names the crash on the sample"

# A crash while parsing: the records before it, whole; the file and line
# named; exit 2; the next input still read.
for how in segv:SIGSEGV abort:SIGABRT fpe:SIGFPE; do
	printf 'CRASH-FORMAT\nok 1.5\nok 2\n%s\nok 3\n' "${how%%:*}" >"$t/$how.txt"
	bt-parse "$t/$how.txt" "$d" >"$t/out" 2>"$t/err"
	is $? 2 "${how%%:*}: a plugin crashing on a line is an input error (exit 2)"
	grep -q "^bt-parse: $t/$how.txt:4: plugin crashline crashed (${how#*:}) while parsing this line$" "$t/err"
	ok $? "${how%%:*}: the plugin, the signal and the input's line are named"
	is "$(jq -r 'select(.name == "BenchmarkOk") | .metrics["ns/op"]' "$t/out" | tr '\n' ' ')" "1.5 2 " \
		"${how%%:*}: the records made before the crash are delivered whole"
	is "$(grep -v '"name":"BenchmarkOk"' "$t/out" | grep -c '"kind":"sample"')" 100 \
		"${how%%:*}: the next input is still read"
done
bt-parse -f crashline <"$t/segv:SIGSEGV.txt" >"$t/out" 2>"$t/err"
is $? 2 "-f on stdin: exit 2"
grep -q "^bt-parse: <stdin>:4: plugin crashline crashed (SIGSEGV) while parsing this line$" "$t/err"
ok $? "-f on stdin: named as <stdin>"

# A selector that crashes: named, exit 2.
is "$(bt-parse -f crashline --selector fine)" "-run" "a selector that works"
bt-parse -f crashline --selector segv >"$t/out" 2>"$t/err"
is $? 2 "a selector that crashes: exit 2"
grep -q "^bt-parse: plugin crashline crashed (SIGSEGV) building the selector$" "$t/err"
ok $? "and the plugin is named"

# bt-run parsing live: the crash is reported, what was parsed is kept.
bt-run -f crashline -- cat "$t/segv:SIGSEGV.txt" >"$t/run.jsonl" 2>"$t/run.err"
st=$?
ok $((st == 0)) "bt-run: a crashing plugin fails the run (exit $st)"
grep -q "plugin crashline crashed (SIGSEGV) while parsing this line" "$t/run.err"
ok $? "bt-run: and says so"
is "$(grep -c '"name":"BenchmarkOk"' "$t/run.jsonl")" 2 "bt-run: the records before the crash are kept"
jq -e . "$t/run.jsonl" >/dev/null
ok $? "bt-run: every line written is a whole record"
done_testing
