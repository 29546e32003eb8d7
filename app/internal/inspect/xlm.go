package inspect

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf16"
)

// Excel 4.0 (XLM) macros and DDE in workbooks, as olevba (XLM mode),
// msodde and mraptor report them:
//   - .xls (BIFF8, MS-XLS): BoundSheet8 records (0x0085) whose dt is 1
//     (a macro sheet), Lbl records (0x0018) naming Auto_Open-style macros
//     (built-in name 0x01 Auto_Open, 0x02 Auto_Close, 0x0A Auto_Activate,
//     0x0B Auto_Deactivate, or a user name starting with "Auto_Open"),
//     and SupBook records (0x01AE) whose virtual path is a DDE link
//     ("service" 0x03 "topic");
//   - OOXML: parts under xl/macrosheets/ or xl/intlmacrosheets/ (XML or
//     binary), found by name or by content type (zip.go);
//   - SYLK (.slk): an "O;E" record (the file is a macro sheet) or cells
//     whose formulas call XLM functions or DDE (cmd|'...'!A0);
//   - CSV and other text: formula DDE (=cmd|'/c calc'!A0).

// BIFF8 record types read here.
const (
	biffBOF         = 0x0809
	biffEOF         = 0x000A
	biffBoundSheet  = 0x0085
	biffLbl         = 0x0018
	biffSupBook     = 0x01AE
	biffFilePassRec = 0x002F
)

// biffGlobalsLimit is how much of a Workbook stream the globals scan
// reads: the globals substream comes first and is small.
const biffGlobalsLimit = 4 << 20

// xlsGlobals is what the BIFF8 globals substream says.
type xlsGlobals struct {
	encrypted   bool
	macroSheets []string // names of BoundSheets of macro type
	autoNames   []string // Auto_Open-style defined names
	ddeLinks    []string // "service|topic"
	vbaSheets   int      // BoundSheets of VBA module type (dt 6)
	notes       int      // NOTE records (cell comments) in the sheets
	noteAuthors []string
}

// scanBIFFNotes counts the NOTE records (0x001C: rw, col, grbit, idObj,
// stAuthor) of the sheet substreams after the globals.
func scanBIFFNotes(b []byte, g *xlsGlobals) {
	le := binary.LittleEndian
	for pos, n := 0, 0; pos+4 <= len(b) && n < 1<<22; n++ {
		typ, size := le.Uint16(b[pos:]), int(le.Uint16(b[pos+2:]))
		if pos+4+size > len(b) {
			return
		}
		rec := b[pos+4 : pos+4+size]
		pos += 4 + size
		if typ == 0x001C && len(rec) >= 11 {
			g.notes++
			cch := int(le.Uint16(rec[8:]))
			g.noteAuthors = addName(g.noteAuthors, xlStringNoCch(rec[10:], cch))
		}
	}
}

// builtinAutoNames are the built-in Lbl names (MS-XLS 2.5.?? Lbl.Name
// when fBuiltin is set) that run a macro by themselves.
var builtinAutoNames = map[byte]string{0x01: "Auto_Open", 0x02: "Auto_Close", 0x0A: "Auto_Activate", 0x0B: "Auto_Deactivate"}

// scanBIFFGlobals reads the records of the globals substream (up to its
// EOF record); every length is bounds-checked, a truncated record ends
// the scan.
func scanBIFFGlobals(b []byte) xlsGlobals {
	var g xlsGlobals
	le := binary.LittleEndian
	for pos, n := 0, 0; pos+4 <= len(b) && n < 1<<20; n++ {
		typ := le.Uint16(b[pos:])
		size := int(le.Uint16(b[pos+2:]))
		if pos+4+size > len(b) {
			break
		}
		rec := b[pos+4 : pos+4+size]
		pos += 4 + size
		switch typ {
		case biffEOF:
			scanBIFFNotes(b[pos:], &g)
			return g
		case biffFilePassRec:
			// The rest of the globals is encrypted: nothing more to read.
			g.encrypted = true
			return g
		case biffBoundSheet:
			// lbPlyPos (4), hsState (1), dt (1), stName (ShortXLUnicodeString).
			if len(rec) < 8 {
				continue
			}
			switch rec[5] {
			case 0x01:
				if len(g.macroSheets) < maxList {
					g.macroSheets = append(g.macroSheets, shortXLString(rec[6:]))
				}
			case 0x06:
				g.vbaSheets++
			}
		case biffLbl:
			// flags (2), chKey (1), cch (1), cce (2), reserved (2), itab
			// (2), reserved (4), Name (XLUnicodeStringNoCch of cch chars).
			if len(rec) < 15 {
				continue
			}
			flags, cch := le.Uint16(rec), int(rec[3])
			name := xlStringNoCch(rec[14:], cch)
			if flags&0x0020 != 0 { // fBuiltin
				if len(name) > 0 {
					if auto, ok := builtinAutoNames[byte(name[0])]; ok && len(g.autoNames) < maxList {
						g.autoNames = append(g.autoNames, auto)
					}
				}
				continue
			}
			if isAutoName(name) && len(g.autoNames) < maxList {
				g.autoNames = append(g.autoNames, name)
			}
		case biffSupBook:
			// ctab (2), cch (2), virtPath (XLUnicodeStringNoCch); a DDE
			// link's virtual path is service 0x03 topic.
			if len(rec) < 5 {
				continue
			}
			cch := int(le.Uint16(rec[2:]))
			if cch == 0x0401 || cch == 0x3A01 { // self-reference, add-in
				continue
			}
			p := xlStringNoCch(rec[4:], cch)
			if service, topic, ok := strings.Cut(p, "\x03"); ok && service != "" && len(g.ddeLinks) < maxList {
				g.ddeLinks = append(g.ddeLinks, clipString(service+"|"+topic, 200))
			}
		}
	}
	return g
}

// isAutoName reports a defined name that Excel runs as a macro by
// itself (a user-defined "Auto_Open", "Auto_Open1", "auto_close" ...).
func isAutoName(name string) bool {
	low := strings.ToLower(strings.TrimPrefix(name, "_xlnm."))
	for _, p := range []string{"auto_open", "auto_close", "auto_activate", "auto_deactivate"} {
		if strings.HasPrefix(low, p) {
			return true
		}
	}
	return false
}

// shortXLString decodes a ShortXLUnicodeString: cch (1), fHighByte (1),
// then cch bytes or UTF-16 code units.
func shortXLString(b []byte) string {
	if len(b) < 2 {
		return ""
	}
	return xlStringNoCch(b[1:], int(b[0]))
}

// xlStringNoCch decodes an XLUnicodeStringNoCch of cch characters:
// fHighByte (1), then 8-bit (Latin-1) or UTF-16LE characters.
func xlStringNoCch(b []byte, cch int) string {
	if len(b) < 1 {
		return ""
	}
	high := b[0]&1 != 0
	b = b[1:]
	if high {
		n := min(cch, len(b)/2)
		u := make([]uint16, n)
		for i := range u {
			u[i] = binary.LittleEndian.Uint16(b[2*i:])
		}
		return string(utf16.Decode(u))
	}
	n := min(cch, len(b))
	r := make([]rune, n)
	for i, c := range b[:n] {
		r[i] = rune(c)
	}
	return string(r)
}

// inspectXLS records what the globals of a .xls workbook stream say.
func inspectXLS(f *Facts, stream string, head []byte) {
	g := scanBIFFGlobals(head)
	if g.encrypted {
		if dec, ok := biffDecryptDefault(head); ok {
			g = scanBIFFGlobals(dec)
			f.Decrypted = DefaultPassword
		}
	}
	f.Encrypted = g.encrypted
	for _, s := range g.macroSheets {
		f.addIndicator(&f.XLM, fmt.Sprintf("%s stream, sheet %q", stream, s), "BoundSheet of type Excel 4.0 macro sheet")
	}
	for _, n := range g.autoNames {
		f.addAutoExec(n + " (Excel 4.0 defined name)")
	}
	for _, d := range g.ddeLinks {
		f.addIndicator(&f.DDE, stream+" stream (SupBook)", "DDE link "+d)
	}
	if g.notes > 0 {
		f.Comments += g.notes
		for _, a := range g.noteAuthors {
			f.CommentAuthors = addName(f.CommentAuthors, a)
		}
	}
}

// isXLMPart reports an OOXML part that is an Excel 4.0 macro sheet.
func isXLMPart(low, ctype string) bool {
	return strings.Contains(low, "/macrosheets/") || strings.Contains(low, "/intlmacrosheets/") ||
		strings.Contains(ctype, "macrosheet")
}

// SYLK and CSV.

var (
	// ddeFormula matches a DDE formula in a cell: =cmd|'/c calc'!A0,
	// @SUM(cmd|'/c calc'!A0), +msexcel|'\..\..\calc.exe'!''.
	ddeFormula = regexp.MustCompile(`(?i)(?:^|[=+\-@(,;"])\s*[a-z0-9_.$-]+\s*\|\s*'[^'\n]{0,512}'\s*!`)
	// xlmCall matches an XLM function that runs or loads code.
	xlmCall = regexp.MustCompile(`(?i)\b(EXEC|CALL|REGISTER|RUN|FORMULA|FORMULA\.FILL|FOPEN|FWRITE|URLDownloadToFile|ShellExecute)\s*\(`)
)

// maxXLMFormulas is how many XLM formulas of one file are listed.
const maxXLMFormulas = 5

// magicSYLK starts every SYLK file (the ID record: "ID;P" and the
// program that wrote it).
var magicSYLK = []byte("ID;P")

// inspectSYLK reads a SYLK file line by line: macro-sheet options,
// formulas calling XLM functions, and DDE formulas.
func inspectSYLK(f *Facts, text []byte) {
	line, formulas := 0, 0
	defer func() {
		if formulas > maxXLMFormulas {
			f.addIndicator(&f.XLM, "SYLK cells", fmt.Sprintf("%d more XLM formulas", formulas-maxXLMFormulas))
		}
	}()
	for len(text) > 0 {
		line++
		var l []byte
		if i := bytes.IndexAny(text, "\r\n"); i >= 0 {
			l, text = text[:i], bytes.TrimLeft(text[i:], "\r\n")
		} else {
			l, text = text, nil
		}
		where := fmt.Sprintf("line %d", line)
		switch {
		case bytes.HasPrefix(l, []byte("O;")) && hasSYLKField(l, 'E'):
			f.addIndicator(&f.XLM, where, "SYLK options record O;E: the file is an Excel 4.0 macro sheet")
		case bytes.HasPrefix(l, []byte("NN;")):
			// A name definition: NN;N<name>;E<expression>.
			for _, field := range bytes.Split(l, []byte(";"))[1:] {
				if len(field) > 1 && field[0] == 'N' && isAutoName(string(field[1:])) {
					f.addAutoExec(clipString(string(field[1:]), 60) + " (SYLK name)")
				}
			}
		case bytes.HasPrefix(l, []byte("C;")) || bytes.HasPrefix(l, []byte("F;")):
			for _, field := range bytes.Split(l, []byte(";"))[1:] {
				if len(field) < 2 || field[0] != 'E' {
					continue
				}
				formula := string(field[1:])
				if ddeFormula.MatchString(formula) {
					f.addIndicator(&f.DDE, where, "DDE formula "+clipString(formula, 120))
				} else if xlmCall.MatchString(formula) {
					if formulas++; formulas <= maxXLMFormulas {
						f.addIndicator(&f.XLM, where, "XLM formula "+clipString(formula, 120))
					}
				}
			}
		}
	}
}

// hasSYLKField reports a field starting with c in a SYLK record.
func hasSYLKField(l []byte, c byte) bool {
	for _, field := range bytes.Split(l, []byte(";"))[1:] {
		if len(field) > 0 && field[0] == c {
			return true
		}
	}
	return false
}

// scanFormulaDDE looks for DDE formulas in the cells of a text file
// (CSV, TSV): Excel runs =cmd|'/c calc'!A0 when the user enables content.
func scanFormulaDDE(f *Facts, text []byte) {
	if !bytes.ContainsRune(text, '|') || !bytes.ContainsRune(text, '!') {
		return
	}
	line := 0
	for len(text) > 0 && len(f.DDE) < maxList {
		line++
		var l []byte
		if i := bytes.IndexByte(text, '\n'); i >= 0 {
			l, text = text[:i], text[i+1:]
		} else {
			l, text = text, nil
		}
		if loc := ddeFormula.FindIndex(l); loc != nil {
			f.addIndicator(&f.DDE, fmt.Sprintf("line %d", line), "DDE formula "+clipString(strings.TrimSpace(string(l[loc[0]:])), 120))
		}
	}
}
