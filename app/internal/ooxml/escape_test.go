package ooxml

import (
	"encoding/xml"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCleanText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"ascii", "plain text", "plain text"},
		{"tab and lf kept", "a\tb\nc", "a\tb\nc"},
		{"crlf", "a\r\nb\rc", "a\nb\nc"},
		{"nul dropped", "a\x00b", "ab"},
		{"c0 dropped", "a\x01\x08\x0b\x0c\x1fb", "ab"},
		{"del and c1 dropped", "a\x7f\u0085\u009fb", "ab"},
		{"fffe ffff dropped", "a\ufffe\uffffb", "ab"},
		{"invalid utf8 replaced", "a\xff\xfeb", "a\ufffd\ufffdb"},
		{"truncated rune", "a\xe4\xb8", "a\ufffd\ufffd"},
		{"emoji and cjk kept", "标题 😀 Ünïcödé", "标题 😀 Ünïcödé"},
		{"replacement char kept", "\ufffd", "\ufffd"},
		{"private use kept", "\ue000\U0010fffd", "\ue000\U0010fffd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CleanText(tt.in); got != tt.want {
				t.Errorf("CleanText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestEscape(t *testing.T) {
	tests := []struct {
		in, text, attr string
	}{
		{`a<b>&c`, `a&lt;b&gt;&amp;c`, `a&lt;b&gt;&amp;c`},
		{`"q" 'a'`, `&quot;q&quot; &apos;a&apos;`, `&quot;q&quot; &apos;a&apos;`},
		{"]]>", "]]&gt;", "]]&gt;"},
		{"t\tn\n", "t\tn\n", "t&#9;n&#10;"},
		{"x\x00y", "xy", "xy"},
	}
	for _, tt := range tests {
		if got := EscapeString(tt.in); got != tt.text {
			t.Errorf("EscapeString(%q) = %q, want %q", tt.in, got, tt.text)
		}
		if got := EscapeAttr(tt.in); got != tt.attr {
			t.Errorf("EscapeAttr(%q) = %q, want %q", tt.in, got, tt.attr)
		}
	}
}

func TestRunText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"abc", `<w:t xml:space="preserve">abc</w:t>`},
		{"a\tb", `<w:t xml:space="preserve">a</w:t><w:tab/><w:t xml:space="preserve">b</w:t>`},
		{"a\r\nb", `<w:t xml:space="preserve">a</w:t><w:br/><w:t xml:space="preserve">b</w:t>`},
		{"\t", `<w:tab/>`},
		{"<&>", `<w:t xml:space="preserve">&lt;&amp;&gt;</w:t>`},
	}
	for _, tt := range tests {
		if got := RunText(tt.in); got != tt.want {
			t.Errorf("RunText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// wellFormed decodes doc with encoding/xml and fails on any error.
func wrWellFormed(t testing.TB, doc string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(doc))
	d.Strict = true
	for {
		_, err := d.Token()
		if err != nil {
			if err.Error() == "EOF" {
				return
			}
			t.Fatalf("not well-formed: %v\n%q", err, doc)
		}
	}
}

func FuzzEscape(f *testing.F) {
	for _, s := range []string{"", "a<b", "\x00\x01\ufffe", "\xff\xfe", "😀\r\n\t", "]]>&amp;"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		doc := `<w:r xmlns:w="urn:w" a="` + EscapeAttr(s) + `" b='` + EscapeAttr(s) + `'>` + RunText(s) + EscapeString(s) + `</w:r>`
		if !utf8.ValidString(doc) {
			t.Fatalf("invalid UTF-8 out of %q", s)
		}
		wrWellFormed(t, doc)
		// Round trip of the attribute: what a parser reads is CleanText(s).
		var v struct {
			A string `xml:"a,attr"`
		}
		if err := xml.Unmarshal([]byte(doc), &v); err != nil {
			t.Fatal(err)
		}
		if want := CleanText(s); v.A != want {
			t.Fatalf("attr round trip: got %q, want %q", v.A, want)
		}
	})
}
