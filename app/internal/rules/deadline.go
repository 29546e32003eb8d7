package rules

import (
	"strconv"
	"time"

	"github.com/fgdesk/fgdesk/app/internal/finding"
	"github.com/fgdesk/fgdesk/app/internal/inspect"
)

// Deadline rules.
var (
	DeadlineLate = finding.Define(finding.Spec{Code: "DEADLINE-LATE", Title: "Received after the document deadline", Severity: finding.Error, Cite: "Circular 253 §9 (document deadline)", Family: "deadline", Since: "0.1.0",
		Doc: "The file was received after the meeting's document deadline (12 March 2012 for the first meeting, Geneva time, §9). It counts as received at the register's receipt time, else the file's modification time. TSB and the management may refuse late documents or leave them out of the agenda. Ask the FG management whether the document can still be accepted, or submit it to the next meeting."})
	DeadlineOK = finding.Define(finding.Spec{Code: "DEADLINE-OK", Title: "Received before the document deadline", Severity: finding.Info, Cite: "Circular 253 §9 (document deadline)", Family: "deadline", Since: "0.1.0",
		Doc: "For information: the file was received before the document deadline (§9), with the time it counts as received and where that time comes from (register receipt, file time, or --as-of). Nothing to fix."})
)

var _ = addFamily(Family{
	Name:  "deadline",
	Rank:  30,
	Doc:   "Received on time: the register's receipt time, else the file's modification time (never later than --as-of), against the meeting's deadline instant.",
	Check: checkDeadline,
})

// ReceivedAt returns when the file counts as received and what that time
// comes from: "register receipt", "file time", "as of" or "now". Within
// Run it is the instant Run decided on.
func ReceivedAt(f *inspect.Facts, c *Context) (time.Time, string) {
	if c.from != "" {
		return c.received, c.from
	}
	if !c.ReceivedAt.IsZero() {
		return c.ReceivedAt, "register receipt"
	}
	t := f.ModTime
	if !c.AsOf.IsZero() && (t.IsZero() || t.After(c.AsOf)) {
		return c.AsOf, "as of"
	}
	if t.IsZero() {
		return time.Now(), "now"
	}
	return t, "file time"
}

// FormatInstant shows a time in the meeting's zone and in UTC:
// "Tue 13 Mar 2012 09:00 CET (08:00 UTC)".
func FormatInstant(t time.Time, c *Context) string {
	return string(appendInstant(nil, t, c))
}

func appendInstant(b []byte, t time.Time, c *Context) []byte {
	b = t.In(c.Profile.Location()).AppendFormat(b, "Mon 2 Jan 2006 15:04 MST")
	b = append(b, " ("...)
	b = t.UTC().AppendFormat(b, "2006-01-02 15:04")
	return append(b, " UTC)"...)
}

func checkDeadline(f *inspect.Facts, c *Context) []finding.Finding {
	p := c.Profile
	at, from := ReceivedAt(f, c)
	dl := p.Deadline()
	where := "received " + from
	// "Received <at>, <how long> after/before the deadline <dl>."
	var buf [160]byte
	msg := append(buf[:0], "Received "...)
	msg = appendInstant(msg, at, c)
	msg = append(msg, ", "...)
	if at.After(dl) {
		msg = appendDuration(msg, at.Sub(dl).Round(time.Minute))
		msg = append(msg, " after the deadline "...)
		msg = append(appendInstant(msg, dl, c), '.')
		return []finding.Finding{cite(DeadlineLate.New(where, string(msg)), p.Documents.DeadlineCite).WithFix("Only the FG management can accept a late document; ask TSB (" + p.TSB.Email + ").")}
	}
	msg = appendDuration(msg, dl.Sub(at).Round(time.Minute))
	msg = append(msg, " before the deadline "...)
	msg = append(appendInstant(msg, dl, c), '.')
	return []finding.Finding{cite(DeadlineOK.New(where, string(msg)), p.Documents.DeadlineCite)}
}

// cite replaces a finding's citation with the profile's, when it has one.
func cite(f finding.Finding, c string) finding.Finding {
	if c != "" {
		f.Cite = c
	}
	return f
}

// appendDuration writes 3d 4h 5m style durations.
func appendDuration(b []byte, d time.Duration) []byte {
	if d < time.Minute {
		return append(b, "less than a minute"...)
	}
	days := int(d / (24 * time.Hour))
	d -= time.Duration(days) * 24 * time.Hour
	h := int(d / time.Hour)
	m := int((d % time.Hour) / time.Minute)
	if days > 0 {
		b = append(strconv.AppendInt(b, int64(days), 10), "d "...)
	}
	if days > 0 || h > 0 {
		b = append(strconv.AppendInt(b, int64(h), 10), "h "...)
	}
	return append(strconv.AppendInt(b, int64(m), 10), 'm')
}
