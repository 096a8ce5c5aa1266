#!/bin/sh
# bench: the dashboard at 3,000 benchmarks x 6 versions (issue 19's size):
# bt-export --web on the generated tree (tests/web/make-data.py big), then
# the page in headless Chromium — the first full render (navigation to the
# table drawn) and a filter keystroke (input to the table redrawn), medians
# of 3 loads and 15 keystrokes.  Skips quietly without chromium, node or
# playwright-core (make deps).  Prints performance.md rows; judges nothing.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
web=$top/tests/web
page=$top/share/web
[ -x "${BT_CHROMIUM:-/usr/bin/chromium}" ] && command -v node >/dev/null &&
	[ -d "$web/node_modules/playwright-core" ] || {
	echo "bench: web.sh skipped (chromium, node or playwright-core missing)" >&2
	exit 0
}
d=$BENCH_TMP/web
rm -rf "$d"
mkdir -p "$d/site"
python3 "$web/make-data.py" big "$d/results"
# export_row DIR LABEL [ENV…]: time bt-export --web into DIR, print a row
export_row() {
	_dir=$1 _label=$2
	shift 2
	s=$(date +%s%N)
	env "$@" bt-export --web "$_dir" "$d/results"
	e=$(date +%s%N)
	awk -v ns=$((e - s)) -v b="$(du -sb "$d/results" | cut -f1)" -v l="$_label" 'BEGIN {
		printf "| bt-export --web (15 bt-compare pairs)%s | 3,000 benchmarks × 6 versions, %.1f MB | %.2f s | %.1f MB/s | - |\n",
			l, b / 1e6, ns / 1e9, b / 1e6 / (ns / 1e9) }'
}
export_row "$d/site/data" ""
export_row "$d/one-core" ", one core (BT_THREADS=1)" BT_THREADS=1
cp -R "$page/." "$d/site/"
(cd "$d/site" && exec python3 -u -m http.server --bind 127.0.0.1 0) >"$d/server.out" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null' EXIT
port=
i=0
while [ -z "$port" ] && [ $i -lt 100 ]; do
	port=$(sed -n 's/.* port \([0-9][0-9]*\).*/\1/p' "$d/server.out" | head -n 1)
	[ -n "$port" ] || sleep 0.1
	i=$((i + 1))
done
BT_TMP=$d node "$web/dashboard.test.js" bench "http://127.0.0.1:$port/index.html" "$d/site/data"
