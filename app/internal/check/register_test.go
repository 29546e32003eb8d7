package check

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/fgdesk/fgdesk/app/internal/meeting"
	"github.com/fgdesk/fgdesk/app/internal/register"
)

// TestRegisterFindings runs the register's rules and the receipt through
// the checker: an allocated number is recorded, an unknown one is not
// allocated, and a register that cannot be read or written gives
// REG-UNAVAILABLE instead of failing the run.
func TestRegisterFindings(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "register.db")
	reg, err := register.Open(path, register.Options{Who: "test"})
	if err != nil {
		t.Fatal(err)
	}
	defer reg.Close()
	if _, err := reg.Allocate(context.Background(), meeting.Default(), register.Request{Title: "A title", Source: "Org"}); err != nil {
		t.Fatal(err)
	}
	readOnly, err := register.Open(path, register.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer readOnly.Close()
	closed, err := register.Open(filepath.Join(dir, "closed.db"), register.Options{})
	if err != nil {
		t.Fatal(err)
	}
	closed.Close()
	facts := sample()
	for _, f := range facts {
		f.SHA256 = strings.Repeat("ab", 32)
		f.Size = 1
	}

	tests := []struct {
		name   string
		reg    *register.Register
		record bool
		file   string
		want   []string
	}{
		{"recorded", reg, true, "innovation-i-0001.pdf", []string{"REG-RECEIPT"}},
		{"not allocated", reg, false, "innovation-i-0002.pdf", []string{"REG-NOT-ALLOCATED"}},
		{"closed register", closed, false, "innovation-i-0001.pdf", []string{"REG-UNAVAILABLE"}},
		{"read-only register, record", readOnly, true, "innovation-i-0001.pdf", []string{"REG-UNAVAILABLE"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := RunFiles(context.Background(), []string{tt.file}, Options{
				Inspect: fake(facts), AsOf: onTime, Register: tt.reg, Record: tt.record,
			})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range rep.Files[0].Findings {
				if f.Code != "DEADLINE-OK" && f.Code != "TPL-NOT-CHECKED" {
					got = append(got, f.Code)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("codes = %v, want %v (%v)", got, tt.want, rep.Files[0].Findings)
			}
		})
	}
}
