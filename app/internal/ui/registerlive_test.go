package ui

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/fgdesk/fgdesk/app/internal/contribution"
	"github.com/fgdesk/fgdesk/app/internal/meeting"
	"github.com/fgdesk/fgdesk/app/internal/register"
	"github.com/fgdesk/fgdesk/app/internal/register/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// TestRegisterLiveUpdates: the register screen shows another officer's
// allocation and receipt, made through a second register handle, within
// a second and without a refresh; on a team server (LISTEN/NOTIFY) and
// on a shared SQLite file (polling).
func TestRegisterLiveUpdates(t *testing.T) {
	for _, engine := range []string{"postgres", "sqlite"} {
		t.Run(engine, func(t *testing.T) {
			f := newFixture(t)
			s := f.win.reg
			db := ""
			if engine == "postgres" {
				db = pgtest.Shared(t).NewDB(t)
				fyne.DoAndWait(func() { s.open(db) })
			} else {
				db = s.reg.Path()
			}
			var path string
			fyne.DoAndWait(func() { path = s.path.Text })
			if s.reg == nil || strings.Contains(path, pgtest.Password) {
				t.Fatalf("screen: %q %v", path, s.openErr)
			}
			other, err := register.Open(db, register.Options{Who: "officer.b", Host: "laptop-b"})
			if err != nil {
				t.Fatal(err)
			}
			defer other.Close()
			p := meeting.Default()
			// The watch is up before the other officer acts.
			time.Sleep(300 * time.Millisecond)
			d, err := other.Allocate(context.Background(), p, register.Request{Title: "Allocated elsewhere", Source: "B"})
			if err != nil {
				t.Fatal(err)
			}
			shows := func(want func(docs []register.Document, msg string) bool) time.Duration {
				start := time.Now()
				for time.Since(start) < 10*time.Second {
					ok := false
					fyne.DoAndWait(func() { ok = want(s.docs, s.message.Text) })
					if ok {
						return time.Since(start)
					}
					time.Sleep(20 * time.Millisecond)
				}
				return -1
			}
			took := shows(func(docs []register.Document, msg string) bool {
				return len(docs) == 1 && docs[0].Name == d.Name && strings.Contains(msg, "allocate") && strings.Contains(msg, "officer.b on laptop-b")
			})
			// No wall-clock bound beyond "it shows up without a
			// refresh": the latency is logged (tens of milliseconds on
			// PostgreSQL, within PollInterval on SQLite).
			if took < 0 {
				t.Fatalf("the other officer's allocation did not show: %+v %q", s.docs, s.message.Text)
			}
			t.Logf("allocation shown after %v", took)
			if _, err := other.Receive(context.Background(), register.ReceiptInput{Series: d.Series, Number: d.Number, Name: d.Name + ".docx", SHA256: strings.Repeat("ab", 32), Size: 10}); err != nil {
				t.Fatal(err)
			}
			took = shows(func(docs []register.Document, msg string) bool {
				return len(docs) == 1 && docs[0].Received() && strings.Contains(msg, "receive")
			})
			if took < 0 {
				t.Fatalf("the receipt did not show: %+v", s.docs)
			}
			t.Logf("receipt shown after %v", took)
		})
	}
}

// TestRegisterServerDown: with the team server stopped, the register
// screen says the register is unavailable (and stays usable), a check
// against the register reports REG-UNAVAILABLE rather than failing, and
// the screen recovers when the server is back; a change made elsewhere
// is noted on the check screen.
func TestRegisterServerDown(t *testing.T) {
	srv := pgtest.Start(t)
	url := srv.NewDB(t)
	f := newFixture(t)
	s := f.win.reg
	fyne.DoAndWait(func() { s.open(url) })
	d, path := allocateAndExport(t, f)

	label := func(want string) bool {
		start := time.Now()
		for time.Since(start) < 10*time.Second {
			var txt string
			fyne.DoAndWait(func() { txt = s.path.Text })
			if strings.Contains(txt, want) {
				return true
			}
			time.Sleep(50 * time.Millisecond)
		}
		return false
	}
	if !label("(team server, live)") {
		t.Fatalf("path line: %q", s.path.Text)
	}
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	if !label("Register unavailable") {
		t.Fatalf("no unavailable notice: %q", s.path.Text)
	}
	if strings.Contains(s.path.Text, pgtest.Password) {
		t.Errorf("password shown: %q", s.path.Text)
	}
	ch := f.win.check
	ch.useRegister.SetChecked(true)
	t0 := time.Now()
	waitRun(t, ch, func() { ch.setPaths([]string{path}) })
	t.Logf("check with the server down took %v", time.Since(t0))
	if len(ch.rows) != 1 {
		t.Fatalf("check rows: %+v", ch.rows)
	}
	var codes []string
	for _, fd := range ch.rows[0].Findings {
		codes = append(codes, fd.Code)
	}
	if !slices.Contains(codes, "REG-UNAVAILABLE") {
		t.Errorf("check with the server down: %v", codes)
	}
	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	if !label("(team server, live)") {
		t.Fatalf("did not recover: %q", s.path.Text)
	}
	// Another officer's receipt is noted on the check screen.
	other, err := register.Open(url, register.Options{Who: "officer.b", Host: "laptop-b"})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.Receive(context.Background(), register.ReceiptInput{Series: d.Series, Number: d.Number, Name: d.Name + ".docx", SHA256: strings.Repeat("cd", 32), Size: 10}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	for {
		var txt string
		fyne.DoAndWait(func() { txt = ch.summary.Text })
		if strings.Contains(txt, "register changed: receive") && strings.Contains(txt, "officer.b on laptop-b") {
			break
		}
		if time.Since(start) > 2*time.Second {
			t.Fatalf("check screen not told: %q", txt)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// allocateAndExport allocates a number on the register screen and
// exports a contribution with it from the compose screen (dated before
// the deadline); it returns the document and the exported file.
func allocateAndExport(t *testing.T, f *fixture) (register.Document, string) {
	t.Helper()
	d, err := f.win.reg.allocate(register.Request{Title: "Outline", Source: "Example"})
	if err != nil {
		t.Fatal(err)
	}
	c := f.win.compose
	c.setModel(&contribution.Model{Number: d.Name[len(d.Name)-4:], Source: "Example", Title: "Outline", Purpose: contribution.Discussion, Abstract: "A.",
		Contacts: []contribution.Contact{{Name: "A", Email: "a@example.com"}}})
	c.exportBtn.OnTapped()
	path := c.lastExport
	when := time.Date(2012, 3, 10, 12, 0, 0, 0, time.UTC)
	os.Chtimes(path, when, when)
	return d, path
}
