package register

import (
	"fmt"

	"github.com/fgdesk/fgdesk/app/internal/meeting"
	"github.com/fgdesk/fgdesk/app/internal/version"
)

// ListExport is how the list of documents of meeting p is exported, the
// same from the CLI (fgdesk register export) and the Register screen: the
// documents of the meeting's series (all series when all is set), the
// title, the meeting's time zone, the creator and the link to the
// meeting's web folder.
func ListExport(p *meeting.Profile, all bool) (Filter, ExportOptions) {
	var f Filter
	if !all {
		f.Series = Series(p)
	}
	return f, ExportOptions{
		Title:    fmt.Sprintf("%s: list of documents (%s)", p.Group.Short, p.Title()),
		Location: p.Location(),
		Creator:  "FG Desk " + version.Version,
		LinkBase: p.FTP.WebMeeting,
	}
}
