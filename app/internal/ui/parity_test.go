package ui

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/fgdesk/fgdesk/app/internal/cli"
	"github.com/fgdesk/fgdesk/app/internal/contribution"
	"github.com/fgdesk/fgdesk/app/internal/register"
)

// TestCLIParity runs the same operations through the CLI and through the
// screens and compares what they produce: the draft's findings (fgdesk
// validate vs the compose screen) and the list of documents (fgdesk
// register export vs the Register screen). Both sides call the core's one
// function for each; this test keeps it so.
func TestCLIParity(t *testing.T) {
	f := newFixture(t)
	runCLI := func(args ...string) []byte {
		t.Helper()
		var out, errs bytes.Buffer
		if code := cli.Run(context.Background(), args, nil, &out, &errs); code != cli.ExitOK && code != cli.ExitErrors {
			t.Fatalf("fgdesk %v: exit %d: %s", args, code, errs.String())
		}
		return out.Bytes()
	}

	// Draft findings: a draft with a bad e-mail and no abstract.
	c := f.win.compose
	c.setModel(&contribution.Model{Number: "0012", Source: "Example Telecom", Title: "A title",
		Contacts: []contribution.Contact{{Name: "A. Author", Email: "not-an-address"}}})
	draftPath := filepath.Join(t.TempDir(), "d.json")
	c.writeDraft(draftPath)
	var v struct {
		Findings []struct{ Code, Severity, Field string } `json:"findings"`
	}
	if err := json.Unmarshal(runCLI("validate", "--json", draftPath), &v); err != nil {
		t.Fatal(err)
	}
	var cliCodes, uiCodes []string
	for _, fd := range v.Findings {
		cliCodes = append(cliCodes, fd.Code+"/"+fd.Severity+"/"+fd.Field)
	}
	for _, fd := range c.current {
		uiCodes = append(uiCodes, fd.Code+"/"+fd.Severity.String()+"/"+fd.Field)
	}
	if len(uiCodes) == 0 || !slices.Equal(cliCodes, uiCodes) {
		t.Errorf("draft findings: CLI %v, compose screen %v", cliCodes, uiCodes)
	}

	// The list of documents, from the same register.
	s := f.win.reg
	for _, title := range []string{"Outline of the report", "Case study"} {
		if _, err := s.allocate(register.Request{Title: title, Source: "Example Telecom", Email: "a@example.com"}); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	uiList, cliList := filepath.Join(dir, "ui.html"), filepath.Join(dir, "cli.html")
	if err := s.writeList(uiList); err != nil {
		t.Fatal(err)
	}
	runCLI("register", "export", "--html", cliList)
	a, errA := os.ReadFile(uiList)
	b, errB := os.ReadFile(cliList)
	// The lists say when they were made; the minute may differ.
	stamp := regexp.MustCompile(`\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d)?`)
	a, b = stamp.ReplaceAll(a, nil), stamp.ReplaceAll(b, nil)
	if errA != nil || errB != nil || !bytes.Contains(a, []byte("Case study")) || !bytes.Equal(a, b) {
		t.Errorf("list of documents differs between the Register screen and the CLI (%v, %v):\n%s\n---\n%s", errA, errB, a, b)
	}
}
