#!/bin/sh
# run.t — bt-run: a context record first, records written live as the
# command prints them, raw output kept byte for byte, failures and timeouts
# recorded, -f time agreeing with GNU time, a progress file.
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/run
mkdir -p "$t"
d=$BT_TESTS/data/go

bt-run --raw "$t/raw.txt" -l version=test -- cat "$d/gc-count10.txt" >"$t/out.jsonl"
ok $? "bt-run over a command's output exits 0"
is "$(head -1 "$t/out.jsonl" | jq -r '[.kind, .command[0], .labels.version, (.cores > 0), (.time|test("Z$"))] | join(" ")')" \
	"context cat test true true" "the first record is the run's context"
is "$(grep -c '"kind":"sample"' "$t/out.jsonl")" 100 "every result line becomes a sample"
is "$(jq -r 'select(.kind=="sample") | .labels.version' "$t/out.jsonl" | sort -u)" test "--label on every sample"
run "--raw keeps the output byte for byte" cmp "$t/raw.txt" "$d/gc-count10.txt"

# --toolchain names the toolchain as given: recorded, never run, never
# read by a shell (issue 16, item 5); a control character is refused.
bt-run --toolchain 'go version go9.9 linux/amd64' -- cat "$d/gc-count10.txt" >"$t/tc.jsonl"
is "$(head -1 "$t/tc.jsonl" | jq -r .toolchain)" "go version go9.9 linux/amd64" "--toolchain: in the context as given"
mkdir -p "$t/tcdir"
(cd "$t/tcdir" && bt-run --toolchain '$(touch pwned); touch pwned2 `touch pwned3`' -- cat "$d/gc-count10.txt") >"$t/tc2.jsonl" 2>"$t/tc2.err"
is "$(ls "$t/tcdir")" "" "--toolchain '\$(touch pwned)': nothing run"
is "$(head -1 "$t/tc2.jsonl" | jq -r .toolchain)" '$(touch pwned); touch pwned2 `touch pwned3`' "and recorded as the text it is"
exits 2 "--toolchain with a newline is refused" bt-run --toolchain "$(printf 'go1\nx')" -- true
# a command whose path merely holds "/go" is not asked for its version
mkdir -p "$t/gobin"
printf '#!/bin/sh\n[ "$1" != version ] || touch "%s/asked"\ncat "%s"\n' "$t" "$d/gc-count10.txt" >"$t/gobin/good-bench"
chmod +x "$t/gobin/good-bench"
bt-run -- "$t/gobin/good-bench" >"$t/gb.jsonl" 2>/dev/null
ok "$(test ! -e "$t/asked" && head -1 "$t/gb.jsonl" | jq -e '.toolchain == null' >/dev/null; echo $?)" \
	"a command named good-bench is not run with 'version'"
# stderr is parsed with stdout, unless --no-merge-stderr: then it is kept
# beside --raw, and a result printed there is not taken.
cat >"$t/err.sh" <<'SH'
cat "$1"
echo 'BenchmarkOnStderr-2 	 10	 5 ns/op' >&2
SH
bt-run -- sh "$t/err.sh" "$d/gc-count10.txt" | grep -c '"kind":"sample"' >"$t/merged"
is "$(cat "$t/merged")" 101 "stderr is parsed too by default"
bt-run --no-merge-stderr --raw "$t/nm.txt" -- sh "$t/err.sh" "$d/gc-count10.txt" >"$t/nm.jsonl"
is "$(grep -c '"kind":"sample"' "$t/nm.jsonl")" 100 "--no-merge-stderr: stderr is not parsed"
run "--no-merge-stderr: stdout byte for byte in --raw" cmp "$t/nm.txt" "$d/gc-count10.txt"
grep -q BenchmarkOnStderr "$t/nm.txt.stderr"
ok $? "--no-merge-stderr: stderr kept in FILE.stderr"

# Live: the first result is written while the command is still running.
cat >"$t/slow.sh" <<'SH'
head -5 "$1"
sleep 3
tail -n +6 "$1"
SH
bt-run -- sh "$t/slow.sh" "$d/gc-count10.txt" >"$t/live.jsonl" &
pid=$!
sleep 1.5
is "$(grep -c '"kind":"sample"' "$t/live.jsonl")" 1 "records come out as the command prints them"
wait $pid

bt-run -- sh -c 'cat "$0"; exit 3' "$d/failures.txt" >"$t/fail.jsonl"
is $? 1 "a failing command: exit 1"
is "$(tail -1 "$t/fail.jsonl" | jq -r '.reason + ": " + .message')" "exit: exited with status 3" "its exit status is recorded"
is "$(grep -c '"kind":"sample"' "$t/fail.jsonl")" 4 "what was measured before the failure is kept"
bt-run --timeout 0.5 -- sleep 10 >"$t/to.jsonl"
is $? 1 "a run over --timeout: exit 1"
is "$(tail -1 "$t/to.jsonl" | jq -r .reason)" timeout "the timeout is recorded"
bt-run -- sh -c 'sleep 10' >"$t/int.jsonl" &
pid=$!
sleep 0.5
kill -INT $pid
wait $pid
is $? 130 "SIGINT stops the child cleanly (exit 130)"
is "$(jq -r .kind "$t/int.jsonl" | tr '\n' ' ')" "context failure " "and leaves whole records"
is "$(jq -r 'select(.kind=="failure") | .reason' "$t/int.jsonl")" interrupted "the run is marked interrupted"
# SIGTERM mid-run: results so far kept and marked, the progress file does
# not say done, and nothing the command started is left running (a
# grandchild that ignores nothing, in the command's process group).
cat >"$t/grand.sh" <<'SH'
head -5 "$1"
sleep 313.25 &
echo $! >"$2"
wait
SH
bt-run --progress-file "$t/term.json" -- sh "$t/grand.sh" "$d/gc-count10.txt" "$t/grand.pid" >"$t/term.jsonl" &
pid=$!
i=0
until [ -s "$t/grand.pid" ] || [ $i -ge 100 ]; do sleep 0.1; i=$((i + 1)); done
sleep 0.3
kill -TERM $pid
wait $pid
is $? 143 "SIGTERM: exit 143"
is "$(grep -c '"kind":"sample"' "$t/term.jsonl")" 1 "the result measured before it is kept"
is "$(tail -1 "$t/term.jsonl" | jq -r .reason)" interrupted "and the run is marked interrupted"
is "$(jq -r .state "$t/term.json")" interrupted "the progress file says interrupted, not done"
sleep 0.2
case $(ps -o stat= -p "$(cat "$t/grand.pid")" 2>/dev/null) in
'' | Z*) ok 0 "the command's own child was killed too (nothing orphaned)" ;;
*) ok 1 "the command's own child was killed too (nothing orphaned)" ;;
esac

# SIGHUP (the terminal or the ssh session closed) as SIGTERM: exit 129,
# kept and marked, nothing the command started left running; under nohup
# it stays ignored and the run goes on.
rm -f "$t/grand.pid"
"$BT_TESTS/e2e/sigdfl" bt-run -- sh "$t/grand.sh" "$d/gc-count10.txt" "$t/grand.pid" >"$t/hup.jsonl" &
pid=$!
i=0
until [ -s "$t/grand.pid" ] || [ $i -ge 100 ]; do sleep 0.1; i=$((i + 1)); done
sleep 0.3
kill -HUP $pid
wait $pid
is $? 129 "SIGHUP: exit 129"
is "$(tail -1 "$t/hup.jsonl" | jq -r .reason)" interrupted "the run is marked interrupted"
sleep 0.2
case $(ps -o stat= -p "$(cat "$t/grand.pid")" 2>/dev/null) in
'' | Z*) ok 0 "SIGHUP: the command's own child was killed too" ;;
*) ok 1 "SIGHUP: the command's own child was killed too" ;;
esac
nohup bt-run -- sh -c "sleep 0.6; cat '$d/gc-count10.txt'" >"$t/nohup.jsonl" 2>/dev/null &
pid=$!
sleep 0.2
kill -HUP $pid
wait $pid
is $? 0 "under nohup SIGHUP stays ignored: the run completes"
is "$(grep -c '"kind":"sample"' "$t/nohup.jsonl")" 100 "with every result"

# SIGINT, with a grandchild that ignores it (as a job started with '&'
# does): after a grace of seconds the group is killed, bt-run ends.
cat >"$t/deaf.sh" <<'SH'
head -5 "$1"
sh -c 'trap "" INT; exec sleep 300' &
echo $! >"$2"
wait
SH
rm -f "$t/deaf.pid"
bt-run -- sh "$t/deaf.sh" "$d/gc-count10.txt" "$t/deaf.pid" >"$t/deaf.jsonl" &
pid=$!
i=0
until [ -s "$t/deaf.pid" ] || [ $i -ge 100 ]; do sleep 0.1; i=$((i + 1)); done
sleep 0.3
start=$(date +%s)
kill -INT $pid
wait $pid
is $? 130 "SIGINT with a grandchild that ignores it: exit 130"
ok $(($(date +%s) - start > 10)) "within the grace, not hung on the grandchild's pipe"
is "$(tail -1 "$t/deaf.jsonl" | jq -r .reason)" interrupted "marked interrupted"
sleep 0.2
case $(ps -o stat= -p "$(cat "$t/deaf.pid")" 2>/dev/null) in
'' | Z*) ok 0 "the grandchild that ignored SIGINT was killed" ;;
*) ok 1 "the grandchild that ignored SIGINT was killed" ;;
esac

# The progress file counts results per suite and per benchmark, with labels.
bt-run -f go -l version=x --progress-file "$t/pf.json" -- cat "$BT_TESTS/data/go/gc-count10.txt" >/dev/null
is "$(jq -r '[.state, .labels.version, .benchmarks["example.com/perfbench/core"].BenchmarkGCPressure, .suites["example.com/perfbench/stdlib"]] | map(tostring) | join(" ")' "$t/pf.json")" \
	"done x 10 50" "progress file: state, labels, results per benchmark and per suite"

# -f time against GNU time on a known program.
if cc -O1 -o "$t/alloc50" "$BT_TESTS/data/c/alloc50.c" 2>/dev/null; then
	/usr/bin/time -f '%e %M' -o "$t/gnu" "$t/alloc50"
	bt-run -f time -n 3 --warmup 1 --progress-file "$t/progress.json" -- "$t/alloc50" >"$t/time.jsonl"
	ok $? "-f time runs and exits 0"
	is "$(grep -c '"kind":"sample"' "$t/time.jsonl")" 3 "-n 3 --warmup 1: three samples"
	rss=$(jq -s 'map(select(.kind=="sample") | .metrics["peak-rss-B"]) | max / 1024' "$t/time.jsonl")
	gnu=$(cut -d' ' -f2 "$t/gnu")
	awk -v a="$rss" -v b="$gnu" 'BEGIN { exit !(a > b * 0.9 && a < b * 1.1) }'
	ok $? "peak RSS agrees with /usr/bin/time -v within 10% ($rss vs $gnu KB)"
	wall=$(jq -s 'map(select(.kind=="sample") | .metrics["ns/op"]) | min / 1e9' "$t/time.jsonl")
	awk -v a="$wall" 'BEGIN { exit !(a >= 0.05 && a < 5) }'
	ok $? "wall time measured ($wall s for a 50 ms program)"
	is "$(jq -r '.state + " " + (.results|tostring)' "$t/progress.json")" "done 3" "the progress file says done"
else
	for i in 1 2 3 4 5; do skip "no C compiler"; done
fi
done_testing
