#!/bin/sh
# bench: bt-run's own cost, the part that is not the benchmark: the
# context record (uname, /proc/cpuinfo, git) and parsing every result line
# live.  A command that prints a captured-shape Go run (gen-big-go.sh,
# 2,000 benchmarks × 20 = 40,000 result lines, 3.5 MB) through bt-run, next
# to the same command alone.  On a real suite the benchmarks' own time (a
# tiny two-benchmark suite at -benchtime 1s -count 5 takes about 17 s) is
# what this is compared with.
set -eu
. "$(dirname "$0")/lib.sh"
in=$BENCH_TMP/run-overhead.txt
[ -f "$in" ] || sh "$(dirname "$0")/gen-big-go.sh" 2000 20 5 >"$in"
measure "cat (the command alone)" "$in" cat
measure "bt-run -f go -- cat (40,000 results)" "$in" bt-run -f go -- cat
measure "bt-run -f go --raw -- cat" "$in" bt-run -f go --raw "$BENCH_TMP/raw.txt" -- cat
