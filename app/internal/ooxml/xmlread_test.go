package ooxml_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/fgdesk/fgdesk/app/internal/benchcpu"
	"github.com/fgdesk/fgdesk/app/internal/corpus/hostile"
	"github.com/fgdesk/fgdesk/app/internal/ooxml"
)

func drain(d *ooxml.Decoder) (int, error) {
	n := 0
	for {
		_, err := d.Token()
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		n++
	}
}

func TestDecoder(t *testing.T) {
	tests := []struct {
		name, xml string
		want      error
	}{
		{"ok", `<?xml version="1.0"?><a xmlns="urn:x"><b c="1">t</b><!-- c --></a>`, nil},
		{"doctype", hostile.BillionLaughs, ooxml.ErrDoctype},
		{"external entity", `<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>`, ooxml.ErrDoctype},
		{"bare directive", `<a><!ELEMENT a ANY></a>`, ooxml.ErrDoctype},
		{"unknown entity", `<a>&x;</a>`, ooxml.ErrMalformed},
		{"mismatched", `<a></b>`, ooxml.ErrMalformed},
		{"unclosed", `<a><b>`, ooxml.ErrMalformed},
		{"utf16 declared", `<?xml version="1.0" encoding="UTF-16"?><a/>`, ooxml.ErrMalformed},
		{"deep", strings.Repeat("<a>", 600) + strings.Repeat("</a>", 600), ooxml.ErrDepth},
		{"just deep enough", strings.Repeat("<a>", 512) + strings.Repeat("</a>", 512), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := ooxml.NewDecoder(strings.NewReader(tt.xml), "part.xml", ooxml.Limits{})
			_, err := drain(d)
			if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if err != nil && !strings.Contains(err.Error(), "part.xml") {
				t.Errorf("error %q does not name the part", err)
			}
			if err != nil {
				if _, err2 := d.Token(); err2 != err {
					t.Errorf("error not sticky: %v then %v", err, err2)
				}
			}
		})
	}
}

func TestDecoderNestedTables(t *testing.T) {
	_, data := hostile.DeepNesting()
	p, err := ooxml.OpenBytes(data, ooxml.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	d, c, err := p.XML("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := drain(d); !errors.Is(err, ooxml.ErrDepth) {
		t.Fatalf("err = %v, want ErrDepth", err)
	}
	if p.Inflated() > 1<<20 {
		t.Errorf("inflated %d bytes before stopping at depth 512", p.Inflated())
	}
}

func TestDecoderLimitErrorPassesThrough(t *testing.T) {
	_, data := hostile.SizeLie()
	p, err := ooxml.OpenBytes(data, ooxml.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	d, c, err := p.XML("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := drain(d); !errors.Is(err, ooxml.ErrSizeLie) {
		t.Fatalf("err = %v, want ErrSizeLie", err)
	}
}

func TestDecoderNamespacesAndSkip(t *testing.T) {
	src := `<w:document xmlns:w="urn:w"><w:body><w:skip><w:x/><w:y>t</w:y></w:skip><w:p w:id="7"/></w:body></w:document>`
	d := ooxml.NewDecoder(strings.NewReader(src), "d.xml", ooxml.Limits{})
	var got []string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			if se.Name.Local == "skip" {
				if err := d.Skip(); err != nil {
					t.Fatal(err)
				}
				continue
			}
			got = append(got, se.Name.Space+" "+se.Name.Local+" "+ooxml.AttrNS(se, "urn:w", "id"))
		}
	}
	want := "urn:w document |urn:w body |urn:w p 7"
	if strings.Join(got, "|") != want {
		t.Errorf("got %q", strings.Join(got, "|"))
	}
}

// stdTokens tokenizes with encoding/xml's own Token in Strict mode, the
// reference (the old reader path).
func stdTokens(src []byte) ([]string, error) {
	d := xml.NewDecoder(bytes.NewReader(src))
	d.Strict = true
	var out []string
	for {
		t, err := d.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, describeToken(t))
	}
}

// ourTokens tokenizes with the scanner, through r (which may hand out
// the bytes in small pieces), with no practical depth limit.
func ourTokens(r io.Reader) ([]string, *ooxml.Decoder, error) {
	return ourTokensBuf(r, 0)
}

// ourTokensBuf is ourTokens with a decoder whose buffer starts at n
// bytes (0: the usual size).
func ourTokensBuf(r io.Reader, n int) ([]string, *ooxml.Decoder, error) {
	lim := ooxml.Limits{MaxDepth: 1 << 20}
	var d *ooxml.Decoder
	if n > 0 {
		d = ooxml.NewDecoderBuf(r, "x.xml", lim, n)
	} else {
		d = ooxml.NewDecoder(r, "x.xml", lim)
	}
	var out []string
	for {
		t, err := d.Token()
		if err == io.EOF {
			return out, d, nil
		}
		if err != nil {
			return out, d, err
		}
		out = append(out, describeToken(t))
	}
}

func describeToken(t xml.Token) string {
	switch t := t.(type) {
	case xml.StartElement:
		s := "<" + t.Name.Space + "|" + t.Name.Local
		for _, a := range t.Attr {
			s += " " + a.Name.Space + "|" + a.Name.Local + "=" + a.Value
		}
		return s + ">"
	case xml.EndElement:
		return "</" + t.Name.Space + "|" + t.Name.Local + ">"
	case xml.CharData:
		return "text:" + string(t)
	case xml.Comment:
		return "comment:" + string(t)
	case xml.ProcInst:
		return "pi:" + t.Target + " " + string(t.Inst)
	case xml.Directive:
		return "directive"
	}
	return "?"
}

// checkSameAsStd compares the scanner with encoding/xml's Decoder.Token
// in Strict mode on one input, allowing exactly the differences the
// Decoder documents:
//   - where encoding/xml returns a directive, the scanner stops with
//     ErrDoctype after the same tokens (also when encoding/xml fails
//     inside the directive: "<!" is refused before it is read);
//   - the scanner may refuse, with a "stricter" error, an input
//     encoding/xml accepts (repeated attribute, attributes not separated
//     by white space, character reference to a surrogate), after the
//     same tokens;
//   - the scanner may accept an input encoding/xml refuses only if it
//     holds non-ASCII bytes (names are checked for valid UTF-8 only).
//
// Otherwise both accept or refuse alike, with the same tokens up to the
// error. The scanner must also give the same result when its reader
// hands out one byte at a time or half of what is asked.
func checkSameAsStd(t *testing.T, src []byte) {
	t.Helper()
	want, stdErr := stdTokens(src)
	got, d, err := ourTokens(bytes.NewReader(src))
	for name, r := range map[string]io.Reader{"one byte": iotest.OneByteReader(bytes.NewReader(src)), "half": iotest.HalfReader(bytes.NewReader(src))} {
		got2, _, err2 := ourTokens(r)
		if !slices.Equal(got, got2) || (err == nil) != (err2 == nil) || err != nil && err.Error() != err2.Error() {
			t.Fatalf("%q: %s reader gives\n%q, %v\nnot\n%q, %v", src, name, got2, err2, got, err)
		}
	}
	// A small buffer moves at almost every token, with elements open:
	// the same tokens, an error or not alike. (Not always the same error:
	// a tag cut by the end of the buffer is refused for a '<' in its
	// unterminated attribute value before the faults of the value.)
	if got2, _, err2 := ourTokensBuf(iotest.HalfReader(bytes.NewReader(src)), 8); !slices.Equal(got, got2) || (err == nil) != (err2 == nil) ||
		errors.Is(err, ooxml.ErrDoctype) != errors.Is(err2, ooxml.ErrDoctype) {
		t.Fatalf("%q: a small buffer gives\n%q, %v\nnot\n%q, %v", src, got2, err2, got, err)
	}
	if err != nil && !errors.Is(err, ooxml.ErrMalformed) && !errors.Is(err, ooxml.ErrDoctype) {
		t.Fatalf("%q: error %v wraps neither ErrMalformed nor ErrDoctype", src, err)
	}
	if err != nil && !strings.Contains(err.Error(), "x.xml") {
		t.Fatalf("%q: error %q does not name the part", src, err)
	}
	dir := slices.Index(want, "directive")
	switch {
	case dir >= 0:
		if !errors.Is(err, ooxml.ErrDoctype) || !slices.Equal(got, want[:dir]) {
			t.Fatalf("%q: directive at token %d of %q; ours: %q, %v", src, dir, want, got, err)
		}
		return
	case errors.Is(err, ooxml.ErrDoctype):
		// A directive encoding/xml failed inside (an unterminated one):
		// refused as soon as "<!" is seen.
		if stdErr == nil || len(got) > len(want) || !slices.Equal(got, want[:len(got)]) {
			t.Fatalf("%q: ErrDoctype without a directive (std: %q, %v; ours %q)", src, want, stdErr, got)
		}
		return
	case stdErr == nil && err != nil:
		if !ooxml.StrictOnly(d) {
			t.Fatalf("%q: std accepts (%q), ours refuses: %v", src, want, err)
		}
		if len(got) > len(want) || !slices.Equal(got, want[:len(got)]) {
			t.Fatalf("%q: tokens before the stricter error differ:\nstd  %q\nours %q", src, want, got)
		}
		return
	case stdErr != nil && err == nil:
		if !slices.ContainsFunc(src, func(c byte) bool { return c >= 0x80 }) {
			t.Fatalf("%q: std refuses (%v), ours accepts: %q", src, stdErr, got)
		}
		return
	}
	n := min(len(want), len(got))
	if stdErr != nil && !slices.Equal(want[:n], got[:n]) || stdErr == nil && !slices.Equal(want, got) {
		t.Fatalf("%q:\nstd  %q (%v)\nours %q (%v)", src, want, stdErr, got, err)
	}
}

func TestDecoderMatchesStd(t *testing.T) {
	docs := []string{
		``,
		`<a/>`,
		`<w:document xmlns:w="urn:w" xmlns:r="urn:r"><w:p r:id="1" w:val="2" plain="3"/></w:document>`,
		`<a xmlns="urn:default"><b xmlns="urn:inner"><c/></b><d/></a>`,
		`<p:a xmlns:p="urn:1"><p:b xmlns:p="urn:2"><p:c/></p:b><p:d/></p:a>`,
		`<q:a><q:b/></q:a>`,
		`<a xml:space="preserve" xml:lang="en">t</a>`,
		`<a xmlns:x="urn:x"><b x:y="1"/></a><x:c/>`,
		`<a></b>`,
		`<p:a xmlns:p="urn:1"></q:a>`,
		`<a><b></a></b>`,
		`</a>`,
		`<a>`,
		`<a><![CDATA[x<y]]><!-- c --><?pi data?></a>`,
		`<?xml version="1.0" encoding="UTF-8"?><a>&amp;&lt;&#65;</a>`,
		`<a>&bogus;</a>`,
		`<a b=c/>`,
		`<a xmlns:="urn:x"/>`,
		`<:a/>`,
		`<a:/>`,
		`<a xmlns:p=""><p:b/></a>`,
		// Character data.
		"<a>line\r\nnext\rlast\n</a>",
		"<a b='x\r\ny\tz'/>",
		"<a><![CDATA[a\r\nb]]]]></a>",
		`<a>&#x10FFFF;&#1114112;</a>`,
		`<a>&#0;</a>`,
		`<a>&#xD800;</a>`,
		`<a>&#xFFFE;</a>`,
		`<a>&#X41;</a>`,
		`<a>&#x;</a>`,
		`<a>&amp</a>`,
		`<a>]]></a>`,
		`<a b="]]>"/>`,
		`<a b="x<y"/>`,
		`<a b='"'>'</a>`,
		"<a>\x01</a>",
		"<a>\xff</a>",
		"<a>caf\xc3\xa9 \xef\xbf\xbe</a>",
		"\xef\xbb\xbf<a/>",
		// Tags.
		`<a b="1"c="2"/>`,
		`<a b="1" b="2"/>`,
		`<a p:b="1" q:b="2" xmlns:p="urn:x" xmlns:q="urn:x"/>`,
		`<a b = "1" />`,
		`<a b/>`,
		`<a b=/>`,
		`< a/>`,
		`<a></ a>`,
		`<a></a >`,
		`<a></a b>`,
		`<a/ >`,
		`<1a/>`,
		`<a:b:c/>`,
		`<xmlns:a/>`,
		`<xmlns/>`,
		`<a xmlns="urn:d"><xmlns/></a>`,
		"<\xc3\xa9/>",
		// Comments and processing instructions.
		`<!---->`,
		`<!--->`,
		`<!-- a -- b -->`,
		`<!--a--->`,
		`<!- x -->`,
		`<?xml?><a/>`,
		`<?xml version="1.1"?><a/>`,
		`<?xml version='1.0' encoding='utf-8'?><a/>`,
		`<?xml encoding="latin1"?><a/>`,
		`<?pi?b?>`,
		`<? pi?>`,
		`<?1?>`,
		`<a/><?pi`,
		`<a/><!--`,
		`<a/><![CDATA[`,
		`<a><![CDAT[x]]></a>`,
		// Directives.
		`<!DOCTYPE a><a/>`,
		`<a><!ELEMENT a ANY></a>`,
		`<!doctype a [<!ENTITY x "y">]><a>&x;</a>`,
		`<a/><!`,
		// Outside the root.
		`text<a/>more`,
		`<a/><b/>`,
	}
	for _, d := range docs {
		checkSameAsStd(t, []byte(d))
	}
	for _, build := range []func() (string, []byte){hostile.DDESplit, hostile.DDEFldSimple, hostile.RemoteTemplate, hostile.MHTMLObject} {
		_, data := build()
		p, _ := ooxml.OpenBytes(data, ooxml.Limits{})
		for _, e := range p.Entries {
			b, _ := e.ReadAll()
			checkSameAsStd(t, b)
		}
	}
}

// FuzzScannerVsEncodingXML checks the scanner against encoding/xml's
// Decoder.Token (Strict mode) on arbitrary input: the same tokens, names,
// namespaces, attributes and text, except for the documented differences
// (see checkSameAsStd); and no panic or hang.
func FuzzScannerVsEncodingXML(f *testing.F) {
	f.Add([]byte(`<w:document xmlns:w="urn:w"><w:p xmlns:x="urn:x" x:a="1"><w:t>t</w:t></w:p></w:document>`))
	f.Add([]byte(`<a xmlns="urn:d"><b/></a>`))
	f.Add([]byte("<?xml version=\"1.0\"?>\r\n<a b='&amp;&#x41;'><![CDATA[<x>]]><!--c--><?p i?>t&lt;\r</a>"))
	f.Add([]byte(`<p:a xmlns:p="urn:1" p:x="1"><p:b xmlns:p="urn:2" xmlns="urn:3"><c p:y="2"/></p:b></p:a>`))
	f.Add([]byte(`<!DOCTYPE a><a/>`))
	f.Fuzz(func(t *testing.T, src []byte) {
		checkSameAsStd(t, src)
	})
}

func TestDecoderTokenLimit(t *testing.T) {
	long := "<a>" + strings.Repeat("x", 5000) + "</a>"
	d := ooxml.NewDecoder(strings.NewReader(long), "p.xml", ooxml.Limits{MaxToken: 4096})
	if _, err := drain(d); !errors.Is(err, ooxml.ErrMalformed) || !strings.Contains(err.Error(), "without markup") {
		t.Errorf("err = %v", err)
	}
	d = ooxml.NewDecoder(strings.NewReader(strings.Repeat("<a>"+strings.Repeat("x", 3000)+"</a>", 10)), "p.xml", ooxml.Limits{MaxToken: 4096})
	if n, err := drain(d); err != nil || n != 30 {
		t.Errorf("many short tokens: %d, %v", n, err)
	}
}

// TestScannerTokens lists what the scanner gives for inputs that show
// each feature; "err:" ends a list with the sentinel the error wraps.
func TestScannerTokens(t *testing.T) {
	tests := []struct {
		name, xml string
		want      []string
	}{
		{"entities", `<a>&lt;&gt;&amp;&apos;&quot;&#65;&#x42;&#x1F600;</a>`, []string{"<|a>", `text:<>&'"AB😀`, "</|a>"}},
		{"attribute entities and line ends", "<a b='1&amp;2\r\n3\r4'/>", []string{"<|a |b=1&2\n3\n4>", "</|a>"}},
		{"line ends in text", "<a>x\r\ny\rz</a>", []string{"<|a>", "text:x\ny\nz", "</|a>"}},
		{"cdata", "<a><![CDATA[<b>&amp;\r\n]]></a>", []string{"<|a>", "text:<b>&amp;\n", "</|a>"}},
		{"comment and pi", `<a><!-- c --><?go run?></a>`, []string{"<|a>", "comment: c ", "pi:go run", "</|a>"}},
		{"prefix from the document", `<x:doc xmlns:x="urn:w"><x:p x:val="1"/></x:doc>`, []string{"<urn:w|doc xmlns|x=urn:w>", "<urn:w|p urn:w|val=1>", "</urn:w|p>", "</urn:w|doc>"}},
		{"default namespace, unprefixed attribute", `<doc xmlns="urn:d" a="1"/>`, []string{"<urn:d|doc |xmlns=urn:d |a=1>", "</urn:d|doc>"}},
		{"rebinding undone at the end", `<p:a xmlns:p="urn:1"><p:b xmlns:p="urn:2"/><p:c/></p:a>`, []string{"<urn:1|a xmlns|p=urn:1>", "<urn:2|b xmlns|p=urn:2>", "</urn:2|b>", "<urn:1|c>", "</urn:1|c>", "</urn:1|a>"}},
		{"unbound prefix kept", `<q:a/>`, []string{"<q|a>", "</q|a>"}},
		{"xml prefix", `<a xml:space="preserve"/>`, []string{"<|a " + "http://www.w3.org/XML/1998/namespace|space=preserve>", "</|a>"}},
		{"repeated attribute", `<a b="1" b="2"/>`, []string{"err:malformed"}},
		{"no space between attributes", `<a b="1"c="2"/>`, []string{"err:malformed"}},
		{"surrogate reference", `<a>&#xD800;</a>`, []string{"<|a>", "err:malformed"}},
		{"lt in attribute", `<a b="<"/>`, []string{"err:malformed"}},
		{"unknown entity", `<a>&nbsp;</a>`, []string{"<|a>", "err:malformed"}},
		{"control character", "<a>\x01</a>", []string{"<|a>", "err:malformed"}},
		{"bad UTF-8", "<a>\xc3</a>", []string{"<|a>", "err:malformed"}},
		{"cdata end in text", `<a>]]></a>`, []string{"<|a>", "err:malformed"}},
		{"double dash in comment", `<!-- a -- b -->`, []string{"err:malformed"}},
		{"utf-16 declared", `<?xml version="1.0" encoding="UTF-16"?><a/>`, []string{"err:malformed"}},
		{"version 1.1", `<?xml version="1.1"?><a/>`, []string{"err:malformed"}},
		{"doctype", `<!DOCTYPE a SYSTEM "http://x/"><a/>`, []string{"err:doctype"}},
		{"unterminated doctype", `<!DOCTYPE`, []string{"err:doctype"}},
		{"directive inside", `<a><!ENTITY x "y"></a>`, []string{"<|a>", "err:doctype"}},
		{"mismatched end", `<a><b></a>`, []string{"<|a>", "<|b>", "err:malformed"}},
		{"end without start", `</a>`, []string{"err:malformed"}},
		{"eof inside element", `<a>t`, []string{"<|a>", "text:t", "err:malformed"}},
		{"eof inside tag", `<a b="1`, []string{"err:malformed"}},
		{"two colons", `<a:b:c/>`, []string{"err:malformed"}},
		{"digit first", `<1/>`, []string{"err:malformed"}},
		{"non-ASCII letter in name", `<wé:p/>`, []string{"<wé|p>", "</wé|p>"}},
		{"non-ASCII non-letter in name (XML 1.0 tables)", `<wӉ:0/>`, []string{"err:malformed"}},
		{"combining character first", "<\u0301a/>", []string{"err:malformed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, r := range []io.Reader{strings.NewReader(tt.xml), iotest.OneByteReader(strings.NewReader(tt.xml))} {
				got, _, err := ourTokens(r)
				switch {
				case errors.Is(err, ooxml.ErrDoctype):
					got = append(got, "err:doctype")
				case errors.Is(err, ooxml.ErrMalformed):
					got = append(got, "err:malformed")
				case err != nil:
					got = append(got, "err:"+err.Error())
				}
				if !slices.Equal(got, tt.want) {
					t.Errorf("got  %q\nwant %q", got, tt.want)
				}
			}
		})
	}
}

func TestScannerAccessors(t *testing.T) {
	src := `<w:p xmlns:w="urn:w" xmlns:r="urn:r" w:val="v&amp;1" r:id="rId7" plain="x"><w:t>hi</w:t></w:p>`
	d := ooxml.NewDecoder(strings.NewReader(src), "a.xml", ooxml.Limits{})
	defer d.Close()
	k, err := d.Next()
	if err != nil || k != ooxml.StartTag {
		t.Fatalf("%v %v", k, err)
	}
	if !d.Is("urn:w", "p") || d.Space() != "urn:w" || string(d.Local()) != "p" || d.Depth() != 1 {
		t.Errorf("name %q %q depth %d", d.Space(), d.Local(), d.Depth())
	}
	if got := string(d.Attr("val")); got != "v&1" {
		t.Errorf("Attr(val) = %q", got)
	}
	if got := string(d.AttrNS("urn:r", "id")); got != "rId7" {
		t.Errorf("AttrNS(r, id) = %q", got)
	}
	if d.AttrNS("urn:w", "id") != nil || d.Attr("none") != nil {
		t.Error("absent attributes not nil")
	}
	if n := d.NumAttr(); n != 5 {
		t.Errorf("NumAttr = %d", n)
	}
	if sp, l, v := d.AttrAt(4); sp != "" || string(l) != "plain" || string(v) != "x" {
		t.Errorf("AttrAt(4) = %q %q %q", sp, l, v)
	}
	d.Next()
	d.Next()
	if string(d.Text()) != "hi" || d.Attr("val") != nil {
		t.Errorf("text %q", d.Text())
	}
	d.Close()
	if _, err := d.Next(); err == nil {
		t.Error("Next after Close")
	}
}

// TestScannerNoAllocs: reading a realistic document.xml with Next and
// the accessors allocates nothing once the decoder's buffers exist.
func TestScannerNoAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("sync.Pool drops items under the race detector")
	}
	_, data := hostile.DDESplit()
	p, err := ooxml.OpenBytes(data, ooxml.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := p.ReadFile("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	r := bytes.NewReader(doc)
	d := ooxml.NewDecoder(r, "word/document.xml", ooxml.Limits{})
	d.Close()
	allocs := testing.AllocsPerRun(20, func() {
		r.Reset(doc)
		d := ooxml.NewDecoder(r, "word/document.xml", ooxml.Limits{})
		n := 0
		for {
			k, err := d.Next()
			if err != nil {
				break
			}
			if k == ooxml.StartTag && d.Is("http://schemas.openxmlformats.org/wordprocessingml/2006/main", "t") {
				n += len(d.Attr("space"))
			}
		}
		d.Close()
	})
	if allocs > 1 { // the Decoder itself
		t.Errorf("%v allocations per document", allocs)
	}
}

// TestScannerLongTokens: tokens longer than the initial buffer are read
// whole; tokens past MaxToken are refused whatever their kind.
func TestScannerLongTokens(t *testing.T) {
	long := strings.Repeat("x", 100<<10)
	for _, src := range []string{
		"<a>" + long + "</a>",
		`<a b="` + long + `"/>`,
		"<a><!--" + long + "--></a>",
		"<a><![CDATA[" + long + "]]></a>",
		"<a><?p " + long + "?></a>",
	} {
		d := ooxml.NewDecoder(iotest.HalfReader(strings.NewReader(src)), "p.xml", ooxml.Limits{})
		if n, err := drain(d); err != nil || n != 3 && n != 2 {
			t.Errorf("%.20q...: %d tokens, %v", src, n, err)
		}
		d = ooxml.NewDecoder(strings.NewReader(src), "p.xml", ooxml.Limits{MaxToken: 64 << 10})
		if _, err := drain(d); !errors.Is(err, ooxml.ErrMalformed) || !strings.Contains(err.Error(), "65536") {
			t.Errorf("%.20q... with MaxToken 64 KiB: %v", src, err)
		}
	}
}

// documentXML returns the document.xml of a realistic contribution,
// repeated bodies included, for the benchmarks.
func documentXML(tb testing.TB) []byte {
	tb.Helper()
	_, data := hostile.Contribution("0012")
	p, err := ooxml.OpenBytes(data, ooxml.Limits{})
	if err != nil {
		tb.Fatal(err)
	}
	doc, err := p.ReadFile("word/document.xml")
	if err != nil {
		tb.Fatal(err)
	}
	return doc
}

// BenchmarkDecoder reads a document.xml with Next and the accessors, as
// the docx reader does.
func BenchmarkDecoder(b *testing.B) {
	doc := documentXML(b)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	r := bytes.NewReader(doc)
	defer benchcpu.Metric(b)()
	for b.Loop() {
		r.Reset(doc)
		readAll(ooxml.NewDecoder(r, "word/document.xml", ooxml.Limits{}))
	}
}

// BenchmarkEncodingXML is the same document through encoding/xml's
// Token, the old path, for comparison.
func BenchmarkEncodingXML(b *testing.B) {
	doc := documentXML(b)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		d := xml.NewDecoder(bytes.NewReader(doc))
		for {
			if _, err := d.Token(); err != nil {
				break
			}
		}
	}
}

// TestScannerRecordCaps: one tag cannot make an unbounded number of
// attribute or namespace records.
func TestScannerRecordCaps(t *testing.T) {
	var many strings.Builder
	many.WriteString("<a")
	for i := range 1100 {
		fmt.Fprintf(&many, " a%d=\"\"", i)
	}
	many.WriteString("/>")
	var decls strings.Builder
	for i := range 5 {
		decls.WriteString("<a")
		for j := range 1000 {
			fmt.Fprintf(&decls, " xmlns:p%d_%d=\"u\"", i, j)
		}
		decls.WriteString(">")
	}
	for name, src := range map[string]string{"attributes": many.String(), "declarations": decls.String()} {
		d := ooxml.NewDecoder(strings.NewReader(src), "p.xml", ooxml.Limits{})
		if _, err := drain(d); !errors.Is(err, ooxml.ErrMalformed) || !ooxml.StrictOnly(d) {
			t.Errorf("%s: %v", name, err)
		}
	}
}
