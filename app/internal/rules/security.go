package rules

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/fgdesk/fgdesk/app/internal/finding"
	"github.com/fgdesk/fgdesk/app/internal/inspect"
)

// Meeting documents are public and opened by every participant (§9); TSB
// must not pass on a file that runs code or fetches content when opened.
// Severities follow oletools' oleid: auto-exec macros and external
// relationships are errors, as are plain macros in a file meant to be .docx.
const citeSecurity = "Circular 253 §9 (documents are public; TSB processes each file)"

// Security rules.
var (
	SecMacro = finding.Define(finding.Spec{Code: "SEC-MACRO", Title: "Contains VBA macros", Severity: finding.Error, Cite: citeSecurity, Family: "security", Since: "0.1.0",
		Doc: "The file carries VBA macros (a vbaProject part or an OLE macro storage). Meeting documents are public and opened by every participant, and TSB processes each file (§9): a macro is code that can run on their machines. Save the document as a macro-free .docx (File > Save As > Word Document)."})
	SecAutoexec = finding.Define(finding.Spec{Code: "SEC-AUTOEXEC", Title: "Contains auto-executing macros", Severity: finding.Error, Cite: citeSecurity, Family: "security", Since: "0.1.0",
		Doc: "The macros include ones that run by themselves when the file is opened or closed (AutoOpen, Document_Open, Auto_Close, ...), the pattern of macro malware. Every participant opens meeting documents (§9). Remove the macros and save as a macro-free .docx."})
	SecExternalRel = finding.Define(finding.Spec{Code: "SEC-EXTERNAL-REL", Title: "Loads content from outside the file", Severity: finding.Error, Cite: citeSecurity, Family: "security", Since: "0.1.0",
		Doc: "A relationship loads content from outside the file when it is opened: a remote template, image, OLE link or frame (the technique of template-injection attacks). Opening the public document would contact that address from every participant's machine (§9). Embed the content instead of linking it, or remove it, and save again."})
	SecLink = finding.Define(finding.Spec{Code: "SEC-LINK", Title: "Hyperlink to a local file or script", Severity: finding.Warning, Cite: citeSecurity, Family: "security", Since: "0.1.0",
		Doc: "A hyperlink points to a local file, a network share or a script (file:, \\\\host, javascript:, ...) rather than a web or mail address. Such a link does not work for other readers and can run something when clicked in a public document (§9). Link to a web address, or remove the link."})
	SecDDE = finding.Define(finding.Spec{Code: "SEC-DDE", Title: "Contains DDE fields", Severity: finding.Error, Cite: citeSecurity, Family: "security", Since: "0.1.0",
		Doc: "The document contains a DDE or DDEAUTO field, which can start a program when the file is opened or its fields are updated (a known malware technique). Meeting documents are opened by every participant (§9). Delete the field and save the document again."})
	SecOLEObject = finding.Define(finding.Spec{Code: "SEC-OLE-OBJECT", Title: "Contains embedded OLE objects", Severity: finding.Warning, Cite: citeSecurity, Family: "security", Since: "0.1.0",
		Doc: "The document embeds OLE objects (e.g. a spreadsheet, a package or an executable inside the Word file). An embedded object can carry or launch content the reader cannot see, in a public document every participant opens (§9). Replace the object with a picture or a table, or attach the data separately if TSB agrees."})
	SecActivex = finding.Define(finding.Spec{Code: "SEC-ACTIVEX", Title: "Contains ActiveX controls", Severity: finding.Warning, Cite: citeSecurity, Family: "security", Since: "0.1.0",
		Doc: "The document contains ActiveX controls, which are programs that run inside Office when the document is opened. Meeting documents are public and opened by every participant (§9). Remove the controls and save again."})
	SecEncrypted = finding.Define(finding.Spec{Code: "SEC-ENCRYPTED", Title: "Encrypted: cannot inspect", Severity: finding.Warning, Cite: citeSecurity, Family: "security", Since: "0.1.0",
		Doc: "The file is encrypted or password-protected, so nothing inside it can be checked, and TSB cannot process or publish it for participants to read (§9). Save the file without a password or restrictions."})
	SecPDFJS = finding.Define(finding.Spec{Code: "SEC-PDF-JS", Title: "PDF contains JavaScript", Severity: finding.Error, Cite: citeSecurity, Family: "security", Since: "0.1.0",
		Doc: "The PDF carries JavaScript (/JS or /JavaScript). Scripts in PDFs are the usual way PDF malware runs, and every participant opens meeting documents (§9). Export the PDF again without scripts (e.g. print to PDF)."})
	SecPDFLaunch = finding.Define(finding.Spec{Code: "SEC-PDF-LAUNCH", Title: "PDF launches programs", Severity: finding.Error, Cite: citeSecurity, Family: "security", Since: "0.1.0",
		Doc: "The PDF has a /Launch action, which can start a program on the reader's machine. Meeting documents are opened by every participant (§9). Export the PDF again without actions."})
	SecPDFOpenaction = finding.Define(finding.Spec{Code: "SEC-PDF-OPENACTION", Title: "PDF runs an action when opened", Severity: finding.Error, Cite: citeSecurity, Family: "security", Since: "0.1.0",
		Doc: "The PDF runs an action when opened (/OpenAction), e.g. a script, a link or a jump. Opening a public document should not do anything by itself (§9). Export the PDF again without an open action."})
	SecPDFActive = finding.Define(finding.Spec{Code: "SEC-PDF-ACTIVE", Title: "PDF has additional actions, forms, media or attachments", Severity: finding.Warning, Cite: citeSecurity, Family: "security", Since: "0.1.0",
		Doc: "The PDF has additional actions, interactive forms, rich media or embedded files (/AA, /XFA, /RichMedia, /EmbeddedFile). These can carry content the reader does not see or run on events (§9). Flatten the PDF (print to PDF) unless the content is intended, and say so to TSB."})
	SecTooLarge = finding.Define(finding.Spec{Code: "SEC-TOO-LARGE", Title: "File is larger than FG Desk will read", Severity: finding.Error, Cite: citeSecurity, Family: "security", Since: "0.1.0",
		Doc: "The file is larger than FG Desk reads (the limit is in the message). A contribution that large is most likely not a plain document, and TSB processes each file by hand (§9). Reduce embedded media, or agree with TSB on another way to submit it."})
	SecZipBomb = finding.Define(finding.Spec{Code: "SEC-ZIP-BOMB", Title: "Decompresses to far more than its size (zip bomb)", Severity: finding.Error, Cite: citeSecurity, Family: "security", Since: "0.1.0",
		Doc: "The file (a .docx, .xlsx, .pptx or .zip is a zip archive) decompresses to far more than its size: a zip bomb, which exhausts memory or disk of whoever opens it. TSB processes each file and every participant opens it (§9). Save the document again from its program; a normal document never looks like this."})
	SecZipSizeLie = finding.Define(finding.Spec{Code: "SEC-ZIP-SIZE-LIE", Title: "Zip entry larger than its header says", Severity: finding.Error, Cite: citeSecurity, Family: "security", Since: "0.1.0",
		Doc: "A zip entry decompresses to more than its header declares. Tools that trust the header can be made to overrun memory, and a real Office program never writes this (§9: TSB processes each file). Save the document again from its program."})
	SecZipEntries = finding.Define(finding.Spec{Code: "SEC-ZIP-ENTRIES", Title: "Too many zip entries", Severity: finding.Error, Cite: citeSecurity, Family: "security", Since: "0.1.0",
		Doc: "The archive holds more entries than FG Desk reads (the limit is in the message). A document with that many parts is either broken or built to exhaust the tools that open it (§9). Save the document again, or split an archive."})
	SecZipSlip = finding.Define(finding.Spec{Code: "SEC-ZIP-SLIP", Title: "Unsafe path in the archive (../, absolute or backslash)", Severity: finding.Error, Cite: citeSecurity, Family: "security", Since: "0.1.0",
		Doc: "An entry of the archive has an unsafe path (../, an absolute path or a backslash), which can write outside the target folder when unpacked (\"zip slip\"). TSB unpacks and processes each file (§9). Build the archive again with plain relative paths."})
	SecZipDuplicate = finding.Define(finding.Spec{Code: "SEC-ZIP-DUPLICATE", Title: "Two archive entries with the same name", Severity: finding.Error, Cite: citeSecurity, Family: "security", Since: "0.1.0",
		Doc: "Two entries of the archive have the same name, so different programs read different content for the same part: a way to show one thing and hide another. TSB processes each file (§9). Save the document again from its program."})
	SecXMLDoctype = finding.Define(finding.Spec{Code: "SEC-XML-DOCTYPE", Title: "XML with a DOCTYPE (entity expansion)", Severity: finding.Error, Cite: citeSecurity, Family: "security", Since: "0.1.0",
		Doc: "An XML part has a DOCTYPE, which Office never writes; it enables entity expansion (\"billion laughs\") and external entities that read files or contact servers. TSB processes each file (§9). Save the document again from its program."})
	SecXMLDepth = finding.Define(finding.Spec{Code: "SEC-XML-DEPTH", Title: "XML nested too deeply", Severity: finding.Error, Cite: citeSecurity, Family: "security", Since: "0.1.0",
		Doc: "An XML part is nested deeper than FG Desk reads (the limit is in the message), a way to exhaust the stack of programs that parse it. TSB processes each file (§9). Save the document again from its program."})
	FileMalformed = finding.Define(finding.Spec{Code: "FILE-MALFORMED", Title: "File is damaged or not what it claims", Severity: finding.Error, Cite: citeSecurity, Family: "security", Since: "0.1.0",
		Doc: "The file is damaged or not what it claims: a truncated archive, a broken XML part, a corrupt OLE or PDF structure. TSB cannot process it and participants may not be able to open it (§9). Open the document in its program, save it again, and check the new file."})
	FileUnsupported = finding.Define(finding.Spec{Code: "FILE-UNSUPPORTED", Title: "Part of the file could not be inspected", Severity: finding.Warning, Cite: citeSecurity, Family: "security", Since: "0.1.0",
		Doc: "A part of the file could not be inspected (e.g. an unusual compression method or an embedded format FG Desk does not read), so the checks on that part were not run. Look at the part named in the message by eye, or save the document again in a plain format."})
)

var _ = addFamily(Family{
	Name:  "security",
	Rank:  60,
	Doc:   "Safe to open: no macros, external content, DDE, embedded objects, PDF actions, encryption, or archive tricks.",
	Check: checkSecurity,
})

var problemSpec = map[inspect.ProblemKind]finding.Spec{
	inspect.ProbTooLarge:    SecTooLarge,
	inspect.ProbBomb:        SecZipBomb,
	inspect.ProbSizeLie:     SecZipSizeLie,
	inspect.ProbTooMany:     SecZipEntries,
	inspect.ProbUnsafeName:  SecZipSlip,
	inspect.ProbDuplicate:   SecZipDuplicate,
	inspect.ProbDoctype:     SecXMLDoctype,
	inspect.ProbDepth:       SecXMLDepth,
	inspect.ProbMalformed:   FileMalformed,
	inspect.ProbUnsupported: FileUnsupported,
}

const fixClean = "Save a clean copy as .docx (Word: File > Save As > Word Document) and upload that."

func checkSecurity(f *inspect.Facts, c *Context) []finding.Finding {
	var out []finding.Finding
	for _, p := range f.Problems {
		spec, ok := problemSpec[p.Kind]
		if !ok {
			spec = FileMalformed
		}
		out = append(out, spec.New(p.Where, capitalise(p.Detail)))
	}
	if len(f.Macros) > 0 {
		var where []string
		for _, m := range f.Macros {
			where = append(where, m.Where)
		}
		where = slices.Compact(where)
		out = append(out, SecMacro.New(strings.Join(where, ", "), fmt.Sprintf("The file carries VBA macros (%s); macros are not accepted in meeting documents.", describeIndicators(f.Macros))).WithFix(fixClean))
	}
	if len(f.AutoExec) > 0 && len(f.XLM) > 0 {
		out = append(out, SecAutoexec.New("macros", fmt.Sprintf("Macros run by themselves when the file is opened or closed: %s.", strings.Join(f.AutoExec, ", "))).
			WithFix("Delete the macro sheets and the Auto_Open names (Formulas > Name Manager), or copy the data to a new workbook, and save as .xlsx."))
	} else if len(f.AutoExec) > 0 {
		out = append(out, SecAutoexec.New("VBA", fmt.Sprintf("Macros run by themselves when the file is opened or closed: %s.", strings.Join(f.AutoExec, ", "))).WithFix(fixClean))
	}
	for _, r := range f.External {
		typ := r.Type[strings.LastIndexByte(r.Type, '/')+1:]
		if typ == "hyperlink" {
			if !safeLink(r.Target) {
				out = append(out, SecLink.New(r.Part, fmt.Sprintf("Hyperlink %s points to %q, not a web or mail address.", r.ID, r.Target)))
			}
			continue
		}
		out = append(out, SecExternalRel.New(r.Part, fmt.Sprintf("Relationship %s (%s) loads %q when the file is opened.", r.ID, typ, r.Target)).
			WithFix("Remove the link to the outside (attached template, linked object or frame) and save again."))
	}
	for _, d := range f.DDE {
		switch {
		case strings.HasPrefix(d.Detail, "DDE link "):
			out = append(out, SecDDE.New(d.Where, fmt.Sprintf("%s can run a program when the file is opened or its links are updated.", clip(d.Detail, 100))).
				WithFix("Break the link (Excel: Data > Edit Links > Break Link) and save again."))
		case strings.HasPrefix(d.Detail, "DDE formula "):
			out = append(out, SecDDE.New(d.Where, fmt.Sprintf("%s can run a program when the cell is calculated.", clip(d.Detail, 100))).
				WithFix("Delete the formula (or its leading =) and save again."))
		default:
			out = append(out, SecDDE.New(d.Where, fmt.Sprintf("DDE field «%s» can run a program when the file is opened.", clip(d.Detail, 80))).WithFix("Delete the field and save again."))
		}
	}
	for _, o := range f.OLEObjects {
		spec := SecOLEObject
		if strings.Contains(strings.ToLower(o.Where+o.Detail), "activex") {
			spec = SecActivex
		}
		out = append(out, spec.New(o.Where, fmt.Sprintf("Embedded object %s: paste it as a picture instead.", describe(o))))
	}
	if f.Encrypted {
		out = append(out, SecEncrypted.New(f.Name, "The file is password-protected, so nothing inside it can be checked.").WithFix("Upload it without a password."))
	}
	for _, e := range f.Embedded {
		switch {
		case e.Macros:
			out = append(out, SecMacro.New(f.Name+"!"+e.Name, fmt.Sprintf("The archive holds %s with macros.", e.Name)).WithFix("Remove it from the archive or save it without macros."))
		case e.Kind == inspect.KindDOCM || e.Kind == inspect.KindDOTM || e.Kind == inspect.KindXLSM || e.Kind == inspect.KindPPTM:
			out = append(out, SecMacroEnabled.New(f.Name+"!"+e.Name, fmt.Sprintf("The archive holds %s, a macro-enabled file type (no macros were found in it).", e.Name)).
				WithFix("Save it as the plain type (.docx, .xlsx, .pptx) and put that in the archive."))
		}
	}
	if p := f.PDF; p != nil {
		out = append(out, checkPDF(f, p)...)
	}
	return append(out, checkSecurityMore(f)...)
}

func checkPDF(f *inspect.Facts, p *inspect.PDFFacts) []finding.Finding {
	var out []finding.Finding
	structural := func(names ...string) []string {
		var hits []string
		for _, s := range p.Structural {
			name, _, _ := strings.Cut(s, "@")
			if slices.Contains(names, name) {
				hits = append(hits, s)
			}
		}
		return hits
	}
	report := func(spec finding.Spec, what string, names ...string) {
		n := 0
		for _, k := range names {
			n += p.Names[k]
		}
		hits := structural(names...)
		if n == 0 && len(hits) == 0 {
			return
		}
		where := f.Name
		detail := fmt.Sprintf("/%s: %d occurrence(s) in the file", strings.Join(names, ", /"), n)
		if len(hits) > 0 {
			detail += fmt.Sprintf(" and in objects %s", strings.Join(clipList(hits, 5), ", "))
			if n == 0 {
				detail = fmt.Sprintf("/%s is hidden in compressed objects %s", strings.Join(names, ", /"), strings.Join(clipList(hits, 5), ", "))
			}
		}
		out = append(out, spec.New(where, fmt.Sprintf("%s: %s.", what, detail)).WithFix("Print to a new PDF (or export again from the source document) without scripts or actions."))
	}
	report(SecPDFJS, "The PDF carries JavaScript", "JS", "JavaScript")
	report(SecPDFLaunch, "The PDF can launch a program", "Launch")
	if p.Structure {
		// The structural pass tells actions from destinations and lists
		// attachments by name (security_pdf.go).
		report(SecPDFActive, "The PDF has additional actions, forms or media", "AA", "XFA", "RichMedia")
	} else {
		if p.Names["OpenAction"] > p.OpenActionDests {
			report(SecPDFOpenaction, "The PDF runs an action when opened", "OpenAction")
		}
		report(SecPDFActive, "The PDF has additional actions, forms, media or attached files", "AA", "EmbeddedFile", "XFA", "RichMedia")
	}
	if p.Names["Encrypt"] > 0 && !f.Encrypted {
		out = append(out, SecEncrypted.New(f.Name, "The PDF is encrypted, so parts of it cannot be checked.").WithFix("Save it without a password or restrictions."))
	}
	return out
}

func safeLink(target string) bool {
	u, err := url.Parse(strings.TrimSpace(target))
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https", "mailto", "ftp":
		return true
	case "":
		return strings.HasPrefix(target, "#") // a bookmark inside the document
	}
	return false
}

func describeIndicators(is []inspect.Indicator) string {
	var parts []string
	for _, i := range is {
		parts = append(parts, describe(i))
	}
	return strings.Join(clipList(slices.Compact(parts), 4), "; ")
}

func describe(i inspect.Indicator) string {
	if i.Detail == "" {
		return i.Where
	}
	return i.Where + ": " + i.Detail
}

func clipList(s []string, n int) []string {
	if len(s) <= n {
		return s
	}
	return append(slices.Clone(s[:n]), fmt.Sprintf("and %d more", len(s)-n))
}

func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// capitalise makes a detail a sentence; a detail that starts with a part
// name ("word/document.xml: ...") keeps its case.
func capitalise(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return "Structural problem."
	}
	if first, _, _ := strings.Cut(s, " "); !strings.ContainsAny(first, "/.\\") {
		s = strings.ToUpper(s[:1]) + s[1:]
	}
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}
