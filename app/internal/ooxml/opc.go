package ooxml

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path"
	"strings"
	"time"
)

// Namespaces and relationship types of the Open Packaging Conventions and
// WordprocessingML that readers match on.
const (
	NSContentTypes  = "http://schemas.openxmlformats.org/package/2006/content-types"
	NSRelationships = "http://schemas.openxmlformats.org/package/2006/relationships"

	RelOfficeDocument = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
	RelCoreProps      = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
	RelExtendedProps  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"

	// TargetModeExternal is the TargetMode of a relationship to a resource
	// outside the package.
	TargetModeExternal = "External"
)

// ContentTypes is the parsed [Content_Types].xml.
type ContentTypes struct {
	// Defaults maps a lower-case extension (no dot) to a content type.
	Defaults map[string]string
	// Overrides maps a lower-case part name (no leading slash) to a content
	// type.
	Overrides map[string]string
}

// ReadContentTypes parses [Content_Types].xml. It returns ErrNotFound when
// the package has none (a plain zip).
func (p *Package) ReadContentTypes() (*ContentTypes, error) {
	var dec Decoder
	d := &dec
	rc, err := p.openXML(ContentTypesName, d)
	if err != nil {
		return nil, err
	}
	defer closeXML(d, rc)
	ct := &ContentTypes{Defaults: make(map[string]string, 8), Overrides: make(map[string]string, 16)}
	for {
		k, err := d.Next()
		if err == io.EOF {
			return ct, nil
		}
		if err != nil {
			return ct, err
		}
		if k != StartTag {
			continue
		}
		switch string(d.Local()) {
		case "Default":
			// Extensions and content types repeat across packages:
			// interned, they are not allocated again.
			if ext := d.Attr("Extension"); len(ext) > 0 {
				ct.Defaults[strings.ToLower(strings.TrimPrefix(d.intern(ext), "."))] = d.intern(d.Attr("ContentType"))
			}
		case "Override":
			if pn := d.Attr("PartName"); len(pn) > 0 {
				ct.Overrides[d.partKey(pn)] = d.intern(d.Attr("ContentType"))
			}
		}
	}
}

// partKey returns nameKey(string(pn)), interned when pn is a plain name
// (see plainName) with its OPC leading slash: part names repeat across
// packages.
func (d *Decoder) partKey(pn []byte) string {
	if len(pn) < 2 || pn[0] != '/' || len(pn) > maxStackKey+1 {
		return nameKey(string(pn))
	}
	name := pn[1:]
	clean, upper := plainName(name)
	switch {
	case !clean:
		return nameKey(string(pn))
	case upper:
		var buf [maxStackKey]byte
		name = lowerASCII(buf[:len(name)], name)
	}
	return d.intern(name)
}

// lowerASCII writes the ASCII lower case of src to dst (as long) and
// returns it.
func lowerASCII[S ~string | ~[]byte](dst []byte, src S) []byte {
	for i := 0; i < len(src); i++ {
		c := src[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst[i] = c
	}
	return dst
}

// Of returns the content type of a part: its Override, else the Default of
// its extension, else "".
func (ct *ContentTypes) Of(part string) string {
	if ct == nil {
		return ""
	}
	if t, ok := lookupKey(ct.Overrides, part); ok {
		return t
	}
	ext := strings.ToLower(path.Ext(part))
	return ct.Defaults[strings.TrimPrefix(ext, ".")]
}

// Relationship is one entry of a .rels part.
type Relationship struct {
	// Source is the part the relationship belongs to ("" for the package),
	// RelsPart the .rels part it was read from.
	Source, RelsPart string
	ID, Type, Target string
	// TargetMode is "External" or "" (internal).
	TargetMode string
	// Part is the resolved part name of an internal target (no leading
	// slash), "" for an external one.
	Part string
}

// External reports whether the relationship is declared external.
func (r Relationship) External() bool { return strings.EqualFold(r.TargetMode, TargetModeExternal) }

// TypeName returns the last segment of the relationship type URI
// ("officeDocument", "attachedTemplate", ...).
func (r Relationship) TypeName() string { return r.Type[strings.LastIndexByte(r.Type, '/')+1:] }

// RelsPartFor returns the name of the .rels part of a source part ("" for
// the package itself: "_rels/.rels").
func RelsPartFor(source string) string {
	source = strings.TrimPrefix(source, "/")
	if source == "" {
		return "_rels/.rels"
	}
	dir, file := path.Split(source)
	return dir + "_rels/" + file + ".rels"
}

// SourceOfRels returns the source part of a .rels part name, and false
// if the name is not a .rels part.
func SourceOfRels(rels string) (string, bool) {
	rels = strings.TrimPrefix(rels, "/")
	dir, file := path.Split(rels)
	if !strings.HasSuffix(strings.ToLower(dir), "_rels/") || !strings.HasSuffix(strings.ToLower(file), ".rels") {
		return "", false
	}
	dir = dir[:len(dir)-len("_rels/")]
	return dir + file[:len(file)-len(".rels")], true
}

// IsRelsPart reports whether an entry name is a relationships part.
func IsRelsPart(name string) bool {
	_, ok := SourceOfRels(name)
	return ok
}

// ReadRels reads the relationships of a source part ("" for the package).
// A missing .rels part yields no relationships and no error.
func (p *Package) ReadRels(source string) ([]Relationship, error) {
	rels := RelsPartFor(source)
	if !p.Has(rels) {
		return nil, nil
	}
	return p.ReadRelsPart(rels)
}

// ReadRelsPart reads one .rels part by name. The result is remembered:
// reading the same part again costs nothing (and inflates nothing). The
// returned slice must not be modified.
func (p *Package) ReadRelsPart(rels string) ([]Relationship, error) {
	if r, ok := lookupKey(p.rels, rels); ok {
		return r.rels, r.err
	}
	key := nameKey(rels)
	out, err := p.readRelsPart(rels)
	out = out[:len(out):len(out)] // appending copies
	if p.rels == nil {
		p.rels = map[string]relsResult{}
	}
	p.rels[key] = relsResult{out, err}
	return out, err
}

type relsResult struct {
	rels []Relationship
	err  error
}

func (p *Package) readRelsPart(rels string) ([]Relationship, error) {
	source, _ := SourceOfRels(rels)
	var dec Decoder
	d := &dec
	rc, err := p.openXML(rels, d)
	if err != nil {
		return nil, err
	}
	defer closeXML(d, rc)
	relsPart := p.entryName(rels)
	// The Id, Target and TargetMode of all relationships are gathered in
	// one buffer, turned into one string at the end; the records wait in
	// a local array and are copied out once, at their number.
	var (
		local   [16]Relationship
		spans   [16]relSpans
		textBuf [1024]byte
	)
	out, at, text := local[:0], spans[:0], textBuf[:0]
	add := func(v []byte) [2]int32 {
		start := len(text)
		text = append(text, v...)
		return [2]int32{int32(start), int32(len(text))}
	}
	finish := func(err error) ([]Relationship, error) {
		if len(out) == 0 {
			return nil, err
		}
		all := string(text)
		res := make([]Relationship, len(out))
		for k := range out {
			r := &res[k]
			*r = out[k]
			sp := &at[k]
			r.ID, r.Target, r.TargetMode = all[sp.id[0]:sp.id[1]], all[sp.target[0]:sp.target[1]], all[sp.mode[0]:sp.mode[1]]
			if !r.External() {
				r.Part = ResolveTarget(source, r.Target)
			}
		}
		return res, err
	}
	for {
		k, err := d.Next()
		if err == io.EOF {
			return finish(nil)
		}
		if err != nil {
			return finish(err)
		}
		if k != StartTag || string(d.Local()) != "Relationship" {
			continue
		}
		out = append(out, Relationship{Source: source, RelsPart: relsPart, Type: d.intern(d.Attr("Type"))})
		at = append(at, relSpans{id: add(d.Attr("Id")), target: add(d.Attr("Target")), mode: add(d.Attr("TargetMode"))})
	}
}

// relSpans locates a relationship's attributes in readRelsPart's buffer.
type relSpans struct{ id, target, mode [2]int32 }

// openXML is XML without the closer, into d (which may be on the
// caller's stack): closeXML(d, rc) closes both.
func (p *Package) openXML(name string, d *Decoder) (io.ReadCloser, error) {
	e := p.Lookup(name)
	if e == nil {
		return nil, fmt.Errorf("%s: %w", name, ErrNotFound)
	}
	rc, err := e.Open()
	if err != nil {
		return nil, err
	}
	d.init(rc, e.Name, p.lim)
	return rc, nil
}

func closeXML(d *Decoder, rc io.Closer) {
	d.Close()
	rc.Close()
}

func (p *Package) entryName(name string) string {
	if e := p.Lookup(name); e != nil {
		return e.Name
	}
	return name
}

// ResolveTarget resolves an internal relationship target against its
// source part and returns a part name without a leading slash, or "" when
// the target is not a part reference (it has a scheme, is empty, or
// climbs out of the package).
func ResolveTarget(source, target string) string {
	return resolveTarget(source, target, joinTarget)
}

// resolveTarget is ResolveTarget with join joining a relative target to
// the folder of its source.
func resolveTarget(source, target string, join func(dir, t string) string) string {
	t := strings.TrimSpace(target)
	if i := strings.IndexByte(t, '#'); i >= 0 {
		t = t[:i]
	}
	if t == "" || HasScheme(t) || strings.HasPrefix(t, `\\`) || strings.HasPrefix(t, "//") {
		return ""
	}
	if u, err := url.PathUnescape(t); err == nil {
		t = u
	}
	t = strings.ReplaceAll(t, `\`, "/")
	var full string
	if strings.HasPrefix(t, "/") {
		full = path.Clean(strings.TrimLeft(t, "/"))
	} else {
		full = join(path.Dir(strings.TrimPrefix(source, "/")), t)
	}
	if full == "." || full == ".." || strings.HasPrefix(full, "../") {
		return ""
	}
	return full
}

// joinTarget is path.Join(dir, t) for a clean dir (as path.Dir returns)
// and a relative t, without its copies when t is plain.
func joinTarget(dir, t string) string {
	switch {
	case plainTarget(t) && dir == ".":
		return t
	case plainTarget(t) && dir[0] != '/':
		return dir + "/" + t
	}
	return path.Join(dir, t)
}

// plainTarget reports whether a relative target is clean (see plainName)
// and has no trailing slash: joined to a clean folder, it stays as it is.
func plainTarget(t string) bool {
	clean, _ := plainName(t)
	return clean && t[len(t)-1] != '/'
}

// HasScheme reports whether s starts with a URI scheme ("http:", "file:",
// "mhtml:", ...). A single letter before the colon is a drive letter and
// counts too, as it points outside the package.
func HasScheme(s string) bool {
	i := strings.IndexByte(s, ':')
	if i < 1 {
		return false
	}
	for j, c := range []byte(s[:i]) {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case j > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return true
}

// MainPart returns the package's main part: the target of the package
// relationship of type officeDocument (either the transitional or the
// strict namespace), or "" when there is none.
func (p *Package) MainPart() (string, error) {
	rels, err := p.ReadRels("")
	for _, r := range rels {
		if r.TypeName() == "officeDocument" && r.Part != "" {
			return r.Part, err
		}
	}
	return "", err
}

// Properties are the values of docProps/core.xml and docProps/app.xml
// that name people or say where a document came from.
type Properties struct {
	Title          string
	Subject        string
	Creator        string
	LastModifiedBy string
	Created        time.Time
	Modified       time.Time
	Revision       string
	Company        string
	Manager        string
	Template       string
	Application    string
}

// ReadProperties reads the core and extended properties, found through
// the package relationships (falling back to docProps/core.xml and
// docProps/app.xml). Missing parts are not an error; the first error of a
// broken part is returned with whatever was read.
func (p *Package) ReadProperties() (Properties, error) {
	var pr Properties
	core, app := "docProps/core.xml", "docProps/app.xml"
	rels, relErr := p.ReadRels("")
	for _, r := range rels {
		switch {
		case r.Part == "":
		case strings.HasSuffix(r.Type, "/core-properties"):
			core = r.Part
		case strings.HasSuffix(r.Type, "/extended-properties"):
			app = r.Part
		}
	}
	var errs []error
	if relErr != nil {
		errs = append(errs, relErr)
	}
	if p.Has(core) {
		errs = append(errs, p.readSimpleXML(core, &pr, true))
	}
	if p.Has(app) {
		errs = append(errs, p.readSimpleXML(app, &pr, false))
	}
	return pr, errors.Join(errs...)
}

// setCoreProp and setAppProp record a value of docProps/core.xml and
// docProps/app.xml.
func setCoreProp(pr *Properties, local, text []byte) {
	switch string(local) {
	case "title":
		pr.Title = string(text)
	case "subject":
		pr.Subject = string(text)
	case "creator":
		pr.Creator = string(text)
	case "lastModifiedBy":
		pr.LastModifiedBy = string(text)
	case "created":
		pr.Created = parseW3CDTF(string(text))
	case "modified":
		pr.Modified = parseW3CDTF(string(text))
	case "revision":
		pr.Revision = string(text)
	}
}

func setAppProp(pr *Properties, local, text []byte) {
	switch string(local) {
	case "Company":
		pr.Company = string(text)
	case "Manager":
		pr.Manager = string(text)
	case "Template":
		pr.Template = string(text)
	case "Application":
		pr.Application = string(text)
	}
}

// readSimpleXML records in pr, with setCoreProp (core) or setAppProp,
// the local name and trimmed text of every child of the root element
// (first 4 KiB of text each). The calls are static, so that the buffers
// stay on the stack.
func (p *Package) readSimpleXML(name string, pr *Properties, core bool) error {
	var dec Decoder
	d := &dec
	rc, err := p.openXML(name, d)
	if err != nil {
		return err
	}
	defer closeXML(d, rc)
	var curBuf [64]byte
	var textBuf [256]byte
	cur, text := curBuf[:0], textBuf[:0]
	for {
		k, err := d.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch k {
		case StartTag:
			if d.Depth() == 2 {
				cur = append(cur[:0], d.Local()...)
				text = text[:0]
			}
		case Text:
			if t := d.Text(); len(cur) > 0 && len(text) < 4096 {
				text = append(text, t[:min(len(t), 4096-len(text))]...)
			}
		case EndTag:
			if d.Depth() == 1 && len(cur) > 0 {
				if core {
					setCoreProp(pr, cur, bytes.TrimSpace(text))
				} else {
					setAppProp(pr, cur, bytes.TrimSpace(text))
				}
				cur = cur[:0]
			}
		}
	}
}

func parseW3CDTF(s string) time.Time {
	for _, layout := range []string{time.RFC3339Nano, time.RFC3339, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02", "2006-01", "2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}
