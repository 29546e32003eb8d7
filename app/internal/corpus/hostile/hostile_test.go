package hostile

import (
	"archive/zip"
	"bytes"
	"io"
	"path"
	"strings"
	"testing"

	"github.com/richardlehane/mscfb"
)

func TestDeterministic(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range All() {
		n1, b1 := c.Build()
		n2, b2 := c.Build()
		if n1 != n2 || !bytes.Equal(b1, b2) {
			t.Errorf("%s: two builds differ", c.Class)
		}
		if seen[n1] {
			t.Errorf("%s: name %s used twice", c.Class, n1)
		}
		seen[n1] = true
		if !strings.HasPrefix(n1, "innovation-i-09") || path.Ext(n1) == "" || c.Expect == "" {
			t.Errorf("%s: name %q, expect %q", c.Class, n1, c.Expect)
		}
	}
}

func TestBombIsSmall(t *testing.T) {
	_, b := ZipBomb()
	if len(b) > 2<<20 {
		t.Errorf("zip bomb file is %d bytes", len(b))
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == "word/document.xml" && f.UncompressedSize64 < 1<<30 {
			t.Errorf("bomb declares %d bytes", f.UncompressedSize64)
		}
	}
}

func TestRunDeflate(t *testing.T) {
	// A small run, inflated with the standard library, checksum included.
	stream, crc := RunDeflate([]byte("<a>"), 'x', 2<<20, []byte("</a>"))
	b := ZipRaw(nil, RawEntry{Name: "a.xml", Method: 8, Compressed: stream, CRC32: crc, UncompressedSize: 2<<20 + 7})
	zr, _ := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	rc, err := zr.File[0].Open()
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) != 2<<20+7 || !bytes.HasPrefix(data, []byte("<a>xxx")) || !bytes.HasSuffix(data, []byte("xx</a>")) {
		t.Errorf("inflated %d bytes", len(data))
	}
}

func TestCFBReadsBack(t *testing.T) {
	big := bytes.Repeat([]byte("0123456789"), 1000) // over the mini stream cutoff
	b := CFB(Stream("small", []byte("hello")), Stream("big", big), Storage("S", Stream("inner", []byte("x"))))
	r, err := mscfb.New(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for f, err := r.Next(); err == nil; f, err = r.Next() {
		data, _ := io.ReadAll(f)
		got[strings.Join(append(f.Path, f.Name), "/")] = string(data)
	}
	if got["small"] != "hello" || got["big"] != string(big) || got["S/inner"] != "x" {
		t.Errorf("read back %d entries: small=%q inner=%q big=%d bytes", len(got), got["small"], got["S/inner"], len(got["big"]))
	}
}
