package rules

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fgdesk/fgdesk/app/internal/contribution"
	"github.com/fgdesk/fgdesk/app/internal/finding"
	"github.com/fgdesk/fgdesk/app/internal/inspect"
	"github.com/fgdesk/fgdesk/app/internal/meeting"
)

// onTime is a receipt time before the deadline (12 March 2012 23:59:59 CET).
var onTime = time.Date(2012, 3, 10, 15, 0, 0, 0, time.UTC)

func ctx() *Context { return &Context{Profile: meeting.Default()} }

// clean returns the facts of a correct contribution, as the writer makes it.
func clean() *inspect.Facts {
	return &inspect.Facts{
		Path: "/in/innovation-i-0012.docx", Name: "innovation-i-0012.docx", Size: 20000,
		Kind: inspect.KindDOCX, ModTime: onTime,
		Header: &inspect.Header{
			Labels:      []string{"WG(s)", "Source", "Title", "Contact", "Contact", "Purpose", "Abstract", "Keywords"},
			DocNumber:   "innovation-i-0012",
			GroupLine:   "FOCUS GROUP ON BRIDGING THE GAP: FROM INNOVATION TO STANDARDS",
			StudyPeriod: "2009-2012", EnglishOnly: true, Original: "English",
			PlaceDate: "Geneva, 19 and 21 March 2012", TypeLine: "INPUT DOCUMENT", NoteFound: true,
			Fields: contribution.Model{
				Number: "0012", Source: "Example Telecom", Title: "Outline of the innovation report",
				Contacts: []contribution.Contact{{Name: "Ana Silva", Email: "ana@example.com"}},
				Purpose:  contribution.Discussion, Abstract: "An outline.",
			},
		},
		Text: "Outline of the innovation report. Introduction. Scope.",
	}
}

func codes(fs []finding.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Code)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// famTest is one row of a family's test table: an edit of the clean facts
// (and context) and the codes the family must report, nothing more.
type famTest struct {
	name string
	edit func(f *inspect.Facts, c *Context)
	want []string
}

func runFamily(t *testing.T, check func(*inspect.Facts, *Context) []finding.Finding, tests []famTest) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, c := clean(), ctx()
			tt.edit(f, c)
			got := check(f, c)
			want := slices.Clone(tt.want)
			slices.Sort(want)
			if !slices.Equal(codes(got), want) {
				t.Fatalf("codes = %v, want %v\n%v", codes(got), want, got)
			}
			for _, g := range got {
				if g.Message == "" || g.Cite == "" {
					t.Errorf("finding without message or cite: %+v", g)
				}
				if _, ok := Lookup(g.Code); !ok {
					t.Errorf("code %s is not in the registry", g.Code)
				}
			}
		})
	}
}

func TestRunClean(t *testing.T) {
	fs := Run(clean(), ctx()).Findings
	if finding.Worst(fs) > finding.Info {
		t.Fatalf("clean facts have findings above info: %v", fs)
	}
	for _, f := range fs {
		if f.Where == "" {
			t.Errorf("finding without location: %+v", f)
		}
	}
	if !finding.Has(fs, "DEADLINE-OK") {
		t.Error("no DEADLINE-OK for an on-time file")
	}
}

func TestRegistry(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range All() {
		if seen[s.Code] {
			t.Errorf("duplicate code %s", s.Code)
		}
		seen[s.Code] = true
		if s.Title == "" || s.Cite == "" || s.Severity == finding.None {
			t.Errorf("incomplete spec %+v", s)
		}
		if strings.ToUpper(s.Code) != s.Code || strings.Contains(s.Code, " ") {
			t.Errorf("code %q is not UPPER-KEBAB", s.Code)
		}
	}
	if len(Families()) != 7 {
		t.Errorf("families = %d, want 7", len(Families()))
	}
	if Families()[0].Name != "naming" {
		t.Errorf("first family %s", Families()[0].Name)
	}
}

// TestRunRegister: the register's rules run in the same call, their
// receipt time is the one the deadline rule judges and Run returns.
func TestRunRegister(t *testing.T) {
	late := time.Date(2012, 3, 14, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		received time.Time
		late     bool
		from     string
		want     string // a code Run must report
	}{
		{"register receipt late", late, true, "register receipt", "DEADLINE-LATE"},
		{"no receipt: file time", time.Time{}, false, "file time", "DEADLINE-OK"},
	}
	for _, tt := range tests {
		c := ctx()
		var gotNumber string
		c.Register = func(f *inspect.Facts, number string) ([]finding.Finding, time.Time) {
			gotNumber = number
			return []finding.Finding{{Code: "REG-X", Severity: finding.Error, Message: "m"}}, tt.received
		}
		r := Run(clean(), c)
		if gotNumber != "0012" || r.Number != "0012" {
			t.Errorf("%s: register asked for %q, result number %q", tt.name, gotNumber, r.Number)
		}
		if i := slices.IndexFunc(r.Findings, func(f finding.Finding) bool { return f.Code == "REG-X" }); i < 0 || r.Findings[i].Where != "innovation-i-0012.docx" {
			t.Errorf("%s: register finding missing or without location: %+v", tt.name, r.Findings)
		}
		if r.Late != tt.late || r.ReceivedFrom != tt.from || !slices.ContainsFunc(r.Findings, func(f finding.Finding) bool { return f.Code == tt.want }) {
			t.Errorf("%s: late %v from %q findings %v", tt.name, r.Late, r.ReceivedFrom, r.Findings)
		}
		if !c.ReceivedAt.IsZero() {
			t.Errorf("%s: Run changed the context", tt.name)
		}
	}
}
