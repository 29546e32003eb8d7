// Package lang measures which writing systems a text uses. FG Innovation
// works in English only (Circular 253 §9); a title or abstract written in
// another script is worth a look before TSB sees it. The measure is the
// share of letters outside the Latin script, so that a Chinese company name
// in an English abstract does not trip the check while a Chinese abstract does.
package lang

import (
	"math/bits"
	"unicode"
	"unicode/utf8"
)

// scripts we name in messages, most common in ITU contributions first.
var scripts = []struct {
	name  string
	table *unicode.RangeTable
}{
	{"Han", unicode.Han},
	{"Cyrillic", unicode.Cyrillic},
	{"Arabic", unicode.Arabic},
	{"Hangul", unicode.Hangul},
	{"Hiragana", unicode.Hiragana},
	{"Katakana", unicode.Katakana},
	{"Greek", unicode.Greek},
	{"Hebrew", unicode.Hebrew},
	{"Devanagari", unicode.Devanagari},
	{"Thai", unicode.Thai},
}

// asciiLetter is 1 for A-Z and a-z.
var asciiLetter = func() (t [utf8.RuneSelf]uint8) {
	for c := 'A'; c <= 'Z'; c++ {
		t[c], t[c+'a'-'A'] = 1, 1
	}
	return t
}()

const (
	hiBits  = 0x8080808080808080
	lowCase = 0x2020202020202020
)

// asciiLetters8 counts the letters A-Z and a-z among the eight ASCII
// bytes of w (every byte below 0x80). With the case bit set a letter is a
// byte in 'a'..'z'; adding 0x80-'a' sets a byte's high bit when it is at
// least 'a', adding 0x80-('z'+1) when it is past 'z'. No byte carries into
// the next (each sum stays below 0x100).
func asciiLetters8(w uint64) int { return bits.OnesCount64(letterBits(w)) }

// letterBits has the high bit of each byte of w (ASCII) that is a letter.
func letterBits(w uint64) uint64 {
	y := w | lowCase
	ge := y + 0x1f1f1f1f1f1f1f1f // (0x80 - 'a') in every byte
	gt := y + 0x0505050505050505 // (0x80 - ('z'+1)) in every byte
	return ge &^ gt & hiBits
}

// asciiLetters32 counts the letters of 32 ASCII bytes: each byte of the
// sum of the four words' letter bits (moved to the low bit) is at most 4,
// and multiplying by 0x0101... adds the bytes into the top one (at most
// 32: no byte overflows).
func asciiLetters32(w0, w1, w2, w3 uint64) int {
	sum := letterBits(w0)>>7 + letterBits(w1)>>7 + letterBits(w2)>>7 + letterBits(w3)>>7
	return int(sum * 0x0101010101010101 >> 56)
}

// load8 reads s[i:i+8] as a little-endian word (the compiler makes it one
// load).
func load8(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// Measure is what Scan found.
type Measure struct {
	Letters  int     // all letters (Latin and other scripts)
	NonLatin int     // letters outside the Latin script
	Share    float64 // NonLatin / Letters, 0 when there are no letters
	Script   string  // the most frequent non-Latin script, "" if none
}

// Scan counts letters by script. It reads at most limit runes (0 = all).
func Scan(s string, limit int) Measure {
	var m Measure
	counts := make([]int, len(scripts)+1)
	n := 0
	for i := 0; i < len(s); {
		if limit > 0 && n >= limit {
			break
		}
		// 32, then eight ASCII bytes at a time: nearly all of an English
		// text.
		if start := i; i+32 <= len(s) && (limit == 0 || n+32 <= limit) {
			for i+32 <= len(s) && (limit == 0 || n+32 <= limit) {
				w0, w1, w2, w3 := load8(s, i), load8(s, i+8), load8(s, i+16), load8(s, i+24)
				if (w0|w1|w2|w3)&hiBits != 0 {
					break
				}
				m.Letters += asciiLetters32(w0, w1, w2, w3)
				i += 32
				n += 32
			}
			if i != start {
				continue // the end and the limit are tested again
			}
		}
		if i+8 <= len(s) && (limit == 0 || n+8 <= limit) {
			if w := load8(s, i); w&hiBits == 0 {
				m.Letters += asciiLetters8(w)
				i += 8
				n += 8
				continue
			}
		}
		n++
		c := s[i]
		if c < utf8.RuneSelf {
			// ASCII, nearly all of an English text: a table look-up.
			m.Letters += int(asciiLetter[c])
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if !unicode.IsLetter(r) {
			continue
		}
		m.Letters++
		if unicode.Is(unicode.Latin, r) {
			continue
		}
		m.NonLatin++
		other := true
		for i, sc := range scripts {
			if unicode.Is(sc.table, r) {
				counts[i]++
				other = false
				break
			}
		}
		if other {
			counts[len(scripts)]++
		}
	}
	if m.Letters > 0 {
		m.Share = float64(m.NonLatin) / float64(m.Letters)
	}
	best := -1
	for i, c := range counts {
		if c > 0 && (best < 0 || c > counts[best]) {
			best = i
		}
	}
	switch {
	case best < 0:
	case best == len(scripts):
		m.Script = "non-Latin"
	default:
		m.Script = scripts[best].name
	}
	return m
}

// Substantial reports whether a measure is enough to say a text is not in
// English: at least minLetters non-Latin letters making up at least share
// of all letters. Short texts need fewer letters: a title of six Chinese
// characters is clearly not English.
func (m Measure) Substantial(share float64, minLetters int) bool {
	return m.NonLatin >= minLetters && m.Share >= share
}
