package inspect

import (
	"fmt"
	"strings"

	"github.com/fgdesk/fgdesk/app/internal/ooxml"
)

// Parts of workbooks, presentations and Word documents beyond the story
// parts that the security and hygiene rules care about:
//   - comments: xl/comments*.xml (legacy notes), xl/threadedComments/
//     (Excel 365 threads), ppt/comments/ (legacy and modern comments),
//     with their authors (the authors or persons parts);
//   - external data: xl/connections.xml (database, web and text-file
//     connections), xl/queryTables/ (web queries), and framesets in
//     word/webSettings.xml.

// partRole classes a part by its content type (or name).
type partRole int

const (
	roleNone partRole = iota
	roleXLComments
	roleXLThreaded
	rolePPTComments
	roleAuthors
	roleConnections
	roleQueryTable
	roleWebSettings
)

func roleOf(ctype, low string) partRole {
	switch {
	case strings.HasSuffix(ctype, "spreadsheetml.comments+xml"):
		return roleXLComments
	case strings.Contains(ctype, "threadedcomments"):
		return roleXLThreaded
	case strings.HasSuffix(ctype, "presentationml.comments+xml"), ctype == "application/vnd.ms-powerpoint.comments+xml":
		return rolePPTComments
	case strings.HasSuffix(ctype, "commentauthors+xml"), ctype == "application/vnd.ms-powerpoint.authors+xml", ctype == "application/vnd.ms-excel.person+xml":
		return roleAuthors
	case strings.HasSuffix(ctype, "spreadsheetml.connections+xml"):
		return roleConnections
	case strings.HasSuffix(ctype, "spreadsheetml.querytable+xml"):
		return roleQueryTable
	case strings.HasSuffix(ctype, "wordprocessingml.websettings+xml"):
		return roleWebSettings
	}
	return roleNone
}

// partCounts collects what readRolePart finds across parts.
type partCounts struct {
	legacy, threaded int
	authors          []string
}

// readRolePart reads one part of a role; it reports what it finds in f
// (external data) or in pc (comments and authors).
func readRolePart(f *Facts, pkg *ooxml.Package, name string, role partRole, pc *partCounts) {
	frames, inAuthor := 0, false
	scanXML(f, pkg, name, func(k ooxml.TokenKind, d *ooxml.Decoder) {
		if k == ooxml.Text && inAuthor {
			// "tc={GUID}" is the stand-in author of the legacy note
			// Excel writes beside a threaded comment.
			if a := string(d.Text()); !strings.HasPrefix(a, "tc=") {
				pc.authors = addName(pc.authors, a)
			}
			inAuthor = false
			return
		}
		inAuthor = false
		if k != ooxml.StartTag {
			return
		}
		local := string(d.Local())
		switch role {
		case roleXLComments:
			switch local {
			case "comment":
				pc.legacy++
			case "author":
				inAuthor = true
			}
		case roleXLThreaded:
			if local == "threadedComment" {
				pc.threaded++
			}
		case rolePPTComments:
			if local == "cm" {
				pc.legacy++
			}
		case roleAuthors:
			switch local {
			case "cmAuthor", "author":
				pc.authors = addName(pc.authors, string(d.Attr("name")))
			case "person":
				pc.authors = addName(pc.authors, string(d.Attr("displayName")))
			}
		case roleConnections:
			if local == "connection" {
				f.addIndicator(&f.ExternalData, name, connectionDetail(d))
			}
			if local == "webPr" || local == "dbPr" || local == "textPr" || local == "olapPr" {
				if n := len(f.ExternalData); n > 0 && f.ExternalData[n-1].Where == name {
					f.ExternalData[n-1].Detail += " (" + connectionSource(local, d) + ")"
				}
			}
		case roleQueryTable:
			if local == "queryTable" {
				f.addIndicator(&f.ExternalData, name, fmt.Sprintf("query table %q (filled from connection %s)", clipString(string(d.Attr("name")), 60), string(d.Attr("connectionId"))))
			}
		case roleWebSettings:
			if local == "frame" {
				frames++
			}
		}
	})
	if frames > 0 {
		f.addIndicator(&f.ExternalData, name, fmt.Sprintf("a frameset of %d frame(s), each showing another document", frames))
	}
}

func connectionDetail(d *ooxml.Decoder) string {
	return fmt.Sprintf("data connection %q", clipString(string(d.Attr("name")), 60))
}

// connectionSource describes where a connection reads from.
func connectionSource(local string, d *ooxml.Decoder) string {
	switch local {
	case "webPr":
		return fmt.Sprintf("a web query of %q", clipString(string(d.Attr("url")), 120))
	case "dbPr":
		return fmt.Sprintf("a database: %s", clipString(string(d.Attr("connection")), 120))
	case "textPr":
		return fmt.Sprintf("a text file %q", clipString(string(d.Attr("sourceFile")), 120))
	}
	return "an OLAP cube"
}

func addName(list []string, n string) []string {
	n = strings.TrimSpace(n)
	if n == "" || len(list) >= 100 {
		return list
	}
	for _, have := range list {
		if have == n {
			return list
		}
	}
	return append(list, n)
}

// finishComments records the comments of a workbook or presentation:
// Excel writes a legacy note beside each threaded comment, so the larger
// of the two counts is the number of comments.
func (pc *partCounts) finish(f *Facts) {
	if n := max(pc.legacy, pc.threaded); n > 0 {
		f.Comments += n
		for _, a := range pc.authors {
			f.CommentAuthors = addName(f.CommentAuthors, a)
		}
	}
}
