// Package inflate decompresses raw DEFLATE streams (RFC 1951): the
// checker's inflate, for the entries of the zip archives it reads.
//
// It decodes exactly what compress/flate decodes and refuses what
// compress/flate refuses (a differential fuzz target keeps the two in
// step): the same bytes for every stream compress/flate accepts; for a
// damaged stream a flate.CorruptInputError (compress/flate's own type)
// at the same offset, for a stream cut short io.ErrUnexpectedEOF, or the
// error of the underlying reader. Bytes after the final block mean
// nothing to it. Read decodes ahead as far as its window allows and hands
// an error over with the last bytes before it (see Read).
//
// Why a decoder of our own: the parts of an Office file are small (a few
// KB each, one Huffman block apiece), so a checker spends as much time
// building Huffman tables as decoding symbols. This decoder sizes each
// table to the block's longest code, refills its bit buffer 8 bytes at a
// time and copies matches 8 bytes at a time, and decodes into a flat
// window it slides rarely; on the parts of `fgdesk bench`'s corpus it
// inflates 1.9 times as fast as compress/flate (BenchmarkParts against
// BenchmarkPartsStdlib).
//
// A Reader holds a 96 KiB window and 49 KiB of tables; Reset reuses them,
// so callers pool Readers (Reset(nil) first, so that a pooled Reader
// holds on to no input).
package inflate

import (
	"compress/flate"
	"encoding/binary"
	"errors"
	"io"
	"math/bits"
)

const (
	histSize = 32 << 10 // the DEFLATE window
	outSize  = histSize + 64<<10
	maxMatch = 258
	// fastRoom is the output room one step of the fast loop needs: a
	// longest match plus the 8 bytes its copy may write past its end.
	fastRoom = maxMatch + 8
	inSize   = 32 << 10 // input buffer of a Reader reading an io.Reader

	litRoot  = 10 // primary table bits, at most (the block's longest code, if shorter)
	distRoot = 8
	preRoot  = 7 // the code-length code's longest code is 7 bits

	maxLit  = 286 // literal/length symbols a dynamic block may define
	maxDist = 30  // distance symbols likewise

	// Table sizes, subtables included. A subtable serves one primary
	// index, which complete codes share among two codes at least: at most
	// 1024 + 143*32 literal/length and 256 + 15*128 distance entries.
	litTable  = 1 << 13
	distTable = 1 << 12
	preTable  = 1 << preRoot
)

// A table entry is one uint32: bits 0-3 the codeword length, 4-7 the
// kind, 8-15 extra bits (of a length or distance; for a kindSub entry the
// subtable's index bits), 16-31 the value (a literal byte, a base length
// or distance, a code-length symbol, or a subtable's start).
const (
	kindInvalid = 0 << 4 // no symbol: an unused code, or an unusable symbol
	kindLiteral = 1 << 4
	kindLength  = 2 << 4
	kindEOB     = 3 << 4
	kindSub     = 4 << 4
	kindDist    = 5 << 4
	kindMask    = 0xf << 4
)

var (
	litPayload  [288]uint32
	distPayload [32]uint32
	prePayload  [19]uint32
	fixedLit    [litTable]uint32
	fixedDist   [distTable]uint32
	fixedLitB   uint
	fixedDistB  uint
)

// codeOrder is the order of the code-length code's lengths in a dynamic
// block header.
var codeOrder = [19]int{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}

func init() {
	for s := range 256 {
		litPayload[s] = kindLiteral | uint32(s)<<16
	}
	litPayload[256] = kindEOB
	for s := 257; s < 285; s++ {
		x := s - 257
		base, extra := x+3, 0
		if x >= 8 {
			extra = (x - 4) >> 2
			base = (4+x&3)<<extra + 3
		}
		litPayload[s] = kindLength | uint32(extra)<<8 | uint32(base)<<16
	}
	litPayload[285] = kindLength | 258<<16
	// 286 and 287 have fixed codes but no meaning: kindInvalid.
	for s := range maxDist {
		base, extra := s+1, 0
		if s >= 4 {
			extra = (s - 2) >> 1
			base = 1<<(extra+1) + 1 + (s&1)<<extra
		}
		distPayload[s] = kindDist | uint32(extra)<<8 | uint32(base)<<16
	}
	for s := range prePayload {
		prePayload[s] = kindLiteral | uint32(s)<<16
	}

	var lens [288]uint8
	for i := range lens {
		switch {
		case i < 144:
			lens[i] = 8
		case i < 256:
			lens[i] = 9
		case i < 280:
			lens[i] = 7
		default:
			lens[i] = 8
		}
	}
	var ok bool
	if fixedLitB, _, ok = build(fixedLit[:], litRoot, lens[:], litPayload[:]); !ok {
		panic("inflate: fixed literal/length code")
	}
	for i := range 32 {
		lens[i] = 5
	}
	if fixedDistB, _, ok = build(fixedDist[:], distRoot, lens[:32], distPayload[:]); !ok {
		panic("inflate: fixed distance code")
	}
}

// build fills t with the decoding table of the canonical Huffman code
// with the given code lengths and returns its primary index bits: the
// longest code's length, at most root. Codes longer than the primary bits
// go to subtables of 2^(longest-bits) entries after the primary table.
// It also returns the shortest code's length (0 for no codes). It reports
// false for a code compress/flate refuses: over-subscribed or incomplete,
// except a single code of length 1. A code with no symbols at all is
// accepted (its one entry kindInvalid), as compress/flate accepts it
// until it is used.
//
// Symbols are visited in canonical order (by length, then symbol; a
// counting sort without branches), one write each: the table of the codes
// of up to l bits is then doubled, a copy, to take those of l+1 (as
// libdeflate builds its tables). The codes of one subtable come one after
// another, and a complete code leaves no entry unwritten: no clearing
// first.
func build(t []uint32, root uint, lengths []uint8, payload []uint32) (tb, shortest uint, ok bool) {
	// Four counters, so that runs of equal lengths do not wait on one
	// another's increments.
	var c4 [4][16]uint16
	i := 0
	for ; i+4 <= len(lengths); i += 4 {
		c4[0][lengths[i]&15]++
		c4[1][lengths[i+1]&15]++
		c4[2][lengths[i+2]&15]++
		c4[3][lengths[i+3]&15]++
	}
	for ; i < len(lengths); i++ {
		c4[0][lengths[i]&15]++
	}
	var count [16]uint16
	for l := range count {
		count[l] = c4[0][l] + c4[1][l] + c4[2][l] + c4[3][l]
	}
	longest := uint(15)
	for longest > 0 && count[longest] == 0 {
		longest--
	}
	if longest == 0 {
		t[0] = kindInvalid
		return 0, 0, true
	}
	code := 0
	for l := uint(1); l <= longest; l++ {
		code = code<<1 + int(count[l])
	}
	if code != 1<<longest {
		if code != 1 || longest != 1 {
			return 0, 0, false
		}
		// One code of length 1: "0" is the symbol, "1" nothing.
		for s, l := range lengths {
			if l != 0 {
				t[0], t[1] = payload[s]|1, kindInvalid
			}
		}
		return 1, 1, true
	}
	var offs [16]uint16
	for l, o := 1, count[0]; l < 16; l++ {
		offs[l] = o
		o += count[l]
	}
	var sorted [288]uint16 // unused symbols first, then by length
	for s, l := range lengths {
		sorted[offs[l&15]] = uint16(s)
		offs[l&15]++
	}
	syms := sorted[count[0]:len(lengths)]

	tb = min(longest, root)
	size := 1 << tb
	subBits := longest - tb
	next, prefix := size, -1 // where the next subtable goes; the current one's primary index
	code, i = 0, 0
	for l := uint(1); l <= longest; l++ {
		for range count[l] {
			e := payload[syms[i]] | uint32(l)
			i++
			rev := int(bits.Reverse16(uint16(code)) >> (16 - l))
			code++
			if l <= tb {
				t[rev] = e // copied to its other slots as the table doubles
				continue
			}
			if p := rev & (size - 1); p != prefix {
				if next+1<<subBits > len(t) {
					return 0, 0, false // cannot happen: len(t) is the bound for the alphabet
				}
				t[p] = kindSub | uint32(subBits)<<8 | uint32(next)<<16
				prefix = p
				next += 1 << subBits
			}
			sub := t[next-1<<subBits : next]
			for j := rev >> tb; j < len(sub); j += 1 << (l - tb) {
				sub[j] = e
			}
		}
		if l < tb {
			// The table so far (the codes up to l bits, 2^l entries)
			// doubles: a code of l bits or fewer takes every 2^l-th slot.
			// Slots of longer codes copy what they held and are written
			// again at their own length.
			copy(t[1<<l:2<<l], t[:1<<l])
		}
		code <<= 1
	}
	shortest = 1
	for count[shortest] == 0 {
		shortest++
	}
	return tb, shortest, true
}

const (
	stateHeader = iota // at a block header
	stateStored        // inside a stored block
	stateBlock         // inside a Huffman block
	stateDone          // after the final block
)

// Reader decompresses one DEFLATE stream; see NewReader and Reset.
type Reader struct {
	in    []byte    // input: the whole stream, or inBuf's bytes read from rd
	ip    int       // next input byte
	rd    io.Reader // nil for a stream held in memory
	inBuf []byte
	rdErr error // rd's error once it returned one
	base  int64 // input bytes dropped from in before in[0]
	bb    uint64
	nb    uint // valid bits in bb (bits above them may hold in[ip]'s, see huffman)

	out    []byte // out[:wp] decoded (the window), out[rp:wp] not yet read
	rp, wp int

	state  int
	final  bool // the current block is the last
	stored int  // bytes left of a stored block
	err    error

	lit            *[litTable]uint32 // the current block's tables
	dist           *[distTable]uint32
	litBits, dBits uint
	dynLit         [litTable]uint32 // a dynamic block's
	dynDist        [distTable]uint32
	pre            [preTable]uint32
	lens           [maxLit + maxDist]uint8
	// litAhead and distAhead are how many bits compress/flate reads
	// before each literal/length and each distance code of the current
	// block (the end-of-block code's length, or the shortest code's if
	// longer; the shortest distance code's): only error offsets, and
	// what is cut short rather than damaged, need them.
	litAhead, distAhead uint
}

// NewReader returns a Reader of the DEFLATE stream read from r.
func NewReader(r io.Reader) *Reader {
	z := new(Reader)
	z.ResetReader(r)
	return z
}

// NewBytesReader returns a Reader of the DEFLATE stream held in b (which
// it reads in place and never modifies).
func NewBytesReader(b []byte) *Reader {
	z := new(Reader)
	z.Reset(b)
	return z
}

// Reset makes z a Reader of the stream held in b, keeping its buffers.
// Reset(nil) lets go of the previous input.
func (z *Reader) Reset(b []byte) {
	z.reset()
	z.in, z.rd = b, nil
}

// ResetReader makes z a Reader of the stream read from r, keeping its
// buffers. Input is read in 32 KiB chunks, never past what the stream
// needs by more than one chunk.
func (z *Reader) ResetReader(r io.Reader) {
	z.reset()
	if z.inBuf == nil {
		z.inBuf = make([]byte, inSize)
	}
	z.in, z.rd = z.inBuf[:0], r
}

func (z *Reader) reset() {
	if z.out == nil {
		z.out = make([]byte, outSize)
	}
	z.ip, z.rdErr, z.base, z.bb, z.nb = 0, nil, 0, 0, 0
	z.rp, z.wp = 0, 0
	z.state, z.final, z.stored, z.err = stateHeader, false, 0, nil
}

// Close releases nothing and returns nil; it makes a Reader an
// io.ReadCloser.
func (z *Reader) Close() error { return nil }

// Read reads decompressed bytes into p. When it has handed out all it
// decoded, it decodes ahead as far as its window allows (64 KiB), so a
// part of up to that size is decoded whole before its first byte is read;
// the stream's end or error comes with the last bytes (n > 0 and io.EOF,
// or a damage error, in one call). A reader that drops the bytes of a
// failing call, as a zip entry reader checking sizes and the CRC does,
// thus sees the damage of a small part before any of its content, as
// with compress/flate, which decodes ahead 32 KiB.
func (z *Reader) Read(p []byte) (int, error) {
	if z.rp == z.wp && z.err == nil && len(p) > 0 {
		z.decode()
	}
	n := copy(p, z.out[z.rp:z.wp])
	z.rp += n
	if z.rp == z.wp && z.err != nil {
		return n, z.err
	}
	return n, nil
}

// decode decodes until the window is full (leaving room for a longest
// match), the stream ends or an error; it returns with z.wp past z.rp or
// z.err set.
func (z *Reader) decode() {
	if len(z.out)-z.wp <= fastRoom {
		// Keep the last 32 KiB as history (wp > histSize here).
		copy(z.out, z.out[z.wp-histSize:z.wp])
		z.wp, z.rp = histSize, histSize
	}
	stop := len(z.out) - fastRoom
	for z.wp < stop && z.err == nil {
		switch z.state {
		case stateHeader:
			z.header()
		case stateStored:
			z.copyStored(stop)
		case stateBlock:
			z.huffman(stop)
		default:
			z.err = io.EOF
		}
	}
}

// more moves the unread input (and the 8 bytes before it, which the bit
// buffer may give back at a stored block) to the front of inBuf and reads
// more after it; it reports whether any byte arrived.
func (z *Reader) more() bool {
	if z.rd == nil || z.rdErr != nil {
		return false
	}
	keep := min(z.ip, 8)
	n := copy(z.inBuf, z.in[z.ip-keep:])
	z.base += int64(z.ip - keep)
	z.ip = keep
	for range 100 {
		m, err := z.rd.Read(z.inBuf[n:])
		n += m
		if err != nil {
			z.rdErr = err
		}
		if m > 0 || err != nil {
			z.in = z.inBuf[:n]
			return m > 0
		}
	}
	z.in = z.inBuf[:n]
	z.rdErr = io.ErrNoProgress
	return false
}

// cutShort is the error of a stream whose input ended too soon.
func (z *Reader) cutShort() error {
	if z.rdErr != nil && z.rdErr != io.EOF {
		return z.rdErr
	}
	return io.ErrUnexpectedEOF
}

// corrupt is the error of damage found where the input is decoded to.
func (z *Reader) corrupt() error { return z.corruptAfter() }

// request is a read of compress/flate's: ahead bits wanted, from back
// bits before where the input is decoded to.
type request struct{ back, ahead uint }

// corruptAfter is corrupt with compress/flate's offset, the bytes it has
// read: those run ahead of the bits decoded where it asked for more bits
// than it took (a dynamic header's first 14 bits at once; before each
// literal/length code litAhead bits, before each distance code the
// shortest one's bits).
func (z *Reader) corruptAfter(reqs ...request) error {
	decoded := 8*(z.base+int64(z.ip)) - int64(z.nb)
	end := decoded
	for _, r := range reqs {
		end = max(end, decoded-int64(r.back)+int64(r.ahead))
	}
	return flate.CorruptInputError((end + 7) / 8)
}

// need fills the bit buffer to at least n bits (n <= 56), byte by byte;
// false (with z.err set) if the input ends first.
func (z *Reader) need(n uint) bool {
	for z.nb < n {
		if z.ip >= len(z.in) && !z.more() {
			z.err = z.cutShort()
			return false
		}
		z.bb |= uint64(z.in[z.ip]) << z.nb
		z.ip++
		z.nb += 8
	}
	return true
}

// fill tops the bit buffer up to 56-63 bits, or to what the input has
// left (never 64: fast's reload needs nb < 64).
func (z *Reader) fill() {
	for z.nb < 56 {
		if z.ip >= len(z.in) && !z.more() {
			return
		}
		z.bb |= uint64(z.in[z.ip]) << z.nb
		z.ip++
		z.nb += 8
	}
}

func (z *Reader) take(n uint) uint32 {
	v := uint32(z.bb & (1<<n - 1))
	z.bb >>= n
	z.nb -= n
	return v
}

// header reads a block header.
func (z *Reader) header() {
	if z.final {
		z.state, z.err = stateDone, io.EOF
		return
	}
	if !z.need(3) {
		return
	}
	h := z.take(3)
	z.final = h&1 == 1
	switch h >> 1 {
	case 0:
		// To the byte boundary; give back the whole bytes the bit buffer
		// holds.
		z.take(z.nb & 7)
		z.ip -= int(z.nb / 8)
		z.bb, z.nb = 0, 0
		for len(z.in)-z.ip < 4 {
			if !z.more() {
				z.err = z.cutShort()
				return
			}
		}
		n := binary.LittleEndian.Uint16(z.in[z.ip:])
		nn := binary.LittleEndian.Uint16(z.in[z.ip+2:])
		z.ip += 4
		if n != ^nn {
			z.err = z.corrupt()
			return
		}
		z.stored, z.state = int(n), stateStored
	case 1:
		z.lit, z.litBits, z.dist, z.dBits = &fixedLit, fixedLitB, &fixedDist, fixedDistB
		z.litAhead, z.distAhead = 7, 5
		z.state = stateBlock
	case 2:
		if z.dynamic() {
			z.state = stateBlock
		}
	default:
		z.err = z.corrupt()
	}
}

// dynamic reads a dynamic block's code lengths and builds its tables,
// with compress/flate's checks in compress/flate's order.
func (z *Reader) dynamic() bool {
	if !z.need(14) {
		return false
	}
	nlit := int(z.take(5)) + 257
	if nlit > maxLit {
		z.err = z.corruptAfter(request{5, 14})
		return false
	}
	ndist := int(z.take(5)) + 1
	if ndist > maxDist {
		z.err = z.corruptAfter(request{10, 14})
		return false
	}
	nclen := int(z.take(4)) + 4
	var clens [19]uint8
	for i := range nclen {
		if !z.need(3) {
			return false
		}
		clens[codeOrder[i]] = uint8(z.take(3))
	}
	var ok bool
	var pb, preShort uint
	if pb, preShort, ok = build(z.pre[:], preRoot, clens[:], prePayload[:]); !ok {
		z.err = z.corrupt()
		return false
	}
	pre, mask := &z.pre, uint64(1)<<pb-1
	n := nlit + ndist
	for i := 0; i < n; {
		if z.nb < 14 {
			z.fill()
		}
		e := pre[z.bb&mask&(preTable-1)]
		l := uint(e & 15)
		if e&kindMask == kindInvalid {
			// compress/flate read the shortest code's bits first.
			z.err = z.corruptAfter(request{0, preShort})
			return false
		}
		if l > z.nb {
			z.err = z.cutShort()
			return false
		}
		z.take(l)
		sym := e >> 16
		if sym < 16 {
			z.lens[i] = uint8(sym)
			i++
			continue
		}
		var rep int
		var b uint8
		switch sym {
		case 16:
			if i == 0 {
				z.err = z.corrupt()
				return false
			}
			if !z.need(2) {
				return false
			}
			rep, b = 3+int(z.take(2)), z.lens[i-1]
		case 17:
			if !z.need(3) {
				return false
			}
			rep = 3 + int(z.take(3))
		default: // 18
			if !z.need(7) {
				return false
			}
			rep = 11 + int(z.take(7))
		}
		if i+rep > n {
			z.err = z.corrupt()
			return false
		}
		for range rep {
			z.lens[i] = b
			i++
		}
	}
	var litShort uint
	if z.litBits, litShort, ok = build(z.dynLit[:], litRoot, z.lens[:nlit], litPayload[:]); !ok {
		z.err = z.corrupt()
		return false
	}
	if z.dBits, z.distAhead, ok = build(z.dynDist[:], distRoot, z.lens[nlit:n], distPayload[:]); !ok {
		z.err = z.corrupt()
		return false
	}
	z.lit, z.dist = &z.dynLit, &z.dynDist
	z.litAhead = max(litShort, uint(z.lens[256]))
	return true
}

// copyStored copies a stored block's bytes, up to out[stop].
func (z *Reader) copyStored(stop int) {
	for z.stored > 0 && z.wp < stop {
		if z.ip >= len(z.in) && !z.more() {
			z.err = z.cutShort()
			return
		}
		n := copy(z.out[z.wp:min(stop, z.wp+z.stored)], z.in[z.ip:])
		z.ip += n
		z.wp += n
		z.stored -= n
	}
	if z.stored == 0 {
		z.state = stateHeader
	}
}

var errStop = errors.New("stop") // huffman's own: the block goes on

// huffman decodes a Huffman block's symbols into out until out[stop]
// (a match may run up to 258 bytes past it), the block's end or an error.
//
// The fast loop runs while 8 input bytes are left: one unaligned 8-byte
// load tops the bit buffer up to at least 56 bits, enough for a length
// and distance with their extra bits (at most 48). It leaves the bits of
// the next, not yet counted, input byte above nb; they are OR-ed in again
// at the next load, at the same place, so they do no harm. The slow loop
// (the stream's last bytes) clears them and reads byte by byte, checking
// every bit it takes.
func (z *Reader) huffman(stop int) {
	for {
		if err := z.fast(stop); err != errStop {
			z.err = err
			return
		}
		if z.wp >= stop || z.state != stateBlock {
			return
		}
		if z.more() && len(z.in)-z.ip >= 8 {
			continue
		}
		z.bb &= 1<<z.nb - 1
		if err := z.slow(stop); err != errStop {
			z.err = err
			return
		}
		if z.wp >= stop || z.state != stateBlock || len(z.in)-z.ip < 8 {
			return
		}
	}
}

// fast is huffman's fast loop; errStop when it stopped for input or
// output room (or at the block's end, with z.state changed).
func (z *Reader) fast(stop int) error {
	in, ip, bb, nb := z.in, z.ip, z.bb, z.nb
	out, wp := z.out, z.wp
	lit, dist := z.lit, z.dist
	lb, db := z.litBits, z.dBits
	lmask, dmask := uint64(1)<<lb-1, uint64(1)<<db-1
	var err error = errStop
	for wp < stop && len(in)-ip >= 8 {
		bb |= binary.LittleEndian.Uint64(in[ip:]) << nb
		ip += int(63-nb) >> 3
		nb |= 56

		e := litAt(lit, bb, lmask, lb)
		if e&kindMask == kindLiteral {
			// Up to three literals per reload: each code takes at most 15
			// of the 56 bits. Anything else after the first is decoded
			// again after the reload (a length and distance may take 48).
			for i := 0; ; i++ {
				bb >>= e & 15
				nb -= uint(e & 15)
				out[wp] = byte(e >> 16)
				wp++
				if i == 2 {
					break
				}
				if e = litAt(lit, bb, lmask, lb); e&kindMask != kindLiteral {
					break
				}
			}
			continue
		}
		switch e & kindMask {
		case kindLength:
		case kindEOB:
			bb >>= e & 15
			nb -= uint(e & 15)
			z.state = stateHeader
			goto done
		default:
			z.ip, z.nb = ip, nb-uint(e&15)
			err = z.corruptAfter(request{uint(e & 15), z.litAhead})
			goto done
		}
		bb >>= e & 15
		nb -= uint(e & 15)
		x := e >> 8 & 0xff
		length := int(e>>16) + int(bb&(1<<x-1))
		bb >>= x
		nb -= uint(x)

		d := distAt(dist, bb, dmask, db)
		if d&kindMask != kindDist {
			z.ip, z.nb = ip, nb-uint(d&15)
			err = z.corruptAfter(request{uint(e&15 + e>>8&0xff + d&15), z.litAhead}, request{uint(d & 15), z.distAhead})
			goto done
		}
		bb >>= d & 15
		nb -= uint(d & 15)
		x = d >> 8 & 0xff
		distance := int(d>>16) + int(bb&(1<<x-1))
		bb >>= x
		nb -= uint(x)
		if distance > wp {
			z.ip, z.nb = ip, nb
			err = z.corruptAfter(request{uint(e&15 + e>>8&0xff + d&15 + d>>8&0xff), z.litAhead})
			goto done
		}
		src := wp - distance
		switch {
		case distance >= 8:
			// 8 bytes at a time, each read from bytes already written;
			// up to 7 bytes past the match are written, then overwritten.
			for i := 0; i < length; i += 8 {
				binary.LittleEndian.PutUint64(out[wp+i:], binary.LittleEndian.Uint64(out[src+i:]))
			}
		case distance == 1:
			b := out[src]
			m := out[wp : wp+length]
			for i := range m {
				m[i] = b
			}
		default:
			m := out[wp : wp+length]
			for i := range m {
				m[i] = out[src+i]
			}
		}
		wp += length
	}
done:
	z.in, z.ip, z.bb, z.nb, z.wp = in, ip, bb, nb, wp
	return err
}

// litAt and distAt look up the entry the next bits of bb start, in the
// primary table (mask: its index bits) or in the subtable it points to.
// The masks with the table's size let the compiler drop bounds checks.
func litAt(t *[litTable]uint32, bb, mask uint64, bits uint) uint32 {
	e := t[bb&mask&(litTable-1)]
	if e&kindMask == kindSub {
		e = t[(e>>16+uint32(bb>>bits)&(1<<(e>>8&0xff)-1))&(litTable-1)]
	}
	return e
}

func distAt(t *[distTable]uint32, bb, mask uint64, bits uint) uint32 {
	e := t[bb&mask&(distTable-1)]
	if e&kindMask == kindSub {
		e = t[(e>>16+uint32(bb>>bits)&(1<<(e>>8&0xff)-1))&(distTable-1)]
	}
	return e
}

// slow is huffman's loop for the input's last bytes; errStop as fast.
// Like compress/flate it wants litAhead bits before each literal/length
// code and distAhead bits before each distance code: a stream cut short
// just before a damaged symbol is cut short, not damaged.
func (z *Reader) slow(stop int) error {
	lmask, dmask := uint64(1)<<z.litBits-1, uint64(1)<<z.dBits-1
	ahead, dahead := z.litAhead, z.distAhead
	for z.wp < stop {
		if len(z.in)-z.ip >= 8 {
			return errStop
		}
		z.fill()
		e := litAt(z.lit, z.bb, lmask, z.litBits) // bits past nb are zero here
		el := uint(e & 15)
		if z.nb < max(ahead, el) {
			return z.cutShort()
		}
		kind := e & kindMask
		z.take(el) // an invalid symbol's code too, as compress/flate counts it
		switch kind {
		case kindLiteral:
			z.out[z.wp] = byte(e >> 16)
			z.wp++
			continue
		case kindEOB:
			z.state = stateHeader
			return errStop
		case kindInvalid:
			return z.corruptAfter(request{el, ahead})
		}
		x := uint(e >> 8 & 0xff)
		if x > z.nb {
			return z.cutShort()
		}
		length := int(e>>16) + int(z.take(x))
		d := distAt(z.dist, z.bb, dmask, z.dBits)
		dl := uint(d & 15)
		if z.nb < max(dahead, dl) {
			return z.cutShort()
		}
		z.take(dl)
		if d&kindMask != kindDist {
			return z.corruptAfter(request{el + x + dl, ahead}, request{dl, dahead})
		}
		y := uint(d >> 8 & 0xff)
		if y > z.nb {
			return z.cutShort()
		}
		distance := int(d>>16) + int(z.take(y))
		if distance > z.wp {
			return z.corruptAfter(request{el + x + dl + y, ahead})
		}
		src := z.wp - distance
		m := z.out[z.wp : z.wp+length]
		for i := range m {
			m[i] = z.out[src+i]
		}
		z.wp += length
	}
	return errStop
}
