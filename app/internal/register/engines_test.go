package register

import (
	"path/filepath"
	"testing"

	"github.com/fgdesk/fgdesk/app/internal/register/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// opener opens a fresh, empty register; the string is its path or URL.
type opener func(t testing.TB, opt Options) (*Register, string)

// eachEngine runs fn once per engine: on a new SQLite file, and on a new
// database of the shared PostgreSQL test server (skipped, with the
// reason, when no server can start). The tests it wraps name their
// opener "open", so the same body runs on both.
func eachEngine(t *testing.T, fn func(t *testing.T, open opener)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, open) })
	t.Run("postgres", func(t *testing.T) { fn(t, openPG) })
}

// openPG opens a register in a fresh database of the shared server.
func openPG(t testing.TB, opt Options) (*Register, string) {
	t.Helper()
	url := pgtest.Shared(t).NewDB(t)
	if opt.Who == "" {
		opt.Who = "tester"
	}
	if opt.BackupDir == "" {
		opt.BackupDir = filepath.Join(t.TempDir(), "backups")
	}
	r, err := Open(url, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r, url
}
