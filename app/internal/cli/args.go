package cli

import (
	"flag"
	"io"

	"github.com/fgdesk/fgdesk/app/internal/meeting"
)

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
	if len(pos) < least || most >= 0 && len(pos) > most {
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
