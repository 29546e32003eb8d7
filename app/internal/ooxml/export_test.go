package ooxml

// StrictOnly reports whether the decoder's error is one of the documented
// checks encoding/xml does not make (for the differential fuzz target).
func StrictOnly(d *Decoder) bool { return d.strictOnly }
