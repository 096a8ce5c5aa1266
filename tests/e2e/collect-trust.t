#!/bin/sh
# collect-trust.t — bt-collect never files results under a toolchain that
# did not make them (issue 16, 1–5), with fake `go` binaries that say what
# the test wants, so no real Go is needed: a version not installed fails
# before anything runs or any directory is made; the toolchain recorded is
# the binary's own `go version` (gccgo's compiler version too); VERSION and
# the platform from `go env GOOS GOARCH` are validated; SIGTERM mid-run
# kills the children's process group, keeps the partial run marked
# interrupted and exits 143; bt-go-versions evaluates no name in a shell;
# go runs with GOPROXY=off unless the caller set GOPROXY (6).
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/ct
mkdir -p "$t/bin" "$t/suite"
export BT_GO_VERSIONS="$t/gv"
# fake GOROOT REPORTED: a go whose `go version` says REPORTED, whose
# `go env` answers $FAKE_GOOS/$FAKE_GOARCH (default linux/amd64), and whose
# `go test` prints $FAKE_N results of BenchmarkA, $FAKE_SLOW s apart,
# writing the pid of a child of its own to $FAKE_PIDS; with $FAKE_ENV set,
# each run appends its subcommand and the GOPROXY it was given there.
fake() {
	mkdir -p "$1/bin"
	cat >"$1/bin/go" <<SH
#!/bin/sh
[ -z "\${FAKE_ENV:-}" ] || printf '%s %s\n' "\$1" "\${GOPROXY-(unset)}" >>"\$FAKE_ENV"
case \$1 in
version) echo "go version $2 linux/amd64" ;;
env) shift; for k; do case \$k in GOOS) if [ -n "\${FAKE_NUL-}" ]; then printf 'linux\\000x\\n'; else printf '%s\n' "\${FAKE_GOOS-linux}"; fi ;; GOARCH) printf '%s\n' "\${FAKE_GOARCH-amd64}" ;; GCCGO) echo "\${FAKE_GCCGO:-gccgo}" ;; esac; done ;;
test)
	case " \$* " in *" -list "*) echo BenchmarkA; exit 0 ;; esac
	if [ -n "\${FAKE_PIDS:-}" ]; then sleep 271.5 & echo \$! >>"\$FAKE_PIDS"; fi
	echo "goos: linux"; echo "goarch: amd64"; echo "pkg: example.com/fake"
	case " \$* " in *" -bench ^"*) slow=\${FAKE_RETRY_SLOW:-} ;; *) slow=\${FAKE_SLOW:-} ;; esac
	i=0
	while [ \$i -lt \${FAKE_N:-3} ]; do
		v=50.0
		[ -z "\${FAKE_NOISY:-}" ] || [ \$((i % 2)) -eq 0 ] || v=150.0
		printf 'BenchmarkA-2 \t     100\t        %s ns/op\n' "\$v"
		i=\$((i + 1))
		[ -z "\$slow" ] || sleep "\$slow"
	done
	echo PASS; echo "ok  	example.com/fake	0.1s" ;;
esac
SH
	chmod +x "$1/bin/go"
}
fake "$t/path" go1.19.8 # the go on PATH
fake "$t/go125" go1.25.0
fake "$t/liar" go1.19.8
printf 'module example.com/fake\n\ngo 1.18\n' >"$t/suite/go.mod"
PATH=$t/path/bin:$PATH
C="--suite $t/suite --count 3 --benchtime 1x --skip-system-check"

# 1. a version not installed: fail fast, name the install, make nothing
r=$t/r1
bt-collect 1.25 $C --results "$r" >/dev/null 2>"$t/e1"
is $? 2 "Go 1.25 not installed: exit 2"
grep -q 'bt-go-versions install 1.25' "$t/e1"
ok $? "the message says what to install"
ok $([ ! -e "$r" ] && echo 0 || echo 1) "no directory was made"
bt-collect 1.19 1.25 $C --results "$r" >/dev/null 2>&1
ok $([ $? -eq 2 ] && [ ! -e "$r" ] && echo 0 || echo 1) "one missing version of two: nothing runs"
bt-collect tip $C --results "$r" >/dev/null 2>"$t/e1b"
ok $([ $? -eq 2 ] && grep -q 'bt-go-versions register tip' "$t/e1b" && [ ! -e "$r" ] && echo 0 || echo 1) \
	"tip, not registered: refused, naming how to register it"
# the go on PATH is used for its own release only
bt-collect 1.19 $C --results "$r" >/dev/null 2>&1
ok $? "1.19 runs the go on PATH, which is go1.19.8"
set -- "$r"/stable/linux-amd64/go1.19/*.jsonl
is "$(head -1 "$1" | jq -r .toolchain)" "go version go1.19.8 linux/amd64" "the toolchain recorded is the binary's go version"
# a registered toolchain: its own binary, checked against the name
bt-go-versions register 1.25 "$t/go125" >/dev/null
bt-collect 1.25 $C --results "$r" >/dev/null 2>&1
ok $? "a registered 1.25 runs"
set -- "$r"/stable/linux-amd64/go1.25/*.jsonl
is "$(head -1 "$1" | jq -r '.toolchain + " " + .command[0]')" \
	"go version go1.25.0 linux/amd64 $t/gv/go1.25/bin/go" "recorded as go1.25.0, run by the registered binary"
bt-go-versions register 1.24 "$t/liar" >/dev/null
bt-collect 1.24 $C --results "$t/r1b" >/dev/null 2>"$t/e1c"
ok $([ $? -eq 2 ] && [ ! -e "$t/r1b" ] && grep -q "reports 'go1.19.8'" "$t/e1c" && echo 0 || echo 1) \
	"a toolchain registered as 1.24 that reports go1.19.8 is refused"
# gccgo: `go version` says unknown; the compiler's own version is recorded
fake "$t/gccgo" unknown
printf '#!/bin/sh\necho "gccgo (Fake 12.2.0-14) 12.2.0"\n' >"$t/bin/fake-gccgo"
chmod +x "$t/bin/fake-gccgo"
bt-go-versions register gccgo-fake "$t/gccgo" >/dev/null
FAKE_GCCGO=$t/bin/fake-gccgo bt-collect gccgo-fake $C --results "$r" >/dev/null 2>&1
set -- "$r"/stable/linux-amd64/gccgo-fake/*.jsonl
is "$(head -1 "$1" | jq -r '.toolchain + " | " + .compiler')" \
	"go version unknown linux/amd64 | gccgo (Fake 12.2.0-14) 12.2.0" "gccgo: the compiler's version is recorded too"

# 2. VERSION is one safe name, never a path
touch "$t/results.jsonl"
for v in /tmp/x a/../b ../x . .. "1.25/../../x" "$(printf 'a\tb')" "$(printf 'a\033b')" '$(touch pwned)' "-x" "a b"; do
	(cd "$t" && bt-collect "$v" $C --results "$t/r2" >/dev/null 2>"$t/e2")
	st=$?
	ok $([ $st -eq 2 ] && [ ! -e "$t/r2" ] && echo 0 || echo 1) "VERSION '$(printf '%s' "$v" | od -An -c | tr -s ' \n' ' ')' refused (exit $st), nothing made"
done
(cd "$t" && bt-collect results.jsonl $C --results "$t/r2" >/dev/null 2>"$t/e2")
ok $([ $? -eq 2 ] && grep -q 'is a file here' "$t/e2" && [ ! -e "$t/r2" ] && echo 0 || echo 1) \
	"a file name given for a version is refused as such"
ok $([ ! -e "$t/pwned" ] && [ ! -e pwned ] && echo 0 || echo 1) "no VERSION reached a shell"

# --packages is split into package patterns for go test: a glob, an option
# go test would act on (-exec runs a program), a shell word are refused
touch "$t/suite/x.go"
for p in '*' './... -exec=/bin/touch' '-exec=touch' '$(touch pwned)' "$(printf 'a\nb')"; do
	bt-collect 1.25 $C --packages "$p" --results "$t/rp" >/dev/null 2>"$t/ep"
	ok $([ $? -eq 2 ] && [ ! -e "$t/rp" ] && grep -q 'bad --packages' "$t/ep" && echo 0 || echo 1) \
		"--packages '$(printf '%s' "$p" | od -An -c | tr -s ' \n' ' ')' refused, nothing made"
done
rm -f "$t/suite/x.go"

# a registered toolchain whose go version is the release followed by more
# (go1.270, go1.26.0 and an escape sequence) is not that release; what it
# says is shown with '?' for what is not printable
fake "$t/go1270" go1.270
fake "$t/esc126" "go1.26.0$(printf '\033')[2J"
bt-go-versions register 1.27 "$t/go1270" >/dev/null
bt-go-versions register 1.26 "$t/esc126" >/dev/null
for v in 1.27 1.26; do
	bt-collect $v $C --results "$t/rv" >/dev/null 2>"$t/ev"
	ok $([ $? -eq 2 ] && [ ! -e "$t/rv" ] && grep -q "reports '.*', not go$v" "$t/ev" && echo 0 || echo 1) \
		"a toolchain registered as $v reporting $(sed -n 's/.*reports .\(.*\)., not.*/\1/p' "$t/ev" | head -1) is refused"
done
! grep -q "$(printf '\033')" "$t/ev"
ok $? "no escape character of its version reaches stderr"

# 3. the platform from a go that lies
for pair in "$(printf 'linux\r') amd64" "li$(printf '\033')[2Jnux amd64" "linux $(printf '%040d' 0 | tr 0 a)"; do
	set -- $pair
	FAKE_GOOS=$1 FAKE_GOARCH=${2-} bt-collect 1.25 $C --results "$t/r3" >/dev/null 2>"$t/e3"
	ok $([ $? -eq 2 ] && [ ! -e "$t/r3" ] && ! grep -q "$(printf '\033\|\r')" "$t/e3" && echo 0 || echo 1) \
		"go env GOOS GOARCH '$(printf '%s' "$pair" | od -An -c | tr -s ' \n' ' ')' refused, nothing made, shown without control"
done
FAKE_NUL=1 bt-collect 1.25 $C --results "$t/r3" >/dev/null 2>"$t/e3"
ok $([ $? -eq 2 ] && [ ! -e "$t/r3" ] && grep -q "'linux?x' is not a GOOS or GOARCH" "$t/e3" && echo 0 || echo 1) \
	"go env GOOS 'linux' NUL 'x': the NUL is not dropped (linuxx), refused, nothing made"
for pair in "../../evil amd64" "linux ../x" "Linux amd64" "linux amd64/x" "linux "; do
	set -- $pair
	FAKE_GOOS=$1 FAKE_GOARCH=${2-} bt-collect 1.25 $C --results "$t/r3" >/dev/null 2>"$t/e3"
	ok $([ $? -eq 2 ] && [ ! -e "$t/r3" ] && echo 0 || echo 1) "go env GOOS GOARCH '$pair' refused, nothing made"
done

# Wait (up to N tenths of a second) until a file GLOB of run $r holds a sample.
first_sample() {
	i=0
	until grep -q '"kind":"sample"' "$r"/stable/linux-amd64/go1.25/$1 2>/dev/null || [ $i -ge "$2" ]; do
		sleep 0.1
		i=$((i + 1))
	done
}

# How many of the processes the fake go wrote to $t/pids still run.
left_running() {
	sleep 0.3
	left=0
	for p in $(cat "$t/pids"); do
		case $(ps -o stat= -p "$p" 2>/dev/null) in '' | Z*) ;; *) left=$((left + 1)) ;; esac
	done
	echo "$left"
}

# 4. SIGTERM mid-run
bt-go-versions register 1.25 "$t/go125" >/dev/null
r=$t/r4
FAKE_N=40 FAKE_SLOW=0.2 FAKE_PIDS=$t/pids bt-collect 1.25 $C --results "$r" >/dev/null 2>"$t/e4" &
pid=$!
first_sample "*.jsonl" 100
kill -TERM $pid
wait $pid
is $? 143 "SIGTERM: bt-collect exits 143"
set -- "$r"/stable/linux-amd64/go1.25/*.jsonl
ok $([ "$(grep -c '"kind":"sample"' "$1")" -ge 1 ] && echo 0 || echo 1) "the partial run is kept"
is "$(tail -1 "$1" | jq -r .reason)" interrupted "and marked interrupted"
is "$(jq -r .state "$r/stable/collection_progress.json")" interrupted "the progress file does not say done"
is "$(left_running)" 0 "nothing the run started is left running"
ok $([ -z "$(ls "$r"/stable/linux-amd64/go1.25/ | grep -v -e '\.jsonl$' -e '\.txt$')" ] && echo 0 || echo 1) \
	"no judging or retry ran after it"

# Ctrl-C, as a terminal sends it to the whole process group.
r=$t/r4i
rm -f "$t/pids"
# (a job started with & ignores SIGINT, and a shell cannot trap a signal
# ignored on entry: perl gives bt-collect the default a terminal would)
FAKE_N=40 FAKE_SLOW=0.2 FAKE_PIDS=$t/pids setsid perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV or die' \
	bt-collect 1.25 $C --results "$r" >/dev/null 2>&1 &
pid=$!
first_sample "*.jsonl" 100
kill -INT "-$pid"
wait $pid
is $? 130 "Ctrl-C to bt-collect's process group: exit 130"
set -- "$r"/stable/linux-amd64/go1.25/*.jsonl
is "$(tail -1 "$1" | jq -r .reason)" interrupted "the partial run is marked interrupted"
is "$(left_running)" 0 "nothing the run started is left running"

# The terminal hung up: SIGHUP to the whole process group (the
# benchmark's own group does not get it: bt-run passes it on).
r=$t/r4h
rm -f "$t/pids"
FAKE_N=40 FAKE_SLOW=0.2 FAKE_PIDS=$t/pids setsid "$BT_TESTS/e2e/sigdfl" bt-collect 1.25 $C --results "$r" >/dev/null 2>&1 &
pid=$!
first_sample "*.jsonl" 100
kill -HUP "-$pid"
wait $pid
is $? 129 "SIGHUP to bt-collect's process group: exit 129"
set -- "$r"/stable/linux-amd64/go1.25/*.jsonl
is "$(tail -1 "$1" | jq -r .reason)" interrupted "the partial run is marked interrupted"
is "$(left_running)" 0 "nothing the run started is left running"

# SIGTERM during the retries: the main run is whole (not marked), the
# attempt is marked, what was noisy is listed for --rerun-failed.
r=$t/r5
FAKE_NOISY=1 FAKE_N=6 FAKE_RETRY_SLOW=0.2 bt-collect 1.25 $C --results "$r" --rerun-count 30 \
	--variance-threshold 10 >/dev/null 2>"$t/e5" &
pid=$!
first_sample "*_retry1.jsonl" 150
kill -TERM $pid
wait $pid
is $? 143 "SIGTERM during the retries: exit 143"
d5=$r/stable/linux-amd64/go1.25
set -- "$d5"/*[0-9].jsonl
is "$(grep -c '"kind":"failure"' "$1")" 0 "the main run, which was whole, is not marked"
set -- "$d5"/*_retry1.jsonl
is "$(tail -1 "$1" | jq -r .reason)" interrupted "the interrupted attempt is"
set -- "$d5"/*_failed_benchmarks.txt
is "$(tail -n +2 "$1" | cut -f2)" BenchmarkA "what was still noisy is listed for --rerun-failed"
ok $([ -z "$(ls "$d5" | grep '\.failed$')" ] && echo 0 || echo 1) "no temporary list is left"

# The run's identity goes through to bt-run.
bt-collect 1.25 $C --results "$t/r6" --commit c0ffee1 --branch rel --testbed bed-1 \
	--run-id RID --time 2026-05-06T07:08:09Z >/dev/null 2>&1
set -- "$t"/r6/stable/linux-amd64/go1.25/*.jsonl
is "$(jq -r 'select(.kind=="sample") | .run | [.id, .commit, .branch, .testbed, .time] | join(" ")' "$1" | sort -u)" \
	"RID c0ffee1 rel bed-1 2026-05-06T07:08:09Z" "--commit, --branch, --testbed, --run-id, --time reach every sample"
FAKE_NOISY=1 FAKE_N=4 bt-collect 1.25 $C --results "$t/r8" --commit c0ffee1 --testbed bed-1 --run-id RID \
	--variance-threshold 10 --max-reruns 1 --rerun-count 4 >/dev/null 2>&1
set -- "$t"/r8/stable/linux-amd64/go1.25/*_retry1.jsonl
is "$(jq -r 'select(.kind=="sample") | .run | [.commit, .testbed, .id != "RID"] | map(tostring) | join(" ")' "$1" | sort -u)" \
	"c0ffee1 bed-1 true" "a retry carries the commit and testbed given, and an id of its own"
bt-go-versions register 1.19 "$t/path" >/dev/null
bt-collect 1.19 1.25 $C --results "$t/r9" --run-id RID >/dev/null 2>&1
is "$(cat "$t"/r9/stable/linux-amd64/go*/*.jsonl | jq -r 'select(.kind=="sample") | .run.id' | sort -u | tr '\n' ' ')" \
	"RID-go1.19 RID-go1.25 " "one --run-id and two versions: each version's run has an id of its own"
exits 2 "a bad --time fails before anything is made" bt-collect 1.25 $C --results "$t/r7" --time never
ok $([ ! -e "$t/r7/stable/linux-amd64" ] && echo 0 || echo 1) "and no platform directory is made"

# 5. bt-go-versions: a directory named '$(…)' is a name, never code
d="$t/\$(touch pwned2)"
fake "$d" go1.30.0
(cd "$t" && bt-go-versions register x130 "$d" >/dev/null)
ok $? "a GOROOT named \$(…) registers"
is "$("$(bt-go-versions path x130)" version)" "go version go1.30.0 linux/amd64" "its go runs"
ok $([ ! -e "$t/pwned2" ] && [ ! -e pwned2 ] && [ ! -e "$t/gv/x130/bin/pwned2" ] && echo 0 || echo 1) "and no shell evaluated the name"
exits 2 "a toolchain name with a '\$' is refused" bt-go-versions register 'a$(b)' "$t/go125"

# 6. Nothing is downloaded unless the caller says so: with GOPROXY unset
# (or empty, which go reads as its default proxy) every go bt-collect
# runs, the retries' too, has GOPROXY=off; a GOPROXY of the caller's
# reaches them as it was given.
for how in unset empty; do
	rm -f "$t/env"
	if [ $how = unset ]; then
		env -u GOPROXY FAKE_ENV="$t/env" FAKE_NOISY=1 FAKE_N=4 bt-collect 1.25 $C --results "$t/r10$how" \
			--variance-threshold 10 --max-reruns 1 --rerun-count 4 >/dev/null 2>&1
	else
		GOPROXY= FAKE_ENV="$t/env" FAKE_NOISY=1 FAKE_N=4 bt-collect 1.25 $C --results "$t/r10$how" \
			--variance-threshold 10 --max-reruns 1 --rerun-count 4 >/dev/null 2>&1
	fi
	is "$?" 1 "GOPROXY $how: the noisy run and its retry ran (exit 1: still noisy)"
	is "$(grep -c '^test ' "$t/env") $(cut -d' ' -f2- "$t/env" | sort -u)" "2 off" \
		"GOPROXY $how: go test, run and retried, and every other go command see GOPROXY=off"
done
mine='https://proxy.example.com/go|direct'
rm -f "$t/env"
GOPROXY=$mine FAKE_ENV="$t/env" bt-collect 1.25 $C --results "$t/r11" >/dev/null 2>&1
ok $? "GOPROXY of the caller's: the run"
is "$(grep -c '^test ' "$t/env") $(cut -d' ' -f2- "$t/env" | sort -u)" "1 $mine" \
	"every go command sees the caller's GOPROXY unchanged"
done_testing
