#!/bin/sh
# archive-safety.t — issue 16, items 6–10: archives made hostile with
# python3's tarfile (setuid and world-writable modes, a fifo, a device
# node, hard links, the link chain l -> ., m -> l/.., duplicate names, a
# deep path, an archive cut off in the middle) are extracted safely or
# refused whole, with the target as it was; --verify refuses duplicates;
# --web never writes through a link out of its tree and stops on a link
# loop instead of walking it; bt-archive create refuses a path with '..',
# a fifo or a device, and a file that changes as it is read, and never
# bundles its archive.
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/archive-safety
mkdir -p "$t"
cd "$t" || exit 2
umask 022

python3 - <<'PY'
import io, tarfile
def mk(name, members, fmt=tarfile.PAX_FORMAT):
    with tarfile.open(name, "w", format=fmt) as t:
        for path, kind, arg, *mode in members:
            ti = tarfile.TarInfo(path)
            ti.mode = mode[0] if mode else 0o644
            if kind == "sym":
                ti.type, ti.linkname = tarfile.SYMTYPE, arg
                t.addfile(ti)
            elif kind == "hard":
                ti.type, ti.linkname = tarfile.LNKTYPE, arg
                t.addfile(ti)
            elif kind == "dir":
                ti.type = tarfile.DIRTYPE
                t.addfile(ti)
            elif kind == "fifo":
                ti.type = tarfile.FIFOTYPE
                t.addfile(ti)
            elif kind == "chr":
                ti.type, ti.devmajor, ti.devminor = tarfile.CHRTYPE, 1, 3
                t.addfile(ti)
            else:
                ti.size = len(arg)
                t.addfile(ti, io.BytesIO(arg))
mk("modes.tar", [("suid", "f", b"#!/bin/sh\n", 0o4755), ("sgid", "f", b"x\n", 0o2644),
                 ("sticky", "dir", None, 0o1777), ("world", "f", b"w\n", 0o666),
                 ("exec", "f", b"e\n", 0o700), ("sticky/in", "f", b"i\n", 0o640)])
mk("fifo.tar", [("ok.txt", "f", b"ok\n"), ("pipe", "fifo", None)])
mk("dev.tar", [("ok.txt", "f", b"ok\n"), ("null", "chr", None)])
mk("hardin.tar", [("a.txt", "f", b"a\n"), ("b.txt", "hard", "a.txt")])
mk("chain.tar", [("l", "sym", "."), ("linux-amd64", "sym", "l/..")])
mk("chain2.tar", [("a", "dir", None), ("a/up", "sym", ".."), ("a/out", "sym", "up/..")])
mk("through.tar", [("d", "sym", "."), ("d/x.txt", "f", b"x\n")])
mk("dangling.tar", [("gone", "sym", "nothing-here")])
mk("inside.tar", [("d/f.txt", "f", b"in\n"), ("d/l", "sym", "f.txt"), ("top", "sym", "d")])
mk("dup.tar", [("a.txt", "f", b"first\n"), ("b.txt", "f", b"b\n"), ("a.txt", "f", b"second\n")])
mk("dupdot.tar", [("d/a.txt", "f", b"one\n"), ("./d//a.txt", "f", b"two\n")])
mk("deep.tar", [("/".join(["d"] * 200) + "/f.txt", "f", b"deep\n")])
mk("long.tar", [("x" * 300 + "/" + "y" * 5000, "f", b"long\n")])
mk("midway.tar", [("ok1.txt", "f", b"1\n"), ("ok2.txt", "f", b"2\n"), ("f", "f", b"file\n"),
                  ("f/x.txt", "f", b"x\n"), ("ok3.txt", "f", b"3\n")])
# a good archive cut off in the middle of its third member's data
mk("whole.tar", [("a.txt", "f", b"a\n"), ("b.txt", "f", b"b\n"), ("c.bin", "f", b"c" * 200000)])
data = open("whole.tar", "rb").read()
open("cut.tar", "wb").write(data[:100000])
PY

# 6. only files and directories, modes masked
bt-archive extract modes.tar m
ok $? "modes: setuid, setgid, sticky and world-writable members extracted"
is "$(cd m && stat -c '%n %a' suid sgid sticky world exec sticky/in | tr '\n' ' ')" \
	"suid 755 sgid 644 sticky 755 world 644 exec 755 sticky/in 644 " \
	"modes: no setuid/setgid/sticky bit, 0755 or 0644 under the umask"
for a in fifo dev hardin; do
	bt-archive extract "$a.tar" "x-$a" 2>"$a.err"
	is $? 2 "$a: refused (exit 2)"
	grep -q "refused: .*only files and directories are extracted" "$a.err"
	ok $? "$a: says only files and directories are extracted"
	[ ! -e "x-$a" ] && [ -z "$(ls -d x-"$a".tmp.* 2>/dev/null)" ]
	ok $? "$a: nothing written, no temporary left"
done
bt-export --extract fifo.tar x-old 2>/dev/null
is $? 2 "bt-export --extract (the old flag) refuses the same"

# 7. links judged by the kernel, beneath the target
bt-archive extract chain.tar c 2>chain.err
is $? 2 "chain l -> ., linux-amd64 -> l/..: refused"
grep -q "chain.tar: linux-amd64: refused: symbolic link leading outside" chain.err
ok $? "chain: the escaping link named"
[ ! -e c ]
ok $? "chain: the target is not made"
bt-archive extract chain2.tar c2 2>/dev/null
is $? 2 "chain a/up -> .., a/out -> up/..: refused"
bt-archive extract through.tar th 2>through.err
is $? 2 "a member beneath a link of the archive: refused"
[ ! -e th ] && [ ! -e x.txt ]
ok $? "and nothing written, here or there"
exits 2 "a link to nothing: refused" bt-archive extract dangling.tar dg
bt-archive extract inside.tar in
ok $? "links that resolve inside are kept"
is "$(cat in/d/l in/top/f.txt)" "in
in" "and lead where they say"
# A --web write into a tree never lands outside it: a platform directory
# that is a link (planted, or an archive's before this fix) is refused.
mkdir -p res/go1.21 web outside
bt-parse -l version=go1.21 "$BT_TESTS/data/go/gc-count10.txt" >res/go1.21/2026-01-01_10-00-00.jsonl
ln -s ../outside web/linux-amd64
bt-export --web web res 2>web.err
is $? 2 "--web: a platform directory that is a link: refused"
grep -q "web/linux-amd64: a symbolic link" web.err
ok $? "--web: and says so"
is "$(ls outside | wc -l)" 0 "--web: nothing written outside the tree"
rm web/linux-amd64
bt-export --web web res
ok $? "--web: the same export into a real directory"
# and a link planted where the platform's comparisons or histories go
bt-parse -l version=go1.22 "$BT_TESTS/data/go/gc-count10-b.txt" >res/go1.21/2026-01-02_10-00-00.jsonl
mkdir -p res/go1.22 outside2
mv res/go1.21/2026-01-02_10-00-00.jsonl res/go1.22/
for sub in compare history; do
	rm -rf "web/linux-amd64/$sub"
	ln -s ../../outside2 "web/linux-amd64/$sub"
	bt-export --web web res 2>web.err
	is $? 2 "--web: $sub/ a link: refused"
	grep -q "web/linux-amd64/$sub: a symbolic link" web.err
	ok $? "--web: and says so ($sub)"
	is "$(ls outside2 | wc -l)" 0 "--web: nothing written outside the tree ($sub)"
	rm "web/linux-amd64/$sub"
done
bt-export --web web res
ok $? "--web: two versions into real directories"
# A link or a fifo planted in index.json's place: not read through (the
# link's target stays unread and untouched), no hang; rebuilt, replaced.
echo '{"versions": "secret"}' >outside2/secret.json
for kind in link fifo; do
	rm -f web/linux-amd64/index.json
	if [ $kind = link ]; then ln -s ../../outside2/secret.json web/linux-amd64/index.json; else mkfifo web/linux-amd64/index.json; fi
	timeout 20 bt-export --web web res 2>web.err
	is $? 0 "--web: index.json a $kind: the export goes on"
	grep -q "index.json: not a regular file" web.err
	ok $? "--web: and says it did not read it ($kind)"
	ok "$([ -f web/linux-amd64/index.json ] && [ ! -L web/linux-amd64/index.json ] && jq -e '.versions | length == 2' web/linux-amd64/index.json >/dev/null && echo 0 || echo 1)" \
		"--web: index.json rebuilt from the version files, a file of its own ($kind)"
done
is "$(cat outside2/secret.json)" '{"versions": "secret"}' "--web: the link's target untouched"
ok "$([ -s web/linux-amd64/compare/"$(ls web/linux-amd64/compare | head -1)" ] && echo 0 || echo 1)" "their comparison is written inside"

# 8. duplicate names
bt-archive extract dup.tar dp 2>dup.err
is $? 2 "two members named a.txt: extraction refused"
grep -q "dup.tar: a.txt: refused: a second member of this name" dup.err
ok $? "and the name given"
exits 2 "d/a.txt and ./d//a.txt are one name: refused" bt-archive extract dupdot.tar dd
[ ! -e dp ] && [ ! -e dd ]
ok $? "no target made"
mkdir -p r && echo one >r/a.txt && echo two >r/b.txt
bt-archive create good.tar r
python3 - good.tar twice.tar <<'PY'
import io, sys, tarfile
# the genuine member last, an impostor of the same name before it
with tarfile.open(sys.argv[1]) as src, tarfile.open(sys.argv[2], "w") as dst:
    for m in src.getmembers():
        data = src.extractfile(m).read()
        if m.name == "r/a.txt":
            bad = tarfile.TarInfo(m.name)
            bad.size = 4
            dst.addfile(bad, io.BytesIO(b"bad\n"))
        dst.addfile(m, io.BytesIO(data))
PY
bt-archive verify twice.tar >/dev/null 2>twice.err
is $? 1 "verify: a duplicate member is a finding, though one copy matches"
grep -q "r/a.txt: refused: a second member of this name" twice.err
ok $? "verify: and names it"
bt-export --verify twice.tar >/dev/null 2>&1
is $? 1 "bt-export --verify (the old flag) the same"

# tar's own archives of a directory begin with "./": the root itself
tar -C r -cf dot.tar .
bt-archive extract dot.tar dot && [ "$(cat dot/a.txt)" = one ]
ok $? "an archive made by tar -C dir -c . (a './' member) is extracted"

# deep and long paths
bt-archive extract deep.tar dz
ok $? "a member 200 directories deep is extracted"
is "$(cat dz/"$(python3 -c 'print("/".join(["d"] * 200))')"/f.txt)" deep "to its place"
bt-archive extract long.tar lg 2>long.err
is $? 2 "a 5,300-byte member name: refused"
[ ! -e lg ]
ok $? "nothing written"

# 9. all or nothing
bt-archive extract cut.tar cut 2>cut.err
is $? 2 "an archive cut off in its third member: exit 2"
[ ! -e cut ] && [ -z "$(ls -d cut.tmp.* 2>/dev/null)" ]
ok $? "the target is not made, not even with the first two members; no temporary left"
mkdir mid
bt-archive extract midway.tar mid 2>mid.err
is $? 2 "a member that cannot be written midway (f/x.txt beneath the file f): exit 2"
grep -q "midway.tar: f/x.txt: refused" mid.err
ok $? "and named"
is "$(ls -A mid | wc -l)" 0 "the members before it are not left in the target: it is as it was (empty)"
mkdir empty
bt-archive extract cut.tar empty 2>/dev/null
is "$?$(ls -A empty | wc -l)" 20 "into an empty directory: it stays empty"
bt-archive extract whole.tar empty
is "$?$(ls empty | tr '\n' ' ')" "0a.txt b.txt c.bin " "the whole archive into the empty directory"
bt-archive extract whole.tar empty 2>full.err
is $? 2 "into a directory that is not empty: refused"
grep -q "empty: not empty: extract into a new directory" full.err
ok $? "and says so"

# 10. link loops in a results tree
mkdir -p loop/go1.21
cp res/go1.21/2026-01-01_10-00-00.jsonl loop/go1.21/
ln -s . loop/go1.21/again
timeout 60 bt-export --web web2 loop 2>loop.err
is $? 2 "--web: a results tree with a link loop (again -> .) is an error, not a walk"
grep -q "again: a symbolic link loop: Too many levels of symbolic links" loop.err
ok $? "--web: ELOOP named"
mkdir -p fan/go1.21
cp res/go1.21/2026-01-01_10-00-00.jsonl fan/go1.21/
for n in a b c d; do ln -s .. "fan/go1.21/$n"; done
timeout 60 bt-export --web web3 fan 2>/dev/null
is $? 2 "--web: four links back up stop at once (no 4^16 walk)"

# 11. bt-archive create: what it is given is checked too.  No temporary
# (FILE.tmp.XXXXXX beside the archive) may be left by a refusal.
no_tmp() { [ -z "$(ls -d "$1".tmp.* 2>/dev/null)" ]; }
mkdir -p cr/sub && echo one >cr/a.txt && echo two >cr/sub/b.txt
# a path with '..': refused whole, even though it names a file inside
bt-archive create up.tar cr/sub/../a.txt 2>up.err
is $? 2 "create: a path with '..' is refused"
grep -q "cr/sub/../a.txt: a path with '..' makes a hostile archive" up.err
ok $? "create: and named"
[ ! -e up.tar ] && no_tmp up.tar
ok $? "create: no archive written, no temporary left"
bt-archive create up.tar cr/sub/.. 2>up.err
is $? 2 "create: a directory given with '..' is refused"
grep -q "cr/sub/../a.txt: a path with '..'" up.err
ok $? "create: naming the member it would have made"
bt-archive create kept.tar cr && cp kept.tar kept.orig
bt-export --archive kept.tar ../archive-safety/cr 2>up.err
is $? 2 "bt-export --archive (the old flag): a path with '..' refused the same"
cmp -s kept.tar kept.orig && no_tmp kept.tar
ok $? "create: the archive already there is kept as it was"
# the archive inside the tree it bundles: never a member of itself, not
# the one being written, not the one it replaces, by any name
bt-archive create cr/self.tar cr
ok $? "create: an archive written inside the tree it bundles"
is "$(tar -tf cr/self.tar | sort | tr '\n' ' ')" "MANIFEST.json cr/a.txt cr/sub/b.txt " \
	"create: its own temporary is not a member"
ln cr/self.tar cr/sub/alias.tar
(cd cr && bt-archive create self.tar .)
ok $? "create: again from inside, replacing the archive there"
is "$(tar -tf cr/self.tar | sort | tr '\n' ' ')" "MANIFEST.json a.txt sub/b.txt " \
	"create: the archive it replaces is not a member (as ./self.tar, nor as a hard link)"
rm cr/sub/alias.tar
bt-archive verify cr/self.tar >/dev/null
ok $? "create: and the archive verifies"
# a fifo or a device named on the command line: refused, no hang (the
# walk of a directory takes regular files only, by lstat)
mkfifo cr-fifo
timeout 20 bt-archive create fifo-c.tar cr cr-fifo 2>fifo-c.err
is $? 2 "create: a fifo named on the command line is refused, no hang"
timeout 20 bt-archive create dev-c.tar /dev/zero 2>>fifo-c.err
is $? 2 "create: a device named on the command line is refused, no endless read"
[ "$(grep -c ': not a regular file' fifo-c.err)" = 2 ] && [ ! -e fifo-c.tar ] && no_tmp fifo-c.tar &&
	[ ! -e dev-c.tar ] && no_tmp dev-c.tar
ok $? "create: each said not to be a regular file; no archive, no temporary"
rm cr-fifo
# A file whose size is not what fstat said when it is read: the kernel's
# own files do that every time (/proc: size 0 and text to read; sysfs:
# size 4096 and a few bytes), as a file written to meanwhile would.
for f in /proc/version /sys/devices/system/cpu/online; do
	if [ ! -r "$f" ] || [ -z "$(head -c 1 "$f" 2>/dev/null)" ]; then
		skip "$f: not readable here"
		skip "$f: not readable here"
		continue
	fi
	a=changed-$(basename "$f").tar
	bt-archive create "$a" cr "$f" 2>changed.err
	is $? 2 "create: $f (fstat $(stat -c %s "$f") bytes, read $(wc -c <"$f")) is refused"
	grep -q "^bt-archive: ${f#/}: changed while archived" changed.err && [ ! -e "$a" ] && no_tmp "$a"
	ok $? "create: $f: said to have changed while archived; no archive, no temporary"
done
# Ended by a signal while the archive is written (its member from stdin
# still coming): the temporary is removed, the signal still ends it.
for sig in TERM INT HUP; do
	(sleep 30 | "$BT_TESTS/e2e/sigdfl" bt-archive create "sig-$sig.tar" cr - 2>/dev/null) &
	w=0
	until ls sig-$sig.tar.tmp.* >/dev/null 2>&1 || [ $w -ge 100 ]; do
		sleep 0.1
		w=$((w + 1))
	done
	pkill -$sig -f "bt-archive create sig-$sig.tar"
	wait $!
	[ ! -e "sig-$sig.tar" ] && no_tmp "sig-$sig.tar" && [ $w -lt 100 ]
	ok $? "create: SIG$sig midway leaves no archive and no temporary"
	pkill -f "sleep 30" 2>/dev/null
done
done_testing
