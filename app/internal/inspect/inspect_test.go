package inspect

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fgdesk/fgdesk/app/internal/contribution"
	"github.com/fgdesk/fgdesk/app/internal/corpus/hostile"
	"github.com/fgdesk/fgdesk/app/internal/docx"
	"github.com/fgdesk/fgdesk/app/internal/meeting"
	"github.com/fgdesk/fgdesk/app/internal/ooxml"
)

func inspectBytes(t testing.TB, name string, b []byte) *Facts {
	t.Helper()
	return Bytes(context.Background(), name, b, Options{})
}

func problemKinds(f *Facts) []ProblemKind {
	var out []ProblemKind
	for _, p := range f.Problems {
		out = append(out, p.Kind)
	}
	return out
}

func relTypes(f *Facts) []string {
	var out []string
	for _, r := range f.External {
		out = append(out, r.Type[strings.LastIndexByte(r.Type, '/')+1:])
	}
	return out
}

// expectation of one hostile class.
type expect struct {
	kind       Kind
	problems   []ProblemKind // each must be present
	problemAt  []string      // each must be a Problem.Where
	macros     bool
	autoExec   []string
	external   []string // relationship type names that must be present
	dde        int
	ole        bool
	encrypted  bool
	embedded   map[string]Embedded
	pdfNames   map[string]int
	structural []string
	// actions and attachments, when set, must equal the PDF's.
	actions      []PDFAction
	attachments  []Indicator
	macroEnabled bool
	xlm          bool
	decrypted    bool
	header       bool
	comments     int
	externalData int
}

var hostileExpect = map[string]expect{
	"zip-bomb":        {kind: KindDOCX, problems: []ProblemKind{ProbBomb}, problemAt: []string{"word/document.xml"}},
	"ratio-bomb":      {kind: KindDOCX, problems: []ProblemKind{ProbBomb}, problemAt: []string{"word/media/image1.png"}},
	"size-lie":        {kind: KindDOCX, problems: []ProblemKind{ProbSizeLie}, problemAt: []string{"word/document.xml"}},
	"many-entries":    {kind: KindDOCX, problems: []ProblemKind{ProbTooMany}},
	"zip-slip":        {kind: KindDOCX, problems: []ProblemKind{ProbUnsafeName}, problemAt: []string{"../../evil.txt", "/tmp/evil.txt", `word\evil.xml`}},
	"duplicate":       {kind: KindDOCX, problems: []ProblemKind{ProbDuplicate}, problemAt: []string{"word/document.xml", "Word/Document.XML"}},
	"doctype":         {kind: KindDOCX, problems: []ProblemKind{ProbDoctype}, problemAt: []string{"word/document.xml"}},
	"deep-nesting":    {kind: KindDOCX, problems: []ProblemKind{ProbDepth}, problemAt: []string{"word/document.xml"}},
	"docm":            {kind: KindDOCM, macros: true, autoExec: []string{"AutoOpen"}},
	"macro-docx":      {kind: KindDOCX, macros: true},
	"renamed-vba":     {kind: KindDOCX, macros: true, autoExec: []string{"AutoOpen"}},
	"docm-in-zip":     {kind: KindZIP, autoExec: []string{"AutoOpen (in innovation-i-0912.docm)"}, embedded: map[string]Embedded{"innovation-i-0912.docm": {Name: "innovation-i-0912.docm", Kind: KindDOCM, Macros: true}, "readme.txt": {Name: "readme.txt", Kind: KindText}}},
	"remote-template": {kind: KindDOCX, external: []string{"attachedTemplate"}},
	"mhtml-object":    {kind: KindDOCX, external: []string{"oleObject"}, ole: true},
	"dde-fldsimple":   {kind: KindDOCX, dde: 1},
	"dde-split":       {kind: KindDOCX, dde: 1},
	"encrypted":       {kind: KindEncrypt, encrypted: true},
	"rtf-as-doc":      {kind: KindRTF},
	"pdf-js":          {kind: KindPDF, pdfNames: map[string]int{"JavaScript": 1, "JS": 1, "OpenAction": 1}, structural: []string{"JavaScript@obj 5", "OpenAction@obj 1"}},
	"pdf-hex-js":      {kind: KindPDF, pdfNames: map[string]int{"JavaScript": 1, "JS": 1, "OpenAction": 1}, structural: []string{"JavaScript@obj 5"}},
	"pdf-objstm-js":   {kind: KindPDF, pdfNames: map[string]int{"JavaScript": 0, "JS": 0, "ObjStm": 1}, structural: []string{"JavaScript@obj 5", "JS@obj 5", "OpenAction@obj 1"}},
	"doc-macros":      {kind: KindDOC, macros: true, autoExec: []string{"AutoOpen"}, header: true},

	"clean-pdf-destination":    {kind: KindPDF, pdfNames: map[string]int{"OpenAction": 1, "URI": 4}, actions: []PDFAction{{Type: "URI", Obj: 5, Target: "https://www.itu.int/"}, {Type: "URI", Obj: 6, Target: "mailto:tsbfginnovation@itu.int"}}},
	"pdf-launch-openaction":    {kind: KindPDF, pdfNames: map[string]int{"OpenAction": 1, "Launch": 1}, actions: []PDFAction{{Type: "Launch", Obj: 5, Trigger: "OpenAction", Target: "cmd.exe"}}},
	"pdf-submitform":           {kind: KindPDF, actions: []PDFAction{{Type: "SubmitForm", Obj: 5, Target: "http://evil.example/collect"}}},
	"pdf-file-uri":             {kind: KindPDF, actions: []PDFAction{{Type: "URI", Obj: 5, Target: "file:///C:/Windows/System32/calc.exe"}}},
	"pdf-attachment":           {kind: KindPDF, pdfNames: map[string]int{"EmbeddedFile": 1}, attachments: []Indicator{{Where: "obj 5", Detail: "payload.exe"}}},
	"clean-doc-objectpool":     {kind: KindDOC, header: true},
	"docm-no-vba":              {kind: KindDOCM, macroEnabled: true},
	"xls-xlm-macro":            {kind: KindXLS, xlm: true, autoExec: []string{"Auto_Open (Excel 4.0 defined name)"}},
	"xls-dde-link":             {kind: KindXLS, dde: 1},
	"clean-xls":                {kind: KindXLS},
	"xlsm-xlm-macro":           {kind: KindXLSM, xlm: true, macroEnabled: true, autoExec: []string{"Auto_Open (Excel 4.0 defined name)"}},
	"slk-xlm-macro":            {kind: KindSYLK, xlm: true, autoExec: []string{"Auto_open (SYLK name)"}},
	"slk-dde":                  {kind: KindSYLK, dde: 1},
	"csv-dde":                  {kind: KindText, dde: 1},
	"velvetsweatshop-xlsm":     {kind: KindXLSM, xlm: true, macroEnabled: true, autoExec: []string{"Auto_Open (Excel 4.0 defined name)"}, decrypted: true},
	"velvetsweatshop-docm":     {kind: KindDOCM, macros: true, macroEnabled: true, autoExec: []string{"AutoOpen"}, decrypted: true},
	"encrypted-other-password": {kind: KindEncrypt, encrypted: true},
	"clean-doc97":              {kind: KindDOC, header: true},
	"doc97-review":             {kind: KindDOC, header: true},
	"doc97-dde":                {kind: KindDOC, header: true, dde: 1},
	"xlsx-comments":            {kind: KindXLSX, comments: 1},
	"xlsx-web-query":           {kind: KindXLSX, externalData: 2},
	"pptx-comments":            {kind: KindPPTX, comments: 1},
	"docx-frameset":            {kind: KindDOCX, externalData: 1, external: []string{"frame"}},
	"rtf-objautlink":           {kind: KindRTF, externalData: 1, ole: true},
	"xls-note":                 {kind: KindXLS, comments: 1},
	"ppt-comment":              {kind: KindPPT, comments: 1},
	"nested-zip-bomb":          {kind: KindZIP, problems: []ProblemKind{ProbBomb}},
	"velvetsweatshop-xls":      {kind: KindXLS, xlm: true, autoExec: []string{"Auto_Open (Excel 4.0 defined name)"}, decrypted: true},
	"velvetsweatshop-xls-rc4":  {kind: KindXLS, dde: 1, decrypted: true},
	"encrypted-xls-password":   {kind: KindXLS, encrypted: true},
	"velvetsweatshop-agile":    {kind: KindXLSM, xlm: true, macroEnabled: true, autoExec: []string{"Auto_Open (Excel 4.0 defined name)"}, decrypted: true},
}

func TestHostile(t *testing.T) {
	for _, c := range hostile.All() {
		t.Run(c.Class, func(t *testing.T) {
			want, ok := hostileExpect[c.Class]
			if !ok {
				t.Fatalf("no expectation for class %s", c.Class)
			}
			name, data := c.Build()
			f := inspectBytes(t, name, data)
			if f.Kind != want.kind {
				t.Errorf("kind = %s, want %s", f.Kind, want.kind)
			}
			for _, k := range want.problems {
				if !slices.Contains(problemKinds(f), k) {
					t.Errorf("problems %+v lack %s", f.Problems, k)
				}
			}
			for _, w := range want.problemAt {
				if !slices.ContainsFunc(f.Problems, func(p Problem) bool { return p.Where == w }) {
					t.Errorf("no problem at %q: %+v", w, f.Problems)
				}
			}
			if len(want.problems) == 0 && len(f.Problems) > 0 {
				t.Errorf("unexpected problems %+v", f.Problems)
			}
			if (len(f.Macros) > 0) != want.macros {
				t.Errorf("macros = %+v, want %v", f.Macros, want.macros)
			}
			if !slices.Equal(f.AutoExec, want.autoExec) {
				t.Errorf("auto-exec = %q, want %q", f.AutoExec, want.autoExec)
			}
			for _, typ := range want.external {
				if !slices.Contains(relTypes(f), typ) {
					t.Errorf("external %+v lacks %s", f.External, typ)
				}
			}
			if len(f.DDE) != want.dde {
				t.Errorf("DDE = %+v, want %d", f.DDE, want.dde)
			}
			if (len(f.OLEObjects) > 0) != want.ole {
				t.Errorf("OLE objects = %+v, want %v", f.OLEObjects, want.ole)
			}
			if f.Encrypted != want.encrypted {
				t.Errorf("encrypted = %v", f.Encrypted)
			}
			for name, e := range want.embedded {
				if !slices.Contains(f.Embedded, e) {
					t.Errorf("embedded %+v lacks %s %+v", f.Embedded, name, e)
				}
			}
			if want.pdfNames != nil {
				if f.PDF == nil {
					t.Fatal("no PDF facts")
				}
				for n, c := range want.pdfNames {
					if f.PDF.Names[n] != c {
						t.Errorf("PDF name %s counted %d, want %d (%v)", n, f.PDF.Names[n], c, f.PDF.Names)
					}
				}
				for _, s := range want.structural {
					if !slices.Contains(f.PDF.Structural, s) {
						t.Errorf("structural %q lacks %s", f.PDF.Structural, s)
					}
				}
			}
			if want.kind == KindPDF {
				if !f.PDF.Structure {
					t.Errorf("structural pass failed: %+v", f.Problems)
				}
				if !slices.Equal(f.PDF.Actions, want.actions) && (want.actions != nil || !strings.HasPrefix(c.Class, "pdf-")) {
					t.Errorf("actions = %+v, want %+v", f.PDF.Actions, want.actions)
				}
				if !slices.Equal(f.PDF.Attachments, want.attachments) {
					t.Errorf("attachments = %+v, want %+v", f.PDF.Attachments, want.attachments)
				}
			}
			if want.comments > 0 && f.Comments != want.comments || len(f.CommentAuthors) == 0 && want.comments > 0 {
				t.Errorf("comments = %d by %q, want %d", f.Comments, f.CommentAuthors, want.comments)
			}
			if len(f.ExternalData) != want.externalData {
				t.Errorf("external data = %+v, want %d", f.ExternalData, want.externalData)
			}
			if want.kind == KindDOC && (f.Header != nil) != want.header {
				t.Errorf("header = %+v, want %v (text %.200q)", f.Header, want.header, f.Text)
			}
			if (f.Decrypted != "") != want.decrypted {
				t.Errorf("decrypted = %q, want %v", f.Decrypted, want.decrypted)
			}
			if (len(f.XLM) > 0) != want.xlm {
				t.Errorf("XLM = %+v, want %v", f.XLM, want.xlm)
			}
			if (len(f.MacroEnabled) > 0) != want.macroEnabled && c.Class != "docm" && c.Class != "docm-in-zip" {
				t.Errorf("macro-enabled = %+v, want %v", f.MacroEnabled, want.macroEnabled)
			}
		})
	}
}

func TestCleanFromWriter(t *testing.T) {
	m := &contribution.Model{Number: "0012", Source: "ACME", Title: "A clean contribution", Purpose: contribution.Discussion,
		Abstract: "Short.", Keywords: "k", WGs: "WG1",
		Contacts: []contribution.Contact{{Name: "Jane Roe", Organization: "ACME", Country: "Switzerland", Email: "jane@acme.example"}},
		Body:     "# Introduction\n\nSome *text* with a [link](https://www.itu.int/).\n"}
	var buf bytes.Buffer
	if err := docx.Write(&buf, m, meeting.Default(), docx.WriteOptions{Now: time.Date(2012, 3, 1, 9, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	f := inspectBytes(t, "innovation-i-0012.docx", buf.Bytes())
	if f.Kind != KindDOCX || len(f.Problems) > 0 || len(f.Macros) > 0 || len(f.DDE) > 0 || len(f.OLEObjects) > 0 || f.Encrypted || len(f.AutoExec) > 0 {
		t.Errorf("clean file flagged: %+v", f)
	}
	for _, r := range f.External {
		if !strings.HasSuffix(r.Type, "/hyperlink") {
			t.Errorf("non-hyperlink external relationship %+v", r)
		}
	}
	if f.Header == nil || f.Header.Fields.Number != "0012" || f.Header.Fields.Title != m.Title || !f.Header.NoteFound {
		t.Errorf("header = %+v", f.Header)
	}
	if !strings.Contains(f.Text, "Some text with a link.") {
		t.Errorf("text = %q", f.Text)
	}
	if f.Props.Creator != "Jane Roe" || f.MIME == "" || len(f.SHA256) != 64 {
		t.Errorf("props %+v mime %q sha %q", f.Props, f.MIME, f.SHA256)
	}
}

func TestHandBuiltWord(t *testing.T) {
	d := &hostile.Doc{SplitRuns: true, Note: "Please do not change the structure of this table, just insert the necessary information.",
		Creator: "Ajay", LastModifiedBy: "Bob", Company: "NSN",
		Comments: []hostile.Comment{{Author: "Carol", Text: "fix"}},
		BodyXML:  `<w:p><w:ins w:id="1" w:author="Dan"><w:r><w:t>new</w:t></w:r></w:ins></w:p>`}
	f := inspectBytes(t, "x.docx", d.Bytes())
	h := f.Header
	if h == nil || !h.NoteFound || h.DocNumber != "innovation-i-0012" || len(h.Fields.Contacts) != 1 || !slices.Equal(h.Labels, []string{"WG(s)", "Source", "Title", "Contact", "Purpose", "Abstract", "Keywords"}) {
		t.Fatalf("header = %+v", h)
	}
	if f.Comments != 1 || !slices.Equal(f.CommentAuthors, []string{"Carol"}) || f.TrackedChanges != 1 || !slices.Equal(f.TrackedAuthors, []string{"Dan"}) {
		t.Errorf("comments %d %q tracked %d %q", f.Comments, f.CommentAuthors, f.TrackedChanges, f.TrackedAuthors)
	}
	if f.Props.Creator != "Ajay" || f.Props.LastModifiedBy != "Bob" || f.Props.Company != "NSN" || f.Props.Revision != "3" {
		t.Errorf("props = %+v", f.Props)
	}
}

// xlsxLike builds a minimal package whose main part has the given
// content type.
func xlsxLike(mainCT string, extra ...hostile.Part) []byte {
	parts := []hostile.Part{
		{Name: "[Content_Types].xml", Data: []byte(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/><Override PartName="/xl/workbook.xml" ContentType="` + mainCT + `"/><Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/></Types>`)},
		{Name: "_rels/.rels", Data: []byte(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)},
		{Name: "xl/workbook.xml", Data: []byte(`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>`)},
	}
	return hostile.Zip(append(parts, extra...)...)
}

func TestKinds(t *testing.T) {
	ole := func(n ...*hostile.Node) []byte { return hostile.CFB(n...) }
	filePass := []byte{0x09, 0x08, 0x02, 0x00, 0x00, 0x06, 0x2F, 0x00, 0x02, 0x00, 0x00, 0x00}
	noFilePass := []byte{0x09, 0x08, 0x02, 0x00, 0x00, 0x06, 0x0A, 0x00, 0x00, 0x00}
	tests := []struct {
		name      string
		data      []byte
		kind      Kind
		encrypted bool
	}{
		{"empty", nil, KindEmpty, false},
		{"text", []byte("Hello, wörld.\r\nSecond line\twith a tab.\n"), KindText, false},
		{"utf-16 text", []byte{0xFF, 0xFE, 'h', 0, 'i', 0}, KindText, false},
		{"binary", []byte{0x7F, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0}, KindUnknown, false},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), KindUnknown, false},
		{"rtf", []byte(`{\rtf1\ansi hello}`), KindRTF, false},
		{"pdf", hostile.CleanPDF(), KindPDF, false},
		{"pdf after junk", append([]byte("junk before the header\n"), hostile.CleanPDF()...), KindPDF, false},
		{"plain zip", hostile.Zip(hostile.Part{Name: "a.txt", Data: []byte("a")}), KindZIP, false},
		{"empty zip", hostile.Zip(), KindZIP, false},
		{"xlsx", xlsxLike("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"), KindXLSX, false},
		{"xlsm", xlsxLike("application/vnd.ms-excel.sheet.macroEnabled.main+xml"), KindXLSM, false},
		{"pptm", xlsxLike("application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"), KindPPTM, false},
		{"other opc", xlsxLike("application/x-something+xml"), KindOOXML, false},
		{"docx behind junk", append(bytes.Repeat([]byte{0x90}, 5000), hostile.Zip(hostile.Part{Name: "a.txt", Data: []byte("a")})...), KindZIP, false},
		{"doc", ole(hostile.Stream("WordDocument", hostile.WordDocumentStream(false))), KindDOC, false},
		{"encrypted doc", ole(hostile.Stream("WordDocument", hostile.WordDocumentStream(true))), KindDOC, true},
		{"xls", ole(hostile.Stream("Workbook", noFilePass)), KindXLS, false},
		{"encrypted xls", ole(hostile.Stream("Workbook", filePass)), KindXLS, true},
		{"ppt", ole(hostile.Stream("PowerPoint Document", make([]byte, 100))), KindPPT, false},
		{"encrypted ppt", ole(hostile.Stream("PowerPoint Document", make([]byte, 100)), hostile.Stream("EncryptedSummary", []byte{1})), KindPPT, true},
		{"msg", ole(hostile.Stream("__properties_version1.0", make([]byte, 32))), KindOLE, false},
		{"broken ole", append(append([]byte{}, 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1), make([]byte, 600)...), KindOLE, false},
	}
	for _, tt := range tests {
		f := inspectBytes(t, tt.name, tt.data)
		if f.Kind != tt.kind || f.Encrypted != tt.encrypted {
			t.Errorf("%s: kind %s encrypted %v, want %s %v (problems %+v)", tt.name, f.Kind, f.Encrypted, tt.kind, tt.encrypted, f.Problems)
		}
	}
	f := inspectBytes(t, "t.txt", []byte("Hello text"))
	if f.Text != "Hello text" {
		t.Errorf("text file text = %q", f.Text)
	}
	f = inspectBytes(t, "b.ole", tests[len(tests)-1].data)
	if !slices.Contains(problemKinds(f), ProbMalformed) {
		t.Errorf("broken OLE not reported: %+v", f.Problems)
	}
}

func TestOOXMLIndicators(t *testing.T) {
	// An xlsm with a DDE link, an ActiveX control, an embedded object, an
	// external link path and a vbaProject.bin with Workbook_Open.
	b := xlsxLike("application/vnd.ms-excel.sheet.macroEnabled.main+xml",
		hostile.Part{Name: "xl/externalLinks/externalLink1.xml", Data: []byte(`<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><ddeLink ddeService="cmd" ddeTopic="/c calc"/></externalLink>`)},
		hostile.Part{Name: "xl/externalLinks/_rels/externalLink1.xml.rels", Data: []byte(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" Target="file:///C:/book.xlsx" TargetMode="External"/></Relationships>`)},
		hostile.Part{Name: "xl/activeX/activeX1.xml", Data: []byte(`<ax:ocx xmlns:ax="http://schemas.microsoft.com/office/2006/activeX"/>`)},
		hostile.Part{Name: "xl/embeddings/oleObject1.bin", Data: hostile.CFB(hostile.Stream("\x01Ole10Native", []byte("payload")))},
		hostile.Part{Name: "xl/vbaProject.bin", Data: hostile.VBAProject(hostile.Module{Name: "ThisWorkbook", Source: "Private Sub Workbook_Open()\r\nEnd Sub\r\n"})},
	)
	f := inspectBytes(t, "x.xlsm", b)
	if f.Kind != KindXLSM || len(f.DDE) != 1 || !slices.Equal(f.AutoExec, []string{"Workbook_Open"}) || !slices.Contains(relTypes(f), "externalLinkPath") {
		t.Errorf("facts = kind %s DDE %+v autoexec %q external %+v", f.Kind, f.DDE, f.AutoExec, f.External)
	}
	var ole []string
	for _, o := range f.OLEObjects {
		ole = append(ole, o.Where)
	}
	if !slices.Contains(ole, "xl/embeddings/oleObject1.bin") || !slices.Contains(ole, "xl/activeX/activeX1.xml") {
		t.Errorf("OLE objects = %+v", f.OLEObjects)
	}
	if len(f.Problems) > 0 {
		t.Errorf("problems = %+v", f.Problems)
	}
}

func TestRemoteFieldAndUNC(t *testing.T) {
	d := &hostile.Doc{
		BodyXML: `<w:p><w:fldSimple w:instr=' INCLUDEPICTURE "http://tracker.example/p.png" \d '/></w:p>`,
		DocRels: []hostile.Rel{
			{ID: "rF", Type: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/frame", Target: `\\server\share\frame.html`},
			{ID: "rS", Type: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/subDocument", Target: "../../../sub.docx"},
			{ID: "rI", Type: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image", Target: "media/missing.png"},
		},
		SettingsRels: []hostile.Rel{{ID: "rT", Type: hostile.RelAttTmpl, Target: "file:///C:/Templates/evil.dotm"}},
	}
	f := inspectBytes(t, "x.docx", d.Bytes())
	types := relTypes(f)
	for _, want := range []string{"INCLUDEPICTURE", "frame", "subDocument", "attachedTemplate"} {
		if !slices.Contains(types, want) {
			t.Errorf("external %+v lacks %s", f.External, want)
		}
	}
	if slices.Contains(types, "image") {
		t.Errorf("a missing internal image counted as external: %+v", f.External)
	}
}

func TestDoctypeInUnparsedPart(t *testing.T) {
	d := &hostile.Doc{Extra: []hostile.Part{{Name: "word/styles.xml", Data: []byte(`<?xml version="1.0"?><!DocType x [<!ENTITY a "b">]><w:styles/>`)}}}
	f := inspectBytes(t, "x.docx", d.Bytes())
	if !slices.ContainsFunc(f.Problems, func(p Problem) bool { return p.Kind == ProbDoctype && p.Where == "word/styles.xml" }) {
		t.Errorf("problems = %+v", f.Problems)
	}
}

func TestTooLarge(t *testing.T) {
	_, b := hostile.Contribution("0012")
	f := Bytes(context.Background(), "big.docx", b, Options{Limits: ooxml.Limits{MaxInput: 1000}})
	if !slices.Equal(problemKinds(f), []ProblemKind{ProbTooLarge}) || f.Kind != KindZIP || f.SHA256 == "" {
		t.Errorf("facts = %+v", f)
	}
}

func TestFileReadOnly(t *testing.T) {
	dir := t.TempDir()
	name, data := hostile.Docm()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o444); err != nil {
		t.Fatal(err)
	}
	old := time.Date(2012, 3, 10, 12, 0, 0, 0, time.UTC)
	os.Chtimes(path, old, old)
	f, err := File(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	if f.SHA256 != hex.EncodeToString(sum[:]) || f.Size != int64(len(data)) || !f.ModTime.Equal(old) || f.Name != name || f.Path != path || f.Kind != KindDOCM {
		t.Errorf("facts = %+v", f)
	}
	after, _ := os.ReadFile(path)
	st, _ := os.Stat(path)
	if !bytes.Equal(after, data) || !st.ModTime().Equal(old) {
		t.Error("inspecting changed the file")
	}
	// The same facts from memory.
	g := Bytes(context.Background(), path, data, Options{})
	g.ModTime = f.ModTime
	if g.SHA256 != f.SHA256 || g.Kind != f.Kind || len(g.Macros) != len(f.Macros) {
		t.Errorf("Bytes and File differ: %+v vs %+v", g, f)
	}
	if _, err := File(context.Background(), dir, Options{}); err == nil {
		t.Error("a folder inspected without error")
	}
	if _, err := File(context.Background(), filepath.Join(dir, "missing.docx"), Options{}); err == nil || !strings.Contains(err.Error(), "missing.docx") {
		t.Errorf("missing file: %v", err)
	}
}

func TestFileLargerThanMemoryPath(t *testing.T) {
	// A 20 MiB file goes through the ReaderAt path.
	dir := t.TempDir()
	path := filepath.Join(dir, "big.txt")
	data := bytes.Repeat([]byte("All work and no play makes Jack a dull boy.\n"), (20<<20)/44)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := File(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	if f.Kind != KindText || f.SHA256 != hex.EncodeToString(sum[:]) || !f.TextTruncated || len(f.Text) != TextLimit {
		t.Errorf("kind %s truncated %v len %d", f.Kind, f.TextTruncated, len(f.Text))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := File(ctx, path, Options{}); err == nil {
		t.Error("cancelled inspection of a large file did not fail")
	}
}

// TestBombMemory shows that the 1 GiB bombs cost little: bytes allocated
// while inspecting (an upper bound on the heap they can add) stay far
// under the 64 MB bound, and they are done in well under a second.
func TestBombMemory(t *testing.T) {
	for _, build := range []func() (string, []byte){hostile.ZipBomb, hostile.SizeLie, hostile.RatioBomb, hostile.DeepNesting} {
		name, data := build()
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		start := time.Now()
		f := inspectBytes(t, name, data)
		took := time.Since(start)
		runtime.ReadMemStats(&after)
		alloc := after.TotalAlloc - before.TotalAlloc
		t.Logf("%s: %d bytes in, %d bytes allocated, %s, problems %v", name, len(data), alloc, took, problemKinds(f))
		if alloc > 24<<20 {
			t.Errorf("%s: %d bytes allocated", name, alloc)
		}
		if len(f.Problems) == 0 {
			t.Errorf("%s: no problem", name)
		}
	}
}

func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, data := hostile.Contribution("0012")
	f := Bytes(ctx, "x.docx", data, Options{})
	if !slices.Contains(problemKinds(f), ProbUnsupported) {
		t.Errorf("cancelled inspection not reported: %+v", f.Problems)
	}
}

func TestProblemsCapped(t *testing.T) {
	var parts []hostile.Part
	for i := range 1000 {
		parts = append(parts, hostile.Part{Name: "../" + strings.Repeat("x", i%50) + string(rune('a'+i%26)) + "/" + itoa(i), Store: true})
	}
	f := inspectBytes(t, "slip.zip", hostile.Zip(parts...))
	if len(f.Problems) != maxList+1 || f.Problems[maxList].Kind != ProbUnsupported {
		t.Errorf("%d problems", len(f.Problems))
	}
}

func itoa(i int) string {
	return strings.TrimLeft(string([]byte{byte('0' + i/1000%10), byte('0' + i/100%10), byte('0' + i/10%10), byte('0' + i%10)}), "")
}

// TestConcurrent inspects every hostile file from several goroutines at
// once (run with -race).
func TestConcurrent(t *testing.T) {
	type file struct {
		name string
		data []byte
	}
	var files []file
	for _, c := range hostile.All() {
		switch c.Class {
		case "many-entries", "zip-bomb", "size-lie", "deep-nesting":
			continue // slow under -race, and covered above
		}
		n, d := c.Build()
		files = append(files, file{n, d})
	}
	done := make(chan *Facts)
	for range 4 {
		go func() {
			for _, f := range files {
				done <- inspectBytes(t, f.name, f.data)
			}
		}()
	}
	for range 4 * len(files) {
		if f := <-done; f.Kind == "" {
			t.Error("no kind")
		}
	}
}

func TestPDFInfo(t *testing.T) {
	b := hostile.PDFWithTrailer("/Info 5 0 R ",
		"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>", "<< >>",
		"<< /Title (Work plan) /Author <FEFF004A0061006E0065> /Creator (Writer) /Producer (LibreOffice 7.4) >>")
	f := inspectBytes(t, "x.pdf", b)
	if f.Props.Title != "Work plan" || f.Props.Creator != "Jane" || f.Props.Application != "Writer / LibreOffice 7.4" || f.PDF.Pages != 1 {
		t.Errorf("props %+v pages %d problems %+v", f.Props, f.PDF.Pages, f.Problems)
	}
}

func TestOneProblemPerPart(t *testing.T) {
	// A DOCTYPE at the top of a large document.xml: reported once.
	big := `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` +
		strings.Repeat(`<w:p><w:r><w:t>filler text to make the part larger than one read</w:t></w:r></w:p>`, 2000) + `</w:body></w:document>`
	d := &hostile.Doc{}
	parts := d.Parts()
	for i := range parts {
		if parts[i].Name == "word/document.xml" {
			parts[i].Data = []byte(big)
		}
	}
	f := inspectBytes(t, "x.docx", hostile.Zip(parts...))
	if len(f.Problems) != 1 || f.Problems[0].Kind != ProbDoctype {
		t.Errorf("problems = %+v", f.Problems)
	}
}

// TestFilePooledBuffers: File reads files into pooled buffers; reading
// many different files in a row and from several goroutines at once gives
// exactly the facts of Bytes (run with -race).
func TestFilePooledBuffers(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	want := map[string]string{}
	add := func(name string, data []byte) {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, path)
		want[path] = factsJSON(t, Bytes(context.Background(), path, data, Options{}))
	}
	for _, c := range hostile.All() {
		switch c.Class {
		case "many-entries", "zip-bomb", "size-lie", "deep-nesting":
			continue // slow under -race, and covered above
		}
		n, d := c.Build()
		add(c.Class+"-"+n, d)
	}
	_, d := hostile.Contribution("0012")
	add("innovation-i-0012.docx", d)
	check := func() {
		for _, p := range paths {
			f, err := File(context.Background(), p, Options{})
			if err != nil {
				t.Error(err)
				continue
			}
			if got := factsJSON(t, f); got != want[p] {
				t.Errorf("%s: File gives\n%s\nBytes gives\n%s", p, got, want[p])
			}
		}
	}
	check()
	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go func() { defer wg.Done(); check() }()
	}
	wg.Wait()
}

func factsJSON(t *testing.T, f *Facts) string {
	t.Helper()
	g := *f
	g.ModTime = time.Time{}
	b, err := json.Marshal(g)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestRevocableReaderAt(t *testing.T) {
	r := &revocableReaderAt{ra: memAt("hello")}
	b := make([]byte, 3)
	if n, err := r.ReadAt(b, 1); n != 3 || err != nil || string(b) != "ell" {
		t.Fatalf("%d %v %q", n, err, b)
	}
	r.revoke()
	if n, err := r.ReadAt(b, 0); n != 0 || err == nil {
		t.Fatalf("read after revoke: %d %v", n, err)
	}
	if n, err := memAt("hi").ReadAt(b, 0); n != 2 || err != io.EOF {
		t.Errorf("short memAt read: %d %v", n, err)
	}
}

// TestEntryVerifierChunks: OLE magic and "<!DOCTYPE" are found whatever
// the chunk boundaries (Scan hands over inflated bytes as they come).
func TestEntryVerifierChunks(t *testing.T) {
	ole := append(append([]byte{}, magicOLE...), "rest of the container"...)
	xml := []byte(`<?xml version="1.0"?><!dOcTyPe x [<!ENTITY a "b">]><w:styles/>`)
	clean := []byte(`<?xml version="1.0"?><!-- <!DOCTYP --><w:styles/>`)
	for cut := 0; cut <= len(xml); cut++ {
		for cut2 := cut; cut2 <= len(xml); cut2 += 3 {
			v := entryVerifier{xmlish: true}
			err := v.chunk(xml[:cut])
			if err == nil {
				err = v.chunk(xml[cut:cut2])
			}
			if err == nil {
				err = v.chunk(xml[cut2:])
			}
			if !errors.Is(err, ooxml.ErrDoctype) {
				t.Fatalf("DOCTYPE cut at %d and %d not found", cut, cut2)
			}
			v = entryVerifier{xmlish: true}
			if v.chunk(clean[:min(cut, len(clean))]) != nil || v.chunk(clean[min(cut, len(clean)):]) != nil {
				t.Fatalf("clean part cut at %d refused", cut)
			}
		}
	}
	// One byte at a time.
	v := entryVerifier{xmlish: true}
	var err error
	for i := range xml {
		if err = v.chunk(xml[i : i+1]); err != nil {
			break
		}
	}
	if !errors.Is(err, ooxml.ErrDoctype) {
		t.Fatal("DOCTYPE in one-byte chunks not found")
	}
	for cut := 0; cut <= len(ole); cut++ {
		v := entryVerifier{}
		v.chunk(ole[:cut])
		v.chunk(ole[cut:])
		if v.ole == nil || !bytes.Equal(v.ole.Bytes(), ole) {
			t.Fatalf("OLE magic cut at %d: %v", cut, v.ole)
		}
	}
}
