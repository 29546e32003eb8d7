package export

import (
	"archive/zip"
	"context"
	"io"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestCJKRoundTrip: Chinese in the body and in a contact's organization
// survives LibreOffice's rendering to PDF (the styles name an East Asian
// font, so Word and LibreOffice pick a CJK face for those characters).
func TestCJKRoundTrip(t *testing.T) {
	d := loadSample(t)
	m := &d.Contribution
	const body = "关于创新与标准化之间差距的建议"
	const org = "中国信息通信研究院"
	m.Body = "# 引言\n\n" + body + "。\n\n" + m.Body
	m.Contacts[0].Organization = org
	dir := t.TempDir()
	path, err := Export(m, profile(t), dir, Options{BaseDir: d.ImageDir(samplePath), Now: when})
	if err != nil {
		t.Fatal(err)
	}
	zr := checkPackage(t, path)
	var styles string
	for _, f := range zr.File {
		if f.Name == "word/styles.xml" {
			styles = readZip(t, f)
		}
	}
	if !strings.Contains(styles, `w:eastAsia="SimSun"`) || !strings.Contains(styles, `w:eastAsia="zh-CN"`) {
		t.Errorf("styles.xml names no East Asian font or language")
	}

	if _, ok := SofficePath(); !ok {
		t.Skip("soffice not on PATH: " + PDFHint)
	}
	if testing.Short() {
		t.Skip("-short: LibreOffice takes seconds")
	}
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not installed (poppler-utils; scripts/deps.sh test)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	pdf, err := PDF(ctx, path, dir)
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.CommandContext(ctx, pdftotext, "-enc", "UTF-8", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := strings.Join(strings.Fields(string(out)), "")
	for _, want := range []string{"引言", body, org} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q:\n%.800s", want, text)
		}
	}
}

func readZip(t *testing.T, f *zip.File) string {
	t.Helper()
	rc, err := f.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
