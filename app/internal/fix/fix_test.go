package fix

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fgdesk/fgdesk/app/internal/contribution"
	"github.com/fgdesk/fgdesk/app/internal/corpus/hostile"
	"github.com/fgdesk/fgdesk/app/internal/docx"
	"github.com/fgdesk/fgdesk/app/internal/finding"
)

// beforeDeadline is a moment before the meeting's document deadline.
var beforeDeadline = time.Date(2012, 3, 10, 12, 0, 0, 0, time.UTC)

var fixedNow = time.Date(2012, 3, 10, 9, 0, 0, 0, time.UTC)

// fixToDir runs File on data saved as name in a temp folder and returns
// the result, the copy's path and the pre-flight findings.
func fixToDir(t *testing.T, name string, data []byte, opt Options) (*Result, string, []finding.Finding) {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join(dir, name)
	if err := os.WriteFile(src, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	if opt.Profile == nil {
		opt.Profile = profile(t)
	}
	opt.Now = fixedNow
	res, path, err := File(context.Background(), src, out, opt, false)
	if err != nil {
		t.Fatalf("fix %s: %v", name, err)
	}
	fs, err := Preflight(context.Background(), path, opt.Profile, beforeDeadline)
	if err != nil {
		t.Fatal(err)
	}
	return res, path, fs
}

func codes(fs []finding.Finding) string {
	var out []string
	for _, f := range fs {
		if f.Severity >= finding.Warning {
			out = append(out, f.Code)
		}
	}
	return strings.Join(out, " ")
}

func readHeader(t *testing.T, path string) (*docx.Content, []byte) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	c, err := docx.ReadBytes(data, docx.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return c, data
}

// A python-docx contribution in the FG layout, stamped 0077: the copy
// says innovation-i-0077, passes, keeps every body paragraph and every
// other entry byte for byte.
func TestPythonDocxStampNumber(t *testing.T) {
	in := makeWithPython(t, "fg_layout.py")
	res, path, fs := fixToDir(t, "my contribution.docx", in, Options{Fields: contribution.Model{Number: "0077"}})
	if filepath.Base(path) != "innovation-i-0077.docx" || res.Name != "innovation-i-0077.docx" {
		t.Fatalf("copy is %s", path)
	}
	c, out := readHeader(t, path)
	if c.Header == nil || c.Header.DocNumber != "innovation-i-0077" {
		t.Fatalf("header number = %+v", c.Header)
	}
	if !Passes(fs) {
		t.Fatalf("pre-flight: %s", codes(fs))
	}
	before, after := entries(t, in), entries(t, out)
	for name, b := range before {
		a, ok := after[name]
		switch {
		case !ok:
			t.Errorf("%s missing from the copy", name)
		case name == "word/document.xml" || name == "docProps/core.xml":
		case string(a) != string(b):
			t.Errorf("%s changed", name)
		}
	}
	if len(after) != len(before) {
		t.Errorf("copy has %d entries, input %d", len(after), len(before))
	}
	txt := convertWith(t, path, "txt:Text (encoded):UTF8", ".txt")
	text, _ := os.ReadFile(txt)
	for i := 0; i < 12; i++ {
		want := "Body paragraph number " + itoa(i) + " says"
		if !strings.Contains(string(text), want) {
			t.Errorf("LibreOffice text lacks %q", want)
		}
	}
	if !strings.Contains(string(text), "innovation-i-0077") {
		t.Error("LibreOffice text lacks the number")
	}
}

// A plain report without any header table gets the FG header first and
// its own body after it, readable by LibreOffice and python-docx.
func TestInsertHeaderPlainReport(t *testing.T) {
	png, err := os.ReadFile(filepath.Join("..", "..", "..", "testdata", "figure1.png"))
	if err != nil {
		t.Fatal(err)
	}
	pngPath := filepath.Join(t.TempDir(), "f.png")
	os.WriteFile(pngPath, png, 0o644)
	in := makeWithPython(t, "plain_report.py", pngPath)
	fields := contribution.Model{Number: "0078", Source: "Example Labs", Title: "Report on pilots",
		Contacts: []contribution.Contact{{Name: "Ana Silva", Email: "ana@example.org"}}}
	res, path, fs := fixToDir(t, "report.docx", in, Options{Fields: fields})
	if !res.Inserted {
		t.Fatal("header not inserted")
	}
	if !Passes(fs) {
		t.Fatalf("pre-flight: %s", codes(fs))
	}
	c, out := readHeader(t, path)
	h := c.Header
	if h == nil || h.Fields.Source != "Example Labs" || h.Fields.Title != "Report on pilots" || h.DocNumber != "innovation-i-0078" {
		t.Fatalf("header = %+v", h)
	}
	iHdr, iBody := strings.Index(c.Text, "INTERNATIONAL TELECOMMUNICATION UNION"), strings.Index(c.Text, "This report looks at pilots.")
	if iHdr < 0 || iBody < iHdr || !strings.Contains(c.Text[iBody:], "Pilots help standards.") {
		t.Fatalf("order of header and body wrong:\n%s", c.Text)
	}
	// The original styles are all still there, the FG ones added.
	before, after := entries(t, in), entries(t, out)
	for _, id := range []string{`w:styleId="Heading1"`, `w:styleId="TableGrid"`, `w:styleId="FGHeaderLabel"`} {
		if !strings.Contains(string(after["word/styles.xml"]), id) {
			t.Errorf("styles lack %s", id)
		}
	}
	for name, b := range before {
		if strings.HasPrefix(name, "word/media/") && string(after[name]) != string(b) {
			t.Errorf("%s changed", name)
		}
	}
	// python-docx reads it: two tables (header, report), the image.
	py := pythonDocx(t)
	script := `import docx,sys
d=docx.Document(sys.argv[1])
print(len(d.tables), len(d.inline_shapes), d.sections[0].different_first_page_header_footer)`
	b, err := exec.Command(py, "-c", script, path).CombinedOutput()
	if err != nil || strings.TrimSpace(string(b)) != "2 1 True" {
		t.Fatalf("python-docx: %v %s", err, b)
	}
	txt := convertWith(t, path, "txt:Text (encoded):UTF8", ".txt")
	text, _ := os.ReadFile(txt)
	for _, want := range []string{"innovation-i-0078", "Report on pilots", "1 Scope", "Pilots help standards.", "Please don't change the structure"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("LibreOffice text lacks %q", want)
		}
	}
}

// The header fields may come from a draft instead of flags; without
// them the copy is written and the findings say what is missing.
func TestInsertHeaderWithoutFields(t *testing.T) {
	in := hostileNoHeader()
	res, _, fs := fixToDir(t, "x.docx", in, Options{Fields: contribution.Model{Number: "0079"}})
	if !res.Inserted {
		t.Fatal("not inserted")
	}
	for _, code := range []string{"TPL-SOURCE-EMPTY", "TPL-CONTACT-NONE"} {
		if !finding.Has(fs, code) {
			t.Errorf("pre-flight lacks %s: %s", code, codes(fs))
		}
	}
	if finding.Has(fs, "TPL-NO-HEADER") {
		t.Error("still no header")
	}
}

// hostileNoHeader is a small package with a body and no header table.
func hostileNoHeader() []byte {
	parts := (&hostile.Doc{}).Parts()
	for i := range parts {
		if parts[i].Name == "word/document.xml" {
			parts[i].Data = []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Just text.</w:t></w:r></w:p></w:body></w:document>`)
		}
	}
	return hostile.Zip(parts...)
}

// --clean on a macro-enabled document: no VBA part, relationship or
// macro content type, no SEC-MACRO; without --clean: refused.
func TestCleanDocm(t *testing.T) {
	name, data := hostile.Docm()
	if _, err := Bytes(name, data, Options{Profile: profile(t)}); !errors.Is(err, ErrActive) {
		t.Fatalf("docm without --clean: %v", err)
	}
	res, path, fs := fixToDir(t, name, data, Options{Actions: Clean})
	_, out := readHeader(t, path)
	for n, b := range entries(t, out) {
		if strings.Contains(strings.ToLower(n), "vba") {
			t.Errorf("%s kept", n)
		}
		if strings.HasSuffix(n, ".rels") && strings.Contains(string(b), "vbaProject") {
			t.Errorf("%s still points to VBA", n)
		}
		if n == "[Content_Types].xml" && (strings.Contains(strings.ToLower(string(b)), "macroenabled") || strings.Contains(string(b), "vbaProject")) {
			t.Errorf("content types still macro: %s", b)
		}
	}
	if finding.Has(fs, "SEC-MACRO") || finding.Has(fs, "SEC-AUTOEXEC") {
		t.Fatalf("pre-flight: %s", codes(fs))
	}
	if !strings.Contains(strings.Join(res.Changes, "\n"), "macros removed") {
		t.Errorf("summary: %q", res.Changes)
	}
}

// Comments, personal properties and tracked changes go only when asked.
func TestCleanCommentsPropsChanges(t *testing.T) {
	d := &hostile.Doc{Comments: []hostile.Comment{{Author: "Bob", Text: "fix this"}}, Creator: "Ana Silva", LastModifiedBy: "Bob", Company: "Example",
		BodyXML: `<w:p><w:ins w:id="1" w:author="Bob"><w:r><w:t>kept insertion</w:t></w:r></w:ins><w:del w:id="2" w:author="Bob"><w:r><w:delText>gone deletion</w:delText></w:r></w:del>` +
			`<w:commentRangeStart w:id="0"/><w:r><w:t>commented</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>`}
	data := d.Bytes()
	// Not asked: all still there.
	_, path, fs := fixToDir(t, "a.docx", data, Options{})
	c, _ := readHeader(t, path)
	if c.Comments == 0 || c.TrackedChanges == 0 || c.Props.Creator == "" || !finding.Has(fs, "HYG-COMMENTS") {
		t.Fatalf("cleaned without being asked: %+v %s", c, codes(fs))
	}
	res, path, fs := fixToDir(t, "a.docx", data, Options{Actions: append(append([]Action{}, Clean...), AcceptChanges)})
	c, out := readHeader(t, path)
	if c.Comments != 0 || c.TrackedChanges != 0 || c.Props.Creator != "" || c.Props.LastModifiedBy != "" || c.Props.Company != "" {
		t.Fatalf("not clean: comments %d changes %d props %+v", c.Comments, c.TrackedChanges, c.Props)
	}
	doc := string(entries(t, out)["word/document.xml"])
	if !strings.Contains(doc, "kept insertion") || strings.Contains(doc, "gone deletion") || strings.Contains(doc, "commentReference") {
		t.Fatalf("body: %s", doc)
	}
	if finding.Has(fs, "HYG-COMMENTS") || finding.Has(fs, "HYG-TRACKED-CHANGES") {
		t.Fatalf("pre-flight: %s", codes(fs))
	}
	sum := strings.Join(res.Changes, "\n")
	for _, want := range []string{"comments removed", "tracked changes accepted", "personal properties removed"} {
		if !strings.Contains(sum, want) {
			t.Errorf("summary lacks %q: %s", want, sum)
		}
	}
}

// Every hostile file: a one-line error and no copy.
func TestHostileCorpus(t *testing.T) {
	p := profile(t)
	for _, c := range hostile.All() {
		if hostile.Benign(c.Class) {
			continue // a clean look-alike, or trouble a re-save removes
		}
		t.Run(c.Class, func(t *testing.T) {
			name, data := c.Build()
			dir := t.TempDir()
			src := filepath.Join(dir, name)
			if err := os.WriteFile(src, data, 0o644); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, "out")
			os.Mkdir(out, 0o755)
			_, _, err := File(context.Background(), src, out, Options{Profile: p, Fields: contribution.Model{Number: "0012"}}, false)
			if err == nil {
				t.Fatal("no error")
			}
			if strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), name) {
				t.Errorf("error is not one line naming the file: %q", err)
			}
			if left, _ := os.ReadDir(out); len(left) != 0 {
				t.Errorf("output left: %v", left)
			}
		})
	}
}

// No overwrite unless asked, never over the original.
func TestNoOverwrite(t *testing.T) {
	data := (&hostile.Doc{}).Bytes()
	dir := t.TempDir()
	src := filepath.Join(dir, "innovation-i-0012.docx")
	os.WriteFile(src, data, 0o644)
	opt := Options{Profile: profile(t)}
	if _, _, err := File(context.Background(), src, dir, opt, true); !errors.Is(err, ErrSameFile) {
		t.Fatalf("over the original: %v", err)
	}
	out := t.TempDir()
	if _, _, err := File(context.Background(), src, out, opt, false); err != nil {
		t.Fatal(err)
	}
	if _, _, err := File(context.Background(), src, out, opt, false); !errors.Is(err, ErrExists) {
		t.Fatalf("second time: %v", err)
	}
	if _, _, err := File(context.Background(), src, out, opt, true); err != nil {
		t.Fatalf("--force: %v", err)
	}
	if _, err := Bytes("x.docx", data, Options{Profile: profile(t), Fields: contribution.Model{Number: "12a"}}); !errors.Is(err, ErrNoNumber) {
		t.Fatalf("bad number: %v", err)
	}
}

// wordShaped returns a document the way Word writes one after editing:
// labels split across runs with proofing marks and bookmarks (SplitRuns),
// the Source in a content control, the number as a field result split in
// two runs inside a bookmark, a complex field in the Title, another
// namespace prefix than w: for WordprocessingML, and the study period,
// place and note wrong or missing.
func wordShaped(prefix string) []byte {
	d := &hostile.Doc{SplitRuns: true, DocNumber: "innovation-i-nnnn", StudyPeriod: "2013-2016", PlaceDate: "Tokyo, 1 April 2013", Note: "-",
		Model: contribution.Model{Number: "0001", Title: "Old title"}}
	doc := d.DocumentXML()
	doc = strings.Replace(doc, `<w:r><w:t xml:space="preserve">innovation-i-nnnn</w:t></w:r>`,
		`<w:bookmarkStart w:id="5" w:name="num"/><w:fldSimple w:instr=" DOCPROPERTY num "><w:r><w:rPr><w:b/></w:rPr><w:t>innovation-i-</w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:t>nnnn</w:t></w:r><w:proofErr w:type="spellEnd"/></w:fldSimple><w:bookmarkEnd w:id="5"/>`, 1)
	doc = strings.Replace(doc, `<w:r><w:t xml:space="preserve">Old title</w:t></w:r>`,
		`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TITLE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Old </w:t></w:r><w:r><w:t>title</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>`, 1)
	if prefix != "w" {
		doc = strings.ReplaceAll(doc, "<w:", "<"+prefix+":")
		doc = strings.ReplaceAll(doc, "</w:", "</"+prefix+":")
		doc = strings.ReplaceAll(doc, " w:", " "+prefix+":")
		doc = strings.ReplaceAll(doc, "xmlns:w=", "xmlns:"+prefix+"=")
	}
	parts := d.Parts()
	for i := range parts {
		if parts[i].Name == "word/document.xml" {
			parts[i].Data = []byte(doc)
		}
	}
	return hostile.Zip(parts...)
}

func TestWordShaped(t *testing.T) {
	for _, prefix := range []string{"w", "ns0"} {
		t.Run(prefix, func(t *testing.T) {
			in := wordShaped(prefix)
			if c, err := docx.ReadBytes(in, docx.ReadOptions{}); err != nil || c.Header == nil || c.Header.StudyPeriod != "2013-2016" {
				t.Fatalf("input not read as meant: %v %+v", err, c)
			}
			opt := Options{Actions: Template, Fields: contribution.Model{Number: "0042", Title: "New title"}}
			res, path, fs := fixToDir(t, "Contribution.DOCX", in, opt)
			if !Passes(fs) {
				t.Fatalf("pre-flight: %s\nchanges: %q\nnot done: %q", codes(fs), res.Changes, res.NotDone)
			}
			c, out := readHeader(t, path)
			h := c.Header
			if h.DocNumber != "innovation-i-0042" || h.StudyPeriod != "2009-2012" || !h.NoteFound || h.Fields.Title != "New title" ||
				h.PlaceDate != "Geneva, 19 and 21 March 2012" || h.Fields.Source != "Nokia Siemens Networks" {
				t.Fatalf("header = %+v", h)
			}
			doc := string(entries(t, out)["word/document.xml"])
			for _, keep := range []string{`w:name="num"`, `w:tag w:val="source"`} {
				if !strings.Contains(doc, strings.Replace(keep, "w:", prefix+":", -1)) {
					t.Errorf("copy lost %s", keep)
				}
			}
			if strings.Contains(doc, "DOCPROPERTY") || strings.Contains(doc, " TITLE ") {
				t.Error("the fields replaced by values are still there")
			}
		})
	}
}

// A legacy .doc without LibreOffice: say how, write nothing.
func TestLegacyDocWithoutLibreOffice(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	doc := hostile.CFB(hostile.Stream("WordDocument", make([]byte, 1024)), hostile.Stream("1Table", make([]byte, 512)))
	src := filepath.Join(t.TempDir(), "old.doc")
	os.WriteFile(src, doc, 0o644)
	out := t.TempDir()
	_, _, err := File(context.Background(), src, out, Options{Profile: profile(t), Fields: contribution.Model{Number: "0001"}}, false)
	if !errors.Is(err, ErrLegacy) || !strings.Contains(err.Error(), "install LibreOffice") || !strings.Contains(err.Error(), "old.doc") {
		t.Fatalf("err = %v", err)
	}
	if left, _ := os.ReadDir(out); len(left) != 0 {
		t.Errorf("output left: %v", left)
	}
}
