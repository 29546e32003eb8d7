package register

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fgdesk/fgdesk/app/internal/meeting"
)

// The helper process: when FGDESK_REGISTER_HELPER is set, this test is a
// child allocating on the register named by FGDESK_REGISTER_DB and
// printing one "OK <what> <number>" line per committed transaction.
//
//	allocate  allocate FGDESK_REGISTER_COUNT numbers, then exit
//	loop      allocate and receive in a loop until killed
func TestHelperProcess(t *testing.T) {
	mode := os.Getenv("FGDESK_REGISTER_HELPER")
	if mode == "" {
		t.Skip("helper process for the multi-process tests")
	}
	r, err := Open(os.Getenv("FGDESK_REGISTER_DB"), Options{Who: "child-" + strconv.Itoa(os.Getpid())})
	if err != nil {
		fmt.Println("ERR", oneLine(err.Error()))
		os.Exit(3)
	}
	p := meeting.Default()
	switch mode {
	case "allocate":
		n, _ := strconv.Atoi(os.Getenv("FGDESK_REGISTER_COUNT"))
		// Start together with the others: wait for a line on stdin.
		fmt.Println("READY")
		bufio.NewReader(os.Stdin).ReadString('\n')
		for i := range n {
			// A pause between allocations, as between two e-mails, lets
			// the other processes in (SQLite's busy handler polls).
			time.Sleep(time.Duration(i%3) * time.Millisecond)
			d, err := r.Allocate(ctx, p, Request{Title: fmt.Sprintf("child %d doc %d", os.Getpid(), i), Source: "child"})
			if err != nil {
				fmt.Println("ERR", oneLine(err.Error()))
				os.Exit(3)
			}
			fmt.Println("OK A", d.Number)
		}
	case "loop":
		for i := 0; ; i++ {
			d, err := r.Allocate(ctx, p, Request{Title: strings.Repeat("long title ", 20) + strconv.Itoa(i), Source: "child", Notes: strings.Repeat("n", 2000)})
			if err != nil {
				fmt.Println("ERR", oneLine(err.Error()))
				os.Exit(3)
			}
			fmt.Println("OK A", d.Number)
			if _, err := r.Receive(ctx, ReceiptInput{Series: d.Series, Number: d.Number, Name: d.Name + ".docx", SHA256: sum([]byte(d.Name)), Size: int64(i)}); err != nil {
				fmt.Println("ERR", oneLine(err.Error()))
				os.Exit(3)
			}
			fmt.Println("OK R", d.Number)
		}
	}
	r.Close()
	os.Exit(0)
}

// child starts the helper process; in is its stdin.
func child(t *testing.T, mode, db string, count int) (*exec.Cmd, io.ReadCloser, io.WriteCloser) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), "FGDESK_REGISTER_HELPER="+mode, "FGDESK_REGISTER_DB="+db, "FGDESK_REGISTER_COUNT="+strconv.Itoa(count))
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, out, in
}

// readOK collects the numbers a child reports for what ("A" or "R").
func readOK(t *testing.T, out io.Reader, what string, each func(n int)) []int {
	var got []int
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "ERR") {
			t.Errorf("child: %s", line)
			continue
		}
		f := strings.Fields(line)
		if len(f) == 3 && f[0] == "OK" && f[1] == what {
			n, _ := strconv.Atoi(f[2])
			got = append(got, n)
			if each != nil {
				each(n)
			}
		}
	}
	return got
}

// checkContiguous verifies the register holds exactly numbers 1..n of the
// series, each once, with well-formed rows.
func checkContiguous(t *testing.T, r *Register, n int) {
	t.Helper()
	docs, err := r.Documents(ctx, Filter{Series: "innovation-i"})
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != n {
		t.Fatalf("register holds %d documents, want %d", len(docs), n)
	}
	for i, d := range docs {
		if d.Number != i+1 {
			t.Fatalf("gap or duplicate: position %d holds number %d", i+1, d.Number)
		}
		if d.Name != fmt.Sprintf("innovation-i-%04d", d.Number) || !d.Status.Valid() || d.AllocatedAt.IsZero() || d.Title == "" {
			t.Fatalf("malformed row %+v", d)
		}
	}
}

func TestConcurrentGoroutines(t *testing.T) {
	eachEngine(t, func(t *testing.T, open opener) {
		_, path := open(t, Options{})
		p := profile(t)
		const windows, perWindow, goroutines = 3, 20, 4
		var wg sync.WaitGroup
		var mu sync.Mutex
		var got []int
		for w := range windows {
			// Each "window" is its own Register on the same file.
			r, err := Open(path, Options{Who: fmt.Sprintf("window-%d", w)})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			for g := range goroutines {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := range perWindow / goroutines * 2 {
						d, err := r.Allocate(ctx, p, Request{Title: fmt.Sprintf("w%d g%d %d", w, g, i)})
						if err != nil {
							t.Error(err)
							return
						}
						mu.Lock()
						got = append(got, d.Number)
						mu.Unlock()
					}
				}()
			}
		}
		wg.Wait()
		slices.Sort(got)
		if len(slices.Compact(slices.Clone(got))) != len(got) {
			t.Fatalf("duplicate numbers handed out: %v", got)
		}
		r, _ := Open(path, Options{})
		defer r.Close()
		checkContiguous(t, r, len(got))
	})
}

func TestConcurrentProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	r, path := open(t, Options{Who: "parent"})
	p := profile(t)
	const children, each = 3, 40
	var wg sync.WaitGroup
	var mu sync.Mutex
	var got []int
	var runs [][]int
	var stdins []io.WriteCloser
	for range children {
		cmd, out, in := child(t, "allocate", path, each)
		stdins = append(stdins, in)
		br := bufio.NewReader(out)
		if line, err := br.ReadString('\n'); err != nil || line != "READY\n" {
			t.Fatalf("child did not start: %q %v", line, err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			ns := readOK(t, br, "A", nil)
			if err := cmd.Wait(); err != nil {
				t.Errorf("child: %v", err)
			}
			if len(ns) != each {
				t.Errorf("child reported %d numbers, want %d", len(ns), each)
			}
			mu.Lock()
			got = append(got, ns...)
			runs = append(runs, ns)
			mu.Unlock()
		}()
	}
	// Go: the children and the parent (two goroutines) allocate at once.
	for _, in := range stdins {
		io.WriteString(in, "go\n")
		in.Close()
	}
	for g := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				time.Sleep(time.Duration(i%3) * time.Millisecond)
				d, err := r.Allocate(ctx, p, Request{Title: fmt.Sprintf("parent %d %d", g, i)})
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				got = append(got, d.Number)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	slices.Sort(got)
	if c := slices.Compact(slices.Clone(got)); len(c) != len(got) {
		t.Fatalf("duplicate numbers across processes: %v", got)
	}
	if len(got) != (children+2)*each {
		t.Fatalf("%d numbers, want %d", len(got), (children+2)*each)
	}
	checkContiguous(t, r, len(got))
	// How interleaved were the processes? (Informative: timing varies.)
	breaks := 0
	for _, ns := range runs {
		for i := 1; i < len(ns); i++ {
			if ns[i] != ns[i-1]+1 {
				breaks++
			}
		}
	}
	t.Logf("%d allocations; children's sequences were interrupted %d times by other processes", len(got), breaks)
	// Every allocation has its event, from the right process.
	evs, _ := r.Events(ctx, "innovation-i", 0)
	who := map[string]int{}
	for _, e := range evs {
		if e.Action == "allocate" {
			who[strings.SplitN(e.Who, "-", 2)[0]]++
		}
	}
	if who["child"] != children*each || who["parent"] != 2*each {
		t.Fatalf("events by who: %v", who)
	}
}

func TestKill9DuringWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	path := filepath.Join(t.TempDir(), "register.db")
	allocated := map[int]bool{}
	received := map[int]bool{}
	for round := range 4 {
		cmd, out, _ := child(t, "loop", path, 0)
		var mu sync.Mutex
		count := 0
		done := make(chan struct{})
		target := 15 + round*7
		go func() {
			defer close(done)
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				f := strings.Fields(sc.Text())
				if len(f) == 3 && f[0] == "OK" {
					n, _ := strconv.Atoi(f[2])
					mu.Lock()
					if f[1] == "A" {
						allocated[n] = true
						count++
					} else {
						received[n] = true
					}
					c := count
					mu.Unlock()
					if c == target {
						// Kill in the middle of the next writes.
						cmd.Process.Kill()
					}
				} else if len(f) > 0 && f[0] == "ERR" {
					t.Errorf("child: %s", sc.Text())
				}
			}
		}()
		select {
		case <-done:
		case <-time.After(60 * time.Second):
			cmd.Process.Kill()
			<-done
			t.Fatal("child did not reach its target")
		}
		cmd.Wait()

		r, err := Open(path, Options{})
		if err != nil {
			t.Fatalf("round %d: reopen after kill -9: %v", round, err)
		}
		if err := r.IntegrityCheck(ctx); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		docs, err := r.Documents(ctx, Filter{})
		if err != nil {
			t.Fatal(err)
		}
		byNum := map[int]Document{}
		for _, d := range docs {
			byNum[d.Number] = d
		}
		for n := range allocated {
			if _, ok := byNum[n]; !ok {
				t.Fatalf("round %d: committed number %d lost", round, n)
			}
		}
		for n := range received {
			d := byNum[n]
			if !d.Received() || d.SHA256 != sum([]byte(d.Name)) || d.FileName != d.Name+".docx" {
				t.Fatalf("round %d: committed receipt of %d lost or corrupt: %+v", round, n, d)
			}
		}
		// No gaps; at most one row committed after the last report.
		checkContiguous(t, r, len(docs))
		if len(docs) > len(allocated)+1 {
			t.Fatalf("round %d: %d rows for %d reported allocations", round, len(docs), len(allocated))
		}
		for _, d := range docs {
			allocated[d.Number] = true // the next round must keep them too
		}
		r.Close()
	}
}
