#!/bin/sh
# track.t — bt-track, the script behind action.yml, run as CI would run it:
# a project repository with an "origin" (a bare repository here), runs on
# main pushed to a history branch one file per run, a pull request judged
# against that history without adding to it, and a slow run caught by
# bt-history check (exit 1, the verdict in the job summary).
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/track
mkdir -p "$t"
if ! command -v git >/dev/null 2>&1; then
	skip "git is not installed"
	done_testing
	exit 0
fi
git init -q --bare "$t/origin.git"
git init -q -b main "$t/proj"
cd "$t/proj" || exit 2
git config user.email t@example.com
git config user.name t
# bench.sh prints Go benchmark text whose ns/op is set by $SPEED, with a
# little noise from $RANDOM-free arithmetic on the run number.
cat >bench.sh <<'SH'
echo "goos: linux"
echo "goarch: amd64"
echo "pkg: example.com/p"
for i in 1 2 3 4 5; do
	printf 'BenchmarkParse-2 \t 1000000\t %d.%d ns/op\n' "$SPEED" "$(( (i * 7 + ${RUN:-0} * 3) % 10 ))"
done
echo PASS
SH
git add -A && git commit -qm c0
git remote add origin "$t/origin.git"
git push -q origin HEAD:refs/heads/main

export BT_TESTBED=ci-box
for r in 1 2 3 4 5 6 7 8; do
	echo "$r" >run.txt && git add run.txt && git commit -qm "c$r"
	RUN=$r SPEED=100 bt-track --push --summary "$t/summary$r.md" -- sh bench.sh >"$t/out" 2>"$t/err"
	st=$?
	[ "$st" -eq 0 ] || { cat "$t/err" | sed 's/^/# /'; break; }
done
is "$st" 0 "eight runs on main at the same speed: no alert"
n=$(git --git-dir="$t/origin.git" ls-tree -r --name-only benchtrack-history | grep -c '^ci-box/.*\.jsonl$')
is "$n" 8 "the history branch on origin holds one file per run, under the testbed"
git --git-dir="$t/origin.git" grep -q '"run":{[^}]*"commit":"'"$(git rev-parse HEAD)"'"' benchtrack-history -- ci-box
ok $? "each run's samples carry the commit they measured"
grep -q "ci-box" "$t/summary8.md"
ok $? "the verdict is written to the summary file"
[ "$(git status --porcelain | grep -v '^??' | wc -l)" -eq 0 ] && [ "$(git worktree list | wc -l)" -eq 1 ]
ok $? "the project's checkout is untouched, no worktree left behind"

# A pull request: slower, judged against main's history, not added to it.
git checkout -q -b feature
echo slow >run.txt && git commit -qam slow
RUN=9 SPEED=180 bt-track --summary "$t/pr.md" -- sh bench.sh >"$t/out" 2>"$t/err"
is $? 1 "a pull request 80 % slower than the history: exit 1 (an alert)"
grep -qi "alert" "$t/pr.md" && grep -q "BenchmarkParse" "$t/pr.md"
ok $? "the summary names the benchmark and the alert"
n=$(git --git-dir="$t/origin.git" ls-tree -r --name-only benchtrack-history | grep -c '\.jsonl$')
is "$n" 8 "without --push the history is not changed"
RUN=9 SPEED=180 bt-track --no-fail --summary "$t/pr2.md" -- sh bench.sh >/dev/null 2>&1
is $? 0 "--no-fail: the alert is reported, the step passes"

bt-track --testbed '../x' -- sh bench.sh >/dev/null 2>"$t/err"
is $? 2 "a testbed name that would be a path is refused"
bt-track --model nope -- sh bench.sh >/dev/null 2>"$t/err"
is $? 2 "an unknown model is refused before anything runs"
bt-track -- sh -c 'exit 3' >/dev/null 2>"$t/err"
is $? 2 "a benchmark command that fails: exit 2, nothing recorded"
done_testing
