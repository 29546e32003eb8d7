package fix

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
)

// A node is one element of a part, with its byte offsets in the part, so
// an edit replaces exactly the bytes of one element (or of its start or
// end tag) and leaves every other byte of the part as it was.
type node struct {
	space, local string
	attrs        []xml.Attr
	start        int // offset of '<' of the start tag
	startEnd     int // offset just after the start tag
	endStart     int // offset of '<' of the end tag (startEnd for <x/>)
	end          int // offset just after the end tag
	parent       *node
	kids         []*node
	text         []byte // character data directly inside (w:t, w:instrText)
}

// Bounds of the tree built from an untrusted part (the part itself was
// read within ooxml's limits before).
const (
	maxNodes = 2_000_000
	maxDepth = 512
)

const nsMC = "http://schemas.openxmlformats.org/markup-compatibility/2006"

var errTooComplex = errors.New("too many XML elements to edit")

// parseTree reads an XML part into a tree of elements with offsets. It
// refuses a DOCTYPE (ooxml's reader has done so already) and excessive
// depth or size.
func parseTree(name string, data []byte) (*node, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	root := &node{local: "#document", end: len(data)}
	cur := root
	count, level := 0, 0
	for {
		off := int(d.InputOffset())
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			count++
			if count > maxNodes {
				return nil, fmt.Errorf("%s: %w", name, errTooComplex)
			}
			n := &node{space: t.Name.Space, local: t.Name.Local, start: off, startEnd: int(d.InputOffset()), parent: cur}
			if len(t.Attr) > 0 {
				n.attrs = t.Attr
			}
			if level++; level > maxDepth {
				return nil, fmt.Errorf("%s: XML nested too deeply", name)
			}
			cur.kids = append(cur.kids, n)
			cur = n
		case xml.EndElement:
			cur.endStart = off
			cur.end = int(d.InputOffset())
			if cur.endStart < cur.startEnd { // <x/>: the end tag is the start tag
				cur.endStart = cur.startEnd
			}
			cur = cur.parent
			level--
		case xml.CharData:
			if cur.local == "t" || cur.local == "instrText" || cur.local == "delText" {
				if len(cur.text) < 1<<20 {
					cur.text = append(cur.text, t...)
				}
			}
		case xml.Directive:
			return nil, fmt.Errorf("%s: XML DOCTYPE not allowed", name)
		}
	}
	if cur != root || len(root.kids) != 1 {
		return nil, fmt.Errorf("%s: not one XML root element", name)
	}
	return root.kids[0], nil
}

// isW reports whether n is the WordprocessingML element local.
func (n *node) isW(local string) bool {
	return n != nil && n.local == local && (n.space == nsW || n.space == nsWS)
}

// attr returns the value of the attribute local (any namespace).
func (n *node) attr(local string) string {
	for _, a := range n.attrs {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// child returns the first child element named local (WordprocessingML).
func (n *node) child(local string) *node {
	for _, k := range n.kids {
		if k.isW(local) {
			return k
		}
	}
	return nil
}

// walk calls fn for n and every element below it, in document order;
// fn returning false skips the element's children.
func (n *node) walk(fn func(*node) bool) {
	if !fn(n) {
		return
	}
	for _, k := range n.kids {
		k.walk(fn)
	}
}

// all returns every element below n (and n) named local.
func (n *node) all(local string) []*node {
	var out []*node
	n.walk(func(k *node) bool {
		if k.isW(local) {
			out = append(out, k)
		}
		return true
	})
	return out
}

// inside reports whether n has an ancestor named local.
func (n *node) inside(local string) bool {
	for p := n.parent; p != nil; p = p.parent {
		if p.isW(local) {
			return true
		}
	}
	return false
}

// paraText is the text of a paragraph as a reader sees it: w:t text, tabs
// and breaks, without deleted text.
func paraText(p *node) string {
	var b strings.Builder
	p.walk(func(k *node) bool {
		switch {
		case k.isW("del"), k.isW("moveFrom"):
			return false
		case k.local == "Fallback" && k.space == nsMC:
			return false // the Choice branch holds the same text
		case k.isW("t"):
			b.Write(k.text)
		case k.isW("tab") && k.parent.isW("r"):
			b.WriteByte('\t')
		case (k.isW("br") || k.isW("cr")) && k.parent.isW("r"):
			b.WriteByte('\n')
		}
		return true
	})
	return b.String()
}

// edit replaces data[start:end] with repl.
type edit struct {
	start, end int
	repl       string
}

// apply applies non-overlapping edits (in any order) to data. An edit
// inside a range another edit removes or replaces is dropped; two edits
// that only partly overlap are an error.
func apply(data []byte, edits []edit) ([]byte, error) {
	if len(edits) == 0 {
		return data, nil
	}
	sorted := append([]edit(nil), edits...)
	// Sort by start, longest first, so a containing edit comes before
	// what it contains; inserts (start == end) keep their order.
	sortEdits(sorted)
	var out bytes.Buffer
	out.Grow(len(data) + 1024)
	pos := 0
	for _, e := range sorted {
		if e.start < pos {
			if e.end <= pos && e.start != e.end {
				continue // inside an earlier edit
			}
			if e.start == e.end && e.start < pos {
				continue
			}
			return nil, fmt.Errorf("overlapping edits at %d", e.start)
		}
		out.Write(data[pos:e.start])
		out.WriteString(e.repl)
		pos = e.end
	}
	out.Write(data[pos:])
	return out.Bytes(), nil
}

func sortEdits(es []edit) {
	sort.SliceStable(es, func(i, j int) bool { return less(es[i], es[j]) })
}

func less(a, b edit) bool {
	if a.start != b.start {
		return a.start < b.start
	}
	// At one offset: inserts first (in order), then the longer edit.
	ai, bi := a.start == a.end, b.start == b.end
	if ai != bi {
		return ai
	}
	return a.end > b.end
}
