package contribution

import (
	"net/mail"
	"strings"
	"testing"
)

// The definitions the fast paths of TypeFromLabel, PurposeFromLabel and
// IsHeaderNote keep to.
func typeFromLabelRef(label string) Type {
	l := strings.ToUpper(strings.Join(strings.Fields(label), " "))
	for _, t := range Types {
		if l == t.Label() {
			return t
		}
	}
	return ""
}

func purposeFromLabelRef(label string) Purpose {
	l := strings.ToLower(label)
	for _, p := range Purposes {
		if strings.Contains(l, string(p)) {
			return p
		}
	}
	return ""
}

func isHeaderNoteRef(line string) bool {
	s := strings.ToLower(strings.Join(strings.Fields(line), " "))
	s = apostrophes.Replace(s)
	s = strings.ReplaceAll(s, "do not", "don't")
	return strings.Contains(s, headerNoteKey)
}

var labelSeeds = []string{
	"", " ", "INPUT DOCUMENT", "input document", " Input  Document ", "Liaison\tStatement", "ınput document", "OUTPUT",
	"Discussion", "For DECISION", "informatıon", "x",
	HeaderNote, "PLEASE DO NOT CHANGE THE STRUCTURE OF THIS TABLE", "please do  not change the structure of this table",
	"Please don`t change the structure of this table", "please do do not change the structure of this table",
	"please don’t change the structure of this table", "please dO NOT change the structure of thİs table",
	"please do notdo not change the structure of this table " + strings.Repeat("x", 200),
}

func checkLabels(t *testing.T, s string) {
	t.Helper()
	if got, want := TypeFromLabel(s), typeFromLabelRef(s); got != want {
		t.Errorf("TypeFromLabel(%q) = %q, want %q", s, got, want)
	}
	if got, want := PurposeFromLabel(s), purposeFromLabelRef(s); got != want {
		t.Errorf("PurposeFromLabel(%q) = %q, want %q", s, got, want)
	}
	if got, want := IsHeaderNote(s), isHeaderNoteRef(s); got != want {
		t.Errorf("IsHeaderNote(%q) = %v, want %v", s, got, want)
	}
}

func TestLabelsFastPaths(t *testing.T) {
	for _, s := range labelSeeds {
		checkLabels(t, s)
	}
}

func FuzzLabels(f *testing.F) {
	for _, s := range labelSeeds {
		f.Add(s)
	}
	f.Fuzz(checkLabels)
}

func TestBlank(t *testing.T) {
	for _, parts := range [][]string{nil, {""}, {" ", "\t"}, {"a"}, {" ", "a "}, {"\xc2", "\xa0"}, {"\xc2", "\xa0", "b"}, {"\xff"}, {"\u00a0"}} {
		if got, want := Blank(parts...), strings.TrimSpace(strings.Join(parts, "")) == ""; got != want {
			t.Errorf("Blank(%q) = %v, want %v", parts, got, want)
		}
	}
}

var fieldSeeds = []string{
	"", "  ", "[Title]", " <Insert source> ", "{x}", "XXX", "...", "…", "TBD", "n/a", "NA", "Title", "ſource", "insert here",
	"Name of the organisation", "your name", "Case study 1", "Example Networks", "ana@example.com", "a.b@c.d", ".a@b.c", "a..b@c.d",
	"a@b", "a@[127.0.0.1]", `"a b"@c.d`, "a(b)@c.d", "a@b.c (x)", "é@b.c", "a@b@c.d", "a@.b", "a+b=c@d-e.f", "~!#$%&'*/=?^_`{|}@x.y",
}

// checkFields compares the shortcuts of IsPlaceholder and ValidEmail with
// the expression and mail.ParseAddress.
func checkFields(t *testing.T, s string) {
	t.Helper()
	if got, want := IsPlaceholder(s), placeholderRE.MatchString(s); got != want {
		t.Errorf("IsPlaceholder(%q) = %v, want %v", s, got, want)
	}
	if plainAddress(s) {
		if a, err := mail.ParseAddress(s); err != nil || a.Address != s || a.Name != "" {
			t.Errorf("plainAddress(%q), but mail.ParseAddress gives %+v, %v", s, a, err)
		}
	}
}

func TestFieldShortcuts(t *testing.T) {
	for _, s := range fieldSeeds {
		checkFields(t, s)
	}
	for _, s := range []string{"ana@example.com", "a+b=c@d-e.f"} {
		if !plainAddress(s) {
			t.Errorf("plainAddress(%q) = false", s)
		}
	}
}

func FuzzFields(f *testing.F) {
	for _, s := range fieldSeeds {
		f.Add(s)
	}
	f.Fuzz(checkFields)
}
