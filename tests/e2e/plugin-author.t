#!/bin/sh
# plugin-author.t — what an out-of-tree plugin author meets (issue 20):
# --check-plugin fails a probe that does not claim its own sample, and with
# --foreign one that claims other formats' captures; `-f ./x.so` takes a
# path; a relative BT_PLUGIN_PATH is said, not silently ignored; -v says
# which plugin detection chose and why; the header is quiet in C++ under
# -Wpedantic and names a context's fields as the record does; a copied
# bt-parse looks in the plugin directory of the PREFIX it was installed to.
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/plugin-author
d=$BT_TESTS/data/go/gc-count10.txt
mkdir -p "$t/p" "$t/bin"
if ! command -v cc >/dev/null 2>&1; then
	skip "no C compiler"
	done_testing
	exit 0
fi
# plugin NAME PROBE-BODY: "WORD N" lines of the format are samples
plugin() {
	cat >"$t/$1.c" <<C
#include <stdlib.h>
#include <string.h>
#include <bt/plugin.h>
static int probe(const char *p, size_t n) { (void)p; (void)n; $2 }
static void *op(const struct bt_host *h) { return (void *)h; }
static int line(void *st, const char *p, size_t n)
{
	const struct bt_host *h = st;
	struct bt_metric m = {BT_STR("ns/op"), 1, {0}, 0};
	struct bt_label c = {BT_STR("k"), BT_STR("v")};
	struct bt_record ctx = {.kind = BT_KIND_CONTEXT, .config = &c, .nconfig = 1};
	struct bt_record r = {.kind = BT_KIND_SAMPLE, .name = {p, n}, .iterations = 1, .metrics = &m, .nmetrics = 1};
	if (n) { h->emit(h->ctx, &ctx); h->emit(h->ctx, &r); }
	return 0;
}
static int fin(void *st) { (void)st; return 0; }
static void cl(void *st) { (void)st; }
static const struct bt_plugin pl = {.abi_version = BT_PLUGIN_ABI_VERSION, .name = "$1",
	.description = "a test plugin", .probe = probe, .open = op, .line = line, .finish = fin, .close = cl};
__attribute__((visibility("default"))) const struct bt_plugin *bt_plugin_descriptor(void) { return &pl; }
C
	cc -std=c11 -Wall -Wextra -Wpedantic -Werror -shared -fPIC -I"$BT_INST/include" -o "$t/p/$1.so" "$t/$1.c"
}
plugin blind 'return 0;'
plugin greedy 'return 100;'
plugin polite 'return n >= 6 && !memcmp(p, "POLITE", 6) ? 100 : 0;'
ok "$([ -f "$t/p/blind.so" ] && [ -f "$t/p/greedy.so" ] && [ -f "$t/p/polite.so" ]; echo $?)" \
	"the test plugins build with -Wpedantic, setting a context's config"
printf 'POLITE\nBenchmarkA\n' >"$t/polite.txt"

# the probe on its own sample
bt-parse --check-plugin "$t/p/blind.so" "$t/polite.txt" >"$t/check" 2>&1
is $? 1 "--check-plugin fails a probe that scores 0 on its own sample"
grep -q "^not ok .*polite.txt: the probe claims its own sample (score 0)" "$t/check"
ok $? "and says so"
bt-parse --check-plugin "$t/p/polite.so" "$t/polite.txt" >"$t/check" 2>&1
is $? 0 "a probe that claims its sample passes"

# --foreign: the installed captures of other formats
bt-parse --check-plugin "$t/p/greedy.so" --foreign "$t/polite.txt" >"$t/check" 2>&1
is $? 1 "--foreign fails a probe that claims other formats' captures"
grep -q "^not ok .*/captures/go.txt: another format's capture, not claimed (score 100)" "$t/check"
ok $? "naming each capture it claims"
bt-parse --check-plugin "$t/p/polite.so" --foreign "$t/polite.txt" >"$t/check" 2>&1
is $? 0 "a probe that claims none passes --foreign"
is "$(grep -c "another format's capture, not claimed (score 0)" "$t/check")" \
	"$(ls "$BT_INST/share/bt/captures" | grep -vc README)" "every installed capture was tried"
bt-parse --check-plugin "$BT_INST/lib/bt/plugins/go.so" --foreign >"$t/check" 2>&1
is $? 0 "the bundled go plugin claims no other format"
! grep -q "captures/go" "$t/check"
ok $? "and its own captures are left out"
mkdir "$t/caps" && cp "$d" "$t/caps/other.txt"
bt-parse --check-plugin "$t/p/greedy.so" --foreign="$t/caps" >"$t/check" 2>&1
grep -q "^not ok .*$t/caps/other.txt: another format's capture" "$t/check"
ok $? "--foreign=DIR takes the captures from DIR"

# -f takes a path
bt-parse -f "$t/p/polite.so" "$t/polite.txt" >"$t/out" 2>"$t/err"
is "$(jq -r 'select(.kind == "sample") | .name' "$t/out" | tr '\n' ' ')" "POLITE BenchmarkA " "-f /path/x.so is used"
is "$(jq -c 'select(.kind == "context") | .config' "$t/out" | sort -u)" '{"k":"v"}' "a context's config written as config"
(cd "$t/p" && bt-parse -f ./polite.so "$t/polite.txt") >"$t/out" 2>"$t/err"
is "$(grep -c '"kind":"sample"' "$t/out")" 2 "-f ./x.so too"

# a relative BT_PLUGIN_PATH entry
(cd "$t" && BT_PLUGIN_PATH=p bt-parse "$d") >"$t/out" 2>"$t/err"
grep -qxF "bt-parse: BT_PLUGIN_PATH: 'p' is not an absolute path; ignored" "$t/err"
ok $? "a relative BT_PLUGIN_PATH entry is warned about"
is "$(grep -c '"kind":"sample"' "$t/out")" 100 "and ignored: the installed plugins are used"

# -v: the choice and every score
BT_PLUGIN_PATH=$t/p bt-parse -v "$t/polite.txt" >/dev/null 2>"$t/err"
grep -q "^bt-parse: probe scores: .*greedy 100.*polite 100.*; chose greedy (the highest score)$" "$t/err"
ok $? "-v says every score and which plugin was chosen"
bt-parse -v "$d" 2>&1 >/dev/null | grep -q "^bt-parse: probe scores: .*go 100.*; chose go (the highest score)$"
ok $? "-v on Go output: go chosen"

# C++ -Wpedantic
if command -v c++ >/dev/null 2>&1; then
	cat >"$t/x.cc" <<'C'
#include <bt/plugin.h>
int f() { struct bt_str s = BT_STR("abc"); struct bt_record r = {}; r.config = 0; return (int)s.n + (int)r.nconfig; }
C
	c++ -std=c++11 -Wall -Wextra -Wpedantic -Werror -fsyntax-only -I"$BT_INST/include" "$t/x.cc" 2>"$t/cxx.err"
	ok $? "BT_STR and the header compile quietly in C++11 with -Wpedantic"
	sed 's/^/# /' "$t/cxx.err"
else
	skip "no C++ compiler"
fi

# a copied bt-parse looks in the installed PREFIX's plugin directory
cp "$BT_INST/bin/bt-parse" "$t/bin/bt-parse"
"$t/bin/bt-parse" --list-plugins >"$t/list" 2>/dev/null
is "$(awk '$1 == "go" { print $3 }' "$t/list")" "$BT_INST/lib/bt/plugins/go.so" \
	"a copied bt-parse loads plugins from PREFIX/lib/bt/plugins"
export PKG_CONFIG_PATH=$BT_INST/lib/pkgconfig
if command -v pkg-config >/dev/null 2>&1; then
	is "$(pkg-config --variable=plugindir bt-plugin)" "$BT_INST/lib/bt/plugins" "as pkg-config says"
fi
done_testing
