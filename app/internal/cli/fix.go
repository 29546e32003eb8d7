package cli

import (
	"errors"
	"flag"
	"fmt"
	"regexp"
	"strings"

	"github.com/fgdesk/fgdesk/app/internal/contribution"
	"github.com/fgdesk/fgdesk/app/internal/draft"
	"github.com/fgdesk/fgdesk/app/internal/finding"
	"github.com/fgdesk/fgdesk/app/internal/fix"
)

// contactFlag collects --contact "Name <mail>" values.
type contactFlag []contribution.Contact

func (c *contactFlag) String() string { return "" }

var contactRE = regexp.MustCompile(`^\s*(.*?)\s*<\s*([^<>\s]+)\s*>\s*$`)

func (c *contactFlag) Set(v string) error {
	var k contribution.Contact
	if m := contactRE.FindStringSubmatch(v); m != nil {
		k.Name, k.Email = m[1], m[2]
	} else if strings.Contains(v, "@") && !strings.Contains(strings.TrimSpace(v), " ") {
		k.Email = strings.TrimSpace(v)
	} else {
		return fmt.Errorf(`want "Name <name@example.org>", got %q`, v)
	}
	*c = append(*c, k)
	return nil
}

func runFix(env *Env, fs *flag.FlagSet, args []string) int {
	out := fs.String("o", ".", "folder to write the corrected innovation-i-nnnn.docx into")
	number := fs.String("number", "", "document number TSB gave (nnnn), stamped in the header and the name")
	m := addDeadlineFlags(fs, "the draft's, else the built-in", "check the copy as if now were TIME (as fgdesk check --as-of)")
	draftPath := fs.String("draft", "", "take header fields (source, title, contacts, ...) from this draft JSON")
	var f contribution.Model
	fs.StringVar(&f.Source, "source", "", "Source: value")
	fs.StringVar(&f.Title, "title", "", "Title: value")
	fs.StringVar(&f.WGs, "wgs", "", "WG(s): value")
	fs.StringVar(&f.Abstract, "abstract", "", "Abstract: value")
	fs.StringVar(&f.Keywords, "keywords", "", "Keywords: value")
	purpose := fs.String("purpose", "", "Purpose: Discussion, Information, Decision, Agreement, ...")
	docType := fs.String("type", "", "document type line: INPUT DOCUMENT, OUTPUT DOCUMENT, TEMPORARY DOCUMENT, LIAISON STATEMENT")
	var contacts contactFlag
	fs.Var(&contacts, "contact", `contact "Name <name@example.org>" (repeat for more)`)
	all := fs.Bool("all", false, "apply every header fix: --study-period --group-line --place-date --english --note --type-line")
	acts := map[fix.Action]*bool{}
	for _, a := range append(append([]fix.Action{}, fix.Template...), fix.ContactEmail) {
		acts[a] = fs.Bool(string(a), false, strings.ToLower(a.Label()[:1])+a.Label()[1:])
	}
	clean := fs.Bool("clean", false, "clean copy: remove macros (docm -> docx), comments and personal properties")
	for _, a := range fix.Clean {
		acts[a] = fs.Bool(string(a), false, strings.ToLower(a.Label()[:1])+a.Label()[1:]+" (part of --clean)")
	}
	accept := fs.Bool("accept-changes", false, "accept tracked changes (insertions kept, deletions removed)")
	jsonOut := fs.Bool("json", false, "print the result as JSON")
	force := fs.Bool("force", false, "replace an existing copy of the same name")
	paths, code := operands(fs, args, 1, 1)
	if code >= 0 {
		return code
	}
	src := paths[0]
	id := *m.meeting
	if *draftPath != "" {
		d, err := draft.Load(*draftPath)
		if err != nil {
			return fail(env, "%v", err)
		}
		if id == "" {
			id = d.Meeting
		}
		f = mergeFields(f, d.Contribution)
	}
	p, err := loadMeeting(env, id)
	if err != nil {
		return fail(env, "%v", err)
	}
	if *number != "" {
		f.Number = strings.TrimSpace(*number)
	}
	if *purpose != "" {
		if f.Purpose = contribution.PurposeFromLabel(*purpose); f.Purpose == "" {
			f.Purpose = contribution.Purpose(*purpose)
		}
	}
	if *docType != "" {
		if f.Type = contribution.TypeFromLabel(*docType); f.Type == "" {
			return fail(env, "--type: %q is not INPUT DOCUMENT, OUTPUT DOCUMENT, TEMPORARY DOCUMENT or LIAISON STATEMENT", *docType)
		}
	}
	if len(contacts) > 0 {
		f.Contacts = contacts
	}
	opt := fix.Options{Profile: p, Fields: f}
	for a, on := range acts {
		if *on || (*all && isTemplate(a)) || (*clean && isClean(a)) {
			opt.Actions = append(opt.Actions, a)
		}
	}
	if *accept {
		opt.Actions = append(opt.Actions, fix.AcceptChanges)
	}
	when, err := m.instant(p)
	if err != nil {
		return fail(env, "%v", err)
	}
	res, dst, err := fix.File(env.Ctx, src, *out, opt, *force)
	if errors.Is(err, fix.ErrExists) {
		return fail(env, "%v (use --force to replace it)", err)
	}
	if err != nil {
		return fail(env, "%v", err)
	}
	fds, err := fix.Preflight(env.Ctx, dst, p, when)
	if err != nil {
		return fail(env, "check %s: %v", dst, err)
	}
	if *jsonOut {
		if fds == nil {
			fds = []finding.Finding{}
		}
		if err := printJSON(env.Stdout, struct {
			Input    string             `json:"input"`
			Output   string             `json:"output"`
			Inserted bool               `json:"header_inserted"`
			Changes  []string           `json:"changes"`
			NotDone  []string           `json:"not_done,omitempty"`
			Read     contribution.Model `json:"read"`
			Missing  []string           `json:"missing,omitempty"`
			Verdict  finding.Severity   `json:"verdict"`
			Findings []finding.Finding  `json:"findings"`
		}{src, dst, res.Inserted, nonNil(res.Changes), res.NotDone, res.Read, res.Missing, finding.Worst(fds), fds}); err != nil {
			return fail(env, "%v", err)
		}
	} else {
		for _, c := range res.Changes {
			fmt.Fprintln(env.Stdout, "changed: "+c)
		}
		for _, c := range res.NotDone {
			fmt.Fprintln(env.Stdout, "not done: "+c)
		}
		fmt.Fprintln(env.Stdout, dst)
		for _, fd := range fds {
			if fd.Severity >= finding.Warning {
				if a, ok := fix.For(fd.Code); ok {
					fd.Message += fmt.Sprintf(" (fgdesk fix --%s)", a)
				}
				fmt.Fprintln(env.Stdout, fd.String())
			}
		}
		c := finding.Count(fds)
		verdict := "passes"
		if !fix.Passes(fds) {
			verdict = "still has findings"
		}
		fmt.Fprintf(env.Stdout, "%s %s: %d error(s), %d warning(s), %d note(s)\n", dst, verdict, c.Errors, c.Warnings, c.Infos)
	}
	if !fix.Passes(fds) {
		return ExitErrors
	}
	return ExitOK
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func isTemplate(a fix.Action) bool {
	for _, t := range fix.Template {
		if t == a {
			return true
		}
	}
	return false
}

func isClean(a fix.Action) bool {
	for _, t := range fix.Clean {
		if t == a {
			return true
		}
	}
	return false
}

// mergeFields fills the fields not given on the command line from a draft.
func mergeFields(f, d contribution.Model) contribution.Model {
	pick := func(a *string, b string) {
		if *a == "" {
			*a = b
		}
	}
	pick(&f.Number, d.Number)
	pick(&f.Source, d.Source)
	pick(&f.Title, d.Title)
	pick(&f.WGs, d.WGs)
	pick(&f.Abstract, d.Abstract)
	pick(&f.Keywords, d.Keywords)
	if f.Purpose == "" {
		f.Purpose = d.Purpose
	}
	if f.Type == "" {
		f.Type = d.Type
	}
	if len(f.Contacts) == 0 {
		for _, c := range d.Contacts {
			if !c.IsEmpty() {
				f.Contacts = append(f.Contacts, c)
			}
		}
	}
	return f
}
