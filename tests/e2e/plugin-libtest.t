#!/bin/sh
# plugin-libtest.t — the libtest selector against libtest itself: a bench
# binary built from tests/data/sources/libtest/exact.rs (benchmarks fib,
# fib_10, a_fib, m::fib) runs, given `bt-parse -f libtest --selector`'s
# arguments, exactly the benchmarks named, where the bare names (substring
# filters) would run more; bt-parse reads what it printed.  Skipped
# without rustc.
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/libtest
mkdir -p "$t"
if ! command -v rustc >/dev/null 2>&1 ||
	! RUSTC_BOOTSTRAP=1 rustc --test -O -o "$t/b" \
		"$BT_TESTS/data/sources/libtest/exact.rs" >"$t/rustc.log" 2>&1; then
	ok 0 "# skip no rustc able to build #[bench] (RUSTC_BOOTSTRAP=1)"
	done_testing
	exit 0
fi
names() { bt-parse -f libtest "$1" | jq -r 'select(.kind=="sample") | .name' | sort | tr '\n' ' '; }

"$t/b" --bench fib >"$t/all.txt" 2>&1
ok $? "the bench binary runs"
is "$(names "$t/all.txt")" "a_fib fib fib_10 m::fib " \
	"a bare name is a substring filter: four benchmarks"

# shellcheck disable=SC2046 # the selector's arguments, one a line
set -- $(bt-parse -f libtest --selector fib m::fib)
is "$*" "--exact fib m::fib" "the selector: --exact and the names"
"$t/b" --bench "$@" >"$t/sel.txt" 2>&1
ok $? "the binary takes the selector"
is "$(names "$t/sel.txt")" "fib m::fib " "exactly the benchmarks named"

set -- $(bt-parse -f libtest --selector fib_10)
"$t/b" --bench "$@" >"$t/one.txt" 2>&1
is "$(names "$t/one.txt")" "fib_10 " "one name: that benchmark alone"
is "$(bt-parse -f libtest "$t/sel.txt" | jq -r 'select(.kind=="sample") | .metrics | keys[]' | sort -u)" \
	"ns/op" "its bench lines read as ns/op"
done_testing
