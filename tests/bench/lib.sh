# tests/bench/lib.sh — measuring whole processes: `measure NAME INPUT CMD…`
# runs CMD (stdin from INPUT, stdout to /dev/null) $BENCH_RUNS times under
# GNU time and prints one markdown row: the median wall time, throughput
# over INPUT's size (or $MEASURE_BYTES when set: a command that reads
# other files too), the median CPU time (user + system, of CMD and its
# children) with the throughput over it, and the median peak RSS.  On a
# shared machine the CPU figure is the steadier one: wall time also counts
# the time other jobs held the cores.
#
# `measure_ab NAME INPUT CMD…` does the same and, when $BENCH_BASE names
# the bin directory of another build (main's, say), runs that build's CMD
# in turn with this one's, run for run, and prints its row too and the
# ratio of the two median CPU times: a before/after measured in one run,
# as these noisy machines need.
BENCH_RUNS=${BENCH_RUNS:-5}
median() {
	sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}
# one run of CMD into file $1 (appended), with PATH starting at $2 if set
run_once() {
	_f=$1 _p=$2
	shift 2
	if [ -n "$_p" ]; then
		PATH=$_p:$PATH /usr/bin/time -f "%e %M %U %S" -o "$BENCH_TMP/t" "$@" <"$_in" >/dev/null 2>"$BENCH_TMP/err"
	else
		/usr/bin/time -f "%e %M %U %S" -o "$BENCH_TMP/t" "$@" <"$_in" >/dev/null 2>"$BENCH_TMP/err"
	fi || {
		echo "bench: $_name failed: $(tail -3 "$BENCH_TMP/err")" >&2
		return 1
	}
	cat "$BENCH_TMP/t" >>"$_f"
}
# the row for the runs in file $1, named $2; sets _c to the median CPU time
row() {
	_t=$(cut -d' ' -f1 "$1" | median)
	_k=$(cut -d' ' -f2 "$1" | median)
	_c=$(awk '{ print $3 + $4 }' "$1" | median)
	awk -v n="$2" -v b="$_bytes" -v t="$_t" -v k="$_k" -v c="$_c" 'BEGIN {
		printf "| %s | %.1f MB | %.3f s | %s | %.2f s | %s | %.1f MB |\n", n, b / 1e6, t,
			(t > 0 ? sprintf("%.0f MB/s", b / 1e6 / t) : "-"), c,
			(c > 0 ? sprintf("%.0f MB/s", b / 1e6 / c) : "-"), k / 1024 }'
}
measure() {
	_name=$1
	_in=$2
	shift 2
	_bytes=${MEASURE_BYTES:-$(wc -c <"$_in")}
	_i=0
	: >"$BENCH_TMP/m"
	while [ "$_i" -lt "$BENCH_RUNS" ]; do
		run_once "$BENCH_TMP/m" "" "$@" || return 1
		_i=$((_i + 1))
	done
	row "$BENCH_TMP/m" "$_name"
}
measure_ab() {
	if [ -z "${BENCH_BASE:-}" ]; then
		measure "$@"
		return
	fi
	_name=$1
	_in=$2
	shift 2
	_bytes=${MEASURE_BYTES:-$(wc -c <"$_in")}
	_i=0
	: >"$BENCH_TMP/m"
	: >"$BENCH_TMP/mb"
	while [ "$_i" -lt "$BENCH_RUNS" ]; do
		run_once "$BENCH_TMP/mb" "$BENCH_BASE" "$@" || return 1
		run_once "$BENCH_TMP/m" "" "$@" || return 1
		_i=$((_i + 1))
	done
	row "$BENCH_TMP/mb" "$_name, BENCH_BASE"
	_cb=$_c
	row "$BENCH_TMP/m" "$_name, this build" >"$BENCH_TMP/r"
	awk -v cb="$_cb" -v c="$_c" '{ if (c > 0) sub(/, this build/, sprintf(", this build (%.2f× less CPU)", cb / c)); print }' "$BENCH_TMP/r"
}
