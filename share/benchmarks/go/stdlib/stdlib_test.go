// Package stdlib holds the seeds' 35 standard-library benchmarks:
// encoding, I/O, crypto, hashing, text and compression.  Inputs are made
// before b.ResetTimer from a fixed seed; results go to package-level sinks
// or are checked, so the compiler cannot drop the work.  SHA3-256 needs
// golang.org/x/crypto and lives in sha3_ext_test.go (build tag bt_ext).
package stdlib

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"crypto/aes"
	"crypto/cipher"
	"crypto/md5"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"hash"
	"hash/crc32"
	"hash/fnv"
	"io"
	mrand "math/rand"
	"regexp"
	"strings"
	"testing"
)

var (
	byteSink   []byte
	intSink    int
	boolSink   bool
	stringSink string
	strsSink   []string
	anySink    interface{}
)

// data returns n pseudo-random bytes, the same on every run.
func data(n int) []byte {
	p := make([]byte, n)
	mrand.New(mrand.NewSource(42)).Read(p)
	return p
}

// text returns about n bytes of English-like text, compressible like logs.
func text(n int) string {
	words := []string{"the", "quick", "brown", "fox", "jumps", "over", "lazy",
		"dog", "benchmark", "latency", "error", "request", "id=42", "ok"}
	r := mrand.New(mrand.NewSource(42))
	var sb strings.Builder
	for sb.Len() < n {
		sb.WriteString(words[r.Intn(len(words))])
		if r.Intn(12) == 0 {
			sb.WriteByte('\n')
		} else {
			sb.WriteByte(' ')
		}
	}
	return sb.String()
}

// --- encoding ---------------------------------------------------------------

type order struct {
	ID       int64             `json:"id"`
	Customer string            `json:"customer"`
	Items    []item            `json:"items"`
	Paid     bool              `json:"paid"`
	Total    float64           `json:"total"`
	Tags     map[string]string `json:"tags"`
}

type item struct {
	SKU   string  `json:"sku"`
	Qty   int     `json:"qty"`
	Price float64 `json:"price"`
}

func sampleOrder() order {
	o := order{ID: 12345, Customer: "Ada Lovelace", Paid: true, Total: 99.5,
		Tags: map[string]string{"region": "eu", "channel": "web"}}
	for i := 0; i < 10; i++ {
		o.Items = append(o.Items, item{SKU: "SKU-" + string(rune('A'+i)), Qty: i + 1, Price: 9.95})
	}
	return o
}

// BenchmarkJSONEncode marshals an order of ten items.
func BenchmarkJSONEncode(b *testing.B) {
	o := sampleOrder()
	out, _ := json.Marshal(o)
	b.SetBytes(int64(len(out)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p, err := json.Marshal(o)
		if err != nil {
			b.Fatal(err)
		}
		byteSink = p
	}
}

// BenchmarkJSONDecode unmarshals the same order.
func BenchmarkJSONDecode(b *testing.B) {
	in, _ := json.Marshal(sampleOrder())
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var o order
		if err := json.Unmarshal(in, &o); err != nil {
			b.Fatal(err)
		}
		anySink = o
	}
}

type header struct {
	Magic   uint32
	Version uint16
	Flags   uint16
	Length  uint64
	Offsets [16]uint32
}

// BenchmarkBinaryWrite encodes a fixed-size 80-byte struct, little-endian.
func BenchmarkBinaryWrite(b *testing.B) {
	h := header{Magic: 0xfeedface, Version: 2, Length: 1 << 40}
	var buf bytes.Buffer
	b.SetBytes(int64(binary.Size(h)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		buf.Reset()
		if err := binary.Write(&buf, binary.LittleEndian, &h); err != nil {
			b.Fatal(err)
		}
	}
	byteSink = buf.Bytes()
}

// BenchmarkBinaryRead decodes the same struct.
func BenchmarkBinaryRead(b *testing.B) {
	h := header{Magic: 0xfeedface, Version: 2, Length: 1 << 40}
	var buf bytes.Buffer
	binary.Write(&buf, binary.LittleEndian, &h)
	in := buf.Bytes()
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var g header
		if err := binary.Read(bytes.NewReader(in), binary.LittleEndian, &g); err != nil {
			b.Fatal(err)
		}
		anySink = g
	}
}

// BenchmarkBase64Encode encodes 8 KiB with the standard alphabet.
func BenchmarkBase64Encode(b *testing.B) {
	in := data(8 << 10)
	out := make([]byte, base64.StdEncoding.EncodedLen(len(in)))
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		base64.StdEncoding.Encode(out, in)
	}
	byteSink = out
}

// BenchmarkBase64Decode decodes the same 8 KiB.
func BenchmarkBase64Decode(b *testing.B) {
	in := []byte(base64.StdEncoding.EncodeToString(data(8 << 10)))
	out := make([]byte, base64.StdEncoding.DecodedLen(len(in)))
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := base64.StdEncoding.Decode(out, in); err != nil {
			b.Fatal(err)
		}
	}
	byteSink = out
}

// --- I/O --------------------------------------------------------------------

// BenchmarkReadAll reads 1 MiB from a reader into memory with io.ReadAll.
func BenchmarkReadAll(b *testing.B) {
	in := data(1 << 20)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p, err := io.ReadAll(bytes.NewReader(in))
		if err != nil || len(p) != len(in) {
			b.Fatal("short read", err)
		}
		byteSink = p
	}
}

// BenchmarkBufioWriter writes 1 MiB in 100-byte pieces through a
// bufio.Writer into io.Discard.
func BenchmarkBufioWriter(b *testing.B) {
	piece := data(100)
	w := bufio.NewWriter(io.Discard)
	b.SetBytes(100 * 10486)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for k := 0; k < 10486; k++ {
			w.Write(piece)
		}
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBufioScanner splits 1 MiB of text into lines with bufio.Scanner.
func BenchmarkBufioScanner(b *testing.B) {
	in := text(1 << 20)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sc := bufio.NewScanner(strings.NewReader(in))
		n := 0
		for sc.Scan() {
			n += len(sc.Bytes())
		}
		if err := sc.Err(); err != nil {
			b.Fatal(err)
		}
		intSink = n
	}
}

// BenchmarkWriteString writes 1000 short strings into a bytes.Buffer.
func BenchmarkWriteString(b *testing.B) {
	var buf bytes.Buffer
	b.SetBytes(1000 * 12)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		buf.Reset()
		for k := 0; k < 1000; k++ {
			buf.WriteString("hello world\n")
		}
	}
	byteSink = buf.Bytes()
}

// --- crypto -----------------------------------------------------------------

var cipherSizes = []struct {
	name string
	n    int
}{{"1KB", 1 << 10}, {"64KB", 64 << 10}, {"1MB", 1 << 20}}

// BenchmarkAESCTR encrypts with AES-128 in CTR mode, one sub-benchmark per
// message size.
func BenchmarkAESCTR(b *testing.B) {
	key, iv := data(16), data(aes.BlockSize)
	block, err := aes.NewCipher(key)
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range cipherSizes {
		b.Run(s.name, func(b *testing.B) {
			in, out := data(s.n), make([]byte, s.n)
			b.SetBytes(int64(s.n))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				cipher.NewCTR(block, iv).XORKeyStream(out, in)
			}
			byteSink = out
		})
	}
}

// BenchmarkAESGCM seals with AES-128-GCM, one sub-benchmark per size.
func BenchmarkAESGCM(b *testing.B) {
	block, err := aes.NewCipher(data(16))
	if err != nil {
		b.Fatal(err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		b.Fatal(err)
	}
	nonce := data(aead.NonceSize())
	for _, s := range cipherSizes {
		b.Run(s.name, func(b *testing.B) {
			in := data(s.n)
			out := make([]byte, 0, s.n+aead.Overhead())
			b.SetBytes(int64(s.n))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				out = aead.Seal(out[:0], nonce, in, nil)
			}
			byteSink = out
		})
	}
}

func rsaKeygen(b *testing.B, bits int) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		k, err := rsa.GenerateKey(rand.Reader, bits)
		if err != nil {
			b.Fatal(err)
		}
		anySink = k
	}
}

// BenchmarkRSAKeygen2048 generates a 2048-bit RSA key (high variance by
// nature: the time to find primes is random).
func BenchmarkRSAKeygen2048(b *testing.B) { rsaKeygen(b, 2048) }

// BenchmarkRSAKeygen4096 generates a 4096-bit RSA key.
func BenchmarkRSAKeygen4096(b *testing.B) { rsaKeygen(b, 4096) }

// --- hashing ----------------------------------------------------------------

// hashBench hashes 8 KiB per operation.
func hashBench(b *testing.B, h hash.Hash) {
	in := data(8 << 10)
	sum := make([]byte, 0, h.Size())
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h.Reset()
		h.Write(in)
		sum = h.Sum(sum[:0])
	}
	byteSink = sum
}

// BenchmarkSHA1 hashes 8 KiB with SHA-1.
func BenchmarkSHA1(b *testing.B) { hashBench(b, sha1.New()) }

// BenchmarkSHA256 hashes 8 KiB with SHA-256.
func BenchmarkSHA256(b *testing.B) { hashBench(b, sha256.New()) }

// BenchmarkSHA512 hashes 8 KiB with SHA-512.
func BenchmarkSHA512(b *testing.B) { hashBench(b, sha512.New()) }

// BenchmarkCRC32 checksums 8 KiB with CRC-32 (IEEE).
func BenchmarkCRC32(b *testing.B) { hashBench(b, crc32.NewIEEE()) }

// BenchmarkFNV1a hashes 8 KiB with 64-bit FNV-1a.
func BenchmarkFNV1a(b *testing.B) { hashBench(b, fnv.New64a()) }

// BenchmarkMD5 hashes 8 KiB with MD5.
func BenchmarkMD5(b *testing.B) { hashBench(b, md5.New()) }

// --- text -------------------------------------------------------------------

const emailRE = `[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}`

// BenchmarkRegexpCompile compiles an e-mail address pattern.
func BenchmarkRegexpCompile(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		re, err := regexp.Compile(emailRE)
		if err != nil {
			b.Fatal(err)
		}
		anySink = re
	}
}

// BenchmarkRegexpMatch tests 4 KiB of text (with no address) against the
// compiled pattern.
func BenchmarkRegexpMatch(b *testing.B) {
	re := regexp.MustCompile(emailRE)
	in := []byte(text(4 << 10))
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		boolSink = re.Match(in)
	}
}

// BenchmarkRegexpFindAll finds the 20 addresses in 4 KiB of text.
func BenchmarkRegexpFindAll(b *testing.B) {
	re := regexp.MustCompile(emailRE)
	in := text(4 << 10)
	for k := 0; k < 20; k++ {
		in += " user" + string(rune('a'+k)) + "@example.org"
	}
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m := re.FindAllString(in, -1)
		if len(m) != 20 {
			b.Fatalf("found %d addresses, want 20", len(m))
		}
		strsSink = m
	}
}

// BenchmarkRegexpReplaceAll masks digits in 4 KiB of text.
func BenchmarkRegexpReplaceAll(b *testing.B) {
	re := regexp.MustCompile(`[0-9]+`)
	in := text(4 << 10)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		stringSink = re.ReplaceAllString(in, "#")
	}
}

// BenchmarkStringsBuilder builds a string of 1000 short pieces.
func BenchmarkStringsBuilder(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		var sb strings.Builder
		for k := 0; k < 1000; k++ {
			sb.WriteString("piece ")
		}
		stringSink = sb.String()
	}
}

// BenchmarkStringsSplit splits 4 KiB of text at spaces.
func BenchmarkStringsSplit(b *testing.B) {
	in := text(4 << 10)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		strsSink = strings.Split(in, " ")
	}
}

// BenchmarkStringsJoin joins 1000 words with commas.
func BenchmarkStringsJoin(b *testing.B) {
	words := strings.Fields(text(8 << 10))[:1000]
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		stringSink = strings.Join(words, ",")
	}
}

// BenchmarkStringsReplace replaces a word throughout 4 KiB of text.
func BenchmarkStringsReplace(b *testing.B) {
	in := text(4 << 10)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		stringSink = strings.ReplaceAll(in, "fox", "cat")
	}
}

// BenchmarkStringsContains looks for a word absent from 4 KiB of text.
func BenchmarkStringsContains(b *testing.B) {
	in := text(4 << 10)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		boolSink = strings.Contains(in, "elephant")
	}
}

// BenchmarkStringsToUpper upper-cases 4 KiB of text.
func BenchmarkStringsToUpper(b *testing.B) {
	in := text(4 << 10)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		stringSink = strings.ToUpper(in)
	}
}

// --- compression ------------------------------------------------------------

// BenchmarkGzipCompress compresses 256 KiB of text at the default level.
func BenchmarkGzipCompress(b *testing.B) {
	in := []byte(text(256 << 10))
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		buf.Reset()
		w.Reset(&buf)
		w.Write(in)
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
	}
	byteSink = buf.Bytes()
}

// BenchmarkGzipDecompress decompresses the same text.
func BenchmarkGzipDecompress(b *testing.B) {
	in := []byte(text(256 << 10))
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(in)
	w.Close()
	z := buf.Bytes()
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := gzip.NewReader(bytes.NewReader(z))
		if err != nil {
			b.Fatal(err)
		}
		n, err := io.Copy(io.Discard, r)
		if err != nil || n != int64(len(in)) {
			b.Fatal("short decompression", err)
		}
	}
}

// BenchmarkDeflateCompress compresses 256 KiB of text with raw DEFLATE at
// the default level.
func BenchmarkDeflateCompress(b *testing.B) {
	in := []byte(text(256 << 10))
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, flate.DefaultCompression)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		buf.Reset()
		w.Reset(&buf)
		w.Write(in)
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
	}
	byteSink = buf.Bytes()
}

// BenchmarkDeflateDecompress inflates the same text.
func BenchmarkDeflateDecompress(b *testing.B) {
	in := []byte(text(256 << 10))
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, flate.DefaultCompression)
	w.Write(in)
	w.Close()
	z := buf.Bytes()
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := flate.NewReader(bytes.NewReader(z))
		n, err := io.Copy(io.Discard, r)
		if err != nil || n != int64(len(in)) {
			b.Fatal("short decompression", err)
		}
	}
}
