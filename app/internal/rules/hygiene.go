package rules

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/fgdesk/fgdesk/app/internal/finding"
	"github.com/fgdesk/fgdesk/app/internal/inspect"
	"github.com/fgdesk/fgdesk/app/internal/lang"
)

const citeHygiene = "Circular 253 §9 (meeting documents are public)"

// Hygiene rules: what an author usually did not mean to publish.
var (
	HygTrackedChanges = finding.Define(finding.Spec{Code: "HYG-TRACKED-CHANGES", Title: "Tracked changes left in", Severity: finding.Warning, Cite: citeHygiene, Family: "hygiene", Since: "0.1.0",
		Doc: "Tracked changes are still in the document, with the authors named in the message. Meeting documents are public (§9): deleted text and reviewers' names become readable by anyone. Accept or reject all changes (Review > Accept > Accept All Changes) and save."})
	HygComments = finding.Define(finding.Spec{Code: "HYG-COMMENTS", Title: "Comments left in", Severity: finding.Warning, Cite: citeHygiene, Family: "hygiene", Since: "0.1.0",
		Doc: "Comments are still in the document, with their authors. Meeting documents are public (§9), so internal remarks would be published. Delete all comments (Review > Delete > Delete All Comments) and save."})
	HygMetadata = finding.Define(finding.Spec{Code: "HYG-METADATA", Title: "Document properties name people or organizations", Severity: finding.Info, Cite: citeHygiene, Family: "hygiene", Since: "0.1.0",
		Doc: "For information: the document properties (author, last modified by, company, manager) name people or organizations, which are published with the file (§9: documents are public). Remove them if they should not be public (File > Info > Inspect Document)."})
)

var _ = addFamily(Family{
	Name:  "hygiene",
	Rank:  70,
	Doc:   "No tracked changes or comments left in; personal metadata reported for information.",
	Check: checkHygiene,
})

func checkHygiene(f *inspect.Facts, c *Context) []finding.Finding {
	var out []finding.Finding
	if f.TrackedChanges > 0 {
		out = append(out, HygTrackedChanges.New(bodyPart(f), fmt.Sprintf("%d tracked change(s)%s are still in the document.", f.TrackedChanges, by(f.TrackedAuthors))).
			WithFix("Accept or reject all changes (Review > Accept > Accept All Changes) and save."))
	}
	if f.Comments > 0 {
		out = append(out, HygComments.New("comments", fmt.Sprintf("%d comment(s)%s are still in the document.", f.Comments, by(f.CommentAuthors))).
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
		out = append(out, HygMetadata.New("document properties", "Document properties show "+strings.Join(people, ", ")+"; they are published with the file."))
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
	// The normalised names, one after the other in one buffer.
	var ps publicSet
	ps.add(m.Source)
	for _, c := range m.Contacts {
		ps.add(c.Name)
		ps.add(c.Organization)
	}
	return ps.has
}

// publicSet holds normName of each published name in one buffer.
type publicSet struct {
	buf  []byte
	ends []int
}

func (ps *publicSet) add(s string) {
	ps.buf = appendNormName(ps.buf, s)
	ps.ends = append(ps.ends, len(ps.buf))
}

// has reports whether normName(v) is not empty and is a published name,
// or, from four bytes on, part of one.
func (ps *publicSet) has(v string) bool {
	var vb [128]byte
	nv := appendNormName(vb[:0], v)
	if len(nv) == 0 {
		return false
	}
	start := 0
	for _, end := range ps.ends {
		s := ps.buf[start:end]
		start = end
		if len(s) > 0 && (bytes.Equal(s, nv) || len(nv) >= 4 && bytes.Contains(s, nv)) {
			return true
		}
	}
	return false
}

func normName(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// appendNormName appends normName(s), built in place for ASCII.
func appendNormName(dst []byte, s string) []byte {
	if !lang.IsASCII(s) {
		return append(dst, normName(s)...)
	}
	start, space := len(dst), false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if lang.IsSpaceASCII(c) {
			space = len(dst) > start
			continue
		}
		if space {
			dst = append(dst, ' ')
			space = false
		}
		dst = append(dst, lang.LowerASCII(c))
	}
	return dst
}

// bodyPart names where a Word document's body is: its main part, or the
// WordDocument stream of a Word 97 file.
func bodyPart(f *inspect.Facts) string {
	if f.Kind == inspect.KindDOC {
		return "WordDocument stream"
	}
	return "word/document.xml"
}
