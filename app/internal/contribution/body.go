package contribution

import (
	"github.com/fgdesk/fgdesk/app/internal/finding"
	"github.com/fgdesk/fgdesk/app/internal/markdown"
)

// BodyRender is a body the writer cannot turn into a document: a missing,
// unreadable or oversized image, or Markdown too deeply nested to render.
var BodyRender = finding.Spec{Code: "BODY-RENDER", Title: "Body cannot be rendered", Severity: finding.Error, Cite: "Circular 253 §9 (FG base template)"}

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
