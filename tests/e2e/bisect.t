#!/bin/sh
# bisect.t — docs/ci.md's `git bisect run` recipe on a repository whose
# benchmark gets 50 % slower at commit c7 (of c1 … c8) and does not build
# at c4 and c5: git bisect names c7, having skipped the commits that do
# not build rather than blamed them.
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/bisect
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
# bench.sh stands for `go test -bench`: Go benchmark text whose ns/op is
# set by speed.txt (with a little noise), or a build failure when speed.txt
# says so.
cat >bench.sh <<'SH'
speed=$(cat speed.txt)
[ "$speed" != broken ] || { echo "build failed" >&2; exit 1; }
echo "goos: linux"
echo "goarch: amd64"
echo "pkg: example.com/p"
for i in 1 2 3 4 5 6 7 8 9 10; do
	printf 'BenchmarkParse-2 \t 1000000\t %d.%d ns/op\n' "$speed" "$i"
done
echo PASS
SH
for c in 1 2 3 4 5 6 7 8; do
	case $c in [45]) echo broken ;; [1-6]) echo 100 ;; *) echo 150 ;; esac >speed.txt
	echo "$c" >commit.txt
	git add -A && git commit -qm "c$c"
done
branch=$(git rev-parse --abbrev-ref HEAD)
good=$(git rev-list --reverse HEAD | head -n 1)
git checkout -q "$good"
sh bench.sh >"$t/good.txt"
bt-baseline save -f "$t/good.jsonl" -v good "$t/good.txt" 2>/dev/null
ok $? "a baseline from the good commit"
git checkout -q "$branch"
git bisect start HEAD "$good" >/dev/null
git bisect run sh -c '
	sh bench.sh >"$0/bench.txt" || exit 125
	bt-baseline compare -f "$0/good.jsonl" -u ns/op -o text "$0/bench.txt"
	st=$?; [ "$st" -le 1 ] && exit "$st"; exit 125' "$t" >"$t/bisect.out" 2>&1
ok $? "git bisect run completes"
grep -q "is the first bad commit" "$t/bisect.out" &&
	[ "$(git log -1 --format=%s refs/bisect/bad)" = c7 ]
ok $? "it names c7, where the benchmark slowed down"
git bisect log >"$t/bisect.log"
grep -q '^git bisect skip' "$t/bisect.log" && ! grep -q '^# \(good\|bad\): \[.*\] c[45]$' "$t/bisect.log"
ok $? "a commit that does not build is skipped, neither good nor bad"
git bisect reset -q 2>/dev/null || git bisect reset >/dev/null 2>&1
done_testing
