#!/bin/sh
# manners.t — what every installed executable does the same way: --help on
# stdout with exit 0, --version as "NAME (benchtrack) VERSION" (one version
# everywhere: the filters, the scripts, the man pages, pkg-config), an
# unknown option refused with exit 2 and the reason on stderr only, and a
# man page installed beside it.
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/manners
mkdir -p "$t"
ver=$(bt-parse --version | sed 's/.* //')
case $ver in [0-9]*.[0-9]*) ok 0 "bt-parse --version gives a version ($ver)" ;; *) ok 1 "a version from bt-parse --version ($ver)" ;; esac
for exe in "$BT_INST"/bin/*; do
	n=$(basename "$exe")
	"$exe" --help >"$t/help" 2>"$t/help.err"
	is $? 0 "$n --help exits 0"
	head -1 "$t/help" | grep -q "^usage: $n"
	ok $? "$n --help: usage on stdout"
	is "$("$exe" --version 2>&1)" "$n (benchtrack) $ver" "$n --version"
	"$exe" --no-such-option >"$t/out" 2>"$t/err"
	is $? 2 "$n --no-such-option: exit 2"
	ok $([ ! -s "$t/out" ] && [ -s "$t/err" ] && echo 0 || echo 1) "$n --no-such-option: said on stderr, nothing on stdout"
	man=$BT_INST/share/man/man1/$n.1
	grep -q "^\.TH .* \"benchtrack $ver\"" "$man" 2>/dev/null
	ok $? "$n: man page installed, of this version"
done
grep -qx "Version: $ver" "$BT_INST/lib/pkgconfig/bt-plugin.pc"
ok $? "bt-plugin.pc: the same version"
done_testing
