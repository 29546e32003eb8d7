package inspect

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// Files encrypted with a well-known default password. Excel encrypts a
// workbook with "VelvetSweatshop" when it must encrypt (a protected
// structure) and the user gave no password, and opens such a file
// without asking; malware uses this to hide macros and DDE from scanners
// (oleid and msoffcrypto-tool try the same password). FG Desk tries that
// one password and no other: it never guesses.
//
// ECMA-376 Standard (AES, SHA-1) and Agile (AES, SHA-512) encryption of
// an OOXML package (an OLE container with EncryptionInfo and
// EncryptedPackage, MS-OFFCRYPTO 2.3.4) are decrypted with excelize's
// kept implementation (excelize.Decrypt); the package is then inspected
// in memory like any file, under the same limits. Legacy .xls workbooks
// (RC4 and RC4 CryptoAPI) are decrypted in xlscrypt.go; encrypted .doc
// and .ppt files are not (they stay "encrypted: cannot inspect").

// DefaultPassword is the one password FG Desk tries.
const DefaultPassword = "VelvetSweatshop"

// maxSpinCount caps the key-derivation iterations of Agile encryption:
// Office writes 100,000; a hostile EncryptionInfo could ask for billions
// of SHA-512 rounds.
const maxSpinCount = 1_000_000

var errNotDefault = errors.New("not encrypted with the default password")

// decryptDefault decrypts an encrypted OOXML container with the default
// password. info is the EncryptionInfo stream (already read within the
// compound file's budget), raw the whole compound file, declared the
// package size EncryptedPackage's first 8 bytes give.
func decryptDefault(raw, info []byte, declared uint64) (pkg []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			pkg, err = nil, fmt.Errorf("decryption failed: %v", r)
		}
	}()
	if len(info) < 8 {
		return nil, errors.New("EncryptionInfo too short")
	}
	major, minor := binary.LittleEndian.Uint16(info), binary.LittleEndian.Uint16(info[2:])
	switch {
	case major == 4 && minor == 4: // Agile: an XML descriptor
		if err := checkSpinCount(info[8:]); err != nil {
			return nil, err
		}
	case major >= 2 && major <= 4 && minor == 2: // Standard
	default:
		return nil, errNotDefault // Extensible or unknown: not decrypted
	}
	out, err := excelize.Decrypt(raw, &excelize.Options{Password: DefaultPassword})
	if err != nil {
		// A wrong password, or a header this decryptor does not take: the
		// file stays encrypted and is reported as such.
		return nil, errNotDefault
	}
	// Standard decryption returns whole AES blocks; the package is as long
	// as EncryptedPackage's first 8 bytes say.
	if uint64(len(out)) > declared {
		out = out[:declared]
	}
	if len(out) < 4 || !bytes.HasPrefix(out, magicZip) {
		return nil, errNotDefault
	}
	return out, nil
}

// checkSpinCount refuses an Agile descriptor whose key derivation would
// take too long.
func checkSpinCount(desc []byte) error {
	d := xml.NewDecoder(bytes.NewReader(desc))
	d.Strict = true
	for n := 0; n < 10_000; n++ {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("EncryptionInfo descriptor: %w", err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			return errors.New("EncryptionInfo descriptor has a DOCTYPE")
		case xml.StartElement:
			for _, a := range t.Attr {
				if a.Name.Local == "spinCount" {
					v, err := strconv.ParseUint(a.Value, 10, 32)
					if err != nil || v > maxSpinCount {
						return fmt.Errorf("EncryptionInfo asks for %s key-derivation rounds (at most %d)", a.Value, maxSpinCount)
					}
				}
			}
		}
	}
	return errors.New("EncryptionInfo descriptor too long")
}

// inspectEncryptedOOXML tries the default password on an encrypted
// package and, when it opens, inspects the package in f.
func inspectEncryptedOOXML(ctx context.Context, f *Facts, cf *cfbFile, ra io.ReaderAt, size int64, opt Options, depth int) {
	f.Kind, f.Encrypted = KindEncrypt, true
	if depth > 1 {
		return // no decryption inside a decrypted package
	}
	infoStream := cf.stream("EncryptionInfo")
	if infoStream == nil {
		return
	}
	info, err := cf.read(infoStream, oleMaxPropStream)
	if err != nil {
		f.problem(ProbMalformed, "EncryptionInfo", "damaged encryption header: "+err.Error())
		return
	}
	raw, ok := ra.(memAt)
	if !ok || int64(len(raw)) != size {
		raw = make(memAt, size)
		if _, err := ra.ReadAt(raw, 0); err != nil && err != io.EOF {
			return
		}
	}
	var declared uint64
	if h := cf.head(cf.stream("EncryptedPackage"), 8); len(h) == 8 {
		declared = binary.LittleEndian.Uint64(h)
	}
	pkg, err := decryptDefault(raw, info, declared)
	if err != nil {
		if !errors.Is(err, errNotDefault) {
			f.problem(ProbUnsupported, "EncryptionInfo", "the encryption could not be checked for Excel's default password: "+err.Error())
		}
		return
	}
	f.Encrypted, f.Decrypted = false, DefaultPassword
	inner := &Facts{Path: f.Path, Name: f.Name, Size: int64(len(pkg))}
	run(ctx, inner, memAt(pkg), int64(len(pkg)), opt, depth+2)
	keep := *f
	*f = *inner
	f.Path, f.Name, f.Size, f.SHA256, f.ModTime, f.MIME = keep.Path, keep.Name, keep.Size, keep.SHA256, keep.ModTime, keep.MIME
	f.Decrypted = DefaultPassword
	f.Problems = append(keep.Problems, f.Problems...)
}
