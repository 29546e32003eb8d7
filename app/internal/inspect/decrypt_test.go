package inspect

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/fgdesk/fgdesk/app/internal/corpus/hostile"
)

// TestDecryptExcelizeEncrypt: a package encrypted by excelize's own
// Encrypt (random salt and verifier, as Excel writes) with the default
// password opens; with another password it stays encrypted.
func TestDecryptExcelizeEncrypt(t *testing.T) {
	_, docm := hostile.Docm()
	for _, tt := range []struct {
		password  string
		decrypted bool
	}{{DefaultPassword, true}, {"s3cret", false}} {
		enc, err := excelize.Encrypt(docm, &excelize.Options{Password: tt.password})
		if err != nil {
			t.Fatal(err)
		}
		f := Bytes(context.Background(), "x.docx", enc, Options{})
		if (f.Decrypted == DefaultPassword) != tt.decrypted || f.Encrypted == tt.decrypted {
			t.Fatalf("password %q: decrypted %q encrypted %v problems %+v", tt.password, f.Decrypted, f.Encrypted, f.Problems)
		}
		if tt.decrypted && (f.Kind != KindDOCM || len(f.Macros) == 0 || len(f.AutoExec) == 0 || f.Name != "x.docx" || f.Size != int64(len(enc))) {
			t.Errorf("inside: kind %s macros %+v auto %q name %s size %d", f.Kind, f.Macros, f.AutoExec, f.Name, f.Size)
		}
		if !tt.decrypted && (f.Kind != KindEncrypt || len(f.Problems) > 0) {
			t.Errorf("other password: kind %s problems %+v", f.Kind, f.Problems)
		}
	}
}

// TestDecryptMsoffcrypto cross-checks the corpus's deterministic
// Standard encryption with Debian's msoffcrypto-tool: it must decrypt our
// file with the default password to the very package we encrypted.
func TestDecryptMsoffcrypto(t *testing.T) {
	tool, err := exec.LookPath("msoffcrypto-tool")
	if err != nil {
		t.Skip("msoffcrypto-tool not installed (apt-get install python3-msoffcrypto-tool; scripts/deps.sh test)")
	}
	_, pkg := hostile.XLSMMacroSheet()
	for name, enc := range map[string][]byte{"standard": hostile.StandardEncrypt(pkg, DefaultPassword), "agile": hostile.AgileEncrypt(pkg, DefaultPassword)} {
		dir := t.TempDir()
		in, out := filepath.Join(dir, "in.xlsm"), filepath.Join(dir, "out.xlsm")
		if err := os.WriteFile(in, enc, 0o644); err != nil {
			t.Fatal(err)
		}
		if b, err := exec.Command(tool, "-p", DefaultPassword, in, out).CombinedOutput(); err != nil {
			t.Fatalf("%s: msoffcrypto-tool: %v: %s", name, err, b)
		}
		if got := mustRead(t, out); !bytes.Equal(got, pkg) {
			t.Fatalf("%s: msoffcrypto-tool decrypted %d bytes, not the %d-byte package", name, len(got), len(pkg))
		}
		mine, err := decryptDefault(enc, mustInfo(t, enc), uint64(len(pkg)))
		if err != nil || !bytes.Equal(mine, pkg) {
			t.Fatalf("%s: decryptDefault: %v (%d bytes)", name, err, len(mine))
		}
	}
	// Agile with another password: excelize does not check the verifier,
	// so a wrong key yields bytes that are not a zip, and the file stays
	// encrypted.
	other := hostile.AgileEncrypt(pkg, "not the default")
	if _, err := decryptDefault(other, mustInfo(t, other), uint64(len(pkg))); !errors.Is(err, errNotDefault) {
		t.Errorf("agile, other password: %v", err)
	}
}

func mustInfo(t *testing.T, cfb []byte) []byte {
	t.Helper()
	cf, err := openCFB(bytes.NewReader(cfb))
	if err != nil {
		t.Fatal(err)
	}
	info, err := cf.read(cf.stream("EncryptionInfo"), oleMaxPropStream)
	if err != nil {
		t.Fatal(err)
	}
	return info
}

// TestAgileSpinCount: an Agile descriptor asking for too many key
// derivation rounds, or carrying a DOCTYPE, is refused before any
// hashing.
func TestAgileSpinCount(t *testing.T) {
	agile := func(desc string) []byte { return append([]byte{4, 0, 4, 0, 0x40, 0, 0, 0}, desc...) }
	for _, tt := range []struct {
		name, desc, want string
	}{
		{"office's count", `<encryption><keyData/><keyEncryptors><keyEncryptor><p:encryptedKey xmlns:p="urn:p" spinCount="100000"/></keyEncryptor></keyEncryptors></encryption>`, "not encrypted with the default password"},
		{"two billion rounds", `<encryption><keyEncryptors><keyEncryptor><p:encryptedKey xmlns:p="urn:p" spinCount="2000000000"/></keyEncryptor></keyEncryptors></encryption>`, "key-derivation rounds"},
		{"rounds as an entity", `<encryption><e spinCount="&#x39;99999999"/></encryption>`, "key-derivation rounds"},
		{"doctype", `<!DOCTYPE e [<!ENTITY a "b">]><encryption/>`, "DOCTYPE"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			raw := hostile.CFB(hostile.Stream("EncryptionInfo", agile(tt.desc)), hostile.Stream("EncryptedPackage", make([]byte, 24)))
			_, err := decryptDefault(raw, agile(tt.desc), 16)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			f := Bytes(context.Background(), "a.xlsx", raw, Options{})
			if f.Kind != KindEncrypt || !f.Encrypted || f.Decrypted != "" {
				t.Errorf("kind %s encrypted %v decrypted %q", f.Kind, f.Encrypted, f.Decrypted)
			}
			if !errors.Is(err, errNotDefault) && len(f.Problems) == 0 {
				t.Errorf("refusal not recorded as a problem")
			}
		})
	}
}

// TestXLSDecryptMsoffcrypto: msoffcrypto-tool decrypts the corpus's RC4
// and RC4 CryptoAPI workbooks with the default password to the stream
// our decryptor gives (msoffcrypto-tool blanks the FilePass record; we
// turn it into an ignored record, so the comparison skips it).
func TestXLSDecryptMsoffcrypto(t *testing.T) {
	tool, err := exec.LookPath("msoffcrypto-tool")
	if err != nil {
		t.Skip("msoffcrypto-tool not installed (apt-get install python3-msoffcrypto-tool; scripts/deps.sh test)")
	}
	for _, build := range []func() (string, []byte){hostile.VelvetSweatshopXLS, hostile.VelvetSweatshopXLSRC4} {
		name, data := build()
		dir := t.TempDir()
		in, out := filepath.Join(dir, "in.xls"), filepath.Join(dir, "out.xls")
		if err := os.WriteFile(in, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if b, err := exec.Command(tool, "-p", DefaultPassword, in, out).CombinedOutput(); err != nil {
			t.Fatalf("%s: msoffcrypto-tool: %v: %s", name, err, b)
		}
		theirs := workbookStream(t, mustRead(t, out))
		mine, ok := biffDecryptDefault(workbookStream(t, data))
		if !ok {
			t.Fatalf("%s: not decrypted", name)
		}
		if len(theirs) != len(mine) {
			t.Fatalf("%s: %d bytes, msoffcrypto-tool %d", name, len(mine), len(theirs))
		}
		// Skip BOF and the FilePass record (blanked differently).
		le := func(b []byte, i int) int { return int(b[i]) | int(b[i+1])<<8 }
		skip := 4 + le(mine, 2)
		skip += 4 + le(mine, skip+2)
		if !bytes.Equal(mine[skip:], theirs[skip:]) {
			t.Errorf("%s: decrypted streams differ after the FilePass record:\nours   %x\ntheirs %x", name, mine[skip:], theirs[skip:])
		}
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func workbookStream(t *testing.T, cfb []byte) []byte {
	t.Helper()
	cf, err := openCFB(bytes.NewReader(cfb))
	if err != nil {
		t.Fatal(err)
	}
	b, err := cf.read(cf.stream("Workbook"), oleMaxStream)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
