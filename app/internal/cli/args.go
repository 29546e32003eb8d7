package cli

import (
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/fgdesk/fgdesk/app/internal/meeting"
	reg "github.com/fgdesk/fgdesk/app/internal/register"
)

// Argument helpers that several commands share: operands, command group
// help, the --meeting and --as-of flags, and the files and registers named
// on the command line.

// operands parses args with fs (flags and operands in any order, see
// parse) and checks the number of operands: at least least, and at most
// most when most >= 0. code is -1 when the command may go on; otherwise
// it is the exit code to return (a flag error, or the usage printed for
// a wrong count).
func operands(fs *flag.FlagSet, args []string, least, most int) (pos []string, code int) {
	pos, err := parse(fs, args)
	if err != nil {
		return nil, flagError(err)
	}
	tooMany := most >= 0 && len(pos) > most
	if tooMany {
		fmt.Fprintf(fs.Output(), "fgdesk %s: unexpected argument %q\n", fs.Name(), pos[most])
	}
	if len(pos) < least || tooMany {
		fs.Usage()
		return nil, ExitFailed
	}
	return pos, -1
}

// groupHelp answers a command group (register, incoming) called with no
// command, which prints usage and fails, or asking for help, which prints
// it and succeeds. done is false when args name a command to run.
func groupHelp(env *Env, args []string, usage func(io.Writer)) (code int, done bool) {
	if len(args) > 0 && args[0] != "-h" && args[0] != "--help" && args[0] != "help" {
		return 0, false
	}
	usage(env.Stdout)
	if len(args) == 0 {
		return ExitFailed, true
	}
	return ExitOK, true
}

// meetingFlag adds the --meeting flag; dflt says what an empty value
// stands for ("" for the built-in profile).
func meetingFlag(fs *flag.FlagSet, dflt string) *string {
	if dflt == "" {
		return fs.String("meeting", "", "meeting profile ID (default "+meeting.DefaultID+")")
	}
	return fs.String("meeting", "", "meeting profile ID (default: "+dflt+")")
}

// deadlineFlags are --meeting and --as-of (judge deadlines as if now were
// TIME), for the commands that check files against a meeting (check, fix).
type deadlineFlags struct{ meeting, asOf *string }

// addDeadlineFlags adds them; dflt is as for meetingFlag.
func addDeadlineFlags(fs *flag.FlagSet, dflt, asOfUsage string) deadlineFlags {
	return deadlineFlags{meeting: meetingFlag(fs, dflt), asOf: fs.String("as-of", "", asOfUsage)}
}

// instant reads --as-of in p's time; without it, the zero time: now.
func (d deadlineFlags) instant(p *meeting.Profile) (time.Time, error) {
	if *d.asOf == "" {
		return time.Time{}, nil
	}
	t, err := p.ParseInstant(*d.asOf)
	if err != nil {
		return time.Time{}, fmt.Errorf("--as-of: %w", err)
	}
	return t, nil
}

// regularFile returns the FileInfo of file, an operand of cmd (upload,
// receive), or an error naming both when it is not a regular file.
func regularFile(cmd, file string) (os.FileInfo, error) {
	fi, err := os.Stat(file)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %v", cmd, file, err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s %s: not a regular file", cmd, file)
	}
	return fi, nil
}

// openRegister opens the register at path (empty: register.db in the data
// folder), the one place the CLI opens a register. readOnly opens an
// existing register without write access; one that does not exist yet is
// created.
func openRegister(path, who string, readOnly bool) (*reg.Register, error) {
	if path == "" {
		p, err := reg.DefaultPath()
		if err != nil {
			return nil, fmt.Errorf("register: find the data folder: %w", err)
		}
		path = p
	}
	return reg.Open(path, reg.Options{Who: who, ReadOnly: readOnly && fileExists(path)})
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
