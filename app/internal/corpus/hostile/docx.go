package hostile

import (
	"fmt"
	"strings"

	"github.com/fgdesk/fgdesk/app/internal/contribution"
)

// Namespaces and types used by the hand-built Word documents.
const (
	nsW   = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsR   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

	CTDocx     = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
	CTDocm     = "application/vnd.ms-word.document.macroEnabled.main+xml"
	CTVBA      = "application/vnd.ms-office.vbaProject"
	RelVBA     = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
	RelOLE     = relNS + "oleObject"
	RelAttTmpl = relNS + "attachedTemplate"
	RelHyper   = relNS + "hyperlink"
)

// Rel is a relationship to add to a .rels part.
type Rel struct {
	ID, Type, Target string
	External         bool
}

// Comment is one comment of a hand-built document.
type Comment struct{ Author, Text string }

// Doc describes a hand-built Word document with the FG header table laid
// out as Circular 253's sketch shows (see circular-253.md, "What the base
// template looks like"). The zero value is a valid, filled-in contribution
// innovation-i-0012.
type Doc struct {
	// Model holds the header fields; empty fields get defaults.
	Model contribution.Model
	// DocNumber overrides the printed number (default
	// "innovation-i-"+Model.Number).
	DocNumber                         string
	GroupLine, StudyPeriod, PlaceDate string
	// Note is the note row ("" = the straight-apostrophe "don't" form;
	// "-" = no note).
	Note string
	// SplitRuns splits every label across two runs ("Sou" + "rce:") with a
	// proofing mark between them, as Word does after editing.
	SplitRuns bool
	// NoColons writes the labels without colons.
	NoColons bool
	// Body paragraphs after the table.
	Body []string
	// BodyXML is raw WordprocessingML appended to the body.
	BodyXML string
	// HeaderText, FooterText and FootnoteText add those parts when set.
	HeaderText, FooterText, FootnoteText string
	// Comments adds a comments part at a non-standard path
	// (word/remarks/notes1.xml), found only through relationships.
	Comments []Comment
	// Creator, LastModifiedBy and Company go into docProps.
	Creator, LastModifiedBy, Company string
	// MacroEnabled gives the main part the docm content type.
	MacroEnabled bool
	// VBA adds word/vbaProject.bin with these modules.
	VBA []Module
	// DocRels and SettingsRels add relationships to document.xml and
	// settings.xml.
	DocRels, SettingsRels []Rel
	// Extra parts are appended to the package; ExtraTypes is raw
	// <Default>/<Override> XML for [Content_Types].xml.
	Extra      []Part
	ExtraTypes string
}

func (d *Doc) defaults() {
	m := &d.Model
	if m.Number == "" {
		m.Number = "0012"
	}
	if m.Source == "" {
		m.Source = "Nokia Siemens Networks"
	}
	if m.Title == "" {
		m.Title = "Bridging innovation and standards: a proposal for the work plan"
	}
	if len(m.Contacts) == 0 {
		m.Contacts = []contribution.Contact{{Name: "Ajay Example", Organization: "Nokia Siemens Networks", Country: "Finland", Tel: "+358 40 123 4567", Fax: "+358 9 123 4568", Email: "ajay.example@nsn.example.com"}}
	}
	if m.WGs == "" {
		m.WGs = "Plenary"
	}
	if m.Purpose == "" {
		m.Purpose = contribution.Discussion
	}
	if m.Abstract == "" {
		m.Abstract = "This contribution proposes a work plan for the focus group."
	}
	if m.Keywords == "" {
		m.Keywords = "innovation; standards; work plan"
	}
	if d.DocNumber == "" {
		d.DocNumber = "innovation-i-" + m.Number
	}
	if d.GroupLine == "" {
		d.GroupLine = "FOCUS GROUP ON BRIDGING THE GAP: FROM INNOVATION TO STANDARDS"
	}
	if d.StudyPeriod == "" {
		d.StudyPeriod = "2009-2012"
	}
	if d.PlaceDate == "" {
		d.PlaceDate = "Geneva, 19 and 21 March 2012"
	}
	if d.Note == "" {
		d.Note = contribution.HeaderNote
	}
	if len(d.Body) == 0 && d.BodyXML == "" {
		d.Body = []string{"1 Introduction", "This contribution proposes how the focus group could organise its work.", "2 Proposal", "The focus group is invited to discuss the proposal."}
	}
}

// Esc escapes text for XML character data and attribute values.
func Esc(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;").Replace(s)
}

func run(text string) string {
	return `<w:r><w:t xml:space="preserve">` + Esc(text) + `</w:t></w:r>`
}

// para is a paragraph of plain runs.
func para(text string) string { return `<w:p>` + run(text) + `</w:p>` }

func (d *Doc) label(l string) string {
	if !d.NoColons {
		l += ":"
	}
	if !d.SplitRuns || len(l) < 3 {
		return `<w:r><w:rPr><w:b/></w:rPr><w:t>` + Esc(l) + `</w:t></w:r>`
	}
	h := len(l) / 2
	return `<w:r><w:rPr><w:b/></w:rPr><w:t>` + Esc(l[:h]) + `</w:t></w:r><w:proofErr w:type="spellStart"/>` +
		`<w:bookmarkStart w:id="9" w:name="_x"/><w:r><w:rPr><w:b/></w:rPr><w:t>` + Esc(l[h:]) + `</w:t></w:r><w:bookmarkEnd w:id="9"/><w:proofErr w:type="spellEnd"/>`
}

func cell(width int, paras ...string) string {
	return fmt.Sprintf(`<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/></w:tcPr>%s</w:tc>`, width, strings.Join(paras, ""))
}

func row(cells ...string) string { return `<w:tr>` + strings.Join(cells, "") + `</w:tr>` }

func spanCell(width, span int, paras ...string) string {
	return fmt.Sprintf(`<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/><w:gridSpan w:val="%d"/></w:tcPr>%s</w:tc>`, width, span, strings.Join(paras, ""))
}

// HeaderTable returns the header table XML of the document.
func (d *Doc) HeaderTable() string {
	d.defaults()
	m := d.Model
	lp := func(l string) string { return `<w:p>` + d.label(l) + `</w:p>` }
	labelled := func(l, value string) string {
		return `<w:p>` + d.label(l) + run(" "+value) + `</w:p>`
	}
	var rows []string
	rows = append(rows,
		row(spanCell(5000, 2, para("INTERNATIONAL TELECOMMUNICATION UNION")), cell(4600, `<w:p><w:pPr><w:jc w:val="right"/></w:pPr>`+run(d.DocNumber)+`</w:p>`)),
		row(spanCell(5000, 2, para("TELECOMMUNICATION STANDARDIZATION SECTOR")), cell(4600, para(d.GroupLine))),
		row(spanCell(5000, 2, para("STUDY PERIOD "+d.StudyPeriod)), cell(4600, para("English only"), para("Original: English"))),
		row(spanCell(5000, 2, labelled("WG(s)", m.WGs)), cell(4600, para(d.PlaceDate))),
		row(spanCell(9600, 3, `<w:p><w:pPr><w:jc w:val="center"/></w:pPr>`+run(m.DocType().Label())+`</w:p>`)),
		row(cell(1600, lp("Source")), spanCell(8000, 2, `<w:p><w:sdt><w:sdtPr><w:tag w:val="source"/></w:sdtPr><w:sdtContent>`+run(m.Source)+`</w:sdtContent></w:sdt></w:p>`)),
		row(cell(1600, lp("Title")), spanCell(8000, 2, para(m.Title))),
	)
	for _, c := range m.Contacts {
		left := []string{para(c.Name), para(c.Organization), para(c.Country)}
		right := []string{para("Tel: " + c.Tel), para("Fax: " + c.Fax),
			`<w:p>` + run("E-mail: ") + `<w:hyperlink r:id="rIdMail" w:history="1"><w:r><w:t>` + Esc(c.Email) + `</w:t></w:r></w:hyperlink></w:p>`}
		rows = append(rows, row(cell(1600, lp("Contact")), cell(4000, left...), cell(4000, right...)))
	}
	if d.Note != "-" {
		rows = append(rows, row(spanCell(9600, 3, para(d.Note))))
	}
	rows = append(rows,
		row(cell(1600, lp("Purpose")), spanCell(8000, 2, para(m.Purpose.Label()))),
		row(cell(1600, lp("Abstract")), spanCell(8000, 2, para(m.Abstract))),
		row(cell(1600, lp("Keywords")), spanCell(8000, 2, para(m.Keywords))),
	)
	return `<w:tbl><w:tblPr><w:tblW w:w="9600" w:type="dxa"/></w:tblPr><w:tblGrid><w:gridCol w:w="1600"/><w:gridCol w:w="3400"/><w:gridCol w:w="4600"/></w:tblGrid>` +
		strings.Join(rows, "") + `</w:tbl>`
}

// DocumentXML returns word/document.xml.
func (d *Doc) DocumentXML() string {
	d.defaults()
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	b.WriteString(`<w:document xmlns:w="` + nsW + `" xmlns:r="` + nsR + `" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>`)
	b.WriteString(d.HeaderTable())
	for _, p := range d.Body {
		b.WriteString(para(p))
	}
	if d.FootnoteText != "" {
		b.WriteString(`<w:p>` + run("See the note.") + `<w:r><w:footnoteReference w:id="1"/></w:r></w:p>`)
	}
	b.WriteString(d.BodyXML)
	b.WriteString(`<w:sectPr>`)
	if d.HeaderText != "" {
		b.WriteString(`<w:headerReference w:type="default" r:id="rIdHdr"/>`)
	}
	if d.FooterText != "" {
		b.WriteString(`<w:footerReference w:type="default" r:id="rIdFtr"/>`)
	}
	b.WriteString(`<w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`)
	return b.String()
}

func relsXML(rels []Rel) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for _, r := range rels {
		mode := ""
		if r.External {
			mode = ` TargetMode="External"`
		}
		fmt.Fprintf(&b, `<Relationship Id="%s" Type="%s" Target="%s"%s/>`, Esc(r.ID), Esc(r.Type), Esc(r.Target), mode)
	}
	b.WriteString(`</Relationships>`)
	return b.String()
}

func story(root, text string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<w:` + root + ` xmlns:w="` + nsW + `" xmlns:r="` + nsR + `">` + para(text) + `</w:` + root + `>`
}

// Bytes builds the package.
func (d *Doc) Bytes() []byte {
	d.defaults()
	main := CTDocx
	if d.MacroEnabled {
		main = CTDocm
	}
	types := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Default Extension="png" ContentType="image/png"/>` +
		`<Override PartName="/word/document.xml" ContentType="` + main + `"/>` +
		`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
		`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
		`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>`
	docRels := []Rel{
		{ID: "rIdSettings", Type: relNS + "settings", Target: "settings.xml"},
		{ID: "rIdMail", Type: RelHyper, Target: "mailto:" + d.Model.FirstContact().Email, External: true},
	}
	var parts []Part
	if d.HeaderText != "" {
		parts = append(parts, Part{Name: "word/header1.xml", Data: []byte(story("hdr", d.HeaderText))})
		docRels = append(docRels, Rel{ID: "rIdHdr", Type: relNS + "header", Target: "header1.xml"})
		types += `<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>`
	}
	if d.FooterText != "" {
		parts = append(parts, Part{Name: "word/footer1.xml", Data: []byte(story("ftr", d.FooterText))})
		docRels = append(docRels, Rel{ID: "rIdFtr", Type: relNS + "footer", Target: "footer1.xml"})
		types += `<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>`
	}
	if d.FootnoteText != "" {
		fn := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<w:footnotes xmlns:w="` + nsW + `">` +
			`<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>` +
			`<w:footnote w:id="1">` + para(d.FootnoteText) + `</w:footnote></w:footnotes>`
		parts = append(parts, Part{Name: "word/footnotes.xml", Data: []byte(fn)})
		docRels = append(docRels, Rel{ID: "rIdFn", Type: relNS + "footnotes", Target: "footnotes.xml"})
		types += `<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>`
	}
	if len(d.Comments) > 0 {
		var c strings.Builder
		c.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<w:comments xmlns:w="` + nsW + `">`)
		for i, cm := range d.Comments {
			fmt.Fprintf(&c, `<w:comment w:id="%d" w:author="%s" w:date="2012-03-01T10:00:00Z">%s</w:comment>`, i, Esc(cm.Author), para(cm.Text))
		}
		c.WriteString(`</w:comments>`)
		parts = append(parts, Part{Name: "word/remarks/notes1.xml", Data: []byte(c.String())})
		docRels = append(docRels, Rel{ID: "rIdCmt", Type: relNS + "comments", Target: "remarks/notes1.xml"})
		types += `<Override PartName="/word/remarks/notes1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>`
	}
	if len(d.VBA) > 0 {
		parts = append(parts, Part{Name: "word/vbaProject.bin", Data: VBAProject(d.VBA...)})
		docRels = append(docRels, Rel{ID: "rIdVba", Type: RelVBA, Target: "vbaProject.bin"})
		types += `<Default Extension="bin" ContentType="` + CTVBA + `"/>`
	}
	docRels = append(docRels, d.DocRels...)
	types += d.ExtraTypes + `</Types>`
	core := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:title>` + Esc(d.Model.Title) + `</dc:title>` +
		`<dc:creator>` + Esc(d.Creator) + `</dc:creator>` +
		`<cp:lastModifiedBy>` + Esc(d.LastModifiedBy) + `</cp:lastModifiedBy>` +
		`<cp:revision>3</cp:revision>` +
		`<dcterms:created xsi:type="dcterms:W3CDTF">2012-03-01T09:00:00Z</dcterms:created>` +
		`<dcterms:modified xsi:type="dcterms:W3CDTF">2012-03-02T17:30:00Z</dcterms:modified>` +
		`</cp:coreProperties>`
	app := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Template>Normal.dotm</Template><Application>FG Desk test</Application><Company>` + Esc(d.Company) + `</Company></Properties>`
	settings := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<w:settings xmlns:w="` + nsW + `" xmlns:r="` + nsR + `">`
	if len(d.SettingsRels) > 0 {
		settings += `<w:attachedTemplate r:id="` + d.SettingsRels[0].ID + `"/>`
	}
	settings += `</w:settings>`

	all := []Part{
		{Name: "[Content_Types].xml", Data: []byte(types)},
		{Name: "_rels/.rels", Data: []byte(relsXML([]Rel{
			{ID: "rId1", Type: relNS + "officeDocument", Target: "word/document.xml"},
			{ID: "rId2", Type: "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties", Target: "docProps/core.xml"},
			{ID: "rId3", Type: relNS + "extended-properties", Target: "docProps/app.xml"},
		}))},
		{Name: "word/document.xml", Data: []byte(d.DocumentXML())},
		{Name: "word/_rels/document.xml.rels", Data: []byte(relsXML(docRels))},
		{Name: "word/settings.xml", Data: []byte(settings)},
		{Name: "docProps/core.xml", Data: []byte(core)},
		{Name: "docProps/app.xml", Data: []byte(app)},
	}
	if len(d.SettingsRels) > 0 {
		all = append(all, Part{Name: "word/_rels/settings.xml.rels", Data: []byte(relsXML(d.SettingsRels))})
	}
	all = append(all, parts...)
	all = append(all, d.Extra...)
	return Zip(all...)
}

// Parts returns the package's parts in order, for callers that want to
// tamper with them before zipping.
func (d *Doc) Parts() []Part {
	return unzipParts(d.Bytes())
}

// Minimal returns the smallest Word package the readers accept: content
// types, the package relationships and a one-paragraph document with a
// two-row header table (Source, Title). It keeps fuzz seeds small.
func Minimal() []byte {
	return Zip(
		Part{Name: "[Content_Types].xml", Data: []byte(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/word/document.xml" ContentType="` + CTDocx + `"/></Types>`)},
		Part{Name: "_rels/.rels", Data: []byte(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="` + relNS + `officeDocument" Target="word/document.xml"/></Relationships>`)},
		Part{Name: "word/document.xml", Data: []byte(`<w:document xmlns:w="` + nsW + `"><w:body><w:tbl><w:tr><w:tc><w:p><w:r><w:t>Source:</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>X</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>Title:</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Y</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p><w:r><w:t>Body</w:t></w:r></w:p></w:body></w:document>`)},
	)
}
