#!/bin/sh
# check-plugins.t — every bundled plugin passes `bt-parse --check-plugin`
# with its real captures (tests/data/NAME/*) as samples.
. "$BT_TESTS/e2e/lib.sh"
for so in "$BT_INST"/lib/bt/plugins/*.so; do
	name=$(basename "$so" .so)
	set --
	for f in "$BT_TESTS/data/$name"/*; do
		[ -e "$f" ] && set -- "$@" "$f"
	done
	bt-parse --check-plugin "$so" "$@" >"$BT_TMP/check-$name" 2>&1
	st=$?
	grep '^not ok' "$BT_TMP/check-$name" | sed 's/^/# /'
	ok $st "$name passes --check-plugin ($# samples)"
	# --foreign: its probe claims no other format's installed capture.
	# criterion's bencher output is libtest's line format by design (the
	# two share it; libtest scores higher), so that one claim is expected.
	bt-parse --check-plugin "$so" --foreign >"$BT_TMP/foreign-$name" 2>&1
	st=$?
	claims=$(sed -n 's/^not ok [0-9]* - .*captures\/\([^:]*\): another format.*/\1/p' "$BT_TMP/foreign-$name" | tr '\n' ' ')
	if [ "$name" = criterion ]; then
		is "$claims" "libtest.txt " "criterion's probe claims only libtest.txt among the other captures"
	else
		grep '^not ok' "$BT_TMP/foreign-$name" | sed 's/^/# /'
		ok $st "$name's probe claims no other format's capture (--foreign)"
	fi
done
echo 'int x;' >"$BT_TMP/notplugin.c"
if cc -shared -fPIC -o "$BT_TMP/notplugin.so" "$BT_TMP/notplugin.c" 2>/dev/null; then
	exits 2 "--check-plugin refuses a shared object that is not a plugin" \
		bt-parse --check-plugin "$BT_TMP/notplugin.so"
else
	ok 0 "# skip no C compiler"
fi
done_testing
