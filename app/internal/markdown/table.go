package markdown

import (
	"strconv"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// Column width estimation looks at this many rows at most.
const widthSampleRows = 200

// table renders a GFM table as a TableGrid w:tbl: the header row bold and
// repeated on every page, column widths from the length of the cells'
// text, alignment from the delimiter row.
func (r *renderer) table(t *east.Table, ctx blockCtx) error {
	ncol := len(t.Alignments)
	if h := t.FirstChild(); ncol == 0 && h != nil {
		ncol = h.ChildCount()
	}
	if ncol == 0 {
		return nil
	}
	left := r.quoteIndent(ctx) + ctx.inset
	if ctx.level >= 0 {
		left += listIndent * (ctx.level + 1)
	}
	avail := max(r.opt.TextWidth-left, 1440)
	widths := r.columnWidths(t, ncol, avail)

	r.raw(`<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="` + strconv.Itoa(avail) + `" w:type="dxa"/>`)
	if left > 0 {
		r.raw(`<w:tblInd w:w="` + strconv.Itoa(left) + `" w:type="dxa"/>`)
	}
	r.raw(`<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>`)
	for _, w := range widths {
		r.raw(`<w:gridCol w:w="` + strconv.Itoa(w) + `"/>`)
	}
	r.raw(`</w:tblGrid>`)
	for row := t.FirstChild(); row != nil; row = row.NextSibling() {
		_, header := row.(*east.TableHeader)
		r.raw(`<w:tr><w:trPr><w:cantSplit/>`)
		if header {
			r.raw(`<w:tblHeader/>`)
		}
		r.raw(`</w:trPr>`)
		cell := row.FirstChild()
		for i := 0; i < ncol; i++ {
			r.raw(`<w:tc><w:tcPr><w:tcW w:w="` + strconv.Itoa(widths[i]) + `" w:type="dxa"/></w:tcPr><w:p><w:pPr>`)
			style := "TableText"
			if header {
				style = "TableHead"
			}
			r.raw(`<w:pStyle w:val="` + style + `"/>`)
			align := east.AlignNone
			if i < len(t.Alignments) {
				align = t.Alignments[i]
			}
			if c, ok := cell.(*east.TableCell); ok && cell != nil {
				align = c.Alignment
			}
			switch align {
			case east.AlignLeft:
				r.raw(`<w:jc w:val="left"/>`)
			case east.AlignCenter:
				r.raw(`<w:jc w:val="center"/>`)
			case east.AlignRight:
				r.raw(`<w:jc w:val="right"/>`)
			}
			r.raw(`</w:pPr>`)
			if cell != nil {
				r.html = htmlFmt{}
				if err := r.inlines(cell, runFmt{}); err != nil {
					return err
				}
				cell = cell.NextSibling()
			}
			r.raw(`</w:p></w:tc>`)
		}
		r.raw(`</w:tr>`)
	}
	r.raw(`</w:tbl>`)
	return nil
}

// columnWidths shares avail twips between ncol columns in proportion to
// the longest text of each (between 4 and 40 characters counted), sampled
// from the first rows.
func (r *renderer) columnWidths(t *east.Table, ncol, avail int) []int {
	weight := make([]int, ncol)
	rows := 0
	for row := t.FirstChild(); row != nil && rows < widthSampleRows; row = row.NextSibling() {
		rows++
		i := 0
		for c := row.FirstChild(); c != nil && i < ncol; c = c.NextSibling() {
			n := cellChars(c, r.src)
			weight[i] = max(weight[i], n)
			i++
		}
	}
	sum := 0
	for i := range weight {
		weight[i] = min(max(weight[i], 4), 40)
		sum += weight[i]
	}
	widths := make([]int, ncol)
	used := 0
	for i := range widths {
		widths[i] = avail * weight[i] / sum
		used += widths[i]
	}
	widths[ncol-1] += avail - used
	return widths
}

// cellChars counts the characters of a cell's text, giving up past 64.
func cellChars(n ast.Node, src []byte) int {
	count := 0
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if count > 64 {
			return ast.WalkStop, nil
		}
		if t, ok := c.(*ast.Text); ok && entering {
			count += utf8.RuneCount(t.Segment.Value(src))
		}
		return ast.WalkContinue, nil
	})
	return count
}
