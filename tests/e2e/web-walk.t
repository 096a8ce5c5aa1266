#!/bin/sh
# web-walk.t — bt-export --web's walk of a results tree takes only what is
# in the tree (issue 16, items 7 and 10, with inputs the first fix did not
# see): a fifo named as a result (it hung the export), a link to / (it
# walked the whole file system, 16 levels deep), a result linked from
# outside the tree (someone's private results, exported to a public page),
# /dev/zero as a result are refused by name, exit 2, nothing exported from
# them; a link within the tree is followed.
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/web-walk
d=$BT_TESTS/data/go
R=$t/r/stable/linux-amd64
mkdir -p "$R/go1.25" "$t/secret"
bt-parse "$d/gc-count10.txt" >"$R/go1.25/2026-01-01_00-00-00.jsonl"
bt-parse -l version=secret "$d/gc-count10-b.txt" >"$t/secret/2026-02-01_00-00-00.jsonl"
export_web() { # export_web NAME: exit status of the export of $t/r into $t/NAME
	timeout 60 bt-export --web "$t/$1" "$t/r" >/dev/null 2>"$t/$1.err"
}
mkfifo "$R/go1.25/2026-01-02_00-00-00.jsonl"
export_web w1
is $? 2 "a fifo named as a result: refused (exit 2), no hang"
grep -qxF "bt-export: $R/go1.25/2026-01-02_00-00-00.jsonl: not a regular file; refused" "$t/w1.err"
ok $? "and named"
rm "$R/go1.25/2026-01-02_00-00-00.jsonl"
ln -s / "$R/root"
start=$(date +%s)
export_web w2
is $? 2 "a link to /: refused"
ok $(($(date +%s) - start > 10)) "without walking it"
grep -qxF "bt-export: $R/root: a symbolic link out of $t/r; refused" "$t/w2.err"
ok $? "and named"
rm "$R/root"
ln -s "$t/secret/2026-02-01_00-00-00.jsonl" "$R/go1.25/2026-02-01_00-00-00.jsonl"
export_web w3
is $? 2 "a result linked from outside the tree: refused"
ok "$(! grep -rqs secret "$t/w3"; echo $?)" "nothing of it in the web tree"
rm "$R/go1.25/2026-02-01_00-00-00.jsonl"
ln -s /dev/zero "$R/go1.25/2026-03-01_00-00-00.jsonl"
export_web w4
is $? 2 "/dev/zero as a result: refused"
rm "$R/go1.25/2026-03-01_00-00-00.jsonl"
mkdir -p "$t/r/stable/linux-arm64"
ln -s ../linux-amd64/go1.25 "$t/r/stable/linux-arm64/go1.25"
export_web w5
is $? 0 "a link within the tree is followed"
is "$(jq -r '.platforms[0].versions[0]' "$t/w5/platforms.json" 2>/dev/null)" go1.25 "and its results exported"

# Version names too long for a file name (300 bytes; 300 '/' that encode to
# 900): each exported under a cut stem with a digest, their comparison's
# file too, distinct from each other and from a short name crafted like one.
mkdir -p "$t/long/x"
long=$(printf '%0300d' 0 | tr 0 v)
i=10
for v in "$long" "${long}w" "$(printf '%0300d' 0 | tr 0 /)" short; do
	i=$((i + 1))
	bt-parse -l "version=$v" "$d/gc-count10.txt" >"$t/long/x/2026-01-${i}_10-00-00.jsonl"
done
bt-export --web "$t/wl" "$t/long" >/dev/null 2>"$t/wl.err"
is $? 0 "versions of 300 and 900 encoded bytes export"
is "$(find "$t/wl" -name '*.jsonl' -path '*/v/*' | wc -l | tr -d ' ')" 4 "each under a file of its own"
is "$(find "$t/wl" -type f | awk -F/ '{ if (length($NF) > 255) n++ } END { print n + 0 }')" 0 "no file name over 255 bytes"
ok "$(test -n "$(find "$t/wl/linux-amd64/compare" -name '*%%*~*%%*.json')"; echo $?)" "a comparison of two long names has its file"
done_testing
