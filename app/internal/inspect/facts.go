package inspect

import (
	"time"

	"github.com/fgdesk/fgdesk/app/internal/contribution"
)

// Kind is a file's real type, decided from its content, never its name.
type Kind string

// Kinds inspect tells apart.
const (
	KindDOCX    Kind = "docx" // Word document, no macros
	KindDOCM    Kind = "docm" // Word document, macro-enabled content type
	KindDOTX    Kind = "dotx" // Word template
	KindDOTM    Kind = "dotm" // Word template, macro-enabled
	KindXLSX    Kind = "xlsx"
	KindXLSM    Kind = "xlsm"
	KindPPTX    Kind = "pptx"
	KindPPTM    Kind = "pptm"
	KindXLSB    Kind = "xlsb" // Excel binary workbook (always macro-capable)
	KindXLTX    Kind = "xltx"
	KindXLTM    Kind = "xltm"
	KindXLAM    Kind = "xlam" // Excel add-in, macro-enabled
	KindPOTX    Kind = "potx"
	KindPOTM    Kind = "potm"
	KindPPSX    Kind = "ppsx"
	KindPPSM    Kind = "ppsm"
	KindPPAM    Kind = "ppam"            // PowerPoint add-in, macro-enabled
	KindXPS     Kind = "xps"             // XML Paper Specification (and OpenXPS) document
	KindOOXML   Kind = "ooxml"           // an OPC package of another or unknown kind
	KindDOC     Kind = "doc"             // legacy Word (OLE, WordDocument stream)
	KindXLS     Kind = "xls"             // legacy Excel (OLE, Workbook/Book stream)
	KindPPT     Kind = "ppt"             // legacy PowerPoint (OLE, PowerPoint Document stream)
	KindOLE     Kind = "ole"             // another OLE compound file
	KindEncrypt Kind = "encrypted-ooxml" // OLE container with EncryptedPackage
	KindPDF     Kind = "pdf"
	KindRTF     Kind = "rtf"
	KindZIP     Kind = "zip" // a plain zip archive, not an OPC package
	KindODF     Kind = "odf" // an OpenDocument file (.odt, .ods, .odp): a zip with a mimetype entry
	KindSYLK    Kind = "slk" // SYLK spreadsheet (text records; can hold Excel 4.0 macros)
	KindText    Kind = "text"
	KindEmpty   Kind = "empty"
	KindUnknown Kind = "unknown"
)

// Extensions returns the file extensions that honestly name a kind, the
// first being the usual one. Unknown kinds return nil. The slice is
// shared: callers must not modify it.
func (k Kind) Extensions() []string { return kindExtensions[k] }

var kindExtensions = func() map[Kind][]string {
	m := map[Kind][]string{
		KindDOCX:    {".docx"},
		KindDOCM:    {".docm"},
		KindDOTX:    {".dotx"},
		KindDOTM:    {".dotm"},
		KindXLSX:    {".xlsx"},
		KindXLSM:    {".xlsm"},
		KindPPTX:    {".pptx"},
		KindPPTM:    {".pptm"},
		KindXPS:     {".xps", ".oxps"},
		KindDOC:     {".doc", ".dot"},
		KindXLS:     {".xls"},
		KindPPT:     {".ppt", ".pps"},
		KindEncrypt: {".docx", ".xlsx", ".pptx", ".docm", ".xlsm", ".pptm"},
		KindPDF:     {".pdf"},
		KindRTF:     {".rtf"},
		KindZIP:     {".zip"},
		KindODF:     {".odt", ".ods", ".odp", ".odg"},
		KindSYLK:    {".slk"},
		KindText:    {".txt", ".md"},
	}
	for _, k := range []Kind{KindXLSB, KindXLTX, KindXLTM, KindXLAM, KindPOTX, KindPOTM, KindPPSX, KindPPSM, KindPPAM} {
		m[k] = []string{"." + string(k)}
	}
	return m
}()

// IsWord reports whether the kind is a Word document the header reader
// understands (OOXML Word kinds, and Word 97-2003 .doc read from its
// piece table; Facts.WordUnread says when one could not be read).
func (k Kind) IsWord() bool {
	return k == KindDOCX || k == KindDOCM || k == KindDOTX || k == KindDOTM || k == KindDOC
}

// Facts is everything inspect learned about one file. Rules judge Facts and
// never touch the file, so a test can build Facts by hand.
type Facts struct {
	Path    string    `json:"path"`     // as given to inspect
	Name    string    `json:"name"`     // base name
	Size    int64     `json:"size"`     // bytes
	SHA256  string    `json:"sha256"`   // hex, of the whole file
	ModTime time.Time `json:"mod_time"` // file system modification time
	Kind    Kind      `json:"kind"`     // real type, from content
	MIME    string    `json:"mime"`     // mimetype's first guess, for reference

	// Header is the first-page header table of a Word file, nil if the file
	// is not a Word document or no header table was found.
	Header *Header `json:"header,omitempty"`
	// Text is the document's text (body, tables, content controls,
	// hyperlinks, headers, footers, footnotes), truncated at TextLimit.
	Text          string `json:"-"`
	TextTruncated bool   `json:"text_truncated,omitempty"`

	Props CoreProps `json:"props"`
	// WordUnread says why the text of a Word document could not be read
	// (an encrypted .doc, a missing table stream), empty when it was.
	WordUnread string `json:"word_unread,omitempty"`

	TrackedChanges int      `json:"tracked_changes,omitempty"` // w:ins + w:del + moves
	TrackedAuthors []string `json:"tracked_authors,omitempty"`
	Comments       int      `json:"comments,omitempty"`
	CommentAuthors []string `json:"comment_authors,omitempty"`

	// Macros lists where VBA was found: part names (vbaProject.bin anywhere,
	// a part with OLE magic, a macro-enabled content type).
	Macros []Indicator `json:"macros,omitempty"`
	// MacroEnabled lists parts whose content type is macro-enabled (a
	// .docm, .xlsm, .pptm, .xltm, .ppsm ... main part); it says what the
	// file type allows, not that code is in it (Macros and XLM say that).
	MacroEnabled []Indicator `json:"macro_enabled,omitempty"`
	// XLM lists Excel 4.0 macro sheets and XLM formulas: BIFF8 BoundSheet
	// records of macro type, xl/macrosheets/ parts, SYLK macro cells.
	XLM []Indicator `json:"xlm,omitempty"`
	// ExternalData lists content fetched from outside when the file is
	// opened or refreshed that is not a relationship: data connections,
	// web queries, frames, RTF linked objects.
	ExternalData []Indicator `json:"external_data,omitempty"`
	// Decrypted names the well-known default password the file was
	// decrypted with ("VelvetSweatshop"); what was found inside it is in
	// these facts.
	Decrypted string `json:"decrypted,omitempty"`
	// AutoExec lists auto-executing macro names found in VBA source
	// (AutoOpen, Document_Open, Workbook_Open, ...).
	AutoExec []string `json:"auto_exec,omitempty"`
	// External lists relationships with TargetMode="External" or a remote or
	// mhtml: target, from every .rels part.
	External []Relationship `json:"external,omitempty"`
	// DDE lists DDE/DDEAUTO field instructions (fldSimple or instrText,
	// joined across runs).
	DDE []Indicator `json:"dde,omitempty"`
	// OLEObjects lists embedded OLE objects and ActiveX controls.
	OLEObjects []Indicator `json:"ole_objects,omitempty"`
	// Encrypted is true for password-protected OOXML (an OLE container with
	// an EncryptedPackage stream) and encrypted PDFs.
	Encrypted bool `json:"encrypted,omitempty"`
	// Embedded lists files found inside a plain zip (name and kind), such
	// as a .docm inside a .zip.
	Embedded []Embedded `json:"embedded,omitempty"`
	// PDF holds PDF indicators, nil for other kinds.
	PDF *PDFFacts `json:"pdf,omitempty"`
	// Problems are structural troubles: a limit hit, an unsafe zip name, a
	// DOCTYPE, a part that could not be parsed. Inspection stops reading the
	// offending part (or the file) and records one Problem.
	Problems []Problem `json:"problems,omitempty"`
}

// TextLimit caps Facts.Text (bytes); language rules need a sample, not all.
const TextLimit = 4 << 20

// Indicator is one suspicious thing and where it is.
type Indicator struct {
	Where  string `json:"where"`  // part name or stream path
	Detail string `json:"detail"` // e.g. the field instruction, the ProgID
}

// Relationship is one entry of a .rels part.
type Relationship struct {
	Part   string `json:"part"` // the .rels part it came from
	ID     string `json:"id"`
	Type   string `json:"type"` // full relationship type URI
	Target string `json:"target"`
	// Mode is "External" when the relationship says so.
	Mode string `json:"mode,omitempty"`
}

// Embedded is a file inside a zip archive.
type Embedded struct {
	Name string `json:"name"`
	Kind Kind   `json:"kind"`
	// Macros is true when the embedded file carries VBA.
	Macros bool `json:"macros,omitempty"`
}

// ProblemKind classes structural problems so rules can map each to a code.
type ProblemKind string

// Problem kinds.
const (
	ProbTooLarge    ProblemKind = "too-large"   // file over the input limit
	ProbBomb        ProblemKind = "zip-bomb"    // inflation over a part/total limit or ratio
	ProbSizeLie     ProblemKind = "size-lie"    // an entry inflates past its declared size
	ProbTooMany     ProblemKind = "too-many"    // more zip entries than allowed
	ProbUnsafeName  ProblemKind = "unsafe-name" // ../, absolute or backslash name (zip slip)
	ProbDuplicate   ProblemKind = "duplicate"   // two entries with the same name (any case)
	ProbDoctype     ProblemKind = "doctype"     // a DOCTYPE in an XML part (entity expansion)
	ProbDepth       ProblemKind = "depth"       // XML nested past the depth limit
	ProbMalformed   ProblemKind = "malformed"   // a part or the container is broken
	ProbUnsupported ProblemKind = "unsupported" // a feature inspect cannot look inside
)

// Problem is one structural problem.
type Problem struct {
	Kind   ProblemKind `json:"kind"`
	Where  string      `json:"where"`
	Detail string      `json:"detail"`
}

// CoreProps are docProps/core.xml (and app.xml) values, or the OLE summary
// information of a legacy file.
type CoreProps struct {
	Title          string    `json:"title,omitempty"`
	Subject        string    `json:"subject,omitempty"`
	Creator        string    `json:"creator,omitempty"`
	LastModifiedBy string    `json:"last_modified_by,omitempty"`
	Created        time.Time `json:"created,omitempty"`
	Modified       time.Time `json:"modified,omitempty"`
	Revision       string    `json:"revision,omitempty"`
	Company        string    `json:"company,omitempty"`
	Manager        string    `json:"manager,omitempty"`
	Template       string    `json:"template,omitempty"`
	Application    string    `json:"application,omitempty"`
}

// Header is the header table of an FG document, read by label.
type Header struct {
	// Labels lists the labels found, in document order, normalised
	// ("Source", "Title", "Contact", "Abstract", "Keywords", "Purpose", ...).
	Labels []string `json:"labels"`

	DocNumber   string `json:"doc_number"`   // as printed, e.g. "innovation-i-0012"
	GroupLine   string `json:"group_line"`   // "FOCUS GROUP ON ..."
	StudyPeriod string `json:"study_period"` // "2009-2012" (from "STUDY PERIOD 2009-2012")
	EnglishOnly bool   `json:"english_only"` // "English only" present
	Original    string `json:"original"`     // language after "Original:"
	PlaceDate   string `json:"place_date"`   // "Geneva, 19 and 21 March 2012"
	TypeLine    string `json:"type_line"`    // "INPUT DOCUMENT"
	// NoteFound is true when the "Please don't/do not change the structure
	// of this table..." note is present (either spelling, either apostrophe).
	NoteFound bool `json:"note_found"`

	// Fields holds Source, Title, Contacts, WG(s), Purpose, Abstract and
	// Keywords as a contribution model, so the same field rules judge it.
	// Number holds the nnnn digits of DocNumber when they could be found.
	Fields contribution.Model `json:"fields"`
}

// PDFFacts are pdfid-style name counts and what a structural pass found.
type PDFFacts struct {
	// Names counts each suspicious name (key without the slash: "JS",
	// "JavaScript", "OpenAction", "AA", "Launch", "EmbeddedFile", "XFA",
	// "Encrypt", "ObjStm", "URI", "AcroForm", "RichMedia"), hex escapes
	// (#4A) decoded, from a raw scan of the file.
	Names map[string]int `json:"names"`
	// Structural lists names found by parsing the document's objects,
	// including inside object streams (where a raw scan cannot see), as
	// "Name@obj N".
	Structural []string `json:"structural,omitempty"`
	// Version is the header version, e.g. "1.7".
	Version string `json:"version,omitempty"`
	// Pages is the page count, 0 if unknown.
	Pages int `json:"pages,omitempty"`
	// OpenActionDests counts raw "/OpenAction [" occurrences: destinations
	// (open at a page), not actions; used only when the structural pass
	// failed.
	OpenActionDests int `json:"open_action_dests,omitempty"`
	// Structure is true when the structural pass read the document, so
	// Actions and Attachments are complete and the raw counts are only a
	// cross-check.
	Structure bool `json:"structure,omitempty"`
	// Actions lists the action dictionaries (a /S entry naming an action
	// type) the structural pass found. A destination (/OpenAction [1 0 R
	// /XYZ null null 0], "open at page 1") is not an action.
	Actions []PDFAction `json:"actions,omitempty"`
	// Attachments lists embedded files: file specifications with an /EF
	// stream (the EmbeddedFiles name tree, FileAttachment annotations).
	Attachments []Indicator `json:"attachments,omitempty"`
}

// PDFAction is one action dictionary of a PDF.
type PDFAction struct {
	Type string `json:"type"` // the /S value: JavaScript, Launch, URI, SubmitForm, GoToR, ...
	Obj  int    `json:"obj"`  // object it is in (or the object holding it inline)
	// Trigger is "OpenAction" or "AA/<event>" when the action runs by
	// itself (the document opens, a page opens, a field is focused);
	// empty for an action the reader must click (a link).
	Trigger string `json:"trigger,omitempty"`
	// Target is the URI, file or form address, when there is one.
	Target string `json:"target,omitempty"`
}
