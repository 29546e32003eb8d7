package contribution

import (
	"bytes"
	"strings"

	"github.com/fgdesk/fgdesk/app/internal/lang"
)

// The FG header table as the base template defines it (TSB Circular 253
// §9; "What the base template looks like" in docs/circular-253.md): its
// labels in order, which are required, the note under the table and the
// type lines (Type.Label). The writer (package docx and templates/fg-base),
// the reader (docx.Read), the template rules (package rules) and the test
// corpus all use this one description.

// HeaderLabel is one label of the header table.
type HeaderLabel struct {
	// Name is the label as the template prints it, without the colon:
	// "WG(s)", "Source", ...; readers report found labels by Name.
	Name string
	// Required labels must be present in a file's header (TPL-LABELS).
	Required bool
	// Spellings are the lower-case forms a reader accepts at the start of
	// a cell, longest first where one is a prefix of another.
	Spellings []string
}

// HeaderLabels are the labels in the template's order (TPL-LABEL-ORDER).
var HeaderLabels = []HeaderLabel{
	{Name: "WG(s)", Spellings: []string{"working group(s)", "working groups", "working group", "wg(s)", "wgs", "wg"}},
	{Name: "Source", Required: true, Spellings: []string{"source"}},
	{Name: "Title", Required: true, Spellings: []string{"title"}},
	{Name: "Contact", Required: true, Spellings: []string{"contacts", "contact"}},
	{Name: "Purpose", Spellings: []string{"purpose"}},
	{Name: "Abstract", Spellings: []string{"abstract"}},
	{Name: "Keywords", Spellings: []string{"keywords", "key words", "keyword"}},
}

// HeaderNote is the sentence under the table, as the template prints it.
const HeaderNote = "Please don't change the structure of this table, just insert the necessary information."

// headerNoteKey is what IsHeaderNote looks for after normalising.
const headerNoteKey = "please don't change the structure of this table"

var apostrophes = strings.NewReplacer("’", "'", "‘", "'", "`", "'", "´", "'")

// IsHeaderNote reports whether line carries the note in one of its
// spellings: "don't" or "do not", straight or curly apostrophe, any case
// and spacing.
func IsHeaderNote(line string) bool {
	if lang.IsASCII(line) {
		return isHeaderNoteASCII(line)
	}
	s := strings.ToLower(strings.Join(strings.Fields(line), " "))
	s = apostrophes.Replace(s)
	s = strings.ReplaceAll(s, "do not", "don't")
	return strings.Contains(s, headerNoteKey)
}

// isHeaderNoteASCII is IsHeaderNote for an ASCII line, in a stack buffer
// for a line of the note's length: the same steps (fields joined, lower
// case, the ASCII apostrophe, "do not"), one pass each.
func isHeaderNoteASCII(line string) bool {
	var buf [160]byte
	b := buf[:0]
	space := false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case lang.IsSpaceASCII(c):
			space = len(b) > 0
			continue
		case c == '`':
			c = '\''
		default:
			c = lang.LowerASCII(c)
		}
		if space {
			b = append(b, ' ')
			space = false
		}
		b = append(b, c)
	}
	// "do not" becomes "don't" left to right, as strings.ReplaceAll does;
	// the text shrinks, so in place.
	w := 0
	for r := 0; r < len(b); {
		if bytes.HasPrefix(b[r:], doNot) {
			w += copy(b[w:], dont)
			r += len(doNot)
			continue
		}
		b[w] = b[r]
		w++
		r++
	}
	return bytes.Contains(b[:w], []byte(headerNoteKey))
}

var doNot, dont = []byte("do not"), []byte("don't")
