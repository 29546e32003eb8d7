package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/fgdesk/fgdesk/app/internal/contribution"
	"github.com/fgdesk/fgdesk/app/internal/markdown"
	"github.com/fgdesk/fgdesk/app/internal/meeting"
	"github.com/fgdesk/fgdesk/app/internal/ooxml"
)

var when = time.Date(2012, 3, 5, 10, 30, 0, 0, time.UTC)

func profile(t testing.TB) *meeting.Profile {
	t.Helper()
	p := meeting.Default()
	if p == nil {
		t.Fatal("no default meeting profile")
	}
	return p
}

func model() *contribution.Model {
	return &contribution.Model{
		Number: "0012", Type: contribution.Input,
		Source:   "Example Networks Ltd (Finland)",
		Title:    "Proposed structure of the Innovation Report",
		WGs:      "WG1",
		Purpose:  contribution.Discussion,
		Abstract: "First paragraph.\n\nSecond paragraph.",
		Keywords: "innovation; gap",
		Contacts: []contribution.Contact{
			{Name: "Maria Virtanen", Organization: "Example Networks Ltd", Country: "Finland", Tel: "+358 40 123 4567", Fax: "+358 9 1", Email: "maria@example.com"},
			{},
			{Name: "Li Wei", Organization: "Example University", Country: "China", Email: "li.wei@example.edu.cn"},
		},
		Body: "## 1 Introduction\n\nText with a [link](https://www.itu.int/).\n\n1. one\n2. two\n\n- a\n- b\n",
	}
}

// write returns the package Write makes, opened as a zip.
func write(t testing.TB, m *contribution.Model, opt WriteOptions) (*zip.Reader, []byte) {
	t.Helper()
	if opt.Now.IsZero() {
		opt.Now = when
	}
	var buf bytes.Buffer
	if err := Write(&buf, m, profile(t), opt); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	return zr, buf.Bytes()
}

func part(t testing.TB, zr *zip.Reader, name string) []byte {
	t.Helper()
	f, err := zr.Open(name)
	if err != nil {
		t.Fatalf("part %s: %v", name, err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// wellFormed decodes every XML part with encoding/xml.
func wellFormed(t testing.TB, zr *zip.Reader) {
	t.Helper()
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, ".xml") && !strings.HasSuffix(f.Name, ".rels") {
			continue
		}
		d := xml.NewDecoder(bytes.NewReader(part(t, zr, f.Name)))
		d.Strict = true
		for {
			_, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s is not well-formed: %v", f.Name, err)
			}
		}
	}
}

// tableCells reads the rows of the first table of document.xml: for each
// cell, its paragraphs' text joined by "\n" (w:tab as "\t", w:br as "\n").
func tableCells(t testing.TB, doc []byte) [][]string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(doc))
	var rows [][]string
	var cell []string
	var para strings.Builder
	depth, inText, inRun := 0, false, false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			switch tok.Name.Local {
			case "tbl":
				depth++
			case "tr":
				rows = append(rows, nil)
			case "tc":
				cell = nil
			case "p":
				para.Reset()
			case "r":
				inRun = true
			case "t":
				inText = true
			case "tab":
				if inRun {
					para.WriteByte('\t')
				}
			case "br":
				para.WriteByte('\n')
			}
		case xml.EndElement:
			switch tok.Name.Local {
			case "tbl":
				return rows // the first table only
			case "p":
				if depth > 0 {
					cell = append(cell, para.String())
				}
			case "tc":
				rows[len(rows)-1] = append(rows[len(rows)-1], strings.Join(cell, "\n"))
			case "t":
				inText = false
			case "r":
				inRun = false
			}
		case xml.CharData:
			if inText {
				para.Write(tok)
			}
		}
	}
	return rows
}

func TestWriteHeaderTable(t *testing.T) {
	zr, _ := write(t, model(), WriteOptions{})
	wellFormed(t, zr)
	got := tableCells(t, part(t, zr, "word/document.xml"))
	want := [][]string{
		{"INTERNATIONAL TELECOMMUNICATION UNION", "innovation-i-0012"},
		{"TELECOMMUNICATION STANDARDIZATION SECTOR", "FOCUS GROUP ON BRIDGING THE GAP: FROM INNOVATION TO STANDARDS"},
		{"STUDY PERIOD 2009-2012", "English only\nOriginal: English"},
		{"WG(s):", "WG1", "Geneva, 19 and 21 March 2012"},
		{"INPUT DOCUMENT"},
		{"Source:", "Example Networks Ltd (Finland)"},
		{"Title:", "Proposed structure of the Innovation Report"},
		{"Contact:", "Maria Virtanen\nExample Networks Ltd\nFinland", "Tel:\t+358 40 123 4567\nFax:\t+358 9 1\nE-mail:\tmaria@example.com"},
		{"Contact:", "Li Wei\nExample University\nChina", "Tel:\t\nFax:\t\nE-mail:\tli.wei@example.edu.cn"},
		{"Purpose:", "Discussion"},
		{"Please don't change the structure of this table, just insert the necessary information."},
		{"Abstract:", "First paragraph.\nSecond paragraph."},
		{"Keywords:", "innovation; gap"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("header table:\n got %q\nwant %q", got, want)
	}
}

func TestWriteTypesAndEmptyContacts(t *testing.T) {
	for _, typ := range contribution.Types {
		m := &contribution.Model{Type: typ}
		zr, _ := write(t, m, WriteOptions{})
		rows := tableCells(t, part(t, zr, "word/document.xml"))
		if rows[0][1] != "innovation-i-nnnn" {
			t.Errorf("no number: shows %q, want the pattern", rows[0][1])
		}
		if rows[4][0] != typ.Label() {
			t.Errorf("type %s: line %q", typ, rows[4][0])
		}
		if rows[7][0] != "Contact:" || rows[8][0] != "Purpose:" {
			t.Errorf("without contacts there must be one empty Contact row: %q", rows[7:9])
		}
	}
}

func TestWriteParts(t *testing.T) {
	dir := t.TempDir()
	img := image.NewGray(image.Rect(0, 0, 40, 20))
	var pngData bytes.Buffer
	png.Encode(&pngData, img)
	os.WriteFile(filepath.Join(dir, "fig.png"), pngData.Bytes(), 0o644)
	m := model()
	m.Body += "\n![Figure 1 – A figure](fig.png)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
	zr, _ := write(t, m, WriteOptions{BaseDir: dir})
	wellFormed(t, zr)
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if !f.Modified.Equal(when) {
			t.Errorf("%s modified %v, want %v", f.Name, f.Modified, when)
		}
	}
	if names[0] != "[Content_Types].xml" || names[1] != "_rels/.rels" {
		t.Errorf("order: %v", names)
	}
	for _, want := range []string{"docProps/core.xml", "docProps/app.xml", "word/document.xml", "word/styles.xml", "word/numbering.xml",
		"word/settings.xml", "word/fontTable.xml", "word/footer1.xml", "word/_rels/document.xml.rels", "word/media/image1.png"} {
		if !contains(names, want) {
			t.Errorf("part %s missing from %v", want, names)
		}
	}
	checks := map[string][]string{
		"[Content_Types].xml": {`<Default Extension="png" ContentType="image/png"/>`, `PartName="/word/footer1.xml"`},
		"word/_rels/document.xml.rels": {
			`Target="https://www.itu.int/" TargetMode="External"`,
			`Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/>`},
		"word/numbering.xml": {`<w:num w:numId="2"><w:abstractNumId w:val="2"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/>`},
		"word/document.xml": {`<w:pgSz w:w="11906" w:h="16838"/>`, `<w:footerReference w:type="default" r:id="rId5"/>`,
			`<w:pStyle w:val="Heading2"/>`, `</w:tbl><w:p/>`},
		"word/footer1.xml":  {"Attention: This is not a publication made available to the public", `<w:fldSimple w:instr=" PAGE ">`, "innovation-i-0012"},
		"docProps/app.xml":  {"<Application>FG Desk</Application>", "<Company>Example Networks Ltd</Company>"},
		"docProps/core.xml": {"<dc:title>Proposed structure of the Innovation Report</dc:title>", "<dc:creator>Maria Virtanen</dc:creator>", "<cp:lastModifiedBy>Maria Virtanen</cp:lastModifiedBy>", `<dcterms:created xsi:type="dcterms:W3CDTF">2012-03-05T10:30:00Z</dcterms:created>`, `<dcterms:modified xsi:type="dcterms:W3CDTF">2012-03-05T10:30:00Z</dcterms:modified>`, "<cp:keywords>innovation; gap</cp:keywords>"},
	}
	for name, wants := range checks {
		data := string(part(t, zr, name))
		for _, w := range wants {
			if !strings.Contains(data, w) {
				t.Errorf("%s lacks %q", name, w)
			}
		}
	}
}

func TestWriteDeterministic(t *testing.T) {
	_, a := write(t, model(), WriteOptions{})
	_, b := write(t, model(), WriteOptions{})
	if !bytes.Equal(a, b) {
		t.Error("two writes of the same model at the same time differ")
	}
}

func TestWriteBlank(t *testing.T) {
	zr, _ := write(t, model(), WriteOptions{Blank: true})
	doc := string(part(t, zr, "word/document.xml"))
	if strings.Contains(doc, "Introduction") || strings.Contains(doc, "Heading2") {
		t.Error("blank export has the body")
	}
	if !strings.Contains(doc, "maria@example.com") {
		t.Error("blank export lacks the header")
	}
	if rels := string(part(t, zr, "word/_rels/document.xml.rels")); strings.Contains(rels, "itu.int") {
		t.Error("blank export keeps the body's hyperlinks")
	}
}

// hostileValue is a value with everything that can break XML or a reader.
const hostileValue = "<b>&amp;\"q\" 'a' ]]> \x00nul \x01\x08\x0b\x1f ctl \ufffe\uffff \xff\xfe bad 😀 标题 مرحبا\r\nline2\tTab"

func TestWriteHostileFields(t *testing.T) {
	m := &contribution.Model{
		Number: "00\x0012", Type: contribution.Type(hostileValue), Source: hostileValue, Title: hostileValue, WGs: hostileValue,
		Purpose: contribution.Purpose(hostileValue), Abstract: hostileValue, Keywords: hostileValue, Body: "# " + hostileValue + "\n\n" + hostileValue,
		Contacts: []contribution.Contact{{Name: hostileValue, Organization: hostileValue, Country: hostileValue, Tel: hostileValue, Fax: hostileValue, Email: hostileValue}},
	}
	zr, _ := write(t, m, WriteOptions{})
	wellFormed(t, zr)
	rows := tableCells(t, part(t, zr, "word/document.xml"))
	clean := ooxml.CleanText(hostileValue)
	if got := rows[5][1]; got != strings.TrimSpace(clean) {
		t.Errorf("Source reads back as %q, want %q", got, clean)
	}
	var core struct {
		Title string `xml:"title"`
	}
	if err := xml.Unmarshal(part(t, zr, "docProps/core.xml"), &core); err != nil {
		t.Fatal(err)
	}
	if core.Title != clean {
		t.Errorf("core title %q, want %q", core.Title, clean)
	}
}

func TestWriteImageErrorWritesNothing(t *testing.T) {
	m := model()
	m.Body = "intro\n\n![x](figures/missing.png)\n"
	var buf bytes.Buffer
	err := Write(&buf, m, profile(t), WriteOptions{BaseDir: t.TempDir()})
	var ie *markdown.ImageError
	if !errors.As(err, &ie) || ie.Line != 3 || !strings.Contains(err.Error(), "figures/missing.png") {
		t.Fatalf("err = %v", err)
	}
	if buf.Len() != 0 {
		t.Errorf("%d bytes written despite the error", buf.Len())
	}
}

func TestWriteNil(t *testing.T) {
	if err := Write(io.Discard, nil, profile(t), WriteOptions{}); err == nil {
		t.Error("nil model accepted")
	}
	if err := Write(io.Discard, model(), nil, WriteOptions{}); err == nil {
		t.Error("nil profile accepted")
	}
}

func TestParseBase(t *testing.T) {
	for name, fsys := range map[string]fstest.MapFS{
		"empty":         {},
		"bad template":  {"fg-base/[Content_Types].xml": {Data: []byte("{{")}, "fg-base/word/document.xml": {Data: []byte("x")}},
		"no document":   {"fg-base/[Content_Types].xml": {Data: []byte("x")}},
		"missing types": {"fg-base/word/document.xml": {Data: []byte("x")}},
	} {
		if _, _, err := parseBase(fsys); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestParas(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", `<w:p><w:pPr><w:pStyle w:val="S"/></w:pPr></w:p>`},
		{"a\nb", `<w:p><w:pPr><w:pStyle w:val="S"/></w:pPr><w:r><w:t xml:space="preserve">a</w:t><w:br/><w:t xml:space="preserve">b</w:t></w:r></w:p>`},
		{"a\n \n\nb", `<w:p><w:pPr><w:pStyle w:val="S"/></w:pPr><w:r><w:t xml:space="preserve">a</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val="S"/></w:pPr><w:r><w:t xml:space="preserve">b</w:t></w:r></w:p>`},
	}
	for _, tt := range tests {
		if got := paras("S", tt.in); got != tt.want {
			t.Errorf("paras(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func BenchmarkWrite(b *testing.B) {
	m := model()
	var body strings.Builder
	for i := range 12 {
		fmt.Fprintf(&body, "## %d Section\n\nSome **text** with a [link](https://www.itu.int/) and more text to fill a line or two of a page in the FG base template.\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n", i)
	}
	m.Body = body.String()
	p := profile(b)
	for b.Loop() {
		if err := Write(io.Discard, m, p, WriteOptions{Now: when}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestWriteHeaderLabels: the written template prints the labels of
// contribution.HeaderLabels in their order, and its note, so the writer and
// the reader share the one description of the header.
func TestWriteHeaderLabels(t *testing.T) {
	m := model()
	m.Purpose = "discussion"
	m.Abstract, m.Keywords = "An abstract.", "innovation"
	_, b := write(t, m, WriteOptions{})
	c, err := ReadBytes(b, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, l := range contribution.HeaderLabels {
		want = append(want, l.Name)
	}
	var got []string
	for _, l := range c.Header.Labels {
		if !slices.Contains(got, l) {
			got = append(got, l)
		}
	}
	if !slices.Equal(got, want) || !c.Header.NoteFound {
		t.Errorf("labels %v note %v; want %v and the note", got, c.Header.NoteFound, want)
	}
}
