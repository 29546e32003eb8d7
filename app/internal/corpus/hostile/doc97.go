package hostile

import (
	"encoding/binary"
	"unicode/utf16"
)

// A Word 97-2003 (.doc) writer, from MS-DOC: a FIB (nFib 0x00C1, 93
// FibRgFcLcb97 pairs), the text in two pieces (the first compressed
// 8-bit, the rest UTF-16) described by the CLX's piece table, PAPX FKP
// pages marking table paragraphs (sprmPFInTable) and row ends
// (sprmPFTtp), CHPX FKP pages marking inserted text (sprmCFRMarkIns),
// comments (PlcfandRef, GrpXstAtnOwners) and revision authors
// (SttbfRMark). Enough for a reader to find the text, the header table,
// comments and revisions as Word writes them.

// W97Para is one paragraph of a .doc: its text and how it ends.
type W97Para struct {
	Text string
	// Cell ends the paragraph with a cell mark (0x07); RowEnd makes it the
	// row-end mark (an empty paragraph ending 0x07 with sprmPFTtp).
	Cell, RowEnd bool
	// InTable marks paragraphs inside a table cell.
	InTable bool
	// Inserted marks the paragraph's text as a tracked insertion.
	Inserted bool
}

// Word97 describes a .doc to write.
type Word97 struct {
	Body []W97Para
	// Header is the text of the page header story.
	Header []string
	// CommentAuthors adds one comment per author.
	CommentAuthors []string
	// RevisionAuthors fills SttbfRMark.
	RevisionAuthors []string
	// Creator goes into the summary information.
	Creator string
	// Encrypted sets fEncrypted (the text is then not meant to be read).
	Encrypted bool
	// Extra storages and streams (Macros, ObjectPool objects ...); without
	// them the file has an empty ObjectPool, as Word writes.
	Extra []*Node
}

// HeaderParas returns the document's header table as Word 97 paragraphs
// (one per cell line, cell and row marks), the same rows and cells as
// HeaderTable, then the body paragraphs.
func (d *Doc) HeaderParas() []W97Para {
	d.defaults()
	m := d.Model
	var out []W97Para
	row := func(cells ...[]string) {
		for _, c := range cells {
			for i, line := range c {
				out = append(out, W97Para{Text: line, InTable: true, Cell: i == len(c)-1})
			}
		}
		out = append(out, W97Para{RowEnd: true, InTable: true})
	}
	label := func(l string) string {
		if d.NoColons {
			return l
		}
		return l + ":"
	}
	row([]string{"INTERNATIONAL TELECOMMUNICATION UNION"}, []string{d.DocNumber})
	row([]string{"TELECOMMUNICATION STANDARDIZATION SECTOR"}, []string{d.GroupLine})
	row([]string{"STUDY PERIOD " + d.StudyPeriod}, []string{"English only", "Original: English"})
	row([]string{label("WG(s)") + " " + m.WGs}, []string{d.PlaceDate})
	row([]string{m.DocType().Label()})
	row([]string{label("Source")}, []string{m.Source})
	row([]string{label("Title")}, []string{m.Title})
	for _, c := range m.Contacts {
		row([]string{label("Contact")}, []string{c.Name, c.Organization, c.Country}, []string{"Tel: " + c.Tel, "Fax: " + c.Fax, "E-mail: " + c.Email})
	}
	if d.Note != "-" {
		row([]string{d.Note})
	}
	row([]string{label("Purpose")}, []string{m.Purpose.Label()})
	row([]string{label("Abstract")}, []string{m.Abstract})
	row([]string{label("Keywords")}, []string{m.Keywords})
	for _, p := range d.Body {
		out = append(out, W97Para{Text: p})
	}
	return out
}

// Bytes returns the .doc compound file.
func (w *Word97) Bytes() []byte {
	le := binary.LittleEndian
	// The text: body, then (after ccpFtn = 0) the header story.
	var text []rune
	type run struct {
		start, end int // character indexes
		inTable    bool
		ttp        bool
		inserted   bool
	}
	var runs []run
	for _, p := range w.Body {
		start := len(text)
		text = append(text, []rune(p.Text)...)
		switch {
		case p.RowEnd, p.Cell:
			text = append(text, 0x07)
		default:
			text = append(text, 0x0D)
		}
		runs = append(runs, run{start, len(text), p.InTable || p.RowEnd, p.RowEnd, p.Inserted})
	}
	ccpText := len(text)
	for _, h := range w.Header {
		start := len(text)
		text = append(text, []rune(h)...)
		text = append(text, 0x0D)
		runs = append(runs, run{start, len(text), false, false, false})
	}
	ccpHdd := len(text) - ccpText
	if ccpHdd > 0 {
		text = append(text, 0x0D) // the story's final paragraph mark
		ccpHdd++
	}

	// WordDocument: the FIB in the first 1,024 bytes, then the pieces.
	const fibSize, textAt = 1024, 1024
	split := ccpText / 2 // piece boundary: the first half compressed
	for split > 0 && text[split-1] != 0x0D && text[split-1] != 0x07 {
		split--
	}
	wd := make([]byte, textAt)
	fc := make([]int, len(text)) // file offset of each character
	for i := 0; i < split; i++ {
		fc[i] = len(wd)
		wd = append(wd, byte(text[i]))
	}
	uniAt := len(wd)
	for i := split; i < len(text); i++ {
		fc[i] = len(wd)
		for _, u := range utf16.Encode([]rune{text[i]}) {
			wd = le.AppendUint16(wd, u)
		}
	}
	for len(wd)%512 != 0 {
		wd = append(wd, 0)
	}
	var table []byte
	pairs := make([][2]uint32, 93)
	put := func(i int, b []byte) {
		pairs[i] = [2]uint32{uint32(len(table)), uint32(len(b))}
		table = append(table, b...)
	}
	put(1, make([]byte, 16)) // a stand-in STSH (fcStshf must be non-zero in use)
	// CLX: one Pcdt with two pieces.
	plc := le.AppendUint32(nil, 0)
	plc = le.AppendUint32(plc, uint32(split))
	plc = le.AppendUint32(plc, uint32(len(text)))
	pcd := func(fcv uint32) []byte { b := make([]byte, 8); le.PutUint32(b[2:], fcv); return b }
	plc = append(plc, pcd(uint32(textAt*2)|0x40000000)...)
	plc = append(plc, pcd(uint32(uniAt))...)
	clx := append([]byte{0x02}, le.AppendUint32(nil, uint32(len(plc)))...)
	put(33, append(clx, plc...))

	// FKP pages: one run per paragraph (split at the piece boundary).
	type fkpRun struct {
		fcStart, fcEnd int
		grpprl         []byte
	}
	fcRun := func(r run) []fkpRun {
		var out []fkpRun
		for s := r.start; s < r.end; {
			e := s + 1
			for e < r.end && (e != split) {
				e++
			}
			last := e - 1
			end := fc[last] + 1
			if last >= split {
				end = fc[last] + 2
			}
			out = append(out, fkpRun{fcStart: fc[s], fcEnd: end})
			s = e
		}
		return out
	}
	sprm := func(id uint16, v byte) []byte { return append(le.AppendUint16(nil, id), v) }
	var papx, chpx []fkpRun
	for _, r := range runs {
		var g []byte
		if r.inTable {
			g = append(g, sprm(0x2416, 1)...)
		}
		if r.ttp {
			g = append(g, sprm(0x2417, 1)...)
		}
		for _, fr := range fcRun(r) {
			fr.grpprl = g
			papx = append(papx, fr)
			if r.inserted {
				fr.grpprl = sprm(0x0801, 1)
				chpx = append(chpx, fr)
			}
		}
	}
	writeFKPs := func(rs []fkpRun, isPapx bool) []byte {
		var plcBte []byte
		var fcs, pns []uint32
		for len(rs) > 0 {
			page := make([]byte, 512)
			n, free := 0, 511
			for n < len(rs) && n < 18 {
				n++
			}
			// Properties from the end of the page down.
			for j := 0; j < n; j++ {
				le.PutUint32(page[4*j:], uint32(rs[j].fcStart))
				g := rs[j].grpprl
				if len(g) == 0 {
					continue
				}
				var prop []byte
				if isPapx {
					body := append([]byte{0, 0}, g...) // istd 0
					if len(body)%2 == 1 {
						prop = append([]byte{byte((len(body) + 1) / 2)}, body...)
					} else {
						prop = append([]byte{0, byte(len(body) / 2)}, body...)
					}
				} else {
					prop = append([]byte{byte(len(g))}, g...)
				}
				free -= len(prop)
				free &^= 1
				copy(page[free:], prop)
				step := 1
				if isPapx {
					step = 13
				}
				page[4*(n+1)+step*j] = byte(free / 2)
			}
			le.PutUint32(page[4*n:], uint32(rs[n-1].fcEnd))
			page[511] = byte(n)
			fcs = append(fcs, uint32(rs[0].fcStart))
			pns = append(pns, uint32(len(wd)/512))
			wd = append(wd, page...)
			if len(rs) == n {
				fcs = append(fcs, uint32(rs[n-1].fcEnd))
			}
			rs = rs[n:]
		}
		for _, v := range fcs {
			plcBte = le.AppendUint32(plcBte, v)
		}
		for _, v := range pns {
			plcBte = le.AppendUint32(plcBte, v)
		}
		return plcBte
	}
	if len(papx) > 0 {
		put(13, writeFKPs(papx, true))
	}
	if len(chpx) > 0 {
		put(12, writeFKPs(chpx, false))
	}
	if n := len(w.CommentAuthors); n > 0 {
		and := make([]byte, 4*(n+1)+30*n)
		for i := 0; i < n; i++ {
			le.PutUint32(and[4*i:], uint32(i))
			le.PutUint16(and[4*(n+1)+30*i+20:], uint16(i)) // ibst
		}
		le.PutUint32(and[4*n:], uint32(ccpText))
		put(4, and)
		var owners []byte
		for _, a := range w.CommentAuthors {
			owners = appendXst(owners, a)
		}
		put(36, owners)
	}
	if len(w.RevisionAuthors) > 0 {
		st := le.AppendUint16(nil, 0xFFFF)
		st = le.AppendUint16(st, uint16(len(w.RevisionAuthors)))
		st = le.AppendUint16(st, 0)
		for _, a := range w.RevisionAuthors {
			st = appendXst(st, a)
		}
		put(51, st)
	}

	// The FIB.
	fib := wd[:fibSize]
	le.PutUint16(fib[0:], 0xA5EC)
	le.PutUint16(fib[2:], 0x00C1)
	var flags uint16 = 0x0200 // fWhichTblStm: 1Table
	if w.Encrypted {
		flags |= 0x0100
	}
	le.PutUint16(fib[10:], flags)
	pos := 32
	le.PutUint16(fib[pos:], 14)
	pos += 2 + 28
	le.PutUint16(fib[pos:], 22)
	pos += 2
	le.PutUint32(fib[pos:], uint32(len(wd))) // cbMac
	le.PutUint32(fib[pos+12:], uint32(ccpText))
	le.PutUint32(fib[pos+20:], uint32(ccpHdd))
	if len(w.CommentAuthors) > 0 {
		le.PutUint32(fib[pos+28:], 0) // ccpAtn: no comment text story written
	}
	pos += 88
	le.PutUint16(fib[pos:], uint16(len(pairs)))
	pos += 2
	for _, p := range pairs {
		le.PutUint32(fib[pos:], p[0])
		le.PutUint32(fib[pos+4:], p[1])
		pos += 8
	}
	creator := w.Creator
	if creator == "" {
		creator = "A. Author"
	}
	nodes := []*Node{
		Stream("WordDocument", wd),
		Stream("1Table", table),
		Stream("\x05SummaryInformation", SummaryInformation("Contribution", creator)),
	}
	if len(w.Extra) == 0 {
		nodes = append(nodes, Storage("ObjectPool"))
	}
	return CFB(append(nodes, w.Extra...)...)
}

// Doc97 is a clean Word 97 contribution with the FG header table, read
// like a .docx.
func Doc97() (string, []byte) {
	d := doc(47)
	w := &Word97{Body: d.HeaderParas(), Header: []string{"- 2 -", d.DocNumber}, Creator: "Ajay Example"}
	return name(47, ".doc"), w.Bytes()
}

// Doc97Review is a Word 97 contribution with a tracked insertion and two
// comments left in.
func Doc97Review() (string, []byte) {
	d := doc(48)
	paras := d.HeaderParas()
	paras = append(paras, W97Para{Text: "A sentence added in review.", Inserted: true})
	w := &Word97{Body: paras, CommentAuthors: []string{"Carol Reviewer", "Dan Editor"}, RevisionAuthors: []string{"Dan Editor"}}
	return name(48, ".doc"), w.Bytes()
}

// Doc97DDE is a Word 97 document with a DDEAUTO field (the msodde case).
func Doc97DDE() (string, []byte) {
	d := doc(49)
	paras := d.HeaderParas()
	paras = append(paras, W97Para{Text: "\x13 DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe \"/k calc.exe\" \x14result\x15"})
	w := &Word97{Body: paras}
	return name(49, ".doc"), w.Bytes()
}

// appendXst appends an Xst: a 16-bit character count, then UTF-16LE.
func appendXst(b []byte, s string) []byte {
	u := utf16.Encode([]rune(s))
	b = binary.LittleEndian.AppendUint16(b, uint16(len(u)))
	for _, c := range u {
		b = binary.LittleEndian.AppendUint16(b, c)
	}
	return b
}
