package transfer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fgdesk/fgdesk/app/internal/check"
	"github.com/fgdesk/fgdesk/app/internal/fsutil"
	"github.com/fgdesk/fgdesk/app/internal/register"
)

// UploadOptions tune Upload.
type UploadOptions struct {
	// Force replaces a file of the same name already in the folder.
	Force bool
	Retry Retry
	// Progress, if set, is called as bytes go out (sent of total).
	Progress func(sent, total int64)
	// Now is the local clock (nil: time.Now), for the receipt.
	Now func() time.Time
}

// UploadReceipt is the delegate's proof of a submission, written next to
// the uploaded file (see ReceiptPath).
type UploadReceipt struct {
	Schema  string `json:"schema"` // "fgdesk-upload-receipt"
	Version int    `json:"version"`
	Server  string `json:"server"` // ftp://user@host:port/folder (never a password)
	Path    string `json:"path"`   // the file on the server
	File    string `json:"file"`   // the local file uploaded
	Size    int64  `json:"size"`
	SHA256  string `json:"sha256"`
	// ServerTime is the server's modification time of the uploaded file
	// (MDTM), the time TSB will see; zero when the server does not say.
	ServerTime     time.Time `json:"server_time,omitzero"`
	ServerTimeFrom string    `json:"server_time_from"` // "MDTM", "file" or "none"
	UploadedAt     time.Time `json:"uploaded_at"`      // this computer's clock at the end
	Security       string    `json:"security"`
	// Renamed is true when the file went up under a temporary name and was
	// renamed on completion; false when the server refused the rename and
	// the file was stored under its final name directly.
	Renamed  bool `json:"renamed"`
	Replaced bool `json:"replaced,omitempty"` // an earlier file of that name was replaced (--force)
	Attempts int  `json:"attempts"`
}

// PartName is the temporary name a file is uploaded under: hidden, so no
// collector (ours included) takes a half-uploaded file for a submission.
func PartName(name string) string { return "." + name + ".part" }

type progressReader struct {
	ctx        context.Context
	r          io.Reader
	sent, size int64
	fn         func(int64, int64)
}

func (p *progressReader) Read(b []byte) (int, error) {
	if err := p.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := p.r.Read(b)
	p.sent += int64(n)
	if p.fn != nil && n > 0 {
		p.fn(p.sent, p.size)
	}
	return n, err
}

// Upload puts a local file into the Store's folder under its own name:
// it refuses a name already there (unless Force), sends the bytes under
// PartName, renames on completion (or, where the server refuses renames,
// stores under the final name directly), then checks the size (and reads
// the server's time) of the file under its final name. Transient failures
// (a dropped link, a timeout) are retried within opt.Retry; a refusal is
// not. On failure nothing is left under the final name that was not
// there before.
func Upload(ctx context.Context, st Store, local string, opt UploadOptions) (UploadReceipt, error) {
	now := opt.Now
	if now == nil {
		now = time.Now
	}
	name := filepath.Base(local)
	sum, size, err := register.HashFile(local)
	if err != nil {
		return UploadReceipt{}, fmt.Errorf("upload %s: %w", local, err)
	}
	t := st.Target()
	final, part := t.Join(name), t.Join(PartName(name))
	rec := UploadReceipt{Schema: check.UploadReceiptSchema, Version: 1, Server: t.String(), Path: final,
		File: local, Size: size, SHA256: sum, Security: st.Security(), Renamed: true}

	existing := false
	err = opt.Retry.do(ctx, func() error {
		e, err := st.Stat(ctx, final)
		switch {
		case err == nil:
			existing = true
			if !opt.Force {
				when := ""
				if !e.ModTime.IsZero() {
					when = ", " + e.ModTime.UTC().Format("2006-01-02 15:04:05 UTC")
				}
				return fmt.Errorf("upload %s: %s is %w on the server (%d bytes%s); use --force to replace it", name, final, ErrExists, e.Size, when)
			}
		case errors.Is(err, ErrNotExist), errors.Is(err, ErrPermission):
			// Not there (or the server will not say: the rename decides).
		default:
			return err
		}
		return nil
	})
	if err != nil {
		return UploadReceipt{}, err
	}
	rec.Replaced = existing

	send := func(dest string) error {
		return opt.Retry.do(ctx, func() error {
			rec.Attempts++
			f, err := os.Open(local)
			if err != nil {
				return err
			}
			defer f.Close()
			return st.Put(ctx, dest, &progressReader{ctx: ctx, r: f, size: size, fn: opt.Progress})
		})
	}
	if err := send(part); err != nil {
		return UploadReceipt{}, fmt.Errorf("upload %s to %s: %w; nothing was stored under the final name", name, t, err)
	}
	err = opt.Retry.do(ctx, func() error { return st.Rename(ctx, part, final) })
	if err != nil && errors.Is(err, ErrPermission) && opt.Force && existing {
		// Some servers will not rename over a file: remove it first.
		if derr := st.Delete(ctx, final); derr == nil {
			err = opt.Retry.do(ctx, func() error { return st.Rename(ctx, part, final) })
		}
	}
	if err != nil {
		if !errors.Is(err, ErrPermission) {
			_ = st.Delete(ctx, part)
			return UploadReceipt{}, fmt.Errorf("upload %s: %w", name, err)
		}
		// The server will not rename: store under the final name directly
		// (a dropped link now may leave a partial file there; the size check
		// below and the receipt say whether it is whole).
		_ = st.Delete(ctx, part)
		rec.Renamed = false
		if err := send(final); err != nil {
			return UploadReceipt{}, fmt.Errorf("upload %s to %s (server refuses renames, stored directly): %w; the file on the server may be incomplete, upload it again", name, t, err)
		}
	}
	var e Entry
	err = opt.Retry.do(ctx, func() error {
		var err error
		e, err = st.Stat(ctx, final)
		return err
	})
	if err != nil {
		return UploadReceipt{}, fmt.Errorf("upload %s: check after upload: %w", name, err)
	}
	if e.Size != size {
		return UploadReceipt{}, fmt.Errorf("upload %s: %w: the server holds %d bytes, the file has %d; upload it again", name, ErrVerify, e.Size, size)
	}
	rec.ServerTime, rec.ServerTimeFrom = e.ModTime, e.TimeFrom
	if e.ModTime.IsZero() {
		rec.ServerTimeFrom = "none"
	}
	rec.UploadedAt = now().UTC()
	return rec, nil
}

// ReceiptPath is where the receipt of an uploaded file is kept: next to
// it, as FILE.receipt.json.
func ReceiptPath(local string) string { return local + check.ReceiptSuffix }

// WriteReceipt writes the receipt next to the uploaded file (atomically)
// and returns its path.
func WriteReceipt(rec UploadReceipt) (string, error) {
	p := ReceiptPath(rec.File)
	b, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return "", err
	}
	b = append(b, '\n')
	err = fsutil.WriteAtomic(p, fsutil.Overwrite, 0o644, func(w io.Writer) error { _, err := w.Write(b); return err })
	return p, err
}

// ReadReceipt reads a receipt written by WriteReceipt.
func ReadReceipt(p string) (UploadReceipt, error) {
	b, err := os.ReadFile(p)
	if err != nil {
		return UploadReceipt{}, err
	}
	var r UploadReceipt
	if err := json.Unmarshal(b, &r); err != nil {
		return UploadReceipt{}, fmt.Errorf("%s: %v", p, err)
	}
	if r.Schema != check.UploadReceiptSchema {
		return UploadReceipt{}, fmt.Errorf("%s: not an upload receipt", p)
	}
	return r, nil
}

// PlainText reports whether a Security string means an unencrypted link.
func PlainText(security string) bool { return strings.HasPrefix(security, "plain text") }
