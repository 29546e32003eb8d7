package transfer

import (
	"context"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"github.com/fgdesk/fgdesk/app/internal/check"
	"github.com/fgdesk/fgdesk/app/internal/finding"
	"github.com/fgdesk/fgdesk/app/internal/meeting"
	"github.com/fgdesk/fgdesk/app/internal/register"
	"github.com/fgdesk/fgdesk/app/internal/rules"
)

// Preflight is what the checker says about a file about to be submitted.
type Preflight struct {
	Report *check.Report
	// Blocking are the errors that stop a submission (every error except
	// lateness: only the FG management decides about a late document).
	Blocking []finding.Finding
	// Late is set when the file would arrive after the deadline.
	Late *finding.Finding
}

// Check runs the meeting's rules over a file before it is uploaded.
func Check(ctx context.Context, p *meeting.Profile, file string) (Preflight, error) {
	rep, err := check.RunFiles(ctx, []string{file}, check.Options{Profile: p, Workers: 1})
	if err != nil {
		return Preflight{}, err
	}
	pf := Preflight{Report: rep}
	for _, r := range rep.Files {
		for _, f := range r.Findings {
			switch {
			case f.Code == rules.DeadlineLate.Code:
				f := f
				pf.Late = &f
			case f.Severity == finding.Error:
				pf.Blocking = append(pf.Blocking, f)
			}
		}
	}
	return pf, nil
}

// CollectOptions tune Collect.
type CollectOptions struct {
	SyncOptions
	Profile *meeting.Profile
	// Register, if set, gets the register's rules and a receipt (with the
	// receipt time of the mirror copy: the server's time) for every file
	// copied.
	Register *register.Register
	// KeepFacts keeps each file's facts in the report (for the GUI).
	KeepFacts bool
}

// Collected is one pass of Collect.
type Collected struct {
	Sync   SyncResult
	Report *check.Report // of the files copied on this pass (nil if none)
}

// Collect syncs the incoming folder into the mirror and checks the files
// copied on this pass, recording their receipts when a register is given.
func Collect(ctx context.Context, st Store, opt CollectOptions) (Collected, error) {
	res, err := Sync(ctx, st, opt.SyncOptions)
	out := Collected{Sync: res}
	if err != nil {
		return out, err
	}
	out.Report, err = CheckMirrored(ctx, res, opt)
	return out, err
}

// CheckMirrored checks the files a pass copied (nil report if none), with
// the register's rules and receipts when opt.Register is set.
func CheckMirrored(ctx context.Context, res SyncResult, opt CollectOptions) (*check.Report, error) {
	var paths []string
	for _, m := range res.Downloaded() {
		paths = append(paths, m.Path)
	}
	if len(paths) == 0 {
		return nil, nil
	}
	return check.RunFiles(ctx, paths, check.Options{Profile: opt.Profile, Register: opt.Register, Record: opt.Register != nil, KeepFacts: opt.KeepFacts})
}

// MeetingPath returns the meeting folder on the server that goes with an
// incoming folder: the profile's meeting path when incoming is the
// profile's incoming path; otherwise the same relative place (the
// profile's "../1203-gva/in" from incoming).
func MeetingPath(p *meeting.Profile, incoming string) string {
	in, mp := path.Clean(p.FTP.Incoming), path.Clean(p.FTP.MeetingPath)
	if path.Clean(incoming) == in || p.FTP.MeetingPath == "" {
		return mp
	}
	rel := strings.TrimPrefix(mp, path.Dir(in)+"/")
	if rel == mp { // not a sibling: fall back to the folder name
		rel = path.Join(p.FTP.MeetingFolder, "in")
	}
	return path.Join(path.Dir(path.Clean(incoming)), rel)
}

// AcceptInput names a mirrored file to accept and where it goes.
type AcceptInput struct {
	Register *register.Register
	Profile  *meeting.Profile
	Mirror   string // the mirror folder Sync filled
	Name     string // the file's name in incoming (and in the mirror)
	// Dest is the meeting folder on the Store (default MeetingPath).
	Dest string
	// Root is the local copy of the documents area that the register's
	// Accept files a read-only copy into (Root/<meeting folder>/in).
	Root    string
	Options FileOptions
}

// Accepted is the outcome of Accept.
type Accepted struct {
	Server Filed          // the copy in the meeting folder on the server
	Local  register.Filed // the register's record and local copy
	Number int
}

// Accept files a received document on the server: the register must hold
// the receipt of exactly the mirrored file; the copy goes into the
// meeting folder under the canonical name (innovation-i-0007.docx),
// verified by reading it back; then the register records the acceptance
// (with a read-only local copy under Root). The incoming original is not
// changed (unless Options.Move, the profile's choice).
func Accept(ctx context.Context, st Store, in AcceptInput) (Accepted, error) {
	if in.Register == nil || in.Profile == nil {
		return Accepted{}, errors.New("accept: no register or meeting profile")
	}
	if !safeName(in.Name) {
		return Accepted{}, fmt.Errorf("accept %q: not a file name", in.Name)
	}
	n, err := register.NumberOf(in.Profile, in.Name)
	if err != nil {
		return Accepted{}, fmt.Errorf("accept %s: %w", in.Name, err)
	}
	series := register.Series(in.Profile)
	d, err := in.Register.Document(ctx, series, n)
	if err != nil {
		return Accepted{}, fmt.Errorf("accept %s: %w", in.Name, err)
	}
	if !d.Received() {
		return Accepted{}, fmt.Errorf("accept %s: %w: sync incoming with the register first", d.Name, register.ErrNotReceived)
	}
	local := filepath.Join(in.Mirror, in.Name)
	ext := meeting.NormalizeExt(filepath.Ext(in.Name))
	dest := in.Dest
	if dest == "" {
		dest = MeetingPath(in.Profile, st.Target().Path)
	}
	opt := in.Options
	opt.Replace = opt.Replace || d.Revision > 0
	f, err := FileOnServer(ctx, st, st.Target().Join(in.Name), local, d.SHA256, dest, d.Name+ext, opt)
	if err != nil {
		return Accepted{}, err
	}
	lf, err := in.Register.Accept(ctx, register.AcceptInput{Series: series, Number: n, Path: local, Root: in.Root, Profile: in.Profile,
		Server: st.Target().WithPath(f.Path).String()})
	if err != nil {
		return Accepted{Server: f, Number: n}, fmt.Errorf("filed on the server as %s, but the register did not record it: %w", f.Path, err)
	}
	return Accepted{Server: f, Local: lf, Number: n}, nil
}
