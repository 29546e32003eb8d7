package lang

import (
	"strings"
	"testing"
)

func TestScan(t *testing.T) {
	tests := []struct {
		in          string
		nonLatin    int
		script      string
		substantial bool
	}{
		{"Bridging the gap: from innovation to standards", 0, "", false},
		{"Café, naïve, Zürich", 0, "", false},
		{"缩小创新到标准之间距离", 11, "Han", true},
		{"Proposal from 华为 Technologies for the work plan", 2, "Han", false},
		{"Предложение по плану работы", 24, "Cyrillic", true},
		{"مقترح خطة العمل", 13, "Arabic", true},
		{"", 0, "", false},
		{"1234 !!", 0, "", false},
		{"\x00\xff\xfe", 0, "", false},
	}
	for _, tt := range tests {
		m := Scan(tt.in, 0)
		if m.NonLatin != tt.nonLatin || m.Script != tt.script || m.Substantial(0.3, 3) != tt.substantial {
			t.Errorf("Scan(%q) = %+v substantial=%v; want nonLatin %d script %q substantial %v",
				tt.in, m, m.Substantial(0.3, 3), tt.nonLatin, tt.script, tt.substantial)
		}
	}
	if m := Scan(strings.Repeat("中", 100), 10); m.NonLatin != 10 {
		t.Errorf("limit ignored: %+v", m)
	}
}

func BenchmarkScan(b *testing.B) {
	s := strings.Repeat("The focus group works in English only. ", 1000)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		Scan(s, 0)
	}
}
