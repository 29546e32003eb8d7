package cli

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
)

// run runs the CLI in-process and returns exit code, stdout and stderr.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestDispatch(t *testing.T) {
	t.Setenv("FGDESK_HOME", t.TempDir())
	tests := []struct {
		args     []string
		code     int
		contains string
	}{
		{[]string{"help"}, ExitOK, "Usage:"},
		{[]string{"version"}, ExitOK, "fgdesk"},
		{[]string{"--version"}, ExitOK, "fgdesk"},
		{[]string{"nope"}, ExitFailed, `unknown command "nope"`},
		{[]string{"meetings"}, ExitOK, "fg-innovation-1203-gva"},
	}
	for _, tt := range tests {
		code, out, errs := run(t, tt.args...)
		if code != tt.code || !strings.Contains(out+errs, tt.contains) {
			t.Errorf("%v: code %d out %q err %q; want %d containing %q", tt.args, code, out, errs, tt.code, tt.contains)
		}
	}
	if !IsCommand([]string{"version"}) || IsCommand(nil) || IsCommand([]string{"-psn_0_123"}) {
		t.Error("IsCommand wrong")
	}
}

func TestParseInterleaved(t *testing.T) {
	env := &Env{Stderr: &bytes.Buffer{}}
	fs := newFlags(env, "x", "")
	o := fs.String("o", "", "")
	j := fs.Bool("json", false, "")
	pos, err := parse(fs, []string{"a.json", "-o", "dir", "b.json", "--json", "--", "-c"})
	if err != nil || *o != "dir" || !*j || strings.Join(pos, ",") != "a.json,b.json,-c" {
		t.Fatalf("parse = %v %v o=%q json=%v", pos, err, *o, *j)
	}
}

// TestREADMERules keeps README's rule table equal to the registry.
func TestREADMERules(t *testing.T) {
	readme, err := os.ReadFile("../../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	writeRulesMarkdown(&b)
	if !strings.Contains(string(readme), b.String()) {
		t.Errorf("README's rule table differs from `fgdesk rules --markdown`; paste this:\n%s", b.String())
	}
}
