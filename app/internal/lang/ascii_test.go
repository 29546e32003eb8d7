package lang

import (
	"strings"
	"testing"
)

func TestASCIIHelpers(t *testing.T) {
	for c := 0; c < 0x100; c++ {
		b := byte(c)
		if got, want := IsSpaceASCII(b), b < 0x80 && len(strings.Fields("a"+string(rune(b))+"b")) == 2; got != want {
			t.Errorf("IsSpaceASCII(%q) = %v, want %v", b, got, want)
		}
		if b < 0x80 {
			if got, want := LowerASCII(b), strings.ToLower(string(rune(b)))[0]; got != want {
				t.Errorf("LowerASCII(%q) = %q, want %q", b, got, want)
			}
		}
	}
	for _, tt := range []struct{ s, sub string }{{"", ""}, {"", "a"}, {"Focus Group", "focus group"}, {"FOCUS", "focus group"}, {"a-I-0012", "-i-"}, {"abc", "bd"}} {
		if got, want := ContainsFoldASCII(tt.s, tt.sub), strings.Contains(strings.ToLower(tt.s), tt.sub); got != want {
			t.Errorf("ContainsFoldASCII(%q, %q) = %v, want %v", tt.s, tt.sub, got, want)
		}
	}
	for _, s := range []string{"", "abc", "é", "a\x80"} {
		if got, want := IsASCII(s), !strings.ContainsFunc(s, func(r rune) bool { return r >= 0x80 }); got != want {
			t.Errorf("IsASCII(%q) = %v", s, got)
		}
	}
}
