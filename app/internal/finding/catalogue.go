package finding

import (
	"cmp"
	"fmt"
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

// Catalogue returns every defined spec, ordered by family, then code.
// Only the packages linked into the program have defined theirs.
func Catalogue() []Spec {
	catalogue.Lock()
	defer catalogue.Unlock()
	out := make([]Spec, 0, len(catalogue.specs))
	for _, s := range catalogue.specs {
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b Spec) int {
		return cmp.Or(cmp.Compare(a.Family, b.Family), cmp.Compare(a.Code, b.Code))
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
