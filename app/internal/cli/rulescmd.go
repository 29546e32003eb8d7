package cli

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/fgdesk/fgdesk/app/internal/finding"
	// The catalogue holds the specs of the packages linked in; the CLI
	// links every package that reports findings.
	_ "github.com/fgdesk/fgdesk/app/internal/check"
	_ "github.com/fgdesk/fgdesk/app/internal/contribution"
	_ "github.com/fgdesk/fgdesk/app/internal/register"
	_ "github.com/fgdesk/fgdesk/app/internal/rules"
)

func runRules(env *Env, fs *flag.FlagSet, args []string) int {
	md := fs.Bool("markdown", false, "a Markdown table (as in README)")
	js := fs.Bool("json", false, "JSON: the families with their rules and each rule's doc")
	explain := fs.String("explain", "", "what `CODE` catches, why TSB cares and how to fix it")
	if _, code := operands(fs, args, 0, 0); code >= 0 {
		return code
	}
	switch {
	case *explain != "":
		s, ok := finding.Lookup(strings.ToUpper(strings.TrimSpace(*explain)))
		if !ok {
			return fail(env, "rules: unknown code %q (fgdesk rules lists them)", *explain)
		}
		writeExplain(env.Stdout, s)
	case *js:
		if err := printJSON(env.Stdout, finding.Groups()); err != nil {
			return fail(env, "%v", err)
		}
	case *md:
		writeRulesMarkdown(env.Stdout)
	default:
		for _, g := range finding.Groups() {
			fmt.Fprintf(env.Stdout, "%s: %s\n", g.Name, g.Doc)
			for _, s := range g.Specs {
				fmt.Fprintf(env.Stdout, "  %-22s %-7s %s (%s)\n", s.Code, s.Severity, s.Title, s.Cite)
			}
		}
	}
	return ExitOK
}

// writeExplain prints one rule: its line, then its doc wrapped at 72
// columns.
func writeExplain(w io.Writer, s finding.Spec) {
	fmt.Fprintf(w, "%s (%s, %s family, since %s): %s\n", s.Code, s.Severity, s.Family, s.Since, s.Title)
	fmt.Fprintf(w, "Source: %s\n\n", s.Cite)
	line := 0
	for i, word := range strings.Fields(s.Doc) {
		if i > 0 && line+1+len(word) > 72 {
			fmt.Fprintln(w)
			line = 0
		} else if i > 0 {
			fmt.Fprint(w, " ")
			line++
		}
		fmt.Fprint(w, word)
		line += len(word)
	}
	fmt.Fprintln(w)
}

func writeRulesMarkdown(w io.Writer) {
	fmt.Fprintln(w, "| family | code | severity | rule | citation |")
	fmt.Fprintln(w, "| --- | --- | --- | --- | --- |")
	for _, g := range finding.Groups() {
		for i, s := range g.Specs {
			fam := ""
			if i == 0 {
				fam = g.Name
			}
			fmt.Fprintf(w, "| %s | `%s` | %s | %s | %s |\n", fam, s.Code, s.Severity, strings.ReplaceAll(s.Title, "|", "\\|"), s.Cite)
		}
	}
}
