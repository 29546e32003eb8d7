package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/fgdesk/fgdesk/app/internal/meeting"
)

// clock returns now; tests and screenshots replace it.
var clock = time.Now

// localZone is the viewer's zone; tests pin it.
var localZone = time.Local

// datesPanel is the compact key-dates card of the compose screen: the
// document deadline with a countdown, in Geneva time and local time, and
// the other key dates under it.
type datesPanel struct {
	card      *widget.Card
	deadline  *widget.Label
	countdown *widget.Label
	list      *fyne.Container
}

func newDatesPanel() *datesPanel {
	d := &datesPanel{
		deadline:  widget.NewLabel(""),
		countdown: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		list:      container.NewVBox(),
	}
	d.deadline.Wrapping = fyne.TextWrapWord
	d.card = widget.NewCard("Document deadline", "", container.NewVBox(d.countdown, d.deadline, widget.NewSeparator(), d.list))
	return d
}

// show fills the panel for a profile.
func (d *datesPanel) show(p *meeting.Profile) {
	dl := p.DocumentDeadline()
	d.card.SetSubTitle(p.Group.Short + " · " + p.PlaceDateLine)
	d.deadline.SetText(p.DualTime(dl.Time(), localZone) + "\n" + dl.Cite)
	d.tick(p)
	var rows []fyne.CanvasObject
	for _, k := range p.Dates {
		if k.Deadline {
			continue
		}
		name := widget.NewLabelWithStyle(k.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		when := widget.NewLabel(p.DualTime(k.Time(), localZone) + " · " + meeting.Countdown(clock(), k.Time()))
		when.Wrapping = fyne.TextWrapWord
		rows = append(rows, name, when)
	}
	d.list.Objects = rows
	d.list.Refresh()
}

// tick updates the countdown.
func (d *datesPanel) tick(p *meeting.Profile) {
	dl := p.Deadline()
	d.countdown.SetText(meeting.Countdown(clock(), dl))
	if clock().After(dl) {
		d.countdown.Importance = widget.DangerImportance
	} else {
		d.countdown.Importance = widget.SuccessImportance
	}
	d.countdown.Refresh()
}

// datesScreen is the "Key dates" tab: every key date and the programme.
func datesScreen(p *meeting.Profile) fyne.CanvasObject {
	rows := []fyne.CanvasObject{}
	head := func(s string) fyne.CanvasObject {
		return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	rows = append(rows, head("Date"), head(p.Location().String()+" time"), head("Your time ("+localZone.String()+")"), head("Source"))
	line := func(name string, t time.Time, cite string) {
		rows = append(rows,
			widget.NewLabel(name),
			widget.NewLabel(t.In(p.Location()).Format("Mon 2 Jan 2006 15:04 MST")),
			widget.NewLabel(t.In(localZone).Format("Mon 2 Jan 2006 15:04 MST")),
			widget.NewLabel(cite))
	}
	for _, k := range p.Dates {
		line(k.Name, k.Time(), k.Cite)
	}
	for _, s := range p.Sessions {
		line(s.Name+" ("+s.StartTime().In(p.Location()).Format("15:04")+"–"+s.EndTime().In(p.Location()).Format("15:04")+")", s.StartTime(), s.Cite)
	}
	grid := container.NewGridWithColumns(4, rows...)
	info := widget.NewLabel(p.Name + "\n" + p.Venue + " · TSB: " + p.TSB.Email + " · Upload: " + p.FTP.Host + p.FTP.Incoming)
	info.Wrapping = fyne.TextWrapWord
	return container.NewBorder(info, nil, nil, nil, container.NewVScroll(grid))
}
