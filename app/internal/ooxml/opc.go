package ooxml

import (
	"bytes"
	"errors"
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
	d, c, err := p.XML(ContentTypesName)
	if err != nil {
		return nil, err
	}
	defer c.Close()
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
			if ext := d.Attr("Extension"); len(ext) > 0 {
				ct.Defaults[strings.ToLower(strings.TrimPrefix(string(ext), "."))] = string(d.Attr("ContentType"))
			}
		case "Override":
			if pn := d.Attr("PartName"); len(pn) > 0 {
				ct.Overrides[nameKey(string(pn))] = string(d.Attr("ContentType"))
			}
		}
	}
}

// Of returns the content type of a part: its Override, else the Default of
// its extension, else "".
func (ct *ContentTypes) Of(part string) string {
	if ct == nil {
		return ""
	}
	if t, ok := ct.Overrides[nameKey(part)]; ok {
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
	key := nameKey(rels)
	if r, ok := p.rels[key]; ok {
		return r.rels, r.err
	}
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
	d, c, err := p.XML(rels)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	relsPart := p.entryName(rels)
	var out []Relationship
	for {
		k, err := d.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		if k != StartTag || string(d.Local()) != "Relationship" {
			continue
		}
		r := Relationship{
			Source:     source,
			RelsPart:   relsPart,
			ID:         string(d.Attr("Id")),
			Type:       string(d.Attr("Type")),
			Target:     string(d.Attr("Target")),
			TargetMode: string(d.Attr("TargetMode")),
		}
		if !r.External() {
			r.Part = ResolveTarget(source, r.Target)
		}
		out = append(out, r)
	}
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
		full = path.Join(path.Dir(strings.TrimPrefix(source, "/")), t)
	}
	if full == "." || full == ".." || strings.HasPrefix(full, "../") {
		return ""
	}
	return full
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
		errs = append(errs, p.readSimpleXML(core, func(local, text string) {
			switch local {
			case "title":
				pr.Title = text
			case "subject":
				pr.Subject = text
			case "creator":
				pr.Creator = text
			case "lastModifiedBy":
				pr.LastModifiedBy = text
			case "created":
				pr.Created = parseW3CDTF(text)
			case "modified":
				pr.Modified = parseW3CDTF(text)
			case "revision":
				pr.Revision = text
			}
		}))
	}
	if p.Has(app) {
		errs = append(errs, p.readSimpleXML(app, func(local, text string) {
			switch local {
			case "Company":
				pr.Company = text
			case "Manager":
				pr.Manager = text
			case "Template":
				pr.Template = text
			case "Application":
				pr.Application = text
			}
		}))
	}
	return pr, errors.Join(errs...)
}

// readSimpleXML calls f with the local name and trimmed text of every
// child of the root element (first 4 KiB of text each).
func (p *Package) readSimpleXML(name string, f func(local, text string)) error {
	d, c, err := p.XML(name)
	if err != nil {
		return err
	}
	defer c.Close()
	var cur string
	var text []byte
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
				cur = string(d.Local())
				text = text[:0]
			}
		case Text:
			if t := d.Text(); cur != "" && len(text) < 4096 {
				text = append(text, t[:min(len(t), 4096-len(text))]...)
			}
		case EndTag:
			if d.Depth() == 1 && cur != "" {
				f(cur, string(bytes.TrimSpace(text)))
				cur = ""
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
