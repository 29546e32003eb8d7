package meeting

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Countdown describes the time from now to t for a person: "3 days 4 h
// left", "2 h 5 min left", "passed 13 years ago", "passed 3 days ago".
func Countdown(now, t time.Time) string { return CountdownIn(now, t, nil) }

// CountdownIn is Countdown with its words put through tr, which maps each
// English format ("%s left", "passed %s ago", "%d years", "%d months",
// "%d days %d h", "%d h %d min", "%d min", "%d s") to another language's;
// nil keeps English. The interface passes its translations.
func CountdownIn(now, t time.Time, tr func(format string) string) string {
	if tr == nil {
		tr = func(f string) string { return f }
	}
	d := t.Sub(now)
	if d >= 0 {
		return fmt.Sprintf(tr("%s left"), span(d, tr))
	}
	return fmt.Sprintf(tr("passed %s ago"), span(-d, tr))
}

func span(d time.Duration, tr func(string) string) string {
	const day = 24 * time.Hour
	switch {
	case d >= 2*365*day:
		return fmt.Sprintf(tr("%d years"), int(d/(365*day)))
	case d >= 60*day:
		return fmt.Sprintf(tr("%d months"), int(d/(30*day)))
	case d >= 2*day:
		return fmt.Sprintf(tr("%d days %d h"), int(d/day), int(d%day/time.Hour))
	case d >= time.Hour:
		return fmt.Sprintf(tr("%d h %d min"), int(d/time.Hour), int(d%time.Hour/time.Minute))
	case d >= time.Minute:
		return fmt.Sprintf(tr("%d min"), int(d/time.Minute))
	}
	return fmt.Sprintf(tr("%d s"), int(d/time.Second))
}

// DualTime formats an instant in the meeting's zone and in another zone
// (the viewer's), e.g. "Mon 12 Mar 2012 23:59 CET · 22:59 UTC". When both
// zones show the same offset, only the meeting's is given.
func (p *Profile) DualTime(t time.Time, local *time.Location) string {
	m := t.In(p.loc)
	s := m.Format("Mon 2 Jan 2006 15:04 MST")
	l := t.In(local)
	_, mo := m.Zone()
	_, lo := l.Zone()
	if mo == lo {
		return s
	}
	if l.YearDay() != m.YearDay() {
		return s + " · " + l.Format("Mon 2 Jan 15:04 MST")
	}
	return s + " · " + l.Format("15:04 MST")
}

// ParseInstant reads a time a person typed: RFC 3339 with a zone, or a date
// or date-time in the meeting's zone ("2012-03-13" is its midnight,
// "2012-03-13T09:00" or "2012-03-13 09:00" its wall-clock time).
func (p *Profile) ParseInstant(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, p.loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, errors.New(strconv.Quote(s) + " is not a time; write 2012-03-13, 2012-03-13T09:00 (meeting time) or 2012-03-13T08:00:00Z")
}
