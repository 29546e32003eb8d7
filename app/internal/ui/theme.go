package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/fgdesk/fgdesk/assets"
)

// cjkFont is the bundled CJK font (see package assets).
var cjkFont = fyne.NewStaticResource(assets.CJKFontName, assets.CJKFont())

// appIcon is the window and app icon.
var appIcon = fyne.NewStaticResource("fgdesk.png", assets.Icon())

// AppIcon returns the app icon for the window (main calls SetIcon).
func AppIcon() fyne.Resource { return appIcon }

// deskTheme is Fyne's default theme with the bundled CJK font first for
// text: Fyne draws each character with the first font that has it, and the
// CJK font has no Latin letters, so Latin text looks exactly as with the
// default theme while Chinese in fields, tables, findings and file names
// shows on every OS, whatever fonts the system has.
type deskTheme struct{}

func (deskTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return theme.DefaultTheme().Color(n, v)
}

func (deskTheme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Symbol {
		return theme.DefaultTheme().Font(s)
	}
	return cjkFont
}

func (deskTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

func (deskTheme) Size(n fyne.ThemeSizeName) float32 { return theme.DefaultTheme().Size(n) }
