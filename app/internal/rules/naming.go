package rules

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/fgdesk/fgdesk/app/internal/finding"
	"github.com/fgdesk/fgdesk/app/internal/inspect"
)

const citeNaming = "Circular 253 §9 (file name innovation-i-nnnn + extension)"

// Naming rules.
var (
	NamePattern = finding.Define(finding.Spec{Code: "NAME-PATTERN", Title: "File name does not follow the meeting's pattern", Severity: finding.Error, Cite: citeNaming, Family: "naming", Since: "0.1.0",
		Doc: "The file name is not the meeting's pattern, innovation-i-nnnn plus an extension (for example innovation-i-0012.docx). TSB moves each file from the incoming folder by its name and lists it under that name, so a file named otherwise is not processed or gets lost. Rename the file to the pattern with the number TSB allocated; the finding's fix gives the corrected name when the number can be found."})
	NameCase = finding.Define(finding.Spec{Code: "NAME-CASE", Title: "File name is not lower case", Severity: finding.Error, Cite: citeNaming, Family: "naming", Since: "0.1.0",
		Doc: "The file name has capital letters, e.g. Innovation-I-0012.docx. The FTP area and the document list are case-sensitive, and the circular's pattern is lower case (§9), so TSB would list two names for one document. Rename the file in lower case."})
	NameExtNotAccepted = finding.Define(finding.Spec{Code: "NAME-EXT-NOT-ACCEPTED", Title: "Extension is not one the meeting accepts", Severity: finding.Error, Cite: citeNaming, Family: "naming", Since: "0.1.0",
		Doc: "The extension is not one the meeting profile accepts (by default .docx, .doc, .pdf, .pptx, .ppt, .xlsx, .xls, .zip). TSB processes and publishes only document formats participants can open (§9). Save the document in an accepted format, usually Word (.docx), and name it with that extension."})
	NameExtMismatch = finding.Define(finding.Spec{Code: "NAME-EXT-MISMATCH", Title: "Extension does not match the file's real type", Severity: finding.Error, Cite: citeNaming, Family: "naming", Since: "0.1.0",
		Doc: "The extension says one type but the content is another, e.g. a PDF named .docx or an old .doc renamed .docx. Participants' programs open files by extension and fail or warn on a mismatch, and TSB processes each file by its real type (§9). Save the file again in the type its extension names, or rename it to the extension of its real type."})
	FileTypeUnknown = finding.Define(finding.Spec{Code: "FILE-TYPE-UNKNOWN", Title: "Content is not a document type TSB can process", Severity: finding.Error, Cite: citeNaming, Family: "naming", Since: "0.1.0",
		Doc: "The content is not a Word, PDF, PowerPoint, Excel or zip file (for example plain text, an image or an executable), whatever the name says. TSB can only process and publish document formats (§9). Submit the contribution as a Word file in the FG base template, or as PDF."})
	FileEmpty = finding.Define(finding.Spec{Code: "FILE-EMPTY", Title: "File is empty", Severity: finding.Error, Cite: citeNaming, Family: "naming", Since: "0.1.0",
		Doc: "The file has no bytes at all, typically an upload that failed or a file saved while the disk was full. TSB cannot process an empty file and the number would stay without a document (§9). Save the document again and submit the complete file."})
)

var _ = addFamily(Family{
	Name:  "naming",
	Rank:  10,
	Doc:   "The file name is innovation-i-nnnn plus an accepted extension that matches the content.",
	Check: checkNaming,
})

// SuggestName returns the name the file should have: the canonical base name
// for the number found in the name (or else in the header table) and the
// usual extension of the real type (or else the lower-cased current one).
// It returns "" when no number can be found.
func SuggestName(f *inspect.Facts, c *Context) string {
	p := c.Profile
	num := Number(f, p)
	if num == "" {
		return ""
	}
	ext := strings.ToLower(filepath.Ext(f.Name))
	if exts := f.Kind.Extensions(); len(exts) > 0 && !slices.Contains(exts, ext) {
		ext = exts[0]
	}
	return p.FileName(num, ext)
}

func checkNaming(f *inspect.Facts, c *Context) []finding.Finding {
	p := c.Profile
	var out []finding.Finding
	name := f.Name
	ext := filepath.Ext(name)
	lowExt := strings.ToLower(ext)
	fix := SuggestName(f, c)

	if _, _, ok := p.ParseName(name); !ok {
		if _, _, okLower := p.ParseName(strings.ToLower(name)); okLower {
			out = append(out, NameCase.New(name, fmt.Sprintf("%q must be all lower case.", name)).WithFix(fixOrEmpty(fix)))
		} else {
			msg := fmt.Sprintf("%q is not named %s plus an extension (no spaces, no extra dots).", name, p.Documents.Pattern)
			f := NamePattern.New(name, msg)
			if fix != "" {
				f = f.WithFix("Rename it " + fix + ".")
			} else {
				f = f.WithFix(fmt.Sprintf("Ask TSB (%s) for a number and name the file %s.", p.TSB.Email, p.FileName(strings.Repeat("n", p.Digits()), ".docx")))
			}
			out = append(out, f)
		}
	}

	switch f.Kind {
	case inspect.KindEmpty:
		return append(out, FileEmpty.New(name, "The file is empty (0 bytes); upload it again."))
	case inspect.KindUnknown, inspect.KindText, "":
		return append(out, FileTypeUnknown.New(name, fmt.Sprintf("The content is not a Word, PDF, PowerPoint, Excel or zip file (looks like %s).", describeMIME(f))))
	}

	if !p.Accepts(lowExt) {
		msg := fmt.Sprintf("Extension %q is not accepted for this meeting (accepted: %s).", ext, strings.Join(p.Documents.Extensions, " "))
		fd := NameExtNotAccepted.New(name, msg)
		if plain := plainKind(f.Kind); plain != "" {
			if n, ok := p.FindNumber(name); ok {
				fd = fd.WithFix(fmt.Sprintf("Save it without macros as %s.", p.FileName(n, plain)))
			}
		} else if fix != "" && fix != name {
			fd = fd.WithFix(fixOrEmpty(fix))
		}
		out = append(out, fd)
	}
	if exts := f.Kind.Extensions(); len(exts) > 0 && !slices.Contains(exts, lowExt) {
		msg := fmt.Sprintf("The name says %q but the content is %s.", ext, kindName(f.Kind))
		out = append(out, NameExtMismatch.New(name, msg).WithFix(fixOrEmpty(fix)))
	}
	return out
}

// plainKind returns the macro-free extension for a macro-enabled kind.
func plainKind(k inspect.Kind) string {
	switch k {
	case inspect.KindDOCM, inspect.KindDOTM, inspect.KindDOTX:
		return ".docx"
	case inspect.KindXLSM:
		return ".xlsx"
	case inspect.KindPPTM:
		return ".pptx"
	}
	return ""
}

func fixOrEmpty(fix string) string {
	if fix == "" {
		return ""
	}
	return "Rename it " + fix + "."
}

func describeMIME(f *inspect.Facts) string {
	if f.MIME != "" {
		return f.MIME
	}
	return string(f.Kind)
}

// kindName is how a message names a real type.
func kindName(k inspect.Kind) string {
	switch k {
	case inspect.KindDOCX:
		return "a Word document (.docx)"
	case inspect.KindDOCM:
		return "a macro-enabled Word document (.docm)"
	case inspect.KindDOTX:
		return "a Word template (.dotx)"
	case inspect.KindDOTM:
		return "a macro-enabled Word template (.dotm)"
	case inspect.KindXLSX:
		return "an Excel workbook (.xlsx)"
	case inspect.KindXLSM:
		return "a macro-enabled Excel workbook (.xlsm)"
	case inspect.KindPPTX:
		return "a PowerPoint presentation (.pptx)"
	case inspect.KindPPTM:
		return "a macro-enabled PowerPoint presentation (.pptm)"
	case inspect.KindDOC:
		return "a legacy Word document (.doc)"
	case inspect.KindXLS:
		return "a legacy Excel workbook (.xls)"
	case inspect.KindPPT:
		return "a legacy PowerPoint presentation (.ppt)"
	case inspect.KindPDF:
		return "a PDF document (.pdf)"
	case inspect.KindRTF:
		return "an RTF document (.rtf)"
	case inspect.KindZIP:
		return "a zip archive (.zip)"
	case inspect.KindEncrypt:
		return "an encrypted Office document"
	case inspect.KindOLE:
		return "an OLE compound file"
	case inspect.KindOOXML:
		return "an Office Open XML package"
	case inspect.KindODF:
		return "an OpenDocument file (.odt, .ods, .odp)"
	}
	return string(k)
}
