package cli

import (
	"flag"
	"fmt"
	"strings"

	"github.com/fgdesk/fgdesk/app/internal/meeting"
	reg "github.com/fgdesk/fgdesk/app/internal/register"
)

// Register commands about numbers: allocate, reserve, release, and the
// status changes reject, withdraw and supersede.

func allocateFlags(fs *flag.FlagSet) func(c *regCall) int {
	q := newReqFlags(fs)
	asJSON := fs.Bool("json", false, "print the document as JSON")
	return func(c *regCall) int {
		req, err := q.request(c.p)
		if err != nil {
			return c.fail("--requested-at: %v", err)
		}
		d, err := c.r.Allocate(c.env.Ctx, c.p, req)
		if err != nil {
			return c.fail("%v", err)
		}
		if *asJSON {
			printJSON(c.env.Stdout, d)
			return ExitOK
		}
		fmt.Fprintln(c.env.Stdout, d.Name)
		return ExitOK
	}
}

func reserveFlags(fs *flag.FlagSet) func(c *regCall) int {
	q := newReqFlags(fs)
	return func(c *regCall) int {
		req, err := q.request(c.p)
		if err != nil {
			return c.fail("--requested-at: %v", err)
		}
		d, err := c.r.Reserve(c.env.Ctx, c.p, c.nums[0], req)
		if err != nil {
			return c.fail("%v", err)
		}
		fmt.Fprintln(c.env.Stdout, d.Name)
		return ExitOK
	}
}

// reqFlags are the flags of a number request (allocate, reserve).
type reqFlags struct {
	title, source, email, typ, purpose, notes, requestedAt *string
}

func newReqFlags(fs *flag.FlagSet) reqFlags {
	return reqFlags{
		title:       fs.String("title", "", "title of the contribution (required)"),
		source:      fs.String("source", "", "source: the submitting organization(s)"),
		email:       fs.String("email", "", "contact e-mail of the requester"),
		typ:         fs.String("type", "", "input (default), output, temporary or liaison"),
		purpose:     fs.String("purpose", "", "discussion, information or decision"),
		notes:       fs.String("notes", "", "notes for the register"),
		requestedAt: fs.String("requested-at", "", "when the request e-mail arrived (default: now)"),
	}
}

func (q reqFlags) request(p *meeting.Profile) (reg.Request, error) {
	r := reg.Request{Title: *q.title, Source: *q.source, Email: *q.email, Type: *q.typ, Purpose: *q.purpose, Notes: *q.notes}
	if *q.requestedAt != "" {
		t, err := p.ParseInstant(*q.requestedAt)
		if err != nil {
			return r, err
		}
		r.RequestedAt = t
	}
	return r, nil
}

func releaseFlags(fs *flag.FlagSet) func(c *regCall) int {
	reason := fs.String("reason", "", "why the number is released")
	return func(c *regCall) int {
		if err := c.r.Release(c.env.Ctx, reg.Series(c.p), c.nums[0], *reason); err != nil {
			return c.fail("%v", err)
		}
		fmt.Fprintf(c.env.Stdout, "released %s\n", reg.NameOf(c.p, c.nums[0]))
		return ExitOK
	}
}

func rejectFlags(fs *flag.FlagSet) func(c *regCall) int {
	reason := fs.String("reason", "", "why the document is rejected (required)")
	return func(c *regCall) int {
		if strings.TrimSpace(*reason) == "" {
			return c.fail("%s: --reason is required", c.fs.Name())
		}
		d, err := c.r.Reject(c.env.Ctx, reg.Series(c.p), c.nums[0], *reason)
		if err != nil {
			return c.fail("%v", err)
		}
		fmt.Fprintln(c.env.Stdout, d.Name+" rejected: "+d.RejectReason)
		return ExitOK
	}
}

func withdrawFlags(fs *flag.FlagSet) func(c *regCall) int {
	reason := fs.String("reason", "", "why (e.g. \"author's request\")")
	return func(c *regCall) int {
		d, err := c.r.Withdraw(c.env.Ctx, reg.Series(c.p), c.nums[0], *reason)
		if err != nil {
			return c.fail("%v", err)
		}
		fmt.Fprintln(c.env.Stdout, d.Name+" withdrawn")
		return ExitOK
	}
}

func supersedeFlags(fs *flag.FlagSet) func(c *regCall) int {
	return func(c *regCall) int {
		od, nd, err := c.r.Supersede(c.env.Ctx, reg.Series(c.p), c.nums[0], c.nums[1])
		if err != nil {
			return c.fail("%v", err)
		}
		fmt.Fprintf(c.env.Stdout, "%s superseded by %s\n", od.Name, nd.Name)
		return ExitOK
	}
}
