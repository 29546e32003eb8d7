package ui

import (
	"fmt"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
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
	d.card = widget.NewCard(lang.L("Document deadline"), "", container.NewVBox(d.countdown, d.deadline, widget.NewSeparator(), d.list))
	return d
}

// show fills the panel for a profile.
func (d *datesPanel) show(p *meeting.Profile) {
	dl := p.DocumentDeadline()
	d.card.SetSubTitle(p.Group.Short + " · " + p.DateWording(meeting.Plenaries))
	d.deadline.SetText(p.DualTime(dl.Time(), localZone) + "\n" + dl.Cite)
	d.tick(p)
	var rows []fyne.CanvasObject
	for _, k := range p.Dates {
		if k.Deadline {
			continue
		}
		name := widget.NewLabelWithStyle(k.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		text := p.DualTime(k.Time(), localZone) + " · " + countdown(clock(), k.Time())
		if k.Note != "" {
			text += "\n" + k.Note
		}
		when := widget.NewLabel(text)
		when.Wrapping = fyne.TextWrapWord
		rows = append(rows, name, when)
	}
	d.list.Objects = rows
	d.list.Refresh()
}

// tick updates the countdown.
func (d *datesPanel) tick(p *meeting.Profile) {
	dl := p.Deadline()
	d.countdown.SetText(countdown(clock(), dl))
	if clock().After(dl) {
		d.countdown.Importance = widget.DangerImportance
	} else {
		d.countdown.Importance = widget.SuccessImportance
	}
	d.countdown.Refresh()
}

// datesScreen is the "Key dates" tab: every key date and the programme,
// in the meeting's time and the viewer's, with the paragraph it comes from.
func datesScreen(h *host, p *meeting.Profile) fyne.CanvasObject {
	type row struct {
		name string
		at   time.Time
		end  time.Time
		cite string
		note string
	}
	var rows []row
	for _, k := range p.Dates {
		rows = append(rows, row{k.Name, k.Time(), time.Time{}, k.Cite, k.Note})
	}
	for _, s := range p.Sessions {
		rows = append(rows, row{s.Name, s.StartTime(), s.EndTime(), s.Cite, s.Note})
	}
	slices.SortStableFunc(rows, func(a, b row) int { return a.at.Compare(b.at) })
	zone, _ := clock().In(localZone).Zone()
	head := []string{lang.L("What"), fmt.Sprintf(lang.L("%s time (%s)"), p.Place, p.Location()), fmt.Sprintf(lang.L("Your time (%s)"), zone), lang.L("Countdown"), lang.L("Source"), lang.L("Note")}
	mz := func(t time.Time, loc *time.Location) string { return t.In(loc).Format("Mon 2 Jan 2006 15:04 MST") }
	table := widget.NewTableWithHeaders(
		func() (int, int) { return len(rows), len(head) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			r := rows[id.Row]
			l := o.(*widget.Label)
			l.Wrapping, l.Truncation = fyne.TextWrapOff, fyne.TextTruncateEllipsis
			if id.Col == 5 {
				l.Wrapping, l.Truncation = fyne.TextWrapWord, fyne.TextTruncateOff
			}
			switch id.Col {
			case 0:
				l.SetText(r.name)
			case 1:
				// The zone is in the column's header: the meeting's times are all in it.
				if r.end.IsZero() {
					l.SetText(r.at.In(p.Location()).Format("Mon 2 Jan 2006 15:04"))
				} else {
					l.SetText(r.at.In(p.Location()).Format("Mon 2 Jan 2006 15:04") + "–" + r.end.In(p.Location()).Format("15:04"))
				}
			case 2:
				l.SetText(mz(r.at, localZone))
			case 3:
				l.SetText(countdown(clock(), r.at))
			case 4:
				l.SetText(r.cite)
			case 5:
				l.SetText(r.note)
			}
		})
	table.ShowHeaderColumn = false
	table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Row < 0 && id.Col >= 0 {
			o.(*widget.Label).SetText(head[id.Col])
		}
	}
	for i, w := range []float32{245, 240, 205, 148, 165, 257} {
		table.SetColumnWidth(i, w)
	}
	// Notes wrap: give their rows room for three lines.
	line := widget.NewLabel("0").MinSize().Height
	for i, r := range rows {
		if r.note != "" {
			table.SetRowHeight(i, line*1.9)
		}
	}
	upload := "ftp://" + p.FTP.Host + p.FTP.Incoming
	info := widget.NewLabel(p.Title() + "\n" + fmt.Sprintf(lang.L("%s · TSB: %s · Upload to %s · Meeting folder %s"), p.Venue, p.TSB.Email, upload, p.FTP.MeetingPath))
	info.Wrapping = fyne.TextWrapWord
	top := container.NewBorder(nil, nil, nil, container.NewVBox(calendarButton(h, p)), info)
	return container.NewBorder(top, nil, nil, nil, table)
}
