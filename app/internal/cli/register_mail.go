package cli

import (
	"flag"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/fgdesk/fgdesk/app/internal/fsutil"
	reg "github.com/fgdesk/fgdesk/app/internal/register"
)

// Register commands that build e-mails: request (delegate side) and reply
// (TSB side).

// writeMail writes an e-mail as .eml to file, prints its mailto: link, or
// prints the .eml on standard output.
func writeMail(c *regCall, m reg.Message, eml string, mailto bool) int {
	if mailto {
		fmt.Fprintln(c.env.Stdout, m.Mailto())
		if eml == "" {
			return ExitOK
		}
	}
	b, err := m.EML()
	if err != nil {
		return c.fail("%v", err)
	}
	if eml == "" {
		c.env.Stdout.Write(b)
		return ExitOK
	}
	if err := fsutil.WriteBytes(eml, fsutil.Overwrite, 0o644, b); err != nil {
		return c.fail("%v", err)
	}
	fmt.Fprintf(c.env.Stderr, "fgdesk: wrote %s (open it in your mail program to send)\n", eml)
	return ExitOK
}

func requestFlags(fs *flag.FlagSet) func(c *regCall) int {
	title := fs.String("title", "", "title of the contribution (required)")
	source := fs.String("source", "", "source: the submitting organization(s)")
	contact := fs.String("contact", "", "the contact person's name")
	email := fs.String("email", "", "the contact's e-mail address")
	typ := fs.String("type", "", "input (default), output, temporary or liaison")
	purpose := fs.String("purpose", "", "discussion, information or decision")
	eml := fs.String("eml", "", "write the e-mail as an .eml file")
	mailto := fs.Bool("mailto", false, "print a mailto: link")
	return func(c *regCall) int {
		if strings.TrimSpace(*title) == "" {
			return c.fail("request: --title is required")
		}
		m := reg.RequestMail(c.p, reg.NumberRequest{Title: *title, Source: *source, Contact: *contact, Email: *email, Type: *typ, Purpose: *purpose}, time.Now())
		return writeMail(c, m, *eml, *mailto)
	}
}

func replyFlags(fs *flag.FlagSet) func(c *regCall) int {
	to := fs.String("to", "", "recipient e-mail (default: the contact recorded at allocation)")
	name := fs.String("name", "", "recipient's name, for the greeting")
	eml := fs.String("eml", "", "write the e-mail as an .eml file")
	mailto := fs.Bool("mailto", false, "print a mailto: link")
	return func(c *regCall) int {
		d, err := c.r.Document(c.env.Ctx, reg.Series(c.p), c.nums[0])
		if err != nil {
			return c.fail("%v", err)
		}
		addr := mail.Address{Name: *name, Address: *to}
		if addr.Address == "" && d.Email == "" {
			return c.fail("reply: %s has no contact e-mail; give --to", d.Name)
		}
		m := reg.ReplyMail(c.p, d, addr, time.Now())
		return writeMail(c, m, *eml, *mailto)
	}
}
