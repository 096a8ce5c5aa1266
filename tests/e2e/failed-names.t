#!/bin/sh
# failed-names.t — hostile benchmark names through bt-cv --failed and
# bt-retry (issue 16, 17–18): tabs, newlines, ESC, a backslash, a name over
# 1,023 bytes, invalid UTF-8, no suite (gbench has none) — every one is
# listed once, selected by name, and comes back byte for byte; a benchmark
# the attempt did not re-run is never counted as passed; a list bt-retry
# cannot read is an error naming its line.  No compiler needed: the
# "benchmark" is a script printing Google Benchmark JSON.
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/fn
mkdir -p "$t"
long=BM_long_$(printf '%01500d' 7)
tab=$(printf 'BM_tab\tx')
nl=$(printf 'BM_nl\ny')
esc=$(printf 'BM_esc\033[31m')
bs='BM_bs\t\\'
bad=$(printf 'BM_bad\377\376')
# gen FILE NOISY SKIP: gbench JSON with every name above, 5 repetitions
# each, alternating 1 and 3 ns (CV 50 %) when NOISY is 1, else all 2 ns;
# the name SKIP left out.
gen() {
	jq -n --arg noisy "$2" --arg skip "$3" '$ARGS.positional | map(select(. != $skip)) |
	{context: {date: "2026-01-01T00:00:00+00:00", host_name: "h", executable: "./b",
	  num_cpus: 2, mhz_per_cpu: 1, cpu_scaling_enabled: false, library_build_type: "release"},
	 benchmarks: [.[] as $n | range(5) as $i |
	  (if $noisy == "1" then (if $i % 2 == 0 then 1 else 3 end) else 2 end) as $v |
	  {name: $n, run_name: $n, run_type: "iteration", repetitions: 5, repetition_index: $i,
	   threads: 1, iterations: 100, real_time: $v, cpu_time: $v, time_unit: "ns"}]}' \
		--args "$long" "$tab" "$nl" "$esc" "$bs" "$bad" >"$1"
}
gen "$t/noisy.json" 1 ''
bt-parse -f gbench "$t/noisy.json" >"$t/noisy.jsonl"
bt-cv -t 10 --failed "$t/list.txt" "$t/noisy.jsonl" >/dev/null
ok $? "bt-cv --failed writes the list"
is "$(head -1 "$t/list.txt" | cut -c1-13)" "# bt-failed 1" "it starts with its versioned header"
is "$(tail -n +2 "$t/list.txt" | wc -l)" 6 "one line for each of the six names"
ok $(LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$t/list.txt" && echo 1 || echo 0) \
	"no control character but tab and newline in the file"
grep -q '^	BM_tab\\tx	0	60\.86$' "$t/list.txt"
ok $? "a name's tab is written as backslash-t, the empty suite kept"
# The fake benchmark: prints $FAKE (a gbench JSON file), keeps its argv.
cat >"$t/bench.sh" <<'SH'
for a; do printf '%s\n' "$a"; done >"$ARGS_FILE"
cat "$FAKE"
SH
export ARGS_FILE=$t/args
# All six quiet now except one not re-run at all: that one is not passed.
gen "$t/quiet-but-nl.json" 0 "$nl"
FAKE=$t/quiet-but-nl.json bt-retry -f gbench -m 1 -t 10 --keep "$t/r1" "$t/list.txt" -- sh "$t/bench.sh" 2>"$t/r1.err"
is $? 1 "a benchmark the attempt did not run keeps bt-retry at exit 1"
is "$(tail -n +2 "$t/r1_failed_benchmarks.txt")" "$(grep '^	BM_nl' "$t/list.txt")" \
	"it alone is still listed, byte for byte as bt-cv wrote it"
grep -q -- "$long" "$t/args"
ok $? "the selector named the 1,500-byte name whole"
# Everything re-run and quiet: exit 0, no list left.
gen "$t/quiet.json" 0 ''
FAKE=$t/quiet.json bt-retry -f gbench -m 1 -t 10 --keep "$t/r2" "$t/list.txt" -- sh "$t/bench.sh" 2>/dev/null
is $? 0 "all six re-run and quiet: exit 0"
ok $([ ! -e "$t/r2_failed_benchmarks.txt" ] && echo 0 || echo 1) "and no failed list is left"
# Quiet, but without the judged unit: nothing is passed.
FAKE=$t/quiet.json bt-retry -f gbench -m 1 -t 10 -u bytes/op --keep "$t/r2u" "$t/list.txt" -- sh "$t/bench.sh" 2>/dev/null
is $? 1 "an attempt without the judged unit (-u bytes/op): exit 1"
is "$(tail -n +2 "$t/r2u_failed_benchmarks.txt" | wc -l)" 6 "all six still listed"
# One repetition each: no CV to judge, so nothing is passed.
jq '.benchmarks |= map(select(.repetition_index == 0))' "$t/quiet.json" >"$t/once.json"
FAKE=$t/once.json bt-retry -f gbench -m 1 -t 10 --keep "$t/r2b" "$t/list.txt" -- sh "$t/bench.sh" 2>/dev/null
is $? 1 "an attempt with one value each (no CV): exit 1, nothing passed"
is "$(tail -n +2 "$t/r2b_failed_benchmarks.txt" | wc -l)" 6 "all six still listed"
# Still noisy, no suite: the list of a list round-trips.
FAKE=$t/noisy.json bt-retry -f gbench -m 1 -t 10 --keep "$t/r3" "$t/list.txt" -- sh "$t/bench.sh" 2>"$t/r3.err"
is $? 1 "still noisy without a suite: exit 1"
grep -q 'still over the threshold: BM_esc\\x1b\[31m$' "$t/r3.err"
ok $? "a name with ESC is shown escaped on stderr"
run "and its list is the list it read" cmp "$t/list.txt" "$t/r3_failed_benchmarks.txt"
# The list earlier versions wrote (no header, a leading empty suite).
printf '\tBM_old\t0\t50.00\n' >"$t/old.txt"
jq -n '{context: {date: "x", host_name: "h", executable: "./b", num_cpus: 2, mhz_per_cpu: 1,
  cpu_scaling_enabled: false, library_build_type: "release"},
  benchmarks: [range(5) as $i | {name: "BM_old", run_name: "BM_old", run_type: "iteration",
  repetitions: 5, repetition_index: $i, threads: 1, iterations: 100,
  real_time: (if $i % 2 == 0 then 1 else 3 end), cpu_time: 1, time_unit: "ns"}]}' >"$t/old.json"
FAKE=$t/old.json bt-retry -f gbench -m 1 -t 10 --keep "$t/r4" "$t/old.txt" -- sh "$t/bench.sh" 2>/dev/null
is $? 1 "an old list with an empty suite is read: still noisy, exit 1 (not 0)"
is "$(tail -n +2 "$t/r4_failed_benchmarks.txt")" "$(printf '\tBM_old\t0\t60.86')" "and still listed"
# Ctrl-C, as a terminal sends it to the whole foreground process group,
# mid-attempt: the attempt is stopped and marked, bt-cv still judges it,
# every benchmark not passed is listed, exit 130.
cat >"$t/slow.sh" <<'SH'
sleep 30 &
echo $! >"$PID_FILE"
wait
cat "$FAKE"
SH
export PID_FILE=$t/slow.pid
# interrupt SIGNAL TARGET PREFIX STATUS NAME: bt-retry, mid-attempt, gets
# SIGNAL (TARGET "-" its whole process group, "" itself alone); then it
# exits STATUS, the attempt is marked, every benchmark not passed is still
# listed, no further attempt is made and the benchmark's child is gone.
interrupt() {
	rm -f "$PID_FILE"
	FAKE=$t/quiet.json setsid "$BT_TESTS/e2e/sigdfl" bt-retry -f gbench -m 2 -t 10 --keep "$t/$3" "$t/list.txt" -- sh "$t/slow.sh" 2>/dev/null &
	pid=$!
	i=0
	until [ -s "$PID_FILE" ] || [ $i -ge 100 ]; do sleep 0.1; i=$((i + 1)); done
	kill "-$1" "$2$pid"
	wait $pid
	is $? "$4" "$5: exit $4"
	is "$(tail -1 "$t/$3_retry1.jsonl" | jq -r .reason)" interrupted "$5: the attempt is marked interrupted"
	run "$5: every benchmark not passed is still listed" cmp "$t/list.txt" "$t/$3_failed_benchmarks.txt"
	ok $([ ! -e "$t/$3_retry2.jsonl" ] && echo 0 || echo 1) "$5: no further attempt"
	i=0
	while ps -o stat= -p "$(cat "$PID_FILE")" 2>/dev/null | grep -qv Z && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	case $(ps -o stat= -p "$(cat "$PID_FILE")" 2>/dev/null) in
	'' | Z*) ok 0 "$5: the benchmark's own child is gone" ;;
	*) ok 1 "$5: the benchmark's own child is gone" ;;
	esac
}
interrupt INT - int 130 "Ctrl-C to bt-retry's process group"
# SIGHUP (the terminal gone) is handled as SIGTERM: exit 129, marked.
interrupt HUP "" hup 129 "SIGHUP to bt-retry"

# A plugin with no selector (hyperfine): the whole command again, only the
# listed benchmarks judged; one the output lacks still fails.
h=$BT_TESTS/data/hyperfine/out.json
printf '# bt-failed 1: x\n\tsleep 0.01\t0\t50.00\n' >"$t/h1.txt"
bt-retry -f hyperfine -m 1 -t 1000 -u ns/op --keep "$t/h1" "$t/h1.txt" -- cat "$h" 2>"$t/h1.err"
is $? 0 "hyperfine, no selector: the whole command re-run, the listed benchmark passes"
grep -q "cannot select benchmarks: each attempt runs the whole command" "$t/h1.err"
ok $? "and bt-retry says it runs the whole command"
printf '# bt-failed 1: x\n\tsleep 0.01\t0\t50.00\n\tnot-in-the-output\t0\t50.00\n' >"$t/h2.txt"
bt-retry -f hyperfine -m 1 -t 1000 -u ns/op --keep "$t/h2" "$t/h2.txt" -- cat "$h" 2>/dev/null
is $? 1 "a listed benchmark the output lacks is not passed"
is "$(tail -n +2 "$t/h2_failed_benchmarks.txt" | cut -f2)" not-in-the-output "it alone stays listed"

# The run's source options reach every attempt's bt-run; its id and time
# are the attempt's own, so bt-retry takes neither.
bt-retry -f hyperfine -m 1 -t 1000 -u ns/op --branch rel --testbed tb-1 \
	--keep "$t/h3" "$t/h1.txt" -- cat "$h" 2>/dev/null
is "$(jq -r 'select(.kind == "sample") | .run | [.branch, .testbed, (.id | length > 0)] | join(" ")' "$t/h3_retry1.jsonl" | sort -u)" \
	"rel tb-1 true" "--branch and --testbed reach the attempt's run; it has an id of its own"
exits 2 "--run-id is not bt-retry's: exit 2" bt-retry --run-id R -f hyperfine "$t/h1.txt" -- true
exits 2 "nor is --time" bt-retry --time 2026-01-01T00:00:00Z -f hyperfine "$t/h1.txt" -- true

# A name with a C1 control (U+009B, a terminal's CSI) and a bidi override
# (U+202E), valid UTF-8 both, is shown escaped on stderr too.
jq -n '{context: {date: "2026-01-01T00:00:00+00:00", host_name: "h", executable: "./b",
	num_cpus: 2, mhz_per_cpu: 1, cpu_scaling_enabled: false, library_build_type: "release"},
	benchmarks: [range(5) as $i | {name: "BM_x\u202ey\u009bz", run_name: "BM_x\u202ey\u009bz",
	run_type: "iteration", repetitions: 5, repetition_index: $i, threads: 1, iterations: 100,
	real_time: (1 + 2 * ($i % 2)), cpu_time: (1 + 2 * ($i % 2)), time_unit: "ns"}]}' >"$t/c1.json"
bt-parse -f gbench "$t/c1.json" | bt-cv -t 10 --failed "$t/c1.txt" >/dev/null 2>&1
FAKE=$t/c1.json bt-retry -f gbench -m 1 -t 10 --keep "$t/c1" "$t/c1.txt" -- sh "$t/bench.sh" 2>"$t/c1.err"
is $? 1 "a C1 and bidi name, still noisy: exit 1"
grep -q 'still over the threshold: BM_x\\u202ey\\u009bz$' "$t/c1.err" &&
	! LC_ALL=C grep -q "$(printf '\302\233\|\342\200\256')" "$t/c1.err"
ok $? "shown as \\u202e and \\u009b, never raw"

# Lists bt-retry cannot read are errors with their line number.
printf '# bt-failed 1\n\tBM_a\t0\t1\n\tBM_\\q\t0\t1\n' >"$t/bad1.txt"
bt-retry -f gbench "$t/bad1.txt" -- true 2>"$t/bad1.err" >/dev/null
is $? 2 "a bad escape: exit 2"
grep -q "bad1.txt:3: an unknown escape" "$t/bad1.err"
ok $? "naming the line"
printf '# bt-failed 9\n\tBM_a\t0\t1\n' >"$t/bad2.txt"
exits 2 "a newer version of the list: exit 2" bt-retry -f gbench "$t/bad2.txt" -- true
printf 'BM_a\n' >"$t/bad3.txt"
exits 2 "a line of one field: exit 2" bt-retry -f gbench "$t/bad3.txt" -- true
done_testing
