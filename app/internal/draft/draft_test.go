package draft

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fgdesk/fgdesk/app/internal/contribution"
)

const good = `{
  "schema": "fgdesk-draft",
  "version": 1,
  "meeting": "fg-innovation-1203-gva",
  "saved": "2012-03-05T10:00:00Z",
  "contribution": {
    "number": "0012",
    "source": "Example Networks",
    "title": "A title",
    "contacts": [{"name": "Ann", "email": "ann@example.com"}],
    "body": "## Intro\n\nText."
  }
}
`

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		data string
		is   error
		msg  []string // substrings of the error
	}{
		{name: "good", data: good},
		{name: "bom", data: "\xef\xbb\xbf" + good},
		{name: "nul in strings", data: strings.Replace(good, `"A title"`, `"A\u0000ti\u0001tle"`, 1)},
		{name: "no meeting", data: strings.Replace(good, `"meeting": "fg-innovation-1203-gva",`, ``, 1)},
		{name: "empty", data: " \n", is: ErrSyntax, msg: []string{"d.json", "empty"}},
		{name: "broken json", data: "{\n  \"schema\": \"fgdesk-draft\",\n  \"version\": 1,\n  \"contribution\": {\"title\": \"x\",}\n}", is: ErrSyntax,
			msg: []string{"d.json:4:", "malformed JSON"}},
		{name: "cut off", data: good[:120], is: ErrSyntax, msg: []string{"d.json:", "ends in the middle"}},
		{name: "not json", data: "hello", is: ErrSyntax, msg: []string{"d.json:1:1"}},
		{name: "array", data: "[1,2]", is: ErrSyntax},
		{name: "no schema", data: `{"version":1}`, is: ErrSchema, msg: []string{`no "schema"`}},
		{name: "other schema", data: `{"schema":"something","version":1}`, is: ErrSchema, msg: []string{`"something"`}},
		{name: "schema not text", data: `{"schema":5,"version":1}`, is: ErrSyntax, msg: []string{"schema must be text"}},
		{name: "newer version", data: `{"schema":"fgdesk-draft","version":2}`, is: ErrVersion, msg: []string{"newer FG Desk", "version 2"}},
		{name: "version zero", data: `{"schema":"fgdesk-draft","version":0}`, is: ErrVersion, msg: []string{"unknown version 0"}},
		{name: "version text", data: `{"schema":"fgdesk-draft","version":"1"}`, is: ErrVersion},
		{name: "no version", data: `{"schema":"fgdesk-draft"}`, is: ErrVersion},
		{name: "unknown field", data: strings.Replace(good, `"title"`, `"titel"`, 1), is: ErrSyntax, msg: []string{"d.json:9:5", `unknown field "titel"`}},
		{name: "wrong type", data: strings.Replace(good, `"number": "0012"`, `"number": 12`, 1), is: ErrSyntax, msg: []string{"d.json:7:", "contribution.number must be text in quotes, not number"}},
		{name: "contacts not a list", data: strings.Replace(good, `[{"name": "Ann", "email": "ann@example.com"}]`, `"Ann"`, 1), is: ErrSyntax, msg: []string{"contribution.contacts must be a list"}},
		{name: "trailing data", data: good + "{}", is: ErrSyntax, msg: []string{"after the end"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse("d.json", []byte(tt.data))
			if tt.is == nil {
				if err != nil {
					t.Fatal(err)
				}
				if d.Contribution.Number != "0012" || d.Schema != Schema || d.Version != Version {
					t.Errorf("decoded %+v", d)
				}
				return
			}
			if !errors.Is(err, tt.is) {
				t.Fatalf("err = %v, want %v", err, tt.is)
			}
			if !strings.HasPrefix(err.Error(), "draft d.json") || strings.Contains(err.Error(), "\n") {
				t.Errorf("message %q should be one line starting with the file", err)
			}
			for _, m := range tt.msg {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("message %q lacks %q", err, m)
				}
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := Load(filepath.Join(dir, "none.json")); err == nil || !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), "none.json") {
		t.Errorf("missing file: %v", err)
	}
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), "folder") {
		t.Errorf("folder: %v", err)
	}
	// A real 50 MB draft: a huge abstract.
	big := filepath.Join(dir, "big.json")
	data := []byte(`{"schema":"fgdesk-draft","version":1,"contribution":{"abstract":"` + strings.Repeat("a", 50_000_000-80) + `"}}`)
	if err := os.WriteFile(big, data, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(big)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("50 MB draft: err = %v", err)
	}
	if want := "draft " + big + ": file is 50.0 MB, more than the 16 MiB a draft may have"; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("message %q, want prefix %q", err, want)
	}
}

func TestSaveLoad(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "innovation-i-0012.json")
	m := contribution.Model{
		Number: "0012", Type: contribution.Input, Source: "Src <&>", Title: "Ti\x00tle 标题 😀",
		Contacts: []contribution.Contact{{Name: "Ann", Email: "ann@example.com"}, {Name: "Bo", Tel: "+1"}},
		WGs:      "WG1", Purpose: contribution.Decision, Abstract: "a\nb", Keywords: "k1, k2", Body: "# H\n\n- x\n",
	}
	d := &Draft{Meeting: "fg-innovation-1203-gva", Contribution: m}
	if err := Save(path, d); err != nil {
		t.Fatal(err)
	}
	if d.Saved.IsZero() || d.Schema != Schema || d.Version != Version {
		t.Errorf("Save did not stamp the draft: %+v", d)
	}
	got, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Contribution, m) || got.Meeting != d.Meeting || !got.Saved.Equal(d.Saved) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, d)
	}
	raw, _ := os.ReadFile(path)
	if !strings.Contains(string(raw), `"title": "Ti\u0000tle 标题 😀"`) || !strings.Contains(string(raw), `"source": "Src <&>"`) {
		t.Errorf("JSON not as expected:\n%s", raw)
	}
	// Overwrite works, and no temp files are left.
	d.Contribution.Title = "Second"
	if err := Save(path, d); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("files left in the folder: %v", entries)
	}
	if got := d.ImageDir(path); got != dir {
		t.Errorf("ImageDir = %s, want %s", got, dir)
	}
	d.BaseDir = "/elsewhere"
	if got := d.ImageDir(path); got != "/elsewhere" {
		t.Errorf("ImageDir with BaseDir = %s", got)
	}
}

func TestSaveTooLarge(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.json")
	err := Save(path, &Draft{Contribution: contribution.Model{Body: strings.Repeat("x", MaxSize)}})
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v", err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Error("a too-large draft was written")
	}
}

func TestSaveIntoMissingFolder(t *testing.T) {
	err := Save(filepath.Join(t.TempDir(), "no", "such", "d.json"), &Draft{})
	if err == nil || !strings.Contains(err.Error(), "d.json") {
		t.Errorf("err = %v", err)
	}
}

func FuzzLoad(f *testing.F) {
	f.Add([]byte(good))
	f.Add([]byte(`{"schema":"fgdesk-draft","version":1,"contribution":{"contacts":[{"name":"\u0000"}]}}`))
	f.Add([]byte(`{"schema":"fgdesk-draft","version":2}`))
	f.Add([]byte("{\"schema\":\"fgdesk-draft\",\"version\":1,\"contribution\":{\"title\":\"\xff\"}} x"))
	f.Add([]byte(`[{"schema":1}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Parse("fuzz.json", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "draft fuzz.json") {
				t.Fatalf("error without the file name: %v", err)
			}
			return
		}
		out, err := Marshal(d)
		if err != nil {
			t.Fatalf("marshal a parsed draft: %v", err)
		}
		d2, err := Parse("again.json", out)
		if err != nil {
			t.Fatalf("re-parse: %v\n%s", err, out)
		}
		if !reflect.DeepEqual(d2.Contribution, d.Contribution) && !strings.ContainsRune(string(out), '\ufffd') {
			t.Fatalf("round trip changed the contribution")
		}
	})
}

func TestAutosaver(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "autosave") // created on first write
	a := NewAutosaver(dir, 30*time.Millisecond)
	a.SetMeeting("fg-innovation-1203-gva")
	a.SetBaseDir("/drafts")
	m := &contribution.Model{Title: "one"}
	a.Touch(m)
	m.Title = "two" // Touch took a copy
	a.Touch(&contribution.Model{Title: "three"})
	// The file appears (rename) just before Status records the write.
	waitFor(t, func() bool {
		_, err := os.Stat(a.Path())
		saved, _ := a.Status()
		return err == nil && !saved.IsZero()
	})
	d, err := Load(a.Path())
	if err != nil {
		t.Fatal(err)
	}
	if d.Contribution.Title != "three" || d.Meeting != "fg-innovation-1203-gva" || d.BaseDir != "/drafts" {
		t.Errorf("autosave holds %+v", d)
	}
	if saved, err := a.Status(); saved.IsZero() || err != nil {
		t.Errorf("Status = %v, %v", saved, err)
	}
	if fi, _ := os.Stat(a.Path()); fi.Mode().Perm() != 0o600 {
		t.Errorf("autosave mode %v, want 0600", fi.Mode().Perm())
	}
	// Flush writes at once.
	a.Touch(&contribution.Model{Title: "four"})
	if err := a.Flush(); err != nil {
		t.Fatal(err)
	}
	if d, _ := Load(a.Path()); d.Contribution.Title != "four" {
		t.Errorf("after Flush: %q", d.Contribution.Title)
	}
	// Our own file is not a crash leftover.
	if rs, err := Recoverable(dir); err != nil || len(rs) != 0 {
		t.Errorf("Recoverable lists the running session: %v %v", rs, err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(a.Path()); !os.IsNotExist(err) {
		t.Error("Close left the autosave file")
	}
	a.Touch(&contribution.Model{Title: "after close"})
	if err := a.Flush(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(a.Path()); !os.IsNotExist(err) {
		t.Error("Touch after Close wrote a file")
	}
}

func TestAutosaverWriteError(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	os.WriteFile(blocker, nil, 0o644)
	a := NewAutosaver(filepath.Join(blocker, "autosave"), time.Hour) // a folder under a file
	a.Touch(&contribution.Model{Title: "x"})
	if err := a.Flush(); err == nil {
		t.Fatal("no error writing under a file")
	}
	if _, err := a.Status(); err == nil || !strings.HasPrefix(err.Error(), "autosave: ") {
		t.Errorf("Status error = %v", err)
	}
	a.Close()
}

func TestRecoverable(t *testing.T) {
	dir := t.TempDir()
	if rs, err := Recoverable(filepath.Join(dir, "none")); err != nil || rs != nil {
		t.Fatalf("missing folder: %v %v", rs, err)
	}
	// A crashed session: a process ID that is not running.
	dead := filepath.Join(dir, "autosave-2147483646-abc.json")
	older := filepath.Join(dir, "autosave-2147483645-abc.json")
	mine := filepath.Join(dir, "autosave-"+strconv.Itoa(os.Getpid())+"-x.json")
	t0 := time.Date(2012, 3, 5, 10, 0, 0, 0, time.UTC)
	for p, d := range map[string]*Draft{
		dead:  {Saved: t0.Add(time.Hour), Contribution: contribution.Model{Number: "0012", Title: "Recovered"}},
		older: {Saved: t0, Contribution: contribution.Model{Title: "Older"}},
		mine:  {Saved: t0, Contribution: contribution.Model{Title: "Mine"}},
		filepath.Join(dir, "autosave-2147483644-e.json"): {Saved: t0}, // empty: skipped
	} {
		if err := Save(p, d); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(dir, "autosave-2147483643-bad.json"), []byte("{broken"), 0o600)
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o600)
	rs, err := Recoverable(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 || rs[0].Path != dead || rs[1].Path != older {
		t.Fatalf("Recoverable = %+v", rs)
	}
	if got := rs[0].Title(); got != `no. 0012, "Recovered"` {
		t.Errorf("Title = %q", got)
	}
	if got := (Recovery{Draft: &Draft{}}).Title(); got != "an untitled contribution" {
		t.Errorf("empty Title = %q", got)
	}
	if !rs[0].Saved.Equal(t0.Add(time.Hour)) {
		t.Errorf("Saved = %v", rs[0].Saved)
	}
	if err := rs[0].Discard(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dead); !os.IsNotExist(err) {
		t.Error("Discard left the file")
	}
	if err := rs[0].Discard(); err != nil {
		t.Errorf("second Discard: %v", err)
	}
}

// waitFor polls cond until it holds or 5 s pass (the autosave timer runs on
// its own goroutine).
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 5 s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}
