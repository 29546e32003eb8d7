package ui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/fgdesk/fgdesk/app/internal/meeting"
	"github.com/fgdesk/fgdesk/app/internal/transfer"
)

const (
	prefSubmitServer = "submit.server"
	prefSubmitUser   = "submit.user"
)

// sessionPasswords keeps FTP passwords for this run of the app only (in
// memory, never in preferences or on disk): "user@host" -> password.
var sessionPasswords sync.Map

// submitOpened, if set, is told about each submit panel shown (tests).
var submitOpened func(*submitPanel)

// submitPanel uploads one file to the meeting's incoming folder: the
// pre-flight check, a confirmation for a late file, the link's security,
// progress and Cancel, a question before replacing a file already there,
// and a receipt next to the file.
type submitPanel struct {
	h       *host
	profile *meeting.Profile
	file    string

	server, user, password *widget.Entry
	tlsMode                *widget.Select
	progress               *widget.ProgressBar
	status                 *widget.Label
	submitBtn, cancelBtn   *widget.Button
	dlg                    dialog.Dialog

	mu     sync.Mutex
	cancel context.CancelFunc
	// Receipt is the last successful upload's receipt.
	receipt *transfer.UploadReceipt
	// done, if set, is called on the UI goroutine when an attempt ends.
	done func()
}

// openSubmit shows the submit panel for file.
func openSubmit(h *host, p *meeting.Profile, file string) *submitPanel {
	s := &submitPanel{h: h, profile: p, file: file}
	s.server = widget.NewEntry()
	s.server.SetText(h.pref(prefSubmitServer))
	if s.server.Text == "" && p.FTP.Host != "" {
		s.server.SetText("ftp://" + p.FTP.Host + p.FTP.Incoming)
	}
	s.user = widget.NewEntry()
	s.user.SetPlaceHolder(lang.L("anonymous"))
	s.user.SetText(h.pref(prefSubmitUser))
	s.password = widget.NewPasswordEntry()
	s.password.SetPlaceHolder(lang.L("asked each session, never stored"))
	s.fillPassword()
	s.user.OnChanged = func(string) { s.fillPassword() }
	s.tlsMode = widget.NewSelect([]string{"auto", "explicit", "implicit", "off"}, nil)
	s.tlsMode.SetSelected("auto")
	s.progress = widget.NewProgressBar()
	s.status = widget.NewLabel(lang.L("The file is checked again before it goes out."))
	s.status.Wrapping = fyne.TextWrapWord
	s.submitBtn = widget.NewButtonWithIcon(lang.L("Submit"), theme.UploadIcon(), s.start)
	s.submitBtn.Importance = widget.HighImportance
	s.cancelBtn = widget.NewButtonWithIcon(lang.L("Cancel"), theme.CancelIcon(), s.stop)
	s.cancelBtn.Disable()
	form := widget.NewForm(
		widget.NewFormItem(lang.L("File"), widget.NewLabel(file)),
		widget.NewFormItem(lang.L("Incoming folder"), s.server),
		widget.NewFormItem(lang.L("User"), s.user),
		widget.NewFormItem(lang.L("Password"), s.password),
		widget.NewFormItem(lang.L("Encryption"), s.tlsMode),
	)
	body := container.NewVBox(form, s.progress, s.status, container.NewHBox(s.submitBtn, s.cancelBtn))
	if h.win != nil {
		s.dlg = dialog.NewCustom(fmt.Sprintf(lang.L("Submit %s"), filepath.Base(file)), lang.L("Close"), container.NewGridWrap(fyne.NewSize(620, body.MinSize().Height+40), body), h.win)
		s.dlg.SetOnClosed(s.stop)
		s.dlg.Show()
	}
	if submitOpened != nil {
		submitOpened(s)
	}
	return s
}

func (s *submitPanel) key() string {
	t, err := transfer.ParseTarget(s.server.Text)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(s.user.Text) + "@" + t.Host
}

func (s *submitPanel) fillPassword() {
	if v, ok := sessionPasswords.Load(s.key()); ok && s.password.Text == "" {
		s.password.SetText(v.(string))
	}
}

func (s *submitPanel) target() (transfer.Target, error) {
	t, err := transfer.ParseTarget(s.server.Text)
	if err != nil {
		return t, err
	}
	if u := strings.TrimSpace(s.user.Text); u != "" {
		t.User = u
	}
	return t, nil
}

func (s *submitPanel) finish(msg string, err error) {
	s.cancelBtn.Disable()
	s.submitBtn.Enable()
	if err != nil {
		s.status.SetText(msg + ": " + err.Error())
		s.h.showError(errors.New(s.status.Text))
	} else {
		s.status.SetText(msg)
	}
	if s.done != nil {
		s.done()
	}
}

// start runs the pre-flight check, then (after the late-file question)
// connects and uploads.
func (s *submitPanel) start() {
	t, err := s.target()
	if err != nil {
		s.finish(lang.L("Cannot submit"), err)
		return
	}
	s.h.setPref(prefSubmitServer, s.server.Text)
	s.h.setPref(prefSubmitUser, s.user.Text)
	if s.password.Text != "" {
		sessionPasswords.Store(s.key(), s.password.Text)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.mu.Lock()
	s.cancel = cancel
	s.mu.Unlock()
	s.submitBtn.Disable()
	s.cancelBtn.Enable()
	s.progress.SetValue(0)
	s.status.SetText(fmt.Sprintf(lang.L("Checking %s …"), filepath.Base(s.file)))
	go func() {
		pf, err := transfer.Check(ctx, s.profile, s.file)
		fyne.Do(func() {
			switch {
			case err != nil:
				s.finish(lang.L("Pre-flight check failed"), err)
			case len(pf.Blocking) > 0:
				var lines []string
				for _, f := range pf.Blocking {
					lines = append(lines, f.Code+": "+f.Message)
				}
				s.finish(lang.L("Not submitted"), fmt.Errorf("%d error(s) to fix first: %s", len(pf.Blocking), strings.Join(lines, "; ")))
			case pf.Late != nil:
				s.h.confirm(lang.L("Late document"), fmt.Sprintf(lang.L("%s\n\nSubmit anyway? Only the FG management decides whether a late document is considered."), pf.Late.Message), func(ok bool) {
					if !ok {
						s.finish(lang.L("Not submitted (late)"), nil)
						return
					}
					s.upload(ctx, t, false)
				})
			default:
				s.upload(ctx, t, false)
			}
		})
	}()
}

func (s *submitPanel) upload(ctx context.Context, t transfer.Target, force bool) {
	d := transfer.Dialer{TLS: s.tlsMode.Selected, Password: s.password.Text}
	s.status.SetText(fmt.Sprintf(lang.L("Connecting to %s …"), t.Addr()))
	go func() {
		st, err := d.Open(ctx, t)
		if err != nil {
			fyne.Do(func() { s.finish(lang.L("Not submitted"), err) })
			return
		}
		defer st.Close()
		sec := st.Security()
		fyne.Do(func() {
			if transfer.PlainText(sec) {
				s.status.SetText(lang.L("Warning: the link is plain text: the password and the file can be read on the network. Uploading …"))
			} else {
				s.status.SetText(fmt.Sprintf(lang.L("Uploading over %s …"), sec))
			}
		})
		rec, err := transfer.Upload(ctx, st, s.file, transfer.UploadOptions{Force: force, Progress: func(sent, total int64) {
			fyne.Do(func() { s.progress.SetValue(float64(sent) / float64(max(total, 1))) })
		}})
		if err == nil {
			var rp string
			if rp, err = transfer.WriteReceipt(rec); err == nil {
				msg := fmt.Sprintf(lang.L("Submitted %s (%d bytes, SHA-256 %s…) over %s."), rec.Path, rec.Size, rec.SHA256[:16], sec)
				if !rec.ServerTime.IsZero() {
					msg += " " + fmt.Sprintf(lang.L("Server time %s."), s.profile.DualTime(rec.ServerTime, localZone))
				}
				msg += " " + fmt.Sprintf(lang.L("Receipt: %s"), rp)
				fyne.Do(func() {
					s.receipt = &rec
					s.progress.SetValue(1)
					s.finish(msg, nil)
				})
				return
			}
		}
		fyne.Do(func() {
			if errors.Is(err, transfer.ErrExists) {
				s.h.confirm(lang.L("Replace file?"), fmt.Sprintf(lang.L("%s\n\nReplace the file on the server?"), err.Error()), func(ok bool) {
					if ok {
						s.upload(ctx, t, true)
						return
					}
					s.finish(lang.L("Not submitted: the file on the server was left as it is"), nil)
				})
				return
			}
			s.finish(lang.L("Not submitted"), err)
		})
	}()
}

func (s *submitPanel) stop() {
	s.mu.Lock()
	if s.cancel != nil {
		s.cancel()
	}
	s.mu.Unlock()
}

// submitExported is the compose screen's "Submit…": the last exported
// file, or one the delegate picks.
func (c *compose) submitExported() {
	if c.lastExport != "" {
		openSubmit(c.h, c.profile, c.lastExport)
		return
	}
	c.h.chooseOpen(lang.L("Submit a file"), c.h.pref(prefExportDir), c.profile.Documents.Extensions, func(p string) {
		openSubmit(c.h, c.profile, p)
	})
}

// submitSelected is the check screen's "Submit…" for the selected file.
func (s *checkScreen) submitSelected() {
	if f, ok := s.selectedResult(); ok {
		openSubmit(s.h, s.profile, f.Path)
	}
}
