package draft

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/fgdesk/fgdesk/app/internal/contribution"
)

// DefaultDelay is how long the Autosaver waits after the last change.
const DefaultDelay = 3 * time.Second

// autosavePrefix starts the name of every autosave file:
// autosave-<pid>-<session>.json.
const autosavePrefix = "autosave-"

// Autosaver writes snapshots of the contribution being edited to one file
// in an autosave folder, a few seconds after the last change (debounce), so
// that a crash loses at most those seconds. It is safe for concurrent use;
// writes happen on a timer goroutine, never on the caller's.
//
// A clean Close removes the file; a file left behind by a crash is found by
// Recoverable at the next start.
type Autosaver struct {
	path  string
	delay time.Duration

	mu      sync.Mutex
	timer   *time.Timer
	pending *contribution.Model // latest snapshot not yet written
	meeting string
	baseDir string
	closed  bool
	err     error     // last write error, nil after a good write
	saved   time.Time // last good write

	writeMu  sync.Mutex // one write at a time
	lastBody []byte     // JSON of the last contribution written
}

// NewAutosaver returns an Autosaver writing into dir (the caller passes
// appdir.Sub("autosave")) after delay without changes (0 means
// DefaultDelay). Each Autosaver (one per session) has its own file.
func NewAutosaver(dir string, delay time.Duration) *Autosaver {
	if delay <= 0 {
		delay = DefaultDelay
	}
	name := fmt.Sprintf("%s%d-%s.json", autosavePrefix, os.Getpid(), strconv.FormatInt(time.Now().UnixNano(), 36))
	return &Autosaver{path: filepath.Join(dir, name), delay: delay}
}

// Path returns the file the Autosaver writes.
func (a *Autosaver) Path() string { return a.path }

// SetMeeting records the meeting profile ID written with the snapshots.
func (a *Autosaver) SetMeeting(id string) {
	a.mu.Lock()
	a.meeting = id
	a.mu.Unlock()
}

// SetBaseDir records the folder the body's images are relative to (the
// folder of the draft being edited), so a restored autosave finds them.
func (a *Autosaver) SetBaseDir(dir string) {
	a.mu.Lock()
	a.baseDir = dir
	a.mu.Unlock()
}

// Touch records that m changed. A copy of m is taken at once; it is written
// after the delay unless another Touch comes first. Touch after Close does
// nothing.
func (a *Autosaver) Touch(m *contribution.Model) {
	if m == nil {
		return
	}
	snap := m.Clone()
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return
	}
	a.pending = snap
	if a.timer == nil {
		a.timer = time.AfterFunc(a.delay, a.fire)
	} else {
		a.timer.Reset(a.delay)
	}
}

func (a *Autosaver) fire() { _ = a.Flush() }

// Flush writes the pending snapshot now, if there is one, and returns the
// write's error.
func (a *Autosaver) Flush() error {
	a.writeMu.Lock()
	defer a.writeMu.Unlock()
	a.mu.Lock()
	m := a.pending
	a.pending = nil
	d := &Draft{Meeting: a.meeting, BaseDir: a.baseDir}
	closed := a.closed
	a.mu.Unlock()
	if m == nil || closed {
		return nil
	}
	d.Contribution = *m
	body, err := json.Marshal(d)
	if err == nil && bytes.Equal(body, a.lastBody) {
		return nil // nothing changed since the last write
	}
	if err == nil {
		if err = os.MkdirAll(filepath.Dir(a.path), 0o700); err == nil {
			err = save(a.path, d, 0o600)
		}
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if err != nil {
		a.err = fmt.Errorf("autosave: %w", err)
		// Keep the snapshot so the next Touch or Flush tries again.
		if a.pending == nil {
			a.pending = m
		}
		return a.err
	}
	a.err = nil
	a.saved = d.Saved
	a.lastBody = body
	return nil
}

// Status returns when the last snapshot was written and the error of the
// last write attempt (nil if it succeeded), for a status line.
func (a *Autosaver) Status() (saved time.Time, err error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.saved, a.err
}

// Close stops the Autosaver and removes its file: the session ended
// cleanly, so there is nothing to recover. Call Flush first to keep it.
func (a *Autosaver) Close() error {
	a.mu.Lock()
	a.closed = true
	a.pending = nil
	if a.timer != nil {
		a.timer.Stop()
	}
	a.mu.Unlock()
	a.writeMu.Lock() // wait for a write in progress
	defer a.writeMu.Unlock()
	if err := os.Remove(a.path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("autosave: %w", err)
	}
	return nil
}

// Recovery is an autosave left behind by a session that did not end
// cleanly.
type Recovery struct {
	Path  string    // the autosave file
	Saved time.Time // when it was written
	Draft *Draft
}

// Title describes the recovered contribution in a line, e.g.
// `no. 0012, "Proposed structure of the Innovation Report"`.
func (r Recovery) Title() string {
	c := r.Draft.Contribution
	var parts []string
	if n := strings.TrimSpace(c.Number); n != "" {
		parts = append(parts, "no. "+clip(n))
	}
	if t := strings.TrimSpace(c.Title); t != "" {
		parts = append(parts, strconv.Quote(clip(t)))
	}
	if len(parts) == 0 {
		return "an untitled contribution"
	}
	return strings.Join(parts, ", ")
}

// Discard removes the autosave file (after it was restored or declined).
func (r Recovery) Discard() error {
	if err := os.Remove(r.Path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("autosave: %w", err)
	}
	return nil
}

// Recoverable lists the autosaves in dir that crashed sessions left, newest
// first. Files of sessions still running (this one or another FG Desk
// window) are skipped, and so are files that cannot be read or hold an
// empty contribution; none is removed. A missing dir is not an error.
func Recoverable(dir string) ([]Recovery, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("autosave: %w", err)
	}
	var out []Recovery
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasPrefix(name, autosavePrefix) || !strings.HasSuffix(name, ".json") {
			continue
		}
		if pid, ok := namePID(name); ok && (pid == os.Getpid() || alive(pid)) {
			continue
		}
		p := filepath.Join(dir, name)
		d, err := Load(p)
		if err != nil || isEmpty(&d.Contribution) {
			continue
		}
		saved := d.Saved
		if saved.IsZero() {
			if fi, err := e.Info(); err == nil {
				saved = fi.ModTime()
			}
		}
		out = append(out, Recovery{Path: p, Saved: saved, Draft: d})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Saved.After(out[j].Saved) })
	return out, nil
}

// namePID reads the process ID from an autosave file name.
func namePID(name string) (int, bool) {
	rest := strings.TrimPrefix(name, autosavePrefix)
	i := strings.IndexByte(rest, '-')
	if i <= 0 {
		return 0, false
	}
	pid, err := strconv.Atoi(rest[:i])
	return pid, err == nil && pid > 0
}

func isEmpty(m *contribution.Model) bool {
	if strings.TrimSpace(m.Number+m.Source+m.Title+m.WGs+m.Abstract+m.Keywords+m.Body) != "" {
		return false
	}
	for _, c := range m.Contacts {
		if !c.IsEmpty() {
			return false
		}
	}
	return true
}
