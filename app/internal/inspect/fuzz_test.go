package inspect

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/fgdesk/fgdesk/app/internal/corpus/hostile"
)

var fuzzOpt = Options{PDFTimeout: 2 * time.Second, TextLimit: 1 << 16}

// FuzzOLE inspects arbitrary compound files (legacy Office files,
// encrypted packages, VBA projects).
func FuzzOLE(f *testing.F) {
	// Small compound files (a few sectors each): the fuzzer minimises
	// every interesting input, and that costs in proportion to its size.
	short := hostile.Module{Name: "M", Source: "Sub AutoOpen()\r\nEnd Sub\r\n"}
	vba, project := hostile.VBAStorage(short)
	f.Add(hostile.CFB(hostile.Stream("WordDocument", hostile.WordDocumentStream(true)[:64]), hostile.Storage("Macros", vba, project)))
	f.Add(hostile.CFB(hostile.Stream("EncryptionInfo", hostile.EncryptedInfo[:64]), hostile.Stream("EncryptedPackage", make([]byte, 40))))
	f.Add(hostile.CFB(hostile.Stream("Workbook", []byte{0x09, 0x08, 0x02, 0x00, 0x00, 0x06, 0x2F, 0x00, 0x00, 0x00}),
		hostile.Stream("\x05SummaryInformation", hostile.SummaryInformation("T", "A"))))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < len(magicOLE) {
			return
		}
		copy(data, magicOLE) // stay on the OLE path
		fa := Bytes(context.Background(), "f.doc", data, fuzzOpt)
		if fa.Kind == "" {
			t.Fatal("no kind")
		}
	})
}

// FuzzVBA decompresses arbitrary MS-OVBA containers and parses them as dir
// streams.
func FuzzVBA(f *testing.F) {
	f.Add(hostile.CompressVBA([]byte(hostile.AutoOpenModule.Source)))
	f.Add([]byte{0x01, 0x19, 0xB0, 0x00, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x00, 0x69, 0x6A, 0x6B, 0x6C})
	f.Fuzz(func(t *testing.T, data []byte) {
		out, _ := decompressVBA(data, 1<<20)
		if len(out) > 1<<20 {
			t.Fatalf("%d bytes past the limit", len(out))
		}
		parseVBADir(data)
		parseVBADir(out)
		autoExecIn(out)
	})
}

// FuzzPDF inspects arbitrary PDFs: the raw name scan and the pdfcpu pass.
func FuzzPDF(f *testing.F) {
	_, js := hostile.PDFJavaScript()
	_, hex := hostile.PDFHexJS()
	_, objstm := hostile.PDFObjStmJS()
	f.Add(hostile.CleanPDF())
	f.Add(js)
	f.Add(hex)
	f.Add(objstm)
	f.Fuzz(func(t *testing.T, data []byte) {
		fa := Bytes(context.Background(), "f.pdf", append([]byte("%PDF-1.7\n"), data...), fuzzOpt)
		if fa.Kind != KindPDF || fa.PDF == nil {
			t.Fatalf("kind %s", fa.Kind)
		}
	})
}

// FuzzRTF scans arbitrary RTF.
func FuzzRTF(f *testing.F) {
	f.Add([]byte(`{\rtf1{\field{\*\fldinst DDEAUTO c:\\x "y"}}{\object\objautlink{\*\objdata 0102}}{\*\template http://x/t.dotm}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		Bytes(context.Background(), "f.rtf", append([]byte(`{\rt`), data...), fuzzOpt)
	})
}

// FuzzXLM scans arbitrary BIFF8 globals (BoundSheet, Lbl, SupBook), SYLK
// records and text cells for Excel 4.0 macros and DDE; the whole .xls
// path is also fuzzed through a compound file.
func FuzzXLM(f *testing.F) {
	_, xls := hostile.XLSMacroSheet()
	f.Add(hostile.Workbook([][]byte{hostile.BoundSheet("Macro1", 1, true), hostile.Lbl("\x01", true), hostile.Lbl("Auto_Open2", false), hostile.SupBookDDE("cmd", "/c calc")}, 0x0040))
	_, slk := hostile.SYLKMacro()
	_, csv := hostile.CSVDDE()
	f.Add(slk)
	f.Add(csv)
	f.Add(xls[:min(len(xls), 4096)])
	_, enc := hostile.VelvetSweatshopXLSRC4()
	f.Add(enc[:min(len(enc), 4096)])
	f.Add(hostile.EncryptWorkbook(hostile.Workbook([][]byte{hostile.BoundSheet("M", 1, false)}), "VelvetSweatshop", true))
	f.Fuzz(func(t *testing.T, data []byte) {
		if dec, ok := biffDecryptDefault(data); ok && len(dec) != len(data) {
			t.Fatalf("decrypted %d bytes of %d", len(dec), len(data))
		}
		g := scanBIFFGlobals(data)
		if len(g.macroSheets) > maxList || len(g.autoNames) > maxList || len(g.ddeLinks) > maxList {
			t.Fatalf("lists past the cap: %d %d %d", len(g.macroSheets), len(g.autoNames), len(g.ddeLinks))
		}
		fa := &Facts{Name: "f.slk"}
		inspectSYLK(fa, data)
		scanFormulaDDE(fa, data)
		if len(fa.XLM) > maxList || len(fa.DDE) > maxList {
			t.Fatalf("indicators past the cap: %d %d", len(fa.XLM), len(fa.DDE))
		}
		Bytes(context.Background(), "f.xls", hostile.XLS(data), fuzzOpt)
	})
}

// FuzzDecrypt feeds arbitrary EncryptionInfo streams (Standard and Agile
// headers, descriptors, verifiers) and packages to the default-password
// decryptor: no panic, no hang (the spin count is capped), and anything
// it returns is a zip no longer than the encrypted package.
func FuzzDecrypt(f *testing.F) {
	_, pkg := hostile.XLSMMacroSheet()
	enc := hostile.StandardEncrypt(pkg[:min(len(pkg), 256)], DefaultPassword)
	cf, _ := openCFB(bytes.NewReader(enc))
	info, _ := cf.read(cf.stream("EncryptionInfo"), oleMaxPropStream)
	data, _ := cf.read(cf.stream("EncryptedPackage"), oleMaxStream)
	f.Add(info, data)
	agile := hostile.AgileEncrypt(pkg[:min(len(pkg), 256)], DefaultPassword)
	acf, _ := openCFB(bytes.NewReader(agile))
	ainfo, _ := acf.read(acf.stream("EncryptionInfo"), oleMaxPropStream)
	adata, _ := acf.read(acf.stream("EncryptedPackage"), oleMaxStream)
	f.Add(ainfo, adata)
	f.Add(append([]byte{4, 0, 4, 0, 0x40, 0, 0, 0}, `<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption"><keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/><keyEncryptors><keyEncryptor uri="http://schemas.microsoft.com/office/2006/keyEncryption/password"><p:encryptedKey xmlns:p="http://schemas.microsoft.com/office/2006/keyEncryption/password" spinCount="10" saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="AAAAAAAAAAAAAAAAAAAAAA==" encryptedVerifierHashInput="AAAAAAAAAAAAAAAAAAAAAA==" encryptedVerifierHashValue="AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" encryptedKeyValue="AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="/></keyEncryptor></keyEncryptors></encryption>`...), make([]byte, 40))
	f.Fuzz(func(t *testing.T, info, data []byte) {
		raw := hostile.CFB(hostile.Stream("EncryptionInfo", info), hostile.Stream("EncryptedPackage", data))
		out, err := decryptDefault(raw, info, uint64(len(data)))
		if err == nil && (len(out) > len(data) || !bytes.HasPrefix(out, magicZip)) {
			t.Fatalf("decrypted %d bytes from a %d-byte package", len(out), len(data))
		}
		Bytes(context.Background(), "f.xlsx", raw, fuzzOpt)
	})
}

// FuzzDocText reads arbitrary Word 97 WordDocument and table streams:
// the FIB, the CLX and its piece table, the PAPX and CHPX pages, the
// comment and revision tables. No panic, no hang, text within its limit.
func FuzzDocText(f *testing.F) {
	d := &hostile.Doc{}
	w := &hostile.Word97{Body: append(d.HeaderParas()[:12], hostile.W97Para{Text: "new", Inserted: true}), CommentAuthors: []string{"C"}, RevisionAuthors: []string{"R"}, Header: []string{"innovation-i-0012"}}
	cf, _ := openCFB(bytes.NewReader(w.Bytes()))
	wd, _ := cf.read(cf.stream("WordDocument"), oleMaxStream)
	table, _ := cf.read(cf.stream("1Table"), oleMaxStream)
	f.Add(wd, table)
	f.Fuzz(func(t *testing.T, wd, table []byte) {
		fib, err := parseFIB(wd)
		if err != nil {
			return
		}
		fa := &Facts{Name: "f.doc", Kind: KindDOC}
		inspectDocText(fa, wd, table, fib, fuzzOpt)
		if len(fa.Text) > fuzzOpt.TextLimit {
			t.Fatalf("text of %d bytes past the limit %d", len(fa.Text), fuzzOpt.TextLimit)
		}
	})
}
