package cli

import (
	"errors"
	"flag"
	"fmt"
	"path/filepath"

	"github.com/fgdesk/fgdesk/app/internal/contribution"
	"github.com/fgdesk/fgdesk/app/internal/draft"
	"github.com/fgdesk/fgdesk/app/internal/export"
	"github.com/fgdesk/fgdesk/app/internal/finding"
	"github.com/fgdesk/fgdesk/app/internal/meeting"
)

// openDraft loads a draft and its meeting profile (--meeting wins over the
// draft's own).
func openDraft(env *Env, path, meetingID string) (*draft.Draft, *meeting.Profile, error) {
	d, err := draft.Load(path)
	if err != nil {
		return nil, nil, err
	}
	id := meetingID
	if id == "" {
		id = d.Meeting
	}
	p, err := loadMeeting(env, id)
	if err != nil {
		return nil, nil, fmt.Errorf("draft %s: %w", path, err)
	}
	return d, p, nil
}

// draftArgs adds --meeting to fs, parses args for exactly one draft and
// opens it. code is -1 on success, else the exit code to return.
func draftArgs(env *Env, fs *flag.FlagSet, args []string) (d *draft.Draft, p *meeting.Profile, path string, code int) {
	meetingID := meetingFlag(fs, "the draft's")
	paths, code := operands(fs, args, 1, 1)
	if code >= 0 {
		return nil, nil, "", code
	}
	d, p, err := openDraft(env, paths[0], *meetingID)
	if err != nil {
		return nil, nil, "", fail(env, "%v", err)
	}
	return d, p, paths[0], -1
}

// draftFindings are the field and body findings of a draft, worst first.
func draftFindings(d *draft.Draft, p *meeting.Profile, path string) []finding.Finding {
	return contribution.DraftFindings(&d.Contribution, p, contribution.ValidateBody(d.Contribution.Body, d.ImageDir(path)))
}

func runExport(env *Env, fs *flag.FlagSet, args []string) int {
	out := fs.String("o", ".", "folder to write innovation-i-nnnn.docx into")
	blank := fs.Bool("blank", false, "header table only, empty body (to continue in Word)")
	force := fs.Bool("force", false, "replace an existing file")
	pdf := fs.Bool("pdf", false, "also write a PDF copy with LibreOffice (soffice)")
	d, p, path, code := draftArgs(env, fs, args)
	if code >= 0 {
		return code
	}
	// The body's own problems stop the export below, with one message.
	fs2 := contribution.DraftFindings(&d.Contribution, p, nil)
	for _, f := range fs2 {
		if f.Severity >= finding.Warning {
			fmt.Fprintln(env.Stderr, "fgdesk: "+f.String())
		}
	}
	path, err := export.Export(&d.Contribution, p, *out, export.Options{
		Overwrite: *force, Blank: *blank, BaseDir: d.ImageDir(path),
	})
	if errors.Is(err, export.ErrExists) {
		return fail(env, "%v (use --force to replace it)", err)
	}
	if err != nil {
		return fail(env, "%v", err)
	}
	fmt.Fprintln(env.Stdout, path)
	if *pdf {
		if _, ok := export.SofficePath(); !ok {
			return fail(env, "no PDF: %s", export.PDFHint)
		}
		pdfPath, err := export.PDF(env.Ctx, path, filepath.Dir(path))
		if err != nil {
			return fail(env, "%v", err)
		}
		fmt.Fprintln(env.Stdout, pdfPath)
	}
	if finding.Worst(fs2) == finding.Error {
		return ExitErrors
	}
	return ExitOK
}

func runValidate(env *Env, fs *flag.FlagSet, args []string) int {
	jsonOut := fs.Bool("json", false, "print findings as JSON")
	d, p, path, code := draftArgs(env, fs, args)
	if code >= 0 {
		return code
	}
	fs2 := draftFindings(d, p, path)
	if fs2 == nil {
		fs2 = []finding.Finding{}
	}
	if *jsonOut {
		if err := printJSON(env.Stdout, struct {
			Draft    string            `json:"draft"`
			Meeting  string            `json:"meeting"`
			FileName string            `json:"file_name"`
			Verdict  finding.Severity  `json:"verdict"`
			Findings []finding.Finding `json:"findings"`
		}{path, p.ID, p.FileName(d.Contribution.Number, ".docx"), finding.Worst(fs2), fs2}); err != nil {
			return fail(env, "%v", err)
		}
	} else {
		for _, f := range fs2 {
			fmt.Fprintln(env.Stdout, f.String())
		}
		c := finding.Count(fs2)
		fmt.Fprintf(env.Stdout, "%s: %d error(s), %d warning(s), %d note(s)\n", path, c.Errors, c.Warnings, c.Infos)
	}
	if finding.Worst(fs2) == finding.Error {
		return ExitErrors
	}
	return ExitOK
}
