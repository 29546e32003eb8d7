package cli

import (
	"os"

	reg "github.com/fgdesk/fgdesk/app/internal/register"
)

func init() {
	registerCmds = append(registerCmds, registerCmd{"migrate", "--from FILE.db|URL --to postgres://...|NEW.db [--force] [--json]",
		"copy a whole register (meetings, documents, events) into another, verified, in one transaction", regMigrate})
}

// regMigrate moves a register, typically from an officer's SQLite file
// onto the team's PostgreSQL server.
func regMigrate(rc *regCtx, args []string) int {
	fs := newFlags(rc.env, "register migrate", rc.cmd.usage)
	from := fs.String("from", "", "the register to copy: a file or a postgres:// URL")
	to := fs.String("to", "", "the register to fill: a postgres:// URL or a new file")
	force := fs.Bool("force", false, "replace what a non-empty server register holds (its event log included)")
	who := fs.String("who", "", "name recorded in the target's event log (default: your user name)")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return flagError(err)
	}
	if len(pos) != 0 || *from == "" || *to == "" {
		fs.Usage()
		return ExitFailed
	}
	if !reg.IsServerURL(*from) {
		if _, err := os.Stat(*from); err != nil {
			return fail(rc.env, "register migrate: --from %s: no such register file", *from)
		}
	}
	src, err := reg.Open(*from, reg.Options{Who: *who, ReadOnly: !reg.IsServerURL(*from)})
	if err != nil {
		return fail(rc.env, "%v", err)
	}
	defer src.Close()
	dst, err := reg.Open(*to, reg.Options{Who: *who})
	if err != nil {
		return fail(rc.env, "%v", err)
	}
	defer dst.Close()
	rep, err := reg.Migrate(rc.env.Ctx, src, dst, reg.MigrateOptions{Force: *force})
	if err != nil {
		return fail(rc.env, "register migrate: nothing was copied: %v", err)
	}
	if *asJSON {
		err = printJSON(rc.env.Stdout, rep)
	} else {
		err = rep.WriteText(rc.env.Stdout)
	}
	if err != nil {
		return fail(rc.env, "write report: %v", err)
	}
	return ExitOK
}
