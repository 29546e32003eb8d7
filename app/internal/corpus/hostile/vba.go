package hostile

import (
	"bytes"
	"encoding/binary"
	"unicode/utf16"
)

// Module is one VBA module: its name and source code.
type Module struct {
	Name   string
	Source string
}

// AutoOpenModule is a module whose macro runs when Word opens the file.
var AutoOpenModule = Module{Name: "ThisDocument", Source: "Attribute VB_Name = \"ThisDocument\"\r\n" +
	"Sub AutoOpen()\r\n    Shell \"calc.exe\"\r\nEnd Sub\r\n"}

// PlainModule is a module with no auto-executing macro.
var PlainModule = Module{Name: "Module1", Source: "Attribute VB_Name = \"Module1\"\r\n" +
	"Sub Hello()\r\n    MsgBox \"hello\"\r\nEnd Sub\r\n"}

// CompressVBA compresses data as an MS-OVBA CompressedContainer. It emits
// only literal tokens (valid, if not small), in chunks of at most 3,640
// bytes so each fits a chunk's 4,096-byte budget.
func CompressVBA(data []byte) []byte {
	out := []byte{0x01}
	for len(data) > 0 {
		n := min(len(data), 3640)
		chunk := data[:n]
		data = data[n:]
		var body []byte
		for i := 0; i < len(chunk); i += 8 {
			body = append(body, 0x00) // flag byte: 8 literals
			body = append(body, chunk[i:min(i+8, len(chunk))]...)
		}
		size := len(body) + 2
		hdr := uint16(size-3) | 0x3<<12 | 1<<15
		out = binary.LittleEndian.AppendUint16(out, hdr)
		out = append(out, body...)
	}
	return out
}

// VBAStorage returns the "VBA" storage of a VBA project (dir stream,
// _VBA_PROJECT stream and one stream per module, sources compressed at
// offset 0) and the PROJECT stream that goes beside it.
func VBAStorage(mods ...Module) (vba *Node, project *Node) {
	var dir bytes.Buffer
	rec := func(id uint16, data []byte) {
		binary.Write(&dir, binary.LittleEndian, id)
		binary.Write(&dir, binary.LittleEndian, uint32(len(data)))
		dir.Write(data)
	}
	u32 := func(v uint32) []byte { return binary.LittleEndian.AppendUint32(nil, v) }
	u16 := func(v uint16) []byte { return binary.LittleEndian.AppendUint16(nil, v) }
	utf := func(s string) []byte {
		var b []byte
		for _, c := range utf16.Encode([]rune(s)) {
			b = binary.LittleEndian.AppendUint16(b, c)
		}
		return b
	}
	rec(0x0001, u32(1))     // PROJECTSYSKIND win32
	rec(0x0002, u32(0x409)) // PROJECTLCID
	rec(0x0014, u32(0x409)) // PROJECTLCIDINVOKE
	rec(0x0003, u16(1252))  // PROJECTCODEPAGE
	rec(0x0004, []byte("Project"))
	rec(0x0005, nil) // PROJECTDOCSTRING
	rec(0x0040, nil)
	rec(0x0006, nil) // PROJECTHELPFILEPATH
	rec(0x003D, nil)
	rec(0x0007, u32(0)) // PROJECTHELPCONTEXT
	rec(0x0008, u32(0)) // PROJECTLIBFLAGS
	// PROJECTVERSION: its size field says 4 but 6 bytes follow.
	binary.Write(&dir, binary.LittleEndian, uint16(0x0009))
	binary.Write(&dir, binary.LittleEndian, uint32(4))
	dir.Write(u32(0x6B2A5E3F))
	dir.Write(u16(0x0011))
	rec(0x000C, nil) // PROJECTCONSTANTS
	rec(0x003C, nil)
	rec(0x000F, u16(uint16(len(mods))))
	rec(0x0013, u16(0xFFFF))
	vba = Storage("VBA")
	for _, m := range mods {
		rec(0x0019, []byte(m.Name))
		rec(0x0047, utf(m.Name))
		rec(0x001A, []byte(m.Name))
		rec(0x0032, utf(m.Name))
		rec(0x001C, nil)
		rec(0x0048, nil)
		rec(0x0031, u32(0)) // MODULEOFFSET: source at the start
		rec(0x001E, u32(0))
		rec(0x002C, u16(0xFFFF))
		rec(0x0021, nil) // procedural module
		rec(0x002B, nil) // module terminator
		vba.Children = append(vba.Children, Stream(m.Name, CompressVBA([]byte(m.Source))))
	}
	rec(0x0010, nil) // end of modules
	vba.Children = append(vba.Children,
		Stream("dir", CompressVBA(dir.Bytes())),
		Stream("_VBA_PROJECT", []byte{0xCC, 0x61, 0xFF, 0xFF, 0x00, 0x00, 0x00}),
	)
	var proj bytes.Buffer
	proj.WriteString("ID=\"{00000000-0000-0000-0000-000000000000}\"\r\n")
	for _, m := range mods {
		proj.WriteString("Module=" + m.Name + "\r\n")
	}
	proj.WriteString("Name=\"Project\"\r\n")
	return vba, Stream("PROJECT", proj.Bytes())
}

// VBAProject returns a vbaProject.bin: a compound file with the VBA
// storage and PROJECT stream of the modules.
func VBAProject(mods ...Module) []byte {
	vba, project := VBAStorage(mods...)
	return CFB(vba, project)
}
