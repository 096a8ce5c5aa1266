#!/bin/sh
# plugin-kit.t — the plugin kit works for an author outside the tree: the
# installed template (share/bt/plugin-template) builds with only the
# installed headers, the kit (libbtkit.a) and `pkg-config bt-plugin`, bt-parse lists and
# auto-detects it through BT_PLUGIN_PATH, and it passes --check-plugin.
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/kit
tpl=$BT_INST/share/bt/plugin-template
if ! command -v cc >/dev/null 2>&1 || ! command -v pkg-config >/dev/null 2>&1 ||
	! command -v make >/dev/null 2>&1; then
	ok 0 "# skip no cc, make or pkg-config"
	done_testing
	exit 0
fi
ok "$([ -f "$tpl/timep.c" ] && [ -f "$tpl/Makefile" ] && [ -f "$tpl/samples/time-p.txt" ]; echo $?)" "the template is installed, with a real sample"
ok "$([ -f "$BT_INST/include/bt/plugin.h" ]; echo $?)" "the header is installed"
ok "$([ -f "$BT_INST/lib/libbtkit.a" ] && [ -f "$BT_INST/include/bt/jsondoc.h" ] &&
	[ -f "$BT_INST/include/bt/numtext.h" ] && [ -f "$BT_INST/include/bt/plugstr.h" ] &&
	[ -f "$BT_INST/include/bt/jsonvalid.h" ]; echo $?)" "the kit is installed: libbtkit.a and its headers"
export PKG_CONFIG_PATH="$BT_INST/lib/pkgconfig"
is "$(echo $(pkg-config --cflags bt-plugin))" "-I$BT_INST/include -I$BT_INST/include/bt" \
	"pkg-config points at the installed header"
is "$(echo $(pkg-config --libs bt-plugin))" "-L$BT_INST/lib -lbtkit" "pkg-config --libs links the kit"
mkdir -p "$t"
cp -r "$tpl/timep.c" "$tpl/Makefile" "$tpl/samples" "$t/"
# only the installed header: nothing of the source tree on the include path
(cd "$t" && make CFLAGS='-O2 -Wall -Wextra -Werror' >"$t/build.log" 2>&1)
ok $? "the template builds out of tree with -Wall -Wextra -Werror"
sed 's/^/# /' "$t/build.log"
# Built as it came, the template is a leftover: skipped with a warning.
BT_PLUGIN_PATH=$t bt-parse --list-plugins >"$t/list" 2>"$t/list.err"
is "$(awk '$1 == "timep"' "$t/list")" "" "the template as it came is not loaded from a plugin directory"
grep -qxF "bt-parse: $t/timep.so: the plugin template, not renamed (its description starts 'template:'); skipped" "$t/list.err"
ok $? "and a warning names it"
(cd "$t" && make check >"$t/mcheck.log" 2>&1)
ok $? "the template's make check passes on its real samples"
grep -q "^ok .*samples/time-p.txt: emits valid records" "$t/mcheck.log"
ok $? "make check parsed samples/time-p.txt"
mv "$t/samples" "$t/samples.off"
(cd "$t" && make check >"$t/mcheck.log" 2>&1)
ok $((! $?)) "make check fails without samples"
mkdir "$t/samples" && echo "not time -p output" >"$t/samples/bad.txt"
(cd "$t" && make check >"$t/mcheck.log" 2>&1)
ok $((! $?)) "make check fails on a sample that does not parse"
rm -r "$t/samples" && mv "$t/samples.off" "$t/samples"
# The author's first step: its own description.
sed -i 's/"template: /"/' "$t/timep.c"
(cd "$t" && make CFLAGS='-O2 -Wall -Wextra -Werror' >"$t/build.log" 2>&1)
BT_PLUGIN_PATH=$t bt-parse --list-plugins >"$t/list"
is "$(awk '$1 == "timep" { print $3 }' "$t/list")" "$t/timep.so" "--list-plugins shows it once renamed"

# real `time -p` output: bash's keyword prints the POSIX form
if command -v bash >/dev/null 2>&1; then
	bash -c 'time -p sleep 0.01' 2>"$t/time.txt"
	bash -c 'time -p true' 2>>"$t/time.txt"
else
	printf 'real 0.01\nuser 0.00\nsys 0.00\nreal 0.00\nuser 0.00\nsys 0.00\n' >"$t/time.txt"
fi
BT_PLUGIN_PATH=$t bt-parse "$t/time.txt" >"$t/time.jsonl" 2>"$t/time.err"
ok $? "bt-parse detects and parses time -p output with it"
is "$(grep -c '"kind":"sample","name":"time","iterations":1,' "$t/time.jsonl")" 2 "two runs, two samples"
is "$(jq -r '.metrics | keys | join(",")' "$t/time.jsonl" | sort -u)" "cpu-ns/op,ns/op" "real and user+sys"
bt-parse --check-plugin "$t/timep.so" "$t/time.txt" >"$t/check" 2>&1
ok $? "the template passes --check-plugin"
grep '^not ok' "$t/check" | sed 's/^/# /'
(cd "$t" && make install DESTDIR="$t/dest" >/dev/null 2>&1)
ok "$([ -f "$t/dest$BT_INST/lib/bt/plugins/timep.so" ]; echo $?)" "make install puts it in the plugin directory"
done_testing
