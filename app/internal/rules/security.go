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
	Macro         = finding.Spec{Code: "SEC-MACRO", Title: "Contains VBA macros", Severity: finding.Error, Cite: citeSecurity}
	AutoExec      = finding.Spec{Code: "SEC-AUTOEXEC", Title: "Contains auto-executing macros", Severity: finding.Error, Cite: citeSecurity}
	ExternalRel   = finding.Spec{Code: "SEC-EXTERNAL-REL", Title: "Loads content from outside the file", Severity: finding.Error, Cite: citeSecurity}
	OddLink       = finding.Spec{Code: "SEC-LINK", Title: "Hyperlink to a local file or script", Severity: finding.Warning, Cite: citeSecurity}
	DDE           = finding.Spec{Code: "SEC-DDE", Title: "Contains DDE fields", Severity: finding.Error, Cite: citeSecurity}
	OLEObject     = finding.Spec{Code: "SEC-OLE-OBJECT", Title: "Contains embedded OLE objects", Severity: finding.Warning, Cite: citeSecurity}
	ActiveX       = finding.Spec{Code: "SEC-ACTIVEX", Title: "Contains ActiveX controls", Severity: finding.Warning, Cite: citeSecurity}
	Encrypted     = finding.Spec{Code: "SEC-ENCRYPTED", Title: "Encrypted: cannot inspect", Severity: finding.Warning, Cite: citeSecurity}
	PDFJS         = finding.Spec{Code: "SEC-PDF-JS", Title: "PDF contains JavaScript", Severity: finding.Error, Cite: citeSecurity}
	PDFLaunch     = finding.Spec{Code: "SEC-PDF-LAUNCH", Title: "PDF launches programs", Severity: finding.Error, Cite: citeSecurity}
	PDFOpenAction = finding.Spec{Code: "SEC-PDF-OPENACTION", Title: "PDF runs an action when opened", Severity: finding.Error, Cite: citeSecurity}
	PDFActive     = finding.Spec{Code: "SEC-PDF-ACTIVE", Title: "PDF has additional actions, forms, media or attachments", Severity: finding.Warning, Cite: citeSecurity}
	TooLarge      = finding.Spec{Code: "SEC-TOO-LARGE", Title: "File is larger than FG Desk will read", Severity: finding.Error, Cite: citeSecurity}
	ZipBomb       = finding.Spec{Code: "SEC-ZIP-BOMB", Title: "Decompresses to far more than its size (zip bomb)", Severity: finding.Error, Cite: citeSecurity}
	ZipSizeLie    = finding.Spec{Code: "SEC-ZIP-SIZE-LIE", Title: "Zip entry larger than its header says", Severity: finding.Error, Cite: citeSecurity}
	ZipEntries    = finding.Spec{Code: "SEC-ZIP-ENTRIES", Title: "Too many zip entries", Severity: finding.Error, Cite: citeSecurity}
	ZipSlip       = finding.Spec{Code: "SEC-ZIP-SLIP", Title: "Unsafe path in the archive (../, absolute or backslash)", Severity: finding.Error, Cite: citeSecurity}
	ZipDuplicate  = finding.Spec{Code: "SEC-ZIP-DUPLICATE", Title: "Two archive entries with the same name", Severity: finding.Error, Cite: citeSecurity}
	XMLDoctype    = finding.Spec{Code: "SEC-XML-DOCTYPE", Title: "XML with a DOCTYPE (entity expansion)", Severity: finding.Error, Cite: citeSecurity}
	XMLDepth      = finding.Spec{Code: "SEC-XML-DEPTH", Title: "XML nested too deeply", Severity: finding.Error, Cite: citeSecurity}
	Malformed     = finding.Spec{Code: "FILE-MALFORMED", Title: "File is damaged or not what it claims", Severity: finding.Error, Cite: citeSecurity}
	Unsupported   = finding.Spec{Code: "FILE-UNSUPPORTED", Title: "Part of the file could not be inspected", Severity: finding.Warning, Cite: citeSecurity}
)

var _ = addFamily(Family{
	Name: "security",
	Doc:  "Safe to open: no macros, external content, DDE, embedded objects, PDF actions, encryption, or archive tricks.",
	Specs: append([]finding.Spec{Macro, AutoExec, ExternalRel, OddLink, DDE, OLEObject, ActiveX, Encrypted, PDFJS, PDFLaunch, PDFOpenAction, PDFActive,
		TooLarge, ZipBomb, ZipSizeLie, ZipEntries, ZipSlip, ZipDuplicate, XMLDoctype, XMLDepth, Malformed, Unsupported}, securityMore...),
	Check: checkSecurity,
})

var problemSpec = map[inspect.ProblemKind]finding.Spec{
	inspect.ProbTooLarge:    TooLarge,
	inspect.ProbBomb:        ZipBomb,
	inspect.ProbSizeLie:     ZipSizeLie,
	inspect.ProbTooMany:     ZipEntries,
	inspect.ProbUnsafeName:  ZipSlip,
	inspect.ProbDuplicate:   ZipDuplicate,
	inspect.ProbDoctype:     XMLDoctype,
	inspect.ProbDepth:       XMLDepth,
	inspect.ProbMalformed:   Malformed,
	inspect.ProbUnsupported: Unsupported,
}

const fixClean = "Save a clean copy as .docx (Word: File > Save As > Word Document) and upload that."

func checkSecurity(f *inspect.Facts, c *Context) []finding.Finding {
	var out []finding.Finding
	for _, p := range f.Problems {
		spec, ok := problemSpec[p.Kind]
		if !ok {
			spec = Malformed
		}
		out = append(out, spec.New(p.Where, capitalise(p.Detail)))
	}
	if len(f.Macros) > 0 {
		var where []string
		for _, m := range f.Macros {
			where = append(where, m.Where)
		}
		where = slices.Compact(where)
		out = append(out, Macro.New(strings.Join(where, ", "), fmt.Sprintf("The file carries VBA macros (%s); macros are not accepted in meeting documents.", describeIndicators(f.Macros))).WithFix(fixClean))
	}
	if len(f.AutoExec) > 0 && len(f.XLM) > 0 {
		out = append(out, AutoExec.New("macros", fmt.Sprintf("Macros run by themselves when the file is opened or closed: %s.", strings.Join(f.AutoExec, ", "))).
			WithFix("Delete the macro sheets and the Auto_Open names (Formulas > Name Manager), or copy the data to a new workbook, and save as .xlsx."))
	} else if len(f.AutoExec) > 0 {
		out = append(out, AutoExec.New("VBA", fmt.Sprintf("Macros run by themselves when the file is opened or closed: %s.", strings.Join(f.AutoExec, ", "))).WithFix(fixClean))
	}
	for _, r := range f.External {
		typ := r.Type[strings.LastIndexByte(r.Type, '/')+1:]
		if typ == "hyperlink" {
			if !safeLink(r.Target) {
				out = append(out, OddLink.New(r.Part, fmt.Sprintf("Hyperlink %s points to %q, not a web or mail address.", r.ID, r.Target)))
			}
			continue
		}
		out = append(out, ExternalRel.New(r.Part, fmt.Sprintf("Relationship %s (%s) loads %q when the file is opened.", r.ID, typ, r.Target)).
			WithFix("Remove the link to the outside (attached template, linked object or frame) and save again."))
	}
	for _, d := range f.DDE {
		switch {
		case strings.HasPrefix(d.Detail, "DDE link "):
			out = append(out, DDE.New(d.Where, fmt.Sprintf("%s can run a program when the file is opened or its links are updated.", clip(d.Detail, 100))).
				WithFix("Break the link (Excel: Data > Edit Links > Break Link) and save again."))
		case strings.HasPrefix(d.Detail, "DDE formula "):
			out = append(out, DDE.New(d.Where, fmt.Sprintf("%s can run a program when the cell is calculated.", clip(d.Detail, 100))).
				WithFix("Delete the formula (or its leading =) and save again."))
		default:
			out = append(out, DDE.New(d.Where, fmt.Sprintf("DDE field «%s» can run a program when the file is opened.", clip(d.Detail, 80))).WithFix("Delete the field and save again."))
		}
	}
	for _, o := range f.OLEObjects {
		spec := OLEObject
		if strings.Contains(strings.ToLower(o.Where+o.Detail), "activex") {
			spec = ActiveX
		}
		out = append(out, spec.New(o.Where, fmt.Sprintf("Embedded object %s: paste it as a picture instead.", describe(o))))
	}
	if f.Encrypted {
		out = append(out, Encrypted.New(f.Name, "The file is password-protected, so nothing inside it can be checked.").WithFix("Upload it without a password."))
	}
	for _, e := range f.Embedded {
		switch {
		case e.Macros:
			out = append(out, Macro.New(f.Name+"!"+e.Name, fmt.Sprintf("The archive holds %s with macros.", e.Name)).WithFix("Remove it from the archive or save it without macros."))
		case e.Kind == inspect.KindDOCM || e.Kind == inspect.KindDOTM || e.Kind == inspect.KindXLSM || e.Kind == inspect.KindPPTM:
			out = append(out, MacroEnabled.New(f.Name+"!"+e.Name, fmt.Sprintf("The archive holds %s, a macro-enabled file type (no macros were found in it).", e.Name)).
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
	report(PDFJS, "The PDF carries JavaScript", "JS", "JavaScript")
	report(PDFLaunch, "The PDF can launch a program", "Launch")
	if p.Structure {
		// The structural pass tells actions from destinations and lists
		// attachments by name (security_pdf.go).
		report(PDFActive, "The PDF has additional actions, forms or media", "AA", "XFA", "RichMedia")
	} else {
		if p.Names["OpenAction"] > p.OpenActionDests {
			report(PDFOpenAction, "The PDF runs an action when opened", "OpenAction")
		}
		report(PDFActive, "The PDF has additional actions, forms, media or attached files", "AA", "EmbeddedFile", "XFA", "RichMedia")
	}
	if p.Names["Encrypt"] > 0 && !f.Encrypted {
		out = append(out, Encrypted.New(f.Name, "The PDF is encrypted, so parts of it cannot be checked.").WithFix("Save it without a password or restrictions."))
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
