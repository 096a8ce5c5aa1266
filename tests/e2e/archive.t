#!/bin/sh
# archive.t — archives as bt-export writes them and as every filter reads
# them: a results tree of real Go captures bundled (.tar.gz, .tar.xz, .zip)
# with a manifest whose sizes and CRC-32s are checked here independently,
# read back by bt-parse and bt-compare without unpacking, extracted to the
# same bytes; and hostile archives (.., absolute paths, escaping links),
# made with python3's tarfile, refused with nothing written outside.
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/archive
d=$BT_TESTS/data/go
mkdir -p "$t/results/go1.21" "$t/results/go1.22"
bt-parse -l version=go1.21 "$d/gc-count10.txt" >"$t/results/go1.21/2026-01-01_10-00-00.jsonl"
bt-parse -l version=go1.22 "$d/gc-count10-b.txt" >"$t/results/go1.22/2026-01-02_10-00-00.jsonl"
cp "$d/gc-count10-b.txt" "$t/results/go1.22/2026-01-02_10-00-00.txt"
echo BenchmarkSmallAllocation >"$t/results/go1.22/2026-01-02_10-00-00_failed_benchmarks.txt"
cd "$t" || exit 2

for a in r.tar.gz r.tar.xz r.zip; do
	bt-export --archive "$a" results
	ok $? "bt-export --archive $a"
	bt-export --verify "$a" >/dev/null
	ok $? "$a: every member matches the manifest"
done
# The manifest checked by another implementation of CRC-32 (Python's zlib).
python3 - r.tar.gz <<'PY' >"$t/pycheck"
import hashlib, json, sys, tarfile, zlib
with tarfile.open(sys.argv[1]) as t:
    names = [m.name for m in t.getmembers()]
    man = json.load(t.extractfile("MANIFEST.json"))
    bad = 0
    for f in man["files"]:
        data = t.extractfile(f["path"]).read()
        bad += (len(data) != f["size"] or "%08x" % zlib.crc32(data) != f["crc32"]
                or hashlib.sha256(data).hexdigest() != f["sha256"])
    listed = sorted(f["path"] for f in man["files"])
    print(",".join(man["checksums"]), len(listed), bad, listed == sorted(n for n in names if n != "MANIFEST.json"))
PY
is "$(cat "$t/pycheck")" "crc32,sha256 4 0 True" \
	"manifest: every member, its size, CRC-32 and SHA-256, checked by Python"

# Tampering is found.
python3 - r.tar.gz bad.tar.gz <<'PY'
import io, sys, tarfile
with tarfile.open(sys.argv[1]) as src, tarfile.open(sys.argv[2], "w:gz") as dst:
    for m in src.getmembers():
        data = src.extractfile(m).read()
        if m.name.endswith("_failed_benchmarks.txt"):
            data = b"BenchmarkOther\n"
            m.size = len(data)
        dst.addfile(m, io.BytesIO(data))
PY
exits 1 "a changed member fails --verify" bt-export --verify bad.tar.gz
# A member removed, and a member smuggled in that the manifest never listed.
python3 - r.tar.gz gone.tar.gz extra.tar.gz <<'PY'
import io, sys, tarfile
with tarfile.open(sys.argv[1]) as src:
    members = [(m, src.extractfile(m).read()) for m in src.getmembers()]
with tarfile.open(sys.argv[2], "w:gz") as gone:
    for m, data in members:
        if not m.name.endswith(".txt"):
            gone.addfile(m, io.BytesIO(data))
with tarfile.open(sys.argv[3], "w:gz") as extra:
    for m, data in members:
        extra.addfile(m, io.BytesIO(data))
    m = tarfile.TarInfo("results/go1.22/extra.jsonl")
    m.size = 3
    extra.addfile(m, io.BytesIO(b"{}\n"))
PY
bt-export --verify gone.tar.gz 2>gone.err
is $? 1 "a member missing from the archive fails --verify"
grep -q 'in the manifest, not in the archive' gone.err
ok $? "and says which"
bt-export --verify extra.tar.gz 2>extra.err
is $? 1 "a member the manifest does not list fails --verify"
grep -q 'results/go1.22/extra.jsonl: not in the manifest' extra.err
ok $? "and names it"

# Reading straight from the archive.
# (members in the archive's order: the tree sorted by name)
for f in results/go1.21/2026-01-01_10-00-00.jsonl results/go1.22/2026-01-02_10-00-00.jsonl \
	results/go1.22/2026-01-02_10-00-00.txt; do
	bt-parse "$f"
done >want.jsonl
for a in r.tar.gz r.tar.xz r.zip; do
	bt-parse "$a" >got.jsonl 2>err
	ok $? "bt-parse $a exits 0"
	cmp -s want.jsonl got.jsonl
	ok $? "bt-parse $a gives the records of its members"
done
grep -q "r.zip:results/go1.22/2026-01-02_10-00-00_failed_benchmarks.txt: neither records" err
ok $? "a member that is no one's format is skipped, by name"
bt-parse r.tar.gz:results/go1.21/2026-01-01_10-00-00.jsonl | cmp -s - results/go1.21/2026-01-01_10-00-00.jsonl
ok $? "ARCHIVE:MEMBER reads that member, byte for byte"
exits 2 "ARCHIVE:MEMBER that is not there" bt-parse r.tar.gz:results/nope.jsonl
bt-parse "$d/gc-count10-b.txt" >b.jsonl
bt-parse r.tar.gz:results/go1.22/2026-01-02_10-00-00.txt | cmp -s - b.jsonl
ok $? "a tool's output in an archive goes through its plugin"

# bt-compare two versions straight from the archive.
bt-compare results/go1.21/2026-01-01_10-00-00.jsonl results/go1.22/2026-01-02_10-00-00.jsonl >cmp.want
bt-compare r.tar.xz:results/go1.21/2026-01-01_10-00-00.jsonl \
	r.tar.xz:results/go1.22/2026-01-02_10-00-00.jsonl >cmp.got
is "$?$(wc -l <cmp.got)" "0$(wc -l <cmp.want)" "bt-compare reads both versions from the archive"
cmp -s cmp.want cmp.got
ok $? "and says what it says on the files"

# A stream as one member; a gzip-compressed member is inflated on reading.
gzip -c results/go1.21/2026-01-01_10-00-00.jsonl >run.jsonl.gz
bt-export --archive s.tar.gz -n run.jsonl <results/go1.21/2026-01-01_10-00-00.jsonl
ok $? "stdin archived as one member"
bt-parse s.tar.gz:run.jsonl | cmp -s - results/go1.21/2026-01-01_10-00-00.jsonl
ok $? "and read back"
bt-export --archive z.tar run.jsonl.gz
bt-parse z.tar | cmp -s - results/go1.21/2026-01-01_10-00-00.jsonl
ok $? ".jsonl.gz inside a tar is read through zlib"

# Extract: identical bytes.
bt-export --extract r.tar.gz out
ok $? "bt-export --extract"
diff -r results out/results >/dev/null
ok $? "extracted files are identical"
exits 2 "unknown archive suffix" bt-export --archive r.rar results

# Hostile archives: refused before anything is written.
python3 - <<'PY'
import io, tarfile
def mk(name, members):
    with tarfile.open(name, "w:gz") as t:
        for path, kind, arg in members:
            ti = tarfile.TarInfo(path)
            if kind == "sym":
                ti.type, ti.linkname = tarfile.SYMTYPE, arg
                t.addfile(ti)
            elif kind == "hard":
                ti.type, ti.linkname = tarfile.LNKTYPE, arg
                t.addfile(ti)
            else:
                ti.size = len(arg)
                t.addfile(ti, io.BytesIO(arg))
mk("dotdot.tar.gz", [("ok.txt", "f", b"ok\n"), ("../escaped-dotdot", "f", b"bad\n")])
mk("deep.tar.gz", [("a/b/../../../escaped-deep", "f", b"bad\n")])
mk("abs.tar.gz", [("ok.txt", "f", b"ok\n"), ("/tmp/bt-escaped-abs", "f", b"bad\n")])
mk("sym.tar.gz", [("link", "sym", ".."), ("link/escaped-sym", "f", b"bad\n")])
mk("symabs.tar.gz", [("etc", "sym", "/etc")])
mk("hard.tar.gz", [("h", "hard", "../escaped-hard")])
mk("inside.tar.gz", [("d/f.txt", "f", b"in\n"), ("d/l", "sym", "f.txt")])
PY
rm -f /tmp/bt-escaped-abs
for a in dotdot deep abs sym symabs hard; do
	mkdir -p "h-$a"
	bt-export --extract "$a.tar.gz" "h-$a/target" 2>"$a.err"
	is "$?" 2 "hostile archive $a refused (exit 2)"
	grep -q "refused" "$a.err"
	ok $? "$a: a clear error"
	is "$(find "h-$a" | wc -l)" 1 "$a: nothing written, not even the target"
done
is "$(find "$t" /tmp/bt-escaped-abs -name 'escaped*' 2>/dev/null | wc -l)" 0 "nothing written outside"
bt-export --extract inside.tar.gz in && [ "$(cat in/d/l)" = in ]
ok $? "a link that stays inside is extracted"
# A merged tree: bt-merge's .backup is data and is bundled; its empty lock
# and a temporary a killed writer left are not.
cp -R results merged
bt-merge merged/go1.22/2026-01-02_10-00-00.jsonl "$t/results/go1.21/2026-01-01_10-00-00.jsonl" 2>/dev/null
: >merged/go1.22/2026-01-02_10-00-00.jsonl.tmp.Ab12Cd
ls merged/go1.22/*.lock >/dev/null 2>&1
ok $? "bt-merge left its lock beside the file"
bt-export --archive m.tar.gz merged
is "$(tar tzf m.tar.gz | grep -c '\.backup$')" 1 "the merge's .backup is bundled"
is "$(tar tzf m.tar.gz | grep -c '\.lock$\|\.tmp\.')" 0 "its lock and a stale temporary are not"

# Start-up: no filter links libarchive (lazyarchive.c loads it on first use).
for f in "$BT_INST"/bin/bt-*; do
	head -c 4 "$f" | grep -q ELF || continue
	! ldd "$f" | grep -q libarchive
	ok $? "$(basename "$f") starts without loading libarchive"
done
done_testing
