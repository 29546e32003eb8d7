package lang

// ASCII helpers for the readers and rules that test text in place,
// without lower-casing or splitting it first.

// IsASCII reports whether s has no byte at or above 0x80.
func IsASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// IsSpaceASCII reports whether c is an ASCII space as strings.Fields
// sees it: space, \t, \n, \v, \f or \r.
func IsSpaceASCII(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// LowerASCII lower-cases an ASCII capital letter and returns any other
// byte as it is.
func LowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// ContainsFoldASCII is strings.Contains(strings.ToLower(s), sub) for an
// ASCII s and a lower-case ASCII sub.
func ContainsFoldASCII(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		j := 0
		for j < len(sub) && LowerASCII(s[i+j]) == sub[j] {
			j++
		}
		if j == len(sub) {
			return true
		}
	}
	return false
}
