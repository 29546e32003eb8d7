package export

import (
	"context"
	"testing"
	"time"

	"github.com/fgdesk/fgdesk/app/internal/finding"
	"github.com/fgdesk/fgdesk/app/internal/inspect"
	"github.com/fgdesk/fgdesk/app/internal/rules"
)

// TestPreflightClean checks an export the way the secretariat's checker
// will: the header table is read back field by field, and no rule finds
// anything worse than a note.
func TestPreflightClean(t *testing.T) {
	d := loadSample(t)
	p := profile(t)
	for _, blank := range []bool{false, true} {
		path, err := Export(&d.Contribution, p, t.TempDir(), Options{BaseDir: d.ImageDir(samplePath), Now: when, Blank: blank})
		if err != nil {
			t.Fatal(err)
		}
		f, err := inspect.File(context.Background(), path, inspect.Options{})
		if err != nil {
			t.Fatal(err)
		}
		h := f.Header
		if h == nil {
			t.Fatal("the checker found no header table")
		}
		m := d.Contribution
		if h.DocNumber != "innovation-i-0012" || h.Fields.Title != m.Title || h.Fields.Source != m.Source ||
			h.Fields.Abstract != m.Abstract || len(h.Fields.Contacts) != len(m.Contacts) || h.Fields.Contacts[1] != m.Contacts[1] {
			t.Errorf("header read back as %+v", h)
		}
		asOf := time.Date(2012, 3, 6, 0, 0, 0, 0, time.UTC) // before the deadline
		for _, fd := range rules.Run(f, &rules.Context{Profile: p, AsOf: asOf}).Findings {
			if fd.Severity > finding.Info {
				t.Errorf("blank=%v: %s", blank, fd.String())
			}
		}
	}
}
