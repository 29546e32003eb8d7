package ui

import (
	"context"
	"errors"
	"fmt"
	"fyne.io/fyne/v2/lang"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/fgdesk/fgdesk/app/internal/register"
)

// Live updates of the register screen: another officer's allocation or
// receipt (on a team server, announced by LISTEN/NOTIFY; on an SQLite
// file, seen by polling its event log) reloads the list without a manual
// refresh, keeping the selection, and says who did what. When the server
// goes away the path line says the register is unavailable; it clears
// when the link is back.

// liveWatch is the running watch of one open register.
type liveWatch struct {
	cancel context.CancelFunc
}

// startLive watches the open register; called after open.
func (s *registerScreen) startLive() {
	s.stopLive()
	reg := s.reg
	if reg == nil {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.live = &liveWatch{cancel: cancel}
	reg.Watch(ctx, func(c register.Change) {
		fyne.Do(func() {
			if ctx.Err() != nil || s.reg != reg {
				return
			}
			s.liveReload(c)
		})
	}, func(err error) {
		fyne.Do(func() {
			if ctx.Err() != nil || s.reg != reg {
				return
			}
			if errors.Is(err, register.ErrUnavailable) {
				s.path.SetText(fmt.Sprintf(lang.L("Register unavailable: %s does not answer; numbers and receipts wait until it is back (retrying)"), reg.Path()))
				return
			}
			if err != nil {
				s.path.SetText(fmt.Sprintf(lang.L("Register unavailable: %s"), err.Error()))
				return
			}
			s.path.SetText(fmt.Sprintf(lang.L("Register: %s%s"), reg.Path(), liveNote(reg)))
		})
	})
	s.path.SetText(fmt.Sprintf(lang.L("Register: %s%s"), reg.Path(), liveNote(reg)))
}

func liveNote(reg *register.Register) string {
	if reg.Engine() == register.Postgres {
		return " " + lang.L("(team server, live)")
	}
	return ""
}

// stopLive ends the watch; called before the register is closed.
func (s *registerScreen) stopLive() {
	if s.live != nil {
		s.live.cancel()
		s.live = nil
	}
}

// liveReload reloads the list after a change made elsewhere, keeping the
// selected document selected.
func (s *registerScreen) liveReload(c register.Change) {
	keep := ""
	if d, ok := s.current(); ok {
		keep = d.Name
	}
	s.reload()
	if keep != "" {
		for i, d := range s.docs {
			if d.Name == keep {
				s.table.Select(widget.TableCellID{Row: i, Col: 0})
				break
			}
		}
	}
	if c.Action == "resync" || c.Action == "" {
		return
	}
	s.message.SetText(fmt.Sprintf(lang.L("%d document(s) · just now: %s"), len(s.docs), describeChange(c)))
	if s.onLive != nil {
		s.onLive(c)
	}
}

// describeChange says who did what, e.g. "receive innovation-i 7 by
// officer.b on laptop-b".
func describeChange(c register.Change) string {
	what := c.Action
	if c.Number > 0 {
		what = fmt.Sprintf("%s %s %d", c.Action, c.Series, c.Number)
	}
	by := c.Who
	if c.Host != "" {
		by += " on " + c.Host
	}
	return what + " by " + by
}

const registerChangedNote = " · register changed: "

// registerChangedElsewhere tells the check screen that another officer
// changed the register (its findings against the register may be out of
// date); the check is not re-run by itself, since that records receipts.
func (s *checkScreen) registerChangedElsewhere(c register.Change) {
	if s.report == nil || !s.useRegister.Checked {
		return
	}
	base, _, _ := strings.Cut(s.summary.Text, registerChangedNote)
	s.summary.SetText(base + registerChangedNote + fmt.Sprintf(lang.L("%s; check again to include it"), describeChange(c)))
}

// serverButton opens a register on a team's PostgreSQL server. The URL
// is remembered without its password; the password (typed here, or read
// by the driver from ~/.pgpass) is never saved nor shown.
func (s *registerScreen) serverButton() fyne.CanvasObject {
	return widget.NewButtonWithIcon(lang.L("Team server…"), theme.ComputerIcon(), func() {
		e := widget.NewEntry()
		e.SetPlaceHolder(lang.L("postgres://officer@db.example.org/fgdesk"))
		if cur := s.h.pref(prefRegisterDB); register.IsServerURL(cur) {
			e.SetText(cur)
		}
		pw := widget.NewPasswordEntry()
		pw.SetPlaceHolder(lang.L("unless in ~/.pgpass; not saved"))
		d := dialog.NewForm(lang.L("Open the team's register"), lang.L("Open"), lang.L("Cancel"),
			[]*widget.FormItem{widget.NewFormItem(lang.L("Server URL"), e), widget.NewFormItem(lang.L("Password"), pw)}, func(ok bool) {
				u := strings.TrimSpace(e.Text)
				if !ok || u == "" {
					return
				}
				if !register.IsServerURL(u) {
					s.h.showError(fmt.Errorf("%q is not a postgres:// address", register.Redact(u)))
					return
				}
				bare, inURL := register.SplitPassword(u)
				s.h.setPref(prefRegisterDB, bare)
				if pw.Text != "" {
					inURL = pw.Text
				}
				s.open(register.WithPassword(bare, inURL))
			}, s.h.win)
		d.Resize(fyne.NewSize(640, 0))
		d.Show()
		s.h.win.Canvas().Focus(e)
	})
}
