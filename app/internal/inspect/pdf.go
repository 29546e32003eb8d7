package inspect

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// PDFs get two passes. The raw pass counts suspicious names in the bytes,
// as pdfid does, decoding #xx escapes (/J#61vaScript is /JavaScript). The
// structural pass parses the document with pdfcpu (relaxed validation,
// resource limits, a deadline, panics recovered), walks every object,
// including those inside compressed object streams that a raw scan cannot
// see, and records where the names occur.

// PDFNames are the names the raw pass counts.
var PDFNames = []string{"JS", "JavaScript", "OpenAction", "AA", "Launch", "EmbeddedFile", "XFA", "Encrypt", "ObjStm", "URI", "AcroForm", "RichMedia"}

// structuralNames are the names the structural pass reports, as keys or
// as name values (/S /JavaScript).
var structuralNames = map[string]bool{
	"JS": true, "JavaScript": true, "OpenAction": true, "AA": true, "Launch": true,
	"EmbeddedFile": true, "EmbeddedFiles": true, "XFA": true, "RichMedia": true,
	"SubmitForm": true, "ImportData": true, "GoToR": true, "GoToE": true, "URI": true,
}

var pdfNameSet = func() map[string]bool {
	m := map[string]bool{}
	for _, n := range PDFNames {
		m[n] = true
	}
	return m
}()

// pdfcpuLimits keep pdfcpu's allocations in line with ours.
func pdfcpuLimits() model.ResourceLimits {
	l := model.DefaultResourceLimits()
	l.MaxStreamBytes = 64 << 20
	l.MaxDecodeBytes = 32 << 20
	l.MaxImagePixels = 16 << 20
	l.MaxImageBytes = 64 << 20
	l.MaxObjectCount = 1_000_000
	l.MaxObjectStreamCount = 100_000
	l.MaxObjectStreamFirst = 1 << 20
	l.MaxXRefEntries = 1_000_000
	l.MaxRecursionDepth = 64
	return l
}

var pdfcpuOnce sync.Once

func inspectPDF(ctx context.Context, f *Facts, ra io.ReaderAt, size int64, opt Options) {
	f.Kind = KindPDF
	p := &PDFFacts{Names: map[string]int{}}
	f.PDF = p
	head := make([]byte, min(size, pdfHeadSpan+16))
	n, _ := ra.ReadAt(head, 0)
	if i := bytes.Index(head[:n], magicPDF); i >= 0 {
		v := head[i+len(magicPDF) : n]
		end := 0
		for end < len(v) && end < 4 && (v[end] == '.' || v[end] >= '0' && v[end] <= '9') {
			end++
		}
		p.Version = string(v[:end])
	}
	if err := scanPDFNames(io.NewSectionReader(ra, 0, size), p.Names); err != nil {
		f.problem(ProbMalformed, f.Name, "reading the PDF: "+err.Error())
		return
	}
	res := pdfStructure(ctx, ra, size, opt.PDFTimeout)
	p.Structural, p.Pages = res.structural, res.pages
	p.Actions, p.Attachments, p.Structure = res.actions, res.attachments, res.err == nil
	f.Props = res.info
	if res.encrypted {
		f.Encrypted = true
	}
	if res.err != nil {
		f.problem(ProbUnsupported, f.Name, "the PDF's structure could not be checked: "+res.err.Error())
		if p.Names["OpenAction"] > 0 {
			p.OpenActionDests = countOpenActionDests(io.NewSectionReader(ra, 0, size))
		}
	}
}

// scanPDFNames counts the names of pdfNameSet in r, #xx escapes decoded.
func scanPDFNames(r io.Reader, counts map[string]int) error {
	buf := make([]byte, 64<<10)
	var name []byte
	inName, overflow := false, false
	finish := func() {
		if !overflow && len(name) > 0 {
			if n := decodePDFName(name); pdfNameSet[n] {
				counts[n]++
			}
		}
		name, inName, overflow = name[:0], false, false
	}
	for {
		n, err := r.Read(buf)
		chunk := buf[:n]
		for i := 0; i < len(chunk); {
			if !inName {
				j := bytes.IndexByte(chunk[i:], '/')
				if j < 0 {
					break
				}
				i += j + 1
				inName = true
				continue
			}
			c := chunk[i]
			if pdfRegular(c) {
				if len(name) < 128 {
					name = append(name, c)
				} else {
					overflow = true
				}
				i++
				continue
			}
			finish()
			// The delimiter may start the next name; the loop looks at it.
		}
		if err == io.EOF {
			finish()
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// pdfRegular reports whether c is a regular character (not white space
// and not a delimiter) in PDF syntax.
func pdfRegular(c byte) bool {
	switch c {
	case 0, '\t', '\n', '\f', '\r', ' ', '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return false
	}
	return true
}

// decodePDFName undoes #xx escapes in a name.
func decodePDFName(b []byte) string {
	if bytes.IndexByte(b, '#') < 0 {
		return string(b)
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] == '#' && i+2 < len(b) {
			if v, err := strconv.ParseUint(string(b[i+1:i+3]), 16, 8); err == nil {
				out = append(out, byte(v))
				i += 2
				continue
			}
		}
		out = append(out, b[i])
	}
	return string(out)
}

type pdfResult struct {
	structural  []string
	actions     []PDFAction
	attachments []Indicator
	pages       int
	encrypted   bool
	err         error
	info        CoreProps
}

// pdfStructure runs pdfcpu with a deadline. A run that overstays it is
// abandoned (pdfcpu's own limits bound what it can still allocate).
func pdfStructure(ctx context.Context, ra io.ReaderAt, size int64, timeout time.Duration) pdfResult {
	pdfcpuOnce.Do(api.DisableConfigDir)
	tctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	// An abandoned run must not read the file's bytes after we return:
	// File reuses the buffer they are in.
	rra := &revocableReaderAt{ra: ra}
	defer rra.revoke()
	ra = rra
	ch := make(chan pdfResult, 1)
	go func() {
		var res pdfResult
		defer func() {
			if r := recover(); r != nil {
				res = pdfResult{err: fmt.Errorf("pdfcpu failed: %v", r)}
			}
			ch <- res
		}()
		conf := model.NewDefaultConfiguration()
		conf.ValidationMode = model.ValidationRelaxed
		conf.Limits = pdfcpuLimits()
		c, err := pdfcpu.ReadWithContext(tctx, io.NewSectionReader(ra, 0, size), conf)
		if err != nil {
			if errors.Is(err, pdfcpu.ErrWrongPassword) {
				res.encrypted = true
				res.err = errors.New("it is encrypted with a password")
				return
			}
			res.err = err
			return
		}
		res.encrypted = c.XRefTable.Encrypt != nil
		res.structural = walkPDF(tctx, c.XRefTable)
		res.actions, res.attachments = pdfActions(tctx, c.XRefTable)
		if err := c.XRefTable.EnsurePageCount(); err == nil {
			res.pages = c.XRefTable.PageCount
		}
		res.info = pdfInfo(c.XRefTable)
	}()
	select {
	case res := <-ch:
		return res
	case <-tctx.Done():
		return pdfResult{err: fmt.Errorf("gave up after %s", timeout)}
	}
}

// walkPDF lists "Name@obj N" for every structural name in every object.
func walkPDF(ctx context.Context, x *model.XRefTable) []string {
	var nums []int
	for n, e := range x.Table {
		if e != nil && !e.Free && e.Object != nil {
			nums = append(nums, n)
		}
	}
	sort.Ints(nums)
	seen := map[string]bool{}
	var out []string
	add := func(name string, obj int) {
		s := fmt.Sprintf("%s@obj %d", name, obj)
		if !seen[s] && len(out) < maxList {
			seen[s] = true
			out = append(out, s)
		}
	}
	var walk func(o types.Object, obj, depth int)
	walk = func(o types.Object, obj, depth int) {
		if depth > 32 {
			return
		}
		switch v := o.(type) {
		case types.Dict:
			keys := make([]string, 0, len(v))
			for k := range v {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			for _, k := range keys {
				if structuralNames[k] {
					add(k, obj)
				}
				walk(v[k], obj, depth+1)
			}
		case types.StreamDict:
			walk(v.Dict, obj, depth+1)
		case types.ObjectStreamDict:
			walk(v.Dict, obj, depth+1)
		case types.XRefStreamDict:
			walk(v.Dict, obj, depth+1)
		case types.Array:
			for _, e := range v {
				walk(e, obj, depth+1)
			}
		case types.Name:
			if structuralNames[string(v)] {
				add(string(v), obj)
			}
		case types.LazyObjectStreamObject:
			// An object inside an object stream, decoded on demand.
			if d, err := v.DecodedObject(ctx); err == nil {
				walk(d, obj, depth+1)
			}
		case *types.LazyObjectStreamObject:
			if d, err := v.DecodedObject(ctx); err == nil {
				walk(d, obj, depth+1)
			}
		}
	}
	for _, n := range nums {
		walk(x.Table[n].Object, n, 0)
	}
	return out
}

// pdfInfo reads the document information dictionary (title, author,
// subject, creator and producer).
func pdfInfo(x *model.XRefTable) CoreProps {
	var p CoreProps
	if x.Info == nil {
		return p
	}
	d, err := x.DereferenceDict(*x.Info)
	if err != nil || d == nil {
		return p
	}
	get := func(key string) string {
		o, ok := d[key]
		if !ok {
			return ""
		}
		s, err := x.DereferenceStringOrHexLiteral(o, model.V10, nil)
		if err != nil {
			return ""
		}
		if len(s) > 4096 {
			s = s[:4096]
		}
		return strings.ToValidUTF8(strings.TrimSpace(s), "")
	}
	p.Title, p.Subject, p.Creator = get("Title"), get("Subject"), get("Author")
	p.Application = get("Creator")
	if prod := get("Producer"); prod != "" {
		if p.Application == "" {
			p.Application = prod
		} else if prod != p.Application {
			p.Application += " / " + prod
		}
	}
	return p
}

// revocableReaderAt passes reads through until revoked; revoke waits for
// a read under way, and every read after it fails.
type revocableReaderAt struct {
	mu      sync.RWMutex
	ra      io.ReaderAt
	revoked bool
}

var errRevoked = errors.New("inspection finished")

func (r *revocableReaderAt) ReadAt(p []byte, off int64) (int, error) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if r.revoked {
		return 0, errRevoked
	}
	return r.ra.ReadAt(p, off)
}

func (r *revocableReaderAt) revoke() {
	r.mu.Lock()
	r.revoked = true
	r.mu.Unlock()
}

var openActionDest = regexp.MustCompile(`/OpenAction[\x00\t\n\f\r ]*\[`)

// countOpenActionDests counts "/OpenAction [" in the raw bytes, chunk by
// chunk (a match cut at a chunk end is missed, which only errs towards
// reporting an action).
func countOpenActionDests(r io.Reader) int {
	n := 0
	buf := make([]byte, 256<<10)
	for {
		m, err := io.ReadFull(r, buf)
		n += len(openActionDest.FindAllIndex(buf[:m], -1))
		if err != nil {
			return n
		}
	}
}
