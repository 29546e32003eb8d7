// Package ooxml owns the zip and XML plumbing of Office Open XML packages
// that FG Desk reads and writes, and the limits that make reading an
// untrusted file safe.
//
// Reading: Open (or OpenBytes) takes an untrusted zip archive and returns a
// Package. All limits live in one Limits value (DefaultLimits gives the
// design's: 64 MiB input, 4,096 entries, 32 MiB per part and 96 MiB in all
// inflated, a ratio above 100:1 past 1 MiB is a bomb, XML depth 512). The
// central directory is counted before it is loaded (by readDirectory, which
// lists it exactly as archive/zip's NewReader does); entry names are
// checked (local per filepath.IsLocal, no backslash, drive letter or control
// character, no duplicates ignoring case) whatever GODEBUG zipinsecurepath
// says, and refused entries are reported in Package.Issues rather than
// dropped. Entry data is inflated (by package inflate, in place for an
// in-memory archive) by a reader that stops as soon as a
// limit is crossed and grows buffers only from bytes actually read; an entry
// that inflates past its declared size is a size lie. XML parts are read
// with Decoder, a hand-written streaming scanner: byte-level, no
// allocation per token (slices into one pooled buffer, interned namespace
// strings), any DOCTYPE or other directive refused, depth bounded, no
// single token longer than Limits.MaxToken (8 MiB), which bounds its
// buffer, and encoding/xml's Strict well-formedness checks (a
// differential fuzz target keeps the two in step).
//
// Each problem wraps one sentinel error (ErrTooLarge, ErrTooManyEntries,
// ErrBomb, ErrSizeLie, ErrUnsafeName, ErrDuplicate, ErrDoctype, ErrDepth,
// ErrMalformed, ErrUnsupported, ErrNotFound), so callers classify with
// errors.Is.
//
// The package also reads the OPC layer: [Content_Types].xml, relationships
// (.rels parts, resolved targets) and the core and extended document
// properties.
//
// Writing (the zip writer and XML escaping used by package docx) does not
// read anything untrusted and has no limits.
//
// The package does not interpret WordprocessingML (package docx does) or
// judge what it finds (packages inspect and rules do).
package ooxml
