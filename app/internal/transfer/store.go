package transfer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/textproto"
	"os"
	"strings"
	"syscall"
	"time"
)

// Entry is one file in a Store folder.
type Entry struct {
	Name    string
	Size    int64
	ModTime time.Time // zero when the server does not say
	// TimeFrom says where ModTime came from: "MLSD", "MDTM", "LIST"
	// (minute precision at best), "file" (a local folder) or "" (unknown).
	TimeFrom string
	Dir      bool
}

// Store is a folder tree that files go into and come out of: an FTP
// server or a local folder. Paths are the Store's own ("/incoming/x.docx"
// on a server, an OS path locally), as built by Target.Join.
type Store interface {
	// Target is where the Store points.
	Target() Target
	// Security describes the link: "explicit TLS", "implicit TLS",
	// "plain text (password and files readable on the network)" or
	// "local folder".
	Security() string
	// List returns the files of a folder (not sub-folders' contents).
	List(ctx context.Context, dir string) ([]Entry, error)
	// Stat returns one file's size and time; a missing file gives an
	// error matching ErrNotExist.
	Stat(ctx context.Context, p string) (Entry, error)
	// Put stores r under p, replacing any file there.
	Put(ctx context.Context, p string, r io.Reader) error
	// Get copies p to w and returns the bytes copied.
	Get(ctx context.Context, p string, w io.Writer) (int64, error)
	// Rename moves from to to (replacing to where the server allows).
	Rename(ctx context.Context, from, to string) error
	// Delete removes a file.
	Delete(ctx context.Context, p string) error
	// MkdirAll creates a folder and its parents where missing.
	MkdirAll(ctx context.Context, dir string) error
	// Close ends the session.
	Close() error
}

// Errors callers can test with errors.Is.
var (
	ErrNotExist   = fs.ErrNotExist
	ErrExists     = errors.New("already there")
	ErrLogin      = errors.New("login refused")                     // 530
	ErrPermission = errors.New("refused by the server")             // 550, 553
	ErrQuota      = errors.New("server out of space or over quota") // 552, 452
	ErrTimeout    = errors.New("timed out")
	ErrConnection = errors.New("connection lost")
	ErrChanged    = errors.New("file changed while being copied")
	ErrVerify     = errors.New("verification failed")
)

// opError is a failed operation with its kind (one of the errors above)
// and the server's own words.
type opError struct {
	op, path string
	kind     error
	cause    error
	hint     string // what would likely help, when the cause suggests it
}

func (e *opError) Error() string {
	msg := e.op
	if e.path != "" {
		msg += " " + e.path
	}
	if e.kind != nil {
		msg += ": " + e.kind.Error()
	}
	if e.cause != nil {
		c := strings.TrimSpace(e.cause.Error())
		if e.kind == nil || !strings.Contains(c, e.kind.Error()) {
			msg += " (" + oneLine(c) + ")"
		}
	}
	if e.hint != "" {
		msg += "; " + e.hint
	}
	return msg
}

func (e *opError) Unwrap() []error {
	if e.kind == nil {
		return []error{e.cause}
	}
	return []error{e.kind, e.cause}
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// classify wraps err from an FTP or file operation with its kind.
func classify(op, p string, err error) error {
	if err == nil {
		return nil
	}
	var oe *opError
	if errors.As(err, &oe) {
		return err
	}
	return &opError{op: op, path: p, kind: kindOf(err), cause: err}
}

func kindOf(err error) error {
	var tp *textproto.Error
	if errors.As(err, &tp) {
		switch tp.Code {
		case 530, 332:
			return ErrLogin
		case 550:
			low := strings.ToLower(tp.Msg)
			if strings.Contains(low, "no such file") || strings.Contains(low, "not found") || strings.Contains(low, "does not exist") || strings.Contains(low, "not a regular file") {
				return ErrNotExist
			}
			return ErrPermission
		case 553, 532, 450:
			return ErrPermission
		case 552, 452:
			return ErrQuota
		case 421, 425, 426:
			return ErrConnection
		}
		return nil
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded):
		return ErrTimeout
	case errors.Is(err, fs.ErrNotExist):
		return ErrNotExist
	case errors.Is(err, fs.ErrExist):
		return ErrExists
	case errors.Is(err, fs.ErrPermission):
		return ErrPermission
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		return ErrQuota
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, net.ErrClosed),
		errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.EPIPE),
		errors.Is(err, syscall.ECONNABORTED):
		return ErrConnection
	}
	var ne net.Error
	if errors.As(err, &ne) {
		if ne.Timeout() {
			return ErrTimeout
		}
		return ErrConnection
	}
	var op *net.OpError
	if errors.As(err, &op) {
		return ErrConnection
	}
	return nil
}

// Transient reports whether retrying the same operation may succeed: a
// lost connection or a timeout, not a refusal.
func Transient(err error) bool {
	return errors.Is(err, ErrConnection) || errors.Is(err, ErrTimeout)
}

// Retry bounds the retries of transient failures.
type Retry struct {
	Attempts int           // total tries; 0 means 3
	Wait     time.Duration // before the 2nd try, doubled after; 0 means 1 s
	// OnRetry, if set, is told about each failure that is retried.
	OnRetry func(attempt int, err error)
}

func (r Retry) do(ctx context.Context, f func() error) error {
	n, wait := r.Attempts, r.Wait
	if n <= 0 {
		n = 3
	}
	if wait <= 0 {
		wait = time.Second
	}
	var err, first error
	for i := 1; ; i++ {
		if err = f(); err == nil || !Transient(err) || i >= n || ctx.Err() != nil {
			if err != nil && i > 1 && Transient(err) {
				if first != nil && first.Error() != err.Error() {
					return fmt.Errorf("%w (gave up after %d tries; first: %v)", err, i, first)
				}
				return fmt.Errorf("%w (gave up after %d tries)", err, i)
			}
			return err
		}
		if first == nil {
			first = err
		}
		if r.OnRetry != nil {
			r.OnRetry(i, err)
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(wait):
		}
		wait *= 2
	}
}

// Dialer opens a Store for a target; Open is the one callers use.
type Dialer struct {
	// Password for the FTP user (empty: anonymous gets "anonymous@").
	Password string
	// TLS is "auto" (explicit TLS when the server offers it, else plain
	// text, said clearly), "explicit", "implicit" or "off". "" means auto.
	TLS string
	// CAFile is a PEM bundle to trust instead of the system's roots.
	CAFile string
	// Timeout bounds connecting and every read or write on the link (a
	// stalled server); 0 means 30 s.
	Timeout time.Duration
}

// Open returns a Store for t: a local folder or an FTP session.
func (d Dialer) Open(ctx context.Context, t Target) (Store, error) {
	if t.IsLocal() {
		return OpenLocal(t.Path)
	}
	return dialFTP(ctx, t, d)
}
