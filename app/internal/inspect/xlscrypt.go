package inspect

import (
	"bytes"
	"crypto/md5"
	"crypto/rc4"
	"crypto/sha1"
	"encoding/binary"
	"unicode/utf16"
)

// Excel 97-2003 workbooks encrypted with the default password: the
// FilePass record (MS-XLS 2.4.117) names RC4 (MS-OFFCRYPTO 2.3.6,
// version 1.1, MD5 key derivation) or RC4 CryptoAPI (2.3.5, versions
// 2-4.2, SHA-1); the password is checked against the verifier, then the
// Workbook stream is decrypted as MS-XLS 2.2.10 says: in 1,024-byte
// blocks re-keyed by block number, the keystream running over every byte
// of the stream, record headers and the records BOF, FilePass, UsrExcl,
// FileLock, InterfaceHdr, RRDInfo and RRDHead left plain, and the
// lbPlyPos field of BoundSheet8 too. Only "VelvetSweatshop" is tried.

// xlsKey derives the RC4 key of one block.
type xlsKey func(block uint32) []byte

// biffDecryptDefault decrypts a Workbook stream (or its head) encrypted
// with the default password; ok is false for any other password or an
// encryption it does not know (XOR obfuscation).
func biffDecryptDefault(b []byte) (out []byte, ok bool) {
	le := binary.LittleEndian
	// Find FilePass among the first records.
	pos := 0
	var fp []byte
	fpAt := -1
	for n := 0; pos+4 <= len(b) && n < 64; n++ {
		typ, size := le.Uint16(b[pos:]), int(le.Uint16(b[pos+2:]))
		if pos+4+size > len(b) {
			return nil, false
		}
		if typ == biffFilePassRec {
			fp, fpAt = b[pos+4:pos+4+size], pos
			break
		}
		pos += 4 + size
	}
	if fpAt < 0 || len(fp) < 6 || le.Uint16(fp) != 1 {
		return nil, false
	}
	major, minor := le.Uint16(fp[2:]), le.Uint16(fp[4:])
	var key xlsKey
	switch {
	case major == 1 && minor == 1 && len(fp) >= 54:
		salt := fp[6:22]
		key = rc4Key(DefaultPassword, salt)
		if !verifyRC4(key, fp[22:38], fp[38:54], func(v []byte) []byte { h := md5.Sum(v); return h[:] }) {
			return nil, false
		}
	case major >= 2 && major <= 4 && minor == 2 && len(fp) >= 14:
		hs := int(le.Uint32(fp[10:]))
		if hs < 32 || 14+hs+4+16+16+4+20 > len(fp) {
			return nil, false
		}
		keyBits := int(le.Uint32(fp[14+16:]))
		if keyBits == 0 {
			keyBits = 40
		}
		if keyBits < 40 || keyBits > 128 || keyBits%8 != 0 {
			return nil, false
		}
		v := fp[14+hs:]
		if le.Uint32(v) != 16 {
			return nil, false
		}
		key = cryptoAPIKey(DefaultPassword, v[4:20], keyBits)
		if !verifyRC4(key, v[20:36], v[40:60], func(v []byte) []byte { h := sha1.Sum(v); return h[:] }) {
			return nil, false
		}
	default:
		return nil, false
	}
	out = bytes.Clone(b)
	var ks [1024]byte
	block := uint32(1<<32 - 1)
	xor := func(from, to int) {
		for p := from; p < to; p++ {
			if blk := uint32(p / 1024); blk != block {
				block = blk
				c, err := rc4.NewCipher(key(blk))
				if err != nil {
					return
				}
				clear(ks[:])
				c.XORKeyStream(ks[:], ks[:])
			}
			out[p] ^= ks[p%1024]
		}
	}
	for pos := 0; pos+4 <= len(out); {
		typ, size := le.Uint16(out[pos:]), int(le.Uint16(out[pos+2:]))
		start, end := pos+4, min(pos+4+size, len(out))
		switch typ {
		case 0x0809, biffFilePassRec, 0x0194, 0x0195, 0x00E1, 0x0196, 0x0138:
		case biffBoundSheet:
			xor(min(start+4, end), end)
		default:
			xor(start, end)
		}
		pos = start + size
	}
	// The FilePass record is what made the stream unreadable: neutralise
	// it (type 0, ignored) so the globals scan reads on.
	le.PutUint16(out[fpAt:], 0)
	return out, true
}

// verifyRC4 decrypts the verifier and its hash with the block-0 key and
// compares the hash.
func verifyRC4(key xlsKey, encVerifier, encHash []byte, hash func([]byte) []byte) bool {
	c, err := rc4.NewCipher(key(0))
	if err != nil {
		return false
	}
	v := make([]byte, len(encVerifier))
	c.XORKeyStream(v, encVerifier)
	h := make([]byte, len(encHash))
	c.XORKeyStream(h, encHash)
	want := hash(v)
	return len(want) <= len(h) && bytes.Equal(h[:len(want)], want)
}

func utf16LE(s string) []byte {
	var b []byte
	for _, c := range utf16.Encode([]rune(s)) {
		b = binary.LittleEndian.AppendUint16(b, c)
	}
	return b
}

// rc4Key is the key derivation of RC4 encryption (MS-OFFCRYPTO 2.3.6.2).
func rc4Key(password string, salt []byte) xlsKey {
	h0 := md5.Sum(utf16LE(password))
	var buf []byte
	for i := 0; i < 16; i++ {
		buf = append(append(buf, h0[:5]...), salt...)
	}
	h1 := md5.Sum(buf)
	return func(block uint32) []byte {
		h := md5.Sum(binary.LittleEndian.AppendUint32(append([]byte{}, h1[:5]...), block))
		return h[:]
	}
}

// cryptoAPIKey is the key derivation of RC4 CryptoAPI encryption
// (MS-OFFCRYPTO 2.3.5.2): a 40-bit key is padded to 128 bits with zeros.
func cryptoAPIKey(password string, salt []byte, keyBits int) xlsKey {
	h0 := sha1.Sum(append(append([]byte{}, salt...), utf16LE(password)...))
	return func(block uint32) []byte {
		h := sha1.Sum(binary.LittleEndian.AppendUint32(append([]byte{}, h0[:]...), block))
		if keyBits == 40 {
			return append(h[:5:5], make([]byte, 11)...)
		}
		return h[:keyBits/8]
	}
}
