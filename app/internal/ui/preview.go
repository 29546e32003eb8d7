package ui

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// preview shows the body as rendered Markdown. A long body is cut into
// sections (at headings, and at paragraph breaks in a long section) shown
// in a virtual list, so only what is on screen is laid out and drawn:
// one RichText for a 2,000-line body took ~40 s to appear under Xvfb.
// Tables, which Fyne's Markdown does not render, are shown as aligned
// monospaced grids.
type preview struct {
	list    *widget.List
	chunks  []string
	heights []float32
}

func newPreview() *preview {
	p := &preview{}
	p.list = widget.NewList(
		func() int { return len(p.chunks) },
		func() fyne.CanvasObject {
			r := widget.NewRichText()
			r.Wrapping = fyne.TextWrapWord
			return r
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(p.chunks) {
				return
			}
			r := o.(*widget.RichText)
			r.ParseMarkdown(p.chunks[id])
			w := p.list.Size().Width - 2*p.list.Theme().Size("padding")
			r.Resize(fyne.NewSize(w, r.Size().Height))
			if h := r.MinSize().Height; h != p.heights[id] {
				p.heights[id] = h
				p.list.SetItemHeight(id, h)
			}
		},
	)
	p.list.HideSeparators = true
	p.list.OnSelected = func(widget.ListItemID) { p.list.UnselectAll() }
	return p
}

// set shows body.
func (p *preview) set(body string) {
	p.chunks = previewChunks(body)
	p.heights = make([]float32, len(p.chunks))
	p.list.Refresh()
}

// previewChunks cuts a body into sections that render alone as they do
// together: at ATX headings and, in a section longer than 60 lines, at a
// blank line followed by an unindented line; never inside fenced code.
func previewChunks(body string) []string {
	lines := strings.Split(alignTables(body), "\n")
	var chunks []string
	start, fence := 0, ""
	cut := func(i int) {
		if s := strings.Join(lines[start:i], "\n"); strings.TrimSpace(s) != "" {
			chunks = append(chunks, s)
		}
		start = i
	}
	for i, l := range lines {
		t := strings.TrimLeft(l, " ")
		if fence != "" {
			if strings.HasPrefix(t, fence) {
				fence = ""
			}
			continue
		}
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = t[:3]
			continue
		}
		switch {
		case i > start && strings.HasPrefix(l, "#"):
			cut(i)
		case i-start > 60 && i > 0 && strings.TrimSpace(lines[i-1]) == "" && l != "" && l[0] != ' ' && l[0] != '\t' && !listItem.MatchString(l):
			cut(i)
		}
	}
	cut(len(lines))
	if len(chunks) == 0 {
		chunks = []string{""}
	}
	return chunks
}

var (
	listItem     = regexp.MustCompile(`^([-*+]|\d+[.)])\s`)
	delimiterRow = regexp.MustCompile(`^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$`)
)

// gridMaxWidth is the widest table (in characters) shown as a grid; a
// wider one would wrap in the preview pane, so it is shown as one bullet
// per row ("**first cell** — header: cell; ...").
const gridMaxWidth = 48

// recordLines shows a wide table as one bullet per body row.
func recordLines(cells [][]string) []string {
	out := []string{""}
	head := cells[0]
	for _, row := range cells[2:] {
		var parts []string
		for c := 1; c < len(row); c++ {
			h := ""
			if c < len(head) && head[c] != "" {
				h = head[c] + ": "
			}
			parts = append(parts, h+row[c])
		}
		first := ""
		if len(row) > 0 {
			first = row[0]
		}
		out = append(out, "- **"+first+"** — "+strings.Join(parts, "; "))
	}
	return append(out, "")
}

// alignTables turns each GFM table (a row, a delimiter row, more rows)
// into a fenced block with the cells padded to their column's width.
func alignTables(body string) string {
	if !strings.Contains(body, "|") {
		return body
	}
	lines := strings.Split(body, "\n")
	var out []string
	for i := 0; i < len(lines); i++ {
		if i+1 < len(lines) && strings.Contains(lines[i], "|") && delimiterRow.MatchString(lines[i+1]) && strings.Contains(lines[i+1], "-") {
			end := i + 2
			for end < len(lines) && strings.Contains(lines[end], "|") && strings.TrimSpace(lines[end]) != "" {
				end++
			}
			out = append(out, gridLines(lines[i:end])...)
			i = end - 1
			continue
		}
		out = append(out, lines[i])
	}
	return strings.Join(out, "\n")
}

func gridLines(rows []string) []string {
	cells := make([][]string, len(rows))
	var widths []int
	for r, row := range rows {
		row = strings.TrimSpace(row)
		row = strings.TrimSuffix(strings.TrimPrefix(row, "|"), "|")
		for c, cell := range strings.Split(row, "|") {
			cell = strings.TrimSpace(cell)
			if r == 1 {
				cell = ""
			}
			cells[r] = append(cells[r], cell)
			if c >= len(widths) {
				widths = append(widths, 0)
			}
			widths[c] = max(widths[c], utf8.RuneCountInString(cell))
		}
	}
	total := 3 * (len(widths) - 1)
	for _, w := range widths {
		total += w
	}
	if total > gridMaxWidth {
		return recordLines(cells)
	}
	out := []string{"```"}
	for r, row := range cells {
		var b strings.Builder
		for c, w := range widths {
			cell := ""
			if c < len(row) {
				cell = row[c]
			}
			if r == 1 {
				cell = strings.Repeat("-", w)
			}
			b.WriteString(cell + strings.Repeat(" ", w-utf8.RuneCountInString(cell)))
			if c < len(widths)-1 {
				b.WriteString(" | ")
			}
		}
		out = append(out, strings.TrimRight(b.String(), " "))
	}
	return append(out, "```")
}
