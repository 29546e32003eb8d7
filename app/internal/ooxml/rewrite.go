package ooxml

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"time"
)

// Rewrite writes a copy of p to w in which the entries named in replace
// carry new data (deflated, stamped modified), the entries named in drop
// are left out, and the parts in add come after the others. Every other
// entry is copied raw: the same compressed bytes, CRC, sizes, method,
// name and time as in p, so a reader sees it byte for byte unchanged.
//
// Rewrite refuses a package with refused entries (unsafe or duplicate
// names) and copies only entries the caller has read through p's bounded
// readers (Entry.Verified), so a bomb or a damaged entry is never passed
// on unread. Names in replace, drop and add are compared as OPC does,
// ignoring case.
func Rewrite(w io.Writer, p *Package, replace map[string][]byte, drop map[string]bool, add []Part, modified time.Time) error {
	if len(p.Issues) > 0 {
		return fmt.Errorf("rewrite: %w", p.Issues[0])
	}
	mod := modified.UTC().Truncate(time.Second)
	if mod.Before(dosEpoch) {
		mod = dosEpoch
	}
	rep := make(map[string][]byte, len(replace))
	for k, v := range replace {
		rep[nameKey(k)] = v
	}
	dr := make(map[string]bool, len(drop))
	for k, v := range drop {
		if v {
			dr[nameKey(k)] = true
		}
	}
	seen := map[string]bool{}
	zw := zip.NewWriter(w)
	for _, e := range p.Entries {
		k := nameKey(e.Name)
		seen[k] = true
		if dr[k] {
			continue
		}
		if data, ok := rep[k]; ok {
			if err := writeEntry(zw, Part{Name: e.Name, Data: data}, mod); err != nil {
				return err
			}
			continue
		}
		if e.IsDir() {
			continue // OPC has no folders; Word drops them too
		}
		if !e.verified {
			return fmt.Errorf("rewrite: entry %s was not read before copying: %w", quote(e.Name), ErrMalformed)
		}
		h := e.zf.FileHeader // a copy: the original header stays as read
		raw, err := e.raw(new(bytes.Reader))
		if err != nil {
			return err
		}
		f, err := zw.CreateRaw(&h)
		if err != nil {
			return fmt.Errorf("zip %s: %w", e.Name, err)
		}
		if _, err := io.CopyN(f, raw, e.CompressedSize); err != nil {
			return fmt.Errorf("zip %s: %v: %w", e.Name, err, ErrMalformed)
		}
	}
	for _, part := range add {
		if err := checkPartName(part.Name); err != nil {
			return err
		}
		k := nameKey(part.Name)
		if seen[k] && !dr[k] {
			return fmt.Errorf("%w: %q is in the package already", ErrPartName, part.Name)
		}
		seen[k] = true
		if err := writeEntry(zw, part, mod); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("zip: %w", err)
	}
	return nil
}

// HasName reports whether the package has an entry of that name, in any
// case (refused entries included), so a new part never collides.
func (p *Package) HasName(name string) bool {
	k := nameKey(name)
	for _, e := range p.Entries {
		if nameKey(e.Name) == k {
			return true
		}
	}
	return false
}
