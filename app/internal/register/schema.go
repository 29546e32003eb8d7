package register

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/fgdesk/fgdesk/app/internal/fsutil"
)

// applicationID marks the file as an FG Desk register (PRAGMA
// application_id, "FGDR").
const applicationID = 0x46474452

// migration is one schema step; version is the user_version after it.
type migration struct {
	version int
	sql     string
}

// migrations are applied in order, each in its own transaction, and never
// edited once released: a change is a new step at the end.
var migrations = []migration{
	{1, `
CREATE TABLE meetings(
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL DEFAULT '',
	series     TEXT NOT NULL CHECK(series <> ''),
	digits     INTEGER NOT NULL CHECK(digits BETWEEN 1 AND 9),
	folder     TEXT NOT NULL DEFAULT '',
	timezone   TEXT NOT NULL DEFAULT 'UTC',
	deadline   TEXT NOT NULL DEFAULT '',
	updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE documents(
	id            INTEGER PRIMARY KEY,
	meeting       TEXT NOT NULL REFERENCES meetings(id),
	series        TEXT NOT NULL CHECK(series <> ''),
	number        INTEGER NOT NULL CHECK(number > 0),
	name          TEXT NOT NULL CHECK(name <> ''),
	type          TEXT NOT NULL DEFAULT 'input',
	title         TEXT NOT NULL DEFAULT '',
	source        TEXT NOT NULL DEFAULT '',
	email         TEXT NOT NULL DEFAULT '',
	purpose       TEXT NOT NULL DEFAULT '',
	requested_at  TEXT NOT NULL DEFAULT '',
	allocated_at  TEXT NOT NULL,
	received_at   TEXT NOT NULL DEFAULT '',
	file_name     TEXT NOT NULL DEFAULT '',
	sha256        TEXT NOT NULL DEFAULT '',
	size          INTEGER NOT NULL DEFAULT 0 CHECK(size >= 0),
	status        TEXT NOT NULL CHECK(status IN ('allocated','received','on time','late','accepted','rejected','withdrawn','superseded')),
	late          INTEGER NOT NULL DEFAULT 0 CHECK(late IN (0, 1)),
	revision      INTEGER NOT NULL DEFAULT 0 CHECK(revision >= 0),
	replaces      TEXT NOT NULL DEFAULT '',
	replaced_by   TEXT NOT NULL DEFAULT '',
	verdict       TEXT NOT NULL DEFAULT '',
	reject_reason TEXT NOT NULL DEFAULT '',
	notes         TEXT NOT NULL DEFAULT '',
	accepted_at   TEXT NOT NULL DEFAULT '',
	filed_as      TEXT NOT NULL DEFAULT '',
	updated_at    TEXT NOT NULL,
	UNIQUE(series, number),
	CHECK(status <> 'rejected' OR reject_reason <> '')
) STRICT;
CREATE INDEX documents_meeting ON documents(meeting, number);
CREATE INDEX documents_sha256 ON documents(sha256) WHERE sha256 <> '';

CREATE TABLE events(
	id       INTEGER PRIMARY KEY AUTOINCREMENT,
	at       TEXT NOT NULL,
	who      TEXT NOT NULL,
	action   TEXT NOT NULL,
	series   TEXT NOT NULL DEFAULT '',
	number   INTEGER NOT NULL DEFAULT 0,
	document TEXT NOT NULL DEFAULT '',
	details  TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX events_document ON events(series, number);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
`},
}

// SchemaVersion is the schema this build writes (PRAGMA user_version).
func SchemaVersion() int { return migrations[len(migrations)-1].version }

// migrate checks the file is ours and applies pending migrations, taking a
// backup of an existing database first.
func (r *Register) migrate(existed bool) error {
	ctx := context.Background()
	version, appID, tables, err := r.schemaState(ctx, r.db)
	if err != nil {
		return r.wrap("open", err)
	}
	if appID != 0 && appID != applicationID {
		return &DBError{Path: r.path, Op: "open", Kind: ErrNotRegister, Err: fmt.Errorf("application_id is %#x, not FG Desk's", appID)}
	}
	if version == 0 && tables > 0 {
		return &DBError{Path: r.path, Op: "open", Kind: ErrNotRegister, Err: fmt.Errorf("it holds %d tables but no FG Desk schema version", tables)}
	}
	target := SchemaVersion()
	if version > target {
		return fmt.Errorf("register %s: %w (schema %d; this FG Desk knows up to %d): update FG Desk", r.path, ErrNewerSchema, version, target)
	}
	if version == target {
		return nil
	}
	if r.opt.ReadOnly {
		return &DBError{Path: r.path, Op: "open", Kind: ErrReadOnly, Err: fmt.Errorf("schema %d needs upgrading to %d; open it once with write access", version, target)}
	}
	if existed && version > 0 {
		if _, err := r.backup(r.opt.BackupDir, fmt.Sprintf("before-v%d", target)); err != nil {
			return fmt.Errorf("register %s: backup before upgrading the schema: %w", r.path, err)
		}
	}
	for _, m := range migrations {
		if m.version <= version {
			continue
		}
		err := r.write(ctx, "upgrade schema", func(tx *sql.Tx) error {
			// Another process may have migrated meanwhile: re-read
			// under the write lock.
			var cur int
			if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&cur); err != nil {
				return err
			}
			if cur >= m.version {
				return nil
			}
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("schema step %d: %w", m.version, err)
			}
			if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version)); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", applicationID)); err != nil {
				return err
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (r *Register) schemaState(ctx context.Context, q querier) (version, appID, tables int, err error) {
	if err = q.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return
	}
	if err = q.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return
	}
	err = q.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").Scan(&tables)
	return
}

// Backup writes a consistent copy of the register into dir (created if
// needed; empty means the backup folder of Options) as
// register-YYYYMMDDTHHMMSSZ.db and returns its path. The copy is written
// under a temporary name, synced, then renamed, so a half-written backup
// never carries a backup's name. It works on a read-only register too.
func (r *Register) Backup(dir string) (string, error) {
	if dir == "" {
		dir = r.opt.BackupDir
	}
	return r.backup(dir, "")
}

func (r *Register) backup(dir, label string) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("backup folder %s: %w", dir, err)
	}
	base := strings.TrimSuffix(filepath.Base(r.path), filepath.Ext(r.path))
	stamp := r.now().Format("20060102T150405Z")
	if label != "" {
		stamp += "-" + label
	}
	var final string
	for i := 1; ; i++ {
		name := fmt.Sprintf("%s-%s.db", base, stamp)
		if i > 1 {
			name = fmt.Sprintf("%s-%s-%d.db", base, stamp, i)
		}
		final = filepath.Join(dir, name)
		if _, err := os.Lstat(final); errors.Is(err, os.ErrNotExist) {
			break
		}
		if i > 1000 {
			return "", fmt.Errorf("backup folder %s: too many backups named %s", dir, name)
		}
	}
	tmp := final + ".part"
	os.Remove(tmp)
	if _, err := r.db.ExecContext(context.Background(), "VACUUM INTO ?", tmp); err != nil {
		os.Remove(tmp)
		return "", r.wrap("backup", err)
	}
	if err := syncFile(tmp); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("backup %s: %w", tmp, err)
	}
	_ = os.Chmod(tmp, 0o600)
	if err := os.Rename(tmp, final); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("backup %s: %w", final, err)
	}
	syncDir(dir)
	return final, nil
}

func syncFile(name string) error {
	f, err := os.OpenFile(name, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir makes a rename durable where the platform allows it (not on
// Windows, where opening a folder for sync fails; the error is ignored).
func syncDir(dir string) { fsutil.SyncDir(dir) }
