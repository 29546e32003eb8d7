package register

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// Change is one committed change announced to watchers: what was done to
// which number, by whom from where. A Change with Action "resync" says
// the watcher lost contact and every screen should reload.
type Change struct {
	Action string
	Series string
	Number int
	Who    string
	Host   string
	tx     string // the transaction's token
}

func (c Change) payload() string {
	return strings.Join([]string{c.Action, c.Series, strconv.Itoa(c.Number), c.tx, c.Who, c.Host}, "\t")
}

func parseChange(s string) Change {
	f := strings.SplitN(s, "\t", 6)
	for len(f) < 6 {
		f = append(f, "")
	}
	n, _ := strconv.Atoi(f[2])
	return Change{Action: f[0], Series: f[1], Number: n, tx: f[3], Who: f[4], Host: f[5]}
}

// own reports a change this Register made itself.
func (r *Register) own(c Change) bool { return r.handle != "" && strings.HasPrefix(c.tx, r.handle) }

// WatchStatus is reported to a watcher when its link to the register
// breaks (err != nil) or comes back (err == nil).
type WatchStatus func(err error)

// PollInterval is how often a watcher on an SQLite register looks for
// changes made by another window or process.
const PollInterval = 500 * time.Millisecond

// Watch calls fn (on its own goroutine) for every change another handle,
// window or officer commits (not those made through r itself) to the register, until ctx ends. On a server
// it LISTENs on NotifyChannel over a dedicated connection and reconnects
// after a loss (then sends a "resync" change); on SQLite it polls the
// event log every PollInterval. While a server watcher knows the server
// is down, writes do not wait for it to come back (they fail at once
// with ErrUnavailable). status, when not nil, is told when the
// link breaks and when it is back.
func (r *Register) Watch(ctx context.Context, fn func(Change), status WatchStatus) {
	if status == nil {
		status = func(error) {}
	}
	if r.engine == Postgres {
		go r.listen(ctx, fn, status)
		return
	}
	go r.poll(ctx, fn, status)
}

func (r *Register) poll(ctx context.Context, fn func(Change), status WatchStatus) {
	var last int64
	seen := false
	broken := false
	t := time.NewTicker(PollInterval)
	defer t.Stop()
	for {
		var id int64
		var c Change
		err := r.db.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) FROM events").Scan(&id)
		if err == nil && seen && id > last {
			// The latest change made by someone else since last time.
			err = r.db.QueryRowContext(ctx, "SELECT action, series, number, who, host, txid FROM events WHERE id > ? AND txid NOT LIKE ? ORDER BY id DESC LIMIT 1", last, r.handle+"%").Scan(&c.Action, &c.Series, &c.Number, &c.Who, &c.Host, &c.tx)
			if errors.Is(err, sql.ErrNoRows) {
				err, c = nil, Change{}
			}
		}
		if ctx.Err() != nil {
			return
		}
		switch {
		case err != nil:
			if !broken {
				status(r.wrap("watch", err))
			}
			broken = true
		default:
			if broken {
				status(nil)
				broken = false
			}
			if seen && id > last && c.Action != "" {
				fn(c)
			}
			last, seen = id, true
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (r *Register) listen(ctx context.Context, fn func(Change), status WatchStatus) {
	first := true
	for wait := 200 * time.Millisecond; ctx.Err() == nil; wait = min(2*wait, 3*time.Second) {
		cfg, err := pgConfig(r.dsn, r.opt)
		if err != nil {
			status(err)
			return
		}
		// No statement timeout on the listening connection: it waits.
		cfg.RuntimeParams["statement_timeout"] = "0"
		cctx, cancel := context.WithTimeout(ctx, DefaultConnectTimeout)
		conn, err := pgx.ConnectConfig(cctx, cfg)
		cancel()
		if err == nil {
			_, err = conn.Exec(ctx, "LISTEN "+NotifyChannel)
		}
		if err != nil {
			if conn != nil {
				conn.Close(context.Background())
			}
			if ctx.Err() != nil {
				return
			}
			r.down.Store(true) // writes fail fast while we know it is down
			status(r.wrap("watch", err))
			first = false
			select {
			case <-ctx.Done():
				return
			case <-time.After(wait):
			}
			continue
		}
		wait = 200 * time.Millisecond
		r.down.Store(false)
		status(nil)
		if !first {
			// Changes made while we were away were not announced to us.
			fn(Change{Action: "resync"})
		}
		first = false
		for {
			n, err := conn.WaitForNotification(ctx)
			if err != nil {
				conn.Close(context.Background())
				if ctx.Err() != nil || errors.Is(err, context.Canceled) {
					return
				}
				r.down.Store(true)
				status(r.wrap("watch", err))
				break
			}
			if c := parseChange(n.Payload); !r.own(c) {
				fn(c)
			}
		}
	}
}
