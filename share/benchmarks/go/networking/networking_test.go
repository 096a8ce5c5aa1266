// Package networking holds the seeds' networking benchmarks over loopback
// only (127.0.0.1, a port the kernel picks): TCP, TLS 1.2/1.3 with an
// in-memory self-signed certificate, HTTP/1.1, HTTP/2 over TLS through
// net/http, and connection pooling.  Nothing leaves the machine.  gRPC and
// QUIC need modules outside the standard library; see ext_skip_test.go.
//
// Connections opened once per operation are closed with SO_LINGER 0 on
// the client side, so long runs do not fill the port range with TIME_WAIT.
package networking

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

var (
	certOnce sync.Once
	cert     tls.Certificate
	certPool *x509.CertPool
	certErr  error
)

// selfSigned makes, once, an ECDSA P-256 certificate for 127.0.0.1 that
// lives in memory only, and a pool trusting it.
func selfSigned(b *testing.B) (tls.Certificate, *x509.CertPool) {
	certOnce.Do(func() {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			certErr = err
			return
		}
		tmpl := &x509.Certificate{
			SerialNumber:          big.NewInt(1),
			Subject:               pkix.Name{CommonName: "benchtrack loopback"},
			NotBefore:             time.Now().Add(-time.Hour),
			NotAfter:              time.Now().Add(24 * time.Hour),
			IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
			KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
			ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
			BasicConstraintsValid: true,
			IsCA:                  true,
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
		if err != nil {
			certErr = err
			return
		}
		leaf, err := x509.ParseCertificate(der)
		if err != nil {
			certErr = err
			return
		}
		cert = tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}
		certPool = x509.NewCertPool()
		certPool.AddCert(leaf)
	})
	if certErr != nil {
		b.Fatal(certErr)
	}
	return cert, certPool
}

// listen opens a loopback listener and serves each connection with h in
// its own goroutine until the benchmark ends.
func listen(b *testing.B, h func(net.Conn)) net.Listener {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				h(c)
				c.Close()
			}()
		}
	}()
	b.Cleanup(func() { ln.Close() })
	return ln
}

// dial connects to ln with lingering off, so closing does not leave the
// client port in TIME_WAIT.
func dial(b *testing.B, ln net.Listener) net.Conn {
	c, err := noLinger(context.Background(), "tcp", ln.Addr().String())
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// noLinger dials like net.Dialer but turns lingering off: closing then
// resets the connection instead of leaving TIME_WAIT behind.
func noLinger(ctx context.Context, network, addr string) (net.Conn, error) {
	var d net.Dialer
	c, err := d.DialContext(ctx, network, addr)
	if err == nil {
		c.(*net.TCPConn).SetLinger(0)
	}
	return c, err
}

// echo writes back whatever it reads.
func echo(c net.Conn) { io.Copy(c, c) }

// roundTrip writes p and reads as many bytes back.
func roundTrip(c net.Conn, p, q []byte) error {
	if _, err := c.Write(p); err != nil {
		return err
	}
	_, err := io.ReadFull(c, q)
	return err
}

// --- TCP --------------------------------------------------------------------

// BenchmarkTCPConnect opens and closes one loopback TCP connection.
func BenchmarkTCPConnect(b *testing.B) {
	ln := listen(b, func(c net.Conn) { io.Copy(io.Discard, c) })
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		dial(b, ln).Close()
	}
}

// BenchmarkTCPKeepAlive: a 64-byte request and its echo on one connection
// kept open for the whole benchmark.
func BenchmarkTCPKeepAlive(b *testing.B) {
	ln := listen(b, echo)
	c := dial(b, ln)
	defer c.Close()
	p, q := make([]byte, 64), make([]byte, 64)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := roundTrip(c, p, q); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTCPThroughput streams 64 KiB per operation over one
// connection to a server that discards it; the server's count is checked.
func BenchmarkTCPThroughput(b *testing.B) {
	got := make(chan int64, 1)
	ln := listen(b, func(c net.Conn) {
		n, _ := io.Copy(io.Discard, c)
		got <- n
	})
	c := dial(b, ln)
	p := make([]byte, 64<<10)
	b.SetBytes(int64(len(p)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := c.Write(p); err != nil {
			b.Fatal(err)
		}
	}
	c.(*net.TCPConn).CloseWrite()
	n := <-got
	b.StopTimer()
	c.Close()
	if n != int64(b.N)*int64(len(p)) {
		b.Fatalf("server read %d bytes, want %d", n, int64(b.N)*int64(len(p)))
	}
}

// BenchmarkTCPParallel: 64-byte echo round trips, one connection per
// parallel goroutine.
func BenchmarkTCPParallel(b *testing.B) {
	ln := listen(b, echo)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		c, err := noLinger(context.Background(), "tcp", ln.Addr().String())
		if err != nil {
			b.Error(err)
			return
		}
		defer c.Close()
		p, q := make([]byte, 64), make([]byte, 64)
		for pb.Next() {
			if err := roundTrip(c, p, q); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// --- TLS --------------------------------------------------------------------

// tlsServer listens on loopback and runs h on each TLS connection after
// its handshake.
func tlsServer(b *testing.B, cfg *tls.Config, h func(*tls.Conn)) net.Listener {
	return listen(b, func(c net.Conn) {
		tc := tls.Server(c, cfg)
		if tc.Handshake() != nil {
			return
		}
		h(tc)
	})
}

func serverConfig(b *testing.B) *tls.Config {
	crt, _ := selfSigned(b)
	return &tls.Config{Certificates: []tls.Certificate{crt}}
}

func clientConfig(b *testing.B, version uint16) *tls.Config {
	_, pool := selfSigned(b)
	return &tls.Config{RootCAs: pool, ServerName: "127.0.0.1",
		MinVersion: version, MaxVersion: version}
}

// handshake dials ln and completes a TLS handshake; the caller closes.
func handshake(b *testing.B, ln net.Listener, cfg *tls.Config) *tls.Conn {
	c := tls.Client(dial(b, ln), cfg)
	if err := c.Handshake(); err != nil {
		b.Fatal(err)
	}
	return c
}

func benchHandshake(b *testing.B, scfg, ccfg *tls.Config) {
	ln := tlsServer(b, scfg, func(c *tls.Conn) { io.Copy(io.Discard, c) })
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		handshake(b, ln, ccfg).Close()
	}
}

// BenchmarkTLS12Handshake: a full TLS 1.2 handshake with a fresh TCP
// connection (ECDSA P-256 certificate, Go's default suites).
func BenchmarkTLS12Handshake(b *testing.B) {
	benchHandshake(b, serverConfig(b), clientConfig(b, tls.VersionTLS12))
}

// BenchmarkTLS13Handshake: a full TLS 1.3 handshake.
func BenchmarkTLS13Handshake(b *testing.B) {
	benchHandshake(b, serverConfig(b), clientConfig(b, tls.VersionTLS13))
}

// BenchmarkTLSECDHEHandshake: TLS 1.2 with ECDHE-ECDSA-AES128-GCM-SHA256
// over the P-256 curve only (the classic non-X25519 key exchange).
func BenchmarkTLSECDHEHandshake(b *testing.B) {
	scfg := serverConfig(b)
	scfg.CurvePreferences = []tls.CurveID{tls.CurveP256}
	ccfg := clientConfig(b, tls.VersionTLS12)
	ccfg.CipherSuites = []uint16{tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256}
	ccfg.CurvePreferences = []tls.CurveID{tls.CurveP256}
	benchHandshake(b, scfg, ccfg)
}

// BenchmarkTLSResume: TLS 1.3 handshakes resuming a session from a ticket;
// every connection is checked to have resumed.
func BenchmarkTLSResume(b *testing.B) {
	ln := tlsServer(b, serverConfig(b), func(c *tls.Conn) {
		c.Write([]byte{1})
		io.Copy(io.Discard, c)
	})
	ccfg := clientConfig(b, tls.VersionTLS13)
	ccfg.ClientSessionCache = tls.NewLRUClientSessionCache(8)
	one := make([]byte, 1)
	connect := func() bool {
		c := handshake(b, ln, ccfg)
		defer c.Close()
		// Reading lets the client take the ticket sent after the handshake.
		if _, err := io.ReadFull(c, one); err != nil {
			b.Fatal(err)
		}
		return c.ConnectionState().DidResume
	}
	connect()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if !connect() {
			b.Fatal("TLS session was not resumed")
		}
	}
}

// BenchmarkTLSThroughput streams 64 KiB per operation over one TLS 1.3
// connection (AES-GCM or ChaCha20 as negotiated).
func BenchmarkTLSThroughput(b *testing.B) {
	got := make(chan int64, 1)
	ln := tlsServer(b, serverConfig(b), func(c *tls.Conn) {
		n, _ := io.Copy(io.Discard, c)
		got <- n
	})
	c := handshake(b, ln, clientConfig(b, tls.VersionTLS13))
	p := make([]byte, 64<<10)
	b.SetBytes(int64(len(p)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := c.Write(p); err != nil {
			b.Fatal(err)
		}
	}
	c.CloseWrite()
	n := <-got
	b.StopTimer()
	c.Close()
	if n != int64(b.N)*int64(len(p)) {
		b.Fatalf("server read %d bytes, want %d", n, int64(b.N)*int64(len(p)))
	}
}

// --- HTTP -------------------------------------------------------------------

var body1K = bytes.Repeat([]byte("x"), 1024)

// handler serves /get (1 KiB), /post (reads the body, 204), /empty (204)
// and /big (1 MiB).
func handler() http.Handler {
	big := bytes.Repeat([]byte("0123456789abcdef"), 1<<16)
	mux := http.NewServeMux()
	mux.HandleFunc("/get", func(w http.ResponseWriter, r *http.Request) { w.Write(body1K) })
	mux.HandleFunc("/post", func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("/empty", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) { w.Write(big) })
	return mux
}

// get fetches url, reads the whole body and returns its length.
func get(c *http.Client, url string) (int64, error) {
	resp, err := c.Get(url)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return io.Copy(io.Discard, resp.Body)
}

// BenchmarkHTTPGet: an HTTP/1.1 GET of 1 KiB over a kept-alive connection.
func BenchmarkHTTPGet(b *testing.B) {
	srv := httptest.NewServer(handler())
	defer srv.Close()
	c := srv.Client()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if n, err := get(c, srv.URL+"/get"); err != nil || n != 1024 {
			b.Fatal("GET failed", n, err)
		}
	}
}

// BenchmarkHTTPPost: an HTTP/1.1 POST of 4 KiB answered with 204.
func BenchmarkHTTPPost(b *testing.B) {
	srv := httptest.NewServer(handler())
	defer srv.Close()
	c := srv.Client()
	payload := bytes.Repeat(body1K, 4)
	b.SetBytes(int64(len(payload)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		resp, err := c.Post(srv.URL+"/post", "application/octet-stream", bytes.NewReader(payload))
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusNoContent {
			b.Fatal("POST:", resp.Status)
		}
	}
}

// h2Server starts an HTTPS test server with HTTP/2 enabled and checks
// that its client really speaks HTTP/2.
func h2Server(b *testing.B) (*httptest.Server, *http.Client) {
	srv := httptest.NewUnstartedServer(handler())
	srv.EnableHTTP2 = true
	srv.StartTLS()
	c := srv.Client()
	resp, err := c.Get(srv.URL + "/empty")
	if err != nil {
		srv.Close()
		b.Fatal(err)
	}
	resp.Body.Close()
	if resp.ProtoMajor != 2 {
		srv.Close()
		b.Fatalf("got %s, want HTTP/2", resp.Proto)
	}
	return srv, c
}

// BenchmarkHTTP2Sequential: HTTP/2 GETs of 1 KiB, one after another on one
// TLS connection.
func BenchmarkHTTP2Sequential(b *testing.B) {
	srv, c := h2Server(b)
	defer srv.Close()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if n, err := get(c, srv.URL+"/get"); err != nil || n != 1024 {
			b.Fatal("GET failed", n, err)
		}
	}
}

// BenchmarkHTTP2Parallel: HTTP/2 GETs of 1 KiB from parallel goroutines,
// multiplexed as streams.
func BenchmarkHTTP2Parallel(b *testing.B) {
	srv, c := h2Server(b)
	defer srv.Close()
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if n, err := get(c, srv.URL+"/get"); err != nil || n != 1024 {
				b.Error("GET failed", n, err)
				return
			}
		}
	})
}

// BenchmarkHTTP2Throughput: an HTTP/2 download of 1 MiB.
func BenchmarkHTTP2Throughput(b *testing.B) {
	srv, c := h2Server(b)
	defer srv.Close()
	b.SetBytes(1 << 20)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if n, err := get(c, srv.URL+"/big"); err != nil || n != 1<<20 {
			b.Fatal("GET failed", n, err)
		}
	}
}

// --- connection pooling -----------------------------------------------------

func statusOK(c *http.Client, url string) error {
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		return fmt.Errorf("%s: %s, want 204", url, resp.Status)
	}
	return nil
}

// BenchmarkPoolCold: every request opens a new connection (keep-alives
// off), the cost a pool saves.
func BenchmarkPoolCold(b *testing.B) {
	srv := httptest.NewServer(handler())
	defer srv.Close()
	tr := &http.Transport{DisableKeepAlives: true, DialContext: noLinger}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := statusOK(c, srv.URL+"/empty"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPoolWarm: requests reuse a connection taken from a pool that
// was filled before the timer started.
func BenchmarkPoolWarm(b *testing.B) {
	srv := httptest.NewServer(handler())
	defer srv.Close()
	tr := &http.Transport{MaxIdleConnsPerHost: 4}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr}
	if err := statusOK(c, srv.URL+"/empty"); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := statusOK(c, srv.URL+"/empty"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPoolParallel: parallel goroutines share one pool of up to 16
// idle connections.
func BenchmarkPoolParallel(b *testing.B) {
	srv := httptest.NewServer(handler())
	defer srv.Close()
	tr := &http.Transport{MaxIdleConnsPerHost: 16}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := statusOK(c, srv.URL+"/empty"); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
