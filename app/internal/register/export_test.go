package register

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// sample fills a register with one document in each interesting state.
func sample(t testing.TB, open opener) (*Register, []Document) {
	t.Helper()
	c := &clock{t: geneva("2012-03-01 10:00")}
	r, _ := open(t, Options{Now: c.Now})
	p := profile(t)
	s := "innovation-i"
	titles := []string{
		"Innovation <script>alert(1)</script> & standards",
		"Late contribution",
		"Withdrawn one",
		"Rejected one",
		"Superseded one",
		"Replacement",
		"Still allocated “quoted” Zoë",
	}
	for _, title := range titles {
		if _, err := r.Allocate(ctx, p, Request{Title: title, Source: "Org \"A\" <b>", Email: "a@example.org", Purpose: "discussion"}); err != nil {
			t.Fatal(err)
		}
	}
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(r.Receive(ctx, ReceiptInput{Series: s, Number: 1, Name: "innovation-i-0001.docx", SHA256: sum([]byte("1")), Size: 1000, ReceivedAt: geneva("2012-03-10 12:00"), Verdict: "pass"}))
	must(r.Receive(ctx, ReceiptInput{Series: s, Number: 2, Name: "innovation-i-0002.docx", SHA256: sum([]byte("2")), Size: 2000, ReceivedAt: geneva("2012-03-13 09:15"), Verdict: "warning"}))
	must(r.Withdraw(ctx, s, 3, "author"))
	must(r.Receive(ctx, ReceiptInput{Series: s, Number: 4, Name: "innovation-i-0004.pdf", SHA256: sum([]byte("4")), Size: 4000, ReceivedAt: geneva("2012-03-11 12:00")}))
	must(r.Reject(ctx, s, 4, "not the FG template"))
	o, n, err := r.Supersede(ctx, s, 5, 6)
	must(o, err)
	_ = n
	docs, err := r.Documents(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	return r, docs
}

func exportOpts() ExportOptions {
	loc, _ := time.LoadLocation("Europe/Zurich")
	return ExportOptions{Title: "FG Innovation: list of documents", Location: loc, Created: time.Date(2012, 3, 14, 8, 0, 0, 0, time.UTC), LinkBase: "http://ifa.itu.int/t/fg/innovation/docs/1203-gva/in/"}
}

func TestXLSXExport(t *testing.T) {
	eachEngine(t, func(t *testing.T, open opener) {
		_, docs := sample(t, open)
		var buf bytes.Buffer
		if err := WriteXLSX(&buf, docs, exportOpts()); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if l := f.GetSheetList(); len(l) != 1 || l[0] != "Documents" {
			t.Fatalf("sheets %v", l)
		}
		tables, err := f.GetTables("Documents")
		if err != nil || len(tables) != 1 || tables[0].Range != fmt.Sprintf("A1:U%d", len(docs)+1) {
			t.Fatalf("tables %+v %v", tables, err)
		}
		panes, _ := f.GetPanes("Documents")
		if !panes.Freeze || panes.YSplit != 1 {
			t.Fatalf("panes %+v", panes)
		}
		dvs, _ := f.GetDataValidations("Documents")
		if len(dvs) != 1 || !strings.Contains(dvs[0].Formula1, "superseded") || dvs[0].Sqref != fmt.Sprintf("G2:G%d", len(docs)+1) {
			t.Fatalf("validation %+v", dvs)
		}
		cfs, _ := f.GetConditionalFormats("Documents")
		if len(cfs) != 1 {
			t.Fatalf("conditional formats %+v", cfs)
		}
		for _, c := range cfs {
			if len(c) != 1 || c[0].Type != "formula" || c[0].Criteria != `$J2="yes"` {
				t.Fatalf("cf %+v", c)
			}
		}
		props, _ := f.GetDocProps()
		if props.Title != "FG Innovation: list of documents" || props.Creator != "FG Desk" || !strings.HasPrefix(props.Created, "2012-03-14T08:00:00") {
			t.Fatalf("props %+v", props)
		}
		if h, _ := f.GetCellValue("Documents", "F1"); h != "Received (Europe/Zurich)" {
			t.Fatalf("header %q", h)
		}
		// Row 3 is innovation-i-0002, late, received 2012-03-13 09:15 Geneva.
		if v, _ := f.GetCellValue("Documents", "A3"); v != "innovation-i-0002" {
			t.Fatalf("A3 %q", v)
		}
		if v, _ := f.GetCellValue("Documents", "F3"); v != "2012-03-13 09:15" {
			t.Fatalf("formatted date %q", v)
		}
		raw, _ := f.GetCellValue("Documents", "F3", excelize.Options{RawCellValue: true})
		if !strings.HasPrefix(raw, "40981.38") {
			t.Fatalf("date serial %q", raw)
		}
		if v, _ := f.GetCellValue("Documents", "J3"); v != "yes" {
			t.Fatalf("late flag %q", v)
		}
		if v, _ := f.GetCellValue("Documents", "B2"); v != docs[0].Title {
			t.Fatalf("title %q", v)
		}
		// Empty register: a valid file with an empty table row.
		buf.Reset()
		if err := WriteXLSX(&buf, nil, ExportOptions{}); err != nil {
			t.Fatal(err)
		}
	})
}

func TestSaveXLSXBesideLockFile(t *testing.T) {
	_, docs := sample(t, open)
	dir := t.TempDir()
	target := filepath.Join(dir, "list.xlsx")
	s, err := SaveXLSX(target, docs, exportOpts())
	if err != nil || s.Moved() || s.Path != target || s.Message() != "wrote "+target {
		t.Fatalf("plain save %+v %v", s, err)
	}
	// Excel has it open.
	os.WriteFile(filepath.Join(dir, "~$list.xlsx"), []byte("lock"), 0o644)
	before, _ := os.ReadFile(target)
	s, err = SaveXLSX(target, docs, exportOpts())
	if err != nil || !s.Moved() || s.Path != filepath.Join(dir, "list (1).xlsx") {
		t.Fatalf("locked save %+v %v", s, err)
	}
	if !strings.Contains(s.Message(), "is open in a spreadsheet program (lock file ~$list.xlsx); wrote "+s.Path+" instead") {
		t.Fatalf("message %q", s.Message())
	}
	if after, _ := os.ReadFile(target); !bytes.Equal(before, after) {
		t.Fatal("the open file was overwritten")
	}
	// Again: (1) exists, so (2); a LibreOffice lock counts too.
	os.WriteFile(filepath.Join(dir, ".~lock.list (2).xlsx#"), nil, 0o644)
	s, _ = SaveXLSX(target, docs, exportOpts())
	if s.Path != filepath.Join(dir, "list (3).xlsx") {
		t.Fatalf("third save %s", s.Path)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, ".*.part")); len(m) != 0 {
		t.Fatalf("temp files left %v", m)
	}
}

func TestHTMLExport(t *testing.T) {
	eachEngine(t, func(t *testing.T, open opener) {
		r, docs := sample(t, open)
		// Accept number 1 so it links.
		root := t.TempDir()
		src := filepath.Join(t.TempDir(), "innovation-i-0001.docx")
		os.WriteFile(src, []byte("1"), 0o644)
		if _, err := r.Accept(ctx, AcceptInput{Series: "innovation-i", Number: 1, Path: src, Root: root}); err != nil {
			t.Fatal(err)
		}
		docs, _ = r.Documents(ctx, Filter{})
		var buf bytes.Buffer
		if err := WriteHTML(&buf, docs, exportOpts()); err != nil {
			t.Fatal(err)
		}
		h := buf.String()
		for _, want := range []string{
			"<title>FG Innovation: list of documents</title>",
			"Innovation &lt;script&gt;alert(1)&lt;/script&gt; &amp; standards",
			"Org &#34;A&#34; &lt;b&gt;",
			`<tr class="late"><td class="num" data-sort="000000000002">innovation-i-0002</td>`,
			`<a href="http://ifa.itu.int/t/fg/innovation/docs/1203-gva/in/innovation-i-0001.docx">innovation-i-0001</a>`,
			"rejected: not the FG template",
			"<td>innovation-i-0006</td>",
			"2012-03-13 09:15",
			"addEventListener(\"click\"",
			"Dates in Europe/Zurich",
			"Zoë",
		} {
			if !strings.Contains(h, want) {
				t.Errorf("HTML lacks %q", want)
			}
		}
		if strings.Contains(h, "<script>alert") || strings.Contains(h, "<link") || strings.Contains(h, "src=") {
			t.Error("HTML has unescaped script or an outside resource")
		}
		out := filepath.Join(t.TempDir(), "list.html")
		if s, err := SaveHTML(out, docs, exportOpts()); err != nil || s.Moved() {
			t.Fatal(err)
		}
	})
}

// TestXLSXOpensInLibreOffice converts the export to CSV with LibreOffice
// Calc headless and checks the rows.
func TestXLSXOpensInLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice (LibreOffice) is not installed")
	}
	if testing.Short() {
		t.Skip("slow: runs LibreOffice")
	}
	_, docs := sample(t, open)
	dir := t.TempDir()
	x := filepath.Join(dir, "list.xlsx")
	if _, err := SaveXLSX(x, docs, exportOpts()); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "csv")
	profileDir := filepath.Join(t.TempDir(), "lo-profile")
	cctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(cctx, soffice, "-env:UserInstallation=file://"+filepath.ToSlash(profileDir), "--headless", "--norestore",
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", out, x)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	f, err := os.Open(filepath.Join(out, "list.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != len(docs)+1 {
		t.Fatalf("%d CSV rows, want %d", len(recs), len(docs)+1)
	}
	if recs[0][0] != "Number" || recs[0][5] != "Received (Europe/Zurich)" {
		t.Fatalf("header %v", recs[0])
	}
	for i, d := range docs {
		row := recs[i+1]
		if row[0] != d.Name || row[1] != d.Title || row[6] != string(d.Status) {
			t.Errorf("row %d: %v, want %s %q %s", i+1, row[:7], d.Name, d.Title, d.Status)
		}
	}
	if recs[2][5] != "2012-03-13 09:15" || recs[2][9] != "yes" {
		t.Errorf("late row: %v", recs[2])
	}
}
