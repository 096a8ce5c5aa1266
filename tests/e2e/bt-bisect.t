#!/bin/sh
# bt-bisect.t — bt-bisect on a throwaway repository whose benchmark (a
# small script printing Go benchmark text) gets 50 % slower at commit c7 of
# c1 … c10 and does not build at c4 and c5: it names c7 through real
# `git bisect run`, skips what does not build, leaves the checkout as it
# was, and refuses what it cannot bisect.
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/bt-bisect
mkdir -p "$t/repo"
if ! command -v git >/dev/null 2>&1; then
	skip "git is not installed"
	done_testing
	exit 0
fi
cd "$t/repo" || exit 2
git init -q .
git config user.email t@example.com
git config user.name t
cat >bench.sh <<'SH'
speed=$(cat speed.txt)
[ "$speed" != broken ] || { echo "build failed" >&2; exit 1; }
echo "goos: linux"
echo "goarch: amd64"
echo "pkg: example.com/p"
for i in 1 2 3 4 5; do
	printf 'BenchmarkParse-2 \t 1000000\t %d.%d ns/op\n' "$speed" "$i"
	printf 'BenchmarkSteady-2 \t 1000000\t 50.%d ns/op\n' "$i"
done
[ -z "${SLOW:-}" ] || sleep "$SLOW"
echo PASS
SH
for c in 1 2 3 4 5 6 7 8 9 10; do
	case $c in [45]) echo broken ;; [1-6]) echo 100 ;; *) echo 150 ;; esac >speed.txt
	echo "$c" >commit.txt
	git add -A && git commit -qm "c$c"
done
branch=$(git rev-parse --abbrev-ref HEAD)
good=$(git rev-list --reverse HEAD | head -n 1)
c7=$(git rev-parse HEAD~3)

bt-bisect -n 2 -u ns/op -k "$t/keep" "$good" HEAD -- sh bench.sh >"$t/out" 2>"$t/err"
is $? 0 "a first bad commit found: exit 0"
grep -q "first bad commit $(git rev-parse --short "$c7") c7" "$t/err"
ok $? "it names c7, where the benchmark slowed down"
grep -q 'BenchmarkParse.*+49\.[0-9]*%.*regressed' "$t/out" &&
	grep -q 'BenchmarkSteady.*~' "$t/out"
ok $? "bt-compare's table of c7 against good: Parse regressed by ~50 %, Steady unchanged"
[ ! -e "$t/keep/at-$(git rev-parse HEAD~6).jsonl" ] && [ ! -e "$t/keep/at-$(git rev-parse HEAD~5).jsonl" ] ||
	! grep -q '"kind":"sample"' "$t/keep/at-$(git rev-parse HEAD~5).jsonl" 2>/dev/null
ok $? "the commits that do not build gave no samples (skipped, not judged)"
[ -f "$t/keep/at-$c7.jsonl" ] && [ -f "$t/keep/cmp-$c7.jsonl" ] &&
	grep -q '"verdict":"regressed"' "$t/keep/cmp-$c7.jsonl"
ok $? "--keep keeps each measured commit's records and judgement"
[ "$(git rev-parse --abbrev-ref HEAD)" = "$branch" ] && [ -z "$(git status --porcelain)" ] &&
	[ ! -e "$(git rev-parse --git-path BISECT_START)" ]
ok $? "the checkout is back on $branch, clean, no bisection left"

bt-bisect -n 2 "$good" HEAD~7 -- sh bench.sh >"$t/out" 2>"$t/err"
is $? 1 "no regression between good and c3: exit 1"
grep -q "does not regress" "$t/err"
ok $? "... and says so"

bt-bisect -n 2 "$good" HEAD~6 -- sh bench.sh >"$t/out" 2>"$t/err"
is $? 2 "a bad commit that gives no measurement: exit 2"

bt-bisect "$good" no-such-commit -- sh bench.sh >"$t/out" 2>"$t/err"
is $? 2 "an unknown commit: exit 2"
grep -q "no-such-commit: not a commit" "$t/err"
ok $? "... named in the message"

bt-bisect HEAD "$good" -- sh bench.sh >/dev/null 2>"$t/err"
is $? 2 "good must be an ancestor of bad"

bt-bisect -n x "$good" HEAD -- sh bench.sh >/dev/null 2>"$t/err"
is $? 2 "--runs x: exit 2"

echo dirty >>commit.txt
bt-bisect "$good" HEAD -- sh bench.sh >/dev/null 2>"$t/err"
is $? 2 "a dirty working tree: exit 2"
grep -q "uncommitted changes" "$t/err" && [ "$(tail -n 1 commit.txt)" = dirty ]
ok $? "... said, and the change is left alone"
git checkout -q commit.txt

# Interrupted: SIGTERM while a commit is being measured.
SLOW=2 bt-bisect -n 1 "$good" HEAD -- sh bench.sh >/dev/null 2>&1 &
pid=$!
sleep 3
kill -TERM "$pid" 2>/dev/null
wait "$pid"
st=$?
[ "$st" -ne 0 ]
ok $? "SIGTERM: not a success (exit $st)"
[ "$(git rev-parse --abbrev-ref HEAD)" = "$branch" ] && [ -z "$(git status --porcelain)" ] &&
	[ ! -e "$(git rev-parse --git-path BISECT_START)" ]
ok $? "SIGTERM: the checkout is back on $branch, no bisection left"
done_testing
