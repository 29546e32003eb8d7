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
		{[]string{"version", "-h"}, ExitOK, "usage: fgdesk version\n"},
		// Commands without operands refuse one rather than ignore it.
		{[]string{"version", "x"}, ExitFailed, `fgdesk version: unexpected argument "x"`},
		{[]string{"meetings", "x"}, ExitFailed, `fgdesk meetings: unexpected argument "x"`},
		{[]string{"rules", "--json", "SEC-DDE"}, ExitFailed, `fgdesk rules: unexpected argument "SEC-DDE"`},
		{[]string{"bench", "100"}, ExitFailed, `fgdesk bench: unexpected argument "100"`},
		{[]string{"corpus", "-o", "x", "y"}, ExitFailed, `fgdesk corpus: unexpected argument "y"`},
		{[]string{"export", "a.json", "b.json"}, ExitFailed, `fgdesk export: unexpected argument "b.json"`},
	}
	for _, tt := range tests {
		code, out, errs := run(t, tt.args...)
		if code != tt.code || !strings.Contains(out+errs, tt.contains) {
			t.Errorf("%v: code %d out %q err %q; want %d containing %q", tt.args, code, out, errs, tt.code, tt.contains)
		}
	}
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.WriteFile("notes", nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		args []string
		cli  bool
	}{
		{nil, false},
		{[]string{"version"}, true},
		{[]string{"--help"}, true},
		{[]string{"frobnicate", "x"}, true}, // unknown: the CLI says so, no GUI
		{[]string{"-psn_0_123"}, false},     // macOS passes this to apps
		{[]string{"draft.json"}, false},     // files and folders open in the GUI
		{[]string{"in/"}, false},
		{[]string{"notes"}, false}, // an existing file without extension
	} {
		if got := IsCommand(tt.args); got != tt.cli {
			t.Errorf("IsCommand(%q) = %v, want %v", tt.args, got, tt.cli)
		}
	}
	code, out, errs := run(t, "frobnicate", "x")
	if code != ExitFailed || out != "" || !strings.Contains(errs, `unknown command "frobnicate"`) || !strings.Contains(errs, "  check ") {
		t.Errorf("frobnicate: code %d out %q err %q; want 2, unknown command and the list", code, out, errs)
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
