package bench

import (
	"context"
	"syscall"
	"testing"
	"time"

	"github.com/fgdesk/fgdesk/app/internal/check"
	"github.com/fgdesk/fgdesk/app/internal/corpus"
	"github.com/fgdesk/fgdesk/app/internal/meeting"
)

// benchCorpus generates n realistic contributions once per benchmark.
func benchCorpus(b *testing.B, n int) []string {
	b.Helper()
	dir := b.TempDir()
	p := meeting.Default()
	if _, err := corpus.Generate(dir, p, corpus.Options{N: n, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	files, _, err := check.Expand([]string{dir}, false)
	if err != nil {
		b.Fatal(err)
	}
	return files[:n]
}

// BenchmarkCheckCorpus checks 200 generated contributions on one worker;
// BenchmarkFloorCorpus inflates the same files with archive/zip, and
// BenchmarkFastFloorCorpus with the checker's inflate. Their ratio is
// bench's check/floor.
func BenchmarkCheckCorpus(b *testing.B) {
	files := benchCorpus(b, 200)
	p := meeting.Default()
	defer check.TuneGC()()
	defer cpuMetric(b)()
	for b.Loop() {
		if _, err := check.RunFiles(context.Background(), files, check.Options{Profile: p, Workers: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFloorCorpus(b *testing.B) { benchFloor(b, false) }

func BenchmarkFastFloorCorpus(b *testing.B) { benchFloor(b, true) }

func benchFloor(b *testing.B, fast bool) {
	files := benchCorpus(b, 200)
	defer cpuMetric(b)()
	for b.Loop() {
		if _, err := floor(files, 1, fast); err != nil {
			b.Fatal(err)
		}
	}
}

// cpuMetric reports the process's CPU time (user and system) per
// operation as cpu-ns/op, which other work on a shared machine disturbs
// far less than wall time. Call it after the setup, as
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
