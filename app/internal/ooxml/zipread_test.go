package ooxml_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"strings"
	"testing"

	"github.com/fgdesk/fgdesk/app/internal/corpus/hostile"
	"github.com/fgdesk/fgdesk/app/internal/ooxml"
)

func cleanDocx(t testing.TB) []byte {
	t.Helper()
	_, b := hostile.Contribution("0012")
	return b
}

func TestOpenClean(t *testing.T) {
	p, err := ooxml.OpenBytes(cleanDocx(t), ooxml.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Issues) != 0 {
		t.Errorf("issues: %v", p.Issues)
	}
	if p.Lookup("/WORD/document.XML") == nil {
		t.Error("lookup is not case-insensitive or does not accept a leading slash")
	}
	b, err := p.ReadFile("word/document.xml")
	if err != nil || !bytes.Contains(b, []byte("innovation-i-0012")) {
		t.Fatalf("ReadFile: %v (%d bytes)", err, len(b))
	}
	if _, err := p.ReadFile("word/missing.xml"); !errors.Is(err, ooxml.ErrNotFound) {
		t.Errorf("missing part: %v", err)
	}
	ct, err := p.ReadContentTypes()
	if err != nil {
		t.Fatal(err)
	}
	if got := ct.Of("/word/document.xml"); got != hostile.CTDocx {
		t.Errorf("content type of document = %q", got)
	}
	if got := ct.Of("word/media/x.PNG"); got != "image/png" {
		t.Errorf("default content type = %q", got)
	}
	main, err := p.MainPart()
	if err != nil || main != "word/document.xml" {
		t.Errorf("MainPart = %q, %v", main, err)
	}
	rels, err := p.ReadRels(main)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rels {
		if r.TypeName() == "footer" {
			found = r.Part == "word/footer1.xml" && r.RelsPart == "word/_rels/document.xml.rels"
		}
	}
	if !found {
		t.Errorf("footer relationship not resolved: %+v", rels)
	}
	props, err := p.ReadProperties()
	if err != nil {
		t.Fatal(err)
	}
	if props.Revision != "3" || props.Modified.Year() != 2012 || props.Template != "Normal.dotm" {
		t.Errorf("props = %+v", props)
	}
	if p.Inflated() == 0 {
		t.Error("inflation not counted")
	}
}

func TestResolveTarget(t *testing.T) {
	tests := []struct{ source, target, want string }{
		{"word/document.xml", "media/image1.png", "word/media/image1.png"},
		{"word/document.xml", "/customXml/item1.xml", "customXml/item1.xml"},
		{"word/document.xml", "../customXml/item1.xml", "customXml/item1.xml"},
		{"word/document.xml", "media/my%20image.png", "word/media/my image.png"},
		{"word/document.xml", "../../../etc/passwd", ""},
		{"word/document.xml", "http://example.com/x", ""},
		{"word/document.xml", "mhtml:http://x/!y", ""},
		{"word/document.xml", `\\server\share\x.dotm`, ""},
		{"word/document.xml", "c:/x.dotm", ""},
		{"", "word/document.xml", "word/document.xml"},
		{"word/document.xml", "#bookmark", ""},
	}
	for _, tt := range tests {
		if got := ooxml.ResolveTarget(tt.source, tt.target); got != tt.want {
			t.Errorf("ResolveTarget(%q, %q) = %q, want %q", tt.source, tt.target, got, tt.want)
		}
	}
	if s, ok := ooxml.SourceOfRels("word/_rels/document.xml.rels"); !ok || s != "word/document.xml" {
		t.Errorf("SourceOfRels = %q %v", s, ok)
	}
	if s, ok := ooxml.SourceOfRels("_rels/.rels"); !ok || s != "" {
		t.Errorf("SourceOfRels package = %q %v", s, ok)
	}
	if ooxml.RelsPartFor("word/document.xml") != "word/_rels/document.xml.rels" || ooxml.RelsPartFor("") != "_rels/.rels" {
		t.Error("RelsPartFor")
	}
}

// readAllEntries reads every readable entry and returns the first error.
func readAllEntries(p *ooxml.Package) error {
	for _, e := range p.Entries {
		if e.Issue != nil || e.IsDir() {
			continue
		}
		rc, err := e.Open()
		if err != nil {
			return err
		}
		_, err = io.Copy(io.Discard, rc)
		rc.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

func TestHostileZips(t *testing.T) {
	tests := []struct {
		build   func() (string, []byte)
		openErr error // from Open
		readErr error // from reading every entry
		issues  []string
	}{
		{build: hostile.ZipBomb, readErr: ooxml.ErrBomb},
		{build: hostile.RatioBomb, readErr: ooxml.ErrBomb},
		{build: hostile.SizeLie, readErr: ooxml.ErrSizeLie},
		{build: hostile.ManyEntries, openErr: ooxml.ErrTooManyEntries},
		{build: hostile.ZipSlip, issues: []string{"../../evil.txt", "/tmp/evil.txt", `word\evil.xml`}},
		{build: hostile.DuplicateDocument, issues: []string{"word/document.xml", "Word/Document.XML"}},
	}
	for _, tt := range tests {
		name, data := tt.build()
		t.Run(name, func(t *testing.T) {
			p, err := ooxml.OpenBytes(data, ooxml.Limits{})
			if tt.openErr != nil {
				if !errors.Is(err, tt.openErr) {
					t.Fatalf("Open error = %v, want %v", err, tt.openErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			err = readAllEntries(p)
			if tt.readErr == nil && err != nil || tt.readErr != nil && !errors.Is(err, tt.readErr) {
				t.Errorf("read error = %v, want %v", err, tt.readErr)
			}
			if p.Inflated() > 40<<20 {
				t.Errorf("inflated %d bytes before stopping", p.Inflated())
			}
			if len(p.Issues) != len(tt.issues) {
				t.Fatalf("issues = %v, want %d", p.Issues, len(tt.issues))
			}
			for i, want := range tt.issues {
				if !strings.Contains(p.Issues[i].Error(), want) {
					t.Errorf("issue %d = %v, want it to name %q", i, p.Issues[i], want)
				}
				if !errors.Is(p.Issues[i], ooxml.ErrUnsafeName) && !errors.Is(p.Issues[i], ooxml.ErrDuplicate) {
					t.Errorf("issue %d = %v: no sentinel", i, p.Issues[i])
				}
			}
			// Refused entries are listed, never reachable.
			for _, e := range p.Entries {
				if e.Issue != nil {
					if _, err := e.Open(); err == nil {
						t.Errorf("refused entry %q opened", e.Name)
					}
				}
			}
		})
	}
}

func TestDuplicateKeepsFirst(t *testing.T) {
	_, data := hostile.DuplicateDocument()
	p, err := ooxml.OpenBytes(data, ooxml.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := p.ReadFile("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b, []byte("hiding behind")) {
		t.Error("lookup returned the duplicate, not the first entry")
	}
}

func TestLimits(t *testing.T) {
	data := cleanDocx(t)
	if _, err := ooxml.OpenBytes(data, ooxml.Limits{MaxInput: 100}); !errors.Is(err, ooxml.ErrTooLarge) {
		t.Errorf("MaxInput: %v", err)
	}
	if _, err := ooxml.OpenBytes(data, ooxml.Limits{MaxEntries: 3}); !errors.Is(err, ooxml.ErrTooManyEntries) {
		t.Errorf("MaxEntries: %v", err)
	}
	p, _ := ooxml.OpenBytes(data, ooxml.Limits{MaxPart: 1000})
	if _, err := p.ReadFile("word/document.xml"); !errors.Is(err, ooxml.ErrBomb) {
		t.Errorf("MaxPart: %v", err)
	}
	p, _ = ooxml.OpenBytes(data, ooxml.Limits{MaxTotal: 5000})
	if err := readAllEntries(p); !errors.Is(err, ooxml.ErrBomb) {
		t.Errorf("MaxTotal: %v", err)
	}
	p, _ = ooxml.OpenBytes(data, ooxml.Limits{MaxRatio: 2, RatioFloor: 100})
	if _, err := p.ReadFile("word/document.xml"); !errors.Is(err, ooxml.ErrBomb) {
		t.Errorf("ratio: %v", err)
	}
	if d := ooxml.DefaultLimits(); d != (ooxml.Limits{}).OrDefault() || d.MaxInput != 64<<20 || d.MaxEntries != 4096 || d.MaxDepth != 512 {
		t.Errorf("defaults %+v", d)
	}
}

func TestNotZip(t *testing.T) {
	for _, b := range [][]byte{nil, []byte("hello"), bytes.Repeat([]byte("PK"), 100)} {
		if _, err := ooxml.OpenBytes(b, ooxml.Limits{}); !errors.Is(err, ooxml.ErrMalformed) {
			t.Errorf("OpenBytes(%q...) = %v, want ErrMalformed", b[:min(len(b), 8)], err)
		}
	}
}

func TestCorruptEntry(t *testing.T) {
	// Flip a CRC: the entry reads to the end, then fails.
	data := hostile.ZipRaw(nil, hostile.RawEntry{Name: "a.txt", Method: 0, Compressed: []byte("hello"), CRC32: 1, UncompressedSize: 5})
	p, err := ooxml.OpenBytes(data, ooxml.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.ReadFile("a.txt"); !errors.Is(err, ooxml.ErrMalformed) {
		t.Errorf("bad CRC: %v", err)
	}
	// Garbage deflate data.
	data = hostile.ZipRaw(nil, hostile.RawEntry{Name: "b.xml", Method: 8, Compressed: []byte{0xff, 0xff, 0xff}, UncompressedSize: 5})
	p, _ = ooxml.OpenBytes(data, ooxml.Limits{})
	if _, err := p.ReadFile("b.xml"); !errors.Is(err, ooxml.ErrMalformed) {
		t.Errorf("bad deflate: %v", err)
	}
	// Unknown method.
	data = hostile.ZipRaw(nil, hostile.RawEntry{Name: "c.xml", Method: 14, Compressed: []byte{1, 2, 3}, UncompressedSize: 5})
	p, _ = ooxml.OpenBytes(data, ooxml.Limits{})
	if _, err := p.ReadFile("c.xml"); !errors.Is(err, ooxml.ErrUnsupported) {
		t.Errorf("method 14: %v", err)
	}
	// A short entry (fewer bytes than declared) is a size lie too.
	data = hostile.ZipRaw(nil, hostile.RawEntry{Name: "d.txt", Method: 0, Compressed: []byte("hi"), CRC32: crc32.ChecksumIEEE([]byte("hi")), UncompressedSize: 10})
	p, _ = ooxml.OpenBytes(data, ooxml.Limits{})
	if _, err := p.ReadFile("d.txt"); !errors.Is(err, ooxml.ErrSizeLie) {
		t.Errorf("short entry: %v", err)
	}
}

func TestEntryCountLie(t *testing.T) {
	// The end record says 1 entry; the directory holds 5,000. archive/zip
	// only compares the count modulo 65,536, so the walk must count.
	var parts []hostile.Part
	for i := range 5000 {
		parts = append(parts, hostile.Part{Name: "f" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + itoa(i), Store: true})
	}
	data := hostile.Zip(parts...)
	end := bytes.LastIndex(data, []byte("PK\x05\x06"))
	binary.LittleEndian.PutUint16(data[end+8:], 1)
	binary.LittleEndian.PutUint16(data[end+10:], 1)
	if _, err := ooxml.OpenBytes(data, ooxml.Limits{}); !errors.Is(err, ooxml.ErrTooManyEntries) {
		t.Errorf("count lie: %v", err)
	}
}

func itoa(i int) string {
	var b []byte
	for {
		b = append([]byte{byte('0' + i%10)}, b...)
		i /= 10
		if i == 0 {
			return string(b)
		}
	}
}

func TestPartErrorsAndVerified(t *testing.T) {
	_, data := hostile.SizeLie()
	p, err := ooxml.OpenBytes(data, ooxml.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.ReadFile("word/document.xml")
	if ooxml.PartOf(err) != "word/document.xml" || !errors.Is(err, ooxml.ErrSizeLie) {
		t.Errorf("err %v names part %q", err, ooxml.PartOf(err))
	}
	e := p.Lookup("word/document.xml")
	if e.Verified() || !errors.Is(e.ReadError(), ooxml.ErrSizeLie) {
		t.Errorf("verified %v, read error %v", e.Verified(), e.ReadError())
	}
	ok := p.Lookup("word/settings.xml")
	if _, err := ok.ReadAll(); err != nil || !ok.Verified() || ok.ReadError() != nil {
		t.Errorf("settings: %v verified %v", err, ok.Verified())
	}
	// Issues name their entry too.
	_, data = hostile.ZipSlip()
	p, _ = ooxml.OpenBytes(data, ooxml.Limits{})
	if ooxml.PartOf(p.Issues[0]) != "../../evil.txt" {
		t.Errorf("issue names %q", ooxml.PartOf(p.Issues[0]))
	}
}

// TestInsecurePathSetting: whatever GODEBUG zipinsecurepath says,
// unsafe names are reported, not dropped and not fatal.
func TestInsecurePathSetting(t *testing.T) {
	_, data := hostile.ZipSlip()
	for _, v := range []string{"zipinsecurepath=0", "zipinsecurepath=1"} {
		t.Setenv("GODEBUG", v)
		p, err := ooxml.OpenBytes(data, ooxml.Limits{})
		if err != nil || len(p.Issues) != 3 {
			t.Errorf("%s: err %v, %d issues", v, err, len(p.Issues))
		}
	}
}

func TestUnsafeNames(t *testing.T) {
	names := map[string]string{
		"ok/name.xml":     "",
		"../x":            "leaves the folder",
		"a/../../x":       "leaves the folder",
		"/abs":            "absolute",
		`a\b`:             "backslash",
		"C:/x":            "drive letter",
		"a\x00b":          "control character",
		"line\nbreak.xml": "control character",
		"":                "empty",
	}
	var parts []hostile.Part
	for n := range names {
		parts = append(parts, hostile.Part{Name: n, Data: []byte("x")})
	}
	p, err := ooxml.OpenBytes(hostile.Zip(parts...), ooxml.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range p.Entries {
		want := names[e.Name]
		switch {
		case want == "" && e.Issue != nil:
			t.Errorf("%q refused: %v", e.Name, e.Issue)
		case want != "" && (e.Issue == nil || !strings.Contains(e.Issue.Error(), want)):
			t.Errorf("%q: issue %v, want %q", e.Name, e.Issue, want)
		case strings.ContainsAny(e.Name, "\x00\n") && e.Issue != nil && strings.ContainsAny(e.Issue.Error(), "\x00\n"):
			t.Errorf("control character printed raw: %q", e.Issue.Error())
		}
	}
}

// TestScan: Scan applies every check of Open, in memory (stored entries
// in place) and through an io.ReaderAt alike, and hands over the bytes.
func TestScan(t *testing.T) {
	hello := []byte("hello, world")
	big := bytes.Repeat([]byte("0123456789"), 10_000)
	zeros, zcrc := hostile.ZerosDeflate(8 << 20)
	archive := hostile.ZipRaw(
		[]hostile.Part{{Name: "deflated.xml", Data: big}},
		hostile.RawEntry{Name: "stored.png", Method: 0, Compressed: hello, CRC32: crc32.ChecksumIEEE(hello), UncompressedSize: uint64(len(hello))},
		hostile.RawEntry{Name: "badcrc.png", Method: 0, Compressed: hello, CRC32: 7, UncompressedSize: uint64(len(hello))},
		hostile.RawEntry{Name: "long.png", Method: 0, Compressed: hello, CRC32: crc32.ChecksumIEEE(hello), UncompressedSize: 5},
		hostile.RawEntry{Name: "short.png", Method: 0, Compressed: hello, CRC32: crc32.ChecksumIEEE(hello), UncompressedSize: 50},
		hostile.RawEntry{Name: "lie.bin", Method: 8, Compressed: zeros, CRC32: zcrc, UncompressedSize: 4096},
		hostile.RawEntry{Name: "empty", Method: 0, UncompressedSize: 0},
	)
	tests := []struct {
		entry string
		want  []byte
		err   error
	}{
		{"deflated.xml", big, nil},
		{"stored.png", hello, nil},
		{"badcrc.png", nil, ooxml.ErrMalformed},
		{"long.png", nil, ooxml.ErrSizeLie},
		{"short.png", nil, ooxml.ErrSizeLie},
		{"lie.bin", nil, ooxml.ErrSizeLie},
		{"empty", nil, nil},
	}
	open := map[string]func() (*ooxml.Package, error){
		"bytes": func() (*ooxml.Package, error) { return ooxml.OpenBytes(archive, ooxml.Limits{}) },
		"readerAt": func() (*ooxml.Package, error) {
			return ooxml.Open(bytes.NewReader(archive), int64(len(archive)), ooxml.Limits{})
		},
	}
	for how, o := range open {
		p, err := o()
		if err != nil {
			t.Fatal(err)
		}
		for _, tt := range tests {
			var got []byte
			err := p.Lookup(tt.entry).Scan(func(b []byte) error { got = append(got, b...); return nil })
			if tt.err == nil && err != nil || tt.err != nil && !errors.Is(err, tt.err) {
				t.Errorf("%s %s: err = %v, want %v", how, tt.entry, err, tt.err)
				continue
			}
			if tt.err == nil && (!bytes.Equal(got, tt.want) || !p.Lookup(tt.entry).Verified()) {
				t.Errorf("%s %s: %d bytes, verified %v", how, tt.entry, len(got), p.Lookup(tt.entry).Verified())
			}
			if tt.err != nil && (p.Lookup(tt.entry).Verified() || p.Lookup(tt.entry).ReadError() == nil) {
				t.Errorf("%s %s: failed scan left verified=%v, ReadError %v", how, tt.entry, p.Lookup(tt.entry).Verified(), p.Lookup(tt.entry).ReadError())
			}
		}
		stop := errors.New("stop")
		if err := p.Lookup("deflated.xml").Scan(func([]byte) error { return stop }); err != stop {
			t.Errorf("%s: fn's error not returned: %v", how, err)
		}
	}
	// The package total counts scanned bytes.
	p, _ := ooxml.OpenBytes(archive, ooxml.Limits{MaxTotal: 64})
	if err := p.Lookup("stored.png").Scan(func([]byte) error { return nil }); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 10; i++ {
		err := p.Lookup("stored.png").Scan(func([]byte) error { return nil })
		if i >= 4 && !errors.Is(err, ooxml.ErrBomb) {
			t.Errorf("scan %d: %v", i, err)
		}
	}
}

// TestOpenBytesMatchesOpen: the in-memory path (directory counted on the
// bytes, entries read in place) refuses and reads exactly what the
// io.ReaderAt path does.
func TestOpenBytesMatchesOpen(t *testing.T) {
	for _, c := range hostile.All() {
		name, data := c.Build()
		lim := ooxml.Limits{MaxEntries: 512}
		a, errA := ooxml.OpenBytes(data, lim)
		b, errB := ooxml.Open(bytes.NewReader(data), int64(len(data)), lim)
		if (errA == nil) != (errB == nil) || errA != nil && errA.Error() != errB.Error() {
			t.Errorf("%s: OpenBytes %v, Open %v", name, errA, errB)
			continue
		}
		if errA != nil {
			continue
		}
		if len(a.Entries) != len(b.Entries) {
			t.Errorf("%s: %d vs %d entries", name, len(a.Entries), len(b.Entries))
			continue
		}
		for i, e := range a.Entries {
			if e.Size > 1<<20 {
				continue // the bombs: covered elsewhere
			}
			x, errX := e.ReadAll()
			y, errY := b.Entries[i].ReadAll()
			if !bytes.Equal(x, y) || (errX == nil) != (errY == nil) || errX != nil && errX.Error() != errY.Error() {
				t.Errorf("%s %s: %d bytes %v vs %d bytes %v", name, e.Name, len(x), errX, len(y), errY)
			}
		}
	}
}

// TestDamageBeforeContent: a damaged deflated part of up to 64 KiB is
// inflated whole before its XML is parsed, so the damage (corrupt data,
// a size lie, a bad CRC) is what a read reports, never an XML error in
// the garbage it inflated to: the error is the entry's ReadError.
func TestDamageBeforeContent(t *testing.T) {
	data := cleanDocx(t)
	p, err := ooxml.OpenBytes(data, ooxml.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	parts := 0
	for _, e := range p.Entries {
		name := e.Name
		if e.Method != 8 || e.Size > 64<<10 || e.CompressedSize < 100 || !strings.HasSuffix(name, ".xml") {
			continue
		}
		parts++
		start := dataStart(t, data, name)
		for _, at := range []float64{0.1, 0.3, 0.5, 0.7, 0.9} {
			damaged := bytes.Clone(data)
			i := start + int(float64(e.CompressedSize)*at)
			damaged[i] ^= 0x5a
			damaged[i+1] ^= 0xa5
			q, err := ooxml.OpenBytes(damaged, ooxml.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			d, c, err := q.XML(name)
			if err == nil {
				for err == nil {
					_, err = d.Next()
				}
				c.Close()
			}
			if err == io.EOF {
				continue // the damage decoded to the same bytes (a flipped bit in an unused code)
			}
			if re := q.Lookup(name).ReadError(); re == nil || !errors.Is(err, re) {
				t.Errorf("%s damaged at %d%%: %v, not reported as damage (%v)", name, int(at*100), err, re)
			}
		}
	}
	if parts < 2 {
		t.Fatalf("%d small deflated XML parts to damage", parts)
	}
}

// dataStart is where the named entry's stored bytes begin in a zip.
func dataStart(t *testing.T, data []byte, name string) int {
	t.Helper()
	for i := 0; i+30 < len(data); i++ {
		if binary.LittleEndian.Uint32(data[i:]) != 0x04034b50 {
			continue
		}
		n, x := int(binary.LittleEndian.Uint16(data[i+26:])), int(binary.LittleEndian.Uint16(data[i+28:]))
		if i+30+n <= len(data) && string(data[i+30:i+30+n]) == name {
			return i + 30 + n + x
		}
	}
	t.Fatalf("no local header for %s", name)
	return 0
}
