package ui

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/fgdesk/fgdesk/app/internal/register"
)

func TestRegisterScreen(t *testing.T) {
	f := newFixture(t)
	s := f.win.reg
	if s.reg == nil {
		t.Fatalf("register not open: %v", s.openErr)
	}
	for _, title := range []string{"Outline of the innovation report", "Case study: mobile money"} {
		if _, err := s.allocate(register.Request{Title: title, Source: "Example Telecom", Email: "a@example.com"}); err != nil {
			t.Fatal(err)
		}
	}
	if len(s.docs) != 2 || s.docs[0].Name != "innovation-i-0001" || s.docs[1].Name != "innovation-i-0002" {
		t.Fatalf("docs after allocation: %+v", s.docs)
	}
	if s.selected != 1 || !strings.Contains(s.detail.Text, "Case study: mobile money") || !strings.Contains(s.detail.Text, "allocate") {
		t.Errorf("new document not selected with its history: %d %q", s.selected, s.detail.Text)
	}
	// Filters.
	s.search.SetText("mobile")
	if len(s.docs) != 1 {
		t.Errorf("search: %d docs", len(s.docs))
	}
	s.search.SetText("")
	s.status.SetSelected(string(register.StatusLate))
	if len(s.docs) != 0 {
		t.Errorf("late filter: %d docs", len(s.docs))
	}
	s.status.SetSelected(allStatuses)

	// The reply e-mail for the selected document.
	s.table.Select(tableCell(0))
	f.save = filepath.Join(t.TempDir(), "reply.eml")
	s.saveReply()
	eml, err := os.ReadFile(f.save)
	if err != nil || !strings.Contains(string(eml), "innovation-i-0001") {
		t.Errorf("reply e-mail: %v %.200s", err, eml)
	}

	// Withdraw with a reason: status and history change.
	s.withdraw(s.docs[0], "the author withdrew it by e-mail")
	if s.docs[0].Status != register.StatusWithdrawn {
		t.Errorf("status after withdraw: %s", s.docs[0].Status)
	}

	// Export the list as xlsx and HTML.
	for _, name := range []string{"list.xlsx", "list.html"} {
		p := filepath.Join(t.TempDir(), name)
		if err := s.writeList(p); err != nil {
			t.Fatal(err)
		}
		if b, err := os.ReadFile(p); err != nil || len(b) == 0 {
			t.Errorf("%s: %v", name, err)
		}
	}
	// Import that list into an empty register: dry run shown, then applied.
	listX := filepath.Join(t.TempDir(), "list.xlsx")
	if err := s.writeList(listX); err != nil {
		t.Fatal(err)
	}
	s.open(filepath.Join(t.TempDir(), "other.db"))
	if len(s.docs) != 0 {
		t.Fatalf("fresh register has %d docs", len(s.docs))
	}
	f.open, f.yes, f.confirms = listX, true, nil
	s.importList()
	if len(f.confirms) != 1 || len(s.docs) != 2 || s.docs[0].Status != register.StatusWithdrawn {
		t.Errorf("import: confirms %v, docs %+v", f.confirms, s.docs)
	}
	if len(f.errs) != 0 {
		t.Errorf("errors: %v", f.errs)
	}
}

// TestCheckWithRegister checks an exported file against the register
// (records the receipt), accepts it into the meeting folder, and sees the
// register screen follow.
func TestCheckWithRegister(t *testing.T) {
	f := newFixture(t)
	d, path := allocateAndExport(t, f)

	s := f.win.check
	s.useRegister.SetChecked(true)
	waitRun(t, s, func() { s.setPaths([]string{path}) })
	if len(s.rows) != 1 || s.rows[0].Counts.Errors != 0 {
		t.Fatalf("check against register: %+v", s.rows)
	}
	var codes []string
	for _, fd := range s.rows[0].Findings {
		codes = append(codes, fd.Code)
	}
	if !slices.Contains(codes, "REG-RECEIPT") {
		t.Errorf("no receipt recorded: %v", codes)
	}
	doc, err := f.win.reg.reg.Document(context.Background(), d.Series, d.Number)
	if err != nil || doc.Status != register.StatusOnTime {
		t.Fatalf("register after check: %+v %v", doc, err)
	}

	root := t.TempDir()
	f.dir = root
	s.table.Select(tableCell(0))
	s.accept()
	filed := filepath.Join(root, "1203-gva", "in", "innovation-i-0001.docx")
	st, err := os.Stat(filed)
	if err != nil || st.Mode().Perm()&0o222 != 0 {
		t.Fatalf("accepted copy: %v %v (errors %v)", err, st, f.errs)
	}
	if f.win.reg.docs[0].Status != register.StatusAccepted {
		t.Errorf("register screen not refreshed: %s", f.win.reg.docs[0].Status)
	}
}

// TestRegisterReleaseAndFreshDetails: Release frees an unused number, the
// details follow the selected document after every action, and the
// history reads as lines, not JSON.
func TestRegisterReleaseAndFreshDetails(t *testing.T) {
	f := newFixture(t)
	s := f.win.reg
	if s.reg == nil {
		t.Fatalf("register not open: %v", s.openErr)
	}
	for _, title := range []string{"First", "Second"} {
		if _, err := s.allocate(register.Request{Title: title, Source: "Example", Email: "a@example.com"}); err != nil {
			t.Fatal(err)
		}
	}
	s.table.Select(tableCell(0))
	d, _ := s.current()
	s.withdraw(d, "duplicate")
	if s.selected != 0 || !strings.Contains(s.detail.Text, string(register.StatusWithdrawn)) {
		t.Errorf("details not refreshed after Withdraw: %q", s.detail.Text)
	}
	if strings.Contains(s.detail.Text, "{") {
		t.Errorf("history shows JSON: %q", s.detail.Text)
	}
	s.table.Select(tableCell(1))
	d, _ = s.current()
	s.release(d, "not needed")
	if len(s.docs) != 1 || s.docs[0].Name == d.Name {
		t.Errorf("after Release: %+v", s.docs)
	}
	if s.detail.Text != "Select a document." {
		t.Errorf("details of a released number still shown: %q", s.detail.Text)
	}
	if got := readableDetails(`{"file":"a.docx","late":false,"size":12}`); got != "file a.docx, late no, size 12" {
		t.Errorf("readableDetails: %q", got)
	}
}
