#!/bin/sh
# plugin-hostile.t — a plugin can neither take the host down, nor hang it,
# nor forge records (issue 16, items 14–16).  Built here from the installed
# header: plugins whose constructor crashes, calls exit() or never returns;
# whose probe calls exit() or never returns; one that prints records of its
# own to fd 1 from its constructor, its probe and its parser; and plugins
# in a directory, or a file, others may write to.
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/plugin-hostile
d=$BT_TESTS/data/go/gc-count10.txt
mkdir -p "$t/p" "$t/shared"
if ! command -v cc >/dev/null 2>&1; then
	skip "no C compiler"
	done_testing
	exit 0
fi
export BT_PLUGIN_TIMEOUT=1
# plugin NAME [CONSTRUCTOR-BODY [PROBE-BODY [LINE-BODY]]] into $t/p/NAME.so
plugin() {
	cat >"$t/$1.c" <<C
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bt/plugin.h>
#include "forge.h"
__attribute__((constructor)) static void ctor(void) { ${2:-} }
static int probe(const char *p, size_t n) { (void)p; (void)n; ${3:-return 0;} }
static void *op(const struct bt_host *h) { return (void *)h; }
static int line(void *st, const char *p, size_t n) { (void)st; (void)p; (void)n; ${4:-} return 0; }
static int fin(void *st) { (void)st; return 0; }
static void cl(void *st) { (void)st; }
static const struct bt_plugin pl = {.abi_version = BT_PLUGIN_ABI_VERSION, .name = "$1",
	.description = "a hostile plugin", .probe = probe, .open = op, .line = line, .finish = fin, .close = cl};
__attribute__((visibility("default"))) const struct bt_plugin *bt_plugin_descriptor(void) { return &pl; }
C
	cc -shared -fPIC -O0 -I"$BT_INST/include" -I"$t" -o "${5:-$t/p}/$1.so" "$t/$1.c"
}
cat >"$t/forge.h" <<'C'
#define FORGE "{\"kind\":\"sample\",\"name\":\"BenchmarkForged\",\"iterations\":1,\"metrics\":{\"ns/op\":1}}"
C
plugin ctorsegv '*(volatile int *)0 = 1;'
plugin ctorexit 'exit(3);'
plugin ctorhang 'for (;;) pause();'
plugin probeexit '' 'exit(4);'
plugin probehang '' 'for (;;) pause();'
plugin printer 'printf("%s\n", FORGE); fflush(stdout);' \
	'(void)!write(1, FORGE "\n", sizeof FORGE); return n >= 7 && !memcmp(p, "PRINTER", 7) ? 100 : 0;' \
	'puts(FORGE); fflush(stdout); (void)!write(1, FORGE "\n", sizeof FORGE);'
ok "$(ls "$t/p" | wc -l | tr -d ' ' | grep -qx 6; echo $?)" "the hostile plugins build"
export BT_PLUGIN_PATH=$t/p

# Loading and probing in children: every Go line still parsed, each
# hostile plugin named with what it did, in well under the 1 s limits × 2.
start=$(date +%s)
bt-parse "$d" >"$t/go.jsonl" 2>"$t/go.err"
is $? 0 "bt-parse survives plugins that crash, exit or hang when loaded or probed"
took=$(($(date +%s) - start))
ok $((took > 10)) "and does not hang (${took} s)"
is "$(grep -c '"kind":"sample"' "$t/go.jsonl")" 100 "the Go input is parsed in full"
for w in "ctorsegv:crashed (SIGSEGV) while being loaded (in its constructors)" \
	"ctorexit:exited (status 3) while being loaded (in its constructors)" \
	"ctorhang:did not return within 1 s while being loaded (in its constructors)" \
	"probeexit:exited (status [0-9]*) in its probe" \
	"probehang:did not return within 1 s in its probe"; do
	# (the status of an exit() is 4, or LeakSanitizer's in a sanitizer build)
	grep -qx "bt-parse: $t/p/${w%%:*}.so: ${w#*:}; skipped" "$t/go.err"
	ok $? "${w%%:*}: named and skipped: ${w#*:}"
done
sed 's/^/# /' "$t/go.err"

# fd 1 is not the record stream while plugin code runs.
! grep -q BenchmarkForged "$t/go.jsonl"
ok $? "what a plugin writes to fd 1 from its constructor or probe is not a record"
grep -q BenchmarkForged "$t/go.err"
ok $? "it goes to stderr instead"
printf 'PRINTER\nline\n' >"$t/printer.txt"
bt-parse "$t/printer.txt" >"$t/pr.out" 2>"$t/pr.err"
is "$(cat "$t/pr.out")" "" "a parser printing with printf, puts and write(1) forges nothing"
bt-run -f printer -- cat "$t/printer.txt" >"$t/run.out" 2>"$t/run.err"
! grep -q Forged "$t/run.out"
ok $? "bt-run, parsing in its own process, writes no forged record either"
jq -e . "$t/run.out" >/dev/null
ok $? "bt-run's output is still its records"
bt-parse --list-plugins >"$t/list" 2>/dev/null
ok "$(grep -q '^printer ' "$t/list" && ! grep -q Forged "$t/list"; echo $?)" "--list-plugins output holds no forged line"
bt-parse --check-plugin "$t/p/printer.so" "$t/printer.txt" >"$t/check" 2>/dev/null
! grep -q Forged "$t/check"
ok $? "--check-plugin's TAP holds no forged line"
bt-parse --check-plugin "$t/p/probehang.so" "$d" >"$t/check" 2>&1
st=$?
ok $((st != 1)) "--check-plugin on a hanging probe: a finding (exit $st)"
grep -q "^not ok .*: the probe did not return within" "$t/check"
ok $? "and says the probe did not return"
bt-parse --check-plugin "$t/p/ctorexit.so" >"$t/check" 2>&1
is $? 2 "--check-plugin on a constructor calling exit(): does not load (exit 2)"
grep -q "^not ok 1 .*exited (status 3) while being loaded" "$t/check"
ok $? "and says what it did"

# Permissions, as ssh's StrictModes: a directory or a plugin others may
# write is refused, named; the search order is kept for the rest.
rm -f "$t/p/ctor"* "$t/p/probe"*
cp "$BT_INST/lib/bt/plugins/go.so" "$t/shared/go.so"
chmod 777 "$t/shared"
BT_PLUGIN_PATH=$t/shared:$t/p bt-parse "$d" >"$t/out" 2>"$t/err"
is $? 0 "a world-writable plugin directory does not stop bt-parse"
grep -qxF "bt-parse: $t/shared: writable by others than its owner (mode 0777); no plugin in it is loaded" "$t/err"
ok $? "the directory is named and refused"
is "$(grep -c '"kind":"sample"' "$t/out")" 100 "the next directory in the search order is used"
chmod 755 "$t/shared"
chmod 666 "$t/shared/go.so"
BT_PLUGIN_PATH=$t/shared bt-parse -f go "$d" >"$t/out" 2>"$t/err"
grep -qxF "bt-parse: $t/shared/go.so: writable by others than its owner (mode 0666); refused as a plugin" "$t/err"
ok $? "a group- or world-writable plugin file is named and refused"
is "$(grep -c '"kind":"sample"' "$t/out")" 100 "and the installed go.so, later in the order, used instead"
chmod 644 "$t/shared/go.so"
BT_PLUGIN_PATH=$t/shared bt-parse -f go "$d" >"$t/out" 2>"$t/err"
is "$(cat "$t/err")" "" "the same plugin, 0644 in a 0755 directory: no warning"
done_testing
