package hostile

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha512"
	"encoding/base64"
	"encoding/binary"
	"fmt"
)

// ECMA-376 Agile Encryption (MS-OFFCRYPTO 2.3.4.10-2.3.4.15), as Office
// 2010 and later write it: AES-256-CBC, SHA-512, 100,000 key-derivation
// rounds, 4,096-byte segments, and the data-integrity HMAC; salts, keys
// and verifier are fixed so the corpus is reproducible.

var (
	agileBlockVerifierInput = []byte{0xfe, 0xa7, 0xd2, 0x76, 0x3b, 0x4b, 0x9e, 0x79}
	agileBlockVerifierHash  = []byte{0xd7, 0xaa, 0x0f, 0x6d, 0x30, 0x61, 0x34, 0x4e}
	agileBlockKeyValue      = []byte{0x14, 0x6e, 0x0b, 0xe7, 0xab, 0xac, 0xd0, 0xd6}
	agileBlockHmacKey       = []byte{0x5f, 0xb2, 0xad, 0x01, 0x0c, 0xb9, 0xe1, 0xf6}
	agileBlockHmacValue     = []byte{0xa0, 0x67, 0x7f, 0x02, 0xb2, 0x2c, 0x84, 0x33}
)

// AgileEncrypt encrypts an OOXML package with password.
func AgileEncrypt(pkg []byte, password string) []byte {
	const spin = 100000
	keySalt := []byte("FG Desk key salt")                // keyData saltValue
	pwSalt := []byte("FG Desk pw salt!")                 // encryptedKey saltValue
	secret := []byte("FG Desk 256-bit package key 0253") // 32 bytes
	verifierInput := []byte("FG Desk verifier")
	hmacKey := sha512.Sum512([]byte("FG Desk HMAC key"))

	cbc := func(key, iv, data []byte) []byte {
		out := make([]byte, (len(data)+15)/16*16)
		copy(out, data)
		b, _ := aes.NewCipher(key)
		cipher.NewCBCEncrypter(b, iv[:16]).CryptBlocks(out, out)
		return out
	}
	h := sha512.Sum512(append(append([]byte{}, pwSalt...), utf16Bytes(password)...))
	for i := uint32(0); i < spin; i++ {
		h = sha512.Sum512(append(binary.LittleEndian.AppendUint32(nil, i), h[:]...))
	}
	derive := func(block []byte) []byte {
		k := sha512.Sum512(append(append([]byte{}, h[:]...), block...))
		return k[:32]
	}
	ivFor := func(block []byte) []byte {
		v := sha512.Sum512(append(append([]byte{}, keySalt...), block...))
		return v[:16]
	}

	vh := sha512.Sum512(verifierInput)
	encVerifierInput := cbc(derive(agileBlockVerifierInput), pwSalt, verifierInput)
	encVerifierHash := cbc(derive(agileBlockVerifierHash), pwSalt, vh[:])
	encKeyValue := cbc(derive(agileBlockKeyValue), pwSalt, secret)

	data := binary.LittleEndian.AppendUint64(nil, uint64(len(pkg)))
	for i := 0; i*4096 < len(pkg); i++ {
		seg := pkg[i*4096 : min(len(pkg), (i+1)*4096)]
		data = append(data, cbc(secret, ivFor(binary.LittleEndian.AppendUint32(nil, uint32(i))), seg)...)
	}
	mac := hmac.New(sha512.New, hmacKey[:])
	mac.Write(data)
	encHmacKey := cbc(secret, ivFor(agileBlockHmacKey), hmacKey[:])
	encHmacValue := cbc(secret, ivFor(agileBlockHmacValue), mac.Sum(nil))

	b64 := base64.StdEncoding.EncodeToString
	desc := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\r\n" +
		`<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption" xmlns:p="http://schemas.microsoft.com/office/2006/keyEncryptor/password" xmlns:c="http://schemas.microsoft.com/office/2006/keyEncryptor/certificate">` +
		fmt.Sprintf(`<keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="%s"/>`, b64(keySalt)) +
		fmt.Sprintf(`<dataIntegrity encryptedHmacKey="%s" encryptedHmacValue="%s"/>`, b64(encHmacKey), b64(encHmacValue)) +
		`<keyEncryptors><keyEncryptor uri="http://schemas.microsoft.com/office/2006/keyEncryptor/password">` +
		fmt.Sprintf(`<p:encryptedKey spinCount="%d" saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="%s" encryptedVerifierHashInput="%s" encryptedVerifierHashValue="%s" encryptedKeyValue="%s"/>`,
			spin, b64(pwSalt), b64(encVerifierInput), b64(encVerifierHash), b64(encKeyValue)) +
		`</keyEncryptor></keyEncryptors></encryption>`
	info := []byte{4, 0, 4, 0, 0x40, 0, 0, 0}
	return CFB(Stream("EncryptionInfo", append(info, desc...)), Stream("EncryptedPackage", data))
}

// VelvetSweatshopAgileXLSM is the Office 2010+ form of the trick: an
// Agile-encrypted workbook with an Excel 4.0 macro sheet.
func VelvetSweatshopAgileXLSM() (string, []byte) {
	_, pkg := XLSMMacroSheet()
	return name(61, ".xlsx"), AgileEncrypt(pkg, "VelvetSweatshop")
}
