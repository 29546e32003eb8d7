package inspect

import (
	"encoding/binary"
	"errors"
	"math/bits"
	"regexp"
	"strings"
)

// VBA projects (MS-OVBA): the dir stream and module sources are stored
// compressed; decompressVBA undoes the compression with a bound on the
// output, parseVBADir lists the modules, and autoExecRE finds macros that
// run by themselves.

var errVBA = errors.New("bad VBA compressed container")

// decompressVBA decompresses an MS-OVBA CompressedContainer (2.4.1),
// producing at most limit bytes.
func decompressVBA(b []byte, limit int) ([]byte, error) {
	if len(b) == 0 || b[0] != 0x01 {
		return nil, errVBA
	}
	out := make([]byte, 0, min(4*len(b), limit, 64<<10))
	pos := 1
	for pos+2 <= len(b) {
		hdr := binary.LittleEndian.Uint16(b[pos:])
		chunkEnd := min(pos+int(hdr&0x0FFF)+3, len(b))
		pos += 2
		if (hdr>>12)&0x7 != 0x3 {
			return out, errVBA
		}
		start := len(out)
		if hdr&0x8000 == 0 { // raw chunk of 4096 bytes
			n := min(4096, len(b)-pos)
			if len(out)+n > limit {
				return out, errTooBig
			}
			out = append(out, b[pos:pos+n]...)
			pos += n
			continue
		}
		for pos < chunkEnd {
			flags := b[pos]
			pos++
			for bit := 0; bit < 8 && pos < chunkEnd; bit++ {
				if flags&(1<<bit) == 0 {
					if len(out) >= limit {
						return out, errTooBig
					}
					out = append(out, b[pos])
					pos++
					continue
				}
				if pos+2 > chunkEnd {
					return out, errVBA
				}
				tok := int(binary.LittleEndian.Uint16(b[pos:]))
				pos += 2
				diff := len(out) - start
				bitCount := max(bits.Len(uint(max(diff-1, 0))), 4)
				lengthMask := 0xFFFF >> bitCount
				length := tok&lengthMask + 3
				offset := tok>>(16-bitCount) + 1
				if offset > diff {
					return out, errVBA
				}
				if len(out)+length > limit {
					return out, errTooBig
				}
				src := len(out) - offset
				for i := range length {
					out = append(out, out[src+i])
				}
			}
		}
		pos = chunkEnd
	}
	return out, nil
}

var errTooBig = errors.New("exceeds the size limit")

// vbaModule is one module of the dir stream.
type vbaModule struct {
	name   string // module name
	stream string // stream name in the VBA storage
	offset uint32 // where the compressed source starts in the stream
}

// parseVBADir lists the modules of a decompressed dir stream (2.3.4.2).
// Records are id (2 bytes), size (4 bytes), data; PROJECTVERSION (0x0009)
// declares 4 bytes but holds 6.
func parseVBADir(dir []byte) []vbaModule {
	var mods []vbaModule
	var cur vbaModule
	for pos := 0; pos+6 <= len(dir) && len(mods) < 4096; {
		id := binary.LittleEndian.Uint16(dir[pos:])
		size := int(binary.LittleEndian.Uint32(dir[pos+2:]))
		pos += 6
		if id == 0x0009 {
			size = 6
		}
		if size < 0 || size > len(dir)-pos {
			break
		}
		data := dir[pos : pos+size]
		pos += size
		switch id {
		case 0x0019: // MODULENAME
			cur = vbaModule{name: string(data)}
		case 0x001A: // MODULESTREAMNAME
			cur.stream = string(data)
		case 0x0031: // MODULEOFFSET
			if len(data) == 4 {
				cur.offset = binary.LittleEndian.Uint32(data)
			}
		case 0x002B: // module terminator
			if cur.stream == "" {
				cur.stream = cur.name
			}
			mods = append(mods, cur)
			cur = vbaModule{}
		case 0x0010: // end of the modules
			return mods
		}
	}
	return mods
}

// autoExecNames are the macro names Office runs by itself (after
// oletools' olevba), in their usual spelling.
var autoExecNames = []string{
	// Word
	"AutoExec", "AutoOpen", "DocumentOpen", "Document_Open", "AutoClose", "Document_Close",
	"DocumentBeforeClose", "Document_BeforeClose", "DocumentChange", "AutoNew", "Document_New",
	"NewDocument", "AutoExit", "Document_ContentControlOnEnter", "Document_ContentControlOnExit",
	// Excel
	"Auto_Open", "Workbook_Open", "Workbook_Activate", "Auto_Close", "Workbook_Close",
	"Workbook_BeforeClose", "Workbook_Deactivate", "Workbook_WindowActivate",
	// PowerPoint
	"Auto_Ope", "OnSlideShowPageChange",
}

var autoExecRE = func() *regexp.Regexp {
	var alts []string
	for _, n := range autoExecNames {
		alts = append(alts, regexp.QuoteMeta(n))
	}
	// ActiveX events that fire without a click.
	return regexp.MustCompile(`(?i)\b(` + strings.Join(alts, "|") + `|\w+_(?:Painted|Painting|GotFocus|LostFocus|MouseHover|Layout|Resize|DocumentComplete|NavigateComplete2|BeforeNavigate2|OnConnecting))\b`)
}()

// autoExecIn returns the auto-executing macro names in VBA source, each
// once, in the spelling of autoExecNames when it is one of them.
func autoExecIn(src []byte) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range autoExecRE.FindAll(src, 100) {
		name := string(m)
		for _, n := range autoExecNames {
			if strings.EqualFold(n, name) {
				name = n
			}
		}
		key := strings.ToLower(name)
		if !seen[key] {
			seen[key] = true
			out = append(out, name)
		}
	}
	return out
}
