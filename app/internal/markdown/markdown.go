// Package markdown owns the conversion of a contribution's Markdown body
// into WordprocessingML: the w:p and w:tbl elements that go into
// word/document.xml, plus the relationships, media parts, content-type
// defaults and numbering instances the docx writer must add around them.
//
// Markdown is parsed with goldmark (CommonMark plus the GFM table,
// strikethrough, linkify and task-list extensions) into an AST, and this
// package walks the AST itself; no HTML is produced on the way. The output
// uses the styles of the FG base template (templates/fg-base/word/styles.xml):
// Heading1..6, ListParagraph with the numbering.xml lists (w:num 1 for
// bullets, a fresh w:num per numbered list so each restarts at its first
// number), TableGrid tables with a bold repeated header row, Hyperlink,
// SourceCode, Quote, Figure and Caption.
//
// Every piece of text passes through package ooxml's escaping, so no input
// (NUL bytes, control characters, invalid UTF-8) can make the XML malformed.
// Images are read from local files only, relative to Options.BaseDir; a
// missing, unreadable, oversized or unsupported image is an error that names
// the path and the line of the body.
package markdown

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/fgdesk/fgdesk/app/internal/ooxml"
)

// Page geometry of the FG base template, in twips (1/20 pt).
const (
	// DefaultTextWidth is the text width of an A4 page with 2 cm margins.
	DefaultTextWidth = 9638
	// DefaultTextHeight is the text height of an A4 page with 2 cm margins,
	// less room for the footer.
	DefaultTextHeight = 13000
	// listIndent is the indent of one list level (numbering.xml uses it).
	listIndent = 567
	// emuPerTwip converts twips to English Metric Units.
	emuPerTwip = 635
	// emuPerPixel assumes 96 pixels per inch, as Word does for images
	// without a resolution.
	emuPerPixel = 9525
)

// Limits on images, chosen so that an exported file stays well inside the
// checker's own limits (package ooxml) and TSB's upload habits.
const (
	DefaultMaxImageBytes  = 16 << 20 // one image file
	DefaultMaxImages      = 200      // distinct image files in one body
	DefaultMaxTotalImages = 48 << 20 // all image files together
)

// maxLinkTarget is the longest hyperlink target written as a link; Word
// refuses longer ones.
const maxLinkTarget = 2000

// Relationship types the body needs.
const (
	RelHyperlink = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
	RelImage     = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
)

// Numbering definitions of the template's numbering.xml.
const (
	BulletNumID      = 1 // the w:num all bullet lists share
	AbstractDot      = 2 // decimal "1." lists
	AbstractParen    = 3 // decimal "1)" lists
	DefaultFirstNum  = 2 // first w:num id handed to numbered lists
	maxLevel         = 8 // deepest w:ilvl
	maxQuoteIndented = 8 // deeper block quotes are not indented further
)

// Options tunes Render. The zero value is usable.
type Options struct {
	// BaseDir is the folder image paths are relative to (the draft's
	// folder). Empty means the current directory.
	BaseDir string
	// TextWidth is the text width in twips; 0 means DefaultTextWidth.
	TextWidth int
	// MaxImageBytes caps one image file; 0 means DefaultMaxImageBytes.
	MaxImageBytes int64
	// MaxImages caps distinct image files; 0 means DefaultMaxImages.
	MaxImages int
	// MaxTotalImageBytes caps all image files; 0 means DefaultMaxTotalImages.
	MaxTotalImageBytes int64
	// FirstNumID is the first w:num id for numbered lists; 0 means
	// DefaultFirstNum.
	FirstNumID int
	// RelPrefix prefixes relationship ids; empty means "rIdMd".
	RelPrefix string
	// NoImages renders images as their alt text instead of reading files
	// (for previews and fuzzing).
	NoImages bool
	// Timeout bounds the rendering; 0 means DefaultTimeout, a negative
	// value no limit. See ErrTooComplex.
	Timeout time.Duration
}

// Rel is a relationship of word/document.xml that the body uses.
type Rel struct {
	ID       string
	Type     string // RelHyperlink or RelImage
	Target   string // URL, or media part name relative to word/
	External bool   // TargetMode="External"
}

// Media is an image part to add to the package.
type Media struct {
	Name        string // part name, e.g. "word/media/image1.png"
	Data        []byte
	ContentType string // e.g. "image/png"
	Source      string // the file it was read from
}

// Default is a content-type default ([Content_Types].xml) the media need.
type Default struct {
	Ext         string // without the dot, e.g. "png"
	ContentType string
}

// Num is a w:num instance to add to numbering.xml: it points at an abstract
// numbering and restarts level Level at Start.
type Num struct {
	ID       int
	Abstract int
	Level    int
	Start    int
}

// Result is a rendered body.
type Result struct {
	// XML is a sequence of w:p and w:tbl elements (no wrapper), using the
	// namespace prefixes w, r, wp, a and pic.
	XML      string
	Rels     []Rel
	Media    []Media
	Defaults []Default
	Nums     []Num
	// Headings lists the text of every heading, in order.
	Headings []string
}

// ImageError is returned for an image that cannot be embedded.
type ImageError struct {
	Path string // as written in the body
	Line int    // 1-based line of the body, 0 if unknown
	Err  error
}

func (e *ImageError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("body line %d: image %s: %v", e.Line, e.Path, e.Err)
	}
	return fmt.Sprintf("body: image %s: %v", e.Path, e.Err)
}

func (e *ImageError) Unwrap() error { return e.Err }

// Errors wrapped by ImageError.
var (
	ErrImageTooLarge   = errors.New("image too large")
	ErrTooManyImages   = errors.New("too many images")
	ErrImageFormat     = errors.New("not a PNG, JPEG or GIF image")
	ErrImageNotLocal   = errors.New("only image files on this computer can be embedded")
	ErrImagesTotalSize = errors.New("images too large together")
)

var md = goldmark.New(
	goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify, extension.TaskList),
	goldmark.WithParserOptions(parser.WithAutoHeadingID()),
)

// Render converts a Markdown body to WordprocessingML.
func Render(src string, opt Options) (*Result, error) {
	if opt.TextWidth <= 0 {
		opt.TextWidth = DefaultTextWidth
	}
	if opt.MaxImageBytes <= 0 {
		opt.MaxImageBytes = DefaultMaxImageBytes
	}
	if opt.MaxImages <= 0 {
		opt.MaxImages = DefaultMaxImages
	}
	if opt.MaxTotalImageBytes <= 0 {
		opt.MaxTotalImageBytes = DefaultMaxTotalImages
	}
	if opt.FirstNumID <= 0 {
		opt.FirstNumID = DefaultFirstNum
	}
	if opt.RelPrefix == "" {
		opt.RelPrefix = "rIdMd"
	}
	if opt.Timeout == 0 {
		opt.Timeout = DefaultTimeout
	}
	source := []byte(src)
	if err := checkComplexity(source); err != nil {
		return nil, err
	}
	if opt.Timeout < 0 {
		return render(source, opt)
	}
	type outcome struct {
		res *Result
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		res, err := render(source, opt)
		done <- outcome{res, err}
	}()
	timer := time.NewTimer(opt.Timeout)
	defer timer.Stop()
	select {
	case o := <-done:
		return o.res, o.err
	case <-timer.C:
		// The parse goes on in the background until it ends; its result
		// is dropped.
		return nil, &complexityError{msg: fmt.Sprintf("rendering took more than %v (%v); simplify the Markdown", opt.Timeout, ErrTooComplex)}
	}
}

// render parses and renders; a panic (a bug) becomes an error.
func render(source []byte, opt Options) (res *Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			res, err = nil, fmt.Errorf("body: internal error while rendering (please report it): %v", p)
		}
	}()
	doc := md.Parser().Parse(text.NewReader(source))
	r := &renderer{
		src:     source,
		opt:     opt,
		nextNum: opt.FirstNumID,
		links:   map[string]string{},
		images:  map[string]*imagePart{},
		buf:     make([]byte, 0, min(len(source)*6, 32<<20)+256),
	}
	if err := r.blocks(doc, blockCtx{level: -1}); err != nil {
		return nil, err
	}
	r.flush()
	r.res.XML = string(r.buf)
	return &r.res, nil
}

// blockCtx says where a block sits: in which list level and quote depth.
type blockCtx struct {
	level int  // list level (w:ilvl), -1 outside lists
	numID int  // w:num of the innermost list
	first bool // the next paragraph is the first of a list item
	quote int  // block quote depth
	inset int  // extra left indent (twips) from enclosing lists
}

type renderer struct {
	src     []byte
	opt     Options
	buf     []byte
	res     Result
	nextNum int
	nextRel int
	docPr   int
	links   map[string]string     // URL -> rel id
	images  map[string]*imagePart // clean path -> part
	imgSum  int64
	html    htmlFmt // formatting toggled by inline HTML tags
	para    int     // source offset of the current block, for line numbers

	// The pending run (see run and flush).
	pending  bool
	pendFmt  runFmt
	pendText []byte
}

// raw writes markup, after any pending run.
func (r *renderer) raw(s string) {
	if r.pending {
		r.flush()
	}
	r.buf = append(r.buf, s...)
}

func (r *renderer) relID() string {
	r.nextRel++
	return r.opt.RelPrefix + strconv.Itoa(r.nextRel)
}

// blocks renders the block children of n.
func (r *renderer) blocks(n ast.Node, ctx blockCtx) error {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if err := r.block(c, ctx); err != nil {
			return err
		}
		ctx.first = false
	}
	return nil
}

func (r *renderer) block(n ast.Node, ctx blockCtx) error {
	if l := n.Lines(); l != nil && l.Len() > 0 {
		r.para = l.At(0).Start
	}
	r.html = htmlFmt{}
	switch n := n.(type) {
	case *ast.Heading:
		return r.heading(n, ctx)
	case *ast.Paragraph, *ast.TextBlock:
		return r.paragraph(n, ctx)
	case *ast.List:
		return r.list(n, ctx)
	case *ast.Blockquote:
		ctx.quote++
		return r.blocks(n, ctx)
	case *ast.FencedCodeBlock:
		r.code(n.Lines(), ctx)
	case *ast.CodeBlock:
		r.code(n.Lines(), ctx)
	case *ast.ThematicBreak:
		r.raw(`<w:p><w:pPr><w:pStyle w:val="HorizontalRule"/>`)
		r.indent(ctx, false)
		r.raw(`</w:pPr></w:p>`)
	case *ast.HTMLBlock:
		r.htmlBlock(n, ctx)
	case *east.Table:
		return r.table(n, ctx)
	default:
		// Unknown block (an extension node): render what it contains.
		if n.Type() == ast.TypeBlock {
			return r.blocks(n, ctx)
		}
		r.raw(`<w:p>`)
		if err := r.inline(n, runFmt{}); err != nil {
			return err
		}
		r.raw(`</w:p>`)
	}
	return nil
}

func (r *renderer) heading(n *ast.Heading, ctx blockCtx) error {
	lvl := min(max(n.Level, 1), 6)
	r.raw(`<w:p><w:pPr><w:pStyle w:val="Heading` + strconv.Itoa(lvl) + `"/>`)
	if ctx.first && ctx.level >= 0 {
		r.numPr(ctx)
	}
	r.raw(`</w:pPr>`)
	if err := r.inlines(n, runFmt{}); err != nil {
		return err
	}
	r.raw(`</w:p>`)
	r.res.Headings = append(r.res.Headings, plainText(n, r.src))
	return nil
}

// paragraph renders a paragraph or a tight list item's text block.
func (r *renderer) paragraph(n ast.Node, ctx blockCtx) error {
	if img, ok := r.soleImage(n); ok && ctx.level < 0 && ctx.quote == 0 {
		return r.figure(img, ctx)
	}
	if isTableTitle(n, r.src) && ctx.level < 0 && ctx.quote == 0 {
		// A "Table 1 – ..." paragraph right before a table is its title,
		// above it (as ITU documents have it), kept on the table's page.
		r.raw(`<w:p><w:pPr><w:pStyle w:val="Caption"/><w:keepNext/></w:pPr>`)
	} else {
		r.pOpen(ctx)
	}
	if err := r.inlines(n, runFmt{}); err != nil {
		return err
	}
	r.raw(`</w:p>`)
	return nil
}

// isTableTitle reports whether a paragraph is a table's title: its text
// starts with "Table" and a number, and a table follows it.
func isTableTitle(n ast.Node, src []byte) bool {
	if _, ok := n.NextSibling().(*east.Table); !ok {
		return false
	}
	return tableTitleRE.MatchString(plainText(n, src))
}

var tableTitleRE = regexp.MustCompile(`^Table\s+[0-9A-Z][0-9.-]*\b`)

// pOpen writes <w:p> and, if ctx needs any, its properties.
func (r *renderer) pOpen(ctx blockCtx) {
	r.raw(`<w:p><w:pPr>`)
	mark := len(r.buf)
	r.pStyle(ctx)
	if len(r.buf) == mark {
		r.buf = r.buf[:mark-len(`<w:pPr>`)]
		return
	}
	r.raw(`</w:pPr>`)
}

// pStyle writes the paragraph properties for ctx (inside w:pPr).
func (r *renderer) pStyle(ctx blockCtx) {
	switch {
	case ctx.level >= 0:
		r.raw(`<w:pStyle w:val="ListParagraph"/>`)
		if ctx.first {
			r.numPr(ctx)
			if ctx.quote > 0 || ctx.inset > 0 {
				left := r.quoteIndent(ctx) + ctx.inset + listIndent*(ctx.level+1)
				r.raw(`<w:ind w:left="` + strconv.Itoa(left) + `" w:hanging="` + strconv.Itoa(listIndent) + `"/>`)
			}
		} else {
			r.indent(ctx, true)
		}
	case ctx.quote > 0:
		r.raw(`<w:pStyle w:val="Quote"/>`)
		if ctx.quote > 1 {
			r.indent(ctx, false)
		}
	default:
		if ctx.inset > 0 {
			r.indent(ctx, false)
		}
	}
}

// numPr writes the numbering of the first paragraph of a list item.
func (r *renderer) numPr(ctx blockCtx) {
	r.raw(`<w:numPr><w:ilvl w:val="` + strconv.Itoa(min(ctx.level, maxLevel)) + `"/><w:numId w:val="` + strconv.Itoa(ctx.numID) + `"/></w:numPr>`)
}

func (r *renderer) quoteIndent(ctx blockCtx) int {
	return listIndent * min(ctx.quote, maxQuoteIndented)
}

// indent writes a w:ind for a paragraph that continues a list item or sits
// in a nested quote (withList adds the list's text indent).
func (r *renderer) indent(ctx blockCtx, withList bool) {
	left := r.quoteIndent(ctx) + ctx.inset
	if withList && ctx.level >= 0 {
		left += listIndent * (min(ctx.level, maxLevel) + 1)
	}
	if left > 0 {
		r.raw(`<w:ind w:left="` + strconv.Itoa(left) + `"/>`)
	}
}

// emptyItem writes an empty numbered paragraph, for a list item whose first
// block is not a paragraph (a code block, a table, a quote) or that is empty.
func (r *renderer) emptyItem(ctx blockCtx) {
	r.pOpen(ctx)
	r.raw(`</w:p>`)
}

func (r *renderer) list(n *ast.List, ctx blockCtx) error {
	level := ctx.level + 1
	numID := BulletNumID
	if n.IsOrdered() {
		numID = r.nextNum
		r.nextNum++
		abs := AbstractDot
		if n.Marker == ')' {
			abs = AbstractParen
		}
		start := n.Start
		if start < 0 || start > 999999999 {
			start = 1
		}
		r.res.Nums = append(r.res.Nums, Num{ID: numID, Abstract: abs, Level: min(level, maxLevel), Start: start})
	}
	inset := ctx.inset
	if level > maxLevel {
		inset += listIndent * (level - maxLevel)
	}
	for item := n.FirstChild(); item != nil; item = item.NextSibling() {
		ictx := blockCtx{level: min(level, maxLevel), numID: numID, first: true, quote: ctx.quote, inset: inset}
		if item.FirstChild() == nil {
			r.emptyItem(ictx)
			continue
		}
		for c := item.FirstChild(); c != nil; c = c.NextSibling() {
			switch c.(type) {
			case *ast.Paragraph, *ast.TextBlock, *ast.Heading:
			default:
				if ictx.first {
					r.emptyItem(ictx)
					ictx.first = false
				}
			}
			if err := r.block(c, ictx); err != nil {
				return err
			}
			ictx.first = false
		}
	}
	return nil
}

// code renders a code block, one SourceCode paragraph per line.
func (r *renderer) code(lines *text.Segments, ctx blockCtx) {
	n := max(lines.Len(), 1) // an empty code block still shows one line
	for i := range n {
		line := ""
		if i < lines.Len() {
			seg := lines.At(i)
			line = strings.TrimRight(string(seg.Value(r.src)), "\r\n")
			if seg.Padding > 0 {
				line = strings.Repeat(" ", seg.Padding) + line
			}
		}
		r.raw(`<w:p><w:pPr><w:pStyle w:val="SourceCode"/>`)
		if i < n-1 {
			r.raw(`<w:keepNext/>`)
		}
		left := r.quoteIndent(ctx) + ctx.inset + 284
		if ctx.level >= 0 {
			left += listIndent * (ctx.level + 1)
		}
		r.raw(`<w:ind w:left="` + strconv.Itoa(left) + `"/>`)
		r.raw(`</w:pPr>`)
		if line != "" {
			r.raw(`<w:r>`)
			r.buf = ooxml.AppendRunText(r.buf, line)
			r.raw(`</w:r>`)
		}
		r.raw(`</w:p>`)
	}
}

// htmlBlock renders raw HTML as the text it contains; comments are dropped.
func (r *renderer) htmlBlock(n *ast.HTMLBlock, ctx blockCtx) {
	var b strings.Builder
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		b.Write(seg.Value(r.src))
	}
	if n.HasClosure() {
		b.Write(n.ClosureLine.Value(r.src))
	}
	s := strings.TrimSpace(b.String())
	if s == "" || n.HTMLBlockType == ast.HTMLBlockType2 {
		return // an HTML comment
	}
	if strings.EqualFold(strings.TrimRight(strings.ReplaceAll(s, " ", ""), "/"), "<br") || strings.EqualFold(s, "<br>") {
		r.raw(`<w:p/>`)
		return
	}
	r.pOpen(ctx)
	r.raw(`<w:r>`)
	r.buf = ooxml.AppendRunText(r.buf, s)
	r.raw(`</w:r></w:p>`)
}

// soleImage reports whether a paragraph holds one image and nothing else
// (but spaces).
func (r *renderer) soleImage(n ast.Node) (*ast.Image, bool) {
	var img *ast.Image
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Image:
			if img != nil {
				return nil, false
			}
			img = c
		case *ast.Text:
			if len(bytes.TrimSpace(c.Segment.Value(r.src))) != 0 || c.HardLineBreak() {
				return nil, false
			}
		default:
			return nil, false
		}
	}
	return img, img != nil
}

// plainText returns the text of n's inline children, unescaped.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(textValue(c, src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.AutoLink:
			b.Write(c.Label(src))
		}
		return ast.WalkContinue, nil
	})
	return ooxml.CleanText(strings.TrimSpace(b.String()))
}

// textValue returns the text of a Text node with backslash escapes and
// character references resolved (unless the node is raw, as in code spans).
func textValue(t *ast.Text, src []byte) []byte {
	v := t.Segment.Value(src)
	if t.IsRaw() {
		return v
	}
	return unescape(v)
}

// unescape resolves backslash escapes and entity and numeric references.
func unescape(v []byte) []byte {
	if bytes.IndexByte(v, '\\') < 0 && bytes.IndexByte(v, '&') < 0 {
		return v
	}
	v = util.UnescapePunctuations(v)
	v = util.ResolveNumericReferences(v)
	return util.ResolveEntityNames(v)
}

// lineOf returns the 1-based line of byte offset off in src.
func lineOf(src []byte, off int) int {
	if off < 0 || off > len(src) {
		return 0
	}
	return bytes.Count(src[:off], []byte{'\n'}) + 1
}
