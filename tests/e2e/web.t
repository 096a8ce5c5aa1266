#!/bin/sh
# web.t — the dashboard in a real browser: bt-export --web writes three data
# sets, each is served with the installed page on 127.0.0.1, and Debian's
# headless Chromium, driven by playwright-core (tests/web/dashboard.test.js),
# checks what a user sees:
#   go   the real Go captures as a results tree (tests/e2e/gotree.sh): every
#        row's verdict and p are bt-compare's, medians, sorting, views,
#        charts, search, XSS, CSV and records downloads, phone, dark mode;
#   odd  tests/web/make-data.py's hard version names (index, 'a b#1?%', …),
#        every verdict, 1048576 B/op, bt-history's records (a stand-in
#        bt-history beside a copy of bt-export prints hand-made ones), change
#        points linked to --repository, zoom, decimation, Back/Forward,
#        reload, stale answers, a failed fetch and Retry, bad deep links;
#   big  3,000 benchmarks x 6 versions: it works at that size and every
#        row's verdict is bt-compare's (timing is tests/bench/web.sh's).
# Screenshots land in $BT_TMP; BT_WEB_SHOT=DIR keeps them (make web-shots
# style: BT_WEB_SHOT=$PWD/docs/img).  Skips when chromium, node or the npm
# packages (`make deps`) are missing.
. "$BT_TESTS/e2e/lib.sh"
web=$BT_TESTS/web
chromium=${BT_CHROMIUM:-/usr/bin/chromium}
why=
command -v node >/dev/null 2>&1 || why="node is not installed"
[ -x "$chromium" ] || why="chromium is not installed"
[ -d "$web/node_modules/playwright-core" ] ||
	why="${why:-playwright-core is not installed (make deps)}"
command -v python3 >/dev/null 2>&1 || why="python3 is not installed"
if [ -n "$why" ]; then
	echo "ok 1 # skip $why"
	echo "1..1"
	exit 0
fi

. "$BT_TESTS/e2e/gotree.sh"
page=$BT_INST/share/bt/web
run "the page is installed" test -f "$page/index.html" -a -f "$page/app.js" -a -f "$page/vendor/chart.umd.js"
shots=${BT_WEB_SHOT:-$BT_TMP/shots}
mkdir -p "$shots"

# browse MODE DATA ARG...: serve the page with DATA as its data directory
# and run the browser test's MODE against it.
browse() {
	_mode=$1
	site=$BT_TMP/web-site-$1
	rm -rf "$site"
	mkdir -p "$site"
	cp -R "$page/." "$site/"
	cp -R "$2" "$site/data"
	shift 2
	# A static server on a free loopback port; it prints the port it took.
	log=$BT_TMP/web-server-$_mode
	(cd "$site" && exec python3 -u -m http.server --bind 127.0.0.1 0) \
		>"$log.out" 2>"$log.err" &
	server=$!
	trap 'kill "$server" 2>/dev/null' EXIT
	port=
	i=0
	while [ -z "$port" ] && [ $i -lt 100 ]; do
		port=$(sed -n 's/.* port \([0-9][0-9]*\).*/\1/p' "$log.out" | head -n 1)
		[ -n "$port" ] || sleep 0.1
		i=$((i + 1))
	done
	[ -n "$port" ]
	ok $? "$_mode: http.server listens on 127.0.0.1 (port ${port:-none})"
	BT_CHROMIUM=$chromium node "$web/dashboard.test.js" "$_mode" \
		"http://127.0.0.1:$port/index.html" "$site/data" "$@" \
		>"$BT_TMP/web.out" 2>"$BT_TMP/web.err"
	st=$?
	while IFS= read -r line; do
		case $line in
		"PASS "*) ok 0 "$_mode: ${line#PASS }" ;;
		"FAIL "*) ok 1 "$_mode: ${line#FAIL }" ;;
		*) echo "$line" ;;
		esac
	done <"$BT_TMP/web.out"
	is "$st" 0 "$_mode: the browser test exits 0"
	[ "$st" -eq 0 ] || sed 's/^/# /' "$BT_TMP/web.err"
	kill "$server" 2>/dev/null
	wait "$server" 2>/dev/null
	trap - EXIT
}

# The real Go captures.
go_tree "$BT_TMP/results"
run "bt-export --web on a results tree" bt-export --web "$BT_TMP/export" "$BT_TMP/results"
browse go "$BT_TMP/export" "$BT_TESTS/data/go/gc-count10.txt" "$BT_TESTS/data/go/gc-count10-b.txt" \
	"$BT_TMP/results/go1.19.8-a/2026-11-22_16-00-00.jsonl" \
	"$BT_TMP/results/go1.19.8-b/2026-11-22_16-10-00.jsonl" "$shots/dashboard.png"
run "go: a screenshot was saved" test -s "$shots/dashboard.png"
run "go: a phone-sized screenshot was saved" test -s "$shots/dashboard-phone.png"

# Hard names, with bt-history's records: bt-export runs the bt-history
# beside it, so a copy of it sits beside a stand-in that prints hand-made
# records in the agreed shapes.
python3 "$web/make-data.py" odd "$BT_TMP/odd/results"
bin=$BT_TMP/odd/bin
mkdir -p "$bin"
cp "$BT_INST/bin/bt-export" "$BT_INST/bin/bt-compare" "$bin/"
mv "$BT_TMP/odd/history-series.jsonl" "$BT_TMP/odd/history-changes.jsonl" "$bin/"
printf '#!/bin/sh\n# a stand-in for bt-history: hand-made records\ncat "$(dirname "$0")/history-$1.jsonl"\n' >"$bin/bt-history"
chmod +x "$bin/bt-history"
run "bt-export --web --repository with bt-history beside it" \
	"$bin/bt-export" --web "$BT_TMP/odd/export" --repository https://example.com/org/repo "$BT_TMP/odd/results"
h=$BT_TMP/odd/export/linux-amd64/history
is "$(jq -r .history "$BT_TMP/odd/export/linux-amd64/index.json")" history/index.json "index.json names the history index"
is "$(jq -r '.files["example.com/odd BenchmarkRegress-2"]' "$h/index.json")" history/0.jsonl \
	"history/index.json maps a benchmark's key to its file"
is "$(jq -s -r 'map(.kind) | unique | join(",")' "$h/0.jsonl")" changepoint,outlier,point \
	"a benchmark's file holds its bt-history points and changes"
is "$(cat "$h"/*.jsonl | wc -l)" "$(cat "$bin"/history-*.jsonl | wc -l)" "every line bt-history printed is in one file"
browse odd "$BT_TMP/odd/export" "$shots"
run "odd: trend and comparison screenshots were saved" test -s "$shots/trend.png" -a -s "$shots/comparison.png"

# A version whose name is a path stays inside the tree, under its stem; an
# export with no bt-compare beside it writes no pairs and says so.
mkdir -p "$BT_TMP/path/r/x" "$BT_TMP/path/bin" "$BT_TMP/path/out"
bt-parse -l 'version=../../escape' "$BT_TESTS/data/go/gc-count10.txt" >"$BT_TMP/path/r/x/2026-01-01_10-00-00.jsonl"
bt-parse -l 'version=.git' "$BT_TESTS/data/go/gc-count10-b.txt" >"$BT_TMP/path/r/x/2026-01-02_10-00-00.jsonl"
cp "$BT_INST/bin/bt-export" "$BT_TMP/path/bin/"
"$BT_TMP/path/bin/bt-export" --web "$BT_TMP/path/out/web" "$BT_TMP/path/r" 2>"$BT_TMP/path/err"
ok $? "versions named '../../escape' and '.git' export"
is "$(cd "$BT_TMP/path/out" && find . -type f ! -name '*.lock' | sort | tr '\n' ' ')" \
	"./web/linux-amd64/index.json ./web/linux-amd64/v/%2E.%2F..%2Fescape.json ./web/linux-amd64/v/%2E.%2F..%2Fescape.jsonl ./web/linux-amd64/v/%2Egit.json ./web/linux-amd64/v/%2Egit.jsonl ./web/platforms.json " \
	"each under its encoded stem, nothing outside the tree"
is "$(jq -c .compare "$BT_TMP/path/out/web/linux-amd64/index.json")" "[]" "no bt-compare beside bt-export: no pairs"
grep -q "no bt-compare beside bt-export" "$BT_TMP/path/err"
ok $? "and it says so"

# 3,000 benchmarks x 6 versions.
python3 "$web/make-data.py" big "$BT_TMP/big/results"
run "bt-export --web on 3,000 benchmarks x 6 versions" bt-export --web "$BT_TMP/big/export" "$BT_TMP/big/results"
browse big "$BT_TMP/big/export"
done_testing
