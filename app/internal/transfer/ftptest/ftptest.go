// Package ftptest starts a real FTP server (Debian's python3-pyftpdlib) on
// 127.0.0.1 with a temporary root, for the tests of transfer, cli and ui.
// A test that cannot start it is skipped with the reason; nothing here
// listens outside 127.0.0.0/8.
package ftptest

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	_ "embed"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

//go:embed ftpd.py
var script []byte

// Users of every server, with their passwords and pyftpdlib permissions.
const (
	DelegateUser = "delegate" // list, store, rename: no read, no delete
	DelegatePass = "d3legate-pw"
	TSBUser      = "tsb" // everything
	TSBPass      = "tsb-pw"
	NoRenameUser = "norename" // list and store only
	NoRenamePass = "norename-pw"
)

// Config chooses the server's options.
type Config struct {
	TLS       bool   // offer explicit TLS (AUTH TLS) with a throwaway certificate
	Implicit  bool   // with TLS: implicit TLS instead (TLS from the first byte, as on port 990)
	Quota     int64  // answer STOR with 552 once the tree holds this many bytes
	Anonymous string // permissions for anonymous ("" none)
}

// Server is a running test server.
type Server struct {
	t      testing.TB
	Root   string // the server's "/" on disk
	Port   int
	CAFile string // the certificate to trust (TLS only)
	cfg    Config
	cmd    *exec.Cmd
	dir    string
	py     string
}

func python() string {
	if _, err := os.Stat("/usr/bin/python3"); err == nil {
		return "/usr/bin/python3" // Debian's, where python3-pyftpdlib lives
	}
	p, _ := exec.LookPath("python3")
	return p
}

// Start starts a server with incoming/ and 1203-gva/in/ under a temporary
// root, or skips the test saying why it could not.
func Start(t testing.TB, cfg Config) *Server {
	t.Helper()
	py := python()
	if py == "" {
		t.Skip("ftptest: no python3; install python3-pyftpdlib (scripts/deps.sh test)")
	}
	if out, err := exec.Command(py, "-c", "import pyftpdlib").CombinedOutput(); err != nil {
		t.Skipf("ftptest: pyftpdlib not importable (%v: %s); install python3-pyftpdlib (scripts/deps.sh test)", err, strings.TrimSpace(string(out)))
	}
	if cfg.TLS {
		if out, err := exec.Command(py, "-c", "import OpenSSL").CombinedOutput(); err != nil {
			t.Skipf("ftptest: python3-openssl missing (%v: %s)", err, strings.TrimSpace(string(out)))
		}
	}
	dir := t.TempDir()
	s := &Server{t: t, Root: filepath.Join(dir, "root"), cfg: cfg, dir: dir, py: py}
	for _, d := range []string{"incoming", "1203-gva/in"} {
		if err := os.MkdirAll(filepath.Join(s.Root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "ftpd.py"), script, 0o644); err != nil {
		t.Fatal(err)
	}
	if cfg.TLS {
		s.CAFile = filepath.Join(dir, "cert.pem")
		if err := writeCert(s.CAFile, filepath.Join(dir, "server.pem")); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.start(0); err != nil {
		t.Skipf("ftptest: the FTP server did not start: %v", err)
	}
	t.Cleanup(s.Kill)
	return s
}

func (s *Server) start(port int) error {
	lo := 20000 + int(time.Now().UnixNano()/1000%20000)
	args := []string{filepath.Join(s.dir, "ftpd.py"), "--root", s.Root, "--port", strconv.Itoa(port),
		"--user", DelegateUser + ":" + DelegatePass + ":elwf",
		"--user", TSBUser + ":" + TSBPass + ":elradfmwMT",
		"--user", NoRenameUser + ":" + NoRenamePass + ":elw",
		"--passive", fmt.Sprintf("%d-%d", lo, lo+40)}
	if s.cfg.Anonymous != "" {
		args = append(args, "--anonymous", s.cfg.Anonymous)
	}
	if s.cfg.TLS {
		args = append(args, "--cert", filepath.Join(s.dir, "server.pem"))
		if s.cfg.Implicit {
			args = append(args, "--implicit")
		}
	}
	if s.cfg.Quota > 0 {
		args = append(args, "--quota", strconv.FormatInt(s.cfg.Quota, 10))
	}
	cmd := exec.Command(s.py, args...)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	line := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		if sc.Scan() {
			line <- sc.Text()
		}
		close(line)
		for sc.Scan() {
		}
	}()
	select {
	case l, ok := <-line:
		if !ok {
			cmd.Process.Kill()
			cmd.Wait()
			return fmt.Errorf("no port printed")
		}
		p, err := strconv.Atoi(strings.TrimSpace(l))
		if err != nil {
			cmd.Process.Kill()
			cmd.Wait()
			return fmt.Errorf("bad port line %q", l)
		}
		s.Port, s.cmd = p, cmd
		return nil
	case <-time.After(15 * time.Second):
		cmd.Process.Kill()
		cmd.Wait()
		return fmt.Errorf("no answer within 15 s")
	}
}

// URL is ftp://user@127.0.0.1:PORT/dir.
func (s *Server) URL(user, dir string) string {
	at := ""
	if user != "" {
		at = user + "@"
	}
	return fmt.Sprintf("ftp://%s127.0.0.1:%d/%s", at, s.Port, strings.TrimPrefix(dir, "/"))
}

// Kill ends the server at once (SIGKILL), as a crash or a cut link would.
func (s *Server) Kill() {
	if s.cmd == nil {
		return
	}
	s.cmd.Process.Signal(syscall.SIGCONT)
	s.cmd.Process.Kill()
	s.cmd.Wait()
	s.cmd = nil
}

// Pause stops the server process (SIGSTOP): connections stay open but
// nothing answers. Resume continues it.
func (s *Server) Pause()  { s.cmd.Process.Signal(syscall.SIGSTOP) }
func (s *Server) Resume() { s.cmd.Process.Signal(syscall.SIGCONT) }

// Restart starts the server again on the same port and root.
func (s *Server) Restart() {
	s.t.Helper()
	s.Kill()
	var err error
	for i := 0; i < 50; i++ {
		if err = s.start(s.Port); err == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.t.Fatalf("ftptest: restart on port %d: %v", s.Port, err)
}

// writeCert writes a throwaway self-signed certificate for 127.0.0.1:
// certOnly (to trust) and both (certificate and key, for the server).
func writeCert(certOnly, both string) error {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: "fgdesk test ftpd"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		DNSNames:     []string{"localhost"},
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA:         true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return err
	}
	kder, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return err
	}
	cert := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	k := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder})
	if err := os.WriteFile(certOnly, cert, 0o644); err != nil {
		return err
	}
	return os.WriteFile(both, append(cert, k...), 0o600)
}
