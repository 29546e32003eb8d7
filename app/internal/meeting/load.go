package meeting

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/fgdesk/fgdesk/app/internal/appdir"
	"github.com/fgdesk/fgdesk/templates"
)

// DefaultID is the profile the app opens with: FG Innovation's first meeting.
const DefaultID = "fg-innovation-1203-gva"

// MaxProfileSize bounds a profile file; real ones are a few KB.
const MaxProfileSize = 1 << 20

// ProfileError is a malformed profile: the file, the line (0 when unknown),
// the field and the cause, printed on one line.
type ProfileError struct {
	File  string
	Line  int
	Field string
	Err   error
}

func (e *ProfileError) Error() string {
	var b strings.Builder
	b.WriteString("meeting profile ")
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	if e.Field != "" {
		fmt.Fprintf(&b, ": field %s", e.Field)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *ProfileError) Unwrap() error { return e.Err }

// Parse reads one profile. name is used in errors only.
func Parse(name string, data []byte) (*Profile, error) {
	if len(data) > MaxProfileSize {
		return nil, &ProfileError{File: name, Err: fmt.Errorf("file is %d bytes, more than the %d a profile may have", len(data), MaxProfileSize)}
	}
	src := string(data)
	var p Profile
	md, err := toml.Decode(src, &p)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, &ProfileError{File: name, Line: pe.Position.Line, Err: errors.New(firstLine(pe.Message))}
		}
		// Type mismatches come back as plain errors naming the key.
		return nil, &ProfileError{File: name, Err: errors.New(firstLine(err.Error()))}
	}
	if und := md.Undecoded(); len(und) > 0 {
		k := und[0]
		return nil, &ProfileError{File: name, Line: keyLine(src, k), Field: k.String(), Err: errors.New("unknown field")}
	}
	if err := p.finish(); err != nil {
		var fe *fieldError
		if errors.As(err, &fe) {
			return nil, &ProfileError{File: name, Line: keyLine(src, fe.key), Field: fe.key.String(), Err: fe.err}
		}
		return nil, &ProfileError{File: name, Err: err}
	}
	p.Source = name
	return &p, nil
}

// LoadFile reads a profile from disk.
func LoadFile(filename string) (*Profile, error) {
	f, err := os.Open(filename)
	if err != nil {
		return nil, &ProfileError{File: filename, Err: err}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxProfileSize+1))
	if err != nil {
		return nil, &ProfileError{File: filename, Err: err}
	}
	return Parse(filename, data)
}

// Builtin returns the embedded profiles, sorted by ID.
func Builtin() ([]*Profile, error) {
	var out []*Profile
	entries, err := fs.ReadDir(templates.Meetings, "meetings")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".toml") {
			continue
		}
		data, err := fs.ReadFile(templates.Meetings, path.Join("meetings", e.Name()))
		if err != nil {
			return nil, err
		}
		p, err := Parse("built-in "+e.Name(), data)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b *Profile) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

// Default returns the built-in FG Innovation profile.
func Default() *Profile {
	ps, err := Builtin()
	if err != nil {
		panic("built-in meeting profiles are broken: " + err.Error()) // caught by tests
	}
	for _, p := range ps {
		if p.ID == DefaultID {
			return p
		}
	}
	panic("built-in meeting profile " + DefaultID + " is missing")
}

// Dir returns the user folder for extra profiles: "meetings" in the app's
// data folder (see package appdir). It does not create it.
func Dir() (string, error) {
	d, err := appdir.Dir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "meetings"), nil
}

// Catalog is the set of profiles the app knows: built-ins plus user files.
type Catalog struct {
	Profiles []*Profile
	// Problems holds one error per user profile that could not be read; the
	// others still load.
	Problems []error
}

// LoadCatalog reads the built-in profiles and every *.toml in userDir (which
// may be empty or missing). A user profile with the ID of a built-in one
// replaces it.
func LoadCatalog(userDir string) (*Catalog, error) {
	builtin, err := Builtin()
	if err != nil {
		return nil, err
	}
	c := &Catalog{Profiles: builtin}
	if userDir == "" {
		return c, nil
	}
	matches, _ := filepath.Glob(filepath.Join(userDir, "*.toml"))
	slices.Sort(matches)
	for _, m := range matches {
		p, err := LoadFile(m)
		if err != nil {
			c.Problems = append(c.Problems, err)
			continue
		}
		if i := slices.IndexFunc(c.Profiles, func(q *Profile) bool { return q.ID == p.ID }); i >= 0 {
			c.Profiles[i] = p
		} else {
			c.Profiles = append(c.Profiles, p)
		}
	}
	return c, nil
}

// Get returns the profile with the given ID.
func (c *Catalog) Get(id string) (*Profile, error) {
	for _, p := range c.Profiles {
		if p.ID == id {
			return p, nil
		}
	}
	ids := make([]string, len(c.Profiles))
	for i, p := range c.Profiles {
		ids[i] = p.ID
	}
	return nil, fmt.Errorf("no meeting profile %q (known: %s)", id, strings.Join(ids, ", "))
}

// fieldError is a semantic error about one key, located later in the source.
type fieldError struct {
	key toml.Key
	err error
}

func (e *fieldError) Error() string { return e.key.String() + ": " + e.err.Error() }

func ferr(err error, key ...string) error { return &fieldError{key: toml.Key(key), err: err} }

// patternRE splits a naming pattern at its number placeholder: the run of
// "n" that stands between separators ("innovation-i-nnnn").
var patternRE = regexp.MustCompile(`^([a-z0-9][a-z0-9._-]*[._-])(n+)((?:[._-][a-z0-9._-]*)?)$`)

// nameRE is the expression of a file name for a naming pattern split
// into prefix, digits and suffix: ParseName's definition (see
// FuzzParseName).
func nameRE(prefix, suffix string, digits int) *regexp.Regexp {
	return regexp.MustCompile(`^` + regexp.QuoteMeta(prefix) + `([0-9]{` + fmt.Sprint(digits) + `})` + regexp.QuoteMeta(suffix) + `(\.[a-z0-9]+)?$`)
}

// finish validates the decoded profile and computes instants.
func (p *Profile) finish() error {
	required := []struct {
		v   string
		key []string
	}{
		{p.ID, []string{"id"}},
		{p.Timezone, []string{"timezone"}},
		{p.Group.Short, []string{"group", "short"}},
		{p.Group.HeaderLine, []string{"group", "header_line"}},
		{p.TSB.Email, []string{"tsb", "email"}},
		{p.Documents.Pattern, []string{"documents", "pattern"}},
		{p.Documents.Deadline, []string{"documents", "deadline"}},
		{p.PlaceDateLine, []string{"place_date_line"}},
		{p.StudyPeriod, []string{"study_period"}},
	}
	for _, r := range required {
		if strings.TrimSpace(r.v) == "" {
			return ferr(errors.New("is required"), r.key...)
		}
	}
	if a := p.FTP.Accept; a != "" && a != "copy" && a != "move" {
		return ferr(fmt.Errorf("%q: want \"copy\" or \"move\"", a), "ftp", "accept")
	}
	if !regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`).MatchString(p.ID) {
		return ferr(fmt.Errorf("%q: use lower-case letters, digits and hyphens", p.ID), "id")
	}
	loc, err := time.LoadLocation(p.Timezone)
	if err != nil {
		return ferr(fmt.Errorf("unknown time zone %q", p.Timezone), "timezone")
	}
	p.loc = loc

	m := patternRE.FindStringSubmatch(p.Documents.Pattern)
	if m == nil {
		return ferr(fmt.Errorf("%q: want lower-case text with one run of n for the digits, e.g. innovation-i-nnnn", p.Documents.Pattern), "documents", "pattern")
	}
	p.prefix, p.digits, p.suffix = m[1], len(m[2]), m[3]
	if p.digits < 2 || p.digits > 8 {
		return ferr(fmt.Errorf("%q: the number must have 2 to 8 digits", p.Documents.Pattern), "documents", "pattern")
	}
	if p.Documents.Series == "" {
		p.Documents.Series = strings.TrimSuffix(p.prefix, "-")
	}
	if len(p.Documents.Extensions) == 0 {
		return ferr(errors.New("list at least one accepted extension"), "documents", "extensions")
	}
	for i, e := range p.Documents.Extensions {
		n := NormalizeExt(e)
		if len(n) < 2 || strings.ContainsAny(n[1:], "./\\ ") {
			return ferr(fmt.Errorf("%q is not a file extension", e), "documents", "extensions")
		}
		p.Documents.Extensions[i] = n
	}

	if p.deadline, err = p.parseTime(p.Documents.Deadline); err != nil {
		return ferr(err, "documents", "deadline")
	}
	if p.Documents.DeadlineCite == "" {
		p.Documents.DeadlineCite = p.Circular
	}
	for i := range p.Dates {
		d := &p.Dates[i]
		if d.Name == "" {
			return ferr(fmt.Errorf("dates entry %d has no name", i+1), "dates", "name")
		}
		if d.at, err = p.parseTime(d.At); err != nil {
			return ferr(fmt.Errorf("%s: %w", d.Name, err), "dates", "at")
		}
	}
	slices.SortStableFunc(p.Dates, func(a, b KeyDate) int { return a.at.Compare(b.at) })
	for i := range p.Sessions {
		s := &p.Sessions[i]
		if s.start, err = p.parseTime(s.Start); err != nil {
			return ferr(fmt.Errorf("%s: %w", s.Name, err), "sessions", "start")
		}
		if s.end, err = p.parseTime(s.End); err != nil {
			return ferr(fmt.Errorf("%s: %w", s.Name, err), "sessions", "end")
		}
		if s.end.Before(s.start) {
			return ferr(fmt.Errorf("%s ends before it starts", s.Name), "sessions", "end")
		}
	}
	slices.SortStableFunc(p.Sessions, func(a, b Session) int { return a.start.Compare(b.start) })
	return nil
}

// parseTime reads a local time ("2012-03-12T23:59:59", or a date alone,
// meaning the end of that day) in the meeting's zone.
func (p *Profile) parseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.ParseInLocation(LocalLayout, s, p.loc); err == nil {
		return t, nil
	}
	if t, err := time.ParseInLocation("2006-01-02", s, p.loc); err == nil {
		return t.Add(24*time.Hour - time.Second), nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.In(p.loc), nil
	}
	return time.Time{}, fmt.Errorf("%q is not a time; write local time as 2012-03-12T23:59:59", s)
}

// keyLine finds the line where a (possibly dotted) key is set, by scanning
// the source for its table header and then the key. It returns 0 if not found.
func keyLine(src string, key toml.Key) int {
	if len(key) == 0 {
		return 0
	}
	table := strings.Join(key[:len(key)-1], ".")
	last := key[len(key)-1]
	cur := ""
	keyRE := regexp.MustCompile(`^\s*"?` + regexp.QuoteMeta(last) + `"?\s*=`)
	for i, line := range strings.Split(src, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "[") {
			cur = strings.Trim(strings.SplitN(t, "#", 2)[0], "[] \t")
			continue
		}
		if cur == table && keyRE.MatchString(line) {
			return i + 1
		}
	}
	return 0
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return strings.TrimSpace(s)
}
