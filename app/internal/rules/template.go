package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/fgdesk/fgdesk/app/internal/contribution"
	"github.com/fgdesk/fgdesk/app/internal/finding"
	"github.com/fgdesk/fgdesk/app/internal/inspect"
	"github.com/fgdesk/fgdesk/app/internal/meeting"
)

const citeTemplate = "Circular 253 §9 (FG base template)"

// Template rules. The field rules of package contribution (Source, Title,
// contacts, number format, English) are part of this family too, so the
// form and the checker report the same codes.
var (
	NoHeader       = finding.Spec{Code: "TPL-NO-HEADER", Title: "No FG header table found", Severity: finding.Error, Cite: citeTemplate}
	LabelsMissing  = finding.Spec{Code: "TPL-LABELS", Title: "Header table labels missing", Severity: finding.Error, Cite: citeTemplate}
	LabelOrder     = finding.Spec{Code: "TPL-LABEL-ORDER", Title: "Header table labels out of order", Severity: finding.Warning, Cite: citeTemplate}
	TypeLine       = finding.Spec{Code: "TPL-TYPE-LINE", Title: "Document type line missing or unknown", Severity: finding.Error, Cite: citeTemplate}
	StudyPeriod    = finding.Spec{Code: "TPL-STUDY-PERIOD", Title: "Study period differs from the meeting's", Severity: finding.Warning, Cite: citeTemplate}
	EnglishOnly    = finding.Spec{Code: "TPL-ENGLISH-ONLY", Title: `"English only" / "Original: English" missing`, Severity: finding.Warning, Cite: "Circular 253 §9 (English only)"}
	PlaceDate      = finding.Spec{Code: "TPL-PLACE-DATE", Title: "Place and date differ from the meeting's", Severity: finding.Warning, Cite: "Circular 253 §5"}
	GroupLine      = finding.Spec{Code: "TPL-GROUP", Title: "Group line differs from the meeting's", Severity: finding.Warning, Cite: citeTemplate}
	NoteMissing    = finding.Spec{Code: "TPL-NOTE", Title: `"Please don't change the structure of this table" note missing`, Severity: finding.Warning, Cite: citeTemplate}
	NotChecked     = finding.Spec{Code: "TPL-NOT-CHECKED", Title: "Template not checked for this file type", Severity: finding.Info, Cite: citeTemplate}
	requiredLabels = []string{"source", "title", "contact"}
	labelOrder     = []string{"wg(s)", "source", "title", "contact", "purpose", "abstract", "keywords"}
)

var _ = addFamily(Family{
	Name: "template",
	Doc:  "A Word file carries the FG base template's header table with the meeting's data and filled-in fields.",
	Specs: append([]finding.Spec{NoHeader, LabelsMissing, LabelOrder, TypeLine, StudyPeriod, EnglishOnly, PlaceDate, GroupLine, NoteMissing, NotChecked},
		withoutLanguage(contribution.FieldRules)...),
	Check: checkTemplate,
})

func withoutLanguage(specs []finding.Spec) []finding.Spec {
	return slices.DeleteFunc(slices.Clone(specs), func(s finding.Spec) bool { return s.Code == contribution.NonEnglishText.Code })
}

// normLabel lower-cases a label and drops its colon and spaces.
func normLabel(l string) string {
	l = strings.ToLower(strings.TrimSpace(l))
	l = strings.TrimSuffix(l, ":")
	return strings.Join(strings.Fields(l), "")
}

// sameText compares two header values ignoring case, spacing and dashes.
func sameText(a, b string) bool {
	norm := func(s string) string {
		s = dashes.Replace(strings.ToLower(s))
		return strings.Join(strings.Fields(s), " ")
	}
	return norm(a) == norm(b)
}

// dashes folds the dashes and spaces Word substitutes.
var dashes = strings.NewReplacer("–", "-", "—", "-", "\u00a0", " ")

func checkTemplate(f *inspect.Facts, c *Context) []finding.Finding {
	if fatal(f) {
		return nil
	}
	if f.WordUnread != "" {
		return []finding.Finding{NotChecked.New(f.Name, fmt.Sprintf("FG Desk could not read the text of this %s: %s; check the header table by eye.", kindName(f.Kind), f.WordUnread))}
	}
	if !f.Kind.IsWord() {
		if f.Kind == inspect.KindEmpty || f.Kind == inspect.KindUnknown || f.Kind == inspect.KindText || f.Kind == inspect.KindEncrypt || f.Kind == "" {
			return nil
		}
		return []finding.Finding{NotChecked.New(f.Name, fmt.Sprintf("FG Desk reads the header table of Word (.docx) files only; check this %s by eye.", kindName(f.Kind)))}
	}
	p := c.Profile
	h := f.Header
	if h == nil {
		return []finding.Finding{NoHeader.New(bodyPart(f), "No header table with Source:, Title: and Contact: was found; write the contribution in the FG base template.").
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
		out = append(out, LabelsMissing.New("header table", fmt.Sprintf("The header table lacks %s.", strings.Join(missing, ", "))).
			WithFix("Don't change the structure of the table; restore the missing rows."))
	}
	// Order: the known labels, first occurrence each, must follow labelOrder.
	var seq []int
	seen := map[string]bool{}
	for _, l := range have {
		if i := slices.Index(labelOrder, l); i >= 0 && !seen[l] {
			seen[l] = true
			seq = append(seq, i)
		}
	}
	if !slices.IsSorted(seq) {
		var names []string
		for _, i := range seq {
			names = append(names, labelOrder[i])
		}
		out = append(out, LabelOrder.New("header table", fmt.Sprintf("Labels appear as %s; the template has WG(s), Source, Title, Contact, Purpose, Abstract, Keywords.", strings.Join(names, ", "))))
	}
	if t := contribution.TypeFromLabel(h.TypeLine); t == "" {
		msg := "The document type line (e.g. INPUT DOCUMENT) is missing."
		if strings.TrimSpace(h.TypeLine) != "" {
			msg = fmt.Sprintf("The document type line %q is not INPUT DOCUMENT, OUTPUT DOCUMENT, TEMPORARY DOCUMENT or LIAISON STATEMENT.", h.TypeLine)
		}
		out = append(out, TypeLine.New("header: type line", msg))
	}
	if !sameText(h.StudyPeriod, p.StudyPeriod) {
		out = append(out, StudyPeriod.New("header: study period", fmt.Sprintf("Study period is %q; this meeting is in %s.", h.StudyPeriod, p.StudyPeriod)).WithFix("STUDY PERIOD "+p.StudyPeriod))
	}
	if !h.EnglishOnly || (h.Original != "" && !sameText(h.Original, "English")) {
		msg := `The header should say "English only" and "Original: English".`
		if h.Original != "" && !sameText(h.Original, "English") {
			msg = fmt.Sprintf("The header says \"Original: %s\"; the meeting works in English only.", h.Original)
		}
		out = append(out, EnglishOnly.New("header: language", msg))
	}
	if want := p.DateWording(meeting.Plenaries); !sameText(h.PlaceDate, want) {
		out = append(out, PlaceDate.New("header: place and date", fmt.Sprintf("Place and date read %q; this meeting is %q.", h.PlaceDate, want)).WithFix(want))
	}
	if !sameText(h.GroupLine, p.Group.HeaderLine) {
		out = append(out, GroupLine.New("header: group", fmt.Sprintf("Group line reads %q; expected %q.", h.GroupLine, p.Group.HeaderLine)).WithFix(p.Group.HeaderLine))
	}
	if !h.NoteFound {
		out = append(out, NoteMissing.New("header table", `The note "Please don't change the structure of this table, just insert the necessary information." is missing: was the table restructured?`))
	}
	for _, fd := range contribution.Validate(&h.Fields, p) {
		if fd.Code == contribution.NonEnglishText.Code {
			continue // the language family reports it, with the body
		}
		fd.Where = "header: " + fd.Field
		out = append(out, fd)
	}
	return out
}
