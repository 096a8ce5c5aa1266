#!/bin/sh
# system-check.t — bt-system-check reports every check, as text or JSON,
# warns without failing, fails only with --strict, and says "unknown" for
# what this machine does not expose.
. "$BT_TESTS/e2e/lib.sh"
bt-system-check >"$BT_TMP/sc.txt"
is $? 0 "warnings do not fail a plain check"
for k in governor load temperature swap processes; do
	grep -q "^$k " "$BT_TMP/sc.txt"
	ok $? "reports $k"
done
bt-system-check --json >"$BT_TMP/sc.json"
is "$(jq -r '[.governor.status, .load.status, .swap.status] | map(test("^(ok|warn|unknown)$")) | all' "$BT_TMP/sc.json")" true "--json: a status per check"
# One call, so busy processes coming and going cannot disagree with it.
bt-system-check --strict --json >"$BT_TMP/strict.json"
st=$?
w=$(jq -r .warnings "$BT_TMP/strict.json")
if [ "$w" -gt 0 ]; then is $st 1 "--strict fails when there are warnings"; else is $st 0 "--strict passes when nothing warns"; fi
exits 2 "an unknown option is a usage error" bt-system-check --nope
done_testing
