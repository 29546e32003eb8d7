package bench

import (
	"strings"
	"testing"
	"time"
)

func TestSpliceReadme(t *testing.T) {
	r := &Result{Files: 10, Workers: 2, Rounds: 5, Floor: time.Second, Check: 2 * time.Second, Machine: "Test CPU, 2 cores"}
	in := "# x\n" + ReadmeBegin + "\nold figures\n" + ReadmeEnd + "\nrest\n"
	out, err := SpliceReadme([]byte(in), r)
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	if strings.Contains(s, "old figures") || !strings.Contains(s, "machine: Test CPU, 2 cores") || !strings.HasSuffix(s, ReadmeEnd+"\nrest\n") || !strings.Contains(s, "check / floor:        2.00x") {
		t.Errorf("spliced:\n%s", s)
	}
	if _, err := SpliceReadme([]byte("no markers"), r); err == nil {
		t.Error("no error without markers")
	}
	if m := machine(); !strings.Contains(m, "cores") {
		t.Errorf("machine() = %q", m)
	}
}
