package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/fgdesk/fgdesk/app/internal/contribution"
	"github.com/fgdesk/fgdesk/app/internal/draft"
)

// TestShortcutsFromFocusedFields presses Ctrl+S (and Ctrl+N) while each
// kind of field has the focus, as the window does: the focused
// Shortcutable gets the shortcut.
func TestShortcutsFromFocusedFields(t *testing.T) {
	f := newFixture(t)
	c := f.win.compose
	for name, obj := range map[string]fyne.Focusable{"number": c.number, "title": c.title, "abstract": c.abstract, "body": c.body, "contact e-mail": c.contacts[0].email, "as of": f.win.check.asOf, "register search": f.win.reg.search} {
		f.save = filepath.Join(t.TempDir(), "d.json")
		c.draftPath = ""
		f.win.tabs.SelectIndex(map[string]int{"as of": 1, "register search": 2}[name])
		f.w.Canvas().Focus(obj)
		sc, ok := f.w.Canvas().Focused().(fyne.Shortcutable)
		if !ok {
			t.Fatalf("%s: focused object takes no shortcuts", name)
		}
		sc.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault})
		if _, err := os.Stat(f.save); err != nil {
			t.Errorf("Ctrl+S in %s saved no draft: %v", name, err)
		}
		n := len(f.confirms)
		sc.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierShortcutDefault})
		if len(f.confirms) != n+1 {
			t.Errorf("Ctrl+N in %s asked nothing", name)
		}
	}
	// Editing shortcuts still belong to the field.
	f.win.tabs.SelectIndex(0)
	f.w.Canvas().Focus(c.source)
	test.Type(c.source, "ITU")
	c.source.TypedShortcut(&fyne.ShortcutSelectAll{})
	if c.source.SelectedText() != "ITU" {
		t.Errorf("Ctrl+A in a field selected %q", c.source.SelectedText())
	}
}

// TestTabLeavesMultiLineFields: Tab moves on from the title, abstract and
// body (none accepts a tab), and the title never holds a tab or newline.
func TestTabLeavesMultiLineFields(t *testing.T) {
	f := newFixture(t)
	c := f.win.compose
	for name, e := range map[string]*textEditor{"title": c.title, "abstract": c.abstract, "body": c.body} {
		if e.AcceptsTab() {
			t.Errorf("%s keeps Tab", name)
		}
		f.w.Canvas().Focus(e)
		f.w.Canvas().FocusNext()
		if f.w.Canvas().Focused() == fyne.Focusable(e) {
			t.Errorf("Tab stays in %s", name)
		}
		f.w.Canvas().Focus(e)
		f.w.Canvas().FocusPrevious()
		if f.w.Canvas().Focused() == fyne.Focusable(e) {
			t.Errorf("Shift+Tab stays in %s", name)
		}
	}
	f.w.Canvas().Focus(c.title)
	test.Type(c.title, "Two\tparts\n")
	c.title.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if got := c.model().Title; got != "Two parts " {
		t.Errorf("title %q", got)
	}
	c.body.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyTab, Modifier: fyne.KeyModifierControl})
	if got := c.model().Body; got != "\t" {
		t.Errorf("Ctrl+Tab in the body gave %q", got)
	}
}

// TestDialogKeys: Escape cancels and Return confirms the host's dialogs,
// and a dialog never opens twice.
func TestDialogKeys(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(800, 600))
	h := newHost(fyne.CurrentApp(), w)
	key := func(k fyne.KeyName) { w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: k}) }
	var got []bool
	cb := func(ok bool) { got = append(got, ok) }
	h.confirm("Q", "?", cb)
	h.confirm("Q", "?", cb) // a second press of the same button
	if n := len(w.Canvas().Overlays().List()); n != 1 {
		t.Fatalf("%d dialogs open", n)
	}
	key(fyne.KeyEscape)
	h.confirm("Q", "?", cb)
	key(fyne.KeyReturn)
	if len(got) != 2 || got[0] || !got[1] {
		t.Fatalf("answers %v, want [false true]", got)
	}
	if n := len(w.Canvas().Overlays().List()); n != 0 {
		t.Fatalf("%d dialogs left open", n)
	}
	h.showInfo("Note", "text")
	key(fyne.KeyReturn)
	h.showError(os.ErrNotExist)
	key(fyne.KeyEscape)
	if n := len(w.Canvas().Overlays().List()); n != 0 {
		t.Fatalf("info/error dialogs not closed by Return/Escape: %d open", n)
	}
	// A field focused behind the dialog gets none of the keys.
	e := newTextEditor("", 2, false)
	w.SetContent(e)
	w.Canvas().Focus(e)
	h.confirm("Q", "?", cb)
	if w.Canvas().Focused() != nil {
		t.Error("the field behind the dialog keeps the focus")
	}
	key(fyne.KeyEscape)
}

// TestOpenDraftAsksFirst: Open draft over unsaved changes asks, and No
// keeps the work.
func TestOpenDraftAsksFirst(t *testing.T) {
	f := newFixture(t)
	c := f.win.compose
	other := filepath.Join(t.TempDir(), "other.json")
	if err := draft.Save(other, &draft.Draft{Meeting: c.profile.ID, Contribution: contribution.Model{Title: "Other"}}); err != nil {
		t.Fatal(err)
	}
	f.open = other
	c.openDraft() // nothing typed yet: no question
	if len(f.confirms) != 0 || c.model().Title != "Other" {
		t.Fatalf("clean form: confirms %v, title %q", f.confirms, c.model().Title)
	}
	test.Type(c.title, " edited")
	f.yes = false
	c.openDraft()
	if len(f.confirms) != 1 || c.model().Title != " editedOther" && c.model().Title != "Other edited" {
		t.Fatalf("unsaved work: confirms %v, title %q", f.confirms, c.model().Title)
	}
	f.yes = true
	c.openDraft()
	if len(f.confirms) != 2 || c.model().Title != "Other" {
		t.Fatalf("after Yes: confirms %v, title %q", f.confirms, c.model().Title)
	}
}

func TestHelpListsShortcuts(t *testing.T) {
	f := newFixture(t)
	var title, msg string
	f.win.h.showInfo = func(t, m string) { title, msg = t, m }
	f.w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyF1})
	if title == "" {
		t.Fatal("F1 showed no help")
	}
	for name := range f.win.h.shortcuts {
		k := name[len(name)-1:] // "CustomDesktop:Control+S" -> "S"
		if !strings.Contains(msg, "Ctrl+"+k) {
			t.Errorf("help does not list %s", name)
		}
	}
	if len(f.win.h.shortcuts) != 5 {
		t.Errorf("%d window shortcuts registered, want 5", len(f.win.h.shortcuts))
	}
}

// TestExportOffersPaddedNumber: a 3-digit number gets the fix offered,
// not "set the document number first".
func TestExportOffersPaddedNumber(t *testing.T) {
	f := newFixture(t)
	c := f.win.compose
	c.setModel(&contribution.Model{Number: "12", Source: "S", Title: "T", Contacts: []contribution.Contact{{Name: "A", Email: "a@example.com"}}})
	f.yes = true
	c.export()
	if len(f.confirms) == 0 || f.confirms[0] != "Document number" || c.number.Text != "0012" {
		t.Fatalf("confirms %v, number %q, errors %v", f.confirms, c.number.Text, f.errs)
	}
	if _, err := os.Stat(filepath.Join(f.dir, "innovation-i-0012.docx")); err != nil {
		t.Errorf("not exported after the fix: %v %v", err, f.errs)
	}
}

// TestFixButtonAndJump: the padded-number fix has a button that applies
// it, and the jump to a field low in the form scrolls it into view.
func TestFixButtonAndJump(t *testing.T) {
	f := newFixture(t)
	c := f.win.compose
	f.w.Resize(fyne.NewSize(1280, 500))
	c.number.SetText("12")
	var label string
	var apply func()
	for _, fd := range c.findings.shown {
		if l, a := c.fixFor(fd); a != nil {
			label, apply = l, a
		}
	}
	if apply == nil {
		t.Fatalf("no fix button for %v", codesOf(c.findings.shown))
	}
	apply()
	if c.number.Text != "0012" || label != "Use 0012" {
		t.Errorf("fix %q gave number %q", label, c.number.Text)
	}
	c.focusField("contacts[0].email")
	if c.left.Offset.Y <= 0 {
		t.Errorf("form not scrolled to the contact e-mail (offset %v)", c.left.Offset.Y)
	}
	if f.w.Canvas().Focused() != fyne.Focusable(c.contacts[0].email) {
		t.Error("e-mail not focused")
	}
}
