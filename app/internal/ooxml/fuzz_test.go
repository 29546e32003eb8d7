package ooxml_test

import (
	"io"
	"testing"

	"github.com/fgdesk/fgdesk/app/internal/corpus/hostile"
	"github.com/fgdesk/fgdesk/app/internal/ooxml"
)

// FuzzZip opens arbitrary bytes as a package and reads everything a
// reader would: no input may panic, hang or inflate past the limits.
func FuzzZip(f *testing.F) {
	min := hostile.Minimal()
	f.Add(min)
	f.Add(hostile.Zip(hostile.Part{Name: "../x", Data: []byte("a")}, hostile.Part{Name: "A", Data: []byte("b")}, hostile.Part{Name: "a", Data: []byte("c")}))
	f.Add(hostile.Zip(hostile.Part{Name: "d.xml", Data: []byte(`<!DOCTYPE a><a/>`)}))
	f.Add(hostile.Zip(hostile.Part{Name: "a", Data: []byte("x")}))
	f.Add([]byte("PK\x05\x06" + string(make([]byte, 18))))
	lim := ooxml.Limits{MaxPart: 1 << 20, MaxTotal: 4 << 20, MaxEntries: 256}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ooxml.OpenBytes(data, lim)
		if err != nil {
			return
		}
		p.ReadContentTypes()
		p.MainPart()
		p.ReadProperties()
		for _, e := range p.Entries {
			if ooxml.IsRelsPart(e.Name) {
				p.ReadRelsPart(e.Name)
				continue
			}
			if rc, err := e.Open(); err == nil {
				d := ooxml.NewDecoder(rc, e.Name, lim)
				for {
					if _, err := d.Token(); err != nil {
						break
					}
				}
				io.Copy(io.Discard, rc)
				rc.Close()
			}
		}
		if p.Inflated() > lim.MaxTotal+64<<10 {
			t.Fatalf("inflated %d bytes past the total limit", p.Inflated())
		}
	})
}

// FuzzDirectory compares the central-directory reader with archive/zip
// on arbitrary bytes, in memory and through ReadAt with a 7-byte window
// (so every window refill is exercised).
func FuzzDirectory(f *testing.F) {
	for _, b := range ooxml.DirectorySeeds(f) {
		f.Add(b)
	}
	f.Add(hostile.Minimal())
	for _, c := range []func() (string, []byte){hostile.ZipSlip, hostile.DuplicateDocument, hostile.Docm} {
		_, b := c()
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ooxml.SameDirectory(t, data, true)
		defer ooxml.SetSeqWindow(7)()
		ooxml.SameDirectory(t, data, false)
	})
}

// TestDirectoryHostile runs the differential check of FuzzDirectory on
// every hostile class (the large ones are too slow to mutate as seeds).
func TestDirectoryHostile(t *testing.T) {
	for _, c := range hostile.All() {
		_, b := c.Build()
		t.Run(c.Class, func(t *testing.T) {
			ooxml.SameDirectory(t, b, true)
			ooxml.SameDirectory(t, b, false)
		})
	}
}
