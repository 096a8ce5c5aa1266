# tests/e2e/lib.sh — TAP helpers for the shell tests.  Source it, call the
# checks, end with `done_testing`.  $BT_TESTS is tests/, $BT_TMP a scratch
# directory removed after the run, and the installed tools are on PATH.
_n=0
_failed=0
ok() { # ok CONDITION-STATUS NAME
	_n=$((_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $_n - $2"
	else
		_failed=$((_failed + 1))
		echo "not ok $_n - $2"
	fi
}
# run NAME COMMAND…: ok when the command exits 0
run() {
	_name=$1
	shift
	"$@" >/dev/null 2>&1
	ok $? "$_name"
}
# is GOT WANT NAME
is() {
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		printf '# got:  %s\n# want: %s\n' "$1" "$2"
	fi
}
# exits WANT NAME COMMAND…: ok when the command exits with status WANT
exits() {
	_want=$1
	_name=$2
	shift 2
	"$@" >/dev/null 2>&1
	_st=$?
	is "$_st" "$_want" "$_name (exit $_want)"
}
done_testing() {
	echo "1..$_n"
	[ "$_failed" -eq 0 ]
}
# skip REASON: a test that cannot run here
skip() {
	_n=$((_n + 1))
	echo "ok $_n # skip $1"
}
# same_threads TOOL NAME ARGS…: TOOL ARGS… on two cores (BT_THREADS=2)
# and in turn (BT_THREADS=1) give the same stdout, stderr and status.
same_threads() {
	_tool=$1 _name=$2 _d=$BT_TMP/same-threads
	shift 2
	mkdir -p "$_d"
	BT_THREADS=2 "$_tool" "$@" >"$_d/par.out" 2>"$_d/par.err"
	_p=$?
	BT_THREADS=1 "$_tool" "$@" >"$_d/seq.out" 2>"$_d/seq.err"
	_s=$?
	cmp -s "$_d/par.out" "$_d/seq.out" && cmp -s "$_d/par.err" "$_d/seq.err" &&
		[ "$_p" = "$_s" ]
	_r=$?
	ok $_r "$_name (exit $_s)"
	[ $_r -eq 0 ] || diff "$_d/seq.out" "$_d/par.out" | head -5 | sed 's/^/# /'
	[ $_r -eq 0 ] || diff "$_d/seq.err" "$_d/par.err" | head -5 | sed 's/^/# /'
}
