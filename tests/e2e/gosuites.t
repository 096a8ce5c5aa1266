#!/bin/sh
# gosuites.t — the bundled Go suites (share/benchmarks/go) build offline,
# hold the seeds' 5 + 76 benchmarks, and run: core's names are those of the
# seeds' captured output (tests/data/go/gc-count10.txt), and every result
# parses through bt-parse.  Benchmarks needing modules beyond the standard
# library show up as skip records, not silently absent; with -tags bt_ext
# they build from Debian's Go packages when those are installed.
. "$BT_TESTS/e2e/lib.sh"
if ! command -v go >/dev/null 2>&1; then
	skip "go is not installed"
	done_testing
	exit 0
fi
suite=$BT_TMP/gosuites
rm -rf "$suite" && cp -r "$BT_INST/share/bt/benchmarks/go" "$suite"
export GOFLAGS=-mod=mod GOPROXY=off GOCACHE="$BT_TMP/gocache" GOTMPDIR=
cd "$suite" || exit 2

# gotest PKG ARGS…: run one package's benchmarks once each; output in $BT_TMP/PKG.txt
gotest() {
	_p=$1
	shift
	go test -run '^$' -bench . -benchmem -benchtime 1x "$@" "./$_p/" >"$BT_TMP/$_p.txt" 2>&1
}
# samples FILE: the distinct benchmark names of its sample records
samples() {
	jq -r 'select(.kind=="sample") | .name' "$1" | sort -u
}

for p in core:5 runtime:20 stdlib:35 networking:21; do
	n=$(go test -list '^Benchmark' "./${p%%:*}/" 2>/dev/null | grep -c '^Benchmark')
	is "$n" "${p#*:}" "${p%%:*} holds ${p#*:} benchmarks"
done

gotest core
ok $? "core builds and runs offline"
bt-parse "$BT_TMP/core.txt" >"$BT_TMP/core.jsonl"
ok $? "bt-parse reads its output"
is "$(jq -r 'select(.kind=="sample") | .name' "$BT_TMP/core.jsonl" | wc -l | tr -d ' ')" 5 "5 samples"
is "$(samples "$BT_TMP/core.jsonl" | tr '\n' ' ')" \
	"$(bt-parse "$BT_TESTS/data/go/gc-count10.txt" | jq -r 'select(.kind=="sample" and (.suite | endswith("/core"))) | .name' | sort -u | tr '\n' ' ')" \
	"core's names are the seeds' names"
is "$(jq -r 'select(.kind=="sample") | .metrics | has("ns/op") and has("B/op") and has("allocs/op")' \
	"$BT_TMP/core.jsonl" | sort -u)" true "every sample has ns/op, B/op and allocs/op"

gotest runtime
ok $? "runtime runs"
bt-parse "$BT_TMP/runtime.txt" >"$BT_TMP/runtime.jsonl"
is "$(samples "$BT_TMP/runtime.jsonl" | wc -l | tr -d ' ')" 20 "runtime: 20 results"
is "$(jq -r 'select(.name=="BenchmarkGCLatency") | .metrics | has("max-pause-ns")' "$BT_TMP/runtime.jsonl")" \
	true "GCLatency reports its longest pause"

# stdlib without the RSA key generations (seconds each): crypto and hashing
gotest stdlib -bench 'AES|SHA|CRC|FNV|MD5|JSON'
ok $? "stdlib crypto, hashing and JSON run"
bt-parse "$BT_TMP/stdlib.txt" >"$BT_TMP/stdlib.jsonl"
is "$(samples "$BT_TMP/stdlib.jsonl" | grep -c '^BenchmarkAES.*/\(1KB\|64KB\|1MB\)$')" 6 \
	"AES-CTR and AES-GCM at 1KB, 64KB and 1MB"
is "$(jq -r 'select(.name=="BenchmarkSHA256") | .metrics | has("MB/s")' "$BT_TMP/stdlib.jsonl")" \
	true "hashes report throughput"

gotest networking -v
ok $? "networking runs over loopback"
bt-parse "$BT_TMP/networking.txt" >"$BT_TMP/networking.jsonl"
is "$(samples "$BT_TMP/networking.jsonl" | wc -l | tr -d ' ')" 17 "networking: 17 results"
is "$(jq -r 'select(.kind=="skip") | .name' "$BT_TMP/networking.jsonl" | sort | tr '\n' ' ')" \
	"BenchmarkGRPCStreaming BenchmarkGRPCUnary BenchmarkQUICHandshake BenchmarkQUICThroughput " \
	"gRPC and QUIC are skip records"
grep -q 'needs a module outside the standard library: build with -tags bt_ext' "$BT_TMP/networking.txt"
ok $? "and say why"

# SHA3-256 from Debian's golang.org/x/crypto through debian.mod, offline
if [ -d /usr/share/gocode/src/golang.org/x/crypto/sha3 ]; then
	go test -modfile=debian.mod -tags bt_ext -run '^$' -bench SHA3 -benchtime 1x ./stdlib/ 2>&1 |
		bt-parse >"$BT_TMP/sha3.jsonl"
	is "$(samples "$BT_TMP/sha3.jsonl" | tr '\n' ' ')" "BenchmarkSHA3_256 " \
		"-tags bt_ext with debian.mod measures SHA3-256"
else
	skip "golang-golang-x-crypto-dev is not installed"
fi

# gRPC and QUIC with -tags bt_ext from Debian's packages (GOPATH mode), offline
g=/usr/share/gocode/src
if [ -d "$g/google.golang.org/grpc" ] && [ -d "$g/github.com/lucas-clemente/quic-go" ]; then
	# the module placed at its import path in a GOPATH keeps its package names
	gp=$BT_TMP/gopath
	mkdir -p "$gp/src/benchtrack.local" && ln -s "$suite" "$gp/src/benchtrack.local/benchmarks"
	(cd "$gp/src/benchtrack.local/benchmarks" && GO111MODULE=off GOPATH="$gp:/usr/share/gocode" GOFLAGS= \
		go test -tags bt_ext -run '^$' -bench 'GRPC|QUIC' -benchtime 2x ./networking/) >"$BT_TMP/ext.txt" 2>&1
	ok $? "-tags bt_ext builds gRPC and QUIC from Debian's packages"
	bt-parse "$BT_TMP/ext.txt" >"$BT_TMP/ext.jsonl"
	is "$(samples "$BT_TMP/ext.jsonl" | tr '\n' ' ')" \
		"BenchmarkGRPCStreaming BenchmarkGRPCUnary BenchmarkQUICHandshake BenchmarkQUICThroughput " \
		"and measures them"
	is "$(jq -r 'select(.kind=="sample") | .suite' "$BT_TMP/ext.jsonl" | sort -u)" \
		"benchtrack.local/benchmarks/networking" "under the module's package name"
else
	for _ in 1 2 3; do
		skip "golang-google-grpc-dev or golang-github-lucas-clemente-quic-go-dev is not installed"
	done
fi

# gccgo builds the same module (its go tool is go-12 on Debian 12)
gccgo_go=$(command -v go-12 || command -v "$(uname -m)-linux-gnu-go-12") 2>/dev/null
if [ -n "$gccgo_go" ]; then
	"$gccgo_go" test -run '^$' -bench . -benchtime 1x ./core/ ./networking/ 2>&1 | bt-parse >"$BT_TMP/gccgo.jsonl"
	is "$(samples "$BT_TMP/gccgo.jsonl" | wc -l | tr -d ' ')" 22 "gccgo runs core and networking too"
else
	skip "gccgo is not installed"
fi
done_testing
