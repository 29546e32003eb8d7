// Package ics writes a meeting's key dates and programme as an iCalendar
// file (RFC 5545) that calendar programs import: every key date (visa,
// registration, documents, ...) and every session, in the meeting's time
// zone with its VTIMEZONE, stable UIDs (re-importing updates rather than
// duplicates), the circular's paragraph in each description and alarms
// before the deadlines.
package ics

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/fgdesk/fgdesk/app/internal/meeting"
)

// Alarms are the reminders set before each deadline.
var Alarms = []time.Duration{7 * 24 * time.Hour, 24 * time.Hour, 2 * time.Hour}

// Options adjust the file.
type Options struct {
	// Stamp is the DTSTAMP of every event (when the file was made); zero
	// means now.
	Stamp time.Time
	// Product is the PRODID text, e.g. "FG Desk 0.1.0".
	Product string
}

// Write writes the calendar of p to w.
func Write(w io.Writer, p *meeting.Profile, opt Options) error {
	if opt.Stamp.IsZero() {
		opt.Stamp = time.Now()
	}
	if opt.Product == "" {
		opt.Product = "FG Desk"
	}
	c := &cal{tz: p.Location()}
	c.prop("BEGIN", "VCALENDAR")
	c.prop("VERSION", "2.0")
	c.prop("PRODID", "-//FG Desk//"+opt.Product+"//EN")
	c.prop("CALSCALE", "GREGORIAN")
	c.prop("METHOD", "PUBLISH")
	c.text("X-WR-CALNAME", p.Title())
	c.prop("X-WR-TIMEZONE", p.Timezone)

	var instants []time.Time
	for _, d := range p.Dates {
		instants = append(instants, d.Time())
	}
	for _, s := range p.Sessions {
		instants = append(instants, s.StartTime(), s.EndTime())
	}
	c.timezone(p.Timezone, instants)

	stamp := utc(opt.Stamp)
	circ := p.Circular
	for _, d := range p.Dates {
		c.prop("BEGIN", "VEVENT")
		c.prop("UID", UID(p, "date", d.Name))
		c.prop("DTSTAMP", stamp)
		c.prop("DTSTART;TZID="+p.Timezone, local(d.Time(), p.Location()))
		c.text("SUMMARY", p.Group.Short+": "+d.Name)
		c.text("DESCRIPTION", description(p, d.Name, d.Cite, d.Note, circ, d.Time(), time.Time{}, d.Deadline))
		if p.Group.Web != "" {
			c.prop("URL", p.Group.Web)
		}
		c.prop("TRANSP", "TRANSPARENT")
		c.text("CATEGORIES", "Deadline")
		if isDeadline(d) {
			for _, a := range Alarms {
				c.prop("BEGIN", "VALARM")
				c.prop("ACTION", "DISPLAY")
				c.prop("TRIGGER;RELATED=START", "-"+duration(a))
				c.text("DESCRIPTION", d.Name+" in "+ahead(a)+" ("+d.Cite+")")
				c.prop("END", "VALARM")
			}
		}
		c.prop("END", "VEVENT")
	}
	for _, s := range p.Sessions {
		c.prop("BEGIN", "VEVENT")
		c.prop("UID", UID(p, "session", s.Name))
		c.prop("DTSTAMP", stamp)
		c.prop("DTSTART;TZID="+p.Timezone, local(s.StartTime(), p.Location()))
		c.prop("DTEND;TZID="+p.Timezone, local(s.EndTime(), p.Location()))
		c.text("SUMMARY", p.Group.Short+": "+s.Name)
		if p.Venue != "" {
			c.text("LOCATION", p.Venue)
		}
		c.text("DESCRIPTION", description(p, s.Name, s.Cite, s.Note, circ, s.StartTime(), s.EndTime(), false))
		if p.Group.Web != "" {
			c.prop("URL", p.Group.Web)
		}
		if s.Kind != "" {
			c.text("CATEGORIES", s.Kind)
		}
		c.prop("END", "VEVENT")
	}
	c.prop("END", "VCALENDAR")
	_, err := io.WriteString(w, c.b.String())
	return err
}

// isDeadline reports whether a key date gets alarms: the document deadline
// and every date named a deadline (visa, registration).
func isDeadline(d meeting.KeyDate) bool {
	return d.Deadline || strings.Contains(strings.ToLower(d.Name), "deadline")
}

func description(p *meeting.Profile, name, cite, note, circ string, at, end time.Time, docs bool) string {
	var b strings.Builder
	b.WriteString(name)
	b.WriteString(" — ")
	if cite == "" {
		cite = circ
	}
	b.WriteString(cite)
	b.WriteString(".")
	if note != "" {
		b.WriteString("\n" + note)
	}
	when := at.In(p.Location()).Format("Mon 2 Jan 2006 15:04")
	if !end.IsZero() {
		when += "–" + end.In(p.Location()).Format("15:04")
	}
	fmt.Fprintf(&b, "\n%s %s time (%s UTC).", when, p.Place, at.UTC().Format("15:04"))
	if docs {
		b.WriteString("\nUpload to ftp://" + p.FTP.Host + p.FTP.Incoming)
		if p.Documents.Pattern != "" {
			b.WriteString(" named " + p.Documents.Pattern)
		}
		b.WriteString("; TSB: " + p.TSB.Email + ".")
	}
	b.WriteString("\n" + p.Title() + "; plenaries " + p.DateWording(meeting.Plenaries) + ".")
	return b.String()
}

// UID is the stable identifier of one entry: the same profile and name give
// the same UID in every file, so importing again updates the entry.
func UID(p *meeting.Profile, kind, name string) string {
	return p.ID + "-" + kind + "-" + slug(name) + "@fgdesk"
}

func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case r > 127 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			fmt.Fprintf(&b, "u%x", r)
			dash = false
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// ahead words an alarm's lead time: "7 days", "1 day", "2 hours".
func ahead(d time.Duration) string {
	n, unit := int(d/time.Hour), "hour"
	if d%(24*time.Hour) == 0 {
		n, unit = int(d/(24*time.Hour)), "day"
	}
	if n != 1 {
		unit += "s"
	}
	return strconv.Itoa(n) + " " + unit
}

func utc(t time.Time) string                       { return t.UTC().Format("20060102T150405Z") }
func local(t time.Time, loc *time.Location) string { return t.In(loc).Format("20060102T150405") }

// duration writes a positive duration as an RFC 5545 dur-value (P7D, PT2H).
func duration(d time.Duration) string {
	const day = 24 * time.Hour
	if d > 0 && d%day == 0 {
		return fmt.Sprintf("P%dD", d/day)
	}
	s := "PT"
	if h := d / time.Hour; h > 0 {
		s += fmt.Sprintf("%dH", h)
	}
	if m := d % time.Hour / time.Minute; m > 0 {
		s += fmt.Sprintf("%dM", m)
	}
	if sec := d % time.Minute / time.Second; sec > 0 || s == "PT" {
		s += fmt.Sprintf("%dS", sec)
	}
	return s
}

type cal struct {
	b  strings.Builder
	tz *time.Location
}

// prop writes one content line, folded; value is written as given.
func (c *cal) prop(name, value string) { c.b.WriteString(Fold(name + ":" + value)) }

// text writes a TEXT property, escaped.
func (c *cal) text(name, value string) { c.prop(name, Escape(value)) }

// Escape escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon,
// comma and newlines; other control characters are dropped.
func Escape(s string) string {
	var b strings.Builder
	s = strings.ReplaceAll(s, "\r\n", "\n")
	for _, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case ';':
			b.WriteString(`\;`)
		case ',':
			b.WriteString(`\,`)
		case '\n', '\r':
			b.WriteString(`\n`)
		case '\t':
			b.WriteByte(' ')
		default:
			if r < 0x20 || r == 0x7f {
				continue
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Fold splits a content line into lines of at most 75 octets (RFC 5545
// §3.1), never inside a UTF-8 sequence; continuation lines start with a
// space. The result ends with CRLF.
func Fold(line string) string {
	const max = 75
	var b strings.Builder
	width := max
	for len(line) > width {
		cut := width
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		b.WriteString(line[:cut])
		b.WriteString("\r\n ")
		line = line[cut:]
		width = max - 1 // the leading space counts
	}
	b.WriteString(line)
	b.WriteString("\r\n")
	return b.String()
}

// timezone writes the VTIMEZONE of the zone for the years the instants fall
// in: the offset in force, and each change of offset in those years, read
// from Go's zone database (embedded by package meeting).
func (c *cal) timezone(name string, instants []time.Time) {
	loc := c.tz
	lo, hi := 0, 0
	for _, t := range instants {
		y := t.In(loc).Year()
		if lo == 0 || y < lo {
			lo = y
		}
		if y > hi {
			hi = y
		}
	}
	if lo == 0 {
		lo, hi = time.Now().Year(), time.Now().Year()
	}
	c.prop("BEGIN", "VTIMEZONE")
	c.prop("TZID", name)
	// From a year early, so that the offset in force before the first
	// change of the range is defined too.
	start := time.Date(lo-1, 1, 1, 0, 0, 0, 0, loc)
	end := time.Date(hi+1, 1, 1, 0, 0, 0, 0, loc)
	abbr, off := start.Zone()
	wrote := false
	for t := start; t.Before(end); {
		next, ok := nextChange(t, end, loc)
		if !ok {
			break
		}
		_, before := next.Add(-time.Second).Zone()
		a, after := next.Zone()
		c.component(a, next.In(time.FixedZone("", before)), before, after, loc, next)
		wrote = true
		t = next
	}
	if !wrote {
		c.component(abbr, start.In(time.FixedZone("", off)), off, off, loc, start)
	}
	c.prop("END", "VTIMEZONE")
}

// component writes one STANDARD or DAYLIGHT observance starting at the wall
// time wall (in the offset before the change).
func (c *cal) component(abbr string, wall time.Time, from, to int, loc *time.Location, at time.Time) {
	kind := "STANDARD"
	if at.In(loc).IsDST() {
		kind = "DAYLIGHT"
	}
	c.prop("BEGIN", kind)
	c.prop("DTSTART", wall.Format("20060102T150405"))
	c.prop("TZOFFSETFROM", offset(from))
	c.prop("TZOFFSETTO", offset(to))
	if abbr != "" && !strings.ContainsAny(abbr[:1], "+-") {
		c.prop("TZNAME", abbr)
	}
	c.prop("END", kind)
}

// nextChange finds the first instant after t (to the second, before end)
// where the zone's offset changes.
func nextChange(t, end time.Time, loc *time.Location) (time.Time, bool) {
	_, off := t.In(loc).Zone()
	step := 24 * time.Hour
	for cur := t; cur.Before(end); cur = cur.Add(step) {
		n := cur.Add(step)
		if n.After(end) {
			n = end
		}
		if _, o := n.In(loc).Zone(); o != off {
			lo, hi := cur, n // offset(lo) == off, offset(hi) != off
			for hi.Sub(lo) > time.Second {
				mid := lo.Add(hi.Sub(lo) / 2).Truncate(time.Second)
				if _, o := mid.In(loc).Zone(); o == off {
					lo = mid
				} else {
					hi = mid
				}
			}
			return hi, true
		}
	}
	return time.Time{}, false
}

func offset(sec int) string {
	sign := '+'
	if sec < 0 {
		sign, sec = '-', -sec
	}
	s := fmt.Sprintf("%c%02d%02d", sign, sec/3600, sec/60%60)
	if sec%60 != 0 {
		s += fmt.Sprintf("%02d", sec%60)
	}
	return s
}
