package register

import (
	"fmt"
	"io"
	"testing"
	"time"
)

// BenchmarkAllocate measures allocations (one committed transaction
// each, with its event) on both engines: an SQLite file and a database of
// the PostgreSQL test server on 127.0.0.1.
func BenchmarkAllocate(b *testing.B) {
	for _, e := range []struct {
		name string
		open opener
	}{{"sqlite", open}, {"postgres", openPG}} {
		b.Run(e.name, func(b *testing.B) {
			r, _ := e.open(b, Options{})
			p := profile(b)
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				if i >= MaxNumber(p) {
					b.StopTimer()
					r.db.Exec("DELETE FROM documents")
					i = 0
					b.StartTimer()
				}
				if _, err := r.Allocate(ctx, p, Request{Title: "Benchmark", Source: "ITU"}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "allocs/s")
		})
	}
}

func BenchmarkLookup(b *testing.B) {
	r, _ := open(b, Options{})
	p := profile(b)
	for range 100 {
		r.Allocate(ctx, p, Request{Title: "x"})
	}
	for i := 0; b.Loop(); i++ {
		if _, err := r.Lookup(ctx, "innovation-i", i%100+1); err != nil {
			b.Fatal(err)
		}
	}
}

// thousand returns 1,000 synthetic documents.
func thousand() []Document {
	docs := make([]Document, 1000)
	t0 := time.Date(2012, 2, 20, 9, 0, 0, 0, time.UTC)
	for i := range docs {
		n := i + 1
		d := Document{Meeting: "fg-innovation-1203-gva", Series: "innovation-i", Number: n, Name: fmt.Sprintf("innovation-i-%04d", n),
			Type: "input", Title: fmt.Sprintf("Contribution %d on bridging the gap from innovation to standards", n),
			Source: "Nokia Siemens Networks, Huawei", Email: "author@example.org", Purpose: "discussion",
			RequestedAt: t0.Add(time.Duration(i) * time.Hour), AllocatedAt: t0.Add(time.Duration(i)*time.Hour + time.Minute),
			Status: StatusAllocated}
		if i%3 != 0 {
			d.ReceivedAt = d.AllocatedAt.Add(48 * time.Hour)
			d.FileName, d.SHA256, d.Size, d.Status = d.Name+".docx", sum([]byte(d.Name)), 123456, StatusOnTime
			if i%7 == 0 {
				d.Status, d.Late = StatusLate, true
			}
		}
		docs[i] = d
	}
	return docs
}

func BenchmarkExportXLSX1000(b *testing.B) {
	docs := thousand()
	opt := exportOpts()
	for b.Loop() {
		if err := WriteXLSX(io.Discard, docs, opt); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkExportHTML1000(b *testing.B) {
	docs := thousand()
	opt := exportOpts()
	for b.Loop() {
		if err := WriteHTML(io.Discard, docs, opt); err != nil {
			b.Fatal(err)
		}
	}
}
