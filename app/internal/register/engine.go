package register

import (
	"context"
	"crypto/rand"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// The register runs on one of two engines behind the same SQL: the
// embedded SQLite file (the default, for one officer) or a PostgreSQL
// server (a secretariat team). The code writes its queries once, with ?
// placeholders and the SQL both engines understand; the small dialect
// layer below rewrites the placeholders for PostgreSQL ($1, $2...) and
// maps the few functions that differ.

// Engine names the database behind a Register.
type Engine string

const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// IsServerURL reports whether a --db value names a PostgreSQL server
// (postgres:// or postgresql://) rather than a file.
func IsServerURL(s string) bool {
	l := strings.ToLower(strings.TrimSpace(s))
	return strings.HasPrefix(l, "postgres://") || strings.HasPrefix(l, "postgresql://")
}

// Redact returns a connection string with its password replaced by
// "xxxxx", for messages and window titles; other strings pass unchanged.
func Redact(s string) string {
	if !IsServerURL(s) {
		return s
	}
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		// Unparseable: keep only the scheme so no secret can leak.
		return strings.SplitN(s, "://", 2)[0] + "://(unreadable address)"
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// secrets lists the password of a connection string, to scrub from
// driver messages.
func secrets(s string) []string {
	if !IsServerURL(s) {
		return nil
	}
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return nil
	}
	var out []string
	if p, has := u.User.Password(); has && p != "" {
		out = append(out, p, url.QueryEscape(p))
	}
	if p := u.Query().Get("password"); p != "" {
		out = append(out, p)
	}
	return out
}

// rebind rewrites a query written for SQLite into PostgreSQL's dialect.
// The register's queries hold no ? inside string literals.
func rebind(q string) string {
	var b strings.Builder
	n := 0
	inStr := false
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'':
			inStr = !inStr
			b.WriteByte(c)
		case c == '?' && !inStr:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	return strings.ReplaceAll(b.String(), "instr(", "strpos(")
}

// db is the connection pool with the dialect applied.
type db struct {
	*sql.DB
	engine Engine
}

func (d *db) q(s string) string {
	if d.engine == Postgres {
		return rebind(s)
	}
	return s
}

func (d *db) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return d.DB.QueryRowContext(ctx, d.q(query), args...)
}

func (d *db) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return d.DB.QueryContext(ctx, d.q(query), args...)
}

func (d *db) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return d.DB.ExecContext(ctx, d.q(query), args...)
}

// Tx is one write transaction with the dialect applied. token marks its
// events so that a commit whose reply was lost can be looked up.
type Tx struct {
	*sql.Tx
	engine Engine
	token  string
	notify []string
}

func (t *Tx) q(s string) string {
	if t.engine == Postgres {
		return rebind(s)
	}
	return s
}

func (t *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return t.Tx.QueryRowContext(ctx, t.q(query), args...)
}

func (t *Tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return t.Tx.QueryContext(ctx, t.q(query), args...)
}

func (t *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return t.Tx.ExecContext(ctx, t.q(query), args...)
}

func newToken() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// DefaultStatementTimeout bounds every statement on a server, so that a
// hung server or a long lock wait ends in an error rather than a hang.
const DefaultStatementTimeout = 30 * time.Second

// DefaultConnectTimeout bounds connecting to a server.
const DefaultConnectTimeout = 10 * time.Second

// pgConfig parses a postgres:// URL and sets the register's session
// settings: statement and lock timeouts and the application name.
func pgConfig(dsn string, opt Options) (*pgx.ConnConfig, error) {
	cfg, err := pgx.ParseConfig(strings.TrimSpace(dsn))
	if err != nil {
		return nil, fmt.Errorf("bad server address: %s", scrub(oneLine(err.Error()), secrets(dsn)))
	}
	if cfg.ConnectTimeout == 0 || cfg.ConnectTimeout > DefaultConnectTimeout {
		cfg.ConnectTimeout = DefaultConnectTimeout
	}
	st := opt.StatementTimeout
	if st <= 0 {
		st = DefaultStatementTimeout
	}
	if cfg.RuntimeParams == nil {
		cfg.RuntimeParams = map[string]string{}
	}
	if _, ok := cfg.RuntimeParams["statement_timeout"]; !ok {
		cfg.RuntimeParams["statement_timeout"] = strconv.FormatInt(st.Milliseconds(), 10)
	}
	cfg.RuntimeParams["lock_timeout"] = strconv.FormatInt(opt.BusyTimeout.Milliseconds(), 10)
	if _, ok := cfg.RuntimeParams["application_name"]; !ok {
		cfg.RuntimeParams["application_name"] = "fgdesk"
	}
	return cfg, nil
}

// openPostgres opens the pool for a server register.
func (r *Register) openPostgres() error {
	cfg, err := pgConfig(r.dsn, r.opt)
	if err != nil {
		return &DBError{Path: r.path, Op: "open", Kind: ErrInvalid, Err: err}
	}
	r.handle = newToken()[:8] + "."
	sdb := stdlib.OpenDB(*cfg)
	sdb.SetMaxOpenConns(4)
	sdb.SetMaxIdleConns(2)
	sdb.SetConnMaxIdleTime(time.Minute)
	ctx, cancel := context.WithTimeout(context.Background(), DefaultConnectTimeout+time.Second)
	defer cancel()
	if err := sdb.PingContext(ctx); err != nil {
		sdb.Close()
		return r.wrap("open", err)
	}
	r.db = &db{DB: sdb, engine: Postgres}
	return nil
}

// pgKind classifies a PostgreSQL or network error: ErrUnavailable for a
// server that cannot be reached or dropped the connection, ErrAuth for a
// refused login, ErrTimeout for a statement timeout, ErrLocked for a lock
// wait that gave up, ErrReadOnly for a read-only session.
func pgKind(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "28P01" || pe.Code == "28000":
			return ErrAuth
		case pe.Code == "57014":
			return ErrTimeout
		case pe.Code == "55P03" || pe.Code == "40P01":
			return ErrLocked
		case pe.Code == "25006":
			return ErrReadOnly
		case pe.Code == "3D000" || pe.Code == "42501":
			return ErrAuth
		case strings.HasPrefix(pe.Code, "08") || pe.Code == "57P01" || pe.Code == "57P02" || pe.Code == "57P03":
			return ErrUnavailable
		}
		return nil
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		if errors.As(ce.Unwrap(), &pe) {
			return pgKind(pe)
		}
		return ErrUnavailable
	}
	var ne net.Error
	if errors.As(err, &ne) || errors.Is(err, driver.ErrBadConn) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, sql.ErrConnDone) || pgconn.SafeToRetry(err) || pgconn.Timeout(err) {
		return ErrUnavailable
	}
	if m := err.Error(); strings.Contains(m, "conn closed") || strings.Contains(m, "connection reset") || strings.Contains(m, "broken pipe") || strings.Contains(m, "unexpected EOF") {
		return ErrUnavailable
	}
	return nil
}

func scrub(s string, secret []string) string {
	for _, p := range secret {
		if len(p) >= 1 {
			s = strings.ReplaceAll(s, p, "xxxxx")
		}
	}
	return s
}

func isPgUnique(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

// pgWrite runs fn in a server transaction. A failure to reach the server
// before fn ran is retried (a restart) for up to Options.RetryFor. When
// the connection drops while COMMIT is in flight the outcome is unknown:
// the transaction's token is then looked up in the event log on a new
// connection, so that a committed allocation is reported as done (not
// lost) and an uncommitted one as failed (never doubled).
//
// Once a write has given up, the next ones try once only until one
// succeeds, so that a batch (check recording fifty receipts) against a
// server that stays down fails fast instead of waiting for each file.
func (r *Register) pgWrite(ctx context.Context, op string, fn func(tx *Tx) error) error {
	giveUp := time.Now().Add(r.opt.RetryFor)
	retry := r.opt.RetryFor > 0 && !r.down.Load()
	for wait := 100 * time.Millisecond; ; wait = min(2*wait, 2*time.Second) {
		ran, err := r.pgWriteOnce(ctx, op, fn)
		if err == nil || !errors.Is(err, ErrUnavailable) {
			r.down.Store(false)
			return err
		}
		if ran || !retry || time.Now().Add(wait).After(giveUp) {
			r.down.Store(true)
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(wait):
		}
	}
}

// writeLock is the row every server writer locks first.
const writeLock = "SELECT version FROM fgdesk_schema FOR UPDATE"

func (r *Register) pgWriteOnce(ctx context.Context, op string, fn func(tx *Tx) error) (ran bool, err error) {
	sqlTx, err := r.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelReadCommitted})
	if err != nil {
		return false, r.wrap(op, err)
	}
	tx := &Tx{Tx: sqlTx, engine: Postgres, token: r.handle + newToken()}
	var v int
	if err := tx.QueryRowContext(ctx, writeLock).Scan(&v); err != nil {
		tx.Rollback()
		return false, r.wrap(op, err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return true, r.wrap(op, err)
	}
	if len(tx.notify) > 0 {
		if _, err := tx.ExecContext(ctx, "SELECT pg_notify(?, ?)", NotifyChannel, tx.notify[0]); err != nil {
			tx.Rollback()
			return true, r.wrap(op, err)
		}
	}
	cerr := tx.Commit()
	if cerr == nil {
		return true, nil
	}
	if pgKind(cerr) != ErrUnavailable {
		return true, r.wrap(op, cerr)
	}
	done, lerr := r.committed(ctx, tx.token)
	switch {
	case lerr != nil:
		return true, &DBError{Path: r.path, Op: op, Kind: ErrUnavailable,
			Err: fmt.Errorf("the connection dropped during commit and the server cannot be asked whether it was recorded; run register list to see: %s", scrub(oneLine(cerr.Error()), secrets(r.dsn)))}
	case done:
		return true, nil
	}
	// Not committed: nothing of it is in the register.
	return false, r.wrap(op, cerr)
}

// committed reports whether a transaction's events reached the register,
// asking on a fresh connection for up to Options.RetryFor.
func (r *Register) committed(ctx context.Context, token string) (bool, error) {
	giveUp := time.Now().Add(max(r.opt.RetryFor, 2*time.Second))
	for {
		var n int
		err := r.db.QueryRowContext(ctx, "SELECT count(*) FROM events WHERE txid = ?", token).Scan(&n)
		if err == nil {
			return n > 0, nil
		}
		if time.Now().After(giveUp) || ctx.Err() != nil {
			return false, err
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// NotifyChannel is the PostgreSQL channel on which every committed change
// is announced (LISTEN fgdesk_register).
const NotifyChannel = "fgdesk_register"

func (d *db) Exec(query string, args ...any) (sql.Result, error) {
	return d.ExecContext(context.Background(), query, args...)
}

func (d *db) QueryRow(query string, args ...any) *sql.Row {
	return d.QueryRowContext(context.Background(), query, args...)
}

// SplitPassword returns a connection URL without its password (to
// store, e.g. in preferences) and the password; other strings come back
// unchanged with an empty password.
func SplitPassword(s string) (string, string) {
	u, err := url.Parse(strings.TrimSpace(s))
	if !IsServerURL(s) || err != nil || u.User == nil {
		return s, ""
	}
	pw, has := u.User.Password()
	if !has {
		return s, ""
	}
	u.User = url.User(u.User.Username())
	return u.String(), pw
}

// WithPassword puts a password into a connection URL (replacing any).
func WithPassword(s, password string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if !IsServerURL(s) || err != nil || password == "" {
		return s
	}
	name := ""
	if u.User != nil {
		name = u.User.Username()
	}
	u.User = url.UserPassword(name, password)
	return u.String()
}
