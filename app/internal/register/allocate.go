package register

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/fgdesk/fgdesk/app/internal/contribution"
	"github.com/fgdesk/fgdesk/app/internal/meeting"
)

// Field length limits; longer input is refused, not truncated.
const (
	MaxTitle = 1000 // runes
	MaxText  = 4000 // runes: notes, reasons
	MaxEmail = 254
)

// Request is what a number request carries: the data TSB records when it
// allocates a number.
type Request struct {
	Title   string // required
	Source  string // organization(s) submitting
	Email   string // contact e-mail of the requester (optional)
	Type    string // input (default), output, temporary, liaison
	Purpose string // discussion, information, decision or empty
	Notes   string
	// RequestedAt is when the request e-mail arrived; zero means now.
	RequestedAt time.Time
}

// Series returns the register series of a profile: documents.series, or
// the naming pattern's prefix without its trailing separator.
func Series(p *meeting.Profile) string {
	if s := strings.TrimSpace(p.Documents.Series); s != "" {
		return s
	}
	return strings.TrimRight(p.Prefix(), "-_.")
}

// MaxNumber returns the largest number the profile's pattern can hold
// (9999 for nnnn).
func MaxNumber(p *meeting.Profile) int {
	m := 1
	for range p.Digits() {
		m *= 10
	}
	return m - 1
}

// NameOf returns the canonical base name of a number, e.g. innovation-i-0007.
func NameOf(p *meeting.Profile, number int) string {
	return p.BaseName(FormatNumber(number, p.Digits()))
}

// cleanLine collapses white space (CR and LF included) to single spaces.
func cleanLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// cleanText keeps line breaks but drops other control characters and
// trailing space.
func cleanText(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

func (q *Request) clean(titleRequired bool) error {
	q.Title, q.Source = cleanLine(q.Title), cleanLine(q.Source)
	q.Email = cleanLine(q.Email)
	q.Notes = cleanText(q.Notes)
	if titleRequired && q.Title == "" {
		return fmt.Errorf("%w: the title is required", ErrInvalid)
	}
	if utf8.RuneCountInString(q.Title) > MaxTitle || utf8.RuneCountInString(q.Source) > MaxTitle {
		return fmt.Errorf("%w: title or source longer than %d characters", ErrInvalid, MaxTitle)
	}
	if utf8.RuneCountInString(q.Notes) > MaxText {
		return fmt.Errorf("%w: notes longer than %d characters", ErrInvalid, MaxText)
	}
	if q.Email != "" {
		if err := checkEmail(q.Email); err != nil {
			return err
		}
	}
	t, err := normType(q.Type)
	if err != nil {
		return err
	}
	q.Type = t
	pu, err := normPurpose(q.Purpose)
	if err != nil {
		return err
	}
	q.Purpose = pu
	return nil
}

func checkEmail(s string) error {
	if len(s) > MaxEmail {
		return fmt.Errorf("%w: e-mail address longer than %d characters", ErrInvalid, MaxEmail)
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s || !strings.Contains(a.Address, "@") {
		return fmt.Errorf("%w: %q is not a plain e-mail address (want name@example.org)", ErrInvalid, s)
	}
	return nil
}

func normType(s string) (string, error) {
	s = strings.ToLower(cleanLine(s))
	if s == "" {
		return string(contribution.Input), nil
	}
	if t := contribution.TypeFromLabel(s); t != "" {
		return string(t), nil
	}
	s = strings.TrimSuffix(strings.TrimSuffix(s, " document"), " statement")
	if contribution.Type(s).Valid() {
		return s, nil
	}
	return "", fmt.Errorf("%w: unknown document type %q (want input, output, temporary or liaison)", ErrInvalid, s)
}

func normPurpose(s string) (string, error) {
	s = cleanLine(s)
	if s == "" {
		return "", nil
	}
	if p := contribution.PurposeFromLabel(s); p != "" {
		return string(p), nil
	}
	return "", fmt.Errorf("%w: unknown purpose %q (want discussion, information or decision)", ErrInvalid, s)
}

// details renders event details as a compact JSON object (sorted keys).
func details(kv ...string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			m[kv[i]] = kv[i+1]
		}
	}
	if len(m) == 0 {
		return ""
	}
	b, _ := json.Marshal(m)
	return string(b)
}

// SyncMeeting records (or refreshes) a meeting profile in the register: its
// series, number width, meeting folder, time zone and deadline, which
// receipts and filing use later. Allocate and Reserve do it themselves;
// call it when a screen or command opens the register for a profile whose
// deadline may have changed.
func (r *Register) SyncMeeting(ctx context.Context, p *meeting.Profile) error {
	return r.write(ctx, "record meeting", func(tx *Tx) error { return r.ensureMeeting(ctx, tx, p) })
}

func (r *Register) ensureMeeting(ctx context.Context, tx queryer, p *meeting.Profile) error {
	if p == nil {
		return fmt.Errorf("%w: no meeting profile", ErrInvalid)
	}
	series := Series(p)
	if series == "" {
		return fmt.Errorf("%w: meeting profile %s has no numbering series", ErrInvalid, p.ID)
	}
	// The same series must keep its width: numbers are unique per series.
	var other string
	var digits int
	err := tx.QueryRowContext(ctx, "SELECT id, digits FROM meetings WHERE series = ? AND digits <> ? LIMIT 1", series, p.Digits()).Scan(&other, &digits)
	if err == nil {
		return fmt.Errorf("%w: meeting %s numbers series %s with %d digits but meeting %s uses %d", ErrInvalid, p.ID, series, p.Digits(), other, digits)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	tz := "UTC"
	if p.Location() != nil {
		tz = p.Location().String()
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO meetings(id, name, series, digits, folder, timezone, deadline, updated_at)
		VALUES (?,?,?,?,?,?,?,?)
		ON CONFLICT(id) DO UPDATE SET name = excluded.name, series = excluded.series, digits = excluded.digits,
			folder = excluded.folder, timezone = excluded.timezone, deadline = excluded.deadline, updated_at = excluded.updated_at
		WHERE meetings.name IS DISTINCT FROM excluded.name OR meetings.series IS DISTINCT FROM excluded.series OR meetings.digits IS DISTINCT FROM excluded.digits
			OR meetings.folder IS DISTINCT FROM excluded.folder OR meetings.timezone IS DISTINCT FROM excluded.timezone OR meetings.deadline IS DISTINCT FROM excluded.deadline`,
		p.ID, p.Name, series, p.Digits(), p.FTP.MeetingFolder, tz, fmtTime(p.Deadline()), fmtTime(r.now()))
	return err
}

// nextFree returns the lowest number of the series not in use, so that a
// number reserved ahead (e.g. 0100 for the meeting report) or released
// does not leave a gap in the list.
func nextFree(ctx context.Context, tx queryer, series string) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT CASE
		WHEN NOT EXISTS (SELECT 1 FROM documents WHERE series = ? AND number = 1) THEN 1
		ELSE (SELECT min(d.number) + 1 FROM documents d WHERE d.series = ?
			AND NOT EXISTS (SELECT 1 FROM documents e WHERE e.series = d.series AND e.number = d.number + 1))
		END`, series, series).Scan(&n)
	return n, err
}

// Allocate gives the next free number of the profile's series to a request
// and returns the new document (status allocated). The read of the next
// free number and the insert run in one BEGIN IMMEDIATE transaction, and
// UNIQUE(series, number) backs it, so concurrent windows and processes
// never get the same number.
func (r *Register) Allocate(ctx context.Context, p *meeting.Profile, req Request) (Document, error) {
	if err := req.clean(true); err != nil {
		return Document{}, err
	}
	var d Document
	err := r.write(ctx, "allocate", func(tx *Tx) error {
		if err := r.ensureMeeting(ctx, tx, p); err != nil {
			return err
		}
		n, err := nextFree(ctx, tx, Series(p))
		if err != nil {
			return err
		}
		if n > MaxNumber(p) {
			return fmt.Errorf("%w: %s has all %d numbers in use", ErrSeriesFull, Series(p), MaxNumber(p))
		}
		d, err = r.insertDoc(ctx, tx, p, n, req, "allocate")
		return err
	})
	return d, err
}

// Reserve allocates a specific number (ErrTaken if it is in use).
func (r *Register) Reserve(ctx context.Context, p *meeting.Profile, number int, req Request) (Document, error) {
	if err := req.clean(true); err != nil {
		return Document{}, err
	}
	if number < 1 || number > MaxNumber(p) {
		return Document{}, fmt.Errorf("%w: number %d is outside 1..%d", ErrInvalid, number, MaxNumber(p))
	}
	var d Document
	err := r.write(ctx, "reserve", func(tx *Tx) error {
		if err := r.ensureMeeting(ctx, tx, p); err != nil {
			return err
		}
		if old, err := getDoc(ctx, tx, Series(p), number); err == nil {
			return fmt.Errorf("%s: %w (%s, %q)", old.Name, ErrTaken, old.Status, old.Title)
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
		var err error
		d, err = r.insertDoc(ctx, tx, p, number, req, "reserve")
		return err
	})
	return d, err
}

func (r *Register) insertDoc(ctx context.Context, tx queryer, p *meeting.Profile, n int, req Request, action string) (Document, error) {
	now := r.now()
	reqAt := req.RequestedAt
	if reqAt.IsZero() {
		reqAt = now
	}
	series, name := Series(p), NameOf(p, n)
	_, err := tx.ExecContext(ctx, `INSERT INTO documents(meeting, series, number, name, type, title, source, email, purpose,
		requested_at, allocated_at, status, notes, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		p.ID, series, n, name, req.Type, req.Title, req.Source, req.Email, req.Purpose,
		fmtTime(reqAt), fmtTime(now), string(StatusAllocated), req.Notes, fmtTime(now))
	if err != nil {
		if isUnique(err) { // the last line of defence
			return Document{}, fmt.Errorf("%s: %w", name, ErrTaken)
		}
		return Document{}, err
	}
	if err := r.logEvent(ctx, tx, action, series, n, name, details("title", req.Title, "source", req.Source, "email", req.Email, "meeting", p.ID)); err != nil {
		return Document{}, err
	}
	return getDoc(ctx, tx, series, n)
}

// Release frees a number that was allocated but never used (no file
// received): the row goes, the event log keeps the allocation and the
// release, and the number can be allocated again.
func (r *Register) Release(ctx context.Context, series string, number int, reason string) error {
	return r.write(ctx, "release", func(tx *Tx) error {
		d, err := getDoc(ctx, tx, series, number)
		if err != nil {
			return err
		}
		if d.Status != StatusAllocated || d.Received() || d.Replaces != "" || d.ReplacedBy != "" {
			return fmt.Errorf("%s: %w (%s): withdraw it instead", d.Name, ErrInUse, d.Status)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM documents WHERE id = ?", d.ID); err != nil {
			return err
		}
		return r.logEvent(ctx, tx, "release", series, number, d.Name, details("title", d.Title, "reason", cleanText(reason)))
	})
}

// Edit changes a document's descriptive fields; nil fields stay.
type Edit struct {
	Title, Source, Email, Type, Purpose, Notes *string
}

// Update applies an Edit and records which fields changed.
func (r *Register) Update(ctx context.Context, series string, number int, e Edit) (Document, error) {
	var d Document
	err := r.write(ctx, "update", func(tx *Tx) error {
		old, err := getDoc(ctx, tx, series, number)
		if err != nil {
			return err
		}
		q := Request{Title: old.Title, Source: old.Source, Email: old.Email, Type: old.Type, Purpose: old.Purpose, Notes: old.Notes}
		for _, f := range []struct {
			dst *string
			src *string
		}{{&q.Title, e.Title}, {&q.Source, e.Source}, {&q.Email, e.Email}, {&q.Type, e.Type}, {&q.Purpose, e.Purpose}, {&q.Notes, e.Notes}} {
			if f.src != nil {
				*f.dst = *f.src
			}
		}
		if err := q.clean(true); err != nil {
			return err
		}
		changes := diffFields(old, q)
		if len(changes) == 0 {
			d = old
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE documents SET title = ?, source = ?, email = ?, type = ?, purpose = ?, notes = ?, updated_at = ? WHERE id = ?`,
			q.Title, q.Source, q.Email, q.Type, q.Purpose, q.Notes, fmtTime(r.now()), old.ID); err != nil {
			return err
		}
		if err := r.logEvent(ctx, tx, "edit", series, number, old.Name, details(changes...)); err != nil {
			return err
		}
		d, err = getDoc(ctx, tx, series, number)
		return err
	})
	return d, err
}

// diffFields lists field/new-value pairs that differ between d and q.
func diffFields(d Document, q Request) []string {
	var out []string
	add := func(name, old, new string) {
		if old != new {
			if new == "" {
				new = "(cleared)"
			}
			out = append(out, name, new)
		}
	}
	add("title", d.Title, q.Title)
	add("source", d.Source, q.Source)
	add("email", d.Email, q.Email)
	add("type", d.Type, q.Type)
	add("purpose", d.Purpose, q.Purpose)
	add("notes", d.Notes, q.Notes)
	return out
}
