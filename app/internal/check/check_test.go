package check

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/fgdesk/fgdesk/app/internal/finding"
	"github.com/fgdesk/fgdesk/app/internal/inspect"
)

func touch(t *testing.T, dir string, names ...string) {
	t.Helper()
	for _, n := range names {
		p := filepath.Join(dir, n)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestExpand(t *testing.T) {
	dir := t.TempDir()
	touch(t, dir, "b.docx", "a.pdf", ".DS_Store", "~$a.docx", "sub/c.docx", ".git/x")
	tests := []struct {
		name      string
		recursive bool
		want      []string
		skipped   int
	}{
		{"flat", false, []string{"a.pdf", "b.docx"}, 2},
		{"recursive", true, []string{"a.pdf", "b.docx", "sub/c.docx"}, 2},
	}
	for _, tt := range tests {
		files, skipped, err := Expand([]string{dir}, tt.recursive)
		if err != nil {
			t.Fatal(err)
		}
		var rel []string
		for _, f := range files {
			r, _ := filepath.Rel(dir, f)
			rel = append(rel, filepath.ToSlash(r))
		}
		if !slices.Equal(rel, tt.want) || skipped != tt.skipped {
			t.Errorf("%s: files %v skipped %d; want %v %d", tt.name, rel, skipped, tt.want, tt.skipped)
		}
	}
	// A file given twice (directly and via its folder) is checked once.
	files, _, _ := Expand([]string{filepath.Join(dir, "a.pdf"), dir}, false)
	if len(files) != 2 {
		t.Errorf("duplicates not removed: %v", files)
	}
	if _, _, err := Expand([]string{filepath.Join(dir, "nope")}, false); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("missing path error = %v", err)
	}
}

// TestExpandUploadReceipts: our own receipt beside its document is
// skipped and counted; a receipt without its document, a file that only
// borrows the name, and a receipt named on the command line are checked.
func TestExpandUploadReceipts(t *testing.T) {
	dir := t.TempDir()
	receipt := `{"schema": "` + UploadReceiptSchema + `", "version": 1, "file": "x"}`
	for name, body := range map[string]string{
		"innovation-i-0077.docx":                 "x",
		"innovation-i-0077.docx" + ReceiptSuffix: receipt, // ours, beside its file: skipped
		"innovation-i-0078.docx" + ReceiptSuffix: receipt, // its document is not here
		"innovation-i-0079.docx":                 "x",
		"innovation-i-0079.docx" + ReceiptSuffix: `{"schema": "other"}`, // not ours
		"innovation-i-0080.docx":                 "x",
		"innovation-i-0080.docx" + ReceiptSuffix: "MZ\x90\x00 not json",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	files, skipped, err := Expand([]string{dir}, false)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
	}
	want := []string{"innovation-i-0077.docx", "innovation-i-0078.docx.receipt.json", "innovation-i-0079.docx",
		"innovation-i-0079.docx.receipt.json", "innovation-i-0080.docx", "innovation-i-0080.docx.receipt.json"}
	if !slices.Equal(names, want) || skipped != 1 {
		t.Errorf("files %v skipped %d; want %v and 1", names, skipped, want)
	}
	own := filepath.Join(dir, "innovation-i-0077.docx"+ReceiptSuffix)
	if files, _, _ := Expand([]string{own}, false); len(files) != 1 {
		t.Errorf("a receipt named on the command line is not checked: %v", files)
	}
	if !IsUploadReceipt(own) || IsUploadReceipt(filepath.Join(dir, "innovation-i-0080.docx"+ReceiptSuffix)) || IsUploadReceipt(filepath.Join(dir, "nope")) {
		t.Error("IsUploadReceipt misjudges a receipt, a non-JSON file or a missing one")
	}
}

// fake returns an inspector that serves facts by base name.
func fake(facts map[string]*inspect.Facts) Inspector {
	return func(ctx context.Context, path string) (*inspect.Facts, error) {
		f, ok := facts[filepath.Base(path)]
		if !ok {
			return nil, errors.New("permission denied")
		}
		c := *f
		c.Path = path
		return &c, nil
	}
}

var onTime = time.Date(2012, 3, 10, 12, 0, 0, 0, time.UTC)

func sample() map[string]*inspect.Facts {
	return map[string]*inspect.Facts{
		"innovation-i-0001.pdf": {Name: "innovation-i-0001.pdf", Kind: inspect.KindPDF, ModTime: onTime, PDF: &inspect.PDFFacts{Names: map[string]int{}}},
		"innovation-i-0002.pdf": {Name: "innovation-i-0002.pdf", Kind: inspect.KindPDF, ModTime: onTime.Add(5 * 24 * time.Hour), PDF: &inspect.PDFFacts{Names: map[string]int{}}},
		"Innovation-I-0003.pdf": {Name: "Innovation-I-0003.pdf", Kind: inspect.KindPDF, ModTime: onTime, PDF: &inspect.PDFFacts{Names: map[string]int{"JavaScript": 1}}},
	}
}

func TestRunFiles(t *testing.T) {
	names := []string{"innovation-i-0001.pdf", "innovation-i-0002.pdf", "Innovation-I-0003.pdf", "gone.docx"}
	var mu sync.Mutex
	var progress []Progress
	rep, err := RunFiles(context.Background(), names, Options{
		Inspect: fake(sample()), Workers: 3,
		Progress: func(p Progress) { mu.Lock(); progress = append(progress, p); mu.Unlock() },
	})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for i, f := range rep.Files {
		if f.Name != names[i] {
			t.Errorf("file %d is %s, want %s (order must follow input)", i, f.Name, names[i])
		}
		for _, fd := range f.Findings {
			if fd.Severity > finding.Info {
				got[f.Name] = append(got[f.Name], fd.Code)
			}
		}
	}
	want := map[string][]string{
		"innovation-i-0002.pdf": {"DEADLINE-LATE"},
		"Innovation-I-0003.pdf": {"NAME-CASE", "SEC-PDF-JS"},
		"gone.docx":             {"FILE-UNREADABLE"},
	}
	for name, codes := range want {
		g := slices.Clone(got[name])
		slices.Sort(g)
		if !slices.Equal(g, codes) {
			t.Errorf("%s: codes %v, want %v", name, g, codes)
		}
	}
	if len(got["innovation-i-0001.pdf"]) != 0 {
		t.Errorf("clean file has findings %v", got["innovation-i-0001.pdf"])
	}
	s := rep.Summary
	if s.Files != 4 || s.Passed != 1 || s.Errors != 3 || s.Late != 1 {
		t.Errorf("summary %+v", s)
	}
	if rep.Files[2].SuggestedName != "innovation-i-0003.pdf" {
		t.Errorf("suggested name %q", rep.Files[2].SuggestedName)
	}
	if len(progress) != 4 || progress[3].Done != 4 || progress[0].Total != 4 {
		t.Errorf("progress %+v", progress)
	}
	if !rep.HasErrors() {
		t.Error("HasErrors false")
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	facts := map[string]*inspect.Facts{}
	var names []string
	for i := range 20 {
		n := filepath.Join("in", "f"+string(rune('a'+i))+".pdf")
		names = append(names, n)
		facts[filepath.Base(n)] = &inspect.Facts{Name: filepath.Base(n), Kind: inspect.KindPDF, ModTime: onTime}
	}
	insp := fake(facts)
	rep, err := RunFiles(ctx, names, Options{
		Workers: 1,
		Inspect: insp,
		Progress: func(p Progress) {
			if p.Done == 3 {
				cancel()
			}
		},
	})
	if !errors.Is(err, context.Canceled) || !rep.Cancelled {
		t.Fatalf("err %v cancelled %v", err, rep.Cancelled)
	}
	if n := len(rep.Files); n < 3 || n > 4 {
		t.Errorf("files after cancel = %d, want 3 or 4", n)
	}
	for _, f := range rep.Files {
		if f.Path == "" {
			t.Error("unfinished file in report")
		}
	}
}

func TestReportFormats(t *testing.T) {
	rep, err := RunFiles(context.Background(), []string{"innovation-i-0001.pdf", "Innovation-I-0003.pdf"}, Options{Inspect: fake(sample()), AsOf: onTime})
	if err != nil {
		t.Fatal(err)
	}
	var js bytes.Buffer
	if err := rep.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(js.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"schema", "version", "tool", "generated", "meeting", "deadline", "as_of", "summary", "files"} {
		if _, ok := back[k]; !ok {
			t.Errorf("JSON lacks %q", k)
		}
	}
	if back["schema"] != Schema {
		t.Errorf("schema %v", back["schema"])
	}
	f0 := back["files"].([]any)[1].(map[string]any)
	for _, k := range []string{"path", "name", "kind", "size", "sha256", "received_at", "received_from", "late", "verdict", "counts", "findings", "suggested_name"} {
		if _, ok := f0[k]; !ok {
			t.Errorf("file JSON lacks %q", k)
		}
	}
	if f0["verdict"] != "error" {
		t.Errorf("verdict %v", f0["verdict"])
	}
	// rules: one entry with a doc for each code used, and no other.
	explained := map[string]bool{}
	for _, r := range back["rules"].([]any) {
		r := r.(map[string]any)
		if doc, _ := r["doc"].(string); doc == "" {
			t.Errorf("rule %v has no doc", r["code"])
		}
		explained[r["code"].(string)] = true
	}
	for code := range rep.Summary.ByCode {
		if !explained[code] {
			t.Errorf("JSON rules lack %s", code)
		}
	}
	if len(explained) != len(rep.Summary.ByCode) || !explained["SEC-PDF-JS"] {
		t.Errorf("JSON rules %v, codes used %v", explained, rep.Summary.ByCode)
	}

	var txt bytes.Buffer
	rep.WriteText(&txt, false)
	for _, want := range []string{"PASS  innovation-i-0001.pdf", "ERROR  Innovation-I-0003.pdf", "SEC-PDF-JS", "suggested name: innovation-i-0003.pdf", "2 file(s): 1 pass"} {
		if !strings.Contains(txt.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, txt.String())
		}
	}
	if strings.Contains(txt.String(), "DEADLINE-OK") {
		t.Error("info findings shown without verbose")
	}

	dir := t.TempDir()
	path := filepath.Join(dir, "report.xlsx")
	if err := rep.WriteXLSX(path); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, _ := x.GetRows("Findings")
	total := 0
	for _, f := range rep.Files {
		total += len(f.Findings)
	}
	if len(rows) != total+1 || rows[0][2] != "Code" {
		t.Errorf("Findings sheet rows %d, want %d", len(rows), total+1)
	}
	sum, _ := x.GetRows("Summary")
	if sum[1][0] != "innovation-i-0001.pdf" || sum[2][1] != "error" {
		t.Errorf("Summary rows %v", sum[:3])
	}
	if tables, _ := x.GetTables("Findings"); len(tables) != 1 {
		t.Errorf("Findings tables = %d", len(tables))
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("temp files left: %v", ents)
	}
}
