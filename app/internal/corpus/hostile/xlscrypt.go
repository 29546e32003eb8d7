package hostile

import (
	"crypto/md5"
	"crypto/rc4"
	"crypto/sha1"
	"encoding/binary"
)

// Encrypted Excel 97-2003 workbooks (MS-OFFCRYPTO 2.3.6 RC4 and 2.3.5
// RC4 CryptoAPI, applied to the Workbook stream as MS-XLS 2.2.10 says),
// with a fixed salt and verifier so the corpus is reproducible.

// EncryptWorkbook inserts a FilePass record after the first BOF of a
// Workbook stream and encrypts the stream with password: cryptoAPI picks
// RC4 CryptoAPI (128-bit), else RC4.
func EncryptWorkbook(wb []byte, password string, cryptoAPI bool) []byte {
	le := binary.LittleEndian
	salt := []byte("FG Desk RC4 salt")
	verifier := []byte("FG Desk verifier")
	var key func(uint32) []byte
	var fp []byte
	pw := utf16Bytes(password)
	// encVerifier encrypts the verifier and its hash with the block-0 key,
	// one keystream for both.
	encVerifier := func(hash []byte) (ev, eh []byte) {
		c, _ := rc4.NewCipher(key(0))
		ev, eh = make([]byte, len(verifier)), make([]byte, len(hash))
		c.XORKeyStream(ev, verifier)
		c.XORKeyStream(eh, hash)
		return ev, eh
	}
	if cryptoAPI {
		h0 := sha1.Sum(append(append([]byte{}, salt...), pw...))
		key = func(b uint32) []byte { h := sha1.Sum(le.AppendUint32(append([]byte{}, h0[:]...), b)); return h[:16] }
		csp := utf16Bytes("Microsoft Enhanced Cryptographic Provider v1.0\x00")
		header := make([]byte, 32)
		le.PutUint32(header[8:], 0x6801)  // RC4
		le.PutUint32(header[12:], 0x8004) // SHA-1
		le.PutUint32(header[16:], 128)
		le.PutUint32(header[20:], 1) // PROV_RSA_FULL
		header = append(header, csp...)
		vh := sha1.Sum(verifier)
		ev, eh := encVerifier(vh[:])
		fp = le.AppendUint16(nil, 1)
		fp = le.AppendUint16(fp, 4)
		fp = le.AppendUint16(fp, 2)
		fp = le.AppendUint32(fp, 0x04) // fCryptoAPI
		fp = le.AppendUint32(fp, uint32(len(header)))
		fp = append(fp, header...)
		fp = le.AppendUint32(fp, 16)
		fp = append(append(fp, salt...), ev...)
		fp = le.AppendUint32(fp, 20)
		fp = append(fp, eh...)
	} else {
		h0 := md5.Sum(pw)
		var buf []byte
		for i := 0; i < 16; i++ {
			buf = append(append(buf, h0[:5]...), salt...)
		}
		h1 := md5.Sum(buf)
		key = func(b uint32) []byte { h := md5.Sum(le.AppendUint32(append([]byte{}, h1[:5]...), b)); return h[:] }
		vh := md5.Sum(verifier)
		ev, eh := encVerifier(vh[:])
		fp = le.AppendUint16(nil, 1)
		fp = le.AppendUint16(fp, 1)
		fp = le.AppendUint16(fp, 1)
		fp = append(append(append(fp, salt...), ev...), eh...)
	}
	bofLen := 4 + int(le.Uint16(wb[2:]))
	out := append(append(append([]byte{}, wb[:bofLen]...), BIFFRecord(0x002F, fp)...), wb[bofLen:]...)
	// Encrypt every record body but the plain ones, the keystream indexed
	// by the byte's offset in the stream, re-keyed every 1,024 bytes.
	for pos := 0; pos+4 <= len(out); {
		typ, size := le.Uint16(out[pos:]), int(le.Uint16(out[pos+2:]))
		from, to := pos+4, pos+4+size
		switch typ {
		case 0x0809, 0x002F, 0x0194, 0x0195, 0x00E1, 0x0196, 0x0138:
			from = to
		case 0x0085:
			from += 4 // lbPlyPos stays plain
		}
		for p := from; p < to; {
			blockEnd := min(to, (p/1024+1)*1024)
			c, _ := rc4.NewCipher(key(uint32(p / 1024)))
			ks := make([]byte, 1024)
			c.XORKeyStream(ks, ks)
			for ; p < blockEnd; p++ {
				out[p] ^= ks[p%1024]
			}
		}
		pos = to
	}
	return out
}

func utf16Bytes(s string) []byte {
	var b []byte
	for _, r := range s {
		b = binary.LittleEndian.AppendUint16(b, uint16(r))
	}
	return b
}

// VelvetSweatshopXLS is the classic: an Excel 4.0 macro sheet with
// Auto_Open in a .xls encrypted (RC4 CryptoAPI) with Excel's default
// password.
func VelvetSweatshopXLS() (string, []byte) {
	return name(58, ".xls"), XLS(EncryptWorkbook(Workbook([][]byte{
		BoundSheet("Sheet1", 0, false),
		BoundSheet("Macro1", 1, true),
		Lbl("\x01", true),
	}, 0x0010, 0x0040), "VelvetSweatshop", true))
}

// VelvetSweatshopXLSRC4 is a DDE-linked .xls encrypted with plain RC4
// (Office 97/2000 compatible) and the default password.
func VelvetSweatshopXLSRC4() (string, []byte) {
	return name(59, ".xls"), XLS(EncryptWorkbook(Workbook([][]byte{
		BoundSheet("Sheet1", 0, false),
		SupBookDDE("cmd", "/c calc"),
	}, 0x0010), "VelvetSweatshop", false))
}

// PasswordXLS is a plain workbook encrypted with a password FG Desk does
// not know.
func PasswordXLS() (string, []byte) {
	return name(60, ".xls"), XLS(EncryptWorkbook(Workbook([][]byte{BoundSheet("Sheet1", 0, false)}, 0x0010), "tr0ub4dor&3", true))
}
