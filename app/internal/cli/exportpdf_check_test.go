package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/fgdesk/fgdesk/app/internal/export"
)

// TestExportPDFPassesCheck: FG Desk's own PDF copy (`export --pdf`,
// LibreOffice's /OpenAction [page /XYZ null null 0] destination in it)
// passes `check` with no error and no security finding, and the .docx
// beside it has no hygiene notice for names its header already shows.
func TestExportPDFPassesCheck(t *testing.T) {
	if testing.Short() {
		t.Skip("LibreOffice takes seconds")
	}
	if _, ok := export.SofficePath(); !ok {
		t.Skip("soffice (LibreOffice) not installed; scripts/deps.sh test installs it")
	}
	t.Setenv("FGDESK_HOME", t.TempDir())
	out := t.TempDir()
	code, stdout, errs := run(t, "export", "../../../testdata/sample-draft.json", "-o", out, "--pdf")
	if code != ExitOK {
		t.Fatalf("export --pdf: %d %q %q", code, stdout, errs)
	}
	pdf := filepath.Join(out, "innovation-i-0012.pdf")
	docx := filepath.Join(out, "innovation-i-0012.docx")
	code, stdout, _ = run(t, "check", "-v", "--as-of", "2012-03-10T12:00", pdf, docx)
	if code != ExitOK || !strings.Contains(stdout, "PASS  innovation-i-0012.pdf") || !strings.Contains(stdout, "PASS  innovation-i-0012.docx") {
		t.Fatalf("check of the export: exit %d\n%s", code, stdout)
	}
	if strings.Contains(stdout, "SEC-") {
		t.Errorf("security finding on FG Desk's own export:\n%s", stdout)
	}
	if i := strings.Index(stdout, "innovation-i-0012.docx"); strings.Contains(stdout[i:], "HYG-METADATA") {
		t.Errorf("HYG-METADATA on names the header table shows:\n%s", stdout[i:])
	}
}
