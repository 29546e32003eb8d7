package register

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/fgdesk/fgdesk/app/internal/meeting"
)

// Limits for an imported workbook: it comes from outside (a spreadsheet
// passed around by e-mail) and is opened with tight unzip limits.
const (
	MaxImportFile    = 16 << 20 // bytes on disk
	MaxImportUnzip   = 16 << 20 // excelize UnzipSizeLimit
	MaxImportXMLPart = 8 << 20  // excelize UnzipXMLSizeLimit
	MaxImportRows    = 20000
)

// ImportOptions configures ImportXLSX.
type ImportOptions struct {
	// Profile is the meeting the rows belong to: it gives the series, the
	// number width, the deadline and the time zone. Required.
	Profile *meeting.Profile
	// DryRun reports what would happen and writes nothing.
	DryRun bool
	// Sheet to read; empty means "Documents", else the first sheet.
	Sheet string
}

// ImportAction is what the import does with one row.
type ImportAction string

// Import actions.
const (
	ImportAdd       ImportAction = "add"       // a number the register does not have
	ImportChange    ImportAction = "change"    // descriptive fields differ: the sheet's are taken
	ImportUnchanged ImportAction = "unchanged" // nothing to take
	ImportRefuse    ImportAction = "refuse"    // the row is invalid: nothing taken
)

// ImportRow is the outcome for one sheet row.
type ImportRow struct {
	Row     int          `json:"row"`            // 1-based row in the sheet
	Name    string       `json:"name,omitempty"` // canonical name when the number was valid
	Action  ImportAction `json:"action"`
	Reason  string       `json:"reason,omitempty"`  // why refused
	Changes []string     `json:"changes,omitempty"` // field: old → new
	Notes   []string     `json:"notes,omitempty"`   // kept values, corrections
}

// ImportReport is the result of an import or of its dry run.
type ImportReport struct {
	File      string      `json:"file"`
	Sheet     string      `json:"sheet"`
	DryRun    bool        `json:"dry_run"`
	Rows      []ImportRow `json:"rows"`
	Notes     []string    `json:"notes,omitempty"` // about the whole sheet (ignored columns, ...)
	Added     int         `json:"added"`
	Changed   int         `json:"changed"`
	Unchanged int         `json:"unchanged"`
	Refused   int         `json:"refused"`
}

// WriteText prints the report, one line per row that is not unchanged,
// then the totals.
func (rep ImportReport) WriteText(w io.Writer) error {
	verb := "imported"
	if rep.DryRun {
		verb = "dry run, nothing written"
	}
	fmt.Fprintf(w, "%s, sheet %s (%s)\n", rep.File, rep.Sheet, verb)
	for _, n := range rep.Notes {
		fmt.Fprintf(w, "  note: %s\n", n)
	}
	for _, r := range rep.Rows {
		if r.Action == ImportUnchanged && len(r.Notes) == 0 {
			continue
		}
		name := r.Name
		if name == "" {
			name = "-"
		}
		line := fmt.Sprintf("  row %d %s %s", r.Row, r.Action, name)
		if r.Reason != "" {
			line += ": " + r.Reason
		}
		if len(r.Changes) > 0 {
			line += ": " + strings.Join(r.Changes, "; ")
		}
		fmt.Fprintln(w, line)
		for _, n := range r.Notes {
			fmt.Fprintf(w, "      %s\n", n)
		}
	}
	_, err := fmt.Fprintf(w, "%d to add, %d to change, %d unchanged, %d refused\n", rep.Added, rep.Changed, rep.Unchanged, rep.Refused)
	return err
}

// importedRow is a validated sheet row.
type importedRow struct {
	row                              int
	number                           int
	name                             string
	title, source, email, typ, purp  string
	notes                            string
	status                           Status
	requested, allocated, received   time.Time
	fileName, sha                    string
	size                             int64
	revision                         int
	replaces, replacedBy, rejectWhy  string
	verdict                          string
	hasStatus, hasTitle, hasSource   bool
	hasEmail, hasType, hasPurp, hasN bool
	warnings                         []string
}

// ImportXLSX reads a register workbook (the layout WriteXLSX produces; the
// Number and Title columns are required, others optional, matched by
// header) and merges it into the register in one transaction, or only
// reports with DryRun.
//
// Nothing in the sheet is trusted blindly: every row is validated (number
// format and series, range, duplicates in the sheet, dates that parse and
// are plausible, known status, e-mail, SHA-256) and refused whole when
// something is wrong. New numbers are added with the sheet's data, the
// on-time/late status recomputed from the received date and the meeting's
// deadline. For numbers the register has, only descriptive fields (title,
// source, contact e-mail, type, purpose, notes) are taken; status, dates
// and file data stay the register's, and a difference is noted.
func (r *Register) ImportXLSX(ctx context.Context, path string, opt ImportOptions) (ImportReport, error) {
	rep := ImportReport{File: path, DryRun: opt.DryRun}
	p := opt.Profile
	if p == nil {
		return rep, fmt.Errorf("%w: import %s: no meeting profile", ErrInvalid, path)
	}
	rows, sheet, zone, notes, err := readSheet(path, opt.Sheet, p.Location())
	if err != nil {
		return rep, err
	}
	rep.Sheet, rep.Notes = sheet, notes
	parsed := make([]*importedRow, len(rows))
	// Validate every row on its own.
	for i, raw := range rows {
		ir, err := parseImportRow(raw, p, zone, r.now())
		res := ImportRow{Row: raw.row}
		if ir != nil {
			res.Name = ir.name
			res.Notes = ir.warnings
		}
		if err != nil {
			res.Action, res.Reason = ImportRefuse, err.Error()
		}
		rep.Rows = append(rep.Rows, res)
		if err == nil {
			parsed[i] = ir
		}
	}
	// Duplicates within the sheet: refuse every occurrence.
	seen := map[int][]int{}
	for i, ir := range parsed {
		if ir != nil {
			seen[ir.number] = append(seen[ir.number], i)
		}
	}
	for _, idx := range seen {
		if len(idx) < 2 {
			continue
		}
		var at []string
		for _, i := range idx {
			at = append(at, strconv.Itoa(rep.Rows[i].Row))
		}
		for _, i := range idx {
			parsed[i] = nil
			rep.Rows[i].Action = ImportRefuse
			rep.Rows[i].Reason = "the number appears in several rows (" + strings.Join(at, ", ") + ")"
		}
	}
	series := Series(p)
	apply := func(tx queryer) error {
		if !opt.DryRun {
			if err := r.ensureMeeting(ctx, tx, p); err != nil {
				return err
			}
		}
		deadline := p.Deadline()
		for i, ir := range parsed {
			if ir == nil {
				continue
			}
			res := &rep.Rows[i]
			old, err := getDoc(ctx, tx, series, ir.number)
			switch {
			case errors.Is(err, ErrNotFound):
				res.Action = ImportAdd
				res.Notes = append(res.Notes, ir.fixStatus(deadline)...)
				if !opt.DryRun {
					if err := r.importInsert(ctx, tx, p, ir); err != nil {
						return fmt.Errorf("row %d: %w", ir.row, err)
					}
				}
			case err != nil:
				return err
			default:
				var notes []string
				res.Changes, notes = ir.diff(old)
				res.Notes = append(res.Notes, notes...)
				res.Action = ImportUnchanged
				if len(res.Changes) > 0 {
					res.Action = ImportChange
					if !opt.DryRun {
						if err := r.importUpdate(ctx, tx, old, ir, res.Changes); err != nil {
							return fmt.Errorf("row %d: %w", ir.row, err)
						}
					}
				}
			}
		}
		return nil
	}
	if opt.DryRun {
		err = apply(r.db)
	} else {
		err = r.write(ctx, "import", func(tx *Tx) error { return apply(tx) })
	}
	if err != nil {
		return rep, r.wrap("import", err)
	}
	for _, row := range rep.Rows {
		switch row.Action {
		case ImportAdd:
			rep.Added++
		case ImportChange:
			rep.Changed++
		case ImportUnchanged:
			rep.Unchanged++
		case ImportRefuse:
			rep.Refused++
		}
	}
	return rep, nil
}

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

// Plausible dates: a register entry cannot predate this, nor lie more
// than a day in the future.
var minImportDate = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// parseImportDate reads a date cell: an Excel serial number (a real date
// cell, read raw) in zone, or ISO 8601 text ("2012-03-12", "2012-03-12
// 14:30", with an optional zone offset). Other spellings (12/03/2012) are
// refused as ambiguous.
func parseImportDate(s string, zone *time.Location, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	var t time.Time
	if v, err := strconv.ParseFloat(s, 64); err == nil {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 1 || v > 2958465 {
			return time.Time{}, fmt.Errorf("date %q is not a plausible date", s)
		}
		n, err := excelize.ExcelDateToTime(v, false)
		if err != nil {
			return time.Time{}, fmt.Errorf("date %q: %v", s, err)
		}
		n = n.Round(time.Second)
		t = time.Date(n.Year(), n.Month(), n.Day(), n.Hour(), n.Minute(), n.Second(), 0, zone)
	} else {
		ok := false
		for _, l := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02"} {
			var err error
			if strings.Contains(l, "Z07") {
				t, err = time.Parse(l, s)
			} else {
				t, err = time.ParseInLocation(l, s, zone)
			}
			if err == nil {
				ok = true
				break
			}
		}
		if !ok {
			return time.Time{}, fmt.Errorf("date %q: write it as a date cell or as 2012-03-12 14:30", s)
		}
	}
	if t.Before(minImportDate) || t.After(now.Add(24*time.Hour)) {
		return time.Time{}, fmt.Errorf("date %q is outside %s..%s", s, minImportDate.Format("2006-01-02"), now.Add(24*time.Hour).Format("2006-01-02"))
	}
	return t.UTC(), nil
}

// parseImportNumber reads the Number cell: the canonical name
// (innovation-i-0007, any case, an extension tolerated) or the digits.
func parseImportNumber(s string, p *meeting.Profile) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errors.New("no number")
	}
	digits := s
	if !isAllDigits(s) {
		low := strings.ToLower(s)
		n, _, ok := p.ParseName(low)
		if !ok {
			n, _, ok = p.ParseName(low + ".x")
		}
		if !ok {
			return 0, fmt.Errorf("number %q is not a %s name (%s)", s, Series(p), p.Documents.Pattern)
		}
		digits = n
	}
	if len(digits) > p.Digits() {
		return 0, fmt.Errorf("number %q has more than %d digits", s, p.Digits())
	}
	n, err := ParseNumber(digits)
	if err != nil {
		return 0, fmt.Errorf("number %q: numbers run from 1 to %d", s, MaxNumber(p))
	}
	return n, nil
}

func isAllDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// parseImportRow validates one row; the returned row is nil only when the
// number itself is unusable.
func parseImportRow(raw rawRow, p *meeting.Profile, zone *time.Location, now time.Time) (*importedRow, error) {
	c := raw.cells
	n, err := parseImportNumber(c["Number"], p)
	if err != nil {
		return nil, err
	}
	ir := &importedRow{row: raw.row, number: n, name: NameOf(p, n)}
	if m := c["Meeting"]; m != "" && m != p.ID {
		return ir, fmt.Errorf("the row belongs to meeting %s, not %s", m, p.ID)
	}
	_, ir.hasTitle = c["Title"]
	_, ir.hasSource = c["Source"]
	_, ir.hasEmail = c["Contact e-mail"]
	_, ir.hasType = c["Type"]
	_, ir.hasPurp = c["Purpose"]
	_, ir.hasN = c["Notes"]
	q := Request{Title: c["Title"], Source: c["Source"], Email: c["Contact e-mail"], Type: c["Type"], Purpose: c["Purpose"], Notes: c["Notes"]}
	if err := q.clean(true); err != nil {
		return ir, errors.New(strings.TrimPrefix(err.Error(), ErrInvalid.Error()+": "))
	}
	ir.title, ir.source, ir.email, ir.typ, ir.purp, ir.notes = q.Title, q.Source, q.Email, q.Type, q.Purpose, q.Notes
	ir.status = StatusAllocated
	if s, ok := c["Status"]; ok && s != "" {
		ir.hasStatus = true
		st, err := ParseStatus(s)
		if err != nil {
			return ir, fmt.Errorf("unknown status %q", s)
		}
		ir.status = st
	}
	for _, d := range []struct {
		col string
		dst *time.Time
	}{{"Requested", &ir.requested}, {"Allocated", &ir.allocated}, {"Received", &ir.received}} {
		t, err := parseImportDate(c[d.col], zone, now)
		if err != nil {
			return ir, fmt.Errorf("%s: %v", d.col, err)
		}
		*d.dst = t
	}
	// Out-of-order dates are suspicious, not impossible (a register
	// back-filled, a past meeting replayed): noted, not refused.
	if !ir.allocated.IsZero() && !ir.received.IsZero() && ir.received.Before(ir.allocated) {
		ir.warnings = append(ir.warnings, "the Received date is before the Allocated date")
	}
	if !ir.requested.IsZero() && !ir.allocated.IsZero() && ir.allocated.Before(ir.requested) {
		ir.warnings = append(ir.warnings, "the Allocated date is before the Requested date")
	}
	if ir.status.received() && ir.received.IsZero() {
		return ir, fmt.Errorf("status %s needs a Received date", ir.status)
	}
	if !ir.received.IsZero() && (ir.status == StatusAllocated) {
		return ir, errors.New("a Received date but status allocated")
	}
	ir.fileName = cleanLine(c["File name"])
	if utf8.RuneCountInString(ir.fileName) > 255 {
		return ir, errors.New("file name longer than 255 characters")
	}
	if sha := strings.ToLower(c["SHA-256"]); sha != "" {
		if b, err := hex.DecodeString(sha); err != nil || len(b) != 32 {
			return ir, fmt.Errorf("SHA-256 %q is not 64 hex digits", c["SHA-256"])
		}
		ir.sha = sha
	}
	if s := c["Size"]; s != "" {
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil || v < 0 {
			return ir, fmt.Errorf("size %q is not a number of bytes", s)
		}
		ir.size = v
	}
	if s := c["Revision"]; s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 0 || v > 99 {
			return ir, fmt.Errorf("revision %q is not a number 0..99", s)
		}
		ir.revision = v
	}
	for _, ref := range []struct {
		col string
		dst *string
	}{{"Replaces", &ir.replaces}, {"Replaced by", &ir.replacedBy}} {
		if s := c[ref.col]; s != "" {
			m, err := parseImportNumber(s, p)
			if err != nil {
				return ir, fmt.Errorf("%s: %v", ref.col, err)
			}
			if m == n {
				return ir, fmt.Errorf("%s: a document cannot refer to itself", ref.col)
			}
			*ref.dst = NameOf(p, m)
		}
	}
	if ir.replacedBy != "" && ir.status != StatusSuperseded {
		return ir, fmt.Errorf("replaced by %s but status %s (want superseded)", ir.replacedBy, ir.status)
	}
	if ir.status == StatusSuperseded && ir.replacedBy == "" {
		return ir, errors.New("status superseded needs Replaced by")
	}
	ir.rejectWhy = cleanText(c["Reject reason"])
	if ir.status == StatusRejected && ir.rejectWhy == "" {
		return ir, errors.New("status rejected needs a Reject reason")
	}
	if v := strings.ToLower(c["Verdict"]); v != "" {
		switch v {
		case "pass", "info", "warning", "error":
			ir.verdict = v
		default:
			return ir, fmt.Errorf("verdict %q (want pass, info, warning or error)", c["Verdict"])
		}
	}
	return ir, nil
}

// fixStatus recomputes on time / late from the received date (the sheet's
// word is not taken for it) and returns notes on corrections.
func (ir *importedRow) fixStatus(deadline time.Time) []string {
	if ir.received.IsZero() || deadline.IsZero() {
		return nil
	}
	late := ir.received.After(deadline)
	if ir.status == StatusOnTime || ir.status == StatusLate || ir.status == StatusReceived {
		want := StatusOnTime
		if late {
			want = StatusLate
		}
		if ir.status != want {
			note := fmt.Sprintf("status %s corrected to %s (received %s, deadline %s)", ir.status, want,
				ir.received.Format("2006-01-02 15:04 UTC"), deadline.UTC().Format("2006-01-02 15:04 UTC"))
			ir.status = want
			return []string{note}
		}
	}
	return nil
}

// diff lists the descriptive changes the sheet brings to an existing
// document and notes the differences the import does not take.
func (ir *importedRow) diff(d Document) (changes, notes []string) {
	ch := func(has bool, field, old, new string) {
		if has && old != new {
			changes = append(changes, fmt.Sprintf("%s: %q → %q", field, old, new))
		}
	}
	ch(ir.hasTitle, "title", d.Title, ir.title)
	ch(ir.hasSource, "source", d.Source, ir.source)
	ch(ir.hasEmail, "email", d.Email, ir.email)
	ch(ir.hasType, "type", d.Type, ir.typ)
	ch(ir.hasPurp, "purpose", d.Purpose, ir.purp)
	ch(ir.hasN, "notes", d.Notes, ir.notes)
	if ir.hasStatus && ir.status != d.Status {
		notes = append(notes, fmt.Sprintf("status in the sheet is %s, the register's %s is kept", ir.status, d.Status))
	}
	if !ir.received.IsZero() && !ir.received.Equal(d.ReceivedAt.Truncate(time.Second)) && !ir.received.Equal(d.ReceivedAt.Truncate(time.Minute)) {
		notes = append(notes, "the received date differs; the register's is kept")
	}
	if ir.sha != "" && ir.sha != d.SHA256 {
		notes = append(notes, "the SHA-256 differs; the register's is kept")
	}
	return changes, notes
}

func (r *Register) importInsert(ctx context.Context, tx queryer, p *meeting.Profile, ir *importedRow) error {
	now := r.now()
	alloc := ir.allocated
	if alloc.IsZero() {
		alloc = now
	}
	late := !ir.received.IsZero() && !p.Deadline().IsZero() && ir.received.After(p.Deadline())
	_, err := tx.ExecContext(ctx, `INSERT INTO documents(meeting, series, number, name, type, title, source, email, purpose,
		requested_at, allocated_at, received_at, file_name, sha256, size, status, late, revision, replaces, replaced_by,
		verdict, reject_reason, notes, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		p.ID, Series(p), ir.number, ir.name, ir.typ, ir.title, ir.source, ir.email, ir.purp,
		fmtTime(ir.requested), fmtTime(alloc), fmtTime(ir.received), ir.fileName, ir.sha, ir.size, string(ir.status), b2i(late),
		ir.revision, ir.replaces, ir.replacedBy, ir.verdict, ir.rejectWhy, ir.notes, fmtTime(now))
	if err != nil {
		if isUnique(err) {
			return fmt.Errorf("%s: %w", ir.name, ErrTaken)
		}
		return err
	}
	return r.logEvent(ctx, tx, "import", Series(p), ir.number, ir.name, details("row", strconv.Itoa(ir.row), "title", ir.title, "status", string(ir.status), "sha256", ir.sha))
}

func (r *Register) importUpdate(ctx context.Context, tx queryer, d Document, ir *importedRow, changes []string) error {
	set := func(has bool, old, new string) string {
		if has {
			return new
		}
		return old
	}
	_, err := tx.ExecContext(ctx, `UPDATE documents SET title = ?, source = ?, email = ?, type = ?, purpose = ?, notes = ?, updated_at = ? WHERE id = ?`,
		set(ir.hasTitle, d.Title, ir.title), set(ir.hasSource, d.Source, ir.source), set(ir.hasEmail, d.Email, ir.email),
		set(ir.hasType, d.Type, ir.typ), set(ir.hasPurp, d.Purpose, ir.purp), set(ir.hasN, d.Notes, ir.notes), fmtTime(r.now()), d.ID)
	if err != nil {
		return err
	}
	return r.logEvent(ctx, tx, "edit", d.Series, d.Number, d.Name, details("import_row", strconv.Itoa(ir.row), "changes", strings.Join(changes, "; ")))
}
