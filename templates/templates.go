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

// Base holds the FG base template as readable OOXML source parts, under the
// folder "fg-base": every .xml and .rels file is a text/template that the
// docx writer executes to produce the part of the same name.
//
//go:embed all:fg-base
var Base embed.FS
