package contribution

import (
	"strings"
	"testing"

	"github.com/fgdesk/fgdesk/app/internal/finding"
	"github.com/fgdesk/fgdesk/app/internal/meeting"
)

func valid() *Model {
	return &Model{
		Number:   "0012",
		Source:   "Example Telecom",
		Title:    "Proposal for an innovation report outline",
		Purpose:  Discussion,
		Abstract: "This contribution proposes an outline.",
		Contacts: []Contact{{Name: "Ana Silva", Email: "ana.silva@example.com"}},
	}
}

func TestValidate(t *testing.T) {
	p := meeting.Default()
	tests := []struct {
		name  string
		edit  func(m *Model)
		codes []string // expected codes, in any order; nil = clean
		field string   // field of the first finding, when set
	}{
		{"valid", func(m *Model) {}, nil, ""},
		{"no number", func(m *Model) { m.Number = " " }, []string{"NUM-MISSING"}, "number"},
		{"short number", func(m *Model) { m.Number = "12" }, []string{"NUM-FORMAT"}, "number"},
		{"letters", func(m *Model) { m.Number = "00a2" }, []string{"NUM-FORMAT"}, "number"},
		{"five digits", func(m *Model) { m.Number = "00012" }, []string{"NUM-FORMAT"}, "number"},
		{"no title", func(m *Model) { m.Title = "" }, []string{"TPL-TITLE-EMPTY"}, "title"},
		{"no source", func(m *Model) { m.Source = "\t" }, []string{"TPL-SOURCE-EMPTY"}, "source"},
		{"placeholder title", func(m *Model) { m.Title = "[Title]" }, []string{"TPL-PLACEHOLDER"}, "title"},
		{"placeholder source", func(m *Model) { m.Source = "<Insert source>" }, []string{"TPL-PLACEHOLDER"}, "source"},
		{"parenthesis is fine", func(m *Model) { m.Title = "(Draft) outline (v2)" }, nil, ""},
		{"no contacts", func(m *Model) { m.Contacts = nil }, []string{"TPL-CONTACT-NONE"}, "contacts"},
		{"contact without email", func(m *Model) { m.Contacts[0].Email = "" }, []string{"TPL-CONTACT-NONE"}, "contacts"},
		{"bad email", func(m *Model) { m.Contacts[0].Email = "ana at example" }, []string{"TPL-CONTACT-EMAIL", "TPL-CONTACT-NONE"}, ""},
		{"second bad email", func(m *Model) {
			m.Contacts = append(m.Contacts, Contact{Name: "B", Email: "b@localhost"})
		}, []string{"TPL-CONTACT-EMAIL"}, "contacts[1].email"},
		{"empty contact row ignored", func(m *Model) { m.Contacts = append(m.Contacts, Contact{}) }, nil, ""},
		{"contact no name", func(m *Model) { m.Contacts[0].Name = "" }, []string{"TPL-CONTACT-NAME"}, "contacts[0].name"},
		{"chinese title", func(m *Model) { m.Title = "缩小创新到标准之间距离" }, []string{"LANG-NON-ENGLISH"}, "title"},
		{"chinese abstract", func(m *Model) { m.Abstract = "本文稿提出创新报告的大纲。" }, []string{"LANG-NON-ENGLISH"}, "abstract"},
		{"chinese name in english title", func(m *Model) { m.Title = "Innovation report outline from 华为" }, nil, ""},
		{"no purpose", func(m *Model) { m.Purpose = "" }, []string{"TPL-PURPOSE"}, "purpose"},
		{"no abstract", func(m *Model) { m.Abstract = "" }, []string{"TPL-ABSTRACT-EMPTY"}, "abstract"},
		{"bad type", func(m *Model) { m.Type = "memo" }, []string{"TPL-DOCTYPE"}, "type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := valid()
			tt.edit(m)
			fs := Validate(m, p)
			var got []string
			for _, f := range fs {
				got = append(got, f.Code)
				if f.Cite == "" || f.Message == "" || f.Field == "" {
					t.Errorf("finding without cite, message or field: %+v", f)
				}
			}
			if strings.Join(sorted(got), ",") != strings.Join(sorted(tt.codes), ",") {
				t.Fatalf("codes = %v, want %v", got, tt.codes)
			}
			if tt.field != "" && fs[0].Field != tt.field {
				t.Errorf("field = %q, want %q", fs[0].Field, tt.field)
			}
		})
	}
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

func TestSeverities(t *testing.T) {
	m := valid()
	m.Title = ""
	m.Abstract = "缩小创新到标准之间距离"
	fs := Validate(m, meeting.Default())
	if fs[0].Severity != finding.Error || finding.Worst(fs) != finding.Error {
		t.Fatalf("errors must sort first: %v", fs)
	}
}

func TestValidEmail(t *testing.T) {
	for s, want := range map[string]bool{
		"a@example.com":        true,
		"a.b+c@sub.itu.int":    true,
		"":                     false,
		"a@b":                  false,
		"Ana <a@example.com>":  false,
		"a@example.com, b@c.d": false,
		"a@@example.com":       false,
		"a@example..com":       false,
		"a @example.com":       false,
	} {
		if got := ValidEmail(s); got != want {
			t.Errorf("ValidEmail(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestLabels(t *testing.T) {
	for _, ty := range Types {
		if TypeFromLabel(" "+strings.ToLower(ty.Label())+" ") != ty {
			t.Errorf("type %s does not round-trip", ty)
		}
	}
	if PurposeFromLabel("For decision") != Decision || Discussion.Label() != "Discussion" {
		t.Error("purpose labels wrong")
	}
	m := &Model{Keywords: "innovation; standards, , gap "}
	if got := m.KeywordList(); len(got) != 3 || got[2] != "gap" {
		t.Errorf("KeywordList = %q", got)
	}
}

func TestValidateBody(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, body string
		code       string
	}{
		{"empty", "", ""},
		{"plain", "## Intro\n\nText with **bold** and a [link](https://itu.int).", ""},
		{"missing image", "Intro\n\n![Figure](missing.png)\n", "BODY-RENDER"},
		{"too deep", strings.Repeat(">", 200) + " deep", "BODY-RENDER"},
	}
	for _, tt := range tests {
		fs := ValidateBody(tt.body, dir)
		got := ""
		if len(fs) > 0 {
			got = fs[0].Code
			if fs[0].Field != "body" || !strings.HasSuffix(fs[0].Message, ".") {
				t.Errorf("%s: finding %+v", tt.name, fs[0])
			}
		}
		if got != tt.code {
			t.Errorf("%s: code %q, want %q (%v)", tt.name, got, tt.code, fs)
		}
	}
	if fs := ValidateBody("![Figure](missing.png)", dir); !strings.Contains(fs[0].Message, "missing.png") {
		t.Errorf("message does not name the image: %q", fs[0].Message)
	}
}
