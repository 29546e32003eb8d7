package ui

import (
	"fmt"
	"io"
	"net/url"
	"path/filepath"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/fgdesk/fgdesk/app/internal/fsutil"
	"github.com/fgdesk/fgdesk/app/internal/ics"
	"github.com/fgdesk/fgdesk/app/internal/meeting"
)

// prefCalendarDir remembers where the last calendar file went.
const prefCalendarDir = "calendar.dir"

// calendarButton is "Add to calendar" on the Key dates screen: it saves
// the meeting's key dates and sessions as an .ics file and opens it with
// the system's calendar program (Outlook, Calendar, Thunderbird, ...).
func calendarButton(h *host, p *meeting.Profile) *widget.Button {
	return widget.NewButtonWithIcon(lang.L("Add to calendar…"), theme.ContentAddIcon(), func() { addToCalendar(h, p) })
}

func addToCalendar(h *host, p *meeting.Profile) {
	h.chooseSave(lang.L("Save the meeting's calendar"), h.pref(prefCalendarDir), p.ID+".ics", []string{".ics"}, func(path string) {
		if filepath.Ext(path) == "" {
			path += ".ics"
		}
		err := fsutil.WriteAtomic(path, fsutil.Overwrite, 0o644, func(w io.Writer) error {
			return ics.Write(w, p, ics.Options{Stamp: clock(), Product: "FG Desk"})
		})
		if err != nil {
			h.showError(err)
			return
		}
		h.setPref(prefCalendarDir, filepath.Dir(path))
		u, err := url.Parse(storage.NewFileURI(path).String())
		if err == nil {
			err = h.openURL(u)
		}
		if err != nil {
			h.showInfo(lang.L("Calendar saved"), fmt.Sprintf(lang.L("Saved %s (%d key dates, %d sessions). Open it with your calendar program to add them."), path, len(p.Dates), len(p.Sessions)))
			return
		}
		h.showInfo(lang.L("Calendar saved"), fmt.Sprintf(lang.L("Saved %s and opened it with your calendar program (%d key dates, %d sessions, in %s time)."), path, len(p.Dates), len(p.Sessions), p.Place))
	})
}
