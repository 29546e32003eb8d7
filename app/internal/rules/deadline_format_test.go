package rules

import (
	"fmt"
	"testing"
	"time"
)

// TestDeadlineMessage compares the deadline messages, built in one
// buffer, with the fmt forms they replace.
func TestDeadlineMessage(t *testing.T) {
	human := func(d time.Duration) string {
		if d < time.Minute {
			return "less than a minute"
		}
		days := int(d / (24 * time.Hour))
		d -= time.Duration(days) * 24 * time.Hour
		h, m := int(d/time.Hour), int((d%time.Hour)/time.Minute)
		switch {
		case days > 0:
			return fmt.Sprintf("%dd %dh %dm", days, h, m)
		case h > 0:
			return fmt.Sprintf("%dh %dm", h, m)
		}
		return fmt.Sprintf("%dm", m)
	}
	for _, d := range []time.Duration{-time.Hour, 0, 59 * time.Second, time.Minute, 59 * time.Minute, time.Hour, 25*time.Hour + 3*time.Minute, 400 * 24 * time.Hour} {
		if got, want := string(appendDuration(nil, d)), human(d); got != want {
			t.Errorf("appendDuration(%v) = %q, want %q", d, got, want)
		}
	}
	c := ctx()
	dl := c.Profile.Deadline()
	instant := func(t time.Time) string {
		return fmt.Sprintf("%s (%s UTC)", t.In(c.Profile.Location()).Format("Mon 2 Jan 2006 15:04 MST"), t.UTC().Format("2006-01-02 15:04"))
	}
	for _, at := range []time.Time{onTime, dl, dl.Add(time.Second), dl.Add(50 * time.Hour), dl.Add(-90 * 24 * time.Hour)} {
		f := clean()
		f.ModTime = at
		want := fmt.Sprintf("Received %s, %s before the deadline %s.", instant(at), human(dl.Sub(at).Round(time.Minute)), instant(dl))
		if at.After(dl) {
			want = fmt.Sprintf("Received %s, %s after the deadline %s.", instant(at), human(at.Sub(dl).Round(time.Minute)), instant(dl))
		}
		fs := checkDeadline(f, c)
		if len(fs) != 1 || fs[0].Message != want {
			t.Errorf("at %v: %+v, want message %q", at, fs, want)
		}
		if got := FormatInstant(at, c); got != instant(at) {
			t.Errorf("FormatInstant(%v) = %q, want %q", at, got, instant(at))
		}
	}
}
