#!/bin/sh
# collect.t — scripts/bt-collect end to end on a tiny Go suite with tiny
# benchtimes: the result tree, the raw text beside the records, retries and
# _failed_benchmarks.txt when noise persists, --rerun-failed merging back
# with a .backup, and the comparison at the end.  Skipped without go.
. "$BT_TESTS/e2e/lib.sh"
if ! command -v go >/dev/null 2>&1; then
	skip "go is not installed"
	done_testing
	exit 0
fi
export GOPATH="$BT_TMP/gopath" GOCACHE="$BT_TMP/gocache"
r=$BT_TMP/collect
suite=$BT_TMP/suite
cp -r "$BT_TESTS/data/gosuite" "$suite"
plat=$(go env GOOS)-$(go env GOARCH)
# 1.19 is the go on PATH (go1.19.x); 1.19b a name, so it must be registered
export BT_GO_VERSIONS="$BT_TMP/gv"
bt-go-versions register 1.19b "$(go env GOROOT)" >/dev/null
bt-collect 1.19 1.19b --suite "$suite" --results "$r" --count 3 --benchtime 20x \
	--variance-threshold 1000 --skip-system-check >"$BT_TMP/cmp.txt" 2>"$BT_TMP/collect.err"
ok $? "two versions collected (exit 0)"
set -- "$r/stable/$plat/go1.19/"*.jsonl
is "$(ls "$r/stable/$plat")" "go1.19
go1.19b" "results/stable/<goos>-<goarch>/go<version>/"
case $1 in */[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]_[0-9][0-9]-[0-9][0-9]-[0-9][0-9].jsonl) ok 0 "files named YYYY-MM-DD_HH-MM-SS.jsonl" ;; *) ok 1 "files named by time ($1)" ;; esac
ok $([ -s "${1%.jsonl}.txt" ] && echo 0 || echo 1) "the raw text is kept beside the records"
is "$(grep -c '"kind":"sample"' "$1")" 6 "3 repetitions of 2 benchmarks"
is "$(jq -r 'select(.kind=="sample") | .labels.version' "$1" | sort -u)" go1.19 "samples carry their version"
grep -q 'SmallAllocation' "$BT_TMP/cmp.txt"
ok $? "a comparison of the two versions ends the run"
grep -q '^benchmark  *go1\.19  *go1\.19b  *delta' "$BT_TMP/cmp.txt"
ok $? "its columns are named by version, not by file"
grep -q '^± ∞: fewer than 6 samples' "$BT_TMP/cmp.txt"
ok $? "3 runs each: the table says why there is no interval"
p=$r/stable/collection_progress.json
is "$(jq -r '[.state, .labels.version, .benchmarks[][]] | map(tostring) | join(" ")' "$p")" "done go1.19b 3 3" \
	"collection_progress.json: the last version's state and per-benchmark counts"
bt-collect 1.19 --suite "$suite" --results "$r/est" --count 2 --benchtime 2ms \
	--variance-threshold 1000 --skip-system-check >/dev/null 2>"$BT_TMP/est.err"
grep -q "2 benchmarks x 2 runs x 2ms: at least 0 min 0 s" "$BT_TMP/est.err"
ok $? "the least duration is estimated before a run"
exits 2 "--rerun-failed takes one version" bt-collect 1.19 1.20 --rerun-failed "$p" --suite "$suite" --results "$r"
exits 2 "--rerun-failed wants a _failed_benchmarks.txt" bt-collect 1.19 --rerun-failed "$p" --suite "$suite" --results "$r"

# Noise that never passes (threshold 0): retries, then _failed_benchmarks.txt.
bt-collect 1.19 --suite "$suite" --results "$r/strict" --count 3 --benchtime 20x \
	--variance-threshold 0 --max-reruns 1 --rerun-count 3 --skip-system-check >/dev/null 2>&1
is $? 1 "persistent noise: exit 1"
d=$r/strict/stable/$plat/go1.19
set -- "$d"/*_retry1.jsonl
ok $([ -e "$1" ] && echo 0 || echo 1) "the retry attempt is kept as _retry1"
set -- "$d"/*_failed_benchmarks.txt
ok $([ -e "$1" ] && echo 0 || echo 1) "what stayed noisy is listed in _failed_benchmarks.txt"
failed=$1
main=${failed%_failed_benchmarks.txt}.jsonl
bt-collect 1.19 --suite "$suite" --results "$r/strict" --rerun-failed "$failed" \
	--rerun-count 3 --max-reruns 1 --benchtime 20x --variance-threshold 0 --skip-system-check >/dev/null 2>&1
is $? 1 "--rerun-failed that stays noisy: exit 1"
is "$(ls "$d" | grep -c _failed_benchmarks.txt)" 1 "the failed list is replaced, not doubled"
run "the retries of a rerun are kept with their raw text" ls "$d"/*_rerun*_retry1.jsonl "$d"/*_rerun*_retry1.txt
cp "$main" "$BT_TMP/main.before"
bt-collect 1.19 --suite "$suite" --results "$r/strict" --rerun-failed "$failed" \
	--rerun-count 3 --max-reruns 1 --benchtime 20x --variance-threshold 1000 --skip-system-check >/dev/null 2>&1
ok $? "--rerun-failed with a looser threshold passes"
run "the original was kept as .backup" cmp "$BT_TMP/main.before" "$main.backup"
ok $([ ! -e "$failed" ] && echo 0 || echo 1) "the failed list is gone once everything passes"
done_testing
