package meeting

import (
	"strconv"
	"strings"
	"time"
)

// Span selects which dates of a meeting a piece of text names.
type Span int

const (
	// Plenaries is the wording of the header table and §5 of the circular:
	// the place and the plenary days, "Geneva, 19 and 21 March 2012".
	Plenaries Span = iota
	// Week is the whole meeting week including the workshop, from the first
	// session to the last: "19–21 March 2012".
	Week
)

// DateWording is the one wording of the meeting's dates used on screen, in
// e-mails and in exports. Plenaries is the profile's place_date_line (it must
// match the header table the circular prints); Week is computed from the
// sessions (en dash, no place), or falls back to place_date_line without the
// place when the profile has no sessions.
func (p *Profile) DateWording(s Span) string {
	if s == Plenaries || len(p.Sessions) == 0 {
		if s == Week {
			return strings.TrimPrefix(p.PlaceDateLine, p.Place+", ")
		}
		return p.PlaceDateLine
	}
	first, last := p.Sessions[0].start, p.Sessions[0].end
	for _, x := range p.Sessions[1:] {
		if x.start.Before(first) {
			first = x.start
		}
		if x.end.After(last) {
			last = x.end
		}
	}
	return dayRange(first.In(p.loc), last.In(p.loc))
}

// dayRange words the days from a to b: "19 March 2012", "19–21 March 2012",
// "30 March – 2 April 2012", "31 December 2012 – 2 January 2013".
func dayRange(a, b time.Time) string {
	day := func(t time.Time) string { return strconv.Itoa(t.Day()) }
	switch {
	case a.Year() != b.Year():
		return a.Format("2 January 2006") + " – " + b.Format("2 January 2006")
	case a.Month() != b.Month():
		return a.Format("2 January") + " – " + b.Format("2 January 2006")
	case a.Day() != b.Day():
		return day(a) + "–" + b.Format("2 January 2006")
	}
	return a.Format("2 January 2006")
}

// Title names the meeting with its place and week, as the meeting list,
// e-mails and register exports show it: "FG Innovation, first meeting
// (Geneva, 19–21 March 2012)". A profile name that already carries a date
// (any digit) is used as it is.
func (p *Profile) Title() string {
	name := p.Name
	if name == "" {
		name = p.Group.Short
	}
	if name == "" {
		name = p.ID
	}
	if strings.ContainsAny(name, "0123456789") {
		return name
	}
	where := p.DateWording(Week)
	if p.Place != "" {
		where = p.Place + ", " + where
	}
	return name + " (" + where + ")"
}
