package contribution

import (
	"fmt"
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

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
	NumMissing = finding.Define(finding.Spec{Code: "NUM-MISSING", Title: "Document number is missing", Severity: finding.Error, Cite: citeNumber, Family: "number", Since: "0.1.0",
		Doc: "The header form has no document number. Every contribution needs a number nnnn allocated by TSB by e-mail before it is submitted (§9); without one the file cannot be named or filed. Ask TSB for a number by e-mail and enter its four digits."})
	NumFormat = finding.Define(finding.Spec{Code: "NUM-FORMAT", Title: "Document number is not nnnn", Severity: finding.Error, Cite: citeNumber, Family: "number", Since: "0.1.0",
		Doc: "The document number is not the meeting's nnnn (four digits by default), e.g. 12 or i-0012. The number becomes part of the file name innovation-i-nnnn and of the document list (§9), so it must be exactly the digits TSB allocated. Enter the number as its digits with leading zeros, e.g. 0012."})
	TplSourceEmpty = finding.Define(finding.Spec{Code: "TPL-SOURCE-EMPTY", Title: "Source is empty", Severity: finding.Error, Cite: citeTemplate, Family: "template", Since: "0.1.0",
		Doc: "The Source field is empty. Source names who submits the document (member, organization or company) and appears in the document list (§9 base template); TSB cannot file an anonymous contribution. Enter the submitting organization(s)."})
	TplTitleEmpty = finding.Define(finding.Spec{Code: "TPL-TITLE-EMPTY", Title: "Title is empty", Severity: finding.Error, Cite: citeTemplate, Family: "template", Since: "0.1.0",
		Doc: "The Title field is empty. The title identifies the document in the document list and on the agenda (§9 base template). Enter the document's title."})
	TplPlaceholder = finding.Define(finding.Spec{Code: "TPL-PLACEHOLDER", Title: "Field still holds template placeholder text", Severity: finding.Error, Cite: citeTemplate, Family: "template", Since: "0.1.0",
		Doc: "A field still holds the template's placeholder text, e.g. \"[Title]\", \"<Insert source>\", \"xxx\" or \"TBD\". Published as is, the document would carry the placeholder into the document list (§9 base template). Replace the placeholder with the real value."})
	TplContactNone = finding.Define(finding.Spec{Code: "TPL-CONTACT-NONE", Title: "No contact with an e-mail address", Severity: finding.Error, Cite: citeTemplate, Family: "template", Since: "0.1.0",
		Doc: "No contact with an e-mail address is given. The header's Contact rows tell TSB and participants whom to ask about the document (§9 base template), and TSB replies to that address. Give at least one contact with name, organization, country and a valid e-mail address."})
	TplContactEmail = finding.Define(finding.Spec{Code: "TPL-CONTACT-EMAIL", Title: "Contact e-mail address is not valid", Severity: finding.Error, Cite: citeTemplate, Family: "template", Since: "0.1.0",
		Doc: "A contact's e-mail address is not a single valid address (e.g. a missing @ or domain, or a display name with the address). TSB and participants write to it about the document (§9 base template). Enter a plain address such as name@example.org."})
	TplContactName = finding.Define(finding.Spec{Code: "TPL-CONTACT-NAME", Title: "Contact has no name", Severity: finding.Warning, Cite: citeTemplate, Family: "template", Since: "0.1.0",
		Doc: "A contact has an e-mail address but no name. The Contact row of the base template gives name, organization and country (§9), so readers know whom they write to. Enter the contact's name."})
	TplDoctype = finding.Define(finding.Spec{Code: "TPL-DOCTYPE", Title: "Unknown document type", Severity: finding.Error, Cite: citeTemplate, Family: "template", Since: "0.1.0",
		Doc: "The document type is not one of input, output, temporary or liaison. The type decides the header's type line (INPUT DOCUMENT, ...) that TSB files the document by (§9 base template). Choose one of the four types."})
	TplPurpose = finding.Define(finding.Spec{Code: "TPL-PURPOSE", Title: "Purpose is not set", Severity: finding.Info, Cite: citeTemplate, Family: "template", Since: "0.1.0",
		Doc: "For information: the purpose (discussion, information or decision) is not set. FG documents commonly state it so the meeting knows what is asked of it. Choose a purpose if the document asks for one."})
	TplAbstractEmpty = finding.Define(finding.Spec{Code: "TPL-ABSTRACT-EMPTY", Title: "Abstract is empty", Severity: finding.Info, Cite: citeTemplate, Family: "template", Since: "0.1.0",
		Doc: "For information: the abstract is empty. FG documents usually carry a short abstract, which helps the meeting and later readers of the public document list. Add two or three sentences summing up the contribution."})
	LangNonEnglish = finding.Define(finding.Spec{Code: "LANG-NON-ENGLISH", Title: "Text is not in English", Severity: finding.Warning, Cite: citeEnglish, Family: "language", Since: "0.1.0",
		Doc: "The title, abstract or body is substantially in a non-Latin script (the measured share is in the message). The meeting works in English only (§8, §9) and TSB does not translate contributions. Submit an English version; a few quoted names or terms in another script are fine."})
)

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
	// Every alternative starts with one of these characters (in either
	// case; ſ folds to s, and … is not ASCII): other values skip the
	// expression.
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\f' || s[i] == '\r') {
		i++ // \s
	}
	if i == len(s) || s[i] < utf8.RuneSelf && !strings.ContainsRune("[<{.xXtTnNsSiIyY", rune(s[i])) {
		return false
	}
	return placeholderRE.MatchString(s)
}

// ValidEmail reports whether s is a single bare address (no display name)
// whose domain has a dot.
func ValidEmail(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s, " <>,;\"") {
		return false
	}
	if !plainAddress(s) {
		a, err := mail.ParseAddress(s)
		if err != nil || a.Address != s || a.Name != "" {
			return false
		}
	}
	at := strings.LastIndexByte(s, '@')
	dom := s[at+1:]
	return strings.Contains(dom, ".") && !strings.HasPrefix(dom, ".") && !strings.HasSuffix(dom, ".") && !strings.Contains(dom, "..")
}

// plainAddress reports whether s is an address that mail.ParseAddress
// surely returns as it is, without a name: ASCII local@domain, each a
// dot-atom (RFC 5322 atext, dots only between). false means "ask
// mail.ParseAddress", not "invalid".
func plainAddress(s string) bool {
	at := strings.IndexByte(s, '@')
	if at < 0 {
		return false
	}
	return dotAtom(s[:at]) && dotAtom(s[at+1:])
}

// dotAtom reports whether s is a non-empty ASCII dot-atom.
func dotAtom(s string) bool {
	if s == "" || s[0] == '.' || s[len(s)-1] == '.' || strings.Contains(s, "..") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c > '~' || strings.IndexByte(`()<>[]:;@\,"`, c) >= 0 {
			return false
		}
	}
	return true
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
		add(NumMissing.Field("number", fmt.Sprintf("No document number. Ask TSB for one by e-mail to %s before you submit.", p.TSB.Email)))
	case !p.ValidNumber(num):
		f := NumFormat.Field("number", fmt.Sprintf("Document number %q must be %d digits (the nnnn of %s).", num, p.Digits(), p.Documents.Pattern))
		if fixed, ok := p.FindNumber(p.Prefix() + num); ok && len(num) < p.Digits() {
			f = f.WithFix(fixed)
		}
		add(f)
	}
	if m.Type != "" && !m.Type.Valid() {
		add(TplDoctype.Field("type", fmt.Sprintf("Document type %q is not one of input, output, temporary or liaison.", m.Type)))
	}

	text := func(field, value string, empty finding.Spec, what string) {
		v := strings.TrimSpace(value)
		switch {
		case v == "":
			add(empty.Field(field, what+" is empty; the header table needs it."))
		case IsPlaceholder(v):
			add(TplPlaceholder.Field(field, fmt.Sprintf("%s %q is still the template's placeholder; replace it.", what, v)))
		}
	}
	text("source", m.Source, TplSourceEmpty, "Source")
	text("title", m.Title, TplTitleEmpty, "Title")

	withEmail := 0
	for i, c := range m.Contacts {
		if c.IsEmpty() {
			continue
		}
		field := func() string { return "contacts[" + strconv.Itoa(i) + "]" } // only for a finding
		email := strings.TrimSpace(c.Email)
		switch {
		case email == "":
		case !ValidEmail(email):
			add(TplContactEmail.Field(field()+".email", fmt.Sprintf("Contact %d: %q is not a valid e-mail address.", i+1, email)))
		default:
			withEmail++
		}
		if strings.TrimSpace(c.Name) == "" {
			add(TplContactName.Field(field()+".name", fmt.Sprintf("Contact %d has no name.", i+1)))
		}
	}
	if withEmail == 0 {
		add(TplContactNone.Field("contacts", "Give at least one contact with a valid e-mail address."))
	}

	if m.Purpose == "" {
		add(TplPurpose.Field("purpose", "Say whether the document is for discussion, information or decision."))
	}
	if strings.TrimSpace(m.Abstract) == "" {
		add(TplAbstractEmpty.Field("abstract", "FG documents usually carry a short abstract."))
	}
	for _, f := range []struct{ field, label, value string }{
		{"title", "Title", m.Title},
		{"abstract", "Abstract", m.Abstract},
		{"source", "Source", m.Source},
	} {
		if ms := lang.Scan(f.value, 100_000); ms.Substantial(NonLatinShare, MinNonLatin) {
			add(LangNonEnglish.Field(f.field, fmt.Sprintf("%s is %.0f%% %s script; the meeting works in English only.", f.label, ms.Share*100, ms.Script)))
		}
	}
	finding.Sort(fs)
	return fs
}
