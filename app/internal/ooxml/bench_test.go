package ooxml_test

import (
	"syscall"
	"testing"
	"time"

	"github.com/fgdesk/fgdesk/app/internal/ooxml"
)

// cpuMetric reports the process's CPU time per operation as cpu-ns/op
// (as the bench package does); call it after the setup, as
// defer cpuMetric(b)().
func cpuMetric(b *testing.B) func() {
	cpu := func() time.Duration {
		var ru syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	b.ResetTimer()
	start := cpu()
	return func() {
		b.StopTimer()
		if b.N > 0 {
			b.ReportMetric(float64(cpu()-start)/float64(b.N), "cpu-ns/op")
		}
	}
}

// BenchmarkPackageParts opens a contribution and reads its small parts as
// inspect does: content types, every .rels part, the main part and the
// properties (the inflating included).
func BenchmarkPackageParts(b *testing.B) {
	data := cleanDocx(b)
	b.ReportAllocs()
	defer cpuMetric(b)()
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
	defer cpuMetric(b)()
	for b.Loop() {
		if _, err := ooxml.OpenBytes(data, ooxml.Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}
