package ui

import (
	"embed"
	"encoding/json"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
)

// The interface's strings go through Fyne's translation support: lang.L
// with the English text as the key, and go-i18n bundles embedded here for
// English and Simplified Chinese (translations/fgdesk.LANG.json; i18n_test
// fails when a key used in this package is missing in either). The CLI
// stays English.
//
//go:embed translations
var translations embed.FS

// prefLanguage holds the user's choice: "" follows the OS, else a code of
// languages.
const prefLanguage = "language"

// langKey is a key every bundle has, naming its own language.
const langKey = "fgdesk.language"

// language is one choice of the language switch.
type language struct {
	code, file, name string
}

// languages are the interface languages; the names are written in their
// own language so that anyone can find theirs.
var languages = []language{
	{"en", "fgdesk.en.json", "English"},
	{"zh", "fgdesk.zh_Hans.json", "中文（简体）"},
}

var loadOnce sync.Once

// setupLanguage loads the bundles and applies the choice: "" follows the
// OS locale (Chinese for zh-*, else English), "en" or "zh" force that
// language whatever the OS says. Create calls it before any screen is
// built; a new choice in the switch is saved and applies from the next
// start.
//
// Fyne has no call to pick a language: it resolves the OS language to the
// closest bundle tag ("zh-Hans" for zh-CN, "en", "fr", ...). So the chosen
// bundle is loaded again under that tag, replacing FG Desk's strings there
// (Fyne's own strings in it, such as dialog buttons, stay as they are).
func setupLanguage(choice string) {
	loadOnce.Do(func() {
		if err := lang.AddTranslationsFS(translations, "translations"); err != nil {
			fyne.LogError("loading FG Desk's translations", err)
		}
	})
	base, _, _ := strings.Cut(lang.SystemLocale().LanguageString(), "-")
	target := choice
	if target == "" {
		target = "en"
		if base == "zh" {
			target = "zh"
		}
	}
	tag := base
	if base == "zh" {
		tag = "zh-Hans"
	}
	for _, l := range languages {
		if l.code != target {
			continue
		}
		data, err := translations.ReadFile("translations/" + l.file)
		if err == nil {
			err = lang.AddTranslationsForLocale(data, fyne.Locale(tag))
		}
		if err != nil {
			fyne.LogError("switching the language to "+l.name, err)
		}
	}
}

// currentLanguage is the code of the language strings come out in.
func currentLanguage() string { return lang.X(langKey, "en") }

// bundle reads one embedded bundle as a flat map (tests and the switch).
func bundle(file string) (map[string]string, error) {
	data, err := translations.ReadFile("translations/" + file)
	if err != nil {
		return nil, err
	}
	var m map[string]string
	return m, json.Unmarshal(data, &m)
}
