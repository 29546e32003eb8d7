package hostile

import (
	"encoding/binary"
	"unicode/utf16"
)

// Comments outside Word, external content and nested archives: the
// classes oletools' and msodde's test files carry beyond the first set.

// XLSXComments is a workbook with a legacy note and a threaded comment
// (Excel writes both for one thread) and its persons part.
func XLSXComments() (string, []byte) {
	comments := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><comments xmlns="` + nsSS + `"><authors><author>tc={1}</author><author>Eve Reviewer</author></authors>` +
		`<commentList><comment ref="A1" authorId="1"><text><r><t>Check this figure.</t></r></text></comment></commentList></comments>`
	threaded := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">` +
		`<threadedComment ref="A1" dT="2012-03-01T09:00:00.00" personId="{P1}" id="{C1}"><text>Check this figure.</text></threadedComment></ThreadedComments>`
	persons := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><personList xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"><person displayName="Eve Reviewer" id="{P1}" providerId="None"/></personList>`
	return name(50, ".xlsx"), xlsxParts(ctWorkbookXLSX, `<sheet name="Sheet1" sheetId="1" r:id="rId1"/>`, "",
		[]Rel{{ID: "rId1", Type: relNS + "worksheet", Target: "worksheets/sheet1.xml"}},
		`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`+
			`<Override PartName="/xl/comments1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/>`+
			`<Override PartName="/xl/threadedComments/threadedComment1.xml" ContentType="application/vnd.ms-excel.threadedcomments+xml"/>`+
			`<Override PartName="/xl/persons/person.xml" ContentType="application/vnd.ms-excel.person+xml"/>`,
		Part{Name: "xl/worksheets/sheet1.xml", Data: []byte(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="` + nsSS + `"><sheetData/></worksheet>`)},
		Part{Name: "xl/comments1.xml", Data: []byte(comments)},
		Part{Name: "xl/threadedComments/threadedComment1.xml", Data: []byte(threaded)},
		Part{Name: "xl/persons/person.xml", Data: []byte(persons)},
	)
}

// XLSXConnections is a workbook with a web query refreshed from a server.
func XLSXConnections() (string, []byte) {
	conns := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><connections xmlns="` + nsSS + `">` +
		`<connection id="1" name="Rates" type="4" refreshedVersion="6" background="1" refreshOnLoad="1"><webPr url="http://evil.example/rates.iqy" htmlTables="1"/></connection></connections>`
	qt := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><queryTable xmlns="` + nsSS + `" name="Rates" connectionId="1" autoFormatId="16" applyNumberFormats="0"/>`
	return name(51, ".xlsx"), xlsxParts(ctWorkbookXLSX, `<sheet name="Sheet1" sheetId="1" r:id="rId1"/>`, "",
		[]Rel{{ID: "rId1", Type: relNS + "worksheet", Target: "worksheets/sheet1.xml"}, {ID: "rId2", Type: relNS + "connections", Target: "connections.xml"}},
		`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`+
			`<Override PartName="/xl/connections.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.connections+xml"/>`+
			`<Override PartName="/xl/queryTables/queryTable1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.queryTable+xml"/>`,
		Part{Name: "xl/worksheets/sheet1.xml", Data: []byte(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="` + nsSS + `"><sheetData/></worksheet>`)},
		Part{Name: "xl/connections.xml", Data: []byte(conns)},
		Part{Name: "xl/queryTables/queryTable1.xml", Data: []byte(qt)},
	)
}

// PPTXComments is a presentation with a modern comment and its author.
func PPTXComments() (string, []byte) {
	const ctPres = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
	types := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/ppt/presentation.xml" ContentType="` + ctPres + `"/>` +
		`<Override PartName="/ppt/comments/modernComment_100_0.xml" ContentType="application/vnd.ms-powerpoint.comments+xml"/>` +
		`<Override PartName="/ppt/authors.xml" ContentType="application/vnd.ms-powerpoint.authors+xml"/></Types>`
	const p188 = "http://schemas.microsoft.com/office/powerpoint/2018/8/main"
	return name(52, ".pptx"), Zip(
		Part{Name: "[Content_Types].xml", Data: []byte(types)},
		Part{Name: "_rels/.rels", Data: []byte(relsXML([]Rel{{ID: "rId1", Type: relNS + "officeDocument", Target: "ppt/presentation.xml"}}))},
		Part{Name: "ppt/presentation.xml", Data: []byte(`<?xml version="1.0" encoding="UTF-8"?><p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>`)},
		Part{Name: "ppt/comments/modernComment_100_0.xml", Data: []byte(`<?xml version="1.0" encoding="UTF-8"?><p188:cmLst xmlns:p188="` + p188 + `"><p188:cm id="{C1}" authorId="{A1}" created="2012-03-01T09:00:00.000"><p188:txBody/></p188:cm></p188:cmLst>`)},
		Part{Name: "ppt/authors.xml", Data: []byte(`<?xml version="1.0" encoding="UTF-8"?><p188:authorLst xmlns:p188="` + p188 + `"><p188:author id="{A1}" name="Frank Speaker" initials="FS" userId="Frank Speaker" providerId="None"/></p188:authorLst>`)},
	)
}

// DocxFrameset is a Word document whose web settings make it a frameset
// showing a page from a server.
func DocxFrameset() (string, []byte) {
	d := doc(53)
	ws := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:webSettings xmlns:w="` + nsW + `" xmlns:r="` + nsR + `"><w:frameset><w:frame><w:name w:val="f1"/><w:sourceFileName r:id="rIdFrame"/></w:frame></w:frameset></w:webSettings>`
	d.DocRels = []Rel{{ID: "rIdWeb", Type: relNS + "webSettings", Target: "webSettings.xml"}}
	d.Extra = []Part{
		{Name: "word/webSettings.xml", Data: []byte(ws)},
		{Name: "word/_rels/webSettings.xml.rels", Data: []byte(relsXML([]Rel{{ID: "rIdFrame", Type: relNS + "frame", Target: "http://evil.example/frame.html", External: true}}))},
	}
	d.ExtraTypes = `<Override PartName="/word/webSettings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.webSettings+xml"/>`
	return name(53, ".docx"), d.Bytes()
}

// RTFLinkedObject is an RTF file with an automatically updated link to
// another file (\objautlink).
func RTFLinkedObject() (string, []byte) {
	return name(54, ".rtf"), []byte(`{\rtf1\ansi{\object\objautlink\rsltpict\objw100\objh100{\*\objclass Excel.Sheet.8}{\*\objdata 0105000002000000}{\result see the link}}}` + "\n")
}

// XLSNote is a .xls with a cell note by an author (BIFF8 NOTE record).
func XLSNote() (string, []byte) {
	note := make([]byte, 8)
	author := "Grace Auditor"
	note = binary.LittleEndian.AppendUint16(note, uint16(len(author)))
	note = append(append(note, 0), author...)
	note = append(note, 0) // padding
	wb := Workbook([][]byte{BoundSheet("Sheet1", 0, false)})
	wb = append(wb, biffBOF(0x0010)...)
	wb = append(wb, BIFFRecord(0x001C, note)...)
	wb = append(wb, BIFFRecord(0x000A, nil)...)
	return name(55, ".xls"), XLS(wb)
}

// PPTComment is a legacy .ppt whose stream holds a Comment10Container
// with its author.
func PPTComment() (string, []byte) {
	le := binary.LittleEndian
	rec := func(verInst, typ uint16, body []byte) []byte {
		b := le.AppendUint16(nil, verInst)
		b = le.AppendUint16(b, typ)
		b = le.AppendUint32(b, uint32(len(body)))
		return append(b, body...)
	}
	var author []byte
	for _, c := range utf16.Encode([]rune("Heidi Presenter")) {
		author = le.AppendUint16(author, c)
	}
	comment := rec(0x000F, 0x2EE0, rec(0x0000, 0x0FBA, author))
	slide := rec(0x000F, 0x03EE, rec(0x000F, 0x0FD9, comment)) // Slide > progTags-like container > comment
	doc := rec(0x000F, 0x03E8, nil)                            // DocumentContainer (empty)
	return name(56, ".ppt"), CFB(
		Stream("PowerPoint Document", append(doc, slide...)),
		Stream("Current User", make([]byte, 32)),
	)
}

// NestedZipBomb is a zip of a zip of a zip of a zip of a zip holding a
// small document: the shape of a recursion bomb.
func NestedZipBomb() (string, []byte) {
	_, inner := Contribution("0957")
	data := inner
	innerName := "innovation-i-0957.docx"
	for i := 0; i < 5; i++ {
		data = Zip(Part{Name: innerName, Data: data})
		innerName = "level.zip"
	}
	return name(57, ".zip"), data
}
