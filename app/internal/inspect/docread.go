package inspect

import (
	"encoding/binary"
	"fmt"
	"sort"
	"strings"
	"unicode/utf16"

	"github.com/fgdesk/fgdesk/app/internal/docx"
)

// Word 97-2003 documents (MS-DOC). The WordDocument stream starts with
// the File Information Block (FIB): FibBase (32 bytes; wIdent 0xA5EC,
// flags with fEncrypted and fWhichTblStm), then FibRgW97, FibRgLw97 (the
// character counts: ccpText, ccpFtn, ccpHdd, ccpAtn ...) and FibRgFcLcb,
// pairs of offset and size into the table stream (0Table or 1Table).
// The text is found through the CLX (fcClx/lcbClx): its Pcdt holds the
// piece table, a PLC of character positions and piece descriptors whose
// fc says where each piece's text lies in the WordDocument stream, as
// 8-bit (compressed, Windows-1252) or UTF-16 characters. Paragraphs end
// with 0x0D; table cells and rows end with 0x07, a row end being a
// paragraph whose properties (PAPX, found through PlcBtePapx and its
// 512-byte FKP pages) carry sprmPFTtp. Fields are 0x13 instruction 0x14
// result 0x15.
//
// Comments come from PlcfandRef (one ATRDPre10 per comment) and their
// authors from GrpXstAtnOwners; revision marks from the character
// properties (CHPX FKP pages through PlcBteChpx) carrying
// sprmCFRMarkIns or sprmCFRMarkDel, and the revision authors from
// SttbfRMark.

// Indexes of the FibRgFcLcb97 pairs read here (MS-DOC 2.5.6).
const (
	fcPlcfandRef     = 4
	fcPlcfHdd        = 11
	fcPlcfBteChpx    = 12
	fcPlcfBtePapx    = 13
	fcClx            = 33
	fcGrpXstAtnOwner = 36
	fcSttbfRMark     = 51
)

// Bounds of the .doc reader.
const (
	docMaxPieces  = 1 << 16
	docMaxChars   = 2 << 20 // characters of text read from the pieces
	docMaxFKPs    = 1 << 14
	docMaxBlocks  = 60 // top-level blocks handed to the header reader
	docMaxRows    = 400
	docMaxCellLen = 4096
)

// Special characters of Word 97 text.
const (
	chParaEnd   = 0x0D
	chCellMark  = 0x07
	chFieldBeg  = 0x13
	chFieldSep  = 0x14
	chFieldEnd  = 0x15
	chLineBreak = 0x0B
	chPageBreak = 0x0C
)

// docFIB is what the reader uses of the FIB.
type docFIB struct {
	encrypted, table1               bool
	ccpText, ccpFtn, ccpHdd, ccpAtn int
	fcLcb                           [][2]uint32 // FibRgFcLcb pairs
}

func parseFIB(w []byte) (docFIB, error) {
	var fib docFIB
	le := binary.LittleEndian
	if len(w) < 34 || le.Uint16(w) != 0xA5EC {
		return fib, fmt.Errorf("no Word 97 FIB (wIdent 0xA5EC) at the start of the WordDocument stream")
	}
	flags := le.Uint16(w[10:])
	fib.encrypted, fib.table1 = flags&0x0100 != 0, flags&0x0200 != 0
	pos := 32
	csw := int(le.Uint16(w[pos:]))
	pos += 2 + 2*csw
	if pos+2 > len(w) {
		return fib, fmt.Errorf("FIB cut short (FibRgW97)")
	}
	cslw := int(le.Uint16(w[pos:]))
	pos += 2
	if cslw < 11 || pos+4*cslw+2 > len(w) {
		return fib, fmt.Errorf("FIB cut short (FibRgLw97)")
	}
	lw := func(i int) int { return int(int32(le.Uint32(w[pos+4*i:]))) }
	fib.ccpText, fib.ccpFtn, fib.ccpHdd, fib.ccpAtn = lw(3), lw(4), lw(5), lw(7)
	pos += 4 * cslw
	n := int(le.Uint16(w[pos:]))
	pos += 2
	for i := 0; i < n && pos+8 <= len(w); i++ {
		fib.fcLcb = append(fib.fcLcb, [2]uint32{le.Uint32(w[pos:]), le.Uint32(w[pos+4:])})
		pos += 8
	}
	if len(fib.fcLcb) <= fcClx {
		return fib, fmt.Errorf("FIB cut short (FibRgFcLcb97 has %d of at least %d pairs)", len(fib.fcLcb), fcClx+1)
	}
	return fib, nil
}

// tableSlice returns the structure at pair i of the table stream, or nil.
func (fib *docFIB) tableSlice(table []byte, i int) []byte {
	if i >= len(fib.fcLcb) {
		return nil
	}
	fc, lcb := uint64(fib.fcLcb[i][0]), uint64(fib.fcLcb[i][1])
	if lcb == 0 || fc+lcb > uint64(len(table)) {
		return nil
	}
	return table[fc : fc+lcb]
}

// docPiece is one piece of the piece table.
type docPiece struct {
	cpStart, cpEnd int
	fc             int // byte offset of the first character in WordDocument
	compressed     bool
}

// parseClx finds the Pcdt in the CLX (skipping Prc entries) and returns
// the pieces, in CP order.
func parseClx(clx []byte) ([]docPiece, error) {
	le := binary.LittleEndian
	pos := 0
	for pos < len(clx) && clx[pos] == 0x01 { // Prc: clxt, cbGrpprl, grpprl
		if pos+3 > len(clx) {
			return nil, fmt.Errorf("CLX cut short in a Prc")
		}
		cb := int(int16(le.Uint16(clx[pos+1:])))
		if cb < 0 {
			return nil, fmt.Errorf("CLX Prc with a negative size")
		}
		pos += 3 + cb
	}
	if pos+5 > len(clx) || clx[pos] != 0x02 {
		return nil, fmt.Errorf("CLX has no Pcdt")
	}
	lcb := int(le.Uint32(clx[pos+1:]))
	plc := clx[pos+5:]
	if lcb < 4 || lcb > len(plc) || (lcb-4)%12 != 0 {
		return nil, fmt.Errorf("Pcdt of %d bytes does not hold a piece table", lcb)
	}
	n := (lcb - 4) / 12
	if n > docMaxPieces {
		return nil, fmt.Errorf("%d pieces, limit %d", n, docMaxPieces)
	}
	pieces := make([]docPiece, 0, n)
	for i := 0; i < n; i++ {
		cs, ce := int(int32(le.Uint32(plc[4*i:]))), int(int32(le.Uint32(plc[4*i+4:])))
		pcd := plc[4*(n+1)+8*i:]
		fcv := le.Uint32(pcd[2:])
		p := docPiece{cpStart: cs, cpEnd: ce, compressed: fcv&0x40000000 != 0}
		if p.compressed {
			p.fc = int(fcv&0x3FFFFFFF) / 2
		} else {
			p.fc = int(fcv & 0x3FFFFFFF)
		}
		if cs < 0 || ce < cs {
			return nil, fmt.Errorf("piece %d has character positions %d..%d", i, cs, ce)
		}
		pieces = append(pieces, p)
	}
	return pieces, nil
}

// docText is the text of a .doc with, for every character, the file
// offset it came from (to look up its paragraph properties).
type docText struct {
	runes []rune
	fcs   []int32
}

// readPieces decodes the characters [0, end) of the document.
func readPieces(w []byte, pieces []docPiece, end int) docText {
	var t docText
	for _, p := range pieces {
		for cp := p.cpStart; cp < p.cpEnd && cp < end && len(t.runes) < docMaxChars; cp++ {
			if p.compressed {
				at := p.fc + (cp - p.cpStart)
				if at < 0 || at >= len(w) {
					break
				}
				t.runes = append(t.runes, cp1252(w[at]))
				t.fcs = append(t.fcs, int32(at))
				continue
			}
			at := p.fc + 2*(cp-p.cpStart)
			if at < 0 || at+2 > len(w) {
				break
			}
			u := binary.LittleEndian.Uint16(w[at:])
			r := rune(u)
			if utf16.IsSurrogate(r) {
				if at+4 <= len(w) && cp+1 < p.cpEnd {
					r = utf16.DecodeRune(r, rune(binary.LittleEndian.Uint16(w[at+2:])))
					t.runes = append(t.runes, r)
					t.fcs = append(t.fcs, int32(at))
					cp++
					continue
				}
				r = '\uFFFD'
			}
			t.runes = append(t.runes, r)
			t.fcs = append(t.fcs, int32(at))
		}
	}
	return t
}

// cp1252 maps a compressed character (MS-DOC 2.4.1: Windows-1252, with
// 0x80-0x9F as that code page has them).
func cp1252(b byte) rune {
	if b >= 0x80 && b <= 0x9F {
		if r := win1252High[b-0x80]; r != 0 {
			return r
		}
	}
	return rune(b)
}

var win1252High = [32]rune{
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
}

// fcRanges is a sorted list of [start, end) file offsets.
type fcRanges [][2]int32

func (r fcRanges) contains(fc int32) bool {
	i := sort.Search(len(r), func(i int) bool { return r[i][1] > fc })
	return i < len(r) && r[i][0] <= fc
}

// fkpRanges walks the FKP pages a PlcBte points to and returns the file
// offset ranges whose property exceptions (grpprl) satisfy match. papx
// selects the PAPX page layout (else CHPX).
func fkpRanges(w, plcBte []byte, papx bool, match func(grpprl []byte) bool) fcRanges {
	le := binary.LittleEndian
	if len(plcBte) < 4 || (len(plcBte)-4)%8 != 0 {
		return nil
	}
	n := (len(plcBte) - 4) / 8
	var out fcRanges
	for i := 0; i < n && i < docMaxFKPs; i++ {
		pn := int(le.Uint32(plcBte[4*(n+1)+4*i:]) & 0x3FFFFF)
		if pn*512+512 > len(w) {
			continue
		}
		page := w[pn*512 : pn*512+512]
		crun := int(page[511])
		step := 1 // CHPX: one byte offset per run
		if papx {
			step = 13 // BxPap: offset byte and a 12-byte PHE
		}
		if 4*(crun+1)+step*crun > 511 {
			continue
		}
		for j := 0; j < crun; j++ {
			start, end := int32(le.Uint32(page[4*j:])), int32(le.Uint32(page[4*j+4:]))
			off := 2 * int(page[4*(crun+1)+step*j])
			if off == 0 || off >= 511 {
				continue
			}
			var grpprl []byte
			if papx {
				cb := int(page[off])
				size, at := 2*cb-1, off+1
				if cb == 0 {
					if off+1 >= 511 {
						continue
					}
					size, at = 2*int(page[off+1]), off+2
				}
				if size < 2 || at+size > 511 {
					continue
				}
				grpprl = page[at+2 : at+size] // after istd
			} else {
				cb := int(page[off])
				if off+1+cb > 511 {
					continue
				}
				grpprl = page[off+1 : off+1+cb]
			}
			if match(grpprl) && end > start {
				out = append(out, [2]int32{start, end})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

// hasSprm reports whether a grpprl sets sprm with a first operand byte
// of 1 (a toggle set on).
func hasSprm(grpprl []byte, sprm uint16) bool {
	le := binary.LittleEndian
	for pos := 0; pos+2 <= len(grpprl); {
		s := le.Uint16(grpprl[pos:])
		pos += 2
		size := 0
		switch s >> 13 { // spra: operand size
		case 0, 1:
			size = 1
		case 2, 4, 5:
			size = 2
		case 3:
			size = 4
		case 7:
			size = 3
		case 6:
			if pos >= len(grpprl) {
				return false
			}
			if s == 0xD608 || s == 0xD606 { // sprmTDefTable, sprmTDefTable10: 2-byte size
				if pos+2 > len(grpprl) {
					return false
				}
				size = int(le.Uint16(grpprl[pos:])) + 1
			} else {
				size = int(grpprl[pos]) + 1
			}
		}
		if s == sprm && pos < len(grpprl) && grpprl[pos] == 1 {
			return true
		}
		pos += size
	}
	return false
}

const (
	sprmPFTtp       = 0x2417
	sprmPFInTable   = 0x2416
	sprmCFRMarkDel  = 0x0800
	sprmCFRMarkIns  = 0x0801
	sprmPFInnerTtp  = 0x244C
	sprmPFInnerCell = 0x244B
)

// inspectDocText reads the text, header table, comments and revision
// marks of a Word 97 document into f. w is the WordDocument stream,
// table the table stream it names.
func inspectDocText(f *Facts, w, table []byte, fib docFIB, opt Options) {
	pieces, err := parseClx(fib.tableSlice(table, fcClx))
	if err != nil {
		f.problem(ProbUnsupported, "WordDocument", "the text could not be read: "+err.Error())
		return
	}
	// The FIB's character counts are signed 32-bit fields: a hostile file
	// may give negative ones, which count as none.
	main := max(fib.ccpText, 0)
	hddStart := main + max(fib.ccpFtn, 0)
	end := hddStart + max(fib.ccpHdd, 0)
	t := readPieces(w, pieces, min(end, docMaxChars))
	ttp := fkpRanges(w, fib.tableSlice(table, fcPlcfBtePapx), true, func(g []byte) bool {
		return hasSprm(g, sprmPFTtp) || hasSprm(g, sprmPFInnerTtp)
	})
	inTable := fkpRanges(w, fib.tableSlice(table, fcPlcfBtePapx), true, func(g []byte) bool {
		return hasSprm(g, sprmPFInTable)
	})
	bodyEnd := min(main, len(t.runes))
	blocks, text, fields := docStructure(t, 0, bodyEnd, ttp, inTable)
	var headerLines []string
	if hddStart < len(t.runes) {
		_, htext, hfields := docStructure(t, hddStart, len(t.runes), ttp, inTable)
		headerLines = strings.Split(htext, "\n")
		text += htext
		fields = append(fields, hfields...)
	}
	if h := docx.HeaderFromBlocks(blocks, headerLines); h != nil {
		hh := Header(*h)
		f.Header = &hh
	}
	if opt.TextLimit >= 0 {
		limit := opt.TextLimit
		if len(text) > limit {
			text, f.TextTruncated = text[:limit], true
		}
		f.Text = strings.ToValidUTF8(text, "")
	}
	for _, instr := range fields {
		if isDDEInstr(instr) {
			f.addIndicator(&f.DDE, "WordDocument", clipString(strings.TrimSpace(instr), 200))
		}
	}
	// Comments.
	if and := fib.tableSlice(table, fcPlcfandRef); len(and) >= 4 {
		if n := (len(and) - 4) / 34; n > 0 {
			f.Comments = n
			f.CommentAuthors = xstList(fib.tableSlice(table, fcGrpXstAtnOwner), maxAuthors)
		}
	}
	// Revision marks.
	rm := fkpRanges(w, fib.tableSlice(table, fcPlcfBteChpx), false, func(g []byte) bool {
		return hasSprm(g, sprmCFRMarkIns) || hasSprm(g, sprmCFRMarkDel)
	})
	if n := countInText(t, rm, end); n > 0 {
		f.TrackedChanges = n
		f.TrackedAuthors = sttbStrings(fib.tableSlice(table, fcSttbfRMark), maxAuthors)
	}
}

const maxAuthors = 100

// countInText counts the runs of characters of the document that fall in
// the ranges (a revision mark is counted once per run).
func countInText(t docText, r fcRanges, end int) int {
	if len(r) == 0 {
		return 0
	}
	n, in := 0, false
	for i := 0; i < len(t.fcs) && i < end; i++ {
		c := r.contains(t.fcs[i])
		if c && !in {
			n++
		}
		in = c
	}
	return n
}

// docStructure splits the characters [from, to) into top-level blocks
// (paragraphs and tables, for the header reader), plain text (paragraphs
// end with "\n", cells with "\t") and field instructions.
func docStructure(t docText, from, to int, ttp, inTable fcRanges) (blocks []docx.Block, text string, fields []string) {
	var sb, para strings.Builder
	var cellLines []string
	var row [][]string
	var rows [][][]string
	var instr []*strings.Builder // open fields' instructions (nil once in the result)
	flushTable := func() {
		if len(rows) > 0 && len(blocks) < docMaxBlocks {
			blocks = append(blocks, docx.Block{Table: true, Rows: rows})
		}
		rows = nil
	}
	from, to = max(from, 0), min(to, len(t.runes), len(t.fcs))
	for i := from; i < to; i++ {
		r := t.runes[i]
		if n := len(instr); n > 0 && instr[n-1] != nil && r != chFieldBeg && r != chFieldSep && r != chFieldEnd {
			if instr[n-1].Len() < 2048 {
				instr[n-1].WriteRune(r)
			}
			continue
		}
		switch r {
		case chFieldBeg:
			if len(instr) < 64 {
				instr = append(instr, &strings.Builder{})
			}
		case chFieldSep, chFieldEnd:
			if n := len(instr); n > 0 {
				if instr[n-1] != nil {
					fields = append(fields, instr[n-1].String())
				}
				if r == chFieldSep {
					instr[n-1] = nil // the result follows, as text
				} else {
					instr = instr[:n-1]
				}
			}
		case chParaEnd:
			line := para.String()
			para.Reset()
			sb.WriteString(line)
			sb.WriteByte('\n')
			if row != nil || inTable.contains(t.fcs[i]) {
				cellLines = append(cellLines, line) // a paragraph inside a cell
				continue
			}
			flushTable()
			if len(blocks) < docMaxBlocks {
				blocks = append(blocks, docx.Block{Para: line})
			}
		case chCellMark:
			line := para.String()
			para.Reset()
			sb.WriteString(line)
			if ttp.contains(t.fcs[i]) {
				// The row-end mark: the row's cells are complete.
				sb.WriteByte('\n')
				if len(rows) < docMaxRows {
					rows = append(rows, row)
				}
				row, cellLines = nil, nil
				continue
			}
			sb.WriteByte('\t')
			row = append(row, append(cellLines, line))
			cellLines = nil
		case chLineBreak, chPageBreak:
			para.WriteByte('\n')
		case 0x1E:
			para.WriteByte('-') // non-breaking hyphen
		case 0x1F, 0x01, 0x02, 0x03, 0x04, 0x05, 0x08:
			// optional hyphen, picture, footnote and annotation marks, drawn objects
		case 0x09:
			para.WriteByte('\t')
		default:
			if r >= 0x20 && para.Len() < docMaxCellLen*16 {
				para.WriteRune(r)
			}
		}
	}
	if row != nil && len(rows) < docMaxRows {
		rows = append(rows, row)
	}
	flushTable()
	if para.Len() > 0 {
		sb.WriteString(para.String())
		if len(blocks) < docMaxBlocks {
			blocks = append(blocks, docx.Block{Para: para.String()})
		}
	}
	return blocks, sb.String(), fields
}

// isDDEInstr reports a DDE or DDEAUTO field instruction.
func isDDEInstr(instr string) bool {
	first, _, _ := strings.Cut(strings.TrimSpace(instr), " ")
	switch strings.ToUpper(first) {
	case "DDE", "DDEAUTO":
		return true
	}
	return false
}

// xstList reads consecutive Xst strings (cch, then UTF-16 characters).
func xstList(b []byte, max int) []string {
	var out []string
	le := binary.LittleEndian
	for pos := 0; pos+2 <= len(b) && len(out) < max; {
		n := int(le.Uint16(b[pos:]))
		pos += 2
		if pos+2*n > len(b) {
			break
		}
		out = appendAuthor(out, utf16String(b[pos:pos+2*n]))
		pos += 2 * n
	}
	return out
}

// sttbStrings reads an STTB of Unicode strings (fExtend 0xFFFF, cData,
// cbExtra, then cch and characters with cbExtra bytes after each).
func sttbStrings(b []byte, max int) []string {
	le := binary.LittleEndian
	if len(b) < 6 || le.Uint16(b) != 0xFFFF {
		return nil
	}
	n, extra := int(le.Uint16(b[2:])), int(le.Uint16(b[4:]))
	var out []string
	for i, pos := 0, 6; i < n && pos+2 <= len(b) && len(out) < max; i++ {
		cch := int(le.Uint16(b[pos:]))
		pos += 2
		if pos+2*cch > len(b) {
			break
		}
		out = appendAuthor(out, utf16String(b[pos:pos+2*cch]))
		pos += 2*cch + extra
	}
	return out
}

func appendAuthor(list []string, a string) []string {
	a = strings.TrimSpace(a)
	if a == "" {
		return list
	}
	for _, have := range list {
		if have == a {
			return list
		}
	}
	return append(list, a)
}

func utf16String(b []byte) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = binary.LittleEndian.Uint16(b[2*i:])
	}
	return strings.ToValidUTF8(string(utf16.Decode(u)), "")
}
