#!/bin/sh
# output-input.t — a file a filter writes is never one it still has to read
# (issue 16, item 12, with inputs the first fix did not see): bt-merge -o
# naming the archive an "archive:member" input reads (it truncated the
# archive to 0 bytes), a retry that is the original itself (by name,
# symbolic or hard link), --union with -o (silently ignored), and bt-cv
# --failed naming one of its inputs (the results were replaced by the
# failed list, exit 0) are refused before anything is read or written.
# Writers through a link lock the link's target.
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/output-input
d=$BT_TESTS/data/go
mkdir -p "$t"
cd "$t" || exit 2
bt-parse "$d/gc-count10.txt" >A
bt-parse "$d/gc-count10-b.txt" >R
cp A A.keep
cp R R.keep
ln -s A LA
ln A HA
tar czf x.tar.gz A R
cp x.tar.gz x.keep
intact() { # intact NAME: every input as it was
	ok "$(cmp -s A A.keep && cmp -s R R.keep && cmp -s x.tar.gz x.keep; echo $?)" "$1: every input as it was"
}
refused() { # refused NAME MESSAGE COMMAND…: exit 2, MESSAGE on stderr, inputs intact
	rname=$1 rmsg=$2
	shift 2
	"$@" >out 2>err
	is "$?" 2 "$rname: refused (exit 2)"
	grep -qF -e "$rmsg" err
	ok $? "$rname: says '$rmsg'"
	intact "$rname"
}
refused "bt-merge -o ARCHIVE ARCHIVE:A ARCHIVE:R" "x.tar.gz: the output is also an input (x.tar.gz:A); nothing written" \
	bt-merge -o x.tar.gz x.tar.gz:A x.tar.gz:R
refused "bt-merge -o ARCHIVE A ARCHIVE:R" "the output is also an input (x.tar.gz:R)" \
	bt-merge -o x.tar.gz A x.tar.gz:R
refused "bt-merge A A" "A: a retry is the original itself (A); nothing written" bt-merge A A
refused "bt-merge A LINK-TO-A" "a retry is the original itself (LA)" bt-merge A LA
refused "bt-merge LINK-TO-A HARDLINK-TO-A" "a retry is the original itself (HA)" bt-merge LA HA
refused "bt-merge --union -o A" "--union writes to stdout" bt-merge --union -o A A R
refused "bt-cv --failed A A" "bt-cv: --failed A: it is also an input (A); nothing read or written" bt-cv --failed A A
refused "bt-cv --failed LINK-TO-A A" "--failed LA: it is also an input (A)" bt-cv --failed LA A
ok "$(test -L LA; echo $?)" "the link is still a link"
refused "bt-cv --failed A <A" "--failed A: it is also an input (-)" sh -c 'bt-cv --failed A <A'
refused "bt-cv --failed ARCHIVE ARCHIVE:A" "--failed x.tar.gz: it is also an input (x.tar.gz:A)" bt-cv --failed x.tar.gz x.tar.gz:A
bt-cv --failed new.txt A >/dev/null 2>&1
ok "$(test -e new.txt && cmp -s A A.keep; echo $?)" "bt-cv --failed NEW A: written, A as it was"

# in place through a link: the target is locked, beside it
mkdir -p sub
cp A sub/T
ln -s sub/T LT
bt-merge LT R 2>/dev/null
is "$?" 0 "bt-merge LINK RETRY merges through the link"
ok "$(test -e sub/T.lock && test ! -e LT.lock; echo $?)" "the lock is the target's (sub/T.lock), not the link's"
done_testing
