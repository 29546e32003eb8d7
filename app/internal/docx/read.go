package docx

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/fgdesk/fgdesk/app/internal/contribution"
	"github.com/fgdesk/fgdesk/app/internal/ooxml"
)

// DefaultTextLimit caps Content.Text when ReadOptions.TextLimit is zero.
const DefaultTextLimit = 4 << 20

// ReadOptions configure reading a Word package.
type ReadOptions struct {
	// TextLimit caps Content.Text in bytes; 0 means DefaultTextLimit,
	// negative means no text is kept.
	TextLimit int
}

// HeaderTable is the first-page header table of an FG document, read by
// label. It has exactly the fields, in the order, of inspect.Header, so
// inspect converts one into the other.
type HeaderTable struct {
	// Labels lists the labels found, normalised ("WG(s)", "Source",
	// "Title", "Contact", "Purpose", "Abstract", "Keywords"), in document
	// order; a label that appears twice (one Contact row per contact) is
	// listed twice.
	Labels []string

	DocNumber   string // as printed, e.g. "innovation-i-0012"
	GroupLine   string // the "FOCUS GROUP ON ..." line
	StudyPeriod string // "2009-2012"
	EnglishOnly bool   // "English only" present
	Original    string // the language after "Original:"
	PlaceDate   string // "Geneva, 19 and 21 March 2012"
	TypeLine    string // "INPUT DOCUMENT"
	// NoteFound: "Please don't/do not change the structure of this table"
	// is present, with either apostrophe.
	NoteFound bool

	// Fields holds Source, Title, Contacts, WGs, Purpose, Abstract,
	// Keywords, the Type from TypeLine and the Number (the digits of
	// DocNumber).
	Fields contribution.Model
}

// FieldCode is one field instruction: a w:fldSimple's w:instr or the
// w:instrText runs of a complex field joined in order.
type FieldCode struct {
	Part   string // the part it is in
	Instr  string // the instruction, e.g. ` DDEAUTO c:\\...`
	Simple bool   // from w:fldSimple
}

// ObjectRef is an embedded or linked object, or an ActiveX control, that
// the WordprocessingML refers to.
type ObjectRef struct {
	Part string // the part holding the element
	// Element is "OLEObject" (VML o:OLEObject), "objectEmbed",
	// "objectLink" or "control" (ActiveX).
	Element string
	ProgID  string
	// Link is true for a linked (not embedded) object.
	Link bool
	// RelID is the r:id of the element; Target the relationship's target
	// (a part name, or the external URL), when it resolves.
	RelID, Target string
}

// Content is what reading a Word package found. Problems are per part:
// reading goes on with the other parts after one fails.
type Content struct {
	// MainPart is the main document part, e.g. "word/document.xml".
	MainPart string
	// Header is nil when no header table was found.
	Header *HeaderTable
	// Text is the text of the body (including tables, content controls,
	// hyperlinks, text boxes and field results), then headers, footers,
	// footnotes and endnotes; paragraphs end with "\n", tabs are "\t".
	Text          string
	TextTruncated bool
	// Props are the core and extended properties.
	Props ooxml.Properties
	// TrackedChanges counts revision marks (w:ins, w:del, w:moveFrom,
	// w:moveTo and property changes) in all story parts.
	TrackedChanges int
	TrackedAuthors []string
	// Comments counts w:comment elements of the comments parts found
	// through the main part's relationships.
	Comments       int
	CommentAuthors []string
	// Fields lists every field instruction of every story part.
	Fields []FieldCode
	// Objects lists OLE objects and ActiveX controls.
	Objects []ObjectRef
	// Problems holds one error per part that could not be read to the end
	// (each wraps an ooxml sentinel: ErrBomb, ErrDoctype, ErrDepth,
	// ErrMalformed, ...).
	Problems []error
}

// Caps on lists built from untrusted input.
const (
	maxFields   = 2000
	maxObjects  = 2000
	maxAuthors  = 100
	maxInstrLen = 2 << 10
	maxParaLen  = 1 << 20 // text kept of one paragraph
)

// ErrNotWord is returned when a package has no main document part.
var ErrNotWord = errors.New("no main document part")

// ReadBytes reads a Word package held in memory, with default limits.
func ReadBytes(b []byte, opt ReadOptions) (*Content, error) {
	p, err := ooxml.OpenBytes(b, ooxml.Limits{})
	if err != nil {
		return nil, err
	}
	return ReadPackage(p, opt)
}

// ReadPackage reads the header table, text, properties, revisions,
// comments, fields and objects of an opened Word package. It returns an
// error only when the package has no main document; everything else that
// goes wrong is in Content.Problems.
func ReadPackage(p *ooxml.Package, opt ReadOptions) (*Content, error) {
	limit := opt.TextLimit
	if limit == 0 {
		limit = DefaultTextLimit
	}
	c := &Content{}
	main, err := p.MainPart()
	if err != nil {
		c.Problems = append(c.Problems, err)
	}
	if main == "" || !p.Has(main) {
		if p.Has("word/document.xml") {
			main = "word/document.xml"
		} else {
			return nil, fmt.Errorf("%w (no officeDocument relationship to an existing part)", ErrNotWord)
		}
	}
	c.MainPart = p.Lookup(main).Name
	r := &reader{c: c, text: textSink{limit: limit}, scratch: scratchPool.Get().(*scratch)}
	r.text.b = sinkBufs.Get().(*[]byte)
	defer r.text.release()
	defer r.releaseScratch()

	rels, err := p.ReadRels(main)
	if err != nil {
		c.Problems = append(c.Problems, err)
	}
	r.mainRels = rels // made a map by relsOf when an object asks

	// The body, collecting the header region.
	r.walk(p, c.MainPart, storyBody)
	c.Header = r.header()

	// The other stories, in the order a reader meets them.
	for _, kind := range []string{"header", "footer", "footnotes", "endnotes"} {
		story := storyOther
		if kind == "header" {
			story = storyHeader
		}
		for _, rel := range rels {
			if rel.TypeName() == kind && rel.Part != "" && p.Has(rel.Part) {
				r.walk(p, rel.Part, story)
			}
		}
	}
	for _, rel := range rels {
		if rel.TypeName() == "glossaryDocument" && rel.Part != "" && p.Has(rel.Part) {
			r.walk(p, rel.Part, storyNoText)
		}
	}
	// A document number printed only in the page header.
	if c.Header != nil && c.Header.DocNumber == "" {
		for _, line := range r.headerPartLines {
			if num, digits := findDocNumber(line); num != "" {
				c.Header.DocNumber, c.Header.Fields.Number = num, digits
				break
			}
		}
	}

	for _, rel := range rels {
		if rel.TypeName() == "comments" && rel.Part != "" && p.Has(rel.Part) {
			r.readComments(p, rel.Part)
		}
	}

	props, err := p.ReadProperties()
	if err != nil {
		c.Problems = append(c.Problems, err)
	}
	c.Props = props
	c.Text, c.TextTruncated = string(*r.text.b), r.text.truncated
	return c, nil
}

// textSink collects text up to a limit, in a pooled buffer: the text
// costs one allocation, its final string.
type textSink struct {
	b         *[]byte
	limit     int
	truncated bool
}

var sinkBufs = sync.Pool{New: func() any { return new([]byte) }}

func (t *textSink) release() {
	if cap(*t.b) <= 1<<20 {
		*t.b = (*t.b)[:0]
		sinkBufs.Put(t.b)
	}
	t.b = nil
}

// addBytes appends b, cut on a rune boundary at the limit.
func (t *textSink) addBytes(b []byte) {
	if t.limit < 0 || len(b) == 0 {
		return
	}
	room := t.limit - len(*t.b)
	if room <= 0 {
		t.truncated = true
		return
	}
	if len(b) > room {
		cut := room
		for cut > 0 && b[cut]&0xC0 == 0x80 {
			cut--
		}
		b = b[:cut]
		t.truncated = true
	}
	*t.b = append(*t.b, b...)
}

// releaseScratch returns the reader's buffers to the pool, unless one
// grew past what is worth keeping.
func (r *reader) releaseScratch() {
	s := r.scratch
	r.scratch = nil
	if cap(s.tbl.text) > 1<<20 || cap(s.tbl.lines) > 1<<14 || len(s.paras) > 64 {
		return
	}
	for i, b := range s.paras {
		if cap(b) > 64<<10 {
			s.paras[i] = nil // a huge paragraph's buffer is not kept
		}
	}
	s.tbl.reset()
	if cap(s.stack) > 1<<12 || cap(s.rows) > 1<<12 || cap(s.cells) > 1<<12 {
		s.stack, s.rows, s.cells = nil, nil, nil
	}
	scratchPool.Put(s)
}

// addAuthorBytes adds a trimmed, non-empty author not yet listed, up to
// maxAuthors; it allocates only for a new author.
func addAuthorBytes(list []string, a []byte) []string {
	a = bytes.TrimSpace(a)
	if len(a) == 0 || len(list) >= maxAuthors {
		return list
	}
	for _, have := range list {
		if have == string(a) {
			return list
		}
	}
	return append(list, string(a))
}

func (r *reader) problem(err error) {
	if err != nil && err != io.EOF {
		r.c.Problems = append(r.c.Problems, err)
	}
}
