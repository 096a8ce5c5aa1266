#!/bin/sh
# go-live.t — real output we did not capture: a fresh `go test -bench` run
# (sub-benchmarks, SetBytes, ReportMetric, logs, a skip, a failure, -cpu
# lists, plain and -json) parsed as a new user would.  Skipped without go.
. "$BT_TESTS/e2e/lib.sh"
if ! command -v go >/dev/null 2>&1; then
	echo "ok 1 # skip go is not installed"
	echo "1..1"
	exit 0
fi
m=$BT_TMP/golive
mkdir -p "$m"
export GOPATH="$BT_TMP/gopath" GOCACHE="$BT_TMP/gocache" GOPROXY=off GOFLAGS=-mod=mod
cat >"$m/go.mod" <<'GO'
module example.com/live

go 1.18
GO
cat >"$m/live_test.go" <<'GO'
package live

import (
	"crypto/sha256"
	"strings"
	"testing"
)

var sink int

func BenchmarkJoin(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sink += len(strings.Repeat("x", 16))
	}
}

func BenchmarkHash(b *testing.B) {
	for _, n := range []int{64, 1024} {
		buf := make([]byte, n)
		b.Run("size="+strings.Repeat("k", n/512+1), func(b *testing.B) {
			b.SetBytes(int64(n))
			for i := 0; i < b.N; i++ {
				sink += int(sha256.Sum256(buf)[0])
			}
		})
	}
}

func BenchmarkCustom(b *testing.B) {
	for i := 0; i < b.N; i++ {
		sink++
	}
	b.ReportMetric(2.5, "widgets/op")
	b.Logf("a log line %d", b.N)
}

func BenchmarkSkipped(b *testing.B) { b.Skip("not today") }

func BenchmarkBroken(b *testing.B) { b.Fatalf("deliberate") }
GO
(cd "$m" && go test -run='^$' -bench=. -benchtime=2000x -count=2 -cpu=1,2 . >"$m/out.txt" 2>&1)
(cd "$m" && go test -run='^$' -bench=. -benchtime=2000x -count=2 -cpu=1,2 -json . >"$m/out.json" 2>&1)
want=$(grep -c '^Benchmark.*ns/op' "$m/out.txt")
ok $((want < 10)) "the run produced results ($want)"
for f in out.txt out.json; do
	bt-parse "$m/$f" >"$m/$f.jsonl" 2>"$m/$f.err"
	ok $? "$f parses"
	is "$(grep -c '"kind":"sample"' "$m/$f.jsonl")" "$want" "$f: one sample per result line"
	is "$(jq -r 'select(.kind=="sample") | .procs' "$m/$f.jsonl" | sort -u | tr '\n' ' ')" "2 null " "$f: -cpu 1,2: procs 2, and none where Go prints no suffix"
	is "$(jq -r 'select(.kind=="sample" and .name=="BenchmarkCustom") | .metrics["widgets/op"]' "$m/$f.jsonl" | sort -u)" "2.5" "$f: ReportMetric unit"
	is "$(jq -r 'select(.kind=="sample" and (.name|startswith("BenchmarkHash/"))) | .metrics | has("MB/s")' "$m/$f.jsonl" | sort -u)" "true" "$f: SetBytes gives MB/s on sub-benchmarks"
	is "$(jq -r 'select(.kind=="failure" and .name=="BenchmarkBroken") | .reason' "$m/$f.jsonl" | sort -u)" "fail" "$f: b.Fatal is a failure of that benchmark"
	is "$(jq -r 'select(.kind=="failure" and (has("name")|not)) | .suite' "$m/$f.jsonl" | sort -u)" "example.com/live" "$f: the package failure is recorded"
	is "$(jq -r 'select(.kind=="context") | .config.goos' "$m/$f.jsonl" | sort -u)" "$(go env GOOS)" "$f: configuration captured"
done
done_testing
