package inspect

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Files made by real tools: LibreOffice converts a contribution written
// by our writer to .doc, .rtf, .odt and .pdf; python-docx (on Word's own
// default template) writes a hand-made header table.

func TestLibreOfficeConversions(t *testing.T) {
	if testing.Short() {
		t.Skip("converting with LibreOffice takes seconds")
	}
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice (LibreOffice) not installed")
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "innovation-i-0012.docx")
	if err := os.WriteFile(src, typicalContribution(t), 0o644); err != nil {
		t.Fatal(err)
	}
	profile := "file://" + filepath.Join(dir, "profile")
	tests := []struct {
		format string
		kind   Kind
	}{
		{"doc", KindDOC}, {"rtf", KindRTF}, {"odt", KindODF}, {"pdf", KindPDF},
	}
	for _, tt := range tests {
		cmd := exec.Command(soffice, "-env:UserInstallation="+profile, "--headless", "--convert-to", tt.format, "--outdir", dir, src)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("soffice --convert-to %s: %v\n%s", tt.format, err, out)
		}
		path := strings.TrimSuffix(src, ".docx") + "." + tt.format
		f, err := File(context.Background(), path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if f.Kind != tt.kind || len(f.Problems) > 0 || len(f.Macros) > 0 || len(f.DDE) > 0 || f.Encrypted {
			t.Errorf("%s: kind %s problems %+v macros %+v DDE %+v encrypted %v", tt.format, f.Kind, f.Problems, f.Macros, f.DDE, f.Encrypted)
		}
		switch tt.kind {
		case KindPDF:
			if f.PDF == nil || f.PDF.Pages < 1 || f.PDF.Names["JavaScript"] > 0 || f.PDF.Names["JS"] > 0 {
				t.Errorf("pdf facts %+v", f.PDF)
			}
		case KindDOC:
			if f.Props.Title == "" {
				t.Errorf("doc summary information not read: %+v", f.Props)
			}
		}
	}
}

const pythonDocx = `
import sys, docx
d = docx.Document()
t = d.add_table(rows=0, cols=3)
def row(*cells):
    r = t.add_row().cells
    for i, c in enumerate(cells):
        r[i].text = ""
        p = r[i].paragraphs[0]
        for j, line in enumerate(c.split("\n")):
            if j:
                p.add_run().add_break()
            p.add_run(line)
row("INTERNATIONAL TELECOMMUNICATION UNION", "", "innovation-i-0077")
row("STUDY PERIOD 2009-2012", "", "FOCUS GROUP ON BRIDGING THE GAP: FROM INNOVATION TO STANDARDS")
row("", "", "English only\nOriginal: English")
row("WG(s):", "WG2", "Geneva, 19 and 21 March 2012")
row("TEMPORARY DOCUMENT", "", "")
row("Source", "Example University", "")
row("Title", "A hand-made contribution", "")
row("Contact", "Ann Author\nExample University\nSweden", "Tel: +46 8 123\nE-mail: ann@example.edu")
row("Please don\u2019t change the structure of this table, just insert the necessary information.", "", "")
d.add_paragraph("Abstract: We made this in Word.")
d.add_paragraph("1 Introduction")
d.add_paragraph("Body text.")
d.core_properties.author = "Ann Author"
d.save(sys.argv[1])
`

func TestPythonDocx(t *testing.T) {
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		t.Skip("no /usr/bin/python3")
	}
	if err := exec.Command(py, "-c", "import docx").Run(); err != nil {
		t.Skip("python-docx not installed")
	}
	path := filepath.Join(t.TempDir(), "innovation-i-0077.docx")
	if out, err := exec.Command(py, "-c", pythonDocx, path).CombinedOutput(); err != nil {
		t.Fatalf("python-docx: %v\n%s", err, out)
	}
	f, err := File(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	h := f.Header
	if f.Kind != KindDOCX || h == nil || len(f.Problems) > 0 {
		t.Fatalf("kind %s header %+v problems %+v", f.Kind, h, f.Problems)
	}
	m := h.Fields
	if h.DocNumber != "innovation-i-0077" || m.Number != "0077" || h.StudyPeriod != "2009-2012" || !h.EnglishOnly || h.Original != "English" ||
		h.PlaceDate != "Geneva, 19 and 21 March 2012" || h.TypeLine != "TEMPORARY DOCUMENT" || !h.NoteFound ||
		m.Source != "Example University" || m.Title != "A hand-made contribution" || m.WGs != "WG2" || m.Abstract != "We made this in Word." ||
		len(m.Contacts) != 1 || m.Contacts[0].Email != "ann@example.edu" || m.Contacts[0].Country != "Sweden" || m.Contacts[0].Tel != "+46 8 123" {
		t.Errorf("header = %+v", h)
	}
	if f.Props.Creator != "Ann Author" {
		t.Errorf("props = %+v", f.Props)
	}
}
