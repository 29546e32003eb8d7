package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/fgdesk/fgdesk/app/internal/check"
	"github.com/fgdesk/fgdesk/app/internal/contribution"
	"github.com/fgdesk/fgdesk/app/internal/finding"
	"github.com/fgdesk/fgdesk/app/internal/register"
	"github.com/fgdesk/fgdesk/app/internal/rules"
)

func init() {
	addCommand("rules", "list every rule: code, severity, title, citation (--markdown, --json)", runRules)
}

// ruleGroup is a family of rules as the list prints it.
type ruleGroup struct {
	Name  string         `json:"family"`
	Doc   string         `json:"doc"`
	Specs []finding.Spec `json:"rules"`
}

// allRules is the one list of rules: the checker's families, the
// register's rules, the runner's own findings and the body check.
func allRules() []ruleGroup {
	var gs []ruleGroup
	for _, f := range rules.Families() {
		gs = append(gs, ruleGroup{f.Name, f.Doc, f.Specs})
	}
	gs = append(gs,
		ruleGroup{"register", "With a register (check --db): the number was allocated, is not received twice, title and source as allocated.", append(append([]finding.Spec{}, register.Specs...), check.RegisterFailed, check.Recorded)},
		ruleGroup{"compose", "Author side only: the Markdown body renders (images found, nesting within limits).", []finding.Spec{contribution.BodyRender}},
		ruleGroup{"runner", "The file could be read at all.", []finding.Spec{check.Unreadable}},
	)
	return gs
}

func runRules(env *Env, args []string) int {
	fs := newFlags(env, "rules", "[--markdown | --json]")
	md := fs.Bool("markdown", false, "a Markdown table (as in README)")
	js := fs.Bool("json", false, "JSON")
	if _, err := parse(fs, args); err != nil {
		return flagError(err)
	}
	switch {
	case *js:
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(allRules()); err != nil {
			return fail(env, "%v", err)
		}
	case *md:
		writeRulesMarkdown(env.Stdout)
	default:
		for _, g := range allRules() {
			fmt.Fprintf(env.Stdout, "%s: %s\n", g.Name, g.Doc)
			for _, s := range g.Specs {
				fmt.Fprintf(env.Stdout, "  %-22s %-7s %s (%s)\n", s.Code, s.Severity, s.Title, s.Cite)
			}
		}
	}
	return ExitOK
}

func writeRulesMarkdown(w io.Writer) {
	fmt.Fprintln(w, "| family | code | severity | rule | citation |")
	fmt.Fprintln(w, "| --- | --- | --- | --- | --- |")
	for _, g := range allRules() {
		for i, s := range g.Specs {
			fam := ""
			if i == 0 {
				fam = g.Name
			}
			fmt.Fprintf(w, "| %s | `%s` | %s | %s | %s |\n", fam, s.Code, s.Severity, strings.ReplaceAll(s.Title, "|", "\\|"), s.Cite)
		}
	}
}
