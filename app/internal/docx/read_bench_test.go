package docx_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/fgdesk/fgdesk/app/internal/corpus"
	"github.com/fgdesk/fgdesk/app/internal/docx"
	"github.com/fgdesk/fgdesk/app/internal/meeting"
)

// BenchmarkReadCorpus reads 40 generated contributions (small ones: the
// cost measured is the reader's, not inflating large images).
func BenchmarkReadCorpus(b *testing.B) {
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
