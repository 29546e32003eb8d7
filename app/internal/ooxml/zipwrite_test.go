package ooxml

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"testing"
	"time"
)

func TestWritePackage(t *testing.T) {
	mod := time.Date(2012, 3, 1, 10, 30, 0, 0, time.FixedZone("CET", 3600))
	parts := []Part{
		{Name: "word/document.xml", Data: []byte("<d/>")},
		{Name: "_rels/.rels", Data: []byte("<r/>")},
		{Name: "word/media/image1.png", Data: []byte("png"), Store: true},
		{Name: ContentTypesName, Data: []byte("<t/>")},
	}
	var a, b bytes.Buffer
	if err := WritePackage(&a, mod, parts); err != nil {
		t.Fatal(err)
	}
	if err := WritePackage(&b, mod, parts); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two writes of the same parts differ")
	}
	zr, err := zip.NewReader(bytes.NewReader(a.Bytes()), int64(a.Len()))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{ContentTypesName, "_rels/.rels", "word/document.xml", "word/media/image1.png"}
	if len(zr.File) != len(want) {
		t.Fatalf("%d entries, want %d", len(zr.File), len(want))
	}
	for i, f := range zr.File {
		if f.Name != want[i] {
			t.Errorf("entry %d = %s, want %s", i, f.Name, want[i])
		}
		if !f.Modified.Equal(mod) {
			t.Errorf("%s modified %v, want %v", f.Name, f.Modified, mod)
		}
		if (f.Method == zip.Store) != (f.Name == "word/media/image1.png") {
			t.Errorf("%s method %d", f.Name, f.Method)
		}
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == "word/document.xml" && string(data) != "<d/>" {
			t.Errorf("document.xml = %q", data)
		}
	}
}

func TestWritePackageOldTime(t *testing.T) {
	var buf bytes.Buffer
	if err := WritePackage(&buf, time.Time{}, []Part{{Name: "a.xml", Data: []byte("<a/>")}}); err != nil {
		t.Fatal(err)
	}
	zr, _ := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if y := zr.File[0].Modified.Year(); y != 1980 {
		t.Errorf("year %d, want 1980", y)
	}
}

func TestWritePackageBadNames(t *testing.T) {
	for _, name := range []string{"", "/abs.xml", `a\b.xml`, "../x.xml", "a/../b.xml", "a//b.xml", "a/", "./a.xml"} {
		err := WritePackage(io.Discard, time.Now(), []Part{{Name: name}})
		if !errors.Is(err, ErrPartName) {
			t.Errorf("name %q: err = %v, want ErrPartName", name, err)
		}
	}
	err := WritePackage(io.Discard, time.Now(), []Part{{Name: "word/a.xml"}, {Name: "Word/A.xml"}})
	if !errors.Is(err, ErrPartName) {
		t.Errorf("duplicate: err = %v, want ErrPartName", err)
	}
}
