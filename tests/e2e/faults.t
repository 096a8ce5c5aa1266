#!/bin/sh
# faults.t — the world misbehaving: a full disk (/dev/full) is reported and
# fails the run (fullfs.t fills a real one under the tools that replace
# files); a reader that goes away (| head -1) ends the filter
# quietly, as cat does; a missing or unreadable input is an input error
# that does not stop the other inputs; a child killed under bt-run leaves
# the records it printed and a failure record.
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/faults
mkdir -p "$t"
d=$BT_TESTS/data/go/gc-count10.txt
bt-parse "$d" >"$t/r.jsonl"
for cmd in "bt-parse $d" "bt-cv $t/r.jsonl" "bt-compare $t/r.jsonl $t/r.jsonl" \
	"bt-merge --union $t/r.jsonl" "bt-run -- cat $d"; do
	tool=${cmd%% *}
	command -v "$tool" >/dev/null 2>&1 || { skip "$tool not built"; continue; }
	$cmd >/dev/full 2>"$t/err"
	st=$?
	ok $((st == 0)) "$tool: a full disk fails the run (exit $st)"
	grep -q "write error" "$t/err"
	ok $? "$tool: and says so"
	$cmd 2>"$t/err" | head -1 >/dev/null
	is "$(cat "$t/err")" "" "$tool: a closed pipe ends it quietly"
done
bt-parse "$t/missing.txt" "$d" >"$t/two.jsonl" 2>"$t/err"
is $? 2 "a missing input: exit 2"
grep -q "^bt-parse: $t/missing.txt: No such file or directory" "$t/err"
ok $? "it is named"
is "$(grep -c sample "$t/two.jsonl")" 100 "the other inputs are still read"

# A child killed under bt-run: what it printed is kept, then a failure.
bt-run -f go -- sh -c "cat '$d'; kill -9 \$\$" >"$t/k.jsonl" 2>"$t/err"
is $? 1 "bt-run: a child killed by SIGKILL fails the run (exit 1)"
is "$(grep -c '"sample"' "$t/k.jsonl")" 100 "the 100 results it printed first are kept"
is "$(tail -1 "$t/k.jsonl" | jq -r '[.kind, .reason, .message] | join(" ")')" \
	"failure exit killed by signal 9" "and a failure record says how it ended"

# An unreadable input (mode 000, read as an unprivileged user: root reads
# anything): named, exit 2, the other inputs still read.
chmod 711 "$BT_TMP" && chmod 755 "$t"
cp "$t/r.jsonl" "$t/secret.jsonl" && chmod 000 "$t/secret.jsonl"
as_nobody() {
	if [ "$(id -u)" = 0 ]; then
		setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	else
		"$@"
	fi
}
if ! as_nobody "$(command -v bt-parse)" --version >/dev/null 2>&1; then
	skip "the installed tools cannot be run as an unprivileged user here"
else
	for cmd in bt-parse bt-cv "bt-merge --union"; do
		tool=${cmd%% *}
		# shellcheck disable=SC2086
		as_nobody "$(command -v "$tool")" ${cmd#"$tool"} "$t/secret.jsonl" "$t/r.jsonl" \
			>"$t/out" 2>"$t/err"
		is $? 2 "$tool: an unreadable input: exit 2"
		grep -q "^$tool: $t/secret.jsonl: Permission denied" "$t/err"
		ok $? "$tool: it is named with the reason"
		is "$(grep -c '"kind":"sample"' "$t/out")" 100 "$tool: the other input is still read"
	done
fi
done_testing
