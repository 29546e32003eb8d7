// Package check owns running the rules over files: it expands a list of
// files and folders, inspects each file once on a bounded pool of workers
// (all cores by default), applies the rules, streams progress, stops when
// cancelled, and produces a Report that it can write as text, JSON (a
// stable, documented schema) or an xlsx workbook.
//
// Checking never writes to the files it checks: inspect opens them
// read-only, and reports are written elsewhere.
package check

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fgdesk/fgdesk/app/internal/finding"
	"github.com/fgdesk/fgdesk/app/internal/inspect"
	"github.com/fgdesk/fgdesk/app/internal/meeting"
	"github.com/fgdesk/fgdesk/app/internal/register"
	"github.com/fgdesk/fgdesk/app/internal/rules"
)

// Inspector reads one file into Facts; inspect.File is the real one.
type Inspector func(ctx context.Context, path string) (*inspect.Facts, error)

// Options configure a run.
type Options struct {
	// Profile is the meeting; nil means the built-in default.
	Profile *meeting.Profile
	// AsOf is "as if now were" (zero: the real clock); see rules.Context.
	AsOf time.Time
	// Recursive descends into sub-folders of the folders given.
	Recursive bool
	// Workers bounds the pool; 0 means runtime.NumCPU().
	Workers int
	// Inspect reads files; nil means inspect.File with default limits.
	Inspect Inspector
	// Tool names the program in the report; empty means this program
	// and its version (version.Tool, e.g. "fgdesk 0.1.0").
	Tool string
	// Progress, if set, is called after each file, from one goroutine at a
	// time, in completion order.
	Progress func(Progress)
	// KeepFacts keeps each file's Facts (without its text) in the result,
	// for the GUI's details pane.
	KeepFacts bool
	// Register, if set, adds the register's rules (number allocated, not
	// received twice, title and source as allocated) and its receipt time.
	Register *register.Register
	// Record, with Register, records each file's receipt (time, hash,
	// verdict) in the register after checking it.
	Record bool
	// RegisterErr, when the register could not be opened (its server is
	// down), gives every file REG-UNAVAILABLE naming it instead of the
	// register's rules; nothing is recorded.
	RegisterErr error
	// Sink, if set, receives the report as it is made, file by file in
	// path order (see Sink); the returned Report then keeps no Files.
	Sink Sink
}

// Progress is a snapshot of a running check.
type Progress struct {
	Done    int    // files finished
	Total   int    // files to check
	Current string // the file just finished
}

// Findings of the runner itself.
var (
	// FileUnreadable is a file that could not be opened at all.
	FileUnreadable = finding.Define(finding.Spec{Code: "FILE-UNREADABLE", Title: "File could not be read", Severity: finding.Error, Cite: "Circular 253 §9", Family: "runner", Since: "0.1.0",
		Doc: "The file could not be opened at all (it vanished, is locked, or permissions forbid reading it), so no rule ran on it. Nothing about the file is known, and TSB must process each file (§9). Make the file readable and check it again."})
	// RegUnavailable is a register that could not be read or written.
	RegUnavailable = finding.Define(finding.Spec{Code: "REG-UNAVAILABLE", Title: "Register could not be consulted", Severity: finding.Error, Cite: "Circular 253 §9", Family: "register", Since: "0.1.0",
		Doc: "The register could not be read or written for this file (the cause is in the message), so the register's rules did not run or no receipt was recorded. Without the register TSB cannot tell whether the number was allocated or already used (§9). Fix the cause (a locked, moved or damaged register), then check the file again."})
	// RegReceipt says a receipt was recorded in the register.
	RegReceipt = finding.Define(finding.Spec{Code: "REG-RECEIPT", Title: "Receipt recorded in the register", Severity: finding.Info, Cite: "Circular 253 §9", Family: "register", Since: "0.1.0",
		Doc: "For information: the file's receipt (time, hash, verdict) was recorded in the register, was already recorded, or was refused and logged; the message says which. Nothing to fix."})
)

var _ = finding.DefineFamily(finding.Family{Name: "runner", Rank: 100, Doc: "The file could be read at all."})

// TuneGC sets the garbage collector for a checking run with the given
// number of workers (0: one per CPU): collect less often (GOGC 400), but
// stay under a soft limit of 32 MiB plus 8 MiB per worker (48 MiB for
// two). Checking allocates short-lived buffers per file; fewer
// collections save time. The limit keeps peak memory from growing with
// the folder: without it the heap's high-water mark drifted up over a
// long run (more collections, more freed pages not yet returned: 10,000
// files peaked 1.14-1.19 times as high as 1,000); at the limit the
// runtime returns freed pages first. A file that needs more than the
// limit still gets it, at the cost of more frequent collections while it
// is read. It returns a function restoring the previous settings. The
// CLI and the benchmark call it; the library never does on its own.
func TuneGC(workers int) (restore func()) {
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	oldPct := debug.SetGCPercent(400)
	oldLim := debug.SetMemoryLimit(int64(32+8*workers) << 20)
	return func() {
		debug.SetGCPercent(oldPct)
		debug.SetMemoryLimit(oldLim)
	}
}

// Run checks the files and folders in paths. Folders are expanded (see
// Expand). The report lists files in path order, whatever order workers
// finish in. When ctx is cancelled, Run stops starting files, waits for
// those under way, and returns the partial report with Cancelled set and
// ctx's error.
func Run(ctx context.Context, paths []string, opt Options) (*Report, error) {
	files, skipped, err := Expand(paths, opt.Recursive)
	if err != nil {
		return nil, err
	}
	return run(ctx, files, skipped, opt)
}

// RunFiles checks exactly the given files.
func RunFiles(ctx context.Context, files []string, opt Options) (*Report, error) {
	return run(ctx, files, 0, opt)
}

func run(ctx context.Context, files []string, skipped int, opt Options) (*Report, error) {
	if opt.Profile == nil {
		opt.Profile = meeting.Default()
	}
	if opt.Inspect == nil {
		opt.Inspect = func(ctx context.Context, path string) (*inspect.Facts, error) {
			return inspect.File(ctx, path, inspect.Options{})
		}
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	workers = min(workers, max(len(files), 1))

	r := newReport(opt)
	r.Skipped = skipped
	out := &collector{r: r, sink: opt.Sink, pending: map[int]*FileResult{}}
	if out.sink == nil {
		r.Files = make([]FileResult, 0, len(files))
	} else if err := out.sink.Begin(r); err != nil {
		return nil, err
	}
	// Workers take the next file by an atomic counter: no feeder
	// goroutine, no channel hand-off (and its wake-ups) per file.
	var next atomic.Int64
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= len(files) {
					return
				}
				res := checkOne(ctx, files[i], opt)
				mu.Lock()
				out.add(i, &res)
				done++
				if opt.Progress != nil {
					opt.Progress(Progress{Done: done, Total: len(files), Current: files[i]})
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	var cancelled error
	if ctx.Err() != nil && done < len(files) {
		cancelled = ctx.Err()
	}
	if cancelled != nil {
		r.Cancelled = true
		out.flush() // the files finished after a gap
	}
	r.explain()
	if out.sink != nil {
		if err := out.sink.End(r); err != nil && out.err == nil {
			out.err = err
		}
	}
	if out.err != nil {
		return r, fmt.Errorf("write report: %w", out.err)
	}
	return r, cancelled
}

// collector takes results in completion order and passes them on in path
// order: to the sink, or into the report's Files. Every result is counted
// in the summary; with a sink none is kept once passed on.
type collector struct {
	r       *Report
	sink    Sink
	next    int
	pending map[int]*FileResult
	err     error // the sink's first error; later files are not written
}

func (c *collector) add(i int, f *FileResult) {
	c.pending[i] = f
	for {
		f, ok := c.pending[c.next]
		if !ok {
			return
		}
		delete(c.pending, c.next)
		c.next++
		c.emit(f)
	}
}

// flush passes on what waits behind files never checked (a cancelled run).
func (c *collector) flush() {
	idx := make([]int, 0, len(c.pending))
	for i := range c.pending {
		idx = append(idx, i)
	}
	slices.Sort(idx)
	for _, i := range idx {
		c.emit(c.pending[i])
		delete(c.pending, i)
	}
}

func (c *collector) emit(f *FileResult) {
	c.r.Summary.count(f)
	switch {
	case c.sink == nil:
		c.r.Files = append(c.r.Files, *f)
	case c.err == nil:
		c.err = c.sink.File(f)
	}
}

// checkOne inspects one file, applies the rules (the register's too) in
// one call, and records the receipt.
func checkOne(ctx context.Context, path string, opt Options) FileResult {
	res := FileResult{Path: path, Name: filepath.Base(path)}
	facts, err := opt.Inspect(ctx, path)
	if err != nil {
		res.Kind = inspect.KindUnknown
		res.Findings = []finding.Finding{FileUnreadable.New(res.Name, fmt.Sprintf("Cannot read the file: %v.", err))}
		res.finish()
		return res
	}
	rc := &rules.Context{Profile: opt.Profile, AsOf: opt.AsOf}
	switch {
	case opt.RegisterErr != nil:
		rc.Register = func(f *inspect.Facts, _ string) ([]finding.Finding, time.Time) {
			return []finding.Finding{RegUnavailable.New(f.Name, "The register could not be consulted (its server is unavailable); no receipt recorded.")}, time.Time{}
		}
	case opt.Register != nil:
		rc.Register = func(f *inspect.Facts, num string) ([]finding.Finding, time.Time) {
			fs, l, err := opt.Register.CheckFile(ctx, register.Series(opt.Profile), num, registerInput(f))
			if err != nil {
				return []finding.Finding{RegUnavailable.New(f.Name, fmt.Sprintf("The register could not be read: %v.", err))}, time.Time{}
			}
			if l.SameFile(f.SHA256) {
				return fs, l.ReceivedAt
			}
			return fs, time.Time{}
		}
	}
	out := rules.Run(facts, rc)
	res.Findings = out.Findings
	res.Kind = facts.Kind
	res.Size = facts.Size
	res.SHA256 = facts.SHA256
	res.ModTime = facts.ModTime
	res.ReceivedAt, res.ReceivedFrom, res.Late = out.ReceivedAt, out.ReceivedFrom, out.Late
	res.SuggestedName = rules.SuggestName(facts, rc)
	if res.SuggestedName == res.Name {
		res.SuggestedName = ""
	}
	res.Number = out.Number
	if h := facts.Header; h != nil {
		res.Title = h.Fields.Title
		res.Source = h.Fields.Source
	}
	if opt.Register != nil && opt.Record && out.Number != "" {
		res.Findings = append(res.Findings, record(ctx, opt, facts, out.Number, res))
		finding.Sort(res.Findings)
	}
	if opt.KeepFacts {
		facts.Text = "" // the text can be megabytes; the rules have read it
		res.Facts = facts
	}
	res.finish()
	return res
}

// Expand turns files and folders into a sorted list of files. Folders give
// their regular files (and, when recursive, those of sub-folders); hidden
// files (".name"), Office lock files ("~$name") and FG Desk's own upload
// receipts next to their file (see IsUploadReceipt) are skipped and
// counted. A file named on the command line is always checked.
// Symbolic links to folders are not followed. A path that does not exist is
// an error naming it.
func Expand(paths []string, recursive bool) (files []string, skipped int, err error) {
	seen := map[string]bool{}
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			files = append(files, p)
		}
	}
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, 0, fmt.Errorf("check %s: %w", p, unwrapPathError(err))
		}
		if !st.IsDir() {
			add(p)
			continue
		}
		var dirFiles []string
		walkErr := filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				if path == p {
					return err
				}
				return nil // an unreadable sub-folder is left out, not fatal
			}
			if path == p {
				return nil
			}
			name := d.Name()
			if d.IsDir() {
				if !recursive || strings.HasPrefix(name, ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$") {
				skipped++
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 {
				if st, err := os.Stat(path); err != nil || !st.Mode().IsRegular() {
					skipped++
					return nil
				}
			} else if !d.Type().IsRegular() {
				skipped++
				return nil
			}
			dirFiles = append(dirFiles, path)
			return nil
		})
		if walkErr != nil {
			return nil, 0, fmt.Errorf("check %s: %w", p, unwrapPathError(walkErr))
		}
		slices.Sort(dirFiles)
		for _, f := range dirFiles {
			if doc, ok := strings.CutSuffix(f, ReceiptSuffix); ok && has(dirFiles, doc) && IsUploadReceipt(f) {
				skipped++
				continue
			}
			add(f)
		}
	}
	return files, skipped, nil
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func registerInput(f *inspect.Facts) register.FileInput {
	in := register.FileInput{Where: f.Name, SHA256: f.SHA256}
	if f.Header != nil {
		in.Title, in.Source = f.Header.Fields.Title, f.Header.Fields.Source
	}
	base := strings.TrimSuffix(f.Name, filepath.Ext(f.Name))
	in.Revision = register.RevisionMarked(base, in.Title)
	return in
}

// record writes the receipt and returns a finding saying what happened.
func record(ctx context.Context, opt Options, f *inspect.Facts, num string, res FileResult) finding.Finding {
	in := registerInput(f)
	n, err := register.ParseNumber(num)
	if err != nil {
		return RegUnavailable.New(res.Name, fmt.Sprintf("No receipt recorded: %v.", err))
	}
	rc, err := opt.Register.Receive(ctx, register.ReceiptInput{
		Series: register.Series(opt.Profile), Number: n, Path: f.Path, Name: f.Name,
		SHA256: f.SHA256, Size: f.Size, ReceivedAt: res.ReceivedAt, Verdict: finding.Worst(res.Findings).String(),
		Title: in.Title, Source: in.Source, Revision: in.Revision,
	})
	switch {
	case register.Refused(err):
		return RegReceipt.New(res.Name, fmt.Sprintf("Receipt refused and logged: %v.", err))
	case err != nil:
		return RegUnavailable.New(res.Name, fmt.Sprintf("No receipt recorded: %v.", err))
	case rc.Unchanged:
		return RegReceipt.New(res.Name, fmt.Sprintf("Already recorded for %s (status %s).", rc.Document.Name, rc.Document.Status))
	}
	return RegReceipt.New(res.Name, fmt.Sprintf("Receipt recorded for %s: %s, revision %d.", rc.Document.Name, rc.Document.Status, rc.Document.Revision))
}

// has reports whether the sorted list holds s.
func has(sorted []string, s string) bool {
	_, ok := slices.BinarySearch(sorted, s)
	return ok
}

// Upload receipts: fgdesk upload keeps one next to each file it sends, as
// FILE.receipt.json (package transfer writes them; these are the one
// definition of their name and schema).
const (
	ReceiptSuffix       = ".receipt.json"
	UploadReceiptSchema = "fgdesk-upload-receipt"
)

// IsUploadReceipt reports whether the file at path is an upload receipt
// of FG Desk's: at most 64 KiB of JSON whose schema says so. Expand skips
// one only when its document is beside it, so a check of an export
// folder does not report our own receipts as unknown files, while any
// other stray file is still checked.
func IsUploadReceipt(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, 64<<10+1))
	if err != nil || len(b) > 64<<10 {
		return false
	}
	var r struct {
		Schema string `json:"schema"`
	}
	return json.Unmarshal(b, &r) == nil && r.Schema == UploadReceiptSchema
}
