package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// keysHelp lists the keyboard shortcuts (the Help button's dialog).
const keysHelp = `Window (they work from inside any field; Cmd on macOS):
  Ctrl+S  save the draft        Ctrl+E  export .docx
  Ctrl+O  open a draft          Ctrl+N  new contribution
  Ctrl+K  check my file         F1      this help

Fields:
  Tab / Shift+Tab   next / previous field (also out of Title, Abstract and the body)
  Ctrl+Tab          a tab character in the body
  Ctrl+A, Ctrl+C, Ctrl+X, Ctrl+V, Ctrl+Z, Ctrl+Y   select all, copy, cut, paste, undo, redo
  The title is one paragraph: Return and pasted line breaks become spaces.

Dialogs:
  Return  confirm (Yes / OK)    Escape  cancel`

// helpButton opens the shortcuts help; F1 does too.
func (win *Window) helpButton() fyne.CanvasObject {
	win.h.win.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		if k.Name == fyne.KeyF1 {
			win.showHelp()
		}
	})
	b := widget.NewButtonWithIcon(lang.L("Help"), theme.HelpIcon(), win.showHelp)
	b.Importance = widget.LowImportance
	return b
}

func (win *Window) showHelp() {
	win.h.showInfo(lang.L("FG Desk keyboard shortcuts"), keysHelp)
}
