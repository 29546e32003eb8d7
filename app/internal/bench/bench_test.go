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
