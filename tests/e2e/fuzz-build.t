#!/bin/sh
# fuzz-build.t — the fuzz harnesses still build: each tests/fuzz/*.c
# compiles as tests/fuzz/run compiles it, and the record readers' targets
# (records, samples), whose library list tests/fuzz/run keeps by hand, and
# the reader's (reader), with the plugin it builds beside it, link; the
# reader's runs its seeds.
# No fuzzing here: that is `make fuzz` and docs/fuzzing.md.
. "$BT_TESTS/e2e/lib.sh"
top=$BT_TESTS/..
if ! command -v clang >/dev/null 2>&1; then
	skip "no clang here (make deps installs it)"
	done_testing
	exit
fi
flags=$(sed -n 's/^CFLAGS="\(.*\)"$/\1/p' "$top/tests/fuzz/run")
for f in "$top"/tests/fuzz/*.c; do
	# shellcheck disable=SC2086 # the flags, one word each
	(cd "$top" && clang $flags -fsyntax-only "tests/fuzz/${f##*/}") >"$BT_TMP/fuzz-build.err" 2>&1
	ok $? "$(basename "$f") compiles"
done
FUZZ_BUILD_ONLY=1 FUZZ_OUT=$BT_TMP/fuzz-build sh "$top/tests/fuzz/run" 0 records samples reader \
	>"$BT_TMP/fuzz-build.log" 2>&1
ok $? "the records, samples and reader targets link"
# the reader's ways through one input agree on every seed (a run of none)
"$BT_TMP/fuzz-build/fuzz-reader" -runs=0 "$top/tests/fuzz/corpus/reader" \
	>"$BT_TMP/fuzz-reader.log" 2>&1
ok $? "fuzz-reader: whole, cut, gzipped and archived agree on its seeds"
grep -q "INITED" "$BT_TMP/fuzz-reader.log"
ok $? "fuzz-reader: the seeds were run"
done_testing
