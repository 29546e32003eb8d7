package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/fgdesk/fgdesk/app/internal/meeting"
	reg "github.com/fgdesk/fgdesk/app/internal/register"
	"github.com/fgdesk/fgdesk/app/internal/transfer"
)

func incomingUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: fgdesk incoming sync  --from ftp://[user@]host[:port]/path | DIR -o MIRROR [--db register.db]")
	fmt.Fprintln(w, "       fgdesk incoming watch --from ... -o MIRROR [--db register.db] [--interval 30s]")
	fmt.Fprintln(w, "       fgdesk incoming accept FILE --from ... -o MIRROR --db register.db [--dest PATH] [--root DIR]")
	fmt.Fprintln(w, "       fgdesk incoming reject FILE --db register.db --reason R   (the file stays where it is)")
}

// incomingCmds are the commands of `fgdesk incoming`; watch is sync,
// again and again.
var incomingCmds = []command{
	{name: "sync", usage: syncUsage, run: syncing(false)},
	{name: "watch", usage: syncUsage, run: syncing(true)},
	{name: "accept", usage: "FILE --from ftp://... -o MIRROR --db register.db [--dest PATH] [--root DIR]", run: incAccept},
	{name: "reject", usage: "FILE --db register.db --reason R", run: incReject},
}

const syncUsage = "--from ftp://[user@]host[:port]/path | DIR -o MIRROR [--db register.db]"

func runIncoming(env *Env, args []string) int {
	if code, done := groupHelp(env, args, incomingUsage); done {
		return code
	}
	if c, ok := lookup(incomingCmds, args[0]); ok {
		return c.call(env, "incoming", args[1:])
	}
	incomingUsage(env.Stderr)
	return ExitFailed
}

// incFlags are the flags of the commands that reach the incoming folder
// (sync, watch, accept).
type incFlags struct {
	fs                        *flag.FlagSet
	from, mirror, db, meeting *string
	link                      linkFlags
}

func addIncFlags(fs *flag.FlagSet) incFlags {
	return incFlags{fs: fs,
		from:    fs.String("from", "", "the incoming folder: ftp://[user@]host[:port]/path or a local folder (default: the profile's host and incoming path)"),
		mirror:  fs.String("o", "", "local mirror folder (read-only copies; required)"),
		db:      fs.String("db", "", "register database: check with its rules and record receipts"),
		meeting: meetingFlag(fs, ""),
		link:    addLinkFlags(fs)}
}

// setup parses the flags and connects; code is -1 on success.
func (f incFlags) setup(env *Env, args []string, needDB bool) (pos []string, p *meeting.Profile, st transfer.Store, r *reg.Register, code int) {
	pos, err := parse(f.fs, args)
	if err != nil {
		return nil, nil, nil, nil, flagError(err)
	}
	if *f.mirror == "" {
		return nil, nil, nil, nil, fail(env, "incoming: -o MIRROR is required")
	}
	if needDB && *f.db == "" {
		return nil, nil, nil, nil, fail(env, "incoming: --db register.db is required")
	}
	if p, err = loadMeeting(env, *f.meeting); err != nil {
		return nil, nil, nil, nil, fail(env, "%v", err)
	}
	t, err := incomingTarget(p, *f.from, "--from")
	if err != nil {
		return nil, nil, nil, nil, fail(env, "%v", err)
	}
	if *f.db != "" {
		if r, err = openRegister(*f.db, "", false); err != nil {
			return nil, nil, nil, nil, fail(env, "%v", err)
		}
		if err := r.SyncMeeting(env.Ctx, p); err != nil {
			r.Close()
			return nil, nil, nil, nil, fail(env, "%v", err)
		}
	}
	if st, err = f.link.open(env, t); err != nil {
		if r != nil {
			r.Close()
		}
		return nil, nil, nil, nil, fail(env, "%v", err)
	}
	return pos, p, st, r, -1
}

// syncing is incSync as a command body: sync once, or watch.
func syncing(watch bool) func(env *Env, fs *flag.FlagSet, args []string) int {
	return func(env *Env, fs *flag.FlagSet, args []string) int { return incSync(env, fs, args, watch) }
}

func incSync(env *Env, fs *flag.FlagSet, args []string, watch bool) int {
	f := addIncFlags(fs)
	interval := fs.Duration("interval", 30*time.Second, "watch: time between polls of an FTP folder (a local folder is also watched for changes)")
	jsonOut := fs.Bool("json", false, "sync: print the check report of the new files as JSON")
	_, p, st, r, code := f.setup(env, args, false)
	if code >= 0 {
		return code
	}
	defer st.Close()
	if r != nil {
		defer r.Close()
	}
	opt := transfer.CollectOptions{Profile: p, Register: r, SyncOptions: transfer.SyncOptions{Mirror: *f.mirror,
		Retry: retry(env)}}
	worst := ExitOK
	report := func(c transfer.Collected, err error) {
		for _, m := range c.Sync.Files {
			switch {
			case m.Err != nil:
				fmt.Fprintf(env.Stderr, "fgdesk: %s: %v\n", m.Name, m.Err)
				worst = ExitFailed
			case m.Pending:
				fmt.Fprintf(env.Stdout, "waiting  %s (still being written)\n", m.Name)
			case m.Downloaded:
				fmt.Fprintf(env.Stdout, "new      %s  %d bytes  received %s  [%s]\n", m.Name, m.Size, p.DualTime(m.ReceivedAt, time.UTC), m.ReceivedFrom)
			case !watch:
				fmt.Fprintf(env.Stdout, "same     %s\n", m.Name)
			}
		}
		if c.Report != nil {
			if *jsonOut && !watch {
				c.Report.WriteJSON(env.Stdout)
			} else {
				c.Report.WriteText(env.Stdout, false)
			}
			if c.Report.HasErrors() && worst == ExitOK {
				worst = ExitErrors
			}
		}
		n := len(c.Sync.Downloaded())
		if !watch || n > 0 {
			fmt.Fprintf(env.Stdout, "%s: %d file(s), %d downloaded, mirror %s\n", c.Sync.Source, len(c.Sync.Files), n, *f.mirror)
		}
		if err != nil {
			fmt.Fprintf(env.Stderr, "fgdesk: %v\n", err)
			worst = ExitFailed
		}
	}
	if !watch {
		c, err := transfer.Collect(env.Ctx, st, opt)
		report(c, err)
		return worst
	}
	wopt := transfer.WatchOptions{SyncOptions: opt.SyncOptions, Interval: *interval,
		Notice: func(s string) { fmt.Fprintln(env.Stderr, "fgdesk: "+s) }}
	// Watch syncs; each pass's new files are checked here.
	wopt.Pass = func(res transfer.SyncResult, err error) {
		c := transfer.Collected{Sync: res}
		if err == nil {
			c.Report, err = transfer.CheckMirrored(env.Ctx, res, opt)
		}
		report(c, err)
	}
	err := transfer.Watch(env.Ctx, st, wopt)
	if err != nil && !errors.Is(err, env.Ctx.Err()) {
		return fail(env, "%v", err)
	}
	return ExitOK
}

func incAccept(env *Env, fs *flag.FlagSet, args []string) int {
	f := addIncFlags(fs)
	dest := fs.String("dest", "", "the meeting folder on the server (default: from the profile, beside incoming)")
	root := fs.String("root", "", "local folder for the register's read-only copy (default: MIRROR-filed); the copy goes to ROOT/<meeting folder>/in/")
	move := fs.Bool("move", false, "remove the original from incoming once the copy is verified (default: the profile's ftp.accept)")
	pos, p, st, r, code := f.setup(env, args, true)
	if code >= 0 {
		return code
	}
	defer st.Close()
	defer r.Close()
	if len(pos) != 1 {
		fs.Usage()
		return ExitFailed
	}
	name := filepath.Base(pos[0])
	if *root == "" {
		*root = filepath.Clean(*f.mirror) + "-filed"
	}
	a, err := transfer.Accept(env.Ctx, st, transfer.AcceptInput{Register: r, Profile: p, Mirror: *f.mirror, Name: name,
		Dest: *dest, Root: *root, Options: transfer.FileOptions{Move: *move || p.FTP.Accept == "move"}})
	if err != nil {
		if errors.Is(err, transfer.ErrExists) || errors.Is(err, reg.ErrNotReceived) || errors.Is(err, transfer.ErrVerify) {
			fmt.Fprintf(env.Stderr, "fgdesk: %v\n", err)
			return ExitErrors
		}
		return fail(env, "%v", err)
	}
	note := ""
	if a.Server.Unchanged {
		note = " (already there)"
	}
	fmt.Fprintf(env.Stdout, "%s accepted: %s%s (%d bytes, SHA-256 %s read back from the server)\n", a.Local.Document.Name, st.Target().WithPath(a.Server.Path), note, a.Server.Size, a.Server.SHA256)
	if a.Server.Moved {
		fmt.Fprintf(env.Stdout, "removed %s from incoming (ftp.accept = move)\n", name)
	} else {
		fmt.Fprintf(env.Stdout, "incoming original left unchanged: %s\n", st.Target().Join(name))
	}
	fmt.Fprintf(env.Stdout, "register copy: %s\n", a.Local.Path)
	return ExitOK
}

func incReject(env *Env, fs *flag.FlagSet, args []string) int {
	db := fs.String("db", "", "register database (required)")
	reason := fs.String("reason", "", "why the document is rejected (required)")
	meetingID := meetingFlag(fs, "")
	pos, code := operands(fs, args, 1, 1)
	if code >= 0 {
		return code
	}
	if *db == "" || *reason == "" {
		fs.Usage()
		return ExitFailed
	}
	p, err := loadMeeting(env, *meetingID)
	if err != nil {
		return fail(env, "%v", err)
	}
	n, err := number(p, filepath.Base(pos[0]))
	if err != nil {
		return fail(env, "%v", err)
	}
	r, err := openRegister(*db, "", false)
	if err != nil {
		return fail(env, "%v", err)
	}
	defer r.Close()
	d, err := r.Reject(env.Ctx, reg.Series(p), n, *reason)
	if err != nil {
		return fail(env, "%v", err)
	}
	fmt.Fprintf(env.Stdout, "%s rejected: %s (the file stays in incoming and in the mirror)\n", d.Name, d.RejectReason)
	return ExitOK
}
