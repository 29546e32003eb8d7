package ooxml_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/fgdesk/fgdesk/app/internal/benchcpu"
	"github.com/fgdesk/fgdesk/app/internal/corpus"
	"github.com/fgdesk/fgdesk/app/internal/meeting"
	"github.com/fgdesk/fgdesk/app/internal/ooxml"
)

// BenchmarkPackageParts opens a contribution and reads its small parts as
// inspect does: content types, every .rels part, the main part and the
// properties (the inflating included).
func BenchmarkPackageParts(b *testing.B) {
	data := cleanDocx(b)
	b.ReportAllocs()
	defer benchcpu.Metric(b)()
	for b.Loop() {
		p, err := ooxml.OpenBytes(data, ooxml.Limits{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := p.ReadContentTypes(); err != nil {
			b.Fatal(err)
		}
		if _, err := p.MainPart(); err != nil {
			b.Fatal(err)
		}
		for _, e := range p.Entries {
			if ooxml.IsRelsPart(e.Name) {
				if _, err := p.ReadRelsPart(e.Name); err != nil {
					b.Fatal(err)
				}
			}
		}
		if _, err := p.ReadProperties(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOpenBytes opens a contribution (the zip directory only).
func BenchmarkOpenBytes(b *testing.B) {
	data := cleanDocx(b)
	b.ReportAllocs()
	defer benchcpu.Metric(b)()
	for b.Loop() {
		if _, err := ooxml.OpenBytes(data, ooxml.Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecoderCorpus reads the XML parts of a contribution of the
// generated corpus the check benchmark uses (more text than
// BenchmarkDecoder's), as the docx reader does.
func BenchmarkDecoderCorpus(b *testing.B) {
	dir := b.TempDir()
	if _, err := corpus.Generate(dir, meeting.Default(), corpus.Options{N: 1, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.docx"))
	if len(files) == 0 {
		b.Fatal("no contribution generated")
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		b.Fatal(err)
	}
	p, err := ooxml.OpenBytes(data, ooxml.Limits{})
	if err != nil {
		b.Fatal(err)
	}
	var parts [][]byte
	size := 0
	for _, e := range p.Entries {
		if filepath.Ext(e.Name) == ".xml" || filepath.Ext(e.Name) == ".rels" {
			part, err := e.ReadAll()
			if err != nil {
				b.Fatal(err)
			}
			parts = append(parts, part)
			size += len(part)
		}
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	r := bytes.NewReader(nil)
	defer benchcpu.Metric(b)()
	for b.Loop() {
		for _, part := range parts {
			r.Reset(part)
			readAll(ooxml.NewDecoder(r, "part.xml", ooxml.Limits{}))
		}
	}
}

// readAll reads a part with Next and the accessors, as the docx reader
// does, and closes the decoder.
func readAll(d *ooxml.Decoder) {
	for {
		k, err := d.Next()
		if err != nil {
			break
		}
		if k == ooxml.StartTag {
			_ = d.Attr("val")
		}
	}
	d.Close()
}
