#!/bin/sh
# completion.t — share/completion/bt.bash, installed, completes bt's
# commands from the bt-* executables found (bt --help's list), the new
# bt-report and bt-archive among them, and file names after the command.
. "$BT_TESTS/e2e/lib.sh"
c=$BT_INST/share/bt/completion/bt.bash
t=$BT_TMP/completion
mkdir -p "$t"
if ! command -v bash >/dev/null; then
	skip "no bash"
	done_testing
	exit
fi
[ -f "$c" ]
ok $? "the completion script is installed"
# complete WORD...: what _bt offers for the last word
complete_() {
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _bt; printf "%s\n" "${COMPREPLY[@]}"' _ "$c" "$@" | sort
}
is "$(complete_ bt re | tr '\n' ' ')" "report retry " "bt re<TAB>: report, retry"
is "$(complete_ bt ar | tr '\n' ' ')" "archive " "bt ar<TAB>: archive"
want=$(bt --help | sed -n 's/^   \([a-z0-9][a-z0-9._-]*\)$/\1/p' | sort | tr '\n' ' ')
is "$(complete_ bt '' | grep -v '^--' | tr '\n' ' ')" "$want" "bt <TAB>: every command bt --help lists"
echo "$want" | grep -q 'export .*parse .*report' && echo "$want" | grep -q archive
ok $? "among them export, parse, report, archive"
: >"$t/results.jsonl"
is "$(cd "$t" && complete_ bt cv res)" "results.jsonl" "after the command: file names"
done_testing
