# tests/bench/lib.sh — measuring whole processes: `measure NAME INPUT CMD…`
# runs CMD (stdin from INPUT, stdout to /dev/null) $BENCH_RUNS times under
# GNU time and prints one markdown row: the median wall time, throughput
# over INPUT's size (or $MEASURE_BYTES when set: a command that reads
# other files too), the median CPU time (user + system, of CMD and its
# children) with the throughput over it, and the median peak RSS.  On a
# shared machine the CPU figure is the steadier one: wall time also counts
# the time other jobs held the cores.
BENCH_RUNS=${BENCH_RUNS:-5}
median() {
	sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}
measure() {
	_name=$1
	_in=$2
	shift 2
	_bytes=${MEASURE_BYTES:-$(wc -c <"$_in")}
	_i=0
	: >"$BENCH_TMP/m"
	while [ "$_i" -lt "$BENCH_RUNS" ]; do
		/usr/bin/time -f "%e %M %U %S" -o "$BENCH_TMP/t" "$@" <"$_in" >/dev/null 2>"$BENCH_TMP/err" || {
			echo "bench: $_name failed: $(tail -3 "$BENCH_TMP/err")" >&2
			return 1
		}
		cat "$BENCH_TMP/t" >>"$BENCH_TMP/m"
		_i=$((_i + 1))
	done
	_t=$(cut -d' ' -f1 "$BENCH_TMP/m" | median)
	_k=$(cut -d' ' -f2 "$BENCH_TMP/m" | median)
	_c=$(awk '{ print $3 + $4 }' "$BENCH_TMP/m" | median)
	awk -v n="$_name" -v b="$_bytes" -v t="$_t" -v k="$_k" -v c="$_c" 'BEGIN {
		printf "| %s | %.1f MB | %.3f s | %s | %.2f s | %s | %.1f MB |\n", n, b / 1e6, t,
			(t > 0 ? sprintf("%.0f MB/s", b / 1e6 / t) : "-"), c,
			(c > 0 ? sprintf("%.0f MB/s", b / 1e6 / c) : "-"), k / 1024 }'
}
