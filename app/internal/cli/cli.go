// Package cli owns FG Desk's command-line subcommands (export, validate,
// fix, check, upload, incoming, register, meetings, ics, rules, corpus,
// bench, version). The GUI and the CLI are the same binary: app/main.go
// calls Run when it has arguments.
//
// Every command is a row of one table, commands in cli.go (name, summary,
// usage line, body); Run makes the command's flag set and the body
// declares its own flags on it, so a body holds only its own logic. The
// groups register and incoming take their commands from tables of their
// own (register.go, incoming.go). What several commands share is written
// once: the flags --meeting and --as-of, the opening of a register and
// the checks of operands in args.go; the server flags in upload.go.
//
// Every subcommand reports bad input in one line naming the file and the
// cause, never a stack trace, and exits 0 (all well), 1 (errors found) or
// 2 (could not run).
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strings"
)

// Exit codes.
const (
	ExitOK     = 0 // done, no errors found
	ExitErrors = 1 // done, errors found
	ExitFailed = 2 // could not run: bad arguments or unreadable input
)

// Env is what a subcommand may use: its streams and a context.
type Env struct {
	Ctx    context.Context
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
}

// command describes one subcommand: its name, its line in the help, the
// usage line of its -h (after "usage: fgdesk NAME") and its body. Run
// makes the flag set from the name and the usage line and hands it to run,
// so a body starts with its own flags; a command group (register,
// incoming) reads its arguments itself, in group.
type command struct {
	name, summary, usage string
	run                  func(env *Env, fs *flag.FlagSet, args []string) int
	group                func(env *Env, args []string) int
}

// commands are the subcommands (the help lists them by name).
var commands = []command{
	{name: "bench", summary: "measure check against the zip floor and python-docx on 1,000 generated files", usage: "[--n 1000] [--dir DIR] [--workers N] [--rounds 5] [--readme README.md]", run: runBench},
	{name: "check", summary: "check incoming files against the meeting's rules", usage: "PATH... [--meeting ID] [--as-of TIME] [-r] [--db FILE] [--json | --xlsx FILE] [-v]", run: runCheck},
	{name: "corpus", summary: "generate the test corpus (realistic and hostile files), or verify a check of it", usage: "-o DIR [--n N] [--seed S] [--small] [--no-hostile] | --verify DIR", run: runCorpus},
	{name: "export", summary: "export a draft as innovation-i-nnnn.docx (and a PDF copy)", usage: "DRAFT.json [-o DIR] [--blank] [--force] [--pdf]", run: runExport},
	{name: "fix", summary: "write a corrected copy of a Word file in the FG template (stamp the number, fix the header, clean)", usage: "FILE -o DIR [--number NNNN] [--all] [--clean] [--accept-changes] [--json] [--force] [field flags]", run: runFix},
	{name: "ics", summary: "write the meeting's key dates and sessions as a calendar file (.ics)", usage: "[--meeting ID] -o FILE.ics", run: runICS},
	{name: "incoming", summary: "collect incoming files: sync | watch a server or folder into a mirror; accept on the server", group: runIncoming},
	{name: "meetings", summary: "list the meeting profiles and their key dates", run: runMeetings},
	{name: "register", summary: "the document register: allocate numbers, record receipts, accept, export", group: runRegister},
	{name: "rules", summary: "list every rule: code, severity, title, citation (--markdown, --json, --explain CODE)", usage: "[--markdown | --json | --explain CODE]", run: runRules},
	{name: "upload", summary: "submit a file to the meeting's FTP incoming folder (receipt kept next to it)", usage: "FILE [--to ftp://[user@]host[:port]/path | DIR] [--password-file F] [--tls auto|explicit|implicit|off] [--force]", run: runUpload},
	{name: "validate", summary: "check a draft's fields against the template rules", usage: "DRAFT.json [--json] [--meeting ID]", run: runValidate},
	{name: "version", summary: "print the version", run: runVersion},
}

// call runs c with args (what follows its name); in is the group c belongs
// to ("" for a top-level command), for the flag set's name.
func (c command) call(env *Env, in string, args []string) int {
	if c.group != nil {
		return c.group(env, args)
	}
	name := c.name
	if in != "" {
		name = in + " " + name
	}
	return c.run(env, newFlags(env, name, c.usage), args)
}

// lookup returns the command of cs named name.
func lookup(cs []command, name string) (command, bool) {
	i := slices.IndexFunc(cs, func(c command) bool { return c.name == name })
	if i < 0 {
		return command{}, false
	}
	return cs[i], true
}

// IsCommand reports whether args are for the command line rather than
// the GUI, so main can decide before touching any driver. They are when
// the first names a subcommand or a help flag, and also when it is a bare
// word that names neither a command nor a file (fgdesk frobnicate): Run
// then says "unknown command" instead of the GUI starting. The GUI keeps
// files and folders (a path, a name with an extension, anything that
// exists) and the flags a desktop passes (macOS's -psn_...).
func IsCommand(args []string) bool {
	if len(args) == 0 {
		return false
	}
	a := args[0]
	switch a {
	case "-h", "-help", "--help", "help", "-version", "--version":
		return true
	}
	if _, ok := lookup(commands, a); ok {
		return true
	}
	if a == "" || strings.HasPrefix(a, "-") || strings.ContainsAny(a, `/\.:`) {
		return false
	}
	_, err := os.Stat(a)
	return err != nil
}

// Run runs the subcommand named by args[0] and returns the exit code.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	env := &Env{Ctx: ctx, Stdin: stdin, Stdout: stdout, Stderr: stderr}
	defer func() {
		// A bug must not show a delegate a stack trace: one line, exit 2.
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "fgdesk: internal error: %v (please report it)\n", r)
			if os.Getenv("FGDESK_DEBUG") != "" {
				stderr.Write(debug.Stack())
			}
			code = ExitFailed
		}
	}()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		usage(stdout)
		return ExitOK
	}
	if args[0] == "--version" || args[0] == "-version" {
		args[0] = "version"
	}
	if c, ok := lookup(commands, args[0]); ok {
		return c.call(env, "", args[1:])
	}
	fmt.Fprintf(stderr, "fgdesk: unknown command %q\n\n", args[0])
	usage(stderr)
	return ExitFailed
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "FG Desk: write and check ITU-T focus group contributions (TSB Circular 253).")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage:")
	fmt.Fprintln(w, "  fgdesk                 open the desktop app")
	fmt.Fprintln(w, "  fgdesk COMMAND [ARGS]  run a command:")
	fmt.Fprintln(w)
	cs := slices.Clone(commands)
	slices.SortFunc(cs, func(a, b command) int { return strings.Compare(a.name, b.name) })
	for _, c := range cs {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run fgdesk COMMAND -h for a command's flags.")
}

// newFlags returns a flag set that reports errors instead of exiting.
func newFlags(env *Env, name, usageLine string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintln(env.Stderr, strings.TrimSpace("usage: fgdesk "+name+" "+usageLine))
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags that may come before, between or after positional
// arguments ("export DRAFT.json -o DIR" as well as "export -o DIR DRAFT.json")
// and returns the positional ones. A lone "--" ends flag parsing.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if rest[0] == "--" {
			return append(pos, rest[1:]...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// fail prints one line to stderr and returns ExitFailed.
func fail(env *Env, format string, a ...any) int {
	msg := fmt.Sprintf(format, a...)
	msg = strings.ReplaceAll(strings.TrimSpace(msg), "\n", " ")
	fmt.Fprintln(env.Stderr, "fgdesk: "+msg)
	return ExitFailed
}

// flagError converts a flag parse error to an exit code (help is not an error).
func flagError(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return ExitOK
	}
	return ExitFailed
}
