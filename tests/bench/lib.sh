# tests/bench/lib.sh — measuring whole processes: `measure NAME INPUT CMD…`
# runs CMD (stdin from INPUT, stdout to /dev/null) $BENCH_RUNS times under
# GNU time and prints one markdown row: the median wall time, throughput
# over INPUT's size (or $MEASURE_BYTES when set: a command that reads
# other files too), and the median peak RSS.
BENCH_RUNS=${BENCH_RUNS:-5}
measure() {
	_name=$1
	_in=$2
	shift 2
	_bytes=${MEASURE_BYTES:-$(wc -c <"$_in")}
	_i=0
	: >"$BENCH_TMP/m"
	while [ "$_i" -lt "$BENCH_RUNS" ]; do
		/usr/bin/time -f "%e %M" -o "$BENCH_TMP/t" "$@" <"$_in" >/dev/null 2>"$BENCH_TMP/err" || {
			echo "bench: $_name failed: $(tail -3 "$BENCH_TMP/err")" >&2
			return 1
		}
		cat "$BENCH_TMP/t" >>"$BENCH_TMP/m"
		_i=$((_i + 1))
	done
	_t=$(cut -d' ' -f1 "$BENCH_TMP/m" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
	_k=$(cut -d' ' -f2 "$BENCH_TMP/m" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
	awk -v n="$_name" -v b="$_bytes" -v t="$_t" -v k="$_k" 'BEGIN {
		printf "| %s | %.1f MB | %.3f s | %s | %.1f MB |\n", n, b / 1e6, t,
			(t > 0 ? sprintf("%.0f MB/s", b / 1e6 / t) : "-"), k / 1024 }'
}
