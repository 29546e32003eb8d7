package ooxml

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"testing"
	"time"
)

// Rewrite copies untouched entries raw (same compressed bytes), replaces,
// drops and adds parts, and refuses entries not read first.
func TestRewrite(t *testing.T) {
	var in bytes.Buffer
	parts := []Part{{Name: ContentTypesName, Data: []byte("<Types/>")}, {Name: "a.xml", Data: bytes.Repeat([]byte("<a/>"), 500)},
		{Name: "b.xml", Data: []byte("<b/>")}, {Name: "img.png", Data: []byte("PNG"), Store: true}}
	if err := WritePackage(&in, time.Date(2012, 1, 2, 3, 4, 5, 0, time.UTC), parts); err != nil {
		t.Fatal(err)
	}
	p, err := OpenBytes(in.Bytes(), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := Rewrite(&out, p, nil, nil, nil, time.Now()); !errors.Is(err, ErrMalformed) {
		t.Fatalf("unread entries copied: %v", err)
	}
	for _, e := range p.Entries {
		if _, err := e.ReadAll(); err != nil {
			t.Fatal(err)
		}
	}
	err = Rewrite(&out, p, map[string][]byte{"B.xml": []byte("<b2/>")}, map[string]bool{"img.png": true},
		[]Part{{Name: "c.xml", Data: []byte("<c/>")}}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := Rewrite(io.Discard, p, nil, nil, []Part{{Name: "A.XML"}}, time.Now()); !errors.Is(err, ErrPartName) {
		t.Fatalf("added a part twice: %v", err)
	}
	src, _ := zip.NewReader(bytes.NewReader(in.Bytes()), int64(in.Len()))
	dst, _ := zip.NewReader(bytes.NewReader(out.Bytes()), int64(out.Len()))
	raw := func(r *zip.Reader, name string) []byte {
		for _, f := range r.File {
			if f.Name == name {
				rc, _ := f.OpenRaw()
				b, _ := io.ReadAll(rc)
				return b
			}
		}
		return nil
	}
	read := func(r *zip.Reader, name string) string {
		rc, err := r.Open(name)
		if err != nil {
			return "<missing>"
		}
		b, _ := io.ReadAll(rc)
		return string(b)
	}
	if !bytes.Equal(raw(src, "a.xml"), raw(dst, "a.xml")) || raw(dst, "a.xml") == nil {
		t.Error("a.xml not copied raw")
	}
	if read(dst, "b.xml") != "<b2/>" || read(dst, "c.xml") != "<c/>" || read(dst, "img.png") != "<missing>" {
		t.Errorf("b %q c %q img %q", read(dst, "b.xml"), read(dst, "c.xml"), read(dst, "img.png"))
	}
}
