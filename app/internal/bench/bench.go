// Package bench measures the checker on a generated corpus against two
// references, on the same files in the same run:
//
//   - the floor: inflating every zip entry of every file with archive/zip
//     into io.Discard (the least any OOXML reader must do); also shown
//     with the checker's faster inflate (package inflate) in archive/zip,
//     so the share of the inflate itself is visible;
//   - python-docx (Debian's python3-docx), extracting the text of every
//     paragraph and table cell, the way a script-based checker would.
//
// Both references and the checker use the same number of workers, and
// hand files out to them the same way (an atomic counter: a channel
// hand-off per file left a core idle and made both sides ~40 % slower in
// wall time, the floor more than the check). Peak
// memory is measured on a child process (`fgdesk check`), once on the
// whole corpus and once on the 1 GiB zip bomb alone.
package bench

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fgdesk/fgdesk/app/internal/check"
	"github.com/fgdesk/fgdesk/app/internal/corpus"
	"github.com/fgdesk/fgdesk/app/internal/corpus/hostile"
	"github.com/fgdesk/fgdesk/app/internal/inflate"
	"github.com/fgdesk/fgdesk/app/internal/meeting"
)

// Options configure Run.
type Options struct {
	N       int    // contributions to generate (default 1000)
	Dir     string // corpus folder; empty: a temp folder, removed after
	Workers int    // 0: all cores
	// Self is the fgdesk binary to run as a child for memory; empty:
	// os.Executable().
	Self string
	// Python is the interpreter with python-docx; empty: /usr/bin/python3.
	Python string
	// Log receives progress lines; may be nil.
	Log io.Writer
	// Rounds is how many times floor and check each run (median kept);
	// 0 means 5.
	Rounds int
}

// Result is one run's measurements.
type Result struct {
	Files      int
	Bytes      int64
	Workers    int
	Rounds     int // floor and check: median of this many runs
	Floor      time.Duration
	FastFloor  time.Duration // the floor with the checker's inflate
	Check      time.Duration
	PythonDocx time.Duration // 0 when python-docx is not available
	PythonNote string        // why python-docx was skipped
	CheckRSS   int64         // peak RSS of `fgdesk check` on the corpus, bytes
	BombRSS    int64         // peak RSS of `fgdesk check` on the 1 GiB bomb, bytes
	BombTime   time.Duration
	Errors     int // files with errors (should be 0 on realistic files)
	// RatioMin and RatioMax are the lowest and highest check/floor of
	// one round (check and the floor just before it), 0 with one round:
	// how much the machine moved while the figures were taken.
	RatioMin, RatioMax float64
	// Machine names where the figures come from: CPU model (from
	// /proc/cpuinfo), cores, OS and architecture, Go version.
	Machine string
}

// machine describes this computer for the figures' record.
func machine() string {
	cpu := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				cpu = strings.Join(strings.Fields(v), " ")
				break
			}
		}
	}
	return fmt.Sprintf("%s, %d cores, %s/%s, %s", cpu, runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.Version())
}

// Run generates (or reuses) the corpus and measures.
func Run(ctx context.Context, opt Options) (*Result, error) {
	if opt.N <= 0 {
		opt.N = 1000
	}
	if opt.Rounds <= 0 {
		opt.Rounds = 5
	}
	if opt.Workers <= 0 {
		opt.Workers = runtime.NumCPU()
	}
	if opt.Python == "" {
		opt.Python = "/usr/bin/python3"
	}
	logf := func(format string, a ...any) {
		if opt.Log != nil {
			fmt.Fprintf(opt.Log, format+"\n", a...)
		}
	}
	dir := opt.Dir
	if dir == "" {
		d, err := os.MkdirTemp("", "fgdesk-bench-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	p := meeting.Default()
	files, _, _ := check.Expand([]string{dir}, false)
	if len(files) < opt.N {
		logf("generating %d contributions in %s …", opt.N, dir)
		if _, err := corpus.Generate(dir, p, corpus.Options{N: opt.N, Seed: 1}); err != nil {
			return nil, err
		}
		files, _, _ = check.Expand([]string{dir}, false)
	}
	files = files[:opt.N]
	r := &Result{Files: len(files), Workers: opt.Workers, Machine: machine()}
	for _, f := range files {
		if st, err := os.Stat(f); err == nil {
			r.Bytes += st.Size()
		}
	}

	// Warm the page cache so the first measurement is not penalised.
	if _, err := floor(files, opt.Workers, false); err != nil {
		return nil, err
	}
	// Floor and check alternate, Rounds times each; each keeps its median,
	// so a burst of other work on the machine does not decide the ratio.
	rounds := max(opt.Rounds, 1)
	var floors, fastFloors, checks []time.Duration
	defer check.TuneGC(opt.Workers)()
	for i := range rounds {
		logf("round %d/%d: floor (inflate every entry) …", i+1, rounds)
		runtime.GC()
		t0 := time.Now()
		if _, err := floor(files, opt.Workers, false); err != nil {
			return nil, err
		}
		floors = append(floors, time.Since(t0))
		runtime.GC()
		t0 = time.Now()
		if _, err := floor(files, opt.Workers, true); err != nil {
			return nil, err
		}
		fastFloors = append(fastFloors, time.Since(t0))

		logf("round %d/%d: fgdesk check …", i+1, rounds)
		runtime.GC()
		t0 = time.Now()
		rep, err := check.RunFiles(ctx, files, check.Options{Profile: p, Workers: opt.Workers})
		if err != nil {
			return nil, err
		}
		checks = append(checks, time.Since(t0))
		r.Errors = rep.Summary.Errors
	}
	r.Floor, r.FastFloor, r.Check, r.Rounds = median(floors), median(fastFloors), median(checks), rounds
	if rounds > 1 {
		r.RatioMin, r.RatioMax = roundRatios(checks, floors)
	}

	logf("python-docx …")
	r.PythonDocx, r.PythonNote = pythonDocx(ctx, opt.Python, files, opt.Workers)

	self := opt.Self
	if self == "" {
		self, _ = os.Executable()
	}
	logf("peak memory of fgdesk check (child process) …")
	var err error
	if r.CheckRSS, _, err = childRSS(ctx, self, "check", "--json", "--workers", fmt.Sprint(opt.Workers), dir); err != nil {
		return nil, err
	}
	bombDir, err := os.MkdirTemp("", "fgdesk-bomb-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(bombDir)
	name, data := hostile.ZipBomb()
	bomb := filepath.Join(bombDir, name)
	if err := os.WriteFile(bomb, data, 0o644); err != nil {
		return nil, err
	}
	if r.BombRSS, r.BombTime, err = childRSS(ctx, self, "check", bomb); err != nil {
		return nil, err
	}
	return r, nil
}

// floor inflates every entry of every file into io.Discard with
// archive/zip; fast swaps in the checker's inflate.
func floor(files []string, workers int, fast bool) (int64, error) {
	var total int64
	var mu sync.Mutex
	var firstErr error
	// Files are handed out as check hands them out (an atomic counter, no
	// channel), so both sides pay the same for the distribution.
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(files) {
					return
				}
				n, err := inflateAll(files[i], fast)
				mu.Lock()
				total += n
				if err != nil && firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return total, firstErr
}

func inflateAll(path string, fast bool) (int64, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return 0, fmt.Errorf("floor %s: %w", path, err)
	}
	defer zr.Close()
	if fast {
		zr.RegisterDecompressor(zip.Deflate, fastInflate)
	}
	var n int64
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return n, err
		}
		m, err := io.Copy(io.Discard, rc)
		rc.Close()
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// pyScript extracts all text with python-docx, like a script-based checker:
// paragraphs, table cells, headers and footers.
const pyScript = `
import sys
from multiprocessing import Pool
import docx

def text(path):
    d = docx.Document(path)
    n = sum(len(p.text) for p in d.paragraphs)
    for t in d.tables:
        for row in t.rows:
            for c in row.cells:
                n += len(c.text)
    for s in d.sections:
        n += sum(len(p.text) for p in s.header.paragraphs) + sum(len(p.text) for p in s.footer.paragraphs)
    return n

if __name__ == "__main__":
    files = [l.strip() for l in sys.stdin if l.strip()]
    with Pool(int(sys.argv[1])) as pool:
        total = sum(pool.map(text, files, chunksize=8))
    print(total)
`

func pythonDocx(ctx context.Context, python string, files []string, workers int) (time.Duration, string) {
	if err := exec.CommandContext(ctx, python, "-c", "import docx").Run(); err != nil {
		return 0, python + " cannot import docx (Debian: apt-get install python3-docx)"
	}
	cmd := exec.CommandContext(ctx, python, "-c", pyScript, fmt.Sprint(workers))
	cmd.Stdin = strings.NewReader(strings.Join(files, "\n"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	t0 := time.Now()
	if err := cmd.Run(); err != nil {
		return 0, "python-docx failed: " + firstLine(stderr.String())
	}
	return time.Since(t0), ""
}

// childRSS runs self with args and returns its peak resident set size, as
// the child reports it (see EnvPeakRSS). Exit code 1 (errors found) is
// expected and not an error.
func childRSS(ctx context.Context, self string, args ...string) (int64, time.Duration, error) {
	peak, err := os.CreateTemp("", "fgdesk-peak-*")
	if err != nil {
		return 0, 0, err
	}
	peak.Close()
	defer os.Remove(peak.Name())
	cmd := exec.CommandContext(ctx, self, args...)
	cmd.Env = append(os.Environ(), EnvPeakRSS+"="+peak.Name())
	cmd.Stdout = io.Discard
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	t0 := time.Now()
	err = cmd.Run()
	d := time.Since(t0)
	var ee *exec.ExitError
	if err != nil && !(errors.As(err, &ee) && ee.ExitCode() == 1) {
		return 0, d, fmt.Errorf("%s %s: %v: %s", filepath.Base(self), strings.Join(args, " "), err, firstLine(stderr.String()))
	}
	b, _ := os.ReadFile(peak.Name())
	var kb int64
	if _, err := fmt.Sscanf(string(b), "%d kB", &kb); err != nil {
		return 0, d, fmt.Errorf("%s did not report its peak memory (Linux only)", filepath.Base(self))
	}
	return kb * 1024, d, nil
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// WriteText prints the measurements and the ratios against the targets.
func (r *Result) WriteText(w io.Writer) {
	mb := func(n int64) string { return fmt.Sprintf("%.0f MB", float64(n)/(1<<20)) }
	if r.Machine != "" {
		fmt.Fprintf(w, "machine: %s\n", r.Machine)
	}
	fmt.Fprintf(w, "corpus: %d contributions, %.1f MB; %d worker(s) each; floor and check: median of %d alternating runs\n", r.Files, float64(r.Bytes)/(1<<20), r.Workers, r.Rounds)
	fmt.Fprintf(w, "%-34s %10s %12s\n", "", "time", "per file")
	row := func(name string, d time.Duration) {
		fmt.Fprintf(w, "%-34s %10s %12s\n", name, d.Round(time.Millisecond), (d / time.Duration(max(r.Files, 1))).Round(time.Microsecond))
	}
	row("floor (inflate every entry)", r.Floor)
	if r.FastFloor > 0 {
		row("floor with the checker's inflate", r.FastFloor)
	}
	row("fgdesk check (all rules)", r.Check)
	if r.PythonDocx > 0 {
		row("python-docx (text only)", r.PythonDocx)
	} else {
		fmt.Fprintf(w, "%-34s %s\n", "python-docx", "skipped: "+r.PythonNote)
	}
	fmt.Fprintf(w, "check / floor:        %.2fx   (target <= 1.5x)\n", float64(r.Check)/float64(r.Floor))
	if r.RatioMax > 0 {
		fmt.Fprintf(w, "  by round:           %.2f-%.2fx\n", r.RatioMin, r.RatioMax)
	}
	if r.FastFloor > 0 {
		fmt.Fprintf(w, "check / fast floor:   %.2fx\n", float64(r.Check)/float64(r.FastFloor))
	}
	if r.PythonDocx > 0 {
		fmt.Fprintf(w, "python-docx / check:  %.1fx   (target >= 10x)\n", float64(r.PythonDocx)/float64(r.Check))
	}
	fmt.Fprintf(w, "peak RSS, check of the corpus:      %s   (target <= 150 MB)\n", mb(r.CheckRSS))
	fmt.Fprintf(w, "peak RSS, check of the 1 GiB bomb:  %s   (target <= 64 MB), %s\n", mb(r.BombRSS), r.BombTime.Round(time.Millisecond))
	if r.Errors > 0 {
		why := ""
		if r.Files > maxNumber && r.Errors <= r.Files-maxNumber {
			why = fmt.Sprintf(" (numbers above %d do not fit innovation-i-nnnn)", maxNumber)
		}
		fmt.Fprintf(w, "note: %d realistic file(s) had errors%s\n", r.Errors, why)
	}
}

// fastInflate is the checker's inflate (package inflate, which package
// ooxml reads deflated entries with), for archive/zip. Readers are pooled
// and reset, as archive/zip pools its own.
func fastInflate(r io.Reader) io.ReadCloser {
	fr, ok := fastPool.Get().(*inflate.Reader)
	if ok {
		fr.ResetReader(r)
	} else {
		fr = inflate.NewReader(r)
	}
	return &pooledInflate{fr}
}

var fastPool sync.Pool

type pooledInflate struct{ *inflate.Reader }

func (p *pooledInflate) Close() error {
	if p.Reader != nil {
		p.Reader.Reset(nil) // the pool keeps no file's reader alive
		fastPool.Put(p.Reader)
		p.Reader = nil
	}
	return nil
}

// maxNumber is the highest document number the four digits of
// innovation-i-nnnn hold: a corpus of more files has some misnamed.
const maxNumber = 9999

// roundRatios returns the lowest and highest checks[i]/floors[i].
func roundRatios(checks, floors []time.Duration) (lo, hi float64) {
	for i := range min(len(checks), len(floors)) {
		if floors[i] <= 0 {
			continue
		}
		q := float64(checks[i]) / float64(floors[i])
		if lo == 0 || q < lo {
			lo = q
		}
		hi = max(hi, q)
	}
	return lo, hi
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// README markers around the figures `fgdesk bench --readme FILE` writes.
const (
	ReadmeBegin = "<!-- fgdesk bench: begin (regenerated by fgdesk bench --readme README.md) -->"
	ReadmeEnd   = "<!-- fgdesk bench: end -->"
)

// SpliceReadme returns readme with the text between ReadmeBegin and
// ReadmeEnd replaced by r's figures in a fenced block.
func SpliceReadme(readme []byte, r *Result) ([]byte, error) {
	s := string(readme)
	i := strings.Index(s, ReadmeBegin)
	j := strings.Index(s, ReadmeEnd)
	if i < 0 || j < i {
		return nil, fmt.Errorf("no %q … %q markers", ReadmeBegin, ReadmeEnd)
	}
	var b strings.Builder
	r.WriteText(&b)
	return []byte(s[:i+len(ReadmeBegin)] + "\n```\n" + b.String() + "```\n" + s[j:]), nil
}
