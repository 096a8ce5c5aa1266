#!/bin/sh
# regress.t — every fuzz seed and every input a fuzzer once crashed on
# (tests/fuzz/regress/) goes through bt-parse, auto-detected and forced to
# each plugin: it may be refused (exit 2) but never crash, never trip a
# sanitizer (exit 99 in the sanitizer build) and never print half a record.
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/regress
mkdir -p "$t"
plugins=$(bt-parse --list-plugins | awk '{print $1}')
for f in "$BT_TESTS"/fuzz/regress/* "$BT_TESTS"/fuzz/corpus/*/*; do
	[ -f "$f" ] || continue
	name=${f#"$BT_TESTS"/fuzz/}
	bad=
	for fmt in "" $plugins; do
		bt-parse ${fmt:+-f "$fmt"} "$f" >"$t/out" 2>"$t/err"
		st=$?
		if [ "$st" -ne 0 ] && [ "$st" -ne 2 ]; then
			bad="$bad ${fmt:-auto}:exit$st"
		elif [ -s "$t/out" ] && ! jq -e . "$t/out" >/dev/null 2>&1; then
			bad="$bad ${fmt:-auto}:invalid-output"
		fi
	done
	[ -z "$bad" ]
	ok $? "$name: no crash, only whole records${bad:+ (}${bad}${bad:+ )}"
done
done_testing
