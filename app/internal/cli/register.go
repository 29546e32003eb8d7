package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/fgdesk/fgdesk/app/internal/meeting"
	reg "github.com/fgdesk/fgdesk/app/internal/register"
)

// `fgdesk register COMMAND`: each command is a registerCmd descriptor (its
// flags, what it needs) whose body holds only its own logic; run does the
// rest (flags, the meeting, numbers, opening and closing the register).
// The bodies are grouped by theme: register_numbers.go (allocate, reserve,
// release, reject, withdraw, supersede), register_files.go (receive,
// accept, import, backup), register_lists.go (list, show, events,
// export), register_mail.go (request, reply) and register_migrate.go
// (migrate).

// registerCmd describes one `fgdesk register` subcommand.
type registerCmd struct {
	name, usage, summary string
	// args is the number of positional arguments; -1 lets the body check.
	args int
	// number: every positional argument is a NUMBER|FILE (7, 0007,
	// innovation-i-0007, a file name carrying it), read into regCall.nums.
	number bool
	// register: the body needs the register (--db) open; readOnly opens it
	// without write access.
	register, readOnly bool
	// flags declares the command's own flags and returns its body.
	flags func(fs *flag.FlagSet) func(c *regCall) int
}

// regCall is what a body gets: the parsed arguments, the meeting and,
// when asked for, the open register.
type regCall struct {
	env  *Env
	fs   *flag.FlagSet
	pos  []string
	nums []int
	p    *meeting.Profile
	r    *reg.Register
	who  string // --who, for commands that open registers themselves
}

func (c *regCall) fail(format string, a ...any) int { return fail(c.env, format, a...) }

var registerCmds = []registerCmd{
	{name: "allocate", usage: "--title T --source S [--email E] [--type T] [--purpose P]", summary: "allocate the next free number; prints its name", register: true, flags: allocateFlags},
	{name: "reserve", usage: "NUMBER --title T [--source S]", summary: "allocate a specific number", args: 1, number: true, register: true, flags: reserveFlags},
	{name: "release", usage: "NUMBER [--reason R]", summary: "free a number that was never used", args: 1, number: true, register: true, flags: releaseFlags},
	{name: "list", usage: "[--status S,...] [--late] [--search TEXT] [--all] [--json]", summary: "list the documents", register: true, readOnly: true, flags: listFlags},
	{name: "show", usage: "NUMBER [--json]", summary: "show one document and its history", args: 1, number: true, register: true, readOnly: true, flags: showFlags},
	{name: "receive", usage: "FILE [--number N] [--at TIME|mtime] [--verdict V] [--title T] [--source S] [--revision]", summary: "record the receipt of an incoming file", args: 1, register: true, flags: receiveFlags},
	{name: "accept", usage: "FILE --root DIR [--number N]", summary: "copy an accepted file to DIR/<meeting folder>/in, read-only", args: 1, register: true, flags: acceptFlags},
	{name: "reject", usage: "NUMBER|FILE --reason R", summary: "record a rejection (the file stays where it is)", args: 1, number: true, register: true, flags: rejectFlags},
	{name: "withdraw", usage: "NUMBER [--reason R]", summary: "record that the author withdrew the document", args: 1, number: true, register: true, flags: withdrawFlags},
	{name: "supersede", usage: "OLD NEW", summary: "record that document NEW replaces OLD", args: 2, number: true, register: true, flags: supersedeFlags},
	{name: "export", usage: "[--xlsx FILE] [--html FILE] [--all]", summary: "write the list of documents as xlsx and/or HTML", register: true, readOnly: true, flags: exportListFlags},
	{name: "import", usage: "FILE.xlsx [--dry-run] [--sheet NAME] [--json]", summary: "merge a register workbook (validated; --dry-run only reports)", args: 1, register: true, flags: importFlags},
	{name: "backup", usage: "[--dir DIR]", summary: "write a timestamped copy of the register", register: true, readOnly: true, flags: backupFlags},
	{name: "events", usage: "[NUMBER] [--json]", summary: "print the event log", args: -1, register: true, readOnly: true, flags: eventsFlags},
	{name: "request", usage: "--title T --source S --contact NAME --email E [--eml FILE | --mailto]", summary: "build the number request e-mail to TSB (delegate side)", flags: requestFlags},
	{name: "reply", usage: "NUMBER [--to E] [--name N] [--eml FILE | --mailto]", summary: "build TSB's reply with the number and upload instructions", args: 1, number: true, register: true, readOnly: true, flags: replyFlags},
	{name: "migrate", usage: "--from FILE.db|URL --to postgres://...|NEW.db [--force] [--json]", summary: "copy a whole register (meetings, documents, events) into another, verified, in one transaction", flags: migrateFlags},
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
	if code, done := groupHelp(env, args, registerUsage); done {
		return code
	}
	for _, c := range registerCmds {
		if c.name == args[0] {
			return c.run(env, args[1:])
		}
	}
	return fail(env, "register: unknown command %q (run fgdesk register help)", args[0])
}

// run parses the flags every register command shares (--db, --meeting,
// --who) and the command's own, checks the arguments, reads the numbers,
// opens the register as the descriptor asks, and runs the body.
func (cmd registerCmd) run(env *Env, args []string) int {
	fs := newFlags(env, "register "+cmd.name, cmd.usage)
	db := fs.String("db", "", "register database file or postgres:// URL of a team server (default: register.db in the data folder)")
	meetingID := meetingFlag(fs, "")
	who := fs.String("who", "", "name recorded in the event log (default: your user name)")
	body := cmd.flags(fs)
	pos, code := operands(fs, args, max(cmd.args, 0), cmd.args)
	if code >= 0 {
		return code
	}
	c := &regCall{env: env, fs: fs, pos: pos, who: *who}
	var err error
	if c.p, err = loadMeeting(env, *meetingID); err != nil {
		return fail(env, "%v", err)
	}
	if cmd.number {
		for _, a := range pos {
			n, err := number(c.p, a)
			if err != nil {
				return fail(env, "%v", err)
			}
			c.nums = append(c.nums, n)
		}
	}
	if cmd.register {
		if c.r, err = openRegister(*db, *who, cmd.readOnly); err != nil {
			return fail(env, "%v", err)
		}
		defer c.r.Close()
	}
	return body(c)
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

// printJSON prints v as indented JSON, without HTML escapes.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
