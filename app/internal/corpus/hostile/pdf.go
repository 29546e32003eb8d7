package hostile

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
)

// zlibBytes compresses b as PDF's FlateDecode wants it (zlib format).
func zlibBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw := zlib.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// PDF writes a classic PDF (header, numbered objects, xref table,
// trailer) whose object n is objs[n-1]; object 1 is the catalog.
func PDF(objs ...string) []byte { return PDFWithTrailer("", objs...) }

// PDFWithTrailer is PDF with extra trailer entries, e.g. "/Info 5 0 R".
func PDFWithTrailer(trailer string, objs ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	x := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, trailer, x)
	return b.Bytes()
}

// StreamObj returns a stream object body with the given dictionary
// entries (without << >>) and data.
func StreamObj(dict string, data []byte) string {
	return fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data)
}

const pdfPage = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>"

var pdfContent = StreamObj("", []byte("0 0 m 100 100 l S"))

// CleanPDF is a one-page PDF with no active content.
func CleanPDF() []byte {
	return PDF("<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", pdfPage, pdfContent)
}

// PDFWithObjStm writes a PDF 1.5 whose catalog (object 1) and objects
// inStm are stored inside a Flate-compressed object stream, with a
// cross-reference stream; the other objects are plain. Objects are
// numbered from 1 in the order given.
func PDFWithObjStm(objs []string, inStm map[int]bool) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
	n := len(objs)
	stmNum, xrefNum := n+1, n+2
	type loc struct{ typ, a, b int }
	locs := make([]loc, n+3)
	locs[0] = loc{0, 0, 65535}
	// Object stream body.
	var hdr, body bytes.Buffer
	idx := 0
	for i, o := range objs {
		num := i + 1
		if !inStm[num] {
			continue
		}
		fmt.Fprintf(&hdr, "%d %d ", num, body.Len())
		body.WriteString(o + "\n")
		locs[num] = loc{2, stmNum, idx}
		idx++
	}
	first := hdr.Len()
	stm := append(hdr.Bytes(), body.Bytes()...)
	comp := zlibBytes(stm)
	for i, o := range objs {
		num := i + 1
		if inStm[num] {
			continue
		}
		locs[num] = loc{1, b.Len(), 0}
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", num, o)
	}
	locs[stmNum] = loc{1, b.Len(), 0}
	fmt.Fprintf(&b, "%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n", stmNum, idx, first, len(comp))
	b.Write(comp)
	b.WriteString("\nendstream\nendobj\n")
	locs[xrefNum] = loc{1, b.Len(), 0}
	var x []byte
	for _, l := range locs {
		x = append(x, byte(l.typ))
		x = binary.BigEndian.AppendUint32(x, uint32(l.a))
		x = binary.BigEndian.AppendUint16(x, uint16(l.b))
	}
	fmt.Fprintf(&b, "%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n", xrefNum, len(locs), len(x))
	b.Write(x)
	b.WriteString("\nendstream\nendobj\n")
	fmt.Fprintf(&b, "startxref\n%d\n%%%%EOF\n", locs[xrefNum].a)
	return b.Bytes()
}
