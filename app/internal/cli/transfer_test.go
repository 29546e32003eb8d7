package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fgdesk/fgdesk/app/internal/meeting"
	"github.com/fgdesk/fgdesk/app/internal/transfer"
	"github.com/fgdesk/fgdesk/app/internal/transfer/ftptest"
)

// TestUploadSyncAccept is issue 11's walk against a real FTP server: the
// delegate uploads (byte-identical, receipt next to the file), a second
// upload is refused with exit 1 and the server file unchanged, a file with
// pre-flight errors is refused; the secretariat syncs incoming into a
// mirror with the register (each file once, server times), and accepts a
// file into the meeting folder on the server (same hash, incoming
// unchanged).
func TestUploadSyncAccept(t *testing.T) {
	srv := ftptest.Start(t, ftptest.Config{TLS: true})
	t.Setenv("FGDESK_HOME", t.TempDir())
	work := t.TempDir()
	out := filepath.Join(work, "out")
	os.MkdirAll(out, 0o755)
	pw := filepath.Join(work, "pw")
	os.WriteFile(pw, []byte(ftptest.DelegatePass+"\n"), 0o600)
	tpw := filepath.Join(work, "tpw")
	os.WriteFile(tpw, []byte(ftptest.TSBPass+"\n"), 0o600)
	db := filepath.Join(work, "reg.db")

	title := "Proposed structure of the Innovation Report and a method to identify standardization gaps"
	for i := 1; i <= 12; i++ {
		if code, _, errs := run(t, "register", "allocate", "--db", db, "--title", title, "--source", "Example"); code != ExitOK {
			t.Fatalf("allocate: %s", errs)
		}
	}
	if code, _, errs := run(t, "export", writeDraft(t, work, "0012", title), "-o", out); code != ExitOK {
		t.Fatalf("export: %s", errs)
	}
	doc := filepath.Join(out, "innovation-i-0012.docx")
	to := srv.URL(ftptest.DelegateUser, "/incoming")
	code, stdout, errs := run(t, "upload", doc, "--to", to, "--password-file", pw, "--ca-file", srv.CAFile)
	if code != ExitOK {
		t.Fatalf("upload: %d %s %s", code, stdout, errs)
	}
	if !strings.Contains(errs, "explicit TLS") || !strings.Contains(errs, "is late") {
		t.Errorf("upload did not say the link is TLS and the file late: %s", errs)
	}
	onServer := filepath.Join(srv.Root, "incoming", "innovation-i-0012.docx")
	if fileSum(t, onServer) != fileSum(t, doc) {
		t.Fatal("server file differs")
	}
	rec, err := transfer.ReadReceipt(transfer.ReceiptPath(doc))
	if err != nil || rec.SHA256 != fileSum(t, doc) || rec.Path != "/incoming/innovation-i-0012.docx" || rec.ServerTime.IsZero() {
		t.Fatalf("receipt: %v %+v", err, rec)
	}
	before := fileSum(t, onServer)
	os.WriteFile(filepath.Join(work, "other.docx"), []byte("x"), 0o644)
	code, _, errs = run(t, "upload", doc, "--to", to, "--password-file", pw, "--ca-file", srv.CAFile)
	if code != ExitErrors || !strings.Contains(errs, "already there") || fileSum(t, onServer) != before {
		t.Fatalf("second upload: %d %s", code, errs)
	}
	bad := filepath.Join(out, "my contribution.docx")
	copyFile(t, doc, bad, rec.ServerTime)
	code, _, errs = run(t, "upload", bad, "--to", to, "--password-file", pw, "--ca-file", srv.CAFile)
	if code != ExitErrors || !strings.Contains(errs, "NAME-PATTERN") || !strings.Contains(errs, "refused") {
		t.Fatalf("upload with errors: %d %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(srv.Root, "incoming", "my contribution.docx")); err == nil {
		t.Fatal("file with errors reached the server")
	}
	// Plain text is said clearly.
	code, _, errs = run(t, "upload", doc, "--to", to, "--password-file", pw, "--tls", "off", "--force")
	if code != ExitOK || !strings.Contains(errs, "plain text") {
		t.Fatalf("plain upload: %d %s", code, errs)
	}

	from := srv.URL(ftptest.TSBUser, "/incoming")
	mirror := filepath.Join(work, "mirror")
	code, stdout, errs = run(t, "incoming", "sync", "--from", from, "-o", mirror, "--db", db, "--password-file", tpw, "--ca-file", srv.CAFile)
	if code == ExitFailed || !strings.Contains(stdout, "new      innovation-i-0012.docx") || !strings.Contains(stdout, transfer.FromServerMLSD) {
		t.Fatalf("sync: %d %s %s", code, stdout, errs)
	}
	code, stdout, errs = run(t, "incoming", "sync", "--from", from, "-o", mirror, "--db", db, "--password-file", tpw, "--ca-file", srv.CAFile)
	if code != ExitOK || !strings.Contains(stdout, "0 downloaded") {
		t.Fatalf("second sync: %d %s %s", code, stdout, errs)
	}
	code, stdout, _ = run(t, "register", "show", "12", "--db", db, "--json")
	var shown struct {
		Document struct{ Status, SHA256 string }
	}
	json.Unmarshal([]byte(stdout), &shown)
	if d := shown.Document; d.SHA256 != before || d.Status != "late" {
		t.Fatalf("register after sync: %s", stdout)
	}
	code, stdout, errs = run(t, "incoming", "accept", "innovation-i-0012.docx", "--from", from, "-o", mirror, "--db", db, "--password-file", tpw, "--ca-file", srv.CAFile)
	if code != ExitOK {
		t.Fatalf("accept: %d %s %s", code, stdout, errs)
	}
	filed := filepath.Join(srv.Root, "1203-gva", "in", "innovation-i-0012.docx")
	if fileSum(t, filed) != before || fileSum(t, onServer) != before {
		t.Fatal("filed copy or incoming original differs")
	}
	code, stdout, _ = run(t, "register", "show", "12", "--db", db, "--json")
	if !strings.Contains(stdout, `"accepted"`) {
		t.Fatalf("not accepted in the register: %s", stdout)
	}
	// The accept event says where on the server the document went.
	if !strings.Contains(stdout, "/1203-gva/in/innovation-i-0012.docx") || !strings.Contains(stdout, "ftp") {
		t.Fatalf("the register does not say where the server copy is: %s", stdout)
	}
	// Reject leaves the file where it is, with the reason recorded.
	other := filepath.Join(srv.Root, "incoming", "innovation-i-0011.docx")
	copyFile(t, doc, other, rec.ServerTime)
	if code, stdout, errs = run(t, "incoming", "sync", "--from", from, "-o", mirror, "--db", db, "--password-file", tpw, "--ca-file", srv.CAFile); !strings.Contains(stdout, "new      innovation-i-0011.docx") {
		t.Fatalf("sync of 0011: %d %s %s", code, stdout, errs)
	}
	code, stdout, errs = run(t, "incoming", "reject", "innovation-i-0011.docx", "--db", db, "--reason", "not in the FG base template")
	if code != ExitOK || !strings.Contains(stdout, "rejected") {
		t.Fatalf("reject: %d %s %s", code, stdout, errs)
	}
	if fileSum(t, other) != before || fileSum(t, filepath.Join(mirror, "innovation-i-0011.docx")) != before {
		t.Fatal("reject touched the file")
	}
	code, stdout, _ = run(t, "register", "show", "11", "--db", db, "--json")
	if !strings.Contains(stdout, "not in the FG base template") {
		t.Fatalf("reason not recorded: %s", stdout)
	}
	// A wrong password: one line, exit 2.
	os.WriteFile(tpw, []byte("wrong\n"), 0o600)
	code, _, errs = run(t, "incoming", "sync", "--from", from, "-o", mirror, "--password-file", tpw, "--ca-file", srv.CAFile)
	if code != ExitFailed || !strings.Contains(errs, "login refused") || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
		t.Fatalf("wrong password: %d %q", code, errs)
	}
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestIncomingWatchLocalFolder: `incoming watch DIR` picks up a file
// dropped into a local incoming folder (fsnotify) and stops cleanly.
func TestIncomingWatchLocalFolder(t *testing.T) {
	t.Setenv("FGDESK_HOME", t.TempDir())
	work := t.TempDir()
	in := filepath.Join(work, "incoming")
	os.MkdirAll(in, 0o755)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	code := make(chan int, 1)
	go func() {
		code <- Run(ctx, []string{"incoming", "watch", "--from", in, "-o", filepath.Join(work, "mirror"), "--interval", "1h"}, strings.NewReader(""), &stdout, &stderr)
	}()
	time.Sleep(300 * time.Millisecond)
	p := filepath.Join(in, "innovation-i-0031.docx")
	os.WriteFile(p, []byte("not really a docx"), 0o644)
	old := time.Now().Add(-time.Minute)
	os.Chtimes(p, old, old)
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(stdout.String(), "new      innovation-i-0031.docx") {
		if time.Now().After(deadline) {
			t.Fatalf("watch did not report the file: %s %s", stdout.String(), stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !strings.Contains(stderr.String(), "watching "+in) || !strings.Contains(stdout.String(), transfer.FromFileTime) {
		t.Errorf("stderr %q stdout %q", stderr.String(), stdout.String())
	}
	cancel()
	select {
	case c := <-code:
		if c != ExitOK {
			t.Errorf("exit %d", c)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("watch did not stop")
	}
}

// TestIncomingTargetNamesItsFlag: with no FTP folder in the meeting, the
// error tells the user the flag of the command they ran.
func TestIncomingTargetNamesItsFlag(t *testing.T) {
	p := meeting.Default()
	p.FTP.Host, p.FTP.Incoming = "", ""
	for _, flagName := range []string{"--to", "--from"} {
		_, err := incomingTarget(p, "", flagName)
		if err == nil || !strings.HasSuffix(err.Error(), "give "+flagName) {
			t.Errorf("incomingTarget(…, %q) = %v, want an error ending in %q", flagName, err, "give "+flagName)
		}
	}
}
