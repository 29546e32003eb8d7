package pgtest

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

func TestMain(m *testing.M) { Main(m) }

// TestSweepStopsOrphans: a server whose owner process has died is stopped
// and its folder removed by the next start; a live owner's is left alone.
func TestSweepStopsOrphans(t *testing.T) {
	s, err := start()
	if err != nil {
		t.Skipf("PostgreSQL cannot start here: %v", err)
	}
	// pg_ctl runs as the postgres user and goes through this folder, which
	// t.TempDir would make private to root.
	tmp, err := os.MkdirTemp("", "pgtest-sweep-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(tmp) })
	os.Chmod(tmp, 0o755)
	orphan, err := start()
	if err != nil {
		t.Fatal(err)
	}
	// Move the orphan's record out of the way of other test runs: sweep a
	// folder of its own holding a link named like the server folders.
	link := filepath.Join(tmp, "fgdesk-pg-orphan")
	if err := os.Symlink(orphan.Dir, link); err != nil {
		t.Fatal(err)
	}
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(orphan.Dir, ownerFile), []byte(strconv.Itoa(dead.Process.Pid)), 0o644); err != nil {
		t.Fatal(err)
	}
	live := filepath.Join(tmp, "fgdesk-pg-live")
	if err := os.Symlink(s.Dir, live); err != nil {
		t.Fatal(err)
	}
	got := sweep(tmp, s)
	if len(got) != 1 || got[0] != link {
		t.Fatalf("sweep stopped %v, want only %s", got, link)
	}
	if c, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(orphan.Port), time.Second); err == nil {
		c.Close()
		t.Error("the orphan server still accepts connections")
	}
	if c, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(s.Port), time.Second); err != nil {
		t.Errorf("the live server was stopped: %v", err)
	} else {
		c.Close()
	}
}
