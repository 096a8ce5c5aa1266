#!/bin/sh
# export-kill.t — bt-export killed with SIGKILL at random moments never
# leaves a broken dashboard or archive.  --web: every file is the old one or
# the new one, whole; every version an index lists and every platform
# platforms.json lists is there (files are written before what refers to
# them); the next export finishes the job and sweeps the temporaries a
# killed one left.  --archive: the old archive or a complete new one that
# passes --verify, never a partial one, and no temporary left in its place.
# Two exports into one dashboard at once take turns.
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/export-kill
res=$t/results/stable/linux-amd64
mkdir -p "$res/go1.21" "$res/go1.22"
gen() { # VERSION DATE SEED
	mkdir -p "$res/$1"
	sh "$BT_TESTS/bench/gen-big-go.sh" 1000 10 "$3" | bt-parse -l "version=$1" >"$res/$1/$2.jsonl"
}
gen go1.21 2026-01-01_10-00-00 3
gen go1.22 2026-01-02_10-00-00 4
bt-export --web "$t/web.old" "$t/results"
ok $? "the old dashboard is exported"
bt-export --archive "$t/old.tar.gz" "$t/results"
ok $? "the old archive is written"
gen go1.22 2026-01-03_10-00-00 5
gen go1.23 2026-01-04_10-00-00 6
cp -R "$t/web.old" "$t/web.new"
ms() { echo $(($(date +%s%N) / 1000000)); }
start=$(ms)
bt-export --web "$t/web.new" "$t/results"
ok $? "the new dashboard is exported over a copy of the old"
web_ms=$(($(ms) - start))
start=$(ms)
bt-export --archive "$t/new.tar.gz" "$t/results"
ar_ms=$(($(ms) - start))

# pause I MS: sleep for 0.4 to 1.1 times MS milliseconds, the time a whole
# run took (its writing is at the end), the same for the same I every time:
# the kills land in the writing in any build, normal or sanitizer.
pause() {
	sleep "$(awk -v s="$1" -v ms="$2" 'BEGIN { srand(s); printf "%.3f", (0.4 + rand() * 0.7) * ms / 1000 }')"
}

# web_ok DIR: 0 when every file is an old or a new one and every reference
# resolves; else says what is wrong on stdout.
web_ok() {
	(cd "$1" && find . -type f ! -name '*.lock' ! -name '*.tmp.*') | while read -r f; do
		cmp -s "$1/$f" "$t/web.old/$f" 2>/dev/null || cmp -s "$1/$f" "$t/web.new/$f" ||
			echo "$f is neither old nor new"
	done
	jq -r '.platforms[].id' "$1/platforms.json" | while read -r p; do
		[ -f "$1/$p/index.json" ] || echo "$p/index.json missing"
		jq -r '.versions[].file' "$1/$p/index.json" | while read -r v; do
			jq -e .benchmarks "$1/$p/$v" >/dev/null 2>&1 || echo "$p/$v missing or broken"
		done
	done
}

bad=0 i=0 stale=0 mid=0
while [ $i -lt 20 ]; do
	rm -rf "$t/web"
	cp -R "$t/web.old" "$t/web"
	bt-export --web "$t/web" "$t/results" 2>/dev/null &
	pid=$!
	pause $i $web_ms
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	why=$(web_ok "$t/web")
	[ -z "$why" ] || { bad=$((bad + 1)); echo "# run $i: $why" | head -3; }
	[ -z "$(find "$t/web" -name '*.tmp.*')" ] || stale=$((stale + 1))
	diff -r -q -x '*.lock' -x '*.tmp.*' "$t/web" "$t/web.old" >/dev/null ||
		diff -r -q -x '*.lock' -x '*.tmp.*' "$t/web" "$t/web.new" >/dev/null ||
		mid=$((mid + 1))
	i=$((i + 1))
done
is $bad 0 "20 web exports killed with SIGKILL: the dashboard is always whole ($mid killed between files)"
bt-export --web "$t/web" "$t/results"
ok $? "the next export after a killed one succeeds"
run "and leaves the new dashboard" diff -r -x '*.lock' "$t/web" "$t/web.new"
is "$(find "$t/web" -name '*.tmp*' | wc -l)" 0 \
	"and no temporaries ($stale of the killed runs had left some)"

# Two exports into one dashboard at once take turns (the lock): both
# finish and the dashboard is the new one.
rm -rf "$t/web"
cp -R "$t/web.old" "$t/web"
bt-export --web "$t/web" "$t/results" 2>"$t/err1" &
bt-export --web "$t/web" "$t/results" 2>"$t/err2"
st=$?
wait $!
is "$st$?" 00 "two exports into one directory at once both succeed"
run "and leave the new dashboard, whole" diff -r -x '*.lock' "$t/web" "$t/web.new"

bad=0 i=0
while [ $i -lt 20 ]; do
	cp "$t/old.tar.gz" "$t/a.tar.gz"
	bt-export --archive "$t/a.tar.gz" "$t/results" 2>/dev/null &
	pid=$!
	pause $((i + 50)) $ar_ms
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	if ! cmp -s "$t/a.tar.gz" "$t/old.tar.gz"; then
		bt-export --verify "$t/a.tar.gz" >"$t/verify" 2>&1 &&
			[ "$(tar tzf "$t/a.tar.gz" | grep -c 'jsonl$')" = 4 ] ||
			{ bad=$((bad + 1)); echo "# run $i: neither old nor a whole new archive"; }
	fi
	i=$((i + 1))
done
is $bad 0 "20 archive exports killed with SIGKILL: the archive is the old one or a whole new one"
bt-export --archive "$t/results/inside.tar.gz" "$t/results" &&
	bt-export --archive "$t/results/inside.tar.gz" "$t/results"
ok $? "an archive written inside the tree it bundles"
is "$(tar tzf "$t/results/inside.tar.gz" | grep -c 'inside')" 0 "does not bundle itself"
done_testing
