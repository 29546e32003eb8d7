package ooxml

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/fgdesk/fgdesk/app/internal/inflate"
)

// Package is an untrusted zip archive (an OPC package or a plain zip)
// opened for bounded reading. Entries whose names are unsafe or duplicated
// are listed but cannot be looked up or read. A Package is safe for use by
// one goroutine at a time; its inflation budget is shared by all reads.
type Package struct {
	// Entries lists every central-directory entry in archive order,
	// including refused ones (their Issue is set).
	Entries []*Entry
	// Issues lists, in archive order, one error per refused entry; each
	// wraps ErrUnsafeName or ErrDuplicate.
	Issues []error

	lim      Limits
	src      zipSource // src.data is the whole archive, when opened with OpenBytes
	byName   map[string]*Entry
	rels     map[string]relsResult // ReadRelsPart results by name key
	inflated atomic.Int64
}

// Entry is one zip entry. Sizes are as the central directory declares them:
// reading never trusts them for allocation and reports a lie as ErrSizeLie.
type Entry struct {
	// Name is the entry name exactly as stored.
	Name string
	// Size and CompressedSize are the declared sizes.
	Size, CompressedSize int64
	// Method is the compression method (0 stored, 8 deflated).
	Method uint16
	// Modified is the entry's timestamp as stored.
	Modified time.Time
	// Issue is nil for a readable entry, otherwise the reason it was
	// refused (wrapping ErrUnsafeName or ErrDuplicate).
	Issue error

	pkg        *Package
	zf         *dirFile
	dataOffset int64 // of the stored bytes, once known; -1 before
	verified   bool
	readErr    error
}

// IsDir reports whether the entry is a directory (its name ends in "/").
func (e *Entry) IsDir() bool { return strings.HasSuffix(e.Name, "/") }

// Open opens an untrusted zip archive of the given size read from r. It
// fails with ErrTooLarge, ErrTooManyEntries or ErrMalformed (not a zip, or
// a broken directory); entry names are checked here (unsafe or duplicate
// entries go to Issues, not to an error), entry data only when read.
//
// Open counts the central directory before loading it (readDirectory, as
// archive/zip's NewReader would), so a directory of a million entries
// costs no memory. It
// does not rely on GODEBUG zipinsecurepath: names are checked here with
// filepath.IsLocal plus the backslash, drive-letter and control-character
// rules, whatever the setting, and refused entries are reported, never
// silently dropped.
func Open(r io.ReaderAt, size int64, lim Limits) (*Package, error) {
	return open(r, size, lim, nil)
}

// open is Open; data, if not nil, is the whole archive (r reads it).
func open(r io.ReaderAt, size int64, lim Limits, data []byte) (*Package, error) {
	lim = lim.OrDefault()
	if size > lim.MaxInput {
		return nil, fmt.Errorf("%d bytes, limit %d: %w", size, lim.MaxInput, ErrTooLarge)
	}
	if err := precount(r, size, lim, data); err != nil {
		return nil, err
	}
	src := zipSource{r: r, data: data, size: size}
	files, err := readDirectory(&src)
	if err != nil {
		return nil, fmt.Errorf("zip: %v: %w", err, ErrMalformed)
	}
	if len(files) > lim.MaxEntries { // precount should have caught it
		return nil, fmt.Errorf("%d entries, limit %d: %w", len(files), lim.MaxEntries, ErrTooManyEntries)
	}
	p := &Package{lim: lim, src: src, byName: make(map[string]*Entry, len(files))}
	p.Entries = make([]*Entry, len(files))
	entries := make([]Entry, len(files)) // one allocation for all
	for i := range files {
		zf := &files[i]
		e := &entries[i]
		*e = Entry{
			Name:           zf.Name,
			Size:           clampSize(zf.UncompressedSize64),
			CompressedSize: clampSize(zf.CompressedSize64),
			Method:         zf.Method,
			Modified:       zf.Modified,
			pkg:            p,
			zf:             zf,
			dataOffset:     -1,
		}
		p.Entries[i] = e
		if why := unsafeName(zf.Name); why != "" {
			e.Issue = &PartError{zf.Name, fmt.Errorf("entry %s: %s: %w", quote(zf.Name), why, ErrUnsafeName)}
			p.Issues = append(p.Issues, e.Issue)
			continue
		}
		key := nameKey(zf.Name)
		if first, dup := p.byName[key]; dup {
			e.Issue = &PartError{zf.Name, fmt.Errorf("entry %s repeats %s: %w", quote(zf.Name), quote(first.Name), ErrDuplicate)}
			p.Issues = append(p.Issues, e.Issue)
			continue
		}
		p.byName[key] = e
	}
	return p, nil
}

// OpenBytes opens an in-memory archive; see Open. Entries are read from
// b in place (b must not change while the Package is in use).
func OpenBytes(b []byte, lim Limits) (*Package, error) {
	return open(bytes.NewReader(b), int64(len(b)), lim, b)
}

// Limits returns the limits the package was opened with (defaults filled).
func (p *Package) Limits() Limits { return p.lim }

// Inflated returns the bytes inflated so far by all reads of the package.
func (p *Package) Inflated() int64 { return p.inflated.Load() }

func clampSize(n uint64) int64 {
	if n > 1<<62 {
		return 1 << 62
	}
	return int64(n)
}

// unsafeName says why an entry name is unsafe, or "" when it is fine.
func unsafeName(name string) string {
	switch {
	case name == "":
		return "empty name"
	case strings.Contains(name, `\`):
		return "backslash in name"
	case len(name) >= 2 && name[1] == ':' && isLetter(name[0]):
		return "drive letter in name"
	case strings.HasPrefix(name, "/"):
		return "absolute name"
	case strings.IndexFunc(name, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0:
		return "control character in name"
	case !filepath.IsLocal(filepath.FromSlash(strings.TrimSuffix(name, "/"))):
		return "name leaves the folder (..)"
	}
	return ""
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// nameKey is the lookup key of an entry or part name: no leading slash,
// cleaned, lower case (OPC part names compare case-insensitively).
func nameKey(name string) string {
	if clean, upper := plainName(name); clean && !upper {
		return name // already its own key
	}
	return slowNameKey(name)
}

// slowNameKey is nameKey by its definition.
func slowNameKey(name string) string {
	name = strings.TrimPrefix(name, "/")
	if name == "" {
		return ""
	}
	dir := strings.HasSuffix(name, "/")
	name = path.Clean(name)
	if dir {
		name += "/"
	}
	return strings.ToLower(name)
}

// plainName reports whether name is a clean ASCII name, its key but for
// upper case: not empty, no leading slash, no empty, "." or ".." segment
// (a trailing slash is kept), only ASCII; and whether it has upper case.
// For such a name, nameKey is its ASCII lower case.
func plainName[S ~string | ~[]byte](name S) (clean, upper bool) {
	if len(name) == 0 || name[0] == '/' {
		return false, false
	}
	seg := 0 // start of the current segment
	for i := 0; i < len(name); i++ {
		switch c := name[i]; {
		case c >= 0x80:
			return false, false
		case 'A' <= c && c <= 'Z':
			upper = true
		case c == '/':
			if badSegment(name[seg:i]) {
				return false, false
			}
			seg = i + 1
		}
	}
	if seg < len(name) && badSegment(name[seg:]) {
		return false, false
	}
	return true, upper
}

func badSegment[S ~string | ~[]byte](s S) bool {
	return len(s) == 0 || len(s) <= 2 && s[0] == '.' && s[len(s)-1] == '.'
}

// maxStackKey is the longest plain name whose key lookupKey builds on the
// stack.
const maxStackKey = 256

// lookupKey returns m[nameKey(name)] without allocating the key for a
// plain name (see plainName) of up to maxStackKey bytes.
func lookupKey[V any](m map[string]V, name string) (V, bool) {
	clean, upper := plainName(name)
	switch {
	case clean && !upper:
		v, ok := m[name]
		return v, ok
	case clean && len(name) <= maxStackKey:
		var buf [maxStackKey]byte
		v, ok := m[string(lowerASCII(buf[:len(name)], name))]
		return v, ok
	}
	v, ok := m[slowNameKey(name)]
	return v, ok
}

// Lookup returns the readable entry with the given name (case-insensitive,
// an OPC leading "/" allowed), or nil.
func (p *Package) Lookup(name string) *Entry {
	e, _ := lookupKey(p.byName, name)
	return e
}

// Has reports whether a readable entry with the name exists.
func (p *Package) Has(name string) bool { return p.Lookup(name) != nil }

// Open opens the named entry for bounded reading; see Entry.Open.
func (p *Package) Open(name string) (io.ReadCloser, error) {
	e := p.Lookup(name)
	if e == nil {
		return nil, fmt.Errorf("%s: %w", name, ErrNotFound)
	}
	return e.Open()
}

// ReadFile reads the named entry whole, within the limits.
func (p *Package) ReadFile(name string) ([]byte, error) {
	e := p.Lookup(name)
	if e == nil {
		return nil, fmt.Errorf("%s: %w", name, ErrNotFound)
	}
	return e.ReadAll()
}

// Open returns a reader of the entry's inflated bytes. The reader fails,
// as soon as the limit is crossed, with ErrBomb (past MaxPart, past the
// package's MaxTotal, or a ratio above MaxRatio past RatioFloor) or
// ErrSizeLie (more bytes than declared; at the end, fewer); at the end it
// also checks the CRC (ErrMalformed). Refused entries return their Issue.
func (e *Entry) Open() (io.ReadCloser, error) {
	if e.Issue != nil {
		return nil, e.Issue
	}
	rc, err := e.open()
	if err != nil {
		err = &PartError{e.Name, err}
		e.note(err)
	}
	return rc, err
}

// Verified reports whether the entry has been read to its end with every
// check passing (sizes, limits, CRC).
func (e *Entry) Verified() bool { return e.verified }

// ReadError returns the first error a read of the entry met (a limit,
// a size lie, damage), or nil.
func (e *Entry) ReadError() error { return e.readErr }

func (e *Entry) note(err error) {
	if e.readErr == nil && err != nil {
		e.readErr = err
	}
}

func (e *Entry) open() (io.ReadCloser, error) {
	if e.zf.Flags&0x1 != 0 {
		return nil, fmt.Errorf("entry %s is encrypted: %w", quote(e.Name), ErrUnsupported)
	}
	if lim := e.pkg.lim; e.Size > lim.MaxPart {
		return nil, fmt.Errorf("entry %s declares %d bytes inflated (part limit %d): %w", quote(e.Name), e.Size, lim.MaxPart, ErrBomb)
	} else if e.Size > lim.RatioFloor && e.Size > lim.MaxRatio*max(e.CompressedSize, 1) {
		return nil, fmt.Errorf("entry %s declares %d bytes from %d (ratio above %d:1): %w", quote(e.Name), e.Size, e.CompressedSize, lim.MaxRatio, ErrBomb)
	}
	r := &entryReader{e: e, lim: &e.pkg.lim}
	switch e.Method {
	case zip.Store:
		raw, err := e.raw(&r.mem)
		if err != nil {
			return nil, err
		}
		r.src = raw
	case zip.Deflate:
		b, err := e.rawBytes()
		var sec io.Reader
		if err == nil && b == nil {
			sec, err = e.section()
		}
		if err != nil {
			return nil, err
		}
		fr, _ := flatePool.Get().(*inflate.Reader)
		if fr == nil {
			fr = new(inflate.Reader)
		}
		if b != nil {
			fr.Reset(b) // in place
		} else {
			fr.ResetReader(sec)
		}
		r.src, r.flate = fr, fr
	default:
		return nil, fmt.Errorf("entry %s: compression method %d: %w", quote(e.Name), e.Method, ErrUnsupported)
	}
	return r, nil
}

// raw returns a reader of a stored entry's bytes: for an in-memory
// package mem, reset to them in place.
func (e *Entry) raw(mem *bytes.Reader) (io.Reader, error) {
	if b, err := e.rawBytes(); err != nil || b != nil {
		if err != nil {
			return nil, err
		}
		mem.Reset(b)
		return mem, nil
	}
	return e.section()
}

// section returns a reader of the entry's stored bytes in an archive read
// through its io.ReaderAt.
func (e *Entry) section() (io.Reader, error) {
	off, err := e.offset()
	if err != nil {
		return nil, fmt.Errorf("entry %s: %v: %w", quote(e.Name), err, ErrMalformed)
	}
	return io.NewSectionReader(e.pkg.src.r, off, int64(e.zf.CompressedSize64)), nil
}

// offset is where the entry's stored bytes start in the archive, as
// zip.File.DataOffset says (its local header is read once).
func (e *Entry) offset() (int64, error) {
	if e.dataOffset < 0 {
		n, err := e.pkg.src.bodyOffset(e.zf.headerOffset)
		if err != nil {
			return 0, err
		}
		e.dataOffset = e.zf.headerOffset + n
	}
	return e.dataOffset, nil
}

// rawBytes returns the entry's stored bytes in an in-memory package (nil
// otherwise), checked to lie within the archive.
func (e *Entry) rawBytes() ([]byte, error) {
	data := e.pkg.src.data
	if data == nil {
		return nil, nil
	}
	off, err := e.offset()
	if err != nil {
		return nil, fmt.Errorf("entry %s: %v: %w", quote(e.Name), err, ErrMalformed)
	}
	if off < 0 || off > int64(len(data)) || e.CompressedSize > int64(len(data))-off {
		return nil, fmt.Errorf("entry %s: data past the end of the archive: %w", quote(e.Name), ErrMalformed)
	}
	return data[off : off+e.CompressedSize : off+e.CompressedSize], nil
}

var flatePool sync.Pool

// ReadAll reads the whole entry. The buffer grows from the bytes actually
// inflated, never from the declared size.
func (e *Entry) ReadAll() ([]byte, error) {
	rc, err := e.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	var buf bytes.Buffer
	// A small initial guess bounded by what is plausible; growth is driven
	// by the data.
	buf.Grow(int(min(e.Size, 64<<10)))
	_, err = buf.ReadFrom(rc)
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ReadHead reads at most n bytes from the start of the entry (fewer if
// it is shorter). Only the bytes needed are inflated.
func (e *Entry) ReadHead(n int) ([]byte, error) {
	rc, err := e.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b := make([]byte, n)
	m, err := io.ReadFull(rc, b)
	if err == io.ErrUnexpectedEOF || err == io.EOF {
		err = nil
	}
	return b[:m], err
}

// Scan reads the entry to its end with every check of Open (limits, size
// lie, CRC), handing the inflated bytes to fn in order; a chunk is valid
// only during the call. A stored entry of an in-memory package is handed
// over in place, in one chunk, without a copy. If fn returns an error,
// Scan stops and returns it.
//
// Scan is for parts that are only verified or sniffed (media, embedded
// files, XML parts no reader parses): nothing is kept.
func (e *Entry) Scan(fn func([]byte) error) error {
	if e.Issue != nil {
		return e.Issue
	}
	if e.Method == zip.Store && e.pkg.src.data != nil && e.zf.Flags&0x1 == 0 {
		return e.scanStored(fn)
	}
	rc, err := e.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	bp := scanBufs.Get().(*[]byte)
	defer scanBufs.Put(bp)
	buf := *bp
	for {
		n, err := rc.Read(buf)
		if n > 0 {
			if ferr := fn(buf[:n]); ferr != nil {
				return ferr
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

var scanBufs = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

// scanStored is Scan for a stored entry of an in-memory package: the
// same checks as entryReader, on the bytes in place.
func (e *Entry) scanStored(fn func([]byte) error) error {
	fail := func(err error) error {
		err = &PartError{e.Name, err}
		e.note(err)
		return err
	}
	lim := e.pkg.lim
	if e.Size > lim.MaxPart {
		return fail(fmt.Errorf("entry %s declares %d bytes (part limit %d): %w", quote(e.Name), e.Size, lim.MaxPart, ErrBomb))
	}
	b, err := e.rawBytes()
	if err != nil {
		return fail(err)
	}
	n := int64(len(b))
	total := e.pkg.inflated.Add(n)
	switch {
	case n > e.Size:
		return fail(fmt.Errorf("entry %s inflates past the %d bytes its header declares: %w", quote(e.Name), e.Size, ErrSizeLie))
	case n < e.Size:
		return fail(fmt.Errorf("entry %s inflates to %d bytes, its header declares %d: %w", quote(e.Name), n, e.Size, ErrSizeLie))
	case total > lim.MaxTotal:
		return fail(fmt.Errorf("entries inflate past %d bytes in all (package limit) at %s: %w", lim.MaxTotal, quote(e.Name), ErrBomb))
	}
	if n > 0 {
		if err := fn(b); err != nil {
			return err
		}
	}
	if crc32.ChecksumIEEE(b) != e.zf.CRC32 && (e.zf.CRC32 != 0 || n != 0) {
		return fail(fmt.Errorf("entry %s: checksum error: %w", quote(e.Name), ErrMalformed))
	}
	e.verified = true
	return nil
}

type entryReader struct {
	e     *Entry
	lim   *Limits
	src   io.Reader
	flate *inflate.Reader
	crc   uint32
	n     int64
	err   error
	mem   bytes.Reader // the stored bytes of an in-memory entry (see raw)
}

func (r *entryReader) Read(b []byte) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	n, err := r.src.Read(b)
	r.n += int64(n)
	total := r.e.pkg.inflated.Add(int64(n))
	r.crc = crc32.Update(r.crc, crc32.IEEETable, b[:n])
	e, lim := r.e, r.lim
	switch {
	case r.n > e.Size:
		r.err = fmt.Errorf("entry %s inflates past the %d bytes its header declares: %w", quote(e.Name), e.Size, ErrSizeLie)
	case r.n > lim.MaxPart:
		r.err = fmt.Errorf("entry %s inflates past %d bytes (part limit): %w", quote(e.Name), lim.MaxPart, ErrBomb)
	case total > lim.MaxTotal:
		r.err = fmt.Errorf("entries inflate past %d bytes in all (package limit) at %s: %w", lim.MaxTotal, quote(e.Name), ErrBomb)
	case r.n > lim.RatioFloor && r.n > lim.MaxRatio*max(e.CompressedSize, 1):
		r.err = fmt.Errorf("entry %s inflates %d bytes from %d (ratio above %d:1): %w", quote(e.Name), r.n, e.CompressedSize, lim.MaxRatio, ErrBomb)
	case err == io.EOF:
		switch {
		case r.n < e.Size:
			r.err = fmt.Errorf("entry %s inflates to %d bytes, its header declares %d: %w", quote(e.Name), r.n, e.Size, ErrSizeLie)
		case r.crc != e.zf.CRC32 && (e.zf.CRC32 != 0 || r.n != 0):
			r.err = fmt.Errorf("entry %s: checksum error: %w", quote(e.Name), ErrMalformed)
		default:
			r.err = io.EOF
		}
	case err != nil:
		if errors.Is(err, io.ErrUnexpectedEOF) || isFlateError(err) {
			r.err = fmt.Errorf("entry %s: %v: %w", quote(e.Name), err, ErrMalformed)
		} else {
			r.err = fmt.Errorf("entry %s: %w", quote(e.Name), err)
		}
	}
	if r.err == io.EOF {
		e.verified = true
	} else if r.err != nil {
		r.err = &PartError{e.Name, r.err}
		e.note(r.err)
		return 0, r.err
	}
	return n, r.err
}

func isFlateError(err error) bool {
	var ce flate.CorruptInputError
	return errors.As(err, &ce)
}

func (r *entryReader) Close() error {
	if r.flate != nil {
		r.flate.Reset(nil) // the pool keeps no archive alive
		flatePool.Put(r.flate)
		r.flate = nil
	}
	if r.err == nil {
		r.err = errors.New("read after close")
	}
	return nil
}

// Central directory pre-count. readDirectory (like archive/zip) keeps
// every directory header it finds; precount walks the same headers first,
// without keeping any, and stops as soon as there are too many or they
// are too large in all.

const (
	eocdLen       = 22
	eocd64LocLen  = 20
	eocd64Len     = 56
	dirHeaderLen  = 46
	maxDirectory  = 8 << 20 // bytes of names, extras and comments in the central directory
	sigDirHeader  = 0x02014b50
	sigEOCD       = 0x06054b50
	sigEOCD64Loc  = 0x07064b50
	sigEOCD64     = 0x06064b50
	eocdSearchMax = 65 * 1024
)

func precount(r io.ReaderAt, size int64, lim Limits, data []byte) error {
	records, dirSize, dirOff, endOff, err := findEnd(r, size, data)
	if err != nil {
		return err
	}
	if records > uint64(lim.MaxEntries) {
		return fmt.Errorf("%d entries declared, limit %d: %w", records, lim.MaxEntries, ErrTooManyEntries)
	}
	// readDirectory (as archive/zip) starts at base+dirOff, or at dirOff when a header is
	// there; count from both and keep the worst.
	starts := []int64{int64(dirOff)}
	if base := endOff - int64(dirSize) - int64(dirOff); base > 0 {
		starts = append(starts, base+int64(dirOff))
	}
	for _, s := range starts {
		if s < 0 || s >= size {
			continue
		}
		if data != nil {
			if err := walkDirectoryBytes(data[s:], lim); err != nil {
				return err
			}
			continue
		}
		if err := walkDirectory(r, s, size, lim); err != nil {
			return err
		}
	}
	return nil
}

// findEnd reads the end of central directory record; data, if not nil,
// is the whole archive (r reads it).
func findEnd(r io.ReaderAt, size int64, data []byte) (records, dirSize, dirOff uint64, endOff int64, err error) {
	bad := func() error { return fmt.Errorf("not a zip archive (no end of central directory): %w", ErrMalformed) }
	if size < eocdLen {
		return 0, 0, 0, 0, bad()
	}
	var buf []byte
	for _, n := range []int64{1024, eocdSearchMax} {
		n = min(n, size)
		if data != nil && int64(len(data)) == size {
			buf = data[size-n:]
		} else {
			buf = make([]byte, n)
			if _, err := r.ReadAt(buf, size-n); err != nil && err != io.EOF {
				return 0, 0, 0, 0, fmt.Errorf("read: %w", err)
			}
		}
		if p := findEOCD(buf); p >= 0 {
			endOff = size - n + int64(p)
			buf = buf[p:]
			break
		}
		if n == size || n == eocdSearchMax {
			return 0, 0, 0, 0, bad()
		}
	}
	le := binary.LittleEndian
	records = uint64(le.Uint16(buf[10:]))
	dirSize = uint64(le.Uint32(buf[12:]))
	dirOff = uint64(le.Uint32(buf[16:]))
	if records == 0xffff || dirSize == 0xffff || dirOff == 0xffffffff {
		if loc := endOff - eocd64LocLen; loc >= 0 {
			var l [eocd64LocLen]byte
			if _, err := r.ReadAt(l[:], loc); err == nil && le.Uint32(l[:]) == sigEOCD64Loc && le.Uint32(l[4:]) == 0 && le.Uint32(l[16:]) == 1 {
				p := le.Uint64(l[8:])
				var e [eocd64Len]byte
				if p > uint64(size) {
					return 0, 0, 0, 0, fmt.Errorf("zip64 end record outside the file: %w", ErrMalformed)
				}
				if _, err := r.ReadAt(e[:], int64(p)); err != nil || le.Uint32(e[:]) != sigEOCD64 {
					return 0, 0, 0, 0, fmt.Errorf("bad zip64 end record: %w", ErrMalformed)
				}
				endOff = int64(p)
				records = le.Uint64(e[32:])
				dirSize = le.Uint64(e[40:])
				dirOff = le.Uint64(e[48:])
			}
		}
	}
	if dirSize > 1<<62 || dirOff > 1<<62 {
		return 0, 0, 0, 0, fmt.Errorf("central directory outside the file: %w", ErrMalformed)
	}
	return records, dirSize, dirOff, endOff, nil
}

func findEOCD(b []byte) int {
	for i := len(b) - eocdLen; i >= 0; i-- {
		if b[i] == 'P' && b[i+1] == 'K' && b[i+2] == 5 && b[i+3] == 6 {
			n := int(b[i+eocdLen-2]) | int(b[i+eocdLen-1])<<8
			if n+eocdLen+i > len(b) {
				return -1
			}
			return i
		}
	}
	return -1
}

func walkDirectory(r io.ReaderAt, start, size int64, lim Limits) error {
	br := bufio.NewReaderSize(io.NewSectionReader(r, start, size-start), 4096)
	var h [dirHeaderLen]byte
	count, bytes := 0, int64(0)
	for {
		if _, err := io.ReadFull(br, h[:]); err != nil {
			return nil
		}
		if binary.LittleEndian.Uint32(h[:]) != sigDirHeader {
			return nil
		}
		count++
		if count > lim.MaxEntries {
			return fmt.Errorf("more than %d entries: %w", lim.MaxEntries, ErrTooManyEntries)
		}
		n := int64(binary.LittleEndian.Uint16(h[28:])) + int64(binary.LittleEndian.Uint16(h[30:])) + int64(binary.LittleEndian.Uint16(h[32:]))
		bytes += dirHeaderLen + n
		if bytes > maxDirectory {
			return fmt.Errorf("central directory over %d bytes: %w", maxDirectory, ErrTooManyEntries)
		}
		if _, err := br.Discard(int(n)); err != nil {
			return nil
		}
	}
}

// walkDirectoryBytes is walkDirectory over an archive in memory.
func walkDirectoryBytes(b []byte, lim Limits) error {
	count, bytes := 0, int64(0)
	for len(b) >= dirHeaderLen && binary.LittleEndian.Uint32(b) == sigDirHeader {
		count++
		if count > lim.MaxEntries {
			return fmt.Errorf("more than %d entries: %w", lim.MaxEntries, ErrTooManyEntries)
		}
		n := int64(binary.LittleEndian.Uint16(b[28:])) + int64(binary.LittleEndian.Uint16(b[30:])) + int64(binary.LittleEndian.Uint16(b[32:]))
		bytes += dirHeaderLen + n
		if bytes > maxDirectory {
			return fmt.Errorf("central directory over %d bytes: %w", maxDirectory, ErrTooManyEntries)
		}
		if dirHeaderLen+n > int64(len(b)) {
			return nil
		}
		b = b[dirHeaderLen+n:]
	}
	return nil
}

// quote returns a name in double quotes for messages, with control
// characters and invalid UTF-8 escaped but backslashes kept as they are.
func quote(name string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(name); {
		r, size := utf8.DecodeRuneInString(name[i:])
		switch {
		case r == utf8.RuneError && size == 1, r < 0x20, r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, name[i])
		case r == '"':
			b.WriteString(`\"`)
		default:
			b.WriteString(name[i : i+size])
		}
		i += size
	}
	b.WriteByte('"')
	return b.String()
}
