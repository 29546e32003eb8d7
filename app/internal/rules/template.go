package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/fgdesk/fgdesk/app/internal/contribution"
	"github.com/fgdesk/fgdesk/app/internal/finding"
	"github.com/fgdesk/fgdesk/app/internal/inspect"
	"github.com/fgdesk/fgdesk/app/internal/lang"
	"github.com/fgdesk/fgdesk/app/internal/meeting"
)

const citeTemplate = "Circular 253 §9 (FG base template)"

// Template rules. The field rules of package contribution (Source, Title,
// contacts, number format, English) are part of this family too, so the
// form and the checker report the same codes.
var (
	TplNoHeader = finding.Define(finding.Spec{Code: "TPL-NO-HEADER", Title: "No FG header table found", Severity: finding.Error, Cite: citeTemplate, Family: "template", Since: "0.1.0",
		Doc: "No FG header table (the rows Source:, Title: and Contact:) was found in the Word file. Authors must use the basic template for FG documents (§9); TSB reads number, source and title from this table, and a document without it cannot be filed. Write the contribution in the FG base template (fgdesk export produces one) and copy the body into it."})
	TplLabels = finding.Define(finding.Spec{Code: "TPL-LABELS", Title: "Header table labels missing", Severity: finding.Error, Cite: citeTemplate, Family: "template", Since: "0.1.0",
		Doc: "The header table lacks one of the labels Source:, Title: or Contact:. The table's structure must not be changed (its own note says so, §9 base template): TSB and tools read each field by its label. Restore the missing rows from the FG base template."})
	TplLabelOrder = finding.Define(finding.Spec{Code: "TPL-LABEL-ORDER", Title: "Header table labels out of order", Severity: finding.Warning, Cite: citeTemplate, Family: "template", Since: "0.1.0",
		Doc: "The header table's labels are not in the template's order (WG(s), Source, Title, Contact, Purpose, Abstract, Keywords). A reordered table usually means the structure was edited by hand, which the template asks authors not to do (§9), and readers look for fields where the template puts them. Put the rows back in the template's order."})
	TplTypeLine = finding.Define(finding.Spec{Code: "TPL-TYPE-LINE", Title: "Document type line missing or unknown", Severity: finding.Error, Cite: citeTemplate, Family: "template", Since: "0.1.0",
		Doc: "The document-type line (INPUT DOCUMENT, OUTPUT DOCUMENT, TEMPORARY DOCUMENT or LIAISON STATEMENT) is missing or not one of these. TSB files documents by type, and the base template always carries it centred above Source: (§9). Add the right type line as in the template."})
	TplStudyPeriod = finding.Define(finding.Spec{Code: "TPL-STUDY-PERIOD", Title: "Study period differs from the meeting's", Severity: finding.Warning, Cite: citeTemplate, Family: "template", Since: "0.1.0",
		Doc: "The header's study period (e.g. STUDY PERIOD 2005-2008) is not the meeting's (2009-2012). It usually means an old document was reused as a template, which brings other stale fields with it (§9 base template). Correct the study period, and check the other header lines while at it."})
	TplEnglishOnly = finding.Define(finding.Spec{Code: "TPL-ENGLISH-ONLY", Title: `"English only" / "Original: English" missing`, Severity: finding.Warning, Cite: "Circular 253 §9 (English only)", Family: "template", Since: "0.1.0",
		Doc: "The header lacks \"English only\" or \"Original: English\". The meeting works in English only (§8, §9), and the base template states it in the header. Add the line as in the template."})
	TplPlaceDate = finding.Define(finding.Spec{Code: "TPL-PLACE-DATE", Title: "Place and date differ from the meeting's", Severity: finding.Warning, Cite: "Circular 253 §5", Family: "template", Since: "0.1.0",
		Doc: "The header's place and date differ from the meeting's (Geneva, 19 and 21 March 2012 for the first meeting, §5). A wrong date usually means a document prepared for another meeting, which TSB would file in the wrong place. Correct the line, or check that the file is meant for this meeting."})
	TplGroup = finding.Define(finding.Spec{Code: "TPL-GROUP", Title: "Group line differs from the meeting's", Severity: finding.Warning, Cite: citeTemplate, Family: "template", Since: "0.1.0",
		Doc: "The header's group line differs from the meeting's focus group name (FOCUS GROUP ON BRIDGING THE GAP: FROM INNOVATION TO STANDARDS). The group line tells TSB and readers which group the document is for (§9 base template). Correct the line, or check that the file is meant for this group."})
	TplNote = finding.Define(finding.Spec{Code: "TPL-NOTE", Title: `"Please don't change the structure of this table" note missing`, Severity: finding.Warning, Cite: citeTemplate, Family: "template", Since: "0.1.0",
		Doc: "The note under the header table, \"Please don't change the structure of this table, just insert the necessary information.\", is missing (either spelling, don't or do not, is accepted). Its absence usually means the table was rebuilt by hand, so other fields may not be where TSB reads them (§9 base template). Start from the FG base template, or restore the note and check the table's rows."})
	TplNotChecked = finding.Define(finding.Spec{Code: "TPL-NOT-CHECKED", Title: "Template not checked for this file type", Severity: finding.Info, Cite: citeTemplate, Family: "template", Since: "0.1.0",
		Doc: "For information: FG Desk reads the header table of Word (.docx) files only, so the template of this PDF, PowerPoint, Excel, old Word or zip file was not checked. TSB still expects the base template's header (§9). Check the header by eye, or submit the Word file."})
)

// labelOrder and requiredLabels are contribution.HeaderLabels, the one
// description of the header table, as normLabel keys; templateOrder is the
// order as the template prints the labels.
var labelOrder, requiredLabels, templateOrder = func() (order, required []string, names string) {
	var ns []string
	for _, l := range contribution.HeaderLabels {
		order = append(order, normLabel(l.Name))
		if l.Required {
			required = append(required, normLabel(l.Name))
		}
		ns = append(ns, l.Name)
	}
	return order, required, strings.Join(ns, ", ")
}()

var _ = addFamily(Family{
	Name:  "template",
	Rank:  40,
	Doc:   "A Word file carries the FG base template's header table with the meeting's data and filled-in fields.",
	Check: checkTemplate,
})

// normLabel lower-cases a label and drops its colon and spaces.
func normLabel(l string) string {
	for _, k := range knownLabels {
		if l == k.name {
			return k.norm // a label as the reader reports it: done once
		}
	}
	return normLabelOf(l)
}

func normLabelOf(l string) string {
	l = strings.ToLower(strings.TrimSpace(l))
	l = strings.TrimSuffix(l, ":")
	return strings.Join(strings.Fields(l), "")
}

// knownLabels are the header labels as the reader reports them, with
// their normLabel keys.
var knownLabels = func() []struct{ name, norm string } {
	var out []struct{ name, norm string }
	for _, l := range contribution.HeaderLabels {
		out = append(out, struct{ name, norm string }{l.Name, normLabelOf(l.Name)})
	}
	return out
}()

// sameText compares two header values ignoring case, spacing and dashes.
func sameText(a, b string) bool {
	if lang.IsASCII(a) && lang.IsASCII(b) {
		return sameASCIIText(a, b)
	}
	return normText(a) == normText(b)
}

// normText is what sameText compares: lower case, Word's dashes and
// no-break spaces folded, white space collapsed.
func normText(s string) string {
	s = dashes.Replace(strings.ToLower(s))
	return strings.Join(strings.Fields(s), " ")
}

// dashes folds the dashes and spaces Word substitutes.
var dashes = strings.NewReplacer("–", "-", "—", "-", "\u00a0", " ")

// sameASCIIText is normText(a) == normText(b) for ASCII strings (no
// dashes to fold), compared as they are read, without building either.
func sameASCIIText(a, b string) bool {
	x, y := asciiWords{s: a}, asciiWords{s: b}
	for {
		c, d := x.next(), y.next()
		if c != d {
			return false
		}
		if c < 0 {
			return true
		}
	}
}

// asciiWords reads an ASCII string as strings.Join(strings.Fields(s), " ")
// in lower case, a byte at a time; -1 at the end.
type asciiWords struct {
	s     string
	i     int
	word  bool // a word has been read
	space bool // a space is due before the next word
}

func (w *asciiWords) next() int {
	for w.i < len(w.s) {
		c := w.s[w.i]
		if lang.IsSpaceASCII(c) {
			w.space = w.word
			w.i++
			continue
		}
		if w.space {
			w.space = false
			return ' '
		}
		w.word = true
		w.i++
		return int(lang.LowerASCII(c))
	}
	return -1
}

func checkTemplate(f *inspect.Facts, c *Context) []finding.Finding {
	if fatal(f) {
		return nil
	}
	if f.WordUnread != "" {
		return []finding.Finding{TplNotChecked.New(f.Name, fmt.Sprintf("FG Desk could not read the text of this %s: %s; check the header table by eye.", kindName(f.Kind), f.WordUnread))}
	}
	if !f.Kind.IsWord() {
		if f.Kind == inspect.KindEmpty || f.Kind == inspect.KindUnknown || f.Kind == inspect.KindText || f.Kind == inspect.KindEncrypt || f.Kind == "" {
			return nil
		}
		return []finding.Finding{TplNotChecked.New(f.Name, fmt.Sprintf("FG Desk reads the header table of Word (.docx) files only; check this %s by eye.", kindName(f.Kind)))}
	}
	p := c.Profile
	h := f.Header
	if h == nil {
		return []finding.Finding{TplNoHeader.New(bodyPart(f), "No header table with Source:, Title: and Contact: was found; write the contribution in the FG base template.").
			WithFix("Start from FG Desk's export (or the FG base template) and copy your text into it.")}
	}
	var out []finding.Finding
	have := make([]string, 0, len(h.Labels))
	for _, l := range h.Labels {
		have = append(have, normLabel(l))
	}
	var missing []string
	for _, r := range requiredLabels {
		if !slices.Contains(have, r) {
			missing = append(missing, strings.ToUpper(r[:1])+r[1:]+":")
		}
	}
	if len(missing) > 0 {
		out = append(out, TplLabels.New("header table", fmt.Sprintf("The header table lacks %s.", strings.Join(missing, ", "))).
			WithFix("Don't change the structure of the table; restore the missing rows."))
	}
	// Order: the known labels, first occurrence each, must follow labelOrder.
	var seqBuf [16]int
	seq := seqBuf[:0]
	for j, l := range have {
		if i := slices.Index(labelOrder, l); i >= 0 && !slices.Contains(have[:j], l) { // first occurrence
			seq = append(seq, i)
		}
	}
	if !slices.IsSorted(seq) {
		var names []string
		for _, i := range seq {
			names = append(names, labelOrder[i])
		}
		out = append(out, TplLabelOrder.New("header table", fmt.Sprintf("Labels appear as %s; the template has %s.", strings.Join(names, ", "), templateOrder)))
	}
	if t := contribution.TypeFromLabel(h.TypeLine); t == "" {
		msg := "The document type line (e.g. INPUT DOCUMENT) is missing."
		if strings.TrimSpace(h.TypeLine) != "" {
			msg = fmt.Sprintf("The document type line %q is not INPUT DOCUMENT, OUTPUT DOCUMENT, TEMPORARY DOCUMENT or LIAISON STATEMENT.", h.TypeLine)
		}
		out = append(out, TplTypeLine.New("header: type line", msg))
	}
	if !sameText(h.StudyPeriod, p.StudyPeriod) {
		out = append(out, TplStudyPeriod.New("header: study period", fmt.Sprintf("Study period is %q; this meeting is in %s.", h.StudyPeriod, p.StudyPeriod)).WithFix("STUDY PERIOD "+p.StudyPeriod))
	}
	if !h.EnglishOnly || (h.Original != "" && !sameText(h.Original, "English")) {
		msg := `The header should say "English only" and "Original: English".`
		if h.Original != "" && !sameText(h.Original, "English") {
			msg = fmt.Sprintf("The header says \"Original: %s\"; the meeting works in English only.", h.Original)
		}
		out = append(out, TplEnglishOnly.New("header: language", msg))
	}
	if want := p.DateWording(meeting.Plenaries); !sameText(h.PlaceDate, want) {
		out = append(out, TplPlaceDate.New("header: place and date", fmt.Sprintf("Place and date read %q; this meeting is %q.", h.PlaceDate, want)).WithFix(want))
	}
	if !sameText(h.GroupLine, p.Group.HeaderLine) {
		out = append(out, TplGroup.New("header: group", fmt.Sprintf("Group line reads %q; expected %q.", h.GroupLine, p.Group.HeaderLine)).WithFix(p.Group.HeaderLine))
	}
	if !h.NoteFound {
		out = append(out, TplNote.New("header table", fmt.Sprintf("The note %q is missing: was the table restructured?", contribution.HeaderNote)))
	}
	for _, fd := range contribution.Validate(&h.Fields, p) {
		if fd.Code == contribution.LangNonEnglish.Code {
			continue // the language family reports it, with the body
		}
		fd.Where = "header: " + fd.Field
		out = append(out, fd)
	}
	return out
}
