package fsutil

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteAtomic(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.txt")
	write := func(s string) func(io.Writer) error {
		return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
	}
	if err := WriteAtomic(p, NoOverwrite, 0o644, write("one")); err != nil {
		t.Fatal(err)
	}
	if err := WriteAtomic(p, NoOverwrite, 0o644, write("two")); !errors.Is(err, ErrExists) {
		t.Fatalf("second write: %v, want ErrExists", err)
	}
	boom := errors.New("boom")
	if err := WriteAtomic(p, Overwrite, 0o644, func(w io.Writer) error { io.WriteString(w, "half"); return boom }); !errors.Is(err, boom) {
		t.Fatalf("failing fill: %v", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "one" {
		t.Fatalf("content after failed write = %q", b)
	}
	if err := WriteAtomic(p, Overwrite, 0o600, write("three")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != "three" {
		t.Fatalf("content = %q", b)
	}
	if st, _ := os.Stat(p); st.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v", st.Mode())
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("temp files left: %v", ents)
	}
	if err := WriteAtomic(filepath.Join(dir, "missing", "x"), Overwrite, 0o644, write("x")); err == nil {
		t.Error("write into a missing folder succeeded")
	}
}

// TestWriteAtomicErrorHidesTemp: an error names the file asked for, never
// the hidden temporary file.
func TestWriteAtomicErrorHidesTemp(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no-such-dir", "report.xlsx")
	err := WriteAtomic(path, Overwrite, 0o644, func(w io.Writer) error { return nil })
	if err == nil {
		t.Fatal("no error")
	}
	if msg := err.Error(); strings.Contains(msg, ".tmp") || !strings.Contains(msg, path) {
		t.Errorf("error %q", msg)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("cause lost: %v", err)
	}
}

func TestCause(t *testing.T) {
	_, err := os.Open(filepath.Join(t.TempDir(), "missing.docx"))
	if c := Cause(err); !errors.Is(c, fs.ErrNotExist) || strings.Contains(c.Error(), "missing.docx") {
		t.Fatalf("Cause = %v", c)
	}
	if other := errors.New("x"); Cause(other) != other {
		t.Fatal("Cause changed a plain error")
	}
}
