package fix

import (
	"path"
	"strconv"
	"strings"

	"github.com/fgdesk/fgdesk/app/internal/docx"
	"github.com/fgdesk/fgdesk/app/internal/ooxml"
)

func itoa(n int) string { return strconv.Itoa(n) }

func appendRun(text string) []byte { return ooxml.AppendRunText(nil, text) }

// isMacroPart reports whether a part holds VBA or what runs it.
func isMacroPart(name, ctype string) bool {
	base := strings.ToLower(path.Base(name))
	ct := strings.ToLower(ctype)
	return base == "vbaproject.bin" || strings.Contains(ct, "vbaproject") || strings.Contains(ct, "vbadata") ||
		strings.Contains(ct, "keymapcustomizations")
}

// isCommentPart reports whether a part holds comments.
func isCommentPart(ctype string) bool {
	ct := strings.ToLower(ctype)
	return strings.Contains(ct, "wordprocessingml.comments") || strings.Contains(ct, "ms-word.comments")
}

// cleanPackage drops the parts a clean copy leaves out.
func (e *editor) cleanPackage() error {
	ct, err := e.pkg.ReadContentTypes()
	if err != nil {
		return err
	}
	macros, comments := 0, 0
	for _, ent := range e.pkg.Entries {
		if ent.IsDir() {
			continue
		}
		typ := ct.Of(ent.Name)
		switch {
		case e.opt.do(RemoveMacros) && isMacroPart(ent.Name, typ):
			e.dropPart(ent.Name)
			macros++
		case e.opt.do(RemoveComments) && isCommentPart(typ):
			e.dropPart(ent.Name)
			comments++
		}
	}
	if macros > 0 {
		e.changed("macros removed: %d VBA part(s) and their relationships; saved as .docx", macros)
	}
	if comments > 0 {
		e.changed("comments removed: %d part(s)", comments)
	}
	return nil
}

// dropPart leaves a part (and its own relationships) out of the copy.
func (e *editor) dropPart(name string) {
	e.drop[name] = true
	if rels := ooxml.RelsPartFor(name); e.pkg.Has(rels) {
		e.drop[e.pkg.Lookup(rels).Name] = true
	}
}

// storyParts lists the main part and the header, footer, footnote and
// endnote parts it refers to.
func (e *editor) storyParts() []string {
	out := []string{e.main}
	rels, _ := e.pkg.ReadRels(e.main)
	for _, rel := range rels {
		switch rel.TypeName() {
		case "header", "footer", "footnotes", "endnotes":
			if rel.Part != "" && e.pkg.Has(rel.Part) {
				out = append(out, e.pkg.Lookup(rel.Part).Name)
			}
		}
	}
	return out
}

// cleanStories accepts tracked changes and drops comment marks, in every
// story part.
func (e *editor) cleanStories() error {
	accept, comments := e.opt.do(AcceptChanges), e.opt.do(RemoveComments)
	if !accept && !comments {
		return nil
	}
	revisions, marks := 0, 0
	for _, name := range e.storyParts() {
		s, err := e.loadStory(name)
		if err != nil {
			return err
		}
		s.root.walk(func(n *node) bool {
			if n.space != nsW && n.space != nsWS {
				return true
			}
			switch n.local {
			case "ins", "moveTo":
				if accept {
					s.unwrap(n) // inserted text stays; the mark goes
					revisions++
				}
			case "del", "moveFrom":
				if accept {
					revisions++
					if n.parent.isW("trPr") { // a deleted row
						if tr := ancestor(n, "tr"); tr != nil {
							s.remove(tr)
							return false
						}
					}
					s.remove(n)
					return false
				}
			case "rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "trPrChange", "tcPrChange",
				"tblGridChange", "numberingChange", "cellIns", "cellDel", "cellMerge",
				"moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd":
				if accept {
					s.remove(n)
					revisions++
					return false
				}
			case "commentRangeStart", "commentRangeEnd":
				if comments {
					s.remove(n)
					marks++
				}
			case "commentReference":
				if comments {
					marks++
					if r := n.parent; r.isW("r") && onlyCommentRef(r) {
						s.remove(r)
					} else {
						s.remove(n)
					}
				}
			}
			return true
		})
		if err := e.commit(s); err != nil {
			return err
		}
	}
	if accept {
		e.changed("tracked changes accepted: %d revision mark(s) (insertions kept, deletions removed)", revisions)
	}
	if comments && marks > 0 {
		e.changed("comment marks removed from the text: %d", marks)
	}
	return nil
}

// onlyCommentRef reports whether a run holds nothing but its properties
// and a comment reference.
func onlyCommentRef(r *node) bool {
	for _, k := range r.kids {
		if !k.isW("rPr") && !k.isW("commentReference") {
			return false
		}
	}
	return true
}

// removePersonal drops who wrote and edited the file and for whom from
// the core and extended properties.
func (e *editor) removePersonal() error {
	removed := []string{}
	for _, p := range []struct {
		part  string
		names []string
	}{{"docProps/core.xml", []string{"creator", "lastModifiedBy"}}, {"docProps/app.xml", []string{"Company", "Manager"}}} {
		ent := e.pkg.Lookup(p.part)
		if ent == nil {
			continue
		}
		s, err := e.loadStory(ent.Name)
		if err != nil {
			return err
		}
		for _, k := range s.root.kids {
			for _, n := range p.names {
				if k.local == n && strings.TrimSpace(string(s.data[k.startEnd:max(k.startEnd, k.endStart)])) != "" {
					s.remove(k)
					removed = append(removed, n)
				}
			}
		}
		if err := e.commit(s); err != nil {
			return err
		}
	}
	if len(removed) > 0 {
		e.changed("personal properties removed: %s", strings.Join(removed, ", "))
	}
	return nil
}

// fixPageHeaders stamps the document number in page headers and footers
// that print another one.
func (e *editor) fixPageHeaders() error {
	want := e.opt.Profile.BaseName(e.opt.Fields.Number)
	for _, name := range e.storyParts()[1:] {
		if e.drop[name] {
			continue
		}
		s, err := e.loadStory(name)
		if err != nil {
			return err
		}
		for _, p := range s.root.all("p") {
			t := paraText(p)
			if num, _ := docx.FindDocNumber(t); num != "" && num != want {
				s.setParaText(p, strings.Replace(t, num, want, 1))
				e.changed("document number in %s: %s -> %s", name, num, want)
			}
		}
		if err := e.commit(s); err != nil {
			return err
		}
	}
	return nil
}

// finishPackage brings the relationships and content types in line with
// the parts dropped and added.
func (e *editor) finishPackage() error {
	// Relationships to dropped parts go, in every .rels part kept.
	for _, ent := range e.pkg.Entries {
		if !ooxml.IsRelsPart(ent.Name) || e.drop[ent.Name] || ent.IsDir() {
			continue
		}
		src, _ := ooxml.SourceOfRels(ent.Name)
		s, err := e.loadStory(ent.Name)
		if err != nil {
			return err
		}
		for _, k := range s.root.kids {
			if k.local != "Relationship" {
				continue
			}
			if strings.EqualFold(k.attr("TargetMode"), "External") {
				continue
			}
			target := ooxml.ResolveTarget(src, k.attr("Target"))
			if t := e.pkg.Lookup(target); t != nil && e.drop[t.Name] {
				s.remove(k)
			} else if strings.HasSuffix(k.attr("Type"), "/vbaProject") && e.opt.do(RemoveMacros) {
				s.remove(k)
			}
		}
		if src == e.main && len(e.newRels) > 0 {
			var b strings.Builder
			for _, r := range e.newRels {
				b.WriteString(`<Relationship Id="` + ooxml.EscapeAttr(r.ID) + `" Type="` + ooxml.EscapeAttr(r.Type) + `" Target="` + ooxml.EscapeAttr(r.Target) + `"/>`)
			}
			s.appendChild(s.root, b.String())
			e.newRels = nil
		}
		if err := e.commit(s); err != nil {
			return err
		}
	}
	if len(e.newRels) > 0 { // the main part had no relationships part
		var b strings.Builder
		b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
		for _, r := range e.newRels {
			b.WriteString(`<Relationship Id="` + ooxml.EscapeAttr(r.ID) + `" Type="` + ooxml.EscapeAttr(r.Type) + `" Target="` + ooxml.EscapeAttr(r.Target) + `"/>`)
		}
		b.WriteString(`</Relationships>`)
		e.add = append(e.add, ooxml.Part{Name: ooxml.RelsPartFor(e.main), Data: []byte(b.String())})
	}
	return e.fixContentTypes()
}

// fixContentTypes drops the overrides of dropped parts, adds those of new
// parts and makes the main part a plain Word document (not macro-enabled,
// not a template): the copy is a .docx.
func (e *editor) fixContentTypes() error {
	ent := e.pkg.Lookup(contentTypes)
	if ent == nil {
		return nil
	}
	s, err := e.loadStory(ent.Name)
	if err != nil {
		return err
	}
	binLeft := false
	for _, x := range e.pkg.Entries {
		if strings.HasSuffix(strings.ToLower(x.Name), ".bin") && !e.drop[x.Name] {
			binLeft = true
		}
	}
	for _, k := range s.root.kids {
		switch k.local {
		case "Override":
			name := strings.TrimPrefix(k.attr("PartName"), "/")
			typ := k.attr("ContentType")
			if t := e.pkg.Lookup(name); t != nil && e.drop[t.Name] {
				s.remove(k)
				continue
			}
			if t := e.pkg.Lookup(name); t != nil && t.Name == e.main && typ != ctMain && (!strings.Contains(strings.ToLower(typ), "macroenabled") || e.opt.do(RemoveMacros)) {
				s.edits = append(s.edits, edit{k.start, k.end, `<Override PartName="` + ooxml.EscapeAttr(k.attr("PartName")) + `" ContentType="` + ctMain + `"/>`})
				e.changed("main part content type: %s -> Word document (.docx)", typ)
			}
		case "Default":
			if e.opt.do(RemoveMacros) && isMacroPart("", k.attr("ContentType")) && !binLeft {
				s.remove(k)
			}
		}
	}
	if len(e.newCT) > 0 {
		var b strings.Builder
		for _, name := range sortedKeys(e.newCT) {
			b.WriteString(`<Override PartName="/` + ooxml.EscapeAttr(name) + `" ContentType="` + ooxml.EscapeAttr(e.newCT[name]) + `"/>`)
		}
		s.appendChild(s.root, b.String())
	}
	return e.commit(s)
}
