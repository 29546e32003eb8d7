// Package rules owns the checks of TSB Circular 253 as one rule engine that
// both sides use: the secretariat on incoming files and the delegate on the
// file they are about to upload.
//
// Rules judge inspect.Facts, never files, so the same rule judges a file on
// disk, a file just exported and a value in a test table. There is one file
// per rule family (naming, number, deadline, template, language, security,
// hygiene); each declares its finding.Spec values (code, severity,
// citation, doc) with finding.Define beside its check and its test table.
// The catalogue (All, finding.Catalogue) is the one list the README table,
// `fgdesk rules`, the GUI's help and the JSON report come from.
package rules

import (
	"cmp"
	"slices"
	"sync"
	"time"

	"github.com/fgdesk/fgdesk/app/internal/finding"
	"github.com/fgdesk/fgdesk/app/internal/inspect"
	"github.com/fgdesk/fgdesk/app/internal/meeting"
)

// Context is what rules know besides the file's facts.
type Context struct {
	// Profile is the meeting the file is for.
	Profile *meeting.Profile
	// ReceivedAt is the receipt time of this file when known beforehand;
	// zero otherwise. Run takes it from Register when the register holds
	// this very file; the deadline rule then falls back to the file's
	// modification time.
	ReceivedAt time.Time
	// AsOf is "as if now were": zero means the real clock. A file cannot
	// have been received after AsOf, so a later modification time counts as
	// AsOf. Used by tests and to replay a past meeting.
	AsOf time.Time
	// Register, if set, judges the file's number (see Number) against the
	// register: its findings (REG-*), and the receipt time the register
	// holds for this very file (zero if none). It is called once per Run,
	// before the families, and only when the file has a number.
	Register func(f *inspect.Facts, number string) (fs []finding.Finding, receivedAt time.Time)

	// received and from are the receipt time Run decided on, so every
	// rule of one Run uses the same instant (the clock is read once).
	received time.Time
	from     string
}

// Result is what Run decides about one file.
type Result struct {
	// Findings, worst first, each with a location.
	Findings []finding.Finding
	// Number is the file's document number ("" if none), see Number.
	Number string
	// ReceivedAt is when the file counts as received, ReceivedFrom what
	// that time comes from (see ReceivedAt), Late whether it missed the
	// deadline: the same instant the deadline rule judged.
	ReceivedAt   time.Time
	ReceivedFrom string
	Late         bool
}

// Number is a file's document number, the one definition that checking,
// the register's rules and the report share: the number of an exactly
// well-formed name, else the pattern found anywhere in the name, else the
// header table's number when it is well formed; "" when none.
func Number(f *inspect.Facts, p *meeting.Profile) string {
	head := ""
	if f.Header != nil {
		head = f.Header.Fields.Number
	}
	return p.DocumentNumber(f.Name, head)
}

// Now returns AsOf, or the real time when AsOf is zero.
func (c *Context) Now() time.Time {
	if c.AsOf.IsZero() {
		return time.Now()
	}
	return c.AsOf
}

// Family is one group of rules with its check. Its specs are the
// catalogue's specs of the same family name (finding.Define, beside the
// check that reports them).
type Family struct {
	Name string
	// Rank places the family in listings and reports (see
	// finding.Family).
	Rank  int
	Doc   string
	Check func(f *inspect.Facts, c *Context) []finding.Finding
}

var families []Family

// addFamily registers a family of checks and its entry in the catalogue.
func addFamily(f Family) Family {
	finding.DefineFamily(finding.Family{Name: f.Name, Doc: f.Doc, Rank: f.Rank})
	families = append(families, f)
	return f
}

// Families returns the rule families in report order.
func Families() []Family { return slices.Clone(sortedFamilies()) }

// sortedFamilies is the families in report order, sorted once: every
// family is registered by this package's variable declarations, before
// anything can call Run.
var sortedFamilies = sync.OnceValue(func() []Family {
	out := slices.Clone(families)
	slices.SortStableFunc(out, func(a, b Family) int { return cmp.Compare(a.Rank, b.Rank) })
	return out
})

// Specs returns the catalogue's specs of the family.
func (f Family) Specs() []finding.Spec {
	var out []finding.Spec
	for _, s := range finding.Catalogue() {
		if s.Family == f.Name {
			out = append(out, s)
		}
	}
	return out
}

// All lists every finding spec of the catalogue, family by family: the
// rules of this package and those of every other package linked into the
// program (the register's, the runner's, the author side's), for help
// screens and docs. It is finding.Catalogue.
func All() []finding.Spec { return finding.Catalogue() }

// Lookup returns the spec of a code from the catalogue.
func Lookup(code string) (finding.Spec, bool) { return finding.Lookup(code) }

// Run applies the register's rules (when c.Register is set) and every
// family to f, once each, and returns the findings, worst first, with the
// number and the receipt time it used. Every finding has a location: when
// a rule gives none, the file name. c is not changed.
func Run(f *inspect.Facts, c *Context) Result {
	cc := *c
	res := Result{Number: Number(f, cc.Profile)}
	if cc.Register != nil && res.Number != "" {
		fs, at := cc.Register(f, res.Number)
		res.Findings = append(res.Findings, fs...)
		if !at.IsZero() {
			cc.ReceivedAt = at
		}
	}
	cc.received, cc.from = ReceivedAt(f, &cc)
	res.ReceivedAt, res.ReceivedFrom = cc.received, cc.from
	res.Late = cc.Profile.IsLate(res.ReceivedAt)
	for _, fam := range sortedFamilies() {
		res.Findings = append(res.Findings, fam.Check(f, &cc)...)
	}
	for i := range res.Findings {
		if res.Findings[i].Where == "" {
			res.Findings[i].Where = f.Name
		}
	}
	finding.Sort(res.Findings)
	return res
}

// fatal reports whether structural problems mean the content cannot be
// trusted enough to judge the template and language (the security family
// reports the problems themselves).
func fatal(f *inspect.Facts) bool {
	for _, p := range f.Problems {
		switch p.Kind {
		case inspect.ProbUnsupported:
		default:
			return true
		}
	}
	return false
}
