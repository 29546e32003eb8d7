package register

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

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
	// NoBackup skips the backup an import takes before it writes.
	NoBackup bool
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
	Notes     []string    `json:"notes,omitempty"`  // about the whole sheet (ignored columns, ...)
	Backup    string      `json:"backup,omitempty"` // the backup taken before writing
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
	// Step 1: read the sheet.
	rows, sheet, zone, notes, err := readSheet(path, opt.Sheet, p.Location())
	if err != nil {
		return rep, err
	}
	rep.Sheet, rep.Notes = sheet, notes
	// Step 2: parse and validate every row, and refuse duplicates.
	parsed := r.parseRows(&rep, rows, p, zone)
	// Step 3: apply, after a backup, in one transaction (or only look,
	// for a dry run).
	if opt.DryRun {
		err = r.applyRows(ctx, r.db, &rep, parsed, p, true)
	} else {
		if !opt.NoBackup {
			if rep.Backup, err = r.Backup(""); err != nil {
				return rep, fmt.Errorf("import %s: backup before import: %w", path, err)
			}
		}
		err = r.write(ctx, "import", func(tx *Tx) error { return r.applyRows(ctx, tx, &rep, parsed, p, false) })
	}
	if err != nil {
		return rep, r.wrap("import", err)
	}
	rep.count()
	return rep, nil
}

// parseRows validates every row on its own (a refused row gets its
// reason in rep) and then refuses every occurrence of a number that
// appears in several rows. The result holds nil for refused rows.
func (r *Register) parseRows(rep *ImportReport, rows []rawRow, p *meeting.Profile, zone *time.Location) []*importedRow {
	parsed := make([]*importedRow, len(rows))
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
	return parsed
}

// applyRows compares each valid row with the register and adds or
// updates it (dry: only decides). It runs inside the import's
// transaction, so a failure leaves nothing of the import behind.
func (r *Register) applyRows(ctx context.Context, tx queryer, rep *ImportReport, parsed []*importedRow, p *meeting.Profile, dry bool) error {
	if !dry {
		if err := r.ensureMeeting(ctx, tx, p); err != nil {
			return err
		}
	}
	series, deadline := Series(p), p.Deadline()
	for i, ir := range parsed {
		if ir == nil {
			continue
		}
		res := &rep.Rows[i]
		res.Changes = nil
		res.Notes = ir.warnings
		old, err := getDoc(ctx, tx, series, ir.number)
		switch {
		case errors.Is(err, ErrNotFound):
			res.Action = ImportAdd
			res.Notes = append(slices.Clip(res.Notes), ir.fixStatus(deadline)...)
			if !dry {
				if err := r.importInsert(ctx, tx, p, ir); err != nil {
					return fmt.Errorf("row %d: %w", ir.row, err)
				}
			}
		case err != nil:
			return err
		default:
			var notes []string
			res.Changes, notes = ir.diff(old)
			res.Notes = append(slices.Clip(res.Notes), notes...)
			res.Action = ImportUnchanged
			if len(res.Changes) > 0 {
				res.Action = ImportChange
				if !dry {
					if err := r.importUpdate(ctx, tx, old, ir, res.Changes); err != nil {
						return fmt.Errorf("row %d: %w", ir.row, err)
					}
				}
			}
		}
	}
	return nil
}

// count fills the totals from the rows.
func (rep *ImportReport) count() {
	rep.Added, rep.Changed, rep.Unchanged, rep.Refused = 0, 0, 0, 0
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
