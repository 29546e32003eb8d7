package docx

import (
	"regexp"
	"strings"

	"github.com/fgdesk/fgdesk/app/internal/contribution"
)

// Reading the header table by label.
//
// The header region is every top-level table of the body that starts
// within the first blocks, the paragraphs before the first table, and the
// label, note or type-line paragraphs right after a table (hand-made
// documents put "Abstract:" or the note there). In it, a row whose first
// non-empty cell starts with a known label ("Source", "Source:",
// "Source :", any case) gives that field: the rest of the cell after the
// colon, or else the next non-empty cell. Contact rows read name,
// organization and country from the value cell's lines and "Tel:", "Fax:"
// and "E-mail:" from the cell after it. Every other line of the region is
// matched for the document number, the group line, the study period,
// "English only", "Original:", the place and date, the type line and the
// note. Runs are joined before matching, so a label Word split across runs
// ("Sou" + "rce:") reads the same.

// labelNames maps lower-case label spellings to their normal form, in the
// order of contribution.HeaderLabels (the one description of the header).
var labelNames = func() []struct{ spelling, label string } {
	var out []struct{ spelling, label string }
	for _, l := range contribution.HeaderLabels {
		for _, sp := range l.Spellings {
			out = append(out, struct{ spelling, label string }{sp, l.Name})
		}
	}
	return out
}()

// splitLabel recognises a label at the start of a line: the label alone
// (with or without a colon) or followed by a colon and a value.
func splitLabel(line string) (label, rest string, ok bool) {
	s := strings.TrimSpace(normSpace(line))
	low := strings.ToLower(s)
	for _, l := range labelNames {
		if !strings.HasPrefix(low, l.spelling) {
			continue
		}
		after := strings.TrimLeft(s[len(l.spelling):], " \t")
		switch {
		case after == "":
			return l.label, "", true
		case strings.HasPrefix(after, ":"):
			return l.label, strings.TrimSpace(after[1:]), true
		case strings.HasPrefix(after, "："):
			return l.label, strings.TrimSpace(after[len("："):]), true
		case strings.HasSuffix(l.spelling, "(s)") && len(after) < len(s):
			// "WG(s) Plenary": distinctive enough without a colon.
			return l.label, after, true
		}
	}
	return "", "", false
}

// normSpace turns non-breaking and other odd spaces into plain spaces.
func normSpace(s string) string {
	if !strings.ContainsAny(s, "\u00a0\u2007\u202f\u2002\u2003\u2009") {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch r {
		case '\u00a0', '\u2007', '\u202f', '\u2002', '\u2003', '\u2009':
			return ' '
		}
		return r
	}, s)
}

// collapse trims a line and collapses runs of white space (tabs too).
func collapse(s string) string {
	if isCollapsed(s) {
		return s // the usual case, without an allocation
	}
	return strings.Join(strings.Fields(normSpace(s)), " ")
}

// isCollapsed reports whether s is ASCII, holds no white space but single
// spaces between words, and none at either end (so collapse would return
// it unchanged).
func isCollapsed(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x80, c == '\t', c == '\n', c == '\v', c == '\f', c == '\r':
			return false
		case c == ' ' && s[i+1] == ' ':
			return false
		}
	}
	return true
}

// mayContain is a cheap test before a case-insensitive regular
// expression: false only when s, being ASCII, does not contain sub (lower
// case ASCII) in any case. A non-ASCII s may match through Unicode case
// folding, so it always passes.
func mayContain(s, sub string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return true
		}
	}
	for i := 0; i+len(sub) <= len(s); i++ {
		j := 0
		for j < len(sub) && lowerASCII(s[i+j]) == sub[j] {
			j++
		}
		if j == len(sub) {
			return true
		}
	}
	return false
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

var (
	docNumberRE   = regexp.MustCompile(`(?i)\b([a-z][a-z0-9]*(?:-[a-z0-9]+)*?-i-(\d{1,6}|n{2,6}))\b`)
	studyPeriodRE = regexp.MustCompile(`(?i)\bstudy\s+period\s*:?\s*(\d{4})\s*[-–—]\s*(\d{4})`)
	englishOnlyRE = regexp.MustCompile(`(?i)\benglish\s+only\b`)
	originalRE    = regexp.MustCompile(`(?i)\boriginal\s*[:：]\s*([^/|;]+)`)
	placeDateRE   = regexp.MustCompile(`^\p{L}[\p{L} .'’-]{1,40},\s*\S.*\b(?:19|20)\d\d\.?$`)
	telRE         = regexp.MustCompile(`(?i)^(?:tel(?:ephone)?|phone)\.?\s*[:：]?\s*(.*)$`)
	faxRE         = regexp.MustCompile(`(?i)^(?:fax|telefax)\.?\s*[:：]?\s*(.*)$`)
	emailRE       = regexp.MustCompile(`(?i)^e-?\s?mail\s*[:：]?\s*(.*)$`)
)

// findDocNumber returns the document number printed in a line and its
// digits ("" for a placeholder such as innovation-i-nnnn).
func findDocNumber(line string) (number, digits string) {
	if !mayContain(line, "-i-") {
		return "", ""
	}
	m := docNumberRE.FindStringSubmatch(line)
	if m == nil {
		return "", ""
	}
	if m[2][0] == 'n' || m[2][0] == 'N' {
		return m[1], ""
	}
	return m[1], m[2]
}

// isNote reports whether a line is the "Please don't change the structure
// of this table" note, in either spelling and with either apostrophe
// (contribution.IsHeaderNote).
func isNote(line string) bool {
	if !mayContain(line, "structure") {
		return false
	}
	return contribution.IsHeaderNote(collapse(line))
}

// typeLine returns the line as a document type line, or "".
func typeLine(line string) string {
	l := collapse(line)
	if isTypeLabel(l) {
		return l
	}
	if !typeWords(l) || strings.Count(l, " ") > 5 { // more than six words
		return ""
	}
	for _, not := range []string{"UNION", "SECTOR", "STUDY PERIOD", "FOCUS GROUP", "ENGLISH", "ORIGINAL"} {
		if strings.Contains(l, not) {
			return ""
		}
	}
	for _, w := range []string{"DOCUMENT", "STATEMENT", "CONTRIBUTION", "REPORT", "PROPOSAL", "DRAFT"} {
		if strings.Contains(l, w) {
			return l
		}
	}
	return ""
}

// isTypeLabel is contribution.TypeFromLabel(l) != "" for a collapsed
// line, without allocating when l is ASCII.
func isTypeLabel(l string) bool {
	for i := 0; i < len(l); i++ {
		if l[i] >= 0x80 {
			return contribution.TypeFromLabel(l) != ""
		}
	}
	for _, t := range contribution.Types {
		if lab := t.Label(); len(lab) == len(l) && strings.EqualFold(lab, l) {
			return true
		}
	}
	return false
}

// typeWords reports whether l matches ^[A-Z][A-Z ()-]{2,60}$ (checked
// by hand): a capital letter, then 2 to 60 capitals, spaces, parentheses
// or hyphens.
func typeWords(l string) bool {
	if len(l) < 3 || len(l) > 61 || l[0] < 'A' || l[0] > 'Z' {
		return false
	}
	for i := 1; i < len(l); i++ {
		switch c := l[i]; {
		case 'A' <= c && c <= 'Z', c == ' ', c == '(', c == ')', c == '-':
		default:
			return false
		}
	}
	return true
}

// regionItem is a row of the header region; a paragraph is a row with
// one cell.
type regionItem struct {
	cells   [][]string
	isTable bool
}

// region picks the blocks that make up the header region.
func (r *reader) region() []regionItem {
	var out []regionItem
	seenTable := false
	for _, b := range r.blocks {
		if b.table {
			seenTable = true
			for _, row := range b.rows {
				out = append(out, regionItem{cells: row, isTable: true})
			}
			continue
		}
		t := strings.TrimSpace(b.para)
		if t == "" {
			continue
		}
		if seenTable && endsRegion(t) {
			break
		}
		out = append(out, regionItem{cells: [][]string{strings.Split(t, "\n")}})
	}
	return out
}

// endsRegion reports whether a top-level paragraph after a table ends the
// header region: it is not empty, and neither starts with a label nor is
// the note or a type line. The walker stops collecting blocks there.
func endsRegion(para string) bool {
	t := strings.TrimSpace(para)
	if t == "" {
		return false
	}
	first, _, _ := strings.Cut(t, "\n")
	_, _, ok := splitLabel(first)
	return !ok && !isNote(t) && typeLine(t) == ""
}

// header reads the header table from the collected blocks, or returns nil
// when the region holds nothing of it.
func (r *reader) header() *HeaderTable {
	h := &HeaderTable{}
	f := &h.Fields
	fact := func(line string) {
		l := collapse(line)
		if l == "" {
			return
		}
		if isNote(l) {
			h.NoteFound = true
			return
		}
		if h.DocNumber == "" {
			if num, digits := findDocNumber(l); num != "" {
				h.DocNumber, f.Number = num, digits
			}
		}
		// Each regular expression runs only on lines that can match it.
		if h.StudyPeriod == "" && mayContain(l, "period") {
			if m := studyPeriodRE.FindStringSubmatch(l); m != nil {
				h.StudyPeriod = m[1] + "-" + m[2]
			}
		}
		if !h.EnglishOnly && mayContain(l, "english") && englishOnlyRE.MatchString(l) {
			h.EnglishOnly = true
		}
		if h.Original == "" && mayContain(l, "original") {
			if m := originalRE.FindStringSubmatch(l); m != nil {
				h.Original = strings.TrimSpace(m[1])
			}
		}
		if h.GroupLine == "" && mayContain(l, "focus group") && strings.Contains(strings.ToLower(l), "focus group") {
			h.GroupLine = l
		}
		if h.PlaceDate == "" && strings.IndexByte(l, ',') >= 0 && !strings.ContainsAny(l, ":：") && placeDateRE.MatchString(l) {
			h.PlaceDate = l
		}
		if h.TypeLine == "" {
			h.TypeLine = typeLine(l)
		}
	}
	setText := func(dst *string, lines []string, sep string) {
		if *dst != "" {
			return
		}
		var parts []string
		for _, l := range lines {
			if l = collapse(l); l != "" {
				parts = append(parts, l)
			}
		}
		*dst = strings.Join(parts, sep)
	}
	lastLabel := ""
	for _, it := range r.region() {
		cells := it.cells
		first := -1
		for i, c := range cells {
			if strings.TrimSpace(strings.Join(c, "")) != "" {
				first = i
				break
			}
		}
		if first < 0 {
			continue
		}
		firstLines := nonEmpty(cells[first])
		label, rest, ok := splitLabel(firstLines[0])
		if !ok {
			// A contact continued on a row without a label.
			if lastLabel == "Contact" && first > 0 && it.isTable {
				if c := readContact(cells[first], cellAt(cells, first+1)); !c.IsEmpty() {
					f.Contacts = append(f.Contacts, c)
					factsFrom(cells, map[int]bool{first: true, first + 1: true}, fact)
					continue
				}
			}
			for _, c := range cells {
				for _, l := range c {
					fact(l)
				}
			}
			continue
		}
		lastLabel = label
		h.Labels = append(h.Labels, label)
		// The value: the rest of the label's cell, else the next cell
		// (empty or not: an empty value must not swallow the cell after).
		value := append([]string{}, firstLines[1:]...)
		if rest != "" {
			value = append([]string{rest}, value...)
		}
		used := map[int]bool{first: true}
		next := first + 1
		if strings.TrimSpace(strings.Join(value, "")) == "" && next < len(cells) {
			value = cells[next]
			used[next] = true
			next++
		}
		switch label {
		case "Contact":
			right := cellAt(cells, next)
			c := readContact(value, right)
			if right != nil {
				used[next] = true
			}
			if !c.IsEmpty() {
				f.Contacts = append(f.Contacts, c)
			}
		case "WG(s)":
			setText(&f.WGs, value, " ")
		case "Source":
			setText(&f.Source, value, " ")
		case "Title":
			setText(&f.Title, value, " ")
		case "Purpose":
			var v string
			setText(&v, value, " ")
			if f.Purpose == "" && v != "" {
				if p := contribution.PurposeFromLabel(v); p != "" {
					f.Purpose = p
				} else {
					f.Purpose = contribution.Purpose(v)
				}
			}
		case "Abstract":
			setText(&f.Abstract, value, "\n")
		case "Keywords":
			setText(&f.Keywords, value, " ")
		}
		factsFrom(cells, used, fact)
	}
	if len(h.Labels) == 0 && !h.NoteFound && h.TypeLine == "" && h.GroupLine == "" {
		return nil
	}
	f.Type = contribution.TypeFromLabel(h.TypeLine)
	return h
}

// factsFrom feeds the lines of the cells not used as values to fact.
func factsFrom(cells [][]string, used map[int]bool, fact func(string)) {
	for i, c := range cells {
		if used[i] {
			continue
		}
		for _, l := range c {
			fact(l)
		}
	}
}

func cellAt(cells [][]string, i int) []string {
	if i < 0 || i >= len(cells) {
		return nil
	}
	return cells[i]
}

func nonEmpty(lines []string) []string {
	var out []string
	for _, l := range lines {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	if len(out) == 0 {
		return []string{""}
	}
	return out
}

// readContact reads one contact from the left cell (name, organization,
// country lines) and the right cell (Tel:, Fax:, E-mail: lines). Labelled
// lines are recognised in either cell.
func readContact(left, right []string) contribution.Contact {
	var c contribution.Contact
	var plain []string
	take := func(l string, allowPlain bool) {
		l = collapse(l)
		if l == "" {
			return
		}
		// The labels start with e, f, t or p (letters without other
		// Unicode case forms), so other lines skip the expressions.
		first := lowerASCII(l[0])
		switch {
		case first == 'e' && emailRE.MatchString(l):
			if c.Email == "" {
				c.Email = cleanEmail(emailRE.FindStringSubmatch(l)[1])
			}
		case (first == 'f' || first == 't') && faxRE.MatchString(l):
			if c.Fax == "" {
				c.Fax = strings.TrimSpace(faxRE.FindStringSubmatch(l)[1])
			}
		case (first == 't' || first == 'p') && telRE.MatchString(l):
			if c.Tel == "" {
				c.Tel = strings.TrimSpace(telRE.FindStringSubmatch(l)[1])
			}
		case strings.Contains(l, "@") && !strings.Contains(l, " ") && c.Email == "":
			c.Email = cleanEmail(l)
		case allowPlain:
			plain = append(plain, l)
		}
	}
	for _, l := range left {
		take(l, true)
	}
	for _, l := range right {
		take(l, false)
	}
	switch n := len(plain); {
	case n == 1:
		c.Name = plain[0]
	case n == 2:
		c.Name, c.Organization = plain[0], plain[1]
	case n >= 3:
		c.Name, c.Organization, c.Country = plain[0], strings.Join(plain[1:n-1], ", "), plain[n-1]
	}
	return c
}

func cleanEmail(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(strings.TrimPrefix(s, "mailto:"), "MAILTO:")
	return strings.TrimRight(s, ".,;")
}
