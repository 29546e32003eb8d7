package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fgdesk/fgdesk/app/internal/corpus/hostile"
)

// fgdesk fix as a delegate runs it: stamp, then check --as-of; a file
// without header table filled from a draft; a docm cleaned; bad input.
func TestFixCommand(t *testing.T) {
	t.Setenv("FGDESK_HOME", t.TempDir())
	work := t.TempDir()
	out := filepath.Join(work, "out")
	os.Mkdir(out, 0o755)
	src := filepath.Join(work, "My Contribution.docx")
	os.WriteFile(src, (&hostile.Doc{DocNumber: "innovation-i-nnnn", StudyPeriod: "2013-2016"}).Bytes(), 0o644)

	code, stdout, stderr := run(t, "fix", src, "-o", out, "--number", "0077", "--as-of", "2012-03-10")
	copyPath := filepath.Join(out, "innovation-i-0077.docx")
	if code != ExitErrors || !strings.Contains(stdout, copyPath+"\n") || !strings.Contains(stdout, "TPL-STUDY-PERIOD") ||
		!strings.Contains(stdout, "(fgdesk fix --study-period)") || !strings.Contains(stdout, "changed: document number: innovation-i-nnnn -> innovation-i-0077") {
		t.Fatalf("fix without --study-period: %d\n%s\n%s", code, stdout, stderr)
	}
	code, _, stderr = run(t, "fix", src, "-o", out, "--number", "0077")
	if code != ExitFailed || !strings.Contains(stderr, "already exists (use --force") {
		t.Fatalf("no overwrite: %d %q", code, stderr)
	}
	code, stdout, stderr = run(t, "fix", src, "-o", out, "--number", "0077", "--all", "--force", "--as-of", "2012-03-10")
	if code != ExitOK || !strings.Contains(stdout, "passes") {
		t.Fatalf("fix --all: %d\n%s\n%s", code, stdout, stderr)
	}
	if code, stdout, _ := run(t, "check", "--as-of", "2012-03-10", copyPath); code != ExitOK {
		t.Fatalf("check --as-of: %d\n%s", code, stdout)
	}
	if b, _ := os.ReadFile(src); string(b) != string((&hostile.Doc{DocNumber: "innovation-i-nnnn", StudyPeriod: "2013-2016"}).Bytes()) {
		t.Fatal("original changed")
	}

	// No header table: the fields come from a draft.
	parts := (&hostile.Doc{}).Parts()
	for i := range parts {
		if parts[i].Name == "word/document.xml" {
			parts[i].Data = []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>My own text.</w:t></w:r></w:p><w:sectPr/></w:body></w:document>`)
		}
	}
	plain := filepath.Join(work, "plain.docx")
	os.WriteFile(plain, hostile.Zip(parts...), 0o644)
	code, stdout, stderr = run(t, "fix", plain, "-o", out, "--draft", writeDraft(t, work, "0078", "From the draft"), "--as-of", "2012-03-10", "--json")
	var res struct {
		Output   string   `json:"output"`
		Inserted bool     `json:"header_inserted"`
		Changes  []string `json:"changes"`
		Verdict  string   `json:"verdict"`
	}
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatalf("json: %v\n%s\n%s", err, stdout, stderr)
	}
	if code != ExitOK || !res.Inserted || res.Output != filepath.Join(out, "innovation-i-0078.docx") || res.Verdict == "error" {
		t.Fatalf("draft fields: %d %+v %s", code, res, stderr)
	}

	// A docm: refused without --clean, cleaned with it.
	name, docm := hostile.Docm()
	dm := filepath.Join(work, name)
	os.WriteFile(dm, docm, 0o644)
	if code, _, stderr := run(t, "fix", dm, "-o", out); code != ExitFailed || !strings.Contains(stderr, "--clean") {
		t.Fatalf("docm: %d %q", code, stderr)
	}
	code, stdout, stderr = run(t, "fix", dm, "-o", out, "--clean", "--as-of", "2012-03-10")
	if code != ExitOK || strings.Contains(stdout, "SEC-MACRO") || !strings.Contains(stdout, "changed: macros removed") {
		t.Fatalf("docm --clean: %d\n%s\n%s", code, stdout, stderr)
	}

	// Bad input: one line, exit 2, nothing written.
	empty := t.TempDir()
	for _, c := range []struct{ name, data string }{{"notes.docx", "just text"}, {"x.pdf", "%PDF-1.4\n%%EOF\n"}} {
		p := filepath.Join(work, c.name)
		os.WriteFile(p, []byte(c.data), 0o644)
		code, _, stderr := run(t, "fix", p, "-o", empty, "--number", "0001")
		if code != ExitFailed || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, c.name) {
			t.Errorf("%s: %d %q", c.name, code, stderr)
		}
	}
	if left, _ := os.ReadDir(empty); len(left) != 0 {
		t.Errorf("output left: %v", left)
	}
}
