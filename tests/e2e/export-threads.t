#!/bin/sh
# export-threads.t — bt-export --web reads the second half of a results
# tree's files on a second core while it reads the first (runs_load,
# results.h).  Whatever the inputs, the web tree it writes, what it says
# and its exit status are byte for byte those of the reading in turn
# (BT_THREADS=1): one tree and two, files named one by one, bad lines in
# either half, a run that names no platform, Go text among the files, a
# missing file, runs with the same stamp; and the verdicts of every pair of
# versions (bt-compare runs two pairs at once, webdata.c), what each pair's
# bt-compare says coming in the pairs' order.
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/export-threads
d=$BT_TESTS/data/go
mkdir -p "$t"

# same NAME ARGS…: bt-export --web $t/web ARGS… on two cores and in turn
# write the same tree, say the same and exit the same.
same() {
	_name=$1
	shift
	rm -rf "$t/web" "$t/web.seq"
	BT_THREADS=1 bt-export --web "$t/web" "$@" >"$t/seq.out" 2>"$t/seq.err"
	_s=$?
	mv "$t/web" "$t/web.seq" 2>/dev/null || mkdir "$t/web.seq"
	BT_THREADS=2 bt-export --web "$t/web" "$@" >"$t/par.out" 2>"$t/par.err"
	_p=$?
	[ -d "$t/web" ] || mkdir "$t/web"
	diff -r "$t/web.seq" "$t/web" >"$t/diff" 2>&1 &&
		cmp -s "$t/seq.out" "$t/par.out" && cmp -s "$t/seq.err" "$t/par.err" &&
		[ "$_s" = "$_p" ]
	_r=$?
	ok $_r "$_name (exit $_s)"
	[ $_r -eq 0 ] || { head -5 "$t/diff"; diff "$t/seq.err" "$t/par.err" | head -5; } | sed 's/^/# /'
}

# A results tree: two platforms, two versions, eight runs each, so the
# split falls inside a version's runs.
tree() { # tree DIR SEED: a results tree of 32 runs in DIR
	for plat in linux-amd64 darwin-arm64; do
		for v in go1.24 go1.25; do
			mkdir -p "$1/$plat/$v"
			for i in 1 2 3 4 5 6 7 8; do
				f=gc-count10.txt
				[ $((i % 2)) -eq 0 ] && f=gc-count10-b.txt
				bt-parse "$d/$f" |
					sed "s/\"goos\":\"linux\"/\"goos\":\"${plat%-*}\"/; s/\"goarch\":\"amd64\"/\"goarch\":\"${plat#*-}\"/" \
						>"$1/$plat/$v/2026-0$2-0${i}_00-00-00.jsonl"
			done
		done
	done
}
tree "$t/r1" 1
tree "$t/r2" 2
grep -q darwin "$t/r1/darwin-arm64/go1.24/2026-01-01_00-00-00.jsonl"
ok $? "the tree's darwin runs say so"

same "a results tree" "$t/r1"
ok "$(jq '.versions | length' "$t/web/linux-amd64/index.json" 2>/dev/null | grep -qx 2; echo $?)" "both versions exported"
ok "$(jq '.versions | length' "$t/web/darwin-arm64/index.json" 2>/dev/null | grep -qx 2; echo $?)" "the second half's platform exported"
same "two results trees" "$t/r1" "$t/r2"
same "files one by one" "$t/r1/linux-amd64/go1.24/2026-01-01_00-00-00.jsonl" \
	"$t/r1/linux-amd64/go1.24/2026-01-02_00-00-00.jsonl" \
	"$t/r1/darwin-arm64/go1.25/2026-01-08_00-00-00.jsonl"

# Bad lines in a file of each half: both said, in the files' order.
cp -R "$t/r1" "$t/bad"
echo 'not json' >>"$t/bad/darwin-arm64/go1.24/2026-01-03_00-00-00.jsonl"
echo '{"bt":1,"kind":"sample","metrics":{}}' >>"$t/bad/linux-amd64/go1.25/2026-01-05_00-00-00.jsonl"
same "bad lines in both halves" "$t/bad"
grep -c . "$t/par.err" | grep -qx 2
ok $? "both bad files named"

# A run without a platform, late in the tree: said after every file is read.
cp -R "$t/r1" "$t/noplat"
bt-parse "$d/gc-count10.txt" | grep -v '"kind":"context"' | sed 's/"goos":"linux",//; s/"goarch":"amd64",//' \
	>"$t/noplat/linux-amd64/go1.25/2026-01-07_00-00-00.jsonl"
same "a run without a platform" "$t/noplat"
grep -q "cannot tell the platform" "$t/par.err"
ok $? "the run without a platform named"

# Go text among the files, in either half: read in turn after the thread.
same "Go text first" "$d/gc-count10.txt" "$t/r1/linux-amd64/go1.24/2026-01-01_00-00-00.jsonl" \
	"$t/r1/linux-amd64/go1.24/2026-01-02_00-00-00.jsonl"
same "Go text last" "$t/r1/linux-amd64/go1.24/2026-01-01_00-00-00.jsonl" \
	"$t/r1/linux-amd64/go1.24/2026-01-02_00-00-00.jsonl" "$d/gc-count10-b.txt"
same "a missing file" "$t/r1/linux-amd64/go1.24/2026-01-01_00-00-00.jsonl" \
	"$t/nothing.jsonl" "$t/r1/linux-amd64/go1.24/2026-01-02_00-00-00.jsonl"

# Runs with the same stamp in the two trees: which one is newest is the
# same on two cores.
same "the same stamps twice" "$t/r1" "$t/r1"

# Four versions: six pairs, two bt-compare at a time, the same verdicts.
for v in go1.22 go1.23 go1.24 go1.25; do
	mkdir -p "$t/four/linux-amd64/$v"
	cp "$t/r1/linux-amd64/go1.24/2026-01-0${v#go1.2}_00-00-00.jsonl" "$t/four/linux-amd64/$v/"
done
same "four versions, six pairs" "$t/four"
ls "$t/web/linux-amd64/compare" 2>/dev/null | grep -c 'json$' | grep -qx 6
ok $? "six pairs compared"

# A bt-compare that talks, fails for the pairs whose base is go1.23, and
# ends the first pair last: its words and failures in the pairs' order.
mkdir -p "$t/bin"
cp "$(command -v bt-export)" "$t/bin/"
ln -s "$(command -v bt-history)" "$t/bin/bt-history"
cat >"$t/bin/bt-compare" <<'SH'
#!/bin/sh
case "$3 $4" in *go1.22*go1.23*) sleep 0.5 ;; esac
echo "fake bt-compare: $3 against $4" >&2
case $3 in *go1.23*) exit 2 ;; esac
echo '{"comparisons":[]}'
SH
chmod +x "$t/bin/bt-compare"
PATH=$t/bin:$PATH same "a bt-compare that talks and fails" "$t/four"
grep -c "fake bt-compare" "$t/par.err" | grep -qx 6
ok $? "every pair's words said"
grep "go1.23.*failed (status 2)" "$t/par.err" | grep -c . | grep -qx 2
ok $? "the failing pairs named"
done_testing
