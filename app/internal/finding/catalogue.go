package finding

import (
	"cmp"
	"fmt"
	"maps"
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
var (
	catalogue registry[Spec]
	families  registry[Family]
)

// registry holds values defined once each by name, from package init.
type registry[T comparable] struct {
	mu sync.Mutex
	m  map[string]T
}

// define adds v under name; it panics (naming what and the function)
// when name is empty or already holds a different value.
func (r *registry[T]) define(fn, name string, v T) T {
	if name == "" {
		panic("finding." + fn + ": empty name")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.m == nil {
		r.m = map[string]T{}
	}
	if old, ok := r.m[name]; ok && old != v {
		panic(fmt.Sprintf("finding.%s: %s defined twice with different contents", fn, name))
	}
	r.m[name] = v
	return v
}

func (r *registry[T]) lookup(name string) (T, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	v, ok := r.m[name]
	return v, ok
}

func (r *registry[T]) all() []T {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Collect(maps.Values(r.m))
}

// Define registers s in the catalogue and returns it. It panics when the
// code is empty or already defined with different contents: that is a
// programming error found by any test that imports the package.
func Define(s Spec) Spec { return catalogue.define("Define", s.Code, s) }

// Catalogue returns every defined spec, ordered by family (by the rank of
// DefineFamily, undefined families last by name), then code. Only the
// packages linked into the program have defined theirs.
func Catalogue() []Spec {
	out := catalogue.all()
	slices.SortFunc(out, func(a, b Spec) int {
		return cmp.Or(compareFamilies(a.Family, b.Family), cmp.Compare(a.Code, b.Code))
	})
	return out
}

// Lookup returns the defined spec of code.
func Lookup(code string) (Spec, bool) { return catalogue.lookup(code) }

// Family describes one group of specs in listings: its name (the value of
// Spec.Family), a sentence on what the group checks, and its rank, the
// place of the family in listings and reports (lower first).
type Family struct {
	Name string `json:"family"`
	Doc  string `json:"doc"`
	Rank int    `json:"-"`
}

// DefineFamily registers a family and returns it. Specs of a family that
// was never defined are listed after the defined ones, by name, with an
// empty Doc. It panics when the family is defined twice differently.
func DefineFamily(f Family) Family { return families.define("DefineFamily", f.Name, f) }

// LookupFamily returns the defined family of name; an undefined one is
// returned with only its name and a rank after every defined family.
func LookupFamily(name string) (Family, bool) {
	f, ok := families.lookup(name)
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
