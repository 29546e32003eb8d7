package cli

import (
	"errors"
	"flag"
	"fmt"

	"github.com/fgdesk/fgdesk/app/internal/check"
	"github.com/fgdesk/fgdesk/app/internal/register"
)

func runCheck(env *Env, fs *flag.FlagSet, args []string) int {
	m := addDeadlineFlags(fs, "", `check as if now were TIME: "2012-03-13", "2012-03-13T09:00" (meeting time) or RFC 3339`)
	recursive := fs.Bool("r", false, "descend into sub-folders")
	jsonOut := fs.Bool("json", false, "print the report as JSON on standard output")
	xlsxOut := fs.String("xlsx", "", "also write the report as an xlsx workbook to FILE")
	verbose := fs.Bool("v", false, "show info findings and passing files' details")
	workers := fs.Int("workers", 0, "files checked at once (default: all cores)")
	db := fs.String("db", "", "check against this register, a file or a postgres:// URL (number allocated, not received twice) and record receipts")
	noRecord := fs.Bool("no-record", false, "with --db: consult the register but record nothing")
	paths, code := operands(fs, args, 1, -1)
	if code >= 0 {
		return code
	}
	p, err := loadMeeting(env, *m.meeting)
	if err != nil {
		return fail(env, "%v", err)
	}
	opt := check.Options{Profile: p, Recursive: *recursive, Workers: *workers}
	if opt.AsOf, err = m.instant(p); err != nil {
		return fail(env, "%v", err)
	}
	if *db != "" {
		if *noRecord && !register.IsServerURL(*db) && !fileExists(*db) {
			return fail(env, "check --db %s: no such register (--no-record does not create one)", *db)
		}
		reg, err := openRegister(*db, "", *noRecord)
		switch {
		case errors.Is(err, register.ErrUnavailable):
			// The team server is down: check the files anyway, each
			// with REG-UNAVAILABLE (nothing is recorded).
			fmt.Fprintf(env.Stderr, "fgdesk: %v\n", err)
			opt.RegisterErr = err
		case err != nil:
			return fail(env, "%v", err)
		default:
			defer reg.Close()
			opt.Register, opt.Record = reg, !*noRecord
		}
	}
	// Without an xlsx workbook (which needs every result at once) the
	// report is written while the run goes, file by file: memory stays
	// flat in the number of files.
	if *xlsxOut == "" {
		if *jsonOut {
			opt.Sink = check.NewJSONSink(env.Stdout)
		} else {
			opt.Sink = check.NewTextSink(env.Stdout, *verbose)
		}
	}
	defer check.TuneGC(opt.Workers)()
	rep, err := check.Run(env.Ctx, paths, opt)
	if rep == nil {
		return fail(env, "%v", err)
	}
	if opt.Sink == nil {
		write := func() error { return rep.WriteText(env.Stdout, *verbose) }
		if *jsonOut {
			write = func() error { return rep.WriteJSON(env.Stdout) }
		}
		if werr := write(); werr != nil {
			return fail(env, "write report: %v", werr)
		}
	}
	if *xlsxOut != "" {
		if err := rep.WriteXLSX(*xlsxOut); err != nil {
			return fail(env, "%v", err)
		}
		fmt.Fprintf(env.Stderr, "fgdesk: report written to %s\n", *xlsxOut)
	}
	if err != nil {
		return fail(env, "check stopped: %v", err)
	}
	if rep.HasErrors() {
		return ExitErrors
	}
	return ExitOK
}
