package ooxml

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Decoder is a bounded, streaming XML scanner for untrusted parts. It
// reads bytes into one reused buffer and hands out slices of it: in the
// hot path (Next and the accessors below) it allocates nothing.
//
// What it enforces:
//   - any <!DOCTYPE> or other <! directive is refused (ErrDoctype) as soon
//     as "<!" is followed by something that is not a comment or a CDATA
//     section: there are no entity declarations, so no entity expansion
//     and no external entities;
//   - elements nest at most Limits.MaxDepth deep (ErrDepth);
//   - no single token (a text node, a tag, a comment, a CDATA section or
//     a processing instruction) is longer than Limits.MaxToken bytes
//     (ErrMalformed): the buffer never grows past that;
//   - well-formedness as encoding/xml checks it in Strict mode
//     (ErrMalformed): end tags match start tags, names are names,
//     attribute values are quoted and hold no '<', only the five
//     predefined entities and character references in the XML Char range,
//     valid UTF-8 in character data and attribute values, no "]]>" in
//     text, "--" only at the end of a comment, an XML declaration with
//     version 1.0 and UTF-8 (or no) encoding, and no end of input inside
//     an element.
//
// It decodes the predefined entities and numeric character references,
// turns "\r\n" and "\r" into "\n" in text and attribute values (as
// encoding/xml does), returns CDATA sections as text, and resolves
// namespace prefixes from the xmlns declarations in scope (no prefix is
// assumed: "w:" is whatever the document binds it to).
//
// Documented differences from encoding/xml's Decoder.Token in Strict mode
// (FuzzScannerVsEncodingXML checks everything else):
//   - stricter: directives are refused (above); an attribute repeated on
//     one element, attributes not separated by white space, character
//     references to surrogates (encoding/xml turns &#xD800; into U+FFFD),
//     more than 1,024 attributes on one element and more than 4,096
//     namespace declarations in scope are ErrMalformed;
//   - when the underlying reader fails, its error is returned at once,
//     without the text node it cut short.
//
// Errors of the underlying reader (such as a limit of an Entry reader)
// pass through unchanged. After an error, every call returns the same
// error. A Decoder is for one goroutine; Close returns its buffers to a
// pool.
type Decoder struct {
	r        io.Reader
	name     string
	maxDepth int
	maxToken int

	s *decState // buffers, pooled; nil after Close

	pos, end int   // unread bytes are s.buf[pos:end]
	rerr     error // the reader's error, returned once the buffer is used up
	lines    int   // newlines before s.buf[0]

	err        error // sticky
	strictOnly bool  // err is one of the documented stricter checks

	kind       TokenKind
	local      []byte // local name of the current start or end tag
	space      string
	text       []byte
	piTarget   []byte
	pendingEnd bool // the last start tag was empty (<a/>): its end is next
	depth      int
	cacheGen   int // bumped when bindings change
	cache      [4]nsCache
	elem       nsCache // the namespace of the last prefixed element name
}

// decState holds a Decoder's reusable buffers.
type decState struct {
	buf     []byte
	scratch []byte // decoded text or attribute values of the current token
	attrs   []attrView
	aspaces []string   // namespaces of attrs, where resolved is set
	open    []openElem // the open elements, outermost first
	names   []byte     // raw names of open elements saved from buf, in order
	ns      []nsBinding
	intern  map[string]string
}

// attrView is an attribute of the current start tag, as offsets valid
// until the next token: its name in buf and its value, in buf or, once
// decoded, in scratch. It holds no pointer, so that recording one is a
// plain store.
type attrView struct {
	start, end   int32 // the qualified name is buf[start:end]
	local        int32 // the local name is buf[local:end]
	vstart, vend int32 // the value is buf[vstart:vend], or scratch's when decoded
	decoded      bool
	resolved     bool // aspaces holds its namespace (see attrSpace)
}

func (s *decState) qname(a *attrView) []byte  { return s.buf[a.start:a.end] }
func (s *decState) local(a *attrView) []byte  { return s.buf[a.local:a.end] }
func (s *decState) prefix(a *attrView) []byte { return s.buf[a.start:max(a.start, a.local-1)] }
func (s *decState) value(a *attrView) []byte {
	if a.decoded {
		return s.scratch[a.vstart:a.vend]
	}
	return s.buf[a.vstart:a.vend]
}

// openElem is an open element. Its raw name stays where its start tag
// was read, in buf, until fill moves the buffer; fill first saves the
// names still there to names.
type openElem struct {
	start, end int32  // the raw name is buf[start:end], or names[start:end] once saved
	colon      int32  // offset of the prefix's colon in the name, 0 for none
	saved      bool   // the name is in names
	space      string // namespace resolved at the start tag
}

// name returns the raw name of an open element.
func (s *decState) name(e *openElem) []byte {
	if e.saved {
		return s.names[e.start:e.end]
	}
	return s.buf[e.start:e.end]
}

// saveNames copies the names of open elements still in buf to names,
// before fill overwrites them. They are the innermost elements: the
// others were saved by an earlier fill.
func (s *decState) saveNames() {
	k := len(s.open)
	for k > 0 && !s.open[k-1].saved {
		k--
	}
	for ; k < len(s.open); k++ {
		e := &s.open[k]
		start := int32(len(s.names))
		s.names = append(s.names, s.buf[e.start:e.end]...)
		e.start, e.end, e.saved = start, int32(len(s.names)), true
	}
}

type nsBinding struct {
	prefix, uri string
	depth       int // element depth that declared it
}

type nsCache struct {
	gen int
	key uint64 // prefixKey of the prefix
	uri string
}

// prefixKey packs a prefix of up to 7 bytes, with its length, into a
// cache key; longer prefixes are not cached.
func prefixKey(p []byte) (uint64, bool) {
	if len(p) > 7 {
		return 0, false
	}
	k := uint64(len(p))
	for i, c := range p {
		k |= uint64(c) << (8 * (i + 1))
	}
	return k, true
}

const (
	xmlnsPrefix = "xmlns"
	xmlPrefix   = "xml"
	xmlURL      = "http://www.w3.org/XML/1998/namespace"

	initialBuf   = 32 << 10
	pooledMax    = 1 << 20 // larger grown buffers are left to the GC
	maxIntern    = 1024
	maxInternLen = 256 // longer strings are not interned

	// maxAttrs and maxBindings bound the records one tag can make (an
	// 8 MiB tag could otherwise hold over a million tiny attributes).
	maxAttrs    = 1024
	maxBindings = 4096
)

var statePool = sync.Pool{New: func() any { return &decState{buf: make([]byte, initialBuf)} }}

var errShort = errors.New("short buffer")

// NewDecoder returns a Decoder reading r; name labels errors (usually the
// part name).
func NewDecoder(r io.Reader, name string, lim Limits) *Decoder {
	d := new(Decoder)
	d.init(r, name, lim)
	return d
}

// init sets up d as NewDecoder does (the package's own readers keep
// their Decoder on the stack).
func (d *Decoder) init(r io.Reader, name string, lim Limits) {
	lim = lim.OrDefault()
	maxToken := int(min(lim.MaxToken, 1<<30)) // buffer offsets are int32
	*d = Decoder{r: r, name: name, maxDepth: lim.MaxDepth, maxToken: maxToken, s: statePool.Get().(*decState), cacheGen: 1}
}

var errClosed = errors.New("XML decoder used after Close")

// Close returns the Decoder's buffers to the pool; the Decoder (and every
// slice it returned) must not be used afterwards. It does not close the
// underlying reader.
func (d *Decoder) Close() {
	s := d.s
	if s == nil {
		return
	}
	d.s = nil
	d.err = errClosed
	d.local, d.text, d.piTarget = nil, nil, nil
	if cap(s.buf) > pooledMax {
		s.buf = make([]byte, initialBuf)
	}
	if cap(s.scratch) > pooledMax {
		s.scratch = nil
	}
	s.attrs = s.attrs[:0]
	clear(s.aspaces)
	s.aspaces = s.aspaces[:0]
	s.names = s.names[:0]
	clear(s.open)
	s.open = s.open[:0]
	clear(s.ns)
	s.ns = s.ns[:0]
	if len(s.intern) > maxIntern {
		s.intern = nil
	}
	statePool.Put(s)
}

// XML opens the named part and returns a Decoder over it, with a closer
// that closes the part and the Decoder.
func (p *Package) XML(name string) (*Decoder, io.Closer, error) {
	d := new(Decoder)
	rc, err := p.openXML(name, d)
	if err != nil {
		return nil, nil, err
	}
	return d, xmlCloser{d, rc}, nil
}

type xmlCloser struct {
	d  *Decoder
	rc io.Closer
}

func (c xmlCloser) Close() error {
	c.d.Close()
	return c.rc.Close()
}

// Depth returns the number of elements open after the last token.
func (d *Decoder) Depth() int { return d.depth }

// TokenKind says what Next read.
type TokenKind uint8

// Token kinds of Next.
const (
	StartTag   TokenKind = iota + 1 // Space, Local and the attributes describe the element
	EndTag                          // Space and Local name the element closed
	Text                            // Text holds the character data (or a CDATA section)
	OtherToken                      // a comment or processing instruction: Other
)

// Next reads the next token. It returns io.EOF at the end of a
// well-formed document. What it read is available through Space, Local,
// Attr, AttrNS, AttrAt, Text and Other, valid until the next call.
func (d *Decoder) Next() (TokenKind, error) {
	if d.err != nil {
		return 0, d.err
	}
	if d.pendingEnd {
		d.pendingEnd = false
		d.s.attrs = d.s.attrs[:0]
		d.closeElement()
		d.kind = EndTag
		return EndTag, nil
	}
	s := d.s
	for {
		if d.pos == d.end {
			if d.rerr != nil {
				return 0, d.atEnd()
			}
			if err := d.fill(); err != nil {
				return 0, err
			}
			continue
		}
		s.scratch = s.scratch[:0]
		start := d.pos
		var k TokenKind
		var err error
		if b := s.buf[d.pos:d.end]; b[0] == '<' {
			switch {
			case len(b) < 2:
				err = errShort
			case b[1] == '/':
				k, err = d.endTag(b)
			case b[1] == '?':
				k, err = d.procInst(b)
			case b[1] == '!':
				k, err = d.bang(b)
			default:
				k, err = d.startTag(b)
			}
		} else {
			k, err = d.scanText()
		}
		if err == errShort {
			if d.end-d.pos > d.maxToken {
				return 0, d.tooLong(s.buf[d.pos] == '<')
			}
			if d.rerr != nil {
				if d.rerr == io.EOF {
					return 0, d.syntax("unexpected EOF")
				}
				return 0, d.readErr()
			}
			if err := d.fill(); err != nil {
				return 0, err
			}
			continue
		}
		if err != nil {
			return 0, err
		}
		if d.pos-start > d.maxToken {
			return 0, d.tooLong(k != Text || s.buf[start] == '<')
		}
		d.kind = k
		return k, nil
	}
}

// atEnd is called when the buffer is used up and the reader is done.
func (d *Decoder) atEnd() error {
	if d.rerr != io.EOF {
		return d.readErr()
	}
	if d.depth > 0 {
		return d.syntax("unexpected EOF")
	}
	d.err = io.EOF
	return io.EOF
}

func (d *Decoder) readErr() error {
	err := d.rerr
	switch {
	case errors.Is(err, ErrMalformed) || IsLimit(err) || errors.Is(err, ErrUnsupported):
	default:
		err = fmt.Errorf("%s: %v: %w", d.name, err, ErrMalformed)
	}
	if PartOf(err) == "" {
		err = &PartError{d.name, err}
	}
	d.err = err
	return err
}

// fill moves the unread bytes to the front of the buffer, grows it when
// the token under way fills it (up to MaxToken), and reads until the
// buffer is full or the reader stops.
func (d *Decoder) fill() error {
	s := d.s
	if d.pos > 0 {
		s.saveNames()
		d.lines += bytes.Count(s.buf[:d.pos], newline)
		n := copy(s.buf, s.buf[d.pos:d.end])
		d.pos, d.end = 0, n
	}
	if d.end == len(s.buf) {
		size := min(2*len(s.buf), d.maxToken+64)
		if size <= len(s.buf) {
			return d.tooLong(s.buf[0] == '<')
		}
		nb := make([]byte, size)
		copy(nb, s.buf[:d.end])
		s.buf = nb
	}
	for empty := 0; d.end < len(s.buf) && d.rerr == nil; {
		n, err := d.r.Read(s.buf[d.end:])
		d.end += n
		if err != nil {
			d.rerr = err
		} else if n == 0 {
			if empty++; empty > 100 {
				d.rerr = io.ErrNoProgress
			}
		}
	}
	return nil
}

var newline = []byte{'\n'}

func (d *Decoder) tooLong(markup bool) error {
	var err error
	if !markup {
		err = fmt.Errorf("%s: over %d bytes of XML without markup: %w", d.name, d.maxToken, ErrMalformed)
	} else {
		err = fmt.Errorf("%s: a tag, comment or CDATA section over %d bytes (line %d): %w", d.name, d.maxToken, d.line(), ErrMalformed)
	}
	d.err = &PartError{d.name, err}
	return d.err
}

// line returns the line of the current position.
func (d *Decoder) line() int {
	n := d.lines + 1
	if d.s != nil {
		n += bytes.Count(d.s.buf[:min(d.pos, d.end)], newline)
	}
	return n
}

// syntax records a well-formedness error at the current token.
func (d *Decoder) syntax(msg string) error {
	d.err = &PartError{d.name, fmt.Errorf("%s: XML syntax error at line %d: %s: %w", d.name, d.line(), msg, ErrMalformed)}
	return d.err
}

// stricter records an error encoding/xml would not report (see the type's
// documentation).
func (d *Decoder) stricter(msg string) error {
	d.strictOnly = true
	return d.syntax(msg)
}

// Byte classes.
const (
	cName  = 1 << iota // may appear in a name (ASCII)
	cStart             // may start a name (ASCII)
	cSpace             // XML white space
	cText              // needs a look in character data: '&', '\r', ']', '<', controls, non-ASCII
	cHigh              // non-ASCII: part of a name, checked as UTF-8
	cPlain             // an ASCII name byte other than ':'
	cQuote             // '"' or '\'': may end an attribute value
)

var class = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		b := byte(c)
		switch {
		case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', b == '_', b == ':':
			t[c] |= cName | cStart
		case '0' <= b && b <= '9', b == '.', b == '-':
			t[c] |= cName
		}
		if t[c]&cName != 0 && b != ':' {
			t[c] |= cPlain
		}
		switch b {
		case ' ', '\t', '\n', '\r':
			t[c] |= cSpace
		}
		if b < 0x20 && b != '\t' && b != '\n' || b >= 0x80 || b == '&' || b == ']' || b == '<' {
			t[c] |= cText
		}
		if b >= 0x80 {
			t[c] |= cName | cHigh
		}
		if b == '"' || b == '\'' {
			t[c] |= cQuote
		}
	}
	return t
}()

// scanText reads a text node: everything up to the next '<' (or the end
// of input).
func (d *Decoder) scanText() (TokenKind, error) {
	b := d.s.buf[d.pos:d.end]
	// The usual case: plain bytes up to the '<', checked in one pass.
	i := 0
	for i < len(b) && class[b[i]]&cText == 0 {
		i++
	}
	if i < len(b) && b[i] == '<' && i <= d.maxToken {
		d.text = b[:i]
		d.pos += i
		return Text, nil
	}
	i = bytes.IndexByte(b, '<')
	if i < 0 {
		if d.rerr != io.EOF {
			if len(b) > d.maxToken {
				return 0, d.tooLong(false)
			}
			return 0, errShort
		}
		i = len(b)
	}
	if i > d.maxToken {
		return 0, d.tooLong(false)
	}
	t, err := d.chars(b[:i], modeText)
	if err != nil {
		return 0, err
	}
	d.text = t
	d.pos += i
	return Text, nil
}

// Character data modes.
const (
	modeText  = iota // text: entities, no "]]>"
	modeAttr         // attribute value: entities, no '<'
	modeCDATA        // CDATA section: no entities
)

// chars checks character data and returns it decoded: raw itself when
// nothing needs decoding, else a copy in scratch.
func (d *Decoder) chars(raw []byte, mode int) ([]byte, error) {
	i := 0
	for i < len(raw) {
		c := raw[i]
		if class[c]&cText == 0 && c != '\r' {
			i++
			continue
		}
		switch {
		case c == '&' && mode != modeCDATA, c == '\r':
			return d.decode(raw, i, mode)
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRune(raw[i:])
			if r == utf8.RuneError && n == 1 {
				return nil, d.syntax("invalid UTF-8")
			}
			if !inCharRange(r) {
				return nil, d.syntax(fmt.Sprintf("illegal character code %U", r))
			}
			i += n
			continue
		case c == ']':
			if mode == modeText && bytes.HasPrefix(raw[i:], cdataEnd) {
				return nil, d.syntax("unescaped ]]> not in CDATA section")
			}
		case c == '<':
			if mode == modeAttr {
				return nil, d.syntax("unescaped < inside quoted string")
			}
		case c == '&':
		default: // a control character
			return nil, d.syntax(fmt.Sprintf("illegal character code %U", rune(c)))
		}
		i++
	}
	return raw, nil
}

var cdataEnd = []byte("]]>")

// decode is the slow path of chars: from raw[i] on, entities are decoded
// and line ends normalised into scratch.
func (d *Decoder) decode(raw []byte, i int, mode int) ([]byte, error) {
	s := d.s
	out := append(s.scratch, raw[:i]...)
	start := len(s.scratch)
	for i < len(raw) {
		c := raw[i]
		if class[c]&cText == 0 && c != '\r' {
			out = append(out, c)
			i++
			continue
		}
		switch {
		case c == '\r':
			out = append(out, '\n')
			i++
			if i < len(raw) && raw[i] == '\n' {
				i++
			}
			continue
		case c == '&' && mode != modeCDATA:
			r, n, err := d.entity(raw[i:])
			if err != nil {
				return nil, err
			}
			out = utf8.AppendRune(out, r)
			i += n
			continue
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRune(raw[i:])
			if r == utf8.RuneError && n == 1 {
				return nil, d.syntax("invalid UTF-8")
			}
			if !inCharRange(r) {
				return nil, d.syntax(fmt.Sprintf("illegal character code %U", r))
			}
			out = append(out, raw[i:i+n]...)
			i += n
			continue
		case c == ']':
			if mode == modeText && bytes.HasPrefix(raw[i:], cdataEnd) {
				return nil, d.syntax("unescaped ]]> not in CDATA section")
			}
		case c == '<':
			if mode == modeAttr {
				return nil, d.syntax("unescaped < inside quoted string")
			}
		case c == '&':
		default:
			return nil, d.syntax(fmt.Sprintf("illegal character code %U", rune(c)))
		}
		out = append(out, c)
		i++
	}
	s.scratch = out
	t := out[start:]
	if t == nil {
		t = out[:0:0]
	}
	return t, nil
}

// entity decodes the reference at the start of b ("&...;") and returns
// the character and the bytes it took.
func (d *Decoder) entity(b []byte) (rune, int, error) {
	semi := bytes.IndexByte(b, ';')
	bad := func() (rune, int, error) {
		ent := b
		if semi >= 0 {
			ent = b[:semi+1]
		} else if len(ent) > 16 {
			ent = ent[:16]
		}
		return 0, 0, d.syntax(fmt.Sprintf("invalid character entity %s", ent))
	}
	if semi < 0 {
		return bad()
	}
	body := b[1:semi]
	if len(body) > 0 && body[0] == '#' {
		digits, base := body[1:], rune(10)
		if len(digits) > 0 && digits[0] == 'x' {
			digits, base = digits[1:], 16
		}
		if len(digits) == 0 {
			return bad()
		}
		var r rune
		for _, c := range digits {
			var v rune
			switch {
			case '0' <= c && c <= '9':
				v = rune(c - '0')
			case base == 16 && 'a' <= c && c <= 'f':
				v = rune(c-'a') + 10
			case base == 16 && 'A' <= c && c <= 'F':
				v = rune(c-'A') + 10
			default:
				return bad()
			}
			r = r*base + v
			if r > utf8.MaxRune {
				return bad()
			}
		}
		if 0xD800 <= r && r <= 0xDFFF {
			return 0, 0, d.stricter(fmt.Sprintf("character reference to a surrogate %s", b[:semi+1]))
		}
		if !inCharRange(r) {
			return 0, 0, d.syntax(fmt.Sprintf("illegal character code %U", r))
		}
		return r, semi + 1, nil
	}
	switch string(body) {
	case "lt":
		return '<', semi + 1, nil
	case "gt":
		return '>', semi + 1, nil
	case "amp":
		return '&', semi + 1, nil
	case "apos":
		return '\'', semi + 1, nil
	case "quot":
		return '"', semi + 1, nil
	}
	return bad()
}

// inCharRange reports whether r is an XML Char.
func inCharRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// Results of scanName.
const (
	nameOK      = iota
	nameShort   // the buffer ends inside the name
	nameEmpty   // no name there
	nameInvalid // not a valid name (first character, UTF-8)
	nameColons  // a valid name with more than one colon (not a qualified name)
)

// scanName scans the name starting at b[i] in one pass: ASCII name bytes
// and any non-ASCII byte (then checked to be valid UTF-8). It returns
// the name's end and where to split it into prefix and local name: at
// its one colon when both sides are non-empty, as encoding/xml does
// (-1: no prefix).
func scanName(b []byte, i int) (end, colon int, status int) {
	start, colon, colons, high := i, -1, 0, false
	for {
		for i < len(b) && class[b[i]]&cPlain != 0 {
			i++
		}
		if i == len(b) {
			break
		}
		if c := b[i]; c == ':' {
			if colons == 0 {
				colon = i
			}
			colons++
		} else if c >= utf8.RuneSelf {
			high = true
		} else {
			break
		}
		i++
	}
	switch {
	case i == len(b):
		return i, -1, nameShort
	case i == start:
		return i, -1, nameEmpty
	case class[b[start]]&(cStart|cHigh) == 0:
		return i, -1, nameInvalid
	case high && !validUTF8Name(b[start:i]):
		return i, -1, nameInvalid
	case colons > 1:
		return i, -1, nameColons
	case colon == start || colon == i-1:
		colon = -1
	}
	return i, colon, nameOK
}

// validUTF8Name checks the non-ASCII characters of a name (the ASCII
// ones are checked by the class table): valid UTF-8 and, as XML 1.0
// defines names and encoding/xml checks them, a Letter (or '_', ':')
// first and Letters, Digits, CombiningChars and Extenders after it.
func validUTF8Name(n []byte) bool {
	for i := 0; i < len(n); {
		if n[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(n[i:])
		if r == utf8.RuneError && size == 1 || !inCharRange(r) {
			return false
		}
		if !unicode.Is(nameStart, r) && (i == 0 || !unicode.Is(nameRest, r)) {
			return false
		}
		i += size
	}
	return true
}

// split returns the prefix and local name of the name b[start:end] with
// the colon scanName found.
func split(b []byte, start, end, colon int) (prefix, local []byte) {
	if colon < 0 {
		return nil, b[start:end]
	}
	return b[start:colon], b[colon+1 : end]
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && class[b[i]]&cSpace != 0 {
		i++
	}
	return i
}

// nameError is the error of a name scanName did not accept: errShort,
// missing (or not a qualified name), or invalid.
func (d *Decoder) nameError(st int, name []byte, missing string) error {
	switch st {
	case nameShort:
		return errShort
	case nameEmpty, nameColons:
		return d.syntax(missing)
	}
	return d.syntax("invalid XML name: " + string(name))
}

// asciiName scans the usual name at b[i]: a letter or '_', then ASCII
// name bytes, with at most one colon and a name byte on each side of it.
// It reports ok only when the name ends inside b with a byte that ends
// any name (neither a name byte, ':' nor non-ASCII): then scanName would
// return the same end and colon, with nameOK. When it is not ok, the
// caller takes the full path (scanName).
func asciiName(b []byte, i int) (end, colon int, ok bool) {
	if i >= len(b) || class[b[i]]&(cStart|cPlain) != cStart|cPlain {
		return i, -1, false
	}
	colon = -1
	i++
	for i < len(b) && class[b[i]]&cPlain != 0 {
		i++
	}
	if i < len(b) && b[i] == ':' {
		colon = i
		i++
		if i == len(b) || class[b[i]]&cPlain == 0 {
			return i, -1, false
		}
		for i < len(b) && class[b[i]]&cPlain != 0 {
			i++
		}
	}
	if i == len(b) || class[b[i]]&cName != 0 {
		return i, -1, false
	}
	return i, colon, true
}

func (d *Decoder) startTag(b []byte) (TokenKind, error) {
	s := d.s
	i, colon, ok := asciiName(b, 1)
	if !ok {
		var st int
		if i, colon, st = scanName(b, 1); st != nameOK {
			return 0, d.nameError(st, b[1:i], "expected element name after <")
		}
	}
	qname := b[1:i]
	prefix, local := split(b, 1, i, colon)
	s.attrs = s.attrs[:0]
	empty, xmlns := false, false
	for {
		var nameStart, localStart, j int
		var q byte
		// The usual attribute: ` name="`, with an ASCII name (asciiName),
		// as the full path below would read it.
		if i < len(b) && b[i] == ' ' {
			if e, c, ok := asciiName(b, i+1); ok && b[e] == '=' && e+1 < len(b) && b[e+1] == '"' {
				nameStart, localStart, j, q = i+1, i+1, e, '"'
				if c >= 0 {
					localStart = c + 1
				}
				i = e + 2
				goto value
			}
		}
		{
			j = skipSpace(b, i)
			if j == len(b) {
				return 0, errShort
			}
			spaced := j > i
			i = j
			c := b[i]
			if c == '/' {
				if i+1 == len(b) {
					return 0, errShort
				}
				if b[i+1] != '>' {
					return 0, d.syntax("expected /> in element")
				}
				i += 2
				empty = true
				break
			}
			if c == '>' {
				i++
				break
			}
			// An attribute.
			var colon, st int
			j, colon, st = scanName(b, i)
			if st != nameOK {
				return 0, d.nameError(st, b[i:j], "expected attribute name in element")
			}
			nameStart, localStart = i, i
			if colon >= 0 {
				localStart = colon + 1
			}
			if !spaced {
				return 0, d.stricter("attributes not separated by white space")
			}
			i = skipSpace(b, j)
			if i == len(b) {
				return 0, errShort
			}
			if b[i] != '=' {
				return 0, d.syntax("attribute name without = in element")
			}
			i = skipSpace(b, i+1)
			if i == len(b) {
				return 0, errShort
			}
			q = b[i]
			if q != '"' && q != '\'' {
				return 0, d.syntax("unquoted or missing attribute value in element")
			}
			i++
		}
	value:
		// The usual case: plain bytes up to the closing quote, checked
		// in one pass.
		end := 0
		for i+end < len(b) && class[b[i+end]]&(cText|cQuote) == 0 {
			end++
		}
		a := attrView{start: int32(d.pos + nameStart), end: int32(d.pos + j), local: int32(d.pos + localStart), vstart: int32(d.pos + i), vend: int32(d.pos + i + end)}
		if i+end >= len(b) || b[i+end] != q {
			end = bytes.IndexByte(b[i:], q)
			if end < 0 {
				if lt := bytes.IndexByte(b[i:], '<'); lt >= 0 {
					return 0, d.syntax("unescaped < inside quoted string")
				}
				return 0, errShort
			}
			before := len(s.scratch)
			if _, err := d.chars(b[i:i+end], modeAttr); err != nil {
				return 0, err
			}
			a.vend = int32(d.pos + i + end)
			if len(s.scratch) > before {
				a.vstart, a.vend, a.decoded = int32(before), int32(len(s.scratch)), true
			}
		}
		if len(s.attrs) == maxAttrs {
			return 0, d.stricter(fmt.Sprintf("more than %d attributes on one element", maxAttrs))
		}
		i += end + 1
		xmlns = xmlns || j-nameStart >= len(xmlnsPrefix) && string(b[nameStart:nameStart+len(xmlnsPrefix)]) == xmlnsPrefix
		s.attrs = append(s.attrs, a)
	}
	if len(s.attrs) > 1 {
		if err := d.checkDuplicates(); err != nil {
			return 0, err
		}
	}
	e := openElem{start: int32(d.pos + 1), end: int32(d.pos + 1 + len(qname))}
	d.pos += i
	d.local = local
	d.depth++
	if d.depth > d.maxDepth {
		d.err = &PartError{d.name, fmt.Errorf("%s: elements nested past depth %d (line %d): %w", d.name, d.maxDepth, d.line(), ErrDepth)}
		return 0, d.err
	}
	if colon >= 0 {
		e.colon = int32(colon - 1)
	}
	// Bindings first: they apply to the element's own name and attributes.
	for k := 0; xmlns && k < len(s.attrs); k++ { // xmlns: some name starts so
		a := &s.attrs[k]
		switch {
		case string(s.prefix(a)) == xmlnsPrefix:
			if len(s.ns) == maxBindings {
				return 0, d.stricter(fmt.Sprintf("more than %d namespace declarations in scope", maxBindings))
			}
			d.bind(d.intern(s.local(a)), d.intern(s.value(a)))
		case a.local == a.start && string(s.local(a)) == xmlnsPrefix:
			if len(s.ns) == maxBindings {
				return 0, d.stricter(fmt.Sprintf("more than %d namespace declarations in scope", maxBindings))
			}
			d.bind("", d.intern(s.value(a)))
		}
	}
	// Elements mostly repeat one prefix: the last one's namespace is at
	// hand while the bindings stay as they were.
	if key, ok := prefixKey(prefix); ok && len(prefix) > 0 && d.elem.gen == d.cacheGen && d.elem.key == key {
		d.space = d.elem.uri
	} else {
		d.space = d.resolve(prefix, local, true)
		if ok && len(prefix) > 0 {
			d.elem = nsCache{gen: d.cacheGen, key: key, uri: d.space}
		}
	}
	e.space = d.space
	s.open = append(s.open, e)
	d.pendingEnd = empty
	return StartTag, nil
}

func (d *Decoder) checkDuplicates() error {
	as := d.s.attrs
	if len(as) < 2 {
		return nil
	}
	if len(as) <= 32 {
		for i := 1; i < len(as); i++ {
			a := &as[i]
			for j := 0; j < i; j++ {
				b := &as[j]
				if a.end-a.start == b.end-b.start && d.s.buf[a.end-1] == d.s.buf[b.end-1] && bytes.Equal(d.s.qname(a), d.s.qname(b)) {
					return d.stricter("attribute " + string(d.s.qname(a)) + " repeated")
				}
			}
		}
		return nil
	}
	seen := make(map[string]bool, len(as))
	for _, a := range as {
		q := d.s.qname(&a)
		if seen[string(q)] {
			return d.stricter("attribute " + string(q) + " repeated")
		}
		seen[string(q)] = true
	}
	return nil
}

func (d *Decoder) endTag(b []byte) (TokenKind, error) {
	s := d.s
	// The usual case: the name is the open element's, checked at its
	// start tag; compare the bytes and skip scanning it again.
	if n := len(s.open); n > 0 {
		e := &s.open[n-1]
		open := s.name(e)
		k := 2 + len(open)
		if k < len(b) && class[b[k]]&cName == 0 && bytes.Equal(b[2:k], open) {
			if i := skipSpace(b, k); i < len(b) && b[i] == '>' {
				local := b[2:k]
				if e.colon > 0 {
					local = b[2+e.colon+1 : k]
				}
				d.pos += i + 1
				d.local = local
				s.attrs = s.attrs[:0]
				d.closeElement()
				return EndTag, nil
			}
		}
	}
	i, colon, st := scanName(b, 2)
	switch st {
	case nameShort:
		return 0, errShort
	case nameEmpty, nameColons:
		return 0, d.syntax("expected element name after </")
	case nameInvalid:
		return 0, d.syntax("invalid XML name: " + string(b[2:i]))
	}
	qname := b[2:i]
	_, local := split(b, 2, i, colon)
	i = skipSpace(b, i)
	if i == len(b) {
		return 0, errShort
	}
	if b[i] != '>' {
		return 0, d.syntax("invalid characters between </" + string(local) + " and >")
	}
	n := len(s.open)
	if n == 0 {
		return 0, d.syntax("unexpected end element </" + string(local) + ">")
	}
	if open := s.name(&s.open[n-1]); !bytes.Equal(open, qname) {
		return 0, d.syntax("element <" + string(open) + "> closed by </" + string(qname) + ">")
	}
	d.pos += i + 1
	d.local = local
	d.s.attrs = d.s.attrs[:0]
	d.closeElement()
	return EndTag, nil
}

// closeElement gives the element being closed the namespace its start
// tag resolved, then pops it and its bindings.
func (d *Decoder) closeElement() {
	s := d.s
	n := len(s.open)
	e := &s.open[n-1]
	d.space = e.space // resolved at the start tag, in the same scope
	if e.saved {
		s.names = s.names[:e.start]
	}
	*e = openElem{}
	s.open = s.open[:n-1]
	for len(s.ns) > 0 && s.ns[len(s.ns)-1].depth == d.depth {
		s.ns[len(s.ns)-1] = nsBinding{}
		s.ns = s.ns[:len(s.ns)-1]
		d.cacheGen++
	}
	d.depth--
}

func (d *Decoder) procInst(b []byte) (TokenKind, error) {
	i, _, st := scanName(b, 2) // any number of colons
	switch st {
	case nameShort:
		return 0, errShort
	case nameEmpty:
		return 0, d.syntax("expected target name after <?")
	case nameInvalid:
		return 0, d.syntax("invalid XML name: " + string(b[2:i]))
	}
	target := b[2:i]
	i = skipSpace(b, i)
	end := bytes.Index(b[i:], piEnd)
	if end < 0 {
		if len(b) > d.maxToken {
			return 0, d.tooLong(true)
		}
		return 0, errShort
	}
	data := b[i : i+end]
	if string(target) == "xml" {
		if ver := procInstParam(paramVersion, data); len(ver) > 0 && string(ver) != "1.0" {
			return 0, d.syntax(fmt.Sprintf("unsupported XML version %q; only version 1.0 is supported", ver))
		}
		if enc := procInstParam(paramEncoding, data); len(enc) > 0 && !bytes.EqualFold(enc, utf8Name) {
			return 0, d.syntax(fmt.Sprintf("encoding %q declared; only UTF-8 is read", enc))
		}
	}
	d.pos += i + end + len(piEnd)
	d.piTarget, d.text = target, data
	return OtherToken, nil
}

var piEnd = []byte("?>")

var (
	paramVersion  = []byte("version=")
	paramEncoding = []byte("encoding=")
	utf8Name      = []byte("utf-8")
)

// procInstParam returns the value of param (given with its "=") quoted
// with " or ' in the content of a processing instruction, or nil, the way
// encoding/xml reads the XML declaration.
func procInstParam(param, s []byte) []byte {
	lenp := len(param)
	i := 0
	var sep byte
	for i < len(s) {
		sub := s[i:]
		k := bytes.Index(sub, param)
		if k < 0 || lenp+k >= len(sub) {
			return nil
		}
		i += lenp + k + 1
		if c := sub[lenp+k]; c == '\'' || c == '"' {
			sep = c
			break
		}
	}
	if sep == 0 {
		return nil
	}
	j := bytes.IndexByte(s[i:], sep)
	if j < 0 {
		return nil
	}
	return s[i : i+j]
}

var (
	commentStart = []byte("<!--")
	cdataStart   = []byte("<![CDATA[")
	dashes       = []byte("--")
	doctypeWord  = []byte("DOCTYPE")
)

// bang reads a comment or CDATA section; any other "<!" is refused.
func (d *Decoder) bang(b []byte) (TokenKind, error) {
	if len(b) < 3 {
		return 0, errShort
	}
	switch b[2] {
	case '-':
		if len(b) < 4 {
			return 0, errShort
		}
		if b[3] != '-' {
			return 0, d.syntax("invalid sequence <!- not part of <!--")
		}
		k := bytes.Index(b[4:], dashes)
		if k < 0 || 4+k+2 >= len(b) {
			if len(b) > d.maxToken {
				return 0, d.tooLong(true)
			}
			return 0, errShort
		}
		if b[4+k+2] != '>' {
			return 0, d.syntax(`invalid sequence "--" not allowed in comments`)
		}
		d.piTarget, d.text = nil, b[4:4+k]
		d.pos += 4 + k + 3
		return OtherToken, nil
	case '[':
		n := min(len(b), len(cdataStart))
		if !bytes.Equal(b[:n], cdataStart[:n]) {
			return 0, d.syntax("invalid <![ sequence")
		}
		if n < len(cdataStart) {
			return 0, errShort
		}
		k := bytes.Index(b[len(cdataStart):], cdataEnd)
		if k < 0 {
			if len(b) > d.maxToken {
				return 0, d.tooLong(true)
			}
			return 0, errShort
		}
		t, err := d.chars(b[len(cdataStart):len(cdataStart)+k], modeCDATA)
		if err != nil {
			return 0, err
		}
		d.text = t
		d.pos += len(cdataStart) + k + len(cdataEnd)
		return Text, nil
	}
	// A directive: <!DOCTYPE ...>, <!ENTITY ...>, ... Refused at once.
	if len(b) < 2+len(doctypeWord) && d.rerr == nil {
		return 0, errShort
	}
	kind := "directive"
	if w := b[2:min(len(b), 2+len(doctypeWord))]; bytes.EqualFold(w, doctypeWord) {
		kind = "DOCTYPE"
	}
	d.err = &PartError{d.name, fmt.Errorf("%s: <!%s> (line %d): %w", d.name, kind, d.line(), ErrDoctype)}
	return 0, d.err
}

// bind declares a prefix ("" for the default namespace) for the element
// just opened.
func (d *Decoder) bind(prefix, uri string) {
	d.s.ns = append(d.s.ns, nsBinding{prefix, uri, d.depth})
	d.cacheGen++
}

// lookup returns the namespace bound to a prefix. Recent answers are
// cached until the bindings change (elements mostly repeat one or two
// prefixes).
func (d *Decoder) lookup(prefix []byte) (string, bool) {
	key, cacheable := prefixKey(prefix)
	if cacheable {
		c := &d.cache[key&3]
		if c.gen == d.cacheGen && c.key == key {
			return c.uri, true
		}
	}
	ns := d.s.ns
	for k := len(ns) - 1; k >= 0; k-- {
		if ns[k].prefix == string(prefix) {
			if cacheable {
				d.cache[key&3] = nsCache{gen: d.cacheGen, key: key, uri: ns[k].uri}
			}
			return ns[k].uri, true
		}
	}
	return "", false
}

// resolve returns the namespace of a name as encoding/xml's Token does:
// unprefixed attributes and xmlns declarations have none (or "xmlns"),
// the xml prefix is predeclared, an unprefixed element takes the default
// namespace, and an unbound prefix stays as it is.
func (d *Decoder) resolve(prefix, local []byte, element bool) string {
	if len(prefix) == 0 {
		if !element || string(local) == xmlnsPrefix {
			return ""
		}
		uri, _ := d.lookup(nil)
		return uri
	}
	switch string(prefix) {
	case xmlnsPrefix:
		return xmlnsPrefix
	case xmlPrefix:
		return xmlURL
	}
	if uri, ok := d.lookup(prefix); ok {
		return uri
	}
	return d.intern(prefix)
}

// intern returns b as a string, shared with earlier calls for the same
// bytes (namespace URIs and prefixes repeat across parts and files).
func (d *Decoder) intern(b []byte) string {
	if s, ok := knownStrings[string(b)]; ok {
		return s
	}
	m := d.s.intern
	if s, ok := m[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(s) > maxInternLen {
		return s // not kept: a hostile part must not fill the pooled table
	}
	if m == nil {
		m = make(map[string]string)
		d.s.intern = m
	}
	if len(m) < maxIntern {
		m[s] = s
	}
	return s
}

// knownStrings are namespaces and prefixes of Office documents, interned
// once for all decoders.
var knownStrings = func() map[string]string {
	m := map[string]string{}
	for _, s := range []string{
		"", "w", "r", "m", "v", "o", "a", "wp", "w10", "w14", "w15", "w16se", "w16cid", "w16", "w16cex", "w16sdtdh",
		"wpc", "wpg", "wpi", "wne", "wps", "wp14", "mc", "pic", "cp", "dc", "dcterms", "dcmitype", "xsi", "vt", "x", "p",
		"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
		"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
		"http://schemas.openxmlformats.org/officeDocument/2006/math",
		"http://schemas.openxmlformats.org/markup-compatibility/2006",
		"http://schemas.openxmlformats.org/drawingml/2006/main",
		"http://schemas.openxmlformats.org/drawingml/2006/picture",
		"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
		"http://schemas.openxmlformats.org/package/2006/relationships",
		"http://schemas.openxmlformats.org/package/2006/content-types",
		"http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
		"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
		"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
		"http://purl.org/dc/elements/1.1/",
		"http://purl.org/dc/terms/",
		"http://purl.org/dc/dcmitype/",
		"http://www.w3.org/2001/XMLSchema-instance",
		"urn:schemas-microsoft-com:vml",
		"urn:schemas-microsoft-com:office:office",
		"urn:schemas-microsoft-com:office:word",
		"http://schemas.microsoft.com/office/word/2010/wordml",
		"http://schemas.microsoft.com/office/word/2012/wordml",
		"http://schemas.microsoft.com/office/word/2006/wordml",
		"http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
		"http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
		"http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas",
		"http://schemas.microsoft.com/office/word/2010/wordprocessingInk",
		"http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",
		"http://purl.oclc.org/ooxml/wordprocessingml/main",
		"http://purl.oclc.org/ooxml/officeDocument/relationships",
		"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
		"http://schemas.openxmlformats.org/presentationml/2006/main",
		// Relationship types, content types and extensions of [Content_Types].xml
		// and .rels parts.
		"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
		"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
		"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties",
		"http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties",
		"http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail",
		"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles",
		"http://schemas.openxmlformats.org/officeDocument/2006/relationships/stylesWithEffects",
		"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings",
		"http://schemas.openxmlformats.org/officeDocument/2006/relationships/webSettings",
		"http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable",
		"http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme",
		"http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering",
		"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header",
		"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer",
		"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes",
		"http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes",
		"http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments",
		"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
		"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image",
		"http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml",
		"http://schemas.openxmlformats.org/officeDocument/2006/relationships/glossaryDocument",
		"http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
		"http://schemas.microsoft.com/office/2011/relationships/people",
		"http://schemas.microsoft.com/office/2011/relationships/commentsExtended",
		"http://schemas.microsoft.com/office/2016/09/relationships/commentsIds",
		"http://schemas.microsoft.com/office/2018/08/relationships/commentsExtensible",
		"application/xml", "image/png", "image/jpeg", "image/gif", "image/x-emf", "image/x-wmf",
		"application/vnd.openxmlformats-package.relationships+xml",
		"application/vnd.openxmlformats-package.core-properties+xml",
		"application/vnd.openxmlformats-officedocument.extended-properties+xml",
		"application/vnd.openxmlformats-officedocument.custom-properties+xml",
		"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
		"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
		"application/vnd.ms-word.document.macroEnabled.main+xml",
		"application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
		"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml",
		"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml",
		"application/vnd.openxmlformats-officedocument.wordprocessingml.webSettings+xml",
		"application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml",
		"application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml",
		"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml",
		"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml",
		"application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
		"application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml",
		"application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml",
		"application/vnd.openxmlformats-officedocument.theme+xml",
		"rels", "xml", "png", "jpeg", "jpg", "gif", "emf", "wmf", "bin", "vml", "odttf",
	} {
		m[s] = s
	}
	return m
}()

// Space returns the namespace URI of the element Next just read (StartTag
// or EndTag); no allocation.
func (d *Decoder) Space() string { return d.space }

// Local returns the local name of the element Next just read, valid until
// the next call.
func (d *Decoder) Local() []byte { return d.local }

// Is reports whether the element Next just read has the namespace and
// local name.
func (d *Decoder) Is(space, local string) bool {
	return d.space == space && string(d.local) == local
}

// NumAttr returns the number of attributes of the start tag Next just
// read (xmlns declarations included).
func (d *Decoder) NumAttr() int {
	if d.kind != StartTag {
		return 0
	}
	return len(d.s.attrs)
}

// AttrAt returns attribute i of the start tag: its namespace, local name
// and decoded value, valid until the next call.
func (d *Decoder) AttrAt(i int) (space string, local, value []byte) {
	a := &d.s.attrs[i]
	return d.attrSpace(i), d.s.local(a), d.s.value(a)
}

// attrSpace returns the namespace of an attribute of the current start
// tag, resolved when first asked for (most never are), with the
// bindings of its element, which are in scope until the next call of
// Next. Unprefixed attributes have no namespace.
func (d *Decoder) attrSpace(k int) string {
	s := d.s
	a := &s.attrs[k]
	if !a.resolved {
		for len(s.aspaces) < len(s.attrs) {
			s.aspaces = append(s.aspaces, "")
		}
		s.aspaces[k] = ""
		if a.local != a.start {
			s.aspaces[k] = d.resolve(s.prefix(a), s.local(a), false)
		}
		a.resolved = true
	}
	return s.aspaces[k]
}

// Attr returns the decoded value of the first attribute of the start tag
// with the given local name (any namespace), or nil. It is valid until
// the next call.
func (d *Decoder) Attr(local string) []byte {
	if d.kind != StartTag {
		return nil
	}
	for k := range d.s.attrs {
		if a := &d.s.attrs[k]; string(d.s.local(a)) == local {
			return d.s.value(a)
		}
	}
	return nil
}

// AttrNS returns the decoded value of the attribute with the namespace
// and local name, or nil; valid until the next call.
func (d *Decoder) AttrNS(space, local string) []byte {
	if d.kind != StartTag {
		return nil
	}
	for k := range d.s.attrs {
		if a := &d.s.attrs[k]; string(d.s.local(a)) == local && d.attrSpace(k) == space {
			return d.s.value(a)
		}
	}
	return nil
}

// Text returns the character data Next just read (Text); it is valid only
// until the next call.
func (d *Decoder) Text() []byte { return d.text }

// Other returns, as a freshly allocated xml.Comment or xml.ProcInst, the
// comment or processing instruction Next just read.
func (d *Decoder) Other() xml.Token {
	if d.kind != OtherToken {
		return nil
	}
	if d.piTarget == nil {
		return xml.Comment(bytes.Clone(d.text))
	}
	return xml.ProcInst{Target: string(d.piTarget), Inst: bytes.Clone(d.text)}
}

// Token returns the next token as encoding/xml's types, with namespaces
// resolved (Name.Space is the namespace URI). It allocates: it is for
// tests and cold paths; hot readers use Next and the accessors. It
// returns io.EOF at the end of a well-formed document. Text is valid only
// until the next call.
func (d *Decoder) Token() (xml.Token, error) {
	k, err := d.Next()
	if err != nil {
		return nil, err
	}
	switch k {
	case StartTag:
		se := xml.StartElement{Name: xml.Name{Space: d.space, Local: string(d.local)}, Attr: []xml.Attr{}}
		for i := range d.s.attrs {
			a := &d.s.attrs[i]
			se.Attr = append(se.Attr, xml.Attr{Name: xml.Name{Space: d.attrSpace(i), Local: string(d.s.local(a))}, Value: string(d.s.value(a))})
		}
		return se, nil
	case EndTag:
		return xml.EndElement{Name: xml.Name{Space: d.space, Local: string(d.local)}}, nil
	case Text:
		return xml.CharData(d.text), nil
	}
	return d.Other(), nil
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
