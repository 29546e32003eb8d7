// Package register owns the secretariat's document register: one SQLite
// file (pure Go, modernc.org/sqlite) holding the meetings, the documents
// with their numbers, receipts and status, and an append-only event log of
// who did what when.
//
// It hands out document numbers (Allocate, Reserve, Release) so that two
// windows or two processes never get the same one; records receipts of
// incoming files (Receive) and answers the checker's questions about a
// number (Lookup, Check); files accepted documents into the meeting's
// read-only folder (Accept) and records rejections, withdrawals and
// supersessions; builds the number request and reply e-mails (RequestMail,
// ReplyMail); and exports the list of documents as xlsx and HTML and
// imports an xlsx register (ImportXLSX, with a dry run).
//
// It does not inspect files (package inspect does) and does not decide
// whether a file's content is acceptable (package rules does); it keeps the
// record. Nothing here imports Fyne: the GUI's register screen and the CLI
// call this API.
//
// Durability: the database runs in WAL mode with synchronous=FULL, so a
// transaction that returned nil from commit survives a kill -9 of the
// process and a power cut. Every change is one transaction that also
// appends its event; the event log refuses UPDATE and DELETE (triggers).
package register

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/user"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/fgdesk/fgdesk/app/internal/appdir"
)

// DefaultFile is the register's file name inside the app's data folder.
const DefaultFile = "register.db"

// DefaultBusyTimeout is how long a write waits for another window or
// process that holds the write lock before giving up with ErrLocked.
const DefaultBusyTimeout = 10 * time.Second

// Options configures Open. The zero value is fine.
type Options struct {
	// Who is recorded in the event log as the person acting; empty means
	// the operating system's user name.
	Who string
	// BackupDir receives the automatic backup taken before a schema
	// migration; empty means "backups" beside the database file.
	BackupDir string
	// ReadOnly opens the database without write access (list, export,
	// lookups); every write then fails with ErrReadOnly.
	ReadOnly bool
	// BusyTimeout overrides DefaultBusyTimeout.
	BusyTimeout time.Duration
	// Now replaces the clock (tests, replaying a past meeting); nil means
	// time.Now.
	Now func() time.Time
	// Host is recorded in the event log as the client machine; empty
	// means the operating system's host name.
	Host string
	// StatementTimeout bounds each statement on a server register
	// (DefaultStatementTimeout when zero); SQLite ignores it.
	StatementTimeout time.Duration
	// RetryFor is how long a write on a server keeps retrying while the
	// server is unreachable (restarting) before it gives up with
	// ErrUnavailable; zero means DefaultRetryFor, negative no retry.
	RetryFor time.Duration
}

// DefaultRetryFor is how long a server write waits out a restart.
const DefaultRetryFor = 15 * time.Second

// Register is an open register database. It is safe for concurrent use by
// several goroutines; several Registers (windows, processes) may open the
// same file at once.
type Register struct {
	db   *db
	path string // file path, or the server URL with its password redacted
	dsn  string // the server URL as given (PostgreSQL only)
	opt  Options
	// engine is SQLite or Postgres.
	engine Engine
	// handle prefixes the token of every transaction of this Register,
	// so that its watcher can skip the changes it made itself.
	handle string
	// down: a server write gave up as unavailable and none has
	// succeeded since (no more retry rounds until one does).
	down atomic.Bool
	// writeMu serialises this process's writers so that they queue in Go
	// rather than spin in SQLite's busy handler; other processes are kept
	// out by BEGIN IMMEDIATE.
	writeMu sync.Mutex
}

// DefaultPath returns the register file in the app's data folder
// (appdir), creating the folder.
func DefaultPath() (string, error) {
	return appdir.File(DefaultFile)
}

// Open opens (creating if needed) the register at path, applies pending
// schema migrations (after a backup of an existing database) and checks
// that the file is an FG Desk register.
func Open(path string, opt Options) (*Register, error) {
	if opt.Who == "" {
		opt.Who = osUser()
	}
	if opt.Host == "" {
		opt.Host = hostName()
	}
	if opt.BusyTimeout <= 0 {
		opt.BusyTimeout = DefaultBusyTimeout
	}
	if opt.RetryFor == 0 {
		opt.RetryFor = DefaultRetryFor
	}
	if IsServerURL(path) {
		return openServer(path, opt)
	}
	if path == "" {
		p, err := DefaultPath()
		if err != nil {
			return nil, fmt.Errorf("register: find the data folder: %w", err)
		}
		path = p
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("register %s: %w", path, err)
	}
	path = abs
	if opt.BackupDir == "" {
		opt.BackupDir = filepath.Join(filepath.Dir(path), "backups")
	}
	if fi, err := os.Stat(filepath.Dir(path)); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("register %s: folder %s does not exist", path, filepath.Dir(path))
	}
	existed := true
	if fi, err := os.Stat(path); err != nil {
		if !errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("register %s: %w", path, err)
		}
		if opt.ReadOnly {
			return nil, fmt.Errorf("register %s: no such file", path)
		}
		existed = false
	} else if fi.IsDir() {
		return nil, fmt.Errorf("register %s: is a folder, not a database file", path)
	}
	r := &Register{path: path, opt: opt, engine: SQLite, handle: newToken()[:8] + "."}
	db, err := r.connect(false)
	if err != nil && opt.ReadOnly && errors.Is(err, ErrReadOnly) {
		// A WAL database in a folder we cannot write to (a read-only
		// share, a CD): SQLite cannot create its -shm file, so read the
		// file as immutable. Nobody can be writing it through this
		// folder, and a read-only Register never writes.
		db, err = r.connect(true)
	}
	if err != nil {
		return nil, err
	}
	r.db = db
	if !existed {
		// The register holds delegates' e-mail addresses: keep it private.
		_ = os.Chmod(path, 0o600)
	}
	if err := r.migrate(existed); err != nil {
		db.Close()
		return nil, err
	}
	return r, nil
}

// openServer opens a register on a PostgreSQL server.
func openServer(dsn string, opt Options) (*Register, error) {
	r := &Register{path: Redact(dsn), dsn: strings.TrimSpace(dsn), opt: opt, engine: Postgres}
	if r.opt.BackupDir == "" {
		dir, err := appdir.Dir()
		if err != nil {
			dir = os.TempDir()
		}
		r.opt.BackupDir = filepath.Join(dir, "backups")
	}
	if err := r.openPostgres(); err != nil {
		return nil, err
	}
	if err := r.migrate(true); err != nil {
		r.db.Close()
		return nil, err
	}
	return r, nil
}

// connect opens the pool and checks that the file can be read.
func (r *Register) connect(immutable bool) (*db, error) {
	pool, err := sql.Open("sqlite", dsn(r.path, r.opt, immutable))
	if err != nil {
		return nil, r.wrap("open", err)
	}
	// One connection can do everything; a few let readers (the GUI's
	// table) proceed while a write waits.
	pool.SetMaxOpenConns(4)
	pool.SetMaxIdleConns(4)
	if err := pool.Ping(); err != nil {
		pool.Close()
		return nil, r.wrap("open", err)
	}
	return &db{DB: pool, engine: SQLite}, nil
}

// dsn builds the driver's URI for path: WAL, synchronous=FULL (a committed
// row survives kill -9 and power loss), foreign keys, busy timeout, and
// BEGIN IMMEDIATE for every transaction so that a writer takes the write
// lock before it reads the next free number.
func dsn(path string, opt Options, immutable bool) string {
	p := filepath.ToSlash(path)
	if runtime.GOOS == "windows" && !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", opt.BusyTimeout.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_txlock", "immediate")
	if opt.ReadOnly {
		q.Set("mode", "ro")
		if immutable {
			q.Set("immutable", "1")
		}
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
	}
	u := url.URL{Scheme: "file", Path: p, RawQuery: q.Encode()}
	return u.String()
}

// Close closes the database. Safe to call more than once.
func (r *Register) Close() error {
	if r == nil || r.db == nil {
		return nil
	}
	err := r.db.Close()
	return err
}

// Path returns the database file's absolute path, or for a server the
// connection URL with its password redacted.
func (r *Register) Path() string { return r.path }

// Engine returns the database engine behind the register.
func (r *Register) Engine() Engine { return r.engine }

// Host returns the client host recorded in the event log.
func (r *Register) Host() string { return r.opt.Host }

// Who returns the name recorded in the event log for this session.
func (r *Register) Who() string { return r.opt.Who }

func (r *Register) now() time.Time {
	if r.opt.Now != nil {
		return r.opt.Now().UTC()
	}
	return time.Now().UTC()
}

// osUser returns the operating system's user name, or "unknown".
func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	for _, k := range []string{"USER", "USERNAME", "LOGNAME"} {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	return "unknown"
}

// hostName returns the machine's name, or "unknown".
func hostName() string {
	if h, err := os.Hostname(); err == nil && h != "" {
		return h
	}
	return "unknown"
}

// Sentinel errors; test with errors.Is.
var (
	// ErrLocked: another window or process held the write lock for longer
	// than the busy timeout.
	ErrLocked = errors.New("database is locked by another program")
	// ErrReadOnly: the file, its folder or the open mode forbids writing.
	ErrReadOnly = errors.New("database is read-only")
	// ErrNotRegister: the file is not an FG Desk register (another SQLite
	// database, or not a database at all).
	ErrNotRegister = errors.New("not an FG Desk register")
	// ErrNewerSchema: the file was written by a newer FG Desk.
	ErrNewerSchema = errors.New("register was written by a newer FG Desk")
	// ErrNotFound: no document with that series and number.
	ErrNotFound = errors.New("no such document")
	// ErrNotAllocated: a file arrived for a number TSB never allocated.
	ErrNotAllocated = errors.New("number was never allocated")
	// ErrTaken: Reserve asked for a number that is already allocated.
	ErrTaken = errors.New("number is already allocated")
	// ErrSeriesFull: every number of the series' width is in use.
	ErrSeriesFull = errors.New("no free number left in the series")
	// ErrDuplicate: a different file arrived for a number already
	// received, and it was not marked as a revision.
	ErrDuplicate = errors.New("number already received under another file")
	// ErrInUse: Release of a number that has been received or acted on.
	ErrInUse = errors.New("number is in use")
	// ErrClosed: the document is withdrawn or superseded.
	ErrClosed = errors.New("document is closed")
	// ErrNotReceived: Accept of a document whose receipt is not recorded.
	ErrNotReceived = errors.New("document has not been received")
	// ErrHashMismatch: a file's content differs from what was recorded, or
	// a copy differs from its original.
	ErrHashMismatch = errors.New("file content differs from the register's SHA-256")
	// ErrInvalid: bad input (empty title, bad e-mail, bad status...).
	ErrInvalid = errors.New("invalid input")
	// ErrUnavailable: the register's server cannot be reached, or it
	// dropped the connection (restart, network).
	ErrUnavailable = errors.New("register server is unavailable")
	// ErrAuth: the server refused the login (user, password, database).
	ErrAuth = errors.New("the server refused the login")
	// ErrTimeout: a statement ran longer than the statement timeout.
	ErrTimeout = errors.New("the server did not answer within the statement timeout")
	// ErrNotEmpty: register migrate into a target that holds data.
	ErrNotEmpty = errors.New("target register is not empty")
)

// DBError is a database-level failure with the register's path, printed on
// one line, e.g. "register /x/register.db is read-only: attempt to write a
// readonly database". errors.Is matches ErrLocked / ErrReadOnly /
// ErrNotRegister by kind.
type DBError struct {
	Path string
	Op   string // what was being done: "open", "allocate", ...
	Kind error  // ErrLocked, ErrReadOnly, ErrNotRegister or nil
	Err  error  // the driver's error
}

// Error renders the failure on one line naming the register file.
func (e *DBError) Error() string {
	msg := oneLine(e.Err.Error())
	switch {
	case errors.Is(e.Kind, ErrReadOnly):
		return fmt.Sprintf("register %s is read-only (%s): %s", e.Path, e.Op, msg)
	case errors.Is(e.Kind, ErrLocked):
		return fmt.Sprintf("register %s is locked by another window or program (%s gave up waiting): %s", e.Path, e.Op, msg)
	case errors.Is(e.Kind, ErrNotRegister):
		return fmt.Sprintf("register %s is not an FG Desk register database: %s", e.Path, msg)
	case errors.Is(e.Kind, ErrUnavailable):
		return fmt.Sprintf("register %s is unavailable (%s): %s", e.Path, e.Op, msg)
	case errors.Is(e.Kind, ErrAuth):
		return fmt.Sprintf("register %s refused the login (%s): %s", e.Path, e.Op, msg)
	case errors.Is(e.Kind, ErrTimeout):
		return fmt.Sprintf("register %s timed out (%s): %s", e.Path, e.Op, msg)
	}
	return fmt.Sprintf("register %s: %s: %s", e.Path, e.Op, msg)
}

// Unwrap returns both the kind and the cause.
func (e *DBError) Unwrap() []error {
	if e.Kind == nil {
		return []error{e.Err}
	}
	return []error{e.Kind, e.Err}
}

// wrap classifies a driver error. Errors that already carry context from
// this package (sentinels wrapped with fmt.Errorf) pass through.
func (r *Register) wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	var de *DBError
	if errors.As(err, &de) {
		return err
	}
	if r.engine == Postgres {
		if isSentinel(err) && pgKind(err) == nil {
			return err
		}
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
			return &DBError{Path: r.path, Op: op, Kind: ErrTimeout, Err: err}
		}
		return &DBError{Path: r.path, Op: op, Kind: pgKind(err), Err: errors.New(scrub(oneLine(err.Error()), secrets(r.dsn)))}
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		kind := error(nil)
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			kind = ErrLocked
		case sqlite3.SQLITE_READONLY:
			kind = ErrReadOnly
		case sqlite3.SQLITE_NOTADB:
			kind = ErrNotRegister
		case sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH:
			if !writable(r.path) {
				kind = ErrReadOnly
			}
		}
		if se.Code() == sqlite3.SQLITE_READONLY_DIRECTORY {
			err = fmt.Errorf("the folder %s is not writable, and SQLite must create its journal files there: %w", filepath.Dir(r.path), err)
		}
		return &DBError{Path: r.path, Op: op, Kind: kind, Err: err}
	}
	if isSentinel(err) {
		return err
	}
	return &DBError{Path: r.path, Op: op, Err: err}
}

// isUnique reports a UNIQUE constraint violation.
func isUnique(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || isPgUnique(err)
}

func isSentinel(err error) bool {
	for _, s := range []error{ErrNotFound, ErrNotAllocated, ErrTaken, ErrSeriesFull, ErrDuplicate, ErrInUse, ErrClosed, ErrNotReceived, ErrHashMismatch, ErrInvalid, ErrNewerSchema, ErrNotRegister, ErrLocked, ErrReadOnly, ErrUnavailable, ErrAuth, ErrTimeout, ErrNotEmpty} {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

// writable reports whether the file (or, when missing, its folder) can be
// opened for writing by this process.
func writable(path string) bool {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err == nil {
		f.Close()
		return true
	}
	if errors.Is(err, os.ErrNotExist) {
		t, err := os.CreateTemp(filepath.Dir(path), ".fgdesk-probe-*")
		if err != nil {
			return false
		}
		t.Close()
		os.Remove(t.Name())
		return true
	}
	return false
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// write runs fn in one transaction and commits it: BEGIN IMMEDIATE on
// SQLite; on a server, a transaction that first takes the row lock of the
// register's schema row (SELECT ... FOR UPDATE), so that writers from
// every client queue one at a time exactly as on SQLite, and the lowest
// free number cannot be read by two of them at once.
func (r *Register) write(ctx context.Context, op string, fn func(tx *Tx) error) error {
	if r.opt.ReadOnly {
		return &DBError{Path: r.path, Op: op, Kind: ErrReadOnly, Err: errors.New("opened read-only")}
	}
	r.writeMu.Lock()
	defer r.writeMu.Unlock()
	if r.engine == Postgres {
		return r.pgWrite(ctx, op, fn)
	}
	sqlTx, err := r.db.BeginTx(ctx, nil) // BEGIN IMMEDIATE (_txlock=immediate)
	if err != nil {
		return r.wrap(op, err)
	}
	tx := &Tx{Tx: sqlTx, engine: r.engine, token: r.handle + newToken()}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return r.wrap(op, err)
	}
	if err := tx.Commit(); err != nil {
		tx.Rollback()
		return r.wrap(op, err)
	}
	return nil
}

// IntegrityCheck runs PRAGMA integrity_check and returns nil when SQLite
// answers "ok".
func (r *Register) IntegrityCheck(ctx context.Context) error {
	if r.engine == Postgres {
		// The server keeps its own files consistent; check that the
		// register's tables answer.
		var n int
		err := r.db.QueryRowContext(ctx, "SELECT (SELECT count(*) FROM documents) + (SELECT count(*) FROM events) + (SELECT count(*) FROM meetings)").Scan(&n)
		return r.wrap("integrity check", err)
	}
	rows, err := r.db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return r.wrap("integrity check", err)
	}
	defer rows.Close()
	var msgs []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return r.wrap("integrity check", err)
		}
		msgs = append(msgs, s)
	}
	if err := rows.Err(); err != nil {
		return r.wrap("integrity check", err)
	}
	if len(msgs) == 1 && msgs[0] == "ok" {
		return nil
	}
	return fmt.Errorf("register %s: integrity check failed: %s", r.path, strings.Join(msgs, "; "))
}
