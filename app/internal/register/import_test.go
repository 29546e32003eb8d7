package register

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// writeSheet writes a workbook with the given rows (first row: header).
func writeSheet(t testing.TB, rows [][]any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "import.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestImportRoundTrip(t *testing.T) {
	eachEngine(t, func(t *testing.T, open opener) {
		src, docs := sample(t, open)
		path := filepath.Join(t.TempDir(), "list.xlsx")
		if _, err := SaveXLSX(path, docs, exportOpts()); err != nil {
			t.Fatal(err)
		}
		c := &clock{t: geneva("2012-03-20 10:00")}
		dst, _ := open(t, Options{Now: c.Now})
		p := profile(t)
		rep, err := dst.ImportXLSX(ctx, path, ImportOptions{Profile: p, DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Added != len(docs) || rep.Refused != 0 || rep.Sheet != "Documents" {
			var b bytes.Buffer
			rep.WriteText(&b)
			t.Fatalf("dry run:\n%s", b.String())
		}
		if got, _ := dst.Documents(ctx, Filter{}); len(got) != 0 {
			t.Fatal("dry run wrote")
		}
		rep, err = dst.ImportXLSX(ctx, path, ImportOptions{Profile: p})
		if err != nil || rep.Added != len(docs) {
			t.Fatalf("import %+v %v", rep, err)
		}
		got, _ := dst.Documents(ctx, Filter{})
		for i, d := range docs {
			g := got[i]
			if g.Name != d.Name || g.Title != d.Title || g.Source != d.Source || g.Status != d.Status || g.Late != d.Late ||
				g.SHA256 != d.SHA256 || g.Size != d.Size || g.ReplacedBy != d.ReplacedBy || g.Replaces != d.Replaces ||
				g.RejectReason != d.RejectReason || !g.ReceivedAt.Equal(d.ReceivedAt.Truncate(time.Second)) || g.Email != d.Email {
				t.Errorf("row %d:\n got  %+v\n want %+v", i, g, d)
			}
		}
		// The import backed up the register as it was (empty) first.
		if rep.Backup == "" {
			t.Fatal("no backup before import")
		}
		b, err := Open(rep.Backup, Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		if before, err := b.Documents(ctx, Filter{}); err != nil || len(before) != 0 {
			t.Errorf("backup before import holds %d documents: %v", len(before), err)
		}
		b.Close()
		// Importing the same list again changes nothing.
		rep, _ = dst.ImportXLSX(ctx, path, ImportOptions{Profile: p})
		if rep.Unchanged != len(docs) || rep.Added+rep.Changed+rep.Refused != 0 {
			t.Fatalf("re-import %+v", rep)
		}
		// The numbers continue after the imported ones.
		if d, err := dst.Allocate(ctx, p, Request{Title: "next"}); err != nil || d.Number != len(docs)+1 {
			t.Fatalf("next after import: %d %v", d.Number, err)
		}
		_ = src
	})
}

func TestImportValidation(t *testing.T) {
	eachEngine(t, func(t *testing.T, open opener) {
		c := &clock{t: geneva("2012-03-20 10:00")}
		r, _ := open(t, Options{Now: c.Now})
		p := profile(t)
		r.Allocate(ctx, p, Request{Title: "Existing", Source: "ITU", Email: "x@example.org"})
		r.Receive(ctx, ReceiptInput{Series: "innovation-i", Number: 1, Name: "a.docx", SHA256: sum([]byte("a")), ReceivedAt: geneva("2012-03-10 10:00")})
		deadlineSerial := 40980.999 // 2012-03-12 23:58:33.6, read as 23:58:34
		rows := [][]any{
			{"TDoc", "Title", "Source", "Status", "Received (Europe/Zurich)", "Contact e-mail", "Whatever"},
			{"innovation-i-0001", "Existing, new title", "ITU", "allocated", nil, "x@example.org", "ignored"}, // 2 change + status note
			{"0002", "Fine", "Org", "late", deadlineSerial, "", ""},                                           // 3 add, status corrected to on time
			{"innovation-i-0003", "Dup A", "", "", nil, "", ""},                                               // 4 refused (dup)
			{"3", "Dup B", "", "", nil, "", ""},                                                               // 5 refused (dup)
			{"innovation-x-0004", "Other series", "", "", nil, "", ""},                                        // 6
			{"12345", "Too long", "", "", nil, "", ""},                                                        // 7
			{"0", "Zero", "", "", nil, "", ""},                                                                // 8
			{"0008", "", "", "", nil, "", ""},                                                                 // 9 no title
			{"0009", "Bad status", "", "lost", nil, "", ""},                                                   // 10
			{"0010", "Bad date", "", "on time", "12/03/2012", "", ""},                                         // 11
			{"0011", "Future", "", "on time", "2031-01-01", "", ""},                                           // 12
			{"0012", "Ancient", "", "on time", 100.5, "", ""},                                                 // 13
			{"0013", "Received no date", "", "accepted", nil, "", ""},                                         // 14
			{"0014", "Bad mail", "", "", nil, "not mail", ""},                                                 // 15
			{"0015", "Date but allocated", "", "allocated", "2012-03-01 10:00", "", ""},                       // 16
			{"0016", "ISO ok", "", "received", "2012-03-14T10:00:00+01:00", "", ""},                           // 17 add, corrected to late
			{"=HYPERLINK(\"x\")", "Formula-looking", "", "", nil, "", ""},                                     // 18
		}
		// Out-of-order dates: noted, not refused.
		rows[0] = append(rows[0], "Allocated")
		for i := 1; i < len(rows); i++ {
			rows[i] = append(rows[i], nil)
		}
		rows[16][7] = "2012-03-15 10:00"
		path := writeSheet(t, rows)
		rep, err := r.ImportXLSX(ctx, path, ImportOptions{Profile: p, DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		rep.WriteText(&b)
		text := b.String()
		want := map[int]string{
			2: "change", 3: "add", 4: "refuse", 5: "refuse", 6: "refuse", 7: "refuse", 8: "refuse", 9: "refuse",
			10: "refuse", 11: "refuse", 12: "refuse", 13: "refuse", 14: "refuse", 15: "refuse", 16: "refuse", 17: "add", 18: "refuse",
		}
		if len(rep.Rows) != len(want) {
			t.Fatalf("%d rows reported:\n%s", len(rep.Rows), text)
		}
		for _, row := range rep.Rows {
			if string(row.Action) != want[row.Row] {
				t.Errorf("row %d: %s (%s), want %s", row.Row, row.Action, row.Reason, want[row.Row])
			}
		}
		for _, s := range []string{
			`note: column "Whatever" ignored`,
			`row 2 change innovation-i-0001: title: "Existing" → "Existing, new title"`,
			"status in the sheet is allocated, the register's on time is kept",
			"status late corrected to on time",
			"the number appears in several rows (4, 5)",
			`number "innovation-x-0004" is not a innovation-i name`,
			`number "12345" has more than 4 digits`,
			"the title is required",
			`unknown status "lost"`,
			`write it as a date cell or as 2012-03-12 14:30`,
			"is outside 2000-01-01",
			"status accepted needs a Received date",
			"is not a plain e-mail address",
			"a Received date but status allocated",
			"status received corrected to late",
			"the Received date is before the Allocated date",
			"2 to add, 1 to change, 0 unchanged, 14 refused",
			"(dry run, nothing written)",
		} {
			if !strings.Contains(text, s) {
				t.Errorf("report lacks %q:\n%s", s, text)
			}
		}
		// Apply: the valid rows only.
		rep, err = r.ImportXLSX(ctx, path, ImportOptions{Profile: p})
		if err != nil || rep.Added != 2 || rep.Changed != 1 {
			t.Fatalf("apply %+v %v", rep, err)
		}
		d, _ := r.Document(ctx, "innovation-i", 1)
		if d.Title != "Existing, new title" || d.Status != StatusOnTime {
			t.Fatalf("changed doc %+v", d)
		}
		d, _ = r.Document(ctx, "innovation-i", 2)
		if d.Status != StatusOnTime || d.Late || !d.ReceivedAt.Equal(time.Date(2012, 3, 12, 22, 58, 34, 0, time.UTC)) {
			t.Fatalf("added doc %+v", d)
		}
		evs, _ := r.Events(ctx, "innovation-i", 2)
		if len(evs) != 1 || evs[0].Action != "import" {
			t.Fatalf("events %+v", evs)
		}
	})
}

func TestImportBadFiles(t *testing.T) {
	r, _ := open(t, Options{})
	p := profile(t)
	dir := t.TempDir()
	notZip := filepath.Join(dir, "not.xlsx")
	os.WriteFile(notZip, []byte("hello"), 0o644)
	if _, err := r.ImportXLSX(ctx, notZip, ImportOptions{Profile: p}); err == nil || !strings.Contains(err.Error(), notZip) || strings.Contains(err.Error(), "\n") {
		t.Fatalf("not a zip: %v", err)
	}
	noHeader := writeSheet(t, [][]any{{"a", "b"}, {"1", "2"}})
	if _, err := r.ImportXLSX(ctx, noHeader, ImportOptions{Profile: p}); err == nil || !strings.Contains(err.Error(), "Number and Title") {
		t.Fatalf("no header: %v", err)
	}
	empty := writeSheet(t, nil)
	if _, err := r.ImportXLSX(ctx, empty, ImportOptions{Profile: p}); err == nil || !strings.Contains(err.Error(), "is empty") {
		t.Fatalf("empty: %v", err)
	}
	if _, err := r.ImportXLSX(ctx, empty, ImportOptions{}); err == nil {
		t.Fatal("no profile accepted")
	}
	if _, err := r.ImportXLSX(ctx, filepath.Join(dir, "missing.xlsx"), ImportOptions{Profile: p}); err == nil {
		t.Fatal("missing file accepted")
	}
	if _, err := r.ImportXLSX(ctx, noHeader, ImportOptions{Profile: p, Sheet: "Nope"}); err == nil || !strings.Contains(err.Error(), `no sheet "Nope"`) {
		t.Fatalf("sheet: %v", err)
	}
	// A zip bomb: parts inflating past the unzip limit (21 MB from a few KB).
	f := excelize.NewFile()
	sw, _ := f.NewStreamWriter("Sheet1")
	sw.SetRow("A1", []any{"Number", "Title"})
	pad := strings.Repeat("x", 30000)
	for i := 2; i < 700; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, i)
		sw.SetRow(cell, []any{"0001", pad})
	}
	sw.Flush()
	bomb := filepath.Join(dir, "bomb.xlsx")
	f.SaveAs(bomb)
	f.Close()
	if fi, _ := os.Stat(bomb); fi.Size() > 1<<20 {
		t.Fatalf("bomb is %d bytes on disk", fi.Size())
	}
	if _, err := r.ImportXLSX(ctx, bomb, ImportOptions{Profile: p, DryRun: true}); err == nil || !strings.Contains(err.Error(), bomb) {
		t.Fatalf("bomb: %v", err)
	} else {
		t.Log(err)
	}
}

func FuzzImportRow(f *testing.F) {
	f.Add("innovation-i-0007", "Title", "on time", "40981.5", "2012-03-01", "a@b.org", "0", "", "")
	f.Add("0007", "", "lost", "12/03/2012", "NaN", "x", "-1", "innovation-i-0007", "zz")
	f.Add("INNOVATION-I-0007.DOCX", "T", "superseded", "1e308", "", "", "", "0008", "")
	p := profile(f)
	now := time.Date(2012, 4, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, num, title, status, received, allocated, email, size, replacedBy, sha string) {
		raw := rawRow{row: 2, cells: map[string]string{"Number": num, "Title": title, "Status": status, "Received": received,
			"Allocated": allocated, "Contact e-mail": email, "Size": size, "Replaced by": replacedBy, "SHA-256": sha}}
		ir, err := parseImportRow(raw, p, time.UTC, now)
		if err != nil {
			return
		}
		if ir.number < 1 || ir.number > MaxNumber(p) || ir.title == "" || !ir.status.Valid() {
			t.Fatalf("accepted a bad row: %+v", ir)
		}
		for _, d := range []time.Time{ir.received, ir.allocated} {
			if !d.IsZero() && (d.Before(minImportDate) || d.After(now.Add(24*time.Hour))) {
				t.Fatalf("implausible date accepted: %v", d)
			}
		}
		if strings.ContainsAny(ir.title, "\r\n") || strings.ContainsAny(ir.email, "\r\n") {
			t.Fatalf("line break kept: %q %q", ir.title, ir.email)
		}
	})
}

func FuzzImportHeader(f *testing.F) {
	f.Add("Number", "Title", "Received (Europe/Zurich)")
	f.Add("TDoc", "title", "Allocated (Mars/Olympus)")
	f.Add("Number", "Number", "(")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		h, zone, _, err := mapHeader([]string{a, b, c}, time.UTC)
		if err != nil {
			return
		}
		if zone == nil || len(h) != 3 {
			t.Fatalf("header %v zone %v", h, zone)
		}
	})
}
