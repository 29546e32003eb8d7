package cli

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/fgdesk/fgdesk/app/internal/meeting"
	"github.com/fgdesk/fgdesk/app/internal/transfer"
)

// linkFlags are the flags every command that talks to a server takes.
type linkFlags struct {
	pwFile, tls, ca *string
	timeout         *time.Duration
}

func addLinkFlags(fs *flag.FlagSet) linkFlags {
	return linkFlags{
		pwFile:  fs.String("password-file", "", `file whose first line is the FTP password ("-": read it from standard input); passwords are never stored`),
		tls:     fs.String("tls", "auto", "auto (explicit TLS when the server offers it), explicit, implicit or off"),
		ca:      fs.String("ca-file", "", "PEM certificate(s) to trust for TLS instead of the system's"),
		timeout: fs.Duration("timeout", 30*time.Second, "give up on a server silent for this long"),
	}
}

// open connects to t and says how secure the link is.
func (l linkFlags) open(env *Env, t transfer.Target) (transfer.Store, error) {
	d := transfer.Dialer{TLS: *l.tls, CAFile: *l.ca, Timeout: *l.timeout}
	if !t.IsLocal() && t.User != "" && t.User != "anonymous" {
		pw, err := readPassword(env, *l.pwFile, t)
		if err != nil {
			return nil, err
		}
		d.Password = pw
	}
	st, err := d.Open(env.Ctx, t)
	if err != nil {
		return nil, err
	}
	if transfer.PlainText(st.Security()) {
		fmt.Fprintf(env.Stderr, "fgdesk: warning: %s: the link is plain text: the password and the files can be read on the network\n", t.Addr())
	} else if !t.IsLocal() {
		fmt.Fprintf(env.Stderr, "fgdesk: %s: %s\n", t.Addr(), st.Security())
	}
	return st, nil
}

// retry says on standard error that a transfer failed and is tried again.
func retry(env *Env) transfer.Retry {
	return transfer.Retry{OnRetry: func(i int, err error) { fmt.Fprintf(env.Stderr, "fgdesk: try %d failed (%v); trying again\n", i, err) }}
}

func readPassword(env *Env, file string, t transfer.Target) (string, error) {
	var line string
	switch file {
	case "":
		return "", fmt.Errorf("%s@%s needs a password: give --password-file FILE (or - to read it from standard input)", t.User, t.Host)
	case "-":
		fmt.Fprintf(env.Stderr, "Password for %s@%s: ", t.User, t.Host)
		sc := bufio.NewScanner(env.Stdin)
		if !sc.Scan() {
			return "", errors.New("no password on standard input")
		}
		line = sc.Text()
	default:
		b, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("password file: %w", err)
		}
		line, _, _ = strings.Cut(string(b), "\n")
	}
	return strings.TrimRight(line, "\r"), nil
}

// incomingTarget is the incoming folder at addr (ftp://[user@]host[:port]/path
// or a local folder); no addr is the profile's incoming folder, anonymous.
func incomingTarget(p *meeting.Profile, addr, flagName string) (transfer.Target, error) {
	if addr != "" {
		return transfer.ParseTarget(addr)
	}
	if p.FTP.Host == "" || p.FTP.Incoming == "" {
		return transfer.Target{}, fmt.Errorf("meeting %s has no FTP host or incoming folder; give %s", p.ID, flagName)
	}
	return transfer.ParseTarget("ftp://" + p.FTP.Host + p.FTP.Incoming)
}

func runUpload(env *Env, fs *flag.FlagSet, args []string) int {
	to := fs.String("to", "", "where to upload (default: the meeting profile's FTP host and incoming folder, anonymous)")
	force := fs.Bool("force", false, "replace a file of the same name already in incoming")
	withErrors := fs.Bool("with-errors", false, "submit even though the pre-flight check finds errors")
	meetingID := meetingFlag(fs, "")
	link := addLinkFlags(fs)
	pos, code := operands(fs, args, 1, 1)
	if code >= 0 {
		return code
	}
	file := pos[0]
	if _, err := regularFile("upload", file); err != nil {
		return fail(env, "%v", err)
	}
	p, err := loadMeeting(env, *meetingID)
	if err != nil {
		return fail(env, "%v", err)
	}
	pf, err := transfer.Check(env.Ctx, p, file)
	if err != nil {
		return fail(env, "pre-flight %s: %v", file, err)
	}
	if len(pf.Blocking) > 0 {
		for _, f := range pf.Blocking {
			fmt.Fprintln(env.Stderr, "fgdesk: "+f.String())
		}
		if !*withErrors {
			fmt.Fprintf(env.Stderr, "fgdesk: upload of %s refused: the pre-flight check found %d error(s); fix them (or --with-errors)\n", file, len(pf.Blocking))
			return ExitErrors
		}
		fmt.Fprintf(env.Stderr, "fgdesk: submitting %s with %d error(s) (--with-errors)\n", file, len(pf.Blocking))
	}
	if pf.Late != nil {
		fmt.Fprintf(env.Stderr, "fgdesk: note: %s is late (%s); it is submitted anyway: the FG management decides whether late documents are considered\n", file, strings.TrimSuffix(pf.Late.Message, "."))
	}
	t, err := incomingTarget(p, *to, "--to")
	if err != nil {
		return fail(env, "%v", err)
	}
	st, err := link.open(env, t)
	if err != nil {
		return fail(env, "%v", err)
	}
	defer st.Close()
	last := -1
	rec, err := transfer.Upload(env.Ctx, st, file, transfer.UploadOptions{Force: *force,
		Retry: retry(env),
		Progress: func(sent, total int64) {
			if total > 4<<20 {
				if pc := int(sent * 100 / total); pc/10 != last/10 {
					last = pc
					fmt.Fprintf(env.Stderr, "fgdesk: %d%% of %d bytes sent\n", pc, total)
				}
			}
		}})
	if errors.Is(err, transfer.ErrExists) {
		fmt.Fprintf(env.Stderr, "fgdesk: %v\n", err)
		return ExitErrors
	}
	if err != nil {
		return fail(env, "%v", err)
	}
	rp, err := transfer.WriteReceipt(rec)
	if err != nil {
		return fail(env, "uploaded, but the receipt could not be written: %v", err)
	}
	when := "the server gave no time"
	if !rec.ServerTime.IsZero() {
		when = "server time " + p.DualTime(rec.ServerTime, time.UTC)
	}
	fmt.Fprintf(env.Stdout, "uploaded %s to %s (%d bytes, SHA-256 %s, %s)\n", file, t.WithPath(rec.Path), rec.Size, rec.SHA256, when)
	if !rec.Renamed {
		fmt.Fprintln(env.Stdout, "note: the server does not allow renames, so the file was stored under its final name directly")
	}
	fmt.Fprintf(env.Stdout, "receipt: %s\n", rp)
	return ExitOK
}
