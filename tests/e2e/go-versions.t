#!/bin/sh
# go-versions.t — bt-go-versions: register Debian's Go and gccgo as named
# toolchains, list them, find their go binary; a download with no network
# fails fast and clearly; a tarball that is not a Go release is refused.
# Then the bundled core suite runs with a registered toolchain.
. "$BT_TESTS/e2e/lib.sh"
export BT_GO_VERSIONS="$BT_TMP/gv"
if ! command -v go >/dev/null 2>&1; then
	skip "go is not installed"
	done_testing
	exit 0
fi
goroot=$(go env GOROOT)
bt-go-versions register 1.19 "$goroot" >/dev/null
ok $? "register Debian's GOROOT as 1.19"
is "$(bt-go-versions path 1.19)" "$BT_TMP/gv/go1.19/bin/go" "path 1.19"
is "$(bt-go-versions path go1.19)" "$BT_TMP/gv/go1.19/bin/go" "path go1.19"
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
# An offline install from a release-shaped tarball (go/VERSION, go/bin/go):
# unpacked, checked against --sha256 and against the version asked for.
mkdir -p "$BT_TMP/rel/go/bin"
echo go1.99.0 >"$BT_TMP/rel/go/VERSION"
printf '#!/bin/sh\necho "go version go1.99.0 linux/amd64"\n' >"$BT_TMP/rel/go/bin/go"
chmod +x "$BT_TMP/rel/go/bin/go"
tar -czf "$BT_TMP/go1.99.0.tar.gz" -C "$BT_TMP/rel" go
sum=$(sha256sum "$BT_TMP/go1.99.0.tar.gz" | cut -d' ' -f1)
bad=$(echo "$sum" | tr 0-9a-f 1-9a-f0)
exits 2 "a tarball whose SHA-256 does not match is refused" \
	bt-go-versions install 1.99.0 --tarball "$BT_TMP/go1.99.0.tar.gz" --sha256 "$bad"
exits 2 "a tarball of another version is refused" bt-go-versions install 1.98.0 --tarball "$BT_TMP/go1.99.0.tar.gz"
[ ! -e "$BT_TMP/gv/go1.99.0" ] && [ ! -e "$BT_TMP/gv/go1.98.0" ]
ok $? "and leave nothing behind"
is "$(bt-go-versions install 1.99.0 --tarball "$BT_TMP/go1.99.0.tar.gz" --sha256 "$sum")" \
	"go version go1.99.0 linux/amd64" "install --tarball with its SHA-256"
is "$(bt-go-versions path 1.99.0)" "$BT_TMP/gv/go1.99.0/bin/go" "path of the installed toolchain"
bt-go-versions list | grep -q "^go1.99.0 .*go1.99.0 linux/amd64 *tarball$"
ok $? "list shows it as a tarball install"
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
