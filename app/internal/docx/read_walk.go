package docx

import (
	"encoding/xml"
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
	headerPartLines []string // paragraphs of page headers
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
// fields, objects and (for the body) the header region.
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
		paras    []*strings.Builder
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
	emit := func(s string) {
		if n := len(paras); n > 0 && paras[n-1].Len() < maxParaLen {
			paras[n-1].WriteString(s)
		}
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
			t := *d.Start()
			k := kOther
			switch t.Name.Space {
			case nsWordML, nsWordMLS:
				switch t.Name.Local {
				case "p":
					k = kP
					paras = append(paras, &strings.Builder{})
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
						emit("\t")
					}
				case "br", "cr":
					if top(stack) == kR {
						emit("\n")
					}
				case "noBreakHyphen":
					emit("-")
				case "del", "moveFrom":
					r.revision(t)
					k = kHidden // its runs are not in the document's text
					hidden++
				case "ins", "moveTo", "rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "trPrChange", "tcPrChange",
					"tblGridChange", "numberingChange", "cellIns", "cellDel", "cellMerge":
					r.revision(t)
				case "fldSimple":
					addField(ooxml.Attr(t, "instr"), true)
				case "fldChar":
					switch ooxml.Attr(t, "fldCharType") {
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
				case "objectEmbed", "objectLink":
					addObject(ObjectRef{Element: t.Name.Local, ProgID: ooxml.Attr(t, "progId"), Link: t.Name.Local == "objectLink", RelID: relID(t)})
				case "control":
					addObject(ObjectRef{Element: "control", ProgID: ooxml.Attr(t, "name"), RelID: relID(t)})
				case "tbl":
					k = kTbl
					if collecting && tbl == nil && len(r.blocks) < maxHeaderBlocks && len(paras) == 0 {
						tbl = &block{table: true}
						r.blocks = append(r.blocks, tbl)
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
				if t.Name.Local == "OLEObject" {
					addObject(ObjectRef{Element: "OLEObject", ProgID: ooxml.Attr(t, "ProgID"), Link: ooxml.Attr(t, "Type") == "Link", RelID: relID(t)})
				}
			case nsMC:
				if t.Name.Local == "Fallback" {
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
				text := paras[n-1].String()
				paras = paras[:n-1]
				if kind != storyNoText {
					r.text.add(text)
					r.text.add("\n")
				}
				switch {
				case kind == storyHeader && len(r.headerPartLines) < maxHeaderLines:
					r.headerPartLines = append(r.headerPartLines, text)
				case len(cells) > 0:
					if cp := cells[len(cells)-1]; cp != nil {
						*cp = append(*cp, strings.Split(text, "\n")...)
					}
				case collecting && tblDepth == 0 && n == 1 && len(stack) > 0 && len(r.blocks) < maxHeaderBlocks:
					r.blocks = append(r.blocks, &block{para: text})
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
			t := d.Text()
			switch {
			case inT && hidden == 0:
				if n := len(paras); n > 0 && paras[n-1].Len() < maxParaLen {
					cut := min(len(t), maxParaLen-paras[n-1].Len())
					for cut > 0 && cut < len(t) && t[cut]&0xC0 == 0x80 {
						cut-- // keep whole runes
					}
					paras[n-1].Write(t[:cut])
				}
			case inInstr && len(fields) > 0:
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

func top(stack []uint8) uint8 {
	if len(stack) == 0 {
		return kOther
	}
	return stack[len(stack)-1]
}

func relID(se xml.StartElement) string {
	if v := ooxml.AttrNS(se, nsRelsDoc, "id"); v != "" {
		return v
	}
	return ooxml.AttrNS(se, nsRelsS, "id")
}

// revision counts one tracked change and its author.
func (r *reader) revision(se xml.StartElement) {
	r.c.TrackedChanges++
	r.c.TrackedAuthors = addAuthor(r.c.TrackedAuthors, ooxml.Attr(se, "author"))
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
		tok, err := d.Token()
		if err != nil {
			r.problem(err)
			return
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "comment" && (se.Name.Space == nsWordML || se.Name.Space == nsWordMLS) {
			r.c.Comments++
			r.c.CommentAuthors = addAuthor(r.c.CommentAuthors, ooxml.Attr(se, "author"))
		}
	}
}
