package inflate

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
	"testing/iotest"
)

// FuzzInflate: on any input this package and compress/flate agree (same
// bytes, same kind of error), read from memory and through an io.Reader
// one byte at a time.
func FuzzInflate(f *testing.F) {
	for _, level := range levels {
		f.Add(deflate(f, samples()["text"][:2000], level))
		f.Add(deflate(f, []byte("hello, hello, hello"), level))
	}
	f.Add([]byte{1, 3, 0, 0xfc, 0xff, 'a', 'b', 'c'})
	// zlib's streams (its own block choices), the small ones.
	names, _ := filepath.Glob(filepath.Join("testdata", "zlib", "*.deflate"))
	for _, name := range names {
		if b, err := os.ReadFile(name); err == nil && len(b) < 6000 {
			f.Add(b)
		}
	}
	f.Add(dynHeader(0, 0, 2, 3, 3, 1).code(0b111, 3).bits(127, 7).bytes())
	f.Fuzz(func(t *testing.T, b []byte) {
		const limit = 1 << 20 // a small input may inflate 1000-fold
		same(t, b, limit)
		ours, oerr := io.ReadAll(io.LimitReader(NewBytesReader(b), limit))
		slow, serr := io.ReadAll(io.LimitReader(NewReader(iotest.OneByteReader(bytes.NewReader(b))), limit))
		if !bytes.Equal(ours, slow) || classOf(oerr) != classOf(serr) {
			t.Fatalf("stream %x: from memory %d bytes (%v), one byte at a time %d bytes (%v)", b, len(ours), oerr, len(slow), serr)
		}
	})
}

// FuzzRoundTrip: whatever compress/flate writes, at any level, decodes
// to what it was given.
func FuzzRoundTrip(f *testing.F) {
	f.Add([]byte("<w:p><w:r><w:t>Innovation</w:t></w:r></w:p>"), 5)
	f.Add(bytes.Repeat([]byte{0}, 1000), 9)
	f.Fuzz(func(t *testing.T, b []byte, level int) {
		level = (level%11+11)%11 - 2 // HuffmanOnly (-2) to BestCompression (9)
		comp := deflate(t, b, level)
		got, err := io.ReadAll(NewBytesReader(comp))
		if err != nil || !bytes.Equal(got, b) {
			t.Fatalf("level %d, %d bytes: got %d bytes, %v", level, len(b), len(got), err)
		}
	})
}
