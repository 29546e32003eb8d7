package contribution

import (
	"testing"

	"github.com/fgdesk/fgdesk/app/internal/finding"
	"github.com/fgdesk/fgdesk/app/internal/meeting"
)

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

func TestDraftFindings(t *testing.T) {
	p := meeting.Default()
	m := &Model{Number: "0012", Source: "Org", Title: "A title", Contacts: []Contact{{Name: "A", Email: "a@example.org"}}}
	body := []finding.Finding{BodyRender.New("body", "image x.png not found")}
	for _, tt := range []struct {
		body []finding.Finding
		want string // worst code first
	}{
		{nil, "TPL-ABSTRACT-EMPTY"},
		{body, "BODY-RENDER"},
	} {
		fs := DraftFindings(m, p, tt.body)
		if len(fs) == 0 || fs[0].Code != tt.want {
			t.Errorf("DraftFindings(body %v) = %v; want %s first", tt.body, fs, tt.want)
		}
	}
}
