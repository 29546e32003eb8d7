package docx

import (
	"bytes"
	"io"
	"strings"

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
	rels map[string]ooxml.Relationship // of the main part

	blocks          []*block // top-level body blocks, for the header
	seenTable       bool     // a top-level table is among blocks
	regionDone      bool     // a paragraph after it ended the header region
	headerPartLines []string // paragraphs of page headers
	paraBufs        [][]byte // paragraph buffers, reused across parts
}

// block is a top-level body paragraph or table (with nested tables'
// rows flattened into it, in the order they start).
type block struct {
	table bool
	para  string
	rows  []*hrow
}

type hrow struct {
	cells [][]string // lines of each cell
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
	c := r.c
	var (
		stack    []uint8
		paras    [][]byte // text of the open paragraphs (nested in text boxes)
		hidden   int
		inT      bool
		inInstr  bool
		fields   []*fieldState
		tbl      *block // collected top-level table, nil if not collecting
		tblDepth int
		rows     []*hrow
		cells    []*[]string
		partRels map[string]ooxml.Relationship
	)
	paras = r.paraBufs[:0]
	defer func() {
		// Keep the grown buffers for the next part.
		r.paraBufs = paras[:cap(paras)]
	}()
	relsOf := func() map[string]ooxml.Relationship {
		if part == r.c.MainPart {
			return r.rels
		}
		if partRels == nil {
			partRels = map[string]ooxml.Relationship{}
			rels, err := p.ReadRels(part)
			r.problem(err)
			for _, rel := range rels {
				partRels[rel.ID] = rel
			}
		}
		return partRels
	}
	addObject := func(o ObjectRef) {
		if len(c.Objects) >= maxObjects {
			return
		}
		o.Part = part
		if o.RelID != "" {
			if rel, ok := relsOf()[o.RelID]; ok {
				o.Target = rel.Part
				if o.Target == "" {
					o.Target = rel.Target
				}
			}
		}
		c.Objects = append(c.Objects, o)
	}
	addField := func(instr string, simple bool) {
		if len(c.Fields) < maxFields {
			c.Fields = append(c.Fields, FieldCode{Part: part, Instr: instr, Simple: simple})
		}
	}
	// emit adds text to the innermost paragraph, whole runes up to
	// maxParaLen.
	emit := func(t []byte) {
		n := len(paras)
		if n == 0 || len(paras[n-1]) >= maxParaLen {
			return
		}
		cut := min(len(t), maxParaLen-len(paras[n-1]))
		for cut > 0 && cut < len(t) && t[cut]&0xC0 == 0x80 {
			cut-- // keep whole runes
		}
		paras[n-1] = append(paras[n-1], t[:cut]...)
	}
	collecting := kind == storyBody
	for {
		tk, err := d.Next()
		if err != nil {
			if err != io.EOF {
				r.problem(err)
			}
			break
		}
		switch tk {
		case ooxml.StartTag:
			k := kOther
			switch d.Space() {
			case nsWordML, nsWordMLS:
				switch local := d.Local(); string(local) {
				case "p":
					k = kP
					if len(paras) < cap(paras) {
						paras = paras[:len(paras)+1]
						paras[len(paras)-1] = paras[len(paras)-1][:0]
					} else {
						paras = append(paras, make([]byte, 0, 256))
					}
				case "r":
					k = kR
				case "t":
					k = kT
					inT = true
				case "instrText":
					k = kInstr
					inInstr = true
				case "tab":
					if top(stack) == kR {
						emit(tab)
					}
				case "br", "cr":
					if top(stack) == kR {
						emit(newline)
					}
				case "noBreakHyphen":
					emit(hyphen)
				case "del", "moveFrom":
					r.revision(d)
					k = kHidden // its runs are not in the document's text
					hidden++
				case "ins", "moveTo", "rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "trPrChange", "tcPrChange",
					"tblGridChange", "numberingChange", "cellIns", "cellDel", "cellMerge":
					r.revision(d)
				case "fldSimple":
					addField(string(d.Attr("instr")), true)
				case "fldChar":
					switch string(d.Attr("fldCharType")) {
					case "begin":
						if len(fields) < 64 {
							fields = append(fields, &fieldState{})
						}
					case "separate":
						if len(fields) > 0 {
							fields[len(fields)-1].result = true
						}
					case "end":
						if len(fields) > 0 {
							f := fields[len(fields)-1]
							fields = fields[:len(fields)-1]
							addField(f.instr.String(), false)
						}
					}
				case "objectEmbed":
					addObject(ObjectRef{Element: "objectEmbed", ProgID: string(d.Attr("progId")), RelID: relID(d)})
				case "objectLink":
					addObject(ObjectRef{Element: "objectLink", ProgID: string(d.Attr("progId")), Link: true, RelID: relID(d)})
				case "control":
					addObject(ObjectRef{Element: "control", ProgID: string(d.Attr("name")), RelID: relID(d)})
				case "tbl":
					k = kTbl
					if collecting && !r.regionDone && tbl == nil && len(r.blocks) < maxHeaderBlocks && len(paras) == 0 {
						tbl = &block{table: true}
						r.blocks = append(r.blocks, tbl)
						r.seenTable = true
					}
					if tbl != nil {
						tblDepth++
					}
				case "tr":
					k = kTr
					if tbl != nil && len(tbl.rows) < maxHeaderRows {
						row := &hrow{}
						tbl.rows = append(tbl.rows, row)
						rows = append(rows, row)
					} else {
						rows = append(rows, nil)
					}
				case "tc":
					k = kTc
					if n := len(rows); n > 0 && rows[n-1] != nil {
						row := rows[n-1]
						row.cells = append(row.cells, nil)
						cells = append(cells, &row.cells[len(row.cells)-1])
					} else {
						cells = append(cells, nil)
					}
				}
			case nsOffice:
				if string(d.Local()) == "OLEObject" {
					addObject(ObjectRef{Element: "OLEObject", ProgID: string(d.Attr("ProgID")), Link: string(d.Attr("Type")) == "Link", RelID: relID(d)})
				}
			case nsMC:
				if string(d.Local()) == "Fallback" {
					// The Choice branch already holds the same content.
					if err := d.Skip(); err != nil {
						r.problem(err)
						goto done
					}
					continue
				}
			}
			stack = append(stack, k)
		case ooxml.EndTag:
			if len(stack) == 0 {
				continue
			}
			k := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			switch k {
			case kP:
				n := len(paras)
				text := paras[n-1]
				paras = paras[:n-1]
				if kind != storyNoText {
					r.text.addBytes(text)
					r.text.addBytes(newline)
				}
				switch {
				case kind == storyHeader && len(r.headerPartLines) < maxHeaderLines:
					r.headerPartLines = append(r.headerPartLines, string(text))
				case len(cells) > 0:
					if cp := cells[len(cells)-1]; cp != nil {
						if bytes.IndexByte(text, '\n') < 0 {
							*cp = append(*cp, string(text))
						} else {
							*cp = append(*cp, strings.Split(string(text), "\n")...)
						}
					}
				case collecting && !r.regionDone && tblDepth == 0 && n == 1 && len(stack) > 0 && len(r.blocks) < maxHeaderBlocks:
					p := string(text)
					r.blocks = append(r.blocks, &block{para: p})
					// Blocks after the end of the header region are never
					// read (see region): stop collecting them.
					r.regionDone = r.seenTable && endsRegion(p)
				}
			case kT:
				inT = false
			case kInstr:
				inInstr = false
			case kHidden:
				hidden--
			case kTbl:
				if tbl != nil {
					tblDepth--
					if tblDepth == 0 {
						tbl = nil
					}
				}
			case kTr:
				if len(rows) > 0 {
					rows = rows[:len(rows)-1]
				}
			case kTc:
				if len(cells) > 0 {
					cells = cells[:len(cells)-1]
				}
			}
		case ooxml.Text:
			switch {
			case inT && hidden == 0:
				emit(d.Text())
			case inInstr && len(fields) > 0:
				t := d.Text()
				f := fields[len(fields)-1]
				if !f.result && f.instr.Len() < maxInstrLen {
					f.instr.Write(t[:min(len(t), maxInstrLen-f.instr.Len())])
				}
			}
		}
	}
done:
	// Fields left open by a truncated part still count.
	for _, f := range fields {
		addField(f.instr.String(), false)
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
