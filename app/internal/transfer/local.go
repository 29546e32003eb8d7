package transfer

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// localStore is a Store on a local folder (a shared drive, a test folder,
// a secretariat's own incoming folder).
type localStore struct{ t Target }

// OpenLocal returns a Store on an existing local folder.
func OpenLocal(dir string) (Store, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, classify("open folder", dir, err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("open folder %s: not a folder", dir)
	}
	return &localStore{t: Target{Scheme: "file", Path: filepath.Clean(dir)}}, nil
}

func (s *localStore) Target() Target   { return s.t }
func (s *localStore) Security() string { return "local folder" }

func (s *localStore) List(ctx context.Context, dir string) ([]Entry, error) {
	des, err := os.ReadDir(dir)
	if err != nil {
		return nil, classify("list", dir, err)
	}
	var out []Entry
	for _, de := range des {
		if de.Type()&os.ModeSymlink != 0 {
			continue
		}
		fi, err := de.Info()
		if err != nil {
			continue // removed meanwhile
		}
		out = append(out, Entry{Name: de.Name(), Size: fi.Size(), ModTime: fi.ModTime().UTC(), TimeFrom: "file", Dir: fi.IsDir()})
	}
	return out, nil
}

func (s *localStore) Stat(ctx context.Context, p string) (Entry, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return Entry{}, classify("stat", p, err)
	}
	if !fi.Mode().IsRegular() {
		return Entry{}, fmt.Errorf("stat %s: not a regular file", p)
	}
	return Entry{Name: fi.Name(), Size: fi.Size(), ModTime: fi.ModTime().UTC(), TimeFrom: "file"}, nil
}

func (s *localStore) Put(ctx context.Context, p string, r io.Reader) error {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return classify("upload", p, err)
	}
	_, err = io.Copy(f, ctxReader{ctx, r})
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return classify("upload", p, err)
}

func (s *localStore) Get(ctx context.Context, p string, w io.Writer) (int64, error) {
	f, err := os.Open(p)
	if err != nil {
		return 0, classify("download", p, err)
	}
	defer f.Close()
	n, err := io.Copy(w, ctxReader{ctx, f})
	return n, classify("download", p, err)
}

func (s *localStore) Rename(ctx context.Context, from, to string) error {
	return classify("rename", from+" to "+to, os.Rename(from, to))
}

func (s *localStore) Delete(ctx context.Context, p string) error {
	return classify("delete", p, os.Remove(p))
}

func (s *localStore) MkdirAll(ctx context.Context, dir string) error {
	return classify("create folder", dir, os.MkdirAll(dir, 0o755))
}

func (s *localStore) Close() error { return nil }

// ctxReader stops a copy when the context ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(b []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(b)
}

// hidden reports names a transfer never takes for a submission: dot files
// (our own partial uploads among them) and Office lock files.
func hidden(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$")
}
