package check

import (
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/fgdesk/fgdesk/app/internal/finding"
	"github.com/fgdesk/fgdesk/app/internal/fsutil"
)

// severity fills, as Excel's own "bad / neutral / good" cell styles.
var severityFill = map[finding.Severity]struct{ fill, font string }{
	finding.Error:   {"#FFC7CE", "#9C0006"},
	finding.Warning: {"#FFEB9C", "#9C5700"},
	finding.Info:    {"#DDEBF7", "#1F4E78"},
	finding.None:    {"#C6EFCE", "#006100"},
}

// WriteXLSX writes the report as a workbook to path (temp file + rename):
// a "Summary" sheet with one row per file and a "Findings" sheet with one
// row per finding. Both are Excel tables (which carry their own filter
// buttons; no sheet AutoFilter is added over them), with a frozen header
// and the verdict or severity cell coloured.
func (r *Report) WriteXLSX(path string) error {
	return fsutil.WriteAtomic(path, fsutil.Overwrite, 0o644, func(w io.Writer) error {
		f, err := r.workbook()
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = f.WriteTo(w)
		return err
	})
}

func (r *Report) workbook() (*excelize.File, error) {
	f := excelize.NewFile()
	loc := r.location()
	styles := map[finding.Severity]int{}
	for sev, c := range severityFill {
		id, err := f.NewStyle(&excelize.Style{
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c.fill}},
			Font: &excelize.Font{Color: c.font, Bold: sev == finding.Error},
		})
		if err != nil {
			return nil, err
		}
		styles[sev] = id
	}
	custom := "yyyy-mm-dd hh:mm"
	dateStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &custom})
	if err != nil {
		return nil, err
	}

	const sum = "Summary"
	if err := f.SetSheetName("Sheet1", sum); err != nil {
		return nil, err
	}
	head := []any{"File", "Verdict", "Errors", "Warnings", "Late", "Received (" + loc.String() + ")", "Received from", "Number", "Title", "Source", "Type", "Size (bytes)", "Suggested name", "SHA-256"}
	if err := f.SetSheetRow(sum, "A1", &head); err != nil {
		return nil, err
	}
	for i, fr := range r.Files {
		row := i + 2
		late := "no"
		if fr.Late {
			late = "yes"
		}
		vals := []any{fr.Name, fr.Verdict.String(), fr.Counts.Errors, fr.Counts.Warnings, late, excelTime(fr.ReceivedAt, loc), fr.ReceivedFrom,
			fr.Number, fr.Title, fr.Source, string(fr.Kind), fr.Size, fr.SuggestedName, fr.SHA256}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		if err := f.SetSheetRow(sum, cell, &vals); err != nil {
			return nil, err
		}
		b, _ := excelize.CoordinatesToCellName(2, row)
		f.SetCellStyle(sum, b, b, styles[fr.Verdict])
		d, _ := excelize.CoordinatesToCellName(6, row)
		f.SetCellStyle(sum, d, d, dateStyle)
	}
	if err := table(f, sum, "FileResults", len(head), len(r.Files)); err != nil {
		return nil, err
	}
	widths := map[string]float64{"A": 34, "B": 10, "C": 8, "D": 10, "E": 7, "F": 18, "G": 16, "H": 9, "I": 48, "J": 28, "K": 9, "L": 12, "M": 28, "N": 66}
	for col, wd := range widths {
		f.SetColWidth(sum, col, col, wd)
	}
	// Facts of the run below the table.
	meta := [][]any{
		{"Meeting", r.Meeting},
		{"Deadline", excelTime(r.Deadline, loc)},
		{"Generated", excelTime(r.Generated, loc)},
		{"Files", r.Summary.Files},
		{"Pass", r.Summary.Passed},
		{"With warnings", r.Summary.Warnings},
		{"With errors", r.Summary.Errors},
		{"Late", r.Summary.Late},
	}
	if r.AsOf != nil {
		meta = append(meta, []any{"As of", excelTime(*r.AsOf, loc)})
	}
	start := len(r.Files) + 4
	for i, m := range meta {
		cell, _ := excelize.CoordinatesToCellName(1, start+i)
		if err := f.SetSheetRow(sum, cell, &m); err != nil {
			return nil, err
		}
		if t, ok := m[1].(time.Time); ok && !t.IsZero() {
			c, _ := excelize.CoordinatesToCellName(2, start+i)
			f.SetCellStyle(sum, c, c, dateStyle)
		}
	}

	const fnd = "Findings"
	if _, err := f.NewSheet(fnd); err != nil {
		return nil, err
	}
	fhead := []any{"File", "Severity", "Code", "Message", "Where", "Fix", "Citation"}
	if err := f.SetSheetRow(fnd, "A1", &fhead); err != nil {
		return nil, err
	}
	n := 0
	for _, fr := range r.Files {
		for _, fd := range fr.Findings {
			row := n + 2
			vals := []any{fr.Name, fd.Severity.String(), fd.Code, fd.Message, fd.Where, fd.Fix, fd.Cite}
			cell, _ := excelize.CoordinatesToCellName(1, row)
			if err := f.SetSheetRow(fnd, cell, &vals); err != nil {
				return nil, err
			}
			b, _ := excelize.CoordinatesToCellName(2, row)
			f.SetCellStyle(fnd, b, b, styles[fd.Severity])
			n++
		}
	}
	if err := table(f, fnd, "Findings", len(fhead), n); err != nil {
		return nil, err
	}
	for col, wd := range map[string]float64{"A": 34, "B": 10, "C": 24, "D": 90, "E": 28, "F": 50, "G": 40} {
		f.SetColWidth(fnd, col, col, wd)
	}
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:   "FG Desk check report: " + r.Meeting,
		Creator: r.Tool, LastModifiedBy: r.Tool,
		Created: r.Generated.Format(time.RFC3339), Modified: r.Generated.Format(time.RFC3339),
		Description: fmt.Sprintf("%d files checked against %s", r.Summary.Files, r.Meeting),
	}); err != nil {
		return nil, err
	}
	f.SetActiveSheet(0)
	return f, nil
}

// table turns the header and rows into an Excel table and freezes the
// header row. An empty table still gets one (blank) row: Excel rejects
// tables without data rows.
func table(f *excelize.File, sheet, name string, cols, rows int) error {
	last, _ := excelize.CoordinatesToCellName(cols, max(rows, 1)+1)
	show := true
	if err := f.AddTable(sheet, &excelize.Table{Range: "A1:" + last, Name: name, StyleName: "TableStyleLight9", ShowRowStripes: &show}); err != nil {
		return fmt.Errorf("table %s: %w", name, err)
	}
	return f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// excelTime converts an instant to a wall-clock time in loc for a date
// cell (Excel cells have no zone), or "" for the zero time.
func excelTime(t time.Time, loc *time.Location) any {
	if t.IsZero() {
		return ""
	}
	w := t.In(loc)
	return time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), 0, time.UTC)
}
