// Package core holds the seeds' five core benchmarks: allocation of small
// and large objects, map and slice growth, and garbage-collector pressure.
// Results are kept in package-level sinks so the compiler cannot drop the
// work being measured.
package core

import "testing"

var (
	byteSink  []byte
	mapSink   map[int]int
	sliceSink []int
	ptrSink   []*[64]byte
)

// BenchmarkSmallAllocation allocates one 64-byte object per operation.
func BenchmarkSmallAllocation(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		byteSink = make([]byte, 64)
	}
}

// BenchmarkLargeAllocation allocates 1 MiB per operation.
func BenchmarkLargeAllocation(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		byteSink = make([]byte, 1<<20)
	}
}

// BenchmarkMapAllocation builds a map of 100 entries per operation.
func BenchmarkMapAllocation(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		m := make(map[int]int)
		for k := 0; k < 100; k++ {
			m[k] = k
		}
		mapSink = m
	}
}

// BenchmarkSliceAppend grows a slice by 1000 appends per operation.
func BenchmarkSliceAppend(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		var s []int
		for k := 0; k < 1000; k++ {
			s = append(s, k)
		}
		sliceSink = s
	}
}

// BenchmarkGCPressure allocates 200 short-lived objects per operation,
// keeping a few alive, so the collector has work to do.
func BenchmarkGCPressure(b *testing.B) {
	b.ReportAllocs()
	keep := make([]*[64]byte, 0, 100)
	for i := 0; i < b.N; i++ {
		for k := 0; k < 200; k++ {
			p := new([64]byte)
			if k%50 == 0 {
				keep = append(keep, p)
			}
		}
		if len(keep) >= 100 {
			ptrSink = keep
			keep = make([]*[64]byte, 0, 100)
		}
	}
}
