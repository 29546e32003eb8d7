// Package version holds FG Desk's version, for every place that names the
// program: `fgdesk version`, reports, exported lists, document properties.
package version

// Version is the program version.
var Version = "0.1.0"

// Tool is the program's name with its version, e.g. "fgdesk 0.1.0".
func Tool() string { return "fgdesk " + Version }
