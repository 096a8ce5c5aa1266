#!/bin/sh
# plugin-criterion.t — bt-parse on real criterion 0.3.6 and libtest output,
# detected without -f: the console form (one point-estimate sample and one
# context a result) and bencher lines (criterion), libtest lines (libtest),
# the target/criterion directory (criterion-tree: one sample a
# measurement; a fifo or a symbolic link planted as one of its files is
# not read), and the selectors.
. "$BT_TESTS/e2e/lib.sh"
d=$BT_TESTS/data/criterion
dt=$BT_TESTS/data/criterion-tree
t=$BT_TMP/criterion
mkdir -p "$t"

for f in stdout.txt fresh-run1.txt fresh-run2.txt; do
	bt-parse "$d/$f" >"$t/$f.jsonl" 2>"$t/$f.err"
	ok $? "$f parses without -f"
	want=$(grep -c '^[^ ].*time:   \[\|^  *time:   \[[0-9]' "$d/$f")
	is "$(jq -r 'select(.kind=="sample") | .name' "$t/$f.jsonl" | wc -l)" \
		"$want" "$f: one sample per result ($want)"
	is "$(jq -r 'select(.kind=="context") | .config.benchmark' "$t/$f.jsonl" | wc -l)" \
		"$want" "$f: one context per result"
	bt-parse -f criterion "$d/$f" >"$t/$f.forced"
	run "$f: detection picks criterion" cmp "$t/$f.jsonl" "$t/$f.forced"
	is "$(cat "$t/$f.err")" "" "$f: nothing on stderr"
done
is "$(jq -r 'select(.kind=="sample") | .name' "$t/stdout.txt.jsonl" | tr '\n' ',')" \
	"fib 15,vec push 1000,checksum/sum/64,checksum/sum/4096," "names in order"
is "$(grep -c '"name":"fib 15","metrics":{"ns/op":1604.5}' "$t/stdout.txt.jsonl")" 1 \
	"1.6045 µs is written as exactly 1604.5 ns/op"
is "$(grep -c '"metrics":{"ns/op":7.2193,"MB/s":8865.1346214912}' "$t/stdout.txt.jsonl")" 1 \
	"8.2563 GiB/s is exactly 8865.1346214912 MB/s"
is "$(jq -r 'select(.kind=="context" and .config.benchmark=="fib 15") | .config["ns/op.low"] + " " + .config["ns/op.high"]' "$t/stdout.txt.jsonl")" \
	"1595.5 1615.9" "the interval is kept in the context"
is "$(jq -r 'select(.kind=="context" and .config.benchmark=="fib 10") | .config.verdict' "$t/fresh-run2.txt.jsonl")" \
	"Performance has regressed." "the verdict is kept"
is "$(jq -r 'select(.kind=="sample" and .name=="parse/elems") | .metrics["elem/s"]' "$t/fresh-run2.txt.jsonl")" \
	3501400000 "3.5014 Gelem/s"

for f in fresh-bencher.txt libtest.txt libtest-fail.txt; do
	bt-parse "$d/$f" >"$t/$f.jsonl" 2>"$t/$f.err"
	ok $? "$f parses without -f"
	case $f in libtest*) want=libtest ;; *) want=criterion ;; esac
	bt-parse -f "$want" "$d/$f" >"$t/$f.forced"
	run "$f: detection picks $want" cmp "$t/$f.jsonl" "$t/$f.forced"
	want=$(grep -c ' \.\.\. bench: ' "$d/$f")
	is "$(jq -r 'select(.kind=="sample") | .name' "$t/$f.jsonl" | wc -l)" "$want" \
		"$f: one sample per bench line ($want)"
done
is "$(grep -c '"name":"bench_fib_20","metrics":{"ns/op":18040.63}' "$t/libtest.txt.jsonl")" 1 \
	"libtest 18,040.63 ns/iter"
is "$(jq -r 'select(.kind=="failure") | .name + " " + .reason' "$t/libtest-fail.txt.jsonl")" \
	"bench_panics panic" "a panicking #[bench] is a failure"

bt-parse -f criterion "$BT_TESTS/data/empty/criterion-bencher.txt" >"$t/empty.out"
ok $? "empty output (the corpus's bencher capture) is no error"
is "$(wc -c <"$t/empty.out" | tr -d ' ')" 0 "and gives no records"

# The directory: one sample per measurement of new/sample.json.
bt-parse "$dt/target-tree/criterion" >"$t/tree.jsonl" 2>"$t/tree.err"
ok $? "target/criterion parses without -f"
want=0
for s in "$dt"/target-tree/criterion/*/new/sample.json "$dt"/target-tree/criterion/*/*/*/new/sample.json; do
	[ -f "$s" ] && want=$((want + $(jq '.iters | length' "$s")))
done
is "$(grep -c '"kind":"sample"' "$t/tree.jsonl")" "$want" "one sample per measurement ($want)"
is "$(jq -r 'select(.kind=="sample" and .name=="fib 15") | .iterations' "$t/tree.jsonl" | head -1)" \
	628 "iterations of the first measurement"
is "$(jq -r 'select(.kind=="sample" and .name=="fib 15") | .metrics["ns/op"] * 628 | round' "$t/tree.jsonl" | head -1)" \
	2397385 "time per iteration × iterations = the measured time"
is "$(jq -r 'select(.kind=="context" and .config.benchmark=="checksum/sum/64") | .config.mean' "$t/tree.jsonl")" \
	6.4951636298115405 "estimates.json's mean in the context"
bt-parse "$dt/target-tree" >"$t/tree2.jsonl"
run "target/ finds criterion/ inside" cmp "$t/tree.jsonl" "$t/tree2.jsonl"

# A damaged tree: the broken benchmark is skipped with a warning.
cp -R "$dt/target-tree" "$t/damaged"
chmod -R u+w "$t/damaged"
head -c 100 "$t/damaged/criterion/fib 15/new/sample.json" >"$t/cut"
mv "$t/cut" "$t/damaged/criterion/fib 15/new/sample.json"
bt-parse "$t/damaged" >"$t/damaged.jsonl" 2>"$t/damaged.err"
ok $? "a tree with one cut sample.json still parses"
is "$(grep -c '"kind":"sample"' "$t/damaged.jsonl")" $((want - 20)) "the other benchmarks' samples"
is "$(grep -c 'fib 15/new/sample.json: invalid JSON' "$t/damaged.err")" 1 "a warning names the broken file"
find "$t/damaged" -name sample.json -exec rm {} +
exits 2 "a tree with no readable benchmark is an input error" bt-parse -f criterion-tree "$t/damaged"

# A symlink loop in the tree: an ELOOP error, not a walk without end.
cp -R "$dt/target-tree" "$t/looped"
chmod -R u+w "$t/looped"
ln -s .. "$t/looped/criterion/checksum/up"
exits 2 "a tree with a symlink loop is refused" bt-parse "$t/looped"
bt-parse "$t/looped" 2>&1 >/dev/null | grep -q 'checksum/up: Too many levels of symbolic links'
ok $? "the error names the link, as ELOOP"
# A fifo planted as a file of the tree is not opened for reading (it would
# wait for a writer for ever): the benchmark is skipped, saying why.
cp -R "$dt/target-tree" "$t/fifo"
chmod -R u+w "$t/fifo"
rm "$t/fifo/criterion/fib 15/new/sample.json"
mkfifo "$t/fifo/criterion/fib 15/new/sample.json"
timeout 30 bt-parse "$t/fifo" >"$t/fifo.jsonl" 2>"$t/fifo.err"
ok "$(test $? -ne 124 && grep -q 'fib 15/new/sample.json: not a regular file' "$t/fifo.err"; echo $?)" \
	"a fifo as sample.json: no hang, named as not a regular file"
ok "$(grep -q '"checksum' "$t/fifo.jsonl"; echo $?)" "the other benchmarks are read"
# A symbolic link planted as a file of the tree is not followed (it could
# lead anywhere: /etc, someone's private results), even to a good file:
# two lead to a copy of the file they replace, so a read through them
# would succeed; benchmark.json to /etc, which is no file at all.  A
# benchmark whose benchmark.json or sample.json is a link is skipped, an
# estimates.json that is one left out, each said by name.
cp -R "$dt/target-tree" "$t/linked"
chmod -R u+w "$t/linked"
mkdir "$t/elsewhere"
c=$t/linked/criterion
for f in "checksum/sum/64/new/estimates.json" "vec push 1000/new/sample.json"; do
	cp "$c/$f" "$t/elsewhere/$(echo "$f" | tr '/ ' '__')"
	ln -sf "$t/elsewhere/$(echo "$f" | tr '/ ' '__')" "$c/$f"
done
ln -sf /etc "$c/fib 15/new/benchmark.json"
bt-parse "$t/linked" >"$t/linked.jsonl" 2>"$t/linked.err"
ok $? "a tree with linked files still parses"
is "$(cat "$t/linked.err")" "bt-parse: $t/linked: criterion/checksum/sum/64/new/estimates.json: a symbolic link, not followed; its estimates left out
bt-parse: $t/linked: criterion/fib 15/new/benchmark.json: a symbolic link, not followed; benchmark skipped
bt-parse: $t/linked: criterion/vec push 1000/new/sample.json: a symbolic link, not followed; benchmark skipped" \
	"each link refused by name, saying what is left out"
is "$(jq -r 'select(.kind=="context") | .config.benchmark' "$t/linked.jsonl" | sort | tr '\n' ',')" \
	"checksum/sum/4096,checksum/sum/64," "the benchmarks with a linked benchmark.json or sample.json are skipped"
is "$(grep -c '"kind":"sample"' "$t/linked.jsonl")" 40 "the others' samples are all read (2 × 20)"
is "$(jq -r 'select(.kind=="context" and .config.benchmark=="checksum/sum/64") | [.config.mean, .config["change.mean"]] | map(. // "none") | join(" ")' "$t/linked.jsonl")" \
	"none -0.10010920550047553" "checksum/sum/64: no estimates read through the link; its change/ estimates kept"
is "$(jq -r 'select(.kind=="context" and .config.benchmark=="checksum/sum/4096") | .config.mean | type' "$t/linked.jsonl")" \
	string "checksum/sum/4096 keeps its estimates"

is "$(bt-parse -f criterion --selector 'fib 15' 'checksum/sum/64')" \
	'^(fib 15|checksum/sum/64)$' "selector: one criterion filter regex"
is "$(bt-parse -f libtest --selector 'fib' 'm::fib' | tr '\n' ' ')" \
	'--exact fib m::fib ' "libtest selector: --exact and the names"
bt-parse -f gbench "$d/stdout.txt" >"$t/wrong.jsonl" 2>/dev/null
is "$(grep -c '"kind":"sample"' "$t/wrong.jsonl")" 0 "the gbench plugin finds nothing in criterion output"
done_testing
