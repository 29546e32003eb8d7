package register

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/fgdesk/fgdesk/app/internal/meeting"
)

// Status is where a document stands in the register.
type Status string

// Statuses, in the order a document usually moves through them.
const (
	StatusAllocated  Status = "allocated"  // number given, no file yet
	StatusReceived   Status = "received"   // file recorded, deadline unknown
	StatusOnTime     Status = "on time"    // file recorded before the deadline
	StatusLate       Status = "late"       // file recorded after the deadline
	StatusAccepted   Status = "accepted"   // copied to the meeting's folder
	StatusRejected   Status = "rejected"   // refused, with a reason; the number stays
	StatusWithdrawn  Status = "withdrawn"  // the author withdrew it
	StatusSuperseded Status = "superseded" // replaced by another document
)

// Statuses lists every status in workflow order (the xlsx dropdown, the
// GUI's filter).
var Statuses = []Status{StatusAllocated, StatusReceived, StatusOnTime, StatusLate, StatusAccepted, StatusRejected, StatusWithdrawn, StatusSuperseded}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	for _, k := range Statuses {
		if s == k {
			return true
		}
	}
	return false
}

// ParseStatus reads a status by name, any case, "ontime"/"on-time" too.
func ParseStatus(s string) (Status, error) {
	n := strings.ToLower(strings.Join(strings.Fields(strings.NewReplacer("-", " ", "_", " ").Replace(s)), " "))
	if n == "ontime" {
		n = "on time"
	}
	if st := Status(n); st.Valid() {
		return st, nil
	}
	return "", fmt.Errorf("%w: unknown status %q (want one of %s)", ErrInvalid, s, statusList())
}

func statusList() string {
	var b []string
	for _, s := range Statuses {
		b = append(b, string(s))
	}
	return strings.Join(b, ", ")
}

// received reports whether a file has been recorded for the status.
func (s Status) received() bool {
	switch s {
	case StatusReceived, StatusOnTime, StatusLate, StatusAccepted, StatusRejected:
		return true
	}
	return false
}

// Document is one row of the register.
type Document struct {
	ID      int64  `json:"id"`
	Meeting string `json:"meeting"` // meeting profile ID
	Series  string `json:"series"`  // e.g. "innovation-i"
	Number  int    `json:"number"`  // 7
	Name    string `json:"name"`    // canonical base name, "innovation-i-0007"

	Type    string `json:"type"`    // input, output, temporary, liaison
	Title   string `json:"title"`   // as allocated
	Source  string `json:"source"`  // as allocated
	Email   string `json:"email"`   // contact e-mail of the requester
	Purpose string `json:"purpose"` // discussion, information, decision

	RequestedAt time.Time `json:"requested_at,omitzero"` // when the request e-mail came
	AllocatedAt time.Time `json:"allocated_at"`
	ReceivedAt  time.Time `json:"received_at,omitzero"` // latest receipt
	AcceptedAt  time.Time `json:"accepted_at,omitzero"`

	FileName string `json:"file_name,omitempty"` // latest received file, base name
	SHA256   string `json:"sha256,omitempty"`    // hex
	Size     int64  `json:"size,omitempty"`

	Status       Status    `json:"status"`
	Late         bool      `json:"late,omitempty"`     // the latest receipt missed the deadline
	Revision     int       `json:"revision,omitempty"` // 0 for the first file, then 1, 2, ...
	Replaces     string    `json:"replaces,omitempty"` // name of the document this one replaces
	ReplacedBy   string    `json:"replaced_by,omitempty"`
	Verdict      string    `json:"verdict,omitempty"` // the checker's verdict at receipt: pass, info, warning, error
	RejectReason string    `json:"reject_reason,omitempty"`
	Notes        string    `json:"notes,omitempty"`
	FiledAs      string    `json:"filed_as,omitempty"` // path of the accepted copy
	UpdatedAt    time.Time `json:"updated_at"`
}

// Received reports whether a file has been recorded for the document.
func (d Document) Received() bool { return !d.ReceivedAt.IsZero() }

// FormatNumber zero-pads a number to digits: FormatNumber(7, 4) is "0007".
func FormatNumber(n, digits int) string {
	s := strconv.Itoa(n)
	if len(s) < digits {
		s = strings.Repeat("0", digits-len(s)) + s
	}
	return s
}

// ParseNumber reads a document number written as digits ("0007", "7").
func ParseNumber(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 9 {
		return 0, fmt.Errorf("%w: document number %q: want 1 to 9 digits", ErrInvalid, s)
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, fmt.Errorf("%w: document number %q: want digits only", ErrInvalid, s)
		}
	}
	n, _ := strconv.Atoi(s)
	if n == 0 {
		return 0, fmt.Errorf("%w: document number %q: numbers start at 1", ErrInvalid, s)
	}
	return n, nil
}

// NumberOf reads a document number as people and files write it: "7",
// "0007", "innovation-i-0007", or a file name carrying it
// ("innovation-i-0007.docx", "Innovation_I-0007 (2).DOCX").
func NumberOf(p *meeting.Profile, s string) (int, error) {
	s = strings.TrimSpace(s)
	if n, err := ParseNumber(s); err == nil {
		return n, nil
	}
	base := filepath.Base(s)
	if n, _, ok := p.ParseName(base); ok {
		return ParseNumber(n)
	}
	if n, _, ok := p.ParseName(strings.ToLower(base) + ".x"); ok {
		return ParseNumber(n)
	}
	if n, ok := p.FindNumber(base); ok {
		return ParseNumber(n)
	}
	return 0, fmt.Errorf("%w: %q is not a document number (want e.g. 7, 0007 or %s)", ErrInvalid, s, NameOf(p, 7))
}

// timeLayout stores instants as fixed-width UTC text, so that they sort.
const timeLayout = "2006-01-02T15:04:05.000000Z"

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

func parseTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		t, _ = time.Parse(time.RFC3339Nano, s)
	}
	return t
}

const docColumns = `id, meeting, series, number, name, type, title, source, email, purpose,
	requested_at, allocated_at, received_at, accepted_at, file_name, sha256, size,
	status, late, revision, replaces, replaced_by, verdict, reject_reason, notes, filed_as, updated_at`

type scanner interface{ Scan(dest ...any) error }

func scanDoc(s scanner) (Document, error) {
	var d Document
	var req, alloc, recv, acc, upd, status string
	var late int
	err := s.Scan(&d.ID, &d.Meeting, &d.Series, &d.Number, &d.Name, &d.Type, &d.Title, &d.Source, &d.Email, &d.Purpose,
		&req, &alloc, &recv, &acc, &d.FileName, &d.SHA256, &d.Size,
		&status, &late, &d.Revision, &d.Replaces, &d.ReplacedBy, &d.Verdict, &d.RejectReason, &d.Notes, &d.FiledAs, &upd)
	if err != nil {
		return d, err
	}
	d.RequestedAt, d.AllocatedAt, d.ReceivedAt, d.AcceptedAt, d.UpdatedAt = parseTime(req), parseTime(alloc), parseTime(recv), parseTime(acc), parseTime(upd)
	d.Status = Status(status)
	d.Late = late != 0
	return d, nil
}

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func getDoc(ctx context.Context, q queryer, series string, number int) (Document, error) {
	d, err := scanDoc(q.QueryRowContext(ctx, "SELECT "+docColumns+" FROM documents WHERE series = ? AND number = ?", series, number))
	if errors.Is(err, sql.ErrNoRows) {
		return d, fmt.Errorf("%s number %d: %w", series, number, ErrNotFound)
	}
	return d, err
}

// Document returns one document by series and number (ErrNotFound if
// absent).
func (r *Register) Document(ctx context.Context, series string, number int) (Document, error) {
	d, err := getDoc(ctx, r.db, series, number)
	return d, r.wrap("read", err)
}

// Filter selects documents for Documents. The zero value selects all.
type Filter struct {
	Meeting string   // meeting profile ID; empty: all meetings
	Series  string   // empty: all series
	Status  []Status // empty: any status
	Late    bool     // only documents whose latest receipt was late
	Text    string   // case-insensitive substring of name, title, source or file name
}

// Documents lists documents by series and number.
func (r *Register) Documents(ctx context.Context, f Filter) ([]Document, error) {
	var where []string
	var args []any
	if f.Meeting != "" {
		where = append(where, "meeting = ?")
		args = append(args, f.Meeting)
	}
	if f.Series != "" {
		where = append(where, "series = ?")
		args = append(args, f.Series)
	}
	if len(f.Status) > 0 {
		ph := make([]string, len(f.Status))
		for i, s := range f.Status {
			ph[i] = "?"
			args = append(args, string(s))
		}
		where = append(where, "status IN ("+strings.Join(ph, ",")+")")
	}
	if f.Late {
		where = append(where, "late = 1")
	}
	if t := strings.TrimSpace(f.Text); t != "" {
		where = append(where, "(instr(lower(name), lower(?)) > 0 OR instr(lower(title), lower(?)) > 0 OR instr(lower(source), lower(?)) > 0 OR instr(lower(file_name), lower(?)) > 0)")
		args = append(args, t, t, t, t)
	}
	q := "SELECT " + docColumns + " FROM documents"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY series, number"
	rows, err := r.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, r.wrap("list", err)
	}
	defer rows.Close()
	var out []Document
	for rows.Next() {
		d, err := scanDoc(rows)
		if err != nil {
			return nil, r.wrap("list", err)
		}
		out = append(out, d)
	}
	return out, r.wrap("list", rows.Err())
}

// Event is one line of the append-only event log.
type Event struct {
	ID       int64     `json:"id"`
	At       time.Time `json:"at"`
	Who      string    `json:"who"`
	Action   string    `json:"action"` // allocate, reserve, release, receive, revise, refuse, accept, reject, withdraw, supersede, import, note
	Series   string    `json:"series,omitempty"`
	Number   int       `json:"number,omitempty"`
	Document string    `json:"document,omitempty"` // name, e.g. innovation-i-0007
	Details  string    `json:"details,omitempty"`
	Host     string    `json:"host,omitempty"` // the client machine
}

// By names who acted, with the client host when known: "alice@laptop-3".
func (e Event) By() string {
	if e.Host == "" {
		return e.Who
	}
	return e.Who + "@" + e.Host
}

// Events returns the event log, oldest first: of one document when series
// is not empty (and number > 0), else all of it.
func (r *Register) Events(ctx context.Context, series string, number int) ([]Event, error) {
	q := "SELECT id, at, who, action, series, number, document, details, host FROM events"
	var args []any
	if series != "" {
		q += " WHERE series = ?"
		args = append(args, series)
		if number > 0 {
			q += " AND number = ?"
			args = append(args, number)
		}
	}
	q += " ORDER BY id"
	rows, err := r.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, r.wrap("read events", err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		var at string
		if err := rows.Scan(&e.ID, &at, &e.Who, &e.Action, &e.Series, &e.Number, &e.Document, &e.Details, &e.Host); err != nil {
			return nil, r.wrap("read events", err)
		}
		e.At = parseTime(at)
		out = append(out, e)
	}
	return out, r.wrap("read events", rows.Err())
}

// logEvent appends an event inside tx.
// On a server the change is also announced on NotifyChannel when the
// transaction commits.
func (r *Register) logEvent(ctx context.Context, tx queryer, action, series string, number int, name, details string) error {
	token := ""
	if t, ok := tx.(*Tx); ok {
		token = t.token
		t.notify = append(t.notify, Change{Action: action, Series: series, Number: number, Who: r.opt.Who, Host: r.opt.Host, tx: token}.payload())
	}
	_, err := tx.ExecContext(ctx, "INSERT INTO events(at, who, action, series, number, document, details, host, txid) VALUES (?,?,?,?,?,?,?,?,?)",
		fmtTime(r.now()), r.opt.Who, action, series, number, name, details, r.opt.Host, token)
	return err
}
