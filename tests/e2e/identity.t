#!/bin/sh
# identity.t — two different benchmarks never collapse into one (issue 16
# item 21): names that would run into each other under a separator stay
# two benchmarks in bt-cv and bt-compare, and a name holding a NUL
# (\u0000), which no text output could show apart, is refused with the
# file and line.
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/identity
mkdir -p "$t"
printf '%s\n' \
	'{"bt":1,"kind":"sample","suite":"s","name":"a\u001fb","metrics":{"ns/op":2}}' \
	'{"bt":1,"kind":"sample","suite":"s\u001fa","name":"b","metrics":{"ns/op":3}}' \
	'{"bt":1,"kind":"sample","name":"x","labels":{"a=b":"c"},"metrics":{"ns/op":4}}' \
	'{"bt":1,"kind":"sample","name":"x","labels":{"a":"b=c"},"metrics":{"ns/op":5}}' >"$t/sep.jsonl"
is "$(bt-cv -s "$t/sep.jsonl" | jq -c '[.suite, .name, .labels, .n]' | tr '\n' ' ')" \
	'["s","a\u001fb",null,1] ["s\u001fa","b",null,1] [null,"x",{"a=b":"c"},1] [null,"x",{"a":"b=c"},1] ' \
	"bt-cv: four benchmarks, one sample each"
is "$(bt-compare "$t/sep.jsonl" "$t/sep.jsonl" | jq -c 'select(.kind == "change" and (.geomean | not)) | [.suite, .name, .labels, .baseline.n]' | tr '\n' ' ')" \
	'["s","a\u001fb",null,1] ["s\u001fa","b",null,1] [null,"x",{"a=b":"c"},1] [null,"x",{"a":"b=c"},1] ' \
	"bt-compare: four benchmarks too"
printf '%s\n' '{"bt":1,"kind":"sample","name":"a","metrics":{"ns/op":1}}' \
	'{"bt":1,"kind":"sample","name":"a\u0000b","metrics":{"ns/op":2}}' >"$t/nul.jsonl"
for tool in bt-cv bt-compare; do
	if [ $tool = bt-cv ]; then set -- "$t/nul.jsonl"; else set -- "$t/nul.jsonl" "$t/nul.jsonl"; fi
	exits 2 "$tool refuses a NUL in a name" $tool "$@"
	is "$($tool "$@" 2>&1 >/dev/null)" "$tool: $t/nul.jsonl:2: a NUL (\\u0000) in the sample's name: names are text" \
		"$tool says where and why"
done
done_testing
