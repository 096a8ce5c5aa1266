//go:build !bt_ext
// +build !bt_ext

// Without the bt_ext build tag SHA3-256 is reported as skipped (it needs
// golang.org/x/crypto), so the benchmark's absence is visible in the output.
package stdlib

import "testing"

// BenchmarkSHA3_256 is skipped: build with -tags bt_ext (see ../README.md).
func BenchmarkSHA3_256(b *testing.B) {
	b.Skip("SHA3-256 needs golang.org/x/crypto: build with -tags bt_ext (see README.md)")
}
