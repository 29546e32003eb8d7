package register

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/fgdesk/fgdesk/app/internal/finding"
)

const citeRegister = "Circular 253 §9"

// Register rules: what the register says about an incoming file's number.
// They take plain values (a Lookup and a FileInput), not inspect.Facts, so
// that package rules can call them without an import cycle.
var (
	RegNotAllocated = finding.Define(finding.Spec{Code: "REG-NOT-ALLOCATED", Title: "Document number not allocated by TSB", Severity: finding.Error, Cite: citeRegister, Family: "register", Since: "0.1.0",
		Doc: "The file's number was never allocated: the register has no such number. A document number must be obtained from TSB by e-mail before submitting (§9), so TSB does not accept a file under a number it did not give. Ask TSB for a number and name the file with it."})
	RegDuplicate = finding.Define(finding.Spec{Code: "REG-DUPLICATE", Title: "Number already received under another file", Severity: finding.Error, Cite: citeRegister, Family: "register", Since: "0.1.0",
		Doc: "Another file was already received under this number and this one is not marked as a revision, or is an earlier version of the received file. Two different documents under one number break the document list (§9). Mark a replacement as a revision (e.g. \"Rev.1\" in the title or -rev1 in the name), or ask TSB for a new number."})
	RegClosed = finding.Define(finding.Spec{Code: "REG-CLOSED", Title: "Document withdrawn or superseded", Severity: finding.Error, Cite: citeRegister, Family: "register", Since: "0.1.0",
		Doc: "The number's document is withdrawn or superseded in the register, so TSB will not process a new file for it (§9). Submit under the number that replaces it, or ask TSB for a new number."})
	RegTitleDiffers = finding.Define(finding.Spec{Code: "REG-TITLE-DIFFERS", Title: "Title differs from the number request", Severity: finding.Warning, Cite: citeRegister, Family: "register", Since: "0.1.0",
		Doc: "The header's title differs from the title the number was requested for. TSB allocated the number for that title (§9), and the document list shows it. Tell TSB the new title, or use the title the number was requested for."})
	RegSourceDiffers = finding.Define(finding.Spec{Code: "REG-SOURCE-DIFFERS", Title: "Source differs from the number request", Severity: finding.Warning, Cite: citeRegister, Family: "register", Since: "0.1.0",
		Doc: "The header's source differs from the source the number was requested for. TSB allocated the number to that source (§9). Tell TSB about the change of source, or correct the header."})
	RegRevision = finding.Define(finding.Spec{Code: "REG-REVISION", Title: "Revision of a document already received", Severity: finding.Info, Cite: citeRegister, Family: "register", Since: "0.1.0",
		Doc: "For information: the file is a revision of a document already received (marked as one, or a new file after a rejection), with the revision number it will get. Nothing to fix if a revision is intended."})
)

var _ = finding.DefineFamily(finding.Family{Name: "register", Rank: 80,
	Doc: "With a register (check --db): the number was allocated, is not received twice, title and source as allocated; the receipt is recorded."})

// FileInput is what the checker knows about an incoming file, as plain
// values.
type FileInput struct {
	Where    string // the file's name, for Finding.Where
	SHA256   string // hex SHA-256 of the file
	Title    string // from the header table ("" if not found)
	Source   string // from the header table ("" if not found)
	Revision bool   // the file is marked as a revision (see RevisionMarked)
}

// Check judges a file against the register's record of its number:
//
//   - REG-NOT-ALLOCATED (error): TSB never allocated the number;
//   - REG-CLOSED (error): the document is withdrawn or superseded;
//   - REG-DUPLICATE (error): another file was already received for the
//     number and this one is not marked as a revision (or is an earlier
//     revision sent again);
//   - REG-REVISION (info): a marked revision of a received document, or a
//     new file for a rejected one;
//   - REG-TITLE-DIFFERS, REG-SOURCE-DIFFERS (warning): the header's title
//     or source differs from what the number was requested for.
//
// The same file as the one recorded yields no REG-DUPLICATE: checking a
// file twice is not a duplicate.
func Check(l Lookup, in FileInput) []finding.Finding {
	name := l.Name
	if name == "" {
		name = fmt.Sprintf("%s number %d", l.Series, l.Number)
	}
	if !l.Allocated {
		return []finding.Finding{RegNotAllocated.New(in.Where,
			fmt.Sprintf("%s was never allocated: the register has no such number.", name)).
			WithFix("Ask TSB for a document number by e-mail before submitting, and name the file with it.")}
	}
	var out []finding.Finding
	switch {
	case l.Closed():
		msg := fmt.Sprintf("%s is %s; TSB will not process a new file for it.", name, l.Status)
		if l.ReplacedBy != "" {
			msg = fmt.Sprintf("%s is superseded by %s; TSB will not process a new file for it.", name, l.ReplacedBy)
		}
		out = append(out, RegClosed.New(in.Where, msg).WithFix("Submit under the number that replaces it, or ask TSB for a new number."))
	case l.ReceivedOther(in.SHA256) && l.KnownFile(in.SHA256):
		out = append(out, RegDuplicate.New(in.Where,
			fmt.Sprintf("This file is an earlier version of %s already received; the register holds revision %d (%s).", name, l.Revision, l.FileName)).
			WithFix("Send the latest revision, or none."))
	case l.ReceivedOther(in.SHA256) && l.Status == StatusRejected:
		out = append(out, RegRevision.New(in.Where,
			fmt.Sprintf("Revision %d of %s, a new file after the rejection of %s.", l.Revision+1, name, l.FileName)))
	case l.ReceivedOther(in.SHA256) && in.Revision:
		out = append(out, RegRevision.New(in.Where,
			fmt.Sprintf("Revision %d of %s, replacing %s received %s.", l.Revision+1, name, l.FileName, l.ReceivedAt.Format("2006-01-02 15:04 UTC"))))
	case l.ReceivedOther(in.SHA256):
		out = append(out, RegDuplicate.New(in.Where,
			fmt.Sprintf("%s was already received as %s (SHA-256 %s…, %s); this is a different file.", name, l.FileName, short(l.SHA256), l.ReceivedAt.Format("2006-01-02 15:04 UTC"))).
			WithFix("If it replaces the earlier file, mark it as a revision (e.g. \"Rev.1\" in the title); otherwise ask TSB for a new number."))
	}
	if l.TitleDiffers(in.Title) {
		out = append(out, RegTitleDiffers.New(in.Where+": header: Title",
			fmt.Sprintf("The title %q differs from the title %q the number was allocated for.", in.Title, l.Title)).
			WithFix("Tell TSB the new title, or use the title you requested the number for."))
	}
	if l.SourceDiffers(in.Source) {
		out = append(out, RegSourceDiffers.New(in.Where+": header: Source",
			fmt.Sprintf("The source %q differs from the source %q the number was allocated for.", in.Source, l.Source)).
			WithFix("Tell TSB about the change of source, or correct the header."))
	}
	return out
}

// CheckFile looks the number up and runs Check: the one call the checker
// needs per file when a register is open. number is the document number
// as found in the file name or header ("0012"); an unparsable number
// yields no findings (the naming rules report it).
func (r *Register) CheckFile(ctx context.Context, series, number string, in FileInput) ([]finding.Finding, Lookup, error) {
	n, err := ParseNumber(number)
	if err != nil {
		return nil, Lookup{}, nil
	}
	l, err := r.Lookup(ctx, series, n)
	if err != nil {
		return nil, l, err
	}
	return Check(l, in), l, nil
}

var (
	revNameRE  = regexp.MustCompile(`(?i)(?:^|[-_ .(]|\d)(?:rev(?:ision)?[-_ .]?|r)(\d{1,2})\)?$`)
	revTitleRE = regexp.MustCompile(`(?i)\b(?:rev(?:ision)?\.?\s*\d{1,2})\b|\(revised\)|\brevised\b`)
)

// RevisionMarked reports whether a file name (without extension) or a
// title marks the document as a revision: a suffix like "-rev1", "_r2",
// " (Rev.1)" on the name, or "Rev.1", "Revision 2", "(revised)" in the title.
func RevisionMarked(baseName, title string) bool {
	return revNameRE.MatchString(strings.TrimSpace(baseName)) || revTitleRE.MatchString(title)
}
