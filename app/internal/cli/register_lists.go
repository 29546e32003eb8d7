package cli

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	reg "github.com/fgdesk/fgdesk/app/internal/register"
)

// Register commands that read: list, show, events, and export (the list
// of documents as xlsx or HTML).

func listFlags(fs *flag.FlagSet) func(c *regCall) int {
	status := fs.String("status", "", "only these statuses, comma-separated (e.g. \"on time,late\")")
	late := fs.Bool("late", false, "only documents received after the deadline")
	search := fs.String("search", "", "only documents whose number, title, source or file name contains TEXT")
	all := fs.Bool("all", false, "all meetings and series, not only the meeting's series")
	asJSON := fs.Bool("json", false, "print JSON")
	return func(c *regCall) int {
		f := reg.Filter{Late: *late, Text: *search}
		if !*all {
			f.Series = reg.Series(c.p)
		}
		if *status != "" {
			for _, s := range strings.Split(*status, ",") {
				st, err := reg.ParseStatus(s)
				if err != nil {
					return c.fail("--status: %v", err)
				}
				f.Status = append(f.Status, st)
			}
		}
		docs, err := c.r.Documents(c.env.Ctx, f)
		switch {
		case err != nil:
			return c.fail("%v", err)
		case *asJSON:
			return printList(c.env.Stdout, docs)
		}
		writeDocTable(c.env.Stdout, docs, c.p.Location())
		return ExitOK
	}
}

// printList prints xs as a JSON array ([] when empty, never null).
func printList[T any](w io.Writer, xs []T) int {
	if xs == nil {
		xs = []T{}
	}
	printJSON(w, xs)
	return ExitOK
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

func writeDocTable(w io.Writer, docs []reg.Document, loc *time.Location) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "NUMBER\tSTATUS\tRECEIVED (%s)\tREV\tTITLE\tSOURCE\n", loc)
	for _, d := range docs {
		rcv := ""
		if d.Received() {
			rcv = d.ReceivedAt.In(loc).Format("2006-01-02 15:04")
		}
		st := string(d.Status)
		if d.ReplacedBy != "" {
			st += " by " + d.ReplacedBy
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", d.Name, st, rcv, d.Revision, clip(d.Title, 50), clip(d.Source, 30))
	}
	tw.Flush()
	fmt.Fprintf(w, "%d documents\n", len(docs))
}

func showFlags(fs *flag.FlagSet) func(c *regCall) int {
	asJSON := fs.Bool("json", false, "print JSON")
	return func(c *regCall) int {
		p, n := c.p, c.nums[0]
		d, err := c.r.Document(c.env.Ctx, reg.Series(p), n)
		if err != nil {
			return c.fail("%v", err)
		}
		evs, err := c.r.Events(c.env.Ctx, reg.Series(p), n)
		if err != nil {
			return c.fail("%v", err)
		}
		if *asJSON {
			printJSON(c.env.Stdout, struct {
				Document reg.Document `json:"document"`
				Events   []reg.Event  `json:"events"`
			}{d, evs})
			return ExitOK
		}
		loc := p.Location()
		w := c.env.Stdout
		tm := func(t time.Time) string {
			if t.IsZero() {
				return "-"
			}
			return p.DualTime(t, time.UTC)
		}
		fmt.Fprintf(w, "%s  %s\n", d.Name, d.Status)
		for _, kv := range [][2]string{
			{"Title", d.Title}, {"Source", d.Source}, {"Type", d.Type}, {"Purpose", d.Purpose}, {"Contact", d.Email},
			{"Requested", tm(d.RequestedAt)}, {"Allocated", tm(d.AllocatedAt)}, {"Received", tm(d.ReceivedAt)},
			{"File", d.FileName}, {"SHA-256", d.SHA256}, {"Revision", fmt.Sprint(d.Revision)}, {"Verdict", d.Verdict},
			{"Accepted", tm(d.AcceptedAt)}, {"Filed as", d.FiledAs}, {"Replaces", d.Replaces}, {"Replaced by", d.ReplacedBy},
			{"Reject reason", d.RejectReason}, {"Notes", d.Notes},
		} {
			if kv[1] != "" && kv[1] != "-" {
				fmt.Fprintf(w, "  %-13s %s\n", kv[0]+":", kv[1])
			}
		}
		fmt.Fprintln(w, "History:")
		for _, e := range evs {
			fmt.Fprintf(w, "  %s  %-9s %-10s %s\n", e.At.In(loc).Format("2006-01-02 15:04:05 MST"), e.Action, e.By(), e.Details)
		}
		return ExitOK
	}
}

func eventsFlags(fs *flag.FlagSet) func(c *regCall) int {
	asJSON := fs.Bool("json", false, "print JSON")
	return func(c *regCall) int {
		if len(c.pos) > 1 {
			c.fs.Usage()
			return ExitFailed
		}
		series, n := "", 0
		if len(c.pos) == 1 {
			var err error
			if n, err = number(c.p, c.pos[0]); err != nil {
				return c.fail("%v", err)
			}
			series = reg.Series(c.p)
		}
		evs, err := c.r.Events(c.env.Ctx, series, n)
		switch {
		case err != nil:
			return c.fail("%v", err)
		case *asJSON:
			return printList(c.env.Stdout, evs)
		}
		for _, e := range evs {
			fmt.Fprintf(c.env.Stdout, "%s  %-9s %-18s %-10s %s\n", e.At.UTC().Format("2006-01-02 15:04:05Z"), e.Action, e.Document, e.By(), e.Details)
		}
		return ExitOK
	}
}

func exportListFlags(fs *flag.FlagSet) func(c *regCall) int {
	xlsx := fs.String("xlsx", "", "write the list as an xlsx workbook to FILE")
	html := fs.String("html", "", "write the list as a static HTML page to FILE")
	all := fs.Bool("all", false, "all meetings and series, not only the meeting's series")
	return func(c *regCall) int {
		if *xlsx == "" && *html == "" {
			return c.fail("export: give --xlsx FILE and/or --html FILE")
		}
		f, opt := reg.ListExport(c.p, *all)
		docs, err := c.r.Documents(c.env.Ctx, f)
		if err != nil {
			return c.fail("%v", err)
		}
		for _, out := range []struct {
			path string
			save func(string, []reg.Document, reg.ExportOptions) (reg.Saved, error)
		}{{*xlsx, reg.SaveXLSX}, {*html, reg.SaveHTML}} {
			if out.path == "" {
				continue
			}
			s, err := out.save(out.path, docs, opt)
			if err != nil {
				return c.fail("%v", err)
			}
			if s.Moved() {
				fmt.Fprintln(c.env.Stderr, "fgdesk: warning: "+s.Message())
			}
			fmt.Fprintf(c.env.Stdout, "wrote %s (%d documents)\n", s.Path, len(docs))
		}
		return ExitOK
	}
}
