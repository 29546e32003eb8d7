package register

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fgdesk/fgdesk/app/internal/finding"
	"github.com/fgdesk/fgdesk/app/internal/meeting"
)

var ctx = context.Background()

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

func profile(t testing.TB) *meeting.Profile {
	t.Helper()
	return meeting.Default()
}

// open opens a fresh register in a temp folder.
func open(t testing.TB, opt Options) (*Register, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "register.db")
	if opt.Who == "" {
		opt.Who = "tester"
	}
	r, err := Open(path, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r, path
}

func sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// geneva returns a Geneva wall-clock instant.
func geneva(s string) time.Time {
	loc, _ := time.LoadLocation("Europe/Zurich")
	t, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		panic(err)
	}
	return t
}

func TestOpenCreatesSchema(t *testing.T) {
	r, path := open(t, Options{})
	var v, app int
	var mode string
	r.db.QueryRow("PRAGMA user_version").Scan(&v)
	r.db.QueryRow("PRAGMA application_id").Scan(&app)
	r.db.QueryRow("PRAGMA journal_mode").Scan(&mode)
	if v != SchemaVersion() || app != applicationID || mode != "wal" {
		t.Fatalf("user_version %d application_id %#x journal %s", v, app, mode)
	}
	var sync int
	r.db.QueryRow("PRAGMA synchronous").Scan(&sync)
	if sync != 2 {
		t.Errorf("synchronous = %d, want 2 (FULL)", sync)
	}
	var fk int
	r.db.QueryRow("PRAGMA foreign_keys").Scan(&fk)
	if fk != 1 {
		t.Error("foreign keys off")
	}
	fi, _ := os.Stat(path)
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	r.Close()
	// Reopen: no migration, no backup.
	r2, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	r2.Close()
	if m, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "backups", "*")); len(m) != 0 {
		t.Errorf("unexpected backups %v", m)
	}
}

func TestAllocateSequenceReserveRelease(t *testing.T) {
	eachEngine(t, func(t *testing.T, open opener) {
		r, _ := open(t, Options{})
		p := profile(t)
		var names []string
		for i := range 3 {
			d, err := r.Allocate(ctx, p, Request{Title: fmt.Sprintf("Doc %d", i), Source: "ITU", Email: "a@example.org"})
			if err != nil {
				t.Fatal(err)
			}
			names = append(names, d.Name)
			if d.Status != StatusAllocated || d.Meeting != p.ID || d.Series != "innovation-i" || d.Type != "input" {
				t.Errorf("doc %+v", d)
			}
		}
		if strings.Join(names, ",") != "innovation-i-0001,innovation-i-0002,innovation-i-0003" {
			t.Fatalf("names %v", names)
		}
		// Reserve ahead: the sequence does not jump.
		if d, err := r.Reserve(ctx, p, 100, Request{Title: "Meeting report"}); err != nil || d.Name != "innovation-i-0100" {
			t.Fatalf("reserve: %v %v", d.Name, err)
		}
		if _, err := r.Reserve(ctx, p, 2, Request{Title: "x"}); !errors.Is(err, ErrTaken) {
			t.Fatalf("reserve taken: %v", err)
		}
		if _, err := r.Reserve(ctx, p, 10000, Request{Title: "x"}); !errors.Is(err, ErrInvalid) {
			t.Fatalf("reserve out of range: %v", err)
		}
		d, _ := r.Allocate(ctx, p, Request{Title: "Four"})
		if d.Number != 4 {
			t.Fatalf("after reserve got %d", d.Number)
		}
		// Release 2: the next allocation reuses it.
		if err := r.Release(ctx, "innovation-i", 2, "author asked twice"); err != nil {
			t.Fatal(err)
		}
		if _, err := r.Document(ctx, "innovation-i", 2); !errors.Is(err, ErrNotFound) {
			t.Fatalf("released still there: %v", err)
		}
		d, _ = r.Allocate(ctx, p, Request{Title: "Reuse"})
		if d.Number != 2 {
			t.Fatalf("released number not reused: %d", d.Number)
		}
		// A received number cannot be released.
		if _, err := r.Receive(ctx, ReceiptInput{Series: "innovation-i", Number: 1, Name: "innovation-i-0001.docx", SHA256: sum([]byte("a")), Size: 1}); err != nil {
			t.Fatal(err)
		}
		if err := r.Release(ctx, "innovation-i", 1, ""); !errors.Is(err, ErrInUse) {
			t.Fatalf("release received: %v", err)
		}
		if err := r.Release(ctx, "innovation-i", 77, ""); !errors.Is(err, ErrNotFound) {
			t.Fatalf("release unknown: %v", err)
		}
		// Bad requests.
		for _, q := range []Request{{}, {Title: "x", Email: "not an address"}, {Title: "x", Email: "A <a@b.org>"}, {Title: "x", Type: "memo"}, {Title: "x", Purpose: "fun"}, {Title: strings.Repeat("x", MaxTitle+1)}} {
			if _, err := r.Allocate(ctx, p, q); !errors.Is(err, ErrInvalid) {
				t.Errorf("Allocate(%+v) = %v, want ErrInvalid", q, err)
			}
		}
		// Header injection attempt is flattened to one line.
		d, err := r.Allocate(ctx, p, Request{Title: "Evil\r\nBcc: x@y.z", Source: " A\n B ", Type: "LIAISON STATEMENT", Purpose: "for decision"})
		if err != nil || d.Title != "Evil Bcc: x@y.z" || d.Source != "A B" || d.Type != "liaison" || d.Purpose != "decision" {
			t.Fatalf("clean: %+v %v", d, err)
		}
		evs, _ := r.Events(ctx, "", 0)
		var acts []string
		for _, e := range evs {
			acts = append(acts, e.Action)
			if e.Who != "tester" {
				t.Errorf("who %q", e.Who)
			}
		}
		if got := strings.Join(acts, ","); got != "allocate,allocate,allocate,reserve,allocate,release,allocate,receive,allocate" {
			t.Errorf("events %s", got)
		}
	})
}

func TestSeriesFull(t *testing.T) {
	eachEngine(t, func(t *testing.T, open opener) {
		r, _ := open(t, Options{})
		p := profile(t)
		// Fill 9999 numbers directly (quicker than 9999 allocations).
		if err := r.SyncMeeting(ctx, p); err != nil {
			t.Fatal(err)
		}
		_, err := r.db.Exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 9999)
		INSERT INTO documents(meeting, series, number, name, allocated_at, status, updated_at)
		SELECT ?, 'innovation-i', i, 'innovation-i-' || i, '2012-01-01T00:00:00.000000Z', 'allocated', '2012-01-01T00:00:00.000000Z' FROM n`, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.Allocate(ctx, p, Request{Title: "x"}); !errors.Is(err, ErrSeriesFull) {
			t.Fatalf("got %v", err)
		}
	})
}

func TestEventLogAppendOnly(t *testing.T) {
	eachEngine(t, func(t *testing.T, open opener) {
		r, _ := open(t, Options{})
		if _, err := r.Allocate(ctx, profile(t), Request{Title: "x"}); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{"UPDATE events SET who = 'mallory'", "DELETE FROM events"} {
			if _, err := r.db.Exec(q); err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s: %v", q, err)
			}
		}
		// The unique constraint is the last line of defence.
		if _, err := r.db.Exec("INSERT INTO documents(meeting, series, number, name, allocated_at, status, updated_at) VALUES (?, 'innovation-i', 1, 'x', 'a', 'allocated', 'a')", profile(t).ID); err == nil || !isUnique(err) {
			t.Errorf("duplicate insert: %v", err)
		}
		// Unknown statuses and rejected-without-reason are refused by the schema.
		if _, err := r.db.Exec("UPDATE documents SET status = 'lost'"); err == nil {
			t.Error("bad status accepted")
		}
		if _, err := r.db.Exec("UPDATE documents SET status = 'rejected'"); err == nil {
			t.Error("rejected without reason accepted")
		}
	})
}

func TestReceiveLookupAndRules(t *testing.T) {
	eachEngine(t, func(t *testing.T, open opener) {
		c := &clock{t: geneva("2012-03-01 10:00")}
		r, _ := open(t, Options{Now: c.Now})
		p := profile(t)
		for _, title := range []string{"Innovation and standards", "Late one", "Third"} {
			if _, err := r.Allocate(ctx, p, Request{Title: title, Source: "Nokia Siemens Networks, Huawei"}); err != nil {
				t.Fatal(err)
			}
		}
		s := "innovation-i"
		v1, v2, v3 := sum([]byte("v1")), sum([]byte("v2")), sum([]byte("v3"))

		// Never allocated.
		_, err := r.Receive(ctx, ReceiptInput{Series: s, Number: 99, Name: "innovation-i-0099.docx", SHA256: v1})
		if !errors.Is(err, ErrNotAllocated) {
			t.Fatalf("unallocated: %v", err)
		}
		l, _ := r.Lookup(ctx, s, 99)
		if fs := Check(l, FileInput{Where: "innovation-i-0099.docx", SHA256: v1}); !finding.Has(fs, "REG-NOT-ALLOCATED") || finding.Worst(fs) != finding.Error {
			t.Fatalf("findings %v", fs)
		}

		// On time, one minute before the deadline (23:59:59 Geneva, 12 March).
		rc, err := r.Receive(ctx, ReceiptInput{Series: s, Number: 1, Path: "/in/innovation-i-0001.docx", SHA256: strings.ToUpper(v1), Size: 2,
			ReceivedAt: geneva("2012-03-12 23:58"), Verdict: "pass", Title: "Innovation and standards", Source: "Huawei and Nokia Siemens Networks"})
		if err != nil || rc.Document.Status != StatusOnTime || rc.Document.Late || rc.Document.FileName != "innovation-i-0001.docx" || rc.Document.SHA256 != v1 {
			t.Fatalf("on time: %+v %v", rc, err)
		}
		// Late, a minute after.
		rc, err = r.Receive(ctx, ReceiptInput{Series: s, Number: 2, Name: "innovation-i-0002.docx", SHA256: v2, ReceivedAt: geneva("2012-03-13 00:01")})
		if err != nil || rc.Document.Status != StatusLate || !rc.Document.Late {
			t.Fatalf("late: %+v %v", rc, err)
		}
		// Same file again: unchanged, verdict updated.
		rc, err = r.Receive(ctx, ReceiptInput{Series: s, Number: 1, Name: "innovation-i-0001.docx", SHA256: v1, Verdict: "warning"})
		if err != nil || !rc.Unchanged || rc.Document.Verdict != "warning" || rc.Document.Status != StatusOnTime {
			t.Fatalf("again: %+v %v", rc, err)
		}
		// A different file, not marked: duplicate, refused and logged.
		l, _ = r.Lookup(ctx, s, 1)
		fs := Check(l, FileInput{Where: "innovation-i-0001 (2).docx", SHA256: v3, Title: "Innovation and standards"})
		if !finding.Has(fs, "REG-DUPLICATE") || len(fs) != 1 {
			t.Fatalf("dup findings %v", fs)
		}
		if fs := Check(l, FileInput{SHA256: v1, Title: "innovation AND standards.", Source: "Huawei; Nokia Siemens Networks"}); len(fs) != 0 {
			t.Fatalf("same file findings %v", fs)
		}
		if _, err := r.Receive(ctx, ReceiptInput{Series: s, Number: 1, Name: "innovation-i-0001 (2).docx", SHA256: v3}); !errors.Is(err, ErrDuplicate) {
			t.Fatalf("duplicate: %v", err)
		}
		// Marked revision: revision 1.
		if fs := Check(l, FileInput{SHA256: v3, Revision: true, Title: "Something else", Source: "ETSI"}); !finding.Has(fs, "REG-REVISION") || !finding.Has(fs, "REG-TITLE-DIFFERS") || !finding.Has(fs, "REG-SOURCE-DIFFERS") {
			t.Fatalf("revision findings %v", fs)
		}
		rc, err = r.Receive(ctx, ReceiptInput{Series: s, Number: 1, Name: "innovation-i-0001-rev1.docx", SHA256: v3, Revision: true, ReceivedAt: geneva("2012-03-14 09:00")})
		if err != nil || !rc.NewRevision || rc.Document.Revision != 1 || rc.Document.Status != StatusLate {
			t.Fatalf("revision: %+v %v", rc, err)
		}
		// The earlier version sent again is a duplicate even if marked.
		l, _ = r.Lookup(ctx, s, 1)
		if len(l.Hashes) != 2 || l.Hashes[0] != v1 || l.Hashes[1] != v3 {
			t.Fatalf("hashes %v", l.Hashes)
		}
		if fs := Check(l, FileInput{SHA256: v1, Revision: true}); !finding.Has(fs, "REG-DUPLICATE") {
			t.Fatalf("old revision: %v", fs)
		}
		if _, err := r.Receive(ctx, ReceiptInput{Series: s, Number: 1, Name: "old.docx", SHA256: v1, Revision: true}); !errors.Is(err, ErrDuplicate) {
			t.Fatalf("old revision received: %v", err)
		}
		// Withdrawn: closed.
		if _, err := r.Withdraw(ctx, s, 3, "author"); err != nil {
			t.Fatal(err)
		}
		if _, err := r.Receive(ctx, ReceiptInput{Series: s, Number: 3, Name: "x.docx", SHA256: v1}); !errors.Is(err, ErrClosed) {
			t.Fatalf("withdrawn: %v", err)
		}
		l, _ = r.Lookup(ctx, s, 3)
		if fs := Check(l, FileInput{SHA256: v1}); !finding.Has(fs, "REG-CLOSED") {
			t.Fatalf("closed: %v", fs)
		}
		// Rejected, then a corrected file: a revision without the mark.
		if _, err := r.Reject(ctx, s, 2, ""); !errors.Is(err, ErrInvalid) {
			t.Fatalf("reject without reason: %v", err)
		}
		d, err := r.Reject(ctx, s, 2, "not in the template")
		if err != nil || d.Status != StatusRejected || d.RejectReason != "not in the template" {
			t.Fatalf("reject: %+v %v", d, err)
		}
		l, _ = r.Lookup(ctx, s, 2)
		if fs := Check(l, FileInput{SHA256: sum([]byte("fixed"))}); len(fs) != 1 || !finding.Has(fs, "REG-REVISION") {
			t.Fatalf("after rejection: %v", fs)
		}
		rc, err = r.Receive(ctx, ReceiptInput{Series: s, Number: 2, Name: "innovation-i-0002.docx", SHA256: sum([]byte("fixed")), ReceivedAt: geneva("2012-03-12 08:00")})
		if err != nil || rc.Document.Revision != 1 || rc.Document.Status != StatusOnTime || rc.Document.RejectReason != "" {
			t.Fatalf("after reject: %+v %v", rc, err)
		}
		// CheckFile with the number as text.
		fs, l, err = r.CheckFile(ctx, s, "0099", FileInput{SHA256: v1})
		if err != nil || l.Allocated || !finding.Has(fs, "REG-NOT-ALLOCATED") {
			t.Fatalf("CheckFile: %v %+v %v", fs, l, err)
		}
		if fs, _, err := r.CheckFile(ctx, s, "abc", FileInput{}); fs != nil || err != nil {
			t.Fatalf("CheckFile bad number: %v %v", fs, err)
		}
		evs, _ := r.Events(ctx, s, 0)
		refusals := 0
		for _, e := range evs {
			if e.Action == "refuse" {
				refusals++
			}
		}
		if refusals != 4 {
			t.Errorf("refusals logged: %d, want 4", refusals)
		}
		// Bad receipt input.
		for _, in := range []ReceiptInput{{Series: s, Number: 1, SHA256: "abc"}, {Series: "", Number: 1, SHA256: v1}, {Series: s, Number: 0, SHA256: v1}} {
			if _, err := r.Receive(ctx, in); !errors.Is(err, ErrInvalid) {
				t.Errorf("Receive(%+v) = %v", in, err)
			}
		}
	})
}

func TestRevisionMarked(t *testing.T) {
	tests := []struct {
		name, title string
		want        bool
	}{
		{"innovation-i-0012", "A title", false},
		{"innovation-i-0012-rev1", "", true},
		{"innovation-i-0012_r2", "", true},
		{"innovation-i-0012r1", "", true},
		{"innovation-i-0012 (Rev.1)", "", true},
		{"innovation-i-0012", "Innovation report (Rev.2)", true},
		{"innovation-i-0012", "Revision 1 of the work plan", true},
		{"innovation-i-0012", "Review of innovation", false},
		{"river", "Previous work", false},
	}
	for _, tt := range tests {
		if got := RevisionMarked(tt.name, tt.title); got != tt.want {
			t.Errorf("RevisionMarked(%q, %q) = %v", tt.name, tt.title, got)
		}
	}
}

func TestSupersedeWithdrawUpdate(t *testing.T) {
	eachEngine(t, func(t *testing.T, open opener) {
		r, _ := open(t, Options{})
		p := profile(t)
		for range 3 {
			r.Allocate(ctx, p, Request{Title: "t", Source: "s"})
		}
		o, n, err := r.Supersede(ctx, "innovation-i", 1, 2)
		if err != nil || o.Status != StatusSuperseded || o.ReplacedBy != "innovation-i-0002" || n.Replaces != "innovation-i-0001" {
			t.Fatalf("supersede: %+v %+v %v", o, n, err)
		}
		if _, _, err := r.Supersede(ctx, "innovation-i", 1, 3); !errors.Is(err, ErrClosed) {
			t.Fatalf("supersede twice: %v", err)
		}
		if _, _, err := r.Supersede(ctx, "innovation-i", 2, 2); !errors.Is(err, ErrInvalid) {
			t.Fatalf("self: %v", err)
		}
		if err := r.Release(ctx, "innovation-i", 2, ""); !errors.Is(err, ErrInUse) {
			t.Fatalf("release a replacement: %v", err)
		}
		if _, err := r.Withdraw(ctx, "innovation-i", 1, ""); !errors.Is(err, ErrClosed) {
			t.Fatalf("withdraw superseded: %v", err)
		}
		if _, err := r.Reject(ctx, "innovation-i", 3, "why"); !errors.Is(err, ErrNotReceived) {
			t.Fatalf("reject unreceived: %v", err)
		}
		title, notes := "New title", "checked by phone"
		d, err := r.Update(ctx, "innovation-i", 3, Edit{Title: &title, Notes: &notes})
		if err != nil || d.Title != title || d.Notes != notes {
			t.Fatalf("update: %+v %v", d, err)
		}
		empty := ""
		if _, err := r.Update(ctx, "innovation-i", 3, Edit{Title: &empty}); !errors.Is(err, ErrInvalid) {
			t.Fatalf("empty title: %v", err)
		}
		evs, _ := r.Events(ctx, "innovation-i", 3)
		if last := evs[len(evs)-1]; last.Action != "edit" || !strings.Contains(last.Details, "checked by phone") {
			t.Fatalf("edit event %+v", last)
		}
		docs, _ := r.Documents(ctx, Filter{Status: []Status{StatusSuperseded}})
		if len(docs) != 1 || docs[0].Number != 1 {
			t.Fatalf("filter %+v", docs)
		}
		docs, _ = r.Documents(ctx, Filter{Text: "NEW TI"})
		if len(docs) != 1 || docs[0].Number != 3 {
			t.Fatalf("text filter %+v", docs)
		}
	})
}

func TestAccept(t *testing.T) {
	eachEngine(t, func(t *testing.T, open opener) {
		r, _ := open(t, Options{})
		p := profile(t)
		incoming := t.TempDir()
		root := t.TempDir()
		content := []byte("PK fake docx content")
		src := filepath.Join(incoming, "innovation-i-0001.DOCX")
		if err := os.WriteFile(src, content, 0o644); err != nil {
			t.Fatal(err)
		}
		old := time.Date(2012, 3, 10, 9, 0, 0, 0, time.UTC)
		os.Chtimes(src, old, old)
		before, _ := os.Stat(src)
		r.Allocate(ctx, p, Request{Title: "t"})

		if _, err := r.Accept(ctx, AcceptInput{Series: "innovation-i", Number: 1, Path: src, Root: root}); !errors.Is(err, ErrNotReceived) {
			t.Fatalf("accept unreceived: %v", err)
		}
		r.Receive(ctx, ReceiptInput{Series: "innovation-i", Number: 1, Path: src, SHA256: sum([]byte("other")), Size: 5})
		if _, err := r.Accept(ctx, AcceptInput{Series: "innovation-i", Number: 1, Path: src, Root: root}); !errors.Is(err, ErrHashMismatch) {
			t.Fatalf("accept changed file: %v", err)
		}
		// Record the real file as a revision, then accept.
		if _, err := r.Receive(ctx, ReceiptInput{Series: "innovation-i", Number: 1, Path: src, SHA256: sum(content), Size: int64(len(content)), Revision: true}); err != nil {
			t.Fatal(err)
		}
		f, err := r.Accept(ctx, AcceptInput{Series: "innovation-i", Number: 1, Path: src, Root: root})
		if err != nil {
			t.Fatal(err)
		}
		want := filepath.Join(root, "1203-gva", "in", "innovation-i-0001.docx")
		if f.Path != want || f.Document.Status != StatusAccepted || f.Document.FiledAs != want || f.Unchanged {
			t.Fatalf("filed %+v", f)
		}
		got, _ := os.ReadFile(want)
		fi, _ := os.Stat(want)
		if sum(got) != sum(content) || fi.Mode().Perm() != 0o444 || !fi.ModTime().Equal(old) {
			t.Fatalf("copy: hash ok %v mode %v mtime %v", sum(got) == sum(content), fi.Mode().Perm(), fi.ModTime())
		}
		// The original is untouched.
		after, _ := os.Stat(src)
		orig, _ := os.ReadFile(src)
		if sum(orig) != sum(content) || !after.ModTime().Equal(before.ModTime()) || after.Mode() != before.Mode() {
			t.Fatal("the incoming original changed")
		}
		if m, _ := filepath.Glob(filepath.Join(root, "1203-gva", "in", ".*")); len(m) != 0 {
			t.Fatalf("temp files left: %v", m)
		}
		// Again: unchanged.
		f, err = r.Accept(ctx, AcceptInput{Series: "innovation-i", Number: 1, Path: src, Root: root})
		if err != nil || !f.Unchanged {
			t.Fatalf("again: %+v %v", f, err)
		}
		// A revision replaces the read-only copy.
		content2 := []byte("PK fake docx content, revised")
		src2 := filepath.Join(incoming, "innovation-i-0001-rev1.docx")
		os.WriteFile(src2, content2, 0o644)
		if _, err := r.Receive(ctx, ReceiptInput{Series: "innovation-i", Number: 1, Path: src2, SHA256: sum(content2), Size: int64(len(content2)), Revision: true}); err != nil {
			t.Fatal(err)
		}
		if f, err = r.Accept(ctx, AcceptInput{Series: "innovation-i", Number: 1, Path: src2, Root: root}); err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(want); sum(got) != sum(content2) || f.Document.Revision != 2 {
			t.Fatal("revision not filed")
		}
		evs, _ := r.Events(ctx, "innovation-i", 1)
		if last := evs[len(evs)-1]; last.Action != "accept" || !strings.Contains(last.Details, "replaced_sha256") {
			t.Fatalf("event %+v", last)
		}
		if _, err := r.Accept(ctx, AcceptInput{Series: "innovation-i", Number: 1, Path: src2}); !errors.Is(err, ErrInvalid) {
			t.Fatalf("no root: %v", err)
		}
	})
}

// TestBackupSameSecond: two registers on one file (two processes, as when
// several open an outdated register at once) back it up in the same
// second, under the same name, again and again: every backup succeeds and
// what it names opens as a register.
func TestBackupSameSecond(t *testing.T) {
	c := &clock{t: time.Date(2012, 3, 12, 10, 0, 0, 0, time.UTC)}
	r1, path := open(t, Options{Now: c.Now})
	r1.Allocate(ctx, profile(t), Request{Title: "kept"})
	r2, err := Open(path, Options{Now: c.Now, Who: "other"})
	if err != nil {
		t.Fatal(err)
	}
	defer r2.Close()
	dir := t.TempDir()
	var wg sync.WaitGroup
	for _, r := range []*Register{r1, r2} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 10 {
				b, err := r.Backup(dir)
				if err != nil {
					t.Error(err)
					return
				}
				if _, err := os.Stat(b); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	left, _ := filepath.Glob(filepath.Join(dir, "*.part"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
	names, _ := filepath.Glob(filepath.Join(dir, "*.db"))
	for _, n := range names {
		b, err := Open(n, Options{ReadOnly: true})
		if err != nil {
			t.Fatalf("backup %s: %v", n, err)
		}
		b.Close()
	}
}

func TestBackupAndMigrationBackup(t *testing.T) {
	c := &clock{t: time.Date(2012, 3, 12, 10, 0, 0, 0, time.UTC)}
	r, path := open(t, Options{Now: c.Now})
	r.Allocate(ctx, profile(t), Request{Title: "kept"})
	dir := t.TempDir()
	b1, err := r.Backup(dir)
	if err != nil {
		t.Fatal(err)
	}
	b2, err := r.Backup(dir)
	if err != nil || b1 == b2 || filepath.Base(b1) != "register-20120312T100000Z.db" {
		t.Fatalf("backups %s %s %v", b1, b2, err)
	}
	b, err := Open(b1, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	docs, _ := b.Documents(ctx, Filter{})
	b.Close()
	if len(docs) != 1 || docs[0].Title != "kept" {
		t.Fatalf("backup content %+v", docs)
	}
	r.Close()

	// A new schema step: reopening backs up first.
	saved := migrations
	t.Cleanup(func() { migrations = saved })
	migrations = append(migrations[:len(migrations):len(migrations)], migration{version: saved[len(saved)-1].version + 1, sql: "CREATE TABLE extra(x INTEGER){{STRICT}};"})
	r2, err := Open(path, Options{Now: c.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer r2.Close()
	m, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "backups", "register-*-before-v*.db"))
	if len(m) != 1 {
		t.Fatalf("migration backup: %v", m)
	}
	var v int
	r2.db.QueryRow("PRAGMA user_version").Scan(&v)
	if v != SchemaVersion() {
		t.Fatalf("version %d", v)
	}
	// An older FG Desk refuses the newer file.
	migrations = saved
	if _, err := Open(path, Options{}); !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("newer: %v", err)
	}
}

func TestNotARegister(t *testing.T) {
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte(strings.Repeat("this is not sqlite ", 100)), 0o644)
	_, err := Open(junk, Options{})
	if !errors.Is(err, ErrNotRegister) || !strings.Contains(err.Error(), junk) {
		t.Fatalf("junk: %v", err)
	}
	other := filepath.Join(dir, "other.db")
	db, _ := sql.Open("sqlite", other)
	db.Exec("CREATE TABLE t(x)")
	db.Close()
	if _, err := Open(other, Options{}); !errors.Is(err, ErrNotRegister) {
		t.Fatalf("other: %v", err)
	}
	if _, err := Open(filepath.Join(dir, "missing", "r.db"), Options{}); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("missing folder: %v", err)
	}
	if _, err := Open(dir, Options{}); err == nil || !strings.Contains(err.Error(), "is a folder") {
		t.Fatalf("folder: %v", err)
	}
}

func TestReadOnly(t *testing.T) {
	r, path := open(t, Options{})
	r.Allocate(ctx, profile(t), Request{Title: "x"})
	r.Close()
	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if docs, err := ro.Documents(ctx, Filter{}); err != nil || len(docs) != 1 {
		t.Fatalf("read: %v %v", docs, err)
	}
	_, err = ro.Allocate(ctx, profile(t), Request{Title: "y"})
	if !errors.Is(err, ErrReadOnly) || !strings.HasPrefix(err.Error(), "register "+path+" is read-only") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("write on read-only: %v", err)
	}
	// The driver's own read-only error maps the same way.
	_, err = ro.db.Exec("INSERT INTO events(at, who, action) VALUES ('a','b','c')")
	if err == nil || !errors.Is(ro.wrap("test", err), ErrReadOnly) {
		t.Fatalf("driver read-only: %v", err)
	}
}

func TestReadOnlyFile(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root: file permissions do not stop writes")
	}
	r, path := open(t, Options{})
	r.Allocate(ctx, profile(t), Request{Title: "x"})
	r.Close()
	dir := filepath.Dir(path)
	os.Chmod(path, 0o444)
	os.Chmod(dir, 0o555)
	t.Cleanup(func() { os.Chmod(dir, 0o755); os.Chmod(path, 0o644) })
	r2, err := Open(path, Options{})
	if err == nil {
		_, err = r2.Allocate(ctx, profile(t), Request{Title: "y"})
		r2.Close()
	}
	if !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), "is read-only") {
		t.Fatalf("got %v", err)
	}
	t.Log(err)
	// Reading still works: list and export need no write access.
	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("read-only open of a read-only file: %v", err)
	}
	defer ro.Close()
	if docs, err := ro.Documents(ctx, Filter{}); err != nil || len(docs) != 1 {
		t.Fatalf("read: %v %v", docs, err)
	}
}

func TestLocked(t *testing.T) {
	r, path := open(t, Options{BusyTimeout: 200 * time.Millisecond})
	// Another program holds the write lock.
	other, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(100)")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN EXCLUSIVE"); err != nil {
		t.Fatal(err)
	}
	_, err = r.Allocate(ctx, profile(t), Request{Title: "x"})
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "register "+path+" is locked by another window or program") {
		t.Fatalf("got %v", err)
	}
	conn.ExecContext(ctx, "ROLLBACK")
	if _, err := r.Allocate(ctx, profile(t), Request{Title: "x"}); err != nil {
		t.Fatalf("after unlock: %v", err)
	}
}

func TestWho(t *testing.T) {
	eachEngine(t, func(t *testing.T, open opener) {
		r, _ := open(t, Options{Who: "officer.a"})
		if r.Who() != "officer.a" {
			t.Fatal(r.Who())
		}
		if osUser() == "" {
			t.Fatal("empty OS user")
		}
	})
}

func TestParseStatusAndNumber(t *testing.T) {
	for in, want := range map[string]Status{"On Time": StatusOnTime, "on-time": StatusOnTime, "ontime": StatusOnTime, " LATE ": StatusLate, "superseded": StatusSuperseded} {
		if got, err := ParseStatus(in); err != nil || got != want {
			t.Errorf("ParseStatus(%q) = %q %v", in, got, err)
		}
	}
	if _, err := ParseStatus("lost"); err == nil {
		t.Error("lost accepted")
	}
	for in, want := range map[string]int{"0007": 7, "12": 12, " 0100 ": 100} {
		if got, err := ParseNumber(in); err != nil || got != want {
			t.Errorf("ParseNumber(%q) = %d %v", in, got, err)
		}
	}
	for _, in := range []string{"", "0", "0000", "-1", "1e3", "12a", "1234567890"} {
		if _, err := ParseNumber(in); err == nil {
			t.Errorf("ParseNumber(%q) accepted", in)
		}
	}
	if FormatNumber(7, 4) != "0007" || FormatNumber(12345, 4) != "12345" {
		t.Error("FormatNumber")
	}
}

func TestNumberOf(t *testing.T) {
	p := profile(t)
	for in, want := range map[string]int{"7": 7, "0007": 7, "innovation-i-0007": 7, "INNOVATION-I-0007": 7,
		"/in/innovation-i-0012.docx": 12, "Innovation_I-0012 (2).DOCX": 12, "innovation-i-0012-rev1.docx": 12} {
		if got, err := NumberOf(p, in); err != nil || got != want {
			t.Errorf("NumberOf(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "abc", "innovation-x-0007", "0", "innovation-i-10000", "innovation-i-10000.docx"} {
		if _, err := NumberOf(p, in); !errors.Is(err, ErrInvalid) {
			t.Errorf("NumberOf(%q) = %v", in, err)
		}
	}
}

func TestReceiveFile(t *testing.T) {
	eachEngine(t, func(t *testing.T, open opener) {
		r, _ := open(t, Options{})
		p := profile(t)
		r.Allocate(ctx, p, Request{Title: "Work plan", Source: "Chairman"})
		dir := t.TempDir()
		f1 := filepath.Join(dir, "innovation-i-0001.docx")
		os.WriteFile(f1, []byte("one"), 0o644)
		rc, fs, err := r.ReceiveFile(ctx, p, FileReceipt{Path: f1, Title: "Work plan", Source: "Chairman", ReceivedAt: geneva("2012-03-12 12:00"), Verdict: "pass"})
		if err != nil || len(fs) != 0 || rc.Document.Status != StatusOnTime || rc.Document.Size != 3 || rc.Document.SHA256 != sum([]byte("one")) {
			t.Fatalf("first: %+v %v %v", rc, fs, err)
		}
		// A revision recognised from its name.
		f2 := filepath.Join(dir, "innovation-i-0001-rev1.docx")
		os.WriteFile(f2, []byte("two"), 0o644)
		rc, fs, err = r.ReceiveFile(ctx, p, FileReceipt{Path: f2, Title: "Work plan (Rev.1)"})
		if err != nil || !rc.NewRevision || !finding.Has(fs, "REG-REVISION") {
			t.Fatalf("revision: %+v %v %v", rc, fs, err)
		}
		// Not allocated: refused, with the finding.
		f3 := filepath.Join(dir, "innovation-i-0042.pdf")
		os.WriteFile(f3, []byte("x"), 0o644)
		_, fs, err = r.ReceiveFile(ctx, p, FileReceipt{Path: f3})
		if !Refused(err) || !errors.Is(err, ErrNotAllocated) || !finding.Has(fs, "REG-NOT-ALLOCATED") {
			t.Fatalf("unallocated: %v %v", fs, err)
		}
		// No number at all.
		if _, _, err := r.ReceiveFile(ctx, p, FileReceipt{Path: filepath.Join(dir, "report.docx")}); !errors.Is(err, ErrInvalid) || Refused(err) {
			t.Fatalf("no number: %v", err)
		}
	})
}
