package check

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/fgdesk/fgdesk/app/internal/finding"
)

// A Sink receives a report while the run makes it, so that a caller can
// write the report without holding every file's result: Begin with the
// header (meeting, deadline, tool), File for each file in path order as
// soon as it and the files before it are done, End once with the summary.
// With Options.Sink set, the Report that RunFiles returns keeps no
// per-file results (Files is empty), only the summary: memory stays flat
// in the number of files. WriteJSON and WriteText are these sinks over a
// kept report, so both paths write the same bytes.
type Sink interface {
	Begin(r *Report) error
	File(f *FileResult) error
	End(r *Report) error
}

// NewJSONSink writes the report as indented JSON (the documented schema,
// in the same order as WriteJSON). Files are spooled to a temporary file
// until End, since the summary comes before them; the spool is removed at
// End.
func NewJSONSink(w io.Writer) Sink { return &jsonSink{w: w} }

type jsonSink struct {
	w     io.Writer
	spool *os.File
	bw    *bufio.Writer
	n     int
	buf   bytes.Buffer
	enc   *json.Encoder
}

func (s *jsonSink) Begin(*Report) error {
	f, err := os.CreateTemp("", "fgdesk-report-*.json")
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	s.spool, s.bw = f, bufio.NewWriterSize(f, 64<<10)
	s.enc = json.NewEncoder(&s.buf)
	s.enc.SetIndent("    ", "  ")
	s.enc.SetEscapeHTML(false)
	return nil
}

func (s *jsonSink) File(f *FileResult) error {
	s.buf.Reset()
	if err := s.enc.Encode(f); err != nil {
		return err
	}
	sep := ",\n    "
	if s.n == 0 {
		sep = "\n    "
	}
	s.n++
	s.bw.WriteString(sep)
	_, err := s.bw.Write(bytes.TrimSuffix(s.buf.Bytes(), []byte("\n")))
	return err
}

func (s *jsonSink) End(r *Report) (err error) {
	defer func() {
		s.spool.Close()
		os.Remove(s.spool.Name())
	}()
	if err := s.bw.Flush(); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	head := *r
	head.Files = []FileResult{}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&head); err != nil {
		return err
	}
	// Files is the last field: the encoding ends with "files": []}.
	const tail = "[]\n}\n"
	out := b.Bytes()
	if s.n == 0 || !bytes.HasSuffix(out, []byte(tail)) {
		_, err := s.w.Write(out)
		return err
	}
	if _, err := s.w.Write(append(out[:len(out)-len(tail)], '[')); err != nil {
		return err
	}
	if _, err := s.spool.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if _, err := io.Copy(s.w, s.spool); err != nil {
		return err
	}
	_, err = io.WriteString(s.w, "\n  ]\n}\n")
	return err
}

// NewTextSink writes the report as text, one block per file, then the
// summary line; verbose includes info findings.
func NewTextSink(w io.Writer, verbose bool) Sink {
	return &textSink{w: bufio.NewWriter(w), verbose: verbose}
}

type textSink struct {
	w       *bufio.Writer
	verbose bool
}

func (s *textSink) Begin(*Report) error { return nil }

func (s *textSink) File(f *FileResult) error {
	b := s.w
	fmt.Fprintf(b, "%s  %s  %s  %s", f.Label(), f.Name, f.Kind, humanSize(f.Size))
	if f.Late {
		b.WriteString("  LATE")
	}
	c := f.Counts
	if c.Errors+c.Warnings > 0 {
		fmt.Fprintf(b, "  (%d error(s), %d warning(s))", c.Errors, c.Warnings)
	}
	b.WriteString("\n")
	for _, fd := range f.Findings {
		if fd.Severity == finding.Info && !s.verbose {
			continue
		}
		b.WriteString("    ")
		b.WriteString(fd.String())
		b.WriteString("\n")
	}
	if f.SuggestedName != "" && !f.Passed() {
		fmt.Fprintf(b, "    suggested name: %s\n", f.SuggestedName)
	}
	return nil
}

func (s *textSink) End(r *Report) error {
	var b strings.Builder
	sm := r.Summary
	fmt.Fprintf(&b, "\n%d file(s): %d pass, %d with warnings, %d with errors, %d late (deadline %s).",
		sm.Files, sm.Passed, sm.Warnings, sm.Errors, sm.Late, r.Deadline.In(r.location()).Format("2 Jan 2006 15:04 MST"))
	if r.AsOf != nil {
		fmt.Fprintf(&b, " As of %s.", r.AsOf.In(r.location()).Format("2 Jan 2006 15:04 MST"))
	}
	if r.Skipped > 0 {
		fmt.Fprintf(&b, " %d hidden, lock or upload-receipt file(s) skipped.", r.Skipped)
	}
	if r.Cancelled {
		b.WriteString(" Cancelled before the end.")
	}
	b.WriteString("\n")
	s.w.WriteString(b.String())
	return s.w.Flush()
}

// replay feeds a kept report to a sink.
func (r *Report) replay(s Sink) error {
	if err := s.Begin(r); err != nil {
		return err
	}
	for i := range r.Files {
		if err := s.File(&r.Files[i]); err != nil {
			return err
		}
	}
	return s.End(r)
}
