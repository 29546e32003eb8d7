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

func TestGroups(t *testing.T) {
	DefineFamily(Family{Name: "test-b", Doc: "second", Rank: -1})
	DefineFamily(Family{Name: "test-a", Doc: "first", Rank: -2})
	Define(Spec{Code: "TEST-B2", Title: "t", Severity: Info, Family: "test-b", Doc: "d"})
	Define(Spec{Code: "TEST-B1", Title: "t", Severity: Info, Family: "test-b", Doc: "d"})
	Define(Spec{Code: "TEST-A1", Title: "t", Severity: Info, Family: "test-a", Doc: "d"})
	Define(Spec{Code: "TEST-Z1", Title: "t", Severity: Info, Family: "test-undefined", Doc: "d"})
	gs := Groups()
	if len(gs) < 3 || gs[0].Name != "test-a" || gs[0].Doc != "first" || gs[1].Name != "test-b" ||
		len(gs[1].Specs) != 2 || gs[1].Specs[0].Code != "TEST-B1" || gs[len(gs)-1].Name != "test-undefined" {
		t.Fatalf("Groups = %+v", gs)
	}
	if _, ok := LookupFamily("test-undefined"); ok {
		t.Error("an undefined family is reported defined")
	}
	defer func() {
		if recover() == nil {
			t.Error("DefineFamily with other contents did not panic")
		}
	}()
	DefineFamily(Family{Name: "test-a", Doc: "other"})
}
