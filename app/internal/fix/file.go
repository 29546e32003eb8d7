package fix

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fgdesk/fgdesk/app/internal/check"
	"github.com/fgdesk/fgdesk/app/internal/finding"
	"github.com/fgdesk/fgdesk/app/internal/meeting"

	"github.com/fgdesk/fgdesk/app/internal/export"
	"github.com/fgdesk/fgdesk/app/internal/fsutil"
	"github.com/fgdesk/fgdesk/app/internal/inspect"
	"github.com/fgdesk/fgdesk/app/internal/ooxml"
)

// ErrExists is returned (wrapped, with the path) when the copy's name is
// taken and overwriting was not asked for.
var ErrExists = errors.New("file already exists")

// ErrODT is returned for an OpenDocument text that cannot be converted.
var ErrODT = errors.New("OpenDocument (.odt) file")

// ErrSameFile is returned when the copy would replace the original.
var ErrSameFile = errors.New("the corrected copy would replace the original")

// ReadInput reads a file to fix, within the input limit. A legacy Word
// file (.doc) is converted to .docx with LibreOffice first, in a temp
// folder; converted reports whether that happened.
func ReadInput(ctx context.Context, src string) (data []byte, converted bool, err error) {
	fi, err := os.Stat(src)
	if err != nil {
		return nil, false, fmt.Errorf("%s: %w", src, fsutil.Cause(err))
	}
	if fi.IsDir() {
		return nil, false, fmt.Errorf("%s is a folder, not a Word file", src)
	}
	if fi.Size() > ooxml.DefaultMaxInput {
		return nil, false, fmt.Errorf("%s: %w: %d bytes (limit %d)", src, ooxml.ErrTooLarge, fi.Size(), ooxml.DefaultMaxInput)
	}
	data, err = os.ReadFile(src)
	if err != nil {
		return nil, false, fmt.Errorf("%s: %w", src, fsutil.Cause(err))
	}
	facts := inspect.Bytes(ctx, filepath.Base(src), data, inspect.Options{TextLimit: -1})
	odt := facts.Kind == inspect.KindODF && strings.EqualFold(filepath.Ext(src), ".odt")
	if facts.Kind != inspect.KindDOC && !odt {
		return data, false, nil
	}
	if len(facts.Macros) > 0 {
		return nil, false, fmt.Errorf("%s: %w: a file with macros; remove them and save as .docx", src, ErrActive)
	}
	if _, ok := export.SofficePath(); !ok {
		what := ErrLegacy
		if odt {
			what = ErrODT
		}
		return nil, false, fmt.Errorf("%s: %w: save it as Word Document (.docx), or install LibreOffice (Debian: apt-get install libreoffice-writer-nogui) so FG Desk can convert it", src, what)
	}
	tmp, err := os.MkdirTemp("", "fgdesk-doc-*")
	if err != nil {
		return nil, false, err
	}
	defer os.RemoveAll(tmp)
	// Copy under a plain name so LibreOffice's output name is known.
	in := filepath.Join(tmp, "input"+strings.ToLower(filepath.Ext(src)))
	if err := os.WriteFile(in, data, 0o600); err != nil {
		return nil, false, err
	}
	out, err := export.Docx(ctx, in, tmp)
	if err != nil {
		return nil, false, fmt.Errorf("%s: %w", src, err)
	}
	data, err = os.ReadFile(out)
	if err != nil {
		return nil, false, err
	}
	return data, true, nil
}

// File fixes the Word file src and writes the copy into dir under its
// canonical name, atomically, never over an existing file unless
// overwrite, never over src. It returns the result and the copy's path.
func File(ctx context.Context, src, dir string, opt Options, overwrite bool) (*Result, string, error) {
	data, converted, err := ReadInput(ctx, src)
	if err != nil {
		return nil, "", err
	}
	res, err := Bytes(filepath.Base(src), data, opt)
	if err != nil {
		return nil, "", err
	}
	if converted {
		res.Changes = append([]string{"converted from " + strings.ToLower(filepath.Ext(src)) + " to .docx with LibreOffice"}, res.Changes...)
	}
	if dir == "" {
		dir = "."
	}
	if fi, err := os.Stat(dir); err != nil {
		return nil, "", fmt.Errorf("folder %s: %w", dir, fsutil.Cause(err))
	} else if !fi.IsDir() {
		return nil, "", fmt.Errorf("%s is not a folder", dir)
	}
	dst := filepath.Join(dir, res.Name)
	if same(src, dst) {
		return nil, "", fmt.Errorf("%s: %w; choose another folder", dst, ErrSameFile)
	}
	mode := fsutil.NoOverwrite
	if overwrite {
		mode = fsutil.Overwrite
	}
	err = fsutil.WriteAtomic(dst, mode, 0o644, func(w io.Writer) error {
		_, err := w.Write(res.Data)
		return err
	})
	if errors.Is(err, fsutil.ErrExists) {
		return nil, dst, fmt.Errorf("%s: %w", dst, ErrExists)
	}
	if err != nil {
		return nil, "", err
	}
	return res, dst, nil
}

func same(a, b string) bool {
	fa, err1 := os.Stat(a)
	fb, err2 := os.Stat(b)
	if err1 == nil && err2 == nil {
		return os.SameFile(fa, fb)
	}
	aa, _ := filepath.Abs(a)
	bb, _ := filepath.Abs(b)
	return aa == bb
}

// Preflight checks the corrected copy with the same rules as
// `fgdesk check` (as of asOf; zero means now) and returns its findings,
// worst first. What could not be fixed stays a finding with its advice.
func Preflight(ctx context.Context, path string, p *meeting.Profile, asOf time.Time) ([]finding.Finding, error) {
	rep, err := check.RunFiles(ctx, []string{path}, check.Options{Profile: p, AsOf: asOf, Workers: 1})
	if err != nil && rep == nil {
		return nil, err
	}
	if rep == nil || len(rep.Files) == 0 {
		return nil, fmt.Errorf("check %s: no result", path)
	}
	return rep.Files[0].Findings, err
}

// Passes reports whether findings leave nothing to do: no error and no
// warning (notes are facts, not faults).
func Passes(fs []finding.Finding) bool { return finding.Worst(fs) < finding.Warning }
