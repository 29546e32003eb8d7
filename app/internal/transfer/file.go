package transfer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path"

	"github.com/fgdesk/fgdesk/app/internal/register"
)

// FileOptions tune FileOnServer.
type FileOptions struct {
	// Move removes the incoming original after the copy is verified (the
	// profile's ftp.accept = "move"); otherwise it is left as it is.
	Move bool
	// Replace allows replacing a different file already under the
	// canonical name (a newer revision).
	Replace bool
	Retry   Retry
}

// Filed is the outcome of FileOnServer.
type Filed struct {
	Path   string // the file in the meeting folder on the server
	Size   int64
	SHA256 string // read back from the server
	// Unchanged is true when the very same file was already there.
	Unchanged bool
	Moved     bool // the incoming original was removed (Move)
}

// FileOnServer files an accepted document into the meeting folder of the
// same Store: it uploads the mirror copy (local, whose SHA-256 must be
// wantSHA) under a temporary name in destDir, reads it back from the
// server and compares the SHA-256, then renames it to destName and checks
// its size. The incoming original is only compared (its size must match),
// never changed, unless opt.Move.
func FileOnServer(ctx context.Context, st Store, incoming, local, wantSHA, destDir, destName string, opt FileOptions) (Filed, error) {
	sum, size, err := register.HashFile(local)
	if err != nil {
		return Filed{}, fmt.Errorf("file %s: %w", destName, err)
	}
	if wantSHA != "" && sum != wantSHA {
		return Filed{}, fmt.Errorf("file %s: %w: the mirror copy %s is not the file recorded at receipt", destName, ErrVerify, local)
	}
	var src Entry
	if err := opt.Retry.do(ctx, func() (err error) { src, err = st.Stat(ctx, incoming); return err }); err != nil {
		return Filed{}, fmt.Errorf("file %s: the incoming original: %w", destName, err)
	}
	if src.Size != size {
		return Filed{}, fmt.Errorf("file %s: %w: %s on the server has %d bytes, the mirror copy %d; sync again first", destName, ErrChanged, incoming, src.Size, size)
	}
	dest := path.Join(destDir, destName)
	if st.Target().IsLocal() {
		destDir = st.Target().WithPath(destDir).Path
		dest = st.Target().WithPath(destDir).Join(destName)
	}
	if err := opt.Retry.do(ctx, func() error { return st.MkdirAll(ctx, destDir) }); err != nil {
		return Filed{}, fmt.Errorf("file %s: %w", destName, err)
	}
	out := Filed{Path: dest, Size: size, SHA256: sum}
	readBack := func(p string) (string, int64, error) {
		h := sha256.New()
		var n int64
		err := opt.Retry.do(ctx, func() error {
			h.Reset()
			var err error
			n, err = st.Get(ctx, p, h)
			return err
		})
		return hex.EncodeToString(h.Sum(nil)), n, err
	}
	if _, err := st.Stat(ctx, dest); err == nil {
		got, _, err := readBack(dest)
		if err != nil {
			return Filed{}, fmt.Errorf("file %s: read the file already there: %w", destName, err)
		}
		if got == sum {
			out.Unchanged = true
			return finishMove(ctx, st, incoming, out, opt)
		}
		if !opt.Replace {
			return Filed{}, fmt.Errorf("file %s: %s is %w with different content (SHA-256 %s…); a newer revision must be accepted as such", destName, dest, ErrExists, got[:12])
		}
	} else if !errors.Is(err, ErrNotExist) {
		return Filed{}, fmt.Errorf("file %s: %w", destName, err)
	}
	part := path.Join(path.Dir(dest), PartName(destName))
	if st.Target().IsLocal() {
		part = st.Target().WithPath(destDir).Join(PartName(destName))
	}
	err = opt.Retry.do(ctx, func() error {
		f, err := os.Open(local)
		if err != nil {
			return err
		}
		defer f.Close()
		return st.Put(ctx, part, f)
	})
	if err != nil {
		return Filed{}, fmt.Errorf("file %s into %s: %w; nothing was stored under the final name", destName, destDir, err)
	}
	got, n, err := readBack(part)
	if err != nil || got != sum || n != size {
		_ = st.Delete(ctx, part)
		if err == nil {
			err = fmt.Errorf("%w: read back %d bytes, SHA-256 %s…, want %d bytes, %s…", ErrVerify, n, got[:12], size, sum[:12])
		}
		return Filed{}, fmt.Errorf("file %s: %w; the temporary copy was removed", destName, err)
	}
	if err := opt.Retry.do(ctx, func() error { return st.Rename(ctx, part, dest) }); err != nil {
		_ = st.Delete(ctx, part)
		return Filed{}, fmt.Errorf("file %s: %w", destName, err)
	}
	e, err := st.Stat(ctx, dest)
	if err != nil || e.Size != size {
		if err == nil {
			err = fmt.Errorf("%w: %d bytes on the server, want %d", ErrVerify, e.Size, size)
		}
		return Filed{}, fmt.Errorf("file %s: after rename: %w", destName, err)
	}
	return finishMove(ctx, st, incoming, out, opt)
}

func finishMove(ctx context.Context, st Store, incoming string, out Filed, opt FileOptions) (Filed, error) {
	if !opt.Move {
		return out, nil
	}
	if err := st.Delete(ctx, incoming); err != nil {
		return out, fmt.Errorf("filed as %s, but removing %s from incoming failed: %w", out.Path, incoming, err)
	}
	out.Moved = true
	return out, nil
}
