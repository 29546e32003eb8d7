package inflate_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/fgdesk/fgdesk/app/internal/corpus"
	"github.com/fgdesk/fgdesk/app/internal/inflate"
	"github.com/fgdesk/fgdesk/app/internal/meeting"
)

// parts returns the deflated entries of 100 contributions of the bench
// corpus, as stored.
func parts(b *testing.B) (raw [][]byte, size int64) {
	dir := b.TempDir()
	if _, err := corpus.Generate(dir, meeting.Default(), corpus.Options{N: 100, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.docx"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			b.Fatal(err)
		}
		for _, e := range zr.File {
			if e.Method == zip.Deflate {
				off, _ := e.DataOffset()
				raw = append(raw, data[off:off+int64(e.CompressedSize64)])
				size += int64(e.UncompressedSize64)
			}
		}
	}
	return raw, size
}

// BenchmarkParts inflates the parts of 100 generated contributions (a
// few KB each, as in real Office files) with this package;
// BenchmarkPartsStdlib with compress/flate.
func BenchmarkParts(b *testing.B) {
	raw, size := parts(b)
	var z inflate.Reader
	b.SetBytes(size)
	for b.Loop() {
		for _, r := range raw {
			z.Reset(r)
			if _, err := io.Copy(io.Discard, &z); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkPartsStdlib(b *testing.B) {
	raw, size := parts(b)
	var br bytes.Reader
	fr := flate.NewReader(&br)
	b.SetBytes(size)
	for b.Loop() {
		for _, r := range raw {
			br.Reset(r)
			fr.(flate.Resetter).Reset(&br, nil)
			if _, err := io.Copy(io.Discard, fr); err != nil {
				b.Fatal(err)
			}
		}
	}
}
