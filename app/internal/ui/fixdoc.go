package ui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/fgdesk/fgdesk/app/internal/check"
	"github.com/fgdesk/fgdesk/app/internal/contribution"
	"github.com/fgdesk/fgdesk/app/internal/finding"
	"github.com/fgdesk/fgdesk/app/internal/fix"
	"github.com/fgdesk/fgdesk/app/internal/meeting"
)

const prefWordDir = "compose.wordDir"

// wordDoc is the delegate's own Word file opened into the compose form:
// the form shows its header fields; "Save corrected copy…" writes the
// copy with the form's values and the chosen fixes; the body stays the
// file's own.
type wordDoc struct {
	path    string
	missing []string
	label   *widget.Label
	saveBtn *widget.Button
	fixes   *widget.CheckGroup // one per mechanical fix
	box     *fyne.Container
	result  string // summary of the last save, for tests
	bodyTip string // the body's placeholder before a Word document was opened
	done    func() // called after each read or save (tests wait on it)
}

// closeWordDoc forgets the opened Word document (New, Open draft): the
// form is the delegate's draft again.
func (c *compose) closeWordDoc() {
	if c.word == nil || c.word.path == "" {
		return
	}
	c.word.path = ""
	c.word.box.Hide()
	c.body.SetPlaceHolder(c.word.bodyTip)
}

// wordBox is the compose screen's strip for an opened Word file; hidden
// until one is opened.
func (c *compose) wordBox() fyne.CanvasObject {
	if c.word == nil {
		c.word = &wordDoc{label: widget.NewLabel("")}
		c.word.label.Wrapping = fyne.TextWrapWord
		c.word.saveBtn = widget.NewButtonWithIcon(lang.L("Save corrected copy…"), theme.DocumentSaveIcon(), c.saveCorrected)
		c.word.saveBtn.Importance = widget.HighImportance
		var opts []string
		for _, a := range append(append([]fix.Action{}, fix.Template...), fix.Clean...) {
			opts = append(opts, a.Label())
		}
		opts = append(opts, fix.AcceptChanges.Label())
		c.word.fixes = widget.NewCheckGroup(opts, nil)
		c.word.fixes.Horizontal = true
		c.word.box = container.NewVBox(widget.NewSeparator(), c.word.label,
			container.NewBorder(nil, nil, nil, c.word.saveBtn, container.NewHScroll(c.word.fixes)))
		c.word.box.Hide()
	}
	return c.word.box
}

// openWordDoc asks for a Word file and reads its header into the form.
func (c *compose) openWordDoc() {
	c.h.chooseOpen(lang.L("Open Word document"), c.h.pref(prefWordDir), []string{".docx", ".docm", ".dotx", ".dotm", ".doc", ".odt"}, c.loadWordDoc)
}

// loadWordDoc fills the form from a Word file's header table and shows
// which fields were not found; fixes for the file's findings are ticked.
// Reading (and converting a .doc with LibreOffice) runs off the UI
// thread.
func (c *compose) loadWordDoc(path string) {
	c.wordBox()
	c.status.SetText(fmt.Sprintf(lang.L("Reading %s…"), filepath.Base(path)))
	profile := c.profile
	go func() {
		m, missing, ticked, err := readWordDoc(path, profile)
		fyne.Do(func() {
			defer c.word.finished()
			if err != nil {
				c.status.SetText("")
				c.h.showError(err)
				return
			}
			c.showWordDoc(path, m, missing, ticked)
		})
	}()
}

// readWordDoc reads the header fields of a Word file and the labels of
// the fixes its findings ask for.
func readWordDoc(path string, p *meeting.Profile) (*contribution.Model, []string, []string, error) {
	data, _, err := fix.ReadInput(context.Background(), path)
	if err != nil {
		return nil, nil, nil, err
	}
	m, missing, err := fix.Read(filepath.Base(path), data)
	if err != nil {
		return nil, nil, nil, err
	}
	var ticked []string
	if rep, err := check.RunFiles(context.Background(), []string{path}, check.Options{Profile: p, Workers: 1}); err == nil && len(rep.Files) > 0 {
		for _, f := range rep.Files[0].Findings {
			if a, ok := fix.For(f.Code); ok && f.Severity >= finding.Warning && a != fix.Number && a != fix.ContactEmail && !contains(ticked, a.Label()) {
				ticked = append(ticked, a.Label())
			}
		}
	}
	return m, missing, ticked, nil
}

func (c *compose) showWordDoc(path string, m *contribution.Model, missing, ticked []string) {
	c.h.setPref(prefWordDir, filepath.Dir(path))
	c.draftPath = ""
	m.Body = "" // the body stays the document's own
	c.setModel(m)
	if c.word.path == "" {
		c.word.bodyTip = c.body.PlaceHolder
	}
	c.body.SetPlaceHolder(lang.L("The body stays the Word document's own: it is not converted. Edit it in Word; the corrected copy keeps it as it is."))
	w := c.word
	w.path, w.missing = path, missing
	w.fixes.SetSelected(ticked)
	text := fmt.Sprintf(lang.L("Word document: %s — the body stays the document's own (not converted); the form's header values go into the corrected copy."), path)
	if len(missing) > 0 {
		text += "\n" + fmt.Sprintf(lang.L("Not found in the document: %s."), strings.Join(missing, ", "))
	}
	w.label.SetText(text)
	w.box.Show()
	c.status.SetText(fmt.Sprintf(lang.L("Opened %s — set the number and save the corrected copy"), filepath.Base(path)))
}

// finished tells a waiting test that a read or a save is over.
func (w *wordDoc) finished() {
	if w.done != nil {
		w.done()
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// saveCorrected writes the corrected copy into a chosen folder and shows
// the pre-flight of the copy.
func (c *compose) saveCorrected() {
	if c.word == nil || c.word.path == "" {
		c.h.showError(errors.New("open a Word document first"))
		return
	}
	m := c.model()
	if !c.profile.ValidNumber(m.Number) {
		c.h.showError(fmt.Errorf("set the document number first: the copy is named %s and TSB gives you nnnn by e-mail to %s", c.profile.Documents.Pattern, c.profile.TSB.Email))
		c.focusField("number")
		return
	}
	c.h.chooseFolder(fmt.Sprintf(lang.L("Save %s to…"), c.profile.FileName(m.Number, ".docx")), c.h.pref(prefExportDir), func(dir string) {
		c.h.setPref(prefExportDir, dir)
		c.writeCorrected(m, dir, false)
	})
}

func (c *compose) fixOptions(m *contribution.Model) fix.Options {
	f := *m
	f.Body = ""
	var cs []contribution.Contact
	for _, k := range f.Contacts {
		if !k.IsEmpty() {
			cs = append(cs, k)
		}
	}
	f.Contacts = cs
	opt := fix.Options{Profile: c.profile, Fields: f}
	for _, a := range append(append(append([]fix.Action{}, fix.Template...), fix.Clean...), fix.AcceptChanges) {
		if contains(c.word.fixes.Selected, a.Label()) {
			opt.Actions = append(opt.Actions, a)
		}
	}
	return opt
}

func (c *compose) writeCorrected(m *contribution.Model, dir string, overwrite bool) {
	src, opt, p := c.word.path, c.fixOptions(m), c.profile
	c.status.SetText(lang.L("Writing the corrected copy…"))
	go func() {
		res, path, err := fix.File(context.Background(), src, dir, opt, overwrite)
		var fs []finding.Finding
		if err == nil {
			fs, err = fix.Preflight(context.Background(), path, p, clock())
		}
		fyne.Do(func() {
			defer c.word.finished()
			if errors.Is(err, fix.ErrExists) {
				c.h.confirm(lang.L("Replace file?"), fmt.Sprintf(lang.L("%s already exists in %s. Replace it?"), filepath.Base(path), dir), func(ok bool) {
					if ok {
						c.writeCorrected(m, dir, true)
					}
				})
				return
			}
			if err != nil {
				c.status.SetText("")
				c.h.showError(err)
				return
			}
			c.lastExport = path
			c.word.result = fixSummary(path, res, fs)
			c.status.SetText(fmt.Sprintf(lang.L("Saved corrected copy %s — %s"), path, verdictText(fs)))
			c.h.showInfo(lang.L("Corrected copy saved"), c.word.result)
		})
	}()
}

// verdictText says whether a copy passes.
func verdictText(fs []finding.Finding) string {
	n := finding.Count(fs)
	if fix.Passes(fs) {
		return lang.L("passes the checker")
	}
	return fmt.Sprintf(lang.L("%d error(s), %d warning(s) left"), n.Errors, n.Warnings)
}

// fixSummary lists what was changed and what the checker still says.
func fixSummary(path string, res *fix.Result, fs []finding.Finding) string {
	var b strings.Builder
	b.WriteString(path + "\n\n" + lang.L("Changed:") + "\n")
	for _, ch := range res.Changes {
		b.WriteString("• " + ch + "\n")
	}
	for _, nd := range res.NotDone {
		b.WriteString("• " + lang.L("not done:") + " " + nd + "\n")
	}
	b.WriteString("\n" + lang.L("Pre-flight:") + " " + verdictText(fs) + "\n")
	for _, f := range fs {
		if f.Severity >= finding.Warning {
			b.WriteString("• " + f.Code + ": " + f.Message + "\n")
		}
	}
	return b.String()
}

// checkFixes is the check screen's row of fix buttons for the selected
// file's findings.
type checkFixes struct {
	box *fyne.Container
}

// fixBox returns the (initially empty) row of fix buttons.
func (s *checkScreen) fixBox() fyne.CanvasObject {
	if s.fixes == nil {
		s.fixes = &checkFixes{box: container.NewVBox()}
	}
	return s.fixes.box
}

// showFixes offers one button per mechanical fix of a result's findings.
func (s *checkScreen) showFixes(f check.FileResult) {
	s.fixBox()
	s.fixes.box.RemoveAll()
	seen := map[fix.Action]bool{}
	for _, fd := range f.Findings {
		a, ok := fix.For(fd.Code)
		if !ok || seen[a] || a == fix.ContactEmail {
			continue
		}
		seen[a] = true
		act := a
		s.fixes.box.Add(widget.NewButtonWithIcon(a.Label(), theme.ViewRefreshIcon(), func() { s.applyFix(f, act) }))
	}
	s.fixes.box.Refresh()
}

// applyFix writes a corrected copy of a checked file with one fix, into a
// chosen folder, and checks the copy.
func (s *checkScreen) applyFix(f check.FileResult, a fix.Action) {
	if !s.profile.ValidNumber(f.Number) {
		s.h.showError(fmt.Errorf("%s has no document number to stamp: open it with Compose > Open Word document…, type the number TSB sent you and save the corrected copy", f.Name))
		return
	}
	opt := fix.Options{Profile: s.profile, Fields: contribution.Model{Number: f.Number}}
	if a != fix.Number {
		opt.Actions = []fix.Action{a}
	}
	s.h.chooseFolder(lang.L("Save the corrected copy to…"), s.h.pref(prefCheckDir), func(dir string) {
		_, path, err := fix.File(context.Background(), f.Path, dir, opt, false)
		if err != nil {
			s.h.showError(err)
			return
		}
		s.setPaths([]string{path})
	})
}
