package inspect

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/richardlehane/mscfb"
)

// OLE compound files (MS-CFB), read with mscfb behind a budget: mscfb
// builds one object per directory entry and follows sector chains without
// always detecting cycles, so its reads are counted and cut off, streams
// are read through a size limit, and a panic becomes an error.

// Bounds of the OLE path.
const (
	oleMaxEntries    = 4096
	oleOpenBytes     = 4 << 20  // bytes of sectors mscfb may read while opening
	oleOpenCalls     = 1 << 21  // ReadAt calls while opening (FAT look-ups)
	oleMaxStream     = 8 << 20  // one stream read into memory
	oleMaxVBASource  = 8 << 20  // one decompressed module or dir stream
	oleMaxVBATotal   = 32 << 20 // all decompressed VBA of a file
	oleMaxPropStream = 1 << 20
)

var errOLEBudget = errors.New("compound file structure too large or cyclic")

// budgetReaderAt counts what mscfb reads and refuses to go on past the
// budget (while it is opening the file).
type budgetReaderAt struct {
	ra           io.ReaderAt
	bytes, calls int64
	open         bool
}

func (b *budgetReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if b.open {
		b.calls++
		if len(p) > 16 {
			b.bytes += int64(len(p))
		}
		if b.bytes > oleOpenBytes || b.calls > oleOpenCalls {
			return 0, errOLEBudget
		}
	}
	return b.ra.ReadAt(p, off)
}

// cfbFile is an opened compound file.
type cfbFile struct {
	files  []*mscfb.File
	byPath map[string]*mscfb.File // lower-case "storage/.../name"
}

// openCFB opens a compound file within the budget.
func openCFB(ra io.ReaderAt) (cf *cfbFile, err error) {
	defer func() {
		if r := recover(); r != nil {
			cf, err = nil, fmt.Errorf("broken compound file (%v)", r)
		}
	}()
	br := &budgetReaderAt{ra: ra, open: true}
	r, err := mscfb.New(br)
	if err != nil {
		return nil, err
	}
	br.open = false
	if len(r.File) > oleMaxEntries {
		return nil, fmt.Errorf("%d directory entries, limit %d", len(r.File), oleMaxEntries)
	}
	cf = &cfbFile{byPath: map[string]*mscfb.File{}}
	for _, f := range r.File {
		cf.files = append(cf.files, f)
		cf.byPath[strings.ToLower(oleFullPath(f))] = f
	}
	return cf, nil
}

// oleFullPath is "storage/sub/name", with the Initial control character
// of special streams ("\x05SummaryInformation") dropped as mscfb does.
func oleFullPath(f *mscfb.File) string {
	return strings.Join(append(append([]string{}, f.Path...), f.Name), "/")
}

// read reads a stream whole, up to limit bytes (more is an error).
func (cf *cfbFile) read(f *mscfb.File, limit int64) (b []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			b, err = nil, fmt.Errorf("broken stream %s (%v)", oleFullPath(f), r)
		}
	}()
	if f.Size > limit {
		return nil, fmt.Errorf("stream %s: %d bytes, limit %d", oleFullPath(f), f.Size, limit)
	}
	var buf bytes.Buffer
	_, err = buf.ReadFrom(io.LimitReader(f, limit+1))
	if err != nil && err != io.EOF {
		return nil, fmt.Errorf("stream %s: %w", oleFullPath(f), err)
	}
	if int64(buf.Len()) > limit {
		return nil, fmt.Errorf("stream %s over %d bytes", oleFullPath(f), limit)
	}
	return buf.Bytes(), nil
}

// head reads the first n bytes of a stream.
func (cf *cfbFile) head(f *mscfb.File, n int) (b []byte) {
	defer func() {
		if recover() != nil {
			b = nil
		}
	}()
	b = make([]byte, n)
	m, _ := io.ReadFull(io.NewSectionReader(f, 0, f.Size), b)
	return b[:m]
}

// stream returns the stream at a root-level name, or nil.
func (cf *cfbFile) stream(name string) *mscfb.File {
	f := cf.byPath[strings.ToLower(name)]
	if f == nil || f.FileInfo().IsDir() {
		return nil
	}
	return f
}

// vbaProject is a VBA storage: the storage holding "dir" and the modules.
type vbaProject struct {
	path string // e.g. "Macros/VBA"
}

// vbaProjects finds every storage named VBA that holds a dir stream, and
// _VBA_PROJECT_CUR-style projects, wherever they are.
func (cf *cfbFile) vbaProjects() []vbaProject {
	var out []vbaProject
	for _, f := range cf.files {
		if strings.EqualFold(f.Name, "dir") && len(f.Path) > 0 && strings.EqualFold(f.Path[len(f.Path)-1], "VBA") {
			out = append(out, vbaProject{path: strings.Join(f.Path, "/")})
		}
	}
	return out
}

// autoExec decompresses a project's modules and returns the
// auto-executing macro names; budget is shared across projects.
func (cf *cfbFile) autoExec(p vbaProject, budget *int) ([]string, error) {
	dirStream := cf.stream(p.path + "/dir")
	if dirStream == nil {
		return nil, fmt.Errorf("%s: no dir stream", p.path)
	}
	raw, err := cf.read(dirStream, oleMaxStream)
	if err != nil {
		return nil, err
	}
	dir, err := decompressVBA(raw, min(oleMaxVBASource, *budget))
	*budget -= len(dir)
	if err != nil {
		return nil, fmt.Errorf("%s/dir: %w", p.path, err)
	}
	var names []string
	var firstErr error
	for _, m := range parseVBADir(dir) {
		s := cf.stream(p.path + "/" + m.stream)
		if s == nil {
			continue
		}
		b, err := cf.read(s, oleMaxStream)
		if err == nil && int(m.offset) >= len(b) {
			err = fmt.Errorf("%s/%s: source offset %d past the stream", p.path, m.stream, m.offset)
		}
		if err != nil {
			firstErr = cmpErr(firstErr, err)
			continue
		}
		if *budget <= 0 {
			return names, fmt.Errorf("VBA source over %d bytes in all", oleMaxVBATotal)
		}
		src, err := decompressVBA(b[m.offset:], min(oleMaxVBASource, *budget))
		*budget -= len(src)
		if err != nil {
			firstErr = cmpErr(firstErr, fmt.Errorf("%s/%s: %w", p.path, m.stream, err))
		}
		names = append(names, autoExecIn(src)...)
	}
	return names, firstErr
}

func cmpErr(first, err error) error {
	if first != nil {
		return first
	}
	return err
}

// inspectOLE reads a compound file: a legacy Office document, a
// password-protected OOXML package, or another OLE file.
func inspectOLE(ctx context.Context, f *Facts, ra io.ReaderAt, size int64, opt Options, depth int) {
	f.Kind = KindOLE
	cf, err := openCFB(ra)
	if err != nil {
		f.problem(ProbMalformed, f.Name, "damaged OLE compound file: "+err.Error())
		return
	}
	switch {
	case cf.stream("EncryptedPackage") != nil:
		inspectEncryptedOOXML(ctx, f, cf, ra, size, opt, depth)
		if f.Decrypted != "" {
			return
		}
	case cf.stream("WordDocument") != nil:
		f.Kind = KindDOC
		inspectDoc(f, cf, opt)
	case cf.stream("Workbook") != nil || cf.stream("Book") != nil:
		f.Kind = KindXLS
		wb, name := cf.stream("Workbook"), "Workbook"
		if wb == nil {
			wb, name = cf.stream("Book"), "Book"
		}
		inspectXLS(f, name, cf.head(wb, biffGlobalsLimit))
	case cf.stream("PowerPoint Document") != nil:
		f.Kind = KindPPT
		f.Encrypted = cf.stream("EncryptedSummary") != nil
		if !f.Encrypted {
			if b, err := cf.read(cf.stream("PowerPoint Document"), oleMaxStream); err == nil {
				n, authors := pptComments(b)
				f.Comments += n
				for _, a := range authors {
					f.CommentAuthors = addName(f.CommentAuthors, a)
				}
			}
		}
	}
	analyzeVBA(f, cf, "")
	for _, s := range cf.files {
		switch {
		case strings.EqualFold(s.Name, "\x01ole10native"), strings.EqualFold(s.Name, "ole10native"):
			f.addIndicator(&f.OLEObjects, oleFullPath(s), "embedded OLE object (Ole10Native package)")
		case len(s.Path) == 1 && strings.EqualFold(s.Path[0], "ObjectPool") && s.FileInfo().IsDir():
			// Every Word 97 file has an ObjectPool storage; each storage
			// in it is one embedded object. An empty pool holds none.
			f.addIndicator(&f.OLEObjects, oleFullPath(s), "embedded OLE object")
		}
	}
	readSummary(f, cf)
}

// inspectDoc reads the FIB of a Word 97 document and, unless it is
// encrypted, its text, header table, comments and revision marks.
func inspectDoc(f *Facts, cf *cfbFile, opt Options) {
	wd := cf.stream("WordDocument")
	w, err := cf.read(wd, oleMaxStream)
	if err != nil {
		f.WordUnread = "its WordDocument stream is larger than FG Desk reads"
		f.problem(ProbUnsupported, "WordDocument", "the text could not be read: "+err.Error())
		return
	}
	if len(w) >= 12 && binary.LittleEndian.Uint16(w) == 0xA5EC && binary.LittleEndian.Uint16(w[10:])&0x0100 != 0 {
		f.Encrypted = true
		f.WordUnread = "it is encrypted"
		return
	}
	fib, err := parseFIB(w)
	if err != nil {
		f.WordUnread = "it has no Word 97 file information block"
		f.problem(ProbUnsupported, "WordDocument", "the text could not be read: "+err.Error())
		return
	}
	name := "0Table"
	if fib.table1 {
		name = "1Table"
	}
	ts := cf.stream(name)
	if ts == nil {
		f.WordUnread = "its " + name + " stream is missing"
		f.problem(ProbMalformed, "WordDocument", "the FIB names the "+name+" stream, which is missing")
		return
	}
	table, err := cf.read(ts, oleMaxStream)
	if err != nil {
		f.WordUnread = "its " + name + " stream is larger than FG Desk reads"
		f.problem(ProbUnsupported, name, "the text could not be read: "+err.Error())
		return
	}
	inspectDocText(f, w, table, fib, opt)
	if f.Text == "" && f.Header == nil && f.hasProblemAt("WordDocument") {
		f.WordUnread = "its piece table could not be read"
	}
}

// analyzeVBA reports every VBA project of a compound file as a macro and
// its auto-executing macros. part is the OOXML part the compound file is
// ("" for a legacy file, whose projects are named by storage path).
func analyzeVBA(f *Facts, cf *cfbFile, part string) bool {
	projects := cf.vbaProjects()
	budget := oleMaxVBATotal
	for _, p := range projects {
		where := p.path
		if part != "" {
			where = part
		}
		f.addIndicator(&f.Macros, where, "VBA project")
		names, err := cf.autoExec(p, &budget)
		f.addAutoExec(names...)
		if err != nil {
			f.problem(ProbUnsupported, where, "VBA source could not be read completely: "+err.Error())
		}
	}
	return len(projects) > 0
}

// analyzeOLEPart looks into a part of an OOXML package that starts with
// the OLE magic. expectOLE is true for parts that are meant to be
// compound files (embedded objects, ActiveX binaries).
func analyzeOLEPart(f *Facts, part string, data []byte, expectOLE bool) {
	isVBAName := strings.EqualFold(path.Base(part), "vbaProject.bin")
	cf, err := openCFB(bytes.NewReader(data))
	if err != nil {
		if !expectOLE && !isVBAName {
			f.addIndicator(&f.Macros, part, "OLE compound file where none belongs ("+path.Ext(part)+")")
		}
		f.problem(ProbMalformed, part, "damaged OLE compound file: "+err.Error())
		return
	}
	if analyzeVBA(f, cf, part) {
		return
	}
	if !expectOLE && !isVBAName {
		f.addIndicator(&f.Macros, part, "OLE compound file where none belongs ("+path.Ext(part)+")")
	}
}

// pptComments walks the record tree of a PowerPoint Document stream
// (MS-PPT: an 8-byte header, recVer 0xF for containers) and counts the
// Comment10Container records (0x2EE0), with the author of each (its
// CString child of instance 0).
func pptComments(b []byte) (n int, authors []string) {
	le := binary.LittleEndian
	var walk func(b []byte, depth int, inComment bool)
	records := 0
	walk = func(b []byte, depth int, inComment bool) {
		for pos := 0; pos+8 <= len(b) && records < 1<<20; records++ {
			verInst, typ, size := le.Uint16(b[pos:]), le.Uint16(b[pos+2:]), int(le.Uint32(b[pos+4:]))
			body := b[pos+8:]
			if size < 0 || size > len(body) {
				return
			}
			body = body[:size]
			pos += 8 + size
			switch {
			case typ == 0x2EE0:
				n++
				if depth < 16 {
					walk(body, depth+1, true)
				}
			case verInst&0x0F == 0x0F && depth < 16:
				walk(body, depth+1, inComment)
			case inComment && typ == 0x0FBA && verInst>>4 == 0:
				authors = addName(authors, utf16String(body))
			}
		}
	}
	walk(b, 0, false)
	return n, authors
}

// Property sets (MS-OLEPS): the summary information of legacy files.

var (
	fmtidSummary    = []byte{0xE0, 0x85, 0x9F, 0xF2, 0xF9, 0x4F, 0x68, 0x10, 0xAB, 0x91, 0x08, 0x00, 0x2B, 0x27, 0xB3, 0xD9}
	fmtidDocSummary = []byte{0x02, 0xD5, 0xCD, 0xD5, 0x9C, 0x2E, 0x1B, 0x10, 0x93, 0x97, 0x08, 0x00, 0x2B, 0x2C, 0xF9, 0xAE}
)

func readSummary(f *Facts, cf *cfbFile) {
	if s := cf.stream("SummaryInformation"); s != nil {
		if b, err := cf.read(s, oleMaxPropStream); err == nil {
			props := parsePropertySet(b, fmtidSummary)
			p := &f.Props
			p.Title, p.Subject, p.Creator = props.str(2), props.str(3), props.str(4)
			p.Template, p.LastModifiedBy, p.Revision = props.str(7), props.str(8), props.str(9)
			p.Created, p.Modified = props.time(12), props.time(13)
			p.Application = props.str(18)
		}
	}
	if s := cf.stream("DocumentSummaryInformation"); s != nil {
		if b, err := cf.read(s, oleMaxPropStream); err == nil {
			props := parsePropertySet(b, fmtidDocSummary)
			f.Props.Manager, f.Props.Company = props.str(0x0E), props.str(0x0F)
		}
	}
}

type propSet map[uint32]any

func (p propSet) str(id uint32) string {
	s, _ := p[id].(string)
	return strings.TrimRight(s, "\x00 ")
}

func (p propSet) time(id uint32) time.Time {
	t, _ := p[id].(time.Time)
	return t
}

// parsePropertySet reads the strings and times of the section with the
// given FMTID. Everything is bounds-checked; a broken stream yields what
// could be read.
func parsePropertySet(b []byte, fmtid []byte) propSet {
	le := binary.LittleEndian
	out := propSet{}
	if len(b) < 28 || le.Uint16(b) != 0xFFFE {
		return out
	}
	n := int(le.Uint32(b[24:]))
	for i := 0; i < min(n, 4); i++ {
		at := 28 + 20*i
		if at+20 > len(b) {
			return out
		}
		if !bytes.Equal(b[at:at+16], fmtid) {
			continue
		}
		sec := int(le.Uint32(b[at+16:]))
		if sec < 0 || sec+8 > len(b) {
			return out
		}
		count := int(le.Uint32(b[sec+4:]))
		codepage := 1252
		type entry struct{ id, off uint32 }
		var entries []entry
		for j := 0; j < min(count, 1024); j++ {
			e := sec + 8 + 8*j
			if e+8 > len(b) {
				break
			}
			entries = append(entries, entry{le.Uint32(b[e:]), le.Uint32(b[e+4:])})
		}
		for _, e := range entries {
			if e.id == 1 {
				if v := sec + int(e.off); v >= sec && v+6 <= len(b) && le.Uint16(b[v:]) == 0x0002 {
					codepage = int(le.Uint16(b[v+4:]))
				}
			}
		}
		for _, e := range entries {
			v := sec + int(e.off)
			if v < sec || v+8 > len(b) {
				continue
			}
			typ := le.Uint16(b[v:])
			switch typ {
			case 0x001E, 0x001F: // VT_LPSTR, VT_LPWSTR
				size := int(le.Uint32(b[v+4:]))
				if typ == 0x001F || codepage == 1200 {
					size *= 2
				}
				if size < 0 || size > len(b)-(v+8) || size > 64<<10 {
					continue
				}
				out[e.id] = decodePropString(b[v+8:v+8+size], typ == 0x001F || codepage == 1200, codepage)
			case 0x0040: // VT_FILETIME
				ft := le.Uint64(b[v+4:])
				if ft != 0 {
					const epochDiff = 116444736000000000 // 1601 to 1970 in 100 ns
					if ft > epochDiff {
						out[e.id] = time.Unix(0, 0).UTC().Add(time.Duration(ft-epochDiff) * 100)
					}
				}
			}
		}
	}
	return out
}

func decodePropString(b []byte, wide bool, codepage int) string {
	if wide {
		u := make([]uint16, len(b)/2)
		for i := range u {
			u[i] = binary.LittleEndian.Uint16(b[2*i:])
		}
		return string(utf16.Decode(u))
	}
	if codepage == 65001 {
		return strings.ToValidUTF8(string(b), "")
	}
	// Windows-1252 and other single-byte code pages: Latin-1 is close
	// enough for names.
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}
