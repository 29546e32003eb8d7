// Package contribution owns the contribution model (what a delegate fills in
// the FG base template: number, type, source, title, contacts, WG(s),
// purpose, abstract, keywords and the Markdown body) and the field rules that
// judge it.
//
// The same field rules judge the header table that the checker reads back
// from a .docx: inspect fills a Model from the table, and rules call
// Validate, so the author side and the secretariat agree on every field.
package contribution

import (
	"strings"
	"unicode/utf8"

	"github.com/fgdesk/fgdesk/app/internal/lang"
)

// Type is the document type line of the header table.
type Type string

// Document types the template can show.
const (
	Input     Type = "input"
	Output    Type = "output"
	Temporary Type = "temporary"
	Liaison   Type = "liaison"
)

// Types lists the document types in the order the form offers them.
var Types = []Type{Input, Output, Temporary, Liaison}

// Label returns the line the header table prints, e.g. "INPUT DOCUMENT".
func (t Type) Label() string {
	switch t {
	case Input, "":
		return "INPUT DOCUMENT"
	case Output:
		return "OUTPUT DOCUMENT"
	case Temporary:
		return "TEMPORARY DOCUMENT"
	case Liaison:
		return "LIAISON STATEMENT"
	}
	return strings.ToUpper(string(t))
}

// TypeFromLabel maps a header line back to a Type ("" if it is none).
func TypeFromLabel(label string) Type {
	if collapsedASCII(label) {
		// Upper-casing ASCII is ASCII case: compare without building it.
		for _, t := range Types {
			if lab := t.Label(); len(lab) == len(label) && strings.EqualFold(lab, label) {
				return t
			}
		}
		return ""
	}
	l := strings.ToUpper(strings.Join(strings.Fields(label), " "))
	for _, t := range Types {
		if l == t.Label() {
			return t
		}
	}
	return ""
}

// Valid reports whether t is a known type.
func (t Type) Valid() bool {
	for _, k := range Types {
		if t == k {
			return true
		}
	}
	return false
}

// Purpose says what the author asks the meeting to do.
type Purpose string

// Purposes a contribution can have.
const (
	Discussion  Purpose = "discussion"
	Information Purpose = "information"
	Decision    Purpose = "decision"
)

// Purposes lists the purposes in the order the form offers them.
var Purposes = []Purpose{Discussion, Information, Decision}

// Label returns the purpose as the header table prints it, e.g. "Discussion".
func (p Purpose) Label() string {
	if p == "" {
		return ""
	}
	return strings.ToUpper(string(p[:1])) + string(p[1:])
}

// PurposeFromLabel maps "Discussion", "for decision" etc. back to a Purpose.
func PurposeFromLabel(label string) Purpose {
	if lang.IsASCII(label) {
		for _, p := range Purposes {
			if lang.ContainsFoldASCII(label, string(p)) {
				return p
			}
		}
		return ""
	}
	l := strings.ToLower(label)
	for _, p := range Purposes {
		if strings.Contains(l, string(p)) {
			return p
		}
	}
	return ""
}

// Contact is one row of the header table's Contact block.
type Contact struct {
	Name         string `json:"name"`
	Organization string `json:"organization,omitempty"`
	Country      string `json:"country,omitempty"`
	Tel          string `json:"tel,omitempty"`
	Fax          string `json:"fax,omitempty"`
	Email        string `json:"email"`
}

// IsEmpty reports whether every field of the contact is blank.
func (c Contact) IsEmpty() bool {
	return Blank(c.Name, c.Organization, c.Country, c.Tel, c.Fax, c.Email)
}

// Blank reports whether the concatenation of parts is empty or white
// space only (strings.TrimSpace(strings.Join(parts, "")) == ""), without
// building it.
func Blank(parts ...string) bool {
	for _, p := range parts {
		if strings.TrimSpace(p) == "" {
			continue
		}
		// A valid part with a non-space rune keeps it in the join; invalid
		// bytes may join their neighbours into a space: decide on the join.
		if utf8.ValidString(p) {
			return false
		}
		return strings.TrimSpace(strings.Join(parts, "")) == ""
	}
	return true
}

// Model is one contribution. The JSON form is the body of a draft file.
type Model struct {
	// Number is the document number TSB allocated, "nnnn" (e.g. "0012").
	Number string `json:"number"`
	// Type is the document type line; empty means Input.
	Type     Type      `json:"type,omitempty"`
	Source   string    `json:"source"`
	Title    string    `json:"title"`
	Contacts []Contact `json:"contacts"`
	// WGs lists the working group(s) as typed, e.g. "WG1, WG2"; may be empty.
	WGs      string  `json:"wgs,omitempty"`
	Purpose  Purpose `json:"purpose,omitempty"`
	Abstract string  `json:"abstract,omitempty"`
	Keywords string  `json:"keywords,omitempty"`
	// Body is Markdown: headings, paragraphs, emphasis, lists, tables,
	// links and images (paths relative to the draft's folder).
	Body string `json:"body,omitempty"`
}

// DocType returns the type, defaulting to Input.
func (m *Model) DocType() Type {
	if m.Type == "" {
		return Input
	}
	return m.Type
}

// FirstContact returns the first non-empty contact (the document's creator).
func (m *Model) FirstContact() Contact {
	for _, c := range m.Contacts {
		if !c.IsEmpty() {
			return c
		}
	}
	return Contact{}
}

// Clone returns a deep copy, safe to hand to another goroutine.
func (m *Model) Clone() *Model {
	c := *m
	c.Contacts = append([]Contact(nil), m.Contacts...)
	return &c
}

// KeywordList splits Keywords on commas and semicolons.
func (m *Model) KeywordList() []string {
	var out []string
	for _, k := range strings.FieldsFunc(m.Keywords, func(r rune) bool { return r == ',' || r == ';' }) {
		if k = strings.TrimSpace(k); k != "" {
			out = append(out, k)
		}
	}
	return out
}

// collapsedASCII reports whether s is ASCII with no white space but
// single spaces between words (strings.Join(strings.Fields(s), " ") is s).
func collapsedASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= utf8.RuneSelf || lang.IsSpaceASCII(c) && c != ' ':
			return false
		case c == ' ' && (i == 0 || i == len(s)-1 || s[i+1] == ' '):
			return false
		}
	}
	return true
}
