package check

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/fgdesk/fgdesk/app/internal/finding"
	"github.com/fgdesk/fgdesk/app/internal/fsutil"
	"github.com/fgdesk/fgdesk/app/internal/inspect"
)

// Schema names the JSON report format; Version changes only when a field
// is removed or changes meaning (adding fields keeps the version).
const (
	Schema        = "fgdesk-check-report"
	SchemaVersion = 1
)

// Tool is written into reports; the CLI sets it to "fgdesk VERSION".
var Tool = "fgdesk"

// Report is the result of one run.
type Report struct {
	Schema    string    `json:"schema"`
	Version   int       `json:"version"`
	Tool      string    `json:"tool"`
	Generated time.Time `json:"generated"`
	Meeting   string    `json:"meeting"`
	Deadline  time.Time `json:"deadline"`
	// AsOf is set when the run replayed another moment ("as if now were").
	AsOf      *time.Time   `json:"as_of,omitempty"`
	Cancelled bool         `json:"cancelled,omitempty"`
	Skipped   int          `json:"skipped,omitempty"` // hidden and lock files left out
	Summary   Summary      `json:"summary"`
	Files     []FileResult `json:"files"`

	zone *time.Location
}

// Summary counts files and findings.
type Summary struct {
	Files    int            `json:"files"`
	Passed   int            `json:"passed"`   // no finding above info
	Warnings int            `json:"warnings"` // worst finding is a warning
	Errors   int            `json:"errors"`   // at least one error
	Late     int            `json:"late"`     // received after the deadline
	Findings int            `json:"findings"` // all findings
	ByCode   map[string]int `json:"by_code"`
}

// FileResult is one file's verdict and findings.
type FileResult struct {
	Path string       `json:"path"`
	Name string       `json:"name"`
	Kind inspect.Kind `json:"kind"`
	Size int64        `json:"size"`
	// SHA256 is the hex digest of the file as checked.
	SHA256  string    `json:"sha256"`
	ModTime time.Time `json:"mod_time"`
	// ReceivedAt is the time the deadline rule used, and ReceivedFrom where
	// it came from: "register receipt", "file time" or "as of".
	ReceivedAt   time.Time `json:"received_at"`
	ReceivedFrom string    `json:"received_from"`
	Late         bool      `json:"late"`
	// Number, Title and Source are read from the name and header table.
	Number string `json:"number,omitempty"`
	Title  string `json:"title,omitempty"`
	Source string `json:"source,omitempty"`
	// Verdict is the worst severity: pass, info, warning or error.
	Verdict       finding.Severity  `json:"verdict"`
	Counts        finding.Counts    `json:"counts"`
	SuggestedName string            `json:"suggested_name,omitempty"`
	Findings      []finding.Finding `json:"findings"`
	// Facts are kept only with Options.KeepFacts (never in JSON).
	Facts *inspect.Facts `json:"-"`
}

// Passed reports whether the file has no warning or error.
func (f *FileResult) Passed() bool { return f.Verdict <= finding.Info }

// Label is the verdict as people read it: PASS (notes at most), WARNING
// or ERROR.
func (f *FileResult) Label() string {
	if f.Passed() {
		return "PASS"
	}
	return strings.ToUpper(f.Verdict.String())
}

func (f *FileResult) finish() {
	if f.Findings == nil {
		f.Findings = []finding.Finding{}
	}
	f.Verdict = finding.Worst(f.Findings)
	f.Counts = finding.Count(f.Findings)
}

func newReport(opt Options) *Report {
	r := &Report{
		Schema: Schema, Version: SchemaVersion, Tool: Tool,
		Generated: time.Now().UTC().Truncate(time.Second),
		Meeting:   opt.Profile.ID, Deadline: opt.Profile.Deadline(),
		zone: opt.Profile.Location(),
	}
	if !opt.AsOf.IsZero() {
		t := opt.AsOf
		r.AsOf = &t
	}
	return r
}

// Resummarise recounts Summary after Files changed (a watch session adds
// each pass's results to one report).
func (r *Report) Resummarise() { r.summarise() }

func (r *Report) summarise() {
	s := Summary{Files: len(r.Files), ByCode: map[string]int{}}
	for _, f := range r.Files {
		switch {
		case f.Verdict == finding.Error:
			s.Errors++
		case f.Verdict == finding.Warning:
			s.Warnings++
		default:
			s.Passed++
		}
		if f.Late {
			s.Late++
		}
		s.Findings += len(f.Findings)
		for _, fd := range f.Findings {
			s.ByCode[fd.Code]++
		}
	}
	r.Summary = s
}

// HasErrors reports whether any file has an error finding.
func (r *Report) HasErrors() bool { return r.Summary.Errors > 0 }

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// Save writes the report to path as JSON (.json), text (.txt) or an xlsx
// workbook (anything else), through a temp file and a rename.
func (r *Report) Save(path string) error {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json":
		return fsutil.WriteAtomic(path, fsutil.Overwrite, 0o644, r.WriteJSON)
	case ".txt":
		return fsutil.WriteAtomic(path, fsutil.Overwrite, 0o644, func(w io.Writer) error { return r.WriteText(w, true) })
	}
	return r.WriteXLSX(path)
}

// WriteText writes the report for a terminal: one block per file, the
// findings under it, and a summary line. With verbose false, files that
// pass show one line and info findings are left out.
func (r *Report) WriteText(w io.Writer, verbose bool) error {
	var b strings.Builder
	for _, f := range r.Files {
		fmt.Fprintf(&b, "%s  %s  %s  %s", f.Label(), f.Name, f.Kind, humanSize(f.Size))
		if f.Late {
			b.WriteString("  LATE")
		}
		c := f.Counts
		if c.Errors+c.Warnings > 0 {
			fmt.Fprintf(&b, "  (%d error(s), %d warning(s))", c.Errors, c.Warnings)
		}
		b.WriteString("\n")
		for _, fd := range f.Findings {
			if fd.Severity == finding.Info && !verbose {
				continue
			}
			b.WriteString("    ")
			b.WriteString(fd.String())
			b.WriteString("\n")
		}
		if f.SuggestedName != "" && !f.Passed() {
			fmt.Fprintf(&b, "    suggested name: %s\n", f.SuggestedName)
		}
	}
	s := r.Summary
	fmt.Fprintf(&b, "\n%d file(s): %d pass, %d with warnings, %d with errors, %d late (deadline %s).",
		s.Files, s.Passed, s.Warnings, s.Errors, s.Late, r.Deadline.In(r.location()).Format("2 Jan 2006 15:04 MST"))
	if r.AsOf != nil {
		fmt.Fprintf(&b, " As of %s.", r.AsOf.In(r.location()).Format("2 Jan 2006 15:04 MST"))
	}
	if r.Skipped > 0 {
		fmt.Fprintf(&b, " %d hidden or lock file(s) skipped.", r.Skipped)
	}
	if r.Cancelled {
		b.WriteString(" Cancelled before the end.")
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func (r *Report) location() *time.Location {
	if r.zone != nil {
		return r.zone
	}
	return time.UTC
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
