package inspect

import (
	"context"
	"testing"

	"github.com/fgdesk/fgdesk/app/internal/corpus/hostile"
)

// TestPackageKinds: the real type of every OPC package kind, from its
// main part's content type (or, for XPS, its fixed-representation
// relationship), never the generic "ooxml".
func TestPackageKinds(t *testing.T) {
	pkg := func(main, ctype, relType string) []byte {
		types := `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Override PartName="/` + main + `" ContentType="` + ctype + `"/></Types>`
		rels := `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="` + relType + `" Target="` + main + `"/></Relationships>`
		return hostile.Zip(
			hostile.Part{Name: "[Content_Types].xml", Data: []byte(types)},
			hostile.Part{Name: "_rels/.rels", Data: []byte(rels)},
			hostile.Part{Name: main, Data: []byte(`<?xml version="1.0"?><x/>`)},
		)
	}
	const office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
	for _, tt := range []struct {
		main, ctype string
		want        Kind
	}{
		{"xl/workbook.bin", "application/vnd.ms-excel.sheet.binary.macroEnabled.main", KindXLSB},
		{"xl/workbook.xml", "application/vnd.ms-excel.template.macroEnabled.main+xml", KindXLTM},
		{"xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml", KindXLTX},
		{"xl/workbook.xml", "application/vnd.ms-excel.addin.macroEnabled.main+xml", KindXLAM},
		{"ppt/presentation.xml", "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml", KindPOTX},
		{"ppt/presentation.xml", "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml", KindPPSX},
		{"ppt/presentation.xml", "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml", KindPPSM},
		{"ppt/presentation.xml", "application/vnd.ms-powerpoint.addin.macroEnabled.main+xml", KindPPAM},
		{"x/unknown.xml", "application/x-something+xml", KindOOXML},
	} {
		f := Bytes(context.Background(), "f", pkg(tt.main, tt.ctype, office), Options{})
		if f.Kind != tt.want {
			t.Errorf("%s: kind %s, want %s", tt.ctype, f.Kind, tt.want)
		}
	}
	xps := pkg("FixedDocumentSequence.fdseq", "application/vnd.ms-package.xps-fixeddocumentsequence+xml", "http://schemas.microsoft.com/xps/2005/06/fixedrepresentation")
	if f := Bytes(context.Background(), "f.xps", xps, Options{}); f.Kind != KindXPS {
		t.Errorf("XPS: kind %s", f.Kind)
	}
	// A macro-enabled type says so, and is not VBA.
	f := Bytes(context.Background(), "f.ppsm", pkg("ppt/presentation.xml", "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml", office), Options{})
	if len(f.MacroEnabled) != 1 || len(f.Macros) != 0 {
		t.Errorf("ppsm without VBA: macro-enabled %+v macros %+v", f.MacroEnabled, f.Macros)
	}
}
