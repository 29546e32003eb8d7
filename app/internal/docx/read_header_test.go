package docx

import (
	"slices"
	"strings"
	"testing"

	"github.com/fgdesk/fgdesk/app/internal/contribution"
)

// headerLineSeeds are lines that exercise the header reader's hand-made
// matchers: labels in odd cases, odd and invalid spaces, non-ASCII case
// forms (Kelvin sign, dotted İ, long s).
var headerLineSeeds = []string{
	"", " ", "Source:", "SOURCE : x", "Working Group(s): WG1", "wg(s) Plenary", "Contact:", "Key words: a",
	"Tel:\t+41 22 730 5111", "TEL.: 1", "Telephone 2", "telefax: 3", "Fax:\t", "Phone：4", "Telex: 5",
	"E-mail:\tajay@example.org", "e mail a@b.c", "Email", "e-\tmail: x", "e-mail:\nx", "Tel:\nx",
	"\u212aeywords: x", "İtle", "ſource", "Abstract\u00a0: text", "\u2003Title\u2003:\u2003A\u00a0 B ",
	"a\xffb\u00a0c", "\xc2", "x\r\ny", "a\u0085b", "Geneva,\u00a019 March 2012", "\xe2\u00a0", "\xe2\x80", "a\u202f", "\u2008\u2009\u2002", "\x7f a",
}

func FuzzHeaderLines(f *testing.F) {
	for _, s := range headerLineSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkHeaderLine(t, s)
		checkHeaderLine(t, collapse(s))
	})
}

func TestHeaderLines(t *testing.T) {
	for _, s := range headerLineSeeds {
		checkHeaderLine(t, s)
		checkHeaderLine(t, collapse(s))
	}
}

// checkHeaderLine compares the hand-made matchers with the definitions
// they replace.
func checkHeaderLine(t *testing.T, s string) {
	t.Helper()
	if got, want := hasOddSpace(s), strings.ContainsAny(s, oddSpaces); got != want {
		t.Errorf("hasOddSpace(%q) = %v, want %v", s, got, want)
	}
	if got, want := collapse(s), strings.Join(strings.Fields(normSpace(s)), " "); got != want {
		t.Errorf("collapse(%q) = %q, want %q", s, got, want)
	}
	ascii := 0
	for ascii < len(s) && s[ascii] < 0x80 {
		ascii++
	}
	low := ""
	for _, l := range labelNames {
		if got, want := hasLowerPrefix(s, ascii, &low, l.spelling), strings.HasPrefix(strings.ToLower(s), l.spelling); got != want {
			t.Errorf("hasLowerPrefix(%q, %q) = %v, want %v", s, l.spelling, got, want)
		}
	}
	for _, m := range []struct {
		name string
		got  func(string) (string, bool)
		re   interface{ FindStringSubmatch(string) []string }
	}{
		{"email", emailValue, emailRE},
		{"fax", func(l string) (string, bool) { return labelValue(l, faxSpellings, true) }, faxRE},
		{"tel", func(l string) (string, bool) { return labelValue(l, telSpellings, true) }, telRE},
	} {
		v, ok := m.got(s)
		want := m.re.FindStringSubmatch(s)
		if ok != (want != nil) || ok && v != want[1] {
			t.Errorf("%s(%q) = %q, %v; the expression finds %q", m.name, s, v, ok, want)
		}
	}
	// Lines cut anywhere: blank as joined, the non-blank ones.
	for cut := 0; cut <= len(s); cut += max(1, len(s)/7) {
		parts := []string{s[:cut], " ", s[cut:]}
		if got, want := contribution.Blank(parts...), strings.TrimSpace(strings.Join(parts, "")) == ""; got != want {
			t.Errorf("Blank(%q) = %v, want %v", parts, got, want)
		}
		var want []string
		for _, p := range parts {
			if strings.TrimSpace(p) != "" {
				want = append(want, p)
			}
		}
		if len(want) == 0 {
			want = []string{""}
		}
		if got := nonEmpty(parts); !slices.Equal(got, want) {
			t.Errorf("nonEmpty(%q) = %q, want %q", parts, got, want)
		}
	}
}
