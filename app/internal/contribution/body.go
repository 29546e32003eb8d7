package contribution

import (
	"github.com/fgdesk/fgdesk/app/internal/finding"
	"github.com/fgdesk/fgdesk/app/internal/markdown"
	"github.com/fgdesk/fgdesk/app/internal/meeting"
)

// BodyRender is a body the writer cannot turn into a document: a missing,
// unreadable or oversized image, or Markdown too deeply nested to render.
var BodyRender = finding.Define(finding.Spec{Code: "BODY-RENDER", Title: "Body cannot be rendered", Severity: finding.Error, Cite: "Circular 253 §9 (FG base template)", Family: "compose", Since: "0.1.0",
	Doc: "The Markdown body cannot be rendered into the Word file: an image is missing or unreadable, or lists and quotes are nested beyond what the template can hold. The exported document would not be the one the author wrote (§9 base template). Fix the image path or flatten the nesting named in the message."})

var _ = finding.DefineFamily(finding.Family{Name: "compose", Rank: 90,
	Doc: "Author side only: the Markdown body renders (images found, nesting within limits)."})

// ValidateBody renders the Markdown body as the export will (images read
// from baseDir) and reports what would stop the export, naming the image
// path and the line. It returns nil for a body that exports.
func ValidateBody(body, baseDir string) []finding.Finding {
	if body == "" {
		return nil
	}
	if _, err := markdown.Render(body, markdown.Options{BaseDir: baseDir}); err != nil {
		return []finding.Finding{BodyRender.Field("body", err.Error()+".")}
	}
	return nil
}

// DraftFindings are a draft's findings as its author sees them, in one
// place for the CLI (validate, export) and the compose screen: the field
// rules (Validate) and the body's findings (from ValidateBody, which the
// screen runs in the background; nil when not known yet), worst first.
func DraftFindings(m *Model, p *meeting.Profile, body []finding.Finding) []finding.Finding {
	fs := append(Validate(m, p), body...)
	finding.Sort(fs)
	return fs
}
