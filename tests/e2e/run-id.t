#!/bin/sh
# run-id.t — run identity (docs/records.md, issue 17 §1): bt-run stamps
# every sample and its context with a `run` from git (HEAD, its commit
# time, the branch), the host and the clock, or from options and the CI
# environment; a dirty tree and a detached HEAD are said, never hidden;
# without git nothing is guessed; ids are unique; bt-parse stamps only when
# asked; bt-cv says when a group mixes runs and --run judges one;
# bt-compare --baseline-run/--target-run compares two runs of one stream.
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/runid
g=$t/repo
mkdir -p "$g" "$t/nogit"
d=$BT_TESTS/data/go/gc-count10.txt
export GIT_CEILING_DIRECTORIES=$BT_TMP GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
unset BT_COMMIT BT_BRANCH BT_TESTBED
(cd "$g" && git init -q -b main . && echo a >f && git add f &&
	GIT_COMMITTER_DATE='2026-03-04T05:06:07+02:00' GIT_AUTHOR_DATE='2026-03-04T05:06:07+02:00' \
		git -c user.name=t -c user.email=t@e commit -q -m one) || exit 1
head=$(cd "$g" && git rev-parse HEAD)
(cd "$g" && bt-run -- cat "$d") >"$t/a.jsonl"
is "$(jq -r 'select(.kind=="sample") | .run | [.commit, .commit_time, .branch, (.dirty // "-"), (.detached // "-")] | join(" ")' "$t/a.jsonl" | sort -u)" \
	"$head 2026-03-04T03:06:07Z main - -" "from git: HEAD, its commit time in UTC, the branch"
is "$(jq -r 'select(.kind=="sample") | .run.id' "$t/a.jsonl" | sort -u | wc -l)" 1 "every sample carries the same run"
is "$(head -1 "$t/a.jsonl" | jq -r '.run.id')" "$(sed -n 3p "$t/a.jsonl" | jq -r .run.id)" "and the context carries it too"
jq -r 'select(.kind=="sample") | .run | [.id, .time, .testbed] | join(" ")' "$t/a.jsonl" | head -1 >"$t/a.id"
case $(cat "$t/a.id") in
"$(echo "$head" | cut -c1-12)"-[0-9]*T[0-9]*Z-[0-9a-f]*" "[0-9-]*T[0-9:]*Z" $(hostname) ("*-*")") ok 0 "id from commit, time and a digest; time in UTC; testbed the host" ;;
*) ok 1 "id, time, testbed: $(cat "$t/a.id")" ;;
esac
(cd "$g" && bt-run -- true) >"$t/b.jsonl"
(cd "$g" && bt-run -- true) >"$t/c.jsonl"
ok $([ "$(jq -r .run.id "$t/b.jsonl")" != "$(jq -r .run.id "$t/c.jsonl")" ] && echo 0 || echo 1) "two runs in the same second have different ids"
echo b >>"$g/f"
(cd "$g" && bt-run -- cat "$d") | sed -n 3p >"$t/dirty.json"
is "$(jq -r .run.dirty "$t/dirty.json")" true "a dirty tree is said"
(cd "$g" && git checkout -q -- f && git checkout -q --detach)
(cd "$g" && bt-run -- cat "$d") | sed -n 3p >"$t/det.json"
is "$(jq -r '[.run.branch // "-", .run.detached] | join(" ")' "$t/det.json")" "- true" "a detached HEAD: no branch guessed, detached said"
(cd "$g" && BT_BRANCH=release BT_TESTBED=ci-3 BT_COMMIT=$head bt-run -- cat "$d") | sed -n 3p >"$t/env.json"
is "$(jq -r '.run | [.branch, .testbed, .commit] | join(" ")' "$t/env.json")" "release ci-3 $head" "BT_BRANCH, BT_TESTBED, BT_COMMIT"
(cd "$g" && bt-run --commit "$(echo "$head" | cut -c1-7)" --branch b2 --testbed tb --run-id R1 --time 2026-01-02T03:04:05.5Z -- cat "$d") |
	sed -n 3p >"$t/opt.json"
is "$(jq -r '.run | [.id, .commit, .commit_time, .branch, .testbed, .time] | join(" ")' "$t/opt.json")" \
	"R1 $head 2026-03-04T03:06:07Z b2 tb 2026-01-02T03:04:05.5Z" "options win; a short commit git knows is made whole"
# Without git nothing is guessed.
(cd "$t/nogit" && bt-run -- cat "$d") | sed -n 3p >"$t/nogit.json"
is "$(jq -r '.run | keys | join(" ")' "$t/nogit.json")" "id testbed time" "without git: no commit, commit time or branch"
case $(jq -r .run.id "$t/nogit.json") in nocommit-*) ok 0 "and the id says so" ;; *) ok 1 "nocommit id" ;; esac
exits 2 "--time that is not RFC 3339 UTC" bt-run --time 2026-01-02T03:04:05+01:00 -- true
exits 2 "--commit that looks like an option" bt-run --commit --upload-pack=x -- true
exits 2 "a control character in --branch" bt-run --branch "$(printf 'a\033b')" -- true
# bt-parse: only when asked; a run already there is kept.
(cd "$g" && bt-parse "$d") | sed -n 2p >"$t/p0.json"
is "$(jq -r '.run // "none"' "$t/p0.json")" none "bt-parse stamps nothing unasked"
(cd "$g" && bt-parse --run "$d") | sed -n 2p >"$t/p1.json"
is "$(jq -r .run.commit "$t/p1.json")" "$head" "bt-parse --run: from git"
bt-parse --run-id P1 "$d" | bt-parse --run-id P2 | sed -n 2p >"$t/p2.json"
is "$(jq -r .run.id "$t/p2.json")" P1 "a sample's own run is kept"
is "$(BT_TESTBED=ci bt-parse "$d" | sed -n 2p | jq -r .run.testbed)" ci "the CI environment asks for it"
# bt-cv and bt-compare with many runs.
bt-parse --run-id A --commit 1111111aaaa "$d" >"$t/ra.jsonl"
bt-parse --run-id B --commit 2222222bbbb "$d" >"$t/rb.jsonl"
cat "$t/ra.jsonl" "$t/rb.jsonl" >"$t/both.jsonl"
bt-cv -s "$t/both.jsonl" >"$t/cv.jsonl" 2>"$t/cv.err"
grep -q 'BenchmarkSmallAllocation-2 (ns/op): samples of more than one run judged together' "$t/cv.err"
ok $? "bt-cv says a group mixes runs"
is "$(bt-cv -s --run B "$t/both.jsonl" 2>"$t/cv2.err" | jq -r 'select(.name=="BenchmarkSmallAllocation") | .n')" 10 "bt-cv --run judges one run"
ok $([ ! -s "$t/cv2.err" ] && echo 0 || echo 1) "and says nothing then"
is "$(bt-cv -s --run 2222222 "$t/both.jsonl" | jq -r 'select(.name=="BenchmarkSmallAllocation") | .n')" 10 "a commit prefix names the run too"
bt-compare --baseline-run A --target-run B --format csv "$t/both.jsonl" >"$t/bb.csv" 2>"$t/bb.err"
ok $? "bt-compare --baseline-run A --target-run B on one stream"
bt-compare --format csv "$t/ra.jsonl" "$t/rb.jsonl" >"$t/ab.csv" 2>/dev/null
run "it compares as the two runs' files do" cmp "$t/ab.csv" "$t/bb.csv"
bt-compare --format csv "$t/both.jsonl" "$t/rb.jsonl" >/dev/null 2>"$t/mix.err"
grep -q 'the baseline holds samples of more than one run' "$t/mix.err"
ok $? "a side mixing runs is said"
bt-compare --baseline-run A --format csv "$t/both.jsonl" "$t/rb.jsonl" >"$t/ab2.csv" 2>"$t/mix2.err"
run "--baseline-run picks one run of a file" cmp "$t/ab.csv" "$t/ab2.csv"
done_testing
