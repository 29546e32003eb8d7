package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
)

// keyedDialog is what showKeyed needs of a Fyne dialog.
type keyedDialog interface {
	Show()
	Dismiss()
	SetOnClosed(func())
}

// showKeyed shows d unless a dialog with the same title is already open
// (a second Tab+Space on a toolbar button behind it does nothing). While
// it is open Escape cancels it and Return confirms it (ok; nil: Return
// closes it too). The field behind loses the focus, so keys typed at
// the dialog never land in the form.
func (h *host) showKeyed(title string, d keyedDialog, ok func()) {
	if h.openDialogs == nil {
		h.openDialogs = map[string]bool{}
	}
	if h.openDialogs[title] {
		return
	}
	h.openDialogs[title] = true
	c := h.win.Canvas()
	prev := c.OnTypedKey()
	c.Unfocus()
	c.SetOnTypedKey(func(k *fyne.KeyEvent) {
		switch k.Name {
		case fyne.KeyEscape:
			d.Dismiss()
		case fyne.KeyReturn, fyne.KeyEnter:
			if ok != nil {
				ok()
			} else {
				d.Dismiss()
			}
		default:
			if prev != nil {
				prev(k)
			}
		}
	})
	d.SetOnClosed(func() {
		delete(h.openDialogs, title)
		c.SetOnTypedKey(prev)
	})
	d.Show()
}

func (h *host) confirmDialog(title, msg string, cb func(bool)) {
	d := dialog.NewConfirm(title, msg, cb, h.win)
	h.showKeyed(title, d, d.Confirm)
}

func (h *host) infoDialog(title, msg string) {
	h.showKeyed(title, dialog.NewInformation(title, msg, h.win), nil)
}

func (h *host) errorDialog(err error) {
	h.showKeyed(lang.L("Error:")+" "+err.Error(), dialog.NewError(err, h.win), nil)
}
