// Package ui owns FG Desk's Fyne screens (compose, check, register, key
// dates). It is thin: every rule and file format lives in the core packages
// it calls. It never imports fyne.io/fyne/v2/app, so its tests run with the
// fyne test driver, without cgo or a display.
package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/fgdesk/fgdesk/app/internal/appdir"
	"github.com/fgdesk/fgdesk/app/internal/meeting"
)

// Window is the assembled main window: its tabs and screens.
type Window struct {
	h       *host
	catalog *meeting.Catalog
	profile *meeting.Profile
	tabs    *container.AppTabs
	compose *compose
	check   *checkScreen
	reg     *registerScreen
	meeting *widget.Select
	stop    chan struct{}
}

// Create builds the main window's content. args are command-line
// arguments: a draft (.json) opens in the compose screen; other files and
// folders are checked.
func Create(a fyne.App, w fyne.Window, args []string) *Window {
	a.Settings().SetTheme(deskTheme{})
	setupLanguage(a.Preferences().String(prefLanguage))
	h := newHost(a, w)
	cat, err := meeting.LoadCatalog(userMeetingsDir())
	if err != nil {
		// Built-in profiles are embedded; this is a bug, shown, not hidden.
		w.SetContent(widget.NewLabel(lang.L("FG Desk cannot read its meeting profiles:") + " " + err.Error()))
		return nil
	}
	p, _ := cat.Get(meeting.DefaultID)
	if p == nil {
		p = cat.Profiles[0]
	}
	autosaveDir, err := appdir.Sub("autosave")
	if err != nil {
		autosaveDir = ""
	}
	win := &Window{h: h, catalog: cat, profile: p, stop: make(chan struct{})}
	win.compose = newCompose(h, p, autosaveDir)
	win.check = newCheckScreen(h, p)
	win.reg = newRegisterScreen(h, p)
	win.check.reg = win.reg.register
	win.check.registerChanged = win.reg.reload
	win.reg.onLive = win.check.registerChangedElsewhere
	win.compose.onCheck = func(paths []string) {
		win.tabs.SelectIndex(1)
		win.check.setPaths(paths)
	}

	var labels []string
	byLabel := map[string]*meeting.Profile{}
	for _, q := range cat.Profiles {
		l := meetingLabel(q)
		labels = append(labels, l)
		byLabel[l] = q
	}
	win.meeting = widget.NewSelect(labels, func(l string) {
		if q := byLabel[l]; q != nil {
			win.setProfile(q)
		}
	})
	win.meeting.SetSelected(meetingLabel(p))

	win.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(lang.L("Compose"), theme.DocumentCreateIcon(), win.compose.content()),
		container.NewTabItemWithIcon(lang.L("Check"), theme.ConfirmIcon(), win.check.content()),
		container.NewTabItemWithIcon(lang.L("Register"), theme.ListIcon(), win.reg.content()),
		container.NewTabItemWithIcon(lang.L("Key dates"), theme.HistoryIcon(), datesScreen(h, p)),
	)
	header := container.NewBorder(nil, nil, nil, container.NewHBox(widget.NewLabel(lang.L("Meeting")), container.NewGridWrap(fyne.NewSize(380, win.meeting.MinSize().Height), win.meeting), languageSwitch(h), win.helpButton()))
	w.SetContent(container.NewBorder(header, nil, nil, nil, win.tabs))
	w.Resize(fyne.NewSize(1280, 800))

	win.shortcuts(w)
	win.addHelpMenu(w)
	w.SetOnDropped(func(_ fyne.Position, uris []fyne.URI) { win.dropped(uris) })
	w.SetCloseIntercept(func() {
		close(win.stop)
		win.compose.close()
		win.reg.close()
		w.Close()
	})
	for _, pr := range cat.Problems {
		h.showError(pr)
	}
	win.open(args)
	if autosaveDir != "" {
		win.compose.offerRestore(autosaveDir)
	}
	go win.tick()
	return win
}

// meetingLabel is how the meeting picker names a profile.
func meetingLabel(p *meeting.Profile) string {
	return p.Group.Short + " · " + p.DateWording(meeting.Plenaries)
}

// userMeetingsDir is where extra profiles are read from ("" if unknown).
func userMeetingsDir() string {
	d, err := meeting.Dir()
	if err != nil {
		return ""
	}
	return d
}

// shortcuts: Ctrl+S save draft, Ctrl+E export, Ctrl+O open draft,
// Ctrl+N new, Ctrl+K check my file (Cmd on macOS).
func (win *Window) shortcuts(w fyne.Window) {
	add := win.h.windowShortcut
	add(fyne.KeyS, win.compose.saveDraft)
	add(fyne.KeyE, win.compose.export)
	add(fyne.KeyO, win.compose.openDraft)
	add(fyne.KeyN, win.compose.newDraft)
	add(fyne.KeyK, win.compose.checkMyFile)
}

// dropped handles files dropped on the window: a draft opens in compose;
// anything else is checked.
func (win *Window) dropped(uris []fyne.URI) {
	var paths []string
	for _, u := range uris {
		if u.Scheme() == "file" {
			paths = append(paths, u.Path())
		}
	}
	win.open(paths)
}

// tabIndex maps --tab names to tabs.
var tabIndex = map[string]int{"compose": 0, "check": 1, "register": 2, "dates": 3}

// open routes paths: "--tab NAME" selects a tab, one .json opens as a
// draft, the rest are checked.
func (win *Window) open(paths []string) {
	var toCheck []string
	for i := 0; i < len(paths); i++ {
		p := paths[i]
		if p == "--tab" && i+1 < len(paths) {
			if t, ok := tabIndex[paths[i+1]]; ok {
				win.tabs.SelectIndex(t)
			}
			i++
			continue
		}
		if strings.EqualFold(filepath.Ext(p), ".json") {
			win.tabs.SelectIndex(0)
			win.compose.unlessDirty(lang.L("Open draft"), func() { win.compose.loadDraft(p) })
			continue
		}
		if _, err := os.Stat(p); err != nil {
			win.h.showError(fmt.Errorf("open %s: %w", p, err))
			continue
		}
		toCheck = append(toCheck, p)
	}
	if len(toCheck) > 0 {
		win.tabs.SelectIndex(1)
		win.check.setPaths(toCheck)
	}
}

// setProfile switches every screen to another meeting.
func (win *Window) setProfile(p *meeting.Profile) {
	if win.compose == nil || p == win.profile {
		return
	}
	win.profile = p
	win.compose.setProfile(p)
	win.check.setProfile(p)
	win.reg.setProfile(p)
	if win.tabs != nil {
		win.tabs.Items[3].Content = datesScreen(win.h, p)
		win.tabs.Refresh()
	}
}

// tick updates the deadline countdown every few seconds until the window closes.
func (win *Window) tick() {
	t := time.NewTicker(5 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-win.stop:
			return
		case <-t.C:
			fyne.Do(func() { win.compose.dates.tick(win.profile) })
		}
	}
}
