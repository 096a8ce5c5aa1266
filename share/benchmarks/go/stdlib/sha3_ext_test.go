//go:build bt_ext
// +build bt_ext

// SHA3-256 is not in the standard library: it needs golang.org/x/crypto,
// which this module does not require, so nothing is downloaded by default.
// Build with -tags bt_ext and a module file that provides x/crypto, such
// as ../debian.mod (Debian's golang-golang-x-crypto-dev), to measure it.
package stdlib

import (
	"testing"

	"golang.org/x/crypto/sha3"
)

// BenchmarkSHA3_256 hashes 8 KiB with SHA3-256.
func BenchmarkSHA3_256(b *testing.B) { hashBench(b, sha3.New256()) }
