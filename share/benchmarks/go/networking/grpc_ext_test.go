//go:build bt_ext
// +build bt_ext

// gRPC over loopback, built only with -tags bt_ext: it needs
// google.golang.org/grpc, which is not in the standard library.  Debian's
// golang-google-grpc-dev provides it in GOPATH layout; see ../README.md.
// Messages are raw bytes through a pass-through codec and the service is
// described by hand, so no protoc-generated code is needed.
package networking

import (
	"context"
	"fmt"
	"net"
	"testing"

	"google.golang.org/grpc"
)

// rawCodec passes *[]byte messages through unchanged.
type rawCodec struct{}

func (rawCodec) Marshal(v interface{}) ([]byte, error) {
	p, ok := v.(*[]byte)
	if !ok {
		return nil, fmt.Errorf("rawCodec: %T is not *[]byte", v)
	}
	return *p, nil
}

func (rawCodec) Unmarshal(data []byte, v interface{}) error {
	p, ok := v.(*[]byte)
	if !ok {
		return fmt.Errorf("rawCodec: %T is not *[]byte", v)
	}
	*p = append((*p)[:0], data...)
	return nil
}

func (rawCodec) Name() string   { return "raw" }
func (rawCodec) String() string { return "raw" }

// echoDesc is an Echo service: a unary Echo and a bidirectional Stream.
var echoDesc = grpc.ServiceDesc{
	ServiceName: "benchtrack.Echo",
	HandlerType: (*interface{})(nil),
	Methods: []grpc.MethodDesc{{
		MethodName: "Echo",
		Handler: func(_ interface{}, _ context.Context, dec func(interface{}) error,
			_ grpc.UnaryServerInterceptor) (interface{}, error) {
			var in []byte
			if err := dec(&in); err != nil {
				return nil, err
			}
			return &in, nil
		},
	}},
	Streams: []grpc.StreamDesc{{
		StreamName: "Stream",
		Handler: func(_ interface{}, s grpc.ServerStream) error {
			var in []byte
			for {
				if err := s.RecvMsg(&in); err != nil {
					return nil // the client closed the stream
				}
				if err := s.SendMsg(&in); err != nil {
					return err
				}
			}
		},
		ServerStreams: true,
		ClientStreams: true,
	}},
}

// grpcEcho serves echoDesc on loopback and returns a connection to it.
func grpcEcho(b *testing.B) *grpc.ClientConn {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := grpc.NewServer(grpc.CustomCodec(rawCodec{}))
	srv.RegisterService(&echoDesc, struct{}{})
	go srv.Serve(ln)
	conn, err := grpc.Dial(ln.Addr().String(), grpc.WithInsecure(),
		grpc.WithDefaultCallOptions(grpc.ForceCodec(rawCodec{})))
	if err != nil {
		srv.Stop()
		b.Fatal(err)
	}
	b.Cleanup(func() {
		conn.Close()
		srv.Stop()
	})
	return conn
}

// BenchmarkGRPCUnary: one unary call echoing 64 bytes.
func BenchmarkGRPCUnary(b *testing.B) {
	conn := grpcEcho(b)
	req, resp := make([]byte, 64), []byte(nil)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := conn.Invoke(ctx, "/benchtrack.Echo/Echo", &req, &resp); err != nil {
			b.Fatal(err)
		}
		if len(resp) != len(req) {
			b.Fatalf("echoed %d bytes, want %d", len(resp), len(req))
		}
	}
}

// BenchmarkGRPCStreaming: one 64-byte message and its echo on a
// bidirectional stream opened once.
func BenchmarkGRPCStreaming(b *testing.B) {
	conn := grpcEcho(b)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s, err := conn.NewStream(ctx, &echoDesc.Streams[0], "/benchtrack.Echo/Stream")
	if err != nil {
		b.Fatal(err)
	}
	req, resp := make([]byte, 64), []byte(nil)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := s.SendMsg(&req); err != nil {
			b.Fatal(err)
		}
		if err := s.RecvMsg(&resp); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	s.CloseSend()
}
