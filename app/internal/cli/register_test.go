package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	reg "github.com/fgdesk/fgdesk/app/internal/register"
)

func fileSum(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// oneLineErr checks a failure: the exit code and a single stderr line.
func oneLineErr(t *testing.T, code int, errs string, wantCode int, contains string) {
	t.Helper()
	if code != wantCode || strings.Count(strings.TrimRight(errs, "\n"), "\n") != 0 || !strings.Contains(errs, contains) {
		t.Errorf("code %d stderr %q; want %d, one line containing %q", code, errs, wantCode, contains)
	}
}

func TestRegisterEndToEnd(t *testing.T) {
	home, work := newHome(t)
	incoming, _, _ := mkdirs(work, "incoming")
	root := filepath.Join(work, "docs")

	// Allocate: the name alone on stdout, in the default database.
	code, out, errs := run(t, "register", "allocate", "--title", "Bridging the gap", "--source", "Nokia Siemens Networks", "--email", "a@example.org")
	if code != ExitOK || out != "innovation-i-0001\n" || errs != "" {
		t.Fatalf("allocate: %d %q %q", code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(home, "register.db")); err != nil {
		t.Fatalf("default database: %v", err)
	}
	code, out, _ = run(t, "register", "allocate", "--title", "Second", "--source", "ITU")
	if code != ExitOK || out != "innovation-i-0002\n" {
		t.Fatalf("second: %d %q", code, out)
	}
	// An explicit --db is a separate register.
	db := filepath.Join(work, "other.db")
	code, out, _ = run(t, "register", "allocate", "--db", db, "--title", "Elsewhere", "--source", "X")
	if code != ExitOK || out != "innovation-i-0001\n" {
		t.Fatalf("--db: %d %q", code, out)
	}

	// The delegate writes the file and drops it into incoming.
	file := filepath.Join(incoming, "innovation-i-0001.docx")
	os.WriteFile(file, []byte("PK\x03\x04 pretend docx"), 0o644)
	origSum := fileSum(t, file)
	origInfo, _ := os.Stat(file)
	code, out, errs = run(t, "register", "receive", file, "--at", "2012-03-10T10:00", "--verdict", "pass", "--title", "Bridging the gap", "--source", "Nokia Siemens Networks")
	if code != ExitOK || !strings.Contains(out, "innovation-i-0001 received: on time, Sat 10 Mar 2012 10:00 CET") || errs != "" {
		t.Fatalf("receive: %d %q %q", code, out, errs)
	}
	// Receiving it again is harmless.
	code, out, _ = run(t, "register", "receive", file)
	if code != ExitOK || !strings.Contains(out, "already recorded") {
		t.Fatalf("again: %d %q", code, out)
	}
	// A number never allocated.
	stray := filepath.Join(incoming, "innovation-i-0099.docx")
	os.WriteFile(stray, []byte("stray"), 0o644)
	code, _, errs = run(t, "register", "receive", stray)
	if code != ExitErrors || !strings.Contains(errs, "REG-NOT-ALLOCATED") || !strings.Contains(errs, "receipt of innovation-i-0099.docx refused") {
		t.Fatalf("unallocated: %d %q", code, errs)
	}
	// Another file for a received number.
	dup := filepath.Join(incoming, "innovation-i-0001 (2).docx")
	os.WriteFile(dup, []byte("different"), 0o644)
	code, _, errs = run(t, "register", "receive", dup)
	if code != ExitErrors || !strings.Contains(errs, "REG-DUPLICATE") {
		t.Fatalf("duplicate: %d %q", code, errs)
	}
	// A title that differs warns but records.
	f2 := filepath.Join(incoming, "innovation-i-0002.docx")
	os.WriteFile(f2, []byte("two"), 0o644)
	code, out, errs = run(t, "register", "receive", f2, "--at", "2012-03-13T09:00", "--title", "Something else")
	if code != ExitOK || !strings.Contains(out, "late") || !strings.Contains(errs, "warning REG-TITLE-DIFFERS") {
		t.Fatalf("title differs: %d %q %q", code, out, errs)
	}

	// Accept: a read-only copy with the same hash; the original untouched.
	code, out, errs = run(t, "register", "accept", file, "--root", root)
	filed := filepath.Join(root, "1203-gva", "in", "innovation-i-0001.docx")
	if code != ExitOK || !strings.Contains(out, "innovation-i-0001 accepted: "+filed) {
		t.Fatalf("accept: %d %q %q", code, out, errs)
	}
	fi, err := os.Stat(filed)
	if err != nil || fi.Mode().Perm() != 0o444 || fileSum(t, filed) != origSum {
		t.Fatalf("filed copy: %v %v", fi, err)
	}
	if after, _ := os.Stat(file); fileSum(t, file) != origSum || !after.ModTime().Equal(origInfo.ModTime()) {
		t.Fatal("incoming original changed")
	}
	code, _, errs = run(t, "register", "accept", f2)
	oneLineErr(t, code, errs, ExitFailed, "--root DIR is required")

	// Reject, withdraw, reserve, supersede, release.
	code, out, _ = run(t, "register", "reject", "2", "--reason", "not in the FG template")
	if code != ExitOK || out != "innovation-i-0002 rejected: not in the FG template\n" {
		t.Fatalf("reject: %d %q", code, out)
	}
	code, out, _ = run(t, "register", "reserve", "0100", "--title", "Meeting report")
	if code != ExitOK || out != "innovation-i-0100\n" {
		t.Fatalf("reserve: %d %q", code, out)
	}
	run(t, "register", "allocate", "--title", "Third")
	code, out, _ = run(t, "register", "supersede", "innovation-i-0002", "3")
	if code != ExitOK || out != "innovation-i-0002 superseded by innovation-i-0003\n" {
		t.Fatalf("supersede: %d %q", code, out)
	}
	code, out, _ = run(t, "register", "release", "100", "--reason", "not needed")
	if code != ExitOK || out != "released innovation-i-0100\n" {
		t.Fatalf("release: %d %q", code, out)
	}
	code, _, errs = run(t, "register", "release", "1")
	oneLineErr(t, code, errs, ExitFailed, "number is in use")

	// List: a table, and JSON.
	code, out, _ = run(t, "register", "list")
	if code != ExitOK || !strings.Contains(out, "innovation-i-0001  accepted") || !strings.Contains(out, "superseded by innovation-i-0003") || !strings.Contains(out, "3 documents") {
		t.Fatalf("list:\n%s", out)
	}
	code, out, _ = run(t, "register", "list", "--json", "--status", "accepted")
	var docs []reg.Document
	if code != ExitOK || json.Unmarshal([]byte(out), &docs) != nil || len(docs) != 1 || docs[0].FiledAs != filed {
		t.Fatalf("list --json: %d %q", code, out)
	}
	code, out, _ = run(t, "register", "list", "--late")
	if code != ExitOK || !strings.Contains(out, "1 documents") {
		t.Fatalf("list --late:\n%s", out)
	}
	code, out, _ = run(t, "register", "show", "1")
	if code != ExitOK || !strings.Contains(out, "History:") || !strings.Contains(out, "accept") {
		t.Fatalf("show:\n%s", out)
	}
	code, out, _ = run(t, "register", "events", "--json")
	var evs []reg.Event
	if code != ExitOK || json.Unmarshal([]byte(out), &evs) != nil || len(evs) < 10 {
		t.Fatalf("events: %d %q", code, out)
	}

	// Export the list, then import it into a fresh register.
	xlsx := filepath.Join(work, "list.xlsx")
	html := filepath.Join(work, "list.html")
	code, out, errs = run(t, "register", "export", "--xlsx", xlsx, "--html", html)
	if code != ExitOK || !strings.Contains(out, "wrote "+xlsx+" (3 documents)") || !strings.Contains(out, "wrote "+html) {
		t.Fatalf("export: %d %q %q", code, out, errs)
	}
	x, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := x.GetRows("Documents")
	x.Close()
	if len(rows) != 4 || rows[1][0] != "innovation-i-0001" || rows[1][6] != "accepted" {
		t.Fatalf("xlsx rows %v", rows)
	}
	if h, _ := os.ReadFile(html); !strings.Contains(string(h), `href="http://ifa.itu.int/t/fg/innovation/docs/1203-gva/in/innovation-i-0001.docx"`) {
		t.Fatal("html lacks the link to the filed copy")
	}
	// Excel has the list open: written beside it.
	os.WriteFile(filepath.Join(work, "~$list.xlsx"), nil, 0o644)
	code, out, errs = run(t, "register", "export", "--xlsx", xlsx)
	if code != ExitOK || !strings.Contains(errs, "is open in a spreadsheet program") || !strings.Contains(out, "list (1).xlsx") {
		t.Fatalf("locked export: %d %q %q", code, out, errs)
	}
	fresh := filepath.Join(work, "fresh.db")
	code, out, _ = run(t, "register", "import", xlsx, "--db", fresh, "--dry-run")
	if code != ExitOK || !strings.Contains(out, "3 to add, 0 to change, 0 unchanged, 0 refused") || !strings.Contains(out, "dry run") {
		t.Fatalf("import dry run: %d %q", code, out)
	}
	code, out, errs = run(t, "register", "import", xlsx, "--db", fresh)
	if code != ExitOK || !strings.Contains(out, "3 to add") || !strings.Contains(errs, "backup before import") {
		t.Fatalf("import: %d %q %q", code, out, errs)
	}

	// Backup on demand.
	code, out, _ = run(t, "register", "backup", "--dir", filepath.Join(work, "bk"))
	if code != ExitOK || !strings.HasPrefix(strings.TrimSpace(out), filepath.Join(work, "bk", "register-")) {
		t.Fatalf("backup: %d %q", code, out)
	}
	if _, err := os.Stat(strings.TrimSpace(out)); err != nil {
		t.Fatal(err)
	}

	// E-mails.
	code, out, _ = run(t, "register", "request", "--title", "Über innovation", "--source", "ITU", "--contact", "Zoë", "--email", "zoe@example.org", "--mailto")
	if code != ExitOK || !strings.HasPrefix(out, "mailto:tsbfginnovation@itu.int?subject=Document%20number%20request%3A%20%C3%9Cber%20innovation&body=") {
		t.Fatalf("request --mailto: %d %q", code, out)
	}
	emlPath := filepath.Join(work, "request.eml")
	code, _, _ = run(t, "register", "request", "--title", "T", "--email", "zoe@example.org", "--eml", emlPath)
	if b, err := os.ReadFile(emlPath); code != ExitOK || err != nil || !strings.Contains(string(b), "To: \"TSB FG Innovation\" <tsbfginnovation@itu.int>\r\n") {
		t.Fatalf("request --eml: %d %v %q", code, err, b)
	}
	code, out, _ = run(t, "register", "reply", "1")
	if code != ExitOK || !strings.Contains(out, "Subject: Document number innovation-i-0001: Bridging the gap\r\n") || !strings.Contains(out, "To: <a@example.org>") {
		t.Fatalf("reply: %d %q", code, out)
	}
	code, _, errs = run(t, "register", "reply", "3")
	oneLineErr(t, code, errs, ExitFailed, "has no contact e-mail; give --to")
}

func TestRegisterErrors(t *testing.T) {
	t.Setenv("FGDESK_HOME", t.TempDir())
	work := t.TempDir()
	tests := []struct {
		args     []string
		code     int
		contains string
	}{
		{[]string{"register"}, ExitFailed, ""},
		{[]string{"register", "frobnicate"}, ExitFailed, `register: unknown command "frobnicate"`},
		{[]string{"register", "allocate"}, ExitFailed, "the title is required"},
		{[]string{"register", "allocate", "--title", "x", "--email", "nope"}, ExitFailed, `"nope" is not a plain e-mail address`},
		{[]string{"register", "allocate", "--title", "x", "--meeting", "nope"}, ExitFailed, `no meeting profile "nope"`},
		{[]string{"register", "allocate", "--title", "x", "--db", filepath.Join(work, "missing", "r.db")}, ExitFailed, "does not exist"},
		{[]string{"register", "reserve", "abc", "--title", "x"}, ExitFailed, `"abc" is not a document number`},
		{[]string{"register", "receive", filepath.Join(work, "nope.docx")}, ExitFailed, "receive " + filepath.Join(work, "nope.docx")},
		{[]string{"register", "reject", "5", "--reason", "x"}, ExitFailed, "no such document"},
		{[]string{"register", "reject", "5"}, ExitFailed, "--reason is required"},
		{[]string{"register", "export"}, ExitFailed, "give --xlsx FILE and/or --html FILE"},
		{[]string{"register", "import", filepath.Join(work, "nope.xlsx"), "--dry-run"}, ExitFailed, "nope.xlsx"},
		{[]string{"register", "request"}, ExitFailed, "--title is required"},
		{[]string{"register", "list", "--status", "lost"}, ExitFailed, `unknown status "lost"`},
		{[]string{"register", "supersede", "1"}, ExitFailed, "usage: fgdesk register supersede OLD NEW"},
	}
	for _, tt := range tests {
		code, _, errs := run(t, tt.args...)
		if code != tt.code || !strings.Contains(errs, tt.contains) {
			t.Errorf("%v: code %d stderr %q; want %d containing %q", tt.args, code, errs, tt.code, tt.contains)
		}
		if code == ExitFailed && tt.contains != "" && !strings.HasPrefix(tt.contains, "usage") && strings.Count(strings.TrimRight(errs, "\n"), "\n") != 0 {
			t.Errorf("%v: more than one line: %q", tt.args, errs)
		}
	}
	// Not a register database.
	junk := filepath.Join(work, "junk.db")
	os.WriteFile(junk, []byte(strings.Repeat("junk ", 400)), 0o644)
	code, _, errs := run(t, "register", "list", "--db", junk)
	oneLineErr(t, code, errs, ExitFailed, "is not an FG Desk register database")
	// Help.
	if code, out, _ := run(t, "register", "help"); code != ExitOK || !strings.Contains(out, "allocate") {
		t.Errorf("help: %d %q", code, out)
	}
}
