package inspect

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"sync"

	"github.com/fgdesk/fgdesk/app/internal/docx"
	"github.com/fgdesk/fgdesk/app/internal/ooxml"
)

// Main-part content types and the kinds they make.
var mainKinds = map[string]Kind{
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml":   KindDOCX,
	"application/vnd.ms-word.document.macroenabled.main+xml":                             KindDOCM,
	"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml":   KindDOTX,
	"application/vnd.ms-word.template.macroenabledtemplate.main+xml":                     KindDOTM,
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml":         KindXLSX,
	"application/vnd.ms-excel.sheet.macroenabled.main+xml":                               KindXLSM,
	"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": KindPPTX,
	"application/vnd.ms-powerpoint.presentation.macroenabled.main+xml":                   KindPPTM,
	"application/vnd.ms-excel.sheet.binary.macroenabled.main":                            KindXLSB,
	"application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml":      KindXLTX,
	"application/vnd.ms-excel.template.macroenabled.main+xml":                            KindXLTM,
	"application/vnd.ms-excel.addin.macroenabled.main+xml":                               KindXLAM,
	"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml":     KindPOTX,
	"application/vnd.ms-powerpoint.template.macroenabled.main+xml":                       KindPOTM,
	"application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml":    KindPPSX,
	"application/vnd.ms-powerpoint.slideshow.macroenabled.main+xml":                      KindPPSM,
	"application/vnd.ms-powerpoint.addin.macroenabled.main+xml":                          KindPPAM,
}

// mimeKinds maps mimetype's guess to a kind, for archives too broken to
// open.
var mimeKinds = map[string]Kind{
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document":   KindDOCX,
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":         KindXLSX,
	"application/vnd.openxmlformats-officedocument.presentationml.presentation": KindPPTX,
}

// inspectZip handles every zip: an OPC package (by its content types) or
// a plain archive.
func inspectZip(ctx context.Context, f *Facts, ra io.ReaderAt, size int64, opt Options, depth int) (inflated int64) {
	var pkg *ooxml.Package
	var err error
	if m, ok := ra.(memAt); ok && int64(len(m)) == size {
		pkg, err = ooxml.OpenBytes(m, opt.Limits) // entries read in place
	} else {
		pkg, err = ooxml.Open(ra, size, opt.Limits)
	}
	if err != nil {
		f.Kind = KindZIP
		if k, ok := mimeKinds[strings.SplitN(f.MIME, ";", 2)[0]]; ok {
			f.Kind = k
		}
		f.problemErr(f.Name, err)
		return 0
	}
	defer func() { inflated = pkg.Inflated() }()
	for _, issue := range pkg.Issues {
		f.problemErr("", issue)
	}
	ct, err := pkg.ReadContentTypes()
	if errors.Is(err, ooxml.ErrNotFound) {
		if inspectODF(f, pkg) {
			return
		}
		f.Kind = KindZIP
		inspectArchive(ctx, f, pkg, opt, depth)
		return
	}
	if err != nil {
		f.problemErr(ooxml.ContentTypesName, err)
	}
	inspectOOXML(ctx, f, pkg, ct, opt)
	return
}

// inspectOOXML reads an OPC package: kind, Word content, properties and
// every security indicator.
func inspectOOXML(ctx context.Context, f *Facts, pkg *ooxml.Package, ct *ooxml.ContentTypes, opt Options) {
	main, err := pkg.MainPart()
	f.problemErr("_rels/.rels", err)
	f.Kind = KindOOXML
	if k, ok := mainKinds[strings.ToLower(ct.Of(main))]; ok && main != "" && pkg.Has(main) {
		f.Kind = k
	} else if main == "" && isXPS(pkg) {
		f.Kind = KindXPS
	}

	// Relationships from every .rels part.
	ext := externalTargets{}
	for _, e := range pkg.Entries {
		if e.Issue != nil || !ooxml.IsRelsPart(e.Name) {
			continue
		}
		rels, err := pkg.ReadRelsPart(e.Name)
		f.problemErr(e.Name, err)
		for _, r := range rels {
			if rel, ok := externalRel(pkg, r); ok && len(f.External) < maxList {
				f.External = append(f.External, rel)
				ext[r.Target] = true
			}
		}
	}

	// Content: Word documents in full, the others' properties.
	objectParts := map[string]bool{}
	if f.Kind.IsWord() {
		c, err := docx.ReadPackage(pkg, docx.ReadOptions{TextLimit: opt.TextLimit})
		if err != nil {
			f.problemErr(main, err)
		} else {
			fillWord(f, c, objectParts)
		}
	} else {
		props, err := pkg.ReadProperties()
		f.problemErr("docProps/core.xml", err)
		f.Props = CoreProps(props)
	}

	// Every part: macros by name or content type, OLE magic, embedded
	// objects, ActiveX, Excel DDE links; and each entry not yet read is
	// inflated once, to the end, so bombs and size lies anywhere count.
	var comments partCounts
	defer comments.finish(f)
	for _, e := range pkg.Entries {
		if err := ctx.Err(); err != nil {
			f.problem(ProbUnsupported, f.Name, "inspection cancelled")
			return
		}
		if e.Issue != nil || e.IsDir() {
			continue
		}
		name, low := e.Name, strings.ToLower(e.Name)
		ctype := strings.ToLower(ct.Of(name))
		base := path.Base(low)
		switch {
		case base == "vbaproject.bin":
			// By name; a VBA project under another name is found by its
			// OLE magic below (its content type alone proves nothing).
			f.addIndicator(&f.Macros, name, "VBA project")
		case strings.Contains(ctype, "vbadata"):
			f.addIndicator(&f.Macros, name, "VBA data")
		case strings.Contains(ctype, "macroenabled"):
			f.addIndicator(&f.MacroEnabled, name, "content type "+ct.Of(name))
		}
		if isXLMPart(low, ctype) {
			f.addIndicator(&f.XLM, name, "Excel 4.0 macro sheet part ("+describeType(ctype, name)+")")
		}
		embedded := strings.Contains(low, "/embeddings/") || strings.Contains(ctype, "oleobject")
		activeX := strings.Contains(low, "/activex/") || strings.Contains(ctype, "activex")
		switch {
		case activeX && (strings.HasSuffix(ctype, "xml") || strings.HasSuffix(low, ".xml")):
			if !objectParts[name] {
				f.addIndicator(&f.OLEObjects, name, "ActiveX control")
			}
		case embedded && !objectParts[name]:
			f.addIndicator(&f.OLEObjects, name, "embedded object ("+describeType(ctype, name)+")")
		case activeX:
			// The binary half of an ActiveX control; its .xml half is
			// reported.
		}
		if strings.Contains(ctype, "externallink") {
			readDDELinks(f, pkg, e)
		}
		if role := roleOf(ctype, low); role != roleNone && (!f.Kind.IsWord() || role == roleWebSettings) {
			readRolePart(f, pkg, name, role, &comments)
		}
		if e.Verified() || e.ReadError() != nil || f.hasProblemAt(name) {
			continue
		}
		verifyEntry(f, e, ctype, embedded || activeX)
	}
	if len(f.XLM) > 0 && main != "" && strings.HasSuffix(strings.ToLower(main), ".xml") {
		readAutoNames(f, pkg, main)
	}
}

// readAutoNames reports the workbook's defined names that run an Excel
// 4.0 macro by themselves (_xlnm.Auto_Open, Auto_Open1 ...).
func readAutoNames(f *Facts, pkg *ooxml.Package, workbook string) {
	scanXML(f, pkg, workbook, func(k ooxml.TokenKind, d *ooxml.Decoder) {
		if k == ooxml.StartTag && string(d.Local()) == "definedName" {
			if n := string(d.Attr("name")); isAutoName(n) {
				f.addAutoExec(strings.TrimPrefix(n, "_xlnm.") + " (Excel 4.0 defined name)")
			}
		}
	})
}

// scanXML streams an XML part through fn, token by token; a broken part
// becomes a problem.
func scanXML(f *Facts, pkg *ooxml.Package, name string, fn func(k ooxml.TokenKind, d *ooxml.Decoder)) {
	d, c, err := pkg.XML(name)
	if err != nil {
		f.problemErr(name, err)
		return
	}
	defer c.Close()
	for {
		k, err := d.Next()
		if err == io.EOF {
			return
		}
		if err != nil {
			f.problemErr(name, err)
			return
		}
		fn(k, d)
	}
}

// isXPS reports an XPS or OpenXPS package: its package relationships
// name a FixedDocumentSequence (fixedrepresentation) instead of an
// officeDocument.
func isXPS(pkg *ooxml.Package) bool {
	rels, _ := pkg.ReadRels("")
	for _, r := range rels {
		if strings.EqualFold(r.TypeName(), "fixedrepresentation") && r.Part != "" && pkg.Has(r.Part) {
			return true
		}
	}
	return false
}

// externalTargets remembers targets already reported.
type externalTargets map[string]bool

// Relationship types that load something when the document opens: a
// target that is not a part of the package points outside, even without
// TargetMode="External".
var outwardTypes = map[string]bool{
	"attachedTemplate": true, "subDocument": true, "frame": true, "oleObject": true, "externalLinkPath": true,
}

// externalRel decides whether a relationship points outside the package.
func externalRel(pkg *ooxml.Package, r ooxml.Relationship) (Relationship, bool) {
	rel := Relationship{Part: r.RelsPart, ID: r.ID, Type: r.Type, Target: r.Target, Mode: r.TargetMode}
	target := strings.TrimSpace(r.Target)
	lower := strings.ToLower(target)
	switch {
	case r.External():
		rel.Mode = ooxml.TargetModeExternal
		return rel, true
	case strings.HasPrefix(lower, "mhtml:"), ooxml.HasScheme(target), strings.HasPrefix(target, `\\`), strings.HasPrefix(target, "//"):
		return rel, true
	case outwardTypes[r.TypeName()] && target != "" && !strings.HasPrefix(target, "#") && (r.Part == "" || !pkg.Has(r.Part)):
		return rel, true
	}
	return rel, false
}

func describeType(ctype, name string) string {
	if ctype != "" {
		return ctype
	}
	return strings.TrimPrefix(path.Ext(name), ".")
}

// fillWord copies what the Word reader found into the facts.
func fillWord(f *Facts, c *docx.Content, objectParts map[string]bool) {
	if c.Header != nil {
		h := Header(*c.Header)
		f.Header = &h
	}
	f.Text, f.TextTruncated = c.Text, c.TextTruncated
	f.Props = CoreProps(c.Props)
	f.TrackedChanges, f.TrackedAuthors = c.TrackedChanges, c.TrackedAuthors
	f.Comments, f.CommentAuthors = c.Comments, c.CommentAuthors
	for _, err := range c.Problems {
		f.problemErr(c.MainPart, err)
	}
	for _, fc := range c.Fields {
		instr := strings.Join(strings.Fields(fc.Instr), " ")
		word, rest, _ := strings.Cut(instr, " ")
		switch strings.ToUpper(word) {
		case "DDE", "DDEAUTO":
			f.addIndicator(&f.DDE, fc.Part, instr)
		case "INCLUDETEXT", "INCLUDEPICTURE", "IMPORT", "LINK":
			if target := fieldTarget(rest); target != "" && (ooxml.HasScheme(target) || strings.HasPrefix(target, `\\`)) && len(f.External) < maxList {
				f.External = append(f.External, Relationship{Part: fc.Part, Type: "field/" + strings.ToUpper(word), Target: target})
			}
		}
	}
	for _, o := range c.Objects {
		what := "OLE object"
		if o.Element == "control" {
			what = "ActiveX control"
		}
		detail := what
		if o.ProgID != "" {
			detail += " " + o.ProgID
		}
		if o.Link {
			detail += ", linked"
		}
		if o.Target != "" {
			detail += " -> " + o.Target
			objectParts[o.Target] = true
		}
		f.addIndicator(&f.OLEObjects, o.Part, detail)
	}
}

// fieldTarget returns the first argument of a field instruction, without
// quotes and with doubled backslashes undone.
func fieldTarget(rest string) string {
	rest = strings.TrimSpace(rest)
	if strings.HasPrefix(rest, `"`) {
		if end := strings.IndexByte(rest[1:], '"'); end >= 0 {
			rest = rest[1 : end+1]
		}
	} else if i := strings.IndexByte(rest, ' '); i >= 0 {
		rest = rest[:i]
	}
	return strings.ReplaceAll(rest, `\\`, `\`)
}

// verifyEntry reads to the end an entry no reader has parsed, which is
// what each part must be read for:
//   - every part: its sizes and CRC, and the package's limits (a bomb or
//     a size lie anywhere counts). A stored part of a file held in memory
//     is checked in place (its CRC computed on the bytes where they lie,
//     no copy); a deflated one is inflated into a reused buffer, nothing
//     kept;
//   - its first 8 bytes: OLE magic (a VBA project or embedded object
//     under any name) sends the whole part to the OLE analysis;
//   - XML parts (by content type or extension): a "<!DOCTYPE" anywhere,
//     also across chunk boundaries.
//
// Nothing else is looked at: images and other media are never decoded.
func verifyEntry(f *Facts, e *ooxml.Entry, ctype string, expectOLE bool) {
	low := strings.ToLower(e.Name)
	v := entryVerifier{xmlish: strings.HasSuffix(ctype, "xml") || strings.HasSuffix(low, ".xml") || strings.HasSuffix(low, ".rels")}
	err := e.Scan(v.chunk)
	if v.ole != nil && (err == nil || !ooxml.IsLimit(err) && int64(v.ole.Len()) == e.Size) {
		// A damaged (bad CRC) container is still analysed: it was read whole.
		analyzeOLEPart(f, e.Name, v.ole.Bytes(), expectOLE)
	}
	switch {
	case err == nil:
	case errors.Is(err, errDoctypeFound):
		f.problem(ProbDoctype, e.Name, fmt.Sprintf("%s holds a DOCTYPE", e.Name))
	default:
		f.problemErr(e.Name, err)
	}
}

var errDoctypeFound = fmt.Errorf("DOCTYPE: %w", ooxml.ErrDoctype)

// entryVerifier looks at the chunks of one entry (see verifyEntry).
type entryVerifier struct {
	xmlish bool
	n      int           // bytes seen
	head   [8]byte       // the first bytes, for OLE magic
	ole    *bytes.Buffer // the whole part, once the magic matched
	tail   [8]byte       // the last bytes seen (of one or more chunks)
	ntail  int
}

func (v *entryVerifier) chunk(b []byte) error {
	if v.n < len(v.head) {
		k := copy(v.head[v.n:], b)
		if v.n+k == len(v.head) && bytes.Equal(v.head[:], magicOLE) {
			v.ole = new(bytes.Buffer)
			v.ole.Write(v.head[:v.n]) // bytes of earlier chunks
		}
	}
	v.n += len(b)
	if v.ole != nil {
		v.ole.Write(b)
		return nil
	}
	if v.xmlish && len(b) > 0 {
		if hasDoctype(b) || v.ntail > 0 && spansDoctype(v.tail[:v.ntail], b) {
			return errDoctypeFound
		}
		// Keep the last 8 bytes of the stream, which may span several
		// short chunks.
		var join [16]byte
		n := copy(join[:], v.tail[:v.ntail])
		n += copy(join[n:], b[max(0, len(b)-len(v.tail)):])
		v.ntail = copy(v.tail[:], join[max(0, n-len(v.tail)):n])
	}
	return nil
}

// spansDoctype reports whether "<!doctype" (any case) starts in tail and
// ends in b.
func spansDoctype(tail, b []byte) bool {
	var join [16]byte // 8 bytes of tail, 8 of b
	n := copy(join[:], tail)
	n += copy(join[n:], b[:min(len(b), len(doctypeWord)-1)])
	return hasDoctype(join[:n])
}

// drain reads r to the end; with scan set it looks for "<!DOCTYPE" (any
// case), also across read boundaries, and returns ooxml.ErrDoctype.
func drain(r io.Reader, head []byte, scan bool) error {
	const keep = 8 // len("<!DOCTYPE") - 1
	if scan && hasDoctype(head) {
		return ooxml.ErrDoctype
	}
	bp := drainBufs.Get().(*[]byte)
	defer drainBufs.Put(bp)
	buf := *bp
	tail := copy(buf, head[max(0, len(head)-keep):])
	for {
		n, err := r.Read(buf[tail:])
		if scan && n > 0 {
			chunk := buf[:tail+n]
			if hasDoctype(chunk) {
				return ooxml.ErrDoctype
			}
			tail = copy(buf, chunk[max(0, len(chunk)-keep):])
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

var doctypeWord = []byte("<!doctype")

var drainBufs = sync.Pool{New: func() any { b := make([]byte, 8+32<<10); return &b }}

// hasDoctype reports whether b contains "<!DOCTYPE" in any case.
// It looks for the '!' (rare in XML, unlike '<') and checks around it.
func hasDoctype(b []byte) bool {
	for i := 1; i < len(b); i++ {
		j := bytes.IndexByte(b[i:], '!')
		if j < 0 {
			return false
		}
		i += j
		if b[i-1] == '<' && len(b)-(i-1) >= len(doctypeWord) && bytes.EqualFold(b[i-1:i-1+len(doctypeWord)], doctypeWord) {
			return true
		}
	}
	return false
}

// readDDELinks looks for ddeLink elements in an Excel external link part.
func readDDELinks(f *Facts, pkg *ooxml.Package, e *ooxml.Entry) {
	scanXML(f, pkg, e.Name, func(k ooxml.TokenKind, d *ooxml.Decoder) {
		if k == ooxml.StartTag && string(d.Local()) == "ddeLink" {
			f.addIndicator(&f.DDE, e.Name, strings.TrimSpace("DDE link "+string(d.Attr("ddeService"))+" "+string(d.Attr("ddeTopic"))))
		}
	})
}

// inspectODF recognises an OpenDocument file by its mimetype entry, reports
// Basic macros, and inflates every entry once. It returns false for other
// zips.
func inspectODF(f *Facts, pkg *ooxml.Package) bool {
	e := pkg.Lookup("mimetype")
	if e == nil {
		return false
	}
	head, err := e.ReadHead(128)
	if err != nil || !bytes.HasPrefix(head, []byte("application/vnd.oasis.opendocument.")) {
		return false
	}
	f.Kind = KindODF
	for _, e := range pkg.Entries {
		if e.Issue != nil || e.IsDir() {
			continue
		}
		low := strings.ToLower(e.Name)
		if strings.HasPrefix(low, "basic/") || strings.HasPrefix(low, "scripts/") {
			switch path.Base(low) {
			case "script-lc.xml", "script-lb.xml", "dialog-lc.xml", "dialog-lb.xml", "manifest.xml":
			default:
				f.addIndicator(&f.Macros, e.Name, "OpenDocument macro")
			}
		}
		verifyEntry(f, e, "", strings.HasPrefix(low, "object"))
	}
	return true
}

// hasProblemAt reports whether a problem was already recorded for a part.
func (f *Facts) hasProblemAt(where string) bool {
	for _, p := range f.Problems {
		if p.Where == where {
			return true
		}
	}
	return false
}
