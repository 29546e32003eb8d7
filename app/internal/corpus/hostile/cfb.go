package hostile

import (
	"encoding/binary"
	"sort"
	"strings"
	"unicode/utf16"
)

// Node is an entry of an OLE compound file (MS-CFB) built by CFB: a
// storage when Children is non-nil (or Storage is set), else a stream.
type Node struct {
	Name     string
	Data     []byte
	Children []*Node
	Storage  bool
}

// Stream returns a stream node.
func Stream(name string, data []byte) *Node { return &Node{Name: name, Data: data} }

// Storage returns a storage node with children.
func Storage(name string, children ...*Node) *Node {
	return &Node{Name: name, Children: children, Storage: true}
}

func (n *Node) isStorage() bool { return n.Storage || n.Children != nil }

const (
	cfbSector     = 512
	cfbMini       = 64
	cfbCutoff     = 4096
	cfbEnd        = 0xFFFFFFFE
	cfbFree       = 0xFFFFFFFF
	cfbFATSect    = 0xFFFFFFFD
	cfbNoStream   = 0xFFFFFFFF
	cfbMaxFATSect = 109
)

// CFB writes a version-3 compound file (512-byte sectors, mini stream for
// streams under 4,096 bytes) whose root storage holds the given nodes. It
// is a small, deterministic writer for test fixtures: no DIFAT sectors, so
// files stay under about 7 MB.
func CFB(children ...*Node) []byte {
	root := &Node{Name: "Root Entry", Children: children, Storage: true}
	// Flatten to directory order: root first, then depth-first.
	type dirEnt struct {
		n                  *Node
		left, right, child uint32
		start              uint32
		size               uint32
		typ                byte
	}
	var ents []*dirEnt
	var add func(n *Node) uint32
	add = func(n *Node) uint32 {
		id := uint32(len(ents))
		e := &dirEnt{n: n, left: cfbNoStream, right: cfbNoStream, child: cfbNoStream}
		ents = append(ents, e)
		switch {
		case n == root:
			e.typ = 5
		case n.isStorage():
			e.typ = 1
		default:
			e.typ = 2
		}
		if n.isStorage() {
			kids := append([]*Node(nil), n.Children...)
			sort.SliceStable(kids, func(i, j int) bool { return cfbLess(kids[i].Name, kids[j].Name) })
			// A chain through right siblings: a valid (if unbalanced)
			// binary search tree in CFB name order.
			var prev *dirEnt
			for _, k := range kids {
				kid := add(k)
				if prev == nil {
					e.child = kid
				} else {
					prev.right = kid
				}
				prev = ents[kid]
			}
		}
		return id
	}
	add(root)

	// Mini stream: small streams, 64-byte mini sectors.
	var mini []byte
	var miniFAT []uint32
	var big []*dirEnt
	for _, e := range ents {
		if e.typ != 2 {
			continue
		}
		e.size = uint32(len(e.n.Data))
		switch {
		case len(e.n.Data) == 0:
			e.start = cfbEnd
		case len(e.n.Data) < cfbCutoff:
			first := uint32(len(mini) / cfbMini)
			e.start = first
			nsec := (len(e.n.Data) + cfbMini - 1) / cfbMini
			for i := range nsec {
				if i == nsec-1 {
					miniFAT = append(miniFAT, cfbEnd)
				} else {
					miniFAT = append(miniFAT, first+uint32(i)+1)
				}
			}
			buf := make([]byte, nsec*cfbMini)
			copy(buf, e.n.Data)
			mini = append(mini, buf...)
		default:
			big = append(big, e)
		}
	}
	secs := func(n int) int { return (n + cfbSector - 1) / cfbSector }
	nDir := secs(len(ents) * 128)
	nMiniFAT := secs(len(miniFAT) * 4)
	nMini := secs(len(mini))
	nBig := 0
	for _, e := range big {
		nBig += secs(len(e.n.Data))
	}
	nData := nDir + nMiniFAT + nMini + nBig
	nFAT := 1
	for (nFAT+nData)*4 > nFAT*cfbSector {
		nFAT++
	}
	if nFAT > cfbMaxFATSect {
		panic("hostile.CFB: file too large for a writer without DIFAT")
	}
	total := nFAT + nData
	fat := make([]uint32, nFAT*cfbSector/4)
	for i := range fat {
		fat[i] = cfbFree
	}
	next := uint32(0)
	chain := func(n int) uint32 {
		if n == 0 {
			return cfbEnd
		}
		first := next
		for i := range n {
			if i == n-1 {
				fat[next] = cfbEnd
			} else {
				fat[next] = next + 1
			}
			next++
		}
		return first
	}
	for range nFAT {
		fat[next] = cfbFATSect
		next++
	}
	dirStart := chain(nDir)
	miniFATStart := chain(nMiniFAT)
	miniStart := chain(nMini)
	for _, e := range big {
		e.start = chain(secs(len(e.n.Data)))
	}
	ents[0].start = miniStart
	ents[0].size = uint32(len(mini))
	if len(mini) == 0 {
		ents[0].start = cfbEnd
	}

	out := make([]byte, cfbSector*(1+total))
	le := binary.LittleEndian
	h := out[:cfbSector]
	copy(h, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	le.PutUint16(h[24:], 0x003E)
	le.PutUint16(h[26:], 3)
	le.PutUint16(h[28:], 0xFFFE)
	le.PutUint16(h[30:], 9)
	le.PutUint16(h[32:], 6)
	le.PutUint32(h[44:], uint32(nFAT))
	le.PutUint32(h[48:], dirStart)
	le.PutUint32(h[56:], cfbCutoff)
	le.PutUint32(h[60:], miniFATStart)
	le.PutUint32(h[64:], uint32(nMiniFAT))
	le.PutUint32(h[68:], cfbEnd)
	le.PutUint32(h[72:], 0)
	for i := range cfbMaxFATSect {
		v := uint32(cfbFree)
		if i < nFAT {
			v = uint32(i)
		}
		le.PutUint32(h[76+4*i:], v)
	}
	sector := func(s uint32) []byte { return out[cfbSector*(int(s)+1) : cfbSector*(int(s)+2)] }
	for i, v := range fat {
		le.PutUint32(sector(uint32(i * 4 / cfbSector))[i*4%cfbSector:], v)
	}
	// Directory.
	dir := make([]byte, nDir*cfbSector)
	for i, e := range ents {
		d := dir[i*128 : (i+1)*128]
		name := utf16.Encode([]rune(e.n.Name))
		if len(name) > 31 {
			name = name[:31]
		}
		for j, c := range name {
			le.PutUint16(d[2*j:], c)
		}
		le.PutUint16(d[64:], uint16(2*(len(name)+1)))
		d[66] = e.typ
		d[67] = 1 // black
		le.PutUint32(d[68:], e.left)
		le.PutUint32(d[72:], e.right)
		le.PutUint32(d[76:], e.child)
		le.PutUint32(d[116:], e.start)
		le.PutUint32(d[120:], e.size)
	}
	for i := len(ents); i < nDir*cfbSector/128; i++ {
		d := dir[i*128 : (i+1)*128]
		le.PutUint32(d[68:], cfbNoStream)
		le.PutUint32(d[72:], cfbNoStream)
		le.PutUint32(d[76:], cfbNoStream)
	}
	copy(out[cfbSector*(int(dirStart)+1):], dir)
	if nMiniFAT > 0 {
		mf := make([]byte, nMiniFAT*cfbSector)
		for i := range mf {
			mf[i] = 0xFF
		}
		for i, v := range miniFAT {
			le.PutUint32(mf[4*i:], v)
		}
		copy(out[cfbSector*(int(miniFATStart)+1):], mf)
	}
	if nMini > 0 {
		copy(out[cfbSector*(int(miniStart)+1):], mini)
	}
	for _, e := range big {
		copy(out[cfbSector*(int(e.start)+1):], e.n.Data)
	}
	return out
}

// cfbLess orders names as MS-CFB does: shorter first, then by upper case.
func cfbLess(a, b string) bool {
	ua, ub := utf16.Encode([]rune(a)), utf16.Encode([]rune(b))
	if len(ua) != len(ub) {
		return len(ua) < len(ub)
	}
	return strings.ToUpper(a) < strings.ToUpper(b)
}
