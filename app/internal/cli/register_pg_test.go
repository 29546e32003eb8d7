package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	reg "github.com/fgdesk/fgdesk/app/internal/register"
	"github.com/fgdesk/fgdesk/app/internal/register/pgtest"
)

// TestMain makes the test binary double as the fgdesk command (when
// FGDESK_CLI_ARGS is set: one command line, arguments separated by US (0x1f)) for the
// multi-process tests, and stops the PostgreSQL test server at the end.
func TestMain(m *testing.M) {
	if a := os.Getenv("FGDESK_CLI_ARGS"); a != "" {
		os.Exit(Run(context.Background(), strings.Split(a, "\x1f"), os.Stdin, os.Stdout, os.Stderr))
	}
	pgtest.Main(m)
}

// fgdesk runs one fgdesk command in a new process.
func fgdesk(args ...string) (int, string, string) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "FGDESK_CLI_ARGS="+strings.Join(args, "\x1f"))
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if err != nil {
		code = -1
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else {
			errb.WriteString(err.Error())
		}
	}
	return code, out.String(), errb.String()
}

// TestAllocateProcesses: 4 processes at once, each running 25 `fgdesk
// register allocate` commands one after the other, give 100 distinct,
// gap-free numbers, on an SQLite file and on a PostgreSQL server; every
// allocation is in the event log with its officer and host.
func TestAllocateProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns 100 processes")
	}
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			t.Setenv("FGDESK_HOME", t.TempDir())
			db := filepath.Join(t.TempDir(), "register.db")
			if engine == "postgres" {
				db = pgtest.Shared(t).NewDB(t)
			}
			const procs, each = 4, 25
			var wg sync.WaitGroup
			var mu sync.Mutex
			var got []int
			for p := range procs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := range each {
						code, out, errs := fgdesk("register", "allocate", "--db", db, "--who", fmt.Sprintf("officer-%d", p), "--title", fmt.Sprintf("p%d doc %d", p, i), "--source", "S")
						if code != ExitOK {
							t.Errorf("officer-%d allocate %d: exit %d %s", p, i, code, errs)
							return
						}
						n, err := strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(out), "innovation-i-"))
						if err != nil {
							t.Errorf("allocate printed %q", out)
							return
						}
						mu.Lock()
						got = append(got, n)
						mu.Unlock()
					}
				}()
			}
			wg.Wait()
			slices.Sort(got)
			if len(got) != procs*each {
				t.Fatalf("%d allocations, want %d", len(got), procs*each)
			}
			for i, n := range got {
				if n != i+1 {
					t.Fatalf("numbers not distinct and gap-free: %v", got)
				}
			}
			r, err := reg.Open(db, reg.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			ev, err := r.Events(context.Background(), "", 0)
			if err != nil {
				t.Fatal(err)
			}
			host, _ := os.Hostname()
			who := map[string]int{}
			for _, e := range ev {
				if e.Action == "allocate" {
					who[e.Who]++
					if e.Host != host {
						t.Errorf("event %d host %q, want %q", e.ID, e.Host, host)
					}
				}
			}
			for p := range procs {
				if who[fmt.Sprintf("officer-%d", p)] != each {
					t.Errorf("event log by officer: %v", who)
				}
			}
		})
	}
}

// TestMigrateToPostgres: a register made as in the end-to-end test (an
// allocation, a checked and recorded receipt, an acceptance) is moved
// onto a server; list shows the same rows on both; a second migrate is
// refused unless forced; check --db URL records receipts.
func TestMigrateToPostgres(t *testing.T) {
	srv := pgtest.Shared(t)
	home := t.TempDir()
	t.Setenv("FGDESK_HOME", home)
	work := t.TempDir()
	incoming, out, root := filepath.Join(work, "incoming"), filepath.Join(work, "out"), filepath.Join(work, "docs")
	for _, d := range []string{incoming, out, root} {
		os.MkdirAll(d, 0o755)
	}
	file := filepath.Join(home, "register.db")
	for i, title := range []string{"First report", "Second report", "Third report"} {
		if code, _, errs := run(t, "register", "allocate", "--db", file, "--title", title, "--source", "Example Networks Ltd (Finland), Example University of Posts and Telecommunications (China)"); code != ExitOK {
			t.Fatalf("allocate %d: %s", i, errs)
		}
	}
	if code, _, errs := run(t, "export", writeDraft(t, work, "0001", "First report"), "-o", out); code != ExitOK {
		t.Fatal(errs)
	}
	dropped := filepath.Join(incoming, "innovation-i-0001.docx")
	copyFile(t, filepath.Join(out, "innovation-i-0001.docx"), dropped, time.Date(2012, 3, 11, 17, 5, 0, 0, time.UTC))
	if code, stdout, errs := run(t, "check", "--db", file, "--json", incoming); code != ExitOK || !strings.Contains(stdout, "REG-RECEIPT") {
		t.Fatalf("check --db file: %d %s %s", code, stdout, errs)
	}
	if code, _, errs := run(t, "register", "accept", dropped, "--db", file, "--root", root); code != ExitOK {
		t.Fatalf("accept: %s", errs)
	}

	url := srv.NewDB(t)
	code, stdout, errs := fgdesk("register", "migrate", "--from", file, "--to", url)
	if code != ExitOK || !strings.Contains(stdout, "documents       3 rows") {
		t.Fatalf("migrate: %d %q %q", code, stdout, errs)
	}
	if strings.Contains(stdout+errs, pgtest.Password) {
		t.Errorf("the password was printed: %s %s", stdout, errs)
	}
	for _, args := range [][]string{{"list", "--all"}, {"list", "--json", "--all"}, {"show", "1"}} {
		_, a, _ := run(t, append(append([]string{"register"}, args...), "--db", file)...)
		_, b, _ := run(t, append(append([]string{"register"}, args...), "--db", url)...)
		if a != b || a == "" {
			t.Errorf("register %v differs:\nfile:\n%s\nserver:\n%s", args, a, b)
		}
	}
	// Not into a register that holds data, unless forced.
	code, _, errs = fgdesk("register", "migrate", "--from", file, "--to", url)
	oneLineErr(t, code, errs, ExitFailed, "not empty")
	if code, _, errs = fgdesk("register", "migrate", "--from", file, "--to", url, "--force"); code != ExitOK {
		t.Fatalf("migrate --force: %s", errs)
	}
	// The server register takes receipts from check.
	if code, _, errs := run(t, "export", writeDraft(t, work, "0002", "Second report"), "-o", out); code != ExitOK {
		t.Fatal(errs)
	}
	in2 := filepath.Join(work, "incoming2")
	os.MkdirAll(in2, 0o755)
	copyFile(t, filepath.Join(out, "innovation-i-0002.docx"), filepath.Join(in2, "innovation-i-0002.docx"), time.Date(2012, 3, 11, 18, 0, 0, 0, time.UTC))
	code, stdout, errs = run(t, "check", "--db", url, "--json", in2)
	if code != ExitOK || !strings.Contains(stdout, "REG-RECEIPT") {
		t.Fatalf("check --db URL: %d %s %s", code, stdout, errs)
	}
	_, stdout, _ = run(t, "register", "show", "2", "--db", url, "--json")
	if !strings.Contains(stdout, "on time") {
		t.Errorf("receipt on the server: %s", stdout)
	}
}

// TestServerFaultsCLI: a wrong password and a stopped server give one
// clear line each, without the password.
func TestServerFaultsCLI(t *testing.T) {
	srv := pgtest.Start(t)
	url := srv.NewDB(t)
	t.Setenv("FGDESK_HOME", t.TempDir())
	bad := strings.Replace(url, pgtest.Password, "wrong-password", 1)
	code, _, errs := run(t, "register", "allocate", "--db", bad, "--title", "x")
	oneLineErr(t, code, errs, ExitFailed, "refused the login")
	if strings.Contains(errs, "wrong-password") {
		t.Errorf("password printed: %s", errs)
	}
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	code, _, errs = run(t, "register", "allocate", "--db", url, "--title", "x")
	oneLineErr(t, code, errs, ExitFailed, "is unavailable")
	if strings.Contains(errs, pgtest.Password) {
		t.Errorf("password printed: %s", errs)
	}
	// check still checks the files and says REG-UNAVAILABLE for each.
	work := t.TempDir()
	if code, _, errs := run(t, "export", writeDraft(t, work, "0001", "First report"), "-o", work); code != ExitOK {
		t.Fatal(errs)
	}
	code, stdout, errs := run(t, "check", "--db", url, "--json", filepath.Join(work, "innovation-i-0001.docx"))
	if code != ExitErrors || !strings.Contains(stdout, "REG-UNAVAILABLE") || !strings.Contains(errs, "is unavailable") || strings.Contains(stdout+errs, pgtest.Password) {
		t.Errorf("check with the server down: exit %d\n%s\n%s", code, stdout, errs)
	}
}
