package register

// Import, step 2: parsing and validating one raw row (number, dates,
// status, e-mail, SHA-256) into an importedRow.

import (
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/fgdesk/fgdesk/app/internal/meeting"
)

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
