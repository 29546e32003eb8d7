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

func TestRoundRatios(t *testing.T) {
	ms := func(v ...int) (d []time.Duration) {
		for _, x := range v {
			d = append(d, time.Duration(x)*time.Millisecond)
		}
		return d
	}
	tests := []struct {
		checks, floors []time.Duration
		lo, hi         float64
	}{
		{ms(150, 160, 140), ms(100, 100, 100), 1.4, 1.6},
		{ms(200), ms(100), 2, 2},
		{ms(100, 100), ms(0, 50), 2, 2}, // a zero floor is skipped
		{nil, nil, 0, 0},
	}
	for _, tt := range tests {
		lo, hi := roundRatios(tt.checks, tt.floors)
		if lo != tt.lo || hi != tt.hi {
			t.Errorf("roundRatios(%v, %v) = %v, %v; want %v, %v", tt.checks, tt.floors, lo, hi, tt.lo, tt.hi)
		}
	}
	r := &Result{Files: 1, Rounds: 5, Floor: time.Second, Check: time.Second, RatioMin: 1.48, RatioMax: 1.62}
	var b strings.Builder
	r.WriteText(&b)
	if !strings.Contains(b.String(), "by round:           1.48-1.62x") {
		t.Errorf("no per-round spread in:\n%s", b.String())
	}
}

// TestErrorNote: a corpus above 9,999 files has numbers innovation-i-nnnn
// cannot hold, and the note says so; other errors are only counted.
func TestErrorNote(t *testing.T) {
	tests := []struct {
		files, errors int
		want          string
	}{
		{1000, 0, ""},
		{1000, 2, "note: 2 realistic file(s) had errors\n"},
		{10000, 1, "note: 1 realistic file(s) had errors (numbers above 9999 do not fit innovation-i-nnnn)\n"},
		{10000, 3, "note: 3 realistic file(s) had errors\n"},
	}
	for _, tt := range tests {
		var b strings.Builder
		(&Result{Files: tt.files, Errors: tt.errors, Rounds: 1, Floor: time.Second, Check: time.Second}).WriteText(&b)
		got := ""
		if i := strings.Index(b.String(), "note: "); i >= 0 {
			got = b.String()[i:]
		}
		if got != tt.want {
			t.Errorf("%d files, %d errors: note %q, want %q", tt.files, tt.errors, got, tt.want)
		}
	}
}
