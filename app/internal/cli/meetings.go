package cli

import (
	"flag"
	"fmt"

	"github.com/fgdesk/fgdesk/app/internal/meeting"
	"github.com/fgdesk/fgdesk/app/internal/version"
)

// Version is the program version, printed by `fgdesk version`.
var Version = version.Version

// runVersion prints the version; it takes no flags and no operands.
func runVersion(env *Env, fs *flag.FlagSet, args []string) int {
	if _, code := operands(fs, args, 0, 0); code >= 0 {
		return code
	}
	fmt.Fprintln(env.Stdout, "fgdesk", Version)
	return ExitOK
}

// loadMeeting returns the profile with the given ID (empty: the default)
// from the built-in profiles and the user folder. Problems with other user
// profiles are printed as warnings, one line each.
func loadMeeting(env *Env, id string) (*meeting.Profile, error) {
	cat, err := catalog(env)
	if err != nil {
		return nil, err
	}
	if id == "" {
		id = meeting.DefaultID
	}
	return cat.Get(id)
}

func catalog(env *Env) (*meeting.Catalog, error) {
	dir, err := meeting.Dir()
	if err != nil {
		dir = ""
	}
	cat, err := meeting.LoadCatalog(dir)
	if err != nil {
		return nil, err
	}
	for _, p := range cat.Problems {
		fmt.Fprintln(env.Stderr, "fgdesk: warning: "+p.Error())
	}
	return cat, nil
}

func runMeetings(env *Env, fs *flag.FlagSet, args []string) int {
	if _, code := operands(fs, args, 0, 0); code >= 0 {
		return code
	}
	cat, err := catalog(env)
	if err != nil {
		return fail(env, "%v", err)
	}
	for _, p := range cat.Profiles {
		fmt.Fprintf(env.Stdout, "%s\t%s\t(%s)\n", p.ID, p.Title(), p.Source)
		for _, d := range p.Dates {
			t := d.Time()
			fmt.Fprintf(env.Stdout, "  %-45s %s  (%s UTC)  %s\n", d.Name, t.Format("Mon 2 Jan 2006 15:04 MST"), t.UTC().Format("2006-01-02 15:04"), d.Cite)
		}
	}
	return ExitOK
}
