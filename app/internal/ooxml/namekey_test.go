package ooxml

import (
	"bytes"
	"path"
	"strings"
	"testing"
)

var nameKeyCases = []struct {
	name, key string
	clean     bool // plainName's verdict
}{
	{"word/document.xml", "word/document.xml", true},
	{"[Content_Types].xml", "[content_types].xml", true},
	{"docProps/core.xml", "docprops/core.xml", true},
	{"_rels/.rels", "_rels/.rels", true},
	{"word/media/", "word/media/", true},
	{"a", "a", true},
	{"...", "...", true},
	{"a/.b/c..", "a/.b/c..", true},
	{"", "", false},
	{"/", "", false},
	{"/word/document.xml", "word/document.xml", false},
	{"//Word//x", "/word/x", false},
	{"word//document.xml", "word/document.xml", false},
	{"word/./document.xml", "word/document.xml", false},
	{"word/../document.xml", "document.xml", false},
	{"word/..", ".", false},
	{"word/.", "word", false},
	{"word/./", "word/", false},
	{"a//", "a/", false},
	{".", ".", false},
	{"..", "..", false},
	{"./a", "a", false},
	{"../a", "../a", false},
	{"WORD/Ärger.xml", "word/ärger.xml", false},
	{"a/\xff", "a/\uFFFD", false},
}

func TestNameKey(t *testing.T) {
	for _, c := range nameKeyCases {
		if got := nameKey(c.name); got != c.key {
			t.Errorf("nameKey(%q) = %q, want %q", c.name, got, c.key)
		}
		if got := slowNameKey(c.name); got != c.key {
			t.Errorf("slowNameKey(%q) = %q, want %q", c.name, got, c.key)
		}
		if clean, _ := plainName(c.name); clean != c.clean {
			t.Errorf("plainName(%q) clean = %v, want %v", c.name, clean, c.clean)
		}
	}
}

func TestPartKey(t *testing.T) {
	d := NewDecoder(bytes.NewReader(nil), "", Limits{})
	defer d.Close()
	for _, c := range nameKeyCases {
		for _, pn := range []string{c.name, "/" + c.name} {
			if got, want := d.partKey([]byte(pn)), slowNameKey(pn); got != want {
				t.Errorf("partKey(%q) = %q, want %q", pn, got, want)
			}
		}
	}
	long := "/" + strings.Repeat("A", maxStackKey+1)
	if got, want := d.partKey([]byte(long)), slowNameKey(long); got != want {
		t.Errorf("partKey of %d bytes = %q, want %q", len(long), got, want)
	}
}

func TestLookupKey(t *testing.T) {
	m := map[string]int{}
	for i, c := range nameKeyCases {
		if _, ok := m[c.key]; !ok {
			m[c.key] = i
		}
	}
	long := strings.Repeat("Ab/", maxStackKey) + "X"
	m[slowNameKey(long)] = -1
	for _, name := range append([]string{long, "missing", "Missing/", "/missing"}, func() (ns []string) {
		for _, c := range nameKeyCases {
			ns = append(ns, c.name)
		}
		return ns
	}()...) {
		want, wok := m[slowNameKey(name)]
		if got, ok := lookupKey(m, name); got != want || ok != wok {
			t.Errorf("lookupKey(%q) = %d, %v; want %d, %v", name, got, ok, want, wok)
		}
	}
}

func TestLookupKeyAllocs(t *testing.T) {
	long := "word/glossary/Media/Image-with-a-long-Name.png"
	m := map[string]int{"docprops/core.xml": 1, strings.ToLower(long): 2}
	if n := testing.AllocsPerRun(100, func() {
		if v, _ := lookupKey(m, "docProps/core.xml"); v != 1 {
			t.Fatal("not found")
		}
		if v, _ := lookupKey(m, long); v != 2 {
			t.Fatal("not found")
		}
	}); n != 0 {
		t.Errorf("lookupKey of a name in upper case: %v allocations", n)
	}
}

// FuzzNameKey checks the fast paths of nameKey and lookupKey against the
// definition (slowNameKey).
func FuzzNameKey(f *testing.F) {
	for _, c := range nameKeyCases {
		f.Add(c.name)
	}
	f.Fuzz(func(t *testing.T, name string) {
		want := slowNameKey(name)
		if got := nameKey(name); got != want {
			t.Fatalf("nameKey(%q) = %q, want %q", name, got, want)
		}
		clean, upper := plainName(name)
		if clean && !upper && want != name {
			t.Fatalf("plainName(%q): clean lower case, but its key is %q", name, want)
		}
		if clean && want != strings.ToLower(name) {
			t.Fatalf("plainName(%q): clean, but its key is %q", name, want)
		}
		d := NewDecoder(bytes.NewReader(nil), "", Limits{})
		defer d.Close()
		for _, pn := range []string{name, "/" + name} {
			if got, want := d.partKey([]byte(pn)), slowNameKey(pn); got != want {
				t.Fatalf("partKey(%q) = %q, want %q", pn, got, want)
			}
		}
		m := map[string]bool{want: true}
		if v, ok := lookupKey(m, name); !v || !ok {
			t.Fatalf("lookupKey(%q) misses its key %q", name, want)
		}
		delete(m, want)
		m[want+"x"] = true
		if _, ok := lookupKey(m, name); ok {
			t.Fatalf("lookupKey(%q) finds %q", name, want+"x")
		}
	})
}

// resolveTargetRef is ResolveTarget as first written, with path.Join for
// every relative target.
func resolveTargetRef(source, target string) string {
	return resolveTarget(source, target, func(dir, t string) string { return path.Join(dir, t) })
}

var resolveCases = [][2]string{
	{"", "word/document.xml"}, {"/", "word/document.xml"}, {"word/document.xml", "styles.xml"},
	{"word/document.xml", "media/Image1.PNG"}, {"word/document.xml", "../customXml/item1.xml"},
	{"//a/b", "c"}, {"/a/b", "c"}, {"a", "b/"}, {"a/b", "./c"}, {"a/b", "c//d"}, {"../a/b", "c"},
	{"word/document.xml", "a%2Fb"}, {"word/document.xml", `media\x.png`}, {"a/b", "#frag"},
	{"a/b", ".x"}, {"a/b", "x.."}, {"a/b", "..."},
}

func TestResolveTargetRef(t *testing.T) {
	for _, c := range resolveCases {
		if got, want := ResolveTarget(c[0], c[1]), resolveTargetRef(c[0], c[1]); got != want {
			t.Errorf("ResolveTarget(%q, %q) = %q, want %q", c[0], c[1], got, want)
		}
	}
}

// FuzzResolveTarget checks ResolveTarget's shortcuts against its first
// form.
func FuzzResolveTarget(f *testing.F) {
	for _, c := range resolveCases {
		f.Add(c[0], c[1])
	}
	f.Fuzz(func(t *testing.T, source, target string) {
		if got, want := ResolveTarget(source, target), resolveTargetRef(source, target); got != want {
			t.Fatalf("ResolveTarget(%q, %q) = %q, want %q", source, target, got, want)
		}
	})
}
