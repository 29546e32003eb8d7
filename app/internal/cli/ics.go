package cli

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/fgdesk/fgdesk/app/internal/fsutil"
	"github.com/fgdesk/fgdesk/app/internal/ics"
)

func runICS(env *Env, fs *flag.FlagSet, args []string) int {
	id := meetingFlag(fs, "")
	out := fs.String("o", "", "output file (.ics); - for standard output")
	rest, err := parse(fs, args)
	if err != nil {
		return flagError(err)
	}
	if len(rest) > 0 {
		return fail(env, "ics: unexpected argument %q (write -o FILE)", rest[0])
	}
	if *out == "" {
		return fail(env, "ics: name the output file with -o FILE.ics (or -o - for standard output)")
	}
	p, err := loadMeeting(env, *id)
	if err != nil {
		return fail(env, "ics: %v", err)
	}
	opt := ics.Options{Stamp: time.Now(), Product: "FG Desk " + Version}
	if *out == "-" {
		if err := ics.Write(env.Stdout, p, opt); err != nil {
			return fail(env, "ics: %v", err)
		}
		return ExitOK
	}
	if !strings.HasSuffix(strings.ToLower(*out), ".ics") {
		fmt.Fprintf(env.Stderr, "fgdesk: warning: %s does not end in .ics; calendar programs may not recognise it\n", *out)
	}
	err = fsutil.WriteAtomic(*out, fsutil.Overwrite, 0o644, func(w io.Writer) error { return ics.Write(w, p, opt) })
	if err != nil {
		return fail(env, "ics: %v", err)
	}
	fmt.Fprintf(env.Stdout, "wrote %s: %d key dates and %d sessions of %s\n", *out, len(p.Dates), len(p.Sessions), p.Title())
	return ExitOK
}
