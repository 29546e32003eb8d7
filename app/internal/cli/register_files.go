package cli

import (
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"time"

	"github.com/fgdesk/fgdesk/app/internal/finding"
	reg "github.com/fgdesk/fgdesk/app/internal/register"
)

// Register commands about files: receive, accept, import, backup.

// fileNumberFlag adds --number to a command on a FILE whose name carries
// the number (receive, accept).
func fileNumberFlag(fs *flag.FlagSet) *string {
	return fs.String("number", "", "the document number (default: from the file name)")
}

func receiveFlags(fs *flag.FlagSet) func(c *regCall) int {
	num := fileNumberFlag(fs)
	at := fs.String("at", "", `when the file arrived: a time ("2012-03-12T18:00", meeting time, or RFC 3339) or "mtime" (the file's modification time); default now`)
	verdict := fs.String("verdict", "", "the checker's verdict: pass, info, warning or error")
	title := fs.String("title", "", "title in the file's header (compared with the allocation)")
	source := fs.String("source", "", "source in the file's header (compared with the allocation)")
	revision := fs.Bool("revision", false, "the file is a revision of one already received (also detected from a -rev1 name or a Rev.1 title)")
	return func(c *regCall) int {
		file := c.pos[0]
		fi, err := regularFile("receive", file)
		if err != nil {
			return c.fail("%v", err)
		}
		in := reg.FileReceipt{Path: file, Number: *num, Verdict: *verdict, Title: *title, Source: *source, Revision: *revision}
		switch *at {
		case "":
		case "mtime":
			in.ReceivedAt = fi.ModTime()
		default:
			if in.ReceivedAt, err = c.p.ParseInstant(*at); err != nil {
				return c.fail("--at: %v", err)
			}
		}
		rcpt, fds, err := c.r.ReceiveFile(c.env.Ctx, c.p, in)
		for _, f := range fds {
			if err == nil || f.Severity == finding.Error {
				fmt.Fprintln(c.env.Stderr, "fgdesk: "+f.String())
			}
		}
		if reg.Refused(err) {
			fmt.Fprintf(c.env.Stderr, "fgdesk: receipt of %s refused: %v\n", filepath.Base(file), err)
			return ExitErrors
		}
		if err != nil {
			return c.fail("%v", err)
		}
		d := rcpt.Document
		what := "received"
		switch {
		case rcpt.Unchanged:
			what = "already recorded"
		case rcpt.NewRevision:
			what = fmt.Sprintf("revision %d received", d.Revision)
		}
		fmt.Fprintf(c.env.Stdout, "%s %s: %s, %s (%d bytes, SHA-256 %s)\n", d.Name, what, d.Status,
			c.p.DualTime(d.ReceivedAt, time.UTC), d.Size, d.SHA256)
		return ExitOK
	}
}

func acceptFlags(fs *flag.FlagSet) func(c *regCall) int {
	root := fs.String("root", "", "local copy of the FTP documents area; the file goes to ROOT/<meeting folder>/in/ (required)")
	num := fileNumberFlag(fs)
	return func(c *regCall) int {
		file := c.pos[0]
		if *root == "" {
			return c.fail("accept: --root DIR is required (the folder that holds %s/in)", c.p.FTP.MeetingFolder)
		}
		nStr := *num
		if nStr == "" {
			nStr = file
		}
		n, err := number(c.p, nStr)
		if err != nil {
			return c.fail("accept %s: no document number in the name; give --number", file)
		}
		f, err := c.r.Accept(c.env.Ctx, reg.AcceptInput{Series: reg.Series(c.p), Number: n, Path: file, Root: *root, Profile: c.p})
		if err != nil {
			if errors.Is(err, reg.ErrNotReceived) {
				return c.fail("%v (fgdesk register receive %s)", err, file)
			}
			return c.fail("%v", err)
		}
		note := ""
		if f.Unchanged {
			note = " (already there)"
		}
		fmt.Fprintf(c.env.Stdout, "%s accepted: %s%s (read-only, SHA-256 %s)\n", f.Document.Name, f.Path, note, f.SHA256)
		return ExitOK
	}
}

func importFlags(fs *flag.FlagSet) func(c *regCall) int {
	dry := fs.Bool("dry-run", false, "only report what would be added, changed or refused")
	sheet := fs.String("sheet", "", "sheet to read (default: Documents, else the first)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	return func(c *regCall) int {
		rep, err := c.r.ImportXLSX(c.env.Ctx, c.pos[0], reg.ImportOptions{Profile: c.p, DryRun: *dry, Sheet: *sheet})
		if rep.Backup != "" {
			fmt.Fprintf(c.env.Stderr, "fgdesk: backup before import: %s\n", rep.Backup)
		}
		if err != nil {
			return c.fail("%v", err)
		}
		if *asJSON {
			printJSON(c.env.Stdout, rep)
		} else {
			rep.WriteText(c.env.Stdout)
		}
		if rep.Refused > 0 {
			return ExitErrors
		}
		return ExitOK
	}
}

func backupFlags(fs *flag.FlagSet) func(c *regCall) int {
	dir := fs.String("dir", "", "folder for the copy (default: backups beside the database)")
	return func(c *regCall) int {
		b, err := c.r.Backup(*dir)
		if err != nil {
			return c.fail("%v", err)
		}
		fmt.Fprintln(c.env.Stdout, b)
		return ExitOK
	}
}
