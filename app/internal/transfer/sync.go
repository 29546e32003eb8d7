package transfer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fgdesk/fgdesk/app/internal/fsutil"
)

// StateFile is the mirror's record of what was downloaded (hidden, in the
// mirror folder).
const StateFile = ".fgdesk-mirror.json"

// Receipt-time sources, as reports print them.
const (
	FromServerMLSD = "server time (MLSD)"
	FromServerMDTM = "server time (MDTM)"
	FromFileTime   = "file time (local folder)"
	FromFirstSeen  = "first seen (the server gave no time)"
)

// SyncOptions tune Sync.
type SyncOptions struct {
	// Mirror is the local folder the files are copied into (created).
	Mirror string
	Retry  Retry
	// MaxSize skips (with an error) files larger than this; 0 means 256 MiB.
	MaxSize int64
	// MinAge skips files modified less than this long ago (still being
	// written); they are taken on a later pass. 0 takes them at once.
	MinAge time.Duration
	// Progress, if set, is called while a file downloads.
	Progress func(name string, done, total int64)
	// Now is the clock (nil: time.Now), for first-seen times.
	Now func() time.Time
}

// Mirrored is one file of the incoming folder and what Sync did with it.
type Mirrored struct {
	Name   string `json:"name"`
	Remote string `json:"remote"` // its path in the Store
	Path   string `json:"path"`   // its copy in the mirror
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
	// ServerTime is the Store's modification time (zero if it gave none).
	ServerTime time.Time `json:"server_time,omitzero"`
	// ReceivedAt is the receipt time: the server time, else the first time
	// a sync saw the file; ReceivedFrom says which (From* constants).
	ReceivedAt   time.Time `json:"received_at"`
	ReceivedFrom string    `json:"received_from"`
	FirstSeen    time.Time `json:"first_seen"`
	// Downloaded is true when this pass copied it (new or changed).
	Downloaded bool `json:"-"`
	// Err is why the file could not be mirrored this pass (then nothing
	// is under Path for this version).
	Err error `json:"-"`
	// Pending is true when the file was left for a later pass (too new).
	Pending bool `json:"-"`
}

// SyncResult is one pass over the incoming folder.
type SyncResult struct {
	Source   string
	Security string
	Files    []Mirrored // every file seen, sorted by name
}

// Downloaded returns the files copied on this pass.
func (r SyncResult) Downloaded() []Mirrored {
	return r.filter(func(m Mirrored) bool { return m.Downloaded })
}

// Failed returns the files that could not be copied.
func (r SyncResult) Failed() []Mirrored {
	return r.filter(func(m Mirrored) bool { return m.Err != nil })
}

func (r SyncResult) filter(f func(Mirrored) bool) []Mirrored {
	var out []Mirrored
	for _, m := range r.Files {
		if f(m) {
			out = append(out, m)
		}
	}
	return out
}

type mirrorState struct {
	Schema string              `json:"schema"`
	Source string              `json:"source"`
	Files  map[string]Mirrored `json:"files"`
}

func loadState(mirror string) (mirrorState, error) {
	st := mirrorState{Schema: "fgdesk-mirror", Files: map[string]Mirrored{}}
	b, err := os.ReadFile(filepath.Join(mirror, StateFile))
	if errors.Is(err, os.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return st, err
	}
	if err := json.Unmarshal(b, &st); err != nil || st.Schema != "fgdesk-mirror" {
		return st, fmt.Errorf("%s: not a mirror record (%v); move it away to start a fresh mirror", filepath.Join(mirror, StateFile), err)
	}
	if st.Files == nil {
		st.Files = map[string]Mirrored{}
	}
	return st, nil
}

func saveState(mirror string, st mirrorState) error {
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	return fsutil.WriteAtomic(filepath.Join(mirror, StateFile), fsutil.Overwrite, 0o644, func(w io.Writer) error {
		_, err := w.Write(append(b, '\n'))
		return err
	})
}

// safeName reports whether a server's file name can be a mirror file name.
func safeName(n string) bool {
	return n != "" && filepath.IsLocal(n) && !strings.ContainsAny(n, `/\:`) && filepath.Base(n) == n && len(n) <= 255
}

// Sync copies every new or changed file of the Store's folder into the
// mirror, once: a file with the same size and time as when it was last
// copied is not downloaded again. Each copy streams into a temporary file
// in the mirror, is checked against the listing (bytes received, and size
// and time on the server after the copy: a file that changed meanwhile is
// retried, then reported, never kept) and renamed into place read-only
// (0444) with the receipt time as its modification time. The files on the
// Store are only read.
func Sync(ctx context.Context, st Store, opt SyncOptions) (SyncResult, error) {
	now := opt.Now
	if now == nil {
		now = time.Now
	}
	if opt.MaxSize <= 0 {
		opt.MaxSize = 256 << 20
	}
	res := SyncResult{Source: st.Target().String(), Security: st.Security()}
	if err := os.MkdirAll(opt.Mirror, 0o755); err != nil {
		return res, fmt.Errorf("mirror %s: %w", opt.Mirror, err)
	}
	state, err := loadState(opt.Mirror)
	if err != nil {
		return res, err
	}
	state.Source = res.Source
	var list []Entry
	err = opt.Retry.do(ctx, func() error {
		var err error
		list, err = st.List(ctx, st.Target().Path)
		return err
	})
	if err != nil {
		return res, fmt.Errorf("list %s: %w", res.Source, err)
	}
	slices.SortFunc(list, func(a, b Entry) int { return strings.Compare(a.Name, b.Name) })
	dirty := false
	for _, e := range list {
		if e.Dir || hidden(e.Name) {
			continue
		}
		if ctx.Err() != nil {
			break
		}
		m := Mirrored{Name: e.Name, Remote: st.Target().Join(e.Name), Size: e.Size, ServerTime: e.ModTime}
		if !safeName(e.Name) {
			m.Err = fmt.Errorf("%q: unusable file name; left on the server", e.Name)
			res.Files = append(res.Files, m)
			continue
		}
		m.Path = filepath.Join(opt.Mirror, e.Name)
		old, known := state.Files[e.Name]
		if known && old.Size == e.Size && old.ServerTime.Equal(e.ModTime) && fileThere(m.Path, old.Size) {
			res.Files = append(res.Files, old)
			continue
		}
		if opt.MinAge > 0 && !e.ModTime.IsZero() && now().Sub(e.ModTime) < opt.MinAge {
			m.Pending = true
			res.Files = append(res.Files, m)
			continue
		}
		if e.Size > opt.MaxSize {
			m.Err = fmt.Errorf("%s: %d bytes, more than the %d-byte limit; left on the server", e.Name, e.Size, opt.MaxSize)
			res.Files = append(res.Files, m)
			continue
		}
		m.FirstSeen = now().UTC()
		if known && !old.FirstSeen.IsZero() {
			m.FirstSeen = old.FirstSeen
		}
		m.Err = download(ctx, st, e, &m, opt)
		if m.Err == nil {
			m.Downloaded = true
			state.Files[e.Name] = m
			dirty = true
		}
		res.Files = append(res.Files, m)
	}
	if dirty {
		if err := saveState(opt.Mirror, state); err != nil {
			return res, fmt.Errorf("mirror %s: %w", opt.Mirror, err)
		}
	}
	return res, ctx.Err()
}

func fileThere(p string, size int64) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular() && fi.Size() == size
}

// download copies one file into the mirror, retrying a dropped link or a
// file that changed while being copied.
func download(ctx context.Context, st Store, e Entry, m *Mirrored, opt SyncOptions) error {
	r := opt.Retry
	inner := r
	inner.Attempts = 1
	attempts := r.Attempts
	if attempts <= 0 {
		attempts = 3
	}
	var err error
	for i := 1; i <= attempts; i++ {
		err = inner.do(ctx, func() error { return downloadOnce(ctx, st, &e, m, opt) })
		if err == nil || !(Transient(err) || errors.Is(err, ErrChanged)) || ctx.Err() != nil {
			break
		}
		if r.OnRetry != nil && i < attempts {
			r.OnRetry(i, err)
		}
		if i < attempts {
			wait := r.Wait
			if wait <= 0 {
				wait = time.Second
			}
			select {
			case <-ctx.Done():
			case <-time.After(wait * time.Duration(i)):
			}
			// Take the file as it is now.
			if ne, serr := st.Stat(ctx, m.Remote); serr == nil {
				if ne.ModTime.IsZero() {
					ne.ModTime = e.ModTime
				}
				e.Size, e.ModTime = ne.Size, ne.ModTime
			}
		}
	}
	if err != nil && (Transient(err) || errors.Is(err, ErrChanged)) {
		tries := "once"
		if attempts > 1 {
			tries = fmt.Sprintf("%d times", attempts)
		}
		return fmt.Errorf("%w (tried %s; nothing kept in the mirror)", err, tries)
	}
	return err
}

type countWriter struct {
	w     io.Writer
	n     int64
	limit int64
	name  string
	total int64
	fn    func(string, int64, int64)
}

func (c *countWriter) Write(b []byte) (int, error) {
	if c.n+int64(len(b)) > c.limit {
		return 0, fmt.Errorf("%w: more bytes than listed (%d)", ErrChanged, c.total)
	}
	n, err := c.w.Write(b)
	c.n += int64(n)
	if c.fn != nil {
		c.fn(c.name, c.n, c.total)
	}
	return n, err
}

func downloadOnce(ctx context.Context, st Store, e *Entry, m *Mirrored, opt SyncOptions) error {
	h := sha256.New()
	var got int64
	// An earlier, read-only copy is replaced by rename; Windows refuses to
	// replace a read-only file, so make it writable first.
	if fi, err := os.Lstat(m.Path); err == nil && fi.Mode().IsRegular() {
		_ = os.Chmod(m.Path, 0o644)
	}
	err := fsutil.WriteAtomic(m.Path, fsutil.Overwrite, 0o444, func(w io.Writer) error {
		cw := &countWriter{w: io.MultiWriter(w, h), limit: e.Size + 1, name: e.Name, total: e.Size, fn: opt.Progress}
		if _, err := st.Get(ctx, m.Remote, cw); err != nil {
			return err
		}
		got = cw.n
		if got != e.Size {
			return fmt.Errorf("download %s: %w: listed %d bytes, received %d", m.Remote, ErrChanged, e.Size, got)
		}
		after, err := st.Stat(ctx, m.Remote)
		if err != nil {
			return fmt.Errorf("download %s: check after download: %w", m.Remote, err)
		}
		if after.Size != e.Size || (!after.ModTime.IsZero() && !e.ModTime.IsZero() && !after.ModTime.Truncate(time.Second).Equal(e.ModTime.Truncate(time.Second))) {
			return fmt.Errorf("download %s: %w (listed %d bytes at %s, now %d bytes at %s); it is probably still being uploaded", m.Remote, ErrChanged,
				e.Size, fmtT(e.ModTime), after.Size, fmtT(after.ModTime))
		}
		if e.ModTime.IsZero() && !after.ModTime.IsZero() {
			e.ModTime, e.TimeFrom = after.ModTime, after.TimeFrom
		}
		return nil
	})
	if err != nil {
		return err
	}
	m.Size = got
	m.SHA256 = hex.EncodeToString(h.Sum(nil))
	m.ServerTime = e.ModTime
	switch {
	case e.ModTime.IsZero():
		m.ReceivedAt, m.ReceivedFrom = m.FirstSeen, FromFirstSeen
	case e.TimeFrom == "file":
		m.ReceivedAt, m.ReceivedFrom = e.ModTime, FromFileTime
	case e.TimeFrom == "MDTM":
		m.ReceivedAt, m.ReceivedFrom = e.ModTime, FromServerMDTM
	case e.TimeFrom == "MLSD":
		m.ReceivedAt, m.ReceivedFrom = e.ModTime, FromServerMLSD
	default: // LIST: minutes at best; ask for the exact time.
		if x, err := st.Stat(ctx, m.Remote); err == nil && !x.ModTime.IsZero() && x.TimeFrom == "MDTM" {
			m.ReceivedAt, m.ReceivedFrom = x.ModTime, FromServerMDTM
		} else {
			m.ReceivedAt, m.ReceivedFrom = m.FirstSeen, FromFirstSeen
		}
	}
	// The copy carries the receipt time, so the checker's deadline rule
	// (and the register's receipt) use the server's time.
	if err := os.Chtimes(m.Path, m.ReceivedAt, m.ReceivedAt); err != nil {
		return fmt.Errorf("mirror %s: %w", m.Path, err)
	}
	return nil
}

func fmtT(t time.Time) string {
	if t.IsZero() {
		return "no time"
	}
	return t.UTC().Format("2006-01-02 15:04:05 UTC")
}
