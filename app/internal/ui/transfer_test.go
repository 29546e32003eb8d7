package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/fgdesk/fgdesk/app/internal/transfer"
	"github.com/fgdesk/fgdesk/app/internal/transfer/ftptest"
)

// findButton returns the button labelled text in o's tree.
func findButton(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	if b, ok := o.(*widget.Button); ok && b.Text == text {
		return b
	}
	if c, ok := o.(*fyne.Container); ok {
		for _, x := range c.Objects {
			if b := findButton(t, x, text); b != nil {
				return b
			}
		}
	}
	if w, ok := o.(fyne.Widget); ok {
		r := test.TempWidgetRenderer(t, w)
		for _, x := range r.Objects() {
			if b := findButton(t, x, text); b != nil {
				return b
			}
		}
	}
	return nil
}

func waitPanel(t *testing.T, p *submitPanel, tap func()) {
	t.Helper()
	done := make(chan struct{}, 1)
	p.done = func() { done <- struct{}{} }
	tap()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		t.Fatalf("submit did not finish: %s", p.status.Text)
	}
}

// TestComposeSubmit: export, then Submit… uploads to a real FTP server
// after the late-file question; a second submit asks before replacing
// and, answered no, leaves the server file as it was.
func TestComposeSubmit(t *testing.T) {
	srv := ftptest.Start(t, ftptest.Config{})
	sessionPasswords.Clear()
	f := newFixture(t, "../../../testdata/sample-draft.json")
	c := f.win.compose
	test.Tap(c.exportBtn)
	if c.lastExport == "" {
		t.Fatalf("export failed: %v", f.errs)
	}
	answers := map[string]bool{"Late document": true, "Replace file?": false}
	f.win.h.confirm = func(title, _ string, cb func(bool)) { f.confirms = append(f.confirms, title); cb(answers[title]) }
	var p *submitPanel
	submitOpened = func(s *submitPanel) { p = s }
	defer func() { submitOpened = nil }()
	btn := findButton(t, f.w.Content(), "Submit…")
	if btn == nil {
		t.Fatal("no Submit… button on the compose screen")
	}
	test.Tap(btn)
	if p == nil || p.file != c.lastExport {
		t.Fatalf("submit panel for %v", p)
	}
	p.server.SetText(srv.URL("", "/incoming"))
	test.Type(p.user, ftptest.DelegateUser)
	test.Type(p.password, ftptest.DelegatePass)
	f.confirms = nil
	waitPanel(t, p, func() { test.Tap(p.submitBtn) })
	onServer := filepath.Join(srv.Root, "incoming", "innovation-i-0012.docx")
	want, _ := os.ReadFile(c.lastExport)
	got, err := os.ReadFile(onServer)
	if err != nil || !bytes.Equal(got, want) || p.receipt == nil {
		t.Fatalf("not submitted: %v; status %q; errors %v", err, p.status.Text, f.errs)
	}
	if !slices.Contains(f.confirms, "Late document") || !strings.Contains(p.status.Text, "plain text") || !strings.Contains(p.status.Text, "Receipt:") {
		t.Errorf("confirms %v, status %q", f.confirms, p.status.Text)
	}
	if _, err := transfer.ReadReceipt(transfer.ReceiptPath(c.lastExport)); err != nil {
		t.Error(err)
	}
	// The password is kept for the session (not in preferences).
	if v, ok := sessionPasswords.Load(ftptest.DelegateUser + "@127.0.0.1"); !ok || v != ftptest.DelegatePass {
		t.Error("password not kept for the session")
	}
	if strings.Contains(f.win.h.pref(prefSubmitServer)+f.win.h.pref(prefSubmitUser), ftptest.DelegatePass) {
		t.Error("password in preferences")
	}
	// Again: the server has the file; "no" to replacing keeps it.
	os.WriteFile(filepath.Join(srv.Root, "incoming", "innovation-i-0012.docx"), []byte("earlier"), 0o644)
	f.confirms, f.errs = nil, nil
	waitPanel(t, p, func() { test.Tap(p.submitBtn) })
	if !slices.Contains(f.confirms, "Replace file?") {
		t.Errorf("no replace question: %v (%s)", f.confirms, p.status.Text)
	}
	if b, _ := os.ReadFile(onServer); string(b) != "earlier" {
		t.Error("server file replaced although the answer was no")
	}
	// A file with errors is not sent.
	bad := filepath.Join(t.TempDir(), "my contribution.docx")
	os.WriteFile(bad, want, 0o644)
	p2 := openSubmit(f.win.h, f.win.profile, bad)
	p2.server.SetText(srv.URL(ftptest.DelegateUser, "/incoming"))
	p2.password.SetText(ftptest.DelegatePass)
	f.errs = nil
	waitPanel(t, p2, func() { test.Tap(p2.submitBtn) })
	if len(f.errs) != 1 || !strings.Contains(f.errs[0].Error(), "NAME-PATTERN") {
		t.Errorf("file with errors: %v", f.errs)
	}
	if _, err := os.Stat(filepath.Join(srv.Root, "incoming", "my contribution.docx")); err == nil {
		t.Error("file with errors reached the server")
	}
}

// TestCheckWatch: the check screen's "Watch incoming" switch mirrors and
// checks files as they arrive on a real FTP server, with the register.
func TestCheckWatch(t *testing.T) {
	srv := ftptest.Start(t, ftptest.Config{})
	f := newFixture(t, "../../../testdata/sample-draft.json")
	test.Tap(f.win.compose.exportBtn)
	doc, _ := os.ReadFile(f.win.compose.lastExport)
	s := f.win.check
	w := watchOf(s)
	mirror := filepath.Join(t.TempDir(), "mirror")
	w.ask = func(cb func(watchSettings)) {
		cb(watchSettings{Source: srv.URL(ftptest.TSBUser, "/incoming"), Password: ftptest.TSBPass, Mirror: mirror, Interval: 200 * time.Millisecond})
	}
	passes := make(chan transfer.SyncResult, 100)
	w.pass = func(r transfer.SyncResult, err error) {
		if err != nil {
			t.Error(err)
		}
		passes <- r
	}
	arrive := func(name string) {
		p := filepath.Join(srv.Root, "incoming", name)
		os.WriteFile(p, doc, 0o644)
		old := time.Now().Add(-time.Minute)
		os.Chtimes(p, old, old)
	}
	waitFor := func(name string) {
		t.Helper()
		deadline := time.After(30 * time.Second)
		for {
			select {
			case r := <-passes:
				for _, m := range r.Downloaded() {
					if m.Name == name {
						return
					}
				}
			case <-deadline:
				t.Fatalf("%s not seen; status %q", name, w.status.Text)
			}
		}
	}
	arrive("innovation-i-0012.docx")
	w.toggle.SetChecked(true)
	waitFor("innovation-i-0012.docx")
	if len(s.rows) != 1 || s.rows[0].Name != "innovation-i-0012.docx" || !s.rows[0].Late {
		t.Fatalf("rows after first file: %+v", s.rows)
	}
	arrive("innovation-i-0013.docx")
	waitFor("innovation-i-0013.docx")
	if len(s.rows) != 2 || !strings.Contains(s.summary.Text, "2 file(s)") {
		t.Fatalf("rows after second file: %d, summary %q", len(s.rows), s.summary.Text)
	}
	if !strings.Contains(w.status.Text, "2 file(s)") || !strings.Contains(w.status.Text, "plain-text link") {
		t.Errorf("status %q", w.status.Text)
	}
	if fi, err := os.Stat(filepath.Join(mirror, "innovation-i-0013.docx")); err != nil || fi.Mode().Perm() != 0o444 {
		t.Errorf("mirror copy: %v", err)
	}
	// The Submit… button of the check screen opens the panel for the selection.
	var p *submitPanel
	submitOpened = func(x *submitPanel) { p = x }
	defer func() { submitOpened = nil }()
	s.selected = 0
	s.submitSelected()
	if p == nil || p.file != s.rows[0].Path {
		t.Errorf("check screen submit panel %v", p)
	}
	w.toggle.SetChecked(false)
	if !strings.Contains(w.status.Text, "Stopped") {
		t.Errorf("status after stop %q", w.status.Text)
	}
}
