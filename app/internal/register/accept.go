package register

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/fgdesk/fgdesk/app/internal/meeting"
)

// AcceptInput names the document to file and where.
type AcceptInput struct {
	Series string
	Number int
	// Path is the received file (in the incoming folder). It is opened
	// read-only and never moved, renamed or modified.
	Path string
	// Root is the local copy of the FTP documents area; the accepted copy
	// goes to Root/<meeting folder>/in/<canonical name><ext>, e.g.
	// Root/1203-gva/in/innovation-i-0007.docx.
	Root string
	// Profile, when set, is recorded first (SyncMeeting), so that the
	// copy goes to the profile's current meeting folder.
	Profile *meeting.Profile
	// Server, when the document was also filed on the FTP server, is
	// where (an address without password, e.g.
	// ftp://tsb@ftp.example.org:21/1203-gva/in/innovation-i-0007.docx); the
	// accept event records it beside the local copy.
	Server string
}

// Filed is the outcome of Accept.
type Filed struct {
	Document Document // the row after acceptance
	Path     string   // the read-only copy
	SHA256   string   // of the copy, equal to the original's
	// Unchanged is true when an identical copy was already in place.
	Unchanged bool
}

// HashFile returns the hex SHA-256 and size of a file.
func HashFile(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, fmt.Errorf("read %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// Accept files a received document: it checks that the file at in.Path is
// the one recorded at receipt (same SHA-256), copies it to the meeting's
// folder under its canonical name through a temporary file (fsync, then
// rename), verifies the copy by SHA-256, makes it read-only (0444) and
// records the acceptance. The original is only read. Accepting the same
// file again is harmless (Unchanged); a newer revision replaces the earlier
// copy.
func (r *Register) Accept(ctx context.Context, in AcceptInput) (Filed, error) {
	if in.Profile != nil {
		if err := r.SyncMeeting(ctx, in.Profile); err != nil {
			return Filed{}, err
		}
	}
	d, err := r.Document(ctx, in.Series, in.Number)
	if err != nil {
		return Filed{}, err
	}
	if d.Status == StatusWithdrawn || d.Status == StatusSuperseded {
		return Filed{}, fmt.Errorf("accept %s: %w (%s)", d.Name, ErrClosed, d.Status)
	}
	if !d.Received() {
		return Filed{}, fmt.Errorf("accept %s: %w: record its receipt first", d.Name, ErrNotReceived)
	}
	if strings.TrimSpace(in.Root) == "" {
		return Filed{}, fmt.Errorf("%w: accept %s: no root folder for the meeting folders", ErrInvalid, d.Name)
	}
	var folder string
	if err := r.db.QueryRowContext(ctx, "SELECT folder FROM meetings WHERE id = ?", d.Meeting).Scan(&folder); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return Filed{}, r.wrap("accept", err)
	}
	if folder == "" || !filepath.IsLocal(folder) {
		return Filed{}, fmt.Errorf("%w: accept %s: meeting %s has no usable meeting folder (%q)", ErrInvalid, d.Name, d.Meeting, folder)
	}
	ext := meeting.NormalizeExt(filepath.Ext(in.Path))
	if ext == "" || ext == "." {
		return Filed{}, fmt.Errorf("%w: accept %s: %s has no extension", ErrInvalid, d.Name, in.Path)
	}
	dir := filepath.Join(in.Root, folder, "in")
	dest := filepath.Join(dir, d.Name+ext)

	srcInfo, err := os.Stat(in.Path)
	if err != nil {
		return Filed{}, fmt.Errorf("accept %s: %w", d.Name, err)
	}
	if !srcInfo.Mode().IsRegular() {
		return Filed{}, fmt.Errorf("%w: accept %s: %s is not a regular file", ErrInvalid, d.Name, in.Path)
	}
	if di, err := os.Stat(dest); err == nil && os.SameFile(srcInfo, di) {
		return Filed{}, fmt.Errorf("%w: accept %s: %s is already the filed copy", ErrInvalid, d.Name, in.Path)
	}
	sum, _, err := HashFile(in.Path)
	if err != nil {
		return Filed{}, fmt.Errorf("accept %s: %w", d.Name, err)
	}
	if sum != d.SHA256 {
		return Filed{}, fmt.Errorf("accept %s: %s: %w (recorded %s…, file %s…): record the receipt of this file first",
			d.Name, in.Path, ErrHashMismatch, short(d.SHA256), short(sum))
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Filed{}, fmt.Errorf("accept %s: create %s: %w", d.Name, dir, err)
	}
	out := Filed{Path: dest, SHA256: sum}
	var previous string
	if old, _, err := HashFile(dest); err == nil {
		if old == sum {
			out.Unchanged = true
			_ = os.Chmod(dest, 0o444)
		} else {
			previous = old
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return Filed{}, fmt.Errorf("accept %s: %w", d.Name, err)
	}
	if !out.Unchanged {
		if err := copyVerified(in.Path, dest, sum, srcInfo); err != nil {
			return Filed{}, fmt.Errorf("accept %s: %w", d.Name, err)
		}
	}
	err = r.write(ctx, "accept", func(tx *Tx) error {
		cur, err := getDoc(ctx, tx, in.Series, in.Number)
		if err != nil {
			return err
		}
		if cur.SHA256 != sum {
			return fmt.Errorf("accept %s: %w: a new receipt was recorded meanwhile", cur.Name, ErrHashMismatch)
		}
		if cur.Status == StatusAccepted && cur.FiledAs == dest && out.Unchanged {
			out.Document = cur
			return nil
		}
		now := r.now()
		if _, err := tx.ExecContext(ctx, "UPDATE documents SET status = ?, accepted_at = ?, filed_as = ?, reject_reason = '', updated_at = ? WHERE id = ?",
			string(StatusAccepted), fmtTime(now), dest, fmtTime(now), cur.ID); err != nil {
			return err
		}
		if err := r.logEvent(ctx, tx, "accept", cur.Series, cur.Number, cur.Name, details(
			"from", in.Path, "to", dest, "server", in.Server, "sha256", sum, "replaced_sha256", previous, "revision", fmt.Sprint(cur.Revision))); err != nil {
			return err
		}
		out.Document, err = getDoc(ctx, tx, in.Series, in.Number)
		return err
	})
	if err != nil {
		return Filed{}, err
	}
	return out, nil
}

// copyVerified copies src to dest through a temporary file in dest's
// folder: write, fsync, re-read and compare the SHA-256 with want, set
// read-only and the original's modification time, then rename over dest.
func copyVerified(src, dest, want string, srcInfo os.FileInfo) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	dir := filepath.Dir(dest)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(dest)+".*.part")
	if err != nil {
		return fmt.Errorf("create a temporary file in %s: %w", dir, err)
	}
	tmpName := tmp.Name()
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Chmod(tmpName, 0o600)
			os.Remove(tmpName)
		}
	}()
	h := sha256.New()
	if _, err := io.Copy(io.MultiWriter(tmp, h), in); err != nil {
		return fmt.Errorf("copy %s to %s: %w", src, tmpName, err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != want {
		return fmt.Errorf("%s changed while being copied: %w", src, ErrHashMismatch)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", tmpName, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("close %s: %w", tmpName, err)
	}
	// Verify what is on disk, not what was written.
	got, _, err := HashFile(tmpName)
	if err != nil {
		return err
	}
	if got != want {
		return fmt.Errorf("the copy %s differs from %s: %w", tmpName, src, ErrHashMismatch)
	}
	if err := os.Chmod(tmpName, 0o444); err != nil {
		return err
	}
	_ = os.Chtimes(tmpName, srcInfo.ModTime(), srcInfo.ModTime())
	if _, err := os.Lstat(dest); err == nil {
		_ = os.Chmod(dest, 0o644) // Windows cannot replace a read-only file
	}
	if err := os.Rename(tmpName, dest); err != nil {
		return fmt.Errorf("rename %s to %s: %w", tmpName, dest, err)
	}
	ok = true
	syncDir(dir)
	return nil
}

// Reject records that a received document is refused, with a reason
// (required). The file stays where it is; the number stays allocated, so
// a corrected file can be received for it.
func (r *Register) Reject(ctx context.Context, series string, number int, reason string) (Document, error) {
	reason = cleanText(reason)
	if reason == "" {
		return Document{}, fmt.Errorf("%w: a rejection needs a reason", ErrInvalid)
	}
	if utf8.RuneCountInString(reason) > MaxText {
		return Document{}, fmt.Errorf("%w: reason longer than %d characters", ErrInvalid, MaxText)
	}
	return r.setStatus(ctx, "reject", series, number, func(d Document) error {
		if !d.Received() {
			return fmt.Errorf("reject %s: %w: there is no file to reject (release the number instead)", d.Name, ErrNotReceived)
		}
		if d.Status == StatusWithdrawn || d.Status == StatusSuperseded {
			return fmt.Errorf("reject %s: %w (%s)", d.Name, ErrClosed, d.Status)
		}
		return nil
	}, StatusRejected, reason, details("reason", reason))
}

// Withdraw records that the author withdrew the document. The number is
// not reused.
func (r *Register) Withdraw(ctx context.Context, series string, number int, reason string) (Document, error) {
	reason = cleanText(reason)
	return r.setStatus(ctx, "withdraw", series, number, func(d Document) error {
		if d.Status == StatusWithdrawn || d.Status == StatusSuperseded {
			return fmt.Errorf("withdraw %s: %w (%s)", d.Name, ErrClosed, d.Status)
		}
		return nil
	}, StatusWithdrawn, "", details("reason", reason))
}

func (r *Register) setStatus(ctx context.Context, action, series string, number int, allowed func(Document) error, st Status, rejectReason, det string) (Document, error) {
	var out Document
	err := r.write(ctx, action, func(tx *Tx) error {
		d, err := getDoc(ctx, tx, series, number)
		if err != nil {
			return err
		}
		if err := allowed(d); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE documents SET status = ?, reject_reason = ?, updated_at = ? WHERE id = ?",
			string(st), rejectReason, fmtTime(r.now()), d.ID); err != nil {
			return err
		}
		if err := r.logEvent(ctx, tx, action, series, number, d.Name, det); err != nil {
			return err
		}
		out, err = getDoc(ctx, tx, series, number)
		return err
	})
	return out, err
}

// Supersede records that document newer replaces document older (both of
// the series): older becomes superseded with replaced-by set, newer gets
// replaces set.
func (r *Register) Supersede(ctx context.Context, series string, older, newer int) (Document, Document, error) {
	if older == newer {
		return Document{}, Document{}, fmt.Errorf("%w: a document cannot supersede itself", ErrInvalid)
	}
	var o, n Document
	err := r.write(ctx, "supersede", func(tx *Tx) error {
		var err error
		if o, err = getDoc(ctx, tx, series, older); err != nil {
			return err
		}
		if n, err = getDoc(ctx, tx, series, newer); err != nil {
			return err
		}
		if o.Status == StatusSuperseded || o.Status == StatusWithdrawn {
			return fmt.Errorf("supersede %s: %w (%s)", o.Name, ErrClosed, o.Status)
		}
		if n.Status == StatusSuperseded || n.Status == StatusWithdrawn {
			return fmt.Errorf("supersede %s by %s: %w (%s)", o.Name, n.Name, ErrClosed, n.Status)
		}
		if n.ReplacedBy == o.Name {
			return fmt.Errorf("%w: %s already replaces %s", ErrInvalid, o.Name, n.Name)
		}
		now := fmtTime(r.now())
		if _, err := tx.ExecContext(ctx, "UPDATE documents SET status = ?, replaced_by = ?, updated_at = ? WHERE id = ?", string(StatusSuperseded), n.Name, now, o.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE documents SET replaces = ?, updated_at = ? WHERE id = ?", o.Name, now, n.ID); err != nil {
			return err
		}
		if err := r.logEvent(ctx, tx, "supersede", series, older, o.Name, details("replaced_by", n.Name)); err != nil {
			return err
		}
		if err := r.logEvent(ctx, tx, "supersede", series, newer, n.Name, details("replaces", o.Name)); err != nil {
			return err
		}
		if o, err = getDoc(ctx, tx, series, older); err != nil {
			return err
		}
		n, err = getDoc(ctx, tx, series, newer)
		return err
	})
	return o, n, err
}
