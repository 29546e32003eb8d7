package ooxml

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"reflect"
	"testing"
	"time"
)

// onlyReaderAt hides bytes.Reader's other methods, so the directory is
// read as from a file: through ReadAt, in windows.
type onlyReaderAt struct{ r io.ReaderAt }

func (o onlyReaderAt) ReadAt(p []byte, off int64) (int, error) { return o.r.ReadAt(p, off) }

// sameDirectory fails unless readDirectory lists data as zip.NewReader
// does: the same error, or the same entries with the same header fields
// and data offsets. inMemory picks the source (in place, or through
// ReadAt).
func sameDirectory(t *testing.T, data []byte, inMemory bool) {
	t.Helper()
	zr, werr := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if errors.Is(werr, zip.ErrInsecurePath) {
		werr = nil
	}
	src := zipSource{r: onlyReaderAt{bytes.NewReader(data)}, size: int64(len(data))}
	if inMemory {
		src = zipSource{r: bytes.NewReader(data), data: data, size: int64(len(data))}
	}
	got, gerr := readDirectory(&src)
	if fmt.Sprint(werr) != fmt.Sprint(gerr) {
		t.Fatalf("error: archive/zip %v, ours %v", werr, gerr)
	}
	if werr != nil {
		return
	}
	if len(got) != len(zr.File) {
		t.Fatalf("%d entries, archive/zip %d", len(got), len(zr.File))
	}
	for i, zf := range zr.File {
		w, g := zf.FileHeader, got[i].FileHeader
		if !bytes.Equal(w.Extra, g.Extra) {
			t.Fatalf("entry %d extra %x, archive/zip %x", i, g.Extra, w.Extra)
		}
		wn, wo := w.Modified.Zone()
		gn, gOff := g.Modified.Zone()
		if !w.Modified.Equal(g.Modified) || wn != gn || wo != gOff {
			t.Fatalf("entry %d modified %v, archive/zip %v", i, g.Modified, w.Modified)
		}
		w.Extra, g.Extra, w.Modified, g.Modified = nil, nil, time.Time{}, time.Time{}
		if !reflect.DeepEqual(w, g) {
			t.Fatalf("entry %d header\n ours %+v\n want %+v", i, g, w)
		}
		woff, werr := zf.DataOffset()
		goff, gerr := src.bodyOffset(got[i].headerOffset)
		goff += got[i].headerOffset
		if fmt.Sprint(werr) != fmt.Sprint(gerr) || (werr == nil && woff != goff) {
			t.Fatalf("entry %d data offset %d (%v), archive/zip %d (%v)", i, goff, gerr, woff, werr)
		}
	}
}

// zipWithExtras is a small archive whose entries carry the extra fields
// archive/zip reads: zip64 sizes and offset, NTFS, Unix and extended
// timestamps, a comment and a non-UTF-8 name.
func zipWithExtras(t testing.TB) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	le := binary.LittleEndian
	ext := func(tag uint16, body []byte) []byte {
		b := le.AppendUint16(nil, tag)
		b = le.AppendUint16(b, uint16(len(body)))
		return append(b, body...)
	}
	ntfs := le.AppendUint32(nil, 0)
	ntfs = le.AppendUint16(ntfs, 1)
	ntfs = le.AppendUint16(ntfs, 24)
	ntfs = le.AppendUint64(ntfs, 132000000000000000)
	ntfs = append(ntfs, make([]byte, 16)...)
	headers := []*zip.FileHeader{
		{Name: "a.xml", Method: zip.Deflate, Extra: ext(0x5455, append([]byte{1}, le.AppendUint32(nil, 1330000000)...))},
		{Name: "b.bin", Method: zip.Store, Extra: ext(0x000a, ntfs), Comment: "a comment"},
		{Name: "c\xff.txt", Method: zip.Store, Extra: ext(0x5855, le.AppendUint64(nil, 1330000000<<32|1330000000))},
		{Name: "d/", Method: zip.Store, NonUTF8: true},
	}
	for i, h := range headers {
		h.Modified = time.Date(2012, 3, 6, 16, 30, 0, 0, time.FixedZone("", 3600*i))
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(w, "entry %d", i)
	}
	zw.SetComment("archive comment")
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// zip64Directory rewrites the first central-directory record of b to
// keep its sizes and offset in a zip64 extra field.
func zip64Directory(b []byte) []byte {
	le := binary.LittleEndian
	i := bytes.Index(b, []byte("PK\x01\x02"))
	if i < 0 {
		return b
	}
	h := b[i : i+46]
	csize, usize, off := le.Uint32(h[20:]), le.Uint32(h[24:]), le.Uint32(h[42:])
	nameLen, extraLen := int(le.Uint16(h[28:])), int(le.Uint16(h[30:]))
	extra := le.AppendUint16(nil, 1)
	extra = le.AppendUint16(extra, 24)
	extra = le.AppendUint64(extra, uint64(usize))
	extra = le.AppendUint64(extra, uint64(csize))
	extra = le.AppendUint64(extra, uint64(off))
	out := append([]byte(nil), b[:i]...)
	nh := append([]byte(nil), h...)
	le.PutUint32(nh[20:], ^uint32(0))
	le.PutUint32(nh[24:], ^uint32(0))
	le.PutUint32(nh[42:], ^uint32(0))
	le.PutUint16(nh[30:], uint16(extraLen+len(extra)))
	out = append(out, nh...)
	out = append(out, b[i+46:i+46+nameLen+extraLen]...)
	out = append(out, extra...)
	out = append(out, b[i+46+nameLen+extraLen:]...)
	// The end record's directory size grows by the extra field.
	if j := bytes.LastIndex(out, []byte("PK\x05\x06")); j >= 0 {
		le.PutUint32(out[j+12:], le.Uint32(out[j+12:])+uint32(len(extra)))
	}
	return out
}

// directorySeeds are archives for the differential test and fuzz target;
// FuzzDirectory adds the hostile corpus's.
func directorySeeds(t testing.TB) [][]byte {
	x := zipWithExtras(t)
	return [][]byte{
		x, zip64Directory(x),
		append([]byte("prefix data before the archive"), x...), // a base offset
		x[:len(x)-3], x[:len(x)/2],
		[]byte("PK\x05\x06" + string(make([]byte, 18))),
		[]byte("PK\x05\x06\x00\x00\x00\x00\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x00\x00"),
		{},
	}
}

func TestDirectoryMatchesArchiveZip(t *testing.T) {
	for i, b := range directorySeeds(t) {
		for _, mem := range []bool{true, false} {
			t.Run(fmt.Sprintf("seed%d/mem=%v", i, mem), func(t *testing.T) { sameDirectory(t, b, mem) })
		}
	}
	// The zip64 seed must really be read through its extra field.
	b := zip64Directory(zipWithExtras(t))
	files, err := readDirectory(&zipSource{r: bytes.NewReader(b), data: b, size: int64(len(b))})
	if err != nil || len(files) != 4 || files[0].CompressedSize != ^uint32(0) || files[0].CompressedSize64 == uint64(^uint32(0)) {
		t.Fatalf("zip64 seed not read through its extra field: %v %+v", err, files)
	}
}
