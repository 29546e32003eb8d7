package rules

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/fgdesk/fgdesk/app/internal/corpus"
	"github.com/fgdesk/fgdesk/app/internal/inspect"
	"github.com/fgdesk/fgdesk/app/internal/meeting"
)

// BenchmarkRunCorpus runs every rule on the facts of 40 generated
// contributions (inspected once, before timing).
func BenchmarkRunCorpus(b *testing.B) {
	dir := b.TempDir()
	p := meeting.Default()
	man, err := corpus.Generate(dir, p, corpus.Options{N: 40, Seed: 1, NoLarge: true})
	if err != nil {
		b.Fatal(err)
	}
	var facts []*inspect.Facts
	for _, e := range man.Files {
		f, err := inspect.File(context.Background(), filepath.Join(dir, e.Name), inspect.Options{})
		if err != nil {
			b.Fatal(err)
		}
		facts = append(facts, f)
	}
	c := &Context{Profile: p}
	b.ReportAllocs()
	for b.Loop() {
		for _, f := range facts {
			Run(f, c)
		}
	}
}
