package ooxml_test

import (
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
