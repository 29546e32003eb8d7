package cli

import (
	"flag"

	reg "github.com/fgdesk/fgdesk/app/internal/register"
)

// migrateFlags: register migrate moves a register, typically from an
// officer's SQLite file onto the team's PostgreSQL server. It opens its two
// registers itself (--from, --to), not --db.
func migrateFlags(fs *flag.FlagSet) func(c *regCall) int {
	from := fs.String("from", "", "the register to copy: a file or a postgres:// URL")
	to := fs.String("to", "", "the register to fill: a postgres:// URL or a new file")
	force := fs.Bool("force", false, "replace what a non-empty server register holds (its event log included)")
	asJSON := fs.Bool("json", false, "print JSON")
	return func(c *regCall) int {
		if *from == "" || *to == "" {
			c.fs.Usage()
			return ExitFailed
		}
		if !reg.IsServerURL(*from) && !fileExists(*from) {
			return c.fail("register migrate: --from %s: no such register file", *from)
		}
		src, err := openRegister(*from, c.who, true)
		if err != nil {
			return c.fail("%v", err)
		}
		defer src.Close()
		dst, err := openRegister(*to, c.who, false)
		if err != nil {
			return c.fail("%v", err)
		}
		defer dst.Close()
		rep, err := reg.Migrate(c.env.Ctx, src, dst, reg.MigrateOptions{Force: *force})
		if err != nil {
			return c.fail("register migrate: nothing was copied: %v", err)
		}
		if *asJSON {
			err = printJSON(c.env.Stdout, rep)
		} else {
			err = rep.WriteText(c.env.Stdout)
		}
		if err != nil {
			return c.fail("write report: %v", err)
		}
		return ExitOK
	}
}
