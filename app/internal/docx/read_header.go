package docx

import (
	"bytes"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/fgdesk/fgdesk/app/internal/contribution"
	"github.com/fgdesk/fgdesk/app/internal/lang"
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
	// A spelling is compared with the line's first bytes in ASCII case
	// when they are ASCII; otherwise with strings.ToLower of the line,
	// made only then.
	ascii := 0
	for ascii < len(s) && s[ascii] < utf8.RuneSelf {
		ascii++
	}
	low := ""
	for _, l := range labelNames {
		if !hasLowerPrefix(s, ascii, &low, l.spelling) {
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

// hasLowerPrefix is strings.HasPrefix(strings.ToLower(s), sp) for a
// lower-case ASCII sp, where s starts with ascii ASCII bytes: it compares
// bytes when those cover sp, and lower-cases s (once, into *low) only
// when they do not.
func hasLowerPrefix(s string, ascii int, low *string, sp string) bool {
	switch {
	case len(sp) <= ascii:
		return hasFoldPrefix(s, sp)
	case ascii == len(s):
		return false // an ASCII line shorter than sp
	}
	if *low == "" {
		*low = strings.ToLower(s)
	}
	return strings.HasPrefix(*low, sp)
}

// hasFoldPrefix reports whether s starts with sp (lower-case ASCII) in
// any ASCII case; a non-ASCII byte matches no letter of sp.
func hasFoldPrefix(s, sp string) bool {
	if len(s) < len(sp) {
		return false
	}
	for i := 0; i < len(sp); i++ {
		if lang.LowerASCII(s[i]) != sp[i] {
			return false
		}
	}
	return true
}

// normSpace turns non-breaking and other odd spaces into plain spaces.
func normSpace(s string) string {
	if !hasOddSpace(s) {
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

// collapse trims a line and collapses runs of white space (tabs too):
// strings.Join(strings.Fields(normSpace(s)), " "), in one pass. It
// returns s, or a substring of it, when that is already the result.
func collapse(s string) string {
	if isCollapsed(s) {
		return s // the usual case, without an allocation
	}
	if t := strings.TrimSpace(s); isCollapsed(t) {
		return t // only spaces around (a "Fax:" followed by a tab)
	}
	// normSpace turns invalid UTF-8 into U+FFFD when it maps a space.
	fixInvalid := hasOddSpace(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false // a space is due before the next word
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			if lang.IsSpaceASCII(c) {
				space = b.Len() > 0
				continue
			}
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteByte(c)
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			i += n
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		if r == utf8.RuneError && n == 1 && fixInvalid {
			b.WriteRune(utf8.RuneError)
		} else {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// oddSpaces are the spaces normSpace turns into plain ones.
const oddSpaces = "\u00a0\u2007\u202f\u2002\u2003\u2009"

// isCollapsed reports whether s is valid UTF-8 and holds no white space
// but single spaces between words, and none at either end (so collapse
// would return it unchanged).
func isCollapsed(s string) bool {
	space := true // at the start, a space is one too many
	for i := 0; i < len(s); {
		c := s[i]
		if ' ' < c && c < utf8.RuneSelf { // most bytes
			space = false
			i++
			continue
		}
		if c == ' ' {
			if space {
				return false
			}
			space = true
			i++
			continue
		}
		if c < utf8.RuneSelf {
			if lang.IsSpaceASCII(c) {
				return false
			}
			space = false // a control character
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || unicode.IsSpace(r) {
			return false
		}
		space = false
		i += n
	}
	return !space || s == ""
}

// hasOddSpace is strings.ContainsAny(s, oddSpaces), by their UTF-8
// bytes (lead bytes, so found only where a rune starts).
func hasOddSpace(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case 0xC2: // U+00A0
			if i+1 < len(s) && s[i+1] == 0xA0 {
				return true
			}
		case 0xE2: // U+2002, U+2003, U+2007, U+2009, U+202F
			if i+2 < len(s) && s[i+1] == 0x80 {
				switch s[i+2] {
				case 0x82, 0x83, 0x87, 0x89, 0xAF:
					return true
				}
			}
		}
	}
	return false
}

// mayContain is a cheap test before a case-insensitive regular
// expression: false only when s, being ASCII, does not contain sub (lower
// case ASCII) in any case. A non-ASCII s may match through Unicode case
// folding, so it always passes.
func mayContain(s, sub string) bool {
	return !lang.IsASCII(s) || lang.ContainsFoldASCII(s, sub)
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
	return docNumberIn(line)
}

// docNumberIn is findDocNumber for a line that mayContain "-i-".
func docNumberIn(line string) (number, digits string) {
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
	n := 0
	for _, b := range r.blocks {
		n += max(len(b.rows), 1)
	}
	out := make([]regionItem, 0, n)
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

// headerFacts collects the facts of the header's other lines (document
// number, group line, study period, ...) into h.
type headerFacts struct {
	h   *HeaderTable
	low []byte // the line in lower case, when ASCII
}

// fact matches one line of the header region for every fact not found
// yet. Each regular expression runs only on lines that can match it: an
// ASCII line is lower-cased once for the tests of mayContain.
func (hf *headerFacts) fact(line string) {
	h := hf.h
	l := collapse(line)
	if l == "" {
		return
	}
	hf.low = hf.low[:0]
	ascii := true
	for i := 0; i < len(l); i++ {
		c := l[i]
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
		hf.low = append(hf.low, lang.LowerASCII(c))
	}
	// may is mayContain(l, sub).
	may := func(sub string) bool { return !ascii || bytes.Contains(hf.low, []byte(sub)) }
	if may("structure") && contribution.IsHeaderNote(l) { // isNote(l)
		h.NoteFound = true
		return
	}
	if h.DocNumber == "" && may("-i-") {
		if num, digits := docNumberIn(l); num != "" {
			h.DocNumber, h.Fields.Number = num, digits
		}
	}
	if h.StudyPeriod == "" && may("period") {
		if m := studyPeriodRE.FindStringSubmatch(l); m != nil {
			h.StudyPeriod = m[1] + "-" + m[2]
		}
	}
	if !h.EnglishOnly && may("english") && englishOnlyRE.MatchString(l) {
		h.EnglishOnly = true
	}
	if h.Original == "" && may("original") {
		if m := originalRE.FindStringSubmatch(l); m != nil {
			h.Original = strings.TrimSpace(m[1])
		}
	}
	// For an ASCII line, may is the lower-cased test.
	if h.GroupLine == "" && may("focus group") && (ascii || strings.Contains(strings.ToLower(l), "focus group")) {
		h.GroupLine = l
	}
	if h.PlaceDate == "" && strings.IndexByte(l, ',') >= 0 && !strings.ContainsAny(l, ":：") && placeDateRE.MatchString(l) {
		h.PlaceDate = l
	}
	if h.TypeLine == "" {
		h.TypeLine = typeLine(l)
	}
}

// header reads the header table from the collected blocks, or returns nil
// when the region holds nothing of it.
func (r *reader) header() *HeaderTable {
	h := &HeaderTable{}
	f := &h.Fields
	hf := &headerFacts{h: h}
	if r.scratch != nil {
		hf.low = r.scratch.lower
		defer func() { r.scratch.lower = hf.low[:0] }()
	}
	lastLabel := ""
	for _, it := range r.region() {
		cells := it.cells
		first := -1
		for i, c := range cells {
			if !contribution.Blank(c...) {
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
					hf.factsFrom(cells, usedCells{first, first + 1, -1})
					continue
				}
			}
			hf.factsFrom(cells, usedCells{-1, -1, -1})
			continue
		}
		lastLabel = label
		if h.Labels == nil {
			h.Labels = make([]string, 0, len(contribution.HeaderLabels)+1)
		}
		h.Labels = append(h.Labels, label)
		// The value: the rest of the label's cell, else the next cell
		// (empty or not: an empty value must not swallow the cell after).
		value := firstLines[1:]
		if rest != "" {
			value = append([]string{rest}, value...)
		}
		used := usedCells{first, -1, -1}
		next := first + 1
		if contribution.Blank(value...) && next < len(cells) {
			value = cells[next]
			used[1] = next
			next++
		}
		switch label {
		case "Contact":
			right := cellAt(cells, next)
			c := readContact(value, right)
			if right != nil {
				used[2] = next
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
		hf.factsFrom(cells, used)
	}
	if len(h.Labels) == 0 && !h.NoteFound && h.TypeLine == "" && h.GroupLine == "" {
		return nil
	}
	f.Type = contribution.TypeFromLabel(h.TypeLine)
	return h
}

// usedCells are the indexes of a row's cells read as a label or value
// (-1 for none): at most three.
type usedCells [3]int

// factsFrom feeds the lines of the cells not used as values to fact.
func (hf *headerFacts) factsFrom(cells [][]string, used usedCells) {
	for i, c := range cells {
		if i == used[0] || i == used[1] || i == used[2] {
			continue
		}
		for _, l := range c {
			hf.fact(l)
		}
	}
}

// setText sets *dst, when empty, to the collapsed non-empty lines joined
// by sep.
func setText(dst *string, lines []string, sep string) {
	if *dst != "" {
		return
	}
	var b strings.Builder
	one := "" // the only line so far: no need to build
	n := 0
	for _, l := range lines {
		if l = collapse(l); l == "" {
			continue
		}
		switch n {
		case 0:
			one = l
		case 1:
			b.WriteString(one)
			fallthrough
		default:
			b.WriteString(sep)
			b.WriteString(l)
		}
		n++
	}
	if n > 1 {
		one = b.String()
	}
	*dst = one
}

func cellAt(cells [][]string, i int) []string {
	if i < 0 || i >= len(cells) {
		return nil
	}
	return cells[i]
}

// nonEmpty returns the lines that are not blank (lines itself when all
// are), or one empty line when none is.
func nonEmpty(lines []string) []string {
	var out []string
	for i, l := range lines {
		if strings.TrimSpace(l) != "" {
			if out != nil {
				out = append(out, l)
			}
			continue
		}
		if out == nil {
			out = append(make([]string, 0, len(lines)), lines[:i]...)
		}
	}
	switch {
	case out == nil && len(lines) > 0:
		return lines[:len(lines):len(lines)]
	case len(out) == 0:
		return []string{""}
	}
	return out
}

// readContact reads one contact from the left cell (name, organization,
// country lines) and the right cell (Tel:, Fax:, E-mail: lines). Labelled
// lines are recognised in either cell.
func readContact(left, right []string) contribution.Contact {
	var c contribution.Contact
	var buf [4]string
	plain := buf[:0]
	for _, l := range left {
		plain = takeContactLine(&c, plain, l, true)
	}
	for _, l := range right {
		plain = takeContactLine(&c, plain, l, false)
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

// takeContactLine reads one line of a contact's cells into c, or, when
// allowPlain, adds it to the plain lines (name, organization, country).
func takeContactLine(c *contribution.Contact, plain []string, l string, allowPlain bool) []string {
	l = collapse(l)
	if l == "" {
		return plain
	}
	// The labels start with e, f, t or p (letters without other Unicode
	// case forms), so other lines skip the matchers.
	first := lang.LowerASCII(l[0])
	if first == 'e' {
		if v, ok := emailValue(l); ok {
			if c.Email == "" {
				c.Email = cleanEmail(v)
			}
			return plain
		}
	}
	if first == 'f' || first == 't' {
		if v, ok := labelValue(l, faxSpellings, true); ok {
			if c.Fax == "" {
				c.Fax = strings.TrimSpace(v)
			}
			return plain
		}
	}
	if first == 't' || first == 'p' {
		if v, ok := labelValue(l, telSpellings, true); ok {
			if c.Tel == "" {
				c.Tel = strings.TrimSpace(v)
			}
			return plain
		}
	}
	switch {
	case strings.Contains(l, "@") && !strings.Contains(l, " ") && c.Email == "":
		c.Email = cleanEmail(l)
	case allowPlain:
		plain = append(plain, l)
	}
	return plain
}

// The contact lines' labels, as faxRE and telRE match them: the first
// spelling that starts the line wins, as the expressions' alternations
// (with "ephone" optional and greedy) choose.
var (
	faxSpellings = []string{"fax", "telefax"}
	telSpellings = []string{"telephone", "tel", "phone"}
)

// labelValue matches l as ^(?i)(spellings)\.?\s*[:：]?\s*(.*)$ (the dot
// only when dot is set) and returns the captured value: faxRE and telRE
// by hand. The spellings' letters have no case forms outside ASCII.
func labelValue(l string, spellings []string, dot bool) (string, bool) {
	for _, sp := range spellings {
		if !hasFoldPrefix(l, sp) {
			continue
		}
		rest := l[len(sp):]
		if dot && rest != "" && rest[0] == '.' {
			rest = rest[1:]
		}
		return valueAfterLabel(rest)
	}
	return "", false
}

// emailValue matches l as emailRE, ^(?i)e-?\s?mail\s*[:：]?\s*(.*)$, and
// returns the captured value.
func emailValue(l string) (string, bool) {
	if l == "" || lang.LowerASCII(l[0]) != 'e' {
		return "", false
	}
	rest := l[1:]
	if rest != "" && rest[0] == '-' {
		rest = rest[1:]
	}
	if rest != "" && reSpace(rest[0]) {
		rest = rest[1:]
	}
	if !hasFoldPrefix(rest, "mail") {
		return "", false
	}
	return valueAfterLabel(rest[4:])
}

// valueAfterLabel matches \s*[:：]?\s*(.*)$ against the text after a
// label. Every quantifier takes all it can, as the expression prefers;
// no shorter choice could match where that fails, since "." stops only
// at a newline, which every choice keeps.
func valueAfterLabel(rest string) (string, bool) {
	rest = trimReSpace(rest)
	if strings.HasPrefix(rest, ":") {
		rest = trimReSpace(rest[1:])
	} else if strings.HasPrefix(rest, "：") {
		rest = trimReSpace(rest[len("："):])
	}
	if strings.IndexByte(rest, '\n') >= 0 {
		return "", false
	}
	return rest, true
}

// reSpace is \s of Go's regular expressions: [\t\n\f\r ].
func reSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }

func trimReSpace(s string) string {
	for s != "" && reSpace(s[0]) {
		s = s[1:]
	}
	return s
}

func cleanEmail(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(strings.TrimPrefix(s, "mailto:"), "MAILTO:")
	return strings.TrimRight(s, ".,;")
}
