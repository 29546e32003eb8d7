package hostile

import (
	"encoding/binary"
	"strings"
)

// BIFF8 building blocks (MS-XLS) and the Excel hostile classes: Excel 4.0
// macro sheets, Auto_Open names, DDE links and formula DDE.

// BIFFRecord returns one BIFF record: type, size, data.
func BIFFRecord(typ uint16, data []byte) []byte {
	b := make([]byte, 4, 4+len(data))
	binary.LittleEndian.PutUint16(b, typ)
	binary.LittleEndian.PutUint16(b[2:], uint16(len(data)))
	return append(b, data...)
}

// biffBOF is a BOF record of the given substream type (0x0005 globals,
// 0x0010 worksheet, 0x0040 macro sheet).
func biffBOF(dt uint16) []byte {
	d := make([]byte, 16)
	binary.LittleEndian.PutUint16(d, 0x0600) // BIFF8
	binary.LittleEndian.PutUint16(d[2:], dt)
	binary.LittleEndian.PutUint16(d[4:], 0x0DBB) // build
	binary.LittleEndian.PutUint16(d[6:], 0x07CC) // year
	return BIFFRecord(0x0809, d)
}

// BoundSheet returns a BoundSheet8 record: dt 0 worksheet, 1 macro sheet.
func BoundSheet(name string, dt byte, hidden bool) []byte {
	d := make([]byte, 6)
	if hidden {
		d[4] = 1
	}
	d[5] = dt
	d = append(d, byte(len(name)), 0)
	return BIFFRecord(0x0085, append(d, name...))
}

// Lbl returns a defined-name record; builtin names are one byte (0x01
// Auto_Open), others are ASCII.
func Lbl(name string, builtin bool) []byte {
	d := make([]byte, 14)
	var flags uint16 = 0x0008 | 0x0002 // fProc, fFunc: a macro
	if builtin {
		flags |= 0x0020
	}
	binary.LittleEndian.PutUint16(d, flags)
	d[3] = byte(len(name))
	d = append(d, 0) // fHighByte
	return BIFFRecord(0x0018, append(d, name...))
}

// SupBookDDE returns a SupBook record of a DDE link service|topic.
func SupBookDDE(service, topic string) []byte {
	p := service + "\x03" + topic
	d := make([]byte, 4)
	binary.LittleEndian.PutUint16(d[2:], uint16(len(p)))
	d = append(d, 0)
	return BIFFRecord(0x01AE, append(d, p...))
}

// Workbook returns a BIFF8 Workbook stream: a globals substream with the
// given records, then one substream per sheet type in dts.
func Workbook(globals [][]byte, dts ...uint16) []byte {
	var b []byte
	b = append(b, biffBOF(0x0005)...)
	for _, r := range globals {
		b = append(b, r...)
	}
	b = append(b, BIFFRecord(0x000A, nil)...)
	for _, dt := range dts {
		b = append(b, biffBOF(dt)...)
		b = append(b, BIFFRecord(0x000A, nil)...)
	}
	return b
}

// XLS wraps a Workbook stream in a compound file with summary information.
func XLS(workbook []byte) []byte {
	return CFB(
		Stream("Workbook", workbook),
		Stream("\x05SummaryInformation", SummaryInformation("Workbook", "A. Author")),
	)
}

// XLSMacroSheet is a .xls with a (hidden) Excel 4.0 macro sheet and an
// Auto_Open name, as in the 2020-2022 XLM malware waves.
func XLSMacroSheet() (string, []byte) {
	return name(37, ".xls"), XLS(Workbook([][]byte{
		BoundSheet("Sheet1", 0, false),
		BoundSheet("Macro1", 1, true),
		Lbl("\x01", true),
	}, 0x0010, 0x0040))
}

// XLSDDELink is a .xls with a DDE link to cmd (SupBook).
func XLSDDELink() (string, []byte) {
	return name(38, ".xls"), XLS(Workbook([][]byte{
		BoundSheet("Sheet1", 0, false),
		SupBookDDE("cmd", "/c calc"),
	}, 0x0010))
}

// CleanXLS is a plain .xls with one worksheet.
func CleanXLS() (string, []byte) {
	return name(39, ".xls"), XLS(Workbook([][]byte{BoundSheet("Sheet1", 0, false)}, 0x0010))
}

const (
	ctWorkbookXLSM = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
	ctWorkbookXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
	ctMacroSheet   = "application/vnd.ms-excel.macrosheet+xml"
	nsSS           = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
)

// Workbook package parts; extra parts and content-type overrides and
// workbook relationships are appended.
func xlsxParts(mainCT, sheets, defined string, wbRels []Rel, overrides string, extra ...Part) []byte {
	types := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="` + mainCT + `"/>` + overrides + `</Types>`
	wb := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="` + nsSS + `" xmlns:r="` + nsR + `"><sheets>` + sheets + `</sheets>`
	if defined != "" {
		wb += `<definedNames>` + defined + `</definedNames>`
	}
	wb += `</workbook>`
	parts := []Part{
		{Name: "[Content_Types].xml", Data: []byte(types)},
		{Name: "_rels/.rels", Data: []byte(relsXML([]Rel{{ID: "rId1", Type: relNS + "officeDocument", Target: "xl/workbook.xml"}}))},
		{Name: "xl/workbook.xml", Data: []byte(wb)},
		{Name: "xl/_rels/workbook.xml.rels", Data: []byte(relsXML(wbRels))},
	}
	return Zip(append(parts, extra...)...)
}

// XLSMMacroSheet is a .xlsm whose only macro is an Excel 4.0 macro sheet
// (xl/macrosheets/sheet1.xml) started by an Auto_Open name: no VBA.
func XLSMMacroSheet() (string, []byte) {
	ms := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><xm:macrosheet xmlns="` + nsSS + `" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">` +
		`<sheetData><row r="1"><c r="A1"><f>EXEC("calc.exe")</f></c></row><row r="2"><c r="A2"><f>HALT()</f></c></row></sheetData></xm:macrosheet>`
	return name(40, ".xlsm"), xlsxParts(ctWorkbookXLSM,
		`<sheet name="Macro1" sheetId="1" state="hidden" r:id="rId1"/>`,
		`<definedName name="_xlnm.Auto_Open" hidden="1">Macro1!$A$1</definedName>`,
		[]Rel{{ID: "rId1", Type: "http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet", Target: "macrosheets/sheet1.xml"}},
		`<Override PartName="/xl/macrosheets/sheet1.xml" ContentType="`+ctMacroSheet+`"/>`,
		Part{Name: "xl/macrosheets/sheet1.xml", Data: []byte(ms)},
	)
}

// SYLKMacro is a SYLK file that is an Excel 4.0 macro sheet running
// EXEC when opened.
func SYLKMacro() (string, []byte) {
	return name(41, ".slk"), []byte(strings.Join([]string{
		"ID;P", "O;E", "NN;NAuto_open;ER1C1", `C;X1;Y1;EEXEC("calc.exe")`, "C;X1;Y2;EHALT()", "E", "",
	}, "\r\n"))
}

// SYLKDDE is a SYLK file with a DDE formula.
func SYLKDDE() (string, []byte) {
	return name(42, ".slk"), []byte("ID;PWXL;N;E\r\nC;X1;Y1;K0;E cmd|' /C calc'!A0\r\nE\r\n")
}

// CSVDDE is a CSV file with formula DDE (the "CSV injection" pattern).
func CSVDDE() (string, []byte) {
	return name(43, ".csv"), []byte("name,total\r\nAna,12\r\n\"Bob\",=cmd|'/c calc'!A0\r\n")
}
