package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/fgdesk/fgdesk/app/internal/check"
	"github.com/fgdesk/fgdesk/app/internal/contribution"
	"github.com/fgdesk/fgdesk/app/internal/export"
	"github.com/fgdesk/fgdesk/app/internal/meeting"
)

// checkCorpus writes n exported contributions (real .docx files) into a folder.
func checkCorpus(b *testing.B, p *meeting.Profile, n int) string {
	b.Helper()
	src := b.TempDir()
	path, err := export.Export(&contribution.Model{Number: "0001", Source: "Example", Title: "Outline", Purpose: contribution.Discussion, Abstract: "A.",
		Body: "## Introduction\n\nText of the contribution.\n", Contacts: []contribution.Contact{{Name: "A", Email: "a@example.com"}}}, p, src, export.Options{})
	if err != nil {
		b.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	when := time.Date(2012, 3, 10, 12, 0, 0, 0, time.UTC)
	for i := 1; i <= n; i++ {
		f := filepath.Join(dir, fmt.Sprintf("innovation-i-%04d.docx", i))
		os.WriteFile(f, data, 0o644)
		os.Chtimes(f, when, when)
	}
	return dir
}

// BenchmarkCheck1000 checks 1,000 .docx files the CLI's way (check.Run
// as `fgdesk check` calls it) and through the check screen (run, with
// its progress, table and details). README reports the ratio.
func BenchmarkCheck1000(b *testing.B) {
	f := newFixture(b)
	s := f.win.check
	dir := checkCorpus(b, s.profile, 1000)
	b.Run("cli", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			rep, err := check.Run(context.Background(), []string{dir}, check.Options{Profile: s.profile})
			if err != nil || len(rep.Files) != 1000 {
				b.Fatal(err)
			}
		}
	})
	b.Run("screen", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			done := make(chan struct{})
			s.done = func() { close(done) }
			s.setPaths([]string{dir})
			<-done
			if len(s.rows) != 1000 {
				b.Fatalf("%d rows", len(s.rows))
			}
		}
	})
}
