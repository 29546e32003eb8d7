package transfer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseTarget(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Target
		err  string
	}{
		{"ftp://delegate@127.0.0.1:2121/incoming", Target{Scheme: "ftp", User: "delegate", Host: "127.0.0.1", Port: 2121, Path: "/incoming"}, ""},
		{"ftp://ifa.itu.int/t/fg/innovation/docs/incoming/", Target{Scheme: "ftp", Host: "ifa.itu.int", Port: 21, Path: "/t/fg/innovation/docs/incoming"}, ""},
		{"FTPS://tsb@[::1]/in", Target{Scheme: "ftps", User: "tsb", Host: "::1", Port: 990, Path: "/in"}, ""},
		{"ftp://h", Target{Scheme: "ftp", Host: "h", Port: 21, Path: "/"}, ""},
		{"incoming", Target{Scheme: "file", Path: "incoming"}, ""},
		{"file:///srv/incoming", Target{Scheme: "file", Path: "/srv/incoming"}, ""},
		{"ftp://u:secret@h/x", Target{}, "password file"},
		{"ftp://h:0/x", Target{}, "port"},
		{"ftp://h:99999/x", Target{}, "port"},
		{"ftp://h:/x", Target{}, "empty port"},
		{"ftp:///x", Target{}, "no host"},
		{"http://h/x", Target{}, "only ftp://"},
		{"ftp://h/x?y", Target{}, "query"},
		{"ftp://h/x\r\nDELE y", Target{}, "control"},
		{"", Target{}, "empty"},
		{"file://other/x", Target{}, "this machine"},
	} {
		got, err := ParseTarget(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: error %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%q: %+v %v, want %+v", tc.in, got, err, tc.want)
		}
	}
	if s := (Target{Scheme: "ftp", User: "tsb", Host: "127.0.0.1", Port: 21, Path: "/in"}).String(); s != "ftp://tsb@127.0.0.1:21/in" {
		t.Errorf("String %q", s)
	}
}

// FuzzParseTarget: any string gives a target or a one-line error, and a
// parsed FTP target prints back to an address that parses to itself.
func FuzzParseTarget(f *testing.F) {
	for _, s := range []string{"ftp://delegate@127.0.0.1:2121/incoming", "ftps://[::1]:990/a/../b", "dir/sub", "ftp://u:p@h/", "ftp://h:/", "file:///x", "ftp://%zz/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tg, err := ParseTarget(s)
		if err != nil {
			if strings.ContainsAny(err.Error(), "\n") && !strings.ContainsAny(s, "\n") {
				t.Fatalf("multi-line error %q", err)
			}
			return
		}
		if tg.IsLocal() {
			return
		}
		if tg.Port < 1 || tg.Port > 65535 || tg.Host == "" || !strings.HasPrefix(tg.Path, "/") || strings.ContainsAny(tg.Path, "\r\n\x00") {
			t.Fatalf("%q -> %+v", s, tg)
		}
		back, err := ParseTarget(tg.String())
		if err != nil || back != tg {
			t.Fatalf("%q -> %+v -> %q -> %+v %v", s, tg, tg.String(), back, err)
		}
	})
}

// FuzzLoadState: a damaged mirror record gives an error naming it (or a
// usable record), never a panic.
func FuzzLoadState(f *testing.F) {
	f.Add([]byte(`{"schema":"fgdesk-mirror","source":"ftp://h:21/in","files":{"a.docx":{"name":"a.docx","size":3,"server_time":"2012-03-12T21:00:00Z"}}}`))
	f.Add([]byte(`{"schema":"fgdesk-mirror","files":null}`))
	f.Add([]byte(`[1,2`))
	f.Fuzz(func(t *testing.T, b []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, StateFile), b, 0o644); err != nil {
			t.Fatal(err)
		}
		st, err := loadState(dir)
		if err != nil {
			if !strings.Contains(err.Error(), StateFile) {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		if st.Files == nil {
			t.Fatal("nil file map")
		}
	})
}
