package rules

import (
	"fmt"

	"github.com/fgdesk/fgdesk/app/internal/finding"
	"github.com/fgdesk/fgdesk/app/internal/inspect"
)

const citeNumber = "Circular 253 §9 (document number nnnn from TSB)"

// Number rules. The register adds "allocated" and "not received twice".
var (
	NumMismatch = finding.Define(finding.Spec{Code: "NUM-MISMATCH", Title: "Number in the file name differs from the header table", Severity: finding.Error, Cite: citeNumber, Family: "number", Since: "0.1.0",
		Doc: "The number in the file name (innovation-i-nnnn) differs from the number in the header table's document-number cell. TSB files the document under one number and participants cite the other, the mismatch IEEE 802 also rejects. Use the number TSB allocated in both places: correct the header or rename the file."})
)

var _ = addFamily(Family{
	Name:  "number",
	Rank:  20,
	Doc:   "The number in the file name equals the number in the header table.",
	Check: checkNumber,
})

func checkNumber(f *inspect.Facts, c *Context) []finding.Finding {
	if f.Header == nil || fatal(f) {
		return nil
	}
	p := c.Profile
	nameNum, _, ok := p.ParseName(f.Name)
	if !ok {
		nameNum, ok = p.FindNumber(f.Name)
	}
	headNum := f.Header.Fields.Number
	if !ok || headNum == "" {
		return nil // NAME-PATTERN or the template's NUM-MISSING says it
	}
	if nameNum != headNum {
		msg := fmt.Sprintf("The file name says %s but the header table says %q.", nameNum, f.Header.DocNumber)
		fix := fmt.Sprintf("Make both the number TSB gave you: rename the file %s or correct the header.", p.FileName(headNum, ".docx"))
		return []finding.Finding{NumMismatch.New("header: document number", msg).WithFix(fix)}
	}
	return nil
}
