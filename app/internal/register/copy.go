package register

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
)

// copyTables are the register's tables in the order a copy fills them
// (meetings before the documents that refer to them), with their columns
// in the current schema.
var copyTables = []struct{ name, cols string }{
	{"meetings", "id, name, series, digits, folder, timezone, deadline, updated_at"},
	{"documents", docColumns},
	{"events", "id, at, who, action, series, number, document, details, host, txid"},
}

// TableCopy is what Migrate copied of one table.
type TableCopy struct {
	Table    string `json:"table"`
	Rows     int    `json:"rows"`
	Checksum string `json:"sha256"` // over the rows in id order, engine-independent
}

// MigrateReport says what Migrate copied; the checksums were verified on
// the target before the transaction committed.
type MigrateReport struct {
	From   string      `json:"from"`
	To     string      `json:"to"`
	Tables []TableCopy `json:"tables"`
}

// WriteText prints the report, one line per table.
func (m MigrateReport) WriteText(w io.Writer) error {
	if _, err := fmt.Fprintf(w, "copied %s -> %s (one transaction, verified)\n", m.From, m.To); err != nil {
		return err
	}
	for _, t := range m.Tables {
		if _, err := fmt.Fprintf(w, "  %-10s %6d rows  sha256 %s\n", t.Table, t.Rows, t.Checksum); err != nil {
			return err
		}
	}
	return nil
}

// MigrateOptions tunes Migrate.
type MigrateOptions struct {
	// Force empties a non-empty target first (its event log included);
	// without it Migrate refuses with ErrNotEmpty. Only a server target
	// can be emptied.
	Force bool
	// quiet: no "migrate" event on the target (backups are exact copies).
	quiet bool
}

// Migrate copies everything in the register from (meetings, documents,
// the event log) into the register to, in one transaction of to: the
// rows keep their ids; the row count and a checksum of every table are
// compared between the two before the commit, and any difference rolls
// the whole copy back. Afterwards one "migrate" event on the target
// records who moved the register from where.
func Migrate(ctx context.Context, from, to *Register, opt MigrateOptions) (MigrateReport, error) {
	rep := MigrateReport{From: from.Path(), To: to.Path()}
	src, err := from.readAll(ctx)
	if err != nil {
		return rep, err
	}
	err = to.write(ctx, "migrate", func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT (SELECT count(*) FROM meetings) + (SELECT count(*) FROM documents) + (SELECT count(*) FROM events)").Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			if !opt.Force {
				return fmt.Errorf("%w: %s already holds %d rows (give --force to replace them)", ErrNotEmpty, to.Path(), n)
			}
			if to.engine != Postgres {
				return fmt.Errorf("%w: %s already holds %d rows; copy into a new file", ErrNotEmpty, to.Path(), n)
			}
			// TRUNCATE does not fire the append-only row triggers.
			if _, err := tx.ExecContext(ctx, "TRUNCATE events, documents, meetings RESTART IDENTITY"); err != nil {
				return err
			}
		}
		for i, t := range copyTables {
			ph := strings.TrimSuffix(strings.Repeat("?,", strings.Count(t.cols, ",")+1), ",")
			ins := "INSERT INTO " + t.name + "(" + t.cols + ") VALUES (" + ph + ")"
			for _, row := range src[i] {
				if _, err := tx.ExecContext(ctx, ins, row...); err != nil {
					return fmt.Errorf("copy %s: %w", t.name, err)
				}
			}
			if to.engine == Postgres && t.name != "meetings" {
				if _, err := tx.ExecContext(ctx, "SELECT setval(pg_get_serial_sequence('"+t.name+"', 'id'), coalesce((SELECT max(id) FROM "+t.name+"), 0) + 1, false)"); err != nil {
					return err
				}
			}
		}
		got, err := readTables(ctx, tx)
		if err != nil {
			return err
		}
		rep.Tables = rep.Tables[:0]
		for i, t := range copyTables {
			a, b := summarize(t.name, src[i]), summarize(t.name, got[i])
			if a != b {
				return fmt.Errorf("copy %s: verification failed: source has %d rows (sha256 %s), target %d rows (sha256 %s)", t.name, a.Rows, a.Checksum, b.Rows, b.Checksum)
			}
			rep.Tables = append(rep.Tables, a)
		}
		if opt.quiet {
			return nil
		}
		return to.logEvent(ctx, tx, "migrate", "", 0, "", details("from", from.Path(), "rows", strconv.Itoa(len(src[0])+len(src[1])+len(src[2]))))
	})
	return rep, err
}

// readAll reads every table in one consistent snapshot.
func (r *Register) readAll(ctx context.Context) ([][][]any, error) {
	opts := &sql.TxOptions{ReadOnly: true}
	if r.engine == Postgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	t, err := r.db.BeginTx(ctx, opts)
	if err != nil {
		return nil, r.wrap("read for copy", err)
	}
	defer t.Rollback()
	out, err := readTables(ctx, &Tx{Tx: t, engine: r.engine})
	return out, r.wrap("read for copy", err)
}

func readTables(ctx context.Context, q queryer) ([][][]any, error) {
	out := make([][][]any, len(copyTables))
	for i, t := range copyTables {
		rows, err := q.QueryContext(ctx, "SELECT "+t.cols+" FROM "+t.name+" ORDER BY id")
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", t.name, err)
		}
		n := strings.Count(t.cols, ",") + 1
		for rows.Next() {
			vals := make([]any, n)
			ptrs := make([]any, n)
			for j := range vals {
				ptrs[j] = &vals[j]
			}
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return nil, fmt.Errorf("read %s: %w", t.name, err)
			}
			for j, v := range vals {
				if b, ok := v.([]byte); ok { // TEXT may come back as bytes
					vals[j] = string(b)
				}
			}
			out[i] = append(out[i], vals)
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// summarize counts rows and hashes them in a form both engines give alike
// (integers as decimal, text length-prefixed).
func summarize(table string, rows [][]any) TableCopy {
	h := sha256.New()
	for _, row := range rows {
		for _, v := range row {
			switch x := v.(type) {
			case nil:
				io.WriteString(h, "n;")
			case int64:
				fmt.Fprintf(h, "i%d;", x)
			case int32:
				fmt.Fprintf(h, "i%d;", x)
			case string:
				fmt.Fprintf(h, "s%d:%s;", len(x), x)
			default:
				fmt.Fprintf(h, "?%v;", x)
			}
		}
		io.WriteString(h, "\n")
	}
	return TableCopy{Table: table, Rows: len(rows), Checksum: hex.EncodeToString(h.Sum(nil))}
}

// snapshotTo writes the whole register into a new SQLite register file.
func (r *Register) snapshotTo(ctx context.Context, path string) error {
	dst, err := Open(path, Options{Who: r.opt.Who, Host: r.opt.Host, Now: r.opt.Now})
	if err != nil {
		return err
	}
	_, err = Migrate(ctx, r, dst, MigrateOptions{quiet: true})
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	return err
}

// serverName is a file-name-safe label of a server register
// (host-database), for backup names.
func (r *Register) serverName() string {
	u, err := url.Parse(r.dsn)
	if err != nil {
		return "server"
	}
	name := u.Hostname() + "-" + strings.TrimPrefix(u.Path, "/")
	if u.Hostname() == "" {
		name = "local-" + strings.TrimPrefix(u.Path, "/")
	}
	return strings.Map(func(c rune) rune {
		if c == '-' || c == '.' || c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			return c
		}
		return '_'
	}, strings.TrimSuffix(name, "-"))
}
