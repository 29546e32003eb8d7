package meeting

import (
	"testing"
	"time"
)

func TestCountdown(t *testing.T) {
	base := time.Date(2012, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		d    time.Duration
		want string
	}{
		{11*24*time.Hour + 3*time.Hour, "11 days 3 h left"},
		{5*time.Hour + 7*time.Minute, "5 h 7 min left"},
		{42 * time.Minute, "42 min left"},
		{9 * time.Second, "9 s left"},
		{-3 * 24 * time.Hour, "passed 3 days 0 h ago"},
		{-14 * 365 * 24 * time.Hour, "passed 14 years ago"},
		{90 * 24 * time.Hour, "3 months left"},
	}
	for _, tt := range tests {
		if got := Countdown(base, base.Add(tt.d)); got != tt.want {
			t.Errorf("Countdown(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestDualTime(t *testing.T) {
	p := Default()
	dl := p.Deadline()
	if got, want := p.DualTime(dl, time.UTC), "Mon 12 Mar 2012 23:59 CET · 22:59 UTC"; got != want {
		t.Errorf("DualTime UTC = %q, want %q", got, want)
	}
	if got, want := p.DualTime(dl, p.Location()), "Mon 12 Mar 2012 23:59 CET"; got != want {
		t.Errorf("DualTime same zone = %q, want %q", got, want)
	}
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	if got, want := p.DualTime(dl, tokyo), "Mon 12 Mar 2012 23:59 CET · Tue 13 Mar 07:59 JST"; got != want {
		t.Errorf("DualTime Tokyo = %q, want %q", got, want)
	}
}

func TestParseInstant(t *testing.T) {
	p := Default()
	tests := []struct {
		in   string
		want string // UTC
		err  bool
	}{
		{"2012-03-13", "2012-03-12T23:00:00Z", false},
		{"2012-03-13T09:00", "2012-03-13T08:00:00Z", false},
		{"2012-03-13 09:00", "2012-03-13T08:00:00Z", false},
		{"2012-03-13T09:00:30", "2012-03-13T08:00:30Z", false},
		{"2012-03-13T09:00:00+09:00", "2012-03-13T00:00:00Z", false},
		{"13/03/2012", "", true},
	}
	for _, tt := range tests {
		got, err := p.ParseInstant(tt.in)
		if (err != nil) != tt.err {
			t.Errorf("ParseInstant(%q) err = %v", tt.in, err)
			continue
		}
		if err == nil && got.UTC().Format(time.RFC3339) != tt.want {
			t.Errorf("ParseInstant(%q) = %v, want %s", tt.in, got.UTC(), tt.want)
		}
	}
}
