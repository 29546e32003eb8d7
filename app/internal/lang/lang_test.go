package lang

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
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

// scanRef is Scan's letter count one byte at a time, the way it read
// before the eight-byte path.
func scanRef(s string) (letters int) {
	for _, r := range s {
		if r < 0x80 {
			letters += int(asciiLetter[r])
		} else if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters
}

func TestASCIILetters8(t *testing.T) {
	// Every byte value below 0x80 in every lane, with neighbours that
	// could carry into it.
	for c := 0; c < 0x80; c++ {
		for lane := 0; lane < 8; lane++ {
			for _, fill := range []byte{0x00, 0x7f, 'z', 'A', '@', '['} {
				var b [8]byte
				for k := range b {
					b[k] = fill
				}
				b[lane] = byte(c)
				want := 0
				for _, x := range b {
					want += int(asciiLetter[x])
				}
				if got := asciiLetters8(load8(string(b[:]), 0)); got != want {
					t.Fatalf("asciiLetters8(%q) = %d, want %d", b, got, want)
				}
			}
		}
	}
}

func FuzzScan(f *testing.F) {
	for _, s := range []string{"Bridging the gap", "Café Zürich 华为 Technologies", "Предложение", "\x00\xff\xfe@[`{", strings.Repeat("aZ@[`{", 9)} {
		f.Add(s, 0)
	}
	f.Fuzz(func(t *testing.T, s string, limit int) {
		m := Scan(s, limit)
		if limit <= 0 && m.Letters != scanRef(s) {
			t.Fatalf("Scan(%q).Letters = %d, want %d", s, m.Letters, scanRef(s))
		}
		if limit > 0 && m.Letters > limit || m.NonLatin > m.Letters {
			t.Fatalf("Scan(%q, %d) = %+v", s, limit, m)
		}
		if limit > 0 {
			// The first limit runes, read as Scan(s, 0) reads them.
			end, k := 0, 0
			for end < len(s) && k < limit {
				_, n := utf8.DecodeRuneInString(s[end:])
				end += n
				k++
			}
			if want := Scan(s[:end], 0); m != want {
				t.Fatalf("Scan(%q, %d) = %+v, want %+v", s, limit, m, want)
			}
		}
	})
}
