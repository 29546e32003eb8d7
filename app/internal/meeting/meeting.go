// Package meeting owns meeting profiles: the data a circular fixes for one
// meeting (dates and deadline instants, place, group names, TSB addresses,
// FTP paths, the file naming pattern and the accepted extensions).
//
// Profiles are TOML files. The built-in ones are embedded from
// templates/meetings; more can be dropped into a user folder (see Dir).
// Times in a profile are local times in the profile's time zone; the zone
// database is embedded (time/tzdata), so deadlines are computed the same on
// every laptop, Windows included.
package meeting

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // deadlines must not depend on the host's zoneinfo
)

// LocalLayout is how profiles write times: local wall-clock time, no zone.
const LocalLayout = "2006-01-02T15:04:05"

// Profile is one meeting as its circular describes it.
type Profile struct {
	ID                  string   `toml:"id"`
	Name                string   `toml:"name"`
	Circular            string   `toml:"circular"`
	Timezone            string   `toml:"timezone"`
	StudyPeriod         string   `toml:"study_period"`
	Place               string   `toml:"place"`
	Venue               string   `toml:"venue"`
	PlaceDateLine       string   `toml:"place_date_line"`
	Languages           []string `toml:"languages"`
	Paperless           bool     `toml:"paperless"`
	RemoteParticipation bool     `toml:"remote_participation"`

	Group     Group     `toml:"group"`
	TSB       TSB       `toml:"tsb"`
	Documents Documents `toml:"documents"`
	FTP       FTP       `toml:"ftp"`
	Dates     []KeyDate `toml:"dates"`
	Sessions  []Session `toml:"sessions"`

	// Source says where the profile was read from: "built-in NAME" or a path.
	Source string `toml:"-"`

	loc      *time.Location
	deadline time.Time
	prefix   string
	suffix   string
	digits   int
}

// Group names the focus group.
type Group struct {
	Full       string `toml:"full"`
	Short      string `toml:"short"`
	HeaderLine string `toml:"header_line"` // as printed in the header table
	Parent     string `toml:"parent"`
	Chairman   string `toml:"chairman"`
	Web        string `toml:"web"`
}

// TSB holds the secretariat's addresses.
type TSB struct {
	Email     string `toml:"email"`
	Tel       string `toml:"tel"`
	Fax       string `toml:"fax"`
	VisaEmail string `toml:"visa_email"`
}

// Documents holds the rules for contributions.
type Documents struct {
	Series       string   `toml:"series"`     // numbering series in the register
	Pattern      string   `toml:"pattern"`    // e.g. innovation-i-nnnn
	Extensions   []string `toml:"extensions"` // lower case, with the dot
	Deadline     string   `toml:"deadline"`   // local time, LocalLayout
	DeadlineCite string   `toml:"deadline_cite"`
}

// FTP holds where files are uploaded and where TSB files them.
type FTP struct {
	Host          string `toml:"host"`
	Incoming      string `toml:"incoming"`
	MeetingFolder string `toml:"meeting_folder"` // e.g. 1203-gva
	MeetingPath   string `toml:"meeting_path"`
	WebIncoming   string `toml:"web_incoming"`
	WebMeeting    string `toml:"web_meeting"`
	// Accept is how TSB files an accepted document from incoming into the
	// meeting folder on the server: "copy" (default: incoming unchanged)
	// or "move".
	Accept string `toml:"accept"`
}

// KeyDate is a dated step for participants (registration, visa, documents).
type KeyDate struct {
	Name     string `toml:"name"`
	At       string `toml:"at"`
	Cite     string `toml:"cite"`
	Note     string `toml:"note"`
	Deadline bool   `toml:"deadline"` // the document deadline itself

	at time.Time
}

// Time returns the instant of the key date in the meeting's zone.
func (k KeyDate) Time() time.Time { return k.at }

// Session is one slot of the programme.
type Session struct {
	Name  string `toml:"name"`
	Start string `toml:"start"`
	End   string `toml:"end"`
	Kind  string `toml:"kind"` // plenary, workshop, ...
	Cite  string `toml:"cite"`
	Note  string `toml:"note"`

	start, end time.Time
}

// StartTime returns the session's start instant.
func (s Session) StartTime() time.Time { return s.start }

// EndTime returns the session's end instant.
func (s Session) EndTime() time.Time { return s.end }

// Location returns the meeting's time zone.
func (p *Profile) Location() *time.Location { return p.loc }

// Deadline returns the document deadline instant (the last second on time).
func (p *Profile) Deadline() time.Time { return p.deadline }

// IsLate reports whether a file received at t missed the document deadline.
func (p *Profile) IsLate(t time.Time) bool { return t.After(p.deadline) }

// Digits returns how many digits a document number has (4 for nnnn).
func (p *Profile) Digits() int { return p.digits }

// Prefix returns the part of the naming pattern before the number,
// e.g. "innovation-i-".
func (p *Profile) Prefix() string { return p.prefix }

// FileName returns the canonical file name for a document number and an
// extension (with or without the dot): FileName("12", ".docx") is
// "innovation-i-0012.docx". The number is zero-padded; the result is lower case.
func (p *Profile) FileName(number, ext string) string {
	return p.BaseName(number) + NormalizeExt(ext)
}

// BaseName returns the canonical name without extension, e.g.
// "innovation-i-0012". A number that is not all digits is used as given.
func (p *Profile) BaseName(number string) string {
	n := strings.TrimSpace(number)
	if isDigits(n) && len(n) < p.digits {
		n = strings.Repeat("0", p.digits-len(n)) + n
	}
	return strings.ToLower(p.prefix + n + p.suffix)
}

// ParseName matches a file's base name (without folder, with or without
// extension) against the naming pattern, exactly and case-sensitively. It
// returns the number and the extension (lower case, with the dot).
//
// It matches by hand what nameRE, its definition, matches: prefix and
// suffix are literals, the number has a fixed width and the extension
// is a dot and ASCII letters or digits to the end (FuzzParseName checks
// the two agree).
func (p *Profile) ParseName(name string) (number, ext string, ok bool) {
	if !strings.HasPrefix(name, p.prefix) || len(name) < len(p.prefix)+p.digits {
		return "", "", false
	}
	number = name[len(p.prefix) : len(p.prefix)+p.digits]
	for i := 0; i < len(number); i++ {
		if number[i] < '0' || number[i] > '9' {
			return "", "", false
		}
	}
	ext, ok = strings.CutPrefix(name[len(p.prefix)+p.digits:], p.suffix)
	if !ok || !isExtension(ext) {
		return "", "", false
	}
	return number, ext, true
}

// isExtension reports whether s is empty or a dot and one or more
// characters a-z, 0-9.
func isExtension(s string) bool {
	if s == "" {
		return true
	}
	if len(s) < 2 || s[0] != '.' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// FindNumber looks for the pattern anywhere in a name, ignoring case and
// treating spaces and underscores as hyphens, so that a checker can suggest
// the corrected name for "Innovation_I-0012 (2).DOCX". It returns the number.
// A run of more digits than a number has is no number ("innovation-i-10000"
// is not 1000).
func (p *Profile) FindNumber(name string) (string, bool) {
	norm := strings.ToLower(strings.NewReplacer("_", "-", " ", "-").Replace(name))
	m := findNumberRE(p.prefix, p.digits).FindStringSubmatch(norm)
	if m == nil {
		return "", false
	}
	n := m[1]
	return strings.Repeat("0", p.digits-len(n)) + n, true
}

// findNumberREs holds FindNumber's expressions, compiled once per naming
// pattern (a check of a folder of misnamed files asks for the same one
// for every file).
var findNumberREs sync.Map // prefix + "\x00" + digits -> *regexp.Regexp

func findNumberRE(prefix string, digits int) *regexp.Regexp {
	key := prefix + "\x00" + strconv.Itoa(digits)
	if re, ok := findNumberREs.Load(key); ok {
		return re.(*regexp.Regexp)
	}
	pre := regexp.QuoteMeta(strings.ToLower(prefix))
	pre = strings.ReplaceAll(pre, "-", "-*")
	// The digits must end there: "innovation-i-10000" holds no number,
	// not the first four of a longer one.
	re := regexp.MustCompile(pre + `(\d{1,` + strconv.Itoa(digits) + `})(?:\D|$)`)
	findNumberREs.Store(key, re)
	return re
}

// Accepts reports whether ext (any case, with or without the dot) is an
// extension the meeting accepts.
func (p *Profile) Accepts(ext string) bool {
	return slices.Contains(p.Documents.Extensions, NormalizeExt(ext))
}

// NormalizeExt lower-cases an extension and makes sure it starts with a dot.
func NormalizeExt(ext string) string {
	ext = strings.ToLower(strings.TrimSpace(ext))
	if ext != "" && !strings.HasPrefix(ext, ".") {
		ext = "." + ext
	}
	return ext
}

// DocumentDeadline returns the key date marked as the document deadline.
func (p *Profile) DocumentDeadline() KeyDate {
	for _, d := range p.Dates {
		if d.Deadline {
			return d
		}
	}
	return KeyDate{Name: "Document deadline", At: p.Documents.Deadline, Cite: p.Documents.DeadlineCite, Deadline: true, at: p.deadline}
}

// Opening returns the start of the first session, or the zero time.
func (p *Profile) Opening() time.Time {
	if len(p.Sessions) == 0 {
		return time.Time{}
	}
	first := p.Sessions[0].start
	for _, s := range p.Sessions[1:] {
		if s.start.Before(first) {
			first = s.start
		}
	}
	return first
}

// DocumentNumber is the number of a file named name whose header table
// gives header ("" if none): the number of an exactly well-formed name,
// else the pattern found anywhere in the name (FindNumber), else header
// when it is a valid number; "" when there is none.
func (p *Profile) DocumentNumber(name, header string) string {
	if n, _, ok := p.ParseName(name); ok {
		return n
	}
	if n, ok := p.FindNumber(name); ok {
		return n
	}
	if p.ValidNumber(header) {
		return header
	}
	return ""
}

// ValidNumber reports whether s is a document number of the right width.
func (p *Profile) ValidNumber(s string) bool {
	return len(s) == p.digits && isDigits(s)
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
