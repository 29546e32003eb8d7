package rules

import (
	"fmt"
	"strings"

	"github.com/fgdesk/fgdesk/app/internal/finding"
	"github.com/fgdesk/fgdesk/app/internal/inspect"
)

// Security detections added for real-world files (issue 9): what oletools'
// oleid, olevba (XLM), msodde and pdfid report beyond VBA and Word fields.
var (
	MacroEnabled = finding.Define(finding.Spec{Code: "SEC-MACRO-ENABLED", Title: "Macro-enabled file type (no macros found)", Severity: finding.Warning, Cite: citeSecurity,
		Family: "security", Since: "0.2.0",
		Doc: "The package declares a macro-enabled type (.docm, .xlsm, .pptm, .xltm, .ppsm, an add-in) but no VBA project or Excel 4.0 macro sheet was found in it. " +
			"Nothing runs today, but the file type invites macros and TSB publishes only macro-free formats. Save it as the plain type (.docx, .xlsx, .pptx)."})
	XLMMacro = finding.Define(finding.Spec{Code: "SEC-XLM-MACRO", Title: "Contains Excel 4.0 (XLM) macros", Severity: finding.Error, Cite: citeSecurity,
		Family: "security", Since: "0.2.0",
		Doc: "Excel 4.0 macro sheets (a BIFF8 BoundSheet of macro type in .xls, xl/macrosheets/ in .xlsm/.xlsb/.xltm, macro cells in SYLK .slk files) run formulas such as EXEC and CALL; they are not VBA and are a common malware vector. " +
			"Delete the macro sheet (or copy the data into a new workbook) and save as .xlsx."})
	PDFRemote = finding.Define(finding.Spec{Code: "SEC-PDF-REMOTE", Title: "PDF sends form data or opens other files", Severity: finding.Error, Cite: citeSecurity,
		Family: "security", Since: "0.2.0",
		Doc: "A PDF action (ISO 32000 §12.6) of type SubmitForm, ImportData, GoToR or GoToE with a file names a file or address outside the document; opening it sends data or fetches another file. " +
			"Print to a new PDF, or export again from the source, without forms or links to other files."})
	PDFURI = finding.Define(finding.Spec{Code: "SEC-PDF-URI", Title: "PDF link to a local file or script", Severity: finding.Warning, Cite: citeSecurity,
		Family: "security", Since: "0.2.0",
		Doc: "A URI action whose address is not a web or mail address (file:, smb:, javascript: ...). Links to http, https and mailto addresses are not reported. " +
			"Remove or correct the link in the source document and export the PDF again."})
	PDFAttachment = finding.Define(finding.Spec{Code: "SEC-PDF-ATTACHMENT", Title: "PDF carries attached files", Severity: finding.Warning, Cite: citeSecurity,
		Family: "security", Since: "0.2.0",
		Doc: "Files embedded in the PDF (the EmbeddedFiles name tree or FileAttachment annotations) are not checked by FG Desk and travel with the document. " +
			"Upload attachments as separate contributions and export the PDF without them."})
	ExternalData = finding.Define(finding.Spec{Code: "SEC-EXTERNAL-DATA", Title: "Fetches data or content from outside when opened", Severity: finding.Error, Cite: citeSecurity,
		Family: "security", Since: "0.2.0",
		Doc: "Workbook data connections (xl/connections.xml) and web queries (query tables), Word frames and framesets (word/webSettings.xml) and RTF linked objects (\\objautlink, \\objlink) load content from another file or a server when the file is opened or refreshed. " +
			"Paste the data as values, remove the connection or frame, and save again."})
	DefaultPassword = finding.Define(finding.Spec{Code: "SEC-DEFAULT-PASSWORD", Title: "Encrypted with Excel's default password", Severity: finding.Warning, Cite: citeSecurity,
		Family: "security", Since: "0.2.0",
		Doc: "The file is encrypted with \"VelvetSweatshop\", the password Excel uses when none is given, so Excel opens it without asking; malware uses this to hide macros and DDE from scanners. " +
			"FG Desk decrypted it in memory with that password only and checked what is inside. Save a copy without encryption."})
)

// securityMore lists the specs above for the security family.
var securityMore = []finding.Spec{MacroEnabled, XLMMacro, PDFRemote, PDFURI, PDFAttachment, ExternalData, DefaultPassword}

func checkSecurityMore(f *inspect.Facts) []finding.Finding {
	var out []finding.Finding
	if len(f.MacroEnabled) > 0 && len(f.Macros) == 0 && len(f.XLM) == 0 {
		m := f.MacroEnabled[0]
		out = append(out, MacroEnabled.New(m.Where, fmt.Sprintf("The file type is macro-enabled (%s), but no VBA project or Excel 4.0 macro sheet is in it.", m.Detail)).
			WithFix("Save it as the plain type (Word: File > Save As > Word Document .docx; Excel: .xlsx; PowerPoint: .pptx)."))
	}
	for _, x := range f.XLM {
		out = append(out, XLMMacro.New(x.Where, fmt.Sprintf("Excel 4.0 macro: %s; XLM formulas can run programs (EXEC, CALL) and are not VBA.", x.Detail)).
			WithFix("Delete the macro sheet (right-click its tab > Delete) or copy the data to a new workbook, and save as .xlsx."))
	}
	for _, x := range f.ExternalData {
		out = append(out, ExternalData.New(x.Where, fmt.Sprintf("%s: content from outside the file, loaded when the file is opened or refreshed.", strings.TrimSuffix(capitalise(x.Detail), "."))).
			WithFix("Paste the data as values (or the content as text), remove the connection, link or frame, and save again."))
	}
	if f.Decrypted != "" {
		out = append(out, DefaultPassword.New(f.Name, fmt.Sprintf("The file is encrypted with Excel's default password %q (Excel opens it without asking); FG Desk decrypted it in memory and checked what is inside.", f.Decrypted)).
			WithFix("Save a copy without a password (File > Info > Protect > Encrypt: clear the password) and upload that."))
	}
	if p := f.PDF; p != nil && p.Structure {
		out = append(out, checkPDFActions(f, p)...)
	}
	return out
}

// checkPDFActions judges the action dictionaries the structural pass
// found; destinations are not actions and are never reported.
func checkPDFActions(f *inspect.Facts, p *inspect.PDFFacts) []finding.Finding {
	var out []finding.Finding
	for _, a := range p.Actions {
		where := fmt.Sprintf("obj %d", a.Obj)
		target := ""
		if a.Target != "" {
			target = fmt.Sprintf(" (%q)", clip(a.Target, 80))
		}
		auto := a.Trigger != ""
		switch {
		case auto && !harmlessAction(a.Type):
			when := "when the document is opened"
			if a.Trigger != "OpenAction" {
				when = "by itself on event " + strings.TrimPrefix(a.Trigger, "AA/")
			}
			out = append(out, PDFOpenAction.New(where, fmt.Sprintf("The PDF runs a /%s action%s %s (/%s).", a.Type, target, when, a.Trigger)).
				WithFix("Print to a new PDF (or export again from the source document) without scripts or actions."))
		case a.Type == "SubmitForm" || a.Type == "ImportData" || a.Type == "GoToR" || a.Type == "GoToE" && a.Target != "":
			out = append(out, PDFRemote.New(where, fmt.Sprintf("A /%s action%s sends data to or opens a file outside the document.", a.Type, target)).
				WithFix("Export the PDF again without forms or links to other files."))
		case a.Type == "URI" && !safeLink(a.Target):
			out = append(out, PDFURI.New(where, fmt.Sprintf("A link (/URI action) points to %q, not a web or mail address.", clip(a.Target, 80))).
				WithFix("Remove or correct the link in the source document and export the PDF again."))
		}
	}
	for _, a := range p.Attachments {
		out = append(out, PDFAttachment.New(a.Where, fmt.Sprintf("The PDF carries the attached file %q, which FG Desk does not check.", clip(a.Detail, 80))).
			WithFix("Upload the attachment separately and export the PDF without it."))
	}
	return out
}

// harmlessAction: actions that move within the document or change its
// view; run by themselves, they fetch and execute nothing.
func harmlessAction(typ string) bool {
	switch typ {
	case "GoTo", "Named", "Thread", "SetOCGState", "Trans", "GoTo3DView", "ResetForm", "Hide":
		return true
	}
	return false
}
