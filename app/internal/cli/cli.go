// Package cli owns FG Desk's command-line subcommands (export, validate,
// check, register, meetings, rules, bench, version). The GUI and the CLI are
// the same binary: app/main.go calls Run when it has arguments.
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

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(env *Env, args []string) int
}

var commands []command

// addCommand adds a subcommand; files of this package call it from init.
func addCommand(name, summary string, run func(env *Env, args []string) int) {
	commands = append(commands, command{name, summary, run})
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
	if slices.ContainsFunc(commands, func(c command) bool { return c.name == a }) {
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
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(env, args[1:])
		}
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
		fmt.Fprintf(env.Stderr, "usage: fgdesk %s %s\n", name, usageLine)
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
