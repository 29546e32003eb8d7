package ooxml

import "errors"

// Limits bounds what reading an untrusted package may cost. They are the
// "Limits for untrusted files" of the design, in one place. A zero field
// means the default (see DefaultLimits).
type Limits struct {
	// MaxInput is the largest input file accepted, in bytes.
	MaxInput int64
	// MaxEntries is the largest number of zip entries accepted.
	MaxEntries int
	// MaxPart is the most bytes one entry may inflate to.
	MaxPart int64
	// MaxTotal is the most bytes all entries of a package may inflate to,
	// counted over every read.
	MaxTotal int64
	// MaxRatio is the inflated:compressed ratio above which an entry is a
	// bomb, once it has inflated past RatioFloor bytes.
	MaxRatio int64
	// RatioFloor is the inflated size below which the ratio is not judged
	// (small, very repetitive parts are normal).
	RatioFloor int64
	// MaxDepth is the deepest XML element nesting accepted.
	MaxDepth int
	// MaxToken is the longest single XML token (a text node, a tag, a
	// comment, a CDATA section or a processing instruction), which is
	// what the scanner must hold in memory at once.
	MaxToken int64
}

// Default limits, from the design's "Limits for untrusted files".
const (
	DefaultMaxInput   = 64 << 20
	DefaultMaxEntries = 4096
	DefaultMaxPart    = 32 << 20
	DefaultMaxTotal   = 96 << 20
	DefaultMaxRatio   = 100
	DefaultRatioFloor = 1 << 20
	DefaultMaxDepth   = 512
	DefaultMaxToken   = 8 << 20
)

// DefaultLimits returns the design's limits.
func DefaultLimits() Limits {
	return Limits{
		MaxInput:   DefaultMaxInput,
		MaxEntries: DefaultMaxEntries,
		MaxPart:    DefaultMaxPart,
		MaxTotal:   DefaultMaxTotal,
		MaxRatio:   DefaultMaxRatio,
		RatioFloor: DefaultRatioFloor,
		MaxDepth:   DefaultMaxDepth,
		MaxToken:   DefaultMaxToken,
	}
}

// OrDefault returns l with every zero (or negative) field set to its
// default.
func (l Limits) OrDefault() Limits {
	d := DefaultLimits()
	if l.MaxInput <= 0 {
		l.MaxInput = d.MaxInput
	}
	if l.MaxEntries <= 0 {
		l.MaxEntries = d.MaxEntries
	}
	if l.MaxPart <= 0 {
		l.MaxPart = d.MaxPart
	}
	if l.MaxTotal <= 0 {
		l.MaxTotal = d.MaxTotal
	}
	if l.MaxRatio <= 0 {
		l.MaxRatio = d.MaxRatio
	}
	if l.RatioFloor <= 0 {
		l.RatioFloor = d.RatioFloor
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = d.MaxDepth
	}
	if l.MaxToken <= 0 {
		l.MaxToken = d.MaxToken
	}
	return l
}

// Sentinel errors. Every error this package returns for a hostile or broken
// input wraps exactly one of them, so callers classify with errors.Is; the
// message around it names the entry and the numbers.
var (
	// ErrTooLarge: the input is larger than Limits.MaxInput.
	ErrTooLarge = errors.New("file too large")
	// ErrTooManyEntries: the archive has more than Limits.MaxEntries entries.
	ErrTooManyEntries = errors.New("too many zip entries")
	// ErrBomb: an entry inflated past MaxPart, all entries past MaxTotal, or
	// an entry past the RatioFloor with a ratio above MaxRatio.
	ErrBomb = errors.New("zip bomb")
	// ErrSizeLie: an entry inflated to more (or fewer) bytes than its header
	// declares.
	ErrSizeLie = errors.New("zip entry size differs from its header")
	// ErrUnsafeName: an entry name that is absolute, climbs out with "..",
	// holds a backslash, a drive letter or a control character, or is empty.
	ErrUnsafeName = errors.New("unsafe zip entry name")
	// ErrDuplicate: two entries with the same name, ignoring case.
	ErrDuplicate = errors.New("duplicate zip entry")
	// ErrDoctype: an XML part holds a DOCTYPE (or another <! directive),
	// the door to entity expansion ("billion laughs") and external entities.
	ErrDoctype = errors.New("XML DOCTYPE not allowed")
	// ErrDepth: XML elements nested deeper than Limits.MaxDepth.
	ErrDepth = errors.New("XML nested too deeply")
	// ErrMalformed: the archive, an entry's data or an XML part is broken.
	ErrMalformed = errors.New("malformed")
	// ErrUnsupported: a compression method or an encrypted entry this
	// package cannot read.
	ErrUnsupported = errors.New("unsupported")
	// ErrNotFound: a part the caller asked for is not in the package (or was
	// refused for an unsafe or duplicate name).
	ErrNotFound = errors.New("part not found")
)

// IsLimit reports whether err comes from a hostile input (a limit crossed,
// a size lie, an unsafe or duplicate name, a DOCTYPE or excessive depth)
// rather than from mere damage.
func IsLimit(err error) bool {
	for _, s := range []error{ErrTooLarge, ErrTooManyEntries, ErrBomb, ErrSizeLie, ErrUnsafeName, ErrDuplicate, ErrDoctype, ErrDepth} {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

// PartError is an error about one entry or part; Error gives the wrapped
// message (which names the part too) and Unwrap the cause, so errors.Is
// still finds the sentinel and errors.As finds the part.
type PartError struct {
	Part string
	Err  error
}

// Error returns the wrapped error's message.
func (e *PartError) Error() string { return e.Err.Error() }

// Unwrap returns the cause.
func (e *PartError) Unwrap() error { return e.Err }

// PartOf returns the part an error is about, or "".
func PartOf(err error) string {
	var pe *PartError
	if errors.As(err, &pe) {
		return pe.Part
	}
	return ""
}
