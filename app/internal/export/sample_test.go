package export

import (
	"bytes"
	"context"
	"flag"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// The sample draft shipped in testdata/ at the repository root, and the
// figure its body shows. The figure is made by sampleFigure; run
//
//	go test ./app/internal/export -run TestSampleFigure -update
//
// to write it again after changing the drawing.
var (
	sampleDir    = filepath.Join("..", "..", "..", "testdata")
	samplePath   = filepath.Join(sampleDir, "sample-draft.json")
	sampleFigure = filepath.Join(sampleDir, "figure1.png")
	update       = flag.Bool("update", false, "rewrite testdata/figure1.png")
	docsShot     = flag.Bool("docs", false, "rewrite docs/export-header.png (needs soffice and pdftoppm)")
)

// drawFigure draws Figure 1 of the sample: the four steps of a case study,
// as boxes joined by arrows.
func drawFigure() *image.Paletted {
	const w, h = 640, 200
	ink := color.RGBA{0x1f, 0x3a, 0x5f, 0xff}
	fill := color.RGBA{0xdd, 0xe8, 0xf4, 0xff}
	accent := color.RGBA{0x00, 0x90, 0xd0, 0xff}
	img := image.NewPaletted(image.Rect(0, 0, w, h), color.Palette{color.White, ink, fill, accent})
	rect := func(r image.Rectangle, c color.Color) {
		draw.Draw(img, r, image.NewUniform(c), image.Point{}, draw.Src)
	}
	text := func(x, y int, s string) {
		d := &font.Drawer{Dst: img, Src: image.NewUniform(ink), Face: basicfont.Face7x13, Dot: fixed.P(x, y)}
		d.DrawString(s)
	}
	centred := func(cx, y int, s string) { text(cx-len(s)*7/2, y, s) }

	centred(w/2, 24, "From innovation to standards: the four steps of a case study")
	steps := [][2]string{{"1 Describe", "the innovation"}, {"2 Map", "onto standards"}, {"3 Identify", "the gaps"}, {"4 Rate and", "propose work"}}
	const bw, bh, top = 120, 70, 60
	gap := (w - 4*bw) / 5
	for i, s := range steps {
		x := gap + i*(bw+gap)
		r := image.Rect(x, top, x+bw, top+bh)
		rect(r, ink)
		rect(r.Inset(2), fill)
		centred(x+bw/2, top+30, s[0])
		centred(x+bw/2, top+48, s[1])
		if i < len(steps)-1 {
			// Arrow to the next box.
			ax, ay := x+bw+6, top+bh/2
			rect(image.Rect(ax, ay-1, ax+gap-16, ay+2), accent)
			for k := 0; k < 7; k++ {
				rect(image.Rect(ax+gap-16+k, ay-6+k, ax+gap-15+k, ay+7-k), accent)
			}
		}
	}
	// The feedback loop: new work items go to the study groups.
	rect(image.Rect(gap+bw/2, top+bh+14, w-gap-bw/2+1, top+bh+16), accent)
	rect(image.Rect(gap+bw/2, top+bh, gap+bw/2+2, top+bh+16), accent)
	rect(image.Rect(w-gap-bw/2-1, top+bh, w-gap-bw/2+1, top+bh+16), accent)
	centred(w/2, top+bh+36, "new work items go to ITU-T study groups through TSAG")
	return img
}

// TestSampleFigure checks that testdata/figure1.png is what drawFigure
// draws (pixel for pixel), and writes it with -update or when missing.
func TestSampleFigure(t *testing.T) {
	want := drawFigure()
	if _, err := os.Stat(sampleFigure); *update || os.IsNotExist(err) {
		var buf bytes.Buffer
		if err := png.Encode(&buf, want); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(sampleFigure, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", sampleFigure)
	}
	f, err := os.Open(sampleFigure)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if got.Bounds() != want.Bounds() {
		t.Fatalf("figure is %v, want %v (run with -update)", got.Bounds(), want.Bounds())
	}
	for y := 0; y < want.Bounds().Dy(); y++ {
		for x := 0; x < want.Bounds().Dx(); x++ {
			r1, g1, b1, a1 := got.At(x, y).RGBA()
			r2, g2, b2, a2 := want.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 || a1 != a2 {
				t.Fatalf("pixel (%d,%d) differs from drawFigure (run with -update)", x, y)
			}
		}
	}
}

// TestDocsExportHeader makes docs/export-header.png, the README's picture of
// an export: the sample exported, converted to PDF by LibreOffice, and page
// 1 drawn at 70 dpi by pdftoppm. It runs only with -docs:
//
//	go test ./app/internal/export -run TestDocsExportHeader -docs
func TestDocsExportHeader(t *testing.T) {
	if !*docsShot {
		t.Skip("run with -docs to rewrite docs/export-header.png")
	}
	pdftoppm, err := exec.LookPath("pdftoppm")
	if err != nil {
		t.Fatal("pdftoppm not found (apt-get install poppler-utils)")
	}
	d := loadSample(t)
	dir := t.TempDir()
	path, err := Export(&d.Contribution, profile(t), dir, Options{BaseDir: d.ImageDir(samplePath), Now: when})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	pdf, err := PDF(ctx, path, dir)
	if err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(pdftoppm, "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", pdf, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	shot, err := os.ReadFile(filepath.Join(dir, "page.png"))
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join("..", "..", "..", "docs", "export-header.png")
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s", dst)
}
