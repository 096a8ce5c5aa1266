#!/bin/sh
# web.t — the dashboard in a real browser: serve the installed page and a
# data set made from the real Go captures on 127.0.0.1, drive Debian's
# headless Chromium through playwright-core (tests/web/dashboard.test.js),
# and check platform, category and version choice, the charts' data, the
# table's numbers, variance, system metadata, search, the XSS case and a
# phone-sized screen; once on the fixture of tests/web/make-fixture.py,
# once on what bt-export --web makes of a results tree of the same
# captures (tests/e2e/gotree.sh).  Screenshots land in $BT_TMP (set BT_WEB_SHOT to a
# path to keep the export's, e.g. docs/img/dashboard.png).  Skips when chromium,
# node or the npm packages (`make deps`) are missing.
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

# browse NAME DATA: serve the page with DATA as its data directory and run
# the browser test against it.
browse() {
	site=$BT_TMP/web-site-$1
	rm -rf "$site"
	mkdir -p "$site"
	cp -R "$page/." "$site/"
	cp -R "$2" "$site/data"
	# A static server on a free loopback port; it prints the port it took.
	# Each server has its own log: the subshell truncates it only when it
	# runs, and a shared one could still show the previous server's port.
	log=$BT_TMP/web-server-$1
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
	ok $? "$1: http.server listens on 127.0.0.1 (port ${port:-none})"

	shot=$BT_TMP/dashboard-$1.png
	set -- "$1" "$2" "$shot"
	[ -n "${BT_WEB_SHOT:-}" ] && [ "$1" = export ] && set -- "$@" "$BT_WEB_SHOT"
	_label=$1
	_data=$2
	shift 2
	BT_CHROMIUM=$chromium node "$web/dashboard.test.js" \
		"http://127.0.0.1:$port/index.html" \
		"$BT_TESTS/data/go/gc-count10.txt" "$BT_TESTS/data/go/gc-count10-b.txt" \
		"$_data" "$@" >"$BT_TMP/web.out" 2>"$BT_TMP/web.err"
	st=$?
	while IFS= read -r line; do
		case $line in
		"PASS "*) ok 0 "$_label: ${line#PASS }" ;;
		"FAIL "*) ok 1 "$_label: ${line#FAIL }" ;;
		*) echo "$line" ;;
		esac
	done <"$BT_TMP/web.out"
	is "$st" 0 "$_label: the browser test exits 0"
	[ "$st" -eq 0 ] || sed 's/^/# /' "$BT_TMP/web.err"
	run "$_label: a screenshot was saved" test -s "$shot"
	run "$_label: a phone-sized screenshot was saved" test -s "$BT_TMP/dashboard-$_label-phone.png"
	kill "$server" 2>/dev/null
	wait "$server" 2>/dev/null
	trap - EXIT
}

# The fixture written by tests/web/make-fixture.py ...
browse fixture "$BT_TESTS/data/web/data"
# ... and bt-export's own output from a results tree of the same captures.
go_tree "$BT_TMP/results"
run "bt-export --web on a results tree" bt-export --web "$BT_TMP/export" "$BT_TMP/results"
browse export "$BT_TMP/export"
done_testing
