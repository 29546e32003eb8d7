package transfer

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/textproto"
	"os"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/jlaffaye/ftp"
)

// ftpStore is a Store on an FTP server. It reconnects on the next call
// after a lost connection, so a retried operation starts afresh.
type ftpStore struct {
	t        Target
	d        Dialer
	tlsMode  string // resolved: explicit, implicit, off
	security string

	mu   sync.Mutex
	conn *ftp.ServerConn

	linksMu sync.Mutex
	links   []net.Conn // control and data connections of the session, for cancelling
}

func (s *ftpStore) track(c net.Conn) {
	s.linksMu.Lock()
	defer s.linksMu.Unlock()
	// Keep the control connection and the latest data connection only.
	if len(s.links) > 1 {
		s.links = s.links[:1]
	}
	s.links = append(s.links, c)
}

// cut closes every connection of the session: a blocked read or write
// returns at once (Cancel).
func (s *ftpStore) cut() {
	s.linksMu.Lock()
	defer s.linksMu.Unlock()
	for _, c := range s.links {
		c.Close()
	}
	s.links = nil
}

// deadlineConn gives every read and write its own deadline: a server that
// stops answering fails with a timeout instead of hanging.
type deadlineConn struct {
	net.Conn
	timeout time.Duration
}

func (c *deadlineConn) Read(b []byte) (int, error) {
	_ = c.Conn.SetReadDeadline(time.Now().Add(c.timeout))
	return c.Conn.Read(b)
}

func (c *deadlineConn) Write(b []byte) (int, error) {
	_ = c.Conn.SetWriteDeadline(time.Now().Add(c.timeout))
	return c.Conn.Write(b)
}

// tlsData is a TLS data connection that ends cleanly: close_notify, then
// read what the server still sends (a TLS 1.3 session ticket) before
// closing, so the kernel does not answer unread bytes with a reset that
// makes the server drop the end of an upload.
type tlsData struct{ *tls.Conn }

func (c *tlsData) Close() error {
	if c.Conn.ConnectionState().HandshakeComplete {
		if err := c.Conn.CloseWrite(); err == nil {
			_ = c.Conn.SetReadDeadline(time.Now().Add(10 * time.Second))
			_, _ = io.Copy(io.Discard, c.Conn)
		}
	}
	return c.Conn.Close()
}

func dialFTP(ctx context.Context, t Target, d Dialer) (Store, error) {
	if d.Timeout <= 0 {
		d.Timeout = 30 * time.Second
	}
	mode := strings.ToLower(strings.TrimSpace(d.TLS))
	if t.Scheme == "ftps" && (mode == "" || mode == "auto") {
		mode = "implicit"
	}
	switch mode {
	case "", "auto", "explicit", "implicit", "off":
	default:
		return nil, fmt.Errorf("--tls %q: want explicit, implicit, off or auto", d.TLS)
	}
	s := &ftpStore{t: t, d: d}
	try := []string{mode}
	if mode == "" || mode == "auto" {
		try = []string{"explicit", "off"}
	}
	var first error
	for _, m := range try {
		s.tlsMode = m
		err := s.connect(ctx)
		if err == nil {
			return s, nil
		}
		if first == nil {
			first = err
		}
		// Fall back to plain text only when the server said it has no TLS
		// (a 5xx to AUTH TLS); never after a failed certificate check.
		var tp *textproto.Error
		if m != "explicit" || !errors.As(err, &tp) || tp.Code < 500 || errors.Is(err, ErrLogin) {
			return nil, err
		}
	}
	return nil, first
}

func (s *ftpStore) tlsConfig() (*tls.Config, error) {
	cfg := &tls.Config{ServerName: s.t.Host, MinVersion: tls.VersionTLS12, ClientSessionCache: tls.NewLRUClientSessionCache(8)}
	if s.d.CAFile != "" {
		pem, err := os.ReadFile(s.d.CAFile)
		if err != nil {
			return nil, fmt.Errorf("CA file: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("CA file %s: no PEM certificate in it", s.d.CAFile)
		}
		cfg.RootCAs = pool
	}
	return cfg, nil
}

// connect dials and logs in. Caller holds no lock or holds s.mu.
func (s *ftpStore) connect(ctx context.Context) error {
	var cfg *tls.Config
	if s.tlsMode != "off" {
		var err error
		if cfg, err = s.tlsConfig(); err != nil {
			return err
		}
	}
	dialer := net.Dialer{Timeout: s.d.Timeout}
	first := true
	var mu sync.Mutex
	dial := func(network, addr string) (net.Conn, error) {
		mu.Lock()
		control := first
		first = false
		mu.Unlock()
		h, _, _ := net.SplitHostPort(addr)
		if ip := net.ParseIP(h); !control && ip != nil && s.isLoopbackTarget() && !ip.IsLoopback() {
			// A server on this machine must not send us elsewhere.
			return nil, fmt.Errorf("server asked for a data connection to %s", addr)
		}
		c, err := dialer.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		if control {
			s.linksMu.Lock()
			s.links = nil
			s.linksMu.Unlock()
		}
		s.track(c)
		dc := &deadlineConn{Conn: c, timeout: s.d.Timeout}
		if cfg != nil && control && s.tlsMode == "implicit" {
			return tls.Client(dc, cfg), nil
		}
		if cfg != nil && !control {
			return &tlsData{tls.Client(dc, cfg)}, nil
		}
		return dc, nil
	}
	opts := []ftp.DialOption{ftp.DialWithContext(ctx), ftp.DialWithTimeout(s.d.Timeout), ftp.DialWithDialFunc(dial),
		ftp.DialWithShutTimeout(s.d.Timeout)}
	if cfg != nil {
		if s.tlsMode == "explicit" {
			opts = append(opts, ftp.DialWithExplicitTLS(cfg))
		} else {
			opts = append(opts, ftp.DialWithTLS(cfg))
		}
	}
	c, err := ftp.Dial(s.t.Addr(), opts...)
	if err != nil {
		return tlsHint(classify("connect to", s.t.Addr(), err), s.tlsMode)
	}
	user, pw := s.t.User, s.d.Password
	if user == "" {
		user, pw = "anonymous", "anonymous@"
	}
	if err := c.Login(user, pw); err != nil {
		_ = c.Quit()
		if e := classify("log in as", user, err); errors.Is(e, ErrConnection) || errors.Is(e, ErrTimeout) {
			return e
		}
		var tp *textproto.Error
		if errors.As(err, &tp) && tp.Code != 530 {
			return classify("log in as", user, err)
		}
		return &opError{op: "log in as", path: user + " on " + s.t.Addr(), kind: ErrLogin, cause: err}
	}
	switch s.tlsMode {
	case "explicit":
		s.security = "explicit TLS"
	case "implicit":
		s.security = "implicit TLS"
	default:
		s.security = "plain text (password and files readable on the network)"
	}
	s.conn = c
	return nil
}

// tlsHint adds to a failed connection the TLS mode it points to: a
// server that answers a TLS handshake with plain text does not do
// implicit TLS; one that sends no greeting to a plain connection may
// wait for TLS from the first byte.
func tlsHint(err error, mode string) error {
	var oe *opError
	if !errors.As(err, &oe) {
		return err
	}
	var rh tls.RecordHeaderError
	switch {
	case mode == "implicit" && errors.As(err, &rh):
		oe.hint = "the server does not start with TLS: use explicit TLS (or auto) and an ftp:// address"
	case mode != "implicit" && errors.Is(err, ErrTimeout):
		oe.hint = "no greeting: if the server expects TLS from the first byte (as on port 990), use implicit TLS (an ftps:// address)"
	}
	return err
}

func (s *ftpStore) isLoopbackTarget() bool {
	ip := net.ParseIP(s.t.Host)
	return s.t.Host == "localhost" || (ip != nil && ip.IsLoopback())
}

// with runs f on a live connection; a lost connection is dropped so the
// next call reconnects.
func (s *ftpStore) with(ctx context.Context, op, p string, f func(c *ftp.ServerConn) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return err
	}
	if s.conn == nil {
		if err := s.connect(ctx); err != nil {
			return err
		}
	}
	stop := context.AfterFunc(ctx, s.cut) // Cancel: closing the links unblocks any read or write
	err := f(s.conn)
	canceled := !stop()
	if err != nil {
		err = classify(op, p, err)
		if canceled || Transient(err) {
			_ = s.conn.Quit()
			s.conn = nil
		}
		if canceled {
			return fmt.Errorf("%s %s: %w", op, p, ctx.Err())
		}
	}
	return err
}

func (s *ftpStore) Target() Target   { return s.t }
func (s *ftpStore) Security() string { return s.security }

func (s *ftpStore) List(ctx context.Context, dir string) ([]Entry, error) {
	var out []Entry
	err := s.with(ctx, "list", dir, func(c *ftp.ServerConn) error {
		es, err := c.List(dir)
		if err != nil {
			return err
		}
		from := "LIST"
		if c.IsTimePreciseInList() {
			from = "MLSD"
		}
		for _, e := range es {
			name := path.Base(e.Name)
			if name == "." || name == ".." || name == "/" {
				continue
			}
			en := Entry{Name: name, Size: int64(e.Size), ModTime: e.Time.UTC(), TimeFrom: from, Dir: e.Type == ftp.EntryTypeFolder}
			if e.Type == ftp.EntryTypeLink {
				continue
			}
			out = append(out, en)
		}
		return nil
	})
	return out, err
}

func (s *ftpStore) Stat(ctx context.Context, p string) (Entry, error) {
	e := Entry{Name: path.Base(p)}
	err := s.with(ctx, "stat", p, func(c *ftp.ServerConn) error {
		n, err := c.FileSize(p)
		if err != nil {
			var tp *textproto.Error
			if errors.As(err, &tp) && tp.Code == 550 {
				return &opError{op: "stat", path: p, kind: ErrNotExist, cause: err}
			}
			return err
		}
		e.Size = n
		if c.IsGetTimeSupported() {
			if t, err := c.GetTime(p); err == nil {
				e.ModTime, e.TimeFrom = t.UTC(), "MDTM"
			} else if kindOf(err) == ErrConnection || kindOf(err) == ErrTimeout {
				return err
			}
		}
		return nil
	})
	return e, err
}

func (s *ftpStore) Put(ctx context.Context, p string, r io.Reader) error {
	return s.with(ctx, "upload", p, func(c *ftp.ServerConn) error { return c.Stor(p, r) })
}

func (s *ftpStore) Get(ctx context.Context, p string, w io.Writer) (int64, error) {
	var n int64
	err := s.with(ctx, "download", p, func(c *ftp.ServerConn) error {
		r, err := c.Retr(p)
		if err != nil {
			return err
		}
		n, err = io.Copy(w, r)
		cerr := r.Close()
		if err != nil {
			return err
		}
		return cerr
	})
	return n, err
}

func (s *ftpStore) Rename(ctx context.Context, from, to string) error {
	return s.with(ctx, "rename", from+" to "+to, func(c *ftp.ServerConn) error { return c.Rename(from, to) })
}

func (s *ftpStore) Delete(ctx context.Context, p string) error {
	return s.with(ctx, "delete", p, func(c *ftp.ServerConn) error { return c.Delete(p) })
}

func (s *ftpStore) MkdirAll(ctx context.Context, dir string) error {
	return s.with(ctx, "create folder", dir, func(c *ftp.ServerConn) error {
		var made string
		for _, part := range strings.Split(strings.Trim(path.Clean(dir), "/"), "/") {
			if part == "" {
				continue
			}
			made += "/" + part
			if err := c.ChangeDir(made); err == nil {
				continue
			}
			if err := c.MakeDir(made); err != nil {
				if kindOf(err) == ErrConnection || kindOf(err) == ErrTimeout {
					return err
				}
				if cerr := c.ChangeDir(made); cerr != nil {
					return err // neither there nor creatable
				}
			}
		}
		return c.ChangeDir("/")
	})
}

func (s *ftpStore) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.conn == nil {
		return nil
	}
	err := s.conn.Quit()
	s.conn = nil
	return err
}
