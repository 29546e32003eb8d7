// Package export owns turning a contribution into files a delegate uploads:
// innovation-i-nnnn.docx in a chosen folder (Export), written atomically and
// never over an existing file unless asked, and a PDF copy made with
// LibreOffice when it is installed (PDF, SofficePath, PDFHint).
package export

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fgdesk/fgdesk/app/internal/contribution"
	"github.com/fgdesk/fgdesk/app/internal/docx"
	"github.com/fgdesk/fgdesk/app/internal/fsutil"
	"github.com/fgdesk/fgdesk/app/internal/meeting"
)

// ErrExists is returned (wrapped, with the path) when the target file
// exists and Options.Overwrite is false.
var ErrExists = errors.New("file already exists")

// ErrNumber is returned when the contribution has no valid document number:
// the file name needs one.
var ErrNumber = errors.New("no valid document number")

// Options tunes Export.
type Options struct {
	// Overwrite replaces an existing file of the same name.
	Overwrite bool
	// Blank writes the header table filled in and an empty body.
	Blank bool
	// BaseDir is the folder image paths in the body are relative to.
	BaseDir string
	// Now is the created/modified time written into the file; zero means
	// the current time.
	Now time.Time
}

// Export writes m as innovation-i-nnnn.docx (the meeting's pattern, lower
// case) into dir and returns the file's path. The document is built in
// memory first, then written to a temp file in dir and renamed, so a failure
// leaves neither a partial file nor a changed old one. If the file exists
// and opt.Overwrite is false, the error wraps ErrExists.
func Export(m *contribution.Model, p *meeting.Profile, dir string, opt Options) (string, error) {
	if m == nil || p == nil {
		return "", fmt.Errorf("export: no contribution or no meeting profile")
	}
	num := strings.TrimSpace(m.Number)
	if !p.ValidNumber(num) {
		what := fmt.Sprintf("%q is not", num)
		if num == "" {
			what = "it is empty, but"
		}
		return "", fmt.Errorf("export: the document number %s %d digits (%s); TSB gives it by e-mail to %s: %w",
			what, p.Digits(), p.Documents.Pattern, p.TSB.Email, ErrNumber)
	}
	if dir == "" {
		dir = "."
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return "", fmt.Errorf("export: folder %s: %w", dir, unwrapPath(err))
	}
	if !fi.IsDir() {
		return "", fmt.Errorf("export: %s is not a folder", dir)
	}
	path := filepath.Join(dir, p.FileName(num, ".docx"))
	if !opt.Overwrite {
		if _, err := os.Lstat(path); err == nil {
			return path, fmt.Errorf("%s: %w", path, ErrExists)
		}
	}
	var buf bytes.Buffer
	if err := docx.Write(&buf, m, p, docx.WriteOptions{BaseDir: opt.BaseDir, Blank: opt.Blank, Now: opt.Now}); err != nil {
		return "", fmt.Errorf("export %s: %w", filepath.Base(path), err)
	}
	mode := fsutil.Overwrite
	if !opt.Overwrite {
		mode = fsutil.NoOverwrite
	}
	err = fsutil.WriteBytes(path, mode, 0o644, buf.Bytes())
	if errors.Is(err, fsutil.ErrExists) {
		return path, fmt.Errorf("%s: %w", path, ErrExists)
	}
	if err != nil {
		return "", fmt.Errorf("export: %w", err)
	}
	return path, nil
}

// unwrapPath drops the *PathError layer, whose message repeats the path.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
