package fix

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fgdesk/fgdesk/app/internal/meeting"
)

// Helpers for tests that use real programs: python-docx to make inputs
// the way other programs make them, LibreOffice to read the copies.

func profile(t testing.TB) *meeting.Profile {
	t.Helper()
	return meeting.Default()
}

// pythonDocx returns a Python interpreter that has python-docx, or skips.
func pythonDocx(t *testing.T) string {
	t.Helper()
	for _, py := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(py, "-c", "import docx").Run() == nil {
			return py
		}
	}
	t.Skip("python3-docx is not installed (apt-get install python3-docx): skipping the python-docx inputs")
	return ""
}

// makeWithPython runs a generator script of testdata and returns the file.
func makeWithPython(t *testing.T, script string, args ...string) []byte {
	t.Helper()
	py := pythonDocx(t)
	out := filepath.Join(t.TempDir(), "in.docx")
	cmd := exec.Command(py, append([]string{filepath.Join("testdata", script), out}, args...)...)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", script, err, b)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// soffice returns LibreOffice's program, or "" (the caller skips with a
// message).
func soffice() string {
	for _, n := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	return ""
}

// convertWith converts file with LibreOffice to format in a temp folder
// and returns the output's path.
func convertWith(t *testing.T, file, format, ext string) string {
	t.Helper()
	so := soffice()
	if so == "" {
		t.Skip("LibreOffice (soffice) is not installed: skipping the LibreOffice check")
	}
	dir := t.TempDir()
	profile := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, so, "-env:UserInstallation=file://"+profile, "--headless", "--norestore",
		"--convert-to", format, "--outdir", dir, file)
	cmd.Env = append(os.Environ(), "HOME="+profile)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	out := filepath.Join(dir, strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))+ext)
	if _, err := os.Stat(out); err != nil {
		t.Fatalf("soffice made no %s: %v", ext, err)
	}
	return out
}

// entries returns the inflated entries of a zip by name.
func entries(t *testing.T, data []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if _, err := b.ReadFrom(rc); err != nil {
			t.Fatal(err)
		}
		rc.Close()
		out[f.Name] = b.Bytes()
	}
	return out
}
