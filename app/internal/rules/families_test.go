package rules

import (
	"strings"
	"testing"
	"time"

	"github.com/fgdesk/fgdesk/app/internal/inspect"
)

func TestNaming(t *testing.T) {
	runFamily(t, checkNaming, []famTest{
		{"clean", func(f *inspect.Facts, c *Context) {}, nil},
		{"upper case", func(f *inspect.Facts, c *Context) { f.Name = "Innovation-I-0012.docx" }, []string{"NAME-CASE"}},
		{"upper ext", func(f *inspect.Facts, c *Context) { f.Name = "innovation-i-0012.DOCX" }, []string{"NAME-CASE"}},
		{"spaces", func(f *inspect.Facts, c *Context) { f.Name = "innovation i 0012.docx" }, []string{"NAME-PATTERN"}},
		{"extra dot", func(f *inspect.Facts, c *Context) { f.Name = "innovation-i-0012.v2.docx" }, []string{"NAME-PATTERN"}},
		{"no number", func(f *inspect.Facts, c *Context) { f.Name = "contribution.docx"; f.Header = nil }, []string{"NAME-PATTERN"}},
		{"docm content named docx", func(f *inspect.Facts, c *Context) { f.Kind = inspect.KindDOCM }, []string{"NAME-EXT-MISMATCH"}},
		{"docm named docm", func(f *inspect.Facts, c *Context) { f.Kind = inspect.KindDOCM; f.Name = "innovation-i-0012.docm" }, []string{"NAME-EXT-NOT-ACCEPTED"}},
		{"rtf named doc", func(f *inspect.Facts, c *Context) { f.Kind = inspect.KindRTF; f.Name = "innovation-i-0012.doc" }, []string{"NAME-EXT-MISMATCH"}},
		{"docx named pdf", func(f *inspect.Facts, c *Context) { f.Name = "innovation-i-0012.pdf" }, []string{"NAME-EXT-MISMATCH"}},
		{"pdf", func(f *inspect.Facts, c *Context) { f.Kind = inspect.KindPDF; f.Name = "innovation-i-0012.pdf" }, nil},
		{"legacy doc", func(f *inspect.Facts, c *Context) { f.Kind = inspect.KindDOC; f.Name = "innovation-i-0012.doc" }, nil},
		{"odt", func(f *inspect.Facts, c *Context) { f.Kind = inspect.KindODF; f.Name = "innovation-i-0012.odt" }, []string{"NAME-EXT-NOT-ACCEPTED"}},
		{"encrypted docx", func(f *inspect.Facts, c *Context) { f.Kind = inspect.KindEncrypt }, nil},
		{"exe", func(f *inspect.Facts, c *Context) { f.Kind = inspect.KindUnknown; f.Name = "innovation-i-0012.exe" }, []string{"FILE-TYPE-UNKNOWN"}},
		{"empty", func(f *inspect.Facts, c *Context) { f.Kind = inspect.KindEmpty }, []string{"FILE-EMPTY"}},
	})
}

func TestSuggestName(t *testing.T) {
	c := ctx()
	tests := []struct {
		name string
		kind inspect.Kind
		want string
	}{
		{"Innovation_I-0012 (2).DOCX", inspect.KindDOCX, "innovation-i-0012.docx"},
		{"innovation-i-0012.doc", inspect.KindRTF, "innovation-i-0012.rtf"},
		{"my contribution.docx", inspect.KindDOCX, "innovation-i-0012.docx"}, // number from the header
		{"innovation-i-7.pdf", inspect.KindPDF, "innovation-i-0007.pdf"},
	}
	for _, tt := range tests {
		f := clean()
		f.Name, f.Kind = tt.name, tt.kind
		if got := SuggestName(f, c); got != tt.want {
			t.Errorf("SuggestName(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
	f := clean()
	f.Name, f.Header = "x.docx", nil
	if got := SuggestName(f, c); got != "" {
		t.Errorf("SuggestName without number = %q", got)
	}
}

func TestNumber(t *testing.T) {
	runFamily(t, checkNumber, []famTest{
		{"same", func(f *inspect.Facts, c *Context) {}, nil},
		{"mismatch", func(f *inspect.Facts, c *Context) { f.Name = "innovation-i-0013.docx" }, []string{"NUM-MISMATCH"}},
		{"mismatch in badly named file", func(f *inspect.Facts, c *Context) { f.Name = "Innovation_i_0013.docx" }, []string{"NUM-MISMATCH"}},
		{"no header number", func(f *inspect.Facts, c *Context) { f.Header.Fields.Number = "" }, nil},
		{"no header", func(f *inspect.Facts, c *Context) { f.Header = nil }, nil},
		{"no name number", func(f *inspect.Facts, c *Context) { f.Name = "x.docx" }, nil},
	})
}

func TestDeadline(t *testing.T) {
	zrh := ctx().Profile.Location()
	runFamily(t, checkDeadline, []famTest{
		{"on time by mtime", func(f *inspect.Facts, c *Context) {}, []string{"DEADLINE-OK"}},
		{"last second", func(f *inspect.Facts, c *Context) { f.ModTime = time.Date(2012, 3, 12, 23, 59, 59, 0, zrh) }, []string{"DEADLINE-OK"}},
		{"one second late", func(f *inspect.Facts, c *Context) { f.ModTime = time.Date(2012, 3, 13, 0, 0, 0, 0, zrh) }, []string{"DEADLINE-LATE"}},
		{"register wins over mtime", func(f *inspect.Facts, c *Context) {
			f.ModTime = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			c.ReceivedAt = onTime
		}, []string{"DEADLINE-OK"}},
		{"register late", func(f *inspect.Facts, c *Context) { c.ReceivedAt = time.Date(2012, 3, 14, 0, 0, 0, 0, time.UTC) }, []string{"DEADLINE-LATE"}},
		{"as-of before deadline clamps a new file", func(f *inspect.Facts, c *Context) {
			f.ModTime = time.Now()
			c.AsOf = onTime
		}, []string{"DEADLINE-OK"}},
		{"as-of after deadline", func(f *inspect.Facts, c *Context) {
			f.ModTime = time.Now()
			c.AsOf = time.Date(2012, 3, 13, 9, 0, 0, 0, zrh)
		}, []string{"DEADLINE-LATE"}},
		{"as-of later than mtime keeps mtime", func(f *inspect.Facts, c *Context) {
			c.AsOf = time.Date(2012, 3, 20, 0, 0, 0, 0, zrh)
		}, []string{"DEADLINE-OK"}},
	})
	f, c := clean(), ctx()
	c.AsOf = time.Date(2012, 3, 13, 9, 0, 0, 0, zrh)
	f.ModTime = time.Now()
	got := checkDeadline(f, c)[0]
	for _, want := range []string{"Tue 13 Mar 2012 09:00 CET", "(2012-03-13 08:00 UTC)", "9h 0m after", "Mon 12 Mar 2012 23:59 CET"} {
		if !strings.Contains(got.Message, want) {
			t.Errorf("message %q lacks %q", got.Message, want)
		}
	}
}

func TestTemplate(t *testing.T) {
	runFamily(t, checkTemplate, []famTest{
		{"clean", func(f *inspect.Facts, c *Context) {}, nil},
		{"no header", func(f *inspect.Facts, c *Context) { f.Header = nil }, []string{"TPL-NO-HEADER"}},
		{"pdf not checked", func(f *inspect.Facts, c *Context) { f.Kind = inspect.KindPDF; f.Header = nil }, []string{"TPL-NOT-CHECKED"}},
		{"word 97 read like docx", func(f *inspect.Facts, c *Context) { f.Kind = inspect.KindDOC }, nil},
		{"word 97 without a header", func(f *inspect.Facts, c *Context) { f.Kind = inspect.KindDOC; f.Header = nil }, []string{"TPL-NO-HEADER"}},
		{"word 97 encrypted", func(f *inspect.Facts, c *Context) {
			f.Kind, f.Header, f.WordUnread = inspect.KindDOC, nil, "it is encrypted"
		}, []string{"TPL-NOT-CHECKED"}},
		{"encrypted skipped", func(f *inspect.Facts, c *Context) { f.Kind = inspect.KindEncrypt; f.Header = nil }, nil},
		{"broken file skipped", func(f *inspect.Facts, c *Context) {
			f.Problems = []inspect.Problem{{Kind: inspect.ProbBomb}}
		}, nil},
		{"labels missing", func(f *inspect.Facts, c *Context) { f.Header.Labels = []string{"Title:", "Purpose"} }, []string{"TPL-LABELS"}},
		{"labels out of order", func(f *inspect.Facts, c *Context) {
			f.Header.Labels = []string{"Title", "Source", "Contact"}
		}, []string{"TPL-LABEL-ORDER"}},
		{"type line missing", func(f *inspect.Facts, c *Context) { f.Header.TypeLine = "" }, []string{"TPL-TYPE-LINE"}},
		{"type line odd", func(f *inspect.Facts, c *Context) { f.Header.TypeLine = "MEMO" }, []string{"TPL-TYPE-LINE"}},
		{"liaison ok", func(f *inspect.Facts, c *Context) { f.Header.TypeLine = "Liaison  Statement" }, nil},
		{"study period", func(f *inspect.Facts, c *Context) { f.Header.StudyPeriod = "2013-2016" }, []string{"TPL-STUDY-PERIOD"}},
		{"study period en dash", func(f *inspect.Facts, c *Context) { f.Header.StudyPeriod = "2009–2012" }, nil},
		{"not english only", func(f *inspect.Facts, c *Context) { f.Header.EnglishOnly = false }, []string{"TPL-ENGLISH-ONLY"}},
		{"original french", func(f *inspect.Facts, c *Context) { f.Header.Original = "French" }, []string{"TPL-ENGLISH-ONLY"}},
		{"place date", func(f *inspect.Facts, c *Context) { f.Header.PlaceDate = "Geneva, 1 June 2012" }, []string{"TPL-PLACE-DATE"}},
		{"group", func(f *inspect.Facts, c *Context) { f.Header.GroupLine = "FOCUS GROUP ON M2M" }, []string{"TPL-GROUP"}},
		{"note missing", func(f *inspect.Facts, c *Context) { f.Header.NoteFound = false }, []string{"TPL-NOTE"}},
		{"placeholder title", func(f *inspect.Facts, c *Context) { f.Header.Fields.Title = "[Title]" }, []string{"TPL-PLACEHOLDER"}},
		{"empty source", func(f *inspect.Facts, c *Context) { f.Header.Fields.Source = "" }, []string{"TPL-SOURCE-EMPTY"}},
		{"bad email", func(f *inspect.Facts, c *Context) {
			f.Header.Fields.Contacts[0].Email = "ana(at)example.com"
		}, []string{"TPL-CONTACT-EMAIL", "TPL-CONTACT-NONE"}},
		{"header number missing", func(f *inspect.Facts, c *Context) { f.Header.Fields.Number = "" }, []string{"NUM-MISSING"}},
		{"chinese title left to language family", func(f *inspect.Facts, c *Context) { f.Header.Fields.Title = "缩小创新到标准之间距离" }, nil},
	})
}

func TestLanguage(t *testing.T) {
	runFamily(t, checkLanguage, []famTest{
		{"english", func(f *inspect.Facts, c *Context) {}, nil},
		{"chinese title", func(f *inspect.Facts, c *Context) { f.Header.Fields.Title = "缩小创新到标准之间距离" }, []string{"LANG-NON-ENGLISH"}},
		{"chinese abstract", func(f *inspect.Facts, c *Context) {
			f.Header.Fields.Abstract = "本文稿提出创新报告的大纲。"
		}, []string{"LANG-NON-ENGLISH"}},
		{"chinese body", func(f *inspect.Facts, c *Context) {
			f.Text = strings.Repeat("焦点组将根据建议书确定的程序开展工作。", 20)
		}, []string{"LANG-NON-ENGLISH"}},
		{"english body quoting chinese", func(f *inspect.Facts, c *Context) {
			f.Text = strings.Repeat("The workshop was announced in Circular 253. ", 40) + "缩小创新到标准之间距离"
		}, nil},
		{"pdf body", func(f *inspect.Facts, c *Context) {
			f.Header = nil
			f.Text = strings.Repeat("Предложение по плану работы ", 10)
		}, []string{"LANG-NON-ENGLISH"}},
	})
	f, c := clean(), ctx()
	f.Text = strings.Repeat("焦点组", 30) + strings.Repeat("abc ", 10)
	got := checkLanguage(f, c)
	if len(got) != 1 || !strings.Contains(got[0].Message, "75% Han") {
		t.Errorf("share not measured: %v", got)
	}
}

func TestSecurity(t *testing.T) {
	rel := func(typ, target string) inspect.Relationship {
		return inspect.Relationship{Part: "word/_rels/document.xml.rels", ID: "rId9", Type: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/" + typ, Target: target, Mode: "External"}
	}
	runFamily(t, checkSecurity, []famTest{
		{"clean", func(f *inspect.Facts, c *Context) {}, nil},
		{"macro", func(f *inspect.Facts, c *Context) { f.Macros = []inspect.Indicator{{Where: "word/vbaProject.bin"}} }, []string{"SEC-MACRO"}},
		{"autoexec", func(f *inspect.Facts, c *Context) {
			f.Macros = []inspect.Indicator{{Where: "word/vbaProject.bin"}}
			f.AutoExec = []string{"AutoOpen"}
		}, []string{"SEC-AUTOEXEC", "SEC-MACRO"}},
		{"attached template", func(f *inspect.Facts, c *Context) {
			f.External = []inspect.Relationship{rel("attachedTemplate", "http://evil.example/t.dotm")}
		}, []string{"SEC-EXTERNAL-REL"}},
		{"mhtml ole", func(f *inspect.Facts, c *Context) {
			f.External = []inspect.Relationship{rel("oleObject", "mhtml:http://evil.example/x.html!x-usc:http://evil.example/x.html")}
		}, []string{"SEC-EXTERNAL-REL"}},
		{"web hyperlink fine", func(f *inspect.Facts, c *Context) {
			f.External = []inspect.Relationship{rel("hyperlink", "https://www.itu.int/"), rel("hyperlink", "mailto:a@b.c")}
		}, nil},
		{"file hyperlink", func(f *inspect.Facts, c *Context) {
			f.External = []inspect.Relationship{rel("hyperlink", `file:///C:/Windows/system32/calc.exe`)}
		}, []string{"SEC-LINK"}},
		{"dde", func(f *inspect.Facts, c *Context) {
			f.DDE = []inspect.Indicator{{Where: "word/document.xml", Detail: `DDEAUTO c:\\windows\\system32\\cmd.exe "/k calc"`}}
		}, []string{"SEC-DDE"}},
		{"ole object", func(f *inspect.Facts, c *Context) {
			f.OLEObjects = []inspect.Indicator{{Where: "word/embeddings/oleObject1.bin", Detail: "Package"}}
		}, []string{"SEC-OLE-OBJECT"}},
		{"activex", func(f *inspect.Facts, c *Context) {
			f.OLEObjects = []inspect.Indicator{{Where: "word/activeX/activeX1.xml"}}
		}, []string{"SEC-ACTIVEX"}},
		{"encrypted", func(f *inspect.Facts, c *Context) { f.Encrypted = true }, []string{"SEC-ENCRYPTED"}},
		{"docm in zip", func(f *inspect.Facts, c *Context) {
			f.Kind = inspect.KindZIP
			f.Embedded = []inspect.Embedded{{Name: "a.docx", Kind: inspect.KindDOCX}, {Name: "b.docm", Kind: inspect.KindDOCM, Macros: true}}
		}, []string{"SEC-MACRO"}},
		{"docm without macros in zip", func(f *inspect.Facts, c *Context) {
			f.Kind = inspect.KindZIP
			f.Embedded = []inspect.Embedded{{Name: "b.docm", Kind: inspect.KindDOCM}}
		}, []string{"SEC-MACRO-ENABLED"}},
		{"pdf js", func(f *inspect.Facts, c *Context) {
			f.PDF = &inspect.PDFFacts{Names: map[string]int{"JavaScript": 1, "JS": 1}}
		}, []string{"SEC-PDF-JS"}},
		{"pdf js in object stream", func(f *inspect.Facts, c *Context) {
			f.PDF = &inspect.PDFFacts{Names: map[string]int{"ObjStm": 1}, Structural: []string{"JavaScript@obj 7"}}
		}, []string{"SEC-PDF-JS"}},
		{"pdf launch openaction", func(f *inspect.Facts, c *Context) {
			f.PDF = &inspect.PDFFacts{Names: map[string]int{"Launch": 1, "OpenAction": 1}}
		}, []string{"SEC-PDF-LAUNCH", "SEC-PDF-OPENACTION"}},
		{"pdf attachments", func(f *inspect.Facts, c *Context) {
			f.PDF = &inspect.PDFFacts{Names: map[string]int{"EmbeddedFile": 2}}
		}, []string{"SEC-PDF-ACTIVE"}},
		{"pdf encrypted", func(f *inspect.Facts, c *Context) { f.PDF = &inspect.PDFFacts{Names: map[string]int{"Encrypt": 1}} }, []string{"SEC-ENCRYPTED"}},
		{"plain pdf", func(f *inspect.Facts, c *Context) {
			f.PDF = &inspect.PDFFacts{Names: map[string]int{"URI": 3, "ObjStm": 2}}
		}, nil},
		{"pdf open-at-page destination (LibreOffice)", func(f *inspect.Facts, c *Context) {
			f.PDF = &inspect.PDFFacts{Names: map[string]int{"OpenAction": 1, "URI": 2}, Structure: true, Structural: []string{"OpenAction@obj 39", "URI@obj 7"},
				Actions: []inspect.PDFAction{{Type: "URI", Obj: 7, Target: "https://www.itu.int/"}, {Type: "URI", Obj: 8, Target: "mailto:a@example.com"}}}
		}, nil},
		{"pdf destination, structure unread", func(f *inspect.Facts, c *Context) {
			f.PDF = &inspect.PDFFacts{Names: map[string]int{"OpenAction": 1}, OpenActionDests: 1}
		}, nil},
		{"pdf openaction javascript", func(f *inspect.Facts, c *Context) {
			f.PDF = &inspect.PDFFacts{Names: map[string]int{"OpenAction": 1}, Structure: true, Actions: []inspect.PDFAction{{Type: "JavaScript", Obj: 5, Trigger: "OpenAction"}}}
		}, []string{"SEC-PDF-OPENACTION"}},
		{"pdf openaction goto is harmless", func(f *inspect.Facts, c *Context) {
			f.PDF = &inspect.PDFFacts{Names: map[string]int{"OpenAction": 1}, Structure: true, Actions: []inspect.PDFAction{{Type: "GoTo", Obj: 5, Trigger: "OpenAction"}}}
		}, nil},
		{"pdf remote actions", func(f *inspect.Facts, c *Context) {
			f.PDF = &inspect.PDFFacts{Names: map[string]int{}, Structure: true, Actions: []inspect.PDFAction{{Type: "SubmitForm", Obj: 5, Target: "http://x.example/"}, {Type: "GoToE", Obj: 6}}}
		}, []string{"SEC-PDF-REMOTE"}},
		{"pdf file uri", func(f *inspect.Facts, c *Context) {
			f.PDF = &inspect.PDFFacts{Names: map[string]int{"URI": 1}, Structure: true, Actions: []inspect.PDFAction{{Type: "URI", Obj: 5, Target: "file:///C:/evil.exe"}}}
		}, []string{"SEC-PDF-URI"}},
		{"pdf attachment", func(f *inspect.Facts, c *Context) {
			f.PDF = &inspect.PDFFacts{Names: map[string]int{"EmbeddedFile": 1}, Structure: true, Attachments: []inspect.Indicator{{Where: "obj 9", Detail: "payload.exe"}}}
		}, []string{"SEC-PDF-ATTACHMENT"}},
		{"macro-enabled type without vba", func(f *inspect.Facts, c *Context) {
			f.Kind = inspect.KindDOCM
			f.MacroEnabled = []inspect.Indicator{{Where: "word/document.xml", Detail: "macro-enabled content type application/vnd.ms-word.document.macroEnabled.main+xml"}}
		}, []string{"SEC-MACRO-ENABLED"}},
		{"macro-enabled type with vba", func(f *inspect.Facts, c *Context) {
			f.Kind = inspect.KindDOCM
			f.MacroEnabled = []inspect.Indicator{{Where: "word/document.xml", Detail: "macro-enabled content type"}}
			f.Macros = []inspect.Indicator{{Where: "word/vbaProject.bin", Detail: "VBA project"}}
		}, []string{"SEC-MACRO"}},
		{"xlm macro sheet", func(f *inspect.Facts, c *Context) {
			f.XLM = []inspect.Indicator{{Where: "Workbook stream, sheet \"Macro1\"", Detail: "BoundSheet of type Excel 4.0 macro sheet"}}
		}, []string{"SEC-XLM-MACRO"}},
		{"external data", func(f *inspect.Facts, c *Context) {
			f.ExternalData = []inspect.Indicator{{Where: "xl/connections.xml", Detail: "web query http://x.example/q"}}
		}, []string{"SEC-EXTERNAL-DATA"}},
		{"default password", func(f *inspect.Facts, c *Context) { f.Decrypted = "VelvetSweatshop" }, []string{"SEC-DEFAULT-PASSWORD"}},
	})
	probs := map[inspect.ProblemKind]string{
		inspect.ProbTooLarge: "SEC-TOO-LARGE", inspect.ProbBomb: "SEC-ZIP-BOMB", inspect.ProbSizeLie: "SEC-ZIP-SIZE-LIE",
		inspect.ProbTooMany: "SEC-ZIP-ENTRIES", inspect.ProbUnsafeName: "SEC-ZIP-SLIP", inspect.ProbDuplicate: "SEC-ZIP-DUPLICATE",
		inspect.ProbDoctype: "SEC-XML-DOCTYPE", inspect.ProbDepth: "SEC-XML-DEPTH", inspect.ProbMalformed: "FILE-MALFORMED",
		inspect.ProbUnsupported: "FILE-UNSUPPORTED", "something-new": "FILE-MALFORMED",
	}
	var tests []famTest
	for k, code := range probs {
		tests = append(tests, famTest{string(k), func(f *inspect.Facts, c *Context) {
			f.Problems = []inspect.Problem{{Kind: k, Where: "word/document.xml", Detail: "limit hit"}}
		}, []string{code}})
	}
	runFamily(t, checkSecurity, tests)
}

func TestHygiene(t *testing.T) {
	runFamily(t, checkHygiene, []famTest{
		{"clean", func(f *inspect.Facts, c *Context) {}, nil},
		{"tracked", func(f *inspect.Facts, c *Context) { f.TrackedChanges = 3; f.TrackedAuthors = []string{"Bob"} }, []string{"HYG-TRACKED-CHANGES"}},
		{"comments", func(f *inspect.Facts, c *Context) { f.Comments = 1 }, []string{"HYG-COMMENTS"}},
		{"metadata", func(f *inspect.Facts, c *Context) { f.Props.Creator = "Jo Bloggs"; f.Props.Company = "Example" }, []string{"HYG-METADATA"}},
		{"metadata already in the header", func(f *inspect.Facts, c *Context) {
			f.Props.Creator = "Ana  Silva"
			f.Props.LastModifiedBy = "ana silva"
		}, nil},
		{"metadata, one name not in the header", func(f *inspect.Facts, c *Context) { f.Props.Creator = "Ana Silva"; f.Props.Manager = "Jo Bloggs" }, []string{"HYG-METADATA"}},
		{"metadata without a header", func(f *inspect.Facts, c *Context) { f.Header = nil; f.Props.Creator = "Ana Silva" }, []string{"HYG-METADATA"}},
	})
}
