package register

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fgdesk/fgdesk/app/internal/register/pgtest"
)

// dropProxy relays PostgreSQL connections; when armed, it forwards the
// next COMMIT to the server and then cuts the client's connection before
// the server's reply reaches it: the transaction is committed but the
// client cannot know.
type dropProxy struct {
	l       net.Listener
	target  string
	armed   atomic.Bool
	dropped atomic.Int32
	// binds, when > 0, cuts the connection at that many Bind messages
	// from now (in the middle of a transaction).
	binds atomic.Int32
	wg    sync.WaitGroup
}

func newDropProxy(t *testing.T, target string) *dropProxy {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &dropProxy{l: l, target: target}
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			p.wg.Add(1)
			go p.relay(c)
		}
	}()
	t.Cleanup(func() { l.Close() })
	return p
}

func (p *dropProxy) relay(client net.Conn) {
	defer p.wg.Done()
	server, err := net.Dial("tcp", p.target)
	if err != nil {
		client.Close()
		return
	}
	defer server.Close()
	defer client.Close()
	var cut atomic.Bool
	go func() {
		buf := make([]byte, 32<<10)
		for {
			n, err := server.Read(buf)
			if cut.Load() {
				// The reply to the COMMIT (and anything after) never
				// reaches the client.
				if tc, ok := client.(*net.TCPConn); ok {
					tc.SetLinger(0)
				}
				client.Close()
				return
			}
			if n > 0 {
				if _, werr := client.Write(buf[:n]); werr != nil {
					return
				}
			}
			if err != nil {
				client.Close()
				return
			}
		}
	}()
	// The startup message has no type byte.
	var n [4]byte
	if _, err := io.ReadFull(client, n[:]); err != nil {
		return
	}
	body := make([]byte, binary.BigEndian.Uint32(n[:])-4)
	if _, err := io.ReadFull(client, body); err != nil {
		return
	}
	server.Write(append(n[:], body...))
	pending := false
	for {
		var h [5]byte
		if _, err := io.ReadFull(client, h[:]); err != nil {
			return
		}
		body := make([]byte, binary.BigEndian.Uint32(h[1:])-4)
		if _, err := io.ReadFull(client, body); err != nil {
			return
		}
		// COMMIT comes as a simple query ('Q') or, in the extended
		// protocol, as Parse/Bind/Execute ending with Sync ('S').
		isCommit := bytes.Contains(bytes.ToLower(body), []byte("commit\x00"))
		if isCommit && h[0] == 'P' && p.armed.Load() {
			pending = true
		}
		if h[0] == 'B' && p.binds.Load() > 0 && p.binds.Add(-1) == 0 {
			p.dropped.Add(1)
			if tc, ok := client.(*net.TCPConn); ok {
				tc.SetLinger(0)
			}
			return // the server sees the client vanish: it rolls back
		}
		if (h[0] == 'Q' && isCommit || h[0] == 'S' && pending) && p.armed.CompareAndSwap(true, false) {
			cut.Store(true)
			p.dropped.Add(1)
		}
		if _, err := server.Write(append(h[:], body...)); err != nil {
			return
		}
		if cut.Load() {
			// Keep the server side open a moment so that it commits.
			time.Sleep(300 * time.Millisecond)
			return
		}
	}
}

// TestCommitReplyLost: the connection drops after the server committed an
// allocation but before the client heard so. The client asks the server
// (by the transaction's token) and reports the number as allocated:
// not lost, and the next allocation does not reuse it.
func TestCommitReplyLost(t *testing.T) {
	srv := pgtest.Shared(t)
	url := srv.NewDB(t)
	proxy := newDropProxy(t, fmt.Sprintf("127.0.0.1:%d", srv.Port))
	viaProxy := strings.Replace(url, fmt.Sprintf(":%d/", srv.Port), fmt.Sprintf(":%d/", proxy.l.Addr().(*net.TCPAddr).Port), 1)
	r, err := Open(viaProxy, Options{Who: "a", RetryFor: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	p := profile(t)
	if _, err := r.Allocate(ctx, p, Request{Title: "first"}); err != nil {
		t.Fatal(err)
	}
	proxy.armed.Store(true)
	d, err := r.Allocate(ctx, p, Request{Title: "reply lost"})
	if proxy.dropped.Load() != 1 {
		t.Fatalf("the proxy did not cut the COMMIT reply (dropped %d)", proxy.dropped.Load())
	}
	if err != nil || d.Number != 2 {
		t.Fatalf("committed allocation reported as %d, %v", d.Number, err)
	}
	n, err := r.Allocate(ctx, p, Request{Title: "next"})
	if err != nil || n.Number != 3 {
		t.Fatalf("next: %d %v", n.Number, err)
	}
	docs, _ := r.Documents(ctx, Filter{})
	if len(docs) != 3 || docs[1].Title != "reply lost" {
		t.Fatalf("register: %+v", docs)
	}
}

// TestImportConnectionDropped: the connection drops in the middle of an
// import's transaction: the import fails with a clear error and nothing
// of it is in the register (the backup taken before it is there).
func TestImportConnectionDropped(t *testing.T) {
	src, docs := sample(t, open)
	sheet := filepath.Join(t.TempDir(), "list.xlsx")
	if _, err := SaveXLSX(sheet, docs, exportOpts()); err != nil {
		t.Fatal(err)
	}
	src.Close()
	srv := pgtest.Shared(t)
	url := srv.NewDB(t)
	proxy := newDropProxy(t, fmt.Sprintf("127.0.0.1:%d", srv.Port))
	viaProxy := strings.Replace(url, fmt.Sprintf(":%d/", srv.Port), fmt.Sprintf(":%d/", proxy.l.Addr().(*net.TCPAddr).Port), 1)
	r, err := Open(viaProxy, Options{Who: "a", RetryFor: -1, BackupDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	// Cut well inside the import: after a few of its inserts.
	proxy.binds.Store(12)
	rep, err := r.ImportXLSX(ctx, sheet, ImportOptions{Profile: profile(t)})
	if proxy.dropped.Load() != 1 {
		t.Fatalf("the proxy did not cut the import (%d binds left)", proxy.binds.Load())
	}
	if err == nil || !errors.Is(err, ErrUnavailable) || strings.Contains(err.Error(), "\n") || strings.Contains(err.Error(), pgtest.Password) {
		t.Fatalf("import error: %v", err)
	}
	if rep.Backup == "" {
		t.Error("no backup before the import")
	}
	direct, err := Open(url, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer direct.Close()
	if got, err := direct.Documents(ctx, Filter{}); err != nil || len(got) != 0 {
		t.Fatalf("half-applied import: %d documents, %v", len(got), err)
	}
}
