package ooxml

import (
	"archive/zip"
	"encoding/binary"
	"errors"
	"io"
	"time"
	"unicode/utf8"
)

// The central directory, read as archive/zip's NewReader reads it: the
// same entries, the same header fields, the same errors (FuzzDirectory
// compares the two on arbitrary bytes). Its own reader exists because
// archive/zip allocates a File, a header buffer and a bufio.Reader per
// archive and walks each entry's local header again for every DataOffset;
// for a folder of small packages that was a quarter of all allocations.
// The logic follows archive/zip (Go 1.26, BSD licence) step by step.

// dirFile is one central-directory record.
type dirFile struct {
	zip.FileHeader
	headerOffset int64 // of the local header, base offset applied
}

// zipSource reads the archive: in place when it is in memory, else
// through r.
type zipSource struct {
	r    io.ReaderAt
	data []byte // the whole archive, or nil
	size int64
}

// readAt reads n bytes at off as r.ReadAt would (an in-memory archive
// answers as bytes.Reader does: io.EOF when fewer than n are there). In
// memory the bytes are the archive's own, else a new buffer.
func (s *zipSource) readAt(off int64, n int) ([]byte, error) {
	if s.data == nil {
		buf := make([]byte, n)
		m, err := s.r.ReadAt(buf, off)
		return buf[:m], err
	}
	if off < 0 {
		return nil, errors.New("bytes.Reader.ReadAt: negative offset")
	}
	if off >= int64(len(s.data)) {
		return nil, io.EOF
	}
	b := s.data[off:]
	if len(b) < n {
		return b, io.EOF
	}
	return b[:n:n], nil
}

// seqReader reads forward from an offset with io.ReadFull's results (EOF
// when nothing is left, ErrUnexpectedEOF when part of it is), as
// archive/zip's bufio.Reader over a SectionReader does.
type seqReader struct {
	src *zipSource
	off int64
	buf []byte // window for a source not in memory
	at  int64  // offset of buf[0]
}

var seqWindow = 64 << 10 // a variable so tests can make it small

func (q *seqReader) next(n int) ([]byte, error) {
	if n == 0 {
		return nil, nil
	}
	left := q.src.size - q.off
	if left <= 0 {
		return nil, io.EOF
	}
	if int64(n) > left {
		q.off = q.src.size
		return nil, io.ErrUnexpectedEOF
	}
	if d := q.src.data; d != nil {
		b := d[q.off : q.off+int64(n) : q.off+int64(n)]
		q.off += int64(n)
		return b, nil
	}
	if q.off < q.at || q.off+int64(n) > q.at+int64(len(q.buf)) {
		want := int(min(max(int64(n), int64(seqWindow)), left))
		if cap(q.buf) < want {
			q.buf = make([]byte, want)
		}
		m, err := q.src.r.ReadAt(q.buf[:want], q.off)
		q.buf, q.at = q.buf[:m], q.off
		if m < n {
			if err == nil || err == io.EOF {
				err = io.ErrUnexpectedEOF
				if m == 0 {
					err = io.EOF
				}
			}
			q.off += int64(m)
			return nil, err
		}
	}
	i := q.off - q.at
	q.off += int64(n)
	return q.buf[i : i+int64(n) : i+int64(n)], nil
}

// readDirectory returns the archive's central directory as
// zip.NewReader(r, size) would list it (ErrInsecurePath aside: names are
// checked by open).
func readDirectory(src *zipSource) ([]dirFile, error) {
	if src.size < 0 {
		return nil, errors.New("zip: size cannot be negative")
	}
	records, dirSize, dirOff, base, err := readDirectoryEnd(src)
	if err != nil {
		return nil, err
	}
	var files []dirFile
	if dirSize < uint64(src.size) && (uint64(src.size)-dirSize)/30 >= records {
		files = make([]dirFile, 0, records)
	}
	q := &seqReader{src: src, off: base + int64(dirOff)}
	for {
		// Read into a local header and keep it once it is one: the read
		// that ends the directory then does not grow files past records.
		var f dirFile
		err = readDirectoryHeader(&f, q)
		if err == zip.ErrFormat || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			return nil, err
		}
		f.headerOffset += base
		files = append(files, f)
	}
	if uint16(len(files)) != uint16(records) { // archive/zip compares 16 bits
		return nil, err
	}
	return files, nil
}

// readDirectoryEnd finds the end of central directory record (zip64 one
// included) and the base offset of the archive within the file.
func readDirectoryEnd(src *zipSource) (records, dirSize, dirOff uint64, base int64, err error) {
	var buf []byte
	var endOff int64
	for i, n := range []int64{1024, 65 * 1024} {
		n = min(n, src.size)
		b, err := src.readAt(src.size-n, int(n))
		if err != nil && err != io.EOF {
			return 0, 0, 0, 0, err
		}
		if int64(len(b)) < n { // a short read leaves zeroes in archive/zip's buffer
			b = append(b, make([]byte, n-int64(len(b)))...)
		}
		if p := findEOCD(b); p >= 0 {
			buf, endOff = b[p:], src.size-n+int64(p)
			break
		}
		if i == 1 || n == src.size {
			return 0, 0, 0, 0, zip.ErrFormat
		}
	}
	le := binary.LittleEndian
	b := buf[4:]
	records = uint64(le.Uint16(b[6:]))
	dirSize = uint64(le.Uint32(b[8:]))
	dirOff = uint64(le.Uint32(b[12:]))
	if l := int(le.Uint16(b[16:])); l > len(b)-18 {
		return 0, 0, 0, 0, errors.New("zip: invalid comment length")
	}
	if records == 0xffff || dirSize == 0xffff || dirOff == 0xffffffff {
		p, err := findDirectory64End(src, endOff)
		if err == nil && p >= 0 {
			endOff = p
			records, dirSize, dirOff, err = readDirectory64End(src, p)
		}
		if err != nil {
			return 0, 0, 0, 0, err
		}
	}
	if dirSize > 1<<63-1 || dirOff > 1<<63-1 {
		return 0, 0, 0, 0, zip.ErrFormat
	}
	base = endOff - int64(dirSize) - int64(dirOff)
	if o := base + int64(dirOff); o < 0 || o >= src.size {
		return 0, 0, 0, 0, zip.ErrFormat
	}
	// A non-zero base that a valid header at the plain offset
	// contradicts is taken as zero (archive/zip has seen such files).
	if base > 0 {
		var f dirFile
		if readDirectoryHeader(&f, &seqReader{src: src, off: int64(dirOff)}) == nil {
			base = 0
		}
	}
	return records, dirSize, dirOff, base, nil
}

func findDirectory64End(src *zipSource, endOff int64) (int64, error) {
	loc := endOff - eocd64LocLen
	if loc < 0 {
		return -1, nil
	}
	b, err := src.readAt(loc, eocd64LocLen)
	if err != nil {
		return -1, err
	}
	le := binary.LittleEndian
	if le.Uint32(b) != sigEOCD64Loc || le.Uint32(b[4:]) != 0 || le.Uint32(b[16:]) != 1 {
		return -1, nil
	}
	return int64(le.Uint64(b[8:])), nil
}

func readDirectory64End(src *zipSource, off int64) (records, dirSize, dirOff uint64, err error) {
	b, err := src.readAt(off, eocd64Len)
	if err != nil {
		return 0, 0, 0, err
	}
	le := binary.LittleEndian
	if le.Uint32(b) != sigEOCD64 {
		return 0, 0, 0, zip.ErrFormat
	}
	return le.Uint64(b[32:]), le.Uint64(b[40:]), le.Uint64(b[48:]), nil
}

// Extra field IDs archive/zip reads.
const (
	zip64ExtraID       = 0x0001
	ntfsExtraID        = 0x000a
	unixExtraID        = 0x000d
	extTimeExtraID     = 0x5455
	infoZipUnixExtraID = 0x5855
)

// readDirectoryHeader reads one header: io.ErrUnexpectedEOF when it is
// cut short, zip.ErrFormat when the signature is not there.
func readDirectoryHeader(f *dirFile, q *seqReader) error {
	h, err := q.next(dirHeaderLen)
	if err != nil {
		return err
	}
	le := binary.LittleEndian
	if le.Uint32(h) != sigDirHeader {
		return zip.ErrFormat
	}
	f.CreatorVersion = le.Uint16(h[4:])
	f.ReaderVersion = le.Uint16(h[6:])
	f.Flags = le.Uint16(h[8:])
	f.Method = le.Uint16(h[10:])
	f.ModifiedTime = le.Uint16(h[12:])
	f.ModifiedDate = le.Uint16(h[14:])
	f.CRC32 = le.Uint32(h[16:])
	f.CompressedSize = le.Uint32(h[20:])
	f.UncompressedSize = le.Uint32(h[24:])
	f.CompressedSize64 = uint64(f.CompressedSize)
	f.UncompressedSize64 = uint64(f.UncompressedSize)
	nameLen, extraLen, commentLen := int(le.Uint16(h[28:])), int(le.Uint16(h[30:])), int(le.Uint16(h[32:]))
	f.ExternalAttrs = le.Uint32(h[38:])
	f.headerOffset = int64(le.Uint32(h[42:]))
	d, err := q.next(nameLen + extraLen + commentLen)
	if err != nil {
		return err
	}
	f.Name = string(d[:nameLen])
	if extraLen > 0 {
		f.Extra = append([]byte(nil), d[nameLen:nameLen+extraLen]...)
	}
	if commentLen > 0 {
		f.Comment = string(d[nameLen+extraLen:])
	}

	valid1, require1 := detectUTF8(f.Name)
	valid2, require2 := detectUTF8(f.Comment)
	switch {
	case !valid1 || !valid2:
		f.NonUTF8 = true
	case !require1 && !require2:
		f.NonUTF8 = false
	default:
		f.NonUTF8 = f.Flags&0x800 == 0
	}

	needUSize := f.UncompressedSize == ^uint32(0)
	needCSize := f.CompressedSize == ^uint32(0)
	needOffset := f.headerOffset == int64(^uint32(0))
	var modified time.Time
parseExtras:
	for extra := f.Extra; len(extra) >= 4; {
		tag, size := le.Uint16(extra), int(le.Uint16(extra[2:]))
		extra = extra[4:]
		if len(extra) < size {
			break
		}
		field := extra[:size]
		extra = extra[size:]
		switch tag {
		case zip64ExtraID:
			// Each value is there only when its header field is maxed out.
			if needUSize {
				needUSize = false
				if len(field) < 8 {
					return zip.ErrFormat
				}
				f.UncompressedSize64, field = le.Uint64(field), field[8:]
			}
			if needCSize {
				needCSize = false
				if len(field) < 8 {
					return zip.ErrFormat
				}
				f.CompressedSize64, field = le.Uint64(field), field[8:]
			}
			if needOffset {
				needOffset = false
				if len(field) < 8 {
					return zip.ErrFormat
				}
				f.headerOffset, field = int64(le.Uint64(field)), field[8:]
			}
		case ntfsExtraID:
			if len(field) < 4 {
				continue parseExtras
			}
			field = field[4:] // reserved
			for len(field) >= 4 {
				attrTag, attrSize := le.Uint16(field), int(le.Uint16(field[2:]))
				field = field[4:]
				if len(field) < attrSize {
					continue parseExtras
				}
				attr := field[:attrSize]
				field = field[attrSize:]
				if attrTag != 1 || attrSize != 24 {
					continue
				}
				const ticksPerSecond = 1e7 // Windows timestamp resolution
				ts := int64(le.Uint64(attr))
				secs, nsecs := ts/ticksPerSecond, (1e9/ticksPerSecond)*(ts%ticksPerSecond)
				epoch := time.Date(1601, time.January, 1, 0, 0, 0, 0, time.UTC)
				modified = time.Unix(epoch.Unix()+secs, nsecs)
			}
		case unixExtraID, infoZipUnixExtraID:
			if len(field) < 8 {
				continue parseExtras
			}
			modified = time.Unix(int64(le.Uint32(field[4:])), 0)
		case extTimeExtraID:
			if len(field) < 5 || field[0]&1 == 0 {
				continue parseExtras
			}
			modified = time.Unix(int64(le.Uint32(field[1:])), 0)
		}
	}

	msdos := msDosTimeToTime(f.ModifiedDate, f.ModifiedTime)
	f.Modified = msdos
	if !modified.IsZero() {
		f.Modified = modified.UTC()
		if f.ModifiedTime != 0 || f.ModifiedDate != 0 {
			f.Modified = modified.In(timeZone(msdos.Sub(modified)))
		}
	}
	if needCSize || needOffset {
		return zip.ErrFormat
	}
	return nil
}

// bodyOffset is archive/zip's findBodyOffset: where the entry's data
// starts, after its local header.
func (s *zipSource) bodyOffset(headerOffset int64) (int64, error) {
	b, err := s.readAt(headerOffset, 30)
	if err != nil {
		return 0, err
	}
	le := binary.LittleEndian
	if le.Uint32(b) != 0x04034b50 {
		return 0, zip.ErrFormat
	}
	return 30 + int64(le.Uint16(b[26:])) + int64(le.Uint16(b[28:])), nil
}

func detectUTF8(s string) (valid, require bool) {
	for i := 0; i < len(s); {
		if c := s[i]; c >= 0x20 && c <= 0x7d && c != 0x5c {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r < 0x20 || r > 0x7d || r == 0x5c {
			if !utf8.ValidRune(r) || (r == utf8.RuneError && size == 1) {
				return false, false
			}
			require = true
		}
	}
	return true, require
}

func msDosTimeToTime(dosDate, dosTime uint16) time.Time {
	return time.Date(
		int(dosDate>>9+1980), time.Month(dosDate>>5&0xf), int(dosDate&0x1f),
		int(dosTime>>11), int(dosTime>>5&0x3f), int(dosTime&0x1f*2), 0,
		time.UTC)
}

func timeZone(offset time.Duration) *time.Location {
	const (
		minOffset   = -12 * time.Hour
		maxOffset   = +14 * time.Hour
		offsetAlias = 15 * time.Minute
	)
	offset = offset.Round(offsetAlias)
	if offset < minOffset || maxOffset < offset {
		offset = 0
	}
	return time.FixedZone("", int(offset/time.Second))
}
