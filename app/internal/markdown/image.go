package markdown

import (
	"bytes"
	"fmt"
	"image"
	_ "image/gif" // image.DecodeConfig learns GIF
	_ "image/jpeg"
	_ "image/png"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"

	"github.com/fgdesk/fgdesk/app/internal/ooxml"
)

// imagePart is one embedded image file.
type imagePart struct {
	relID  string
	name   string // file name inside word/media
	width  int    // pixels
	height int
}

var imageTypes = map[string]Default{
	"png":  {Ext: "png", ContentType: "image/png"},
	"jpeg": {Ext: "jpeg", ContentType: "image/jpeg"},
	"gif":  {Ext: "gif", ContentType: "image/gif"},
}

// loadImage reads, checks and registers the image an ast.Image points at.
func (r *renderer) loadImage(n *ast.Image) (*imagePart, error) {
	dest := strings.TrimSpace(string(unescape(n.Destination)))
	fail := func(err error) (*imagePart, error) {
		line := 0
		if i := bytes.Index(r.src[min(r.para, len(r.src)):], n.Destination); i >= 0 {
			line = lineOf(r.src, r.para+i)
		}
		return nil, &ImageError{Path: ooxml.CleanText(dest), Line: line, Err: err}
	}
	if dest == "" {
		return fail(fmt.Errorf("no file named"))
	}
	l := strings.ToLower(dest)
	if strings.Contains(l, "://") || strings.HasPrefix(l, "data:") || strings.HasPrefix(l, "mailto:") {
		return fail(ErrImageNotLocal)
	}
	if strings.ContainsRune(dest, 0) {
		return fail(fmt.Errorf("file name holds a NUL byte"))
	}
	path := dest
	if !filepath.IsAbs(path) {
		path = filepath.Join(r.opt.BaseDir, filepath.FromSlash(path))
	}
	fi, err := os.Stat(path)
	if err != nil && strings.Contains(dest, "%") {
		// "my%20figure.png": the Markdown way of writing a space.
		if u, uerr := url.PathUnescape(dest); uerr == nil {
			alt := u
			if !filepath.IsAbs(alt) {
				alt = filepath.Join(r.opt.BaseDir, filepath.FromSlash(alt))
			}
			if afi, aerr := os.Stat(alt); aerr == nil {
				path, fi, err = alt, afi, nil
			}
		}
	}
	if err != nil {
		if os.IsNotExist(err) {
			return fail(notFound(path))
		}
		return fail(err)
	}
	if !fi.Mode().IsRegular() {
		return fail(fmt.Errorf("%s is not a file", path))
	}
	key := filepath.Clean(path)
	if p, ok := r.images[key]; ok {
		return p, nil
	}
	if fi.Size() > r.opt.MaxImageBytes {
		return fail(fmt.Errorf("%w: %s is %s, more than the %s an image may have", ErrImageTooLarge, path, sizeText(fi.Size()), sizeText(r.opt.MaxImageBytes)))
	}
	if len(r.images) >= r.opt.MaxImages {
		return fail(fmt.Errorf("%w: a body may embed at most %d image files", ErrTooManyImages, r.opt.MaxImages))
	}
	f, err := os.Open(path)
	if err != nil {
		return fail(err)
	}
	data, err := io.ReadAll(io.LimitReader(f, r.opt.MaxImageBytes+1))
	f.Close()
	if err != nil {
		return fail(err)
	}
	if int64(len(data)) > r.opt.MaxImageBytes {
		return fail(fmt.Errorf("%w: %s grew past %s while being read", ErrImageTooLarge, path, sizeText(r.opt.MaxImageBytes)))
	}
	if r.imgSum+int64(len(data)) > r.opt.MaxTotalImageBytes {
		return fail(fmt.Errorf("%w: the images of a body may have %s together", ErrImagesTotalSize, sizeText(r.opt.MaxTotalImageBytes)))
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return fail(fmt.Errorf("%w (%s: %v)", ErrImageFormat, path, err))
	}
	typ, ok := imageTypes[format]
	if !ok {
		return fail(fmt.Errorf("%w (%s is %s)", ErrImageFormat, path, format))
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > 100000 || cfg.Height > 100000 {
		return fail(fmt.Errorf("%s: impossible size %d×%d pixels", path, cfg.Width, cfg.Height))
	}
	r.imgSum += int64(len(data))
	p := &imagePart{relID: r.relID(), name: "image" + strconv.Itoa(len(r.images)+1) + "." + typ.Ext, width: cfg.Width, height: cfg.Height}
	r.images[key] = p
	r.res.Media = append(r.res.Media, Media{Name: "word/media/" + p.name, Data: data, ContentType: typ.ContentType, Source: path})
	r.res.Rels = append(r.res.Rels, Rel{ID: p.relID, Type: RelImage, Target: "media/" + p.name})
	have := false
	for _, d := range r.res.Defaults {
		have = have || d.Ext == typ.Ext
	}
	if !have {
		r.res.Defaults = append(r.res.Defaults, typ)
	}
	return p, nil
}

// notFound is the error for a missing image file; it is fs.ErrNotExist.
type notFound string

func (p notFound) Error() string { return "file not found (looked for " + string(p) + ")" }
func (p notFound) Unwrap() error { return fs.ErrNotExist }

// sizeText prints a byte count the way the messages do: "16 MiB", "50.0 MB".
func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	}
	return fmt.Sprintf("%d bytes", n)
}

// drawing writes a w:r with an inline picture of p, scaled to fit maxWidth
// twips (and the page height).
func (r *renderer) drawing(p *imagePart, alt, title string, maxWidth int) {
	cx := int64(p.width) * emuPerPixel
	cy := int64(p.height) * emuPerPixel
	maxW := int64(max(maxWidth, 1440)) * emuPerTwip
	maxH := int64(DefaultTextHeight) * emuPerTwip
	if cx > maxW {
		cy = cy * maxW / cx
		cx = maxW
	}
	if cy > maxH {
		cx = cx * maxH / cy
		cy = maxH
	}
	cx, cy = max(cx, 1), max(cy, 1)
	r.docPr++
	id := strconv.Itoa(r.docPr)
	ext := `cx="` + strconv.FormatInt(cx, 10) + `" cy="` + strconv.FormatInt(cy, 10) + `"`
	r.raw(`<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent ` + ext + `/><wp:effectExtent l="0" t="0" r="0" b="0"/>`)
	r.raw(`<wp:docPr id="` + id + `" name="Picture ` + id + `" descr="`)
	r.buf = ooxml.AppendEscaped(r.buf, alt, true)
	r.raw(`"`)
	if title != "" {
		r.raw(` title="`)
		r.buf = ooxml.AppendEscaped(r.buf, title, true)
		r.raw(`"`)
	}
	r.raw(`/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>`)
	r.raw(`<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>`)
	r.raw(`<pic:nvPicPr><pic:cNvPr id="` + id + `" name="` + p.name + `"/><pic:cNvPicPr/></pic:nvPicPr>`)
	r.raw(`<pic:blipFill><a:blip r:embed="` + p.relID + `"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>`)
	r.raw(`<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext ` + ext + `/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>`)
	r.raw(`</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`)
}

// inlineImage renders an image inside running text.
func (r *renderer) inlineImage(n *ast.Image, f runFmt) error {
	alt := plainText(n, r.src)
	if r.opt.NoImages {
		r.run("["+alt+"]", f)
		return nil
	}
	p, err := r.loadImage(n)
	if err != nil {
		return err
	}
	r.drawing(p, alt, ooxml.CleanText(string(n.Title)), r.opt.TextWidth)
	return nil
}

// figure renders a paragraph that is one image: the picture centred in a
// Figure paragraph, then its alt text as a Caption.
func (r *renderer) figure(n *ast.Image, ctx blockCtx) error {
	alt := plainText(n, r.src)
	if r.opt.NoImages {
		r.raw(`<w:p><w:pPr><w:pStyle w:val="Figure"/></w:pPr>`)
		r.run("["+alt+"]", runFmt{})
		r.raw(`</w:p>`)
		return nil
	}
	p, err := r.loadImage(n)
	if err != nil {
		return err
	}
	r.raw(`<w:p><w:pPr><w:pStyle w:val="Figure"/>`)
	if alt == "" {
		r.raw(`<w:keepNext w:val="0"/>`)
	}
	r.raw(`</w:pPr>`)
	r.drawing(p, alt, ooxml.CleanText(string(n.Title)), r.opt.TextWidth-ctx.inset)
	r.raw(`</w:p>`)
	if alt != "" {
		r.raw(`<w:p><w:pPr><w:pStyle w:val="Caption"/></w:pPr>`)
		r.run(alt, runFmt{})
		r.raw(`</w:p>`)
	}
	return nil
}
