// Package ui owns FG Desk's Fyne screens (compose, check, register, key
// dates). It is thin: every rule and file format lives in the core packages
// it calls. It never imports fyne.io/fyne/v2/app, so its tests run with the
// fyne test driver, without cgo or a display.
package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// Create builds the main window's content. args are the command-line
// arguments (files to open).
func Create(a fyne.App, w fyne.Window, args []string) {
	w.SetContent(widget.NewLabel("FG Desk"))
	w.Resize(fyne.NewSize(1200, 800))
}
