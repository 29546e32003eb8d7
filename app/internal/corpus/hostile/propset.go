package hostile

import (
	"encoding/binary"
	"sort"
)

// FMTIDSummaryInformation is {F29F85E0-4FF9-1068-AB91-08002B27B3D9} in
// its on-disk byte order.
var FMTIDSummaryInformation = []byte{0xE0, 0x85, 0x9F, 0xF2, 0xF9, 0x4F, 0x68, 0x10, 0xAB, 0x91, 0x08, 0x00, 0x2B, 0x27, 0xB3, 0xD9}

// propertySet writes an MS-OLEPS property set stream (one section, the
// summary information FMTID) with a code page property and VT_LPSTR
// string properties.
func propertySet(strs map[uint32]string) []byte {
	le := binary.LittleEndian
	type prop struct {
		id  uint32
		val []byte
	}
	props := []prop{{1, le.AppendUint16(le.AppendUint32(nil, 0x0002), 1252)}}
	props[0].val = append(props[0].val, 0, 0)
	var ids []uint32
	for id := range strs {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for _, id := range ids {
		s := append([]byte(strs[id]), 0)
		v := le.AppendUint32(nil, 0x001E)
		v = le.AppendUint32(v, uint32(len(s)))
		v = append(v, s...)
		for len(v)%4 != 0 {
			v = append(v, 0)
		}
		props = append(props, prop{id, v})
	}
	hdr := 8 + 8*len(props)
	var body []byte
	var index []byte
	for _, p := range props {
		index = le.AppendUint32(index, p.id)
		index = le.AppendUint32(index, uint32(hdr+len(body)))
		body = append(body, p.val...)
	}
	sec := le.AppendUint32(nil, uint32(hdr+len(body)))
	sec = le.AppendUint32(sec, uint32(len(props)))
	sec = append(sec, index...)
	sec = append(sec, body...)

	out := le.AppendUint16(nil, 0xFFFE)
	out = le.AppendUint16(out, 0)
	out = le.AppendUint32(out, 0x00020006)
	out = append(out, make([]byte, 16)...)
	out = le.AppendUint32(out, 1)
	out = append(out, FMTIDSummaryInformation...)
	out = le.AppendUint32(out, 48)
	return append(out, sec...)
}
