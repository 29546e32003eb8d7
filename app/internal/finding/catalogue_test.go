package finding

import "testing"

func TestDefine(t *testing.T) {
	s := Define(Spec{Code: "TEST-DEFINE", Title: "t", Severity: Warning, Family: "test", Doc: "d"})
	if got, ok := Lookup("TEST-DEFINE"); !ok || got != s {
		t.Fatalf("Lookup = %+v, %v", got, ok)
	}
	Define(s) // the same contents again is fine
	found := false
	for _, c := range Catalogue() {
		found = found || c.Code == s.Code
	}
	if !found {
		t.Fatal("Catalogue lacks the defined spec")
	}
	for _, bad := range []Spec{{}, {Code: "TEST-DEFINE", Title: "other"}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Define(%+v) did not panic", bad)
				}
			}()
			Define(bad)
		}()
	}
}
