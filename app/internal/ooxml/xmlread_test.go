package ooxml_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"

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

// stdTokens tokenizes with encoding/xml's own Token, the reference.
func stdTokens(src []byte) ([]string, bool) {
	d := xml.NewDecoder(bytes.NewReader(src))
	d.Strict = true
	var out []string
	for {
		t, err := d.Token()
		if err == io.EOF {
			return out, true
		}
		if err != nil {
			return out, false
		}
		out = append(out, describeToken(t))
	}
}

func ourTokens(src []byte) ([]string, bool) {
	d := ooxml.NewDecoder(bytes.NewReader(src), "x.xml", ooxml.Limits{MaxDepth: 1 << 20})
	var out []string
	for {
		t, err := d.Token()
		if err == io.EOF {
			return out, true
		}
		if err != nil {
			return out, false
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

// checkSameAsStd compares our token stream with xml.Decoder.Token's. For
// documents without directives, both must accept or reject alike and
// give identical tokens.
func checkSameAsStd(t *testing.T, src []byte) {
	t.Helper()
	if bytes.Contains(src, []byte("<!")) && !bytes.Contains(src, []byte("<!--")) && !bytes.Contains(src, []byte("<![CDATA[")) {
		return // we refuse directives on purpose
	}
	want, wantOK := stdTokens(src)
	got, gotOK := ourTokens(src)
	if wantOK != gotOK {
		t.Fatalf("%q: std ok=%v, ours ok=%v", src, wantOK, gotOK)
	}
	if wantOK && strings.Join(want, "\n") != strings.Join(got, "\n") {
		t.Fatalf("%q:\nstd  %q\nours %q", src, want, got)
	}
}

func TestDecoderMatchesStd(t *testing.T) {
	docs := []string{
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
	}
	for _, d := range docs {
		checkSameAsStd(t, []byte(d))
	}
	_, data := hostile.DDESplit()
	p, _ := ooxml.OpenBytes(data, ooxml.Limits{})
	for _, e := range p.Entries {
		b, _ := e.ReadAll()
		checkSameAsStd(t, b)
	}
}

// FuzzDecoder checks the decoder against xml.Decoder.Token on arbitrary
// input.
func FuzzDecoder(f *testing.F) {
	f.Add([]byte(`<w:document xmlns:w="urn:w"><w:p xmlns:x="urn:x" x:a="1"><w:t>t</w:t></w:p></w:document>`))
	f.Add([]byte(`<a xmlns="urn:d"><b/></a>`))
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
