package fix

import (
	"regexp"
	"slices"
	"strings"

	"github.com/fgdesk/fgdesk/app/internal/contribution"
	"github.com/fgdesk/fgdesk/app/internal/docx"
)

// The FG header's fixed lines.
const (
	orgLine    = "INTERNATIONAL TELECOMMUNICATION UNION"
	sectorLine = "TELECOMMUNICATION STANDARDIZATION SECTOR"
	noteText   = "Please don't change the structure of this table, just insert the necessary information."
)

// labelOrder is the order of the labelled rows of the header table.
var labelOrder = []string{"WG(s)", "Source", "Title", "Contact", "Purpose", "Abstract", "Keywords"}

var originalFixRE = regexp.MustCompile(`(?i)(original\s*[:：]\s*)([^/|;]+)`)

// region is the header region of the body: the paragraphs before the
// header table and the table itself.
type region struct {
	body  *node
	tbl   *node   // nil when the header is made of paragraphs
	paras []*node // every paragraph of the region, in order
	rows  []*node // the header table's rows
}

// blocks returns the top-level blocks of the body, looking through block
// content controls and custom XML.
func blocks(body *node) []*node {
	var out []*node
	var add func(n *node)
	add = func(n *node) {
		for _, k := range n.kids {
			switch {
			case k.isW("sdt"):
				if c := k.child("sdtContent"); c != nil {
					add(c)
				}
			case k.isW("customXml"):
				add(k)
			default:
				out = append(out, k)
			}
		}
	}
	add(body)
	return out
}

func findRegion(s *story) *region {
	body := s.root.child("body")
	if body == nil {
		return nil
	}
	r := &region{body: body}
	for i, b := range blocks(body) {
		if i >= 60 {
			break
		}
		if b.isW("p") {
			r.paras = append(r.paras, b)
			continue
		}
		if b.isW("tbl") {
			r.tbl = b
			r.paras = append(r.paras, b.all("p")...)
			for _, k := range tableRows(b) {
				r.rows = append(r.rows, k)
			}
			break
		}
	}
	if r.tbl == nil {
		// A header of paragraphs only: keep the first few.
		r.paras = r.paras[:min(len(r.paras), 30)]
	}
	return r
}

// tableRows returns the rows of a table (through content controls).
func tableRows(tbl *node) []*node {
	var out []*node
	tbl.walk(func(k *node) bool {
		if k != tbl && k.isW("tbl") {
			return false
		}
		if k.isW("tr") {
			out = append(out, k)
			return false
		}
		return true
	})
	return out
}

// rowCells returns the cells of a row (through content controls).
func rowCells(tr *node) []*node {
	var out []*node
	tr.walk(func(k *node) bool {
		if k.isW("tc") {
			out = append(out, k)
			return false
		}
		return true
	})
	return out
}

func cellText(tc *node) string {
	var lines []string
	for _, p := range cellParas(tc) {
		lines = append(lines, paraText(p))
	}
	return strings.Join(lines, "\n")
}

// rowLabel returns the label of a row and the index of its cell.
func rowLabel(tr *node) (label string, cell int) {
	for i, tc := range rowCells(tr) {
		t := strings.TrimSpace(cellText(tc))
		if t == "" {
			continue
		}
		first, _, _ := strings.Cut(t, "\n")
		if l, _, ok := docx.SplitLabel(first); ok {
			return l, i
		}
		return "", -1
	}
	return "", -1
}

// rowsLabelled returns the rows with the label.
func (r *region) rowsLabelled(label string) []*node {
	var out []*node
	for _, tr := range r.rows {
		if l, _ := rowLabel(tr); l == label {
			out = append(out, tr)
		}
	}
	return out
}

// gridCols is the number of grid columns of the header table.
func (r *region) gridCols() int {
	if g := r.tbl.child("tblGrid"); g != nil {
		if n := len(g.all("gridCol")); n > 0 {
			return n
		}
	}
	n := 1
	for _, tr := range r.rows {
		n = max(n, len(rowCells(tr)))
	}
	return n
}

// paraWith returns the first paragraph of the region whose text matches.
func (r *region) paraWith(match func(string) bool) *node {
	for _, p := range r.paras {
		if match(paraText(p)) {
			return p
		}
	}
	return nil
}

// ancestor returns n's nearest ancestor named local.
func ancestor(n *node, local string) *node {
	for p := n.parent; p != nil; p = p.parent {
		if p.isW(local) {
			return p
		}
	}
	return nil
}

// lastCellBeside returns the last cell of the row holding paragraph p,
// when it is another cell than p's own.
func lastCellBeside(p *node) *node {
	tc, tr := ancestor(p, "tc"), ancestor(p, "tr")
	if tc == nil || tr == nil {
		return nil
	}
	cells := rowCells(tr)
	if last := cells[len(cells)-1]; last != tc {
		return last
	}
	return nil
}

// emptyCell reports whether a cell shows no text: a fix writes into it
// without overwriting anything of the delegate's.
func emptyCell(tc *node) bool { return strings.TrimSpace(cellText(tc)) == "" }

func upperContains(s, sub string) bool { return strings.Contains(strings.ToUpper(s), sub) }

// fixHeader puts the header table's values right in place, one
// operation at a time (each re-reads the part, so they never collide).
func (e *editor) fixHeader() error {
	ops := []func(*story, *region) error{e.opTopRows, e.opNumber}
	f := &e.opt.Fields
	if e.opt.do(TypeLine) || f.Type != "" {
		ops = append(ops, e.opTypeLine)
	}
	for _, a := range []struct {
		act Action
		op  func(*story, *region) error
	}{{StudyPeriod, e.opStudyPeriod}, {GroupLine, e.opGroupLine}, {PlaceDate, e.opPlaceDate}, {English, e.opEnglish}} {
		if e.opt.do(a.act) {
			ops = append(ops, a.op)
		}
	}
	for _, l := range []struct{ label, value string }{
		{"Source", f.Source}, {"Title", f.Title}, {"WG(s)", f.WGs}, {"Purpose", purposeLabel(f.Purpose)},
		{"Abstract", f.Abstract}, {"Keywords", f.Keywords},
	} {
		if strings.TrimSpace(l.value) != "" {
			label, value := l.label, l.value
			ops = append(ops, func(s *story, r *region) error { return e.opField(s, r, label, value) })
		}
	}
	if len(f.Contacts) > 0 {
		ops = append(ops, e.opContacts)
	} else if e.opt.do(ContactEmail) && !slices.ContainsFunc(e.res.Read.Contacts, func(c contribution.Contact) bool { return c.Email != "" }) {
		e.notDone(`contact e-mail: the header has none; give it (--contact "Name <name@example.org>")`)
	}
	if e.opt.do(Note) {
		ops = append(ops, e.opNote)
	}
	for _, op := range ops {
		s, err := e.loadStory(e.main)
		if err != nil {
			return err
		}
		r := findRegion(s)
		if r == nil {
			return nil
		}
		if err := op(s, r); err != nil {
			return err
		}
		if err := e.commit(s); err != nil {
			return err
		}
	}
	return nil
}

func purposeLabel(p contribution.Purpose) string {
	if p == "" {
		return ""
	}
	return p.Label()
}

func (e *editor) opNumber(s *story, r *region) error {
	want := e.opt.Profile.BaseName(e.opt.Fields.Number)
	found := false
	for _, p := range r.paras {
		t := paraText(p)
		num, _ := docx.FindDocNumber(t)
		if num == "" {
			continue
		}
		found = true
		if num == want {
			continue
		}
		nt := strings.Replace(t, num, want, 1)
		if nt == t {
			nt = strings.Replace(strings.Join(strings.Fields(t), " "), num, want, 1)
		}
		s.setParaText(p, nt)
		e.changed("document number: %s -> %s", num, want)
	}
	if found {
		return nil
	}
	if org := r.paraWith(func(t string) bool { return upperContains(t, orgLine) }); org != nil {
		if tc := lastCellBeside(org); tc != nil && emptyCell(tc) {
			s.setCellText(tc, []string{want})
			e.changed("document number: written %s beside %q", want, orgLine)
			return nil
		}
	}
	e.notDone("document number: no place for it in the header table (the first row's right-hand cell); type %s there", want)
	return nil
}

// opTopRows adds the template's top rows (organization and number,
// sector and group, study period and language, place and date) to a
// header table that starts with the labelled rows.
func (e *editor) opTopRows(s *story, r *region) error {
	if r.tbl == nil || len(r.rows) == 0 || r.paraWith(func(t string) bool { return upperContains(t, orgLine) }) != nil {
		return nil
	}
	p := e.opt.Profile
	n := r.gridCols()
	bold := []byte(`<w:rPr><w:b/></w:rPr>`)
	pair := func(left []string, right []string) string {
		var b strings.Builder
		b.WriteString(`<w:tr` + s.decl + `>`)
		cell := func(span int, lines []string) {
			b.WriteString(`<w:tc>`)
			if span > 1 {
				b.WriteString(`<w:tcPr><w:gridSpan w:val="` + itoa(span) + `"/></w:tcPr>`)
			}
			for _, l := range lines {
				b.WriteString(s.para(nil, bold, l))
			}
			b.WriteString(`</w:tc>`)
		}
		if n == 1 {
			cell(1, append(append([]string{}, left...), right...))
		} else {
			cell(n-1, left)
			cell(1, right)
		}
		b.WriteString(`</w:tr>`)
		return b.String()
	}
	rows := pair([]string{orgLine}, []string{p.BaseName(e.opt.Fields.Number)}) +
		pair([]string{sectorLine}, []string{p.Group.HeaderLine}) +
		pair([]string{"STUDY PERIOD " + p.StudyPeriod}, []string{"English only", "Original: English"}) +
		pair([]string{""}, []string{p.PlaceDateLine})
	s.insertBefore(r.rows[0], rows)
	e.changed("header table: the template's top rows added (number, group, study period, language, place and date)")
	return nil
}

func (e *editor) opTypeLine(s *story, r *region) error {
	want := e.opt.Fields.DocType().Label()
	if e.opt.Fields.Type == "" && e.content.Header.TypeLine != "" {
		if t := contribution.TypeFromLabel(e.content.Header.TypeLine); t != "" {
			want = t.Label()
		}
	}
	if p := r.paraWith(func(t string) bool { return docx.TypeLineOf(t) != "" }); p != nil {
		if old := strings.TrimSpace(paraText(p)); old != want {
			s.setParaText(p, want)
			e.changed("document type line: %q -> %q", old, want)
		}
		return nil
	}
	if r.tbl == nil {
		e.notDone("document type line: the header has no table to put %s in", want)
		return nil
	}
	before := r.firstRowFrom("Source")
	row := e.fullRow(s, r, want, `<w:b/>`, true)
	if before != nil {
		s.insertBefore(before, row)
	} else {
		s.appendChild(r.tbl, row)
	}
	e.changed("document type line: %s added", want)
	return nil
}

// firstRowFrom returns the first labelled row at or after label in the
// template's order, or nil.
func (r *region) firstRowFrom(label string) *node {
	i := slices.Index(labelOrder, label)
	for _, tr := range r.rows {
		if l, _ := rowLabel(tr); l != "" && slices.Index(labelOrder, l) >= i {
			return tr
		}
	}
	return nil
}

func (e *editor) opStudyPeriod(s *story, r *region) error {
	want := "STUDY PERIOD " + e.opt.Profile.StudyPeriod
	if p := r.paraWith(docx.HasStudyPeriod); p != nil {
		t := strings.Join(strings.Fields(paraText(p)), " ")
		if a, b := docx.StudyPeriodSpan(t); a >= 0 && t[a:b] != want {
			s.setParaText(p, t[:a]+want+t[b:])
			e.changed("study period: %q -> %q", t[a:b], want)
		}
		return nil
	}
	if sec := r.paraWith(func(t string) bool { return upperContains(t, sectorLine) }); sec != nil {
		if tr := ancestor(sec, "tr"); tr != nil {
			if i := slices.Index(r.rows, tr); i >= 0 && i+1 < len(r.rows) {
				if cells := rowCells(r.rows[i+1]); len(cells) > 0 && emptyCell(cells[0]) {
					s.setCellText(cells[0], []string{want})
					e.changed("study period: %s written", want)
					return nil
				}
			}
		}
	}
	e.notDone("study period: no STUDY PERIOD line in the header; type %s below %q", want, sectorLine)
	return nil
}

func (e *editor) opGroupLine(s *story, r *region) error {
	want := e.opt.Profile.Group.HeaderLine
	if p := r.paraWith(func(t string) bool { return strings.Contains(strings.ToLower(t), "focus group") }); p != nil {
		if old := strings.TrimSpace(paraText(p)); old != want {
			s.setParaText(p, want)
			e.changed("group line: %q -> %q", old, want)
		}
		return nil
	}
	if sec := r.paraWith(func(t string) bool { return upperContains(t, sectorLine) }); sec != nil {
		if tc := lastCellBeside(sec); tc != nil && emptyCell(tc) {
			s.setCellText(tc, []string{want})
			e.changed("group line: %s written", want)
			return nil
		}
	}
	e.notDone("group line: no place for it; type %q beside %q", want, sectorLine)
	return nil
}

func (e *editor) opPlaceDate(s *story, r *region) error {
	want := e.opt.Profile.PlaceDateLine
	if p := r.paraWith(docx.IsPlaceDate); p != nil {
		if old := strings.TrimSpace(paraText(p)); old != want {
			s.setParaText(p, want)
			e.changed("place and date: %q -> %q", old, want)
		}
		return nil
	}
	for _, tr := range r.rowsLabelled("WG(s)") {
		if cells := rowCells(tr); len(cells) >= 3 && emptyCell(cells[len(cells)-1]) {
			s.setCellText(cells[len(cells)-1], []string{want})
			e.changed("place and date: %s written", want)
			return nil
		}
	}
	e.notDone("place and date: no place for it; type %q in the WG(s) row's right-hand cell", want)
	return nil
}

func (e *editor) opEnglish(s *story, r *region) error {
	orig := r.paraWith(func(t string) bool { return docx.OriginalOf(t) != "" })
	only := r.paraWith(docx.HasEnglishOnly)
	if orig != nil {
		t := paraText(orig)
		if lang := strings.TrimSpace(docx.OriginalOf(t)); !strings.EqualFold(lang, "English") {
			s.setParaText(orig, originalFixRE.ReplaceAllString(t, "${1}English"))
			e.changed("original language: %q -> English", lang)
		}
		if only == nil {
			s.insertBefore(orig, s.para(s.bytesOf(orig.child("pPr")), s.firstRPr(orig), "English only"))
			e.changed(`"English only" added`)
		}
		return nil
	}
	if only != nil {
		s.insertAfter(only, s.para(s.bytesOf(only.child("pPr")), s.firstRPr(only), "Original: English"))
		e.changed(`"Original: English" added`)
		return nil
	}
	if sp := r.paraWith(docx.HasStudyPeriod); sp != nil {
		if tc := lastCellBeside(sp); tc != nil && emptyCell(tc) {
			s.setCellText(tc, []string{"English only", "Original: English"})
			e.changed(`"English only" and "Original: English" written`)
			return nil
		}
	}
	e.notDone(`language: no place for "English only" / "Original: English"; type them beside the study period`)
	return nil
}

func (e *editor) opNote(s *story, r *region) error {
	if e.content.Header.NoteFound || r.paraWith(docx.IsNote) != nil {
		return nil
	}
	if r.tbl == nil {
		e.notDone("note: the header has no table to restore it in")
		return nil
	}
	row := e.fullRow(s, r, noteText, `<w:i/><w:sz w:val="18"/>`, false)
	if ab := r.rowsLabelled("Abstract"); len(ab) > 0 {
		s.insertBefore(ab[0], row)
	} else if pu := r.rowsLabelled("Purpose"); len(pu) > 0 {
		s.insertAfter(pu[0], row)
	} else {
		s.appendChild(r.tbl, row)
	}
	e.changed("note restored: %q", noteText)
	return nil
}

// opField writes a labelled value, adding its row when the table lacks it.
func (e *editor) opField(s *story, r *region, label, value string) error {
	lines := strings.Split(strings.TrimSpace(value), "\n")
	if label != "Abstract" {
		lines = []string{strings.Join(strings.Fields(value), " ")}
	}
	rows := r.rowsLabelled(label)
	if len(rows) > 0 {
		_, i := rowLabel(rows[0])
		cells := rowCells(rows[0])
		if i+1 < len(cells) {
			if strings.TrimSpace(cellText(cells[i+1])) == strings.TrimSpace(strings.Join(lines, "\n")) {
				return nil
			}
			s.setCellText(cells[i+1], lines)
		} else {
			ps := cellParas(cells[i])
			s.setParaText(ps[0], label+": "+strings.Join(lines, " "))
		}
		e.changed("%s: set to %q", label, oneLine(value))
		return nil
	}
	if r.tbl == nil {
		e.notDone("%s: the header has no table to add the row to", label)
		return nil
	}
	row := e.labelRow(s, r, label+":", [][]string{lines})
	if next := r.nextRowAfter(label); next != nil {
		s.insertBefore(next, row)
	} else {
		s.appendChild(r.tbl, row)
	}
	e.changed("%s: row added with %q", label, oneLine(value))
	return nil
}

// nextRowAfter returns the first row whose label comes after label in
// the template's order (the row to insert a missing label before).
func (r *region) nextRowAfter(label string) *node {
	i := slices.Index(labelOrder, label)
	for _, tr := range r.rows {
		if l, _ := rowLabel(tr); l != "" && slices.Index(labelOrder, l) > i {
			return tr
		}
		if slices.ContainsFunc(cellParas(tr), func(p *node) bool { return docx.IsNote(paraText(p)) }) && i >= slices.Index(labelOrder, "Abstract") {
			continue
		}
	}
	return nil
}

func (e *editor) opContacts(s *story, r *region) error {
	rows := r.rowsLabelled("Contact")
	read := e.res.Read.Contacts
	for i, c := range e.opt.Fields.Contacts {
		if i < len(read) {
			if c = mergeContact(c, read[i]); c == read[i] {
				continue // the header says so already
			}
		}
		left := []string{c.Name, c.Organization, c.Country}
		right := []string{"Tel:\t" + c.Tel, "Fax:\t" + c.Fax, "E-mail:\t" + c.Email}
		if i < len(rows) {
			_, li := rowLabel(rows[i])
			cells := rowCells(rows[i])
			switch {
			case li+2 < len(cells):
				s.setCellText(cells[li+1], left)
				s.setCellText(cells[li+2], right)
			case li+1 < len(cells):
				s.setCellText(cells[li+1], append(left, right...))
			default:
				e.notDone("contact %d: its row has no value cell", i+1)
				continue
			}
			e.changed("contact %d: %s <%s>", i+1, c.Name, c.Email)
			continue
		}
		if r.tbl == nil {
			e.notDone("contact %d: the header has no table to add the row to", i+1)
			continue
		}
		row := e.labelRow(s, r, "Contact:", [][]string{left, right})
		if len(rows) > 0 {
			s.insertAfter(rows[len(rows)-1], row)
		} else if next := r.nextRowAfter("Contact"); next != nil {
			s.insertBefore(next, row)
		} else {
			s.appendChild(r.tbl, row)
		}
		e.changed("contact %d: row added for %s <%s>", i+1, c.Name, c.Email)
	}
	return nil
}

func mergeContact(c, old contribution.Contact) contribution.Contact {
	pick := func(a, b string) string {
		if strings.TrimSpace(a) != "" {
			return a
		}
		return b
	}
	return contribution.Contact{Name: pick(c.Name, old.Name), Organization: pick(c.Organization, old.Organization),
		Country: pick(c.Country, old.Country), Tel: pick(c.Tel, old.Tel), Fax: pick(c.Fax, old.Fax), Email: pick(c.Email, old.Email)}
}

// fullRow builds a row of one cell across the table.
func (e *editor) fullRow(s *story, r *region, text, rPr string, center bool) string {
	n := r.gridCols()
	var b strings.Builder
	b.WriteString(`<w:tr` + s.decl + `><w:tc><w:tcPr>`)
	if n > 1 {
		b.WriteString(`<w:gridSpan w:val="` + itoa(n) + `"/>`)
	}
	b.WriteString(`</w:tcPr><w:p><w:pPr>`)
	if center {
		b.WriteString(`<w:jc w:val="center"/>`)
	}
	b.WriteString(`</w:pPr><w:r><w:rPr>` + rPr + `</w:rPr>`)
	b.WriteString(string(appendRun(text)))
	b.WriteString(`</w:r></w:p></w:tc></w:tr>`)
	return b.String()
}

// labelRow builds a labelled row: the label cell and value cells, in the
// look of the table's first labelled row when it has one.
func (e *editor) labelRow(s *story, r *region, label string, values [][]string) string {
	var lpPr, lrPr, vpPr, vrPr []byte
	for _, tr := range r.rows {
		if l, i := rowLabel(tr); l != "" {
			cells := rowCells(tr)
			if ps := cellParas(cells[i]); len(ps) > 0 {
				lpPr, lrPr = s.bytesOf(ps[0].child("pPr")), s.firstRPr(ps[0])
			}
			if i+1 < len(cells) {
				if ps := cellParas(cells[i+1]); len(ps) > 0 {
					vpPr, vrPr = s.bytesOf(ps[0].child("pPr")), s.firstRPr(ps[0])
				}
			}
			break
		}
	}
	if lrPr == nil {
		lrPr = []byte(`<w:rPr><w:b/></w:rPr>`)
	}
	n := r.gridCols()
	var b strings.Builder
	b.WriteString(`<w:tr` + s.decl + `><w:tc>`)
	b.WriteString(s.para(lpPr, lrPr, label))
	b.WriteString(`</w:tc>`)
	for i, v := range values {
		span := 1
		if i == len(values)-1 {
			span = max(1, n-len(values))
		}
		b.WriteString(`<w:tc>`)
		if span > 1 {
			b.WriteString(`<w:tcPr><w:gridSpan w:val="` + itoa(span) + `"/></w:tcPr>`)
		}
		if len(v) == 0 {
			v = []string{""}
		}
		for _, l := range v {
			b.WriteString(s.para(vpPr, vrPr, l))
		}
		b.WriteString(`</w:tc>`)
	}
	b.WriteString(`</w:tr>`)
	return b.String()
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return s
}
