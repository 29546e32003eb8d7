package fix

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/fgdesk/fgdesk/app/internal/contribution"
	"github.com/fgdesk/fgdesk/app/internal/docx"
	"github.com/fgdesk/fgdesk/app/internal/inspect"
	"github.com/fgdesk/fgdesk/app/internal/meeting"
	"github.com/fgdesk/fgdesk/app/internal/ooxml"
)

// Namespaces the editor writes and matches.
const (
	nsW  = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsWS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
	nsR  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsRS = "http://purl.oclc.org/ooxml/officeDocument/relationships"

	relTypeBase  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	ctMain       = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
	ctHeader     = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
	ctFooter     = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
	ctStyles     = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"
	ctRels       = "application/vnd.openxmlformats-package.relationships+xml"
	contentTypes = ooxml.ContentTypesName
)

// Action is one mechanical fix.
type Action string

// The actions. Number (stamp the number, which also gives the canonical
// lower-case name) is done whenever a number is known; the template
// actions put one header line right; the clean actions are done only when
// asked.
const (
	Number         Action = "number"          // stamp the document number; name the copy innovation-i-nnnn.docx
	StudyPeriod    Action = "study-period"    // STUDY PERIOD line of the meeting
	GroupLine      Action = "group-line"      // the FOCUS GROUP ON ... line
	PlaceDate      Action = "place-date"      // the meeting's place and date line
	English        Action = "english"         // "English only" and "Original: English"
	Note           Action = "note"            // restore the "Please don't change the structure" note
	TypeLine       Action = "type-line"       // the document type line (INPUT DOCUMENT)
	ContactEmail   Action = "contact-email"   // write the contact(s) given, with e-mail
	RemoveMacros   Action = "remove-macros"   // drop VBA: .docm -> .docx
	RemoveComments Action = "remove-comments" // drop comments
	RemovePersonal Action = "remove-personal" // drop author, last editor, company, manager
	AcceptChanges  Action = "accept-changes"  // accept tracked changes
)

// Template lists the actions that put the meeting's header lines right.
var Template = []Action{StudyPeriod, GroupLine, PlaceDate, English, Note, TypeLine}

// Clean lists the actions of a clean copy (accepting changes is separate).
var Clean = []Action{RemoveMacros, RemoveComments, RemovePersonal}

// byCode maps finding codes to the action that fixes them.
var byCode = map[string]Action{
	"NAME-PATTERN": Number, "NAME-CASE": Number, "NAME-EXT-MISMATCH": Number, "NUM-MISMATCH": Number, "NUM-MISSING": Number, "NUM-FORMAT": Number,
	"TPL-STUDY-PERIOD": StudyPeriod, "TPL-GROUP": GroupLine, "TPL-PLACE-DATE": PlaceDate, "TPL-ENGLISH-ONLY": English,
	"TPL-NOTE": Note, "TPL-TYPE-LINE": TypeLine, "TPL-DOCTYPE": TypeLine,
	"TPL-CONTACT-NONE": ContactEmail, "TPL-CONTACT-EMAIL": ContactEmail,
	"SEC-MACRO": RemoveMacros, "SEC-AUTOEXEC": RemoveMacros, "HYG-COMMENTS": RemoveComments,
	"HYG-METADATA": RemovePersonal, "HYG-TRACKED-CHANGES": AcceptChanges,
}

// For returns the action that fixes findings of the code, if there is one.
func For(code string) (Action, bool) {
	a, ok := byCode[code]
	return a, ok
}

// Label is a button's text for the action.
func (a Action) Label() string {
	switch a {
	case Number:
		return "Stamp number and rename"
	case StudyPeriod:
		return "Set study period"
	case GroupLine:
		return "Set group line"
	case PlaceDate:
		return "Set place and date"
	case English:
		return `Set "English only"`
	case Note:
		return "Restore the note"
	case TypeLine:
		return "Set document type line"
	case ContactEmail:
		return "Write contact e-mail"
	case RemoveMacros:
		return "Remove macros"
	case RemoveComments:
		return "Remove comments"
	case RemovePersonal:
		return "Remove personal properties"
	case AcceptChanges:
		return "Accept tracked changes"
	}
	return string(a)
}

// Options say what to fix.
type Options struct {
	// Profile is the meeting; required.
	Profile *meeting.Profile
	// Actions are the fixes asked for (Number is always done when a
	// number is known).
	Actions []Action
	// Fields are values to write into the header table: every non-empty
	// field (Number, Source, Title, WGs, Purpose, Abstract, Keywords, Type,
	// Contacts) replaces what the document has. When the document has no
	// header table, they fill the one inserted.
	Fields contribution.Model
	// Now stamps the entries written; zero means the current time.
	Now time.Time
}

func (o *Options) do(a Action) bool { return slices.Contains(o.Actions, a) }

// Result is a corrected copy and what was done to make it.
type Result struct {
	// Name is the copy's file name, innovation-i-nnnn.docx.
	Name string
	// Data is the copy.
	Data []byte
	// Changes lists what was changed, one line each, in order.
	Changes []string
	// NotDone lists fixes asked for that could not be made, with why.
	NotDone []string
	// Read holds the header fields found in the original (Body empty).
	Read contribution.Model
	// Missing lists the header fields the original did not have.
	Missing []string
	// Inserted is true when the FG header table was inserted.
	Inserted bool
}

// Errors of bad input; each is wrapped with the file's name.
var (
	ErrNotWord   = errors.New("not a Word document")
	ErrEncrypted = errors.New("the file is password-protected")
	ErrLegacy    = errors.New("legacy Word (.doc) file")
	ErrDamaged   = errors.New("damaged or unsafe file")
	ErrNoNumber  = errors.New("no document number")
	ErrActive    = errors.New("active content")
)

// refuseActive stops a copy that would carry active content on: macros
// (unless they are being removed), DDE fields, and content loaded from
// outside the file. The delegate removes those in Word.
func refuseActive(name string, f *inspect.Facts, opt *Options) error {
	if (len(f.Macros) > 0 || len(f.AutoExec) > 0) && !opt.do(RemoveMacros) {
		where := "auto-executing macros"
		if len(f.Macros) > 0 {
			where = f.Macros[0].Where
		}
		return fmt.Errorf("%s: %w: VBA macros (%s); run fix with --clean to remove them", name, ErrActive, where)
	}
	if len(f.DDE) > 0 {
		return fmt.Errorf("%s: %w: a DDE field in %s; delete the field in Word and save again", name, ErrActive, f.DDE[0].Where)
	}
	for _, r := range f.External {
		if !strings.HasSuffix(r.Type, "/hyperlink") {
			return fmt.Errorf("%s: %w: %s loads %s from outside the file; remove it in Word", name, ErrActive, r.Part, r.Target)
		}
	}
	return nil
}

// Bytes makes the corrected copy of the Word file data (named name, for
// messages). It never returns a partial result: on error, nothing.
func Bytes(name string, data []byte, opt Options) (*Result, error) {
	if opt.Profile == nil {
		return nil, fmt.Errorf("fix %s: no meeting profile", name)
	}
	facts := inspect.Bytes(context.Background(), name, data, inspect.Options{TextLimit: -1})
	switch {
	case facts.Kind == inspect.KindEncrypt || facts.Encrypted:
		return nil, fmt.Errorf("%s: %w; remove the password in Word (File > Info > Protect Document) and try again", name, ErrEncrypted)
	case facts.Kind == inspect.KindDOC:
		return nil, fmt.Errorf("%s: %w; save it as .docx in Word, or install LibreOffice so FG Desk can convert it", name, ErrLegacy)
	case !facts.Kind.IsWord():
		return nil, fmt.Errorf("%s: %w (it is %s)", name, ErrNotWord, kindName(facts.Kind))
	}
	for _, p := range facts.Problems {
		if p.Kind != inspect.ProbUnsupported {
			return nil, fmt.Errorf("%s: %w: %s: %s", name, ErrDamaged, p.Where, p.Detail)
		}
	}
	if err := refuseActive(name, facts, &opt); err != nil {
		return nil, err
	}
	pkg, err := ooxml.OpenBytes(data, ooxml.Limits{})
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %v", name, ErrDamaged, err)
	}
	if len(pkg.Issues) > 0 {
		return nil, fmt.Errorf("%s: %w: %v", name, ErrDamaged, pkg.Issues[0])
	}
	// Read every entry once through the bounded reader: a bomb, a size lie
	// or a bad CRC stops here, and Rewrite copies only verified entries.
	for _, e := range pkg.Entries {
		if e.IsDir() {
			continue
		}
		if _, err := e.ReadAll(); err != nil {
			return nil, fmt.Errorf("%s: %w: %v", name, ErrDamaged, err)
		}
	}
	content, err := docx.ReadPackage(pkg, docx.ReadOptions{TextLimit: -1})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, ErrNotWord)
	}
	for _, p := range content.Problems {
		if !errors.Is(p, ooxml.ErrNotFound) {
			return nil, fmt.Errorf("%s: %w: %v", name, ErrDamaged, p)
		}
	}
	e := &editor{name: name, pkg: pkg, opt: &opt, main: content.MainPart, content: content,
		replace: map[string][]byte{}, drop: map[string]bool{}}
	if err := e.run(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	var buf bytes.Buffer
	if err := ooxml.Rewrite(&buf, pkg, e.replace, e.drop, e.add, now); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	e.res.Data = buf.Bytes()
	return &e.res, nil
}

func kindName(k inspect.Kind) string {
	switch k {
	case "", inspect.KindUnknown:
		return "of no known type"
	case inspect.KindEmpty:
		return "empty"
	case inspect.KindText:
		return "plain text"
	}
	name := strings.ToUpper(string(k))
	if strings.ContainsRune("AEIOU", rune(name[0])) {
		return "an " + name + " file"
	}
	return "a " + name + " file"
}

// editor holds one run of fixes over one package.
type editor struct {
	name    string
	pkg     *ooxml.Package
	opt     *Options
	main    string
	content *docx.Content
	res     Result

	replace map[string][]byte // part -> new data
	drop    map[string]bool
	add     []ooxml.Part
	newRels []ooxml.Relationship // to add to the main part's rels
	newCT   map[string]string    // part -> content type overrides to add
}

// part returns the current data of a part (as edited so far).
func (e *editor) part(name string) ([]byte, bool) {
	if b, ok := e.replace[name]; ok {
		return b, true
	}
	ent := e.pkg.Lookup(name)
	if ent == nil {
		return nil, false
	}
	b, err := ent.ReadAll()
	if err != nil {
		return nil, false
	}
	return b, true
}

func (e *editor) changed(format string, a ...any) {
	e.res.Changes = append(e.res.Changes, fmt.Sprintf(format, a...))
}

func (e *editor) notDone(format string, a ...any) {
	e.res.NotDone = append(e.res.NotDone, fmt.Sprintf(format, a...))
}

func (e *editor) run() error {
	p := e.opt.Profile
	if e.content.Header != nil {
		e.res.Read = e.content.Header.Fields
	}
	e.res.Missing = missingFields(e.content.Header)
	number := strings.TrimSpace(e.opt.Fields.Number)
	if number == "" {
		number = e.res.Read.Number
	}
	if !p.ValidNumber(number) {
		what := "the document has none"
		if number != "" {
			what = fmt.Sprintf("%q is not %d digits", number, p.Digits())
		}
		return fmt.Errorf("%w (%s): give the number TSB sent you (--number %s); TSB gives numbers by e-mail to %s",
			ErrNoNumber, what, strings.Repeat("n", p.Digits()), p.TSB.Email)
	}
	e.opt.Fields.Number = number
	e.res.Name = p.FileName(number, ".docx")

	if err := e.cleanPackage(); err != nil {
		return err
	}
	if err := e.cleanStories(); err != nil {
		return err
	}
	if e.content.Header == nil {
		if err := e.insertHeader(); err != nil {
			return err
		}
	} else if err := e.fixHeader(); err != nil {
		return err
	}
	if err := e.fixPageHeaders(); err != nil {
		return err
	}
	if e.opt.do(RemovePersonal) {
		if err := e.removePersonal(); err != nil {
			return err
		}
	}
	return e.finishPackage()
}

// missingFields lists the header fields a document lacks.
func missingFields(h *docx.HeaderTable) []string {
	if h == nil {
		return []string{"header table"}
	}
	var out []string
	f := h.Fields
	for _, c := range []struct {
		name string
		ok   bool
	}{
		{"number", f.Number != ""}, {"source", f.Source != ""}, {"title", f.Title != ""},
		{"contact", len(f.Contacts) > 0}, {"contact e-mail", slices.ContainsFunc(f.Contacts, func(c contribution.Contact) bool { return c.Email != "" })},
		{"WG(s)", f.WGs != ""}, {"purpose", f.Purpose != ""}, {"abstract", f.Abstract != ""}, {"keywords", f.Keywords != ""},
		{"document type line", h.TypeLine != ""},
	} {
		if !c.ok {
			out = append(out, c.name)
		}
	}
	return out
}

// Read reads the header fields of a Word file (for the compose form) and
// lists the ones it could not find. The body is not read into the model:
// it stays the delegate's own.
func Read(name string, data []byte) (*contribution.Model, []string, error) {
	c, err := docx.ReadBytes(data, docx.ReadOptions{TextLimit: -1})
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w: %v", name, ErrNotWord, err)
	}
	m := &contribution.Model{}
	if c.Header != nil {
		*m = c.Header.Fields
	}
	if m.Title == "" {
		m.Title = strings.TrimSpace(c.Props.Title)
	}
	return m, missingFields(c.Header), nil
}
