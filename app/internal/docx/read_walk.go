package docx

import (
	"bytes"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/fgdesk/fgdesk/app/internal/ooxml"
)

// Namespaces the reader matches on.
const (
	nsWordML  = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsWordMLS = "http://purl.oclc.org/ooxml/wordprocessingml/main" // ISO strict
	nsRelsDoc = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsRelsS   = "http://purl.oclc.org/ooxml/officeDocument/relationships"
	nsOffice  = "urn:schemas-microsoft-com:office:office"
	nsMC      = "http://schemas.openxmlformats.org/markup-compatibility/2006"
)

type storyKind int

const (
	storyBody   storyKind = iota // the main document: text and header table
	storyHeader                  // a page header: text, and lines for a document number
	storyOther                   // footers, footnotes, endnotes: text
	storyNoText                  // glossary: fields and objects only
)

// Bounds of the header-region collection.
const (
	maxHeaderBlocks = 60
	maxHeaderRows   = 400
	maxHeaderLines  = 50
)

// reader holds what walking the parts of one package collects.
type reader struct {
	c    *Content
	text textSink
	// Relationships of the main part: as read, and by ID once an object
	// needs one (relsOf).
	mainRels []ooxml.Relationship
	rels     map[string]ooxml.Relationship

	blocks          []*block // top-level body blocks, for the header
	slab            []block  // where addBlock takes blocks from
	seenTable       bool     // a top-level table is among blocks
	regionDone      bool     // a paragraph after it ended the header region
	headerPartLines []string // paragraphs of page headers
	scratch         *scratch // buffers reused across parts and packages
}

// addBlock adds a collected block, taking it from a slab of blocks
// allocated together (a slab is never moved, so the pointers stay
// valid).
func (r *reader) addBlock(b block) *block {
	if len(r.slab) == cap(r.slab) {
		r.slab = make([]block, 0, 8)
		if r.blocks == nil {
			r.blocks = make([]*block, 0, 8)
		}
	}
	r.slab = append(r.slab, b)
	p := &r.slab[len(r.slab)-1]
	r.blocks = append(r.blocks, p)
	return p
}

// block is a top-level body paragraph or table (with nested tables'
// rows flattened into it, in the order they start). A row is the lines
// of each of its cells; a cell without a paragraph is nil.
type block struct {
	table bool
	para  string
	rows  [][][]string
}

// scratch holds the walker's buffers, pooled across packages: they do
// not outlive one ReadPackage, and nothing the Content keeps points into
// them.
type scratch struct {
	paras [][]byte // text of the open paragraphs
	stack []uint8  // the walker's stacks (see walker)
	rows  []int
	cells []cellRef
	tbl   tableSpans
	lower []byte // a header line in lower case (see lineFacts)
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// tableSpans collects the cell text of the top-level table being read:
// every line in one buffer, located by spans, so the table's text
// becomes strings in a handful of allocations when the table ends
// (finishTable) instead of one or more per paragraph.
type tableSpans struct {
	text  []byte
	lines []lineSpan
	cells []int // number of cells of each row
}

// lineSpan is one line of a cell: row and cell index, and its bytes in
// tableSpans.text.
type lineSpan struct {
	row, cell  int
	start, end int
}

// cellRef locates an open cell of the collected table; row < 0 means a
// cell that is not collected.
type cellRef struct{ row, cell int }

func (t *tableSpans) reset() {
	t.text, t.lines, t.cells = t.text[:0], t.lines[:0], t.cells[:0]
}

// addLines adds a paragraph of a cell, one line per "\n"-separated piece
// (an empty paragraph is one empty line).
func (t *tableSpans) addLines(c cellRef, text []byte) {
	for {
		line := text
		i := bytes.IndexByte(text, '\n')
		if i >= 0 {
			line = text[:i]
		}
		start := len(t.text)
		t.text = append(t.text, line...)
		t.lines = append(t.lines, lineSpan{row: c.row, cell: c.cell, start: start, end: len(t.text)})
		if i < 0 {
			return
		}
		text = text[i+1:]
	}
}

// maxSharedTableText is the most table text kept as one string whose
// substrings the header's fields may keep alive; a larger table's lines
// are copied one by one.
const maxSharedTableText = 64 << 10

// rows turns the collected spans into rows of cells of lines.
func (t *tableSpans) rows() [][][]string {
	if len(t.cells) == 0 {
		return nil
	}
	// The lines of a cell are in document order, but a nested table's
	// cells can come between two lines of an outer cell: group them.
	byCell := func(a, b lineSpan) int {
		if a.row != b.row {
			return a.row - b.row
		}
		return a.cell - b.cell
	}
	if !slices.IsSortedFunc(t.lines, byCell) {
		slices.SortStableFunc(t.lines, byCell)
	}
	total := 0
	for _, n := range t.cells {
		total += n
	}
	rows := make([][][]string, len(t.cells))
	cells := make([][]string, total)
	for i, n := range t.cells {
		if n > 0 {
			rows[i], cells = cells[:n:n], cells[n:]
		}
	}
	lines := make([]string, len(t.lines))
	shared := ""
	if len(t.text) <= maxSharedTableText {
		shared = string(t.text)
	}
	for i := 0; i < len(t.lines); {
		j := i
		for j < len(t.lines) && t.lines[j].row == t.lines[i].row && t.lines[j].cell == t.lines[i].cell {
			sp := t.lines[j]
			if len(t.text) <= maxSharedTableText {
				lines[j] = shared[sp.start:sp.end]
			} else {
				lines[j] = string(t.text[sp.start:sp.end])
			}
			j++
		}
		rows[t.lines[i].row][t.lines[i].cell] = lines[i:j:j]
		i = j
	}
	return rows
}

// element kinds kept on the walker's stack.
const (
	kOther uint8 = iota
	kP
	kR
	kT
	kInstr
	kHidden // w:del, w:moveFrom: text inside is not in the document
	kTbl
	kTr
	kTc
)

type fieldState struct {
	instr  strings.Builder
	result bool
}

// walker is the state of one walk over one story part.
type walker struct {
	r          *reader
	p          *ooxml.Package
	d          *ooxml.Decoder
	part       string
	kind       storyKind
	collecting bool // the body: collect the header region's blocks

	stack    []uint8
	paras    [][]byte // text of the open paragraphs (nested in text boxes)
	hidden   int
	inT      bool
	inInstr  bool
	fields   []*fieldState
	tbl      *block // collected top-level table, nil if not collecting
	tblDepth int
	rows     []int     // open rows: index in the collected table, or -1
	cells    []cellRef // open cells
	partRels map[string]ooxml.Relationship
}

// walk tokenizes one story part once, collecting text, revisions,
// fields, objects and (for the body) the header region. It works on the
// decoder's byte slices: a paragraph becomes a string only when the
// header region or a page header keeps it.
func (r *reader) walk(p *ooxml.Package, part string, kind storyKind) {
	d, cl, err := p.XML(part)
	if err != nil {
		r.problem(err)
		return
	}
	defer cl.Close()
	s := r.scratch
	w := &walker{r: r, p: p, d: d, part: part, kind: kind, collecting: kind == storyBody,
		paras: s.paras[:0], stack: s.stack[:0], rows: s.rows[:0], cells: s.cells[:0]}
	defer func() {
		// Keep the grown buffers for the next part.
		s.paras = w.paras[:cap(w.paras)]
		s.stack, s.rows, s.cells = w.stack[:0], w.rows[:0], w.cells[:0]
	}()
	w.tokens()
	if w.tbl != nil {
		w.finishTable() // a truncated part: keep the rows read
	}
	// Fields left open by a truncated part still count.
	for _, f := range w.fields {
		w.addField(f.instr.String(), false)
	}
}

// tokens reads the part to its end (or its first error).
func (w *walker) tokens() {
	for {
		tk, err := w.d.Next()
		if err != nil {
			if err != io.EOF {
				w.r.problem(err)
			}
			return
		}
		switch tk {
		case ooxml.StartTag:
			if !w.start() {
				return
			}
		case ooxml.EndTag:
			w.end()
		case ooxml.Text:
			w.text()
		}
	}
}

// start handles a start tag; false means the part cannot be read on.
func (w *walker) start() bool {
	d := w.d
	k := kOther
	switch d.Space() {
	case nsWordML, nsWordMLS:
		k = w.startWord()
	case nsOffice:
		if string(d.Local()) == "OLEObject" {
			w.addObject(ObjectRef{Element: "OLEObject", ProgID: string(d.Attr("ProgID")), Link: string(d.Attr("Type")) == "Link", RelID: relID(d)})
		}
	case nsMC:
		if string(d.Local()) == "Fallback" {
			// The Choice branch already holds the same content.
			if err := d.Skip(); err != nil {
				w.r.problem(err)
				return false
			}
			return true
		}
	}
	w.stack = append(w.stack, k)
	return true
}

// startWord handles a WordprocessingML start tag and returns the kind
// of element to keep on the stack.
func (w *walker) startWord() uint8 {
	d := w.d
	switch string(d.Local()) {
	case "p":
		w.openPara()
		return kP
	case "r":
		return kR
	case "t":
		w.inT = true
		return kT
	case "instrText":
		w.inInstr = true
		return kInstr
	case "tab":
		if top(w.stack) == kR {
			w.emit(tab)
		}
	case "br", "cr":
		if top(w.stack) == kR {
			w.emit(newline)
		}
	case "noBreakHyphen":
		w.emit(hyphen)
	case "del", "moveFrom":
		w.r.revision(d)
		w.hidden++
		return kHidden // its runs are not in the document's text
	case "ins", "moveTo", "rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "trPrChange", "tcPrChange",
		"tblGridChange", "numberingChange", "cellIns", "cellDel", "cellMerge":
		w.r.revision(d)
	case "fldSimple":
		w.addField(string(d.Attr("instr")), true)
	case "fldChar":
		w.fieldChar(string(d.Attr("fldCharType")))
	case "objectEmbed":
		w.addObject(ObjectRef{Element: "objectEmbed", ProgID: string(d.Attr("progId")), RelID: relID(d)})
	case "objectLink":
		w.addObject(ObjectRef{Element: "objectLink", ProgID: string(d.Attr("progId")), Link: true, RelID: relID(d)})
	case "control":
		w.addObject(ObjectRef{Element: "control", ProgID: string(d.Attr("name")), RelID: relID(d)})
	case "tbl":
		w.openTable()
		return kTbl
	case "tr":
		w.openRow()
		return kTr
	case "tc":
		w.openCell()
		return kTc
	}
	return kOther
}

// openPara starts the text of a paragraph, in a reused buffer.
func (w *walker) openPara() {
	if len(w.paras) < cap(w.paras) {
		w.paras = w.paras[:len(w.paras)+1]
		w.paras[len(w.paras)-1] = w.paras[len(w.paras)-1][:0]
	} else {
		w.paras = append(w.paras, make([]byte, 0, 256))
	}
}

// fieldChar follows a complex field's begin, separate and end marks.
func (w *walker) fieldChar(typ string) {
	switch typ {
	case "begin":
		if len(w.fields) < 64 {
			w.fields = append(w.fields, &fieldState{})
		}
	case "separate":
		if len(w.fields) > 0 {
			w.fields[len(w.fields)-1].result = true
		}
	case "end":
		if len(w.fields) > 0 {
			f := w.fields[len(w.fields)-1]
			w.fields = w.fields[:len(w.fields)-1]
			w.addField(f.instr.String(), false)
		}
	}
}

// openTable starts collecting a top-level table of the header region.
func (w *walker) openTable() {
	r := w.r
	if w.collecting && !r.regionDone && w.tbl == nil && len(r.blocks) < maxHeaderBlocks && len(w.paras) == 0 {
		w.tbl = r.addBlock(block{table: true})
		r.seenTable = true
		r.scratch.tbl.reset()
	}
	if w.tbl != nil {
		w.tblDepth++
	}
}

// finishTable turns the collected table's spans into its rows.
func (w *walker) finishTable() {
	w.tbl.rows = w.r.scratch.tbl.rows()
	w.tbl = nil
}

func (w *walker) openRow() {
	if t := &w.r.scratch.tbl; w.tbl != nil && len(t.cells) < maxHeaderRows {
		w.rows = append(w.rows, len(t.cells))
		t.cells = append(t.cells, 0)
	} else {
		w.rows = append(w.rows, -1)
	}
}

func (w *walker) openCell() {
	if n := len(w.rows); n > 0 && w.rows[n-1] >= 0 {
		row := w.rows[n-1]
		t := &w.r.scratch.tbl
		w.cells = append(w.cells, cellRef{row: row, cell: t.cells[row]})
		t.cells[row]++
	} else {
		w.cells = append(w.cells, cellRef{row: -1})
	}
}

// end handles an end tag: it closes what the matching start opened.
func (w *walker) end() {
	if len(w.stack) == 0 {
		return
	}
	k := w.stack[len(w.stack)-1]
	w.stack = w.stack[:len(w.stack)-1]
	switch k {
	case kP:
		w.closePara()
	case kT:
		w.inT = false
	case kInstr:
		w.inInstr = false
	case kHidden:
		w.hidden--
	case kTbl:
		if w.tbl != nil {
			w.tblDepth--
			if w.tblDepth == 0 {
				w.finishTable()
			}
		}
	case kTr:
		if len(w.rows) > 0 {
			w.rows = w.rows[:len(w.rows)-1]
		}
	case kTc:
		if len(w.cells) > 0 {
			w.cells = w.cells[:len(w.cells)-1]
		}
	}
}

// closePara adds a finished paragraph to the text and keeps it where
// the header needs it: a page header's lines, a collected table cell, or
// a top-level block of the header region.
func (w *walker) closePara() {
	r := w.r
	n := len(w.paras)
	text := w.paras[n-1]
	w.paras = w.paras[:n-1]
	if w.kind != storyNoText {
		r.text.addBytes(text)
		r.text.addBytes(newline)
	}
	switch {
	case w.kind == storyHeader && len(r.headerPartLines) < maxHeaderLines:
		// Only a header table without a document number reads them.
		if h := r.c.Header; h != nil && h.DocNumber == "" {
			r.headerPartLines = append(r.headerPartLines, string(text))
		}
	case len(w.cells) > 0:
		if c := w.cells[len(w.cells)-1]; c.row >= 0 {
			r.scratch.tbl.addLines(c, text)
		}
	case w.collecting && !r.regionDone && w.tblDepth == 0 && n == 1 && len(w.stack) > 0 && len(r.blocks) < maxHeaderBlocks:
		p := string(text)
		r.addBlock(block{para: p})
		// Blocks after the end of the header region are never read (see
		// region): stop collecting them.
		r.regionDone = r.seenTable && endsRegion(p)
	}
}

// text handles character data: a run's text, or a field's instruction.
func (w *walker) text() {
	switch {
	case w.inT && w.hidden == 0:
		w.emit(w.d.Text())
	case w.inInstr && len(w.fields) > 0:
		t := w.d.Text()
		f := w.fields[len(w.fields)-1]
		if !f.result && f.instr.Len() < maxInstrLen {
			f.instr.Write(t[:min(len(t), maxInstrLen-f.instr.Len())])
		}
	}
}

// emit adds text to the innermost paragraph, whole runes up to
// maxParaLen.
func (w *walker) emit(t []byte) {
	n := len(w.paras)
	if n == 0 || len(w.paras[n-1]) >= maxParaLen {
		return
	}
	cut := min(len(t), maxParaLen-len(w.paras[n-1]))
	for cut > 0 && cut < len(t) && t[cut]&0xC0 == 0x80 {
		cut-- // keep whole runes
	}
	w.paras[n-1] = append(w.paras[n-1], t[:cut]...)
}

// relsOf returns the relationships of the part being walked, read once.
func (w *walker) relsOf() map[string]ooxml.Relationship {
	if r := w.r; w.part == r.c.MainPart {
		if r.rels == nil {
			r.rels = make(map[string]ooxml.Relationship, len(r.mainRels))
			for _, rel := range r.mainRels {
				r.rels[rel.ID] = rel
			}
		}
		return r.rels
	}
	if w.partRels == nil {
		w.partRels = map[string]ooxml.Relationship{}
		rels, err := w.p.ReadRels(w.part)
		w.r.problem(err)
		for _, rel := range rels {
			w.partRels[rel.ID] = rel
		}
	}
	return w.partRels
}

func (w *walker) addObject(o ObjectRef) {
	c := w.r.c
	if len(c.Objects) >= maxObjects {
		return
	}
	o.Part = w.part
	if o.RelID != "" {
		if rel, ok := w.relsOf()[o.RelID]; ok {
			o.Target = rel.Part
			if o.Target == "" {
				o.Target = rel.Target
			}
		}
	}
	c.Objects = append(c.Objects, o)
}

func (w *walker) addField(instr string, simple bool) {
	if c := w.r.c; len(c.Fields) < maxFields {
		c.Fields = append(c.Fields, FieldCode{Part: w.part, Instr: instr, Simple: simple})
	}
}

var (
	tab     = []byte("\t")
	newline = []byte("\n")
	hyphen  = []byte("-")
)

func top(stack []uint8) uint8 {
	if len(stack) == 0 {
		return kOther
	}
	return stack[len(stack)-1]
}

func relID(d *ooxml.Decoder) string {
	if v := d.AttrNS(nsRelsDoc, "id"); len(v) > 0 {
		return string(v)
	}
	return string(d.AttrNS(nsRelsS, "id"))
}

// revision counts one tracked change and its author.
func (r *reader) revision(d *ooxml.Decoder) {
	r.c.TrackedChanges++
	r.c.TrackedAuthors = addAuthorBytes(r.c.TrackedAuthors, d.Attr("author"))
}

// readComments counts the comments of one comments part.
func (r *reader) readComments(p *ooxml.Package, part string) {
	d, cl, err := p.XML(part)
	if err != nil {
		r.problem(err)
		return
	}
	defer cl.Close()
	for {
		k, err := d.Next()
		if err != nil {
			r.problem(err)
			return
		}
		if k == ooxml.StartTag && string(d.Local()) == "comment" && (d.Space() == nsWordML || d.Space() == nsWordMLS) {
			r.c.Comments++
			r.c.CommentAuthors = addAuthorBytes(r.c.CommentAuthors, d.Attr("author"))
		}
	}
}
