package contribution

import "testing"

func TestIsHeaderNote(t *testing.T) {
	for _, tt := range []struct {
		line string
		want bool
	}{
		{HeaderNote, true},
		{"Please do not change the structure of this table, just insert the necessary information.", true},
		{"PLEASE DON’T CHANGE THE  STRUCTURE OF THIS TABLE", true},
		{"Please change the structure of this table", false},
		{"", false},
	} {
		if got := IsHeaderNote(tt.line); got != tt.want {
			t.Errorf("IsHeaderNote(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

func TestHeaderLabels(t *testing.T) {
	seen := map[string]bool{}
	for _, l := range HeaderLabels {
		for i, s := range l.Spellings {
			if seen[s] {
				t.Errorf("spelling %q twice", s)
			}
			seen[s] = true
			for _, later := range l.Spellings[i+1:] {
				if len(later) > len(s) && later[:len(s)] == s {
					t.Errorf("%s: %q is a prefix of the later %q: list the longer first", l.Name, s, later)
				}
			}
		}
	}
}
