package hostile

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"time"
)

// Part is one zip entry to write.
type Part struct {
	Name string
	Data []byte
	// Store writes the entry uncompressed (default: deflate).
	Store bool
}

// fixedTime keeps every archive byte-for-byte deterministic.
var fixedTime = time.Date(2012, 3, 1, 10, 0, 0, 0, time.UTC)

// Zip writes the parts, in order, as a zip archive. Names are written as
// given: duplicates, "../" and backslashes included.
func Zip(parts ...Part) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		h := &zip.FileHeader{Name: p.Name, Method: zip.Deflate, Modified: fixedTime}
		if p.Store {
			h.Method = zip.Store
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			panic(err)
		}
		if _, err := w.Write(p.Data); err != nil {
			panic(err)
		}
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// RawEntry is a zip entry whose compressed bytes and header values are
// given as is, so a header can lie.
type RawEntry struct {
	Name             string
	Method           uint16
	Compressed       []byte
	CRC32            uint32
	UncompressedSize uint64
}

// ZipRaw writes entries with CreateRaw: the header says exactly what the
// RawEntry says, whatever the data is.
func ZipRaw(parts []Part, raw ...RawEntry) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p.Name, Method: zip.Deflate, Modified: fixedTime})
		if err != nil {
			panic(err)
		}
		w.Write(p.Data)
	}
	for _, r := range raw {
		w, err := zw.CreateRaw(&zip.FileHeader{
			Name: r.Name, Method: r.Method, Modified: fixedTime,
			CRC32: r.CRC32, CompressedSize64: uint64(len(r.Compressed)), UncompressedSize64: r.UncompressedSize,
		})
		if err != nil {
			panic(err)
		}
		w.Write(r.Compressed)
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// ZerosDeflate returns a raw deflate stream that inflates to n zero bytes
// (n a multiple of 1 MiB) and the CRC-32 of those bytes; see RunDeflate.
func ZerosDeflate(n int64) (stream []byte, crc uint32) {
	return RunDeflate(nil, 0, n, nil)
}

// RunDeflate returns a raw deflate stream that inflates to prefix, then n
// copies of the byte fill (n a multiple of 1 MiB), then suffix, and the
// CRC-32 of all that. It compresses one MiB of fill once and repeats the
// byte-aligned, non-final block sequence (each segment comes from a fresh
// compressor, so no segment refers to bytes before it): a 1 GiB stream
// costs about a megabyte and a fraction of a second.
func RunDeflate(prefix []byte, fill byte, n int64, suffix []byte) (stream []byte, crc uint32) {
	const mib = 1 << 20
	segment := func(b []byte) []byte {
		var buf bytes.Buffer
		fw, _ := flate.NewWriter(&buf, flate.BestCompression)
		fw.Write(b)
		fw.Flush() // ends with an empty stored block: byte aligned, not final
		return buf.Bytes()
	}
	run := bytes.Repeat([]byte{fill}, mib)
	one := segment(run)
	var out bytes.Buffer
	reps := n / mib
	out.Grow(int(reps)*len(one) + len(prefix) + len(suffix) + 64)
	if len(prefix) > 0 {
		out.Write(segment(prefix))
		crc = crc32.Update(crc, crc32.IEEETable, prefix)
	}
	for range reps {
		out.Write(one)
		crc = crc32.Update(crc, crc32.IEEETable, run)
	}
	if len(suffix) > 0 {
		out.Write(segment(suffix))
		crc = crc32.Update(crc, crc32.IEEETable, suffix)
	}
	out.Write([]byte{0x03, 0x00}) // final, empty fixed-Huffman block
	return out.Bytes(), crc
}

func deflate(b []byte) []byte {
	var buf bytes.Buffer
	fw, _ := flate.NewWriter(&buf, flate.DefaultCompression)
	fw.Write(b)
	fw.Close()
	return buf.Bytes()
}

// unzipParts reads back an archive this package wrote.
func unzipParts(b []byte) []Part {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		panic(err)
	}
	var out []Part
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			panic(err)
		}
		var buf bytes.Buffer
		buf.ReadFrom(rc)
		rc.Close()
		out = append(out, Part{Name: f.Name, Data: buf.Bytes()})
	}
	return out
}
