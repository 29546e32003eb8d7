package ooxml

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"time"
)

// ContentTypesName is the name of the OPC content types part, which
// WritePackage always stores first (some readers sniff it there).
const ContentTypesName = "[Content_Types].xml"

// Part is one entry of an OPC package to write.
type Part struct {
	// Name is the part name without a leading slash, e.g. "word/document.xml".
	Name string
	// Data is the part's content.
	Data []byte
	// Store writes the part without compression (for PNG, JPEG and GIF,
	// which are compressed already).
	Store bool
}

// ErrPartName is returned by WritePackage for a part name that is empty,
// absolute, has a backslash, "." or ".." element, or repeats another name
// (compared case-insensitively, as OPC does).
var ErrPartName = errors.New("bad part name")

// dosEpoch is the earliest time a zip (MS-DOS) timestamp can hold.
var dosEpoch = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// WritePackage writes parts as a zip archive to w, deterministically: the
// same parts and modified time give the same bytes. [Content_Types].xml is
// written first, then "_rels/.rels", then the other parts in the order given.
// Every entry carries modified (in UTC; times before 1980 are clamped to
// 1980-01-01, the zip format's epoch). XML parts are deflated; parts with
// Store set are stored.
func WritePackage(w io.Writer, modified time.Time, parts []Part) error {
	ordered, err := orderParts(parts)
	if err != nil {
		return err
	}
	mod := modified.UTC().Truncate(time.Second)
	if mod.Before(dosEpoch) {
		mod = dosEpoch
	}
	zw := zip.NewWriter(w)
	for _, p := range ordered {
		if err := writeEntry(zw, p, mod); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("zip: %w", err)
	}
	return nil
}

// writeEntry writes one part as a new zip entry, deflated unless Store.
func writeEntry(zw *zip.Writer, p Part, mod time.Time) error {
	h := &zip.FileHeader{Name: p.Name, Method: zip.Deflate, Modified: mod}
	if p.Store {
		h.Method = zip.Store
	}
	f, err := zw.CreateHeader(h)
	if err != nil {
		return fmt.Errorf("zip %s: %w", p.Name, err)
	}
	if _, err := f.Write(p.Data); err != nil {
		return fmt.Errorf("zip %s: %w", p.Name, err)
	}
	return nil
}

// orderParts checks names and puts the content types and package
// relationships first.
func orderParts(parts []Part) ([]Part, error) {
	seen := make(map[string]bool, len(parts))
	out := make([]Part, 0, len(parts))
	var first []Part
	for _, p := range parts {
		if err := checkPartName(p.Name); err != nil {
			return nil, err
		}
		k := strings.ToLower(p.Name)
		if seen[k] {
			return nil, fmt.Errorf("%w: %q twice", ErrPartName, p.Name)
		}
		seen[k] = true
		switch p.Name {
		case ContentTypesName:
			first = append([]Part{p}, first...)
		case "_rels/.rels":
			first = append(first, p)
		default:
			out = append(out, p)
		}
	}
	return append(first, out...), nil
}

func checkPartName(name string) error {
	if name == "" || strings.HasPrefix(name, "/") || strings.Contains(name, `\`) ||
		strings.HasSuffix(name, "/") || path.Clean(name) != name || strings.HasPrefix(name, "../") || name == ".." {
		return fmt.Errorf("%w: %q", ErrPartName, name)
	}
	for _, el := range strings.Split(name, "/") {
		if el == "." || el == ".." || el == "" {
			return fmt.Errorf("%w: %q", ErrPartName, name)
		}
	}
	return nil
}
