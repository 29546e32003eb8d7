package docx

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"sync"
	"text/template"
	"time"

	"github.com/fgdesk/fgdesk/app/internal/contribution"
	"github.com/fgdesk/fgdesk/app/internal/markdown"
	"github.com/fgdesk/fgdesk/app/internal/meeting"
	"github.com/fgdesk/fgdesk/app/internal/ooxml"
	"github.com/fgdesk/fgdesk/templates"
)

// Application is what docProps/app.xml names as the producing program.
const Application = "FG Desk"

// baseRoot is the folder of templates.Base that holds the parts.
const baseRoot = "fg-base"

// WriteOptions tunes Write.
type WriteOptions struct {
	// BaseDir is the folder that image paths in the body are relative to
	// (the draft's folder).
	BaseDir string
	// Blank writes the header table filled in and an empty body, for
	// delegates who continue in Word.
	Blank bool
	// Now is written as the created and modified times (core properties
	// and zip entries). Zero means the current time.
	Now time.Time
}

// Write writes m as a .docx in the FG base template of meeting p.
// Nothing is written to w unless the whole package could be built, so a
// bad image leaves w untouched.
func Write(w io.Writer, m *contribution.Model, p *meeting.Profile, opt WriteOptions) error {
	parts, err := Parts(m, p, opt)
	if err != nil {
		return err
	}
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	var buf bytes.Buffer
	if err := ooxml.WritePackage(&buf, now, parts); err != nil {
		return fmt.Errorf("docx: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// Parts builds the parts of the package Write writes, in order.
func Parts(m *contribution.Model, p *meeting.Profile, opt WriteOptions) ([]ooxml.Part, error) {
	if m == nil || p == nil {
		return nil, fmt.Errorf("docx: no contribution or no meeting profile")
	}
	tmpl, names, err := baseTemplates()
	if err != nil {
		return nil, err
	}
	body := &markdown.Result{}
	if !opt.Blank && strings.TrimSpace(m.Body) != "" {
		body, err = markdown.Render(m.Body, markdown.Options{BaseDir: opt.BaseDir})
		if err != nil {
			return nil, err
		}
	}
	if strings.HasSuffix(body.XML, "</w:tbl>") {
		body.XML += "<w:p/>" // a body may not end with a table
	}
	d := newData(m, p, body, opt.Now)
	parts := make([]ooxml.Part, 0, len(names)+len(body.Media))
	for _, name := range names {
		var b bytes.Buffer
		b.Grow(4096 + len(body.XML))
		if err := tmpl.ExecuteTemplate(&b, name, d); err != nil {
			return nil, fmt.Errorf("docx: template %s: %w", name, err)
		}
		parts = append(parts, ooxml.Part{Name: name, Data: b.Bytes()})
	}
	for _, md := range body.Media {
		parts = append(parts, ooxml.Part{Name: md.Name, Data: md.Data, Store: true})
	}
	return parts, nil
}

// data is what the template parts see.
type data struct {
	M *contribution.Model
	P *meeting.Profile
	// DocNumber is "innovation-i-nnnn" with the number filled in, or the
	// pattern itself when the number is not known yet.
	DocNumber    string
	TypeLine     string // "INPUT DOCUMENT"
	Purpose      string // "Discussion"
	LanguageOnly string // "English only" for a one-language meeting, else ""
	Original     string // "English"
	Contacts     []contribution.Contact
	Creator      string // first contact's name
	Company      string // first contact's organization
	Subject      string
	Created      string // W3CDTF
	Modified     string
	Body         *markdown.Result
}

func newData(m *contribution.Model, p *meeting.Profile, body *markdown.Result, now time.Time) *data {
	if now.IsZero() {
		now = time.Now()
	}
	stamp := now.UTC().Format("2006-01-02T15:04:05Z")
	d := &data{M: m, P: p, Body: body, Created: stamp, Modified: stamp}
	d.DocNumber = p.Documents.Pattern
	if n := strings.TrimSpace(m.Number); n != "" {
		d.DocNumber = p.BaseName(n)
	}
	d.TypeLine = m.DocType().Label()
	d.Purpose = m.Purpose.Label()
	d.Original = "English"
	if len(p.Languages) > 0 {
		d.Original = p.Languages[0]
	}
	if len(p.Languages) <= 1 {
		d.LanguageOnly = d.Original + " only"
	}
	for _, c := range m.Contacts {
		if !c.IsEmpty() {
			d.Contacts = append(d.Contacts, c)
		}
	}
	if len(d.Contacts) == 0 {
		d.Contacts = []contribution.Contact{{}}
	}
	first := m.FirstContact()
	d.Creator = first.Name
	d.Company = first.Organization
	d.Subject = strings.TrimSpace(p.Group.Short + " " + d.DocNumber)
	return d
}

var (
	tmplOnce  sync.Once
	tmplBase  *template.Template
	tmplNames []string
	tmplErr   error
)

// baseTemplates parses every part of templates.Base once.
func baseTemplates() (*template.Template, []string, error) {
	tmplOnce.Do(func() {
		tmplBase, tmplNames, tmplErr = parseBase(templates.Base)
	})
	return tmplBase, tmplNames, tmplErr
}

// parseBase parses the template parts under fg-base in fsys. Each part
// becomes a template named by its part name ("word/document.xml").
func parseBase(fsys fs.FS) (*template.Template, []string, error) {
	root := template.New("").Option("missingkey=error").Funcs(funcs)
	var names []string
	err := fs.WalkDir(fsys, baseRoot, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, baseRoot+"/")
		if _, err := root.New(name).Parse(string(b)); err != nil {
			return err
		}
		names = append(names, name)
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("docx: base template: %w", err)
	}
	if len(names) == 0 || !contains(names, ooxml.ContentTypesName) || !contains(names, path.Join("word", "document.xml")) {
		return nil, nil, fmt.Errorf("docx: base template: %s or word/document.xml missing", ooxml.ContentTypesName)
	}
	return root, names, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// funcs are the template functions. Every value a template prints goes
// through x or paras, which escape it.
var funcs = template.FuncMap{
	"x":     ooxml.EscapeString,
	"paras": paras,
	"row":   func(label, value string) rowData { return rowData{label, value} },
}

// rowData feeds the "row" template: a label cell and a value cell.
type rowData struct{ Label, Value string }

var blankLines = regexp.MustCompile(`\n[ \t]*\n\s*`)

// paras renders text as paragraphs of a style: a blank line starts a new
// paragraph, a single line break becomes w:br. Empty text gives one empty
// paragraph, so a table cell is never without one.
func paras(style, text string) string {
	text = strings.TrimSpace(ooxml.CleanText(text))
	var b []byte
	for _, para := range blankLines.Split(text, -1) {
		b = append(b, `<w:p><w:pPr><w:pStyle w:val="`...)
		b = ooxml.AppendEscaped(b, style, true)
		b = append(b, `"/></w:pPr>`...)
		if para != "" {
			b = append(b, `<w:r>`...)
			b = ooxml.AppendRunText(b, para)
			b = append(b, `</w:r>`...)
		}
		b = append(b, `</w:p>`...)
	}
	return string(b)
}
