#!/bin/sh
# merge.t — bt-merge: a retry with less noise replaces the original's
# samples and nothing else; the original is kept as .backup; a merge killed
# with SIGKILL at any moment leaves the original whole (old or new); two
# merges at once take turns; --union writes each record once.
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/merge
mkdir -p "$t"
d=$BT_TESTS/data/go
bt-parse "$d/gc-count10.txt" >"$t/orig.jsonl"
awk '/^Benchmark(LargeAllocation|Gzip64KB|SmallAllocation)/ || /^(goos|goarch|pkg|cpu):/' \
	"$d/gc-count10-b.txt" | bt-parse >"$t/retry.jsonl"
cp "$t/orig.jsonl" "$t/old.jsonl"
bt-merge "$t/orig.jsonl" "$t/retry.jsonl" 2>"$t/err"
ok $? "bt-merge exits 0"
run "the old file is kept as .backup" cmp "$t/old.jsonl" "$t/orig.jsonl.backup"
is "$(wc -l <"$t/orig.jsonl")" "$(wc -l <"$t/old.jsonl")" "same number of records (10 samples replaced by 10)"
# The A/A pair: LargeAllocation's CV goes 16.5% -> 13.2% in the retry.
grep -q 'BenchmarkLargeAllocation 2: CV of ns/op 16.46% -> 13.18%: retry taken' "$t/err"
ok $? "each decision is reported with both CVs"
taken=$(sed -n 's/.* \(Benchmark[^ ]*\) .*retry taken/\1/p' "$t/err" | sort | tr '\n' ' ')
for b in $taken; do
	is "$(grep "\"name\":\"$b\"" "$t/orig.jsonl" | cut -d, -f6- | sort | md5sum)" \
		"$(grep "\"name\":\"$b\"" "$t/retry.jsonl" | cut -d, -f6- | sort | md5sum)" "$b: the retry's samples replace the original's"
done
grep -v -E "$(echo "$taken" | sed 's/ $//; s/ /|/g')" "$t/old.jsonl" >"$t/a"
grep -v -E "$(echo "$taken" | sed 's/ $//; s/ /|/g')" "$t/orig.jsonl" >"$t/b"
run "every other record unchanged and in order" cmp "$t/a" "$t/b"
[ -n "$taken" ]
ok $? "at least one retry was better ($taken)"
bt-merge -o - "$t/old.jsonl" "$t/retry.jsonl" 2>/dev/null >"$t/stdout.jsonl"
run "-o - writes the merge to stdout" cmp "$t/stdout.jsonl" "$t/orig.jsonl"

# Kill -9 at random moments: the original is always whole.
sh "$BT_TESTS/bench/gen-big-go.sh" 3000 10 3 | bt-parse >"$t/big.jsonl"
sh "$BT_TESTS/bench/gen-big-go.sh" 3000 12 4 | bt-parse >"$t/bigretry.jsonl"
cp "$t/big.jsonl" "$t/big.old"
bt-merge -o "$t/big.new" "$t/big.old" "$t/bigretry.jsonl" 2>/dev/null
bad=0 i=0
while [ $i -lt 25 ]; do
	cp "$t/big.old" "$t/big.jsonl"
	bt-merge "$t/big.jsonl" "$t/bigretry.jsonl" 2>/dev/null &
	pid=$!
	sleep "0.0$(awk -v s=$i 'BEGIN { srand(s); printf "%02d", int(rand() * 60) }')"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	cmp -s "$t/big.jsonl" "$t/big.old" || cmp -s "$t/big.jsonl" "$t/big.new" || bad=$((bad + 1))
	i=$((i + 1))
done
is $bad 0 "25 merges killed with SIGKILL: the original is always fully old or fully new"

# Two merges at once take turns (the lock): both finish, the file is whole.
cp "$t/big.old" "$t/big.jsonl"
bt-merge "$t/big.jsonl" "$t/bigretry.jsonl" 2>/dev/null &
bt-merge "$t/big.jsonl" "$t/bigretry.jsonl" 2>/dev/null
wait
run "two concurrent merges leave a whole file" cmp "$t/big.jsonl" "$t/big.new"

cat "$t/old.jsonl" "$t/old.jsonl" "$t/retry.jsonl" | bt-merge --union >"$t/u.jsonl"
is "$(wc -l <"$t/u.jsonl")" "$(cat "$t/old.jsonl" "$t/retry.jsonl" | sort -u | wc -l)" "--union: records read twice are written once"
exits 2 "a missing original is an input error" bt-merge "$t/nope.jsonl" "$t/retry.jsonl"

# Labels are part of a benchmark's identity: a retry on another cpu is
# another benchmark.  Its samples are added; the original's all stay.
sed 's/"cpu":"[^"]*"/"cpu":"another"/' "$t/retry.jsonl" >"$t/othercpu.jsonl"
bt-merge -o - "$t/old.jsonl" "$t/othercpu.jsonl" >"$t/oc.jsonl" 2>"$t/oc.err"
ok $? "a retry on another cpu label merges"
is "$(grep -c 'retry taken' "$t/oc.err")" 0 "no retry on another cpu replaces the original's samples"
is "$(grep -c '"cpu":"another"' "$t/oc.jsonl") $(grep -vc '"cpu":"another"' "$t/oc.jsonl")" \
	"$(grep -c '"kind":"sample"' "$t/othercpu.jsonl") $(wc -l <"$t/old.jsonl")" \
	"every original record kept, the other cpu's samples added"
grep -v '"cpu":"another"' "$t/oc.jsonl" >"$t/oc-orig"
run "the original's records unchanged and in order" cmp "$t/oc-orig" "$t/old.jsonl"
printf '{"bt":1,"kind":"sample","name":"a\\u0000b","metrics":{"ns/op":1}}\n' >"$t/nul.jsonl"
exits 2 "a NUL in a name is refused" bt-merge -o - "$t/nul.jsonl" "$t/nul.jsonl"
bt-merge -o - "$t/nul.jsonl" "$t/nul.jsonl" 2>&1 | grep -q 'nul.jsonl:1: a NUL (\\u0000) in the sample.s name: names are text'
ok $? "and says where and why"
done_testing
