package markdown

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"

	"github.com/fgdesk/fgdesk/app/internal/ooxml"
)

// runFmt is the character formatting of a run.
type runFmt struct {
	bold, italic, strike, code, link bool
	underline, sup, sub              bool
}

// htmlFmt counts open inline HTML tags that change formatting
// (<b>, <i>, <u>, <s>, <sup>, <sub> and their synonyms).
type htmlFmt struct {
	b, i, u, s, sup, sub int
}

func (h htmlFmt) apply(f runFmt) runFmt {
	f.bold = f.bold || h.b > 0
	f.italic = f.italic || h.i > 0
	f.underline = f.underline || h.u > 0
	f.strike = f.strike || h.s > 0
	f.sup = f.sup || h.sup > 0
	f.sub = f.sub || h.sub > 0 && h.sup == 0
	return f
}

// inlines renders the inline children of n.
func (r *renderer) inlines(n ast.Node, f runFmt) error {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if err := r.inline(c, f); err != nil {
			return err
		}
	}
	return nil
}

func (r *renderer) inline(n ast.Node, f runFmt) error {
	switch n := n.(type) {
	case *ast.Text:
		v := string(textValue(n, r.src))
		if n.SoftLineBreak() {
			v += " "
		}
		if n.HardLineBreak() {
			v += "\n" // AppendRunText writes <w:br/>
		}
		r.run(v, f)
	case *ast.String:
		r.run(string(n.Value), f)
	case *ast.CodeSpan:
		var b strings.Builder
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Text:
				b.Write(c.Segment.Value(r.src))
			case *ast.String:
				b.Write(c.Value)
			}
		}
		f.code = true
		r.run(strings.ReplaceAll(b.String(), "\n", " "), f)
	case *ast.Emphasis:
		if n.Level >= 2 {
			f.bold = true
		} else {
			f.italic = true
		}
		return r.inlines(n, f)
	case *east.Strikethrough:
		f.strike = true
		return r.inlines(n, f)
	case *ast.Link:
		return r.link(string(unescape(n.Destination)), n, f)
	case *ast.AutoLink:
		url := string(n.URL(r.src))
		if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(url), "mailto:") {
			url = "mailto:" + url
		} else if strings.HasPrefix(strings.ToLower(url), "www.") {
			url = "http://" + url
		}
		label := string(n.Label(r.src))
		return r.hyperlink(url, f, func(f runFmt) error { r.run(label, f); return nil })
	case *ast.Image:
		return r.inlineImage(n, f)
	case *ast.RawHTML:
		r.rawHTML(n, f)
	case *east.TaskCheckBox:
		if n.IsChecked {
			r.run("\u2612 ", f)
		} else {
			r.run("\u2610 ", f)
		}
	default:
		return r.inlines(n, f)
	}
	return nil
}

// run adds s with formatting f to the pending run; runs of the same
// formatting that follow each other are written as one w:r.
func (r *renderer) run(s string, f runFmt) {
	if s == "" {
		return
	}
	f = r.html.apply(f)
	if r.pending && r.pendFmt != f {
		r.flush()
	}
	r.pending = true
	r.pendFmt = f
	r.pendText = append(r.pendText, s...)
}

// flush writes the pending run.
func (r *renderer) flush() {
	if !r.pending {
		return
	}
	r.pending = false
	f := r.pendFmt
	b := append(r.buf, `<w:r>`...)
	if f != (runFmt{}) {
		b = append(b, `<w:rPr>`...)
		switch {
		case f.link:
			b = append(b, `<w:rStyle w:val="Hyperlink"/>`...)
			if f.code {
				b = append(b, `<w:rFonts w:ascii="Courier New" w:hAnsi="Courier New" w:cs="Courier New"/>`...)
			}
		case f.code:
			b = append(b, `<w:rStyle w:val="VerbatimChar"/>`...)
		}
		if f.bold {
			b = append(b, `<w:b/><w:bCs/>`...)
		}
		if f.italic {
			b = append(b, `<w:i/><w:iCs/>`...)
		}
		if f.strike {
			b = append(b, `<w:strike/>`...)
		}
		if f.underline && !f.link {
			b = append(b, `<w:u w:val="single"/>`...)
		}
		switch {
		case f.sup:
			b = append(b, `<w:vertAlign w:val="superscript"/>`...)
		case f.sub:
			b = append(b, `<w:vertAlign w:val="subscript"/>`...)
		}
		b = append(b, `</w:rPr>`...)
	}
	b = ooxml.AppendRunText(b, string(r.pendText))
	r.buf = append(b, `</w:r>`...)
	r.pendText = r.pendText[:0]
}

// link renders a Markdown link. Web and mail addresses become external
// hyperlinks, "#name" an internal one; any other target (a local file, a
// script) is not made clickable: the label is followed by the target in
// parentheses, so nothing is lost and nothing unsafe is linked.
func (r *renderer) link(dest string, n ast.Node, f runFmt) error {
	children := func(f runFmt) error { return r.inlines(n, f) }
	if strings.HasPrefix(dest, "#") && len(dest) > 1 && !f.link {
		r.raw(`<w:hyperlink w:anchor="`)
		r.buf = ooxml.AppendEscaped(r.buf, bookmarkName(dest[1:]), true)
		r.raw(`" w:history="1">`)
		f.link = true
		err := children(f)
		r.raw(`</w:hyperlink>`)
		return err
	}
	if webLink(dest) {
		return r.hyperlink(dest, f, children)
	}
	if err := children(f); err != nil {
		return err
	}
	if t := strings.TrimSpace(dest); t != "" {
		r.run(" ("+t+")", f)
	}
	return nil
}

// hyperlink wraps what body writes in an external w:hyperlink to url.
func (r *renderer) hyperlink(url string, f runFmt, body func(runFmt) error) error {
	target := string(util.URLEscape([]byte(ooxml.CleanText(url)), false))
	if f.link || len(target) > maxLinkTarget || !webLink(url) {
		return body(f)
	}
	id, ok := r.links[target]
	if !ok {
		id = r.relID()
		r.links[target] = id
		r.res.Rels = append(r.res.Rels, Rel{ID: id, Type: RelHyperlink, Target: target, External: true})
	}
	r.raw(`<w:hyperlink r:id="` + id + `" w:history="1">`)
	f.link = true
	err := body(f)
	r.raw(`</w:hyperlink>`)
	return err
}

// webLink reports whether a target is a web, FTP or mail address.
func webLink(dest string) bool {
	l := strings.ToLower(strings.TrimSpace(dest))
	for _, p := range []string{"http://", "https://", "ftp://", "mailto:"} {
		if strings.HasPrefix(l, p) && len(l) > len(p) {
			return true
		}
	}
	return false
}

// bookmarkName turns a heading anchor into a Word bookmark name (letters,
// digits and underscores, at most 40 characters).
func bookmarkName(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '_':
			b.WriteRune(c)
		case c == '-' || c == ' ':
			b.WriteByte('_')
		}
		if b.Len() >= 40 {
			break
		}
	}
	return b.String()
}

// rawHTML handles inline HTML: <br> breaks the line, a few formatting tags
// toggle formatting, comments vanish, and anything else is shown as text.
func (r *renderer) rawHTML(n *ast.RawHTML, f runFmt) {
	var b strings.Builder
	for i := 0; i < n.Segments.Len(); i++ {
		seg := n.Segments.At(i)
		b.Write(seg.Value(r.src))
	}
	s := b.String()
	if strings.HasPrefix(s, "<!--") {
		return
	}
	tag := strings.ToLower(strings.Trim(s, "<>/ \t\n"))
	if i := strings.IndexAny(tag, " \t\n/"); i >= 0 {
		tag = tag[:i]
	}
	closing := strings.HasPrefix(s, "</")
	d := 1
	if closing {
		d = -1
	}
	var c *int
	switch tag {
	case "br":
		r.run("\n", f)
		return
	case "b", "strong":
		c = &r.html.b
	case "i", "em":
		c = &r.html.i
	case "u", "ins":
		c = &r.html.u
	case "s", "del", "strike":
		c = &r.html.s
	case "sup":
		c = &r.html.sup
	case "sub":
		c = &r.html.sub
	}
	if c != nil {
		if strings.HasSuffix(s, "/>") {
			return
		}
		*c = max(*c+d, 0)
		return
	}
	r.run(s, f)
}
