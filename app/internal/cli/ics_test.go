package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestICS(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("FGDESK_HOME", dir)
	out := filepath.Join(dir, "fg.ics")
	for _, tt := range []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"file", []string{"ics", "-o", out}, ExitOK, "wrote " + out + ": 5 key dates and 12 sessions of FG Innovation, first meeting (Geneva, 19–21 March 2012)", ""},
		{"stdout", []string{"ics", "--meeting", "fg-innovation-1203-gva", "-o", "-"}, ExitOK, "BEGIN:VCALENDAR\r\n", ""},
		{"no output", []string{"ics"}, ExitFailed, "", "name the output file with -o"},
		{"unknown meeting", []string{"ics", "--meeting", "nope", "-o", out}, ExitFailed, "", `no meeting profile "nope"`},
		{"bad folder", []string{"ics", "-o", filepath.Join(dir, "missing", "x.ics")}, ExitFailed, "", "missing"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, so, se := run(t, tt.args...)
			if code != tt.code || !strings.Contains(so, tt.stdout) || !strings.Contains(se, tt.stderr) {
				t.Errorf("code %d stdout %.200q stderr %q; want %d, %q, %q", code, so, se, tt.code, tt.stdout, tt.stderr)
			}
		})
	}
	data, err := os.ReadFile(out)
	if err != nil || !strings.Contains(string(data), "DTSTART;TZID=Europe/Zurich:20120312T235959") {
		t.Errorf("file: %v %.300q", err, data)
	}
}
