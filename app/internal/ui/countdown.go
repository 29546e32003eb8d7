package ui

import (
	"time"

	"fyne.io/fyne/v2/lang"

	"github.com/fgdesk/fgdesk/app/internal/meeting"
)

// countdown is meeting.Countdown in the interface's language.
func countdown(now, t time.Time) string { return meeting.CountdownIn(now, t, countdownWord) }

// countdownWord translates meeting.CountdownIn's formats (literal keys, so
// the bundle test sees them).
func countdownWord(f string) string {
	words := map[string]string{
		"%s left": lang.L("%s left"), "passed %s ago": lang.L("passed %s ago"),
		"%d years": lang.L("%d years"), "%d months": lang.L("%d months"),
		"%d days %d h": lang.L("%d days %d h"), "%d h %d min": lang.L("%d h %d min"),
		"%d min": lang.L("%d min"), "%d s": lang.L("%d s"),
	}
	if w, ok := words[f]; ok {
		return w
	}
	return f
}
