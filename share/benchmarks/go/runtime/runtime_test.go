// Package runtime holds the seeds' 20 runtime and memory benchmarks: the
// garbage collector, maps, goroutines, channels, locks, atomics, pooling
// and escape analysis.  Every result is stored in a package-level sink or
// checked, so the compiler cannot drop the work being measured; setup runs
// before b.ResetTimer.
package runtime

import (
	"math/rand"
	goruntime "runtime"
	"sync"
	"sync/atomic"
	"testing"
)

var (
	byteSink  []byte
	intSink   int
	int64Sink int64
	mapSink   map[int]int
	nodeSink  *node
	ptrSink   *[16]byte
)

// node is a pointerful object, so the collector must trace it.
type node struct {
	left, right *node
	val         int
}

// tree builds a complete binary tree of the given depth.
func tree(depth int) *node {
	if depth == 0 {
		return &node{val: 1}
	}
	return &node{left: tree(depth - 1), right: tree(depth - 1), val: depth}
}

// live is a heap kept alive during the GC benchmarks, so that collections
// have something to mark.
func liveHeap() []*node {
	h := make([]*node, 64)
	for i := range h {
		h[i] = tree(10)
	}
	return h
}

// BenchmarkGCThroughput allocates a 1023-node tree per operation on top of
// a live heap of about 64k nodes: allocation plus collection throughput.
func BenchmarkGCThroughput(b *testing.B) {
	live := liveHeap()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		nodeSink = tree(9)
	}
	b.StopTimer()
	goruntime.KeepAlive(live)
}

// BenchmarkGCLatency replaces 1 KiB buffers in a ring while the collector
// runs, and reports the longest stop-the-world pause seen as max-pause-ns.
func BenchmarkGCLatency(b *testing.B) {
	live := liveHeap()
	ring := make([][]byte, 4096)
	goruntime.GC()
	var before goruntime.MemStats
	goruntime.ReadMemStats(&before)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ring[i%len(ring)] = make([]byte, 1024)
	}
	b.StopTimer()
	var after goruntime.MemStats
	goruntime.ReadMemStats(&after)
	var max uint64
	n := after.NumGC - before.NumGC
	if n > 256 {
		n = 256
	}
	for k := uint32(0); k < n; k++ {
		p := after.PauseNs[(after.NumGC-k+255)%256]
		if p > max {
			max = p
		}
	}
	b.ReportMetric(float64(max), "max-pause-ns")
	goruntime.KeepAlive(live)
	goruntime.KeepAlive(ring)
}

// BenchmarkGCSmallObjects allocates 1000 16-byte objects per operation.
func BenchmarkGCSmallObjects(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for k := 0; k < 1000; k++ {
			ptrSink = new([16]byte)
		}
	}
}

// BenchmarkGCMixed allocates a mix of sizes per operation: small
// pointer-free buffers, pointerful nodes and one 64 KiB buffer.
func BenchmarkGCMixed(b *testing.B) {
	live := liveHeap()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for k := 0; k < 100; k++ {
			byteSink = make([]byte, 32+k)
			nodeSink = &node{val: k}
		}
		byteSink = make([]byte, 64<<10)
	}
	b.StopTimer()
	goruntime.KeepAlive(live)
}

// BenchmarkSyncMap: parallel readers of a 1000-key sync.Map, one store in
// every ten operations.
func BenchmarkSyncMap(b *testing.B) {
	var m sync.Map
	for k := 0; k < 1000; k++ {
		m.Store(k, k)
	}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		r := rand.New(rand.NewSource(1))
		n := 0
		for pb.Next() {
			k := r.Intn(1000)
			if n%10 == 0 {
				m.Store(k, n)
			} else if v, ok := m.Load(k); !ok || v == nil {
				panic("sync.Map lost a key")
			}
			n++
		}
	})
}

// BenchmarkMapPresized fills a map of 1000 entries made with its final size.
func BenchmarkMapPresized(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		m := make(map[int]int, 1000)
		for k := 0; k < 1000; k++ {
			m[k] = k
		}
		mapSink = m
	}
}

// BenchmarkMapGrow fills a map of 1000 entries that starts empty, so it
// grows several times (compare with MapPresized).
func BenchmarkMapGrow(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		m := make(map[int]int)
		for k := 0; k < 1000; k++ {
			m[k] = k
		}
		mapSink = m
	}
}

func filled(n int) map[int]int {
	m := make(map[int]int, n)
	for k := 0; k < n; k++ {
		m[k] = k
	}
	return m
}

// BenchmarkMapIterate ranges over a map of 10000 entries.
func BenchmarkMapIterate(b *testing.B) {
	m := filled(10000)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s := 0
		for k, v := range m {
			s += k ^ v
		}
		intSink = s
	}
}

// BenchmarkMapAccessSequential looks up 1000 consecutive keys of a
// 100000-entry map.
func BenchmarkMapAccessSequential(b *testing.B) {
	m := filled(100000)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s := 0
		base := (i * 1000) % 99000
		for k := base; k < base+1000; k++ {
			s += m[k]
		}
		intSink = s
	}
}

// BenchmarkMapAccessRandom looks up 1000 random keys of a 100000-entry
// map (the keys are drawn before the timer starts).
func BenchmarkMapAccessRandom(b *testing.B) {
	m := filled(100000)
	r := rand.New(rand.NewSource(1))
	keys := make([]int, 1000)
	for k := range keys {
		keys[k] = r.Intn(100000)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s := 0
		for _, k := range keys {
			s += m[k]
		}
		intSink = s
	}
}

// BenchmarkGoroutineCreate starts a goroutine and waits for it to finish.
func BenchmarkGoroutineCreate(b *testing.B) {
	var wg sync.WaitGroup
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		wg.Add(1)
		go func() {
			int64Sink++
			wg.Done()
		}()
		wg.Wait()
	}
}

//go:noinline
func recurse(n int, pad [128]byte) int {
	if n == 0 {
		return int(pad[0])
	}
	pad[n%128] = byte(n)
	return recurse(n-1, pad) + 1
}

// BenchmarkStackGrowth runs a fresh goroutine whose recursion (1000 frames
// of over 128 bytes) forces its stack to grow from the initial size.
func BenchmarkStackGrowth(b *testing.B) {
	done := make(chan int)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		go func() { done <- recurse(1000, [128]byte{}) }()
		intSink = <-done
	}
}

// BenchmarkChannelUnbuffered: one value handed over an unbuffered channel
// between two goroutines per operation.
func BenchmarkChannelUnbuffered(b *testing.B) {
	c := make(chan int)
	go func() {
		for range c {
		}
	}()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c <- i
	}
	b.StopTimer()
	close(c)
}

// BenchmarkChannelBuffered: one value through a channel of capacity 128
// per operation, with a consumer goroutine draining it.
func BenchmarkChannelBuffered(b *testing.B) {
	c := make(chan int, 128)
	done := make(chan int)
	go func() {
		s := 0
		for v := range c {
			s += v
		}
		done <- s
	}()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c <- i
	}
	close(c)
	intSink = <-done
}

// BenchmarkMutexContention: parallel goroutines increment one counter
// under a sync.Mutex.
func BenchmarkMutexContention(b *testing.B) {
	var mu sync.Mutex
	n := 0
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			mu.Lock()
			n++
			mu.Unlock()
		}
	})
	if n != b.N {
		b.Fatalf("counter %d, want %d", n, b.N)
	}
}

// BenchmarkAtomicAdd: parallel goroutines increment one counter with
// atomic.AddInt64.
func BenchmarkAtomicAdd(b *testing.B) {
	var n int64
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			atomic.AddInt64(&n, 1)
		}
	})
	if n != int64(b.N) {
		b.Fatalf("counter %d, want %d", n, b.N)
	}
}

// BenchmarkSmallAllocations allocates 8, 16, 32, 64 and 128-byte objects
// per operation (one per size class).
func BenchmarkSmallAllocations(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for s := 8; s <= 128; s *= 2 {
			byteSink = make([]byte, s)
		}
	}
}

var bufPool = sync.Pool{New: func() interface{} { return new([4096]byte) }}

// BenchmarkSyncPool takes a 4 KiB buffer from a sync.Pool, writes to it
// and puts it back, in parallel.
func BenchmarkSyncPool(b *testing.B) {
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			p := bufPool.Get().(*[4096]byte)
			p[0]++
			bufPool.Put(p)
		}
	})
}

type point struct{ x, y, z int }

//go:noinline
func newPoint(i int) *point { return &point{i, i + 1, i + 2} }

//go:noinline
func sumPoint(p point) int { return p.x + p.y + p.z }

// BenchmarkEscapeToHeap: a value returned by pointer from a function that
// is not inlined escapes to the heap (one allocation per operation).
func BenchmarkEscapeToHeap(b *testing.B) {
	b.ReportAllocs()
	s := 0
	for i := 0; i < b.N; i++ {
		s += newPoint(i).y
	}
	intSink = s
}

// BenchmarkStackOnly: the same work with the value passed by copy, which
// stays on the stack (no allocation; compare with EscapeToHeap).
func BenchmarkStackOnly(b *testing.B) {
	b.ReportAllocs()
	s := 0
	for i := 0; i < b.N; i++ {
		s += sumPoint(point{i, i + 1, i + 2})
	}
	intSink = s
}
