package fix

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/fgdesk/fgdesk/app/internal/ooxml"
)

// story is one XML part being edited: its current bytes, their tree, and
// the edits of the operation in progress.
type story struct {
	name  string
	data  []byte
	root  *node
	decl  string // xmlns:w (and xmlns:r) to put on generated elements, "" when the part binds w: and r: as we write them
	edits []edit
	dirty bool
}

// loadStory parses a part as currently edited.
func (e *editor) loadStory(name string) (*story, error) {
	data, ok := e.part(name)
	if !ok {
		return nil, fmt.Errorf("%s: %w", name, ooxml.ErrNotFound)
	}
	root, err := parseTree(name, data)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	s := &story{name: name, data: data, root: root}
	s.decl = declFor(data[root.start:root.startEnd], root.space)
	return s, nil
}

// declFor returns the namespace declarations generated WordprocessingML
// needs inside an element whose start tag is tag: none when w: (and r:)
// are bound there as FG Desk writes them.
func declFor(tag []byte, wns string) string {
	if wns != nsW && wns != nsWS {
		wns = nsW
	}
	rns := nsR
	if wns == nsWS {
		rns = nsRS
	}
	var d string
	if !bytes.Contains(tag, []byte(`xmlns:w="`+wns+`"`)) {
		d += ` xmlns:w="` + wns + `"`
	}
	if !bytes.Contains(tag, []byte(`xmlns:r="`+rns+`"`)) {
		d += ` xmlns:r="` + rns + `"`
	}
	return d
}

// commit applies the pending edits and parses the result again.
func (e *editor) commit(s *story) error {
	if len(s.edits) == 0 {
		return nil
	}
	out, err := apply(s.data, s.edits)
	if err != nil {
		return fmt.Errorf("%s: %v", s.name, err)
	}
	root, err := parseTree(s.name, out)
	if err != nil {
		return fmt.Errorf("%s: edit made bad XML: %v", s.name, err)
	}
	s.data, s.root, s.edits, s.dirty = out, root, nil, true
	e.replace[s.name] = out
	return nil
}

func (s *story) bytesOf(n *node) []byte {
	if n == nil {
		return nil
	}
	return s.data[n.start:n.end]
}

// tags returns the start and end tag of n, written out in full for an
// empty element.
func (s *story) tags(n *node) (open, close string) {
	open = string(s.data[n.start:n.startEnd])
	if n.end == n.startEnd { // <x .../>
		open = strings.TrimRight(strings.TrimSuffix(open, "/>"), " \t\r\n") + ">"
		q := open[1:]
		if i := strings.IndexAny(q, " \t\r\n>"); i >= 0 {
			q = q[:i]
		}
		return open, "</" + q + ">"
	}
	return open, string(s.data[n.endStart:n.end])
}

// run writes a run with properties rPr (bytes of a w:rPr, or nil).
func (s *story) run(rPr []byte, text string) string {
	b := []byte("<w:r" + s.decl + ">")
	b = append(b, rPr...)
	b = ooxml.AppendRunText(b, text)
	return string(append(b, "</w:r>"...))
}

// para writes a paragraph with properties pPr and one run.
func (s *story) para(pPr, rPr []byte, text string) string {
	var b strings.Builder
	b.WriteString("<w:p" + s.decl + ">")
	b.Write(pPr)
	if text != "" {
		b.WriteString(s.run(rPr, text))
	}
	b.WriteString("</w:p>")
	return b.String()
}

// firstRPr returns the bytes of the run properties of the first run of
// p that shows text, else of its first run, else nil.
func (s *story) firstRPr(p *node) []byte {
	var first, withText *node
	p.walk(func(k *node) bool {
		if k.isW("del") || k.isW("moveFrom") || withText != nil {
			return false
		}
		if k.isW("r") {
			if first == nil {
				first = k
			}
			if k.child("t") != nil {
				withText = k
			}
			return false
		}
		return true
	})
	r := withText
	if r == nil {
		r = first
	}
	if r == nil {
		return nil
	}
	rpr := r.child("rPr")
	if rpr == nil {
		return nil
	}
	// Drop a recorded formatting change: the copy states its formatting.
	if ch := rpr.child("rPrChange"); ch != nil {
		b := append([]byte{}, s.data[rpr.start:ch.start]...)
		return append(b, s.data[ch.end:rpr.end]...)
	}
	return s.bytesOf(rpr)
}

// setParaText replaces what paragraph p shows with text, keeping its
// paragraph properties, its bookmarks and the look of its first run.
// Fields, content controls, proofing marks and the other runs go: the
// paragraph now holds the value as plain text.
func (s *story) setParaText(p *node, text string) {
	open, close := s.tags(p)
	var b strings.Builder
	b.WriteString(open)
	b.Write(s.bytesOf(p.child("pPr")))
	p.walk(func(k *node) bool {
		if k.isW("del") || k.isW("moveFrom") {
			return false
		}
		if k.isW("bookmarkStart") || k.isW("bookmarkEnd") {
			b.Write(s.bytesOf(k))
		}
		return true
	})
	if text != "" {
		b.WriteString(s.run(s.firstRPr(p), text))
	}
	b.WriteString(close)
	s.edits = append(s.edits, edit{p.start, p.end, b.String()})
}

// cellParas returns the paragraphs of a table cell (in content controls
// too, not in nested tables).
func cellParas(tc *node) []*node {
	var out []*node
	tc.walk(func(k *node) bool {
		if k != tc && k.isW("tbl") {
			return false
		}
		if k.isW("p") {
			out = append(out, k)
			return false
		}
		return true
	})
	return out
}

// setCellText replaces the content of a table cell with one paragraph per
// line, in the look of its first paragraph.
func (s *story) setCellText(tc *node, lines []string) {
	var pPr, rPr []byte
	if ps := cellParas(tc); len(ps) > 0 {
		pPr, rPr = s.bytesOf(ps[0].child("pPr")), s.firstRPr(ps[0])
	}
	var b strings.Builder
	if len(lines) == 0 {
		lines = []string{""}
	}
	for _, l := range lines {
		b.WriteString(s.para(pPr, rPr, l))
	}
	if tc.end == tc.startEnd {
		open, close := s.tags(tc)
		s.edits = append(s.edits, edit{tc.start, tc.end, open + b.String() + close})
		return
	}
	from := tc.startEnd
	if pr := tc.child("tcPr"); pr != nil {
		from = pr.end
	}
	s.edits = append(s.edits, edit{from, tc.endStart, b.String()})
}

// insertBefore inserts xml before element n.
func (s *story) insertBefore(n *node, xml string) {
	s.edits = append(s.edits, edit{n.start, n.start, xml})
}

// insertAfter inserts xml after element n.
func (s *story) insertAfter(n *node, xml string) {
	s.edits = append(s.edits, edit{n.end, n.end, xml})
}

// appendChild inserts xml as the last child of n.
func (s *story) appendChild(n *node, xml string) {
	if n.end == n.startEnd {
		open, close := s.tags(n)
		s.edits = append(s.edits, edit{n.start, n.end, open + xml + close})
		return
	}
	s.edits = append(s.edits, edit{n.endStart, n.endStart, xml})
}

// remove deletes element n.
func (s *story) remove(n *node) {
	s.edits = append(s.edits, edit{n.start, n.end, ""})
}

// unwrap deletes n's tags, keeping its content.
func (s *story) unwrap(n *node) {
	if n.end == n.startEnd {
		s.remove(n)
		return
	}
	s.edits = append(s.edits, edit{n.start, n.startEnd, ""}, edit{n.endStart, n.end, ""})
}
