#!/bin/sh
# plugin-rude.t — a plugin that breaks the ABI's rules without crashing
# (a sample without a name, a metric that is not a finite number, a record
# of a kind the ABI does not have, a failure it does not explain) does not
# make the host write a bad record: what can be kept is kept, the rest is
# dropped with a warning naming the input's line, and an unexplained
# failure is an input error (exit 2) after the records before it.
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/plugin-rude
mkdir -p "$t/p"
if ! command -v cc >/dev/null 2>&1; then
	skip "no C compiler"
	done_testing
	exit 0
fi
cat >"$t/rude.c" <<'C'
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <bt/plugin.h>
/* The format "RUDE-FORMAT": "ok N" is a sample of N ns/op; the other
 * lines break a rule each. */
static int is(const char *p, size_t n, const char *w) { return n == strlen(w) && !memcmp(p, w, n); }
static int probe(const char *p, size_t n) { return n >= 11 && !memcmp(p, "RUDE-FORMAT", 11) ? 100 : 0; }
static void *op(const struct bt_host *h) { return (void *)h; }
static int line(void *st, const char *p, size_t n)
{
	const struct bt_host *h = st;
	struct bt_metric m[2] = {{BT_STR("ns/op"), 1, {0}, 0}, {BT_STR("B/op"), 5, {0}, 0}};
	struct bt_record r = {.kind = BT_KIND_SAMPLE, .name = BT_STR("BenchmarkOk"), .metrics = m, .nmetrics = 1};

	if (n > 3 && !memcmp(p, "ok ", 3))
		m[0].value = atof(p + 3);
	else if (is(p, n, "noname"))
		r.name = (struct bt_str){"", 0};
	else if (is(p, n, "nan"))
		m[0].value = NAN, r.nmetrics = 2;
	else if (is(p, n, "inf-only"))
		m[0].value = INFINITY;
	else if (is(p, n, "nounit"))
		m[0].unit = (struct bt_str){"", 0};
	else if (is(p, n, "kind99"))
		r.kind = 99;
	else if (is(p, n, "fail"))
		return -1; /* without calling h->error */
	else
		return 0;
	h->emit(h->ctx, &r);
	return 0;
}
static int fin(void *st) { (void)st; return 0; }
static void cl(void *st) { (void)st; }
static const struct bt_plugin pl = {.abi_version = BT_PLUGIN_ABI_VERSION, .name = "rude",
	.probe = probe, .open = op, .line = line, .finish = fin, .close = cl};
__attribute__((visibility("default"))) const struct bt_plugin *bt_plugin_descriptor(void) { return &pl; }
C
cc -shared -fPIC -O0 -I"$BT_INST/include" -o "$t/p/rude.so" "$t/rude.c" -lm
ok $? "the rude plugin builds"
export BT_PLUGIN_PATH=$t/p

printf 'RUDE-FORMAT\nok 1\nnoname\nnan\ninf-only\nnounit\nkind99\nok 2\n' >"$t/in.txt"
bt-parse "$t/in.txt" >"$t/out" 2>"$t/err"
is $? 0 "rules broken but nothing failed: exit 0"
jq -e . "$t/out" >/dev/null
ok $? "every record written is whole JSON"
is "$(jq -c 'select(.kind == "sample") | .metrics' "$t/out" | tr '\n' ' ')" \
	'{"ns/op":1} {"B/op":5} {"ns/op":2} ' "kept: the good samples, and the finite metric of the NaN one"
grep -q "^bt-parse: $t/in.txt:3: sample without a name; skipped$" "$t/err"
ok $? "a sample without a name: skipped, its line named"
grep -q "^bt-parse: $t/in.txt:4: BenchmarkOk: ns/op is not a finite number; metric dropped$" "$t/err"
ok $? "a NaN metric: dropped, its line named"
grep -q "^bt-parse: $t/in.txt:5: BenchmarkOk: ns/op is not a finite number; metric dropped$" "$t/err"
ok $? "a sample with nothing finite: its metric dropped, the sample not written"
grep -q "^bt-parse: $t/in.txt:6: BenchmarkOk: .* is not a finite number; metric dropped$" "$t/err"
ok $? "a metric without a unit: dropped"
grep -q "^bt-parse: $t/in.txt:7: plugin rude emitted a record of kind 99, which the ABI does not have; skipped$" "$t/err"
ok $? "a record of a kind the ABI does not have: skipped, said"

printf 'RUDE-FORMAT\nok 1\nfail\nok 2\n' >"$t/fail.txt"
bt-parse "$t/fail.txt" >"$t/out" 2>"$t/err"
is $? 2 "a failure the plugin does not explain: exit 2"
grep -q "^bt-parse: $t/fail.txt:3: the plugin failed without saying why$" "$t/err"
ok $? "the host says so, naming the line"
is "$(jq -r '.metrics["ns/op"]' "$t/out" | tr '\n' ' ')" "1 " "the record before it is delivered, nothing after"
done_testing
