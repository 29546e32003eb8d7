package docx

import (
	"bytes"
	"errors"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/fgdesk/fgdesk/app/internal/contribution"
	"github.com/fgdesk/fgdesk/app/internal/corpus/hostile"
	"github.com/fgdesk/fgdesk/app/internal/meeting"
	"github.com/fgdesk/fgdesk/app/internal/ooxml"
)

func read(t *testing.T, b []byte) *Content {
	t.Helper()
	c, err := ReadBytes(b, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var wantLabels = []string{"WG(s)", "Source", "Title", "Contact", "Purpose", "Abstract", "Keywords"}

// checkHeader compares the header of a hand-built document with its
// defaults.
func checkHeader(t *testing.T, h *HeaderTable) {
	t.Helper()
	if h == nil {
		t.Fatal("no header")
	}
	if !slices.Equal(h.Labels, wantLabels) {
		t.Errorf("labels = %q", h.Labels)
	}
	want := HeaderTable{
		Labels: h.Labels, DocNumber: "innovation-i-0012",
		GroupLine:   "FOCUS GROUP ON BRIDGING THE GAP: FROM INNOVATION TO STANDARDS",
		StudyPeriod: "2009-2012", EnglishOnly: true, Original: "English",
		PlaceDate: "Geneva, 19 and 21 March 2012", TypeLine: "INPUT DOCUMENT", NoteFound: true,
		Fields: contribution.Model{
			Number: "0012", Type: contribution.Input, Source: "Nokia Siemens Networks",
			Title: "Bridging innovation and standards: a proposal for the work plan",
			Contacts: []contribution.Contact{{Name: "Ajay Example", Organization: "Nokia Siemens Networks", Country: "Finland",
				Tel: "+358 40 123 4567", Fax: "+358 9 123 4568", Email: "ajay.example@nsn.example.com"}},
			WGs: "Plenary", Purpose: contribution.Discussion,
			Abstract: "This contribution proposes a work plan for the focus group.",
			Keywords: "innovation; standards; work plan",
		},
	}
	if !reflect.DeepEqual(*h, want) {
		t.Errorf("header =\n%+v\nwant\n%+v", *h, want)
	}
}

func TestReadHandBuilt(t *testing.T) {
	tests := []struct {
		name string
		doc  hostile.Doc
	}{
		{"plain", hostile.Doc{}},
		{"split runs", hostile.Doc{SplitRuns: true}},
		{"no colons", hostile.Doc{NoColons: true}},
		{"split runs, no colons", hostile.Doc{SplitRuns: true, NoColons: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := read(t, tt.doc.Bytes())
			checkHeader(t, c.Header)
			if len(c.Problems) > 0 {
				t.Errorf("problems: %v", c.Problems)
			}
		})
	}
}

func TestNoteSpellings(t *testing.T) {
	for _, note := range []string{
		"Please don't change the structure of this table, just insert the necessary information.",
		"Please don’t change the structure of this table, just insert the necessary information.",
		"Please do not change the structure of this table, just insert the necessary information.",
		"PLEASE DO NOT CHANGE THE STRUCTURE OF THIS TABLE, JUST INSERT THE NECESSARY INFORMATION.",
		"Please  don\u2019t change the\u00a0structure of this table.",
	} {
		c := read(t, (&hostile.Doc{Note: note}).Bytes())
		if c.Header == nil || !c.Header.NoteFound {
			t.Errorf("note %q not found", note)
		}
	}
	c := read(t, (&hostile.Doc{Note: "-"}).Bytes())
	if c.Header == nil || c.Header.NoteFound {
		t.Errorf("missing note reported found")
	}
	c = read(t, (&hostile.Doc{Note: "Please change the structure of this table as you like."}).Bytes())
	if c.Header.NoteFound {
		t.Errorf("a different note counted as the note")
	}
}

func TestRoundTripWriter(t *testing.T) {
	p := meeting.Default()
	models := []*contribution.Model{
		{Number: "0042", Source: "ACME Corp.", Title: "A title with <angle> & ampersand", WGs: "WG1, WG2", Purpose: contribution.Decision,
			Abstract: "Line one.\n\nLine two.", Keywords: "a, b",
			Contacts: []contribution.Contact{
				{Name: "Jane Roe", Organization: "ACME", Country: "Switzerland", Tel: "+41 22 730 5591", Fax: "+41 22 730 5853", Email: "jane@acme.example"},
				{Name: "Bob Smith", Organization: "Beta Ltd", Country: "United Kingdom", Email: "bob@beta.example"},
			},
			Body: "# Intro\n\nHello *world*.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"},
		{Number: "0001", Type: contribution.Liaison, Source: "TSB", Title: "Liaison", Purpose: contribution.Information,
			Contacts: []contribution.Contact{{Name: "TSB", Email: "tsbfginnovation@itu.int"}}},
	}
	for _, m := range models {
		var buf bytes.Buffer
		if err := Write(&buf, m, p, WriteOptions{Now: time.Date(2012, 3, 1, 9, 0, 0, 0, time.UTC)}); err != nil {
			t.Fatal(err)
		}
		c := read(t, buf.Bytes())
		if len(c.Problems) > 0 {
			t.Errorf("problems: %v", c.Problems)
		}
		h := c.Header
		if h == nil {
			t.Fatal("no header read back")
		}
		got := h.Fields
		want := *m
		want.Body = ""
		want.Type = m.DocType()
		want.Abstract = strings.Join(strings.Fields(strings.ReplaceAll(m.Abstract, "\n\n", "\n")), " ")
		got.Abstract = strings.Join(strings.Fields(got.Abstract), " ")
		if !reflect.DeepEqual(got, want) {
			t.Errorf("fields =\n%+v\nwant\n%+v", got, want)
		}
		if h.DocNumber != "innovation-i-"+m.Number || h.GroupLine != p.Group.HeaderLine || h.StudyPeriod != p.StudyPeriod ||
			h.PlaceDate != p.PlaceDateLine || !h.EnglishOnly || h.Original != "English" || !h.NoteFound || h.TypeLine != m.DocType().Label() {
			t.Errorf("header facts = %+v", h)
		}
		var wantLabels []string
		wantLabels = append(wantLabels, "WG(s)", "Source", "Title")
		for range m.Contacts {
			wantLabels = append(wantLabels, "Contact")
		}
		wantLabels = append(wantLabels, "Purpose", "Abstract", "Keywords")
		if !slices.Equal(h.Labels, wantLabels) {
			t.Errorf("labels = %q", h.Labels)
		}
		if !strings.Contains(c.Text, m.Title) || !strings.Contains(c.Text, "Attention: This is not a publication") {
			t.Errorf("text lacks the title or the footer: %q", c.Text)
		}
		if c.Props.Title != m.Title || c.Props.Application != Application {
			t.Errorf("props = %+v", c.Props)
		}
	}
}

// handMade is a document typed by hand in Word: a two-column table,
// labels without colons, a contact with everything in one cell, the number
// only in the page header, a content control, and "Abstract:" as a
// paragraph after the table.
const handMade = `<?xml version="1.0" encoding="UTF-8"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>
<w:p><w:r><w:t>Some front matter</w:t></w:r></w:p>
<w:tbl>
<w:tr><w:tc><w:p><w:r><w:t>STUDY PERIOD 2009–2012</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>ITU-T Focus Group on Bridging the Gap</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>Original: French</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Geneva, 19-21 March 2012</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>Source</w:t></w:r></w:p></w:tc><w:tc><w:sdt><w:sdtPr><w:alias w:val="x"/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>Example </w:t></w:r><w:r><w:t>University</w:t></w:r></w:p></w:sdtContent></w:sdt></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>TITLE</w:t></w:r></w:p></w:tc><w:tc><w:p><w:hyperlink r:id="x"><w:r><w:t>Linked title</w:t></w:r></w:hyperlink></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>Contact :</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Dr. A. Author</w:t></w:r><w:r><w:br/><w:t>Example University</w:t></w:r></w:p><w:p><w:r><w:t>Phone: +1 555 0100</w:t></w:r></w:p><w:p><w:r><w:t>Email: a.author@example.edu</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc/><w:tc><w:p><w:r><w:t>B. Second</w:t></w:r></w:p><w:p><w:r><w:t>mailto:b.second@example.edu</w:t></w:r></w:p></w:tc></w:tr>
</w:tbl>
<w:p><w:r><w:t xml:space="preserve">Abstract: </w:t></w:r><w:r><w:t>We propose things.</w:t></w:r></w:p>
<w:p><w:r><w:t>Introduction. Title: not a label, this is the body.</w:t></w:r></w:p>
<w:p><w:r><w:t>Source: neither.</w:t></w:r></w:p>
</w:body></w:document>`

func TestReadHandMade(t *testing.T) {
	d := &hostile.Doc{HeaderText: "FG-Innovation-I-0077 (Rev.1)"}
	parts := d.Parts()
	for i := range parts {
		if parts[i].Name == "word/document.xml" {
			parts[i].Data = []byte(handMade)
		}
	}
	c := read(t, hostile.Zip(parts...))
	h := c.Header
	if h == nil {
		t.Fatal("no header")
	}
	if !slices.Equal(h.Labels, []string{"Source", "Title", "Contact", "Abstract"}) {
		t.Errorf("labels = %q", h.Labels)
	}
	f := h.Fields
	if f.Source != "Example University" || f.Title != "Linked title" || f.Abstract != "We propose things." {
		t.Errorf("fields = %+v", f)
	}
	wantContacts := []contribution.Contact{
		{Name: "Dr. A. Author", Organization: "Example University", Tel: "+1 555 0100", Email: "a.author@example.edu"},
		{Name: "B. Second", Email: "b.second@example.edu"},
	}
	if !reflect.DeepEqual(f.Contacts, wantContacts) {
		t.Errorf("contacts = %+v", f.Contacts)
	}
	if h.StudyPeriod != "2009-2012" || h.Original != "French" || h.EnglishOnly || h.PlaceDate != "Geneva, 19-21 March 2012" ||
		h.GroupLine != "ITU-T Focus Group on Bridging the Gap" || h.TypeLine != "" || h.NoteFound {
		t.Errorf("facts = %+v", h)
	}
	if h.DocNumber != "FG-Innovation-I-0077" || f.Number != "0077" {
		t.Errorf("number from the page header = %q %q", h.DocNumber, f.Number)
	}
}

func TestNoHeader(t *testing.T) {
	d := &hostile.Doc{}
	parts := d.Parts()
	for i := range parts {
		if parts[i].Name == "word/document.xml" {
			parts[i].Data = []byte(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Just a letter. Title: none.</w:t></w:r></w:p></w:body></w:document>`)
		}
	}
	c := read(t, hostile.Zip(parts...))
	if c.Header != nil {
		t.Errorf("header found in a letter: %+v", c.Header)
	}
	if c.Text != "Just a letter. Title: none.\n" {
		t.Errorf("text = %q", c.Text)
	}
}

const revisions = `<w:p><w:r><w:t xml:space="preserve">Kept </w:t></w:r>` +
	`<w:ins w:id="1" w:author="Alice" w:date="2012-03-01T00:00:00Z"><w:r><w:t>inserted </w:t></w:r></w:ins>` +
	`<w:del w:id="2" w:author="Bob"><w:r><w:delText>deleted </w:delText></w:r></w:del>` +
	`<w:moveFrom w:id="3" w:author="Alice"><w:r><w:t>movedaway </w:t></w:r></w:moveFrom>` +
	`<w:moveTo w:id="4" w:author="Carol"><w:r><w:t>moved </w:t></w:r></w:moveTo>` +
	`<w:r><w:rPr><w:b/><w:rPrChange w:id="5" w:author="Dave"><w:rPr/></w:rPrChange></w:rPr><w:t>bold</w:t></w:r></w:p>` +
	`<w:p><w:pPr><w:rPr><w:del w:id="6" w:author="Bob"/></w:rPr></w:pPr><w:r><w:t>end</w:t></w:r></w:p>`

func TestTextAndRevisions(t *testing.T) {
	d := &hostile.Doc{
		BodyXML:    revisions + `<mc:AlternateContent><mc:Choice Requires="wps"><w:p><w:r><w:t>in a text box</w:t></w:r></w:p></mc:Choice><mc:Fallback><w:p><w:r><w:t>in a text box</w:t></w:r></w:p></mc:Fallback></mc:AlternateContent>`,
		HeaderText: "Page header text", FooterText: "Page footer text", FootnoteText: "A footnote",
		Comments: []hostile.Comment{{Author: "Alice", Text: "one"}, {Author: "Eve", Text: "two"}, {Author: "Alice", Text: "three"}},
	}
	c := read(t, d.Bytes())
	for _, want := range []string{"Kept inserted moved bold\n", "end\n", "Page header text", "Page footer text", "A footnote", "Nokia Siemens Networks", "ajay.example@nsn.example.com"} {
		if !strings.Contains(c.Text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	for _, not := range []string{"deleted", "movedaway"} {
		if strings.Contains(c.Text, not) {
			t.Errorf("text holds deleted text %q", not)
		}
	}
	if n := strings.Count(c.Text, "in a text box"); n != 1 {
		t.Errorf("text box text appears %d times", n)
	}
	if c.TrackedChanges != 6 || !slices.Equal(c.TrackedAuthors, []string{"Alice", "Bob", "Carol", "Dave"}) {
		t.Errorf("tracked = %d %q", c.TrackedChanges, c.TrackedAuthors)
	}
	if c.Comments != 3 || !slices.Equal(c.CommentAuthors, []string{"Alice", "Eve"}) {
		t.Errorf("comments = %d %q", c.Comments, c.CommentAuthors)
	}
	// The header table is unaffected by the body.
	checkHeader(t, c.Header)
}

func TestTextLimit(t *testing.T) {
	d := &hostile.Doc{Body: []string{strings.Repeat("é", 1000)}}
	c, err := ReadBytes(d.Bytes(), ReadOptions{TextLimit: 101})
	if err != nil {
		t.Fatal(err)
	}
	if !c.TextTruncated || len(c.Text) > 101 || !strings.HasPrefix(c.Text, "INTERNATIONAL") {
		t.Errorf("truncated=%v len=%d", c.TextTruncated, len(c.Text))
	}
	c, _ = ReadBytes(d.Bytes(), ReadOptions{TextLimit: -1})
	if c.Text != "" || c.Header == nil {
		t.Errorf("negative limit kept text or lost the header")
	}
}

func TestFieldsAndObjects(t *testing.T) {
	_, b := hostile.DDEFldSimple()
	c := read(t, b)
	if len(c.Fields) != 1 || !c.Fields[0].Simple || !strings.HasPrefix(strings.TrimSpace(c.Fields[0].Instr), "DDEAUTO") {
		t.Errorf("fldSimple fields = %+v", c.Fields)
	}
	_, b = hostile.DDESplit()
	c = read(t, b)
	if len(c.Fields) != 1 || c.Fields[0].Simple || !strings.HasPrefix(c.Fields[0].Instr, " dDeAuTo c:") || strings.Contains(c.Fields[0].Instr, "result") {
		t.Errorf("complex fields = %+v", c.Fields)
	}
	if strings.Contains(c.Text, "DeAuTo") || !strings.Contains(c.Text, "result") {
		t.Errorf("field instruction leaked into the text or result lost")
	}
	_, b = hostile.MHTMLObject()
	c = read(t, b)
	if len(c.Objects) != 1 || c.Objects[0].Element != "OLEObject" || !c.Objects[0].Link || c.Objects[0].ProgID != "htmlfile" ||
		!strings.HasPrefix(c.Objects[0].Target, "mhtml:") {
		t.Errorf("objects = %+v", c.Objects)
	}
	// Nested fields: the inner field's instruction is separate.
	d := &hostile.Doc{BodyXML: `<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>IF </w:instrText></w:r>` +
		`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>DDE x y</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>` +
		`<w:r><w:instrText> = 1</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>`}
	c = read(t, d.Bytes())
	var instrs []string
	for _, f := range c.Fields {
		instrs = append(instrs, f.Instr)
	}
	if !slices.Equal(instrs, []string{"DDE x y", "IF  = 1"}) {
		t.Errorf("nested fields = %q", instrs)
	}
}

func TestReadHostile(t *testing.T) {
	tests := []struct {
		build func() (string, []byte)
		want  error
	}{
		{hostile.Doctype, ooxml.ErrDoctype},
		{hostile.DeepNesting, ooxml.ErrDepth},
		{hostile.ZipBomb, ooxml.ErrBomb},
		{hostile.SizeLie, ooxml.ErrSizeLie},
	}
	for _, tt := range tests {
		name, b := tt.build()
		c, err := ReadBytes(b, ReadOptions{})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		found := false
		for _, p := range c.Problems {
			found = found || errors.Is(p, tt.want)
		}
		if !found {
			t.Errorf("%s: problems %v, want %v", name, c.Problems, tt.want)
		}
	}
	if _, err := ReadBytes(hostile.Zip(hostile.Part{Name: "a.txt", Data: []byte("x")}), ReadOptions{}); !errors.Is(err, ErrNotWord) {
		t.Errorf("plain zip: %v", err)
	}
}

func TestLongParagraphCapped(t *testing.T) {
	// Varied text (so the ratio check does not fire), 2 bytes a rune.
	var b strings.Builder
	x := uint32(1)
	for b.Len() < 2*maxParaLen {
		x = x*1664525 + 1013904223
		b.WriteRune(rune('À' + x>>27))
	}
	c := read(t, (&hostile.Doc{Body: []string{b.String()}}).Bytes())
	if len(c.Problems) > 0 {
		t.Fatal(c.Problems)
	}
	i := strings.Index(c.Text, b.String()[:100])
	if i < 0 {
		t.Fatal("paragraph not found")
	}
	kept, _, _ := strings.Cut(c.Text[i:], "\n")
	if !utf8.ValidString(kept) || len(kept) > maxParaLen || len(kept) < maxParaLen-1 {
		t.Errorf("paragraph kept %d bytes, valid %v", len(kept), utf8.ValidString(kept))
	}
}

func TestCollapseAndMayContain(t *testing.T) {
	for _, s := range []string{"", "a", "a b", " a", "a ", "a  b", "a\tb", "a\nb", "a\u00a0b", "é  x", "FOCUS GROUP", "x\r"} {
		if got, want := collapse(s), strings.Join(strings.Fields(normSpace(s)), " "); got != want {
			t.Errorf("collapse(%q) = %q, want %q", s, got, want)
		}
	}
	tests := []struct {
		s, sub string
		want   bool
	}{
		{"Study Period: 2009-2012", "period", true},
		{"STUDY PERIOD", "period", true},
		{"Geneva, 19 March", "period", false},
		{"innovation-I-0012", "-i-", true},
		{"innovation-0012", "-i-", false},
		{"ORIGİNAL: English", "original", true}, // non-ASCII: always a candidate
		{"", "x", false},
	}
	for _, tt := range tests {
		if got := mayContain(tt.s, tt.sub); got != tt.want {
			t.Errorf("mayContain(%q, %q) = %v", tt.s, tt.sub, got)
		}
	}
}

func TestTypeWordsAndLabel(t *testing.T) {
	re := regexp.MustCompile(`^[A-Z][A-Z ()-]{2,60}$`)
	for _, s := range []string{"", "AB", "ABC", "INPUT DOCUMENT", "Input document", "A(B)-C", "ÉTUDE", "X" + strings.Repeat("Y", 60), "X" + strings.Repeat("Y", 61), "1AB", "AB1"} {
		if got, want := typeWords(s), re.MatchString(s); got != want {
			t.Errorf("typeWords(%q) = %v, want %v", s, got, want)
		}
	}
	for _, s := range []string{"INPUT DOCUMENT", "input document", "Liaison Statement", "INPUT  DOCUMENT", "ınput document", "OUTPUT", ""} {
		if got, want := isTypeLabel(collapse(s)), contribution.TypeFromLabel(collapse(s)) != ""; got != want {
			t.Errorf("isTypeLabel(%q) = %v, want %v", s, got, want)
		}
	}
}
