package markdown

import (
	"bytes"
	"errors"
	"fmt"
	"time"
)

// Markdown parsers, goldmark included, take time that grows faster than
// the input for a few shapes no person writes: lists or quotes nested
// hundreds deep, or thousands of unclosed "[" in one paragraph. A draft
// from outside could hold them, and exporting must not hang, so Render
// refuses such bodies before parsing, with a message saying where, and as a
// last resort gives up after Options.Timeout.

// Limits of the complexity guard.
const (
	// MaxNesting is the deepest nesting of lists and block quotes that one
	// line may open ("> > - 1. x" opens four).
	MaxNesting = 32
	// maxBracketWork caps, for one paragraph, the number of "[" times the
	// paragraph's length: the link parser may rescan the rest of the
	// paragraph for each "[".
	maxBracketWork = 400_000_000
	// DefaultTimeout bounds one Render.
	DefaultTimeout = 30 * time.Second
)

// ErrTooComplex is returned for a body whose structure Render refuses.
var ErrTooComplex = errors.New("body too complex to render")

// complexityError says where the body is too complex.
type complexityError struct {
	line int
	msg  string
}

func (e *complexityError) Error() string {
	if e.line > 0 {
		return fmt.Sprintf("body line %d: %s", e.line, e.msg)
	}
	return "body: " + e.msg
}

func (e *complexityError) Unwrap() error { return ErrTooComplex }

// Check reports whether Render would refuse src as too complex (an error
// wrapping ErrTooComplex, naming the line), without rendering it. It runs
// in linear time, so a form can call it before a live preview.
func Check(src string) error { return checkComplexity([]byte(src)) }

// checkComplexity scans src line by line (linear time) for the shapes
// above. Lines inside fenced code blocks are not looked at.
func checkComplexity(src []byte) error {
	var (
		fence     byte // '`' or '~' while inside a fenced code block
		paraStart = 0  // line number where the current paragraph starts
		paraLines = 0
		paraLen   = 0
		brackets  = 0
		table     bool // the paragraph is a GFM table: rows are parsed one by one
	)
	endPara := func() error {
		if brackets > 0 && brackets*paraLen > maxBracketWork {
			return &complexityError{line: paraStart, msg: fmt.Sprintf("a paragraph of %d bytes with %d \"[\" is too complex to render (%v); split it into shorter paragraphs", paraLen, brackets, ErrTooComplex)}
		}
		paraStart, paraLines, paraLen, brackets, table = 0, 0, 0, 0, false
		return nil
	}
	line := 0
	for len(src) > 0 {
		line++
		var l []byte
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			l, src = src[:i], src[i+1:]
		} else {
			l, src = src, nil
		}
		t := bytes.TrimLeft(l, " \t>")
		if f := fenceChar(t); f != 0 && (fence == 0 || f == fence) {
			if fence == 0 {
				fence = f
			} else {
				fence = 0
			}
			if err := endPara(); err != nil {
				return err
			}
			continue
		}
		if fence != 0 {
			continue
		}
		if len(bytes.TrimSpace(l)) == 0 {
			if err := endPara(); err != nil {
				return err
			}
			continue
		}
		if d := nesting(l); d > MaxNesting && !thematicBreak(l) {
			return &complexityError{line: line, msg: fmt.Sprintf("lists and quotes nested %d deep; FG Desk renders at most %d levels (%v)", d, MaxNesting, ErrTooComplex)}
		}
		paraLines++
		if paraLines == 2 && delimiterRow(l) {
			table = true
		}
		if table {
			// Each row's cells are parsed apart: judge the row alone.
			if err := endPara(); err != nil {
				return err
			}
			table, paraLines = true, 2
		}
		if paraStart == 0 {
			paraStart = line
		}
		paraLen += len(l) + 1
		brackets += bytes.Count(l, []byte{'['})
	}
	return endPara()
}

// fenceChar reports whether a line (without its indent) opens or closes a
// fenced code block, and with which character.
func fenceChar(t []byte) byte {
	for _, c := range []byte{'`', '~'} {
		if bytes.HasPrefix(t, []byte{c, c, c}) {
			return c
		}
	}
	return 0
}

// nesting counts the list markers and quote markers that open a line:
// "> > - 1. x" gives 4.
func nesting(l []byte) int {
	d := 0
	i := 0
	for i < len(l) {
		for i < len(l) && (l[i] == ' ' || l[i] == '\t') {
			i++
		}
		if i >= len(l) {
			break
		}
		switch c := l[i]; {
		case c == '>':
			d++
			i++
		case (c == '-' || c == '*' || c == '+') && i+1 < len(l) && (l[i+1] == ' ' || l[i+1] == '\t'):
			d++
			i += 2
		case c >= '0' && c <= '9':
			j := i
			for j < len(l) && j-i < 9 && l[j] >= '0' && l[j] <= '9' {
				j++
			}
			if j+1 < len(l) && (l[j] == '.' || l[j] == ')') && (l[j+1] == ' ' || l[j+1] == '\t') {
				d++
				i = j + 2
				continue
			}
			return d
		default:
			return d
		}
	}
	return d
}

// thematicBreak reports whether a line is only "-", "*" or "_" and spaces
// ("* * * * *"), a horizontal rule however long.
func thematicBreak(l []byte) bool {
	return len(bytes.Trim(l, " \t-*_")) == 0
}

// delimiterRow reports whether a line is a GFM table delimiter row, such
// as "|:---|---:|" or "--- | ---".
func delimiterRow(l []byte) bool {
	t := bytes.TrimSpace(l)
	if len(t) == 0 || bytes.Count(t, []byte{'-'}) == 0 {
		return false
	}
	pipes := bytes.Count(t, []byte{'|'})
	for _, c := range t {
		if c != '|' && c != '-' && c != ':' && c != ' ' && c != '\t' {
			return false
		}
	}
	return pipes > 0
}
