package bench

import (
	"context"
	"testing"

	"github.com/fgdesk/fgdesk/app/internal/benchcpu"
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
	defer check.TuneGC(1)()
	defer benchcpu.Metric(b)()
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
	defer benchcpu.Metric(b)()
	for b.Loop() {
		if _, err := floor(files, 1, fast); err != nil {
			b.Fatal(err)
		}
	}
}
