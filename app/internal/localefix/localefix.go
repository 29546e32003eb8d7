// Package localefix keeps Fyne from logging "Error parsing user locale C"
// on machines whose locale is C.UTF-8 (Debian's default in containers and
// CI), which would otherwise put three lines of noise in front of every
// CLI message.
//
// Fyne reads the locale in a package init. Go initialises packages in
// import-path order among those whose imports are ready (Go 1.21+), and
// this package (github.com/fgdesk/...) sorts before the locale reader
// Fyne uses (github.com/jeandeaual/go-locale), so importing it from main
// runs this init first. It only sets LANGUAGE, which gettext consults for
// message language, and only when the locale is C.<charset> and LANGUAGE
// is unset.
package localefix

import (
	"os"
	"strings"
)

func init() {
	loc := ""
	for _, env := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if loc = os.Getenv(env); loc != "" {
			break
		}
	}
	if (strings.HasPrefix(loc, "C.") || strings.HasPrefix(loc, "POSIX.")) && os.Getenv("LANGUAGE") == "" {
		os.Setenv("LANGUAGE", "en")
	}
}
