package ui

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/fgdesk/fgdesk/app/internal/contribution"
	"github.com/fgdesk/fgdesk/app/internal/fsutil"
	"github.com/fgdesk/fgdesk/app/internal/meeting"
	"github.com/fgdesk/fgdesk/app/internal/register"
)

const (
	prefRegisterDB   = "register.db"
	prefRegisterDir  = "register.exportDir"
	prefMeetingsRoot = "register.meetingsRoot"
	allStatuses      = "All statuses"
)

// registerScreen is the secretariat's document register: allocate numbers,
// follow receipts, accept or reject, export the list of documents.
type registerScreen struct {
	h       *host
	profile *meeting.Profile
	reg     *register.Register
	openErr error
	live    *liveWatch // registerlive.go
	onLive  func(register.Change)

	path     *widget.Label
	status   *widget.Select
	late     *widget.Check
	search   *field
	table    *widget.Table
	detail   *widget.Label
	message  *widget.Label
	docs     []register.Document
	selected int
}

var registerColumns = []string{"Number", "Title", "Source", "Type", "Status", "Received (Geneva)", "Rev.", "File"}

func newRegisterScreen(h *host, p *meeting.Profile) *registerScreen {
	s := &registerScreen{h: h, profile: p, selected: -1}
	s.path = widget.NewLabel("")
	s.path.Truncation = fyne.TextTruncateEllipsis
	opts := []string{allStatuses}
	for _, st := range register.Statuses {
		opts = append(opts, string(st))
	}
	s.status = widget.NewSelect(opts, func(string) { s.reload() })
	s.status.SetSelected(allStatuses)
	s.late = widget.NewCheck(lang.L("Late only"), func(bool) { s.reload() })
	s.search = newField(h)
	s.search.SetPlaceHolder(lang.L("Search number, title, source, file"))
	s.search.OnChanged = func(string) { s.reload() }
	s.detail = widget.NewLabel(lang.L("Select a document."))
	s.detail.Wrapping = fyne.TextWrapWord
	s.message = widget.NewLabel("")
	s.message.Truncation = fyne.TextTruncateEllipsis
	s.table = widget.NewTableWithHeaders(
		func() (int, int) { return len(s.docs), len(registerColumns) },
		func() fyne.CanvasObject {
			l := widget.NewLabel(lang.L("innovation-i-0000"))
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) { s.cell(id, o.(*widget.Label)) },
	)
	s.table.ShowHeaderColumn = false
	s.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Row < 0 && id.Col >= 0 {
			o.(*widget.Label).SetText(columnTitle(registerColumns[id.Col]))
		}
	}
	for i, w := range []float32{150, 300, 170, 80, 90, 150, 45, 190} {
		s.table.SetColumnWidth(i, w)
	}
	s.table.OnSelected = func(id widget.TableCellID) { s.showDetail(id.Row) }
	s.open(h.pref(prefRegisterDB))
	return s
}

// open opens the register at path ("" = the default in the data folder).
func (s *registerScreen) open(path string) {
	s.stopLive()
	if s.reg != nil {
		s.reg.Close()
		s.reg = nil
	}
	reg, err := register.Open(path, register.Options{})
	if err != nil {
		s.openErr = err
		s.path.SetText(fmt.Sprintf(lang.L("Register not open: %s"), err.Error()))
		s.docs = nil
		s.table.Refresh()
		return
	}
	s.openErr = nil
	s.reg = reg
	s.path.SetText(fmt.Sprintf(lang.L("Register: %s"), reg.Path()))
	s.reload()
	s.startLive()
}

// register returns the open register or an error saying why there is none.
func (s *registerScreen) register() (*register.Register, error) {
	if s.reg == nil {
		if s.openErr != nil {
			return nil, s.openErr
		}
		return nil, errors.New("no register is open")
	}
	return s.reg, nil
}

func (s *registerScreen) content() fyne.CanvasObject {
	allocate := widget.NewButtonWithIcon(lang.L("Allocate number…"), theme.ContentAddIcon(), s.askAllocate)
	allocate.Importance = widget.HighImportance
	bar := container.NewHBox(
		allocate,
		widget.NewButtonWithIcon(lang.L("Reply e-mail…"), theme.MailSendIcon(), s.saveReply),
		widget.NewButtonWithIcon(lang.L("Reject…"), theme.CancelIcon(), func() { s.askReason("Reject", s.reject) }),
		widget.NewButtonWithIcon(lang.L("Withdraw…"), theme.DeleteIcon(), func() { s.askReason("Withdraw", s.withdraw) }),
		widget.NewButtonWithIcon(lang.L("Release…"), theme.ContentUndoIcon(), func() { s.askReason("Release", s.release) }),
		widget.NewSeparator(),
		widget.NewButtonWithIcon(lang.L("Export list…"), theme.DownloadIcon(), s.exportList),
		widget.NewButtonWithIcon(lang.L("Import…"), theme.UploadIcon(), s.importList),
		widget.NewButtonWithIcon(lang.L("Backup"), theme.StorageIcon(), s.backup),
		widget.NewButtonWithIcon(lang.L("Open register…"), theme.FolderOpenIcon(), func() {
			s.h.chooseOpen(lang.L("Open a register (.db)"), "", []string{".db"}, func(p string) {
				s.h.setPref(prefRegisterDB, p)
				s.open(p)
			})
		}),
		s.serverButton(),
	)
	filters := container.NewBorder(nil, nil, container.NewHBox(s.status, s.late), nil, s.search)
	top := container.NewVBox(bar, filters, s.path)
	split := container.NewVSplit(s.table, container.NewVScroll(s.detail))
	split.Offset = 0.72
	return container.NewBorder(top, s.message, nil, nil, split)
}

// reload lists the documents that pass the filters.
func (s *registerScreen) reload() {
	if s.reg == nil || s.status == nil || s.late == nil || s.search == nil {
		return
	}
	f := register.Filter{Late: s.late.Checked, Text: strings.TrimSpace(s.search.Text)}
	if st := s.status.Selected; st != "" && st != allStatuses {
		f.Status = []register.Status{register.Status(st)}
	}
	docs, err := s.reg.Documents(context.Background(), f)
	if err != nil {
		s.message.SetText(err.Error())
		return
	}
	// The selected document stays selected, with fresh details.
	var was register.Document
	if s.selected >= 0 && s.selected < len(s.docs) {
		was = s.docs[s.selected]
	}
	s.docs = docs
	s.table.UnselectAll()
	s.selected = -1
	s.table.Refresh()
	s.message.SetText(fmt.Sprintf(lang.L("%d document(s)"), len(docs)))
	for i, d := range docs {
		if was.Name != "" && d.Series == was.Series && d.Number == was.Number {
			s.table.Select(widget.TableCellID{Row: i, Col: 0})
			s.showDetail(i)
			return
		}
	}
	s.detail.SetText(lang.L("Select a document."))
}

func (s *registerScreen) cell(id widget.TableCellID, l *widget.Label) {
	if id.Row >= len(s.docs) {
		return
	}
	d := s.docs[id.Row]
	l.Importance = widget.MediumImportance
	switch id.Col {
	case 0:
		l.SetText(d.Name)
	case 1:
		l.SetText(d.Title)
	case 2:
		l.SetText(d.Source)
	case 3:
		l.SetText(d.Type)
	case 4:
		switch d.Status {
		case register.StatusLate, register.StatusRejected:
			l.Importance = widget.DangerImportance
		case register.StatusAccepted, register.StatusOnTime:
			l.Importance = widget.SuccessImportance
		}
		l.SetText(string(d.Status))
	case 5:
		if d.Received() {
			l.SetText(d.ReceivedAt.In(s.profile.Location()).Format("2 Jan 2006 15:04"))
		} else {
			l.SetText("")
		}
	case 6:
		l.SetText(fmt.Sprint(d.Revision))
	case 7:
		l.SetText(d.FileName)
	}
	l.Refresh()
}

func (s *registerScreen) showDetail(row int) {
	if row < 0 || row >= len(s.docs) {
		return
	}
	s.selected = row
	d := s.docs[row]
	var b strings.Builder
	fmt.Fprintf(&b, "%s · %s · %s\n%s\nSource: %s", d.Name, d.Type, d.Status, d.Title, d.Source)
	if d.Email != "" {
		fmt.Fprintf(&b, " · %s", d.Email)
	}
	fmt.Fprintf(&b, "\nAllocated %s", d.AllocatedAt.In(s.profile.Location()).Format("2 Jan 2006 15:04 MST"))
	if d.Received() {
		fmt.Fprintf(&b, " · received %s as %s (SHA-256 %s…, revision %d)", s.profile.DualTime(d.ReceivedAt, localZone), d.FileName, short(d.SHA256, 12), d.Revision)
	}
	if d.FiledAs != "" {
		fmt.Fprintf(&b, "\nFiled as %s", d.FiledAs)
	}
	if d.RejectReason != "" {
		fmt.Fprintf(&b, "\nRejected: %s", d.RejectReason)
	}
	if d.ReplacedBy != "" {
		fmt.Fprintf(&b, "\nReplaced by %s", d.ReplacedBy)
	}
	if evs, err := s.reg.Events(context.Background(), d.Series, d.Number); err == nil {
		b.WriteString("\n\nHistory:")
		at := func(e register.Event) string { return e.At.In(s.profile.Location()).Format("2006-01-02 15:04") }
		for _, e := range evs {
			b.WriteString("\n  " + historyLine(e, at))
		}
	}
	s.detail.SetText(b.String())
}

// current returns the selected document.
func (s *registerScreen) current() (register.Document, bool) {
	if s.selected < 0 || s.selected >= len(s.docs) {
		s.h.showError(errors.New("select a document in the list first"))
		return register.Document{}, false
	}
	return s.docs[s.selected], true
}

// askAllocate shows the allocation form.
func (s *registerScreen) askAllocate() {
	title := widget.NewEntry()
	source := widget.NewEntry()
	email := widget.NewEntry()
	var types []string
	for _, t := range contribution.Types {
		types = append(types, string(t))
	}
	typ := widget.NewSelect(types, nil)
	typ.SetSelected(string(contribution.Input))
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("Title"), title),
		widget.NewFormItem(lang.L("Source"), source),
		widget.NewFormItem(lang.L("Contact e-mail"), email),
		widget.NewFormItem(lang.L("Type"), typ),
	}
	d := dialog.NewForm(lang.L("Allocate a document number"), lang.L("Allocate"), lang.L("Cancel"), items, func(ok bool) {
		if ok {
			s.allocate(register.Request{Title: title.Text, Source: source.Text, Email: strings.TrimSpace(email.Text), Type: typ.Selected})
		}
	}, s.h.win)
	d.Resize(fyne.NewSize(560, 300))
	d.Show()
}

// allocate hands out the next free number and selects it.
func (s *registerScreen) allocate(req register.Request) (register.Document, error) {
	reg, err := s.register()
	if err == nil {
		var d register.Document
		if d, err = reg.Allocate(context.Background(), s.profile, req); err == nil {
			s.reload()
			for i, x := range s.docs {
				if x.ID == d.ID {
					s.table.Select(widget.TableCellID{Row: i, Col: 0})
				}
			}
			s.message.SetText(fmt.Sprintf(lang.L("Allocated %s — send the reply e-mail with the naming and upload instructions."), d.Name))
			return d, nil
		}
	}
	s.h.showError(err)
	return register.Document{}, err
}

// saveReply writes the reply e-mail (.eml) for the selected document.
func (s *registerScreen) saveReply() {
	d, ok := s.current()
	if !ok {
		return
	}
	to := mail.Address{Address: d.Email}
	msg := register.ReplyMail(s.profile, d, to, clock())
	s.h.chooseSave(lang.L("Save reply e-mail"), s.h.pref(prefRegisterDir), d.Name+"-reply.eml", []string{".eml"}, func(path string) {
		s.h.setPref(prefRegisterDir, filepath.Dir(path))
		eml, err := msg.EML()
		if err == nil {
			err = fsutil.WriteBytes(path, fsutil.Overwrite, 0o644, eml)
		}
		if err != nil {
			s.h.showError(err)
			return
		}
		s.message.SetText(fmt.Sprintf(lang.L("Reply e-mail saved to %s (open it in your mail program to send)"), path))
	})
}

func (s *registerScreen) askReason(what string, do func(d register.Document, reason string)) {
	d, ok := s.current()
	if !ok {
		return
	}
	reason := widget.NewMultiLineEntry()
	reason.SetPlaceHolder(lang.L("Reason (recorded in the register and the log)"))
	dlg := dialog.NewForm(what+" "+d.Name, what, lang.L("Cancel"), []*widget.FormItem{widget.NewFormItem(lang.L("Reason"), reason)}, func(ok bool) {
		if ok {
			do(d, reason.Text)
		}
	}, s.h.win)
	dlg.Resize(fyne.NewSize(520, 240))
	dlg.Show()
}

func (s *registerScreen) reject(d register.Document, reason string) {
	if _, err := s.reg.Reject(context.Background(), d.Series, d.Number, reason); err != nil {
		s.h.showError(err)
		return
	}
	s.reload()
	s.message.SetText(fmt.Sprintf(lang.L("Rejected %s"), d.Name))
}

func (s *registerScreen) withdraw(d register.Document, reason string) {
	if _, err := s.reg.Withdraw(context.Background(), d.Series, d.Number, reason); err != nil {
		s.h.showError(err)
		return
	}
	s.reload()
	s.message.SetText(fmt.Sprintf(lang.L("Withdrew %s"), d.Name))
}

// exportList writes the list of documents as xlsx or HTML (by extension).
func (s *registerScreen) exportList() {
	name := "list-of-documents-" + s.profile.FTP.MeetingFolder + ".xlsx"
	s.h.chooseSave(lang.L("Export list of documents (.xlsx or .html)"), s.h.pref(prefRegisterDir), name, []string{".xlsx", ".html"}, func(path string) {
		s.h.setPref(prefRegisterDir, filepath.Dir(path))
		if err := s.writeList(path); err != nil {
			s.h.showError(err)
		}
	})
}

func (s *registerScreen) writeList(path string) error {
	reg, err := s.register()
	if err != nil {
		return err
	}
	f, opt := register.ListExport(s.profile, false)
	docs, err := reg.Documents(context.Background(), f)
	if err != nil {
		return err
	}
	var saved register.Saved
	switch strings.ToLower(filepath.Ext(path)) {
	case ".html", ".htm":
		saved, err = register.SaveHTML(path, docs, opt)
	default:
		if filepath.Ext(path) == "" {
			path += ".xlsx"
		}
		saved, err = register.SaveXLSX(path, docs, opt)
	}
	if err != nil {
		return err
	}
	s.message.SetText(saved.Message())
	return nil
}

// importList merges a register workbook: first a dry run whose report is
// shown, then, if the officer agrees, the import itself (after a backup).
func (s *registerScreen) importList() {
	s.h.chooseOpen(lang.L("Import a register workbook (.xlsx)"), s.h.pref(prefRegisterDir), []string{".xlsx"}, func(path string) {
		reg, err := s.register()
		if err != nil {
			s.h.showError(err)
			return
		}
		dry, err := reg.ImportXLSX(context.Background(), path, register.ImportOptions{Profile: s.profile, DryRun: true})
		if err != nil {
			s.h.showError(err)
			return
		}
		var b strings.Builder
		dry.WriteText(&b)
		if dry.Added+dry.Changed == 0 {
			s.h.showInfo(lang.L("Nothing to import"), b.String())
			return
		}
		s.h.confirm(fmt.Sprintf(lang.L("Import %s?"), filepath.Base(path)), fmt.Sprintf(lang.L("%s\nApply these changes? (A backup is taken first.)"), b.String()), func(ok bool) {
			if ok {
				s.applyImport(path)
			}
		})
	})
}

func (s *registerScreen) applyImport(path string) {
	reg, err := s.register()
	if err == nil {
		var rep register.ImportReport // the register backs up before it writes
		if rep, err = reg.ImportXLSX(context.Background(), path, register.ImportOptions{Profile: s.profile}); err == nil {
			s.reload()
			s.message.SetText(fmt.Sprintf(lang.L("Imported %s: %d added, %d changed, %d refused"), filepath.Base(path), rep.Added, rep.Changed, rep.Refused))
			return
		}
	}
	s.h.showError(err)
}

func (s *registerScreen) backup() {
	reg, err := s.register()
	if err == nil {
		var path string
		if path, err = reg.Backup(""); err == nil {
			s.message.SetText(fmt.Sprintf(lang.L("Backup written to %s"), path))
			return
		}
	}
	s.h.showError(err)
}

// setProfile switches the meeting.
func (s *registerScreen) setProfile(p *meeting.Profile) {
	s.profile = p
	s.reload()
}

func (s *registerScreen) close() {
	s.stopLive()
	if s.reg != nil {
		s.reg.Close()
	}
}
