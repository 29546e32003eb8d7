package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/fgdesk/fgdesk/app/internal/finding"
	"github.com/fgdesk/fgdesk/app/internal/fsutil"
	"github.com/fgdesk/fgdesk/app/internal/meeting"
	reg "github.com/fgdesk/fgdesk/app/internal/register"
)

func init() {
	addCommand("register", "the document register: allocate numbers, record receipts, accept, export", runRegister)
}

// registerCmd is one `fgdesk register` subcommand.
type registerCmd struct {
	name, usage, summary string
	run                  func(rc *regCtx, args []string) int
}

var registerCmds = []registerCmd{
	{"allocate", "--title T --source S [--email E] [--type T] [--purpose P]", "allocate the next free number; prints its name", regAllocate},
	{"reserve", "NUMBER --title T [--source S]", "allocate a specific number", regReserve},
	{"release", "NUMBER [--reason R]", "free a number that was never used", regRelease},
	{"list", "[--status S,...] [--late] [--search TEXT] [--all] [--json]", "list the documents", regList},
	{"show", "NUMBER [--json]", "show one document and its history", regShow},
	{"receive", "FILE [--number N] [--at TIME|mtime] [--verdict V] [--title T] [--source S] [--revision]", "record the receipt of an incoming file", regReceive},
	{"accept", "FILE --root DIR [--number N]", "copy an accepted file to DIR/<meeting folder>/in, read-only", regAccept},
	{"reject", "NUMBER|FILE --reason R", "record a rejection (the file stays where it is)", regReject},
	{"withdraw", "NUMBER [--reason R]", "record that the author withdrew the document", regWithdraw},
	{"supersede", "OLD NEW", "record that document NEW replaces OLD", regSupersede},
	{"export", "[--xlsx FILE] [--html FILE] [--all]", "write the list of documents as xlsx and/or HTML", regExport},
	{"import", "FILE.xlsx [--dry-run] [--sheet NAME] [--json]", "merge a register workbook (validated; --dry-run only reports)", regImport},
	{"backup", "[--dir DIR]", "write a timestamped copy of the register", regBackup},
	{"events", "[NUMBER] [--json]", "print the event log", regEvents},
	{"request", "--title T --source S --contact NAME --email E [--eml FILE | --mailto]", "build the number request e-mail to TSB (delegate side)", regRequest},
	{"reply", "NUMBER [--to E] [--name N] [--eml FILE | --mailto]", "build TSB's reply with the number and upload instructions", regReply},
}

func registerUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: fgdesk register COMMAND [--db FILE] [--meeting ID] [ARGS]")
	fmt.Fprintln(w)
	for _, c := range registerCmds {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Every command takes --db FILE (default: register.db in the data folder) and --meeting ID.")
	fmt.Fprintln(w, "Run fgdesk register COMMAND -h for its flags.")
}

func runRegister(env *Env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		registerUsage(env.Stdout)
		if len(args) == 0 {
			return ExitFailed
		}
		return ExitOK
	}
	for _, c := range registerCmds {
		if c.name == args[0] {
			rc := &regCtx{env: env, cmd: c}
			return c.run(rc, args[1:])
		}
	}
	return fail(env, "register: unknown command %q (run fgdesk register help)", args[0])
}

// regCtx carries the flags every register command shares.
type regCtx struct {
	env     *Env
	cmd     registerCmd
	db      *string
	meeting *string
	who     *string
	p       *meeting.Profile
}

// flags returns the command's flag set with --db, --meeting and --who.
func (rc *regCtx) flags() *flag.FlagSet {
	fs := newFlags(rc.env, "register "+rc.cmd.name, rc.cmd.usage)
	rc.db = fs.String("db", "", "register database file or postgres:// URL of a team server (default: register.db in the data folder)")
	rc.meeting = fs.String("meeting", "", "meeting profile ID (default "+meeting.DefaultID+")")
	rc.who = fs.String("who", "", "name recorded in the event log (default: your user name)")
	return fs
}

// profile loads the meeting profile named by --meeting.
func (rc *regCtx) profile() (*meeting.Profile, error) {
	if rc.p != nil {
		return rc.p, nil
	}
	p, err := loadMeeting(rc.env, *rc.meeting)
	rc.p = p
	return p, err
}

// open opens the register named by --db.
func (rc *regCtx) open(readOnly bool) (*reg.Register, error) {
	path := *rc.db
	if path == "" {
		p, err := reg.DefaultPath()
		if err != nil {
			return nil, fmt.Errorf("register: find the data folder: %w", err)
		}
		path = p
	}
	return reg.Open(path, reg.Options{Who: *rc.who, ReadOnly: readOnly && fileExists(path)})
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// setup parses flags and opens the profile and the register; it returns
// the positional arguments. want is the number of positional arguments
// (-1: any).
func (rc *regCtx) setup(fs *flag.FlagSet, args []string, want int, readOnly bool) ([]string, *meeting.Profile, *reg.Register, int) {
	pos, err := parse(fs, args)
	if err != nil {
		return nil, nil, nil, flagError(err)
	}
	if want >= 0 && len(pos) != want {
		fs.Usage()
		return nil, nil, nil, ExitFailed
	}
	p, err := rc.profile()
	if err != nil {
		return nil, nil, nil, fail(rc.env, "%v", err)
	}
	r, err := rc.open(readOnly)
	if err != nil {
		return nil, nil, nil, fail(rc.env, "%v", err)
	}
	return pos, p, r, -1
}

// setupNumber is setup for commands taking one NUMBER|FILE argument: it
// also reads the number. code is -1 on success; then the caller closes r.
func (rc *regCtx) setupNumber(fs *flag.FlagSet, args []string, readOnly bool) (int, *meeting.Profile, *reg.Register, int) {
	pos, p, r, code := rc.setup(fs, args, 1, readOnly)
	if code >= 0 {
		return 0, nil, nil, code
	}
	n, err := number(p, pos[0])
	if err != nil {
		r.Close()
		return 0, nil, nil, fail(rc.env, "%v", err)
	}
	return n, p, r, -1
}

// number reads a number argument: 7, 0007, innovation-i-0007 or a file
// name carrying it.
func number(p *meeting.Profile, s string) (int, error) {
	n, err := reg.NumberOf(p, s)
	if err != nil {
		return 0, errors.New(strings.TrimPrefix(err.Error(), reg.ErrInvalid.Error()+": "))
	}
	return n, nil
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func regAllocate(rc *regCtx, args []string) int {
	fs := rc.flags()
	q := requestFlags(fs)
	asJSON := fs.Bool("json", false, "print the document as JSON")
	_, p, r, code := rc.setup(fs, args, 0, false)
	if code >= 0 {
		return code
	}
	defer r.Close()
	req, err := q.request(p)
	if err != nil {
		return fail(rc.env, "--requested-at: %v", err)
	}
	d, err := r.Allocate(rc.env.Ctx, p, req)
	if err != nil {
		return fail(rc.env, "%v", err)
	}
	if *asJSON {
		printJSON(rc.env.Stdout, d)
		return ExitOK
	}
	fmt.Fprintln(rc.env.Stdout, d.Name)
	return ExitOK
}

type reqFlags struct {
	title, source, email, typ, purpose, notes, requestedAt *string
}

func requestFlags(fs *flag.FlagSet) reqFlags {
	return reqFlags{
		title:       fs.String("title", "", "title of the contribution (required)"),
		source:      fs.String("source", "", "source: the submitting organization(s)"),
		email:       fs.String("email", "", "contact e-mail of the requester"),
		typ:         fs.String("type", "", "input (default), output, temporary or liaison"),
		purpose:     fs.String("purpose", "", "discussion, information or decision"),
		notes:       fs.String("notes", "", "notes for the register"),
		requestedAt: fs.String("requested-at", "", "when the request e-mail arrived (default: now)"),
	}
}

func (q reqFlags) request(p *meeting.Profile) (reg.Request, error) {
	r := reg.Request{Title: *q.title, Source: *q.source, Email: *q.email, Type: *q.typ, Purpose: *q.purpose, Notes: *q.notes}
	if *q.requestedAt != "" {
		t, err := p.ParseInstant(*q.requestedAt)
		if err != nil {
			return r, err
		}
		r.RequestedAt = t
	}
	return r, nil
}

func regReserve(rc *regCtx, args []string) int {
	fs := rc.flags()
	q := requestFlags(fs)
	n, p, r, code := rc.setupNumber(fs, args, false)
	if code >= 0 {
		return code
	}
	defer r.Close()
	req, err := q.request(p)
	if err != nil {
		return fail(rc.env, "--requested-at: %v", err)
	}
	d, err := r.Reserve(rc.env.Ctx, p, n, req)
	if err != nil {
		return fail(rc.env, "%v", err)
	}
	fmt.Fprintln(rc.env.Stdout, d.Name)
	return ExitOK
}

func regRelease(rc *regCtx, args []string) int {
	fs := rc.flags()
	reason := fs.String("reason", "", "why the number is released")
	n, p, r, code := rc.setupNumber(fs, args, false)
	if code >= 0 {
		return code
	}
	defer r.Close()
	if err := r.Release(rc.env.Ctx, reg.Series(p), n, *reason); err != nil {
		return fail(rc.env, "%v", err)
	}
	fmt.Fprintf(rc.env.Stdout, "released %s\n", reg.NameOf(p, n))
	return ExitOK
}

func regList(rc *regCtx, args []string) int {
	fs := rc.flags()
	status := fs.String("status", "", "only these statuses, comma-separated (e.g. \"on time,late\")")
	late := fs.Bool("late", false, "only documents received after the deadline")
	search := fs.String("search", "", "only documents whose number, title, source or file name contains TEXT")
	all := fs.Bool("all", false, "all meetings and series, not only the meeting's series")
	asJSON := fs.Bool("json", false, "print JSON")
	_, p, r, code := rc.setup(fs, args, 0, true)
	if code >= 0 {
		return code
	}
	defer r.Close()
	f := reg.Filter{Late: *late, Text: *search}
	if !*all {
		f.Series = reg.Series(p)
	}
	if *status != "" {
		for _, s := range strings.Split(*status, ",") {
			st, err := reg.ParseStatus(s)
			if err != nil {
				return fail(rc.env, "--status: %v", err)
			}
			f.Status = append(f.Status, st)
		}
	}
	docs, err := r.Documents(rc.env.Ctx, f)
	if err != nil {
		return fail(rc.env, "%v", err)
	}
	if *asJSON {
		if docs == nil {
			docs = []reg.Document{}
		}
		printJSON(rc.env.Stdout, docs)
		return ExitOK
	}
	writeDocTable(rc.env.Stdout, docs, p.Location())
	return ExitOK
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

func writeDocTable(w io.Writer, docs []reg.Document, loc *time.Location) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "NUMBER\tSTATUS\tRECEIVED (%s)\tREV\tTITLE\tSOURCE\n", loc)
	for _, d := range docs {
		rcv := ""
		if d.Received() {
			rcv = d.ReceivedAt.In(loc).Format("2006-01-02 15:04")
		}
		st := string(d.Status)
		if d.ReplacedBy != "" {
			st += " by " + d.ReplacedBy
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", d.Name, st, rcv, d.Revision, clip(d.Title, 50), clip(d.Source, 30))
	}
	tw.Flush()
	fmt.Fprintf(w, "%d documents\n", len(docs))
}

func regShow(rc *regCtx, args []string) int {
	fs := rc.flags()
	asJSON := fs.Bool("json", false, "print JSON")
	n, p, r, code := rc.setupNumber(fs, args, true)
	if code >= 0 {
		return code
	}
	defer r.Close()
	d, err := r.Document(rc.env.Ctx, reg.Series(p), n)
	if err != nil {
		return fail(rc.env, "%v", err)
	}
	evs, err := r.Events(rc.env.Ctx, reg.Series(p), n)
	if err != nil {
		return fail(rc.env, "%v", err)
	}
	if *asJSON {
		printJSON(rc.env.Stdout, struct {
			Document reg.Document `json:"document"`
			Events   []reg.Event  `json:"events"`
		}{d, evs})
		return ExitOK
	}
	loc := p.Location()
	w := rc.env.Stdout
	tm := func(t time.Time) string {
		if t.IsZero() {
			return "-"
		}
		return p.DualTime(t, time.UTC)
	}
	fmt.Fprintf(w, "%s  %s\n", d.Name, d.Status)
	for _, kv := range [][2]string{
		{"Title", d.Title}, {"Source", d.Source}, {"Type", d.Type}, {"Purpose", d.Purpose}, {"Contact", d.Email},
		{"Requested", tm(d.RequestedAt)}, {"Allocated", tm(d.AllocatedAt)}, {"Received", tm(d.ReceivedAt)},
		{"File", d.FileName}, {"SHA-256", d.SHA256}, {"Revision", fmt.Sprint(d.Revision)}, {"Verdict", d.Verdict},
		{"Accepted", tm(d.AcceptedAt)}, {"Filed as", d.FiledAs}, {"Replaces", d.Replaces}, {"Replaced by", d.ReplacedBy},
		{"Reject reason", d.RejectReason}, {"Notes", d.Notes},
	} {
		if kv[1] != "" && kv[1] != "-" {
			fmt.Fprintf(w, "  %-13s %s\n", kv[0]+":", kv[1])
		}
	}
	fmt.Fprintln(w, "History:")
	for _, e := range evs {
		fmt.Fprintf(w, "  %s  %-9s %-10s %s\n", e.At.In(loc).Format("2006-01-02 15:04:05 MST"), e.Action, e.By(), e.Details)
	}
	return ExitOK
}

func regReceive(rc *regCtx, args []string) int {
	fs := rc.flags()
	num := fs.String("number", "", "the document number (default: from the file name)")
	at := fs.String("at", "", `when the file arrived: a time ("2012-03-12T18:00", meeting time, or RFC 3339) or "mtime" (the file's modification time); default now`)
	verdict := fs.String("verdict", "", "the checker's verdict: pass, info, warning or error")
	title := fs.String("title", "", "title in the file's header (compared with the allocation)")
	source := fs.String("source", "", "source in the file's header (compared with the allocation)")
	revision := fs.Bool("revision", false, "the file is a revision of one already received (also detected from a -rev1 name or a Rev.1 title)")
	pos, p, r, code := rc.setup(fs, args, 1, false)
	if code >= 0 {
		return code
	}
	defer r.Close()
	file := pos[0]
	fi, err := os.Stat(file)
	if err != nil {
		return fail(rc.env, "receive %s: %v", file, err)
	}
	if !fi.Mode().IsRegular() {
		return fail(rc.env, "receive %s: not a regular file", file)
	}
	in := reg.FileReceipt{Path: file, Number: *num, Verdict: *verdict, Title: *title, Source: *source, Revision: *revision}
	switch *at {
	case "":
	case "mtime":
		in.ReceivedAt = fi.ModTime()
	default:
		if in.ReceivedAt, err = p.ParseInstant(*at); err != nil {
			return fail(rc.env, "--at: %v", err)
		}
	}
	rcpt, fds, err := r.ReceiveFile(rc.env.Ctx, p, in)
	for _, f := range fds {
		if err == nil || f.Severity == finding.Error {
			fmt.Fprintln(rc.env.Stderr, "fgdesk: "+f.String())
		}
	}
	if reg.Refused(err) {
		fmt.Fprintf(rc.env.Stderr, "fgdesk: receipt of %s refused: %v\n", filepath.Base(file), err)
		return ExitErrors
	}
	if err != nil {
		return fail(rc.env, "%v", err)
	}
	d := rcpt.Document
	what := "received"
	switch {
	case rcpt.Unchanged:
		what = "already recorded"
	case rcpt.NewRevision:
		what = fmt.Sprintf("revision %d received", d.Revision)
	}
	fmt.Fprintf(rc.env.Stdout, "%s %s: %s, %s (%d bytes, SHA-256 %s)\n", d.Name, what, d.Status,
		p.DualTime(d.ReceivedAt, time.UTC), d.Size, d.SHA256)
	return ExitOK
}

func regAccept(rc *regCtx, args []string) int {
	fs := rc.flags()
	root := fs.String("root", "", "local copy of the FTP documents area; the file goes to ROOT/<meeting folder>/in/ (required)")
	num := fs.String("number", "", "the document number (default: from the file name)")
	pos, p, r, code := rc.setup(fs, args, 1, false)
	if code >= 0 {
		return code
	}
	defer r.Close()
	if *root == "" {
		return fail(rc.env, "accept: --root DIR is required (the folder that holds %s/in)", p.FTP.MeetingFolder)
	}
	nStr := *num
	if nStr == "" {
		nStr = pos[0]
	}
	n, err := number(p, nStr)
	if err != nil {
		return fail(rc.env, "accept %s: no document number in the name; give --number", pos[0])
	}
	f, err := r.Accept(rc.env.Ctx, reg.AcceptInput{Series: reg.Series(p), Number: n, Path: pos[0], Root: *root, Profile: p})
	if err != nil {
		if errors.Is(err, reg.ErrNotReceived) {
			return fail(rc.env, "%v (fgdesk register receive %s)", err, pos[0])
		}
		return fail(rc.env, "%v", err)
	}
	note := ""
	if f.Unchanged {
		note = " (already there)"
	}
	fmt.Fprintf(rc.env.Stdout, "%s accepted: %s%s (read-only, SHA-256 %s)\n", f.Document.Name, f.Path, note, f.SHA256)
	return ExitOK
}

func regReject(rc *regCtx, args []string) int {
	return regSetStatus(rc, args, "why the document is rejected (required)", true,
		func(r *reg.Register, series string, n int, reason string) (string, error) {
			d, err := r.Reject(rc.env.Ctx, series, n, reason)
			return d.Name + " rejected: " + d.RejectReason, err
		})
}

func regWithdraw(rc *regCtx, args []string) int {
	return regSetStatus(rc, args, "why (e.g. \"author's request\")", false,
		func(r *reg.Register, series string, n int, reason string) (string, error) {
			d, err := r.Withdraw(rc.env.Ctx, series, n, reason)
			return d.Name + " withdrawn", err
		})
}

// regSetStatus runs a status change "NUMBER|FILE --reason R" and prints
// the line do returns.
func regSetStatus(rc *regCtx, args []string, reasonHelp string, needReason bool,
	do func(r *reg.Register, series string, n int, reason string) (string, error)) int {
	fs := rc.flags()
	reason := fs.String("reason", "", reasonHelp)
	n, p, r, code := rc.setupNumber(fs, args, false)
	if code >= 0 {
		return code
	}
	defer r.Close()
	if needReason && strings.TrimSpace(*reason) == "" {
		return fail(rc.env, "%s: --reason is required", fs.Name())
	}
	line, err := do(r, reg.Series(p), n, *reason)
	if err != nil {
		return fail(rc.env, "%v", err)
	}
	fmt.Fprintln(rc.env.Stdout, line)
	return ExitOK
}

func regSupersede(rc *regCtx, args []string) int {
	fs := rc.flags()
	pos, p, r, code := rc.setup(fs, args, 2, false)
	if code >= 0 {
		return code
	}
	defer r.Close()
	o, err := number(p, pos[0])
	if err != nil {
		return fail(rc.env, "%v", err)
	}
	n, err := number(p, pos[1])
	if err != nil {
		return fail(rc.env, "%v", err)
	}
	od, nd, err := r.Supersede(rc.env.Ctx, reg.Series(p), o, n)
	if err != nil {
		return fail(rc.env, "%v", err)
	}
	fmt.Fprintf(rc.env.Stdout, "%s superseded by %s\n", od.Name, nd.Name)
	return ExitOK
}

func regExport(rc *regCtx, args []string) int {
	fs := rc.flags()
	xlsx := fs.String("xlsx", "", "write the list as an xlsx workbook to FILE")
	html := fs.String("html", "", "write the list as a static HTML page to FILE")
	all := fs.Bool("all", false, "all meetings and series, not only the meeting's series")
	_, p, r, code := rc.setup(fs, args, 0, true)
	if code >= 0 {
		return code
	}
	defer r.Close()
	if *xlsx == "" && *html == "" {
		return fail(rc.env, "export: give --xlsx FILE and/or --html FILE")
	}
	f := reg.Filter{}
	if !*all {
		f.Series = reg.Series(p)
	}
	docs, err := r.Documents(rc.env.Ctx, f)
	if err != nil {
		return fail(rc.env, "%v", err)
	}
	opt := reg.ExportOptions{
		Title:    fmt.Sprintf("%s: list of documents (%s)", p.Group.Short, p.Title()),
		Location: p.Location(),
		Creator:  "FG Desk " + Version,
		LinkBase: p.FTP.WebMeeting,
	}
	for _, out := range []struct {
		path string
		save func(string, []reg.Document, reg.ExportOptions) (reg.Saved, error)
	}{{*xlsx, reg.SaveXLSX}, {*html, reg.SaveHTML}} {
		if out.path == "" {
			continue
		}
		s, err := out.save(out.path, docs, opt)
		if err != nil {
			return fail(rc.env, "%v", err)
		}
		if s.Moved() {
			fmt.Fprintln(rc.env.Stderr, "fgdesk: warning: "+s.Message())
		}
		fmt.Fprintf(rc.env.Stdout, "wrote %s (%d documents)\n", s.Path, len(docs))
	}
	return ExitOK
}

func regImport(rc *regCtx, args []string) int {
	fs := rc.flags()
	dry := fs.Bool("dry-run", false, "only report what would be added, changed or refused")
	sheet := fs.String("sheet", "", "sheet to read (default: Documents, else the first)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	pos, p, r, code := rc.setup(fs, args, 1, false)
	if code >= 0 {
		return code
	}
	defer r.Close()
	rep, err := r.ImportXLSX(rc.env.Ctx, pos[0], reg.ImportOptions{Profile: p, DryRun: *dry, Sheet: *sheet})
	if rep.Backup != "" {
		fmt.Fprintf(rc.env.Stderr, "fgdesk: backup before import: %s\n", rep.Backup)
	}
	if err != nil {
		return fail(rc.env, "%v", err)
	}
	if *asJSON {
		printJSON(rc.env.Stdout, rep)
	} else {
		rep.WriteText(rc.env.Stdout)
	}
	if rep.Refused > 0 {
		return ExitErrors
	}
	return ExitOK
}

func regBackup(rc *regCtx, args []string) int {
	fs := rc.flags()
	dir := fs.String("dir", "", "folder for the copy (default: backups beside the database)")
	_, _, r, code := rc.setup(fs, args, 0, true)
	if code >= 0 {
		return code
	}
	defer r.Close()
	b, err := r.Backup(*dir)
	if err != nil {
		return fail(rc.env, "%v", err)
	}
	fmt.Fprintln(rc.env.Stdout, b)
	return ExitOK
}

func regEvents(rc *regCtx, args []string) int {
	fs := rc.flags()
	asJSON := fs.Bool("json", false, "print JSON")
	pos, p, r, code := rc.setup(fs, args, -1, true)
	if code >= 0 {
		return code
	}
	defer r.Close()
	if len(pos) > 1 {
		fs.Usage()
		return ExitFailed
	}
	series, n := "", 0
	if len(pos) == 1 {
		var err error
		if n, err = number(p, pos[0]); err != nil {
			return fail(rc.env, "%v", err)
		}
		series = reg.Series(p)
	}
	evs, err := r.Events(rc.env.Ctx, series, n)
	if err != nil {
		return fail(rc.env, "%v", err)
	}
	if *asJSON {
		if evs == nil {
			evs = []reg.Event{}
		}
		printJSON(rc.env.Stdout, evs)
		return ExitOK
	}
	for _, e := range evs {
		fmt.Fprintf(rc.env.Stdout, "%s  %-9s %-18s %-10s %s\n", e.At.UTC().Format("2006-01-02 15:04:05Z"), e.Action, e.Document, e.By(), e.Details)
	}
	return ExitOK
}

// writeMail writes an e-mail as .eml to file, prints its mailto: link, or
// prints the .eml on standard output.
func writeMail(rc *regCtx, m reg.Message, eml string, mailto bool) int {
	if mailto {
		fmt.Fprintln(rc.env.Stdout, m.Mailto())
		if eml == "" {
			return ExitOK
		}
	}
	b, err := m.EML()
	if err != nil {
		return fail(rc.env, "%v", err)
	}
	if eml == "" {
		rc.env.Stdout.Write(b)
		return ExitOK
	}
	if err := writeFileAtomic(eml, b); err != nil {
		return fail(rc.env, "%v", err)
	}
	fmt.Fprintf(rc.env.Stderr, "fgdesk: wrote %s (open it in your mail program to send)\n", eml)
	return ExitOK
}

func writeFileAtomic(path string, b []byte) error {
	return fsutil.WriteAtomic(path, fsutil.Overwrite, 0o644, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}

func regRequest(rc *regCtx, args []string) int {
	fs := rc.flags()
	title := fs.String("title", "", "title of the contribution (required)")
	source := fs.String("source", "", "source: the submitting organization(s)")
	contact := fs.String("contact", "", "the contact person's name")
	email := fs.String("email", "", "the contact's e-mail address")
	typ := fs.String("type", "", "input (default), output, temporary or liaison")
	purpose := fs.String("purpose", "", "discussion, information or decision")
	eml := fs.String("eml", "", "write the e-mail as an .eml file")
	mailto := fs.Bool("mailto", false, "print a mailto: link")
	pos, err := parse(fs, args)
	if err != nil {
		return flagError(err)
	}
	if len(pos) != 0 {
		fs.Usage()
		return ExitFailed
	}
	if strings.TrimSpace(*title) == "" {
		return fail(rc.env, "request: --title is required")
	}
	p, err := rc.profile()
	if err != nil {
		return fail(rc.env, "%v", err)
	}
	m := reg.RequestMail(p, reg.NumberRequest{Title: *title, Source: *source, Contact: *contact, Email: *email, Type: *typ, Purpose: *purpose}, time.Now())
	return writeMail(rc, m, *eml, *mailto)
}

func regReply(rc *regCtx, args []string) int {
	fs := rc.flags()
	to := fs.String("to", "", "recipient e-mail (default: the contact recorded at allocation)")
	name := fs.String("name", "", "recipient's name, for the greeting")
	eml := fs.String("eml", "", "write the e-mail as an .eml file")
	mailto := fs.Bool("mailto", false, "print a mailto: link")
	n, p, r, code := rc.setupNumber(fs, args, true)
	if code >= 0 {
		return code
	}
	defer r.Close()
	d, err := r.Document(rc.env.Ctx, reg.Series(p), n)
	if err != nil {
		return fail(rc.env, "%v", err)
	}
	addr := mail.Address{Name: *name, Address: *to}
	if addr.Address == "" && d.Email == "" {
		return fail(rc.env, "reply: %s has no contact e-mail; give --to", d.Name)
	}
	m := reg.ReplyMail(p, d, addr, time.Now())
	return writeMail(rc, m, *eml, *mailto)
}
