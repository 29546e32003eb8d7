package export

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fgdesk/fgdesk/app/internal/contribution"
	"github.com/fgdesk/fgdesk/app/internal/docx"
	"github.com/fgdesk/fgdesk/app/internal/draft"
	"github.com/fgdesk/fgdesk/app/internal/markdown"
	"github.com/fgdesk/fgdesk/app/internal/meeting"
)

var when = time.Date(2012, 3, 5, 10, 30, 0, 0, time.UTC)

func profile(t testing.TB) *meeting.Profile {
	t.Helper()
	p := meeting.Default()
	if p == nil {
		t.Fatal("no default meeting profile")
	}
	return p
}

// loadSample reads testdata/sample-draft.json (see sample_test.go).
func loadSample(t testing.TB) *draft.Draft {
	t.Helper()
	d, err := draft.Load(samplePath)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// checkPackage opens a .docx and decodes every XML part.
func checkPackage(t testing.TB, path string) *zip.ReadCloser {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { zr.Close() })
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, ".xml") && !strings.HasSuffix(f.Name, ".rels") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		d := xml.NewDecoder(rc)
		d.Strict = true
		for {
			_, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: %s is not well-formed: %v", path, f.Name, err)
			}
		}
		rc.Close()
	}
	return zr
}

func TestExportSample(t *testing.T) {
	d := loadSample(t)
	p := profile(t)
	if fs := contribution.Validate(&d.Contribution, p); len(fs) > 0 {
		t.Errorf("the sample draft has findings: %v", fs)
	}
	dir := t.TempDir()
	path, err := Export(&d.Contribution, p, dir, Options{BaseDir: d.ImageDir(samplePath), Now: when})
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(path) != "innovation-i-0012.docx" || filepath.Dir(path) != dir {
		t.Errorf("path = %s", path)
	}
	zr := checkPackage(t, path)
	var media int
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "word/media/") {
			media++
		}
	}
	if media != 1 {
		t.Errorf("%d media parts, want the one figure", media)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v", fi.Mode().Perm())
	}
}

func TestExportOverwrite(t *testing.T) {
	p := profile(t)
	dir := t.TempDir()
	m := &contribution.Model{Number: "12", Title: "first"} // padded to 0012
	m.Number = "0012"
	path, err := Export(m, p, dir, Options{Now: when})
	if err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	m.Title = "second"
	got, err := Export(m, p, dir, Options{Now: when})
	if !errors.Is(err, ErrExists) || got != path || !strings.Contains(err.Error(), path) {
		t.Fatalf("second export: %q, %v; want ErrExists naming %s", got, err, path)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("refused export changed the file")
	}
	if _, err := Export(m, p, dir, Options{Now: when, Overwrite: true}); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.ReadFile(path); bytes.Equal(before, after) {
		t.Error("Overwrite did not replace the file")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("left in the folder: %v", entries)
	}
}

func TestExportErrors(t *testing.T) {
	p := profile(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	os.WriteFile(file, nil, 0o644)
	tests := []struct {
		name string
		m    *contribution.Model
		dir  string
		is   error
		msg  string
	}{
		{"no number", &contribution.Model{}, dir, ErrNumber, "is empty"},
		{"bad number", &contribution.Model{Number: "12a"}, dir, ErrNumber, `"12a" is not 4 digits`},
		{"too long", &contribution.Model{Number: "12345"}, dir, ErrNumber, ""},
		{"nul in number", &contribution.Model{Number: "00\x0012"}, dir, ErrNumber, ""},
		{"path in number", &contribution.Model{Number: "../12"}, dir, ErrNumber, ""},
		{"missing folder", &contribution.Model{Number: "0001"}, filepath.Join(dir, "none"), os.ErrNotExist, "none"},
		{"not a folder", &contribution.Model{Number: "0001"}, file, nil, "not a folder"},
		{"missing image", &contribution.Model{Number: "0001", Body: "# A\n\n![f](img/none.png)"}, dir, os.ErrNotExist, "body line 3: image img/none.png"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Export(tt.m, p, tt.dir, Options{BaseDir: dir})
			if err == nil {
				t.Fatal("no error")
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("err = %v, want %v", err, tt.is)
			}
			if !strings.Contains(err.Error(), tt.msg) || strings.Contains(err.Error(), "\n") {
				t.Errorf("message %q, want one line with %q", err, tt.msg)
			}
		})
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("failed exports left files: %v", entries)
	}
}

func TestExportBlank(t *testing.T) {
	d := loadSample(t)
	path, err := Export(&d.Contribution, profile(t), t.TempDir(), Options{Blank: true, Now: when})
	if err != nil {
		t.Fatal(err) // no BaseDir: the figure is not needed for a blank export
	}
	zr := checkPackage(t, path)
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "word/media/") {
			t.Errorf("blank export has %s", f.Name)
		}
	}
}

// TestExportHostileDrafts feeds drafts a person or a broken program could
// hand over: each gives a clear error or a correct document, never a panic.
func TestExportHostileDrafts(t *testing.T) {
	p := profile(t)
	dir := t.TempDir()
	write := func(name, data string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	envelope := func(c string) string {
		return `{"schema":"fgdesk-draft","version":1,"meeting":"fg-innovation-1203-gva","contribution":` + c + `}`
	}
	var rows strings.Builder
	rows.WriteString("| No. | Item |\n|---|---|\n")
	for i := range 10000 {
		fmt.Fprintf(&rows, "| %d | item <%d> & more |\n", i, i)
	}
	tableBody, _ := jsonString(rows.String())
	tests := []struct {
		name, data string
		loadErr    string // substring of the Load error, "" if it loads
		exportErr  string // substring of the Export error, "" if it exports
	}{
		{"invalid json", `{"schema":"fgdesk-draft","version":1,"contribution":{"title":}}`, "invalid.json:1:", ""},
		{"50 MB abstract", envelope(`{"number":"0001","abstract":"` + strings.Repeat("x", 50_000_000) + `"}`), "file is 50.0 MB, more than the 16 MiB", ""},
		{"nul bytes", envelope(`{"number":"0002","title":"a\u0000b","source":"\u0000","contacts":[{"name":"\u0000x","email":"a\u0000@b"}],"body":"# H\u0000\n\nx\u0000y\u0001"}`), "", ""},
		{"10000-row table", envelope(`{"number":"0003","body":` + tableBody + `}`), "", ""},
		{"missing image", envelope(`{"number":"0004","body":"intro\n\n![fig](figures/nowhere.png)"}`), "", "body line 3: image figures/nowhere.png: file not found"},
		{"deep nesting", envelope(`{"number":"0005","body":"# Title\n\n` + strings.Repeat("> ", 5000) + `x"}`), "", "body line 3: lists and quotes nested 5000 deep"},
		{"unclosed links", envelope(`{"number":"0006","body":"` + strings.Repeat("[a](", 50000) + `"}`), "", "too complex to render"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := write(strings.ReplaceAll(strings.Fields(tt.name)[0], " ", "-")+".json", tt.data)
			d, err := draft.Load(path)
			if tt.loadErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.loadErr) || !strings.Contains(err.Error(), path) {
					t.Fatalf("Load err = %v, want %q naming the file", err, tt.loadErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			out := t.TempDir()
			docxPath, err := Export(&d.Contribution, p, out, Options{BaseDir: d.ImageDir(path), Now: when})
			if tt.exportErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.exportErr) {
					t.Fatalf("Export err = %v, want %q", err, tt.exportErr)
				}
				if entries, _ := os.ReadDir(out); len(entries) != 0 {
					t.Errorf("failed export left %v", entries)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			checkPackage(t, docxPath)
		})
	}
}

func jsonString(s string) (string, error) {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String(), nil
}

func TestFileURL(t *testing.T) {
	if got := fileURL("/tmp/fgdesk x"); got != "file:///tmp/fgdesk%20x" {
		t.Errorf("fileURL = %s", got)
	}
}

func TestPDFNoInput(t *testing.T) {
	if _, ok := SofficePath(); !ok {
		t.Skip("soffice not installed")
	}
	_, err := PDF(context.Background(), filepath.Join(t.TempDir(), "none.docx"), "")
	if err == nil || !strings.Contains(err.Error(), "none.docx") {
		t.Errorf("err = %v", err)
	}
}

// TestSofficeReadsExport is the end-to-end check of issue 2: LibreOffice
// and python-docx read the exported sample, and everything a delegate typed
// is in it. It runs when soffice is installed (CI installs it).
func TestSofficeReadsExport(t *testing.T) {
	soffice, ok := SofficePath()
	if !ok {
		t.Skip("soffice not on PATH: " + PDFHint)
	}
	if testing.Short() {
		t.Skip("-short: LibreOffice takes seconds")
	}
	d := loadSample(t)
	m := &d.Contribution
	dir := t.TempDir()
	path, err := Export(m, profile(t), dir, Options{BaseDir: d.ImageDir(samplePath), Now: when})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	txtPath, err := convert(ctx, soffice, path, dir, "txt:Text", ".txt")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(txtPath)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf")))), " ")
	want := []string{"innovation-i-0012", "English only", "Original: English", "INPUT DOCUMENT", "STUDY PERIOD 2009-2012",
		"Geneva, 19 and 21 March 2012", "FOCUS GROUP ON BRIDGING THE GAP", "Please don't change the structure of this table",
		m.Source, m.Title, m.Abstract, m.Keywords, m.WGs, m.Purpose.Label()}
	for _, c := range m.Contacts {
		want = append(want, c.Email, c.Name)
	}
	res, err := markdown.Render(m.Body, markdown.Options{NoImages: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Headings) < 5 {
		t.Fatalf("sample has %d headings", len(res.Headings))
	}
	want = append(want, res.Headings...)
	for _, w := range want {
		if !strings.Contains(text, strings.Join(strings.Fields(w), " ")) {
			t.Errorf("LibreOffice's text of %s lacks %q", filepath.Base(path), w)
		}
	}
	if t.Failed() {
		t.Logf("text:\n%s", raw)
	}

	// python-docx (Debian's python3-docx) reads the header table.
	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import docx").Run(); err != nil {
		t.Logf("skipping the python-docx check: %s cannot import docx (apt-get install python3-docx)", py)
		return
	}
	script := `
import sys, docx
d = docx.Document(sys.argv[1])
t = d.tables[0]
for row in t.rows:
    seen = []
    for c in row.cells:
        if c._tc in seen:
            continue
        seen.append(c._tc)
        print(repr(c.text))
    print("--")
print("title=" + repr(d.core_properties.title))
print("author=" + repr(d.core_properties.author))
`
	out, err := exec.Command(py, "-c", script, path).CombinedOutput()
	if err != nil {
		t.Fatalf("python-docx: %v\n%s", err, out)
	}
	got := string(out)
	for _, w := range []string{
		"'Source:'\n" + pyRepr(m.Source),
		"'Title:'\n" + pyRepr(m.Title),
		"'Abstract:'\n" + pyRepr(m.Abstract),
		"'Keywords:'\n" + pyRepr(m.Keywords),
		"'Purpose:'\n'Discussion'",
		"'WG(s):'\n'WG1'",
		"'Contact:'\n" + pyRepr(m.Contacts[0].Name+"\n"+m.Contacts[0].Organization+"\n"+m.Contacts[0].Country),
		pyRepr("Tel:\t" + m.Contacts[1].Tel + "\nFax:\t\nE-mail:\t" + m.Contacts[1].Email),
		"'innovation-i-0012'",
		"title=" + pyRepr(m.Title),
		"author=" + pyRepr(m.Contacts[0].Name),
	} {
		if !strings.Contains(got, w) {
			t.Errorf("python-docx output lacks %q", w)
		}
	}
	if t.Failed() {
		t.Logf("python-docx saw:\n%s", got)
	}
}

// pyRepr is Python's repr of an ASCII string (tabs and newlines escaped).
func pyRepr(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, "'", `\'`, "\n", `\n`, "\t", `\t`).Replace(s) + "'"
}

// BenchmarkExport exports the sample draft (header table, a body of about
// three pages with lists, a table, links and a figure) to a file.
func BenchmarkExport(b *testing.B) {
	d := loadSample(b)
	p := profile(b)
	dir := b.TempDir()
	opt := Options{BaseDir: d.ImageDir(samplePath), Now: when, Overwrite: true}
	for b.Loop() {
		if _, err := Export(&d.Contribution, p, dir, opt); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExportInMemory is BenchmarkExport without the file system:
// building the document and its zip in memory (the rest of an export is
// the temp file, fsync and rename).
func BenchmarkExportInMemory(b *testing.B) {
	d := loadSample(b)
	p := profile(b)
	opt := docx.WriteOptions{BaseDir: d.ImageDir(samplePath), Now: when}
	for b.Loop() {
		if err := docx.Write(io.Discard, &d.Contribution, p, opt); err != nil {
			b.Fatal(err)
		}
	}
}

// TestPDF converts the sample twice at the same time: each run has its own
// LibreOffice profile, so neither waits for nor breaks the other.
func TestPDF(t *testing.T) {
	if _, ok := SofficePath(); !ok {
		t.Skip("soffice not on PATH: " + PDFHint)
	}
	if testing.Short() {
		t.Skip("-short: LibreOffice takes seconds")
	}
	d := loadSample(t)
	p := profile(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	dirs := []string{t.TempDir(), t.TempDir()}
	errs := make(chan error, len(dirs))
	for _, dir := range dirs {
		go func() {
			path, err := Export(&d.Contribution, p, dir, Options{BaseDir: d.ImageDir(samplePath), Now: when})
			if err == nil {
				_, err = PDF(ctx, path, dir)
			}
			errs <- err
		}()
	}
	for range dirs {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	for _, dir := range dirs {
		pdf, err := os.ReadFile(filepath.Join(dir, "innovation-i-0012.pdf"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
			t.Errorf("%s: not a PDF", dir)
		}
		entries, _ := os.ReadDir(dir)
		if len(entries) != 2 {
			t.Errorf("%s holds %v, want the .docx and the .pdf only", dir, entries)
		}
	}
}

func TestPDFTimeout(t *testing.T) {
	if _, ok := SofficePath(); !ok {
		t.Skip("soffice not on PATH")
	}
	dir := t.TempDir()
	path, err := Export(&contribution.Model{Number: "0001"}, profile(t), dir, Options{Now: when})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	_, err = PDF(ctx, path, dir)
	if err == nil || !strings.Contains(err.Error(), "did not finish") {
		t.Fatalf("err = %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("a cancelled conversion left %v", entries)
	}
}
