package fix

import (
	"strings"
	"testing"

	"github.com/fgdesk/fgdesk/app/internal/contribution"
	"github.com/fgdesk/fgdesk/app/internal/corpus/hostile"
	"github.com/fgdesk/fgdesk/app/internal/finding"
)

// tamper builds a hand-made FG document and edits its document.xml.
func tamper(d *hostile.Doc, pairs ...string) []byte {
	doc := d.DocumentXML()
	for i := 0; i+1 < len(pairs); i += 2 {
		doc = strings.Replace(doc, pairs[i], pairs[i+1], 1)
	}
	parts := d.Parts()
	for i := range parts {
		if parts[i].Name == "word/document.xml" {
			parts[i].Data = []byte(doc)
		}
	}
	return hostile.Zip(parts...)
}

// Each mechanical fix clears its finding, and only when asked.
func TestActions(t *testing.T) {
	tests := []struct {
		name   string
		in     []byte
		code   string
		opt    Options
		reread func(t *testing.T, path string)
	}{
		{"group line", (&hostile.Doc{GroupLine: "FOCUS GROUP ON SOMETHING ELSE"}).Bytes(), "TPL-GROUP", Options{Actions: []Action{GroupLine}}, nil},
		{"place and date", (&hostile.Doc{PlaceDate: "Tokyo, 1 April 2013"}).Bytes(), "TPL-PLACE-DATE", Options{Actions: []Action{PlaceDate}}, nil},
		{"study period", (&hostile.Doc{StudyPeriod: "2013-2016"}).Bytes(), "TPL-STUDY-PERIOD", Options{Actions: []Action{StudyPeriod}}, nil},
		{"note", (&hostile.Doc{Note: "-"}).Bytes(), "TPL-NOTE", Options{Actions: []Action{Note}}, nil},
		{"english only missing", tamper(&hostile.Doc{}, `<w:p><w:r><w:t xml:space="preserve">English only</w:t></w:r></w:p>`, ""), "TPL-ENGLISH-ONLY", Options{Actions: []Action{English}}, nil},
		{"original in French", tamper(&hostile.Doc{}, "Original: English", "Original: French"), "TPL-ENGLISH-ONLY", Options{Actions: []Action{English}}, nil},
		{"unknown type line", tamper(&hostile.Doc{}, "INPUT DOCUMENT", "DRAFT DOCUMENT"), "TPL-TYPE-LINE", Options{Actions: []Action{TypeLine}}, nil},
		{"type line missing", tamper(&hostile.Doc{}, `<w:t xml:space="preserve">INPUT DOCUMENT</w:t>`, `<w:t xml:space="preserve"></w:t>`), "TPL-TYPE-LINE", Options{Actions: []Action{TypeLine}}, nil},
		{"contact e-mail missing", (&hostile.Doc{Model: contribution.Model{Contacts: []contribution.Contact{{Name: "Ana Silva", Organization: "Example Labs", Country: "Portugal"}}}}).Bytes(),
			"TPL-CONTACT-NONE", Options{Actions: []Action{ContactEmail}, Fields: contribution.Model{Contacts: []contribution.Contact{{Email: "ana@example.org"}}}},
			func(t *testing.T, path string) {
				c, _ := readHeader(t, path)
				if cs := c.Header.Fields.Contacts; len(cs) != 1 || cs[0].Name != "Ana Silva" || cs[0].Organization != "Example Labs" || cs[0].Email != "ana@example.org" {
					t.Errorf("contact = %+v", cs)
				}
			}},
		{"source and title rows missing", tamper(&hostile.Doc{}, `Source:`, `Origin:`, `Title:`, `Heading:`), "TPL-LABELS",
			Options{Fields: contribution.Model{Source: "Example Labs", Title: "A title"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, before := fixToDir(t, "in.docx", tt.in, Options{Fields: contribution.Model{Number: "0012"}})
			if !finding.Has(before, tt.code) {
				t.Fatalf("input lacks %s: %s", tt.code, codes(before))
			}
			opt := tt.opt
			opt.Fields.Number = "0012"
			res, path, after := fixToDir(t, "in.docx", tt.in, opt)
			if finding.Has(after, tt.code) {
				t.Fatalf("%s still there: %s\nchanges %q\nnot done %q", tt.code, codes(after), res.Changes, res.NotDone)
			}
			if len(res.Changes) == 0 {
				t.Error("no change listed")
			}
			if tt.reread != nil {
				tt.reread(t, path)
			}
		})
	}
}

// The number goes into the empty first-row cell when the table has no
// number at all, and never over the delegate's own text.
func TestNumberPlace(t *testing.T) {
	in := tamper(&hostile.Doc{}, `<w:t xml:space="preserve">innovation-i-0012</w:t>`, `<w:t xml:space="preserve"></w:t>`)
	res, path, fs := fixToDir(t, "in.docx", in, Options{Fields: contribution.Model{Number: "0042"}})
	if c, _ := readHeader(t, path); c.Header.DocNumber != "innovation-i-0042" || !Passes(fs) {
		t.Fatalf("number %q, %s, %q", c.Header.DocNumber, codes(fs), res.NotDone)
	}
	in = tamper(&hostile.Doc{}, `<w:t xml:space="preserve">innovation-i-0012</w:t>`, `<w:t xml:space="preserve">CONFIDENTIAL</w:t>`)
	res, path, _ = fixToDir(t, "in.docx", in, Options{Fields: contribution.Model{Number: "0042"}})
	doc := string(entries(t, mustRead(t, path))["word/document.xml"])
	if !strings.Contains(doc, "CONFIDENTIAL") || len(res.NotDone) == 0 || !strings.Contains(res.NotDone[0], "innovation-i-0042") {
		t.Fatalf("overwrote the delegate's text or said nothing: %q", res.NotDone)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	_, b := readHeader(t, path)
	return b
}
