// Package fsutil owns how FG Desk writes files that matter: into a temp
// file in the target's folder, synced, then renamed over the target, so a
// crash or a full disk never leaves half a file under the real name.
package fsutil

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ErrExists is returned by WriteAtomic with NoOverwrite when the target exists.
var ErrExists = fs.ErrExist

// Mode selects what WriteAtomic does when the target exists.
type Mode int

// Modes.
const (
	Overwrite   Mode = iota // replace the target
	NoOverwrite             // fail with ErrExists
)

// hideTemp drops the temporary file's name from an error about it (users
// would see ".report.xlsx.123.tmp" and think it is their file): "write
// PATH: permission denied". Errors about other files (from fill) stay.
func hideTemp(err error, base string) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		if b := filepath.Base(pe.Path); strings.HasPrefix(b, "."+base+".") && strings.HasSuffix(b, ".tmp") {
			return Cause(err)
		}
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// WriteAtomic creates path with the bytes fill writes. fill may fail; then
// nothing is left behind and path is untouched. perm is the final mode.
func WriteAtomic(path string, mode Mode, perm fs.FileMode, fill func(w io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	if mode == NoOverwrite {
		if _, err := os.Lstat(path); err == nil {
			return fmt.Errorf("%s: %w", path, ErrExists)
		}
	}
	tmp, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, hideTemp(err, base))
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = fill(tmp); err != nil {
		return fmt.Errorf("write %s: %w", path, hideTemp(err, base))
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, hideTemp(err, base))
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, hideTemp(err, base))
	}
	if err = os.Chmod(tmp.Name(), perm); err != nil {
		return fmt.Errorf("write %s: %w", path, hideTemp(err, base))
	}
	if mode == NoOverwrite {
		// Link fails if the target appeared meanwhile; rename would replace it.
		if err = os.Link(tmp.Name(), path); err != nil {
			if errors.Is(err, fs.ErrExist) {
				err = fmt.Errorf("%s: %w", path, ErrExists)
				return err
			}
			// File systems without hard links: fall back to rename.
			if err = os.Rename(tmp.Name(), path); err != nil {
				return fmt.Errorf("write %s: %w", path, hideTemp(err, base))
			}
			SyncDir(dir)
			return nil
		}
		os.Remove(tmp.Name())
		SyncDir(dir)
		return nil
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, hideTemp(err, base))
	}
	SyncDir(dir)
	return nil
}

// SyncDir makes a rename in dir durable; it is best effort (not on Windows).
func SyncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// Cause drops the *fs.PathError layer of err, whose message repeats the
// path, so a message that names the file already reads "x.docx: no such
// file or directory" once.
func Cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
