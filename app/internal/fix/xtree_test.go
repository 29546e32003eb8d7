package fix

import (
	"strings"
	"testing"
)

func TestApplyEdits(t *testing.T) {
	data := []byte("0123456789")
	tests := []struct {
		name  string
		edits []edit
		want  string
		fails bool
	}{
		{"none", nil, "0123456789", false},
		{"replace and insert", []edit{{2, 4, "ab"}, {0, 0, "<"}, {10, 10, ">"}}, "<01ab456789>", false},
		{"inside a removal is dropped", []edit{{2, 8, ""}, {3, 5, "x"}}, "0189", false},
		{"two inserts keep their order", []edit{{5, 5, "a"}, {5, 5, "b"}}, "01234ab56789", false},
		{"partial overlap fails", []edit{{2, 5, ""}, {4, 7, ""}}, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := apply(data, tt.edits)
			if (err != nil) != tt.fails || (err == nil && string(got) != tt.want) {
				t.Fatalf("apply = %q, %v; want %q (fails %v)", got, err, tt.want, tt.fails)
			}
		})
	}
}

func TestParseTree(t *testing.T) {
	src := `<?xml version="1.0"?><w:document xmlns:w="` + nsW + `"><w:body><w:p><w:r><w:t>a</w:t></w:r><w:proofErr/><w:r><w:t>b</w:t><w:tab/></w:r></w:p></w:body></w:document>`
	root, err := parseTree("doc", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	p := root.child("body").child("p")
	if got := paraText(p); got != "ab\t" {
		t.Errorf("paraText = %q", got)
	}
	if pe := p.all("proofErr")[0]; src[pe.start:pe.end] != "<w:proofErr/>" || pe.end != pe.startEnd {
		t.Errorf("empty element span %q", src[pe.start:pe.end])
	}
	for _, bad := range []string{`<!DOCTYPE x><x/>`, `<a><b></a>`, `<a/><b/>`, strings.Repeat("<a>", 600) + strings.Repeat("</a>", 600)} {
		if _, err := parseTree("bad", []byte(bad)); err == nil {
			t.Errorf("%.30q: no error", bad)
		}
	}
}
