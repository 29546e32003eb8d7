package register

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fgdesk/fgdesk/app/internal/register/pgtest"
)

// TestServerRestartDuringAllocations: while four officers allocate, the
// server is restarted twice (once fast, once as a crash). Every
// allocation either returned a number or a clear one-line error; the
// numbers handed out are distinct, and exactly the register's rows: none
// lost (a number the register has but nobody was told) or doubled.
func TestServerRestartDuringAllocations(t *testing.T) {
	srv := pgtest.Start(t)
	url := srv.NewDB(t)
	p := profile(t)
	const officers, each = 4, 40
	var wg sync.WaitGroup
	var mu sync.Mutex
	var got []int
	var failures []string
	start := make(chan struct{})
	for o := range officers {
		r, err := Open(url, Options{Who: fmt.Sprintf("officer-%d", o), RetryFor: 3 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for i := range each {
				d, err := r.Allocate(ctx, p, Request{Title: fmt.Sprintf("o%d %d", o, i)})
				mu.Lock()
				if err != nil {
					failures = append(failures, err.Error())
				} else {
					got = append(got, d.Number)
				}
				mu.Unlock()
				time.Sleep(5 * time.Millisecond)
			}
		}()
	}
	close(start)
	time.Sleep(150 * time.Millisecond)
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	if err := srv.Kill(); err != nil {
		t.Fatal(err)
	}
	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	for _, f := range failures {
		if strings.Contains(f, "\n") || !strings.Contains(f, "unavailable") || strings.Contains(f, pgtest.Password) {
			t.Errorf("unclear failure: %q", f)
		}
	}
	slices.Sort(got)
	if len(slices.Compact(slices.Clone(got))) != len(got) {
		t.Fatalf("a number was handed out twice: %v", got)
	}
	r, err := Open(url, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	docs, err := r.Documents(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var have []int
	for _, d := range docs {
		have = append(have, d.Number)
	}
	if !slices.Equal(have, got) {
		t.Fatalf("register holds %v\nofficers were given %v", have, got)
	}
	for i, n := range have {
		if n != i+1 {
			t.Fatalf("gap in the register: %v", have)
		}
	}
	t.Logf("%d allocations done, %d failed with a clear error across two restarts", len(got), len(failures))
	if len(got) == 0 {
		t.Fatal("nothing was allocated")
	}
}

// TestServerFaults: a server that is down, a refused login, a statement
// timeout and a connection killed in the middle of an allocation each
// give one clear line without the password, and leave no number lost or
// doubled and no half-applied change.
func TestServerFaults(t *testing.T) {
	srv := pgtest.Start(t)
	url := srv.NewDB(t)
	p := profile(t)
	r, err := Open(url, Options{Who: "a", RetryFor: -1, StatementTimeout: 500 * time.Millisecond, BusyTimeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := r.Allocate(ctx, p, Request{Title: "one"}); err != nil {
		t.Fatal(err)
	}
	clean := func(name string, err error, kind error, contains string) {
		t.Helper()
		if err == nil || !errors.Is(err, kind) || !strings.Contains(err.Error(), contains) || strings.Contains(err.Error(), "\n") || strings.Contains(err.Error(), pgtest.Password) {
			t.Errorf("%s: %v", name, err)
		}
	}
	// A refused login.
	_, err = Open(strings.Replace(url, pgtest.Password, "nope", 1), Options{})
	clean("auth", err, ErrAuth, "refused the login")
	if err != nil && strings.Contains(err.Error(), "nope") {
		t.Errorf("password printed: %v", err)
	}
	// A statement timeout: another session holds the write lock.
	hold, err := Open(url, Options{Who: "b"})
	if err != nil {
		t.Fatal(err)
	}
	defer hold.Close()
	tx, err := hold.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, writeLock); err != nil {
		t.Fatal(err)
	}
	_, err = r.Allocate(ctx, p, Request{Title: "blocked"})
	clean("lock wait", err, ErrLocked, "locked")
	if _, err = r.db.ExecContext(ctx, "SELECT pg_sleep(2)"); err == nil || !errors.Is(r.wrap("read", err), ErrTimeout) {
		t.Errorf("statement timeout: %v", r.wrap("read", err))
	} else if m := r.wrap("read", err).Error(); !strings.Contains(m, "timed out") {
		t.Errorf("statement timeout message: %s", m)
	}
	tx.Rollback()
	// A connection killed while the allocation's transaction is open:
	// the allocation fails, nothing of it stays.
	killed := make(chan error, 1)
	go func() {
		time.Sleep(100 * time.Millisecond)
		_, err := hold.db.ExecContext(ctx, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'fgdesk' AND pid <> pg_backend_pid() AND query LIKE '%pg_sleep%'")
		killed <- err
	}()
	err = r.write(ctx, "allocate", func(tx *Tx) error {
		if _, err := r.insertDoc(ctx, tx, p, 2, Request{Title: "half", Type: "input"}, "allocate"); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "SELECT pg_sleep(0.4)")
		return err
	})
	if kerr := <-killed; kerr != nil {
		t.Fatal(kerr)
	}
	clean("dropped connection", err, ErrUnavailable, "unavailable")
	if _, err := r.Document(ctx, Series(p), 2); !errors.Is(err, ErrNotFound) {
		t.Errorf("half-applied allocation: %v", err)
	}
	d, err := r.Allocate(ctx, p, Request{Title: "after"})
	if err != nil || d.Number != 2 {
		t.Fatalf("after the drop: %v %v", d.Number, err)
	}
	// The server is down.
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	_, err = r.Allocate(ctx, p, Request{Title: "down"})
	clean("down", err, ErrUnavailable, "is unavailable")
	_, err = Open(url, Options{})
	clean("open down", err, ErrUnavailable, "is unavailable")
	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	docs, err := r.Documents(context.Background(), Filter{})
	if err != nil || len(docs) != 2 {
		t.Fatalf("after restart: %d %v", len(docs), err)
	}
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://fg:s3cret@db.example.org:5432/reg?sslmode=require": "postgres://fg:xxxxx@db.example.org:5432/reg?sslmode=require",
		"postgresql://fg@db/reg?password=s3cret":                       "postgresql://fg@db/reg?password=xxxxx",
		"/home/a/register.db":                                          "/home/a/register.db",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSplitPassword(t *testing.T) {
	bare, pw := SplitPassword("postgres://fg:s%40cret@db/reg?sslmode=require")
	if bare != "postgres://fg@db/reg?sslmode=require" || pw != "s@cret" {
		t.Fatalf("%q %q", bare, pw)
	}
	if got := WithPassword(bare, pw); got != "postgres://fg:s%40cret@db/reg?sslmode=require" {
		t.Fatalf("WithPassword: %q", got)
	}
	if b, p := SplitPassword("/x/register.db"); b != "/x/register.db" || p != "" {
		t.Fatalf("file: %q %q", b, p)
	}
}

// FuzzRedact: whatever the connection string, a password put into it
// never survives Redact, and rebind never panics.
func FuzzRedact(f *testing.F) {
	for _, s := range []string{"postgres://u@h/db", "postgresql://u:p@h:5/db?password=q", "postgres://", "postgres://%zz", "/a/b.db", "SELECT ? FROM t WHERE a = '?'"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		const secret = "Zq7SECRETpw"
		with := WithPassword(s, secret)
		if strings.Contains(Redact(with), secret) {
			t.Fatalf("Redact(%q) = %q keeps the password", with, Redact(with))
		}
		if strings.Contains(s, secret) {
			return
		}
		if bare, _ := SplitPassword(with); with != s && strings.Contains(bare, secret) {
			t.Fatalf("SplitPassword(%q) keeps it: %q", with, bare)
		}
		_ = rebind(s)
	})
}

// TestWatch: a handle is told of another handle's changes, not of its own.
func TestWatch(t *testing.T) {
	eachEngine(t, func(t *testing.T, open opener) {
		a, where := open(t, Options{Who: "a"})
		b, err := Open(where, Options{Who: "b", Host: "host-b"})
		if err != nil {
			t.Fatal(err)
		}
		defer b.Close()
		got := make(chan Change, 10)
		wctx, cancel := context.WithCancel(ctx)
		defer cancel()
		a.Watch(wctx, func(c Change) { got <- c }, nil)
		time.Sleep(PollInterval + 200*time.Millisecond)
		p := profile(t)
		if _, err := a.Allocate(ctx, p, Request{Title: "mine"}); err != nil {
			t.Fatal(err)
		}
		if _, err := b.Allocate(ctx, p, Request{Title: "theirs"}); err != nil {
			t.Fatal(err)
		}
		select {
		case c := <-got:
			if c.Who != "b" || c.Host != "host-b" || c.Action != "allocate" || c.Number != 2 {
				t.Fatalf("change %+v", c)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("no change reported")
		}
		select {
		case c := <-got:
			t.Fatalf("a was told of a further change: %+v", c)
		case <-time.After(PollInterval + 200*time.Millisecond):
		}
	})
}
