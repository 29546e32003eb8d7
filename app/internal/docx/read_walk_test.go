package docx

import (
	"reflect"
	"strings"
	"testing"

	"github.com/fgdesk/fgdesk/app/internal/corpus/hostile"
	"github.com/fgdesk/fgdesk/app/internal/ooxml"
)

// walkBody walks a document.xml body and returns the header blocks the
// walker collected.
func walkBody(t *testing.T, body string) []*block {
	t.Helper()
	var parts []hostile.Part
	for _, p := range (&hostile.Doc{}).Parts() {
		if p.Name == "word/document.xml" {
			p.Data = []byte(`<w:document xmlns:w="` + nsWordML + `"><w:body>` + body + `</w:body></w:document>`)
		}
		parts = append(parts, p)
	}
	p, err := ooxml.OpenBytes(hostile.Zip(parts...), ooxml.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	r := &reader{c: &Content{MainPart: "word/document.xml"}, text: textSink{limit: -1}, scratch: scratchPool.Get().(*scratch)}
	defer r.releaseScratch()
	r.walk(p, "word/document.xml", storyBody)
	return r.blocks
}

func TestTableRows(t *testing.T) {
	p := func(s string) string {
		return `<w:p><w:r><w:t>` + strings.ReplaceAll(s, "\n", `</w:t><w:br/><w:t>`) + `</w:t></w:r></w:p>`
	}
	tests := []struct {
		name string
		body string
		want [][][]string
	}{
		{"plain", `<w:tbl><w:tr><w:tc>` + p("Source:") + `</w:tc><w:tc>` + p("X") + p("Y") + `</w:tc></w:tr></w:tbl>`,
			[][][]string{{{"Source:"}, {"X", "Y"}}}},
		{"empty cells", `<w:tbl><w:tr><w:tc><w:p/></w:tc><w:tc/><w:tc>` + p("a\nb") + `</w:tc></w:tr><w:tr/></w:tbl>`,
			[][][]string{{{""}, nil, {"a", "b"}}, nil}},
		// A nested table's rows follow the row they start in; the outer
		// cell's lines stay together around the nested table.
		{"nested", `<w:tbl><w:tr><w:tc>` + p("A") + `<w:tbl><w:tr><w:tc>` + p("N1") + `</w:tc><w:tc/></w:tr></w:tbl>` + p("B\nC") + `</w:tc><w:tc>` + p("Z") + `</w:tc></w:tr>` +
			`<w:tr><w:tc>` + p("D") + `</w:tc></w:tr></w:tbl>`,
			[][][]string{{{"A", "B", "C"}, {"Z"}}, {{"N1"}, nil}, {{"D"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			blocks := walkBody(t, tt.body)
			if len(blocks) == 0 || !blocks[0].table {
				t.Fatalf("blocks %+v", blocks)
			}
			if got := blocks[0].rows; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("rows = %q, want %q", got, tt.want)
			}
		})
	}
}
