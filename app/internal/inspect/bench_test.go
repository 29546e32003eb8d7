package inspect

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fgdesk/fgdesk/app/internal/contribution"
	"github.com/fgdesk/fgdesk/app/internal/corpus/hostile"
	"github.com/fgdesk/fgdesk/app/internal/docx"
	"github.com/fgdesk/fgdesk/app/internal/meeting"
)

// typicalContribution writes, with the project's writer, a contribution
// of about 50 KB: ten sections of prose, a table, a list and one figure.
func typicalContribution(tb testing.TB) []byte {
	tb.Helper()
	dir := tb.TempDir()
	img := image.NewRGBA(image.Rect(0, 0, 160, 90))
	x := uint32(1)
	for i := range img.Pix {
		x = x*1664525 + 1013904223
		img.Pix[i] = byte(x >> 26) // a little noise, as in a screenshot
	}
	for y := 0; y < 90; y += 10 {
		for xx := 0; xx < 160; xx++ {
			img.Set(xx, y, color.RGBA{0, 0, 128, 255})
		}
	}
	var pngBuf bytes.Buffer
	png.Encode(&pngBuf, img)
	if err := os.WriteFile(filepath.Join(dir, "figure1.png"), pngBuf.Bytes(), 0o644); err != nil {
		tb.Fatal(err)
	}
	var body strings.Builder
	for s := 1; s <= 10; s++ {
		fmt.Fprintf(&body, "## %d Section %d\n\n", s, s)
		for p := 0; p < 4; p++ {
			fmt.Fprintf(&body, "Paragraph %d of section %d discusses how the focus group could bridge the gap between innovation and standards, "+
				"with *emphasis* on the roles of small companies, universities and **research centres**, and with a reference to [ITU-T A.7](https://www.itu.int/rec/T-REC-A.7). "+
				"The text goes on to consider timelines, deliverables, the Innovation Report and the workshop programme of 20-21 March 2012.\n\n", p+1, s)
		}
		if s == 3 {
			body.WriteString("| Milestone | Date | Owner |\n|---|---|---|\n| Innovation Report | January 2013 | FG |\n| Proposals for new work | January 2013 | FG |\n| WTSA-12 side event | November 2012 | TSB |\n\n")
		}
		if s == 5 {
			body.WriteString("- first point\n- second point\n- third point\n\n![Figure 1: the process](figure1.png)\n\n")
		}
	}
	m := &contribution.Model{Number: "0012", Source: "Nokia Siemens Networks", Title: "Proposed work plan for FG Innovation",
		WGs: "Plenary", Purpose: contribution.Discussion, Abstract: "This contribution proposes a work plan.", Keywords: "work plan; innovation",
		Contacts: []contribution.Contact{{Name: "Ajay Example", Organization: "Nokia Siemens Networks", Country: "Finland", Tel: "+358 40 123 4567", Email: "ajay@nsn.example.com"}},
		Body:     body.String()}
	var buf bytes.Buffer
	if err := docx.Write(&buf, m, meeting.Default(), docx.WriteOptions{BaseDir: dir, Now: time.Date(2012, 3, 1, 9, 0, 0, 0, time.UTC)}); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkInspectDocx inspects a typical contribution from memory.
func BenchmarkInspectDocx(b *testing.B) {
	data := typicalContribution(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	ctx := context.Background()
	for b.Loop() {
		f := Bytes(ctx, "innovation-i-0012.docx", data, Options{})
		if f.Header == nil || len(f.Problems) > 0 {
			b.Fatalf("header %v problems %v", f.Header, f.Problems)
		}
	}
}

// BenchmarkFloorDocx is the floor BenchmarkInspectDocx is measured
// against: inflating every entry of the same bytes with archive/zip into
// io.Discard.
func BenchmarkFloorDocx(b *testing.B) {
	data := typicalContribution(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		floor(b, data)
	}
}

// BenchmarkInspectDocxNoHash is BenchmarkInspectDocx without the SHA-256
// of the whole file (which the floor does not compute).
func BenchmarkInspectDocxNoHash(b *testing.B) {
	data := typicalContribution(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	ctx := context.Background()
	opt := Options{}.withDefaults()
	for b.Loop() {
		f := &Facts{Name: "innovation-i-0012.docx"}
		run(ctx, f, bytes.NewReader(data), int64(len(data)), opt, 0)
	}
}

func floor(tb testing.TB, data []byte) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		tb.Fatal(err)
	}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			tb.Fatal(err)
		}
		io.Copy(io.Discard, rc)
		rc.Close()
	}
}

// BenchmarkInspectBomb inspects the 1 GiB zip bomb and the size lie that
// hides one.
func BenchmarkInspectBomb(b *testing.B) {
	for _, build := range []func() (string, []byte){hostile.ZipBomb, hostile.SizeLie} {
		name, data := build()
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Bytes(context.Background(), name, data, Options{})
			}
		})
	}
}

func TestTypicalContributionSize(t *testing.T) {
	data := typicalContribution(t)
	t.Logf("typical contribution: %d bytes", len(data))
	if len(data) < 30<<10 || len(data) > 80<<10 {
		t.Errorf("typical contribution is %d bytes, not about 50 KB", len(data))
	}
}

// BenchmarkInspectVsFloor alternates the floor and inspection on the same
// bytes, so both see the same machine load, and reports inspection's time
// as a multiple of the floor's ("x-floor").
func BenchmarkInspectVsFloor(b *testing.B) {
	data := typicalContribution(b)
	ctx := context.Background()
	var tInspect, tFloor time.Duration
	for b.Loop() {
		t0 := time.Now()
		floor(b, data)
		t1 := time.Now()
		Bytes(ctx, "innovation-i-0012.docx", data, Options{})
		tFloor += t1.Sub(t0)
		tInspect += time.Since(t1)
	}
	b.ReportMetric(float64(tInspect)/float64(tFloor), "x-floor")
	b.ReportMetric(float64(tFloor.Nanoseconds())/float64(b.N), "floor-ns/op")
}
