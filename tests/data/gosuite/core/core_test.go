// A tiny suite for the collect tests: two quick benchmarks.
package core

import "testing"

var sink []byte

func BenchmarkSmallAllocation(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sink = make([]byte, 64)
	}
}

func BenchmarkSliceAppend(b *testing.B) {
	for i := 0; i < b.N; i++ {
		var s []int
		for k := 0; k < 1000; k++ {
			s = append(s, k)
		}
		sink = sink[:0]
		_ = s
	}
}
