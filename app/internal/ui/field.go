package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// field is a one-line Entry that lets the window's shortcuts (Ctrl+S,
// Ctrl+E, ...) through: a plain Entry swallows every shortcut while it has
// the focus, because Fyne gives a focused Shortcutable widget the shortcut
// instead of the canvas.
type field struct {
	widget.Entry
	h *host
}

func newField(h *host) *field {
	f := &field{h: h}
	f.ExtendBaseWidget(f)
	return f
}

func (f *field) TypedShortcut(s fyne.Shortcut) {
	if f.h.typedShortcut(s) {
		return
	}
	f.Entry.TypedShortcut(s)
}

// windowShortcut registers a window shortcut (Ctrl or Cmd + key) on the
// canvas and with the host, so fields hand it on.
func (h *host) windowShortcut(key fyne.KeyName, f func()) {
	s := &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault}
	if h.shortcuts == nil {
		h.shortcuts = map[string]func(){}
	}
	h.shortcuts[s.ShortcutName()] = f
	h.win.Canvas().AddShortcut(s, func(fyne.Shortcut) { f() })
}

// typedShortcut runs the window shortcut s, if it is one.
func (h *host) typedShortcut(s fyne.Shortcut) bool {
	if f := h.shortcuts[s.ShortcutName()]; f != nil {
		f()
		return true
	}
	return false
}
