package rules

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/fgdesk/fgdesk/app/internal/finding"
	"github.com/fgdesk/fgdesk/app/internal/inspect"
)

// FuzzRules runs the whole rule engine on facts built two ways from the
// fuzzer's bytes: inspected as a file (so real readers feed the rules) and
// decoded as JSON facts (so every field can hold anything). The rules must
// never panic, and every finding must carry a registered code, a severity
// and a message.
func FuzzRules(f *testing.F) {
	seed, _ := json.Marshal(clean())
	f.Add("innovation-i-0012.docx", seed)
	f.Add("Innovation-I-0012.pdf", []byte("%PDF-1.4\n1 0 obj << /JavaScript 2 0 R >> endobj\n%%EOF"))
	f.Add("x.doc", []byte(`{\rtf1 hello}`))
	f.Add("innovation-i-0001.zip", []byte("PK\x05\x06\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		c := &Context{Profile: ctx().Profile, AsOf: time.Date(2012, 3, 10, 0, 0, 0, 0, time.UTC)}
		facts := inspect.Bytes(context.Background(), name, data, inspect.Options{})
		checkAll(t, Run(facts, c).Findings)
		var fj inspect.Facts
		if json.Unmarshal(data, &fj) == nil {
			if fj.Name == "" {
				fj.Name = name
			}
			checkAll(t, Run(&fj, c).Findings)
		}
	})
}

func checkAll(t *testing.T, fs []finding.Finding) {
	for _, f := range fs {
		if _, ok := Lookup(f.Code); !ok {
			t.Fatalf("unregistered code %q", f.Code)
		}
		if f.Message == "" || f.Severity == finding.None {
			t.Fatalf("finding without message or severity: %+v", f)
		}
	}
}
