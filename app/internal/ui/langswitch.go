package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// languageSwitch is the language menu of the header: the OS language or
// one of languages. The choice is saved in the preferences and applies
// from the next start (every screen is built in one language).
func languageSwitch(h *host) fyne.CanvasObject {
	system := lang.L("System language")
	names := []string{system}
	code := map[string]string{system: ""}
	selected := system
	saved := h.pref(prefLanguage)
	for _, l := range languages {
		names = append(names, l.name)
		code[l.name] = l.code
		if l.code == saved {
			selected = l.name
		}
	}
	sel := widget.NewSelect(names, nil)
	sel.SetSelected(selected)
	sel.OnChanged = func(name string) {
		c := code[name]
		if c == h.pref(prefLanguage) {
			return
		}
		h.setPref(prefLanguage, c)
		h.showInfo(lang.L("Language changed"), lang.L("FG Desk will start in {{.Name}} next time.", map[string]any{"Name": name}))
	}
	width := max(sel.MinSize().Width, 190)
	return container.NewHBox(widget.NewLabel(lang.L("Language")), container.NewGridWrap(fyne.NewSize(width, sel.MinSize().Height), sel))
}
