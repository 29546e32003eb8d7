package docx

import (
	"bytes"
	"testing"

	"github.com/fgdesk/fgdesk/app/internal/corpus/hostile"
)

// FuzzDocx reads arbitrary bytes as a Word package, or, when they do not
// look like a zip, as the word/document.xml of an otherwise valid
// package: no input may panic or hang.
func FuzzDocx(f *testing.F) {
	d := &hostile.Doc{HeaderText: "innovation-i-0012", Comments: []hostile.Comment{{Author: "A", Text: "c"}}}
	f.Add([]byte(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:tbl><w:tr><w:tc><w:p><w:r><w:t>Contact:</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>A</w:t><w:br/><w:t>B</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>E-mail: a@b.c</w:t></w:r></w:p></w:tc></w:tr></w:tbl>` +
		`<w:p><w:ins w:author="x"><w:r><w:fldChar w:fldCharType="begin"/><w:instrText>DDE</w:instrText><w:fldChar w:fldCharType="end"/></w:r></w:ins></w:p></w:body></w:document>`))
	f.Add(hostile.Minimal())
	parts := d.Parts()
	for i := range parts {
		parts[i].Store = true // cheap to rebuild on every input
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !bytes.HasPrefix(data, []byte("PK")) {
			ps := append([]hostile.Part(nil), parts...)
			for i := range ps {
				if ps[i].Name == "word/document.xml" {
					ps[i].Data = data
				}
			}
			data = hostile.Zip(ps...)
		}
		c, err := ReadBytes(data, ReadOptions{TextLimit: 1 << 16})
		if err != nil {
			return
		}
		if len(c.Text) > 1<<16 {
			t.Fatalf("text of %d bytes past the limit", len(c.Text))
		}
	})
}
