package register

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/fgdesk/fgdesk/app/internal/finding"
	"github.com/fgdesk/fgdesk/app/internal/meeting"
)

// ReceiptInput is one file arriving for a number.
type ReceiptInput struct {
	Series string // numbering series, e.g. "innovation-i" (register.Series(profile))
	Number int    // the number the file carries
	// Path is where the file was found (recorded in the event log); Name
	// is its base name, taken from Path when empty.
	Path string
	Name string
	// SHA256 is the hex SHA-256 of the whole file (required); Size its
	// length in bytes.
	SHA256 string
	Size   int64
	// ReceivedAt is when the file arrived (e.g. its time in the incoming
	// folder); zero means now.
	ReceivedAt time.Time
	// Verdict is the checker's worst severity for the file ("pass",
	// "info", "warning", "error"), or empty when not checked.
	Verdict string
	// Title and Source are what the file's header says; they are kept in
	// the event log for comparison with the allocation.
	Title, Source string
	// Revision is true when the sender marked the file as a revision of
	// one already received (then it does not count as a duplicate).
	Revision bool
}

// Receipt is the outcome of Receive.
type Receipt struct {
	Document Document // the row after the receipt
	// Unchanged is true when this very file (same SHA-256) was already
	// recorded: nothing was written (except a changed verdict).
	Unchanged bool
	// NewRevision is true when the receipt replaced an earlier file and
	// incremented Document.Revision.
	NewRevision bool
}

// Receive records that a file arrived for a number: its name, hash, size,
// time and the checker's verdict, and sets the status to on time or late
// against the meeting's deadline (received when the meeting has none).
//
// It refuses, with an event in the log and an error matching
// ErrNotAllocated, ErrClosed or ErrDuplicate, a file for a number never
// allocated, for a withdrawn or superseded document, or a different file
// for a number already received that is not marked as a revision. A
// different file for a rejected document counts as its corrected
// revision. Receiving the same file again changes nothing.
func (r *Register) Receive(ctx context.Context, in ReceiptInput) (Receipt, error) {
	if in.Name == "" {
		in.Name = filepath.Base(in.Path)
	}
	in.Name = cleanLine(in.Name)
	in.SHA256 = strings.ToLower(strings.TrimSpace(in.SHA256))
	if b, err := hex.DecodeString(in.SHA256); err != nil || len(b) != 32 {
		return Receipt{}, fmt.Errorf("%w: receipt of %s: SHA-256 %q is not 64 hex digits", ErrInvalid, in.Name, in.SHA256)
	}
	if in.Series == "" || in.Number < 1 {
		return Receipt{}, fmt.Errorf("%w: receipt of %s: no series or number", ErrInvalid, in.Name)
	}
	if in.Size < 0 {
		return Receipt{}, fmt.Errorf("%w: receipt of %s: negative size", ErrInvalid, in.Name)
	}
	at := in.ReceivedAt
	if at.IsZero() {
		at = r.now()
	}
	at = at.UTC()
	var out Receipt
	var refused error
	err := r.write(ctx, "receive", func(tx *Tx) error {
		refused = nil
		refuse := func(e error) error {
			refused = e
			return r.logEvent(ctx, tx, "refuse", in.Series, in.Number, in.Name, details(
				"file", in.Name, "path", in.Path, "sha256", in.SHA256, "reason", e.Error(),
				"title", cleanLine(in.Title), "source", cleanLine(in.Source)))
		}
		d, err := getDoc(ctx, tx, in.Series, in.Number)
		if errors.Is(err, ErrNotFound) {
			return refuse(fmt.Errorf("%s number %d: %w", in.Series, in.Number, ErrNotAllocated))
		}
		if err != nil {
			return err
		}
		if d.Status == StatusWithdrawn || d.Status == StatusSuperseded {
			msg := fmt.Errorf("%s: %w (%s)", d.Name, ErrClosed, d.Status)
			if d.ReplacedBy != "" {
				msg = fmt.Errorf("%s: %w (superseded by %s)", d.Name, ErrClosed, d.ReplacedBy)
			}
			return refuse(msg)
		}
		if d.Received() && d.SHA256 == in.SHA256 {
			out = Receipt{Document: d, Unchanged: true}
			if in.Verdict != "" && in.Verdict != d.Verdict {
				if _, err := tx.ExecContext(ctx, "UPDATE documents SET verdict = ?, updated_at = ? WHERE id = ?", in.Verdict, fmtTime(r.now()), d.ID); err != nil {
					return err
				}
				if err := r.logEvent(ctx, tx, "recheck", d.Series, d.Number, d.Name, details("file", in.Name, "verdict", in.Verdict)); err != nil {
					return err
				}
				out.Document, err = getDoc(ctx, tx, in.Series, in.Number)
				return err
			}
			return nil
		}
		action, revision := "receive", d.Revision
		if d.Received() {
			old, err := hashes(ctx, tx, d)
			if err != nil {
				return err
			}
			if slices.Contains(old, in.SHA256) {
				return refuse(fmt.Errorf("%s: %w: this file is an earlier revision already received", d.Name, ErrDuplicate))
			}
			if !in.Revision && d.Status != StatusRejected {
				return refuse(fmt.Errorf("%s: %w %s (SHA-256 %s…, received %s); mark the new file as a revision or ask for a new number",
					d.Name, ErrDuplicate, d.FileName, short(d.SHA256), d.ReceivedAt.Format("2006-01-02 15:04 UTC")))
			}
			action, revision = "revise", d.Revision+1
			out.NewRevision = true
		}
		deadline, err := meetingDeadline(ctx, tx, d.Meeting)
		if err != nil {
			return err
		}
		status, late := StatusReceived, false
		if !deadline.IsZero() {
			late = at.After(deadline)
			status = StatusOnTime
			if late {
				status = StatusLate
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE documents SET received_at = ?, file_name = ?, sha256 = ?, size = ?, status = ?, late = ?,
			revision = ?, verdict = ?, reject_reason = '', accepted_at = '', updated_at = ? WHERE id = ?`,
			fmtTime(at), in.Name, in.SHA256, in.Size, string(status), b2i(late), revision, in.Verdict, fmtTime(r.now()), d.ID)
		if err != nil {
			return err
		}
		if err := r.logEvent(ctx, tx, action, d.Series, d.Number, d.Name, details(
			"file", in.Name, "path", in.Path, "sha256", in.SHA256, "size", fmt.Sprint(in.Size), "received_at", fmtTime(at),
			"status", string(status), "revision", fmt.Sprint(revision), "verdict", in.Verdict,
			"title", cleanLine(in.Title), "source", cleanLine(in.Source))); err != nil {
			return err
		}
		out.Document, err = getDoc(ctx, tx, in.Series, in.Number)
		return err
	})
	if err != nil {
		return Receipt{}, err
	}
	if refused != nil {
		return Receipt{}, refused
	}
	return out, nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func short(sha string) string {
	if len(sha) > 12 {
		return sha[:12]
	}
	return sha
}

// meetingDeadline returns the recorded deadline of a meeting (zero if none).
func meetingDeadline(ctx context.Context, q queryer, id string) (time.Time, error) {
	var s string
	err := q.QueryRowContext(ctx, "SELECT deadline FROM meetings WHERE id = ?", id).Scan(&s)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	return parseTime(s), err
}

// Lookup is a read-only view of what the register knows about one number,
// for the checker's register rules (see Check): whether it was allocated,
// what title and source it was allocated for, and which file, if any, was
// received for it. Build it with (*Register).Lookup; tests may fill one by
// hand.
type Lookup struct {
	Series    string `json:"series"`
	Number    int    `json:"number"`
	Allocated bool   `json:"allocated"` // the number exists in the register
	// The fields below are zero when Allocated is false.
	Name       string    `json:"name,omitempty"`   // canonical base name
	Status     Status    `json:"status,omitempty"` // current status
	Title      string    `json:"title,omitempty"`  // as allocated
	Source     string    `json:"source,omitempty"` // as allocated
	Received   bool      `json:"received"`         // a file has been recorded
	FileName   string    `json:"file_name,omitempty"`
	SHA256     string    `json:"sha256,omitempty"` // of the latest file received
	ReceivedAt time.Time `json:"received_at,omitzero"`
	Revision   int       `json:"revision"`
	ReplacedBy string    `json:"replaced_by,omitempty"`
	// Hashes lists the SHA-256 of every file recorded for the number since
	// its allocation (all revisions), oldest first.
	Hashes []string `json:"hashes,omitempty"`
}

// Lookup tells what the register knows about series+number. An unknown
// number is not an error: the result has Allocated false.
func (r *Register) Lookup(ctx context.Context, series string, number int) (Lookup, error) {
	l := Lookup{Series: series, Number: number}
	d, err := getDoc(ctx, r.db, series, number)
	if errors.Is(err, ErrNotFound) {
		return l, nil
	}
	if err != nil {
		return l, r.wrap("lookup", err)
	}
	l.Allocated = true
	l.Name, l.Status, l.Title, l.Source = d.Name, d.Status, d.Title, d.Source
	l.Received, l.FileName, l.SHA256, l.ReceivedAt = d.Received(), d.FileName, d.SHA256, d.ReceivedAt
	l.Revision, l.ReplacedBy = d.Revision, d.ReplacedBy
	l.Hashes, err = hashes(ctx, r.db, d)
	return l, r.wrap("lookup", err)
}

// hashes lists the SHA-256 of every file recorded for d since its
// allocation, oldest first, the current one included.
func hashes(ctx context.Context, q queryer, d Document) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT details FROM events WHERE series = ? AND number = ? AND action IN ('receive', 'revise')
		AND id > coalesce((SELECT max(id) FROM events WHERE series = ? AND number = ? AND action IN ('allocate', 'reserve', 'import')), 0)
		ORDER BY id`, d.Series, d.Number, d.Series, d.Number)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		var m map[string]string
		if json.Unmarshal([]byte(s), &m) == nil && m["sha256"] != "" && !slices.Contains(out, m["sha256"]) {
			out = append(out, m["sha256"])
		}
	}
	if d.SHA256 != "" && !slices.Contains(out, d.SHA256) {
		out = append(out, d.SHA256)
	}
	return out, rows.Err()
}

// SameFile reports whether sha256 is the file recorded as received.
func (l Lookup) SameFile(sha256 string) bool {
	return l.SHA256 != "" && strings.EqualFold(l.SHA256, strings.TrimSpace(sha256))
}

// KnownFile reports whether sha256 is any file recorded for the number
// (the latest or an earlier revision).
func (l Lookup) KnownFile(sha256 string) bool {
	return slices.ContainsFunc(l.Hashes, func(h string) bool { return strings.EqualFold(h, strings.TrimSpace(sha256)) })
}

// ReceivedOther reports whether a different file was already received for
// the number: the case that is a duplicate unless marked as a revision.
func (l Lookup) ReceivedOther(sha256 string) bool {
	return l.Received && !l.SameFile(sha256)
}

// Closed reports whether the document is withdrawn or superseded.
func (l Lookup) Closed() bool {
	return l.Status == StatusWithdrawn || l.Status == StatusSuperseded
}

// TitleDiffers reports whether title (from the file) differs from the title
// the number was allocated for, ignoring case, spacing, quotes and dashes.
// An empty title on either side never differs.
func (l Lookup) TitleDiffers(title string) bool {
	a, b := normTitle(l.Title), normTitle(title)
	return a != "" && b != "" && a != b
}

// SourceDiffers reports whether source (from the file) names other
// organizations than the allocation, ignoring order, case and separators
// ("A, B" equals "B and A"). An empty source on either side never differs.
func (l Lookup) SourceDiffers(source string) bool {
	a, b := sourceSet(l.Source), sourceSet(source)
	return len(a) > 0 && len(b) > 0 && !slices.Equal(a, b)
}

// normTitle folds case, quotes, dashes and spacing, and drops trailing
// punctuation.
func normTitle(s string) string {
	s = strings.NewReplacer("\u2018", "'", "\u2019", "'", "\u201c", "\"", "\u201d", "\"", "\u2013", "-", "\u2014", "-", "\u00a0", " ").Replace(s)
	s = strings.ToLower(cleanLine(s))
	return strings.TrimRightFunc(s, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) })
}

func sourceSet(s string) []string {
	s = strings.ToLower(s)
	for _, sep := range []string{";", "/", "&", " and ", "\n"} {
		s = strings.ReplaceAll(s, sep, ",")
	}
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = normTitle(p); p != "" {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// FileReceipt is what the checker or the CLI knows about a file it
// records: plain values, so that package check can call ReceiveFile
// without this package knowing inspect.Facts.
type FileReceipt struct {
	Path string // the file as found in the incoming folder
	// Number is the document number as found (header or name, e.g.
	// "0012"); empty means: read it from the file name.
	Number string
	// SHA256 and Size of the file; empty SHA256 means: hash Path now.
	SHA256 string
	Size   int64
	// ReceivedAt is when the file arrived; zero means now.
	ReceivedAt time.Time
	// Verdict is the checker's worst severity, or empty.
	Verdict string
	// Title and Source from the file's header, compared with the
	// allocation (REG-TITLE-DIFFERS, REG-SOURCE-DIFFERS).
	Title, Source string
	// Revision marks the file as a revision; a "-rev1" style file name or
	// a "Rev.1" title also counts (RevisionMarked).
	Revision bool
}

// ReceiveFile judges a file against the register (Check, before the
// receipt changes anything) and records its receipt. It returns the
// register findings and the receipt; a refused receipt returns the
// findings and an error matching ErrNotAllocated, ErrDuplicate or
// ErrClosed. The meeting profile is recorded first (SyncMeeting), so the
// on-time decision uses its current deadline.
func (r *Register) ReceiveFile(ctx context.Context, p *meeting.Profile, in FileReceipt) (Receipt, []finding.Finding, error) {
	name := filepath.Base(in.Path)
	num := in.Number
	if num == "" {
		num = in.Path
	}
	n, err := NumberOf(p, num)
	if err != nil {
		return Receipt{}, nil, fmt.Errorf("%w: receive %s: no document number in its name", ErrInvalid, name)
	}
	if in.SHA256 == "" {
		if in.SHA256, in.Size, err = HashFile(in.Path); err != nil {
			return Receipt{}, nil, fmt.Errorf("receive %s: %w", name, err)
		}
	}
	base := strings.TrimSuffix(name, filepath.Ext(name))
	revision := in.Revision || RevisionMarked(base, in.Title)
	if err := r.SyncMeeting(ctx, p); err != nil {
		return Receipt{}, nil, err
	}
	l, err := r.Lookup(ctx, Series(p), n)
	if err != nil {
		return Receipt{}, nil, err
	}
	fs := Check(l, FileInput{Where: name, SHA256: in.SHA256, Title: in.Title, Source: in.Source, Revision: revision})
	rc, err := r.Receive(ctx, ReceiptInput{Series: Series(p), Number: n, Path: in.Path, Name: name, SHA256: in.SHA256, Size: in.Size,
		ReceivedAt: in.ReceivedAt, Verdict: in.Verdict, Title: in.Title, Source: in.Source, Revision: revision})
	return rc, fs, err
}

// Refused reports whether err is a refused receipt (not allocated,
// duplicate, closed) rather than a failure to record.
func Refused(err error) bool {
	return errors.Is(err, ErrNotAllocated) || errors.Is(err, ErrDuplicate) || errors.Is(err, ErrClosed)
}
