#!/bin/sh
# lock-safety.t — the lock files (ORIGINAL.lock of bt-merge, the web tree's
# platforms.json.lock) are opened O_NOFOLLOW | O_CLOEXEC and must be regular
# files (issue 16, item 13): a planted symbolic link (to a file, dangling,
# to a directory), a fifo are refused with the lock named, nothing written
# through them or in their place, no hang; a hard link is only locked,
# never written; the lock's descriptor does not reach the tools bt-export
# runs.
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/lock-safety
d=$BT_TESTS/data/go
mkdir -p "$t/r/stable/linux-amd64/go1.25" "$t/merge"
bt-parse "$d/gc-count10.txt" >"$t/r/stable/linux-amd64/go1.25/2026-01-01_00-00-00.jsonl"
bt-parse "$d/gc-count10.txt" >"$t/orig.jsonl"
bt-parse "$d/gc-count10-b.txt" >"$t/retry.jsonl"
echo precious >"$t/precious"
mkdir -p "$t/elsewhere"

# --- bt-merge's ORIGINAL.lock ---------------------------------------------------
m=$t/merge
cp "$t/orig.jsonl" "$m/a.jsonl"
mkfifo "$m/a.jsonl.lock"
timeout 20 bt-merge "$m/a.jsonl" "$t/retry.jsonl" 2>"$t/err"
is $? 2 "bt-merge: a fifo as the lock is refused (exit 2), no hang"
grep -qxF "bt-merge: $m/a.jsonl.lock: not a regular file; refused" "$t/err"
ok $? "and named"
run "the original untouched" cmp "$m/a.jsonl" "$t/orig.jsonl"
cp "$t/orig.jsonl" "$m/b.jsonl"
ln -s "$t/elsewhere" "$m/b.jsonl.lock"
bt-merge "$m/b.jsonl" "$t/retry.jsonl" 2>"$t/err"
is $? 2 "bt-merge: a lock linked to a directory is refused"
is "$(ls "$t/elsewhere")" "" "nothing written there"
cp "$t/orig.jsonl" "$m/c.jsonl"
ln "$t/precious" "$m/c.jsonl.lock"
bt-merge "$m/c.jsonl" "$t/retry.jsonl" 2>"$t/err"
is $? 0 "bt-merge: a lock hard-linked to a file is only locked"
is "$(cat "$t/precious")" precious "the file is never written"
cp "$t/orig.jsonl" "$m/d.jsonl"
ln -s "../precious" "$m/d.jsonl.lock"
bt-merge -o "$m/out.jsonl" "$m/d.jsonl" "$t/retry.jsonl" 2>"$t/err"
is $? 0 "bt-merge -o OUT leaves ORIGINAL alone and takes no lock on it"

# --- the web tree's platforms.json.lock ------------------------------------------
web() { # web NAME: a web tree with a planted lock made by the caller
	bt-export --web "$t/$1" "$t/r" >/dev/null 2>"$t/$1.err"
}
mkdir -p "$t/w1"
ln -s ../precious "$t/w1/platforms.json.lock"
web w1
is $? 2 "bt-export --web: a lock linked to a file is refused (exit 2)"
grep -qxF "bt-export: $t/w1/platforms.json.lock: a symbolic link; refused" "$t/w1.err"
ok $? "and named"
is "$(cat "$t/precious")" precious "the link's target untouched"
is "$(ls "$t/w1")" platforms.json.lock "nothing exported beside it"
mkdir -p "$t/w2"
ln -s "$t/nowhere" "$t/w2/platforms.json.lock"
web w2
is $? 2 "a dangling lock link is refused"
ok "$([ ! -e "$t/nowhere" ]; echo $?)" "and nothing is made where it points"
mkdir -p "$t/w3"
ln -s "$t/elsewhere" "$t/w3/platforms.json.lock"
web w3
is $? 2 "a lock linked to a directory is refused"
is "$(ls "$t/elsewhere")" "" "nothing written there"
mkdir -p "$t/w4"
mkfifo "$t/w4/platforms.json.lock"
timeout 20 bt-export --web "$t/w4" "$t/r" >/dev/null 2>"$t/w4.err"
is $? 2 "a fifo as the lock is refused, no hang"
grep -qxF "bt-export: $t/w4/platforms.json.lock: not a regular file; refused" "$t/w4.err"
ok $? "and named"

# the lock is held while bt-export runs the bt-compare and bt-history
# beside it: stand-ins that list their open descriptors
bin=$t/bin
mkdir -p "$bin"
cp "$BT_INST/bin/bt-export" "$bin/"
for tool in bt-compare bt-history; do
	printf '#!/bin/sh\nls -l /proc/$$/fd/ >>"%s/fds" 2>&1\nexit 0\n' "$t" >"$bin/$tool"
	chmod +x "$bin/$tool"
done
bt-parse -l version=a "$d/gc-count10.txt" >"$t/r/stable/linux-amd64/go1.25/2026-01-02_00-00-00.jsonl"
bt-parse -l version=b "$d/gc-count10-b.txt" >"$t/r/stable/linux-amd64/go1.25/2026-01-03_00-00-00.jsonl"
"$bin/bt-export" --web "$t/w5" "$t/r" >/dev/null 2>"$t/w5.err"
ok "$(test -s "$t/fds"; echo $?)" "bt-export ran the tools beside it"
! grep -q 'platforms.json.lock' "$t/fds"
ok $? "and the lock's descriptor was not theirs (O_CLOEXEC)"
done_testing
