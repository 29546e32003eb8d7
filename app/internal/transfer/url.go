// Package transfer owns moving contributions between a delegate, the
// meeting's FTP area and the secretariat: upload to the incoming folder
// (under a temporary name, renamed on completion, verified, with a
// receipt), sync and watch of incoming into a read-only local mirror, and
// filing an accepted file into the meeting folder on the server.
//
// Everything talks to a Store: an FTP server (over github.com/jlaffaye/ftp,
// passive mode, explicit or implicit TLS) or a local folder. Callers (cli,
// ui) never know which one they have. The package does not judge files:
// the checker and the register do; it only moves bytes and proves they
// arrived whole.
package transfer

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"path"
	"path/filepath"
	"strconv"
	"strings"
)

// Target is where a Store points: an FTP server and folder, or a local
// folder.
type Target struct {
	// Scheme is "ftp", "ftps" (implicit TLS, port 990 by default) or
	// "file" (a local folder; then only Path is set).
	Scheme string
	User   string // empty: anonymous
	Host   string // host name or IP, without brackets
	Port   int
	// Path is the folder: an absolute server path ("/t/fg/innovation/docs/
	// incoming") or, for "file", a local path.
	Path string
}

// ErrBadURL is wrapped by ParseTarget errors.
var ErrBadURL = errors.New("bad transfer address")

// ParseTarget reads "ftp://[user@]host[:port]/path", "ftps://..." or a
// local folder ("DIR" or "file:///DIR"). A password inside the address is
// refused: passwords are never written where they would be stored in plain
// text (use a password file or the prompt).
func ParseTarget(s string) (Target, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Target{}, fmt.Errorf("%w: empty address", ErrBadURL)
	}
	if strings.ContainsAny(s, "\x00\r\n") {
		return Target{}, fmt.Errorf("%w: %q contains a control character", ErrBadURL, s)
	}
	low := strings.ToLower(s)
	if !strings.HasPrefix(low, "ftp://") && !strings.HasPrefix(low, "ftps://") && !strings.HasPrefix(low, "file://") {
		if strings.Contains(s, "://") {
			return Target{}, fmt.Errorf("%w: %q: only ftp://, ftps:// and local folders are supported", ErrBadURL, s)
		}
		return Target{Scheme: "file", Path: filepath.Clean(s)}, nil
	}
	u, err := url.Parse(s)
	if err != nil {
		return Target{}, fmt.Errorf("%w: %q: %v", ErrBadURL, s, unwrapURL(err))
	}
	t := Target{Scheme: strings.ToLower(u.Scheme)}
	if t.Scheme == "file" {
		if u.Host != "" && u.Host != "localhost" {
			return Target{}, fmt.Errorf("%w: %q: a file:// address must be on this machine", ErrBadURL, s)
		}
		if u.Path == "" {
			return Target{}, fmt.Errorf("%w: %q: no folder", ErrBadURL, s)
		}
		t.Path = filepath.Clean(filepath.FromSlash(u.Path))
		return t, nil
	}
	if u.User != nil {
		if _, has := u.User.Password(); has {
			return Target{}, fmt.Errorf("%w: %q: put the password in a password file (--password-file), not in the address", ErrBadURL, redact(u))
		}
		t.User = u.User.Username()
		if strings.ContainsAny(t.User, " \t") {
			return Target{}, fmt.Errorf("%w: %q: user name contains a space", ErrBadURL, s)
		}
	}
	if u.RawQuery != "" || u.Fragment != "" || u.Opaque != "" {
		return Target{}, fmt.Errorf("%w: %q: an FTP address has no query or fragment", ErrBadURL, s)
	}
	t.Host = u.Hostname()
	if t.Host == "" {
		return Target{}, fmt.Errorf("%w: %q: no host", ErrBadURL, s)
	}
	if !validHost(t.Host) {
		return Target{}, fmt.Errorf("%w: %q: bad host %q", ErrBadURL, s, t.Host)
	}
	t.Port = 21
	if t.Scheme == "ftps" {
		t.Port = 990
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return Target{}, fmt.Errorf("%w: %q: port %q is not 1-65535", ErrBadURL, s, p)
		}
		t.Port = n
	} else if strings.HasSuffix(u.Host, ":") {
		return Target{}, fmt.Errorf("%w: %q: empty port", ErrBadURL, s)
	}
	p := u.Path
	if p == "" {
		p = "/"
	}
	if strings.ContainsAny(p, "\x00\r\n") {
		return Target{}, fmt.Errorf("%w: %q: bad path", ErrBadURL, s)
	}
	t.Path = path.Clean("/" + p)
	return t, nil
}

// validHost accepts an IP address or a DNS name (letters, digits, '-',
// '_' and dots).
func validHost(h string) bool {
	if net.ParseIP(h) != nil {
		return true
	}
	if len(h) > 253 {
		return false
	}
	for _, r := range h {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.' || r == '_') {
			return false
		}
	}
	return true
}

func unwrapURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

func redact(u *url.URL) string {
	c := *u
	if c.User != nil {
		c.User = url.UserPassword(c.User.Username(), "xxxxx")
	}
	return c.String()
}

// IsLocal reports whether the target is a local folder.
func (t Target) IsLocal() bool { return t.Scheme == "file" }

// Addr is host:port.
func (t Target) Addr() string { return net.JoinHostPort(t.Host, strconv.Itoa(t.Port)) }

// String gives the address back without any password.
func (t Target) String() string {
	if t.IsLocal() {
		return t.Path
	}
	u := url.URL{Scheme: t.Scheme, Host: t.Addr(), Path: t.Path}
	if t.User != "" {
		u.User = url.User(t.User)
	}
	return u.String()
}

// Join returns the server (or local) path of name inside the target's folder.
func (t Target) Join(name string) string {
	if t.IsLocal() {
		return filepath.Join(t.Path, name)
	}
	return path.Join(t.Path, name)
}

// WithPath returns the target pointing at another folder of the same server.
func (t Target) WithPath(p string) Target {
	if t.IsLocal() {
		t.Path = filepath.Clean(p)
	} else {
		t.Path = path.Clean("/" + p)
	}
	return t
}
