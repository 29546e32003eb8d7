package docx

// Matchers of the header reader, for package fix, which edits the lines
// the reader recognised: one definition of what a header line is.

// FindDocNumber returns the document number printed in a line (e.g.
// "innovation-i-0012" or the placeholder "innovation-i-nnnn") and its
// digits ("" for a placeholder); "" when the line has none.
func FindDocNumber(line string) (number, digits string) { return findDocNumber(collapse(line)) }

// IsNote reports whether a line is the "Please don't change the structure
// of this table" note, in either spelling.
func IsNote(line string) bool { return isNote(line) }

// TypeLineOf returns the line as a document type line ("INPUT DOCUMENT"),
// or "" when it is not one.
func TypeLineOf(line string) string { return typeLine(line) }

// SplitLabel recognises a header label at the start of a line ("Source:",
// "Title :", "WG(s)") and returns its normal form and the text after it.
func SplitLabel(line string) (label, rest string, ok bool) { return splitLabel(line) }

// IsPlaceDate reports whether a line reads as the place and date line
// ("Geneva, 19 and 21 March 2012").
func IsPlaceDate(line string) bool {
	l := collapse(line)
	return l != "" && !containsColon(l) && placeDateRE.MatchString(l)
}

// HasStudyPeriod reports whether a line holds "STUDY PERIOD yyyy-yyyy".
func HasStudyPeriod(line string) bool { return studyPeriodRE.MatchString(collapse(line)) }

// StudyPeriodSpan returns the byte range of "STUDY PERIOD yyyy-yyyy" in
// the collapsed line, or -1, -1.
func StudyPeriodSpan(line string) (start, end int) {
	if loc := studyPeriodRE.FindStringIndex(line); loc != nil {
		return loc[0], loc[1]
	}
	return -1, -1
}

// HasEnglishOnly reports whether a line says "English only".
func HasEnglishOnly(line string) bool { return englishOnlyRE.MatchString(collapse(line)) }

// OriginalOf returns the language after "Original:" in a line, or "".
func OriginalOf(line string) string {
	if m := originalRE.FindStringSubmatch(collapse(line)); m != nil {
		return m[1]
	}
	return ""
}

// IsEmailLine reports whether a line is a contact's "E-mail:" line.
func IsEmailLine(line string) bool { return emailRE.MatchString(collapse(line)) }

func containsColon(s string) bool {
	for _, r := range s {
		if r == ':' || r == '：' {
			return true
		}
	}
	return false
}
