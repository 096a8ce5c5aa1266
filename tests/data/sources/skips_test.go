package gskip

import "testing"

func BenchmarkA(b *testing.B) {
	for i := 0; i < b.N; i++ {
	}
}
func BenchmarkSkipMe(b *testing.B)   { b.Skip("needs the network") }
func BenchmarkSkipToo(b *testing.B)  { b.Skipf("no %s on this machine", "GPU") }
func BenchmarkFails(b *testing.B)    { b.Log("first"); b.Fatal("boom") }
func BenchmarkB(b *testing.B) {
	for i := 0; i < b.N; i++ {
	}
}
func BenchmarkSub(b *testing.B) {
	b.Run("x", func(b *testing.B) { b.Skip("no x here") })
	b.Run("y", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
		}
	})
}
