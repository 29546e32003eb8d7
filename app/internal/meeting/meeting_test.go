package meeting

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestDefaultProfileDates(t *testing.T) {
	p := Default()
	utc := func(s string) time.Time {
		tt, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return tt
	}
	// 12 March 2012 23:59:59 CET is 22:59:59 UTC (Switzerland is UTC+1 until 25 March).
	if got, want := p.Deadline(), utc("2012-03-12T22:59:59Z"); !got.Equal(want) {
		t.Errorf("deadline = %v, want %v", got, want)
	}
	if _, off := p.Deadline().Zone(); off != 3600 {
		t.Errorf("deadline offset = %d, want 3600", off)
	}
	want := map[string]string{
		"Visa request deadline": "2012-02-20",
		"Registration deadline": "2012-03-05",
		"Document deadline":     "2012-03-12",
		"Meeting opens":         "2012-03-19",
	}
	for _, d := range p.Dates {
		if w, ok := want[d.Name]; ok {
			if got := d.Time().Format("2006-01-02"); got != w {
				t.Errorf("%s = %s, want %s", d.Name, got, w)
			}
			delete(want, d.Name)
		}
	}
	if len(want) != 0 {
		t.Errorf("missing key dates: %v", want)
	}
	if got := p.Opening(); !got.Equal(utc("2012-03-19T13:00:00Z")) {
		t.Errorf("opening = %v", got)
	}
	if !p.DocumentDeadline().Time().Equal(p.Deadline()) {
		t.Error("document deadline key date differs from documents.deadline")
	}
	if p.FTP.MeetingFolder != "1203-gva" || p.FTP.Host != "ifa.itu.int" || p.TSB.Email != "tsbfginnovation@itu.int" {
		t.Errorf("profile addresses wrong: %+v %+v", p.FTP, p.TSB)
	}
	if p.StudyPeriod != "2009-2012" || p.Group.Short != "FG Innovation" {
		t.Errorf("group/period wrong")
	}
	if len(p.Sessions) < 8 {
		t.Errorf("sessions = %d, want the workshop programme", len(p.Sessions))
	}
}

func TestLate(t *testing.T) {
	p := Default()
	zrh := p.Location()
	tests := []struct {
		at   time.Time
		late bool
	}{
		{time.Date(2012, 3, 12, 23, 59, 59, 0, zrh), false},
		{time.Date(2012, 3, 13, 0, 0, 0, 0, zrh), true},
		{time.Date(2012, 3, 12, 22, 59, 59, 0, time.UTC), false},
		{time.Date(2012, 3, 12, 23, 0, 0, 0, time.UTC), true},
		{time.Date(2012, 3, 1, 0, 0, 0, 0, zrh), false},
	}
	for _, tt := range tests {
		if got := p.IsLate(tt.at); got != tt.late {
			t.Errorf("IsLate(%v) = %v, want %v", tt.at, got, tt.late)
		}
	}
}

func TestNames(t *testing.T) {
	p := Default()
	if got := p.FileName("12", "DOCX"); got != "innovation-i-0012.docx" {
		t.Errorf("FileName = %q", got)
	}
	tests := []struct {
		name, num, ext string
		ok             bool
	}{
		{"innovation-i-0012.docx", "0012", ".docx", true},
		{"innovation-i-0012", "0012", "", true},
		{"Innovation-i-0012.docx", "", "", false},
		{"innovation-i-12.docx", "", "", false},
		{"innovation-i-0012.final.docx", "", "", false},
		{"innovation-i-0012 .docx", "", "", false},
		{"innovation-i-00123.docx", "", "", false},
	}
	for _, tt := range tests {
		num, ext, ok := p.ParseName(tt.name)
		if ok != tt.ok || num != tt.num || ext != tt.ext {
			t.Errorf("ParseName(%q) = %q %q %v; want %q %q %v", tt.name, num, ext, ok, tt.num, tt.ext, tt.ok)
		}
	}
	find := []struct{ name, num string }{
		{"Innovation_I-0012 (2).DOCX", "0012"},
		{"innovation i 7.docx", "0007"},
		{"innovationi0042.doc", "0042"},
		{"report.docx", ""},
		{"innovation-i-10000.docx", ""}, // five digits: not the first four
		{"innovation-i-00123.docx", ""},
		{"innovation-i-0012v2.docx", "0012"},
		{"innovation-i-12", "0012"},
	}
	for _, tt := range find {
		got, _ := p.FindNumber(tt.name)
		if got != tt.num {
			t.Errorf("FindNumber(%q) = %q, want %q", tt.name, got, tt.num)
		}
	}
	if !p.Accepts("DOCX") || p.Accepts(".docm") || p.Accepts(".exe") {
		t.Error("Accepts wrong")
	}
}

const good = `id = "x"
timezone = "Europe/Zurich"
study_period = "2013-2016"
place_date_line = "Geneva, 1 May 2013"
[group]
short = "FG X"
header_line = "FOCUS GROUP X"
[tsb]
email = "x@itu.int"
[documents]
pattern = "x-i-nnn"
extensions = [".docx"]
deadline = "2013-04-20"
`

func TestParseErrors(t *testing.T) {
	if p, err := Parse("good.toml", []byte(good)); err != nil {
		t.Fatalf("good profile: %v", err)
	} else if p.Digits() != 3 || p.FileName("5", "docx") != "x-i-005.docx" || p.Deadline().Format("15:04:05") != "23:59:59" {
		t.Errorf("good profile parsed wrong: digits %d, deadline %v", p.Digits(), p.Deadline())
	}
	tests := []struct {
		name, src string
		line      int
		field     string
	}{
		{"syntax", good + "oops\n", 14, ""},
		{"unknown field", strings.Replace(good, "[tsb]\n", "[tsb]\nmail = 1\n", 1), 9, "tsb.mail"},
		{"bad zone", strings.Replace(good, "Europe/Zurich", "Mars/Olympus", 1), 2, "timezone"},
		{"bad deadline", strings.Replace(good, `"2013-04-20"`, `"20 April"`, 1), 13, "documents.deadline"},
		{"bad pattern", strings.Replace(good, "x-i-nnn", "X I NNN", 1), 11, "documents.pattern"},
		{"missing email", strings.Replace(good, `email = "x@itu.int"`, ``, 1), 0, "tsb.email"},
		{"wrong type", strings.Replace(good, `extensions = [".docx"]`, `extensions = 3`, 1), 0, ""},
		{"bad ftp accept", good + "[ftp]\naccept = \"shred\"\n", 15, "ftp.accept"},
	}
	for _, tt := range tests {
		_, err := Parse("p.toml", []byte(tt.src))
		var pe *ProfileError
		if !errors.As(err, &pe) {
			t.Errorf("%s: err = %v, want ProfileError", tt.name, err)
			continue
		}
		if pe.Line != tt.line || pe.Field != tt.field {
			t.Errorf("%s: line %d field %q, want %d %q (%v)", tt.name, pe.Line, pe.Field, tt.line, tt.field, err)
		}
		if !strings.HasPrefix(err.Error(), "meeting profile p.toml") || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: message %q is not one line naming the file", tt.name, err)
		}
	}
}

func TestCatalog(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "x.toml"), []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "broken.toml"), []byte("id = \n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := LoadCatalog(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Get("x"); err != nil {
		t.Error(err)
	}
	if _, err := c.Get(DefaultID); err != nil {
		t.Error(err)
	}
	if len(c.Problems) != 1 || !strings.Contains(c.Problems[0].Error(), "broken.toml") {
		t.Errorf("problems = %v", c.Problems)
	}
	if _, err := c.Get("nope"); err == nil {
		t.Error("Get(nope) succeeded")
	}
	if _, err := LoadCatalog(filepath.Join(dir, "missing")); err != nil {
		t.Errorf("missing user dir: %v", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(good))
	f.Add([]byte("id = 1"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse("fuzz.toml", data)
		if err == nil && p.Location() == nil {
			t.Fatal("profile without location")
		}
	})
}

func TestDateWording(t *testing.T) {
	p := Default()
	for _, tt := range []struct {
		name, got, want string
	}{
		{"plenaries", p.DateWording(Plenaries), "Geneva, 19 and 21 March 2012"},
		{"week", p.DateWording(Week), "19–21 March 2012"},
		{"title", p.Title(), "FG Innovation, first meeting (Geneva, 19–21 March 2012)"},
	} {
		if tt.got != tt.want {
			t.Errorf("%s = %q, want %q", tt.name, tt.got, tt.want)
		}
	}
	d := func(s string) time.Time { t, _ := time.Parse("2006-01-02", s); return t }
	for _, tt := range []struct{ a, b, want string }{
		{"2012-03-19", "2012-03-19", "19 March 2012"},
		{"2012-03-19", "2012-03-21", "19–21 March 2012"},
		{"2012-03-30", "2012-04-02", "30 March – 2 April 2012"},
		{"2012-12-31", "2013-01-02", "31 December 2012 – 2 January 2013"},
	} {
		if got := dayRange(d(tt.a), d(tt.b)); got != tt.want {
			t.Errorf("dayRange(%s, %s) = %q, want %q", tt.a, tt.b, got, tt.want)
		}
	}
}

// Annex 3 of the circular: the day-1 workshop afternoon.
func TestWorkshopDayOne(t *testing.T) {
	p := Default()
	want := []string{
		"Workshop Session 2: World Café 14:00-16:00",
		"Workshop: coffee break 16:00-16:15",
		"Workshop Session 2: World Café (continued) 16:15-17:15",
		"Workshop: wrap-up 17:15-17:30",
	}
	var got []string
	for _, s := range p.Sessions {
		if s.StartTime().Format("2006-01-02") == "2012-03-20" && s.StartTime().Hour() >= 13 {
			got = append(got, s.Name+" "+s.StartTime().Format("15:04")+"-"+s.EndTime().Format("15:04"))
		}
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("day-1 afternoon:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// FuzzParseName checks ParseName against its definition, nameRE, for
// any naming pattern finish accepts.
func FuzzParseName(f *testing.F) {
	for _, tt := range []struct{ pattern, name string }{
		{"innovation-i-nnnn", "innovation-i-0012.docx"},
		{"innovation-i-nnnn", "innovation-i-0012"},
		{"innovation-i-nnnn", "innovation-i-0012."},
		{"innovation-i-nnnn", "innovation-i-0012.DOCX"},
		{"innovation-i-nnnn", "innovation-i-0012.docx\n"},
		{"fg.x_nnn-rev", "fg.x_123-rev.pdf"},
		{"fg.x_nnn-rev", "fg.x_123-rev"},
		{"fg.x_nnn-rev", "fg.x_123-re.pdf"},
		{"a-nn.", "a-12..x"},
		{"a-nn", "a-1\u0663.docx"},
	} {
		f.Add(tt.pattern, tt.name)
	}
	f.Fuzz(func(t *testing.T, pattern, name string) {
		m := patternRE.FindStringSubmatch(pattern)
		if m == nil || len(m[2]) < 2 || len(m[2]) > 8 {
			return
		}
		p := &Profile{prefix: m[1], digits: len(m[2]), suffix: m[3]}
		num, ext, ok := p.ParseName(name)
		wnum, wext, wok := "", "", false
		if m := nameRE(p.prefix, p.suffix, p.digits).FindStringSubmatch(name); m != nil {
			wnum, wext, wok = m[1], m[2], true
		}
		if num != wnum || ext != wext || ok != wok {
			t.Fatalf("pattern %q: ParseName(%q) = %q %q %v, nameRE gives %q %q %v", pattern, name, num, ext, ok, wnum, wext, wok)
		}
	})
}
