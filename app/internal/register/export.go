package register

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/fgdesk/fgdesk/app/internal/fsutil"
)

// ExportOptions describes a list of documents.
type ExportOptions struct {
	// Title is the list's title (document property, HTML heading), e.g.
	// "FG Innovation: list of documents"; empty gives a generic one.
	Title string
	// Location is the time zone dates are shown in (the meeting's; nil
	// means UTC). Its name is written in the date column headers.
	Location *time.Location
	// Creator is the document property "creator"; empty means "FG Desk".
	Creator string
	// Created is the document property "created"; zero means now.
	Created time.Time
	// LinkBase, when set, links accepted documents in the HTML list to
	// LinkBase + file name (e.g. the meeting's web folder).
	LinkBase string
}

func (o ExportOptions) loc() *time.Location {
	if o.Location == nil {
		return time.UTC
	}
	return o.Location
}

func (o ExportOptions) title() string {
	if o.Title == "" {
		return "List of documents"
	}
	return o.Title
}

// column is one column of the exported list; Import reads the same headers.
type column struct {
	header string
	width  float64
	value  func(d Document, loc *time.Location) any
}

const sheetName = "Documents"

// dateColumns hold real date cells; their headers name the time zone,
// e.g. "Received (Europe/Zurich)".
var dateColumns = map[string]bool{"Received": true, "Allocated": true, "Requested": true}

func dateValue(t time.Time, loc *time.Location) any {
	if t.IsZero() {
		return nil
	}
	// Excel dates carry no zone: write the wall-clock time of loc.
	l := t.In(loc)
	return time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), 0, time.UTC)
}

// columns in 3GPP TDoc-list order first (number, title, source, type,
// purpose, received, status, replaced-by), then the register's details.
var columns = []column{
	{"Number", 20, func(d Document, _ *time.Location) any { return d.Name }},
	{"Title", 60, func(d Document, _ *time.Location) any { return d.Title }},
	{"Source", 30, func(d Document, _ *time.Location) any { return d.Source }},
	{"Type", 11, func(d Document, _ *time.Location) any { return d.Type }},
	{"Purpose", 12, func(d Document, _ *time.Location) any { return d.Purpose }},
	{"Received", 17, func(d Document, loc *time.Location) any { return dateValue(d.ReceivedAt, loc) }},
	{"Status", 12, func(d Document, _ *time.Location) any { return string(d.Status) }},
	{"Replaced by", 20, func(d Document, _ *time.Location) any { return d.ReplacedBy }},
	{"Revision", 9, func(d Document, _ *time.Location) any { return d.Revision }},
	{"Late", 6, func(d Document, _ *time.Location) any {
		if d.Late {
			return "yes"
		}
		return ""
	}},
	{"Allocated", 17, func(d Document, loc *time.Location) any { return dateValue(d.AllocatedAt, loc) }},
	{"Requested", 17, func(d Document, loc *time.Location) any { return dateValue(d.RequestedAt, loc) }},
	{"Contact e-mail", 26, func(d Document, _ *time.Location) any { return d.Email }},
	{"File name", 26, func(d Document, _ *time.Location) any { return d.FileName }},
	{"Size", 10, func(d Document, _ *time.Location) any {
		if d.Size == 0 && !d.Received() {
			return nil
		}
		return d.Size
	}},
	{"SHA-256", 20, func(d Document, _ *time.Location) any { return d.SHA256 }},
	{"Replaces", 20, func(d Document, _ *time.Location) any { return d.Replaces }},
	{"Verdict", 9, func(d Document, _ *time.Location) any { return d.Verdict }},
	{"Reject reason", 30, func(d Document, _ *time.Location) any { return d.RejectReason }},
	{"Notes", 30, func(d Document, _ *time.Location) any { return d.Notes }},
	{"Meeting", 22, func(d Document, _ *time.Location) any { return d.Meeting }},
}

func colIndex(header string) int {
	for i, c := range columns {
		if c.header == header {
			return i
		}
	}
	panic("no column " + header)
}

func cellName(col, row int) string {
	n, _ := excelize.CoordinatesToCellName(col, row)
	return n
}

func colName(col int) string {
	n, _ := excelize.ColumnNumberToName(col)
	return n
}

// BuildXLSX returns the list of documents as an excelize workbook: one
// sheet "Documents" holding an Excel table over the data, the header row
// frozen, a status dropdown (data validation), late rows coloured
// (conditional formatting on the Late column), real date cells in the
// export's time zone, and title, creator and created properties. The
// caller closes it.
func BuildXLSX(docs []Document, opt ExportOptions) (*excelize.File, error) {
	f := excelize.NewFile()
	ok := false
	defer func() {
		if !ok {
			f.Close()
		}
	}()
	if err := f.SetSheetName("Sheet1", sheetName); err != nil {
		return nil, err
	}
	loc := opt.loc()
	headerStyle, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Vertical: "top"}})
	if err != nil {
		return nil, err
	}
	dateFmt := "yyyy-mm-dd hh:mm"
	dateStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt, Alignment: &excelize.Alignment{Vertical: "top"}})
	if err != nil {
		return nil, err
	}
	textStyle, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if err != nil {
		return nil, err
	}
	zone := loc.String()
	for i, c := range columns {
		h := c.header
		if dateColumns[h] {
			h += " (" + zone + ")"
		}
		if err := f.SetCellValue(sheetName, cellName(i+1, 1), h); err != nil {
			return nil, err
		}
		if err := f.SetColWidth(sheetName, colName(i+1), colName(i+1), c.width); err != nil {
			return nil, err
		}
	}
	if err := f.SetCellStyle(sheetName, "A1", cellName(len(columns), 1), headerStyle); err != nil {
		return nil, err
	}
	for r, d := range docs {
		row := r + 2
		vals := make([]any, len(columns))
		for i, c := range columns {
			vals[i] = c.value(d, loc)
		}
		if err := f.SetSheetRow(sheetName, cellName(1, row), &vals); err != nil {
			return nil, err
		}
	}
	last := max(len(docs)+1, 2) // a table needs one data row, even empty
	lastCol := colName(len(columns))
	if err := f.SetCellStyle(sheetName, "A2", cellName(len(columns), last), textStyle); err != nil {
		return nil, err
	}
	for h := range dateColumns {
		c := colName(colIndex(h) + 1)
		if err := f.SetCellStyle(sheetName, c+"2", c+strconv.Itoa(last), dateStyle); err != nil {
			return nil, err
		}
	}
	show := true
	if err := f.AddTable(sheetName, &excelize.Table{
		Range:          fmt.Sprintf("A1:%s%d", lastCol, last),
		Name:           "Documents",
		StyleName:      "TableStyleMedium2",
		ShowRowStripes: &show,
	}); err != nil {
		return nil, err
	}
	if err := f.SetPanes(sheetName, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return nil, err
	}
	// Status dropdown.
	dv := excelize.NewDataValidation(true)
	st := colName(colIndex("Status") + 1)
	dv.SetSqref(fmt.Sprintf("%s2:%s%d", st, st, last))
	names := make([]string, len(Statuses))
	for i, s := range Statuses {
		names[i] = string(s)
	}
	if err := dv.SetDropList(names); err != nil {
		return nil, err
	}
	dv.SetError(excelize.DataValidationErrorStyleStop, "Unknown status", "Pick one of: "+strings.Join(names, ", "))
	if err := f.AddDataValidation(sheetName, dv); err != nil {
		return nil, err
	}
	// Late rows in light red.
	lateFmt, err := f.NewConditionalStyle(&excelize.Style{
		Font: &excelize.Font{Color: "9C0006"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}},
	})
	if err != nil {
		return nil, err
	}
	lc := colName(colIndex("Late") + 1)
	if err := f.SetConditionalFormat(sheetName, fmt.Sprintf("A2:%s%d", lastCol, last), []excelize.ConditionalFormatOptions{
		{Type: "formula", Criteria: fmt.Sprintf(`$%s2="yes"`, lc), Format: &lateFmt},
	}); err != nil {
		return nil, err
	}
	created := opt.Created
	if created.IsZero() {
		created = time.Now()
	}
	creator := opt.Creator
	if creator == "" {
		creator = "FG Desk"
	}
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:          opt.title(),
		Subject:        "Register of documents",
		Creator:        creator,
		LastModifiedBy: creator,
		Created:        created.UTC().Format(time.RFC3339),
		Modified:       created.UTC().Format(time.RFC3339),
		Keywords:       "FG Desk; document register",
		Description:    fmt.Sprintf("%d documents; dates in %s", len(docs), zone),
	}); err != nil {
		return nil, err
	}
	ok = true
	return f, nil
}

// WriteXLSX writes the list of documents as xlsx to w (see BuildXLSX).
func WriteXLSX(w io.Writer, docs []Document, opt ExportOptions) error {
	f, err := BuildXLSX(docs, opt)
	if err != nil {
		return fmt.Errorf("build xlsx: %w", err)
	}
	defer f.Close()
	_, err = f.WriteTo(w)
	return err
}

// Saved says where an export was written.
type Saved struct {
	Path string // the file written
	// Requested is the path asked for; it differs from Path when that file
	// was open in a spreadsheet program (a lock file beside it).
	Requested string
	// LockFile is the lock file that made the export go elsewhere.
	LockFile string
}

// Moved reports whether the export went to another name than requested.
func (s Saved) Moved() bool { return s.Path != s.Requested }

// Message is one line for the user: where the list went and why.
func (s Saved) Message() string {
	if s.Moved() {
		return fmt.Sprintf("%s is open in a spreadsheet program (lock file %s); wrote %s instead",
			s.Requested, filepath.Base(s.LockFile), s.Path)
	}
	return "wrote " + s.Path
}

// lockFile returns the lock file a spreadsheet program keeps beside path
// while it has the file open (Excel "~$name", LibreOffice
// ".~lock.name#"), or "".
func lockFile(path string) string {
	dir, base := filepath.Split(path)
	for _, l := range []string{"~$" + base, ".~lock." + base + "#"} {
		if _, err := os.Lstat(filepath.Join(dir, l)); err == nil {
			return filepath.Join(dir, l)
		}
	}
	return ""
}

// freeName picks "name (1).xlsx", "name (2).xlsx"... beside path: the
// first that neither exists nor is locked.
func freeName(path string) (string, error) {
	ext := filepath.Ext(path)
	stem := strings.TrimSuffix(path, ext)
	for i := 1; i < 1000; i++ {
		p := fmt.Sprintf("%s (%d)%s", stem, i, ext)
		if _, err := os.Lstat(p); errors.Is(err, os.ErrNotExist) && lockFile(p) == "" {
			return p, nil
		}
	}
	return "", fmt.Errorf("no free name beside %s", path)
}

// SaveXLSX writes the list to path through a temporary file in the same
// folder (then rename). When a spreadsheet program has path open (its lock
// file is beside it), the list goes to "name (1).xlsx" instead and Saved
// says so, rather than failing or being lost.
func SaveXLSX(path string, docs []Document, opt ExportOptions) (Saved, error) {
	return saveBeside(path, func(w io.Writer) error { return WriteXLSX(w, docs, opt) })
}

// SaveHTML writes the HTML list to path through a temporary file (then
// rename), with the same lock-file care as SaveXLSX.
func SaveHTML(path string, docs []Document, opt ExportOptions) (Saved, error) {
	return saveBeside(path, func(w io.Writer) error { return WriteHTML(w, docs, opt) })
}

func saveBeside(path string, write func(io.Writer) error) (Saved, error) {
	s := Saved{Path: path, Requested: path}
	if l := lockFile(path); l != "" {
		p, err := freeName(path)
		if err != nil {
			return s, fmt.Errorf("export %s: open elsewhere (%s) and %w", path, filepath.Base(l), err)
		}
		s.Path, s.LockFile = p, l
	}
	if err := writeAtomic(s.Path, write); err != nil {
		return s, err
	}
	return s, nil
}

// writeAtomic writes a file through a temporary file in the same folder,
// synced, then renamed over the target.
func writeAtomic(path string, write func(io.Writer) error) error {
	return fsutil.WriteAtomic(path, fsutil.Overwrite, 0o644, write)
}
