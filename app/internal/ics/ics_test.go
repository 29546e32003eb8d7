package ics

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/fgdesk/fgdesk/app/internal/meeting"
)

func TestEscape(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"plain", "plain"},
		{"a,b;c", `a\,b\;c`},
		{`back\slash`, `back\\slash`},
		{"two\nlines", `two\nlines`},
		{"crlf\r\nend", `crlf\nend`},
		{"tab\there", "tab here"},
		{"bell\x07gone", "bellgone"},
		{"日内瓦，会议", "日内瓦，会议"},
	} {
		if got := Escape(tt.in); got != tt.want {
			t.Errorf("Escape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFold(t *testing.T) {
	long := "DESCRIPTION:" + strings.Repeat("x", 200)
	cjk := "SUMMARY:" + strings.Repeat("日内瓦", 20)
	for _, tt := range []struct {
		name, in string
		lines    int
	}{
		{"short", "VERSION:2.0", 1},
		{"exactly 75", strings.Repeat("a", 75), 1},
		{"76", strings.Repeat("a", 76), 2},
		{"long ascii", long, 3},
		{"cjk", cjk, 3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out := Fold(tt.in)
			if !strings.HasSuffix(out, "\r\n") {
				t.Fatalf("no CRLF at end: %q", out)
			}
			lines := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
			if len(lines) != tt.lines {
				t.Errorf("%d lines, want %d: %q", len(lines), tt.lines, out)
			}
			var joined strings.Builder
			for i, l := range lines {
				if len(l) > 75 {
					t.Errorf("line %d is %d octets", i, len(l))
				}
				if !utf8.ValidString(l) {
					t.Errorf("line %d splits a UTF-8 sequence: %q", i, l)
				}
				if i > 0 {
					if !strings.HasPrefix(l, " ") {
						t.Errorf("continuation %d lacks the space: %q", i, l)
					}
					l = l[1:]
				}
				joined.WriteString(l)
			}
			if joined.String() != tt.in {
				t.Errorf("unfolded %q, want %q", joined.String(), tt.in)
			}
		})
	}
}

func TestDuration(t *testing.T) {
	for _, tt := range []struct {
		d    time.Duration
		want string
	}{{7 * 24 * time.Hour, "P7D"}, {2 * time.Hour, "PT2H"}, {90 * time.Minute, "PT1H30M"}, {0, "PT0S"}} {
		if got := duration(tt.d); got != tt.want {
			t.Errorf("duration(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func write(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, meeting.Default(), Options{Stamp: time.Date(2012, 2, 14, 9, 0, 0, 0, time.UTC), Product: "FG Desk test"}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestWriteShape(t *testing.T) {
	out := write(t)
	if !bytes.Equal(out, write(t)) {
		t.Error("two runs differ")
	}
	s := string(out)
	if strings.Contains(strings.ReplaceAll(s, "\r\n", ""), "\n") {
		t.Error("bare LF in output")
	}
	for i, l := range strings.Split(s, "\r\n") {
		if len(l) > 75 {
			t.Errorf("line %d has %d octets", i+1, len(l))
		}
	}
	p := meeting.Default()
	if n := strings.Count(s, "BEGIN:VEVENT"); n != len(p.Dates)+len(p.Sessions) {
		t.Errorf("%d events, want %d", n, len(p.Dates)+len(p.Sessions))
	}
	uids := map[string]bool{}
	for _, l := range strings.Split(s, "\r\n") {
		if u, ok := strings.CutPrefix(l, "UID:"); ok {
			if uids[u] {
				t.Errorf("UID %s twice", u)
			}
			uids[u] = true
		}
	}
	for _, want := range []string{"BEGIN:VTIMEZONE", "TZID:Europe/Zurich", "TZOFFSETTO:+0200", "TZNAME:CET",
		"DTSTART;TZID=Europe/Zurich:20120312T235959", "TRIGGER;RELATED=START:-P7D",
		"UID:fg-innovation-1203-gva-session-workshop-wrap-up@fgdesk"} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %q", want)
		}
	}
}

// TestParsesWithIcalendar reads the file with a real parser (Debian's
// python3-icalendar) and checks the instants in UTC and in Geneva time.
func TestParsesWithIcalendar(t *testing.T) {
	py, err := exec.LookPath("/usr/bin/python3") // Debian's, not a pyenv shim
	if err != nil {
		py, err = exec.LookPath("python3")
	}
	if err == nil {
		err = exec.Command(py, "-c", "import icalendar").Run()
	}
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("python3-icalendar is needed (scripts/deps.sh test): %v", err)
		}
		t.Skipf("python3-icalendar not installed (scripts/deps.sh test): %v", err)
	}
	f := filepath.Join(t.TempDir(), "fg.ics")
	if err := os.WriteFile(f, write(t), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(py, "testdata/check_ics.py", f).CombinedOutput()
	if err != nil {
		t.Fatalf("parser: %v\n%s", err, out)
	}
	got := string(out)
	for _, want := range []string{
		"Document deadline|2012-03-12T22:59:59Z|alarms=3",
		"Visa request deadline|2012-02-20T22:59:59Z|alarms=3",
		"Registration deadline|2012-03-05T22:59:59Z|alarms=3",
		"Meeting opens|2012-03-19T13:00:00Z|alarms=0",
		"Workshop: wrap-up|2012-03-20 17:15-17:30 Geneva",
		"Workshop Session 2: World Café (continued)|2012-03-20 16:15-17:15 Geneva",
		"Opening plenary|2012-03-19 14:00-17:30 Geneva",
		"vtimezone ok",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("parser output lacks %q:\n%s", want, got)
		}
	}
}
