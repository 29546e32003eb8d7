package corpus

import (
	"context"
	"crypto/sha256"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/fgdesk/fgdesk/app/internal/check"
	"github.com/fgdesk/fgdesk/app/internal/finding"
	"github.com/fgdesk/fgdesk/app/internal/meeting"
)

func hashes(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		f, err := os.Open(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		h := sha256.New()
		io.Copy(h, f)
		f.Close()
		var sum [32]byte
		copy(sum[:], h.Sum(nil))
		out[e.Name()] = sum
	}
	return out
}

// TestCorpusFlagged generates the corpus, checks it, and asserts that every
// hostile and rule-breaking file gets its expected code, every realistic
// contribution passes without error, and no byte of any file changed.
func TestCorpusFlagged(t *testing.T) {
	dir := t.TempDir()
	p := meeting.Default()
	man, err := Generate(dir, p, Options{N: 12, Hostile: true, RuleBreakers: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(man.Files) < 12+len(HostileExpect)+5 {
		t.Fatalf("manifest has %d files", len(man.Files))
	}
	before := hashes(t, dir)
	rep, err := check.Run(context.Background(), []string{dir}, check.Options{Profile: p})
	if err != nil {
		t.Fatal(err)
	}
	results := map[string][]finding.Finding{}
	for _, f := range rep.Files {
		results[f.Name] = f.Findings
	}
	for _, miss := range Verify(man, results) {
		t.Error(miss)
	}
	after := hashes(t, dir)
	if len(after) != len(before) {
		t.Fatalf("checking changed the folder: %d files before, %d after", len(before), len(after))
	}
	for name, h := range before {
		if after[name] != h {
			t.Errorf("checking changed %s", name)
		}
	}
	if !rep.HasErrors() {
		t.Error("a corpus with hostile files has no errors")
	}
}

func TestDeterministic(t *testing.T) {
	p := meeting.Default()
	a, b := t.TempDir(), t.TempDir()
	if _, err := Generate(a, p, Options{N: 3, Seed: 7, NoLarge: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := Generate(b, p, Options{N: 3, Seed: 7, NoLarge: true}); err != nil {
		t.Fatal(err)
	}
	ha, hb := hashes(t, a), hashes(t, b)
	for name, h := range ha {
		if hb[name] != h {
			t.Errorf("%s differs between two runs with the same seed", name)
		}
	}
}

func TestTooMany(t *testing.T) {
	if _, err := Generate(t.TempDir(), meeting.Default(), Options{N: 800, Hostile: true}); err == nil {
		t.Error("800 contributions beside hostile files accepted")
	}
}
