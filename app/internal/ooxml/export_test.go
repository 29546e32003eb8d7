package ooxml

import "io"

// StrictOnly reports whether the decoder's error is one of the documented
// checks encoding/xml does not make (for the differential fuzz target).
func StrictOnly(d *Decoder) bool { return d.strictOnly }

// NewDecoderBuf is NewDecoder with a buffer of n bytes to start with, so
// that fill moves the buffer at almost every token. The Decoder must not
// be closed (its small buffer would go to the pool).
func NewDecoderBuf(r io.Reader, name string, lim Limits, n int) *Decoder {
	d := NewDecoder(r, name, lim)
	d.s = &decState{buf: make([]byte, n)}
	return d
}

// For FuzzDirectory (package ooxml_test, which may import the hostile
// corpus): the differential check, its seeds and the window size.
var (
	SameDirectory  = sameDirectory
	DirectorySeeds = directorySeeds
)

func SetSeqWindow(n int) (restore func()) {
	old := seqWindow
	seqWindow = n
	return func() { seqWindow = old }
}
