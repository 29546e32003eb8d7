package rules

import (
	"strings"
	"testing"
)

// checkText compares the allocation-free comparisons of the template and
// hygiene families with the definitions they replace.
func checkText(t *testing.T, a, b string) {
	t.Helper()
	if got, want := sameText(a, b), normText(a) == normText(b); got != want {
		t.Errorf("sameText(%q, %q) = %v, want %v", a, b, got, want)
	}
	var ps publicSet
	ps.add(a)
	ps.add("")
	shown := []string{normName(a), ""}
	v := normName(b)
	want := false
	for _, s := range shown {
		if v != "" && s != "" && (s == v || len(v) >= 4 && strings.Contains(s, v)) {
			want = true
		}
	}
	if got := ps.has(b); got != want {
		t.Errorf("public %q has %q = %v, want %v", a, b, got, want)
	}
	if got, want := normLabel(a), normLabelOf(a); got != want {
		t.Errorf("normLabel(%q) = %q, want %q", a, got, want)
	}
}

var textSeeds = [][2]string{
	{"", ""}, {" ", ""}, {"2009-2012", "2009–2012"}, {"Geneva, 19 and 21 March 2012", "geneva,  19 and 21 MARCH 2012 "},
	{"FOCUS GROUP", "focus\tgroup"}, {"a b", "ab"}, {"English", "ENGLİSH"}, {"x\u00a0y", "x y"},
	{"Example Networks Ltd", "example networks"}, {"Ana Silva", "ana"}, {"Ana Silva", "ANA  SILVA"}, {"WG(s)", "wg(s):"}, {"Contact", " Contact : "},
}

func TestTextFastPaths(t *testing.T) {
	for _, s := range textSeeds {
		checkText(t, s[0], s[1])
		checkText(t, s[1], s[0])
	}
}

func FuzzText(f *testing.F) {
	for _, s := range textSeeds {
		f.Add(s[0], s[1])
	}
	f.Fuzz(checkText)
}
