//go:build !bt_ext
// +build !bt_ext

// gRPC and QUIC need google.golang.org/grpc and quic-go, which are not in
// the standard library, and nothing is downloaded.  Without the bt_ext
// build tag they are reported as skipped, with the reason, so their absence
// shows in the output instead of passing unnoticed; with it, the real
// benchmarks in grpc_ext_test.go and quic_ext_test.go build from Debian's
// packages (see ../README.md).
package networking

import "testing"

const extNote = "needs a module outside the standard library: build with -tags bt_ext (see README.md)"

// BenchmarkGRPCUnary is skipped: needs google.golang.org/grpc.
func BenchmarkGRPCUnary(b *testing.B) { b.Skip("gRPC unary " + extNote) }

// BenchmarkGRPCStreaming is skipped: needs google.golang.org/grpc.
func BenchmarkGRPCStreaming(b *testing.B) { b.Skip("gRPC streaming " + extNote) }

// BenchmarkQUICHandshake is skipped: needs quic-go.
func BenchmarkQUICHandshake(b *testing.B) { b.Skip("QUIC handshake " + extNote) }

// BenchmarkQUICThroughput is skipped: needs quic-go.
func BenchmarkQUICThroughput(b *testing.B) { b.Skip("QUIC throughput " + extNote) }
