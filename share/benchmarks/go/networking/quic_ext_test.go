//go:build bt_ext
// +build bt_ext

// QUIC over loopback UDP, built only with -tags bt_ext: it needs quic-go,
// which is not in the standard library.  Debian's
// golang-github-lucas-clemente-quic-go-dev (0.29) provides it in GOPATH
// layout; see ../README.md.  The TLS certificate is the package's
// in-memory one.
package networking

import (
	"context"
	"crypto/tls"
	"io"
	"os"
	"testing"

	quic "github.com/lucas-clemente/quic-go"
)

func init() {
	// quic-go logs that it could not enlarge the UDP buffers (an
	// unprivileged limit); that line would interleave with the results.
	os.Setenv("QUIC_GO_DISABLE_RECEIVE_BUFFER_WARNING", "true")
}

const quicALPN = "benchtrack-bench"

// quicServer listens on loopback UDP and runs h on each connection.
func quicServer(b *testing.B, h func(quic.Connection)) quic.Listener {
	crt, _ := selfSigned(b)
	ln, err := quic.ListenAddr("127.0.0.1:0", &tls.Config{
		Certificates: []tls.Certificate{crt}, NextProtos: []string{quicALPN}}, nil)
	if err != nil {
		b.Fatal(err)
	}
	go func() {
		for {
			c, err := ln.Accept(context.Background())
			if err != nil {
				return
			}
			go h(c)
		}
	}()
	b.Cleanup(func() { ln.Close() })
	return ln
}

func quicDial(b *testing.B, ln quic.Listener) quic.Connection {
	_, pool := selfSigned(b)
	c, err := quic.DialAddr(ln.Addr().String(), &tls.Config{RootCAs: pool,
		ServerName: "127.0.0.1", NextProtos: []string{quicALPN}}, nil)
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkQUICHandshake: a full QUIC (TLS 1.3) handshake from a new UDP
// socket, then the connection is closed.
func BenchmarkQUICHandshake(b *testing.B) {
	ln := quicServer(b, func(c quic.Connection) { <-c.Context().Done() })
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		quicDial(b, ln).CloseWithError(0, "")
	}
}

// BenchmarkQUICThroughput streams 64 KiB per operation on one QUIC
// stream to a server that discards it; the server's count is checked.
func BenchmarkQUICThroughput(b *testing.B) {
	got := make(chan int64, 1)
	ln := quicServer(b, func(c quic.Connection) {
		s, err := c.AcceptStream(context.Background())
		if err != nil {
			got <- -1
			return
		}
		n, _ := io.Copy(io.Discard, s)
		got <- n
	})
	c := quicDial(b, ln)
	defer c.CloseWithError(0, "")
	s, err := c.OpenStreamSync(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	p := make([]byte, 64<<10)
	b.SetBytes(int64(len(p)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.Write(p); err != nil {
			b.Fatal(err)
		}
	}
	s.Close()
	n := <-got
	b.StopTimer()
	if n != int64(b.N)*int64(len(p)) {
		b.Fatalf("server read %d bytes, want %d", n, int64(b.N)*int64(len(p)))
	}
}
