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
	switch f {
	case "%s left":
		return lang.L("%s left")
	case "passed %s ago":
		return lang.L("passed %s ago")
	case "%d years":
		return lang.L("%d years")
	case "%d months":
		return lang.L("%d months")
	case "%d days %d h":
		return lang.L("%d days %d h")
	case "%d h %d min":
		return lang.L("%d h %d min")
	case "%d min":
		return lang.L("%d min")
	case "%d s":
		return lang.L("%d s")
	}
	return f
}
