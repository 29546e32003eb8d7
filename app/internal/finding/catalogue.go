package finding

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sync"
)

// The catalogue is the one list of every finding spec of every package.
// A package declares each spec once with Define, beside the code that
// reports it:
//
//	var SecDDE = finding.Define(finding.Spec{Code: "SEC-DDE", Family: "security", ...})
//
// README's rule table, `fgdesk rules`, the JSON report and the GUI's help
// all read Catalogue.
var catalogue struct {
	sync.Mutex
	specs map[string]Spec
}

// Define registers s in the catalogue and returns it. It panics when the
// code is empty or already defined with different contents: that is a
// programming error found by any test that imports the package.
func Define(s Spec) Spec {
	if s.Code == "" {
		panic("finding.Define: empty code")
	}
	catalogue.Lock()
	defer catalogue.Unlock()
	if catalogue.specs == nil {
		catalogue.specs = map[string]Spec{}
	}
	if old, ok := catalogue.specs[s.Code]; ok && old != s {
		panic(fmt.Sprintf("finding.Define: %s defined twice with different contents", s.Code))
	}
	catalogue.specs[s.Code] = s
	return s
}

// Catalogue returns every defined spec, ordered by family (by the rank of
// DefineFamily, undefined families last by name), then code. Only the
// packages linked into the program have defined theirs.
func Catalogue() []Spec {
	catalogue.Lock()
	defer catalogue.Unlock()
	out := make([]Spec, 0, len(catalogue.specs))
	for _, s := range catalogue.specs {
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b Spec) int {
		return cmp.Or(compareFamilies(a.Family, b.Family), cmp.Compare(a.Code, b.Code))
	})
	return out
}

// Lookup returns the defined spec of code.
func Lookup(code string) (Spec, bool) {
	catalogue.Lock()
	defer catalogue.Unlock()
	s, ok := catalogue.specs[code]
	return s, ok
}

// Family describes one group of specs in listings: its name (the value of
// Spec.Family), a sentence on what the group checks, and its rank, the
// place of the family in listings and reports (lower first).
type Family struct {
	Name string `json:"family"`
	Doc  string `json:"doc"`
	Rank int    `json:"-"`
}

var families struct {
	sync.Mutex
	byName map[string]Family
}

// DefineFamily registers a family and returns it. Specs of a family that
// was never defined are listed after the defined ones, by name, with an
// empty Doc. It panics when the family is defined twice differently.
func DefineFamily(f Family) Family {
	if f.Name == "" {
		panic("finding.DefineFamily: empty name")
	}
	families.Lock()
	defer families.Unlock()
	if families.byName == nil {
		families.byName = map[string]Family{}
	}
	if old, ok := families.byName[f.Name]; ok && old != f {
		panic(fmt.Sprintf("finding.DefineFamily: %s defined twice with different contents", f.Name))
	}
	families.byName[f.Name] = f
	return f
}

// LookupFamily returns the defined family of name; an undefined one is
// returned with only its name and a rank after every defined family.
func LookupFamily(name string) (Family, bool) {
	families.Lock()
	defer families.Unlock()
	f, ok := families.byName[name]
	if !ok {
		return Family{Name: name, Rank: math.MaxInt}, false
	}
	return f, true
}

// compareFamilies orders family names by rank, then by name.
func compareFamilies(a, b string) int {
	fa, _ := LookupFamily(a)
	fb, _ := LookupFamily(b)
	return cmp.Or(cmp.Compare(fa.Rank, fb.Rank), cmp.Compare(a, b))
}

// Group is a family with its specs, as listings show them.
type Group struct {
	Family
	Specs []Spec `json:"rules"`
}

// Groups returns the catalogue family by family, in rank order.
func Groups() []Group {
	var out []Group
	for _, s := range Catalogue() {
		if len(out) == 0 || out[len(out)-1].Name != s.Family {
			f, _ := LookupFamily(s.Family)
			out = append(out, Group{Family: f})
		}
		g := &out[len(out)-1]
		g.Specs = append(g.Specs, s)
	}
	return out
}
