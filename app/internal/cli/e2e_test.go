package cli

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fgdesk/fgdesk/app/internal/draft"
)

// writeDraft writes the sample draft with another number.
func writeDraft(t *testing.T, dir, number, title string) string {
	t.Helper()
	d, err := draft.Load("../../../testdata/sample-draft.json")
	if err != nil {
		t.Fatal(err)
	}
	d.Contribution.Number = number
	d.Contribution.Title = title
	d.BaseDir, _ = filepath.Abs("../../../testdata")
	p := filepath.Join(dir, "draft-"+number+".json")
	if err := draft.Save(p, d); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestSecretariatEndToEnd is issue 4's walk from the CLI on a fresh data
// folder: allocate, export with the number (author side), drop into
// incoming, check with the register (passes, receipt recorded), accept
// (read-only copy with the same hash in the meeting folder), export the
// list as xlsx and HTML, and read the xlsx back through LibreOffice Calc.
// Then an unallocated number and a second file for a received number fail
// with the register's codes.
func TestSecretariatEndToEnd(t *testing.T) {
	home, work := newHome(t)
	incoming, out, root := mkdirs(work, "incoming", "out", "docs")
	title := "Proposed structure of the Innovation Report and a method to identify standardization gaps"
	source := "Example Networks Ltd (Finland), Example University of Posts and Telecommunications (China)"

	code, name, errs := run(t, "register", "allocate", "--title", title, "--source", source, "--email", "maria.virtanen@example.com")
	if code != ExitOK || name != "innovation-i-0001\n" {
		t.Fatalf("allocate: %d %q %q", code, name, errs)
	}
	code, stdout, errs := run(t, "export", writeDraft(t, work, "0001", title), "-o", out)
	exported := filepath.Join(out, "innovation-i-0001.docx")
	if code != ExitOK || strings.TrimSpace(stdout) != exported {
		t.Fatalf("export: %d %q %q", code, stdout, errs)
	}
	dropped := filepath.Join(incoming, "innovation-i-0001.docx")
	copyFile(t, exported, dropped, time.Date(2012, 3, 11, 17, 5, 0, 0, time.UTC))
	sum := fileSum(t, dropped)

	db := filepath.Join(home, "register.db")
	code, stdout, errs = run(t, "check", "--db", db, "--json", incoming)
	if code != ExitOK {
		t.Fatalf("check --db: exit %d\n%s\n%s", code, stdout, errs)
	}
	var rep struct {
		Files []struct {
			Name     string `json:"name"`
			Verdict  string `json:"verdict"`
			Findings []struct {
				Code string `json:"code"`
			} `json:"findings"`
		} `json:"files"`
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, f := range rep.Files[0].Findings {
		codes = append(codes, f.Code)
	}
	if rep.Files[0].Verdict == "error" || !strings.Contains(strings.Join(codes, " "), "REG-RECEIPT") {
		t.Fatalf("check against the register: verdict %s, codes %v", rep.Files[0].Verdict, codes)
	}
	_, stdout, _ = run(t, "register", "show", "1")
	if !strings.Contains(stdout, "on time") {
		t.Errorf("status after receipt:\n%s", stdout)
	}

	code, stdout, errs = run(t, "register", "accept", dropped, "--root", root)
	filed := filepath.Join(root, "1203-gva", "in", "innovation-i-0001.docx")
	if code != ExitOK || !strings.Contains(stdout, filed) {
		t.Fatalf("accept: %d %q %q", code, stdout, errs)
	}
	st, err := os.Stat(filed)
	if err != nil || st.Mode().Perm()&0o222 != 0 {
		t.Fatalf("filed copy: %v mode %v", err, st.Mode())
	}
	if fileSum(t, filed) != sum || fileSum(t, dropped) != sum {
		t.Fatal("the filed copy or the incoming original differs from what was checked")
	}

	xlsx, html := filepath.Join(work, "list.xlsx"), filepath.Join(work, "list.html")
	if code, _, errs = run(t, "register", "export", "--xlsx", xlsx, "--html", html); code != ExitOK {
		t.Fatalf("export list: %d %s", code, errs)
	}
	if b, _ := os.ReadFile(html); !strings.Contains(string(b), "innovation-i-0001") || !strings.Contains(string(b), "accepted") {
		t.Error("HTML list lacks the document")
	}
	if rows := calcRows(t, xlsx); rows != nil {
		if len(rows) != 2 || !strings.Contains(strings.Join(rows[1], "|"), "innovation-i-0001") || !strings.Contains(strings.Join(rows[1], "|"), "accepted") {
			t.Errorf("LibreOffice Calc rows: %q", rows)
		}
	}

	// A number never allocated.
	code, stdout, errs = run(t, "export", writeDraft(t, work, "0042", "Not allocated"), "-o", out)
	if code != ExitOK {
		t.Fatalf("export 0042: %d %s", code, errs)
	}
	// checkAlone copies one exported file into a folder of its own and
	// checks it against the register: it must fail with code.
	checkAlone := func(from, name, folder string, day int, code string) {
		t.Helper()
		dir, _, _ := mkdirs(work, folder)
		copyFile(t, filepath.Join(from, name), filepath.Join(dir, name), time.Date(2012, 3, day, 9, 0, 0, 0, time.UTC))
		exit, stdout, _ := run(t, "check", "--db", db, dir)
		if exit != ExitErrors || !strings.Contains(stdout, code) {
			t.Errorf("%s: exit %d, want %d with %s\n%s", folder, exit, ExitErrors, code, stdout)
		}
	}
	checkAlone(out, "innovation-i-0042.docx", "stray", 11, "REG-NOT-ALLOCATED")
	// A different file for a number already received.
	other, _, _ := mkdirs(work, "other")
	run(t, "export", writeDraft(t, work, "0001", "Another text under the same number"), "-o", other, "--force")
	checkAlone(other, "innovation-i-0001.docx", "again", 12, "REG-DUPLICATE")
}

// newHome gives a test its own data folder (FGDESK_HOME) and a work
// folder.
func newHome(t *testing.T) (home, work string) {
	home = t.TempDir()
	t.Setenv("FGDESK_HOME", home)
	return home, t.TempDir()
}

// mkdirs creates up to three folders in dir and returns their paths.
func mkdirs(dir string, names ...string) (a, b, c string) {
	ps := make([]string, 3)
	for i, n := range names {
		ps[i] = filepath.Join(dir, n)
		os.MkdirAll(ps[i], 0o755)
	}
	return ps[0], ps[1], ps[2]
}

func copyFile(t *testing.T, src, dst string, mtime time.Time) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(dst, mtime, mtime); err != nil {
		t.Fatal(err)
	}
}

// calcRows converts an xlsx to CSV with LibreOffice Calc headless and
// returns the rows, or nil (after t.Log) when soffice is not installed.
func calcRows(t *testing.T, xlsx string) [][]string {
	t.Helper()
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Log("soffice not installed: LibreOffice Calc round trip skipped")
		return nil
	}
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation=file://"+filepath.ToSlash(filepath.Join(dir, "profile")),
		"--headless", "--norestore", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", dir, xlsx)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	f, err := os.Open(filepath.Join(dir, strings.TrimSuffix(filepath.Base(xlsx), ".xlsx")+".csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestExportThenCheck is the author side feeding the checker, from the
// CLI: the sample draft exports as innovation-i-0012.docx and passes; the
// same file renamed wrong fails with NAME-CASE or NAME-PATTERN, and checked
// as of a moment after the deadline fails with DEADLINE-LATE.
func TestExportThenCheck(t *testing.T) {
	t.Setenv("FGDESK_HOME", t.TempDir())
	out := t.TempDir()
	code, stdout, errs := run(t, "export", "../../../testdata/sample-draft.json", "-o", out)
	path := filepath.Join(out, "innovation-i-0012.docx")
	if code != ExitOK || strings.TrimSpace(stdout) != path {
		t.Fatalf("export: %d %q %q", code, stdout, errs)
	}
	code, stdout, _ = run(t, "check", "--as-of", "2012-03-10T12:00", path)
	if code != ExitOK || !strings.HasPrefix(stdout, "PASS  innovation-i-0012.docx") {
		t.Fatalf("exported file: exit %d\n%s", code, stdout)
	}
	tests := []struct {
		name, asOf, code string
	}{
		{"Innovation-I-0012.docx", "2012-03-10T12:00", "NAME-CASE"},
		{"innovation-i-0012 (final).docx", "2012-03-10T12:00", "NAME-PATTERN"},
		{"innovation-i-0012.doc", "2012-03-10T12:00", "NAME-EXT-MISMATCH"},
		{"innovation-i-0013.docx", "2012-03-10T12:00", "NUM-MISMATCH"},
		{"innovation-i-0012.docx", "2012-03-13T00:00", "DEADLINE-LATE"},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		copyFile(t, path, filepath.Join(dir, tt.name), time.Now())
		code, stdout, _ := run(t, "check", "--as-of", tt.asOf, filepath.Join(dir, tt.name))
		if code != ExitErrors || !strings.Contains(stdout, "error "+tt.code) {
			t.Errorf("%s as of %s: exit %d, want 1 with %s:\n%s", tt.name, tt.asOf, code, tt.code, stdout)
		}
	}
}
