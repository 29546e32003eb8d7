package ui

import (
	"net/url"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
)

// host is how screens ask the user things. The defaults show Fyne dialogs;
// tests replace the functions with canned answers, since the test driver
// cannot click through native-looking file dialogs.
type host struct {
	app fyne.App
	win fyne.Window

	// chooseFolder calls cb with a folder, or not at all if cancelled.
	chooseFolder func(title, start string, cb func(dir string))
	// chooseOpen calls cb with a file to open (filtered by extension).
	chooseOpen func(title, start string, exts []string, cb func(path string))
	// chooseSave calls cb with a path to save to.
	chooseSave func(title, start, name string, exts []string, cb func(path string))
	// confirm asks a yes/no question.
	confirm func(title, msg string, cb func(bool))
	// showError shows an error in one dialog.
	showError func(err error)
	// showInfo shows a message.
	showInfo func(title, msg string)
	// openURL opens a link or a mailto: in the system's handler.
	openURL func(u *url.URL) error

	// shortcuts are the window's shortcuts by name (see windowShortcut).
	shortcuts map[string]func()
	// openDialogs are the titles of the dialogs on screen (see showKeyed).
	openDialogs map[string]bool
}

func newHost(a fyne.App, w fyne.Window) *host {
	h := &host{app: a, win: w}
	h.chooseFolder = func(title, start string, cb func(string)) {
		d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
			if err != nil {
				h.showError(err)
				return
			}
			if u != nil {
				cb(u.Path())
			}
		}, w)
		d.SetTitleText(title)
		setStart(d, start)
		d.Resize(dialogSize(w))
		h.showKeyed(title, d, func() {}) // Return belongs to the file name field
	}
	h.chooseOpen = func(title, start string, exts []string, cb func(string)) {
		d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
			if err != nil {
				h.showError(err)
				return
			}
			if r != nil {
				p := r.URI().Path()
				r.Close()
				cb(p)
			}
		}, w)
		d.SetTitleText(title)
		if len(exts) > 0 {
			d.SetFilter(storage.NewExtensionFileFilter(exts))
		}
		setStart(d, start)
		d.Resize(dialogSize(w))
		h.showKeyed(title, d, func() {}) // Return belongs to the file name field
	}
	h.chooseSave = func(title, start, name string, exts []string, cb func(string)) {
		d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
			if err != nil {
				h.showError(err)
				return
			}
			if wc != nil {
				p := wc.URI().Path()
				wc.Close() // the dialog created an empty file; we write it atomically
				cb(p)
			}
		}, w)
		d.SetTitleText(title)
		d.SetFileName(name)
		if len(exts) > 0 {
			d.SetFilter(storage.NewExtensionFileFilter(exts))
		}
		setStart(d, start)
		d.Resize(dialogSize(w))
		h.showKeyed(title, d, func() {}) // Return belongs to the file name field
	}
	h.confirm = h.confirmDialog
	h.showError = h.errorDialog
	h.showInfo = h.infoDialog
	h.openURL = a.OpenURL
	return h
}

func dialogSize(w fyne.Window) fyne.Size {
	s := w.Canvas().Size()
	return fyne.NewSize(max(s.Width*0.8, 640), max(s.Height*0.8, 480))
}

// setStart points a file dialog at a folder, if it exists.
func setStart(d *dialog.FileDialog, dir string) {
	if dir == "" {
		return
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return
	}
	u := storage.NewFileURI(filepath.Clean(dir))
	if l, err := storage.ListerForURI(u); err == nil {
		d.SetLocation(l)
	}
}

// pref reads a string preference (empty without an app ID).
func (h *host) pref(key string) string { return h.app.Preferences().String(key) }

// setPref writes a string preference.
func (h *host) setPref(key, v string) { h.app.Preferences().SetString(key, v) }
