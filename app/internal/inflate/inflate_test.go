package inflate

import (
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
)

// deflate compresses b with compress/flate at level.
func deflate(tb testing.TB, b []byte, level int) []byte {
	tb.Helper()
	var buf bytes.Buffer
	w, err := flate.NewWriter(&buf, level)
	if err != nil {
		tb.Fatal(err)
	}
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

// samples are inputs of the shapes an Office part has, and the corners:
// empty, one byte, long runs (distance 1), incompressible bytes (stored
// blocks), text with distances up to the 32 KiB window, and more than the
// window so the Reader slides.
func samples() map[string][]byte {
	r := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 200<<10)
	for i := range random {
		random[i] = byte(r.Uint32())
	}
	words := strings.Fields("<w:p> <w:r> <w:t> </w:t> </w:r> </w:p> contribution innovation focus group ITU-T TSB Geneva délégué 会议")
	var text strings.Builder
	for text.Len() < 300<<10 {
		text.WriteString(words[r.IntN(len(words))])
		if r.IntN(7) == 0 {
			text.WriteString(strings.Repeat(" ", r.IntN(40)))
		}
		if r.IntN(50) == 0 {
			fmt.Fprintf(&text, "%d", r.Uint64())
		}
	}
	far := append(append(append([]byte{}, random[:32<<10]...), "middle"...), random[:32<<10]...) // distance 32 KiB+6: beyond the window for the copy, so literals
	exact := append(append([]byte{}, random[:32768-3]...), random[:300]...)                      // a match at distance 32765
	return map[string][]byte{
		"empty":  {},
		"one":    {'x'},
		"run":    bytes.Repeat([]byte{'a'}, 100000),
		"period": bytes.Repeat([]byte("abcdefg"), 20000), // distance 7: the byte-by-byte copy
		"random": random,
		"text":   []byte(text.String()),
		"far":    far,
		"exact":  exact,
	}
}

var levels = []int{flate.NoCompression, flate.BestSpeed, 5, flate.BestCompression, flate.HuffmanOnly}

func readAllSized(r io.Reader, size int) ([]byte, error) {
	var out []byte
	buf := make([]byte, size)
	for {
		n, err := r.Read(buf)
		out = append(out, buf[:n]...)
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		if n == 0 && size > 0 {
			return out, io.ErrNoProgress
		}
	}
}

func TestRoundTrip(t *testing.T) {
	var z Reader // one Reader for everything: Reset must leave nothing behind
	for name, want := range samples() {
		for _, level := range levels {
			comp := deflate(t, want, level)
			for _, src := range []string{"bytes", "reader", "onebyte"} {
				for _, size := range []int{1, 7, 4096, 1 << 20} {
					if size == 1 && len(want) > 20000 && src != "bytes" {
						continue // slow and says nothing new
					}
					switch src {
					case "bytes":
						z.Reset(comp)
					case "reader":
						z.ResetReader(bytes.NewReader(comp))
					default:
						z.ResetReader(iotest.OneByteReader(bytes.NewReader(comp)))
					}
					got, err := readAllSized(&z, size)
					if err != nil || !bytes.Equal(got, want) {
						t.Fatalf("%s level %d from %s in %d-byte reads: %d bytes, err %v; want %d bytes", name, level, src, size, len(got), err, len(want))
					}
				}
			}
		}
	}
}

// bitWriter builds streams by hand, LSB first as DEFLATE packs them.
type bitWriter struct {
	b   []byte
	acc uint64
	n   uint
}

func (w *bitWriter) bits(v uint64, n uint) *bitWriter {
	w.acc |= v << w.n
	w.n += n
	for w.n >= 8 {
		w.b = append(w.b, byte(w.acc))
		w.acc >>= 8
		w.n -= 8
	}
	return w
}

// code writes a Huffman code of n bits, most significant bit first.
func (w *bitWriter) code(c uint64, n uint) *bitWriter {
	for i := int(n) - 1; i >= 0; i-- {
		w.bits(c>>uint(i)&1, 1)
	}
	return w
}

func (w *bitWriter) bytes() []byte {
	if w.n > 0 {
		return append(w.b, byte(w.acc))
	}
	return w.b
}

// fixedLitCode writes symbol s of the fixed literal/length code.
func (w *bitWriter) fixedLit(s int) *bitWriter {
	switch {
	case s < 144:
		return w.code(uint64(0x30+s), 8)
	case s < 256:
		return w.code(uint64(0x190+s-144), 9)
	case s < 280:
		return w.code(uint64(s-256), 7)
	default:
		return w.code(uint64(0xc0+s-280), 8)
	}
}

// dynHeader starts a final dynamic block with the given HLIT, HDIST and
// code-length code lengths (in codeOrder order, 3 bits each).
func dynHeader(hlit, hdist int, clens ...uint64) *bitWriter {
	w := new(bitWriter).bits(1, 1).bits(2, 2).bits(uint64(hlit), 5).bits(uint64(hdist), 5).bits(uint64(len(clens)-4), 4)
	for _, l := range clens {
		w.bits(l, 3)
	}
	return w
}

type class int

const (
	ok class = iota
	corrupt
	short
	other
)

func classOf(err error) class {
	var ce flate.CorruptInputError
	switch {
	case err == nil:
		return ok
	case errors.As(err, &ce):
		return corrupt
	case errors.Is(err, io.ErrUnexpectedEOF):
		return short
	}
	return other
}

func (c class) String() string { return [...]string{"ok", "corrupt", "cut short", "other"}[c] }

// decodeBoth decodes b with this package and with compress/flate, each up
// to limit bytes.
func decodeBoth(b []byte, limit int64) (ours, theirs []byte, oerr, terr error) {
	z := NewBytesReader(b)
	ours, oerr = io.ReadAll(io.LimitReader(z, limit))
	fr := flate.NewReader(bytes.NewReader(b))
	theirs, terr = io.ReadAll(io.LimitReader(fr, limit))
	return
}

// same fails unless this package and compress/flate agree on b: the same
// bytes, and the same kind of error (none, damage, cut short; damage at
// the same offset), where one stopped early at an error its output a
// prefix of the other's.
func same(t *testing.T, b []byte, limit int64) {
	t.Helper()
	ours, theirs, oerr, terr := decodeBoth(b, limit)
	oc, tc := classOf(oerr), classOf(terr)
	if oc != tc {
		t.Fatalf("stream %x: ours %v (%v), compress/flate %v (%v)", b, oc, oerr, tc, terr)
	}
	if oc == corrupt && oerr.Error() != terr.Error() {
		t.Fatalf("stream %x: %v, compress/flate says %v", b, oerr, terr)
	}
	if oerr == nil && !bytes.Equal(ours, theirs) || !bytes.HasPrefix(ours, theirs) && !bytes.HasPrefix(theirs, ours) {
		t.Fatalf("stream %x: ours %q, compress/flate %q", b, ours, theirs)
	}
}

func TestStreams(t *testing.T) {
	hello := new(bitWriter).bits(1, 1).bits(1, 2)
	for _, c := range "hello" {
		hello.fixedLit(int(c))
	}
	hello.fixedLit(256)
	// A fixed block: "ab" then a match of 4 at distance 2 (symbol 258,
	// distance code 1), then the end.
	match := new(bitWriter).bits(1, 1).bits(1, 2).fixedLit('a').fixedLit('b').fixedLit(258).code(1, 5).fixedLit(256)
	tests := []struct {
		name   string
		stream []byte
		want   string
		class  class
	}{
		{"empty input", nil, "", short},
		{"fixed block", hello.bytes(), "hello", ok},
		{"fixed block, trailing bytes ignored", append(hello.bytes(), "junk"...), "hello", ok},
		{"match", match.bytes(), "abababab"[:6], ok},
		{"two blocks", append(new(bitWriter).bits(0, 1).bits(0, 2).bits(0, 5).bytes(), 1, 0, 0xfe, 0xff, 'A', 1, 1, 0, 0xfe, 0xff, 'B'), "AB", ok},
		{"stored block", []byte{1, 3, 0, 0xfc, 0xff, 'a', 'b', 'c'}, "abc", ok},
		{"stored block, empty", []byte{1, 0, 0, 0xff, 0xff}, "", ok},
		{"stored block, LEN and NLEN disagree", []byte{1, 3, 0, 0xfc, 0xfe, 'a', 'b', 'c'}, "", corrupt},
		{"stored block, cut short", []byte{1, 3, 0, 0xfc, 0xff, 'a'}, "a", short},
		{"stored block, header cut short", []byte{1, 3, 0}, "", short},
		{"block type 3", []byte{0x07}, "", corrupt},
		{"no final block", new(bitWriter).bits(0, 1).bits(1, 2).fixedLit('x').fixedLit(256).bytes(), "x", short},
		{"distance before the start", new(bitWriter).bits(1, 1).bits(1, 2).fixedLit('a').fixedLit(258).code(1, 5).fixedLit(256).bytes(), "a", corrupt},
		{"fixed literal/length symbol 286", new(bitWriter).bits(1, 1).bits(1, 2).fixedLit(286).bytes(), "", corrupt},
		{"fixed distance symbol 30", new(bitWriter).bits(1, 1).bits(1, 2).fixedLit('a').fixedLit(257).code(30, 5).bytes(), "a", corrupt},
		{"HLIT 287", dynHeader(30, 0, 0, 0, 0, 0).bytes(), "", corrupt},
		{"HDIST 31", dynHeader(0, 30, 0, 0, 0, 0).bytes(), "", corrupt},
		{"code-length code empty", dynHeader(0, 0, 0, 0, 0, 0).bytes(), "", corrupt},
		{"code-length code over-subscribed", dynHeader(0, 0, 1, 1, 1, 0).bytes(), "", corrupt},
		{"code-length code incomplete", dynHeader(0, 0, 2, 2, 2, 0).bytes(), "", corrupt},
		// Code-length code: 0 is "0", 16 "10", 17 "110", 18 "111"; 16 first.
		{"repeat with nothing to repeat", dynHeader(0, 0, 2, 3, 3, 1).code(0b10, 2).bits(0, 2).bytes(), "", corrupt},
		// 18 with 127 extra (138 zeros) twice: past HLIT+HDIST = 258.
		{"repeat past the last length", dynHeader(0, 0, 2, 3, 3, 1).code(0b111, 3).bits(127, 7).code(0b111, 3).bits(127, 7).bytes(), "", corrupt},
		{"header cut short", dynHeader(0, 0, 2, 3, 3, 1).bytes()[:3], "", short},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := io.ReadAll(NewBytesReader(tt.stream))
			if classOf(err) != tt.class || string(got) != tt.want {
				t.Errorf("got %q, %v (%v); want %q, %v", got, classOf(err), err, tt.want, tt.class)
			}
			same(t, tt.stream, 1<<20)
		})
	}
}

// TestDamage flips bytes of valid streams at random: each damaged stream
// decodes (or fails, at the same offset) as with compress/flate.
func TestDamage(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	all := samples()
	for _, name := range slices.Sorted(maps.Keys(all)) {
		data := all[name]
		if len(data) > 30000 {
			data = data[:30000]
		}
		for _, level := range levels {
			comp := deflate(t, data, level)
			if len(comp) == 0 {
				continue
			}
			for range 100 {
				b := bytes.Clone(comp)
				b[r.IntN(len(b))] ^= byte(1 + r.IntN(255))
				t.Run(fmt.Sprintf("%s-%d", name, level), func(t *testing.T) { same(t, b, 1<<20) })
			}
		}
	}
}

// TestCutShort cuts valid streams at every length: each prefix is
// refused as compress/flate refuses it, and the bytes before the error
// agree.
func TestCutShort(t *testing.T) {
	text := samples()["text"][:3000]
	for _, level := range levels {
		comp := deflate(t, text, level)
		for n := range len(comp) {
			same(t, comp[:n], 1<<20)
		}
	}
}

// TestSlide decodes more than the window through one small read after
// another: the window slides under reads of any size, and a match never
// reaches bytes the slide dropped.
func TestSlide(t *testing.T) {
	want := samples()["text"]
	comp := deflate(t, want, flate.BestCompression)
	z := NewBytesReader(comp)
	var got []byte
	buf := make([]byte, 70000)
	for i := 1; ; i = i*7%70000 + 1 {
		n, err := z.Read(buf[:i])
		got = append(got, buf[:n]...)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("got %d bytes, want %d", len(got), len(want))
	}
}

// TestReadError: an error of the underlying reader is returned as is.
func TestReadError(t *testing.T) {
	comp := deflate(t, samples()["text"], 5)
	boom := errors.New("disk on fire")
	z := NewReader(io.MultiReader(bytes.NewReader(comp[:len(comp)/2]), iotest.ErrReader(boom)))
	if _, err := io.ReadAll(z); err != boom {
		t.Fatalf("err %v, want %v", err, boom)
	}
}

// TestReadHead: a short read decodes at most a window ahead, not the
// whole stream.
func TestReadHead(t *testing.T) {
	comp := deflate(t, samples()["random"], flate.NoCompression)
	r := &countReader{r: bytes.NewReader(comp)}
	z := NewReader(r)
	b := make([]byte, 8)
	if _, err := io.ReadFull(z, b); err != nil {
		t.Fatal(err)
	}
	if r.n > outSize+inSize {
		t.Fatalf("read %d of %d input bytes for 8 output bytes", r.n, len(comp))
	}
}

// TestErrorWithLastBytes: a stream's end, and its damage, come with the
// last bytes decoded before them, in one Read.
func TestErrorWithLastBytes(t *testing.T) {
	good := deflate(t, []byte("<w:p>hello</w:p>"), 9)
	n, err := NewBytesReader(good).Read(make([]byte, 100))
	if n != 16 || err != io.EOF {
		t.Errorf("whole stream: %d, %v; want 16, EOF", n, err)
	}
	// "ab", a match of 4 at distance 2, then one at distance 9.
	bad := new(bitWriter).bits(1, 1).bits(1, 2).fixedLit('a').fixedLit('b').fixedLit(258).code(1, 5).fixedLit(258).code(6, 5).bits(0, 2).fixedLit(256).bytes()
	n, err = NewBytesReader(bad).Read(make([]byte, 100))
	if n != 6 || classOf(err) != corrupt {
		t.Errorf("damaged stream: %d, %v; want 6, corrupt", n, err)
	}
}

type countReader struct {
	r io.Reader
	n int
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

func BenchmarkInflateText(b *testing.B) {
	want := samples()["text"]
	comp := deflate(b, want, 5)
	z := NewBytesReader(comp)
	buf := make([]byte, 32<<10)
	b.SetBytes(int64(len(want)))
	for b.Loop() {
		z.Reset(comp)
		if _, err := readAllSized(z, len(buf)); err != nil {
			b.Fatal(err)
		}
	}
}

// TestBuild: which codes a table is built for, as compress/flate decides.
func TestBuild(t *testing.T) {
	tests := []struct {
		name    string
		lengths []uint8
		ok      bool
	}{
		{"complete", []uint8{1, 2, 3, 3}, true},
		{"complete with unused symbols", []uint8{0, 2, 0, 2, 2, 2}, true},
		{"incomplete", []uint8{1, 2, 3}, false},
		{"over-subscribed", []uint8{1, 1, 2}, false},
		{"one code of length 1", []uint8{0, 1, 0}, true},
		{"one code of length 2", []uint8{0, 2}, false},
		{"no codes", []uint8{0, 0, 0}, true},
		{"15-bit codes (subtables)", append(bytes.Repeat([]uint8{8}, 255), 9, 10, 11, 12, 13, 14, 15, 15), true},
	}
	for _, tt := range tests {
		table := make([]uint32, litTable)
		tb, _, ok := build(table, litRoot, tt.lengths, litPayload[:])
		if ok != tt.ok {
			t.Errorf("%s: build %v = %v, want %v", tt.name, tt.lengths, ok, tt.ok)
			continue
		}
		if !ok {
			continue
		}
		// Every symbol decodes from its canonical code, reversed as
		// DEFLATE stores it.
		var count [16]int
		for _, l := range tt.lengths {
			count[l]++
		}
		count[0] = 0
		var next [16]int
		code := 0
		for l := 1; l < 16; l++ {
			code = (code + count[l-1]) << 1
			next[l] = code
		}
		for s, l := range tt.lengths {
			if l == 0 {
				continue
			}
			c := next[l]
			next[l]++
			var rev uint64
			for i := range l {
				rev |= uint64(c>>(l-1-i)&1) << i
			}
			e := table[rev&(1<<tb-1)]
			if e&kindMask == kindSub {
				e = table[e>>16+uint32(rev>>tb)&(1<<(e>>8&0xff)-1)]
			}
			if e&15 != uint32(l) || e&^15 != litPayload[s] {
				t.Errorf("%s: symbol %d (code %0*b) decodes as %#x", tt.name, s, l, c, e)
			}
		}
	}
}

// TestZlibStreams decodes streams zlib made (testdata/zlib/gen.py: its
// strategies, levels, a 512-byte window, full flushes), the encoder of
// LibreOffice and most zip tools: the same bytes as compress/flate.
func TestZlibStreams(t *testing.T) {
	names, _ := filepath.Glob(filepath.Join("testdata", "zlib", "*.deflate"))
	if len(names) < 30 {
		t.Fatalf("%d zlib streams in testdata/zlib; run gen.py there", len(names))
	}
	for _, name := range names {
		comp, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		want, err := io.ReadAll(flate.NewReader(bytes.NewReader(comp)))
		if err != nil {
			t.Fatalf("%s: compress/flate: %v", name, err)
		}
		got, err := io.ReadAll(NewBytesReader(comp))
		slow, serr := readAllSized(NewReader(iotest.OneByteReader(bytes.NewReader(comp))), 3)
		if err != nil || serr != nil || !bytes.Equal(got, want) || !bytes.Equal(slow, want) {
			t.Errorf("%s: %d and %d bytes (%v, %v), want %d", name, len(got), len(slow), err, serr, len(want))
		}
	}
}
