#!/bin/sh
# history.t — bt-history end to end: series, changes (ours and Otava's),
# check (Bencher's models), run order (commit_time, time, appearance, git),
# results without run objects, bad input, the text/markdown/csv outputs,
# the records' fields against docs/records.md, and the method's scores:
# TCPD F1 (tests/history/score) and synthetic recovery (tests/history/synth).
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/history
mkdir -p "$t"
spec=$BT_TESTS/../docs/records.md

# sample NAME VALUE RUN-ID COMMIT-TIME [UNIT]: one sample line
sample() {
	printf '{"bt":1,"kind":"sample","suite":"s","name":"%s","metrics":{"%s":%s},"run":{"id":"%s","commit":"c%s","commit_time":"%s"}}\n' \
		"$1" "${5:-ns/op}" "$2" "$3" "$3" "$4"
}
# a series of 40 runs × 3 samples: 100 until run 20, then 120; run 30 is 300
i=0
while [ $i -lt 40 ]; do
	v=100
	[ $i -ge 20 ] && v=120
	[ $i -eq 30 ] && v=300
	for k in 0 1 2; do
		sample Step $((v + k)) "r$i" "$(printf '2026-01-01T00:%02d:00Z' $i)"
	done
	i=$((i + 1))
done >"$t/step.jsonl"
# shuffled: the order comes from commit_time, not the file
awk 'NR % 2 == 0' "$t/step.jsonl" >"$t/shuf.jsonl"
awk 'NR % 2 == 1' "$t/step.jsonl" | sort -r >>"$t/shuf.jsonl"

# --- series ---
bt-history series "$t/shuf.jsonl" >"$t/pts.jsonl"
ok $? "series exits 0"
is "$(wc -l <"$t/pts.jsonl")" 40 "one point per run"
is "$(jq -r 'select(.index == 0) | "\(.run.id) \(.n) \(.median)"' "$t/pts.jsonl")" "r0 3 101" \
	"point 0 is run r0 (commit_time order), 3 samples, median 101"
is "$(jq -r 'select(.index == 25) | .median' "$t/pts.jsonl")" 121 "point 25: the median of its samples"
is "$(jq -r 'select(.index == 1) | "\(.ci_lo) \(.ci_hi)"' "$t/pts.jsonl")" "null null" \
	"3 samples cannot bound the median's interval"
bt-history series -o csv "$t/step.jsonl" >"$t/pts.csv"
is "$(head -n 1 "$t/pts.csv")" "benchmark,unit,index,run,commit,time,n,median,ci_lo,ci_hi" "csv header"
is "$(sed -n 2p "$t/pts.csv")" "s/Step,ns/op,0,r0,cr0,2026-01-01T00:00:00Z,3,101,," "csv row"
gzip -c "$t/shuf.jsonl" >"$t/shuf.jsonl.gz"
bt-history series "$t/shuf.jsonl.gz" | cmp -s - "$t/pts.jsonl"
ok $? "a .jsonl.gz reads the same (the shared input layer)"
mkdir -p "$t/results/linux/2026" "$t/results/mac"
head -n 60 "$t/step.jsonl" >"$t/results/linux/2026/2026-01-01T00-00-00.jsonl"
tail -n +61 "$t/step.jsonl" | gzip -c >"$t/results/mac/2026-01-02T00-00-00.jsonl.gz"
echo "not records" >"$t/results/README"
bt-history series "$t/results" | cmp -s - "$t/pts.jsonl"
ok $? "a results tree: every *.jsonl and *.jsonl.gz in it"
tar czf "$t/results.tar.gz" -C "$t" results
is "$(bt-history series "$t/results.tar.gz" | wc -l)" 40 "an archive of it"

# --- changes, our method ---
bt-history changes "$t/shuf.jsonl" >"$t/ch.jsonl"
ok $? "changes exits 0 without --fail-on-regression"
is "$(jq -r 'select(.kind == "changepoint") | "\(.index) \(.run.id) \(.previous_run.id) \(.verdict)"' "$t/ch.jsonl")" \
	"20 r20 r19 regressed" "one change at run 20, 100 -> 120: regressed"
is "$(jq -r 'select(.kind == "changepoint") | "\(.before.median) \(.after.median) \(.delta_percent | round)"' "$t/ch.jsonl")" \
	"101 121 20" "before/after medians (the outlier left out) and delta"
is "$(jq -r 'select(.kind == "outlier") | "\(.index) \(.value) \(.expected)"' "$t/ch.jsonl")" "30 301 121" \
	"run 30 is one outlier, not two changes"
is "$(bt-history changes --window 30 "$t/step.jsonl" | jq -r '"\(.kind):\(.index)"' | tr '\n' ' ')" \
	"changepoint:20 outlier:30 " "--window 30: the last 30 runs, indices still of the whole series"
exits 0 "--fail-on-regression: the regression is not in the last run" \
	bt-history changes --fail-on-regression "$t/step.jsonl"
exits 1 "--fail-on-regression --recent 20: it is in the last 20" \
	bt-history changes --fail-on-regression --recent 20 "$t/step.jsonl"
bt-history changes -o text "$t/step.jsonl" >"$t/ch.txt"
grep -Eq '^s/Step +ns/op +cr19 \.\. cr20 +\+19\.80% +[0-9.e-]+ +regressed$' "$t/ch.txt"
ok $? "text: benchmark, unit, last good .. first bad commit, delta"

# a higher-is-better unit that drops regresses
i=0
while [ $i -lt 30 ]; do
	v=1000
	[ $i -ge 15 ] && v=800
	sample Thr $((v + i % 3)) "r$i" "$(printf '2026-01-01T00:%02d:00Z' $i)" "ops/s"
	i=$((i + 1))
done >"$t/thr.jsonl"
is "$(bt-history changes "$t/thr.jsonl" | jq -r '"\(.index) \(.verdict)"')" "15 regressed" \
	"ops/s falling by 20 % is a regression"

# slow drift: one drift record, no staircase
i=0
while [ $i -lt 80 ]; do
	v=$((1000 + (i > 20 ? (i < 60 ? i - 20 : 40) : 0) * 5))
	sample Drift $((v + (i * 7) % 5)) "r$i" "$(printf '2026-01-01T%02d:%02d:00Z' $((i / 60)) $((i % 60)))"
	i=$((i + 1))
done >"$t/drift.jsonl"
bt-history changes "$t/drift.jsonl" >"$t/dr.jsonl"
is "$(jq -r .kind "$t/dr.jsonl" | sort | uniq -c | awk '{ printf "%s:%s ", $2, $1 }')" "drift:1 " \
	"a 20 % creep over 40 runs is one drift, not a staircase"
is "$(jq -r '.verdict' "$t/dr.jsonl")" regressed "the drift's verdict"
is "$(jq -r '"\(.index >= 18 and .index <= 23) \(.end_index >= 57 and .end_index <= 62) \(.delta_percent | round)"' "$t/dr.jsonl")" \
	"true true 20" "over the runs that creep (21..60), by 20 %"

# --- changes, Otava's method: its single_series vector through the filter ---
i=0
for v in 1.02 0.95 0.99 1.0 1.12 1.0 1.01 0.98 1.01 0.96 0.5 0.51 0.48 0.48 0.55 0.5 0.49 0.51 0.5 0.49; do
	sample Otava "$v" "r$i" "$(printf '2026-01-01T00:%02d:00Z' $i)"
	i=$((i + 1))
done >"$t/otava.jsonl"
is "$(bt-history changes --method otava --window 10 --alpha 0.0001 "$t/otava.jsonl" | jq -r '"\(.index) \(.method) \(.verdict)"')" \
	"10 otava improved" "--method otava --window 10 --alpha 0.0001 finds [10], as Otava's test"

# --- check: Bencher's t_test vector (n 25, mean 100, sd 10, 0.977) ---
mk_check() { # VALUE: history of the vector, then the value judged
	i=0
	for v in 90 90 90 90 90 90 90 90 90 90 90 90 110 110 110 110 110 110 110 110 110 110 110 110 100 "$1"; do
		sample Check "$v" "r$i" "$(printf '2026-01-01T00:%02d:00Z' $i)"
		i=$((i + 1))
	done
}
mk_check 121 >"$t/c1.jsonl"
bt-history check --model t_test --boundary 0.977 --both --window 25 "$t/c1.jsonl" >"$t/th.jsonl"
ok $? "check: 121 is inside the t limits: exit 0"
is "$(jq -r '"\(.verdict) \(.window) \(.lo * 1e6 | round) \(.hi * 1e6 | round)"' "$t/th.jsonl")" \
	"pass 25 78539097 121460903" "limits 78.539 / 121.461 as Bencher's"
mk_check 122 >"$t/c2.jsonl"
exits 1 "check: 122 is an alert" bt-history check --model t_test --boundary 0.977 --both --window 25 "$t/c2.jsonl"
is "$(bt-history check --model z_score --boundary 0.977 "$t/c2.jsonl" --window 25 | jq -r '"\(.lo) \(.hi * 1e6 | round)"')" \
	"null 119953933" "ns/op: only the upper side by default (z limit 119.95)"
head -n 1 "$t/c1.jsonl" >"$t/one.jsonl"
is "$(bt-history check --model t_test "$t/one.jsonl" | jq -r .verdict)" insufficient "one run: insufficient"
exits 2 "check without --model" bt-history check "$t/c1.jsonl"
exits 2 "a cdf boundary of 1" bt-history check --model z_score --boundary 1 "$t/c1.jsonl"
bt-history check -o markdown --model percentage "$t/c2.jsonl" >"$t/th.md"
is "$(sed -n 2p "$t/th.md")" "|---|---|---|---|---|---|---|" "markdown table"

# --branch with a start point: a young branch judged against main's runs
{
	i=0
	while [ $i -lt 10 ]; do
		printf '{"bt":1,"kind":"sample","name":"B","metrics":{"ns/op":%d},"run":{"id":"m%d","branch":"main","commit_time":"2026-01-01T00:%02d:00Z"}}\n' $((100 + i % 2)) $i $i
		i=$((i + 1))
	done
	printf '{"bt":1,"kind":"sample","name":"B","metrics":{"ns/op":150},"run":{"id":"f1","branch":"feat","commit_time":"2026-01-01T01:00:00Z"}}\n'
} >"$t/br.jsonl"
is "$(bt-history check --model percentage --branch feat "$t/br.jsonl" | jq -r .verdict)" insufficient \
	"--branch alone: the branch has no history of its own"
is "$(bt-history check --model percentage --branch feat --start-point main "$t/br.jsonl" | jq -r '"\(.verdict) \(.window)"')" \
	"alert 10" "--start-point main: judged against main's 10 runs"

# --- order ---
printf '{"bt":1,"kind":"sample","name":"O","metrics":{"ns/op":1},"run":{"id":"a","time":"2026-01-02T00:00:00Z"}}\n{"bt":1,"kind":"sample","name":"O","metrics":{"ns/op":2},"run":{"id":"b","commit_time":"2026-01-01T00:00:00Z","time":"2026-01-01T00:00:00Z"}}\n' >"$t/mixed.jsonl"
bt-history series "$t/mixed.jsonl" >"$t/mixed.out" 2>"$t/mixed.err"
grep -q '1 of 2 runs have no commit_time (first: "a"): ordering by run time' "$t/mixed.err"
ok $? "some runs without commit_time: a warning says which and what order is used"
is "$(jq -r .run.id "$t/mixed.out" | tr '\n' ' ')" "b a " "ordered by run time"
# results without run objects: one run per file, its context's time
printf '{"bt":1,"kind":"context","time":"2026-03-01T00:00:00Z","commit":"new"}\n{"bt":1,"kind":"sample","name":"F","metrics":{"ns/op":5}}\n' >"$t/f2.jsonl"
printf '{"bt":1,"kind":"sample","name":"F","metrics":{"ns/op":4}}\n{"bt":1,"kind":"context","time":"2026-02-01T00:00:00Z","commit":"old"}\n' >"$t/f1.jsonl"
is "$(bt-history series "$t/f2.jsonl" "$t/f1.jsonl" | jq -r '"\(.run.commit):\(.median)"' | tr '\n' ' ')" \
	"old:4 new:5 " "old results: a file is a run, ordered by its context's time"
is "$(bt-history series "$t/f2.jsonl" "$t/f1.jsonl" | jq -r .run.id | head -n 1)" "$t/f1.jsonl" \
	"and named by the file"
# --order git: a throwaway repository with three commits
if command -v git >/dev/null; then
	g=$t/repo
	git init -q "$g" && for n in 1 2 3; do
		git -C "$g" -c user.name=t -c user.email=t@t commit -q --allow-empty -m "c$n"
	done
	for n in 3 1 2; do
		c=$(git -C "$g" rev-parse "HEAD~$((3 - n))")
		printf '{"bt":1,"kind":"sample","name":"G","metrics":{"ns/op":%d},"run":{"id":"g%d","commit":"%.10s"}}\n' $n $n "$c"
	done >"$t/git.jsonl"
	printf '{"bt":1,"kind":"sample","name":"G","metrics":{"ns/op":9},"run":{"id":"gx","commit":"deadbeef"}}\n' >>"$t/git.jsonl"
	is "$(bt-history series --order "git=$g" "$t/git.jsonl" 2>"$t/git.err" | jq -r .run.id | tr '\n' ' ')" \
		"g1 g2 g3 " "--order git: first-parent order of abbreviated commits"
	grep -q "1 of 4 runs have no commit on the first-parent history" "$t/git.err"
	ok $? "a run not on the history is left out, with a warning"
else
	skip "no git"
	skip "no git"
fi

# --testbed: one machine's runs; several in one series are said
printf '{"bt":1,"kind":"sample","name":"T","metrics":{"ns/op":1},"run":{"id":"x1","testbed":"x"}}\n{"bt":1,"kind":"sample","name":"T","metrics":{"ns/op":9},"run":{"id":"y1","testbed":"y"}}\n' >"$t/tb.jsonl"
is "$(bt-history series --testbed y "$t/tb.jsonl" | jq -r .run.id)" y1 "--testbed keeps that machine's runs"
bt-history series "$t/tb.jsonl" 2>&1 >/dev/null | grep -q 'runs of several testbeds ("x", "y", …) are in the same series: use --testbed'
ok $? "without it, mixed testbeds are said"

# --- bad input ---
printf '{"bt":1,"kind":"sample","name":"X","metrics":{"ns/op":1},"run":{"commit":"c"}}\n' >"$t/noid.jsonl"
exits 2 "a run without id" bt-history series "$t/noid.jsonl"
bt-history series "$t/noid.jsonl" 2>&1 >/dev/null | grep -q 'noid.jsonl:1: "run" has no "id"'
ok $? "which says file, line and what"
printf '{"bt":1,"kind":"sample","name":"X","metrics":{"ns/op":1},"run":{"id":"r","commit":"a"}}\n{"bt":1,"kind":"sample","name":"X","metrics":{"ns/op":2},"run":{"id":"r","commit":"b"}}\n' >"$t/dup.jsonl"
exits 2 "a run id used by two runs" bt-history series "$t/dup.jsonl"
bt-history series "$t/dup.jsonl" 2>&1 >/dev/null | grep -q 'dup.jsonl:2: run id "r" is used by two runs'
ok $? "is named"
printf '{"bt":1,"kind":"sample","name":"X","metrics":{"ns/op":NaN},"run":{"id":"r"}}\n' >"$t/nan.jsonl"
exits 2 "NaN is refused by the reader" bt-history changes "$t/nan.jsonl"
printf '{"bt":1,"kind":"sample","name":"X","metrics":{"ns/op":1},"run":{"id":"r","time":"yesterday"}}\n' >"$t/badtime.jsonl"
bt-history series "$t/badtime.jsonl" 2>&1 >/dev/null | grep -q 'not RFC 3339'
ok $? "a time that is not RFC 3339 is said"
i=0
while [ $i -lt 20 ]; do
	sample Const 0 "r$i" "$(printf '2026-01-01T00:%02d:00Z' $i)"
	sample Const 7 "r$i" "$(printf '2026-01-01T00:%02d:00Z' $i)" B/op
	i=$((i + 1))
done >"$t/const.jsonl"
is "$(bt-history changes "$t/const.jsonl" | wc -l)" 0 "constant series (0 and 7): no changes"
is "$(bt-history series "$t/const.jsonl" | jq -r .unit | sort -u | tr '\n' ' ')" "B/op ns/op " \
	"mixed units are separate series"
is "$(bt-history series -u B/op "$t/const.jsonl" | wc -l)" 20 "-u keeps one unit"
is "$(bt-history check --model t_test "$t/const.jsonl" | jq -r .verdict | sort -u)" insufficient \
	"check on a constant history: insufficient (no spread)"
exits 0 "an empty input" bt-history changes /dev/null
exits 0 "a series of length 1" bt-history changes "$t/one.jsonl"
exits 2 "no subcommand" bt-history
exits 2 "an unknown subcommand" bt-history frobnicate

# names with '|' and control characters in text and markdown
printf '{"bt":1,"kind":"sample","name":"a|b\\u001b[31m","metrics":{"ns/op":1},"run":{"id":"r1"}}\n' >"$t/name.jsonl"
bt-history series -o markdown "$t/name.jsonl" >"$t/name.md"
grep -qF 'a\|b\\x1b\[31m' "$t/name.md"
ok $? "markdown: '|' escaped, the escape character shown as \\x1b"
bt-history series -o text "$t/name.jsonl" | grep -q 'a|b\\x1b\[31m'
ok $? "text: the escape character shown as \\x1b"
bt-history series -o text "$t/name.jsonl" | grep -q "$(printf '\033')"
ok $((!$?)) "text: no raw escape character reaches the terminal"

# --- the records have the fields docs/records.md shows ---
grep '^{"bt":' "$spec" >"$t/examples.jsonl"
keys() { jq -c "select($2) | keys" "$1" | head -n 1; }
same() { is "$(keys "$2" "$1")" "$(keys "$t/examples.jsonl" "$1")" "$3: the fields of docs/records.md's example"; }
bt-history check --model t_test "$t/c1.jsonl" >"$t/th2.jsonl"
same '.kind == "point"' "$t/pts.jsonl" point
same '.kind == "changepoint"' "$t/ch.jsonl" changepoint
same '.kind == "outlier"' "$t/ch.jsonl" outlier
same '.kind == "drift"' "$t/dr.jsonl" drift
same '.kind == "threshold"' "$t/th2.jsonl" threshold

# --- the method's scores ---
score=$("$BT_TESTS/history/score" --min 0.745)
ok $? "TCPD: our F1 at least 0.745 (binary segmentation's 0.744)"
echo "# $score" | tr '\n' ' '
echo
for seed in 1 2 3; do
	r=$("$BT_TESTS/history/synth" --seed $seed --min 0.9)
	ok $? "synthetic histories (seed $seed): precision and recall >= 0.9, verdicts right: $r"
done

done_testing
