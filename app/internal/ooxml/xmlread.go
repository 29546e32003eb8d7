package ooxml

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
)

// Decoder is a bounded, streaming XML tokenizer for untrusted parts: an
// encoding/xml Decoder in Strict mode with no entity map, that refuses any
// <!DOCTYPE> or other <! directive (ErrDoctype) and any element nesting
// deeper than Limits.MaxDepth (ErrDepth). Every other syntax error wraps
// ErrMalformed; errors of the underlying reader (such as a limit of an
// Entry reader) pass through unchanged. After an error, every call
// returns the same error.
//
// It reads raw tokens and does the two things xml.Decoder.Token adds
// itself, the same way: end tags must match start tags, and names get
// their namespace URI. That halves the cost of tokenizing a large
// document.xml.
type Decoder struct {
	d        *xml.Decoder
	name     string
	depth    int
	maxDepth int
	err      error
	open     []xml.Name  // raw names of the open elements
	ns       []nsBinding // prefix bindings in scope, innermost last

	start xml.StartElement
	end   xml.EndElement
	text  xml.CharData
	other xml.Token
}

type nsBinding struct {
	prefix, uri string
	depth       int // element depth that declared it
}

const (
	xmlnsPrefix = "xmlns"
	xmlPrefix   = "xml"
	xmlURL      = "http://www.w3.org/XML/1998/namespace"
)

// NewDecoder returns a Decoder reading r; name labels errors (usually the
// part name).
func NewDecoder(r io.Reader, name string, lim Limits) *Decoder {
	lim = lim.OrDefault()
	d := xml.NewDecoder(&tokenLimitReader{r: r, name: name, max: lim.MaxToken})
	d.Strict = true
	d.Entity = nil
	d.CharsetReader = nil
	return &Decoder{d: d, name: name, maxDepth: lim.MaxDepth}
}

// XML opens the named part and returns a Decoder over it, with a closer
// for the part.
func (p *Package) XML(name string) (*Decoder, io.Closer, error) {
	e := p.Lookup(name)
	if e == nil {
		return nil, nil, fmt.Errorf("%s: %w", name, ErrNotFound)
	}
	rc, err := e.Open()
	if err != nil {
		return nil, nil, err
	}
	return NewDecoder(rc, e.Name, p.lim), rc, nil
}

// Depth returns the number of elements open after the last token.
func (d *Decoder) Depth() int { return d.depth }

// TokenKind says what Next read.
type TokenKind uint8

// Token kinds of Next.
const (
	StartTag   TokenKind = iota + 1 // Decoder.Start holds the element
	EndTag                          // Decoder.End holds the element
	Text                            // Decoder.Text holds the character data
	OtherToken                      // a comment or processing instruction: Decoder.Other
)

// Token returns the next token, with namespaces resolved (Name.Space is
// the namespace URI). It returns io.EOF at the end of a well-formed
// document. Token data is valid only until the next call.
func (d *Decoder) Token() (xml.Token, error) {
	k, err := d.Next()
	if err != nil {
		return nil, err
	}
	switch k {
	case StartTag:
		return d.start, nil
	case EndTag:
		return d.end, nil
	case Text:
		return d.text, nil
	}
	return d.other, nil
}

// Start returns the element Next just read (StartTag).
func (d *Decoder) Start() *xml.StartElement { return &d.start }

// End returns the element Next just closed (EndTag).
func (d *Decoder) End() *xml.EndElement { return &d.end }

// Text returns the character data Next just read (Text); it is valid only
// until the next call.
func (d *Decoder) Text() []byte { return d.text }

// Other returns the comment or processing instruction Next just read.
func (d *Decoder) Other() xml.Token { return d.other }

// Next reads the next token like Token, without boxing it in an
// interface: the token is available through Start, End, Text or Other,
// valid until the next call.
func (d *Decoder) Next() (TokenKind, error) {
	if d.err != nil {
		return 0, d.err
	}
	t, err := d.d.RawToken()
	if err != nil {
		if err == io.EOF && len(d.open) > 0 {
			err = &xml.SyntaxError{Msg: "unexpected EOF", Line: d.line()}
		}
		d.err = d.wrap(err)
		if d.err != io.EOF && PartOf(d.err) == "" {
			d.err = &PartError{d.name, d.err}
		}
		return 0, d.err
	}
	switch t := t.(type) {
	case xml.StartElement:
		d.depth++
		if d.depth > d.maxDepth {
			d.err = &PartError{d.name, fmt.Errorf("%s: elements nested past depth %d (line %d): %w", d.name, d.maxDepth, d.line(), ErrDepth)}
			return 0, d.err
		}
		for _, a := range t.Attr {
			switch {
			case a.Name.Space == xmlnsPrefix:
				d.ns = append(d.ns, nsBinding{a.Name.Local, a.Value, d.depth})
			case a.Name.Space == "" && a.Name.Local == xmlnsPrefix:
				d.ns = append(d.ns, nsBinding{"", a.Value, d.depth})
			}
		}
		d.open = append(d.open, t.Name)
		d.translate(&t.Name, true)
		for i := range t.Attr {
			d.translate(&t.Attr[i].Name, false)
		}
		d.start = t
		return StartTag, nil
	case xml.EndElement:
		if len(d.open) == 0 {
			d.err = &PartError{d.name, fmt.Errorf("%s: XML syntax error at line %d: unexpected end element </%s>: %w", d.name, d.line(), t.Name.Local, ErrMalformed)}
			return 0, d.err
		}
		top := d.open[len(d.open)-1]
		if top != t.Name {
			d.err = &PartError{d.name, fmt.Errorf("%s: XML syntax error at line %d: element <%s> closed by </%s>: %w", d.name, d.line(), top.Local, t.Name.Local, ErrMalformed)}
			return 0, d.err
		}
		d.translate(&t.Name, true)
		d.open = d.open[:len(d.open)-1]
		for len(d.ns) > 0 && d.ns[len(d.ns)-1].depth == d.depth {
			d.ns = d.ns[:len(d.ns)-1]
		}
		d.depth--
		d.end = t
		return EndTag, nil
	case xml.CharData:
		d.text = t
		return Text, nil
	case xml.Directive:
		kind := "directive"
		if bytes.HasPrefix(bytes.ToUpper(bytes.TrimSpace(t)), []byte("DOCTYPE")) {
			kind = "DOCTYPE"
		}
		d.err = &PartError{d.name, fmt.Errorf("%s: <!%s> (line %d): %w", d.name, kind, d.line(), ErrDoctype)}
		return 0, d.err
	}
	d.other = t
	return OtherToken, nil
}

// translate replaces a name's prefix with its namespace URI, as
// xml.Decoder.Token does: unprefixed attributes and xmlns attributes keep
// an empty or "xmlns" space, the xml prefix is predeclared, an unbound
// prefix stays as it is.
func (d *Decoder) translate(n *xml.Name, isElementName bool) {
	switch {
	case n.Space == xmlnsPrefix:
		return
	case n.Space == "" && !isElementName:
		return
	case n.Space == xmlPrefix:
		n.Space = xmlURL
		return
	case n.Space == "" && n.Local == xmlnsPrefix:
		return
	}
	for i := len(d.ns) - 1; i >= 0; i-- {
		if d.ns[i].prefix == n.Space {
			n.Space = d.ns[i].uri
			return
		}
	}
}

func (d *Decoder) line() int {
	l, _ := d.d.InputPos()
	return l
}

func (d *Decoder) wrap(err error) error {
	if err == io.EOF {
		if d.depth != 0 {
			return fmt.Errorf("%s: unexpected end of XML: %w", d.name, ErrMalformed)
		}
		return io.EOF
	}
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("%s: XML syntax error at line %d: %s: %w", d.name, se.Line, se.Msg, ErrMalformed)
	}
	var ue xml.UnmarshalError
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %v: %w", d.name, err, ErrMalformed)
	}
	// Errors from our own readers already carry a sentinel; anything else
	// (an I/O error) is passed on.
	if errors.Is(err, ErrMalformed) || IsLimit(err) || errors.Is(err, ErrUnsupported) {
		return err
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("%s: %v: %w", d.name, err, ErrMalformed)
	}
	return fmt.Errorf("%s: %v: %w", d.name, err, ErrMalformed)
}

// Skip discards the rest of the element whose start tag was just read.
func (d *Decoder) Skip() error {
	target := d.depth - 1
	for d.depth > target {
		if _, err := d.Next(); err != nil {
			return err
		}
	}
	return nil
}

// Attr returns the value of the attribute with the given local name (any
// namespace), or "".
func Attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// AttrNS returns the value of the attribute with the given namespace and
// local name, or "".
func AttrNS(se xml.StartElement, space, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local && a.Name.Space == space {
			return a.Value
		}
	}
	return ""
}

// tokenLimitReader fails when more than max bytes pass without a '<':
// encoding/xml holds a whole text node or tag in memory, so this bounds
// what one token can cost.
type tokenLimitReader struct {
	r    io.Reader
	name string
	max  int64
	run  int64 // bytes since the last '<'
}

func (t *tokenLimitReader) Read(b []byte) (int, error) {
	n, err := t.r.Read(b)
	rest := b[:n]
	for {
		i := bytes.IndexByte(rest, '<')
		if i < 0 {
			t.run += int64(len(rest))
			break
		}
		if t.run+int64(i) > t.max {
			t.run += int64(i)
			break
		}
		t.run = 0
		rest = rest[i+1:]
	}
	if t.run > t.max {
		return 0, &PartError{t.name, fmt.Errorf("%s: over %d bytes of XML without markup: %w", t.name, t.max, ErrMalformed)}
	}
	return n, err
}
