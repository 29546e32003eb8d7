package export

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// PDFHint tells a person how to get LibreOffice when SofficePath finds none.
const PDFHint = "PDF copies need LibreOffice. On Debian or Ubuntu: sudo apt-get install --no-install-recommends libreoffice-writer-nogui; " +
	"on Windows or macOS: install LibreOffice from https://www.libreoffice.org/download/ and start FG Desk again."

// DefaultPDFTimeout bounds a conversion whose context has no deadline.
const DefaultPDFTimeout = 2 * time.Minute

// ErrNoSoffice is returned by PDF when LibreOffice is not installed.
var ErrNoSoffice = errors.New("LibreOffice (soffice) not found")

// SofficePath returns the LibreOffice program to convert with: soffice or
// libreoffice on PATH, else the usual install locations on Windows and
// macOS. ok is false when there is none.
func SofficePath() (path string, ok bool) {
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, true
		}
	}
	var candidates []string
	switch runtime.GOOS {
	case "windows":
		for _, env := range []string{"ProgramFiles", "ProgramFiles(x86)"} {
			if d := os.Getenv(env); d != "" {
				candidates = append(candidates, filepath.Join(d, "LibreOffice", "program", "soffice.exe"))
			}
		}
	case "darwin":
		candidates = append(candidates, "/Applications/LibreOffice.app/Contents/MacOS/soffice")
	}
	for _, c := range candidates {
		if fi, err := os.Stat(c); err == nil && !fi.IsDir() {
			return c, true
		}
	}
	return "", false
}

// PDF converts the .docx at docxPath to a PDF of the same base name in
// outDir and returns its path. It runs LibreOffice headless with a
// throw-away user profile, so conversions can run side by side and never
// touch the person's own LibreOffice settings. The PDF is made in a temp
// folder inside outDir and renamed into place (replacing an older copy).
// ctx bounds the run (DefaultPDFTimeout if it has no deadline).
func PDF(ctx context.Context, docxPath, outDir string) (string, error) {
	soffice, ok := SofficePath()
	if !ok {
		return "", fmt.Errorf("pdf: %w. %s", ErrNoSoffice, PDFHint)
	}
	return convert(ctx, soffice, docxPath, outDir, "pdf", ".pdf")
}

// convert runs soffice --convert-to format and returns the output path.
func convert(ctx context.Context, soffice, src, outDir, format, ext string) (string, error) {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultPDFTimeout)
		defer cancel()
	}
	absSrc, err := filepath.Abs(src)
	if err != nil {
		return "", fmt.Errorf("pdf: %w", err)
	}
	if _, err := os.Stat(absSrc); err != nil {
		return "", fmt.Errorf("pdf: %s: %w", src, unwrapPath(err))
	}
	if outDir == "" {
		outDir = filepath.Dir(absSrc)
	}
	work, err := os.MkdirTemp(outDir, ".fgdesk-pdf-*")
	if err != nil {
		return "", fmt.Errorf("pdf: %w", err)
	}
	defer os.RemoveAll(work)
	profile, err := os.MkdirTemp("", "fgdesk-soffice-*")
	if err != nil {
		return "", fmt.Errorf("pdf: %w", err)
	}
	defer os.RemoveAll(profile)

	cmd := exec.CommandContext(ctx, soffice,
		"-env:UserInstallation="+fileURL(profile),
		"--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
		"--convert-to", format, "--outdir", work, absSrc)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.Env = append(os.Environ(), "HOME="+profile) // some builds write to $HOME anyway
	killGroup(cmd)
	cmd.WaitDelay = 5 * time.Second
	err = cmd.Run()
	if ctx.Err() != nil {
		return "", fmt.Errorf("pdf: LibreOffice did not finish converting %s: %w", filepath.Base(src), ctx.Err())
	}
	base := strings.TrimSuffix(filepath.Base(absSrc), filepath.Ext(absSrc)) + ext
	made := filepath.Join(work, base)
	if _, serr := os.Stat(made); serr != nil {
		msg := strings.TrimSpace(out.String())
		if err != nil {
			msg = err.Error() + ": " + msg
		}
		return "", fmt.Errorf("pdf: LibreOffice made no %s from %s (%s)", ext, filepath.Base(src), oneLine(msg))
	}
	dst := filepath.Join(outDir, base)
	if err := os.Rename(made, dst); err != nil {
		return "", fmt.Errorf("pdf: %w", err)
	}
	return dst, nil
}

// fileURL turns a local path into a file:// URL LibreOffice accepts
// (file:///tmp/x, file:///C:/Users/x).
func fileURL(p string) string {
	p = filepath.ToSlash(p)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	if s == "" {
		s = "no output"
	}
	return s
}

// Docx converts a legacy Word file (.doc, .rtf, .odt) to a .docx of the
// same base name in outDir with LibreOffice, the way PDF does (headless,
// throw-away profile, bounded by ctx or DefaultPDFTimeout).
func Docx(ctx context.Context, src, outDir string) (string, error) {
	soffice, ok := SofficePath()
	if !ok {
		return "", fmt.Errorf("convert: %w. %s", ErrNoSoffice, strings.Replace(PDFHint, "PDF copies need", "Converting .doc files needs", 1))
	}
	return convert(ctx, soffice, src, outDir, "docx:MS Word 2007 XML", ".docx")
}
