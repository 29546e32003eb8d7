package markdown

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// wrap puts a rendered body into an element that declares its prefixes.
func wrap(body string) string {
	return `<w:body xmlns:w="urn:w" xmlns:r="urn:r" xmlns:wp="urn:wp" xmlns:a="urn:a" xmlns:pic="urn:pic">` + body + `</w:body>`
}

// checkXML fails unless body is well-formed XML.
func checkXML(t testing.TB, body string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(wrap(body)))
	d.Strict = true
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("rendered body is not well-formed: %v\n%.2000s", err, body)
		}
	}
}

func TestRender(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		want    []string // substrings of the XML
		notWant []string
		rels    int // hyperlink relationships
		nums    []Num
	}{
		{name: "empty", src: ""},
		{name: "headings", src: "# One\n\n## Two\n\n### Three\n\n#### Four\n\n##### Five\n\n###### Six\n",
			want: []string{`Heading1"/></w:pPr><w:r><w:t xml:space="preserve">One`, `"Heading2"`, `"Heading3"`, `"Heading4"`, `"Heading5"`, `"Heading6"`}},
		{name: "setext heading", src: "Title\n=====\n", want: []string{`"Heading1"`}},
		{name: "table title above its table", src: "Table 1 – Results\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
			want: []string{`<w:p><w:pPr><w:pStyle w:val="Caption"/><w:keepNext/></w:pPr><w:r><w:t xml:space="preserve">Table 1 – Results</w:t></w:r></w:p><w:tbl>`}},
		{name: "table word without a table is text", src: "Table 1 shows it.\n\nMore.\n", notWant: []string{`"Caption"`}},
		{name: "emphasis", src: "*i* **b** ***bi*** ~~s~~ `c`",
			want: []string{`<w:i/><w:iCs/></w:rPr><w:t xml:space="preserve">i<`, `<w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">b<`,
				`<w:b/><w:bCs/><w:i/><w:iCs/></w:rPr><w:t xml:space="preserve">bi<`, `<w:strike/></w:rPr><w:t xml:space="preserve">s<`, `"VerbatimChar"/></w:rPr><w:t xml:space="preserve">c<`}},
		{name: "escapes and entities", src: `a \*not em\* &amp; &lt;b&gt; &#x4E2D; &copy;`,
			want: []string{`a *not em* &amp; &lt;b&gt; 中 ©`}},
		{name: "xml specials", src: `5 < 6 & "q" 'a' ]]>`, want: []string{`5 &lt; 6 &amp; &quot;q&quot; &apos;a&apos; ]]&gt;`}},
		{name: "soft and hard breaks", src: "one\ntwo  \nthree\\\nfour",
			want: []string{`<w:t xml:space="preserve">one two</w:t><w:br/><w:t xml:space="preserve">three</w:t><w:br/><w:t xml:space="preserve">four</w:t>`}},
		{name: "bullets nested", src: "- a\n  - b\n    - c\n- d\n",
			want: []string{`<w:ilvl w:val="0"/><w:numId w:val="1"/>`, `<w:ilvl w:val="1"/><w:numId w:val="1"/>`, `<w:ilvl w:val="2"/><w:numId w:val="1"/>`}},
		{name: "numbered lists restart", src: "1. a\n2. b\n\ntext\n\n1. c\n\n5) d\n",
			want: []string{`<w:numId w:val="2"/>`, `<w:numId w:val="3"/>`, `<w:numId w:val="4"/>`},
			nums: []Num{{ID: 2, Abstract: AbstractDot, Level: 0, Start: 1}, {ID: 3, Abstract: AbstractDot, Level: 0, Start: 1}, {ID: 4, Abstract: AbstractParen, Level: 0, Start: 5}}},
		{name: "numbered in bullets", src: "- a\n  1. b\n  2. c\n",
			want: []string{`<w:ilvl w:val="1"/><w:numId w:val="2"/>`},
			nums: []Num{{ID: 2, Abstract: AbstractDot, Level: 1, Start: 1}}},
		{name: "loose list continuation", src: "- a\n\n  more of a\n- b\n",
			want: []string{`<w:pStyle w:val="ListParagraph"/><w:ind w:left="567"/></w:pPr><w:r><w:t xml:space="preserve">more of a`}},
		{name: "empty item and code in item", src: "-\n- ```\n  x\n  ```\n",
			want: []string{`"SourceCode"`, `<w:ind w:left="851"/>`}},
		{name: "task list", src: "- [x] done\n- [ ] todo\n", want: []string{"☒ ", "☐ "}},
		{name: "deep list", src: strings.Repeat("  ", 0) + deepList(12), want: []string{`<w:ilvl w:val="8"/>`}, notWant: []string{`<w:ilvl w:val="9"/>`}},
		{name: "link", src: "[ITU](https://www.itu.int/ \"t\") and [again](https://www.itu.int/)",
			want: []string{`<w:hyperlink r:id="rIdMd1" w:history="1"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/>`}, rels: 1},
		{name: "autolinks", src: "<https://a.example/x?y=1&z=2> www.itu.int a@b.org <mailto:c@d.org>", rels: 4},
		{name: "anchor link", src: "[see](#intro-part)", want: []string{`<w:hyperlink w:anchor="intro_part"`}},
		{name: "local and script links are text", src: "[doc](other.docx) [x](javascript:alert(1))",
			want: []string{`doc (other.docx) x (javascript:alert(1))`}, notWant: []string{"<w:hyperlink"}},
		{name: "table", src: "| Name | Value |\n|:-----|------:|\n| a | 1 |\n| b |\n| c | 3 | extra |\n",
			want:    []string{`<w:tblStyle w:val="TableGrid"/>`, `<w:tblHeader/>`, `"TableHead"/><w:jc w:val="left"/>`, `"TableText"/><w:jc w:val="right"/>`},
			notWant: []string{"extra"}},
		{name: "table in list", src: "- item\n\n  | a | b |\n  |---|---|\n  | 1 | 2 |\n", want: []string{`<w:tblInd w:w="567" w:type="dxa"/>`}},
		{name: "quote", src: "> quoted\n>\n> > deeper\n", want: []string{`"Quote"/></w:pPr>`, `"Quote"/><w:ind w:left="1134"/>`}},
		{name: "code block", src: "```go\nfunc main() {\n\tfmt.Println(\"<hi>\")\n}\n```\n",
			want: []string{`"SourceCode"`, `<w:tab/><w:t xml:space="preserve">fmt.Println(&quot;&lt;hi&gt;&quot;)`}},
		{name: "indented code", src: "    a < b\n", want: []string{`a &lt; b`}},
		{name: "rule", src: "a\n\n---\n\nb", want: []string{`"HorizontalRule"`}},
		{name: "inline html", src: "H<sub>2</sub>O x<sup>2</sup> <b>bold</b> a<br>b <span>s</span> <!-- c -->",
			want:    []string{`<w:vertAlign w:val="subscript"/></w:rPr><w:t xml:space="preserve">2`, `superscript`, `<w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">bold`, `<w:br/>`, `&lt;span&gt;`},
			notWant: []string{"c --"}},
		{name: "html block", src: "<div>\nhello <b>\n</div>\n\n<!-- gone -->\n", want: []string{`&lt;div&gt;`}, notWant: []string{"gone"}},
		{name: "nul and controls", src: "a\x00b\x01c\x1bd\ufffe\x7f e\r\nf", want: []string{`a`, `d`}},
		{name: "invalid utf8", src: "bad \xff\xfe byte", want: []string{"bad \ufffd"}},
		{name: "emoji cjk rtl", src: "# 标题 😀\n\nمرحبا 👍🏽", want: []string{"标题 😀", "مرحبا 👍🏽"}},
		{name: "image without files", src: "![alt](none.png)"}, // NoImages below
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Render(tt.src, Options{NoImages: tt.name == "image without files"})
			if err != nil {
				t.Fatal(err)
			}
			checkXML(t, res.XML)
			for _, w := range tt.want {
				if !strings.Contains(res.XML, w) {
					t.Errorf("missing %q in\n%s", w, res.XML)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(res.XML, w) {
					t.Errorf("unexpected %q in\n%s", w, res.XML)
				}
			}
			links := 0
			for _, r := range res.Rels {
				if r.Type == RelHyperlink {
					links++
					if !r.External {
						t.Errorf("hyperlink %v not external", r)
					}
				}
			}
			if links != tt.rels {
				t.Errorf("%d hyperlink relationships, want %d: %+v", links, tt.rels, res.Rels)
			}
			if tt.nums != nil && fmt.Sprint(res.Nums) != fmt.Sprint(tt.nums) {
				t.Errorf("nums = %v, want %v", res.Nums, tt.nums)
			}
		})
	}
}

func deepList(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat("  ", i) + "- level\n")
	}
	return b.String()
}

func TestHeadings(t *testing.T) {
	res, err := Render("## 1 Introduction\n\ntext\n\n## 2 *Use* `cases`\n\n### 2.1 A &amp; B\n", Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"1 Introduction", "2 Use cases", "2.1 A & B"}
	if fmt.Sprint(res.Headings) != fmt.Sprint(want) {
		t.Errorf("headings = %q, want %q", res.Headings, want)
	}
}

// writeImage writes a w×h image in format ("png", "jpeg", "gif") to dir/name.
func writeImage(t testing.TB, dir, name, format string, w, h int) string {
	t.Helper()
	img := image.NewPaletted(image.Rect(0, 0, w, h), color.Palette{color.White, color.RGBA{0, 90, 160, 255}})
	for x := 0; x < w; x++ {
		img.SetColorIndex(x, x%h, 1)
	}
	var buf bytes.Buffer
	var err error
	switch format {
	case "png":
		err = png.Encode(&buf, img)
	case "jpeg":
		err = jpeg.Encode(&buf, img, nil)
	case "gif":
		err = gif.Encode(&buf, img, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestImages(t *testing.T) {
	dir := t.TempDir()
	writeImage(t, dir, "fig.png", "png", 200, 100)
	writeImage(t, dir, "sub/photo.jpg", "jpeg", 2000, 1000)
	writeImage(t, dir, "anim.gif", "gif", 10, 10)
	writeImage(t, dir, "my figure.png", "png", 20, 20)
	src := "![Figure 1 – Overview](fig.png)\n\nInline ![i](anim.gif) and ![](fig.png) again.\n\n![Wide](sub/photo.jpg \"A title\")\n\n![spaced](my%20figure.png)\n"
	res, err := Render(src, Options{BaseDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	checkXML(t, res.XML)
	if len(res.Media) != 4 {
		t.Fatalf("%d media parts, want 4 (fig.png once): %+v", len(res.Media), res.Rels)
	}
	wantNames := []string{"word/media/image1.png", "word/media/image2.gif", "word/media/image3.jpeg", "word/media/image4.png"}
	for i, m := range res.Media {
		if m.Name != wantNames[i] {
			t.Errorf("media %d = %s, want %s", i, m.Name, wantNames[i])
		}
	}
	if len(res.Defaults) != 3 {
		t.Errorf("defaults = %+v, want png, gif, jpeg", res.Defaults)
	}
	for _, w := range []string{
		`<w:pStyle w:val="Figure"/>`,
		`<w:pStyle w:val="Caption"/></w:pPr><w:r><w:t xml:space="preserve">Figure 1 – Overview`,
		`<wp:extent cx="1905000" cy="952500"/>`,  // 200×100 px at 96 dpi
		`<wp:extent cx="6120130" cy="3060065"/>`, // 2000 px scaled to the text width
		`descr="Wide" title="A title"`,
	} {
		if !strings.Contains(res.XML, w) {
			t.Errorf("missing %q", w)
		}
	}
	// docPr ids are unique.
	if strings.Count(res.XML, `<wp:docPr id="1"`) != 1 || !strings.Contains(res.XML, `<wp:docPr id="5"`) {
		t.Errorf("docPr ids not 1..5")
	}
}

func TestImageErrors(t *testing.T) {
	dir := t.TempDir()
	writeImage(t, dir, "big.png", "png", 300, 300)
	writeImage(t, dir, "a.png", "png", 3, 3)
	writeImage(t, dir, "b.png", "png", 4, 4)
	os.WriteFile(filepath.Join(dir, "fake.png"), []byte("not an image at all"), 0o644)
	os.Mkdir(filepath.Join(dir, "folder.png"), 0o755)
	bmp := append([]byte("BM"), make([]byte, 60)...)
	os.WriteFile(filepath.Join(dir, "x.bmp"), bmp, 0o644)
	tests := []struct {
		name, src string
		opt       Options
		is        error
		msg       []string
	}{
		{"missing", "intro\n\nmore\n\n![fig](missing/figure9.png)\n", Options{}, os.ErrNotExist, []string{"body line 5", "missing/figure9.png", "not found"}},
		{"missing inline", "text ![x](nope.png) text", Options{}, nil, []string{"body line 1", "nope.png"}},
		{"remote", "![x](https://example.org/a.png)", Options{}, ErrImageNotLocal, []string{"https://example.org/a.png"}},
		{"data uri", "![x](data:image/png;base64,AAAA)", Options{}, ErrImageNotLocal, nil},
		{"not an image", "![x](fake.png)", Options{}, ErrImageFormat, []string{"fake.png"}},
		{"bmp", "![x](x.bmp)", Options{}, ErrImageFormat, nil},
		{"folder", "![x](folder.png)", Options{}, nil, []string{"not a file"}},
		{"too large", "![x](big.png)", Options{MaxImageBytes: 100}, ErrImageTooLarge, []string{"big.png", "more than the 100 bytes"}},
		{"too many", "![a](a.png) ![b](b.png)", Options{MaxImages: 1}, ErrTooManyImages, []string{"b.png"}},
		{"too large together", "![a](a.png) ![b](b.png)", Options{MaxTotalImageBytes: 90}, ErrImagesTotalSize, nil},
		{"empty", "![x]()", Options{}, nil, []string{"no file named"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opt.BaseDir = dir
			_, err := Render(tt.src, tt.opt)
			var ie *ImageError
			if !errors.As(err, &ie) {
				t.Fatalf("err = %v, want an *ImageError", err)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("err = %v, want errors.Is %v", err, tt.is)
			}
			for _, m := range tt.msg {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("message %q lacks %q", err, m)
				}
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("message has several lines: %q", err)
			}
		})
	}
}

func TestBigTable(t *testing.T) {
	src := bigTable(10000)
	res, err := Render(src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(res.XML, "<w:tr>"); n != 10001 {
		t.Fatalf("%d rows, want 10001", n)
	}
	if !strings.Contains(res.XML, "row 9999") {
		t.Error("last row missing")
	}
	checkXML(t, res.XML)
}

func bigTable(rows int) string {
	var b strings.Builder
	b.WriteString("| No. | Item | Description |\n|---:|---|---|\n")
	for i := range rows {
		fmt.Fprintf(&b, "| %d | row %d | some *text* & <more> |\n", i, i)
	}
	return b.String()
}

func TestSizeText(t *testing.T) {
	for n, want := range map[int64]string{16 << 20: "16 MiB", 50_000_000: "50.0 MB", 1500: "1.5 kB", 12: "12 bytes"} {
		if got := sizeText(n); got != want {
			t.Errorf("sizeText(%d) = %q, want %q", n, got, want)
		}
	}
}

func BenchmarkRenderTable10k(b *testing.B) {
	src := bigTable(10000)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := Render(src, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func FuzzRender(f *testing.F) {
	for _, s := range []string{
		"# h\n\n*a* **b** `c` ~~d~~\n\n- x\n  1. y\n\n> q\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
		"![i](x.png) [l](https://a.b) <br> <sup>x</sup> &amp; \\* www.itu.int",
		"```\n\x00\x01\n```\n\n    code\n\n---\n\n<div>\n",
		"\xff\xfe\ufffe 😀 标题\r\n- [ ] t\n- [x] u\n",
		"1) a\n2) b\n\n3. c\n\n* * *\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 1<<16 {
			return
		}
		res, err := Render(src, Options{NoImages: true})
		if errors.Is(err, ErrTooComplex) {
			return // refused with a message saying where; fine
		}
		if err != nil {
			t.Fatalf("NoImages render failed: %v", err)
		}
		checkXML(t, res.XML)
		// With images on and nothing to find, an error is fine; a panic
		// or bad XML is not.
		if res, err := Render(src, Options{BaseDir: "/nonexistent-fgdesk-fuzz"}); err == nil {
			checkXML(t, res.XML)
		}
	})
}
