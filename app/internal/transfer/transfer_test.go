package transfer_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fgdesk/fgdesk/app/internal/check"
	"github.com/fgdesk/fgdesk/app/internal/transfer"
	"github.com/fgdesk/fgdesk/app/internal/transfer/ftptest"
)

func randomFile(t *testing.T, dir, name string, size int) (string, []byte) {
	t.Helper()
	b := make([]byte, size)
	rand.Read(b)
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p, b
}

func open(t *testing.T, srv *ftptest.Server, user, pass, dir string, d transfer.Dialer) transfer.Store {
	t.Helper()
	tg, err := transfer.ParseTarget(srv.URL(user, dir))
	if err != nil {
		t.Fatal(err)
	}
	d.Password = pass
	if d.Timeout == 0 {
		d.Timeout = 5 * time.Second
	}
	st, err := d.Open(context.Background(), tg)
	if err != nil {
		t.Fatalf("open %s: %v", tg, err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

var fast = transfer.Retry{Attempts: 2, Wait: 20 * time.Millisecond}

// TestImplicitMismatch: a client that expects explicit TLS (or none) at
// an implicit-TLS server, and one that starts TLS at a server that waits
// for plain text, each fail within the timeout with one line that names
// the TLS mode to use, no hang.
func TestImplicitMismatch(t *testing.T) {
	implicit := ftptest.Start(t, ftptest.Config{TLS: true, Implicit: true})
	explicit := ftptest.Start(t, ftptest.Config{TLS: true})
	for _, tc := range []struct {
		name       string
		srv        *ftptest.Server
		mode, hint string
	}{
		{"explicit client, implicit server", implicit, "explicit", "use implicit TLS"},
		{"plain client, implicit server", implicit, "off", "use implicit TLS"},
		{"implicit client, explicit server", explicit, "implicit", "use explicit TLS"},
	} {
		tg, err := transfer.ParseTarget(tc.srv.URL(ftptest.DelegateUser, "/incoming"))
		if err != nil {
			t.Fatal(err)
		}
		d := transfer.Dialer{TLS: tc.mode, CAFile: tc.srv.CAFile, Password: ftptest.DelegatePass, Timeout: time.Second}
		start := time.Now()
		st, err := d.Open(context.Background(), tg)
		if err == nil {
			st.Close()
			t.Errorf("%s: connected", tc.name)
			continue
		}
		if !strings.Contains(err.Error(), tc.hint) {
			t.Errorf("%s: %v; want a hint to %s", tc.name, err, tc.hint)
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("%s: failed after %v", tc.name, d)
		}
		if strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: error of several lines: %q", tc.name, err)
		}
	}
}

func TestUploadOnceThenRefused(t *testing.T) {
	for _, tc := range []struct {
		name           string
		tls, implicit  bool
		mode, security string
	}{
		{"plain auto", false, false, "", "plain text"},
		{"tls auto", true, false, "", "explicit TLS"},
		{"tls explicit", true, false, "explicit", "explicit TLS"},
		{"tls off", true, false, "off", "plain text"},
		{"tls implicit", true, true, "implicit", "implicit TLS"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := ftptest.Start(t, ftptest.Config{TLS: tc.tls, Implicit: tc.implicit})
			st := open(t, srv, ftptest.DelegateUser, ftptest.DelegatePass, "/incoming", transfer.Dialer{TLS: tc.mode, CAFile: srv.CAFile})
			if !strings.HasPrefix(st.Security(), tc.security) {
				t.Errorf("security %q, want %q", st.Security(), tc.security)
			}
			local, data := randomFile(t, t.TempDir(), "innovation-i-0012.docx", 300_000)
			rec, err := transfer.Upload(context.Background(), st, local, transfer.UploadOptions{Retry: fast})
			if err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(filepath.Join(srv.Root, "incoming", "innovation-i-0012.docx"))
			if err != nil || !bytes.Equal(got, data) {
				t.Fatalf("server file differs (%v)", err)
			}
			if rec.Size != int64(len(data)) || !rec.Renamed || rec.ServerTimeFrom != "MDTM" || rec.ServerTime.IsZero() || len(rec.SHA256) != 64 {
				t.Errorf("receipt %+v", rec)
			}
			if _, err := os.Stat(filepath.Join(srv.Root, "incoming", transfer.PartName("innovation-i-0012.docx"))); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("temporary file left: %v", err)
			}
			// A second upload of another version is refused and changes nothing.
			os.WriteFile(local, []byte("other"), 0o644)
			_, err = transfer.Upload(context.Background(), st, local, transfer.UploadOptions{Retry: fast})
			if !errors.Is(err, transfer.ErrExists) {
				t.Fatalf("second upload: %v, want ErrExists", err)
			}
			got, _ = os.ReadFile(filepath.Join(srv.Root, "incoming", "innovation-i-0012.docx"))
			if !bytes.Equal(got, data) {
				t.Fatal("refused upload changed the server file")
			}
			rec, err = transfer.Upload(context.Background(), st, local, transfer.UploadOptions{Retry: fast, Force: true})
			if err != nil || !rec.Replaced {
				t.Fatalf("forced upload: %v %+v", err, rec)
			}
			got, _ = os.ReadFile(filepath.Join(srv.Root, "incoming", "innovation-i-0012.docx"))
			if string(got) != "other" {
				t.Fatal("forced upload did not replace")
			}
			p, err := transfer.WriteReceipt(rec)
			if err != nil {
				t.Fatal(err)
			}
			back, err := transfer.ReadReceipt(p)
			if err != nil || back.SHA256 != rec.SHA256 || back.Server != rec.Server {
				t.Fatalf("receipt round trip: %v %+v", err, back)
			}
			// A check of the folder skips the receipt kept beside its file.
			if files, skipped, err := check.Expand([]string{filepath.Dir(p)}, false); err != nil || skipped != 1 || slices.Contains(files, p) {
				t.Fatalf("check of the upload folder: %v skipped %d, %v", files, skipped, err)
			}
		})
	}
}

func TestUploadKilledMidway(t *testing.T) {
	srv := ftptest.Start(t, ftptest.Config{})
	st := open(t, srv, ftptest.DelegateUser, ftptest.DelegatePass, "/incoming", transfer.Dialer{})
	local, data := randomFile(t, t.TempDir(), "innovation-i-0013.docx", 8<<20)
	var once sync.Once
	_, err := transfer.Upload(context.Background(), st, local, transfer.UploadOptions{Retry: fast, Progress: func(sent, total int64) {
		if sent > 1<<20 {
			once.Do(srv.Kill)
		}
	}})
	if err == nil {
		t.Fatal("upload to a killed server succeeded")
	}
	if !errors.Is(err, transfer.ErrConnection) || !strings.Contains(err.Error(), "nothing was stored under the final name") {
		t.Errorf("unclear error: %v", err)
	}
	t.Log(err)
	if _, err := os.Stat(filepath.Join(srv.Root, "incoming", "innovation-i-0013.docx")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a file is under the final name after the crash: %v", err)
	}
	srv.Restart()
	rec, err := transfer.Upload(context.Background(), st, local, transfer.UploadOptions{Retry: fast})
	if err != nil {
		t.Fatalf("retry: %v", err)
	}
	got, _ := os.ReadFile(filepath.Join(srv.Root, "incoming", "innovation-i-0013.docx"))
	if !bytes.Equal(got, data) || rec.Size != int64(len(data)) {
		t.Fatal("retried upload differs")
	}
}

func TestUploadWithoutRename(t *testing.T) {
	srv := ftptest.Start(t, ftptest.Config{})
	st := open(t, srv, ftptest.NoRenameUser, ftptest.NoRenamePass, "/incoming", transfer.Dialer{})
	local, data := randomFile(t, t.TempDir(), "innovation-i-0014.docx", 1000)
	rec, err := transfer.Upload(context.Background(), st, local, transfer.UploadOptions{Retry: fast})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(filepath.Join(srv.Root, "incoming", "innovation-i-0014.docx"))
	if rec.Renamed || !bytes.Equal(got, data) {
		t.Fatalf("renamed=%v identical=%v", rec.Renamed, bytes.Equal(got, data))
	}
}

func TestRefusals(t *testing.T) {
	srv := ftptest.Start(t, ftptest.Config{Quota: 1000})
	tg, _ := transfer.ParseTarget(srv.URL(ftptest.DelegateUser, "/incoming"))
	_, err := transfer.Dialer{Password: "wrong", Timeout: 5 * time.Second}.Open(context.Background(), tg)
	if !errors.Is(err, transfer.ErrLogin) {
		t.Errorf("bad password: %v, want ErrLogin", err)
	}
	t.Log(err)
	// The delegate may not read incoming: 550.
	os.WriteFile(filepath.Join(srv.Root, "incoming", "innovation-i-0001.docx"), []byte("x"), 0o644)
	st := open(t, srv, ftptest.DelegateUser, ftptest.DelegatePass, "/incoming", transfer.Dialer{})
	res, err := transfer.Sync(context.Background(), st, transfer.SyncOptions{Mirror: t.TempDir(), Retry: fast})
	if err != nil || len(res.Failed()) != 1 || !errors.Is(res.Failed()[0].Err, transfer.ErrPermission) {
		t.Errorf("download without permission: %v %+v", err, res.Failed())
	} else {
		t.Log(res.Failed()[0].Err)
	}
	// Quota: 552.
	os.WriteFile(filepath.Join(srv.Root, "incoming", "big"), make([]byte, 2000), 0o644)
	local, _ := randomFile(t, t.TempDir(), "innovation-i-0002.docx", 100)
	_, err = transfer.Upload(context.Background(), st, local, transfer.UploadOptions{Retry: fast})
	if !errors.Is(err, transfer.ErrQuota) {
		t.Errorf("over quota: %v, want ErrQuota", err)
	}
	t.Log(err)
	if _, err := os.Stat(filepath.Join(srv.Root, "incoming", "innovation-i-0002.docx")); !errors.Is(err, os.ErrNotExist) {
		t.Error("file under final name after 552")
	}
}

func TestSyncOnceReadOnlyWithServerTimes(t *testing.T) {
	srv := ftptest.Start(t, ftptest.Config{})
	in := filepath.Join(srv.Root, "incoming")
	when := time.Date(2012, 3, 12, 21, 0, 0, 0, time.UTC)
	for i, n := range []string{"innovation-i-0001.docx", "innovation-i-0002.pdf"} {
		os.WriteFile(filepath.Join(in, n), bytes.Repeat([]byte{byte(i)}, 5000+i), 0o644)
		os.Chtimes(filepath.Join(in, n), when, when)
	}
	os.WriteFile(filepath.Join(in, transfer.PartName("innovation-i-0003.docx")), []byte("half"), 0o644)
	st := open(t, srv, ftptest.TSBUser, ftptest.TSBPass, "/incoming", transfer.Dialer{})
	mirror := filepath.Join(t.TempDir(), "mirror")
	res, err := transfer.Sync(context.Background(), st, transfer.SyncOptions{Mirror: mirror, Retry: fast})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Downloaded()) != 2 || len(res.Files) != 2 {
		t.Fatalf("first sync: %+v", res)
	}
	for _, m := range res.Files {
		fi, err := os.Stat(m.Path)
		if err != nil || fi.Mode().Perm() != 0o444 || !fi.ModTime().Equal(when) || !m.ReceivedAt.Equal(when) || m.ReceivedFrom != transfer.FromServerMLSD {
			t.Errorf("%s: %v mode %v mtime %v received %v from %q", m.Name, err, fi.Mode(), fi.ModTime(), m.ReceivedAt, m.ReceivedFrom)
		}
	}
	res, err = transfer.Sync(context.Background(), st, transfer.SyncOptions{Mirror: mirror, Retry: fast})
	if err != nil || len(res.Downloaded()) != 0 || len(res.Files) != 2 {
		t.Fatalf("second sync downloaded %d (%v)", len(res.Downloaded()), err)
	}
	// A changed file (new size and time) is copied again.
	later := when.Add(time.Hour)
	os.WriteFile(filepath.Join(in, "innovation-i-0001.docx"), []byte("revised"), 0o644)
	os.Chtimes(filepath.Join(in, "innovation-i-0001.docx"), later, later)
	res, err = transfer.Sync(context.Background(), st, transfer.SyncOptions{Mirror: mirror, Retry: fast})
	if err != nil || len(res.Downloaded()) != 1 || res.Downloaded()[0].Name != "innovation-i-0001.docx" {
		t.Fatalf("third sync: %v %+v", err, res.Downloaded())
	}
	if b, _ := os.ReadFile(filepath.Join(mirror, "innovation-i-0001.docx")); string(b) != "revised" {
		t.Fatalf("mirror holds %q", b)
	}
}

func TestSyncFaults(t *testing.T) {
	srv := ftptest.Start(t, ftptest.Config{})
	in := filepath.Join(srv.Root, "incoming")
	name := "innovation-i-0005.docx"
	data := make([]byte, 8<<20)
	rand.Read(data)
	os.WriteFile(filepath.Join(in, name), data, 0o644)
	st := open(t, srv, ftptest.TSBUser, ftptest.TSBPass, "/incoming", transfer.Dialer{Timeout: 2 * time.Second})
	mirror := t.TempDir()
	nothing := func(t *testing.T) {
		t.Helper()
		if _, err := os.Stat(filepath.Join(mirror, name)); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("mirror has %s after a failed download", name)
		}
		ents, _ := os.ReadDir(mirror)
		for _, e := range ents {
			if strings.HasSuffix(e.Name(), ".tmp") {
				t.Fatalf("temporary file %s left", e.Name())
			}
		}
	}

	t.Run("dropped", func(t *testing.T) {
		var once sync.Once
		res, err := transfer.Sync(context.Background(), st, transfer.SyncOptions{Mirror: mirror, Retry: fast, Progress: func(_ string, done, _ int64) {
			if done > 1<<20 {
				once.Do(srv.Kill)
			}
		}})
		if err != nil || len(res.Failed()) != 1 || !errors.Is(res.Failed()[0].Err, transfer.ErrConnection) {
			t.Fatalf("%v %+v", err, res)
		}
		t.Log(res.Failed()[0].Err)
		nothing(t)
		srv.Restart()
	})
	t.Run("timeout", func(t *testing.T) {
		var once sync.Once
		res, err := transfer.Sync(context.Background(), st, transfer.SyncOptions{Mirror: mirror, Retry: transfer.Retry{Attempts: 1}, Progress: func(_ string, done, _ int64) {
			if done > 1<<20 {
				once.Do(srv.Pause)
			}
		}})
		srv.Resume()
		if err != nil || len(res.Failed()) != 1 || !errors.Is(res.Failed()[0].Err, transfer.ErrTimeout) {
			t.Fatalf("%v %+v", err, res.Failed())
		}
		t.Log(res.Failed()[0].Err)
		nothing(t)
	})
	t.Run("always changing", func(t *testing.T) {
		n := 0
		res, err := transfer.Sync(context.Background(), st, transfer.SyncOptions{Mirror: mirror, Retry: fast, Progress: func(_ string, done, _ int64) {
			if done > 1<<20 && done < 1<<20+64<<10 {
				n++
				f, _ := os.OpenFile(filepath.Join(in, name), os.O_APPEND|os.O_WRONLY, 0)
				f.Write([]byte("more"))
				f.Close()
			}
		}})
		if err != nil || len(res.Failed()) != 1 || !errors.Is(res.Failed()[0].Err, transfer.ErrChanged) {
			t.Fatalf("%v %+v", err, res.Failed())
		}
		t.Log(res.Failed()[0].Err)
		nothing(t)
	})
	t.Run("changed once", func(t *testing.T) {
		var once sync.Once
		res, err := transfer.Sync(context.Background(), st, transfer.SyncOptions{Mirror: mirror, Retry: fast, Progress: func(_ string, done, _ int64) {
			if done > 1<<20 {
				once.Do(func() {
					os.WriteFile(filepath.Join(in, name), []byte("final version"), 0o644)
				})
			}
		}})
		if err != nil || len(res.Downloaded()) != 1 {
			t.Fatalf("%v %+v", err, res)
		}
		if b, _ := os.ReadFile(filepath.Join(mirror, name)); string(b) != "final version" {
			t.Fatalf("mirror has %d bytes", len(b))
		}
	})
}

func TestFileOnServer(t *testing.T) {
	srv := ftptest.Start(t, ftptest.Config{})
	in := filepath.Join(srv.Root, "incoming")
	os.WriteFile(filepath.Join(in, "Innovation-I-0007.docx"), []byte("contribution seven"), 0o644)
	st := open(t, srv, ftptest.TSBUser, ftptest.TSBPass, "/incoming", transfer.Dialer{})
	mirror := t.TempDir()
	res, err := transfer.Sync(context.Background(), st, transfer.SyncOptions{Mirror: mirror, Retry: fast})
	if err != nil || len(res.Downloaded()) != 1 {
		t.Fatal(err, res)
	}
	m := res.Downloaded()[0]
	f, err := transfer.FileOnServer(context.Background(), st, m.Remote, m.Path, m.SHA256, "/1203-gva/in", "innovation-i-0007.docx", transfer.FileOptions{Retry: fast})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(filepath.Join(srv.Root, "1203-gva/in/innovation-i-0007.docx"))
	orig, _ := os.ReadFile(filepath.Join(in, "Innovation-I-0007.docx"))
	if string(got) != "contribution seven" || string(orig) != "contribution seven" || f.SHA256 != m.SHA256 {
		t.Fatalf("filed %q, incoming %q", got, orig)
	}
	f, err = transfer.FileOnServer(context.Background(), st, m.Remote, m.Path, m.SHA256, "/1203-gva/in", "innovation-i-0007.docx", transfer.FileOptions{Retry: fast})
	if err != nil || !f.Unchanged {
		t.Fatalf("again: %v %+v", err, f)
	}
	// A different file under the canonical name is a clash.
	os.Chmod(filepath.Join(srv.Root, "1203-gva/in/innovation-i-0007.docx"), 0o644)
	os.WriteFile(filepath.Join(srv.Root, "1203-gva/in/innovation-i-0007.docx"), []byte("someone else"), 0o644)
	_, err = transfer.FileOnServer(context.Background(), st, m.Remote, m.Path, m.SHA256, "/1203-gva/in", "innovation-i-0007.docx", transfer.FileOptions{Retry: fast})
	if !errors.Is(err, transfer.ErrExists) {
		t.Fatalf("clash: %v", err)
	}
	t.Log(err)
	// Move (the profile's ftp.accept = "move"): the original leaves incoming
	// only after the copy is verified.
	f, err = transfer.FileOnServer(context.Background(), st, m.Remote, m.Path, m.SHA256, "/1203-gva/moved", "innovation-i-0007.docx", transfer.FileOptions{Retry: fast, Move: true})
	if err != nil || !f.Moved {
		t.Fatalf("move: %v %+v", err, f)
	}
	if b, _ := os.ReadFile(filepath.Join(srv.Root, "1203-gva/moved/innovation-i-0007.docx")); string(b) != "contribution seven" {
		t.Fatalf("moved copy %q", b)
	}
	if _, err := os.Stat(filepath.Join(in, "Innovation-I-0007.docx")); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("original still in incoming after move")
	}
	os.WriteFile(filepath.Join(in, "Innovation-I-0007.docx"), []byte("contribution seven"), 0o644)
	// A mirror copy that is not the recorded file is refused.
	_, err = transfer.FileOnServer(context.Background(), st, m.Remote, m.Path, strings.Repeat("0", 64), "/1203-gva/in", "innovation-i-0007.docx", transfer.FileOptions{Retry: fast})
	if !errors.Is(err, transfer.ErrVerify) {
		t.Fatalf("wrong hash: %v", err)
	}
}

func TestLocalFolderStoreAndWatch(t *testing.T) {
	in := t.TempDir()
	st, err := transfer.OpenLocal(in)
	if err != nil {
		t.Fatal(err)
	}
	local, data := randomFile(t, t.TempDir(), "innovation-i-0020.docx", 10_000)
	if _, err := transfer.Upload(context.Background(), st, local, transfer.UploadOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := transfer.Upload(context.Background(), st, local, transfer.UploadOptions{}); !errors.Is(err, transfer.ErrExists) {
		t.Fatalf("second local upload: %v", err)
	}
	mirror := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	passes := make(chan transfer.SyncResult, 10)
	go transfer.Watch(ctx, st, transfer.WatchOptions{SyncOptions: transfer.SyncOptions{Mirror: mirror, MinAge: time.Millisecond},
		Interval: time.Hour, Pass: func(r transfer.SyncResult, err error) {
			if err != nil {
				t.Error(err)
			}
			passes <- r
		}})
	// The first pass may find the file younger than MinAge (file times are
	// coarse): it is then pending, and the watch retries it by itself.
	for first := true; ; first = false {
		r := <-passes
		if len(r.Downloaded()) == 1 {
			break
		}
		if !first || len(r.Files) != 1 || !r.Files[0].Pending {
			t.Fatalf("first pass: %+v", r)
		}
	}
	// A new file arrives: fsnotify (not the hour-long poll) picks it up.
	os.WriteFile(filepath.Join(in, "innovation-i-0021.pdf"), []byte("%PDF-1.4"), 0o644)
	for {
		select {
		case r := <-passes:
			if d := r.Downloaded(); len(d) == 1 && d[0].Name == "innovation-i-0021.pdf" {
				if d[0].ReceivedFrom != transfer.FromFileTime {
					t.Errorf("received from %q", d[0].ReceivedFrom)
				}
				b, _ := os.ReadFile(filepath.Join(mirror, "innovation-i-0020.docx"))
				if !bytes.Equal(b, data) {
					t.Error("mirror differs")
				}
				return
			}
		case <-ctx.Done():
			t.Fatal("watch did not see the new file")
		}
	}
}

// TestCancelMidUpload: cancelling stops a running upload at once and
// leaves nothing under the final name.
func TestCancelMidUpload(t *testing.T) {
	srv := ftptest.Start(t, ftptest.Config{})
	st := open(t, srv, ftptest.DelegateUser, ftptest.DelegatePass, "/incoming", transfer.Dialer{})
	local, _ := randomFile(t, t.TempDir(), "innovation-i-0015.docx", 8<<20)
	ctx, cancel := context.WithCancel(context.Background())
	start := time.Now()
	_, err := transfer.Upload(ctx, st, local, transfer.UploadOptions{Retry: fast, Progress: func(sent, _ int64) {
		if sent > 1<<20 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) || time.Since(start) > 5*time.Second {
		t.Fatalf("cancelled upload: %v after %v", err, time.Since(start))
	}
	if _, err := os.Stat(filepath.Join(srv.Root, "incoming", "innovation-i-0015.docx")); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("file under the final name after cancel")
	}
	// The session recovers for the next upload.
	if _, err := transfer.Upload(context.Background(), st, local, transfer.UploadOptions{Retry: fast}); err != nil {
		t.Fatalf("upload after cancel: %v", err)
	}
}
