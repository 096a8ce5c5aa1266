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
s=$(date +%s%N)
bt-export --web "$d/site/data" "$d/results"
e=$(date +%s%N)
awk -v ns=$((e - s)) -v b="$(du -sb "$d/results" | cut -f1)" 'BEGIN {
	printf "| bt-export --web (15 bt-compare pairs) | 3,000 benchmarks × 6 versions, %.1f MB | %.2f s | %.1f MB/s | - |\n",
		b / 1e6, ns / 1e9, b / 1e6 / (ns / 1e9) }'
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
