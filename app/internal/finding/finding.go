// Package finding owns the one shape every check in FG Desk reports in: a
// Finding with a stable code, a severity, a message that says what to do, a
// citation of the rule's source and a location.
//
// The author side (validation of the form), the checker (rules over an
// incoming file) and the register all return []Finding, so the GUI, the CLI
// and the JSON and xlsx reports show them the same way.
package finding

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Severity orders findings. The zero value, None, is what a clean result
// reports as its worst severity.
type Severity int

// Severities, from harmless to blocking.
const (
	None    Severity = iota // no finding at all: the file or form passes
	Info                    // a fact worth knowing
	Warning                 // a person should look
	Error                   // TSB would reject, or must act
)

var severityNames = [...]string{"pass", "info", "warning", "error"}

// String returns "pass", "info", "warning" or "error".
func (s Severity) String() string {
	if s < None || s > Error {
		return fmt.Sprintf("severity(%d)", int(s))
	}
	return severityNames[s]
}

// MarshalText writes the severity by name, so JSON reports stay readable.
func (s Severity) MarshalText() ([]byte, error) {
	if s < None || s > Error {
		return nil, fmt.Errorf("unknown severity %d", int(s))
	}
	return []byte(s.String()), nil
}

// UnmarshalText reads a severity by name ("none" is accepted for "pass").
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// ParseSeverity reads "pass"/"none", "info", "warning" or "error" (any case).
func ParseSeverity(name string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "pass", "none", "":
		return None, nil
	case "info":
		return Info, nil
	case "warning", "warn":
		return Warning, nil
	case "error":
		return Error, nil
	}
	return None, fmt.Errorf("unknown severity %q (want info, warning or error)", name)
}

// Finding is one result of one rule.
type Finding struct {
	// Code is stable across releases, e.g. NAME-PATTERN or SEC-MACRO.
	Code string `json:"code"`
	// Severity is error, warning or info.
	Severity Severity `json:"severity"`
	// Message says what is wrong and what to do about it.
	Message string `json:"message"`
	// Cite names the rule's source, e.g. "Circular 253 §9".
	Cite string `json:"cite,omitempty"`
	// Where locates the finding: a file, a part, a header field or a cell.
	Where string `json:"where,omitempty"`
	// Field is the form field the finding is about (author side), e.g.
	// "title" or "contacts[1].email"; empty when not about one field.
	Field string `json:"field,omitempty"`
	// Fix is a concrete suggestion, e.g. the corrected file name.
	Fix string `json:"fix,omitempty"`
}

// String renders a finding on one line, the way the CLI prints it.
func (f Finding) String() string {
	var b strings.Builder
	b.WriteString(f.Severity.String())
	b.WriteString(" ")
	b.WriteString(f.Code)
	if f.Where != "" {
		b.WriteString(" [")
		b.WriteString(f.Where)
		b.WriteString("]")
	}
	b.WriteString(": ")
	b.WriteString(f.Message)
	if f.Fix != "" {
		b.WriteString(" Fix: ")
		b.WriteString(f.Fix)
	}
	if f.Cite != "" {
		b.WriteString(" (")
		b.WriteString(f.Cite)
		b.WriteString(")")
	}
	return b.String()
}

// Worst returns the highest severity in fs, or None when fs is empty.
func Worst(fs []Finding) Severity {
	w := None
	for _, f := range fs {
		w = max(w, f.Severity)
	}
	return w
}

// Counts tallies findings by severity.
type Counts struct {
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Infos    int `json:"infos"`
}

// Count tallies fs by severity.
func Count(fs []Finding) Counts {
	var c Counts
	for _, f := range fs {
		switch f.Severity {
		case Error:
			c.Errors++
		case Warning:
			c.Warnings++
		case Info:
			c.Infos++
		}
	}
	return c
}

// Has reports whether fs holds a finding with the given code.
func Has(fs []Finding, code string) bool {
	return slices.ContainsFunc(fs, func(f Finding) bool { return f.Code == code })
}

// Sort orders findings worst first, then by code, then by location, so that
// reports are stable from run to run.
func Sort(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(
			cmp.Compare(b.Severity, a.Severity),
			cmp.Compare(a.Code, b.Code),
			cmp.Compare(a.Where, b.Where),
			cmp.Compare(a.Field, b.Field),
		)
	})
}

// Spec declares a rule once: its stable code, a short title, its severity
// and its citation. Rules build their findings from it, so that the code,
// severity and citation printed in reports, the README table and the GUI's
// help all come from one place.
type Spec struct {
	Code     string   `json:"code"`
	Title    string   `json:"title"`
	Severity Severity `json:"severity"`
	Cite     string   `json:"cite"`
	// Family groups specs in listings (naming, number, deadline, template,
	// language, security, hygiene, register, compose, runner, ...).
	Family string `json:"family,omitempty"`
	// Doc is a few sentences: what the rule catches, why TSB cares and how
	// to fix it. Shown by `fgdesk rules --explain CODE` and the GUI's help.
	Doc string `json:"doc,omitempty"`
	// Since is the FG Desk version the code first appeared in.
	Since string `json:"since,omitempty"`
}

// New returns a finding of this spec at where (file, part, field or cell).
func (s Spec) New(where, message string) Finding {
	return Finding{Code: s.Code, Severity: s.Severity, Message: message, Cite: s.Cite, Where: where}
}

// Field returns a finding about one form field; where and field are both set
// to the field name.
func (s Spec) Field(field, message string) Finding {
	f := s.New(field, message)
	f.Field = field
	return f
}

// WithFix returns f with a suggested fix.
func (f Finding) WithFix(fix string) Finding {
	f.Fix = fix
	return f
}
