package ui

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// textEditor is FG Desk's multi-line text field (title, abstract, body).
//
// Why not widget.Entry: Fyne v2.7.1's Entry with TextWrapWord drops the
// space at a wrap point from its row boundaries, and its row/column <->
// offset mapping then puts the cursor before that space: the next
// character goes in front of it, so "work plan" becomes "workplan" with the
// space pushed along to the end (TestEditorTypingKeepsText reproduces it on
// widget.Entry). Entry also re-wraps and re-measures the whole text on every
// keystroke (about a second per key on a 2,000-line body).
//
// textEditor keeps the text as logical lines of runes; the text is only
// ever changed by replace(), which splices exactly what was typed or
// pasted. Wrapping is display-only: each line's visual rows are a list of
// rune offsets into that line, recomputed for that line alone when it
// changes, and only the visible rows are drawn. It uses a monospaced font,
// so wrapping needs no text measurement.
type textEditor struct {
	widget.BaseWidget

	lines [][]rune
	wraps [][]int // per line: the rune offset where each visual row starts
	cols  int     // characters per visual row the wraps were made for

	cur, anchor pos  // cursor, and the other end of the selection
	selecting   bool // a selection exists from anchor to cur
	focused     bool
	text        string // cached Text(); valid while textOK
	textOK      bool

	PlaceHolder  string // shown, wrapped, while the text is empty
	singlePara   bool   // no newlines or tabs (the title): Return and pasted breaks become spaces
	minRows      int
	scrolled     bool              // the body: drawn inside its own scroll container
	scroll       *container.Scroll // set when scrolled
	OnChanged    func(string)
	onGrow       func() // called when the row count changes (grow mode), to re-lay the form
	shortcut     func(fyne.Shortcut) bool
	undo, redo   []edit
	lastRows     int
	dragging     bool
	cellW, cellH float32
	textSize     float32
	style        fyne.TextStyle
}

// pos is a place in the text: logical line and rune column.
type pos struct{ line, col int }

func (a pos) before(b pos) bool { return a.line < b.line || (a.line == b.line && a.col < b.col) }

// edit is one undoable change: at, the text removed and the text inserted.
type edit struct {
	at       pos
	old, new string
}

// newTextEditor makes an editor showing at least minRows rows. scrolled
// editors (the body) scroll inside themselves; the others grow with their
// text, so the mouse wheel over them scrolls the form around them.
func newTextEditor(placeholder string, minRows int, scrolled bool) *textEditor {
	e := &textEditor{PlaceHolder: placeholder, minRows: minRows, scrolled: scrolled, lines: [][]rune{{}}, wraps: [][]int{{0}}}
	e.style = fyne.TextStyle{Monospace: true}
	e.ExtendBaseWidget(e)
	e.measure()
	if scrolled {
		e.scroll = container.NewVScroll(e)
		e.scroll.SetMinSize(fyne.NewSize(0, float32(minRows)*e.cellH+2*theme.InnerPadding()))
		e.scroll.OnScrolled = func(fyne.Position) { e.Refresh() }
	}
	return e
}

// object is what to put in a layout: the scroll container or the editor.
func (e *textEditor) object() fyne.CanvasObject {
	if e.scroll != nil {
		return e.scroll
	}
	return e
}

func (e *textEditor) measure() {
	e.textSize = theme.TextSize()
	s := fyne.MeasureText("MMMMMMMMMM", e.textSize, e.style)
	e.cellW, e.cellH = s.Width/10, s.Height
}

// Text is the editor's text, exactly as typed.
func (e *textEditor) Text() string {
	if !e.textOK {
		var b strings.Builder
		for i, l := range e.lines {
			if i > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(string(l))
		}
		e.text, e.textOK = b.String(), true
	}
	return e.text
}

// SetText replaces the text (clearing undo), puts the cursor at the start
// and calls OnChanged.
func (e *textEditor) SetText(s string) {
	if e.singlePara {
		s = oneParagraph(s)
	}
	parts := strings.Split(s, "\n")
	e.lines = make([][]rune, len(parts))
	for i, p := range parts {
		e.lines[i] = []rune(p)
	}
	e.text, e.textOK = s, true
	e.wraps = make([][]int, len(e.lines))
	for i := range e.lines {
		e.wraps[i] = e.wrapLine(i)
	}
	e.cur, e.anchor, e.selecting = pos{}, pos{}, false
	e.undo, e.redo = nil, nil
	e.changedRows()
	if e.scroll != nil {
		e.scroll.ScrollToTop()
	}
	e.Refresh()
	if e.OnChanged != nil {
		e.OnChanged(s)
	}
}

// oneParagraph turns tabs and line breaks into single spaces.
func oneParagraph(s string) string {
	if !strings.ContainsAny(s, "\t\r\n") {
		return s
	}
	return strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ", "\t", " ").Replace(s)
}

// wrapLine computes the visual row starts of line i at e.cols columns:
// break after the last space that fits (a space at the edge may hang
// over it), else mid-word. The text itself is never touched.
func (e *textEditor) wrapLine(i int) []int {
	l := e.lines[i]
	cols := e.cols
	starts := []int{0}
	if cols <= 0 {
		return starts
	}
	for s := 0; len(l)-s > cols; {
		end := s + cols // exclusive
		cut := -1
		for j := min(end, len(l)-1); j > s; j-- {
			if l[j] == ' ' {
				cut = j + 1
				break
			}
		}
		if cut <= s || cut > len(l) {
			cut = end
		}
		if cut >= len(l) {
			break
		}
		starts = append(starts, cut)
		s = cut
	}
	return starts
}

func (e *textEditor) rows() int {
	n := 0
	for _, w := range e.wraps {
		n += len(w)
	}
	return n
}

// rowOf is the visual row of p and the start offset of that row.
func (e *textEditor) rowOf(p pos) (row, start int) {
	for i := 0; i < p.line; i++ {
		row += len(e.wraps[i])
	}
	w := e.wraps[p.line]
	k := 0
	for k+1 < len(w) && w[k+1] <= p.col {
		k++
	}
	return row + k, w[k]
}

// posAtRow is the position in visual row r at column c.
func (e *textEditor) posAtRow(r, c int) pos {
	if r < 0 {
		return pos{}
	}
	for i, w := range e.wraps {
		if r < len(w) {
			start := w[r]
			end := len(e.lines[i])
			if r+1 < len(w) {
				end = max(w[r+1]-1, start) // offset w[r+1] is drawn on the next row
			}
			return pos{i, min(start+max(c, 0), end)}
		}
		r -= len(w)
	}
	last := len(e.lines) - 1
	return pos{last, len(e.lines[last])}
}

// SetPlaceHolder sets the text shown while the editor is empty.
func (e *textEditor) SetPlaceHolder(s string) {
	e.PlaceHolder = s
	e.Refresh()
}

// wrapText word-wraps s (placeholder text) at cols columns, at most 8 rows.
func wrapText(s string, cols int) []string {
	tmp := &textEditor{cols: cols}
	var rows []string
	for _, line := range strings.Split(s, "\n") {
		tmp.lines = [][]rune{[]rune(line)}
		starts := tmp.wrapLine(0)
		for k, st := range starts {
			end := len(tmp.lines[0])
			if k+1 < len(starts) {
				end = starts[k+1]
			}
			rows = append(rows, string(tmp.lines[0][st:end]))
		}
	}
	return rows[:min(len(rows), 8)]
}

// --- editing ---

func (e *textEditor) offsetAfter(at pos, s string) pos {
	rs := []rune(s)
	nl := strings.Count(s, "\n")
	if nl == 0 {
		return pos{at.line, at.col + len(rs)}
	}
	return pos{at.line + nl, len([]rune(s[strings.LastIndexByte(s, '\n')+1:]))}
}

func (e *textEditor) textBetween(a, b pos) string {
	if a.line == b.line {
		return string(e.lines[a.line][a.col:b.col])
	}
	var sb strings.Builder
	sb.WriteString(string(e.lines[a.line][a.col:]))
	for i := a.line + 1; i < b.line; i++ {
		sb.WriteByte('\n')
		sb.WriteString(string(e.lines[i]))
	}
	sb.WriteByte('\n')
	sb.WriteString(string(e.lines[b.line][:b.col]))
	return sb.String()
}

// replace puts s in place of the text from a to b (a before b) and moves
// the cursor after it. Every change of the text goes through here.
func (e *textEditor) replace(a, b pos, s string, record bool) {
	if e.singlePara {
		s = oneParagraph(s)
	}
	old := e.textBetween(a, b)
	if old == "" && s == "" {
		return
	}
	if record {
		e.redo = nil
		n := len(e.undo)
		if n > 0 && old == "" && len(s) == 1 && s != "\n" && e.undo[n-1].old == "" &&
			e.offsetAfter(e.undo[n-1].at, e.undo[n-1].new) == a && !strings.HasSuffix(e.undo[n-1].new, " ") {
			e.undo[n-1].new += s // typing a word is one undo step
		} else {
			e.undo = append(e.undo, edit{at: a, old: old, new: s})
		}
	}
	prefix := e.lines[a.line][:a.col:a.col]
	suffix := e.lines[b.line][b.col:]
	parts := strings.Split(s, "\n")
	nl := make([][]rune, len(parts))
	for i, p := range parts {
		nl[i] = []rune(p)
	}
	last := len(nl) - 1
	endCol := len(nl[last])
	if last == 0 {
		endCol += len(prefix)
	}
	nl[0] = append(append([]rune{}, prefix...), nl[0]...)
	nl[last] = append(nl[last], suffix...)
	if len(nl) == 1 && a.line == b.line {
		e.lines[a.line] = nl[0]
		e.wraps[a.line] = e.wrapLine(a.line)
	} else {
		lines := make([][]rune, 0, len(e.lines)-(b.line-a.line)+last)
		lines = append(append(append(lines, e.lines[:a.line]...), nl...), e.lines[b.line+1:]...)
		wraps := make([][]int, 0, len(lines))
		wraps = append(append(append(wraps, e.wraps[:a.line]...), make([][]int, len(nl))...), e.wraps[b.line+1:]...)
		e.lines, e.wraps = lines, wraps
		for i := a.line; i <= a.line+last; i++ {
			e.wraps[i] = e.wrapLine(i)
		}
	}
	e.textOK = false
	e.cur = pos{a.line + last, endCol}
	e.anchor, e.selecting = e.cur, false
	e.changedRows()
	e.showCursor()
	e.Refresh()
	if e.OnChanged != nil {
		e.OnChanged(e.Text())
	}
}

// insert types s at the cursor, replacing the selection.
func (e *textEditor) insert(s string) {
	a, b := e.cur, e.cur
	if e.selecting {
		a, b = e.selection()
	}
	e.replace(a, b, s, true)
}

func (e *textEditor) selection() (pos, pos) {
	if e.anchor.before(e.cur) {
		return e.anchor, e.cur
	}
	return e.cur, e.anchor
}

// SelectedText is the selected text ("" without a selection).
func (e *textEditor) SelectedText() string {
	if !e.selecting {
		return ""
	}
	a, b := e.selection()
	return e.textBetween(a, b)
}

func (e *textEditor) undoLast(stack *[]edit, other *[]edit) {
	if len(*stack) == 0 {
		return
	}
	ed := (*stack)[len(*stack)-1]
	*stack = (*stack)[:len(*stack)-1]
	end := e.offsetAfter(ed.at, ed.new)
	e.replace(ed.at, end, ed.old, false)
	*other = append(*other, edit{at: ed.at, old: ed.new, new: ed.old})
}

// changedRows tells a growing editor's form to re-lay it out, and a
// scrolled one's scroll container its new height.
func (e *textEditor) changedRows() {
	n := e.rows()
	if n == e.lastRows {
		return
	}
	e.lastRows = n
	if e.scroll != nil {
		e.scroll.Refresh()
	} else if e.onGrow != nil {
		e.onGrow()
	}
}

// showCursor scrolls the body so the cursor row is visible.
func (e *textEditor) showCursor() {
	if e.scroll == nil {
		return
	}
	row, _ := e.rowOf(e.cur)
	pad := theme.InnerPadding()
	y := pad + float32(row)*e.cellH
	off := e.scroll.Offset.Y
	h := e.scroll.Size().Height
	switch {
	case y < off:
		e.scroll.ScrollToOffset(fyne.NewPos(0, y-pad))
	case y+e.cellH > off+h:
		e.scroll.ScrollToOffset(fyne.NewPos(0, y+e.cellH+pad-h))
	}
}

// --- fyne interfaces ---

func (e *textEditor) MinSize() fyne.Size {
	pad := theme.InnerPadding()
	rows := max(e.minRows, e.lastRows)
	if e.scroll != nil {
		rows = max(e.lastRows, 1)
	}
	return fyne.NewSize(e.cellW*8+2*pad, float32(rows)*e.cellH+2*pad)
}

func (e *textEditor) Resize(s fyne.Size) {
	cols := int((s.Width - 2*theme.InnerPadding()) / e.cellW)
	if cols < 1 {
		cols = 1
	}
	e.BaseWidget.Resize(s)
	if cols != e.cols {
		e.cols = cols
		for i := range e.lines {
			e.wraps[i] = e.wrapLine(i)
		}
		e.changedRows()
		e.Refresh()
	}
}

func (e *textEditor) FocusGained() { e.focused = true; e.Refresh() }
func (e *textEditor) FocusLost()   { e.focused = false; e.dragging = false; e.Refresh() }

// AcceptsTab is false: Tab and Shift+Tab move the focus out, as in every
// other field (Ctrl+Tab inserts a tab in the body).
func (e *textEditor) AcceptsTab() bool { return false }

func (e *textEditor) TypedRune(r rune) {
	if e.singlePara && (r == '\t' || r == '\n') {
		r = ' '
	}
	e.insert(string(r))
}

func shiftHeld() bool {
	if d, ok := fyne.CurrentApp().Driver().(desktop.Driver); ok {
		return d.CurrentKeyModifiers()&fyne.KeyModifierShift != 0
	}
	return false
}

// moveTo moves the cursor; with extend (Shift held) the selection grows.
func (e *textEditor) moveTo(p pos, extend bool) {
	if extend {
		if !e.selecting {
			e.anchor, e.selecting = e.cur, true
		}
	} else {
		e.selecting = false
	}
	e.cur = p
	if !extend {
		e.anchor = p
	}
	if e.selecting && e.anchor == e.cur {
		e.selecting = false
	}
	e.showCursor()
	e.Refresh()
}

func (e *textEditor) TypedKey(k *fyne.KeyEvent) {
	extend := shiftHeld()
	row, start := e.rowOf(e.cur)
	visibleRows := 10
	if e.scroll != nil {
		visibleRows = max(int(e.scroll.Size().Height/e.cellH)-1, 1)
	}
	switch k.Name {
	case fyne.KeyBackspace:
		if e.selecting {
			e.insert("")
		} else if e.cur.col > 0 {
			e.replace(pos{e.cur.line, e.cur.col - 1}, e.cur, "", true)
		} else if e.cur.line > 0 {
			e.replace(pos{e.cur.line - 1, len(e.lines[e.cur.line-1])}, e.cur, "", true)
		}
	case fyne.KeyDelete:
		if e.selecting {
			e.insert("")
		} else if e.cur.col < len(e.lines[e.cur.line]) {
			e.replace(e.cur, pos{e.cur.line, e.cur.col + 1}, "", true)
		} else if e.cur.line+1 < len(e.lines) {
			e.replace(e.cur, pos{e.cur.line + 1, 0}, "", true)
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		if e.singlePara {
			return
		}
		e.insert("\n")
	case fyne.KeyLeft:
		p := e.cur
		if e.selecting && !extend {
			p, _ = e.selection()
		} else if p.col > 0 {
			p.col--
		} else if p.line > 0 {
			p = pos{p.line - 1, len(e.lines[p.line-1])}
		}
		e.moveTo(p, extend)
	case fyne.KeyRight:
		p := e.cur
		if e.selecting && !extend {
			_, p = e.selection()
		} else if p.col < len(e.lines[p.line]) {
			p.col++
		} else if p.line+1 < len(e.lines) {
			p = pos{p.line + 1, 0}
		}
		e.moveTo(p, extend)
	case fyne.KeyUp:
		e.moveTo(e.posAtRow(row-1, e.cur.col-start), extend)
	case fyne.KeyDown:
		if row+1 < e.rows() {
			e.moveTo(e.posAtRow(row+1, e.cur.col-start), extend)
		} else {
			e.moveTo(pos{e.cur.line, len(e.lines[e.cur.line])}, extend)
		}
	case fyne.KeyPageUp:
		e.moveTo(e.posAtRow(max(row-visibleRows, 0), e.cur.col-start), extend)
	case fyne.KeyPageDown:
		e.moveTo(e.posAtRow(min(row+visibleRows, e.rows()-1), e.cur.col-start), extend)
	case fyne.KeyHome:
		e.moveTo(pos{e.cur.line, start}, extend)
	case fyne.KeyEnd:
		e.moveTo(e.posAtRow(row, 1<<30), extend)
	}
}

// TypedShortcut handles editing shortcuts and hands every other one
// (Ctrl+S, Ctrl+E, ...) to the window, so they work while typing.
func (e *textEditor) TypedShortcut(s fyne.Shortcut) {
	switch s := s.(type) {
	case *fyne.ShortcutCopy:
		if t := e.SelectedText(); t != "" && s.Clipboard != nil {
			s.Clipboard.SetContent(t)
		}
		return
	case *fyne.ShortcutCut:
		if t := e.SelectedText(); t != "" && s.Clipboard != nil {
			s.Clipboard.SetContent(t)
			e.insert("")
		}
		return
	case *fyne.ShortcutPaste:
		if s.Clipboard != nil {
			if t := s.Clipboard.Content(); t != "" {
				e.insert(t)
			}
		}
		return
	case *fyne.ShortcutSelectAll:
		last := len(e.lines) - 1
		e.anchor, e.cur, e.selecting = pos{}, pos{last, len(e.lines[last])}, true
		e.Refresh()
		return
	case *fyne.ShortcutUndo:
		e.undoLast(&e.undo, &e.redo)
		return
	case *fyne.ShortcutRedo:
		e.undoLast(&e.redo, &e.undo)
		return
	case *desktop.CustomShortcut:
		if s.KeyName == fyne.KeyTab && s.Modifier == fyne.KeyModifierControl && !e.singlePara {
			e.insert("\t")
			return
		}
		if s.Modifier&fyne.KeyModifierControl != 0 && (s.KeyName == fyne.KeyHome || s.KeyName == fyne.KeyEnd) {
			p := pos{}
			if s.KeyName == fyne.KeyEnd {
				last := len(e.lines) - 1
				p = pos{last, len(e.lines[last])}
			}
			e.moveTo(p, s.Modifier&fyne.KeyModifierShift != 0)
			return
		}
	}
	if e.shortcut != nil {
		e.shortcut(s)
	}
}

func (e *textEditor) posAt(p fyne.Position) pos {
	pad := theme.InnerPadding()
	row := int((p.Y - pad) / e.cellH)
	col := int((p.X-pad)/e.cellW + 0.5)
	if row >= e.rows() {
		last := len(e.lines) - 1
		return pos{last, len(e.lines[last])}
	}
	return e.posAtRow(row, col)
}

func (e *textEditor) focus() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(e); c != nil {
		c.Focus(e)
	}
}

func (e *textEditor) Tapped(ev *fyne.PointEvent) {
	e.focus()
	if !e.dragging {
		e.moveTo(e.posAt(ev.Position), shiftHeld())
	}
	e.dragging = false
}

func (e *textEditor) Dragged(ev *fyne.DragEvent) {
	p := e.posAt(ev.Position)
	if !e.dragging {
		e.dragging = true
		e.focus()
		start := e.posAt(ev.Position.Subtract(ev.Dragged))
		e.cur, e.anchor = start, start
	}
	e.moveTo(p, true)
}

func (e *textEditor) DragEnd() {}

func (e *textEditor) Cursor() desktop.Cursor { return desktop.TextCursor }

func (e *textEditor) CreateRenderer() fyne.WidgetRenderer {
	r := &editorRenderer{e: e, bg: canvas.NewRectangle(color.Transparent), cursor: canvas.NewRectangle(color.Transparent),
		border: canvas.NewRectangle(color.Transparent)}
	r.bg.CornerRadius = theme.InputRadiusSize()
	r.border.CornerRadius = theme.InputRadiusSize()
	r.border.StrokeWidth = theme.InputBorderSize()
	return r
}

// editorRenderer draws only the visible rows.
type editorRenderer struct {
	e          *textEditor
	bg, border *canvas.Rectangle
	cursor     *canvas.Rectangle
	texts      []*canvas.Text
	sels       []*canvas.Rectangle
	objects    []fyne.CanvasObject
}

func (r *editorRenderer) Destroy()                     {}
func (r *editorRenderer) MinSize() fyne.Size           { return r.e.MinSize() }
func (r *editorRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *editorRenderer) Layout(fyne.Size)             { r.Refresh() }

// visible is the range of visual rows in view.
func (r *editorRenderer) visible() (first, last int) {
	e := r.e
	pad := theme.InnerPadding()
	top, h := float32(0), e.Size().Height
	if e.scroll != nil {
		top, h = e.scroll.Offset.Y, e.scroll.Size().Height
	}
	first = max(int((top-pad)/e.cellH), 0)
	last = min(int((top+h-pad)/e.cellH)+1, e.rows())
	return first, max(last, first)
}

func (r *editorRenderer) Refresh() {
	e := r.e
	th := e.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	pad := theme.InnerPadding()
	size := e.Size()
	r.bg.FillColor = th.Color(theme.ColorNameInputBackground, v)
	r.bg.Resize(size)
	r.border.StrokeColor = th.Color(theme.ColorNameInputBorder, v)
	if e.focused {
		r.border.StrokeColor = th.Color(theme.ColorNamePrimary, v)
	}
	r.border.Resize(size)
	r.objects = append(r.objects[:0], r.bg, r.border)

	first, last := r.visible()
	n := last - first
	for len(r.texts) < n+1 {
		t := canvas.NewText("", color.Black)
		t.TextStyle = e.style
		r.texts = append(r.texts, t)
	}
	fg := th.Color(theme.ColorNameForeground, v)
	// find the line and wrap index of row `first`
	line, k, row := 0, 0, 0
	for line < len(e.wraps) && row+len(e.wraps[line]) <= first {
		row += len(e.wraps[line])
		line++
	}
	k = first - row
	selA, selB := e.selection()
	nsel := 0
	empty := len(e.lines) == 1 && len(e.lines[0]) == 0
	for i := 0; i < n && line < len(e.lines); i++ {
		w := e.wraps[line]
		start, end := w[k], len(e.lines[line])
		if k+1 < len(w) {
			end = w[k+1]
		}
		t := r.texts[i]
		t.Text = strings.ReplaceAll(string(e.lines[line][start:end]), "\t", " ")
		t.Color, t.TextSize = fg, e.textSize
		y := pad + float32(first+i)*e.cellH
		t.Move(fyne.NewPos(pad, y))
		t.Resize(fyne.NewSize(size.Width-2*pad, e.cellH))
		t.Refresh()
		r.objects = append(r.objects, t)
		if e.selecting {
			a, b := pos{line, start}, pos{line, end}
			if a.before(selB) && selA.before(b) || (selA.line < line && selB.line > line) {
				c0, c1 := start, end
				if selA.line == line && selA.col > start {
					c0 = selA.col
				}
				if selB.line == line && selB.col < end {
					c1 = selB.col
				}
				if c1 > c0 || (selB.line > line && k == len(w)-1) {
					for len(r.sels) <= nsel {
						r.sels = append(r.sels, canvas.NewRectangle(color.Transparent))
					}
					s := r.sels[nsel]
					nsel++
					s.FillColor = th.Color(theme.ColorNameSelection, v)
					s.Move(fyne.NewPos(pad+float32(c0-start)*e.cellW, y))
					s.Resize(fyne.NewSize(float32(max(c1-c0, 1))*e.cellW, e.cellH))
					r.objects = append(r.objects[:2], append([]fyne.CanvasObject{s}, r.objects[2:]...)...)
				}
			}
		}
		k++
		if k >= len(w) {
			line, k = line+1, 0
		}
	}
	if empty && e.PlaceHolder != "" {
		rows := wrapText(e.PlaceHolder, e.cols)
		for len(r.texts) < len(rows) {
			t := canvas.NewText("", color.Black)
			t.TextStyle = e.style
			r.texts = append(r.texts, t)
		}
		for i, row := range rows {
			t := r.texts[i]
			t.Text, t.TextSize = row, e.textSize
			t.Color = th.Color(theme.ColorNamePlaceHolder, v)
			t.Move(fyne.NewPos(pad, pad+float32(i)*e.cellH))
			t.Resize(fyne.NewSize(size.Width-2*pad, e.cellH))
			t.Refresh()
			r.objects = append(r.objects, t)
		}
	}
	if e.focused {
		crow, cstart := e.rowOf(e.cur)
		x := pad + float32(e.cur.col-cstart)*e.cellW
		r.cursor.FillColor = th.Color(theme.ColorNamePrimary, v)
		r.cursor.Move(fyne.NewPos(x, pad+float32(crow)*e.cellH))
		r.cursor.Resize(fyne.NewSize(2, e.cellH))
		r.cursor.Refresh()
		r.objects = append(r.objects, r.cursor)
	}
	r.bg.Refresh()
	r.border.Refresh()
}
