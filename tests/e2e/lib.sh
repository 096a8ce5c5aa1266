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
