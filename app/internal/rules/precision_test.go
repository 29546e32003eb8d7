package rules

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fgdesk/fgdesk/app/internal/contribution"
	"github.com/fgdesk/fgdesk/app/internal/docx"
	"github.com/fgdesk/fgdesk/app/internal/inspect"
	"github.com/fgdesk/fgdesk/app/internal/meeting"
)

// TestPrecisionLibreOffice: clean files that LibreOffice makes (a
// contribution from FG Desk's writer saved again as .docx and .doc and
// printed to PDF as `fgdesk export --pdf` does, a workbook saved as .xlsx
// and .xls, a presentation saved as .pptx) get no SEC-* finding at all,
// and the Word 97 copy is read like the .docx: the same header fields.
func TestPrecisionLibreOffice(t *testing.T) {
	if testing.Short() {
		t.Skip("converting with LibreOffice takes seconds")
	}
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice (LibreOffice) not installed; scripts/deps.sh test installs it")
	}
	dir := t.TempDir()
	m := &contribution.Model{Number: "0012", Source: "Example Networks Ltd (Finland)", Title: "A clean contribution made by LibreOffice",
		Purpose: contribution.Discussion, Abstract: "Short.", Keywords: "k", WGs: "WG1",
		Contacts: []contribution.Contact{{Name: "Maria Virtanen", Organization: "Example Networks Ltd", Country: "Finland", Email: "maria@example.com"}},
		Body:     "# Introduction\n\nSome *text* with a [link](https://www.itu.int/) and a table:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"}
	var buf bytes.Buffer
	if err := docx.Write(&buf, m, meeting.Default(), docx.WriteOptions{Now: time.Date(2012, 3, 1, 9, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(dir, "src", "innovation-i-0012.docx")
	csv := filepath.Join(dir, "src", "innovation-i-0012.csv")
	fodp := filepath.Join(dir, "src", "innovation-i-0012.fodp")
	os.MkdirAll(filepath.Dir(src), 0o755)
	for p, b := range map[string][]byte{src: buf.Bytes(), csv: []byte("Item,Count\nMeetings,3\nContributions,42\n"), fodp: []byte(flatODP)} {
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "out")
	profile := "-env:UserInstallation=file://" + filepath.Join(dir, "profile")
	convert := func(format, in string) string {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, soffice, profile, "--headless", "--convert-to", format, "--outdir", out, in)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("soffice --convert-to %s %s: %v\n%s", format, filepath.Base(in), err, b)
		}
		ext, _, _ := strings.Cut(format, ":")
		return filepath.Join(out, strings.TrimSuffix(filepath.Base(in), filepath.Ext(in))+"."+ext)
	}
	files := map[string]inspect.Kind{
		convert("docx:MS Word 2007 XML", src):                inspect.KindDOCX,
		convert("doc:MS Word 97", src):                       inspect.KindDOC,
		convert("pdf:writer_pdf_Export", src):                inspect.KindPDF,
		convert("xlsx:Calc MS Excel 2007 XML", csv):          inspect.KindXLSX,
		convert("xls:MS Excel 97", csv):                      inspect.KindXLS,
		convert("pptx:Impress MS PowerPoint 2007 XML", fodp): inspect.KindPPTX,
	}
	for path, kind := range files {
		f, err := inspect.File(context.Background(), path, inspect.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if f.Kind != kind {
			t.Errorf("%s: kind %s, want %s", filepath.Base(path), f.Kind, kind)
		}
		f.ModTime = onTime
		for _, fi := range Run(f, ctx()) {
			if strings.HasPrefix(fi.Code, "SEC-") || strings.HasPrefix(fi.Code, "FILE-") {
				t.Errorf("%s: false alarm %s [%s] %s", filepath.Base(path), fi.Code, fi.Where, fi.Message)
			}
		}
		if kind == inspect.KindDOC {
			h := f.Header
			if h == nil || h.Fields.Title != m.Title || h.Fields.Source != m.Source || len(h.Fields.Contacts) != 1 || h.Fields.Contacts[0].Email != "maria@example.com" || h.DocNumber != "innovation-i-0012" {
				t.Errorf("LibreOffice .doc header not read like the .docx: %+v\ntext %.600q", h, f.Text)
			}
			if !strings.Contains(f.Text, "Some text with a link and a table") {
				t.Errorf("LibreOffice .doc text: %.800q", f.Text)
			}
			for _, fi := range Run(f, ctx()) {
				if strings.HasPrefix(fi.Code, "TPL-") || strings.HasPrefix(fi.Code, "HYG-") && fi.Code != "HYG-METADATA" {
					t.Errorf(".doc: %s [%s] %s", fi.Code, fi.Where, fi.Message)
				}
			}
		}
	}
}

// flatODP is a one-slide presentation in OpenDocument's flat XML form.
const flatODP = `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.presentation">
<office:body><office:presentation><draw:page draw:name="Slide 1"><draw:frame svg:x="2cm" svg:y="2cm" svg:width="20cm" svg:height="3cm"><draw:text-box><text:p>FG Innovation: a clean slide</text:p></draw:text-box></draw:frame></draw:page></office:presentation></office:body></office:document>
`
