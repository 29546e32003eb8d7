// Package pgtest starts a real PostgreSQL server for tests: initdb into a
// temporary folder, pg_ctl start on 127.0.0.1 with a free port (and a
// Unix socket in the same folder), password authentication, stopped at
// the end. Tests call Shared (one server per test binary, stopped by
// Main) or Start (a server of their own, for fault tests that stop and
// restart it). When no server can be started (no binaries) the test is
// skipped with the reason.
package pgtest

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// Password of the test superuser "postgres".
const Password = "pg-test-s3cret"

// Server is one running test server.
type Server struct {
	Dir    string // the temporary folder: data/, the socket, the log
	Port   int
	bin    string
	asUser []string // prefix to run a command as the postgres user
	mu     sync.Mutex
	dbs    atomic.Int64
}

var (
	sharedOnce sync.Once
	shared     *Server
	sharedErr  error
	startedMu  sync.Mutex
	started    []*Server
)

// Main runs the tests and stops every server they started.
func Main(m *testing.M) {
	code := m.Run()
	StopAll()
	os.Exit(code)
}

// StopAll stops every server this process started.
func StopAll() {
	startedMu.Lock()
	defer startedMu.Unlock()
	for _, s := range started {
		s.Stop()
		os.RemoveAll(s.Dir)
	}
	started = nil
}

// Shared returns the test binary's shared server, starting it on first
// use; it skips the test when no server can start.
func Shared(tb testing.TB) *Server {
	tb.Helper()
	sharedOnce.Do(func() { shared, sharedErr = start() })
	if sharedErr != nil {
		skip(tb, sharedErr)
	}
	return shared
}

// Start starts a server of the test's own, stopped when the test ends.
func Start(tb testing.TB) *Server {
	tb.Helper()
	s, err := start()
	if err != nil {
		skip(tb, err)
	}
	tb.Cleanup(func() { s.Stop(); os.RemoveAll(s.Dir) })
	return s
}

func skip(tb testing.TB, err error) {
	tb.Helper()
	if os.Getenv("FGDESK_REQUIRE_POSTGRES") != "" {
		tb.Fatalf("PostgreSQL test server: %v", err)
	}
	tb.Skipf("no PostgreSQL test server (install postgresql, see scripts/deps.sh): %v", err)
}

// binDir finds initdb and pg_ctl.
func binDir() (string, error) {
	if d := os.Getenv("FGDESK_PG_BIN"); d != "" {
		return d, nil
	}
	m, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_ctl")
	if len(m) > 0 {
		return filepath.Dir(m[len(m)-1]), nil
	}
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", fmt.Errorf("pg_ctl not found in /usr/lib/postgresql/*/bin or PATH")
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func start() (*Server, error) {
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "fgdesk-pg-")
	if err != nil {
		return nil, err
	}
	// The owner's pid, so that a later run can stop this server if this
	// process dies before Main stops it (a panic, a timeout, a kill).
	if err := os.WriteFile(filepath.Join(dir, ownerFile), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	s := &Server{Dir: dir, bin: bin}
	// initdb refuses to run as root: run the server as "postgres".
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("running as root and there is no postgres user to run the server as")
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
		runuser, err := exec.LookPath("runuser")
		if err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("runuser not found: %v", err)
		}
		s.asUser = []string{runuser, "-u", "postgres", "--"}
	}
	os.Chmod(dir, 0o700)
	pw := filepath.Join(dir, "pw")
	if err := os.WriteFile(pw, []byte(Password+"\n"), 0o600); err != nil {
		return nil, err
	}
	if len(s.asUser) > 0 {
		u, _ := user.Lookup("postgres")
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		os.Chown(pw, uid, gid)
	}
	if out, err := s.run("initdb", "-D", filepath.Join(dir, "data"), "-U", "postgres", "--pwfile="+pw,
		"--auth-local=scram-sha-256", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("initdb: %v: %s", err, lastLines(out))
	}
	for try := 0; ; try++ {
		if s.Port, err = freePort(); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
		if err = s.Restart(); err == nil {
			break
		}
		if try == 2 {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	startedMu.Lock()
	started = append(started, s)
	startedMu.Unlock()
	sweepOnce.Do(func() { sweep(os.TempDir(), s) })
	return s, nil
}

const ownerFile = "owner.pid"

var sweepOnce sync.Once

// sweep stops and removes the servers under tmp that earlier test
// processes started and could not stop because they died first, so that
// reruns (CI on the same machine, a developer's -count loop) do not pile
// up servers. A folder whose owner is alive, or that has no owner file,
// is left alone. like gives the binaries and the user to run pg_ctl as.
func sweep(tmp string, like *Server) (stopped []string) {
	dirs, _ := filepath.Glob(filepath.Join(tmp, "fgdesk-pg-*"))
	for _, d := range dirs {
		b, err := os.ReadFile(filepath.Join(d, ownerFile))
		if err != nil {
			continue
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
		if err != nil || pid <= 0 || alive(pid) {
			continue
		}
		old := &Server{Dir: d, bin: like.bin, asUser: like.asUser}
		old.Kill()
		os.RemoveAll(d)
		stopped = append(stopped, d)
	}
	return stopped
}

// alive reports whether process pid exists (signal 0 checks, sends nothing).
func alive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	err = p.Signal(syscall.Signal(0))
	return err == nil || errors.Is(err, syscall.EPERM)
}

func (s *Server) run(tool string, args ...string) (string, error) {
	argv := append(append([]string{}, s.asUser...), filepath.Join(s.bin, tool))
	argv = append(argv, args...)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func lastLines(s string) string {
	l := strings.Split(strings.TrimSpace(s), "\n")
	if len(l) > 5 {
		l = l[len(l)-5:]
	}
	return strings.Join(l, " | ")
}

// Restart starts the (stopped) server again on the same port.
func (s *Server) Restart() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c max_connections=60 -c shared_buffers=16MB", s.Port, s.Dir)
	out, err := s.run("pg_ctl", "-D", filepath.Join(s.Dir, "data"), "-l", filepath.Join(s.Dir, "log"), "-o", opts, "-w", "-t", "30", "start")
	if err != nil {
		log, _ := os.ReadFile(filepath.Join(s.Dir, "log"))
		return fmt.Errorf("pg_ctl start: %v: %s %s", err, lastLines(out), lastLines(string(log)))
	}
	return nil
}

// Stop stops the server (fast mode: open connections are dropped).
func (s *Server) Stop() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	out, err := s.run("pg_ctl", "-D", filepath.Join(s.Dir, "data"), "-m", "fast", "-w", "-t", "30", "stop")
	if err != nil && !strings.Contains(out, "not running") && !strings.Contains(out, "No such file") {
		return fmt.Errorf("pg_ctl stop: %v: %s", err, lastLines(out))
	}
	return nil
}

// Kill stops the server abruptly (immediate mode: as a crash).
func (s *Server) Kill() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, err := s.run("pg_ctl", "-D", filepath.Join(s.Dir, "data"), "-m", "immediate", "-w", "stop")
	return err
}

// URL returns the connection URL of database db as user postgres with
// the test password.
func (s *Server) URL(db string) string {
	return fmt.Sprintf("postgres://postgres:%s@127.0.0.1:%d/%s?sslmode=disable", Password, s.Port, db)
}

// NewDB creates a fresh empty database and returns its URL.
func (s *Server) NewDB(tb testing.TB) string {
	tb.Helper()
	name := fmt.Sprintf("t%d_%d", os.Getpid(), s.dbs.Add(1))
	cmd := exec.Command(filepath.Join(s.bin, "createdb"), "-h", "127.0.0.1", "-p", strconv.Itoa(s.Port), "-U", "postgres", name)
	cmd.Env = append(os.Environ(), "PGPASSWORD="+Password)
	var out []byte
	var err error
	for i := 0; i < 20; i++ {
		if out, err = cmd.CombinedOutput(); err == nil {
			return s.URL(name)
		}
		// Just restarted: wait for it to accept connections.
		time.Sleep(250 * time.Millisecond)
		cmd = exec.Command(cmd.Path, cmd.Args[1:]...)
		cmd.Env = append(os.Environ(), "PGPASSWORD="+Password)
	}
	tb.Fatalf("createdb %s: %v: %s", name, err, out)
	return ""
}
