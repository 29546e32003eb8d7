package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/fgdesk/fgdesk/app/internal/contribution"
	"github.com/fgdesk/fgdesk/app/internal/corpus/hostile"
	"github.com/fgdesk/fgdesk/app/internal/docx"
)

// Open a delegate's Word document, change the number, save the corrected
// copy: the form shows the header's fields and what was not found; the
// copy carries the new number and passes.
func TestComposeOpenWordDocument(t *testing.T) {
	f := newFixture(t)
	c := f.win.compose
	doc := &hostile.Doc{DocNumber: "innovation-i-nnnn", SplitRuns: true, Model: contribution.Model{Number: "0001", Keywords: "-"}}
	src := filepath.Join(t.TempDir(), "My contribution.docx")
	if err := os.WriteFile(src, doc.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	f.open = src
	waitWord(t, c, c.openWordDoc)
	if len(f.errs) > 0 {
		t.Fatal(f.errs)
	}
	if c.source.Text != "Nokia Siemens Networks" || !strings.HasPrefix(c.title.Text(), "Bridging innovation") || c.number.Text != "" {
		t.Fatalf("form: source %q title %q number %q", c.source.Text, c.title.Text(), c.number.Text)
	}
	if len(c.contacts) != 1 || c.contacts[0].email.Text != "ajay.example@nsn.example.com" {
		t.Fatalf("contacts not read")
	}
	if !c.word.box.Visible() || !strings.Contains(c.word.label.Text, "Not found in the document: number") {
		t.Fatalf("word strip: %q", c.word.label.Text)
	}
	if c.body.Text() != "" {
		t.Fatalf("body converted: %q", c.body.Text())
	}
	// Saving without a number says so.
	c.saveCorrected()
	if len(f.errs) != 1 {
		t.Fatalf("no number: %v", f.errs)
	}
	f.errs = nil
	test.Type(c.number, "0042")
	waitWord(t, c, c.saveCorrected)
	if len(f.errs) > 0 {
		t.Fatal(f.errs)
	}
	out := filepath.Join(f.dir, "innovation-i-0042.docx")
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	got, err := docx.ReadBytes(data, docx.ReadOptions{})
	if err != nil || got.Header == nil || got.Header.DocNumber != "innovation-i-0042" {
		t.Fatalf("copy header: %v %+v", err, got)
	}
	if !strings.Contains(got.Text, "The focus group is invited to discuss the proposal.") {
		t.Error("body lost")
	}
	if !strings.Contains(c.word.result, "document number: innovation-i-nnnn -> innovation-i-0042") {
		t.Errorf("summary: %s", c.word.result)
	}
	if !strings.Contains(c.status.Text, "Saved corrected copy") {
		t.Errorf("status: %q", c.status.Text)
	}
	// New forgets the Word document.
	f.yes = true
	c.newDraft()
	if c.word.box.Visible() || c.word.path != "" || strings.Contains(c.body.PlaceHolder, "Word document") {
		t.Error("New kept the Word document")
	}
	// The original is untouched.
	if b, _ := os.ReadFile(src); string(b) != string(doc.Bytes()) {
		t.Error("original changed")
	}
}

// waitWord runs start and waits for the Word document's read or save.
func waitWord(t *testing.T, c *compose, start func()) {
	t.Helper()
	done := make(chan struct{}, 1)
	c.word.done = func() { done <- struct{}{} }
	start()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("Word document read/save did not finish")
	}
	c.word.done = nil
}

// The check screen's details offer a button per mechanical fix; pressing
// one writes a corrected copy and checks it.
func TestCheckScreenFixButton(t *testing.T) {
	f := newFixture(t)
	s := f.win.check
	in := t.TempDir()
	src := filepath.Join(in, "innovation-i-0012.docx")
	os.WriteFile(src, (&hostile.Doc{StudyPeriod: "2013-2016"}).Bytes(), 0o644)
	waitRun(t, s, func() { s.setPaths([]string{src}) })
	s.table.Select(widget.TableCellID{Row: 0, Col: 0})
	var btn *widget.Button
	for _, o := range s.fixes.box.Objects {
		if b, ok := o.(*widget.Button); ok && b.Text == "Set study period" {
			btn = b
		}
	}
	if btn == nil {
		t.Fatalf("no study period button among %d", len(s.fixes.box.Objects))
	}
	f.dir = t.TempDir()
	waitRun(t, s, func() { test.Tap(btn) })
	if len(f.errs) > 0 {
		t.Fatal(f.errs)
	}
	if len(s.rows) != 1 || s.rows[0].Path != filepath.Join(f.dir, "innovation-i-0012.docx") {
		t.Fatalf("copy not checked: %+v", s.rows)
	}
	for _, fd := range s.rows[0].Findings {
		if fd.Code == "TPL-STUDY-PERIOD" {
			t.Fatalf("study period still wrong in the copy")
		}
	}
}
