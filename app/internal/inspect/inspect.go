package inspect

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gabriel-vasile/mimetype"

	"github.com/fgdesk/fgdesk/app/internal/ooxml"
)

// Options tune inspection. The zero value uses the design's limits.
type Options struct {
	// Limits bound what reading the file may cost; zero fields take the
	// defaults of ooxml.DefaultLimits.
	Limits ooxml.Limits
	// PDFTimeout bounds the structural PDF pass; 0 means 10 seconds.
	PDFTimeout time.Duration
	// TextLimit caps Facts.Text; 0 means TextLimit.
	TextLimit int
}

// DefaultPDFTimeout bounds the structural PDF pass when Options.PDFTimeout
// is zero.
const DefaultPDFTimeout = 10 * time.Second

// inMemory is the size up to which File reads a file into memory in one
// go; larger files are read in place through io.ReaderAt.
const inMemory = 16 << 20

// maxList caps every list of indicators and problems in Facts.
const maxList = 200

func (o Options) withDefaults() Options {
	o.Limits = o.Limits.OrDefault()
	if o.PDFTimeout <= 0 {
		o.PDFTimeout = DefaultPDFTimeout
	}
	if o.TextLimit == 0 {
		o.TextLimit = TextLimit
	}
	return o
}

// File inspects the file at path. It opens the file read-only and never
// writes to it. The error is non-nil only when the file cannot be opened
// or read at all (missing, a folder, no permission, cancelled); everything
// wrong inside the file becomes a Facts.Problems entry.
func File(ctx context.Context, path string, opt Options) (*Facts, error) {
	opt = opt.withDefaults()
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("stat %s: %w", path, err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("inspect %s: not a regular file", path)
	}
	facts := &Facts{Path: path, Name: filepath.Base(path), Size: st.Size(), ModTime: st.ModTime()}
	if st.Size() <= inMemory {
		data, sum, err := readHashed(ctx, f, getFileBuf(), st.Size())
		defer putFileBuf(data)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", path, err)
		}
		if len(data) <= inMemory {
			facts.Size = int64(len(data))
			facts.SHA256 = hex.EncodeToString(sum)
			run(ctx, facts, memAt(data), int64(len(data)), opt, 0)
			return facts, nil
		}
		// The file grew while we read it: fall through to the streaming path.
		facts.Size, _ = f.Seek(0, io.SeekEnd)
	}
	h := sha256.New()
	if _, err := io.Copy(h, &ctxReader{ctx: ctx, r: io.NewSectionReader(f, 0, 1<<62)}); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	facts.SHA256 = hex.EncodeToString(h.Sum(nil))
	run(ctx, facts, f, facts.Size, opt, 0)
	return facts, nil
}

// fileBufs keeps the buffers File reads whole files into, one per worker
// in use, up to 8: unlike a sync.Pool it is not emptied by every garbage
// collection, so a run over a folder reuses the same few buffers instead
// of zeroing a fresh one per file. Buffers above maxPooledFile are left to
// the GC.
var fileBufs = make(chan []byte, min(runtime.GOMAXPROCS(0), 8))

const (
	maxPooledFile = 4 << 20
	readChunk     = 256 << 10
)

func getFileBuf() []byte {
	select {
	case b := <-fileBufs:
		return b[:0]
	default:
		return nil
	}
}

func putFileBuf(b []byte) {
	if cap(b) == 0 || cap(b) > maxPooledFile {
		return
	}
	select {
	case fileBufs <- b[:0]:
	default:
	}
}

// readHashed reads r to its end into buf, at most inMemory+1 bytes,
// hashing each chunk with SHA-256 as it arrives (while it is in the
// cache). size is the expected size: a hint for the buffer, which grows
// from the bytes actually read.
func readHashed(ctx context.Context, r io.Reader, buf []byte, size int64) ([]byte, []byte, error) {
	h := sha256.New()
	if want := int(min(size, inMemory) + 1); cap(buf) < want {
		buf = make([]byte, 0, want)
	}
	for len(buf) <= inMemory {
		if err := ctx.Err(); err != nil {
			return buf, nil, err
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)] // grow
		}
		end := min(cap(buf), len(buf)+readChunk, inMemory+1)
		n, err := r.Read(buf[len(buf):end])
		h.Write(buf[len(buf) : len(buf)+n])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return buf, nil, err
		}
	}
	return buf, h.Sum(nil), nil
}

// memAt is an io.ReaderAt over a file held in memory; inspectZip reads
// such a file's entries in place.
type memAt []byte

func (m memAt) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("negative offset")
	}
	if off >= int64(len(m)) {
		return 0, io.EOF
	}
	n := copy(p, m[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// Bytes inspects a file held in memory; name is its file name (it may be
// a path). It never fails: every problem is in Facts.Problems.
func Bytes(ctx context.Context, name string, data []byte, opt Options) *Facts {
	opt = opt.withDefaults()
	sum := sha256.Sum256(data)
	facts := &Facts{Path: name, Name: filepath.Base(name), Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:])}
	run(ctx, facts, memAt(data), int64(len(data)), opt, 0)
	return facts
}

// ctxReader stops reading when the context is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(b []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(b)
}

// Magic numbers.
var (
	magicZip   = []byte("PK\x03\x04")
	magicZipE  = []byte("PK\x05\x06")
	magicZipS  = []byte("PK\x07\x08")
	magicOLE   = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	magicPDF   = []byte("%PDF-")
	magicRTF   = []byte(`{\rt`)
	utf8BOM    = []byte{0xEF, 0xBB, 0xBF}
	utf16LEBOM = []byte{0xFF, 0xFE}
	utf16BEBOM = []byte{0xFE, 0xFF}
)

const (
	headSize    = 3072 // bytes mimetype and the sniffers look at
	pdfHeadSpan = 1024 // "%PDF-" must start within these bytes
)

// run fills facts from the content. depth is 0 for the file itself and 1
// for a file inside a zip archive. It returns the bytes inflated from zip
// entries on the way.
func run(ctx context.Context, f *Facts, ra io.ReaderAt, size int64, opt Options, depth int) (inflated int64) {
	defer func() {
		if r := recover(); r != nil {
			// A bug in a parser must not take the checker down with it.
			f.problem(ProbMalformed, f.Name, fmt.Sprintf("internal error while inspecting: %v", r))
		}
	}()
	if size == 0 {
		f.Kind = KindEmpty
		f.MIME = "inode/x-empty"
		return 0
	}
	head := make([]byte, min(size, int64(headSize)))
	n, _ := ra.ReadAt(head, 0)
	head = head[:n]
	f.MIME = mimetype.Detect(head).String()
	if size > opt.Limits.MaxInput {
		f.Kind = sniff(head)
		f.problem(ProbTooLarge, f.Name, fmt.Sprintf("the file is %s; FG Desk reads files up to %s", humanBytes(size), humanBytes(opt.Limits.MaxInput)))
		return 0
	}
	switch {
	case bytes.HasPrefix(head, magicZip), bytes.HasPrefix(head, magicZipE), bytes.HasPrefix(head, magicZipS):
		return inspectZip(ctx, f, ra, size, opt, depth)
	case bytes.HasPrefix(head, magicOLE):
		inspectOLE(ctx, f, ra, size, opt, depth)
	case bytes.Contains(head[:min(len(head), pdfHeadSpan)], magicPDF):
		inspectPDF(ctx, f, ra, size, opt)
	case bytes.HasPrefix(head, magicRTF):
		f.Kind = KindRTF
		inspectRTF(f, ra, size)
	case bytes.HasPrefix(head, magicSYLK):
		f.Kind = KindSYLK
		inspectText(f, ra, size, opt)
	case isText(head):
		f.Kind = KindText
		inspectText(f, ra, size, opt)
	default:
		// A zip with something in front of it (a self-extracting archive)
		// still opens as a zip.
		if _, err := ooxml.Open(ra, size, opt.Limits); err == nil {
			return inspectZip(ctx, f, ra, size, opt, depth)
		}
		f.Kind = KindUnknown
	}
	return 0
}

// sniff guesses a kind from the first bytes only.
func sniff(head []byte) Kind {
	switch {
	case len(head) == 0:
		return KindEmpty
	case bytes.HasPrefix(head, magicZip):
		return KindZIP
	case bytes.HasPrefix(head, magicOLE):
		return KindOLE
	case bytes.Contains(head[:min(len(head), pdfHeadSpan)], magicPDF):
		return KindPDF
	case bytes.HasPrefix(head, magicRTF):
		return KindRTF
	case bytes.HasPrefix(head, magicSYLK):
		return KindSYLK
	case isText(head):
		return KindText
	}
	return KindUnknown
}

// isText reports whether the head looks like text: a UTF-16 BOM, or valid
// UTF-8 (a rune cut at the end allowed) without NULs or stray control
// characters.
func isText(head []byte) bool {
	if bytes.HasPrefix(head, utf16LEBOM) || bytes.HasPrefix(head, utf16BEBOM) {
		return len(head)%2 == 0
	}
	head = bytes.TrimPrefix(head, utf8BOM)
	for i := 0; i < len(head); {
		c := head[i]
		if c < 0x80 {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(head[i:])
		if r == utf8.RuneError && size == 1 {
			return len(head)-i < utf8.UTFMax && !utf8.FullRune(head[i:])
		}
		i += size
	}
	return true
}

// inspectText keeps the text of a UTF-8 text file for the language rules.
// A SYLK file's records and a CSV file's cells are scanned for Excel 4.0
// macros and DDE formulas (xlm.go).
func inspectText(f *Facts, ra io.ReaderAt, size int64, opt Options) {
	limit := opt.TextLimit
	if limit < 0 {
		limit = TextLimit // a file inside an archive: scanned, text not kept
	}
	n := min(size, int64(limit))
	b := make([]byte, n)
	m, _ := ra.ReadAt(b, 0)
	b = bytes.TrimPrefix(b[:m], utf8BOM)
	if f.Kind == KindSYLK {
		inspectSYLK(f, b)
	} else {
		scanFormulaDDE(f, b)
	}
	if opt.TextLimit < 0 {
		return
	}
	if !utf8.Valid(b) {
		// UTF-16 or a cut rune: keep what is valid.
		b = bytes.ToValidUTF8(b, nil)
	}
	f.Text = string(b)
	f.TextTruncated = size > n
}

// problem records a structural problem, once, up to maxList.
func (f *Facts) problem(kind ProblemKind, where, detail string) {
	for _, p := range f.Problems {
		if p.Kind == kind && p.Where == where && p.Detail == detail {
			return
		}
	}
	if len(f.Problems) == maxList {
		f.Problems = append(f.Problems, Problem{Kind: ProbUnsupported, Where: f.Name, Detail: "more problems were found than are listed"})
	}
	if len(f.Problems) > maxList {
		return
	}
	f.Problems = append(f.Problems, Problem{Kind: kind, Where: where, Detail: detail})
}

// problemErr records an error from package ooxml (or docx) as a problem,
// classified by its sentinel; where defaults to the part the error names.
func (f *Facts) problemErr(where string, err error) {
	if err == nil {
		return
	}
	if p := ooxml.PartOf(err); p != "" {
		where = p
	}
	if where == "" {
		where = f.Name
	}
	f.problem(problemKind(err), where, err.Error())
}

func problemKind(err error) ProblemKind {
	switch {
	case errors.Is(err, ooxml.ErrTooLarge):
		return ProbTooLarge
	case errors.Is(err, ooxml.ErrBomb):
		return ProbBomb
	case errors.Is(err, ooxml.ErrSizeLie):
		return ProbSizeLie
	case errors.Is(err, ooxml.ErrTooManyEntries):
		return ProbTooMany
	case errors.Is(err, ooxml.ErrUnsafeName):
		return ProbUnsafeName
	case errors.Is(err, ooxml.ErrDuplicate):
		return ProbDuplicate
	case errors.Is(err, ooxml.ErrDoctype):
		return ProbDoctype
	case errors.Is(err, ooxml.ErrDepth):
		return ProbDepth
	case errors.Is(err, ooxml.ErrUnsupported):
		return ProbUnsupported
	}
	return ProbMalformed
}

func (f *Facts) addIndicator(list *[]Indicator, where, detail string) {
	for _, i := range *list {
		if i.Where == where && i.Detail == detail {
			return
		}
	}
	if len(*list) < maxList {
		*list = append(*list, Indicator{Where: where, Detail: detail})
	}
}

func (f *Facts) addAutoExec(names ...string) {
	for _, n := range names {
		dup := false
		for _, have := range f.AutoExec {
			dup = dup || strings.EqualFold(have, n)
		}
		if !dup && len(f.AutoExec) < maxList {
			f.AutoExec = append(f.AutoExec, n)
		}
	}
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
