// Package appdir says where FG Desk keeps its data: one folder, FGDESK_HOME
// if set, else "fgdesk" under the user's config folder (~/.config/fgdesk on
// Linux, %AppData%\fgdesk on Windows, ~/Library/Application Support/fgdesk on
// macOS). Inside it:
//
//	meetings/     extra meeting profiles (*.toml)
//	autosave/     the compose screen's autosaved drafts
//	register.db   the secretariat's document register (SQLite)
//	backups/      register backups
package appdir

import (
	"os"
	"path/filepath"
)

// EnvHome overrides the data folder (tests, portable installs).
const EnvHome = "FGDESK_HOME"

// Dir returns the data folder. It does not create it.
func Dir() (string, error) {
	if h := os.Getenv(EnvHome); h != "" {
		return filepath.Abs(h)
	}
	c, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(c, "fgdesk"), nil
}

// Sub returns a folder inside the data folder, creating it (0700).
func Sub(name string) (string, error) {
	d, err := Dir()
	if err != nil {
		return "", err
	}
	p := filepath.Join(d, name)
	return p, os.MkdirAll(p, 0o700)
}

// File returns the path of a file directly inside the data folder, creating
// the folder.
func File(name string) (string, error) {
	d, err := Dir()
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(d, 0o700); err != nil {
		return "", err
	}
	return filepath.Join(d, name), nil
}
