package fix

import (
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/fgdesk/fgdesk/app/internal/docx"
	"github.com/fgdesk/fgdesk/app/internal/ooxml"
)

// Styles of the base template the inserted header uses.
var headerStyles = []string{"FGHeaderText", "FGHeaderLabel", "FGOrganization", "FGDocNumber", "FGGroup", "FGDocType", "FGNote",
	"Header", "Footer", "FGFooterNotice"}

// insertHeader puts the FG header table (with the note), the page header
// from page 2 on and the FG footer into a document that has none, before
// its own body, which stays as it was.
func (e *editor) insertHeader() error {
	m := e.opt.Fields
	if m.Title == "" {
		m.Title = strings.TrimSpace(e.content.Props.Title)
	}
	parts, err := docx.Parts(&m, e.opt.Profile, docx.WriteOptions{Blank: true, Now: e.opt.Now})
	if err != nil {
		return err
	}
	tmpl := map[string][]byte{}
	for _, p := range parts {
		tmpl[p.Name] = p.Data
	}
	doc := string(tmpl["word/document.xml"])
	i, j := strings.Index(doc, "<w:tbl>"), strings.Index(doc, "</w:tbl>")
	if i < 0 || j < i {
		return fmt.Errorf("base template: no header table")
	}
	s, err := e.loadStory(e.main)
	if err != nil {
		return err
	}
	body := s.root.child("body")
	if body == nil {
		return fmt.Errorf("%s: %w: no w:body", e.main, ErrDamaged)
	}
	table := "<w:tbl" + s.decl + doc[i+len("<w:tbl"):j+len("</w:tbl>")]
	table += `<w:p` + s.decl + `><w:pPr><w:pStyle w:val="Normal"/></w:pPr></w:p>`
	if body.end == body.startEnd {
		open, close := s.tags(body)
		s.edits = append(s.edits, edit{body.start, body.end, open + table + close})
	} else {
		s.edits = append(s.edits, edit{body.startEnd, body.startEnd, table})
	}
	e.changed("FG header table inserted before the document's own text (with the note)")
	e.res.Inserted = true
	if err := e.commit(s); err != nil {
		return err
	}

	// The page header (page 2 on), the empty first-page header and the
	// footer, as new parts.
	hdr := e.newPart("word/header", ".xml", tmpl["word/header1.xml"], "header", ctHeader)
	first := e.newPart("word/header", ".xml", tmpl["word/header2.xml"], "header", ctHeader)
	ftr := e.newPart("word/footer", ".xml", tmpl["word/footer1.xml"], "footer", ctFooter)
	if err := e.sectionRefs(hdr, first, ftr); err != nil {
		return err
	}
	return e.mergeStyles(tmpl["word/styles.xml"])
}

// newPart adds a part under a free name and a relationship to it from the
// main part, and returns the relationship's id.
func (e *editor) newPart(prefix, ext string, data []byte, relType, ctype string) string {
	name := ""
	for n := 1; ; n++ {
		name = fmt.Sprintf("%s%d%s", prefix, n, ext)
		if !e.pkg.HasName(name) && !slices.ContainsFunc(e.add, func(p ooxml.Part) bool { return strings.EqualFold(p.Name, name) }) {
			break
		}
	}
	e.add = append(e.add, ooxml.Part{Name: name, Data: data})
	if e.newCT == nil {
		e.newCT = map[string]string{}
	}
	e.newCT[name] = ctype
	id := e.freeRelID()
	target, _ := relTarget(e.main, name)
	e.newRels = append(e.newRels, ooxml.Relationship{ID: id, Type: relTypeBase + relType, Target: target})
	return id
}

// relTarget is the target of a relationship from source to part.
func relTarget(source, part string) (string, bool) {
	dir := path.Dir(source)
	if strings.HasPrefix(part, dir+"/") {
		return strings.TrimPrefix(part, dir+"/"), true
	}
	return "/" + part, false
}

// freeRelID returns a relationship id the main part does not use.
func (e *editor) freeRelID() string {
	rels, _ := e.pkg.ReadRels(e.main)
	used := map[string]bool{}
	for _, r := range rels {
		used[r.ID] = true
	}
	for _, r := range e.newRels {
		used[r.ID] = true
	}
	for n := 1; ; n++ {
		id := fmt.Sprintf("rIdFG%d", n)
		if !used[id] {
			return id
		}
	}
}

// sectionRefs makes the last section use the new page headers and footer
// where it has none of its own, with a different first page.
func (e *editor) sectionRefs(hdr, first, ftr string) error {
	s, err := e.loadStory(e.main)
	if err != nil {
		return err
	}
	body := s.root.child("body")
	var sect *node
	for _, k := range body.kids {
		if k.isW("sectPr") {
			sect = k
		}
	}
	has := map[string]bool{}
	if sect != nil {
		for _, k := range sect.kids {
			if k.isW("headerReference") || k.isW("footerReference") {
				has[k.local+":"+k.attr("type")] = true
			}
		}
	}
	var refs strings.Builder
	ref := func(kind, typ, id string) {
		if !has[kind+":"+typ] {
			refs.WriteString(`<w:` + kind + s.decl + ` w:type="` + typ + `" r:id="` + id + `"/>`)
		}
	}
	ref("headerReference", "default", hdr)
	ref("headerReference", "first", first)
	ref("footerReference", "default", ftr)
	ref("footerReference", "first", ftr)
	titlePg := `<w:titlePg` + s.decl + `/>`
	if sect == nil {
		s.appendChild(body, `<w:sectPr`+s.decl+`>`+refs.String()+`<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/>`+titlePg+`</w:sectPr>`)
	} else {
		if sect.end == sect.startEnd {
			open, close := s.tags(sect)
			s.edits = append(s.edits, edit{sect.start, sect.end, open + refs.String() + titlePg + close})
		} else {
			s.edits = append(s.edits, edit{sect.startEnd, sect.startEnd, refs.String()})
			if sect.child("titlePg") == nil {
				// titlePg comes before these in CT_SectPr.
				var at *node
				for _, k := range sect.kids {
					if slices.Contains([]string{"textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange"}, k.local) {
						at = k
						break
					}
				}
				if at != nil {
					s.insertBefore(at, titlePg)
				} else {
					s.appendChild(sect, titlePg)
				}
			}
		}
	}
	e.changed("page header with page number and document number from page 2 on; FG footer")
	return e.commit(s)
}

// mergeStyles adds the base template's header styles the document does
// not define, leaving its own styles as they are.
func (e *editor) mergeStyles(base []byte) error {
	baseRoot, err := parseTree("base styles", base)
	if err != nil {
		return err
	}
	stylesPart := ""
	rels, _ := e.pkg.ReadRels(e.main)
	for _, r := range rels {
		if r.TypeName() == "styles" && r.Part != "" && e.pkg.Has(r.Part) {
			stylesPart = e.pkg.Lookup(r.Part).Name
		}
	}
	if stylesPart == "" {
		// No styles part: the base template's becomes the document's.
		e.newPart("word/styles", ".xml", base, "styles", ctStyles)
		e.changed("styles: the base template's styles added (the document had none)")
		return nil
	}
	s, err := e.loadStory(stylesPart)
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for _, k := range s.root.kids {
		if k.isW("style") {
			have[k.attr("styleId")] = true
		}
	}
	var b strings.Builder
	var added []string
	for _, k := range baseRoot.kids {
		id := k.attr("styleId")
		if k.isW("style") && slices.Contains(headerStyles, id) && !have[id] {
			st := string(base[k.start:k.end])
			st = "<w:style" + s.decl + st[len("<w:style"):]
			b.WriteString(st)
			added = append(added, id)
		}
	}
	if len(added) == 0 {
		return nil
	}
	s.appendChild(s.root, b.String())
	sort.Strings(added)
	e.changed("styles added for the header: %s", strings.Join(added, ", "))
	return e.commit(s)
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
