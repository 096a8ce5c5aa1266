#!/bin/sh
# bench: bt-cv and bt-compare on 2,000 benchmarks × 20 samples per side
# (gen-big-go.sh, as records), the scale of a large project's CI job.  The
# target is 5 % slower, so bt-compare also does the work of finding changes.
set -eu
. "$(dirname "$0")/lib.sh"
n=${BENCH_CMP_BENCHMARKS:-2000}
c=${BENCH_CMP_SAMPLES:-20}
base=$BENCH_TMP/cmp-base.jsonl
target=$BENCH_TMP/cmp-target.jsonl
[ -f "$base" ] || sh "$(dirname "$0")/gen-big-go.sh" "$n" "$c" 11 | bt-parse >"$base"
[ -f "$target" ] || sh "$(dirname "$0")/gen-big-go.sh" "$n" "$c" 12 1.05 | bt-parse >"$target"
measure "bt-cv ($n × $c samples)" "$base" bt-cv
measure "bt-cv --summaries-only --format text" "$base" bt-cv -s --format text
measure "bt-compare ($n × $c per side, records)" "$target" bt-compare --baseline "$base"
measure "bt-compare --format text" "$target" bt-compare --baseline "$base" --format text
