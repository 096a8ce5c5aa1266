#!/bin/sh
# fullfs.t — the disk fills up under the tools that replace files: bt-merge
# (ORIGINAL in place), bt-export --web (the dashboard) and --archive, and
# bt-baseline save.  Each fails, says so on stderr, and leaves the file it
# was replacing as it was, with no temporary behind.  Runs in a private
# mount namespace (unshare -m) on a 192 KiB tmpfs; skipped where that is
# not allowed.  And bt-parse with its spool (spool.h) on the full disk:
# its child gives its half back, and nothing is lost; the same for one
# large file cut in two.
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/fullfs     # the small disk
k=$BT_TMP/fullfs-keep # copies to compare with, on the real disk
d=$BT_TESTS/data/go
if [ -z "${BT_FULLFS_NS:-}" ]; then
	mkdir -p "$t"
	if command -v unshare >/dev/null 2>&1 &&
		unshare -m sh -c "mount -t tmpfs -o size=192k tmpfs '$t'" 2>/dev/null; then
		BT_FULLFS_NS=1 exec unshare -m sh "$0"
	fi
	skip "cannot mount a small tmpfs here (unshare -m)"
	done_testing
	exit 0
fi
mount -t tmpfs -o size=192k tmpfs "$t" || exit 1
mkdir -p "$k"

# leave KIB kibibytes free on the small disk
fill() {
	rm -f "$t/filler"
	avail=$(df -k --output=avail "$t" | tail -1)
	[ "$avail" -le "$1" ] || dd if=/dev/zero of="$t/filler" bs=1k count=$((avail - $1)) 2>/dev/null
}
# no temporary left on the small disk
no_temps() {
	is "$(find "$t" -name '*.tmp*' -o -name '.baseline.*' | wc -l)" 0 "$1: no temporary left behind"
}

# bt-merge in place.
bt-parse "$d/gc-count10.txt" >"$t/orig.jsonl"
bt-parse "$d/gc-count10-b.txt" >"$k/retry.jsonl"
cp "$t/orig.jsonl" "$k/orig.jsonl"
fill 8
bt-merge "$t/orig.jsonl" "$k/retry.jsonl" 2>"$k/merge.err"
st=$?
ok $((st == 0)) "bt-merge on a full disk fails (exit $st)"
grep -q "write error\|No space left" "$k/merge.err"
ok $? "bt-merge: and says why"
run "bt-merge: the original is as it was" cmp "$t/orig.jsonl" "$k/orig.jsonl"
no_temps bt-merge
rm -f "$t/orig.jsonl"*

# bt-export --web: a first export fits, the second does not.
mkdir -p "$k/r1/go1.21" "$k/r2/go1.22"
bt-parse -l version=go1.21 "$d/gc-count10.txt" >"$k/r1/go1.21/2026-01-01_10-00-00.jsonl"
bt-parse -l version=go1.22 "$d/gc-count10-b.txt" >"$k/r2/go1.22/2026-01-02_10-00-00.jsonl"
rm -f "$t/filler"
bt-export --web "$t/web" "$k/r1"
ok $? "bt-export --web: the first export fits"
cp -R "$t/web" "$k/web"
fill 4
bt-export --web "$t/web" "$k/r2" 2>"$k/web.err"
st=$?
ok $((st == 0)) "bt-export --web on a full disk fails (exit $st)"
grep -q "No space left" "$k/web.err"
ok $? "bt-export --web: and says why"
bad=0
for f in "$t/web/platforms.json" "$t/web"/*/*.json; do
	jq -e . "$f" >/dev/null 2>&1 || bad=$((bad + 1))
done
is "$bad" 0 "bt-export --web: every dashboard file is still whole JSON"
is "$(jq -c '[.versions[].version]' "$t/web/linux-amd64/index.json")" '["go1.21"]' \
	"bt-export --web: the index lists what was written, nothing half-written"
run "bt-export --web: go1.21's file is as it was" cmp "$t/web/linux-amd64/v/go1.21.json" "$k/web/linux-amd64/v/go1.21.json"
no_temps "bt-export --web"
rm -rf "$t/web"

# bt-export --archive over an existing archive.
rm -f "$t/filler"
bt-export --archive "$t/a.tar.gz" "$k/r1"
cp "$t/a.tar.gz" "$k/a.tar.gz"
head -c 60000 /dev/urandom >"$k/noise.bin"
fill 16
bt-export --archive "$t/a.tar.gz" "$k/r1" "$k/noise.bin" 2>"$k/ar.err"
st=$?
ok $((st == 0)) "bt-export --archive on a full disk fails (exit $st)"
grep -q "No space left" "$k/ar.err"
ok $? "bt-export --archive: and says why"
run "bt-export --archive: the old archive is as it was" cmp "$t/a.tar.gz" "$k/a.tar.gz"
run "bt-export --archive: and still verifies" bt-export --verify "$t/a.tar.gz"
no_temps "bt-export --archive"
rm -f "$t/a.tar.gz"

# bt-baseline save over an existing baseline.
rm -f "$t/filler"
bt-baseline save -f "$t/base.jsonl" -v one "$d/gc-count10.txt" 2>/dev/null
cp "$t/base.jsonl" "$k/base.jsonl"
fill 8
bt-baseline save -f "$t/base.jsonl" -v two "$d/gc-count10.txt" "$d/gc-count10-b.txt" 2>"$k/base.err"
st=$?
ok $((st == 0)) "bt-baseline save on a full disk fails (exit $st)"
grep -q "unchanged" "$k/base.err"
ok $? "bt-baseline save: and says the baseline is unchanged"
run "bt-baseline save: the old baseline is as it was" cmp "$t/base.jsonl" "$k/base.jsonl"
no_temps "bt-baseline save"

# bt-parse of two files, the second half's spool in a full TMPDIR.
rm -f "$t/filler"
BT_THREADS=1 bt-parse "$d/gc-count10.txt" "$d/gc-count10-b.txt" >"$k/p1.out" 2>"$k/p1.err"
fill 8
TMPDIR=$t BT_THREADS=2 bt-parse "$d/gc-count10.txt" "$d/gc-count10-b.txt" >"$k/p2.out" 2>"$k/p2.err"
is "$? $(wc -c <"$k/p2.err")" "0 0" "bt-parse, its spool on a full disk: exit 0, nothing said"
run "bt-parse, its spool on a full disk: every record, in order" cmp "$k/p1.out" "$k/p2.out"
if command -v strace >/dev/null 2>&1; then
	TMPDIR=$t BT_THREADS=2 strace -f -q -e trace=none -o "$k/p.strace" bt-parse "$d/gc-count10.txt" "$d/gc-count10-b.txt" >/dev/null 2>&1
	grep -q 'exited with 125' "$k/p.strace"
	ok $? "bt-parse: the child gave its half back (exit 125)"
else
	skip "no strace"
fi

# bt-parse of one file large enough to be cut, the child's spool in the
# full TMPDIR: the parent reads the child's part after its own.
"$BT_TESTS/bench/gen-big-go.sh" 2200 50 9 >"$k/big.txt"
BT_THREADS=1 bt-parse "$k/big.txt" >"$k/c1.out" 2>"$k/c1.err"
TMPDIR=$t BT_THREADS=2 bt-parse "$k/big.txt" >"$k/c2.out" 2>"$k/c2.err"
is "$? $(wc -c <"$k/c2.err")" "0 0" "bt-parse, one file cut, its spool on a full disk: exit 0, nothing said"
run "bt-parse, one file cut, its spool on a full disk: every record, in order" cmp "$k/c1.out" "$k/c2.out"
# stdin from its second line: the parent reads the child's part again
# from where stdin was, and leaves it at its end
BT_THREADS=1 sh -c '{ read -r first; bt-parse; wc -c; } <"$1"' sh "$k/big.txt" >"$k/s1.out" 2>&1
TMPDIR=$t BT_THREADS=2 sh -c '{ read -r first; bt-parse; wc -c; } <"$1"' sh "$k/big.txt" >"$k/s2.out" 2>&1
run "bt-parse, stdin cut, its spool on a full disk: every record, stdin at its end" cmp "$k/s1.out" "$k/s2.out"
if command -v strace >/dev/null 2>&1; then
	TMPDIR=$t BT_THREADS=2 strace -f -q -e trace=none -o "$k/c.strace" bt-parse "$k/big.txt" >/dev/null 2>&1
	grep -q 'exited with 125' "$k/c.strace"
	ok $? "bt-parse, one file cut: the child gave its part back (exit 125)"
else
	skip "no strace"
fi
done_testing
