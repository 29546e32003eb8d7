package ooxml

import (
	"strings"
	"unicode/utf8"
)

// Escaping for XML parts that FG Desk writes. Every string that comes from a
// person (a draft, a form field, a Markdown body) passes through one of these
// functions before it lands in a part, so that no input can make a part
// malformed:
//
//   - <, >, &, ' and " become entity references;
//   - bytes that are not valid UTF-8 become U+FFFD;
//   - characters XML 1.0 forbids (C0 controls other than tab, line feed and
//     carriage return, U+FFFE, U+FFFF) are dropped, and so are the C1
//     controls U+0080..U+009F, which Word shows as boxes;
//   - CR LF and lone CR become LF.
//
// Emoji, CJK and every other valid character pass through unchanged.

// XMLChar reports whether r may appear in an XML 1.0 document and in a
// WordprocessingML text run (C1 controls are refused as well).
func XMLChar(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return true
	case r < 0x20:
		return false
	case r >= 0x7f && r <= 0x9f:
		return false
	case r >= 0xd800 && r <= 0xdfff:
		return false
	case r == 0xfffe || r == 0xffff:
		return false
	case r > utf8.MaxRune:
		return false
	}
	return true
}

// CleanText returns s with invalid UTF-8 replaced by U+FFFD, characters XML
// forbids dropped and line ends normalised to LF. It returns s itself when
// nothing needs to change.
func CleanText(s string) string {
	if clean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			b.WriteRune(utf8.RuneError)
		case r == '\r':
			b.WriteByte('\n')
			if i+1 < len(s) && s[i+1] == '\n' {
				n = 2
			}
		case XMLChar(r):
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// clean reports whether s needs no cleaning (fast path: plain ASCII text).
func clean(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || c == '\r' || (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f {
			return cleanSlow(s[i:])
		}
	}
	return true
}

func cleanSlow(s string) bool {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n <= 1) || r == '\r' || !XMLChar(r) {
			return false
		}
		i += n
	}
	return true
}

// EscapeString returns s cleaned (see CleanText) and escaped for use as XML
// character data or as an attribute value in double or single quotes. Tabs
// and line feeds are kept as characters; in an attribute, where a parser
// would turn them into spaces, they are written as &#9; and &#10;.
func EscapeString(s string) string {
	return string(AppendEscaped(nil, s, false))
}

// EscapeAttr is EscapeString for attribute values: tab, LF and CR survive
// attribute-value normalisation as character references.
func EscapeAttr(s string) string {
	return string(AppendEscaped(nil, s, true))
}

// AppendEscaped appends s, cleaned and escaped, to dst. With attr set, tab
// and LF are written as character references.
func AppendEscaped(dst []byte, s string, attr bool) []byte {
	s = CleanText(s)
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '&':
			esc = "&amp;"
		case '"':
			esc = "&quot;"
		case '\'':
			esc = "&apos;"
		case '\t':
			if !attr {
				continue
			}
			esc = "&#9;"
		case '\n':
			if !attr {
				continue
			}
			esc = "&#10;"
		default:
			continue
		}
		dst = append(dst, s[last:i]...)
		dst = append(dst, esc...)
		last = i + 1
	}
	return append(dst, s[last:]...)
}

// AppendRunText appends the content of a WordprocessingML run (w:r) that
// shows s: text goes into <w:t xml:space="preserve">, a tab becomes <w:tab/>
// and a line feed <w:br/>, the way Word itself writes them. Run properties,
// if any, must have been appended before.
func AppendRunText(dst []byte, s string) []byte {
	s = CleanText(s)
	start := 0
	flush := func(end int) {
		if end > start {
			dst = append(dst, `<w:t xml:space="preserve">`...)
			dst = AppendEscaped(dst, s[start:end], false)
			dst = append(dst, `</w:t>`...)
		}
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\t':
			flush(i)
			dst = append(dst, `<w:tab/>`...)
			start = i + 1
		case '\n':
			flush(i)
			dst = append(dst, `<w:br/>`...)
			start = i + 1
		}
	}
	flush(len(s))
	return dst
}

// RunText is AppendRunText returning a string.
func RunText(s string) string {
	return string(AppendRunText(nil, s))
}
