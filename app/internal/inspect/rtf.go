package inspect

import (
	"bufio"
	"io"
	"strings"
)

// RTF: Word opens anything that starts with "{\rt". The scan looks for
// embedded or linked OLE objects (\object with \objdata, \objemb,
// \objlink, \objautlink, \objocx), an attached template (\*\template),
// and field instructions (\fldinst) that are DDE.

const rtfMaxCapture = 4 << 10

func inspectRTF(f *Facts, ra io.ReaderAt, size int64) {
	br := bufio.NewReaderSize(io.NewSectionReader(ra, 0, size), 64<<10)
	depth := 0
	// capture collects the text of a destination (\fldinst, \*\template)
	// until its group closes.
	type capture struct {
		kind  string
		depth int
		text  strings.Builder
	}
	var caps []*capture
	objects := 0
	var word []byte
	finishWord := func(w string) {
		switch w {
		case "object":
			objects++
		case "objdata", "objemb", "objocx", "objlink", "objautlink", "objupdate":
			detail := "embedded OLE object (\\" + w + ")"
			if w == "objlink" || w == "objautlink" {
				// A linked object shows (and with \objautlink updates on
				// opening) the content of another file.
				f.addIndicator(&f.ExternalData, "rtf", "a linked OLE object (\\"+w+")")
				return
			}
			if w == "objupdate" {
				detail = "OLE object updated when opened (\\objupdate)"
			}
			f.addIndicator(&f.OLEObjects, "rtf", detail)
		case "fldinst", "template":
			if len(caps) < 64 {
				caps = append(caps, &capture{kind: w, depth: depth})
			}
		}
	}
	emit := func(c byte) {
		if len(caps) > 0 {
			if t := &caps[len(caps)-1].text; t.Len() < rtfMaxCapture {
				t.WriteByte(c)
			}
		}
	}
	for {
		c, err := br.ReadByte()
		if err != nil {
			break
		}
		switch c {
		case '{':
			depth++
		case '}':
			for len(caps) > 0 && caps[len(caps)-1].depth >= depth {
				cp := caps[len(caps)-1]
				caps = caps[:len(caps)-1]
				rtfDestination(f, cp.kind, strings.TrimSpace(cp.text.String()))
			}
			depth--
		case '\\':
			word = word[:0]
			for {
				b, err := br.ReadByte()
				if err != nil {
					break
				}
				if b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' {
					if len(word) < 32 {
						word = append(word, b)
					}
					continue
				}
				if len(word) == 0 {
					// A control symbol: \\, \{, \} are text; \* and
					// others are not.
					if b == '\\' || b == '{' || b == '}' {
						emit(b)
					}
					break
				}
				// A numeric parameter, then one optional space.
				for b == '-' || b >= '0' && b <= '9' {
					if b, err = br.ReadByte(); err != nil {
						break
					}
				}
				if b != ' ' {
					br.UnreadByte()
				}
				break
			}
			if len(word) > 0 {
				finishWord(string(word))
			}
		case '\r', '\n':
		default:
			emit(c)
		}
	}
	for len(caps) > 0 {
		cp := caps[len(caps)-1]
		caps = caps[:len(caps)-1]
		rtfDestination(f, cp.kind, strings.TrimSpace(cp.text.String()))
	}
	_ = objects
}

// rtfDestination judges a captured \fldinst or \*\template.
func rtfDestination(f *Facts, kind, text string) {
	switch kind {
	case "template":
		if text != "" && len(f.External) < maxList {
			f.External = append(f.External, Relationship{Part: "rtf", ID: "template", Type: "attachedTemplate", Target: text, Mode: "External"})
		}
	case "fldinst":
		instr := strings.Join(strings.Fields(text), " ")
		word, _, _ := strings.Cut(instr, " ")
		switch strings.ToUpper(word) {
		case "DDE", "DDEAUTO":
			f.addIndicator(&f.DDE, "rtf", instr)
		}
	}
}
