// Package corpus generates a deterministic test corpus for the checker: N
// realistic contributions written by FG Desk's own writer (varied bodies,
// lists, tables and images; a few KB to a few MB), every hostile class of
// package hostile, and files that break one rule each (wrong extension,
// wrong case, number mismatch, late, not in English). A manifest records
// the rule codes each file must get, so a test (and `fgdesk corpus
// --verify`) can assert that every class is flagged.
//
// The same options give the same bytes: no clock, no randomness except a
// seeded generator. Modification times are set explicitly (on time, or
// late for the late class), because the deadline rule reads them.
package corpus

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fgdesk/fgdesk/app/internal/contribution"
	"github.com/fgdesk/fgdesk/app/internal/corpus/hostile"
	"github.com/fgdesk/fgdesk/app/internal/docx"
	"github.com/fgdesk/fgdesk/app/internal/finding"
	"github.com/fgdesk/fgdesk/app/internal/fsutil"
	"github.com/fgdesk/fgdesk/app/internal/meeting"
)

// Options configure Generate.
type Options struct {
	// N is the number of realistic contributions (numbered 0001..N).
	N int
	// Seed makes a different but still deterministic corpus.
	Seed uint64
	// Hostile adds every hostile class (numbered 0901 on).
	Hostile bool
	// RuleBreakers adds one file per rule class (numbered 0801 on).
	RuleBreakers bool
	// NoLarge keeps every realistic file small (no multi-megabyte images),
	// for quick runs.
	NoLarge bool
}

// Entry is one generated file and what the checker must say about it.
type Entry struct {
	Name  string `json:"name"`
	Class string `json:"class"` // "contribution", a hostile class, or a rule class
	Size  int64  `json:"size"`
	// Expect lists codes the file must get; empty for a realistic
	// contribution, which must get no error.
	Expect []string `json:"expect"`
	// Forbid lists codes the file must not get.
	Forbid []string `json:"forbid,omitempty"`
}

// Manifest lists the generated files.
type Manifest struct {
	Meeting string  `json:"meeting"`
	Files   []Entry `json:"files"`
}

// ManifestName is the manifest's file name inside the corpus folder; it
// starts with a dot so the checker skips it.
const ManifestName = ".corpus.json"

// OnTime and Late are the modification times given to generated files.
var (
	OnTime = time.Date(2012, 3, 9, 16, 30, 0, 0, time.UTC)
	Late   = time.Date(2012, 3, 13, 8, 15, 0, 0, time.UTC)
)

// HostileExpect maps each hostile class to the code it must get.
var HostileExpect = map[string][]string{
	"zip-bomb":        {"SEC-ZIP-BOMB"},
	"ratio-bomb":      {"SEC-ZIP-BOMB"},
	"size-lie":        {"SEC-ZIP-SIZE-LIE"},
	"many-entries":    {"SEC-ZIP-ENTRIES"},
	"zip-slip":        {"SEC-ZIP-SLIP"},
	"duplicate":       {"SEC-ZIP-DUPLICATE"},
	"doctype":         {"SEC-XML-DOCTYPE"},
	"deep-nesting":    {"SEC-XML-DEPTH"},
	"docm":            {"SEC-MACRO", "SEC-AUTOEXEC"},
	"macro-docx":      {"SEC-MACRO"},
	"renamed-vba":     {"SEC-MACRO"},
	"docm-in-zip":     {"SEC-MACRO"},
	"remote-template": {"SEC-EXTERNAL-REL"},
	"mhtml-object":    {"SEC-EXTERNAL-REL"},
	"dde-fldsimple":   {"SEC-DDE"},
	"dde-split":       {"SEC-DDE"},
	"encrypted":       {"SEC-ENCRYPTED"},
	"rtf-as-doc":      {"NAME-EXT-MISMATCH"},
	"pdf-js":          {"SEC-PDF-JS"},
	"pdf-hex-js":      {"SEC-PDF-JS"},
	"pdf-objstm-js":   {"SEC-PDF-JS"},
	"doc-macros":      {"SEC-MACRO"},

	"clean-pdf-destination":    nil,
	"pdf-launch-openaction":    {"SEC-PDF-LAUNCH", "SEC-PDF-OPENACTION"},
	"pdf-submitform":           {"SEC-PDF-REMOTE"},
	"pdf-file-uri":             {"SEC-PDF-URI"},
	"pdf-attachment":           {"SEC-PDF-ATTACHMENT"},
	"clean-doc-objectpool":     nil,
	"docm-no-vba":              {"SEC-MACRO-ENABLED"},
	"xls-xlm-macro":            {"SEC-XLM-MACRO", "SEC-AUTOEXEC"},
	"xls-dde-link":             {"SEC-DDE"},
	"clean-xls":                nil,
	"xlsm-xlm-macro":           {"SEC-XLM-MACRO", "SEC-AUTOEXEC"},
	"slk-xlm-macro":            {"SEC-XLM-MACRO", "SEC-AUTOEXEC"},
	"slk-dde":                  {"SEC-DDE"},
	"csv-dde":                  {"SEC-DDE"},
	"velvetsweatshop-xlsm":     {"SEC-DEFAULT-PASSWORD", "SEC-XLM-MACRO", "SEC-AUTOEXEC"},
	"velvetsweatshop-docm":     {"SEC-DEFAULT-PASSWORD", "SEC-MACRO", "SEC-AUTOEXEC"},
	"encrypted-other-password": {"SEC-ENCRYPTED"},
	"clean-doc97":              nil,
	"doc97-review":             {"HYG-TRACKED-CHANGES", "HYG-COMMENTS"},
	"doc97-dde":                {"SEC-DDE"},
	"xlsx-comments":            {"HYG-COMMENTS"},
	"xlsx-web-query":           {"SEC-EXTERNAL-DATA"},
	"pptx-comments":            {"HYG-COMMENTS"},
	"docx-frameset":            {"SEC-EXTERNAL-DATA", "SEC-EXTERNAL-REL"},
	"rtf-objautlink":           {"SEC-EXTERNAL-DATA"},
	"xls-note":                 {"HYG-COMMENTS"},
	"ppt-comment":              {"HYG-COMMENTS"},
	"nested-zip-bomb":          {"SEC-ZIP-BOMB"},
	"velvetsweatshop-xls":      {"SEC-DEFAULT-PASSWORD", "SEC-XLM-MACRO", "SEC-AUTOEXEC"},
	"velvetsweatshop-xls-rc4":  {"SEC-DEFAULT-PASSWORD", "SEC-DDE"},
	"encrypted-xls-password":   {"SEC-ENCRYPTED"},
	"velvetsweatshop-agile":    {"SEC-DEFAULT-PASSWORD", "SEC-XLM-MACRO", "SEC-AUTOEXEC"},
}

// HostileForbid maps a hostile class to codes it must not get: the false
// alarms real files raised before (a destination taken for an action, an
// empty ObjectPool taken for an object, a macro-enabled type taken for
// VBA).
var HostileForbid = map[string][]string{
	"clean-pdf-destination":    {"SEC-PDF-OPENACTION", "SEC-PDF-URI", "SEC-PDF-ACTIVE", "SEC-PDF-REMOTE"},
	"clean-doc-objectpool":     {"SEC-OLE-OBJECT"},
	"docm-no-vba":              {"SEC-MACRO", "SEC-AUTOEXEC"},
	"clean-xls":                {"SEC-XLM-MACRO", "SEC-DDE", "SEC-MACRO", "SEC-OLE-OBJECT"},
	"xlsm-xlm-macro":           {"SEC-MACRO-ENABLED"},
	"encrypted-other-password": {"SEC-DEFAULT-PASSWORD"},
	"encrypted-xls-password":   {"SEC-DEFAULT-PASSWORD"},
	"clean-doc97":              {"TPL-NOT-CHECKED", "TPL-NO-HEADER", "SEC-OLE-OBJECT", "FILE-UNSUPPORTED", "HYG-TRACKED-CHANGES", "HYG-COMMENTS"},
}

// Generate writes the corpus into dir (created if needed) and returns the
// manifest, which it also writes as dir/.corpus.json.
func Generate(dir string, p *meeting.Profile, opt Options) (*Manifest, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	media, err := os.MkdirTemp("", "fgdesk-corpus-media-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(media)
	if (opt.Hostile || opt.RuleBreakers) && opt.N > 799 {
		return nil, fmt.Errorf("corpus: at most 799 contributions beside the hostile and rule-breaking files (numbered 0801 and up)")
	}
	g := &gen{p: p, dir: dir, media: media, rng: rand.New(rand.NewPCG(opt.Seed, 253)), opt: opt}
	man := &Manifest{Meeting: p.ID}
	for i := 1; i <= opt.N; i++ {
		e, err := g.contribution(i)
		if err != nil {
			return nil, err
		}
		man.Files = append(man.Files, e)
	}
	if opt.RuleBreakers {
		es, err := g.ruleBreakers()
		if err != nil {
			return nil, err
		}
		man.Files = append(man.Files, es...)
	}
	if opt.Hostile {
		for _, c := range hostile.All() {
			name, data := c.Build()
			expect, ok := HostileExpect[c.Class]
			if !ok {
				return nil, fmt.Errorf("corpus: no expected code for hostile class %q", c.Class)
			}
			if err := g.write(name, data, OnTime); err != nil {
				return nil, err
			}
			man.Files = append(man.Files, Entry{Name: name, Class: c.Class, Size: int64(len(data)), Expect: expect, Forbid: HostileForbid[c.Class]})
		}
	}
	b, _ := json.MarshalIndent(man, "", "  ")
	if err := fsutil.WriteAtomic(filepath.Join(dir, ManifestName), fsutil.Overwrite, 0o644, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	}); err != nil {
		return nil, err
	}
	return man, nil
}

// ReadManifest reads dir/.corpus.json.
func ReadManifest(dir string) (*Manifest, error) {
	b, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("corpus manifest %s: %w", filepath.Join(dir, ManifestName), err)
	}
	return &m, nil
}

type gen struct {
	p     *meeting.Profile
	dir   string
	media string
	rng   *rand.Rand
	opt   Options
}

// write stores a file with a fixed modification time.
func (g *gen) write(name string, data []byte, mtime time.Time) error {
	path := filepath.Join(g.dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return err
	}
	return os.Chtimes(path, mtime, mtime)
}

// docx renders a model with the project's writer.
func (g *gen) docx(m *contribution.Model) ([]byte, error) {
	var buf bytes.Buffer
	err := docx.Write(&buf, m, g.p, docx.WriteOptions{BaseDir: g.media, Now: OnTime.Add(-72 * time.Hour)})
	return buf.Bytes(), err
}

// contribution writes realistic contribution i.
func (g *gen) contribution(i int) (Entry, error) {
	m := g.model(i)
	// Sizes: most a few KB; every 10th with a small figure; every 25th
	// with a large photograph-like figure of a few MB.
	switch {
	case i%25 == 0 && !g.opt.NoLarge:
		img, err := g.image(fmt.Sprintf("photo-%04d.png", i), 1100, 700, true)
		if err != nil {
			return Entry{}, err
		}
		m.Body += "\n\n![Field trial site](" + img + ")\n"
	case i%10 == 0:
		img, err := g.image(fmt.Sprintf("chart-%04d.png", i), 480, 300, false)
		if err != nil {
			return Entry{}, err
		}
		m.Body += "\n\n![Adoption over time](" + img + ")\n"
	}
	data, err := g.docx(m)
	if err != nil {
		return Entry{}, fmt.Errorf("corpus: contribution %d: %w", i, err)
	}
	name := g.p.FileName(m.Number, ".docx")
	if err := g.write(name, data, OnTime.Add(-time.Duration(i)*time.Minute)); err != nil {
		return Entry{}, err
	}
	return Entry{Name: name, Class: "contribution", Size: int64(len(data))}, nil
}

// ruleBreakers writes one file per rule class.
func (g *gen) ruleBreakers() ([]Entry, error) {
	type breaker struct {
		class  string
		name   string
		number string
		mtime  time.Time
		edit   func(m *contribution.Model)
		expect []string
	}
	bs := []breaker{
		{"wrong-extension", "innovation-i-0801.pdf", "0801", OnTime, nil, []string{"NAME-EXT-MISMATCH"}},
		{"wrong-case", "Innovation-I-0802.docx", "0802", OnTime, nil, []string{"NAME-CASE"}},
		{"number-mismatch", "innovation-i-0803.docx", "0830", OnTime, nil, []string{"NUM-MISMATCH"}},
		{"late", "innovation-i-0804.docx", "0804", Late, nil, []string{"DEADLINE-LATE"}},
		{"non-english", "innovation-i-0805.docx", "0805", OnTime, func(m *contribution.Model) {
			m.Title = "缩小创新到标准之间距离：创新报告的结构"
			m.Abstract = "本文稿提出创新报告的结构和识别标准化差距的方法。"
		}, []string{"LANG-NON-ENGLISH"}},
		{"placeholder", "innovation-i-0806.docx", "0806", OnTime, func(m *contribution.Model) { m.Title = "[Title]" }, []string{"TPL-PLACEHOLDER"}},
		{"no-number-in-name", "FG contribution final v2.docx", "0807", OnTime, nil, []string{"NAME-PATTERN"}},
	}
	var out []Entry
	for i, b := range bs {
		m := g.model(801 + i)
		m.Number = b.number
		if b.edit != nil {
			b.edit(m)
		}
		data, err := g.docx(m)
		if err != nil {
			return nil, err
		}
		if err := g.write(b.name, data, b.mtime); err != nil {
			return nil, err
		}
		out = append(out, Entry{Name: b.name, Class: b.class, Size: int64(len(data)), Expect: b.expect})
	}
	return out, nil
}

var (
	orgs = []string{"Example Networks Ltd", "Nordic Telecom Research", "University of Example", "Andean Mobile S.A.",
		"Sahel Digital Institute", "Pacific Broadband Corp.", "Ministry of ICT of Examplestan", "Open Standards Lab"}
	countries = []string{"Finland", "Norway", "Spain", "Peru", "Senegal", "Japan", "Kenya", "Canada"}
	firsts    = []string{"Maria", "Li", "Ahmed", "Sofia", "Kwame", "Ana", "Yuki", "Pierre", "Fatima", "Jonas"}
	lasts     = []string{"Virtanen", "Wei", "Hassan", "García", "Mensah", "Silva", "Tanaka", "Dubois", "Diallo", "Berg"}
	topics    = []string{"mobile money", "rural broadband", "e-health kiosks", "smart metering", "open data portals",
		"community networks", "low-cost sensors", "digital identity", "e-learning platforms", "disaster early warning"}
	words = strings.Fields(`the focus group innovation standard gap market adoption operator vendor interoperability
		developing countries small companies case study proposal method criterion evidence deployment pilot trial
		network service user cost regulation spectrum device platform open interface reference implementation
		work item recommendation study group timeline milestone report survey result analysis requirement`)
)

func (g *gen) pick(s []string) string { return s[g.rng.IntN(len(s))] }

func (g *gen) sentence() string {
	n := 8 + g.rng.IntN(14)
	ws := make([]string, n)
	for i := range ws {
		ws[i] = g.pick(words)
	}
	s := strings.Join(ws, " ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

func (g *gen) paragraph() string {
	n := 2 + g.rng.IntN(5)
	ss := make([]string, n)
	for i := range ss {
		ss[i] = g.sentence()
	}
	return strings.Join(ss, " ")
}

// model builds a contribution whose body length varies from a few
// paragraphs to several pages.
func (g *gen) model(i int) *contribution.Model {
	topic := g.pick(topics)
	org := g.pick(orgs)
	m := &contribution.Model{
		Number:   fmt.Sprintf("%04d", i),
		Type:     contribution.Input,
		Source:   org,
		Title:    fmt.Sprintf("Case study %d: %s and the standardization gap", i, topic),
		WGs:      fmt.Sprintf("WG%d", 1+g.rng.IntN(3)),
		Purpose:  contribution.Purposes[g.rng.IntN(len(contribution.Purposes))],
		Abstract: g.paragraph(),
		Keywords: topic + "; innovation; standardization gap",
	}
	for c := 0; c < 1+g.rng.IntN(3); c++ {
		first, last := g.pick(firsts), g.pick(lasts)
		m.Contacts = append(m.Contacts, contribution.Contact{
			Name: first + " " + last, Organization: org, Country: g.pick(countries),
			Tel:   fmt.Sprintf("+%d %d %04d %04d", 1+g.rng.IntN(98), 10+g.rng.IntN(89), g.rng.IntN(10000), g.rng.IntN(10000)),
			Email: strings.ToLower(first+"."+strings.ReplaceAll(last, "í", "i")) + "@example.org",
		})
	}
	var b strings.Builder
	sections := 2 + g.rng.IntN(6)
	for s := 1; s <= sections; s++ {
		fmt.Fprintf(&b, "## %d %s\n\n", s, strings.ToUpper(topic[:1])+topic[1:]+" "+g.pick([]string{"background", "analysis", "proposal", "results", "gaps", "next steps"}))
		for p := 0; p < 1+g.rng.IntN(4); p++ {
			b.WriteString(g.paragraph())
			b.WriteString("\n\n")
		}
		switch g.rng.IntN(4) {
		case 0:
			for k := 0; k < 3+g.rng.IntN(4); k++ {
				fmt.Fprintf(&b, "- %s\n", g.sentence())
			}
			b.WriteString("\n")
		case 1:
			for k := 1; k <= 3+g.rng.IntN(3); k++ {
				fmt.Fprintf(&b, "%d. %s\n", k, g.sentence())
			}
			b.WriteString("\n")
		case 2:
			b.WriteString("| Criterion | Weight | Score |\n|---|---:|---:|\n")
			for k := 0; k < 3+g.rng.IntN(8); k++ {
				fmt.Fprintf(&b, "| %s | %d | %d |\n", g.pick(words), 1+g.rng.IntN(5), g.rng.IntN(10))
			}
			b.WriteString("\n")
		}
	}
	b.WriteString("See also [the FG Innovation page](https://www.itu.int/en/ITU-T/focusgroups/innovation/).\n")
	m.Body = b.String()
	return m
}

// image writes a PNG into the media folder and returns its name. noisy
// images do not compress, so the contribution is megabytes large.
func (g *gen) image(name string, w, h int, noisy bool) (string, error) {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var c color.RGBA
			if noisy {
				v := g.rng.Uint32()
				c = color.RGBA{uint8(v), uint8(v >> 8), uint8(v >> 16), 255}
			} else {
				c = color.RGBA{uint8(40 + 200*x/w), uint8(80 + 120*y/h), 160, 255}
				if (x/40+y/40)%2 == 0 {
					c.B = 220
				}
			}
			img.SetRGBA(x, y, c)
		}
	}
	f, err := os.Create(filepath.Join(g.media, name))
	if err != nil {
		return "", err
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		return "", err
	}
	return name, f.Close()
}

// Verify compares check results (findings by file name) with the
// manifest and returns one line per miss: a file not checked, an expected
// code missing, or a realistic contribution with an error.
func Verify(m *Manifest, results map[string][]finding.Finding) []string {
	var miss []string
	for _, e := range m.Files {
		fs, ok := results[e.Name]
		if !ok {
			miss = append(miss, fmt.Sprintf("%s (%s): not checked", e.Name, e.Class))
			continue
		}
		for _, code := range e.Expect {
			if !finding.Has(fs, code) {
				miss = append(miss, fmt.Sprintf("%s (%s): expected %s, got %s", e.Name, e.Class, code, codes(fs)))
			}
		}
		for _, code := range e.Forbid {
			if finding.Has(fs, code) {
				miss = append(miss, fmt.Sprintf("%s (%s): must not get %s, got %s", e.Name, e.Class, code, codes(fs)))
			}
		}
		if len(e.Expect) == 0 && finding.Worst(fs) == finding.Error {
			miss = append(miss, fmt.Sprintf("%s (%s): expected no error, got %s", e.Name, e.Class, codes(fs)))
		}
	}
	return miss
}

func codes(fs []finding.Finding) string {
	var cs []string
	for _, f := range fs {
		cs = append(cs, f.Code)
	}
	if len(cs) == 0 {
		return "nothing"
	}
	return strings.Join(cs, ", ")
}
