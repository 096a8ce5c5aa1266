#!/bin/sh
# bad.t — every filter on every file of tests/bad/ (and a 100 MB line):
# no crash, no sanitizer report (the sanitizer build exits 99 on one), the
# documented exit status (the file name's first digit), the file and line
# named in the error, and — for filters that stream — every valid record
# before the bad line still delivered.  Filters not built yet are skipped.
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/bad
mkdir -p "$t"
good=$BT_TESTS/data/go/gc-count10.txt
# filter name: how to run it on one file ("@" is the file)
set -- \
	"bt-parse|bt-parse @" \
	"bt-cv|bt-cv @" \
	"bt-compare|bt-compare @ @" \
	"bt-merge|bt-merge --union @" \
	"bt-merge -o|bt-merge -o - @ $good" \
	"bt-export|bt-export --format csv @" \
	"bt-report|bt-report --format csv @" \
	"bt-run|bt-run -f records -- cat @"
awk 'BEGIN { printf "{\"bt\":1,\"kind\":\"sample\",\"name\":\""; for (i = 0; i < 10500000; i++) printf "0123456789"; print "\"}" }' >"$t/2-line-100MB.jsonl"
for spec in "$@"; do
	name=${spec%%|*}
	cmd=${spec#*|}
	tool=${cmd%% *}
	if ! command -v "$tool" >/dev/null 2>&1; then
		skip "$tool is not built yet"
		continue
	fi
	for f in "$BT_TESTS"/bad/[0-9]-* "$t/2-line-100MB.jsonl"; do
		base=$(basename "$f")
		want=${base%%-*}
		# shellcheck disable=SC2086
		eval "$(echo "$cmd" | sed "s|@|\"$f\"|g")" >"$t/out" 2>"$t/err"
		st=$?
		is "$st" "$want" "$name on $base: exit $want"
		if [ "$want" = 2 ] && [ "$st" = 2 ]; then
			# bt-run names the command whose output it read.
			where=$base
			[ "$tool" = bt-run ] && where=cat
			grep -q "^$tool: \(.*/\)*$where:[0-9][0-9]*: " "$t/err"
			ok $? "$name on $base: the error names file and line"
		fi
		if [ -s "$t/out" ] && ! jq -e . "$t/out" >/dev/null 2>&1; then
			[ "$name" = "bt-export" ] || [ "$name" = "bt-report" ] || ok 1 "$name on $base: only whole records on stdout"
		fi
		# The three valid lines hold two distinct records (--union: 2).
		case $name in bt-parse) n=3 ;; "bt-merge") n=2 ;; *) n= ;; esac
		if [ -n "$n" ] && [ "$want" = 2 ] && [ "$base" != 2-line-100MB.jsonl ]; then
			is "$(grep -c '"name":"BenchmarkA"' "$t/out")" $n "$name on $base: the valid records before the bad line are delivered"
		fi
	done
done
done_testing
