package fix

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fgdesk/fgdesk/app/internal/contribution"
	"github.com/fgdesk/fgdesk/app/internal/corpus/hostile"
	"github.com/fgdesk/fgdesk/app/internal/docx"
)

// longContribution is an FG contribution of several pages, exported by
// FG Desk.
func longContribution(t *testing.T) []byte {
	t.Helper()
	var body strings.Builder
	for i := 0; i < 80; i++ {
		body.WriteString("Paragraph " + itoa(i) + " of a long contribution about bridging innovation and standards, long enough to fill a few lines on the page.\n\n")
	}
	m := &contribution.Model{Number: "0012", Source: "Example Labs", Title: "A long contribution", Purpose: contribution.Discussion,
		Contacts: []contribution.Contact{{Name: "Ana Silva", Email: "ana@example.org"}}, Body: body.String()}
	var b bytes.Buffer
	if err := docx.Write(&b, m, profile(t), docx.WriteOptions{Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// pageText renders a .docx with LibreOffice and returns the text of one
// page (pdftotext).
func pageText(t *testing.T, docxPath string, page int) string {
	t.Helper()
	pdf := convertWith(t, docxPath, "pdf", ".pdf")
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed: skipping the page render check")
	}
	out, err := exec.Command("pdftotext", "-layout", "-f", itoa(page), "-l", itoa(page), pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	// Layout mode spaces characters by their position: compare without
	// spaces.
	return strings.Join(strings.Fields(string(out)), "")
}

// From page 2 on a page header with the page number and the document
// number; none on page 1 (the header table is there).
func TestPageHeaderFromPage2(t *testing.T) {
	if soffice() == "" {
		t.Skip("LibreOffice (soffice) is not installed: skipping the page render check")
	}
	t.Run("export", func(t *testing.T) {
		path := writeTemp(t, "innovation-i-0012.docx", longContribution(t))
		p1, p2 := pageText(t, path, 1), pageText(t, path, 2)
		if !strings.Contains(p2, "-2-") || !strings.Contains(p2, "innovation-i-0012") {
			t.Errorf("page 2 lacks the page header:\n%.600s", p2)
		}
		if strings.Contains(p1, "-1-") {
			t.Errorf("page 1 has a page header:\n%.600s", p1)
		}
	})
	t.Run("inserted", func(t *testing.T) {
		parts := (&hostile.Doc{}).Parts()
		var body strings.Builder
		for i := 0; i < 80; i++ {
			body.WriteString(`<w:p><w:r><w:t>Paragraph ` + itoa(i) + ` of a plain report that has no FG header table at all, long enough to fill lines.</w:t></w:r></w:p>`)
		}
		for i := range parts {
			if parts[i].Name == "word/document.xml" {
				parts[i].Data = []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
					`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body.String() +
					`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`)
			}
		}
		_, path, _ := fixToDir(t, "report.docx", hostile.Zip(parts...), Options{Fields: contribution.Model{Number: "0031"}})
		p1, p2 := pageText(t, path, 1), pageText(t, path, 2)
		if !strings.Contains(p2, "-2-") || !strings.Contains(p2, "innovation-i-0031") {
			t.Errorf("page 2 lacks the page header:\n%.600s", p2)
		}
		if strings.Contains(p1, "-1-") || !strings.Contains(p1, "INTERNATIONALTELECOMMUNICATIONUNION") {
			t.Errorf("page 1:\n%.600s", p1)
		}
	})
}

// Files saved by LibreOffice, as .docx and as legacy .doc (converted
// back by fix through LibreOffice).
func TestLibreOfficeSaved(t *testing.T) {
	if soffice() == "" {
		t.Skip("LibreOffice (soffice) is not installed: skipping LibreOffice-saved inputs")
	}
	m := &contribution.Model{Number: "0012", Source: "Example Labs", Title: "Saved by LibreOffice", Purpose: contribution.Discussion,
		Contacts: []contribution.Contact{{Name: "Ana Silva", Email: "ana@example.org"}}, Body: "First paragraph.\n\nSecond paragraph."}
	var b bytes.Buffer
	if err := docx.Write(&b, m, profile(t), docx.WriteOptions{Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	src := writeTemp(t, "exported.docx", b.Bytes())
	for _, c := range []struct{ format, ext string }{{"docx:MS Word 2007 XML", ".docx"}, {"doc:MS Word 97", ".doc"}, {"odt", ".odt"}} {
		t.Run(c.ext, func(t *testing.T) {
			saved := convertWith(t, src, c.format, c.ext)
			data, err := os.ReadFile(saved)
			if err != nil {
				t.Fatal(err)
			}
			res, path, fs := fixToDir(t, "from-libreoffice"+c.ext, data, Options{Fields: contribution.Model{Number: "0055"}})
			if !Passes(fs) {
				t.Fatalf("pre-flight: %s\nchanges %q not done %q", codes(fs), res.Changes, res.NotDone)
			}
			h, _ := readHeader(t, path)
			if h.Header == nil || h.Header.DocNumber != "innovation-i-0055" || h.Header.Fields.Title != "Saved by LibreOffice" {
				t.Fatalf("header %+v", h.Header)
			}
			if !strings.Contains(h.Text, "Second paragraph.") {
				t.Error("body lost")
			}
			if c.ext != ".docx" && !strings.Contains(strings.Join(res.Changes, "\n"), "converted from "+c.ext) {
				t.Errorf("changes: %q", res.Changes)
			}
		})
	}
	_ = context.Background
}
