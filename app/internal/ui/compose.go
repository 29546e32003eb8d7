package ui

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/fgdesk/fgdesk/app/internal/contribution"
	"github.com/fgdesk/fgdesk/app/internal/draft"
	"github.com/fgdesk/fgdesk/app/internal/export"
	"github.com/fgdesk/fgdesk/app/internal/finding"
	"github.com/fgdesk/fgdesk/app/internal/fsutil"
	"github.com/fgdesk/fgdesk/app/internal/markdown"
	"github.com/fgdesk/fgdesk/app/internal/meeting"
	"github.com/fgdesk/fgdesk/app/internal/register"
)

// Preference keys.
const (
	prefExportDir = "compose.exportDir"
	prefDraftDir  = "compose.draftDir"
)

// compose is the delegate's screen: the header-table form, the Markdown
// body with a preview, live findings and the key dates.
type compose struct {
	h       *host
	profile *meeting.Profile
	onCheck func(paths []string) // "Check my file": hands files to the check screen

	number, source, wgs, keywords *field
	title, abstract               *textEditor // title: one paragraph
	docType                       *widget.Select
	purpose                       *widget.RadioGroup
	contacts                      []*contactRow
	contactBox                    *fyne.Container
	body                          *textEditor
	preview                       *preview
	bodyTabs                      *container.AppTabs
	fileName                      *widget.Label
	status                        *widget.Label
	findings                      *findingsView
	dates                         *datesPanel
	exportBtn                     *widget.Button

	fieldObjects map[string]fyne.Focusable // for "go to field"
	left         *container.Scroll         // the header form, scrolled to a field on "go to field"
	dirty        bool                      // changed since the last save, open or new
	liveTimer    *time.Timer               // runs changed() a moment after body typing stops
	previewTimer *time.Timer               // re-renders the preview a moment after typing stops
	loading      bool                      // true while setModel fills widgets

	draftPath    string // the draft file, "" until saved or opened
	restoredBase string // image folder of a restored autosave
	pdfHintShown bool   // the "how to get LibreOffice" note was shown once
	lastExport   string // the last exported .docx
	autosave     *draft.Autosaver
	current      []finding.Finding
	word         *wordDoc // the delegate's own Word file, opened into the form (fixdoc.go)

	// The body is rendered (as the export will) a moment after typing
	// stops; its findings are kept until the next render.
	bodyMu       sync.Mutex
	bodyTimer    *time.Timer
	bodyChecked  string // body and base folder of bodyFindings
	bodyFindings []finding.Finding
}

// contactRow is one contact's six fields and its remove button.
type contactRow struct {
	name, org, country, tel, fax, email *field
	box                                 fyne.CanvasObject
}

func newCompose(h *host, p *meeting.Profile, autosaveDir string) *compose {
	c := &compose{h: h, profile: p, fieldObjects: map[string]fyne.Focusable{}}
	entry := func(name, placeholder string) *field {
		e := newField(h)
		e.SetPlaceHolder(placeholder)
		e.OnChanged = func(string) { c.changed() }
		c.fieldObjects[name] = e
		return e
	}
	multi := func(name, placeholder string, rows int) *textEditor {
		e := newTextEditor(placeholder, rows, false)
		e.shortcut = h.typedShortcut
		e.OnChanged = func(string) { c.changed() }
		c.fieldObjects[name] = e
		return e
	}
	c.number = entry("number", lang.L("nnnn from TSB, e.g. 0012"))
	c.source = entry("source", lang.L("Organization(s) submitting the document"))
	c.title = multi("title", lang.L("Title of the contribution"), 2)
	c.title.singlePara = true
	c.wgs = entry("wgs", lang.L("e.g. WG1 (optional)"))
	c.abstract = multi("abstract", lang.L("A few sentences on what the document proposes"), 3)
	c.keywords = entry("keywords", lang.L("innovation; standards gap; …"))

	var typeLabels []string
	for _, t := range contribution.Types {
		typeLabels = append(typeLabels, t.Label())
	}
	c.docType = widget.NewSelect(typeLabels, func(string) { c.changed() })
	c.docType.SetSelected(contribution.Input.Label())
	var purposeLabels []string
	for _, p := range contribution.Purposes {
		purposeLabels = append(purposeLabels, p.Label())
	}
	c.purpose = widget.NewRadioGroup(purposeLabels, func(string) { c.changed() })
	c.purpose.Horizontal = true

	c.contactBox = container.NewVBox()
	c.addContact(contribution.Contact{})

	c.body = newTextEditor(lang.L("Markdown: # headings, **bold**, *italic*, - lists, | tables |, [links](…), ![images](figure.png)"), 10, true)
	c.body.shortcut = h.typedShortcut
	c.body.OnChanged = func(string) { c.bodyChanged() }
	c.fieldObjects["body"] = c.body
	c.preview = newPreview()
	c.bodyTabs = container.NewAppTabs(
		container.NewTabItemWithIcon(lang.L("Write"), theme.DocumentCreateIcon(), c.body.object()),
		container.NewTabItemWithIcon(lang.L("Preview"), theme.VisibilityIcon(), c.preview.list),
	)
	c.bodyTabs.OnSelected = func(*container.TabItem) { c.refreshPreview() }

	c.fileName = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	c.status = widget.NewLabel("")
	c.status.Truncation = fyne.TextTruncateEllipsis
	c.findings = newFindingsView(lang.L("Ready to export"))
	c.findings.onGo = c.focusField
	c.findings.fixer = c.fixFor
	c.dates = newDatesPanel()
	c.dates.show(p)

	if autosaveDir != "" {
		c.autosave = draft.NewAutosaver(autosaveDir, 3*time.Second)
	}
	c.changed()
	c.dirty = false
	return c
}

// addContact appends a contact row filled with ct.
func (c *compose) addContact(ct contribution.Contact) {
	i := len(c.contacts)
	r := &contactRow{}
	mk := func(name, ph, v string) *field {
		e := newField(c.h)
		e.SetPlaceHolder(ph)
		e.SetText(v)
		e.OnChanged = func(string) { c.changed() }
		c.fieldObjects[fmt.Sprintf("contacts[%d].%s", i, name)] = e
		return e
	}
	r.name = mk("name", lang.L("Name"), ct.Name)
	r.org = mk("organization", lang.L("Organization"), ct.Organization)
	r.country = mk("country", lang.L("Country"), ct.Country)
	r.tel = mk("tel", lang.L("Tel: +41 22 …"), ct.Tel)
	r.fax = mk("fax", lang.L("Fax (optional)"), ct.Fax)
	r.email = mk("email", lang.L("E-mail"), ct.Email)
	remove := widget.NewButtonWithIcon(lang.L("Remove"), theme.DeleteIcon(), nil)
	remove.Importance = widget.LowImportance
	grid := container.NewGridWithColumns(2, r.name, r.tel, r.org, r.fax, r.country, r.email)
	title := widget.NewLabelWithStyle(fmt.Sprintf(lang.L("Contact %d"), i+1), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	r.box = container.NewVBox(container.NewBorder(nil, nil, title, remove), grid)
	remove.OnTapped = func() { c.removeContact(r) }
	c.contacts = append(c.contacts, r)
	c.contactBox.Add(r.box)
	if i == 0 {
		c.fieldObjects["contacts"] = r.email
	}
}

func (c *compose) removeContact(r *contactRow) {
	m := c.model()
	for i, x := range c.contacts {
		if x == r {
			m.Contacts = append(m.Contacts[:i], m.Contacts[i+1:]...)
			break
		}
	}
	if len(m.Contacts) == 0 {
		m.Contacts = []contribution.Contact{{}}
	}
	c.setContacts(m.Contacts)
	c.changed()
}

func (c *compose) setContacts(cs []contribution.Contact) {
	for k := range c.fieldObjects {
		if strings.HasPrefix(k, "contacts") {
			delete(c.fieldObjects, k)
		}
	}
	c.contacts = nil
	c.contactBox.RemoveAll()
	for _, ct := range cs {
		c.addContact(ct)
	}
}

// content lays the screen out: toolbar, then form | body | findings+dates.
func (c *compose) content() fyne.CanvasObject {
	form := widget.NewForm(
		widget.NewFormItem(lang.L("Number"), container.NewBorder(nil, nil, nil, c.fileName, c.number)),
		widget.NewFormItem(lang.L("Type"), c.docType),
		widget.NewFormItem(lang.L("Source"), c.source),
		widget.NewFormItem(lang.L("Title"), c.title.object()),
		widget.NewFormItem(lang.L("WG(s)"), c.wgs),
		widget.NewFormItem(lang.L("Purpose"), c.purpose),
		widget.NewFormItem(lang.L("Abstract"), c.abstract.object()),
		widget.NewFormItem(lang.L("Keywords"), c.keywords),
	)
	addContact := widget.NewButtonWithIcon(lang.L("Add contact"), theme.ContentAddIcon(), func() {
		c.addContact(contribution.Contact{})
		c.changed()
	})
	contacts := widget.NewCard("", lang.L("Contacts (one row each in the header table)"), container.NewVBox(c.contactBox, container.NewHBox(addContact)))
	left := container.NewVScroll(container.NewVBox(widget.NewCard("", lang.L("Header table"), form), contacts))
	c.left = left
	c.title.onGrow, c.abstract.onGrow = left.Refresh, left.Refresh

	middle := c.bodyTabs
	right := container.NewVSplit(
		widget.NewCard(lang.L("Rules"), lang.L("Circular 253, checked as you type"), c.findings.content()),
		container.NewVScroll(c.dates.card),
	)
	right.Offset = 0.62

	inner := container.NewHSplit(middle, right)
	inner.Offset = 0.58
	main := container.NewHSplit(left, inner)
	main.Offset = 0.40

	c.exportBtn = widget.NewButtonWithIcon(lang.L("Export .docx"), theme.DocumentSaveIcon(), c.export)
	c.exportBtn.Importance = widget.HighImportance
	bar := container.NewHBox(
		widget.NewButtonWithIcon(lang.L("New"), theme.DocumentIcon(), c.newDraft),
		widget.NewButtonWithIcon(lang.L("Open draft…"), theme.FolderOpenIcon(), c.openDraft),
		widget.NewButtonWithIcon(lang.L("Save draft"), theme.DocumentSaveIcon(), c.saveDraft),
		widget.NewSeparator(),
		c.exportBtn,
		widget.NewButtonWithIcon(lang.L("Blank export"), theme.FileTextIcon(), c.blankExport),
		widget.NewButtonWithIcon(lang.L("Submit…"), theme.UploadIcon(), c.submitExported), // submit.go
		widget.NewButtonWithIcon(lang.L("Check my file…"), theme.ConfirmIcon(), c.checkMyFile),
		widget.NewButtonWithIcon(lang.L("Open Word document…"), theme.FolderOpenIcon(), c.openWordDoc),
		widget.NewSeparator(),
		widget.NewButtonWithIcon(lang.L("Request number…"), theme.MailComposeIcon(), c.requestNumber),
	)
	return container.NewBorder(bar, container.NewVBox(c.wordBox(), c.status), nil, nil, main)
}

// model reads the form into a contribution.
func (c *compose) model() *contribution.Model {
	m := &contribution.Model{
		Number:   strings.TrimSpace(c.number.Text),
		Source:   c.source.Text,
		Title:    c.title.Text(),
		WGs:      c.wgs.Text,
		Abstract: c.abstract.Text(),
		Keywords: c.keywords.Text,
		Body:     c.body.Text(),
		Type:     contribution.TypeFromLabel(c.docType.Selected),
		Purpose:  contribution.PurposeFromLabel(c.purpose.Selected),
	}
	for _, r := range c.contacts {
		m.Contacts = append(m.Contacts, contribution.Contact{
			Name: r.name.Text, Organization: r.org.Text, Country: r.country.Text,
			Tel: r.tel.Text, Fax: r.fax.Text, Email: strings.TrimSpace(r.email.Text),
		})
	}
	return m
}

// setModel fills the form from a contribution.
func (c *compose) setModel(m *contribution.Model) {
	c.loading = true
	c.number.SetText(m.Number)
	c.source.SetText(m.Source)
	c.title.SetText(m.Title)
	c.wgs.SetText(m.WGs)
	c.abstract.SetText(m.Abstract)
	c.keywords.SetText(m.Keywords)
	c.body.SetText(m.Body)
	c.docType.SetSelected(m.DocType().Label())
	c.purpose.SetSelected(m.Purpose.Label())
	cs := m.Contacts
	if len(cs) == 0 {
		cs = []contribution.Contact{{}}
	}
	c.setContacts(cs)
	c.loading = false
	c.changed()
	c.dirty = false
}

// liveDelay is how long body typing must pause before the findings,
// file name and preview catch up (the keystroke itself only autosaves).
var liveDelay = 150 * time.Millisecond

// bodyChanged is the body's keystroke path: mark the work unsaved, hand
// it to the autosave, and leave the rest to changed() after a pause.
func (c *compose) bodyChanged() {
	if c.loading {
		return
	}
	c.dirty = true
	c.touchAutosave(c.model())
	if c.liveTimer != nil {
		c.liveTimer.Stop()
	}
	c.liveTimer = time.AfterFunc(liveDelay, func() { fyne.Do(c.changed) })
}

func (c *compose) touchAutosave(m *contribution.Model) {
	if c.autosave != nil {
		c.autosave.SetMeeting(c.profile.ID)
		c.autosave.SetBaseDir(c.baseDir())
		c.autosave.Touch(m)
	}
}

// changed revalidates, updates the file name and preview, and schedules
// an autosave.
func (c *compose) changed() {
	if c.loading || c.findings == nil {
		return
	}
	c.dirty = true
	m := c.model()
	c.scheduleBodyCheck(m.Body)
	c.showFindings(m)
	if c.profile.ValidNumber(m.Number) {
		c.fileName.SetText("→ " + c.profile.FileName(m.Number, ".docx"))
	} else {
		c.fileName.SetText(fmt.Sprintf(lang.L("→ %s.docx"), c.profile.Documents.Pattern))
	}
	if c.bodyTabs != nil && c.bodyTabs.SelectedIndex() == 1 {
		if c.previewTimer != nil {
			c.previewTimer.Stop()
		}
		c.previewTimer = time.AfterFunc(liveDelay, func() { fyne.Do(c.refreshPreview) })
	}
	c.touchAutosave(m)
}

// showFindings lists the field findings and the latest body findings.
func (c *compose) showFindings(m *contribution.Model) {
	var body []finding.Finding
	c.bodyMu.Lock()
	if c.bodyChecked == m.Body+"\x00"+c.baseDir() {
		body = c.bodyFindings
	}
	c.bodyMu.Unlock()
	fs := contribution.DraftFindings(m, c.profile, body)
	c.current = fs
	c.findings.set(fs)
}

// bodyCheckDelay is how long typing must pause before the body is rendered.
var bodyCheckDelay = 400 * time.Millisecond

// scheduleBodyCheck renders the body in the background after a pause in
// typing, then refreshes the findings (missing images, nesting too deep).
func (c *compose) scheduleBodyCheck(body string) {
	key := body + "\x00" + c.baseDir()
	c.bodyMu.Lock()
	defer c.bodyMu.Unlock()
	if key == c.bodyChecked {
		return
	}
	if c.bodyTimer != nil {
		c.bodyTimer.Stop()
	}
	base := c.baseDir()
	c.bodyTimer = time.AfterFunc(bodyCheckDelay, func() {
		fs := contribution.ValidateBody(body, base)
		c.bodyMu.Lock()
		c.bodyChecked, c.bodyFindings = key, fs
		c.bodyMu.Unlock()
		fyne.Do(func() {
			if m := c.model(); m.Body == body {
				c.showFindings(m)
			}
		})
	})
}

func (c *compose) refreshPreview() {
	if c.bodyTabs.SelectedIndex() != 1 {
		return
	}
	// Fyne's preview parses with goldmark too; a body the guard refuses
	// would freeze the window, so show why instead.
	if err := markdown.Check(c.body.Text()); err != nil {
		c.preview.set("**The body cannot be previewed:** " + err.Error())
		return
	}
	c.preview.set(c.body.Text())
}

// focusField moves the keyboard focus to a form field named by a
// finding and scrolls the form so the field is in view.
func (c *compose) focusField(field string) {
	f, ok := c.fieldObjects[field]
	if !ok {
		return
	}
	if field == "body" {
		c.bodyTabs.SelectIndex(0)
	} else if o, ok := f.(fyne.CanvasObject); ok && c.left != nil {
		d := fyne.CurrentApp().Driver()
		y := d.AbsolutePositionForObject(o).Y - d.AbsolutePositionForObject(c.left.Content).Y
		if y < c.left.Offset.Y || y+o.Size().Height > c.left.Offset.Y+c.left.Size().Height {
			c.left.ScrollToOffset(fyne.NewPos(0, max(y-theme.Padding()*4, 0)))
		}
	}
	c.h.win.Canvas().Focus(f)
}

// fixFor offers the fixes that need no judgement: a document number
// padded to four digits.
func (c *compose) fixFor(f finding.Finding) (string, func()) {
	if f.Field == "number" && f.Fix != "" && c.profile.ValidNumber(f.Fix) {
		fix := f.Fix
		return fmt.Sprintf(lang.L("Use %s"), fix), func() { c.number.SetText(fix) }
	}
	return "", nil
}

// setProfile switches the meeting.
func (c *compose) setProfile(p *meeting.Profile) {
	c.profile = p
	c.dates.show(p)
	c.changed()
}

// baseDir is where relative image paths in the body are resolved: the
// draft's folder, the folder of a restored autosave's draft, or the
// working folder.
func (c *compose) baseDir() string {
	if c.draftPath != "" {
		return filepath.Dir(c.draftPath)
	}
	if c.restoredBase != "" {
		return c.restoredBase
	}
	wd, _ := os.Getwd()
	return wd
}

func (c *compose) export()      { c.doExport(false) }
func (c *compose) blankExport() { c.doExport(true) }

// doExport asks for a folder (starting at the last one), writes the .docx,
// asks before replacing an existing file, and offers a PDF copy.
func (c *compose) doExport(blank bool) {
	m := c.model()
	if n := strings.Repeat("0", max(4-len(m.Number), 0)) + m.Number; !c.profile.ValidNumber(m.Number) && m.Number != "" && c.profile.ValidNumber(n) {
		// A short number has one mechanical fix: pad it.
		c.h.confirm(lang.L("Document number"), fmt.Sprintf(lang.L("The file name needs four digits: use %s?"), n), func(ok bool) {
			if ok {
				c.number.SetText(n)
				c.doExport(blank)
			}
		})
		return
	}
	if !c.profile.ValidNumber(m.Number) {
		c.h.showError(fmt.Errorf("set the document number first: the file is named %s and TSB gives you nnnn by e-mail to %s", c.profile.Documents.Pattern, c.profile.TSB.Email))
		c.focusField("number")
		return
	}
	start := c.h.pref(prefExportDir)
	c.h.chooseFolder(fmt.Sprintf(lang.L("Export %s to…"), c.profile.FileName(m.Number, ".docx")), start, func(dir string) {
		c.h.setPref(prefExportDir, dir)
		c.writeExport(m, dir, blank, false)
	})
}

func (c *compose) writeExport(m *contribution.Model, dir string, blank, overwrite bool) {
	path, err := export.Export(m, c.profile, dir, export.Options{Overwrite: overwrite, Blank: blank, BaseDir: c.baseDir()})
	if errors.Is(err, export.ErrExists) {
		name := c.profile.FileName(m.Number, ".docx")
		c.h.confirm(lang.L("Replace file?"), fmt.Sprintf(lang.L("%s already exists in %s. Replace it?"), name, dir), func(ok bool) {
			if ok {
				c.writeExport(m, dir, blank, true)
			}
		})
		return
	}
	if err != nil {
		c.h.showError(err)
		return
	}
	c.lastExport = path
	what := lang.L("Exported")
	if blank {
		what = lang.L("Exported the header (blank body) as")
	}
	c.status.SetText(fmt.Sprintf(lang.L("%s %s"), what, path))
	if errs := finding.Count(c.current).Errors; errs > 0 {
		c.status.SetText(fmt.Sprintf(lang.L("%s %s — %d error(s) still to fix before you upload"), what, path, errs))
	}
	soffice, ok := export.SofficePath()
	if !ok && !c.pdfHintShown {
		c.pdfHintShown = true
		c.h.showInfo(lang.L("Exported"), fmt.Sprintf(lang.L("%s\n\nNo PDF copy: %s"), path, export.PDFHint))
		return
	}
	if ok {
		c.h.confirm(lang.L("Exported"), fmt.Sprintf(lang.L("%s\n\nAlso make a PDF copy with LibreOffice?"), path), func(yes bool) {
			if yes {
				go func() {
					pdf, err := export.PDF(context.Background(), path, filepath.Dir(path))
					fyne.Do(func() {
						if err != nil {
							c.h.showError(fmt.Errorf("PDF with %s: %w", soffice, err))
							return
						}
						c.status.SetText(fmt.Sprintf(lang.L("PDF copy: %s"), pdf))
					})
				}()
			}
		})
	}
}

// numberRequest builds the e-mail asking TSB for a document number from
// the form (title, source, first contact).
func (c *compose) numberRequest() register.Message {
	m := c.model()
	ct := m.FirstContact()
	return register.RequestMail(c.profile, register.NumberRequest{
		Title: m.Title, Source: m.Source, Contact: ct.Name, Email: ct.Email,
		Type: string(m.DocType()), Purpose: string(m.Purpose),
	}, clock())
}

// requestNumber opens the number request in the mail program (mailto:),
// or saves it as an .eml file to send by hand.
func (c *compose) requestNumber() {
	msg := c.numberRequest()
	c.h.confirm(lang.L("Request a document number"),
		fmt.Sprintf(lang.L("TSB gives each document its number by e-mail (%s, %s).\n\nOpen your mail program with the request? (No: save it as an .eml file instead.)"), c.profile.TSB.Email, c.profile.Circular+" §9"),
		func(open bool) {
			if open {
				u, err := url.Parse(msg.Mailto())
				if err == nil {
					err = c.h.openURL(u)
				}
				if err != nil {
					c.h.showError(fmt.Errorf("open the mail program: %w", err))
				}
				return
			}
			c.h.chooseSave(lang.L("Save the number request"), c.h.pref(prefDraftDir), "number-request.eml", []string{".eml"}, func(path string) {
				eml, err := msg.EML()
				if err == nil {
					err = fsutil.WriteBytes(path, fsutil.Overwrite, 0o644, eml)
				}
				if err != nil {
					c.h.showError(err)
					return
				}
				c.status.SetText(fmt.Sprintf(lang.L("Number request saved to %s"), path))
			})
		})
}

// newDraft clears the form after asking.
func (c *compose) newDraft() {
	c.h.confirm(lang.L("New contribution"), lang.L("Clear the form? Unsaved changes are kept in the autosave until you close the app."), func(ok bool) {
		if ok {
			c.draftPath, c.restoredBase = "", ""
			c.closeWordDoc()
			c.setModel(&contribution.Model{})
			c.status.SetText(lang.L("New contribution"))
		}
	})
}

func (c *compose) saveDraft() {
	if c.draftPath != "" {
		c.writeDraft(c.draftPath)
		return
	}
	name := "draft.json"
	if m := c.model(); c.profile.ValidNumber(m.Number) {
		name = c.profile.BaseName(m.Number) + ".json"
	}
	c.h.chooseSave(lang.L("Save draft"), c.h.pref(prefDraftDir), name, []string{".json"}, func(path string) {
		if filepath.Ext(path) == "" {
			path += ".json"
		}
		c.writeDraft(path)
	})
}

func (c *compose) writeDraft(path string) {
	d := &draft.Draft{Meeting: c.profile.ID, Contribution: *c.model()}
	if err := draft.Save(path, d); err != nil {
		c.h.showError(err)
		return
	}
	c.draftPath, c.dirty = path, false
	c.h.setPref(prefDraftDir, filepath.Dir(path))
	c.status.SetText(fmt.Sprintf(lang.L("Draft saved to %s at %s"), path, clock().Format("15:04:05")))
}

// openDraft asks before unsaved work is replaced, then picks a draft.
func (c *compose) openDraft() {
	c.unlessDirty(lang.L("Open draft"), func() {
		c.h.chooseOpen(lang.L("Open draft"), c.h.pref(prefDraftDir), []string{".json"}, c.loadDraft)
	})
}

// unlessDirty runs then at once if the form holds no unsaved changes,
// else after the user agrees to discard them.
func (c *compose) unlessDirty(title string, then func()) {
	if !c.dirty {
		then()
		return
	}
	c.h.confirm(title, lang.L("The form has changes that are not saved to a draft. Discard them? (They stay in the autosave until you close the app.)"), func(ok bool) {
		if ok {
			then()
		}
	})
}

// loadDraft opens a draft file into the form.
func (c *compose) loadDraft(path string) {
	d, err := draft.Load(path)
	if err != nil {
		c.h.showError(err)
		return
	}
	c.draftPath, c.restoredBase = path, ""
	c.closeWordDoc()
	c.h.setPref(prefDraftDir, filepath.Dir(path))
	c.setModel(&d.Contribution)
	c.status.SetText(fmt.Sprintf(lang.L("Opened %s"), path))
}

// checkMyFile pre-flights the last export, or a chosen file, on the check screen.
func (c *compose) checkMyFile() {
	if c.lastExport != "" {
		c.onCheck([]string{c.lastExport})
		return
	}
	c.h.chooseOpen(lang.L("Check a file"), c.h.pref(prefExportDir), nil, func(p string) { c.onCheck([]string{p}) })
}

// offerRestore asks to restore autosaved work left by a crash.
func (c *compose) offerRestore(dir string) {
	rs, err := draft.Recoverable(dir)
	if err != nil || len(rs) == 0 {
		return
	}
	r := rs[0]
	c.h.confirm(lang.L("Restore unsaved work?"), fmt.Sprintf(lang.L("FG Desk found work that was not saved (%s, autosaved %s). Restore it?"), r.Title(), r.Saved.Local().Format("2 Jan 15:04")), func(ok bool) {
		if ok {
			if dir := r.Draft.ImageDir(r.Path); dir != "" {
				c.restoredBase = dir
			}
			c.setModel(&r.Draft.Contribution)
			c.status.SetText(fmt.Sprintf(lang.L("Restored autosaved work from %s"), r.Saved.Local().Format("2 Jan 15:04")))
		}
		r.Discard()
	})
}

// close flushes and removes the autosave (a clean exit).
func (c *compose) close() {
	for _, t := range []*time.Timer{c.liveTimer, c.previewTimer} {
		if t != nil {
			t.Stop()
		}
	}
	c.bodyMu.Lock()
	if c.bodyTimer != nil {
		c.bodyTimer.Stop()
	}
	c.bodyMu.Unlock()
	if c.autosave != nil {
		c.autosave.Close()
	}
}
