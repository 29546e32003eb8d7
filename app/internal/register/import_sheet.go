package register

// Import, step 1: reading the sheet of an imported register workbook into
// raw rows of cell texts keyed by column name.

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// rawRow is one sheet row as cell texts keyed by column name.
type rawRow struct {
	row   int
	cells map[string]string
}

// headerAliases maps lower-case headers (without a "(zone)" suffix) to
// the export's column names; 3GPP-style names are accepted too.
var headerAliases = map[string]string{
	"tdoc": "Number", "document": "Number", "doc": "Number", "name": "Number", "no.": "Number",
	"for": "Purpose", "e-mail": "Contact e-mail", "email": "Contact e-mail", "contact": "Contact e-mail",
	"sha256": "SHA-256", "rev": "Revision", "rev.": "Revision", "comment": "Notes", "comments": "Notes",
	"received at": "Received", "allocated at": "Allocated", "requested at": "Requested", "replaced-by": "Replaced by",
}

// readSheet opens the workbook with tight limits and returns its data
// rows, the sheet name, the time zone named in the date headers (or def).
func readSheet(path, sheet string, def *time.Location) ([]rawRow, string, *time.Location, []string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, "", nil, nil, fmt.Errorf("import %s: %w", path, err)
	}
	if !fi.Mode().IsRegular() {
		return nil, "", nil, nil, fmt.Errorf("import %s: not a regular file", path)
	}
	if fi.Size() > MaxImportFile {
		return nil, "", nil, nil, fmt.Errorf("import %s: %d bytes, more than the %d a register workbook may have", path, fi.Size(), MaxImportFile)
	}
	f, err := excelize.OpenFile(path, excelize.Options{UnzipSizeLimit: MaxImportUnzip, UnzipXMLSizeLimit: MaxImportXMLPart})
	if err != nil {
		return nil, "", nil, nil, fmt.Errorf("import %s: not a readable xlsx workbook: %s", path, oneLine(err.Error()))
	}
	defer f.Close()
	return sheetRows(f, path, sheet, def)
}

func sheetRows(f *excelize.File, path, sheet string, def *time.Location) (out []rawRow, name string, zone *time.Location, notes []string, err error) {
	defer func() {
		// excelize on hostile input: never let a panic escape.
		if p := recover(); p != nil {
			out, err = nil, fmt.Errorf("import %s: malformed workbook (%v)", path, p)
		}
	}()
	list := f.GetSheetList()
	if len(list) == 0 {
		return nil, "", nil, nil, fmt.Errorf("import %s: the workbook has no sheet", path)
	}
	name = list[0]
	if sheet == "" {
		for _, s := range list {
			if s == sheetName {
				name = s
			}
		}
	} else {
		name = ""
		for _, s := range list {
			if s == sheet {
				name = s
			}
		}
		if name == "" {
			return nil, "", nil, nil, fmt.Errorf("import %s: no sheet %q (sheets: %s)", path, sheet, strings.Join(list, ", "))
		}
	}
	it, err := f.Rows(name)
	if err != nil {
		return nil, name, nil, nil, fmt.Errorf("import %s: sheet %s: %s", path, name, oneLine(err.Error()))
	}
	defer it.Close()
	var header []string
	zone = def
	if zone == nil {
		zone = time.UTC
	}
	rowNum := 0
	for it.Next() {
		rowNum++
		cols, err := it.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, name, nil, nil, fmt.Errorf("import %s: sheet %s row %d: %s", path, name, rowNum, oneLine(err.Error()))
		}
		if header == nil {
			if allEmpty(cols) {
				continue
			}
			header, zone, notes, err = mapHeader(cols, zone)
			if err != nil {
				return nil, name, nil, nil, fmt.Errorf("import %s: sheet %s row %d: %w", path, name, rowNum, err)
			}
			continue
		}
		if allEmpty(cols) {
			continue
		}
		if len(out) >= MaxImportRows {
			return nil, name, nil, nil, fmt.Errorf("import %s: sheet %s has more than %d rows", path, name, MaxImportRows)
		}
		cells := map[string]string{}
		for i, c := range cols {
			if i < len(header) && header[i] != "" {
				cells[header[i]] = strings.TrimSpace(c)
			}
		}
		out = append(out, rawRow{row: rowNum, cells: cells})
	}
	if header == nil {
		return nil, name, nil, nil, fmt.Errorf("import %s: sheet %s is empty", path, name)
	}
	return out, name, zone, notes, nil
}

func allEmpty(cols []string) bool {
	for _, c := range cols {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// mapHeader maps header cells to column names and reads the zone named in
// a date header ("Received (Europe/Zurich)").
func mapHeader(cols []string, zone *time.Location) ([]string, *time.Location, []string, error) {
	known := map[string]bool{}
	for _, c := range columns {
		known[c.header] = true
	}
	var notes []string
	header := make([]string, len(cols))
	used := map[string]bool{}
	for i, c := range cols {
		h := strings.TrimSpace(c)
		z := ""
		if j := strings.LastIndex(h, "("); j > 0 && strings.HasSuffix(h, ")") {
			h, z = strings.TrimSpace(h[:j]), h[j+1:len(h)-1]
		}
		canon := ""
		for k := range known {
			if strings.EqualFold(k, h) {
				canon = k
			}
		}
		if canon == "" {
			canon = headerAliases[strings.ToLower(h)]
		}
		if canon == "" {
			if strings.TrimSpace(c) != "" {
				notes = append(notes, fmt.Sprintf("column %q ignored", c))
			}
			continue
		}
		if used[canon] {
			return nil, nil, nil, fmt.Errorf("two columns are %q", canon)
		}
		used[canon] = true
		header[i] = canon
		if dateColumns[canon] && z != "" {
			loc, err := time.LoadLocation(z)
			if err != nil {
				return nil, nil, nil, fmt.Errorf("column %q: unknown time zone %q", c, z)
			}
			zone = loc
		}
	}
	if !used["Number"] || !used["Title"] {
		return nil, nil, nil, errors.New("the header row needs at least the columns Number and Title")
	}
	return header, zone, notes, nil
}
