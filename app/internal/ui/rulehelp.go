package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/fgdesk/fgdesk/app/internal/finding"
)

// Help → Rules: every finding code of the catalogue, searchable, with what
// it catches, why TSB cares and how to fix it. The texts are the
// catalogue's (finding.Define beside each rule); nothing is written here.

// addHelpMenu gives the window its Help menu.
func (win *Window) addHelpMenu(w fyne.Window) {
	w.SetMainMenu(fyne.NewMainMenu(fyne.NewMenu(lang.L("Help"),
		fyne.NewMenuItem(lang.L("Rules"), func() { win.showRuleHelp("") }),
	)))
}

// showRuleHelp opens the rules window, on code when it is not empty.
func (win *Window) showRuleHelp(code string) {
	rh := newRuleHelp()
	if code != "" {
		rh.show(code)
	}
	w := win.h.app.NewWindow(lang.L("FG Desk rules"))
	w.SetContent(rh.content())
	w.Resize(fyne.NewSize(900, 600))
	w.Show()
}

// ruleHelp is the rules view: a search field, the list of codes, and the
// selected rule's explanation.
type ruleHelp struct {
	all     []finding.Spec
	shown   []finding.Spec
	search  *widget.Entry
	list    *widget.List
	heading *widget.Label
	meta    *widget.Label
	doc     *widget.Label
}

func newRuleHelp() *ruleHelp {
	rh := &ruleHelp{all: finding.Catalogue()}
	rh.shown = rh.all
	rh.search = widget.NewEntry()
	rh.search.SetPlaceHolder(lang.L("Search codes and texts, e.g. macro or SEC-DDE"))
	rh.search.OnChanged = rh.filter
	rh.list = widget.NewList(
		func() int { return len(rh.shown) },
		func() fyne.CanvasObject { return widget.NewLabel(strings.Repeat("M", 28)) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			s := rh.shown[i]
			o.(*widget.Label).SetText(s.Code + "  " + s.Severity.String())
		})
	rh.list.OnSelected = func(i widget.ListItemID) {
		if i >= 0 && i < len(rh.shown) {
			rh.explain(rh.shown[i])
		}
	}
	rh.heading = widget.NewLabelWithStyle(lang.L("Choose a rule"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	rh.heading.Wrapping = fyne.TextWrapWord
	rh.meta = widget.NewLabel("")
	rh.meta.Wrapping = fyne.TextWrapWord
	rh.doc = widget.NewLabel(fmt.Sprintf(lang.L("%d rules. Each finding's code names one of them."), len(rh.all)))
	rh.doc.Wrapping = fyne.TextWrapWord
	return rh
}

func (rh *ruleHelp) content() fyne.CanvasObject {
	left := container.NewBorder(rh.search, nil, nil, nil, rh.list)
	right := container.NewVScroll(container.NewVBox(rh.heading, rh.meta, rh.doc))
	split := container.NewHSplit(left, right)
	split.Offset = 0.35
	return split
}

// filter keeps the rules whose code, title, family or doc contains every
// word of q (any case).
func (rh *ruleHelp) filter(q string) {
	words := strings.Fields(strings.ToLower(q))
	rh.shown = nil
	for _, s := range rh.all {
		text := strings.ToLower(s.Code + " " + s.Title + " " + s.Family + " " + s.Doc)
		ok := true
		for _, w := range words {
			ok = ok && strings.Contains(text, w)
		}
		if ok {
			rh.shown = append(rh.shown, s)
		}
	}
	rh.list.UnselectAll()
	rh.list.Refresh()
	if len(rh.shown) == 1 {
		rh.list.Select(0)
	}
}

// show selects code in the list (clearing the search when it hides it).
func (rh *ruleHelp) show(code string) {
	for i, s := range rh.shown {
		if s.Code == code {
			rh.list.Select(i)
			return
		}
	}
	if rh.search.Text != "" {
		rh.search.SetText("")
		rh.show(code)
	}
}

func (rh *ruleHelp) explain(s finding.Spec) {
	rh.heading.SetText(s.Code + ": " + s.Title)
	rh.meta.SetText(fmt.Sprintf(lang.L("Severity %s · family %s · %s · since %s"), s.Severity, s.Family, s.Cite, s.Since))
	rh.doc.SetText(s.Doc)
}
