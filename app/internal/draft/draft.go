// Package draft owns FG Desk's draft files and autosaves.
//
// A draft is one contribution being written, saved as JSON with a versioned
// schema:
//
//	{
//	  "schema": "fgdesk-draft",
//	  "version": 1,
//	  "meeting": "fg-innovation-1203-gva",
//	  "saved": "2012-03-05T10:00:00Z",
//	  "contribution": { ...contribution.Model... }
//	}
//
// Images that the body references are relative to the draft's folder
// (autosaves record the folder they are relative to in "base_dir").
//
// Load reads a draft from outside with a size cap and says where a
// malformed file is wrong (line:column); Save writes atomically (temp file in
// the same folder, fsync, rename). Autosaver keeps the work of a session in
// the app's autosave folder after a few seconds without typing, and
// Recoverable lists what a crashed session left there.
package draft

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/fgdesk/fgdesk/app/internal/contribution"
	"github.com/fgdesk/fgdesk/app/internal/fsutil"
)

// Schema and Version identify the draft format this package reads and writes.
const (
	Schema  = "fgdesk-draft"
	Version = 1
)

// MaxSize is the largest draft file Load reads and Save writes.
const MaxSize = 16 << 20

// Draft is one draft file.
type Draft struct {
	Schema  string `json:"schema"`
	Version int    `json:"version"`
	// Meeting is the meeting profile ID; empty means the default meeting.
	Meeting string `json:"meeting,omitempty"`
	// Saved is when the draft was written (UTC).
	Saved time.Time `json:"saved,omitzero"`
	// BaseDir is the folder image paths are relative to, when that is not
	// the draft's own folder (autosaves live in the app's folder).
	BaseDir      string             `json:"base_dir,omitempty"`
	Contribution contribution.Model `json:"contribution"`
}

// ImageDir returns the folder the body's image paths are relative to for a
// draft read from path: BaseDir if set, else the draft's folder.
func (d *Draft) ImageDir(path string) string {
	if d.BaseDir != "" {
		return d.BaseDir
	}
	return filepath.Dir(path)
}

// Errors Load and Parse wrap, for callers that test with errors.Is.
var (
	ErrTooLarge = errors.New("draft too large")
	ErrSchema   = errors.New("not an FG Desk draft")
	ErrVersion  = errors.New("unsupported draft version")
	ErrSyntax   = errors.New("malformed draft")
)

// Load reads and checks the draft file at path. Errors name the file and
// say what is wrong, with line:column for malformed JSON.
func Load(path string) (*Draft, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("draft %s: %w", path, unwrapPath(err))
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("draft %s: %w", path, unwrapPath(err))
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("draft %s: is a folder, not a file", path)
	}
	if fi.Size() > MaxSize {
		return nil, tooLarge(path, fi.Size())
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("draft %s: %w", path, unwrapPath(err))
	}
	if len(data) > MaxSize {
		return nil, tooLarge(path, int64(len(data)))
	}
	return Parse(path, data)
}

func tooLarge(path string, n int64) error {
	return errorf(ErrTooLarge, "draft %s: file is %.1f MB, more than the %d MiB a draft may have", path, float64(n)/1e6, MaxSize>>20)
}

// draftError is an error whose message is complete in itself and that
// errors.Is matches against one of the Err* values.
type draftError struct {
	msg  string
	kind error
}

func (e *draftError) Error() string { return e.msg }
func (e *draftError) Unwrap() error { return e.kind }

func errorf(kind error, format string, args ...any) error {
	return &draftError{msg: fmt.Sprintf(format, args...), kind: kind}
}

// unwrapPath drops the *PathError layer, whose message repeats the path.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Parse checks and decodes a draft's bytes; name is used in messages.
func Parse(name string, data []byte) (*Draft, error) {
	if len(data) > MaxSize {
		return nil, tooLarge(name, int64(len(data)))
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a BOM from Notepad
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errorf(ErrSyntax, "draft %s: file is empty", name)
	}
	// First the envelope, leniently, so that a draft of another version
	// gets a message about the version rather than about a field.
	var probe struct {
		Schema  *string         `json:"schema"`
		Version json.RawMessage `json:"version"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, syntaxError(name, data, err)
	}
	switch {
	case probe.Schema == nil:
		return nil, errorf(ErrSchema, "draft %s: no \"schema\": %q field", name, Schema)
	case *probe.Schema != Schema:
		return nil, errorf(ErrSchema, "draft %s: schema is %q, want %q", name, clip(*probe.Schema), Schema)
	}
	var v int
	if err := json.Unmarshal(probe.Version, &v); err != nil || len(probe.Version) == 0 {
		return nil, errorf(ErrVersion, "draft %s: \"version\" must be a whole number (this FG Desk reads version %d)", name, Version)
	}
	if v > Version {
		return nil, errorf(ErrVersion, "draft %s: version %d was written by a newer FG Desk; this one reads version %d", name, v, Version)
	}
	if v != Version {
		return nil, errorf(ErrVersion, "draft %s: unknown version %d; this FG Desk reads version %d", name, v, Version)
	}
	d := &Draft{}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(d); err != nil {
		return nil, decodeError(name, data, dec, err)
	}
	if dec.More() {
		return nil, errorf(ErrSyntax, "draft %s:%s: text after the end of the draft", name, position(data, dec.InputOffset()))
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errorf(ErrSyntax, "draft %s:%s: text after the end of the draft", name, position(data, dec.InputOffset()))
	}
	return d, nil
}

// syntaxError words a json error with the line and column it happened at.
func syntaxError(name string, data []byte, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		msg := se.Error()
		switch {
		case strings.Contains(msg, "unexpected end of JSON input"):
			return errorf(ErrSyntax, "draft %s:%s: the file ends in the middle of the JSON (cut off?)", name, position(data, int64(len(data))))
		case strings.Contains(msg, "after top-level value"):
			return errorf(ErrSyntax, "draft %s:%s: text after the end of the draft", name, position(data, se.Offset-1))
		}
		// Offset counts the offending byte itself.
		return errorf(ErrSyntax, "draft %s:%s: malformed JSON: %s", name, position(data, se.Offset-1), msg)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return errorf(ErrSyntax, "draft %s:%s: %s", name, position(data, te.Offset), typeMessage(te))
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return errorf(ErrSyntax, "draft %s:%s: the file ends in the middle of the JSON (cut off?)", name, position(data, int64(len(data))))
	}
	return errorf(ErrSyntax, "draft %s: %s", name, strings.TrimPrefix(err.Error(), "json: "))
}

// decodeError words an error of the strict decoding pass.
func decodeError(name string, data []byte, dec *json.Decoder, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	if errors.As(err, &se) || errors.As(err, &te) || errors.Is(err, io.ErrUnexpectedEOF) {
		return syntaxError(name, data, err)
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if strings.HasPrefix(msg, "unknown field ") {
		off := dec.InputOffset()
		// InputOffset is where decoding stopped; find the field's own key.
		field := strings.TrimPrefix(msg, "unknown field ")
		if i := bytes.LastIndex(data[:min(int(off), len(data))], []byte(field)); i >= 0 {
			off = int64(i)
		}
		return errorf(ErrSyntax, "draft %s:%s: unknown field %s (a typo, or a draft of another program?)", name, position(data, off), field)
	}
	return errorf(ErrSyntax, "draft %s: %s", name, msg)
}

func typeMessage(te *json.UnmarshalTypeError) string {
	field := te.Field
	if field == "" {
		field = "the draft"
	}
	want := te.Type.String()
	switch te.Type.Kind().String() {
	case "string":
		want = "text in quotes"
	case "int", "int64":
		want = "a whole number"
	case "slice":
		want = "a list [...]"
	case "struct":
		want = "an object {...}"
	}
	return fmt.Sprintf("%s must be %s, not %s", field, want, te.Value)
}

// position returns "line:column" (1-based, columns in characters) of a byte
// offset.
func position(data []byte, off int64) string {
	if off < 0 {
		off = 0
	}
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	before := data[:off]
	line := bytes.Count(before, []byte{'\n'}) + 1
	start := bytes.LastIndexByte(before, '\n') + 1
	col := utf8.RuneCount(before[start:]) + 1
	return fmt.Sprintf("%d:%d", line, col)
}

// clip shortens a value quoted in a message.
func clip(s string) string {
	if utf8.RuneCountInString(s) > 40 {
		r := []rune(s)
		return string(r[:40]) + "…"
	}
	return s
}

// Marshal returns the draft as indented JSON, with Schema and Version set.
func Marshal(d *Draft) ([]byte, error) {
	c := *d
	c.Schema, c.Version = Schema, Version
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(&c); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Save writes d to path atomically: a temp file in the same folder,
// synced, then renamed over path. It sets d.Schema and d.Version, and
// d.Saved to the current time if it is zero. A draft that would be larger
// than MaxSize is refused (Load could not read it back).
func Save(path string, d *Draft) error {
	return save(path, d, 0o644)
}

func save(path string, d *Draft, perm os.FileMode) error {
	d.Schema, d.Version = Schema, Version
	if d.Saved.IsZero() {
		d.Saved = time.Now().UTC().Truncate(time.Second)
	}
	data, err := Marshal(d)
	if err != nil {
		return fmt.Errorf("draft %s: %w", path, err)
	}
	if len(data) > MaxSize {
		return errorf(ErrTooLarge, "draft %s: would be %.1f MB, more than the %d MiB a draft may have; move large parts of the body to separate files", path, float64(len(data))/1e6, MaxSize>>20)
	}
	if err := fsutil.WriteAtomic(path, fsutil.Overwrite, perm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}); err != nil {
		return fmt.Errorf("save draft: %w", err)
	}
	return nil
}
