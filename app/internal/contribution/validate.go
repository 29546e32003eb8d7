package contribution

import (
	"fmt"
	"net/mail"
	"regexp"
	"strings"

	"github.com/fgdesk/fgdesk/app/internal/finding"
	"github.com/fgdesk/fgdesk/app/internal/lang"
	"github.com/fgdesk/fgdesk/app/internal/meeting"
)

const (
	citeNumber   = "Circular 253 §9 (document number nnnn)"
	citeTemplate = "Circular 253 §9 (FG base template)"
	citeEnglish  = "Circular 253 §9 (English only)"
)

// Field rules. The checker's template family reports the same codes when it
// reads a header table back from a file.
var (
	NumberMissing  = finding.Spec{Code: "NUM-MISSING", Title: "Document number is missing", Severity: finding.Error, Cite: citeNumber}
	NumberFormat   = finding.Spec{Code: "NUM-FORMAT", Title: "Document number is not nnnn", Severity: finding.Error, Cite: citeNumber}
	SourceEmpty    = finding.Spec{Code: "TPL-SOURCE-EMPTY", Title: "Source is empty", Severity: finding.Error, Cite: citeTemplate}
	TitleEmpty     = finding.Spec{Code: "TPL-TITLE-EMPTY", Title: "Title is empty", Severity: finding.Error, Cite: citeTemplate}
	Placeholder    = finding.Spec{Code: "TPL-PLACEHOLDER", Title: "Field still holds template placeholder text", Severity: finding.Error, Cite: citeTemplate}
	NoContact      = finding.Spec{Code: "TPL-CONTACT-NONE", Title: "No contact with an e-mail address", Severity: finding.Error, Cite: citeTemplate}
	BadEmail       = finding.Spec{Code: "TPL-CONTACT-EMAIL", Title: "Contact e-mail address is not valid", Severity: finding.Error, Cite: citeTemplate}
	ContactName    = finding.Spec{Code: "TPL-CONTACT-NAME", Title: "Contact has no name", Severity: finding.Warning, Cite: citeTemplate}
	BadType        = finding.Spec{Code: "TPL-DOCTYPE", Title: "Unknown document type", Severity: finding.Error, Cite: citeTemplate}
	NoPurpose      = finding.Spec{Code: "TPL-PURPOSE", Title: "Purpose is not set", Severity: finding.Info, Cite: citeTemplate}
	NoAbstract     = finding.Spec{Code: "TPL-ABSTRACT-EMPTY", Title: "Abstract is empty", Severity: finding.Info, Cite: citeTemplate}
	NonEnglishText = finding.Spec{Code: "LANG-NON-ENGLISH", Title: "Text is not in English", Severity: finding.Warning, Cite: citeEnglish}
)

// FieldRules lists every field rule, for reports and help screens.
var FieldRules = []finding.Spec{
	NumberMissing, NumberFormat, SourceEmpty, TitleEmpty, Placeholder, NoContact,
	BadEmail, ContactName, BadType, NoPurpose, NoAbstract, NonEnglishText,
}

// Language thresholds: a field is "not English" when at least MinNonLatin
// letters and NonLatinShare of its letters are outside the Latin script.
const (
	NonLatinShare = 0.30
	MinNonLatin   = 3
)

// placeholderRE matches what templates leave in a field: "[Title]",
// "<Insert source>", "xxx", "Title of the document", "TBD".
var placeholderRE = regexp.MustCompile(`(?i)^\s*(?:\[[^\]]*\]|<[^>]*>|\{[^}]*\}|x{3,}|\.{3,}|…|tbd|tba|n/?a|title|source|insert\b.*|(?:title|name|source) of (?:the )?(?:document|contribution|organi[sz]ation).*|your .*)\s*$`)

// IsPlaceholder reports whether s looks like text left from the template.
func IsPlaceholder(s string) bool {
	return placeholderRE.MatchString(s)
}

// ValidEmail reports whether s is a single bare address (no display name)
// whose domain has a dot.
func ValidEmail(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s, " <>,;\"") {
		return false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	dom := s[at+1:]
	return strings.Contains(dom, ".") && !strings.HasPrefix(dom, ".") && !strings.HasSuffix(dom, ".") && !strings.Contains(dom, "..")
}

// Validate judges a model against the meeting profile and returns its
// findings, worst first. Fields are named as the form names them: number,
// type, source, title, contacts[i].email, purpose, abstract, keywords.
func Validate(m *Model, p *meeting.Profile) []finding.Finding {
	var fs []finding.Finding
	add := func(f finding.Finding) { fs = append(fs, f) }

	num := strings.TrimSpace(m.Number)
	switch {
	case num == "":
		add(NumberMissing.Field("number", fmt.Sprintf("No document number. Ask TSB for one by e-mail to %s before you submit.", p.TSB.Email)))
	case !p.ValidNumber(num):
		f := NumberFormat.Field("number", fmt.Sprintf("Document number %q must be %d digits (the nnnn of %s).", num, p.Digits(), p.Documents.Pattern))
		if fixed, ok := p.FindNumber(p.Prefix() + num); ok && len(num) < p.Digits() {
			f = f.WithFix(fixed)
		}
		add(f)
	}
	if m.Type != "" && !m.Type.Valid() {
		add(BadType.Field("type", fmt.Sprintf("Document type %q is not one of input, output, temporary or liaison.", m.Type)))
	}

	text := func(field, value string, empty finding.Spec, what string) {
		v := strings.TrimSpace(value)
		switch {
		case v == "":
			add(empty.Field(field, what+" is empty; the header table needs it."))
		case IsPlaceholder(v):
			add(Placeholder.Field(field, fmt.Sprintf("%s %q is still the template's placeholder; replace it.", what, v)))
		}
	}
	text("source", m.Source, SourceEmpty, "Source")
	text("title", m.Title, TitleEmpty, "Title")

	withEmail := 0
	for i, c := range m.Contacts {
		if c.IsEmpty() {
			continue
		}
		field := fmt.Sprintf("contacts[%d]", i)
		email := strings.TrimSpace(c.Email)
		switch {
		case email == "":
		case !ValidEmail(email):
			add(BadEmail.Field(field+".email", fmt.Sprintf("Contact %d: %q is not a valid e-mail address.", i+1, email)))
		default:
			withEmail++
		}
		if strings.TrimSpace(c.Name) == "" {
			add(ContactName.Field(field+".name", fmt.Sprintf("Contact %d has no name.", i+1)))
		}
	}
	if withEmail == 0 {
		add(NoContact.Field("contacts", "Give at least one contact with a valid e-mail address."))
	}

	if m.Purpose == "" {
		add(NoPurpose.Field("purpose", "Say whether the document is for discussion, information or decision."))
	}
	if strings.TrimSpace(m.Abstract) == "" {
		add(NoAbstract.Field("abstract", "FG documents usually carry a short abstract."))
	}
	for _, f := range []struct{ field, label, value string }{
		{"title", "Title", m.Title},
		{"abstract", "Abstract", m.Abstract},
		{"source", "Source", m.Source},
	} {
		if ms := lang.Scan(f.value, 100_000); ms.Substantial(NonLatinShare, MinNonLatin) {
			add(NonEnglishText.Field(f.field, fmt.Sprintf("%s is %.0f%% %s script; the meeting works in English only.", f.label, ms.Share*100, ms.Script)))
		}
	}
	finding.Sort(fs)
	return fs
}
