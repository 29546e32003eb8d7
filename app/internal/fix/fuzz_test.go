package fix

import (
	"testing"

	"github.com/fgdesk/fgdesk/app/internal/contribution"
	"github.com/fgdesk/fgdesk/app/internal/corpus/hostile"
	"github.com/fgdesk/fgdesk/app/internal/docx"
)

// FuzzFix runs the whole fix path (inspect, header edits, clean, accept
// changes, rewrite) on arbitrary bytes: it must never panic, and a copy it
// makes must read back as a Word document with the number stamped.
func FuzzFix(f *testing.F) {
	f.Add(hostile.Minimal())
	f.Add((&hostile.Doc{}).Bytes())
	f.Add(wordShaped("w"))
	f.Add(wordShaped("ns0"))
	f.Add(hostileNoHeader())
	_, docm := hostile.Docm()
	f.Add(docm)
	p := profile(f)
	opt := Options{Profile: p, Actions: append(append(append([]Action{}, Template...), Clean...), AcceptChanges),
		Fields: contribution.Model{Number: "0042", Source: "S", Title: "T", Contacts: []contribution.Contact{{Name: "N", Email: "n@example.org"}}}}
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Bytes("fuzz.docx", data, opt)
		if err != nil {
			return
		}
		c, err := docx.ReadBytes(res.Data, docx.ReadOptions{})
		if err != nil {
			t.Fatalf("copy does not read: %v", err)
		}
		if c.Header == nil || c.Header.Fields.Number != "0042" {
			t.Fatalf("copy's header: %+v (changes %q, not done %q)", c.Header, res.Changes, res.NotDone)
		}
	})
}
