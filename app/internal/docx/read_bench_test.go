package docx_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/fgdesk/fgdesk/app/internal/corpus"
	"github.com/fgdesk/fgdesk/app/internal/docx"
	"github.com/fgdesk/fgdesk/app/internal/meeting"
)

// corpusFiles generates 40 contributions (small ones: the cost measured
// is the reader's, not inflating large images) and returns their bytes.
func corpusFiles(b *testing.B) [][]byte {
	dir := b.TempDir()
	man, err := corpus.Generate(dir, meeting.Default(), corpus.Options{N: 40, Seed: 1, NoLarge: true})
	if err != nil {
		b.Fatal(err)
	}
	var files [][]byte
	for _, e := range man.Files {
		data, err := os.ReadFile(filepath.Join(dir, e.Name))
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, data)
	}
	return files
}

// BenchmarkReadCorpus reads 40 generated contributions.
func BenchmarkReadCorpus(b *testing.B) {
	files := corpusFiles(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, data := range files {
			c, err := docx.ReadBytes(data, docx.ReadOptions{})
			if err != nil || c.Header == nil {
				b.Fatalf("header %v, err %v", c.Header, err)
			}
		}
	}
}

// BenchmarkHeaderCorpus reads the header tables of 40 generated
// contributions from their walked bodies: the header reader alone.
func BenchmarkHeaderCorpus(b *testing.B) {
	var headers []func() *docx.HeaderTable
	for _, data := range corpusFiles(b) {
		h, err := docx.HeaderOnly(data)
		if err != nil {
			b.Fatal(err)
		}
		headers = append(headers, h)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, h := range headers {
			if h() == nil {
				b.Fatal("no header")
			}
		}
	}
}
