package assets

import (
	"bytes"
	"encoding/binary"
	"image/png"
	"regexp"
	"testing"
)

func TestIconSizes(t *testing.T) {
	if !regexp.MustCompile(`viewBox="0 0 512 512"`).Match(IconSVG()) {
		t.Error("SVG source lacks its 512 viewBox")
	}
	for _, s := range IconSizes {
		b, err := IconPNG(s)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("fgdesk-%d.png: %v", s, err)
		}
		if r := img.Bounds(); r.Dx() != s || r.Dy() != s {
			t.Errorf("fgdesk-%d.png is %v", s, r)
		}
		// Corners are transparent (rounded tile), the centre is not.
		if _, _, _, a := img.At(0, 0).RGBA(); a != 0 {
			t.Errorf("fgdesk-%d.png: corner is opaque", s)
		}
		if _, _, _, a := img.At(s/2, s/2).RGBA(); a == 0 {
			t.Errorf("fgdesk-%d.png: centre is transparent", s)
		}
	}
	big, _ := IconPNG(512)
	if !bytes.Equal(Icon(), big) {
		t.Error("fgdesk.png differs from fgdesk-512.png; run scripts/icons.sh")
	}
}

func TestICO(t *testing.T) {
	b, err := ICO()
	if err != nil {
		t.Fatal(err)
	}
	le := binary.LittleEndian
	if le.Uint16(b[0:]) != 0 || le.Uint16(b[2:]) != 1 {
		t.Fatalf("bad ICO header % x", b[:6])
	}
	n := int(le.Uint16(b[4:]))
	if n != 7 {
		t.Errorf("%d images, want 7 (16..256)", n)
	}
	for i := range n {
		e := b[6+16*i:]
		size, off := le.Uint32(e[8:]), le.Uint32(e[12:])
		if int(off+size) > len(b) || !bytes.HasPrefix(b[off:], []byte("\x89PNG")) {
			t.Errorf("entry %d points outside or not at a PNG", i)
		}
	}
}

func TestCJKFont(t *testing.T) {
	f := CJKFont()
	if len(f) < 500_000 || !bytes.HasPrefix(f, []byte{0, 1, 0, 0}) {
		t.Fatalf("CJK font is %d bytes, magic % x", len(f), f[:4])
	}
}
