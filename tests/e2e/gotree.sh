# tests/e2e/gotree.sh — a results tree as scripts/bt-collect lays it out
# (results/README.md), made from the real Go captures in tests/data/go, for
# the tests of bt-export.  Source it after lib.sh, then:
#
#   go_tree DIR [GOOS GOARCH]
#
# writes DIR/go1.19.8-a/ (the -count=5 -json run at 15:46:35 and the
# gc-count10.txt run at 16:00:00, plus a _retry1 and a _failed_benchmarks
# file that must be ignored) and DIR/go1.19.8-b/ (gc-count10-b.txt at
# 16:10:00).  Each main result starts with the context record bt-run writes.
# GOOS/GOARCH rewrite the platform (to test a second one).  Every run also
# carries a benchmark named "<img src=x onerror=alert(1)>" with
# BenchmarkSliceAppend's real samples, for the page's XSS test.
_go_run() { # _go_run CAPTURE TIME GOOS GOARCH
	printf '{"bt":1,"kind":"context","time":"%s","host":"debian-12","os":"%s","arch":"%s","cores":2,"toolchain":"go version go1.19.8 linux/amd64","commit":""}\n' "$2" "$3" "$4"
	bt-parse "$1" >"$BT_TMP/go-run.jsonl" || return 1
	sed -e "s/\"goos\":\"linux\"/\"goos\":\"$3\"/g" \
		-e "s/\"goarch\":\"amd64\"/\"goarch\":\"$4\"/g" "$BT_TMP/go-run.jsonl"
	sed -n -e "s/\"goos\":\"linux\"/\"goos\":\"$3\"/g" \
		-e "s/\"goarch\":\"amd64\"/\"goarch\":\"$4\"/g" \
		-e 's/"name":"BenchmarkSliceAppend"/"name":"<img src=x onerror=alert(1)>"/p' \
		"$BT_TMP/go-run.jsonl"
}
go_tree() {
	_os=${2:-linux}
	_arch=${3:-amd64}
	mkdir -p "$1/go1.19.8-a" "$1/go1.19.8-b" || return 1
	_go_run "$BT_TESTS/data/go/gc-count5.json" 2026-11-22T15:46:35Z "$_os" "$_arch" \
		>"$1/go1.19.8-a/2026-11-22_15-46-35.jsonl" &&
	_go_run "$BT_TESTS/data/go/gc-count10.txt" 2026-11-22T16:00:00Z "$_os" "$_arch" \
		>"$1/go1.19.8-a/2026-11-22_16-00-00.jsonl" &&
	_go_run "$BT_TESTS/data/go/gc-count10-b.txt" 2026-11-22T16:10:00Z "$_os" "$_arch" \
		>"$1/go1.19.8-b/2026-11-22_16-10-00.jsonl" || return 1
	# must be ignored: a retry (newer, fewer benchmarks) and the failures
	grep -m 3 SliceAppend "$1/go1.19.8-b/2026-11-22_16-10-00.jsonl" \
		>"$1/go1.19.8-b/2026-11-22_16-10-00_retry1.jsonl"
	echo BenchmarkSliceAppend >"$1/go1.19.8-b/2026-11-22_16-10-00_failed_benchmarks.txt"
	cp "$1/go1.19.8-b/2026-11-22_16-10-00_retry1.jsonl" \
		"$1/go1.19.8-b/2026-11-22_16-10-00.jsonl.backup"
}
