package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

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
				for time.Since(start) < 3*time.Second {
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
			if took < 0 || took > time.Second {
				t.Fatalf("the other officer's allocation did not show within a second (%v): %+v %q", took, s.docs, s.message.Text)
			}
			t.Logf("allocation shown after %v", took)
			if _, err := other.Receive(context.Background(), register.ReceiptInput{Series: d.Series, Number: d.Number, Name: d.Name + ".docx", SHA256: strings.Repeat("ab", 32), Size: 10}); err != nil {
				t.Fatal(err)
			}
			took = shows(func(docs []register.Document, msg string) bool {
				return len(docs) == 1 && docs[0].Received() && strings.Contains(msg, "receive")
			})
			if took < 0 || took > time.Second {
				t.Fatalf("the receipt did not show within a second (%v): %+v", took, s.docs)
			}
		})
	}
}
