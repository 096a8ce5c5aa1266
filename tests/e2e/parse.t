#!/bin/sh
# parse.t — bt-parse end to end on the real Go captures: counts, the record
# stream's invariants (subsets, concatenation, idempotence, pass-through),
# labels, gzip input, plugin discovery, and bad input handled cleanly.
. "$BT_TESTS/e2e/lib.sh"
d=$BT_TESTS/data/go
t=$BT_TMP/parse
mkdir -p "$t"

for f in gc-count10.txt gc-count10-b.txt gc-count5.json failures.txt; do
	bt-parse "$d/$f" >"$t/$f.jsonl" 2>"$t/$f.err"
	ok $? "$f parses (exit 0)"
	want=$(grep -c '^Benchmark.*ns/op' "$d/$f")
	[ "$f" = gc-count5.json ] && want=$(jq -r 'select(.Action=="output") | .Output' "$d/$f" | tr -d '\n' | grep -o 'ns/op' | wc -l)
	is "$(grep -c '"kind":"sample"' "$t/$f.jsonl")" "$want" "$f: one sample per result line ($want)"
	is "$(jq -e -c . "$t/$f.jsonl" >/dev/null 2>&1; echo $?)" 0 "$f: every line is JSON"
done
is "$(jq -r 'select(.kind=="failure") | .reason' "$t/failures.txt.jsonl" | tr '\n' ' ')" \
	"build fail fail " "failures: build, benchmark, package"

# The metrics of every sample equal the numbers on its line, in order.
jq -r 'select(.kind=="sample") | [.name + "-" + (.procs|tostring), .iterations, (.metrics|to_entries[]|"\(.value) \(.key)")] | join(" ")' \
	"$t/gc-count10.txt.jsonl" >"$t/back.txt"
grep '^Benchmark' "$d/gc-count10.txt" | tr -s ' \t' ' ' | sed 's/ $//' >"$t/orig.txt"
paste "$t/orig.txt" "$t/back.txt" | awk -F'\t' '{ n = split($1, a, " "); m = split($2, b, " ")
	if (n != m) bad++; for (i = 1; i <= n; i++) if (a[i] != b[i]) bad++ } END { exit bad > 0 }'
ok $? "metrics are exact: records read back into the same result lines"
is "$(grep -c '"ns/op":2150,"MB/s":476.30,' "$t/gc-count10.txt.jsonl")" 1 "numbers written exactly as Go printed them (476.30)"

# Invariants of the stream.
bt-parse "$t/gc-count10.txt.jsonl" >"$t/again.jsonl"
run "bt-parse is idempotent on records" cmp "$t/gc-count10.txt.jsonl" "$t/again.jsonl"
cat "$t/gc-count10.txt.jsonl" "$t/gc-count5.json.jsonl" | bt-parse >"$t/cat.jsonl"
is "$(wc -l <"$t/cat.jsonl")" 154 "a concatenation of streams is a stream"
grep SHA256 "$t/gc-count10.txt.jsonl" | bt-parse >"$t/grep.jsonl"
is "$(wc -l <"$t/grep.jsonl")" 20 "a subset of lines is a stream"
printf '%s\n' '{"bt":1,"kind":"sample","name":"X","metrics":{"ns/op":1.50},"mine":{"a":[1,2]}}' \
	'{"bt":1,"kind":"annotation","text":"keep me"}' >"$t/unknown.jsonl"
bt-parse "$t/unknown.jsonl" >"$t/unknown.out"
run "unknown fields and kinds pass through unchanged" cmp "$t/unknown.jsonl" "$t/unknown.out"
bt-parse -l version=go1.19 "$t/unknown.jsonl" | jq -c -s '[.[0].labels.version, .[0].mine.a[1], .[1].labels]' >"$t/lab"
is "$(cat "$t/lab")" '["go1.19",2,null]' "--label labels samples, keeps unknown fields, leaves unknown kinds"
printf '%s\n' '{"bt":1,"kind":"sample","name":"X","labels":{"a":"1","version":"old","z":"2"},"metrics":{"ns/op":1},"after":true}' \
	'{"bt":1,"kind":"sample","name":"Y","labels":null,"metrics":{"ns/op":2}}' >"$t/labelled.jsonl"
bt-parse -l version=new -l b=3 "$t/labelled.jsonl" >"$t/relabelled.jsonl"
is "$(head -1 "$t/relabelled.jsonl")" \
	'{"bt":1,"kind":"sample","name":"X","labels":{"a":"1","z":"2","version":"new","b":"3"},"metrics":{"ns/op":1},"after":true}' \
	"--label on records with labels: theirs kept, a given one replaced, the rest of the line as it was"
is "$(tail -1 "$t/relabelled.jsonl" | jq -c .labels)" '{"version":"new","b":"3"}' "--label on labels: null"
bt-parse -l version=go1.19 -l goos=plan9 "$d/gc-count10.txt" | jq -r 'select(.kind=="sample") | .labels.version + .labels.goos' | sort -u >"$t/lab2"
is "$(cat "$t/lab2")" "go1.19plan9" "--label on tool output; a later label wins"
gzip -c "$d/gc-count10.txt" >"$t/g.txt.gz"
bt-parse "$t/g.txt.gz" >"$t/gz.jsonl"
run "gzip-compressed input is read as it is" cmp "$t/gc-count10.txt.jsonl" "$t/gz.jsonl"
gzip -c "$t/gc-count10.txt.jsonl" | bt-parse - >"$t/gz2.jsonl"
run "gzip-compressed records on stdin" cmp "$t/gc-count10.txt.jsonl" "$t/gz2.jsonl"
# Concatenated gzip files are one gzip stream (RFC 1952 members), as
# concatenated record files are one record stream.
gzip -c "$t/gc-count10.txt.jsonl" >"$t/one.gz"
cat "$t/one.gz" "$t/one.gz" | bt-parse - >"$t/gz3.jsonl"
cat "$t/gc-count10.txt.jsonl" "$t/gc-count10.txt.jsonl" | cmp -s - "$t/gz3.jsonl"
ok $? "cat of two gzip files: both read, in order"
# A broken gzip file: what decoded before the break is delivered, then the
# error names the file and the line it broke in.
n=$(wc -c <"$t/one.gz")
head -c $((n * 3 / 4)) "$t/one.gz" >"$t/cut.gz"
bt-parse "$t/cut.gz" >"$t/cut.jsonl" 2>"$t/cut.err"
is "$?" 2 "a truncated gzip file: exit 2"
k=$(wc -l <"$t/cut.jsonl")
head -n "$k" "$t/gc-count10.txt.jsonl" | cmp -s - "$t/cut.jsonl" && [ "$k" -gt 10 ]
ok $? "every whole record before the break delivered ($k)"
is "$(cat "$t/cut.err")" "bt-parse: $t/cut.gz:$((k + 1)): corrupt gzip data" \
	"the error names the line it broke in"
# Bytes zeroed inside the compressed data: zlib makes garbage of them for
# a while before it finds them corrupt, and the garbage is read as a bad
# line: the corruption, at that line, is what is said, not the line.
cp "$t/one.gz" "$t/flip.gz"
dd if=/dev/zero of="$t/flip.gz" bs=1 seek=$((n / 2)) count=16 conv=notrunc 2>/dev/null
bt-parse "$t/flip.gz" >"$t/flip.jsonl" 2>"$t/flip.err"
is "$?" 2 "corrupt gzip data: exit 2"
k=$(wc -l <"$t/flip.jsonl" | tr -d ' ')
is "$(cat "$t/flip.err")" "bt-parse: $t/flip.gz:$((k + 1)): corrupt gzip data" \
	"said as such, at the line it garbled"
head -n "$k" "$t/gc-count10.txt.jsonl" >"$t/flip.want"
run "... the records before it read" cmp "$t/flip.want" "$t/flip.jsonl"
mkdir -p "$t/empty-dir"
bt-parse -f go "$t/empty-dir" 2>"$t/dir.err"
is "$?" 2 "a directory given to a plugin that reads none: exit 2"
is "$(cat "$t/dir.err")" "bt-parse: $t/empty-dir: a directory no plugin reads as go" "said as such"
bt-parse -f go <"$d/gc-count10.txt" >"$t/f.jsonl"
run "-f go on stdin" cmp "$t/gc-count10.txt.jsonl" "$t/f.jsonl"
bt parse "$d/gc-count10.txt" >"$t/front.jsonl"
run "bt parse runs bt-parse" cmp "$t/gc-count10.txt.jsonl" "$t/front.jsonl"

# Plugins.
bt-parse --list-plugins >"$t/list"
grep -q "^go  *2  *$BT_INST/lib/bt/plugins/go.so" "$t/list"
ok $? "--list-plugins shows go, its ABI and its installed path"
is "$(bt-parse -f go --selector 'BenchmarkA/y' 'BenchmarkB/x=1' | tr '\n' ' ')" '-bench ^(BenchmarkA|BenchmarkB)$/^(y|x=1)$ ' "--selector prints the Go arguments"
mkdir -p "$t/plugins"
cat >"$t/bad.c" <<'C'
#include <bt/plugin.h>
static const struct bt_plugin p = {.abi_version = 99, .name = "bad"};
__attribute__((visibility("default"))) const struct bt_plugin *bt_plugin_descriptor(void) { return &p; }
C
if cc -shared -fPIC -I"$BT_INST/include" -o "$t/plugins/bad.so" "$t/bad.c"; then
	BT_PLUGIN_PATH=$t/plugins bt-parse "$d/gc-count10.txt" >"$t/bad.out" 2>"$t/bad.err"
	ok $? "a plugin with the wrong ABI does not stop the others"
	grep -q "$t/plugins/bad.so: ABI version 99, this host reads 1 to 2; skipped" "$t/bad.err"
	ok $? "the wrong ABI is reported with the plugin's path"
else
	ok 0 "# skip no C compiler"
	ok 0 "# skip no C compiler"
fi
# A plugin built for ABI 1 emits the shorter struct bt_record of that
# version (here followed by bytes that would read as summary statistics):
# the host reads no further than version 1's fields.
mkdir -p "$t/v1"
cat >"$t/v1.c" <<'C'
#include <bt/plugin.h>
#include <string.h>
struct v1rec { struct bt_record r; char after[64]; };
static int pr(const char *h, size_t n) { (void)h; (void)n; return 0; }
static const struct bt_host *host;
static void *op(const struct bt_host *h) { host = h; return (void *)h; }
static int li(void *st, const char *l, size_t n) { (void)st; (void)l; (void)n; return 0; }
static int fi(void *st)
{
	static struct bt_metric m = {{"ns/op", 5}, 7, {"7", 1}, 0};
	struct v1rec v;

	(void)st;
	memset(&v, 0xff, sizeof v);
	memset(&v.r, 0, BT_RECORD_V1_SIZE);
	v.r.kind = BT_KIND_SAMPLE;
	v.r.name = BT_STR("old");
	v.r.metrics = &m;
	v.r.nmetrics = 1;
	host->emit(host->ctx, &v.r);
	return 0;
}
static void cl(void *st) { (void)st; }
static const struct bt_plugin p = {.abi_version = 1, .name = "v1", .probe = pr,
	.open = op, .line = li, .finish = fi, .close = cl};
__attribute__((visibility("default"))) const struct bt_plugin *bt_plugin_descriptor(void) { return &p; }
C
if cc -shared -fPIC -I"$BT_INST/include" -o "$t/v1/v1.so" "$t/v1.c"; then
	echo x | BT_PLUGIN_PATH=$t/v1 bt-parse -f v1 >"$t/v1.out"
	is "$(cat "$t/v1.out")" '{"bt":1,"kind":"sample","name":"old","metrics":{"ns/op":7}}' \
		"an ABI 1 plugin loads; nothing past its record is read"
else
	ok 0 "# skip no C compiler"
fi
(cd "$t/plugins" && bt-parse --list-plugins) | grep -q bad
ok $((! $?)) "plugins are never loaded from the current directory"

# Bad input: a clear error with file:line, exit 2, nothing half-written.
: >"$t/empty"
exits 0 "an empty file is no records" bt-parse "$t/empty"
head -c 3000 /dev/urandom >"$t/garbage"
printf '\0\1\2binary\n' >>"$t/garbage"
exits 2 "binary garbage is refused" bt-parse "$t/garbage"
bt-parse "$t/garbage" 2>&1 >/dev/null | grep -q "^bt-parse: $t/garbage:1: unrecognised format"
ok $? "garbage: the error names file and line"
head -5 "$t/gc-count10.txt.jsonl" >"$t/trunc.jsonl"
head -c 100 "$t/gc-count10.txt.jsonl" | tail -c +1 >/dev/null
sed -n 6p "$t/gc-count10.txt.jsonl" | head -c 80 >>"$t/trunc.jsonl"
echo >>"$t/trunc.jsonl"
bt-parse "$t/trunc.jsonl" >"$t/trunc.out" 2>"$t/trunc.err"
is $? 2 "a truncated record is an input error"
is "$(wc -l <"$t/trunc.out")" 5 "records before the bad line are delivered"
grep -q "^bt-parse: $t/trunc.jsonl:6: invalid JSON" "$t/trunc.err"
ok $? "truncated record: file:line and what is wrong"
echo '{"bt":9,"kind":"sample"}' >"$t/v9.jsonl"
bt-parse "$t/v9.jsonl" 2>&1 >/dev/null | grep -q "v9.jsonl:1: record format version 9 is newer"
ok $? "a newer format version is refused by name"
printf 'goos: linux\nBenchmarkNaN-2 \t 10\t NaN ns/op\t 3 B/op\nBenchmark\377\376Bad-2 \t 10\t 5 ns/op\n' >"$t/nan.txt"
bt-parse "$t/nan.txt" >"$t/nan.out" 2>"$t/nan.err"
is $? 0 "NaN and invalid UTF-8 in Go output: not fatal"
grep -q 'nan.txt:2: BenchmarkNaN: ns/op is not a finite number; metric dropped' "$t/nan.err"
ok $? "NaN: a warning with file:line, the metric dropped"
is "$(jq -c -s 'map(select(.kind=="sample")) | map([.name, .metrics])' "$t/nan.out")" \
	'[["BenchmarkNaN",{"B/op":3}],["Benchmark��Bad",{"ns/op":5}]]' "invalid UTF-8 in a name becomes U+FFFD"
awk 'BEGIN { printf "Benchmark"; for (i = 0; i < 1100000; i++) printf "AAAAAAAAAA"; print "-2 1 5 ns/op" }' >"$t/long.txt"
bt-parse -f go "$t/long.txt" >"$t/long.out" 2>&1
is $? 0 "a 10 MB line is handled"
done_testing
