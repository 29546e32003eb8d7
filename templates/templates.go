// Package templates embeds FG Desk's readable source templates: the meeting
// profiles (meetings/) and, beside them, the FG base template parts that the
// docx writer fills in.
//
// Embedding uses the all: prefix so that folders whose names start with "_"
// or "." (such as the OOXML _rels folders) are not silently dropped.
package templates

import "embed"

// Meetings holds the built-in meeting profiles, one TOML file each, under
// the folder "meetings".
//
//go:embed all:meetings
var Meetings embed.FS
