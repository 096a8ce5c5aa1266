#!/bin/sh
# retry.t — the seeds' retry workflow on real Go benchmarks: a benchmark
# that was noisy only the first time is retried, passes and is merged back
# (leaving .backup); one that stays noisy lands in _failed_benchmarks.txt;
# names with regex metacharacters are selected safely; the failing list read
# from bt-cv's summaries, and records on stdout without --keep.  Skipped
# without go.
. "$BT_TESTS/e2e/lib.sh"
if ! command -v go >/dev/null 2>&1; then
	skip "go is not installed"
	done_testing
	exit 0
fi
m=$BT_TMP/retry
mkdir -p "$m"
export GOPATH="$BT_TMP/gopath" GOCACHE="$BT_TMP/gocache" GOPROXY=off GOFLAGS=-mod=mod
export NOISE_FILE="$m/noise"
cat >"$m/go.mod" <<'GO'
module example.com/noisy

go 1.18
GO
cat >"$m/noisy_test.go" <<'GO'
package noisy

import (
	"os"
	"testing"
)

var sink, turn int

// Each benchmark reports a "score/op" besides its time: 100 every run for
// a steady one, alternately 100 and 300 (a CV over 50 %) for a noisy one
// while $NOISE_FILE exists, or always.  The retry workflow is judged on
// that unit (-u score/op), so the test does not depend on how busy the
// machine is.
func noisy(b *testing.B, always bool) {
	_, err := os.Stat(os.Getenv("NOISE_FILE"))
	score := 100.0
	if (always || err == nil) && b.N > 1 { // not the b.N = 1 probe run
		turn++
		score += 200 * float64(turn%2)
	}
	for i := 0; i < b.N; i++ {
		sink += i
	}
	b.ReportMetric(score, "score/op")
}

func BenchmarkSteady(b *testing.B)      { noisy(b, false) }
func BenchmarkOnceNoisy(b *testing.B)   { noisy(b, false) }
func BenchmarkAlwaysNoisy(b *testing.B) { noisy(b, true) }
func BenchmarkOdd(b *testing.B) {
	b.Run("a(b)|c", func(b *testing.B) { noisy(b, true) })
	b.Run("$(touch pwned) 'q\"", func(b *testing.B) { noisy(b, true) })
}
GO
# Steady is quiet from the start: the noise file is made after its run.
cd "$m" || exit 1
bt-run -- go test -run '^$' -bench 'Steady' -benchtime=20x -count=5 . >"$m/steady.jsonl"
touch "$NOISE_FILE"
bt-run -- go test -run '^$' -bench 'Noisy|Odd' -benchtime=20x -count=5 . >"$m/noisy.jsonl"
cat "$m/steady.jsonl" "$m/noisy.jsonl" >"$m/orig.jsonl"
bt-cv -t 10 -u score/op --failed "$m/failed.txt" "$m/orig.jsonl" >/dev/null
is "$(tail -n +2 "$m/failed.txt" | cut -f2 | sort | tr '\n' ' ')" \
	"BenchmarkAlwaysNoisy BenchmarkOdd/\$(touch_pwned)_'q\" BenchmarkOdd/a(b)|c BenchmarkOnceNoisy " "bt-cv lists the noisy benchmarks"
rm -f "$NOISE_FILE"
bt-retry -c 5 -m 2 -t 10 -u score/op --keep "$m/run" "$m/failed.txt" -- \
	go test -run '^$' -benchtime=20x . 2>"$m/retry.err"
is $? 1 "bt-retry exits 1 while something still fails"
is "$(grep -c '"kind":"sample"' "$m/run_retry1.jsonl")" 20 "attempt 1 ran only the four noisy benchmarks (20 samples)"
grep -q '"name":"BenchmarkSteady"' "$m/run_retry1.jsonl"
ok $((! $?)) "the steady benchmark was not run again"
is "$(tail -n +2 "$m/run_failed_benchmarks.txt" | cut -f2 | sort | tr '\n' ' ')" \
	"BenchmarkAlwaysNoisy BenchmarkOdd/\$(touch_pwned)_'q\" BenchmarkOdd/a(b)|c " "what stays noisy lands in _failed_benchmarks.txt"
ok $([ ! -e pwned ] && [ ! -e "$m/pwned" ] && echo 0 || echo 1) "a name holding \$(...) and quotes reached no shell"
ok $([ -f "$m/run_retry2.jsonl" ] && echo 0 || echo 1) "a second attempt was made for what still failed"
grep -q 'BenchmarkOnceNoisy' "$m/run_retry1.txt"
ok $? "each attempt's raw output is kept beside its records (_retry1.txt)"
cp "$m/orig.jsonl" "$m/before.jsonl"
bt-merge -u score/op "$m/orig.jsonl" "$m/run_retry1.jsonl" "$m/run_retry2.jsonl" 2>"$m/merge.err"
ok $? "bt-merge takes the retries"
grep -q 'BenchmarkOnceNoisy.*retry taken' "$m/merge.err"
ok $? "the benchmark that improved is merged back"
run "the original is kept as .backup" cmp "$m/before.jsonl" "$m/orig.jsonl.backup"
bt-cv -t 10 -u score/op --failed "$m/after.txt" "$m/orig.jsonl" >/dev/null
grep -q OnceNoisy "$m/after.txt"
ok $((! $?)) "after the merge it passes"
# Merged samples stay the same benchmark: no attempt label splits them off,
# so the original still has one group per benchmark and compares whole.
is "$(jq -r 'select(.kind=="sample") | .labels | keys | join(",")' "$m/orig.jsonl" | sort -u | wc -l)" 1 \
	"merged samples carry the same labels as the rest"
is "$(bt-compare --format text "$m/orig.jsonl.backup" "$m/orig.jsonl" 2>/dev/null | grep -c -e added -e removed)" 0 \
	"bt-compare matches every merged benchmark with the original's"
# --rerun-failed style: the list alone, all passing now -> exit 0, list removed
rm -f "$NOISE_FILE"
printf 'example.com/noisy\tBenchmarkOnceNoisy\t%s\t20.00\n' "$(jq -r 'select(.kind=="sample") | .procs // 0' "$m/orig.jsonl" | head -1)" >"$m/one.txt"
bt-retry -c 5 -m 1 -t 10 -u score/op --keep "$m/again" "$m/one.txt" -- go test -run '^$' -benchtime=20x . 2>"$m/again.err"
is $? 0 "a retry where everything passes exits 0"
ok $([ ! -f "$m/again_failed_benchmarks.txt" ] && echo 0 || echo 1) "and leaves no failed list"
# SIGINT to bt-retry mid-attempt: the attempt stops, its records stay whole,
# no further attempt starts, and what was not passed is listed.
touch "$NOISE_FILE"
bt-retry -c 50 -m 3 -t 10 -u score/op --keep "$m/int" "$m/failed.txt" -- \
	go test -run '^$' -benchtime=100ms . 2>"$m/int.err" &
pid=$!
i=0
until grep -q '"kind":"sample"' "$m/int_retry1.jsonl" 2>/dev/null || [ $i -ge 600 ]; do
	sleep 0.1
	i=$((i + 1))
done
kill -INT $pid
wait $pid
is $? 130 "SIGINT stops bt-retry (exit 130)"
is "$(tail -1 "$m/int_retry1.jsonl" | jq -r .reason)" interrupted "the attempt is marked interrupted"
jq -e . "$m/int_retry1.jsonl" >/dev/null 2>&1
ok $? "the interrupted attempt's records are whole"
ok $([ ! -e "$m/int_retry2.jsonl" ] && [ -s "$m/int_failed_benchmarks.txt" ] && echo 0 || echo 1) \
	"no further attempt; what did not pass is listed"
rm -f "$NOISE_FILE"
exits 2 "a malformed failed list is an input error" bt-retry "$m/orig.jsonl.backup.nope" -- true
# The failing benchmarks read from bt-cv's summaries, the parser named
# with -f, and no --keep: every attempt's records go to stdout, and
# --failed-out lists what still fails.
bt-cv -s -t 10 -u score/op "$m/noisy.jsonl" >"$m/summ.jsonl"
mkdir "$m/tmp"
TMPDIR=$m/tmp bt-retry -f go -c 5 -m 1 -t 10 -u score/op --failed-out "$m/still.txt" "$m/summ.jsonl" -- \
	go test -run '^$' -benchtime=20x . >"$m/stdout.jsonl" 2>"$m/summ.err"
is $? 1 "summaries in: bt-retry exits 1 while something still fails"
is "$(grep -c '"kind":"sample"' "$m/stdout.jsonl")" 20 "the four failing summaries' benchmarks ran, records on stdout"
jq -e . "$m/stdout.jsonl" >/dev/null
ok $? "and they are whole records"
is "$(tail -n +2 "$m/still.txt" | cut -f2 | sort | tr '\n' ' ')" \
	"BenchmarkAlwaysNoisy BenchmarkOdd/\$(touch_pwned)_'q\" BenchmarkOdd/a(b)|c " "--failed-out lists what still fails"
is "$(find "$m" -newer "$m/summ.jsonl" -type f | LC_ALL=C sort | sed 's|.*/||' | tr '\n' ' ')" \
	"stdout.jsonl still.txt summ.err " "without --keep no attempt file is left, nor a temporary"
exits 2 "summaries must come from a file" sh -c "bt-retry - -- true <'$m/summ.jsonl'"
exits 0 "--help" bt-retry --help
done_testing
