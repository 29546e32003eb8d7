package hostile

import (
	"crypto/aes"
	"crypto/sha1"
	"encoding/binary"
	"unicode/utf16"
)

// ECMA-376 Standard Encryption (MS-OFFCRYPTO 2.3.4.5-2.3.4.9) written
// deterministically: AES-128 in ECB mode, SHA-1 key derivation with
// 50,000 rounds, a fixed salt and verifier (a real writer draws them at
// random; a fixed one keeps the corpus byte-for-byte reproducible).

// StandardEncrypt encrypts an OOXML package with password and returns
// the compound file (EncryptionInfo and EncryptedPackage streams).
func StandardEncrypt(pkg []byte, password string) []byte {
	salt := []byte("FG Desk salt 253")
	verifier := []byte("FG Desk verifier")
	key := standardKey(password, salt)
	block, _ := aes.NewCipher(key)
	ecb := func(in []byte) []byte {
		out := make([]byte, (len(in)+15)/16*16)
		copy(out, in)
		for i := 0; i < len(out); i += 16 {
			block.Encrypt(out[i:i+16], out[i:i+16])
		}
		return out
	}
	vh := sha1.Sum(verifier)
	le := binary.LittleEndian
	csp := utf16.Encode([]rune("Microsoft Enhanced RSA and AES Cryptographic Provider\x00"))
	header := make([]byte, 32, 32+2*len(csp))
	le.PutUint32(header[0:], 0x24)    // fCryptoAPI | fAES
	le.PutUint32(header[8:], 0x660E)  // AES-128
	le.PutUint32(header[12:], 0x8004) // SHA-1
	le.PutUint32(header[16:], 128)    // key bits
	le.PutUint32(header[20:], 0x18)   // PROV_RSA_AES
	for _, c := range csp {
		header = le.AppendUint16(header, c)
	}
	info := make([]byte, 12)
	le.PutUint16(info[0:], 4) // version 4.2
	le.PutUint16(info[2:], 2)
	le.PutUint32(info[4:], 0x24)
	le.PutUint32(info[8:], uint32(len(header)))
	info = append(info, header...)
	info = le.AppendUint32(info, 16)
	info = append(info, salt...)
	info = append(info, ecb(verifier)...)
	info = le.AppendUint32(info, 20)
	info = append(info, ecb(vh[:])...)
	data := le.AppendUint64(nil, uint64(len(pkg)))
	data = append(data, ecb(pkg)...)
	return CFB(Stream("EncryptionInfo", info), Stream("EncryptedPackage", data))
}

// standardKey derives the AES-128 key from a password (MS-OFFCRYPTO
// 2.3.4.7).
func standardKey(password string, salt []byte) []byte {
	var pw []byte
	for _, c := range utf16.Encode([]rune(password)) {
		pw = binary.LittleEndian.AppendUint16(pw, c)
	}
	h := sha1.Sum(append(append([]byte{}, salt...), pw...))
	for i := uint32(0); i < 50000; i++ {
		h = sha1.Sum(append(binary.LittleEndian.AppendUint32(nil, i), h[:]...))
	}
	final := sha1.Sum(append(h[:], 0, 0, 0, 0)) // block 0
	buf := make([]byte, 64)
	for i := range buf {
		buf[i] = 0x36
	}
	for i, c := range final {
		buf[i] ^= c
	}
	x1 := sha1.Sum(buf)
	return x1[:16]
}

// VelvetSweatshopXLSM is the classic hiding trick: a workbook with an
// Excel 4.0 macro sheet and Auto_Open, encrypted with Excel's default
// password so that Excel opens it without asking and scanners see only
// an encrypted container.
func VelvetSweatshopXLSM() (string, []byte) {
	_, pkg := XLSMMacroSheet()
	return name(44, ".xls"), StandardEncrypt(pkg, "VelvetSweatshop")
}

// VelvetSweatshopDocm is a macro-enabled Word document with AutoOpen
// encrypted with the default password.
func VelvetSweatshopDocm() (string, []byte) {
	d := doc(45)
	d.MacroEnabled = true
	d.VBA = []Module{AutoOpenModule}
	return name(45, ".docx"), StandardEncrypt(d.Bytes(), "VelvetSweatshop")
}

// OtherPasswordDocx is a clean document encrypted with a real password:
// it must stay "encrypted: cannot inspect" (FG Desk guesses nothing).
func OtherPasswordDocx() (string, []byte) {
	return name(46, ".docx"), StandardEncrypt(doc(46).Bytes(), "correct horse battery staple")
}
