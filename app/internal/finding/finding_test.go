package finding

import (
	"encoding/json"
	"testing"
)

func TestSeverityText(t *testing.T) {
	tests := []struct {
		in   string
		want Severity
		err  bool
	}{
		{"error", Error, false},
		{"Warning", Warning, false},
		{"info", Info, false},
		{"pass", None, false},
		{"fatal", None, true},
	}
	for _, tt := range tests {
		got, err := ParseSeverity(tt.in)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("ParseSeverity(%q) = %v, %v; want %v, err=%v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestJSONRoundTrip(t *testing.T) {
	in := []Finding{{Code: "NAME-PATTERN", Severity: Error, Message: "m", Cite: "Circular 253 §9", Where: "a.docx"}}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if want := `[{"code":"NAME-PATTERN","severity":"error","message":"m","cite":"Circular 253 §9","where":"a.docx"}]`; string(b) != want {
		t.Fatalf("json = %s\nwant %s", b, want)
	}
	var out []Finding
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if out[0] != in[0] {
		t.Fatalf("round trip = %+v", out[0])
	}
}

func TestWorstCountSort(t *testing.T) {
	fs := []Finding{
		{Code: "B", Severity: Info},
		{Code: "A", Severity: Warning},
		{Code: "C", Severity: Error},
		{Code: "A", Severity: Error},
	}
	if Worst(fs) != Error || Worst(nil) != None {
		t.Fatalf("Worst wrong")
	}
	if c := Count(fs); c != (Counts{Errors: 2, Warnings: 1, Infos: 1}) {
		t.Fatalf("Count = %+v", c)
	}
	Sort(fs)
	got := ""
	for _, f := range fs {
		got += f.Code
	}
	if got != "ACAB" {
		t.Fatalf("Sort order = %s, want ACAB", got)
	}
	if !Has(fs, "C") || Has(fs, "Z") {
		t.Fatal("Has wrong")
	}
}

func TestString(t *testing.T) {
	f := Finding{Code: "X", Severity: Warning, Message: "do it.", Where: "f", Fix: "y", Cite: "§9"}
	if got, want := f.String(), "warning X [f]: do it. Fix: y (§9)"; got != want {
		t.Fatalf("String = %q, want %q", got, want)
	}
}
