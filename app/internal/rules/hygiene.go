package rules

import (
	"fmt"
	"strings"

	"github.com/fgdesk/fgdesk/app/internal/finding"
	"github.com/fgdesk/fgdesk/app/internal/inspect"
)

const citeHygiene = "Circular 253 §9 (meeting documents are public)"

// Hygiene rules: what an author usually did not mean to publish.
var (
	TrackedChanges = finding.Spec{Code: "HYG-TRACKED-CHANGES", Title: "Tracked changes left in", Severity: finding.Warning, Cite: citeHygiene}
	Comments       = finding.Spec{Code: "HYG-COMMENTS", Title: "Comments left in", Severity: finding.Warning, Cite: citeHygiene}
	Metadata       = finding.Spec{Code: "HYG-METADATA", Title: "Document properties name people or organizations", Severity: finding.Info, Cite: citeHygiene}
)

var _ = addFamily(Family{
	Name:  "hygiene",
	Doc:   "No tracked changes or comments left in; personal metadata reported for information.",
	Specs: []finding.Spec{TrackedChanges, Comments, Metadata},
	Check: checkHygiene,
})

func checkHygiene(f *inspect.Facts, c *Context) []finding.Finding {
	var out []finding.Finding
	if f.TrackedChanges > 0 {
		out = append(out, TrackedChanges.New(bodyPart(f), fmt.Sprintf("%d tracked change(s)%s are still in the document.", f.TrackedChanges, by(f.TrackedAuthors))).
			WithFix("Accept or reject all changes (Review > Accept > Accept All Changes) and save."))
	}
	if f.Comments > 0 {
		out = append(out, Comments.New("comments", fmt.Sprintf("%d comment(s)%s are still in the document.", f.Comments, by(f.CommentAuthors))).
			WithFix("Delete all comments (Review > Delete > Delete All Comments) and save."))
	}
	var people []string
	p := f.Props
	public := publicNames(f)
	for _, kv := range []struct{ k, v string }{
		{"creator", p.Creator}, {"last modified by", p.LastModifiedBy}, {"company", p.Company}, {"manager", p.Manager},
	} {
		if strings.TrimSpace(kv.v) != "" && !public(kv.v) {
			people = append(people, fmt.Sprintf("%s %q", kv.k, clip(kv.v, 60)))
		}
	}
	if len(people) > 0 {
		out = append(out, Metadata.New("document properties", "Document properties show "+strings.Join(people, ", ")+"; they are published with the file."))
	}
	return out
}

func by(authors []string) string {
	if len(authors) == 0 {
		return ""
	}
	return " by " + strings.Join(clipList(authors, 5), ", ")
}

// publicNames returns a test for names the document already publishes in
// its header table (the contacts' names and organizations, the source):
// properties that repeat them disclose nothing new.
func publicNames(f *inspect.Facts) func(string) bool {
	if f.Header == nil {
		return func(string) bool { return false }
	}
	m := f.Header.Fields
	shown := []string{normName(m.Source)}
	for _, c := range m.Contacts {
		shown = append(shown, normName(c.Name), normName(c.Organization))
	}
	return func(v string) bool {
		v = normName(v)
		if v == "" {
			return false
		}
		for _, s := range shown {
			if s != "" && (s == v || len(v) >= 4 && strings.Contains(s, v)) {
				return true
			}
		}
		return false
	}
}

func normName(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// bodyPart names where a Word document's body is: its main part, or the
// WordDocument stream of a Word 97 file.
func bodyPart(f *inspect.Facts) string {
	if f.Kind == inspect.KindDOC {
		return "WordDocument stream"
	}
	return "word/document.xml"
}
