#!/bin/sh
# plugin-guard.t — while a parser runs, in any filter, fd 1 is not the
# record stream and the clock runs (issue 16, items 14 and 15).  A plugin
# that prints forged records from open(), line(), finish() and close() (with
# printf left in stdio's buffer, puts, write(1)) is read in-process by
# bt-parse, bt-cv, bt-compare, bt-merge, bt-history and bt-run: no forged
# line reaches their output, their own output is whole.  A plugin whose
# open(), line() or finish() blocks or spins is stopped after
# BT_PLUGIN_TIMEOUT seconds, named with the input's file and line; the
# records before it are kept, exit 2.  Time the host spends writing to a
# slow reader is not counted against the plugin.
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/plugin-guard
mkdir -p "$t/p"
if ! command -v cc >/dev/null 2>&1; then
	skip "no C compiler"
	done_testing
	exit 0
fi
export BT_PLUGIN_TIMEOUT=1 BT_PLUGIN_PATH=$t/p
# plugin NAME PREFIX OPEN LINE FINISH CLOSE: lines "PREFIX NAME VALUE" are
# samples; each body runs at its place (st->bad: a line "BAD" was seen)
plugin() {
	cat >"$t/$1.c" <<C
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bt/plugin.h>
#define FORGE "{\"bt\":1,\"kind\":\"sample\",\"name\":\"BenchmarkForged\",\"iterations\":1,\"metrics\":{\"ns/op\":1}}"
struct st { const struct bt_host *h; int bad; };
static void forge(void)
{
	printf("%s\n", FORGE); /* left in stdio's buffer */
	puts(FORGE);
	fflush(stdout);
	(void)!write(1, FORGE "\n", sizeof FORGE);
	printf("%s\n", FORGE);
}
static void spin(void) { for (volatile int i = 0;; i++) ; }
static int probe(const char *p, size_t n) { return n >= sizeof "$2" - 1 && !memcmp(p, "$2", sizeof "$2" - 1) ? 100 : 0; }
/* static state: a plugin stopped mid-call is abandoned, its memory with it,
 * which a sanitizer build would report as the host's leak */
static struct st one;
static void *op(const struct bt_host *h) { struct st *st = &one; st->h = h; st->bad = 0; $3 return st; }
static int line(void *v, const char *p, size_t n)
{
	struct st *st = v;
	char name[64];
	double x;
	struct bt_metric m = {.unit = {"ns/op", 5}};
	struct bt_record r = {.kind = BT_KIND_SAMPLE, .suite = {"s", 1}, .iterations = 1, .metrics = &m, .nmetrics = 1};

	(void)forge; (void)spin;
	if (n >= 3 && !memcmp(p, "BAD", 3))
		st->bad = 1;
	$4
	if (n > 64 || sscanf(p, "%*s %63s %lf", name, &x) != 2)
		return 0;
	m.value = x;
	r.name.s = name;
	r.name.n = strlen(name);
	st->h->emit(st->h->ctx, &r);
	return 0;
}
static int fin(void *v) { struct st *st = v; (void)st; $5 return 0; }
static void cl(void *v) { (void)v; $6 }
static const struct bt_plugin pl = {.abi_version = BT_PLUGIN_ABI_VERSION, .name = "$1",
	.description = "a hostile parser", .probe = probe, .open = op, .line = line, .finish = fin, .close = cl};
__attribute__((visibility("default"))) const struct bt_plugin *bt_plugin_descriptor(void) { return &pl; }
C
	cc -shared -fPIC -O0 -I"$BT_INST/include" -o "$t/p/$1.so" "$t/$1.c"
}
plugin forger FORGER 'forge(); h->warn(h->ctx, "a warning with \033[2J\r in it");' 'forge();' 'forge();' 'forge();'
plugin hanger HANGER 'if (getenv("HANG_OPEN")) for (;;) pause();' \
	'if (n >= 4 && !memcmp(p, "STOP", 4)) for (;;) pause(); if (n >= 4 && !memcmp(p, "SPIN", 4)) spin();' \
	'if (st->bad) for (;;) pause();'
plugin exiter EXITER '' 'if (n >= 4 && !memcmp(p, "QUIT", 4)) exit(0);' 'if (st->bad) exit(0);'
ok "$(ls "$t/p" | wc -l | tr -d ' ' | grep -qx 3; echo $?)" "the hostile plugins build"

# --- fd 1 ---------------------------------------------------------------------
for v in 100 101 99 102 98 103; do
	echo "FORGER BenchmarkA $v"
	echo "FORGER BenchmarkB $((v * 2))"
done >"$t/base.txt"
for v in 150 151 149 152 148 153; do
	echo "FORGER BenchmarkA $v"
	echo "FORGER BenchmarkB $((v * 2))"
done >"$t/target.txt"
noforge() { # noforge NAME FILE: no forged line in FILE, and FILE not empty
	ok "$(test -s "$2" && ! grep -q Forged "$2"; echo $?)" "$1: no forged record in its output"
}
bt-parse "$t/base.txt" >"$t/parse.out" 2>"$t/parse.err"
noforge bt-parse "$t/parse.out"
is "$(grep -c '"name":"Benchmark[AB]"' "$t/parse.out")" 12 "bt-parse: every sample"
grep -q Forged "$t/parse.err"
ok $? "what the plugin printed went to stderr"
grep -qF 'base.txt: a warning with \x1b[2J\x0d in it' "$t/parse.err"
ok $? "its host->warn message is shown escaped, never as control"
bt-cv "$t/base.txt" >"$t/cv.out" 2>/dev/null
noforge bt-cv "$t/cv.out"
is "$(jq -r 'select(.kind=="summary") | .name' "$t/cv.out" | sort | tr '\n' ' ')" \
	"BenchmarkA BenchmarkB " "bt-cv: its summaries of the parsed samples"
is "$(grep -c '"kind":"sample"' "$t/cv.out")" 12 "bt-cv: and the samples"
bt-cv --format text "$t/base.txt" >"$t/cvtext.out" 2>/dev/null
noforge "bt-cv --format text" "$t/cvtext.out"
bt-cv --stream -s "$t/base.txt" >"$t/cvstream.out" 2>/dev/null
noforge "bt-cv --stream" "$t/cvstream.out"
bt-compare "$t/base.txt" "$t/target.txt" >"$t/cmp.out" 2>/dev/null
noforge bt-compare "$t/cmp.out"
is "$(jq -r 'select(.kind=="change" and .name) | .name' "$t/cmp.out" 2>/dev/null | sort | tr '\n' ' ')" \
	"BenchmarkA BenchmarkB " "bt-compare: a change record per benchmark"
bt-compare -o text "$t/base.txt" "$t/target.txt" >"$t/cmptext.out" 2>/dev/null
noforge "bt-compare -o text" "$t/cmptext.out"
grep -q 'regressed' "$t/cmptext.out"
ok $? "bt-compare -o text: its table"
bt-merge --union "$t/base.txt" "$t/target.txt" >"$t/union.out" 2>/dev/null
noforge "bt-merge --union" "$t/union.out"
is "$(wc -l <"$t/union.out" | tr -d ' ')" 24 "bt-merge --union: every sample"
bt-merge -o - "$t/base.txt" "$t/target.txt" >"$t/merge.out" 2>/dev/null
noforge "bt-merge -o -" "$t/merge.out"
cp "$t/base.txt" "$t/orig.txt"
bt-merge -f forger -o "$t/merged.jsonl" "$t/orig.txt" "$t/target.txt" >"$t/merge2.out" 2>/dev/null
ok "$(test -s "$t/merged.jsonl" && ! grep -q Forged "$t/merged.jsonl"; echo $?)" "bt-merge -o FILE: no forged record in the file"
bt-history series "$t/base.txt" "$t/target.txt" >"$t/hist.out" 2>/dev/null
noforge "bt-history series" "$t/hist.out"
is "$(grep -c '"kind":"point"' "$t/hist.out")" 4 "bt-history: a point per benchmark and run"
bt-history changes -o text "$t/base.txt" "$t/target.txt" >"$t/histtext.out" 2>/dev/null
ok "$(! grep -q Forged "$t/histtext.out"; echo $?)" "bt-history changes -o text: no forged line"
bt-run -f forger -- cat "$t/base.txt" >"$t/run.out" 2>/dev/null
noforge bt-run "$t/run.out"

# --- the clock ------------------------------------------------------------------
printf 'HANGER BenchmarkA 1\nHANGER BenchmarkA 2\nSTOP\nHANGER BenchmarkA 3\n' >"$t/hang.txt"
start=$(date +%s)
bt-parse "$t/hang.txt" >"$t/hang.out" 2>"$t/hang.err"
st=$?
took=$(($(date +%s) - start))
is "$st" 2 "a line() that blocks: exit 2"
ok $((took > 4)) "within the limit and a quarter (${took} s)"
is "$(cat "$t/hang.err")" "bt-parse: $t/hang.txt:3: plugin hanger timed out (no answer within 1 s) while parsing this line" \
	"named with the file, the line and what it was doing"
is "$(grep -c '"kind":"sample"' "$t/hang.out")" 2 "the records before it are kept"
printf 'HANGER BenchmarkA 1\nSPIN\n' >"$t/spin.txt"
bt-parse "$t/spin.txt" >"$t/spin.out" 2>"$t/spin.err"
is "$?" 2 "a line() that spins: exit 2"
grep -qxF "bt-parse: $t/spin.txt:2: plugin hanger timed out (no answer within 1 s) while parsing this line" "$t/spin.err"
ok $? "named"
is "$(grep -c '"kind":"sample"' "$t/spin.out")" 1 "the sample before it kept"
printf 'HANGER BenchmarkA 1\nBAD\n' >"$t/late.txt"
bt-parse "$t/late.txt" >"$t/late.out" 2>"$t/late.err"
is "$?" 2 "a finish() that blocks: exit 2"
grep -qxF "bt-parse: $t/late.txt: plugin hanger timed out (no answer within 1 s) at the end of the input" "$t/late.err"
ok $? "named"
is "$(grep -c '"kind":"sample"' "$t/late.out")" 1 "the sample before it kept"
HANG_OPEN=1 bt-parse "$t/late.txt" "$t/base.txt" >"$t/open.out" 2>"$t/open.err"
is "$?" 2 "an open() that blocks: exit 2"
grep -qxF "bt-parse: $t/late.txt: plugin hanger timed out (no answer within 1 s) while starting" "$t/open.err"
ok $? "named"
is "$(grep -c '"kind":"sample"' "$t/open.out")" 12 "the next input is still read (another plugin)"
bt-cv "$t/hang.txt" >"$t/cvhang.out" 2>"$t/cvhang.err" </dev/null
is "$?" 2 "the limit holds in bt-cv too: exit 2"
grep -qxF "bt-cv: $t/hang.txt:3: plugin hanger timed out (no answer within 1 s) while parsing this line" "$t/cvhang.err"
ok $? "named"
is "$(grep -c '"kind":"sample"' "$t/cvhang.out")" 2 "bt-cv: the samples before it written, to its own stdout"
bt-run -f hanger -- cat "$t/hang.txt" >"$t/runhang.out" 2>"$t/runhang.err"
ok "$(test $? -ne 0 && grep -q 'plugin hanger timed out' "$t/runhang.err"; echo $?)" "and in bt-run"
# exit() from a parser, in the host's own process: a clear failure, never
# exit 0 as if the input had been read
printf 'EXITER BenchmarkA 1\nQUIT\nEXITER BenchmarkA 2\n' >"$t/exit.txt"
bt-parse "$t/exit.txt" >"$t/exit.out" 2>"$t/exit.err"
is "$?" 2 "a line() that calls exit(0): exit 2"
is "$(cat "$t/exit.err")" "bt-parse: $t/exit.txt:2: plugin exiter called exit(0) in the host's process; stopped" \
	"named with the file, the line and its status"
printf 'EXITER BenchmarkA 1\nBAD\n' >"$t/exitfin.txt"
bt-cv "$t/exitfin.txt" >/dev/null 2>"$t/exitfin.err"
is "$?" 2 "a finish() that calls exit(0), in bt-cv: exit 2"
grep -qxF "bt-cv: $t/exitfin.txt: plugin exiter called exit(0) in the host's process; stopped" "$t/exitfin.err"
ok $? "named"

# slow reader: the host blocked writing is not the plugin's time
i=0
while [ $i -lt 3000 ]; do
	echo "HANGER BenchmarkLongName_with_padding_to_fill_the_pipe_$i 1"
	i=$((i + 1))
done >"$t/many.txt"
bt-parse "$t/many.txt" 2>"$t/slow.err" | { sleep 3; cat; } >"$t/slow.out"
is "$(cat "$t/slow.err")" "" "a reader that waits 3 s: no time-out"
is "$(wc -l <"$t/slow.out" | tr -d ' ')" 3000 "and every record"
done_testing
