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
	"time"

	"github.com/fgdesk/fgdesk/app/internal/finding"
	"github.com/fgdesk/fgdesk/app/internal/inspect"
	"github.com/fgdesk/fgdesk/app/internal/meeting"
)

// Context is what rules know besides the file's facts.
type Context struct {
	// Profile is the meeting the file is for.
	Profile *meeting.Profile
	// ReceivedAt is the register's receipt time for this file, zero when
	// the register has none; the deadline rule then falls back to the file's
	// modification time.
	ReceivedAt time.Time
	// AsOf is "as if now were": zero means the real clock. A file cannot
	// have been received after AsOf, so a later modification time counts as
	// AsOf. Used by tests and to replay a past meeting.
	AsOf time.Time
	// Extra runs after the built-in families, e.g. the register's rules
	// (number allocated, not received twice). It may be nil.
	Extra func(f *inspect.Facts) []finding.Finding
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
func Families() []Family {
	out := slices.Clone(families)
	slices.SortStableFunc(out, func(a, b Family) int { return cmp.Compare(a.Rank, b.Rank) })
	return out
}

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

// Run applies every family to f and returns the findings, worst first.
// Every finding has a location: when a rule gives none, the file name.
func Run(f *inspect.Facts, c *Context) []finding.Finding {
	var out []finding.Finding
	for _, fam := range Families() {
		out = append(out, fam.Check(f, c)...)
	}
	if c.Extra != nil {
		out = append(out, c.Extra(f)...)
	}
	for i := range out {
		if out[i].Where == "" {
			out[i].Where = f.Name
		}
	}
	finding.Sort(out)
	return out
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
