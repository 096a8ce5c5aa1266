#!/bin/sh
# go-versions.t — bt-go-versions: register Debian's Go and gccgo as named
# toolchains, list them, find their go binary; a download with no network
# fails fast and clearly; a tarball that is not a Go release is refused,
# and so is one whose SHA-256 or go/VERSION is not the one asked for.
# Then the bundled core suite runs with a registered toolchain.
. "$BT_TESTS/e2e/lib.sh"
# a directory of its own: collect.t registers toolchains in $BT_TMP/gv
export BT_GO_VERSIONS="$BT_TMP/go-versions"
# An offline install from a release-shaped tarball (go/VERSION, go/bin/go):
# unpacked, checked against --sha256 and against the version asked for.
# No real Go is needed; a refusal installs nothing, leaves no temporary and
# does not touch a toolchain already there.
installed() { # what BT_GO_VERSIONS holds, dot entries too
	ls -A "$BT_GO_VERSIONS" 2>/dev/null | tr '\n' ' '
}
release() { # release DIR VERSION SAYS: a fake release tarball DIR.tar.gz
	mkdir -p "$1/go/bin"
	echo "$2" >"$1/go/VERSION"
	printf '#!/bin/sh\necho "go version %s linux/amd64"\n' "$3" >"$1/go/bin/go"
	chmod +x "$1/go/bin/go"
	tar -czf "$1.tar.gz" -C "$1" go
}
release "$BT_TMP/rel" go1.99.0 go1.99.0
tgz=$BT_TMP/rel.tar.gz
sum=$(sha256sum "$tgz" | cut -d' ' -f1)
bad=$(echo "$sum" | tr 0-9a-f 1-9a-f0)
bt-go-versions install 1.99.0 --tarball "$tgz" --sha256 "$bad" >"$BT_TMP/out" 2>"$BT_TMP/err"
is $? 2 "a tarball whose SHA-256 does not match is refused"
grep -q "^bt-go-versions: $tgz: SHA-256 does not match $bad" "$BT_TMP/err"
ok $? "and the message says so"
is "$(installed)$(cat "$BT_TMP/out")" "" "and nothing is installed, no temporary left, nothing run"
bt-go-versions install 1.98.0 --tarball "$tgz" --sha256 "$sum" >"$BT_TMP/out" 2>"$BT_TMP/err"
is $? 2 "a tarball of another version (its VERSION go1.99.0, asked 1.98.0) is refused, its SHA-256 right"
grep -q "^bt-go-versions: $tgz holds go1.99.0, not go1.98.0" "$BT_TMP/err"
ok $? "and the message names both versions"
is "$(installed)$(cat "$BT_TMP/out")" "" "and nothing is installed, no temporary left, nothing run"
is "$(bt-go-versions install 1.99.0 --tarball "$tgz" --sha256 "$sum")" \
	"go version go1.99.0 linux/amd64" "install --tarball with its SHA-256: the installed go runs"
is "$(installed)" "go1.99.0 " "it is the only thing in the toolchain directory"
is "$(bt-go-versions path 1.99.0)" "$BT_TMP/go-versions/go1.99.0/bin/go" "path of the installed toolchain"
bt-go-versions list | grep -q "^go1.99.0 .*go1.99.0 linux/amd64 *tarball$"
ok $? "list shows it as a tarball install"
# another tarball of 1.99.0 refused (checksum, then version): the toolchain
# installed before is still there, untouched
release "$BT_TMP/rel2" go1.99.0 go1.99.0-evil
release "$BT_TMP/rel3" go1.98.0 go1.98.0
exits 2 "reinstalling 1.99.0 from a tarball with the wrong SHA-256: refused" \
	bt-go-versions install 1.99.0 --tarball "$BT_TMP/rel2.tar.gz" --sha256 "$sum"
exits 2 "reinstalling 1.99.0 from a tarball of go1.98.0: refused" \
	bt-go-versions install 1.99.0 --tarball "$BT_TMP/rel3.tar.gz"
is "$(installed) $("$(bt-go-versions path 1.99.0 2>/dev/null)" version 2>/dev/null)" \
	"go1.99.0  go version go1.99.0 linux/amd64" \
	"the toolchain installed before is kept as it was"
if ! command -v go >/dev/null 2>&1; then
	skip "go is not installed"
	done_testing
	exit 0
fi
goroot=$(go env GOROOT)
bt-go-versions register 1.19 "$goroot" >/dev/null
ok $? "register Debian's GOROOT as 1.19"
is "$(bt-go-versions path 1.19)" "$BT_TMP/go-versions/go1.19/bin/go" "path 1.19"
is "$(bt-go-versions path go1.19)" "$BT_TMP/go-versions/go1.19/bin/go" "path go1.19"
bt-go-versions list | grep -q "^go1.19 .*$(go version | cut -d' ' -f3).* goroot$"
ok $? "list shows name, go version and kind"
if command -v go-12 >/dev/null 2>&1 || command -v "$(uname -m)-linux-gnu-go-12" >/dev/null 2>&1; then
	bt-go-versions register gccgo gccgo >/dev/null
	ok $? "register gccgo"
	bt-go-versions list | grep -q "^gccgo .* gccgo$"
	ok $? "gccgo is listed"
else
	skip "gccgo is not installed"
	skip "gccgo is not installed"
fi
exits 2 "path of an unknown toolchain" bt-go-versions path 9.99
exits 2 "register a directory that is no GOROOT" bt-go-versions register bad "$BT_TMP"
start=$(date +%s)
bt-go-versions install 1.21.0 2>"$BT_TMP/err" >/dev/null
st=$?
is $st 2 "install with no network: exit 2"
ok $(($(date +%s) - start > 20)) "and it fails fast"
grep -q "use --tarball FILE" "$BT_TMP/err"
ok $? "and says what to do instead"
echo nope >"$BT_TMP/bogus.tar.gz"
exits 2 "a tarball that is not a Go release is refused" bt-go-versions install 1.21.0 --tarball "$BT_TMP/bogus.tar.gz"
exits 2 "--tarball without a file" bt-go-versions install 1.21.0 --tarball
exits 2 "a name that would leave the toolchain directory" bt-go-versions register ../evil "$goroot"
exits 2 "a version that is no version" bt-go-versions install ../1
# The bundled core suite, through the registered toolchain.
suite=$BT_INST/share/bt/benchmarks/go
rm -rf "$BT_TMP/gv-suite" && cp -r "$suite" "$BT_TMP/gv-suite"
(cd "$BT_TMP/gv-suite" && GOPROXY=off GOFLAGS=-mod=mod GOCACHE="$BT_TMP/gocache" \
	"$(bt-go-versions path 1.19)" test -run '^$' -bench . -benchtime 2x ./core/) 2>"$BT_TMP/go.err" |
	bt-parse >"$BT_TMP/core.jsonl"
sed 's/^/# /' "$BT_TMP/go.err"
is "$(jq -r 'select(.kind=="sample") | .name' "$BT_TMP/core.jsonl" | sort | tr '\n' ' ')" \
	"BenchmarkGCPressure BenchmarkLargeAllocation BenchmarkMapAllocation BenchmarkSliceAppend BenchmarkSmallAllocation " \
	"the bundled core suite runs: the seeds' five benchmarks"
done_testing
